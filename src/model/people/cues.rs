//! The cues that make a run of capitalised words a name when no title
//! precedes it: a given name, a middle initial, a well-known surname, a verb
//! of saying, an apposition, a possessive, a particle, a pair of foreign words.

use super::lexicon::{push_normalized, Flags};
use super::recognize::Scanner;
use super::tokens::{Gap, WordShape};

impl Scanner<'_> {
    /// Decides whether the capitalised run `from..to` (not after a title)
    /// is a name, by its cues; returns the part that is.
    pub(super) fn judge_chain(
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
        // English words before a name are not part of it (`INCLUDING
        // NELSON MANDELA`, `Relations Nasser Bourita`).
        while to - from >= 2
            && w(from).flags.has(Flags::ENGLISH)
            && !w(from)
                .flags
                .has(Flags::GIVEN.union(Flags::FAMOUS).union(Flags::PARTICLE))
            // `Ban Ki-moon`: an English given name before a well-known surname.
            && (caps
                || w(from).gap == Gap::Stop
                || !w(from + 1).flags.has(Flags::FAMOUS)
                || w(from + 1).flags.has(Flags::GIVEN))
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
            // `Will Power` opening a sentence is no name; `Will Smith` is.
            && (!sentence_start || !english(from) || caps || !english(to - 1));
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
        if self.is_place_phrase(from, to)
            || from > region.start
                && w(from).gap == Gap::Space
                && self.is_place_phrase(from - 1, to)
        {
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
