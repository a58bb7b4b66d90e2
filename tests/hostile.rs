//! End-to-end: the server indexes a folder of hostile and odd files and
//! comes out whole. Invalid UTF-8, NUL bytes, a 200 MB file (over the size
//! limit: skipped with a notice, never read), a 10 MB single line, CRLF and
//! lone CR line ends, a UTF-8 byte-order mark, unreadable files and
//! folders, symbolic link loops, a named pipe, a 400-level deep folder, file
//! names with spaces, `#`, `%`, `?`, a newline and bytes that are not
//! UTF-8, twenty thousand tiny files; and, in a second workspace, files that
//! vanish or change while they are read. Each test asserts the exact counts
//! indexed, the notices logged, and that the server answers afterwards.

mod common;

use common::lsp::{file_uri, memory_kib, uri_path, Client, Options};
use serde_json::{json, Value};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const MIB: usize = 1024 * 1024;

/// A temporary workspace (`.0`), with the servers' index cache beside it;
/// both removed (permissions restored first) when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let root =
            std::env::temp_dir().join(format!("cable-ls-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("workspace")).unwrap();
        TempDir(root.join("workspace"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let locked = self.0.join("locked");
        let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755));
        let _ = std::fs::remove_dir_all(self.0.parent().unwrap());
    }
}

/// A small cable known by its subject.
fn cable(subject: &str) -> String {
    format!("TAGS: PREL\nSUBJECT: {subject}\n\n1. (C) Text of {subject}.\n")
}

fn example(name: &str) -> String {
    std::fs::read_to_string(common::root().join("examples").join(name)).unwrap()
}

/// What the workspace should index, and the notices the log should hold.
#[derive(Default)]
struct Expected {
    files: usize,
    cables: usize,
    notices: Vec<String>,
    /// Files with odd names and the subject of their cable.
    odd: Vec<(PathBuf, String)>,
}

impl Expected {
    fn cable_file(&mut self) {
        self.files += 1;
        self.cables += 1;
    }
}

/// Whether this process can read a file its permissions forbid (root can).
fn can_read(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

fn build_hostile_workspace(dir: &Path) -> Expected {
    let mut expected = Expected::default();
    let good = dir.join("good");
    std::fs::create_dir_all(&good).unwrap();
    for entry in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, good.join(path.file_name().unwrap())).unwrap();
        expected.cable_file();
    }
    let seed = example("001_d1f1339951ffc235.txt");

    // Encodings and line ends.
    let mut latin1 = seed.clone().into_bytes();
    let at = latin1.len() / 2;
    latin1.insert(at, 0xE9);
    std::fs::write(dir.join("latin1.txt"), latin1).unwrap();
    expected.notices.push("latin1.txt: not UTF-8".into());
    std::fs::write(
        dir.join("nul.txt"),
        cable("WITH NUL").replace("Text", "T\0e\0x\0t"),
    )
    .unwrap();
    expected.cable_file();
    std::fs::write(dir.join("crlf.txt"), seed.replace('\n', "\r\n")).unwrap();
    expected.cable_file();
    std::fs::write(dir.join("cr.txt"), seed.replace('\n', "\r")).unwrap();
    expected.cable_file();
    std::fs::write(
        dir.join("bom.txt"),
        format!("\u{FEFF}{}", cable("WITH BOM")),
    )
    .unwrap();
    expected.cable_file();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("binary.bin"),
        (0..=255u8).cycle().take(4096).collect::<Vec<_>>(),
    )
    .unwrap();

    // Size: 200 MB of cables, over the 64 MiB limit; a 10 MB single line.
    {
        use std::io::Write;
        let mut file = std::fs::File::create(dir.join("huge.txt")).unwrap();
        let chunk = seed.repeat(MIB / seed.len() + 1);
        for _ in 0..200 {
            file.write_all(&chunk.as_bytes()[..MIB]).unwrap();
        }
    }
    expected
        .notices
        .push("huge.txt: larger than 67108864 bytes".into());
    let head = &seed[..seed.find("1. (").unwrap()];
    std::fs::write(
        dir.join("long-line.txt"),
        format!("{head}1. (C) {}\n", "x".repeat(10 * MIB)),
    )
    .unwrap();
    expected.cable_file();

    // Permissions: root reads anyway, then the files count as cables.
    let unreadable = dir.join("unreadable.txt");
    std::fs::write(&unreadable, cable("UNREADABLE")).unwrap();
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    if can_read(&unreadable) {
        expected.cable_file();
    } else {
        expected
            .notices
            .push("unreadable.txt: Permission denied".into());
    }
    let locked = dir.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("inside.txt"), cable("LOCKED IN")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        expected.cable_file();
    }

    // Links that loop or lead nowhere, and a named pipe (reading it would
    // block forever).
    std::os::unix::fs::symlink(".", dir.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", good.join("up")).unwrap();
    std::os::unix::fs::symlink("b.txt", dir.join("a.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", dir.join("b.txt")).unwrap();
    std::os::unix::fs::symlink("self.txt", dir.join("self.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.join("dangling.txt")).unwrap();
    let _ = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.txt"))
        .status();

    // A deep folder.
    let mut deep = dir.join("deep");
    for _ in 0..400 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("bottom.txt"), cable("AT THE BOTTOM")).unwrap();
    expected.cable_file();

    // Odd names.
    let odd_names: Vec<&[u8]> = vec![
        b"with space.txt",
        "ünïcödé ¶ ’.txt".as_bytes(),
        b"hash#1.txt",
        b"percent%20.txt",
        b"question?.txt",
        b"new\nline.txt",
        b"back\\slash.txt",
        b"-dash.txt",
        "emoji \u{1F5C2}.txt".as_bytes(),
        b"quote\"'.txt",
        b"brackets[1]{2}.txt",
        b"latin1-\xe9.txt",
        b" leading space.txt",
    ];
    for (i, name) in odd_names.into_iter().enumerate() {
        let path = dir.join(OsStr::from_bytes(name));
        let subject = format!("ODD{i}NAME");
        std::fs::write(&path, cable(&subject)).unwrap();
        expected.cable_file();
        expected.odd.push((path, subject));
    }

    // Tens of thousands of tiny files, one in twenty a cable.
    let tiny = dir.join("tiny");
    std::fs::create_dir_all(&tiny).unwrap();
    for i in 0..20_000 {
        let path = tiny.join(format!("{i:05}.txt"));
        if i % 20 == 0 {
            std::fs::write(path, format!("TAGS: PREL\nSUBJECT: TINY {i}\n")).unwrap();
            expected.cable_file();
        } else {
            std::fs::write(path, format!("note {i}\n")).unwrap();
        }
    }
    expected
}

/// `N cables in M files` from the end of indexing.
fn counts(message: &Value) -> (usize, usize) {
    let text = message.as_str().unwrap();
    let numbers: Vec<usize> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn start(dir: &Path) -> Client {
    let cache = dir.parent().unwrap().join("cache");
    let mut client = Client::spawn_with(
        Options::default()
            .env("CABLE_LS_LOG", "cable_ls=info")
            .env("CABLE_LS_CACHE_DIR", cache.to_str().unwrap())
            .capture_stderr(),
    );
    client.initialize(
        dir,
        json!({
            "window": {"workDoneProgress": true},
            "general": {"positionEncodings": ["utf-16"]}
        }),
    );
    client
}

#[test]
fn a_workspace_of_hostile_files_is_indexed_exactly() {
    let tmp = TempDir::new("files");
    let dir = tmp.0.clone();
    let expected = build_hostile_workspace(&dir);
    let mut client = start(&dir);
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(
        counts(&end["value"]["message"]),
        (expected.cables, expected.files),
        "{end}"
    );
    let status = client.request("cableLs/status", Value::Null);
    assert_eq!(status["files"], expected.files, "{status}");
    assert_eq!(status["cables"], expected.cables, "{status}");

    // The 200 MB file was never read: the peak memory stays below its size.
    if let Some((peak_kib, _)) = memory_kib(client.pid()) {
        assert!(peak_kib < 200 * 1024, "peak memory {peak_kib} KiB");
    }
    let log = client.wait_for_stderr(&format!(
        "indexed {} cables in {} files",
        expected.cables, expected.files
    ));
    for notice in &expected.notices {
        let (file, reason) = notice.split_once(": ").unwrap();
        assert!(
            log.lines()
                .any(|l| l.contains("not indexed") && l.contains(file) && l.contains(reason)),
            "no notice {notice:?} in the log:\n{log}"
        );
    }

    // Every oddly named file is found, at a URI that names it.
    for (path, subject) in &expected.odd {
        let found = client.request("workspace/symbol", json!({"query": subject}));
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), 1, "{subject}: {found:?}");
        let uri = found[0]["location"]["uri"].as_str().unwrap();
        assert_eq!(&uri_path(uri), path, "{uri}");
        assert!(uri_path(uri).is_file());
    }
    let (odd_path, odd_subject) = &expected.odd[5];
    let odd_uri = file_uri(odd_path);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": odd_uri, "languageId": "cable", "version": 1,
            "text": std::fs::read_to_string(odd_path).unwrap()}}),
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": odd_uri}}),
    );
    assert!(symbols[0]["name"]
        .as_str()
        .unwrap()
        .contains(odd_subject.as_str()));

    // Line ends: the outline of the lone-CR file ends on its last line
    // counted by `\r`, as the client counts.
    let cr = dir.join("cr.txt");
    let cr_text = std::fs::read_to_string(&cr).unwrap();
    let cr_uri = file_uri(&cr);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": cr_uri, "languageId": "cable", "version": 1, "text": cr_text}}),
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": cr_uri}}),
    );
    let last_line = cr_text.trim_end_matches('\r').matches('\r').count();
    assert_eq!(symbols[0]["range"]["end"]["line"], last_line);

    // The 10 MB line, opened: an outline and a hover at its far end.
    let long = dir.join("long-line.txt");
    let long_text = std::fs::read_to_string(&long).unwrap();
    let long_uri = file_uri(&long);
    let line = long_text.lines().count() as u32 - 1;
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": long_uri, "languageId": "cable", "version": 1, "text": long_text}}),
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": long_uri}}),
    );
    assert_eq!(symbols[0]["range"]["end"]["line"], line + 1);
    let hover = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": long_uri}, "position": {"line": line, "character": 10 * MIB}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");

    let status = client.request("cableLs/status", Value::Null);
    assert_eq!(status["state"], "ready");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn files_that_vanish_or_change_while_indexed() {
    let tmp = TempDir::new("churn");
    let dir = tmp.0.clone();
    let n = 2000;
    let paths: Vec<PathBuf> = (0..n).map(|i| dir.join(format!("c{i:04}.txt"))).collect();
    for (i, path) in paths.iter().enumerate() {
        std::fs::write(path, cable(&format!("CHURN {i}"))).unwrap();
    }
    let mut client = start(&dir);
    // While the server reads: delete 400, make 400 not cables, empty 200,
    // rewrite 200 as other cables, leave 800.
    let churn = {
        let paths = paths.clone();
        std::thread::spawn(move || {
            for (i, path) in paths.iter().enumerate() {
                match i {
                    0..400 => std::fs::remove_file(path).unwrap(),
                    400..800 => std::fs::write(path, "a note, not a cable\n").unwrap(),
                    800..1000 => std::fs::write(path, "").unwrap(),
                    1000..1200 => std::fs::write(path, cable(&format!("CHANGED {i}"))).unwrap(),
                    _ => {}
                }
            }
        })
    };
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    churn.join().unwrap();
    let (cables, files) = counts(&end["value"]["message"]);
    assert!((1000..=n).contains(&files) && cables == files, "{end}");

    // The client reports what changed; the index then holds exactly what
    // is on disk.
    let changes: Vec<Value> = paths[..1200]
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"uri": file_uri(p), "type": if i < 400 { 3 } else { 2 }}))
        .collect();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": changes}),
    );
    client.wait_for("cableLs/status", |s| {
        s["files"] == 1000 && s["cables"] == 1000
    });
    let changed = client.request("workspace/symbol", json!({"query": "CHANGED"}));
    assert_eq!(changed.as_array().unwrap().len(), 200);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn the_size_limit_is_exact_and_each_skip_is_logged() {
    let tmp = TempDir::new("limit");
    let dir = tmp.0.clone();
    std::fs::write(dir.join(".cable-ls.toml"), "maxFileBytes = 1000\n").unwrap();
    let base = cable("AT THE LIMIT");
    let padded = |n: usize| format!("{base}{}\n", "x".repeat(n - base.len() - 1));
    std::fs::write(dir.join("at-limit.txt"), padded(1000)).unwrap();
    std::fs::write(dir.join("over-limit.txt"), padded(1001)).unwrap();
    let mut client = start(&dir);
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(counts(&end["value"]["message"]), (1, 1));
    client.wait_for_stderr("over-limit.txt: larger than 1000 bytes");
    assert!(!client.stderr().contains("at-limit.txt"));
    assert_eq!(client.shutdown(), 0);
}

/// A named pipe the client announces (created, or closed in the editor) is
/// not opened: reading one waits for a writer forever, which would hold the
/// notification and its worker for good, and with enough of them the server.
#[test]
fn a_pipe_announced_by_the_client_is_not_read() {
    let tmp = TempDir::new("pipe");
    let dir = tmp.0.clone();
    std::fs::write(dir.join("cable.txt"), cable("A CABLE")).unwrap();
    let pipe = dir.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo not available: skipped");
        return;
    }
    let mut client = start(&dir);
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(counts(&end["value"]["message"]), (1, 1));
    client.drain(std::time::Duration::from_millis(100));
    client.notifications.clear();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&pipe), "type": 1}]}),
    );
    // The index is rebuilt after the event is handled, and says so.
    let status = client.wait_for("cableLs/status", |_| true);
    assert_eq!(status["files"], 1);
    assert_eq!(client.shutdown(), 0);
}
