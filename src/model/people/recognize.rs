//! Finding names in a cable: the structured places (TAGS, Classified By,
//! passing lines, signature), then the prose, by cues (titles, given names,
//! verbs of saying, appositions, coordination), then every later use of a
//! name found.

use std::cell::RefCell;

use super::lexicon::{lexicon, Flags, FxHashMap, Lexicon};
use super::marks::Marks;
use super::memo::{memoized, TextMemo};
use super::tokens::{tokenize_marked, Gap, Word, WordShape};
use super::MentionSource;
use crate::model::hashes::FxHashSet;
use crate::model::intern::Sym;
use crate::model::kept_buffers::{self, KeptBuffers, Reusable};
use crate::syntax::{Cable, Span};

/// A mention before in-cable resolution: the name's words as written, in
/// given-name-first order.
#[derive(Clone, Debug)]
pub(crate) struct RawMention<'t> {
    pub span: Span,
    /// Slices of the cable's text, which every word of a name is: no copy
    /// per word of the tens of thousands of mentions of a corpus.
    pub parts: Vec<&'t str>,
    /// The title written with the name, as displayed ([`title_symbol`]).
    pub title: Option<Sym>,
    pub source: MentionSource,
    /// The words of the fuller name this mention is known to stand for:
    /// an initialism defined in the cable (`KJI`), a first name used alone
    /// (`Nawas`), a slip of the pen (`Verhagan`).
    pub refers: Option<Vec<String>>,
    /// Found by a strong cue (a title, a given name, a structured place),
    /// so its first word may stand for it alone.
    pub strong: bool,
}

/// Longest name we accept, in words; longer runs of capitalised words are
/// headings or organisation names.
pub(super) const MAX_NAME_WORDS: usize = 5;

pub(super) struct Region {
    pub(super) words: std::ops::Range<usize>,
    pub(super) caps: bool,
    /// A subject line or heading: written in headline case, where every
    /// word may be capitalised.
    pub(super) heading: bool,
}

pub(super) struct Scanner<'t> {
    pub(super) text: &'t str,
    pub(super) lex: &'static Lexicon,
    pub(super) words: Vec<Word>,
    pub(super) regions: Vec<Region>,
    /// Words already inside a mention.
    pub(super) claimed: Vec<bool>,
    pub(super) out: Vec<RawMention<'t>>,
    /// The word range of each prose mention of `out` (same index), for
    /// the coordination pass.
    pub(super) out_words: Vec<Option<(usize, usize)>>,
    pub(super) buf: String,
    /// The cable has mixed-case prose: its all-capitals lines (subject,
    /// headings) repeat names the prose gives, and weak cues there mislead.
    pub(super) mixed: bool,
    /// The cable was case-folded in conversion (`C o n f i d e n t i a l
    /// section 01`): names may be written in lower case.
    pub(super) folded: bool,
    /// Initialisms defined after a name (`Kim Jong-il (KJI)`), upper case.
    pub(super) aliases: FxHashMap<String, Vec<String>>,
    /// The region being scanned is a heading or subject in headline case,
    /// where English words are capitalised too.
    pub(super) in_heading: bool,
    /// Lexicon numbers of the words [`Flags::PROPER`] was learned for.
    pub(super) proper: FxHashSet<u32>,
    /// The words of the names in the cable's structured places (TAGS,
    /// Classified By, signature, passing lines), upper case.
    pub(super) officer_words: FxHashSet<String>,
    /// Written forms of the words of mixed-case prose, by lexicon number.
    pub(super) seen: super::learned::SeenCounts,
    /// Capitalised words of no list inside sentences, by upper-case hash,
    /// counted at the first need.
    pub(super) unlisted: Option<FxHashMap<u64, u32>>,
    /// The capitalised words of no list inside sentences, by number, which
    /// `unlisted` counts.
    pub(super) unlisted_words: Vec<u32>,
    /// Scratch space of [`Scanner::learn`]: the capitalised words it looks
    /// at again.
    pub(super) learned_titles: Vec<u32>,
    /// Scratch space of [`Scanner::tokenize_prose`]: the prose's spans
    /// (heading or not) and the holes in them.
    prose_spans: Vec<(Span, bool)>,
    prose_holes: Vec<Span>,
    /// The words the scan and propagation may stop at, marked as they are
    /// tokenized.
    pub(super) marks: Marks,
}

/// The buffers of a scanner that do not borrow its cable's text, kept
/// per thread from one cable to the next: an indexing thread scans cables
/// one after the other, and each scan's word list (some twenty bytes a
/// word) and tables were allocated, grown and handed back again, on
/// pages the system had to clear each time.
#[derive(Default)]
struct ScanBuffers {
    words: Vec<Word>,
    regions: Vec<Region>,
    claimed: Vec<bool>,
    out_words: Vec<Option<(usize, usize)>>,
    buf: String,
    proper: FxHashSet<u32>,
    officer_words: FxHashSet<String>,
    unlisted_words: Vec<u32>,
    learned_titles: Vec<u32>,
    prose_spans: Vec<(Span, bool)>,
    prose_holes: Vec<Span>,
    marks: Vec<u64>,
}

/// Bytes of word list beyond which a scan's buffers are let go: a quarter
/// of a million words, a cable of some megabyte and a half, which the
/// next cable is unlikely to need again.
const KEPT_WORD_BYTES: usize = (1 << 18) * std::mem::size_of::<Word>();

thread_local! {
    static SCAN_BUFFERS: KeptBuffers<ScanBuffers, KEPT_WORD_BYTES> = const { KeptBuffers::new() };
}

impl Reusable for ScanBuffers {
    fn clear(&mut self) {
        self.words.clear();
        self.regions.clear();
        self.claimed.clear();
        self.out_words.clear();
        self.buf.clear();
        // Only looked into by key, never walked: a table kept larger
        // answers the same.
        self.proper.clear();
        self.officer_words.clear();
        self.unlisted_words.clear();
        self.learned_titles.clear();
        self.prose_spans.clear();
        self.prose_holes.clear();
        self.marks.clear();
    }

    /// The word list's, which the other buffers follow in proportion.
    fn kept_bytes(&self) -> usize {
        self.words.kept_bytes()
    }
}

/// Every mention in the cable, unresolved, in text order.
pub(crate) fn raw_mentions<'t>(text: &'t str, cable: &Cable) -> Vec<RawMention<'t>> {
    let mut scanner = prepared(text, cable);
    for r in 0..scanner.regions.len() {
        scanner.scan_region(r);
    }
    scanner.coordinate();
    scanner.propagate();
    let mut out = std::mem::take(&mut scanner.out);
    scanner.keep_buffers();
    out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    // Structured mentions may overlap prose (a signature glued to a
    // paragraph): keep the first of overlapping spans.
    let mut last_end = 0;
    out.retain(|m| {
        let keep = m.span.start >= last_end && m.span.start < m.span.end;
        if keep {
            last_end = m.span.end;
        }
        keep
    });
    out
}

/// The scanner of a cable with its structured places read, its prose
/// tokenized and what the cable teaches learned: ready for the scan of
/// its regions.
pub(super) fn prepared<'t>(text: &'t str, cable: &Cable) -> Scanner<'t> {
    let mut b = kept_buffers::take(&SCAN_BUFFERS);
    // About one word in six bytes of cable text: one allocation at most.
    b.words.reserve(text.len() / 6);
    let mut scanner = Scanner {
        text,
        lex: lexicon(),
        words: b.words,
        regions: b.regions,
        claimed: b.claimed,
        out: Vec::new(),
        out_words: b.out_words,
        buf: b.buf,
        mixed: false,
        folded: is_folded(text, cable),
        aliases: FxHashMap::default(),
        proper: b.proper,
        seen: super::learned::SeenCounts::default(),
        unlisted: None,
        unlisted_words: b.unlisted_words,
        learned_titles: b.learned_titles,
        prose_spans: b.prose_spans,
        prose_holes: b.prose_holes,
        marks: Marks::for_words_in(b.marks, text.len() / 6),
        officer_words: b.officer_words,
        in_heading: false,
    };
    scanner.structured(cable);
    scanner.passing(cable);
    let n_structured = scanner.out.len();
    scanner.out_words.clear();
    scanner.out_words.resize(n_structured, None);
    for m in &scanner.out {
        for part in &m.parts {
            let word = super::lexicon::normalize_word(part.trim_end_matches([',', '.']));
            if word.chars().count() >= 3 {
                scanner.officer_words.insert(word);
            }
        }
    }
    scanner.tokenize_prose(cable);
    scanner.claimed.clear();
    scanner.claimed.resize(scanner.words.len(), false);
    scanner.learn();
    scanner
}

impl Scanner<'_> {
    /// Hands the buffers that outlive the cable to the thread's next scan.
    fn keep_buffers(self) {
        let buffers = ScanBuffers {
            words: self.words,
            regions: self.regions,
            claimed: self.claimed,
            out_words: self.out_words,
            buf: self.buf,
            proper: self.proper,
            officer_words: self.officer_words,
            unlisted_words: self.unlisted_words,
            learned_titles: self.learned_titles,
            prose_spans: self.prose_spans,
            prose_holes: self.prose_holes,
            marks: self.marks.into_bits(),
        };
        kept_buffers::keep(&SCAN_BUFFERS, buffers);
        kept_buffers::keep(&super::learned::SEEN_TABLE, self.seen);
    }
}

/// Whether the cable was case-folded in conversion: its banner is written
/// `C o n f i d e n t i a l` or `S e c r e t`.
fn is_folded(text: &str, cable: &Cable) -> bool {
    cable.banner().is_some_and(|b| {
        let c = b.classification.text(text);
        c.chars().next().is_some_and(char::is_uppercase)
            && c.chars().skip(1).any(char::is_lowercase)
            && c.contains(' ')
    })
}

/// A word made only of `X`: a redaction (`XXXXXXXXXXXX`).
pub(super) fn is_redaction(word: &str) -> bool {
    is_redaction_bytes(word.as_bytes())
}

/// [`is_redaction`] of a word's bytes, for the scan's tests of words by
/// their byte ranges.
fn is_redaction_bytes(word: &[u8]) -> bool {
    word.len() >= 3 && word.iter().all(|&b| b == b'X' || b == b'x')
}

/// [`display_title`] of a title as written, interned: remembered per
/// thread, since cables repeat their few titles (`Ambassador`, `FM`) and
/// every mention's title is interned in the end.
pub(crate) fn title_symbol(raw: &str) -> Sym {
    thread_local! {
        static TITLES: RefCell<TextMemo<Sym>> = const { RefCell::new(TextMemo::new()) };
    }
    memoized(&TITLES, raw, || Sym::new(&display_title(raw)))
}

/// Title-shape title words in capitals become `Foreign Minister`; short
/// abbreviations (`FM`, `DCM`) stay.
pub(crate) fn display_title(raw: &str) -> String {
    // Most titles are one word (`Ambassador`, `FM`, `MINISTER`): no word
    // to join with the next, no list to ask.
    if !raw.chars().any(char::is_whitespace) {
        let all_caps = !raw.chars().any(char::is_lowercase);
        return if all_caps && raw.chars().count() > 3 {
            super::resolve::title_case(raw)
        } else {
            raw.to_string()
        };
    }
    display_title_of_words(raw)
}

/// [`display_title`] of any title, of several words too.
fn display_title_of_words(raw: &str) -> String {
    // `Political Minister Counse` / `lor`: a word the line wrap split.
    let mut words: Vec<String> = Vec::new();
    let mut buf = String::new();
    for w in raw.split_whitespace() {
        if let Some(prev) = words.last_mut() {
            let mut whole = |x: &str| lexicon().flags(x, &mut buf).has(Flags::TITLE);
            if w.chars().all(char::is_lowercase) && !whole(w) && !whole(prev) {
                let joined = format!("{prev}{w}");
                if whole(&joined) {
                    *prev = joined;
                    continue;
                }
            }
        }
        words.push(w.to_string());
    }
    let all_caps = !raw.chars().any(char::is_lowercase);
    words
        .iter()
        .map(|w| {
            if all_caps && w.chars().count() > 3 {
                super::resolve::title_case(w)
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that make the capitalised word after them a thing's name or a
/// role rather than a person (`the Dal Molin airfield`, `his Ministers`).
fn is_determiner(word: &str) -> bool {
    const DETERMINERS: [&str; 9] = [
        "the", "a", "an", "his", "her", "its", "their", "our", "this",
    ];
    DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

impl Scanner<'_> {
    pub(super) fn word_text(&self, i: usize) -> &str {
        self.words[i].text(self.text)
    }

    /// The words of the text from `start` to `end`, in a list of their
    /// own: the structured places and passing lines are read apart from
    /// the prose's word list.
    pub(super) fn words_between(&mut self, start: usize, end: usize) -> Vec<Word> {
        let mut words = Vec::new();
        super::tokens::tokenize(self.text, start, end, self.lex, &mut self.buf, &mut words);
        words
    }

    /// Whether `word` is part of a name the cable's structured places give.
    pub(super) fn is_officer_word(&self, word: &str) -> bool {
        !self.officer_words.is_empty()
            && self
                .officer_words
                .contains(super::lexicon::normalize_word(word).as_str())
    }

    pub(super) fn push(&mut self, from: usize, to: usize, title: Option<Sym>) {
        self.push_refers(from, to, title, None);
    }

    /// Pushes a mention found by a strong cue.
    pub(super) fn push_strong(&mut self, from: usize, to: usize, title: Option<Sym>) {
        self.push_refers(from, to, title, None);
        if let Some(last) = self.out.last_mut() {
            last.strong = true;
        }
        self.note_alias(from, to);
    }

    pub(super) fn push_refers(
        &mut self,
        from: usize,
        to: usize,
        title: Option<Sym>,
        refers: Option<Vec<String>>,
    ) {
        // `zu Guttenberg`, `de Villepin`: lower-case particles that open
        // the name belong to it.
        let mut from = from;
        let mut n_particles = 0;
        while from > 0
            && n_particles < 2
            && self.words[from].gap == Gap::Space
            && self.words[from - 1].shape == WordShape::Lower
            && self.words[from - 1].flags.has(Flags::PARTICLE)
            && !self.claimed[from - 1]
        {
            from -= 1;
            n_particles += 1;
        }
        let text = self.text;
        let parts = (from..to).map(|i| self.words[i].text(text)).collect();
        for c in &mut self.claimed[from..to] {
            *c = true;
        }
        self.out.push(RawMention {
            span: Span {
                start: self.words[from].start,
                end: self.words[to - 1].end,
            },
            parts,
            title,
            source: MentionSource::Prose,
            refers,
            strong: false,
        });
        self.out_words.push(Some((from, to)));
    }

    /// `Kim Jong-il (KJI)`: capitals in brackets right after a name, that
    /// are the initials of its words, stand for the name in the cable.
    fn note_alias(&mut self, from: usize, to: usize) {
        let end = self.words[to - 1].end as usize;
        let Some(rest) = self.text.get(end..) else {
            return;
        };
        let rest = rest.trim_start_matches([' ', '\t']);
        let Some(inner) = rest.strip_prefix('(') else {
            return;
        };
        let Some(close) = inner.find(')') else {
            return;
        };
        let abbr = &inner[..close];
        let n = abbr.chars().count();
        if !(2..=5).contains(&n) || !abbr.chars().all(|c| c.is_ascii_uppercase()) {
            return;
        }
        let initials: String = (from..to)
            .flat_map(|k| {
                self.word_text(k)
                    .split(['-', ' '])
                    .filter_map(|p| p.chars().next())
                    .collect::<Vec<_>>()
            })
            .flat_map(char::to_uppercase)
            .collect();
        if initials == abbr {
            let parts = (from..to).map(|k| self.word_text(k).to_string()).collect();
            self.aliases.insert(abbr.to_string(), parts);
        }
    }

    /// Subject lines, headings and paragraphs, without the page headers,
    /// stray captions and signature that the parser found inside them.
    fn tokenize_prose(&mut self, cable: &Cable) {
        let mut spans = std::mem::take(&mut self.prose_spans);
        spans.clear();
        if let Some(subject) = &cable.subject {
            spans.extend(subject.lines.iter().map(|s| (*s, true)));
        }
        spans.extend(cable.headings.iter().map(|h| (h.text, true)));
        spans.extend(cable.paragraphs.iter().map(|p| {
            let span = Span {
                start: p.text_start.max(p.span.start).min(p.span.end),
                end: p.span.end,
            };
            (span, false)
        }));
        spans.sort_by_key(|s| s.0.start);
        let mut holes = std::mem::take(&mut self.prose_holes);
        holes.clear();
        holes.extend(cable.page_headers.iter().map(|p| p.span));
        holes.extend(cable.stray_captions.iter().copied());
        holes.extend(cable.signature.iter().map(|s| s.span));
        holes.extend(cable.end_marker.iter().copied());
        holes.extend(self.out.iter().map(|m| m.span));
        holes.sort_by_key(|s| s.start);
        let mut last_end = 0u32;
        let mut n_lower = 0usize;
        for &(span, heading) in &spans {
            let start = span.start.max(last_end);
            if start >= span.end {
                continue;
            }
            last_end = span.end;
            let first_word = self.words.len();
            let first_hole = holes.partition_point(|h| h.end <= start);
            let mut at = start;
            for hole in &holes[first_hole..] {
                if hole.start >= span.end {
                    break;
                }
                if hole.start > at {
                    self.tokenize_piece(at, hole.start);
                }
                at = at.max(hole.end);
            }
            if at < span.end {
                self.tokenize_piece(at, span.end);
            }
            let text = Span {
                start,
                end: span.end,
            }
            .text(self.text);
            let (lower, upper) = case_counts(text);
            let caps = is_caps_counts(lower, upper);
            if !caps {
                n_lower += lower;
            }
            self.regions.push(Region {
                words: first_word..self.words.len(),
                caps,
                heading,
            });
        }
        self.mixed = n_lower >= 200;
        self.prose_spans = spans;
        self.prose_holes = holes;
    }

    pub(super) fn tokenize_piece(&mut self, start: u32, end: u32) {
        tokenize_marked(
            self.text,
            start as usize,
            end as usize,
            self.lex,
            &mut self.buf,
            &mut self.words,
            &mut self.marks,
        );
    }

    pub(super) fn scan_region(&mut self, r: usize) {
        let range = self.regions[r].words.clone();
        let caps = self.regions[r].caps;
        // All-capitals lines of a mixed-case cable (its subject, headings)
        // name the people the prose names: there, only titles and strong
        // cues count, and propagation finds the rest.
        let weak_ok = !(caps && self.mixed);
        self.in_heading = self.regions[r].heading && !caps;
        let mut i = range.start;
        while i < range.end {
            // Most words open neither a title nor a name: skipped in a
            // tight loop.
            match next_scannable(&self.words, &self.claimed, &self.marks, i, range.end, caps) {
                Some(next) => i = next,
                None => break,
            }
            if self.words[i].flags.has(Flags::TITLE.union(Flags::DOMAIN))
                && self.title_usable(i, caps)
            {
                if let Some(next) = self.after_title(i, range.end, caps) {
                    i = next;
                    continue;
                }
            }
            if self.starts_chain(i, caps) {
                let end = self.chain_end(i, range.end, caps, false);
                if end > i {
                    let accepted = self.judge_chain(i, end, range.clone(), caps, weak_ok);
                    if let Some((from, to, strong)) = accepted {
                        if strong {
                            self.push_strong(from, to, None);
                        } else {
                            self.push(from, to, None);
                        }
                    }
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// A title word counts in its written case: lower-case only for the
    /// role nouns (`advisor Stefano Sannino`), never the bare abbreviations.
    pub(super) fn title_usable(&self, i: usize, caps: bool) -> bool {
        let w = &self.words[i];
        match w.shape {
            WordShape::Title | WordShape::Caps => true,
            WordShape::Lower => !caps,
            _ => false,
        }
    }

    /// Reads a run of title words at `i` and the name after it; pushes the
    /// mention and returns where to go on, or `None` when no name follows.
    pub(super) fn after_title(&mut self, i: usize, end: usize, caps: bool) -> Option<usize> {
        let mut j = i;
        let mut title_end = i;
        while j < end
            && self.words[j].flags.has(Flags::TITLE.union(Flags::DOMAIN))
            && !(self.words[j].flags.has(Flags::GIVEN) && j > i)
            && (j == i || self.words[j].gap == Gap::Space)
            && self.title_usable(j, caps)
        {
            j += 1;
            if self.words[j - 1].flags.has(Flags::TITLE) {
                title_end = j;
            }
            if self.words[j - 1].possessive {
                break;
            }
        }
        // `Foreign Ministry`, `Political Section`: no title without a role.
        if title_end == i {
            return None;
        }
        if self.words[title_end - 1].possessive {
            return Some(title_end);
        }
        let mut j = title_end;
        if j >= end || !matches!(self.words[j].gap, Gap::Space | Gap::Comma) {
            return Some(title_end);
        }
        // `GENERAL SAID TAHERI`: the Arabic given name that is also a verb
        // of saying, right after a title no article precedes.
        let said_name = self.words[j].flags.has(Flags::SAY)
            && self.word_text(j).eq_ignore_ascii_case("said")
            && j + 1 < end
            && self.words[j + 1].gap == Gap::Space
            && !(i > 0 && is_determiner(self.word_text(i - 1)))
            && self.words[j + 1].shape == self.words[j].shape
            && self.name_word(j + 1, caps, true, true)
            && !self.words[j + 1].flags.english();
        let name_start = j;
        if said_name {
            j += 1;
        }
        if !self.name_word(j, caps, true, true) {
            return Some(title_end);
        }
        let name_end = self.chain_end(j, end, caps, true);
        if name_end <= j {
            return Some(title_end);
        }
        // `PRESIDENTIAL FRONTRUNNER JOSE SERRA`: a word before a given
        // name and a surname describes the person.
        let mut name_start = name_start;
        if name_end - name_start >= 3
            && !self.words[name_start]
                .flags
                .has(Flags::GIVEN.union(Flags::PARTICLE).union(Flags::FAMOUS))
            && self.words[name_start].shape != WordShape::Initial
            && self.words[name_start + 1].flags.has(Flags::GIVEN)
        {
            name_start += 1;
        }
        // `ENVOY, LE MONDE HINTED`: an article opens a thing's name.
        if self.words[name_start].flags.has(Flags::ARTICLE)
            && self.words[name_start].shape != WordShape::Lower
            || self.phrase_kind(name_start, name_end).is_some()
        {
            return Some(name_end);
        }
        let title_span = Span {
            start: self.words[i].start,
            end: self.words[title_end - 1].end,
        };
        let title = title_symbol(title_span.text(self.text));
        self.push_strong(name_start, name_end, Some(title));
        Some(name_end)
    }

    pub(super) fn starts_chain(&self, i: usize, caps: bool) -> bool {
        let w = &self.words[i];
        match w.shape {
            WordShape::Title | WordShape::Initial => !caps || w.shape == WordShape::Initial,
            WordShape::Caps => caps,
            _ => false,
        }
    }

    /// Whether word `i` can be part of a name. `first`: the name's first
    /// word; `cued`: a title precedes, so the first word may be an English
    /// word (`President Bush`).
    pub(super) fn name_word(&self, i: usize, caps: bool, first: bool, cued: bool) -> bool {
        let w = &self.words[i];
        let f = w.flags;
        let strong = f.has(Flags::GIVEN.union(Flags::FAMOUS));
        // `Raimondo de Cardona`, `Maria das Dores`: lower-case particles
        // inside a name (before the title test: `DAS` is also a title).
        if w.shape == WordShape::Lower {
            return !first && f.has(Flags::PARTICLE);
        }
        // `Charles A. Ray`: a middle initial, even the article's letter.
        if w.shape == WordShape::Initial {
            return !f.has(Flags::STOP) || !first && w.text(self.text).ends_with('.');
        }
        if f.has(Flags::STOP.union(Flags::SAY)) {
            return false;
        }
        if !strong
            && f.has(
                Flags::TITLE
                    .union(Flags::DOMAIN)
                    .union(Flags::DEMONYM)
                    .union(Flags::PLACE)
                    .union(Flags::ORG),
            )
        {
            return false;
        }
        match w.shape {
            WordShape::Initial => true,
            WordShape::Lower => false,
            WordShape::Title => {
                if caps {
                    return false;
                }
                if first {
                    if !cued || strong {
                        return true;
                    }
                    // `Deputy Premiers`: an English plural is no surname;
                    // `Ambassador Ray`: a word of the cable's own officer
                    // is a name even if English.
                    let english = f.has(Flags::ENGLISH) || f.has(Flags::LOWER_SEEN);
                    let common = f.has(Flags::COMMON) || f.has(Flags::LOWER_SEEN);
                    let plural = english && w.text(self.text).ends_with('s');
                    // `Vice Presidency`, `Presidential Directive`: a
                    // derived English noun after a title is no name.
                    let derived = english && looks_derived(w.text(self.text));
                    return !common && !plural && !derived
                        || self.is_officer_word(w.text(self.text));
                }
                // A word the cable taught is a proper noun (`Gabby Levy`,
                // `Imran Khan`) may end a name, not lead on to more
                // capitalised words (`Shahid Bakeri Industrial Group`).
                let ends_run = !self
                    .words
                    .get(i + 1)
                    .is_some_and(|n| n.gap == Gap::Space && n.shape == WordShape::Title);
                let english = f.has(Flags::ENGLISH)
                    && !(f.has(Flags::PROPER)
                        && ends_run
                        && cued
                        && !looks_derived(w.text(self.text)))
                    || f.has(Flags::LOWER_SEEN);
                // `Saleh Welcomes`, `Remove Zelaya`: a headline capitalises
                // its verbs too.
                if self.in_heading && f.has(Flags::ENGLISH) && !strong {
                    return false;
                }
                !english || strong || f.has(Flags::PARTICLE) || {
                    let prev = self.words[i - 1].flags;
                    prev.has(Flags::GIVEN)
                        || prev.has(Flags::PARTICLE)
                        || self.words[i - 1].shape == WordShape::Initial
                }
            }
            WordShape::Caps => {
                // The word's bytes, not its checked `str` slice: the test
                // runs on every capitalised word of all-caps text.
                let word = self
                    .text
                    .as_bytes()
                    .get(w.start as usize..w.end as usize)
                    .unwrap_or_default();
                if word.len() < 2 || is_redaction_bytes(word) {
                    return false;
                }
                if !caps {
                    // Capitals in mixed text are acronyms unless a cue
                    // says otherwise (`Minister Massimo D'ALEMA`): the
                    // name's first word, or after a given name or initial.
                    let after_name_start = first || {
                        let prev = &self.words[i - 1];
                        prev.flags.has(Flags::GIVEN)
                            || matches!(prev.shape, WordShape::Initial | WordShape::Caps)
                    };
                    return cued && word.len() >= 3 && !f.has(Flags::ENGLISH) && after_name_start;
                }
                if first {
                    !cued || !f.english() || strong
                } else {
                    !f.english() || strong || f.has(Flags::PARTICLE) || {
                        let prev = self.words[i - 1].flags;
                        prev.has(Flags::GIVEN) && !f.common()
                    }
                }
            }
            WordShape::Other => false,
        }
    }

    /// The end (exclusive) of the run of name words starting at `i`.
    pub(super) fn chain_end(&self, i: usize, end: usize, caps: bool, cued: bool) -> usize {
        // Most runs tried end at their first word, so it is tested alone:
        // it needs no compound or list test, which look back a word.
        if i >= end
            || self.claimed.get(i).copied().unwrap_or(true)
            || !self.name_word(i, caps, true, cued)
        {
            return i;
        }
        let mut j = i + 1;
        let first_possessive = self.words.get(i).is_some_and(|w| w.possessive);
        while !first_possessive && j < end && j - i < MAX_NAME_WORDS {
            if self.words[j].gap != Gap::Space {
                break;
            }
            if self.claimed[j] {
                break;
            }
            // Most runs end at a lower-case word that is no particle, which
            // is neither a name word nor a compound surname's title: told
            // without the call.
            let next = &self.words[j];
            if next.shape == WordShape::Lower && !next.flags.has(Flags::PARTICLE) {
                break;
            }
            if !self.name_word(j, caps, false, cued)
                && !self.in_compound_surname(j, end, caps, cued)
            {
                break;
            }
            if self.starts_next_person(i, j, end, caps, cued) {
                break;
            }
            j += 1;
            if self.words[j - 1].possessive {
                break;
            }
        }
        // A name ends on a name, not on a particle.
        while j > i && self.words[j - 1].flags.has(Flags::PARTICLE) && !self.words[j - 1].possessive
        {
            j -= 1;
        }
        // At least one word that is not an initial.
        if (i..j).all(|k| self.words[k].shape == WordShape::Initial) {
            return i;
        }
        j
    }

    /// `Jaime Mayor Oreja`: the word `j` (after the run's first) is a
    /// title word between a given name and a surname, part of a compound
    /// surname.
    fn in_compound_surname(&self, j: usize, end: usize, caps: bool, cued: bool) -> bool {
        !caps
            && self.words[j - 1].flags.has(Flags::GIVEN)
            && self.words[j].shape == WordShape::Title
            && self.words[j].flags.has(Flags::TITLE)
            && !self.words[j].flags.has(Flags::STOP)
            && j + 1 < end
            && self.words[j + 1].gap == Gap::Space
            && self.words[j + 1].shape == WordShape::Title
            && !self.words[j + 1].flags.english()
            && self.name_word(j + 1, caps, false, cued)
    }

    /// `Toby Bradley Valerie Belon`: the word `j` of the run from `i` is a
    /// given name after a surname, which starts the next person of an
    /// unpunctuated list.
    fn starts_next_person(&self, i: usize, j: usize, end: usize, caps: bool, cued: bool) -> bool {
        j >= i + 2
            && self.words[j].flags.has(Flags::GIVEN)
            && !self.words[j - 1]
                .flags
                .has(Flags::GIVEN.union(Flags::PARTICLE))
            && self.words[j - 1].shape != WordShape::Initial
            && j + 1 < end
            && self.words[j + 1].gap == Gap::Space
            && !self.claimed[j + 1]
            && self.name_word(j + 1, caps, false, cued)
    }
}

/// `Amendment`, `Industries`, `Cultural`: endings of English nouns and
/// adjectives that surnames rarely have, so a word the cable capitalises
/// with them is still no name.
pub(super) fn looks_derived(word: &str) -> bool {
    let b = word.as_bytes();
    let n = b.len();
    if n < 7 || !word.is_ascii() {
        return false;
    }
    // The last five letters in capitals: every ending is of three to five.
    let mut tail = [0u8; 5];
    if let Some(last) = b.get(n - 5..) {
        tail.copy_from_slice(last);
    }
    tail.make_ascii_uppercase();
    matches!(&tail, b"MENTS" | b"TIONS")
        || matches!(
            &tail[1..],
            b"MENT"
                | b"TION"
                | b"SION"
                | b"NESS"
                | b"ENCE"
                | b"ENCY"
                | b"ANCE"
                | b"ANCY"
                | b"ICAL"
                | b"ABLE"
                | b"IBLE"
                | b"SHIP"
                | b"IVES"
        )
        || matches!(
            &tail[2..],
            b"ITY" | b"ISM" | b"IVE" | b"OUS" | b"ICS" | b"IES"
        )
}

/// The first word from `from` to `end` that the scan of a region looks at:
/// not claimed, and a word that may open a name ([`Scanner::starts_chain`])
/// or a title usable in the region's case ([`Scanner::title_usable`]).
/// Only marked words are tested ([`super::marks`]): every such word is.
#[inline]
fn next_scannable(
    words: &[Word],
    claimed: &[bool],
    marks: &Marks,
    from: usize,
    end: usize,
    caps: bool,
) -> Option<usize> {
    words.get(from..end)?;
    claimed.get(from..end)?;
    let bit = |shape: WordShape| 1u8 << shape as u8;
    // The shapes that open a chain, and those a title word may have.
    let (chain, title) = if caps {
        (
            bit(WordShape::Caps) | bit(WordShape::Initial),
            bit(WordShape::Title) | bit(WordShape::Caps),
        )
    } else {
        (
            bit(WordShape::Title) | bit(WordShape::Initial),
            bit(WordShape::Title) | bit(WordShape::Caps) | bit(WordShape::Lower),
        )
    };
    let title_flags = Flags::TITLE.union(Flags::DOMAIN);
    // Every `k` found is below `end`, inside both slices tested above.
    marks.find(from, end, |k| {
        let (Some(w), Some(&c)) = (words.get(k), claimed.get(k)) else {
            return true;
        };
        let b = bit(w.shape);
        !c && (chain & b != 0 || title & b != 0 && w.flags.has(title_flags))
    })
}

/// The numbers of ASCII lower- and upper-case letters of `text`: every
/// byte of the cable's prose is counted, so the count runs sixteen bytes
/// abreast in byte-wide counters (vector instructions), emptied into the
/// totals every 255 steps before they can overflow.
fn case_counts(text: &str) -> (usize, usize) {
    const LANES: usize = 16;
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(LANES);
    let (mut lower, mut upper) = (0usize, 0usize);
    loop {
        let mut block_lower = [0u8; LANES];
        let mut block_upper = [0u8; LANES];
        let mut steps = 0;
        for chunk in chunks.by_ref().take(255) {
            let Ok(chunk) = <&[u8; LANES]>::try_from(chunk) else {
                continue;
            };
            for ((l, u), &b) in block_lower.iter_mut().zip(&mut block_upper).zip(chunk) {
                *l += u8::from(b.wrapping_sub(b'a') < 26);
                *u += u8::from(b.wrapping_sub(b'A') < 26);
            }
            steps += 1;
        }
        lower += block_lower.iter().map(|&n| usize::from(n)).sum::<usize>();
        upper += block_upper.iter().map(|&n| usize::from(n)).sum::<usize>();
        if steps < 255 {
            break;
        }
    }
    for &b in chunks.remainder() {
        lower += usize::from(b.wrapping_sub(b'a') < 26);
        upper += usize::from(b.wrapping_sub(b'A') < 26);
    }
    (lower, upper)
}

/// Text with (almost) no lower-case letters, by its [`case_counts`]: an
/// all-caps cable or subject.
fn is_caps_counts(lower: usize, upper: usize) -> bool {
    upper > 0 && lower * 20 <= upper
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::people::lexicon::NO_ID;

    /// The counts of a byte at a time, the definition [`case_counts`]
    /// computes in blocks.
    fn naive_counts(text: &str) -> (usize, usize) {
        let lower = text.bytes().filter(u8::is_ascii_lowercase).count();
        let upper = text.bytes().filter(u8::is_ascii_uppercase).count();
        (lower, upper)
    }

    #[test]
    fn case_counts_are_those_of_each_byte() {
        let long_lower = "a".repeat(1000);
        let long_upper = "Z".repeat(600) + &"q".repeat(300);
        // Past the 255 steps of sixteen bytes a block counts.
        let blocks = "aZ.".repeat(16 * 255 * 3 / 2 + 7);
        let all_bytes: String = (0u8..0x80).map(char::from).collect::<String>() + "Élan ÀÉÎ ßø";
        for text in [
            "",
            "Ambassador SPOGLI met Berlusconi",
            "@[`{ az AZ",
            long_lower.as_str(),
            long_upper.as_str(),
            all_bytes.as_str(),
            blocks.as_str(),
            &blocks[..16 * 255],
            &blocks[..16 * 255 + 1],
            &blocks[..16 * 255 * 2],
        ] {
            assert_eq!(case_counts(text), naive_counts(text), "{text:?}");
        }
        assert_eq!(case_counts(&long_upper), (300, 600));
        assert_eq!(case_counts(&long_lower), (1000, 0));
    }

    #[test]
    fn a_title_of_one_word_is_displayed_as_by_the_general_path() {
        let cases = [
            ("", ""),
            ("FM", "FM"),
            ("DCM", "DCM"),
            ("AMBR", "Ambr"),
            ("AMBASSADOR", "Ambassador"),
            ("Ambassador", "Ambassador"),
            ("ambassador", "ambassador"),
            ("A/DCM", "A/dcm"),
            ("ÉLU", "ÉLU"),
            ("ÉLUS", "Élus"),
            ("ÇAVUŞOĞLU", "Çavuşoğlu"),
            ("MINISTER-COUNSELOR", "Minister-Counselor"),
            ("1234", "1234"),
        ];
        for (raw, want) in cases {
            assert_eq!(display_title(raw), want, "{raw:?}");
            assert_eq!(display_title_of_words(raw), want, "{raw:?}");
        }
        // Blanks of any kind take the general path.
        for raw in [" FM", "FM ", "Deputy\u{a0}FM", "POLITICAL\tCOUNSELOR"] {
            assert_eq!(display_title(raw), display_title_of_words(raw), "{raw:?}");
        }
    }

    #[test]
    fn a_title_symbol_is_the_display_title_every_time() {
        for _ in 0..2 {
            for raw in [
                "FOREIGN MINISTER",
                "Foreign Minister",
                "FM",
                "Political Minister Counse lor",
                "A/DCM",
                "",
            ] {
                assert_eq!(title_symbol(raw).as_str(), display_title(raw), "{raw:?}");
            }
        }
        assert_eq!(
            title_symbol("FOREIGN MINISTER").as_str(),
            "Foreign Minister"
        );
    }

    /// The definition [`looks_derived`] checks by the last five letters.
    fn naive_looks_derived(word: &str) -> bool {
        const ENDINGS: [&str; 21] = [
            "MENT", "MENTS", "TION", "TIONS", "SION", "NESS", "ITY", "ISM", "ENCE", "ENCY", "ANCE",
            "ANCY", "ICAL", "IVE", "IVES", "OUS", "ABLE", "IBLE", "SHIP", "ICS", "IES",
        ];
        let n = word.len();
        n >= 7
            && word.is_ascii()
            && ENDINGS
                .iter()
                .any(|e| n > e.len() && word[n - e.len()..].eq_ignore_ascii_case(e))
    }

    #[test]
    fn a_derived_word_ends_in_a_noun_or_adjective_ending() {
        for word in [
            "Amendment",
            "AMENDMENTS",
            "Industries",
            "Cultural",
            "political",
            "Relations",
            "Presidency",
            "Directive",
            "Sionment",
            "Ministry",
            "Berlusconi",
            "Mentsx",
            "xMENTS",
            "abcdITY",
            "abcITY",
            "Éducation",
            "Educatión",
            "",
            "ship",
            "Fellowship",
            "NERVOUS",
            "TOWNSHIPS",
        ] {
            assert_eq!(looks_derived(word), naive_looks_derived(word), "{word:?}");
        }
        assert!(looks_derived("Amendment"));
        assert!(looks_derived("Fellowship"));
        assert!(!looks_derived("abcITY"));
        assert!(!looks_derived("Educatión"));
    }

    /// Every cable of the examples, prepared for the scan of its regions.
    fn example_scanners(mut run: impl FnMut(&mut Scanner)) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        assert!(!paths.is_empty());
        for path in paths {
            let Ok(document) = std::fs::read_to_string(&path) else {
                continue;
            };
            let parse = crate::syntax::parse(&document);
            for cable in &parse.cables {
                let mut scanner = prepared(cable.text(&document), cable);
                run(&mut scanner);
            }
        }
    }

    /// The flags [`Scanner::learn`] sets and the unlisted words it finds,
    /// by counting every word of the mixed-case regions, as it did before
    /// it counted the lower-case uses of the capitalised words alone.
    fn learned_by_every_word(s: &Scanner) -> (Vec<Flags>, Vec<u32>) {
        use std::collections::HashMap;
        let learned = Flags::PROPER.union(Flags::LOWER_SEEN);
        let unlearned = |f: Flags| Flags::from_bits(f.bits() & !learned.bits());
        let mut lower: HashMap<u32, u32> = HashMap::new();
        let mut capitalised: HashMap<u32, u32> = HashMap::new();
        let mut unlisted = Vec::new();
        for region in s.regions.iter().filter(|r| !r.caps) {
            for k in region.words.clone() {
                let w = s.words[k];
                let inside = !region.heading
                    && k > region.words.start
                    && matches!(w.gap, Gap::Space | Gap::Comma);
                match w.shape {
                    WordShape::Lower if w.id != NO_ID => *lower.entry(w.id).or_default() += 1,
                    WordShape::Title if w.id == NO_ID && inside => unlisted.push(k as u32),
                    WordShape::Title
                        if w.id != NO_ID
                            && inside
                            && !w.flags.has(Flags::TITLE.union(Flags::STOP)) =>
                    {
                        *capitalised.entry(w.id).or_default() += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut flags: Vec<Flags> = s.words.iter().map(|w| unlearned(w.flags)).collect();
        for region in s.regions.iter().filter(|r| !r.caps) {
            for k in region.words.clone() {
                let w = s.words[k];
                if w.shape != WordShape::Title || w.id == NO_ID {
                    continue;
                }
                let n_lower = lower.get(&w.id).copied().unwrap_or(0);
                let n_capitalised = capitalised.get(&w.id).copied().unwrap_or(0);
                if n_capitalised == 0 {
                    continue;
                }
                let f = flags[k];
                if n_lower == 0 && f.has(Flags::ENGLISH) {
                    flags[k] = f.union(Flags::PROPER);
                } else if n_lower > 0
                    && n_lower >= n_capitalised
                    && !f.has(Flags::GIVEN.union(Flags::FAMOUS))
                {
                    flags[k] = f.union(Flags::LOWER_SEEN);
                }
            }
        }
        (flags, unlisted)
    }

    #[test]
    fn learning_by_the_capitalised_words_learns_what_counting_every_word_did() {
        let (mut n_proper, mut n_lower_seen) = (0, 0);
        example_scanners(|scanner| {
            let (flags, unlisted) = learned_by_every_word(scanner);
            let got: Vec<Flags> = scanner.words.iter().map(|w| w.flags).collect();
            assert_eq!(got, flags);
            assert_eq!(scanner.unlisted_words, unlisted);
            n_proper += got.iter().filter(|f| f.has(Flags::PROPER)).count();
            n_lower_seen += got.iter().filter(|f| f.has(Flags::LOWER_SEEN)).count();
        });
        // Both flags are learned somewhere in the examples.
        assert!(
            n_proper > 0 && n_lower_seen > 0,
            "{n_proper} {n_lower_seen}"
        );
    }

    #[test]
    fn the_marks_learned_on_the_way_are_those_of_each_word() {
        let mut n_cables = 0;
        example_scanners(|scanner| {
            assert_eq!(
                scanner.marks.marked(),
                Marks::of(&scanner.words).marked(),
                "{:?}",
                scanner.text.get(..80)
            );
            n_cables += 1;
        });
        assert!(n_cables >= 5, "{n_cables}");
    }

    #[test]
    fn the_next_scannable_word_opens_a_chain_or_is_a_usable_title() {
        example_scanners(|scanner| {
            // Some words claimed, to see them skipped.
            for (k, c) in scanner.claimed.iter_mut().enumerate() {
                *c = k % 7 == 3;
            }
            for region in &scanner.regions {
                let caps = region.caps;
                let range = region.words.clone();
                for from in range.clone() {
                    let naive = (from..range.end).find(|&i| {
                        !scanner.claimed[i]
                            && (scanner.starts_chain(i, caps)
                                || scanner.words[i]
                                    .flags
                                    .has(Flags::TITLE.union(Flags::DOMAIN))
                                    && scanner.title_usable(i, caps))
                    });
                    let fast = next_scannable(
                        &scanner.words,
                        &scanner.claimed,
                        &scanner.marks,
                        from,
                        range.end,
                        caps,
                    );
                    assert_eq!(fast, naive);
                }
            }
        });
        let none: [Word; 0] = [];
        let marks = Marks::default();
        assert_eq!(next_scannable(&none, &[], &marks, 0, 0, false), None);
        assert_eq!(next_scannable(&none, &[], &marks, 2, 5, true), None);
    }

    #[test]
    fn no_cue_accepts_a_single_english_word_that_is_not_famous() {
        let mut n_checked = 0;
        example_scanners(|scanner| {
            for r in 0..scanner.regions.len() {
                let range = scanner.regions[r].words.clone();
                let caps = scanner.regions[r].caps;
                for from in range.clone() {
                    let w = scanner.words[from];
                    if !w.flags.has(Flags::ENGLISH) || w.flags.has(Flags::FAMOUS) {
                        continue;
                    }
                    for weak_ok in [false, true] {
                        let general =
                            scanner.judge_chain_cues(from, from + 1, range.clone(), caps, weak_ok);
                        assert_eq!(general, None, "{:?}", scanner.word_text(from));
                        let fast =
                            scanner.judge_chain(from, from + 1, range.clone(), caps, weak_ok);
                        assert_eq!(fast, None);
                    }
                    n_checked += 1;
                }
            }
        });
        assert!(n_checked > 1000, "{n_checked}");
    }

    /// What the scan of each cable of `documents` learns (its regions,
    /// its words' classes, its unlisted words) and finds (its mentions'
    /// spans), one cable after the other on this thread.
    fn scans_in_turn(documents: &[String]) -> Vec<ScanFindings> {
        let mut out = Vec::new();
        for document in documents {
            let parse = crate::syntax::parse(document);
            for cable in &parse.cables {
                let text = cable.text(document);
                let scanner = prepared(text, cable);
                let regions = scanner
                    .regions
                    .iter()
                    .map(|r| (r.words.clone(), r.caps, r.heading))
                    .collect();
                let flags = scanner.words.iter().map(|w| w.flags).collect();
                let unlisted = scanner.unlisted_words.clone();
                scanner.keep_buffers();
                let spans = raw_mentions(text, cable).iter().map(|m| m.span).collect();
                out.push((regions, flags, unlisted, spans));
            }
        }
        out
    }

    type ScanFindings = (
        Vec<(std::ops::Range<usize>, bool, bool)>,
        Vec<Flags>,
        Vec<u32>,
        Vec<Span>,
    );

    #[test]
    fn a_cable_scanned_after_others_is_found_as_when_scanned_first() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        let documents: Vec<String> = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        let mut reversed = documents.clone();
        reversed.reverse();
        // Each on a thread of its own: the first scans the cables with
        // fresh buffers, the second after the buffers held the others.
        let (first, again) = std::thread::scope(|scope| {
            let first = scope.spawn(|| scans_in_turn(&documents));
            let again = scope.spawn(|| {
                let _ = scans_in_turn(&reversed);
                scans_in_turn(&documents)
            });
            (first.join().unwrap(), again.join().unwrap())
        });
        assert!(first.len() >= 5, "{}", first.len());
        assert_eq!(first, again);
        assert!(first.iter().any(|(_, _, unlisted, _)| !unlisted.is_empty()));
        assert!(first.iter().any(|(_, _, _, spans)| spans.len() >= 3));
    }

    #[test]
    fn caps_text_allows_one_lower_case_letter_in_twenty() {
        assert!(is_caps_counts(1, 20));
        assert!(!is_caps_counts(2, 20));
        assert!(!is_caps_counts(0, 0));
    }

    /// The run of name words as [`Scanner::chain_end`] defined it before
    /// its first word was tested alone: one loop over every word (the
    /// compound and list tests, which the rewrite did not change, are
    /// shared).
    fn chain_end_general(s: &Scanner, i: usize, end: usize, caps: bool, cued: bool) -> usize {
        let mut j = i;
        while j < end && j - i < MAX_NAME_WORDS {
            if j > i && s.words[j].gap != Gap::Space || s.claimed[j] {
                break;
            }
            let joins = s.name_word(j, caps, j == i, cued)
                || j > i && s.in_compound_surname(j, end, caps, cued);
            if !joins {
                break;
            }
            if s.starts_next_person(i, j, end, caps, cued) {
                break;
            }
            j += 1;
            if s.words[j - 1].possessive {
                break;
            }
        }
        while j > i && s.words[j - 1].flags.has(Flags::PARTICLE) && !s.words[j - 1].possessive {
            j -= 1;
        }
        if (i..j).all(|k| s.words[k].shape == WordShape::Initial) {
            return i;
        }
        j
    }

    #[test]
    fn chain_end_is_the_general_loop_at_every_word() {
        let document = "\
SUBJECT: AMBASSADOR SPOGLI MEETS FM D'ALEMA AND XXXXXXXXXXXX

1. Ambassador Ronald P. Spogli's talk with Jaime Mayor Oreja and Toby Bradley Valerie Belon
went well. Charles A. Ray met Raimondo de Cardona, the MFA and Massimo D'ALEMA.
2. MINISTER KARZAI'S AIDE J. R. SMITH MET WITH AL-MALIKI OF THE MFA. Vice Presidency X.
";
        let parse = crate::syntax::parse(document);
        let cable = parse.cables.first().expect("one cable");
        let text = cable.text(document);
        let mut scanner = prepared(text, cable);
        let n = scanner.words.len();
        assert!(n > 40, "{n} words");
        let mut ends = Vec::new();
        for claimed in [false, true] {
            if claimed {
                // Every third word taken, to pin the claimed tests.
                for (k, c) in scanner.claimed.iter_mut().enumerate() {
                    *c = k % 3 == 1;
                }
            }
            for caps in [false, true] {
                for cued in [false, true] {
                    for i in 0..=n {
                        for end in [i, i + 1, i + 3, n] {
                            let end = end.min(n);
                            let fast = scanner.chain_end(i, end, caps, cued);
                            let general = chain_end_general(&scanner, i, end, caps, cued);
                            assert_eq!(fast, general, "i {i} end {end} caps {caps} cued {cued}");
                            ends.push(fast - i);
                        }
                    }
                }
            }
        }
        // Runs of every length up to a name's longest were found.
        assert!(ends.iter().any(|&l| l >= 3), "{ends:?}");
        assert!(ends.contains(&1));
    }

    #[test]
    fn a_redaction_is_three_or_more_xs_as_bytes_or_text() {
        for (word, redacted) in [
            ("", false),
            ("X", false),
            ("XX", false),
            ("XXX", true),
            ("xXxXxX", true),
            ("XXXY", false),
            ("ÄXX", false),
        ] {
            assert_eq!(is_redaction(word), redacted, "{word:?}");
            assert_eq!(is_redaction_bytes(word.as_bytes()), redacted, "{word:?}");
        }
    }
}
