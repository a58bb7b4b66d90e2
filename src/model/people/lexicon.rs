//! One table from upper-case word to its classes (English word, given name,
//! title, place, ...), built once, so recognition pays one hash lookup per
//! word and no allocation for ASCII words.
//!
//! `english_words.txt` was made with wordfreq 3.1 (PyPI) and Debian's
//! `wamerican`:
//! `[w for w in wordfreq.top_n_list('en', 30000) if w.isascii() and
//! w.isalpha() and len(w) >= 2 and w in lower_case_entries_of_wamerican]`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::gazetteer::{self, DEMONYMS};
use super::wordlists::{
    FAMOUS, GIVEN_NAMES, PARTICLES, SAY_VERBS, STOP_WORDS, TITLES, TITLE_DOMAINS,
};

const ENGLISH_WORDS: &str = include_str!("english_words.txt");

/// The most frequent English words: never a surname even right after a
/// title (`the Ambassador SAID`).
const N_COMMON: usize = 3000;

/// Classes of a word, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Flags(u16);

impl Flags {
    pub const ENGLISH: Flags = Flags(1);
    pub const COMMON: Flags = Flags(1 << 1);
    pub const GIVEN: Flags = Flags(1 << 2);
    pub const FAMOUS: Flags = Flags(1 << 3);
    pub const TITLE: Flags = Flags(1 << 4);
    pub const PARTICLE: Flags = Flags(1 << 5);
    pub const STOP: Flags = Flags(1 << 6);
    /// A one-word place (`ROME`).
    pub const PLACE: Flags = Flags(1 << 7);
    /// A word of a place of several words (`BUENOS`, `AIRES`).
    pub const PLACE_PART: Flags = Flags(1 << 8);
    pub const DEMONYM: Flags = Flags(1 << 9);
    pub const SAY: Flags = Flags(1 << 10);
    /// `FOREIGN`, `FINANCE`: part of a title only next to a [`Flags::TITLE`].
    pub const DOMAIN: Flags = Flags(1 << 11);

    pub const fn empty() -> Flags {
        Flags(0)
    }

    pub fn has(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    pub fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    pub fn intersect(self, other: Flags) -> Flags {
        Flags(self.0 & other.0)
    }
}

/// FxHash (rustc's hasher): the keys are short words from our own lists, so
/// the speed matters more than resistance to crafted collisions.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

pub(crate) struct Lexicon {
    words: FxHashMap<Box<str>, Flags>,
    /// Places of several words, words joined by one blank.
    phrases: FxHashMap<Box<str>, ()>,
}

/// The shared lexicon, built on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::build)
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut words: FxHashMap<Box<str>, Flags> = FxHashMap::default();
        let mut phrases: FxHashMap<Box<str>, ()> = FxHashMap::default();
        let mut add = |word: &str, flags: Flags| {
            let key = normalize_word(word);
            let entry = words.entry(key.into_boxed_str()).or_default();
            *entry = entry.union(flags);
        };
        let english = ENGLISH_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (rank, word) in english.enumerate() {
            let mut flags = Flags::ENGLISH;
            if rank < N_COMMON {
                flags = flags.union(Flags::COMMON);
            }
            add(word, flags);
        }
        let lists = [
            (TITLES, Flags::TITLE),
            (TITLE_DOMAINS, Flags::DOMAIN),
            (PARTICLES, Flags::PARTICLE),
            (GIVEN_NAMES, Flags::GIVEN),
            (FAMOUS, Flags::FAMOUS),
            (STOP_WORDS, Flags::STOP),
            (SAY_VERBS, Flags::SAY),
            (DEMONYMS, Flags::DEMONYM),
        ];
        for (list, flags) in lists {
            for word in list.split_whitespace() {
                add(word, flags);
            }
        }
        for place in gazetteer::places() {
            let parts: Vec<&str> = place.split_whitespace().collect();
            match parts.as_slice() {
                [] => {}
                [one] => add(one, Flags::PLACE),
                many => {
                    for part in many {
                        add(part, Flags::PLACE_PART);
                    }
                    let joined = many
                        .iter()
                        .map(|p| normalize_word(p))
                        .collect::<Vec<_>>()
                        .join(" ");
                    phrases.insert(joined.into_boxed_str(), ());
                }
            }
        }
        Lexicon { words, phrases }
    }

    /// The classes of `word` in any case; `buf` is scratch space for
    /// non-ASCII words. A plural of a people or a place (`Italians`)
    /// counts as the people.
    pub fn flags(&self, word: &str, buf: &mut String) -> Flags {
        let mut stack = [0u8; 40];
        let key: &str = if word.is_ascii() && word.len() <= stack.len() {
            let out = &mut stack[..word.len()];
            out.copy_from_slice(word.as_bytes());
            out.make_ascii_uppercase();
            // Upper-casing ASCII keeps it ASCII, hence UTF-8.
            std::str::from_utf8(out).unwrap_or("")
        } else {
            buf.clear();
            push_normalized(buf, word);
            buf.as_str()
        };
        match self.words.get(key) {
            Some(&found) => found,
            None => self.derived(key),
        }
    }

    /// Classes of a word not in the table, from its parts: a plural of a
    /// people or a place (`Italians`) is a people, a plural or derived form
    /// of an English word is English (`SANCTIONS`, `INQUIRED`), a compound
    /// is classed by its parts (`TIME-BUYING`, `Singapore-China`).
    fn derived(&self, key: &str) -> Flags {
        let get = |k: &str| self.words.get(k).copied().unwrap_or_default();
        if key.contains('-') {
            let mut parts = key.split('-').filter(|p| !p.is_empty());
            let Some(last) = key.rsplit('-').find(|p| !p.is_empty()) else {
                return Flags::empty();
            };
            if parts.any(|p| get(p).has(Flags::PLACE.union(Flags::DEMONYM))) {
                return Flags::DEMONYM;
            }
            return get(last).intersect(Flags::ENGLISH);
        }
        let n = key.len();
        // Contractions: `WON'T`, `THEY'LL`.
        if ["'T", "'LL", "'RE", "'VE", "'M"]
            .iter()
            .any(|c| key.ends_with(c))
        {
            return Flags::ENGLISH.union(Flags::STOP);
        }
        if n > 3 && key.ends_with('S') {
            let stem = get(&key[..n - 1]);
            if stem.has(Flags::DEMONYM.union(Flags::PLACE)) {
                return Flags::DEMONYM;
            }
            if stem.has(Flags::ENGLISH) || get(&key[..n - 1]).has(Flags::TITLE) {
                return stem.intersect(Flags::ENGLISH.union(Flags::TITLE));
            }
        }
        // Inflected and derived English words, which the list of the most
        // frequent words misses; names rarely end so.
        const SUFFIXES: [(&str, usize); 9] = [
            ("ED", 6),
            ("ING", 8),
            ("LY", 7),
            ("TION", 6),
            ("TIONS", 7),
            ("MENT", 7),
            ("MENTS", 8),
            ("NESS", 7),
            ("IES", 6),
        ];
        if key.is_ascii()
            && SUFFIXES
                .iter()
                .any(|(suffix, min)| n >= *min && key.ends_with(suffix))
        {
            return Flags::ENGLISH;
        }
        Flags::empty()
    }

    /// Whether the words, upper-cased and joined by one blank, are a place
    /// of several words (`BUENOS AIRES`).
    pub fn is_place_phrase(&self, phrase: &str) -> bool {
        self.phrases.contains_key(phrase)
    }
}

/// Upper case, with the typographic apostrophe folded to `'`.
pub(crate) fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_normalized(&mut out, word);
    out
}

pub(crate) fn push_normalized(out: &mut String, word: &str) {
    for c in word.chars() {
        match c {
            '’' | '‘' | '`' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_uppercase()),
            c => out.extend(c.to_uppercase()),
        }
    }
}
