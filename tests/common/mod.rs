//! Helpers shared by the end-to-end tests: running the command line in-process
//! and locating the shared corpus.

#![allow(dead_code)]

pub mod lsp;

use std::path::{Path, PathBuf};

/// Runs `cable-ls ARGS` in-process; returns (status, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = cable_ls::cli::main_with(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The 810-cable corpus beside the checkout, if present. When it is missing
/// the caller skips, unless `CABLE_LS_REQUIRE_CORPUS` is set (CI sets it), in
/// which case that is a failure.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus/cables");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CABLE_LS_REQUIRE_CORPUS").is_some() {
        panic!(
            "corpus not found at {} and CABLE_LS_REQUIRE_CORPUS is set",
            dir.display()
        );
    }
    eprintln!(
        "corpus not found at {}: skipping (set CABLE_LS_REQUIRE_CORPUS to fail instead)",
        dir.display()
    );
    None
}

/// Paths of the files in a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}
