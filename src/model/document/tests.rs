//! The incremental re-parse must give exactly what a full parse gives, after
//! every edit ("paranoid mode"): random edit sequences over real cables.

use super::*;
use proptest::prelude::*;

const SEED_ROME: &str = include_str!("../../../examples/000_2fe200cbb93dc52e.txt");
const FIXTURE_PANAMA: &str = include_str!("../../../tests/fixtures/89PANAMA8545.txt");
const FIXTURE_BAKU: &str = include_str!("../../../tests/fixtures/09BAKU478.txt");

fn three_cables() -> String {
    format!("{SEED_ROME}\n{FIXTURE_PANAMA}\n{FIXTURE_BAKU}")
}

/// Fails with a readable message when the document's cables differ from a
/// full parse of its text.
fn assert_same_as_full(doc: &Document) {
    let text = doc.text();
    let full = analyse_all(&text, 0);
    let got = doc.cables();
    let starts = |v: &[CableEntry]| v.iter().map(|c| c.start).collect::<Vec<_>>();
    assert_eq!(starts(got), starts(&full), "cable starts differ");
    for (g, f) in got.iter().zip(&full) {
        assert_eq!(g.analysis.text, f.analysis.text);
        assert_eq!(g.analysis.cable, f.analysis.cable);
        assert_eq!(g.analysis.facts, f.analysis.facts);
        assert_eq!(g.analysis.mentions, f.analysis.mentions);
        assert_eq!(g.analysis.summary, f.analysis.summary);
    }
}

#[test]
fn an_edit_in_one_cable_reparses_it_and_its_neighbour_only() {
    let text = three_cables();
    let mut doc = Document::new(&text, 1);
    assert_eq!(doc.cables().len(), 3);
    let second = doc.cables()[1].start;
    let third = doc.cables()[2].start;
    // Inside the body of the third cable, far from its first lines.
    let at = third + 2000;
    let stats = doc.apply_edit(at..at, "XYZ ");
    assert_same_as_full(&doc);
    assert_eq!(stats.cables_reparsed, 2);
    assert_eq!(stats.cables_reanalysed, 1);
    assert_eq!(doc.cables()[1].start, second);
    // An edit in the first cable shifts the others without re-parsing them.
    let stats = doc.apply_edit(100..104, "");
    assert_same_as_full(&doc);
    assert_eq!(stats.cables_reparsed, 1);
    assert_eq!(doc.cables()[1].start, second - 4);
    assert!(Arc::ptr_eq(
        &doc.cables()[2].analysis,
        &Document::clone(&doc).cables()[2].analysis
    ));
}

/// Types `typed` one character at a time after the first `after`, then
/// deletes it again the same way, checking each step against a full parse;
/// returns how many steps stayed inside one paragraph.
fn type_and_erase(doc: &mut Document, after: &str, typed: &str) -> usize {
    let mut at = doc.text().find(after).expect("anchor") + after.len();
    let mut fast = 0;
    for c in typed.chars() {
        let stats = doc.apply_edit(at..at, c.encode_utf8(&mut [0; 4]));
        assert_same_as_full(doc);
        fast += usize::from(stats.in_paragraph);
        at += c.len_utf8();
    }
    for c in typed.chars().rev() {
        at -= c.len_utf8();
        let stats = doc.apply_edit(at..at + c.len_utf8(), "");
        assert_same_as_full(doc);
        fast += usize::from(stats.in_paragraph);
    }
    fast
}

#[test]
fn typing_in_a_paragraph_reparses_no_cable() {
    let mut doc = Document::new(&three_cables(), 1);
    let before = Arc::clone(doc.cables());
    let typed = "Poloff met FM D’Alema; ";
    let n = 2 * typed.chars().count();
    // A wrapped paragraph's continuation line, and a one-line paragraph
    // (the marker line) of the Rome seed.
    assert_eq!(
        type_and_erase(&mut doc, "Iran watcher that the recent\nsuicide ", typed),
        n
    );
    assert_eq!(type_and_erase(&mut doc, "told poloff that ", typed), n);
    assert_eq!(doc.text(), three_cables());
    // Cables other than the edited ones kept their analyses.
    assert!(Arc::ptr_eq(&before[1].analysis, &doc.cables()[1].analysis));
    // A line break, or a marker typed at the start of a line, is not prose:
    // the cable is parsed again.
    let at = doc.text().find("suicide bombing").unwrap();
    assert!(!doc.apply_edit(at..at, "\n").in_paragraph);
    assert_same_as_full(&doc);
    assert!(!doc.apply_edit(at + 1..at + 1, "3. (C) ").in_paragraph);
    assert_same_as_full(&doc);
}

#[test]
fn deleting_a_boundary_merges_cables_and_retyping_splits_them() {
    let text = three_cables();
    let mut doc = Document::new(&text, 1);
    let second = doc.cables()[1].start;
    let first_line_len = text[second..].find('\n').unwrap() + 1;
    let removed = text[second..second + first_line_len].to_string();
    doc.apply_edit(second..second + first_line_len, "");
    assert_same_as_full(&doc);
    doc.apply_edit(second..second, &removed);
    assert_same_as_full(&doc);
    assert_eq!(doc.cables().len(), 3);
}

#[test]
fn out_of_range_and_mid_character_edits_clamp() {
    let mut doc = Document::new("¶1. D’Alema\n", 1);
    // Byte 1 is inside `¶`, byte 999 past the end.
    doc.apply_edit(1..999, "x");
    assert_eq!(doc.text(), "x");
    assert_same_as_full(&doc);
    doc.apply_edit(0..0, "");
    assert_eq!(doc.text(), "x");
    doc.replace_all("");
    assert!(doc.cables().is_empty());
    doc.apply_edit(5..9, "SUBJECT: A\n");
    assert_eq!(doc.text(), "SUBJECT: A\n");
    assert_same_as_full(&doc);
}

/// Fragments that change how lines are read: header lines, banners,
/// captions, line ends, non-ASCII.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "VZCZCXRO1234\n",
    "PP RUEHRO\n",
    "DE RUEHRO #1406/01 0241223\n",
    "ZNY CCCCC ZZH\n",
    "R 241223Z JAN 08\n",
    "FM AMEMBASSY ROME\n",
    "TO SECSTATE WASHDC PRIORITY 1234\n",
    "C O N F I D E N T I A L ROME 000123 \n",
    "UNCLAS SECTION 01 OF 02 BAKU 000478\n",
    "SUBJECT: KOSOVO: TALKS\n",
    "TAGS: PREL PGOV IT\n",
    "REF: A. ROME 94 B. STATE 1234\n",
    "Classified By: Ambassador Ronald P. Spogli for reasons 1.4 (b) and (d).\n",
    "1. (C) Summary: ",
    "¶2. ",
    "SPOGLI\n",
    "END SUMMARY.\n",
    "’é𝄞",
    "Foreign Minister Massimo D'Alema said ",
    "x",
    "",
];

#[derive(Clone, Debug)]
struct Edit {
    at: f64,
    delete: usize,
    insert: Vec<usize>,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    (
        0.0..1.0f64,
        prop_oneof![Just(0usize), 0..8usize, 0..400usize],
        prop::collection::vec(0..FRAGMENTS.len(), 0..3),
    )
        .prop_map(|(at, delete, insert)| Edit { at, delete, insert })
}

/// Small edits, as typing makes them, including the ones that turn a
/// prose line into something else: the paragraph-level path and its
/// refusals.
const KEYSTROKES: &[&str] = &[
    "x",
    " ",
    "é’",
    "D'Alema ",
    "\n",
    "(C) ",
    "1. ",
    "¶",
    "NNNN",
    "TAGS: PREL",
    "-----",
    "ROME 00000104 002 OF 003",
    "UNCLAS",
    "",
];

fn keystroke_strategy() -> impl Strategy<Value = Edit> {
    (
        0.0..1.0f64,
        prop_oneof![Just(0usize), 0..4usize],
        prop::collection::vec(0..KEYSTROKES.len(), 0..2),
    )
        .prop_map(|(at, delete, insert)| Edit { at, delete, insert })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_after_every_keystroke(edits in prop::collection::vec(keystroke_strategy(), 1..24)) {
        let mut doc = Document::new(&three_cables(), 1);
        for edit in edits {
            let len = doc.len();
            let start = (edit.at * len as f64) as usize;
            let end = start + edit.delete;
            let insert: String = edit.insert.iter().map(|&i| KEYSTROKES[i]).collect();
            let stats = doc.apply_edit(start..end, &insert);
            if std::env::var_os("REPARSE_STATS").is_some() {
                eprintln!("in_paragraph={}", stats.in_paragraph);
            }
            assert_same_as_full(&doc);
        }
    }

    #[test]
    fn incremental_equals_full_after_every_edit(edits in prop::collection::vec(edit_strategy(), 1..12)) {
        let mut doc = Document::new(&three_cables(), 1);
        for edit in edits {
            let len = doc.len();
            let start = (edit.at * len as f64) as usize;
            let end = start + edit.delete;
            let insert: String = edit.insert.iter().map(|&i| FRAGMENTS[i]).collect();
            doc.apply_edit(start..end, &insert);
            assert_same_as_full(&doc);
        }
    }
}
