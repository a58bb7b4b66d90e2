//! Names in the header's passing lines (`NSC FOR ABRAMS/DORAN`, `STATE FOR
//! WHA A/S T.SHANNON AND PDAS C.SHAPIRO`, `TREASURY FOR MMALLOY`) and in
//! references to e-mails and calls (`REF: A. BEYRLE-BURNS FEBRUARY 18
//! E-MAIL`). Office symbols (`EUR/WE`, `POLAD`, `S/CT`) are not names.

use super::lexicon::Flags;
use super::recognize::{is_redaction, title_symbol, RawMention, Scanner};
use super::tokens::{Gap, Word, WordShape};
use super::MentionSource;
use crate::data::tags::lookup_tag;
use crate::model::intern::Sym;
use crate::syntax::{Cable, Span};

/// Words after which a passing line lists its addressees.
fn opens_list(word: &str) -> bool {
    ["FOR", "ATTN", "ATTENTION"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Words that name a reference as a message between people.
fn is_message_word(word: &str) -> bool {
    const MESSAGES: [&str; 12] = [
        "EMAIL", "E-MAIL", "EMAILS", "E-MAILS", "TELCON", "TELCONS", "MEMCON", "MEMCONS", "LETTER",
        "MEMO", "DEMARCHE", "CALL",
    ];
    MESSAGES.iter().any(|m| m.eq_ignore_ascii_case(word))
}

impl<'t> Scanner<'t> {
    /// The names of the passing lines and of the e-mail references.
    pub(super) fn passing(&mut self, cable: &Cable) {
        for span in &cable.passing {
            self.passing_line(*span);
        }
        if let Some(refs) = &cable.refs {
            for item in &refs.items {
                self.message_ref(item.body);
            }
        }
    }

    fn passing_line(&mut self, span: Span) {
        let words = self.words_between(span.start as usize, span.end as usize);
        // `STATE EEB/CIP - SFLYNN, FSAEED`: with no `FOR`, the names
        // follow a dash after the office.
        let has_opener = words.iter().any(|w| opens_list(w.text(self.text)));
        if !has_opener {
            let line = span.text(self.text);
            if let Some(dash) = line.find(" - ") {
                let after = span.start + (dash + 3) as u32;
                if let Some(first) = words.iter().position(|w| w.start >= after) {
                    self.addressees(&words, first, words.len());
                }
            }
            return;
        }
        // `PASS TO`, `FOR`: the addressees follow.
        let mut k = 0;
        while k < words.len() {
            let t = words[k].text(self.text);
            let opens = opens_list(t)
                || t.eq_ignore_ascii_case("TO")
                    && k > 0
                    && words[k - 1].text(self.text).eq_ignore_ascii_case("PASS");
            if !opens {
                k += 1;
                continue;
            }
            let start = k + 1;
            let mut end = start;
            while end < words.len() && !opens_list(words[end].text(self.text)) {
                end += 1;
            }
            self.addressees(&words, start, end);
            k = end;
        }
    }

    /// The items of an addressee list: split at commas, brackets, dashes
    /// and `AND`; items joined by slashes form a path.
    fn addressees(&mut self, words: &[Word], start: usize, end: usize) {
        let mut item_start = start;
        for k in start..=end {
            let boundary = k == end
                || k > item_start && matches!(words[k].gap, Gap::Comma | Gap::Stop)
                || k > item_start && words[k].gap == Gap::Other && !self.slash_before(&words[k])
                || is_and(words[k].text(self.text));
            if !boundary {
                continue;
            }
            if k > item_start {
                self.addressee_item(&words[item_start..k]);
            }
            item_start = if k < end && is_and(words[k].text(self.text)) {
                k + 1
            } else {
                k
            };
        }
    }

    fn slash_before(&self, w: &Word) -> bool {
        let at = w.start as usize;
        at > 0 && self.text.as_bytes().get(at - 1) == Some(&b'/')
    }

    /// One addressee: an office path (`EUR/WE`, `4431/MAC/WH/MCAMERON`),
    /// a list of persons joined by slashes (`ABRAMS/DORAN`), or titles and
    /// a name (`A/S T.SHANNON`, `DAS NANCY LEE`).
    fn addressee_item(&mut self, item: &[Word]) {
        // Split the item into its slash-joined elements.
        let mut elements: Vec<&[Word]> = Vec::new();
        let mut from = 0;
        for k in 1..=item.len() {
            if k == item.len() || self.slash_before(&item[k]) {
                elements.push(&item[from..k]);
                from = k;
            }
        }
        if elements.len() > 1 {
            // A path that opens with an office is an office, but its last
            // element may be a person's handle (`4431/MAC/WH/MCAMERON`);
            // one that opens with a name lists persons (`AINSLEY/BAIRD`).
            let first = elements[0];
            let persons = first.len() == 1 && self.single_name(&first[0], false, 4);
            if persons {
                for e in &elements {
                    if e.len() == 1 && self.single_name(&e[0], false, 4) {
                        self.push_words(e, None);
                    }
                }
                return;
            }
            for (idx, e) in elements.iter().enumerate() {
                let last = idx + 1 == elements.len();
                if e.len() == 1 && last {
                    if let Some(part) = self.hyphen_handle(&e[0]) {
                        self.out.push(part);
                    } else if self.single_name(&e[0], false, 6) {
                        self.push_words(e, None);
                    }
                } else if e.len() > 1 && idx > 0 {
                    // `SCA/FO DAS GASTRIGHT`: words after the office.
                    self.titled_name(&e[1..]);
                } else if e.len() == 1 {
                    if let Some(part) = self.hyphen_handle(&e[0]) {
                        self.out.push(part);
                    }
                }
            }
            return;
        }
        self.titled_name(item);
    }

    /// Titles, then a name: `DAS FISK`, `WHA TOM SHANNON`, `NSA RICE`,
    /// `CBARTON`, `P. GRAFF`.
    fn titled_name(&mut self, item: &[Word]) {
        let mut k = 0;
        let mut titled = false;
        while k < item.len() {
            let w = &item[k];
            let t = w.text(self.text);
            let n = t.chars().filter(|c| c.is_alphabetic()).count();
            let skip = w.flags.has(Flags::TITLE) && !w.flags.has(Flags::GIVEN)
                || w.flags.has(Flags::STOP)
                || n <= 3
                    && !w.flags.has(Flags::GIVEN)
                    && w.shape != WordShape::Initial
                    && !is_glued_initial(t)
                    && !(k + 1 == item.len() && titled && n == 3);
            if !skip {
                break;
            }
            titled |= w.flags.has(Flags::TITLE);
            k += 1;
        }
        let name = &item[k..];
        // The title is the title words skipped, not the offices before them.
        let first_title = item[..k].iter().position(|w| w.flags.has(Flags::TITLE));
        let title = first_title.map(|t| {
            title_symbol(
                Span {
                    start: item[t].start,
                    end: item[k - 1].end,
                }
                .text(self.text),
            )
        });
        match name {
            [] => {}
            [one] => {
                if let Some(part) = self.hyphen_handle(one) {
                    self.out.push(part);
                } else if self.single_name(one, titled, 4) {
                    self.push_words(name, title);
                }
            }
            [first, rest @ ..] if rest.len() <= 2 => {
                let initial =
                    is_glued_initial(first.text(self.text)) || first.shape == WordShape::Initial;
                let given = first.flags.has(Flags::GIVEN) || initial;
                let plain = |w: &Word| {
                    let t = w.text(self.text);
                    t.chars().count() >= 2
                        && t.chars()
                            .all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.')
                        && !w.flags.has(
                            Flags::STOP
                                .union(Flags::PLACE)
                                .union(Flags::ORG)
                                .union(Flags::TITLE)
                                .union(Flags::DEMONYM)
                                .union(Flags::DOMAIN),
                        )
                        && self.case_ok(w)
                };
                let foreign = name
                    .iter()
                    .all(|w| !w.flags.has(Flags::ENGLISH) || w.flags.has(Flags::GIVEN));
                if name.iter().all(plain) && (given || foreign) {
                    self.push_words(name, title);
                }
            }
            _ => {}
        }
    }

    /// A capitalised word (or, in a case-folded cable, any word) in the
    /// header's own case.
    fn case_ok(&self, w: &Word) -> bool {
        match w.shape {
            WordShape::Caps | WordShape::Title | WordShape::Initial => true,
            WordShape::Lower => self.folded,
            WordShape::Other => false,
        }
    }

    /// Whether a single word is a surname or a handle (`KOLKER`,
    /// `CBARTON`): letters, at least `min_len` of them (three after a
    /// title), no office, code, place or common English word.
    fn single_name(&mut self, w: &Word, titled: bool, min_len: usize) -> bool {
        let t = w.text(self.text);
        let n = t.chars().count();
        let min_len = if titled { 3 } else { min_len };
        if n < min_len
            || !t.chars().all(|c| c.is_alphabetic() || c == '\'')
            || is_redaction(t)
            || !self.case_ok(w)
        {
            return false;
        }
        let f = w.flags;
        if f.has(
            Flags::STOP
                .union(Flags::PLACE)
                .union(Flags::PLACE_PART)
                .union(Flags::ORG)
                .union(Flags::TITLE)
                .union(Flags::DEMONYM)
                .union(Flags::DOMAIN)
                .union(Flags::SAY),
        ) {
            return false;
        }
        if !titled && (f.has(Flags::COMMON) || f.has(Flags::ENGLISH) && n < 6) {
            return false;
        }
        lookup_tag(t).is_none() || titled
    }

    /// `PDA-LGOULD`: the handle after an office and a hyphen.
    fn hyphen_handle(&mut self, w: &Word) -> Option<RawMention<'t>> {
        let t = w.text(self.text);
        let (office, handle) = t.rsplit_once('-')?;
        if !t.is_ascii() || office.len() > 5 || handle.len() < 6 {
            return None;
        }
        let f = self.lex.flags(handle, &mut self.buf);
        if f.has(Flags::ENGLISH.union(Flags::STOP).union(Flags::PLACE)) {
            return None;
        }
        let start = w.start + office.len() as u32 + 1;
        Some(RawMention {
            span: Span { start, end: w.end },
            parts: vec![handle],
            title: None,
            source: MentionSource::Prose,
            refers: None,
            strong: true,
        })
    }

    fn push_words(&mut self, name: &[Word], title: Option<Sym>) {
        let (Some(first), Some(last)) = (name.first(), name.last()) else {
            return;
        };
        self.out.push(RawMention {
            span: Span {
                start: first.start,
                end: last.end,
            },
            parts: name.iter().map(|w| w.text(self.text)).collect(),
            title,
            source: MentionSource::Prose,
            refers: None,
            strong: true,
        });
    }

    /// `BEYRLE-BURNS FEBRUARY 18 E-MAIL`, `A/S CARSON-AMB SANDERS TELCON`:
    /// the correspondents named before the message word.
    fn message_ref(&mut self, body: Span) {
        let words = self.words_between(body.start as usize, body.end as usize);
        let Some(kw) = words
            .iter()
            .position(|w| is_message_word(w.text(self.text)))
        else {
            return;
        };
        let mut after_title = false;
        for w in &words[..kw] {
            let t = w.text(self.text);
            if w.shape != WordShape::Caps || !t.is_ascii() {
                after_title = false;
                continue;
            }
            // `BEYRLE-BURNS`: two correspondents joined by a hyphen, one of
            // them no English word, vouch for each other.
            let partnered = t.contains('-')
                && t.split('-')
                    .any(|p| p.len() >= 3 && !self.lex.flags(p, &mut self.buf).has(Flags::ENGLISH));
            let mut offset = 0u32;
            for part in t.split('-') {
                let start = w.start + offset;
                offset += part.len() as u32 + 1;
                let f = self.lex.flags(part, &mut self.buf);
                if f.has(Flags::TITLE) {
                    after_title = true;
                    continue;
                }
                let ok = part.len() >= 3
                    && part.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                    && !f.has(
                        Flags::STOP
                            .union(Flags::PLACE)
                            .union(Flags::ORG)
                            .union(Flags::DEMONYM)
                            .union(Flags::DOMAIN)
                            .union(Flags::SAY),
                    )
                    && (after_title
                        || !f.has(Flags::ENGLISH)
                        || partnered && !f.has(Flags::COMMON))
                    && !is_message_word(part)
                    && (after_title || lookup_tag(part).is_none());
                after_title = false;
                if ok {
                    self.out.push(RawMention {
                        span: Span {
                            start,
                            end: start + part.len() as u32,
                        },
                        parts: vec![part],
                        title: None,
                        source: MentionSource::Prose,
                        refers: None,
                        strong: true,
                    });
                }
            }
        }
    }
}

fn is_and(word: &str) -> bool {
    word.eq_ignore_ascii_case("AND") || word == "&"
}

/// `T.SHANNON`'s `T.`: an initial glued to the next word.
fn is_glued_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_alphabetic())
}
