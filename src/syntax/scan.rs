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

/// Tokens of `text[start..end]`, split on blanks.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    token_iter(text, start, end).collect()
}

/// [`tokens`] one at a time, for tests that can stop early: most lines are
/// prose, and a recogniser that rejects them after a token or two should
/// not split the whole line.
pub fn token_iter(text: &str, start: usize, end: usize) -> impl Iterator<Item = Token<'_>> {
    let slice = text.get(start..end).unwrap_or_default();
    let mut chars = slice.char_indices();
    std::iter::from_fn(move || {
        let mut tok_start = None;
        for (i, c) in chars.by_ref() {
            if is_blank_char(c) {
                if let Some(s) = tok_start {
                    return Some(Token {
                        start: start + s,
                        end: start + i,
                        text: &slice[s..i],
                    });
                }
            } else if tok_start.is_none() {
                tok_start = Some(i);
            }
        }
        tok_start.map(|s| Token {
            start: start + s,
            end: start + slice.len(),
            text: &slice[s..],
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

/// `start..end` with blanks trimmed on both sides.
pub fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let Some(slice) = text.get(start..end) else {
        return (start, start);
    };
    let lead = slice.len() - slice.trim_start_matches(is_blank_char).len();
    let trail = slice.len() - slice.trim_end_matches(is_blank_char).len();
    if lead == slice.len() {
        return (start, start);
    }
    (start + lead, end - trail)
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
    let (a, b) = (a.as_bytes(), b.as_bytes());
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

/// Finds `needle` in `hay` ignoring ASCII case; returns the byte index.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_offsets() {
        let t = tokens("xx TO  RUEHC/SECSTATE WASHDC ", 3, 29);
        let texts: Vec<_> = t.iter().map(|t| (t.start, t.text)).collect();
        assert_eq!(texts, [(3, "TO"), (7, "RUEHC/SECSTATE"), (22, "WASHDC")]);
    }

    #[test]
    fn trim_handles_nbsp_and_blank_lines() {
        assert_eq!(trim("  a\u{a0}", 0, 5), (2, 3));
        assert_eq!(trim("   ", 0, 3), (0, 0));
        assert_eq!(trimmed_span("   ", 0, 3), None);
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
    fn find_ci_works() {
        assert_eq!(find_ci("for REASONS 1.4", "reasons"), Some(4));
        assert_eq!(find_ci("ab", "abc"), None);
    }
}
