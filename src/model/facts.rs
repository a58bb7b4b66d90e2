//! The semantic values of one cable, read out of its syntax tree: its canonical
//! id, date, precedence, classification, declassification date, tags, subject,
//! references and signers. Every IDE feature and the `inspect` command reads
//! these rather than re-interpreting the text.

use super::date::{expand_year, parse_written_date, Date, DateTime};
use super::reference::{classify_reference, Reference};
use crate::data::classification::Classification;
use crate::data::precedence::Precedence;
use crate::data::routes::office_of_routing_indicator;
use crate::syntax::scan::month_number;
use crate::syntax::{Banner, Cable, Dtg, EoAction, Span, TagItemKind};

/// Facts about a cable; `text` arguments are always the cable's own text
/// (`cable.text(document)`), which all its spans are relative to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CableFacts {
    pub id: Option<String>,
    pub office: Option<String>,
    pub serial: Option<u64>,
    pub date: Option<DateTime>,
    pub precedence: Option<Precedence>,
    pub classification: Option<Classification>,
    pub caveats: Vec<String>,
    pub declassify_on: Option<Date>,
    pub tags: Vec<String>,
    pub subject: Option<String>,
    pub references: Vec<Reference>,
}

pub fn cable_facts(text: &str, cable: &Cable) -> CableFacts {
    let date = cable_date(text, cable);
    let office = cable_office(text, cable);
    let serial = cable_serial(text, cable);
    let id = match (date, &office, serial) {
        (Some(d), Some(o), Some(s)) => {
            Some(format!("{:02}{}{}", d.date.year.rem_euclid(100), o, s))
        }
        _ => None,
    };
    let year = date.map(|d| d.date.year);
    CableFacts {
        id,
        office,
        serial,
        date,
        precedence: precedence(text, cable),
        classification: classification(text, cable),
        caveats: caveats(text, cable),
        declassify_on: declassify_on(text, cable),
        tags: tags(text, cable),
        subject: subject(text, cable),
        references: cable
            .refs
            .iter()
            .flat_map(|r| r.items.iter())
            .map(|item| classify_reference(text, item, year))
            .collect(),
    }
}

/// The date-time group of the FL5 line, if valid.
pub fn cable_date(text: &str, cable: &Cable) -> Option<DateTime> {
    dtg_value(text, cable.dtg_line.as_ref()?.dtg.as_ref()?)
}

/// Decodes a date-time group; `None` if any field is invalid.
pub fn dtg_value(text: &str, dtg: &Dtg) -> Option<DateTime> {
    let num = |s: Span| s.text(text).parse::<u32>().ok();
    let day = num(dtg.day)?;
    let hour = num(dtg.hour)?;
    let minute = num(dtg.minute)?;
    let month = month_number(dtg.month.text(text))?;
    let year_text = dtg.year.text(text);
    let year = match year_text.len() {
        2 => expand_year(year_text.parse().ok()?),
        4 => year_text.parse().ok()?,
        _ => return None,
    };
    if hour > 23 || minute > 59 {
        return None;
    }
    Some(DateTime {
        date: Date::new(year, month, day)?,
        hour,
        minute,
    })
}

/// The office that numbers the cable: the banner's, else the DE station's.
pub fn cable_office(text: &str, cable: &Cable) -> Option<String> {
    if let Some(o) = cable.banners.iter().find_map(|b| b.office) {
        return Some(normalize_office(o.text(text)));
    }
    let station = cable.de.as_ref()?.station?;
    office_of_routing_indicator(station.text(text)).map(|o| normalize_office(&o))
}

/// `BUENOS AIRES` → `BUENOSAIRES`, `ankara` → `ANKARA`: the office as cable ids write it.
pub fn normalize_office(office: &str) -> String {
    office
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The cable serial: the banner's, else the DE line's four digits.
pub fn cable_serial(text: &str, cable: &Cable) -> Option<u64> {
    if let Some(s) = cable.banners.iter().find_map(|b| b.serial) {
        return s.text(text).parse().ok();
    }
    cable.de.as_ref()?.serial?.text(text).parse().ok()
}

pub fn precedence(text: &str, cable: &Cable) -> Option<Precedence> {
    let letter = cable
        .dtg_line
        .as_ref()?
        .precedence
        .text(text)
        .chars()
        .next()?;
    Precedence::from_letter(letter)
}

/// The classification a banner states.
pub fn banner_classification(text: &str, banner: &Banner) -> Option<Classification> {
    Classification::from_word(banner.classification.text(text))
}

/// The cable's classification: its banner, else its security line.
pub fn classification(text: &str, cable: &Cable) -> Option<Classification> {
    if let Some(c) = cable
        .banners
        .iter()
        .find_map(|b| banner_classification(text, b))
    {
        return Some(c);
    }
    let letters = cable.security.as_ref()?.letters?.text(text);
    Classification::from_letter(letters.chars().next()?)
}

/// Dissemination controls and captions, upper-case, in order of appearance:
/// `//NOFORN` on the banner, caption words on the banner line and on their own lines.
pub fn caveats(text: &str, cable: &Cable) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |w: &str| {
        let w = w
            .trim_matches(|c: char| c == '/' || c == '.' || c == ',')
            .to_uppercase();
        if !w.is_empty() && !out.contains(&w) {
            out.push(w);
        }
    };
    for b in &cable.banners {
        if let Some(c) = b.controls {
            c.text(text).split("//").for_each(&mut add);
        }
        if let Some(t) = b.trailing {
            t.text(text)
                .split_whitespace()
                .filter(|w| crate::syntax::is_caption_word(w))
                .for_each(&mut add);
        }
    }
    for c in &cable.captions {
        add(c.span.text(text));
    }
    out
}

/// The declassification date of the E.O. line, when it is a date.
pub fn declassify_on(text: &str, cable: &Cable) -> Option<Date> {
    let eo = cable.eo.as_ref()?;
    if !matches!(eo.action, EoAction::Declassify | EoAction::Missing) {
        return None;
    }
    let value = eo.value?.text(text);
    let first = value.split_whitespace().next()?;
    parse_written_date(first).map(|(d, _)| d)
}

/// TAGS codes upper-case, in order, without duplicates; persons as
/// `SURNAME, GIVEN NAMES`.
pub fn tags(text: &str, cable: &Cable) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in cable.tags.iter().flat_map(|t| t.items.iter()) {
        let value = match item.kind {
            TagItemKind::Code => item.value.text(text).to_uppercase(),
            TagItemKind::Person => person_tag_name(item.value.text(text)),
        };
        if !value.is_empty() && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// `STEINBERG, JAMES B.` stays; `BIDEN JOSEPH` becomes `BIDEN, JOSEPH`.
pub fn person_tag_name(raw: &str) -> String {
    let upper = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if upper.contains(',') {
        return upper;
    }
    match upper.split_once(' ') {
        Some((surname, given)) => format!("{surname}, {given}"),
        None => upper,
    }
}

/// The subject: wrapped lines joined by one space, without the marking.
pub fn subject(text: &str, cable: &Cable) -> Option<String> {
    let s = cable.subject.as_ref()?;
    let joined = s
        .lines
        .iter()
        .map(|l| l.text(text).trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Reason strings `1.4(b)`: the section and each letter, lower-case.
pub fn reasons(text: &str, cable: &Cable) -> Vec<String> {
    let Some(cb) = &cable.classified_by else {
        return Vec::new();
    };
    let section = cb
        .section
        .map_or("1.4".to_string(), |s| s.text(text).replace(' ', ""));
    cb.reasons
        .iter()
        .map(|r| format!("{section}({})", r.span.text(text).to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    const SEED: &str = include_str!("../../examples/000_2fe200cbb93dc52e.txt");

    #[test]
    fn seed_facts() {
        let p = parse(SEED);
        let c = &p.cables[0];
        let f = cable_facts(c.text(SEED), c);
        assert_eq!(f.id.as_deref(), Some("08ROME104"));
        assert_eq!(f.date.unwrap().iso(), "2008-01-24T12:23:00Z");
        assert_eq!(f.precedence, Some(Precedence::Immediate));
        assert_eq!(f.classification, Some(Classification::Confidential));
        assert_eq!(f.caveats, ["SIPDIS"]);
        assert_eq!(f.declassify_on.unwrap().iso(), "2018-01-31");
        assert_eq!(f.tags, ["PREL", "PGOV", "SR", "KV"]);
        assert_eq!(
            f.subject.as_deref(),
            Some("KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE")
        );
        let refs: Vec<_> = f
            .references
            .iter()
            .map(|r| (r.kind.as_str(), r.value.as_str()))
            .collect();
        assert_eq!(refs, [("cable", "08ROME94"), ("cable", "08ROME71")]);
        assert_eq!(reasons(c.text(SEED), c), ["1.4(b)", "1.4(d)"]);
    }

    #[test]
    fn person_names() {
        assert_eq!(person_tag_name("BIDEN JOSEPH"), "BIDEN, JOSEPH");
        assert_eq!(
            person_tag_name("Steinberg, James B."),
            "STEINBERG, JAMES B."
        );
    }
}
