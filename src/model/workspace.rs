//! The workspace: the documents open in the editor (full text, as ropes) and
//! every other cable file under the workspace folders (summaries only: no
//! text is kept for a closed file). An open document's buffer wins over the
//! file on disk.

use super::config::FileFilter;
use super::detect::looks_like_cable;
use super::document::{analyse_all, Document};
use super::summary::CableSummary;
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
}

impl FileSummary {
    /// Summarises a text that will not be kept.
    pub fn of_text(text: &str) -> FileSummary {
        let mut line = 0u32;
        let cables = analyse_all(text, 0)
            .into_iter()
            .map(|entry| {
                let start_line = line;
                line += entry.analysis.summary.n_lines.saturating_sub(1);
                FileCable {
                    start: entry.start,
                    start_line,
                    summary: Arc::clone(&entry.analysis.summary),
                }
            })
            .collect();
        FileSummary { cables }
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
        FileSummary { cables }
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
    let meta = std::fs::metadata(path).map_err(|e| SkipReason::Io(e.to_string()))?;
    if meta.len() > max_bytes {
        return Err(SkipReason::TooLarge(max_bytes));
    }
    let bytes = std::fs::read(path).map_err(|e| SkipReason::Io(e.to_string()))?;
    let text =
        String::from_utf8(bytes).map_err(|e| SkipReason::NotUtf8(e.utf8_error().valid_up_to()))?;
    if !looks_like_cable(&text) {
        return Err(SkipReason::NotACable);
    }
    Ok(FileSummary::of_text(&text))
}

/// Every candidate file under `root` that the filter lets through, sorted.
/// Hidden folders and symbolic links to folders are not followed (they
/// loop, or lead out of the workspace).
pub fn discover_files(root: &Path, filter: &FileFilter) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !name.to_string_lossy().starts_with('.') && !filter.excludes(relative) {
                    stack.push(path);
                }
            } else if (kind.is_file() || (kind.is_symlink() && path.is_file()))
                && filter.includes_file(relative)
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Open documents and indexed files, keyed by path.
#[derive(Default)]
pub struct Workspace {
    pub open: HashMap<PathBuf, Document>,
    pub disk: HashMap<PathBuf, Arc<FileSummary>>,
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
