//! Rules for the classification banner (B001-B005): its written form, its
//! spelling, its `SECTION n OF m` against the DE line and the page headers,
//! its office against the originator, and its presence after a header.

use super::header::{same_office, station_serves_office};
use super::{Ctx, Diagnostic, Severity};
use crate::data::classification::Classification;
use crate::data::routes::{office_of_address, office_of_routing_indicator};
use crate::model::facts::banner_classification;
use crate::syntax::scan::{edit_distance, tokens};
use crate::syntax::{Banner, Cable, Span};

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for banner in &ctx.cable.banners {
        banner_form(ctx, banner, out);
        misspelt_classification(ctx, banner, out);
        section_numbers(ctx, banner, out);
    }
    section_against_page_headers(ctx, out);
    section_against_de(ctx, out);
    office_against_originator(ctx, out);
    missing_banner(ctx, out);
}

/// The banner that numbers the cable: the first with an office or serial.
/// A bare marking (`CONFIDENTIAL` above a distribution block, `SECRET//NOFORN`)
/// may come before it (`09KHARTOUM881`, `90CAPETOWN97`).
pub(super) fn main_banner(cable: &Cable) -> Option<&Banner> {
    cable
        .banners
        .iter()
        .find(|b| b.office.is_some() || b.serial.is_some())
        .or_else(|| cable.banners.first())
}

/// The standard banner spelling of a level: spaced capitals, `UNCLAS` unspaced.
fn spaced_word(level: Classification) -> &'static str {
    match level {
        Classification::Unclassified => "UNCLAS",
        Classification::Confidential => "C O N F I D E N T I A L",
        Classification::Secret => "S E C R E T",
        Classification::TopSecret => "T O P S E C R E T",
    }
}

/// Whether `written` is the standard form of `level`. Unclassified banners
/// are `UNCLAS`; older cables write `UNCLASSIFIED` (`72TEHRAN5055`), which is
/// left alone.
fn is_standard_form(written: &str, level: Classification) -> bool {
    match level {
        Classification::Unclassified => matches!(written, "UNCLAS" | "UNCLASSIFIED"),
        _ => written == spaced_word(level),
    }
}

/// The banner serial has 6 digits from the mid-1990s; earlier cables used 4-5
/// (`75TEHRAN2069`, `86MADRID5480`, `90CAPETOWN97`), so their width is not judged.
const SIX_DIGIT_SERIALS_SINCE: i32 = 1995;

/// B001: spaced, upper-case classification; upper-case SECTION, office; a
/// 6-digit serial; nothing run together after it.
fn banner_form(ctx: &Ctx<'_>, banner: &Banner, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let written = banner.classification.text(text);
    let Some(level) = banner_classification(text, banner) else {
        return; // B003
    };
    if banner.office.is_none() && banner.serial.is_none() {
        // A bare or compound marking. Harmless next to a full banner; alone it
        // leaves the cable without office and serial.
        if ctx.cable.banners.iter().all(|b| b.serial.is_none()) {
            out.push(Diagnostic::new(
                "B001",
                Severity::Hint,
                banner.span,
                format!(
                    "banner `{}` has no office and serial: expected `{} <OFFICE> <NNNNNN>`",
                    banner.span.text(text),
                    spaced_word(level)
                ),
            ));
        }
        return;
    }
    if !is_standard_form(written, level) {
        let expected = spaced_word(level);
        let what = if written.chars().any(char::is_lowercase) {
            "should be upper case"
        } else if !banner.spaced && level != Classification::Unclassified {
            "should be spaced"
        } else {
            "should read"
        };
        out.push(
            Diagnostic::new(
                "B001",
                Severity::Warning,
                banner.classification,
                format!("banner classification `{written}` {what}: `{expected}`"),
            )
            .with_fix(banner.classification, expected),
        );
    }
    // Lower case after the classification: `section 01 of 04 ankara`.
    let end = banner
        .serial
        .or(banner.office)
        .map_or(banner.classification.end, |s| s.end);
    let lower: Vec<_> = tokens(text, banner.classification.end as usize, end as usize)
        .into_iter()
        .filter(|t| t.text.chars().any(char::is_lowercase))
        .collect();
    if let (Some(first), Some(last)) = (lower.first(), lower.last()) {
        let span = Span::new(first.start, last.end);
        let written = span.text(text);
        out.push(
            Diagnostic::new(
                "B001",
                Severity::Warning,
                span,
                format!("banner text `{written}` should be upper case"),
            )
            .with_fix(span, written.to_uppercase()),
        );
    }
    if let Some(serial) = banner.serial {
        let digits = serial.text(text);
        let old_cable = ctx
            .facts
            .date
            .is_some_and(|d| d.date.year < SIX_DIGIT_SERIALS_SINCE);
        if digits.len() != 6 && !old_cable {
            let mut d = Diagnostic::new(
                "B001",
                Severity::Warning,
                serial,
                format!(
                    "banner serial `{digits}` has {} digits: expected 6",
                    digits.len()
                ),
            );
            if let Some(number) = digits.parse::<u64>().ok().filter(|n| *n <= 999_999) {
                d = d.with_fix(serial, format!("{number:06}"));
            }
            out.push(d);
        }
    }
    if let Some(trailing) = banner.trailing {
        out.push(Diagnostic::new(
            "B001",
            Severity::Warning,
            trailing,
            "text run together with the banner: captions and passing lines belong on lines of their own",
        ));
    }
}

/// B003: spaced letters that the parser took for a banner but that spell no
/// classification (`O N F I D E N T I A L BAGHDAD 000290`, `10BAGHDAD290`).
fn misspelt_classification(ctx: &Ctx<'_>, banner: &Banner, out: &mut Vec<Diagnostic>) {
    if banner_classification(ctx.text, banner).is_some() {
        return;
    }
    let written = banner.classification.text(ctx.text);
    let letters: String = written
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let candidates = [
        ("CONFIDENTIAL", Classification::Confidential),
        ("SECRET", Classification::Secret),
        ("TOPSECRET", Classification::TopSecret),
        ("UNCLASSIFIED", Classification::Unclassified),
        ("UNCLAS", Classification::Unclassified),
    ];
    let distances: Vec<(usize, Classification)> = candidates
        .iter()
        .map(|(word, level)| (edit_distance(&letters, word), *level))
        .collect();
    let best = distances
        .iter()
        .map(|(d, _)| *d)
        .min()
        .unwrap_or(usize::MAX);
    let mut levels: Vec<Classification> = distances
        .iter()
        .filter(|(d, _)| *d == best)
        .map(|(_, level)| *level)
        .collect();
    levels.dedup();
    let mut d = Diagnostic::new(
        "B003",
        Severity::Error,
        banner.classification,
        format!("banner classification `{written}` is misspelt"),
    );
    if let [level] = levels.as_slice() {
        let expected = spaced_word(*level);
        d.message = format!("banner classification `{written}` is misspelt: expected `{expected}`");
        d = d.with_fix(banner.classification, expected);
    }
    out.push(d);
}

/// Classification words with the edit distance a damaged spelling may have.
const CLASSIFICATION_WORDS: [(&str, Classification, usize); 5] = [
    ("CONFIDENTIAL", Classification::Confidential, 2),
    ("SECRET", Classification::Secret, 1),
    ("TOPSECRET", Classification::TopSecret, 2),
    ("UNCLASSIFIED", Classification::Unclassified, 2),
    ("UNCLAS", Classification::Unclassified, 1),
];

/// A line the parser left unread that is a banner with a garbled
/// classification: `SS E C R E T TUNIS 000679`, `CO N F I D E N T I A L ...`,
/// `E C R E T SECTION 01 OF 03 BAGHDAD 000146`, `C ONFIDENTIAL ... BAKU 000744`
/// (10 corpus files; `05PARIS1699` opens with one, read as a preamble). The letters of the leading words must be near a
/// classification word and the line must end with an office and a serial.
/// Returns the classification's span and level.
fn damaged_banner(text: &str, line: Span) -> Option<(Span, Classification)> {
    let toks = tokens(text, line.start as usize, line.end as usize);
    let last = toks.last()?;
    if last.text.len() < 4 || !last.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut letters = String::new();
    let mut best: Option<(usize, usize, Classification)> = None;
    for (idx, tok) in toks.iter().enumerate() {
        if !tok.text.bytes().all(|b| b.is_ascii_alphabetic()) || letters.len() > 14 {
            break;
        }
        letters.push_str(&tok.text.to_ascii_uppercase());
        for (word, level, limit) in CLASSIFICATION_WORDS {
            let distance = edit_distance(&letters, word);
            if distance <= limit && best.is_none_or(|(d, _, _)| distance < d) {
                best = Some((distance, idx, level));
            }
        }
    }
    let (_, idx, level) = best?;
    // An office must stand between the classification and the serial.
    if idx + 2 >= toks.len() {
        return None;
    }
    Some((Span::new(toks[0].start, toks[idx].end), level))
}

/// B003 for banners the parser did not recognise: a cable without banner
/// whose header area holds a damaged one. Returns whether one was found.
fn damaged_banners(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let cable = ctx.cable;
    let mut found = false;
    let lines = cable.preamble.iter().chain(&cable.unknown_lines);
    for line in lines.chain(&cable.passing) {
        let Some((span, level)) = damaged_banner(ctx.text, *line) else {
            continue;
        };
        let expected = spaced_word(level);
        out.push(
            Diagnostic::new(
                "B003",
                Severity::Error,
                span,
                format!(
                    "banner classification `{}` is garbled: expected `{expected}`",
                    span.text(ctx.text)
                ),
            )
            .with_fix(span, expected),
        );
        found = true;
    }
    found
}

fn number(ctx: &Ctx<'_>, span: Span) -> Option<u32> {
    span.text(ctx.text).parse().ok()
}

/// B002: `SECTION n OF m` with 1 <= n <= m.
fn section_numbers(ctx: &Ctx<'_>, banner: &Banner, out: &mut Vec<Diagnostic>) {
    let Some(section) = &banner.section else {
        return;
    };
    let (Some(n), Some(m)) = (number(ctx, section.number), number(ctx, section.total)) else {
        return;
    };
    if n >= 1 && n <= m {
        return;
    }
    let message = if m == 0 {
        "section total 0: a telegram has at least one section".to_string()
    } else if n == 0 {
        format!("section number 0: sections are numbered 01 to {m:02}")
    } else {
        format!("section {n:02} of {m:02}: the number exceeds the total")
    };
    out.push(Diagnostic::new(
        "B002",
        Severity::Warning,
        section.span,
        message,
    ));
}

/// B002: the section total against the page headers' `OF NNN`
/// (`ROME 00001333 001.2 OF 002` for `SECTION 01 OF 02`). Page headers with
/// another serial belong to another cable; P007 reports those.
fn section_against_page_headers(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(banner) = main_banner(ctx.cable) else {
        return;
    };
    let Some(section) = &banner.section else {
        return;
    };
    let Some(total) = number(ctx, section.total) else {
        return;
    };
    let banner_serial = banner.serial.and_then(|s| number(ctx, s));
    let disagreeing = ctx.cable.page_headers.iter().find(|page| {
        let same_cable = match (banner_serial, number(ctx, page.serial)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        same_cable && number(ctx, page.total).is_some_and(|t| t != total)
    });
    let Some(page) = disagreeing else {
        return;
    };
    out.push(
        Diagnostic::new(
            "B002",
            Severity::Warning,
            section.total,
            format!(
                "banner says {total:02} sections, the page headers `OF {}`",
                page.total.text(ctx.text)
            ),
        )
        .with_related(page.total, "page header total"),
    );
}

/// B002: the DE line's `/NN` against the banner's `SECTION NN`. One without
/// the other is common (136 corpus files have `/01` and no SECTION), a hint.
fn section_against_de(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(de) = &ctx.cable.de else {
        return;
    };
    let banner = main_banner(ctx.cable);
    let section = banner.and_then(|b| b.section.as_ref());
    match (de.section, section) {
        (Some(de_section), Some(section)) => {
            let (Some(a), Some(b)) = (number(ctx, de_section), number(ctx, section.number)) else {
                return;
            };
            if a != b {
                out.push(
                    Diagnostic::new(
                        "B002",
                        Severity::Warning,
                        de_section,
                        format!(
                            "DE section /{} disagrees with the banner's SECTION {}",
                            de_section.text(ctx.text),
                            section.number.text(ctx.text)
                        ),
                    )
                    .with_related(section.number, "banner section"),
                );
            }
        }
        (Some(de_section), None) if banner.is_some() => {
            out.push(Diagnostic::new(
                "B002",
                Severity::Hint,
                de_section,
                format!(
                    "DE section /{} but the banner has no `SECTION {} OF NN`",
                    de_section.text(ctx.text),
                    de_section.text(ctx.text)
                ),
            ));
        }
        (None, Some(section)) => {
            out.push(Diagnostic::new(
                "B002",
                Severity::Hint,
                section.span,
                format!(
                    "banner {} but the DE line has no section number /{}",
                    section.span.text(ctx.text),
                    section.number.text(ctx.text)
                ),
            ));
        }
        _ => {}
    }
}

/// B004: the banner office is the originator's: the DE station's office and
/// the FM office (`07PARIS2725`: banner MOSCOW under a PARIS header).
fn office_against_originator(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(banner) = main_banner(ctx.cable) else {
        return;
    };
    let Some(office_span) = banner.office else {
        return;
    };
    let office = office_span.text(ctx.text);
    // Redacted in the release (`10SHENYANG4`: `XXXXXXXXXXXX 000004`).
    if office.chars().all(|c| c == 'X' || c == ' ') {
        return;
    }
    let mut disagreements = Vec::new();
    let mut related = Vec::new();
    if let Some(station) = ctx.cable.de.as_ref().and_then(|de| de.station) {
        let ri = station.text(ctx.text);
        if station_serves_office(ri, office) == Some(false) {
            let station_office = office_of_routing_indicator(ri).unwrap_or_default();
            disagreements.push(format!("the DE station {ri} ({station_office})"));
            related.push((station, format!("DE station, {station_office}")));
        }
    }
    if let Some(from) = &ctx.cable.from {
        let address = from.address.text(ctx.text);
        if let Some(from_office) = office_of_address(address) {
            if !same_office(&from_office, office) {
                disagreements.push(format!("FM {address}"));
                related.push((from.address, format!("originator, {from_office}")));
            }
        }
    }
    if disagreements.is_empty() {
        return;
    }
    let mut d = Diagnostic::new(
        "B004",
        Severity::Warning,
        office_span,
        format!(
            "banner office {} differs from {}: the banner may belong to another cable",
            office.to_uppercase(),
            disagreements.join(" and ")
        ),
    );
    for (span, message) in related {
        d = d.with_related(span, message);
    }
    out.push(d);
}

/// B005: a cable with a transmission header has a banner (`09TELAVIV2502`,
/// `09SANSALVADOR789`). Reported on the last header line, where the banner
/// belongs. A damaged banner the parser could not read is a B003 instead.
fn missing_banner(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let cable = ctx.cable;
    if !cable.banners.is_empty() || damaged_banners(ctx, out) {
        return;
    }
    if cable.transmission_id.is_none() && cable.dtg_line.is_none() {
        return;
    }
    let last_header_line = cable
        .addressees
        .last()
        .map(|a| a.span)
        .or(cable.from.as_ref().map(|f| f.span))
        .or(cable.dtg_line.as_ref().map(|l| l.span))
        .or(cable.transmission_id.as_ref().map(|t| t.span));
    let Some(span) = last_header_line else {
        return;
    };
    out.push(Diagnostic::new(
        "B005",
        Severity::Warning,
        span,
        "no classification banner after the header: expected a line such as `C O N F I D E N T I A L ROME 000104`",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{defect, render, CABLE};
    use expect_test::{expect, Expect};

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture, |code| code.starts_with('B')).join("\n"));
    }

    #[test]
    fn correct_banner_is_silent() {
        check(CABLE, expect![[""]]);
    }

    #[test]
    fn b001_unspaced_and_lower_case() {
        check(
            &defect("C O N F I D E N T I A L ROME", "CONFIDENTIAL ROME"),
            expect![[
                r#"B001 warning 10:0-10:12 banner classification `CONFIDENTIAL` should be spaced: `C O N F I D E N T I A L` fix: "CONFIDENTIAL" -> "C O N F I D E N T I A L""#
            ]],
        );
        check(
            &defect(
                "C O N F I D E N T I A L ROME",
                "C o n f i d e n t i a l rome",
            ),
            expect![[r#"
            B001 warning 10:0-10:23 banner classification `C o n f i d e n t i a l` should be upper case: `C O N F I D E N T I A L` fix: "C o n f i d e n t i a l" -> "C O N F I D E N T I A L"
            B001 warning 10:24-10:28 banner text `rome` should be upper case fix: "rome" -> "ROME""#]],
        );
        check(
            &defect(
                "C O N F I D E N T I A L ROME",
                "SECRET SECTION 01 of 02 ROME",
            )
            .replace("ZNY CCCCC", "ZNY SSSSS")
            .replace("#0104", "#0104/01"),
            expect![[r#"
                B001 warning 10:0-10:6 banner classification `SECRET` should be spaced: `S E C R E T` fix: "SECRET" -> "S E C R E T"
                B001 warning 10:18-10:20 banner text `of` should be upper case fix: "of" -> "OF""#]],
        );
        check(
            &defect("C O N F I D E N T I A L ROME", "UNCLAS ROME")
                .replace("ZNY CCCCC", "ZNR UUUUU"),
            expect![[""]],
        );
    }

    #[test]
    fn b001_serial_width() {
        check(
            &defect("ROME 000104", "ROME 00104"),
            expect![[
                r#"B001 warning 10:29-10:34 banner serial `00104` has 5 digits: expected 6 fix: "00104" -> "000104""#
            ]],
        );
        check(
            &defect("ROME 000104", "ROME 00000104"),
            expect![[
                r#"B001 warning 10:29-10:37 banner serial `00000104` has 8 digits: expected 6 fix: "00000104" -> "000104""#
            ]],
        );
        check(
            &defect("ROME 000104", "ROME 10000104"),
            expect!["B001 warning 10:29-10:37 banner serial `10000104` has 8 digits: expected 6"],
        );
        // Before the mid-1990s banner serials had 4-5 digits.
        check(
            &defect("ROME 000104", "ROME 00104").replace("JAN 08", "JAN 86"),
            expect![[""]],
        );
    }

    #[test]
    fn b001_bare_marking_and_run_on_text() {
        check(&defect("C O N F I D E N T I A L ROME 000104", "CONFIDENTIAL"), expect!["B001 hint 10:0-10:12 banner `CONFIDENTIAL` has no office and serial: expected `C O N F I D E N T I A L <OFFICE> <NNNNNN>`"]);
        check(
            &defect(
                "C O N F I D E N T I A L ROME 000104",
                "CONFIDENTIAL\n\nC O N F I D E N T I A L ROME 000104",
            ),
            expect![[""]],
        );
        check(&defect("ROME 000104\n", "ROME 000104  SIPDIS  STATE FOR EUR\n"), expect!["B001 warning 10:37-10:58 text run together with the banner: captions and passing lines belong on lines of their own"]);
    }

    #[test]
    fn b002_section_numbers() {
        let multi = defect("#0104 0241223", "#0104/01 0241223")
            .replace("ROME 000104", "SECTION 01 OF 02 ROME 000104")
            .replace("SPOGLI", "ROME 00000104 002 OF 002\n¶2. (C) More.\nSPOGLI");
        check(&multi, expect![[""]]);
        check(
            &multi.replace("SECTION 01 OF 02", "SECTION 03 OF 02"),
            expect![[r#"
            B002 warning 2:16-2:18 DE section /01 disagrees with the banner's SECTION 03
            B002 warning 10:24-10:40 section 03 of 02: the number exceeds the total"#]],
        );
        check(
            &multi.replace("002 OF 002", "002 OF 003"),
            expect!["B002 warning 10:38-10:40 banner says 02 sections, the page headers `OF 003`"],
        );
        check(
            &multi.replace("#0104/01", "#0104/02"),
            expect!["B002 warning 2:16-2:18 DE section /02 disagrees with the banner's SECTION 01"],
        );
        check(&multi.replace("#0104/01", "#0104"), expect!["B002 hint 10:24-10:40 banner SECTION 01 OF 02 but the DE line has no section number /01"]);
        check(
            &defect("#0104 0241223", "#0104/01 0241223"),
            expect!["B002 hint 2:16-2:18 DE section /01 but the banner has no `SECTION 01 OF NN`"],
        );
    }

    #[test]
    fn b003_misspelt_classification() {
        check(
            &defect("C O N F I D E N T I A L", "C O N F I D E N T A L"),
            expect![[
                r#"B003 error 10:0-10:21 banner classification `C O N F I D E N T A L` is misspelt: expected `C O N F I D E N T I A L` fix: "C O N F I D E N T A L" -> "C O N F I D E N T I A L""#
            ]],
        );
        // Garbled beyond what the parser reads as a banner; no B005 then.
        check(
            &defect("C O N F I D E N T I A L", "CC O N F I D E N T I A L"),
            expect![[
                r#"B003 error 10:0-10:24 banner classification `CC O N F I D E N T I A L` is misspelt: expected `C O N F I D E N T I A L` fix: "CC O N F I D E N T I A L" -> "C O N F I D E N T I A L""#
            ]],
        );
        check(
            &defect("C O N F I D E N T I A L", "O N F I D E N T I A L"),
            expect![[
                r#"B003 error 10:0-10:21 banner classification `O N F I D E N T I A L` is misspelt: expected `C O N F I D E N T I A L` fix: "O N F I D E N T I A L" -> "C O N F I D E N T I A L""#
            ]],
        );
    }

    #[test]
    fn b003_garbled_banner_opening_an_extract() {
        let extract = &CABLE[CABLE.find("C O N F").unwrap()..];
        check(
            &extract.replacen("C O N F I D E N T I A L", "SS E C R E T", 1),
            expect![[
                r#"B003 error 0:0-0:12 banner classification `SS E C R E T` is misspelt: expected `S E C R E T` fix: "SS E C R E T" -> "S E C R E T""#
            ]],
        );
    }

    #[test]
    fn b004_office_against_originator() {
        check(&defect("ROME 000104", "MOSCOW 000104"), expect!["B004 warning 10:24-10:30 banner office MOSCOW differs from the DE station RUEHRO (ROME) and FM AMEMBASSY ROME: the banner may belong to another cable"]);
        check(
            &defect("FM AMEMBASSY ROME", "FM SECSTATE WASHDC")
                .replace("DE RUEHRO", "DE RUEHC")
                .replace("ROME 000104", "STATE 000104"),
            expect![[""]],
        );
        // Redacted offices say nothing.
        check(&defect("ROME 000104", "XXXXXXXXXXXX 000104"), expect![[""]]);
    }

    #[test]
    fn b005_missing_banner() {
        check(&defect("C O N F I D E N T I A L ROME 000104\n", ""), expect!["B005 warning 8:0-8:39 no classification banner after the header: expected a line such as `C O N F I D E N T I A L ROME 000104`"]);
        // Without a transmission header there is nothing to miss.
        let extract = &CABLE[CABLE.find("SIPDIS").unwrap()..];
        check(extract, expect![[""]]);
    }

    #[test]
    fn related_information() {
        let fixture = defect("ROME 000104", "MOSCOW 000104");
        let parse = crate::syntax::parse(&fixture);
        let diagnostics = super::super::check_document(&fixture, &parse);
        let b004 = diagnostics.iter().find(|d| d.code == "B004").unwrap();
        let related: Vec<_> = b004
            .related
            .iter()
            .map(|r| (r.span.text(&fixture), r.message.as_str()))
            .collect();
        assert_eq!(
            related,
            [
                ("RUEHRO", "DE station, ROME"),
                ("AMEMBASSY ROME", "originator, ROME")
            ]
        );
    }
}
