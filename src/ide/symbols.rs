//! Workspace symbols: cables by id and subject, people by name, matched by
//! every word of the query appearing in the name (case-insensitive), so
//! `rome kosovo` finds `08ROME1406 KOSOVO: ...`.

use super::world::World;
use crate::model::index::{cable_display_name, Location};

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
    let index = &world.index;
    let mut out = Vec::new();
    for cable_ref in index.search_cables(&words) {
        let Some((file, cable, _)) = index.cable(cable_ref) else {
            continue;
        };
        let (Some(name), Some(location)) =
            (cable_display_name(cable), index.cable_location(cable_ref))
        else {
            continue;
        };
        out.push(WorkspaceSymbol {
            name,
            container: file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
            kind: SymbolKind::Cable,
            location,
        });
        if out.len() >= MAX_SYMBOLS {
            return out;
        }
    }
    for p in index.search_persons(&words) {
        let Some(person) = index.person(p) else {
            continue;
        };
        // The first mention stands for the person.
        let Some((_, _, location)) = index.first_mention_of(p) else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::three_rome_seeds;
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// The symbols answering `query` over seeds 000, 001 and 003: how many
    /// of each kind, then the first four (kind, name, container, location).
    fn check(query: &str, expect: Expect) {
        let fixture = three_rome_seeds();
        let found = workspace_symbols(&fixture.world, query);
        let n_cables = found.iter().filter(|s| s.kind == SymbolKind::Cable).count();
        let mut out = format!("{n_cables} cables, {} people\n", found.len() - n_cables);
        for s in found.iter().take(4) {
            let _ = writeln!(
                out,
                "{:?} {} [{}] {}",
                s.kind,
                s.name,
                s.container.as_deref().unwrap_or(""),
                fixture.show(&s.location)
            );
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn by_id_fragment() {
        check(
            "rome104",
            expect![[r#"
            1 cables, 0 people
            Cable 08ROME104 KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE [000.txt] 000.txt:36:0-37:27 "SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  \nDECLARATION OF INDEPENDENCE"
        "#]],
        );
    }

    #[test]
    fn by_subject_words_in_any_order() {
        check(
            "italians kosovo",
            expect![[r#"
            2 cables, 0 people
            Cable 08ROME104 KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE [000.txt] 000.txt:36:0-37:27 "SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  \nDECLARATION OF INDEPENDENCE"
            Cable 07ROME1333 KOSOVO: ITALIANS NOT READY TO DISCUSS INDEPENDENCE WITHOUT UNSC RESOLUTION [001.txt] 001.txt:54:0-55:23 "SUBJECT: KOSOVO: ITALIANS NOT READY TO DISCUSS INDEPENDENCE  \nWITHOUT UNSC RESOLUTION"
        "#]],
        );
    }

    #[test]
    fn by_person_name() {
        check(
            "cardona",
            expect![[r#"
            0 cables, 1 people
            Person Raimondo De Cardona [] 000.txt:46:32-46:51 "Raimondo De Cardona"
        "#]],
        );
    }

    #[test]
    fn no_match() {
        check(
            "kosovo zanzibar",
            expect![[r#"
            0 cables, 0 people
        "#]],
        );
    }

    #[test]
    fn empty_query() {
        check(
            "",
            expect![[r#"
                3 cables, 12 people
                Cable 08ROME104 KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE [000.txt] 000.txt:36:0-37:27 "SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  \nDECLARATION OF INDEPENDENCE"
                Cable 07ROME1333 KOSOVO: ITALIANS NOT READY TO DISCUSS INDEPENDENCE WITHOUT UNSC RESOLUTION [001.txt] 001.txt:54:0-55:23 "SUBJECT: KOSOVO: ITALIANS NOT READY TO DISCUSS INDEPENDENCE  \nWITHOUT UNSC RESOLUTION"
                Cable 06ROME3128 KOSOVO: AHTISAARI, D'ALEMA AGREE TO NO FURTHER DELAYS ON KOSOVO [003.txt] 003.txt:29:0-30:16 "SUBJECT: KOSOVO: AHTISAARI, D'ALEMA AGREE TO NO FURTHER  \nDELAYS ON KOSOVO"
                Person Jonathan R. Cohen [Acting Political Minister Counselor] 000.txt:41:15-41:32 "Jonathan R. Cohen"
            "#]],
        );
    }
}
