//! Words of a stretch of prose with their shape, the punctuation before them
//! and their lexicon classes: the one pass over the text that recognition reads.

use super::lexicon::{Flags, Lexicon, NO_ID};

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
    /// Joined over a hyphen (`pro-Karzai`, `KLERK-ANC`).
    pub compound: bool,
    pub flags: Flags,
    /// The word's number in the lexicon, [`NO_ID`] when it has none.
    pub id: u32,
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
        // Blanks between words, the most frequent bytes: no decoding.
        let b = bytes[i];
        if b == b' ' || b == b'\n' || b == b'\r' || b == b'\t' {
            i += 1;
            continue;
        }
        // Most words: ASCII lower case, with nothing after them that the
        // general path below would look at.
        if ASCII_CLASS[usize::from(b)] == LOWER {
            let before = (start + i)
                .checked_sub(1)
                .and_then(|at| text.as_bytes().get(at).copied());
            if let Some(end) = plain_lower_word(bytes, i, before) {
                let word = region.get(i..end).unwrap_or("");
                let (flags, id) = lexicon.lookup(word, buf);
                out.push(Word {
                    start: (start + i) as u32,
                    end: (start + end) as u32,
                    shape: WordShape::Lower,
                    gap,
                    possessive: false,
                    compound: false,
                    flags,
                    id,
                });
                gap = Gap::Space;
                i = end;
                continue;
            }
        }
        let Some(c) = char_at(region, i) else {
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
        let mut compound = false;
        // The classes of the word's ASCII bytes, which tell the shape of an
        // ASCII word without another pass over it.
        let mut ascii = true;
        let mut seen = 0u8;
        loop {
            // Letters of ASCII words, most of the text: a tight loop.
            let (run_end, classes) = ascii_run(bytes, j);
            j = run_end;
            seen |= classes;
            // Most words end on ASCII punctuation or a blank.
            match bytes.get(j) {
                None => break,
                Some(&b) if b < 0x80 && b != b'\'' && b != b'-' => break,
                _ => {}
            }
            let Some(c) = char_at(region, j) else {
                break;
            };
            if c.is_alphanumeric() {
                has_digit |= c.is_numeric();
                ascii = false;
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
                    compound |= c == '-';
                    ascii &= c.is_ascii();
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
        } else if bytes.get(j..j + 2) == Some(b",s")
            && !region
                .get(j + 2..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_alphanumeric)
        {
            // `Iran,s`: the cables' telegraphic apostrophe.
            possessive = true;
            next_i = j + 2;
        }
        has_digit |= seen & DIGIT != 0;
        let word = &region[word_start..word_end];
        let mut shape = if has_digit {
            WordShape::Other
        } else if ascii {
            shape_of_ascii_word(word, compound, seen & LOWER != 0)
        } else {
            shape_of_word(word, compound)
        };
        if !possessive && bytes.get(word_end) == Some(&b'.') {
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
                (prev.flags, prev.id) = lexicon.lookup(merged, buf);
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
        let (mut flags, id) = match shape {
            WordShape::Other => (Flags::empty(), NO_ID),
            _ => lexicon.lookup(word, buf),
        };
        if flags == Flags::empty()
            && matches!(shape, WordShape::Title | WordShape::Caps)
            && lexicon.misspelled_title(word)
        {
            flags = Flags::TITLE;
        }
        // `EcoPol`, `BYuT`, `PolCouns`: capitals inside a word make an
        // abbreviation, unless they follow a surname prefix (`McCain`,
        // `DeLay`, `MacArthur`) or the word is a title (`SecDef`).
        if shape == WordShape::Title && !flags.has(Flags::TITLE) && has_inner_capital(word) {
            shape = WordShape::Other;
            flags = Flags::empty();
        }
        // `A/S`, `U/S`, `A/DCM`: a title written with a slash is one word.
        if let Some(prev) = out.last_mut() {
            let at = start + word_start;
            let slash_glued = prev.end as usize + 1 == at
                && text.as_bytes().get(at - 1) == Some(&b'/')
                && prev.end - prev.start <= 3
                && word.len() <= 4
                && !possessive;
            if slash_glued {
                let joined = text
                    .get(prev.start as usize..start + word_end)
                    .unwrap_or("");
                let joined_flags = lexicon.flags(joined, buf);
                // `M/V`, `A/A`: capitals on both sides make an abbreviation.
                let letters_only = joined.chars().all(|c| c.is_ascii_uppercase() || c == '/');
                let abbreviation = letters_only && prev.end - prev.start <= 2 && word.len() <= 2;
                if joined_flags.has(Flags::TITLE) || abbreviation {
                    prev.end = (start + word_end) as u32;
                    prev.flags = joined_flags;
                    prev.id = NO_ID;
                    prev.shape = if !joined_flags.has(Flags::TITLE) {
                        WordShape::Other
                    } else if joined.chars().any(char::is_lowercase) {
                        WordShape::Title
                    } else {
                        WordShape::Caps
                    };
                    gap = Gap::Space;
                    i = next_i.max(word_start + 1);
                    while i < bytes.len() && !region.is_char_boundary(i) {
                        i += 1;
                    }
                    continue;
                }
            }
        }
        out.push(Word {
            start: (start + word_start) as u32,
            end: (start + word_end) as u32,
            shape,
            gap,
            possessive,
            compound,
            flags,
            id,
        });
        gap = if possessive { Gap::Other } else { Gap::Space };
        i = next_i.max(word_start + 1);
        while i < bytes.len() && !region.is_char_boundary(i) {
            i += 1;
        }
    }
}

/// The end of the word of `bytes` at `i` when it is plain lower case, for
/// which the general path of [`tokenize`] finds shape [`WordShape::Lower`],
/// no possessive, no compound and nothing to glue to the word before: ASCII
/// lower-case letters only, followed by the end of the region or an ASCII
/// byte that is no apostrophe, hyphen or full stop (which may make an
/// abbreviation: `mr.`), nor the comma of a telegraphic possessive (`,s`),
/// and with no slash as the byte `before` it (`a/s`).
#[inline]
fn plain_lower_word(bytes: &[u8], i: usize, before: Option<u8>) -> Option<usize> {
    let (end, classes) = ascii_run(bytes, i);
    if classes != LOWER || before == Some(b'/') {
        return None;
    }
    let plain_after = match bytes.get(end) {
        None => true,
        Some(b'\'' | b'-' | b'.') => false,
        Some(b',') => bytes.get(end + 1) != Some(&b's'),
        Some(&b) => b < 0x80,
    };
    plain_after.then_some(end)
}

/// The end of the run of ASCII letters and digits of `bytes` from `from`,
/// and the classes of its bytes. Kept out of the tokenizer's body, whose
/// many variables left this loop, the one most bytes go through, reading
/// and writing the stack at every byte (15 instructions a byte, 5 here).
#[inline(never)]
fn ascii_run(bytes: &[u8], from: usize) -> (usize, u8) {
    let mut seen = 0u8;
    let mut j = from;
    while let Some(&b) = bytes.get(j) {
        let class = ASCII_CLASS[usize::from(b)];
        if class == 0 {
            break;
        }
        seen |= class;
        j += 1;
    }
    (j, seen)
}

/// Whether a capitalised word has a capital inside that no surname prefix
/// explains (`EcoPol`, but not `McCain`, `MacArthur`, `DeLay`, `O'Brien`).
fn has_inner_capital(word: &str) -> bool {
    // `MbZ`, `MbN`, `HbJ`: the initials of an Arabic name with `bin`.
    let b = word.as_bytes();
    if b.len() == 3 && b[0].is_ascii_uppercase() && b[1] == b'b' && b[2].is_ascii_uppercase() {
        return false;
    }
    // Most words: ASCII, no capital after the first letter.
    if word.is_ascii() && !b.get(1..).unwrap_or(&[]).iter().any(u8::is_ascii_uppercase) {
        return false;
    }
    const PREFIXES: [&str; 12] = [
        "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz", "St",
    ];
    let mut part_start = 0;
    for (i, c) in word.char_indices() {
        if c == '-' || is_apostrophe(c) {
            part_start = i + c.len_utf8();
            continue;
        }
        if i > part_start && c.is_uppercase() {
            let prefix = &word[part_start..i];
            if !PREFIXES.contains(&prefix) {
                return true;
            }
        }
    }
    false
}

/// The character at byte `i` of `s`, decoded only when it is not ASCII.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => s.get(i..)?.chars().next(),
        None => None,
    }
}

/// Classifies a word of letters (digits already excluded); `compound`:
/// the word holds a hyphen.
fn shape_of_word(word: &str, compound: bool) -> WordShape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return WordShape::Other;
    };
    if first.is_lowercase() {
        return shape_of_lower_word(word, compound);
    }
    if !first.is_uppercase() {
        return WordShape::Other;
    }
    let mut n_letters = 1;
    let mut has_lower = false;
    for c in chars {
        if c.is_alphabetic() {
            n_letters += 1;
            has_lower |= c.is_lowercase();
        }
    }
    match (n_letters, has_lower) {
        (1, _) => WordShape::Initial,
        (_, true) => WordShape::Title,
        (_, false) => WordShape::Caps,
    }
}

/// [`shape_of_word`] of an ASCII word of letters (most words), given
/// whether it has a lower-case letter: the same classes, since ASCII
/// letters are the only ASCII alphabetic, upper- and lower-case
/// characters, and a word of one letter is one byte long (an apostrophe or
/// hyphen stands between two letters).
#[inline]
fn shape_of_ascii_word(word: &str, compound: bool, has_lower: bool) -> WordShape {
    let Some(&first) = word.as_bytes().first() else {
        return WordShape::Other;
    };
    if first.is_ascii_lowercase() {
        return shape_of_lower_word(word, compound);
    }
    if !first.is_ascii_uppercase() {
        return WordShape::Other;
    }
    match (word.len(), has_lower) {
        (1, _) => WordShape::Initial,
        (_, true) => WordShape::Title,
        (_, false) => WordShape::Caps,
    }
}

/// Classes of bytes for the tokenizer's inner loop: zero for all but
/// ASCII letters and digits.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The shape of a word that opens with a lower-case letter.
#[inline]
fn shape_of_lower_word(word: &str, compound: bool) -> WordShape {
    // `al-Maliki`, `el-Baradei`, `bin-Laden`: a lower-case particle glued
    // to a capitalised name.
    if !compound {
        return WordShape::Lower;
    }
    if let Some((prefix, rest)) = word.split_once('-') {
        const GLUED: [&str; 16] = [
            "al", "el", "bin", "ibn", "abu", "ould", "ben", "bint", "ad", "an", "ar", "as", "ash",
            "at", "az", "ul",
        ];
        if rest.chars().next().is_some_and(char::is_uppercase) && GLUED.contains(&prefix) {
            return WordShape::Title;
        }
    }
    WordShape::Lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_lower_word_ends_before_a_blank_or_plain_punctuation() {
        let end =
            |text: &str, i: usize, before: Option<u8>| plain_lower_word(text.as_bytes(), i, before);
        assert_eq!(end("said Spogli", 0, None), Some(4));
        assert_eq!(end("said", 0, Some(b' ')), Some(4));
        assert_eq!(end("said, he", 0, None), Some(4));
        assert_eq!(end("said; he", 0, None), Some(4));
        assert_eq!(end("said)", 0, None), Some(4));
        assert_eq!(end("x said\n", 2, None), Some(6));
        // Capitals, digits or non-ASCII letters in the word: the general path.
        assert_eq!(end("saId", 0, None), None);
        assert_eq!(end("said2", 0, None), None);
        assert_eq!(end("saidé", 0, None), None);
        // What may follow a possessive, a compound or an abbreviation.
        assert_eq!(end("iran's", 0, None), None);
        assert_eq!(end("iran’s", 0, None), None);
        assert_eq!(end("iran,s", 0, None), None);
        assert_eq!(end("al-Maliki", 0, None), None);
        assert_eq!(end("mr. Spogli", 0, None), None);
        // `a/s`: glued to the word before over a slash.
        assert_eq!(end("s visit", 0, Some(b'/')), None);
    }

    #[test]
    fn an_ascii_run_ends_at_the_first_byte_not_a_letter_or_digit() {
        let text = "Spogli2 said, D'Alema  É";
        assert_eq!(ascii_run(text.as_bytes(), 0), (7, UPPER | LOWER | DIGIT));
        assert_eq!(ascii_run(text.as_bytes(), 8), (12, LOWER));
        assert_eq!(ascii_run(text.as_bytes(), 12), (12, 0));
        assert_eq!(ascii_run(text.as_bytes(), 14), (15, UPPER));
        assert_eq!(ascii_run(text.as_bytes(), 16), (21, UPPER | LOWER));
        // A non-ASCII byte ends a run; the end of the text too.
        assert_eq!(ascii_run(text.as_bytes(), 23), (23, 0));
        assert_eq!(ascii_run(b"ABC", 1), (3, UPPER));
        assert_eq!(ascii_run(b"ABC", 3), (3, 0));
        assert_eq!(ascii_run(b"ABC", 9), (9, 0));
    }
}
