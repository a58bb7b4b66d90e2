//! The language server: document synchronisation, settings and the
//! capability announcement. Feature requests are in `handlers.rs` (and run
//! through `Backend::run_request`); work on the server's own schedule in
//! `tasks.rs`. A panic while applying an edit is caught here, the document
//! rebuilt from its text, and the server serves on.

use super::convert::{self, uri_to_path};
use super::handlers::{guarded, panic_message};
use super::position::Encoding;
use super::state::{ClientFlags, State};
use crate::ide::semantic_tokens::TOKEN_KINDS;
use crate::model::config::parse_json;
use crate::model::config::{config_stamps, read_config_files};
use crate::model::document::Document;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// A test hook (`CABLE_LS_TEST_HOOKS`): an edit whose text holds this
/// panics while it is applied.
pub const EDIT_PANIC_MARKER: &str = "CABLE-LS-TEST-EDIT-PANIC";

#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    state: Arc<Mutex<State>>,
    /// Hooks for the end-to-end tests of failure paths (a panicking handler,
    /// a request outlived by an edit), on in debug builds started with
    /// `CABLE_LS_TEST_HOOKS=1` only. See `handlers::PANIC_MARKER`.
    pub test_hooks: bool,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            test_hooks: cfg!(debug_assertions)
                && std::env::var_os("CABLE_LS_TEST_HOOKS").is_some_and(|v| v == "1"),
        }
    }

    /// The state, even after a panic elsewhere poisoned the lock: the state
    /// is only changed in steps that leave it consistent.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "/".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_KINDS
                        .iter()
                        .map(|k| SemanticTokenType::new(k.name()))
                        .collect(),
                    token_modifiers: Vec::new(),
                },
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..Default::default()
            },
        )),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        ..Default::default()
    }
}

/// UTF-8 when the client offers it (no conversion at all), else UTF-16,
/// which every client must support.
fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn client_flags(params: &InitializeParams) -> ClientFlags {
    let caps = &params.capabilities;
    let workspace = caps.workspace.as_ref();
    ClientFlags {
        watched_files_dynamic: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        work_done_progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        code_lens_refresh: workspace
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
        related_information: caps
            .text_document
            .as_ref()
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false),
    }
}

/// The folders to index: `file:` URIs only. Any other scheme would become
/// a relative path, read from wherever the server happens to run.
#[allow(deprecated)] // `root_uri`: still the only folder some clients send.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let uris: Vec<&Uri> = match &params.workspace_folders {
        Some(folders) => folders.iter().map(|f| &f.uri).collect(),
        None => params.root_uri.iter().collect(),
    };
    uris.into_iter()
        .filter_map(|uri| {
            let path = uri_to_path(uri);
            if path.is_absolute() {
                Some(path)
            } else {
                tracing::warn!("workspace folder not on disk, ignored: {}", uri.as_str());
                None
            }
        })
        .collect()
}

impl Backend {
    /// `initialize`'s work, apart so that a panic in it can be answered.
    fn initialize_state(&self, params: &InitializeParams) -> Encoding {
        let encoding = negotiate_encoding(params);
        let folders = workspace_folders(params);
        // Reading a few small settings files is all `initialize` does;
        // indexing starts on `initialized`.
        let config_stamps = config_stamps(&folders);
        let (file_settings, mut errors) = read_config_files(&folders);
        let editor_settings = match params.initialization_options.as_ref().map(parse_json) {
            Some(Ok(p)) => p,
            Some(Err(e)) => {
                errors.push(e.to_string());
                Default::default()
            }
            None => Default::default(),
        };
        {
            let mut state = self.lock();
            state.encoding = Some(encoding);
            state.flags = client_flags(params);
            state.folders = folders;
            state.file_settings = file_settings;
            state.config_stamps = config_stamps;
            state.editor_settings = editor_settings;
            state.refresh_config();
        }
        for e in errors {
            tracing::warn!("{e}");
        }
        encoding
    }

    /// Applies the changes of one `didChange` to an open document, in
    /// order. Returns the panic message if applying them panicked, in which
    /// case the document may be half edited.
    fn apply_changes(
        &self,
        path: &Path,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Option<String> {
        let mut state = self.lock();
        let encoding = state.encoding();
        let Some(doc) = state.workspace.open.get_mut(path) else {
            tracing::warn!("change to a document not open: {}", path.display());
            return None;
        };
        if version <= doc.version {
            tracing::warn!(
                "stale change dropped: {} version {version} after {}",
                path.display(),
                doc.version
            );
            return None;
        }
        let test_hooks = self.test_hooks;
        // The lock is held across the unwinding, but the guard outlives the
        // catch: the mutex is not poisoned and the state stays usable.
        let applied = catch_unwind(AssertUnwindSafe(|| {
            for change in changes {
                if test_hooks && change.text.contains(EDIT_PANIC_MARKER) {
                    panic!("test hook: {EDIT_PANIC_MARKER}");
                }
                match change.range {
                    None => {
                        doc.replace_all(&change.text);
                    }
                    Some(range) => {
                        let start = convert::offset(doc.rope(), range.start, encoding);
                        let end = convert::offset(doc.rope(), range.end, encoding);
                        doc.apply_edit(start.min(end)..end.max(start), &change.text);
                    }
                }
            }
            doc.version = version;
        }));
        applied.err().map(|panic| panic_message(&*panic))
    }

    /// After a panic while editing: the document is parsed again from the
    /// text it holds, which the client's may no longer match, so the user
    /// is told to reopen it. If even that panics, the document is dropped.
    async fn recover_document(&self, uri: &Uri, path: &Path, version: i32, message: &str) {
        tracing::error!(
            "internal error applying an edit to {}: {message}",
            path.display()
        );
        let rebuilt = {
            let mut state = self.lock();
            let rebuilt = state.workspace.open.get_mut(path).is_some_and(|doc| {
                let text = doc.text();
                match catch_unwind(|| Document::new(&text, version)) {
                    Ok(fresh) => {
                        *doc = fresh;
                        true
                    }
                    Err(_) => false,
                }
            });
            if !rebuilt {
                state.workspace.open.remove(path);
            }
            state.diagnostics.remove(path);
            rebuilt
        };
        if !rebuilt {
            self.client
                .publish_diagnostics(uri.clone(), Vec::new(), None)
                .await;
        }
        self.client
            .show_message(
                MessageType::ERROR,
                format!(
                    "cable-ls: internal error applying an edit to {}; close and reopen it",
                    path.display()
                ),
            )
            .await;
    }

    /// After `initialized`: file watching (by the client, else by the
    /// server), then the workspace indexing in the background.
    async fn start_work(&self) {
        if self.lock().flags.watched_files_dynamic {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*".into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "cable-ls/watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                tracing::warn!("file watching not registered: {e}");
                self.watch_folders();
            }
        } else {
            // The client cannot watch for us (Neovim on Linux): watch the
            // folders from here.
            self.watch_folders();
        }
        let this = self.clone();
        tokio::spawn(async move { this.index_workspace().await });
    }

    async fn open_document(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let path = uri_to_path(&doc.uri);
        // Parsing happens here, synchronously, before any later event of
        // this document is looked at.
        let document = match catch_unwind(|| Document::new(&doc.text, doc.version)) {
            Ok(document) => document,
            Err(panic) => {
                let message = panic_message(&*panic);
                tracing::error!("internal error opening {}: {message}", path.display());
                self.client
                    .show_message(
                        MessageType::ERROR,
                        format!("cable-ls: internal error opening {}", path.display()),
                    )
                    .await;
                return;
            }
        };
        {
            let mut state = self.lock();
            state.workspace.open.insert(path.clone(), document);
            state.diagnostics.remove(&path);
            // The document's own diagnostics replace the file's.
            state.closed_published.remove(&path);
        }
        self.schedule_diagnostics(path, doc.version);
        self.schedule_index();
    }

    async fn change_document(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = uri_to_path(&uri);
        let version = params.text_document.version;
        let before = self.version_of(&path);
        if let Some(message) = self.apply_changes(&path, version, params.content_changes) {
            self.recover_document(&uri, &path, version, &message).await;
        }
        if self.version_of(&path) == before {
            return;
        }
        self.schedule_diagnostics(path, version);
        self.schedule_index();
    }

    async fn close_document(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = uri_to_path(&uri);
        {
            let mut state = self.lock();
            state.workspace.open.remove(&path);
            state.diagnostics.remove(&path);
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
        // The disk copy takes the buffer's place in the index.
        if path.is_absolute() {
            self.file_changed(path.clone(), !path.exists()).await;
        } else {
            self.schedule_index();
        }
    }

    async fn change_configuration(&self, params: DidChangeConfigurationParams) {
        match parse_json(&params.settings) {
            Ok(patch) => {
                {
                    let mut state = self.lock();
                    state.editor_settings = patch;
                    state.refresh_config();
                    state.forget_disk();
                }
                self.settings_changed().await;
            }
            Err(e) => {
                self.client
                    .show_message(MessageType::ERROR, format!("cable-ls: {e}"))
                    .await;
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = match catch_unwind(AssertUnwindSafe(|| self.initialize_state(&params))) {
            Ok(encoding) => encoding,
            Err(panic) => {
                let message = panic_message(&*panic);
                tracing::error!("initialize: internal error: {message}");
                let mut error = Error::internal_error();
                error.message = format!("cable-ls: internal error in initialize: {message}").into();
                return Err(error);
            }
        };
        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "cable-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        guarded("initialized", self.start_work()).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.lock().shutting_down = true;
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guarded("textDocument/didOpen", self.open_document(params)).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        guarded("textDocument/didChange", self.change_document(params)).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guarded("textDocument/didClose", self.close_document(params)).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        guarded("workspace/didChangeWatchedFiles", async {
            for change in params.changes {
                let path = uri_to_path(&change.uri);
                self.file_changed(path, change.typ == FileChangeType::DELETED)
                    .await;
            }
        })
        .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guarded(
            "workspace/didChangeConfiguration",
            self.change_configuration(params),
        )
        .await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.run_request("textDocument/hover", Some(&uri), |this| {
            this.handle_hover(params)
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.run_request("textDocument/definition", Some(&uri), |this| {
            this.handle_definition(params)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri.clone();
        let (locations, notice) = self
            .run_request("textDocument/references", Some(&uri), |this| {
                this.handle_references(params)
            })
            .await?;
        if let Some(notice) = notice {
            self.client.show_message(MessageType::INFO, notice).await;
        }
        Ok(locations)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri.clone();
        self.run_request("textDocument/documentSymbol", Some(&uri), |this| {
            this.handle_document_symbol(params)
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run_request("workspace/symbol", None, |this| {
            this.handle_workspace_symbol(params)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.run_request("textDocument/completion", Some(&uri), |this| {
            this.handle_completion(params)
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        self.run_request("textDocument/codeAction", Some(&uri), |this| {
            this.handle_code_action(params)
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri.clone();
        self.run_request("textDocument/foldingRange", Some(&uri), |this| {
            this.handle_folding_range(params)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        self.run_request(
            "textDocument/semanticTokens/full",
            Some(&uri.clone()),
            move |this| {
                this.handle_semantic_tokens(&uri, None)
                    .map(SemanticTokensResult::Tokens)
            },
        )
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let uri = params.text_document.uri;
        let range = params.range;
        self.run_request(
            "textDocument/semanticTokens/range",
            Some(&uri.clone()),
            move |this| {
                this.handle_semantic_tokens(&uri, Some(range))
                    .map(SemanticTokensRangeResult::Tokens)
            },
        )
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri.clone();
        self.run_request("textDocument/documentLink", Some(&uri), |this| {
            this.handle_document_link(params)
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri.clone();
        self.run_request("textDocument/codeLens", Some(&uri), |this| {
            this.handle_code_lens(params)
        })
        .await
    }
}
