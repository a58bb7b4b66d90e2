//! What a REF item cites: another cable (canonical id), an e-mail, a telephone
//! conversation, a report, or something else.

use super::cable_citation::citation_parts;
use crate::syntax::{RefItem, Span};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReferenceKind {
    Cable,
    Email,
    Telcon,
    Report,
    Other,
}

impl ReferenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Cable => "cable",
            ReferenceKind::Email => "email",
            ReferenceKind::Telcon => "telcon",
            ReferenceKind::Report => "report",
            ReferenceKind::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// For a cable, its canonical id (`08ROME94`, or `ROME94` when no year is
    /// known); otherwise the cited text as written.
    pub value: String,
    /// The enumerator (`A`, `1`) when the list is lettered.
    pub label: Option<String>,
    /// The cited text (relative to the cable).
    pub span: Span,
    /// The whole item including its label.
    pub item_span: Span,
}

impl Reference {
    pub fn kind_str(&self) -> &'static str {
        self.kind.as_str()
    }
}

/// Offices of the posts in the routing table, blanks removed (`SAOPAULO`).
fn is_known_office(office: &str) -> bool {
    static OFFICES: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    OFFICES
        .get_or_init(|| {
            crate::data::routes::all_routes()
                .iter()
                .filter_map(|r| crate::data::routes::office_of_address(r.station))
                .map(|o| o.split_whitespace().collect::<String>())
                .collect()
        })
        .contains(office)
}

/// Words that show a citation is not a cable even if it ends in a number.
const NOT_OFFICES: &[&str] = &[
    "EMAIL",
    "E-MAIL",
    "TELCON",
    "MEMO",
    "REPORT",
    "IIR",
    "PHONE",
    "LETTER",
    "FAX",
    "MEETING",
    "NOTE",
    "STATEMENT",
    "RESOLUTION",
    "UNSCR",
    "PARA",
    "PARAS",
    "SECTION",
    "ARTICLE",
];

/// Classifies one REF item. `year` is the citing cable's year, used when the
/// citation gives none.
pub fn classify_reference(text: &str, item: &RefItem, year: Option<i32>) -> Reference {
    let cited = item.body.text(text).trim();
    let label = item.label.map(|l| l.text(text).to_uppercase());
    let upper_cited = cited.to_uppercase();
    let base = |kind: ReferenceKind, value: String| Reference {
        kind,
        value,
        label: label.clone(),
        span: item.body,
        item_span: item.span,
    };
    if let Some(parts) = citation_parts(cited) {
        let office_raw = parts.office;
        let words: Vec<&str> = office_raw.split_whitespace().collect();
        // A one-word office is taken on its shape (`STATE`, `USNATO`); longer
        // ones must name a real post, so `PARIS POINTS NOV 22` is no cable.
        let office_ok = words.len() == 1 || is_known_office(&words.concat());
        if office_ok && !words.iter().any(|w| NOT_OFFICES.contains(w)) {
            let office: String = words.concat();
            let num: u64 = parts.num.parse().unwrap_or(0);
            let y = parts
                .y1
                .or(parts.y2)
                .and_then(|m| m.parse::<i32>().ok())
                .map(|y| y % 100)
                .or(year.map(|y| y.rem_euclid(100)));
            let value = match y {
                Some(y) => format!("{y:02}{office}{num}"),
                None => format!("{office}{num}"),
            };
            return base(ReferenceKind::Cable, value);
        }
    }
    let kind = if upper_cited.contains("EMAIL") || upper_cited.contains("E-MAIL") {
        ReferenceKind::Email
    } else if ["TELCON", "TELECON", "PHONE", "TELEPHONE"]
        .iter()
        .any(|w| upper_cited.contains(w))
    {
        ReferenceKind::Telcon
    } else if ["REPORT", "IIR ", "INTSUM", "TDX"]
        .iter()
        .any(|w| upper_cited.contains(w))
    {
        ReferenceKind::Report
    } else {
        ReferenceKind::Other
    };
    base(kind, cited.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(cited: &str, year: Option<i32>) -> (&'static str, String) {
        let item = RefItem {
            span: Span::new(0, cited.len()),
            label: None,
            body: Span::new(0, cited.len()),
        };
        let r = classify_reference(cited, &item, year);
        (r.kind.as_str(), r.value)
    }

    #[test]
    fn cables() {
        assert_eq!(
            classify("ROME 94", Some(2008)),
            ("cable", "08ROME94".into())
        );
        assert_eq!(
            classify("BRASILIA 709 (08)", Some(2009)),
            ("cable", "08BRASILIA709".into())
        );
        assert_eq!(
            classify("2008 BAKU 917", Some(2009)),
            ("cable", "08BAKU917".into())
        );
        assert_eq!(
            classify("SAO PAULO 000991", Some(2008)),
            ("cable", "08SAOPAULO991".into())
        );
        assert_eq!(
            classify("STATE 186217", None),
            ("cable", "STATE186217".into())
        );
        assert_eq!(
            classify("09 STATE 12345 (NOTAL)", Some(2010)),
            ("cable", "09STATE12345".into())
        );
    }

    #[test]
    fn others() {
        assert_eq!(
            classify("BLACK-ESCOBAR EMAIL 6/15/07", Some(2007)).0,
            "email"
        );
        assert_eq!(classify("PARIS POINTS NOV 22", Some(2006)).0, "other");
        assert_eq!(classify("TELCON 5/3", Some(2006)).0, "telcon");
        assert_eq!(classify("UNSCR 1244", Some(2006)).0, "other");
    }
}
