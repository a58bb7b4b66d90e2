//! The cues that make a run of capitalised words a name when no title
//! precedes it: a given name, a middle initial, a well-known surname, a verb
//! of saying, an apposition, an office before it, a possessive, a particle,
//! a pair of foreign words; and coordination with a name already found.

use super::lexicon::{push_normalized, Flags, PhraseKind};
use super::recognize::{is_redaction, Scanner};
use super::tokens::{Gap, Word, WordShape};

impl Scanner<'_> {
    /// Decides whether the capitalised run `from..to` (not after a title)
    /// is a name, by its cues; returns the part that is. `weak_ok`: the
    /// weak cues (verbs of saying, appositions, pairs of foreign words)
    /// may decide.
    pub(super) fn judge_chain(
        &mut self,
        from: usize,
        to: usize,
        region: std::ops::Range<usize>,
        caps: bool,
        weak_ok: bool,
    ) -> Option<(usize, usize, bool)> {
        // Most runs of an all-caps cable are one English word: no cue makes
        // it a name unless it is a well-known surname.
        if single_english_word(&self.words, from, to) {
            return None;
        }
        self.judge_chain_cues(from, to, region, caps, weak_ok)
    }

    /// [`Scanner::judge_chain`] by every cue, without its shortcut.
    pub(super) fn judge_chain_cues(
        &mut self,
        mut from: usize,
        to: usize,
        region: std::ops::Range<usize>,
        caps: bool,
        weak_ok: bool,
    ) -> Option<(usize, usize, bool)> {
        // How often the last word is used as a name elsewhere, for the
        // possessive cue (counted before the borrows below).
        let last_seen = if self.words[to - 1].possessive {
            self.seen_capitalised(to - 1)
        } else {
            0
        };
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
        // English words before a name are not part of it (`INCLUDING
        // NELSON MANDELA`, `Relations Nasser Bourita`); an office written
        // before a name cues it (`Internal Security Saitoti`).
        let mut office_before = from > region.start
            && w(from).gap == Gap::Space
            && w(from - 1).flags.has(Flags::DOMAIN.union(Flags::TITLE))
            && w(from - 1).shape != WordShape::Lower;
        while to - from >= 2
            && w(from).flags.has(Flags::ENGLISH)
            && !w(from)
                .flags
                .has(Flags::GIVEN.union(Flags::FAMOUS).union(Flags::PARTICLE))
        {
            office_before = w(from).flags.has(Flags::DOMAIN.union(Flags::TITLE));
            from += 1;
        }
        // `Frontrunner Jose Serra`, `Secretary-equivalent Stephan
        // Gompertz`: a word before a given name and a surname describes.
        if to - from >= 3
            && !w(from)
                .flags
                .has(Flags::GIVEN.union(Flags::PARTICLE).union(Flags::FAMOUS))
            && w(from).shape != WordShape::Initial
            && w(from + 1).flags.has(Flags::GIVEN)
        {
            from += 1;
        }
        // In a headline, English words before a name are capitalised too.
        while self.in_heading
            && to - from >= 2
            && w(from).flags.has(Flags::ENGLISH)
            && !w(from).flags.has(Flags::GIVEN.union(Flags::FAMOUS))
        {
            from += 1;
        }
        // `WE DO OF CRISTINA FERNANDEZ`: a particle before a given name
        // opens no name.
        while to - from >= 2
            && w(from).flags.has(Flags::PARTICLE)
            && w(from).flags.has(Flags::ENGLISH)
            && w(from + 1).flags.has(Flags::GIVEN)
        {
            from += 1;
        }
        // `El Pais`, `Le Monde`, `Al Jazeera`: an article opens the names of
        // things.
        if w(from).flags.has(Flags::ARTICLE) && w(from).shape != WordShape::Lower {
            return None;
        }
        let n = to - from;
        let words = from..to;
        let any = |flag: Flags| words.clone().any(|k| w(k).flags.has(flag));
        if n >= 2 && self.phrase_kind(from, to) == Some(PhraseKind::Org) {
            return None;
        }
        let last = w(to - 1);
        // The words that are neither initials nor particles.
        let non_initial = || {
            words
                .clone()
                .filter(|&k| w(k).shape != WordShape::Initial && !w(k).flags.has(Flags::PARTICLE))
        };
        non_initial().next()?;
        let sentence_start = w(from).gap == Gap::Stop;
        // What the cable taught about single words does not count here.
        let english =
            |k: usize| w(k).flags.has(Flags::ENGLISH) || w(k).flags.has(Flags::LOWER_SEEN);
        let strong = |k: usize| w(k).flags.has(Flags::GIVEN) || w(k).flags.has(Flags::FAMOUS);

        // Strong cues: a given name before a surname, a middle initial, a
        // well-known surname.
        let given = n >= 2
            && w(from).flags.has(Flags::GIVEN)
            && !(caps && w(from).flags.has(Flags::COMMON))
            // `Will Power` opening a sentence is no name; `Will Smith` is.
            && (!sentence_start || !english(from) || caps || !english(to - 1));
        let initials = n >= 3 && (from + 1..to - 1).any(|k| w(k).shape == WordShape::Initial);
        let famous = words.clone().any(|k| {
            w(k).flags.has(Flags::FAMOUS)
                && if caps {
                    !w(k).flags.has(Flags::ENGLISH)
                } else {
                    !(english(k) && sentence_start && n == 1)
                }
        });
        // `Shahid Bakeri Industrial Group`, `King Fahd University`: a name
        // inside an institution's is the institution's.
        if self.opens_institution(to, region.end) && !famous {
            return None;
        }
        if given || initials || famous {
            let place = n >= 2 && self.phrase_kind(from, to).is_some();
            return (!place).then_some((from, to, true));
        }
        if !weak_ok {
            return None;
        }

        // Weak cues need a candidate that passes stricter tests.
        if any(Flags::PLACE)
            || any(Flags::DEMONYM)
            || any(Flags::TITLE)
            || any(Flags::STOP)
            || any(Flags::ORG)
        {
            return None;
        }
        if self.phrase_kind(from, to).is_some()
            || from > region.start
                && w(from).gap == Gap::Space
                && self.phrase_kind(from - 1, to).is_some()
        {
            return None;
        }
        // `Santa Marta`, `Jardim do Batan`: words that open place names.
        if opens_place_name(self.word_text(from)) {
            return None;
        }
        // `Rio Olympics`: a run opened by a word of a place's name.
        if !w(from).flags.has(Flags::GIVEN.union(Flags::PARTICLE))
            && w(from).flags.has(Flags::PLACE_PART)
        {
            return None;
        }
        // `While Rio's favelas`: a word of a place's name alone.
        if n == 1
            && w(from)
                .flags
                .has(Flags::PLACE_PART.union(Flags::PHRASE_PART))
        {
            return None;
        }
        let all_foreign = non_initial().all(|k| !english(k) || strong(k));
        // Foreign by the word list itself, not only by what this cable
        // taught: two proper nouns together may be an institution.
        let some_foreign = non_initial().any(|k| !w(k).flags.has(Flags::ENGLISH) || strong(k));
        // A single word needs to be foreign by the word list itself: what
        // the cable taught (`Establishment` never in lower case) is no
        // evidence of a person alone.
        let min_len = if caps { 4 } else { 3 };
        if n == 1
            && (english(from)
                || w(from).flags.has(Flags::ENGLISH)
                || self.word_text(from).chars().count() < min_len)
        {
            return None;
        }
        // `Shahid Bakeri Industrial Group`: capitalised words going on
        // after the run make it the start of an institution's name.
        if !caps
            && to < region.end
            && w(to).gap == Gap::Space
            && w(to).shape == WordShape::Title
            && !w(to).flags.has(Flags::GIVEN)
            && !last.possessive
        {
            return None;
        }
        if english(to - 1) && !all_foreign {
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
        // `DO LATIN`: an English word is no particle in capitals.
        let particle = words.clone().any(|k| {
            w(k).flags.has(Flags::PARTICLE)
                && k + 1 < to
                && !(caps && w(k).flags.has(Flags::ENGLISH))
        });
        // A possessive alone is a weak cue (`Boeing,s offer`, `Juli's end`):
        // the word must be used as a name elsewhere in the cable too.
        let possessive = last.possessive && (n >= 2 || last_seen >= 2);
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
            && some_foreign
            && !after_article
            && if caps {
                non_initial().all(|k| self.word_text(k).chars().count() >= 4)
            } else {
                !sentence_start || !english(from)
            };
        // `the Dal Molin airfield`, `THE OASGA CONFIRMED`: an article before
        // capitalised words makes them a thing's name.
        if after_article {
            return None;
        }
        let office = office_before && n == 1 && !caps;
        let cued = say_after
            || say_before
            || apposition
            || pair
            || possessive
            || office
            || (particle && all_foreign);
        cued.then_some((from, to, false))
    }

    /// Whether capitalised words right after word `to` end in a noun of
    /// institutions (`Industrial Group`, `University`).
    fn opens_institution(&self, to: usize, end: usize) -> bool {
        (to..(to + 3).min(end))
            .take_while(|&k| {
                self.words[k].gap == Gap::Space
                    && matches!(self.words[k].shape, WordShape::Title | WordShape::Caps)
            })
            .any(|k| is_institution_noun(self.word_text(k)))
    }

    /// What the words `from..to` name together when they are a place or an
    /// organisation of several words.
    pub(super) fn phrase_kind(&self, from: usize, to: usize) -> Option<PhraseKind> {
        // Every capitalised word of a phrase is a part of one (lower-case
        // words, `de`, `of`, are not looked up in prose).
        if to - from < 2
            || !(from..to).all(|k| {
                self.words[k].shape == WordShape::Lower
                    || self.words[k]
                        .flags
                        .has(Flags::PLACE_PART.union(Flags::PHRASE_PART))
            })
        {
            return None;
        }
        let mut phrase = String::new();
        for k in from..to {
            if k > from {
                phrase.push(' ');
            }
            push_normalized(&mut phrase, self.word_text(k));
        }
        self.lex.phrase(&phrase)
    }

    /// `both Abdullah and Karzai`, `Generals Keen and Peixoto`: a single
    /// capitalised word joined by `and` or `or` to a name found is a name.
    pub(super) fn coordinate(&mut self) {
        let found: Vec<(usize, usize)> = self.out_words.iter().flatten().copied().collect();
        for (from, to) in found {
            if to + 1 < self.words.len()
                && self.is_conjunction(to)
                && self.words[to + 1].gap == Gap::Space
                && self.coordinated_word(to + 1, from, false)
            {
                self.push(to + 1, to + 2, None);
            }
            if from >= 2
                && self.is_conjunction(from - 1)
                && self.words[from].gap == Gap::Space
                && self.coordinated_word(from - 2, from, true)
            {
                self.push(from - 2, from - 1, None);
            }
        }
    }

    fn is_conjunction(&self, k: usize) -> bool {
        let w = &self.words[k];
        let t = w.text(self.text);
        w.gap == Gap::Space
            && match w.shape {
                WordShape::Lower => t == "and" || t == "or",
                WordShape::Caps => t == "AND" || t == "OR",
                _ => false,
            }
    }

    /// Whether word `k`, joined to the name at word `other`, can be a
    /// surname by itself. `before`: `k` comes before the conjunction.
    fn coordinated_word(&self, k: usize, other: usize, before: bool) -> bool {
        let Some(region) = self.regions.iter().find(|r| r.words.contains(&k)) else {
            return false;
        };
        if !region.words.contains(&other) || self.claimed[k] {
            return false;
        }
        let w = &self.words[k];
        if before && w.possessive {
            return false;
        }
        let shape_ok = match w.shape {
            WordShape::Title => !region.caps,
            WordShape::Caps => region.caps,
            _ => false,
        };
        let word = w.text(self.text);
        let excluded = Flags::TITLE
            .union(Flags::DOMAIN)
            .union(Flags::PLACE)
            .union(Flags::PLACE_PART)
            .union(Flags::DEMONYM)
            .union(Flags::STOP)
            .union(Flags::ORG)
            .union(Flags::PHRASE_PART)
            .union(Flags::SAY)
            .union(Flags::ARTICLE);
        // A single word, not the end or the start of a longer run.
        let capitalised = |j: usize| {
            matches!(
                self.words[j].shape,
                WordShape::Title | WordShape::Caps | WordShape::Initial
            )
        };
        let alone = if before {
            !(k > region.words.start && w.gap == Gap::Space && capitalised(k - 1))
        } else {
            !(k + 1 < region.words.end && self.words[k + 1].gap == Gap::Space && capitalised(k + 1))
        };
        shape_ok
            && alone
            && !is_redaction(word)
            && word.chars().count() >= 3
            && !w.flags.has(Flags::ENGLISH)
            && !w.flags.has(excluded)
    }
}

/// Whether the run `from..to` is one English word that is no well-known
/// surname, which no cue of [`Scanner::judge_chain`] accepts: it is no
/// given name before a surname nor a middle initial (one word), not famous,
/// and the weak cues turn down a single English word.
fn single_english_word(words: &[Word], from: usize, to: usize) -> bool {
    to == from + 1
        && words
            .get(from)
            .is_some_and(|w| w.flags.has(Flags::ENGLISH) && !w.flags.has(Flags::FAMOUS))
}

/// Words that open the names of places in the languages of the cables
/// (`Santa Marta`, `San Cristobal`, `Puerto Cabezas`, `Jardim do Batan`).
fn opens_place_name(word: &str) -> bool {
    const OPENERS: [&str; 14] = [
        "SANTA", "SANTO", "SAN", "SAO", "SÃO", "PUERTO", "PORTO", "CIUDAD", "JARDIM", "CERRO",
        "BARRIO", "COLONIA", "VILA", "NUEVA",
    ];
    OPENERS.iter().any(|o| o.eq_ignore_ascii_case(word))
}

/// Nouns that end the names of institutions, which may hold a person's
/// name without naming the person.
fn is_institution_noun(word: &str) -> bool {
    const NOUNS: [&str; 26] = [
        "GROUP",
        "COMPANY",
        "CORPORATION",
        "CORP",
        "INC",
        "LTD",
        "UNIVERSITY",
        "INSTITUTE",
        "FOUNDATION",
        "AGENCY",
        "BANK",
        "HOSPITAL",
        "SCHOOL",
        "COLLEGE",
        "MOSQUE",
        "CHURCH",
        "AIRPORT",
        "STADIUM",
        "BRIGADE",
        "BRIGADES",
        "INDUSTRIES",
        "TRUST",
        "CENTER",
        "CENTRE",
        "ACADEMY",
        "ASSOCIATION",
    ];
    NOUNS.iter().any(|n| n.eq_ignore_ascii_case(word))
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
