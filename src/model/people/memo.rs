//! A small memo of what the lexicon works out for words its table does
//! not hold (`Lexicon::derived`, `Lexicon::misspelled_title`). Those words
//! are mostly names, and a name recurs within a cable and across cables,
//! yet working out its classes tries several suffixes, parts and titles
//! (a few hundred instructions) every time it is written.
//!
//! Direct-mapped and one per thread: a look-up is one hash and one
//! comparison, a word that lands on a taken slot replaces the older one,
//! and no lock is taken. The values depend on the word alone (the lexicon
//! is built once per process), so a memo never goes stale.

use std::cell::RefCell;
use std::hash::Hasher;
use std::thread::LocalKey;

use super::lexicon::FxHasher;
use super::table::ShortKey;

/// Slots of a [`ShortMemo`]: 1,024 slots of 32 bytes stay in the
/// processor's cache and hold the names a cable repeats.
const SLOT_BITS: u32 = 10;

/// Slots of a [`TextMemo`]: the titles of a cable are a few dozen.
const TEXT_SLOT_BITS: u32 = 8;

/// A memo of words as [`ShortKey`]s (the lexicon's derivations).
pub(crate) type ShortMemo<V> = Memo<ShortKey, V, SLOT_BITS>;

/// A memo of texts of any length (a title as written, `Foreign
/// Minister`): the text is kept in its slot, so a look-up hashes and
/// compares it, and allocates only to remember a new one.
pub(crate) type TextMemo<V> = Memo<str, V, TEXT_SLOT_BITS>;

/// What a memo is keyed by: how it is hashed, compared with the key a
/// slot holds, and kept.
pub(crate) trait MemoKey {
    type Held;
    fn memo_hash(&self) -> u64;
    fn is(&self, held: &Self::Held) -> bool;
    fn to_held(&self) -> Self::Held;
}

impl MemoKey for ShortKey {
    type Held = ShortKey;
    #[inline]
    fn memo_hash(&self) -> u64 {
        self.hash()
    }
    #[inline]
    fn is(&self, held: &ShortKey) -> bool {
        held == self
    }
    fn to_held(&self) -> ShortKey {
        *self
    }
}

impl MemoKey for str {
    type Held = Box<str>;
    #[inline]
    fn memo_hash(&self) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.write(self.as_bytes());
        hasher.finish()
    }
    #[inline]
    fn is(&self, held: &Box<str>) -> bool {
        **held == *self
    }
    fn to_held(&self) -> Box<str> {
        self.into()
    }
}

/// `1 << BITS` slots, each holding one key and its value.
pub(crate) struct Memo<K: MemoKey + ?Sized, V, const BITS: u32> {
    /// Allocated at the first use, so that threads that never recognise
    /// names pay nothing.
    slots: Vec<Option<(K::Held, V)>>,
}

impl<K: MemoKey + ?Sized, V: Copy, const BITS: u32> Memo<K, V, BITS> {
    pub(crate) const fn new() -> Memo<K, V, BITS> {
        Memo { slots: Vec::new() }
    }

    /// The value of `key`, from the memo or else from `compute`, which is
    /// then remembered in place of whatever held the slot.
    #[inline]
    pub(crate) fn get_or_insert_with(&mut self, key: &K, compute: impl FnOnce() -> V) -> V {
        if self.slots.is_empty() {
            self.slots = (0..1usize << BITS).map(|_| None).collect();
        }
        let slot_idx = (key.memo_hash() >> (64 - BITS)) as usize;
        let Some(slot) = self.slots.get_mut(slot_idx) else {
            return compute();
        };
        if let Some((held, value)) = slot {
            if key.is(held) {
                return *value;
            }
        }
        let value = compute();
        *slot = Some((key.to_held(), value));
        value
    }
}

/// [`Memo::get_or_insert_with`] on a thread's memo; computes without the
/// memo if it is in use already (a `compute` that itself asks it).
#[inline]
pub(crate) fn memoized<K: MemoKey + ?Sized, V: Copy, const BITS: u32>(
    memo: &'static LocalKey<RefCell<Memo<K, V, BITS>>>,
    key: &K,
    compute: impl FnOnce() -> V,
) -> V {
    memo.with(|cell| match cell.try_borrow_mut() {
        Ok(mut memo) => memo.get_or_insert_with(key, compute),
        Err(_) => compute(),
    })
}

/// Sets of a [`WordMemo`]: 32,768 sets of two slots (2.5 MB for the
/// tokenizer's values, a word of 20 bytes) hold the few thousand word
/// forms that prose repeats and most of the rarer ones. A corpus of a few
/// hundred cables writes some 50,000 forms: with 65,536 sets of one slot,
/// forms that share a slot evicted each other and were worked out again
/// (some 400 instructions each) 80,000 times; with as many slots in sets
/// of two, some 60,000 times.
const WORD_SETS: usize = 1 << 15;

/// One slot of a [`WordMemo`]: a key and its value.
type WordSlot<V> = ([u64; 2], V);

/// The slots of a [`WordMemo`], in sets of two: [`WORD_SETS`] of them.
type WordSets<V> = [[WordSlot<V>; 2]];

/// A memo of words of up to 16 bytes keyed by their bytes as two
/// little-endian integers, zero past the word, and leaner than [`Memo`]:
/// the key is hashed with one multiplication and compared as two integers,
/// and a free slot is told by its first integer, which no word leaves at
/// zero (its first byte is not zero). Each hash picks a set of two slots,
/// the one used last first, so that two frequent words of one set do not
/// evict each other. The tokenizer keeps what it works out for each word
/// form as written here.
pub(crate) struct WordMemo<V> {
    /// Allocated at the first use, so that threads that never tokenize pay
    /// nothing.
    sets: Option<Box<WordSets<V>>>,
}

/// A [`WordMemo`] whose slots are allocated, from [`WordMemo::ready`]: the
/// tokenizer holds one over a region, so that a look-up of a word does not
/// test whether the slots exist.
pub(crate) struct ReadyMemo<'a, V> {
    sets: &'a mut WordSets<V>,
}

/// The set of `key`: the top bits of a product, which depend on every
/// byte of the key.
#[inline]
fn set_of(key: [u64; 2]) -> usize {
    let mixed = key[0] ^ key[1].rotate_left(29);
    (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - WORD_SETS.trailing_zeros())) as usize
}

impl<V: Copy + Default> WordMemo<V> {
    pub(crate) const fn new() -> WordMemo<V> {
        WordMemo { sets: None }
    }

    /// The memo with its slots, allocated if they are not yet.
    #[inline]
    pub(crate) fn ready(&mut self) -> ReadyMemo<'_, V> {
        let sets = self.sets.get_or_insert_with(|| {
            let free = [([0; 2], V::default()); 2];
            vec![free; WORD_SETS].into_boxed_slice()
        });
        ReadyMemo { sets }
    }

    /// The value remembered for `key`; none before [`WordMemo::ready`]. A
    /// key found in the second slot of its set moves to the first.
    #[cfg(test)]
    pub(crate) fn get(&mut self, key: [u64; 2]) -> Option<&V> {
        let sets = self.sets.as_deref_mut()?;
        ReadyMemo { sets }.into_get(key)
    }

    /// [`ReadyMemo::get_word`]; none before [`WordMemo::ready`].
    #[cfg(test)]
    pub(crate) fn get_word(&mut self, key: [u64; 2]) -> Option<&V> {
        let sets = self.sets.as_deref_mut()?;
        ReadyMemo { sets }.into_get_word(key)
    }

    /// [`ReadyMemo::insert`], the slots allocated first if need be.
    #[cfg(test)]
    pub(crate) fn insert(&mut self, key: [u64; 2], value: V) {
        self.ready().insert(key, value);
    }

    /// The value of `key`, from the memo or else from `compute`, which is
    /// then remembered.
    #[cfg(test)]
    pub(crate) fn get_or_insert_with(&mut self, key: [u64; 2], compute: impl FnOnce() -> V) -> V {
        if let Some(value) = self.get(key) {
            return *value;
        }
        let value = compute();
        self.insert(key, value);
        value
    }

    /// Forgets every word.
    pub(crate) fn clear(&mut self) {
        self.sets = None;
    }
}

impl<'a, V: Copy> ReadyMemo<'a, V> {
    /// The value remembered for `key`. A key found in the second slot of
    /// its set moves to the first.
    #[inline]
    pub(crate) fn get(&mut self, key: [u64; 2]) -> Option<&V> {
        ReadyMemo {
            sets: &mut *self.sets,
        }
        .into_get(key)
    }

    #[inline]
    fn into_get(self, key: [u64; 2]) -> Option<&'a V> {
        let set = self.sets.get_mut(set_of(key))?;
        if set[0].0 != key || key[0] == 0 {
            if set[1].0 != key || key[0] == 0 {
                return None;
            }
            set.swap(0, 1);
        }
        Some(&set[0].1)
    }

    /// [`ReadyMemo::get`] of the key of a word of one byte or more, whose
    /// first integer is not zero (no word's first byte is zero), so that
    /// no free slot can be taken for it: one test fewer.
    #[inline]
    pub(crate) fn get_word(&mut self, key: [u64; 2]) -> Option<&V> {
        ReadyMemo {
            sets: &mut *self.sets,
        }
        .into_get_word(key)
    }

    #[inline]
    fn into_get_word(self, key: [u64; 2]) -> Option<&'a V> {
        debug_assert!(key[0] != 0);
        let set = self.sets.get_mut(set_of(key))?;
        if set[0].0 != key {
            if set[1].0 != key {
                return None;
            }
            set.swap(0, 1);
        }
        Some(&set[0].1)
    }

    /// Remembers `value` for `key` in the first slot of its set; what held
    /// that slot moves to the second, in place of what held it. A key
    /// whose first integer is zero is no word: never remembered.
    pub(crate) fn insert(&mut self, key: [u64; 2], value: V) {
        if key[0] == 0 {
            return;
        }
        if let Some(set) = self.sets.get_mut(set_of(key)) {
            set[1] = set[0];
            set[0] = (key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(word: &str) -> ShortKey {
        ShortKey::new(word.as_bytes()).unwrap()
    }

    /// Two keys of the same slot, found by trying words.
    fn colliding_pair() -> (ShortKey, ShortKey) {
        let first = key("SPOGLI");
        let slot = first.hash() >> (64 - SLOT_BITS);
        let other = (0..100_000)
            .map(|n| key(&format!("W{n}")))
            .find(|k| k.hash() >> (64 - SLOT_BITS) == slot)
            .unwrap();
        (first, other)
    }

    #[test]
    fn a_memo_computes_once_and_answers_what_it_computed() {
        let mut memo = ShortMemo::new();
        let mut calls = 0;
        let mut get = |memo: &mut ShortMemo<u32>, word: &str, value: u32| {
            memo.get_or_insert_with(&key(word), || {
                calls += 1;
                value
            })
        };
        assert_eq!(get(&mut memo, "SPOGLI", 7), 7);
        // The second time, the value remembered, not the one offered.
        assert_eq!(get(&mut memo, "SPOGLI", 9), 7);
        assert_eq!(get(&mut memo, "DALEMA", 3), 3);
        assert_eq!(calls, 2);
    }

    #[test]
    fn a_collision_replaces_the_older_word() {
        let (first, second) = colliding_pair();
        assert!(first != second);
        let mut memo = ShortMemo::new();
        assert_eq!(memo.get_or_insert_with(&first, || 1u32), 1);
        assert_eq!(memo.get_or_insert_with(&second, || 2), 2);
        // The first word was evicted: computed again, never the other's.
        assert_eq!(memo.get_or_insert_with(&first, || 3), 3);
        assert_eq!(memo.get_or_insert_with(&first, || 4), 3);
        assert_eq!(memo.get_or_insert_with(&second, || 5), 5);
    }

    #[test]
    fn a_text_memo_answers_what_it_computed_even_after_a_collision() {
        let slot_of = |text: &str| {
            let mut hasher = FxHasher::default();
            hasher.write(text.as_bytes());
            hasher.finish() >> (64 - TEXT_SLOT_BITS)
        };
        let first = "Foreign Minister";
        let other = (0..100_000)
            .map(|n| format!("Minister {n}"))
            .find(|t| slot_of(t) == slot_of(first))
            .unwrap();
        let mut memo = TextMemo::new();
        assert_eq!(memo.get_or_insert_with(first, || 1u32), 1);
        assert_eq!(memo.get_or_insert_with(first, || 2), 1);
        // A text that shares the slot evicts the first, never answers for it.
        assert_eq!(memo.get_or_insert_with(&other, || 3), 3);
        assert_eq!(memo.get_or_insert_with(first, || 4), 4);
        assert_eq!(memo.get_or_insert_with("", || 5), 5);
        assert_eq!(memo.get_or_insert_with("", || 6), 5);
    }

    thread_local! {
        static TEST_MEMO: RefCell<ShortMemo<u32>> = const { RefCell::new(ShortMemo::new()) };
    }

    #[test]
    fn a_nested_use_computes_without_the_memo() {
        let outer = memoized(&TEST_MEMO, &key("OUTER"), || {
            memoized(&TEST_MEMO, &key("INNER"), || 2) + 1
        });
        assert_eq!(outer, 3);
        assert_eq!(memoized(&TEST_MEMO, &key("OUTER"), || 0), 3);
        // The inner value was computed while the memo was held: not kept.
        assert_eq!(memoized(&TEST_MEMO, &key("INNER"), || 5), 5);
    }

    #[test]
    fn a_word_memo_answers_what_it_computed_and_never_for_another_word() {
        let mut memo: WordMemo<u32> = WordMemo::new();
        let said = [u64::from_le_bytes(*b"said\0\0\0\0"), 0];
        let long = [
            u64::from_le_bytes(*b"governme"),
            u64::from_le_bytes(*b"nt\0\0\0\0\0\0"),
        ];
        assert_eq!(memo.get_or_insert_with(said, || 1), 1);
        assert_eq!(memo.get_or_insert_with(said, || 2), 1);
        assert_eq!(memo.get_or_insert_with(long, || 3), 3);
        assert_eq!(memo.get_or_insert_with(long, || 4), 3);
        // The zero key is no word: a free slot never answers for it.
        assert_eq!(memo.get_or_insert_with([0, 0], || 5), 5);
        assert_eq!(memo.get_or_insert_with([0, 0], || 6), 6);
        // Three words of one set: the one used least recently is evicted.
        let set = set_of(said);
        let mut others = (1u64..)
            .map(|n| [n << 8 | 1, 0])
            .filter(|&k| k != said && set_of(k) == set);
        let (first, second) = (others.next().unwrap(), others.next().unwrap());
        assert_eq!(memo.get_or_insert_with(first, || 7), 7);
        // `said` is in the second slot now: found, and first again.
        assert_eq!(memo.get_or_insert_with(said, || 8), 1);
        assert_eq!(memo.get_or_insert_with(second, || 9), 9);
        // `first` was used least recently: evicted, `said` kept.
        assert_eq!(memo.get_or_insert_with(said, || 10), 1);
        assert_eq!(memo.get_or_insert_with(first, || 11), 11);
        assert_eq!(memo.get_or_insert_with(second, || 12), 12);
        assert_eq!(memo.get_or_insert_with(said, || 13), 13);
        assert_eq!(memo.get_word(said), Some(&13));
        assert_eq!(memo.get_word(second), Some(&12));
        assert_eq!(memo.get_word(first), None);
        assert_eq!(memo.get_word(long), Some(&3));
        assert_eq!(memo.get_word([u64::from(b'x'), 0]), None);
        memo.clear();
        assert_eq!(memo.get_word(said), None);
        assert_eq!(memo.get_or_insert_with(said, || 14), 14);
    }
}
