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

    /// [`LineIndex::line_of`], looked for first in line `near` and the
    /// few lines after it: offsets converted in text order are mostly on
    /// the line of the last one or just below, found without a search.
    pub fn line_of_near(&self, near: usize, offset: usize) -> usize {
        line_of_near(&self.starts, near, offset)
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

/// [`LineIndex::line_of_near`] over a list of line starts.
pub fn line_of_near(starts: &[usize], near: usize, offset: usize) -> usize {
    if starts.get(near).is_some_and(|&s| s <= offset) {
        let mut line = near;
        for _ in 0..8 {
            match starts.get(line + 1) {
                Some(&next) if next <= offset => line += 1,
                _ => return line,
            }
        }
    }
    match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
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

    /// Looking near a line gives the search's answer from any line, for
    /// every offset: on the line, below it (within the steps and beyond),
    /// above it, and past the end.
    #[test]
    fn line_of_near_agrees_with_the_search() {
        let t = "a\n\nbb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nlast";
        let idx = LineIndex::new(t);
        for near in 0..idx.line_count() + 2 {
            for offset in 0..t.len() + 3 {
                assert_eq!(
                    idx.line_of_near(near, offset),
                    idx.line_of(offset),
                    "{near} {offset}"
                );
            }
        }
    }
}
