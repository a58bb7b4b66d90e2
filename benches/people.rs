//! Throughput of the people engine over the shared corpus (or the bundled
//! examples when the corpus is absent): `cargo bench --bench people`.
//! Prints MB/s, on one thread, for recognition with in-cable resolution
//! (`recognize` on every cable) and for recognition plus the grouping of
//! all cables into persons (`PeopleIndex::build`), parsing excluded; and
//! the number of mentions and persons found.

use cable_ls::model::people::{recognize, Mention, PeopleIndex};
use cable_ls::syntax::{parse, Parse};
use std::path::PathBuf;
use std::time::Instant;

fn load() -> (String, Vec<String>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/cables");
    let (label, dir) = if corpus.is_dir() {
        ("corpus", corpus)
    } else {
        ("examples", root.join("examples"))
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let texts = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    (format!("{label} ({})", dir.display()), texts)
}

/// The mentions of every cable of every document, one vector per cable.
fn recognize_all(texts: &[String], parses: &[Parse]) -> Vec<Vec<Mention>> {
    let mut out = Vec::new();
    for (text, parse) in texts.iter().zip(parses) {
        for cable in &parse.cables {
            out.push(recognize(cable.text(text), cable));
        }
    }
    out
}

/// Runs `f` until at least `min_secs` have passed; returns the best MB/s
/// of one round, the least disturbed by other work on the machine.
fn best_throughput(bytes: usize, min_secs: f64, mut f: impl FnMut()) -> (f64, usize) {
    let start = Instant::now();
    let mut best = f64::MAX;
    let mut rounds = 0;
    while rounds < 3 || start.elapsed().as_secs_f64() < min_secs {
        let round = Instant::now();
        f();
        best = best.min(round.elapsed().as_secs_f64());
        rounds += 1;
    }
    (bytes as f64 / best / 1e6, rounds)
}

fn main() {
    let (label, texts) = load();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "input: {label}: {} files, {:.2} MB",
        texts.len(),
        bytes as f64 / 1e6
    );
    let parses: Vec<Parse> = texts.iter().map(|t| parse(t)).collect();
    // The word tables are built once per process, at the first use.
    let warm = Instant::now();
    let mentions = recognize_all(&texts, &parses);
    println!(
        "first use (word tables built): {:.0} ms",
        warm.elapsed().as_secs_f64() * 1e3
    );

    // `PEOPLE_BENCH_ROUNDS=N`: exactly N rounds of recognition and
    // resolution, for counting instructions (`perf stat`) on a busy machine.
    if let Some(n) = std::env::var("PEOPLE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        for _ in 0..n {
            let all = recognize_all(&texts, &parses);
            std::hint::black_box(PeopleIndex::build(all.iter().map(Vec::as_slice)));
        }
        return;
    }
    let (mbs, rounds) = best_throughput(bytes, 3.0, || {
        std::hint::black_box(recognize_all(&texts, &parses));
    });
    println!("recognition:              {mbs:8.1} MB/s ({rounds} rounds)");
    let (mbs, rounds) = best_throughput(bytes, 3.0, || {
        let all = recognize_all(&texts, &parses);
        std::hint::black_box(PeopleIndex::build(all.iter().map(Vec::as_slice)));
    });
    println!("recognition + resolution: {mbs:8.1} MB/s ({rounds} rounds)");

    let index = PeopleIndex::build(mentions.iter().map(Vec::as_slice));
    let n_mentions: usize = mentions.iter().map(Vec::len).sum();
    println!(
        "{} cables, {n_mentions} mentions, {} persons",
        mentions.len(),
        index.persons.len()
    );
}
