//! Is this text a cable? Decided by content, not by file name: a transmission
//! id, a classification banner, a date-time group or a TAGS/SUBJECT caption in
//! the first lines.

use crate::syntax::lines::lines_from;

/// How many non-blank lines to look at.
const HEAD_LINES: usize = 60;

pub fn looks_like_cable(text: &str) -> bool {
    let parse = crate::syntax::parse(head(text));
    parse.cables.iter().any(|c| {
        c.transmission_id.is_some()
            || !c.banners.is_empty()
            || c.dtg_line.is_some()
            || c.tags.is_some()
            || c.subject.is_some()
    })
}

/// The text up to its `HEAD_LINES`-th non-blank line.
fn head(text: &str) -> &str {
    let mut n = 0;
    for line in lines_from(text, 0) {
        if line.start < line.end {
            n += 1;
        }
        if n >= HEAD_LINES {
            return &text[..line.next];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_shapes() {
        assert!(looks_like_cable("\n\nVZCZCXRO9950\nOO RUEHFL\n"));
        assert!(looks_like_cable("C O N F I D E N T I A L ROME 000104\n"));
        assert!(looks_like_cable("TAGS: PREL PGOV\n"));
        assert!(!looks_like_cable(
            "Dear colleague,\nthe meeting is at noon.\n"
        ));
        assert!(!looks_like_cable(""));
    }
}
