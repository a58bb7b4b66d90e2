//! Is this text a cable? Decided by content, not by file name: a transmission
//! id, a classification banner, a date-time group or a TAGS/SUBJECT caption in
//! the first lines.

use crate::syntax::lines::{lines_from, Line};
use crate::syntax::{Cable, Span};

/// How many non-blank lines to look at.
const HEAD_LINES: usize = 60;

pub fn looks_like_cable(text: &str) -> bool {
    let head = text.get(..head_len(text)).unwrap_or(text);
    has_cable_in_head(&crate::syntax::parse(head), head.len())
}

/// [`looks_like_cable`] decided on `parse`, the parse of the whole `text`
/// made for its analysis, rather than on a parse of its head first.
pub fn is_cable_parse(text: &str, parse: &crate::syntax::Parse) -> bool {
    has_cable_in_head(parse, head_len(text))
}

/// Whether a cable of `parse` has a cable element before byte `head`.
fn has_cable_in_head(parse: &crate::syntax::Parse, head: usize) -> bool {
    parse
        .cables
        .iter()
        .any(|c| has_cable_element_before(c, head))
}

/// Whether `cable` has an element only cables have (a transmission id, a
/// classification banner, a date-time group line, a TAGS or SUBJECT
/// caption) starting before byte `end` of its document. Indexing decides
/// with this on the parse it summarises, with `end` at [`head_len`], rather
/// than parsing the head a second time: the head is about a third of a
/// typical cable.
pub fn has_cable_element_before(cable: &Cable, end: usize) -> bool {
    let before = |span: Span| (cable.start as usize).saturating_add(span.start as usize) < end;
    cable
        .transmission_id
        .as_ref()
        .is_some_and(|t| before(t.span))
        || cable.banners.iter().any(|b| before(b.span))
        || cable.dtg_line.as_ref().is_some_and(|d| before(d.span))
        || cable.tags.as_ref().is_some_and(|t| before(t.span))
        || cable.subject.as_ref().is_some_and(|s| before(s.span))
}

/// The length of the text up to its `HEAD_LINES`-th non-blank line: the
/// part a cable's header must show itself in.
pub fn head_len(text: &str) -> usize {
    head_len_of_lines(text, lines_from(text, 0))
}

/// [`head_len`] of `text`, whose lines are `lines` (read from a line scan
/// made beforehand, for one).
pub(crate) fn head_len_of_lines(text: &str, lines: impl IntoIterator<Item = Line>) -> usize {
    let mut n = 0;
    for line in lines {
        if line.start < line.end {
            n += 1;
        }
        if n >= HEAD_LINES {
            return line.next;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_shapes() {
        assert!(looks_like_cable("\n\nVZCZCXRO9950\nOO RUEHFL\n"));
        assert!(looks_like_cable("C O N F I D E N T I A L ROME 000104\n"));
        assert!(looks_like_cable("TAGS: PREL PGOV\n"));
        assert!(!looks_like_cable(
            "Dear colleague,\nthe meeting is at noon.\n"
        ));
        assert!(!looks_like_cable(""));
    }
}
