//! Byte ranges into cable text: the one currency every layer above the parser trades in.

use std::fmt;

/// A half-open byte range `start..end`.
///
/// Inside a [`crate::syntax::Cable`] spans are relative to the cable's own start, so a
/// cable parsed once stays valid when an edit elsewhere in the document moves it
/// (the incremental re-parse only shifts `Cable::start`). `u32` keeps the trees
/// compact; documents are capped below 4 GiB by [`crate::syntax::MAX_DOCUMENT_LEN`].
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    pub fn empty(at: usize) -> Span {
        Span::new(at, at)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Moves the span by `delta` bytes (used to turn cable-relative spans into
    /// document offsets).
    pub fn shift(self, delta: u32) -> Span {
        Span {
            start: self.start + delta,
            end: self.end + delta,
        }
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < self.end as usize
    }

    /// Like `contains` but also true at the end offset, which is where a cursor
    /// sits right after the last character of a word.
    pub fn touches(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= self.end as usize
    }

    /// The text under the span; empty (never a panic) if the span does not fit.
    pub fn text(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_out_of_range_is_empty() {
        assert_eq!(Span::new(2, 9).text("abc"), "");
        assert_eq!(Span::new(1, 3).text("abc"), "bc");
        // Not on a char boundary: empty, not a panic.
        assert_eq!(Span::new(0, 1).text("¶1."), "");
    }

    #[test]
    fn cover_and_shift() {
        assert_eq!(Span::new(3, 5).cover(Span::new(1, 4)), Span::new(1, 5));
        assert_eq!(Span::new(3, 5).shift(10), Span::new(13, 15));
    }
}
