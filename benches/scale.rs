//! Scale: the whole-archive workload. Generates deterministic workspaces of
//! N cables recombined from the corpus (`scale/generate.rs`; kept under
//! `target/scale/N` and reused) and runs the language server's indexing on
//! each in a fresh `cable-ls index` process, printing time and peak memory
//! per size so growth can be read off: `cargo bench --bench scale`.
//!
//! Each size is indexed twice: cold (no cache), then with the index cache
//! the first run wrote.
//!
//! Then the server itself is started on the same workspace and cache, and
//! timed to its complete index (`scale/server_start.rs`).
//!
//! Then, at the largest size, the latency of requests with the whole
//! index loaded while a background indexing runs (`scale/queries.rs`).
//!
//! Sizes: `CABLE_LS_SCALE_SIZES=10000,50000,251287` (the default);
//! `CABLE_LS_QUERY_SIZE=N` measures the requests at another size, `0` not
//! at all.

#[path = "scale/generate.rs"]
mod generate;
#[path = "../tests/common/lsp.rs"]
mod lsp;
#[path = "scale/queries.rs"]
mod queries;
#[path = "scale/server_start.rs"]
mod server_start;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/cables");
    if !corpus.is_dir() {
        println!("scale: no corpus at {}; nothing measured", corpus.display());
        return;
    }
    let sizes: Vec<usize> = std::env::var("CABLE_LS_SCALE_SIZES")
        .unwrap_or_else(|_| "10000,50000,251287".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let binary = env!("CARGO_BIN_EXE_cable-ls");
    println!(
        "{:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7}",
        "N",
        "MB",
        "cables",
        "people",
        "mentions",
        "REFs",
        "total s",
        "summ. s",
        "build s",
        "MB/s",
        "peak MB"
    );
    let query_size = std::env::var("CABLE_LS_QUERY_SIZE")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .or_else(|| sizes.iter().copied().max())
        .unwrap_or(0);
    for &n in &sizes {
        let dir = root.join("target/scale").join(n.to_string());
        let start = Instant::now();
        let bytes = match generate::ensure_workspace(&corpus, &dir, n) {
            Ok(b) => b,
            Err(e) => {
                println!("{n:>8} could not generate: {e}");
                continue;
            }
        };
        let generated = start.elapsed();
        if generated.as_secs_f64() > 1.0 {
            println!("         (generated in {:.1} s)", generated.as_secs_f64());
        }
        // The files read once beforehand, so that "cold" means without the
        // index cache, not with the files still on the disk: a workspace
        // larger than the page cache left by its generation would measure
        // the disk (at 251,287 files, 113 s against 67 s).
        let start = Instant::now();
        let read = read_all(&dir);
        let warmed = start.elapsed().as_secs_f64();
        if warmed > 1.0 {
            println!(
                "         (files read into the page cache in {warmed:.1} s, {:.0} MB)",
                read as f64 / 1e6
            );
        }
        // A cache of this run's own, emptied: the first run is cold, the
        // second reads the cache the first wrote.
        let cache = root.join("target/scale").join(format!("cache-{n}"));
        let _ = std::fs::remove_dir_all(&cache);
        let run = || -> Option<serde_json::Value> {
            let output = Command::new(binary)
                .args(["index", "--json"])
                .arg(&dir)
                .env("CABLE_LS_CACHE_DIR", &cache)
                .output()
                .expect("run cable-ls index");
            match serde_json::from_slice(&output.stdout) {
                Ok(r) => Some(r),
                Err(e) => {
                    println!(
                        "{n:>8} index failed: {e}: {}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                    None
                }
            }
        };
        let (Some(report), Some(warm)) = (run(), run()) else {
            continue;
        };
        let f = |k: &str| report[k].as_u64().unwrap_or(0);
        let s = |k: &str| report["seconds"][k].as_f64().unwrap_or(0.0);
        println!(
            "{:>8} {:>8.0} {:>8} {:>8} {:>9} {:>8} {:>8.2} {:>8.2} {:>8.2} {:>8.0} {:>7.0}",
            n,
            bytes as f64 / 1e6,
            f("cables"),
            f("people"),
            f("mentions"),
            f("ref_edges"),
            s("total"),
            s("summarise"),
            s("build"),
            f("bytes") as f64 / 1e6 / s("total").max(1e-9),
            f("peak_memory_bytes") as f64 / 1e6,
        );
        let w = |k: &str| warm["seconds"][k].as_f64().unwrap_or(0.0);
        println!(
            "{:>8} with the index cache: {:.2} s (read {:.2} s, {} of {} files cached), peak {:.0} MB",
            "",
            w("total"),
            w("cache_load"),
            warm["cached_files"],
            warm["files"],
            warm["peak_memory_bytes"].as_u64().unwrap_or(0) as f64 / 1e6,
        );
        let (seconds, peak) = server_start::run(&dir, &cache);
        println!(
            "{:>8} server start to a complete index, with the cache: {seconds:.2} s, peak {peak:.0} MB",
            ""
        );
    }
    if query_size > 0 {
        let dir = root.join("target/scale").join(query_size.to_string());
        let cache = root
            .join("target/scale")
            .join(format!("cache-{query_size}"));
        if dir.is_dir() {
            queries::run(&dir, &cache);
        }
    }
}

/// Reads every file under `dir` once; the bytes read.
fn read_all(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => {
                    total += std::fs::read(&path).map_or(0, |b| b.len() as u64);
                }
                _ => {}
            }
        }
    }
    total
}
