//! Finding the candidate files of a workspace folder: a walk of its
//! folders on a few threads, which reads each file's size and modification
//! time as it lists it. An archive folder holds a quarter of a million
//! files in tens of thousands of folders: one thread listing folders and
//! then a `stat` by full path per file spent most of a re-opening's second
//! in the kernel; a `stat` relative to the open folder skips the lookup of
//! the path, and two threads share the rest. Given the listing of an
//! earlier walk ([`FolderListing`]), a folder whose times have not moved
//! is not listed again: its files are stamped by the names recorded.

use super::cache::{load_listing, save_listing};
use super::config::FileFilter;
use super::folder_listing::{FolderListing, FolderSeen, FolderTimes, Seen};
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

/// Folders waiting to be listed, how many threads are listing one (whose
/// subfolders may still come), and how many wait for one.
struct Queue {
    folders: Vec<PathBuf>,
    busy: usize,
    waiting: usize,
}

fn lock(queue: &Mutex<Queue>) -> std::sync::MutexGuard<'_, Queue> {
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A folder being listed: when it is done, however (a panic included),
/// its subfolders join the queue and the threads waiting are told, so none
/// waits forever for a listing that ended. (Telling is a system call: not
/// made, tens of thousands of times, when no thread waits.)
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
        let waiting = q.waiting > 0;
        drop(q);
        if waiting {
            self.changed.notify_all();
        }
    }
}

/// What one walking thread found: the files, the folders as seen, and how
/// many of those it listed (rather than took from the earlier listing).
type ThreadWalk<'h> = (Vec<FoundFile>, Vec<Seen<'h>>, usize);

/// [`discover_files`] on `threads` threads, with the files' stamps. Hidden
/// folders and symbolic links to folders are not followed (they loop, or
/// lead out of the workspace).
pub fn discover(root: &Path, filter: &FileFilter, threads: usize) -> Vec<FoundFile> {
    walk(root, filter, threads, None).0
}

/// [`discover`], which takes the names in each folder whose modification
/// time has not moved from `hint`, the listing of an earlier walk (see
/// [`FolderListing`]), and returns this walk's listing too.
pub fn walk(
    root: &Path,
    filter: &FileFilter,
    threads: usize,
    hint: Option<&FolderListing>,
) -> (Vec<FoundFile>, FolderListing) {
    let mut listing = FolderListing::begin(root, filter.fingerprint());
    let hint = hint.filter(|h| h.fits(root, filter.fingerprint()));
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let queue = Mutex::new(Queue {
        folders: vec![root.to_path_buf()],
        busy: 0,
        waiting: 0,
    });
    let changed = Condvar::new();
    let worker = || -> ThreadWalk<'_> {
        let mut found = Vec::new();
        let mut seen = Vec::new();
        let mut n_listed = 0;
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
                    q.waiting += 1;
                    q = changed
                        .wait(q)
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                    q.waiting -= 1;
                }
            };
            let Some(folder) = folder else {
                changed.notify_all();
                return (found, seen, n_listed);
            };
            let listing = Listing {
                queue: &queue,
                changed: &changed,
                subfolders: &mut subfolders,
            };
            let relative = folder
                .strip_prefix(root)
                .ok()
                .and_then(Path::to_str)
                .map(str::to_owned);
            // Read before the listing: a change after it moves the time
            // past the one recorded.
            let times = std::fs::metadata(&folder)
                .ok()
                .map(|meta| FolderTimes::of(&meta));
            let recorded = hint
                .zip(relative.as_deref())
                .zip(times)
                .and_then(|((hint, relative), times)| hint.trusted(relative, times));
            if let Some(recorded) = recorded {
                if from_listing(
                    &real_root,
                    &folder,
                    recorded,
                    listing.subfolders,
                    &mut found,
                ) {
                    seen.push(Seen::Kept(recorded));
                    continue;
                }
            }
            n_listed += 1;
            let names = list_folder(
                root,
                &real_root,
                &folder,
                filter,
                listing.subfolders,
                &mut found,
            );
            if let (Some(names), Some(relative), Some(times)) = (names, relative, times) {
                seen.push(Seen::Listed(FolderSeen {
                    relative,
                    times,
                    ..names
                }));
            }
        }
    };
    let threads = threads.max(1);
    let mut out: Vec<FoundFile> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let (mut all, mut seen, mut n_listed) = worker();
        for w in workers {
            // A thread can only fail by a panic; its folders' files are
            // missing then, as an unreadable folder's are.
            let (found, more, listed) = w.join().unwrap_or_default();
            all.extend(found);
            seen.extend(more);
            n_listed += listed;
        }
        listing.record(seen, n_listed);
        all
    });
    out.sort_by(|a, b| path_order(&a.path, &b.path));
    (out, listing)
}

/// [`discover`] under every root, on its own threads while `beside` runs
/// on this one: at start-up the walk (mostly in the kernel) and the index
/// cache's read (mostly decoding) go side by side. With `listings`, each
/// root's walk starts from the folder listing kept beside its index cache,
/// and keeps its own there if it had to list any folder.
pub fn discover_beside<T>(
    roots: &[PathBuf],
    filter: &FileFilter,
    threads: usize,
    listings: bool,
    beside: impl FnOnce() -> T,
) -> (Vec<FoundFile>, T) {
    let walk = || {
        roots
            .iter()
            .flat_map(|root| match listings {
                true => discover_listed(root, filter, threads),
                false => discover(root, filter, threads),
            })
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

/// [`discover`] from the folder listing kept beside `root`'s index cache,
/// keeping this walk's there if it had to list any folder.
pub fn discover_listed(root: &Path, filter: &FileFilter, threads: usize) -> Vec<FoundFile> {
    let hint = load_listing(root);
    let (found, listing) = walk(root, filter, threads, hint.as_ref());
    tracing::debug!(
        "{}: {} folders, {} listed",
        root.display(),
        listing.n_folders(),
        listing.n_listed
    );
    if listing.n_listed > 0 {
        if let Err(e) = save_listing(root, &listing) {
            tracing::info!("no folder listing for {}: {e}", root.display());
        }
    }
    found
}

/// Takes a folder's names from its recorded listing: its files with their
/// stamps to `found`, its subfolders to `subfolders`. False, with nothing
/// added, if an entry is not what the listing says (the folder is listed
/// then).
fn from_listing(
    real_root: &Path,
    folder: &Path,
    recorded: &FolderSeen,
    subfolders: &mut Vec<PathBuf>,
    found: &mut Vec<FoundFile>,
) -> bool {
    let mark = found.len();
    for name in &recorded.files {
        let path = folder.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => found.push(FoundFile {
                path,
                stamp: Some(FileStamp::of(&meta)),
            }),
            _ => {
                found.truncate(mark);
                return false;
            }
        }
    }
    for name in &recorded.links {
        let path = folder.join(name);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            found.truncate(mark);
            return false;
        }
        if leads_inside(&path, real_root) {
            found.push(FoundFile { path, stamp: None });
        }
    }
    subfolders.extend(recorded.subfolders.iter().map(|name| folder.join(name)));
    true
}

/// Lists one folder: files the filter takes go to `found`, folders to walk
/// to `subfolders`. Returns the names it listed, if it read them all and
/// each is Unicode (a folder listing records only such folders).
fn list_folder(
    root: &Path,
    real_root: &Path,
    folder: &Path,
    filter: &FileFilter,
    subfolders: &mut Vec<PathBuf>,
    found: &mut Vec<FoundFile>,
) -> Option<FolderSeen> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::warn!("not indexed: {}: {e}", folder.display());
            return None;
        }
    };
    let mut names = Some(FolderSeen {
        relative: String::new(),
        times: FolderTimes::default(),
        files: Vec::new(),
        links: Vec::new(),
        subfolders: Vec::new(),
    });
    for entry in entries {
        let Some((entry, kind)) = entry
            .ok()
            .and_then(|e| e.file_type().ok().map(|kind| (e, kind)))
        else {
            names = None;
            continue;
        };
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let name = entry.file_name();
        let mut record = |list: fn(&mut FolderSeen) -> &mut Vec<String>| match name.to_str() {
            Some(name) => {
                if let Some(names) = names.as_mut() {
                    list(names).push(name.to_owned());
                }
            }
            None => names = None,
        };
        if kind.is_dir() {
            if walks_into(&name, relative, filter) {
                record(|n| &mut n.subfolders);
                subfolders.push(path);
            }
        } else if kind.is_symlink() {
            if filter.includes_file(relative) {
                record(|n| &mut n.links);
                if leads_inside(&path, real_root) {
                    found.push(FoundFile { path, stamp: None });
                }
            }
        } else if kind.is_file() && filter.includes_file(relative) {
            record(|n| &mut n.files);
            // Read relative to the open folder; a link's stamp is its
            // target's, read when the file is.
            let stamp = entry
                .metadata()
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|meta| FileStamp::of(&meta));
            found.push(FoundFile { path, stamp });
        }
    }
    names
}

/// Whether a symbolic link leads to a file inside the (resolved) workspace
/// folder: a link leading out is not followed, so a folder someone sent
/// cannot make the server read `~/.ssh/id_rsa`.
pub(crate) fn leads_inside(link: &Path, real_root: &Path) -> bool {
    std::fs::canonicalize(link)
        .is_ok_and(|target| target.starts_with(real_root) && target.is_file())
}

/// Whether a folder walk enters the folder `name` (at `relative` from
/// its root): not hidden, not excluded.
pub(crate) fn walks_into(name: &std::ffi::OsStr, relative: &Path, filter: &FileFilter) -> bool {
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

    /// Waits until every folder changed so far is old enough for a
    /// listing to trust.
    fn age_folders() {
        let racy = crate::model::folder_listing::RACY_NS;
        std::thread::sleep(std::time::Duration::from_nanos(racy * 2));
    }

    #[test]
    fn a_walk_from_a_listing_lists_only_the_folders_that_moved() {
        let root =
            std::env::temp_dir().join(format!("cable-ls-listing-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["a/b", "notes", ".hidden"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in ["top.txt", "a/d.txt", "a/b/c.txt", ".hidden/e.txt"] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        age_folders();
        let filter = Config::default().file_filter().unwrap();
        // Each walk from the last one's listing, encoded and read back.
        let kept = std::cell::RefCell::new(Vec::new());
        let last = || FolderListing::decode(&kept.borrow()).ok();
        let walk_again = |expect_listed: usize| {
            let (found, listing) = walk(&root, &filter, 2, last().as_ref());
            assert_eq!(found, discover(&root, &filter, 1));
            assert_eq!(listing.n_folders(), 4);
            assert_eq!(listing.n_listed, expect_listed);
            // Kept only when a folder was listed, as the walk's callers do.
            if listing.n_listed > 0 {
                *kept.borrow_mut() = listing.encode().unwrap();
            }
            found
        };
        let relative = |found: &[FoundFile]| {
            found
                .iter()
                .map(|f| {
                    let name = f.path.strip_prefix(&root).unwrap().display();
                    format!("{name} {}", f.stamp.map_or(0, |s| s.size))
                })
                .collect::<Vec<_>>()
        };
        // No listing yet: the root, `a`, `a/b` and `notes` are listed.
        let first = walk_again(4);
        assert_eq!(relative(&first), ["a/b/c.txt 1", "a/d.txt 1", "top.txt 1"]);
        // Nothing moved: no folder is listed, every file's stamp is read.
        std::fs::write(root.join("a/d.txt"), "xyz").unwrap();
        let second = walk_again(0);
        assert_eq!(relative(&second), ["a/b/c.txt 1", "a/d.txt 3", "top.txt 1"]);
        // A file created in an empty folder moves that folder only.
        std::fs::write(root.join("notes/n.txt"), "xy").unwrap();
        let third = walk_again(1);
        assert_eq!(
            relative(&third),
            ["a/b/c.txt 1", "a/d.txt 3", "notes/n.txt 2", "top.txt 1"]
        );
        // Too recent to trust: listed again while it is.
        walk_again(1);
        age_folders();
        walk_again(1);
        walk_again(0);
        // A deletion moves its folder.
        std::fs::remove_file(root.join("a/b/c.txt")).unwrap();
        let fourth = walk_again(1);
        assert_eq!(
            relative(&fourth),
            ["a/d.txt 3", "notes/n.txt 2", "top.txt 1"]
        );
        // Another filter: the listing is not used.
        let other = Config {
            exclude: vec!["notes/**".into()],
            ..Config::default()
        }
        .file_filter()
        .unwrap();
        let (found, listing) = walk(&root, &other, 2, last().as_ref());
        assert_eq!(listing.n_listed, 3);
        assert_eq!(relative(&found), ["a/d.txt 3", "top.txt 1"]);
        let _ = std::fs::remove_dir_all(&root);
    }

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
