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

use super::intern::{read_with_table, write_with_table, Sym};
use super::summary::CableSummary;
use super::workspace::{path_order, FileCable, FileStamp, FileSummary};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"CABLELS\0";
/// Bumped when the record layout changes. 4: the texts of symbols (names,
/// keys, titles of mentions) in one table after the records, which name
/// them by number; records in chunks decoded in parallel. 5: a cable's
/// mentions and ranges as one block of `mention_codec` bytes.
const FORMAT: u32 = 5;
/// The build that wrote a cache: version and a fingerprint of the sources
/// (`build.rs`), so summaries from another parser or people engine are
/// never trusted.
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("CABLE_LS_SOURCE_HASH"));

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    stamp: FileStamp,
    cables: Vec<CableOut<'a>>,
}

#[derive(Serialize)]
struct CableOut<'a> {
    start: u64,
    start_line: u32,
    summary: &'a CableSummary,
}

#[derive(Debug, Deserialize)]
struct FileIn {
    path: String,
    stamp: FileStamp,
    cables: Vec<CableIn>,
}

#[derive(Debug, Deserialize)]
struct CableIn {
    start: u64,
    start_line: u32,
    summary: CableSummary,
}

/// The summaries read back from folders' caches, sorted by absolute path
/// ([`path_order`]): the caches are written in that order, so loading
/// sorts nothing, and a lookup is a binary search with no table to build
/// or hash a quarter of a million paths into.
#[derive(Debug, Default)]
pub struct IndexCache {
    files: Vec<(PathBuf, FileStamp, Arc<FileSummary>)>,
}

impl IndexCache {
    /// The cached summary of `path` if it was made at `stamp`.
    pub fn get(&self, path: &Path, stamp: FileStamp) -> Option<Arc<FileSummary>> {
        let i = self
            .files
            .binary_search_by(|(p, _, _)| path_order(p, path))
            .ok()?;
        let (_, cached, summary) = &self.files[i];
        (*cached == stamp).then(|| Arc::clone(summary))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether writing the cache again would change nothing: each of the
    /// `n_indexed` files indexed came from it (`n_from_cache`), and it
    /// holds no file that is gone.
    pub fn is_current(&self, n_indexed: usize, n_from_cache: usize) -> bool {
        n_from_cache == n_indexed && self.len() == n_indexed
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads the caches of `folders`; a missing cache is empty, a bad one
    /// is discarded with a log line.
    pub fn load(folders: &[PathBuf]) -> IndexCache {
        let mut cache = IndexCache::default();
        for folder in folders {
            let Some(file) = cache_file(folder) else {
                continue;
            };
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            match decode(&bytes) {
                Ok(records) => {
                    cache.files.extend(records.into_iter().map(|r| {
                        let cables = r
                            .cables
                            .into_iter()
                            .map(|c| FileCable {
                                start: c.start as usize,
                                start_line: c.start_line,
                                summary: Arc::new(c.summary),
                            })
                            .collect();
                        let summary = FileSummary {
                            cables,
                            stamp: Some(r.stamp),
                            cached: true,
                        };
                        (folder.join(&r.path), r.stamp, Arc::new(summary))
                    }));
                }
                Err(why) => {
                    tracing::warn!("index cache {} discarded: {why}", file.display());
                    let _ = std::fs::remove_file(&file);
                }
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
        cache
    }
}

/// The file: magic, format, build; the number of chunks (8 bytes, little
/// endian) and the chunks, each its length (8 bytes) then the number of
/// its file records and the records; the table of symbol texts; the
/// table's offset (8 bytes). The table comes last so that the records can
/// be written as they are encoded, never all held in memory at once; the
/// chunks let the records be decoded on several threads.
fn decode(bytes: &[u8]) -> Result<Vec<FileIn>, String> {
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or("not a cable-ls index cache")?;
    let (format, rest) = rest.split_at_checked(4).ok_or("truncated")?;
    let format = u32::from_le_bytes(format.try_into().map_err(|_| "truncated")?);
    if format != FORMAT {
        return Err(format!("format {format}, expected {FORMAT}"));
    }
    let (version, rest): (String, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| format!("corrupt header: {e}"))?;
    if version != BUILD {
        return Err(format!("written by cable-ls {version}, this is {BUILD}"));
    }
    let (body, offset) = rest
        .split_at_checked(rest.len().saturating_sub(8))
        .ok_or("truncated")?;
    let offset = u64::from_le_bytes(offset.try_into().map_err(|_| "truncated")?);
    let table_start = usize::try_from(offset)
        .ok()
        .and_then(|o| o.checked_sub(bytes.len() - rest.len()))
        .filter(|&o| o <= body.len())
        .ok_or("corrupt: symbol table offset")?;
    let (records, table) = body.split_at(table_start);
    let (texts, _): (Vec<&str>, &[u8]) =
        postcard::take_from_bytes(table).map_err(|e| format!("corrupt symbol table: {e}"))?;
    let table: Arc<[Sym]> = texts.into_iter().map(Sym::new).collect();
    let chunks = split_chunks(records).ok_or("corrupt: chunks")?;
    let decode_chunk = |chunk: &[u8]| {
        read_with_table(Arc::clone(&table), || {
            let (n, mut rest): (u64, &[u8]) = postcard::take_from_bytes(chunk)?;
            // Each record is at least a few bytes: a count past that is a
            // lie, not a reason to reserve memory.
            let mut out = Vec::with_capacity((n as usize).min(rest.len()));
            for _ in 0..n {
                let (record, after): (FileIn, &[u8]) = postcard::take_from_bytes(rest)?;
                out.push(record);
                rest = after;
            }
            Ok(out)
        })
        .map_err(|e: postcard::Error| format!("corrupt: {e}"))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = Vec::new();
    for part in super::parallel::map(&chunks, threads, |chunk| decode_chunk(chunk)) {
        out.extend(part.ok_or("corrupt: decoding failed")??);
    }
    Ok(out)
}

/// The chunks of the record section: a count, then each chunk's length
/// and bytes.
fn split_chunks(mut bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let take_u64 = |bytes: &mut &[u8]| -> Option<u64> {
        let (n, rest) = bytes.split_at_checked(8)?;
        *bytes = rest;
        Some(u64::from_le_bytes(n.try_into().ok()?))
    };
    let n = take_u64(&mut bytes)?;
    let mut out = Vec::with_capacity((n as usize).min(bytes.len() / 8));
    for _ in 0..n {
        let len = usize::try_from(take_u64(&mut bytes)?).ok()?;
        let (chunk, rest) = bytes.split_at_checked(len)?;
        out.push(chunk);
        bytes = rest;
    }
    bytes.is_empty().then_some(out)
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
/// read from disk, with a stamp), record by record. Written to a temporary
/// file and renamed, so a reader never sees half a cache.
pub fn save<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a Path, &'a FileSummary)>,
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
        let (result, table) = write_with_table(|| -> std::io::Result<()> {
            let chunks = records.chunks(CHUNK_FILES);
            out.write_all(&(chunks.len() as u64).to_le_bytes())?;
            let mut buffer = Vec::new();
            for chunk in chunks {
                buffer.clear();
                buffer = postcard::to_extend(&(chunk.len() as u64), buffer).map_err(io)?;
                for &(path, stamp, summary) in chunk {
                    let record = FileOut {
                        path,
                        stamp,
                        cables: summary
                            .cables
                            .iter()
                            .map(|c| CableOut {
                                start: c.start as u64,
                                start_line: c.start_line,
                                summary: &c.summary,
                            })
                            .collect(),
                    };
                    buffer = postcard::to_extend(&record, buffer).map_err(io)?;
                }
                out.write_all(&(buffer.len() as u64).to_le_bytes())?;
                out.write_all(&buffer)?;
            }
            Ok(())
        });
        result?;
        let offset = out.n;
        let texts: Vec<&str> = table.iter().map(|s| s.as_str()).collect();
        postcard::to_io(&texts, &mut out).map_err(io)?;
        out.write_all(&offset.to_le_bytes())?;
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
            fnv1a(folder.as_os_str().as_encoded_bytes())
        ))
        .join("index.bin"),
    )
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

/// A stable hash of the folder's path (FNV-1a), naming its cache.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn summaries_round_trip_and_changed_files_miss() {
        let (folder, cache_dir) = setup("round-trip");
        let files: Vec<PathBuf> = vec![folder.join("a.txt"), folder.join("b.txt")];
        let summaries: Vec<Arc<FileSummary>> = files
            .iter()
            .map(|p| index_file_cached(p, None, u64::MAX, None).unwrap())
            .collect();
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
            )
            .unwrap();
            let cache = IndexCache::load(std::slice::from_ref(&folder));
            assert_eq!(cache.len(), 2);
            for (path, summary) in files.iter().zip(&summaries) {
                let again = index_file_cached(path, None, u64::MAX, Some(&cache)).unwrap();
                assert!(again.cached && !summary.cached);
                assert_eq!(again.stamp, summary.stamp);
                let cables = |s: &FileSummary| {
                    s.cables
                        .iter()
                        .map(|c| (c.start, c.start_line, (*c.summary).clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(cables(&again), cables(summary));
                // Served from the cache: the very same summaries.
                assert!(Arc::ptr_eq(
                    &again.cables[0].summary,
                    &cache.get(path, summary.stamp.unwrap()).unwrap().cables[0].summary
                ));
            }
            // A file whose size changed is read again.
            std::fs::write(&files[1], "SUBJECT: CHANGED\n").unwrap();
            let changed = index_file_cached(&files[1], None, u64::MAX, Some(&cache)).unwrap();
            assert_eq!(
                changed.cables[0].summary.subject.as_deref(),
                Some("CHANGED")
            );
            assert!(!changed.cached);
            file
        };
        assert!(file.starts_with(&cache_dir), "{}", file.display());
        let _ = std::fs::remove_dir_all(folder.parent().unwrap());
    }

    #[test]
    fn foreign_or_corrupt_caches_are_discarded() {
        assert_eq!(
            decode(b"garbage").unwrap_err(),
            "not a cable-ls index cache"
        );
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&99u32.to_le_bytes());
        assert_eq!(
            decode(&bytes).unwrap_err(),
            format!("format 99, expected {FORMAT}")
        );
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend(postcard::to_stdvec("0.0.0-other").unwrap());
        assert!(decode(&bytes)
            .unwrap_err()
            .starts_with("written by cable-ls 0.0.0-other"));
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend(postcard::to_stdvec(BUILD).unwrap());
        let header = bytes.clone();
        bytes.extend([5, 1, 2]);
        assert!(decode(&bytes).unwrap_err().starts_with("truncated"));
        bytes.extend(999u64.to_le_bytes());
        assert_eq!(decode(&bytes).unwrap_err(), "corrupt: symbol table offset");
        // Records naming symbols the table does not hold: a whole table
        // written, then cut to its first text.
        let summary = FileSummary::of_text(include_str!("../../examples/000_2fe200cbb93dc52e.txt"));
        let record = FileOut {
            path: "a.txt",
            stamp: FileStamp {
                size: 1,
                mtime_ns: 1,
            },
            cables: summary
                .cables
                .iter()
                .map(|c| CableOut {
                    start: 0,
                    start_line: 0,
                    summary: &c.summary,
                })
                .collect(),
        };
        let (records, table) = write_with_table(|| {
            let mut chunk = postcard::to_stdvec(&1u64).unwrap();
            chunk.extend(postcard::to_stdvec(&record).unwrap());
            let mut out = 1u64.to_le_bytes().to_vec();
            out.extend((chunk.len() as u64).to_le_bytes());
            out.extend(chunk);
            out
        });
        assert!(table.len() > 2, "names, keys and titles: {table:?}");
        let with_table = |texts: &[Sym]| {
            let texts: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
            let mut bytes = header.clone();
            bytes.extend(&records);
            let offset = bytes.len() as u64;
            bytes.extend(postcard::to_stdvec(&texts).unwrap());
            bytes.extend(offset.to_le_bytes());
            bytes
        };
        let err = decode(&with_table(&table[..1])).unwrap_err();
        // (postcard keeps no custom message: "Serde Deserialization Error".)
        assert!(err.starts_with("corrupt: "), "{err}");
        // With the whole table, the record reads back.
        let back = decode(&with_table(&table)).unwrap();
        assert_eq!(back[0].cables.len(), 1);
        assert_eq!(back[0].cables[0].summary, *summary.cables[0].summary);
        // A count of records past what the bytes hold.
        let mut lying = header.clone();
        let chunk = postcard::to_stdvec(&u64::MAX).unwrap();
        lying.extend(1u64.to_le_bytes());
        lying.extend((chunk.len() as u64).to_le_bytes());
        lying.extend(chunk);
        let offset = lying.len() as u64;
        lying.extend(postcard::to_stdvec(&Vec::<&str>::new()).unwrap());
        lying.extend(offset.to_le_bytes());
        assert!(decode(&lying).unwrap_err().starts_with("corrupt: "));
        // A chunk longer than the bytes.
        let mut long = header.clone();
        long.extend(1u64.to_le_bytes());
        long.extend(u64::MAX.to_le_bytes());
        let offset = long.len() as u64;
        long.extend(postcard::to_stdvec(&Vec::<&str>::new()).unwrap());
        long.extend(offset.to_le_bytes());
        assert_eq!(decode(&long).unwrap_err(), "corrupt: chunks");
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
