//! What the workspace index keeps of one cable: its facts and the places
//! other cables and features point at (REF items, person mentions, the
//! cable's own id), with positions precomputed in both LSP encodings. Files
//! that are not open keep only these summaries, never their text.

use super::date::DateTime;
use super::facts::CableFacts;
use super::kept_buffers::{self, KeptBuffers};
use super::line_index::line_of_near;
use super::mention_codec::MentionRanges;
use super::people::Mention;
use super::reference::ReferenceKind;
use crate::data::classification::Classification;
use crate::syntax::line_scan::LineScan;
use crate::syntax::{Cable, Span};
use serde::{Deserialize, Serialize};

/// A position relative to the first line of a cable: the line, and the
/// column counted three ways (UTF-8 bytes, UTF-16 units, characters) so no
/// text is needed to answer a client in either encoding, or the shell.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct TextPos {
    pub line: u32,
    pub utf8: u32,
    pub utf16: u32,
    pub chars: u32,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: TextPos,
    pub end: TextPos,
}

impl TextRange {
    /// The same range `lines` lines further down (a cable's positions made
    /// absolute by its first line in the file).
    pub fn below(self, lines: u32) -> TextRange {
        let mut r = self;
        r.start.line += lines;
        r.end.line += lines;
        r
    }
}

/// Byte offset → [`TextPos`] over one text, for many conversions.
///
/// The text is scanned once for its line starts and for the lines that
/// hold a byte outside ASCII: on an ASCII line (most of a cable) the
/// columns are the bytes from the line's start, with nothing to count.
/// On the others, conversions mostly come in text order, so the table
/// remembers the last one and counts on from it within a line: converting
/// every mention of a 10 MB single-line file stays linear, not quadratic.
pub struct PosTable<'a> {
    text: &'a str,
    lines: LineScan,
    last: std::cell::Cell<(usize, TextPos)>,
}

/// A scan's buffers kept larger than this are let go after use: it is the
/// line starts of a cable of some 130,000 lines, which the next cable is
/// unlikely to need again.
const KEPT_SCAN_BYTES: usize = 1 << 20;

thread_local! {
    /// The buffers of the last table made on this thread: summarising
    /// makes a table per cable, one after the other, and a cable's line
    /// starts took an allocation grown by doubling each time.
    static SCAN_BUFFERS: KeptBuffers<LineScan, KEPT_SCAN_BYTES> = const { KeptBuffers::new() };
}

impl<'a> PosTable<'a> {
    pub fn new(text: &'a str) -> PosTable<'a> {
        let mut lines = kept_buffers::take(&SCAN_BUFFERS);
        lines.scan(text);
        PosTable::with_lines(text, lines)
    }

    /// The table of `text`, a part of a longer text already scanned
    /// (`whole_scan` of `whole`, the part starting at `start`): its lines
    /// are taken from that scan instead of being scanned again.
    pub fn of_part(
        text: &'a str,
        whole: &str,
        whole_scan: &LineScan,
        start: usize,
    ) -> PosTable<'a> {
        let mut lines = kept_buffers::take(&SCAN_BUFFERS);
        whole_scan.part_into(whole, start, start.saturating_add(text.len()), &mut lines);
        PosTable::with_lines(text, lines)
    }

    fn with_lines(text: &'a str, lines: LineScan) -> PosTable<'a> {
        PosTable {
            text,
            lines,
            last: std::cell::Cell::new((0, TextPos::default())),
        }
    }

    pub fn pos(&self, offset: usize) -> TextPos {
        let mut offset = offset.min(self.text.len());
        let (last_offset, last) = self.last.get();
        let line = line_of_near(&self.lines.starts, last.line as usize, offset);
        let line_start = self
            .lines
            .starts
            .get(line)
            .copied()
            .unwrap_or(0)
            .min(offset);
        let column = (offset - line_start) as u32;
        let pos = if self.lines.is_ascii_line(line) {
            TextPos {
                line: line as u32,
                utf8: column,
                utf16: column,
                chars: column,
            }
        } else {
            // The line's bytes are all before the next line's start: a
            // step back stays on it.
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            let (from, mut pos) =
                if last.line as usize == line && last_offset >= line_start && last_offset <= offset
                {
                    (last_offset, last)
                } else {
                    (
                        line_start,
                        TextPos {
                            line: line as u32,
                            ..TextPos::default()
                        },
                    )
                };
            let between = self.text.as_bytes().get(from..offset).unwrap_or_default();
            let (chars, utf16) = count_units(between);
            pos.utf8 += between.len() as u32;
            pos.chars += chars;
            pos.utf16 += utf16;
            pos
        };
        self.last.set((offset, pos));
        pos
    }

    pub fn range(&self, span: Span) -> TextRange {
        TextRange {
            start: self.pos(span.start as usize),
            end: self.pos(span.end as usize),
        }
    }

    pub fn n_lines(&self) -> u32 {
        self.lines.starts.len() as u32
    }
}

impl Drop for PosTable<'_> {
    fn drop(&mut self) {
        kept_buffers::keep(&SCAN_BUFFERS, std::mem::take(&mut self.lines));
    }
}

/// Characters and UTF-16 units of whole UTF-8 characters' bytes: a byte
/// starts a character unless it continues one (`10xxxxxx`), and a
/// character of four bytes (a lead of `11110xxx`) takes two UTF-16 units.
fn count_units(bytes: &[u8]) -> (u32, u32) {
    // Eight bytes at a time: bit 7 of each byte of `continues` is set for
    // a byte `10xxxxxx`, of `leads4` for a byte `1111xxxx` (`11111xxx`
    // never occurs in UTF-8).
    const TOP: u64 = 0x8080_8080_8080_8080;
    let (words, rest) = bytes.as_chunks::<8>();
    let mut continuing = 0u32;
    let mut astral = 0u32;
    // The top bits, one per byte, summed by a multiplication into the top
    // byte (at most 8: no carry), cheaper than a bit count without the
    // processor's own instruction.
    let sum_tops = |x: u64| ((x >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as u32;
    for word in words {
        let w = u64::from_le_bytes(*word);
        continuing += sum_tops(w & !(w << 1) & TOP);
        astral += sum_tops(w & (w << 1) & (w << 2) & (w << 3) & TOP);
    }
    for &b in rest {
        continuing += u32::from(b & 0xC0 == 0x80);
        astral += u32::from(b >= 0xF0);
    }
    let chars = bytes.len() as u32 - continuing;
    (chars, chars + astral)
}

/// The [`TextPos`] of a byte offset in a rope (an open document), clamped
/// to the text and to a character start.
pub fn rope_pos(rope: &ropey::Rope, offset: usize) -> TextPos {
    let offset = rope.char_to_byte(rope.byte_to_char(offset.min(rope.len_bytes())));
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let prefix = rope.byte_slice(line_start..offset);
    let chars = prefix.len_chars();
    TextPos {
        line: line as u32,
        utf8: (offset - line_start) as u32,
        utf16: prefix.len_utf16_cu() as u32,
        chars: chars as u32,
    }
}

pub fn rope_range(rope: &ropey::Rope, span: Span) -> TextRange {
    TextRange {
        start: rope_pos(rope, span.start as usize),
        end: rope_pos(rope, span.end as usize),
    }
}

/// A REF item that cites something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefSite {
    pub kind: ReferenceKind,
    /// The canonical id for a cable (`08ROME94`), else the cited text.
    pub value: String,
    pub span: Span,
    pub range: TextRange,
}

/// The index's view of one cable. Spans and ranges are relative to the
/// cable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CableSummary {
    pub id: Option<String>,
    pub subject: Option<String>,
    pub date: Option<DateTime>,
    pub classification: Option<Classification>,
    pub byte_len: u32,
    pub n_lines: u32,
    /// Where the cable is named for a symbol list: the subject, else its
    /// first line.
    pub name_range: TextRange,
    /// The cable's whole extent.
    pub range: TextRange,
    /// Places that spell the cable's own id: the banner's office and serial,
    /// the DE line's serial.
    pub id_sites: Vec<(Span, TextRange)>,
    pub refs: Vec<RefSite>,
    /// The people engine's mentions, kept whole so the workspace can group
    /// them without the text, and their ranges, index for index.
    pub mentions: Vec<Mention>,
    pub mention_ranges: MentionRanges,
}

/// Bytes serialised as one run (a `&[u8]` would be a sequence of numbers).
pub(crate) struct Bytes<'a>(pub &'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// A summary as the index cache stores it: the fields in order, then the
/// mentions as one block of `mention_codec`'s bytes, and the ranges as the
/// bytes [`MentionRanges`] keeps them in, with their number.
mod stored {
    use super::*;
    use crate::model::mention_codec;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize)]
    struct Out<'a> {
        id: &'a Option<String>,
        subject: &'a Option<String>,
        date: &'a Option<DateTime>,
        classification: &'a Option<Classification>,
        byte_len: u32,
        n_lines: u32,
        name_range: TextRange,
        range: TextRange,
        id_sites: &'a [(Span, TextRange)],
        refs: &'a [RefSite],
        mentions: Block<'a>,
        n_ranges: u32,
        ranges: Bytes<'a>,
    }

    struct Block<'a>(&'a [Mention]);

    impl Serialize for Block<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut bytes = Vec::new();
            mention_codec::encode(self.0, &mut bytes).ok_or_else(|| {
                serde::ser::Error::custom("mentions written without a symbol table")
            })?;
            s.serialize_bytes(&bytes)
        }
    }

    /// The ranges' bytes are borrowed from the cache being read and copied
    /// once, into the one allocation [`MentionRanges`] keeps.
    #[derive(Deserialize)]
    struct In<'a> {
        id: Option<String>,
        subject: Option<String>,
        date: Option<DateTime>,
        classification: Option<Classification>,
        byte_len: u32,
        n_lines: u32,
        name_range: TextRange,
        range: TextRange,
        id_sites: Vec<(Span, TextRange)>,
        refs: Vec<RefSite>,
        mentions: Decoded,
        n_ranges: u32,
        ranges: &'a [u8],
    }

    struct Decoded(Vec<Mention>);

    impl<'de> Deserialize<'de> for Decoded {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decoded, D::Error> {
            d.deserialize_bytes(ReadBytes(|v: &[u8]| mention_codec::decode(v).map(Decoded)))
        }
    }

    /// Reads a run of bytes with the function it holds: the bytes are
    /// borrowed from the input, copied only if the function copies them.
    struct ReadBytes<F>(F);

    impl<T, F: FnOnce(&[u8]) -> Result<T, String>> serde::de::Visitor<'_> for ReadBytes<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("bytes")
        }
        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
    }

    impl Serialize for CableSummary {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Out {
                id: &self.id,
                subject: &self.subject,
                date: &self.date,
                classification: &self.classification,
                byte_len: self.byte_len,
                n_lines: self.n_lines,
                name_range: self.name_range,
                range: self.range,
                id_sites: &self.id_sites,
                refs: &self.refs,
                mentions: Block(&self.mentions),
                n_ranges: self.mention_ranges.len() as u32,
                ranges: Bytes(self.mention_ranges.bytes()),
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for CableSummary {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CableSummary, D::Error> {
            let c = In::deserialize(d)?;
            Ok(CableSummary {
                id: c.id,
                subject: c.subject,
                date: c.date,
                classification: c.classification,
                byte_len: c.byte_len,
                n_lines: c.n_lines,
                name_range: c.name_range,
                range: c.range,
                id_sites: c.id_sites,
                refs: c.refs,
                mentions: c.mentions.0,
                mention_ranges: MentionRanges::from_bytes(c.ranges, c.n_ranges)
                    .map_err(serde::de::Error::custom)?,
            })
        }
    }
}

impl CableSummary {
    pub fn new(text: &str, cable: &Cable, facts: &CableFacts, mentions: &[Mention]) -> Self {
        CableSummary::with_mentions(text, cable, facts, mentions.to_vec())
    }

    /// [`CableSummary::new`] taking the mentions it keeps.
    pub fn with_mentions(
        text: &str,
        cable: &Cable,
        facts: &CableFacts,
        mentions: Vec<Mention>,
    ) -> Self {
        CableSummary::with_table(&PosTable::new(text), text, cable, facts, mentions)
    }

    /// [`CableSummary::with_mentions`], with the positions of `table`, a
    /// table of `text`.
    pub fn with_table(
        table: &PosTable<'_>,
        text: &str,
        cable: &Cable,
        facts: &CableFacts,
        mentions: Vec<Mention>,
    ) -> Self {
        let name_span = cable
            .subject
            .as_ref()
            .map(|s| s.span)
            .unwrap_or_else(|| first_line(text));
        let mut id_sites = Vec::new();
        if let Some(banner) = cable.banner() {
            if let (Some(office), Some(serial)) = (banner.office, banner.serial) {
                let span = office.cover(serial);
                id_sites.push((span, table.range(span)));
            }
        }
        if let Some(serial) = cable.de.as_ref().and_then(|de| de.serial) {
            id_sites.push((serial, table.range(serial)));
        }
        let refs = facts
            .references
            .iter()
            .map(|r| RefSite {
                kind: r.kind,
                value: r.value.clone(),
                span: r.span,
                range: table.range(r.span),
            })
            .collect();
        let ranges: Vec<TextRange> = mentions.iter().map(|m| table.range(m.span)).collect();
        let mention_ranges = MentionRanges::new(&ranges);
        CableSummary {
            id: facts.id.clone(),
            subject: facts.subject.clone(),
            date: facts.date,
            classification: facts.classification,
            byte_len: text.len() as u32,
            n_lines: table.n_lines(),
            name_range: table.range(name_span),
            range: table.range(Span::new(0, text.len())),
            id_sites,
            refs,
            mentions,
            mention_ranges,
        }
    }
}

fn first_line(text: &str) -> Span {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    Span::new(0, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_three_units() {
        let text = "¶1. D’Alema\r\n𝄞x\nend";
        let table = PosTable::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            table.pos(x),
            TextPos {
                line: 1,
                utf8: 4,
                utf16: 2,
                chars: 1
            }
        );
        let a = text.find('A').unwrap();
        assert_eq!(
            table.pos(a),
            TextPos {
                line: 0,
                utf8: 9,
                utf16: 6,
                chars: 6
            }
        );
        // Inside a character, past the end: clamped.
        assert_eq!(table.pos(1), TextPos::default());
        assert_eq!(table.pos(999).line, 2);
        assert_eq!(table.pos(999).utf8, 3);
        // The rope gives the same answers.
        let rope = ropey::Rope::from_str(text);
        for offset in [0, 1, a, x, text.len(), 999] {
            assert_eq!(rope_pos(&rope, offset), table.pos(offset), "at {offset}");
        }
    }

    /// Counting bytes gives what decoding the characters gives, for every
    /// length around the eight-byte words and every kind of character.
    #[test]
    fn units_counted_from_bytes_agree_with_the_characters() {
        for piece in [
            "a",
            "é",
            "’",
            "𝄞",
            "a𝄞é",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ] {
            for n in 0..20 {
                let text = format!("{}{}", "x".repeat(n % 9), piece.repeat(n));
                let want = (
                    text.chars().count() as u32,
                    text.encode_utf16().count() as u32,
                );
                assert_eq!(count_units(text.as_bytes()), want, "{text:?}");
            }
        }
        assert_eq!(count_units(b""), (0, 0));
    }

    /// Tables made one after the other on a thread (which reuse one
    /// scan's buffers) answer as fresh ones.
    #[test]
    fn tables_in_turn_answer_for_their_own_text() {
        let long = "¶ word\n".repeat(40) + &"x".repeat(100);
        for text in ["a\nb", long.as_str(), "", "é\r\n\r𝄞x", long.as_str()] {
            let table = PosTable::new(text);
            let rope = ropey::Rope::from_str(text);
            assert_eq!(table.n_lines() as usize, rope.len_lines(), "{text:?}");
            for offset in 0..text.len() + 2 {
                assert_eq!(
                    table.pos(offset),
                    rope_pos(&rope, offset),
                    "{offset} in {text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Remembering the last conversion never changes an answer, in
        /// any order of offsets.
        #[test]
        fn positions_agree_with_the_rope_in_any_order(
            text in "[a-z’𝄞 \r\n]{0,160}",
            offsets in proptest::collection::vec(0usize..400, 0..40),
        ) {
            let table = PosTable::new(&text);
            let rope = ropey::Rope::from_str(&text);
            for offset in offsets {
                proptest::prop_assert_eq!(table.pos(offset), rope_pos(&rope, offset));
            }
        }
    }
}
