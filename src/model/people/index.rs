//! Grouping the mentions of all cables into persons: identical keys merge;
//! a short key (`SPOGLI`, `J STEINBERG`, `QADHAFI`) joins the one full key
//! whose surname and initials fit, or the one that dominates when several
//! fit; users' corrections ([`PeopleOverrides`]) merge and split on top.

use super::lexicon::FxHashMap;
use super::propagate::surname_core;
use super::resolve::{fits, name_key};
use super::{Mention, MentionSource, PeopleIndex, PeopleOverrides, Person, PersonId};
use crate::model::intern::Sym;

/// What is gathered per key before keys are merged into persons.
struct KeyStats {
    key: Sym,
    /// The key's words (symbols' texts live as long as the process).
    words: Vec<&'static str>,
    n_mentions: usize,
    /// Mentions from a signature line.
    n_signature: usize,
    /// Mentions where the cable names its own officer: Classified By,
    /// TAGS, or a chief of mission's title.
    n_officer: usize,
    /// Display names with counts; mixed case preferred when choosing.
    /// A key has a few names and titles, so a list searched in order
    /// serves where a map per key cost its allocation and growth; every
    /// use of them is independent of their order.
    names: Vec<(Sym, usize)>,
    titles: Vec<(Sym, usize)>,
}

/// Counts one more `sym` in a list of counts.
fn bump(counts: &mut Vec<(Sym, usize)>, sym: Sym) {
    match counts.iter_mut().find(|(s, _)| *s == sym) {
        Some((_, n)) => *n += 1,
        None => counts.push((sym, 1)),
    }
}

impl KeyStats {
    fn new(key: Sym) -> KeyStats {
        KeyStats {
            key,
            words: key.as_str().split(' ').collect(),
            n_mentions: 0,
            n_signature: 0,
            n_officer: 0,
            names: Vec::new(),
            titles: Vec::new(),
        }
    }
}

/// A short key joins a dominant full key only when that one has this many
/// times the mentions of every other candidate.
const DOMINANCE: usize = 4;

/// Keys merged into persons: a union-find over key ids, which refuses
/// unions that the user's `distinct` groups forbid.
struct Groups {
    parent: Vec<usize>,
    /// Per root: the (group, member) marks of the `distinct` lists its
    /// keys carry.
    marks: Vec<Vec<(usize, usize)>>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n).collect(),
            marks: vec![Vec::new(); n],
        }
    }

    fn root(&mut self, mut k: usize) -> usize {
        while self.parent[k] != k {
            self.parent[k] = self.parent[self.parent[k]];
            k = self.parent[k];
        }
        k
    }

    /// Merges the groups of `a` and `b`, unless two different members of
    /// one `distinct` list would end up together; tells whether they are
    /// together now.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return true;
        }
        let clash = self.marks[ra]
            .iter()
            .any(|&(g, m)| self.marks[rb].iter().any(|&(g2, m2)| g == g2 && m != m2));
        if clash {
            return false;
        }
        let moved = std::mem::take(&mut self.marks[rb]);
        self.marks[ra].extend(moved);
        self.parent[rb] = ra;
        true
    }
}

/// Titles written short, and the title they stand for, so that `FM` and
/// `Foreign Minister` count as one.
fn full_title(title: &str) -> String {
    const SHORT: [(&str, &str); 30] = [
        ("FM", "Foreign Minister"),
        ("F.M.", "Foreign Minister"),
        ("FONMIN", "Foreign Minister"),
        ("FORMIN", "Foreign Minister"),
        ("PM", "Prime Minister"),
        ("P.M.", "Prime Minister"),
        ("DPM", "Deputy Prime Minister"),
        ("DEFMIN", "Defense Minister"),
        ("AMB", "Ambassador"),
        ("AMB.", "Ambassador"),
        ("CDA", "Chargé d'Affaires"),
        ("CHARGE", "Chargé d'Affaires"),
        ("CHARGÉ", "Chargé d'Affaires"),
        ("DCM", "Deputy Chief of Mission"),
        ("A/DCM", "Acting Deputy Chief of Mission"),
        ("A/S", "Assistant Secretary"),
        ("U/S", "Under Secretary"),
        ("DAS", "Deputy Assistant Secretary"),
        ("PDAS", "Principal Deputy Assistant Secretary"),
        ("SECDEF", "Secretary of Defense"),
        ("GEN", "General"),
        ("GEN.", "General"),
        ("COL", "Colonel"),
        ("COL.", "Colonel"),
        ("SEN", "Senator"),
        ("SEN.", "Senator"),
        ("REP", "Representative"),
        ("REP.", "Representative"),
        ("GOV.", "Governor"),
        ("DFM", "Deputy Foreign Minister"),
    ];
    let trimmed = title.trim();
    for (short, full) in SHORT {
        if short.eq_ignore_ascii_case(trimmed) {
            return full.to_string();
        }
    }
    // `PRESIDENT`, `president` → `President`; mixed case stays as written.
    if trimmed.chars().any(char::is_uppercase) && trimmed.chars().any(char::is_lowercase) {
        return trimmed.to_string();
    }
    trimmed
        .split_whitespace()
        .map(|w| {
            if w.chars().count() <= 3 {
                w.to_string()
            } else {
                super::resolve::title_case(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl PeopleIndex {
    pub(super) fn build_from<'a>(
        cables: impl IntoIterator<Item = &'a [Mention]>,
        overrides: &PeopleOverrides,
    ) -> PeopleIndex {
        let mut keys: Vec<KeyStats> = Vec::new();
        let mut key_id: FxHashMap<Sym, usize> = FxHashMap::default();
        let mut chief_titles: FxHashMap<Sym, bool> = FxHashMap::default();
        // Each cable's key ids, all cables in one list: a list per cable
        // would be a quarter of a million allocations for an archive.
        let mut cable_keys: Vec<u32> = Vec::new();
        let mut cable_ends: Vec<usize> = Vec::new();
        for mentions in cables {
            for m in mentions {
                if m.key.is_empty() {
                    continue;
                }
                let id = match key_id.get(&m.key) {
                    Some(&id) => id,
                    None => {
                        keys.push(KeyStats::new(m.key));
                        key_id.insert(m.key, keys.len() - 1);
                        keys.len() - 1
                    }
                };
                let stats = &mut keys[id];
                stats.n_mentions += 1;
                match m.source {
                    MentionSource::Signature => stats.n_signature += 1,
                    MentionSource::ClassifiedBy | MentionSource::Tag => stats.n_officer += 1,
                    MentionSource::Prose => {
                        // Titles repeat: each is judged once.
                        let chief = m.title.is_some_and(|t| {
                            *chief_titles
                                .entry(t)
                                .or_insert_with(|| super::resolve::is_chief_title(&t))
                        });
                        if chief {
                            stats.n_officer += 1;
                        }
                    }
                }
                bump(&mut stats.names, m.name);
                if let Some(t) = m.title {
                    bump(&mut stats.titles, t);
                }
                cable_keys.push(id as u32);
            }
            cable_ends.push(cable_keys.len());
        }

        // The users' lists, as key ids; a key named there but never seen
        // gets an entry too, so that `person_of` answers for it.
        let mut groups_of_keys = |names: &[String], keys: &mut Vec<KeyStats>| -> Vec<usize> {
            let mut ids = Vec::new();
            for name in names {
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                let key = Sym::new(&key);
                let id = match key_id.get(&key) {
                    Some(&id) => id,
                    None => {
                        let mut stats = KeyStats::new(key);
                        stats.names.push((Sym::new(name.trim()), 0));
                        keys.push(stats);
                        key_id.insert(key, keys.len() - 1);
                        keys.len() - 1
                    }
                };
                ids.push(id);
            }
            ids
        };
        let aliases: Vec<Vec<usize>> = overrides
            .aliases
            .iter()
            .map(|g| groups_of_keys(g, &mut keys))
            .collect();
        let distinct: Vec<Vec<usize>> = overrides
            .distinct
            .iter()
            .map(|g| groups_of_keys(g, &mut keys))
            .collect();

        let mut groups = Groups::new(keys.len());
        for (g, ids) in distinct.iter().enumerate() {
            for (member, &id) in ids.iter().enumerate() {
                groups.marks[id].push((g, member));
            }
        }
        // The user's merges first, then the short keys to their targets.
        for ids in &aliases {
            for pair in ids.windows(2) {
                groups.union(pair[0], pair[1]);
            }
        }
        let targets = short_key_targets(&keys);
        for (id, target) in targets.iter().enumerate() {
            if let Some(t) = *target {
                groups.union(t, id);
            }
        }

        // Persons in order of their first key's appearance.
        // Roots are key ids: a person by root is a list as long as the keys
        // (`usize::MAX` for none yet), not a table to hash into.
        let mut person_of_root: Vec<PersonId> = vec![usize::MAX; keys.len()];
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut person_of_key = Vec::with_capacity(keys.len());
        for id in 0..keys.len() {
            let root = groups.root(id);
            // Every root is a key id: the slot is there.
            let slot = person_of_root.get_mut(root);
            let pid = match slot {
                Some(slot) if *slot != usize::MAX => *slot,
                _ => {
                    members.push(Vec::new());
                    let pid = members.len() - 1;
                    if let Some(slot) = slot {
                        *slot = pid;
                    }
                    pid
                }
            };
            members[pid].push(id);
            person_of_key.push(pid);
        }
        let mut index = PeopleIndex::default();
        for (id, stats) in keys.iter().enumerate() {
            index.by_key.insert(stats.key, person_of_key[id]);
        }
        let mut n_cables = vec![0usize; members.len()];
        let mut last_cable = vec![usize::MAX; members.len()];
        let mut cable_start = 0;
        for (cable_idx, &end) in cable_ends.iter().enumerate() {
            let ids = cable_keys.get(cable_start..end).unwrap_or(&[]);
            cable_start = end;
            for &id in ids {
                let pid = person_of_key[id as usize];
                if last_cable[pid] != cable_idx {
                    last_cable[pid] = cable_idx;
                    n_cables[pid] += 1;
                }
            }
        }
        // Each title written as its full form, made once per title written
        // rather than once per person and key that wrote it.
        let mut full_titles: FxHashMap<Sym, String> = FxHashMap::default();
        for stats in &keys {
            for &(t, _) in &stats.titles {
                full_titles.entry(t).or_insert_with(|| full_title(&t));
            }
        }
        // One person's titles with their counts, in a table and a list
        // reused from person to person (the sort below is total: the
        // table's order does not matter).
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        let mut titles: Vec<(&str, usize)> = Vec::new();
        for ids in &members {
            counts.clear();
            for &id in ids {
                for (t, n) in &keys[id].titles {
                    let full = full_titles.get(t).map_or("", String::as_str);
                    *counts.entry(full).or_default() += n;
                }
            }
            titles.clear();
            titles.extend(counts.iter().map(|(&t, &n)| (t, n)));
            titles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            // The person's name: the fullest key's best display name, the
            // most mentioned among equally full keys.
            let top = ids
                .iter()
                .copied()
                .max_by_key(|&id| {
                    (
                        keys[id].words.len(),
                        keys[id].n_mentions,
                        std::cmp::Reverse(id),
                    )
                })
                .unwrap_or_default();
            index.persons.push(Person {
                name: best_name(&keys[top].names),
                titles: titles.iter().map(|&(t, _)| t.to_string()).collect(),
                n_mentions: ids.iter().map(|&id| keys[id].n_mentions).sum(),
                n_cables: n_cables[index.persons.len()],
            });
            index
                .keys
                .push(ids.iter().map(|&id| keys[id].key).collect());
        }
        index
    }
}

/// For each key, the fuller key it joins, if any: the unique maximal key
/// of the same surname that it fits; or, when several fit, the one seen
/// as the cable's officer for a key seen mostly as a signer, else the one
/// with [`DOMINANCE`] times the mentions of the others.
fn short_key_targets(keys: &[KeyStats]) -> Vec<Option<usize>> {
    let mut by_surname: FxHashMap<&str, Vec<usize>> =
        FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (id, k) in keys.iter().enumerate() {
        if let Some(s) = k.words.last() {
            by_surname.entry(surname_core(s)).or_default().push(id);
        }
    }
    (0..keys.len())
        .map(|id| {
            let group = keys[id]
                .words
                .last()
                .and_then(|s| by_surname.get(surname_core(s)))?;
            if group.len() == 1 {
                return None;
            }
            let fitting: Vec<usize> = group
                .iter()
                .copied()
                .filter(|&o| fits(&keys[id].words, &keys[o].words))
                .collect();
            let maximal: Vec<usize> = fitting
                .iter()
                .copied()
                .filter(|&a| {
                    !fitting.iter().any(|&b| {
                        b != a
                            && fits(&keys[a].words, &keys[b].words)
                            && !fits(&keys[b].words, &keys[a].words)
                    })
                })
                .collect();
            let chosen = match maximal.as_slice() {
                [] => return None,
                [one] => *one,
                many => {
                    let k = &keys[id];
                    let signer = k.n_signature + k.n_officer > k.n_mentions / 2;
                    let pool: Vec<usize> = if signer {
                        many.iter()
                            .copied()
                            .filter(|&c| keys[c].n_officer > 0)
                            .collect()
                    } else {
                        many.to_vec()
                    };
                    match pool.as_slice() {
                        [] => return None,
                        [one] => *one,
                        several => {
                            // A candidate's mass: its mentions and those of
                            // the keys that fit it alone (`TAYYIP ERDOGAN`
                            // for `RECEP TAYYIP ERDOGAN`).
                            let mass = |c: usize| {
                                keys[c].n_mentions
                                    + group
                                        .iter()
                                        .filter(|&&o| {
                                            o != id
                                                && o != c
                                                && fits(&keys[o].words, &keys[c].words)
                                                && !several.iter().any(|&m| {
                                                    m != c && fits(&keys[o].words, &keys[m].words)
                                                })
                                        })
                                        .map(|&o| keys[o].n_mentions)
                                        .sum::<usize>()
                            };
                            let mut by_mass: Vec<(usize, usize)> =
                                several.iter().map(|&c| (mass(c), c)).collect();
                            by_mass.sort_by_key(|&(m, c)| (std::cmp::Reverse(m), c));
                            let first = by_mass[0].0;
                            let second = by_mass[1].0;
                            // Dominant, and heard of: a bare name used far
                            // more often than every full name it fits is
                            // someone whose full name the cables rarely
                            // write (`ERDOGAN`, not `Mustafa Erdogan`).
                            if first >= DOMINANCE * second.max(1)
                                && first >= DOMINANCE
                                && first * 10 >= keys[id].n_mentions
                            {
                                by_mass[0].1
                            } else {
                                return None;
                            }
                        }
                    }
                }
            };
            // A signer's surname joins no one who is not seen as an officer
            // (`AGUIRRE` signing, `Esperanza Aguirre` in the prose).
            let k = &keys[id];
            if k.n_signature > 0
                && k.n_signature + k.n_officer >= k.n_mentions
                && keys[chosen].n_officer == 0
                && keys[chosen].n_signature == 0
            {
                return None;
            }
            (chosen != id).then_some(chosen)
        })
        .collect()
}

/// The most frequent mixed-case display name, ties broken by length then
/// text, so the choice is stable.
fn best_name(names: &[(Sym, usize)]) -> String {
    names
        .iter()
        .map(|(n, count)| (n.as_str(), count))
        .max_by(|a, b| {
            let mixed = |s: &str| s.chars().any(char::is_lowercase);
            (mixed(a.0), a.1, a.0.len(), b.0).cmp(&(mixed(b.0), b.1, b.0.len(), a.0))
        })
        .map(|(n, _)| n.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_bumped_in_place_and_names_chosen_in_any_order() {
        let (a, b) = (Sym::new("Romano Prodi"), Sym::new("ROMANO PRODI"));
        let mut counts = Vec::new();
        for s in [a, b, a, a] {
            bump(&mut counts, s);
        }
        assert_eq!(counts, [(a, 3), (b, 1)]);
        // The choice does not depend on the order of the list.
        let mut reversed = counts.clone();
        reversed.reverse();
        assert_eq!(best_name(&counts), "Romano Prodi");
        assert_eq!(best_name(&reversed), "Romano Prodi");
        // Mixed case wins over a larger count in capitals.
        bump(&mut counts, b);
        bump(&mut counts, b);
        bump(&mut counts, b);
        assert_eq!(best_name(&counts), "Romano Prodi");
        assert_eq!(best_name(&[]), "");
    }
}
