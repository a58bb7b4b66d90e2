//! Within one cable, a short form (`De Cardona`, `D'ALEMA`, `SPOGLI`) takes
//! the fullest name written for the same person, and every mention gets its
//! display name and grouping key.

use std::borrow::Cow;

use super::lexicon::{normalize_word, FxHashMap};
use super::propagate::{surname_core, OneEditIndex};
use super::recognize::RawMention;
use super::{Mention, MentionSource};
use crate::model::intern::Sym;
use crate::model::kept_buffers::{self, KeptBuffers, Reusable};

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

/// Appends the key form of one written word: upper case, `’` as `'`,
/// without `.` or `,` (what [`key_words`] makes of it).
fn push_key_word(key: &mut String, word: &str) {
    // Most words: ASCII with nothing to drop or fold, copied and
    // upper-cased whole.
    if word
        .bytes()
        .all(|b| b.is_ascii() && !matches!(b, b'.' | b',' | b'`'))
    {
        let start = key.len();
        key.push_str(word);
        if let Some(added) = key.get_mut(start..) {
            added.make_ascii_uppercase();
        }
        return;
    }
    push_key_word_chars(key, word);
}

/// [`push_key_word`] a character at a time, as any word may be written.
fn push_key_word_chars(key: &mut String, word: &str) {
    for c in word.chars() {
        match c {
            '.' | ',' => {}
            '’' | '‘' | '`' => key.push('\''),
            c if c.is_ascii() => key.push(c.to_ascii_uppercase()),
            c => key.extend(c.to_uppercase()),
        }
    }
}

/// The grouping key of a name: its key words joined by one blank.
pub fn name_key(name: &str) -> String {
    let parts: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    key_words(&parts).join(" ")
}

/// `D'ALEMA` → `D'Alema`, `AL-MALIKI` → `Al-Maliki`, `MCCAIN` → `McCain`.
pub fn title_case(word: &str) -> String {
    if word.is_ascii() {
        return title_case_ascii(word);
    }
    title_case_chars(word)
}

/// [`title_case`] a character at a time, as any word may be written.
fn title_case_chars(word: &str) -> String {
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

/// [`title_case`] of an ASCII word, a byte at a time.
fn title_case_ascii(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_title_case_ascii(&mut out, word);
    out
}

/// Appends [`title_case`] of `word` to `out`: an ASCII word (the most)
/// with no string of its own.
fn push_title_case(out: &mut String, word: &str) {
    if word.is_ascii() {
        push_title_case_ascii(out, word);
    } else {
        out.push_str(&title_case_chars(word));
    }
}

/// Appends [`title_case`] of an ASCII word to `out`, a byte at a time.
fn push_title_case_ascii(out: &mut String, word: &str) {
    let from = out.len();
    let mut start_of_part = true;
    for &b in word.as_bytes() {
        out.push(char::from(if start_of_part {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        }));
        start_of_part = matches!(b, b'\'' | b'-');
    }
    // `MCCAIN` → `McCain`.
    let added = out.get_mut(from..).unwrap_or_default();
    if added.len() > 4 && added.starts_with("Mc") {
        if let Some(third) = added.get_mut(2..3) {
            third.make_ascii_uppercase();
        }
    }
}

/// `FW`, `JB`, `GW`: two or three capitals without a vowel are initials
/// written together, shown as they are.
fn is_initials(word: &str) -> bool {
    let n = word.chars().count();
    (2..=3).contains(&n)
        && word.chars().all(|c| c.is_ascii_uppercase())
        && !word
            .chars()
            .any(|c| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'))
}

/// How a name's words are shown, one string each: the words
/// [`DisplayWords::push`] appends to its buffer.
#[cfg(test)]
fn display_words(parts: &[&str]) -> Vec<String> {
    let mixed = is_mixed(parts);
    parts
        .iter()
        .map(|&p| {
            let mut word = String::new();
            push_display_word(&mut word, p, mixed);
            word
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a name is written with lower case (then shown as written).
fn is_mixed(parts: &[&str]) -> bool {
    parts.iter().any(|p| p.chars().any(char::is_lowercase))
}

/// Appends how one word of a name is shown: as written when the name is
/// `mixed` or the word is initials, else title-cased; a typographic
/// apostrophe is folded and a glued comma (`STEINBERG,`) dropped.
fn push_display_word(out: &mut String, word: &str, mixed: bool) {
    // Copied only to fold a typographic apostrophe, which few have.
    let word: Cow<str> = if !word.is_ascii() && word.contains('’') {
        Cow::Owned(word.replace('’', "'"))
    } else {
        Cow::Borrowed(word)
    };
    let word = word.trim_end_matches(',');
    if mixed || is_initials(word) {
        out.push_str(word);
    } else {
        push_title_case(out, word);
    }
}

/// The display words of a cable's names, one after another in one buffer,
/// each known by its byte range: no string per word.
#[derive(Default)]
struct DisplayWords {
    text: String,
    words: Vec<std::ops::Range<usize>>,
}

impl DisplayWords {
    /// The words numbered `range`.
    fn get(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = &str> + '_ {
        self.words
            .get(range)
            .unwrap_or(&[])
            .iter()
            .map(|r| self.text.get(r.clone()).unwrap_or(""))
    }

    /// Appends the display words of a name (those [`display_words`]
    /// makes) and returns their numbers.
    fn push(&mut self, parts: &[&str]) -> std::ops::Range<usize> {
        let first = self.words.len();
        let mixed = is_mixed(parts);
        for &p in parts {
            let start = self.text.len();
            push_display_word(&mut self.text, p, mixed);
            if self.text.len() > start {
                self.words.push(start..self.text.len());
            }
        }
        first..self.words.len()
    }
}

/// Appends the grouping key of a name's written words: their key words
/// joined by one blank, empty words left out (after whatever the buffer
/// holds, with no blank between).
fn push_name_key<'a>(key: &mut String, parts: impl IntoIterator<Item = &'a str>) {
    // The key may follow others in the buffer: it begins here.
    let begin = key.len();
    for part in parts {
        let before = key.len();
        if before > begin {
            key.push(' ');
        }
        let start = key.len();
        push_key_word(key, part);
        if key.len() == start {
            key.truncate(before);
        }
    }
}

/// Whether `short` names the same person as `full` could: same surname,
/// and its other words found in order in `full`, an initial standing for a
/// given name.
pub(crate) fn fits(short: &[&str], full: &[&str]) -> bool {
    let (Some(s_last), Some(f_last)) = (short.last(), full.last()) else {
        return false;
    };
    if surname_core(s_last) != surname_core(f_last) || short.len() > full.len() {
        return false;
    }
    let mut f = 0;
    for s in &short[..short.len() - 1] {
        let found = full[f..full.len() - 1]
            .iter()
            .position(|w| w == s || (s.chars().count() == 1 && w.starts_with(s)));
        match found {
            Some(pos) => f += pos + 1,
            None => return false,
        }
    }
    true
}

/// A distinct name form of the cable (one per key), its words borrowed
/// from the cable's key text.
struct Form<'k> {
    words: Vec<&'k str>,
    /// Its key: the words joined by one blank.
    key: &'k str,
    /// The mention whose words are shown: the first written in mixed case,
    /// else the first; the display words are made once, at the end.
    shown: usize,
    mixed: bool,
    /// Written where the cable names its own officer (Classified By,
    /// TAGS) or with the title of a chief of mission: what a signature
    /// may stand for.
    officer: bool,
    /// Written only as a signature.
    signature_only: bool,
}

/// Titles of the officer who signs or classifies a cable.
pub(crate) fn is_chief_title(title: &str) -> bool {
    const CHIEFS: [&str; 12] = [
        "AMBASSADOR",
        "AMB",
        "AMB.",
        "CHARGE",
        "CHARGÉ",
        "CDA",
        "DCM",
        "A/DCM",
        "CONSUL",
        "CONSUL-GENERAL",
        "CONGEN",
        "PRINCIPAL",
    ];
    title
        .split_whitespace()
        .any(|w| CHIEFS.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

/// The buffers of [`resolve`] that borrow nothing, kept per thread from
/// one cable to the next: an indexing thread resolves cables one after
/// the other, and each made and grew its own.
#[derive(Default)]
struct ResolveBuffers {
    key_text: String,
    key_ranges: Vec<std::ops::Range<usize>>,
    mention_form: Vec<usize>,
    chief_titles: Vec<(Sym, bool)>,
    key: String,
    refers_form: Vec<Option<usize>>,
    display: DisplayWords,
    shown: Vec<std::ops::Range<usize>>,
    n_mentions: Vec<usize>,
    resolved: Vec<usize>,
    name: String,
    names: Vec<Sym>,
    keys: Vec<Sym>,
}

/// Bytes of keys beyond which a cable's buffers are let go: the keys of
/// tens of thousands of mentions, far more than a cable's usual few dozen.
const KEPT_KEY_BYTES: usize = 1 << 20;

thread_local! {
    static RESOLVE_BUFFERS: KeptBuffers<ResolveBuffers, KEPT_KEY_BYTES> = const { KeptBuffers::new() };
}

impl Reusable for ResolveBuffers {
    fn clear(&mut self) {
        self.key_text.clear();
        self.key_ranges.clear();
        self.mention_form.clear();
        self.chief_titles.clear();
        self.key.clear();
        self.refers_form.clear();
        self.display.text.clear();
        self.display.words.clear();
        self.shown.clear();
        self.n_mentions.clear();
        self.resolved.clear();
        self.name.clear();
        self.names.clear();
        self.keys.clear();
    }

    /// The keys' text, which the other buffers follow in proportion.
    fn kept_bytes(&self) -> usize {
        self.key_text.capacity()
    }
}

/// Resolves the mentions of one cable and gives them names and keys.
pub(crate) fn resolve(raws: Vec<RawMention<'_>>) -> Vec<Mention> {
    let ResolveBuffers {
        mut key_text,
        mut key_ranges,
        mut mention_form,
        mut chief_titles,
        mut key,
        mut refers_form,
        mut display,
        mut shown,
        mut n_mentions,
        mut resolved,
        mut name,
        mut names,
        mut keys,
    } = kept_buffers::take(&RESOLVE_BUFFERS);
    // Every mention's key, one after another in one text: the forms and
    // the tables below borrow their keys and words from it rather than
    // each holding copies.
    for raw in &raws {
        let from = key_text.len();
        push_name_key(&mut key_text, raw.parts.iter().copied());
        key_ranges.push(from..key_text.len());
    }
    let keys_written = key_text.as_str();
    let mut forms: Vec<Form> = Vec::new();
    let mut form_of_key: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(raws.len(), Default::default());
    // Sized for the most forms a cable can have (one per mention): grown
    // by doubling, the tables' rehashing cost more than their building.
    let mut by_surname: FxHashMap<&str, Vec<usize>> =
        FxHashMap::with_capacity_and_hasher(raws.len(), Default::default());
    for ((i, raw), range) in raws.iter().enumerate().zip(key_ranges.iter().cloned()) {
        let key = keys_written.get(range).unwrap_or("");
        if key.is_empty() {
            mention_form.push(usize::MAX);
            continue;
        }
        let mixed = raw.parts.iter().any(|p| p.chars().any(char::is_lowercase));
        let officer = matches!(raw.source, MentionSource::ClassifiedBy | MentionSource::Tag)
            || raw.title.is_some_and(|t| {
                // A cable repeats its few titles: each is read once.
                match chief_titles.iter().find(|(title, _)| *title == t) {
                    Some(&(_, chief)) => chief,
                    None => {
                        let chief = is_chief_title(t.as_str());
                        chief_titles.push((t, chief));
                        chief
                    }
                }
            });
        let signature = raw.source == MentionSource::Signature;
        let id = match form_of_key.get(key) {
            Some(&id) => {
                let form = &mut forms[id];
                if mixed && !form.mixed {
                    form.shown = i;
                    form.mixed = true;
                }
                form.officer |= officer;
                form.signature_only &= signature;
                id
            }
            None => {
                let id = forms.len();
                let words: Vec<&str> = key.split(' ').collect();
                if let Some(surname) = words.last() {
                    by_surname
                        .entry(surname_core(surname))
                        .or_default()
                        .push(id);
                }
                forms.push(Form {
                    words,
                    key,
                    shown: i,
                    mixed,
                    officer,
                    signature_only: signature,
                });
                form_of_key.insert(key, id);
                id
            }
        };
        mention_form.push(id);
    }
    // A mention known to stand for a fuller name (`KJI`, `Nawas`,
    // `Verhagan`) takes that name's form, when the cable has it.
    refers_form.extend(raws.iter().map(|raw| {
        let refers = raw.refers.as_ref()?;
        key.clear();
        push_name_key(&mut key, refers.iter().map(String::as_str));
        form_of_key.get(key.as_str()).copied()
    }));
    // Each form's display words, made once.
    shown.extend(
        forms
            .iter()
            .map(|f| display.push(raws.get(f.shown).map_or(&[][..], |r| &r.parts))),
    );
    // The mixed-case spelling of each word written so somewhere.
    let n_spelt = forms
        .iter()
        .filter(|f| f.mixed)
        .map(|f| f.words.len())
        .sum();
    let mut spelling: FxHashMap<&str, &str> =
        FxHashMap::with_capacity_and_hasher(n_spelt, Default::default());
    for (form, range) in forms.iter().zip(&shown) {
        if !form.mixed || range.len() != form.words.len() {
            continue;
        }
        for (w, d) in form.words.iter().zip(display.get(range.clone())) {
            spelling.entry(w).or_insert(d);
        }
    }
    // `Chun` for `Chun Yung-woo`, `Nawas` for `Nawas Sharif`: a single word
    // that is the first word of exactly one longer name.
    let mut by_first: FxHashMap<&str, Vec<usize>> =
        FxHashMap::with_capacity_and_hasher(forms.len(), Default::default());
    for (id, form) in forms.iter().enumerate() {
        if form.words.len() >= 2 {
            by_first.entry(form.words[0]).or_default().push(id);
        }
    }
    // The cable's long surnames, for spotting slips of the pen in time
    // linear in the number of names; built at the first need.
    let mut near: Option<OneEditIndex> = None;
    n_mentions.resize(forms.len(), 0);
    for &id in &mention_form {
        if let Some(n) = n_mentions.get_mut(id) {
            *n += 1;
        }
    }
    resolved.extend((0..forms.len()).map(|id| {
        let fit = fullest_fit(id, &forms, &by_surname);
        if fit != id || forms[id].signature_only {
            return fit;
        }
        if forms[id].words.len() == 1 {
            if let Some([one]) = by_first.get(forms[id].words[0]).map(Vec::as_slice) {
                return fullest_fit(*one, &forms, &by_surname);
            }
        }
        // A slip of the pen is sought for surnames written alone.
        if forms[id].words.len() != 1 || forms[id].words[0].chars().count() < 6 {
            return fit;
        }
        let near = near.get_or_insert_with(|| {
            let mut index = OneEditIndex::default();
            for &surname in by_surname.keys() {
                if surname.chars().count() >= 5 {
                    index.insert(surname);
                }
            }
            index
        });
        misspelt_fit(id, &forms, &by_surname, near, &n_mentions).unwrap_or(fit)
    }));
    let target = |i: usize, id: usize| match refers_form[i] {
        Some(other) => resolved[other],
        None => resolved[id],
    };
    // Names and keys interned once per form, not once per mention; each
    // name written in one reused buffer.
    names.extend(forms.iter().zip(&shown).map(|(form, range)| {
        name.clear();
        let spelt = !form.mixed && range.len() == form.words.len();
        for (n, d) in display.get(range.clone()).enumerate() {
            if n > 0 {
                name.push(' ');
            }
            let d = if spelt {
                form.words
                    .get(n)
                    .and_then(|w| spelling.get(w).copied())
                    .unwrap_or(d)
            } else {
                d
            };
            name.push_str(d);
        }
        Sym::new(&name)
    }));
    // The keys as first built: none is joined again.
    keys.extend(forms.iter().map(|f| Sym::new(f.key)));
    let out = raws
        .into_iter()
        .zip(mention_form.iter().copied())
        .enumerate()
        .filter(|(_, (_, id))| *id != usize::MAX)
        .map(|(i, (raw, id))| {
            let to = target(i, id);
            Mention {
                span: raw.span,
                key: keys[to],
                name: names[to],
                title: raw.title,
                source: raw.source,
            }
        })
        .collect();
    drop(forms);
    let buffers = ResolveBuffers {
        key_text,
        key_ranges,
        mention_form,
        chief_titles,
        key,
        refers_form,
        display,
        shown,
        n_mentions,
        resolved,
        name,
        names,
        keys,
    };
    kept_buffers::keep(&RESOLVE_BUFFERS, buffers);
    out
}

/// `D'Aleman told Ungureanu ... D'Alema also thanked`: a surname one letter
/// off another of the cable, written less often than it, is that one
/// misspelled; the form then takes the fullest form of that surname that
/// its other words fit.
fn misspelt_fit(
    id: usize,
    forms: &[Form],
    by_surname: &FxHashMap<&str, Vec<usize>>,
    near: &mut OneEditIndex,
    n_mentions: &[usize],
) -> Option<usize> {
    let words = &forms[id].words;
    let surname = surname_core(words.last()?);
    if surname.chars().count() < 6 {
        return None;
    }
    let own: usize = by_surname
        .get(surname)
        .map_or(0, |g| g.iter().map(|&f| n_mentions[f]).sum());
    let mut found = None;
    for other in near.near(surname) {
        let Some(group) = by_surname.get(other) else {
            continue;
        };
        let theirs: usize = group.iter().map(|&f| n_mentions[f]).sum();
        if theirs <= own {
            continue;
        }
        let mut respelt = words.clone();
        if let Some(last) = respelt.last_mut() {
            *last = other;
        }
        let best = group
            .iter()
            .copied()
            .filter(|&g| fits(&respelt, &forms[g].words))
            .max_by_key(|&g| (forms[g].words.len(), n_mentions[g], std::cmp::Reverse(g)))?;
        if found.is_some() {
            // Two surnames to choose from: no telling which was meant.
            return None;
        }
        found = Some(best);
    }
    found
}

/// The unique fullest form that form `id` fits, or `id` itself when there
/// is none or several (two different people sharing the surname). A
/// signature stands only for the cable's officer: a form from Classified
/// By or TAGS, or written with a chief of mission's title.
fn fullest_fit(id: usize, forms: &[Form], by_surname: &FxHashMap<&str, Vec<usize>>) -> usize {
    let Some(group) = forms[id]
        .words
        .last()
        .and_then(|s| by_surname.get(surname_core(s)))
    else {
        return id;
    };
    // A surname of one form: that form fits itself alone.
    if group.as_slice() == [id] {
        return id;
    }
    let signature = forms[id].signature_only;
    let fit = |other: usize| {
        fits(&forms[id].words, &forms[other].words)
            && (other == id || !signature || forms[other].officer)
    };
    // The group's forms that `id` fits, marked by their place in the group
    // (the first 64; any further asked again) rather than collected.
    let mut marked = 0u64;
    for (n, &other) in group.iter().enumerate().take(64) {
        if fit(other) {
            marked |= 1 << n;
        }
    }
    let fitting = || {
        group
            .iter()
            .enumerate()
            .filter(move |&(n, &other)| {
                if n < 64 {
                    marked >> n & 1 == 1
                } else {
                    fit(other)
                }
            })
            .map(|(_, &other)| other)
    };
    let mut maximal = fitting().filter(|&a| {
        !fitting().any(|b| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_of_ascii_words_is_that_of_any_word() {
        for word in [
            "D'ALEMA",
            "AL-MALIKI",
            "MCCAIN",
            "MCC",
            "MCCA",
            "mc-cain",
            "x",
            "",
            "O'NEILL-SMITH",
            "JB",
            "a1b2",
            "'S",
            "--a",
            "Mc'x",
        ] {
            assert_eq!(title_case(word), title_case_chars(word), "{word:?}");
        }
        assert_eq!(title_case("MCCAIN"), "McCain");
        assert_eq!(title_case("D’ALEMA"), "D’Alema");
        assert_eq!(title_case("ÉLAN"), "Élan");
    }

    #[test]
    fn display_words_in_one_buffer_are_those_made_one_by_one() {
        let names: [&[&str]; 8] = [
            &["D'ALEMA"],
            &["Ronald", "SPOGLI,"],
            &["JB", "STEINBERG,"],
            &["D’ALEMA", "MCCAIN"],
            &[",", "", "AL-MALIKI"],
            &["ÉLAN", "o’neill"],
            &[],
            &["FW", "de", "KLERK"],
        ];
        let mut store = DisplayWords::default();
        let mut ranges = Vec::new();
        for parts in names {
            ranges.push(store.push(parts));
        }
        for (parts, range) in names.iter().zip(ranges) {
            let got: Vec<&str> = store.get(range).collect();
            assert_eq!(got, display_words(parts), "{parts:?}");
        }
        let mut store = DisplayWords::default();
        let range = store.push(&["D’ALEMA", "MCCAIN,", "JB"]);
        assert_eq!(
            store.get(range).collect::<Vec<_>>(),
            ["D'Alema", "McCain", "JB"]
        );
    }

    #[test]
    fn title_case_appended_is_title_case() {
        for word in ["D'ALEMA", "MCCAIN", "MCC", "x", "", "ÉLAN", "mc-cain"] {
            let mut out = String::from("K ");
            push_title_case(&mut out, word);
            assert_eq!(out, format!("K {}", title_case(word)), "{word:?}");
        }
    }

    #[test]
    fn a_name_key_joins_the_key_words_of_the_written_words() {
        for parts in [
            &["Ronald", "P.", "SPOGLI,"][..],
            &[",", "D’Alema"],
            &[".", ","],
            &[],
            &["a`b", "", "Élan"],
        ] {
            let mut key = String::new();
            push_name_key(&mut key, parts.iter().copied());
            let owned: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            assert_eq!(key, key_words(&owned).join(" "), "{parts:?}");
            // After other keys in the buffer, the same key follows them.
            let mut after = String::from("PRODI");
            push_name_key(&mut after, parts.iter().copied());
            assert_eq!(after, format!("PRODI{key}"), "{parts:?}");
        }
    }

    #[test]
    fn a_key_word_is_upper_case_without_stops_or_commas() {
        for word in [
            "Spogli",
            "STEINBERG,",
            "B.",
            "d'Alema",
            "D’Alema",
            "a`b",
            "Élan",
            "",
            ",",
            "x.y,z",
        ] {
            let mut key = String::from("K ");
            push_key_word(&mut key, word);
            let mut general = String::from("K ");
            push_key_word_chars(&mut general, word);
            assert_eq!(key, general, "{word:?}");
        }
        let key_of = |word: &str| {
            let mut key = String::new();
            push_key_word(&mut key, word);
            key
        };
        assert_eq!(key_of("STEINBERG,"), "STEINBERG");
        assert_eq!(key_of("D’Alema"), "D'ALEMA");
        assert_eq!(key_of("x.y,z"), "XYZ");
        assert_eq!(key_of("Élan"), "ÉLAN");
    }
}
