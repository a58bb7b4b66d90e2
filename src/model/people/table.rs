//! The lexicon's word table: open addressing with the key inside the slot
//! for words of up to 16 bytes (all but a few dozen of the lexicon's), so
//! that a lookup hashes and compares a word as two 64-bit integers, with
//! no call to `memcmp` and no pointer to follow. Recognition looks up every
//! word of every cable.

use super::lexicon::{Flags, FxHashMap, FxHasher};
use std::hash::Hasher;

/// Longest key held in a slot, in bytes.
const SHORT: usize = 16;

/// A key of at most [`SHORT`] bytes as two little-endian words, zero
/// beyond its length.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShortKey {
    words: [u64; 2],
    len: u32,
}

impl ShortKey {
    /// `key`, if it is short enough.
    #[inline]
    pub(crate) fn new(key: &[u8]) -> Option<ShortKey> {
        if key.len() > SHORT {
            return None;
        }
        let (lo, hi) = key.split_at(key.len().min(8));
        Some(ShortKey {
            words: [load_le(lo), load_le(hi)],
            len: key.len() as u32,
        })
    }

    /// `word` upper-cased, if it is ASCII and short enough: the form
    /// recognition looks most words up in.
    #[inline]
    pub(crate) fn upper_ascii(word: &[u8]) -> Option<ShortKey> {
        let key = ShortKey::new(word)?;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        if (key.words[0] | key.words[1]) & HIGH != 0 {
            return None;
        }
        // The second word of a key of eight bytes or fewer stays zero.
        let second = if key.len > 8 {
            ascii_upper(key.words[1])
        } else {
            0
        };
        Some(ShortKey {
            words: [ascii_upper(key.words[0]), second],
            len: key.len,
        })
    }

    /// The key's bytes, copied out.
    pub(crate) fn bytes(&self) -> ([u8; SHORT], usize) {
        let mut out = [0u8; SHORT];
        let (lo, hi) = out.split_at_mut(8);
        lo.copy_from_slice(&self.words[0].to_le_bytes());
        hi.copy_from_slice(&self.words[1].to_le_bytes());
        (out, self.len as usize)
    }

    /// FxHash of the length and the words; a key of one word skips the
    /// second, which is zero.
    #[inline]
    pub(crate) fn hash(&self) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.add(u64::from(self.len));
        hasher.add(self.words[0]);
        if self.len > 8 {
            hasher.add(self.words[1]);
        }
        hasher.finish()
    }
}

/// Up to eight bytes as a little-endian integer, zero-padded, read in at
/// most two overlapping loads rather than byte by byte.
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        if n >= 8 {
            return b.first_chunk::<8>().map_or(0, |c| u64::from_le_bytes(*c));
        }
        let lo = b.first_chunk::<4>().map_or(0, |c| u32::from_le_bytes(*c));
        let hi = b.last_chunk::<4>().map_or(0, |c| u32::from_le_bytes(*c));
        // The two loads overlap when `n < 8`: the shared bytes are equal.
        return u64::from(lo) | u64::from(hi) << ((n - 4) * 8);
    }
    if n >= 2 {
        let lo = b.first_chunk::<2>().map_or(0, |c| u16::from_le_bytes(*c));
        let hi = b.last_chunk::<2>().map_or(0, |c| u16::from_le_bytes(*c));
        return u64::from(lo) | u64::from(hi) << ((n - 2) * 8);
    }
    b.first().map_or(0, |&x| u64::from(x))
}

/// ASCII upper case of eight ASCII bytes at once: `a`..=`z` lose the
/// 0x20 bit. No byte has its high bit set, so the sums do not carry.
#[inline]
fn ascii_upper(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = w + ONES * (0x80 - u64::from(b'a'));
    let above_z = w + ONES * (0x80 - u64::from(b'z') - 1);
    let lower = at_least_a & !above_z & (ONES * 0x80);
    w ^ (lower >> 2)
}

impl std::hash::Hash for ShortKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(ShortKey::hash(self));
    }
}

/// The words of a [`WordTable`] as they are gathered, each with the union
/// of the classes it was added with: the short ones by their keys, with no
/// copy of a word to the heap (the lexicon adds some thirty thousand).
#[derive(Default)]
pub(crate) struct TableWords {
    short: FxHashMap<ShortKey, Flags>,
    long: FxHashMap<Box<[u8]>, Flags>,
}

impl TableWords {
    pub(crate) fn with_capacity(n: usize) -> TableWords {
        TableWords {
            short: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            long: FxHashMap::default(),
        }
    }

    /// Adds `flags` to the classes of upper-case `key`.
    pub(crate) fn add(&mut self, key: &[u8], flags: Flags) {
        match ShortKey::new(key) {
            Some(short) => self.add_short(short, flags),
            None => {
                let entry = self.long.entry(key.into()).or_default();
                *entry = entry.union(flags);
            }
        }
    }

    /// [`TableWords::add`] of a short key.
    pub(crate) fn add_short(&mut self, key: ShortKey, flags: Flags) {
        let entry = self.short.entry(key).or_default();
        *entry = entry.union(flags);
    }

    /// The classes of upper-case `key`, if it was added.
    pub(crate) fn get(&self, key: &[u8]) -> Option<Flags> {
        match ShortKey::new(key) {
            Some(short) => self.short.get(&short).copied(),
            None => self.long.get(key).copied(),
        }
    }

    /// Gives each word ending in `S` the classes among `classes` of the
    /// word without it (`MINISTERS` of `MINISTER`), all read before any is
    /// given.
    pub(crate) fn union_plurals(&mut self, classes: Flags) {
        let stem_classes = |word: &[u8]| {
            let stem = word.strip_suffix(b"S")?;
            let f = self.get(stem)?.intersect(classes);
            (f != Flags::empty()).then_some(f)
        };
        let short: Vec<(ShortKey, Flags)> = self
            .short
            .keys()
            .filter_map(|key| {
                let (bytes, n) = key.bytes();
                stem_classes(bytes.get(..n)?).map(|f| (*key, f))
            })
            .collect();
        let long: Vec<(Box<[u8]>, Flags)> = self
            .long
            .keys()
            .filter_map(|key| stem_classes(key).map(|f| (key.clone(), f)))
            .collect();
        for (key, f) in short {
            if let Some(flags) = self.short.get_mut(&key) {
                *flags = flags.union(f);
            }
        }
        for (key, f) in long {
            if let Some(flags) = self.long.get_mut(&key) {
                *flags = flags.union(f);
            }
        }
    }

    /// The table of the words, each numbered.
    pub(crate) fn into_table(self) -> WordTable {
        let n_short = self.short.len();
        let n_entries = n_short + self.long.len();
        let long = self
            .long
            .into_iter()
            .zip(n_short as u32..)
            .map(|((key, flags), id)| (key, (flags, id)))
            .collect();
        let short = self
            .short
            .into_iter()
            .zip(0u32..)
            .map(|((key, flags), id)| (key, flags, id));
        WordTable::of_parts(n_entries, short, long)
    }
}

#[derive(Clone, Copy)]
struct Slot {
    key: ShortKey,
    flags: Flags,
    id: u32,
}

/// A word of the table: its upper-case bytes, classes and number.
#[cfg(test)]
pub(crate) type Entry = (Box<[u8]>, Flags, u32);

/// A free slot's key length: no key is that long.
const FREE: u32 = u32::MAX;

pub(crate) struct WordTable {
    /// A power of two of slots, at most half of them used: a probe ends
    /// after one or two slots.
    slots: Vec<Slot>,
    /// A 16-bit tag of each slot's key hash, 0 for a free slot: a small
    /// array that stays in the processor's cache, so that a word the table
    /// lacks (a name, a derived form) is told without reading a slot.
    tags: Vec<u16>,
    /// `64 - log2(slots.len())`: the slot of a key is its hash's top bits,
    /// which depend on every byte of the key.
    shift: u32,
    /// Keys longer than [`SHORT`].
    long: FxHashMap<Box<[u8]>, (Flags, u32)>,
}

impl WordTable {
    /// A table of `entries` (key, classes, number), whose keys must be
    /// distinct.
    #[cfg(test)]
    pub(crate) fn new(entries: Vec<Entry>) -> WordTable {
        let n_entries = entries.len();
        let mut short = Vec::with_capacity(n_entries);
        let mut long = FxHashMap::default();
        for (key, flags, id) in entries {
            match ShortKey::new(&key) {
                Some(key) => short.push((key, flags, id)),
                None => {
                    long.insert(key, (flags, id));
                }
            }
        }
        WordTable::of_parts(n_entries, short, long)
    }

    /// A table of `n_entries` distinct words: the short ones as their
    /// keys, the long ones by their bytes.
    fn of_parts(
        n_entries: usize,
        short: impl IntoIterator<Item = (ShortKey, Flags, u32)>,
        long: FxHashMap<Box<[u8]>, (Flags, u32)>,
    ) -> WordTable {
        let n_slots = (n_entries * 2).next_power_of_two().max(16);
        let free = Slot {
            key: ShortKey {
                words: [0; 2],
                len: FREE,
            },
            flags: Flags::empty(),
            id: 0,
        };
        let mut table = WordTable {
            slots: vec![free; n_slots],
            tags: vec![0; n_slots],
            shift: 64 - n_slots.trailing_zeros(),
            long,
        };
        let mask = n_slots - 1;
        for (short, flags, id) in short {
            let hash = short.hash();
            let mut i = (hash >> table.shift) as usize;
            while table.slots.get(i).is_some_and(|s| s.key.len != FREE) {
                i = (i + 1) & mask;
            }
            if let (Some(t), Some(slot)) = (table.tags.get_mut(i), table.slots.get_mut(i)) {
                *t = tag(hash);
                *slot = Slot {
                    key: short,
                    flags,
                    id,
                };
            }
        }
        table
    }

    /// The classes and number of `key`.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<(Flags, u32)> {
        match ShortKey::new(key) {
            Some(short) => self.get_short(&short),
            None => self.long.get(key).copied(),
        }
    }

    /// [`WordTable::get`] of a short key. Most probes end at the key's
    /// first slot, which is looked at here; the rest of the probe is out of
    /// line, since its loop made the common case save and restore six
    /// registers and spill the key to the stack.
    #[inline]
    pub(crate) fn get_short(&self, key: &ShortKey) -> Option<(Flags, u32)> {
        let hash = key.hash();
        let tag = tag(hash);
        let first = (hash >> self.shift) as usize;
        let t = *self.tags.get(first)?;
        // A tag is never 0, the tag of a free slot.
        if t == 0 {
            return None;
        }
        if t == tag {
            let slot = self.slots.get(first)?;
            if slot.key == *key {
                return Some((slot.flags, slot.id));
            }
        }
        self.probe_after(key, tag, first)
    }

    /// The probe of [`WordTable::get_short`] past the key's first slot.
    #[inline(never)]
    fn probe_after(&self, key: &ShortKey, tag: u16, first: usize) -> Option<(Flags, u32)> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = (first + 1) & mask;
        // Half the slots are free, so the probe ends well before this bound.
        for _ in 1..self.slots.len() {
            let t = *self.tags.get(i)?;
            if t == tag {
                let slot = self.slots.get(i)?;
                if slot.key == *key {
                    return Some((slot.flags, slot.id));
                }
            }
            if t == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
    }
}

/// The tag of a key's hash: bits below those of the slot number (the
/// low bits of a product depend on few bits of the key), never 0.
#[inline]
fn tag(hash: u64) -> u16 {
    (hash >> 32) as u16 | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_past_their_first_slot_are_found_and_absent_keys_are_not() {
        let words: Vec<String> = (0..1000).map(|n| format!("W{n}")).collect();
        let entries = words
            .iter()
            .zip(0u32..)
            .map(|(w, id)| (w.as_bytes().into(), Flags::TITLE, id))
            .collect();
        let table = WordTable::new(entries);
        // A thousand keys in 2,048 slots: many share their first slot.
        let first_slot = |w: &str| ShortKey::new(w.as_bytes()).unwrap().hash() >> table.shift;
        let mut firsts: Vec<u64> = words.iter().map(|w| first_slot(w)).collect();
        firsts.sort_unstable();
        firsts.dedup();
        assert!(firsts.len() < words.len());
        for (w, id) in words.iter().zip(0u32..) {
            assert_eq!(table.get(w.as_bytes()), Some((Flags::TITLE, id)));
        }
        for n in 0..1000 {
            assert_eq!(table.get(format!("X{n}").as_bytes()), None);
        }
        assert_eq!(table.get(b""), None);
    }

    #[test]
    fn short_keys_are_their_bytes_padded() {
        for word in [
            "",
            "A",
            "AB",
            "ABC",
            "ABCD",
            "ABCDEFG",
            "ABCDEFGH",
            "ABCDEFGHIJKLMNOP",
        ] {
            let key = ShortKey::new(word.as_bytes()).unwrap();
            let (bytes, n) = key.bytes();
            assert_eq!(&bytes[..n], word.as_bytes());
            assert!(bytes[n..].iter().all(|&b| b == 0));
        }
        assert!(ShortKey::new(b"ABCDEFGHIJKLMNOPQ").is_none());
    }

    #[test]
    fn upper_case_of_all_ascii_bytes() {
        for b in 0u8..0x80 {
            let word = [b'x', b, b'@', b'`', b'{', b'[', b'a', b'z', b'Z'];
            let key = ShortKey::upper_ascii(&word).unwrap();
            let (bytes, n) = key.bytes();
            assert_eq!(&bytes[..n], word.to_ascii_uppercase().as_slice());
        }
        assert!(ShortKey::upper_ascii("Él".as_bytes()).is_none());
    }

    #[test]
    fn plurals_take_the_classes_of_their_stems_as_first_added() {
        let long_stem = "ABCDEFGHIJKLMNOPQ";
        let long_plural = format!("{long_stem}S");
        let short_stem = "ABCDEFGHIJKLMNOP";
        let plural_of_short = format!("{short_stem}S");
        let mut words = TableWords::default();
        for (word, flags) in [
            ("MINISTER", Flags::TITLE.union(Flags::ENGLISH)),
            ("MINISTERS", Flags::ENGLISH),
            ("TURK", Flags::DEMONYM),
            ("TURKS", Flags::empty()),
            ("ROME", Flags::PLACE),
            ("ROMES", Flags::ENGLISH),
            ("X", Flags::TITLE),
            ("XS", Flags::ENGLISH),
            ("XSS", Flags::ENGLISH),
            ("S", Flags::STOP),
            (long_stem, Flags::TITLE),
            (long_plural.as_str(), Flags::ENGLISH),
            (short_stem, Flags::DEMONYM),
            (plural_of_short.as_str(), Flags::empty()),
        ] {
            words.add(word.as_bytes(), flags);
        }
        // A second addition adds its classes to the first's.
        words.add(b"S", Flags::SAY);
        words.union_plurals(Flags::TITLE.union(Flags::DEMONYM));
        let table = words.into_table();
        let flags = |w: &str| table.get(w.as_bytes()).map(|(f, _)| f);
        assert_eq!(flags("MINISTERS"), Some(Flags::ENGLISH.union(Flags::TITLE)));
        assert_eq!(flags("TURKS"), Some(Flags::DEMONYM));
        assert_eq!(flags("ROMES"), Some(Flags::ENGLISH));
        assert_eq!(flags("XS"), Some(Flags::ENGLISH.union(Flags::TITLE)));
        // `XS` had no title when the stems were read.
        assert_eq!(flags("XSS"), Some(Flags::ENGLISH));
        assert_eq!(flags("S"), Some(Flags::STOP.union(Flags::SAY)));
        assert_eq!(
            flags(&long_plural),
            Some(Flags::ENGLISH.union(Flags::TITLE))
        );
        assert_eq!(flags(&plural_of_short), Some(Flags::DEMONYM));
        assert_eq!(flags("MINISTERSS"), None);
        // Every word numbered once, from 0.
        let mut ids: Vec<u32> = [
            "MINISTER",
            "MINISTERS",
            "TURK",
            "TURKS",
            "ROME",
            "ROMES",
            "X",
            "XS",
            "XSS",
            "S",
            long_stem,
            long_plural.as_str(),
            short_stem,
            plural_of_short.as_str(),
        ]
        .iter()
        .filter_map(|w| table.get(w.as_bytes()).map(|(_, id)| id))
        .collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..14).collect::<Vec<u32>>());
    }

    #[test]
    fn gathered_words_make_the_table_their_entries_make() {
        let words: Vec<String> = (0..300)
            .map(|n| format!("W{n}"))
            .chain((0..20).map(|n| format!("LONGER-THAN-SIXTEEN-{n}")))
            .collect();
        let mut gathered = TableWords::with_capacity(4);
        for (n, w) in words.iter().enumerate() {
            let flags = if n % 2 == 0 { Flags::GIVEN } else { Flags::ORG };
            gathered.add(w.as_bytes(), flags);
            assert_eq!(gathered.get(w.as_bytes()), Some(flags));
        }
        let table = gathered.into_table();
        let entries = words
            .iter()
            .zip(0u32..)
            .map(|(w, id)| {
                let flags = if id % 2 == 0 {
                    Flags::GIVEN
                } else {
                    Flags::ORG
                };
                (w.as_bytes().into(), flags, id)
            })
            .collect();
        let by_entries = WordTable::new(entries);
        assert_eq!(table.slots.len(), by_entries.slots.len());
        for w in &words {
            let flags = |t: &WordTable| t.get(w.as_bytes()).map(|(f, _)| f);
            assert_eq!(flags(&table), flags(&by_entries), "{w}");
            assert!(flags(&table).is_some());
        }
        assert_eq!(table.get(b"W300"), None);
        assert_eq!(table.get(b"LONGER-THAN-SIXTEEN-20"), None);
    }
}
