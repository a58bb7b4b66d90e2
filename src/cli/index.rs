//! `cable-ls index PATH [--json]`: the language server's workspace indexing,
//! run from the shell: the same discovery (settings from the folder's
//! `.cable-ls.toml`), the same per-file summaries on a pool of worker
//! threads, the same cross-cable index. Prints what was indexed and what
//! it cost, for scripts and for sizing a workspace. The index cache is read
//! and written as the server does (`--no-cache`: neither).

use crate::model::cache::{self, IndexCache};
use crate::model::config::{read_config_files, Config};
use crate::model::index::WorkspaceIndex;
use crate::model::people::PeopleOverrides;
use crate::model::walk::discover_beside;
use crate::model::workspace::{index_files, FileSummary, SkipReason};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What one run found and cost.
#[derive(Debug, Serialize)]
pub struct IndexReport {
    pub files: usize,
    /// Files whose summaries came from the index cache, unchanged on disk.
    pub cached_files: usize,
    pub cables: usize,
    pub people: usize,
    pub mentions: usize,
    pub ref_edges: usize,
    pub bytes: u64,
    /// Files seen but not indexed, by reason.
    pub skipped: Skipped,
    pub seconds: Seconds,
    /// Peak resident memory of the process, when the system tells it.
    pub peak_memory_bytes: Option<u64>,
    pub threads: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Skipped {
    pub not_cables: usize,
    pub too_large: usize,
    pub not_utf8: usize,
    pub unreadable: usize,
}

/// Seconds from the start to each step's end, as differences. The cache
/// read and the folder walk run side by side: `discover` is what the walk
/// took beyond the cache read. So do the build and the cache write:
/// `cache_save` is what the write took beyond the build.
#[derive(Debug, Serialize)]
pub struct Seconds {
    pub cache_load: f64,
    pub discover: f64,
    pub summarise: f64,
    pub build: f64,
    pub cache_save: f64,
    pub total: f64,
}

pub fn run(
    root: &Path,
    json: bool,
    use_cache: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if !root.is_dir() {
        let _ = writeln!(err, "cable-ls: {}: not a folder", root.display());
        return 2;
    }
    let folders = [root.to_path_buf()];
    let (patches, errors) = read_config_files(&folders);
    if let Some(e) = errors.first() {
        let _ = writeln!(err, "cable-ls: {e}");
        return 2;
    }
    let mut config = Config::default();
    for p in &patches {
        config.apply(p);
    }
    let filter = match config.file_filter() {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "cable-ls: {e}");
            return 2;
        }
    };
    let threads = crate::model::parallel::cores();
    let (report, index) = index(root, &filter, &config, threads, use_cache, err);
    // The process ends right after printing: handing a large index's
    // millions of allocations back one by one would cost a good part of a
    // second for nothing.
    std::mem::forget(index);
    if json {
        let _ = serde_json::to_writer_pretty(&mut *out, &report);
        let _ = writeln!(out);
    } else {
        let s = &report.seconds;
        let _ = writeln!(
            out,
            "{} files ({} from the cache), {} cables ({:.1} MB)\n\
             {} people, {} mentions, {} REF edges\n\
             skipped: {} not cables, {} too large, {} not UTF-8, {} unreadable\n\
             time: {:.2} s (cache read {:.2} s, discover {:.2} s, summarise {:.2} s on {} threads, \
             build {:.2} s, cache write {:.2} s)",
            report.files,
            report.cached_files,
            report.cables,
            report.bytes as f64 / 1e6,
            report.people,
            report.mentions,
            report.ref_edges,
            report.skipped.not_cables,
            report.skipped.too_large,
            report.skipped.not_utf8,
            report.skipped.unreadable,
            s.total,
            s.cache_load,
            s.discover,
            s.summarise,
            report.threads,
            s.build,
            s.cache_save,
        );
        if let Some(peak) = report.peak_memory_bytes {
            let _ = writeln!(out, "peak memory: {:.0} MB", peak as f64 / 1e6);
        }
    }
    0
}

/// Indexes the folder as the language server would, logging each file not
/// indexed (but for files that are simply not cables) to `err`; returns
/// what it found and cost, and the index with the cache it was read from.
pub fn index(
    root: &Path,
    filter: &crate::model::config::FileFilter,
    config: &Config,
    threads: usize,
    use_cache: bool,
    err: &mut dyn Write,
) -> (IndexReport, (Arc<WorkspaceIndex>, IndexCache)) {
    let start = Instant::now();
    let folders = [root.to_path_buf()];
    let (found, (cache, cache_loaded)) =
        discover_beside(&folders, filter, threads, use_cache, || {
            let cache = if use_cache {
                IndexCache::load(&folders)
            } else {
                IndexCache::default()
            };
            (cache, start.elapsed())
        });
    let discovered = start.elapsed();
    let results = index_files(&found, config.max_file_bytes, threads, Some(&cache));
    let summarised = start.elapsed();
    let mut cached_files = 0;
    let mut skipped = Skipped::default();
    let mut bytes = 0u64;
    let mut files = Vec::with_capacity(found.len());
    for (path, result) in found.into_iter().map(|f| f.path).zip(results) {
        match result {
            Ok(summary) => {
                cached_files += usize::from(summary.cached);
                bytes += summary.text_bytes();
                files.push((Arc::from(path.as_path()), summary, false));
            }
            Err(reason) => {
                match reason {
                    SkipReason::NotACable => skipped.not_cables += 1,
                    SkipReason::TooLarge(_) => skipped.too_large += 1,
                    SkipReason::NotUtf8(_) => skipped.not_utf8 += 1,
                    SkipReason::Io(_) => skipped.unreadable += 1,
                }
                if reason != SkipReason::NotACable {
                    let _ = writeln!(err, "not indexed: {}: {reason}", path.display());
                }
            }
        }
    }
    let n_files = files.len();
    let cache_current = cache.is_current(n_files, cached_files);
    let overrides = config.people_overrides();
    let (index, built) = if use_cache && !cache_current {
        let (index, built, saved) = build_and_save(root, files, &cache, &overrides, threads);
        let built = built.duration_since(start);
        if let Err(e) = saved {
            let _ = writeln!(err, "cable-ls: index cache not written: {e}");
        }
        (index, built)
    } else {
        let index = Arc::new(cache.index_of(files, &overrides, threads));
        (index, start.elapsed())
    };
    let total = start.elapsed();
    let report = IndexReport {
        files: n_files,
        cached_files,
        cables: index.n_cables(),
        people: index.people.persons.len(),
        mentions: index.n_mentions(),
        ref_edges: index.n_citation_edges(),
        bytes,
        skipped,
        seconds: Seconds {
            cache_load: cache_loaded.as_secs_f64(),
            discover: (discovered - cache_loaded).as_secs_f64(),
            summarise: (summarised - discovered).as_secs_f64(),
            build: (built - summarised).as_secs_f64(),
            cache_save: (total - built).as_secs_f64(),
            total: total.as_secs_f64(),
        },
        peak_memory_bytes: peak_memory_bytes(),
        threads,
    };
    // Its summaries live on in the index: what is left is the paths, freed
    // with the index.
    (report, (index, cache))
}

/// Builds the index of `files` while another thread writes their records
/// to the folder's cache, which then adds the stored index: the build and
/// the records' write each take a second or two at an archive's size, and
/// each needs only one core. Returns the index, when it was built, and how
/// the write went.
fn build_and_save(
    root: &Path,
    files: Vec<(Arc<Path>, Arc<FileSummary>, bool)>,
    cache: &IndexCache,
    overrides: &PeopleOverrides,
    threads: usize,
) -> (Arc<WorkspaceIndex>, Instant, std::io::Result<PathBuf>) {
    let records: Vec<(Arc<Path>, Arc<FileSummary>)> = files
        .iter()
        .map(|(path, summary, _)| (Arc::clone(path), Arc::clone(summary)))
        .collect();
    let (send, receive) = std::sync::mpsc::channel::<Arc<WorkspaceIndex>>();
    std::thread::scope(|scope| {
        // Owned here, so that a build that panics drops it on its way out
        // and the writer, waiting for the index, goes on without it.
        let send = send;
        let records = &records;
        let writer = std::thread::Builder::new()
            .name("cache-write".into())
            .spawn_scoped(scope, move || {
                let files = records.iter().map(|(p, s)| (p.as_ref(), s.as_ref()));
                let mut index = None;
                // Without an index (the build panicked), the cache is
                // written without a stored index.
                cache::save_then_index(root, files, || {
                    index = receive.recv().ok();
                    index.as_deref()
                })
            });
        let index = Arc::new(cache.index_of(files, overrides, threads));
        let built = Instant::now();
        let saved = match writer {
            Ok(writer) => {
                let _ = send.send(Arc::clone(&index));
                writer
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("the cache writer failed")))
            }
            // No thread to spare: written after the build.
            Err(_) => cache::save(
                root,
                records.iter().map(|(p, s)| (p.as_ref(), s.as_ref())),
                Some(&index),
            ),
        };
        (index, built, saved)
    })
}

/// The process's peak resident set (`VmHWM` in `/proc/self/status`).
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
