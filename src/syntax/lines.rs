//! Line splitting that understands `\n`, `\r\n` and a lone `\r`, as LSP clients do.

use super::breaks::find_break;
use super::line_scan::LineScan;

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

/// The lines of a text read from its line starts, found beforehand for the
/// whole text (by [`line_starts`] or a scan giving the same list): the
/// indexer scans a file once for its line starts, for positions, and the
/// parser then reads its lines from them instead of searching each line's
/// end again.
pub struct StartedLines<'a> {
    text: &'a str,
    /// The start of every line of `text`, as [`line_starts`] gives them.
    starts: &'a [usize],
    /// Where the reader's text starts in `text`: lines are asked and
    /// answered relative to it.
    base: usize,
    /// The index in `starts` of the line last asked, or of one before it.
    idx: usize,
}

impl<'a> StartedLines<'a> {
    /// A reader of `text[base..]`'s lines, `starts` being `text`'s line
    /// starts and `base` one of them.
    pub fn new(text: &'a str, starts: &'a [usize], base: usize) -> StartedLines<'a> {
        StartedLines {
            text,
            starts,
            base,
            idx: starts.partition_point(|&s| s < base),
        }
    }

    /// [`line_at`]`(&text[base..], start)`; cheapest when asked forward,
    /// at line starts.
    ///
    /// The parser asks for the line after the one it last asked, which is
    /// settled here by one comparison; other offsets are looked for.
    #[inline]
    pub fn line_at(&mut self, start: usize) -> Option<Line> {
        let at = self.base.checked_add(start)?;
        let idx = self.idx + 1;
        if self.starts.get(idx) == Some(&at) && at < self.text.len() {
            self.idx = idx;
            return Some(self.line_of(idx, at));
        }
        self.line_looked_for(start)
    }

    /// [`Self::line_at`] of any offset: a line start found in `starts`, or
    /// else searched.
    #[inline(never)]
    fn line_looked_for(&mut self, start: usize) -> Option<Line> {
        let at = self.base.checked_add(start)?;
        let bytes = self.text.as_bytes();
        if at >= bytes.len() {
            return None;
        }
        if self.starts.get(self.idx).is_some_and(|&s| s > at) {
            self.idx = self.starts.partition_point(|&s| s < at);
        }
        while self.starts.get(self.idx).is_some_and(|&s| s < at) {
            self.idx += 1;
        }
        if self.starts.get(self.idx) != Some(&at) {
            // Not a line start: searched like any other offset.
            return line_at(self.text.get(self.base..)?, start);
        }
        Some(self.line_of(self.idx, at))
    }

    /// The line starting at `at`, the start at `idx` in `starts`, inside
    /// the text.
    #[inline]
    fn line_of(&self, idx: usize, at: usize) -> Line {
        let bytes = self.text.as_bytes();
        let next = self.starts.get(idx + 1).copied().unwrap_or(bytes.len());
        let end = match next
            .checked_sub(1)
            .and_then(|i| bytes.get(i).map(|&b| (i, b)))
        {
            Some((i, b'\n')) if i > at && bytes.get(i - 1) == Some(&b'\r') => i - 1,
            Some((i, b'\n' | b'\r')) if i >= at => i,
            _ => next,
        };
        Line {
            start: at - self.base,
            end: end - self.base,
            next: next - self.base,
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
    let mut scan = LineScan::new();
    scan.scan(text);
    scan.starts
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

    /// Lines read from the starts are those searched, from every line
    /// start and every other offset, in both directions.
    #[test]
    fn started_lines_are_searched_lines() {
        let long = format!(
            "{}\r\n{}\r{}\n\n",
            "a".repeat(63),
            "b".repeat(64),
            "c".repeat(70)
        );
        let texts = [
            "",
            "a",
            "\n",
            "\r",
            "\r\n",
            "a\nbb\r\nc\rd",
            "\r\r\n\n\ra\r\n\r\nb\n\rc\r",
            "\n\r\nx",
            "é\r\n¶\r",
            &long,
        ];
        for text in texts {
            let starts = line_starts(text);
            for &base in &starts {
                let rest = &text[base..];
                let mut lines = StartedLines::new(text, &starts, base);
                for start in (0..=rest.len() + 1).chain((0..=rest.len() + 1).rev()) {
                    assert_eq!(
                        lines.line_at(start),
                        line_at(rest, start),
                        "{text:?} {base} {start}"
                    );
                }
                // Line after line, as the parser asks (the step settled by
                // one comparison), to the end and past it.
                let mut lines = StartedLines::new(text, &starts, base);
                let mut pos = 0;
                let mut n_read = 0;
                loop {
                    let read = lines.line_at(pos);
                    assert_eq!(read, line_at(rest, pos), "{text:?} {base} {pos}");
                    let Some(line) = read else { break };
                    pos = line.next;
                    n_read += 1;
                }
                assert_eq!(n_read, lines_from(rest, 0).count(), "{text:?} {base}");
                assert_eq!(lines.line_at(pos + 1), None);
            }
        }
        // Exact values: the lines of a text ending in `\r\n`, from its
        // second line.
        let text = "ab\ncd\r\n";
        let starts = line_starts(text);
        let mut lines = StartedLines::new(text, &starts, 3);
        assert_eq!(
            lines.line_at(0),
            Some(Line {
                start: 0,
                end: 2,
                next: 4
            })
        );
        assert_eq!(lines.line_at(4), None);
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
