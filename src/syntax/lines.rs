//! Line splitting that understands `\n`, `\r\n` and a lone `\r`, as LSP clients do.

use super::breaks::{find_break, for_each_break};

/// One line of text: `start..end` excludes the terminator, `next` is where the
/// following line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// Finds the line starting at `start`. Returns `None` at the end of the text.
///
/// Line breaks are `\n`, `\r\n` and a lone `\r` (old Mac files and the editors
/// that honour them): the same rule as the LSP position model, so line numbers
/// agree with the client's.
pub fn line_at(text: &str, start: usize) -> Option<Line> {
    let bytes = text.as_bytes();
    if start >= bytes.len() {
        return None;
    }
    // Both terminators are ASCII, so any hit is a char boundary. The
    // search compares thirty-two bytes at a time: the parser reads every line
    // of an archive through here.
    match find_break(bytes, start) {
        None => Some(Line {
            start,
            end: bytes.len(),
            next: bytes.len(),
        }),
        Some(end) => {
            let next = if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            Some(Line { start, end, next })
        }
    }
}

/// Iterates over the lines of `text` from `start`.
pub fn lines_from(text: &str, start: usize) -> impl Iterator<Item = Line> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        let line = line_at(text, pos)?;
        pos = line.next;
        Some(line)
    })
}

/// Byte offsets of the start of every line (the first is always 0). A text
/// ending in a terminator has a final empty line, as editors show it.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    // Only the terminators are visited (found thirty-two bytes at a time),
    // not every byte.
    for_each_break(bytes, |i| match bytes.get(i) {
        // The `\n` of a `\r\n` was counted with its `\r`.
        Some(b'\n') if i > 0 && bytes.get(i - 1) == Some(&b'\r') => {}
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => starts.push(i + 2),
        _ => starts.push(i + 1),
    });
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_terminators() {
        let text = "a\nbb\r\nc\rd";
        let lines: Vec<_> = lines_from(text, 0).map(|l| &text[l.start..l.end]).collect();
        assert_eq!(lines, ["a", "bb", "c", "d"]);
        assert_eq!(line_starts(text), [0, 2, 6, 8]);
    }

    #[test]
    fn mixed_and_doubled_terminators() {
        let text = "\r\r\n\n\ra\r\n\r\nb\n\rc\r";
        assert_eq!(line_starts(text), [0, 1, 3, 4, 5, 8, 10, 12, 13, 15]);
        let lines: Vec<_> = lines_from(text, 0)
            .map(|l| (l.start, l.end, l.next))
            .collect();
        assert_eq!(
            lines,
            [
                (0, 0, 1),
                (1, 1, 3),
                (3, 3, 4),
                (4, 4, 5),
                (5, 6, 8),
                (8, 8, 10),
                (10, 11, 12),
                (12, 12, 13),
                (13, 14, 15)
            ]
        );
        assert_eq!(line_at(text, 15), None);
        assert_eq!(line_at(text, 99), None);
    }

    #[test]
    fn trailing_terminator_gives_empty_last_line() {
        assert_eq!(line_starts("a\n"), [0, 2]);
        assert_eq!(line_starts("\r\r\n\n\r"), [0, 1, 3, 4, 5]);
        assert_eq!(line_starts("\n\r\nx"), [0, 1, 3]);
        assert_eq!(lines_from("a\n", 0).count(), 1);
        assert_eq!(line_at("", 0), None);
    }
}
