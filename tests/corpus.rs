//! The whole shared corpus (810 real cables): nothing panics, and the aggregate
//! figures are what we expect. Real cables are mostly well-formed, so a rise in
//! error-severity diagnostics is a bug until proven otherwise.
//!
//! The corpus lives beside the checkout (`../shared/corpus/cables`); without it
//! the test says so and passes, unless `CABLE_LS_REQUIRE_CORPUS` is set.

mod common;

use cable_ls::ide::diagnostics::{check_cable, Severity, RULES};
use cable_ls::model::cable_facts;
use cable_ls::syntax::parse;
use expect_test::expect;
use std::collections::BTreeMap;
use std::fmt::Write;

#[test]
fn corpus_aggregates() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let files = common::files_in(&dir);
    let (mut n_cables, mut with_id, mut with_tags, mut with_subject, mut with_date) =
        (0, 0, 0, 0, 0);
    let (mut without_errors, mut id_matches_name) = (0, 0);
    let mut per_rule: BTreeMap<&str, usize> = RULES.iter().map(|r| (r.0, 0)).collect();
    let mut errors_seen = String::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let p = parse(&text);
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut name_matched = false;
        for c in &p.cables {
            n_cables += 1;
            let ct = c.text(&text);
            let f = cable_facts(ct, c);
            with_id += f.id.is_some() as usize;
            with_tags += !f.tags.is_empty() as usize;
            with_subject += f.subject.is_some() as usize;
            with_date += f.date.is_some() as usize;
            name_matched |= f.id.as_deref() == Some(stem.as_str());
            let diags = check_cable(ct, c);
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if errors.is_empty() {
                without_errors += 1;
            }
            for e in errors {
                let _ = writeln!(errors_seen, "  {stem} {} {}", e.code, e.message);
            }
            for d in &diags {
                *per_rule.entry(d.code).or_default() += 1;
            }
        }
        id_matches_name += name_matched as usize;
    }
    let mut report = String::new();
    let _ = writeln!(report, "files {}, cables {n_cables}", files.len());
    let _ = writeln!(
        report,
        "with id {with_id}, id = file name {id_matches_name}"
    );
    let _ = writeln!(
        report,
        "with tags {with_tags}, with subject {with_subject}, with date {with_date}"
    );
    let _ = writeln!(
        report,
        "without errors {without_errors} ({:.1}%)",
        100.0 * without_errors as f64 / n_cables.max(1) as f64
    );
    let _ = writeln!(report, "diagnostics per rule:");
    for (code, n) in &per_rule {
        let _ = writeln!(report, "  {code} {n}");
    }
    let _ = writeln!(report, "errors:\n{errors_seen}");
    println!("{report}");
    expect![[r#""#]].assert_eq(&report);
}
