//! Grouping the mentions of all cables into persons: identical keys merge,
//! and a short key (`SPOGLI`, `J STEINBERG`) joins the one full key whose
//! surname and initials fit, unless two full names compete for it.

use super::lexicon::FxHashMap;
use super::resolve::fits;
use super::{Mention, PeopleIndex, Person, PersonId};

/// What is gathered per key before keys are merged into persons.
#[derive(Default)]
struct KeyStats {
    words: Vec<String>,
    n_mentions: usize,
    /// Display names with counts; mixed case preferred when choosing.
    names: FxHashMap<String, usize>,
    titles: FxHashMap<String, usize>,
}

impl PeopleIndex {
    pub(super) fn build_from<'a>(cables: impl IntoIterator<Item = &'a [Mention]>) -> PeopleIndex {
        let mut keys: Vec<KeyStats> = Vec::new();
        let mut key_id: FxHashMap<String, usize> = FxHashMap::default();
        let mut cable_keys: Vec<Vec<usize>> = Vec::new();
        for mentions in cables {
            let mut seen = Vec::new();
            for m in mentions {
                if m.key.is_empty() {
                    continue;
                }
                let id = *key_id.entry(m.key.clone()).or_insert_with(|| {
                    keys.push(KeyStats {
                        words: m.key.split(' ').map(str::to_string).collect(),
                        ..KeyStats::default()
                    });
                    keys.len() - 1
                });
                let stats = &mut keys[id];
                stats.n_mentions += 1;
                *stats.names.entry(m.name.clone()).or_default() += 1;
                if let Some(t) = &m.title {
                    *stats.titles.entry(t.clone()).or_default() += 1;
                }
                seen.push(id);
            }
            cable_keys.push(seen);
        }
        // Each key's target: the unique maximal key it fits, among keys of
        // the same surname.
        let mut by_surname: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (id, k) in keys.iter().enumerate() {
            if let Some(s) = k.words.last() {
                by_surname.entry(s.as_str()).or_default().push(id);
            }
        }
        let target: Vec<usize> = (0..keys.len())
            .map(|id| {
                let Some(group) = keys[id]
                    .words
                    .last()
                    .and_then(|s| by_surname.get(s.as_str()))
                else {
                    return id;
                };
                let fitting: Vec<usize> = group
                    .iter()
                    .copied()
                    .filter(|&o| fits(&keys[id].words, &keys[o].words))
                    .collect();
                let mut maximal = fitting.iter().copied().filter(|&a| {
                    !fitting.iter().any(|&b| {
                        b != a
                            && fits(&keys[a].words, &keys[b].words)
                            && !fits(&keys[b].words, &keys[a].words)
                    })
                });
                match (maximal.next(), maximal.next()) {
                    (Some(one), None) => one,
                    _ => id,
                }
            })
            .collect();
        // Persons in order of their target key's first appearance.
        let mut person_of_target: FxHashMap<usize, PersonId> = FxHashMap::default();
        let mut index = PeopleIndex::default();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut top_key: Vec<usize> = Vec::new();
        let mut key_list: Vec<Vec<String>> = Vec::new();
        let mut person_of_key = Vec::with_capacity(keys.len());
        for (id, stats) in keys.iter().enumerate() {
            let t = target[id];
            let pid = *person_of_target.entry(t).or_insert_with(|| {
                members.push(Vec::new());
                key_list.push(Vec::new());
                top_key.push(t);
                members.len() - 1
            });
            members[pid].push(id);
            key_list[pid].push(stats.words.join(" "));
            index.by_key.insert(stats.words.join(" "), pid);
            person_of_key.push(pid);
        }
        let mut n_cables = vec![0usize; members.len()];
        let mut last_cable = vec![usize::MAX; members.len()];
        for (cable_idx, ids) in cable_keys.iter().enumerate() {
            for &id in ids {
                let pid = person_of_key[id];
                if last_cable[pid] != cable_idx {
                    last_cable[pid] = cable_idx;
                    n_cables[pid] += 1;
                }
            }
        }
        for (pid, ids) in members.iter().enumerate() {
            let mut titles: FxHashMap<&str, usize> = FxHashMap::default();
            for &id in ids {
                for (t, n) in &keys[id].titles {
                    *titles.entry(t.as_str()).or_default() += n;
                }
            }
            let mut titles: Vec<(&str, usize)> = titles.into_iter().collect();
            titles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            index.persons.push(Person {
                name: best_name(&keys[top_key[pid]].names),
                titles: titles.into_iter().map(|(t, _)| t.to_string()).collect(),
                n_mentions: ids.iter().map(|&id| keys[id].n_mentions).sum(),
                n_cables: n_cables[pid],
            });
        }
        index.keys = key_list;
        index
    }
}

/// The most frequent mixed-case display name, ties broken by length then
/// text, so the choice is stable.
fn best_name(names: &FxHashMap<String, usize>) -> String {
    names
        .iter()
        .max_by(|a, b| {
            let mixed = |s: &str| s.chars().any(char::is_lowercase);
            (mixed(a.0), a.1, a.0.len(), b.0).cmp(&(mixed(b.0), b.1, b.0.len(), a.0))
        })
        .map(|(n, _)| n.clone())
        .unwrap_or_default()
}
