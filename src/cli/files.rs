//! Finding and reading the files a command names. Folders are walked
//! recursively as the language server walks a workspace folder: with the
//! folder's `.cable-ls.toml` settings (`include`, `exclude`,
//! `maxFileBytes`), hidden folders and symbolic links to folders skipped
//! (so a link loop cannot trap the walk), links to files followed only
//! when they lead inside the folder, and a found file taken when its
//! content is a cable's. A file is read as UTF-8 or reported clearly. The
//! files are read and analysed on a few worker threads, their results
//! handed back in the order of the paths, so that output does not depend
//! on the threads.

use crate::model::config::{read_config_file, Config, ConfigPatch, FileFilter};
use crate::model::parallel;
use crate::model::walk::{leads_inside, walks_into};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A problem with one path; the other paths are still processed.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

/// The settings of a folder named on the command line, from its
/// `.cable-ls.toml` (the defaults when it has none or a broken one).
#[derive(Debug)]
pub struct Folder {
    /// The settings file's keys, for settings merged over several folders.
    pub patch: ConfigPatch,
    /// The defaults with `patch` over them.
    pub config: Config,
}

/// A file a command may read: one named on the command line is always
/// read whole; one found in a folder (`folder`, an index into
/// [`Candidates::folders`]) within the folder's size bound, and only
/// analysed as a cable when its content is a cable's.
#[derive(Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub folder: Option<usize>,
}

impl Candidate {
    /// Whether the file was found in a folder rather than named.
    pub fn found(&self) -> bool {
        self.folder.is_some()
    }
}

/// The files to consider and the folders they were found in.
#[derive(Debug, Default)]
pub struct Candidates {
    pub files: Vec<Candidate>,
    pub folders: Vec<Folder>,
}

impl Candidates {
    /// The settings `file` is read and analysed with: its folder's, or the
    /// defaults for a file named on the command line.
    pub fn config_of(&self, file: &Candidate) -> Option<&Config> {
        self.folders.get(file.folder?).map(|f| &f.config)
    }
}

/// Expands `paths` into the files to consider: files as given, folders
/// walked (sorted) with their settings. Whether a found file is a cable is
/// decided when it is read. A broken settings file is reported, and its
/// folder walked with the defaults.
pub fn candidates(paths: &[PathBuf], errors: &mut Vec<FileError>) -> Candidates {
    let mut out = Candidates::default();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let patch = folder_settings(p, errors);
                let mut config = Config::default();
                config.apply(&patch);
                let filter = match config.file_filter() {
                    Ok(filter) => Some(filter),
                    Err(e) => {
                        errors.push(FileError {
                            path: p.join(crate::model::config::CONFIG_FILE),
                            message: e.to_string(),
                        });
                        Config::default().file_filter().ok()
                    }
                };
                let Some(filter) = filter else { continue };
                let real_root = fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                let walk = Walk {
                    root: p,
                    real_root: &real_root,
                    filter: &filter,
                    folder: out.folders.len(),
                };
                walk.folder(p, &mut out.files, errors);
                out.folders.push(Folder { patch, config });
            }
            Ok(_) => out.files.push(Candidate {
                path: p.clone(),
                folder: None,
            }),
            Err(e) => errors.push(FileError {
                path: p.clone(),
                message: io_message(&e),
            }),
        }
    }
    out
}

/// The settings of `folder`'s `.cable-ls.toml`, none when it has none; a
/// broken one is reported and left out.
fn folder_settings(folder: &Path, errors: &mut Vec<FileError>) -> ConfigPatch {
    read_config_file(folder)
        .unwrap_or_else(|(path, message)| {
            errors.push(FileError { path, message });
            None
        })
        .unwrap_or_default()
}

/// One folder named on the command line being walked.
struct Walk<'a> {
    root: &'a Path,
    real_root: &'a Path,
    filter: &'a FileFilter,
    folder: usize,
}

impl Walk<'_> {
    /// Lists `dir` and its subfolders into `out`, entries sorted, with the
    /// language server's rules (`walk.rs`); a folder that cannot be listed
    /// is reported.
    fn folder(&self, dir: &Path, out: &mut Vec<Candidate>, errors: &mut Vec<FileError>) {
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(FileError {
                    path: dir.to_path_buf(),
                    message: io_message(&e),
                });
                return;
            }
        };
        let mut entries: Vec<(PathBuf, fs::FileType)> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, kind) in entries {
            let relative = path.strip_prefix(self.root).unwrap_or(&path);
            let Some(name) = path.file_name() else {
                continue;
            };
            if kind.is_dir() {
                if walks_into(name, relative, self.filter) {
                    self.folder(&path, out, errors);
                }
                continue;
            }
            let taken = self.filter.includes_file(relative)
                && (kind.is_file() || kind.is_symlink() && leads_inside(&path, self.real_root));
            if taken {
                out.push(Candidate {
                    path,
                    folder: Some(self.folder),
                });
            }
        }
    }
}

/// How many files a batch of [`map_cable_files`] holds. Each batch starts
/// its threads afresh, and with them the per-thread memos and buffers of
/// the people engine: batches of 256 files made `people` of an archive
/// some 6% slower than this. What a batch holds at once is its results
/// (a check's printed lines, a file's summary), not the files' texts.
const BATCH: usize = 4096;

/// Reads the files of `candidates` and runs `work` on each file's text on
/// the worker threads; `emit` gets each result in the order of the files,
/// and a file that could not be read or analysed goes to `errors`
/// instead. `work` decides from its own analysis whether a found file is
/// a cable, and gives `None` when it is not: the file is then passed over,
/// as are found files whose first bytes are no cable's and that could not
/// be read whole (too large, not UTF-8, a read failing). The files go a
/// batch at a time, so that only one batch's results are held at once.
pub fn map_cable_files<R: Send>(
    candidates: &Candidates,
    errors: &mut Vec<FileError>,
    work: impl Fn(&Candidate, &str) -> Option<R> + Sync,
    mut emit: impl FnMut(&Path, R),
) {
    let threads = parallel::cores();
    for batch in candidates.files.chunks(BATCH) {
        let results = parallel::map(batch, threads, |file| {
            let max_bytes = candidates.config_of(file).map(|c| c.max_file_bytes);
            Some(read_candidate(file, max_bytes)?.map(|text| work(file, &text)))
        });
        for (file, result) in batch.iter().zip(results) {
            let message = match result {
                Some(Some(Ok(Some(result)))) => {
                    emit(&file.path, result);
                    continue;
                }
                // A found file that is no cable.
                Some(None | Some(Ok(None))) => continue,
                Some(Some(Err(message))) => message,
                // A bug met in this file: the others are still read.
                None => "could not be analysed (internal error)".to_string(),
            };
            errors.push(FileError {
                path: file.path.clone(),
                message,
            });
        }
    }
}

/// Lists `errors` on `err` once `out` is flushed: in a terminal, where both
/// streams show, the output comes first and the problems after it.
pub fn report_errors(errors: &[FileError], out: &mut dyn Write, err: &mut dyn Write) {
    let _ = out.flush();
    for e in errors {
        let _ = writeln!(err, "cable-ls: {}: {}", e.path.display(), e.message);
    }
}

/// How much of a found file that cannot be read whole decides whether it
/// is worth a word: a cable's head shows within it.
const HEAD_BYTES: usize = 8192;

/// The text of `file`, or why it could not be read. A named file is read
/// whole. A found one (whose folder's size bound is `max_bytes`) is read
/// once, whole, the cable's decision left to its analysis; when it cannot
/// be (larger than the bound, not UTF-8, a read failing), its first
/// [`HEAD_BYTES`] decide whether that is reported (a cable's) or the file
/// passed over (`None`, as is a file that cannot be opened).
fn read_candidate(file: &Candidate, max_bytes: Option<u64>) -> Option<Result<String, String>> {
    let Some(max_bytes) = max_bytes.filter(|_| file.found()) else {
        return Some(read_text(&file.path));
    };
    let mut f = fs::File::open(&file.path).ok()?;
    let size = f.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::new();
    let too_large = || {
        format!(
            "not read: larger than {max_bytes} bytes (maxFileBytes; name the file to read it whole)"
        )
    };
    if size > max_bytes {
        let _ = (&mut f).take(HEAD_BYTES as u64).read_to_end(&mut bytes);
        return head_is_cable(&bytes).then(|| Err(too_large()));
    }
    // Sized once for the whole file, as `fs::read` does; the file may grow
    // after the size was read: never past the bound.
    let _ = bytes.try_reserve_exact(usize::try_from(size).unwrap_or(0));
    let read = f.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes);
    let failed = match read {
        Err(e) => io_message(&e),
        Ok(_) if bytes.len() as u64 > max_bytes => too_large(),
        Ok(_) => match String::from_utf8(bytes) {
            Ok(text) => return Some(Ok(text)),
            Err(e) => {
                let message = utf8_message(&e);
                bytes = e.into_bytes();
                message
            }
        },
    };
    head_is_cable(&bytes).then_some(Err(failed))
}

/// Whether the first [`HEAD_BYTES`] of `bytes`, invalid UTF-8 replaced,
/// look like a cable's head.
fn head_is_cable(bytes: &[u8]) -> bool {
    let head = bytes.get(..HEAD_BYTES).unwrap_or(bytes);
    crate::model::detect::looks_like_cable(&String::from_utf8_lossy(head))
}

/// Reads a file as UTF-8 text (a leading byte-order mark is kept: the parser
/// treats it as part of the first line).
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| io_message(&e))?;
    String::from_utf8(bytes).map_err(|e| utf8_message(&e))
}

/// Reads standard input as UTF-8 text.
pub fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    String::from_utf8(bytes).map_err(|e| utf8_message(&e))
}

/// Where the first invalid byte is, so the user can find it.
fn utf8_message(e: &std::string::FromUtf8Error) -> String {
    let at = e.utf8_error().valid_up_to();
    let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    format!("not valid UTF-8 (first invalid byte at line {line}, byte offset {at})")
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(path: &Path) -> String {
        path.file_name().unwrap().to_string_lossy().into_owned()
    }

    /// A fresh folder under the system's temporary folder.
    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cable-ls-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The second line of each cable file among `files`, by file name: a
    /// found file is analysed only when it is a cable, as a command's
    /// `work` tells.
    fn second_lines(files: &Candidates, errors: &mut Vec<FileError>) -> Vec<(String, String)> {
        let mut seen = Vec::new();
        map_cable_files(
            files,
            errors,
            |file, text| {
                let cable = !file.found() || crate::model::detect::looks_like_cable(text);
                cable.then(|| text.lines().nth(1).unwrap_or_default().to_string())
            },
            |path, result| seen.push((name_of(path), result)),
        );
        seen
    }

    /// `errors` as file names and messages.
    fn named(errors: &[FileError]) -> Vec<(String, &str)> {
        errors
            .iter()
            .map(|e| (name_of(&e.path), e.message.as_str()))
            .collect()
    }

    #[test]
    fn results_come_in_path_order_and_found_non_cables_are_passed_over() {
        let dir = folder("order");
        // More files than a batch, so that several batches run.
        let n = BATCH + 44;
        for i in 0..n {
            let text = format!("TAGS: PREL\nSUBJECT: NUMBER {i}\n");
            fs::write(dir.join(format!("c{i:04}.txt")), text).unwrap();
        }
        fs::write(dir.join("notes.txt"), "a note, not a cable\n").unwrap();
        // A hidden file is a file like another; a hidden folder and the
        // folders the default settings exclude are not walked into.
        fs::write(dir.join(".hidden.txt"), "TAGS: PREL\nSUBJECT: HIDDEN\n").unwrap();
        for sub in [".git", "node_modules"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
            fs::write(dir.join(sub).join("c.txt"), "TAGS: PREL\n").unwrap();
        }
        let named = dir.join("notes.txt");
        let mut errors = Vec::new();
        let files = candidates(&[dir.clone(), named.clone()], &mut errors);
        assert!(errors.is_empty());
        // The walk lists every file; the note named on the command line
        // comes last, read whatever it holds.
        assert_eq!(files.files.len(), n + 3);
        assert_eq!(
            files.files.last(),
            Some(&Candidate {
                path: named,
                folder: None,
            })
        );
        let seen = second_lines(&files, &mut errors);
        let mut expected = vec![(".hidden.txt".to_string(), "SUBJECT: HIDDEN".to_string())];
        expected.extend((0..n).map(|i| (format!("c{i:04}.txt"), format!("SUBJECT: NUMBER {i}"))));
        expected.push(("notes.txt".into(), String::new()));
        assert_eq!(seen, expected);
        assert!(errors.is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folders_settings_choose_its_files_and_their_size_bound() {
        let dir = folder("settings");
        fs::write(
            dir.join(crate::model::config::CONFIG_FILE),
            "exclude = [\"drafts/**\"]\nmaxFileBytes = 64\n[diagnostics]\ndisabled = [\"b002\"]\n",
        )
        .unwrap();
        fs::create_dir_all(dir.join("drafts")).unwrap();
        fs::write(dir.join("drafts/d.txt"), "TAGS: PREL\n").unwrap();
        fs::write(dir.join("a.txt"), "TAGS: PREL\nSUBJECT: A\n").unwrap();
        // Over the bound: a cable is reported, anything else passed over.
        let long = format!("TAGS: PREL\nSUBJECT: {}\n", "LONG ".repeat(20));
        fs::write(dir.join("big.txt"), &long).unwrap();
        fs::write(dir.join("big-note.txt"), "a note ".repeat(20)).unwrap();
        let mut errors = Vec::new();
        let files = candidates(std::slice::from_ref(&dir), &mut errors);
        assert!(errors.is_empty());
        let config = files.config_of(&files.files[0]).unwrap();
        assert_eq!(config.disabled_rules, ["B002"]);
        assert_eq!(config.max_file_bytes, 64);
        let seen = second_lines(&files, &mut errors);
        assert_eq!(seen, [("a.txt".to_string(), "SUBJECT: A".to_string())]);
        assert_eq!(
            named(&errors),
            [(
                "big.txt".to_string(),
                "not read: larger than 64 bytes (maxFileBytes; name the file to read it whole)"
            )]
        );
        // Named, the large cable is read whole.
        let named = Candidates {
            files: vec![Candidate {
                path: dir.join("big.txt"),
                folder: None,
            }],
            folders: Vec::new(),
        };
        let mut errors = Vec::new();
        let mut seen = Vec::new();
        map_cable_files(
            &named,
            &mut errors,
            |_, text| Some(text.len()),
            |_, n| seen.push(n),
        );
        assert_eq!((seen, errors.len()), (vec![long.len()], 0));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_settings_file_is_reported_and_its_folder_walked_with_the_defaults() {
        let dir = folder("broken-settings");
        let settings = dir.join(crate::model::config::CONFIG_FILE);
        fs::write(&settings, "exclude = 3\n").unwrap();
        fs::write(dir.join("a.txt"), "TAGS: PREL\n").unwrap();
        let mut errors = Vec::new();
        let files = candidates(std::slice::from_ref(&dir), &mut errors);
        let paths: Vec<&Path> = files.files.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(paths, [settings.as_path(), dir.join("a.txt").as_path()]);
        assert_eq!(files.config_of(&files.files[0]), Some(&Config::default()));
        let errors: Vec<(&Path, &str)> = errors
            .iter()
            .map(|e| (e.path.as_path(), e.message.as_str()))
            .collect();
        assert_eq!(
            errors,
            [(
                settings.as_path(),
                "invalid type: integer `3`, expected a sequence"
            )]
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_followed_only_inside_the_folder() {
        let dir = folder("links");
        let outside = folder("links-outside");
        fs::write(outside.join("secret.txt"), "TAGS: PREL\n").unwrap();
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("sub/a.txt"), "TAGS: PREL\n").unwrap();
        std::os::unix::fs::symlink(dir.join("sub/a.txt"), dir.join("in.txt")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("out.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("sub"), dir.join("loop")).unwrap();
        let mut errors = Vec::new();
        let files = candidates(std::slice::from_ref(&dir), &mut errors);
        let names: Vec<String> = files.files.iter().map(|f| name_of(&f.path)).collect();
        assert_eq!(
            (names, errors.len()),
            (vec!["in.txt".to_string(), "a.txt".to_string()], 0)
        );
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(&outside);
    }

    #[test]
    fn a_file_that_cannot_be_read_or_analysed_is_reported_alone() {
        let dir = folder("errors");
        fs::write(dir.join("a.txt"), "TAGS: PREL\nSUBJECT: A\n").unwrap();
        fs::write(dir.join("b.txt"), b"TAGS: PREL\nSUBJECT: caf\xe9\n").unwrap();
        fs::write(dir.join("b2.bin"), b"\x00\xff\xfe binary, no cable").unwrap();
        fs::write(dir.join("c.txt"), "TAGS: PREL\nSUBJECT: PANIC\n").unwrap();
        fs::write(dir.join("d.txt"), "TAGS: PREL\nSUBJECT: D\n").unwrap();
        let mut errors = Vec::new();
        let mut files = candidates(std::slice::from_ref(&dir), &mut errors);
        files.files.push(Candidate {
            path: dir.join("missing.txt"),
            folder: None,
        });
        let mut seen = Vec::new();
        map_cable_files(
            &files,
            &mut errors,
            |_, text| {
                assert!(!text.contains("PANIC"), "a bug met in one file");
                Some(text.len())
            },
            |path, result| seen.push((name_of(path), result)),
        );
        assert_eq!(seen, [("a.txt".to_string(), 22), ("d.txt".to_string(), 22)]);
        assert_eq!(
            named(&errors),
            [
                (
                    "b.txt".to_string(),
                    "not valid UTF-8 (first invalid byte at line 2, byte offset 23)"
                ),
                (
                    "c.txt".to_string(),
                    "could not be analysed (internal error)"
                ),
                ("missing.txt".to_string(), "no such file or folder"),
            ]
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
