//! Words of a stretch of prose with their shape, the punctuation before them
//! and their lexicon classes: the one pass over the text that recognition reads.

use super::lexicon::{Flags, Lexicon};

/// How a word is written; recognition cues differ between mixed-case and
/// all-caps text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordShape {
    /// `said`, `al-Maliki` counts as [`WordShape::Title`] (see `tokenize`).
    Lower,
    /// `Berlusconi`, `D'Alema`, `Ki-moon`: capital first, some lower case.
    Title,
    /// `SPOGLI`, `MFA`: two or more letters, none lower case.
    Caps,
    /// `R.` or a lone capital letter.
    Initial,
    /// Digits or anything else that cannot be part of a name.
    Other,
}

/// The punctuation between a word and the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Blanks only (a line break included: names wrap).
    Space,
    Comma,
    /// `.`, `!`, `?`, `:`, `;` or the start of the region: a sentence may start here.
    Stop,
    /// Brackets, quotes, dashes, slashes: the two words do not form one name.
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    /// Byte range of the word in the cable text, without a possessive `'s`.
    pub start: u32,
    pub end: u32,
    pub shape: WordShape,
    pub gap: Gap,
    /// Followed by `'s`, `’s` or the cables' `,s`.
    pub possessive: bool,
    pub flags: Flags,
}

impl Word {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Abbreviated titles written with a full stop (`Mr.`, `Gen.`): the stop
/// belongs to the word and does not end a sentence.
fn is_dotted_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: [&str; 20] = [
        "MR", "MRS", "MS", "DR", "GEN", "COL", "LT", "MAJ", "ADM", "SEN", "REP", "GOV", "AMB",
        "PROF", "SGT", "CAPT", "CMDR", "REV", "HON", "ST",
    ];
    word.len() <= 4 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Appends the words of `text[start..end]` to `out`. Linear in the length,
/// no allocation per word (the lexicon lookup upper-cases into `buf`).
pub(crate) fn tokenize(
    text: &str,
    start: usize,
    end: usize,
    lexicon: &Lexicon,
    buf: &mut String,
    out: &mut Vec<Word>,
) {
    let Some(region) = text.get(start..end) else {
        return;
    };
    let bytes = region.as_bytes();
    let mut gap = Gap::Stop;
    let mut i = 0;
    while i < bytes.len() {
        let Some(c) = region[i..].chars().next() else {
            break;
        };
        if !c.is_alphanumeric() {
            gap = match c {
                _ if c.is_whitespace() => gap,
                ',' if gap == Gap::Space => Gap::Comma,
                '.' | '!' | '?' | ':' | ';' => Gap::Stop,
                _ if gap == Gap::Stop => Gap::Stop,
                _ => Gap::Other,
            };
            i += c.len_utf8();
            continue;
        }
        // A word: letters and digits, joined by apostrophes and hyphens that
        // stand between two letters (`D'Alema`, `Ki-moon`, `al-Maliki`).
        let word_start = i;
        let mut j = i;
        let mut possessive = false;
        let mut has_digit = false;
        while let Some(c) = region[j..].chars().next() {
            if c.is_alphanumeric() {
                has_digit |= c.is_numeric();
                j += c.len_utf8();
                continue;
            }
            if is_apostrophe(c) || c == '-' {
                let after = j + c.len_utf8();
                let mut rest = region[after..].chars();
                let next = rest.next();
                if is_apostrophe(c)
                    && matches!(next, Some('s' | 'S'))
                    && !rest.next().is_some_and(char::is_alphanumeric)
                {
                    possessive = true;
                    break;
                }
                if next.is_some_and(char::is_alphabetic) {
                    j = after;
                    continue;
                }
            }
            break;
        }
        let mut word_end = j;
        let mut next_i = j;
        if possessive {
            // Skip the apostrophe (1 or 3 bytes) and the `s`.
            next_i = j + region[j..].chars().next().map_or(1, char::len_utf8) + 1;
        } else if region[j..].starts_with(",s")
            && !region[j + 2..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            // `Iran,s`: the cables' telegraphic apostrophe.
            possessive = true;
            next_i = j + 2;
        }
        let word = &region[word_start..word_end];
        let mut shape = if has_digit {
            WordShape::Other
        } else {
            shape_of(word)
        };
        if !possessive && region[word_end..].starts_with('.') {
            if shape == WordShape::Initial {
                word_end += 1;
                next_i = word_end;
            } else if is_dotted_abbreviation(word) {
                word_end += 1;
                next_i = word_end;
                if shape == WordShape::Caps {
                    shape = WordShape::Title;
                }
            }
        }
        // `U.S.`, `P.M.`: initials glued to each other make one
        // abbreviation, looked up whole.
        if shape == WordShape::Initial {
            let glued_before = out.last_mut().filter(|prev| {
                prev.end as usize == start + word_start
                    && text.as_bytes().get(start + word_start - 1) == Some(&b'.')
                    && matches!(prev.shape, WordShape::Initial | WordShape::Caps)
            });
            if let Some(prev) = glued_before {
                prev.end = (start + word_end) as u32;
                prev.shape = WordShape::Caps;
                let merged = text
                    .get(prev.start as usize..prev.end as usize)
                    .unwrap_or("");
                prev.flags = lexicon.flags(merged, buf);
                gap = Gap::Space;
                i = next_i.max(word_start + 1);
                while i < bytes.len() && !region.is_char_boundary(i) {
                    i += 1;
                }
                continue;
            }
            let glued_after = region[word_end..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
            if glued_after {
                shape = WordShape::Caps;
            }
        }
        let flags = if shape == WordShape::Other {
            Flags::empty()
        } else {
            lexicon.flags(word, buf)
        };
        out.push(Word {
            start: (start + word_start) as u32,
            end: (start + word_end) as u32,
            shape,
            gap,
            possessive,
            flags,
        });
        gap = if possessive { Gap::Other } else { Gap::Space };
        i = next_i.max(word_start + 1);
        while i < bytes.len() && !region.is_char_boundary(i) {
            i += 1;
        }
    }
}

/// Classifies a word of letters (digits already excluded).
pub(crate) fn shape_of(word: &str) -> WordShape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return WordShape::Other;
    };
    let mut n_letters = 1;
    let mut has_lower = false;
    for c in chars {
        if c.is_alphabetic() {
            n_letters += 1;
            has_lower |= c.is_lowercase();
        }
    }
    if first.is_lowercase() {
        // `al-Maliki`, `el-Baradei`, `bin-Laden`: a lower-case particle glued
        // to a capitalised name.
        if let Some((_, rest)) = word.split_once('-') {
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return WordShape::Title;
            }
        }
        return WordShape::Lower;
    }
    if !first.is_uppercase() {
        return WordShape::Other;
    }
    match (n_letters, has_lower) {
        (1, _) => WordShape::Initial,
        (_, true) => WordShape::Title,
        (_, false) => WordShape::Caps,
    }
}
