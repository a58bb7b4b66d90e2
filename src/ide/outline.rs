//! The document outline of one cable: header groups, captions, sections and
//! paragraphs as a tree of named spans, for the editor's symbol view.

use crate::model::facts::CableFacts;
use crate::syntax::lines::lines_from;
use crate::syntax::{AddresseeKind, Cable, Paragraph, Span};

/// What an outline node stands for; the protocol layer maps it to an LSP
/// `SymbolKind` so that this module stays free of protocol types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    Cable,
    /// A header block: "Transmission", "Addressees", "Captions".
    Group,
    /// One header line or caption.
    Field,
    Heading,
    Paragraph,
}

/// One node of the outline. Spans are relative to the cable's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineNode {
    pub name: String,
    pub detail: Option<String>,
    pub kind: OutlineKind,
    /// The whole element; contains every child's span.
    pub span: Span,
    /// The part that identifies the element (id, keyword, marker, heading
    /// text), where the editor puts the cursor; always inside `span`.
    pub selection: Span,
    pub children: Vec<OutlineNode>,
}

/// How many words of prose name a paragraph: enough to recognise it in a
/// narrow outline pane.
const PARAGRAPH_NAME_WORDS: usize = 6;

/// Field values (a routing line, a REF list) are cut to this many characters:
/// the outline is for finding things, the hover shows the rest.
const DETAIL_MAX_CHARS: usize = 60;

/// The outline of `cable`, whose own text is `text`.
pub fn outline(text: &str, cable: &Cable, facts: &CableFacts) -> OutlineNode {
    let cable_span = Span::new(0, text.len());
    let mut top_level: Vec<OutlineNode> = Vec::new();
    let groups = [
        transmission_group(text, cable),
        addressees_group(text, cable),
        captions_group(text, cable, facts),
    ];
    for group in groups.into_iter().flatten() {
        insert_node(&mut top_level, group);
    }
    for node in body_nodes(text, cable) {
        insert_node(&mut top_level, node);
    }
    if let Some(signature) = &cable.signature {
        let names: Vec<&str> = signature.names.iter().map(|n| n.text(text)).collect();
        insert_node(
            &mut top_level,
            field(
                "Signature",
                (!names.is_empty()).then(|| names.join(", ")),
                signature.span,
                signature.span,
            ),
        );
    }
    OutlineNode {
        name: cable_name(text, facts),
        detail: cable_detail(facts),
        kind: OutlineKind::Cable,
        span: cable_span,
        selection: clamp_into(cable_selection(text, cable), cable_span),
        children: top_level,
    }
}

/// `08ROME104 — KOSOVO: ...`, falling back to whatever identifies the cable.
fn cable_name(text: &str, facts: &CableFacts) -> String {
    let name = match (&facts.id, &facts.subject) {
        (Some(id), Some(subject)) => format!("{id} — {subject}"),
        (Some(id), None) => id.clone(),
        (None, Some(subject)) => subject.clone(),
        (None, None) => first_nonblank_line(text)
            .map(|line| shorten(&collapsed(line.text(text)), DETAIL_MAX_CHARS))
            .unwrap_or_default(),
    };
    if name.trim().is_empty() {
        "cable".to_string()
    } else {
        name
    }
}

/// `2008-01-24 12:23Z · CONFIDENTIAL`: what distinguishes cables with similar subjects.
fn cable_detail(facts: &CableFacts) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(date) = facts.date {
        parts.push(format!(
            "{} {:02}:{:02}Z",
            date.date.iso(),
            date.hour,
            date.minute
        ));
    }
    if let Some(classification) = facts.classification {
        parts.push(classification.word().to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The banner carries office and serial (the id); without one, the first
/// header element that exists.
fn cable_selection(text: &str, cable: &Cable) -> Span {
    cable
        .banner()
        .map(|b| b.span)
        .or(cable.transmission_id.as_ref().map(|t| t.span))
        .or(cable.de.as_ref().map(|d| d.span))
        .or(cable.dtg_line.as_ref().map(|d| d.span))
        .or(cable.subject.as_ref().map(|s| s.span))
        .or_else(|| first_nonblank_line(text))
        .unwrap_or_default()
}

fn transmission_group(text: &str, cable: &Cable) -> Option<OutlineNode> {
    let mut fields = Vec::new();
    if let Some(id) = &cable.transmission_id {
        fields.push(field(
            "Transmission id",
            Some(id.span.text(text).to_string()),
            id.span,
            id.span,
        ));
    }
    if let Some(routing) = &cable.routing {
        fields.push(field(
            "Routing",
            Some(collapsed(routing.span.text(text))),
            routing.span,
            routing.prosign,
        ));
    }
    if let Some(de) = &cable.de {
        fields.push(keyword_field(text, de.span, None));
    }
    if let Some(security) = &cable.security {
        fields.push(keyword_field(text, security.span, Some(security.signal)));
    }
    if let Some(dtg_line) = &cable.dtg_line {
        let selection = dtg_line
            .dtg
            .as_ref()
            .map_or(dtg_line.precedence, |d| d.span);
        fields.push(field(
            "DTG",
            Some(collapsed(dtg_line.span.text(text))),
            dtg_line.span,
            selection,
        ));
    }
    if let Some(from) = &cable.from {
        fields.push(keyword_field(text, from.span, None));
    }
    group("Transmission", fields)
}

fn addressees_group(text: &str, cable: &Cable) -> Option<OutlineNode> {
    let fields = cable
        .addressees
        .iter()
        .map(|addressee| {
            let mut detail = match addressee.kind {
                AddresseeKind::To => "TO".to_string(),
                AddresseeKind::Info => "INFO".to_string(),
                AddresseeKind::Xmt => "XMT".to_string(),
            };
            for part in [addressee.routing_indicator, addressee.precedence]
                .into_iter()
                .flatten()
            {
                detail.push(' ');
                detail.push_str(&collapsed(part.text(text)));
            }
            let station = collapsed(addressee.station.text(text));
            let name = if station.is_empty() {
                "addressee".to_string()
            } else {
                station
            };
            field(&name, Some(detail), addressee.span, addressee.station)
        })
        .collect();
    group("Addressees", fields)
}

fn captions_group(text: &str, cable: &Cable, facts: &CableFacts) -> Option<OutlineNode> {
    let mut fields = Vec::new();
    if let Some(eo) = &cable.eo {
        let detail = rest_after(text, eo.span, eo.keyword);
        fields.push(field(eo.keyword.text(text), detail, eo.span, eo.keyword));
    }
    if let Some(tags) = &cable.tags {
        let detail = (!facts.tags.is_empty()).then(|| facts.tags.join(" "));
        fields.push(field(
            tags.keyword.text(text),
            detail,
            tags.span,
            tags.keyword,
        ));
    }
    if let Some(subject) = &cable.subject {
        fields.push(field(
            subject.keyword.text(text),
            facts.subject.clone(),
            subject.span,
            subject.keyword,
        ));
    }
    if let Some(refs) = &cable.refs {
        let detail = rest_after(text, refs.span, refs.keyword);
        fields.push(field(
            refs.keyword.text(text),
            detail,
            refs.span,
            refs.keyword,
        ));
    }
    if let Some(classified_by) = &cable.classified_by {
        let people: Vec<String> = classified_by
            .people
            .iter()
            .map(|p| collapsed(p.text(text)))
            .collect();
        fields.push(field(
            classified_by.keyword.text(text),
            (!people.is_empty()).then(|| people.join(", ")),
            classified_by.span,
            classified_by.keyword,
        ));
    }
    group("Captions", fields)
}

/// Headings and paragraphs in text order; each heading takes the paragraphs
/// up to the next heading as children, paragraphs before any heading stay at
/// cable level.
fn body_nodes(text: &str, cable: &Cable) -> Vec<OutlineNode> {
    let mut out: Vec<OutlineNode> = Vec::new();
    let mut paragraphs = cable.paragraphs.iter().peekable();
    let mut headings = cable.headings.iter().peekable();
    loop {
        let paragraph_comes_first = match (paragraphs.peek(), headings.peek()) {
            (Some(paragraph), Some(heading)) => paragraph.span.start < heading.span.start,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if paragraph_comes_first {
            if let Some(paragraph) = paragraphs.next() {
                out.push(paragraph_node(text, paragraph));
            }
            continue;
        }
        let Some(heading) = headings.next() else {
            break;
        };
        let section_end = headings.peek().map(|h| h.span.start);
        let mut node = OutlineNode {
            name: heading_name(text, heading.text),
            detail: None,
            kind: OutlineKind::Heading,
            span: heading.span,
            selection: clamp_into(heading.text, heading.span),
            children: Vec::new(),
        };
        while let Some(paragraph) =
            paragraphs.next_if(|p| section_end.is_none_or(|end| p.span.start < end))
        {
            node.span = node.span.cover(paragraph.span);
            insert_node(&mut node.children, paragraph_node(text, paragraph));
        }
        out.push(node);
    }
    out
}

fn heading_name(text: &str, heading_text: Span) -> String {
    let name = collapsed(heading_text.text(text));
    if name.is_empty() {
        "heading".to_string()
    } else {
        name
    }
}

/// `¶3 (C) The GOI is backing away from…`.
fn paragraph_node(text: &str, paragraph: &Paragraph) -> OutlineNode {
    let mut name = String::from("¶");
    if let Some(marker) = &paragraph.marker {
        name.push_str(&marker.number.to_string());
    }
    if let Some(marking) = paragraph.marking {
        name.push(' ');
        name.push_str(marking.text(text));
    }
    let prose_start = (paragraph.text_start.max(paragraph.span.start)).min(paragraph.span.end);
    let prose = Span {
        start: prose_start,
        end: paragraph.span.end,
    };
    let mut words = prose.text(text).split_whitespace();
    let first_words: Vec<&str> = words.by_ref().take(PARAGRAPH_NAME_WORDS).collect();
    if !first_words.is_empty() {
        name.push(' ');
        name.push_str(&first_words.join(" "));
        if words.next().is_some() {
            name.push('…');
        }
    }
    let selection = paragraph
        .marker
        .as_ref()
        .map(|m| m.span)
        .or(paragraph.marking)
        .unwrap_or_else(|| first_line_of(text, paragraph.span));
    OutlineNode {
        name,
        detail: None,
        kind: OutlineKind::Paragraph,
        span: paragraph.span,
        selection: clamp_into(selection, paragraph.span),
        children: Vec::new(),
    }
}

fn field(name: &str, detail: Option<String>, span: Span, selection: Span) -> OutlineNode {
    OutlineNode {
        name: name.to_string(),
        detail: detail.filter(|d| !d.is_empty()),
        kind: OutlineKind::Field,
        span,
        selection: clamp_into(selection, span),
        children: Vec::new(),
    }
}

/// A line named by its first word (`DE`, `ZNY`, `FM`), the rest as detail.
fn keyword_field(text: &str, span: Span, keyword: Option<Span>) -> OutlineNode {
    let keyword = keyword.unwrap_or_else(|| first_word_of(text, span));
    let detail = rest_after(text, span, keyword);
    let name = keyword.text(text);
    field(
        if name.is_empty() { "line" } else { name },
        detail,
        span,
        keyword,
    )
}

/// A group covering its fields; `None` when it has none, so cables without a
/// header show no empty "Transmission" node.
fn group(name: &str, fields: Vec<OutlineNode>) -> Option<OutlineNode> {
    let first = fields.first()?;
    let selection = first.selection;
    let span = fields
        .iter()
        .fold(first.span, |acc, field| acc.cover(field.span));
    let mut children = Vec::new();
    for field in fields {
        insert_node(&mut children, field);
    }
    Some(OutlineNode {
        name: name.to_string(),
        detail: None,
        kind: OutlineKind::Group,
        span,
        selection,
        children,
    })
}

/// Adds `node` after `siblings`, keeping the outline's invariants whatever
/// the parser produced: a node inside the last sibling (a signature glued into
/// the last paragraph) becomes its descendant, a node overlapping it is cut to
/// start after it, and a node that would go backwards is dropped.
fn insert_node(siblings: &mut Vec<OutlineNode>, mut node: OutlineNode) {
    if let Some(last) = siblings.last_mut() {
        if last.span.start <= node.span.start && node.span.end <= last.span.end {
            if last.span != node.span {
                insert_node(&mut last.children, node);
            }
            return;
        }
        if node.span.start < last.span.end {
            if node.span.end <= last.span.end {
                return;
            }
            node.span.start = last.span.end;
            node.selection = clamp_into(node.selection, node.span);
        }
    }
    siblings.push(node);
}

/// `inner` if it lies inside `outer`, else the empty span at `outer`'s start,
/// so a selection is always inside its node as the protocol requires.
fn clamp_into(inner: Span, outer: Span) -> Span {
    if outer.start <= inner.start && inner.end <= outer.end {
        inner
    } else {
        Span {
            start: outer.start,
            end: outer.start,
        }
    }
}

/// The text of `span` after `keyword` (and a colon), blanks collapsed and cut.
fn rest_after(text: &str, span: Span, keyword: Span) -> Option<String> {
    let start = keyword.end.clamp(span.start, span.end);
    let rest = Span {
        start,
        end: span.end,
    }
    .text(text);
    let rest = rest.trim_start().strip_prefix(':').unwrap_or(rest);
    let rest = collapsed(rest);
    (!rest.is_empty()).then(|| shorten(&rest, DETAIL_MAX_CHARS))
}

fn first_word_of(text: &str, span: Span) -> Span {
    let slice = span.text(text);
    let lead = slice.len() - slice.trim_start().len();
    let word_len = slice[lead..]
        .find(char::is_whitespace)
        .unwrap_or(slice.len() - lead);
    let start = span.start as usize + lead;
    Span::new(start, start + word_len)
}

fn first_line_of(text: &str, span: Span) -> Span {
    let slice = span.text(text);
    let end = slice.find(['\n', '\r']).unwrap_or(slice.len());
    Span::new(span.start as usize, span.start as usize + end)
}

fn first_nonblank_line(text: &str) -> Option<Span> {
    lines_from(text, 0)
        .map(|line| Span::new(line.start, line.end))
        .find(|line| !line.text(text).trim().is_empty())
        .map(|line| {
            let slice = line.text(text);
            let lead = slice.len() - slice.trim_start().len();
            let trimmed = slice.trim();
            let start = line.start as usize + lead;
            Span::new(start, start + trimmed.len())
        })
}

/// Runs of blanks and line breaks as one space: wrapped lines read as one.
fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shorten(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", s[..cut].trim_end()),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::facts::cable_facts;
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// Renders the outline of the first cable of `doc` as an indented tree:
    /// kind, name, detail and the first 30 characters under the selection.
    /// Also checks the tree's invariants, so every snapshot test checks them.
    fn render(doc: &str) -> String {
        let parse = crate::syntax::parse(doc);
        let Some(cable) = parse.cables.first() else {
            return "no cable\n".to_string();
        };
        let text = cable.text(doc);
        let facts = cable_facts(text, cable);
        let root = outline(text, cable, &facts);
        assert_invariants(&root, Span::new(0, text.len()));
        let mut out = String::new();
        write_node(&mut out, text, &root, 0);
        out
    }

    fn write_node(out: &mut String, text: &str, node: &OutlineNode, depth: usize) {
        let selection: String = node
            .selection
            .text(text)
            .chars()
            .take(30)
            .collect::<String>()
            .replace(['\n', '\r'], "⏎");
        let detail = node
            .detail
            .as_ref()
            .map_or(String::new(), |d| format!(" [{d}]"));
        let _ = writeln!(
            out,
            "{}{:?} {}{} @ {:?}",
            "  ".repeat(depth),
            node.kind,
            node.name,
            detail,
            selection
        );
        for child in &node.children {
            write_node(out, text, child, depth + 1);
        }
    }

    fn assert_invariants(node: &OutlineNode, parent: Span) {
        assert!(
            parent.start <= node.span.start && node.span.end <= parent.end,
            "{:?} {:?} outside its parent {:?}",
            node.name,
            node.span,
            parent
        );
        assert!(
            node.span.start <= node.selection.start && node.selection.end <= node.span.end,
            "selection of {:?} outside its span",
            node.name
        );
        for pair in node.children.windows(2) {
            assert!(
                pair[0].span.end <= pair[1].span.start,
                "{:?} and {:?} overlap or are out of order",
                pair[0].name,
                pair[1].name
            );
        }
        for child in &node.children {
            assert_invariants(child, node.span);
        }
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture));
    }

    #[test]
    fn seed_000_paragraphs_at_cable_level() {
        check(
            include_str!("../../examples/000_2fe200cbb93dc52e.txt"),
            expect![[r#"
                Cable 08ROME104 — KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE [2008-01-24 12:23Z · CONFIDENTIAL] @ "C O N F I D E N T I A L ROME 0"
                  Group Transmission @ "VZCZCXRO9950"
                    Field Transmission id [VZCZCXRO9950] @ "VZCZCXRO9950"
                    Field Routing [OO RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR] @ "OO"
                    Field DE [RUEHRO #0104 0241223] @ "DE"
                    Field ZNY [CCCCC ZZH] @ "ZNY"
                    Field DTG [O 241223Z JAN 08] @ "241223Z JAN 08"
                    Field FM [AMEMBASSY ROME] @ "FM"
                  Group Addressees @ "SECSTATE WASHDC"
                    Field SECSTATE WASHDC [TO RUEHC IMMEDIATE] @ "SECSTATE WASHDC"
                    Field EUROPEAN POLITICAL COLLECTIVE [INFO RUEHZL IMMEDIATE] @ "EUROPEAN POLITICAL COLLECTIVE"
                    Field AMEMBASSY BELGRADE [INFO RUEHBW IMMEDIATE] @ "AMEMBASSY BELGRADE"
                    Field AMEMBASSY BERLIN [INFO RUEHRL IMMEDIATE] @ "AMEMBASSY BERLIN"
                    Field AMEMBASSY LONDON [INFO RUEHLO IMMEDIATE] @ "AMEMBASSY LONDON"
                    Field AMEMBASSY MADRID [INFO RUEHMD IMMEDIATE] @ "AMEMBASSY MADRID"
                    Field AMEMBASSY MOSCOW [INFO RUEHMO IMMEDIATE] @ "AMEMBASSY MOSCOW"
                    Field AMEMBASSY PARIS [INFO RUEHFR IMMEDIATE] @ "AMEMBASSY PARIS"
                    Field AMCONSUL FLORENCE [INFO RUEHFL IMMEDIATE] @ "AMCONSUL FLORENCE"
                    Field AMCONSUL MILAN [INFO RUEHMIL IMMEDIATE] @ "AMCONSUL MILAN"
                    Field AMCONSUL NAPLES [INFO RUEHNP IMMEDIATE] @ "AMCONSUL NAPLES"
                    Field WHITE HOUSE NSC WASHDC [INFO RHEHNSC IMMEDIATE] @ "WHITE HOUSE NSC WASHDC"
                    Field USOFFICE PRISTINA [INFO RUEHPS IMMEDIATE] @ "USOFFICE PRISTINA"
                    Field USMISSION USUN NEW YORK [INFO RUCNDT IMMEDIATE] @ "USMISSION USUN NEW YORK"
                    Field USMISSION USOSCE [INFO RUEHVEN IMMEDIATE] @ "USMISSION USOSCE"
                    Field USEU BRUSSELS [INFO RUEHBS IMMEDIATE] @ "USEU BRUSSELS"
                    Field SECDEF WASHDC [INFO RUEKJCS IMMEDIATE] @ "SECDEF WASHDC"
                  Group Captions @ "E.O."
                    Field E.O. [12958: DECL: 01/31/2018] @ "E.O."
                    Field TAGS [PREL PGOV SR KV] @ "TAGS"
                    Field SUBJECT [KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE] @ "SUBJECT"
                    Field REF [A) ROME 94 B) ROME 71] @ "REF"
                    Field Classified By [Jonathan R. Cohen] @ "Classified By"
                  Paragraph ¶1 (C) The GOI is backing away from… @ "11."
                  Paragraph ¶2 (C) However, on January 24, Raimondo De… @ "12."
                  Paragraph ¶3 (C) De Cardona noted that one positive… @ "13."
                  Field Signature [SPOGLI] @ "SPOGLI"
            "#]],
        );
    }

    #[test]
    fn seed_001_summary_heading_holds_the_paragraphs() {
        check(
            include_str!("../../examples/001_d1f1339951ffc235.txt"),
            expect![[r#"
                Cable 07ROME1333 — KOSOVO: ITALIANS NOT READY TO DISCUSS INDEPENDENCE WITHOUT UNSC RESOLUTION [2007-06-18 12:11Z · CONFIDENTIAL] @ "C O N F I D E N T I A L SECTIO"
                  Group Transmission @ "VZCZCXR08132"
                    Field Transmission id [VZCZCXR08132] @ "VZCZCXR08132"
                    Field Routing [OO RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR] @ "OO"
                    Field DE [RUEHRO #1333/01 1691211] @ "DE"
                    Field ZNY [CCCCC ZZH] @ "ZNY"
                    Field DTG [O 181211Z JUN 07] @ "181211Z JUN 07"
                    Field FM [AMEMBASSY ROME] @ "FM"
                  Group Addressees @ "SECSTATE WASHDC"
                    Field SECSTATE WASHDC [TO RUEHC IMMEDIATE] @ "SECSTATE WASHDC"
                    Field EUROPEAN POLITICAL COLLECTIVE [INFO RUEHDL PRIORITY] @ "EUROPEAN POLITICAL COLLECTIVE"
                    Field AMEMBASSY BELGRADE [INFO RUEHBW PRIORITY] @ "AMEMBASSY BELGRADE"
                    Field AMEMBASSY BERLIN [INFO RUEHRL PRIORITY] @ "AMEMBASSY BERLIN"
                    Field AMEMBASSY LONDON [INFO RUEHLO PRIORITY] @ "AMEMBASSY LONDON"
                    Field AMEMBASSY MOSCOW [INFO RUEHMO PRIORITY] @ "AMEMBASSY MOSCOW"
                    Field AMEMBASSY PARIS [INFO RUEHFR PRIORITY] @ "AMEMBASSY PARIS"
                    Field AMCONSUL FLORENCE [INFO RUEHFL PRIORITY] @ "AMCONSUL FLORENCE"
                    Field AMCONSUL MILAN [INFO RUEHMIL PRIORITY] @ "AMCONSUL MILAN"
                    Field AMCONSUL NAPLES [INFO RUEHNP PRIORITY] @ "AMCONSUL NAPLES"
                    Field USOFFICE PRISTINA [INFO RUEHPS PRIORITY] @ "USOFFICE PRISTINA"
                    Field USMISSION USUN NEW YORK [INFO RUCNDT PRIORITY] @ "USMISSION USUN NEW YORK"
                    Field USMISSION USOSCE [INFO RUEHVEN PRIORITY] @ "USMISSION USOSCE"
                    Field USMISSION USNATO [INFO RUEHNO PRIORITY] @ "USMISSION USNATO"
                  Group Captions @ "E.O."
                    Field E.O. [12958: DECL: 07/01/2017] @ "E.O."
                    Field TAGS [PREL PGOV UNSC SR VI IT] @ "TAGS"
                    Field SUBJECT [KOSOVO: ITALIANS NOT READY TO DISCUSS INDEPENDENCE WITHOUT UNSC RESOLUTION] @ "SUBJECT"
                    Field REF [A) BLACK-ESCOBAR EMAIL 6/15/07 B) ROME 1305] @ "REF"
                    Field Classified By [David D. Pearce] @ "Classified By"
                  Heading Summary @ "Summary"
                    Paragraph ¶1 (C/NF) FM D'Alema is convinced of the… @ "¶1."
                    Paragraph ¶2 (C/NF) On June 16, poloffs delivered ref… @ "¶2."
                    Paragraph ¶3 (C/NF) During D'Alema's visit to Belgrade, Kostunica… @ "¶3."
                    Paragraph ¶4 (C/NF) De Cardona stated that the GOI… @ "¶4."
                    Paragraph ¶5 (C/NF) Comment. Italy still stands by its… @ "¶5."
                  Field Signature [Spogli] @ "Spogli"
            "#]],
        );
    }

    #[test]
    fn seed_002() {
        check(
            include_str!("../../examples/002_7b060bb6257fa9c8.txt"),
            expect![[r#"
                Cable 07ROME2243 — D'ALEMA TELLS KOSTUNICA INDEPENDENCE FOR KOSOVO MOST LIKELY OPTION [2007-10-25 11:46Z · CONFIDENTIAL] @ "C O N F I D E N T I A L ROME 0"
                  Group Transmission @ "VZCZCXRO8983"
                    Field Transmission id [VZCZCXRO8983] @ "VZCZCXRO8983"
                    Field Routing [OO RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR] @ "OO"
                    Field DE [RUEHRO #2243 2981146] @ "DE"
                    Field ZNY [CCCCC ZZH] @ "ZNY"
                    Field DTG [O 251146Z OCT 07] @ "251146Z OCT 07"
                    Field FM [AMEMBASSY ROME] @ "FM"
                  Group Addressees @ "SECSTATE WASHDC"
                    Field SECSTATE WASHDC [TO RUEHC IMMEDIATE] @ "SECSTATE WASHDC"
                    Field EUROPEAN POLITICAL COLLECTIVE [INFO RUEHZL PRIORITY] @ "EUROPEAN POLITICAL COLLECTIVE"
                    Field AMEMBASSY BELGRADE [INFO RUEHBW PRIORITY] @ "AMEMBASSY BELGRADE"
                    Field AMEMBASSY BERLIN [INFO RUEHRL PRIORITY] @ "AMEMBASSY BERLIN"
                    Field AMEMBASSY LONDON [INFO RUEHLO PRIORITY] @ "AMEMBASSY LONDON"
                    Field AMEMBASSY MOSCOW [INFO RUEHMO PRIORITY] @ "AMEMBASSY MOSCOW"
                    Field AMEMBASSY PARIS [INFO RUEHFR PRIORITY] @ "AMEMBASSY PARIS"
                    Field AMCONSUL FLORENCE [INFO RUEHFL PRIORITY] @ "AMCONSUL FLORENCE"
                    Field AMCONSUL MILAN [INFO RUEHMIL PRIORITY] @ "AMCONSUL MILAN"
                    Field AMCONSUL NAPLES [INFO RUEHNP PRIORITY] @ "AMCONSUL NAPLES"
                    Field SECDEF WASHDC [INFO RUEKJCS PRIORITY] @ "SECDEF WASHDC"
                    Field USEU BRUSSELS [INFO RUEHBS PRIORITY] @ "USEU BRUSSELS"
                    Field USMISSION UNVIE VIENNA [INFO RUEHUNV PRIORITY] @ "USMISSION UNVIE VIENNA"
                    Field USMISSION USNATO [INFO RUEHNO PRIORITY] @ "USMISSION USNATO"
                    Field USOFFICE PRISTINA [INFO RUEHPS PRIORITY] @ "USOFFICE PRISTINA"
                  Group Captions @ "E.O."
                    Field E.O. [12958: DECL: 10/25/2017] @ "E.O."
                    Field TAGS [PREL PROG SR YI KO IT] @ "TAGS"
                    Field SUBJECT [D'ALEMA TELLS KOSTUNICA INDEPENDENCE FOR KOSOVO MOST LIKELY OPTION] @ "SUBJECT"
                    Field Classified By [Jonathan R. Cohen] @ "Classified By"
                  Paragraph ¶1 (C) According to Raimondo De Cardona, Head… @ "¶1."
                  Paragraph ¶2 (C) De Cardona was concerned about Kosovo… @ "¶2."
                  Field Signature [SPOGLI] @ "SPOGLI"
            "#]],
        );
    }

    #[test]
    fn seed_003_single_reference() {
        check(
            include_str!("../../examples/003_8c28089682284740.txt"),
            expect![[r#"
                Cable 06ROME3128 — KOSOVO: AHTISAARI, D'ALEMA AGREE TO NO FURTHER DELAYS ON KOSOVO [2006-11-20 16:41Z · CONFIDENTIAL] @ "C O N F I D E N T I A L ROME 0"
                  Group Transmission @ "VZCZCXRO4134"
                    Field Transmission id [VZCZCXRO4134] @ "VZCZCXRO4134"
                    Field Routing [OO RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR] @ "OO"
                    Field DE [RUEHRO #3128 3241641] @ "DE"
                    Field ZNY [CCCCC ZZH] @ "ZNY"
                    Field DTG [O 201641Z NOV 06] @ "201641Z NOV 06"
                    Field FM [AMEMBASSY ROME] @ "FM"
                  Group Addressees @ "SECSTATE WASHDC"
                    Field SECSTATE WASHDC [TO RUEHC IMMEDIATE] @ "SECSTATE WASHDC"
                    Field EUROPEAN POLITICAL COLLECTIVE [INFO RUEHZL PRIORITY] @ "EUROPEAN POLITICAL COLLECTIVE"
                    Field AMEMBASSY BELGRADE [INFO RUEHBW PRIORITY] @ "AMEMBASSY BELGRADE"
                    Field AMEMBASSY BERLIN [INFO RUEHRL PRIORITY] @ "AMEMBASSY BERLIN"
                    Field AMEMBASSY LONDON [INFO RUEHLO PRIORITY] @ "AMEMBASSY LONDON"
                    Field AMEMBASSY MOSCOW [INFO RUEHMO PRIORITY] @ "AMEMBASSY MOSCOW"
                    Field AMEMBASSY PARIS [INFO RUEHFR PRIORITY] @ "AMEMBASSY PARIS"
                    Field AMCONSUL FLORENCE [INFO RUEHFL PRIORITY] @ "AMCONSUL FLORENCE"
                    Field AMCONSUL MILAN [INFO RUEHMIL PRIORITY] @ "AMCONSUL MILAN"
                    Field AMCONSUL NAPLES [INFO RUEHNP PRIORITY] @ "AMCONSUL NAPLES"
                    Field USOFFICE PRISTINA [INFO RUEHPS PRIORITY] @ "USOFFICE PRISTINA"
                    Field USMISSION USNATO [INFO RUEHNO PRIORITY] @ "USMISSION USNATO"
                  Group Captions @ "E.O."
                    Field E.O. [12958: DECL: 11/20/2016] @ "E.O."
                    Field TAGS [PREL PGOV UN YI SR IT] @ "TAGS"
                    Field SUBJECT [KOSOVO: AHTISAARI, D'ALEMA AGREE TO NO FURTHER DELAYS ON KOSOVO] @ "SUBJECT"
                    Field REF [STATE 186217] @ "REF"
                    Field Classified By [David D. Pearce] @ "Classified By"
                  Paragraph ¶1 (C) Summary. UN Special Envoy for Kosovo… @ "[1](#)1."
                  Paragraph ¶2 (C) On November 17 UNOSEK Ahtisaari visited… @ "[1](#)2."
                  Paragraph ¶3 (C) Ahtisaari stated that he intended to… @ "[1](#)3."
                  Paragraph ¶4 (C) Comment. D'Alema's pledge not to seek… @ "[1](#)4."
                  Field Signature [SPOGLI] @ "SPOGLI"
            "#]],
        );
    }

    #[test]
    fn seed_004_two_sections() {
        check(
            include_str!("../../examples/004_2f81a62bb2cdd743.txt"),
            expect![[r#"
                Cable 06ROME1851 — ROME VISITS HIGHLIGHT BALKAN ISSUES [2006-06-22 15:16Z · CONFIDENTIAL] @ "C O N F I D E N T I A L ROME 0"
                  Group Transmission @ "VZCZCXRO7546"
                    Field Transmission id [VZCZCXRO7546] @ "VZCZCXRO7546"
                    Field Routing [PP RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR] @ "PP"
                    Field DE [RUEHRO #1851 1731516] @ "DE"
                    Field ZNY [CCCCC ZZH] @ "ZNY"
                    Field DTG [P 221516Z JUN 06] @ "221516Z JUN 06"
                    Field FM [AMEMBASSY ROME] @ "FM"
                  Group Addressees @ "SECSTATE WASHDC"
                    Field SECSTATE WASHDC [TO RUEHC PRIORITY] @ "SECSTATE WASHDC"
                    Field EUROPEAN POLITICAL COLLECTIVE [INFO RUEHZL PRIORITY] @ "EUROPEAN POLITICAL COLLECTIVE"
                    Field AMEMBASSY BAGHDAD [INFO RUEHGB PRIORITY] @ "AMEMBASSY BAGHDAD"
                    Field AMEMBASSY BELGRADE [INFO RUEHBW PRIORITY] @ "AMEMBASSY BELGRADE"
                    Field AMEMBASSY BUCHAREST [INFO RUEHBM PRIORITY] @ "AMEMBASSY BUCHAREST"
                    Field AMCONSUL FLORENCE [INFO RUEHFL PRIORITY] @ "AMCONSUL FLORENCE"
                    Field AMCONSUL MILAN [INFO RUEHMIL PRIORITY] @ "AMCONSUL MILAN"
                    Field AMCONSUL NAPLES [INFO RUEHNP PRIORITY] @ "AMCONSUL NAPLES"
                    Field USOFFICE PRISTINA [INFO RUEHPS PRIORITY] @ "USOFFICE PRISTINA"
                    Field WHITE HOUSE NSC WASHDC [INFO RHEHNSC PRIORITY] @ "WHITE HOUSE NSC WASHDC"
                    Field SECDEF WASHDC [INFO RUEKJCS PRIORITY] @ "SECDEF WASHDC"
                  Group Captions @ "E.O."
                    Field E.O. [12958: DECL: 06/25/2016] @ "E.O."
                    Field TAGS [PREL PGOV IT SR YI RO] @ "TAGS"
                    Field SUBJECT [ROME VISITS HIGHLIGHT BALKAN ISSUES] @ "SUBJECT"
                    Field Classified By [Jonathan R. Cohen] @ "Classified By"
                  Paragraph ¶1 (C) Summary. In separate visits to Rome… @ "11."
                  Heading Italy supports Romanian accession into EU in 2007 @ "Italy supports Romanian access"
                    Paragraph ¶2 (C) D'Aleman told Ungureanu that Italy supported… @ "12."
                    Paragraph ¶3 (C) Ungureanu told D'Alema that Romania was… @ "13."
                  Heading Ahtisaari Given Assurances of Italian Support @ "Ahtisaari Given Assurances of "
                    Paragraph ¶4 (C) D'Alema told Ahtisaari that the Prodi… @ "¶4."
                    Paragraph ¶5 (C) Raimondo De Cardona, Director of the… @ "¶5."
                    Paragraph ¶6 (C) Comment. The GOI is poised to… @ "¶6."
                  Field Signature [SPOGLI] @ "SPOGLI"
            "#]],
        );
    }

    #[test]
    fn body_only_is_named_by_its_first_line() {
        check(
            "\n  The GOI is backing away from a push.\n\nSecond line of prose here.\n",
            expect![[r#"
                Cable The GOI is backing away from a push. @ "The GOI is backing away from a"
                  Paragraph ¶ The GOI is backing away from… @ "The GOI is backing away from a"
                  Paragraph ¶ Second line of prose here. @ "Second line of prose here."
            "#]],
        );
    }

    #[test]
    fn captions_only_extract() {
        check(
            "TAGS: PREL PGOV\nSUBJECT: (C) A SHORT TITLE\n\n1. (U) Only paragraph.\n",
            expect![[r#"
                Cable A SHORT TITLE @ "SUBJECT: (C) A SHORT TITLE"
                  Group Captions @ "TAGS"
                    Field TAGS [PREL PGOV] @ "TAGS"
                    Field SUBJECT [A SHORT TITLE] @ "SUBJECT"
                  Paragraph ¶1 (U) Only paragraph. @ "1."
            "#]],
        );
    }

    #[test]
    fn signature_after_the_last_sentence_is_its_own_node() {
        check(
            "C O N F I D E N T I A L ROME 000104\n\nSUBJECT: GLUE\n\n¶1. (C) The end of the cable. SPOGLI\n",
            expect![[r#"
                Cable GLUE [CONFIDENTIAL] @ "C O N F I D E N T I A L ROME 0"
                  Group Captions @ "SUBJECT"
                    Field SUBJECT [GLUE] @ "SUBJECT"
                  Paragraph ¶1 (C) The end of the cable. @ "¶1."
                  Field Signature [SPOGLI] @ "SPOGLI"
            "#]],
        );
    }

    fn leaf(name: &str, start: usize, end: usize) -> OutlineNode {
        field(
            name,
            None,
            Span::new(start, end),
            Span::new(start, start + 1),
        )
    }

    fn shape(nodes: &[OutlineNode]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| {
                format!(
                    "{} {:?} {:?} {:?}",
                    n.name,
                    n.span,
                    n.selection,
                    shape(&n.children)
                )
            })
            .collect()
    }

    #[test]
    fn insert_node_nests_cuts_and_drops() {
        let mut siblings = Vec::new();
        insert_node(&mut siblings, leaf("paragraph", 10, 40));
        // Inside the paragraph (a signature glued to its last sentence).
        insert_node(&mut siblings, leaf("glued", 30, 40));
        // Overlapping its end: cut to start after it; the selection moves too.
        insert_node(&mut siblings, leaf("overlapping", 35, 50));
        // Entirely before the last sibling's end and not inside it: dropped.
        insert_node(&mut siblings, leaf("backwards", 5, 45));
        // The same span as the last sibling: dropped, not nested in itself.
        insert_node(&mut siblings, leaf("duplicate", 40, 50));
        assert_eq!(
            shape(&siblings),
            [
                "paragraph 10..40 10..11 [\"glued 30..40 30..31 []\"]",
                "overlapping 40..50 40..40 []",
            ]
        );
    }

    #[test]
    fn empty_and_odd_inputs_never_panic() {
        for doc in [
            "",
            "\n",
            "¶",
            "TAGS:",
            "SUBJECT:\n",
            "¶1.\n\nSummary\n---\n",
            "\r\r\r",
        ] {
            let _ = render(doc);
        }
        // Invariants hold with CRLF line breaks too (`render` asserts them).
        let seed = include_str!("../../examples/001_d1f1339951ffc235.txt");
        assert_eq!(
            render(&seed.replace('\n', "\r\n")).lines().count(),
            render(seed).lines().count()
        );
    }
}
