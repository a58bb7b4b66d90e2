//! Parsers for the transmission header, format lines FL1 to FL9: transmission id,
//! routing line, DE line, security line, precedence + date-time group, FM and the
//! TO/INFO/XMT addressees.
//!
//! Each parser takes one line (`start..end` in the cable text) and either
//! recognises it, returning its node, or returns `None`. Recognition is loose
//! (a damaged DE line is still a DE line) and the node records what is wrong,
//! so the diagnostics can say so.

use super::ast::*;
use super::scan::*;
use super::span::Span;

/// FL1: `VZCZCXRO9950`.
pub fn transmission_id(text: &str, start: usize, end: usize) -> Option<TransmissionId> {
    let (s, e) = trim(text, start, end);
    let line = &text[s..e];
    if !starts_with_ci(line, "VZCZC") {
        return None;
    }
    // The id is the first token; anything after it is ignored.
    let tok_end = line.find(is_blank_char).map(|i| s + i).unwrap_or(e);
    let rest_start = s + 5;
    // Channel designator: the next three characters (char-safe).
    let mut channel_end = rest_start;
    for (n, (i, c)) in text[rest_start..tok_end].char_indices().enumerate() {
        if n == 3 {
            break;
        }
        channel_end = rest_start + i + c.len_utf8();
    }
    Some(TransmissionId {
        span: Span::new(s, tok_end),
        channel: Span::new(rest_start, channel_end),
        sequence: Span::new(channel_end, tok_end),
    })
}

/// A precedence prosign pair: `ZZ`, `OO`, `PP`, `RR` (any doubled letter is
/// accepted here and judged by the diagnostics).
fn is_prosign(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 2 && b[0] == b[1] && matches!(b[0], b'Z' | b'O' | b'P' | b'R')
}

/// FL2: `OO RUEHFL RUEHKW ...`. Continuation lines are added by
/// [`routing_continuation`].
pub fn routing_line(text: &str, start: usize, end: usize) -> Option<RoutingLine> {
    let toks = tokens(text, start, end);
    let first = toks.first()?;
    if !is_prosign(first.text) {
        return None;
    }
    if !toks[1..]
        .iter()
        .all(|t| looks_like_routing_indicator(t.text))
    {
        return None;
    }
    let last = toks.last()?;
    Some(RoutingLine {
        span: Span::new(first.start, last.end),
        prosign: first.span(),
        indicators: toks[1..].iter().map(Token::span).collect(),
    })
}

/// A wrapped routing line: nothing but routing indicators.
pub fn routing_continuation(text: &str, start: usize, end: usize) -> Option<Vec<Span>> {
    let toks = tokens(text, start, end);
    if toks.is_empty() || !toks.iter().all(|t| looks_like_routing_indicator(t.text)) {
        return None;
    }
    Some(toks.iter().map(Token::span).collect())
}

/// FL3: `DE RUEHRO #0104/01 0241223`.
pub fn de_line(text: &str, start: usize, end: usize) -> Option<DeLine> {
    // Asked of every line of an addressee list: the first word settles
    // most before the line is split.
    if !first_token_is(text, start, end, "DE") {
        return None;
    }
    let toks = tokens(text, start, end);
    let first = toks.first()?;
    if first.text != "DE" || toks.len() < 2 {
        return None;
    }
    let station_tok = toks[1];
    if !station_tok.text.starts_with('R') {
        return None;
    }
    let mut de = DeLine {
        span: Span::new(first.start, toks.last()?.end),
        station: Some(station_tok.span()),
        serial: None,
        section: None,
        julian_day: None,
        time: None,
        well_formed: false,
    };
    let mut well_formed = toks.len() == 4 && looks_like_routing_indicator(station_tok.text);
    if let Some(num) = toks.get(2).filter(|t| t.text.starts_with('#')) {
        let body = &num.text[1..];
        let (serial, section) = match body.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (body, None),
        };
        let serial_start = num.start + 1;
        de.serial = Some(Span::new(serial_start, serial_start + serial.len()));
        well_formed &= serial.len() == 4 && all_digits(serial);
        if let Some(sec) = section {
            let sec_start = serial_start + serial.len() + 1;
            de.section = Some(Span::new(sec_start, sec_start + sec.len()));
            well_formed &= sec.len() == 2 && all_digits(sec);
        }
    } else {
        well_formed = false;
    }
    if let Some(stamp) = toks.get(3) {
        if stamp.text.len() == 7 && all_digits(stamp.text) {
            de.julian_day = Some(Span::new(stamp.start, stamp.start + 3));
            de.time = Some(Span::new(stamp.start + 3, stamp.end));
        } else {
            well_formed = false;
        }
    }
    de.well_formed = well_formed;
    Some(de)
}

/// FL4: `ZNY CCCCC ZZH`.
pub fn security_line(text: &str, start: usize, end: usize) -> Option<SecurityLine> {
    // As `de_line`: the first word before the line is split.
    if !(first_token_is(text, start, end, "ZNY") || first_token_is(text, start, end, "ZNR")) {
        return None;
    }
    let toks = tokens(text, start, end);
    let first = toks.first()?;
    let letters = toks
        .get(1)
        .filter(|t| {
            t.text.len() >= 3 && t.text.bytes().all(|b| b.is_ascii_alphabetic()) && t.text != "ZZH"
        })
        .map(Token::span);
    Some(SecurityLine {
        span: Span::new(first.start, toks.last()?.end),
        signal: first.span(),
        letters,
    })
}

fn is_precedence_letter(s: &str) -> bool {
    s.len() == 1
        && matches!(
            s.as_bytes()[0].to_ascii_uppercase(),
            b'Z' | b'O' | b'P' | b'R'
        )
}

/// Whether the first token of `text[start..end]` is a precedence letter
/// (`is_precedence_letter` of [`first_token`]), judged by the two bytes
/// after the leading blanks: the letter, and a blank or the end.
fn first_token_is_precedence_letter(text: &str, start: usize, end: usize) -> bool {
    let Some(bytes) = text.get(start..end).map(str::as_bytes) else {
        return false;
    };
    let at = skip_blank_bytes(text, start, end) - start;
    bytes
        .get(at)
        .is_some_and(|b| matches!(b.to_ascii_uppercase(), b'Z' | b'O' | b'P' | b'R'))
        && (at + 1 == bytes.len() || blank_len_at(bytes, at + 1) != 0)
}

/// The `DDHHMMZ` token of a date-time group.
fn is_dtg_token(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b[..6].iter().all(u8::is_ascii_digit) && b[6].eq_ignore_ascii_case(&b'Z')
}

/// FL5: `O 241223Z JAN 08`, `O R 141437Z NOV 07`, with optional trailing signals.
pub fn dtg_line(text: &str, start: usize, end: usize) -> Option<DtgLine> {
    // Every line starting with one of the precedence letters is asked: the
    // first word settles most (`On`, `Per`, `Reporting`) before the line is
    // split.
    if !first_token_is_precedence_letter(text, start, end) {
        return None;
    }
    let toks = tokens(text, start, end);
    let first = toks.first()?;
    let (info, dtg_idx) = match toks.get(1) {
        Some(t) if is_precedence_letter(t.text) => (Some(t.span()), 2),
        _ => (None, 1),
    };
    let group = toks.get(dtg_idx).filter(|t| is_dtg_token(t.text))?;
    let month = toks.get(dtg_idx + 1);
    let year = toks.get(dtg_idx + 2);
    let g = group.start;
    let mut dtg_end = group.end;
    let mut month_span = Span::empty(group.end);
    let mut year_span = Span::empty(group.end);
    let mut next = dtg_idx + 1;
    if let Some(m) =
        month.filter(|m| m.text.len() == 3 && m.text.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        month_span = m.span();
        dtg_end = m.end;
        next += 1;
        if let Some(y) =
            year.filter(|y| (y.text.len() == 2 || y.text.len() == 4) && all_digits(y.text))
        {
            year_span = y.span();
            dtg_end = y.end;
            next += 1;
        }
    }
    let trailer = toks
        .get(next)
        .map(|t| Span::new(t.start, toks.last().map_or(t.end, |l| l.end)));
    Some(DtgLine {
        span: Span::new(first.start, toks.last()?.end),
        precedence: first.span(),
        info_precedence: info,
        dtg: Some(Dtg {
            span: Span::new(g, dtg_end),
            day: Span::new(g, g + 2),
            hour: Span::new(g + 2, g + 4),
            minute: Span::new(g + 4, g + 6),
            month: month_span,
            year: year_span,
        }),
        trailer,
    })
}

/// FL6: `FM AMEMBASSY ROME`.
pub fn from_line(text: &str, start: usize, end: usize) -> Option<FromLine> {
    let (s, e) = trim(text, start, end);
    let line = &text[s..e];
    if !(line.starts_with("FM ") || line.starts_with("FM\t")) {
        return None;
    }
    let address = trimmed_span(text, s + 2, e)?;
    Some(FromLine {
        span: Span::new(s, e),
        address,
    })
}

/// The keyword that opens an addressee list, if the line starts with one.
pub fn addressee_keyword(text: &str, start: usize, end: usize) -> Option<(AddresseeKind, Span)> {
    let (s, e) = trim(text, start, end);
    let line = &text[s..e];
    for (kw, kind) in [
        ("TO", AddresseeKind::To),
        ("INFO", AddresseeKind::Info),
        ("XMT", AddresseeKind::Xmt),
    ] {
        if line.len() > kw.len()
            && line.starts_with(kw)
            && line[kw.len()..].starts_with(is_blank_char)
        {
            return Some((kind, Span::new(s, s + kw.len())));
        }
    }
    None
}

const PRECEDENCE_WORDS: [&str; 4] = ["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"];

/// One address: `RUEHC/SECSTATE WASHDC IMMEDIATE 9726`, `AMEMBASSY LA PAZ FEB 4470`,
/// `RHMCSUU/JOINT STAFF WASHINGTON DC//JF/UNMA//`. `start..end` excludes the list
/// keyword.
pub fn addressee(
    text: &str,
    start: usize,
    end: usize,
    kind: AddresseeKind,
    keyword: Option<Span>,
) -> Option<Addressee> {
    let (s, e) = trim(text, start, end);
    if s >= e {
        return None;
    }
    let line = &text[s..e];
    let mut name_start = s;
    let mut routing_indicator = None;
    if let Some(slash) = memchr::memchr(b'/', line.as_bytes()) {
        let ri = &line[..slash];
        if looks_like_routing_indicator(ri) && !line[slash..].starts_with("//") {
            routing_indicator = Some(Span::new(s, s + slash));
            name_start = s + slash + 1;
        }
    }
    let mut name_end = e;
    let mut office_symbol = None;
    if let Some(i) = find_double_slash(&text[name_start..e]) {
        let sym_start = name_start + i;
        // The symbol runs to the closing `//` or, failing that, to the next blank.
        let after = &text[sym_start + 2..e];
        let sym_end = match find_double_slash(after) {
            Some(j) => sym_start + 2 + j + 2,
            None => sym_start + 2 + after.find(is_blank_char).unwrap_or(after.len()),
        };
        office_symbol = Some(Span::new(sym_start, sym_end));
        // Precedence and serial may still follow the symbol.
        let tail = tokens(text, sym_end, e);
        let (prec, serial, stray) = precedence_and_serial(&tail);
        name_end = sym_start;
        let (ns, ne) = trim(text, name_start, name_end);
        return Some(Addressee {
            span: Span::new(keyword.map_or(s, |k| k.start as usize), e),
            kind,
            keyword,
            routing_indicator,
            station: Span::new(ns, ne),
            precedence: prec,
            serial,
            office_symbol,
            stray,
        });
    }
    let toks = tokens(text, name_start, name_end);
    let (prec, serial, stray) = precedence_and_serial(&toks);
    let cut = [prec, serial, stray]
        .iter()
        .flatten()
        .map(|sp| sp.start as usize)
        .min()
        .unwrap_or(name_end);
    name_end = cut;
    let (ns, ne) = trim(text, name_start, name_end);
    Some(Addressee {
        span: Span::new(keyword.map_or(s, |k| k.start as usize), e),
        kind,
        keyword,
        routing_indicator,
        station: Span::new(ns, ne),
        precedence: prec,
        serial,
        office_symbol,
        stray,
    })
}

/// Splits the precedence word(s), serial and stray words off the end of an
/// address's tokens. Returns spans (precedence, serial, stray).
fn precedence_and_serial(toks: &[Token<'_>]) -> (Option<Span>, Option<Span>, Option<Span>) {
    let mut n = toks.len();
    let mut serial = None;
    if n > 0 && is_serial(toks[n - 1].text) {
        serial = Some(toks[n - 1].span());
        n -= 1;
    }
    let mut precedence = None;
    if n > 0 && PRECEDENCE_WORDS.iter().any(|w| eq_ci(w, toks[n - 1].text)) {
        let mut p = toks[n - 1].span();
        n -= 1;
        if n > 0 && eq_ci(toks[n - 1].text, "NIACT") {
            p = toks[n - 1].span().cover(p);
            n -= 1;
        }
        precedence = Some(p);
    }
    let mut stray = None;
    // `AMEMBASSY LA PAZ FEB 4470`: a month word where the precedence belongs.
    if precedence.is_none() && n > 1 && month_number(toks[n - 1].text).is_some() {
        stray = Some(toks[n - 1].span());
    }
    (precedence, serial, stray)
}

/// `9726`, `0000`, `7721-7722`.
fn is_serial(s: &str) -> bool {
    match s.split_once('-') {
        Some((a, b)) => all_digits(a) && all_digits(b),
        None => all_digits(s),
    }
}

/// The office distribution block that opens some cables:
/// `INFO  LOG-00   EEB-00   AF-00 ...`. Recognises its first line.
pub fn is_distribution_start(line: &str) -> bool {
    // Asked of every line starting with `I` or `A`: the first word settles
    // most, and the line is not collected into a list. A line opening with
    // a letter or digit has that word at its start, and is settled by its
    // first bytes.
    if line
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && !(line.starts_with("INFO") || line.starts_with("ACTION"))
    {
        return false;
    }
    // Every office count holds a `-`: an addressee line (`INFO RUEH...`)
    // without one is not split into words.
    if memchr::memchr(b'-', line.as_bytes()).is_none() {
        return false;
    }
    let mut toks = line.split_whitespace();
    toks.next()
        .is_some_and(|first| first == "INFO" || first == "ACTION")
        && toks.any(is_office_count)
}

/// `LOG-00`, `EUR-01`: an office symbol and a copy count.
pub fn is_office_count(tok: &str) -> bool {
    match tok.rsplit_once('-') {
        Some((a, b)) => {
            !a.is_empty()
                && a.bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && b.len() == 2
                && all_digits(b)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str, spans: &[Span]) -> Vec<String> {
        spans.iter().map(|s| s.text(t).to_string()).collect()
    }

    #[test]
    fn transmission_id_splits_channel_and_sequence() {
        let t = "VZCZCXR08132  ";
        let id = transmission_id(t, 0, t.len()).unwrap();
        assert_eq!(id.span.text(t), "VZCZCXR08132");
        assert_eq!(id.channel.text(t), "XR0");
        assert_eq!(id.sequence.text(t), "8132");
        assert!(transmission_id("VZC", 0, 3).is_none());
    }

    #[test]
    fn de_line_fields() {
        let t = "DE RUEHRO #1333/01 1691211";
        let de = de_line(t, 0, t.len()).unwrap();
        assert!(de.well_formed);
        assert_eq!(de.serial.unwrap().text(t), "1333");
        assert_eq!(de.section.unwrap().text(t), "01");
        assert_eq!(de.julian_day.unwrap().text(t), "169");
        assert_eq!(de.time.unwrap().text(t), "1211");
        let bad = "DE RUEHRO 1333 16912";
        assert!(!de_line(bad, 0, bad.len()).unwrap().well_formed);
    }

    #[test]
    fn first_word_tests_before_the_split() {
        // Leading blanks are the tokens' to skip; the first word decides.
        let t = " \u{a0}DE RUEHRO #1333/01 1691211";
        assert_eq!(
            de_line(t, 0, t.len()).unwrap().station.unwrap().text(t),
            "RUEHRO"
        );
        assert!(de_line("DEA RUEHRO #1333", 0, 16).is_none());
        assert!(de_line("DE", 0, 2).is_none());
        let t = "\tZNY CCCCC ZZH";
        assert_eq!(
            security_line(t, 0, t.len())
                .unwrap()
                .letters
                .unwrap()
                .text(t),
            "CCCCC"
        );
        assert!(security_line("ZNYX CCCCC", 0, 10).is_none());
        let t = " R 141437Z NOV 07";
        assert_eq!(dtg_line(t, 0, t.len()).unwrap().precedence.text(t), "R");
        assert!(dtg_line("RR 141437Z NOV 07", 0, 17).is_none());
        assert!(!is_distribution_start("INFO"));
        assert!(!is_distribution_start("INFORMATION LOG-00"));
        assert!(is_distribution_start("ACTION EUR-00 INFO LOG-00"));
    }

    #[test]
    fn dtg_line_dual_precedence_and_trailer() {
        let t = "O R 141437Z NOV 07 ZDK";
        let d = dtg_line(t, 0, t.len()).unwrap();
        assert_eq!(d.precedence.text(t), "O");
        assert_eq!(d.info_precedence.unwrap().text(t), "R");
        let g = d.dtg.unwrap();
        assert_eq!(
            texts(t, &[g.day, g.hour, g.minute, g.month, g.year]),
            ["14", "14", "37", "NOV", "07"]
        );
        assert_eq!(d.trailer.unwrap().text(t), "ZDK");
        assert!(dtg_line("O The GOI", 0, 9).is_none());
    }

    #[test]
    fn addressee_forms() {
        let t = "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9726";
        let (kind, kw) = addressee_keyword(t, 0, t.len()).unwrap();
        let a = addressee(t, kw.end as usize, t.len(), kind, Some(kw)).unwrap();
        assert_eq!(a.routing_indicator.unwrap().text(t), "RUEHC");
        assert_eq!(a.station.text(t), "SECSTATE WASHDC");
        assert_eq!(a.precedence.unwrap().text(t), "IMMEDIATE");
        assert_eq!(a.serial.unwrap().text(t), "9726");
        assert_eq!(a.span.text(t), t);

        let t = "RUEHLP/AMEMBASSY LA PAZ FEB 4470";
        let a = addressee(t, 0, t.len(), AddresseeKind::Info, None).unwrap();
        assert_eq!(a.station.text(t), "AMEMBASSY LA PAZ");
        assert_eq!(a.stray.unwrap().text(t), "FEB");

        let t = "RHMCSUU/JOINT STAFF WASHINGTON DC//JF/UNMA//";
        let a = addressee(t, 0, t.len(), AddresseeKind::Info, None).unwrap();
        assert_eq!(a.station.text(t), "JOINT STAFF WASHINGTON DC");
        assert_eq!(a.office_symbol.unwrap().text(t), "//JF/UNMA//");

        let t = "AMEMBASSY ANKARA NIACT IMMEDIATE 7721-7722";
        let a = addressee(t, 0, t.len(), AddresseeKind::To, None).unwrap();
        assert_eq!(a.routing_indicator, None);
        assert_eq!(a.station.text(t), "AMEMBASSY ANKARA");
        assert_eq!(a.precedence.unwrap().text(t), "NIACT IMMEDIATE");
        assert_eq!(a.serial.unwrap().text(t), "7721-7722");
    }

    /// The first-word tests are the tests of the first token.
    #[test]
    fn first_word_tests_are_the_first_tokens() {
        let mut lines = crate::syntax::tests::boundary_lines();
        for t in [
            "DE RUEH",
            "DE",
            "DEX",
            " \u{a0}ZNY",
            "ZNR\tX",
            "ZNRR",
            "O",
            "o\u{a0}",
            "R R",
            "Rx",
        ] {
            lines.push(t.to_string());
        }
        for t in &lines {
            for (start, end) in [(0, t.len()), (1, t.len()), (0, 2), (3, 1)] {
                let first = first_token(t, start, end);
                assert_eq!(
                    first_token_is_precedence_letter(t, start, end),
                    first.is_some_and(is_precedence_letter),
                    "{t:?} {start}..{end}"
                );
                for word in ["DE", "ZNY", "ZNR"] {
                    assert_eq!(
                        first_token_is(t, start, end, word),
                        first == Some(word),
                        "{t:?} {start}..{end}"
                    );
                }
            }
        }
        assert!(first_token_is_precedence_letter("o\u{a0}", 0, 3));
        assert!(!first_token_is_precedence_letter("Rx", 0, 2));
        assert!(first_token_is(" \u{a0}ZNY", 0, 6, "ZNY"));
        assert!(!first_token_is("ZNRR", 0, 4, "ZNR"));
    }

    /// The first-bytes test of a distribution block is the word test.
    #[test]
    fn distribution_start_first_bytes_are_the_word_test() {
        fn by_words(line: &str) -> bool {
            let mut toks = line.split_whitespace();
            toks.next()
                .is_some_and(|first| first == "INFO" || first == "ACTION")
                && toks.any(is_office_count)
        }
        for t in crate::syntax::tests::boundary_lines()
            .iter()
            .map(String::as_str)
            .chain([
                "INFO LOG-00",
                "INFOLOG-00",
                "ACTION EUR-00",
                "ACTIONS EUR-00",
                "\u{2003}INFO LOG-00",
                "\u{a0}ACTION EUR-00",
                "Info LOG-00",
                "AINFO LOG-00",
            ])
        {
            assert_eq!(is_distribution_start(t), by_words(t), "{t:?}");
        }
        assert!(is_distribution_start("\u{2003}INFO LOG-00"));
        assert!(!is_distribution_start("INFOLOG-00"));
    }

    #[test]
    fn distribution_block() {
        assert!(is_distribution_start("INFO  LOG-00   EEB-00   AF-00"));
        assert!(!is_distribution_start(
            "INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE"
        ));
    }
}
