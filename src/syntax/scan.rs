//! Small lexing helpers shared by the element parsers: tokens with offsets,
//! case-insensitive keyword tests, character classes.
//!
//! Everything works on `&str` plus absolute offsets into the cable text, so each
//! helper returns spans the tree can keep directly.

use super::span::Span;

/// A whitespace-separated token with its offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Token<'_> {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Whitespace as cables use it: ASCII blanks plus the no-break space that some
/// conversions leave behind.
/// Line breaks count as blanks so that a multi-line element (a wrapped REF list)
/// tokenises in one go.
pub fn is_blank_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{c}' | '\u{b}' | '\n' | '\r')
}

/// The length in bytes of the blank character starting at byte `i`, 0 when
/// there is none: [`is_blank_char`] read on bytes. Every blank is one ASCII
/// byte but the no-break space, whose UTF-8 form is `C2 A0` (`A0` only ever
/// follows a lead byte, and `C2 A0` is always that character).
fn blank_len_at(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r') => 1,
        Some(0xc2) if bytes.get(i + 1) == Some(&0xa0) => 2,
        _ => 0,
    }
}

/// Whether `bytes` open with a blank character ([`is_blank_char`]), for
/// first-bytes tests that leave a line starting blank to the full reading,
/// which trims it.
#[inline]
pub fn starts_blank(bytes: &[u8]) -> bool {
    blank_len_at(bytes, 0) != 0
}

/// The length in bytes of the blank character ending just before byte `end`,
/// 0 when there is none.
fn blank_len_before(bytes: &[u8], end: usize) -> usize {
    match bytes.get(..end) {
        Some([.., b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r']) => 1,
        Some([.., 0xc2, 0xa0]) => 2,
        _ => 0,
    }
}

/// Tokens of `text[start..end]`, split on blanks.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    token_iter(text, start, end).collect()
}

/// [`tokens`] one at a time, for tests that can stop early: most lines are
/// prose, and a recogniser that rejects them after a token or two should
/// not split the whole line. Blanks are found on bytes (`blank_len_at`),
/// not decoded characters: every recogniser of the parser tokenises here.
pub fn token_iter(text: &str, start: usize, end: usize) -> impl Iterator<Item = Token<'_>> {
    let slice = text.get(start..end).unwrap_or_default();
    let bytes = slice.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            match blank_len_at(bytes, pos) {
                0 => break,
                n => pos += n,
            }
        }
        if pos >= bytes.len() {
            return None;
        }
        let tok_start = pos;
        while pos < bytes.len() && blank_len_at(bytes, pos) == 0 {
            pos += 1;
        }
        // Both ends are at a blank or at an end of the slice, so on char
        // boundaries: `get` cannot fail.
        let text = slice.get(tok_start..pos)?;
        Some(Token {
            start: start + tok_start,
            end: start + pos,
            text,
        })
    })
}

/// Whether `s` holds a run of at least `n` ASCII digits.
pub fn has_digit_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub fn prefix(s: &str, max: usize) -> &str {
    if max >= s.len() {
        return s;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

/// `start..end` with blanks trimmed on both sides. Read on bytes
/// (`blank_len_at`): the parser trims every line, most of them more than
/// once, and most have nothing to trim.
pub fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let Some(slice) = text.get(start..end) else {
        return (start, start);
    };
    let bytes = slice.as_bytes();
    let mut lead = 0;
    loop {
        match blank_len_at(bytes, lead) {
            0 => break,
            n => lead += n,
        }
    }
    if lead >= bytes.len() {
        return (start, start);
    }
    let mut kept_end = bytes.len();
    loop {
        match blank_len_before(bytes, kept_end) {
            0 => break,
            n => kept_end -= n,
        }
    }
    (start + lead, start + kept_end)
}

/// The trimmed span of `start..end`, or `None` if only blanks.
pub fn trimmed_span(text: &str, start: usize, end: usize) -> Option<Span> {
    let (s, e) = trim(text, start, end);
    (s < e).then(|| Span::new(s, e))
}

/// True when `s` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

pub fn eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

pub fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn all_ascii_upper_letters(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// No lower-case letter anywhere: header lines, addresses and banners are
/// written in capitals, prose is not.
pub fn has_no_lowercase(s: &str) -> bool {
    !s.chars().any(char::is_lowercase)
}

pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

/// A routing indicator: 4 to 7 capitals starting with `R` (digits tolerated so
/// that OCR damage is still recognised and reported).
pub fn looks_like_routing_indicator(s: &str) -> bool {
    let b = s.as_bytes();
    (4..=8).contains(&b.len())
        && b[0] == b'R'
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && b[1..].iter().filter(|c| c.is_ascii_uppercase()).count() >= 3
}

pub const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// 1-based month number of a three-letter month name, any case.
pub fn month_number(s: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(s))
        .map(|i| i as u32 + 1)
}

/// Levenshtein distance over the bytes of two short ASCII words (banner
/// classifications, for recognising and correcting misspellings).
///
/// One row of the table, kept on the stack for the short words it is
/// asked about: the banner test of an all-capitals line measures a few
/// joined words against each classification, and a heap row per letter
/// cost more than the comparison.
pub fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_bytes(a.as_bytes(), b.as_bytes())
}

/// [`edit_distance`] of byte strings.
pub fn edit_distance_bytes(a: &[u8], b: &[u8]) -> usize {
    if a == b {
        return 0;
    }
    let mut stack = [0usize; 32];
    let mut heap = Vec::new();
    let row: &mut [usize] = match stack.get_mut(..=b.len()) {
        Some(row) => row,
        None => {
            heap.resize(b.len() + 1, 0);
            &mut heap
        }
    };
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        // `diagonal` is the previous row's value left of the cell being
        // replaced, `left` the new row's value just written.
        let mut diagonal = i;
        let mut left = i + 1;
        for (cell, cb) in row.iter_mut().skip(1).zip(b) {
            let up = *cell;
            let value = (diagonal + usize::from(ca != cb)).min(up + 1).min(left + 1);
            diagonal = up;
            *cell = value;
            left = value;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The byte index of the first `//` in `s`: `str::find("//")` without the
/// setting up of a general substring search, which cost more than the
/// search itself on the short lines of an address block.
pub fn find_double_slash(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'/', bytes).find(|&i| bytes.get(i + 1) == Some(&b'/'))
}

/// Finds `needle` in `hay` ignoring ASCII case; returns the byte index.
/// Candidates are the places of the needle's first byte, in either case,
/// found by `memchr2` a vector at a time; only there is the rest compared.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let first = *n.first()?;
    let last_start = h.len().checked_sub(n.len())?;
    let starts = h.get(..=last_start)?;
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        starts,
    )
    .find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte forms of the blank test are [`is_blank_char`], for every
    /// character up to U+2FFF, alone and after a letter.
    #[test]
    fn blanks_on_bytes_are_the_blank_characters() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let mut text = String::new();
            text.push(c);
            let n = if is_blank_char(c) { c.len_utf8() } else { 0 };
            assert_eq!(blank_len_at(text.as_bytes(), 0), n, "{c:?}");
            assert_eq!(blank_len_before(text.as_bytes(), text.len()), n, "{c:?}");
            let after = format!("a{c}");
            assert_eq!(blank_len_at(after.as_bytes(), 1), n, "{c:?}");
            assert_eq!(blank_len_before(after.as_bytes(), after.len()), n, "{c:?}");
        }
    }

    #[test]
    fn tokens_carry_offsets() {
        let t = tokens("xx TO  RUEHC/SECSTATE WASHDC ", 3, 29);
        let texts: Vec<_> = t.iter().map(|t| (t.start, t.text)).collect();
        assert_eq!(texts, [(3, "TO"), (7, "RUEHC/SECSTATE"), (22, "WASHDC")]);
        let t = "\u{a0}ROME\u{a0}\u{a9}\u{e0}\u{c}\u{b}x\ny";
        let texts: Vec<_> = tokens(t, 0, t.len())
            .iter()
            .map(|t| (t.start, t.end, t.text))
            .collect();
        assert_eq!(
            texts,
            [
                (2, 6, "ROME"),
                (8, 12, "\u{a9}\u{e0}"),
                (14, 15, "x"),
                (16, 17, "y")
            ]
        );
        assert!(tokens(t, 1, 3).is_empty(), "not on a char boundary");
    }

    #[test]
    fn trim_handles_nbsp_and_blank_lines() {
        assert_eq!(trim("  a\u{a0}", 0, 5), (2, 3));
        assert_eq!(trim("   ", 0, 3), (0, 0));
        assert_eq!(trimmed_span("   ", 0, 3), None);
        assert_eq!(trim("\u{a0}\t x \u{a0}\u{a0}\r", 0, 11), (4, 5));
        assert_eq!(trim("\u{a0}\u{a0}", 0, 4), (0, 0));
        // `©` (C2 A9) and `à` (C3 A0) share a byte with the no-break space.
        assert_eq!(trim("\u{a9}\u{e0}", 0, 4), (0, 4));
        assert_eq!(trim("ab", 1, 1), (1, 1));
        assert_eq!(trim("é", 0, 1), (0, 0));
    }

    #[test]
    fn routing_indicators() {
        assert!(looks_like_routing_indicator("RUEHC"));
        assert!(looks_like_routing_indicator("RUEHMIL"));
        // Four-letter indicators exist (`RCCB`), so `ROME` is ruled out by context, not shape.
        assert!(looks_like_routing_indicator("RCCB"));
        assert!(!looks_like_routing_indicator("RO"));
        assert!(!looks_like_routing_indicator("RUEH/"));
        assert!(!looks_like_routing_indicator("R1234"));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("CONFIDENTAL", "CONFIDENTIAL"), 1);
        assert_eq!(edit_distance("SSECRET", "SECRET"), 1);
        assert_eq!(edit_distance("", "ABC"), 3);
        assert_eq!(edit_distance("ABC", ""), 3);
        assert_eq!(edit_distance("KITTEN", "SITTING"), 3);
        assert_eq!(edit_distance("ECRET", "SECRET"), 1);
        assert_eq!(edit_distance("THEAMBASSADOR", "CONFIDENTIAL"), 13);
        // Longer than the row kept on the stack.
        let long = "A".repeat(40);
        assert_eq!(edit_distance(&long, &"A".repeat(35)), 5);
        assert_eq!(edit_distance("B", &long), 40);
    }

    #[test]
    fn double_slash_is_found_as_find_finds_it() {
        for t in [
            "",
            "/",
            "//",
            "a/b//c",
            "///",
            "a/ /b",
            "RUEHC/SECSTATE WASHDC//IO//",
            "é//",
        ] {
            assert_eq!(find_double_slash(t), t.find("//"), "{t:?}");
        }
    }

    #[test]
    fn find_ci_works() {
        assert_eq!(find_ci("for REASONS 1.4", "reasons"), Some(4));
        assert_eq!(find_ci("ab", "abc"), None);
        assert_eq!(find_ci("abc", ""), None);
        assert_eq!(find_ci("abc", "abc"), Some(0));
        assert_eq!(find_ci("xx E.O. 1 e.o. 1", "e.o. 1"), Some(3));
        assert_eq!(find_ci("for rea; For Reason", "for reason"), Some(9));
        assert_eq!(find_ci("1.4 (b) and 1.4", "1.4 (d)"), None);
        assert_eq!(find_ci("Réason", "reason"), None);
        assert_eq!(find_ci("a\u{a0}REASON", "reason"), Some(3));
    }
}
