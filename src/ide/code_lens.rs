//! Code lenses: a count above the places worth counting — the cable's own
//! id (how many REF items cite it, when any do) and the people named in the header
//! (TAGS persons, Classified By), how often the workspace mentions them.
//! Each carries the locations so a click lists them.

use super::hover::plural;
use super::references::{mention_count, references, references_limited, MAX_REFERENCES};
use super::world::{DocSnapshot, World};
use crate::model::index::Location;
use crate::model::people::MentionSource;
use crate::syntax::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// Absolute span the lens sits on.
    pub span: Span,
    pub title: String,
    pub locations: Vec<Location>,
}

pub fn code_lenses(world: &World, doc: &DocSnapshot) -> Vec<Lens> {
    let mut out = Vec::new();
    for entry in doc.cables() {
        let cable = &entry.analysis;
        if let (Some(_), Some(site)) = (&cable.facts.id, cable.summary.id_sites.first()) {
            let at = entry.start + site.0.start as usize;
            let locations = references(world, doc, at, false);
            // Most cables are never cited: a "0 references" line over
            // every one of them is noise.
            if !locations.is_empty() {
                out.push(Lens {
                    span: site.0.shift(entry.start as u32),
                    title: plural(locations.len(), "reference"),
                    locations,
                });
            }
        }
        let mut seen = Vec::new();
        for m in &cable.mentions {
            let in_header = matches!(m.source, MentionSource::Tag | MentionSource::ClassifiedBy);
            if !in_header || seen.contains(&&m.key) {
                continue;
            }
            seen.push(&m.key);
            let at = entry.start + m.span.start as usize;
            // Counted whole, listed up to the references' own limit: an
            // officer of a whole archive is mentioned in tens of thousands
            // of cables, more than a list a click opens can hold.
            let Some((n_mentions, n_files)) = mention_count(world, doc, at) else {
                continue;
            };
            let locations = references_limited(world, doc, at, true, MAX_REFERENCES).locations;
            out.push(Lens {
                span: m.span.shift(entry.start as u32),
                title: format!(
                    "{} in {}",
                    plural(n_mentions, "mention"),
                    plural(n_files, "file")
                ),
                locations,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::{seed_003_citing_000, Fixture, SEED_000};
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// The lenses of the first file: the text they sit on, the title, and
    /// the first three locations they list.
    fn check(files: &[(&str, &str)], expect: Expect) {
        let fixture = Fixture::new(files);
        let mut out = String::new();
        for lens in code_lenses(&fixture.world, &fixture.doc) {
            let _ = writeln!(out, "[{}] {}", fixture.text_at(lens.span), lens.title);
            for l in lens.locations.iter().take(3) {
                let _ = writeln!(out, "  {}", fixture.show(l));
            }
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn seed_cited_by_another_file() {
        check(
            &[("000.txt", SEED_000), ("003.txt", &seed_003_citing_000())],
            expect![[r#"
                [ROME 000104] 1 reference
                  003.txt:32:5-32:16 "08 ROME 104"
                [Jonathan R. Cohen] 1 mention in 1 file
                  000.txt:41:15-41:32 "Jonathan R. Cohen"
            "#]],
        );
    }

    #[test]
    fn seed_cited_by_nobody() {
        check(
            &[("000.txt", SEED_000)],
            expect![[r#"
                [Jonathan R. Cohen] 1 mention in 1 file
                  000.txt:41:15-41:32 "Jonathan R. Cohen"
            "#]],
        );
    }
}
