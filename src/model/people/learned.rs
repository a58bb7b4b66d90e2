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
use std::hash::Hasher;

/// Counts of one word's written forms inside sentences.
#[derive(Default, Clone, Copy, Debug)]
pub(super) struct Seen {
    pub(super) capitalised: u32,
    pub(super) lower: u32,
}

/// Which (length, first letter) pairs a set of words has: most words are
/// told apart from the set by these without a lookup.
#[derive(Default)]
pub(super) struct ShapeFilter {
    by_len: [u32; 32],
}

impl ShapeFilter {
    fn slot(word: &str) -> (usize, u32) {
        let first = word.as_bytes().first().copied().unwrap_or(0);
        let bit = if first.is_ascii_alphabetic() {
            1 << (first.to_ascii_lowercase() - b'a')
        } else {
            1 << 31
        };
        (word.len().min(31), bit)
    }

    pub(super) fn insert(&mut self, word: &str) {
        let (len, bit) = Self::slot(word);
        self.by_len[len] |= bit;
    }

    /// Whether a word of one letter more or less, or of the same length,
    /// with the same first letter may be held.
    pub(super) fn may_hold_near(&self, word: &str) -> bool {
        let (len, bit) = Self::slot(word);
        let lo = len.saturating_sub(1);
        let hi = (len + 1).min(31);
        self.by_len[lo..=hi].iter().any(|b| b & bit != 0)
    }
}

/// Which lexicon numbers a set may hold, by one bit per number modulo
/// 1,024: most words of a cable are told absent from the few it counts
/// without a hash probe.
#[derive(Default)]
pub(super) struct IdFilter {
    bits: [u64; 16],
}

impl IdFilter {
    fn bit(id: u32) -> (usize, u32) {
        let b = id % 1024;
        ((b / 64) as usize, b % 64)
    }

    pub(super) fn insert(&mut self, id: u32) {
        let (word, bit) = Self::bit(id);
        if let Some(w) = self.bits.get_mut(word) {
            *w |= 1 << bit;
        }
    }

    /// False only for numbers never inserted.
    pub(super) fn may_hold(&self, id: u32) -> bool {
        let (word, bit) = Self::bit(id);
        self.bits.get(word).is_some_and(|w| w >> bit & 1 != 0)
    }
}

impl Scanner<'_> {
    /// Sets [`Flags::PROPER`] and [`Flags::LOWER_SEEN`] on the words of the
    /// mixed-case regions, from the counts over their paragraphs.
    pub(super) fn learn(&mut self) {
        let mut seen: FxHashMap<u32, Seen> = FxHashMap::default();
        // Capitalised inside a sentence: after another word, with blanks or
        // a comma between, and not a title or a stop word; headings are
        // headline case and do not count.
        for r in 0..self.regions.len() {
            let region = &self.regions[r];
            if region.caps || region.heading {
                continue;
            }
            for k in region.words.clone() {
                let w = &self.words[k];
                let inside = w.shape == WordShape::Title
                    && k > region.words.start
                    && matches!(w.gap, Gap::Space | Gap::Comma)
                    && w.id != NO_ID
                    && !w.flags.has(Flags::TITLE.union(Flags::STOP));
                if inside {
                    seen.entry(w.id).or_default().capitalised += 1;
                }
            }
        }
        if seen.is_empty() {
            return;
        }
        let mut counted = IdFilter::default();
        for &id in seen.keys() {
            counted.insert(id);
        }
        for r in 0..self.regions.len() {
            if self.regions[r].caps {
                continue;
            }
            for k in self.regions[r].words.clone() {
                let w = &self.words[k];
                if w.shape == WordShape::Lower && w.id != NO_ID && counted.may_hold(w.id) {
                    if let Some(s) = seen.get_mut(&w.id) {
                        s.lower += 1;
                    }
                }
            }
        }
        for r in 0..self.regions.len() {
            if self.regions[r].caps {
                continue;
            }
            for k in self.regions[r].words.clone() {
                let w = &mut self.words[k];
                if w.shape != WordShape::Title || w.id == NO_ID || !counted.may_hold(w.id) {
                    continue;
                }
                let Some(s) = seen.get(&w.id).copied() else {
                    continue;
                };
                if s.lower == 0 && w.flags.has(Flags::ENGLISH) {
                    w.flags = w.flags.union(Flags::PROPER);
                    self.proper.insert(w.id, ());
                } else if s.lower > 0
                    && s.lower >= s.capitalised
                    && !w.flags.has(Flags::GIVEN.union(Flags::FAMOUS))
                {
                    w.flags = w.flags.union(Flags::LOWER_SEEN);
                }
            }
        }
        self.seen = seen;
    }

    /// How often word `k` is written capitalised inside sentences of the
    /// cable's paragraphs. Words of no list are counted at the first need,
    /// by a hash of their upper case.
    pub(super) fn seen_capitalised(&mut self, k: usize) -> u32 {
        let Some(w) = self.words.get(k) else {
            return 0;
        };
        if w.id != NO_ID {
            return self.seen.get(&w.id).map_or(0, |s| s.capitalised);
        }
        let h = word_hash(w.text(self.text), &mut self.buf);
        if self.unlisted.is_none() {
            let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
            for region in &self.regions {
                if region.caps || region.heading {
                    continue;
                }
                for j in region.words.clone() {
                    let x = &self.words[j];
                    if x.shape == WordShape::Title
                        && x.id == NO_ID
                        && j > region.words.start
                        && matches!(x.gap, Gap::Space | Gap::Comma)
                    {
                        let hx = word_hash(x.text(self.text), &mut self.buf);
                        *counts.entry(hx).or_default() += 1;
                    }
                }
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

    #[test]
    fn an_id_filter_holds_what_was_inserted_and_numbers_of_the_same_bit() {
        let mut filter = IdFilter::default();
        assert!(!filter.may_hold(0));
        assert!(!filter.may_hold(NO_ID));
        for id in [0, 63, 64, 1023, 70_000] {
            filter.insert(id);
        }
        for id in [0, 63, 64, 1023, 70_000] {
            assert!(filter.may_hold(id));
        }
        // Numbers 1,024 apart share a bit.
        assert!(filter.may_hold(1024));
        assert!(filter.may_hold(2047));
        assert!(filter.may_hold(70_000 - 1024));
        for id in [1, 62, 65, 1022, 1025, 69_999] {
            assert!(!filter.may_hold(id));
        }
        assert_eq!(filter.bits.iter().map(|w| w.count_ones()).sum::<u32>(), 5);
    }
}
