//! Rules for the captions between banner and body: the E.O. line and its
//! declassification date (E001, E002), TAGS (T001-T006), SUBJECT (S001), REF
//! lettering (R001) and Classified By with its reasons (C001-C003).
//!
//! Five captions and thirteen rules make this file long; the E.O. and TAGS
//! halves are where it would split if it grows further.

use super::{Ctx, Diagnostic, Severity};
use crate::data::classification::Classification;
use crate::data::reasons::reason_meaning;
use crate::data::tags::{is_person_tag, iso_misuse, lookup_tag, TagKind};
use crate::model::date::{parse_written_date, standard_form, Date, DateLayout};
use crate::syntax::scan::find_ci;
use crate::syntax::{EoAction, EoLine, Span, TagItemKind};
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_eo(ctx, out);
    check_tags(ctx, out);
    check_subject(ctx, out);
    check_refs(ctx, out);
    check_classified_by(ctx, out);
}

/// Orders older than E.O. 12958, whose cables declassify on `OADR` or `GDS`
/// rather than on a date (format.md section 10).
const PRE_12958_ORDERS: [&str; 3] = ["11652", "12065", "12356"];

/// The longest declassification horizon E.O. 12958 allows without an exemption.
const MAX_DECL_YEARS: i32 = 25;

/// Confidential or above; `false` when the classification is unknown.
fn is_classified(ctx: &Ctx<'_>) -> bool {
    ctx.facts
        .classification
        .is_some_and(|c| c >= Classification::Confidential)
}

fn is_unclassified(ctx: &Ctx<'_>) -> bool {
    ctx.facts.classification == Some(Classification::Unclassified)
}

/// Where to report an element that is missing altogether: the banner's
/// classification, else the first non-blank line of the cable.
fn cable_anchor(ctx: &Ctx<'_>) -> Span {
    if let Some(b) = ctx.cable.banner() {
        return b.classification;
    }
    first_line(ctx.text)
}

fn first_line(text: &str) -> Span {
    let start = text.len() - text.trim_start().len();
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| start + i);
    Span::new(start, end)
}

// ---------------------------------------------------------------- E.O. line

fn check_eo(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(eo) = &ctx.cable.eo else {
        if is_classified(ctx) && !eo_in_banner(ctx) {
            out.push(Diagnostic::new(
                "E001",
                Severity::Warning,
                cable_anchor(ctx),
                "classified cable without an E.O. line; expected `E.O. 12958: DECL: MM/DD/YYYY`",
            ));
        }
        return;
    };
    match eo.action {
        EoAction::Declassify => check_decl(ctx, eo, out),
        EoAction::Missing => check_missing_action(ctx, eo, out),
        EoAction::NotApplicable => {
            if is_classified(ctx) {
                out.push(
                    Diagnostic::new(
                        "E001",
                        Severity::Warning,
                        eo.action_word.unwrap_or(eo.span),
                        "classified cable with `N/A`; expected `DECL: MM/DD/YYYY`",
                    )
                    .with_related(cable_anchor(ctx), "the cable is classified here"),
                );
            }
        }
        // `DNG: CO 01/26/2021`: downgrade to Confidential on a date, a valid instruction.
        EoAction::Downgrade => {}
    }
}

/// `DECL: ...`: the action word, then a date or an event.
fn check_decl(ctx: &Ctx<'_>, eo: &EoLine, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    if let Some(word) = eo.action_word {
        let w = word.text(text);
        if !w.eq_ignore_ascii_case("DECL") && !w.eq_ignore_ascii_case("DECLASSIFY") {
            out.push(
                Diagnostic::new(
                    "E001",
                    Severity::Warning,
                    word,
                    format!("E.O. action `{w}` is misspelt; expected `DECL`"),
                )
                .with_fix(word, "DECL"),
            );
        }
    }
    let Some(value) = eo.value else {
        if is_classified(ctx) {
            out.push(Diagnostic::new(
                "E001",
                Severity::Warning,
                eo.action_word.unwrap_or(eo.span),
                "DECL without a date; expected `DECL: MM/DD/YYYY`",
            ));
        }
        return;
    };
    let Some(token) = date_token(text, value) else {
        check_event(ctx, eo, value, out);
        return;
    };
    if is_unclassified(ctx) {
        let from = eo.action_word.unwrap_or(value).start as usize;
        out.push(
            Diagnostic::new(
                "E001",
                Severity::Warning,
                Span::new(from, value.end as usize),
                "unclassified cable with a declassification date; expected `E.O. 12958: N/A`",
            )
            .with_related(cable_anchor(ctx), "the cable is unclassified here"),
        );
    }
    check_date(ctx, token, out);
}

/// `E.O. 12958 03/24/2019`: no action word before the value.
fn check_missing_action(ctx: &Ctx<'_>, eo: &EoLine, out: &mut Vec<Diagnostic>) {
    let Some(value) = eo.value else {
        let severity = if is_classified(ctx) {
            Severity::Warning
        } else {
            Severity::Hint
        };
        out.push(Diagnostic::new(
            "E001",
            severity,
            eo.span,
            "E.O. line without an instruction; expected `DECL: MM/DD/YYYY` or `N/A`",
        ));
        return;
    };
    let Some(token) = date_token(ctx.text, value) else {
        // `E.O. 11652: GDS` is complete; other text is at most odd.
        if event_problem(ctx, eo, value).is_some() {
            out.push(Diagnostic::new(
                "E001",
                Severity::Hint,
                value,
                "E.O. line without `DECL:` or `N/A`; expected `DECL: MM/DD/YYYY`",
            ));
        }
        return;
    };
    out.push(
        Diagnostic::new(
            "E001",
            Severity::Warning,
            token,
            "E.O. line has a date but no `DECL:`; expected `DECL: MM/DD/YYYY`",
        )
        .with_fix(Span::empty(token.start as usize), "DECL: "),
    );
    check_date(ctx, token, out);
}

/// A declassification event instead of a date: a hint, since events were
/// allowed (`CLOSURE OF ICTY`) and older orders had no dates at all.
fn check_event(ctx: &Ctx<'_>, eo: &EoLine, value: Span, out: &mut Vec<Diagnostic>) {
    if let Some(message) = event_problem(ctx, eo, value) {
        out.push(Diagnostic::new("E001", Severity::Hint, value, message));
    }
}

/// What is odd about a declassification instruction that is not a date;
/// `None` for the valid ones: `MR` (manual review, with a source marked
/// 25X1-human), the 25X and X1-X8 exemptions of E.O. 12958, and
/// `OADR`/`GDS` under the orders that had them.
fn event_problem(ctx: &Ctx<'_>, eo: &EoLine, value: Span) -> Option<String> {
    let written = value.text(ctx.text);
    let first = written
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ',', ';'])
        .to_ascii_uppercase();
    let exemption = first.starts_with("25X")
        || (first.len() == 2
            && first.starts_with('X')
            && matches!(first.as_bytes()[1], b'1'..=b'8'));
    if first == "MR" || exemption {
        return None;
    }
    let old_order = eo
        .order
        .is_some_and(|o| PRE_12958_ORDERS.contains(&o.text(ctx.text)));
    if first == "OADR" || first == "GDS" {
        return (!old_order).then(|| {
            format!("`{first}` belongs to the orders before E.O. 12958; expected MM/DD/YYYY")
        });
    }
    Some(format!(
        "declassification on an event (`{written}`), not a date; E.O. 12958 expects MM/DD/YYYY"
    ))
}

/// `C O N F I D E N T I A L ... MOSCOW 000228  SIPDIS ... E.O. 12958: DECL: ...`:
/// the E.O. line run together with the banner (10MOSCOW228) is there, only
/// not parsed as a caption.
fn eo_in_banner(ctx: &Ctx<'_>) -> bool {
    ctx.cable
        .banners
        .iter()
        .filter_map(|b| b.trailing)
        .any(|t| {
            let t = t.text(ctx.text);
            t.contains("E.O. 1") || t.contains("EO 1")
        })
}

/// The first word of the E.O. value when it is shaped like a date (three
/// groups of digits separated by `/` or `-`), without a leading `on` and
/// trailing punctuation: `8/31/2034` of `Declassify on 8/31/2034.`.
fn date_token(text: &str, value: Span) -> Option<Span> {
    let v = value.text(text);
    let mut offset = 0;
    if v.get(..3)
        .is_some_and(|head| head.eq_ignore_ascii_case("on "))
    {
        offset = v.len() - v[3..].trim_start().len();
    }
    let rest = &v[offset..];
    let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let word = rest[..word_len].trim_end_matches(['.', ',', ';']);
    let parts: Vec<&str> = word.split(['/', '-']).collect();
    let shaped = parts.len() == 3
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let start = value.start as usize + offset;
    shaped.then(|| Span::new(start, start + word.len()))
}

/// E001 layout and E002 validity of a date-shaped declassification value.
fn check_date(ctx: &Ctx<'_>, token: Span, out: &mut Vec<Diagnostic>) {
    let written = token.text(ctx.text);
    let Some((date, layout)) = parse_written_date(written) else {
        out.push(Diagnostic::new(
            "E002",
            Severity::Error,
            token,
            format!(
                "declassification date `{written}` is not a calendar date; expected MM/DD/YYYY"
            ),
        ));
        return;
    };
    if layout != DateLayout::Standard {
        let standard = standard_form(date);
        let what = match layout {
            DateLayout::Unpadded => "month and day need two digits",
            DateLayout::TwoDigitYear => "the year needs four digits",
            DateLayout::YearFirst | DateLayout::Standard => "the year comes last",
        };
        out.push(
            Diagnostic::new(
                "E001",
                Severity::Warning,
                token,
                format!("declassification date `{written}` is not MM/DD/YYYY ({what}); expected `{standard}`"),
            )
            .with_fix(token, standard),
        );
    }
    let Some(cable_date) = ctx.facts.date.map(|d| d.date) else {
        return;
    };
    if date < cable_date {
        out.push(Diagnostic::new(
            "E002",
            Severity::Warning,
            token,
            format!(
                "declassification date {} is before the cable's date {}",
                standard_form(date),
                standard_form(cable_date)
            ),
        ));
    } else if date > years_later(cable_date, MAX_DECL_YEARS) {
        out.push(Diagnostic::new(
            "E002",
            Severity::Warning,
            token,
            format!(
                "declassification date {} is more than {MAX_DECL_YEARS} years after the cable's date {}",
                standard_form(date),
                standard_form(cable_date)
            ),
        ));
    }
}

/// The same day `years` later; compared field by field, so 29 February needs no care.
fn years_later(d: Date, years: i32) -> Date {
    Date {
        year: d.year + years,
        ..d
    }
}

// ---------------------------------------------------------------------- TAGS

fn check_tags(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let Some(tags) = &ctx.cable.tags else {
        out.push(Diagnostic::new(
            "T001",
            Severity::Warning,
            ctx.cable
                .eo
                .as_ref()
                .map_or_else(|| cable_anchor(ctx), |eo| eo.span),
            "no TAGS line; expected `TAGS:` with at least one subject code",
        ));
        return;
    };
    let mut has_subject = false;
    let mut seen: Vec<String> = Vec::new();
    for (idx, item) in tags.items.iter().enumerate() {
        if item.kind == TagItemKind::Person {
            continue;
        }
        let code = item.value.text(text);
        let info = lookup_tag(code);
        has_subject |= is_person_tag(code) || info.is_some_and(|i| i.kind == TagKind::Subject);
        if item.markdown_link {
            out.push(
                Diagnostic::new(
                    "T005",
                    Severity::Warning,
                    item.span,
                    format!(
                        "TAGS code written as a Markdown link `{}`; expected `{code}`",
                        item.span.text(text)
                    ),
                )
                .with_fix(item.span, code),
            );
        }
        if let Some(correct) = iso_misuse(code) {
            let name = lookup_tag(correct).map_or("", |i| i.description);
            out.push(
                Diagnostic::new(
                    "T002",
                    Severity::Warning,
                    item.value,
                    format!("`{code}` is not the TAGS code meant; expected `{correct}` ({name})"),
                )
                .with_fix(item.value, correct),
            );
        } else if let Some((correct, what)) = info.and_then(|i| table_correction(i.description)) {
            out.push(
                Diagnostic::new(
                    "T002",
                    Severity::Warning,
                    item.value,
                    format!("`{code}` {what}; expected `{correct}`"),
                )
                .with_fix(item.value, correct),
            );
        } else if info.is_none() && !is_person_tag(code) {
            out.push(Diagnostic::new(
                "T002",
                Severity::Warning,
                item.value,
                format!("unknown TAGS code `{code}`"),
            ));
        } else if info.is_some_and(|i| i.description.is_empty()) {
            out.push(Diagnostic::new(
                "T003",
                Severity::Hint,
                item.value,
                format!("TAGS code `{code}` has no known meaning"),
            ));
        }
        let upper = code.to_uppercase();
        if seen.contains(&upper) {
            // Remove the separator before the duplicate along with it.
            let prev_end = tags.items[idx - 1].span.end as usize;
            out.push(
                Diagnostic::new(
                    "T004",
                    Severity::Warning,
                    item.span,
                    format!("TAGS code `{code}` is repeated"),
                )
                .with_fix(Span::new(prev_end, item.span.end as usize), ""),
            );
        } else {
            seen.push(upper);
        }
        if is_person_tag(code)
            && tags
                .items
                .get(idx + 1)
                .is_none_or(|next| next.kind != TagItemKind::Person)
        {
            out.push(Diagnostic::new(
                "T006",
                Severity::Hint,
                item.value,
                format!("`{code}` is not followed by a person's name; expected `{code} (SURNAME, GIVEN NAMES)`"),
            ));
        }
    }
    if !has_subject && !tags.items.is_empty() {
        out.push(Diagnostic::new(
            "T001",
            Severity::Warning,
            tags.keyword,
            "TAGS without a subject code; expected one such as PREL, PGOV, ECON",
        ));
    } else if tags.items.is_empty() {
        out.push(Diagnostic::new(
            "T001",
            Severity::Warning,
            tags.keyword,
            "empty TAGS line; expected at least one subject code",
        ));
    }
}

/// The code meant by a row of the TAGS table that records a corpus slip
/// (`MOPPS`: "Misspelling of MOPS (...)", `EINDETRD`: "EIND and ETRD run
/// together (...)"), with what is wrong. Read from the description because
/// the table has no column for it; a `data::tags` helper like `iso_misuse`
/// would be the better home.
fn table_correction(description: &str) -> Option<(String, &'static str)> {
    if let Some(rest) = description.strip_prefix("Misspelling of ") {
        let meant = rest.split(" (").next()?.to_uppercase();
        let code = lookup_tag(&meant)?.code;
        return Some((code.to_string(), "is a misspelling"));
    }
    let (first, rest) = description.split_once(" and ")?;
    let (second, _) = rest.split_once(" run together")?;
    let (a, b) = (lookup_tag(first)?.code, lookup_tag(second)?.code);
    Some((format!("{a} {b}"), "runs two codes together"))
}

// ------------------------------------------------------------ SUBJECT, REF

fn check_subject(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    match &ctx.cable.subject {
        None => {
            let anchor = ctx
                .cable
                .tags
                .as_ref()
                .map(|t| t.span)
                .or(ctx.cable.eo.as_ref().map(|eo| eo.span))
                .unwrap_or_else(|| cable_anchor(ctx));
            out.push(Diagnostic::new(
                "S001",
                Severity::Warning,
                anchor,
                "no SUBJECT line; expected `SUBJECT:` and a title",
            ));
        }
        Some(subject) if ctx.facts.subject.is_none() => out.push(Diagnostic::new(
            "S001",
            Severity::Warning,
            subject.keyword,
            "empty SUBJECT; expected a title after `SUBJECT:`",
        )),
        Some(_) => {}
    }
}

/// R001: labels run A, B, C (or 1, 2, 3). Only the first break of a list
/// is reported: after one slip the rest of a garbled list says nothing new.
fn check_refs(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let Some(refs) = &ctx.cable.refs else {
        return;
    };
    // A list that does not open with a label is one reference; letters the
    // parser found later in it come from text run into the REF line
    // (`REF: LJUBLJANA 20 Classified By: ... 1.4 (b) and (d)`).
    if refs.items.first().is_none_or(|i| i.label.is_none()) {
        return;
    }
    let mut labels: Vec<(char, Span)> = Vec::new();
    for (idx, item) in refs.items.iter().enumerate() {
        let Some(label) = item.label else {
            continue;
        };
        let Some(c) = label
            .text(text)
            .chars()
            .next()
            .filter(char::is_ascii_alphanumeric)
        else {
            continue;
        };
        // `A. (A) ISLAMABAD 3249`: the enumerator written twice is one label.
        let doubled = item.body.is_empty()
            && refs
                .items
                .get(idx + 1)
                .and_then(|next| next.label)
                .is_some_and(|next| next.text(text).eq_ignore_ascii_case(label.text(text)));
        if !doubled {
            labels.push((c.to_ascii_uppercase(), label));
        }
        // `B. BRASILIA 1396 Classified By: ... 1.4 (b) and (d)`: the caption
        // run into the list; its letters are no labels.
        if find_ci(item.body.text(text), "classified by").is_some() {
            break;
        }
    }
    let mut prev: Option<(char, Span)> = None;
    for (c, label) in labels {
        let expected = match prev {
            None if c.is_ascii_digit() => '1',
            None => 'A',
            Some((p, _)) => char::from(p as u8 + 1),
        };
        if c != expected {
            let message = match prev {
                None => format!("REF lettering starts at `{c}`; expected `{expected}`"),
                Some((p, _)) if p == c => format!("REF label `{c}` repeats; expected `{expected}`"),
                Some((p, _)) => format!("REF label `{c}` follows `{p}`; expected `{expected}`"),
            };
            let mut d = Diagnostic::new("R001", Severity::Warning, label, message);
            if let Some((_, prev_span)) = prev {
                d = d.with_related(prev_span, "previous label");
            }
            out.push(d);
            return;
        }
        prev = Some((c, label));
    }
}

// ------------------------------------------------------------ Classified By

fn check_classified_by(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let Some(cb) = &ctx.cable.classified_by else {
        if is_classified(ctx) && !predates_12958(ctx) && !mentions_classified_by(ctx) {
            out.push(Diagnostic::new(
                "C001",
                Severity::Warning,
                cable_anchor(ctx),
                "classified cable without `Classified By:`; expected the classifier and reasons 1.4 (x)",
            ));
        }
        return;
    };
    if is_unclassified(ctx) {
        out.push(
            Diagnostic::new(
                "C003",
                Severity::Warning,
                cb.keyword,
                "`Classified By:` on an unclassified cable",
            )
            .with_related(cable_anchor(ctx), "the cable is unclassified here"),
        );
    }
    for reason in &cb.reasons {
        let letter = reason.span.text(text);
        if letter.chars().next().and_then(reason_meaning).is_none() {
            out.push(Diagnostic::new(
                "C002",
                Severity::Warning,
                reason.span,
                format!("classification reason `({letter})` is not a category of E.O. 12958; expected (a) to (h)"),
            ));
        }
    }
    if let (Some(section), Some(date)) = (cb.section, ctx.facts.date) {
        let written = section.text(text);
        if written.ends_with('5') && date.date.year >= 2004 {
            out.push(
                Diagnostic::new(
                    "C002",
                    Severity::Warning,
                    section,
                    format!(
                        "section `{written}` was renumbered 1.4 by E.O. 13292 in 2003; expected `1.4` in a {} cable",
                        date.date.year
                    ),
                )
                .with_fix(section, "1.4"),
            );
        }
    }
    if cb.reasons.is_empty() && !has_written_reasons(text, cb.span) {
        out.push(Diagnostic::new(
            "C002",
            Severity::Hint,
            cb.keyword,
            "`Classified By:` without reasons; expected `for reasons 1.4 (b) and (d)` or similar",
        ));
    }
}

/// Cables under the orders before E.O. 12958 (in force from 14 October 1995)
/// carry no Classified By line.
fn predates_12958(ctx: &Ctx<'_>) -> bool {
    let old_order = ctx
        .cable
        .eo
        .as_ref()
        .and_then(|eo| eo.order)
        .is_some_and(|o| PRE_12958_ORDERS.contains(&o.text(ctx.text)));
    let old_date = ctx.facts.date.is_some_and(|d| {
        d.date
            < Date {
                year: 1995,
                month: 10,
                day: 14,
            }
    });
    old_order || old_date
}

/// `Classified By` written where the parser does not take it for the
/// caption: on the SUBJECT or REF line, in the banner line, or as the first
/// paragraph of a Department cable (`¶1. Classified by Bureau Assistant
/// Secretary ...`). Searched up to the end of the first paragraph.
fn mentions_classified_by(ctx: &Ctx<'_>) -> bool {
    let end = ctx
        .cable
        .paragraphs
        .first()
        .map_or(ctx.text.len(), |p| p.span.end as usize);
    ctx.text
        .get(..end)
        .is_some_and(|head| find_ci(head, "classified by").is_some())
}

/// Reasons the parser did not read as letters: `1. 4 (B)`, `1:4 b,d`,
/// `reasons b, d`, `Reasons (b) and (d)`, `Derived from Multiple Sources`
/// (derivative classification needs no reason), or `REASONS` with
/// `1.4 B, D` on one of the next two non-blank lines.
fn has_written_reasons(text: &str, span: Span) -> bool {
    static REASONS: OnceLock<Regex> = OnceLock::new();
    let re = REASONS.get_or_init(|| {
        // The pattern is a constant, tested by `reasons_written_unusually`.
        Regex::new(r"(?i)1\s*[.:/,]\s*[45]|\(\s*[a-h]\s*\)|reasons?\W+[a-h]\b|derived from")
            .expect("valid regex")
    });
    let written = span.text(text);
    if re.is_match(written) {
        return true;
    }
    let tail = written
        .trim_end()
        .trim_end_matches(':')
        .trim_end()
        .to_ascii_lowercase();
    let dangling = tail.ends_with("reason") || tail.ends_with("reasons");
    // Two lines, since a page header may come between (07PARIS170).
    dangling
        && text
            .get(span.end as usize..)
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(2)
            .any(|l| re.is_match(l))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{clean_seed, render, seed_with};
    use expect_test::{expect, Expect};

    const CODES: [&str; 13] = [
        "E001", "E002", "T001", "T002", "T003", "T004", "T005", "T006", "S001", "R001", "C001",
        "C002", "C003",
    ];

    fn check(fixture: &str, expect: Expect) {
        let lines = render(fixture, |code| CODES.contains(&code));
        expect.assert_eq(&lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    }

    #[test]
    fn clean_cable_is_silent() {
        check(&clean_seed(), expect![[""]]);
    }

    const EO: &str = "E.O. 12958: DECL: 01/31/2018";
    const TAGS: &str = "TAGS: PREL PGOV SR KV";
    const CLASSIFIED_BY: &str = "Classified By: Jonathan R. Cohen, Acting Political Minister Counselor,  \nfor reasons 1.4 (b) and (d).";

    #[test]
    fn e001_missing_on_classified_cable() {
        check(
            &seed_with("E.O. 12958: DECL: 01/31/2018\n", ""),
            expect![[r#"
            E001 warning 26:0-26:23 classified cable without an E.O. line; expected `E.O. 12958: DECL: MM/DD/YYYY`
        "#]],
        );
    }

    #[test]
    fn e001_date_without_decl() {
        check(
            &seed_with(EO, "E.O. 12958 01/31/2018"),
            expect![[r#"
            E001 warning 32:11-32:21 E.O. line has a date but no `DECL:`; expected `DECL: MM/DD/YYYY` fix: "" -> "DECL: "
        "#]],
        );
    }

    #[test]
    fn e001_date_layouts() {
        check(
            &seed_with(EO, "E.O. 12958: DECL: 2018/01/31"),
            expect![[r#"
            E001 warning 32:18-32:28 declassification date `2018/01/31` is not MM/DD/YYYY (the year comes last); expected `01/31/2018` fix: "2018/01/31" -> "01/31/2018"
        "#]],
        );
        check(
            &seed_with(EO, "EO 12958 DECL:  1/3/2018"),
            expect![[r#"
            E001 warning 32:16-32:24 declassification date `1/3/2018` is not MM/DD/YYYY (month and day need two digits); expected `01/03/2018` fix: "1/3/2018" -> "01/03/2018"
        "#]],
        );
        check(
            &seed_with(EO, "E.O. 12958: DECL: 01/31/18"),
            expect![[r#"
            E001 warning 32:18-32:26 declassification date `01/31/18` is not MM/DD/YYYY (the year needs four digits); expected `01/31/2018` fix: "01/31/18" -> "01/31/2018"
        "#]],
        );
        check(
            &seed_with(EO, "E.O. 12958: DECL: 2018-01-31"),
            expect![[r#"
            E001 warning 32:18-32:28 declassification date `2018-01-31` is not MM/DD/YYYY (the year comes last); expected `01/31/2018` fix: "2018-01-31" -> "01/31/2018"
        "#]],
        );
    }

    #[test]
    fn e001_accepts_variants() {
        check(&seed_with(EO, "EO 12958 DECL: 01/31/2018"), expect![[""]]);
        check(
            &seed_with(EO, "E.O. 12958: Declassify on 01/31/2018."),
            expect![[""]],
        );
        check(&seed_with(EO, "E.O. 12958: DECL: MR"), expect![[""]]);
        check(&seed_with(EO, "E.O. 12356: DECL: OADR"), expect![[""]]);
        check(
            &seed_with(EO, "E.O. 12958: DNG: CO 01/26/2018"),
            expect![[""]],
        );
    }

    #[test]
    fn e001_misspelt_action() {
        check(
            &seed_with(EO, "E.O. 12958: DECLl: 01/31/2018"),
            expect![[r#"
            E001 warning 32:12-32:17 E.O. action `DECLl` is misspelt; expected `DECL` fix: "DECLl" -> "DECL"
        "#]],
        );
    }

    #[test]
    fn e001_event_instead_of_date() {
        check(
            &seed_with(EO, "EO 12958 DECL: CLOSURE OF ICTY"),
            expect![[r#"
            E001 hint 32:15-32:30 declassification on an event (`CLOSURE OF ICTY`), not a date; E.O. 12958 expects MM/DD/YYYY
        "#]],
        );
        check(
            &seed_with(EO, "E.O. 12958: DECL: OADR"),
            expect![[r#"
                E001 hint 32:18-32:22 `OADR` belongs to the orders before E.O. 12958; expected MM/DD/YYYY
            "#]],
        );
    }

    #[test]
    fn e001_classification_mismatch() {
        check(
            &seed_with(EO, "E.O. 12958: N/A"),
            expect![[r#"
            E001 warning 32:12-32:15 classified cable with `N/A`; expected `DECL: MM/DD/YYYY`
        "#]],
        );
        let unclas = seed_with("C O N F I D E N T I A L ROME", "UNCLAS ROME");
        check(
            &unclas,
            expect![[r#"
            E001 warning 32:12-32:28 unclassified cable with a declassification date; expected `E.O. 12958: N/A`
            C003 warning 41:0-41:13 `Classified By:` on an unclassified cable
        "#]],
        );
        let consistent = unclas
            .replace(EO, "E.O. 12958: N/A")
            .replace(CLASSIFIED_BY, "");
        check(&consistent, expect![[""]]);
    }

    #[test]
    fn e002_impossible_dates() {
        check(
            &seed_with(EO, "E.O. 12958: DECL: 02/30/2018"),
            expect![[r#"
            E002 error 32:18-32:28 declassification date `02/30/2018` is not a calendar date; expected MM/DD/YYYY
        "#]],
        );
        check(
            &seed_with(EO, "E.O. 12958: DECL: 13/01/2018"),
            expect![[r#"
            E002 error 32:18-32:28 declassification date `13/01/2018` is not a calendar date; expected MM/DD/YYYY
        "#]],
        );
    }

    #[test]
    fn e002_horizon() {
        check(
            &seed_with(EO, "E.O. 12958: DECL: 01/31/2007"),
            expect![[r#"
            E002 warning 32:18-32:28 declassification date 01/31/2007 is before the cable's date 01/24/2008
        "#]],
        );
        check(
            &seed_with(EO, "E.O. 12958: DECL: 01/25/2033"),
            expect![[r#"
            E002 warning 32:18-32:28 declassification date 01/25/2033 is more than 25 years after the cable's date 01/24/2008
        "#]],
        );
        // Exactly 25 years after 24 January 2008.
        check(
            &seed_with(EO, "E.O. 12958: DECL: 01/24/2033"),
            expect![[""]],
        );
    }

    #[test]
    fn t001_missing_or_without_subject_code() {
        check(
            &seed_with("TAGS: PREL PGOV SR KV\n", ""),
            expect![[r#"
            T001 warning 32:0-32:28 no TAGS line; expected `TAGS:` with at least one subject code
        "#]],
        );
        check(
            &seed_with(TAGS, "TAGS: SR KV"),
            expect![[r#"
            T001 warning 34:0-34:4 TAGS without a subject code; expected one such as PREL, PGOV, ECON
        "#]],
        );
        check(
            &seed_with(TAGS, "TAGS: KDEM SR KV"),
            expect![[r#"
            T001 warning 34:0-34:4 TAGS without a subject code; expected one such as PREL, PGOV, ECON
        "#]],
        );
    }

    #[test]
    fn t002_unknown_iso_and_misspelt_codes() {
        check(
            &seed_with(TAGS, "TAGS: PREL PGOV SR KV QQQQ"),
            expect![[r#"
            T002 warning 34:22-34:26 unknown TAGS code `QQQQ`
        "#]],
        );
        check(
            &seed_with(TAGS, "TAGS: PREL PGOV RU IQ"),
            expect![[r#"
            T002 warning 34:16-34:18 `RU` is not the TAGS code meant; expected `RS` (Russia [ISO 3166: RU]) fix: "RU" -> "RS"
            T002 warning 34:19-34:21 `IQ` is not the TAGS code meant; expected `IZ` (Iraq [ISO 3166: IQ]) fix: "IQ" -> "IZ"
        "#]],
        );
        check(
            &seed_with(TAGS, "TAGS: PREL POGOV EINDETRD SR"),
            expect![[r#"
            T002 warning 34:11-34:16 `POGOV` is a misspelling; expected `PGOV` fix: "POGOV" -> "PGOV"
            T002 warning 34:17-34:25 `EINDETRD` runs two codes together; expected `EIND ETRD` fix: "EINDETRD" -> "EIND ETRD"
        "#]],
        );
        check(&seed_with(TAGS, "Tags: prel pgov sr kv"), expect![[""]]);
    }

    #[test]
    fn t003_code_without_meaning() {
        check(
            &seed_with(TAGS, "TAGS: PREL KAWK SR KV"),
            expect![[r#"
            T003 hint 34:11-34:15 TAGS code `KAWK` has no known meaning
        "#]],
        );
    }

    #[test]
    fn t004_duplicate_codes() {
        check(
            &seed_with(TAGS, "TAGS: PREL PGOV SR KV PGOV"),
            expect![[r#"
            T004 warning 34:22-34:26 TAGS code `PGOV` is repeated fix: " PGOV" -> ""
        "#]],
        );
        check(
            &seed_with(TAGS, "TAGS: PREL, PGOV, prel, SR"),
            expect![[r#"
            T004 warning 34:18-34:22 TAGS code `prel` is repeated fix: ", prel" -> ""
        "#]],
        );
    }

    #[test]
    fn t005_markdown_links() {
        check(
            &seed_with(TAGS, "TAGS: [PREL](#) [PGOV](#) [SR](#) [KV](#)"),
            expect![[r#"
                T005 warning 34:6-34:15 TAGS code written as a Markdown link `[PREL](#)`; expected `PREL` fix: "[PREL](#)" -> "PREL"
                T005 warning 34:16-34:25 TAGS code written as a Markdown link `[PGOV](#)`; expected `PGOV` fix: "[PGOV](#)" -> "PGOV"
                T005 warning 34:26-34:33 TAGS code written as a Markdown link `[SR](#)`; expected `SR` fix: "[SR](#)" -> "SR"
                T005 warning 34:34-34:41 TAGS code written as a Markdown link `[KV](#)`; expected `KV` fix: "[KV](#)" -> "KV"
            "#]],
        );
    }

    #[test]
    fn t006_person_tag_without_name() {
        check(
            &seed_with(TAGS, "TAGS: OVIP PREL SR KV"),
            expect![[r#"
            T006 hint 34:6-34:10 `OVIP` is not followed by a person's name; expected `OVIP (SURNAME, GIVEN NAMES)`
        "#]],
        );
        check(
            &seed_with(TAGS, "TAGS: OVIP (STEINBERG, JAMES B.) PREL SR KV"),
            expect![[""]],
        );
        check(
            &seed_with(TAGS, "TAGS: PREL OVIP BIDEN JOSEPH SR"),
            expect![[""]],
        );
    }

    #[test]
    fn s001_missing_or_empty_subject() {
        let subject = "SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  \nDECLARATION OF INDEPENDENCE\n";
        check(
            &seed_with(subject, ""),
            expect![[r#"
            S001 warning 34:0-34:21 no SUBJECT line; expected `SUBJECT:` and a title
        "#]],
        );
        check(
            &seed_with(subject, "SUBJECT:\n"),
            expect![[r#"
            S001 warning 36:0-36:7 empty SUBJECT; expected a title after `SUBJECT:`
        "#]],
        );
    }

    #[test]
    fn r001_ref_lettering() {
        let refs = "REF: A) ROME 94 B) ROME 71";
        check(
            &seed_with(refs, "REF: A) ROME 94 C) ROME 71"),
            expect![[r#"
            R001 warning 39:16-39:17 REF label `C` follows `A`; expected `B`
        "#]],
        );
        check(
            &seed_with(refs, "REF: B) ROME 94 C) ROME 71"),
            expect![[r#"
            R001 warning 39:5-39:6 REF lettering starts at `B`; expected `A`
        "#]],
        );
        check(
            &seed_with(refs, "REF: A) ROME 94 A) ROME 71"),
            expect![[r#"
            R001 warning 39:16-39:17 REF label `A` repeats; expected `B`
        "#]],
        );
        check(
            &seed_with(refs, "REF: B) ROME 94 A) ROME 71"),
            expect![[r#"
            R001 warning 39:5-39:6 REF lettering starts at `B`; expected `A`
        "#]],
        );
    }

    #[test]
    fn r001_accepts_numbers_and_doubled_labels() {
        let refs = "REF: A) ROME 94 B) ROME 71";
        check(
            &seed_with(refs, "REF: 1) ROME 94 2) ROME 71"),
            expect![[""]],
        );
        check(
            &seed_with(refs, "REF: A. (A) ROME 94 B. (B) ROME 71"),
            expect![[""]],
        );
        check(&seed_with(refs, "REF: ROME 94"), expect![[""]]);
    }

    #[test]
    fn c001_classified_by_missing() {
        check(
            &seed_with(CLASSIFIED_BY, ""),
            expect![[r#"
            C001 warning 26:0-26:23 classified cable without `Classified By:`; expected the classifier and reasons 1.4 (x)
        "#]],
        );
        // Department cables classify in their first paragraph.
        let in_paragraph = seed_with(CLASSIFIED_BY, "").replace(
            "¶1. (C) The GOI",
            "¶1. Classified by Jonathan R. Cohen. Reason: 1.4 (b).\n\n¶2. (C) The GOI",
        );
        check(&in_paragraph, expect![[""]]);
    }

    #[test]
    fn c002_reasons() {
        check(
            &seed_with("1.4 (b) and (d).", "1.4 (b) and (k)."),
            expect![[r#"
                C002 warning 42:25-42:26 classification reason `(k)` is not a category of E.O. 12958; expected (a) to (h)
            "#]],
        );
        check(
            &seed_with("1.4 (b) and (d).", "1.5 (b) and (d)."),
            expect![[r#"
                C002 warning 42:12-42:15 section `1.5` was renumbered 1.4 by E.O. 13292 in 2003; expected `1.4` in a 2008 cable fix: "1.5" -> "1.4"
            "#]],
        );
        check(
            &seed_with("Counselor,  \nfor reasons 1.4 (b) and (d).", "Counselor."),
            expect![[r#"
                C002 hint 41:0-41:13 `Classified By:` without reasons; expected `for reasons 1.4 (b) and (d)` or similar
            "#]],
        );
        check(&seed_with("1.4 (b) and (d).", "1.4 b/d."), expect![[""]]);
    }

    #[test]
    fn c003_classified_by_on_unclassified_cable() {
        let unclas =
            seed_with("C O N F I D E N T I A L ROME", "UNCLAS ROME").replace(EO, "E.O. 12958: N/A");
        check(
            &unclas,
            expect![[r#"
            C003 warning 41:0-41:13 `Classified By:` on an unclassified cable
        "#]],
        );
    }
}
