//! Paragraph-level re-parse. Most keystrokes land inside the prose of a
//! numbered paragraph and change no line's kind: the tree stays the same
//! but for that paragraph's end and the offsets after the edit. This module
//! proves that from the edited line alone and then shifts the old tree,
//! instead of re-reading the cable's lines.
//!
//! The proof, in the parser's terms (`cable.rs`): a line read after a
//! non-blank line while a numbered paragraph is open continues that
//! paragraph unless one of the recognisers in
//! [`is_plain_text_line`](super::cable::is_plain_text_line) fires on it.
//! If the edited line was such a line before the edit and still is after,
//! and the edit adds or removes no line break, every line is read the same
//! way as before: the parser's state after the line (open paragraph,
//! previous line non-blank, phase) is unchanged, and no later decision
//! reads the line's words. Two things look back at a paragraph's words and
//! are excluded: the signature search (the cable's last paragraph) and the
//! heading test of the line before (only for a blank or underline line).

use super::ast::*;
use super::body::paragraph_marker;
use super::cable::{is_free_of_structure, is_plain_text_line};
use super::lines::line_at;
use super::scan::trim;
use super::span::Span;

/// An edit of one cable's text, in offsets relative to the cable: the old
/// bytes `start..old_end` became `new_len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CableEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_len: usize,
}

/// The tree of the cable after `edit`, when the edit stays inside a
/// continuation line of a numbered paragraph (not the cable's last) and
/// leaves that line plain prose; `None` when the cable must be parsed
/// again. `old` is the tree of `old_text`; `new_text` is the edited text.
pub fn reparse_in_paragraph(
    old: &Cable,
    old_text: &str,
    new_text: &str,
    edit: CableEdit,
) -> Option<Cable> {
    let CableEdit {
        start,
        old_end,
        new_len,
    } = edit;
    let removed = old_text.get(start..old_end)?;
    let inserted = new_text.get(start..start.checked_add(new_len)?)?;
    if has_line_break(removed) || has_line_break(inserted) {
        return None;
    }
    if new_text.len() + (old_end - start) != old_text.len() + new_len {
        return None;
    }
    let line_start = old_text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let old_line = line_at(old_text, line_start)?;
    let new_line = line_at(new_text, line_start)?;
    if old_end > old_line.end {
        return None;
    }
    let (os, oe) = trim(old_text, old_line.start, old_line.end);
    let (ns, ne) = trim(new_text, new_line.start, new_line.end);
    if os >= oe || ns >= ne {
        return None;
    }
    // The paragraph holding the line: numbered, not the cable's last.
    let index = old
        .paragraphs
        .iter()
        .position(|p| p.span.start as usize <= os && oe <= p.span.end as usize)?;
    let paragraph = &old.paragraphs[index];
    if paragraph.marker.is_none() || index + 1 == old.paragraphs.len() {
        return None;
    }
    let unchanged = if paragraph.span.start as usize == os {
        first_line_unchanged(old, index, old_text, new_text, (os, oe), (ns, ne))
    } else {
        previous_line_has_text(old_text, line_start)
            && is_plain_text_line(old_text, os, oe)
            && is_plain_text_line(new_text, ns, ne)
    };
    if !unchanged {
        return None;
    }
    let ends_here = paragraph.span.end as usize == oe;
    let delta = new_len as i64 - (old_end - start) as i64;
    let mut cable = old.clone();
    cable.shift_from(old_end as u32, delta);
    cable.len = u32::try_from(new_text.len()).ok()?;
    let shifted = &mut cable.paragraphs[index];
    // The marker and marking read the same (checked), and prose typed
    // where the prose starts is prose: they keep their offsets.
    shifted.marker = paragraph.marker.clone();
    shifted.marking = paragraph.marking;
    shifted.text_start = paragraph.text_start;
    shifted.span.start = paragraph.span.start;
    if ends_here {
        // The paragraph ends with this line's text, wherever the edit left it.
        shifted.span.end = ne as u32;
    }
    Some(cable)
}

/// The paragraph's first line, edited in its prose: read the same way when
/// it follows a blank line after the previous paragraph (so that paragraph
/// was still open and the marker is accepted on sight), its marker reads
/// the same, and nothing else could be seen in it.
fn first_line_unchanged(
    old: &Cable,
    index: usize,
    old_text: &str,
    new_text: &str,
    (os, oe): (usize, usize),
    (ns, ne): (usize, usize),
) -> bool {
    let Some(previous) = index.checked_sub(1).and_then(|i| old.paragraphs.get(i)) else {
        return false;
    };
    let line_start = old_text[..os].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let gap = old_text.get(previous.span.end as usize..os).unwrap_or("x");
    if !gap.chars().all(char::is_whitespace) || previous_line_has_text(old_text, line_start) {
        return false;
    }
    let expected = old.paragraphs[..index]
        .iter()
        .rev()
        .find_map(|p| p.marker.as_ref().map(|m| m.number + 1))
        .unwrap_or(1);
    let old_marker = paragraph_marker(old_text, os, oe, expected);
    old_marker.is_some()
        && old_marker == paragraph_marker(new_text, ns, ne, expected)
        && is_free_of_structure(old_text, os, oe)
        && is_free_of_structure(new_text, ns, ne)
}

fn has_line_break(text: &str) -> bool {
    text.contains(['\n', '\r'])
}

/// Whether the line before the one starting at `line_start` holds text.
fn previous_line_has_text(text: &str, line_start: usize) -> bool {
    let Some(before) = text.get(..line_start) else {
        return false;
    };
    let before = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix('\n'))
        .or_else(|| before.strip_suffix('\r'));
    let Some(before) = before else {
        return false;
    };
    let prev_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let (s, e) = trim(text, prev_start, before.len());
    s < e
}

/// Moving every offset at or past `at` by `delta` bytes.
trait Shift {
    fn shift_from(&mut self, at: u32, delta: i64);
}

impl Shift for u32 {
    fn shift_from(&mut self, at: u32, delta: i64) {
        if *self >= at {
            *self = (i64::from(*self) + delta).clamp(0, i64::from(u32::MAX)) as u32;
        }
    }
}

impl Shift for Span {
    fn shift_from(&mut self, at: u32, delta: i64) {
        self.start.shift_from(at, delta);
        self.end.shift_from(at, delta);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift_from(&mut self, at: u32, delta: i64) {
        if let Some(x) = self {
            x.shift_from(at, delta);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift_from(&mut self, at: u32, delta: i64) {
        for x in self {
            x.shift_from(at, delta);
        }
    }
}

/// `Shift` for a tree node, naming every field: the ones holding offsets
/// and the ones that do not. The pattern has no `..`, so a field added to
/// the tree without being listed here is a compile error, not a stale
/// offset.
macro_rules! shift_fields {
    ($($ty:ident { shift: [$($f:ident),*], keep: [$($k:ident),*] })*) => {$(
        impl Shift for $ty {
            fn shift_from(&mut self, at: u32, delta: i64) {
                let $ty { $($f,)* $($k: _,)* } = self;
                $($f.shift_from(at, delta);)*
            }
        }
    )*};
}

shift_fields! {
    Cable {
        shift: [preamble, distribution, transmission_id, routing, de, security, dtg_line,
            from, addressees, banners, captions, passing, eo, tags, subject, refs,
            classified_by, headings, paragraphs, page_headers, stray_captions, signature,
            end_marker, unknown_lines, repeated],
        keep: [start, len, shape]
    }
    TransmissionId { shift: [span, channel, sequence], keep: [] }
    RoutingLine { shift: [span, prosign, indicators], keep: [] }
    DeLine { shift: [span, station, serial, section, julian_day, time], keep: [well_formed] }
    SecurityLine { shift: [span, signal, letters], keep: [] }
    DtgLine { shift: [span, precedence, info_precedence, dtg, trailer], keep: [] }
    Dtg { shift: [span, day, hour, minute, month, year], keep: [] }
    FromLine { shift: [span, address], keep: [] }
    Addressee {
        shift: [span, keyword, routing_indicator, station, precedence, serial, office_symbol,
            stray],
        keep: [kind]
    }
    Banner {
        shift: [span, classification, controls, section, office, serial, trailing],
        keep: [spaced]
    }
    SectionOf { shift: [span, number, total], keep: [] }
    Caption { shift: [span], keep: [] }
    EoLine { shift: [span, keyword, order, action_word, value], keep: [action] }
    Tags { shift: [span, keyword, items], keep: [] }
    TagItem { shift: [span, value], keep: [kind, markdown_link] }
    Subject { shift: [span, keyword, marking, lines], keep: [] }
    Refs { shift: [span, keyword, items], keep: [] }
    RefItem { shift: [span, label, body], keep: [] }
    ClassifiedBy { shift: [span, keyword, people, titles, section, reasons], keep: [] }
    Reason { shift: [span], keep: [] }
    Heading { shift: [span, text, underline], keep: [] }
    Paragraph { shift: [span, marker, marking, text_start], keep: [] }
    ParagraphMarker { shift: [span, number_span], keep: [number, style] }
    PageHeader { shift: [span, office, serial, page, total, glued], keep: [] }
    Signature { shift: [span, names], keep: [glued] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_cables_from;

    const CABLE: &str = "SUBJECT: TALKS\n\n\
        1. (C) Foreign Minister Massimo D'Alema said the talks\n\
        would go on into the spring, and the\n\
        Italians agreed.\n\n\
        2. (C) Second paragraph.\n\n\
        SPOGLI\n";

    fn parse(text: &str) -> Cable {
        parse_cables_from(text, 0).next().expect("a cable")
    }

    /// Applies `new` at the first occurrence of `old` after `after`, and
    /// returns the shifted tree (checked equal to a full parse) or `None`.
    fn edit(after: &str, old: &str, new: &str) -> Option<Cable> {
        let from = CABLE.find(after).expect("anchor");
        let start = from + CABLE[from..].find(old).expect("old text");
        let new_text = format!("{}{new}{}", &CABLE[..start], &CABLE[start + old.len()..]);
        let edit = CableEdit {
            start,
            old_end: start + old.len(),
            new_len: new.len(),
        };
        let shifted = reparse_in_paragraph(&parse(CABLE), CABLE, &new_text, edit)?;
        assert_eq!(
            shifted,
            parse(&new_text),
            "shifted tree differs from a parse"
        );
        Some(shifted)
    }

    #[test]
    fn words_typed_in_a_continuation_line_shift_the_tree() {
        let cable = edit("would", "spring", "early spring").expect("in-paragraph");
        assert_eq!(
            cable.paragraphs[0].span.end as usize,
            CABLE.find(".\n\n2.").unwrap() + 7
        );
        assert!(edit("Italians", "agreed.", "agreed fully.").is_some());
        assert!(edit("Italians", "Italians ", "").is_some());
    }

    #[test]
    fn words_typed_after_a_marker_shift_the_tree() {
        let text = CABLE.replace(
            "2. (C) Second paragraph.",
            "2. (C) Second paragraph.\n\n3. (U) Third.",
        );
        let cable = parse(&text);
        let at = text.find("Second").unwrap();
        let new_text = format!("{}A {}", &text[..at], &text[at..]);
        let edit = CableEdit {
            start: at,
            old_end: at,
            new_len: 2,
        };
        let shifted = reparse_in_paragraph(&cable, &text, &new_text, edit).expect("in-paragraph");
        assert_eq!(shifted, parse(&new_text));
        // Touching the marking changes how the marker reads.
        let at = text.find("(C) Second").unwrap() + 1;
        let new_text = format!("{}x{}", &text[..at], &text[at + 1..]);
        let edit = CableEdit {
            start: at,
            old_end: at + 1,
            new_len: 1,
        };
        assert_eq!(reparse_in_paragraph(&cable, &text, &new_text, edit), None);
    }

    #[test]
    fn edits_that_may_change_a_line_kind_need_a_parse() {
        // The paragraph's first line follows a caption, not a paragraph.
        assert_eq!(edit("1. (C)", "Foreign", "Prime"), None);
        // The marker itself.
        assert_eq!(edit("2. (C)", "2.", "3."), None);
        // A new line break.
        assert_eq!(edit("would", "spring", "spring\n"), None);
        // The line becomes a paragraph marker, a caption, an end marker.
        assert_eq!(edit("Italians", "Italians agreed.", "3. (C) New"), None);
        assert_eq!(edit("Italians", "Italians agreed.", "TAGS: PREL"), None);
        assert_eq!(edit("Italians", "Italians agreed.", "NNNN"), None);
        // The cable's last paragraph, where the signature is looked for.
        assert_eq!(edit("2. (C)", "Second", "Third"), None);
    }
}
