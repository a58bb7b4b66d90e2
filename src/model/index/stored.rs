//! The workspace index as the index cache stores it beside the summaries
//! it was built from. A start that finds every file unchanged reads these
//! tables instead of decoding every summary and building them again: the
//! per-file summaries are then decoded only when a request needs them.

use super::{CableRef, Fullest, IndexedFile, WorkspaceIndex};
use crate::model::keyed_lists::KeyedLists;
use crate::model::mention_lists::MentionLists;
use crate::model::people::{PeopleIndex, PeopleOverrides};
use crate::model::search_text::SearchText;
use crate::model::workspace::{FileStamp, FileSummary};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

#[derive(Serialize)]
struct Out<'a> {
    overrides: &'a PeopleOverrides,
    n_files: u64,
    cables_by_id: &'a KeyedLists<CableRef>,
    citations: &'a KeyedLists<(CableRef, u32)>,
    people: &'a PeopleIndex,
    fullest_of_person: &'a [Fullest],
    cable_search: &'a SearchText,
    cable_search_refs: &'a [CableRef],
    person_search: &'a SearchText,
}

#[derive(Deserialize)]
struct In {
    overrides: PeopleOverrides,
    n_files: u64,
    cables_by_id: KeyedLists<CableRef>,
    citations: KeyedLists<(CableRef, u32)>,
    people: PeopleIndex,
    fullest_of_person: Vec<Fullest>,
    cable_search: SearchText,
    cable_search_refs: Vec<CableRef>,
    person_search: SearchText,
}

impl WorkspaceIndex {
    /// Whether the index was built from exactly these summaries of the
    /// files of `folder` (paths relative to it, in path order), none of
    /// them open: only then may it be stored with them.
    pub(crate) fn was_built_from(
        &self,
        folder: &Path,
        records: &[(&str, FileStamp, &FileSummary)],
    ) -> bool {
        self.files.len() == records.len()
            && self
                .files
                .iter()
                .zip(records)
                .all(|(file, &(path, _, summary))| {
                    !file.open
                        && std::ptr::eq(file.summary.as_ref(), summary)
                        && file
                            .path
                            .strip_prefix(folder)
                            .is_ok_and(|p| p == Path::new(path))
                })
    }

    /// Writes the index's tables (not its files: the cache lists those;
    /// nor each person's mentions: [`WorkspaceIndex::stored_mentions`]).
    /// Symbols are written by number: call within the cache's table.
    pub(crate) fn write_stored<W: std::io::Write>(&self, out: W) -> Result<(), postcard::Error> {
        let stored = Out {
            overrides: &self.overrides,
            n_files: self.files.len() as u64,
            cables_by_id: &self.cables_by_id,
            citations: &self.citations,
            people: &self.people,
            fullest_of_person: &self.fullest_of_person,
            cable_search: &self.cable_search,
            cable_search_refs: &self.cable_search_refs,
            person_search: &self.person_search,
        };
        postcard::to_io(&stored, out).map(|_| ())
    }

    /// Each person's mentions in their stored form, kept apart from the
    /// tables so that a start reads them into the memory they stay in.
    pub(crate) fn stored_mentions(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.mentions_of_person.encode(&mut bytes);
        bytes
    }

    /// The index of `files` (those it was built from, in path order) from
    /// its stored tables: `None` if it was built with other people
    /// settings, an error if the tables do not fit the files.
    pub(crate) fn from_stored(
        files: impl IntoIterator<Item = (Arc<Path>, Arc<FileSummary>)>,
        tables: StoredTables,
        overrides: &PeopleOverrides,
    ) -> Result<Option<WorkspaceIndex>, String> {
        let StoredTables {
            tables: stored,
            mentions_of_person,
        } = tables;
        if stored.overrides != *overrides {
            return Ok(None);
        }
        let files: Vec<IndexedFile> = files
            .into_iter()
            .map(|(path, summary)| IndexedFile {
                path,
                summary,
                open: false,
            })
            .collect();
        if stored.n_files != files.len() as u64 {
            return Err("the stored index does not fit its files".into());
        }
        Ok(Some(WorkspaceIndex {
            files,
            cables_by_id: stored.cables_by_id,
            citations: stored.citations,
            people: stored.people,
            overrides: stored.overrides,
            mentions_of_person,
            fullest_of_person: stored.fullest_of_person,
            cable_search: stored.cable_search,
            cable_search_refs: stored.cable_search_refs,
            person_search: stored.person_search,
        }))
    }
}

/// An index's tables as read from the cache, before they are checked
/// against the files found on disk: read beside the folder walk.
pub(crate) struct StoredTables {
    tables: In,
    mentions_of_person: MentionLists,
}

impl StoredTables {
    /// Reads the bytes of [`WorkspaceIndex::write_stored`] and
    /// [`WorkspaceIndex::stored_mentions`], checking that the tables agree
    /// with each other. Symbols are read by number: call within the
    /// cache's table.
    pub(crate) fn read(bytes: &[u8], mentions: Vec<u8>) -> Result<StoredTables, String> {
        let tables: In =
            postcard::from_bytes(bytes).map_err(|e| format!("corrupt stored index: {e}"))?;
        let mentions_of_person = MentionLists::decode(mentions)?;
        let n = tables.people.persons.len();
        let fits = mentions_of_person.len() == n
            && tables.fullest_of_person.len() == n
            && tables.person_search.len() == n
            && tables.cable_search.len() == tables.cable_search_refs.len()
            && tables.cables_by_id.is_consistent()
            && tables.citations.is_consistent();
        if !fits {
            return Err("the stored index's tables disagree".into());
        }
        Ok(StoredTables {
            tables,
            mentions_of_person,
        })
    }
}
