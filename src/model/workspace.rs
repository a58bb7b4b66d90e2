//! The workspace: the documents open in the editor (full text, as ropes) and
//! every other cable file under the workspace folders (summaries only: no
//! text is kept for a closed file). An open document's buffer wins over the
//! file on disk.

use super::cache::IndexCache;
use super::config::FileFilter;
use super::detect::looks_like_cable;
use super::disk_order::DiskOrder;
use super::document::{summarise, Document};
use super::summary::CableSummary;
use crate::syntax::parse_cables_from;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One cable of a file as the index keeps it.
#[derive(Clone, Debug)]
pub struct FileCable {
    /// Absolute byte offset and 0-based line of the cable's first byte.
    pub start: usize,
    pub start_line: u32,
    pub summary: Arc<CableSummary>,
}

/// The index's view of one file.
#[derive(Clone, Debug, Default)]
pub struct FileSummary {
    pub cables: Vec<FileCable>,
    /// Size and modification time of the file as read, for the index
    /// cache; `None` for text not read from disk (an open buffer).
    pub stamp: Option<FileStamp>,
    /// Read back from the index cache rather than parsed.
    pub cached: bool,
}

/// What says a file is unchanged since it was summarised: its size and
/// modification time (nanoseconds since the epoch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub mtime_ns: u64,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        FileStamp {
            size: meta.len(),
            mtime_ns,
        }
    }
}

impl FileSummary {
    /// Summarises a text that will not be kept, one cable at a time: only
    /// the summaries outlive this call (a file of thousands of cables never
    /// holds all their trees at once).
    pub fn of_text(text: &str) -> FileSummary {
        let mut line = 0u32;
        let cables = parse_cables_from(text, 0)
            .map(|cable| {
                let start = cable.start as usize;
                let summary = summarise(text, cable);
                let start_line = line;
                line += summary.n_lines.saturating_sub(1);
                FileCable {
                    start,
                    start_line,
                    summary: Arc::new(summary),
                }
            })
            .collect();
        FileSummary {
            cables,
            stamp: None,
            cached: false,
        }
    }

    /// The summary of an open document, sharing its cables' summaries.
    pub fn of_document(doc: &Document) -> FileSummary {
        let rope = doc.rope();
        let cables = doc
            .cables()
            .iter()
            .map(|entry| FileCable {
                start: entry.start,
                start_line: rope.byte_to_line(entry.start.min(rope.len_bytes())) as u32,
                summary: Arc::clone(&entry.analysis.summary),
            })
            .collect();
        FileSummary {
            cables,
            stamp: None,
            cached: false,
        }
    }
}

/// Why a file was not indexed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SkipReason {
    #[error("not a cable")]
    NotACable,
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    #[error("not UTF-8 (byte {0})")]
    NotUtf8(usize),
    #[error("{0}")]
    Io(String),
}

/// Reads and summarises one file, deciding by content whether it is a cable.
pub fn index_file(path: &Path, max_bytes: u64) -> Result<FileSummary, SkipReason> {
    index_file_cached(path, max_bytes, None)
}

/// [`index_file`], taking the summary from `cache` when the file's size
/// and modification time are those it was summarised at.
pub fn index_file_cached(
    path: &Path,
    max_bytes: u64,
    cache: Option<&IndexCache>,
) -> Result<FileSummary, SkipReason> {
    let meta = std::fs::metadata(path).map_err(|e| SkipReason::Io(e.to_string()))?;
    if !meta.is_file() {
        // A pipe or a device would block the reader or never end.
        return Err(SkipReason::Io("not a regular file".into()));
    }
    if meta.len() > max_bytes {
        return Err(SkipReason::TooLarge(max_bytes));
    }
    let stamp = FileStamp::of(&meta);
    if let Some(summary) = cache.and_then(|c| c.get(path, stamp)) {
        return Ok(summary);
    }
    // The file may grow after the size check: never read past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(
                &mut std::io::Read::take(f, max_bytes.saturating_add(1)),
                &mut bytes,
            )
        })
        .map_err(|e| SkipReason::Io(e.to_string()))?;
    if bytes.len() as u64 > max_bytes {
        return Err(SkipReason::TooLarge(max_bytes));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| SkipReason::NotUtf8(e.utf8_error().valid_up_to()))?;
    if !looks_like_cable(&text) {
        return Err(SkipReason::NotACable);
    }
    let mut summary = FileSummary::of_text(&text);
    // The stamp is the one read before the text: a file changed meanwhile
    // looks changed to the next run.
    summary.stamp = Some(stamp);
    Ok(summary)
}

/// [`index_file`] for every path, on `threads` worker threads (at least
/// one) taking files in turn; results in the order of `paths`.
pub fn index_files(
    paths: &[PathBuf],
    max_bytes: u64,
    threads: usize,
    cache: Option<&IndexCache>,
) -> Vec<Result<FileSummary, SkipReason>> {
    // A worker that panicked lost its files: they are reported as not
    // indexed rather than taking the whole run down.
    super::parallel::map(paths, threads, |path| {
        index_file_cached(path, max_bytes, cache)
    })
    .into_iter()
    .map(|r| r.unwrap_or_else(|| Err(SkipReason::Io("indexing failed".into()))))
    .collect()
}

/// Every candidate file under `root` that the filter lets through, sorted.
/// Hidden folders and symbolic links to folders are not followed (they
/// loop, or lead out of the workspace).
pub fn discover_files(root: &Path, filter: &FileFilter) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                tracing::warn!("not indexed: {}: {e}", dir.display());
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if walks_into(&name, relative, filter) {
                    stack.push(path);
                }
            } else if (kind.is_file() || (kind.is_symlink() && leads_inside(&path, &real_root)))
                && filter.includes_file(relative)
            {
                out.push(path);
            }
        }
    }
    out.sort_by(|a, b| path_order(a, b));
    out
}

/// The order files are listed and answered in: by the bytes of their
/// paths. Cheaper than `Path`'s order by components (a sort of a whole
/// archive's paths took most of a second); it differs from it only where a
/// name goes on with a character below `/` (`a-b` before `a/x`). What
/// matters is that the walk, the index and the answers use this one.
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    a.as_os_str()
        .as_encoded_bytes()
        .cmp(b.as_os_str().as_encoded_bytes())
}

/// Whether a symbolic link leads to a file inside the (resolved) workspace
/// folder: a link leading out is not followed, so a folder someone sent
/// cannot make the server read `~/.ssh/id_rsa`.
fn leads_inside(link: &Path, real_root: &Path) -> bool {
    std::fs::canonicalize(link)
        .is_ok_and(|target| target.starts_with(real_root) && target.is_file())
}

/// Whether a folder walk enters the folder `name` (at `relative` from
/// its root): not hidden, not excluded.
fn walks_into(name: &std::ffi::OsStr, relative: &Path, filter: &FileFilter) -> bool {
    !name.to_string_lossy().starts_with('.') && !filter.excludes(relative)
}

/// Whether [`discover_files`] under one of `roots` would list `path`: the
/// rule for files that appear after the walk (created, changed on disk).
pub fn is_candidate(roots: &[PathBuf], path: &Path, filter: &FileFilter) -> bool {
    roots.iter().any(|root| {
        let Ok(relative) = path.strip_prefix(root) else {
            return false;
        };
        let folders_walked = relative.ancestors().skip(1).all(|folder| {
            folder.as_os_str().is_empty()
                || folder
                    .file_name()
                    .is_some_and(|name| walks_into(name, folder, filter))
        });
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        folders_walked
            && filter.includes_file(relative)
            && (!is_link || leads_inside(path, &real_root))
    })
}

/// Open documents and indexed files, keyed by path.
#[derive(Default)]
pub struct Workspace {
    pub open: HashMap<PathBuf, Document>,
    pub disk: HashMap<PathBuf, Arc<FileSummary>>,
    /// Reads of files ordered against change events: `disk` takes a read's
    /// result only if no event for its file came after the read began.
    pub order: DiskOrder,
}

impl Workspace {
    /// Every file's summary, an open buffer taking the place of its file.
    pub fn file_summaries(&self) -> Vec<(Arc<Path>, Arc<FileSummary>, bool)> {
        let mut out: Vec<(Arc<Path>, Arc<FileSummary>, bool)> = self
            .disk
            .iter()
            .filter(|(path, _)| !self.open.contains_key(*path))
            .map(|(path, summary)| (Arc::from(path.as_path()), Arc::clone(summary), false))
            .collect();
        out.extend(self.open.iter().map(|(path, doc)| {
            (
                Arc::from(path.as_path()),
                Arc::new(FileSummary::of_document(doc)),
                true,
            )
        }));
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Config;

    #[test]
    fn a_file_is_a_candidate_exactly_when_the_walk_would_list_it() {
        let root = std::env::temp_dir().join(format!("cable-ls-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["a/b", ".hidden", "node_modules/x"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "top.txt",
            "a/b/c.txt",
            ".hidden/d.txt",
            "node_modules/x/e.txt",
            ".f.txt",
        ] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        let filter = Config::default().file_filter().unwrap();
        let roots = [root.clone()];
        let listed = discover_files(&root, &filter);
        let relative = |paths: &[PathBuf]| {
            paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(relative(&listed), [".f.txt", "a/b/c.txt", "top.txt"]);
        for file in [
            "top.txt",
            "a/b/c.txt",
            ".hidden/d.txt",
            "node_modules/x/e.txt",
            ".f.txt",
        ] {
            let path = root.join(file);
            assert_eq!(
                is_candidate(&roots, &path, &filter),
                listed.contains(&path),
                "{file}"
            );
        }
        assert!(!is_candidate(
            &roots,
            Path::new("/elsewhere/top.txt"),
            &filter
        ));
        let _ = std::fs::remove_dir_all(&root);
    }
}
