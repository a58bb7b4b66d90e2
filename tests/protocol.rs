//! End-to-end: a client that misuses the protocol. Requests before
//! `initialize`, unknown methods, wrong params, malformed frames, positions
//! past the end, URIs that are not files or not in the workspace, stale,
//! skipped and overlapping changes, many concurrent requests with
//! cancellation, answers outdated by an edit, a panicking handler, `exit`
//! without `shutdown`, a client that disappears. Each is answered as the
//! protocol says, and the server goes on answering afterwards.
//!
//! The failure paths that need timing (a request still running when an edit
//! or a cancellation arrives, a panic) use the server's test hooks
//! (`CABLE_LS_TEST_HOOKS=1`, debug builds only): a request about a document
//! holding `CABLE-LS-TEST-WAIT` waits until the document changes; one about
//! a document holding `CABLE-LS-TEST-PANIC` panics; an edit inserting
//! `CABLE-LS-TEST-EDIT-PANIC` panics while applied.

mod common;

use common::lsp::{error_code, file_uri, Client, Options};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const INTERNAL_ERROR: i64 = -32603;
const SERVER_NOT_INITIALIZED: i64 = -32002;
const REQUEST_CANCELLED: i64 = -32800;
const CONTENT_MODIFIED: i64 = -32801;

const ROME_104: &str = "000_2fe200cbb93dc52e.txt";

/// A small cable whose subject shows in the outline.
const SMALL: &str = "TAGS: PREL\nSUBJECT: ALPHA BETA\n\n1. (C) The text of the first paragraph.\n";

/// A folder with the five example cables, in a folder of the test that
/// also holds the servers' index cache.
fn workspace(name: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("cable-ls-protocol-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("workspace");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Removes a workspace and the folder around it.
fn cleanup(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

/// Options that keep the index cache beside the workspace, not in the
/// user's cache directory.
fn options(dir: &Path) -> Options {
    let cache = dir.parent().unwrap().join("cache");
    Options::default().env("CABLE_LS_CACHE_DIR", cache.to_str().unwrap())
}

/// `N cables in M files` of an indexing's end, without what came from the
/// index cache.
fn counts(end: &Value) -> String {
    let message = end["value"]["message"].as_str().unwrap();
    message.split(", ").next().unwrap().to_string()
}

fn initialize_params(dir: Option<&Path>) -> Value {
    json!({
        "processId": null,
        "rootUri": dir.map(file_uri),
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true}
        }
    })
}

/// Initializes on `dir` and waits for the indexing to end.
fn start_with(dir: &Path, options: Options) -> Client {
    let mut client = Client::spawn_with(options);
    client.request("initialize", initialize_params(Some(dir)));
    client.notify("initialized", json!({}));
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(counts(&end), "5 cables in 5 files");
    client
}

fn start(dir: &Path) -> Client {
    start_with(dir, options(dir))
}

fn with_hooks(dir: &Path) -> Options {
    options(dir)
        .env("CABLE_LS_TEST_HOOKS", "1")
        .capture_stderr()
}

fn open_text(client: &mut Client, uri: &str, text: &str, version: i32) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cable", "version": version, "text": text}}),
    );
}

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn doc(uri: &str) -> Value {
    json!({"textDocument": {"uri": uri}})
}

/// The name of the first cable in a document's outline.
fn outline_name(client: &mut Client, uri: &str) -> String {
    let symbols = client.request("textDocument/documentSymbol", doc(uri));
    symbols[0]["name"].as_str().unwrap_or("").to_string()
}

fn status(client: &mut Client) -> Value {
    client.request("cableLs/status", Value::Null)
}

/// The server still answers, and its index is whole: the five files of
/// the workspace, and the documents opened in the test once a rebuild
/// after their opening has run (which depends on timing).
fn still_serving(client: &mut Client) {
    let status = status(client);
    let files = status["files"].as_u64().unwrap_or(0);
    assert!((5..=7).contains(&files), "{status}");
    assert_eq!(status["state"], "ready", "{status}");
}

#[test]
fn requests_before_initialize_are_refused_then_served() {
    let dir = workspace("before-init");
    let mut client = Client::spawn_with(options(&dir));
    let uri = file_uri(&dir.join(ROME_104));
    let hover = client.request_raw("textDocument/hover", position(&uri, 0, 0));
    assert_eq!(error_code(&hover), Some(SERVER_NOT_INITIALIZED), "{hover}");
    let status = client.request_raw("cableLs/status", Value::Null);
    assert_eq!(
        error_code(&status),
        Some(SERVER_NOT_INITIALIZED),
        "{status}"
    );
    let shutdown = client.request_raw("shutdown", Value::Null);
    assert_eq!(error_code(&shutdown), Some(SERVER_NOT_INITIALIZED));
    // A notification before `initialize` is dropped.
    open_text(&mut client, &uri, SMALL, 1);

    let init = client.request_raw("initialize", initialize_params(Some(&dir)));
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    let again = client.request_raw("initialize", initialize_params(Some(&dir)));
    assert_eq!(error_code(&again), Some(INVALID_REQUEST), "{again}");
    client.notify("initialized", json!({}));
    client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    // The document opened too early is not open: no hover.
    assert_eq!(
        client.request("textDocument/hover", position(&uri, 1, 10)),
        Value::Null
    );
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn unknown_methods_and_wrong_params_get_error_answers() {
    let dir = workspace("params");
    let mut client = start(&dir);
    let uri = file_uri(&dir.join(ROME_104));
    open_text(&mut client, &uri, SMALL, 1);

    for method in ["cableLs/unknown", "textDocument/unknown", "$/unknown", ""] {
        let response = client.request_raw(method, json!({}));
        assert_eq!(error_code(&response), Some(METHOD_NOT_FOUND), "{response}");
    }
    // Unknown notifications, `$/` ones included, are ignored.
    client.notify("cableLs/unknown", json!({}));
    client.notify("$/unknown", json!({"x": 1}));

    let wrong = [
        ("textDocument/hover", json!({"textDocument": 5})),
        ("textDocument/hover", Value::Null),
        ("textDocument/hover", json!([1, 2])),
        ("textDocument/hover", json!({"textDocument": {"uri": uri}})),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 5_000_000_000u64, "character": 0}}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": "not a uri"}, "position": {"line": 0, "character": 0}}),
        ),
        ("textDocument/references", position(&uri, 0, 0)),
        ("textDocument/semanticTokens/range", doc(&uri)),
        ("workspace/symbol", json!({"query": 5})),
        ("cableLs/people", json!({"query": 5})),
        ("cableLs/people", json!({"unknown": true})),
        ("initialize", json!({"capabilities": "none"})),
    ];
    for (method, params) in wrong {
        let response = client.request_raw(method, params.clone());
        let expected = if method == "initialize" {
            // A second `initialize` is refused before its params are read.
            INVALID_REQUEST
        } else {
            INVALID_PARAMS
        };
        assert_eq!(
            error_code(&response),
            Some(expected),
            "{method} {params}: {response}"
        );
    }
    // Notifications with wrong params are dropped; the document is intact.
    client.notify("textDocument/didOpen", json!({"textDocument": "x"}));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": "x"}),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"maxFileBytes": "big"}}),
    );
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": 5}));
    assert!(outline_name(&mut client, &uri).contains("ALPHA BETA"));
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn malformed_frames_are_answered_and_the_session_goes_on() {
    let dir = workspace("frames");
    let mut client = start_with(&dir, options(&dir).capture_stderr());
    let frame = |body: &[u8]| {
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        out
    };
    let cases: [(Vec<u8>, Value, i64); 8] = [
        (frame(b"{not json"), Value::Null, PARSE_ERROR),
        (frame(b"\xff\xfe{}"), Value::Null, PARSE_ERROR),
        (frame(b"[1, 2]"), Value::Null, INVALID_REQUEST),
        (
            frame(br#"{"jsonrpc":"1.0","id":41,"method":"cableLs/status"}"#),
            json!(41),
            INVALID_REQUEST,
        ),
        (
            frame(br#"{"jsonrpc":"2.0","id":42,"method":7}"#),
            json!(42),
            INVALID_REQUEST,
        ),
        (
            frame(br#"{"jsonrpc":"2.0","id":"s","method":"$/custom"}"#),
            json!("s"),
            METHOD_NOT_FOUND,
        ),
        (
            b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}"
                .to_vec(),
            Value::Null,
            PARSE_ERROR,
        ),
        (
            b"Content-Length: twelve\r\n\r\n".to_vec(),
            Value::Null,
            PARSE_ERROR,
        ),
    ];
    for (bytes, id, code) in cases {
        client.send_bytes(&bytes);
        let response = client.response(&id);
        assert_eq!(
            error_code(&response),
            Some(code),
            "{}: {response}",
            String::from_utf8_lossy(&bytes)
        );
        still_serving(&mut client);
    }
    // A `Content-Type` without a charset is UTF-8 by the protocol.
    let body = r#"{"jsonrpc":"2.0","id":77,"method":"cableLs/status"}"#;
    client.send_bytes(
        format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    assert_eq!(client.response(&json!(77))["result"]["files"], 5);
    // Blank lines between frames are skipped.
    client.send_bytes(b"\r\n\r\n");
    still_serving(&mut client);
    client.wait_for_stderr("not JSON-RPC");
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn positions_past_the_end_and_odd_uris() {
    let dir = workspace("positions");
    let mut client = start(&dir);
    let path = dir.join(ROME_104);
    let uri = file_uri(&path);
    open_text(
        &mut client,
        &uri,
        &std::fs::read_to_string(&path).unwrap(),
        1,
    );

    let far = [
        (1_000_000, 0),
        (0, 1_000_000),
        (u32::MAX, u32::MAX),
        (49, 7),
    ];
    for (line, character) in far {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
        ] {
            let response = client.request_raw(method, position(&uri, line, character));
            assert!(response.get("error").is_none(), "{method}: {response}");
        }
        let mut params = position(&uri, line, character);
        params["context"] = json!({"includeDeclaration": true});
        let response = client.request_raw("textDocument/references", params);
        assert!(response.get("error").is_none(), "{response}");
        let range = json!({"start": {"line": line, "character": character}, "end": {"line": u32::MAX, "character": 0}});
        let response = client.request_raw(
            "textDocument/semanticTokens/range",
            json!({"textDocument": {"uri": uri}, "range": range}),
        );
        assert!(response["result"]["data"].is_array(), "{response}");
        let response = client.request_raw(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        assert!(response.get("error").is_none(), "{response}");
    }
    // An edit past the end appends; one with its ends swapped is read in
    // order.
    let past =
        json!({"start": {"line": 5000, "character": 3}, "end": {"line": 6000, "character": 0}});
    let swapped =
        json!({"start": {"line": 44, "character": 0}, "end": {"line": 43, "character": 0}});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": past, "text": "\nAPPENDED"},
            {"range": swapped, "text": ""}
        ]}),
    );
    let symbols = client.request("textDocument/documentSymbol", doc(&uri));
    assert!(symbols[0]["name"]
        .as_str()
        .unwrap()
        .starts_with("08ROME104"));

    // Documents that are not files: served from their buffer.
    for odd in ["untitled:Untitled-1", "inmemory://model/1", "cable:x?y#z"] {
        open_text(&mut client, odd, SMALL, 1);
        assert!(
            outline_name(&mut client, odd).contains("ALPHA BETA"),
            "{odd}"
        );
        client.notify("textDocument/didClose", doc(odd));
        assert_eq!(
            client.request("textDocument/documentSymbol", doc(odd)),
            Value::Null
        );
    }
    // Requests about documents never opened, on disk or not, in the
    // workspace or not, read nothing and answer nothing.
    for never in [
        uri.replace(ROME_104, "001_d1f1339951ffc235.txt"),
        "file:///etc/passwd".to_string(),
        "https://example.com/cable.txt".to_string(),
    ] {
        assert_eq!(
            client.request("textDocument/hover", position(&never, 0, 0)),
            Value::Null
        );
        assert_eq!(
            client.request("textDocument/documentSymbol", doc(&never)),
            Value::Null
        );
    }
    // A cable outside the workspace, announced as created or closed, is
    // not indexed: the index rebuilt after these (the status notification
    // that follows) still holds the five files only.
    let outside =
        std::env::temp_dir().join(format!("cable-ls-protocol-outside-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    let stray = outside.join("stray.txt");
    std::fs::write(&stray, SMALL).unwrap();
    client.drain(std::time::Duration::from_millis(100));
    client.notifications.clear();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&stray), "type": 1}, {"uri": "https://example.com/x", "type": 2}]}),
    );
    client.notify("textDocument/didClose", doc(&file_uri(&stray)));
    let rebuilt = client.wait_for("cableLs/status", |_| true);
    assert_eq!(rebuilt["files"], 5, "{rebuilt}");
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}

#[test]
fn stale_skipped_and_overlapping_changes() {
    let dir = workspace("versions");
    let mut client = start(&dir);
    let uri = "untitled:versions";
    open_text(&mut client, uri, SMALL, 1);
    let full = |client: &mut Client, version: i32, text: &str| {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    };
    // A skipped version is applied: versions only have to grow.
    full(&mut client, 5, &SMALL.replace("ALPHA BETA", "FIFTH"));
    assert!(outline_name(&mut client, uri).contains("FIFTH"));
    // Stale and repeated versions are dropped.
    full(&mut client, 3, &SMALL.replace("ALPHA BETA", "STALE"));
    full(&mut client, 5, &SMALL.replace("ALPHA BETA", "REPEATED"));
    assert!(outline_name(&mut client, uri).contains("FIFTH"));

    // Changes in one notification apply in turn, each on the text the
    // previous one left: here the second overlaps what the first inserted.
    // Line 1 is `SUBJECT: FIFTH`; columns count UTF-16 units.
    let range = |line: u32, a: u32, b: u32| json!({"start": {"line": line, "character": a}, "end": {"line": line, "character": b}});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 6}, "contentChanges": [
            {"range": range(1, 9, 14), "text": "A𝄞BCDEF"},
            {"range": range(1, 10, 14), "text": "é"},
            {"range": range(1, 12, 12), "text": " GHI"},
        ]}),
    );
    assert!(
        outline_name(&mut client, uri).contains("AéD GHIEF"),
        "{}",
        outline_name(&mut client, uri)
    );

    // Edits at positions that split a surrogate pair or a CRLF, or fall
    // past a line's end, are clamped; the server stays consistent with a
    // fresh parse of the text it holds.
    full(
        &mut client,
        7,
        "TAGS: PREL\r\nSUBJECT: 𝄞𝄞\r\n\r\n1. (C) Text.\r\n",
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 8}, "contentChanges": [
            {"range": range(1, 10, 10), "text": "X"},
            {"range": range(0, 10, 11), "text": ""},
            {"range": range(1, 400, 500), "text": "Y"},
        ]}),
    );
    let name = outline_name(&mut client, uri);
    assert!(!name.is_empty());
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

/// A text as the protocol sees it: lines end at `\n`, `\r\n` or `\r`;
/// columns count UTF-16 units.
struct Model {
    chars: Vec<char>,
}

impl Model {
    fn position(&self, index: usize) -> (u32, u32) {
        let (mut line, mut col) = (0u32, 0u32);
        let mut i = 0;
        while i < index {
            let c = self.chars[i];
            if c == '\n' || (c == '\r' && self.chars.get(i + 1) != Some(&'\n')) {
                line += 1;
                col = 0;
            } else if c != '\r' {
                col += c.len_utf16() as u32;
            }
            i += 1;
        }
        (line, col)
    }

    /// Whether a position can name `index`: not between `\r` and `\n`.
    fn nameable(&self, index: usize) -> bool {
        !(index > 0 && self.chars[index - 1] == '\r' && self.chars.get(index) == Some(&'\n'))
    }

    fn text(&self) -> String {
        self.chars.iter().collect()
    }
}

/// A small deterministic generator (xorshift), to keep the test free of
/// randomness between runs.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn random_incremental_edits_leave_what_a_fresh_open_gives() {
    let dir = workspace("incremental");
    let mut client = start(&dir);
    let seed = std::fs::read_to_string(dir.join(ROME_104)).unwrap();
    let seed2 = std::fs::read_to_string(dir.join("001_d1f1339951ffc235.txt")).unwrap();
    let mut model = Model {
        chars: format!("{seed}\r\n{seed2}").chars().collect(),
    };
    let uri = "untitled:edited";
    open_text(&mut client, uri, &model.text(), 1);
    let fragments = [
        "",
        "\n",
        "\r\n",
        "\r",
        "¶",
        "𝄞",
        "é’",
        "x",
        "TAGS: ",
        "SUBJECT: ",
        "REF: A) ",
        "1. (C) ",
        "VZCZC\n",
        "O 241223Z JAN 08\n",
        "C O N F I D E N T I A L ROME 000104\n",
        "Classified By: ",
        "D'Alema ",
        "\n\n2. (S) New paragraph.\n",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for version in 2..150 {
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let len = model.chars.len();
            let mut a = rng.below(len + 1);
            let mut b = (a + rng.below(40)).min(len);
            while !model.nameable(a) {
                a -= 1;
            }
            while !model.nameable(b) {
                b += 1;
            }
            let text = fragments[rng.below(fragments.len())];
            let (start, end) = (model.position(a), model.position(b));
            changes.push(json!({
                "range": {"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}},
                "text": text
            }));
            model.chars.splice(a..b, text.chars());
        }
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }
    let fresh = "untitled:fresh";
    open_text(&mut client, fresh, &model.text(), 1);
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let edited = client.request(method, doc(uri));
        let opened = client.request(method, doc(fresh));
        assert_eq!(edited, opened, "{method}");
    }
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn many_concurrent_requests_with_cancellation() {
    let dir = workspace("concurrent");
    let mut client = start(&dir);
    let path = dir.join(ROME_104);
    let uri = file_uri(&path);
    open_text(
        &mut client,
        &uri,
        &std::fs::read_to_string(&path).unwrap(),
        1,
    );
    let mut sent = Vec::new();
    for i in 0..240u32 {
        let line = i % 50;
        let (method, params) = match i % 6 {
            0 => ("textDocument/hover", position(&uri, line, 8)),
            1 => ("textDocument/documentSymbol", doc(&uri)),
            2 => ("textDocument/semanticTokens/full", doc(&uri)),
            3 => {
                let mut p = position(&uri, 44, 190);
                p["context"] = json!({"includeDeclaration": true});
                ("textDocument/references", p)
            }
            4 => ("workspace/symbol", json!({"query": "ROME"})),
            _ => ("textDocument/foldingRange", doc(&uri)),
        };
        let id = client.send_request(method, params);
        let cancel = i % 3 == 0;
        if cancel {
            client.notify("$/cancelRequest", json!({"id": id}));
        }
        sent.push((id, cancel));
    }
    // Cancelling what is done or unknown is harmless.
    client.notify("$/cancelRequest", json!({"id": 999_999}));
    client.notify("$/cancelRequest", json!({"id": "nope"}));
    let mut n_cancelled = 0;
    for (id, cancel) in sent {
        let response = client.response(&json!(id));
        match error_code(&response) {
            None => assert!(response.get("result").is_some()),
            Some(REQUEST_CANCELLED) if cancel => n_cancelled += 1,
            Some(code) => panic!("request {id}: unexpected error {code}: {response}"),
        }
    }
    // Every request got exactly one answer: nothing more is pending.
    client.drain(std::time::Duration::from_millis(200));
    let extra = client.request_raw("cableLs/status", Value::Null);
    assert!(extra.get("result").is_some());
    eprintln!("{n_cancelled} of 80 cancelled requests were answered as cancelled");
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn a_cancelled_request_in_progress_is_answered_request_cancelled() {
    let dir = workspace("cancel");
    let mut client = start_with(&dir, with_hooks(&dir));
    let uri = "untitled:slow";
    open_text(&mut client, uri, &format!("{SMALL}CABLE-LS-TEST-WAIT\n"), 1);
    let id = client.send_request("textDocument/hover", position(uri, 1, 10));
    client.notify("$/cancelRequest", json!({"id": id}));
    let response = client.response(&json!(id));
    assert_eq!(error_code(&response), Some(REQUEST_CANCELLED), "{response}");
    // The edit releases the worker that was still waiting.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": SMALL}]}),
    );
    assert!(outline_name(&mut client, uri).contains("ALPHA BETA"));
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn an_answer_outdated_by_an_edit_is_content_modified() {
    let dir = workspace("modified");
    let mut client = start_with(&dir, with_hooks(&dir));
    let uri = "untitled:modified";
    open_text(&mut client, uri, &format!("{SMALL}CABLE-LS-TEST-WAIT\n"), 1);
    let id = client.send_request("textDocument/documentSymbol", doc(uri));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": SMALL.replace("ALPHA", "GAMMA")}]}),
    );
    let response = client.response(&json!(id));
    assert_eq!(error_code(&response), Some(CONTENT_MODIFIED), "{response}");
    // Asked again, the answer is about the new text.
    assert!(outline_name(&mut client, uri).contains("GAMMA BETA"));
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn a_panicking_handler_is_answered_with_an_internal_error() {
    let dir = workspace("panic");
    let mut client = start_with(&dir, with_hooks(&dir));
    let bad = "untitled:panics";
    open_text(
        &mut client,
        bad,
        &format!("{SMALL}CABLE-LS-TEST-PANIC\n"),
        1,
    );
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
    ] {
        let response = client.request_raw(method, position(bad, 1, 10));
        assert_eq!(error_code(&response), Some(INTERNAL_ERROR), "{response}");
        let message = response["error"]["message"].as_str().unwrap();
        assert!(message.contains("internal error"), "{message}");
    }
    let response = client.request_raw("textDocument/documentSymbol", doc(bad));
    assert_eq!(error_code(&response), Some(INTERNAL_ERROR));
    client.wait_for_stderr("textDocument/hover: internal error: test hook: CABLE-LS-TEST-PANIC");

    // Other documents are served as before.
    let good = "untitled:fine";
    open_text(&mut client, good, SMALL, 1);
    assert!(outline_name(&mut client, good).contains("ALPHA BETA"));

    // A panic while an edit is applied: the document is parsed again from
    // the text it held, the user is told, and later edits apply.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": good, "version": 2}, "contentChanges": [{"text": "CABLE-LS-TEST-EDIT-PANIC"}]}),
    );
    let shown = client.wait_for("window/showMessage", |p| p["type"] == 1);
    assert!(shown["message"]
        .as_str()
        .unwrap()
        .contains("internal error applying an edit"));
    assert!(outline_name(&mut client, good).contains("ALPHA BETA"));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": good, "version": 3}, "contentChanges": [{"text": SMALL.replace("ALPHA", "DELTA")}]}),
    );
    assert!(outline_name(&mut client, good).contains("DELTA BETA"));
    still_serving(&mut client);
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}

#[test]
fn shutdown_then_exit_is_status_0_and_requests_between_are_refused() {
    let dir = workspace("shutdown");
    let mut client = start(&dir);
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let after = client.request_raw("cableLs/status", Value::Null);
    assert_eq!(error_code(&after), Some(INVALID_REQUEST), "{after}");
    let hover = client.request_raw("textDocument/hover", position("untitled:x", 0, 0));
    assert_eq!(error_code(&hover), Some(INVALID_REQUEST), "{hover}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 0);
    cleanup(&dir);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = workspace("exit");
    let mut client = start(&dir);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 1);
    // Before `initialize` too.
    let mut client = Client::spawn_with(options(&dir));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 1);
    cleanup(&dir);
}

#[test]
fn a_client_that_disappears_ends_the_server() {
    let dir = workspace("gone");
    // While requests are in flight.
    let mut client = start(&dir);
    let uri = file_uri(&dir.join(ROME_104));
    open_text(&mut client, &uri, SMALL, 1);
    for _ in 0..20 {
        client.send_request("textDocument/semanticTokens/full", doc(&uri));
    }
    client.close_stdin();
    assert_eq!(client.wait_exit(), 1);
    // In the middle of a frame.
    let mut client = start(&dir);
    client.send_bytes(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    client.close_stdin();
    assert_eq!(client.wait_exit(), 1);
    // Before anything was said.
    let mut client = Client::spawn_with(options(&dir));
    client.close_stdin();
    assert_eq!(client.wait_exit(), 1);
    cleanup(&dir);
}

/// A workspace folder given by a URI that is not `file:` names no folder:
/// it is not read as a path relative to wherever the server runs.
#[test]
fn a_workspace_folder_that_is_not_a_file_is_not_read() {
    let dir = workspace("not-a-file");
    // The server runs in `dir`, where `https://example.com/cables` would
    // be a relative path to a folder of cables.
    let decoy = dir.join("https:/example.com/cables");
    std::fs::create_dir_all(&decoy).unwrap();
    std::fs::write(decoy.join("cable.txt"), SMALL).unwrap();
    let mut options = options(&dir);
    options.current_dir = Some(dir.clone());
    let mut client = Client::spawn_with(options);
    let mut params = initialize_params(None);
    params["workspaceFolders"] = json!([{"uri": "https://example.com/cables", "name": "web"}]);
    client.request("initialize", params);
    client.notify("initialized", json!({}));
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(counts(&end), "0 cables in 0 files");
    assert_eq!(client.shutdown(), 0);
    cleanup(&dir);
}
