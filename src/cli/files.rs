//! Finding and reading the files a command names: folders are walked
//! recursively for files whose content looks like a cable (hidden entries
//! and symlinked folders skipped, so a link loop cannot trap the walk), and
//! a file is read as UTF-8 or reported clearly. The files are read and
//! analysed on a few worker threads, their results handed back in the
//! order of the paths, so that output does not depend on the threads.

use crate::model::parallel;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A problem with one path; the other paths are still processed.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

/// A file a command may read: one named on the command line is always
/// read; one `found` in a folder only when its content looks like a cable.
#[derive(Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub found: bool,
}

/// Expands `paths` into the files to consider: files as given, folders
/// walked (sorted, hidden entries and symlinked folders left out). Whether
/// a found file is a cable is decided when it is read.
pub fn candidates(paths: &[PathBuf], errors: &mut Vec<FileError>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, errors),
            Ok(_) => out.push(Candidate {
                path: p.clone(),
                found: false,
            }),
            Err(e) => errors.push(FileError {
                path: p.clone(),
                message: io_message(&e),
            }),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Candidate>, errors: &mut Vec<FileError>) {
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
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, out, errors);
        } else if meta.is_file() {
            out.push(Candidate { path, found: true });
        }
    }
}

/// How many files a batch of [`map_cable_files`] holds. Each batch starts
/// its threads afresh, and with them the per-thread memos and buffers of
/// the people engine: batches of 256 files made `people` of an archive
/// some 6% slower than this. What a batch holds at once is its results
/// (a check's printed lines, a file's summary), not the files' texts.
const BATCH: usize = 4096;

/// Reads the cable files among `files` and runs `work` on each file's text
/// on the worker threads; `emit` gets each result in the order of `files`,
/// and a file that could not be read or analysed goes to `errors`
/// instead. Found files that are not cables are passed over. The files go
/// a batch at a time, so that only one batch's results are held at once.
pub fn map_cable_files<R: Send>(
    files: &[Candidate],
    errors: &mut Vec<FileError>,
    work: impl Fn(&Path, &str) -> R + Sync,
    mut emit: impl FnMut(&Path, R),
) {
    let threads = parallel::cores();
    for batch in files.chunks(BATCH) {
        let results = parallel::map(batch, threads, |file| {
            Some(read_candidate(file)?.map(|text| work(&file.path, &text)))
        });
        for (file, result) in batch.iter().zip(results) {
            let message = match result {
                Some(Some(Ok(result))) => {
                    emit(&file.path, result);
                    continue;
                }
                // A found file that is no cable.
                Some(None) => continue,
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

/// How much of a found file is read to decide whether it is a cable.
const HEAD_BYTES: usize = 8192;

/// The text of `file`, or why it could not be read; `None` for a found
/// file that is not a cable by its first [`HEAD_BYTES`] (or cannot be
/// opened), whose rest is then never read.
fn read_candidate(file: &Candidate) -> Option<Result<String, String>> {
    if !file.found {
        return Some(read_text(&file.path));
    }
    let mut f = fs::File::open(&file.path).ok()?;
    let mut bytes = vec![0u8; HEAD_BYTES];
    let n = f.read(&mut bytes).ok()?;
    bytes.truncate(n);
    if !crate::model::detect::looks_like_cable(&String::from_utf8_lossy(&bytes)) {
        return None;
    }
    // Sized once for the whole file, as `fs::read` does; a size that
    // cannot be had is no error (the read then reports what it meets).
    let rest = f.metadata().map_or(0, |m| m.len()).saturating_sub(n as u64);
    let _ = bytes.try_reserve_exact(usize::try_from(rest).unwrap_or(0));
    Some(
        f.read_to_end(&mut bytes)
            .map_err(|e| io_message(&e))
            .and_then(|_| String::from_utf8(bytes).map_err(|e| utf8_message(&e))),
    )
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
        fs::write(dir.join(".hidden.txt"), "TAGS: PREL\n").unwrap();
        let named = dir.join("notes.txt");
        let mut errors = Vec::new();
        let files = candidates(&[dir.clone(), named.clone()], &mut errors);
        assert!(errors.is_empty());
        // The walk lists every visible file; the note named on the command
        // line comes last, not to be sniffed.
        assert_eq!(files.len(), n + 2);
        assert_eq!(
            files.last(),
            Some(&Candidate {
                path: named,
                found: false
            })
        );
        let mut seen = Vec::new();
        map_cable_files(
            &files,
            &mut errors,
            |_, text| text.lines().nth(1).unwrap_or_default().to_string(),
            |path, result| seen.push((name_of(path), result)),
        );
        let mut expected: Vec<(String, String)> = (0..n)
            .map(|i| (format!("c{i:04}.txt"), format!("SUBJECT: NUMBER {i}")))
            .collect();
        expected.push(("notes.txt".into(), String::new()));
        assert_eq!(seen, expected);
        assert!(errors.is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_cannot_be_read_or_analysed_is_reported_alone() {
        let dir = folder("errors");
        fs::write(dir.join("a.txt"), "TAGS: PREL\nSUBJECT: A\n").unwrap();
        fs::write(dir.join("b.txt"), b"TAGS: PREL\nSUBJECT: caf\xe9\n").unwrap();
        fs::write(dir.join("c.txt"), "TAGS: PREL\nSUBJECT: PANIC\n").unwrap();
        fs::write(dir.join("d.txt"), "TAGS: PREL\nSUBJECT: D\n").unwrap();
        let mut errors = Vec::new();
        let mut files = candidates(std::slice::from_ref(&dir), &mut errors);
        files.push(Candidate {
            path: dir.join("missing.txt"),
            found: false,
        });
        let mut seen = Vec::new();
        map_cable_files(
            &files,
            &mut errors,
            |_, text| {
                assert!(!text.contains("PANIC"), "a bug met in one file");
                text.len()
            },
            |path, result| seen.push((name_of(path), result)),
        );
        assert_eq!(seen, [("a.txt".to_string(), 22), ("d.txt".to_string(), 22)]);
        let errors: Vec<(String, &str)> = errors
            .iter()
            .map(|e| (name_of(&e.path), e.message.as_str()))
            .collect();
        assert_eq!(
            errors,
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
