//! The syntax tree of a cable: plain structs of spans, one per element of the format.
//!
//! Every span is relative to the start of its [`Cable`] (see [`Span`]). Nodes hold
//! spans, not strings: the text is the single source of truth and the semantic
//! model (`crate::model`) reads values out of it. Optional elements are `Option`s
//! because any element may be missing from a real cable.

use super::span::Span;

/// How a cable begins; format.md section 0 lists the shapes found in practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `VZCZC...` transmission id, routing, DE, ZNY, DTG, FM/TO/INFO, banner, body.
    FullHeader,
    /// Classification banner first, no transmission header.
    BannerFirst,
    /// Header starting at the precedence + date-time group, addressees without
    /// routing indicators.
    Fl5Header,
    /// An office distribution block (`INFO  LOG-00 ...`) before an FL5 header.
    DistributionBlock,
    /// Captions (E.O., TAGS, SUBJECT) without header or banner: an extract.
    CaptionsOnly,
    /// Body text only.
    BodyOnly,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cable {
    /// Absolute byte offset of the cable in its document.
    pub start: u32,
    /// Length in bytes; the cable's text is `document[start..start + len]`.
    pub len: u32,
    pub shape: Shape,
    /// Free text before any recognised element (an e-mail preamble, a dated line).
    pub preamble: Vec<Span>,
    pub distribution: Option<Span>,
    pub transmission_id: Option<TransmissionId>,
    pub routing: Option<RoutingLine>,
    pub de: Option<DeLine>,
    pub security: Option<SecurityLine>,
    pub dtg_line: Option<DtgLine>,
    pub from: Option<FromLine>,
    pub addressees: Vec<Addressee>,
    /// Classification banners: usually one; multi-section telegrams repeat it.
    pub banners: Vec<Banner>,
    /// Dissemination captions on their own lines (`SIPDIS`, `NOFORN`, ...) in the header.
    pub captions: Vec<Caption>,
    /// Passing/attention lines (`DEPT FOR NEA/FO`, `FROM THE AMBASSADOR ...`).
    pub passing: Vec<Span>,
    pub eo: Option<EoLine>,
    pub tags: Option<Tags>,
    pub subject: Option<Subject>,
    pub refs: Option<Refs>,
    pub classified_by: Option<ClassifiedBy>,
    pub headings: Vec<Heading>,
    pub paragraphs: Vec<Paragraph>,
    pub page_headers: Vec<PageHeader>,
    /// `SIPDIS` and similar captions found inside body text, where processing moved them.
    pub stray_captions: Vec<Span>,
    pub signature: Option<Signature>,
    /// End-of-message lines (`NNNN`, `End Cable Text`), first to last.
    pub end_marker: Option<Span>,
    /// Lines of the header area that the parser could not place.
    pub unknown_lines: Vec<Span>,
    /// Header lines repeated at a section break (a SUBJECT line).
    pub repeated: Vec<Span>,
}

impl Cable {
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.start + self.len,
        }
    }

    /// Turns a cable-relative span into a document span.
    pub fn abs(&self, span: Span) -> Span {
        span.shift(self.start)
    }

    /// The cable's own text, given the document's.
    pub fn text<'a>(&self, document: &'a str) -> &'a str {
        self.span().text(document)
    }

    /// The first banner, which states the cable's classification.
    pub fn banner(&self) -> Option<&Banner> {
        self.banners.first()
    }
}

/// FL1: `VZCZCXRO9950` = `VZCZC` + channel designator + sequence number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransmissionId {
    pub span: Span,
    /// The three characters after `VZCZC` (should be letters: `XRO`, `XYZ`).
    pub channel: Span,
    /// The rest of the token (should be 3-4 digits).
    pub sequence: Span,
}

/// FL2: `OO RUEHFL RUEHKW ...`, possibly wrapped over several lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutingLine {
    pub span: Span,
    pub prosign: Span,
    pub indicators: Vec<Span>,
}

/// FL3: `DE RUEHRO #0104/01 0241223`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeLine {
    pub span: Span,
    pub station: Option<Span>,
    /// The four digits after `#`.
    pub serial: Option<Span>,
    /// The two digits after `/`.
    pub section: Option<Span>,
    /// Three-digit day of the year.
    pub julian_day: Option<Span>,
    /// `HHMM` filing time.
    pub time: Option<Span>,
    /// True when the line matches `DE RI #NNNN[/NN] DDDHHMM` exactly.
    pub well_formed: bool,
}

/// FL4: `ZNY CCCCC ZZH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityLine {
    pub span: Span,
    /// `ZNY` or `ZNR`.
    pub signal: Span,
    /// The repeated classification letter (`CCCCC`).
    pub letters: Option<Span>,
}

/// FL5: `O 241223Z JAN 08` (or dual precedence `O R 141437Z NOV 07`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DtgLine {
    pub span: Span,
    /// The action precedence letter.
    pub precedence: Span,
    /// The info precedence letter of a dual precedence.
    pub info_precedence: Option<Span>,
    pub dtg: Option<Dtg>,
    /// Operating signals or control numbers after the group (`ZDK`, `(CCY ...)`).
    pub trailer: Option<Span>,
}

/// A date-time group `DDHHMMZ MON YY`, spans of its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dtg {
    pub span: Span,
    pub day: Span,
    pub hour: Span,
    pub minute: Span,
    pub month: Span,
    pub year: Span,
}

/// FL6: `FM AMEMBASSY ROME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromLine {
    pub span: Span,
    pub address: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddresseeKind {
    To,
    Info,
    /// Excluded from the collective named before it.
    Xmt,
}

/// One address of a TO/INFO/XMT list: `RUEHC/SECSTATE WASHDC IMMEDIATE 9726`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addressee {
    pub span: Span,
    pub kind: AddresseeKind,
    /// `TO`, `INFO` or `XMT` when the address is the first of its list.
    pub keyword: Option<Span>,
    pub routing_indicator: Option<Span>,
    pub station: Span,
    /// The precedence word(s): `IMMEDIATE`, `NIACT IMMEDIATE`.
    pub precedence: Option<Span>,
    /// The per-addressee serial, or a range `7721-7722`.
    pub serial: Option<Span>,
    /// An office-symbol suffix `//J3//`.
    pub office_symbol: Option<Span>,
    /// Words between the station and the serial that are no precedence (`FEB`).
    pub stray: Option<Span>,
}

/// `C O N F I D E N T I A L SECTION 01 OF 02 ROME 001333`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    pub span: Span,
    /// The classification as written (`C O N F I D E N T I A L`, `SECRET`, `UNCLAS`).
    pub classification: Span,
    /// Whether the letters are spaced out, as the standard form has them.
    pub spaced: bool,
    /// `//NOFORN` and similar controls written with the marking.
    pub controls: Option<Span>,
    pub section: Option<SectionOf>,
    pub office: Option<Span>,
    pub serial: Option<Span>,
    /// Anything after the serial (captions run together with the banner).
    pub trailing: Option<Span>,
}

/// `SECTION 01 OF 02`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionOf {
    pub span: Span,
    pub number: Span,
    pub total: Span,
}

/// A dissemination caption word (`SIPDIS`, `NOFORN`, `SENSITIVE`, `EXDIS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    pub span: Span,
}

/// `E.O. 12958: DECL: 01/31/2018`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EoLine {
    pub span: Span,
    /// `E.O.` / `EO` as written.
    pub keyword: Span,
    /// The executive order number (`12958`).
    pub order: Option<Span>,
    pub action: EoAction,
    /// The action word as written (`DECL`, `DECLl`, `N/A`, `DNG`).
    pub action_word: Option<Span>,
    /// What follows the action: a date or a declassification event.
    pub value: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EoAction {
    Declassify,
    NotApplicable,
    Downgrade,
    /// No action word; a bare date or nothing.
    Missing,
}

/// `TAGS: PREL PGOV SR KV`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tags {
    pub span: Span,
    pub keyword: Span,
    pub items: Vec<TagItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagItem {
    /// The whole item as written, including `[`, `](#)` or parentheses.
    pub span: Span,
    /// The code or the person's name alone.
    pub value: Span,
    pub kind: TagItemKind,
    /// Written as a Markdown link `[PREL](#)`, a conversion artefact.
    pub markdown_link: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagItemKind {
    Code,
    /// A person named after OVIP/OEXC/OTRA/OREP/OCON.
    Person,
}

/// `SUBJECT: KOSOVO: ITALIANS MAY NOT ...`, possibly wrapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub span: Span,
    pub keyword: Span,
    /// A portion marking before the title: `(C)`, `(U)`, including parentheses.
    pub marking: Option<Span>,
    /// The title's text on each line, trimmed.
    pub lines: Vec<Span>,
}

/// `REF: A) ROME 94 B) ROME 71`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refs {
    pub span: Span,
    pub keyword: Span,
    pub items: Vec<RefItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefItem {
    pub span: Span,
    /// The enumerator (`A`, `B`, `1`) without its punctuation.
    pub label: Option<Span>,
    /// What is cited, trimmed.
    pub body: Span,
}

/// `Classified By: Jonathan R. Cohen, Acting Political Minister Counselor, for reasons 1.4 (b) and (d).`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassifiedBy {
    pub span: Span,
    pub keyword: Span,
    /// The classifying people's names, without titles.
    pub people: Vec<Span>,
    /// Titles and roles (`Acting Political Minister Counselor`).
    pub titles: Vec<Span>,
    /// The section number of the reasons (`1.4`, or the pre-2003 `1.5`).
    pub section: Option<Span>,
    pub reasons: Vec<Reason>,
}

/// One reason letter: the `b` of `1.4 (b)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub span: Span,
}

/// A section heading inside the body (`Summary`, an underlined title).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub span: Span,
    pub text: Span,
    pub underline: Option<Span>,
}

/// A numbered (or unnumbered) paragraph of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub marker: Option<ParagraphMarker>,
    /// The portion marking with its parentheses: `(C)`, `(S/NF)`.
    pub marking: Option<Span>,
    /// Where the paragraph's prose starts (after marker and marking).
    pub text_start: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphMarker {
    /// The whole marker: `¶1.`, `11.`, `[1](#)1.`, `1.`.
    pub span: Span,
    pub number: u32,
    /// The digits that give `number`.
    pub number_span: Span,
    pub style: MarkerStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerStyle {
    /// `¶1.`
    Pilcrow,
    /// `1.`
    Plain,
    /// `11.` for `¶1.`: the pilcrow converted to the digit 1.
    PilcrowAsOne,
    /// `[1](#)1.`: the pilcrow as a Markdown link.
    MarkdownLink,
}

/// A page header inserted at a page break: `ROME 00001406 002.2 OF 003`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageHeader {
    pub span: Span,
    pub office: Span,
    pub serial: Span,
    pub page: Span,
    pub total: Span,
    /// Text glued after the header on the same line.
    pub glued: Option<Span>,
}

/// The signer line: `SPOGLI`, or a name glued after the last sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub span: Span,
    pub names: Vec<Span>,
    /// Glued to the end of the last paragraph rather than on its own line.
    pub glued: bool,
}
