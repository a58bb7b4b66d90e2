//! A cable's mentions and their ranges as the index cache stores them: one
//! block of bytes per cable, written and read by hand. An archive has ten
//! million mentions; through serde, one record of eleven fields each, they
//! were most of the cache's size and of the time to read it. Here a
//! mention is a few varints, mostly one byte each: positions are deltas
//! from the previous mention, and the three column counts of a position
//! are stored once when they agree (ASCII text, nearly always).
//!
//! Symbols are written as numbers of the cache's symbol table
//! ([`super::intern::with_numbering`], [`super::intern::with_table`]).
//! Decoding never panics: a block that does not decode is an error, and
//! the cache it came from is discarded.

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

fn put(out: &mut Vec<u8>, mut n: u64) {
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

/// Appends the block of `mentions` with `ranges` (index for index) to
/// `out`; `None` outside the writing of a symbol table.
pub fn encode(mentions: &[Mention], ranges: &[TextRange], out: &mut Vec<u8>) -> Option<()> {
    with_numbering(|number| {
        let number = number?;
        let n = mentions.len().min(ranges.len());
        put(out, n as u64);
        let (mut prev_start, mut prev_line) = (0i64, 0i64);
        for (m, r) in mentions.iter().zip(ranges).take(n) {
            put_signed(out, i64::from(m.span.start) - prev_start);
            prev_start = i64::from(m.span.start);
            put(out, u64::from(m.span.end.saturating_sub(m.span.start)));
            put(out, u64::from(number(m.name)));
            put(out, u64::from(number(m.key)));
            let title = m.title.map_or(0, |t| u64::from(number(t)) + 1);
            let source = SOURCES.iter().position(|s| *s == m.source).unwrap_or(3) as u64;
            put(out, (title << 2) | source);
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
            put_signed(out, i64::from(s.line) - prev_line);
            prev_line = i64::from(s.line);
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
        Some(())
    })
}

/// Reads varints off a block.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self) -> Result<u64, String> {
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

    fn u32(&mut self) -> Result<u32, String> {
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

/// The mentions and ranges of a block [`encode`] wrote, read within the
/// reading of a symbol table.
pub fn decode(bytes: &[u8]) -> Result<(Vec<Mention>, Vec<TextRange>), String> {
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
        // Every mention takes at least nine bytes: a count beyond that is
        // corrupt, and must not reserve memory.
        let cap = usize::try_from(n)
            .unwrap_or(usize::MAX)
            .min(bytes.len() / 9);
        let mut mentions = Vec::with_capacity(cap);
        let mut ranges = Vec::with_capacity(cap);
        let (mut prev_start, mut prev_line) = (0i64, 0i64);
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
            let flags = r.u32()?;
            let line = offset(prev_line, r.signed()?)?;
            prev_line = i64::from(line);
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
            mentions.push(Mention {
                span: Span { start, end },
                name,
                key,
                title,
                source,
            });
            ranges.push(TextRange { start: s, end: e });
        }
        if r.at != bytes.len() {
            return Err("mention block: bytes left over".into());
        }
        Ok((mentions, ranges))
    })
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
            let mut plain = Vec::new();
            encode(&mentions[..1], &ranges[..1], &mut plain).unwrap();
            // Count, span (2), symbols (3), title and source, flags,
            // line, column, end column.
            assert_eq!(plain.len(), 11, "{plain:?}");
        });
        let (bytes, table2) = write_with_table(|| {
            let mut out = Vec::new();
            encode(&mentions, &ranges, &mut out).unwrap();
            out
        });
        assert_eq!(table.len(), 3);
        assert_eq!(table2.len(), 7);
        let back = read_with_table(table2.clone().into(), || decode(&bytes)).unwrap();
        assert_eq!(back, (mentions, ranges));
        // Outside a table, and cut or padded blocks: errors, no panic.
        assert!(decode(&bytes).is_err());
        let table2: std::sync::Arc<[Sym]> = table2.into();
        for cut in 0..bytes.len() {
            let r = read_with_table(table2.clone(), || decode(&bytes[..cut]));
            assert!(r.is_err(), "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(read_with_table(table2.clone(), || decode(&padded)).is_err());
        let short: std::sync::Arc<[Sym]> = table2[..2].to_vec().into();
        assert!(read_with_table(short, || decode(&bytes)).is_err());
    }

    proptest::proptest! {
        /// Any bytes decode to an error or to mentions, never a panic.
        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let table: std::sync::Arc<[Sym]> = vec![Sym::new("A"), Sym::new("B")].into();
            let _ = read_with_table(table, || decode(&bytes));
        }
    }
}
