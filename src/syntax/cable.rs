//! The per-cable parser: a single pass over the lines of one cable that places
//! every line into an element, and decides where the next cable begins.
//!
//! Every header element is optional and may come in an unusual order (format.md
//! §0), so the parser keeps a coarse *phase* (transmission header, banner,
//! captions, body) and an *open* multi-line element (a wrapped SUBJECT, an
//! addressee list) rather than a fixed grammar. A line that can only start a
//! cable (a `VZCZC` id, a second date-time group) when the current cable is past
//! that point ends the current cable: that is how concatenated cables split, and
//! why a re-parse can resume at any cable start.

use super::ast::*;
use super::banner::{banner, caption_line, may_be_banner};
use super::body::{
    glued_signature, is_underline, may_open_marker, may_open_page_header, page_header,
    paragraph_marker, signature_line, MarkerMatch,
};
use super::captions::{
    caption_keyword, classified_by, classified_by_has_reasons, eo_line, inline_keyword,
    is_tags_continuation, leading_marking, may_open_keyword, ref_items, tag_items, CaptionKeyword,
};
use super::header::*;
use super::lines::{line_at, Line, StartedLines};
use super::prose::is_prose_by_first_bytes;
use super::scan::*;
use super::span::Span;
use std::cell::RefCell;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Start,
    Transmission,
    Banner,
    Captions,
    Body,
}

/// The multi-line element the previous line left open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    None,
    Distribution,
    Routing,
    Addressees(AddresseeKind),
    Tags,
    Subject,
    /// A REF list from its keyword (content starts at `content`).
    Ref {
        keyword: Span,
        content: usize,
    },
    ClassifiedBy {
        keyword: Span,
        lines: u8,
    },
    /// The paragraph at this index of `cable.paragraphs`.
    Paragraph(usize),
}

/// Parses the cable at the start of `text` (spans relative to `text`), stopping
/// where the next cable begins. Returns `None` when `text` holds nothing but
/// blank lines.
pub fn parse_cable(text: &str) -> Option<Cable> {
    parse_cable_with(text, true)
}

/// [`parse_cable`] reading `text`'s lines from `lines` (a reader of the
/// same text whose line starts are known) instead of searching them.
pub fn parse_cable_on(text: &str, lines: &mut StartedLines<'_>) -> Option<Cable> {
    parse_cable_lines(text, true, |pos| lines.line_at(pos))
}

/// [`parse_cable`], with `shortcuts` false reading every line in full
/// (the reference the shortcuts are tested against).
fn parse_cable_with(text: &str, shortcuts: bool) -> Option<Cable> {
    parse_cable_lines(text, shortcuts, |pos| line_at(text, pos))
}

/// [`parse_cable_with`], the line at each offset given by `line_at`.
fn parse_cable_lines(
    text: &str,
    shortcuts: bool,
    mut line_at: impl FnMut(usize) -> Option<Line>,
) -> Option<Cable> {
    let mut p = Parser::new(text);
    p.shortcuts = shortcuts;
    let mut pos = 0;
    while let Some(line) = line_at(pos) {
        if !p.line(line) {
            return p.finish(line.start);
        }
        pos = line.next;
    }
    p.finish(text.len())
}

struct Parser<'a> {
    text: &'a str,
    cable: Cable,
    phase: Phase,
    open: Open,
    prev_blank: bool,
    /// End of the last non-blank line, where an open element's span ends.
    last_content_end: usize,
    /// True once anything but blank lines was seen.
    any: bool,
    /// The next line is the underline of the heading just read.
    skip_underline: bool,
    /// The number of the last numbered paragraph read. Paragraphs are only
    /// added after it and a numbered one is never removed, so this is what
    /// a scan back over them would find: kept, because that scan ran for
    /// every line, quadratic in a long cable of unnumbered paragraphs.
    last_number: Option<u32>,
    /// Whether a line known for prose by its first bytes
    /// ([`is_prose_by_first_bytes`]) may continue an open paragraph
    /// without being read in full, and readings asked again of the same
    /// line are kept (`banner_memo`, `marker_memo`).
    shortcuts: bool,
    banner_memo: LastReading<(usize, usize, bool), Banner>,
    marker_memo: LastReading<(usize, usize, u32), MarkerMatch>,
    page_header_memo: LastReading<(usize, usize), PageHeader>,
    keyword_memo: LastReading<(usize, usize), (CaptionKeyword, Span)>,
}

/// The last reading of a recogniser: its arguments and its result.
struct LastReading<K, V>(RefCell<Option<(K, Option<V>)>>);

impl<K: PartialEq, V: Clone> LastReading<K, V> {
    fn new() -> Self {
        LastReading(RefCell::new(None))
    }

    /// The result for `key`: the kept one when `key` was the last asked,
    /// else `read()`, kept.
    fn remember(&self, key: K, read: impl FnOnce() -> Option<V>) -> Option<V> {
        if let Ok(last) = self.0.try_borrow() {
            if let Some((k, v)) = last.as_ref() {
                if *k == key {
                    return v.clone();
                }
            }
        }
        let v = read();
        if let Ok(mut last) = self.0.try_borrow_mut() {
            *last = Some((key, v.clone()));
        }
        v
    }
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            cable: Cable {
                start: 0,
                len: 0,
                shape: Shape::BodyOnly,
                preamble: Vec::new(),
                distribution: None,
                transmission_id: None,
                routing: None,
                de: None,
                security: None,
                dtg_line: None,
                from: None,
                addressees: Vec::new(),
                banners: Vec::new(),
                captions: Vec::new(),
                passing: Vec::new(),
                eo: None,
                tags: None,
                subject: None,
                refs: None,
                classified_by: None,
                headings: Vec::new(),
                paragraphs: Vec::new(),
                page_headers: Vec::new(),
                stray_captions: Vec::new(),
                signature: None,
                end_marker: None,
                unknown_lines: Vec::new(),
                repeated: Vec::new(),
            },
            phase: Phase::Start,
            open: Open::None,
            prev_blank: true,
            last_content_end: 0,
            any: false,
            skip_underline: false,
            last_number: None,
            shortcuts: true,
            banner_memo: LastReading::new(),
            marker_memo: LastReading::new(),
            page_header_memo: LastReading::new(),
            keyword_memo: LastReading::new(),
        }
    }

    /// Handles one line; returns false when the line starts the next cable.
    ///
    /// Blank lines and lines of prose continuing a paragraph (most of a
    /// cable) are settled here, in the parser's loop; the others are read
    /// by [`Self::line_in_full`], out of line.
    #[inline(always)]
    fn line(&mut self, line: Line) -> bool {
        let text = self.text;
        let (s, e) = trim(text, line.start, line.end);
        if s >= e {
            self.blank();
            return true;
        }
        if let Open::Paragraph(idx) = self.open {
            // The bulk of a cable: a line of prose after a non-blank line of
            // an open paragraph. No recogniser would read it (neither the
            // heading underline nor the next cable's start nor anything that
            // interrupts a paragraph), so it continues the paragraph, as
            // `continue_open` would decide after asking them all.
            if self.shortcuts
                && !self.prev_blank
                && text.get(s..e).is_some_and(is_prose_by_first_bytes)
            {
                self.skip_underline = false;
                self.any = true;
                if let Some(p) = self.cable.paragraphs.get_mut(idx) {
                    p.span.end = e as u32;
                }
                self.last_content_end = e;
                return true;
            }
        }
        self.line_in_full(line, s, e)
    }

    /// [`Self::line`] of a line that is neither blank nor prose continuing
    /// a paragraph, `s..e` being the line trimmed.
    #[inline(never)]
    fn line_in_full(&mut self, line: Line, s: usize, e: usize) -> bool {
        let text = self.text;
        if std::mem::take(&mut self.skip_underline) && is_underline(&text[s..e]) {
            self.prev_blank = false;
            self.last_content_end = e;
            return true;
        }
        if self.any && self.starts_next_cable(s, e) {
            return false;
        }
        self.any = true;
        if !self.continue_open(line, s, e) {
            self.close_open();
            self.classify(line, s, e);
        }
        self.prev_blank = false;
        self.last_content_end = e;
        true
    }

    fn blank(&mut self) {
        self.skip_underline = false;
        match self.open {
            // Blank lines separate addresses in double-spaced headers and
            // blocks of one paragraph: neither closes.
            Open::Addressees(_)
            | Open::Paragraph(_)
            | Open::Routing
            | Open::Distribution
            | Open::Ref { .. } => {}
            _ => self.close_open(),
        }
        self.prev_blank = true;
    }

    /// Whether the line at `s..e` begins a new cable given what this one holds.
    ///
    /// A header line (transmission id, distribution block, date-time group,
    /// banner) only opens a new cable once the current one has captions or body
    /// text: header lines before that are repeats or parts of the same header
    /// (a banner before `VZCZC`, a header printed twice).
    fn starts_next_cable(&self, s: usize, e: usize) -> bool {
        let c = &self.cable;
        let has_captions = c.eo.is_some()
            || c.tags.is_some()
            || c.subject.is_some()
            || c.refs.is_some()
            || c.classified_by.is_some();
        let has_body = self.last_number.is_some();
        let text = self.text;
        let first = text.as_bytes()[s];
        let header_start = match first {
            b'V' | b'v' => transmission_id(text, s, e).is_some(),
            b'I' | b'A' => is_distribution_start(&text[s..e]),
            b'Z' | b'O' | b'P' | b'R' => dtg_line(text, s, e).is_some(),
            _ => false,
        };
        if header_start {
            return has_captions || has_body;
        }
        if matches!(first.to_ascii_uppercase(), b'C' | b'S' | b'U' | b'T') {
            if let Some(b) = self.banner_at(s, e, self.phase >= Phase::Captions) {
                if !(has_captions || has_body) {
                    return false;
                }
                // The same telegram's banner repeated for its next section.
                return match c.banners.first() {
                    Some(first_banner) => match (first_banner.serial, b.serial) {
                        (Some(_), Some(_)) => !same_cable_number(text, first_banner, &b),
                        _ => has_body,
                    },
                    None => true,
                };
            }
        }
        // Captions after a blank line in the body open an extract of their own,
        // unless they repeat this cable's (a SUBJECT repeated at a section break).
        if self.phase == Phase::Body && self.prev_blank {
            if let Some((kw, kspan)) = self.keyword_at(s, e) {
                return match kw {
                    CaptionKeyword::Tags => c.tags.is_some(),
                    CaptionKeyword::Subject => c
                        .subject
                        .as_ref()
                        .is_some_and(|subj| !self.repeats_subject(subj, kspan.end as usize, e)),
                    CaptionKeyword::Eo => c.eo.is_some(),
                    CaptionKeyword::Ref | CaptionKeyword::ClassifiedBy => false,
                };
            }
        }
        false
    }

    /// Whether `from..e` starts with the same words as the cable's subject.
    fn repeats_subject(&self, subject: &Subject, from: usize, e: usize) -> bool {
        let text = self.text;
        let norm = |s: &str| -> String {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        };
        let old: String = norm(
            &subject
                .lines
                .iter()
                .map(|l| l.text(text))
                .collect::<Vec<_>>()
                .join(" "),
        );
        let new = norm(&text[from..e]);
        let n = old.len().min(new.len()).min(40);
        n > 0 && old.get(..n) == new.get(..n)
    }

    /// Extends the open element with this line if it continues it.
    fn continue_open(&mut self, line: Line, s: usize, e: usize) -> bool {
        let text = self.text;
        match self.open {
            Open::None => false,
            Open::Distribution => {
                let l = &text[s..e];
                let continues = l.split_whitespace().any(is_office_count) || l.starts_with('/');
                if continues {
                    if let Some(d) = &mut self.cable.distribution {
                        d.end = e as u32;
                    }
                }
                continues
            }
            Open::Routing => match routing_continuation(text, s, e) {
                Some(ris) if !self.prev_blank => {
                    if let Some(r) = &mut self.cable.routing {
                        r.span.end = e as u32;
                        r.indicators.extend(ris);
                    }
                    true
                }
                _ => false,
            },
            Open::Addressees(kind) => {
                if self.is_header_line(s, e) {
                    return false;
                }
                let l = &text[s..e];
                let has_ri = memchr::memchr(b'/', l.as_bytes())
                    .is_some_and(|i| looks_like_routing_indicator(&l[..i]));
                let plain = has_no_lowercase(l)
                    && l.len() <= 100
                    && !l.starts_with(|c: char| c.is_ascii_digit() || c == '¶' || c == '(');
                if has_ri || (plain && !self.prev_blank) {
                    if let Some(a) = addressee(text, s, e, kind, None) {
                        self.cable.addressees.push(a);
                    }
                    true
                } else {
                    false
                }
            }
            Open::Tags => {
                if self.prev_blank
                    || self.page_header_at(s, e).is_some()
                    || self.keyword_at(s, e).is_some()
                {
                    return false;
                }
                if !is_tags_continuation(text, s, e) {
                    return false;
                }
                let items = tag_items(text, s, e);
                if let Some(t) = &mut self.cable.tags {
                    t.span.end = e as u32;
                    t.items.extend(items);
                }
                true
            }
            Open::Subject => {
                if self.prev_blank || self.is_caption_or_marker(s, e) {
                    return false;
                }
                if let Some(subj) = &mut self.cable.subject {
                    subj.span.end = e as u32;
                    subj.lines.push(Span::new(s, e));
                }
                true
            }
            Open::Ref { .. } => {
                // A blank line ends the list unless the next item follows it
                // (`REF: A. PARIS POINTS` / blank / `B. PARIS 7425`).
                let continues = !self.is_caption_or_marker(s, e)
                    && (!self.prev_blank || starts_with_ref_label(&text[s..e]));
                if !continues {
                    self.close_open();
                }
                continues
            }
            Open::ClassifiedBy { keyword, lines } => {
                if self.prev_blank || lines >= 3 || self.is_caption_or_marker(s, e) {
                    return false;
                }
                // Once the reasons are complete the caption is over.
                if classified_by_has_reasons(text, keyword, self.last_content_end) {
                    return false;
                }
                self.open = Open::ClassifiedBy {
                    keyword,
                    lines: lines + 1,
                };
                true
            }
            Open::Paragraph(idx) => {
                if self.interrupts_paragraph(s, e) {
                    return false;
                }
                // After a blank line, text before any numbered paragraph starts
                // a new unnumbered block.
                if self.prev_blank && self.last_number.is_none() {
                    return false;
                }
                if self.prev_blank && self.heading_here(line, s, e) {
                    return false;
                }
                if let Some(p) = self.cable.paragraphs.get_mut(idx) {
                    p.span.end = e as u32;
                }
                true
            }
        }
    }

    /// Whether the line ends or interrupts an open paragraph: what
    /// [`Self::is_caption_or_marker`] finds, or a line that interrupts
    /// paragraphs without ending them (captions moved into the text, the
    /// end marker). Each recogniser is asked once: a paragraph's every line
    /// comes here. The banner test is the one of the phase, as in
    /// `is_caption_or_marker`; a strict banner also passes the lenient
    /// test, so the strict one asked besides it added nothing.
    fn interrupts_paragraph(&self, s: usize, e: usize) -> bool {
        let text = self.text;
        self.is_caption_or_marker(s, e)
            || caption_line(text, s, e).is_some()
            || text.get(s..e).is_some_and(is_end_line)
    }

    fn is_caption_or_marker(&self, s: usize, e: usize) -> bool {
        starts_marked_prose(self.text, s, e)
            || self.keyword_at(s, e).is_some()
            || self.marker_at(s, e).is_some()
            || self.page_header_at(s, e).is_some()
            || self
                .banner_at(s, e, self.phase >= Phase::Captions)
                .is_some()
    }

    /// Lines that open a header element (used to end addressee lists).
    fn is_header_line(&self, s: usize, e: usize) -> bool {
        let text = self.text;
        addressee_keyword(text, s, e).is_some()
            || from_line(text, s, e).is_some()
            || de_line(text, s, e).is_some()
            || security_line(text, s, e).is_some()
            || dtg_line(text, s, e).is_some()
            || self.banner_at(s, e, false).is_some()
            || caption_line(text, s, e).is_some()
            || self.keyword_at(s, e).is_some()
            || transmission_id(text, s, e).is_some()
    }

    /// [`banner`] of the line `s..e`. A line is asked up to three times
    /// (whether it starts the next cable, interrupts a paragraph, is a
    /// banner of this one), so the last reading is kept.
    #[inline(always)]
    fn banner_at(&self, s: usize, e: usize, strict: bool) -> Option<Banner> {
        if !may_be_banner(self.text.as_bytes().get(s..e).unwrap_or_default()) {
            return None;
        }
        if !self.shortcuts {
            return banner(self.text, s, e, strict);
        }
        self.banner_memo
            .remember((s, e, strict), || banner(self.text, s, e, strict))
    }

    /// [`paragraph_marker`] of the line `s..e` for the number expected
    /// next. A line that interrupts a paragraph is asked again when it is
    /// placed, so the last reading is kept.
    #[inline(always)]
    fn marker_at(&self, s: usize, e: usize) -> Option<MarkerMatch> {
        if !may_open_marker(self.text, s, e) {
            return None;
        }
        let expected = self.expected_number();
        if !self.shortcuts {
            return paragraph_marker(self.text, s, e, expected);
        }
        self.marker_memo.remember((s, e, expected), || {
            paragraph_marker(self.text, s, e, expected)
        })
    }

    /// [`page_header`] of the line `s..e`: a page header interrupts a
    /// paragraph and is then placed, so the last reading is kept.
    #[inline(always)]
    fn page_header_at(&self, s: usize, e: usize) -> Option<PageHeader> {
        if !may_open_page_header(self.text, s, e) {
            return None;
        }
        if !self.shortcuts {
            return page_header(self.text, s, e);
        }
        self.page_header_memo
            .remember((s, e), || page_header(self.text, s, e))
    }

    /// [`caption_keyword`] of the line `s..e`, asked up to four times of
    /// a line (next cable, interrupting, header line, placing), so the
    /// last reading is kept.
    #[inline(always)]
    fn keyword_at(&self, s: usize, e: usize) -> Option<(CaptionKeyword, Span)> {
        if !may_open_keyword(self.text.as_bytes().get(s..e).unwrap_or_default()) {
            return None;
        }
        if !self.shortcuts {
            return caption_keyword(self.text, s, e);
        }
        self.keyword_memo
            .remember((s, e), || caption_keyword(self.text, s, e))
    }

    fn expected_number(&self) -> u32 {
        self.last_number.map_or(1, |n| n + 1)
    }

    /// Finalises the open element.
    fn close_open(&mut self) {
        let text = self.text;
        match std::mem::replace(&mut self.open, Open::None) {
            Open::Ref { keyword, content } => {
                let end = self.last_content_end.max(content);
                let items = ref_items(text, content, end);
                self.cable.refs = Some(Refs {
                    span: Span::new(keyword.start as usize, end),
                    keyword: keyword_trimmed(text, keyword),
                    items,
                });
            }
            Open::ClassifiedBy { keyword, .. } => {
                self.cable.classified_by = Some(classified_by(
                    text,
                    keyword,
                    self.last_content_end.max(keyword.end as usize),
                ));
            }
            _ => {}
        }
    }

    /// Places a line that continues nothing.
    fn classify(&mut self, line: Line, s: usize, e: usize) {
        let text = self.text;
        // Transmission header lines come before the captions.
        if self.phase < Phase::Captions && self.header_element(s, e) {
            return;
        }
        if let Some(ph) = self.page_header_at(s, e) {
            if let Some(g) = ph.glued {
                // Text glued after the header continues the paragraph.
                if let Open::Paragraph(idx) = self.open {
                    if let Some(p) = self.cable.paragraphs.get_mut(idx) {
                        p.span.end = g.end;
                    }
                } else if self.phase == Phase::Body {
                    self.start_unnumbered(g.start as usize, g.end as usize);
                }
            }
            self.cable.page_headers.push(ph);
            self.restore_paragraph();
            return;
        }
        if is_underline(&text[s..e]) {
            // An underline separated from its heading by a blank line (double-
            // spaced text) still belongs to it; elsewhere it is a rule, not text.
            if let Some(h) = self.cable.headings.last_mut() {
                if h.underline.is_none()
                    && self
                        .cable
                        .paragraphs
                        .last()
                        .is_none_or(|p| p.span.start < h.span.start)
                {
                    h.underline = Some(Span::new(s, e));
                    h.span.end = e as u32;
                }
            }
            return;
        }
        if is_end_line(&text[s..e]) {
            let here = Span::new(s, e);
            self.cable.end_marker = Some(self.cable.end_marker.map_or(here, |m| m.cover(here)));
            return;
        }
        if let Some(b) = self.banner_at(s, e, self.phase >= Phase::Captions) {
            self.cable.banners.push(b);
            if self.phase < Phase::Banner {
                self.phase = Phase::Banner;
            }
            self.restore_paragraph();
            return;
        }
        if let Some(caps) = caption_line(text, s, e) {
            if self.phase >= Phase::Body || !self.cable.paragraphs.is_empty() {
                self.cable.stray_captions.push(Span::new(s, e));
                self.restore_paragraph();
            } else {
                self.cable.captions.extend(caps);
                if self.phase < Phase::Banner {
                    self.phase = Phase::Banner;
                }
            }
            return;
        }
        if let Some((kw, kspan)) = self.keyword_at(s, e) {
            if self.phase < Phase::Body || !self.has_caption(kw) {
                self.caption(kw, kspan, e);
                return;
            }
            if kw == CaptionKeyword::Subject {
                // The subject repeated at a section break: not body text.
                self.cable.repeated.push(Span::new(s, e));
                self.restore_paragraph();
                return;
            }
        }
        if let Some(m) = self.marker_at(s, e) {
            let accept = self.prev_blank
                || self.phase < Phase::Body
                || !matches!(m.marker.style, MarkerStyle::Plain)
                || (m.marking.is_some() && m.marker.number == self.expected_number());
            if accept {
                self.enter_body();
                self.last_number = Some(m.marker.number);
                self.cable.paragraphs.push(Paragraph {
                    span: Span::new(s, e),
                    marker: Some(m.marker),
                    marking: m.marking,
                    text_start: m.text_start as u32,
                });
                self.open = Open::Paragraph(self.cable.paragraphs.len() - 1);
                return;
            }
        }
        match self.phase {
            Phase::Start => {
                // Free text before anything recognisable: kept as preamble until
                // the cable shows a header; otherwise it becomes body text.
                self.cable.preamble.push(Span::new(s, e));
            }
            Phase::Transmission => self.cable.unknown_lines.push(Span::new(s, e)),
            Phase::Banner if has_no_lowercase(&text[s..e]) => {
                self.cable.passing.push(Span::new(s, e))
            }
            _ => {
                if self.prev_blank && self.heading_here(line, s, e) {
                    self.heading(line, s, e);
                    return;
                }
                self.enter_body();
                self.start_unnumbered(s, e);
            }
        }
    }

    /// After a page header or stray caption, the paragraph it interrupted goes on.
    fn restore_paragraph(&mut self) {
        if self.phase == Phase::Body {
            if let Some(idx) = self.cable.paragraphs.len().checked_sub(1) {
                self.open = Open::Paragraph(idx);
            }
        }
    }

    fn start_unnumbered(&mut self, s: usize, e: usize) {
        self.cable.paragraphs.push(Paragraph {
            span: Span::new(s, e),
            marker: None,
            marking: marking_prefix(self.text, s, e),
            text_start: s as u32,
        });
        self.open = Open::Paragraph(self.cable.paragraphs.len() - 1);
    }

    /// Moves to the body; preamble lines seen before any header were body text.
    fn enter_body(&mut self) {
        if self.phase == Phase::Start && !self.cable.preamble.is_empty() {
            let pre = std::mem::take(&mut self.cable.preamble);
            let mut last_end = None;
            for sp in pre {
                let gap = last_end.is_some_and(|le: u32| {
                    self.text[le as usize..sp.start as usize]
                        .matches('\n')
                        .count()
                        > 1
                });
                match self.cable.paragraphs.last_mut() {
                    Some(p) if !gap => p.span.end = sp.end,
                    _ => self.cable.paragraphs.push(Paragraph {
                        span: sp,
                        marker: None,
                        marking: None,
                        text_start: sp.start,
                    }),
                }
                last_end = Some(sp.end);
            }
        }
        self.phase = Phase::Body;
    }

    fn has_caption(&self, kw: CaptionKeyword) -> bool {
        match kw {
            CaptionKeyword::Eo => self.cable.eo.is_some(),
            CaptionKeyword::Tags => self.cable.tags.is_some(),
            CaptionKeyword::Subject => self.cable.subject.is_some(),
            CaptionKeyword::Ref => self.cable.refs.is_some(),
            CaptionKeyword::ClassifiedBy => self.cable.classified_by.is_some(),
        }
    }

    /// Whether the line is a heading: underlined, or a short title standing alone.
    fn heading_here(&self, line: Line, s: usize, e: usize) -> bool {
        let text = self.text;
        let Some(next) = line_at(text, line.next) else {
            return false;
        };
        let (ns, ne) = trim(text, next.start, next.end);
        let l = &text[s..e];
        if e - s > 100 {
            return false;
        }
        if ns < ne && is_underline(&text[ns..ne]) {
            return true;
        }
        // A short line between blank lines, capitalised, without closing
        // punctuation. Its words are counted once it is short.
        ns >= ne
            && e - s <= 60
            && l.split_whitespace().count() <= 8
            && l.starts_with(|c: char| c.is_uppercase())
            && !l.ends_with(['.', ',', ';', ':', '!', '?', '"', '”', ')', '-'])
            && paragraph_marker(text, s, e, 0).is_none()
            && line_at(text, next.next).is_some()
    }

    fn heading(&mut self, line: Line, s: usize, e: usize) {
        let text = self.text;
        let underline = line_at(text, line.next).and_then(|n| {
            let (ns, ne) = trim(text, n.start, n.end);
            (ns < ne && is_underline(&text[ns..ne])).then(|| Span::new(ns, ne))
        });
        self.enter_body();
        self.cable.headings.push(Heading {
            span: Span::new(s, underline.map_or(e, |u| u.end as usize)),
            text: Span::new(s, e),
            underline,
        });
        self.open = Open::None;
        if underline.is_some() {
            // The underline line is consumed by pretending it continues the heading.
            self.skip_underline = true;
        }
    }

    /// A transmission header element (FL1-FL9); returns true when the line was one.
    fn header_element(&mut self, s: usize, e: usize) -> bool {
        let text = self.text;
        let c = &mut self.cable;
        let first = text.as_bytes()[s];
        let found = match first {
            b'V' | b'v' if c.transmission_id.is_none() => transmission_id(text, s, e).map(|t| {
                c.transmission_id = Some(t);
                Open::None
            }),
            b'I' | b'A' if c.distribution.is_none() && is_distribution_start(&text[s..e]) => {
                c.distribution = Some(Span::new(s, e));
                Some(Open::Distribution)
            }
            b'Z' | b'O' | b'P' | b'R' => {
                if c.routing.is_none() && c.de.is_none() && c.dtg_line.is_none() {
                    if let Some(r) = routing_line(text, s, e) {
                        c.routing = Some(r);
                        return self.header_found(Open::Routing);
                    }
                }
                if c.security.is_none() {
                    if let Some(sec) = security_line(text, s, e) {
                        c.security = Some(sec);
                        return self.header_found(Open::None);
                    }
                }
                if c.dtg_line.is_none() {
                    dtg_line(text, s, e).map(|d| {
                        c.dtg_line = Some(d);
                        Open::None
                    })
                } else {
                    None
                }
            }
            b'D' if c.de.is_none() => de_line(text, s, e).map(|d| {
                c.de = Some(d);
                Open::None
            }),
            b'F' if c.from.is_none() => from_line(text, s, e).map(|f| {
                c.from = Some(f);
                Open::None
            }),
            b'T' | b'I' | b'X' => addressee_keyword(text, s, e)
                .filter(|(kind, _)| {
                    *kind == AddresseeKind::Xmt || !c.addressees.iter().any(|a| a.kind == *kind)
                })
                .map(|(kind, kw)| {
                    if let Some(a) = addressee(text, kw.end as usize, e, kind, Some(kw)) {
                        c.addressees.push(a);
                    }
                    Open::Addressees(kind)
                }),
            _ => None,
        };
        match found {
            Some(open) => self.header_found(open),
            None => false,
        }
    }

    fn header_found(&mut self, open: Open) -> bool {
        if self.phase < Phase::Transmission {
            self.phase = Phase::Transmission;
        }
        self.open = open;
        true
    }

    /// Opens a caption element.
    fn caption(&mut self, kw: CaptionKeyword, kspan: Span, e: usize) {
        let text = self.text;
        if self.phase < Phase::Captions {
            self.phase = Phase::Captions;
        }
        let content_start = kspan.end as usize;
        // Another caption on the same line (`E.O. 12958: N/A TAGS: ...`).
        let split = match kw {
            CaptionKeyword::Eo | CaptionKeyword::Tags => inline_keyword(text, content_start, e),
            _ => None,
        };
        let this_end = split.map_or(e, |i| trim(text, kspan.start as usize, i).1);
        match kw {
            CaptionKeyword::Eo => {
                self.cable.eo = Some(eo_line(text, kspan, this_end));
            }
            CaptionKeyword::Tags => {
                let items = tag_items(text, content_start, this_end);
                self.cable.tags = Some(Tags {
                    span: Span::new(kspan.start as usize, this_end),
                    keyword: keyword_trimmed(text, kspan),
                    items,
                });
                self.open = Open::Tags;
            }
            CaptionKeyword::Subject => {
                let (cs, ce) = trim(text, content_start, this_end);
                let marking = leading_marking(text, cs, ce);
                let title_start = marking.map_or(cs, |m| trim(text, m.end as usize, ce).0);
                let lines = if title_start < ce {
                    vec![Span::new(title_start, ce)]
                } else {
                    Vec::new()
                };
                self.cable.subject = Some(Subject {
                    span: Span::new(kspan.start as usize, this_end),
                    keyword: keyword_trimmed(text, kspan),
                    marking,
                    lines,
                });
                self.open = Open::Subject;
            }
            CaptionKeyword::Ref => {
                self.open = Open::Ref {
                    keyword: kspan,
                    content: content_start,
                };
            }
            CaptionKeyword::ClassifiedBy => {
                self.open = Open::ClassifiedBy {
                    keyword: kspan,
                    lines: 1,
                };
            }
        }
        if let Some(at) = split {
            self.last_content_end = this_end;
            self.close_open();
            if let Some((kw2, k2)) = caption_keyword(text, at, e) {
                self.caption(kw2, k2, e);
            }
        }
    }

    fn finish(mut self, end: usize) -> Option<Cable> {
        self.close_open();
        if !self.any {
            return None;
        }
        let text = self.text;
        let c = &mut self.cable;
        c.len = end as u32;
        if !c.preamble.is_empty()
            && c.transmission_id.is_none()
            && c.banners.is_empty()
            && c.dtg_line.is_none()
            && c.distribution.is_none()
            && c.eo.is_none()
            && c.tags.is_none()
            && c.subject.is_none()
        {
            // Nothing but free text: it was the body all along.
            self.phase = Phase::Start;
            self.enter_body();
        }
        self.find_signature();
        let c = &mut self.cable;
        c.shape = if c.transmission_id.is_some() {
            Shape::FullHeader
        } else if c.distribution.is_some() {
            Shape::DistributionBlock
        } else if c.dtg_line.is_some() {
            Shape::Fl5Header
        } else if !c.banners.is_empty() {
            Shape::BannerFirst
        } else if c.eo.is_some()
            || c.tags.is_some()
            || c.subject.is_some()
            || c.refs.is_some()
            || c.classified_by.is_some()
        {
            Shape::CaptionsOnly
        } else {
            Shape::BodyOnly
        };
        let _ = text;
        Some(self.cable)
    }

    /// The signature is the last line of the body when it is a name, or a name
    /// glued to the end of the last sentence.
    fn find_signature(&mut self) {
        let text = self.text;
        let c = &mut self.cable;
        // The last line of body content: the end of the last paragraph or heading.
        let last_para = c.paragraphs.len().checked_sub(1);
        let last_heading = c.headings.len().checked_sub(1);
        let para_end = last_para.map_or(0, |i| c.paragraphs[i].span.end);
        let heading_end = last_heading.map_or(0, |i| c.headings[i].span.end);
        if para_end == 0 && heading_end == 0 {
            return;
        }
        if heading_end > para_end {
            // A lone last "heading" is the signature if it is a name.
            let h = &c.headings[last_heading.unwrap_or(0)];
            if h.underline.is_none() {
                if let Some(sig) = signature_line(text, h.text.start as usize, h.text.end as usize)
                {
                    c.headings.pop();
                    c.signature = Some(sig);
                }
            }
            return;
        }
        let Some(idx) = last_para else { return };
        let p_span = c.paragraphs[idx].span;
        // The paragraph's last line.
        let p_text = p_span.text(text);
        let last_line_start =
            p_span.start as usize + p_text.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let (ls, le) = trim(text, last_line_start, p_span.end as usize);
        if ls >= le {
            return;
        }
        let has_marker_on_line = ls == p_span.start as usize && c.paragraphs[idx].marker.is_some();
        if !has_marker_on_line {
            if let Some(sig) = signature_line(text, ls, le) {
                let before = trim(text, p_span.start as usize, ls).1;
                if before > p_span.start as usize {
                    c.paragraphs[idx].span.end = before as u32;
                } else if c.paragraphs[idx].marker.is_none() {
                    c.paragraphs.pop();
                }
                c.signature = Some(sig);
                return;
            }
        }
        if let Some(sig) = glued_signature(text, ls, le) {
            let before = trim(text, p_span.start as usize, sig.span.start as usize).1;
            c.paragraphs[idx].span.end = before as u32;
            c.signature = Some(sig);
        }
    }
}

/// Whether the trimmed line `s..e` is plain prose to the parser: nothing
/// in it could start a cable, a header element, a caption, a paragraph, a
/// heading underline, a page header or an end marker. Such a line, read
/// after a non-blank line of an open numbered paragraph, can only continue
/// that paragraph, whatever its words: the paragraph-level re-parse
/// (`incremental.rs`) relies on this, so every recogniser `line`,
/// `starts_next_cable`, `continue_open` and `classify` consult for such a
/// line must be listed here or in [`is_free_of_structure`].
pub(super) fn is_plain_text_line(text: &str, s: usize, e: usize) -> bool {
    is_free_of_structure(text, s, e) && paragraph_marker(text, s, e, 0).is_none()
}

/// [`is_plain_text_line`] but for paragraph markers: a line that, after a
/// blank line, can only be a new paragraph when it has a marker.
pub(super) fn is_free_of_structure(text: &str, s: usize, e: usize) -> bool {
    let Some(line) = text.get(s..e) else {
        return false;
    };
    !(line.is_empty()
        || transmission_id(text, s, e).is_some()
        || is_distribution_start(line)
        || dtg_line(text, s, e).is_some()
        || banner(text, s, e, true).is_some()
        || banner(text, s, e, false).is_some()
        || caption_keyword(text, s, e).is_some()
        || caption_line(text, s, e).is_some()
        || starts_marked_prose(text, s, e)
        || page_header(text, s, e).is_some()
        || is_end_line(line)
        || is_underline(line))
}

/// `(SBU) Poloff delivered ...`: a portion marking opening prose, which ends a
/// REF or SUBJECT even without a blank line. `(C) STATE 1234` is a REF item.
/// Asked of every line that may interrupt a paragraph: the `(` it needs
/// is tested where the call is made.
#[inline(always)]
fn starts_marked_prose(text: &str, s: usize, e: usize) -> bool {
    super::body::marking_at(text, s, e)
        .is_some_and(|m| text[m.end as usize..e].chars().any(char::is_lowercase))
}

/// End-of-message lines: `NNNN` (any case), the release's `End Cable Text`,
/// and a lone `.` some conversions leave.
fn is_end_line(line: &str) -> bool {
    match line.len() {
        1 => line == ".",
        4 => eq_ci(line, "NNNN"),
        14 => eq_ci(line, "End Cable Text"),
        _ => false,
    }
}

/// `B.`, `B)`, `(B)` or the damaged `¶B.` at the start of a line.
fn starts_with_ref_label(line: &str) -> bool {
    let l = line.strip_prefix('¶').unwrap_or(line).as_bytes();
    match l {
        [b'(', c, b')', ..] => c.is_ascii_alphanumeric(),
        [c, b')' | b'.', b' ', ..] => c.is_ascii_alphabetic(),
        _ => false,
    }
}

/// A keyword span without its trailing colon and blanks.
fn keyword_trimmed(text: &str, k: Span) -> Span {
    let t = k
        .text(text)
        .trim_end_matches(|c: char| is_blank_char(c) || c == ':');
    Span::new(k.start as usize, k.start as usize + t.len())
}

/// An unnumbered paragraph may still open with a marking: `(C) Summary: ...`.
fn marking_prefix(text: &str, s: usize, e: usize) -> Option<Span> {
    super::body::marking_at(text, s, e)
}

/// Two banners belong to one telegram when office and serial agree (ignoring
/// zero padding).
fn same_cable_number(text: &str, a: &Banner, b: &Banner) -> bool {
    let key = |x: &Banner| {
        let office: String = x
            .office
            .map(|o| o.text(text))
            .unwrap_or("")
            .split_whitespace()
            .collect::<String>()
            .to_ascii_uppercase();
        let serial = x
            .serial
            .map(|s| s.text(text).trim_start_matches('0').to_string())
            .unwrap_or_default();
        (office, serial)
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cables of `text`, as `parse_cables_from` splits them, read with
    /// or without the shortcuts.
    fn cables(text: &str, shortcuts: bool) -> Vec<Cable> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(c) = parse_cable_with(&text[pos..], shortcuts) else {
                break;
            };
            pos += (c.len as usize).max(1);
            out.push(c);
        }
        out
    }

    /// Documents of real cables, and paragraphs whose continuation lines
    /// are the boundary lines of every first-bytes test (after a line, after
    /// a blank line, before an underline, in capitals and not).
    fn documents() -> Vec<String> {
        let mut docs = Vec::new();
        for dir in ["examples", "tests/fixtures"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    docs.push(text);
                }
            }
        }
        assert!(docs.len() >= 20, "{}", docs.len());
        for (k, line) in crate::syntax::tests::boundary_lines().iter().enumerate() {
            let head = "C O N F I D E N T I A L ROME 001406\n\nSUBJECT: TALKS\n\n";
            let body = match k % 4 {
                0 => format!("{head}1. (C) The minister said\n{line}\nand more.\n"),
                1 => format!("{head}1. (C) The minister said\n{line}\n----\n2. (C) Two\n"),
                2 => format!("{head}1. (C) The minister said\n\n{line}\nthe end\n"),
                _ => format!("1. (C) The minister said\r\n{line}\r\n{line}\rSPOGLI"),
            };
            docs.push(body);
        }
        docs
    }

    /// The shortcuts give the trees of the full reading.
    #[test]
    fn shortcuts_read_as_the_full_reading() {
        let mut lines_shortcut = 0;
        for doc in documents() {
            assert_eq!(cables(&doc, true), cables(&doc, false), "{doc}");
            lines_shortcut += doc.lines().count();
        }
        assert!(lines_shortcut > 1000);
    }

    /// Lines read from the known line starts give the trees of lines
    /// searched, concatenated cables split at the same places.
    #[test]
    fn cables_on_starts_are_the_searched_cables() {
        let mut n_cables = 0;
        for doc in documents() {
            let starts = crate::syntax::lines::line_starts(&doc);
            let on_starts: Vec<Cable> =
                crate::syntax::parse_cables_on_starts(&doc, &starts).collect();
            let searched: Vec<Cable> = crate::syntax::parse_cables_from(&doc, 0).collect();
            n_cables += searched.len();
            assert_eq!(on_starts, searched, "{doc}");
        }
        assert!(n_cables > 100, "{n_cables}");
    }
}
