//! The language server: document synchronisation, settings and the
//! capability announcement. Feature requests are in `handlers.rs`; work on
//! the server's own schedule in `tasks.rs`.

use super::convert::{self, uri_to_path};
use super::position::Encoding;
use super::state::{ClientFlags, State};
use crate::ide::semantic_tokens::TOKEN_KINDS;
use crate::model::config::parse_json;
use crate::model::config::read_config_files;
use crate::model::document::Document;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    state: Arc<Mutex<State>>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
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

#[allow(deprecated)] // `root_uri`: still the only folder some clients send.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders.iter().map(|f| uri_to_path(&f.uri)).collect();
    }
    params.root_uri.iter().map(uri_to_path).collect()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let folders = workspace_folders(&params);
        // Reading a few small settings files is all `initialize` does;
        // indexing starts on `initialized`.
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
            state.flags = client_flags(&params);
            state.folders = folders;
            state.file_settings = file_settings;
            state.editor_settings = editor_settings;
            state.refresh_config();
        }
        for e in errors {
            tracing::warn!("{e}");
        }
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

    async fn shutdown(&self) -> Result<()> {
        self.lock().shutting_down = true;
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let path = uri_to_path(&doc.uri);
        // Parsing happens here, synchronously, before any later event of
        // this document is looked at.
        let document = Document::new(&doc.text, doc.version);
        {
            let mut state = self.lock();
            state.workspace.open.insert(path.clone(), document);
            state.diagnostics.remove(&path);
        }
        self.schedule_diagnostics(path, doc.version);
        self.schedule_index();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let path = uri_to_path(&params.text_document.uri);
        let version = params.text_document.version;
        {
            let mut state = self.lock();
            let encoding = state.encoding();
            let Some(doc) = state.workspace.open.get_mut(&path) else {
                tracing::warn!("change to a document not open: {}", path.display());
                return;
            };
            if version <= doc.version {
                tracing::warn!(
                    "stale change dropped: {} version {version} after {}",
                    path.display(),
                    doc.version
                );
                return;
            }
            for change in params.content_changes {
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
        }
        self.schedule_diagnostics(path, version);
        self.schedule_index();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
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

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            let path = uri_to_path(&change.uri);
            self.file_changed(path, change.typ == FileChangeType::DELETED)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match parse_json(&params.settings) {
            Ok(patch) => {
                {
                    let mut state = self.lock();
                    state.editor_settings = patch;
                    state.refresh_config();
                    state.workspace.disk.clear();
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

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(self.handle_hover(params))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        Ok(self.handle_definition(params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        Ok(self.handle_references(params))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self.handle_document_symbol(params))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        Ok(self.handle_workspace_symbol(params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        Ok(self.handle_completion(params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(self.handle_code_action(params))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self.handle_folding_range(params))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        Ok(self
            .handle_semantic_tokens(&params.text_document.uri, None)
            .map(SemanticTokensResult::Tokens))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        Ok(self
            .handle_semantic_tokens(&params.text_document.uri, Some(params.range))
            .map(SemanticTokensRangeResult::Tokens))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        Ok(self.handle_document_link(params))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        Ok(self.handle_code_lens(params))
    }
}
