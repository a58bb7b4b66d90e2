//! Within one cable, a short form (`De Cardona`, `D'ALEMA`, `SPOGLI`) takes
//! the fullest name written for the same person, and every mention gets its
//! display name and grouping key.

use super::lexicon::{normalize_word, FxHashMap};
use super::recognize::RawMention;
use super::Mention;

/// The normalised words of a name: upper case, `’` as `'`, no `.` or `,`.
pub(crate) fn key_words(parts: &[String]) -> Vec<String> {
    parts
        .iter()
        .map(|p| {
            let mut w = normalize_word(p);
            w.retain(|c| c != '.' && c != ',');
            w
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The grouping key of a name: its key words joined by one blank.
pub fn name_key(name: &str) -> String {
    let parts: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    key_words(&parts).join(" ")
}

/// `D'ALEMA` → `D'Alema`, `AL-MALIKI` → `Al-Maliki`, `MCCAIN` → `McCain`.
pub fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start_of_part = true;
    for c in word.chars() {
        if start_of_part {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_part = matches!(c, '\'' | '’' | '-');
    }
    if out.len() > 4 && out.starts_with("Mc") {
        let rest = &out[2..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out = format!("Mc{}{}", c.to_uppercase(), chars.as_str());
        }
    }
    out
}

/// How a name's words are shown: as written when the name has lower case,
/// else title-cased; a glued comma (`STEINBERG,`) is dropped.
fn display_words(parts: &[String]) -> Vec<String> {
    let mixed = parts.iter().any(|p| p.chars().any(char::is_lowercase));
    parts
        .iter()
        .map(|p| {
            let p = p.replace('’', "'");
            let p = p.trim_end_matches(',');
            if mixed {
                p.to_string()
            } else {
                title_case(p)
            }
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether `short` names the same person as `full` could: same surname,
/// and its other words found in order in `full`, an initial standing for a
/// given name.
pub(crate) fn fits(short: &[String], full: &[String]) -> bool {
    let (Some(s_last), Some(f_last)) = (short.last(), full.last()) else {
        return false;
    };
    if s_last != f_last || short.len() > full.len() {
        return false;
    }
    let mut f = 0;
    for s in &short[..short.len() - 1] {
        let found = full[f..full.len() - 1]
            .iter()
            .position(|w| w == s || (s.chars().count() == 1 && w.starts_with(s.as_str())));
        match found {
            Some(pos) => f += pos + 1,
            None => return false,
        }
    }
    true
}

/// A distinct name form of the cable (one per key).
struct Form {
    words: Vec<String>,
    /// The words as shown; a mixed-case written form wins over capitals.
    display: Vec<String>,
    mixed: bool,
}

/// Resolves the mentions of one cable and gives them names and keys.
pub(crate) fn resolve(raws: Vec<RawMention>) -> Vec<Mention> {
    let mut forms: Vec<Form> = Vec::new();
    let mut form_of_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut by_surname: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut mention_form = Vec::with_capacity(raws.len());
    for raw in &raws {
        let words = key_words(&raw.parts);
        if words.is_empty() {
            mention_form.push(usize::MAX);
            continue;
        }
        let key = words.join(" ");
        let mixed = raw.parts.iter().any(|p| p.chars().any(char::is_lowercase));
        let id = match form_of_key.get(&key) {
            Some(&id) => {
                let form = &mut forms[id];
                if mixed && !form.mixed {
                    form.display = display_words(&raw.parts);
                    form.mixed = true;
                }
                id
            }
            None => {
                let id = forms.len();
                if let Some(surname) = words.last() {
                    by_surname.entry(surname.clone()).or_default().push(id);
                }
                forms.push(Form {
                    words,
                    display: display_words(&raw.parts),
                    mixed,
                });
                form_of_key.insert(key, id);
                id
            }
        };
        mention_form.push(id);
    }
    // The mixed-case spelling of each word written so somewhere.
    let mut spelling: FxHashMap<&str, &str> = FxHashMap::default();
    for form in forms.iter().filter(|f| f.mixed) {
        for (w, d) in form.words.iter().zip(&form.display) {
            if form.display.len() == form.words.len() {
                spelling.entry(w.as_str()).or_insert(d.as_str());
            }
        }
    }
    let resolved: Vec<usize> = (0..forms.len())
        .map(|id| fullest_fit(id, &forms, &by_surname))
        .collect();
    let names: Vec<String> = resolved
        .iter()
        .map(|&id| {
            let form = &forms[id];
            if form.mixed || form.display.len() != form.words.len() {
                return form.display.join(" ");
            }
            form.words
                .iter()
                .zip(&form.display)
                .map(|(w, d)| spelling.get(w.as_str()).copied().unwrap_or(d.as_str()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    raws.into_iter()
        .zip(mention_form)
        .filter(|(_, id)| *id != usize::MAX)
        .map(|(raw, id)| Mention {
            span: raw.span,
            key: forms[resolved[id]].words.join(" "),
            name: names[id].clone(),
            title: raw.title,
            source: raw.source,
        })
        .collect()
}

/// The unique fullest form that form `id` fits, or `id` itself when there
/// is none or several (two different people sharing the surname).
fn fullest_fit(id: usize, forms: &[Form], by_surname: &FxHashMap<String, Vec<usize>>) -> usize {
    let Some(group) = forms[id].words.last().and_then(|s| by_surname.get(s)) else {
        return id;
    };
    let fitting: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&other| fits(&forms[id].words, &forms[other].words))
        .collect();
    let mut maximal = fitting.iter().copied().filter(|&a| {
        !fitting.iter().any(|&b| {
            b != a
                && fits(&forms[a].words, &forms[b].words)
                && !fits(&forms[b].words, &forms[a].words)
        })
    });
    match (maximal.next(), maximal.next()) {
        (Some(one), None) => one,
        _ => id,
    }
}
