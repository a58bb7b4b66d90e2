//! The language server in-process, as the stdio transport drives it: a
//! session of arbitrary messages (opens, edits with any ranges and
//! versions, requests at any position, cancellations, settings, file
//! events, wrong params to every method, raw bytes through the frame
//! filter, shutdown and exit) on a fresh server per input. The server must
//! not panic (libFuzzer's panic hook aborts even where the server would
//! catch it), must answer every request exactly once with its id, and must
//! never answer with an internal error.

#![no_main]

use cable_ls::lsp::{service, FrameFilter, REJECTED_METHOD};
use futures::{SinkExt, StreamExt};
use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;
use tokio::task::JoinHandle;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{ErrorCode, Request, Response};

const EXAMPLES: [(&str, &str); 5] = [
    (
        "000_2fe200cbb93dc52e.txt",
        include_str!("../../examples/000_2fe200cbb93dc52e.txt"),
    ),
    (
        "001_d1f1339951ffc235.txt",
        include_str!("../../examples/001_d1f1339951ffc235.txt"),
    ),
    (
        "002_7b060bb6257fa9c8.txt",
        include_str!("../../examples/002_7b060bb6257fa9c8.txt"),
    ),
    (
        "003_8c28089682284740.txt",
        include_str!("../../examples/003_8c28089682284740.txt"),
    ),
    (
        "004_2f81a62bb2cdd743.txt",
        include_str!("../../examples/004_2f81a62bb2cdd743.txt"),
    ),
];

/// A workspace folder with the example cables, made once per process.
static ROOT: LazyLock<PathBuf> = LazyLock::new(|| {
    let root = std::env::temp_dir().join(format!("cable-ls-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("sub")).unwrap();
    for (i, (name, text)) in EXAMPLES.iter().enumerate() {
        let dir = if i.is_multiple_of(2) {
            root.clone()
        } else {
            root.join("sub")
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
    root
});

const METHODS: [&str; 24] = [
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentSymbol",
    "workspace/symbol",
    "textDocument/completion",
    "textDocument/codeAction",
    "textDocument/foldingRange",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/range",
    "textDocument/documentLink",
    "textDocument/codeLens",
    "cableLs/status",
    "cableLs/people",
    "cableLs/rejectedMessage",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "initialized",
    "$/cancelRequest",
    "$/setTrace",
    "textDocument/unknown",
];

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Doc {
    Example(u8),
    Untitled(u8),
    Outside,
    NotAFile,
}

impl Doc {
    fn uri(self) -> String {
        match self {
            Doc::Example(i) => {
                let i = i as usize % EXAMPLES.len();
                let dir = if i.is_multiple_of(2) {
                    ROOT.clone()
                } else {
                    ROOT.join("sub")
                };
                format!("file://{}/{}", dir.display(), EXAMPLES[i].0)
            }
            Doc::Untitled(i) => format!("untitled:Untitled-{}", i % 4),
            Doc::Outside => "file:///nonexistent/cable-ls-fuzz/outside.txt".into(),
            Doc::NotAFile => "https://example.com/cable.txt".into(),
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Pos {
    line: u32,
    character: u32,
}

impl Pos {
    /// Mostly near the text, sometimes anywhere.
    fn json(self) -> Value {
        let line = if self.line.is_multiple_of(8) {
            self.line
        } else {
            self.line % 80
        };
        let character = if self.character.is_multiple_of(8) {
            self.character
        } else {
            self.character % 120
        };
        json!({"line": line, "character": character})
    }
}

#[derive(Arbitrary, Debug)]
enum Text {
    Example(u8),
    Fragment(u8),
    Any(String),
}

const FRAGMENTS: [&str; 12] = [
    "\n",
    "\r\n",
    "\r",
    "¶",
    "𝄞",
    "TAGS: PREL ",
    "SUBJECT: ",
    "REF: A) 08 ROME 104\n",
    "1. (C) ",
    "VZCZC\n",
    "D'Alema ",
    "C O N F I D E N T I A L ROME 000104\n",
];

impl Text {
    fn get(&self) -> String {
        match self {
            Text::Example(i) => EXAMPLES[*i as usize % EXAMPLES.len()].1.to_string(),
            Text::Fragment(i) => FRAGMENTS[*i as usize % FRAGMENTS.len()].to_string(),
            Text::Any(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Change {
    range: Option<(Pos, Pos)>,
    text: Text,
}

/// Any JSON value, a few levels deep.
#[derive(Debug)]
struct Json(Value);

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Json> {
        fn value(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
            let kinds = if depth == 0 { 6 } else { 8 };
            Ok(match u.int_in_range(0..=kinds - 1)? {
                0 => Value::Null,
                1 => Value::Bool(u.arbitrary()?),
                2 => json!(u.arbitrary::<i64>()?),
                3 => json!(u.arbitrary::<u32>()?),
                4 => json!(u.arbitrary::<f64>()?),
                5 => {
                    // Strings that mean something to the server, or any.
                    let known = [
                        "file:///",
                        "untitled:x",
                        "utf-8",
                        "utf-16",
                        "**",
                        "/**",
                        "../**",
                        "2.0",
                        "B002",
                        "rome",
                        "textDocument",
                    ];
                    if u.arbitrary()? {
                        Value::String(known[u.choose_index(known.len())?].to_string())
                    } else {
                        Value::String(u.arbitrary()?)
                    }
                }
                6 => {
                    let n = u.int_in_range(0..=3)?;
                    Value::Array(
                        (0..n)
                            .map(|_| value(u, depth - 1))
                            .collect::<Result<_, _>>()?,
                    )
                }
                _ => {
                    let keys = [
                        "textDocument",
                        "uri",
                        "position",
                        "line",
                        "character",
                        "range",
                        "start",
                        "end",
                        "context",
                        "query",
                        "text",
                        "version",
                        "contentChanges",
                        "settings",
                        "cable-ls",
                        "include",
                        "exclude",
                        "maxFileBytes",
                        "diagnostics",
                        "changes",
                        "type",
                        "id",
                        "code",
                        "message",
                        "includeDeclaration",
                    ];
                    let n = u.int_in_range(0..=4)?;
                    let mut map = Map::new();
                    for _ in 0..n {
                        map.insert(
                            keys[u.choose_index(keys.len())?].to_string(),
                            value(u, depth - 1)?,
                        );
                    }
                    Value::Object(map)
                }
            })
        }
        Ok(Json(value(u, 3)?))
    }
}

#[derive(Arbitrary, Debug)]
enum Step {
    Open {
        doc: Doc,
        text: Text,
        version: i8,
    },
    Change {
        doc: Doc,
        version: i8,
        changes: Vec<Change>,
    },
    Close {
        doc: Doc,
    },
    Request {
        method: u8,
        doc: Doc,
        a: Pos,
        b: Pos,
        query: String,
    },
    Cancel {
        back: u8,
    },
    Settings {
        include: Option<Vec<String>>,
        exclude: Option<Vec<String>>,
        max_file_bytes: Option<u64>,
        enable: Option<bool>,
        disabled: Option<Vec<String>>,
    },
    Watched {
        doc: Doc,
        kind: u8,
    },
    /// Any params to any method, as a request or a notification.
    Raw {
        method: u8,
        params: Json,
        id: Option<i32>,
    },
    /// Bytes from the wire, through the frame filter.
    Frame(Vec<u8>),
    /// Lets the debounced work run.
    Flush,
    Shutdown,
    Exit,
}

#[derive(Arbitrary, Debug)]
struct Session {
    utf8: bool,
    with_root: bool,
    progress: bool,
    watch: bool,
    initialize_first: bool,
    steps: Vec<Step>,
}

fn initialize_params(session: &Session) -> Value {
    let encodings = if session.utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    json!({
        "processId": null,
        "rootUri": session.with_root.then(|| format!("file://{}", ROOT.display())),
        "capabilities": {
            "general": {"positionEncodings": encodings},
            "window": {"workDoneProgress": session.progress},
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": session.watch},
                "codeLens": {"refreshSupport": true}
            },
            "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
        }
    })
}

fn range(a: Pos, b: Pos) -> Value {
    json!({"start": a.json(), "end": b.json()})
}

/// The params of a well-formed request for `method`.
fn request_params(method: &str, doc: Doc, a: Pos, b: Pos, query: &str) -> Value {
    let uri = doc.uri();
    let td = json!({"uri": uri});
    match method {
        "workspace/symbol" => json!({"query": query}),
        "cableLs/status" => Value::Null,
        "cableLs/people" => json!({"query": query}),
        "cableLs/rejectedMessage" => json!({"code": a.line as i64 - 40000, "message": query}),
        "textDocument/references" => json!({"textDocument": td, "position": a.json(),
            "context": {"includeDeclaration": b.line.is_multiple_of(2)}}),
        "textDocument/codeAction" => json!({"textDocument": td, "range": range(a, b),
            "context": {"diagnostics": []}}),
        "textDocument/semanticTokens/range" => json!({"textDocument": td, "range": range(a, b)}),
        "textDocument/documentSymbol"
        | "textDocument/foldingRange"
        | "textDocument/semanticTokens/full"
        | "textDocument/documentLink"
        | "textDocument/codeLens" => json!({"textDocument": td}),
        _ => json!({"textDocument": td, "position": a.json()}),
    }
}

struct Driver {
    service: tower_lsp_server::LspService<cable_ls::lsp::Backend>,
    /// Requests in flight: the answer to come, and whether an internal
    /// error is a right answer (the rejection method answers with the
    /// error it is given).
    pending: Vec<(JoinHandle<Option<Response>>, bool)>,
    next_id: i64,
    exited: bool,
    initialize: Value,
}

impl Driver {
    /// Delivers one message; requests run as tasks, notifications to the end.
    async fn deliver(&mut self, request: Request) {
        if self.exited {
            return;
        }
        // `initialize` always comes with the driver's params: fuzzed ones
        // could make the server index the whole file system.
        let request = if request.method() == "initialize" {
            let mut r = serde_json::to_value(&request).unwrap();
            r["params"] = self.initialize.clone();
            serde_json::from_value(r).unwrap()
        } else {
            request
        };
        let is_exit = request.method() == "exit";
        let any_error = request.method() == REJECTED_METHOD;
        let id = request.id().cloned();
        if self.service.ready().await.is_err() {
            self.exited = true;
            return;
        }
        let call = self.service.call(request);
        match id {
            Some(id) => {
                let handle = tokio::spawn(async move {
                    let response = call.await.ok().flatten();
                    if let Some(r) = &response {
                        let (got, _) = r.clone().into_parts();
                        assert_eq!(got, id, "answer to another request");
                    }
                    response
                });
                self.pending.push((handle, any_error));
            }
            None => {
                let _ = call.await;
            }
        }
        if is_exit {
            self.exited = true;
        }
    }

    async fn request(&mut self, method: &str, params: Value) {
        let id = self.next_id;
        self.next_id += 1;
        let request = Request::build(method.to_string())
            .id(id)
            .params(params)
            .finish();
        self.deliver(request).await;
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let request = Request::build(method.to_string()).params(params).finish();
        self.deliver(request).await;
    }

    /// Waits for every request; checks none was answered with an internal
    /// error.
    async fn settle(&mut self) {
        for (handle, any_error) in self.pending.drain(..) {
            let response = handle.await.expect("request task");
            if let Some(response) = response {
                if let (_, Err(error)) = response.into_parts() {
                    assert!(
                        any_error || error.code != ErrorCode::InternalError,
                        "{error:?}"
                    );
                }
            }
        }
    }
}

async fn run(session: Session) {
    let (service, socket) = service();
    // The client side: answer the server's requests (progress tokens,
    // registrations, refreshes) with null, drop its notifications.
    let (mut from_server, mut to_server) = socket.split();
    let client = tokio::spawn(async move {
        while let Some(request) = from_server.next().await {
            if let Some(id) = request.id().cloned() {
                if to_server
                    .send(Response::from_ok(id, Value::Null))
                    .await
                    .is_err()
                {
                    break;
                }
            }
        }
    });
    let mut driver = Driver {
        service,
        pending: Vec::new(),
        next_id: 1,
        exited: false,
        initialize: initialize_params(&session),
    };
    if session.initialize_first {
        let params = driver.initialize.clone();
        driver.request("initialize", params).await;
        driver.settle().await;
        driver.notify("initialized", json!({})).await;
    }
    let mut filter = FrameFilter::default();
    for step in session.steps.into_iter().take(64) {
        match step {
            Step::Open { doc, text, version } => {
                driver
                    .notify(
                        "textDocument/didOpen",
                        json!({"textDocument": {"uri": doc.uri(), "languageId": "cable",
                            "version": version, "text": text.get()}}),
                    )
                    .await
            }
            Step::Change {
                doc,
                version,
                changes,
            } => {
                let changes: Vec<Value> = changes
                    .iter()
                    .take(8)
                    .map(|c| match c.range {
                        Some((a, b)) => json!({"range": range(a, b), "text": c.text.get()}),
                        None => json!({"text": c.text.get()}),
                    })
                    .collect();
                driver
                    .notify(
                        "textDocument/didChange",
                        json!({"textDocument": {"uri": doc.uri(), "version": version},
                            "contentChanges": changes}),
                    )
                    .await
            }
            Step::Close { doc } => {
                driver
                    .notify(
                        "textDocument/didClose",
                        json!({"textDocument": {"uri": doc.uri()}}),
                    )
                    .await
            }
            Step::Request {
                method,
                doc,
                a,
                b,
                query,
            } => {
                let method = METHODS[method as usize % 15];
                let params = request_params(method, doc, a, b, &query);
                driver.request(method, params).await
            }
            Step::Cancel { back } => {
                let id = driver.next_id - 1 - back as i64 % 4;
                driver.notify("$/cancelRequest", json!({"id": id})).await
            }
            Step::Settings {
                include,
                exclude,
                max_file_bytes,
                enable,
                disabled,
            } => {
                let mut settings = Map::new();
                if let Some(v) = include {
                    settings.insert("include".into(), json!(v));
                }
                if let Some(v) = exclude {
                    settings.insert("exclude".into(), json!(v));
                }
                if let Some(v) = max_file_bytes {
                    settings.insert("maxFileBytes".into(), json!(v));
                }
                settings.insert(
                    "diagnostics".into(),
                    json!({"enable": enable, "disabled": disabled}),
                );
                driver
                    .notify(
                        "workspace/didChangeConfiguration",
                        json!({"settings": {"cable-ls": settings}}),
                    )
                    .await
            }
            Step::Watched { doc, kind } => {
                driver
                    .notify(
                        "workspace/didChangeWatchedFiles",
                        json!({"changes": [{"uri": doc.uri(), "type": 1 + kind % 3}]}),
                    )
                    .await
            }
            Step::Raw { method, params, id } => {
                let method = METHODS[method as usize % METHODS.len()];
                match id {
                    Some(_) => driver.request(method, params.0).await,
                    None => driver.notify(method, params.0).await,
                }
            }
            Step::Frame(bytes) => {
                filter.push(&bytes);
                while let Some(frame) = filter.next_frame() {
                    let text = std::str::from_utf8(&frame).expect("frames are UTF-8");
                    let (_, body) = text.split_once("\r\n\r\n").expect("a header");
                    let mut request: Request =
                        serde_json::from_str(body).expect("frames hold JSON-RPC messages");
                    // Fuzzed ids could clash with the driver's own.
                    if request.id().is_some() {
                        let mut value = serde_json::to_value(&request).unwrap();
                        value["id"] = json!(driver.next_id);
                        driver.next_id += 1;
                        request = serde_json::from_value(value).unwrap();
                        driver.deliver(request).await;
                    } else if request.method() != "exit" {
                        driver.deliver(request).await;
                    }
                }
            }
            Step::Flush => tokio::time::sleep(Duration::from_millis(500)).await,
            Step::Shutdown => driver.request("shutdown", Value::Null).await,
            Step::Exit => driver.notify("exit", Value::Null).await,
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    driver.settle().await;
    driver.request("shutdown", Value::Null).await;
    driver.settle().await;
    driver.notify("exit", Value::Null).await;
    client.abort();
}

fuzz_target!(|session: Session| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(run(session));
});
