//! What a user of the language server feels: `cargo bench --bench server`.
//! Prints keystroke latency (an edit applied, re-parsed and its diagnostics
//! ready in protocol positions) on a typical cable and on one document of
//! 5,000 concatenated cables, incremental against full re-parse on that
//! document, and the latency of references with the corpus indexed.

use cable_ls::ide::diagnostics::DiagnosticsCache;
use cable_ls::ide::references::references;
use cable_ls::ide::world::{DocSnapshot, World};
use cable_ls::model::document::Document;
use cable_ls::model::index::WorkspaceIndex;
use cable_ls::model::summary::rope_range;
use cable_ls::model::workspace::FileSummary;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn load() -> (String, Vec<(PathBuf, String)>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/cables");
    let dir = if corpus.is_dir() {
        corpus
    } else {
        root.join("examples")
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files = paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    (dir.display().to_string(), files)
}

/// Median and 95th percentile of `samples`, in milliseconds.
fn stats(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    format!(
        "median {:7.3} ms, p95 {:7.3} ms ({} runs)",
        at(0.5),
        at(0.95),
        samples.len()
    )
}

/// One keystroke: insert a letter at `offset`, re-parse, recompute the
/// diagnostics (cached per cable) and convert them to line/column, which is
/// everything between `didChange` and `publishDiagnostics` but the JSON.
/// Also says whether the edit stayed inside one paragraph (no cable parsed).
fn keystroke(doc: &mut Document, cache: &mut DiagnosticsCache, offset: usize) -> (Duration, bool) {
    let start = Instant::now();
    let reparse = doc.apply_edit(offset..offset, "x");
    let diagnostics = cache.document(doc.cables(), &[]);
    for d in &diagnostics {
        std::hint::black_box(rope_range(doc.rope(), d.span));
    }
    (start.elapsed(), reparse.in_paragraph)
}

/// Timing figures for all keystrokes, then for those that stayed inside
/// a paragraph and those that re-parsed a cable.
fn keystroke_stats(samples: Vec<(Duration, bool)>) -> String {
    let (fast, slow): (Vec<_>, Vec<_>) = samples.iter().partition(|(_, p)| *p);
    let fast: Vec<Duration> = fast.into_iter().map(|(d, _)| d).collect();
    let slow: Vec<Duration> = slow.into_iter().map(|(d, _)| d).collect();
    let all = samples.iter().map(|(d, _)| *d).collect();
    let part = |v: Vec<Duration>| {
        if v.is_empty() {
            "none".to_string()
        } else {
            format!("{} × {}", v.len(), stats(v))
        }
    };
    format!(
        "{}\n    in a paragraph: {}\n    cable re-parsed: {}",
        stats(all),
        part(fast),
        part(slow)
    )
}

/// Offsets spread over the body of the document's cables.
fn edit_offsets(doc: &Document, n: usize) -> Vec<usize> {
    let cables = doc.cables();
    (0..n)
        .map(|i| {
            let c = &cables[(i * 7919) % cables.len()];
            c.start + c.analysis.text.len() * 2 / 3
        })
        .collect()
}

fn main() {
    let (label, files) = load();
    println!("input: {label}: {} files", files.len());

    // A typical cable: the median-sized file.
    let mut by_size: Vec<&(PathBuf, String)> = files.iter().collect();
    by_size.sort_by_key(|(_, t)| t.len());
    let (path, typical) = by_size[by_size.len() / 2];
    let mut doc = Document::new(typical, 1);
    let mut cache = DiagnosticsCache::default();
    cache.document(doc.cables(), &[]);
    let samples = (0..300)
        .map(|i| {
            let at = typical.len() / 3 + i;
            keystroke(&mut doc, &mut cache, at)
        })
        .collect();
    let samples = keystroke_stats(samples);
    println!(
        "keystroke, one cable ({}, {} bytes):        {}",
        path.file_name().unwrap().to_string_lossy(),
        typical.len(),
        samples
    );

    // One document of 5,000 concatenated cables.
    let mut big = String::new();
    for i in 0..5000 {
        big.push_str(&files[i % files.len()].1);
        big.push('\n');
    }
    let start = Instant::now();
    let mut doc = Document::new(&big, 1);
    let full_open = start.elapsed();
    let mut cache = DiagnosticsCache::default();
    let start = Instant::now();
    cache.document(doc.cables(), &[]);
    let full_diagnostics = start.elapsed();
    println!(
        "5,000-cable document: {:.1} MB, {} cables; open (full parse + analysis) {:.0} ms, first diagnostics {:.0} ms",
        big.len() as f64 / 1e6,
        doc.cables().len(),
        full_open.as_secs_f64() * 1e3,
        full_diagnostics.as_secs_f64() * 1e3
    );
    let offsets = edit_offsets(&doc, 200);
    let samples = keystroke_stats(
        offsets
            .iter()
            .map(|&at| keystroke(&mut doc, &mut cache, at))
            .collect(),
    );
    println!("keystroke, 5,000-cable document:               {}", samples);

    // Incremental against full re-parse of the same document.
    let offsets = edit_offsets(&doc, 200);
    let mut incremental = Vec::new();
    for &at in &offsets {
        let start = Instant::now();
        let reparse = doc.apply_edit(at..at, "y");
        incremental.push((start.elapsed(), reparse.in_paragraph));
    }
    let incremental = keystroke_stats(incremental);
    let text = doc.text();
    let mut full = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        std::hint::black_box(Document::new(&text, 1));
        full.push(start.elapsed());
    }
    println!(
        "re-parse after an edit, incremental:           {}",
        incremental
    );
    println!(
        "re-parse after an edit, full document:         {}",
        stats(full)
    );

    // References with the corpus indexed (files not open: summaries only).
    let start = Instant::now();
    let mut summaries: Vec<(Arc<Path>, Arc<FileSummary>, bool)> = files
        .iter()
        .map(|(p, t)| {
            (
                Arc::from(p.as_path()),
                Arc::new(FileSummary::of_text(t)),
                false,
            )
        })
        .collect();
    let summarise = start.elapsed();
    // Open the file whose first mention's person is mentioned most.
    let start = Instant::now();
    let index = WorkspaceIndex::build(summaries.clone());
    let build = start.elapsed();
    let best = index
        .people
        .persons
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.n_mentions)
        .map(|(i, p)| (i, p.name.clone(), p.n_mentions));
    let Some((person, name, n_mentions)) = best else {
        println!("references: no person found in the corpus");
        return;
    };
    let Some((cable_ref, mention, _)) = index.mentions_of(person).into_iter().next() else {
        return;
    };
    let (file, _, _) = index.cable(cable_ref).unwrap();
    let open_path = file.path.clone();
    let cable_start = file.summary.cables()[cable_ref.cable as usize].start;
    let mention_offset = cable_start + mention.span.start as usize;
    let text = &files
        .iter()
        .find(|(p, _)| p.as_path() == &*open_path)
        .unwrap()
        .1;
    let doc = Document::new(text, 1);
    for s in &mut summaries {
        if s.0 == open_path {
            s.1 = Arc::new(FileSummary::of_document(&doc));
            s.2 = true;
        }
    }
    let world = World {
        index: Arc::new(WorkspaceIndex::build(summaries)),
        indexing: None,
    };
    let snapshot = DocSnapshot::new(open_path, &doc);
    let mut samples = Vec::new();
    let mut n_found = 0;
    for _ in 0..200 {
        let start = Instant::now();
        n_found = references(&world, &snapshot, mention_offset, true).len();
        samples.push(start.elapsed());
    }
    println!(
        "index: {} files summarised in {:.0} ms, index built in {:.1} ms ({} persons)",
        files.len(),
        summarise.as_secs_f64() * 1e3,
        build.as_secs_f64() * 1e3,
        world.index.people.persons.len()
    );
    println!(
        "references to {name} ({n_mentions} mentions, {n_found} found): {}",
        stats(samples)
    );
}
