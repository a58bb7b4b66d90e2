//! One job per item, shared among a few threads that take items in turn:
//! the pool behind the folder indexing and the cache decoding. Items are
//! uneven (a 50 MB file beside 4 kB ones), so threads take the next item
//! when done rather than a fixed share.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One thread per core, as the system counts them (one when it cannot
/// tell): the size of every pool the indexing, the command line and the
/// located references run.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work` applied to every item on `threads` threads (at least one, at
/// most one per item), results in the order of `items`. An item whose
/// work panicked has `None`; its thread goes on with the next item, so a
/// bug met in one file of an archive costs that file, not the files its
/// thread had done or had yet to do. A thread the system will not start
/// leaves its items to the others, or, if none starts, to the calling
/// thread.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    map_taking(items, |k| (k < items.len()).then_some(k), threads, work)
}

/// [`map`], the items taken in the order of `order` (indices into
/// `items`; the results are still in the order of `items`, and an item
/// `order` leaves out has `None`). Taking the largest items first keeps a
/// thread from being left alone with a large one at the end.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    order: &[usize],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    map_taking(items, |k| order.get(k).copied(), threads, work)
}

/// The pool: the `k`-th item taken is `items[nth(k)]`, until `nth` says
/// `None`.
fn map_taking<T: Sync, R: Send>(
    items: &[T],
    nth: impl Fn(usize) -> Option<usize> + Sync,
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, items.len().max(1));
    let mut parts: Vec<Vec<(usize, R)>> = Vec::new();
    let take_items = || {
        let mut done = Vec::new();
        while let Some(i) = nth(next.fetch_add(1, Ordering::Relaxed)) {
            if let Some(item) = items.get(i) {
                // A panic is a bug met in this item. The thread may go on:
                // the buffers it keeps were taken out for the item (the
                // next gets fresh ones), its memos store an entry only
                // once computed, and a cache chunk whose decoding panicked
                // stays undecoded, to be decoded again when next asked.
                if let Ok(result) = catch_unwind(AssertUnwindSafe(|| work(item))) {
                    done.push((i, result));
                }
            }
        }
        done
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, take_items)
                    .ok()
            })
            .collect();
        if workers.is_empty() {
            parts.push(take_items());
        }
        parts.extend(workers.into_iter().filter_map(|w| w.join().ok()));
    });
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, result) in parts.into_iter().flatten() {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(result);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_order_whatever_the_threads() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [0, 1, 3, 2000] {
            let out = map(&items, threads, |&x| x * x);
            let expected: Vec<Option<u64>> = items.iter().map(|&x| Some(x * x)).collect();
            assert_eq!(out, expected, "{threads} threads");
        }
        assert!(map(&Vec::<u8>::new(), 4, |&x| x).is_empty());
    }

    #[test]
    fn items_taken_in_the_order_given_answer_in_their_own() {
        let items: Vec<u64> = (0..10).collect();
        let taken = std::sync::Mutex::new(Vec::new());
        let out = map_in_order(&items, &[9, 3, 42, 0, 5, 1, 2, 4, 6, 7], 1, |&x| {
            taken.lock().unwrap().push(x);
            x * 10
        });
        // One thread takes them in the order given; 42 is no item, and
        // item 8, left out, has no result.
        assert_eq!(*taken.lock().unwrap(), [9, 3, 0, 5, 1, 2, 4, 6, 7]);
        let expected: Vec<Option<u64>> =
            items.iter().map(|&x| (x != 8).then_some(x * 10)).collect();
        assert_eq!(out, expected);
        let all: Vec<usize> = (0..10).rev().collect();
        assert_eq!(
            map_in_order(&items, &all, 3, |&x| x)
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
            items
        );
    }

    #[test]
    fn a_panicking_item_loses_only_itself() {
        let items: Vec<u32> = (0..50).collect();
        for threads in [1, 4] {
            let out = map(&items, threads, |&x| {
                assert!(x % 20 != 7, "items 7, 27 and 47 fail");
                x + 1
            });
            let expected: Vec<Option<u32>> = items
                .iter()
                .map(|&x| (x % 20 != 7).then_some(x + 1))
                .collect();
            assert_eq!(out, expected, "{threads} threads");
        }
    }
}
