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
