//! After the cues: every other use of a name already found in the cable,
//! extended to as much of the known name as is written with it. A name is
//! known by its surname (`De Cardona`), by its first word when that is no
//! common given name (`Choi` of `Choi Sung-ik`, `Nawas` of `Nawas Sharif`),
//! by an initialism the cable defines (`KJI`), inside a compound
//! (`pro-Karzai`, `DE KLERK-ANC`), with a run-together possessive
//! (`CHIRACS`), and with a slip of one letter in a long surname
//! (`Verhagan`, `TAWERI`).

use super::learned::ShapeFilter;
use super::lexicon::{normalize_word, push_normalized, Flags, FxHashMap};
use super::marks::Marks;
use super::recognize::{is_redaction, title_symbol, RawMention, Scanner};
use super::table::ShortKey;
use super::tokens::{Gap, Word, WordShape};
use super::MentionSource;
use crate::model::hashes::FxHashSet;
use crate::syntax::Span;

/// How a known word stands for a name.
#[derive(Clone, Copy, Debug)]
struct Known {
    /// The full name's words, upper case: a range of [`FormWords`].
    form: Form,
    /// The word is the name's surname: earlier words of the form may be
    /// written before it. Otherwise it stands alone for the whole form.
    surname: bool,
}

/// A range of the words of [`FormWords`]: the words of one name.
type Form = (u32, u32);

/// The words of the names known in a cable, upper case, in one buffer: a
/// name recurs under several keys (its surname, its first word), and a
/// list of strings per key and per name cost an allocation per word.
#[derive(Default)]
struct FormWords {
    text: String,
    /// The byte range of each word in `text`.
    spans: Vec<(u32, u32)>,
}

impl FormWords {
    /// Appends `word` normalised as [`normalize_word`] does, unless that
    /// leaves nothing and `keep_empty` is false.
    fn push_word(&mut self, word: &str, keep_empty: bool) {
        let from = self.text.len();
        push_normalized(&mut self.text, word);
        if keep_empty || self.text.len() > from {
            self.spans.push((from as u32, self.text.len() as u32));
        }
    }

    /// The number the next word pushed gets.
    fn n_words(&self) -> u32 {
        self.spans.len() as u32
    }

    fn word(&self, i: u32) -> &str {
        self.spans
            .get(i as usize)
            .and_then(|&(from, to)| self.text.get(from as usize..to as usize))
            .unwrap_or("")
    }

    /// Word `idx` of `form`.
    fn form_word(&self, form: Form, idx: usize) -> &str {
        self.word(form.0 + idx as u32)
    }

    fn words(&self, form: Form) -> impl Iterator<Item = &str> + '_ {
        (form.0..form.1).map(|i| self.word(i))
    }

    fn same(&self, a: Form, b: Form) -> bool {
        a == b || a.1 - a.0 == b.1 - b.0 && self.words(a).eq(self.words(b))
    }

    /// The words of `form` as the mentions' `refers` holds them.
    fn to_vec(&self, form: Form) -> Vec<String> {
        self.words(form).map(str::to_string).collect()
    }
}

/// The forms each known word stands for, as [`Scanner::known_words`] finds them.
type KnownMap = FxHashMap<String, Vec<Known>>;

/// Adds `form` for `key`, unless `key` has it already. The key is copied
/// only when first added: most names recur.
fn add_known(known: &mut KnownMap, words: &FormWords, key: &str, form: Form, surname: bool) {
    match known.get_mut(key) {
        Some(entry) => {
            if !entry
                .iter()
                .any(|k| k.surname == surname && words.same(k.form, form))
            {
                entry.push(Known { form, surname });
            }
        }
        None => {
            known.insert(key.to_string(), vec![Known { form, surname }]);
        }
    }
}

/// Shortest surname for which a one-letter slip is still recognised.
const MIN_FUZZY_LEN: usize = 6;

/// `AL-QADHAFI` → `QADHAFI`: an Arabic article glued to a surname.
pub(crate) fn surname_core(word: &str) -> &str {
    // `AL-`, `EL-`, `AD-`, `AN-`, `AR-`, `AS-`, `ASH-`, `AT-`, `AZ-`: at
    // most one of them opens a word.
    let cut = match word.as_bytes() {
        [b'A', b'S', b'H', b'-', ..] => 4,
        [b'A', b'L' | b'D' | b'N' | b'R' | b'S' | b'T' | b'Z', b'-', ..]
        | [b'E', b'L', b'-', ..] => 3,
        _ => return word,
    };
    match word.get(cut..) {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => word,
    }
}

/// Whether two words differ by one edit (a letter changed, added, dropped,
/// or two neighbours swapped).
pub(crate) fn one_edit_apart(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return one_edit_apart_in(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_edit_apart_in(&a, &b)
}

#[cfg(test)]
thread_local! {
    /// Comparisons made by [`one_edit_apart_in`] on this thread: the work
    /// that would grow with the square of the names if every known name
    /// were compared with every other, counted for the linearity test.
    pub(crate) static COMPARISONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[inline]
fn one_edit_apart_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    #[cfg(test)]
    COMPARISONS.with(|c| c.set(c.get() + 1));
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    // One edit of a word of three or more leaves its first or its last
    // letter in place: most pairs of names differ in both, told without
    // the comparison of their middles.
    if a.len() >= 3 && b.len() >= 3 && a.first() != b.first() && a.last() != b.last() {
        return false;
    }
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => rb[1..] == *ra,
    }
}

/// Words one edit apart from a query, found by their one-letter deletions
/// (two words one edit apart share a deletion, or one is a deletion of
/// the other): linear in the number of words, where comparing every pair
/// would be quadratic. Deletions are kept as hashes in one sorted vector,
/// with no allocation per word. A cable's few words are compared with the
/// query one by one instead: building and sorting the deletions costs more
/// than that until a cable has dozens of them.
#[derive(Default)]
pub(crate) struct OneEditIndex<'k> {
    words: Vec<&'k str>,
    /// Whether each word of `words` is ASCII (same index): told once, not
    /// at every query the word is compared with.
    ascii: Vec<bool>,
    /// (hash of the word or of one of its deletions, word number), sorted;
    /// built at the first query of an index of more than [`SCAN_WORDS`].
    by_deletion: Vec<(u64, u32)>,
    sorted: bool,
}

/// The most words an index compares one by one with a query.
const SCAN_WORDS: usize = 32;

/// FNV-1a over bytes: the hash of a deletion is the same wherever the
/// string was cut.
fn fnv(parts: [&[u8]; 2]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The hashes of `word` and of each of its one-character deletions.
fn deletion_hashes(word: &str) -> impl Iterator<Item = u64> + '_ {
    let b = word.as_bytes();
    std::iter::once(fnv([b, &[]])).chain(
        word.char_indices()
            .map(move |(i, c)| fnv([&b[..i], &b[i + c.len_utf8()..]])),
    )
}

impl<'k> OneEditIndex<'k> {
    pub(crate) fn insert(&mut self, word: &'k str) {
        self.words.push(word);
        self.ascii.push(word.is_ascii());
        self.sorted = false;
    }

    /// The words of the index one edit apart from `word`, each once, in no
    /// set order.
    pub(crate) fn near(&mut self, word: &str) -> Vec<&'k str> {
        let mut found: Vec<&'k str> = Vec::new();
        if self.words.len() <= SCAN_WORDS {
            // Two ASCII words more than a byte apart in length are more
            // than one edit apart: most pairs, told by their lengths.
            // Two ASCII words are compared by their bytes right away:
            // [`one_edit_apart`] of them, without its tests of the words.
            let ascii = word.is_ascii();
            for (&w, &w_ascii) in self.words.iter().zip(&self.ascii) {
                let near = if ascii && w_ascii {
                    one_edit_apart_in(w.as_bytes(), word.as_bytes())
                } else {
                    one_edit_apart(w, word)
                };
                if near && !found.contains(&w) {
                    found.push(w);
                }
            }
            return found;
        }
        if !self.sorted {
            self.by_deletion.clear();
            for (n, w) in self.words.iter().enumerate() {
                let n = n as u32;
                self.by_deletion.extend(deletion_hashes(w).map(|h| (h, n)));
            }
            self.by_deletion.sort_unstable();
            self.sorted = true;
        }
        for h in deletion_hashes(word) {
            let from = self.by_deletion.partition_point(|&(x, _)| x < h);
            for &(x, n) in self.by_deletion.get(from..).unwrap_or(&[]) {
                if x != h {
                    break;
                }
                let Some(&w) = self.words.get(n as usize) else {
                    continue;
                };
                if !found.contains(&w) && one_edit_apart(w, word) {
                    found.push(w);
                }
            }
        }
        found
    }
}

impl<'t> Scanner<'t> {
    /// The known words of the cable: each mention's surname (and its
    /// core), first word and the initialisms defined, with the words of
    /// the forms they stand for.
    fn known_words(&mut self) -> (KnownMap, FormWords) {
        // Both tables sized for their most keys (two a mention, one an
        // initialism; one a mention): grown by doubling, each rehashed
        // its keys again and again.
        let mut known = KnownMap::with_capacity_and_hasher(
            2 * self.out.len() + self.aliases.len(),
            Default::default(),
        );
        let mut words = FormWords::default();
        // Names recur: a mention written word for word as an earlier one,
        // with the same cue strength, adds only forms the earlier one
        // added (`add_known` keeps one of equal forms), so it is skipped
        // before its words are normalised and looked up again.
        let mut done: FxHashSet<(&[&str], bool)> =
            FxHashSet::with_capacity_and_hasher(self.out.len(), Default::default());
        for m in &self.out {
            if m.refers.is_some() {
                continue;
            }
            let first_usable = m.source != MentionSource::Tag && m.strong;
            if !done.insert((m.parts.as_slice(), first_usable)) {
                continue;
            }
            let first_word = words.n_words();
            for p in &m.parts {
                words.push_word(p.trim_end_matches([',', '.']), false);
            }
            let form = (first_word, words.n_words());
            if form.0 == form.1 {
                continue;
            }
            let surname = words.word(form.1 - 1);
            if surname.chars().count() < 2 {
                continue;
            }
            let (f, id) = self.lex.lookup(surname, &mut self.buf);
            let proper = self.proper.contains(&id);
            let common = f.has(Flags::COMMON) && !f.has(Flags::FAMOUS) && !proper;
            if !common && !f.has(Flags::STOP) {
                add_known(&mut known, &words, surname, form, true);
            }
            // The first word of a name of several, when it is no common
            // given name nor an English word: `Choi`, `Nawas`, `Hu`.
            if form.1 - form.0 >= 2 && first_usable {
                let first = words.word(form.0);
                let ff = self.lex.flags(first, &mut self.buf);
                let usable = first.chars().count() >= 2
                    && first
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                    && !ff.has(
                        Flags::GIVEN
                            .union(Flags::ENGLISH)
                            .union(Flags::PARTICLE)
                            .union(Flags::TITLE)
                            .union(Flags::STOP),
                    )
                    && m.parts
                        .first()
                        .is_some_and(|p| p.chars().next().is_some_and(char::is_uppercase));
                if usable {
                    add_known(&mut known, &words, first, form, false);
                }
            }
        }
        for (abbr, parts) in &self.aliases {
            let first_word = words.n_words();
            for p in parts {
                words.push_word(p, true);
            }
            let form = (first_word, words.n_words());
            add_known(&mut known, &words, abbr, form, false);
        }
        // The word alone, as a name of its own, adds nothing to what it
        // stands for; a first word that is also another name's surname,
        // or the first word of two names, is ambiguous.
        known.retain(|key, forms| {
            if forms.iter().any(|k| !k.surname) {
                forms.retain(|k| {
                    !(k.surname && k.form.1 - k.form.0 == 1 && words.word(k.form.0) == *key)
                });
            }
            forms.iter().all(|k| k.surname) || forms.len() == 1
        });
        (known, words)
    }

    /// Marks every other use of a name already found.
    pub(super) fn propagate(&mut self) {
        let (known, form_words) = self.known_words();
        if known.is_empty() {
            return;
        }
        // Surnames long enough for a slip.
        // Built at the first word that needs it: most cables have none.
        let mut fuzzy: Option<OneEditIndex> = None;
        let mut pushed: Vec<RawMention<'t>> = Vec::new();
        let mut key = String::new();
        // Most capitalised words are far from every known word: their
        // length and first letter tell them without a lookup.
        let mut near = ShapeFilter::default();
        let mut keys = KeyFilter::default();
        for k in known.keys() {
            near.insert(k);
            keys.insert(k);
        }
        for r in 0..self.regions.len() {
            let range = self.regions[r].words.clone();
            let mut next = range.start;
            while let Some(k) = next_candidate(
                &self.words,
                &self.claimed,
                &self.marks,
                next,
                range.end,
                self.folded,
            ) {
                next = k + 1;
                let shape = self.words[k].shape;
                let lower_ok = self.folded && shape == WordShape::Lower;
                // `pro-Karzai`: a lower-case compound may hold a name.
                let compound = shape == WordShape::Lower && self.words[k].compound;
                let w = self.words[k];
                // The filter reads the bytes: no check of char boundaries
                // for the many words it turns down.
                let bytes = self
                    .text
                    .as_bytes()
                    .get(w.start as usize..w.end as usize)
                    .unwrap_or(&[]);
                if !w.compound && bytes.is_ascii() && !near.may_hold_near(bytes) {
                    continue;
                }
                // A word no list leaves plain and with no hyphen counts
                // only if it is a known word itself, which most are not:
                // told by the filter of the keys, without building its key.
                if !is_plain_by_flags(w.flags) && !bytes.iter().any(|&b| b == b'-' || b == b'`') {
                    if let Some(short) = ShortKey::upper_ascii(bytes) {
                        if !keys.may_hold(&short) {
                            continue;
                        }
                    }
                }
                let written = w.text(self.text);
                key.clear();
                push_key(&mut key, written);
                let word = key.as_str();
                if let Some(forms) = known.get(word).filter(|_| !compound) {
                    // A case-folded cable writes names in lower case too;
                    // only words no English list has count there.
                    if lower_ok
                        && (word.chars().count() < 4 || self.words[k].flags.has(Flags::ENGLISH))
                    {
                        continue;
                    }
                    if lower_ok && !forms.iter().any(|f| f.surname) {
                        continue;
                    }
                    self.mark_known(range.clone(), k, forms, &form_words);
                    continue;
                }
                if lower_ok && !compound {
                    continue;
                }
                // `pro-Karzai`, `DE KLERK-ANC`: a known name inside a compound.
                if word.contains('-') {
                    if let Some(m) = self.known_part(k, word, &known, &form_words) {
                        pushed.push(m);
                        self.claimed[k] = true;
                    }
                    continue;
                }
                let plain = is_plain_by_flags(self.words[k].flags) && !is_redaction(word);
                if !plain {
                    continue;
                }
                // `CHIRACS NEW-FOUND CAUTION`: a possessive without its
                // apostrophe.
                if let Some(stem) = word.strip_suffix('S') {
                    if stem.chars().count() >= 4 {
                        let ends_in_s = matches!(
                            self.text.as_bytes().get(self.words[k].end as usize - 1),
                            Some(b's' | b'S')
                        );
                        if let Some(forms) = known
                            .get(stem)
                            .filter(|f| ends_in_s && f.iter().any(|k| k.surname))
                        {
                            let w = self.words[k];
                            let end = w.end - 1;
                            pushed.push(self.raw_at(
                                w.start,
                                end,
                                stem_text(self.text, w.start, end),
                                forms,
                                &form_words,
                            ));
                            self.claimed[k] = true;
                            continue;
                        }
                    }
                }
                // `Verhagan` for `Verhagen`: one letter off a long surname.
                let n = word.chars().count();
                if n >= MIN_FUZZY_LEN {
                    let fuzzy = fuzzy.get_or_insert_with(|| {
                        let mut index = OneEditIndex::default();
                        for (key, forms) in &known {
                            if key.chars().count() >= MIN_FUZZY_LEN
                                && forms.iter().any(|k| k.surname)
                            {
                                index.insert(key.as_str());
                            }
                        }
                        index
                    });
                    let candidates: Vec<&str> = fuzzy.near(word);
                    if let [key] = candidates.as_slice() {
                        if let Some(forms) = known.get(*key) {
                            let form = forms
                                .iter()
                                .find(|f| f.surname)
                                .map(|f| form_words.to_vec(f.form));
                            if let Some(form) = form {
                                self.push_refers(k, k + 1, None, Some(form));
                            }
                        }
                    }
                }
            }
        }
        for m in pushed {
            self.out.push(m);
            self.out_words.push(None);
        }
    }

    /// Pushes the mention of known word `k`, extended to the left over the
    /// words of a known form.
    fn mark_known(
        &mut self,
        range: std::ops::Range<usize>,
        k: usize,
        forms: &[Known],
        words: &FormWords,
    ) {
        let mut best_from = k;
        let mut refers = None;
        for known in forms {
            if !known.surname {
                refers = Some(known.form);
                continue;
            }
            let form = known.form;
            let mut from = k;
            let mut idx = ((form.1 - form.0) as usize).saturating_sub(1);
            while idx > 0 && from > range.start {
                let prev = from - 1;
                if self.claimed[prev] || self.words[from].gap != Gap::Space {
                    break;
                }
                let t = normalize_word(self.words[prev].text(self.text));
                if t.trim_end_matches('.') != words.form_word(form, idx - 1).trim_end_matches('.') {
                    break;
                }
                from = prev;
                idx -= 1;
            }
            best_from = best_from.min(from);
        }
        let surname = forms.iter().any(|f| f.surname);
        let refers = if surname {
            None
        } else {
            refers.map(|form| words.to_vec(form))
        };
        let title = (best_from > range.start
            && self.words[best_from].gap == Gap::Space
            && self.words[best_from - 1].flags.has(Flags::TITLE)
            && matches!(
                self.words[best_from - 1].shape,
                WordShape::Title | WordShape::Caps
            ))
        .then(|| title_symbol(self.words[best_from - 1].text(self.text)));
        self.push_refers(best_from, k + 1, title, refers);
    }

    /// The mention of the known part of a hyphenated word, if one is.
    fn known_part(
        &mut self,
        k: usize,
        word: &str,
        known: &KnownMap,
        words: &FormWords,
    ) -> Option<RawMention<'t>> {
        let w = self.words[k];
        let written = w.text(self.text);
        let mut offset = 0usize;
        let n_parts = word.split('-').count();
        for (idx, part) in word.split('-').enumerate() {
            let part_len = part.len();
            let start = offset;
            offset += part_len + 1;
            if part.chars().count() < 3 {
                continue;
            }
            let Some(forms) = known.get(part).filter(|f| f.iter().any(|k| k.surname)) else {
                continue;
            };
            // Upper-casing may change byte lengths outside ASCII: only
            // ASCII words are cut.
            if !written.is_ascii() {
                return None;
            }
            let mut span_start = w.start + start as u32;
            let span_end = w.start + (start + part_len) as u32;
            // `DE KLERK-ANC`: the words of the form before the surname
            // may precede the compound.
            let mut parts = vec![&written[start..start + part_len]];
            if idx == 0 && n_parts > 1 {
                if let Some(form) = forms.iter().find(|f| f.surname).map(|f| f.form) {
                    let mut j = k;
                    let mut fi = ((form.1 - form.0) as usize).saturating_sub(1);
                    while fi > 0 && j > 0 && self.words[j].gap == Gap::Space && !self.claimed[j - 1]
                    {
                        let t = normalize_word(self.words[j - 1].text(self.text));
                        if t != words.form_word(form, fi - 1) {
                            break;
                        }
                        j -= 1;
                        fi -= 1;
                        parts.insert(0, self.words[j].text(self.text));
                        span_start = self.words[j].start;
                        self.claimed[j] = true;
                    }
                }
            }
            return Some(RawMention {
                span: Span {
                    start: span_start,
                    end: span_end,
                },
                parts,
                title: None,
                source: MentionSource::Prose,
                refers: None,
                strong: false,
            });
        }
        None
    }

    fn raw_at(
        &self,
        start: u32,
        end: u32,
        written: &'t str,
        forms: &[Known],
        words: &FormWords,
    ) -> RawMention<'t> {
        RawMention {
            span: Span { start, end },
            parts: vec![written],
            title: None,
            source: MentionSource::Prose,
            refers: forms
                .iter()
                .find(|f| f.surname)
                .map(|f| words.to_vec(f.form)),
            strong: false,
        }
    }
}

/// The first word from `from` to `end` that propagation looks at: not
/// claimed, and capitalised, or in lower case in a case-folded cable or
/// as a compound (`pro-Karzai`). Outside case-folded cables only marked
/// words are tested ([`super::marks`]): every such word is.
#[inline]
fn next_candidate(
    words: &[Word],
    claimed: &[bool],
    marks: &Marks,
    from: usize,
    end: usize,
    folded: bool,
) -> Option<usize> {
    let in_range = words.get(from..end)?;
    let claimed_in_range = claimed.get(from..end)?;
    let bit = |shape: WordShape| 1u8 << shape as u8;
    let always = bit(WordShape::Title) | bit(WordShape::Caps);
    let accepted = |w: &Word, c: bool| {
        !c && (always & bit(w.shape) != 0 || w.shape == WordShape::Lower && w.compound)
    };
    if folded {
        // Every lower-case word may be a name: a tight loop over the words
        // beside their claims.
        let found = in_range
            .iter()
            .zip(claimed_in_range)
            .position(|(w, &c)| accepted(w, c) || !c && w.shape == WordShape::Lower)?;
        return Some(from + found);
    }
    // Every `k` found is below `end`, inside both slices tested above.
    marks.find(from, end, |k| match (words.get(k), claimed.get(k)) {
        (Some(w), Some(&c)) => accepted(w, c),
        _ => true,
    })
}

/// Whether a word of these classes may be a name propagation finds by
/// its shape (a possessive without apostrophe, a slip of the pen) rather
/// than as a known word: no list but the surnames' has it.
#[inline]
fn is_plain_by_flags(f: Flags) -> bool {
    !f.has(
        Flags::TITLE
            .union(Flags::STOP)
            .union(Flags::PLACE)
            .union(Flags::DEMONYM)
            .union(Flags::ORG)
            .union(Flags::GIVEN),
    ) && !f.english()
}

/// The known words of a cable as bits of the hashes of their
/// [`ShortKey`]s: a word whose bit is clear is no known word (a set bit
/// may be another's). Two thousand bits for a cable's few dozen words.
#[derive(Default)]
struct KeyFilter {
    bits: [u64; 32],
}

impl KeyFilter {
    fn bit(key: &ShortKey) -> (usize, u64) {
        let h = key.hash() >> (64 - 11);
        ((h >> 6) as usize, 1 << (h & 63))
    }

    /// Adds a known word (upper case already); words of more than 16
    /// bytes have no short key and no ASCII word of the text is asked
    /// about them ([`KeyFilter::may_hold`] is asked of short words only).
    fn insert(&mut self, known: &str) {
        if let Some(key) = ShortKey::new(known.as_bytes()) {
            let (block, bit) = Self::bit(&key);
            if let Some(b) = self.bits.get_mut(block) {
                *b |= bit;
            }
        }
    }

    /// Whether the word of upper-case short key `key` may be known.
    fn may_hold(&self, key: &ShortKey) -> bool {
        let (block, bit) = Self::bit(key);
        self.bits.get(block).is_none_or(|b| b & bit != 0)
    }
}

/// Appends `word` normalised as [`push_normalized`] does: an ASCII word
/// (the most) is copied and upper-cased whole rather than a character at a
/// time.
fn push_key(key: &mut String, word: &str) {
    if word.is_ascii() && !word.as_bytes().contains(&b'`') {
        let start = key.len();
        key.push_str(word);
        if let Some(added) = key.get_mut(start..) {
            added.make_ascii_uppercase();
        }
    } else {
        push_normalized(key, word);
    }
}

fn stem_text(text: &str, start: u32, end: u32) -> &str {
    text.get(start as usize..end as usize).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::people::lexicon::Flags;

    fn word(shape: WordShape, compound: bool) -> Word {
        Word::shaped(shape, compound, Flags::empty())
    }

    #[test]
    fn an_index_finds_the_words_one_edit_apart_by_scan_and_by_deletions() {
        let mut words: Vec<String> = [
            "VERHAGEN",
            "VERHAGAN",
            "VERHAEGN",
            "VERHAGE",
            "VERHAGENS",
            "TAHERI",
            "TAWERI",
            "TAHER",
            "D'ALEMA",
            "D'ALEMAN",
            "ÉLANCÉ",
            "ELANCÉ",
            "ÉLANC",
            "KARZAI",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        // Lengths one and two apart, in ASCII and not.
        words.extend(["ABCDEF", "ABCDEFG", "ABCDEFGH", "ÉBCDEF", "ÉBCDEFG"].map(String::from));
        // Enough more to pass the scan's bound.
        words.extend((0..40).map(|i| format!("NAME{i:02}X")));
        let queries = [
            "VERHAGEN",
            "VERHAGIN",
            "VERHGEN",
            "TAHERI",
            "TAWERY",
            "D'ALEMA",
            "ÉLANCE",
            "NAME07X",
            "NAME7X",
            "NAME077X",
            "",
            "Q",
            "ABCDEF",
            "ABCDE",
            "ABCDEFGHI",
            "ÉBCDE",
            "ÉBCDEFGH",
        ];
        let naive = |held: &[String], q: &str| -> Vec<String> {
            let mut found: Vec<String> = held
                .iter()
                .filter(|w| one_edit_apart(w, q))
                .cloned()
                .collect();
            found.sort();
            found.dedup();
            found
        };
        for n in [0, 1, 5, 14, 19, SCAN_WORDS, SCAN_WORDS + 1, words.len()] {
            let held = &words[..n.min(words.len())];
            let mut index = OneEditIndex::default();
            for w in held {
                index.insert(w);
            }
            for q in queries {
                let mut got: Vec<String> = index.near(q).iter().map(|w| w.to_string()).collect();
                got.sort();
                assert_eq!(got, naive(held, q), "{n} {q:?}");
            }
        }
        let mut index = OneEditIndex::default();
        for w in ["VERHAGEN", "VERHAGAN", "VERHAGEN"] {
            index.insert(w);
        }
        assert_eq!(index.near("VERHAGIN"), vec!["VERHAGEN", "VERHAGAN"]);
    }

    /// One edit apart by definition: one letter changed, or two
    /// neighbours swapped, or the shorter is the longer without a letter.
    fn naive_one_edit_apart(a: &[u8], b: &[u8]) -> bool {
        if a.len() == b.len() {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            return match diffs.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            };
        }
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        long.len() == short.len() + 1
            && (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..])
    }

    #[test]
    fn one_edit_apart_agrees_with_its_definition_on_every_short_word() {
        // Every word of up to five letters of `a`, `b`, `c`: the letters
        // at either end, equal or not, and every length the early
        // refusals test.
        let mut all: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for w in &last {
                for c in [b'a', b'b', b'c'] {
                    let mut v = w.clone();
                    v.push(c);
                    next.push(v);
                }
            }
            all.extend(next.iter().cloned());
            last = next;
        }
        let mut n_near = 0;
        for a in &all {
            for b in &all {
                let expected = naive_one_edit_apart(a, b);
                let (sa, sb) = (
                    std::str::from_utf8(a).unwrap(),
                    std::str::from_utf8(b).unwrap(),
                );
                assert_eq!(one_edit_apart(sa, sb), expected, "{sa} {sb}");
                n_near += usize::from(expected);
            }
        }
        assert_eq!(n_near, 6_564);
        // Non-ASCII words go by characters.
        assert!(one_edit_apart("ÇELİK", "CELİK"));
        assert!(one_edit_apart("ÇELİK", "ÇELKİ"));
        assert!(!one_edit_apart("ÇELİK", "CELİC"));
        assert!(one_edit_apart("VERHAGEN", "VERHAGAN"));
        assert!(one_edit_apart("VERHAGEN", "ERHAGEN"));
        assert!(one_edit_apart("VERHAGEN", "VERHAGENS"));
        assert!(!one_edit_apart("VERHAGEN", "ERHAGENS"));
    }

    /// The definition [`surname_core`] matches by bytes.
    fn naive_surname_core(word: &str) -> &str {
        for prefix in [
            "AL-", "EL-", "AD-", "AN-", "AR-", "AS-", "ASH-", "AT-", "AZ-",
        ] {
            if let Some(rest) = word.strip_prefix(prefix) {
                if rest.chars().count() >= 3 {
                    return rest;
                }
            }
        }
        word
    }

    #[test]
    fn the_core_of_a_surname_is_without_a_glued_arabic_article() {
        for word in [
            "AL-QADHAFI",
            "EL-BARADEI",
            "ASH-SHARAA",
            "AS-SAYED",
            "AZ-ZAWAHIRI",
            "AL-QA",
            "AL-QAÉ",
            "AL-É",
            "ASH-AB",
            "ASH-ABC",
            "AS-H",
            "AL",
            "AL-",
            "A",
            "",
            "AB-CDEF",
            "EL",
            "EX-ABC",
            "al-Maliki",
            "QADHAFI",
            "AT-TAL",
            "AN-NAHAR",
            "AR-RAHMAN",
            "AD-DIN",
        ] {
            assert_eq!(surname_core(word), naive_surname_core(word), "{word:?}");
        }
        assert_eq!(surname_core("AL-QADHAFI"), "QADHAFI");
        assert_eq!(surname_core("ASH-SHARAA"), "SHARAA");
        assert_eq!(surname_core("AL-QA"), "AL-QA");
    }

    #[test]
    fn form_words_hold_the_normalised_words_of_each_form() {
        let mut words = FormWords::default();
        let parts = ["Raimondo", "de", "Cardona,", "", ".", "D’Alema"];
        for p in parts {
            words.push_word(p.trim_end_matches([',', '.']), false);
        }
        let a = (0, words.n_words());
        // The words as the lists of strings of each form were.
        let naive: Vec<String> = parts
            .iter()
            .map(|p| normalize_word(p.trim_end_matches([',', '.'])))
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(words.to_vec(a), naive);
        assert_eq!(naive, ["RAIMONDO", "DE", "CARDONA", "D'ALEMA"]);
        assert_eq!(words.form_word(a, 2), "CARDONA");
        // The same words again, kept empty words and all.
        let from = words.n_words();
        for p in ["raimondo", "DE", "Cardona", "d'alema"] {
            words.push_word(p, true);
        }
        let b = (from, words.n_words());
        assert!(words.same(a, b) && words.same(b, a) && words.same(a, a));
        let from = words.n_words();
        words.push_word("", true);
        let empty = (from, words.n_words());
        assert_eq!(words.to_vec(empty), [""]);
        assert!(!words.same(a, empty));
        assert!(!words.same(a, (0, 3)));
        assert!(!words.same((0, 1), (1, 2)));
        // Out of range: no word, no panic.
        assert_eq!(words.word(99), "");
    }

    #[test]
    fn a_key_filter_holds_every_known_word_as_written_and_few_others() {
        let known: Vec<String> = (0..40)
            .map(|i| format!("NAME{i}"))
            .chain(["SPOGLI", "D'ALEMA", "AL-MALIKI", "ABCDEFGHIJKLMNOP"].map(String::from))
            .collect();
        let mut filter = KeyFilter::default();
        for k in &known {
            filter.insert(k);
        }
        // Each known word, as the text writes it, in any case.
        for written in [
            "Spogli",
            "SPOGLI",
            "spogli",
            "D'Alema",
            "al-Maliki",
            "Name7",
            "NAME39",
        ] {
            let key = ShortKey::upper_ascii(written.as_bytes()).unwrap();
            assert!(filter.may_hold(&key), "{written}");
        }
        let long = ShortKey::upper_ascii(b"abcdefghijklmnop").unwrap();
        assert!(filter.may_hold(&long));
        // Other words: most are told apart.
        let n_held = (0..1000)
            .filter(|i| {
                let other = format!("Other{i}");
                filter.may_hold(&ShortKey::upper_ascii(other.as_bytes()).unwrap())
            })
            .count();
        assert!(n_held < 100, "{n_held}");
        // A word of more than 16 bytes has no short key: never asked.
        assert!(ShortKey::upper_ascii(b"abcdefghijklmnopq").is_none());
    }

    #[test]
    fn a_key_is_the_normalised_word() {
        for word in [
            "Spogli",
            "d'Alema",
            "D’Alema",
            "a`b",
            "Élan",
            "",
            "X-Y",
            "ß",
        ] {
            let mut fast = String::from("K ");
            push_key(&mut fast, word);
            let mut naive = String::from("K ");
            push_normalized(&mut naive, word);
            assert_eq!(fast, naive, "{word:?}");
        }
    }

    #[test]
    fn the_next_candidate_is_unclaimed_and_capitalised_or_a_lower_case_compound() {
        use WordShape::*;
        let words = [
            word(Lower, false),
            word(Title, false),
            word(Initial, false),
            word(Other, false),
            word(Caps, false),
            word(Lower, true),
            word(Lower, false),
        ];
        let none = [false; 7];
        let marks = Marks::of(&words);
        let next = |claimed: &[bool], from, end, folded| {
            next_candidate(&words, claimed, &marks, from, end, folded)
        };
        assert_eq!(next(&none, 0, 7, false), Some(1));
        assert_eq!(next(&none, 2, 7, false), Some(4));
        assert_eq!(next(&none, 5, 7, false), Some(5));
        assert_eq!(next(&none, 6, 7, false), None);
        assert_eq!(next(&none, 2, 4, false), None);
        // A case-folded cable writes names in lower case too.
        assert_eq!(next(&none, 0, 7, true), Some(0));
        assert_eq!(next(&none, 6, 7, true), Some(6));
        // Claimed words are skipped.
        let claimed = [false, true, false, false, true, true, false];
        assert_eq!(next(&claimed, 0, 7, false), None);
        assert_eq!(next(&claimed, 1, 7, true), Some(6));
        // Out of range: none, no panic.
        assert_eq!(next(&none, 7, 7, false), None);
        assert_eq!(next(&none, 3, 9, false), None);
        assert_eq!(next(&none, 5, 2, false), None);
    }
}
