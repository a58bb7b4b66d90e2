//! End-to-end: the real binary over stdio, driven like an editor would:
//! initialize on a folder of cables, wait for indexing, open one cable, ask
//! for its outline, hovers and diagnostics, find references in files that
//! were never opened, edit, and shut down.

mod common;

use common::lsp::{file_uri, Client, Options};
use expect_test::{expect, Expect};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const ROME_104: &str = "000_2fe200cbb93dc52e.txt";

/// A folder with the five example cables, one of them changed to cite
/// another (`REF: 08 ROME 104`), and a file that is not a cable.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cable-ls-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("more")).unwrap();
    for entry in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "003_8c28089682284740.txt" {
            text = text.replace("REF: STATE 186217", "REF: 08 ROME 104");
        }
        let target = if path.file_name().unwrap() == ROME_104 {
            dir.join(path.file_name().unwrap())
        } else {
            dir.join("more").join(path.file_name().unwrap())
        };
        std::fs::write(target, text).unwrap();
    }
    std::fs::write(
        dir.join("notes.md"),
        "# Reading list\n\nNothing here is a cable.\n",
    )
    .unwrap();
    dir
}

/// The servers these tests start keep their index caches in a folder of
/// this test run, not in the user's cache directory.
fn private_cache() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cable-ls-e2e-index-cache-{}", std::process::id()));
    std::env::set_var("CABLE_LS_CACHE_DIR", &dir);
    dir
}

fn start(dir: &Path) -> Client {
    private_cache();
    let mut client = Client::spawn();
    let result = client.initialize(
        dir,
        json!({
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
        }),
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(end["value"]["message"], "5 cables in 5 files");
    client
}

/// Waits (a while) for the index cache of `dir`, written in the background
/// after indexing in a folder named after the workspace folder; its file.
fn wait_for_cache(cache: &Path, dir: &Path) -> PathBuf {
    let name = dir.file_name().unwrap().to_string_lossy().replace('-', "_");
    let written = || {
        std::fs::read_dir(cache)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| (e.file_name(), e.path().join("index.bin")))
            .find(|(folder, file)| folder.to_string_lossy().starts_with(&name) && file.is_file())
            .map(|(_, file)| file)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match written() {
            Some(file) => return file,
            None if std::time::Instant::now() > deadline => panic!("no index cache written"),
            None => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

/// A first server on `dir`, which indexes every file and writes the
/// index cache: its answers ([`people_and_symbols`]), and the cache file.
fn indexed_once(dir: &Path) -> ((Value, Value), PathBuf) {
    let cache = private_cache();
    let mut first = start(dir);
    let built = people_and_symbols(&mut first);
    first.shutdown();
    (built, wait_for_cache(&cache, dir))
}

/// What a server answers about people and cables, to compare two servers.
fn people_and_symbols(client: &mut Client) -> (Value, Value) {
    (
        client.request("cableLs/people", json!({"query": ""})),
        client.request("workspace/symbol", json!({"query": "ro"})),
    )
}

/// A server started again on `dir`, its log kept; `meanwhile` runs once it
/// is initialized. Returns it, and the end message of its indexing.
fn restart(dir: &Path, meanwhile: impl FnOnce(&mut Client)) -> (Client, Value) {
    let mut client = Client::spawn_with(
        Options::default()
            .env("CABLE_LS_LOG", "cable_ls=info")
            .capture_stderr(),
    );
    client.initialize(dir, json!({"window": {"workDoneProgress": true}}));
    meanwhile(&mut client);
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    (client, end["value"]["message"].clone())
}

/// A document opened while the server starts from the cache: the stored
/// index (of the files on disk) serves first, then a build with the
/// document's buffer, which ends where a server that built everything
/// does.
#[test]
fn a_document_open_at_start_replaces_its_file_in_the_stored_index() {
    let dir = workspace("cache-open");
    let cache = private_cache();
    let rome = dir.join(ROME_104);
    let buffer = std::fs::read_to_string(&rome)
        .unwrap()
        .replace("D'Alema", "the minister");
    let open_buffer = |client: &mut Client| {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": file_uri(&rome), "languageId": "cable", "version": 1, "text": buffer}}),
        );
    };
    let mentions =
        |client: &mut Client| client.request("cableLs/status", Value::Null)["mentions"].clone();
    // Waits (a while) for the index to count other mentions than `from`.
    let mentions_after = |client: &mut Client, from: &Value| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let now = mentions(client);
            if now != *from || std::time::Instant::now() > deadline {
                return now;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    let mut first = start(&dir);
    let on_disk = mentions(&mut first);
    open_buffer(&mut first);
    let with_buffer = mentions_after(&mut first, &on_disk);
    assert!(
        with_buffer.as_u64() < on_disk.as_u64(),
        "{with_buffer} {on_disk}"
    );
    first.shutdown();
    wait_for_cache(&cache, &dir);
    let (mut client, end) = restart(&dir, open_buffer);
    assert_eq!(end, "5 cables in 5 files, 5 read from the index cache");
    let log = client.wait_for_stderr("index of 5 files read from the cache");
    assert!(!log.contains("index cache written"), "{log}");
    assert_eq!(mentions_after(&mut client, &on_disk), with_buffer);
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A cache damaged on disk is never trusted: cut short, it is discarded
/// when read; with its records overwritten (its tables intact), the files
/// whose records do not decode are read again when first needed. Either
/// way the answers are those of a server that indexed every file.
#[test]
fn a_damaged_index_cache_is_never_trusted() {
    let dir = workspace("cache-damaged");
    let (built, file) = indexed_once(&dir);
    let whole = std::fs::read(&file).unwrap();
    // The records, just after the header (magic, format, version).
    let records = whole.windows(6).position(|w| w == b"0.1.0+").unwrap() + 22;
    let mut overwritten = whole.clone();
    overwritten[records..records + 64].fill(0xff);
    std::fs::write(&file, &overwritten).unwrap();
    let (mut client, end) = restart(&dir, |_| {});
    assert_eq!(end, "5 cables in 5 files, 5 read from the index cache");
    assert_eq!(people_and_symbols(&mut client), built);
    let log = client.wait_for_stderr("discarded");
    assert!(log.contains("index cache"), "{log}");
    assert!(!file.exists());
    client.shutdown();
    // Cut short: discarded when read, every file indexed again.
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let (mut client, end) = restart(&dir, |_| {});
    assert_eq!(end, "5 cables in 5 files");
    assert_eq!(people_and_symbols(&mut client), built);
    assert!(client.stderr().contains("discarded"));
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_start_reads_the_index_cache() {
    let dir = workspace("cache");
    // What a server that indexed every file answers, for comparison with
    // one that read the stored index.
    let (built, _) = indexed_once(&dir);
    // Nothing changed: every summary and the index itself come from the
    // cache, and the answers are the same.
    let (mut client, end) = restart(&dir, |_| {});
    assert_eq!(end, "5 cables in 5 files, 5 read from the index cache");
    assert!(
        built.0.as_array().is_some_and(|a| a.len() > 10),
        "{}",
        built.0
    );
    assert!(
        built.1.as_array().is_some_and(|a| !a.is_empty()),
        "{}",
        built.1
    );
    assert_eq!(people_and_symbols(&mut client), built);
    let log = client.wait_for_stderr("index of 5 files");
    assert!(
        log.contains("index of 5 files read from the cache"),
        "{log}"
    );
    client.shutdown();
    // One file changed since: it alone is read again.
    let changed = dir.join("more/002_7b060bb6257fa9c8.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("SUBJECT:", "SUBJECT: (U)")).unwrap();
    let (mut client, end) = restart(&dir, |_| {});
    assert_eq!(end, "5 cables in 5 files, 4 read from the index cache");
    // Meanwhile the index stored with the cache answered; then the one
    // built with the changed file.
    let log = client.wait_for_stderr("index of 5 files built");
    assert!(
        log.contains("index of 5 files read from the cache, 4 of them unchanged"),
        "{log}"
    );
    let people = client.request("cableLs/people", json!({"query": "alema"}));
    assert_eq!(people[0]["mentions"], 38);
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
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

/// `name (kind) line:col-line:col` per symbol, indented by depth; the
/// paragraph level is cut to its first three entries to stay readable.
fn render_symbols(symbols: &Value, depth: usize, out: &mut String) {
    let list = symbols.as_array().cloned().unwrap_or_default();
    for (i, s) in list.iter().enumerate() {
        if depth >= 1 && i >= 4 && s["kind"] == 15 {
            out.push_str(&format!(
                "{}… {} more\n",
                "  ".repeat(depth),
                list.len() - i
            ));
            break;
        }
        let r = &s["range"];
        out.push_str(&format!(
            "{}{} ({}) {}:{}-{}:{}\n",
            "  ".repeat(depth),
            s["name"].as_str().unwrap_or(""),
            s["kind"],
            r["start"]["line"],
            r["start"]["character"],
            r["end"]["line"],
            r["end"]["character"],
        ));
        render_symbols(&s["children"], depth + 1, out);
    }
}

fn check_symbols(value: &Value, expect: Expect) {
    let mut out = String::new();
    render_symbols(value, 0, &mut out);
    expect.assert_eq(&out);
}

/// `file line:col` per location, relative to the workspace.
fn render_locations(dir: &Path, value: &Value) -> String {
    let prefix = file_uri(dir);
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {}:{}\n",
                l["uri"].as_str().unwrap().trim_start_matches(&prefix),
                l["range"]["start"]["line"],
                l["range"]["start"]["character"]
            )
        })
        .collect()
}

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

#[test]
fn a_session_on_the_example_cables() {
    let dir = workspace("session");
    let mut client = start(&dir);
    let uri = open(&mut client, &dir.join(ROME_104));

    // Diagnostics arrive by themselves, with the document's version.
    let diagnostics = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(diagnostics["version"], 1);
    let codes: Vec<String> = diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"]
            )
        })
        .collect();
    expect![[r#"
        [
            "T005 34",
            "T005 34",
            "T005 34",
            "T005 34",
            "P002 44",
            "P002 46",
            "P002 48",
        ]
    "#]]
    .assert_debug_eq(&codes);

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    check_symbols(
        &symbols,
        expect![[r#"
        08ROME104 — KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE (1) 0:0-49:6
          Transmission (3) 2:0-7:17
            Transmission id (8) 2:0-2:12
            Routing (8) 3:0-3:38
            DE (8) 4:0-4:23
            ZNY (8) 5:0-5:13
            DTG (8) 6:0-6:16
            FM (8) 7:0-7:17
          Addressees (3) 8:0-24:31
            SECSTATE WASHDC (8) 8:0-8:39
            EUROPEAN POLITICAL COLLECTIVE (8) 9:0-9:51
            AMEMBASSY BELGRADE (8) 10:0-10:40
            AMEMBASSY BERLIN (8) 11:0-11:38
            AMEMBASSY LONDON (8) 12:0-12:38
            AMEMBASSY MADRID (8) 13:0-13:38
            AMEMBASSY MOSCOW (8) 14:0-14:38
            AMEMBASSY PARIS (8) 15:0-15:37
            AMCONSUL FLORENCE (8) 16:0-16:39
            AMCONSUL MILAN (8) 17:0-17:37
            AMCONSUL NAPLES (8) 18:0-18:37
            WHITE HOUSE NSC WASHDC (8) 19:0-19:40
            USOFFICE PRISTINA (8) 20:0-20:39
            USMISSION USUN NEW YORK (8) 21:0-21:45
            USMISSION USOSCE (8) 22:0-22:39
            USEU BRUSSELS (8) 23:0-23:35
            SECDEF WASHDC (8) 24:0-24:31
          Captions (3) 32:0-42:28
            E.O. (8) 32:0-32:28
            TAGS (8) 34:0-34:41
            SUBJECT (8) 36:0-37:27
            REF (8) 39:0-39:26
            Classified By (8) 41:0-42:28
          ¶1 (C) The GOI is backing away from… (15) 44:0-44:552
          … 3 more
    "#]],
    );

    // Hover on `PREL` in `TAGS: [PREL](#) ...` (line 34), on the date-time
    // group (line 6) and on the routing indicator `RUEHBW` (line 10).
    let hover = client.request("textDocument/hover", position(&uri, 34, 8));
    expect![[r#"{"contents":{"kind":"markdown","value":"**PREL** · subject tag\n\nExternal political relations"},"range":{"end":{"character":11,"line":34},"start":{"character":7,"line":34}}}"#]].assert_eq(&hover.to_string());
    let hover = client.request("textDocument/hover", position(&uri, 6, 4));
    expect![[r#"
        **241223Z JAN 08** · date-time group

        Thu 24 Jan 2008 12:23 UTC"#]]
    .assert_eq(hover["contents"]["value"].as_str().unwrap());
    let hover = client.request("textDocument/hover", position(&uri, 10, 2));
    expect![[r#"
        **RUEHBW** · routing indicator

        AMEMBASSY BELGRADE"#]]
    .assert_eq(hover["contents"]["value"].as_str().unwrap());

    // References on the cable's own id (`ROME 000104` in the banner): the
    // REF item of a file that was never opened.
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 26, "character": 30}, "context": {"includeDeclaration": false}}),
    );
    expect![[r#"
        /more/003_8c28089682284740.txt 32:5
    "#]]
    .assert_eq(&render_locations(&dir, &refs));

    // A person: every mention across the workspace.
    let text = std::fs::read_to_string(dir.join(ROME_104)).unwrap();
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("D'Alema").map(|c| (i as u32, c as u32 + 2)))
        .expect("a mention of D'Alema");
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}, "context": {"includeDeclaration": true}}),
    );
    expect![[r#"
        /000_2fe200cbb93dc52e.txt 44:185
        /000_2fe200cbb93dc52e.txt 46:388
        /more/001_d1f1339951ffc235.txt 67:14
        /more/001_d1f1339951ffc235.txt 67:722
        /more/001_d1f1339951ffc235.txt 71:0
        /more/001_d1f1339951ffc235.txt 73:409
        /more/001_d1f1339951ffc235.txt 77:18
        /more/001_d1f1339951ffc235.txt 77:412
        /more/001_d1f1339951ffc235.txt 79:91
        /more/001_d1f1339951ffc235.txt 85:98
        /more/001_d1f1339951ffc235.txt 85:508
        /more/002_7b060bb6257fa9c8.txt 34:9
        /more/002_7b060bb6257fa9c8.txt 39:77
        /more/002_7b060bb6257fa9c8.txt 39:278
        /more/002_7b060bb6257fa9c8.txt 41:68
        /more/003_8c28089682284740.txt 29:28
        /more/003_8c28089682284740.txt 37:133
        /more/003_8c28089682284740.txt 37:157
        /more/003_8c28089682284740.txt 37:277
        /more/003_8c28089682284740.txt 37:434
        /more/003_8c28089682284740.txt 39:87
        /more/003_8c28089682284740.txt 39:96
        /more/003_8c28089682284740.txt 39:406
        /more/003_8c28089682284740.txt 43:22
        /more/003_8c28089682284740.txt 43:301
        /more/004_2f81a62bb2cdd743.txt 32:225
        /more/004_2f81a62bb2cdd743.txt 32:305
        /more/004_2f81a62bb2cdd743.txt 32:486
        /more/004_2f81a62bb2cdd743.txt 32:583
        /more/004_2f81a62bb2cdd743.txt 32:703
        /more/004_2f81a62bb2cdd743.txt 37:8
        /more/004_2f81a62bb2cdd743.txt 37:228
        /more/004_2f81a62bb2cdd743.txt 37:348
        /more/004_2f81a62bb2cdd743.txt 39:23
        /more/004_2f81a62bb2cdd743.txt 39:385
        /more/004_2f81a62bb2cdd743.txt 44:8
        /more/004_2f81a62bb2cdd743.txt 44:132
        /more/004_2f81a62bb2cdd743.txt 44:372
    "#]]
    .assert_eq(&render_locations(&dir, &refs));

    // The extensions for status bars and people lists.
    let status = client.request("cableLs/status", Value::Null);
    assert_eq!(
        status,
        json!({"state": "ready", "files": 5, "cables": 5, "people": status["people"], "mentions": status["mentions"]})
    );
    assert!(status["people"].as_u64() > Some(10), "{status}");
    let people = client.request("cableLs/people", json!({"query": "alema"}));
    assert_eq!(people[0]["name"], "D'Alema");
    assert_eq!(people[0]["mentions"], 38);
    assert_eq!(people[0]["titles"], json!(["Foreign Minister"]));
    assert_eq!(
        render_locations(&dir, &json!([people[0]["location"]])),
        "/000_2fe200cbb93dc52e.txt 44:185\n"
    );

    // An edit: a new heading line before ¶1 shows in the outline.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 44, "character": 0}, "end": {"line": 44, "character": 0}}, "text": "Background\n----------\n\n"}]
        }),
    );
    let diagnostics = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == 2
    });
    assert!(diagnostics["diagnostics"].is_array());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    check_symbols(
        &symbols,
        expect![[r#"
        08ROME104 — KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE (1) 0:0-52:6
          Transmission (3) 2:0-7:17
            Transmission id (8) 2:0-2:12
            Routing (8) 3:0-3:38
            DE (8) 4:0-4:23
            ZNY (8) 5:0-5:13
            DTG (8) 6:0-6:16
            FM (8) 7:0-7:17
          Addressees (3) 8:0-24:31
            SECSTATE WASHDC (8) 8:0-8:39
            EUROPEAN POLITICAL COLLECTIVE (8) 9:0-9:51
            AMEMBASSY BELGRADE (8) 10:0-10:40
            AMEMBASSY BERLIN (8) 11:0-11:38
            AMEMBASSY LONDON (8) 12:0-12:38
            AMEMBASSY MADRID (8) 13:0-13:38
            AMEMBASSY MOSCOW (8) 14:0-14:38
            AMEMBASSY PARIS (8) 15:0-15:37
            AMCONSUL FLORENCE (8) 16:0-16:39
            AMCONSUL MILAN (8) 17:0-17:37
            AMCONSUL NAPLES (8) 18:0-18:37
            WHITE HOUSE NSC WASHDC (8) 19:0-19:40
            USOFFICE PRISTINA (8) 20:0-20:39
            USMISSION USUN NEW YORK (8) 21:0-21:45
            USMISSION USOSCE (8) 22:0-22:39
            USEU BRUSSELS (8) 23:0-23:35
            SECDEF WASHDC (8) 24:0-24:31
          Captions (3) 32:0-42:28
            E.O. (8) 32:0-32:28
            TAGS (8) 34:0-34:41
            SUBJECT (8) 36:0-37:27
            REF (8) 39:0-39:26
            Classified By (8) 41:0-42:28
          Background (5) 44:0-51:291
            ¶1 (C) The GOI is backing away from… (15) 47:0-47:552
            ¶2 (C) However, on January 24, Raimondo De… (15) 49:0-49:532
            ¶3 (C) De Cardona noted that one positive… (15) 51:0-51:291
          Signature (8) 52:0-52:6
    "#]],
    );

    assert_eq!(client.shutdown(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Settings from `.cable-ls.toml`, UTF-8 positions, files created on disk
/// after indexing, an open buffer winning over its file, and stale changes.
#[test]
fn settings_disk_changes_and_encodings() {
    let dir = workspace("disk");
    std::fs::write(dir.join(".cable-ls.toml"), "exclude = [\"more/004*\"]\n").unwrap();
    let mut client = Client::spawn();
    let result = client.initialize(
        &dir,
        json!({
            "general": {"positionEncodings": ["utf-8", "utf-16"]},
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
        }),
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let registration = client.wait_for("client/registerCapability", |_| true);
    assert_eq!(
        registration["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(end["value"]["message"], "4 cables in 4 files");

    // A cable written to disk after indexing, announced by the client,
    // citing 08ROME104.
    let seed = std::fs::read_to_string(dir.join("more/002_7b060bb6257fa9c8.txt")).unwrap();
    let citing = seed.replacen("SUBJECT:", "REF: 08 ROME 104\n\nSUBJECT:", 1);
    let new_file = dir.join("new cable.txt");
    std::fs::write(&new_file, citing).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&new_file), "type": 1}]}),
    );
    let uri = open(&mut client, &dir.join(ROME_104));
    // The index follows after its quiet time; ask until it has.
    let mut found = String::new();
    for _ in 0..100 {
        let refs = client.request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": 26, "character": 30}, "context": {"includeDeclaration": false}}),
        );
        found = render_locations(&dir, &refs);
        if found.contains("new%20cable") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    expect![[r#"
        /more/003_8c28089682284740.txt 32:5
        /new%20cable.txt 34:5
    "#]]
    .assert_eq(&found);

    // UTF-8 columns: `¶` is two bytes. Typing one before `11.` (line 44)
    // moves the hover range of the marking `(C)` by two, not one.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 44, "character": 0}, "end": {"line": 44, "character": 0}}, "text": "¶"}]
        }),
    );
    // A stale change (version 1 again) is dropped, not applied.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 1},
            "contentChanges": [{"text": "garbage"}]
        }),
    );
    let hover = client.request("textDocument/hover", position(&uri, 44, 7));
    expect![[r#"{"contents":{"kind":"markdown","value":"**(C)** · portion marking\n\nConfidential: unauthorized disclosure could reasonably be expected to cause damage to national security."},"range":{"end":{"character":9,"line":44},"start":{"character":6,"line":44}}}"#]]
    .assert_eq(&hover.to_string());

    assert_eq!(client.shutdown(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `cableLs/status` counts once they equal `want`, polling while the
/// server catches up with the disk (at most ten seconds).
fn wait_for_cables(client: &mut Client, want: u64) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let status = client.request("cableLs/status", Value::Null);
        if status["cables"] == want || std::time::Instant::now() > deadline {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn disk_changes_are_followed_when_the_client_cannot_watch() {
    // `start` offers no file watching: the server watches the folder itself.
    let dir = workspace("own-watcher");
    let mut client = start(&dir);
    let seed = std::fs::read_to_string(dir.join(ROME_104)).unwrap();
    let added = dir.join("more/added.txt");
    std::fs::write(&added, &seed).unwrap();
    assert_eq!(wait_for_cables(&mut client, 6)["cables"], 6);
    std::fs::remove_file(&added).unwrap();
    assert_eq!(wait_for_cables(&mut client, 5)["cables"], 5);
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The server's own watches are set up after its indexing's walk; a file
/// written meanwhile is found by the stamp check that follows, whether the
/// walk saw it or not.
#[test]
fn a_file_written_while_the_server_starts_is_indexed() {
    let dir = workspace("late-watch");
    private_cache();
    let seed = std::fs::read_to_string(dir.join(ROME_104)).unwrap();
    let (mut client, _) = restart(&dir, |_| {
        std::fs::write(dir.join("more/added.txt"), &seed).unwrap();
    });
    let log = client.wait_for_stderr("between the walk and the watches");
    assert!(log.contains("watching 1 folders for changes"), "{log}");
    assert_eq!(wait_for_cables(&mut client, 6)["cables"], 6);
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The check that follows the server's watches reads again only what
/// moved: not a file the walk found without a cable (`notes.md`), and not
/// the settings file, whose re-reading would index the workspace again.
#[test]
fn the_check_after_the_watches_reads_nothing_unchanged() {
    let dir = workspace("quiet-recheck");
    private_cache();
    std::fs::write(dir.join(".cable-ls.toml"), "maxFileBytes = 1000000\n").unwrap();
    let (mut client, end) = restart(&dir, |_| {});
    assert_eq!(end, "5 cables in 5 files");
    let log = client.wait_for_stderr("between the walk and the watches");
    assert!(
        log.contains("0 files changed between the walk and the watches"),
        "{log}"
    );
    client.drain(std::time::Duration::from_millis(500));
    let begun = client
        .notifications
        .iter()
        .filter(|n| n["method"] == "$/progress" && n["params"]["value"]["kind"] == "begin")
        .count();
    assert_eq!(begun, 1, "{:?}", client.notifications);
    assert_eq!(wait_for_cables(&mut client, 5)["cables"], 5);
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Settings written after the server read them and before its watches
/// were set up: no event tells, the check after the watches does, and the
/// workspace is indexed again under them.
#[test]
fn settings_written_while_the_server_starts_are_applied() {
    let dir = workspace("late-settings");
    private_cache();
    let (mut client, end) = restart(&dir, |_| {
        std::fs::write(dir.join(".cable-ls.toml"), "exclude = [\"more/**\"]\n").unwrap();
    });
    assert_eq!(end, "5 cables in 5 files");
    let log = client.wait_for_stderr("the settings changed between their reading and the watches");
    assert!(!log.contains("files changed between the walk"), "{log}");
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    // From the index cache or not, as the first indexing's cache write
    // ended before this indexing read it or after.
    let message = end["value"]["message"].as_str().unwrap_or_default();
    assert!(
        [
            "1 cables in 1 files",
            "1 cables in 1 files, 1 read from the index cache"
        ]
        .contains(&message),
        "{message}"
    );
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn people_corrections_in_settings_apply_live() {
    let dir = workspace("people-settings");
    let mut client = start(&dir);
    let people = |client: &mut Client, query: &str| -> Vec<(String, u64)> {
        let found = client.request("cableLs/people", json!({ "query": query }));
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_string(),
                    p["mentions"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let prodi = people(&mut client, "prodi");
    let dalema = people(&mut client, "alema");
    assert_eq!((prodi.len(), dalema.len()), (1, 1), "{prodi:?} {dalema:?}");
    // Merged by the user: one person with both counts.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cableLs": {"people": {"aliases": [["D'Alema", "Prodi"]]}}}}),
    );
    client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    let merged = people(&mut client, "alema");
    assert_eq!(merged.len(), 1, "{merged:?}");
    assert_eq!(merged[0].1, prodi[0].1 + dalema[0].1);
    assert_eq!(people(&mut client, "prodi"), merged);
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// `file: line:CODE ...` of a `publishDiagnostics` notification, its
/// version after a `@` (none for a file not open).
fn render_published(dir: &Path, published: &Value) -> String {
    let uri = published["uri"].as_str().unwrap_or_default();
    let name = uri
        .rsplit_once(&file_uri(dir))
        .map_or(uri, |(_, rest)| rest);
    let mut out = format!("{name} @{}:", published["version"]);
    for d in published["diagnostics"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            " {}:{}",
            d["range"]["start"]["line"],
            d["code"].as_str().unwrap_or("?")
        ));
    }
    out
}

/// With `[diagnostics] workspace = true`, every cable not open gets its
/// diagnostics (without a version), the settings' disabled rules left out;
/// an open document's own replace them until it closes; a file changed or
/// deleted on disk gets its new ones; turning the setting off clears them.
#[test]
fn workspace_diagnostics_cover_the_cables_not_open() {
    let dir = workspace("workspace-diagnostics");
    std::fs::write(
        dir.join(".cable-ls.toml"),
        "[diagnostics]\nworkspace = true\ndisabled = [\"P002\"]\n",
    )
    .unwrap();
    let mut client = start(&dir);
    let names = [
        ROME_104.to_string(),
        "more/001_d1f1339951ffc235.txt".into(),
        "more/002_7b060bb6257fa9c8.txt".into(),
        "more/003_8c28089682284740.txt".into(),
        "more/004_2f81a62bb2cdd743.txt".into(),
    ];
    let uris: Vec<String> = names.iter().map(|n| file_uri(&dir.join(n))).collect();
    let mut published = String::new();
    for uri in &uris {
        let p = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == *uri);
        published.push_str(&render_published(&dir, &p));
        published.push('\n');
    }
    expect![[r#"
        /000_2fe200cbb93dc52e.txt @null: 34:T005 34:T005 34:T005 34:T005
        /more/001_d1f1339951ffc235.txt @null: 2:H001 16:H011 52:T005 52:T005 52:T005 52:T005 52:T005 52:T005 69:P006
        /more/002_7b060bb6257fa9c8.txt @null: 32:T005 32:T005 32:T003 32:T005 32:T005 32:T005 32:T003 32:T005
        /more/003_8c28089682284740.txt @null: 28:T005 28:T005 28:T005 28:T005 28:T005 28:T005
        /more/004_2f81a62bb2cdd743.txt @null: 27:T005 27:T005 27:T005 27:T005 27:T005 27:T005
    "#]].assert_eq(&published);

    // Open, the document's own diagnostics (with its version); closed, the
    // file's again.
    let rome = open(&mut client, &dir.join(ROME_104));
    let own = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == rome);
    assert_eq!(own["version"], 1);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": rome}}),
    );
    let cleared = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == rome);
    assert_eq!(cleared["diagnostics"], json!([]));
    let again = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == rome);
    assert_eq!(
        render_published(&dir, &again),
        published.lines().next().unwrap()
    );

    // A file mended on disk (the collective's own routing indicator): the
    // hint gone; a file deleted: none.
    let mended = dir.join("more/001_d1f1339951ffc235.txt");
    let text = std::fs::read_to_string(&mended).unwrap();
    std::fs::write(&mended, text.replace("RUEHDL", "RUEHZL")).unwrap();
    let deleted = dir.join("more/002_7b060bb6257fa9c8.txt");
    std::fs::remove_file(&deleted).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [
            {"uri": file_uri(&mended), "type": 2},
            {"uri": file_uri(&deleted), "type": 3}
        ]}),
    );
    let now = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uris[1]);
    expect!["/more/001_d1f1339951ffc235.txt @null: 2:H001 52:T005 52:T005 52:T005 52:T005 52:T005 52:T005 69:P006"].assert_eq(&render_published(&dir, &now));
    let gone = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uris[2]);
    assert_eq!(gone["diagnostics"], json!([]));

    // Turned off: every file's are cleared.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable-ls": {"diagnostics": {"workspace": false}}}}),
    );
    for uri in [&uris[0], &uris[1], &uris[3], &uris[4]] {
        let p = client.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == *uri && p["diagnostics"] == json!([])
        });
        assert_eq!(p["version"], Value::Null);
    }
    assert_eq!(client.shutdown(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
