//! The syntax layer: `parse(&str) -> Parse`, a lossless, span-carrying tree of the
//! cables in a document. Parsing never fails and never panics; every element is
//! optional, and unrecognised lines are kept, not dropped.

mod ast;
mod banner;
pub use banner::is_caption_word;
mod body;
mod breaks;
mod cable;
mod captions;
mod header;
mod incremental;
pub use incremental::{reparse_in_paragraph, CableEdit};
pub mod line_scan;
pub mod lines;
mod prose;
pub mod render;
pub mod scan;
mod span;

pub use ast::*;
pub use span::Span;

/// Documents larger than this are parsed up to the limit only (spans are `u32`).
pub const MAX_DOCUMENT_LEN: usize = u32::MAX as usize - 1;

/// The result of parsing a document: its cables, in order, and document-level
/// problems.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub cables: Vec<Cable>,
    pub errors: Vec<SyntaxError>,
}

/// A problem with the document as a whole (not with one element: those are
/// recorded in the tree and judged by the diagnostics).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Absolute byte range in the document.
    pub span: Span,
    pub message: String,
}

/// Parses every cable in `text`.
pub fn parse(text: &str) -> Parse {
    let mut errors = Vec::new();
    let text = if text.len() > MAX_DOCUMENT_LEN {
        let mut cut = MAX_DOCUMENT_LEN;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        errors.push(SyntaxError {
            span: Span::new(cut, cut),
            message: format!(
                "document longer than {MAX_DOCUMENT_LEN} bytes; the rest is not parsed"
            ),
        });
        &text[..cut]
    } else {
        text
    };
    Parse {
        cables: parse_cables_from(text, 0).collect(),
        errors,
    }
}

/// Parses the cables of `text` starting at byte `start` (which must be a line
/// start, normally a cable start), lazily. The incremental re-parse uses this to
/// re-read from the first touched cable and stop once it is back in step.
pub fn parse_cables_from(text: &str, start: usize) -> impl Iterator<Item = Cable> + '_ {
    let mut pos = start.min(text.len());
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let cable_start = pos;
        let mut c = cable::parse_cable(text.get(pos..)?)?;
        // A cable always consumes at least its first line, so this ends.
        let len = (c.len as usize).max(1);
        pos += len;
        c.start = cable_start as u32;
        c.len = len as u32;
        Some(c)
    })
}

/// [`parse_cables_from`]`(text, 0)`, the lines read from `starts`, the line
/// starts of `text` as [`lines::line_starts`] gives them (found by the
/// caller, who needs them too): the same cables, without searching every
/// line's end again.
pub fn parse_cables_on_starts<'a>(
    text: &'a str,
    starts: &'a [usize],
) -> impl Iterator<Item = Cable> + 'a {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let cable_start = pos;
        let mut lines = lines::StartedLines::new(text, starts, pos);
        let mut c = cable::parse_cable_on(text.get(pos..)?, &mut lines)?;
        // A cable always consumes at least its first line, so this ends.
        let len = (c.len as usize).max(1);
        pos += len;
        c.start = cable_start as u32;
        c.len = len as u32;
        Some(c)
    })
}

#[cfg(test)]
pub(crate) mod tests;
