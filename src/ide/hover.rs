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
    for caveat in &cable.facts.caveats {
        if let Some(meaning) = caveat_meaning(caveat) {
            out.push_str(&format!("\n\n**{caveat}**: {meaning}"));
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
    for control in &parsed.controls {
        if let Some(meaning) = marking_component_meaning(control) {
            lines.push(format!("{control}: {meaning}"));
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
        .person_of(&mention.key)
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
    Some(out)
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
    Some(out)
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
