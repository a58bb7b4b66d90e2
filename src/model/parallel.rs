//! One job per item, shared among a few threads that take items in turn:
//! the pool behind the folder indexing and the cache decoding. Items are
//! uneven (a 50 MB file beside 4 kB ones), so threads take the next item
//! when done rather than a fixed share.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` applied to every item on `threads` threads (at least one, at
/// most one per item), results in the order of `items`. An item whose
/// thread panicked has `None`: the other threads' results are kept. A
/// thread the system will not start leaves its items to the others, or,
/// if none starts, to the calling thread.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, items.len().max(1));
    let mut parts: Vec<Vec<(usize, R)>> = Vec::new();
    let take_items = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, work(item)));
        }
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
            if let Ok(done) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(take_items)) {
                parts.push(done);
            }
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
    fn a_panicking_thread_loses_only_its_own_items() {
        let items: Vec<u32> = (0..50).collect();
        let out = map(&items, 1, |&x| {
            assert!(x != 7, "item 7 fails");
            x
        });
        // One thread: it took items 0 to 7 and died on 7.
        assert_eq!(out.iter().filter(|r| r.is_some()).count(), 0);
        let out = map(&items, 4, |&x| x + 1);
        assert_eq!(out.iter().flatten().count(), 50);
    }
}
