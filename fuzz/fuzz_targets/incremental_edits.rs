//! Random edit scripts on real cables and on arbitrary text: after every
//! edit the document holds the text a plain string edit gives, and its
//! cables (trees, facts, people, summaries) equal a full parse of that text
//! ("paranoid mode").

#![no_main]

use cable_ls::model::document::{analyse_all, Document};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const SEEDS: [&str; 8] = [
    include_str!("../../examples/000_2fe200cbb93dc52e.txt"),
    include_str!("../../examples/001_d1f1339951ffc235.txt"),
    include_str!("../../examples/002_7b060bb6257fa9c8.txt"),
    include_str!("../../examples/003_8c28089682284740.txt"),
    include_str!("../../examples/004_2f81a62bb2cdd743.txt"),
    include_str!("../../tests/fixtures/89PANAMA8545.txt"),
    include_str!("../../tests/fixtures/05SOFIA1207.txt"),
    include_str!("../../tests/fixtures/06KABUL3934.txt"),
];

/// Pieces that change how lines are read.
const FRAGMENTS: [&str; 24] = [
    "\n",
    "\r\n",
    "\r",
    "¶",
    "𝄞",
    "’",
    "VZCZCXRO1234\n",
    "C O N F I D E N T I A L ROME 000104\n",
    "UNCLAS SECTION 01 OF 02 STATE 012345\n",
    "TAGS: ",
    "SUBJECT: ",
    "REF: A) ",
    "B. 08 ROME 104\n",
    "Classified By: ",
    "1.4 (",
    "O 241223Z JAN 08\n",
    "FM AMEMBASSY ROME\n",
    "[PREL](#)",
    "(S/NF)",
    "1. (C) ",
    "ROME 00001333 001.2 OF 002\n",
    "END SUMMARY.\n",
    "SPOGLI\n",
    "\n\n",
];

#[derive(Arbitrary, Debug)]
enum Insert {
    Fragment(u8),
    Text(String),
    Nothing,
}

#[derive(Arbitrary, Debug)]
struct Edit {
    at: u32,
    len: u16,
    insert: Insert,
    /// Replace the whole text instead.
    whole: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    seed: u8,
    /// Appended to the seed (or the text itself when `seed` is 255).
    extra: String,
    edits: Vec<Edit>,
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fuzz_target!(|input: Input| {
    let mut text = if input.seed == 255 {
        input.extra.clone()
    } else {
        let seed = SEEDS[input.seed as usize % SEEDS.len()];
        if input.seed as usize >= SEEDS.len() * 16 {
            format!("{seed}{}{seed}", input.extra)
        } else {
            format!("{seed}{}", input.extra)
        }
    };
    let mut doc = Document::new(&text, 1);
    for edit in input.edits.iter().take(24) {
        let inserted = match &edit.insert {
            Insert::Fragment(i) => FRAGMENTS[*i as usize % FRAGMENTS.len()].to_string(),
            Insert::Text(t) => t.clone(),
            Insert::Nothing => String::new(),
        };
        if edit.whole {
            doc.replace_all(&inserted);
            text = inserted;
        } else {
            let len = text.len();
            let start = (edit.at as usize) % (len + 1);
            let end = (start + edit.len as usize).min(len);
            doc.apply_edit(start..end, &inserted);
            // The document widens the range to character boundaries.
            let (start, end) = (floor(&text, start), ceil(&text, end));
            text.replace_range(start..end, &inserted);
        }
        assert_eq!(doc.text(), text, "the document's text");
        let full = analyse_all(&text, 0);
        let got = doc.cables();
        assert_eq!(
            got.iter().map(|c| c.start).collect::<Vec<_>>(),
            full.iter().map(|c| c.start).collect::<Vec<_>>(),
            "cable starts"
        );
        for (g, f) in got.iter().zip(&full) {
            assert_eq!(g.analysis.text, f.analysis.text);
            assert_eq!(g.analysis.cable, f.analysis.cable);
            assert_eq!(g.analysis.facts, f.analysis.facts);
            assert_eq!(g.analysis.mentions, f.analysis.mentions);
            assert_eq!(g.analysis.summary, f.analysis.summary);
        }
    }
});
