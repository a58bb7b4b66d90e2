//! Finding and reading the files a command names: folders are walked
//! recursively for files whose content looks like a cable (hidden entries
//! and symlinked folders skipped, so a link loop cannot trap the walk), and
//! a file is read as UTF-8 or reported clearly.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A problem with one path; the other paths are still processed.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

/// Expands `paths` into files: files as given, folders walked for cable
/// files (decided by content), sorted.
pub fn collect(paths: &[PathBuf], errors: &mut Vec<FileError>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, errors),
            Ok(_) => out.push(p.clone()),
            Err(e) => errors.push(FileError {
                path: p.clone(),
                message: io_message(&e),
            }),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<FileError>) {
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
        } else if meta.is_file() && is_cable_file(&path) {
            out.push(path);
        }
    }
}

/// A file in a folder is a cable by its content, whatever its name, as the
/// language server decides: a `notes.txt` beside the cables is left out.
fn is_cable_file(path: &Path) -> bool {
    read_head(path).is_some_and(|head| crate::model::detect::looks_like_cable(&head))
}

/// The first few kilobytes of a file, for content sniffing.
fn read_head(path: &Path) -> Option<String> {
    let mut buf = vec![0u8; 8192];
    let n = fs::File::open(path).ok()?.read(&mut buf).ok()?;
    buf.truncate(n);
    Some(String::from_utf8_lossy(&buf).into_owned())
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
