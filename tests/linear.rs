//! Linearity guard (rust-analyzer's `assert_linear` idea) on the parse and
//! the index, measured without a clock: the work is counted as heap
//! allocations and bytes allocated, and the memory as the bytes still held
//! afterwards, all exact and the same on every machine. Each input is run at
//! four sizes doubling from the smallest; the cost per unit of input (per
//! byte of text, per cable indexed) at the largest size may not exceed the
//! cost per unit at the smallest by more than a small margin. Quadratic
//! work (a text copied per cable, a list rebuilt per item) grows that ratio
//! with the size and fails the test.
//!
//! The counters are per thread, so other tests running meanwhile do not
//! land in them. Each input runs once at its largest size before it is
//! measured, so the names it interns (once per process, by design) are
//! not charged to the smallest size.

mod common;

use cable_ls::model::document::Document;
use cable_ls::model::index::WorkspaceIndex;
use cable_ls::model::workspace::FileSummary;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;

struct Counting;

thread_local! {
    /// Counted per thread: the test harness runs other tests on other
    /// threads meanwhile, and the measured work runs on the caller's.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
    static LIVE: Cell<i64> = const { Cell::new(0) };
}

fn add(allocations: u64, allocated: u64, live: i64) {
    // `try_with`: a thread being torn down has no counters left.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + allocations));
    let _ = ALLOCATED.try_with(|c| c.set(c.get() + allocated));
    let _ = LIVE.try_with(|c| c.set(c.get() + live));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(1, layout.size() as u64, layout.size() as i64);
        // SAFETY: the caller's obligations for `alloc` are passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(0, 0, -(layout.size() as i64));
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(1, new_size as u64, new_size as i64 - layout.size() as i64);
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one run cost: allocations, bytes allocated, and bytes held by what
/// it returned.
#[derive(Clone, Copy, Debug, Default)]
struct Cost {
    allocations: f64,
    allocated: f64,
    retained: f64,
}

/// Runs `work` and counts; the result is dropped after `retained` is read.
fn measure<T>(work: impl FnOnce() -> T) -> Cost {
    let read = || (ALLOCATIONS.get(), ALLOCATED.get(), LIVE.get());
    let (a0, b0, l0) = read();
    let kept = work();
    let (a1, b1, l1) = read();
    let cost = Cost {
        allocations: (a1 - a0) as f64,
        allocated: (b1 - b0) as f64,
        retained: (l1 - l0).max(0) as f64,
    };
    drop(kept);
    cost
}

/// How far the cost per unit may grow from the smallest to the largest
/// size (8× the input): a linear cost stays near 1; a quadratic one
/// doubles with every doubling (8×).
const MARGIN: f64 = 1.35;

/// Measures `run` at `units` (growing), and returns the worst growth of the
/// per-unit cost from the first size to the others, per measure, with a
/// line of figures for the failure message.
fn growth(label: &str, sizes: &[(f64, Cost)]) -> (f64, String) {
    let (base_units, base) = sizes[0];
    let mut worst: f64 = 0.0;
    let mut report = format!("{label}:\n");
    for &(units, cost) in sizes {
        let ratio = |now: f64, then: f64| {
            if then <= 0.0 {
                return 1.0;
            }
            (now / units) / (then / base_units)
        };
        let r = [
            ratio(cost.allocations, base.allocations),
            ratio(cost.allocated, base.allocated),
            ratio(cost.retained, base.retained),
        ];
        worst = r.iter().copied().fold(worst, f64::max);
        report.push_str(&format!(
            "  {units:>10.0} units: {:>10.0} allocations, {:>12.0} bytes allocated, {:>12.0} retained; per unit vs smallest: {:.2} {:.2} {:.2}\n",
            cost.allocations, cost.allocated, cost.retained, r[0], r[1], r[2]
        ));
    }
    (worst, report)
}

fn assert_linear(label: &str, sizes: &[(f64, Cost)]) {
    let (worst, report) = growth(label, sizes);
    println!("{report}");
    assert!(
        worst <= MARGIN,
        "{label} grows faster than linearly (×{worst:.2} per unit):\n{report}"
    );
}

/// The cables to build inputs from: the corpus, else the examples and
/// fixtures.
fn texts() -> Vec<String> {
    let root = common::root();
    let dirs = match common::corpus_dir() {
        Some(corpus) => vec![corpus],
        None => vec![root.join("examples"), root.join("tests/fixtures")],
    };
    let mut out = Vec::new();
    for dir in dirs {
        for path in common::files_in(&dir) {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
    out
}

/// `n` cables taken in turn from `texts`, one after the other.
fn concatenated(texts: &[String], n: usize) -> String {
    let mut out = String::new();
    for text in texts.iter().cycle().take(n) {
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[test]
fn parse_and_index_grow_linearly() {
    let texts = texts();
    assert!(texts.len() >= 20, "too few cables to measure with");
    let counts = [64usize, 128, 256, 512];

    // One document of many cables, as the server opens it (rope, parse,
    // facts, people, summaries) and as the index reads a closed file.
    let docs: Vec<String> = counts.iter().map(|&n| concatenated(&texts, n)).collect();
    if let Some(largest) = docs.last() {
        drop(Document::new(largest, 1));
    }
    let open: Vec<(f64, Cost)> = docs
        .iter()
        .map(|d| (d.len() as f64, measure(|| Document::new(d, 1))))
        .collect();
    assert_linear("open a document of n cables (per byte)", &open);
    let summarised: Vec<(f64, Cost)> = docs
        .iter()
        .map(|d| (d.len() as f64, measure(|| FileSummary::of_text(d))))
        .collect();
    assert_linear("summarise a file of n cables (per byte)", &summarised);

    // A workspace of n one-cable files: the cross-cable index (people,
    // REF graph, search text) built from their summaries. Its inputs are
    // made first and not counted.
    let index: Vec<(f64, Cost)> = counts
        .iter()
        .map(|&n| {
            let files: Vec<(Arc<Path>, Arc<FileSummary>, bool)> = texts
                .iter()
                .cycle()
                .take(n)
                .enumerate()
                .map(|(i, text)| {
                    let path: Arc<Path> = Arc::from(Path::new(&format!("/w/{i:05}.txt")));
                    (path, Arc::new(FileSummary::of_text(text)), false)
                })
                .collect();
            let cables: usize = files.iter().map(|f| f.1.cables().len()).sum();
            (cables as f64, measure(move || WorkspaceIndex::build(files)))
        })
        .collect();
    assert_linear("build the index of n files (per cable)", &index);
}

/// The guard itself catches what it is for: work that copies a growing
/// text per item is reported, work proportional to the input is not.
#[test]
fn the_guard_tells_quadratic_from_linear() {
    let quadratic: Vec<(f64, Cost)> = [100usize, 200, 400, 800]
        .iter()
        .map(|&n| {
            (
                n as f64,
                Cost {
                    allocations: n as f64,
                    allocated: (n * n) as f64,
                    retained: n as f64,
                },
            )
        })
        .collect();
    let (worst, _) = growth("quadratic", &quadratic);
    assert!(
        (worst - 8.0).abs() < 1e-9,
        "8× the input, 8× the cost per unit: {worst}"
    );
    let linear: Vec<(f64, Cost)> = [100usize, 200, 400, 800]
        .iter()
        .map(|&n| {
            (
                n as f64,
                Cost {
                    allocations: 3.0 * n as f64 + 10.0,
                    allocated: 40.0 * n as f64,
                    retained: 8.0 * n as f64,
                },
            )
        })
        .collect();
    let (worst, _) = growth("linear", &linear);
    assert!(worst <= 1.0, "linear with a constant: {worst}");
}
