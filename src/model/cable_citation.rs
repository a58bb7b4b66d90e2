//! The shape of a cable citation in a REF item (`08 ROME 94`, `2008 BAKU
//! 917`, `BRASILIA 709 (08)`, `09 STATE 12345 (NOTAL)`): an optional year,
//! the office, the number, an optional year after, `NOTAL`.
//!
//! The shape is the regular expression [`CITATION_PATTERN`]. Citations
//! without a blank or digit outside ASCII (all of them in practice) are
//! read by hand, with the captures the expression gives them: compiling
//! the expression cost more than a cold index of a whole corpus spent
//! matching it. Other text is matched by the expression itself, compiled
//! when first needed.

use crate::syntax::scan::is_ascii_blank;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// The citation's shape. The office is one to three words of letters
/// (SAO PAULO, BUENOS AIRES, RIO DE JANEIRO) written in capitals.
pub const CITATION_PATTERN: &str = r"^(?:(?P<y1>\d{2}|\d{4})\s*)?(?P<office>[A-Z][A-Z.'-]*(?:\s[A-Z][A-Z.'-]*){0,2})\s*0*(?P<num>\d{1,7})(?:\s*\((?P<y2>\d{2}|\d{4})\))?(?:\s*\(?NOTAL\)?)?\s*[.,;]?$";

/// The parts of a citation the expression captures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CitationParts<'a> {
    /// The year written before the office.
    pub y1: Option<&'a str>,
    pub office: &'a str,
    /// The number without its leading zeros (`0` when it has no other
    /// digit).
    pub num: &'a str,
    /// The year written in brackets after the number.
    pub y2: Option<&'a str>,
}

/// The parts of `cited` when the whole of it is a cable citation.
pub fn citation_parts(cited: &str) -> Option<CitationParts<'_>> {
    if read_by_hand(cited) {
        ascii_citation_parts(cited)
    } else {
        regex_citation_parts(cited)
    }
}

/// Whether the hand reading gives the expression's captures on `cited`:
/// when none of its characters outside ASCII is a blank (`\s`) or a digit
/// (`\d`, any of Unicode's). Such a character matches nothing the
/// expression asks for but a literal, as its bytes (all outside ASCII)
/// match nothing the hand reading asks for.
fn read_by_hand(cited: &str) -> bool {
    cited.is_ascii()
        || cited
            .chars()
            .all(|c| c.is_ascii() || !(c.is_whitespace() || c.is_numeric()))
}

/// [`citation_parts`] by the expression.
fn regex_citation_parts(cited: &str) -> Option<CitationParts<'_>> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(CITATION_PATTERN).ok())
        .as_ref()?;
    let caps = re.captures(cited)?;
    Some(CitationParts {
        y1: caps.name("y1").map(|m| m.as_str()),
        office: caps.name("office")?.as_str(),
        num: caps.name("num")?.as_str(),
        y2: caps.name("y2").map(|m| m.as_str()),
    })
}

/// [`citation_parts`] of a text read by hand (ASCII, or whose other
/// characters are neither blanks nor digits: see [`read_by_hand`]).
///
/// The expression leaves no choice to its backtracking on such a text:
/// every part is followed by a byte that part cannot take, so each is
/// read greedily once. The year before the office is the leading run of
/// digits when it has two or four of them (the office must follow it);
/// the office takes every word it can (a word it gave back would leave a
/// blank and a capital where a digit must follow); the number is the next
/// run of digits less its leading zeros, all of it being taken by `0*`
/// and the number; the year after is taken when the rest still fits.
fn ascii_citation_parts(cited: &str) -> Option<CitationParts<'_>> {
    let b = cited.as_bytes();
    let part = |r: Range<usize>| cited.get(r);
    let mut i = 0;
    let y1 = match digit_run(b, 0) {
        0 => None,
        n @ (2 | 4) => {
            i = skip_blanks(b, n);
            Some(part(0..n)?)
        }
        _ => return None,
    };
    let office_start = i;
    if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    i = office_word_end(b, i);
    for _ in 0..2 {
        if b.get(i).is_some_and(|&c| is_ascii_blank(c))
            && b.get(i + 1).is_some_and(u8::is_ascii_uppercase)
        {
            i = office_word_end(b, i + 1);
        } else {
            break;
        }
    }
    let office = part(office_start..i)?;
    let run_start = skip_blanks(b, i);
    let run_end = run_start + digit_run(b, run_start);
    let zeros = b
        .get(run_start..run_end)?
        .iter()
        .take_while(|&&c| c == b'0')
        .count();
    let num_start = if run_start + zeros == run_end {
        run_end.checked_sub(1).filter(|&s| s >= run_start)?
    } else {
        run_start + zeros
    };
    if run_end - num_start > 7 {
        return None;
    }
    let num = part(num_start..run_end)?;
    // The year after: `\s*\(` then two or four digits and `)`.
    let open = skip_blanks(b, run_end);
    if b.get(open) == Some(&b'(') {
        let n = digit_run(b, open + 1);
        if matches!(n, 2 | 4) && b.get(open + 1 + n) == Some(&b')') && tail_fits(b, open + 2 + n) {
            return Some(CitationParts {
                y1,
                office,
                num,
                y2: Some(part(open + 1..open + 1 + n)?),
            });
        }
    }
    tail_fits(b, run_end).then_some(CitationParts {
        y1,
        office,
        num,
        y2: None,
    })
}

/// Whether `b[from..]` is `(?:\s*\(?NOTAL\)?)?\s*[.,;]?$`.
fn tail_fits(b: &[u8], from: usize) -> bool {
    let mut i = skip_blanks(b, from);
    if b.get(i) == Some(&b'(') {
        i += 1;
    }
    if b.get(i..i + 5) == Some(b"NOTAL") {
        let mut after = i + 5;
        if b.get(after) == Some(&b')') {
            after += 1;
        }
        if ends_fits(b, after) {
            return true;
        }
    }
    ends_fits(b, from)
}

/// Whether `b[from..]` is `\s*[.,;]?$`.
fn ends_fits(b: &[u8], from: usize) -> bool {
    let mut i = skip_blanks(b, from);
    if matches!(b.get(i), Some(b'.' | b',' | b';')) {
        i += 1;
    }
    i == b.len()
}

/// The number of ASCII digits from `from`.
fn digit_run(b: &[u8], from: usize) -> usize {
    b.get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// The end of an office word's `[A-Z.'-]*` from `from`.
fn office_word_end(b: &[u8], from: usize) -> usize {
    from + b
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| c.is_ascii_uppercase() || matches!(c, b'.' | b'\'' | b'-'))
        .count()
}

/// The first byte at or after `from` that is no blank.
fn skip_blanks(b: &[u8], from: usize) -> usize {
    from + b
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| is_ascii_blank(c))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand reading gives the expression's captures on every text made
    /// of the pieces a citation is built from, and on each text's prefixes.
    #[test]
    fn hand_reading_is_the_expression() {
        let years = [
            "",
            "08",
            "08 ",
            "2008 ",
            "2008",
            "200 ",
            "8 ",
            "12345 ",
            " ",
            "é",
            "0\u{663} ",
        ];
        let offices = [
            "ROME",
            "SAO PAULO",
            "RIO DE JANEIRO",
            "A B C D",
            "SAO  PAULO",
            "U.S.-O'K",
            "rome",
            "ROME\tX",
            "ROME\u{b}X",
            "",
            "PARIS POINTS NOV",
            "ROMÉ",
            "ROME\u{a0}X",
            "SÃO PAULO",
        ];
        let numbers = [
            " 94",
            "94",
            " 000991",
            " 000",
            "0",
            " 1234567",
            " 12345678",
            " 00012345678",
            " 0001234567",
            "",
            " 7a",
            "\u{2003}94",
            " 9\u{663}",
            " 9’",
        ];
        let tails = [
            "",
            " (08)",
            "(2008)",
            " (008)",
            " (08",
            " (NOTAL)",
            " NOTAL",
            "(NOTAL",
            "NOTAL)",
            " (08) NOTAL.",
            " (08)(NOTAL);",
            ".",
            " ,",
            ";;",
            " (A)",
            " notal",
            " (08) x",
            "\u{b}.",
            " (08)’",
            "\u{a0}(\u{663}\u{663})",
            " NOTAL\u{3000}",
        ];
        let expression = Regex::new(CITATION_PATTERN).unwrap();
        let mut n_matches = 0;
        let mut n_by_hand = 0;
        for y in years {
            for o in offices {
                for n in numbers {
                    for t in tails {
                        let text = format!("{y}{o}{n}{t}");
                        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                            let cited = &text[..end];
                            let expected = expression.captures(cited).map(|c| CitationParts {
                                y1: c.name("y1").map(|m| m.as_str()),
                                office: c.name("office").unwrap().as_str(),
                                num: c.name("num").unwrap().as_str(),
                                y2: c.name("y2").map(|m| m.as_str()),
                            });
                            n_matches += usize::from(expected.is_some());
                            if read_by_hand(cited) {
                                n_by_hand += 1;
                                assert_eq!(ascii_citation_parts(cited), expected, "{cited:?}");
                            }
                            assert_eq!(citation_parts(cited), expected, "{cited:?}");
                        }
                    }
                }
            }
        }
        // Many of the texts are citations: both readings were tested on matches.
        assert_eq!(n_matches, 72_144);
        assert_eq!(n_by_hand, 807_510);
    }

    #[test]
    fn parts_of_citations() {
        assert_eq!(
            citation_parts("2008 SAO PAULO 000991 (08) (NOTAL)."),
            Some(CitationParts {
                y1: Some("2008"),
                office: "SAO PAULO",
                num: "991",
                y2: Some("08"),
            })
        );
        assert_eq!(
            citation_parts("STATE 000"),
            Some(CitationParts {
                y1: None,
                office: "STATE",
                num: "0",
                y2: None,
            })
        );
        assert_eq!(citation_parts("STATE 12345678"), None);
        assert_eq!(citation_parts("PARIS POINTS NOV 22 X"), None);
        assert_eq!(citation_parts("ROME 94 é"), None);
        assert!(read_by_hand("ROME 94 é"));
        // Blanks and digits outside ASCII are read by the expression.
        assert!(!read_by_hand("ROME\u{a0}94"));
        assert!(!read_by_hand("ROME \u{663}"));
        assert_eq!(
            citation_parts("ROME\u{a0}94"),
            Some(CitationParts {
                y1: None,
                office: "ROME",
                num: "94",
                y2: None,
            })
        );
    }
}
