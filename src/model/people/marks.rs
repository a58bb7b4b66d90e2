//! The words of a cable that the scan for names and propagation may stop
//! at, a bit each. Most words of mixed-case prose are in lower case, open
//! no name and are no title: the two passes hop from mark to mark, 64
//! words a step, instead of testing every word.

use super::lexicon::Flags;
use super::tokens::{Word, WordShape};

/// One bit per word, set for the words [`is_marked`] tells.
#[derive(Default)]
pub(super) struct Marks {
    bits: Vec<u64>,
}

/// Whether the scan or propagation may stop at `w`: a capitalised word, an
/// initial, or a lower-case word that is a title (`advisor`) or a compound
/// (`pro-Karzai`). Every word either pass looks at is marked (their tests
/// hold them to it), except the lower-case words of a case-folded cable,
/// which propagation walks without the marks.
#[inline]
pub(super) fn is_marked(w: &Word) -> bool {
    let bit = |shape: WordShape| 1u8 << shape as u8;
    let always = bit(WordShape::Title) | bit(WordShape::Caps) | bit(WordShape::Initial);
    always & bit(w.shape) != 0
        || w.shape == WordShape::Lower
            && (w.compound || w.flags.has(Flags::TITLE.union(Flags::DOMAIN)))
}

impl Marks {
    /// No word marked, with room for the marks of `n` words.
    #[cfg(test)]
    pub(super) fn for_words(n: usize) -> Marks {
        Marks {
            bits: vec![0; n.div_ceil(64)],
        }
    }

    /// [`Marks::for_words`] in the memory of `bits` (whatever they hold).
    pub(super) fn for_words_in(mut bits: Vec<u64>, n: usize) -> Marks {
        bits.clear();
        bits.resize(n.div_ceil(64), 0);
        Marks { bits }
    }

    /// The bits' memory, for [`Marks::for_words_in`] of another text.
    pub(super) fn into_bits(self) -> Vec<u64> {
        self.bits
    }

    /// Marks word `k`; the bits grow to hold it.
    #[inline]
    pub(super) fn mark(&mut self, k: usize) {
        // One test of the block's place: the bits are sized for the words
        // expected, and grow past them rarely.
        match self.bits.get_mut(k / 64) {
            Some(block) => *block |= 1 << (k % 64),
            None => self.grow_and_mark(k),
        }
    }

    #[cold]
    #[inline(never)]
    fn grow_and_mark(&mut self, k: usize) {
        let n_blocks = k / 64 + 1;
        self.bits.resize(n_blocks.max(self.bits.len() * 2), 0);
        if let Some(block) = self.bits.get_mut(k / 64) {
            *block |= 1 << (k % 64);
        }
    }

    /// Marks word `k` or takes its mark away.
    pub(super) fn set(&mut self, k: usize, marked: bool) {
        if marked {
            self.mark(k);
        } else if let Some(block) = self.bits.get_mut(k / 64) {
            *block &= !(1 << (k % 64));
        }
    }

    /// The numbers of the marked words.
    #[cfg(test)]
    pub(super) fn marked(&self) -> Vec<usize> {
        (0..self.bits.len() * 64)
            .filter(|&k| {
                self.bits
                    .get(k / 64)
                    .is_some_and(|b| b >> (k % 64) & 1 != 0)
            })
            .collect()
    }

    /// The marks of `words`, by [`is_marked`] of each: the definition the
    /// tokenizer marks the words by as it pushes them.
    #[cfg(test)]
    pub(super) fn of(words: &[Word]) -> Marks {
        let bits = words
            .chunks(64)
            .map(|chunk| {
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u64, |b, (k, w)| b | u64::from(is_marked(w)) << k)
            })
            .collect();
        Marks { bits }
    }

    /// The first marked word from `from` to `end` (exclusive) that
    /// `accept` takes: [`Marks::next`] again and again, from the word after
    /// each one turned down, but the marks of a block are read once and
    /// taken off one by one.
    #[inline]
    pub(super) fn find(
        &self,
        from: usize,
        end: usize,
        mut accept: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        if from >= end {
            return None;
        }
        let mut block = from / 64;
        let mut bits = self.bits.get(block)? & (!0u64 << (from % 64));
        loop {
            while bits != 0 {
                let k = block * 64 + bits.trailing_zeros() as usize;
                if k >= end {
                    return None;
                }
                if accept(k) {
                    return Some(k);
                }
                bits &= bits - 1;
            }
            block += 1;
            if block * 64 >= end {
                return None;
            }
            bits = *self.bits.get(block)?;
        }
    }

    /// The first marked word from `from` to `end` (exclusive): the
    /// definition [`Marks::find`] is tested against.
    #[cfg(test)]
    pub(super) fn next(&self, from: usize, end: usize) -> Option<usize> {
        if from >= end {
            return None;
        }
        let mut block = from / 64;
        let mut bits = self.bits.get(block)? & (!0u64 << (from % 64));
        loop {
            if bits != 0 {
                let k = block * 64 + bits.trailing_zeros() as usize;
                return (k < end).then_some(k);
            }
            block += 1;
            if block * 64 >= end {
                return None;
            }
            bits = *self.bits.get(block)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(shape: WordShape, compound: bool, flags: Flags) -> Word {
        Word::shaped(shape, compound, flags)
    }

    #[test]
    fn marked_words_are_capitalised_initials_titles_or_compounds() {
        use WordShape::*;
        let none = Flags::empty();
        assert!(is_marked(&word(Title, false, none)));
        assert!(is_marked(&word(Caps, false, none)));
        assert!(is_marked(&word(Initial, false, none)));
        assert!(!is_marked(&word(Other, true, Flags::TITLE)));
        assert!(!is_marked(&word(Lower, false, none)));
        assert!(!is_marked(&word(Lower, false, Flags::ENGLISH)));
        assert!(is_marked(&word(Lower, true, none)));
        assert!(is_marked(&word(Lower, false, Flags::TITLE)));
        assert!(is_marked(&word(Lower, false, Flags::DOMAIN)));
    }

    #[test]
    fn the_next_mark_is_the_first_marked_word_in_range() {
        // Marks at words of every position in and across blocks of 64.
        let marked = [0usize, 1, 5, 63, 64, 65, 127, 130, 191, 200];
        let n = 203;
        let words: Vec<Word> = (0..n)
            .map(|k| {
                let shape = if marked.contains(&k) {
                    WordShape::Title
                } else {
                    WordShape::Lower
                };
                word(shape, false, Flags::empty())
            })
            .collect();
        let marks = Marks::of(&words);
        for from in 0..n + 3 {
            for end in [0, from, from + 1, from + 2, from + 64, 150, n, n + 70] {
                let naive = (from..end.min(n)).find(|k| is_marked(&words[*k]));
                assert_eq!(marks.next(from, end), naive, "{from}..{end}");
            }
        }
        assert_eq!(marks.next(66, n), Some(127));
        assert_eq!(marks.next(201, n), None);
        assert_eq!(Marks::default().next(0, 5), None);
        assert_eq!(Marks::of(&[]).next(0, 0), None);
        let mut one_by_one = Marks::default();
        for &k in &marked {
            one_by_one.mark(k);
        }
        assert_eq!(one_by_one.marked(), marked);
        assert_eq!(marks.marked(), marked);
        let mut sized = Marks::for_words(130);
        assert_eq!(sized.next(0, 130), None);
        for &k in &marked {
            sized.mark(k);
        }
        assert_eq!(sized.marked(), marked);
        // In the memory of other marks, longer or shorter: none marked.
        for (n, dirty) in [(10, 20), (130, 1), (1000, 20), (1000, 0)] {
            let mut reused = Marks::for_words_in(vec![u64::MAX; dirty], n);
            assert_eq!(reused.marked(), Vec::<usize>::new(), "{n}");
            assert_eq!(reused.bits.len(), n.div_ceil(64));
            for &k in &marked {
                reused.mark(k);
            }
            assert_eq!(reused.marked(), marked, "{n}");
        }
        // Set and taken away again, past the bits held so far too.
        one_by_one.set(5, false);
        one_by_one.set(1000, false);
        one_by_one.set(300, true);
        assert_eq!(one_by_one.next(2, 1000), Some(63));
        assert_eq!(one_by_one.next(201, 1000), Some(300));
        assert_eq!(one_by_one.next(301, 2000), None);
    }

    /// [`Marks::find`] by its definition: `next` from the word after each
    /// mark turned down.
    fn naive_find(
        marks: &Marks,
        from: usize,
        end: usize,
        accept: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut k = from;
        loop {
            k = marks.next(k, end)?;
            if accept(k) {
                return Some(k);
            }
            k += 1;
        }
    }

    #[test]
    fn finding_a_mark_is_taking_the_next_until_one_is_accepted() {
        let marked = [0usize, 1, 5, 63, 64, 65, 127, 128, 130, 191, 200, 255];
        let n = 260;
        let mut marks = Marks::for_words(n);
        for &k in &marked {
            marks.mark(k);
        }
        let accepts: [fn(usize) -> bool; 4] = [
            |_| true,
            |_| false,
            |k| k % 3 == 0,
            |k| k == 191 || k == 255,
        ];
        let mut n_found = 0;
        for accept in accepts {
            for from in 0..n + 3 {
                for end in [0, from, from + 1, from + 2, from + 64, 128, 192, n, n + 70] {
                    let found = marks.find(from, end, accept);
                    assert_eq!(
                        found,
                        naive_find(&marks, from, end, accept),
                        "{from}..{end}"
                    );
                    n_found += usize::from(found.is_some());
                }
            }
        }
        assert_eq!(n_found, 2_733);
        // Every mark is visited once, in order, when none is accepted.
        let mut visited = Vec::new();
        assert_eq!(
            marks.find(0, n, |k| {
                visited.push(k);
                false
            }),
            None
        );
        assert_eq!(visited, marked);
        assert_eq!(Marks::default().find(0, 5, |_| true), None);
        // Grown by a mark past the bits held.
        let mut grown = Marks::for_words(10);
        grown.mark(700);
        assert_eq!(grown.find(0, 1000, |_| true), Some(700));
        assert_eq!(grown.marked(), vec![700]);
    }
}
