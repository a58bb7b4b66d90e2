//! The people engine measured against the annotated set in `tests/people/`
//! (see `tests/people/GUIDELINES.md`): mention precision, recall and F1 on
//! exact spans, pairwise clustering F1 over the mentions found, and the
//! errors left, grouped by kind. Run with `--nocapture` to read the report:
//!
//! ```text
//! cargo test --release --test people_eval -- --nocapture
//! ```
//!
//! `PEOPLE_DRAFT=<corpus file name>` prints the engine's mentions of that
//! cable as annotation rows (`line start end text person`), a draft for an
//! annotator who then checks every line of the cable by reading it.
//!
//! The cable texts come from the corpus beside the checkout; without it the
//! test says so and passes, unless `CABLE_LS_REQUIRE_CORPUS` is set.

mod common;

use cable_ls::model::people::{recognize, Mention, PeopleIndex, PersonId};
use cable_ls::syntax::parse;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;

/// The figures the engine must keep: a fall below them is a regression.
const FLOOR_MENTION_F1: f64 = 0.92;
const FLOOR_CLUSTER_F1: f64 = 0.92;

#[derive(Deserialize)]
struct Annotation {
    file: String,
    mentions: Vec<GoldMention>,
}

#[derive(Deserialize)]
struct GoldMention {
    line: usize,
    start: usize,
    /// The line the name ends on, when it wraps (`Stefano` / `Sannino`).
    #[serde(default)]
    end_line: Option<usize>,
    end: usize,
    text: String,
    person: String,
}

/// A span as annotated: first line, column, last line, column (columns in
/// characters within the line, 0-based).
type Place = (usize, usize, usize, usize);

/// Line and character column of a byte offset.
fn line_col(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let col = text
        .get(starts[line]..offset)
        .map_or(0, |s| s.chars().count());
    (line, col)
}

/// Byte offset of a line and character column, if they exist.
fn offset_of(text: &str, starts: &[usize], line: usize, col: usize) -> Option<usize> {
    let start = *starts.get(line)?;
    let rest = text.get(start..)?;
    if col == 0 {
        return Some(start);
    }
    rest.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
        .nth(col)
        .map(|i| start + i)
}

/// A mention the engine found, placed in its file.
struct Found {
    place: Place,
    text: String,
    /// The engine's person, once the index is built.
    person: Option<PersonId>,
    name: String,
}

/// One annotated file read against its text.
struct FileEval {
    file: String,
    gold: Vec<(Place, String, String)>,
    found: Vec<Found>,
}

fn fmt_place(p: &Place) -> String {
    if p.0 == p.2 {
        format!("{}:{}-{}", p.0, p.1, p.3)
    } else {
        format!("{}:{}-{}:{}", p.0, p.1, p.2, p.3)
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the annotations of `dir`, sorted by file name.
fn read_annotations(dir: &Path) -> Vec<Annotation> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

/// Every mention of the engine in `text`, with the mentions of each cable
/// kept together for the index.
fn run_engine(text: &str) -> Vec<(usize, Vec<Mention>)> {
    let parse = parse(text);
    parse
        .cables
        .iter()
        .map(|c| (c.start as usize, recognize(c.text(text), c)))
        .collect()
}

/// Pairs among `n` items.
fn pairs(n: usize) -> u64 {
    (n as u64) * (n as u64).saturating_sub(1) / 2
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Prints a draft annotation of one corpus file and returns.
fn draft(dir: &Path, file: &str) {
    let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
        eprintln!("{file}: not in the corpus");
        return;
    };
    let starts = cable_ls::syntax::lines::line_starts(&text);
    for (cable_start, mentions) in run_engine(&text) {
        for m in mentions {
            let (l, c) = line_col(&text, &starts, cable_start + m.span.start as usize);
            let (l2, c2) = line_col(&text, &starts, cable_start + m.span.end as usize);
            let written =
                &text[cable_start + m.span.start as usize..cable_start + m.span.end as usize];
            let end_line = if l2 == l {
                String::new()
            } else {
                format!("{l2}:")
            };
            println!(
                "{l}\t{c}\t{end_line}{c2}\t{}\t{}",
                written.replace('\n', "\\n"),
                m.name
            );
        }
    }
}

#[test]
fn people_against_annotated_set() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    if let Ok(file) = std::env::var("PEOPLE_DRAFT") {
        draft(&corpus, &file);
        return;
    }
    let annotations = read_annotations(&common::root().join("tests/people/annotations"));
    assert!(!annotations.is_empty(), "no annotations");
    let mut evals: Vec<FileEval> = Vec::new();
    let mut all_mentions: Vec<Vec<Mention>> = Vec::new();
    // (file index, found index) of each mention in `all_mentions`, in order.
    let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut bytes = 0usize;
    for ann in &annotations {
        let path = corpus.join(&ann.file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        bytes += text.len();
        let starts = cable_ls::syntax::lines::line_starts(&text);
        let mut gold = Vec::new();
        for g in &ann.mentions {
            let end_line = g.end_line.unwrap_or(g.line);
            let from = offset_of(&text, &starts, g.line, g.start);
            let to = offset_of(&text, &starts, end_line, g.end);
            let written = match (from, to) {
                (Some(a), Some(b)) if a <= b => &text[a..b],
                _ => panic!("{}: bad span {:?}", ann.file, (g.line, g.start, g.end)),
            };
            assert_eq!(
                written, g.text,
                "{}: line {} columns {}-{} hold {written:?}, annotated {:?}",
                ann.file, g.line, g.start, g.end, g.text
            );
            gold.push((
                (g.line, g.start, end_line, g.end),
                g.text.clone(),
                g.person.clone(),
            ));
        }
        let file_idx = evals.len();
        let mut found = Vec::new();
        for (cable_start, mentions) in run_engine(&text) {
            let mut own = Vec::new();
            for m in &mentions {
                let a = cable_start + m.span.start as usize;
                let b = cable_start + m.span.end as usize;
                let (l, c) = line_col(&text, &starts, a);
                let (l2, c2) = line_col(&text, &starts, b);
                own.push((file_idx, found.len()));
                found.push(Found {
                    place: (l, c, l2, c2),
                    text: text[a..b].to_string(),
                    person: None,
                    name: m.name.to_string(),
                });
            }
            all_mentions.push(mentions);
            owners.push(own);
        }
        evals.push(FileEval {
            file: ann.file.clone(),
            gold,
            found,
        });
    }
    let index = PeopleIndex::build(all_mentions.iter().map(Vec::as_slice));
    for (mentions, own) in all_mentions.iter().zip(&owners) {
        for (m, &(f, k)) in mentions.iter().zip(own) {
            evals[f].found[k].person = index.person_of(m.key);
        }
    }

    let mut report = String::new();
    let (mut tp, mut n_gold, mut n_found) = (0u64, 0u64, 0u64);
    // Error lists by kind: key → occurrences (file, place, text, detail).
    let mut errors: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // Correct mentions with their gold and engine persons, for clustering.
    let mut matched: Vec<(String, Option<PersonId>)> = Vec::new();
    let mut per_file = String::new();
    for e in &evals {
        let gold: HashMap<Place, &(Place, String, String)> =
            e.gold.iter().map(|g| (g.0, g)).collect();
        let found: HashMap<Place, &Found> = e.found.iter().map(|f| (f.place, f)).collect();
        let mut file_tp = 0;
        for f in &e.found {
            if let Some(g) = gold.get(&f.place) {
                file_tp += 1;
                matched.push((g.2.clone(), f.person));
                continue;
            }
            let overlapping = e.gold.iter().find(|g| overlaps(&g.0, &f.place));
            let (kind, detail) = match overlapping {
                Some(g) => ("FP boundary", format!("gold {:?}", one_line(&g.1))),
                None => ("FP not a person", format!("as {:?}", f.name)),
            };
            errors.entry(kind).or_default().push(format!(
                "{} {} {:?} {detail}",
                e.file,
                fmt_place(&f.place),
                one_line(&f.text)
            ));
        }
        for g in &e.gold {
            if found.contains_key(&g.0) {
                continue;
            }
            let overlapping = e.found.iter().find(|f| overlaps(&g.0, &f.place));
            if overlapping.is_some() {
                // Already listed as a boundary error on the engine side.
                errors.entry("FN boundary").or_default().push(format!(
                    "{} {} {:?}",
                    e.file,
                    fmt_place(&g.0),
                    one_line(&g.1)
                ));
                continue;
            }
            errors.entry("FN missed").or_default().push(format!(
                "{} {} {:?} ({})",
                e.file,
                fmt_place(&g.0),
                one_line(&g.1),
                g.2
            ));
        }
        tp += file_tp;
        n_gold += e.gold.len() as u64;
        n_found += e.found.len() as u64;
        let _ = writeln!(
            per_file,
            "  {:<24} gold {:>3} found {:>3} correct {:>3}",
            e.file,
            e.gold.len(),
            e.found.len(),
            file_tp
        );
    }
    let precision = ratio(tp, n_found);
    let recall = ratio(tp, n_gold);
    let mention_f1 = f1(precision, recall);

    // Pairwise clustering over correctly found mentions: a pair is
    // positive in gold when both carry the same person, in the engine when
    // both map to the same person id (a mention without a person is alone).
    let mut by_gold: HashMap<&str, usize> = HashMap::new();
    let mut by_engine: HashMap<PersonId, usize> = HashMap::new();
    let mut by_both: HashMap<(&str, PersonId), usize> = HashMap::new();
    for (g, p) in &matched {
        *by_gold.entry(g.as_str()).or_default() += 1;
        if let Some(p) = p {
            *by_engine.entry(*p).or_default() += 1;
            *by_both.entry((g.as_str(), *p)).or_default() += 1;
        }
    }
    let gold_pairs: u64 = by_gold.values().map(|&n| pairs(n)).sum();
    let engine_pairs: u64 = by_engine.values().map(|&n| pairs(n)).sum();
    let both_pairs: u64 = by_both.values().map(|&n| pairs(n)).sum();
    let cluster_p = ratio(both_pairs, engine_pairs);
    let cluster_r = ratio(both_pairs, gold_pairs);
    let cluster_f1 = f1(cluster_p, cluster_r);

    // Clustering errors: gold persons split over several engine persons,
    // engine persons holding several gold persons.
    let mut split: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut merged: BTreeMap<PersonId, BTreeMap<&str, usize>> = BTreeMap::new();
    for ((g, p), n) in &by_both {
        let name = index.person(*p).map_or("?", |p| p.name.as_str());
        *split
            .entry(g)
            .or_default()
            .entry(format!("#{p} {name}"))
            .or_default() += n;
        *merged.entry(*p).or_default().entry(g).or_default() += n;
    }
    for (g, parts) in &split {
        if parts.len() > 1 {
            errors
                .entry("cluster split")
                .or_default()
                .push(format!("{g}: {parts:?}"));
        }
    }
    for (p, parts) in &merged {
        if parts.len() > 1 {
            let name = index.person(*p).map_or("?", |p| p.name.as_str());
            errors
                .entry("cluster merged")
                .or_default()
                .push(format!("#{p} {name}: {parts:?}"));
        }
    }

    let n_persons_gold = evals
        .iter()
        .flat_map(|e| e.gold.iter().map(|g| g.2.as_str()))
        .collect::<std::collections::HashSet<_>>()
        .len();
    let _ = writeln!(
        report,
        "people: {} files, {} KB, {n_gold} annotated mentions of {n_persons_gold} persons, {n_found} found",
        evals.len(),
        bytes / 1000
    );
    let _ = writeln!(
        report,
        "mentions (exact span): P {precision:.3} R {recall:.3} F1 {mention_f1:.3}  ({tp} correct)"
    );
    let _ = writeln!(
        report,
        "clustering (pairwise, over {} correct mentions): P {cluster_p:.3} R {cluster_r:.3} F1 {cluster_f1:.3}",
        matched.len()
    );
    report.push_str(&per_file);
    for (kind, list) in &errors {
        let _ = writeln!(report, "{kind}: {}", list.len());
        for item in list {
            let _ = writeln!(report, "  {item}");
        }
    }
    println!("{report}");
    assert!(
        mention_f1 >= FLOOR_MENTION_F1,
        "mention F1 {mention_f1:.3} below {FLOOR_MENTION_F1}"
    );
    assert!(
        cluster_f1 >= FLOOR_CLUSTER_F1,
        "clustering F1 {cluster_f1:.3} below {FLOOR_CLUSTER_F1}"
    );
}

/// Whether two places share a character.
fn overlaps(a: &Place, b: &Place) -> bool {
    let a0 = (a.0, a.1);
    let a1 = (a.2, a.3);
    let b0 = (b.0, b.1);
    let b1 = (b.2, b.3);
    a0 < b1 && b0 < a1
}
