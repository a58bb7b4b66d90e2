//! Recognition tests: seeds, real all-caps cables, negatives, and a run
//! over the whole corpus.

use super::{recognize, Mention};
use crate::syntax::parse;
use expect_test::{expect, Expect};

/// One line per mention: the text under the span, the resolved name, the
/// key, the title and the source.
fn render(document: &str) -> String {
    let parse = parse(document);
    let mut out = String::new();
    for cable in &parse.cables {
        let text = cable.text(document);
        for m in recognize(text, cable) {
            out.push_str(&line(text, &m));
            out.push('\n');
        }
    }
    out
}

fn line(text: &str, m: &Mention) -> String {
    let written = m
        .span
        .text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{written} => {} [{}] {}{:?}",
        m.name,
        m.key,
        m.title
            .as_deref()
            .map(|t| format!("<{t}> "))
            .unwrap_or_default(),
        m.source
    )
}

fn check(document: &str, expect: Expect) {
    expect.assert_eq(&render(document));
}

#[test]
fn dump_examples() {
    for path in [
        "examples/000_2fe200cbb93dc52e.txt",
        "tests/fixtures/08ROME1406.txt",
        "tests/fixtures/89PANAMA8545.txt",
        "tests/fixtures/90CAPETOWN97.txt",
        "tests/fixtures/09SINGAPORE529.txt",
    ] {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + path)
                .unwrap();
        println!("== {path}\n{}", render(&text));
    }
}

/// Every corpus cable: no panic, spans on char boundaries and in order.
/// Prints counts and throughput; `PEOPLE_DUMP=path` writes every mention.
#[test]
fn corpus_never_panics() {
    let dir = std::path::Path::new("/work/shared/corpus/cables");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("corpus absent, skipped");
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let docs: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    let parsed: Vec<_> = docs.iter().map(|(_, t)| parse(t)).collect();
    let n_bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let started = std::time::Instant::now();
    let mut per_cable = Vec::new();
    for ((_, document), parse) in docs.iter().zip(&parsed) {
        for cable in &parse.cables {
            let text = cable.text(document);
            let mentions = recognize(text, cable);
            let mut last = 0;
            for m in &mentions {
                assert!(text.is_char_boundary(m.span.start as usize));
                assert!(text.is_char_boundary(m.span.end as usize));
                assert!(m.span.start >= last, "mentions out of order");
                last = m.span.start;
            }
            per_cable.push(mentions);
        }
    }
    let elapsed = started.elapsed();
    let n_mentions: usize = per_cable.iter().map(Vec::len).sum();
    let index = super::PeopleIndex::build(per_cable.iter().map(Vec::as_slice));
    eprintln!(
        "{} files, {} cables, {n_mentions} mentions, {} persons, {:.1} MB/s",
        docs.len(),
        per_cable.len(),
        index.persons.len(),
        n_bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );
    if let Ok(out) = std::env::var("PEOPLE_DUMP") {
        let mut dump = String::new();
        let mut k = 0;
        for ((name, document), parse) in docs.iter().zip(&parsed) {
            for cable in &parse.cables {
                let text = cable.text(document);
                for m in &per_cable[k] {
                    dump.push_str(&format!("{name}\t{}\n", line(text, m)));
                }
                k += 1;
            }
        }
        let mut persons: Vec<_> = index.persons.iter().collect();
        persons.sort_by_key(|p| std::cmp::Reverse(p.n_mentions));
        for p in persons {
            dump.push_str(&format!(
                "PERSON\t{}\t{}\t{}\t{:?}\n",
                p.name, p.n_mentions, p.n_cables, p.titles
            ));
        }
        std::fs::write(out, dump).ok();
    }
}
