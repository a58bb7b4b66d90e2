//! A cable's mentions and their ranges in compact bytes, written and read
//! by hand. An archive has ten million mentions; through serde, one record
//! of eleven fields each, they were most of the index cache's size and of
//! the time to read it, and their ranges, 32 bytes each, a quarter of the
//! index's memory.
//!
//! - Mentions are a block of varints in the cache ([`encode`], [`decode`]),
//!   symbols written as numbers of the cache's symbol table
//!   ([`super::intern::with_numbering`], [`super::intern::with_table`]).
//! - Ranges stay encoded in memory too ([`MentionRanges`]): a range is a
//!   few varints, mostly one byte each, as a delta from the range before;
//!   the three column counts of a position are stored once when they agree
//!   (ASCII text, nearly always). Every [`MARK_EVERY`]th range is marked,
//!   so one range is found by decoding a few.
//!
//! Decoding never panics: bytes that do not decode are an error, and the
//! cache they came from is discarded.

use super::intern::{with_numbering, with_table, Sym};
use super::people::{Mention, MentionSource};
use super::summary::{TextPos, TextRange};
use crate::syntax::Span;

const SOURCES: [MentionSource; 4] = [
    MentionSource::Tag,
    MentionSource::ClassifiedBy,
    MentionSource::Signature,
    MentionSource::Prose,
];

/// Flags of one mention's range.
const START_PLAIN: u32 = 1;
const END_PLAIN: u32 = 2;
const ONE_LINE: u32 = 4;

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

pub(crate) fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_signed(out: &mut Vec<u8>, n: i64) {
    put(out, zigzag(n));
}

/// Whether a position's three columns agree (only ASCII before it on its
/// line).
fn plain(p: TextPos) -> bool {
    p.utf16 == p.utf8 && p.chars == p.utf8
}

/// Appends the block of `mentions` to `out`; `None` outside the writing
/// of a symbol table.
pub fn encode(mentions: &[Mention], out: &mut Vec<u8>) -> Option<()> {
    with_numbering(|number| {
        let number = number?;
        put(out, mentions.len() as u64);
        let mut prev_start = 0i64;
        for m in mentions {
            put_signed(out, i64::from(m.span.start) - prev_start);
            prev_start = i64::from(m.span.start);
            put(out, u64::from(m.span.end.saturating_sub(m.span.start)));
            put(out, u64::from(number(m.name)));
            put(out, u64::from(number(m.key)));
            let title = m.title.map_or(0, |t| u64::from(number(t)) + 1);
            let source = SOURCES.iter().position(|s| *s == m.source).unwrap_or(3) as u64;
            put(out, (title << 2) | source);
        }
        Some(())
    })
}

/// Appends one range, `prev_line` being the start line of the one before.
fn encode_range(r: TextRange, prev_line: u32, out: &mut Vec<u8>) {
    let (s, e) = (r.start, r.end);
    let mut flags = 0;
    if plain(s) {
        flags |= START_PLAIN;
    }
    if plain(e) {
        flags |= END_PLAIN;
    }
    if e.line == s.line {
        flags |= ONE_LINE;
    }
    put(out, u64::from(flags));
    put_signed(out, i64::from(s.line) - i64::from(prev_line));
    put(out, u64::from(s.utf8));
    if flags & START_PLAIN == 0 {
        put_signed(out, i64::from(s.utf8) - i64::from(s.utf16));
        put_signed(out, i64::from(s.utf8) - i64::from(s.chars));
    }
    if flags & ONE_LINE == 0 {
        put_signed(out, i64::from(e.line) - i64::from(s.line));
    }
    put_signed(out, i64::from(e.utf8) - i64::from(s.utf8));
    if flags & END_PLAIN == 0 {
        put_signed(out, i64::from(e.utf8) - i64::from(e.utf16));
        put_signed(out, i64::from(e.utf8) - i64::from(e.chars));
    }
}

/// Reads varints off a block.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.at
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    pub(crate) fn skip(&mut self, n: usize) {
        self.at = self.at.saturating_add(n);
    }

    pub(crate) fn take(&mut self) -> Result<u64, String> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or("mention block cut short")?;
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err("mention block: varint too long".into())
    }

    pub(crate) fn u32(&mut self) -> Result<u32, String> {
        u32::try_from(self.take()?).map_err(|_| "mention block: number out of range".into())
    }

    fn signed(&mut self) -> Result<i64, String> {
        self.take().map(unzigzag)
    }
}

/// `base + delta` as a u32, or an error.
fn offset(base: i64, delta: i64) -> Result<u32, String> {
    base.checked_add(delta)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| "mention block: position out of range".into())
}

/// Reads one range at the reader, `prev_line` being the start line of
/// the one before.
fn decode_range(r: &mut Reader, prev_line: u32) -> Result<TextRange, String> {
    let flags = r.u32()?;
    let line = offset(i64::from(prev_line), r.signed()?)?;
    let utf8 = r.u32()?;
    let mut s = TextPos {
        line,
        utf8,
        utf16: utf8,
        chars: utf8,
    };
    if flags & START_PLAIN == 0 {
        s.utf16 = offset(i64::from(utf8), -r.signed()?)?;
        s.chars = offset(i64::from(utf8), -r.signed()?)?;
    }
    let end_line = if flags & ONE_LINE == 0 {
        offset(i64::from(line), r.signed()?)?
    } else {
        line
    };
    let end_utf8 = offset(i64::from(utf8), r.signed()?)?;
    let mut e = TextPos {
        line: end_line,
        utf8: end_utf8,
        utf16: end_utf8,
        chars: end_utf8,
    };
    if flags & END_PLAIN == 0 {
        e.utf16 = offset(i64::from(end_utf8), -r.signed()?)?;
        e.chars = offset(i64::from(end_utf8), -r.signed()?)?;
    }
    Ok(TextRange { start: s, end: e })
}

/// The mentions of a block [`encode`] wrote, read within the reading of a
/// symbol table.
pub fn decode(bytes: &[u8]) -> Result<Vec<Mention>, String> {
    with_table(|table| {
        let table = table.ok_or("mention block read without a symbol table")?;
        let sym = |n: u64| -> Result<Sym, String> {
            usize::try_from(n)
                .ok()
                .and_then(|n| table.get(n))
                .copied()
                .ok_or_else(|| format!("mention block: symbol {n} past the table's end"))
        };
        let mut r = Reader { bytes, at: 0 };
        let n = r.take()?;
        // Every mention takes at least five bytes: a count beyond that is
        // corrupt, and must not reserve memory.
        let cap = usize::try_from(n)
            .unwrap_or(usize::MAX)
            .min(bytes.len() / 5);
        let mut mentions = Vec::with_capacity(cap);
        let mut prev_start = 0i64;
        for _ in 0..n {
            let start = offset(prev_start, r.signed()?)?;
            prev_start = i64::from(start);
            let end = start
                .checked_add(r.u32()?)
                .ok_or("mention block: span out of range")?;
            let name = sym(r.take()?)?;
            let key = sym(r.take()?)?;
            let tagged = r.take()?;
            let source = SOURCES[(tagged & 3) as usize];
            let title = match tagged >> 2 {
                0 => None,
                t => Some(sym(t - 1)?),
            };
            mentions.push(Mention {
                span: Span { start, end },
                name,
                key,
                title,
                source,
            });
        }
        if r.at != bytes.len() {
            return Err("mention block: bytes left over".into());
        }
        Ok(mentions)
    })
}

/// A range is marked every this many: finding one decodes at most this
/// many.
pub const MARK_EVERY: usize = 4;

/// The ranges of a cable's mentions, index for index, kept encoded: about
/// six bytes a range instead of 32.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionRanges {
    /// One allocation, so that a lookup follows one pointer: for every
    /// [`MARK_EVERY`]th range, where it starts in the encoded part and the
    /// start line of the range before it (two little-endian u32s); then
    /// the encoded ranges.
    data: Box<[u8]>,
    len: u32,
}

/// Bytes of one mark.
const MARK_BYTES: usize = 8;

fn n_marks(len: usize) -> usize {
    len.div_ceil(MARK_EVERY)
}

/// Appends a mark: where a range starts in the encoded part, and the
/// start line of the range before it (read back by `MentionRanges::mark`).
fn push_mark(out: &mut Vec<u8>, at: usize, prev_line: u32) {
    out.extend_from_slice(&(at as u32).to_le_bytes());
    out.extend_from_slice(&prev_line.to_le_bytes());
}

impl MentionRanges {
    pub fn new(ranges: &[TextRange]) -> MentionRanges {
        let mut marks = Vec::with_capacity(n_marks(ranges.len()) * MARK_BYTES);
        let mut bytes = Vec::with_capacity(ranges.len() * 6);
        let mut prev_line = 0u32;
        for (i, r) in ranges.iter().enumerate() {
            if i % MARK_EVERY == 0 {
                push_mark(&mut marks, bytes.len(), prev_line);
            }
            encode_range(*r, prev_line, &mut bytes);
            prev_line = r.start.line;
        }
        marks.extend_from_slice(&bytes);
        MentionRanges {
            data: marks.into_boxed_slice(),
            len: ranges.len() as u32,
        }
    }

    /// The ranges of `bytes` as [`MentionRanges::bytes`] gave them, `len`
    /// of them: checked whole (every range decodes, nothing is left over)
    /// while the marks are made.
    pub fn from_bytes(bytes: &[u8], len: u32) -> Result<MentionRanges, String> {
        let mut data = Vec::with_capacity(n_marks(len as usize) * MARK_BYTES + bytes.len());
        let mut r = Reader { bytes, at: 0 };
        let mut prev_line = 0u32;
        for i in 0..len as usize {
            if i % MARK_EVERY == 0 {
                push_mark(&mut data, r.at, prev_line);
            }
            prev_line = decode_range(&mut r, prev_line)?.start.line;
        }
        if r.at != bytes.len() {
            return Err("ranges: bytes left over".into());
        }
        data.extend_from_slice(bytes);
        Ok(MentionRanges {
            data: data.into_boxed_slice(),
            len,
        })
    }

    /// Mark `m`: where its range starts in the encoded part, and the line
    /// before it.
    fn mark(&self, m: usize) -> Option<(usize, u32)> {
        let at = self.data.get(m * MARK_BYTES..)?;
        let (offset, rest) = at.split_first_chunk::<4>()?;
        let line = rest.first_chunk::<4>()?;
        Some((
            u32::from_le_bytes(*offset) as usize,
            u32::from_le_bytes(*line),
        ))
    }

    /// The encoded ranges, for the index cache.
    pub fn bytes(&self) -> &[u8] {
        self.data
            .get(n_marks(self.len()) * MARK_BYTES..)
            .unwrap_or(&[])
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The range of mention `i`.
    pub fn get(&self, i: usize) -> Option<TextRange> {
        if i >= self.len() {
            return None;
        }
        let (at, mut prev_line) = self.mark(i / MARK_EVERY)?;
        let mut r = Reader {
            bytes: self.bytes(),
            at,
        };
        for _ in 0..i % MARK_EVERY {
            prev_line = decode_range(&mut r, prev_line).ok()?.start.line;
        }
        decode_range(&mut r, prev_line).ok()
    }

    /// Every range, in order.
    pub fn iter(&self) -> impl Iterator<Item = TextRange> + '_ {
        let mut r = Reader {
            bytes: self.bytes(),
            at: 0,
        };
        let mut prev_line = 0;
        (0..self.len()).map_while(move |_| {
            let range = decode_range(&mut r, prev_line).ok()?;
            prev_line = range.start.line;
            Some(range)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::intern::{read_with_table, write_with_table};

    fn pos(line: u32, utf8: u32, utf16: u32, chars: u32) -> TextPos {
        TextPos {
            line,
            utf8,
            utf16,
            chars,
        }
    }

    #[test]
    fn blocks_round_trip_and_plain_text_costs_a_few_bytes() {
        let mention = |start: u32, end: u32, name: &str, title: Option<&str>, source| Mention {
            span: Span { start, end },
            name: Sym::new(name),
            key: Sym::new(&name.to_uppercase()),
            title: title.map(Sym::new),
            source,
        };
        let mentions = vec![
            mention(120, 126, "Spogli", Some("Ambassador"), MentionSource::Prose),
            // Out of text order and over a line break: still exact.
            mention(40, 59, "Raimondo De Cardona", None, MentionSource::Tag),
            mention(300, 307, "D’Alema", None, MentionSource::Signature),
        ];
        let ranges = vec![
            TextRange {
                start: pos(3, 10, 10, 10),
                end: pos(3, 16, 16, 16),
            },
            TextRange {
                start: pos(1, 70, 70, 70),
                end: pos(2, 8, 8, 8),
            },
            TextRange {
                start: pos(9, 12, 11, 11),
                end: pos(9, 21, 18, 18),
            },
        ];
        let ((), table) = write_with_table(|| {
            let mut one = Vec::new();
            encode(&mentions[..1], &mut one).unwrap();
            // Count, span (start 120 takes two), name, key, title and
            // source.
            assert_eq!(one, [1, 240, 1, 6, 0, 1, 15]);
        });
        assert_eq!(table.len(), 3);
        let (bytes, table) = write_with_table(|| {
            let mut out = Vec::new();
            encode(&mentions, &mut out).unwrap();
            out
        });
        assert_eq!(table.len(), 7);
        let table: std::sync::Arc<[Sym]> = table.into();
        let back = read_with_table(table.clone(), || decode(&bytes)).unwrap();
        assert_eq!(back, mentions);
        // Outside a table, and cut or padded blocks: errors, no panic.
        assert!(decode(&bytes).is_err());
        for cut in 0..bytes.len() {
            let r = read_with_table(table.clone(), || decode(&bytes[..cut]));
            assert!(r.is_err(), "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(read_with_table(table.clone(), || decode(&padded)).is_err());
        let short: std::sync::Arc<[Sym]> = table[..2].to_vec().into();
        assert!(read_with_table(short, || decode(&bytes)).is_err());

        // The plain one-line range costs four bytes: flags, line, column,
        // end column.
        assert_eq!(MentionRanges::new(&ranges[..1]).bytes().len(), 4);
        let compact = MentionRanges::new(&ranges);
        assert_eq!(compact.iter().collect::<Vec<_>>(), ranges);
        for (i, r) in ranges.iter().enumerate() {
            assert_eq!(compact.get(i), Some(*r));
        }
        assert_eq!(compact.get(3), None);
        let again = MentionRanges::from_bytes(compact.bytes(), 3).unwrap();
        assert_eq!(again, compact);
        for cut in 0..compact.bytes().len() {
            assert!(MentionRanges::from_bytes(&compact.bytes()[..cut], 3).is_err());
        }
        assert!(MentionRanges::from_bytes(compact.bytes(), 2).is_err());
    }

    #[test]
    fn any_range_is_found_past_the_marks() {
        let ranges: Vec<TextRange> = (0..100u32)
            .map(|i| TextRange {
                start: pos(i / 3, i * 7 % 50, i * 7 % 50 - i % 2, i * 7 % 50 - i % 2),
                end: pos(
                    i / 3 + i % 5 / 4,
                    i * 7 % 50 + 3,
                    i * 7 % 50 + 3,
                    i * 7 % 50 + 1,
                ),
            })
            .collect();
        let compact = MentionRanges::new(&ranges);
        assert_eq!(compact.len(), 100);
        for (i, r) in ranges.iter().enumerate() {
            assert_eq!(compact.get(i), Some(*r), "range {i}");
        }
    }

    fn any_pos() -> impl proptest::strategy::Strategy<Value = TextPos> {
        use proptest::prelude::*;
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(
            |(line, utf8, utf16, chars)| TextPos {
                line,
                utf8,
                utf16,
                chars,
            },
        )
    }

    proptest::proptest! {
        /// Any ranges and mentions, extreme numbers included, come back
        /// exactly, each range found on its own as well.
        #[test]
        fn any_mentions_and_ranges_round_trip(
            raw in proptest::collection::vec(
                (any_pos(), any_pos(), proptest::num::u32::ANY, proptest::num::u32::ANY, 0usize..4, proptest::option::of(0usize..3)),
                0..40,
            ),
        ) {
            let names = [Sym::new("Prodi"), Sym::new("PRODI"), Sym::new("Ambassador")];
            let ranges: Vec<TextRange> = raw.iter().map(|r| TextRange { start: r.0, end: r.1 }).collect();
            let mentions: Vec<Mention> = raw
                .iter()
                .map(|r| {
                    let (start, end) = (r.2.min(r.3), r.2.max(r.3));
                    Mention {
                        span: Span { start, end },
                        name: names[0],
                        key: names[1],
                        title: r.5.map(|t| names[t]),
                        source: SOURCES[r.4],
                    }
                })
                .collect();
            let compact = MentionRanges::new(&ranges);
            proptest::prop_assert_eq!(compact.iter().collect::<Vec<_>>(), ranges.clone());
            for (i, r) in ranges.iter().enumerate() {
                proptest::prop_assert_eq!(compact.get(i), Some(*r));
            }
            let again = MentionRanges::from_bytes(compact.bytes(), ranges.len() as u32);
            proptest::prop_assert_eq!(again, Ok(compact));
            let (bytes, table) = write_with_table(|| {
                let mut out = Vec::new();
                encode(&mentions, &mut out).unwrap();
                out
            });
            let back = read_with_table(table.into(), || decode(&bytes));
            proptest::prop_assert_eq!(back, Ok(mentions));
        }

        /// Any bytes decode to an error or to mentions, never a panic.
        #[test]
        fn any_bytes_decode_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            len in 0u32..40,
        ) {
            let table: std::sync::Arc<[Sym]> = vec![Sym::new("A"), Sym::new("B")].into();
            let _ = read_with_table(table, || decode(&bytes));
            if let Ok(ranges) = MentionRanges::from_bytes(&bytes, len) {
                proptest::prop_assert_eq!(ranges.iter().count(), len as usize);
                proptest::prop_assert!(ranges.get(len as usize).is_none());
            }
        }
    }
}
