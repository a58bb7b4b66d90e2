//! What a user feels with a whole archive indexed: the latency of
//! references, workspace symbols, hover and keystroke → diagnostics, each
//! measured while a background thread re-indexes the workspace as the
//! server's first indexing would (the same worker pool at the same lowered
//! priority, no cache), so the requests compete for the cores as they do
//! in the server.

use cable_ls::cli::index::peak_memory_bytes;
use cable_ls::ide::diagnostics::DiagnosticsCache;
use cable_ls::ide::hover::hover;
use cable_ls::ide::references::{references, references_limited, MAX_REFERENCES};
use cable_ls::ide::symbols::workspace_symbols;
use cable_ls::ide::world::{DocSnapshot, World};
use cable_ls::model::background;
use cable_ls::model::cache::IndexCache;
use cable_ls::model::config::Config;
use cable_ls::model::document::Document;
use cable_ls::model::index::WorkspaceIndex;
use cable_ls::model::summary::rope_range;
use cable_ls::model::walk::{discover, FoundFile};
use cable_ls::model::workspace::{index_files, FileSummary};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Median, 99th percentile and maximum, in milliseconds.
fn stats(mut samples: Vec<Duration>) -> String {
    if samples.is_empty() {
        return "no samples".into();
    }
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    format!(
        "median {:7.3} ms, p99 {:7.3} ms, max {:7.3} ms ({} runs)",
        at(0.5),
        at(0.99),
        at(1.0),
        samples.len()
    )
}

/// Re-indexes `paths` in batches on the server's worker pool until told
/// to stop; counts the files done.
fn background_indexing(
    paths: Arc<Vec<FoundFile>>,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        // As the server's indexing threads: at a lower priority than the
        // requests (its workers inherit it).
        background::lower_this_thread();
        let threads = cable_ls::model::parallel::cores();
        let max = Config::default().max_file_bytes;
        for batch in paths.chunks(256).cycle() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::hint::black_box(index_files(batch, max, threads, None));
            done.fetch_add(batch.len(), Ordering::Relaxed);
        }
    })
}

pub fn run(dir: &Path, cache_dir: &Path) {
    println!("queries with {} indexed:", dir.display());
    let Ok(filter) = Config::default().file_filter() else {
        return;
    };
    let max = Config::default().max_file_bytes;
    let start = Instant::now();
    let paths = discover(dir, &filter, 2);
    // The cache the index runs wrote: a complete index in little time.
    std::env::set_var("CABLE_LS_CACHE_DIR", cache_dir);
    let cache = IndexCache::load(&[dir.to_path_buf()]);
    let summaries = index_files(&paths, max, 2, Some(&cache));
    drop(cache);
    let mut files: Vec<(Arc<Path>, Arc<FileSummary>, bool)> = paths
        .iter()
        .zip(summaries)
        .filter_map(|(p, s)| Some((Arc::from(p.path.as_path()), s.ok()?, false)))
        .collect();
    let index = WorkspaceIndex::build(files.clone());
    println!(
        "  loaded {} files, {} cables, {} persons in {:.1} s; peak memory {:.0} MB",
        files.len(),
        index.n_cables(),
        index.people.persons.len(),
        start.elapsed().as_secs_f64(),
        peak_memory_bytes().unwrap_or(0) as f64 / 1e6
    );

    // Open the file of the most-mentioned person's first mention.
    let Some(top) =
        (0..index.people.persons.len()).max_by_key(|&p| index.people.persons[p].n_mentions)
    else {
        println!("  no person found");
        return;
    };
    let Some((cable_ref, _, _)) = index.first_mention_of(top) else {
        return;
    };
    let Some((file, _, _)) = index.cable(cable_ref) else {
        return;
    };
    let open_path = Arc::clone(&file.path);
    let Ok(text) = std::fs::read_to_string(&open_path) else {
        return;
    };
    let mut doc = Document::new(&text, 1);
    for f in &mut files {
        if f.0 == open_path {
            f.1 = Arc::new(FileSummary::of_document(&doc));
            f.2 = true;
        }
    }
    drop(index);
    let world = World {
        index: Arc::new(WorkspaceIndex::build(files)),
        indexing: None,
    };
    let snapshot = DocSnapshot::new(Arc::clone(&open_path), &doc);
    let mention_offsets: Vec<usize> = doc
        .cables()
        .iter()
        .flat_map(|c| {
            c.analysis
                .mentions
                .iter()
                .map(move |m| c.start + m.span.start as usize)
        })
        .collect();
    println!(
        "  open: {} ({} bytes, {} person mentions; {} has {} mentions)",
        open_path.display(),
        text.len(),
        mention_offsets.len(),
        world.index.people.persons[top].name,
        world.index.people.persons[top].n_mentions
    );
    if mention_offsets.is_empty() {
        return;
    }

    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let background = background_indexing(Arc::new(paths), Arc::clone(&stop), Arc::clone(&done));
    let measured = Instant::now();

    // As the server answers: the first MAX_REFERENCES, and the total.
    let mut samples = Vec::new();
    let (mut largest, mut listed) = (0, 0);
    for i in 0..2000 {
        let at = mention_offsets[i % mention_offsets.len()];
        let start = Instant::now();
        let found = references_limited(&world, &snapshot, at, true, MAX_REFERENCES);
        samples.push(start.elapsed());
        if found.total > largest {
            (largest, listed) = (found.total, found.locations.len());
        }
    }
    println!(
        "  references to a person:  {} (up to {largest} in all, {listed} listed)",
        stats(samples)
    );
    // Every mention of the most-mentioned person, unlimited, for scale.
    if let Some(&at) = mention_offsets
        .iter()
        .find(|&&at| references_limited(&world, &snapshot, at, true, 1).total == largest)
    {
        let mut samples = Vec::new();
        for _ in 0..20 {
            let start = Instant::now();
            std::hint::black_box(references(&world, &snapshot, at, true));
            samples.push(start.elapsed());
        }
        println!("  all {largest} references, unlimited: {}", stats(samples));
    }

    let mut samples = Vec::new();
    for i in 0..2000 {
        let at = mention_offsets[i % mention_offsets.len()];
        let start = Instant::now();
        std::hint::black_box(hover(&world, &snapshot, at));
        samples.push(start.elapsed());
    }
    println!("  hover on a person:       {}", stats(samples));

    // Queries as users type them: surnames of persons, words of subjects,
    // id fragments, and a query matching nothing (the full scan).
    let index = &world.index;
    let mut queries: Vec<String> = Vec::new();
    let n_persons = index.people.persons.len();
    for i in 0..100 {
        let p = &index.people.persons[(i * 7919) % n_persons];
        if let Some(last) = p.name.split_whitespace().last() {
            queries.push(last.to_lowercase());
        }
    }
    let n_cables = index.n_cables();
    let mut cable_refs = index.search_cables(&[]).step_by((n_cables / 100).max(1));
    for _ in 0..100 {
        let Some(cable_ref) = cable_refs.next() else {
            break;
        };
        if let Some((_, cable, _)) = index.cable(cable_ref) {
            if let Some(word) = cable
                .subject
                .as_deref()
                .and_then(|s| s.split_whitespace().max_by_key(|w| w.len()))
            {
                queries.push(word.to_lowercase());
            }
            if let Some(id) = &cable.id {
                queries.push(
                    id.chars()
                        .take(id.len().min(7))
                        .collect::<String>()
                        .to_lowercase(),
                );
            }
        }
    }
    queries.push("zzqxj".into());
    queries.push("kosovo independence".into());
    let mut samples = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for _ in 0..3 {
        for q in &queries {
            let start = Instant::now();
            std::hint::black_box(workspace_symbols(&world, q));
            let took = start.elapsed();
            if took > slowest.0 {
                slowest = (took, q.clone());
            }
            samples.push(took);
        }
    }
    println!(
        "  workspace symbols:       {} (slowest: {:?})",
        stats(samples),
        slowest.1
    );

    let mut cache = DiagnosticsCache::default();
    cache.document(doc.cables(), &[]);
    let mut samples = Vec::new();
    let base = text.len() * 2 / 3;
    for i in 0..1000 {
        let at = (base + i).min(doc.rope().len_bytes());
        let at = doc.rope().char_to_byte(doc.rope().byte_to_char(at));
        let start = Instant::now();
        doc.apply_edit(at..at, "x");
        let diagnostics = cache.document(doc.cables(), &[]);
        for d in &diagnostics {
            std::hint::black_box(rope_range(doc.rope(), d.span));
        }
        samples.push(start.elapsed());
    }
    println!("  keystroke → diagnostics: {}", stats(samples));

    stop.store(true, Ordering::Relaxed);
    let _ = background.join();
    println!(
        "  (meanwhile the background indexing re-read {} files in {:.1} s)",
        done.load(Ordering::Relaxed),
        measured.elapsed().as_secs_f64()
    );
}
