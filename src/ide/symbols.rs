//! Workspace symbols: cables by id and subject, people by name, matched by
//! every word of the query appearing in the name (case-insensitive), so
//! `rome kosovo` finds `08ROME1406 KOSOVO: ...`.

use super::world::World;
use crate::model::index::{CableRef, Location};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Cable,
    Person,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    /// The file name, or the person's titles.
    pub container: Option<String>,
    pub kind: SymbolKind,
    pub location: Location,
}

/// At most this many symbols answer one query; clients filter further as
/// the user types.
pub const MAX_SYMBOLS: usize = 500;

pub fn workspace_symbols(world: &World, query: &str) -> Vec<WorkspaceSymbol> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let matches = |name: &str| {
        let name = name.to_lowercase();
        words.iter().all(|w| name.contains(w.as_str()))
    };
    let index = &world.index;
    let mut out = Vec::new();
    for (f, file) in index.files.iter().enumerate() {
        for (c, cable) in file.summary.cables.iter().enumerate() {
            let s = &cable.summary;
            let name = match (&s.id, &s.subject) {
                (Some(id), Some(subject)) => format!("{id} {subject}"),
                (Some(id), None) => id.clone(),
                (None, Some(subject)) => subject.clone(),
                (None, None) => continue,
            };
            if !matches(&name) {
                continue;
            }
            let cable_ref = CableRef {
                file: f as u32,
                cable: c as u32,
            };
            let Some(location) = index.cable_location(cable_ref) else {
                continue;
            };
            out.push(WorkspaceSymbol {
                name,
                container: file
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned()),
                kind: SymbolKind::Cable,
                location: Location {
                    range: s.name_range.below(cable.start_line),
                    ..location
                },
            });
            if out.len() >= MAX_SYMBOLS {
                return out;
            }
        }
    }
    for (p, person) in index.people.persons.iter().enumerate() {
        if !matches(&person.name) {
            continue;
        }
        // The first mention stands for the person.
        let Some((_, _, location)) = index.mentions_of(p).into_iter().next() else {
            continue;
        };
        out.push(WorkspaceSymbol {
            name: person.name.clone(),
            container: (!person.titles.is_empty()).then(|| person.titles.join(", ")),
            kind: SymbolKind::Person,
            location,
        });
        if out.len() >= MAX_SYMBOLS {
            break;
        }
    }
    out
}
