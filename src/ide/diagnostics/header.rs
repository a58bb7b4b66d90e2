//! Rules for the transmission header, format lines FL1 to FL9 (H001-H011):
//! the shape of each line, and how the lines agree with each other, with the
//! routing table and with the banner. The banner's own rules are in
//! `banner_rules.rs`.

use super::banner_rules::main_banner;
use super::{Ctx, Diagnostic, Severity};
use crate::data::classification::Classification;
use crate::data::precedence::Precedence;
use crate::data::routes::{
    lookup_route, office_of_address, office_of_routing_indicator, routes_for_station,
};
use crate::model::date::{days_in_month, expand_year, is_leap_year, Date};
use crate::model::facts::banner_classification;
use crate::syntax::scan::{month_number, tokens};
use crate::syntax::{Addressee, AddresseeKind, Span};

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    transmission_id(ctx, out);
    routing_prosign(ctx, out);
    de_line_shape(ctx, out);
    de_serial_against_banner(ctx, out);
    de_day_against_dtg(ctx, out);
    security_line(ctx, out);
    dtg_fields(ctx, out);
    unknown_routing_indicators(ctx, out);
    stray_addressee_words(ctx, out);
    de_station_against_from(ctx, out);
    precedence_against_addressees(ctx, out);
    station_against_routing_table(ctx, out);
}

/// H001: `VZCZC` + three letters + 3-4 digits (format.md section 1).
fn transmission_id(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(id) = &ctx.cable.transmission_id else {
        return;
    };
    let channel = id.channel.text(ctx.text);
    if channel.chars().count() != 3 || !channel.bytes().all(|b| b.is_ascii_uppercase()) {
        // OCR reads O as 0 (`VZCZCXR08132`, seed 001), and I, S, B as 1, 5, 8.
        let read_as_letters: Option<String> = channel
            .chars()
            .map(|c| match c {
                'A'..='Z' => Some(c),
                'a'..='z' => Some(c.to_ascii_uppercase()),
                '0' => Some('O'),
                '1' => Some('I'),
                '5' => Some('S'),
                '8' => Some('B'),
                _ => None,
            })
            .collect();
        let diagnostic = match read_as_letters.filter(|_| channel.chars().count() == 3) {
            Some(letters) => {
                let what = if channel.bytes().any(|b| b.is_ascii_digit()) {
                    "has a digit where a letter belongs"
                } else {
                    "should be capital letters"
                };
                Diagnostic::new(
                    "H001",
                    Severity::Warning,
                    id.channel,
                    format!("channel designator `{channel}` {what}: expected `{letters}`"),
                )
                .with_fix(id.channel, letters)
            }
            None => Diagnostic::new(
                "H001",
                Severity::Warning,
                if id.channel.is_empty() {
                    id.span
                } else {
                    id.channel
                },
                format!(
                    "channel designator `{channel}` should be three capital letters after VZCZC, as in `VZCZCXRO9950`"
                ),
            ),
        };
        out.push(diagnostic);
    }
    let sequence = id.sequence.text(ctx.text);
    let all_digits = !sequence.is_empty() && sequence.bytes().all(|b| b.is_ascii_digit());
    if all_digits && sequence.len() == 4 {
        return;
    }
    let span = if id.sequence.is_empty() {
        id.span
    } else {
        id.sequence
    };
    if all_digits && sequence.len() == 3 {
        // Valid per the handbook, but 699 of 700 corpus ids have four digits.
        out.push(Diagnostic::new(
            "H001",
            Severity::Hint,
            span,
            format!("sequence number `{sequence}` has 3 digits; 4 is usual"),
        ));
    } else if sequence.is_empty() {
        out.push(Diagnostic::new(
            "H001",
            Severity::Warning,
            span,
            "transmission id has no sequence number: expected 3-4 digits after the channel designator",
        ));
    } else {
        out.push(Diagnostic::new(
            "H001",
            Severity::Warning,
            span,
            format!("sequence number `{sequence}` should be 3-4 digits"),
        ));
    }
}

/// The action precedence of the FL5 line.
fn fl5_precedence(ctx: &Ctx<'_>) -> Option<(Span, Precedence)> {
    let line = ctx.cable.dtg_line.as_ref()?;
    let letter = line.precedence.text(ctx.text).chars().next()?;
    Some((line.precedence, Precedence::from_letter(letter)?))
}

/// H002: the routing line opens with the doubled FL5 precedence letter.
fn routing_prosign(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(routing) = &ctx.cable.routing else {
        return;
    };
    let prosign = routing.prosign.text(ctx.text);
    let fl5 = fl5_precedence(ctx);
    let valid = matches!(prosign, "ZZ" | "OO" | "PP" | "RR");
    if !valid {
        let mut d = Diagnostic::new(
            "H002",
            Severity::Warning,
            routing.prosign,
            format!("routing prosign `{prosign}` should be ZZ, OO, PP or RR"),
        );
        if let Some((_, precedence)) = fl5 {
            d = d.with_fix(routing.prosign, precedence.prosign());
        }
        out.push(d);
        return;
    }
    let Some((letter_span, precedence)) = fl5 else {
        return;
    };
    if prosign == precedence.prosign() {
        return;
    }
    let message = format!(
        "routing prosign `{prosign}` disagrees with the FL5 precedence `{}` ({})",
        precedence.letter(),
        precedence.word(),
    );
    // When the addressees side with the prosign, the FL5 letter is the odd one
    // out (H010 offers its fix); rewriting the prosign would spread the error.
    let addressees_side_with_prosign =
        expected_action_precedence(ctx).is_some_and(|(expected, _)| expected.prosign() == prosign);
    let d = if addressees_side_with_prosign {
        Diagnostic::new(
            "H002",
            Severity::Warning,
            routing.prosign,
            format!("{message}, which disagrees with the addressees' precedence words"),
        )
    } else {
        Diagnostic::new(
            "H002",
            Severity::Warning,
            routing.prosign,
            format!("{message}: expected `{}`", precedence.prosign()),
        )
        .with_fix(routing.prosign, precedence.prosign())
    };
    out.push(d.with_related(letter_span, "FL5 action precedence"));
}

/// The DE line's form, for messages.
const DE_FORM: &str = "DE line should read `DE RUEHRO #0104[/01] 0241223`";

/// H003: the DE line matches `DE RI #NNNN[/NN] DDDHHMM`; each part that does
/// not is reported on its own token. The parts are checked even on lines the
/// parser calls well-formed, which tolerates digits in the station (OCR damage).
fn de_line_shape(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(de) = &ctx.cable.de else {
        return;
    };
    let text = ctx.text;
    let error = |span: Span, what: String| {
        Diagnostic::new("H003", Severity::Error, span, format!("{DE_FORM}: {what}"))
    };
    let before = out.len();
    let toks = tokens(text, de.span.start as usize, de.span.end as usize);
    if let Some(station) = de.station {
        let ri = station.text(text);
        let is_ri = (4..=7).contains(&ri.len())
            && ri.starts_with('R')
            && ri.bytes().all(|b| b.is_ascii_uppercase());
        if !is_ri {
            out.push(error(
                station,
                format!("station `{ri}` is no routing indicator (R and 3-6 capital letters)"),
            ));
        }
    }
    match de.serial {
        None => {
            let span = toks
                .get(2)
                .map_or(Span::empty(de.span.end as usize), |t| t.span());
            let found = toks
                .get(2)
                .map_or("nothing".to_string(), |t| format!("`{}`", t.text));
            out.push(error(
                if span.is_empty() { de.span } else { span },
                format!(
                    "expected `#` and the 4-digit station serial after the station, found {found}"
                ),
            ));
        }
        Some(serial) => {
            let s = serial.text(text);
            if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                out.push(error(
                    if serial.is_empty() { de.span } else { serial },
                    format!("serial `#{s}` should be 4 digits"),
                ));
            }
        }
    }
    if let Some(section) = de.section {
        let s = section.text(text);
        if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            out.push(error(
                if section.is_empty() { de.span } else { section },
                format!("section `/{s}` should be 2 digits"),
            ));
        }
    }
    match toks.get(3) {
        None => out.push(error(
            de.span,
            "the filing time `DDDHHMM` (Julian day and UTC time) is missing".to_string(),
        )),
        Some(stamp) if de.julian_day.is_none() => out.push(error(
            stamp.span(),
            format!(
                "filing time `{}` should be 7 digits: Julian day and UTC time `DDDHHMM`",
                stamp.text
            ),
        )),
        Some(_) => {}
    }
    if toks.len() > 4 {
        let extra = Span::new(toks[4].start, toks[toks.len() - 1].end);
        out.push(error(
            extra,
            format!("unexpected `{}` after the filing time", extra.text(text)),
        ));
    }
    if out.len() == before && !de.well_formed {
        out.push(error(
            de.span,
            "the line does not match this form".to_string(),
        ));
    }
}

/// H003: the DE serial is the last four digits of the banner serial
/// (`#0104` for `ROME 000104`); a mismatch means the header and the body come
/// from different cables (`07PARIS2725`, `10MEXICO614`).
fn de_serial_against_banner(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(de_serial) = ctx.cable.de.as_ref().and_then(|de| de.serial) else {
        return;
    };
    let de_text = de_serial.text(ctx.text);
    if de_text.len() != 4 || !de_text.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let Some(banner) = main_banner(ctx.cable) else {
        return;
    };
    let Some(banner_serial) = banner.serial else {
        return;
    };
    let banner_text = banner_serial.text(ctx.text);
    let (Ok(de_number), Ok(banner_number)) = (de_text.parse::<u64>(), banner_text.parse::<u64>())
    else {
        return;
    };
    if de_number == banner_number % 10_000 {
        return;
    }
    let office = banner.office.map_or("", |o| o.text(ctx.text));
    out.push(
        Diagnostic::new(
            "H003",
            Severity::Error,
            de_serial,
            format!(
                "DE serial #{de_text} is not the last four digits of the banner serial {office} {banner_text}: the header and the body may belong to different cables"
            ),
        )
        .with_related(banner_serial, "banner serial"),
    );
}

/// Days from the date-time group to the DE Julian day, reading the Julian day
/// in the group's year or, across New Year, the year before or after.
fn julian_day_offset(julian: u32, dtg: Date) -> Option<i64> {
    (dtg.year - 1..=dtg.year + 1)
        .filter_map(|year| {
            let n_days = if is_leap_year(year) { 366 } else { 365 };
            if julian == 0 || julian > n_days {
                return None;
            }
            let jan_first = Date::new(year, 1, 1)?.days_since_epoch();
            Some(jan_first + i64::from(julian) - 1 - dtg.days_since_epoch())
        })
        .min_by_key(|offset| offset.abs())
}

/// H004: the DE Julian day lies within a day of the date-time group
/// (`09STATE28302`: day 087 for 24 MAR 09, day 083). The filing time routinely
/// differs from the group by minutes, so only days count.
fn de_day_against_dtg(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(day_span) = ctx.cable.de.as_ref().and_then(|de| de.julian_day) else {
        return;
    };
    let Ok(julian) = day_span.text(ctx.text).parse::<u32>() else {
        return;
    };
    if julian == 0 || julian > 366 {
        out.push(Diagnostic::new(
            "H004",
            Severity::Warning,
            day_span,
            format!("DE Julian day {julian:03} is no day of the year: expected 001-366"),
        ));
        return;
    }
    let Some(date) = ctx.facts.date.map(|d| d.date) else {
        return;
    };
    let Some(offset) = julian_day_offset(julian, date) else {
        return;
    };
    if offset.abs() <= 1 {
        return;
    }
    let direction = if offset > 0 { "after" } else { "before" };
    let mut d = Diagnostic::new(
        "H004",
        Severity::Warning,
        day_span,
        format!(
            "DE Julian day {julian:03} is {} days {direction} the date-time group ({:02} {} {:02} is day {:03})",
            offset.abs(),
            date.day,
            date.month_name().to_ascii_uppercase(),
            date.year.rem_euclid(100),
            date.ordinal()
        ),
    );
    if let Some(dtg) = ctx.cable.dtg_line.as_ref().and_then(|l| l.dtg.as_ref()) {
        d = d.with_related(dtg.span, "date-time group");
    }
    out.push(d);
}

/// H005: `ZNY CCCCC` / `ZNR UUUUU`: five identical classification letters,
/// ZNR exactly with UUUUU, and the letter of the banner classification.
fn security_line(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(security) = &ctx.cable.security else {
        return;
    };
    let text = ctx.text;
    let signal = security.signal.text(text);
    let Some(letters_span) = security.letters else {
        out.push(Diagnostic::new(
            "H005",
            Severity::Warning,
            security.span,
            format!("security line has no classification letters: expected `{signal} CCCCC ZZH`"),
        ));
        return;
    };
    let letters = letters_span.text(text);
    let first = letters.chars().next().unwrap_or(' ');
    let identical = letters.chars().all(|c| c == first);
    let Some(level) = Classification::from_letter(first)
        .filter(|_| identical && letters.len() == 5 && first.is_ascii_uppercase())
    else {
        let mut d = Diagnostic::new(
            "H005",
            Severity::Warning,
            letters_span,
            format!(
                "`{letters}` should be one classification letter repeated five times: UUUUU, CCCCC, SSSSS or TTTTT"
            ),
        );
        // `CCCC`, `ccccc`: the letter is clear, only the count or case is off.
        if identical {
            if let Some(level) = Classification::from_letter(first) {
                d = d.with_fix(letters_span, level.letter().to_string().repeat(5));
            }
        }
        out.push(d);
        return;
    };
    let banner = main_banner(ctx.cable).and_then(|b| Some((b, banner_classification(text, b)?)));
    let unclassified = level == Classification::Unclassified;
    if (signal == "ZNR") != unclassified {
        let (expected, traffic) = if unclassified {
            ("ZNR", "unclassified")
        } else {
            ("ZNY", "classified")
        };
        let mut d = Diagnostic::new(
            "H005",
            Severity::Error,
            security.signal,
            format!("`{signal}` does not go with `{letters}`: expected `{expected}` for {traffic} traffic"),
        );
        // The banner settles which of the two is wrong.
        if banner.is_some_and(|(_, c)| c == level) {
            d = d.with_fix(security.signal, expected);
        }
        out.push(d);
    }
    if let Some((banner, banner_level)) = banner {
        if banner_level != level {
            out.push(
                Diagnostic::new(
                    "H005",
                    Severity::Error,
                    letters_span,
                    format!(
                        "security line `{letters}` ({}) disagrees with the banner classification {}: expected `{}`",
                        level.word(),
                        banner_level.word(),
                        banner_level.letter().to_string().repeat(5)
                    ),
                )
                .with_related(banner.classification, "banner classification"),
            );
        }
    }
}

/// H006: `DDHHMMZ MON YY` with a real day, hour, minute, month and year.
fn dtg_fields(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(dtg) = ctx.cable.dtg_line.as_ref().and_then(|l| l.dtg.as_ref()) else {
        return;
    };
    let text = ctx.text;
    let error =
        |span: Span, message: String| Diagnostic::new("H006", Severity::Error, span, message);
    let month_text = dtg.month.text(text);
    let month = month_number(month_text);
    if dtg.month.is_empty() {
        out.push(error(
            dtg.span,
            "date-time group has no month: expected `DDHHMMZ MON YY`".to_string(),
        ));
    } else if month.is_none() {
        out.push(error(
            dtg.month,
            format!("`{month_text}` is no month: expected JAN-DEC"),
        ));
    }
    let year_text = dtg.year.text(text);
    let year = match year_text.len() {
        2 => year_text.parse().ok().map(expand_year),
        4 => year_text.parse().ok(),
        _ => None,
    };
    if dtg.year.is_empty() {
        if !dtg.month.is_empty() {
            out.push(error(
                dtg.month,
                format!("date-time group has no year after `{month_text}`: expected 2 digits"),
            ));
        }
    } else if year_text.len() == 4 {
        out.push(
            Diagnostic::new(
                "H006",
                Severity::Warning,
                dtg.year,
                format!("year `{year_text}` should be 2 digits"),
            )
            .with_fix(dtg.year, year_text.get(2..).unwrap_or_default()),
        );
    }
    let day_text = dtg.day.text(text);
    if let Ok(day) = day_text.parse::<u32>() {
        let n_days = match (month, year) {
            (Some(m), Some(y)) => days_in_month(y, m),
            (Some(m), None) => days_in_month(2000, m),
            _ => 31,
        };
        if day == 0 || day > n_days {
            let message = match month {
                Some(_) if (1..=31).contains(&day) => format!(
                    "day {day_text} does not exist in {} {year_text}: expected 01-{n_days}",
                    month_text.to_ascii_uppercase()
                ),
                _ => format!("day {day_text} should be 01-{n_days}"),
            };
            out.push(error(dtg.day, message));
        }
    }
    if dtg.hour.text(text).parse::<u32>().is_ok_and(|h| h > 23) {
        out.push(error(
            dtg.hour,
            format!("hour {} should be 00-23", dtg.hour.text(text)),
        ));
    }
    if dtg.minute.text(text).parse::<u32>().is_ok_and(|m| m > 59) {
        out.push(error(
            dtg.minute,
            format!("minute {} should be 00-59", dtg.minute.text(text)),
        ));
    }
}

/// H007: routing indicators of the routing line, the DE station and the
/// addressees that the routing table does not know. A hint: the table is
/// built from the corpus and cannot list every station.
fn unknown_routing_indicators(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let cable = ctx.cable;
    let routing = cable.routing.iter().flat_map(|r| r.indicators.iter());
    let de_station = cable.de.iter().filter_map(|de| de.station);
    for span in routing.copied().chain(de_station) {
        let ri = span.text(ctx.text);
        if lookup_route(ri).is_none() {
            out.push(Diagnostic::new(
                "H007",
                Severity::Hint,
                span,
                format!("routing indicator `{ri}` is not in the routing table"),
            ));
        }
    }
    for addressee in &cable.addressees {
        let Some(span) = addressee.routing_indicator else {
            continue;
        };
        let ri = span.text(ctx.text);
        if lookup_route(ri).is_some() {
            continue;
        }
        let station = addressee.station.text(ctx.text);
        let candidates = routes_for_station(station);
        let mut d = Diagnostic::new(
            "H007",
            Severity::Hint,
            span,
            format!("routing indicator `{ri}` is not in the routing table"),
        );
        if let [only] = candidates.as_slice() {
            d.message = format!(
                "routing indicator `{ri}` is not in the routing table, which reaches {station} through `{}`",
                only.routing_indicator
            );
            d = d.with_fix(span, only.routing_indicator);
        }
        out.push(d);
    }
}

/// H008: a month word where the precedence belongs (`AMEMBASSY LA PAZ FEB 4470`,
/// `07BUENOSAIRES376`): data corruption.
fn stray_addressee_words(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for addressee in &ctx.cable.addressees {
        let Some(stray) = addressee.stray else {
            continue;
        };
        out.push(Diagnostic::new(
            "H008",
            Severity::Warning,
            stray,
            format!(
                "`{}` stands where the precedence belongs: expected IMMEDIATE, PRIORITY, ROUTINE or nothing before the serial",
                stray.text(ctx.text)
            ),
        ));
    }
}

/// Office names compared upper-case without blanks; `KIEV` and `KYIV` are
/// one post (the routing table has the new spelling, older cables the old).
pub(super) fn same_office(a: &str, b: &str) -> bool {
    let compact = |s: &str| -> String {
        let c: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        if c == "KIEV" {
            "KYIV".to_string()
        } else {
            c
        }
    };
    compact(a) == compact(b)
}

/// RIs whose post moved and kept its indicator, so the routing table names the
/// old city: the embassy in Kazakhstan moved from Almaty to Astana in 2006
/// (`DE RUEHTA` with `FM AMEMBASSY ASTANA`).
const MOVED_POSTS: [(&str, &str); 1] = [("RUEHTA", "ASTANA")];

/// Whether the DE station `ri` can stand for `office` (`RUEHRO` for ROME).
/// `None` when the routing table cannot tell (an unknown RI, `RUEHFRA`
/// with no station, a gateway that is no post).
pub(super) fn station_serves_office(ri: &str, office: &str) -> Option<bool> {
    if MOVED_POSTS
        .iter()
        .any(|(moved, city)| moved.eq_ignore_ascii_case(ri) && same_office(city, office))
    {
        return Some(true);
    }
    let station_office = office_of_routing_indicator(ri)?;
    Some(same_office(&station_office, office))
}

/// H009: the DE station is the station of the FM office. The routing table's
/// own pairings win (`routes_for_station` of the FM address listing the DE
/// station), since some posts are known under several names.
fn de_station_against_from(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(station), Some(from)) = (
        ctx.cable.de.as_ref().and_then(|de| de.station),
        ctx.cable.from.as_ref(),
    ) else {
        return;
    };
    let ri = station.text(ctx.text);
    let address = from.address.text(ctx.text);
    let Some(from_office) = office_of_address(address) else {
        return;
    };
    if routes_for_station(address)
        .iter()
        .any(|route| route.routing_indicator.eq_ignore_ascii_case(ri))
    {
        return;
    }
    if station_serves_office(ri, &from_office) != Some(false) {
        return;
    }
    let station_office = office_of_routing_indicator(ri).unwrap_or_default();
    out.push(
        Diagnostic::new(
            "H009",
            Severity::Warning,
            station,
            format!("DE station `{ri}` is {station_office}'s, but the cable is from {address}"),
        )
        .with_related(from.address, "originator (FM)"),
    );
}

/// The precedence the addressees ask for, and the addressee that asks for it:
/// the highest precedence word among `kinds`.
fn highest_precedence<'a>(
    ctx: &Ctx<'_>,
    addressees: &'a [Addressee],
    kinds: &[AddresseeKind],
) -> Option<(Precedence, &'a Addressee)> {
    let mut best: Option<(Precedence, &Addressee)> = None;
    for addressee in addressees.iter().filter(|a| kinds.contains(&a.kind)) {
        let Some(word) = addressee.precedence else {
            continue;
        };
        let Some(precedence) = Precedence::from_word(word.text(ctx.text)) else {
            continue;
        };
        if best.is_none_or(|(b, _)| precedence > b) {
            best = Some((precedence, addressee));
        }
    }
    best
}

/// The action precedence the addressees imply: the highest word on the TO
/// lines with dual precedence, the highest of all with single precedence
/// (which the corpus follows in all 553 single-precedence cables with words).
fn expected_action_precedence<'a>(ctx: &'a Ctx<'_>) -> Option<(Precedence, &'a Addressee)> {
    let dual = ctx.cable.dtg_line.as_ref()?.info_precedence.is_some();
    let kinds: &[AddresseeKind] = if dual {
        &[AddresseeKind::To]
    } else {
        &[AddresseeKind::To, AddresseeKind::Info]
    };
    highest_precedence(ctx, &ctx.cable.addressees, kinds)
}

/// H010: the FL5 letter(s) against the addressees' precedence words. With dual
/// precedence (`O R 141437Z NOV 07`) the second letter is the highest INFO
/// precedence. Only addressees that carry a word count: INFO lists without
/// words are common (`07STATE156011`).
fn precedence_against_addressees(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(line) = &ctx.cable.dtg_line else {
        return;
    };
    let dual = line.info_precedence.is_some();
    let mut checks = vec![(
        line.precedence,
        expected_action_precedence(ctx),
        if dual {
            "action precedence"
        } else {
            "precedence"
        },
        if dual { "TO" } else { "addressee" },
    )];
    if let Some(info) = line.info_precedence {
        checks.push((
            info,
            highest_precedence(ctx, &ctx.cable.addressees, &[AddresseeKind::Info]),
            "info precedence",
            "INFO",
        ));
    }
    for (letter_span, expected, role, scope) in checks {
        let Some((expected, addressee)) = expected else {
            continue;
        };
        let letter = letter_span.text(ctx.text);
        if letter.chars().next().and_then(Precedence::from_letter) == Some(expected) {
            continue;
        }
        let Some(word_span) = addressee.precedence else {
            continue;
        };
        out.push(
            Diagnostic::new(
                "H010",
                Severity::Warning,
                letter_span,
                format!(
                    "FL5 {role} `{letter}` disagrees with the highest {scope} precedence, {}: expected `{}`",
                    expected.word(),
                    expected.letter()
                ),
            )
            .with_fix(letter_span, expected.letter().to_string())
            .with_related(word_span, format!("highest {scope} precedence")),
        );
    }
}

/// Whether an addressee name is a State post or a collective, the stations
/// whose RI the routing table settles (gateways such as `RHMFISS` deliver to
/// dozens of military addressees and must not be judged by name).
fn is_post_or_collective(station: &str) -> bool {
    office_of_address(station).is_some()
        || station
            .split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case("COLLECTIVE"))
}

/// H011: a known RI paired with a post or collective that the routing table
/// lists under other RIs (seed 001: `RUEHDL/EUROPEAN POLITICAL COLLECTIVE`,
/// where RUEHDL is Dublin and the collective is RUEHZL).
fn station_against_routing_table(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for addressee in &ctx.cable.addressees {
        let Some(ri_span) = addressee.routing_indicator else {
            continue;
        };
        let ri = ri_span.text(ctx.text);
        let Some(route) = lookup_route(ri) else {
            continue; // H007
        };
        let station = addressee.station.text(ctx.text);
        if !is_post_or_collective(station) {
            continue;
        }
        let candidates = routes_for_station(station);
        if candidates.is_empty()
            || candidates
                .iter()
                .any(|c| c.routing_indicator == route.routing_indicator)
        {
            continue;
        }
        // One post under two names (`RUEHDIR/IRAN RPO DUBAI`, table `RPO DUBAI`).
        if let (Some(a), Some(b)) = (office_of_address(station), office_of_address(route.station)) {
            if same_office(&a, &b) {
                continue;
            }
        }
        let listed: Vec<String> = candidates
            .iter()
            .map(|c| format!("`{}`", c.routing_indicator))
            .collect();
        let usual = if route.station.is_empty() {
            String::new()
        } else {
            format!(" is {} in the routing table;", route.station)
        };
        let mut d = Diagnostic::new(
            "H011",
            Severity::Hint,
            ri_span,
            format!(
                "`{ri}`{usual} {station} is reached through {}",
                listed.join(" or ")
            ),
        );
        if let [only] = candidates.as_slice() {
            d = d.with_fix(ri_span, only.routing_indicator);
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{defect, render, CABLE};
    use expect_test::{expect, Expect};

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture, |code| code.starts_with('H')).join("\n"));
    }

    #[test]
    fn correct_header_is_silent() {
        check(CABLE, expect![[""]]);
    }

    #[test]
    fn h001_channel_designator() {
        check(
            &defect("VZCZCXRO9950", "VZCZCXR09950"),
            expect![[
                r#"H001 warning 0:5-0:8 channel designator `XR0` has a digit where a letter belongs: expected `XRO` fix: "XR0" -> "XRO""#
            ]],
        );
        check(&defect("VZCZCXRO9950", "VZCZCX#O9950"), expect!["H001 warning 0:5-0:8 channel designator `X#O` should be three capital letters after VZCZC, as in `VZCZCXRO9950`"]);
        check(&defect("VZCZCXRO9950", "VZCZCXYZ0001"), expect![[""]]);
    }

    #[test]
    fn h001_sequence_number() {
        check(
            &defect("VZCZCXRO9950", "VZCZCMDI433"),
            expect!["H001 hint 0:8-0:11 sequence number `433` has 3 digits; 4 is usual"],
        );
        check(
            &defect("VZCZCXRO9950", "VZCZCXRO99501"),
            expect!["H001 warning 0:8-0:13 sequence number `99501` should be 3-4 digits"],
        );
        check(&defect("VZCZCXRO9950", "VZCZCXRO"), expect!["H001 warning 0:0-0:8 transmission id has no sequence number: expected 3-4 digits after the channel designator"]);
    }

    #[test]
    fn h002_prosign() {
        check(
            &defect("OO RUEHFL", "PP RUEHFL"),
            expect![[
                r#"H002 warning 1:0-1:2 routing prosign `PP` disagrees with the FL5 precedence `O` (IMMEDIATE): expected `OO` fix: "PP" -> "OO""#
            ]],
        );
        // The addressees side with the prosign: the FL5 letter is wrong (H010).
        check(
            &defect("O 241223Z", "P 241223Z"),
            expect![[r#"
            H002 warning 1:0-1:2 routing prosign `OO` disagrees with the FL5 precedence `P` (PRIORITY), which disagrees with the addressees' precedence words
            H010 warning 4:0-4:1 FL5 precedence `P` disagrees with the highest addressee precedence, IMMEDIATE: expected `O` fix: "P" -> "O""#]],
        );
    }

    #[test]
    fn h003_de_line_shape() {
        check(&defect("#0104 0241223", "#104 0241223"), expect!["H003 error 2:11-2:14 DE line should read `DE RUEHRO #0104[/01] 0241223`: serial `#104` should be 4 digits"]);
        check(&defect("#0104 0241223", "#0104/1 0241223"), expect!["H003 error 2:16-2:17 DE line should read `DE RUEHRO #0104[/01] 0241223`: section `/1` should be 2 digits"]);
        check(&defect("#0104 0241223", "#0104"), expect!["H003 error 2:0-2:15 DE line should read `DE RUEHRO #0104[/01] 0241223`: the filing time `DDDHHMM` (Julian day and UTC time) is missing"]);
        check(&defect("#0104 0241223", "0104 0241223"), expect!["H003 error 2:10-2:14 DE line should read `DE RUEHRO #0104[/01] 0241223`: expected `#` and the 4-digit station serial after the station, found `0104`"]);
        check(
            &defect("#0104 0241223", "#0104 024122 ZZ"),
            expect![[r#"
            H003 error 2:16-2:22 DE line should read `DE RUEHRO #0104[/01] 0241223`: filing time `024122` should be 7 digits: Julian day and UTC time `DDDHHMM`
            H003 error 2:23-2:25 DE line should read `DE RUEHRO #0104[/01] 0241223`: unexpected `ZZ` after the filing time"#]],
        );
        check(
            &defect("DE RUEHRO", "DE RUEHR0"),
            expect![[r#"
            H003 error 2:3-2:9 DE line should read `DE RUEHRO #0104[/01] 0241223`: station `RUEHR0` is no routing indicator (R and 3-6 capital letters)
            H007 hint 2:3-2:9 routing indicator `RUEHR0` is not in the routing table"#]],
        );
    }

    #[test]
    fn h003_de_serial_against_banner() {
        check(&defect("#0104 0241223", "#2725 0241223"), expect!["H003 error 2:11-2:15 DE serial #2725 is not the last four digits of the banner serial ROME 000104: the header and the body may belong to different cables"]);
        // Only the last four digits count: `#0104` for `ROME 010104`.
        check(&defect("ROME 000104", "ROME 010104"), expect![[""]]);
    }

    #[test]
    fn h004_julian_day() {
        check(&defect("#0104 0241223", "#0104 0281223"), expect!["H004 warning 2:16-2:19 DE Julian day 028 is 4 days after the date-time group (24 JAN 08 is day 024)"]);
        check(&defect("#0104 0241223", "#0104 0201223"), expect!["H004 warning 2:16-2:19 DE Julian day 020 is 4 days before the date-time group (24 JAN 08 is day 024)"]);
        check(
            &defect("#0104 0241223", "#0104 4001223"),
            expect![
                "H004 warning 2:16-2:19 DE Julian day 400 is no day of the year: expected 001-366"
            ],
        );
        // A day apart is normal, across New Year too.
        check(&defect("#0104 0241223", "#0104 0251223"), expect![[""]]);
        check(
            &defect("#0104 0241223", "#0104 3652359").replace("241223Z JAN 08", "010001Z JAN 08"),
            expect![[""]],
        );
    }

    #[test]
    fn h005_security_line() {
        check(
            &defect("ZNY CCCCC", "ZNR CCCCC"),
            expect![[
                r#"H005 error 3:0-3:3 `ZNR` does not go with `CCCCC`: expected `ZNY` for classified traffic fix: "ZNR" -> "ZNY""#
            ]],
        );
        check(
            &defect("ZNY CCCCC", "ZNY UUUUU"),
            expect![[r#"
            H005 error 3:0-3:3 `ZNY` does not go with `UUUUU`: expected `ZNR` for unclassified traffic
            H005 error 3:4-3:9 security line `UUUUU` (UNCLASSIFIED) disagrees with the banner classification CONFIDENTIAL: expected `CCCCC`"#]],
        );
        check(&defect("ZNY CCCCC", "ZNY SSSSS"), expect!["H005 error 3:4-3:9 security line `SSSSS` (SECRET) disagrees with the banner classification CONFIDENTIAL: expected `CCCCC`"]);
        check(&defect("ZNY CCCCC", "ZNY CCCCS"), expect!["H005 warning 3:4-3:9 `CCCCS` should be one classification letter repeated five times: UUUUU, CCCCC, SSSSS or TTTTT"]);
        check(
            &defect("ZNY CCCCC", "ZNY CCCC"),
            expect![[
                r#"H005 warning 3:4-3:8 `CCCC` should be one classification letter repeated five times: UUUUU, CCCCC, SSSSS or TTTTT fix: "CCCC" -> "CCCCC""#
            ]],
        );
        check(&defect("ZNY CCCCC ZZH", "ZNY ZZH"), expect!["H005 warning 3:0-3:7 security line has no classification letters: expected `ZNY CCCCC ZZH`"]);
    }

    #[test]
    fn h005_unclassified_is_silent() {
        let unclassified =
            defect("ZNY CCCCC", "ZNR UUUUU").replace("C O N F I D E N T I A L ROME", "UNCLAS ROME");
        check(&unclassified, expect![[""]]);
    }

    #[test]
    fn h006_date_time_group() {
        check(
            &defect("241223Z JAN 08", "321223Z JAN 08"),
            expect!["H006 error 4:2-4:4 day 32 should be 01-31"],
        );
        check(
            &defect("241223Z JAN 08", "302423Z FEB 08"),
            expect![[r#"
            H006 error 4:2-4:4 day 30 does not exist in FEB 08: expected 01-29
            H006 error 4:4-4:6 hour 24 should be 00-23"#]],
        );
        check(
            &defect("241223Z JAN 08", "241260Z JAN 08"),
            expect!["H006 error 4:6-4:8 minute 60 should be 00-59"],
        );
        check(
            &defect("241223Z JAN 08", "241223Z JNA 08"),
            expect!["H006 error 4:10-4:13 `JNA` is no month: expected JAN-DEC"],
        );
        check(
            &defect("241223Z JAN 08", "241223Z JAN 2008"),
            expect![[
                r#"H006 warning 4:14-4:18 year `2008` should be 2 digits fix: "2008" -> "08""#
            ]],
        );
        check(
            &defect("241223Z JAN 08", "241223Z JAN"),
            expect![
                "H006 error 4:10-4:13 date-time group has no year after `JAN`: expected 2 digits"
            ],
        );
        // 29 FEB exists in leap years only.
        check(
            &defect("241223Z JAN 08", "291223Z FEB 08").replace("#0104 0241223", "#0104 0601223"),
            expect![[""]],
        );
    }

    #[test]
    fn h007_unknown_routing_indicators() {
        check(
            &defect("OO RUEHFL RUEHKW", "OO RUEHFL RUEHQQX"),
            expect!["H007 hint 1:10-1:17 routing indicator `RUEHQQX` is not in the routing table"],
        );
        check(
            &defect("DE RUEHRO", "DE RUEHQQX"),
            expect!["H007 hint 2:3-2:10 routing indicator `RUEHQQX` is not in the routing table"],
        );
        check(
            &defect("RUEHBW/AMEMBASSY", "RUEHQQX/AMEMBASSY"),
            expect![[
                r#"H007 hint 8:0-8:7 routing indicator `RUEHQQX` is not in the routing table, which reaches AMEMBASSY BELGRADE through `RUEHBW` fix: "RUEHQQX" -> "RUEHBW""#
            ]],
        );
        check(
            &defect("RUEHZL/EUROPEAN", "RUEHQQX/EUROPEAN"),
            expect![[
                r#"H007 hint 7:5-7:12 routing indicator `RUEHQQX` is not in the routing table, which reaches EUROPEAN POLITICAL COLLECTIVE through `RUEHZL` fix: "RUEHQQX" -> "RUEHZL""#
            ]],
        );
    }

    #[test]
    fn h008_stray_words() {
        check(&defect("BELGRADE PRIORITY 0340", "BELGRADE FEB 0340"), expect!["H008 warning 8:26-8:29 `FEB` stands where the precedence belongs: expected IMMEDIATE, PRIORITY, ROUTINE or nothing before the serial"]);
    }

    #[test]
    fn h009_de_station_against_from() {
        check(&defect("FM AMEMBASSY ROME", "FM AMEMBASSY PARIS"), expect!["H009 warning 2:3-2:9 DE station `RUEHRO` is ROME's, but the cable is from AMEMBASSY PARIS"]);
    }

    #[test]
    fn h009_known_table_quirks_are_silent() {
        let astana = defect("DE RUEHRO", "DE RUEHTA")
            .replace("FM AMEMBASSY ROME", "FM AMEMBASSY ASTANA")
            .replace("ROME 000104", "ASTANA 000104");
        check(&astana, expect![[""]]);
        let kiev = defect("DE RUEHRO", "DE RUEHKV")
            .replace("FM AMEMBASSY ROME", "FM AMEMBASSY KIEV")
            .replace("ROME 000104", "KIEV 000104");
        check(&kiev, expect![[""]]);
        let paris = defect("DE RUEHRO", "DE RUEHFRA")
            .replace("FM AMEMBASSY ROME", "FM AMEMBASSY PARIS")
            .replace("ROME 000104", "PARIS 000104");
        check(&paris, expect![[""]]);
    }

    #[test]
    fn h010_precedence_against_addressees() {
        check(
            &defect("WASHDC IMMEDIATE 9726", "WASHDC PRIORITY 9726"),
            expect![[
                r#"H010 warning 4:0-4:1 FL5 precedence `O` disagrees with the highest addressee precedence, PRIORITY: expected `P` fix: "O" -> "P""#
            ]],
        );
        // A higher INFO precedence raises a single precedence.
        check(
            &defect("COLLECTIVE PRIORITY", "COLLECTIVE FLASH"),
            expect![[
                r#"H010 warning 4:0-4:1 FL5 precedence `O` disagrees with the highest addressee precedence, FLASH: expected `Z` fix: "O" -> "Z""#
            ]],
        );
    }

    #[test]
    fn h010_dual_precedence() {
        check(&defect("O 241223Z", "O P 241223Z"), expect![[""]]);
        check(
            &defect("O 241223Z", "O R 241223Z"),
            expect![[
                r#"H010 warning 4:2-4:3 FL5 info precedence `R` disagrees with the highest INFO precedence, PRIORITY: expected `P` fix: "R" -> "P""#
            ]],
        );
        check(
            &defect("O 241223Z", "P P 241223Z"),
            expect![[r#"
            H002 warning 1:0-1:2 routing prosign `OO` disagrees with the FL5 precedence `P` (PRIORITY), which disagrees with the addressees' precedence words
            H010 warning 4:0-4:1 FL5 action precedence `P` disagrees with the highest TO precedence, IMMEDIATE: expected `O` fix: "P" -> "O""#]],
        );
        // INFO addressees without precedence words leave the info letter alone.
        let without_words = defect("O 241223Z", "O R 241223Z")
            .replace("COLLECTIVE PRIORITY", "COLLECTIVE")
            .replace("BELGRADE PRIORITY", "BELGRADE");
        check(&without_words, expect![[""]]);
    }

    #[test]
    fn h011_station_against_routing_table() {
        check(
            &defect("RUEHZL/EUROPEAN", "RUEHDL/EUROPEAN"),
            expect![[
                r#"H011 hint 7:5-7:11 `RUEHDL` is AMEMBASSY DUBLIN in the routing table; EUROPEAN POLITICAL COLLECTIVE is reached through `RUEHZL` fix: "RUEHDL" -> "RUEHZL""#
            ]],
        );
        check(
            &defect(
                "RUEHZL/EUROPEAN",
                "RUEHSA/AMCONSUL JOHANNESBURG\nRUEHZL/EUROPEAN",
            ),
            expect![[
                r#"H011 hint 7:5-7:11 `RUEHSA` is AMEMBASSY PRETORIA in the routing table; AMCONSUL JOHANNESBURG is reached through `RUEHJO` fix: "RUEHSA" -> "RUEHJO""#
            ]],
        );
    }

    #[test]
    fn h011_gateways_and_aliases_are_silent() {
        let gateway = defect(
            "RUEHBW/AMEMBASSY BELGRADE PRIORITY 0340",
            "RUEHBW/AMEMBASSY BELGRADE PRIORITY 0340\nRHMFISS/CDR USCENTCOM MACDILL AFB FL PRIORITY\nRUEHDIR/IRAN RPO DUBAI PRIORITY",
        );
        check(&gateway, expect![[""]]);
    }

    #[test]
    fn related_information() {
        let fixture = defect("#0104 0241223", "#2725 0241223");
        let parse = crate::syntax::parse(&fixture);
        let diagnostics = super::super::check_document(&fixture, &parse);
        let h003 = diagnostics.iter().find(|d| d.code == "H003").unwrap();
        let related: Vec<_> = h003
            .related
            .iter()
            .map(|r| (r.span.text(&fixture), r.message.as_str()))
            .collect();
        assert_eq!(related, [("000104", "banner serial")]);
    }
}
