//! `cable-ls inspect`: every cable of a document as one JSON object with a fixed
//! set of keys, for scripts. Values come from the semantic model; positions are
//! 0-based lines and character columns.

use super::diagnostics::{check_cable, Diagnostic};
use crate::data::precedence::Precedence;
use crate::model::facts::{cable_facts, reasons};
use crate::model::line_index::LineIndex;
use crate::syntax::{Addressee, AddresseeKind, Cable, Parse};
use serde::Serialize;

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CableJson {
    pub id: Option<String>,
    pub transmission_id: Option<String>,
    pub precedence: Option<String>,
    pub date: Option<String>,
    pub from: Vec<AddressJson>,
    pub to: Vec<AddressJson>,
    pub info: Vec<AddressJson>,
    pub classification: Option<String>,
    pub caveats: Vec<String>,
    pub declassify_on: Option<String>,
    pub tags: Vec<String>,
    pub subject: Option<String>,
    pub references: Vec<ReferenceJson>,
    pub classified_by: Vec<String>,
    pub reasons: Vec<String>,
    pub paragraphs: Vec<ParagraphJson>,
    pub signers: Vec<String>,
    pub diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct AddressJson {
    pub routing_indicator: Option<String>,
    pub station: String,
    pub precedence: Option<String>,
    pub serial: Option<String>,
    /// Stations excluded from this collective by the XMT lines after it.
    pub excluded: Vec<String>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ReferenceJson {
    pub kind: &'static str,
    pub value: String,
    #[serde(rename = "enum")]
    pub enumerator: Option<String>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ParagraphJson {
    pub number: Option<u32>,
    pub marking: Option<String>,
    pub line: usize,
}

/// One diagnostic as `check --format json` prints it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct DiagnosticJson {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub fix: Option<FixJson>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct FixJson {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub replacement: String,
}

/// Converts a document-level diagnostic to its JSON form.
pub fn diagnostic_json(
    file: &str,
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
) -> DiagnosticJson {
    let (line, column) = index.position(text, d.span.start as usize);
    let (end_line, end_column) = index.position(text, d.span.end as usize);
    DiagnosticJson {
        file: file.to_string(),
        line,
        column,
        end_line,
        end_column,
        severity: d.severity.as_str(),
        code: d.code,
        message: d.message.clone(),
        fix: d.fix.as_ref().map(|f| {
            let (line, column) = index.position(text, f.span.start as usize);
            let (end_line, end_column) = index.position(text, f.span.end as usize);
            FixJson {
                line,
                column,
                end_line,
                end_column,
                replacement: f.replacement.clone(),
            }
        }),
    }
}

/// The JSON objects of every cable of a document.
pub fn inspect(file: &str, text: &str, parse: &Parse) -> Vec<CableJson> {
    let index = LineIndex::new(text);
    parse
        .cables
        .iter()
        .map(|c| inspect_cable(file, text, &index, c))
        .collect()
}

fn inspect_cable(file: &str, document: &str, index: &LineIndex, cable: &Cable) -> CableJson {
    let text = cable.text(document);
    let facts = cable_facts(text, cable);
    let s = |sp: crate::syntax::Span| sp.text(text).to_string();
    let from = match &cable.from {
        Some(f) => vec![AddressJson {
            routing_indicator: cable.de.as_ref().and_then(|d| d.station).map(s),
            station: s(f.address),
            // The originator line carries no precedence of its own.
            precedence: None,
            serial: cable.de.as_ref().and_then(|d| d.serial).map(s),
            excluded: Vec::new(),
        }],
        None => Vec::new(),
    };
    let mut to = Vec::new();
    let mut info = Vec::new();
    // XMT lines exclude stations from the collective addressed just before.
    let mut last: Option<(AddresseeKind, usize)> = None;
    for a in &cable.addressees {
        match a.kind {
            AddresseeKind::To => {
                to.push(address_json(text, a));
                last = Some((AddresseeKind::To, to.len() - 1));
            }
            AddresseeKind::Info => {
                info.push(address_json(text, a));
                last = Some((AddresseeKind::Info, info.len() - 1));
            }
            AddresseeKind::Xmt => {
                let target = match last {
                    Some((AddresseeKind::To, i)) => to.get_mut(i),
                    Some((AddresseeKind::Info, i)) => info.get_mut(i),
                    _ => None,
                };
                if let Some(t) = target {
                    t.excluded.push(s(a.station));
                }
            }
        }
    }
    let diagnostics = check_cable(text, cable)
        .into_iter()
        .map(|d| {
            let mut d = d;
            d.span = cable.abs(d.span);
            if let Some(f) = &mut d.fix {
                f.span = cable.abs(f.span);
            }
            diagnostic_json(file, document, index, &d)
        })
        .collect();
    CableJson {
        id: facts.id.clone(),
        transmission_id: cable.transmission_id.as_ref().map(|t| s(t.span)),
        precedence: facts.precedence.map(|p: Precedence| p.word().to_string()),
        date: facts.date.map(|d| d.iso()),
        from,
        to,
        info,
        classification: facts.classification.map(|c| c.word().to_string()),
        caveats: facts.caveats.clone(),
        declassify_on: facts.declassify_on.map(|d| d.iso()),
        tags: facts.tags.clone(),
        subject: facts.subject.clone(),
        references: facts
            .references
            .iter()
            .map(|r| ReferenceJson {
                kind: r.kind.as_str(),
                value: r.value.clone(),
                enumerator: r.label.clone(),
            })
            .collect(),
        classified_by: cable
            .classified_by
            .iter()
            .flat_map(|cb| cb.people.iter())
            .map(|p| s(*p))
            .collect(),
        reasons: reasons(text, cable),
        paragraphs: cable
            .paragraphs
            .iter()
            .map(|p| ParagraphJson {
                number: p.marker.as_ref().map(|m| m.number),
                marking: p.marking.map(|m| {
                    m.text(text)
                        .trim_matches(|c| c == '(' || c == ')')
                        .trim()
                        .to_string()
                }),
                line: index.line_of(cable.start as usize + p.span.start as usize),
            })
            .collect(),
        signers: cable
            .signature
            .iter()
            .flat_map(|sig| sig.names.iter())
            .map(|n| s(*n))
            .collect(),
        diagnostics,
    }
}

fn address_json(text: &str, a: &Addressee) -> AddressJson {
    let s = |sp: crate::syntax::Span| sp.text(text).to_string();
    AddressJson {
        routing_indicator: a.routing_indicator.map(s),
        station: s(a.station),
        precedence: a.precedence.map(|p| {
            p.text(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        }),
        serial: a.serial.map(s),
        excluded: Vec::new(),
    }
}
