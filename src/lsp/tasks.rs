//! Work the server does on its own schedule, off the request path:
//! indexing the workspace folders with progress reports, rebuilding the
//! cross-cable index after changes (debounced), publishing diagnostics
//! (debounced, only when they changed), following files changed on disk.

use super::convert;
use super::server::Backend;
use crate::ide::diagnostics::{Diagnostic, Severity};
use crate::ide::world::Indexing;
use crate::model::background;
use crate::model::cache::{self, IndexCache};
use crate::model::config::{config_stamps, read_config_files, CONFIG_FILE};
use crate::model::index::WorkspaceIndex;
use crate::model::summary::rope_range;
use crate::model::walk::{discover_beside, discover_listed, is_candidate, FoundFile};
use crate::model::workspace::{index_file, index_files, same_summaries, FileSummary, SkipReason};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::{
    self, DiagnosticRelatedInformation, DiagnosticSeverity, MessageType, NumberOrString,
    ProgressToken,
};

/// Quiet time after a keystroke before diagnostics are computed: typing a
/// word should give one publication, not one per letter. Short enough to
/// feel immediate.
pub const DIAGNOSTICS_DEBOUNCE: Duration = Duration::from_millis(40);

/// Quiet time before the workspace index is rebuilt: references and hovers
/// read the previous index meanwhile, with the edited document read fresh.
pub const INDEX_DEBOUNCE: Duration = Duration::from_millis(250);

/// During a long first indexing, the index is rebuilt this often from the
/// files read so far, at most.
const PARTIAL_INDEX_EVERY: Duration = Duration::from_secs(3);

/// A partial build waits this many times as long as the last one took.
/// Each builds every file read so far, so a build's cost grows with the
/// time spent: the builds of a first indexing add up to about its time
/// divided by this, plus the last build. At 4 that was a quarter of an
/// archive's 59 s on one of the two cores; at 10 the index requests read
/// still trails the files read by a few seconds at most.
const PARTIAL_BUILD_SPACING: u32 = 10;

/// Quiet time gathering the server's own file-watch events.
const WATCH_QUIET: Duration = Duration::from_millis(100);

/// Files indexed per batch, between two progress reports, at first.
const INDEX_BATCH: usize = 256;

/// Batches grow while they take less than [`QUICK_BATCH`], up to this many
/// files: a re-opened archive (files from the index cache, a few
/// microseconds each) is a few dozen batches, not a thousand rounds of
/// threads and progress reports, and a first indexing's batches of a few
/// hundred milliseconds keep both cores busy (at 50 ms, the rounds between
/// batches left a quarter of them idle).
const MAX_INDEX_BATCH: usize = 16_384;
const QUICK_BATCH: Duration = Duration::from_millis(250);

/// Worker threads for indexing, one per core: a bounded pool, each batch
/// shared among them. Requests run on the runtime's own threads meanwhile.
fn index_threads() -> usize {
    crate::model::parallel::cores()
}

impl Backend {
    /// Publishes the diagnostics of `path` after a quiet time, if no newer
    /// edit arrived meanwhile.
    pub fn schedule_diagnostics(&self, path: PathBuf, version: i32) {
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DIAGNOSTICS_DEBOUNCE).await;
            let still_current = this
                .lock()
                .workspace
                .open
                .get(&path)
                .is_some_and(|d| d.version == version);
            if still_current {
                this.publish_diagnostics(path).await;
            }
        });
    }

    /// Computes (for the cables that changed) and sends the diagnostics of
    /// an open document, unless they equal what the client already has.
    pub async fn publish_diagnostics(&self, path: PathBuf) {
        let this = self.clone();
        let computed = tokio::task::spawn_blocking(move || this.compute_diagnostics(&path)).await;
        let Ok(Some((uri, diagnostics, version))) = computed else {
            return;
        };
        self.client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    }

    fn compute_diagnostics(
        &self,
        path: &Path,
    ) -> Option<(ls_types::Uri, Vec<ls_types::Diagnostic>, i32)> {
        let mut state = self.lock();
        let state = &mut *state;
        let doc = state.workspace.open.get(path)?;
        let encoding = state.encoding();
        let enabled = state.config.diagnostics;
        let disabled = state.config.disabled_rules.clone();
        let related_support = state.flags.related_information;
        let entry = state.diagnostics.entry(path.to_path_buf()).or_default();
        let found = if enabled {
            entry.cache.document(doc.cables(), &disabled)
        } else {
            Vec::new()
        };
        let uri = convert::path_to_uri(path)?;
        let lsp: Vec<ls_types::Diagnostic> = found
            .iter()
            .map(|d| to_lsp(d, doc.rope(), encoding, &uri, related_support))
            .collect();
        entry.current = Arc::new(found);
        entry.current_version = Some(doc.version);
        if entry.published.as_ref() == Some(&lsp) {
            return None;
        }
        entry.published = Some(lsp.clone());
        Some((uri, lsp, doc.version))
    }

    /// Rebuilds the index after a quiet time, unless another change came.
    pub fn schedule_index(&self) {
        let generation = self.lock().touch();
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(INDEX_DEBOUNCE).await;
            if this.lock().generation == generation {
                this.rebuild_index(None).await;
            }
        });
    }

    /// Builds the index from the workspace's summaries off the request path
    /// and installs it; asks the client to refresh its code lenses. With
    /// `cache` (while indexing): its stored index if the workspace's files
    /// on disk are exactly what it holds, else a build with its summaries
    /// decoded on every thread first.
    pub async fn rebuild_index(&self, cache: Option<Arc<IndexCache>>) {
        let this = self.clone();
        let built = background::run("index build", move || {
            let start = std::time::Instant::now();
            let (stored, files, generation, overrides, partial) = {
                let state = this.lock();
                let overrides = state.config.people_overrides();
                // The stored index is of the files on disk: with documents
                // open it stands in until the build with their buffers
                // (scheduled below), which requests would wait for else.
                let stored = cache
                    .as_ref()
                    .and_then(|c| c.stored_index_over(&state.workspace.disk, &overrides));
                let files = match stored {
                    Some(_) => Vec::new(),
                    None => state.workspace.file_summaries(),
                };
                (
                    stored,
                    files,
                    state.generation,
                    overrides,
                    (!state.indexing_done).then_some(state.indexing_progress),
                )
            };
            let read = stored.is_some();
            let index = match (stored, &cache) {
                (Some(index), _) => index,
                (None, Some(cache)) => cache.build_index(files, &overrides, index_threads()),
                (None, None) => WorkspaceIndex::build_with(files, &overrides),
            };
            tracing::info!(
                "index of {} files {} in {:.2} s",
                index.files.len(),
                if read { "read from the cache" } else { "built" },
                start.elapsed().as_secs_f64()
            );
            let mut state = this.lock();
            if generation >= state.indexed_generation {
                state.index = Arc::new(index);
                state.indexed_generation = generation;
                state.index_partial = partial;
            }
            (
                state.flags.code_lens_refresh,
                read && !state.workspace.open.is_empty(),
            )
        })
        .await;
        let Some((refresh_lenses, open_documents_left_out)) = built else {
            self.send_status().await;
            return;
        };
        if refresh_lenses {
            let _ = self.client.code_lens_refresh().await;
        }
        if open_documents_left_out {
            self.schedule_index();
        }
        self.send_status().await;
    }

    /// Some files changed since the cache was written: its stored index (of
    /// the files as they were then) answers until the index of the files as
    /// they are is built, a matter of seconds for an archive, and answers
    /// say the index is partial (`so_far`: the files unchanged).
    async fn serve_stored_index_meanwhile(&self, cache: &Arc<IndexCache>, so_far: Indexing) {
        let this = self.clone();
        let cache = Arc::clone(cache);
        background::run("index read", move || {
            let (generation, overrides) = {
                let state = this.lock();
                (state.generation, state.config.people_overrides())
            };
            let Some(index) = cache.stored_index_as_written(&overrides) else {
                return;
            };
            tracing::info!(
                "index of {} files read from the cache, {} of them unchanged, while the rest is indexed",
                index.files.len(),
                so_far.files_indexed
            );
            let mut state = this.lock();
            if generation >= state.indexed_generation {
                state.index = Arc::new(index);
                state.index_partial = Some(so_far);
            }
        })
        .await;
        self.send_status().await;
    }

    /// Indexes every cable file under the workspace folders, reporting
    /// progress, then builds the index. Requests are served meanwhile.
    pub async fn index_workspace(&self) {
        // The server's own watches wait for this indexing (any return
        // drops the sender, which lets them go too).
        let (folders, config, progress_support, watch_go) = {
            let mut state = self.lock();
            (
                state.folders.clone(),
                state.config.clone(),
                state.flags.work_done_progress,
                state.watch_go.take(),
            )
        };
        let filter = match config.file_filter() {
            Ok(f) => f,
            Err(e) => {
                self.client
                    .show_message(MessageType::ERROR, format!("cable-ls: {e}"))
                    .await;
                return;
            }
        };
        let token = ProgressToken::String("cable-ls/indexing".into());
        let progress = if progress_support
            && self
                .client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
        {
            Some(
                self.client
                    .progress(token, "Indexing cables")
                    .with_percentage(0)
                    .begin()
                    .await,
            )
        } else {
            None
        };
        {
            let mut state = self.lock();
            state.indexing_done = false;
            state.indexing_progress = Indexing::default();
            state.index_partial = Some(Indexing::default());
        }
        self.send_status().await;
        let roots = folders.clone();
        // One read for the whole indexing, from the walk on: the walk reads
        // the stamps that decide whether a file's cached summary is good,
        // so an event after it must win over what the batches bring.
        let ticket = self.lock().workspace.order.begin_read();
        let started = std::time::Instant::now();
        let (candidates, cache) = background::run("discovery", move || {
            discover_beside(&roots, &filter, index_threads(), true, || {
                IndexCache::load(&roots)
            })
        })
        .await
        .unwrap_or_default();
        tracing::info!(
            "{} files found, {} in the index cache, in {:.2} s",
            candidates.len(),
            cache.len(),
            started.elapsed().as_secs_f64()
        );
        let cache = Arc::new(cache);
        let total = candidates.len();
        {
            let mut state = self.lock();
            state.indexing_progress.files_total = total;
            state.workspace.disk.reserve(total);
        }
        let (mut n_read, mut done, mut n_cached) = (0usize, 0usize, 0usize);
        let mut last_build = std::time::Instant::now();
        let mut next_build_after = PARTIAL_INDEX_EVERY;
        let mut building: Option<tokio::task::JoinHandle<Duration>> = None;
        let mut batch_size = INDEX_BATCH;
        let mut rest = candidates.into_iter().peekable();
        while rest.peek().is_some() {
            // Taken, not copied: a quarter of a million paths.
            let batch: Vec<_> = rest.by_ref().take(batch_size).collect();
            let batch_start = std::time::Instant::now();
            let max = config.max_file_bytes;
            let batch_cache = Arc::clone(&cache);
            let n_batch = batch.len();
            let results = background::run("indexing", move || {
                let summaries = index_files(&batch, max, index_threads(), Some(&batch_cache));
                batch.into_iter().zip(summaries).collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            batch_size = if batch_start.elapsed() < QUICK_BATCH {
                (batch_size * 2).min(MAX_INDEX_BATCH)
            } else {
                INDEX_BATCH
            };
            done += n_batch;
            {
                let mut state = self.lock();
                state.indexing_progress.files_indexed = done;
                for (FoundFile { path, stamp }, result) in results {
                    // Changed or deleted while the batch read it: the
                    // event's own handling has the newer word.
                    if !state.workspace.order.is_current(&path, ticket) {
                        continue;
                    }
                    match result {
                        Ok(summary) => {
                            n_read += 1;
                            n_cached += usize::from(summary.cached);
                            state.workspace.disk.insert(Arc::from(path), summary);
                        }
                        Err(reason) => {
                            if reason != SkipReason::NotACable {
                                tracing::warn!("not indexed: {}: {reason}", path.display());
                            }
                            if let Some(stamp) = stamp {
                                state.workspace.skipped.insert(Arc::from(path), stamp);
                            }
                        }
                    }
                }
            }
            if let Some(p) = &progress {
                let percent = (done * 100 / total.max(1)) as u32;
                p.report_with_message(format!("{done}/{total} files"), percent)
                    .await;
            }
            // A long indexing shows what it has so far: references and
            // hovers read the files indexed until now. The build runs
            // beside the next batches, one at a time (waiting for it left
            // a core idle, a third of a cold start at archive scale).
            // Rebuilding costs more as files accumulate: it waits
            // `PARTIAL_BUILD_SPACING` times as long as the last build took.
            if let Some(finished) = building.take_if(|b| b.is_finished()) {
                if let Ok(took) = finished.await {
                    next_build_after = PARTIAL_INDEX_EVERY.max(took * PARTIAL_BUILD_SPACING);
                }
                last_build = std::time::Instant::now();
            }
            if building.is_none() && last_build.elapsed() >= next_build_after && done < total {
                self.lock().touch();
                let this = self.clone();
                let cache = Arc::clone(&cache);
                building = Some(tokio::spawn(async move {
                    let start = std::time::Instant::now();
                    this.rebuild_index(Some(cache)).await;
                    start.elapsed()
                }));
            }
        }
        // A partial build still running is left to finish: the final one's
        // newer generation wins whichever ends last.
        drop(building);
        let cache_current = cache.is_current(n_read, n_cached);
        if n_cached > 0 && !cache_current {
            self.serve_stored_index_meanwhile(
                &cache,
                Indexing {
                    files_indexed: n_cached,
                    files_total: total,
                },
            )
            .await;
        }
        {
            let mut state = self.lock();
            state.workspace.order.end_read(ticket);
            state.touch();
            state.indexing_done = true;
        }
        self.rebuild_index(Some(Arc::clone(&cache))).await;
        // Told from what the index holds: files changed while they were
        // read were taken from their change events, not from the batches.
        // Counted before the folders' watches start, whose first check may
        // re-read the settings and index again: the report is this
        // indexing's.
        let (n_files, n_cables) = {
            let state = self.lock();
            let disk = &state.workspace.disk;
            (
                disk.len(),
                disk.values().map(|s| s.n_cables()).sum::<usize>(),
            )
        };
        if let Some(go) = watch_go {
            let _ = go.send(());
        }
        self.recheck_if_ready(&tokio::runtime::Handle::current());
        // Writing current caches again would cost seconds of a core.
        if !cache_current {
            self.save_caches(folders);
        }
        // Summaries and mention lists not decoded yet (all of them after a
        // start from the stored index) are decoded in the background, so
        // that requests and later builds find them ready.
        let index = Arc::clone(&self.lock().index);
        background::spawn("cache decode", move || {
            index.decode_all();
            cache.decode_all(index_threads());
        });
        let mut message = format!("{n_cables} cables in {n_files} files");
        if n_cached > 0 {
            message.push_str(&format!(", {n_cached} read from the index cache"));
        }
        tracing::info!(
            "indexed {message} in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        if let Some(p) = progress {
            p.finish_with_message(message).await;
        }
        let this = self.clone();
        tokio::spawn(async move { this.publish_workspace_diagnostics().await });
    }

    /// Writes each folder's index cache from the files indexed, in the
    /// background.
    fn save_caches(&self, folders: Vec<PathBuf>) {
        let (summaries, index, of_disk, overrides): (Vec<(Arc<Path>, Arc<FileSummary>)>, _, _, _) = {
            let state = self.lock();
            let disk = &state.workspace.disk;
            let summaries = disk
                .iter()
                .map(|(p, s)| (Arc::clone(p), Arc::clone(s)))
                .collect();
            let index = Arc::clone(&state.index);
            let of_disk = index.files.iter().all(|f| !f.open)
                && same_summaries(
                    disk,
                    index.files.iter().map(|f| (f.path.as_ref(), &f.summary)),
                );
            (summaries, index, of_disk, state.config.people_overrides())
        };
        let writing = background::spawn("cache write", move || {
            // The index stored is of the files on disk: if the current one
            // holds open documents' buffers (or is behind the disk), one is
            // built from the disk's summaries for the cache.
            let index = match folders.as_slice() {
                [_] if !of_disk => Arc::new(WorkspaceIndex::build_with(
                    summaries
                        .iter()
                        .map(|(p, s)| (Arc::clone(p), Arc::clone(s), false))
                        .collect(),
                    &overrides,
                )),
                _ => index,
            };
            for folder in &folders {
                let files = summaries
                    .iter()
                    .filter(|(p, _)| p.starts_with(folder))
                    .map(|(p, s)| (p.as_ref(), s.as_ref()));
                // Stored with the summaries only if built from exactly them.
                match cache::save(folder, files, Some(&index)) {
                    Ok(file) => tracing::info!("index cache written: {}", file.display()),
                    Err(e) => tracing::info!("no index cache for {}: {e}", folder.display()),
                }
            }
        });
        let mut state = self.lock();
        state.cache_writes.retain(|w| !w.is_finished());
        state.cache_writes.extend(writing);
    }

    /// Follows a file created, changed or deleted on disk. Open documents
    /// keep their buffer; the disk summary is refreshed for when they close.
    pub async fn file_changed(&self, path: PathBuf, deleted: bool) {
        if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
            self.reload_config_files().await;
            return;
        }
        let (inside, max) = {
            let state = self.lock();
            let inside = state
                .config
                .file_filter()
                .is_ok_and(|filter| is_candidate(&state.folders, &path, &filter));
            (inside, state.config.max_file_bytes)
        };
        let ticket = {
            let mut state = self.lock();
            // Read again below, or gone: the walk's stamp no longer says.
            state.workspace.skipped.remove(path.as_path());
            state.workspace.order.event(&path)
        };
        if deleted || !inside {
            let mut state = self.lock();
            state.workspace.disk.remove(path.as_path());
            state.workspace.order.end_read(ticket);
        } else {
            let p = path.clone();
            let result = background::run("re-read", move || index_file(&p, max)).await;
            let mut state = self.lock();
            // A later event for the same file re-reads it: its result wins.
            if state.workspace.order.is_current(&path, ticket) {
                match result {
                    Some(Ok(summary)) => {
                        state
                            .workspace
                            .disk
                            .insert(Arc::from(path.as_path()), summary);
                    }
                    _ => {
                        state.workspace.disk.remove(path.as_path());
                    }
                }
            }
            state.workspace.order.end_read(ticket);
        }
        self.schedule_index();
        self.publish_closed_file(path).await;
    }

    /// Watches the workspace folders from the server, for clients that
    /// cannot register `workspace/didChangeWatchedFiles` watchers. Events
    /// are gathered for a short quiet time (a save is several events) and
    /// each path changed is followed once, as a watched-file change would.
    pub fn watch_folders(&self) {
        let folders = self.lock().folders.clone();
        if folders.is_empty() {
            return;
        }
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
        let handler = move |event: notify::Result<notify::Event>| {
            // Reads (ours included: indexing opens the file) are not changes.
            let Ok(event) = event else {
                return;
            };
            if matches!(
                event.kind,
                notify::EventKind::Create(_)
                    | notify::EventKind::Modify(_)
                    | notify::EventKind::Remove(_)
            ) {
                for path in event.paths {
                    let _ = tx.send(path);
                }
            }
        };
        // Watching a tree means one watch per folder, which the watcher
        // walks the tree to add: seconds for an archive of tens of
        // thousands of folders. That runs beside the indexing, not before
        // it, and not on the thread that answers requests.
        let runtime = tokio::runtime::Handle::current();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        {
            let mut state = self.lock();
            state.watch_go = Some(go);
            state.recheck_pending = true;
        }
        let this = self.clone();
        // A thread that cannot start is logged by `spawn`.
        let _ = background::spawn("watcher", move || {
            // After the indexing (a minute at most, for a slow disk): two
            // walks of a large tree at once slow the indexing down.
            let _ = wait.recv_timeout(std::time::Duration::from_secs(60));
            // Links to folders outside the workspace are not followed, as
            // the walk does not follow them.
            let config = notify::Config::default().with_follow_symlinks(false);
            let watcher = <notify::RecommendedWatcher as notify::Watcher>::new(handler, config);
            let mut watcher = match watcher {
                Ok(w) => w,
                Err(e) => {
                    tracing::warn!("files changed on disk will not be followed: {e}");
                    return;
                }
            };
            for folder in &folders {
                use notify::Watcher;
                if let Err(e) = watcher.watch(folder, notify::RecursiveMode::Recursive) {
                    tracing::warn!("not watching {}: {e}", folder.display());
                }
            }
            tracing::info!("watching {} folders for changes", folders.len());
            this.lock().watcher = Some(watcher);
            this.recheck_if_ready(&runtime);
        });
        let this = self.clone();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                tracing::debug!("changed on disk: {}", first.display());
                tokio::time::sleep(WATCH_QUIET).await;
                let mut paths = std::collections::BTreeSet::from([first]);
                while let Ok(path) = rx.try_recv() {
                    paths.insert(path);
                }
                for path in paths {
                    if path.is_dir() {
                        continue;
                    }
                    let deleted = !path.exists();
                    this.file_changed(path, deleted).await;
                }
            }
        });
    }

    /// Called when the watches are set up or the indexing is done: the
    /// second of the two starts the stamp check of
    /// [`Backend::recheck_disk`], if the watches came after the walk.
    fn recheck_if_ready(&self, runtime: &tokio::runtime::Handle) {
        let run = {
            let mut state = self.lock();
            let ready = state.recheck_pending && state.watcher.is_some() && state.indexing_done;
            if ready {
                state.recheck_pending = false;
            }
            ready
        };
        if run {
            let this = self.clone();
            runtime.spawn(async move { this.recheck_disk().await });
        }
    }

    /// Follows the files changed, created or deleted between the indexing's
    /// walk and the watches' setup, which no event told: a second walk,
    /// its stamps compared with the index's.
    async fn recheck_disk(&self) {
        let (folders, filter) = {
            let state = self.lock();
            (state.folders.clone(), state.config.file_filter())
        };
        let Ok(filter) = filter else {
            return;
        };
        let (found, config_now) = background::run("recheck", move || {
            let found = folders
                .iter()
                .flat_map(|root| discover_listed(root, &filter, index_threads()))
                .collect::<Vec<_>>();
            (found, config_stamps(&folders))
        })
        .await
        .unwrap_or_default();
        let changed: Option<Vec<(PathBuf, bool)>> = {
            let state = self.lock();
            // An indexing begun since (new settings) walks after the
            // watches: it has nothing to catch up on.
            if !state.indexing_done {
                return;
            }
            let disk = &state.workspace.disk;
            let skipped = &state.workspace.skipped;
            let seen: std::collections::HashSet<&Path> =
                found.iter().map(|f| f.path.as_path()).collect();
            // The settings files (walked or not: the include globs may
            // leave them out) against their stamps when they were read:
            // new settings index everything again.
            if config_now != state.config_stamps {
                None
            } else {
                // Changed or new; a file without a cable is judged by the
                // stamp the indexing's walk read.
                let mut changed: Vec<(PathBuf, bool)> = found
                    .iter()
                    .filter(|f| {
                        let before = match disk.get(f.path.as_path()) {
                            Some(s) => s.stamp,
                            None => skipped.get(f.path.as_path()).copied(),
                        };
                        let settings = state.config_stamps.iter().any(|(file, _)| *file == f.path);
                        !settings && (f.stamp.is_none() || before != f.stamp)
                    })
                    .map(|f| (f.path.clone(), false))
                    .collect();
                changed.extend(
                    disk.keys()
                        .filter(|p| !seen.contains(p.as_ref()))
                        .map(|p| (p.to_path_buf(), true)),
                );
                Some(changed)
            }
        };
        let Some(changed) = changed else {
            tracing::info!("the settings changed between their reading and the watches");
            self.reload_config_files().await;
            return;
        };
        tracing::info!(
            "{} files changed between the walk and the watches",
            changed.len()
        );
        for (path, deleted) in changed {
            self.file_changed(path, deleted).await;
        }
    }

    /// Re-reads `.cable-ls.toml` in every folder and re-indexes.
    pub async fn reload_config_files(&self) {
        let folders = self.lock().folders.clone();
        let stamps = config_stamps(&folders);
        let (patch, errors) = read_config_files(&folders);
        for e in errors {
            self.client
                .show_message(MessageType::ERROR, format!("cable-ls: {e}"))
                .await;
        }
        {
            let mut state = self.lock();
            state.file_settings = patch;
            state.config_stamps = stamps;
            state.refresh_config();
            state.forget_disk();
        }
        self.settings_changed().await;
    }

    /// After settings change: diagnostics of open documents again, and the
    /// workspace indexed again under the new include/exclude globs.
    pub async fn settings_changed(&self) {
        let paths: Vec<PathBuf> = {
            let mut state = self.lock();
            for d in state.diagnostics.values_mut() {
                d.published = None;
            }
            state.workspace.open.keys().cloned().collect()
        };
        for path in paths {
            self.publish_diagnostics(path).await;
        }
        let this = self.clone();
        tokio::spawn(async move { this.index_workspace().await });
    }
}

pub(super) fn to_lsp(
    d: &Diagnostic,
    rope: &ropey::Rope,
    encoding: super::position::Encoding,
    uri: &ls_types::Uri,
    related_support: bool,
) -> ls_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: ls_types::Location {
                uri: uri.clone(),
                range: convert::range(rope_range(rope, r.span), encoding),
            },
            message: r.message.clone(),
        })
        .collect();
    ls_types::Diagnostic {
        range: convert::range(rope_range(rope, d.span), encoding),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("cable-ls".into()),
        message: d.message.clone(),
        related_information: (related_support && !related.is_empty()).then_some(related),
        ..Default::default()
    }
}
