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
    expect![[r#"
        files 810, cables 811
        with id 754, id = file name 748
        with tags 810, with subject 804, with date 754
        without errors 796 (98.2%)
        diagnostics per rule:
          B001 27
          B002 140
          B003 11
          B004 4
          B005 2
          C001 6
          C002 22
          C003 0
          E001 73
          E002 7
          G001 58
          H001 2
          H002 0
          H003 2
          H004 3
          H005 2
          H006 0
          H007 2
          H008 4
          H009 0
          H010 0
          H011 4
          P001 58
          P002 0
          P003 29
          P004 2
          P005 32
          P006 38
          P007 0
          R001 2
          S001 7
          T001 2
          T002 58
          T003 85
          T004 2
          T005 0
          T006 15
        errors:
          05PARIS1699 B003 banner classification `SS E C R E T` is misspelt: expected `S E C R E T`
          07BAGHDAD146 B003 banner classification `E C R E T` is misspelt: expected `S E C R E T`
          07PARIS2725 H003 DE serial #2725 is not the last four digits of the banner serial MOSCOW 005154: the header and the body may belong to different cables
          07PARIS2725 H005 security line `CCCCC` (CONFIDENTIAL) disagrees with the banner classification SECRET: expected `SSSSS`
          07SANAA473 B003 banner classification `E C R E T` is misspelt: expected `S E C R E T`
          08BERLIN1387 P004 portion marked `(S/NF)` (SECRET) in a CONFIDENTIAL cable; a portion cannot be classified above its cable
          08PARIS1501 B003 banner classification `CO N F I D E N T I A L` is misspelt: expected `C O N F I D E N T I A L`
          08TUNIS679 B003 banner classification `SS E C R E T` is misspelt: expected `S E C R E T`
          09BAKU744 B003 banner classification `C ONFIDENTIAL` is misspelt: expected `C O N F I D E N T I A L`
          09DAMASCUS179 P004 portion marked `(S)` (SECRET) in a CONFIDENTIAL cable; a portion cannot be classified above its cable
          09MOSCOW226 B003 banner classification `SS E C R E T` is misspelt: expected `S E C R E T`
          09PARIS381 B003 banner classification `SS E C R E T` is misspelt: expected `S E C R E T`
          09SAOPAULO104 B003 banner classification `CC O N F I D E N T I A L` is misspelt: expected `C O N F I D E N T I A L`
          10BAGHDAD290 B003 banner classification `O N F I D E N T I A L` is misspelt: expected `C O N F I D E N T I A L`
          10MEXICO614 H003 DE serial #0614 is not the last four digits of the banner serial ISLAMABAD 000416: the header and the body may belong to different cables
          10MEXICO614 H005 security line `UUUUU` (UNCLASSIFIED) disagrees with the banner classification SECRET: expected `SSSSS`
          10SHENYANG4 B003 banner classification `SE C R E T` is misspelt: expected `S E C R E T`

    "#]].assert_eq(&report);
}
