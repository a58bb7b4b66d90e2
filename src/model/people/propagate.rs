//! After the cues: every other use of a surname already found in the
//! cable, extended to as much of the known name as is written with it.

use super::lexicon::{normalize_word, push_normalized, Flags, FxHashMap};
use super::recognize::{display_title, Scanner};
use super::tokens::{Gap, WordShape};

impl Scanner<'_> {
    /// Marks every later (or earlier) use of a surname already found, with
    /// as much of the known name as is written before it.
    pub(super) fn propagate(&mut self) {
        let mut known: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
        for m in &self.out {
            let parts: Vec<String> = m
                .parts
                .iter()
                .map(|p| normalize_word(p.trim_end_matches([',', '.'])))
                .collect();
            let Some(surname) = parts.last() else {
                continue;
            };
            if surname.chars().count() < 2 {
                continue;
            }
            let f = self.lex.flags(surname, &mut self.buf);
            if f.has(Flags::COMMON) && !f.has(Flags::FAMOUS) || f.has(Flags::STOP) {
                continue;
            }
            let forms = known.entry(surname.clone()).or_default();
            if !forms.contains(&parts) {
                forms.push(parts);
            }
        }
        if known.is_empty() {
            return;
        }
        for r in 0..self.regions.len() {
            let range = self.regions[r].words.clone();
            for k in range.clone() {
                if self.claimed[k]
                    || !matches!(self.words[k].shape, WordShape::Title | WordShape::Caps)
                {
                    continue;
                }
                self.buf.clear();
                push_normalized(&mut self.buf, self.words[k].text(self.text));
                let Some(forms) = known.get(self.buf.as_str()) else {
                    continue;
                };
                // Extend to the left over the words of a known form.
                let mut best_from = k;
                for form in forms {
                    let mut from = k;
                    let mut idx = form.len() - 1;
                    while idx > 0 && from > range.start {
                        let prev = from - 1;
                        if self.claimed[prev] || self.words[from].gap != Gap::Space {
                            break;
                        }
                        let t = normalize_word(self.words[prev].text(self.text));
                        if t.trim_end_matches('.') != form[idx - 1].trim_end_matches('.') {
                            break;
                        }
                        from = prev;
                        idx -= 1;
                    }
                    best_from = best_from.min(from);
                }
                let title = (best_from > range.start
                    && self.words[best_from].gap == Gap::Space
                    && self.words[best_from - 1].flags.has(Flags::TITLE)
                    && matches!(
                        self.words[best_from - 1].shape,
                        WordShape::Title | WordShape::Caps
                    ))
                .then(|| display_title(self.words[best_from - 1].text(self.text)));
                self.push(best_from, k + 1, title);
            }
        }
    }
}
