//! The people of the workspace as one list, most-mentioned first: what an
//! editor's "Show people in workspace" command displays, each person with
//! the place that best introduces them (the fullest mention) to jump to.

use super::world::World;
use crate::model::index::Location;
use crate::model::people::PersonId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonEntry {
    pub id: PersonId,
    pub name: String,
    pub titles: Vec<String>,
    pub n_mentions: usize,
    pub n_cables: usize,
    /// The fullest mention (one with a title, then the longest name).
    pub location: Option<Location>,
}

/// The persons whose names hold every word of `query` (case-insensitive,
/// any name the person goes by; an empty query keeps all), most mentions
/// first, then by name.
pub fn people_list(world: &World, query: &str) -> Vec<PersonEntry> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let index = &world.index;
    let mut out: Vec<PersonEntry> = index
        .search_persons(&words)
        .filter_map(|id| Some((id, index.person(id)?)))
        .map(|(id, person)| PersonEntry {
            id,
            name: person.name.clone(),
            titles: person.titles.clone(),
            n_mentions: person.n_mentions,
            n_cables: person.n_cables,
            // Kept by the index: no scan of the person's mentions.
            location: index
                .fullest_mention_of(id, None)
                .and_then(|(cable, i)| index.mention_at(cable, i))
                .map(|(_, _, location)| location),
        })
        .collect();
    out.sort_by(|a, b| {
        b.n_mentions
            .cmp(&a.n_mentions)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::{render_location, three_rome_seeds};
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    fn check(query: &str, expect: Expect) {
        let fixture = three_rome_seeds();
        let mut out = String::new();
        for p in people_list(&fixture.world, query).iter().take(6) {
            let _ = writeln!(
                out,
                "{} [{}] {} mentions, {} cables, {}",
                p.name,
                p.titles.join(", "),
                p.n_mentions,
                p.n_cables,
                p.location.as_ref().map(render_location).unwrap_or_default()
            );
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn most_mentioned_first_with_their_fullest_mention() {
        check(
            "",
            expect![[r#"
                D'Alema [Foreign Minister] 21 mentions, 3 cables, 000.txt:44:185-44:192
                Martii Ahtisaari [] 12 mentions, 2 cables, 003.txt:37:50-37:66
                Raimondo De Cardona [] 10 mentions, 2 cables, 000.txt:46:32-46:51
                Kostunica [] 4 mentions, 1 cables, 001.txt:71:79-71:88
                Prodi [Prime Minister] 3 mentions, 2 cables, 000.txt:44:444-44:449
                Spogli [] 3 mentions, 3 cables, 000.txt:49:0-49:6
            "#]],
        );
    }

    #[test]
    fn query_words_all_match() {
        check(
            "spogli",
            expect![[r#"
            Spogli [] 3 mentions, 3 cables, 000.txt:49:0-49:6
        "#]],
        );
    }
}
