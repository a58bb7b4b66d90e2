//! Names searched by words: every entry lower-cased once and laid end to
//! end in one text, so a query is one substring search over that text
//! rather than a search per entry.
//!
//! Why: a workspace symbol query over a whole archive (hundreds of
//! thousands of cable subjects and persons) must answer while the user
//! types. Searching one text with a vectorised substring finder (memchr's
//! `memmem`) costs a fraction of a millisecond per ten megabytes; calling
//! `str::contains` on each entry costs a call, a setup and a branch miss per
//! entry, and was the slowest request at scale.

use memchr::memmem;

/// Separates entries; no query word contains it (words are split on
/// whitespace), so no match runs across two entries.
const SEPARATOR: char = '\n';

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct SearchText {
    text: String,
    /// Where each entry starts in `text`; entry `i` ends one byte before
    /// entry `i + 1` starts (at the separator).
    starts: Vec<u32>,
}

impl SearchText {
    /// The entries, lower-cased; an entry's own line breaks become spaces.
    pub fn new<S: AsRef<str>>(entries: impl IntoIterator<Item = S>) -> SearchText {
        let mut out = SearchText::default();
        for entry in entries {
            out.push(entry.as_ref());
        }
        out.finish();
        out
    }

    /// Empty, with room for `n` entries of some 24 bytes: for entries
    /// pushed one by one ([`SearchText::push`], then
    /// [`SearchText::finish`]) from a buffer of the caller's.
    pub fn with_capacity(n: usize) -> SearchText {
        SearchText {
            text: String::with_capacity(n.saturating_mul(24)),
            starts: Vec::with_capacity(n),
        }
    }

    /// Gives back the room not used.
    pub fn finish(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
    }

    /// Adds an entry, lower-cased ([`SearchText::new`]).
    pub fn push(&mut self, entry: &str) {
        // Past 4 GiB of names the offsets would wrap: such entries are
        // left out of searches rather than found at wrong places.
        let Ok(start) = u32::try_from(self.text.len()) else {
            return;
        };
        self.starts.push(start);
        if entry.is_ascii() && memchr::memchr2(b'\n', b'\r', entry.as_bytes()).is_none() {
            // Most names: copied whole and lower-cased where they lie, no
            // Unicode case tables and no character pushed one at a time.
            let from = self.text.len();
            self.text.push_str(entry);
            if let Some(added) = self.text.get_mut(from..) {
                added.make_ascii_lowercase();
            }
            self.text.push(SEPARATOR);
            return;
        }
        if entry.is_ascii() {
            self.text.extend(entry.bytes().map(|b| match b {
                b'\n' | b'\r' => ' ',
                b => b.to_ascii_lowercase() as char,
            }));
            self.text.push(SEPARATOR);
            return;
        }
        for c in entry.chars() {
            if c == SEPARATOR || c == '\r' {
                self.text.push(' ');
            } else {
                self.text.extend(c.to_lowercase());
            }
        }
        self.text.push(SEPARATOR);
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Entry `i`, lower-cased.
    pub fn entry(&self, i: usize) -> &str {
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&s| s as usize)
            .saturating_sub(1);
        self.text.get(start as usize..end).unwrap_or("")
    }

    /// The entries holding every one of `words` (lower-case), in order. The
    /// longest word is searched through the whole text; the others are
    /// checked in the entries it hits.
    pub fn matching<'a>(&'a self, words: &'a [String]) -> Box<dyn Iterator<Item = usize> + 'a> {
        let Some(longest) = words.iter().max_by_key(|w| w.len()) else {
            return Box::new(0..self.len());
        };
        let others = move |i: usize| {
            let entry = self.entry(i);
            words.iter().all(|w| entry.contains(w.as_str()))
        };
        let mut last = None;
        Box::new(
            memmem::find_iter(self.text.as_bytes(), longest.as_bytes())
                .filter_map(move |at| {
                    let i = self
                        .starts
                        .partition_point(|&s| s as usize <= at)
                        .checked_sub(1)?;
                    // Several hits in one entry name it once.
                    if last == Some(i) {
                        return None;
                    }
                    last = Some(i);
                    Some(i)
                })
                .filter(move |&i| others(i)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(query: &str) -> Vec<String> {
        query.split_whitespace().map(str::to_lowercase).collect()
    }

    fn found(text: &SearchText, query: &str) -> Vec<usize> {
        let w = words(query);
        text.matching(&w).collect()
    }

    #[test]
    fn every_word_anywhere_in_one_entry() {
        let text = SearchText::new([
            "08ROME104 KOSOVO: ITALIANS MAY NOT SEEK TO DELAY",
            "07ROME1333 KOSOVO: ITALIANS NOT READY",
            "06ROME3128 KOSOVO: AHTISAARI, D'ALEMA AGREE\nTO NO FURTHER DELAYS ON KOSOVO",
            "Massimo D'Alema\tD'ALEMA",
        ]);
        assert_eq!(
            text.entry(2),
            "06rome3128 kosovo: ahtisaari, d'alema agree to no further delays on kosovo"
        );
        assert_eq!(found(&text, "rome104"), [0]);
        assert_eq!(found(&text, "rome"), [0, 1, 2]);
        assert_eq!(found(&text, "italians kosovo"), [0, 1]);
        assert_eq!(found(&text, "KOSOVO delay"), [0, 2]);
        assert_eq!(found(&text, "d'alema"), [2, 3]);
        assert_eq!(found(&text, "kosovo zanzibar"), Vec::<usize>::new());
        assert_eq!(found(&text, ""), [0, 1, 2, 3]);
        // A match never runs across two entries.
        assert_eq!(found(&text, "delay\n07rome"), Vec::<usize>::new());
    }

    /// An ASCII entry copied whole and lower-cased in place is the entry
    /// the character-by-character path writes, with or without line breaks.
    /// Entries pushed one by one, from any room made, are those made at
    /// once.
    #[test]
    fn entries_pushed_one_by_one_are_those_made_at_once() {
        let entries = ["Romano Prodi\tPRODI", "", "Ünal Çevik", "a\rB\nc", "ZZ"];
        let at_once = SearchText::new(entries);
        for room in [0, 1, 100] {
            let mut one_by_one = SearchText::with_capacity(room);
            for e in entries {
                one_by_one.push(e);
            }
            one_by_one.finish();
            assert_eq!(one_by_one.len(), at_once.len());
            for i in 0..entries.len() {
                assert_eq!(one_by_one.entry(i), at_once.entry(i));
            }
            let words = ["prodi".to_string()];
            assert_eq!(
                one_by_one.matching(&words).collect::<Vec<_>>(),
                at_once.matching(&words).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn ascii_entries_copied_whole() {
        let text = SearchText::new(["AbC-9 D'X", "a\rB\nc", "\n", "ZZ"]);
        assert_eq!(text.entry(0), "abc-9 d'x");
        assert_eq!(text.entry(1), "a b c");
        assert_eq!(text.entry(2), " ");
        assert_eq!(text.entry(3), "zz");
        assert_eq!(text.len(), 4);
    }

    #[test]
    fn empty_and_non_ascii_entries() {
        let text = SearchText::new(["", "Ünal Çevik", "İstanbul"]);
        assert_eq!(text.len(), 3);
        assert_eq!(text.entry(0), "");
        assert_eq!(text.entry(7), "");
        assert_eq!(found(&text, "çevik"), [1]);
        assert_eq!(found(&text, "ünal"), [1]);
        // `İ` lower-cases to two characters; the entry stays whole.
        assert_eq!(found(&text, "stanbul"), [2]);
        assert!(SearchText::new(Vec::<String>::new()).is_empty());
    }
}
