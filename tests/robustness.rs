//! Property tests: arbitrary bytes and random mutations of real cables never
//! make the parser, the diagnostics or `inspect` panic, and parsing covers the
//! whole text with cables in order.

use cable_ls::ide::diagnostics::check_document;
use cable_ls::ide::inspect::inspect;
use cable_ls::syntax::parse;
use proptest::prelude::*;

const SEEDS: [&str; 5] = [
    include_str!("../examples/000_2fe200cbb93dc52e.txt"),
    include_str!("../examples/001_d1f1339951ffc235.txt"),
    include_str!("../examples/002_7b060bb6257fa9c8.txt"),
    include_str!("../examples/003_8c28089682284740.txt"),
    include_str!("../examples/004_2f81a62bb2cdd743.txt"),
];

/// Parses and runs every consumer; checks the cables tile the text in order.
fn exercise(text: &str) {
    let p = parse(text);
    let mut pos = 0u32;
    for c in &p.cables {
        assert!(c.start >= pos, "cables out of order");
        assert!(
            (c.start + c.len) as usize <= text.len(),
            "cable past the end"
        );
        pos = c.start + c.len;
    }
    let _ = check_document(text, &p);
    let _ = inspect("-", text, &p);
}

/// One edit to a text: replace the chars in `at..at+len` by `insert`.
fn mutate(text: &str, at: usize, len: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + len).min(chars.len());
    let mut s: String = chars[..at].iter().collect();
    s.push_str(insert);
    s.extend(&chars[end..]);
    s
}

/// Fragments that matter to the parser, to make mutations meaningful.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("¶".to_string()),
        Just("VZCZCXRO1234\n".to_string()),
        Just("C O N F I D E N T I A L ROME 000104\n".to_string()),
        Just("TAGS: ".to_string()),
        Just("SUBJECT: ".to_string()),
        Just("REF: A) ".to_string()),
        Just("Classified By: ".to_string()),
        Just("1.4 (".to_string()),
        Just("O 241223Z JAN 08\n".to_string()),
        Just("[PREL](#)".to_string()),
        Just("(S/NF)".to_string()),
        Just("ROME 00001333 001.2 OF 002\n".to_string()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_seeds_never_panic(
        seed in 0usize..5,
        edits in proptest::collection::vec((any::<usize>(), 0usize..40, fragment()), 1..8),
    ) {
        let mut text = SEEDS[seed].to_string();
        for (at, len, insert) in edits {
            text = mutate(&text, at, len, &insert);
            exercise(&text);
        }
    }
}

#[test]
fn empty_and_blank_documents_have_no_cables() {
    assert!(parse("").cables.is_empty());
    assert!(parse("\n\r\n  \n").cables.is_empty());
}

#[test]
fn long_single_line_and_nul_bytes() {
    let line = "X".repeat(2_000_000);
    exercise(&line);
    exercise("TAGS: PREL\0PGOV\n\0\0SUBJECT: x\0");
    exercise(&"[".repeat(100_000));
    exercise(&"(".repeat(100_000));
}
