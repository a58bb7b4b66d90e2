//! Parse throughput over the shared corpus (or the bundled examples when the
//! corpus is absent): `cargo bench --bench parse`. Prints MB/s for the parser
//! alone, parser + semantic facts, and parser + all diagnostics.
//! `PARSE_BENCH_ROUNDS=N` parses every text exactly N times and returns,
//! for counting the parser's instructions (callgrind, `perf stat`): runs
//! with N and with 0 differ by N rounds of parsing alone.

use cable_ls::ide::diagnostics::check_document;
use cable_ls::model::cable_facts;
use cable_ls::syntax::parse;
use std::path::{Path, PathBuf};
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
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let texts = paths
        .iter()
        .filter_map(|p: &PathBuf| std::fs::read_to_string(Path::new(p)).ok())
        .collect();
    (format!("{label} ({})", dir.display()), texts)
}

/// Runs `f` over all texts until at least `min_secs` have passed; returns MB/s.
fn throughput(texts: &[String], min_secs: f64, mut f: impl FnMut(&str)) -> (f64, usize) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || start.elapsed().as_secs_f64() < min_secs {
        for t in texts {
            f(t);
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    ((bytes * rounds) as f64 / secs / 1e6, rounds)
}

fn main() {
    let (label, texts) = load();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "input: {label}: {} files, {:.2} MB",
        texts.len(),
        bytes as f64 / 1e6
    );
    if let Some(n) = std::env::var("PARSE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        for _ in 0..n {
            for t in &texts {
                std::hint::black_box(parse(t));
            }
        }
        return;
    }
    let (mbs, rounds) = throughput(&texts, 2.0, |t| {
        std::hint::black_box(parse(t));
    });
    println!("parse:               {mbs:8.1} MB/s ({rounds} rounds)");
    let (mbs, rounds) = throughput(&texts, 2.0, |t| {
        let p = parse(t);
        for c in &p.cables {
            std::hint::black_box(cable_facts(c.text(t), c));
        }
    });
    println!("parse + facts:       {mbs:8.1} MB/s ({rounds} rounds)");
    let (mbs, rounds) = throughput(&texts, 2.0, |t| {
        let p = parse(t);
        std::hint::black_box(check_document(t, &p));
    });
    println!("parse + diagnostics: {mbs:8.1} MB/s ({rounds} rounds)");
    // One cable of unnumbered paragraphs at two sizes: the same MB/s at
    // both means the parse stays linear in a cable's paragraphs (each line
    // once scanned back over all the paragraphs before it).
    for n in [5_000, 10_000] {
        let cable = unnumbered_cable(n);
        let (mbs, rounds) = throughput(std::slice::from_ref(&cable), 1.0, |t| {
            std::hint::black_box(parse(t));
        });
        println!("one cable of {n} unnumbered paragraphs: {mbs:8.1} MB/s ({rounds} rounds)");
    }
}

/// A cable whose body is `n` paragraphs without numbers.
fn unnumbered_cable(n: usize) -> String {
    let mut text = String::from("TAGS: PREL\nSUBJECT: MEETINGS\n\n");
    for i in 0..n {
        text.push_str(&format!(
            "The delegation met the minister on day {i} and discussed the agenda.\n\n"
        ));
    }
    text
}
