//! Definition and references: for a person, every mention of the same
//! person across the workspace (files not open included), the fullest
//! mention being the definition; for a REF item, the cited cable; for a
//! cable's own id, every REF item citing it. The document the request comes
//! from is read fresh, the rest of the workspace from the index.

use super::target::{target_at, Target};
use super::world::{DocSnapshot, World};
use crate::model::document::CableEntry;
use crate::model::index::{CableRef, Location};
use crate::model::parallel;
use crate::model::people::{Mention, PersonId};
use crate::model::reference::ReferenceKind;
use crate::model::workspace::path_order;

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
            let mentions = PersonMentions::new(world, doc, mention);
            // Needed only to leave it out.
            let declaration = (!include_declaration)
                .then(|| mentions.fullest().and_then(|p| mentions.locate(p)))
                .flatten();
            let n_declarations = usize::from(!include_declaration && declaration.is_some());
            // One more than shown: the declaration may be among them.
            let first: Vec<Place> = mentions.places().take(limit.saturating_add(1)).collect();
            References {
                locations: locate_all(&mentions, &first)
                    .into_iter()
                    .filter(|l| include_declaration || Some(l) != declaration.as_ref())
                    .take(limit)
                    .collect(),
                total: mentions.total() - n_declarations,
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
            let mentions = PersonMentions::new(world, doc, cable.mentions.get(i)?);
            mentions.fullest().and_then(|p| mentions.locate(p))
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

/// Where one mention of a person is: in the index (cable, mention number),
/// or in this document's cable `entry`. Located only when shown.
#[derive(Clone, Copy)]
enum Place<'a> {
    Indexed(CableRef, u32),
    Here(&'a CableEntry, &'a Mention),
}

/// Places located per thread, at the least: fewer are located on the
/// request's own thread. (Two in tests, so that their lists of a dozen
/// are cut in parts, in order.)
const LOCATE_PER_THREAD: usize = if cfg!(test) { 2 } else { 2048 };

/// The locations of `places`, in their order. Locating a mention of the
/// index follows a few pointers into memory that is seldom in the cache
/// (file, summary, cable, ranges), for each of up to ten thousand
/// mentions of a much-cited person: the list is cut in one part per core,
/// located side by side.
fn locate_all(mentions: &PersonMentions, places: &[Place]) -> Vec<Location> {
    let threads = parallel::cores()
        .min(places.len() / LOCATE_PER_THREAD)
        .max(1);
    let locate = |part: &[Place]| -> Vec<Location> {
        part.iter().filter_map(|&p| mentions.locate(p)).collect()
    };
    if threads == 1 {
        return locate(places);
    }
    let parts: Vec<&[Place]> = places.chunks(places.len().div_ceil(threads)).collect();
    // A part lost to a panic is located again here: the panic is the
    // request's, as if it had happened on its own thread.
    parallel::map(&parts, threads, |part| locate(part))
        .into_iter()
        .zip(&parts)
        .flat_map(|(located, part)| located.unwrap_or_else(|| locate(part)))
        .collect()
}

/// Every mention of the same person as a mention: the index's, with this
/// document's taken fresh. A key the index has not seen yet (just typed)
/// matches mentions with the same key in this document.
///
/// The index lists a person's mentions in path and text order already, so
/// the document's own mentions are placed among them by one binary search:
/// no sort, even for a person mentioned in a hundred thousand cables. No
/// location is made until asked for: a count, a file count or the choice
/// of the fullest mention costs no path or range per mention.
struct PersonMentions<'a> {
    world: &'a World,
    doc: &'a DocSnapshot,
    /// The index's, before and after this document's place in path order,
    /// its own stale entries left out of `after`.
    before: &'a [(CableRef, u32)],
    after: &'a [(CableRef, u32)],
    here: Vec<Place<'a>>,
    person: Option<PersonId>,
    /// This document's number in the index, if it has a (stale) copy there.
    open_file: Option<u32>,
}

impl<'a> PersonMentions<'a> {
    fn new(world: &'a World, doc: &'a DocSnapshot, mention: &Mention) -> PersonMentions<'a> {
        let person = person_of(world, mention);
        let same = |m: &Mention| match person {
            Some(p) => person_of(world, m) == Some(p),
            None => m.key == mention.key,
        };
        let here = doc
            .cables()
            .iter()
            .flat_map(|entry| {
                entry
                    .analysis
                    .mentions
                    .iter()
                    .filter(|m| same(m))
                    .map(move |m| Place::Here(entry, m))
            })
            .collect();
        let index = &world.index;
        let refs = person.map_or(&[][..], |p| index.mention_refs(p));
        let path_of =
            |cable_ref: CableRef| index.files.get(cable_ref.file as usize).map(|f| &f.path);
        let split = refs.partition_point(|&(c, _)| {
            path_of(c).is_some_and(|p| path_order(p, &doc.path).is_lt())
        });
        // The document's copy in the index, if any, is stale; it sits
        // right at `split`.
        let (before, after) = refs.split_at(split);
        let open_file = index.file_number(&doc.path);
        let n_stale = open_file.map_or(0, |f| after.partition_point(|&(c, _)| c.file == f));
        PersonMentions {
            world,
            doc,
            before,
            after: after.get(n_stale..).unwrap_or(&[]),
            here,
            person,
            open_file,
        }
    }

    fn total(&self) -> usize {
        self.before.len() + self.here.len() + self.after.len()
    }

    /// The mentions in path and text order.
    fn places(&self) -> impl Iterator<Item = Place<'a>> + '_ {
        let indexed = |part: &'a [(CableRef, u32)]| part.iter().map(|&(c, i)| Place::Indexed(c, i));
        indexed(self.before)
            .chain(self.here.iter().copied())
            .chain(indexed(self.after))
    }

    fn mention(&self, place: Place<'a>) -> Option<&'a Mention> {
        match place {
            Place::Indexed(c, i) => {
                let (_, cable, _) = self.world.index.cable(c)?;
                cable.mentions.get(i as usize)
            }
            Place::Here(_, m) => Some(m),
        }
    }

    fn locate(&self, place: Place<'a>) -> Option<Location> {
        match place {
            Place::Indexed(c, i) => self.world.index.mention_at(c, i).map(|(_, _, l)| l),
            Place::Here(entry, m) => Some(self.doc.location(entry, m.span)),
        }
    }

    /// The number of files the mentions are in.
    fn n_files(&self) -> usize {
        let files = |part: &[(CableRef, u32)]| {
            let mut n = 0;
            let mut last = None;
            for &(c, _) in part {
                if last != Some(c.file) {
                    n += 1;
                    last = Some(c.file);
                }
            }
            n
        };
        files(self.before) + usize::from(!self.here.is_empty()) + files(self.after)
    }

    /// The fullest mention's place ([`Mention::fullness`]), the first of
    /// equals. The index knows its own, outside this document's stale copy; only
    /// this document's mentions, taken fresh, are compared with it: no
    /// scan of a person's hundred thousand mentions.
    fn fullest(&self) -> Option<Place<'a>> {
        let index = &self.world.index;
        let indexed = self
            .person
            .and_then(|p| index.fullest_mention_of(p, self.open_file));
        let Some((c, i)) = indexed else {
            return self.fullest_of(self.here.iter().copied());
        };
        let place = Place::Indexed(c, i);
        let Some(f) = self.mention(place).map(Mention::fullness) else {
            return self.fullest_of(self.places());
        };
        let here = self.fullest_of(self.here.iter().copied());
        let f_here = here.and_then(|p| self.mention(p)).map(Mention::fullness);
        // The first of equals: the index's wins a tie when its file comes
        // before this document.
        let before = index
            .files
            .get(c.file as usize)
            .is_some_and(|file| path_order(&file.path, &self.doc.path).is_lt());
        match f_here {
            Some(h) if h > f || (h == f && !before) => here,
            _ => Some(place),
        }
    }

    /// The fullest of `places`, the first of equals.
    fn fullest_of(&self, places: impl Iterator<Item = Place<'a>>) -> Option<Place<'a>> {
        let mut best: Option<((bool, usize), Place<'a>)> = None;
        for place in places {
            let Some(m) = self.mention(place) else {
                continue;
            };
            let f = m.fullness();
            if best.is_none_or(|(b, _)| f > b) {
                best = Some((f, place));
            }
        }
        best.map(|(_, place)| place)
    }
}

/// How many mentions the person at `offset` has in the workspace, and in
/// how many files: a code lens's count, without making the locations.
pub fn mention_count(world: &World, doc: &DocSnapshot, offset: usize) -> Option<(usize, usize)> {
    let (entry, rel) = doc.cable_at(offset)?;
    let Some(Target::Person(i)) = target_at(&entry.analysis, rel) else {
        return None;
    };
    let mentions = PersonMentions::new(world, doc, entry.analysis.mentions.get(i)?);
    Some((mentions.total(), mentions.n_files()))
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
