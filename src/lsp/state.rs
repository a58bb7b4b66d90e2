//! The server's mutable state behind one lock: the workspace, the current
//! index, settings and per-document diagnostics bookkeeping. The lock is a
//! plain mutex, held only for short synchronous steps and never across an
//! `.await` (so `didChange` events apply in arrival order).

use super::position::Encoding;
use crate::ide::diagnostics::{Diagnostic, DiagnosticsCache};
use crate::ide::world::{DocSnapshot, Indexing, World};
use crate::model::config::{Config, ConfigPatch};
use crate::model::index::WorkspaceIndex;
use crate::model::workspace::{FileStamp, Workspace};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types;

/// What the client said it can do, as far as the server cares.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientFlags {
    pub watched_files_dynamic: bool,
    pub work_done_progress: bool,
    pub code_lens_refresh: bool,
    pub related_information: bool,
}

/// Diagnostics bookkeeping for one open document.
#[derive(Default)]
pub struct DocDiagnostics {
    pub cache: DiagnosticsCache,
    /// The last diagnostics computed (absolute), for code actions.
    pub current: Arc<Vec<Diagnostic>>,
    pub current_version: Option<i32>,
    /// What the client was last sent, to send only changes.
    pub published: Option<Vec<ls_types::Diagnostic>>,
}

#[derive(Default)]
pub struct State {
    pub workspace: Workspace,
    pub index: Arc<WorkspaceIndex>,
    pub encoding: Option<Encoding>,
    pub flags: ClientFlags,
    pub folders: Vec<PathBuf>,
    /// Settings from `.cable-ls.toml` files, then from the editor.
    pub file_settings: Vec<ConfigPatch>,
    /// Each folder's `.cable-ls.toml` stamp, taken just before
    /// `file_settings` were read (none: no such file): the check after the
    /// watches start re-reads the settings only if a stamp moved.
    pub config_stamps: Vec<(PathBuf, Option<FileStamp>)>,
    pub editor_settings: ConfigPatch,
    pub config: Config,
    pub diagnostics: HashMap<PathBuf, DocDiagnostics>,
    /// Files not open whose diagnostics the client was sent (and not sent
    /// an empty list since), with the workspace diagnostics setting on: an
    /// open document's own diagnostics replace them, and a later pass that
    /// no longer finds a file's problems clears them.
    pub closed_published: HashSet<PathBuf>,
    /// Bumped by every workspace diagnostics pass: an older pass still
    /// running sees it and stops.
    pub workspace_pass: u64,
    /// Files checked again alone (changed, closed) during the current pass:
    /// what the pass read of them before is older and not sent.
    pub checked_alone: HashSet<PathBuf>,
    /// Bumped by every change that the index must reflect.
    pub generation: u64,
    /// The generation the current index was built from.
    pub indexed_generation: u64,
    /// Whether the initial indexing of the workspace folders has finished.
    pub indexing_done: bool,
    /// Files of the initial indexing read so far, and in all.
    pub indexing_progress: Indexing,
    /// Set when the current index was built before the initial indexing
    /// finished: how far it had come.
    pub index_partial: Option<Indexing>,
    pub shutting_down: bool,
    /// The server's own watcher of the workspace folders, when the client
    /// cannot watch files for it; dropping it stops the watching.
    pub watcher: Option<notify::RecommendedWatcher>,
    /// Tells the server's watcher to set up its watches: sent (or dropped)
    /// once the first indexing is done, so that the watcher's walk of the
    /// tree does not share the cores with it.
    pub watch_go: Option<std::sync::mpsc::Sender<()>>,
    /// Set when the server's watches are set up after the indexing's walk:
    /// files changed in between are found by a stamp check once both the
    /// watches (`watcher`) and the indexing (`indexing_done`) are there.
    pub recheck_pending: bool,
    /// Index cache writes started and perhaps not finished: the process
    /// waits for them (a while) before it exits, so a session that ends
    /// right after indexing still leaves its cache.
    pub cache_writes: Vec<std::thread::JoinHandle<()>>,
}

impl State {
    /// Drops every file's summary for the indexing that new settings start:
    /// the workspace is being indexed again from now on, not once that
    /// indexing gets going (a stamp check in between would take every file
    /// for new).
    pub fn forget_disk(&mut self) {
        self.workspace.disk.clear();
        self.workspace.skipped.clear();
        self.indexing_done = false;
        self.indexing_progress = Indexing::default();
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf16)
    }

    pub fn world(&self) -> World {
        World {
            index: Arc::clone(&self.index),
            indexing: self.index_partial,
        }
    }

    pub fn doc(&self, path: &Path) -> Option<DocSnapshot> {
        let doc = self.workspace.open.get(path)?;
        Some(DocSnapshot::new(Arc::from(path), doc))
    }

    /// Recomputes `config` from defaults and both layers of settings.
    pub fn refresh_config(&mut self) {
        let mut config = Config::default();
        for patch in &self.file_settings {
            config.apply(patch);
        }
        config.apply(&self.editor_settings);
        self.config = config;
    }

    /// Marks the index out of date.
    pub fn touch(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }
}
