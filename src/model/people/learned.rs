//! What the cable itself teaches about its words: an English word written
//! capitalised inside sentences and never in lower case is a proper noun
//! here (`Ambassador Ray`, `Gabby Levy`), even though the English word
//! list has it; a word written in lower case at least as often is a common
//! word here, even if it also opens a heading. Words are counted by their
//! lexicon number, so the pass costs a bit test per word of the word list,
//! a small-map probe for the few words that pass it, and nothing for the
//! others (which no list calls English).

use super::lexicon::{push_normalized, Flags, FxHashMap, FxHasher, NO_ID};
use super::recognize::Scanner;
use super::tokens::{Gap, WordShape};
use crate::model::kept_buffers::{self, KeptBuffers, Reusable};
use std::hash::Hasher;

/// Counts of one word's written forms inside sentences.
#[derive(Default, Clone, Copy, Debug)]
pub(super) struct Seen {
    pub(super) capitalised: u32,
    pub(super) lower: u32,
}

/// Which (length, first letter) pairs a set of words has: most words are
/// told apart from the set by these without a lookup. Lengths past 31
/// count as 31; every first byte that is no ASCII letter counts as one.
#[derive(Default)]
pub(super) struct ShapeFilter {
    /// By first letter (`A`..`Z`, then all others), the lengths held, a bit
    /// each.
    lens: [u64; 27],
}

impl ShapeFilter {
    fn slot(word: &[u8]) -> (usize, usize) {
        let first = word.first().copied().unwrap_or(0);
        let letter = if first.is_ascii_alphabetic() {
            usize::from(first.to_ascii_lowercase() - b'a')
        } else {
            26
        };
        (letter, word.len().min(31))
    }

    pub(super) fn insert(&mut self, word: &str) {
        let (letter, len) = Self::slot(word.as_bytes());
        if let Some(lens) = self.lens.get_mut(letter) {
            *lens |= 1 << len;
        }
    }

    /// Whether a word of one letter more or less, or of the same length,
    /// with the same first letter may be held.
    pub(super) fn may_hold_near(&self, word: &[u8]) -> bool {
        let (letter, len) = Self::slot(word);
        // The lengths len - 1 ..= len + 1.
        let near = (7u64 << len) >> 1;
        self.lens.get(letter).is_some_and(|lens| lens & near != 0)
    }
}

/// Counts of the written forms of each lexicon number, in one flat table
/// indexed by the number: a bump per word of the cable instead of a hash
/// probe. The table lives on in its thread between cables
/// ([`SEEN_TABLE`]); the numbers a cable touched are zeroed again when the
/// next takes it, so each cable starts from zeros without clearing the
/// whole table.
#[derive(Default)]
pub(super) struct SeenCounts {
    /// Lower-case count in the low 32 bits, capitalised count in the high.
    counts: Vec<u64>,
    /// The numbers whose counts are not zero.
    touched: Vec<u32>,
}

/// The seen table is kept whatever its size: it is as long as the largest
/// lexicon number met, which the lexicon bounds, not the cable, and which
/// a thread's first cables reach anyway.
const KEPT_SEEN_BYTES: usize = usize::MAX;

thread_local! {
    /// The seen table of the thread's last cable, handed on to its next
    /// with the scanner's other buffers.
    pub(super) static SEEN_TABLE: KeptBuffers<SeenCounts, KEPT_SEEN_BYTES> =
        const { KeptBuffers::new() };
}

/// One capitalised use, in [`SeenCounts::counts`].
const ONE_CAPITALISED: u64 = 1 << 32;

impl Reusable for SeenCounts {
    /// Zeroes the numbers counted, and only them.
    fn clear(&mut self) {
        for &id in &self.touched {
            if let Some(c) = self.counts.get_mut(id as usize) {
                *c = 0;
            }
        }
        self.touched.clear();
    }

    fn kept_bytes(&self) -> usize {
        self.counts.kept_bytes()
    }
}

impl SeenCounts {
    #[inline]
    fn bump(&mut self, id: u32, by: u64) {
        match self.counts.get_mut(id as usize) {
            Some(c) => {
                if *c == 0 {
                    self.touched.push(id);
                }
                *c += by;
            }
            None => self.grow_and_bump(id, by),
        }
    }

    /// [`SeenCounts::bump`] of a number past the table's end. Numbers are
    /// indices of the lexicon's table: the table grows to the largest
    /// number met, once per thread.
    #[cold]
    #[inline(never)]
    fn grow_and_bump(&mut self, id: u32, by: u64) {
        let i = id as usize;
        let len = (i + 1).max(self.counts.len() * 2).max(1024);
        self.counts.resize(len, 0);
        if let Some(c) = self.counts.get_mut(i) {
            self.touched.push(id);
            *c += by;
        }
    }

    /// Whether number `id` was counted capitalised at least once.
    #[inline]
    fn any_capitalised(&self, id: u32) -> bool {
        self.counts
            .get(id as usize)
            .is_some_and(|&c| c >= ONE_CAPITALISED)
    }

    /// The counts of number `id` (zeros for [`NO_ID`] and numbers never seen).
    #[inline]
    pub(super) fn get(&self, id: u32) -> Seen {
        let c = self.counts.get(id as usize).copied().unwrap_or(0);
        Seen {
            capitalised: (c >> 32) as u32,
            lower: c as u32,
        }
    }
}

impl Scanner<'_> {
    /// Sets [`Flags::PROPER`] and [`Flags::LOWER_SEEN`] on the words of the
    /// mixed-case regions, from the counts over their paragraphs. A word's
    /// lower-case count matters only once it is seen capitalised: a first
    /// pass over the capitalised words alone (by the marks, [`Marks`])
    /// counts those, a second over the lower-case words counts only the
    /// words the first saw (and runs only if it saw any), and a third over
    /// the capitalised words sets the flags.
    ///
    /// [`Marks`]: super::marks::Marks
    pub(super) fn learn(&mut self) {
        let mut seen = kept_buffers::take(&SEEN_TABLE);
        // The capitalised words with a number, of the mixed-case regions.
        // In the buffers of the thread's earlier cables, grown to fit.
        let mut titles = std::mem::take(&mut self.learned_titles);
        titles.clear();
        let mut unlisted = std::mem::take(&mut self.unlisted_words);
        unlisted.clear();
        let mut any_capitalised = false;
        for region in &self.regions {
            if region.caps {
                continue;
            }
            let sentences = !region.heading;
            let words = &self.words;
            // Every mark of the region is visited: none is accepted, but
            // a word past the words ends the walk.
            self.marks.find(region.words.start, region.words.end, |k| {
                let Some(w) = words.get(k) else {
                    return true;
                };
                if w.shape != WordShape::Title {
                    return false;
                }
                // Capitalised inside a sentence: after another word, with
                // blanks or a comma between; headings are headline case
                // and do not count.
                let inside =
                    sentences && k > region.words.start && matches!(w.gap, Gap::Space | Gap::Comma);
                if w.id == NO_ID {
                    if inside {
                        unlisted.push(k as u32);
                    }
                    return false;
                }
                titles.push(k as u32);
                // Not a title or a stop word.
                if inside && !w.flags.has(Flags::TITLE.union(Flags::STOP)) {
                    seen.bump(w.id, ONE_CAPITALISED);
                    any_capitalised = true;
                }
                false
            });
        }
        if any_capitalised {
            for region in &self.regions {
                if region.caps {
                    continue;
                }
                let Some(words) = self.words.get(region.words.clone()) else {
                    continue;
                };
                for w in words {
                    if w.shape == WordShape::Lower && seen.any_capitalised(w.id) {
                        seen.bump(w.id, 1);
                    }
                }
            }
        }
        self.unlisted_words = unlisted;
        if any_capitalised {
            for &k in &titles {
                let Some(w) = self.words.get_mut(k as usize) else {
                    continue;
                };
                let s = seen.get(w.id);
                if s.capitalised == 0 {
                    continue;
                }
                if s.lower == 0 && w.flags.has(Flags::ENGLISH) {
                    w.flags = w.flags.union(Flags::PROPER);
                    self.proper.insert(w.id);
                } else if s.lower > 0
                    && s.lower >= s.capitalised
                    && !w.flags.has(Flags::GIVEN.union(Flags::FAMOUS))
                {
                    w.flags = w.flags.union(Flags::LOWER_SEEN);
                }
            }
        }
        self.seen = seen;
        self.learned_titles = titles;
    }

    /// How often word `k` is written capitalised inside sentences of the
    /// cable's paragraphs. Words of no list are counted at the first need,
    /// by a hash of their upper case.
    pub(super) fn seen_capitalised(&mut self, k: usize) -> u32 {
        let Some(w) = self.words.get(k) else {
            return 0;
        };
        if w.id != NO_ID {
            return self.seen.get(w.id).capitalised;
        }
        let h = word_hash(w.text(self.text), &mut self.buf);
        if self.unlisted.is_none() {
            let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
            for &j in &self.unlisted_words {
                let Some(x) = self.words.get(j as usize) else {
                    continue;
                };
                let hx = word_hash(x.text(self.text), &mut self.buf);
                *counts.entry(hx).or_default() += 1;
            }
            self.unlisted = Some(counts);
        }
        self.unlisted
            .as_ref()
            .and_then(|c| c.get(&h).copied())
            .unwrap_or(0)
    }
}

/// The upper-case hash of a word; ASCII words are hashed without a copy
/// to the heap.
fn word_hash(word: &str, buf: &mut String) -> u64 {
    let mut hasher = FxHasher::default();
    let mut stack = [0u8; 40];
    if word.is_ascii() && word.len() <= stack.len() {
        let out = &mut stack[..word.len()];
        out.copy_from_slice(word.as_bytes());
        out.make_ascii_uppercase();
        hasher.write(out);
    } else {
        buf.clear();
        push_normalized(buf, word);
        hasher.write(buf.as_bytes());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition [`ShapeFilter::may_hold_near`] keeps in bits.
    fn naive_near(held: &[&str], word: &str) -> bool {
        let first = |w: &str| {
            let b = w.as_bytes().first().copied().unwrap_or(0);
            if b.is_ascii_alphabetic() {
                Some(b.to_ascii_lowercase())
            } else {
                None
            }
        };
        held.iter().any(|h| {
            let (a, b) = (h.len().min(31), word.len().min(31));
            first(h) == first(word) && a.abs_diff(b) <= 1
        })
    }

    #[test]
    fn a_shape_filter_holds_words_of_the_same_first_letter_and_a_near_length() {
        let held = ["SPOGLI", "D'ALEMA", "ab", "", "-X", "ÉLAN", &"Q".repeat(40)];
        let mut filter = ShapeFilter::default();
        for h in held {
            filter.insert(h);
        }
        let queries = [
            "spogli",
            "SPOGL",
            "SPOGLIS",
            "SPOG",
            "SPOGLIXX",
            "Tpogli",
            "d'alem",
            "D'ALEMAS",
            "D",
            "a",
            "abc",
            "abcd",
            "",
            "x",
            "-",
            "?ab",
            "ÉLA",
            "ÀLAN",
            "q",
            &"q".repeat(29),
            &"q".repeat(30),
            &"q".repeat(31),
            &"q".repeat(60),
        ];
        for q in queries {
            assert_eq!(
                filter.may_hold_near(q.as_bytes()),
                naive_near(&held, q),
                "{q:?}"
            );
        }
        assert!(filter.may_hold_near(b"SPOGL"));
        assert!(!filter.may_hold_near(b"SPOG"));
    }

    #[test]
    fn seen_counts_count_each_number_and_start_from_zeros_again() {
        {
            let mut seen = kept_buffers::take(&SEEN_TABLE);
            assert_eq!(seen.get(5).capitalised, 0);
            seen.bump(5, 1);
            seen.bump(5, ONE_CAPITALISED);
            seen.bump(5, ONE_CAPITALISED);
            seen.bump(70_000, 1);
            let s = seen.get(5);
            assert_eq!((s.capitalised, s.lower), (2, 1));
            let s = seen.get(70_000);
            assert_eq!((s.capitalised, s.lower), (0, 1));
            let s = seen.get(NO_ID);
            assert_eq!((s.capitalised, s.lower), (0, 0));
            assert!(seen.any_capitalised(5));
            assert!(!seen.any_capitalised(70_000));
            assert!(!seen.any_capitalised(6));
            assert!(!seen.any_capitalised(NO_ID));
            assert_eq!(seen.touched, vec![5, 70_000]);
            kept_buffers::keep(&SEEN_TABLE, seen);
        }
        // The next cable of the thread gets the table back, all zeros.
        let seen = kept_buffers::take(&SEEN_TABLE);
        assert!(seen.counts.len() > 70_000);
        assert!(seen.counts.iter().all(|&c| c == 0));
        assert!(seen.touched.is_empty());
    }
}
