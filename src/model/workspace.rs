//! The workspace: the documents open in the editor (full text, as ropes) and
//! every other cable file under the workspace folders (summaries only: no
//! text is kept for a closed file). An open document's buffer wins over the
//! file on disk.

use super::cache::{IndexCache, LazyChunk};
use super::detect::{has_cable_element_before, head_len_of_lines};
use super::disk_order::DiskOrder;
use super::document::{summarise_on_scan, Document};
use super::kept_buffers::{self, KeptBuffers};
use super::summary::CableSummary;
use super::walk::FoundFile;
use crate::syntax::line_scan::LineScan;
use crate::syntax::lines::StartedLines;
use crate::syntax::{parse_cables_on_starts, Cable};
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
    cables: Cables,
    /// Size and modification time of the file as read, for the index
    /// cache; `None` for text not read from disk (an open buffer).
    pub stamp: Option<FileStamp>,
    /// Read back from the index cache rather than parsed.
    pub cached: bool,
}

/// A file's cables: at hand, or still in the index cache's records, read
/// the first time they are asked for. A start with a current cache and its
/// stored index then decodes no summary until a request needs one.
enum Cables {
    Ready(Vec<FileCable>),
    Cached {
        chunk: Arc<LazyChunk>,
        /// The file's place in its chunk.
        i: u32,
        n_cables: u32,
        text_bytes: u64,
        /// Taken from the chunk once decoded: later reads go straight
        /// here, not through the chunk.
        cables: std::sync::OnceLock<Vec<FileCable>>,
    },
}

/// A copy of cached cables is made from them decoded: the chunk hands each
/// file's cables out once.
impl Clone for Cables {
    fn clone(&self) -> Cables {
        match self {
            Cables::Ready(cables) => Cables::Ready(cables.clone()),
            Cables::Cached { .. } => Cables::Ready(self.get().to_vec()),
        }
    }
}

impl Cables {
    fn get(&self) -> &[FileCable] {
        match self {
            Cables::Ready(cables) => cables,
            Cables::Cached {
                chunk, i, cables, ..
            } => cables.get_or_init(|| chunk.take(*i as usize)),
        }
    }
}

impl Default for Cables {
    fn default() -> Cables {
        Cables::Ready(Vec::new())
    }
}

impl std::fmt::Debug for Cables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cables::Ready(cables) => cables.fmt(f),
            Cables::Cached { n_cables, .. } => write!(f, "({n_cables} cables in the cache)"),
        }
    }
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
    pub fn new(cables: Vec<FileCable>, stamp: Option<FileStamp>) -> FileSummary {
        FileSummary {
            cables: Cables::Ready(cables),
            stamp,
            cached: false,
        }
    }

    /// A summary the index cache holds, its cables decoded on first use.
    pub(crate) fn cached(
        chunk: Arc<LazyChunk>,
        i: u32,
        n_cables: u32,
        text_bytes: u64,
        stamp: FileStamp,
    ) -> FileSummary {
        FileSummary {
            cables: Cables::Cached {
                chunk,
                i,
                n_cables,
                text_bytes,
                cables: std::sync::OnceLock::new(),
            },
            stamp: Some(stamp),
            cached: true,
        }
    }

    /// The file's cables, in text order (decoded from the cache if need be).
    pub fn cables(&self) -> &[FileCable] {
        self.cables.get()
    }

    /// How many cables the file holds, without decoding them.
    pub fn n_cables(&self) -> usize {
        match &self.cables {
            Cables::Cached { n_cables, .. } => *n_cables as usize,
            _ => self.cables().len(),
        }
    }

    /// The length of the cables' text, without decoding them.
    pub fn text_bytes(&self) -> u64 {
        match &self.cables {
            Cables::Cached { text_bytes, .. } => *text_bytes,
            _ => self
                .cables()
                .iter()
                .map(|c| u64::from(c.summary.byte_len))
                .sum(),
        }
    }

    /// Summarises a text that will not be kept, one cable at a time: only
    /// the summaries outlive this call (a file of thousands of cables never
    /// holds all their trees at once).
    pub fn of_text(text: &str) -> FileSummary {
        summarise_cables(text, false).unwrap_or_default()
    }

    /// [`FileSummary::of_text`] of a file found on disk, or `None` when it
    /// is not a cable file: no cable element in its head, as
    /// [`super::detect::looks_like_cable`] decides, but read from the parse
    /// the summaries come from. Cables after the head are not analysed
    /// before the decision.
    pub fn of_cable_text(text: &str) -> Option<FileSummary> {
        summarise_cables(text, true)
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
        FileSummary::new(cables, None)
    }
}

/// The summaries of `text`'s cables; when `detect`, `None` unless a cable
/// element starts in the text's head ([`super::detect::head_len`]; cables
/// parsed meanwhile wait for the decision unsummarised).
fn summarise_cables(text: &str, detect: bool) -> Option<FileSummary> {
    // The file is scanned once for its line starts (and its lines outside
    // ASCII): the parser reads its lines from them, and each cable's
    // positions take their part of them.
    kept_buffers::with(&FILE_SCAN, |scan| {
        scan.scan(text);
        let head = detect.then(|| head_len_on_scan(text, scan));
        summarise_scanned(text, head, scan)
    })
}

/// [`super::detect::head_len`]`(text)`, its lines read from `scan`,
/// `text`'s line scan, instead of searched again.
fn head_len_on_scan(text: &str, scan: &LineScan) -> usize {
    let mut lines = StartedLines::new(text, &scan.starts, 0);
    let mut pos = 0;
    let lines = std::iter::from_fn(|| {
        let line = lines.line_at(pos)?;
        pos = line.next;
        Some(line)
    });
    head_len_of_lines(text, lines)
}

/// A file's line scan kept larger than this is let go after use: it is
/// the line starts of a file of half a million lines, which the next file
/// of a folder is unlikely to need again.
const KEPT_FILE_SCAN_BYTES: usize = 4 << 20;

thread_local! {
    /// The line scan of the last file summarised on this thread, whose
    /// buffers the next file reuses.
    static FILE_SCAN: KeptBuffers<LineScan, KEPT_FILE_SCAN_BYTES> = const { KeptBuffers::new() };
}

/// [`summarise_cables`], `scan` being `text`'s line scan.
fn summarise_scanned(text: &str, head: Option<usize>, scan: &LineScan) -> Option<FileSummary> {
    let mut undecided = head;
    let mut waiting = Vec::new();
    let mut cables = Vec::new();
    let mut line = 0u32;
    let mut push = |cable: Cable| {
        let start = cable.start as usize;
        let summary = summarise_on_scan(text, cable, scan);
        let start_line = line;
        line += summary.n_lines.saturating_sub(1);
        cables.push(FileCable {
            start,
            start_line,
            summary: Arc::new(summary),
        });
    };
    for cable in parse_cables_on_starts(text, &scan.starts) {
        if let Some(head) = undecided {
            if cable.start as usize >= head {
                return None;
            }
            let found = has_cable_element_before(&cable, head);
            waiting.push(cable);
            if !found {
                continue;
            }
            undecided = None;
            waiting.drain(..).for_each(&mut push);
            continue;
        }
        push(cable);
    }
    if undecided.is_some() {
        return None;
    }
    Some(FileSummary::new(cables, None))
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
pub fn index_file(path: &Path, max_bytes: u64) -> Result<Arc<FileSummary>, SkipReason> {
    index_file_cached(path, None, max_bytes, None)
}

/// [`index_file`], taking the summary from `cache` when the file's size
/// and modification time are those it was summarised at. `known`: the
/// stamp the folder walk read, which saves a `stat` by full path (a stamp
/// read earlier is at worst older than the file, which then looks changed
/// to the next run).
pub fn index_file_cached(
    path: &Path,
    known: Option<FileStamp>,
    max_bytes: u64,
    cache: Option<&IndexCache>,
) -> Result<Arc<FileSummary>, SkipReason> {
    let stamp = match known {
        Some(stamp) => stamp,
        None => {
            let meta = std::fs::metadata(path).map_err(|e| SkipReason::Io(e.to_string()))?;
            if !meta.is_file() {
                // A pipe or a device would block the reader or never end.
                return Err(SkipReason::Io("not a regular file".into()));
            }
            FileStamp::of(&meta)
        }
    };
    if stamp.size > max_bytes {
        return Err(SkipReason::TooLarge(max_bytes));
    }
    if let Some(summary) = cache.and_then(|c| c.get(path, stamp)) {
        return Ok(summary);
    }
    kept_buffers::with(&READ_BUFFER, |bytes| {
        // The file may grow after the size check: never read past the limit.
        bytes.reserve(stamp.size as usize);
        std::fs::File::open(path)
            .and_then(|f| {
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(f, max_bytes.saturating_add(1)),
                    bytes,
                )
            })
            .map_err(|e| SkipReason::Io(e.to_string()))?;
        if bytes.len() as u64 > max_bytes {
            return Err(SkipReason::TooLarge(max_bytes));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| SkipReason::NotUtf8(e.valid_up_to()))?;
        let Some(mut summary) = FileSummary::of_cable_text(text) else {
            return Err(SkipReason::NotACable);
        };
        // The stamp is the one read before the text: a file changed
        // meanwhile looks changed to the next run.
        summary.stamp = Some(stamp);
        Ok(Arc::new(summary))
    })
}

/// A read buffer kept larger than this is let go after use: one file of
/// 50 MB should not hold 50 MB for the thread's life.
const KEPT_READ_BUFFER: usize = 4 << 20;

thread_local! {
    /// The buffer each indexing thread reads its files into, one after the
    /// other: a fresh buffer per file put every file's bytes on pages the
    /// kernel had to zero first (a sixth of a cold indexing's time).
    static READ_BUFFER: KeptBuffers<Vec<u8>, KEPT_READ_BUFFER> = const { KeptBuffers::new() };
}

/// [`index_file_cached`] for every file the walk found, on `threads`
/// worker threads (at least one) taking files in turn; results in the
/// order of `files`.
pub fn index_files(
    files: &[FoundFile],
    max_bytes: u64,
    threads: usize,
    cache: Option<&IndexCache>,
) -> Vec<Result<Arc<FileSummary>, SkipReason>> {
    // A file whose indexing met a bug (a panic) is reported as not
    // indexed; the others, on its thread too, still are.
    super::parallel::map_in_order(files, &large_files_first(files), threads, |file| {
        index_file_cached(&file.path, file.stamp, max_bytes, cache)
    })
    .into_iter()
    .map(|r| r.unwrap_or_else(|| Err(SkipReason::Io("indexing failed".into()))))
    .collect()
}

/// Files of at least this size are indexed before the others.
const LARGE_FILE: u64 = 1 << 20;

/// The order to index `files` in: files of [`LARGE_FILE`] bytes or more
/// first, largest first, then the others in their order (the walk's, the
/// disk's). A 50 MB document of thousands of cables found last would leave
/// one thread reading it alone for seconds while the others wait.
fn large_files_first(files: &[FoundFile]) -> Vec<usize> {
    let size = |i: usize| files.get(i).and_then(|f| f.stamp).map_or(0, |s| s.size);
    let (mut large, small): (Vec<usize>, Vec<usize>) =
        (0..files.len()).partition(|&i| size(i) >= LARGE_FILE);
    large.sort_by_key(|&i| std::cmp::Reverse(size(i)));
    large.extend(small);
    large
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

/// Whether `files` are the very summaries (the same `Arc`s) `disk` holds
/// under their paths, all of them: an index or a cache made from them is
/// then of the files on disk as they are.
pub fn same_summaries<'a>(
    disk: &HashMap<Arc<Path>, Arc<FileSummary>>,
    mut files: impl ExactSizeIterator<Item = (&'a Path, &'a Arc<FileSummary>)>,
) -> bool {
    files.len() == disk.len()
        && files.all(|(path, summary)| disk.get(path).is_some_and(|s| Arc::ptr_eq(s, summary)))
}

#[derive(Default)]
pub struct Workspace {
    pub open: HashMap<PathBuf, Document>,
    /// Paths shared with the index built from them: a rebuild copies no
    /// path.
    pub disk: HashMap<Arc<Path>, Arc<FileSummary>>,
    /// Files the indexing's walk listed that hold no cable (or were
    /// skipped), with the stamp the walk read: the check that follows the
    /// server's watches takes them for unchanged while their stamp is the
    /// same, instead of reading each again and rebuilding the index.
    pub skipped: HashMap<Arc<Path>, FileStamp>,
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
            .filter(|(path, _)| !self.open.contains_key(path.as_ref()))
            .map(|(path, summary)| (Arc::clone(path), Arc::clone(summary), false))
            .collect();
        out.extend(self.open.iter().map(|(path, doc)| {
            (
                Arc::from(path.as_path()),
                Arc::new(FileSummary::of_document(doc)),
                true,
            )
        }));
        out.sort_by(|a, b| path_order(&a.0, &b.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::detect::looks_like_cable;

    /// The head measured on the scan is the head `detect` measures: texts
    /// of fewer and more non-blank lines than it counts, blank lines and
    /// every terminator among them.
    #[test]
    fn head_on_scan_is_detect_head() {
        for n in [0, 1, 59, 60, 61, 130] {
            for (k, ending) in ["\n", "\r\n", "\r", "\n\n", " \r\n\r\n"].iter().enumerate() {
                let mut text = String::new();
                for i in 0..n {
                    text.push_str(&"word ".repeat((i + k) % 5));
                    text.push_str(if i % 3 == k % 3 { "\n" } else { ending });
                }
                let mut scan = LineScan::new();
                scan.scan(&text);
                assert_eq!(
                    head_len_on_scan(&text, &scan),
                    crate::model::detect::head_len(&text),
                    "{n} {ending:?}"
                );
            }
        }
        let text = "x\n".repeat(70);
        let mut scan = LineScan::new();
        scan.scan(&text);
        assert_eq!(head_len_on_scan(&text, &scan), 120);
    }

    /// `of_cable_text` decides as `looks_like_cable` does, and summarises
    /// as `of_text` does.
    fn assert_same_as_head_parse(text: &str) {
        let got = FileSummary::of_cable_text(text);
        assert_eq!(got.is_some(), looks_like_cable(text), "{text:.80}");
        if let Some(got) = got {
            let want = FileSummary::of_text(text);
            let key = |s: &FileSummary| -> Vec<(usize, u32, CableSummary)> {
                s.cables()
                    .iter()
                    .map(|c| (c.start, c.start_line, (*c.summary).clone()))
                    .collect()
            };
            assert_eq!(key(&got), key(&want));
        }
    }

    #[test]
    fn each_thread_reads_into_one_buffer_and_lets_a_large_one_go() {
        kept_buffers::with(&READ_BUFFER, |b| b.extend_from_slice(b"abc"));
        assert_eq!(
            kept_buffers::with(&READ_BUFFER, |b| (b.len(), b.capacity() >= 3)),
            (0, true)
        );
        kept_buffers::with(&READ_BUFFER, |b| b.resize(KEPT_READ_BUFFER + 1, 0));
        assert_eq!(kept_buffers::with(&READ_BUFFER, |b| b.capacity()), 0);
        // In use already: a fresh one.
        kept_buffers::with(&READ_BUFFER, |outer| {
            outer.push(1);
            kept_buffers::with(&READ_BUFFER, |inner| assert!(inner.is_empty()));
            assert_eq!(*outer, [1]);
        });
    }

    #[test]
    fn large_files_are_indexed_first() {
        let file = |size: Option<u64>| FoundFile {
            path: PathBuf::from("x"),
            stamp: size.map(|size| FileStamp { size, mtime_ns: 0 }),
        };
        let mb = 1 << 20;
        let files = [
            file(Some(10)),
            file(Some(2 * mb)),
            file(None),
            file(Some(mb)),
            file(Some(mb - 1)),
            file(Some(50 * mb)),
            file(Some(3)),
        ];
        assert_eq!(large_files_first(&files), [5, 1, 3, 0, 2, 4, 6]);
        assert!(large_files_first(&[]).is_empty());
    }

    #[test]
    fn cable_files_are_told_from_the_parse_they_are_summarised_from() {
        let prose = "Dear colleague,\nthe meeting is at noon.\n".repeat(40);
        let cable = "VZCZCXRO9950\nOO RUEHFL\nDE RUEHRO #0104 0301516\n\
                     ZNY CCCCC ZZH\nO 301516Z JAN 08\nFM AMEMBASSY ROME\n\
                     C O N F I D E N T I A L ROME 000104\n\nTAGS: PREL IT\n\
                     SUBJECT: TALKS\n\n1. (C) Ambassador Spogli met Prime Minister Prodi.\n";
        let cases = [
            String::new(),
            "\n\n  \n".to_string(),
            "Dear colleague,\nthe meeting is at noon.\n".to_string(),
            cable.to_string(),
            format!("{cable}{cable}"),
            // A cable after a short note: within the head, so a cable file.
            format!("a note\n\n{cable}"),
            // A cable after 80 lines of prose: beyond the head, not one.
            format!("{prose}{cable}"),
            "TAGS: PREL PGOV\n".to_string(),
        ];
        for text in &cases {
            assert_same_as_head_parse(text);
        }
        assert!(FileSummary::of_cable_text(&cases[5]).is_some());
        assert!(FileSummary::of_cable_text(&cases[6]).is_none());
        assert_eq!(
            FileSummary::of_cable_text(&cases[4]).map(|s| s.n_cables()),
            Some(2)
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut n = 0;
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                assert!(FileSummary::of_cable_text(&text).is_some());
                assert_same_as_head_parse(&text);
                n += 1;
            }
        }
        assert_eq!(n, 5);
    }
}
