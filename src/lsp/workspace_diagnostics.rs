//! Diagnostics of the cables not open in the editor, when the settings ask
//! for them (`[diagnostics] workspace = true`): the editor's problems list
//! then covers every cable of the workspace folders. Off by default, since
//! an archive holds hundreds of thousands of cables and a client would
//! receive a notification for each one with a problem.
//!
//! No text is kept for them: a pass after each indexing reads every cable
//! file not open again, a batch at a time on the background threads,
//! checks it and sends what it found; a file changed on disk or closed in
//! the editor is checked again alone. The client is sent only changes: a
//! file without problems gets nothing, unless it had some before.

use super::convert;
use super::server::Backend;
use super::tasks::to_lsp;
use crate::ide::diagnostics::check_text;
use crate::model::workspace::path_order;
use crate::model::{background, parallel};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types;

/// Files read and checked between two looks at whether the pass is still
/// wanted (a newer pass, a shutdown).
const PASS_BATCH: usize = 256;

/// What a file's check needs from the settings and the client.
#[derive(Clone)]
struct CheckSettings {
    max_bytes: u64,
    disabled: Vec<String>,
    encoding: super::position::Encoding,
    related: bool,
}

impl CheckSettings {
    /// The diagnostics of the file at `path` as the client is sent them;
    /// none when it cannot be read as text within the size bound (it is
    /// then no longer indexed either, once its change is followed).
    fn check(&self, path: &Path) -> Option<(ls_types::Uri, Vec<ls_types::Diagnostic>)> {
        let uri = convert::path_to_uri(path)?;
        let text = read_bounded(path, self.max_bytes)?;
        let found = check_text(&text, &self.disabled);
        if found.is_empty() {
            return Some((uri, Vec::new()));
        }
        let rope = ropey::Rope::from_str(&text);
        let lsp = found
            .iter()
            .map(|d| to_lsp(d, &rope, self.encoding, &uri, self.related))
            .collect();
        Some((uri, lsp))
    }
}

/// The text of the file at `path`, if it is valid UTF-8 of at most
/// `max_bytes` bytes (it may have grown since it was indexed).
fn read_bounded(path: &Path, max_bytes: u64) -> Option<String> {
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(max_bytes.saturating_add(1))
        .read_to_string(&mut text)
        .ok()?;
    (text.len() as u64 <= max_bytes).then_some(text)
}

impl Backend {
    /// The settings a check runs with, when workspace diagnostics are on.
    fn workspace_check_settings(&self) -> Option<CheckSettings> {
        let state = self.lock();
        let config = &state.config;
        let on = config.diagnostics && config.workspace_diagnostics && !state.shutting_down;
        on.then(|| CheckSettings {
            max_bytes: config.max_file_bytes,
            disabled: config.disabled_rules.clone(),
            encoding: state.encoding(),
            related: state.flags.related_information,
        })
    }

    /// Checks every cable file not open and sends its diagnostics; clears
    /// those of files no longer checked (settings turned off, a file gone
    /// from the index). Run after each indexing.
    pub async fn publish_workspace_diagnostics(&self) {
        let settings = self.workspace_check_settings();
        // Taken under the lock in one pass over the index's files: no sort
        // there, since requests wait for the lock.
        let (pass, files, stale) = {
            let mut state = self.lock();
            state.workspace_pass += 1;
            state.checked_alone.clear();
            let state = &*state;
            let disk = &state.workspace.disk;
            let files: Vec<Arc<Path>> = match settings {
                Some(_) => disk
                    .keys()
                    .filter(|path| !state.workspace.open.contains_key(&***path))
                    .cloned()
                    .collect(),
                None => Vec::new(),
            };
            // Open files are never in `closed_published`.
            let stale: Vec<PathBuf> = state
                .closed_published
                .iter()
                .filter(|path| settings.is_none() || !disk.contains_key(path.as_path()))
                .cloned()
                .collect();
            (state.workspace_pass, files, stale)
        };
        for path in stale {
            self.send_closed(pass, &path, None, false).await;
        }
        let Some(settings) = settings else {
            return;
        };
        tracing::info!("checking {} cable files not open", files.len());
        // In the order answers are listed in.
        let files = background::run("workspace diagnostics", move || {
            let mut files = files;
            files.sort_unstable_by(|a, b| path_order(a, b));
            files
        })
        .await
        .unwrap_or_default();
        for batch in files.chunks(PASS_BATCH) {
            if self.lock().workspace_pass != pass {
                return;
            }
            let (batch, settings) = (batch.to_vec(), settings.clone());
            let checked = background::run("workspace diagnostics", move || {
                let results = parallel::map(&batch, parallel::cores(), |p| settings.check(p));
                batch.into_iter().zip(results).collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            // A file that could not be read (or met a bug) has its old
            // diagnostics cleared.
            for (path, result) in checked {
                if !self.send_closed(pass, &path, result.flatten(), false).await {
                    return;
                }
            }
        }
    }

    /// Checks one file not open again (changed on disk, just closed) and
    /// sends what changed, when workspace diagnostics are on.
    pub async fn publish_closed_file(&self, path: PathBuf) {
        let Some(settings) = self.workspace_check_settings() else {
            return;
        };
        let (pass, indexed) = {
            let state = self.lock();
            // An open document's own diagnostics stand: its file, saved
            // from it, is not read.
            if state.workspace.open.contains_key(&path) {
                return;
            }
            let indexed = state.workspace.disk.contains_key(path.as_path());
            (state.workspace_pass, indexed)
        };
        let found = match indexed {
            true => {
                let p = path.clone();
                background::run("file diagnostics", move || settings.check(&p))
                    .await
                    .flatten()
            }
            // Gone, or no longer a cable: what it had is cleared.
            false => None,
        };
        self.send_closed(pass, &path, found, true).await;
    }

    /// Sends `found` (none: an empty list) as the diagnostics of the file
    /// at `path`, unless the file is open now (its document's own
    /// diagnostics stand), pass `pass` has been overtaken, the client has
    /// this already (nothing before, nothing now), or the pass's result is
    /// older than a check of the file `alone`. Returns whether the pass is
    /// still current.
    async fn send_closed(
        &self,
        pass: u64,
        path: &Path,
        found: Option<(ls_types::Uri, Vec<ls_types::Diagnostic>)>,
        alone: bool,
    ) -> bool {
        let (uri, diagnostics) = {
            let mut state = self.lock();
            if state.workspace_pass != pass || state.shutting_down {
                return false;
            }
            if state.workspace.open.contains_key(path) {
                return true;
            }
            if alone {
                state.checked_alone.insert(path.to_path_buf());
            } else if state.checked_alone.contains(path) {
                return true;
            }
            let had = state.closed_published.contains(path);
            let (uri, diagnostics) = match found {
                Some(found) => found,
                None => match convert::path_to_uri(path) {
                    Some(uri) => (uri, Vec::new()),
                    None => return true,
                },
            };
            if diagnostics.is_empty() {
                if !had {
                    return true;
                }
                state.closed_published.remove(path);
            } else {
                state.closed_published.insert(path.to_path_buf());
            }
            (uri, diagnostics)
        };
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
        true
    }
}
