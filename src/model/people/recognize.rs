//! Finding names in a cable: the structured places (TAGS, Classified By,
//! signature), then the prose, by cues (titles, given names, verbs of saying,
//! appositions, possessives), then every later use of a surname found.

use super::lexicon::{lexicon, Flags, Lexicon};
use super::tokens::{tokenize, Gap, Word, WordShape};
use super::MentionSource;
use crate::syntax::{Cable, Span};

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
pub(super) const MAX_NAME_WORDS: usize = 5;

pub(super) struct Region {
    pub(super) words: std::ops::Range<usize>,
    pub(super) caps: bool,
}

pub(super) struct Scanner<'t> {
    pub(super) text: &'t str,
    pub(super) lex: &'static Lexicon,
    pub(super) words: Vec<Word>,
    pub(super) regions: Vec<Region>,
    /// Words already inside a mention.
    pub(super) claimed: Vec<bool>,
    pub(super) out: Vec<RawMention>,
    pub(super) buf: String,
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
pub(super) fn is_redaction(word: &str) -> bool {
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
    pub(super) fn word_text(&self, i: usize) -> &str {
        self.words[i].text(self.text)
    }

    pub(super) fn push(&mut self, from: usize, to: usize, title: Option<String>) {
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

    pub(super) fn tokenize_piece(&mut self, start: u32, end: u32) {
        tokenize(
            self.text,
            start as usize,
            end as usize,
            self.lex,
            &mut self.buf,
            &mut self.words,
        );
    }

    pub(super) fn scan_region(&mut self, r: usize) {
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
                    // `Deputy Premiers`: an English plural is no surname.
                    let plural = f.has(Flags::ENGLISH) && w.text(self.text).ends_with('s');
                    return !cued || strong || !f.has(Flags::COMMON) && !plural;
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
    pub(super) fn chain_end(&self, i: usize, end: usize, caps: bool, cued: bool) -> usize {
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
