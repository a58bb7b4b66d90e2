//! What the cable itself teaches about its words: a word written
//! capitalised inside sentences and never in lower case is a proper noun
//! here (`Ambassador Ray`, `Levy said`), even if the English word list has
//! it; a word written in lower case at least as often is a common word
//! here, even if it also opens a heading (`the Directive`). One pass over
//! the words, one hash of each word that can tell.

use super::lexicon::{push_normalized, Flags, FxHashMap, FxHasher};
use super::recognize::Scanner;
use super::tokens::{Gap, WordShape};
use std::hash::Hasher;

/// Counts of one word's written forms inside sentences.
#[derive(Default, Clone, Copy, Debug)]
pub(super) struct Seen {
    pub(super) capitalised: u32,
    pub(super) lower: u32,
}

/// The upper-case hash of a word; ASCII words are hashed without a copy.
pub(super) fn word_hash(word: &str, buf: &mut String) -> u64 {
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

/// Which (length, first letter) pairs the capitalised words have: most
/// lower-case words are told apart by these without hashing them.
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

    pub(super) fn may_hold(&self, word: &str) -> bool {
        let (len, bit) = Self::slot(word);
        self.by_len[len] & bit != 0
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

impl Scanner<'_> {
    /// Sets [`Flags::PROPER`] and [`Flags::LOWER_SEEN`] on the words of the
    /// mixed-case regions, from the counts over those regions.
    pub(super) fn learn(&mut self) {
        let mut seen: FxHashMap<u64, Seen> = FxHashMap::default();
        let mut filter = ShapeFilter::default();
        let mut hashes = vec![0u64; self.words.len()];
        let n_words = self.words.len();
        // Capitalised inside a sentence: after another word, with blanks
        // or a comma between, and not a title or a stop word.
        for r in 0..self.regions.len() {
            if self.regions[r].caps || self.regions[r].heading {
                continue;
            }
            for k in self.regions[r].words.clone() {
                let w = self.words[k];
                let inside = w.shape == WordShape::Title
                    && k > self.regions[r].words.start
                    && matches!(w.gap, Gap::Space | Gap::Comma);
                if !inside || w.flags.has(Flags::TITLE.union(Flags::STOP)) {
                    continue;
                }
                let text = w.text(self.text);
                filter.insert(text);
                let h = word_hash(text, &mut self.buf);
                hashes[k] = h;
                seen.entry(h).or_default().capitalised += 1;
            }
        }
        if seen.is_empty() {
            return;
        }
        for r in 0..self.regions.len() {
            if self.regions[r].caps {
                continue;
            }
            for k in self.regions[r].words.clone() {
                let w = self.words[k];
                if w.shape != WordShape::Lower && w.shape != WordShape::Title {
                    continue;
                }
                let text = w.text(self.text);
                if hashes[k] == 0 && !filter.may_hold(text) {
                    continue;
                }
                let h = if hashes[k] != 0 {
                    hashes[k]
                } else {
                    word_hash(text, &mut self.buf)
                };
                hashes[k] = h;
                if w.shape == WordShape::Lower {
                    if let Some(s) = seen.get_mut(&h) {
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
                if hashes[k] == 0 {
                    continue;
                }
                let Some(s) = seen.get(&hashes[k]).copied() else {
                    continue;
                };
                let w = &mut self.words[k];
                if w.shape != WordShape::Title {
                    continue;
                }
                if s.lower == 0 && w.flags.has(Flags::ENGLISH) {
                    w.flags = w.flags.union(Flags::PROPER);
                    self.proper.insert(hashes[k], ());
                } else if s.lower > 0
                    && s.lower >= s.capitalised
                    && !w.flags.has(Flags::GIVEN.union(Flags::FAMOUS))
                {
                    w.flags = w.flags.union(Flags::LOWER_SEEN);
                }
            }
        }
        debug_assert_eq!(hashes.len(), n_words);
        self.seen = seen;
        self.hashes = hashes;
    }

    /// How often word `k` is written capitalised inside sentences of the
    /// cable (0 for words of all-capitals lines).
    pub(super) fn seen_capitalised(&self, k: usize) -> u32 {
        let h = self.hashes.get(k).copied().unwrap_or(0);
        if h == 0 {
            return 0;
        }
        self.seen.get(&h).map_or(0, |s| s.capitalised)
    }
}
