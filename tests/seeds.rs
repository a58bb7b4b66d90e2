//! Snapshot tests of `inspect` and `check` on the five seed cables in
//! `examples/`: the project's specification by example. Refresh with
//! `UPDATE_EXPECT=1 cargo test --test seeds` and review the diff.

mod common;

use common::run;
use expect_test::expect_file;

fn seed_names() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn there_are_five_seeds() {
    assert_eq!(seed_names().len(), 5);
}

#[test]
fn inspect_seeds() {
    for name in seed_names() {
        let path = format!("examples/{name}");
        let (code, out, err) = run(&["inspect", &path]);
        assert_eq!(code, 0, "{err}");
        let stem = name.trim_end_matches(".txt");
        expect_file![format!("snapshots/{stem}.inspect.json")].assert_eq(&out);
    }
}

#[test]
fn tree_of_seeds() {
    for name in seed_names() {
        let path = format!("examples/{name}");
        let (code, out, _) = run(&["inspect", "--tree", &path]);
        assert_eq!(code, 0);
        let stem = name.trim_end_matches(".txt");
        expect_file![format!("snapshots/{stem}.tree.txt")].assert_eq(&out);
    }
}

#[test]
fn check_seeds() {
    let (code, out, err) = run(&["check", "examples"]);
    expect_file!["snapshots/check_examples.txt"]
        .assert_eq(&format!("exit {code}\n{out}--- stderr\n{err}"));
}

#[test]
fn check_seeds_as_json() {
    let (code, out, err) = run(&["check", "--format", "json", "examples"]);
    expect_file!["snapshots/check_examples.json"]
        .assert_eq(&format!("exit {code}\n{out}--- stderr\n{err}"));
    // No diagnostic: an empty array, still JSON.
    let (code, out, _) = run(&["check", "--format", "json", "tests/fixtures/08ROME1406.txt"]);
    assert_eq!((code, out.as_str()), (0, "[]\n"));
    // A clean file between two others adds no element and no comma.
    let json_of = |files: &[&str]| {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(files);
        run(&args).1
    };
    let (a, b) = (
        "examples/000_2fe200cbb93dc52e.txt",
        "examples/001_d1f1339951ffc235.txt",
    );
    let out = json_of(&[a, "tests/fixtures/08ROME1406.txt", b]);
    assert_eq!(out, json_of(&[a, b]));
    let values: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = values.iter().map(|v| v["file"].as_str().unwrap()).collect();
    let n_a = files.iter().take_while(|f| **f == a).count();
    assert_eq!((n_a, files.len() - n_a), (7, 9), "{files:?}");
    assert!(files[n_a..].iter().all(|f| *f == b), "{files:?}");
}
