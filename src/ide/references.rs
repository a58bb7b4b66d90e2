//! Definition and references: for a person, every mention of the same
//! person across the workspace (files not open included), the fullest
//! mention being the definition; for a REF item, the cited cable; for a
//! cable's own id, every REF item citing it. The document the request comes
//! from is read fresh, the rest of the workspace from the index.

use super::target::{target_at, Target};
use super::world::{DocSnapshot, World};
use crate::model::index::{CableRef, Location};
use crate::model::people::{Mention, PersonId};
use crate::model::reference::ReferenceKind;
use crate::model::workspace::path_order;

/// A mention with where it is.
struct Found<'a> {
    mention: &'a Mention,
    location: Location,
}

/// At most this many references answer one request. A person of a whole
/// archive can have hundreds of thousands of mentions: an editor's list
/// would not hold them, and sending them would take longer than reading
/// them. The answer says how many there are in all.
pub const MAX_REFERENCES: usize = 10_000;

/// A references answer: the first locations in path and text order, and
/// how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct References {
    pub locations: Vec<Location>,
    pub total: usize,
}

impl References {
    pub fn is_truncated(&self) -> bool {
        self.total > self.locations.len()
    }
}

/// Every reference, however many.
pub fn references(
    world: &World,
    doc: &DocSnapshot,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    references_limited(world, doc, offset, include_declaration, usize::MAX).locations
}

/// The first `limit` references, and their number.
pub fn references_limited(
    world: &World,
    doc: &DocSnapshot,
    offset: usize,
    include_declaration: bool,
    limit: usize,
) -> References {
    let Some((entry, rel)) = doc.cable_at(offset) else {
        return References::default();
    };
    let cable = &entry.analysis;
    let all = |locations: Vec<Location>| References {
        total: locations.len(),
        locations: locations.into_iter().take(limit).collect(),
    };
    match target_at(cable, rel) {
        Some(Target::Person(i)) => {
            let Some(mention) = cable.mentions.get(i) else {
                return References::default();
            };
            // One more than shown: the declaration may be among them.
            let (found, total) = mentions_of(world, doc, mention, limit.saturating_add(1));
            let declaration = fullest(&found).map(|f| f.location.clone());
            let n_declarations = usize::from(!include_declaration && declaration.is_some());
            References {
                locations: found
                    .into_iter()
                    .map(|f| f.location)
                    .filter(|l| include_declaration || Some(l) != declaration.as_ref())
                    .take(limit)
                    .collect(),
                total: total - n_declarations,
            }
        }
        Some(Target::CableId(_)) => {
            let Some(id) = cable.facts.id.as_deref() else {
                return References::default();
            };
            let mut out = citations(world, doc, id);
            if include_declaration {
                if let Some(site) = cable.summary.id_sites.first() {
                    out.insert(0, doc.location(entry, site.0));
                }
            }
            all(out)
        }
        Some(Target::Reference(i)) => {
            let Some(r) = cable.facts.references.get(i) else {
                return References::default();
            };
            if r.kind != ReferenceKind::Cable {
                return References::default();
            }
            let mut out = citations(world, doc, &r.value);
            if include_declaration {
                if let Some(loc) = cited_cable(world, &r.value) {
                    out.insert(0, loc);
                }
            }
            all(out)
        }
        _ => References::default(),
    }
}

pub fn definition(world: &World, doc: &DocSnapshot, offset: usize) -> Option<Location> {
    let (entry, rel) = doc.cable_at(offset)?;
    let cable = &entry.analysis;
    match target_at(cable, rel)? {
        Target::Person(i) => {
            let (found, _) = mentions_of(world, doc, cable.mentions.get(i)?, usize::MAX);
            fullest(&found).map(|f| f.location.clone())
        }
        Target::Reference(i) => {
            let r = cable.facts.references.get(i)?;
            (r.kind == ReferenceKind::Cable)
                .then(|| cited_cable(world, &r.value))
                .flatten()
        }
        _ => None,
    }
}

/// Where the cable `id` is, named by its subject.
pub fn cited_cable(world: &World, id: &str) -> Option<Location> {
    let &cable_ref = world.index.cables_with_id(id).first()?;
    world.index.cable_location(cable_ref)
}

/// The person of a mention, if the index knows its key.
pub fn person_of(world: &World, mention: &Mention) -> Option<PersonId> {
    world.index.people.person_of(mention.key)
}

/// Every mention of the same person as `mention`: the index's, with this
/// document's taken fresh. A key the index has not seen yet (just typed)
/// matches mentions with the same key in this document.
///
/// The index lists a person's mentions in path and text order already, so
/// the document's own mentions are placed among them by one binary search:
/// no sort, even for a person mentioned in a hundred thousand cables.
/// Only the first `limit` are made; the second value counts them all.
fn mentions_of<'a>(
    world: &'a World,
    doc: &'a DocSnapshot,
    mention: &Mention,
    limit: usize,
) -> (Vec<Found<'a>>, usize) {
    let person = person_of(world, mention);
    let same = |m: &Mention| match person {
        Some(p) => person_of(world, m) == Some(p),
        None => m.key == mention.key,
    };
    let here = doc.cables().iter().flat_map(|entry| {
        entry
            .analysis
            .mentions
            .iter()
            .filter(|m| same(m))
            .map(move |m| Found {
                mention: m,
                location: doc.location(entry, m.span),
            })
    });
    let Some(p) = person else {
        let found: Vec<Found> = here.collect();
        let total = found.len();
        return (found.into_iter().take(limit).collect(), total);
    };
    let index = &world.index;
    let refs = index.mention_refs(p);
    // The document's copy in the index, if any, is stale: skipped.
    let open_file = index.file_number(&doc.path);
    let path_of = |cable_ref: CableRef| index.files.get(cable_ref.file as usize).map(|f| &f.path);
    let split = refs
        .partition_point(|&(c, _)| path_of(c).is_some_and(|p| path_order(p, &doc.path).is_lt()));
    // The index's copy of this document sits right at `split`.
    let n_stale = open_file.map_or(0, |f| refs[split..].partition_point(|&(c, _)| c.file == f));
    let from_index = |part: &'a [(CableRef, u32)]| {
        part.iter()
            .filter(move |(c, _)| Some(c.file) != open_file)
            .filter_map(move |&(c, i)| index.mention_at(c, i))
            .map(|(_, mention, location)| Found { mention, location })
    };
    let here: Vec<Found> = here.collect();
    let total = refs.len() - n_stale + here.len();
    let mut out = Vec::with_capacity(total.min(limit));
    out.extend(
        from_index(&refs[..split])
            .chain(here)
            .chain(from_index(&refs[split..]))
            .take(limit),
    );
    (out, total)
}

/// The definition of a person: the mention that says most (a title and the
/// longest name), the first of equals.
fn fullest<'a, 'b>(found: &'b [Found<'a>]) -> Option<&'b Found<'a>> {
    let mut best: Option<&Found> = None;
    for f in found {
        if best.is_none_or(|b| fullness(f.mention) > fullness(b.mention)) {
            best = Some(f);
        }
    }
    best
}

/// How well a mention stands for its person: one with a title first, then
/// the longest name (`Ambassador Ronald P. Spogli` over `Spogli`).
pub fn fullness(mention: &Mention) -> (bool, usize) {
    (mention.title.is_some(), mention.span.len())
}

/// Every REF item citing `id`: the index's, with this document's fresh.
fn citations(world: &World, doc: &DocSnapshot, id: &str) -> Vec<Location> {
    let mut out: Vec<Location> = world
        .index
        .citations_of(id)
        .into_iter()
        .filter(|(_, _, l)| *l.path != *doc.path)
        .map(|(_, _, l)| l)
        .collect();
    for entry in doc.cables() {
        for r in &entry.analysis.facts.references {
            if r.kind == ReferenceKind::Cable && r.value == id {
                out.push(doc.location(entry, r.span));
            }
        }
    }
    out.sort_by(|a, b| path_order(&a.path, &b.path).then(a.range.cmp(&b.range)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::{
        cable_104, mark, seed_003_citing_000, small_cable, Fixture, SEED_000,
    };
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// The definition at the marked cursor of the first file, then every
    /// reference with the declaration, those missing without it flagged.
    /// More than eight references are summarised per file.
    fn check(files: &[(&str, &str)], expect: Expect) {
        let fixture = Fixture::new(files);
        let (world, doc, offset) = (&fixture.world, &fixture.doc, fixture.cursor());
        let with = references(world, doc, offset, true);
        let without = references(world, doc, offset, false);
        let declared: Vec<&Location> = with.iter().filter(|l| !without.contains(l)).collect();
        assert!(
            without.iter().all(|l| with.contains(l)),
            "references without the declaration are a subset of those with it"
        );
        let mut out = String::new();
        let definition = definition(world, doc, offset);
        let _ = writeln!(
            out,
            "definition: {}",
            definition
                .as_ref()
                .map_or("None".to_string(), |l| fixture.show(l))
        );
        let _ = writeln!(
            out,
            "references: {} with, {} without",
            with.len(),
            without.len()
        );
        if with.len() <= 8 {
            for l in &with {
                let flag = if declared.contains(&l) {
                    " (declaration)"
                } else {
                    ""
                };
                let _ = writeln!(out, "  {}{flag}", fixture.show(l));
            }
        } else {
            let mut per_file: Vec<(String, usize)> = Vec::new();
            for l in &with {
                let name = l.path.file_name().unwrap_or_default().to_string_lossy();
                match per_file.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => *count += 1,
                    None => per_file.push((name.into_owned(), 1)),
                }
            }
            for (name, count) in per_file {
                let _ = writeln!(out, "  {name}: {count}");
            }
            for l in declared {
                let _ = writeln!(out, "  {} (declaration)", fixture.show(l));
            }
        }
        expect.assert_eq(&out);
    }

    fn cable_094() -> String {
        small_cable("000094", "ITALY: A CITED CABLE", "")
    }

    #[test]
    fn person_in_two_small_files() {
        check(
            &[
                (
                    "104.txt",
                    &mark(&cable_104(), "¶2. (S/NF)", "                  ^"),
                ),
                ("094.txt", &cable_094()),
            ],
            expect![[r#"
                definition: 094.txt:23:14-23:21 "D'Alema"
                references: 2 with, 1 without
                  094.txt:23:14-23:21 "D'Alema" (declaration)
                  104.txt:25:14-25:21 "D'Alema"
            "#]],
        );
    }

    #[test]
    fn person_in_two_seeds() {
        let citing = seed_003_citing_000();
        check(
            &[
                (
                    "003.txt",
                    &mark(&citing, "[1](#)4. (C) Comment.", "                      ^"),
                ),
                ("000.txt", SEED_000),
            ],
            expect![[r#"
                definition: 000.txt:44:185-44:192 "D'Alema"
                references: 12 with, 11 without
                  000.txt: 2
                  003.txt: 10
                  000.txt:44:185-44:192 "D'Alema" (declaration)
            "#]],
        );
    }

    /// A limit lists the first references in path and text order, and
    /// counts them all; without the declaration, one fewer in all.
    #[test]
    fn a_limit_lists_the_first_and_counts_all() {
        let citing = seed_003_citing_000();
        let fixture = Fixture::new(&[
            (
                "003.txt",
                &mark(&citing, "[1](#)4. (C) Comment.", "                      ^"),
            ),
            ("000.txt", SEED_000),
        ]);
        let (world, doc, offset) = (&fixture.world, &fixture.doc, fixture.cursor());
        let all = references(world, doc, offset, true);
        let first = references_limited(world, doc, offset, true, 3);
        assert_eq!(first.total, 12);
        assert!(first.is_truncated());
        assert_eq!(first.locations, all[..3]);
        let shown: Vec<String> = first.locations.iter().map(|l| fixture.show(l)).collect();
        expect![[r#"
            [
                "000.txt:44:185-44:192 \"D'Alema\"",
                "000.txt:46:388-46:395 \"D'Alema\"",
                "003.txt:29:28-29:35 \"D'ALEMA\"",
            ]
        "#]]
        .assert_debug_eq(&shown);
        let without = references_limited(world, doc, offset, false, 3);
        assert_eq!(without.total, 11);
        assert_eq!(without.locations, all[1..4]);
        let whole = references_limited(world, doc, offset, true, 12);
        assert!(!whole.is_truncated());
        assert_eq!(whole.locations, all);
    }

    #[test]
    fn reference_item_to_the_cited_cable() {
        check(
            &[
                ("104.txt", &mark(&cable_104(), "REF: A)", "        ^")),
                ("094.txt", &cable_094()),
            ],
            expect![[r#"
                definition: 094.txt:16:0-16:29 "SUBJECT: ITALY: A CITED CABLE"
                references: 2 with, 1 without
                  094.txt:16:0-16:29 "SUBJECT: ITALY: A CITED CABLE" (declaration)
                  104.txt:18:8-18:15 "ROME 94"
            "#]],
        );
    }

    #[test]
    fn reference_item_to_a_cable_outside() {
        check(
            &[
                (
                    "104.txt",
                    &mark(&cable_104(), "REF: A)", "                  ^"),
                ),
                ("094.txt", &cable_094()),
            ],
            expect![[r#"
                definition: None
                references: 1 with, 1 without
                  104.txt:18:19-18:26 "ROME 71"
            "#]],
        );
    }

    #[test]
    fn cable_id_to_the_citing_reference_items() {
        check(
            &[
                (
                    "000.txt",
                    &mark(SEED_000, "C O N F", "                              ^"),
                ),
                ("003.txt", &seed_003_citing_000()),
            ],
            expect![[r#"
                definition: None
                references: 2 with, 1 without
                  000.txt:26:24-26:35 "ROME 000104" (declaration)
                  003.txt:32:5-32:16 "08 ROME 104"
            "#]],
        );
    }

    #[test]
    fn nothing_on_prose() {
        check(
            &[
                (
                    "104.txt",
                    &mark(&cable_104(), "¶1. (C)", "                  ^"),
                ),
                ("094.txt", &cable_094()),
            ],
            expect![[r#"
                definition: None
                references: 0 with, 0 without
            "#]],
        );
    }

    #[test]
    fn reference_item_to_the_second_cable_of_a_closed_file() {
        let two = format!("{}{}", small_cable("000071", "FIRST", ""), cable_094());
        check(
            &[
                ("104.txt", &mark(&cable_104(), "REF: A)", "        ^")),
                ("two.txt", &two),
            ],
            expect![[r#"
                definition: two.txt:41:0-41:29 "SUBJECT: ITALY: A CITED CABLE"
                references: 2 with, 1 without
                  two.txt:41:0-41:29 "SUBJECT: ITALY: A CITED CABLE" (declaration)
                  104.txt:18:8-18:15 "ROME 94"
            "#]],
        );
    }
}
