//! The command line's contract: exit statuses, usage errors, unreadable and
//! non-UTF-8 files, standard input.

mod common;

use common::run;

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("cable-ls: unknown command frobnicate\n"),
        "{err}"
    );
    let (code, _, err) = run(&["check"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("cable-ls: check needs at least one file or folder\n"),
        "{err}"
    );
    let (code, _, err) = run(&["check", "--format", "xml", "examples"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("cable-ls: --format takes text or json, not xml\n"),
        "{err}"
    );
}

#[test]
fn missing_and_non_utf8_files_are_reported_and_others_still_checked() {
    let dir = std::env::temp_dir().join(format!("cable-ls-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("latin1.txt");
    std::fs::write(&bad, b"TAGS: PREL\nSUBJECT: caf\xe9\n").unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "TAGS: PREL\nSUBJECT: FINE\n").unwrap();
    let missing = dir.join("missing.txt");
    let (code, out, err) = run(&[
        "check",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "cable-ls: {}: not valid UTF-8 (first invalid byte at line 2, byte offset 23)\n",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "cable-ls: {}: no such file or folder\n",
            missing.display()
        )),
        "{err}"
    );
    assert!(err.contains("checked 1 file, 1 cable:"), "{err}");
    // The good file was still checked.
    assert!(
        out.is_empty() || out.lines().all(|l| l.starts_with(good.to_str().unwrap())),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_and_version() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("cable-ls check [--format text|json] PATH..."));
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("cable-ls {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn binary_reads_standard_input() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .args(["inspect", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"TAGS: PREL PGOV\nSUBJECT: A TEST\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["tags"], serde_json::json!(["PREL", "PGOV"]));
    assert_eq!(v[0]["subject"], serde_json::json!("A TEST"));
    assert_eq!(v[0]["id"], serde_json::Value::Null);
}

#[test]
fn people_lists_persons_most_mentioned_first() {
    let examples = common::root().join("examples");
    let examples = examples.to_str().unwrap();
    let (code, out, err) = run(&["people", examples]);
    assert_eq!(code, 0, "{err}");
    // Counts are right-aligned; the snapshot shows them trimmed.
    let head: String = out
        .lines()
        .take(4)
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    expect_test::expect![[r#"
        38  D'Alema (Foreign Minister)  [5 cables]
        23  Martii Ahtisaari  [4 cables]
        15  Raimondo De Cardona  [4 cables]
        7  Kostunica (Prime Minister)  [2 cables]
    "#]]
    .assert_eq(&head);
    expect_test::expect![[r#"
        14 people, 109 mentions in 5 cables of 5 files
    "#]]
    .assert_eq(&err);
}

#[test]
fn people_json_mentions_are_the_text_at_their_place() {
    let examples = common::root().join("examples");
    let (code, out, err) = run(&["people", "--json", examples.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let people: serde_json::Value = serde_json::from_str(&out).unwrap();
    let people = people.as_array().unwrap();
    assert!(people.len() > 10, "{out}");
    let mut checked = 0;
    for person in people {
        for m in person["mentions"].as_array().unwrap() {
            let text = std::fs::read_to_string(m["file"].as_str().unwrap()).unwrap();
            let line = text
                .lines()
                .nth(m["line"].as_u64().unwrap() as usize)
                .unwrap();
            let chars: Vec<char> = line.chars().collect();
            let (start, end) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            if m.get("end_line").is_none() {
                let at: String = chars[start..end].iter().collect();
                assert_eq!(at, m["text"].as_str().unwrap(), "{m}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
    // The first person is the most mentioned.
    let counts: Vec<usize> = people
        .iter()
        .map(|p| p["mentions"].as_array().unwrap().len())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[test]
fn index_counts_what_the_server_indexes() {
    let examples = common::root().join("examples");
    let (code, out, err) = run(&["index", "--json", "--no-cache", examples.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let counts: Vec<String> = ["files", "cables", "ref_edges", "bytes"]
        .iter()
        .map(|k| format!("{k}={}", report[k]))
        .collect();
    assert_eq!(
        counts,
        ["files=5", "cables=5", "ref_edges=4", "bytes=18184"]
    );
    assert_eq!(
        report["skipped"],
        serde_json::json!({"not_cables": 0, "too_large": 0, "not_utf8": 0, "unreadable": 0})
    );
    // The same people engine as `people`.
    let (_, _, people_err) = run(&["people", examples.to_str().unwrap()]);
    let expected = format!(
        "{} people, {} mentions in 5 cables of 5 files\n",
        report["people"], report["mentions"]
    );
    assert_eq!(people_err, expected);
    let (code, _, err) = run(&["index", "Cargo.toml"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "cable-ls: Cargo.toml: not a folder\n")
    );
}

/// The cache a first run writes (its records beside the index build, then
/// the stored index) gives a second run every file and the same counts.
#[test]
fn index_writes_a_cache_the_next_run_reads() {
    let tmp = std::env::temp_dir().join(format!("cable-ls-cli-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let cache = tmp.join("cache");
    let examples = common::root().join("examples");
    let run = || -> serde_json::Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cable-ls"))
            .args(["index", "--json"])
            .arg(&examples)
            .env("CABLE_LS_CACHE_DIR", &cache)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let counts = |r: &serde_json::Value| -> String {
        [
            "files",
            "cached_files",
            "cables",
            "people",
            "mentions",
            "ref_edges",
        ]
        .iter()
        .map(|k| format!("{k}={}", r[k]))
        .collect::<Vec<_>>()
        .join(" ")
    };
    let first = run();
    assert_eq!(
        counts(&first),
        "files=5 cached_files=0 cables=5 people=14 mentions=109 ref_edges=4"
    );
    let mut written: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .flat_map(|folder| std::fs::read_dir(folder.path()).unwrap().flatten())
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // The summaries, and the listing of the folders walked.
    assert_eq!(written, ["folders.bin", "index.bin"]);
    let second = run();
    assert_eq!(
        counts(&second),
        "files=5 cached_files=5 cables=5 people=14 mentions=109 ref_edges=4"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A fresh folder `name` under the temporary folder holding the Rome seed
/// as `08ROME104`; the folder and the seed's text.
fn folder_with_rome_seed(name: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("cable-ls-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seed =
        std::fs::read_to_string(common::root().join("examples/000_2fe200cbb93dc52e.txt")).unwrap();
    std::fs::write(dir.join("08ROME104"), &seed).unwrap();
    (dir, seed)
}

#[test]
fn folders_yield_the_files_that_look_like_cables() {
    let (dir, _) = folder_with_rome_seed("notes");
    std::fs::write(
        dir.join("notes.txt"),
        "Dear colleague,\nthe meeting is at noon.\n",
    )
    .unwrap();
    let folder = dir.to_str().unwrap();
    let (_, _, err) = run(&["check", folder]);
    assert!(err.starts_with("checked 1 file, 1 cable:"), "{err}");
    let (_, _, err) = run(&["people", folder]);
    assert!(err.ends_with("in 1 cables of 1 files\n"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_of_a_folder_follows_its_settings_and_a_named_file_gets_every_rule() {
    let (dir, seed) = folder_with_rome_seed("settings");
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(dir.join("drafts/08ROME104"), &seed).unwrap();
    std::fs::write(
        dir.join(".cable-ls.toml"),
        "exclude = [\"drafts/**\"]\n[diagnostics]\ndisabled = [\"t005\"]\n",
    )
    .unwrap();
    let folder = dir.to_str().unwrap();
    let (code, out, err) = run(&["check", folder]);
    let file = dir.join("08ROME104");
    let expected: String = [45, 47, 49]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            format!(
                "{}:{line}:1: warning[P002]: paragraph marker `1{n}.` has its pilcrow turned into the digit 1; expected `¶{n}.`\n",
                file.display(),
                n = i + 1
            )
        })
        .collect();
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            expected.as_str(),
            "checked 1 file, 1 cable: 0 errors, 3 warnings, 0 info, 0 hints\n"
        )
    );
    // Named, the file is checked with every rule, whatever its folder says.
    let (_, out, _) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(out.matches("warning[T005]").count(), 4, "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
