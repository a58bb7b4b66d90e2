//! Request handlers, each three steps: convert the request (URI → path,
//! position → byte offset) and take a snapshot under the lock; call the
//! pure feature; convert the result (byte spans → ranges in the negotiated
//! encoding). `run_request` runs them off the message loop, turns a panic
//! into an internal error answer and a stale answer into `ContentModified`;
//! `Bounds` keeps navigation inside the workspace folders.

use super::convert::{self, uri_to_path};
use super::position::Encoding;
use super::server::Backend;
use crate::ide::code_actions::quick_fixes;
use crate::ide::code_lens::code_lenses;
use crate::ide::completion::{completions, CompletionKind};
use crate::ide::document_links::document_links;
use crate::ide::folding::{folding_ranges, FoldKind};
use crate::ide::hover::hover;
use crate::ide::outline::{outline, OutlineKind, OutlineNode};
use crate::ide::references::{definition, references_limited, MAX_REFERENCES};
use crate::ide::semantic_tokens::{semantic_tokens, Token};
use crate::ide::symbols::{workspace_symbols, SymbolKind as IdeSymbolKind};
use crate::ide::world::{DocSnapshot, World};
use crate::model::document::CableEntry;
use crate::model::summary::{rope_pos, rope_range};
use crate::syntax::Span;
use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

/// Test hook markers (see `Backend::test_hooks`): a request about a document
/// holding `PANIC_MARKER` panics in its handler; one about a document holding
/// `WAIT_MARKER` waits until the document is edited (or `HOOK_WAIT_LIMIT`).
pub const PANIC_MARKER: &str = "CABLE-LS-TEST-PANIC";
pub const WAIT_MARKER: &str = "CABLE-LS-TEST-WAIT";
const HOOK_WAIT_LIMIT: Duration = Duration::from_secs(60);

/// The message of a caught panic, for the log and the error answer.
pub fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Runs a notification's work, logging a panic in it (with `method`)
/// instead of letting it unwind into the message loop, which would end the
/// server.
pub async fn guarded<'a>(method: &str, work: impl Future<Output = ()> + Send + 'a) {
    if let Err(message) = (Caught(Box::pin(work))).await {
        tracing::error!("{method}: internal error: {message}");
    }
}

/// A future whose panic, while it is polled, becomes its output.
struct Caught<'a, T>(Pin<Box<dyn Future<Output = T> + Send + 'a>>);

impl<T> Future for Caught<'_, T> {
    type Output = std::result::Result<T, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch_unwind(AssertUnwindSafe(|| self.0.as_mut().poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic_message(&*panic))),
        }
    }
}

/// Where navigation may lead: into a workspace folder, or to a document the
/// client itself opened.
///
/// [`Bounds::allows`] checks the path's words, with no file system call,
/// so an answer naming ten thousand files costs no more than building it:
/// links are resolved earlier, where files enter the index (the folder
/// walk and the watcher take a link only when it leads inside,
/// `model::walk::is_candidate`, and a file replaced by a link leading
/// out leaves the index on the watcher's event). A path with `.` or `..`
/// is refused whatever its prefix. [`Bounds::allows_resolved`] also
/// resolves links, for the answers that open one file (definition,
/// document links), so that even a link the watcher has not reported yet
/// is not followed out.
pub struct Bounds {
    /// The workspace folders as the client named them, and resolved.
    folders: Vec<PathBuf>,
    /// The resolved folders alone.
    real_folders: Vec<PathBuf>,
    open: HashSet<PathBuf>,
}

impl Bounds {
    pub fn allows(&self, path: &Path) -> bool {
        if self.open.contains(path) {
            return true;
        }
        let plain = path.is_absolute()
            && path.components().all(|c| {
                !matches!(
                    c,
                    std::path::Component::CurDir | std::path::Component::ParentDir
                )
            });
        let allowed = plain && self.folders.iter().any(|f| path.starts_with(f));
        if !allowed {
            tracing::info!("not offered, outside the workspace: {}", path.display());
        }
        allowed
    }

    /// [`Bounds::allows`], and the file the path leads to once links are
    /// resolved is inside a folder too.
    pub fn allows_resolved(&self, path: &Path) -> bool {
        if self.open.contains(path) {
            return true;
        }
        let inside = self.allows(path)
            && std::fs::canonicalize(path)
                .is_ok_and(|real| self.real_folders.iter().any(|f| real.starts_with(f)));
        if !inside {
            tracing::info!(
                "not offered, leads outside the workspace: {}",
                path.display()
            );
        }
        inside
    }
}

impl Backend {
    /// Runs a request's work on a blocking worker, so the message loop stays
    /// free to read `$/cancelRequest` and the next edits. A panic in the work
    /// is logged and answered with an internal error; the server serves on.
    /// When the request's document changed while the answer was computed,
    /// the answer (in positions of the old text) is replaced by
    /// `ContentModified`, for the client to ask again.
    pub async fn run_request<R: Send + 'static>(
        &self,
        method: &'static str,
        uri: Option<&Uri>,
        work: impl FnOnce(&Backend) -> R + Send + 'static,
    ) -> Result<R> {
        let path = uri.map(uri_to_path);
        let version_before = path.as_deref().and_then(|p| self.version_of(p));
        let this = self.clone();
        let hook_path = path.clone();
        let joined = tokio::task::spawn_blocking(move || {
            if this.test_hooks {
                if let Some(path) = &hook_path {
                    this.run_test_hooks(path, version_before);
                }
            }
            work(&this)
        })
        .await;
        match joined {
            Ok(answer) => {
                let version_after = path.as_deref().and_then(|p| self.version_of(p));
                if version_after != version_before {
                    tracing::info!("{method}: the document changed meanwhile; content modified");
                    return Err(Error {
                        code: ErrorCode::ContentModified,
                        message: "the document changed while the answer was computed".into(),
                        data: None,
                    });
                }
                Ok(answer)
            }
            Err(e) => {
                let message = if e.is_panic() {
                    panic_message(&*e.into_panic())
                } else {
                    e.to_string()
                };
                tracing::error!("{method}: internal error: {message}");
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("cable-ls: internal error in {method}: {message}").into(),
                    data: None,
                })
            }
        }
    }

    /// The version of an open document.
    pub fn version_of(&self, path: &Path) -> Option<i32> {
        self.lock().workspace.open.get(path).map(|d| d.version)
    }

    /// The test hooks of a request about `path` (see [`PANIC_MARKER`]).
    fn run_test_hooks(&self, path: &Path, version: Option<i32>) {
        let text = match self.lock().workspace.open.get(path) {
            Some(doc) => doc.text(),
            None => return,
        };
        if text.contains(PANIC_MARKER) {
            panic!("test hook: {PANIC_MARKER}");
        }
        if text.contains(WAIT_MARKER) {
            let start = Instant::now();
            while self.version_of(path) == version && start.elapsed() < HOOK_WAIT_LIMIT {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    /// The navigation bounds as of now.
    pub fn bounds(&self) -> Bounds {
        let (folders, open) = {
            let state = self.lock();
            (
                state.folders.clone(),
                state.workspace.open.keys().cloned().collect(),
            )
        };
        let real_folders: Vec<PathBuf> = folders
            .iter()
            .filter_map(|f| std::fs::canonicalize(f).ok())
            .collect();
        let mut all = folders.clone();
        all.extend(real_folders.iter().cloned());
        Bounds {
            folders: all,
            real_folders,
            open,
        }
    }

    /// The world, the document and the encoding, or `None` for a document
    /// that is not open.
    fn snapshot(&self, uri: &Uri) -> Option<(World, DocSnapshot, Encoding)> {
        let state = self.lock();
        let doc = state.doc(&uri_to_path(uri))?;
        Some((state.world(), doc, state.encoding()))
    }

    fn range_of(&self, doc: &DocSnapshot, span: Span, encoding: Encoding) -> Range {
        convert::range(rope_range(doc.rope(), span), encoding)
    }

    pub fn handle_hover(&self, params: HoverParams) -> Option<Hover> {
        let p = params.text_document_position_params;
        let (world, doc, enc) = self.snapshot(&p.text_document.uri)?;
        let offset = convert::offset(doc.rope(), p.position, enc);
        let result = hover(&world, &doc, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: result.markdown,
            }),
            range: Some(self.range_of(&doc, result.span, enc)),
        })
    }

    pub fn handle_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Option<GotoDefinitionResponse> {
        let p = params.text_document_position_params;
        let (world, doc, enc) = self.snapshot(&p.text_document.uri)?;
        let offset = convert::offset(doc.rope(), p.position, enc);
        let target = definition(&world, &doc, offset)?;
        if !self.bounds().allows_resolved(&target.path) {
            return None;
        }
        Some(GotoDefinitionResponse::Scalar(convert::location(
            &target, enc,
        )?))
    }

    /// The references, and a notice for the user when they are not all:
    /// more than [`MAX_REFERENCES`], or found in a workspace still being
    /// indexed.
    pub fn handle_references(
        &self,
        params: ReferenceParams,
    ) -> (Option<Vec<Location>>, Option<String>) {
        let p = params.text_document_position;
        let Some((world, doc, enc)) = self.snapshot(&p.text_document.uri) else {
            return (None, None);
        };
        let offset = convert::offset(doc.rope(), p.position, enc);
        let found = references_limited(
            &world,
            &doc,
            offset,
            params.context.include_declaration,
            MAX_REFERENCES,
        );
        let mut notice = Vec::new();
        if found.is_truncated() {
            notice.push(format!(
                "The first {} of {} references are listed.",
                found.locations.len(),
                found.total
            ));
        }
        if let Some(indexing) = world.indexing.filter(|_| found.total > 0) {
            notice.push(format!(
                "{} References in files not read yet are missing.",
                indexing.notice()
            ));
        }
        let notice = (!notice.is_empty()).then(|| format!("cable-ls: {}", notice.join(" ")));
        let bounds = self.bounds();
        let mut uris = convert::UriCache::default();
        let locations = found
            .locations
            .iter()
            .filter(|l| bounds.allows(&l.path))
            .filter_map(|l| uris.location(l, enc))
            .collect();
        (Some(locations), notice)
    }

    pub fn handle_document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Option<DocumentSymbolResponse> {
        let (_, doc, enc) = self.snapshot(&params.text_document.uri)?;
        let symbols = doc
            .cables()
            .iter()
            .map(|entry| {
                let a = &entry.analysis;
                let node = outline(&a.text, &a.cable, &a.facts);
                to_symbol(&doc, entry, &node, enc)
            })
            .collect();
        Some(DocumentSymbolResponse::Nested(symbols))
    }

    pub fn handle_workspace_symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Option<WorkspaceSymbolResponse> {
        let (world, enc) = {
            let state = self.lock();
            (state.world(), state.encoding())
        };
        let bounds = self.bounds();
        #[allow(deprecated)] // `deprecated` is a required field of the type.
        let symbols = workspace_symbols(&world, &params.query)
            .into_iter()
            .filter(|s| bounds.allows(&s.location.path))
            .filter_map(|s| {
                Some(SymbolInformation {
                    name: s.name,
                    kind: match s.kind {
                        IdeSymbolKind::Cable => SymbolKind::FILE,
                        IdeSymbolKind::Person => SymbolKind::VARIABLE,
                    },
                    tags: None,
                    deprecated: None,
                    location: convert::location(&s.location, enc)?,
                    container_name: s.container,
                })
            })
            .collect();
        Some(WorkspaceSymbolResponse::Flat(symbols))
    }

    pub fn handle_completion(&self, params: CompletionParams) -> Option<CompletionResponse> {
        let p = params.text_document_position;
        let (_, doc, enc) = self.snapshot(&p.text_document.uri)?;
        let offset = convert::offset(doc.rope(), p.position, enc);
        let (entry, rel) = doc.cable_at(offset)?;
        let a = &entry.analysis;
        let items = completions(&a.text, &a.cable, rel)
            .into_iter()
            .map(|c| {
                let range = self.range_of(&doc, c.replace.shift(entry.start as u32), enc);
                CompletionItem {
                    label: c.label.clone(),
                    kind: Some(match c.kind {
                        CompletionKind::Tag => CompletionItemKind::ENUM_MEMBER,
                        CompletionKind::RoutingIndicator => CompletionItemKind::MODULE,
                        CompletionKind::Precedence => CompletionItemKind::KEYWORD,
                    }),
                    detail: c.detail,
                    documentation: c.documentation.map(|d| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: d,
                        })
                    }),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: c.label,
                    })),
                    ..Default::default()
                }
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }

    pub fn handle_code_action(&self, params: CodeActionParams) -> Option<CodeActionResponse> {
        let uri = params.text_document.uri;
        let path = uri_to_path(&uri);
        let (doc, diagnostics, enc) = {
            let state = self.lock();
            let doc = state.doc(&path)?;
            let d = state.diagnostics.get(&path)?;
            // Fixes computed for another version would edit the wrong text.
            if d.current_version != Some(doc.doc.version) {
                return Some(Vec::new());
            }
            (doc, d.current.clone(), state.encoding())
        };
        let start = convert::offset(doc.rope(), params.range.start, enc);
        let end = convert::offset(doc.rope(), params.range.end, enc);
        let fixes = quick_fixes(&diagnostics, Span::new(start, end.max(start)));
        let actions = fixes
            .into_iter()
            .filter_map(|fix| {
                let d = diagnostics.get(fix.diagnostic)?;
                let edit = TextEdit {
                    range: self.range_of(&doc, fix.span, enc),
                    new_text: fix.replacement,
                };
                let diagnostic = Diagnostic {
                    range: self.range_of(&doc, d.span, enc),
                    code: Some(NumberOrString::String(d.code.to_string())),
                    message: d.message.clone(),
                    source: Some("cable-ls".into()),
                    ..Default::default()
                };
                Some(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    is_preferred: Some(true),
                    ..Default::default()
                }))
            })
            .collect();
        Some(actions)
    }

    pub fn handle_folding_range(&self, params: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
        let (_, doc, _) = self.snapshot(&params.text_document.uri)?;
        let rope = doc.rope();
        let mut out = Vec::new();
        for entry in doc.cables() {
            let a = &entry.analysis;
            for fold in folding_ranges(&a.text, &a.cable) {
                let span = fold.span.shift(entry.start as u32);
                let start_line = rope_pos(rope, span.start as usize).line;
                let end_line = rope_pos(rope, span.end as usize).line;
                if end_line > start_line {
                    out.push(FoldingRange {
                        start_line,
                        end_line,
                        kind: Some(match fold.kind {
                            FoldKind::Header => FoldingRangeKind::Imports,
                            FoldKind::Region => FoldingRangeKind::Region,
                        }),
                        ..Default::default()
                    });
                }
            }
        }
        Some(out)
    }

    pub fn handle_semantic_tokens(
        &self,
        uri: &Uri,
        range: Option<Range>,
    ) -> Option<SemanticTokens> {
        let (_, doc, enc) = self.snapshot(uri)?;
        let rope = doc.rope();
        let wanted = range.map(|r| {
            let start = convert::offset(rope, r.start, enc);
            let end = convert::offset(rope, r.end, enc);
            Span::new(start, end.max(start))
        });
        let mut data = Vec::new();
        let (mut last_line, mut last_start) = (0u32, 0u32);
        for entry in doc.cables() {
            let cable_span = Span::new(entry.start, entry.end());
            if let Some(w) = wanted {
                if cable_span.end < w.start || cable_span.start > w.end {
                    continue;
                }
            }
            let a = &entry.analysis;
            let people: Vec<Span> = a.mentions.iter().map(|m| m.span).collect();
            for Token { span, kind } in semantic_tokens(&a.text, &a.cable, &a.facts, &people) {
                let span = span.shift(entry.start as u32);
                if wanted.is_some_and(|w| span.end < w.start || span.start > w.end) {
                    continue;
                }
                let r = convert::range(rope_range(rope, span), enc);
                if r.end.line != r.start.line || r.end.character <= r.start.character {
                    continue;
                }
                let delta_line = r.start.line - last_line;
                let delta_start = if delta_line == 0 {
                    r.start.character - last_start
                } else {
                    r.start.character
                };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: r.end.character - r.start.character,
                    token_type: kind.legend_index(),
                    token_modifiers_bitset: 0,
                });
                last_line = r.start.line;
                last_start = r.start.character;
            }
        }
        Some(SemanticTokens {
            result_id: None,
            data,
        })
    }

    pub fn handle_document_link(&self, params: DocumentLinkParams) -> Option<Vec<DocumentLink>> {
        let (world, doc, enc) = self.snapshot(&params.text_document.uri)?;
        let bounds = self.bounds();
        let links = document_links(&world, &doc)
            .into_iter()
            .filter(|link| bounds.allows_resolved(&link.target.path))
            .filter_map(|link| {
                let uri = convert::path_to_uri(&link.target.path)?;
                // `#L12` opens the file at the cable (VS Code's convention).
                let target = format!("{}#L{}", uri.as_str(), link.target.range.start.line + 1);
                Some(DocumentLink {
                    range: self.range_of(&doc, link.span, enc),
                    target: target.parse().ok(),
                    tooltip: Some(format!("Open {}", link.id)),
                    data: None,
                })
            })
            .collect();
        Some(links)
    }

    pub fn handle_code_lens(&self, params: CodeLensParams) -> Option<Vec<CodeLens>> {
        let uri = params.text_document.uri;
        let (world, doc, enc) = self.snapshot(&uri)?;
        let bounds = self.bounds();
        let mut uris = convert::UriCache::default();
        let lenses = code_lenses(&world, &doc)
            .into_iter()
            .map(|lens| {
                let range = self.range_of(&doc, lens.span, enc);
                let locations: Vec<Location> = lens
                    .locations
                    .iter()
                    .filter(|l| bounds.allows(&l.path))
                    .filter_map(|l| uris.location(l, enc))
                    .collect();
                // The editor's own references view, as rust-analyzer does:
                // arguments are the document, the position and the places.
                let command = Command {
                    title: lens.title,
                    command: "cable-ls.showReferences".into(),
                    arguments: Some(vec![
                        serde_json::json!(uri.as_str()),
                        serde_json::to_value(range.start).unwrap_or_default(),
                        serde_json::to_value(locations).unwrap_or_default(),
                    ]),
                };
                CodeLens {
                    range,
                    command: Some(command),
                    data: None,
                }
            })
            .collect();
        Some(lenses)
    }
}

fn to_symbol(
    doc: &DocSnapshot,
    entry: &CableEntry,
    node: &OutlineNode,
    enc: Encoding,
) -> DocumentSymbol {
    let range = convert::range(
        rope_range(doc.rope(), node.span.shift(entry.start as u32)),
        enc,
    );
    let selection_range = convert::range(
        rope_range(doc.rope(), node.selection.shift(entry.start as u32)),
        enc,
    );
    #[allow(deprecated)] // `deprecated` is a required field of the type.
    DocumentSymbol {
        name: if node.name.trim().is_empty() {
            "(untitled)".into()
        } else {
            node.name.clone()
        },
        detail: node.detail.clone(),
        kind: match node.kind {
            OutlineKind::Cable => SymbolKind::FILE,
            OutlineKind::Group => SymbolKind::NAMESPACE,
            OutlineKind::Field => SymbolKind::FIELD,
            OutlineKind::Heading => SymbolKind::CLASS,
            OutlineKind::Paragraph => SymbolKind::STRING,
        },
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!node.children.is_empty()).then(|| {
            node.children
                .iter()
                .map(|c| to_symbol(doc, entry, c, enc))
                .collect()
        }),
    }
}
