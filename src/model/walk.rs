//! Finding the candidate files of a workspace folder: a walk of its
//! folders on a few threads, which reads each file's size and modification
//! time as it lists it. An archive folder holds a quarter of a million
//! files in tens of thousands of folders: one thread listing folders and
//! then a `stat` by full path per file spent most of a re-opening's second
//! in the kernel; a `stat` relative to the open folder skips the lookup of
//! the path, and two threads share the rest.

use super::config::FileFilter;
use super::workspace::{path_order, FileStamp};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

/// A file the walk lists, with its stamp when the walk read it (a regular
/// file; a symbolic link is followed later, by whoever reads it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundFile {
    pub path: PathBuf,
    pub stamp: Option<FileStamp>,
}

/// Every candidate file under `root` that the filter lets through, sorted
/// by [`path_order`].
pub fn discover_files(root: &Path, filter: &FileFilter) -> Vec<PathBuf> {
    discover(root, filter, 1)
        .into_iter()
        .map(|f| f.path)
        .collect()
}

/// Folders waiting to be listed, and how many threads are listing one
/// (whose subfolders may still come).
struct Queue {
    folders: Vec<PathBuf>,
    busy: usize,
}

fn lock(queue: &Mutex<Queue>) -> std::sync::MutexGuard<'_, Queue> {
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A folder being listed: when it is done, however (a panic included),
/// its subfolders join the queue and the other threads are told, so none
/// waits forever for a listing that ended.
struct Listing<'a> {
    queue: &'a Mutex<Queue>,
    changed: &'a Condvar,
    subfolders: &'a mut Vec<PathBuf>,
}

impl Drop for Listing<'_> {
    fn drop(&mut self) {
        let mut q = lock(self.queue);
        q.folders.append(self.subfolders);
        q.busy -= 1;
        drop(q);
        self.changed.notify_all();
    }
}

/// [`discover_files`] on `threads` threads, with the files' stamps. Hidden
/// folders and symbolic links to folders are not followed (they loop, or
/// lead out of the workspace).
pub fn discover(root: &Path, filter: &FileFilter, threads: usize) -> Vec<FoundFile> {
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let queue = Mutex::new(Queue {
        folders: vec![root.to_path_buf()],
        busy: 0,
    });
    let changed = Condvar::new();
    let worker = || {
        let mut found = Vec::new();
        let mut subfolders = Vec::new();
        loop {
            let folder = {
                let mut q = lock(&queue);
                loop {
                    if let Some(folder) = q.folders.pop() {
                        q.busy += 1;
                        break Some(folder);
                    }
                    if q.busy == 0 {
                        break None;
                    }
                    q = changed
                        .wait(q)
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                }
            };
            let Some(folder) = folder else {
                changed.notify_all();
                return found;
            };
            let listing = Listing {
                queue: &queue,
                changed: &changed,
                subfolders: &mut subfolders,
            };
            list_folder(
                root,
                &real_root,
                &folder,
                filter,
                listing.subfolders,
                &mut found,
            );
        }
    };
    let threads = threads.max(1);
    let mut out: Vec<FoundFile> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for w in workers {
            // A thread can only fail by a panic; its folders' files are
            // missing then, as an unreadable folder's are.
            all.extend(w.join().unwrap_or_default());
        }
        all
    });
    out.sort_by(|a, b| path_order(&a.path, &b.path));
    out
}

/// [`discover`] under every root, on its own threads while `beside` runs
/// on this one: at start-up the walk (mostly in the kernel) and the index
/// cache's read (mostly decoding) go side by side.
pub fn discover_beside<T>(
    roots: &[PathBuf],
    filter: &FileFilter,
    threads: usize,
    beside: impl FnOnce() -> T,
) -> (Vec<FoundFile>, T) {
    let walk = || {
        roots
            .iter()
            .flat_map(|root| discover(root, filter, threads))
            .collect::<Vec<_>>()
    };
    std::thread::scope(|scope| {
        let walking = scope.spawn(walk);
        let other = beside();
        // The thread can only fail by a panic: walked again here, which
        // panics in turn for the caller to catch, as one thread would.
        (walking.join().unwrap_or_else(|_| walk()), other)
    })
}

/// Lists one folder: files the filter takes go to `found`, folders to walk
/// to `subfolders`.
fn list_folder(
    root: &Path,
    real_root: &Path,
    folder: &Path,
    filter: &FileFilter,
    subfolders: &mut Vec<PathBuf>,
    found: &mut Vec<FoundFile>,
) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::warn!("not indexed: {}: {e}", folder.display());
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if walks_into(&entry.file_name(), relative, filter) {
                subfolders.push(path);
            }
        } else if (kind.is_file() || (kind.is_symlink() && leads_inside(&path, real_root)))
            && filter.includes_file(relative)
        {
            // Read relative to the open folder; a link's stamp is its
            // target's, read when the file is.
            let stamp = kind
                .is_file()
                .then(|| entry.metadata().ok())
                .flatten()
                .filter(std::fs::Metadata::is_file)
                .map(|meta| FileStamp::of(&meta));
            found.push(FoundFile { path, stamp });
        }
    }
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

/// Whether [`discover`] under one of `roots` would list `path`: the
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
        const FILES: [&str; 5] = [
            "top.txt",
            "a/b/c.txt",
            ".hidden/d.txt",
            "node_modules/x/e.txt",
            ".f.txt",
        ];
        for file in FILES {
            std::fs::write(root.join(file), "x").unwrap();
        }
        let filter = Config::default().file_filter().unwrap();
        let roots = [root.clone()];
        let listed = discover_files(&root, &filter);
        // On threads, the same list, each file with its stamp.
        let found = discover(&root, &filter, 3);
        assert_eq!(
            found.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
            listed
        );
        for f in &found {
            let meta = std::fs::metadata(&f.path).unwrap();
            assert_eq!(f.stamp, Some(FileStamp::of(&meta)), "{}", f.path.display());
            assert_eq!(f.stamp.map(|s| s.size), Some(1));
        }
        let relative = |paths: &[PathBuf]| {
            paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(relative(&listed), [".f.txt", "a/b/c.txt", "top.txt"]);
        for file in FILES {
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
