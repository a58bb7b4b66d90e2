//! The cross-cable index of a workspace, built from file summaries: cables
//! by id, the REF citation graph, and persons with their mentions. It is an
//! immutable value, rebuilt off the request path after changes (linear in
//! the number of cables, references and mentions) and shared by snapshots.

mod stored;

pub(crate) use stored::StoredTables;

use super::keyed_lists::KeyedLists;
use super::mention_lists::MentionLists;
use super::people::{Mention, PeopleIndex, PeopleOverrides, Person, PersonId};
use super::reference::ReferenceKind;
use super::search_text::SearchText;
use super::summary::{CableSummary, RefSite, TextRange};
use super::workspace::{path_order, FileSummary};
use std::path::Path;
use std::sync::Arc;

/// A file of the index.
#[derive(Clone, Debug)]
pub struct IndexedFile {
    pub path: Arc<Path>,
    pub summary: Arc<FileSummary>,
    /// Open in the editor (its buffer, not the disk, was summarised).
    pub open: bool,
}

/// A cable of the index: file number and cable number in that file.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct CableRef {
    pub file: u32,
    pub cable: u32,
}

/// A place in a file, in absolute lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: Arc<Path>,
    pub range: TextRange,
}

#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    /// In [`path_order`], which is how a path is found: a binary search
    /// needs no table over a quarter of a million paths.
    pub files: Vec<IndexedFile>,
    cables_by_id: KeyedLists<CableRef>,
    /// Each cited id's REF items: the citing cable and the item's number.
    citations: KeyedLists<(CableRef, u32)>,
    pub people: PeopleIndex,
    /// The people settings the persons were grouped with.
    overrides: PeopleOverrides,
    mentions_of_person: MentionLists,
    /// Each person's fullest mention ([`Mention::fullness`]), the first of
    /// equals in path and text order, and the fullest in another file than
    /// that one's (for when that file is open and its copy here stale): a
    /// definition without a scan.
    fullest_of_person: Vec<Fullest>,
    /// Each named cable's `id subject`, lower-cased once here so a
    /// workspace symbol query is one search of ready text.
    cable_search: SearchText,
    /// The cable of each entry of `cable_search`.
    cable_search_refs: Vec<CableRef>,
    /// Each person's names (display name and keys), tab-separated, entry
    /// for entry with the persons.
    person_search: SearchText,
}

/// The name a cable goes by in symbol lists: `08ROME104 KOSOVO: ...`.
pub fn cable_display_name(cable: &CableSummary) -> Option<String> {
    match (&cable.id, &cable.subject) {
        (Some(id), Some(subject)) => Some(format!("{id} {subject}")),
        (Some(id), None) => Some(id.clone()),
        (None, Some(subject)) => Some(subject.clone()),
        (None, None) => None,
    }
}

impl WorkspaceIndex {
    pub fn build(files: Vec<(Arc<Path>, Arc<FileSummary>, bool)>) -> WorkspaceIndex {
        WorkspaceIndex::build_with(files, &PeopleOverrides::default())
    }

    /// [`WorkspaceIndex::build`] with the user's corrections to the people.
    pub fn build_with(
        files: Vec<(Arc<Path>, Arc<FileSummary>, bool)>,
        overrides: &PeopleOverrides,
    ) -> WorkspaceIndex {
        // In path order: every per-person and per-cable list built below is
        // then in (path, position) order, the order results are shown in,
        // with no sort per request.
        let mut files = files;
        files.sort_by(|a, b| path_order(&a.0, &b.0));
        let files: Vec<IndexedFile> = files
            .into_iter()
            .map(|(path, summary, open)| IndexedFile {
                path,
                summary,
                open,
            })
            .collect();
        // The cable tables and the people tables read the same summaries
        // and nothing of each other: built side by side.
        let (cables, people) = std::thread::scope(|scope| {
            let cables = scope.spawn(|| CableTables::of(&files));
            let people = PeopleTables::of(&files, overrides);
            // The thread can only fail by a panic: built again here, which
            // panics in turn for the caller to catch, as one thread would.
            let cables = cables.join().unwrap_or_else(|_| CableTables::of(&files));
            (cables, people)
        });
        WorkspaceIndex {
            cables_by_id: cables.by_id,
            citations: cables.citations,
            cable_search: cables.search,
            cable_search_refs: cables.search_refs,
            people: people.people,
            overrides: overrides.clone(),
            mentions_of_person: people.mentions_of_person,
            fullest_of_person: people.fullest_of_person,
            person_search: people.search,
            files,
        }
    }

    pub fn file(&self, path: &Path) -> Option<&IndexedFile> {
        self.file_number(path)
            .and_then(|i| self.files.get(i as usize))
    }

    /// The number of a file in the index (files are in path order).
    pub fn file_number(&self, path: &Path) -> Option<u32> {
        self.files
            .binary_search_by(|f| path_order(&f.path, path))
            .ok()
            .map(|i| i as u32)
    }

    pub fn cable(&self, cable_ref: CableRef) -> Option<(&IndexedFile, &CableSummary, u32)> {
        let file = self.files.get(cable_ref.file as usize)?;
        let cable = file.summary.cables().get(cable_ref.cable as usize)?;
        Some((file, &cable.summary, cable.start_line))
    }

    /// The cables with this id (normally one; copies of a cable in several
    /// files all count).
    pub fn cables_with_id(&self, id: &str) -> &[CableRef] {
        self.cables_by_id.get(id)
    }

    /// Where a cable is named: its subject line (else its first line), the
    /// place a jump to the cable lands on.
    pub fn cable_location(&self, cable_ref: CableRef) -> Option<Location> {
        let (file, cable, start_line) = self.cable(cable_ref)?;
        Some(Location {
            path: Arc::clone(&file.path),
            range: cable.name_range.below(start_line),
        })
    }

    /// Every REF item citing the cable `id`, with the citing cable.
    pub fn citations_of(&self, id: &str) -> Vec<(CableRef, &RefSite, Location)> {
        self.citations
            .get(id)
            .iter()
            .filter_map(|&(cable_ref, i)| {
                let (file, cable, start_line) = self.cable(cable_ref)?;
                let site = cable.refs.get(i as usize)?;
                Some((
                    cable_ref,
                    site,
                    Location {
                        path: Arc::clone(&file.path),
                        range: site.range.below(start_line),
                    },
                ))
            })
            .collect()
    }

    pub fn n_citations(&self, id: &str) -> usize {
        self.citations.get(id).len()
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.people.persons.get(id)
    }

    /// Every mention of a person, in file and text order.
    pub fn mentions_of(&self, person: PersonId) -> Vec<(CableRef, &Mention, Location)> {
        self.mentions_of_person
            .get(person)
            .iter()
            .filter_map(|&(cable_ref, i)| self.mention_at(cable_ref, i))
            .collect()
    }

    /// Where a person's mentions are: (cable, mention number), in path
    /// and text order.
    pub fn mention_refs(&self, person: PersonId) -> &[(CableRef, u32)] {
        self.mentions_of_person.get(person)
    }

    /// The fullest mention of a person (its definition), the first of
    /// equals in path and text order, leaving out the file numbered
    /// `except` (an open document's stale copy).
    pub fn fullest_mention_of(
        &self,
        person: PersonId,
        except: Option<u32>,
    ) -> Option<(CableRef, u32)> {
        let f = self.fullest_of_person.get(person)?;
        let (_, best) = f.best?;
        if Some(best.0.file) != except {
            return Some(best);
        }
        f.elsewhere.map(|(_, at)| at)
    }

    /// The first mention of a person, without listing the others.
    pub fn first_mention_of(&self, person: PersonId) -> Option<(CableRef, &Mention, Location)> {
        let &(cable_ref, i) = self.mentions_of_person.get(person).first()?;
        self.mention_at(cable_ref, i)
    }

    pub fn mention_at(
        &self,
        cable_ref: CableRef,
        i: u32,
    ) -> Option<(CableRef, &Mention, Location)> {
        let (file, cable, start_line) = self.cable(cable_ref)?;
        let mention = cable.mentions.get(i as usize)?;
        let range = cable.mention_ranges.get(i as usize)?;
        Some((
            cable_ref,
            mention,
            Location {
                path: Arc::clone(&file.path),
                range: range.below(start_line),
            },
        ))
    }

    /// Named cables whose `id subject` holds every one of `words`
    /// (lower-case), in path order; every named cable for no words.
    pub fn search_cables<'a>(&'a self, words: &'a [String]) -> impl Iterator<Item = CableRef> + 'a {
        self.cable_search
            .matching(words)
            .filter_map(|i| self.cable_search_refs.get(i).copied())
    }

    /// Persons one of whose names holds every one of `words` (lower-case).
    pub fn search_persons<'a>(
        &'a self,
        words: &'a [String],
    ) -> impl Iterator<Item = PersonId> + 'a {
        self.person_search.matching(words)
    }

    /// REF items that cite a cable: the edges of the citation graph.
    pub fn n_citation_edges(&self) -> usize {
        self.citations.n_values()
    }

    /// Person mentions across the workspace.
    pub fn n_mentions(&self) -> usize {
        self.mentions_of_person.total()
    }

    /// Decodes what was read from the index cache in its stored form
    /// (each person's mentions), so that no request pays for it.
    pub fn decode_all(&self) {
        self.mentions_of_person.decode_all();
    }

    pub fn n_cables(&self) -> usize {
        self.files.iter().map(|f| f.summary.n_cables()).sum()
    }
}

/// What the index knows of cables: by path, by id, the citation graph and
/// the symbol search.
struct CableTables {
    by_id: KeyedLists<CableRef>,
    citations: KeyedLists<(CableRef, u32)>,
    search: SearchText,
    search_refs: Vec<CableRef>,
}

impl CableTables {
    fn of(files: &[IndexedFile]) -> CableTables {
        // The ids are borrowed from the summaries, which outlive the build.
        let mut by_id: Vec<(&str, CableRef)> = Vec::new();
        let mut citations: Vec<(&str, (CableRef, u32))> = Vec::new();
        let mut names = Vec::new();
        let mut search_refs = Vec::new();
        for (cable_ref, cable) in cables_of(files) {
            if let Some(name) = cable_display_name(cable) {
                search_refs.push(cable_ref);
                names.push(name);
            }
            if let Some(id) = &cable.id {
                by_id.push((id, cable_ref));
            }
            for (i, site) in cable.refs.iter().enumerate() {
                if site.kind == ReferenceKind::Cable {
                    citations.push((&site.value, (cable_ref, i as u32)));
                }
            }
        }
        search_refs.shrink_to_fit();
        CableTables {
            by_id: KeyedLists::new(by_id),
            citations: KeyedLists::new(citations),
            search: SearchText::new(names),
            search_refs,
        }
    }
}

/// What the index knows of people: the persons, each one's mentions, and
/// the search of their names.
struct PeopleTables {
    people: PeopleIndex,
    mentions_of_person: MentionLists,
    fullest_of_person: Vec<Fullest>,
    search: SearchText,
}

impl PeopleTables {
    fn of(files: &[IndexedFile], overrides: &PeopleOverrides) -> PeopleTables {
        let people = PeopleIndex::build_with(
            cables_of(files).map(|(_, c)| c.mentions.as_slice()),
            overrides,
        );
        // A person is found by any name it goes by (`Prodi` after a user
        // merged him into another person, `Spogli` for Ronald P. Spogli).
        // Each person's names written into one reused buffer.
        let mut names = String::new();
        let mut search = SearchText::with_capacity(people.persons.len());
        for (id, p) in people.persons.iter().enumerate() {
            names.clear();
            names.push_str(&p.name);
            for k in people.keys_of(id) {
                names.push('\t');
                names.push_str(k);
            }
            search.push(&names);
        }
        search.finish();
        // Each mention's person (`NONE` for none), looked up once for the
        // passes below, in 4 bytes a mention.
        const NONE: u32 = u32::MAX;
        let persons_of: Vec<u32> = cables_of(files)
            .flat_map(|(_, cable)| {
                cable.mentions.iter().map(|m| {
                    people
                        .person_of(m.key)
                        .and_then(|p| u32::try_from(p).ok())
                        .unwrap_or(NONE)
                })
            })
            .collect();
        let persons = || {
            persons_of
                .iter()
                .map(|&p| (p != NONE).then_some(p as PersonId))
        };
        let places = || {
            cables_of(files).flat_map(|(cable_ref, cable)| {
                (0..cable.mentions.len() as u32).map(move |i| (cable_ref, i))
            })
        };
        let mentions_of_person =
            MentionLists::build(people.persons.len(), || persons().zip(places()));
        let mut fullest_of_person = vec![Fullest::default(); people.persons.len()];
        let mentions = cables_of(files).flat_map(|(_, cable)| cable.mentions.iter());
        for ((person, at), mention) in persons().zip(places()).zip(mentions) {
            if let Some(fullest) = person.and_then(|p| fullest_of_person.get_mut(p)) {
                fullest.see(mention.fullness(), at);
            }
        }
        PeopleTables {
            people,
            mentions_of_person,
            fullest_of_person,
            search,
        }
    }
}

/// A person's fullest mention, and the fullest in another file, each the
/// first of equals in the order mentions are seen.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Fullest {
    best: Option<((bool, usize), (CableRef, u32))>,
    elsewhere: Option<((bool, usize), (CableRef, u32))>,
}

impl Fullest {
    fn see(&mut self, f: (bool, usize), at: (CableRef, u32)) {
        let file = at.0.file;
        match self.best {
            None => self.best = Some((f, at)),
            Some((best, best_at)) if f > best => {
                // The old best leads every other file: it is the fullest
                // outside the new best's file, unless that is its own.
                if best_at.0.file != file {
                    self.elsewhere = Some((best, best_at));
                }
                self.best = Some((f, at));
            }
            Some((_, best_at)) => {
                if best_at.0.file != file && self.elsewhere.is_none_or(|(e, _)| f > e) {
                    self.elsewhere = Some((f, at));
                }
            }
        }
    }
}

/// Every cable of the files, in order, with its reference.
fn cables_of(files: &[IndexedFile]) -> impl Iterator<Item = (CableRef, &CableSummary)> {
    files.iter().enumerate().flat_map(|(f, file)| {
        file.summary
            .cables()
            .iter()
            .enumerate()
            .map(move |(c, cable)| {
                (
                    CableRef {
                        file: f as u32,
                        cable: c as u32,
                    },
                    cable.summary.as_ref(),
                )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fullest_mention_and_the_fullest_in_another_file() {
        let at = |file: u32, i: u32| (CableRef { file, cable: 0 }, i);
        let mut f = Fullest::default();
        // (file, mention, fullness) in path and text order.
        for (file, i, full) in [
            (0, 0, (false, 6)),
            (1, 0, (true, 10)),
            (1, 1, (true, 12)),
            (2, 0, (true, 10)),
            (3, 0, (true, 10)),
            (4, 0, (true, 12)),
        ] {
            f.see(full, at(file, i));
        }
        // The first of the two fullest; outside its file, the other one.
        assert_eq!(f.best.map(|b| b.1), Some(at(1, 1)));
        assert_eq!(f.elsewhere.map(|b| b.1), Some(at(4, 0)));
        // A new best in another file hands the old one down.
        f.see((true, 20), at(5, 0));
        assert_eq!(f.best.map(|b| b.1), Some(at(5, 0)));
        assert_eq!(f.elsewhere.map(|b| b.1), Some(at(1, 1)));
        // In the same file, the one from elsewhere stays.
        f.see((true, 30), at(5, 1));
        assert_eq!(f.best.map(|b| b.1), Some(at(5, 1)));
        assert_eq!(f.elsewhere.map(|b| b.1), Some(at(1, 1)));
    }
}
