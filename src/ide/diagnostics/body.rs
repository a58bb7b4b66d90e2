//! Rules for the body of a cable: paragraph numbering and marker style
//! (P001, P002), portion markings against the cable's classification and
//! captions (P003-P005), captions and page headers inside the text (P006,
//! P007) and the signature (G001).

use super::{Ctx, Diagnostic, Severity};
use crate::data::classification::{parse_marking, Classification};
use crate::model::facts::normalize_office;
use crate::syntax::scan::find_ci;
use crate::syntax::{MarkerStyle, Paragraph, ParagraphMarker, Span};

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let numbered = numbered(ctx);
    check_numbering(ctx, &numbered, out);
    check_marker_style(ctx, out);
    check_markings(ctx, &numbered, out);
    check_unmarked(ctx, &numbered, out);
    check_stray_text(ctx, out);
    check_page_headers(ctx, out);
    check_signature(ctx, out);
}

fn markers<'a>(ctx: &'a Ctx<'_>) -> impl Iterator<Item = &'a ParagraphMarker> {
    ctx.cable
        .paragraphs
        .iter()
        .filter_map(|p| p.marker.as_ref())
}

/// What a numbered line is to the cable's own numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A paragraph of the main sequence 1, 2, 3...
    Main,
    /// An item of a list inside a paragraph: unmarked, numbered again from 1
    /// (`¶1. Pension age increase` after `¶9. (U)`, 10KYIV278).
    Sublist,
    /// A wrapped line that begins with a number and got a pilcrow in
    /// conversion: `... in November` / `¶2006. The court ...`.
    Spurious,
}

struct Numbered<'a> {
    paragraph: &'a Paragraph,
    marker: &'a ParagraphMarker,
    marking: Option<Span>,
    role: Role,
}

/// The numbered paragraphs with their markings and roles. Only `Main`
/// paragraphs take part in the numbering and marking rules, so that lists
/// and wrapped numbers do not flood a correct cable with warnings.
fn numbered<'a>(ctx: &Ctx<'a>) -> Vec<Numbered<'a>> {
    let mut items: Vec<Numbered<'a>> = ctx
        .cable
        .paragraphs
        .iter()
        .filter_map(|p| {
            p.marker.as_ref().map(|marker| Numbered {
                paragraph: p,
                marker,
                marking: written_marking(ctx.text, p),
                role: Role::Main,
            })
        })
        .collect();
    let cable_marks = items.iter().any(|n| n.marking.is_some());
    let mut main_prev: Option<u32> = None;
    let mut sub_prev: Option<u32> = None;
    for idx in 0..items.len() {
        let item = &items[idx];
        let n = item.marker.number;
        let next = items.get(idx + 1).map(|next| next.marker.number);
        // `¶26.` alone on its line, in a cable whose paragraphs are marked.
        let bare_line = ctx
            .text
            .get(item.paragraph.text_start as usize..line_end(ctx.text, item.marker.span))
            .is_none_or(|rest| rest.trim().is_empty());
        let role = if item.marking.is_some() {
            Role::Main
        } else if n >= 1000 || (cable_marks && bare_line) {
            Role::Spurious
        } else if sub_prev.is_some_and(|s| n == s + 1) || (n == 1 && main_prev.is_some()) {
            Role::Sublist
        } else {
            match main_prev {
                Some(p) if n != p && n != p + 1 && next == Some(p + 1) => Role::Spurious,
                _ => Role::Main,
            }
        };
        match role {
            Role::Main => {
                main_prev = Some(n);
                sub_prev = None;
            }
            Role::Sublist => sub_prev = Some(n),
            Role::Spurious => {}
        }
        items[idx].role = role;
    }
    items
}

/// The end of the line holding `span`.
fn line_end(text: &str, span: Span) -> usize {
    let from = span.end as usize;
    text.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| from + i)
}

/// The portion marking of a paragraph: the parser's, or one it leaves out
/// because of lower case, commas or a dash (`(S/REL to USA, FVEY)`,
/// `(C/Rel Aus)`, `(S-NF)`, or a release list longer than the parser looks).
fn written_marking(text: &str, p: &Paragraph) -> Option<Span> {
    if p.marking.is_some() {
        return p.marking;
    }
    let start = p.text_start as usize;
    let rest = text.get(start..p.span.end as usize)?;
    if !rest.starts_with('(') {
        return None;
    }
    // Long release lists wrap: `(S//REL CHINA, AFGHANISTAN, KAZAKHSTAN, ⏎ TAJIKISTAN)`.
    let (close, _) = rest
        .char_indices()
        .take_while(|(i, _)| *i < 160)
        .find(|(_, c)| *c == ')')?;
    let inner = &rest[1..close];
    let damaged = inner.len() <= 8
        && inner.starts_with(['U', 'C', 'S', 'T'])
        && inner.contains(['/', '-'])
        && inner
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'/' || b == b'-');
    (parse_marking(inner).is_some() || damaged).then(|| Span::new(start, start + close + 1))
}

/// P001: numbers run 1, 2, 3... After a wrong number the count goes on from
/// it, so one slip gives one warning, not one per later paragraph.
fn check_numbering(ctx: &Ctx<'_>, numbered: &[Numbered<'_>], out: &mut Vec<Diagnostic>) {
    // `SECTION 02 OF 03` repeated with its header is parsed as a cable of its
    // own, and goes on with the numbering of section 1.
    let later_section = ctx
        .cable
        .banner()
        .and_then(|b| b.section.as_ref())
        .and_then(|s| s.number.text(ctx.text).parse::<u32>().ok())
        .is_some_and(|n| n > 1);
    let mut prev: Option<u32> = None;
    for m in numbered
        .iter()
        .filter(|n| n.role == Role::Main)
        .map(|n| n.marker)
    {
        let n = m.number;
        let message = match prev {
            None if n != 1 && !later_section => {
                Some(format!("paragraph numbering starts at {n}; expected 1"))
            }
            Some(p) if n == p => Some(format!("paragraph number {n} repeats; expected {}", p + 1)),
            Some(p) if n < p => Some(format!(
                "paragraph number {n} comes after {p}; expected {}",
                p + 1
            )),
            Some(p) if n > p + 1 => Some(format!(
                "paragraph number {n} follows {p}, skipping {}; expected {}",
                skipped(p, n),
                p + 1
            )),
            _ => None,
        };
        if let Some(message) = message {
            out.push(Diagnostic::new(
                "P001",
                Severity::Warning,
                m.number_span,
                message,
            ));
        }
        prev = Some(n);
    }
}

/// `4` or `4-6`: the numbers missing between `prev` and `next`.
fn skipped(prev: u32, next: u32) -> String {
    if next == prev + 2 {
        (prev + 1).to_string()
    } else {
        format!("{}-{}", prev + 1, next - 1)
    }
}

/// P002: `11.` and `[1](#)1.` are conversion damage of `¶1.`.
fn check_marker_style(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for m in markers(ctx) {
        let what = match m.style {
            MarkerStyle::PilcrowAsOne => "its pilcrow turned into the digit 1",
            MarkerStyle::MarkdownLink => "its pilcrow turned into a Markdown link",
            MarkerStyle::Pilcrow | MarkerStyle::Plain => continue,
        };
        let expected = format!("¶{}.", m.number);
        out.push(
            Diagnostic::new(
                "P002",
                Severity::Warning,
                m.span,
                format!(
                    "paragraph marker `{}` has {what}; expected `{expected}`",
                    m.span.text(ctx.text)
                ),
            )
            .with_fix(m.span, expected),
        );
    }
}

/// P004, P005: portion markings of the subject and the paragraphs.
/// Unknown markings are judged on the subject and numbered paragraphs only:
/// an unnumbered "paragraph" opening with `(SPD)` is a wrapped line.
fn check_markings(ctx: &Ctx<'_>, numbered: &[Numbered<'_>], out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let class = ctx.facts.classification;
    let banner = ctx.cable.banner().map(|b| b.classification);
    let mut noforn_reported = has_noforn(ctx);
    let subject_marking = ctx.cable.subject.as_ref().and_then(|s| s.marking);
    let judged = subject_marking
        .into_iter()
        .chain(numbered.iter().filter_map(|n| n.marking))
        .map(|span| (span, true));
    let unnumbered = ctx
        .cable
        .paragraphs
        .iter()
        .filter(|p| p.marker.is_none())
        .filter_map(|p| p.marking)
        .map(|span| (span, false));
    let mut all: Vec<(Span, bool)> = judged.chain(unnumbered).collect();
    all.sort_by_key(|(span, _)| span.start);
    for (span, judge_unknown) in all {
        let written = span.text(text);
        let inner = written
            .strip_prefix('(')
            .and_then(|w| w.strip_suffix(')'))
            .unwrap_or(written);
        let Some(marking) = parse_marking(inner) else {
            if judge_unknown {
                out.push(Diagnostic::new(
                    "P005",
                    Severity::Warning,
                    span,
                    format!("unknown portion marking `{written}`; expected (U), (SBU), (C), (S) or (TS), with controls such as /NF"),
                ));
            }
            continue;
        };
        if let (Some(level), Some(class)) = (marking.level, class) {
            if level > class {
                let mut d = Diagnostic::new(
                    "P004",
                    Severity::Error,
                    span,
                    format!(
                        "portion marked `{written}` ({}) in a {} cable; a portion cannot be classified above its cable",
                        level.word(),
                        class.word()
                    ),
                );
                if let Some(b) = banner {
                    d = d.with_related(b, format!("the cable is {} here", class.word()));
                }
                out.push(d);
            }
        }
        if marking.controls.contains(&"NOFORN") && !noforn_reported {
            noforn_reported = true;
            out.push(Diagnostic::new(
                "P005",
                Severity::Hint,
                span,
                format!("portion marked `{written}` (NOFORN) but the cable has no NOFORN caption"),
            ));
        }
    }
}

/// NOFORN among the caveats, or anywhere before the body (`SECRET/NOFORN`
/// and `NOFORN, NOT FOR INTERNET DISTRIBUTION` lines the parser files as
/// passing lines).
fn has_noforn(ctx: &Ctx<'_>) -> bool {
    if ctx.facts.caveats.iter().any(|c| c == "NOFORN") {
        return true;
    }
    let body_start = ctx
        .cable
        .paragraphs
        .first()
        .map_or(ctx.text.len(), |p| p.span.start as usize);
    ctx.text
        .get(..body_start)
        .is_some_and(|head| find_ci(head, "NOFORN").is_some())
}

/// P003: in a classified cable, numbered paragraphs carry a portion marking.
fn check_unmarked(ctx: &Ctx<'_>, numbered: &[Numbered<'_>], out: &mut Vec<Diagnostic>) {
    let classified = ctx
        .facts
        .classification
        .is_some_and(|c| c >= Classification::Confidential);
    if !classified {
        return;
    }
    let main: Vec<&Numbered<'_>> = numbered.iter().filter(|n| n.role == Role::Main).collect();
    if !main.iter().any(|n| n.marking.is_some()) {
        // `¶1. SECRET - ENTIRE TEXT.`: the older whole-text marking.
        let whole_text =
            |n: &&Numbered<'_>| find_ci(n.paragraph.span.text(ctx.text), "ENTIRE TEXT").is_some();
        if let Some(first) = main.first().filter(|n| !whole_text(n)) {
            out.push(Diagnostic::new(
                "P003",
                Severity::Info,
                first.marker.span,
                "no paragraph of this classified cable carries a portion marking such as (C)",
            ));
        }
        return;
    }
    for n in main {
        if n.marking.is_some() || exempt_from_marking(ctx.text, n.paragraph) {
            continue;
        }
        out.push(Diagnostic::new(
            "P003",
            Severity::Warning,
            n.marker.span,
            format!(
                "paragraph {} has no portion marking; expected one such as (C), as other paragraphs have",
                n.marker.number
            ),
        ));
    }
}

/// Paragraphs that need no marking: the classification line of Department
/// cables (`¶1. Classified by ...`) and paragraphs redacted for release
/// (`¶5. xxxxxxxxxxxx`), whose marking went with the text.
fn exempt_from_marking(text: &str, p: &Paragraph) -> bool {
    let prose = Span::new(p.text_start as usize, p.span.end as usize)
        .text(text)
        .trim_start();
    let redacted = prose
        .bytes()
        .take_while(|b| b.eq_ignore_ascii_case(&b'x'))
        .count()
        >= 6;
    redacted
        || prose
            .get(..13)
            .is_some_and(|h| h.eq_ignore_ascii_case("classified by"))
}

/// P006: SIPDIS moved into the text, text glued after a page header.
fn check_stray_text(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for &span in &ctx.cable.stray_captions {
        out.push(Diagnostic::new(
            "P006",
            Severity::Hint,
            span,
            format!(
                "caption `{}` inside the body text; captions stand after the banner",
                span.text(ctx.text).trim()
            ),
        ));
    }
    for header in &ctx.cable.page_headers {
        let Some(glued) = header.glued else {
            continue;
        };
        let gap = Span::new(header.total.end as usize, glued.start as usize);
        out.push(
            Diagnostic::new(
                "P006",
                Severity::Hint,
                glued,
                "text glued after a page header; expected it on the next line",
            )
            .with_fix(gap, "\n"),
        );
    }
}

/// P007: page headers repeat the banner's office (cut to 10 characters) and
/// serial (zero-padded to 8 digits).
fn check_page_headers(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let Some(banner) = ctx.cable.banner() else {
        return;
    };
    let banner_serial = banner.serial.and_then(|s| s.text(text).parse::<u64>().ok());
    // `XXXXXXXXXXXX 000004`: an office redacted for release says nothing.
    let banner_office = banner
        .office
        .map(|o| normalize_office(o.text(text)))
        .filter(|o| !o.bytes().all(|b| b == b'X'));
    for header in &ctx.cable.page_headers {
        let serial = header.serial.text(text);
        if let (Some(expected), true) = (banner_serial, serial.len() == 8) {
            if serial.parse::<u64>().ok() != Some(expected) {
                out.push(
                    Diagnostic::new(
                        "P007",
                        Severity::Warning,
                        header.serial,
                        format!("page header serial {serial} differs from the banner's; expected {expected:08}"),
                    )
                    .with_related(banner.serial.unwrap_or(banner.span), "banner serial"),
                );
            }
        }
        let office = normalize_office(header.office.text(text));
        if let Some(expected) = &banner_office {
            // `BUENOS AIR` is the 10-character cut of `BUENOS AIRES`; RPO DUBAI
            // pages are headed `DUBAI`.
            let agrees = expected.starts_with(&office) || expected.ends_with(&office);
            if office.is_empty() || !agrees {
                out.push(
                    Diagnostic::new(
                        "P007",
                        Severity::Warning,
                        header.office,
                        format!(
                            "page header office `{}` differs from the banner's `{}`",
                            header.office.text(text),
                            banner.office.map_or("", |o| o.text(text))
                        ),
                    )
                    .with_related(banner.office.unwrap_or(banner.span), "banner office"),
                );
            }
        }
    }
}

/// G001: a cable with a body ends with its signer's name. Reported where the
/// name should follow: the end of the last paragraph.
fn check_signature(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.cable.signature.is_some() {
        return;
    }
    let Some(last) = ctx.cable.paragraphs.last() else {
        return;
    };
    let end = last.span.start as usize + last.span.text(ctx.text).trim_end().len();
    out.push(Diagnostic::new(
        "G001",
        Severity::Info,
        Span::empty(end),
        "no signature; expected the signer's name on the last line",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::check_cable;
    use super::super::test_support::{clean_seed, render, seed_with, SEED};
    use crate::syntax::parse;
    use expect_test::{expect, Expect};

    const CODES: [&str; 8] = [
        "P001", "P002", "P003", "P004", "P005", "P006", "P007", "G001",
    ];

    fn check(fixture: &str, expect: Expect) {
        let lines = render(fixture, |code| CODES.contains(&code));
        expect.assert_eq(&lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    }

    #[test]
    fn clean_cable_is_silent() {
        check(&clean_seed(), expect![[""]]);
    }

    const P2: &str = "¶2. (C) However";
    const P3: &str = "¶3. (C) De Cardona";

    #[test]
    fn p001_numbering() {
        check(
            &seed_with(P3, "¶4. (C) De Cardona"),
            expect![[r#"
            P001 warning 48:1-48:2 paragraph number 4 follows 2, skipping 3; expected 3
        "#]],
        );
        check(
            &seed_with(P3, "¶2. (C) De Cardona"),
            expect![[r#"
            P001 warning 48:1-48:2 paragraph number 2 repeats; expected 3
        "#]],
        );
        check(
            &seed_with(P3, "¶1. (C) De Cardona"),
            expect![[r#"
            P001 warning 48:1-48:2 paragraph number 1 comes after 2; expected 3
        "#]],
        );
        check(
            &seed_with("¶1. (C) The GOI", "¶2. (C) The GOI"),
            expect![[r#"
            P001 warning 44:1-44:2 paragraph numbering starts at 2; expected 1
            P001 warning 46:1-46:2 paragraph number 2 repeats; expected 3
        "#]],
        );
    }

    #[test]
    fn p001_ignores_lists_and_wrapped_numbers() {
        // A list inside paragraph 2, numbered again from 1 and unmarked.
        let list = seed_with(
            P3,
            "¶1. Abolish special pensions.\n\n¶2. Limit pensions.\n\n¶3. (C) De Cardona",
        );
        check(&list, expect![[""]]);
        // `in` / `2005.` wrapped, with a pilcrow added in conversion.
        let wrapped = seed_with("that policy.", "that policy in\n¶2005. The court refused.");
        check(&wrapped, expect![[""]]);
    }

    #[test]
    fn p002_marker_style() {
        check(
            SEED,
            expect![[r#"
            P002 warning 44:0-44:3 paragraph marker `11.` has its pilcrow turned into the digit 1; expected `¶1.` fix: "11." -> "¶1."
            P002 warning 46:0-46:3 paragraph marker `12.` has its pilcrow turned into the digit 1; expected `¶2.` fix: "12." -> "¶2."
            P002 warning 48:0-48:3 paragraph marker `13.` has its pilcrow turned into the digit 1; expected `¶3.` fix: "13." -> "¶3."
        "#]],
        );
        check(
            &seed_with(P2, "[1](#)2. (C) However"),
            expect![[r#"
            P002 warning 46:0-46:8 paragraph marker `[1](#)2.` has its pilcrow turned into a Markdown link; expected `¶2.` fix: "[1](#)2." -> "¶2."
        "#]],
        );
    }

    #[test]
    fn p003_unmarked_paragraphs() {
        check(
            &seed_with(P2, "¶2. However"),
            expect![[r#"
            P003 warning 46:0-46:3 paragraph 2 has no portion marking; expected one such as (C), as other paragraphs have
        "#]],
        );
        let none = clean_seed().replace(" (C) ", " ");
        check(
            &none,
            expect![[r#"
            P003 info 44:0-44:3 no paragraph of this classified cable carries a portion marking such as (C)
        "#]],
        );
        let whole_text = none.replace("¶1. The GOI", "¶1. CONFIDENTIAL - ENTIRE TEXT. The GOI");
        check(&whole_text, expect![[""]]);
        // Redacted paragraphs and release lists the parser leaves out.
        check(&seed_with(P2, "¶2. xxxxxxxxxxxx However"), expect![[""]]);
        check(&seed_with(P2, "¶2. (C/Rel Aus) However"), expect![[""]]);
    }

    #[test]
    fn p004_marking_above_classification() {
        let fixture = seed_with(P2, "¶2. (S/NF) However");
        check(
            &fixture,
            expect![[r#"
            P004 error 46:4-46:10 portion marked `(S/NF)` (SECRET) in a CONFIDENTIAL cable; a portion cannot be classified above its cable
            P005 hint 46:4-46:10 portion marked `(S/NF)` (NOFORN) but the cable has no NOFORN caption
        "#]],
        );
        let parse = parse(&fixture);
        let cable = &parse.cables[0];
        let related: Vec<_> = check_cable(cable.text(&fixture), cable)
            .into_iter()
            .filter(|d| d.code == "P004")
            .flat_map(|d| d.related)
            .map(|r| (r.span.text(cable.text(&fixture)).to_string(), r.message))
            .collect();
        assert_eq!(
            related,
            [(
                "C O N F I D E N T I A L".to_string(),
                "the cable is CONFIDENTIAL here".to_string()
            )]
        );
        check(&seed_with(P2, "¶2. (U) However"), expect![[""]]);
    }

    #[test]
    fn p005_unknown_and_noforn_markings() {
        check(
            &seed_with(P2, "¶2. (N/SF) However"),
            expect![[r#"
            P005 warning 46:4-46:10 unknown portion marking `(N/SF)`; expected (U), (SBU), (C), (S) or (TS), with controls such as /NF
        "#]],
        );
        check(
            &seed_with(P2, "¶2. (C/NF) However"),
            expect![[r#"
            P005 hint 46:4-46:10 portion marked `(C/NF)` (NOFORN) but the cable has no NOFORN caption
        "#]],
        );
        let noforn =
            seed_with(P2, "¶2. (C/NF) However").replace("SIPDIS\n\nE.O.", "NOFORN\n\nE.O.");
        check(&noforn, expect![[""]]);
    }

    #[test]
    fn p006_captions_and_glued_text() {
        check(
            &seed_with(P3, "SIPDIS\n\n¶3. (C) De Cardona"),
            expect![[r#"
            P006 hint 48:0-48:6 caption `SIPDIS` inside the body text; captions stand after the banner
        "#]],
        );
        check(
            &seed_with(
                P3,
                "ROME 00000104 002 OF 002 De Cardona said\n\n¶3. (C) De Cardona",
            ),
            expect![[r#"
                P006 hint 48:25-48:40 text glued after a page header; expected it on the next line fix: " " -> "\n"
            "#]],
        );
    }

    #[test]
    fn p007_page_headers() {
        check(
            &seed_with(P3, "ROME 00000104 002 OF 002\n¶3. (C) De Cardona"),
            expect![[""]],
        );
        check(
            &seed_with(P3, "ROME 00000105 002 OF 002\n¶3. (C) De Cardona"),
            expect![[r#"
            P007 warning 48:5-48:13 page header serial 00000105 differs from the banner's; expected 00000104
        "#]],
        );
        check(
            &seed_with(P3, "MILAN 00000104 002 OF 002\n¶3. (C) De Cardona"),
            expect![[r#"
            P007 warning 48:0-48:5 page header office `MILAN` differs from the banner's `ROME`
        "#]],
        );
        let buenos_aires = clean_seed()
            .replace("ROME 000104", "BUENOS AIRES 000104")
            .replace(P3, "BUENOS AIR 00000104 002 OF 002\n¶3. (C) De Cardona");
        check(&buenos_aires, expect![[""]]);
        let redacted = clean_seed()
            .replace("ROME 000104", "XXXXXXXXXXXX 000104")
            .replace(P3, "ROME 00000104 002 OF 002\n¶3. (C) De Cardona");
        check(&redacted, expect![[""]]);
    }

    #[test]
    fn g001_signature() {
        check(
            &seed_with("\nSPOGLI", ""),
            expect![[r#"
            G001 info 48:291-48:291 no signature; expected the signer's name on the last line
        "#]],
        );
    }
}
