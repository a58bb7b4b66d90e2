//! Body elements: paragraph markers and portion markings, page headers inserted
//! at page breaks, heading underlines and the signature.

use super::ast::*;
use super::scan::*;
use super::span::Span;

/// A paragraph marker found at the start of a line, with the marking after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkerMatch {
    pub marker: ParagraphMarker,
    pub marking: Option<Span>,
    pub text_start: usize,
}

/// Parses `¶1. (C)`, `1. (C)`, `11. (C)` (pilcrow rendered as `1`),
/// `[1](#)1. (C)` at `s` (the first non-blank of the line).
///
/// `expected` is the number the next paragraph should have; it decides whether
/// `11.` is paragraph 11 or a damaged `¶1.`.
///
/// A marker opens with a digit, the pilcrow's first byte (`C2`) or the `[`
/// of a link: other lines, most of them, fail on that byte where the call
/// is made.
#[inline(always)]
pub fn paragraph_marker(text: &str, s: usize, e: usize, expected: u32) -> Option<MarkerMatch> {
    if !may_open_marker(text, s, e) {
        return None;
    }
    read_paragraph_marker(text, s, e, expected)
}

/// The first-byte test of [`paragraph_marker`]: a digit, the pilcrow's
/// first byte or a link's `[`.
#[inline(always)]
pub fn may_open_marker(text: &str, s: usize, e: usize) -> bool {
    s < e && matches!(text.as_bytes().get(s), Some(b'0'..=b'9' | 0xc2 | b'['))
}

/// [`paragraph_marker`] past its first-byte test.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn read_paragraph_marker(text: &str, s: usize, e: usize, expected: u32) -> Option<MarkerMatch> {
    let line = &text[s..e];
    let (style, digits_start) = if let Some(rest) = line.strip_prefix('¶') {
        let skipped = rest.len() - rest.trim_start_matches(' ').len();
        (MarkerStyle::Pilcrow, s + '¶'.len_utf8() + skipped)
    } else if let Some(rest) = line.strip_prefix("[1](#)") {
        let _ = rest;
        (MarkerStyle::MarkdownLink, s + 6)
    } else {
        (MarkerStyle::Plain, s)
    };
    let digits_len = text[digits_start..e]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits_len == 0 || digits_len > 4 {
        return None;
    }
    let digits_end = digits_start + digits_len;
    let after = &text[digits_end..e];
    // The number ends with a period (sometimes a parenthesis or nothing before
    // the marking) and is followed by a blank, a marking or the end of line.
    let (marker_end, dotted) = if after.starts_with('.') {
        (digits_end + 1, true)
    } else if style == MarkerStyle::Pilcrow && (after.starts_with(' ') || after.starts_with('(')) {
        (digits_end, false)
    } else {
        return None;
    };
    let rest = &text[marker_end..e];
    if !(rest.is_empty() || rest.starts_with(is_blank_char) || rest.starts_with('(')) {
        // `2,000` or `1.4` are not markers.
        return None;
    }
    let digits = &text[digits_start..digits_end];
    let Ok(mut number) = digits.parse::<u32>() else {
        return None;
    };
    let mut style = style;
    let mut number_span = Span::new(digits_start, digits_end);
    if style == MarkerStyle::Plain {
        if digits_len > 3 {
            return None;
        }
        // `11.` for `¶1.`, `110.` for `¶10.`: a leading 1 that stands for the
        // pilcrow, recognised when the rest is the number expected next.
        if digits_len >= 2 && digits.starts_with('1') && !digits[1..].starts_with('0') {
            if let Ok(rest_num) = digits[1..].parse::<u32>() {
                if rest_num == expected && number != expected {
                    style = MarkerStyle::PilcrowAsOne;
                    number = rest_num;
                    number_span = Span::new(digits_start + 1, digits_end);
                }
            }
        }
    }
    let _ = dotted;
    let after_marker = skip_blanks(text, marker_end, e);
    let marking = marking_at(text, after_marker, e);
    let text_start = match marking {
        Some(m) => skip_blanks(text, m.end as usize, e),
        None => after_marker,
    };
    Some(MarkerMatch {
        marker: ParagraphMarker {
            span: Span::new(s, marker_end),
            number,
            number_span,
            style,
        },
        marking,
        text_start,
    })
}

fn skip_blanks(text: &str, from: usize, end: usize) -> usize {
    skip_blank_bytes(text, from, end)
}

/// A portion marking `(C)`, `(S/NF)`, `(SBU)`, `( C )` at `at`. Lines
/// without the `(` fail where the call is made.
#[inline(always)]
pub fn marking_at(text: &str, at: usize, end: usize) -> Option<Span> {
    if at >= end || text.as_bytes().get(at) != Some(&b'(') {
        return None;
    }
    read_marking(text, at, end)
}

/// [`marking_at`] past its first-byte test.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn read_marking(text: &str, at: usize, end: usize) -> Option<Span> {
    let rest = text.get(at..end)?;
    if !rest.starts_with('(') {
        return None;
    }
    let close = prefix(rest, 24)
        .as_bytes()
        .iter()
        .position(|&b| b == b')')?;
    // `(` and `)` are ASCII: `1..close` is on char boundaries.
    let inner = rest.get(1..close)?;
    let ok = if inner.is_ascii() {
        marking_inner_ok(trim_ascii_white_space(inner.as_bytes()))
    } else {
        marking_inner_ok(inner.trim().as_bytes())
    };
    ok.then(|| Span::new(at, at + close + 1))
}

/// `str::trim` of ASCII text, on bytes: the ASCII characters that are
/// white space to `char::is_whitespace` are the ASCII blanks.
fn trim_ascii_white_space(bytes: &[u8]) -> &[u8] {
    let white = |b: &u8| is_ascii_blank(*b);
    let start = bytes.iter().position(|b| !white(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !white(b))
        .map_or(start, |i| i + 1);
    bytes.get(start..end).unwrap_or_default()
}

/// The inside of a portion marking, trimmed: capitals, `/` and spaces,
/// starting with a classification letter (`(A)` opens a lettered list,
/// `(EU)` is an acronym).
fn marking_inner_ok(inner: &[u8]) -> bool {
    !inner.is_empty()
        && inner.len() <= 20
        && inner
            .iter()
            .all(|&c| c.is_ascii_uppercase() || c == b'/' || c == b' ')
        && matches!(inner.first(), Some(b'U' | b'C' | b'S' | b'T' | b'N'))
}

/// A page header `ROME 00001406 002.2 OF 003` (or the older
/// `PAGE 01 CAPE T 00097 01 OF 03 182017Z`), possibly with text glued after it.
///
/// Most lines fail the first-bytes test ([`may_be_page_header`]) where the
/// call is made.
#[inline(always)]
pub fn page_header(text: &str, s: usize, e: usize) -> Option<PageHeader> {
    if !may_open_page_header(text, s, e) {
        return None;
    }
    read_page_header(text, s, e)
}

/// The first-bytes test of [`page_header`]: 14 bytes at least, a letter
/// first, and [`may_be_page_header`].
#[inline(always)]
pub fn may_open_page_header(text: &str, s: usize, e: usize) -> bool {
    text.as_bytes().get(s..e).is_some_and(|line| {
        line.len() >= 14
            && line.first().is_some_and(u8::is_ascii_alphabetic)
            && may_be_page_header(line)
    })
}

/// [`page_header`] past its first-bytes test, which it makes again: the
/// general reading the test shortcuts.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn read_page_header(text: &str, s: usize, e: usize) -> Option<PageHeader> {
    let line = &text[s..e];
    // Cheap rejection: every page header holds a run of at least 5 digits.
    if line.len() < 14
        || !line.as_bytes()[0].is_ascii_alphabetic()
        || !may_be_page_header(line.as_bytes())
        || !has_digit_run(prefix(line, 200), 5)
    {
        return None;
    }
    let toks = tokens(text, s, e.min(s + 200));
    if toks.len() < 4 {
        return None;
    }
    if eq_ci(toks[0].text, "PAGE") && all_digits(toks[1].text) {
        let serial_idx = (2..toks.len().min(7))
            .find(|&k| toks[k].text.len() >= 5 && all_digits(toks[k].text))?;
        let of_idx = (serial_idx + 1..toks.len().min(serial_idx + 4))
            .find(|&k| eq_ci(toks[k].text, "OF"))?;
        let total = toks.get(of_idx + 1)?;
        return Some(PageHeader {
            span: Span::new(s, e),
            office: Span::new(toks[2].start, toks[serial_idx - 1].end),
            serial: toks[serial_idx].span(),
            page: toks[1].span(),
            total: total.span(),
            glued: None,
        });
    }
    let serial_idx =
        (1..toks.len().min(4)).find(|&k| toks[k].text.len() == 8 && all_digits(toks[k].text))?;
    let office_ok = toks[..serial_idx].iter().all(|t| {
        t.text
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '-')
    });
    let office = Span::new(toks[0].start, toks[serial_idx - 1].end);
    if !office_ok || office.len() > 12 {
        return None;
    }
    let page = toks.get(serial_idx + 1)?;
    let (p_num, p_suffix) = page.text.split_once('.').unwrap_or((page.text, "0"));
    if !(p_num.len() == 3 && all_digits(p_num) && all_digits(p_suffix)) {
        return None;
    }
    let of = toks.get(serial_idx + 2)?;
    let total = toks.get(serial_idx + 3)?;
    if !(eq_ci(of.text, "OF") && total.text.len() == 3 && all_digits(total.text)) {
        return None;
    }
    let glued = toks.get(serial_idx + 4).map(|t| Span::new(t.start, e));
    Some(PageHeader {
        span: Span::new(s, if glued.is_some() { total.end } else { e }),
        office,
        serial: toks[serial_idx].span(),
        page: page.span(),
        total: total.span(),
        glued,
    })
}

/// Whether the line (starting with a letter) can be read by [`page_header`],
/// judged from its first bytes; never false for a line `page_header`
/// accepts. Either it starts with `PAGE`, or its first digit is the
/// serial's, after an office of at most 12 bytes of letters, `.` and `-`
/// (and blanks): prose fails at its first comma, apostrophe or 13th byte.
/// Non-ASCII bytes (letters or the no-break space) are let through anywhere.
///
/// The tests of the first four bytes and of byte 12 are made where the
/// call is made (the prose test asks them of most lines); the office is
/// read out of line.
#[inline(always)]
pub(super) fn may_be_page_header(line: &[u8]) -> bool {
    if line.len() >= 4
        && line
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"PAGE"))
    {
        return true;
    }
    // Byte 12 comes after the office: it is a blank before the serial, a
    // digit of the serial (which starts at byte 2 at the earliest, so ends
    // at byte 10 at the earliest), a blank after it, or a digit of the
    // page number. A letter or sign there settles most lines at once.
    if !matches!(
        line.get(12),
        Some(b'0'..=b'9' | b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r' | 0x80..)
    ) {
        return false;
    }
    office_then_digit(line)
}

/// [`may_be_page_header`] past its tests of the first bytes and byte 12:
/// the first digit comes after letters, `.`, `-` and blanks in the first
/// 12 bytes, and only blanks after them. Each byte's kind is looked up.
#[inline(never)]
fn office_then_digit(line: &[u8]) -> bool {
    let (office, after) = line.split_at(line.len().min(12));
    for &b in office {
        match OFFICE_BYTES[usize::from(b)] {
            DIGIT => return true,
            OTHER => return false,
            _ => {}
        }
    }
    for &b in after {
        match OFFICE_BYTES[usize::from(b)] {
            DIGIT => return true,
            BLANK => {}
            _ => return false,
        }
    }
    false
}

/// The kinds of bytes [`office_then_digit`] tells apart.
const OTHER: u8 = 0;
const DIGIT: u8 = 1;
/// A letter, `.` or `-`: part of an office.
const OFFICE: u8 = 2;
/// A blank or any non-ASCII byte: let through anywhere.
const BLANK: u8 = 3;

/// The kind of every byte.
const OFFICE_BYTES: [u8; 256] = {
    let mut kinds = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        kinds[b] = match byte {
            b'0'..=b'9' => DIGIT,
            b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r' | 0x80.. => BLANK,
            b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'-' => OFFICE,
            _ => OTHER,
        };
        b += 1;
    }
    kinds
};

/// `- - - - -`, `-----`, `=====`: the underline of a heading. Prose fails on
/// its first byte, where the call is made, before any counting (`C2` is the
/// no-break space's first byte).
#[inline(always)]
pub fn is_underline(line: &str) -> bool {
    matches!(
        line.as_bytes().first(),
        Some(b'-' | b'=' | b'_' | b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r' | 0xc2)
    ) && read_underline(line)
}

/// [`is_underline`] past its first-byte test.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
///
/// Every character is a mark or a blank, and three at least are marks: read
/// on bytes, stopping at the first that is neither (a dash opening prose
/// fails on its first letter). A line of marks and blanks starts with one.
fn read_underline(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut marks = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if matches!(b, b'-' | b'=' | b'_') {
            marks += 1;
            i += 1;
        } else {
            match blank_len_at(bytes, i) {
                0 => return false,
                n => i += n,
            }
        }
    }
    marks >= 3
}

/// Words that end cables or sections but are no signer's name.
const NOT_NAMES: &[&str] = &[
    "END",
    "TEXT",
    "CABLE",
    "SIPDIS",
    "NOFORN",
    "BT",
    "NNNN",
    "COMMENT",
    "SUMMARY",
    "NOTE",
    "UNCLASSIFIED",
    "UNCLAS",
    "CONFIDENTIAL",
    "SECRET",
    "THE",
    "AND",
    "OF",
    "FOR",
    "TO",
    "IN",
    "MINIMIZE",
    "CONSIDERED",
    "PAGE",
    "SENSITIVE",
    "NODIS",
    "EXDIS",
    "YES",
    "NO",
    "STATE",
];

/// A signer's name token: a capitalised word of letters (`SPOGLI`, `Beyrle`,
/// `LeBaron`, `McMullen`).
fn is_signer_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && w.chars().count() >= 2
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && !NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// A line that is a signature on its own: one to three name words.
pub fn signature_line(text: &str, s: usize, e: usize) -> Option<Signature> {
    let toks = tokens(text, s, e);
    if toks.is_empty() || toks.len() > 3 || e - s > 40 {
        return None;
    }
    if !toks.iter().all(|t| is_signer_word(t.text)) {
        return None;
    }
    // Several words must all be capitals (`PARDEW PARDEW`); mixed case is a
    // single surname (`Beyrle`), or it is a heading such as "Next Steps".
    if toks.len() > 1 && !toks.iter().all(|t| has_no_lowercase(t.text)) {
        return None;
    }
    Some(Signature {
        span: Span::new(toks[0].start, toks[toks.len() - 1].end),
        names: toks.iter().map(Token::span).collect(),
        glued: false,
    })
}

/// A signature glued to the end of the last sentence: `... visit Rome. SPOGLI`.
pub fn glued_signature(text: &str, s: usize, e: usize) -> Option<Signature> {
    // Only the last words are read (the name, the two before it, a date
    // after it), and a count of three or four at least: the last six
    // tokens stand for the line's (a paragraph may be one long line).
    glued_signature_of(last_tokens(text, s, e, GLUED_SIGNATURE_TOKENS))
}

/// [`glued_signature`] of a line's tokens, or of the last of them.
#[inline(always)]
fn glued_signature_of(mut toks: Vec<Token<'_>>) -> Option<Signature> {
    // `... interests. DANILOVICH 2005-05-06`: a release date after the name.
    if toks.len() > 2 && is_iso_date(toks[toks.len() - 1].text) {
        toks.pop();
    }
    let n = toks.len();
    if n < 3 {
        return None;
    }
    for tail in [1usize, 2] {
        if n <= tail + 1 {
            continue;
        }
        let names = &toks[n - tail..];
        let before = toks[n - tail - 1].text;
        let ends_sentence = before.ends_with(['.', '!', '?', '"', '”', ')', ':'])
            // `...index.c fm STAPLETON`: a name in capitals after the broken
            // URL of a post's website footer.
            || (tail == 1
                && toks[n.saturating_sub(3)..n - 1].iter().any(|t| t.text.contains(['/', '_']))
                && names[0].text.chars().count() >= 3
                && has_no_lowercase(names[0].text));
        if !ends_sentence || !names.iter().all(|t| is_signer_word(t.text)) {
            continue;
        }
        let capitals = names.iter().all(|t| has_no_lowercase(t.text));
        if tail == 2 && !capitals {
            continue;
        }
        return Some(Signature {
            span: Span::new(names[0].start, names[tail - 1].end),
            names: names.iter().map(Token::span).collect(),
            glued: true,
        });
    }
    None
}

/// The tokens at the end of a line that [`glued_signature`] reads.
const GLUED_SIGNATURE_TOKENS: usize = 6;

/// `2009-12-31`.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glued signature read from a line's last tokens is the one read
    /// from all its tokens, on lines of every length ending in names,
    /// dates and footers, and on the boundary lines.
    #[test]
    fn glued_signature_from_the_last_tokens_is_from_all() {
        let mut lines: Vec<String> = crate::syntax::tests::boundary_lines();
        let ends = [
            "visit Rome. SPOGLI",
            "interests. DANILOVICH 2005-05-06",
            "the end. JOHN SMITH",
            "index.c fm STAPLETON",
            "said. Smith",
            "said. John Smith 2009-12-31",
            "ok.) ROSS",
            "no. 2005-05-06",
            "SPOGLI",
            "a. B",
        ];
        for end in ends {
            for words in 0..9 {
                let before = "the minister said that ".repeat(words);
                lines.push(format!("{before}{end}"));
                lines.push(format!("{before}{end} "));
            }
        }
        let mut n_found = 0;
        for t in &lines {
            let all = glued_signature_of(tokens(t, 0, t.len()));
            assert_eq!(glued_signature(t, 0, t.len()), all, "{t:?}");
            n_found += usize::from(all.is_some());
        }
        assert_eq!(n_found, 4022);
    }

    /// The first-bytes tests of the body recognisers never turn away a line
    /// their full readings accept.
    #[test]
    fn first_bytes_tests_agree_with_the_full_readings() {
        for t in crate::syntax::tests::boundary_lines() {
            let e = t.len();
            for expected in [0, 1, 2] {
                assert_eq!(
                    paragraph_marker(&t, 0, e, expected),
                    read_paragraph_marker(&t, 0, e, expected),
                    "{t:?}"
                );
            }
            assert_eq!(marking_at(&t, 0, e), read_marking(&t, 0, e), "{t:?}");
            assert_eq!(page_header(&t, 0, e), read_page_header(&t, 0, e), "{t:?}");
            assert_eq!(is_underline(&t), read_underline(&t), "{t:?}");
        }
        assert!(paragraph_marker("1. (C) x", 0, 8, 1).is_some());
        // The byte reading of an underline is the character reading.
        let by_chars = |line: &str| {
            (line.starts_with(['-', '=', '_']) || line.starts_with(is_blank_char))
                && line
                    .chars()
                    .filter(|c| matches!(c, '-' | '=' | '_'))
                    .count()
                    >= 3
                && line
                    .chars()
                    .all(|c| matches!(c, '-' | '=' | '_') || is_blank_char(c))
        };
        let mut lines = crate::syntax::tests::boundary_lines();
        for t in [
            "---",
            "--",
            "- - -",
            "\u{a0}-\u{a0}-=_",
            "-\u{a9}--",
            "--- x",
            "===\r",
            "",
            " ",
        ] {
            lines.push(t.to_string());
        }
        for t in &lines {
            assert_eq!(read_underline(t), by_chars(t), "{t:?}");
        }
        assert!(read_underline("\u{a0}-\u{a0}-=_"));
        // The byte reading of a marking is the character reading.
        let by_chars = |text: &str| -> Option<Span> {
            let rest = text;
            if !rest.starts_with('(') {
                return None;
            }
            let close = prefix(rest, 24).find(')')?;
            let inner = rest[1..close].trim();
            let ok = !inner.is_empty()
                && inner.len() <= 20
                && inner
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '/' || c == ' ')
                && matches!(inner.as_bytes()[0], b'U' | b'C' | b'S' | b'T' | b'N');
            ok.then(|| Span::new(0, close + 1))
        };
        let mut lines = crate::syntax::tests::boundary_lines();
        for t in [
            "(C)",
            "( C )",
            "(\u{b}C\u{b})",
            "(\u{c}S/NF\t)",
            "(\u{1c}C)",
            "(\u{2003}C\u{a0})",
            "(\u{a0}C)",
            "(S//FGI//NF) x",
            "(A) first",
            "(c) lower",
            "(CONFIDENTIAL NOFORN)",
            "(CONFIDENTIAL NOFORNX)",
            "(C \u{e9})",
            "()",
            "(",
        ] {
            lines.push(t.to_string());
        }
        for t in &lines {
            assert_eq!(read_marking(t, 0, t.len()), by_chars(t), "{t:?}");
        }
        assert_eq!(read_marking("(\u{b}C\u{b}) x", 0, 7), Some(Span::new(0, 5)));
        assert_eq!(read_marking("(\u{1c}C) x", 0, 6), None);
        assert!(!read_underline("-\u{a9}--"));
        assert!(page_header("ROME 00001406 002.2 OF 003", 0, 26).is_some());
        assert!(is_underline("\u{a0}---"));
    }

    fn marker(t: &str, expected: u32) -> Option<(u32, MarkerStyle, Option<String>, String)> {
        paragraph_marker(t, 0, t.len(), expected).map(|m| {
            (
                m.marker.number,
                m.marker.style,
                m.marking.map(|s| s.text(t).to_string()),
                t[m.text_start..].to_string(),
            )
        })
    }

    #[test]
    fn marker_styles() {
        assert_eq!(
            marker("¶1. (C) The GOI", 1),
            Some((
                1,
                MarkerStyle::Pilcrow,
                Some("(C)".into()),
                "The GOI".into()
            ))
        );
        assert_eq!(
            marker("11. (C) The GOI", 1),
            Some((
                1,
                MarkerStyle::PilcrowAsOne,
                Some("(C)".into()),
                "The GOI".into()
            ))
        );
        assert_eq!(
            marker("11. (C) Eleven", 11),
            Some((11, MarkerStyle::Plain, Some("(C)".into()), "Eleven".into()))
        );
        assert_eq!(
            marker("110. (C) Ten", 10),
            Some((
                10,
                MarkerStyle::PilcrowAsOne,
                Some("(C)".into()),
                "Ten".into()
            ))
        );
        assert_eq!(
            marker("[1](#)2. (C) Two", 2),
            Some((
                2,
                MarkerStyle::MarkdownLink,
                Some("(C)".into()),
                "Two".into()
            ))
        );
        assert_eq!(
            marker("5.(S) Five", 5),
            Some((5, MarkerStyle::Plain, Some("(S)".into()), "Five".into()))
        );
        assert_eq!(
            marker("¶1. SECRET - ENTIRE TEXT.", 1).map(|m| m.2),
            Some(None)
        );
        assert_eq!(marker("2,000 troops", 1), None);
        assert_eq!(marker("1.4 (b)", 1), None);
        assert_eq!(marker("2009. The", 1), None);
    }

    #[test]
    fn markings() {
        let m = |t: &str| marking_at(t, 0, t.len()).map(|s| s.text(t).to_string());
        assert_eq!(m("(S//FGI//NF) x"), Some("(S//FGI//NF)".into()));
        assert_eq!(m("(A) first"), None);
        assert_eq!(m("(c) lower"), None);
    }

    #[test]
    fn page_headers() {
        let t = "ROME 00001406 002.2 OF 003";
        let p = page_header(t, 0, t.len()).unwrap();
        assert_eq!(
            (
                p.office.text(t),
                p.serial.text(t),
                p.page.text(t),
                p.total.text(t)
            ),
            ("ROME", "00001406", "002.2", "003")
        );
        let t = "BUENOS AIR 00001462 002 OF 005";
        assert_eq!(
            page_header(t, 0, t.len()).unwrap().office.text(t),
            "BUENOS AIR"
        );
        let t = "RABAT 00001657 002 OF 002 French companies Alstom,";
        let p = page_header(t, 0, t.len()).unwrap();
        assert_eq!(p.glued.unwrap().text(t), "French companies Alstom,");
        assert_eq!(p.span.text(t), "RABAT 00001657 002 OF 002");
        assert!(page_header("ROME visit of 00001406 people", 0, 29).is_none());
    }

    /// The byte kinds of the office reading are the classes it names.
    #[test]
    fn office_reading_by_table_is_the_match() {
        fn by_match(line: &[u8]) -> bool {
            for (i, &b) in line.iter().enumerate() {
                match b {
                    b'0'..=b'9' => return true,
                    b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r' | 0x80.. => {}
                    b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'-' if i < 12 => {}
                    _ => return false,
                }
            }
            false
        }
        let mut lines = crate::syntax::tests::boundary_lines();
        for b in 0..=255u8 {
            for at in [0, 11, 12, 13] {
                let mut line = b"ABCDEFGHIJKL    0".to_vec();
                line[at] = b;
                lines.push(String::from_utf8_lossy(&line).into_owned());
                assert_eq!(office_then_digit(&line), by_match(&line), "{line:?}");
            }
        }
        for t in &lines {
            assert_eq!(
                office_then_digit(t.as_bytes()),
                by_match(t.as_bytes()),
                "{t:?}"
            );
        }
        assert!(office_then_digit(b"ADDIS AB-A.B 00001406"));
        assert!(!office_then_digit(b"ADDIS AB-A.BC 00001406"));
        assert!(!office_then_digit(b"ROME, 00001406"));
    }

    #[test]
    fn page_header_pre_check_boundaries() {
        // An office of exactly 12 bytes passes the pre-check and is read.
        let t = "ADDIS AB-A.B 00001406 002 OF 003";
        assert!(may_be_page_header(t.as_bytes()));
        assert_eq!(
            page_header(t, 0, t.len()).unwrap().office.text(t),
            "ADDIS AB-A.B"
        );
        // Blanks after the office count for nothing; a no-break space is let through.
        let t = "ROME               00001406 002 OF 003";
        assert_eq!(
            page_header(t, 0, t.len()).unwrap().serial.text(t),
            "00001406"
        );
        let t = "SÃO PAULO\u{a0}00001406 002 OF 003";
        assert!(may_be_page_header(t.as_bytes()));
        assert_eq!(
            page_header(t, 0, t.len()).unwrap().office.text(t),
            "SÃO PAULO"
        );
        let t = "PAGE 01 CAPE T 00097 01 OF 03 182017Z";
        assert!(may_be_page_header(t.as_bytes()));
        assert_eq!(page_header(t, 0, t.len()).unwrap().serial.text(t), "00097");
        // The serial or the page number at byte 12.
        let t = "A 00001406 002 OF 003";
        assert_eq!(page_header(t, 0, t.len()).unwrap().page.text(t), "002");
        let t = "AB 00001406 002 OF 003";
        assert_eq!(page_header(t, 0, t.len()).unwrap().page.text(t), "002");
        let t = "ABCD 00001406 002 OF 003";
        assert_eq!(
            page_header(t, 0, t.len()).unwrap().serial.text(t),
            "00001406"
        );
        // Near misses: a 13-byte office, prose with a comma, no digit at all.
        let t = "ADDIS AB-A.BC 00001406 002 OF 003";
        assert!(!may_be_page_header(t.as_bytes()));
        assert!(page_header(t, 0, t.len()).is_none());
        assert!(!may_be_page_header(b"ROME, 00001406 002 OF 003"));
        assert!(!may_be_page_header(b"ROME AND"));
    }

    #[test]
    fn signatures() {
        let s = |t: &str| signature_line(t, 0, t.len()).map(|s| s.span.text(t).to_string());
        assert_eq!(s("SPOGLI"), Some("SPOGLI".into()));
        assert_eq!(s("Beyrle"), Some("Beyrle".into()));
        assert_eq!(s("PARDEW PARDEW"), Some("PARDEW PARDEW".into()));
        assert_eq!(s("End Cable Text"), None);
        assert_eq!(s("NNNN"), None);
        assert_eq!(s("Next Steps"), None);
        let g = |t: &str| glued_signature(t, 0, t.len()).map(|s| s.span.text(t).to_string());
        assert_eq!(g("before his visit to Rome. SPOGLI"), Some("SPOGLI".into()));
        assert_eq!(g("his formal position. Beyrle"), Some("Beyrle".into()));
        assert_eq!(g("a meeting with President Obama"), None);
        assert_eq!(g("index. cfm Tuttle"), None);
        assert_eq!(
            g("Website: http://www.state.sgov.gov/p/eur/paris/index.c fm STAPLETON"),
            Some("STAPLETON".into())
        );
        assert_eq!(
            g("bodes well for U.S. interests. DANILOVICH 2005-05-06"),
            Some("DANILOVICH".into())
        );
        assert_eq!(g("we met the minister and SMITH"), None);
    }
}
