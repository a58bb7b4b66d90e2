//! Completion inside one cable: TAGS codes on the TAGS line, routing
//! indicators where one is expected, precedence words, letters and prosigns
//! on the header lines that carry them.
//!
//! The context comes from the text of the cursor's line first and from the
//! tree second: the user is typing, so the line may be half-written and not
//! yet what the parser recognises (`TAGS: PR` before any code is complete).

use crate::data::precedence::{Precedence, NIACT_MEANING};
use crate::data::routes::all_routes;
use crate::data::tags::all_tags;
use crate::syntax::scan::{is_blank_char, starts_with_ci, tokens, Token};
use crate::syntax::{Cable, Span};

/// What is offered; the protocol layer maps it to an LSP `CompletionItemKind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Tag,
    RoutingIndicator,
    Precedence,
}

/// One proposal. `replace` is the partial word before the cursor (possibly
/// empty), relative to the cable's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    pub kind: CompletionKind,
    pub replace: Span,
}

/// Precedences from the most urgent down, the order an editor should list them.
const PRECEDENCES: [Precedence; 4] = [
    Precedence::Flash,
    Precedence::Immediate,
    Precedence::Priority,
    Precedence::Routine,
];

/// Keywords that open an addressee list.
const ADDRESSEE_KEYWORDS: [&str; 3] = ["TO", "INFO", "XMT"];

/// What the cursor's position asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    Tags,
    RoutingIndicator,
    /// Precedence words after an address; `after_niact` when `NIACT` was
    /// just written, so only `IMMEDIATE` can follow.
    PrecedenceWord {
        after_niact: bool,
    },
    PrecedenceLetter,
    Prosign,
}

/// The completions at `offset` (cable-relative, clamped to the text) in
/// `cable`, whose own text is `text`. Empty where nothing is expected.
pub fn completions(text: &str, cable: &Cable, offset: usize) -> Vec<Completion> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line = line_around(text, offset);
    let before_cursor = &text[line.start as usize..offset];
    // The word being typed: letters and digits only, so `[PR` (a Markdown
    // link being typed) and `RUEHC/SEC` replace just `PR` and `SEC`.
    let partial_len = before_cursor.len()
        - before_cursor
            .trim_end_matches(|c: char| c.is_alphanumeric())
            .len();
    let replace = Span::new(offset - partial_len, offset);
    let prefix = &text[replace.range()];
    // The blank-separated token under the cursor and the complete ones before it.
    let token_len =
        before_cursor.len() - before_cursor.trim_end_matches(|c| !is_blank_char(c)).len();
    let current_token = &text[offset - token_len..offset];
    let words = tokens(text, line.start as usize, offset - token_len);
    let whole_line_is_current_token =
        words.is_empty() && text[offset..line.end as usize].chars().all(is_blank_char);
    let cursor_line = CursorLine {
        text,
        cable,
        line,
        offset,
        words: &words,
        current_token,
        whole_line_is_current_token,
    };
    let Some(context) = cursor_line.context() else {
        return Vec::new();
    };
    match context {
        Context::Tags => tag_completions(prefix, replace),
        Context::RoutingIndicator => routing_indicator_completions(prefix, replace),
        Context::PrecedenceWord { after_niact } => {
            precedence_word_completions(prefix, replace, after_niact)
        }
        Context::PrecedenceLetter => precedence_letter_completions(prefix, replace, false),
        Context::Prosign => precedence_letter_completions(prefix, replace, true),
    }
}

/// The cursor's line and what has been typed on it.
struct CursorLine<'a> {
    text: &'a str,
    cable: &'a Cable,
    /// The line, without its terminator.
    line: Span,
    offset: usize,
    /// Complete blank-separated words before the cursor's token.
    words: &'a [Token<'a>],
    current_token: &'a str,
    /// Nothing but the token under the cursor on the line: a line being started.
    whole_line_is_current_token: bool,
}

impl CursorLine<'_> {
    fn context(&self) -> Option<Context> {
        if self.on_tags_line() {
            return Some(Context::Tags);
        }
        // Header lines come before the banner, the captions and the body;
        // past them `TO`, `DE` or a lone `O` are prose.
        if !self.in_header_area() {
            return None;
        }
        if self.on_de_line() {
            let at_station = self.words.len() == 1 && !self.current_token.starts_with('#');
            return at_station.then_some(Context::RoutingIndicator);
        }
        if self.on_dtg_line() {
            let letters_so_far = self.words.iter().all(|w| is_precedence_letter(w.text));
            let at_letter =
                self.words.len() <= 1 && letters_so_far && self.current_token.chars().count() <= 1;
            return at_letter.then_some(Context::PrecedenceLetter);
        }
        if let Some(prosign_on_line) = self.on_routing_line() {
            if prosign_on_line && self.words.is_empty() {
                return Some(Context::Prosign);
            }
            return Some(Context::RoutingIndicator);
        }
        if self.on_addressee_line() {
            return self.addressee_context();
        }
        None
    }

    /// `TAGS:` or `TAGS ` opens the line and the cursor is past it, or the
    /// cursor is inside a parsed (possibly wrapped) TAGS caption past its keyword.
    fn on_tags_line(&self) -> bool {
        let line_text = self.line.text(self.text);
        let lead = line_text.len() - line_text.trim_start().len();
        let keyword_start = self.line.start as usize + lead;
        let after_keyword = &self.text[keyword_start..];
        if starts_with_ci(after_keyword, "TAGS")
            && matches!(after_keyword.as_bytes().get(4), Some(b':' | b' ' | b'\t'))
            && self.offset > keyword_start + 4
        {
            return true;
        }
        self.cable.tags.as_ref().is_some_and(|tags| {
            tags.span.touches(self.offset) && self.offset > tags.keyword.end as usize
        })
    }

    /// True until a banner, a caption or body text starts before this line.
    fn in_header_area(&self) -> bool {
        let cable = self.cable;
        let line_start = self.line.start;
        [
            cable.banner().map(|b| b.span.start),
            cable.eo.as_ref().map(|eo| eo.span.start),
            cable.tags.as_ref().map(|tags| tags.span.start),
            cable.subject.as_ref().map(|subject| subject.span.start),
            cable.refs.as_ref().map(|refs| refs.span.start),
            cable.classified_by.as_ref().map(|cb| cb.span.start),
            cable.headings.first().map(|h| h.span.start),
            cable.paragraphs.first().map(|p| p.span.start),
        ]
        .into_iter()
        .flatten()
        .all(|start| start >= line_start)
    }

    fn on_de_line(&self) -> bool {
        self.cable
            .de
            .as_ref()
            .is_some_and(|de| self.overlaps_line(de.span))
            || self
                .words
                .first()
                .is_some_and(|w| w.text.eq_ignore_ascii_case("DE"))
    }

    /// The parsed FL5 line, a line holding a date-time group, or a line
    /// being started under the security line (`ZNY CCCCC ZZH`).
    fn on_dtg_line(&self) -> bool {
        if self
            .cable
            .dtg_line
            .as_ref()
            .is_some_and(|dtg_line| self.overlaps_line(dtg_line.span))
        {
            return true;
        }
        let line_text = self.line.text(self.text);
        if line_text.split(is_blank_char).any(looks_like_dtg_time) {
            return true;
        }
        self.whole_line_is_current_token && self.previous_line_starts_with(&["ZNY", "ZNR"])
    }

    /// `Some(prosign_on_line)` on the routing line: the parsed one (wrapped
    /// lines hold only indicators), a line opened by a prosign, or a line
    /// being started under the transmission id.
    fn on_routing_line(&self) -> Option<bool> {
        if let Some(routing) = &self.cable.routing {
            if self.overlaps_line(routing.span) {
                return Some(self.overlaps_line(routing.prosign));
            }
        }
        if self.words.first().is_some_and(|w| is_prosign(w.text)) {
            return Some(true);
        }
        (self.whole_line_is_current_token && self.previous_line_starts_with(&["VZCZC"]))
            .then_some(true)
    }

    /// A line opened by `TO`/`INFO`/`XMT`, a parsed addressee's line, or a
    /// line being started under one.
    fn on_addressee_line(&self) -> bool {
        if self
            .words
            .first()
            .is_some_and(|w| is_addressee_keyword(w.text))
        {
            return true;
        }
        if self
            .cable
            .addressees
            .iter()
            .any(|a| self.overlaps_line(a.span))
        {
            return true;
        }
        if !self.whole_line_is_current_token {
            return false;
        }
        let Some(previous) = previous_nonblank_line(self.text, self.line.start as usize) else {
            return false;
        };
        let previous_is_addressee = self
            .cable
            .addressees
            .iter()
            .any(|a| a.span.start <= previous.end && a.span.end >= previous.start);
        previous_is_addressee
            || tokens(self.text, previous.start as usize, previous.end as usize)
                .first()
                .is_some_and(|w| is_addressee_keyword(w.text))
    }

    /// The first token after the keyword is the routing indicator (or, in
    /// FL5 headers, the station); after it come precedence words.
    fn addressee_context(&self) -> Option<Context> {
        let skip = usize::from(
            self.words
                .first()
                .is_some_and(|w| is_addressee_keyword(w.text)),
        );
        let address_words = self.words.get(skip..).unwrap_or(&[]);
        let Some(last_word) = address_words.last() else {
            // At the address itself: before the `/` it is the RI, after it
            // the station, which has no table to complete from.
            return (!self.current_token.contains('/')).then_some(Context::RoutingIndicator);
        };
        let precedence_written = address_words
            .iter()
            .skip(1)
            .any(|w| Precedence::from_word(w.text).is_some());
        if precedence_written {
            return None;
        }
        Some(Context::PrecedenceWord {
            after_niact: last_word.text.eq_ignore_ascii_case("NIACT"),
        })
    }

    fn overlaps_line(&self, span: Span) -> bool {
        span.start <= self.line.end && span.end >= self.line.start
    }

    fn previous_line_starts_with(&self, prefixes: &[&str]) -> bool {
        previous_nonblank_line(self.text, self.line.start as usize).is_some_and(|previous| {
            let previous_text = previous.text(self.text);
            prefixes
                .iter()
                .any(|prefix| starts_with_ci(previous_text, prefix))
        })
    }
}

fn tag_completions(prefix: &str, replace: Span) -> Vec<Completion> {
    all_tags()
        .iter()
        .filter(|tag| starts_with_ci(tag.code, prefix))
        .map(|tag| Completion {
            label: tag.code.to_string(),
            detail: Some(format!("{} tag", tag.kind.label())),
            documentation: (!tag.description.is_empty()).then(|| tag.description.to_string()),
            kind: CompletionKind::Tag,
            replace,
        })
        .collect()
}

fn routing_indicator_completions(prefix: &str, replace: Span) -> Vec<Completion> {
    all_routes()
        .iter()
        .filter(|route| starts_with_ci(route.routing_indicator, prefix))
        .map(|route| Completion {
            label: route.routing_indicator.to_string(),
            detail: (!route.station.is_empty()).then(|| route.station.to_string()),
            documentation: None,
            kind: CompletionKind::RoutingIndicator,
            replace,
        })
        .collect()
}

/// `FLASH`, `NIACT IMMEDIATE`, `IMMEDIATE`, `PRIORITY`, `ROUTINE`; only
/// `IMMEDIATE` right after `NIACT`.
fn precedence_word_completions(prefix: &str, replace: Span, after_niact: bool) -> Vec<Completion> {
    let mut out = Vec::new();
    for precedence in PRECEDENCES {
        let detail = Some(format!("precedence {}", precedence.letter()));
        if precedence == Precedence::Immediate && !after_niact {
            out.push(Completion {
                label: format!("NIACT {}", precedence.word()),
                detail: detail.clone(),
                documentation: Some(format!("{NIACT_MEANING} {}", precedence.meaning())),
                kind: CompletionKind::Precedence,
                replace,
            });
        }
        if after_niact && precedence != Precedence::Immediate {
            continue;
        }
        out.push(Completion {
            label: precedence.word().to_string(),
            detail,
            documentation: Some(precedence.meaning().to_string()),
            kind: CompletionKind::Precedence,
            replace,
        });
    }
    out.retain(|completion| starts_with_ci(&completion.label, prefix));
    out
}

/// The letters of the date-time group line (`Z`, `O`, `P`, `R`) or the
/// doubled prosigns that open the routing line (`ZZ`, `OO`, `PP`, `RR`).
fn precedence_letter_completions(prefix: &str, replace: Span, prosign: bool) -> Vec<Completion> {
    PRECEDENCES
        .into_iter()
        .map(|precedence| Completion {
            label: if prosign {
                precedence.prosign().to_string()
            } else {
                precedence.letter().to_string()
            },
            detail: Some(precedence.word().to_string()),
            documentation: Some(precedence.meaning().to_string()),
            kind: CompletionKind::Precedence,
            replace,
        })
        .filter(|completion| starts_with_ci(&completion.label, prefix))
        .collect()
}

fn is_addressee_keyword(word: &str) -> bool {
    ADDRESSEE_KEYWORDS
        .iter()
        .any(|keyword| keyword.eq_ignore_ascii_case(word))
}

fn is_precedence_letter(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(letter), None) if Precedence::from_letter(letter).is_some())
}

/// `ZZ`, `OO`, `PP`, `RR`, any case.
fn is_prosign(word: &str) -> bool {
    PRECEDENCES
        .iter()
        .any(|precedence| precedence.prosign().eq_ignore_ascii_case(word))
}

/// `241223Z`: six digits and the zone letter, the mark of an FL5 line.
fn looks_like_dtg_time(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() == 7
        && bytes[..6].iter().all(u8::is_ascii_digit)
        && bytes[6].eq_ignore_ascii_case(&b'Z')
}

/// The line holding `offset`, without its terminator.
fn line_around(text: &str, offset: usize) -> Span {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |idx| idx + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |idx| offset + idx);
    Span::new(start, end)
}

/// The closest line above `line_start` with something on it, trimmed of
/// its terminator. Walks back line by line, so its cost is the gap's length.
fn previous_nonblank_line(text: &str, line_start: usize) -> Option<Span> {
    let mut end = line_start.min(text.len());
    while end > 0 {
        let before = text.get(..end)?;
        let before = before.strip_suffix('\n').unwrap_or(before);
        let before = before.strip_suffix('\r').unwrap_or(before);
        let start = before.rfind(['\n', '\r']).map_or(0, |idx| idx + 1);
        if !before[start..].chars().all(is_blank_char) {
            return Some(Span::new(start, before.len()));
        }
        if start >= end {
            // `line_start` was not after a terminator: no line above to find.
            return None;
        }
        end = start;
    }
    None
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// The fixture without its `^` marker line, and the cursor offset.
    fn cursor(fixture: &str) -> (String, usize) {
        let (text, offset) = crate::ide::test_world::cursor(fixture);
        (text, offset.expect("fixture has a ^ marker line"))
    }

    /// The replaced text, the number of proposals and the first eight:
    /// label, kind, detail and the start of the documentation.
    fn check(fixture: &str, expect: Expect) {
        let (doc, offset) = cursor(fixture);
        let parse = crate::syntax::parse(&doc);
        let Some(cable) = parse
            .cables
            .iter()
            .find(|cable| cable.span().touches(offset))
        else {
            panic!("no cable at the cursor");
        };
        let text = cable.text(&doc);
        let found = completions(text, cable, offset - cable.start as usize);
        let mut out = String::new();
        if let Some(first) = found.first() {
            let _ = writeln!(
                out,
                "replace {:?}, {} proposals",
                first.replace.text(text),
                found.len()
            );
        }
        for completion in found.iter().take(8) {
            let _ = write!(
                out,
                "{} {:?} [{}]",
                completion.label,
                completion.kind,
                completion.detail.as_deref().unwrap_or("")
            );
            if let Some(documentation) = &completion.documentation {
                let start: String = documentation.chars().take(40).collect();
                let _ = write!(out, " {start}");
            }
            out.push('\n');
        }
        expect.assert_eq(&out);
    }

    const HEADER: &str = "\
VZCZCXRO9950
OO RUEHFL RUEHKW
DE RUEHRO #0104 0241223
ZNY CCCCC ZZH
O 241223Z JAN 08
FM AMEMBASSY ROME
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9726
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
";

    /// `HEADER` with `line` and its marker appended, then a banner and body.
    fn with_header(lines: &str) -> String {
        format!("{HEADER}{lines}\nC O N F I D E N T I A L ROME 000104\n\n¶1. (C) Text.\n")
    }

    #[test]
    fn tags_line_being_typed() {
        check(
            "TAGS: PREL PG\n             ^\nSUBJECT: A TITLE\n",
            expect![[r#"
                replace "PG", 2 proposals
                PG Tag [geographic tag] Spratly Islands
                PGOV Tag [subject tag] Internal governmental affairs
            "#]],
        );
    }

    #[test]
    fn tags_prefix_is_case_insensitive_and_inside_markdown_links() {
        let seed = include_str!("../../examples/000_2fe200cbb93dc52e.txt");
        let typed = "TAGS: [PREL](#) [PGOV](#) [SR](#) [kv](#) [ko";
        let marker = format!("{}^", " ".repeat(typed.len()));
        check(
            &seed.replace(
                "TAGS: [PREL](#) [PGOV](#) [SR](#) [KV](#)",
                &format!("{typed}\n{marker}"),
            ),
            expect![[r#"
                replace "ko", 3 proposals
                KO Tag [geographic tag]
                KOC Tag [organization tag] Kuwait Oil Company
                KOLY Tag [program tag] Olympic Games
            "#]],
        );
    }

    #[test]
    fn tags_empty_prefix_offers_every_code() {
        check(
            "TAGS: \n      ^\n",
            expect![[r#"
                replace "", 1048 proposals
                AA Tag [geographic tag] Aruba [ISO 3166: AW]
                AAA Tag [organization tag]
                AADP Tag [subject tag] Automated data processing
                AAFLI Tag [organization tag] Asian-American Free Labor Institute (AFL
                AAI Tag [organization tag] African-American Institute
                AALC Tag [organization tag] African-American Labor Center (AFL-CIO)
                ABA Tag [organization tag] American Bar Association
                ABC Tag [organization tag]
            "#]],
        );
    }

    #[test]
    fn tags_keyword_itself_offers_nothing() {
        check("TAGS: PREL\n  ^\n", expect![[""]]);
    }

    #[test]
    fn routing_indicator_after_to() {
        check(
            &with_header("TO RUEHR\n        ^"),
            expect![[r#"
                replace "RUEHR", 14 proposals
                RUEHRA RoutingIndicator [AMEMBASSY RIGA]
                RUEHRB RoutingIndicator [AMEMBASSY RABAT]
                RUEHRC RoutingIndicator [DEPT OF AGRICULTURE WASHDC]
                RUEHRD RoutingIndicator [AMCONSUL MERIDA]
                RUEHRG RoutingIndicator [AMCONSUL RECIFE]
                RUEHRH RoutingIndicator [AMEMBASSY RIYADH]
                RUEHRI RoutingIndicator [AMCONSUL RIO DE JANEIRO]
                RUEHRK RoutingIndicator [AMEMBASSY REYKJAVIK]
            "#]],
        );
    }

    #[test]
    fn routing_indicator_on_a_new_addressee_line() {
        check(
            &with_header("RUEHB\n     ^"),
            expect![[r#"
                replace "RUEHB", 19 proposals
                RUEHBC RoutingIndicator [REO BASRAH]
                RUEHBD RoutingIndicator [AMEMBASSY BANDAR SERI BEGAWAN]
                RUEHBE RoutingIndicator [AMEMBASSY BELMOPAN]
                RUEHBH RoutingIndicator [AMEMBASSY NASSAU]
                RUEHBI RoutingIndicator [AMCONSUL MUMBAI]
                RUEHBJ RoutingIndicator [AMEMBASSY BEIJING]
                RUEHBK RoutingIndicator [AMEMBASSY BANGKOK]
                RUEHBL RoutingIndicator [AMCONSUL BELFAST]
            "#]],
        );
    }

    #[test]
    fn station_after_slash_offers_nothing() {
        check(&with_header("RUEHBW/AMEM\n           ^"), expect![[""]]);
    }

    #[test]
    fn precedence_after_the_address() {
        check(
            &with_header("XMT RUEHBW/AMEMBASSY BELGRADE \n                              ^"),
            expect![[r#"
                replace "", 5 proposals
                FLASH Precedence [precedence Z] Flash: the highest precedence, for the m
                NIACT IMMEDIATE Precedence [precedence O] NIACT (night action): the addressee must
                IMMEDIATE Precedence [precedence O] Immediate: handled at once, ahead of pri
                PRIORITY Precedence [precedence P] Priority: expedited handling ahead of ro
                ROUTINE Precedence [precedence R] Routine: normal handling, in the order r
            "#]],
        );
    }

    #[test]
    fn precedence_prefix_and_niact() {
        check(
            &with_header("RUEHBW/AMEMBASSY BELGRADE PR\n                            ^"),
            expect![[r#"
                replace "PR", 1 proposals
                PRIORITY Precedence [precedence P] Priority: expedited handling ahead of ro
            "#]],
        );
        check(
            &with_header("RUEHBW/AMEMBASSY BELGRADE NIACT \n                                ^"),
            expect![[r#"
                replace "", 1 proposals
                IMMEDIATE Precedence [precedence O] Immediate: handled at once, ahead of pri
            "#]],
        );
    }

    #[test]
    fn serial_after_precedence_offers_nothing() {
        check(
            &with_header(
                "RUEHBW/AMEMBASSY BELGRADE PRIORITY \n                                   ^",
            ),
            expect![[""]],
        );
    }

    #[test]
    fn dtg_line_letters() {
        check(
            "VZCZCXRO9950\nOO RUEHFL\nDE RUEHRO #0104 0241223\nZNY CCCCC ZZH\nO 241223Z JAN 08\n^\n",
            expect![[r#"
                replace "", 4 proposals
                Z Precedence [FLASH] Flash: the highest precedence, for the m
                O Precedence [IMMEDIATE] Immediate: handled at once, ahead of pri
                P Precedence [PRIORITY] Priority: expedited handling ahead of ro
                R Precedence [ROUTINE] Routine: normal handling, in the order r
            "#]],
        );
        check(
            "VZCZCXRO9950\nOO RUEHFL\nDE RUEHRO #0104 0241223\nZNY CCCCC ZZH\n\n^\n",
            expect![[r#"
                replace "", 4 proposals
                Z Precedence [FLASH] Flash: the highest precedence, for the m
                O Precedence [IMMEDIATE] Immediate: handled at once, ahead of pri
                P Precedence [PRIORITY] Priority: expedited handling ahead of ro
                R Precedence [ROUTINE] Routine: normal handling, in the order r
            "#]],
        );
    }

    #[test]
    fn routing_line_prosign_then_indicators() {
        check(
            "VZCZCXRO9950\nO\n ^\n",
            expect![[r#"
                replace "O", 1 proposals
                OO Precedence [IMMEDIATE] Immediate: handled at once, ahead of pri
            "#]],
        );
        check(
            "VZCZCXRO9950\nOO RUEHFL RUEHK\n               ^\n",
            expect![[r#"
                replace "RUEHK", 18 proposals
                RUEHKA RoutingIndicator [AMEMBASSY DHAKA]
                RUEHKB RoutingIndicator [AMEMBASSY BAKU]
                RUEHKG RoutingIndicator [AMEMBASSY KINGSTON]
                RUEHKH RoutingIndicator [AMEMBASSY KHARTOUM]
                RUEHKHJ RoutingIndicator [AMCONSUL JUBA]
                RUEHKI RoutingIndicator [AMEMBASSY KINSHASA]
                RUEHKL RoutingIndicator [AMEMBASSY KUALA LUMPUR]
                RUEHKM RoutingIndicator [AMEMBASSY KAMPALA]
            "#]],
        );
    }

    #[test]
    fn de_line_station() {
        check(
            "VZCZCXRO9950\nOO RUEHFL\nDE RUEHR\n        ^\n",
            expect![[r#"
                replace "RUEHR", 14 proposals
                RUEHRA RoutingIndicator [AMEMBASSY RIGA]
                RUEHRB RoutingIndicator [AMEMBASSY RABAT]
                RUEHRC RoutingIndicator [DEPT OF AGRICULTURE WASHDC]
                RUEHRD RoutingIndicator [AMCONSUL MERIDA]
                RUEHRG RoutingIndicator [AMCONSUL RECIFE]
                RUEHRH RoutingIndicator [AMEMBASSY RIYADH]
                RUEHRI RoutingIndicator [AMCONSUL RIO DE JANEIRO]
                RUEHRK RoutingIndicator [AMEMBASSY REYKJAVIK]
            "#]],
        );
    }

    #[test]
    fn body_and_banner_offer_nothing() {
        let seed = include_str!("../../examples/000_2fe200cbb93dc52e.txt");
        // Prose that starts with `TO` is not an addressee once the body began.
        check(&seed.replace("SPOGLI", "TO THE \n       ^"), expect![[""]]);
        check(
            &seed.replace(
                "C O N F I D E N T I A L ROME 000104",
                "C O N F I D E N T I A L ROME 000104\n^",
            ),
            expect![[""]],
        );
    }

    #[test]
    fn offsets_past_the_end_and_inside_characters_never_panic() {
        for doc in ["", "¶", "TAGS: ¶", "TO ’", "\r\n\r", "VZCZC\r\nO"] {
            let parse = crate::syntax::parse(doc);
            for cable in &parse.cables {
                let text = cable.text(doc);
                for offset in 0..text.len() + 3 {
                    let _ = completions(text, cable, offset);
                }
            }
        }
        let doc = "TAGS: ¶";
        let parse = crate::syntax::parse(doc);
        let cable = &parse.cables[0];
        // Inside the two-byte `¶`: clamped back to its start.
        let found = completions(cable.text(doc), cable, doc.len() - 1);
        assert_eq!(found.first().map(|c| c.replace), Some(Span::new(6, 6)));
        assert_eq!(found.len(), all_tags().len());
    }

    #[test]
    fn every_offset_of_every_seed_in_lf_and_crlf_never_panics() {
        let seeds = [
            include_str!("../../examples/000_2fe200cbb93dc52e.txt"),
            include_str!("../../examples/001_d1f1339951ffc235.txt"),
            include_str!("../../examples/004_2f81a62bb2cdd743.txt"),
        ];
        for seed in seeds {
            for doc in [seed.to_string(), seed.replace('\n', "\r\n")] {
                let parse = crate::syntax::parse(&doc);
                for cable in &parse.cables {
                    let text = cable.text(&doc);
                    for offset in 0..=text.len() {
                        for completion in completions(text, cable, offset) {
                            assert_eq!(completion.replace.end as usize, offset);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn previous_nonblank_line_handles_every_line_break() {
        let text = "a\r\n\nb\r\rc";
        let line = |start: usize| previous_nonblank_line(text, start).map(|s| s.text(text));
        assert_eq!(line(4), Some("a"));
        assert_eq!(line(7), Some("b"));
        assert_eq!(line(6), Some("b"));
        assert_eq!(line(0), None);
    }
}
