//! Buffers kept per thread from one use to the next: the indexing threads
//! scan, resolve and summarise one cable or file after another, and each
//! use growing its own buffers from nothing put its memory on pages the
//! system had to clear first. A use takes the thread's buffers, emptied,
//! and hands them back for the next one unless they grew past their
//! bound, so that one huge file does not pin its memory on the thread for
//! the thread's life.

use crate::syntax::line_scan::LineScan;
use std::cell::Cell;
use std::thread::LocalKey;

/// A value whose memory is worth keeping from one use to the next.
pub(crate) trait Reusable: Default {
    /// Empties the value for its next use, keeping its memory.
    fn clear(&mut self);

    /// The bytes held, as compared with the bound of the thread-local
    /// that keeps the value ([`KeptBuffers`]). A value may count only its
    /// largest buffer, which the others follow in proportion.
    fn kept_bytes(&self) -> usize;
}

/// The thread-local slot of a [`Reusable`] value, kept again after use
/// only while it holds at most `MAX_BYTES` ([`Reusable::kept_bytes`]).
/// Empty while a use holds the value: a use inside it gets a fresh one.
pub(crate) struct KeptBuffers<T, const MAX_BYTES: usize>(Cell<Option<T>>);

impl<T, const MAX_BYTES: usize> KeptBuffers<T, MAX_BYTES> {
    /// An empty slot: the thread's first use starts from a fresh value.
    pub(crate) const fn new() -> KeptBuffers<T, MAX_BYTES> {
        KeptBuffers(Cell::new(None))
    }
}

/// The thread's kept value, emptied; a fresh one if the thread has none
/// (its first use, a use inside another, or the thread-local already
/// destroyed at the thread's exit).
#[inline]
pub(crate) fn take<T: Reusable, const MAX_BYTES: usize>(
    slot: &'static LocalKey<KeptBuffers<T, MAX_BYTES>>,
) -> T {
    let mut value = slot
        .try_with(|kept| kept.0.take())
        .ok()
        .flatten()
        .unwrap_or_default();
    value.clear();
    value
}

/// Keeps `value` for the thread's next use if it holds at most
/// `MAX_BYTES`; otherwise (or once the thread-local is destroyed) lets it
/// go.
#[inline]
pub(crate) fn keep<T: Reusable, const MAX_BYTES: usize>(
    slot: &'static LocalKey<KeptBuffers<T, MAX_BYTES>>,
    value: T,
) {
    if value.kept_bytes() <= MAX_BYTES {
        let _ = slot.try_with(|kept| kept.0.set(Some(value)));
    }
}

/// Runs `f` with the thread's kept value ([`take`]) and keeps it again
/// afterwards ([`keep`]).
#[inline]
pub(crate) fn with<T: Reusable, const MAX_BYTES: usize, R>(
    slot: &'static LocalKey<KeptBuffers<T, MAX_BYTES>>,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    let mut value = take(slot);
    let out = f(&mut value);
    keep(slot, value);
    out
}

impl<T> Reusable for Vec<T> {
    #[inline]
    fn clear(&mut self) {
        Vec::clear(self);
    }

    #[inline]
    fn kept_bytes(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
}

/// The line scan is kept by the position tables, one per cable, and by
/// the indexer, one per file, each with its own bound.
impl Reusable for LineScan {
    #[inline]
    fn clear(&mut self) {
        LineScan::clear(self);
    }

    #[inline]
    fn kept_bytes(&self) -> usize {
        self.capacity_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SMALL: KeptBuffers<Vec<u32>, 64> = const { KeptBuffers::new() };
    }

    #[test]
    fn a_value_within_the_bound_is_reused_emptied_with_its_memory() {
        let mut numbers = take(&SMALL);
        assert_eq!(numbers.capacity(), 0);
        numbers.reserve_exact(16);
        numbers.extend([1, 2, 3]);
        let address = numbers.as_ptr();
        keep(&SMALL, numbers);
        let numbers = take(&SMALL);
        assert!(numbers.is_empty());
        assert_eq!(numbers.capacity(), 16);
        assert_eq!(numbers.as_ptr(), address);
    }

    #[test]
    fn a_value_over_the_bound_is_let_go() {
        let mut numbers = take(&SMALL);
        numbers.reserve_exact(17);
        numbers.push(1);
        assert_eq!(numbers.kept_bytes(), 68);
        keep(&SMALL, numbers);
        assert_eq!(take(&SMALL).capacity(), 0);
    }

    #[test]
    fn a_use_inside_another_gets_a_fresh_value() {
        let mut outer = take(&SMALL);
        outer.reserve_exact(8);
        keep(&SMALL, outer);
        let inner_capacity = with(&SMALL, |outer| {
            assert_eq!(outer.capacity(), 8);
            outer.push(7);
            with(&SMALL, |inner| inner.capacity())
        });
        assert_eq!(inner_capacity, 0);
        // The outer use was kept last, emptied on the next take.
        let numbers = take(&SMALL);
        assert_eq!((numbers.len(), numbers.capacity()), (0, 8));
    }
}
