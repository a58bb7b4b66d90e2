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

/// Runs of each start with the cache (the median is shown).
const RUNS: usize = 5;

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
        let Some(report) = run() else {
            continue;
        };
        // Starts with the cache vary from run to run with the kernel's
        // work (page zeroing, directory lookups): RUNS of each, the
        // median shown with the range.
        let mut warms: Vec<serde_json::Value> = (0..RUNS).filter_map(|_| run()).collect();
        warms.sort_by(|a, b| {
            a["seconds"]["total"]
                .as_f64()
                .partial_cmp(&b["seconds"]["total"].as_f64())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let Some(warm) = warms.get(warms.len() / 2) else {
            continue;
        };
        let range = |values: &[f64]| {
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(0.0, f64::max);
            format!("{min:.2}–{max:.2} s")
        };
        let warm_totals: Vec<f64> = warms
            .iter()
            .filter_map(|w| w["seconds"]["total"].as_f64())
            .collect();
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
            "{:>8} with the index cache: {:.2} s median of {RUNS} ({}; read {:.2} s, {} of {} files cached), peak {:.0} MB",
            "",
            w("total"),
            range(&warm_totals),
            w("cache_load"),
            warm["cached_files"],
            warm["files"],
            warm["peak_memory_bytes"].as_u64().unwrap_or(0) as f64 / 1e6,
        );
        for (client_watches, client) in [
            (true, "a client that watches files (VS Code)"),
            (false, "the server watching the folder itself (Neovim)"),
        ] {
            let mut runs: Vec<(f64, f64)> = (0..RUNS)
                .map(|_| server_start::run(&dir, &cache, client_watches))
                .collect();
            runs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            let (seconds, peak) = runs[runs.len() / 2];
            let times: Vec<f64> = runs.iter().map(|r| r.0).collect();
            println!(
                "{:>8} server start to a complete index, with the cache, {client}: {seconds:.2} s median ({}), peak {peak:.0} MB",
                "",
                range(&times),
            );
        }
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
