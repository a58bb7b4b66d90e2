//! One pass over a text that finds where its lines start and which of its
//! lines hold a byte outside ASCII: what converting byte offsets to
//! positions needs, found 64 bytes at a time.
//!
//! A search for each terminator in turn pays the search's setup again for
//! a line of some 60 bytes. Here one loop tests 64 bytes for both
//! terminators and for non-ASCII bytes with a few SSE2 instructions (part
//! of every x86_64), and only the terminators found take a turn of their
//! own. Other targets count a byte at a time, with the same answers.
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as in
//! [`crate::syntax::lines`], whose `line_starts` are this scan's.

/// Line starts of a text and the lines that hold a byte outside ASCII.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineScan {
    /// Byte offset of every line's start; the first is 0.
    pub starts: Vec<usize>,
    /// Bit `i % 64` of word `i / 64`: line `i` holds a byte outside ASCII
    /// (between its start and the next line's). Words past the end are 0.
    non_ascii: Vec<u64>,
}

impl LineScan {
    /// Empty buffers.
    pub const fn new() -> LineScan {
        LineScan {
            starts: Vec::new(),
            non_ascii: Vec::new(),
        }
    }

    /// Empties the buffers, keeping their memory.
    pub fn clear(&mut self) {
        self.starts.clear();
        self.non_ascii.clear();
    }

    /// Scans `text`, reusing the buffers' memory.
    pub fn scan(&mut self, text: &str) {
        self.clear();
        self.starts.push(0);
        scan_into(text.as_bytes(), self);
    }

    /// Whether line `line` holds only ASCII bytes (so that every offset in
    /// it is a character start, and its columns are its bytes).
    pub fn is_ascii_line(&self, line: usize) -> bool {
        self.non_ascii
            .get(line / 64)
            .is_none_or(|w| w & (1 << (line % 64)) == 0)
    }

    fn mark_non_ascii(&mut self, line: usize) {
        let word = line / 64;
        if self.non_ascii.len() <= word {
            self.non_ascii.resize(word + 1, 0);
        }
        if let Some(w) = self.non_ascii.get_mut(word) {
            *w |= 1 << (line % 64);
        }
    }

    /// The scan of `text[start..end]`, into `out` (reusing its buffers),
    /// taken from this scan of `text` when `start` is a line start and
    /// `end` one too or the text's end, as a cable's bounds in its file
    /// are: a file is scanned once, not once more for each of its cables.
    /// Other bounds are scanned afresh.
    pub fn part_into(&self, text: &str, start: usize, end: usize, out: &mut LineScan) {
        let first = self.starts.partition_point(|&s| s < start);
        let starts = self.starts.get(first..).unwrap_or_default();
        let n = starts.partition_point(|&s| s <= end);
        let ends_well = end == text.len() || (n > 0 && starts.get(n - 1) == Some(&end));
        if starts.first() != Some(&start) || !ends_well || end > text.len() {
            out.scan(text.get(start..end).unwrap_or_default());
            return;
        }
        out.clear();
        out.starts.extend(starts.iter().take(n).map(|&s| s - start));
        // The last line of a part that ends with a terminator is empty:
        // its flag in `text` is the next part's first line's.
        let n_lines = match out.starts.last() {
            Some(&last) if start + last >= end => out.starts.len() - 1,
            _ => out.starts.len(),
        };
        // Only the set bits of the words holding the part's lines are
        // visited: most lines are ASCII.
        let (first_word, end_word) = (first / 64, (first + n_lines).div_ceil(64));
        for (w, &word) in self
            .non_ascii
            .iter()
            .enumerate()
            .take(end_word)
            .skip(first_word)
        {
            let mut bits = word;
            while bits != 0 {
                let line = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if line >= first && line < first + n_lines {
                    out.mark_non_ascii(line - first);
                }
            }
        }
    }

    /// Memory kept for the next text, in bytes.
    pub fn capacity_bytes(&self) -> usize {
        self.starts.capacity() * std::mem::size_of::<usize>()
            + self.non_ascii.capacity() * std::mem::size_of::<u64>()
    }
}

/// The start of the line after the terminator at `i` (`None` for the `\n`
/// of a `\r\n`, whose line was started at its `\r`).
#[inline]
fn start_after(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i) {
        Some(b'\n') if i > 0 && bytes.get(i - 1) == Some(&b'\r') => None,
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
        _ => Some(i + 1),
    }
}

/// The bytes from `from` on, one at a time: the whole text on targets
/// without SSE2, the last few bytes on the others.
fn scan_bytes(bytes: &[u8], from: usize, out: &mut LineScan) {
    let mut marked = usize::MAX;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        if b == b'\n' || b == b'\r' {
            if let Some(next) = start_after(bytes, i) {
                out.starts.push(next);
            }
        } else if b >= 0x80 {
            // Every start found so far is at or before `i` (a start after
            // a terminator's second byte follows a `\r\n`, not this byte):
            // the last one is this byte's line.
            let line = out.starts.len().saturating_sub(1);
            if line != marked {
                out.mark_non_ascii(line);
                marked = line;
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
fn scan_into(bytes: &[u8], out: &mut LineScan) {
    // Pushed to a list of its own, not through `out`, whose length the
    // loop would store back after every push.
    let mut starts = std::mem::take(&mut out.starts);
    let (blocks, _) = bytes.as_chunks::<64>();
    let mut base = 0;
    // Whether the byte before the block is a `\r`: a `\n` first in the
    // block then ends the same line.
    let mut after_carriage = false;
    for block in blocks {
        // SAFETY: SSE2 is part of every x86_64 processor.
        let (mut newlines, special) = unsafe { newlines_of(block) };
        if !special && !after_carriage {
            // Most blocks: ASCII, no `\r`; each `\n` starts a line.
            while newlines != 0 {
                starts.push(base + newlines.trailing_zeros() as usize + 1);
                newlines &= newlines - 1;
            }
        } else {
            out.starts = starts;
            scan_block(bytes, block, base, after_carriage, out);
            starts = std::mem::take(&mut out.starts);
            after_carriage = block[63] == b'\r';
        }
        base += 64;
    }
    out.starts = starts;
    scan_bytes(bytes, base, out);
}

/// A block of 64 bytes that holds a `\r` or a byte outside ASCII, or
/// follows a `\r`: its line starts and its non-ASCII lines, `base` being
/// where it starts in `bytes`.
#[cfg(target_arch = "x86_64")]
#[cold]
fn scan_block(
    bytes: &[u8],
    block: &[u8; 64],
    base: usize,
    after_carriage: bool,
    out: &mut LineScan,
) {
    // SAFETY: SSE2 is part of every x86_64 processor.
    let masks = unsafe { block_masks(block) };
    let first_line = out.starts.len().saturating_sub(1);
    let mut ends = masks.ends;
    if !masks.carriage {
        // Only `\n`: each starts the next line, but one that ends a
        // `\r\n` begun in the block before.
        if after_carriage {
            ends &= !1;
        }
        while ends != 0 {
            out.starts.push(base + ends.trailing_zeros() as usize + 1);
            ends &= ends - 1;
        }
    } else {
        while ends != 0 {
            let i = base + ends.trailing_zeros() as usize;
            ends &= ends - 1;
            if let Some(next) = start_after(bytes, i) {
                out.starts.push(next);
            }
        }
    }
    if masks.wide {
        mark_wide(out, block, base, first_line);
    }
}

/// The `\n` bytes of a block of 64 bytes (bit `k`: byte `k`), and whether
/// it holds a `\r` or a byte outside ASCII (both are rare: the block is
/// then read again, whole).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn newlines_of(block: &[u8; 64]) -> (u64, bool) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    let newline = _mm_set1_epi8(b'\n' as i8);
    let carriage = _mm_set1_epi8(b'\r' as i8);
    let mut newlines = 0u64;
    // A `\r` compares as 0xff, whose top bit is set as a wide byte's is.
    let mut special = _mm_setzero_si128();
    for (k, part) in block.as_chunks::<16>().0.iter().enumerate() {
        // SAFETY: `part` is 16 bytes, and an unaligned load reads exactly
        // 16 bytes from its pointer.
        let v = unsafe { _mm_loadu_si128(part.as_ptr().cast::<__m128i>()) };
        newlines |=
            u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)) as u16) << (16 * k as u32);
        special = _mm_or_si128(special, _mm_or_si128(v, _mm_cmpeq_epi8(v, carriage)));
    }
    (newlines, _mm_movemask_epi8(special) != 0)
}

/// What a block of 64 bytes holds.
#[cfg(target_arch = "x86_64")]
struct BlockMasks {
    /// Bit `k`: byte `k` is a `\n` or a `\r`.
    ends: u64,
    /// Whether a `\r` is among them.
    carriage: bool,
    /// Whether a byte outside ASCII (its top bit set) is in the block.
    wide: bool,
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn block_masks(block: &[u8; 64]) -> BlockMasks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    let newline = _mm_set1_epi8(b'\n' as i8);
    let carriage = _mm_set1_epi8(b'\r' as i8);
    let mut ends = 0u64;
    let mut carriages = _mm_setzero_si128();
    let mut all = _mm_setzero_si128();
    for (k, part) in block.as_chunks::<16>().0.iter().enumerate() {
        // SAFETY: `part` is 16 bytes, and an unaligned load reads exactly
        // 16 bytes from its pointer.
        let v = unsafe { _mm_loadu_si128(part.as_ptr().cast::<__m128i>()) };
        let cr = _mm_cmpeq_epi8(v, carriage);
        let either = _mm_or_si128(_mm_cmpeq_epi8(v, newline), cr);
        ends |= u64::from(_mm_movemask_epi8(either) as u16) << (16 * k as u32);
        carriages = _mm_or_si128(carriages, cr);
        all = _mm_or_si128(all, v);
    }
    BlockMasks {
        ends,
        carriage: _mm_movemask_epi8(carriages) != 0,
        wide: _mm_movemask_epi8(all) != 0,
    }
}

/// Marks the lines of the non-ASCII bytes of a block that starts at byte
/// `base`; its lines are those from `first_line` on.
#[cfg(target_arch = "x86_64")]
#[cold]
fn mark_wide(out: &mut LineScan, block: &[u8; 64], base: usize, first_line: usize) {
    // SAFETY: SSE2 is part of every x86_64 processor.
    let mut wide = unsafe { wide_mask(block) };
    let mut line = first_line;
    let mut marked = usize::MAX;
    while wide != 0 {
        let at = base + wide.trailing_zeros() as usize;
        wide &= wide - 1;
        while out.starts.get(line + 1).is_some_and(|&s| s <= at) {
            line += 1;
        }
        if line != marked {
            out.mark_non_ascii(line);
            marked = line;
        }
    }
}

/// Bit `k`: byte `k` of the block is outside ASCII.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn wide_mask(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_movemask_epi8};
    let mut wide = 0u64;
    for (k, part) in block.as_chunks::<16>().0.iter().enumerate() {
        // SAFETY: `part` is 16 bytes, and an unaligned load reads exactly
        // 16 bytes from its pointer.
        let v = unsafe { _mm_loadu_si128(part.as_ptr().cast::<__m128i>()) };
        wide |= u64::from(_mm_movemask_epi8(v) as u16) << (16 * k as u32);
    }
    wide
}

#[cfg(not(target_arch = "x86_64"))]
fn scan_into(bytes: &[u8], out: &mut LineScan) {
    scan_bytes(bytes, 0, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line starts by their definition: after each `\n`, and after
    /// each `\r` that no `\n` follows.
    fn starts_by_definition(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
        }
        starts
    }

    /// The line-at-a-time answer: each line's bytes checked whole.
    fn reference(text: &str) -> (Vec<usize>, Vec<bool>) {
        let starts = starts_by_definition(text);
        let ascii = (0..starts.len())
            .map(|i| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes()[starts[i]..end].is_ascii()
            })
            .collect();
        (starts, ascii)
    }

    fn check(text: &str) {
        let (starts, ascii) = reference(text);
        let mut fast = LineScan::default();
        fast.scan(text);
        assert_eq!(fast.starts, starts, "{text:?}");
        let got: Vec<bool> = (0..starts.len()).map(|i| fast.is_ascii_line(i)).collect();
        assert_eq!(got, ascii, "{text:?}");
        // The byte-at-a-time scan gives the same.
        let mut slow = LineScan::default();
        slow.starts.push(0);
        scan_bytes(text.as_bytes(), 0, &mut slow);
        assert_eq!(slow.starts, starts, "{text:?}");
        let got: Vec<bool> = (0..starts.len()).map(|i| slow.is_ascii_line(i)).collect();
        assert_eq!(got, ascii, "{text:?}");
    }

    #[test]
    fn terminators_and_wide_bytes_at_every_place_of_a_block() {
        check("");
        check("a");
        check("\n");
        check("\r");
        check("\r\n");
        check("é");
        for len in [15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 140] {
            for at in 0..len {
                for piece in [
                    "\n", "\r", "\r\n", "\n\r", "\r\r\n", "é", "’", "𝄞", "é\n", "\n𝄞",
                ] {
                    let mut text = "x".repeat(at);
                    text.push_str(piece);
                    text.push_str(&"y".repeat(len - at));
                    check(&text);
                    // Twice in a row, and the piece at a block's end.
                    check(&format!("{text}{piece}"));
                }
            }
        }
    }

    /// A part's lines taken from the whole text's scan are those of the
    /// part scanned alone, at every pair of line starts, and at bounds
    /// that are not line starts.
    #[test]
    fn parts_are_scanned_parts() {
        let long = format!(
            "{}é\r\n{}\r’\n\n{}",
            "a".repeat(62),
            "b".repeat(64),
            "c".repeat(70)
        );
        for text in ["", "a", "\n", "é\n", "a\r\né\r\rx\n", "¶\n\n’", &long] {
            let mut whole = LineScan::default();
            whole.scan(text);
            let mut bounds = whole.starts.clone();
            bounds.extend([text.len(), 1, 3]);
            for &start in &bounds {
                for &end in &bounds {
                    let (Some(part), true) = (text.get(start..end), start <= end) else {
                        continue;
                    };
                    let mut expected = LineScan::default();
                    expected.scan(part);
                    let mut got = LineScan::default();
                    got.starts.push(99);
                    whole.part_into(text, start, end, &mut got);
                    assert_eq!(got.starts, expected.starts, "{text:?} {start} {end}");
                    for line in 0..expected.starts.len() + 70 {
                        assert_eq!(
                            got.is_ascii_line(line),
                            expected.is_ascii_line(line),
                            "{text:?} {start} {end} {line}"
                        );
                    }
                }
            }
        }
        // Exact values: the second and third lines of four.
        let text = "ab\né\r\ncd\n";
        let mut whole = LineScan::default();
        whole.scan(text);
        let mut part = LineScan::default();
        whole.part_into(text, 3, 10, &mut part);
        assert_eq!(part.starts, [0, 4, 7]);
        assert!(!part.is_ascii_line(0) && part.is_ascii_line(1) && part.is_ascii_line(2));
    }

    #[test]
    fn many_lines_some_wide() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&"word ".repeat(i % 13));
            if i % 7 == 0 {
                text.push('¶');
            }
            text.push_str(["\n", "\r\n", "\r"][i % 3]);
        }
        check(&text);
        let mut scan = LineScan::default();
        scan.scan(&text);
        // A lone `\r` and the next line's `\n` (an empty line) make one
        // `\r\n`: a line break fewer for each.
        assert_eq!(scan.starts.len(), 301 - 6);
        assert!(!scan.is_ascii_line(0));
        assert!(scan.is_ascii_line(1));
        assert!(!scan.is_ascii_line(7));
        // Scanning again reuses the buffers, with fresh answers.
        scan.scan("a\nb");
        assert_eq!(scan.starts, [0, 2]);
        assert!(scan.is_ascii_line(0) && scan.is_ascii_line(1) && scan.is_ascii_line(7));
    }
}
