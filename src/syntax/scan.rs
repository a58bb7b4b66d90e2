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

/// Whether `b` is one of the ASCII blanks: the space, `\t`, `\n`, the
/// vertical tab, the form feed and `\r` ([`is_blank_char`] of ASCII, and
/// the bytes `\s` and `char::is_whitespace` take in ASCII).
#[inline(always)]
pub const fn is_ascii_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r')
}

/// The length in bytes of the blank character starting at byte `i`, 0 when
/// there is none: [`is_blank_char`] read on bytes. Every blank is one ASCII
/// byte but the no-break space, whose UTF-8 form is `C2 A0` (`A0` only ever
/// follows a lead byte, and `C2 A0` is always that character).
pub(super) fn blank_len_at(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(&b) if is_ascii_blank(b) => 1,
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
        Some([.., b]) if is_ascii_blank(*b) => 1,
        Some([.., 0xc2, 0xa0]) => 2,
        _ => 0,
    }
}

/// Tokens of `text[start..end]`, split on blanks.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    token_iter(text, start, end).collect()
}

/// The last `n` tokens of `text[start..end]` (all of them when it has
/// fewer), in order: what [`tokens`] ends with, read from the end, for
/// readers of a line's last words that need not split a long line.
/// Blanks read backwards are the blanks read forwards: the no-break
/// space's `A0` follows its `C2` only, a lead byte.
pub fn last_tokens(text: &str, start: usize, end: usize, n: usize) -> Vec<Token<'_>> {
    let slice = text.get(start..end).unwrap_or_default();
    let bytes = slice.as_bytes();
    let mut out = Vec::with_capacity(n);
    let mut pos = bytes.len();
    while out.len() < n {
        loop {
            match blank_len_before(bytes, pos) {
                0 => break,
                k => pos -= k,
            }
        }
        if pos == 0 {
            break;
        }
        let tok_end = pos;
        while pos > 0 && blank_len_before(bytes, pos) == 0 {
            pos -= 1;
        }
        // Both ends are at a blank or at an end of the slice, so on char
        // boundaries.
        let Some(tok) = slice.get(pos..tok_end) else {
            break;
        };
        out.push(Token {
            start: start + pos,
            end: start + tok_end,
            text: tok,
        });
    }
    out.reverse();
    out
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

/// The text of the first token of `text[start..end]`: the first item of
/// [`token_iter`], without setting up the iterator. The header recognisers
/// ask this of most lines and look no further when the first word is not
/// their keyword.
#[inline]
pub fn first_token(text: &str, start: usize, end: usize) -> Option<&str> {
    let slice = text.get(start..end)?;
    let bytes = slice.as_bytes();
    let tok_start = skip_blank_bytes(text, start, end) - start;
    let mut pos = tok_start;
    while pos < bytes.len() && blank_len_at(bytes, pos) == 0 {
        pos += 1;
    }
    // Both ends are at a blank or at an end of the slice, so on char
    // boundaries; an empty token means there is none.
    slice.get(tok_start..pos).filter(|t| !t.is_empty())
}

/// Whether the first token of `text[start..end]` is `word` (ASCII, no
/// blanks): `first_token(..) == Some(word)` judged by the bytes of `word`
/// and the one after them.
#[inline]
pub fn first_token_is(text: &str, start: usize, end: usize, word: &str) -> bool {
    let Some(bytes) = text.get(start..end).map(str::as_bytes) else {
        return false;
    };
    let at = skip_blank_bytes(text, start, end) - start;
    let after = at + word.len();
    !word.is_empty()
        && bytes.get(at..after) == Some(word.as_bytes())
        && (after == bytes.len() || blank_len_at(bytes, after) != 0)
}

/// The index of the first non-blank byte of `text[from..end]` at or after
/// `from` (`end` when there is none): `trim_start_matches(is_blank_char)`
/// read on bytes.
#[inline]
pub fn skip_blank_bytes(text: &str, from: usize, end: usize) -> usize {
    let bytes = text.as_bytes().get(..end).unwrap_or_default();
    let mut pos = from;
    while pos < end {
        match blank_len_at(bytes, pos) {
            0 => break,
            n => pos += n,
        }
    }
    pos.min(end.max(from))
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
///
/// Those are settled here, where the call is made: a span whose first and
/// last bytes are ASCII but not blank is its own trimmed span (both ends
/// are char boundaries, next to an ASCII byte), one that only adds a space
/// to such a last byte loses the space, and an empty span stays empty.
#[inline(always)]
pub fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    if start >= end {
        return (start, start);
    }
    if let (Some(&first), Some(&last)) = (bytes.get(start), bytes.get(end - 1)) {
        if is_ascii_non_blank(first) {
            if is_ascii_non_blank(last) {
                return (start, end);
            }
            // Many wrapped lines keep the space they were broken at.
            if last == b' ' && end - start >= 2 {
                if let Some(&before) = bytes.get(end - 2) {
                    if is_ascii_non_blank(before) {
                        return (start, end - 1);
                    }
                }
            }
        }
    }
    trim_slow(text, start, end)
}

/// An ASCII byte that is no blank: a text's byte that ends no trim.
#[inline(always)]
fn is_ascii_non_blank(b: u8) -> bool {
    b.is_ascii() && !is_ascii_blank(b)
}

/// [`trim`] past its test of the two end bytes.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn trim_slow(text: &str, start: usize, end: usize) -> (usize, usize) {
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
#[inline]
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[inline]
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
///
/// Read on bytes up to the first non-ASCII one (an ASCII character is
/// lower-case exactly when it is a small letter), on characters after it.
pub fn has_no_lowercase(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Eight ASCII bytes at a time: adding 0x1F to a byte below 0x80 sets
    // its high bit from `a` (0x61) up, adding 0x05 from past `z` (0x7B),
    // and no sum carries into the next byte.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut ascii_end = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(eight);
        if w & HIGH != 0 {
            break;
        }
        if (w + 0x1f * ONES) & !(w + 0x05 * ONES) & HIGH != 0 {
            return false;
        }
        ascii_end += 8;
    }
    for (i, &b) in bytes.iter().enumerate().skip(ascii_end) {
        if b.is_ascii_lowercase() {
            return false;
        }
        if !b.is_ascii() {
            // `i` is at a char boundary: every byte before it is ASCII.
            return !s
                .get(i..)
                .unwrap_or_default()
                .chars()
                .any(char::is_lowercase);
        }
    }
    true
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

    /// The test of the two end bytes gives the full reading's span, on
    /// spans of every start and end in texts with blanks, the no-break
    /// space and other multi-byte characters at either end.
    #[test]
    fn trim_end_byte_test_agrees_with_the_full_reading() {
        for t in [
            "ab",
            " a ",
            "a\u{a0}",
            "\u{a0}a",
            "\u{a9}x\u{e0}",
            "x\t\r\n",
            "\u{c}\u{b}x",
            "(C) The minister.",
            "\u{b6}1. x\u{a0}\u{a0}",
            "the minister said ",
            "a  ",
            "\u{e0} ",
            " ",
            "",
        ] {
            for start in 0..=t.len() + 1 {
                for end in 0..=t.len() + 1 {
                    assert_eq!(
                        trim(t, start, end),
                        trim_slow(t, start, end),
                        "{t:?} {start}..{end}"
                    );
                }
            }
        }
        assert_eq!(trim("x ab y", 2, 4), (2, 4));
        assert_eq!(trim("x ab y", 1, 5), (2, 4));
        assert_eq!(trim("x ab y", 4, 2), (4, 4));
        assert_eq!(trim("said ", 0, 5), (0, 4));
        assert_eq!(trim("a  ", 0, 3), (0, 1));
        assert_eq!(trim("ab", 0, 3), (0, 0), "past the end");
    }

    /// The last tokens are the end of the list of tokens, for every count,
    /// on lines with every kind of blank, and on spans not on a char
    /// boundary (no tokens).
    #[test]
    fn last_tokens_are_the_end_of_the_tokens() {
        let mut n_compared = 0;
        for t in crate::syntax::tests::boundary_lines() {
            for (start, end) in [(0, t.len()), (1, t.len()), (0, 3), (2, 2), (3, 1)] {
                let all = tokens(&t, start, end);
                for n in 0..=all.len() + 2 {
                    let tail = all.get(all.len().saturating_sub(n)..).unwrap_or_default();
                    assert_eq!(
                        last_tokens(&t, start, end, n),
                        tail,
                        "{t:?} {start}..{end} {n}"
                    );
                    n_compared += 1;
                }
            }
        }
        assert!(n_compared > 100, "{n_compared}");
        let t = "x \u{a0}ROME\u{a0}\u{a9}\u{e0}\t\u{c}\u{b}y\u{a0} ";
        let last: Vec<_> = last_tokens(t, 1, t.len(), 2)
            .iter()
            .map(|t| (t.start, t.end, t.text))
            .collect();
        assert_eq!(last, [(10, 14, "\u{a9}\u{e0}"), (17, 18, "y")]);
        assert!(last_tokens(t, 3, 6, 3).is_empty(), "not on a char boundary");
    }

    /// The first token and the blank skipping are the general readings'.
    #[test]
    fn first_token_and_blank_skipping_are_the_general_readings() {
        for t in crate::syntax::tests::boundary_lines() {
            for (start, end) in [(0, t.len()), (1, t.len()), (0, 3), (2, 2), (3, 1)] {
                assert_eq!(
                    first_token(&t, start, end),
                    token_iter(&t, start, end).next().map(|t| t.text),
                    "{t:?} {start}..{end}"
                );
                if let Some(rest) = t.get(start..end) {
                    let skipped = rest.len() - rest.trim_start_matches(is_blank_char).len();
                    assert_eq!(skip_blank_bytes(&t, start, end), start + skipped, "{t:?}");
                }
            }
        }
        assert_eq!(first_token(" \u{a0}DE RUEH", 0, 10), Some("DE"));
        assert_eq!(first_token("  ", 0, 2), None);
        assert_eq!(skip_blank_bytes("a \u{a0}\tb", 1, 6), 5);
    }

    #[test]
    fn has_no_lowercase_is_the_char_reading() {
        for t in crate::syntax::tests::boundary_lines()
            .iter()
            .map(String::as_str)
            .chain(["", "ÉTAT", "État", "ABC é", "ABCΣ", "ABCσ", "x\u{a0}Y"])
        {
            assert_eq!(
                has_no_lowercase(t),
                !t.chars().any(char::is_lowercase),
                "{t:?}"
            );
        }
        // Every byte at every place of the first and second eight.
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = b"ABCDEFGHIJ KLMNOP/Q".to_vec();
                if let Some(x) = bytes.get_mut(at) {
                    *x = b;
                }
                if let Ok(t) = std::str::from_utf8(&bytes) {
                    assert_eq!(
                        has_no_lowercase(t),
                        !t.chars().any(char::is_lowercase),
                        "{t:?}"
                    );
                }
            }
        }
        for t in [
            "ABCDEFGHé",
            "ABCDEFGHÉ",
            "ABCDEFGH\u{b5}",
            "abcdefgh",
            "ABCDEFG`{@[z",
        ] {
            assert_eq!(
                has_no_lowercase(t),
                !t.chars().any(char::is_lowercase),
                "{t:?}"
            );
        }
        assert!(has_no_lowercase("ROME 1234 ÉTAT"));
        assert!(!has_no_lowercase("ROME 1234 ÉTaT"));
        assert!(!has_no_lowercase("ROME ÉTAT σ"));
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
