//! People named in cables: recognising mentions in one cable
//! (`recognize`) and grouping mentions across the workspace into persons
//! (`PeopleIndex`). The language server's references, hover and code lenses
//! and the `people` command all read this one engine.

mod cues;
mod gazetteer;
mod index;
mod learned;
mod lexicon;
mod marks;
mod memo;
mod passing;
mod propagate;
mod recognize;
mod resolve;
mod structured;
mod table;
mod tokens;
mod word_mask;
mod wordlists;

#[cfg(test)]
mod tests_index;
#[cfg(test)]
mod tests_recognize;

pub use resolve::{name_key, title_case};

use crate::model::intern::Sym;
use crate::syntax::{Cable, Span};

/// Where a mention was found; recognition cues differ by place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionSource {
    /// A person in the TAGS line: `OVIP (STEINBERG, JAMES B.)`.
    Tag,
    /// A signer in `Classified By:`.
    ClassifiedBy,
    /// The signature line at the end (`SPOGLI`).
    Signature,
    /// Running text: subject, paragraphs, headings.
    Prose,
}

/// One mention of a person in one cable: a few words, the strings being
/// interned ([`Sym`]), since an archive holds tens of millions of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The name exactly as written, relative to the cable (no title, no
    /// possessive `'s`).
    pub span: Span,
    /// The fullest name this mention resolves to within its cable, in
    /// display case: `Raimondo De Cardona` for a later `De Cardona`.
    pub name: Sym,
    /// The key persons are grouped by across cables: the resolved name,
    /// normalised (upper case, single spaces, no punctuation but `'`/`-`).
    pub key: Sym,
    /// A title or role written with this mention (`Ambassador`, `FM`).
    pub title: Option<Sym>,
    pub source: MentionSource,
}

impl Mention {
    /// How well a mention stands for its person: one with a title first,
    /// then the longest name (`Ambassador Ronald P. Spogli` over `Spogli`).
    /// A person's definition is its fullest mention, the first of equals.
    pub fn fullness(&self) -> (bool, usize) {
        (self.title.is_some(), self.span.len())
    }
}

/// Every mention of a person in a cable, in text order. `text` is the
/// cable's own text, which the cable's spans are relative to.
///
/// Never panics, and runs in time linear in the cable's length: one
/// tokenising pass with one table lookup per word, one cue pass, one pass
/// for the later uses of the surnames found.
pub fn recognize(text: &str, cable: &Cable) -> Vec<Mention> {
    resolve::resolve(recognize::raw_mentions(text, cable))
}

/// A person of the workspace: the mentions that refer to one real person.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    /// The canonical display name (the fullest form seen).
    pub name: String,
    /// Titles seen with the mentions, most frequent first.
    pub titles: Vec<String>,
    pub n_mentions: usize,
    pub n_cables: usize,
}

pub type PersonId = usize;

/// Persons across the workspace and the key → person map.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PeopleIndex {
    pub persons: Vec<Person>,
    /// Symbols are numbers handed out in order: the fast hasher is safe.
    by_key: lexicon::FxHashMap<Sym, PersonId>,
    /// The keys of each person, in order of first appearance.
    keys: Vec<Vec<Sym>>,
}

/// Users' corrections of the grouping, as `.cable-ls.toml` `[people]`
/// writes them: each inner list a group of names as users write them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PeopleOverrides {
    /// Names of one person, merged whatever the engine thinks
    /// (`["Sarkozy", "Nicolas Sarkozy", "Sarko"]`).
    pub aliases: Vec<Vec<String>>,
    /// Names of different persons, never merged with each other
    /// (`["Mohammed bin Salman", "Mohammed bin Nayef"]`).
    pub distinct: Vec<Vec<String>>,
}

impl PeopleIndex {
    /// Groups the mentions of every cable (one slice per cable) into persons.
    pub fn build<'a>(cables: impl IntoIterator<Item = &'a [Mention]>) -> PeopleIndex {
        PeopleIndex::build_with(cables, &PeopleOverrides::default())
    }

    /// [`PeopleIndex::build`], corrected by the users' `overrides`: the
    /// names of one alias group become one person; the names of one
    /// distinct group never share a person, even when a short form fits
    /// both. A name is matched by its key ([`name_key`]): `Sarko` and
    /// `SARKO` are one. Names of a group that no cable mentions still get
    /// a person, so that `person_of` answers for them.
    pub fn build_with<'a>(
        cables: impl IntoIterator<Item = &'a [Mention]>,
        overrides: &PeopleOverrides,
    ) -> PeopleIndex {
        PeopleIndex::build_from(cables, overrides)
    }

    /// The person a mention key belongs to.
    pub fn person_of(&self, key: Sym) -> Option<PersonId> {
        self.by_key.get(&key).copied()
    }

    /// The person of a key written out (`RONALD P SPOGLI`), for keys that
    /// come from users rather than from mentions.
    pub fn person_of_text(&self, key: &str) -> Option<PersonId> {
        Sym::lookup(key).and_then(|key| self.person_of(key))
    }

    /// The person of `id`, if it exists.
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.persons.get(id)
    }

    /// Every mention key grouped into person `id` (`SPOGLI`,
    /// `RONALD P SPOGLI`), for finding all references to a person.
    pub fn keys_of(&self, id: PersonId) -> &[Sym] {
        self.keys.get(id).map_or(&[], Vec::as_slice)
    }
}
