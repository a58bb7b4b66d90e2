//! Converting between byte offsets and LSP positions (0-based line, character
//! offset in the negotiated encoding: UTF-8 bytes or UTF-16 code units).
//! Positions past the end of a line or of the text clamp; nothing panics.

use crate::syntax::lines::line_starts;

/// The `positionEncoding` agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Line starts of a text, for repeated conversions over the same text.
pub struct PositionIndex {
    starts: Vec<usize>,
    encoding: Encoding,
}

impl PositionIndex {
    pub fn new(text: &str, encoding: Encoding) -> PositionIndex {
        PositionIndex {
            starts: line_starts(text),
            encoding,
        }
    }

    /// The (line, character) of a byte offset; an offset inside a character
    /// counts as that character's start.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let character = match self.encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
        };
        (line as u32, character as u32)
    }

    /// The byte offset of a position; a line past the end gives the text's
    /// end, a character past the line's end gives the line's end, and a
    /// character inside a multi-unit character gives that character's start.
    pub fn offset(&self, text: &str, line: u32, character: u32) -> usize {
        let Some(&start) = self.starts.get(line as usize) else {
            return text.len();
        };
        let line_end = self
            .starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line_text = &text[start..line_end];
        // The line's content, without its terminator.
        let content = line_text.trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + width > character as usize {
                return start + i;
            }
            units += width;
        }
        start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `¶` is 2 UTF-8 bytes and 1 UTF-16 unit; `’` 3 and 1; `é` 2 and 1;
    // `𝄞` (astral) 4 and 2.
    const TEXT: &str = "¶1. D’Alema é\r\n𝄞x\nend";

    #[test]
    fn utf16_positions() {
        let idx = PositionIndex::new(TEXT, Encoding::Utf16);
        let x = TEXT.find('x').unwrap();
        assert_eq!(idx.position(TEXT, x), (1, 2));
        assert_eq!(idx.offset(TEXT, 1, 2), x);
        let e = TEXT.find('é').unwrap();
        assert_eq!(idx.position(TEXT, e), (0, 12));
        assert_eq!(idx.offset(TEXT, 0, 12), e);
        // Inside the surrogate pair: the astral character's start.
        assert_eq!(idx.offset(TEXT, 1, 1), TEXT.find('𝄞').unwrap());
    }

    #[test]
    fn utf8_positions() {
        let idx = PositionIndex::new(TEXT, Encoding::Utf8);
        let x = TEXT.find('x').unwrap();
        assert_eq!(idx.position(TEXT, x), (1, 4));
        assert_eq!(idx.offset(TEXT, 1, 4), x);
        // Inside `¶`: clamped to its start.
        assert_eq!(idx.position(TEXT, 1), (0, 0));
        assert_eq!(idx.offset(TEXT, 0, 1), 0);
    }

    #[test]
    fn out_of_range_clamps() {
        let idx = PositionIndex::new(TEXT, Encoding::Utf16);
        assert_eq!(idx.offset(TEXT, 0, 999), TEXT.find('\r').unwrap());
        assert_eq!(idx.offset(TEXT, 99, 0), TEXT.len());
        assert_eq!(idx.position(TEXT, 10_000), (2, 3));
        assert_eq!(
            PositionIndex::new("", Encoding::Utf8).position("", 5),
            (0, 0)
        );
    }
}
