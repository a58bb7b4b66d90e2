//! The classification banner (`C O N F I D E N T I A L SECTION 01 OF 02 ROME 001333`)
//! and the dissemination captions that follow it (`SIPDIS`, `NOFORN`).

use super::ast::*;
use super::scan::*;
use super::span::Span;

/// Classification words a banner may start with, upper-case, unspaced.
const CLASSIFICATIONS: [&str; 5] = [
    "TOPSECRET",
    "CONFIDENTIAL",
    "SECRET",
    "UNCLASSIFIED",
    "UNCLAS",
];

/// Caption words that may stand on their own line in the header (format.md §9).
pub const CAPTION_WORDS: [&str; 14] = [
    "SIPDIS",
    "NOFORN",
    "SENSITIVE",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "STADIS",
    "ORCON",
    "NOCONTRACT",
    "PROPIN",
    "CHEROKEE",
    "ROGER",
    "FOUO",
    "NOFORN.",
];

/// Reads spaced letters `C O N F I D E N T I A L` from the start of the line.
/// Returns the letters (upper-cased) and the end offset of the last one.
fn spaced_letters(text: &str, start: usize, end: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut letters = String::new();
    let mut i = start;
    let mut last_end = start;
    while i < end && bytes[i].is_ascii_alphabetic() {
        // A letter must be followed by one blank and another letter, or end the run.
        let next = bytes.get(i + 1).copied();
        let standalone =
            i + 1 >= end || next == Some(b' ') || next == Some(b'\t') || next == Some(b'/');
        if !standalone {
            break;
        }
        letters.push(bytes[i].to_ascii_uppercase() as char);
        last_end = i + 1;
        if i + 2 < end && next == Some(b' ') && bytes[i + 2].is_ascii_alphabetic() {
            i += 2;
        } else {
            break;
        }
    }
    (letters, last_end)
}

/// The classification word the spaced letters spell.
fn classification_prefix(letters: &str) -> Option<&'static str> {
    CLASSIFICATIONS
        .iter()
        .copied()
        // The whole run must be the word: `S E C R E T A R Y` is no banner.
        .find(|c| letters == *c)
}

/// Spaced letters within two edits of a classification word (one for the
/// short `SECRET`), so misspellings are recognised but ordinary words are not.
fn near_classification(letters: &str) -> bool {
    ["CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "TOPSECRET"]
        .iter()
        .any(|w| {
            let limit = if w.len() <= 6 { 1 } else { 2 };
            w.len().abs_diff(letters.len()) <= limit && edit_distance(letters, w) <= limit
        })
}

/// The classification words damaged spacing is measured against, with the
/// set of their letters (bit `n` for the `n`th letter of the alphabet).
const DAMAGED_WORDS: [(&str, u32); 4] = [
    ("CONFIDENTIAL", letter_set("CONFIDENTIAL")),
    ("SECRET", letter_set("SECRET")),
    ("UNCLASSIFIED", letter_set("UNCLASSIFIED")),
    ("TOPSECRET", letter_set("TOPSECRET")),
];

/// The set of capital letters in `word`.
const fn letter_set(word: &str) -> u32 {
    let bytes = word.as_bytes();
    let mut set = 0;
    let mut i = 0;
    while i < bytes.len() {
        set |= letter_bit(bytes[i]);
        i += 1;
    }
    set
}

/// The bit of a capital letter in a [`letter_set`] (any other byte gets
/// some bit, never a panic).
const fn letter_bit(b: u8) -> u32 {
    1 << (b.wrapping_sub(b'A') & 31)
}

/// The end of a classification written with broken spacing: leading short
/// capital tokens whose letters, joined, are (nearly) a classification word.
fn damaged_classification(text: &str, s: usize, e: usize) -> Option<usize> {
    // The first token is capital letters: most lines stop at its first
    // byte, the others mostly at its second (`The`), before it is read.
    let bytes = text.as_bytes();
    if !bytes.get(s).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    if s + 1 < e
        && bytes.get(s + 1).is_some_and(|&b| {
            !(b.is_ascii_uppercase()
                || matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r' | 0xc2))
        })
    {
        return None;
    }
    // The letters joined so far: 13 at most, so kept on the stack.
    let mut joined = [0u8; 13];
    let mut joined_len = 0;
    // The closest reading wins; among equals, the one using more tokens.
    let mut best: Option<(usize, usize)> = None;
    for (k, t) in token_iter(text, s, e.min(s + 80)).enumerate().take(12) {
        if !all_ascii_upper_letters(t.text) || t.text.len() > 12 {
            break;
        }
        let Some(slot) = joined.get_mut(joined_len..joined_len + t.text.len()) else {
            // More than 13 letters.
            break;
        };
        slot.copy_from_slice(t.text.as_bytes());
        joined_len += t.text.len();
        let letters = joined.get(..joined_len).unwrap_or_default();
        if k >= 1 && joined_len >= 5 {
            let limit = if joined_len <= 6 { 1 } else { 2 };
            let d = DAMAGED_WORDS
                .iter()
                // The distance is at least the difference in length, and at
                // least the number of letters the word lacks (each one is
                // substituted or deleted): words beyond the limit by either
                // bound are not measured, and cannot be the closest within it.
                .filter(|(w, set)| {
                    w.len().abs_diff(joined_len) <= 2
                        && letters
                            .iter()
                            .filter(|&&b| letter_bit(b) & set == 0)
                            .count()
                            <= limit
                })
                .map(|(w, _)| edit_distance_bytes(letters, w.as_bytes()))
                .min()
                .unwrap_or(usize::MAX);
            if d <= limit && best.is_none_or(|(bd, _)| d <= bd) {
                best = Some((d, t.end));
            }
        }
    }
    best.map(|(_, end)| end)
}

/// Whether [`damaged_classification`] can read the line `line` (trimmed),
/// judged by its first two words: never false for a line it reads. It
/// joins two capital tokens at least, each of 12 letters at most and 13
/// together, and the letters joined lack at most two of the letters of
/// some classification word (more tokens only add letters). Lines in
/// capitals are mostly prose, and fail here before their digits are
/// looked for.
fn first_words_may_be_damaged(line: &[u8]) -> bool {
    // The tokens are read from the first 80 bytes.
    let line = line.get(..80).unwrap_or(line);
    let capitals_from = |from: usize| {
        line.get(from..)
            .unwrap_or_default()
            .iter()
            .position(|b| !b.is_ascii_uppercase())
            .map_or(line.len(), |n| from + n)
    };
    let first_end = capitals_from(0);
    if first_end == 0 || first_end > 12 {
        return false;
    }
    // Blanks, then the second token, all capitals up to a blank or the end.
    let mut second_start = first_end;
    loop {
        match blank_len_at(line, second_start) {
            0 => break,
            n => second_start += n,
        }
    }
    if second_start == first_end {
        // Not a blank after the capitals: the first token is more.
        return false;
    }
    let second_end = capitals_from(second_start);
    let second_len = second_end - second_start;
    if second_len == 0
        || second_len > 12
        || first_end + second_len > 13
        || (second_end < line.len() && blank_len_at(line, second_end) == 0)
    {
        return false;
    }
    let joined = || {
        line[..first_end]
            .iter()
            .chain(&line[second_start..second_end])
    };
    DAMAGED_WORDS
        .iter()
        .any(|(_, set)| joined().filter(|&&b| letter_bit(b) & set == 0).count() <= 2)
}

/// Whether a banner can start with these bytes (a trimmed line): never
/// false for a line [`banner`] accepts. Spaced letters, even misspelt or
/// in small letters (`o n f i d e n t i a l`), put a blank after a first
/// letter; an unspaced classification is in capitals, and damaged spacing
/// starts with one. Prose starting with a small letter, a digit or a sign
/// fails on its first two bytes.
fn may_start_banner(line: &[u8]) -> bool {
    match line {
        [first, b' ', ..] if first.is_ascii_alphabetic() => true,
        [first, ..] => first.is_ascii_uppercase(),
        [] => false,
    }
}

/// Parses a banner line. `strict` (used once the body has begun) accepts only
/// banners that cannot be prose: spaced letters, or a marking followed by an
/// office and serial.
///
/// The parser asks this of most lines, and most are prose: the first two
/// bytes ([`may_be_banner`]) settle them where the call is made, before the
/// line is trimmed or read.
#[inline(always)]
pub fn banner(text: &str, start: usize, end: usize, strict: bool) -> Option<Banner> {
    if !may_be_banner(text.as_bytes().get(start..end).unwrap_or_default()) {
        return None;
    }
    read_banner(text, start, end, strict)
}

/// Whether [`banner`] can accept a line whose untrimmed bytes are `line`:
/// never false for a line it accepts. A banner starts with a letter; after
/// it comes a blank (spaced letters, damaged spacing, a lone letter) or, in
/// capitals, another capital (an unspaced classification, damaged spacing).
/// `The`, `a.m.` and `2 SECRET` fail here. A leading blank is left to the
/// full reading, which trims.
#[inline]
pub(super) fn may_be_banner(line: &[u8]) -> bool {
    if starts_blank(line) {
        return true;
    }
    match line {
        [] => false,
        [first] => first.is_ascii_alphabetic(),
        [first, second, ..] => {
            (first.is_ascii_alphabetic() && *second == b' ')
                || (first.is_ascii_uppercase()
                    && (second.is_ascii_uppercase()
                        || matches!(second, b'\t' | 0x0b | 0x0c | b'\n' | b'\r' | 0xc2)))
        }
    }
}

/// [`banner`] past its first-byte test.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn read_banner(text: &str, start: usize, end: usize, strict: bool) -> Option<Banner> {
    let (s, e) = trim(text, start, end);
    if s >= e || !may_start_banner(text.as_bytes().get(s..e).unwrap_or_default()) {
        return None;
    }
    // Six spaced letters at least put blanks after the first and second:
    // other lines are not read letter by letter (nor the letters kept).
    let bytes = text.as_bytes();
    let (letters, spaced_end) =
        if bytes.get(s + 1) == Some(&b' ') && bytes.get(s + 3) == Some(&b' ') {
            spaced_letters(text, s, e)
        } else {
            (String::new(), s)
        };
    let mut spaced = false;
    let mut damaged = false;
    let mut class_end = None;
    if letters.len() >= 6 {
        if let Some(word) = classification_prefix(&letters) {
            // Walk the spaced run again to find where `word` ends.
            let mut seen = 0;
            let mut j = s;
            while j < spaced_end {
                if text.as_bytes()[j].is_ascii_alphabetic() {
                    seen += 1;
                    if seen == word.len() {
                        class_end = Some(j + 1);
                        break;
                    }
                }
                j += 1;
            }
            spaced = true;
        } else if near_classification(&letters) {
            // `C O N F I D E N T A L`: a misspelt banner is still the banner; the
            // diagnostics report the spelling.
            class_end = Some(spaced_end);
            spaced = true;
        }
    }
    // The first word of an unspaced classification is one of these
    // (`TOPSECRET` and `UNCLASSIFIED` start with two of them): other lines
    // are not split into words for it.
    let may_be_unspaced = matches!(
        bytes.get(s).map(u8::to_ascii_uppercase),
        Some(b'T' | b'C' | b'S' | b'U')
    ) && ["TOP", "CONFIDENTIAL", "SECRET", "UNCLAS"]
        .iter()
        .any(|w| starts_with_ci(&text[s..e], w));
    if class_end.is_none() && may_be_unspaced {
        // Unspaced: `CONFIDENTIAL`, `SECRET//NOFORN`, `TOP SECRET`, `UNCLAS`.
        let line = &text[s..e];
        let first_word_end = line
            .find(|c: char| is_blank_char(c) || c == '/')
            .unwrap_or(line.len());
        let word = &line[..first_word_end];
        let mut w_end = s + first_word_end;
        let mut is_class = CLASSIFICATIONS.iter().any(|c| c.eq_ignore_ascii_case(word));
        if word.eq_ignore_ascii_case("TOP") {
            let rest = &line[first_word_end..];
            let rest_trim = rest.trim_start_matches(is_blank_char);
            if starts_with_ci(rest_trim, "SECRET") {
                is_class = true;
                w_end = s + (line.len() - rest_trim.len()) + 6;
            }
        }
        // Prose starting with `Secret` is not a banner: unspaced banners are capitals.
        if is_class && has_no_lowercase(&text[s..w_end]) {
            class_end = Some(w_end);
        }
    }
    // A damaged classification needs a serial after it, a token of four
    // digits or more: a line without such a run (most lines in capitals
    // are prose) is not measured against the classification words.
    if class_end.is_none()
        && first_words_may_be_damaged(bytes.get(s..e).unwrap_or_default())
        && has_digit_run(&text[s..e], 4)
    {
        // `SS E C R E T`, `E C R E T`, `CO N F I D E N T I A L`, `C ONFIDENTIAL`:
        // damaged spacing, accepted only with an office and serial after it.
        if let Some(end) = damaged_classification(text, s, e) {
            class_end = Some(end);
            spaced = true;
            damaged = true;
        }
    }
    let class_end = class_end?;
    let mut pos = class_end;
    let mut controls = None;
    if text[pos..e].starts_with("//") {
        let ctl_end = text[pos..e].find(is_blank_char).map_or(e, |i| pos + i);
        controls = Some(Span::new(pos, ctl_end));
        pos = ctl_end;
    }
    let toks = tokens(text, pos, e);
    let mut i = 0;
    let mut section = None;
    if toks.len() >= 4
        && eq_ci(toks[0].text, "SECTION")
        && all_digits(toks[1].text)
        && eq_ci(toks[2].text, "OF")
        && all_digits(toks[3].text)
    {
        section = Some(SectionOf {
            span: Span::new(toks[0].start, toks[3].end),
            number: toks[1].span(),
            total: toks[3].span(),
        });
        i = 4;
    }
    // Office words up to the serial (a token of 4 or more digits).
    let mut office = None;
    let mut serial = None;
    let serial_idx = toks[i..]
        .iter()
        .take(5)
        .position(|t| t.text.len() >= 4 && all_digits(t.text))
        .map(|k| k + i);
    if let Some(k) = serial_idx {
        if k > i
            && toks[i..k].iter().all(|t| {
                t.text
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.')
            })
        {
            office = Some(Span::new(toks[i].start, toks[k - 1].end));
            serial = Some(toks[k].span());
            i = k + 1;
        }
    }
    let trailing = toks
        .get(i)
        .map(|t| Span::new(t.start, toks.last().map_or(t.end, |l| l.end)));
    if !spaced {
        // An unspaced marking alone or with captions is a banner only in the
        // header area; in the body it must at least carry an office and serial.
        let ok = serial.is_some()
            || section.is_some()
            || (!strict && (trailing.is_none() || trailing_is_captions(text, trailing)));
        if !ok {
            return None;
        }
    }
    if letters.len() < 6 && spaced && !damaged {
        return None;
    }
    if damaged && serial.is_none() {
        return None;
    }
    Some(Banner {
        span: Span::new(s, e),
        classification: Span::new(s, class_end),
        spaced,
        controls,
        section,
        office,
        serial,
        trailing,
    })
}

fn trailing_is_captions(text: &str, trailing: Option<Span>) -> bool {
    let Some(t) = trailing else { return true };
    tokens(text, t.start as usize, t.end as usize)
        .iter()
        .all(|t| is_caption_word(t.text))
}

/// Captions that are no English words (`Sipdis` in a case-folded cable) are
/// recognised in any case; `Sensitive` in prose is not a caption.
fn is_coined_caption(word: &str) -> bool {
    [
        "SIPDIS",
        "NOFORN",
        "EXDIS",
        "NODIS",
        "LIMDIS",
        "STADIS",
        "NOCONTRACT",
        "PROPIN",
        "ORCON",
    ]
    .iter()
    .any(|c| eq_ci(c, word.trim_end_matches(['.', ','])))
}

/// A caption word, with any trailing periods and commas. The word is
/// trimmed once, not once per caption compared: the parser asks this of
/// the first word of most lines.
pub fn is_caption_word(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',']);
    // The caption words a trimmed word can equal are 4 to 10 bytes long
    // (`NOFORN.` keeps its period, which the word has lost).
    (4..=10).contains(&word.len()) && CAPTION_WORDS.iter().any(|c| eq_ci(c, word))
}

/// A line made only of caption words: `SIPDIS`, `NOFORN`, `SENSITIVE SIPDIS`.
/// Captions are written in capitals; `Sensitive` in prose is not one.
///
/// Most lines fail on their first two bytes ([`may_be_caption_line`]),
/// tested where the call is made.
#[inline(always)]
pub fn caption_line(text: &str, start: usize, end: usize) -> Option<Vec<Caption>> {
    if !may_be_caption_line(text.as_bytes().get(start..end).unwrap_or_default()) {
        return None;
    }
    read_caption_line(text, start, end)
}

/// Whether [`caption_line`] can accept a line whose bytes are `line`: never
/// false for a line it accepts. Its first word is a caption word, so the
/// line opens with the first three letters of one (every caption word has
/// four or more), in either case; a blank first (the no-break space is
/// `C2 A0`) is left to the tokens. Two letters let through `For`,
/// `President`, `State` and `Since`; three turn away all but the last
/// two.
#[inline(always)]
pub(super) fn may_be_caption_line(line: &[u8]) -> bool {
    if starts_blank(line) {
        return true;
    }
    match line {
        [a, b, c, ..] => matches!(
            [
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase()
            ],
            [b'S', b'I', b'P']
                | [b'S', b'E', b'N']
                | [b'S', b'T', b'A']
                | [b'N', b'O', b'F' | b'D' | b'C']
                | [b'E', b'X', b'D']
                | [b'L', b'I', b'M']
                | [b'O', b'R', b'C']
                | [b'P', b'R', b'O']
                | [b'C', b'H', b'E']
                | [b'R', b'O', b'G']
                | [b'F', b'O', b'U']
        ),
        _ => false,
    }
}

/// [`caption_line`] past its first-bytes test.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn read_caption_line(text: &str, start: usize, end: usize) -> Option<Vec<Caption>> {
    if !is_caption_word(first_token(text, start, end)?) {
        return None;
    }
    let n = token_iter(text, start, end).take(5).count();
    if n == 0 || n > 4 {
        return None;
    }
    let toks = tokens(text, start, end);
    if !toks
        .iter()
        .all(|t| is_caption_word(t.text) && (has_no_lowercase(t.text) || is_coined_caption(t.text)))
    {
        return None;
    }
    Some(toks.iter().map(|t| Caption { span: t.span() }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-bytes tests of [`banner`] and [`caption_line`] never turn
    /// away a line their full readings accept.
    #[test]
    fn first_bytes_tests_agree_with_the_full_readings() {
        for t in crate::syntax::tests::boundary_lines() {
            for strict in [false, true] {
                assert_eq!(
                    banner(&t, 0, t.len(), strict),
                    read_banner(&t, 0, t.len(), strict),
                    "{t:?}"
                );
            }
            assert_eq!(
                caption_line(&t, 0, t.len()),
                read_caption_line(&t, 0, t.len()),
                "{t:?}"
            );
        }
        // Accepted lines on either side of the tests.
        for t in ["SECRET//NOFORN", "S ECRET ROME 000104", "\u{a0}SIPDIS"] {
            assert!(
                banner(t, 0, t.len(), false).is_some() || caption_line(t, 0, t.len()).is_some(),
                "{t}"
            );
        }
        assert!(!may_be_banner(b"The"));
        assert!(!may_be_banner(b"a.m."));
        assert!(!may_be_caption_line("\u{b6}1.".as_bytes()));
        // Every caption word opens with three letters the test lets through,
        // in either case; prose sharing two of them does not.
        for word in CAPTION_WORDS {
            assert!(may_be_caption_line(word.as_bytes()), "{word}");
            assert!(
                may_be_caption_line(word.to_lowercase().as_bytes()),
                "{word}"
            );
        }
        for t in [
            "For the",
            "President",
            "Since",
            "Secretary",
            "Not",
            "Northern",
            "SI",
            "NO",
        ] {
            assert!(!may_be_caption_line(t.as_bytes()), "{t}");
        }
    }

    /// The first-words test of a damaged classification never turns away a
    /// line it reads, and turns away capital prose.
    #[test]
    fn first_words_test_of_damaged_classifications() {
        let mut lines = crate::syntax::tests::boundary_lines();
        let spaced = format!("S{}ECRET ROME 000104", " ".repeat(75));
        for t in [
            "SS E C R E T TUNIS 000679",
            "CO N F I D E N T I A L PARIS 001501",
            "C ONFIDENTIAL BAKU 000744",
            "CONFI DENXIAX ROME 000104",
            "UNCLASSIFIEDX Y ROME 1234",
            "TOPSECRETS A ROME 1234",
            "S\u{a0}ECRET ROME 000104",
            "S ECRET",
            "THE MINISTER SAID 1234",
            spaced.as_str(),
        ] {
            lines.push(t.to_string());
        }
        let mut read = 0;
        for t in &lines {
            if damaged_classification(t, 0, t.len()).is_some() {
                read += 1;
                assert!(first_words_may_be_damaged(t.as_bytes()), "{t:?}");
            }
        }
        assert!(read >= 8, "{read}");
        for t in [
            "SS E C R E T TUNIS 000679",
            "CONFI DENXIAX ROME 000104",
            "S\u{a0}ECRET",
            "S ECRET",
            "SE CRET\t",
        ] {
            assert!(first_words_may_be_damaged(t.as_bytes()), "{t:?}");
        }
        for t in [
            "THE MINISTER SAID 1234",
            "WHY NOT 1234",
            "S-ECRET ROME 000104",
            "CONFIDENTIALLY ROME 000104",
            "SECRET",
            "S ECRET-",
            "SEC RETARIAT",
            "S ecret",
        ] {
            assert!(!first_words_may_be_damaged(t.as_bytes()), "{t:?}");
        }
    }

    fn parse(t: &str) -> Option<Banner> {
        banner(t, 0, t.len(), false)
    }

    #[test]
    fn standard_banner() {
        let t = "C O N F I D E N T I A L SECTION 01 OF 02 ROME 001333";
        let b = parse(t).unwrap();
        assert!(b.spaced);
        assert_eq!(b.classification.text(t), "C O N F I D E N T I A L");
        let sec = b.section.unwrap();
        assert_eq!((sec.number.text(t), sec.total.text(t)), ("01", "02"));
        assert_eq!(b.office.unwrap().text(t), "ROME");
        assert_eq!(b.serial.unwrap().text(t), "001333");
        assert_eq!(b.trailing, None);
    }

    #[test]
    fn variants() {
        let t = "S E C R E T        DOHA 00214";
        assert_eq!(parse(t).unwrap().serial.unwrap().text(t), "00214");
        let t = "C o n f i d e n t i a l section 01 of 04 ankara 000348";
        let b = parse(t).unwrap();
        assert_eq!(b.office.unwrap().text(t), "ankara");
        let t = "SECRET//NOFORN";
        let b = parse(t).unwrap();
        assert!(!b.spaced);
        assert_eq!(b.controls.unwrap().text(t), "//NOFORN");
        let t = "UNCLAS BUENOS AIRES 001462";
        assert_eq!(parse(t).unwrap().office.unwrap().text(t), "BUENOS AIRES");
        let t = "C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 000228  SIPDIS  STATE FOR EUR";
        assert_eq!(
            parse(t).unwrap().trailing.unwrap().text(t),
            "SIPDIS  STATE FOR EUR"
        );
        let t = "S E C R E T STATE 068250";
        assert_eq!(parse(t).unwrap().office.unwrap().text(t), "STATE");
    }

    #[test]
    fn misspelt_banner_is_recognised() {
        let t = "C O N F I D E N T A L ROME 000104";
        let b = parse(t).unwrap();
        assert_eq!(b.classification.text(t), "C O N F I D E N T A L");
        assert_eq!(b.office.unwrap().text(t), "ROME");
        assert!(parse("S E C R E T A R Y").is_none());
        for (t, class) in [
            ("SS E C R E T TUNIS 000679", "SS E C R E T"),
            ("E C R E T BAGHDAD 000146", "E C R E T"),
            (
                "CO N F I D E N T I A L PARIS 001501",
                "CO N F I D E N T I A L",
            ),
            ("C ONFIDENTIAL BAKU 000744", "C ONFIDENTIAL"),
        ] {
            let b = parse(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!(b.classification.text(t), class);
            assert!(b.serial.is_some());
        }
        assert!(
            parse("SE C R E T").is_none(),
            "damaged forms need an office and serial"
        );
    }

    #[test]
    fn banner_pre_checks_boundaries() {
        // Let through by the first bytes, then read as banners.
        for (t, class) in [
            ("o n f i d e n t i a l ROME 000104", "o n f i d e n t i a l"),
            ("c o n f i d e n t i a l", "c o n f i d e n t i a l"),
            ("u n c l a s s i f i e d", "u n c l a s s i f i e d"),
            ("SECRET//NOFORN", "SECRET"),
            ("E C R E T BAGHDAD 000146", "E C R E T"),
            ("SS E C R E T TUNIS 000679", "SS E C R E T"),
        ] {
            assert!(may_start_banner(t.as_bytes()), "{t}");
            let b = parse(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!(b.classification.text(t), class);
        }
        // Near misses: small letters without a blank after the first, and a
        // damaged form without the serial's four digits.
        for t in [
            "onfidential ROME 000104",
            "secret//noforn",
            "and a meeting",
            "(C) SECRET",
            "2 SECRET",
        ] {
            assert!(!may_start_banner(t.as_bytes()), "{t}");
            assert!(parse(t).is_none(), "{t}");
        }
        // Damaged spacing: a first word in capitals, or a capital alone.
        let t = "S ECRET ROME 000104";
        assert_eq!(parse(t).unwrap().classification.text(t), "S ECRET");
        assert_eq!(damaged_classification(t, 0, t.len()), Some(7));
        let t = "S\u{a0}ECRET ROME 000104";
        assert_eq!(damaged_classification(t, 0, t.len()), Some(8));
        assert_eq!(damaged_classification("Se CRET ROME 000104", 0, 19), None);
        assert_eq!(damaged_classification("S-ECRET ROME 000104", 0, 19), None);
        // A single spaced letter passes the first test, not the second.
        assert!(may_start_banner(b"a meeting"));
        assert!(parse("a meeting").is_none());
        // Two letters the word lacks are within two edits and measured;
        // three are not (nor within two edits).
        let t = "CONFI DENXIAX ROME 000104";
        assert_eq!(parse(t).unwrap().classification.text(t), "CONFI DENXIAX");
        assert!(parse("CONFI DENXIXX ROME 000104").is_none());
        assert_eq!(edit_distance("CONFIDENXIXX", "CONFIDENTIAL"), 3);
        assert!(parse("SS E C R E T TUNIS 679").is_none());
        assert!(parse("SS E C R E T TUNIS 0679").is_some());
    }

    #[test]
    fn prose_is_not_a_banner() {
        assert!(parse("Secret talks began in May.").is_none());
        assert!(parse("SECRET TALKS BEGAN IN MAY.").is_none());
        assert!(banner("CONFIDENTIAL", 0, 12, true).is_none());
        assert!(parse("CONFIDENTIAL").is_some());
        assert!(parse("UNCLASSIFIED").is_some());
    }

    #[test]
    fn captions() {
        let t = "SENSITIVE SIPDIS";
        assert_eq!(caption_line(t, 0, t.len()).unwrap().len(), 2);
        assert!(caption_line("Sensitive", 0, 9).is_none());
        assert!(caption_line("SIPDIS is here", 0, 14).is_none());
    }

    #[test]
    fn caption_line_first_byte_boundaries() {
        fn words(t: &str) -> Option<Vec<&str>> {
            caption_line(t, 0, t.len()).map(|c| c.iter().map(|c| c.span.text(t)).collect())
        }
        // Every caption word's first letter passes, in either case where the
        // word may be; leading blanks are left to the tokens.
        for word in CAPTION_WORDS {
            assert_eq!(words(word), Some(vec![word]), "{word}");
        }
        assert_eq!(words("sipdis"), Some(vec!["sipdis"]));
        assert_eq!(words(" \u{a0}NOFORN"), Some(vec!["NOFORN"]));
        // Near misses: another first letter or sign.
        assert_eq!(words("XSIPDIS"), None);
        assert_eq!(words("(SIPDIS)"), None);
        assert_eq!(words(""), None);
    }
}
