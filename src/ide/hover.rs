//! Hover: a short Markdown explanation of the code under the cursor — what
//! a TAGS code, routing indicator, precedence, date-time group,
//! classification or reason means, what a REF cites, who a person is and
//! how often the workspace mentions them, how many cables cite this one.

use super::target::{target_at, Target};
use super::world::{DocSnapshot, World};
use crate::data::classification::{
    caveat_meaning, marking_component_meaning, parse_marking, Classification,
};
use crate::data::precedence::Precedence;
use crate::data::reasons::reason_meaning;
use crate::data::routes::lookup_route;
use crate::data::tags::lookup_tag;
use crate::model::document::CableAnalysis;
use crate::model::facts::{banner_classification, dtg_value};
use crate::model::reference::ReferenceKind;
use crate::syntax::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub markdown: String,
    /// Absolute byte span of the hovered element.
    pub span: Span,
}

pub fn hover(world: &World, doc: &DocSnapshot, offset: usize) -> Option<HoverResult> {
    let (entry, rel) = doc.cable_at(offset)?;
    let cable = &entry.analysis;
    let target = target_at(cable, rel)?;
    let markdown = match target {
        Target::Person(i) => person(world, cable, i)?,
        Target::TagCode(s) => tag(s.text(&cable.text)),
        Target::RoutingIndicator(s) => routing_indicator(s.text(&cable.text)),
        Target::Precedence(s) => precedence(s.text(&cable.text))?,
        Target::Dtg(_) => dtg(cable)?,
        Target::SecurityLetters(s) => security_letters(s.text(&cable.text))?,
        Target::BannerClassification(s) => banner(cable, s)?,
        Target::Marking(s) => marking(s.text(&cable.text))?,
        Target::Reason(s) => reason(cable, s)?,
        Target::ExecutiveOrder(_) => executive_order(cable),
        Target::Reference(i) => reference(world, cable, i)?,
        Target::CableId(_) => cable_id(world, cable)?,
    };
    Some(HoverResult {
        markdown,
        span: target.span(cable).shift(entry.start as u32),
    })
}

fn title_line(subject: &str, what: &str) -> String {
    format!("**{subject}** · {what}")
}

fn tag(code: &str) -> String {
    match lookup_tag(code) {
        Some(info) if !info.description.is_empty() => format!(
            "{}\n\n{}",
            title_line(info.code, &format!("{} tag", info.kind.label())),
            info.description
        ),
        Some(info) => format!(
            "{}\n\nIts meaning is not recorded.",
            title_line(info.code, &format!("{} tag", info.kind.label()))
        ),
        None => format!(
            "{}\n\nNot in the TAGS table.",
            title_line(code, "TAGS code")
        ),
    }
}

fn routing_indicator(ri: &str) -> String {
    match lookup_route(ri) {
        Some(route) => format!(
            "{}\n\n{}",
            title_line(route.routing_indicator, "routing indicator"),
            route.station
        ),
        None => format!(
            "{}\n\nNot in the routing table.",
            title_line(ri, "routing indicator")
        ),
    }
}

fn precedence(written: &str) -> Option<String> {
    let upper = written.trim().to_ascii_uppercase();
    let niact = upper.starts_with("NIACT");
    let word = upper.trim_start_matches("NIACT").trim();
    let p = Precedence::from_word(word).or_else(|| {
        let mut letters = word.chars();
        let first = letters.next()?;
        // A prosign repeats its letter (`OO`); one letter is the DTG line's.
        letters.all(|c| c == first).then_some(())?;
        Precedence::from_letter(first)
    })?;
    let mut out = format!("{}\n\n{}", title_line(&upper, "precedence"), p.meaning());
    if niact {
        out.push_str(&format!("\n\n{}", crate::data::precedence::NIACT_MEANING));
    }
    Some(out)
}

fn dtg(cable: &CableAnalysis) -> Option<String> {
    let dtg = cable.cable.dtg_line.as_ref()?.dtg.as_ref()?;
    let written = dtg.span.text(&cable.text);
    let value = dtg_value(&cable.text, dtg)?;
    Some(format!(
        "{}\n\n{}",
        title_line(written, "date-time group"),
        value.human()
    ))
}

fn security_letters(letters: &str) -> Option<String> {
    let level = Classification::from_letter(letters.chars().next()?)?;
    Some(format!(
        "{}\n\n{}",
        title_line(letters, "security line"),
        level.meaning()
    ))
}

fn banner(cable: &CableAnalysis, span: Span) -> Option<String> {
    let banner = cable
        .cable
        .banners
        .iter()
        .find(|b| b.classification == span)?;
    let level = banner_classification(&cable.text, banner)?;
    let mut out = format!(
        "{}\n\n{}",
        title_line(level.word(), "classification"),
        level.meaning()
    );
    // The meanings name their caveat (`SIPDIS (SIPRNet distribution): ...`).
    for caveat in &cable.facts.caveats {
        if let Some(meaning) = caveat_meaning(caveat) {
            out.push_str(&format!("\n\n{meaning}"));
        }
    }
    Some(out)
}

fn marking(written: &str) -> Option<String> {
    let inner = written.trim_start_matches('(').trim_end_matches(')');
    let parsed = parse_marking(inner)?;
    let mut lines = Vec::new();
    if let Some(level) = parsed.level {
        if parsed.sensitive {
            lines.push(
                "Sensitive But Unclassified: not classified, but withheld from public release."
                    .to_string(),
            );
        } else {
            lines.push(level.meaning().to_string());
        }
    }
    // The meanings name their control (`NOFORN (NF): ...`).
    for control in &parsed.controls {
        if let Some(meaning) = marking_component_meaning(control) {
            lines.push(meaning.to_string());
        }
    }
    Some(format!(
        "{}\n\n{}",
        title_line(written, "portion marking"),
        lines.join("\n\n")
    ))
}

fn reason(cable: &CableAnalysis, span: Span) -> Option<String> {
    let letter = span
        .text(&cable.text)
        .chars()
        .find(|c| c.is_ascii_alphabetic())?;
    let meaning = reason_meaning(letter)?;
    let section = cable
        .cable
        .classified_by
        .as_ref()
        .and_then(|cb| cb.section)
        .map_or("1.4", |s| s.text(&cable.text));
    Some(format!(
        "{}\n\n{meaning}",
        title_line(
            &format!("{section} ({})", letter.to_ascii_lowercase()),
            "reason for classification"
        )
    ))
}

fn executive_order(cable: &CableAnalysis) -> String {
    let eo = cable.cable.eo.as_ref();
    let order = eo.and_then(|eo| eo.order).map_or("E.O.".to_string(), |o| {
        format!("E.O. {}", o.text(&cable.text))
    });
    let what = match order.as_str() {
        "E.O. 12958" => "the classification order of 1995, amended in 2003 by E.O. 13292",
        "E.O. 13526" => "the classification order of 2009",
        "E.O. 12356" => "the classification order of 1982",
        _ => "the executive order the cable is classified under",
    };
    let mut out = format!("{}\n\nCites {what}.", title_line(&order, "executive order"));
    if let Some(date) = cable.facts.declassify_on {
        out.push_str(&format!("\n\nDeclassify on {}.", date.iso()));
    }
    out
}

fn reference(world: &World, cable: &CableAnalysis, i: usize) -> Option<String> {
    let r = cable.facts.references.get(i)?;
    if r.kind != ReferenceKind::Cable {
        return Some(format!(
            "{}\n\n{}",
            title_line(r.kind_str(), "reference"),
            r.value
        ));
    }
    let mut out = title_line(&r.value, "cited cable");
    match world.index.cables_with_id(&r.value).first() {
        Some(&cited) => {
            let (file, summary, _) = world.index.cable(cited)?;
            if let Some(subject) = &summary.subject {
                out.push_str(&format!("\n\n{subject}"));
            }
            if let Some(date) = summary.date {
                out.push_str(&format!("\n\n{}", date.human()));
            }
            let name = file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            out.push_str(&format!("\n\nIn `{}`.", name.unwrap_or_default()));
        }
        None => out.push_str("\n\nNot in the workspace."),
    }
    Some(out)
}

fn person(world: &World, cable: &CableAnalysis, i: usize) -> Option<String> {
    let mention = cable.mentions.get(i)?;
    let index = &world.index;
    let Some(person) = index
        .people
        .person_of(mention.key)
        .and_then(|p| index.person(p))
    else {
        // Not indexed yet (a fresh edit): what this cable alone says.
        let mut out = title_line(&mention.name, "person");
        if let Some(title) = &mention.title {
            out.push_str(&format!("\n\n{title}"));
        }
        return Some(out);
    };
    let mut out = title_line(&person.name, "person");
    if !person.titles.is_empty() {
        out.push_str(&format!("\n\n{}", person.titles.join(", ")));
    }
    out.push_str(&format!(
        "\n\n{} in {}",
        plural(person.n_mentions, "mention"),
        plural(person.n_cables, "cable")
    ));
    push_indexing_notice(world, &mut out);
    Some(out)
}

/// Counts over a workspace still being indexed say how far it had come.
fn push_indexing_notice(world: &World, out: &mut String) {
    if let Some(indexing) = world.indexing {
        out.push_str(&format!("\n\n_{}_", indexing.notice()));
    }
}

fn cable_id(world: &World, cable: &CableAnalysis) -> Option<String> {
    let id = cable.facts.id.as_deref()?;
    let n = world.index.n_citations(id);
    let cited = match n {
        0 => "No cable in the workspace cites it.".to_string(),
        n => format!("Cited by {}.", plural(n, "REF item")),
    };
    let mut out = format!("{}\n\n{cited}", title_line(id, "cable"));
    if let Some(date) = cable.facts.date {
        out = format!("{out}\n\nSent {}.", date.human());
    }
    push_indexing_notice(world, &mut out);
    Some(out)
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::{
        cable_104, mark, seed_003_citing_000, small_cable, Fixture, SEED_000,
    };
    use expect_test::{expect, Expect};

    /// Hover at the marked cursor of the first file: the hovered text, then
    /// the Markdown.
    fn check(files: &[(&str, &str)], expect: Expect) {
        let fixture = Fixture::new(files);
        let actual = match hover(&fixture.world, &fixture.doc, fixture.cursor()) {
            Some(h) => format!("[{}]\n{}", fixture.text_at(h.span), h.markdown),
            None => "None".to_string(),
        };
        expect.assert_eq(&actual);
    }

    /// Hover in `cable_104` alone, at `marker` below the line starting with `line`.
    fn at(line: &str, marker: &str, expect: Expect) {
        check(&[("104.txt", &mark(&cable_104(), line, marker))], expect);
    }

    #[test]
    fn tag_code_known() {
        at(
            "TAGS: PREL",
            "      ^",
            expect![[r#"
            [PREL]
            **PREL** · subject tag

            External political relations"#]],
        );
    }

    #[test]
    fn tag_code_unknown() {
        at(
            "TAGS: PREL",
            "                ^",
            expect![[r#"
            [XQQQ]
            **XQQQ** · TAGS code

            Not in the TAGS table."#]],
        );
    }

    #[test]
    fn routing_indicator_known() {
        at(
            "OO RUEHFL",
            "   ^",
            expect![[r#"
            [RUEHFL]
            **RUEHFL** · routing indicator

            AMCONSUL FLORENCE"#]],
        );
    }

    #[test]
    fn routing_indicator_unknown() {
        at(
            "RUEHXQZ/",
            "^",
            expect![[r#"
            [RUEHXQZ]
            **RUEHXQZ** · routing indicator

            Not in the routing table."#]],
        );
    }

    #[test]
    fn precedence_prosign() {
        at(
            "OO RUEHFL",
            "^",
            expect![[r#"
            [OO]
            **OO** · precedence

            Immediate: handled at once, ahead of priority and routine traffic."#]],
        );
    }

    #[test]
    fn precedence_letter() {
        at(
            "O 241223Z",
            "^",
            expect![[r#"
            [O]
            **O** · precedence

            Immediate: handled at once, ahead of priority and routine traffic."#]],
        );
    }

    #[test]
    fn precedence_word() {
        at(
            "INFO RUEHZL",
            "                                            ^",
            expect![[r#"
            [PRIORITY]
            **PRIORITY** · precedence

            Priority: expedited handling ahead of routine traffic."#]],
        );
    }

    #[test]
    fn precedence_immediate_in_a_seed() {
        check(
            &[(
                "000.txt",
                &mark(SEED_000, "TO RUEHC/", "                         ^"),
            )],
            expect![[r#"
                [IMMEDIATE]
                **IMMEDIATE** · precedence

                Immediate: handled at once, ahead of priority and routine traffic."#]],
        );
    }

    #[test]
    fn precedence_niact() {
        at(
            "TO RUEHC/",
            "                         ^",
            expect![[r#"
            [NIACT IMMEDIATE]
            **NIACT IMMEDIATE** · precedence

            Immediate: handled at once, ahead of priority and routine traffic.

            NIACT (night action): the addressee must act on the telegram at once, at any hour, even outside working hours."#]],
        );
    }

    #[test]
    fn date_time_group() {
        at(
            "O 241223Z",
            "  ^",
            expect![[r#"
            [241223Z JAN 08]
            **241223Z JAN 08** · date-time group

            Thu 24 Jan 2008 12:23 UTC"#]],
        );
    }

    #[test]
    fn security_letters() {
        at(
            "ZNY CCCCC",
            "    ^",
            expect![[r#"
            [CCCCC]
            **CCCCC** · security line

            Confidential: unauthorized disclosure could reasonably be expected to cause damage to national security."#]],
        );
    }

    #[test]
    fn banner_classification() {
        at(
            "C O N F",
            "^",
            expect![[r#"
            [C O N F I D E N T I A L]
            **CONFIDENTIAL** · classification

            Confidential: unauthorized disclosure could reasonably be expected to cause damage to national security.

            SIPDIS (SIPRNet distribution): the cable is released to the SIPRNet database of reporting cables."#]],
        );
    }

    #[test]
    fn portion_markings() {
        at(
            "¶1. (C)",
            "    ^",
            expect![[r#"
            [(C)]
            **(C)** · portion marking

            Confidential: unauthorized disclosure could reasonably be expected to cause damage to national security."#]],
        );
        at(
            "¶2. (S/NF)",
            "     ^",
            expect![[r#"
            [(S/NF)]
            **(S/NF)** · portion marking

            Secret: unauthorized disclosure could reasonably be expected to cause serious damage to national security.

            NOFORN (NF): not releasable to foreign nationals."#]],
        );
    }

    #[test]
    fn classification_reason() {
        at(
            "for reasons",
            "                 ^",
            expect![[r#"
            [b]
            **1.4 (b)** · reason for classification

            Foreign government information."#]],
        );
    }

    #[test]
    fn executive_order() {
        at(
            "E.O. 12958",
            "     ^",
            expect![[r#"
            [E.O. 12958: DECL: 01/31/2018]
            **E.O. 12958** · executive order

            Cites the classification order of 1995, amended in 2003 by E.O. 13292.

            Declassify on 2018-01-31."#]],
        );
    }

    #[test]
    fn reference_in_the_workspace() {
        let cited = small_cable("000094", "ITALY: A CITED CABLE", "");
        check(
            &[
                ("104.txt", &mark(&cable_104(), "REF: A)", "        ^")),
                ("094.txt", &cited),
            ],
            expect![[r#"
                [A) ROME 94]
                **08ROME94** · cited cable

                ITALY: A CITED CABLE

                Thu 24 Jan 2008 12:23 UTC

                In `094.txt`."#]],
        );
    }

    #[test]
    fn reference_not_in_the_workspace() {
        at(
            "REF: A)",
            "                  ^",
            expect![[r#"
            [B) ROME 71]
            **08ROME71** · cited cable

            Not in the workspace."#]],
        );
    }

    #[test]
    fn person_with_title() {
        check(
            &[
                (
                    "000.txt",
                    &mark(SEED_000, "Classified By:", "                   ^"),
                ),
                ("003.txt", &seed_003_citing_000()),
            ],
            expect![[r#"
                [Jonathan R. Cohen]
                **Jonathan R. Cohen** · person

                Acting Political Minister Counselor

                1 mention in 1 cable"#]],
        );
    }

    /// While the workspace is being indexed, counts say they are partial.
    #[test]
    fn person_while_indexing() {
        let mut fixture = Fixture::new(&[(
            "000.txt",
            &mark(SEED_000, "13. (C) De Cardona", "        ^"),
        )]);
        fixture.world.indexing = Some(crate::ide::world::Indexing {
            files_indexed: 4012,
            files_total: 10004,
        });
        let found = hover(&fixture.world, &fixture.doc, fixture.cursor()).map(|h| h.markdown);
        expect![[r#"
            Some(
                "**Raimondo De Cardona** · person\n\n2 mentions in 1 cable\n\n_Indexing the workspace: 4012 of 10004 files so far._",
            )
        "#]]
        .assert_debug_eq(&found);
    }

    #[test]
    fn person_by_surname_gets_the_full_name() {
        check(
            &[(
                "000.txt",
                &mark(SEED_000, "13. (C) De Cardona", "        ^"),
            )],
            expect![[r#"
                [De Cardona]
                **Raimondo De Cardona** · person

                2 mentions in 1 cable"#]],
        );
    }

    #[test]
    fn person_across_files() {
        let citing = seed_003_citing_000();
        check(
            &[
                (
                    "003.txt",
                    &mark(&citing, "[1](#)4. (C) Comment.", "                      ^"),
                ),
                ("000.txt", SEED_000),
            ],
            expect![[r#"
                [D'Alema]
                **D'Alema** · person

                Foreign Minister

                12 mentions in 2 cables"#]],
        );
    }

    #[test]
    fn cable_id_with_citations() {
        check(
            &[
                (
                    "000.txt",
                    &mark(SEED_000, "C O N F", "                              ^"),
                ),
                ("003.txt", &seed_003_citing_000()),
            ],
            expect![[r#"
                [ROME 000104]
                **08ROME104** · cable

                Cited by 1 REF item.

                Sent Thu 24 Jan 2008 12:23 UTC."#]],
        );
    }

    #[test]
    fn cable_id_without_citations() {
        at(
            "DE RUEHRO",
            "           ^",
            expect![[r#"
            [0104]
            **08ROME104** · cable

            No cable in the workspace cites it.

            Sent Thu 24 Jan 2008 12:23 UTC."#]],
        );
    }

    #[test]
    fn nothing() {
        at("¶1. (C)", "                  ^", expect!["None"]);
        at("SIPDIS", "^", expect!["None"]);
    }
}
