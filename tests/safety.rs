//! End-to-end: the server never changes the user's files, never leads
//! outside the workspace folders, and nothing in a workspace (the settings
//! file included) makes it read elsewhere or run anything.
//!
//! - A full session over a read-only workspace leaves every file's bytes,
//!   times and permissions as they were, adds no file, and never asks the
//!   client to apply an edit; the server's own working folder and home stay
//!   empty (its index cache goes to the cache directory it is given).
//! - Definitions, links, references, symbols and lenses only name files
//!   inside the workspace folders once symbolic links are resolved.
//! - Settings with globs like `/**` or `../**`, absolute paths and huge
//!   values index the workspace and nothing else.
//! - The source has no call that writes, renames or deletes files or runs a
//!   program outside tests (a tidy check).

mod common;

use common::lsp::{file_uri, uri_path, Client, Options};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

const ROME_104: &str = "000_2fe200cbb93dc52e.txt";
const CITING: &str = "003_8c28089682284740.txt";

/// A temporary folder, made writable again and removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("cable-ls-safety-{name}-{}", std::process::id()));
        remove_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        remove_all(&self.0);
    }
}

fn remove_all(dir: &Path) {
    if let Ok(entries) = walk(dir) {
        for (path, _) in entries {
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }
    }
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
    let _ = std::fs::remove_dir_all(dir);
}

/// Every entry under `dir` (hidden ones too, links not followed), sorted.
fn walk(dir: &Path) -> std::io::Result<Vec<(PathBuf, std::fs::Metadata)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let meta = std::fs::symlink_metadata(entry.path())?;
            if meta.is_dir() {
                stack.push(entry.path());
            }
            out.push((entry.path(), meta));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What a folder holds, as far as a change would show: per entry, its
/// kind, size, modification and status-change times, mode and bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    walk(dir)
        .unwrap()
        .into_iter()
        .map(|(path, meta)| {
            let bytes = if meta.is_file() {
                std::fs::read(&path).unwrap()
            } else if meta.file_type().is_symlink() {
                std::fs::read_link(&path)
                    .unwrap()
                    .as_os_str()
                    .as_bytes()
                    .to_vec()
            } else {
                Vec::new()
            };
            let summary = format!(
                "{:?} {} {}.{} {}.{} {:o} {}",
                meta.file_type(),
                meta.len(),
                meta.mtime(),
                meta.mtime_nsec(),
                meta.ctime(),
                meta.ctime_nsec(),
                meta.mode(),
                String::from_utf8_lossy(&bytes)
            );
            (path, summary)
        })
        .collect()
}

fn copy_examples(to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if skip.contains(&name.as_str()) {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        if name == CITING {
            text = text.replace("REF: STATE 186217", "REF: 08 ROME 104");
        }
        std::fs::write(to.join(&name), text).unwrap();
    }
}

/// Starts a server on `dir`, its index cache kept beside the workspace
/// (not in the user's cache directory).
fn start(dir: &Path, options: Options, init_options: Value) -> Client {
    let cache = dir.parent().unwrap().join("cache");
    let mut client = Client::spawn_with(options.env("CABLE_LS_CACHE_DIR", cache.to_str().unwrap()));
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(dir),
            "initializationOptions": init_options,
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "window": {"workDoneProgress": true},
                "workspace": {
                    "applyEdit": true,
                    "workspaceEdit": {"documentChanges": true},
                    "didChangeWatchedFiles": {"dynamicRegistration": true},
                    "codeLens": {"refreshSupport": true}
                },
                "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
            }
        }),
    );
    client.notify("initialized", json!({}));
    client
}

/// `N cables in M files` at the end of the next indexing (what came from
/// the index cache left out).
fn indexed(client: &mut Client) -> String {
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    let message = end["value"]["message"].as_str().unwrap();
    message.split(", ").next().unwrap().to_string()
}

fn open(client: &mut Client, path: &Path) -> String {
    let uri = file_uri(path);
    let text = std::fs::read_to_string(path).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cable", "version": 1, "text": text}}),
    );
    uri
}

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// Every URI in a JSON value (under `uri` or `target` keys).
fn uris(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("uri" | "target", Value::String(s)) => out.push(s.clone()),
                    _ => uris(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| uris(v, out)),
        _ => {}
    }
}

/// Fails if an answer names a file outside `root` (links resolved).
fn assert_inside(root: &Path, what: &str, answer: &Value) {
    let root = std::fs::canonicalize(root).unwrap();
    let mut found = Vec::new();
    uris(answer, &mut found);
    for uri in found {
        let path = uri_path(&uri);
        let real = std::fs::canonicalize(&path).unwrap_or(path);
        assert!(
            real.starts_with(&root),
            "{what} leads outside the workspace: {uri}"
        );
    }
}

#[test]
fn a_session_on_a_read_only_workspace_changes_nothing() {
    let tmp = TempDir::new("read-only");
    let dir = tmp.0.join("workspace");
    copy_examples(&dir, &[]);
    copy_examples(&dir.join("sub folder"), &[ROME_104]);
    std::fs::write(
        dir.join(".cable-ls.toml"),
        "exclude = [\"drafts/**\"]\n[diagnostics]\ndisabled = [\"B002\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(dir.join("drafts/draft.txt"), "TAGS: PREL\nSUBJECT: DRAFT\n").unwrap();
    let entries = walk(&dir).unwrap();
    for (path, meta) in &entries {
        let mode = if meta.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // The server's working folder and home: nothing may appear there either.
    let home = tmp.0.join("home");
    let cwd = tmp.0.join("cwd");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    let before = snapshot(&dir);
    assert!(before.len() > 10);

    let mut options = Options::default()
        .env("HOME", home.to_str().unwrap())
        .env("XDG_CACHE_HOME", home.join(".cache").to_str().unwrap())
        .env("XDG_CONFIG_HOME", home.join(".config").to_str().unwrap())
        .env("XDG_DATA_HOME", home.join(".local").to_str().unwrap());
    options.current_dir = Some(cwd.clone());
    let mut client = start(&dir, options, json!({"diagnostics": {"enable": true}}));
    assert_eq!(indexed(&mut client), "9 cables in 9 files");

    let rome = dir.join(ROME_104);
    let citing = dir.join("sub folder").join(CITING);
    let rome_uri = open(&mut client, &rome);
    let citing_uri = open(&mut client, &citing);
    let diagnostics = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == rome_uri);
    for uri in [&rome_uri, &citing_uri] {
        let doc = json!({"textDocument": {"uri": uri}});
        for (line, character) in [(6, 4), (10, 2), (26, 30), (32, 6), (34, 8), (44, 190)] {
            client.request("textDocument/hover", position(uri, line, character));
            client.request("textDocument/definition", position(uri, line, character));
            client.request("textDocument/completion", position(uri, line, character));
            let mut params = position(uri, line, character);
            params["context"] = json!({"includeDeclaration": true});
            client.request("textDocument/references", params);
        }
        client.request("textDocument/documentSymbol", doc.clone());
        client.request("textDocument/foldingRange", doc.clone());
        client.request("textDocument/semanticTokens/full", doc.clone());
        client.request("textDocument/documentLink", doc.clone());
        client.request("textDocument/codeLens", doc.clone());
    }
    // Quick fixes are offered as edits in the answer, for the user to
    // accept; none is applied by the server.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": rome_uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}},
            "context": {"diagnostics": diagnostics["diagnostics"]}}),
    );
    assert!(
        !actions.as_array().unwrap().is_empty(),
        "no quick fix offered"
    );
    client.request("workspace/symbol", json!({"query": "rome"}));
    client.request("cableLs/people", json!({"query": ""}));
    client.request("cableLs/status", Value::Null);

    // Edits, saves, settings and file events.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": rome_uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 44, "character": 0}, "end": {"line": 44, "character": 0}}, "text": "Background\n----------\n\n"}
        ]}),
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": citing_uri, "version": 2}, "contentChanges": [{"text": "TAGS: PREL\nSUBJECT: REPLACED\n"}]}),
    );
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": rome_uri}, "text": "whatever"}),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable-ls": {"diagnostics": {"disabled": ["T005"]}}}}),
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [
            {"uri": file_uri(&dir.join("sub folder").join("001_d1f1339951ffc235.txt")), "type": 2},
            {"uri": file_uri(&dir.join(".cable-ls.toml")), "type": 2},
            {"uri": file_uri(&dir.join("gone.txt")), "type": 3}
        ]}),
    );
    indexed(&mut client);
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": rome_uri}}),
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": rome_uri}}),
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": citing_uri}}),
    );
    client.drain(std::time::Duration::from_millis(400));
    let asked: Vec<&Value> = client
        .notifications
        .iter()
        .filter(|n| n["method"] == "workspace/applyEdit")
        .collect();
    assert!(
        asked.is_empty(),
        "the server asked to apply edits: {asked:?}"
    );
    assert_eq!(client.shutdown(), 0);

    assert_eq!(snapshot(&dir), before, "the workspace changed");
    assert!(walk(&home).unwrap().is_empty(), "files appeared in HOME");
    // The index cache, the one thing the server writes, went where it was
    // told: outside the workspace.
    let cache = tmp.0.join("cache");
    assert!(walk(&cache).is_ok_and(|entries| !entries.is_empty()));
    assert!(
        walk(&cwd).unwrap().is_empty(),
        "files appeared in the working folder"
    );
}

/// A workspace citing `08ROME104`, whose only copy is outside, reached by a
/// link to the file and a link to its folder.
fn workspace_with_links_out(tmp: &Path) -> (PathBuf, PathBuf) {
    let dir = tmp.join("workspace");
    let outside = tmp.join("outside");
    copy_examples(&dir, &[ROME_104]);
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(
        common::root().join("examples").join(ROME_104),
        outside.join(ROME_104),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.join(ROME_104), dir.join("linked.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("linked folder")).unwrap();
    (dir, outside)
}

#[test]
fn navigation_stays_inside_the_workspace() {
    let tmp = TempDir::new("navigation");
    let (dir, _outside) = workspace_with_links_out(&tmp.0);
    let mut client = start(&dir, Options::default(), Value::Null);
    indexed(&mut client);
    let citing = open(&mut client, &dir.join(CITING));
    // `REF: 08 ROME 104`, line 32: the cited cable is only outside.
    let definition = client.request("textDocument/definition", position(&citing, 32, 6));
    assert_eq!(definition, Value::Null, "{definition}");
    let links = client.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": citing}}),
    );
    assert_eq!(links, json!([]));
    for (what, answer) in [
        (
            "references",
            client.request(
                "textDocument/references",
                json!({"textDocument": {"uri": citing}, "position": {"line": 32, "character": 6}, "context": {"includeDeclaration": true}}),
            ),
        ),
        (
            "symbols",
            client.request("workspace/symbol", json!({"query": "rome"})),
        ),
        (
            "people",
            client.request("workspace/symbol", json!({"query": "alema"})),
        ),
        (
            "lenses",
            client.request(
                "textDocument/codeLens",
                json!({"textDocument": {"uri": citing}}),
            ),
        ),
    ] {
        assert_inside(&dir, what, &answer);
    }
    // Inside the workspace navigation still works: a person's mentions.
    let text = std::fs::read_to_string(dir.join(CITING)).unwrap();
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("D'Alema").map(|c| (i as u32, c as u32 + 2)))
        .unwrap();
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": citing}, "position": {"line": line, "character": col}, "context": {"includeDeclaration": true}}),
    );
    assert!(refs.as_array().unwrap().len() > 5, "{refs}");
    assert_inside(&dir, "person references", &refs);
    assert_eq!(client.shutdown(), 0);
}

/// The link to a file outside is not followed at all: the cable there is
/// neither indexed nor shown in a hover.
#[test]
fn a_link_leading_out_is_not_read() {
    let tmp = TempDir::new("link-out");
    let (dir, _outside) = workspace_with_links_out(&tmp.0);
    let mut client = start(&dir, Options::default(), Value::Null);
    assert_eq!(indexed(&mut client), "4 cables in 4 files");
    let citing = open(&mut client, &dir.join(CITING));
    let hover = client.request("textDocument/hover", position(&citing, 32, 6));
    assert!(
        !hover.to_string().contains("ITALIANS MAY NOT SEEK"),
        "{hover}"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hostile_settings_cannot_reach_outside() {
    let tmp = TempDir::new("settings");
    let dir = tmp.0.join("workspace");
    copy_examples(&dir, &[]);
    copy_examples(&tmp.0.join("workspace-outside"), &[]);
    std::fs::write(
        dir.join(".cable-ls.toml"),
        r#"
include = ["/**", "../**", "**/../**", "/etc/**", "../workspace-outside/**", "**", "../../../../../../**"]
exclude = []
maxFileBytes = 9223372036854775807
[diagnostics]
enable = true
disabled = ["*", "../../etc/passwd", "/bin/sh -c 'touch /tmp/pwned'"]
"#,
    )
    .unwrap();
    let mut client = start(
        &dir,
        Options::default(),
        json!({"cable-ls": {"include": ["/**", "..", "../**/*", "**"], "maxFileBytes": u64::MAX}}),
    );
    assert_eq!(indexed(&mut client), "5 cables in 5 files");
    let symbols = client.request("workspace/symbol", json!({"query": ""}));
    assert!(symbols.as_array().unwrap().len() >= 5);
    assert_inside(&dir, "symbols", &symbols);

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable-ls": {"include": ["../*/**", "/tmp/**"], "exclude": ["nothing"]}}}),
    );
    // Globs are matched against paths inside the folder: these match none.
    assert_eq!(indexed(&mut client), "0 cables in 0 files");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn settings_files_that_are_not_settings() {
    // A folder by that name, then text that is not TOML: reported, and the
    // defaults hold.
    let tmp = TempDir::new("bad-settings");
    let dir = tmp.0.join("workspace");
    copy_examples(&dir, &[]);
    std::fs::create_dir_all(dir.join(".cable-ls.toml")).unwrap();
    let mut client = start(&dir, Options::default(), Value::Null);
    assert_eq!(indexed(&mut client), "5 cables in 5 files");
    assert_eq!(client.shutdown(), 0);

    std::fs::remove_dir_all(dir.join(".cable-ls.toml")).unwrap();
    std::fs::write(
        dir.join(".cable-ls.toml"),
        format!("maxFileBytes = -1\n{}", "\u{0}garbage ".repeat(10_000)),
    )
    .unwrap();
    let mut client = start(&dir, Options::default().capture_stderr(), Value::Null);
    assert_eq!(indexed(&mut client), "5 cables in 5 files");
    client.wait_for_stderr(".cable-ls.toml");
    assert_eq!(client.shutdown(), 0);
}

/// A settings file that is a link is not followed out of the workspace
/// (here to settings that would exclude everything).
#[test]
fn a_settings_link_leading_out_is_not_followed() {
    let tmp = TempDir::new("settings-link");
    let dir = tmp.0.join("workspace");
    copy_examples(&dir, &[]);
    std::fs::write(tmp.0.join("elsewhere.toml"), "exclude = [\"**\"]\n").unwrap();
    std::os::unix::fs::symlink(tmp.0.join("elsewhere.toml"), dir.join(".cable-ls.toml")).unwrap();
    let mut client = start(&dir, Options::default(), Value::Null);
    assert_eq!(indexed(&mut client), "5 cables in 5 files");
    assert_eq!(client.shutdown(), 0);
}

/// A settings file that is a named pipe must not block `initialize`.
#[test]
fn a_settings_pipe_does_not_hang_the_server() {
    let tmp = TempDir::new("settings-pipe");
    let dir = tmp.0.join("workspace");
    copy_examples(&dir, &[]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join(".cable-ls.toml"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo not available: skipped");
        return;
    }
    let mut client = start(&dir, Options::default(), Value::Null);
    assert_eq!(indexed(&mut client), "5 cables in 5 files");
    assert_eq!(client.shutdown(), 0);
}

/// Outside tests, the source has no call that writes, renames or deletes a
/// file, changes permissions or runs a program, and the server never asks
/// the client to apply an edit by itself. The one exception is the index
/// cache, which writes under the user's cache directory only (the session
/// above checks it stays out of the workspace).
#[test]
fn the_source_cannot_write_files_or_run_programs() {
    const ALLOWED: [&str; 1] = ["src/model/cache.rs"];
    const FORBIDDEN: [&str; 17] = [
        "process::Command",
        "Command::new",
        "fs::write",
        "File::create",
        "OpenOptions",
        "remove_file",
        "remove_dir",
        "fs::rename",
        "create_dir",
        "set_permissions",
        "fs::copy",
        "hard_link",
        "fs::symlink(",
        "set_len",
        "apply_edit(ApplyWorkspaceEdit",
        "client.apply_edit",
        "libc::",
    ];
    let mut found = Vec::new();
    let mut stack = vec![common::root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs")
                || name.starts_with("test")
                || ALLOWED.iter().any(|a| path.ends_with(a))
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // `#[cfg(test)] mod x;` declares a test file (skipped by
                // name); `#[cfg(test)] mod tests {` opens the unit tests,
                // which end the file.
                if line.trim() == "#[cfg(test)]" {
                    if lines
                        .get(i + 1)
                        .is_some_and(|next| next.trim_end().ends_with(';'))
                    {
                        continue;
                    }
                    break;
                }
                for pattern in FORBIDDEN {
                    if line.contains(pattern)
                        && !line.trim_start().starts_with("//")
                        && !only_scheduling_calls(line)
                    {
                        found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A line whose only `libc::` items set or read a thread's scheduling
/// priority (the background threads, `model/background.rs`): no file, no
/// program.
fn only_scheduling_calls(line: &str) -> bool {
    const SCHEDULING: [&str; 6] = [
        "syscall",
        "SYS_gettid",
        "id_t",
        "setpriority",
        "getpriority",
        "PRIO_PROCESS",
    ];
    let mut items = line.split("libc::").skip(1).peekable();
    items.peek().is_some()
        && items.all(|rest| {
            let item: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            SCHEDULING.contains(&item.as_str())
        })
        && !FORBIDDEN_BESIDES_LIBC.iter().any(|p| line.contains(p))
}

/// The forbidden patterns other than `libc::`, which a scheduling line
/// must not hold either.
const FORBIDDEN_BESIDES_LIBC: [&str; 3] = ["Command", "fs::", "File::"];

#[test]
fn scheduling_calls_are_the_only_libc_allowed() {
    assert!(only_scheduling_calls(
        "let _ = libc::setpriority(libc::PRIO_PROCESS, tid, BACKGROUND_NICE);"
    ));
    assert!(only_scheduling_calls(
        "let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;"
    ));
    assert!(!only_scheduling_calls("libc::unlink(path.as_ptr());"));
    assert!(!only_scheduling_calls(
        "libc::syscall(libc::SYS_execve, ...)"
    ));
    assert!(!only_scheduling_calls(
        "libc::setpriority(..); std::fs::write(p, b)"
    ));
    assert!(!only_scheduling_calls("no libc here"));
}

/// When the server watches the folders itself (the client cannot), a link
/// to a folder outside is not watched: a cable written there is not read.
#[test]
fn a_folder_link_leading_out_is_not_watched() {
    let tmp = TempDir::new("watch-link");
    let (dir, outside) = workspace_with_links_out(&tmp.0);
    let cache = tmp.0.join("cache");
    let mut client =
        Client::spawn_with(Options::default().env("CABLE_LS_CACHE_DIR", cache.to_str().unwrap()));
    client.initialize(&dir, json!({"window": {"workDoneProgress": true}}));
    assert_eq!(indexed(&mut client), "4 cables in 4 files");
    // Outside first, then inside: once the inside file is indexed, the
    // outside one has been seen too.
    let seed = std::fs::read_to_string(dir.join(CITING)).unwrap();
    std::fs::write(outside.join("written-outside.txt"), &seed).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    std::fs::write(dir.join("written-inside.txt"), &seed).unwrap();
    let status = client.wait_for("cableLs/status", |s| {
        s["state"] == "ready" && s["files"].as_u64() >= Some(5)
    });
    assert_eq!(status["files"], 5, "{status}");
    assert_eq!(client.shutdown(), 0);
}
