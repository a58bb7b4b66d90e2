//! The index cache: the summaries of a workspace folder's files, saved
//! after indexing so the next start reads them back instead of re-parsing
//! every file. An entry is used only when its file's size and modification
//! time are unchanged; anything else is parsed again.
//!
//! The cache lives under the user's cache directory
//! (`$CABLE_LS_CACHE_DIR`, else `$XDG_CACHE_HOME/cable-ls`, else
//! `~/.cache/cable-ls`), one subfolder per workspace folder, and never
//! inside the workspace. A cache written by another version of cable-ls,
//! truncated or corrupt is discarded with a log line, never trusted.

use super::folder_listing::FolderListing;
use super::hashes::fnv1a;
use super::index::{StoredTables, WorkspaceIndex};
use super::intern::{read_with_table, write_with_table, Sym};
use super::people::PeopleOverrides;
use super::summary::CableSummary;
use super::workspace::{index_file, path_order, same_summaries, FileCable, FileStamp, FileSummary};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

const MAGIC: &[u8; 8] = b"CABLELS\0";
/// Bumped when the record layout changes. 4: the texts of symbols (names,
/// keys, titles of mentions) in one table after the records, which name
/// them by number; records in chunks decoded in parallel. 5: a cable's
/// mentions and ranges as one block of `mention_codec` bytes. 6: a table
/// of files and chunks read apart from the records, which are decoded
/// only when needed; the workspace index stored beside them.
const FORMAT: u32 = 6;
/// The build that wrote a cache: version and a fingerprint of the sources
/// (`build.rs`), so summaries from another parser or people engine are
/// never trusted.
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("CABLE_LS_SOURCE_HASH"));

#[derive(Serialize)]
struct CableOut<'a> {
    start: u64,
    start_line: u32,
    summary: &'a CableSummary,
}

#[derive(Debug, Deserialize)]
struct CableIn {
    start: u64,
    start_line: u32,
    summary: CableSummary,
}

/// A file of the cache as its table lists it: what is needed to check it
/// against the disk and to count it, without decoding its cables.
#[derive(Debug, Serialize, Deserialize)]
struct FileEntry<'a> {
    #[serde(borrow)]
    path: &'a str,
    stamp: FileStamp,
    n_cables: u32,
    text_bytes: u64,
}

/// Where a chunk's records are in the file, and how many files they are.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct ChunkEntry {
    offset: u64,
    len: u64,
    n_files: u32,
}

/// The tables at the end of the file: the files, the chunks, and where the
/// stored workspace index is: its offset, the length of its tables and of
/// its mention lists (both 0 when there is none).
#[derive(Debug, Serialize, Deserialize)]
struct Tables<'a> {
    #[serde(borrow)]
    files: Vec<FileEntry<'a>>,
    chunks: Vec<ChunkEntry>,
    index: (u64, u64, u64),
}

/// One cache file being read: held open so that chunks decoded later read
/// the file that was loaded, even if a new cache replaced it since.
struct Source {
    path: PathBuf,
    file: Mutex<std::fs::File>,
    table: Arc<[Sym]>,
}

impl Source {
    fn read(&self, offset: u64, len: u64) -> Result<Vec<u8>, String> {
        read_at(
            &mut self.file.lock().unwrap_or_else(|e| e.into_inner()),
            offset,
            len,
        )
    }

    /// A cache found corrupt after loading: see [`discard`].
    fn discard(&self, why: &str) {
        discard(&self.path, why);
    }
}

/// A cache found foreign or corrupt: removed, so the next start indexes
/// afresh, with a log line.
fn discard(path: &Path, why: &str) {
    tracing::warn!("index cache {} discarded: {why}", path.display());
    let _ = std::fs::remove_file(path);
}

/// What a chunk needs until it is decoded: the cache file and its files.
type Pending = (Arc<Source>, Vec<Arc<Path>>);

/// A chunk of a cache's records, decoded the first time one of its files'
/// cables is asked for (by a request, an index build or the background
/// decoding after a start from the stored index).
pub struct LazyChunk {
    entry: ChunkEntry,
    /// The cache file, and the chunk's files for reading them again if the
    /// records turn out corrupt: let go once decoded, so that a cache file
    /// replaced since is not held open.
    pending: Mutex<Option<Pending>>,
    /// Each file's cables until the file takes them.
    files: OnceLock<Mutex<Vec<Vec<FileCable>>>>,
}

impl LazyChunk {
    /// The cables of the chunk's file `i`, decoding the chunk if need be,
    /// handed out once: the file keeps them.
    pub fn take(&self, i: usize) -> Vec<FileCable> {
        let files = self.files.get_or_init(|| Mutex::new(self.decode()));
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        files.get_mut(i).map(std::mem::take).unwrap_or_default()
    }

    /// Decodes the chunk now, unless decoded already.
    fn decode_now(&self) {
        self.files.get_or_init(|| Mutex::new(self.decode()));
    }

    fn decode(&self) -> Vec<Vec<FileCable>> {
        // Copied, not taken, until the chunk is decoded: a decoding that
        // panicked leaves the chunk undecoded, and the next ask must
        // decode it again rather than find nothing to decode and answer
        // with no cables.
        let pending = self
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let Some((source, paths)) = pending else {
            return Vec::new();
        };
        let n = self.entry.n_files as usize;
        let decoded = source
            .read(self.entry.offset, self.entry.len)
            .and_then(|bytes| {
                read_with_table(Arc::clone(&source.table), || {
                    let mut rest = bytes.as_slice();
                    let mut out = Vec::with_capacity(n.min(rest.len()));
                    for _ in 0..n {
                        let (cables, after): (Vec<CableIn>, &[u8]) =
                            postcard::take_from_bytes(rest)?;
                        out.push(
                            cables
                                .into_iter()
                                .map(|c| FileCable {
                                    start: c.start as usize,
                                    start_line: c.start_line,
                                    summary: Arc::new(c.summary),
                                })
                                .collect(),
                        );
                        rest = after;
                    }
                    Ok(out)
                })
                .map_err(|e: postcard::Error| format!("corrupt: {e}"))
            });
        let files = match decoded {
            Ok(files) => files,
            Err(why) => {
                // Never trusted: the files are read again, as if they
                // had changed. A bug met in one of them costs that file's
                // cables, not the chunk's.
                source.discard(&why);
                paths
                    .iter()
                    .map(|path| {
                        catch_unwind(AssertUnwindSafe(|| index_file(path, u64::MAX)))
                            .ok()
                            .and_then(Result::ok)
                            .map(|s| s.cables().to_vec())
                            .unwrap_or_default()
                    })
                    .collect()
            }
        };
        // Decoded: the cache file and the paths are let go.
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = None;
        files
    }

    fn is_decoded(&self) -> bool {
        self.files.get().is_some()
    }
}

/// A folder's stored index: where it is in its cache file, and its tables
/// once read.
struct StoredIndex {
    source: Arc<Source>,
    offset: u64,
    tables_len: u64,
    mentions_len: u64,
    read: Mutex<Option<Result<StoredTables, String>>>,
}

impl StoredIndex {
    fn read_now(&self) -> Result<StoredTables, String> {
        let tables = self.source.read(self.offset, self.tables_len)?;
        let mentions = self
            .source
            .read(self.offset + self.tables_len, self.mentions_len)?;
        read_with_table(Arc::clone(&self.source.table), || {
            StoredTables::read(&tables, mentions)
        })
    }

    /// Reads the tables ahead of their use, unless read already.
    fn read_tables(&self) {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        if read.is_none() {
            *read = Some(self.read_now());
        }
    }

    /// The tables read ahead, else read now.
    fn take_tables(&self) -> Result<StoredTables, String> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.take().unwrap_or_else(|| self.read_now())
    }
}

/// The summaries read back from folders' caches, sorted by absolute path
/// ([`path_order`]): the caches are written in that order, so loading
/// sorts nothing, and a lookup is a binary search with no table to build
/// or hash a quarter of a million paths into.
///
/// Loading reads only the tables of files and chunks: a file's cables are
/// decoded, a chunk at a time, when first asked for.
#[derive(Default)]
pub struct IndexCache {
    /// Each summary holds the stamp it was made at.
    files: Vec<(Arc<Path>, Arc<FileSummary>)>,
    chunks: Vec<Arc<LazyChunk>>,
    /// The stored index of each folder read that has one.
    stored: Vec<StoredIndex>,
    /// Folders whose cache was read.
    n_folders: usize,
    /// Folders whose caches were asked for: with more than one, no index
    /// is stored (it would span several caches).
    n_asked: usize,
}

impl std::fmt::Debug for IndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IndexCache({} files)", self.files.len())
    }
}

impl IndexCache {
    /// The cached summary of `path` if it was made at `stamp`.
    ///
    /// Files are asked for in the walk's order, which is the cache's: each
    /// thread first tries the entry after the one it found last, and
    /// searches only when that is not it (a binary search of a quarter of
    /// a million paths is eighteen comparisons of long common prefixes).
    pub fn get(&self, path: &Path, stamp: FileStamp) -> Option<Arc<FileSummary>> {
        thread_local! {
            static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        let guess = NEXT.with(std::cell::Cell::get);
        let i = match self.files.get(guess) {
            Some((p, _)) if p.as_os_str() == path.as_os_str() => guess,
            _ => self
                .files
                .binary_search_by(|(p, _)| path_order(p, path))
                .ok()?,
        };
        NEXT.with(|next| next.set(i + 1));
        let (_, summary) = self.files.get(i)?;
        (summary.stamp == Some(stamp)).then(|| Arc::clone(summary))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether writing the cache again would change nothing: each of the
    /// `n_indexed` files indexed came from it (`n_from_cache`), it holds
    /// no file that is gone, and it has its stored index (for a single
    /// folder: several folders store none).
    pub fn is_current(&self, n_indexed: usize, n_from_cache: usize) -> bool {
        n_from_cache == n_indexed
            && self.len() == n_indexed
            && (self.n_asked > 1 || self.stored.len() == self.n_folders)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Decodes every chunk not decoded yet, on `threads` threads: before a
    /// build that reads every summary, or in the background after a start
    /// from the stored index.
    pub fn decode_all(&self, threads: usize) {
        let todo: Vec<&Arc<LazyChunk>> = self.chunks.iter().filter(|c| !c.is_decoded()).collect();
        super::parallel::map(&todo, threads, |chunk| chunk.decode_now());
    }

    /// The workspace index stored with the cache, if `files` (what an
    /// index would be built from, in path order) are exactly the cache's
    /// files, none of them open, and the people settings are those it was
    /// built with: then it is the index a build would make, read instead
    /// of built.
    pub fn stored_index(
        &self,
        files: &[(Arc<Path>, Arc<FileSummary>, bool)],
        overrides: &PeopleOverrides,
    ) -> Option<WorkspaceIndex> {
        let same = files.len() == self.files.len()
            && files
                .iter()
                .zip(&self.files)
                .all(|((_, summary, open), (_, cached))| !open && Arc::ptr_eq(summary, cached));
        same.then(|| self.stored_index_as_written(overrides))
            .flatten()
    }

    /// [`IndexCache::stored_index`] for the files of a workspace not open
    /// in the editor, as a map from path to summary: checked file by file,
    /// with no list to gather and sort.
    pub fn stored_index_over(
        &self,
        disk: &HashMap<Arc<Path>, Arc<FileSummary>>,
        overrides: &PeopleOverrides,
    ) -> Option<WorkspaceIndex> {
        let same = same_summaries(disk, self.files.iter().map(|(p, s)| (p.as_ref(), s)));
        same.then(|| self.stored_index_as_written(overrides))
            .flatten()
    }

    /// The stored index over the cache's own files as they were when it
    /// was written, changed or gone since or not: what the two checks
    /// above hand out, and an index to answer from while the files as they
    /// are now are indexed.
    pub fn stored_index_as_written(&self, overrides: &PeopleOverrides) -> Option<WorkspaceIndex> {
        let ([stored], 1) = (self.stored.as_slice(), self.n_folders) else {
            return None;
        };
        let result = stored.take_tables().and_then(|tables| {
            WorkspaceIndex::from_stored(
                self.files
                    .iter()
                    .map(|(p, s)| (Arc::clone(p), Arc::clone(s))),
                tables,
                overrides,
            )
        });
        match result {
            Ok(index) => index,
            Err(why) => {
                stored.source.discard(&why);
                None
            }
        }
    }

    /// The index of `files`: the stored one if it was built from exactly
    /// these summaries, else built, the cache's summaries decoded on
    /// `threads` threads first.
    pub fn index_of(
        &self,
        mut files: Vec<(Arc<Path>, Arc<FileSummary>, bool)>,
        overrides: &PeopleOverrides,
        threads: usize,
    ) -> WorkspaceIndex {
        files.sort_by(|a, b| path_order(&a.0, &b.0));
        match self.stored_index(&files, overrides) {
            Some(index) => index,
            None => self.build_index(files, overrides, threads),
        }
    }

    /// The index of `files`, built (the stored one does not fit them): the
    /// cache's summaries are decoded on `threads` threads first.
    pub fn build_index(
        &self,
        files: Vec<(Arc<Path>, Arc<FileSummary>, bool)>,
        overrides: &PeopleOverrides,
        threads: usize,
    ) -> WorkspaceIndex {
        // Tables read ahead for nothing: their memory goes back first.
        for stored in &self.stored {
            stored.read.lock().unwrap_or_else(|e| e.into_inner()).take();
        }
        self.decode_all(threads);
        WorkspaceIndex::build_with(files, overrides)
    }

    /// Reads the caches of `folders`; a missing cache is empty, a bad one
    /// is discarded with a log line.
    pub fn load(folders: &[PathBuf]) -> IndexCache {
        let mut cache = IndexCache {
            n_asked: folders.len(),
            ..IndexCache::default()
        };
        for folder in folders {
            let Some(file) = cache_file(folder) else {
                continue;
            };
            let Ok(opened) = std::fs::File::open(&file) else {
                continue;
            };
            if let Err(why) = cache.read_folder(folder, &file, opened) {
                discard(&file, &why);
            }
        }
        // Already in order unless folders nest or overlap, or a cache was
        // written by hand.
        if !cache
            .files
            .is_sorted_by(|a, b| path_order(&a.0, &b.0).is_le())
        {
            cache.files.sort_by(|a, b| path_order(&a.0, &b.0));
        }
        cache.files.dedup_by(|a, b| a.0 == b.0);
        // Read now, beside the folder walk, rather than after it: the
        // tables are checked against the files found when used.
        if let [stored] = cache.stored.as_slice() {
            stored.read_tables();
        }
        cache
    }

    /// Reads one folder's cache: its header, symbols and tables, checked;
    /// the records stay in the file.
    fn read_folder(
        &mut self,
        folder: &Path,
        path: &Path,
        mut file: std::fs::File,
    ) -> Result<(), String> {
        let size = file.metadata().map_err(|e| e.to_string())?.len();
        let mut head = vec![0u8; size.min(256) as usize];
        file.read_exact(&mut head).map_err(|e| e.to_string())?;
        let records_start = check_header(&head)?;
        let trailer = read_at(&mut file, size.checked_sub(16).ok_or("truncated")?, 16)?;
        let (tables_at, symbols_at) = (
            u64::from_le_bytes(trailer[..8].try_into().map_err(|_| "truncated")?),
            u64::from_le_bytes(trailer[8..].try_into().map_err(|_| "truncated")?),
        );
        if !(records_start <= tables_at && tables_at <= symbols_at && symbols_at <= size - 16) {
            return Err("corrupt: table offsets".into());
        }
        let bytes = read_at(&mut file, tables_at, size - 16 - tables_at)?;
        let (tables, symbols) = bytes.split_at((symbols_at - tables_at) as usize);
        let (texts, _): (Vec<&str>, &[u8]) =
            postcard::take_from_bytes(symbols).map_err(|e| format!("corrupt symbol table: {e}"))?;
        let (tables, _): (Tables, &[u8]) =
            postcard::take_from_bytes(tables).map_err(|e| format!("corrupt tables: {e}"))?;
        // The chunks fill the records one after another and count the
        // files listed; the stored index lies between them and the tables.
        let (index_at, tables_len, mentions_len) = tables.index;
        let index_len = tables_len
            .checked_add(mentions_len)
            .ok_or("corrupt: index offset")?;
        if index_at < records_start || index_at > tables_at || index_len > tables_at - index_at {
            return Err("corrupt: index offset".into());
        }
        let mut at = records_start;
        let mut n_files = 0usize;
        for chunk in &tables.chunks {
            if chunk.offset != at || chunk.len > index_at - at {
                return Err("corrupt: chunks".into());
            }
            at += chunk.len;
            n_files += chunk.n_files as usize;
        }
        if at != index_at || n_files != tables.files.len() {
            return Err("corrupt: chunks".into());
        }
        let source = Arc::new(Source {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            table: texts.into_iter().map(Sym::new).collect(),
        });
        let mut entries = tables.files.into_iter();
        for chunk in &tables.chunks {
            let mine: Vec<FileEntry> = entries.by_ref().take(chunk.n_files as usize).collect();
            let paths: Vec<Arc<Path>> = mine
                .iter()
                .map(|e| Arc::from(folder.join(e.path).as_path()))
                .collect();
            let lazy = Arc::new(LazyChunk {
                entry: *chunk,
                pending: Mutex::new(Some((Arc::clone(&source), paths.clone()))),
                files: OnceLock::new(),
            });
            for (i, (entry, path)) in mine.iter().zip(paths).enumerate() {
                let summary = FileSummary::cached(
                    Arc::clone(&lazy),
                    i as u32,
                    entry.n_cables,
                    entry.text_bytes,
                    entry.stamp,
                );
                self.files.push((path, Arc::new(summary)));
            }
            self.chunks.push(lazy);
        }
        if index_len > 0 {
            self.stored.push(StoredIndex {
                source,
                offset: index_at,
                tables_len,
                mentions_len,
                read: Mutex::new(None),
            });
        }
        self.n_folders += 1;
        Ok(())
    }
}

/// The bytes after a file's magic and format number, checked against
/// `magic` and `format`; `what` names the kind of file in the error.
pub(super) fn after_magic<'b>(
    bytes: &'b [u8],
    magic: &[u8; 8],
    format: u32,
    what: &str,
) -> Result<&'b [u8], String> {
    let rest = bytes
        .strip_prefix(magic)
        .ok_or_else(|| format!("not a cable-ls {what}"))?;
    let (found, rest) = rest.split_at_checked(4).ok_or("truncated")?;
    let found = u32::from_le_bytes(found.try_into().map_err(|_| "truncated")?);
    if found != format {
        return Err(format!("format {found}, expected {format}"));
    }
    Ok(rest)
}

/// Checks magic, format and build; returns where the records start.
fn check_header(bytes: &[u8]) -> Result<u64, String> {
    let rest = after_magic(bytes, MAGIC, FORMAT, "index cache")?;
    let (version, rest): (String, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| format!("corrupt header: {e}"))?;
    if version != BUILD {
        return Err(format!("written by cable-ls {version}, this is {BUILD}"));
    }
    Ok((bytes.len() - rest.len()) as u64)
}

/// `len` bytes of `file` from `offset`. The buffer is sized once, up to
/// what the file holds there: grown by doubling, the tens of megabytes of
/// an archive's tables were copied and their pages zeroed several times.
fn read_at(file: &mut std::fs::File, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(len.min(size.saturating_sub(offset)) as usize);
    file.take(len)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 != len {
        return Err("truncated".into());
    }
    Ok(bytes)
}

/// File records per chunk of the cache (one in tests, so that the
/// two-file round trip crosses a chunk boundary).
const CHUNK_FILES: usize = if cfg!(test) { 1 } else { 2048 };

/// A writer that counts what went through it.
struct Counted<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the cache of `folder` from the summaries of its files (those
/// read from disk, with a stamp), chunk by chunk, and `index` beside them
/// if it was built from exactly those summaries. Written to a temporary
/// file and renamed, so a reader never sees half a cache.
///
/// The file: magic, format, build; the chunks of records (each file's
/// cables); the stored index; the tables of files and chunks; the table of
/// symbol texts; the offsets of the two tables (8 bytes each). The symbol
/// table comes last so that the records can be written as they are
/// encoded, never all held in memory at once.
pub fn save<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a Path, &'a FileSummary)>,
    index: Option<&WorkspaceIndex>,
) -> std::io::Result<PathBuf> {
    save_then_index(folder, files, || index)
}

/// [`save`], asking for the index only once the records are written: the
/// command line builds the index meanwhile, on another core, rather than
/// write the records after it.
pub fn save_then_index<'a, 'i>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a Path, &'a FileSummary)>,
    index: impl FnOnce() -> Option<&'i WorkspaceIndex>,
) -> std::io::Result<PathBuf> {
    let file = cache_file(folder)
        .ok_or_else(|| std::io::Error::other("no cache folder outside the workspace"))?;
    let mut records: Vec<(&str, FileStamp, &FileSummary)> = files
        .into_iter()
        .filter_map(|(path, summary)| {
            let relative = path.strip_prefix(folder).ok()?.to_str()?;
            Some((relative, summary.stamp?, summary))
        })
        .collect();
    // In the order the reader looks paths up in, whatever order they came.
    records.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("index.{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut out = Counted {
            inner: std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?),
            n: 0,
        };
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        let io = std::io::Error::other;
        postcard::to_io(BUILD, &mut out).map_err(io)?;
        let (result, table) = write_with_table(|| -> std::io::Result<u64> {
            let mut chunks = Vec::new();
            let mut buffer = Vec::new();
            for chunk in records.chunks(CHUNK_FILES) {
                buffer.clear();
                for &(_, _, summary) in chunk {
                    let cables: Vec<CableOut> = summary
                        .cables()
                        .iter()
                        .map(|c| CableOut {
                            start: c.start as u64,
                            start_line: c.start_line,
                            summary: &c.summary,
                        })
                        .collect();
                    buffer = postcard::to_extend(&cables, buffer).map_err(io)?;
                }
                chunks.push(ChunkEntry {
                    offset: out.n,
                    len: buffer.len() as u64,
                    n_files: chunk.len() as u32,
                });
                out.write_all(&buffer)?;
            }
            let index = index().filter(|index| index.was_built_from(folder, &records));
            let index_at = out.n;
            let mut mentions_at = index_at;
            if let Some(index) = index {
                index.write_stored(&mut out).map_err(io)?;
                mentions_at = out.n;
                out.write_all(&index.stored_mentions())?;
            }
            let tables = Tables {
                files: records
                    .iter()
                    .map(|&(path, stamp, summary)| FileEntry {
                        path,
                        stamp,
                        n_cables: summary.n_cables() as u32,
                        text_bytes: summary.text_bytes(),
                    })
                    .collect(),
                chunks,
                index: (index_at, mentions_at - index_at, out.n - mentions_at),
            };
            let tables_at = out.n;
            postcard::to_io(&tables, &mut out).map_err(io)?;
            Ok(tables_at)
        });
        let tables_at = result?;
        let symbols_at = out.n;
        let texts: Vec<&str> = table.iter().map(|s| s.as_str()).collect();
        postcard::to_io(&texts, &mut out).map_err(io)?;
        out.write_all(&tables_at.to_le_bytes())?;
        out.write_all(&symbols_at.to_le_bytes())?;
        let file = out.inner.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, &file)?;
    Ok(file)
}

/// The cache file of a workspace folder, or `None` when the cache
/// directory is unknown or would lie inside the folder.
pub fn cache_file(folder: &Path) -> Option<PathBuf> {
    let base = cache_root()?;
    if base.starts_with(folder) {
        return None;
    }
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    Some(
        base.join(format!(
            "{name}-{:016x}",
            // A stable hash of the folder's path names its cache.
            fnv1a(folder.as_os_str().as_encoded_bytes())
        ))
        .join("index.bin"),
    )
}

/// Where the folder listing of `folder`'s last walk is kept (see
/// [`super::folder_listing`]): beside its index cache.
fn listing_file(folder: &Path) -> Option<PathBuf> {
    Some(cache_file(folder)?.with_file_name("folders.bin"))
}

/// The folder listing kept for `folder`; none if there is none, or it is
/// foreign or damaged (then removed, with a log line).
pub fn load_listing(folder: &Path) -> Option<FolderListing> {
    let file = listing_file(folder)?;
    let bytes = std::fs::read(&file).ok()?;
    FolderListing::decode(&bytes)
        .inspect_err(|why| {
            tracing::warn!("folder listing {} discarded: {why}", file.display());
            let _ = std::fs::remove_file(&file);
        })
        .ok()
}

/// Keeps `listing` as `folder`'s (written beside and renamed over the
/// last one, so a reader never sees half of one).
pub fn save_listing(folder: &Path, listing: &FolderListing) -> std::io::Result<()> {
    let file = listing_file(folder)
        .ok_or_else(|| std::io::Error::other("no cache folder outside the workspace"))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let bytes = listing.encode().map_err(std::io::Error::other)?;
    let tmp = dir.join(format!("folders.{}.tmp", std::process::id()));
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, &file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn cache_root() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = from("CABLE_LS_CACHE_DIR") {
        return Some(dir);
    }
    let base = from("XDG_CACHE_HOME").or_else(|| from("HOME").map(|h| h.join(".cache")))?;
    Some(base.join("cable-ls"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::index::CableRef;
    use crate::model::workspace::index_file_cached;

    /// A folder with two cables and a private cache folder.
    fn setup(name: &str) -> (PathBuf, PathBuf) {
        let root =
            std::env::temp_dir().join(format!("cable-ls-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let folder = root.join("ws");
        std::fs::create_dir_all(&folder).unwrap();
        let seed = include_str!("../../examples/000_2fe200cbb93dc52e.txt");
        std::fs::write(folder.join("a.txt"), seed).unwrap();
        std::fs::write(folder.join("b.txt"), seed.replace("D'Alema", "Prodi")).unwrap();
        (folder, root.join("cache"))
    }

    /// The summaries of the folder's two files, and their index.
    fn summarise(folder: &Path) -> (Vec<PathBuf>, Vec<Arc<FileSummary>>, WorkspaceIndex) {
        let files: Vec<PathBuf> = vec![folder.join("a.txt"), folder.join("b.txt")];
        let summaries: Vec<Arc<FileSummary>> = files
            .iter()
            .map(|p| index_file_cached(p, None, u64::MAX, None).unwrap())
            .collect();
        let index = WorkspaceIndex::build(
            files
                .iter()
                .zip(&summaries)
                .map(|(p, s)| (Arc::from(p.as_path()), Arc::clone(s), false))
                .collect(),
        );
        (files, summaries, index)
    }

    fn cables(s: &FileSummary) -> Vec<(usize, u32, CableSummary)> {
        s.cables()
            .iter()
            .map(|c| (c.start, c.start_line, (*c.summary).clone()))
            .collect()
    }

    /// What the index answers about people, to compare two indexes.
    fn people_answers(index: &WorkspaceIndex) -> Vec<(String, Vec<(CableRef, u32)>)> {
        (0..index.people.persons.len())
            .map(|p| {
                (
                    index.people.persons[p].name.clone(),
                    index.mention_refs(p).to_vec(),
                )
            })
            .collect()
    }

    #[test]
    fn summaries_round_trip_and_changed_files_miss() {
        let (folder, cache_dir) = setup("round-trip");
        let (files, summaries, _) = summarise(&folder);
        let file = {
            // The environment is read at the call; tests in this module
            // each use their own folder, so they do not race on it.
            let _guard = EnvVar::set("CABLE_LS_CACHE_DIR", &cache_dir);
            let file = save(
                &folder,
                files
                    .iter()
                    .map(PathBuf::as_path)
                    .zip(summaries.iter().map(Arc::as_ref)),
                None,
            )
            .unwrap();
            let cache = IndexCache::load(std::slice::from_ref(&folder));
            assert_eq!(cache.len(), 2);
            // Loading decodes no record; counting a file's cables neither.
            assert_eq!(cache.chunks.len(), 2);
            assert!(cache.chunks.iter().all(|c| !c.is_decoded()));
            assert_eq!(cache.files[0].1.n_cables(), 1);
            assert_eq!(cache.files[0].1.text_bytes(), summaries[0].text_bytes());
            assert!(!cache.chunks[0].is_decoded());
            for (path, summary) in files.iter().zip(&summaries) {
                let again = index_file_cached(path, None, u64::MAX, Some(&cache)).unwrap();
                assert!(again.cached && !summary.cached);
                assert_eq!(again.stamp, summary.stamp);
                assert_eq!(cables(&again), cables(summary));
                // Served from the cache: the very same summaries.
                assert!(Arc::ptr_eq(
                    &again.cables()[0].summary,
                    &cache.get(path, summary.stamp.unwrap()).unwrap().cables()[0].summary
                ));
            }
            assert!(cache.chunks.iter().all(|c| c.is_decoded()));
            // Without a stored index the cache is not current: the next
            // indexing writes one.
            assert!(!cache.is_current(2, 2));
            // A file whose size changed is read again.
            std::fs::write(&files[1], "SUBJECT: CHANGED\n").unwrap();
            let changed = index_file_cached(&files[1], None, u64::MAX, Some(&cache)).unwrap();
            assert_eq!(
                changed.cables()[0].summary.subject.as_deref(),
                Some("CHANGED")
            );
            assert!(!changed.cached);
            file
        };
        assert!(file.starts_with(&cache_dir), "{}", file.display());
        let _ = std::fs::remove_dir_all(folder.parent().unwrap());
    }

    #[test]
    fn the_stored_index_is_read_when_every_file_is_unchanged() {
        let (folder, cache_dir) = setup("stored-index");
        let (files, summaries, index) = summarise(&folder);
        let _guard = EnvVar::set("CABLE_LS_CACHE_DIR", &cache_dir);
        let pairs = || {
            files
                .iter()
                .map(PathBuf::as_path)
                .zip(summaries.iter().map(Arc::as_ref))
        };
        // An index of other summaries (one file open) is not stored.
        let mut open_files = index.files.clone();
        open_files[1].open = true;
        let other = WorkspaceIndex::build(
            open_files
                .iter()
                .map(|f| (Arc::clone(&f.path), Arc::clone(&f.summary), f.open))
                .collect(),
        );
        // The index may be handed over once the records are written.
        let mut asked = false;
        save_then_index(&folder, pairs(), || {
            asked = true;
            Some(&index)
        })
        .unwrap();
        assert!(asked);
        assert!(IndexCache::load(std::slice::from_ref(&folder)).is_current(2, 2));
        save(&folder, pairs(), Some(&other)).unwrap();
        let cache = IndexCache::load(std::slice::from_ref(&folder));
        assert!(cache.stored.is_empty());
        save(&folder, pairs(), Some(&index)).unwrap();
        let cache = IndexCache::load(std::slice::from_ref(&folder));
        assert!(cache.is_current(2, 2));
        let from_cache = |open: bool| -> Vec<(Arc<Path>, Arc<FileSummary>, bool)> {
            files
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let summary = index_file_cached(p, None, u64::MAX, Some(&cache)).unwrap();
                    (Arc::from(p.as_path()), summary, open && i == 1)
                })
                .collect()
        };
        let stored = cache
            .stored_index(&from_cache(false), &PeopleOverrides::default())
            .expect("the stored index");
        // Read, not built: no summary was decoded for it.
        assert!(cache.chunks.iter().all(|c| !c.is_decoded()));
        assert_eq!(people_answers(&stored), people_answers(&index));
        assert!(!people_answers(&index).is_empty());
        assert_eq!(stored.n_mentions(), index.n_mentions());
        assert_eq!(stored.n_citation_edges(), index.n_citation_edges());
        assert_eq!(stored.n_cables(), 2);
        let words = ["kosovo".to_string()];
        assert_eq!(
            stored.search_cables(&words).collect::<Vec<_>>(),
            index.search_cables(&words).collect::<Vec<_>>()
        );
        // Its mentions are found in the summaries decoded on demand.
        let p = stored.people.persons.len() - 1;
        let shown = |i: &WorkspaceIndex| {
            i.mentions_of(p)
                .into_iter()
                .map(|(c, m, l)| (c, *m, l))
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&stored), shown(&index));
        // Other people settings, an open file, other summaries: built.
        let merged = PeopleOverrides {
            aliases: vec![vec!["Prodi".into(), "D'Alema".into()]],
            distinct: vec![],
        };
        assert!(cache.stored_index(&from_cache(false), &merged).is_none());
        assert!(cache
            .stored_index(&from_cache(true), &PeopleOverrides::default())
            .is_none());
        let reread: Vec<_> = summaries
            .iter()
            .zip(&files)
            .map(|(s, p)| (Arc::from(p.as_path()), Arc::clone(s), false))
            .collect();
        assert!(cache
            .stored_index(&reread, &PeopleOverrides::default())
            .is_none());
        let built = cache.index_of(reread, &PeopleOverrides::default(), 2);
        assert_eq!(people_answers(&built), people_answers(&index));
        let _ = std::fs::remove_dir_all(folder.parent().unwrap());
    }

    /// Reads `bytes` as a folder's cache file.
    fn read_bytes(name: &str, bytes: &[u8]) -> Result<IndexCache, String> {
        let path = std::env::temp_dir().join(format!("cable-ls-{name}-{}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let mut cache = IndexCache::default();
        let file = std::fs::File::open(&path).unwrap();
        let result = cache.read_folder(Path::new("/nowhere"), &path, file);
        let _ = std::fs::remove_file(&path);
        result.map(|()| cache)
    }

    #[test]
    fn foreign_or_corrupt_caches_are_discarded() {
        let read = |bytes: &[u8]| read_bytes("corrupt", bytes).map(|_| ()).unwrap_err();
        assert_eq!(read(b"garbage"), "not a cable-ls index cache");
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&99u32.to_le_bytes());
        assert_eq!(read(&bytes), format!("format 99, expected {FORMAT}"));
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend(postcard::to_stdvec("0.0.0-other").unwrap());
        assert!(read(&bytes).starts_with("written by cable-ls 0.0.0-other"));
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&FORMAT.to_le_bytes());
        header.extend(postcard::to_stdvec(BUILD).unwrap());
        let mut bytes = MAGIC.to_vec();
        bytes.extend([5, 1]);
        assert_eq!(read(&bytes), "truncated");
        let mut bytes = header.clone();
        bytes.extend([5, 1, 2]);
        assert_eq!(read(&bytes), "corrupt: table offsets");
        // Offsets past the end, or in the wrong order.
        let with_trailer = |tables_at: u64, symbols_at: u64, body: &[u8]| {
            let mut bytes = header.clone();
            bytes.extend(body);
            bytes.extend(tables_at.to_le_bytes());
            bytes.extend(symbols_at.to_le_bytes());
            bytes
        };
        assert_eq!(read(&with_trailer(999, 999, &[])), "corrupt: table offsets");
        let at = header.len() as u64;
        assert_eq!(
            read(&with_trailer(at + 1, at, &[0])),
            "corrupt: table offsets"
        );
        // Tables whose chunks do not fill the records, or lie about them.
        let tables = |files: Vec<FileEntry>, chunks: Vec<ChunkEntry>, index: (u64, u64, u64)| {
            let mut body = vec![7u8; 10];
            let tables_at = at + body.len() as u64;
            body.extend(
                postcard::to_stdvec(&Tables {
                    files,
                    chunks,
                    index,
                })
                .unwrap(),
            );
            let symbols_at = at + body.len() as u64;
            body.extend(postcard::to_stdvec(&Vec::<&str>::new()).unwrap());
            with_trailer(tables_at, symbols_at, &body)
        };
        let entry = || FileEntry {
            path: "a.txt",
            stamp: FileStamp {
                size: 1,
                mtime_ns: 1,
            },
            n_cables: 1,
            text_bytes: 1,
        };
        let chunk = |offset: u64, len: u64, n_files: u32| ChunkEntry {
            offset,
            len,
            n_files,
        };
        assert!(read_bytes(
            "good",
            &tables(vec![entry()], vec![chunk(at, 10, 1)], (at + 10, 0, 0))
        )
        .is_ok());
        // A chunk past the records, counting more files than listed, or
        // short of the records' end; an index past the tables.
        for (chunk, index, error) in [
            (chunk(at, u64::MAX, 1), (at + 10, 0, 0), "corrupt: chunks"),
            (chunk(at, 10, 9), (at + 10, 0, 0), "corrupt: chunks"),
            (chunk(at, 4, 1), (at + 10, 0, 0), "corrupt: chunks"),
            (
                chunk(at, 10, 1),
                (at + 10, u64::MAX, 0),
                "corrupt: index offset",
            ),
        ] {
            assert_eq!(read(&tables(vec![entry()], vec![chunk], index)), error);
        }
        assert!(read(&with_trailer(at, at + 3, &[1, 2, 3, 0])).starts_with("corrupt tables"));
    }

    /// The cache of `files` with their `summaries` and `index`, saved; its
    /// file.
    fn save_all(
        folder: &Path,
        files: &[PathBuf],
        summaries: &[Arc<FileSummary>],
        index: &WorkspaceIndex,
    ) -> PathBuf {
        let pairs = files
            .iter()
            .map(PathBuf::as_path)
            .zip(summaries.iter().map(Arc::as_ref));
        save(folder, pairs, Some(index)).unwrap()
    }

    #[test]
    fn corrupt_records_are_found_when_decoded_and_their_files_read_again() {
        let (folder, cache_dir) = setup("corrupt-records");
        let (files, summaries, index) = summarise(&folder);
        let _guard = EnvVar::set("CABLE_LS_CACHE_DIR", &cache_dir);
        let file = save_all(&folder, &files, &summaries, &index);
        // The first record's bytes overwritten: its chunk (one file in
        // tests) no longer decodes.
        let mut bytes = std::fs::read(&file).unwrap();
        let records_start = check_header(&bytes).unwrap() as usize;
        bytes[records_start..records_start + 8].fill(0xff);
        std::fs::write(&file, &bytes).unwrap();
        let cache = IndexCache::load(std::slice::from_ref(&folder));
        assert_eq!(cache.len(), 2);
        let first = cache.get(&files[0], summaries[0].stamp.unwrap()).unwrap();
        // Read again from the file, and the cache discarded.
        assert_eq!(cables(&first), cables(&summaries[0]));
        assert!(!file.exists());
        let _ = std::fs::remove_dir_all(folder.parent().unwrap());
    }

    #[test]
    fn files_are_found_in_any_order_and_only_at_their_stamp() {
        let (folder, cache_dir) = setup("lookup-order");
        let (files, summaries, index) = summarise(&folder);
        let _guard = EnvVar::set("CABLE_LS_CACHE_DIR", &cache_dir);
        save_all(&folder, &files, &summaries, &index);
        let cache = IndexCache::load(std::slice::from_ref(&folder));
        let stamp = |i: usize| summaries[i].stamp.unwrap();
        // Which of the cache's files the answer is.
        let found = |path: &Path, stamp: FileStamp| {
            let got = cache.get(path, stamp)?;
            cache.files.iter().position(|(_, s)| Arc::ptr_eq(s, &got))
        };
        assert_eq!(cache.files.len(), 2);
        // In order, backwards, the same file twice, a file not cached, a
        // stale stamp: each answer is the file's own.
        for i in [0, 1, 1, 0, 1] {
            assert_eq!(found(&files[i], stamp(i)), Some(i), "{i}");
        }
        assert_eq!(found(&folder.join("elsewhere.txt"), stamp(0)), None);
        let stale = FileStamp {
            size: stamp(1).size + 1,
            ..stamp(1)
        };
        assert_eq!(found(&files[1], stale), None);
        assert_eq!(found(&files[0], stamp(0)), Some(0));
        let _ = std::fs::remove_dir_all(folder.parent().unwrap());
    }

    #[test]
    fn the_cache_is_never_inside_the_workspace() {
        let _guard = EnvVar::set("CABLE_LS_CACHE_DIR", Path::new("/work/ws/.cache"));
        assert_eq!(cache_file(Path::new("/work/ws")), None);
        let file = cache_file(Path::new("/data/cables")).unwrap();
        let shown = file.display().to_string();
        assert!(shown.starts_with("/work/ws/.cache/cables-"), "{shown}");
        assert!(file.ends_with("index.bin"));
    }

    /// Sets an environment variable for the guard's life. The tests that
    /// use it run one at a time through this lock.
    struct EnvVar {
        name: &'static str,
        _lock: std::sync::MutexGuard<'static, ()>,
    }

    static ENV_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

    impl EnvVar {
        fn set(name: &'static str, value: &Path) -> EnvVar {
            let lock = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
            std::env::set_var(name, value);
            EnvVar { name, _lock: lock }
        }
    }

    impl Drop for EnvVar {
        fn drop(&mut self) {
            std::env::remove_var(self.name);
        }
    }
}
