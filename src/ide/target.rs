//! What is under the cursor: the one element of a cable that hover,
//! definition and references talk about. Innermost element wins (a person
//! in the TAGS line is a person, not a tag).

use crate::model::document::CableAnalysis;
use crate::syntax::{Span, TagItemKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `mentions[i]` of the cable.
    Person(usize),
    TagCode(Span),
    RoutingIndicator(Span),
    /// Precedence word or prosign letters (`IMMEDIATE`, `OO`, `O`).
    Precedence(Span),
    Dtg(Span),
    /// The `CCCCC` of `ZNY CCCCC`.
    SecurityLetters(Span),
    BannerClassification(Span),
    /// A portion marking with its parentheses: `(C)`, `(S/NF)`.
    Marking(Span),
    /// One reason letter of Classified By.
    Reason(Span),
    /// The E.O. line's order number, action or date.
    ExecutiveOrder(Span),
    /// `facts.references[i]`.
    Reference(usize),
    /// A place spelling the cable's own id (banner office and serial).
    CableId(Span),
}

impl Target {
    /// The span the answer is about (relative to the cable).
    pub fn span(self, cable: &CableAnalysis) -> Span {
        match self {
            Target::Person(i) => cable.mentions.get(i).map_or(Span::empty(0), |m| m.span),
            Target::Reference(i) => cable
                .facts
                .references
                .get(i)
                .map_or(Span::empty(0), |r| r.item_span),
            Target::TagCode(s)
            | Target::RoutingIndicator(s)
            | Target::Precedence(s)
            | Target::Dtg(s)
            | Target::SecurityLetters(s)
            | Target::BannerClassification(s)
            | Target::Marking(s)
            | Target::Reason(s)
            | Target::ExecutiveOrder(s)
            | Target::CableId(s) => s,
        }
    }
}

/// The element at `offset` (relative to the cable). A cursor just after a
/// word still counts as on it, as editors place it there after a
/// double-click.
pub fn target_at(cable: &CableAnalysis, offset: usize) -> Option<Target> {
    let hit = |span: Span| span.touches(offset);
    if let Some(i) = cable.mentions.iter().position(|m| hit(m.span)) {
        return Some(Target::Person(i));
    }
    let tree = &cable.cable;
    if let Some(tags) = &tree.tags {
        for item in &tags.items {
            if item.kind == TagItemKind::Code && hit(item.value) {
                return Some(Target::TagCode(item.value));
            }
        }
    }
    if let Some(i) = cable.facts.references.iter().position(|r| hit(r.item_span)) {
        return Some(Target::Reference(i));
    }
    if let Some(routing) = &tree.routing {
        if hit(routing.prosign) {
            return Some(Target::Precedence(routing.prosign));
        }
        if let Some(&ri) = routing.indicators.iter().find(|&&s| hit(s)) {
            return Some(Target::RoutingIndicator(ri));
        }
    }
    if let Some(station) = tree.de.as_ref().and_then(|de| de.station) {
        if hit(station) {
            return Some(Target::RoutingIndicator(station));
        }
    }
    if let Some(serial) = tree.de.as_ref().and_then(|de| de.serial) {
        if hit(serial) {
            return Some(Target::CableId(serial));
        }
    }
    if let Some(letters) = tree.security.as_ref().and_then(|s| s.letters) {
        if hit(letters) {
            return Some(Target::SecurityLetters(letters));
        }
    }
    if let Some(dtg_line) = &tree.dtg_line {
        if hit(dtg_line.precedence) {
            return Some(Target::Precedence(dtg_line.precedence));
        }
        if let Some(p) = dtg_line.info_precedence.filter(|&s| hit(s)) {
            return Some(Target::Precedence(p));
        }
        if let Some(dtg) = dtg_line.dtg.as_ref().filter(|d| hit(d.span)) {
            return Some(Target::Dtg(dtg.span));
        }
    }
    for a in &tree.addressees {
        if let Some(ri) = a.routing_indicator.filter(|&s| hit(s)) {
            return Some(Target::RoutingIndicator(ri));
        }
        if let Some(p) = a.precedence.filter(|&s| hit(s)) {
            return Some(Target::Precedence(p));
        }
    }
    for banner in &tree.banners {
        if hit(banner.classification) {
            return Some(Target::BannerClassification(banner.classification));
        }
        if let (Some(office), Some(serial)) = (banner.office, banner.serial) {
            if hit(office.cover(serial)) {
                return Some(Target::CableId(office.cover(serial)));
            }
        }
    }
    if let Some(eo) = &tree.eo {
        for s in [eo.order, eo.action_word, eo.value].into_iter().flatten() {
            if hit(s) {
                return Some(Target::ExecutiveOrder(eo.span));
            }
        }
    }
    if let Some(cb) = &tree.classified_by {
        if let Some(r) = cb.reasons.iter().find(|r| hit(r.span)) {
            return Some(Target::Reason(r.span));
        }
    }
    let subject_marking = tree.subject.as_ref().and_then(|s| s.marking);
    let paragraph_markings = tree.paragraphs.iter().filter_map(|p| p.marking);
    if let Some(m) = subject_marking
        .into_iter()
        .chain(paragraph_markings)
        .find(|&m| hit(m))
    {
        return Some(Target::Marking(m));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::{cable_104, mark, Fixture};
    use expect_test::{expect, Expect};

    /// The target under the marked cursor: its kind and the text of its span.
    fn check(fixture: &str, expect: Expect) {
        let fixture = Fixture::new(&[("a.txt", fixture)]);
        let (entry, rel) = fixture.doc.cable_at(fixture.cursor()).expect("a cable");
        let cable = &entry.analysis;
        let actual = match target_at(cable, rel) {
            Some(target) => {
                let debug = format!("{target:?}");
                let kind = debug.split('(').next().unwrap_or_default();
                format!("{kind} {:?}", target.span(cable).text(&cable.text))
            }
            None => "None".to_string(),
        };
        expect.assert_eq(&actual);
    }

    fn at(line: &str, marker: &str, expect: Expect) {
        check(&mark(&cable_104(), line, marker), expect);
    }

    #[test]
    fn routing_line() {
        at("OO RUEHFL", "^", expect![[r#"Precedence "OO""#]]);
        at("OO RUEHFL", " ^", expect![[r#"Precedence "OO""#]]);
        at(
            "OO RUEHFL",
            "   ^",
            expect![[r#"RoutingIndicator "RUEHFL""#]],
        );
    }

    #[test]
    fn de_line() {
        at(
            "DE RUEHRO",
            "   ^",
            expect![[r#"RoutingIndicator "RUEHRO""#]],
        );
        at("DE RUEHRO", "           ^", expect![[r#"CableId "0104""#]]);
        at("DE RUEHRO", "                 ^", expect!["None"]);
    }

    #[test]
    fn security_and_dtg_lines() {
        at(
            "ZNY CCCCC",
            "    ^",
            expect![[r#"SecurityLetters "CCCCC""#]],
        );
        at("O 241223Z", "^", expect![[r#"Precedence "O""#]]);
        at("O 241223Z", "  ^", expect![[r#"Dtg "241223Z JAN 08""#]]);
        at(
            "O 241223Z",
            "              ^",
            expect![[r#"Dtg "241223Z JAN 08""#]],
        );
    }

    #[test]
    fn addressees() {
        at(
            "TO RUEHC/",
            "   ^",
            expect![[r#"RoutingIndicator "RUEHC""#]],
        );
        at(
            "TO RUEHC/",
            "                         ^",
            expect![[r#"Precedence "NIACT IMMEDIATE""#]],
        );
        at(
            "TO RUEHC/",
            "                               ^",
            expect![[r#"Precedence "NIACT IMMEDIATE""#]],
        );
        at(
            "INFO RUEHZL",
            "                                            ^",
            expect![[r#"Precedence "PRIORITY""#]],
        );
    }

    #[test]
    fn banner() {
        at(
            "C O N F",
            "^",
            expect![[r#"BannerClassification "C O N F I D E N T I A L""#]],
        );
        at(
            "C O N F",
            "                        ^",
            expect![[r#"CableId "ROME 000104""#]],
        );
        at(
            "C O N F",
            "                              ^",
            expect![[r#"CableId "ROME 000104""#]],
        );
    }

    #[test]
    fn captions() {
        at(
            "E.O. 12958",
            "     ^",
            expect![[r#"ExecutiveOrder "E.O. 12958: DECL: 01/31/2018""#]],
        );
        at(
            "E.O. 12958",
            "                  ^",
            expect![[r#"ExecutiveOrder "E.O. 12958: DECL: 01/31/2018""#]],
        );
        at("TAGS: PREL", "      ^", expect![[r#"TagCode "PREL""#]]);
        at("TAGS: PREL", "          ^", expect![[r#"TagCode "PREL""#]]);
        at(
            "REF: A)",
            "        ^",
            expect![[r#"Reference "A) ROME 94""#]],
        );
        at(
            "REF: A)",
            "                  ^",
            expect![[r#"Reference "B) ROME 71""#]],
        );
        at(
            "for reasons",
            "                 ^",
            expect![[r#"Reason "b""#]],
        );
        at(
            "for reasons",
            "                         ^",
            expect![[r#"Reason "d""#]],
        );
    }

    #[test]
    fn body() {
        at("¶1. (C)", "    ^", expect![[r#"Marking "(C)""#]]);
        at("¶2. (S/NF)", "      ^", expect![[r#"Marking "(S/NF)""#]]);
        at(
            "¶2. (S/NF)",
            "              ^",
            expect![[r#"Person "D'Alema""#]],
        );
        at("¶1. (C)", "                  ^", expect!["None"]);
        at(
            "Classified By",
            "                 ^",
            expect![[r#"Person "Jonathan R. Cohen""#]],
        );
    }

    #[test]
    fn second_cable_of_a_document() {
        let two = format!(
            "{}{}",
            cable_104(),
            crate::ide::test_world::small_cable("000094", "SECOND", "REF: C) ROME 12")
        );
        check(
            &mark(&two, "REF: C)", "        ^"),
            expect![[r#"Reference "C) ROME 12""#]],
        );
        check(
            &mark(
                &two,
                "C O N F I D E N T I A L ROME 000094",
                "                              ^",
            ),
            expect![[r#"CableId "ROME 000094""#]],
        );
    }

    #[test]
    fn tags_line_person_wins_over_tag_and_markdown_links_are_codes() {
        let with_person = cable_104().replace(
            "TAGS: PREL PGOV XQQQ KV",
            "TAGS: OVIP STEINBERG, JAMES B. PREL",
        );
        check(
            &mark(&with_person, "TAGS:", "           ^"),
            expect![[r#"Person "STEINBERG, JAMES B.""#]],
        );
        check(
            &mark(&with_person, "TAGS:", "      ^"),
            expect![[r#"TagCode "OVIP""#]],
        );
        check(
            &mark(
                crate::ide::test_world::SEED_000,
                "TAGS:",
                "                  ^",
            ),
            expect![[r#"TagCode "PGOV""#]],
        );
    }
}
