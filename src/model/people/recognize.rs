//! Finding names in a cable: the structured places (TAGS, Classified By,
//! signature), then the prose, by cues (titles, given names, verbs of saying,
//! appositions, possessives), then every later use of a surname found.

use super::lexicon::{lexicon, normalize_word, push_normalized, Flags, FxHashMap, Lexicon};
use super::tokens::{tokenize, Gap, Word, WordShape};
use super::MentionSource;
use crate::syntax::{Cable, Span, TagItemKind};

/// A mention before in-cable resolution: the name's words as written, in
/// given-name-first order.
#[derive(Clone, Debug)]
pub(crate) struct RawMention {
    pub span: Span,
    pub parts: Vec<String>,
    pub title: Option<String>,
    pub source: MentionSource,
}

/// Longest name we accept, in words; longer runs of capitalised words are
/// headings or organisation names.
const MAX_NAME_WORDS: usize = 5;

struct Region {
    words: std::ops::Range<usize>,
    caps: bool,
}

struct Scanner<'t> {
    text: &'t str,
    lex: &'static Lexicon,
    words: Vec<Word>,
    regions: Vec<Region>,
    /// Words already inside a mention.
    claimed: Vec<bool>,
    out: Vec<RawMention>,
    buf: String,
}

/// Every mention in the cable, unresolved, in text order.
pub(crate) fn raw_mentions(text: &str, cable: &Cable) -> Vec<RawMention> {
    let mut scanner = Scanner {
        text,
        lex: lexicon(),
        words: Vec::new(),
        regions: Vec::new(),
        claimed: Vec::new(),
        out: Vec::new(),
        buf: String::new(),
    };
    scanner.structured(cable);
    scanner.tokenize_prose(cable);
    scanner.claimed = vec![false; scanner.words.len()];
    for r in 0..scanner.regions.len() {
        scanner.scan_region(r);
    }
    scanner.propagate();
    let mut out = scanner.out;
    out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    // Structured mentions may overlap prose (a signature glued to a
    // paragraph): keep the first of overlapping spans.
    let mut last_end = 0;
    out.retain(|m| {
        let keep = m.span.start >= last_end || m.span.start == m.span.end;
        if keep {
            last_end = m.span.end;
        }
        keep
    });
    out
}

/// A word made only of `X`: a redaction (`XXXXXXXXXXXX`).
fn is_redaction(word: &str) -> bool {
    word.len() >= 3 && word.bytes().all(|b| b == b'X' || b == b'x')
}

/// Title-shape title words in capitals become `Foreign Minister`; short
/// abbreviations (`FM`, `DCM`) stay.
pub(crate) fn display_title(raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let all_caps = !raw.chars().any(char::is_lowercase);
    words
        .iter()
        .map(|w| {
            if all_caps && w.chars().count() > 3 {
                super::resolve::title_case(w)
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Scanner<'_> {
    fn word_text(&self, i: usize) -> &str {
        self.words[i].text(self.text)
    }

    fn push(&mut self, from: usize, to: usize, title: Option<String>) {
        let parts = (from..to).map(|i| self.word_text(i).to_string()).collect();
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
        });
    }

    /// TAGS persons, Classified By and the signature.
    fn structured(&mut self, cable: &Cable) {
        let text = self.text;
        for item in cable.tags.iter().flat_map(|t| t.items.iter()) {
            if item.kind != TagItemKind::Person {
                continue;
            }
            let raw = item.value.text(text);
            let (surname, given) = match raw.split_once(',') {
                Some((s, g)) => (s.trim(), g.trim()),
                None => match raw.trim().split_once(char::is_whitespace) {
                    Some((s, g)) => (s, g.trim()),
                    None => (raw.trim(), ""),
                },
            };
            let parts: Vec<String> = given
                .split_whitespace()
                .chain(surname.split_whitespace())
                .map(str::to_string)
                .collect();
            if parts.is_empty() {
                continue;
            }
            let trimmed = raw.trim_end_matches([',', ';', ' ']);
            let lead = raw.len() - raw.trim_start().len();
            self.out.push(RawMention {
                span: Span::new(
                    item.value.start as usize + lead,
                    item.value.start as usize + trimmed.len(),
                ),
                parts,
                title: None,
                source: MentionSource::Tag,
            });
        }
        if let Some(cb) = &cable.classified_by {
            let title = cb
                .titles
                .first()
                .map(|t| display_title(t.text(text)))
                .filter(|t| !t.is_empty());
            for person in &cb.people {
                self.name_in_span(*person, title.clone(), MentionSource::ClassifiedBy);
            }
        }
        if let Some(signature) = &cable.signature {
            for name in &signature.names {
                self.name_in_span(*name, None, MentionSource::Signature);
            }
        }
    }

    /// The name inside a span given by the parser, without leading titles
    /// (`Ambassador Ronald P. Spogli`) or trailing punctuation.
    fn name_in_span(&mut self, span: Span, title: Option<String>, source: MentionSource) {
        let mut words = Vec::new();
        tokenize(
            self.text,
            span.start as usize,
            span.end as usize,
            self.lex,
            &mut self.buf,
            &mut words,
        );
        let first_name = words
            .iter()
            .position(|w| !w.flags.has(Flags::TITLE) || w.flags.has(Flags::GIVEN));
        let Some(first_name) = first_name else {
            return;
        };
        let lead_title = (first_name > 0).then(|| {
            let s = Span {
                start: words[0].start,
                end: words[first_name - 1].end,
            };
            display_title(s.text(self.text))
        });
        let name_words: Vec<&Word> = words[first_name..]
            .iter()
            .take_while(|w| {
                w.shape != WordShape::Other && w.shape != WordShape::Lower
                    || w.flags.has(Flags::PARTICLE)
            })
            .collect();
        let (Some(first), Some(last)) = (name_words.first(), name_words.last()) else {
            return;
        };
        if is_redaction(first.text(self.text)) {
            return;
        }
        self.out.push(RawMention {
            span: Span {
                start: first.start,
                end: last.end,
            },
            parts: name_words
                .iter()
                .map(|w| w.text(self.text).to_string())
                .collect(),
            title: title.or(lead_title),
            source,
        });
    }

    /// Subject lines, headings and paragraphs, without the page headers,
    /// stray captions and signature that the parser found inside them.
    fn tokenize_prose(&mut self, cable: &Cable) {
        let mut spans: Vec<Span> = Vec::new();
        if let Some(subject) = &cable.subject {
            spans.extend(subject.lines.iter().copied());
        }
        spans.extend(cable.headings.iter().map(|h| h.text));
        spans.extend(cable.paragraphs.iter().map(|p| Span {
            start: p.text_start.max(p.span.start).min(p.span.end),
            end: p.span.end,
        }));
        spans.sort_by_key(|s| s.start);
        let mut holes: Vec<Span> = cable.page_headers.iter().map(|p| p.span).collect();
        holes.extend(cable.stray_captions.iter().copied());
        holes.extend(cable.signature.iter().map(|s| s.span));
        holes.extend(cable.end_marker.iter().copied());
        holes.sort_by_key(|s| s.start);
        let mut last_end = 0u32;
        for span in spans {
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
            let caps = is_caps_text(
                Span {
                    start,
                    end: span.end,
                }
                .text(self.text),
            );
            self.regions.push(Region {
                words: first_word..self.words.len(),
                caps,
            });
        }
    }

    fn tokenize_piece(&mut self, start: u32, end: u32) {
        tokenize(
            self.text,
            start as usize,
            end as usize,
            self.lex,
            &mut self.buf,
            &mut self.words,
        );
    }

    fn scan_region(&mut self, r: usize) {
        let range = self.regions[r].words.clone();
        let caps = self.regions[r].caps;
        let mut i = range.start;
        while i < range.end {
            if self.claimed[i] {
                i += 1;
                continue;
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
                    let accepted = self.judge_chain(i, end, range.clone(), caps);
                    if let Some((from, to)) = accepted {
                        self.push(from, to, None);
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
    fn title_usable(&self, i: usize, caps: bool) -> bool {
        let w = &self.words[i];
        match w.shape {
            WordShape::Title | WordShape::Caps => true,
            WordShape::Lower => !caps,
            _ => false,
        }
    }

    /// Reads a run of title words at `i` and the name after it; pushes the
    /// mention and returns where to go on, or `None` when no name follows.
    fn after_title(&mut self, i: usize, end: usize, caps: bool) -> Option<usize> {
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
        let j = title_end;
        if j >= end || !matches!(self.words[j].gap, Gap::Space | Gap::Comma) {
            return Some(title_end);
        }
        if !self.name_word(j, caps, true, true) {
            return Some(title_end);
        }
        let name_end = self.chain_end(j, end, caps, true);
        if name_end <= j {
            return Some(title_end);
        }
        let title_span = Span {
            start: self.words[i].start,
            end: self.words[title_end - 1].end,
        };
        let title = display_title(title_span.text(self.text));
        self.push(j, name_end, Some(title));
        Some(name_end)
    }

    fn starts_chain(&self, i: usize, caps: bool) -> bool {
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
    fn name_word(&self, i: usize, caps: bool, first: bool, cued: bool) -> bool {
        let w = &self.words[i];
        let f = w.flags;
        let strong = f.has(Flags::GIVEN) || f.has(Flags::FAMOUS);
        if f.has(Flags::STOP) || f.has(Flags::SAY) {
            return false;
        }
        if !strong
            && f.has(
                Flags::TITLE
                    .union(Flags::DOMAIN)
                    .union(Flags::DEMONYM)
                    .union(Flags::PLACE),
            )
        {
            return false;
        }
        match w.shape {
            WordShape::Initial => true,
            WordShape::Lower => !first && f.has(Flags::PARTICLE),
            WordShape::Title => {
                if caps {
                    return false;
                }
                if first {
                    return !cued || !f.has(Flags::COMMON) || strong;
                }
                !f.has(Flags::ENGLISH) || strong || f.has(Flags::PARTICLE) || {
                    let prev = self.words[i - 1].flags;
                    prev.has(Flags::GIVEN)
                        || prev.has(Flags::PARTICLE)
                        || self.words[i - 1].shape == WordShape::Initial
                }
            }
            WordShape::Caps => {
                let word = w.text(self.text);
                if is_redaction(word) || word.len() < 2 {
                    return false;
                }
                if !caps {
                    // Capitals in mixed text are acronyms unless a cue
                    // says otherwise (`Minister Massimo D'ALEMA`).
                    return cued && word.len() >= 3 && !f.has(Flags::ENGLISH);
                }
                if first {
                    !cued || !f.has(Flags::ENGLISH) || strong
                } else {
                    !f.has(Flags::ENGLISH) || strong || f.has(Flags::PARTICLE) || {
                        let prev = self.words[i - 1].flags;
                        prev.has(Flags::GIVEN) && !f.has(Flags::COMMON)
                    }
                }
            }
            WordShape::Other => false,
        }
    }

    /// The end (exclusive) of the run of name words starting at `i`.
    fn chain_end(&self, i: usize, end: usize, caps: bool, cued: bool) -> usize {
        let mut j = i;
        while j < end && j - i < MAX_NAME_WORDS {
            if j > i && self.words[j].gap != Gap::Space {
                break;
            }
            if self.claimed[j] || !self.name_word(j, caps, j == i, cued) {
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

    /// Decides whether the capitalised run `from..to` (not after a title)
    /// is a name, by its cues; returns the part that is.
    fn judge_chain(
        &self,
        mut from: usize,
        to: usize,
        region: std::ops::Range<usize>,
        caps: bool,
    ) -> Option<(usize, usize)> {
        let w = |k: usize| &self.words[k];
        // A capitalised English word opening a sentence is no part of a name.
        if !caps
            && to - from >= 2
            && w(from).gap == Gap::Stop
            && w(from).flags.has(Flags::ENGLISH)
            && !w(from).flags.has(Flags::GIVEN)
            && !w(from).flags.has(Flags::FAMOUS)
        {
            from += 1;
        }
        // In capitals every word is capitalised: English words before a
        // name are not part of it (`INCLUDING NELSON MANDELA`).
        while caps
            && to - from >= 2
            && w(from).flags.has(Flags::ENGLISH)
            && !w(from)
                .flags
                .has(Flags::GIVEN.union(Flags::FAMOUS).union(Flags::PARTICLE))
        {
            from += 1;
        }
        let n = to - from;
        let words = from..to;
        let any = |flag: Flags| words.clone().any(|k| w(k).flags.has(flag));
        let last = w(to - 1);
        let non_initial: Vec<usize> = words
            .clone()
            .filter(|&k| w(k).shape != WordShape::Initial && !w(k).flags.has(Flags::PARTICLE))
            .collect();
        if non_initial.is_empty() {
            return None;
        }
        let sentence_start = w(from).gap == Gap::Stop;
        let english = |k: usize| w(k).flags.has(Flags::ENGLISH);
        let strong = |k: usize| w(k).flags.has(Flags::GIVEN) || w(k).flags.has(Flags::FAMOUS);

        // Strong cues: a given name before a surname, a middle initial, a
        // well-known surname.
        let given = n >= 2
            && w(from).flags.has(Flags::GIVEN)
            && !(caps && w(from).flags.has(Flags::COMMON))
            && !(sentence_start && english(from) && !caps && !english(to - 1));
        let initials = n >= 3 && (from + 1..to - 1).any(|k| w(k).shape == WordShape::Initial);
        let famous = words.clone().any(|k| {
            w(k).flags.has(Flags::FAMOUS)
                && if caps {
                    !english(k)
                } else {
                    !(english(k) && sentence_start && n == 1)
                }
        });
        if given || initials || famous {
            let place = n >= 2 && self.is_place_phrase(from, to);
            return (!place).then_some((from, to));
        }

        // Weak cues need a candidate that passes stricter tests.
        if any(Flags::PLACE) || any(Flags::DEMONYM) || any(Flags::TITLE) || any(Flags::STOP) {
            return None;
        }
        if self.is_place_phrase(from, to) {
            return None;
        }
        let all_foreign = non_initial.iter().all(|&k| !english(k) || strong(k));
        let min_len = if caps { 4 } else { 3 };
        if n == 1 && (english(from) || self.word_text(from).chars().count() < min_len) {
            return None;
        }
        if !english(to - 1) || all_foreign {
            // fine
        } else {
            return None;
        }
        let next = (to < region.end).then(|| w(to));
        let prev = (from > region.start).then(|| w(from - 1));
        let say_after = next.is_some_and(|nx| nx.gap == Gap::Space && nx.flags.has(Flags::SAY));
        let say_before = prev.is_some_and(|pv| {
            w(from).gap == Gap::Space
                && pv.flags.has(Flags::SAY)
                && (caps || pv.shape == WordShape::Lower)
        });
        let apposition = next.is_some_and(|nx| nx.gap == Gap::Comma)
            && (to..(to + 3).min(region.end)).any(|k| {
                w(k).flags.has(Flags::TITLE) && !w(k).flags.has(Flags::ENGLISH.union(Flags::STOP))
                    || is_core_role(self.word_text(k))
            });
        let particle = words
            .clone()
            .any(|k| w(k).flags.has(Flags::PARTICLE) && k + 1 < to);
        let possessive = last.possessive;
        let after_article = prev.is_some_and(|pv| {
            let t = self
                .text
                .get(pv.start as usize..pv.end as usize)
                .unwrap_or("");
            t.eq_ignore_ascii_case("the")
                || t.eq_ignore_ascii_case("a")
                || t.eq_ignore_ascii_case("an")
        });
        let pair = n >= 2
            && all_foreign
            && !after_article
            && if caps {
                non_initial
                    .iter()
                    .all(|&k| self.word_text(k).chars().count() >= 4)
            } else {
                !sentence_start || !english(from)
            };
        // `the Dal Molin airfield`, `THE OASGA CONFIRMED`: an article before
        // capitalised words makes them a thing's name.
        if after_article {
            return None;
        }
        let cued = say_after
            || say_before
            || apposition
            || pair
            || possessive
            || (particle && all_foreign);
        cued.then_some((from, to))
    }

    fn is_place_phrase(&self, from: usize, to: usize) -> bool {
        if to - from < 2 {
            return false;
        }
        let mut phrase = String::new();
        for k in from..to {
            if k > from {
                phrase.push(' ');
            }
            push_normalized(&mut phrase, self.word_text(k));
        }
        self.lex.is_place_phrase(&phrase)
    }

    /// Marks every later (or earlier) use of a surname already found, with
    /// as much of the known name as is written before it.
    fn propagate(&mut self) {
        let mut known: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
        for m in &self.out {
            let parts: Vec<String> = m
                .parts
                .iter()
                .map(|p| normalize_word(p.trim_end_matches([',', '.'])))
                .collect();
            let Some(surname) = parts.last() else {
                continue;
            };
            if surname.chars().count() < 2 {
                continue;
            }
            let f = self.lex.flags(surname, &mut self.buf);
            if f.has(Flags::COMMON) && !f.has(Flags::FAMOUS) || f.has(Flags::STOP) {
                continue;
            }
            let forms = known.entry(surname.clone()).or_default();
            if !forms.contains(&parts) {
                forms.push(parts);
            }
        }
        if known.is_empty() {
            return;
        }
        for r in 0..self.regions.len() {
            let range = self.regions[r].words.clone();
            for k in range.clone() {
                if self.claimed[k]
                    || !matches!(self.words[k].shape, WordShape::Title | WordShape::Caps)
                {
                    continue;
                }
                self.buf.clear();
                push_normalized(&mut self.buf, self.words[k].text(self.text));
                let Some(forms) = known.get(self.buf.as_str()) else {
                    continue;
                };
                // Extend to the left over the words of a known form.
                let mut best_from = k;
                for form in forms {
                    let mut from = k;
                    let mut idx = form.len() - 1;
                    while idx > 0 && from > range.start {
                        let prev = from - 1;
                        if self.claimed[prev] || self.words[from].gap != Gap::Space {
                            break;
                        }
                        let t = normalize_word(self.words[prev].text(self.text));
                        if t.trim_end_matches('.') != form[idx - 1].trim_end_matches('.') {
                            break;
                        }
                        from = prev;
                        idx -= 1;
                    }
                    best_from = best_from.min(from);
                }
                let title = (best_from > range.start
                    && self.words[best_from].gap == Gap::Space
                    && self.words[best_from - 1].flags.has(Flags::TITLE)
                    && matches!(
                        self.words[best_from - 1].shape,
                        WordShape::Title | WordShape::Caps
                    ))
                .then(|| display_title(self.words[best_from - 1].text(self.text)));
                self.push(best_from, k + 1, title);
            }
        }
    }
}

/// Role nouns of an apposition (`De Cardona, Head of ...`,
/// `Sannino, the PM's advisor`).
fn is_core_role(word: &str) -> bool {
    const ROLES: [&str; 14] = [
        "head",
        "director",
        "chief",
        "minister",
        "spokesman",
        "advisor",
        "adviser",
        "deputy",
        "secretary",
        "president",
        "chairman",
        "leader",
        "ambassador",
        "pm",
    ];
    ROLES.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Text with (almost) no lower-case letters: an all-caps cable or subject.
fn is_caps_text(text: &str) -> bool {
    let (mut lower, mut upper) = (0usize, 0usize);
    for b in text.bytes() {
        lower += usize::from(b.is_ascii_lowercase());
        upper += usize::from(b.is_ascii_uppercase());
    }
    upper > 0 && lower * 20 <= upper
}
