//! Semantic tokens of one cable: the spans an editor colours by meaning (TAGS
//! codes, people, routing indicators, stations, precedences, date-time groups,
//! classifications, caption keywords, cited cables, paragraph markers, headings).

use crate::model::facts::CableFacts;
use crate::model::reference::ReferenceKind;
use crate::syntax::{Cable, Span, TagItemKind};

/// What a token is. The order of [`TOKEN_KINDS`] is the legend the server
/// announces, so a token's index in it is the number sent to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A TAGS code (`PREL`, `KV`).
    Tag,
    /// A person: a name from the people index, a TAGS person, a classifier,
    /// a signer.
    Person,
    /// A routing indicator (`RUEHRO`) on the routing, DE or addressee lines.
    RoutingIndicator,
    /// A plain-language station (`AMEMBASSY ROME`) or the banner's office.
    Station,
    /// A precedence letter, prosign or word (`O`, `OO`, `IMMEDIATE`).
    Precedence,
    /// The date-time group `241223Z JAN 08`.
    Dtg,
    /// The banner's classification and controls, the security-line letters
    /// and portion markings `(C)`.
    Classification,
    /// Caption and header keywords: `TAGS:`, `SUBJECT:`, `E.O.`, `REF:`,
    /// `Classified By:`, `TO`, `INFO`, `XMT`, `FM`, `DE`, `ZNY`.
    Keyword,
    /// A REF item that cites a cable (`ROME 94`).
    RefId,
    /// `¶1.`, `11.`, `[1](#)1.`.
    ParagraphMarker,
    /// A section heading's text.
    Heading,
}

/// Every kind, in legend order.
pub const TOKEN_KINDS: &[TokenKind] = &[
    TokenKind::Tag,
    TokenKind::Person,
    TokenKind::RoutingIndicator,
    TokenKind::Station,
    TokenKind::Precedence,
    TokenKind::Dtg,
    TokenKind::Classification,
    TokenKind::Keyword,
    TokenKind::RefId,
    TokenKind::ParagraphMarker,
    TokenKind::Heading,
];

impl TokenKind {
    /// The LSP semantic token type announced for this kind. Standard types
    /// only, so every theme colours them without configuration; each kind
    /// gets its own type so that no two kinds look alike:
    ///
    /// | kind | LSP type | why |
    /// |---|---|---|
    /// | Tag | `enumMember` | a value from a fixed table |
    /// | Person | `variable` | a name that recurs across cables |
    /// | RoutingIndicator | `macro` | a code that expands to a station |
    /// | Station | `namespace` | a place that qualifies everything sent to it |
    /// | Precedence | `property` | a handling attribute of the message |
    /// | Dtg | `number` | a numeric timestamp |
    /// | Classification | `type` | the kind of document it makes the cable |
    /// | Keyword | `keyword` | the format's fixed words |
    /// | RefId | `string` | a citation, like a quoted reference |
    /// | ParagraphMarker | `operator` | punctuation that structures the text |
    /// | Heading | `class` | a declaration-like title that should stand out |
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Tag => "enumMember",
            TokenKind::Person => "variable",
            TokenKind::RoutingIndicator => "macro",
            TokenKind::Station => "namespace",
            TokenKind::Precedence => "property",
            TokenKind::Dtg => "number",
            TokenKind::Classification => "type",
            TokenKind::Keyword => "keyword",
            TokenKind::RefId => "string",
            TokenKind::ParagraphMarker => "operator",
            TokenKind::Heading => "class",
        }
    }

    /// The position of this kind in [`TOKEN_KINDS`], the number the protocol sends.
    pub fn legend_index(self) -> u32 {
        TOKEN_KINDS
            .iter()
            .position(|kind| *kind == self)
            .map_or(0, |idx| idx as u32)
    }
}

/// One token, relative to the cable's text, never spanning a line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The tokens of `cable` (own text `text`), sorted by start, non-overlapping,
/// each on one line. `person_spans` are the people the caller found in the
/// prose (the people index); they are cable-relative like every other span.
pub fn semantic_tokens(
    text: &str,
    cable: &Cable,
    facts: &CableFacts,
    person_spans: &[Span],
) -> Vec<Token> {
    let mut raw: Vec<Token> = Vec::new();
    let mut push = |span: Span, kind: TokenKind| {
        // A span from the caller may not fit this text (a stale index): skip
        // it rather than let it hide the tokens it would overlap.
        if !span.is_empty() && text.get(span.range()).is_some() {
            raw.push(Token { span, kind });
        }
    };

    if let Some(routing) = &cable.routing {
        push(routing.prosign, TokenKind::Precedence);
        for ri in &routing.indicators {
            push(*ri, TokenKind::RoutingIndicator);
        }
    }
    if let Some(de) = &cable.de {
        push(first_word_of(text, de.span), TokenKind::Keyword);
        if let Some(station) = de.station {
            push(station, TokenKind::RoutingIndicator);
        }
    }
    if let Some(security) = &cable.security {
        push(security.signal, TokenKind::Keyword);
        if let Some(letters) = security.letters {
            push(letters, TokenKind::Classification);
        }
    }
    if let Some(dtg_line) = &cable.dtg_line {
        push(dtg_line.precedence, TokenKind::Precedence);
        if let Some(info) = dtg_line.info_precedence {
            push(info, TokenKind::Precedence);
        }
        if let Some(dtg) = &dtg_line.dtg {
            push(dtg.span, TokenKind::Dtg);
        }
    }
    if let Some(from) = &cable.from {
        push(first_word_of(text, from.span), TokenKind::Keyword);
        push(from.address, TokenKind::Station);
    }
    for addressee in &cable.addressees {
        if let Some(keyword) = addressee.keyword {
            push(keyword, TokenKind::Keyword);
        }
        if let Some(ri) = addressee.routing_indicator {
            push(ri, TokenKind::RoutingIndicator);
        }
        push(addressee.station, TokenKind::Station);
        if let Some(precedence) = addressee.precedence {
            push(precedence, TokenKind::Precedence);
        }
    }
    for banner in &cable.banners {
        push(banner.classification, TokenKind::Classification);
        if let Some(controls) = banner.controls {
            push(controls, TokenKind::Classification);
        }
        if let Some(office) = banner.office {
            push(office, TokenKind::Station);
        }
    }
    if let Some(eo) = &cable.eo {
        push(eo.keyword, TokenKind::Keyword);
    }
    if let Some(tags) = &cable.tags {
        push(with_colon(text, tags.keyword), TokenKind::Keyword);
        for item in &tags.items {
            let kind = match item.kind {
                TagItemKind::Code => TokenKind::Tag,
                TagItemKind::Person => TokenKind::Person,
            };
            push(item.value, kind);
        }
    }
    if let Some(subject) = &cable.subject {
        push(with_colon(text, subject.keyword), TokenKind::Keyword);
        if let Some(marking) = subject.marking {
            push(marking, TokenKind::Classification);
        }
    }
    if let Some(refs) = &cable.refs {
        push(with_colon(text, refs.keyword), TokenKind::Keyword);
    }
    for reference in &facts.references {
        if reference.kind == ReferenceKind::Cable {
            push(reference.span, TokenKind::RefId);
        }
    }
    if let Some(classified_by) = &cable.classified_by {
        push(with_colon(text, classified_by.keyword), TokenKind::Keyword);
        for person in &classified_by.people {
            push(*person, TokenKind::Person);
        }
    }
    for heading in &cable.headings {
        push(heading.text, TokenKind::Heading);
    }
    for paragraph in &cable.paragraphs {
        if let Some(marker) = &paragraph.marker {
            push(marker.span, TokenKind::ParagraphMarker);
        }
        if let Some(marking) = paragraph.marking {
            push(marking, TokenKind::Classification);
        }
    }
    if let Some(signature) = &cable.signature {
        for name in &signature.names {
            push(*name, TokenKind::Person);
        }
    }
    for person in person_spans {
        push(*person, TokenKind::Person);
    }

    // Each push group is in text order, so the input is a handful of sorted
    // runs, which the standard (merge) sort handles in near-linear time. At
    // equal starts the longer token wins: it is the more specific element.
    raw.sort_by_key(|token| (token.span.start, std::cmp::Reverse(token.span.end)));
    let mut tokens = Vec::with_capacity(raw.len());
    let mut covered_until = 0u32;
    for token in raw {
        // Overlaps come from the caller's person spans meeting the tree's
        // elements, or from a damaged header; the earlier token is kept.
        if token.span.start < covered_until {
            continue;
        }
        covered_until = token.span.end;
        split_at_line_ends(text, token, &mut tokens);
    }
    tokens
}

/// The tokens that intersect `range`, for `textDocument/semanticTokens/range`.
/// `tokens` must be the sorted, non-overlapping output of [`semantic_tokens`],
/// so their ends are sorted too and two binary searches find the slice.
pub fn tokens_in(tokens: &[Token], range: Span) -> &[Token] {
    let first = tokens.partition_point(|token| token.span.end <= range.start);
    let last = tokens.partition_point(|token| token.span.start < range.end);
    tokens.get(first..last.max(first)).unwrap_or(&[])
}

/// Pushes `token` cut at every line break, each piece trimmed of blanks, so
/// that a wrapped REF citation or a name broken over two lines still colours.
/// Clients cannot take multi-line tokens unless they announce it, and few do.
fn split_at_line_ends(text: &str, token: Token, out: &mut Vec<Token>) {
    let Some(slice) = text.get(token.span.range()) else {
        return;
    };
    let base = token.span.start as usize;
    let mut piece_start = 0;
    for (idx, byte) in slice.bytes().enumerate() {
        if byte == b'\n' || byte == b'\r' {
            push_trimmed(slice, base, piece_start, idx, token.kind, out);
            piece_start = idx + 1;
        }
    }
    push_trimmed(slice, base, piece_start, slice.len(), token.kind, out);
}

fn push_trimmed(
    slice: &str,
    base: usize,
    start: usize,
    end: usize,
    kind: TokenKind,
    out: &mut Vec<Token>,
) {
    // `start` and `end` sit next to ASCII line breaks or at the slice's ends,
    // so they are char boundaries; `get` keeps it panic-free regardless.
    let Some(piece) = slice.get(start..end) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let kept = piece.trim().len();
    if kept > 0 {
        let piece_start = base + start + lead;
        out.push(Token {
            span: Span::new(piece_start, piece_start + kept),
            kind,
        });
    }
}

/// `TAGS` → `TAGS:` when the colon follows at once: the keyword as the brief
/// of the format writes it.
fn with_colon(text: &str, keyword: Span) -> Span {
    if text.as_bytes().get(keyword.end as usize) == Some(&b':') {
        Span {
            start: keyword.start,
            end: keyword.end + 1,
        }
    } else {
        keyword
    }
}

/// The first word of a line (`DE`, `FM`), which the tree keeps no span for.
fn first_word_of(text: &str, span: Span) -> Span {
    let slice = span.text(text);
    let lead = slice.len() - slice.trim_start().len();
    let word_len = slice[lead..]
        .find(char::is_whitespace)
        .unwrap_or(slice.len() - lead);
    let start = span.start as usize + lead;
    Span::new(start, start + word_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::facts::cable_facts;
    use crate::model::line_index::LineIndex;
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// One token per line: `line:column kind "text"`. `people` are substrings
    /// of the fixture whose first occurrence the caller reports as a person.
    fn check(fixture: &str, people: &[&str], expect: Expect) {
        let parse = crate::syntax::parse(fixture);
        let Some(cable) = parse.cables.first() else {
            expect.assert_eq("");
            return;
        };
        let text = cable.text(fixture);
        let facts = cable_facts(text, cable);
        let person_spans: Vec<Span> = people
            .iter()
            .filter_map(|name| {
                let start = text.find(name)?;
                Some(Span::new(start, start + name.len()))
            })
            .collect();
        let tokens = semantic_tokens(text, cable, &facts, &person_spans);
        assert_well_formed(text, &tokens);
        let index = LineIndex::new(text);
        let mut out = String::new();
        for token in &tokens {
            let (line, column) = index.position(text, token.span.start as usize);
            let _ = writeln!(
                out,
                "{line}:{column} {:?} {:?}",
                token.kind,
                token.span.text(text)
            );
        }
        expect.assert_eq(&out);
    }

    fn assert_well_formed(text: &str, tokens: &[Token]) {
        for pair in tokens.windows(2) {
            assert!(
                pair[0].span.end <= pair[1].span.start,
                "{:?} and {:?} overlap or are out of order",
                pair[0],
                pair[1]
            );
        }
        for token in tokens {
            let under = token.span.text(text);
            assert!(!under.is_empty(), "empty or misplaced {token:?}");
            assert!(!under.contains(['\n', '\r']), "multi-line {token:?}");
        }
    }

    #[test]
    fn seed_001_header_captions_and_body() {
        check(
            include_str!("../../examples/001_d1f1339951ffc235.txt"),
            &["Raimondo De Cardona", "Kostunica"],
            expect![[r#"
                4:0 Precedence "OO"
                4:3 RoutingIndicator "RUEHDBU"
                4:11 RoutingIndicator "RUEHFL"
                4:18 RoutingIndicator "RUEHKW"
                4:25 RoutingIndicator "RUEHLA"
                4:32 RoutingIndicator "RUEHROV"
                4:40 RoutingIndicator "RUEHSR"
                6:0 Keyword "DE"
                6:3 RoutingIndicator "RUEHRO"
                8:0 Keyword "ZNY"
                8:4 Classification "CCCCC"
                10:0 Precedence "O"
                10:2 Dtg "181211Z JUN 07"
                12:0 Keyword "FM"
                12:3 Station "AMEMBASSY ROME"
                14:0 Keyword "TO"
                14:3 RoutingIndicator "RUEHC"
                14:9 Station "SECSTATE WASHDC"
                14:25 Precedence "IMMEDIATE"
                16:0 Keyword "INFO"
                16:5 RoutingIndicator "RUEHDL"
                16:12 Station "EUROPEAN POLITICAL COLLECTIVE"
                16:42 Precedence "PRIORITY"
                18:0 RoutingIndicator "RUEHBW"
                18:7 Station "AMEMBASSY BELGRADE"
                18:26 Precedence "PRIORITY"
                20:0 RoutingIndicator "RUEHRL"
                20:7 Station "AMEMBASSY BERLIN"
                20:24 Precedence "PRIORITY"
                22:0 RoutingIndicator "RUEHLO"
                22:7 Station "AMEMBASSY LONDON"
                22:24 Precedence "PRIORITY"
                24:0 RoutingIndicator "RUEHMO"
                24:7 Station "AMEMBASSY MOSCOW"
                24:24 Precedence "PRIORITY"
                26:0 RoutingIndicator "RUEHFR"
                26:7 Station "AMEMBASSY PARIS"
                26:23 Precedence "PRIORITY"
                28:0 RoutingIndicator "RUEHFL"
                28:7 Station "AMCONSUL FLORENCE"
                28:25 Precedence "PRIORITY"
                30:0 RoutingIndicator "RUEHMIL"
                30:8 Station "AMCONSUL MILAN"
                30:23 Precedence "PRIORITY"
                32:0 RoutingIndicator "RUEHNP"
                32:7 Station "AMCONSUL NAPLES"
                32:23 Precedence "PRIORITY"
                34:0 RoutingIndicator "RUEHPS"
                34:7 Station "USOFFICE PRISTINA"
                34:25 Precedence "PRIORITY"
                36:0 RoutingIndicator "RUCNDT"
                36:7 Station "USMISSION USUN NEW YORK"
                36:31 Precedence "PRIORITY"
                38:0 RoutingIndicator "RUEHVEN"
                38:8 Station "USMISSION USOSCE"
                38:25 Precedence "PRIORITY"
                40:0 RoutingIndicator "RUEHNO"
                40:7 Station "USMISSION USNATO"
                40:24 Precedence "PRIORITY"
                42:0 Classification "C O N F I D E N T I A L"
                42:41 Station "ROME"
                50:0 Keyword "E.O."
                52:0 Keyword "TAGS:"
                52:7 Tag "PREL"
                52:17 Tag "PGOV"
                52:27 Tag "UNSC"
                52:37 Tag "SR"
                52:45 Tag "VI"
                52:53 Tag "IT"
                54:0 Keyword "SUBJECT:"
                57:0 Keyword "REF:"
                57:39 RefId "ROME 1305"
                61:0 Keyword "Classified By:"
                61:29 Person "David D. Pearce"
                63:0 Heading "Summary"
                67:0 ParagraphMarker "¶1."
                67:4 Classification "(C/NF)"
                67:337 Person "Raimondo De Cardona"
                71:79 Person "Kostunica"
                73:0 ParagraphMarker "¶2."
                73:4 Classification "(C/NF)"
                77:0 ParagraphMarker "¶3."
                77:4 Classification "(C/NF)"
                79:0 ParagraphMarker "¶4."
                79:4 Classification "(C/NF)"
                85:0 ParagraphMarker "¶5."
                85:4 Classification "(C/NF)"
                87:0 Person "Spogli"
            "#]],
        );
    }

    #[test]
    fn seed_004_headings_and_marker_styles() {
        check(
            include_str!("../../examples/004_2f81a62bb2cdd743.txt"),
            &[],
            expect![[r#"
                3:0 Precedence "PP"
                3:3 RoutingIndicator "RUEHDBU"
                3:11 RoutingIndicator "RUEHFL"
                3:18 RoutingIndicator "RUEHKW"
                3:25 RoutingIndicator "RUEHLA"
                3:32 RoutingIndicator "RUEHROV"
                3:40 RoutingIndicator "RUEHSR"
                4:0 Keyword "DE"
                4:3 RoutingIndicator "RUEHRO"
                5:0 Keyword "ZNY"
                5:4 Classification "CCCCC"
                6:0 Precedence "P"
                6:2 Dtg "221516Z JUN 06"
                7:0 Keyword "FM"
                7:3 Station "AMEMBASSY ROME"
                8:0 Keyword "TO"
                8:3 RoutingIndicator "RUEHC"
                8:9 Station "SECSTATE WASHDC"
                8:25 Precedence "PRIORITY"
                9:0 Keyword "INFO"
                9:5 RoutingIndicator "RUEHZL"
                9:12 Station "EUROPEAN POLITICAL COLLECTIVE"
                9:42 Precedence "PRIORITY"
                10:0 RoutingIndicator "RUEHGB"
                10:7 Station "AMEMBASSY BAGHDAD"
                10:25 Precedence "PRIORITY"
                11:0 RoutingIndicator "RUEHBW"
                11:7 Station "AMEMBASSY BELGRADE"
                11:26 Precedence "PRIORITY"
                12:0 RoutingIndicator "RUEHBM"
                12:7 Station "AMEMBASSY BUCHAREST"
                12:27 Precedence "PRIORITY"
                13:0 RoutingIndicator "RUEHFL"
                13:7 Station "AMCONSUL FLORENCE"
                13:25 Precedence "PRIORITY"
                14:0 RoutingIndicator "RUEHMIL"
                14:8 Station "AMCONSUL MILAN"
                14:23 Precedence "PRIORITY"
                15:0 RoutingIndicator "RUEHNP"
                15:7 Station "AMCONSUL NAPLES"
                15:23 Precedence "PRIORITY"
                16:0 RoutingIndicator "RUEHPS"
                16:7 Station "USOFFICE PRISTINA"
                16:25 Precedence "PRIORITY"
                17:0 RoutingIndicator "RHEHNSC"
                17:8 Station "WHITE HOUSE NSC WASHDC"
                17:31 Precedence "PRIORITY"
                18:0 RoutingIndicator "RUEKJCS"
                18:8 Station "SECDEF WASHDC"
                18:22 Precedence "PRIORITY"
                20:0 Classification "C O N F I D E N T I A L"
                20:24 Station "ROME"
                26:0 Keyword "E.O."
                27:0 Keyword "TAGS:"
                27:7 Tag "PREL"
                27:17 Tag "PGOV"
                27:27 Tag "IT"
                27:35 Tag "SR"
                27:43 Tag "YI"
                27:51 Tag "RO"
                28:0 Keyword "SUBJECT:"
                30:0 Keyword "Classified By:"
                30:29 Person "Jonathan R. Cohen"
                32:0 ParagraphMarker "11."
                32:4 Classification "(C)"
                34:0 Heading "Italy supports Romanian accession into EU in 2007"
                37:0 ParagraphMarker "12."
                37:4 Classification "(C)"
                39:0 ParagraphMarker "13."
                39:4 Classification "(C)"
                41:0 Heading "Ahtisaari Given Assurances of Italian Support"
                44:0 ParagraphMarker "¶4."
                44:4 Classification "(C)"
                46:0 ParagraphMarker "¶5."
                46:4 Classification "(C)"
                48:0 ParagraphMarker "¶6."
                48:4 Classification "(C)"
                49:0 Person "SPOGLI"
            "#]],
        );
    }

    #[test]
    fn person_tags_wrapped_refs_and_overlaps() {
        // The caller's person span overlaps the heading: the heading, which
        // starts first, wins. The wrapped REF citation splits at the line end.
        check(
            "\
TAGS: OVIP STEINBERG, JAMES B. PREL
SUBJECT: (C) A VISIT
REF: A) ROME
94 B) STATE EMAIL 12/3

Ahtisaari Given Assurances
- - -

1. (S/NF) Text about Ahtisaari.
",
            &["Given Assurances", "Ahtisaari."],
            expect![[r#"
                0:0 Keyword "TAGS:"
                0:6 Tag "OVIP"
                0:11 Person "STEINBERG, JAMES B."
                0:31 Tag "PREL"
                1:0 Keyword "SUBJECT:"
                1:9 Classification "(C)"
                2:0 Keyword "REF:"
                2:8 RefId "ROME"
                3:0 RefId "94"
                5:0 Heading "Ahtisaari Given Assurances"
                8:0 ParagraphMarker "1."
                8:3 Classification "(S/NF)"
                8:21 Person "Ahtisaari."
            "#]],
        );
    }

    #[test]
    fn legend_names_are_distinct_and_indexed() {
        let names: Vec<&str> = TOKEN_KINDS.iter().map(|kind| kind.name()).collect();
        assert_eq!(
            names,
            [
                "enumMember",
                "variable",
                "macro",
                "namespace",
                "property",
                "number",
                "type",
                "keyword",
                "string",
                "operator",
                "class",
            ]
        );
        for (idx, kind) in TOKEN_KINDS.iter().enumerate() {
            assert_eq!(kind.legend_index(), idx as u32);
        }
    }

    #[test]
    fn tokens_in_range() {
        let token = |start: usize, end: usize| Token {
            span: Span::new(start, end),
            kind: TokenKind::Tag,
        };
        let tokens = [token(0, 4), token(5, 9), token(10, 14), token(20, 24)];
        assert_eq!(tokens_in(&tokens, Span::new(6, 12)), &tokens[1..3]);
        assert_eq!(tokens_in(&tokens, Span::new(4, 5)), &[] as &[Token]);
        assert_eq!(tokens_in(&tokens, Span::new(0, 100)), &tokens[..]);
        assert_eq!(tokens_in(&tokens, Span::new(14, 20)), &[] as &[Token]);
        assert_eq!(tokens_in(&tokens, Span::new(30, 40)), &[] as &[Token]);
        assert_eq!(tokens_in(&[], Span::new(0, 10)), &[] as &[Token]);
    }

    #[test]
    fn out_of_range_person_spans_are_ignored() {
        let doc = "TAGS: PREL\n";
        let parse = crate::syntax::parse(doc);
        let cable = &parse.cables[0];
        let text = cable.text(doc);
        let facts = cable_facts(text, cable);
        let tokens = semantic_tokens(
            text,
            cable,
            &facts,
            &[Span::new(3, 400), Span::new(500, 600)],
        );
        let rendered: Vec<(&str, TokenKind)> = tokens
            .iter()
            .map(|token| (token.span.text(text), token.kind))
            .collect();
        assert_eq!(
            rendered,
            [("TAGS:", TokenKind::Keyword), ("PREL", TokenKind::Tag)]
        );
    }

    #[test]
    fn crlf_gives_the_same_tokens_as_lf() {
        let seed = include_str!("../../examples/001_d1f1339951ffc235.txt");
        let render = |doc: &str| -> Vec<(String, TokenKind)> {
            let parse = crate::syntax::parse(doc);
            let cable = &parse.cables[0];
            let text = cable.text(doc);
            let facts = cable_facts(text, cable);
            let tokens = semantic_tokens(text, cable, &facts, &[]);
            assert_well_formed(text, &tokens);
            tokens
                .iter()
                .map(|token| (token.span.text(text).to_string(), token.kind))
                .collect()
        };
        assert_eq!(render(&seed.replace('\n', "\r\n")), render(seed));
    }

    #[test]
    fn empty_and_odd_inputs_never_panic() {
        for doc in ["", "\n", "¶", "¶1. (C)", "TAGS: ¶\r\n", "\r\r"] {
            let parse = crate::syntax::parse(doc);
            for cable in &parse.cables {
                let text = cable.text(doc);
                let facts = cable_facts(text, cable);
                let tokens = semantic_tokens(text, cable, &facts, &[Span::new(0, 1)]);
                assert_well_formed(text, &tokens);
            }
        }
    }
}
