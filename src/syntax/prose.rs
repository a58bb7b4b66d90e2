//! The first-bytes test of a prose line: most lines of a cable are the
//! sentences of its paragraphs, and the parser should know them by a few
//! bytes instead of asking each recogniser in turn (each with its own
//! call, its own first-bytes test, some of them twice).

use super::banner::may_be_caption_line;
use super::body::{is_underline, may_be_page_header};
use super::captions::may_open_keyword;

/// Whether the trimmed line `line` is plain prose judged by its first
/// bytes: never true for a line that [`is_plain_text_line`] rejects or
/// that has a paragraph marker (whatever number is expected next), so a
/// line passing it, read while a numbered paragraph is open after a
/// non-blank line, can only continue the paragraph. False says nothing:
/// the line is read in full.
///
/// A letter followed by a small letter (`The`, `said`) starts neither a
/// banner (spaced letters put a blank after the first, unspaced ones are
/// capitals), a precedence letter of a date-time group (a word of one
/// letter), a distribution block (`INFO`, `ACTION`) nor a marker; the
/// keywords, caption words, `VZCZC`, the end lines and page headers that
/// can start so are tested by their own first-bytes tests. A line opening
/// with a sign no recogniser starts with (a quotation mark, an asterisk)
/// is prose whatever follows; a dash opens prose unless the line is a
/// rule.
///
/// [`is_plain_text_line`]: super::cable::is_plain_text_line
#[inline(always)]
pub(super) fn is_prose_by_first_bytes(line: &str) -> bool {
    let bytes = line.as_bytes();
    match bytes {
        [first, second, ..] if first.is_ascii_alphabetic() => {
            if !second.is_ascii_lowercase() {
                return false;
            }
            // `VZCZC` in any case.
            let transmission_id = *second == b'z' && first.eq_ignore_ascii_case(&b'v');
            // `NNNN` and `End Cable Text` in any case.
            let end_line = *second == b'n' && matches!(first, b'n' | b'N' | b'e' | b'E');
            !(may_open_keyword(bytes)
                || may_be_caption_line(bytes)
                || transmission_id
                || end_line
                || (bytes.len() >= 14 && may_be_page_header(bytes)))
        }
        [b'-', ..] => !is_underline(line),
        [first, ..] => matches!(
            first,
            b'"' | b'\''
                | b'*'
                | b'/'
                | b'&'
                | b'$'
                | b'<'
                | b'>'
                | b'#'
                | b'%'
                | b'+'
                | b'!'
                | b'?'
                | b','
                | b';'
                | b':'
                | b')'
                | b']'
                | b'@'
        ),
        [] => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::body::paragraph_marker;
    use crate::syntax::cable::is_plain_text_line;

    /// Whether the full readings find nothing in `t`: the recognisers
    /// [`is_plain_text_line`] asks, and a paragraph marker for any number.
    fn plain_in_full(t: &str) -> bool {
        is_plain_text_line(t, 0, t.len())
            && [0, 1, 2, 10, 11]
                .iter()
                .all(|&n| paragraph_marker(t, 0, t.len(), n).is_none())
    }

    /// The first-bytes test never calls prose a line that a recogniser
    /// reads: on the lines around every recogniser's first-bytes test, and
    /// on prose and near misses of each starting with a small letter.
    #[test]
    fn first_bytes_prose_is_prose_in_full() {
        let mut lines = crate::syntax::tests::boundary_lines();
        for first in ["", "\"", "*", "-", "--", "- ", "@", ":", "'"] {
            for rest in [
                "the minister said",
                "Tags: PREL",
                "Subject: talks",
                "Vzczc",
                "Nnnn",
                "End Cable Text",
                "Rome 00001406 002 OF 003",
                "Page 01 CAPE T 00097 01 OF 03",
                "Sipdis",
                "Eo 12958: N/A",
                "---",
                "- - -",
                "-\u{a0}-",
                "Classified by: x",
                "",
            ] {
                lines.push(format!("{first}{rest}"));
            }
        }
        let mut prose = 0;
        for t in &lines {
            let t = t.as_str();
            if is_prose_by_first_bytes(t) {
                prose += 1;
                assert!(plain_in_full(t), "{t:?}");
            }
        }
        // The test lets most of these through: it is asked to be quick on
        // prose, not only right.
        assert!(prose > 1000, "{prose}");
    }

    /// Exact answers on each side of the test's boundaries.
    #[test]
    fn first_bytes_prose_boundaries() {
        for t in [
            "the minister said",
            "The minister said",
            "said that twelve people",
            "Rabat visit of 00001406 people",
            "\"We will see,\" he said",
            "-- The minister",
            "-The minister",
            "*Note",
            "Ne",
            "Vague",
            "Some people",
            "Results",
            "Clearly",
            "Nine people",
            "None of them",
            "For the record",
            "President Obama",
        ] {
            assert!(is_prose_by_first_bytes(t), "{t:?}");
            assert!(plain_in_full(t), "{t:?}");
        }
        for (t, read_in_full_as_plain) in [
            // Structure.
            ("Tags: PREL", false),
            ("Subject: talks", false),
            ("Sipdis", false),
            ("Eo 12958: N/A", false),
            ("Nnnn", false),
            ("End Cable Text", false),
            ("Vzczcxro9950", false),
            ("Rome 00001406 002 OF 003", false),
            ("Page 01 CAPE T 00097 01 OF 03", false),
            ("---", false),
            ("- - -", false),
            ("c o n f i d e n t i a l", false),
            ("O 241223Z JAN 08", false),
            ("INFO LOG-00 EEB-00", false),
            ("1. (C) text", false),
            ("(C) Poloff delivered", false),
            ("SECRET//NOFORN", false),
            // Prose the test leaves to the full reading.
            ("THE MINISTER SAID", true),
            ("A meeting", true),
            ("Tagging along", true),
            ("Noforn is", true),
            ("Roman ruins 12 of them", true),
            ("2,000 troops", true),
            ("(1) first", true),
            ("a", true),
            ("\u{201c}We", true),
        ] {
            assert!(!is_prose_by_first_bytes(t), "{t:?}");
            assert_eq!(plain_in_full(t), read_in_full_as_plain, "{t:?}");
        }
    }
}
