//! Interned strings: the names, keys and titles of person mentions, which
//! repeat across a whole archive (`Nicolas Sarkozy` in thousands of
//! cables), stored once per process and named by a 4-byte [`Sym`].
//!
//! Why a process-wide table: a mention is the index's most numerous record
//! (tens of millions in a full archive), and three owned strings per
//! mention were most of the index's memory. With symbols a mention is a few
//! words, equality and hashing are integer operations, and any layer can
//! read a symbol's text without carrying a table around.
//!
//! Strings are never removed: the table only grows with distinct names,
//! which a workspace has a bounded number of (names typed in an open
//! document add a few bytes per keystroke at most). Reads take no lock:
//! the strings live in segments of doubling size that are filled once
//! and never moved; only adding a string takes the lock.

use super::hashes::FxHasher;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::num::NonZeroU32;
use std::sync::{Mutex, OnceLock};

/// An interned string. Equal strings have equal symbols within a process;
/// symbols are never written to disk (the index cache stores the text).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sym(NonZeroU32);

/// Segment `k` holds `FIRST << k` strings: 2^32 symbols fit in the 22
/// segments after a first of 1,024.
const FIRST_BITS: u32 = 10;
const SEGMENTS: usize = 23;

struct Table {
    segments: [OnceLock<Box<[OnceLock<&'static str>]>>; SEGMENTS],
    /// Text → symbol, and the number of symbols handed out; the only
    /// lock, taken to add.
    index: Mutex<(TextIndex, u32)>,
    /// std's randomly keyed hasher (SipHash): the texts come from files
    /// anyone may send, so no crafted collisions.
    hasher: RandomState,
}

/// Symbols by the keyed hash of their texts, the hash computed once per
/// ask: a table keyed by the text itself hashed it again to add it, and
/// again for every symbol each time the table grew.
#[derive(Default)]
struct TextIndex {
    /// The first symbol of each hash.
    by_hash: HashMap<u64, Sym, BuildHasherDefault<HashIsKey>>,
    /// Symbols whose hash an earlier one already had (64-bit hashes of a
    /// secret key: next to never), by text.
    others: HashMap<&'static str, Sym>,
}

impl TextIndex {
    fn get(&self, hash: u64, text: &str) -> Option<Sym> {
        let first = *self.by_hash.get(&hash)?;
        if first.as_str() == text {
            return Some(first);
        }
        self.others.get(text).copied()
    }

    /// Adds a text known not to be in the index.
    fn insert(&mut self, hash: u64, text: &'static str, sym: Sym) {
        match self.by_hash.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(sym);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.others.insert(text, sym);
            }
        }
    }
}

/// The hasher of a table whose keys are hashes already: a key is its own
/// hash.
#[derive(Default)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64`s are hashed here; anything else is folded in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Symbols the table is made with room for: a workspace of a few hundred
/// cables has this many distinct names, keys and titles, which the table
/// holds without growing.
const FIRST_CAPACITY: usize = 1 << 15;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table {
        segments: std::array::from_fn(|_| OnceLock::new()),
        index: Mutex::new((
            TextIndex {
                by_hash: HashMap::with_capacity_and_hasher(FIRST_CAPACITY, Default::default()),
                others: HashMap::new(),
            },
            0,
        )),
        hasher: RandomState::new(),
    })
}

/// Segment and slot of the `n`-th string (0-based).
fn slot(n: u32) -> (usize, usize) {
    let shifted = (n >> FIRST_BITS) + 1;
    let segment = (31 - shifted.leading_zeros()) as usize;
    let base = ((1u64 << segment) - 1) << FIRST_BITS;
    (segment, (n as u64 - base) as usize)
}

fn segment_len(segment: usize) -> usize {
    1usize << (FIRST_BITS as usize + segment)
}

/// Slots of a thread's memo of recent symbols ([`Sym::new`]).
const RECENT_BITS: u32 = 14;

thread_local! {
    /// The symbols this thread asked for last, one per slot of the texts'
    /// hashes: indexing interns the names of every cable, and a cable's
    /// names recur in the next ones, so most asks end here without the
    /// process-wide lock and its map, which both cores' indexing threads
    /// contend for. A slot only says where to look: a hit is checked
    /// against the symbol's text, so a collision costs a miss, never a
    /// wrong symbol.
    static RECENT: std::cell::RefCell<[Option<Sym>; 1 << RECENT_BITS]> =
        const { std::cell::RefCell::new([None; 1 << RECENT_BITS]) };
}

/// The slot of `text` in [`RECENT`]: FxHash's mixing of its bytes, eight
/// at a time (the last few packed in one word), from its length.
fn recent_slot(text: &str) -> usize {
    let mut h = FxHasher::starting_at(text.len() as u64);
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h.add(u64::from_le_bytes(word));
    }
    let mut last = [0u8; 8];
    let rest = chunks.remainder();
    last.get_mut(..rest.len())
        .unwrap_or(&mut [])
        .copy_from_slice(rest);
    h.add(u64::from_le_bytes(last));
    (h.finish() >> (64 - RECENT_BITS)) as usize
}

impl Sym {
    /// The symbol of `text`, added to the table when new.
    pub fn new(text: &str) -> Sym {
        let slot = recent_slot(text);
        let recent = RECENT
            .try_with(|r| {
                r.try_borrow()
                    .ok()
                    .and_then(|r| r.get(slot).copied().flatten())
            })
            .ok()
            .flatten();
        if let Some(sym) = recent.filter(|sym| sym.as_str() == text) {
            return sym;
        }
        let sym = Sym::new_locked(text);
        let _ = RECENT.try_with(|r| {
            if let Ok(mut r) = r.try_borrow_mut() {
                if let Some(cell) = r.get_mut(slot) {
                    *cell = Some(sym);
                }
            }
        });
        sym
    }

    /// [`Sym::new`] through the process-wide table.
    fn new_locked(text: &str) -> Sym {
        let table = table();
        let hash = table.hasher.hash_one(text);
        // A poisoned lock only means another thread panicked while adding;
        // the map is still consistent (entries are inserted last).
        let mut guard = table
            .index
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (map, count) = &mut *guard;
        if let Some(sym) = map.get(hash, text) {
            return sym;
        }
        let n = *count;
        let (segment, offset) = slot(n);
        let Some(cells) = table.segments.get(segment) else {
            // 2^32 distinct strings: unreachable in memory; answer with the
            // empty string's symbol rather than fail.
            drop(guard);
            return Sym::new_locked("");
        };
        let cells = cells.get_or_init(|| {
            (0..segment_len(segment))
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        if let Some(cell) = cells.get(offset) {
            let _ = cell.set(text);
        }
        // `n + 1` is at least 1; `count` stops short of u32::MAX because
        // the last segment ends there.
        let sym = Sym(NonZeroU32::MIN.saturating_add(n));
        map.insert(hash, text, sym);
        *count = n + 1;
        sym
    }

    /// The symbol of `text` if some string equal to it was interned; never
    /// adds (a query for a name nobody wrote leaves no trace).
    pub fn lookup(text: &str) -> Option<Sym> {
        let table = table();
        let hash = table.hasher.hash_one(text);
        let guard = table
            .index
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.0.get(hash, text)
    }

    /// The symbol's text.
    pub fn as_str(self) -> &'static str {
        let (segment, offset) = slot(self.0.get() - 1);
        table()
            .segments
            .get(segment)
            .and_then(OnceLock::get)
            .and_then(|cells| cells.get(offset))
            .and_then(OnceLock::get)
            .copied()
            // Every symbol was made by `new`, which fills its cell before
            // handing it out.
            .unwrap_or("")
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Symbols written by number into one table of texts, for a file that
/// holds millions of them (the index cache): each text is written and
/// interned once per file instead of once per use. Set for the current
/// thread by [`write_with_table`] and [`read_with_table`]; elsewhere a
/// symbol is written as its text.
enum TableContext {
    Write {
        numbers: HashMap<Sym, u32>,
        texts: Vec<Sym>,
    },
    Read(std::sync::Arc<[Sym]>),
}

thread_local! {
    static TABLE_CONTEXT: std::cell::RefCell<Option<TableContext>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `write` with symbols written as numbers, and returns what it
/// returned with the table of their texts, number for number.
pub fn write_with_table<R>(write: impl FnOnce() -> R) -> (R, Vec<Sym>) {
    TABLE_CONTEXT.with(|c| {
        *c.borrow_mut() = Some(TableContext::Write {
            numbers: HashMap::new(),
            texts: Vec::new(),
        })
    });
    let _reset = ResetContext;
    let out = write();
    let table = TABLE_CONTEXT.with(|c| match c.borrow_mut().take() {
        Some(TableContext::Write { texts, .. }) => texts,
        _ => Vec::new(),
    });
    (out, table)
}

/// Runs `read` with symbols read as numbers into `table`.
pub fn read_with_table<R>(table: std::sync::Arc<[Sym]>, read: impl FnOnce() -> R) -> R {
    TABLE_CONTEXT.with(|c| *c.borrow_mut() = Some(TableContext::Read(table)));
    let _reset = ResetContext;
    read()
}

/// Runs `f` with the number of a symbol in the table being written
/// ([`write_with_table`]), handing out the next number to a new symbol;
/// `None` outside a write. For encoders that write many symbols at once.
pub fn with_numbering<R>(f: impl FnOnce(Option<&mut dyn FnMut(Sym) -> u32>) -> R) -> R {
    TABLE_CONTEXT.with(|c| match &mut *c.borrow_mut() {
        Some(TableContext::Write { numbers, texts }) => {
            let mut number = |sym: Sym| {
                *numbers.entry(sym).or_insert_with(|| {
                    texts.push(sym);
                    (texts.len() - 1) as u32
                })
            };
            f(Some(&mut number))
        }
        _ => f(None),
    })
}

/// Runs `f` with the table being read ([`read_with_table`]), symbols by
/// number; `None` outside a read. For decoders that read many at once.
pub fn with_table<R>(f: impl FnOnce(Option<&[Sym]>) -> R) -> R {
    TABLE_CONTEXT.with(|c| match &*c.borrow() {
        Some(TableContext::Read(table)) => f(Some(table)),
        _ => f(None),
    })
}

/// Clears the thread's table context however the work ends, a panic
/// included, so that later serialisation on the thread writes texts.
struct ResetContext;

impl Drop for ResetContext {
    fn drop(&mut self) {
        let _ = TABLE_CONTEXT.try_with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                *c = None;
            }
        });
    }
}

/// Written as its text (symbol numbers mean nothing in another process),
/// or as its number in the table of [`write_with_table`].
impl serde::Serialize for Sym {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let number = with_numbering(|number| number.map(|number| number(*self)));
        match number {
            Some(n) => s.serialize_u32(n),
            None => s.serialize_str(self.as_str()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Sym {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sym, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Sym;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Sym, E> {
                Ok(Sym::new(v))
            }
        }
        // Whether a table is in force; the table itself is looked into only
        // after the number is read, without cloning its `Arc` (millions of
        // symbols are read, on several threads at once).
        if !with_table(|table| table.is_some()) {
            return d.deserialize_str(Visitor);
        }
        let n = u32::deserialize(d)?;
        with_table(|table| table.and_then(|t| t.get(n as usize)).copied())
            .ok_or_else(|| serde::de::Error::custom(format!("symbol {n} past the table's end")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_cover_the_segments_without_gaps() {
        assert_eq!(slot(0), (0, 0));
        assert_eq!(slot(1023), (0, 1023));
        assert_eq!(slot(1024), (1, 0));
        assert_eq!(slot(3071), (1, 2047));
        assert_eq!(slot(3072), (2, 0));
        let mut expected = (0usize, 0usize);
        for n in 0..20_000u32 {
            assert_eq!(slot(n), expected, "n = {n}");
            expected.1 += 1;
            if expected.1 == segment_len(expected.0) {
                expected = (expected.0 + 1, 0);
            }
        }
        assert_eq!(slot(u32::MAX - 1).0, SEGMENTS - 1);
    }

    #[test]
    fn equal_texts_equal_symbols() {
        let a = Sym::new("Raimondo De Cardona");
        let b = Sym::new(&String::from("Raimondo De Cardona"));
        let c = Sym::new("De Cardona");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.as_str(), "Raimondo De Cardona");
        assert_eq!(c, "De Cardona");
        assert_eq!(format!("{a:?} {c}"), "\"Raimondo De Cardona\" De Cardona");
    }

    #[test]
    fn texts_sharing_a_recent_slot_keep_their_own_symbols() {
        // Find two texts of the same slot: the memo must check the text.
        let first = "recent-slot-0".to_string();
        let slot = recent_slot(&first);
        let second = (1..100_000)
            .map(|i| format!("recent-slot-{i}"))
            .find(|t| recent_slot(t) == slot)
            .unwrap();
        let a = Sym::new(&first);
        let b = Sym::new(&second);
        assert_ne!(a, b);
        assert_eq!(Sym::new(&first), a);
        assert_eq!(Sym::new(&second), b);
        assert_eq!(Sym::new(&first).as_str(), first);
        // Every length of tail, the empty text included.
        for n in 0..20 {
            let text = "x".repeat(n);
            assert_eq!(Sym::new(&text).as_str(), text);
            assert_eq!(Sym::new(&text), Sym::new_locked(&text));
        }
    }

    /// Texts whose hashes collide keep their own symbols: the second one
    /// is found by its text.
    #[test]
    fn texts_of_one_hash_keep_their_own_symbols() {
        let mut index = TextIndex::default();
        let (a, b, c) = (
            Sym::new("Hash Collided A"),
            Sym::new("Hash Collided B"),
            Sym::new("C"),
        );
        index.insert(7, "Hash Collided A", a);
        index.insert(7, "Hash Collided B", b);
        index.insert(8, "C", c);
        assert_eq!(index.get(7, "Hash Collided A"), Some(a));
        assert_eq!(index.get(7, "Hash Collided B"), Some(b));
        assert_eq!(index.get(7, "C"), None);
        assert_eq!(index.get(8, "C"), Some(c));
        assert_eq!(index.get(9, "C"), None);
        assert_eq!(Sym::lookup("Hash Collided B"), Some(b));
        assert_eq!(Sym::lookup("never interned anywhere"), None);
    }

    #[test]
    fn threads_agree_on_symbols() {
        let names: Vec<String> = (0..3000).map(|i| format!("intern-test-{i}")).collect();
        let runs: Vec<Vec<Sym>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| names.iter().map(|n| Sym::new(n)).collect::<Vec<_>>()))
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        for run in &runs {
            assert_eq!(run, &runs[0]);
        }
        for (sym, name) in runs[0].iter().zip(&names) {
            assert_eq!(sym.as_str(), name);
        }
    }

    #[test]
    fn round_trips_through_a_table_of_texts() {
        let syms = vec![Sym::new("Prodi"), Sym::new("D'Alema"), Sym::new("Prodi")];
        let (bytes, table) = write_with_table(|| postcard::to_stdvec(&syms).unwrap());
        assert_eq!(table, [Sym::new("Prodi"), Sym::new("D'Alema")]);
        // Numbers, not texts.
        assert_eq!(bytes, [3, 0, 1, 0]);
        let back: Vec<Sym> =
            read_with_table(table.into(), || postcard::from_bytes(&bytes).unwrap());
        assert_eq!(back, syms);
        // A number past the table is an error, not a panic.
        let short: std::sync::Arc<[Sym]> = vec![Sym::new("Prodi")].into();
        let bad: Result<Vec<Sym>, _> = read_with_table(short, || postcard::from_bytes(&bytes));
        assert!(bad.is_err());
        // Outside the context, texts again.
        assert_eq!(serde_json::to_string(&syms[1]).unwrap(), "\"D'Alema\"");
    }

    #[test]
    fn round_trips_through_serde_as_text() {
        let sym = Sym::new("D'Alema");
        let json = serde_json::to_string(&sym).unwrap();
        assert_eq!(json, "\"D'Alema\"");
        let back: Sym = serde_json::from_str(&json).unwrap();
        assert_eq!(back, sym);
    }
}
