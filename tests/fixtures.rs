//! Snapshot tests of `inspect` over real cables copied into `tests/fixtures/`
//! (chosen for their variety of shapes and defects), so the suite exercises
//! real-world input even where the shared corpus is absent.

mod common;

use common::run;
use expect_test::expect_file;

#[test]
fn inspect_fixtures() {
    let dir = common::root().join("tests/fixtures");
    let files = common::files_in(&dir);
    assert!(
        files.len() >= 20,
        "expected at least 20 fixtures, found {}",
        files.len()
    );
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rel = format!("tests/fixtures/{name}");
        let (code, out, err) = run(&["inspect", &rel]);
        assert_eq!(code, 0, "{name}: {err}");
        let stem = name.trim_end_matches(".txt");
        expect_file![format!("snapshots/fixtures/{stem}.json")].assert_eq(&out);
    }
}
