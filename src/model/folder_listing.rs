//! What a walk of a workspace folder saw: each folder's modification time,
//! read before the folder was listed, and the names listed. Kept beside
//! the index cache, it lets the next walk skip listing the folders whose
//! modification time has not moved: adding, removing or renaming an entry
//! moves its folder's time, so the names are the same ones. The files are
//! still each asked for their size and time (an edit moves only the file's).
//!
//! Why: an archive of a quarter of a million cables in 59,340 folders
//! spent about a fifth of a re-opening (0.15 of 0.75 s) opening, reading
//! and closing folders whose names had not changed.
//!
//! A folder is trusted only if its time is the one recorded and lies well
//! before the recorded walk began: a change in the same tick of the clock
//! as the listing could leave the time as it was. A listing of another
//! folder, another set of include and exclude globs, another format, or a
//! damaged file is not used (and said so in the log).

use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"CBLSLIST";
/// Bumped when the layout changes.
const FORMAT: u32 = 1;
/// Folders changed less than this before the recorded walk began are
/// listed again: file systems stamp times at the clock's tick, which can
/// be coarse (two seconds on FAT). Short in tests, which wait it out.
pub(crate) const RACY_NS: u64 = if cfg!(test) {
    500_000_000
} else {
    3_000_000_000
};

/// A folder's times, in nanoseconds since the epoch: modified (its
/// entries), and, where the system keeps it, changed (its entries or its
/// own details). A tool can set the first back (`tar`, `rsync` restore
/// it), not the second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderTimes {
    pub modified_ns: u64,
    pub changed_ns: u64,
}

impl FolderTimes {
    pub fn of(meta: &std::fs::Metadata) -> FolderTimes {
        // Counted as a file's stamp counts it.
        let modified_ns = super::workspace::FileStamp::of(meta).mtime_ns;
        #[cfg(unix)]
        let changed_ns = {
            use std::os::unix::fs::MetadataExt;
            u64::try_from(meta.ctime())
                .unwrap_or(0)
                .saturating_mul(1_000_000_000)
                .saturating_add(u64::try_from(meta.ctime_nsec()).unwrap_or(0))
        };
        #[cfg(not(unix))]
        let changed_ns = 0;
        FolderTimes {
            modified_ns,
            changed_ns,
        }
    }

    fn latest(self) -> u64 {
        self.modified_ns.max(self.changed_ns)
    }
}

/// One folder as a walk listed it, by its path from the workspace folder
/// (`""` for the workspace folder itself, `/` between names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderSeen {
    pub relative: String,
    /// Read before the folder was listed.
    pub times: FolderTimes,
    /// Regular files the filter takes.
    pub files: Vec<String>,
    /// Symbolic links the filter takes, wherever they lead: where a link
    /// leads is asked again at every walk.
    pub links: Vec<String>,
    /// Folders the walk enters.
    pub subfolders: Vec<String>,
}

/// A folder as a walk saw it: listed, or taken from the earlier listing.
pub enum Seen<'h> {
    Listed(FolderSeen),
    Kept(&'h FolderSeen),
}

/// The folders of one walk of one workspace folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FolderListing {
    root: String,
    filter: u64,
    /// When the walk began, in nanoseconds since the epoch.
    began_ns: u64,
    /// Sorted by their paths, so a folder is found by a binary search.
    folders: Vec<FolderSeen>,
    /// Folders listed afresh by the walk that made this listing (not taken
    /// from an earlier one): none means nothing moved, and nothing needs
    /// saving.
    #[serde(skip)]
    pub n_listed: usize,
    #[serde(skip)]
    n_folders: usize,
}

impl FolderListing {
    /// An empty listing for a walk of `root` under the filter with
    /// `filter` as fingerprint, beginning now.
    pub fn begin(root: &Path, filter: u64) -> FolderListing {
        let began_ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        FolderListing {
            root: root.to_string_lossy().into_owned(),
            filter,
            began_ns,
            ..FolderListing::default()
        }
    }

    /// Whether this listing was made under `root` and the same filter.
    pub fn fits(&self, root: &Path, filter: u64) -> bool {
        self.filter == filter && self.root == root.to_string_lossy()
    }

    /// The recorded listing of `relative`, if its folder's times are still
    /// `times` and were already old when the listing was made.
    pub fn trusted(&self, relative: &str, times: FolderTimes) -> Option<&FolderSeen> {
        let at = self
            .folders
            .binary_search_by(|f| f.relative.as_str().cmp(relative))
            .ok()?;
        let seen = self.folders.get(at)?;
        (seen.times == times && times.latest().saturating_add(RACY_NS) < self.began_ns)
            .then_some(seen)
    }

    /// Records the folders the walk saw, of which it listed `n_listed`.
    /// When it listed none, the folders are only counted: the earlier
    /// listing holds them all, and copying its names (tens of megabytes
    /// for an archive) would serve nothing.
    pub fn record<'h>(&mut self, seen: Vec<Seen<'h>>, n_listed: usize) {
        self.n_listed = n_listed;
        self.n_folders = seen.len();
        if n_listed > 0 {
            self.folders = seen
                .into_iter()
                .map(|s| match s {
                    Seen::Listed(folder) => folder,
                    Seen::Kept(folder) => folder.clone(),
                })
                .collect();
            self.folders.sort_by(|a, b| a.relative.cmp(&b.relative));
        }
    }

    /// The folders the walk that made this listing saw.
    pub fn n_folders(&self) -> usize {
        self.n_folders
    }

    /// The listing as bytes, for [`super::cache::save_listing`].
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::with_capacity(64 + self.folders.len() * 64);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        postcard::to_extend(self, bytes).map_err(|e| e.to_string())
    }

    /// A listing from [`FolderListing::encode`]'s bytes; an error for a
    /// foreign or damaged one.
    pub fn decode(bytes: &[u8]) -> Result<FolderListing, String> {
        let mut listing = decode(bytes)?;
        listing.n_folders = listing.folders.len();
        // Saved sorted; a listing written otherwise is sorted here.
        if !listing
            .folders
            .is_sorted_by(|a, b| a.relative <= b.relative)
        {
            listing.folders.sort_by(|a, b| a.relative.cmp(&b.relative));
        }
        Ok(listing)
    }
}

fn decode(bytes: &[u8]) -> Result<FolderListing, String> {
    let rest = super::cache::after_magic(bytes, MAGIC, FORMAT, "folder listing")?;
    postcard::from_bytes(rest).map_err(|e| format!("corrupt: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(modified_ns: u64, changed_ns: u64) -> FolderTimes {
        FolderTimes {
            modified_ns,
            changed_ns,
        }
    }

    fn seen(relative: &str, changed_ns: u64) -> FolderSeen {
        FolderSeen {
            relative: relative.into(),
            times: at(900, changed_ns),
            files: vec!["a.txt".into()],
            links: vec![],
            subfolders: vec!["sub".into()],
        }
    }

    #[test]
    fn a_folder_is_trusted_only_at_its_recorded_time_and_well_before_the_walk() {
        let mut listing = FolderListing::begin(Path::new("/ws"), 7);
        let began = listing.began_ns;
        // Recorded in the walk's order, kept in the paths' order.
        let folders = [seen("sub", began - RACY_NS + 1), seen("", 1_000)];
        listing.record(folders.into_iter().map(Seen::Listed).collect(), 2);
        let bytes = listing.encode().unwrap();
        let back = FolderListing::decode(&bytes).unwrap();
        assert_eq!(back.folders, listing.folders);
        let paths: Vec<&str> = back.folders.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(paths, ["", "sub"]);
        assert_eq!((back.began_ns, back.n_listed), (began, 0));
        assert!(back.fits(Path::new("/ws"), 7));
        assert!(!back.fits(Path::new("/ws"), 8));
        assert!(!back.fits(Path::new("/other"), 7));
        assert_eq!(back.trusted("", at(900, 1_000)), Some(&seen("", 1_000)));
        // Moved since (either time), or too close to the walk to tell.
        assert_eq!(back.trusted("", at(900, 1_001)), None);
        assert_eq!(back.trusted("", at(901, 1_000)), None);
        assert_eq!(back.trusted("sub", at(900, began - RACY_NS + 1)), None);
        assert_eq!(back.trusted("elsewhere", at(900, 1_000)), None);
        // Damaged or foreign: refused.
        let cut = FolderListing::decode(&bytes[..bytes.len() - 3]).map(|_| ());
        assert_eq!(
            cut.unwrap_err(),
            "corrupt: Hit the end of buffer, expected more data"
        );
        let other = FolderListing::decode(b"CBLSLIST\x09\0\0\0").map(|_| ());
        assert_eq!(other.unwrap_err(), "format 9, expected 1");
        let alien = FolderListing::decode(b"PK\x03\x04").map(|_| ());
        assert_eq!(alien.unwrap_err(), "not a cable-ls folder listing");
    }
}
