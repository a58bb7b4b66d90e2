//! Diagnostics: the `check` rules over one cable. Each rule has a stable code,
//! a severity, a one-line message saying what is wrong and what was expected,
//! and, where the fix is unambiguous, a replacement.
//!
//! Rules are grouped by the part of the cable they judge (one file each) and
//! work on one cable at a time with cable-relative spans, so results can be
//! cached per cable and survive edits to other cables of the same document.

mod banner_rules;
mod body;
mod cache;
mod captions;
mod header;
pub use cache::DiagnosticsCache;
#[cfg(test)]
mod test_support;

use crate::model::{cable_facts, CableFacts};
use crate::syntax::{Cable, Parse, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// A suggested replacement of `span` by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// Another place that takes part in the problem (the DE line a banner
/// disagrees with).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Relative to the cable from [`check_cable`]; absolute from [`check_document`].
    pub span: Span,
    pub message: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            span,
            message: message.into(),
            fix: None,
            related: Vec::new(),
        }
    }

    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Diagnostic {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn shifted(mut self, delta: u32) -> Diagnostic {
        self.span = self.span.shift(delta);
        if let Some(f) = &mut self.fix {
            f.span = f.span.shift(delta);
        }
        for r in &mut self.related {
            r.span = r.span.shift(delta);
        }
        self
    }
}

/// What every rule gets: the cable's own text, its tree and its facts.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub cable: &'a Cable,
    pub facts: &'a CableFacts,
}

/// All diagnostics of one cable, cable-relative, sorted by position.
/// `cable_text` is `cable.text(document)`.
pub fn check_cable(cable_text: &str, cable: &Cable) -> Vec<Diagnostic> {
    let facts = cable_facts(cable_text, cable);
    check_cable_with_facts(cable_text, cable, &facts)
}

/// [`check_cable`] when the facts are already known (an analysed cable).
pub fn check_cable_with_facts(
    cable_text: &str,
    cable: &Cable,
    facts: &CableFacts,
) -> Vec<Diagnostic> {
    let ctx = Ctx {
        text: cable_text,
        cable,
        facts,
    };
    let mut out = Vec::new();
    header::check(&ctx, &mut out);
    banner_rules::check(&ctx, &mut out);
    captions::check(&ctx, &mut out);
    body::check(&ctx, &mut out);
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    out
}

/// The diagnostics of a file's whole text, with absolute spans, the rules
/// in `disabled` left out: what a cable not open in the editor shows.
pub fn check_text(text: &str, disabled: &[String]) -> Vec<Diagnostic> {
    check_document_without(text, &crate::syntax::parse(text), disabled)
}

/// [`check_document`], the rules in `disabled` (codes, upper case) left
/// out, as the settings' `[diagnostics] disabled` asks.
pub fn check_document_without(text: &str, parse: &Parse, disabled: &[String]) -> Vec<Diagnostic> {
    let mut out = check_document(text, parse);
    out.retain(|d| !is_disabled(d.code, disabled));
    out
}

/// Whether the rule `code` is among `disabled`, the settings' rule codes
/// (upper-cased when the settings are read).
pub fn is_disabled(code: &str, disabled: &[String]) -> bool {
    disabled.iter().any(|c| c == code)
}

/// All diagnostics of a document, with absolute spans.
pub fn check_document(text: &str, parse: &Parse) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for cable in &parse.cables {
        out.extend(
            check_cable(cable.text(text), cable)
                .into_iter()
                .map(|d| d.shifted(cable.start)),
        );
    }
    out
}

/// Every rule: code, default severity, what it checks. The README table and
/// the corpus statistics are generated from this list.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "H001",
        Severity::Warning,
        "transmission id is VZCZC + three letters + 3-4 digits",
    ),
    (
        "H002",
        Severity::Warning,
        "routing line prosign is a doubled precedence letter matching the FL5 precedence",
    ),
    (
        "H003",
        Severity::Error,
        "DE line shape, and its serial against the banner serial",
    ),
    (
        "H004",
        Severity::Warning,
        "DE Julian day within a day of the date-time group",
    ),
    (
        "H005",
        Severity::Error,
        "ZNY/ZNR security line agrees with the banner classification",
    ),
    (
        "H006",
        Severity::Error,
        "date-time group is a valid day, hour, minute, month and year",
    ),
    (
        "H007",
        Severity::Hint,
        "routing indicator known to the routing table",
    ),
    (
        "H008",
        Severity::Warning,
        "addressee has only precedence and serial after the station",
    ),
    (
        "H009",
        Severity::Warning,
        "DE station belongs to the FM office",
    ),
    (
        "H010",
        Severity::Warning,
        "FL5 precedence letter matches the addressees' precedence words",
    ),
    (
        "H011",
        Severity::Hint,
        "routing indicator and station agree with the routing table",
    ),
    (
        "B001",
        Severity::Warning,
        "banner is the spaced, upper-case classification with a 6-digit serial",
    ),
    (
        "B002",
        Severity::Warning,
        "SECTION n OF m is consistent with itself, the DE line and the page headers",
    ),
    (
        "B003",
        Severity::Error,
        "banner classification is spelt correctly",
    ),
    (
        "B004",
        Severity::Warning,
        "banner office agrees with the DE station and FM office",
    ),
    (
        "B005",
        Severity::Warning,
        "a cable with a transmission header has a banner",
    ),
    (
        "E001",
        Severity::Warning,
        "E.O. line present, DECL date as MM/DD/YYYY, consistent with the classification",
    ),
    (
        "E002",
        Severity::Warning,
        "declassification date valid, after the cable date, within 25 years",
    ),
    (
        "T001",
        Severity::Warning,
        "TAGS present, with a subject tag",
    ),
    (
        "T002",
        Severity::Warning,
        "TAGS codes are known, State (not ISO) country codes",
    ),
    ("T003", Severity::Hint, "TAGS code has a known meaning"),
    ("T004", Severity::Warning, "TAGS code not repeated"),
    (
        "T005",
        Severity::Warning,
        "TAGS code free of conversion artefacts such as [PREL](#)",
    ),
    (
        "T006",
        Severity::Hint,
        "OVIP/OEXC/OTRA/OREP/OCON followed by a person's name",
    ),
    ("S001", Severity::Warning, "SUBJECT present"),
    (
        "R001",
        Severity::Warning,
        "REF letters run A, B, C without gaps",
    ),
    (
        "C001",
        Severity::Warning,
        "Classified By present on a classified cable",
    ),
    (
        "C002",
        Severity::Warning,
        "classification reasons within 1.4(a)-(h), section 1.4 after 2003",
    ),
    (
        "C003",
        Severity::Warning,
        "no Classified By on an unclassified cable",
    ),
    (
        "P001",
        Severity::Warning,
        "paragraph numbers run 1, 2, 3 without gaps or duplicates",
    ),
    (
        "P002",
        Severity::Warning,
        "paragraph marker is ¶N. (not 1N. or [1](#)N.)",
    ),
    (
        "P003",
        Severity::Warning,
        "paragraphs of a classified cable carry a portion marking",
    ),
    (
        "P004",
        Severity::Error,
        "portion marking not above the cable's classification",
    ),
    (
        "P005",
        Severity::Warning,
        "portion marking is a known marking; NF markings imply NOFORN",
    ),
    (
        "P006",
        Severity::Hint,
        "SIPDIS and page headers not inside body text",
    ),
    (
        "P007",
        Severity::Warning,
        "page headers agree with the banner serial and office",
    ),
    ("G001", Severity::Info, "cable ends with a signature"),
];
