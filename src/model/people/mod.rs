//! People named in cables: recognising mentions in one cable
//! (`recognize`) and grouping mentions across the workspace into persons
//! (`PeopleIndex`). The language server's references, hover and code lenses
//! and the `people` command all read this one engine.

use crate::syntax::{Cable, Span};
use std::collections::HashMap;

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

/// One mention of a person in one cable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The name exactly as written, relative to the cable (no title, no
    /// possessive `'s`).
    pub span: Span,
    /// The fullest name this mention resolves to within its cable, in
    /// display case: `Raimondo De Cardona` for a later `De Cardona`.
    pub name: String,
    /// The key persons are grouped by across cables: the resolved name,
    /// normalised (upper case, single spaces, no punctuation but `'`/`-`).
    pub key: String,
    /// A title or role written with this mention (`Ambassador`, `FM`).
    pub title: Option<String>,
    pub source: MentionSource,
}

/// Every mention of a person in a cable, in text order. `text` is the
/// cable's own text, which the cable's spans are relative to.
pub fn recognize(text: &str, cable: &Cable) -> Vec<Mention> {
    let _ = (text, cable);
    Vec::new()
}

/// A person of the workspace: the mentions that refer to one real person.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, Default)]
pub struct PeopleIndex {
    pub persons: Vec<Person>,
    by_key: HashMap<String, PersonId>,
}

impl PeopleIndex {
    /// Groups the mentions of every cable (one slice per cable) into persons.
    pub fn build<'a>(cables: impl IntoIterator<Item = &'a [Mention]>) -> PeopleIndex {
        let _ = cables.into_iter().count();
        PeopleIndex::default()
    }

    /// The person a mention key belongs to.
    pub fn person_of(&self, key: &str) -> Option<PersonId> {
        self.by_key.get(key).copied()
    }
}
