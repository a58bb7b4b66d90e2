//! Byte offset ↔ (line, column) conversion for whole texts held as `&str`
//! (the command line and files not open in an editor). Columns count Unicode
//! scalar values, as `check` prints them, or UTF-16 code units for LSP clients.

use crate::syntax::lines::line_starts;

pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            starts: line_starts(text),
        }
    }

    /// 0-based line of a byte offset (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line)
            .copied()
            .unwrap_or_else(|| *self.starts.last().unwrap_or(&0))
    }

    /// 0-based (line, column in characters) of a byte offset. Offsets inside a
    /// character or past the end are clamped, never a panic.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        (line, text[start..offset].chars().count())
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let t = "ab\n¶1. x\r\nz";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, 0), (0, 0));
        assert_eq!(idx.position(t, 3), (1, 0));
        assert_eq!(idx.position(t, 6), (1, 2)); // after "¶1"
        assert_eq!(idx.position(t, 4), (1, 0)); // inside ¶: clamped back
        assert_eq!(idx.position(t, t.len() + 5), (2, 1));
    }
}
