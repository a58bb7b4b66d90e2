//! Folding ranges of one cable: the header block, the addressee list, the
//! captions, each section and each multi-line paragraph.

use crate::syntax::{Cable, Span};

/// What a fold holds; the protocol layer maps it to an LSP `FoldingRangeKind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// The transmission header through the captions: what a reader folds away
    /// to get to the text.
    Header,
    /// Any other block: a section, a paragraph, the addressees, the captions,
    /// a wrapped REF list.
    Region,
}

/// One folding range, relative to the cable's text. The span ends on the last
/// character of the block (no trailing line break), so the fold's last line is
/// the block's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub kind: FoldKind,
}

/// The folds of `cable`, whose own text is `text`: only blocks of two lines or
/// more (folding one line hides nothing), ordered by start, outer before inner
/// when two start together.
pub fn folding_ranges(text: &str, cable: &Cable) -> Vec<Fold> {
    let mut folds: Vec<Fold> = Vec::new();
    let body_start = body_start(cable).unwrap_or(text.len() as u32);
    if let Some(header) = header_span(cable, body_start) {
        folds.push(Fold {
            span: header,
            kind: FoldKind::Header,
        });
    }
    let addressees = cable.addressees.iter().map(|a| a.span).reduce(Span::cover);
    let captions = [
        cable.eo.as_ref().map(|eo| eo.span),
        cable.tags.as_ref().map(|tags| tags.span),
        cable.subject.as_ref().map(|subject| subject.span),
        cable.refs.as_ref().map(|refs| refs.span),
        cable.classified_by.as_ref().map(|cb| cb.span),
    ]
    .into_iter()
    .flatten()
    .reduce(Span::cover);
    let refs = cable.refs.as_ref().map(|refs| refs.span);
    for span in [addressees, captions, refs].into_iter().flatten() {
        folds.push(Fold {
            span,
            kind: FoldKind::Region,
        });
    }
    for section in section_spans(cable) {
        folds.push(Fold {
            span: section,
            kind: FoldKind::Region,
        });
    }
    for paragraph in &cable.paragraphs {
        folds.push(Fold {
            span: paragraph.span,
            kind: FoldKind::Region,
        });
    }
    let mut folds: Vec<Fold> = folds
        .into_iter()
        .filter_map(|fold| {
            let span = trim_end(text, fold.span)?;
            spans_two_lines(text, span).then_some(Fold { span, ..fold })
        })
        .collect();
    // The inputs come nearly sorted (header, then body in text order), which
    // the standard sort handles in linear time.
    folds.sort_by_key(|fold| (fold.span.start, std::cmp::Reverse(fold.span.end)));
    // A section of one paragraph and a captions block that is only its REF
    // list would fold the same lines twice.
    folds.dedup_by_key(|fold| fold.span);
    folds
}

/// Where the body begins: the first heading or paragraph.
fn body_start(cable: &Cable) -> Option<u32> {
    let heading = cable.headings.first().map(|h| h.span.start);
    let paragraph = cable.paragraphs.first().map(|p| p.span.start);
    heading.into_iter().chain(paragraph).min()
}

/// From the first header line to the end of the captions. Only elements
/// before the body count: multi-section telegrams repeat the banner inside the
/// body, and that repeat must not stretch the header fold over the text.
fn header_span(cable: &Cable, body_start: u32) -> Option<Span> {
    let singles = [
        cable.distribution,
        cable.transmission_id.as_ref().map(|t| t.span),
        cable.routing.as_ref().map(|r| r.span),
        cable.de.as_ref().map(|d| d.span),
        cable.security.as_ref().map(|s| s.span),
        cable.dtg_line.as_ref().map(|d| d.span),
        cable.from.as_ref().map(|f| f.span),
        cable.eo.as_ref().map(|eo| eo.span),
        cable.tags.as_ref().map(|tags| tags.span),
        cable.subject.as_ref().map(|subject| subject.span),
        cable.refs.as_ref().map(|refs| refs.span),
        cable.classified_by.as_ref().map(|cb| cb.span),
    ];
    let lists = cable
        .addressees
        .iter()
        .map(|a| a.span)
        .chain(cable.banners.iter().map(|b| b.span))
        .chain(cable.captions.iter().map(|c| c.span))
        .chain(cable.passing.iter().copied());
    singles
        .into_iter()
        .flatten()
        .chain(lists)
        .filter(|span| span.start < body_start)
        .reduce(Span::cover)
}

/// Each heading through the last paragraph before the next heading.
fn section_spans(cable: &Cable) -> Vec<Span> {
    let mut sections = Vec::with_capacity(cable.headings.len());
    let mut paragraph_idx = 0;
    for (heading_idx, heading) in cable.headings.iter().enumerate() {
        let next_heading_start = cable
            .headings
            .get(heading_idx + 1)
            .map_or(u32::MAX, |h| h.span.start);
        let mut section = heading.span;
        // Both lists are in text order, so one cursor over the paragraphs
        // serves every heading: linear in the body.
        while let Some(paragraph) = cable.paragraphs.get(paragraph_idx) {
            if paragraph.span.start >= next_heading_start {
                break;
            }
            if paragraph.span.start >= heading.span.start {
                section = section.cover(paragraph.span);
            }
            paragraph_idx += 1;
        }
        sections.push(section);
    }
    sections
}

/// `span` without trailing blanks and line breaks; `None` if nothing is left.
fn trim_end(text: &str, span: Span) -> Option<Span> {
    let slice = text.get(span.range())?;
    let kept = slice.trim_end().len();
    (kept > 0).then(|| Span::new(span.start as usize, span.start as usize + kept))
}

/// Whether a line break falls inside `span`, i.e. it covers two lines or more.
fn spans_two_lines(text: &str, span: Span) -> bool {
    span.text(text).bytes().any(|b| b == b'\n' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::line_index::LineIndex;
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// One fold per line: kind, 0-based first and last line, and the text at
    /// both ends of the span.
    fn check(fixture: &str, expect: Expect) {
        let parse = crate::syntax::parse(fixture);
        let mut out = String::new();
        if let Some(cable) = parse.cables.first() {
            let text = cable.text(fixture);
            let index = LineIndex::new(text);
            let folds = folding_ranges(text, cable);
            for pair in folds.windows(2) {
                assert!(pair[0].span.start <= pair[1].span.start, "not ordered");
            }
            for fold in &folds {
                let (first_line, _) = index.position(text, fold.span.start as usize);
                let (last_line, _) = index.position(text, fold.span.end as usize);
                assert!(first_line < last_line, "one-line fold {fold:?}");
                let under = fold.span.text(text);
                let head: String = under.chars().take(24).collect();
                let tail: String = {
                    let chars: Vec<char> = under.chars().collect();
                    chars[chars.len().saturating_sub(16)..].iter().collect()
                };
                let _ = writeln!(
                    out,
                    "{:?} {first_line}-{last_line} {:?} … {:?}",
                    fold.kind, head, tail
                );
            }
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn seed_000_header_and_paragraphs() {
        check(
            include_str!("../../examples/000_2fe200cbb93dc52e.txt"),
            expect![[r#"
                Header 2-42 "VZCZCXRO9950  \nOO RUEHFL" … "1.4 (b) and (d)."
                Region 8-24 "TO RUEHC/SECSTATE WASHDC" … "WASHDC IMMEDIATE"
                Region 32-42 "E.O. 12958: DECL: 01/31/" … "1.4 (b) and (d)."
            "#]],
        );
    }

    #[test]
    fn seed_001_section_and_page_header_in_captions() {
        check(
            include_str!("../../examples/001_d1f1339951ffc235.txt"),
            expect![[r#"
                Header 2-61 "VZCZCXR08132\n\nOO RUEHDBU" … "1.4 (b) and (d)."
                Region 14-40 "TO RUEHC/SECSTATE WASHDC" … "TO PRIORITY 2880"
                Region 50-61 "E.O. 12958: DECL: 07/01/" … "1.4 (b) and (d)."
                Region 63-85 "Summary\n\n- - -\n\n¶1. (C/N" … "ernment as well."
                Region 67-71 "¶1. (C/NF) FM D'Alema is" … "ue. End Summary."
                Region 73-75 "¶2. (C/NF) On June 16, p" … "l test for ESDP."
                Region 79-83 "¶4. (C/NF) De Cardona st" … "re a resolution."
            "#]],
        );
    }

    #[test]
    fn seed_004_two_sections() {
        check(
            include_str!("../../examples/004_2f81a62bb2cdd743.txt"),
            expect![[r#"
                Header 2-30 "VZCZCXRO7546  \nPP RUEHDB" … "1.4 (b) and (d)."
                Region 8-18 "TO RUEHC/SECSTATE WASHDC" … " WASHDC PRIORITY"
                Region 26-30 "E.O. 12958: DECL: 06/25/" … "1.4 (b) and (d)."
                Region 34-39 "Italy supports Romanian " … "Kosovo's status."
                Region 41-48 "Ahtisaari Given Assuranc" … "act Group unity."
            "#]],
        );
    }

    #[test]
    fn one_line_elements_do_not_fold() {
        check(
            "TAGS: PREL\nSUBJECT: SHORT\n\n1. (U) One line.\n\n2. (U) Two\nlines.\n",
            expect![[r#"
                Header 0-1 "TAGS: PREL\nSUBJECT: SHOR" … "L\nSUBJECT: SHORT"
                Region 5-6 "2. (U) Two\nlines." … ". (U) Two\nlines."
            "#]],
        );
    }

    #[test]
    fn crlf_and_lone_cr_count_as_line_breaks() {
        check(
            "SUBJECT: ONE\r\nREF: A) ROME 94\r\nB) ROME 71\r\n\r\n1. (U) Text\rmore text.\r",
            expect![[r#"
                Header 0-2 "SUBJECT: ONE\r\nREF: A) RO" … "E 94\r\nB) ROME 71"
                Region 1-2 "REF: A) ROME 94\r\nB) ROME" … "E 94\r\nB) ROME 71"
                Region 4-5 "1. (U) Text\rmore text." … " Text\rmore text."
            "#]],
        );
    }

    #[test]
    fn empty_and_odd_inputs_never_panic() {
        for doc in ["", "\n", "¶", "Summary\n- - -\n", "\r\r", "REF:\n\n"] {
            let parse = crate::syntax::parse(doc);
            for cable in &parse.cables {
                let _ = folding_ranges(cable.text(doc), cable);
            }
        }
    }
}
