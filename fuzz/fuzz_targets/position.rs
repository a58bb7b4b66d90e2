//! The position converter: client positions to byte offsets in a rope, and
//! offsets to line and columns, in UTF-8 and UTF-16. Offsets always land on
//! a character start inside the text; a position made from an offset leads
//! back to it; the rope converter (open documents) and the string one
//! (indexed files) agree.

#![no_main]

use cable_ls::lsp::convert::{offset, pos};
use cable_ls::lsp::position::Encoding;
use cable_ls::model::summary::{rope_pos, PosTable};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::Position;

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    positions: Vec<(u32, u32)>,
    offsets: Vec<u32>,
}

/// Whether an offset can be named by a position: a character start, not
/// between the `\r` and `\n` of one line end.
fn nameable(text: &str, offset: usize) -> bool {
    text.is_char_boundary(offset)
        && !(offset > 0
            && text.as_bytes()[offset - 1] == b'\r'
            && text.as_bytes().get(offset) == Some(&b'\n'))
}

fuzz_target!(|input: Input| {
    let text = &input.text;
    let rope = Rope::from_str(text);
    let table = PosTable::new(text);
    let mut offsets: Vec<usize> = input
        .offsets
        .iter()
        .map(|&o| o as usize % (text.len() + 2))
        .collect();
    offsets.sort_unstable();
    for &o in &offsets {
        let from_rope = rope_pos(&rope, o);
        if nameable(text, o.min(text.len())) {
            assert_eq!(from_rope, table.pos(o), "offset {o}");
        }
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let p = pos(from_rope, encoding);
            let back = offset(&rope, p, encoding);
            if o <= text.len() && nameable(text, o) {
                assert_eq!(back, o, "offset {o} via {p:?} in {encoding:?}");
            }
        }
    }
    for &(line, character) in input.positions.iter().take(64) {
        // Mostly positions near the text, sometimes anywhere.
        let line = if line.is_multiple_of(4) {
            line
        } else {
            line % 64
        };
        let character = if character.is_multiple_of(4) {
            character
        } else {
            character % 256
        };
        let p = Position { line, character };
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let o = offset(&rope, p, encoding);
            assert!(o <= text.len() && text.is_char_boundary(o));
            let again = offset(&rope, pos(rope_pos(&rope, o), encoding), encoding);
            assert_eq!(again, o, "{p:?} in {encoding:?}");
            if (line as usize) < rope.len_lines() {
                assert_eq!(rope_pos(&rope, o).line, line);
            }
        }
    }
});
