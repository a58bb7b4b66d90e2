//! Words of a stretch of prose with their shape, the punctuation before them
//! and their lexicon classes: the one pass over the text that recognition reads.

use std::cell::RefCell;

use super::lexicon::{Flags, Lexicon, NO_ID};
use super::marks::{is_marked, Marks};
use super::memo::{ReadyMemo, WordMemo};
use super::word_mask::word_bits;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// A one-byte word of this shape and classes, for tests of what is
    /// decided from them alone.
    #[cfg(test)]
    pub(crate) fn shaped(shape: WordShape, compound: bool, flags: Flags) -> Word {
        Word {
            start: 0,
            end: 1,
            shape,
            gap: Gap::Space,
            possessive: false,
            compound,
            flags,
            id: NO_ID,
        }
    }

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
    word.len() <= 4
        && DOTTED_ABBREVIATIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(word))
}

/// The abbreviations [`is_dotted_abbreviation`] knows, upper-case, of four
/// letters at most.
const DOTTED_ABBREVIATIONS: [&str; 20] = [
    "MR", "MRS", "MS", "DR", "GEN", "COL", "LT", "MAJ", "ADM", "SEN", "REP", "GOV", "AMB", "PROF",
    "SGT", "CAPT", "CMDR", "REV", "HON", "ST",
];

/// What the tokenizer works out for a word from its letters alone: its
/// shape, classes and number, after the checks for a misspelt title and an
/// inner capital.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Classified {
    shape: WordShape,
    flags: Flags,
    id: u32,
}

impl Default for Classified {
    fn default() -> Classified {
        Classified {
            shape: WordShape::Other,
            flags: Flags::empty(),
            id: NO_ID,
        }
    }
}

impl Classified {
    /// The memo's value for a word of this kind: a word of these classes
    /// after a blank, which the tokenizer copies and places (its start,
    /// end and gap), so that a word found in the memo is pushed with few
    /// stores. Its end, which the copy replaces, holds whether a plain
    /// word of this kind is marked ([`is_marked`]).
    fn template(self) -> Word {
        self.plain_word(u32::from(self.plain_marked()))
    }

    /// A plain word (no compound, no possessive, after a blank) of this
    /// kind, at no place, its end `end`.
    #[inline]
    fn plain_word(self, end: u32) -> Word {
        Word {
            start: 0,
            end,
            shape: self.shape,
            gap: Gap::Space,
            possessive: false,
            compound: false,
            flags: self.flags,
            id: self.id,
        }
    }

    /// The classes of a [`Classified::template`].
    #[inline]
    fn of_template(template: Word) -> Classified {
        Classified {
            shape: template.shape,
            flags: template.flags,
            id: template.id,
        }
    }

    /// [`is_marked`] of a plain word (no compound) of this kind.
    #[inline]
    fn plain_marked(self) -> bool {
        is_marked(&self.plain_word(0))
    }
}

/// A free slot of the memo of plain words, which no key finds.
impl Default for Word {
    fn default() -> Word {
        Classified::default().template()
    }
}

/// The thread's memo of plain words (see [`tokenize`]), with the address of
/// the lexicon its values come from.
struct PlainMemo {
    lexicon: usize,
    words: WordMemo<Word>,
}

thread_local! {
    static PLAIN: RefCell<PlainMemo> = const {
        RefCell::new(PlainMemo {
            lexicon: 0,
            words: WordMemo::new(),
        })
    };
}

/// Appends the words of `text[start..end]` to `out`. Linear in the length,
/// no allocation per word (the lexicon lookup upper-cases into `buf`).
///
/// Most words are plain: ASCII letters or digits with a blank or plain
/// punctuation after them (see [`ends_plain`]). What such a word is depends
/// on its letters alone, so it is worked out once per word form as written
/// and per thread, and kept in a memo keyed by the word's bytes.
pub(crate) fn tokenize(
    text: &str,
    start: usize,
    end: usize,
    lexicon: &Lexicon,
    buf: &mut String,
    out: &mut Vec<Word>,
) {
    tokenize_marked(text, start, end, lexicon, buf, out, &mut Marks::default());
}

/// [`tokenize`], marking in `marks` the words of `out` that [`is_marked`]
/// tells (as they are pushed, since most words are plain and the memo
/// holds whether a plain word is marked).
pub(crate) fn tokenize_marked(
    text: &str,
    start: usize,
    end: usize,
    lexicon: &Lexicon,
    buf: &mut String,
    out: &mut Vec<Word>,
    marks: &mut Marks,
) {
    PLAIN.with(|cell| match cell.try_borrow_mut() {
        Ok(mut memo) => {
            // The values are the lexicon's: another lexicon, another memo.
            let address = lexicon as *const Lexicon as usize;
            if memo.lexicon != address {
                memo.words.clear();
                memo.lexicon = address;
            }
            let memo = &mut memo.words.ready();
            tokenize_with::<true>(text, start, end, lexicon, buf, out, marks, memo);
        }
        // Only if tokenizing while tokenizing: a memo of this call's own.
        Err(_) => {
            let memo = &mut WordMemo::new();
            let memo = &mut memo.ready();
            tokenize_with::<true>(text, start, end, lexicon, buf, out, marks, memo);
        }
    });
}

/// [`tokenize`], with the fast path of plain words when `FAST` (the tests
/// turn it off to compare it with the general path it shortcuts).
#[allow(clippy::too_many_arguments)]
fn tokenize_with<const FAST: bool>(
    text: &str,
    start: usize,
    end: usize,
    lexicon: &Lexicon,
    buf: &mut String,
    out: &mut Vec<Word>,
    marks: &mut Marks,
    memo: &mut ReadyMemo<'_, Word>,
) {
    let Some(region) = text.get(start..end) else {
        return;
    };
    // The text to the region's end, indexed as the text is, so that a
    // word's range is where the loop stands; the words are read sixteen
    // bytes at a time from `all`, past the region's end where the text
    // goes on.
    let all = text.as_bytes();
    let bytes = all.get(..end).unwrap_or(&[]);
    // Whether the byte before `i` is a slash, kept as the loop goes rather
    // than read back at every word: a word starts after a blank, after
    // punctuation, after what the general path took (never a slash), or
    // at the start of the region, where the byte before it counts.
    let mut slash_before = start.checked_sub(1).and_then(|at| all.get(at)) == Some(&b'/');
    let mut gap = Gap::Stop;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        // Most words: ASCII letters and digits, with nothing after them
        // that the general path below would look at.
        if FAST && ASCII_CLASS[usize::from(b)] != 0 {
            // Words of 16 bytes or more, and those of the text's last 16
            // bytes: the general path.
            let Some((end, key, next)) = short_word(all, end, i) else {
                let memo = Some(&mut *memo);
                let step =
                    general_step(text, start, region, i - start, gap, lexicon, buf, out, memo);
                (i, gap) = (start + step.0, step.1);
                slash_before = false;
                if let Some(last) = out.last() {
                    marks.set(out.len() - 1, is_marked(last));
                }
                continue;
            };
            // The byte after the word, from its sixteen bytes read already,
            // zero past the region (which ends a word as plainly).
            let after = if end < bytes.len() { next } else { 0 };
            // A lone capital is an initial, which a full stop may join
            // (`R.`) and glue to the initial before (`U.S`); a slash before
            // may glue the word to the one before (`A/S`).
            let after_class = AFTER_WORD[usize::from(after)];
            let mut plain = match after_class {
                PLAIN_AFTER => true,
                COMMA_AFTER => bytes.get(end + 1) != Some(&b's'),
                // A full stop that is no abbreviation's (nor an initial's,
                // below).
                STOP_AFTER => end - i > 4 || !is_dotted_key(key[0]),
                _ => false,
            } && !slash_before;
            if plain && end == i + 1 && b.is_ascii_uppercase() {
                plain = after_class != STOP_AFTER && i != start && bytes.get(i - 1) != Some(&b'.');
            }
            if plain {
                let (word_start, word_end) = (i as u32, end as u32);
                match memo.get_word(key) {
                    Some(template) => place(out, marks, template, word_start, word_end, gap),
                    None => {
                        let template = &plain_miss(text, i, end, key, lexicon, buf, memo);
                        place(out, marks, template, word_start, word_end, gap);
                    }
                }
                // The blank after the word, known already, is skipped here
                // (a line break too, where lines wrap), as is punctuation
                // with a blank after it (`said, he`),
                // which the loop below would take a byte at a time.
                gap = Gap::Space;
                i = if after == b' ' || after == b'\n' {
                    end + 1
                } else if after < 0x80 && bytes.get(end + 1) == Some(&b' ') {
                    gap = gap_after(gap, char::from(after));
                    slash_before = false;
                    end + 2
                } else {
                    end
                };
                continue;
            }
            // A possessive (`Iran's`, `Iran’s`, the cables' `Iran,s`) is the
            // plain word before its apostrophe and `s`, unless a slash may
            // glue it to the word before or it is a lone capital.
            let initial = end == i + 1 && b.is_ascii_uppercase();
            let skip = match slash_before || initial {
                true => 0,
                false => possessive_after(bytes, end),
            };
            if skip != 0 {
                let template = match memo.get_word(key) {
                    Some(template) => *template,
                    None => plain_miss(text, i, end, key, lexicon, buf, memo),
                };
                let k = out.len();
                out.push(Word {
                    start: i as u32,
                    end: end as u32,
                    gap,
                    possessive: true,
                    ..template
                });
                if template.end != 0 {
                    marks.mark(k);
                }
                gap = Gap::Other;
                i = end + skip;
                continue;
            }
        }
        // Blanks between words: no decoding.
        if b == b' ' || b == b'\n' || b == b'\r' || b == b'\t' {
            slash_before = false;
            i += 1;
            continue;
        }
        // Punctuation and other ASCII bytes that are no part of a word.
        if FAST && b < 0x80 && ASCII_CLASS[usize::from(b)] == 0 {
            gap = gap_after(gap, char::from(b));
            slash_before = b == b'/';
            i += 1;
            continue;
        }
        let memo = if FAST { Some(&mut *memo) } else { None };
        let step = general_step(text, start, region, i - start, gap, lexicon, buf, out, memo);
        (i, gap) = (start + step.0, step.1);
        slash_before = false;
        // The step pushed a word or changed the last one (glued initials,
        // a title with a slash): its mark again.
        if let Some(last) = out.last() {
            marks.set(out.len() - 1, is_marked(last));
        }
    }
}

/// Pushes a copy of the memo's `template` from `start` to `end` after the
/// punctuation `gap`, marked as the template says.
#[inline(always)]
fn place(out: &mut Vec<Word>, marks: &mut Marks, template: &Word, start: u32, end: u32, gap: Gap) {
    let k = out.len();
    out.push(Word {
        start,
        end,
        gap,
        ..*template
    });
    if template.end != 0 {
        marks.mark(k);
    }
}

/// The word of ASCII letters and digits at byte `i` of the text `all`,
/// in a region that ends at byte `end`, when there are 16 bytes to read
/// from `i` and the word is shorter: its end (the region's end at the
/// latest), its key in the memo of plain words and the text's byte at its
/// end, from one look at those 16 bytes. That byte is read past the
/// region's end too: the caller, which knows where the region ends, reads
/// it there as the end, without another bounds check on the text.
#[inline(always)]
fn short_word(all: &[u8], end: usize, i: usize) -> Option<(usize, [u64; 2], u8)> {
    let chunk = all.get(i..)?.first_chunk::<16>()?;
    let n = (!word_bits(chunk)).trailing_zeros() as usize;
    // The bytes past the region's end are none of the word's.
    let n = if i + n <= end { n } else { end.checked_sub(i)? };
    let (keep, next) = (KEEP.get(n)?, chunk.get(n)?);
    let kept = u128::from_le_bytes(*chunk) & keep;
    Some((i + n, [kept as u64, (kept >> 64) as u64], *next))
}

/// `KEEP[n]`: the low `n` bytes of a `u128` (a word of `n` bytes read 16
/// bytes at a time), for the words shorter than 16 bytes.
static KEEP: [u128; 16] = {
    let mut keep = [0u128; 16];
    let mut n = 1;
    while n < 16 {
        keep[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    keep
};

/// The key of `word` in the memo of plain words: its bytes as two
/// little-endian integers, zero past the word; none for a word longer than
/// 16 bytes or empty.
fn word_key(word: &[u8]) -> Option<[u64; 2]> {
    if word.is_empty() || word.len() > 16 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (to, from) in bytes.iter_mut().zip(word) {
        *to = *from;
    }
    let whole = u128::from_le_bytes(bytes);
    Some([whole as u64, (whole >> 64) as u64])
}

/// The gap after a character `c` that is no part of a word, when `gap` is
/// the one before it.
#[inline]
fn gap_after(gap: Gap, c: char) -> Gap {
    match c {
        _ if c.is_whitespace() => gap,
        ',' if gap == Gap::Space => Gap::Comma,
        '.' | '!' | '?' | ':' | ';' => Gap::Stop,
        _ if gap == Gap::Stop => Gap::Stop,
        _ => Gap::Other,
    }
}

/// [`is_dotted_abbreviation`] of a word of ASCII letters and digits of up
/// to four bytes, given as its key's first integer: the abbreviations
/// upper-cased and compared as integers. Clearing the 0x20 bit of each
/// byte upper-cases letters and turns digits into control bytes, which no
/// abbreviation holds.
#[inline]
fn is_dotted_key(key: u64) -> bool {
    // Each abbreviation's bytes as a key's first integer, zero past them.
    const KEYS: [u64; DOTTED_ABBREVIATIONS.len()] = {
        let mut keys = [0u64; DOTTED_ABBREVIATIONS.len()];
        let mut i = 0;
        while i < keys.len() {
            let word = DOTTED_ABBREVIATIONS[i].as_bytes();
            let mut bytes = [0u8; 8];
            let mut k = 0;
            while k < word.len() {
                bytes[k] = word[k];
                k += 1;
            }
            keys[i] = u64::from_le_bytes(bytes);
            i += 1;
        }
        keys
    };
    let folded = key & !0x2020_2020_2020_2020;
    KEYS.contains(&folded)
}

/// The length of the possessive's apostrophe and `s` after a word of ASCII
/// letters and digits that ends at `end`, zero when none: `'s`, `'S`, `’s`,
/// `’S` or the cables' `,s`, with no letter or digit after them (the end of
/// the region or an ASCII byte that is none; a byte past ASCII may start a
/// letter: the general path).
fn possessive_after(bytes: &[u8], end: usize) -> usize {
    let rest = bytes.get(end..).unwrap_or(&[]);
    let n = match rest {
        [b'\'', b's' | b'S', ..] | [b',', b's', ..] => 2,
        [0xe2, 0x80, 0x99, b's' | b'S', ..] => 4,
        _ => return 0,
    };
    match rest.get(n) {
        Some(&c) if c >= 0x80 || c.is_ascii_alphanumeric() => 0,
        _ => n,
    }
}

/// What the plain word `text[i..end]` is, as the memo's template
/// ([`Classified::template`]), worked out and remembered under `key` when
/// the word is short enough to have one.
#[inline(never)]
fn plain_miss(
    text: &str,
    i: usize,
    end: usize,
    key: [u64; 2],
    lexicon: &Lexicon,
    buf: &mut String,
    memo: &mut ReadyMemo<'_, Word>,
) -> Word {
    let word = text.get(i..end).unwrap_or("");
    let seen = word
        .bytes()
        .fold(0, |seen, b| seen | ASCII_CLASS[usize::from(b)]);
    // A word with a digit is no name: its memo entry says so.
    let found = if seen & DIGIT != 0 {
        Classified::default()
    } else {
        let shape = shape_of_ascii_word(word, false, seen & LOWER != 0);
        classify(word, shape, lexicon, buf)
    };
    let template = found.template();
    if word.len() <= 16 {
        memo.insert(key, template);
    }
    template
}

/// One step of [`tokenize`] past what its fast path takes: a character that
/// is no part of a word, or a word of any kind, at byte `i` of `region`,
/// which starts at byte `start` of `text`; `gap` is the punctuation since
/// the last word. Returns where the next step starts and the gap then.
/// Kept out of line, so that the loop of the fast path keeps its variables
/// in registers.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn general_step(
    text: &str,
    start: usize,
    region: &str,
    i: usize,
    mut gap: Gap,
    lexicon: &Lexicon,
    buf: &mut String,
    out: &mut Vec<Word>,
    memo: Option<&mut ReadyMemo<'_, Word>>,
) -> (usize, Gap) {
    let bytes = region.as_bytes();
    let Some(c) = char_at(region, i) else {
        return (bytes.len(), gap);
    };
    if !c.is_alphanumeric() {
        return (i + c.len_utf8(), gap_after(gap, c));
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
    // An ASCII word whose shape its letters alone tell, as for a plain
    // word, unless a full stop or a neighbour changes it below.
    let shape_of_letters = (ascii && !has_digit).then_some(shape);
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
            let mut i = next_i.max(word_start + 1);
            while i < bytes.len() && !region.is_char_boundary(i) {
                i += 1;
            }
            return (i, gap);
        }
        let glued_after = region[word_end..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
        if glued_after {
            shape = WordShape::Caps;
        }
    }
    // What the letters alone tell is in the memo of plain words, keyed by
    // the word's bytes (its hyphens and apostrophes included).
    let key = memo
        .filter(|_| shape_of_letters == Some(shape))
        .and_then(|memo| Some((memo, word_key(word.as_bytes())?)));
    let Classified { shape, flags, id } = match key {
        Some((memo, key)) => match memo.get(key) {
            Some(template) => Classified::of_template(*template),
            None => {
                let found = classify(word, shape, lexicon, buf);
                memo.insert(key, found.template());
                found
            }
        },
        None => classify(word, shape, lexicon, buf),
    };
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
                let mut i = next_i.max(word_start + 1);
                while i < bytes.len() && !region.is_char_boundary(i) {
                    i += 1;
                }
                return (i, gap);
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
    let mut i = next_i.max(word_start + 1);
    while i < bytes.len() && !region.is_char_boundary(i) {
        i += 1;
    }
    (i, gap)
}

/// The shape, classes and number of `word` of shape `shape`: its entry in
/// the lexicon (none for [`WordShape::Other`]), a misspelt title counted as
/// a title, and a capital inside a word making it no name.
#[inline]
fn classify(word: &str, mut shape: WordShape, lexicon: &Lexicon, buf: &mut String) -> Classified {
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
    Classified { shape, flags, id }
}

/// Whether a run of ASCII letters and digits that ends at `end` ends
/// plainly: at the end of the region or at an ASCII byte that is no
/// apostrophe or hyphen (which may join it to more letters: `D'Alema`,
/// `Ki-moon`), no full stop (which may make an abbreviation: `Mr.`), nor
/// the comma of a telegraphic possessive (`Iran,s`). The general path of
/// [`tokenize`] then ends the word there, with no possessive or compound.
/// The tokenizer reads this from the table [`AFTER_WORD`]; the tests hold
/// the two to each other.
#[cfg(test)]
fn ends_plain(bytes: &[u8], end: usize) -> bool {
    match bytes.get(end) {
        None => true,
        Some(b'\'' | b'-' | b'.') => false,
        Some(b',') => bytes.get(end + 1) != Some(&b's'),
        Some(&b) => b < 0x80,
    }
}

/// The end of the run of ASCII letters and digits of `bytes` from `from`,
/// and the classes of its bytes. Kept out of the tokenizer's body, whose
/// many variables left this loop reading and writing the stack at every
/// byte.
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

/// What the byte after a word of ASCII letters and digits says of it
/// (see [`ends_plain`]): it ends plainly, it ends plainly unless an `s`
/// follows (a comma), it ends plainly unless the word is an initial or an
/// abbreviation (a full stop), or it may go on.
const PLAIN_AFTER: u8 = 1;
const COMMA_AFTER: u8 = 2;
const STOP_AFTER: u8 = 3;
static AFTER_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = match b as u8 {
            b'\'' | b'-' => 0,
            b',' => COMMA_AFTER,
            b'.' => STOP_AFTER,
            _ => PLAIN_AFTER,
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
    fn a_run_ends_plainly_before_a_blank_or_plain_punctuation() {
        let plain = |text: &str, end: usize| ends_plain(text.as_bytes(), end);
        assert!(plain("said Spogli", 4));
        assert!(plain("said", 4));
        assert!(plain("said, he", 4));
        assert!(plain("said; he", 4));
        assert!(plain("said)", 4));
        assert!(plain("said,", 4));
        assert!(plain("said,S", 4));
        // A non-ASCII letter or mark after the run: the general path.
        assert!(!plain("saidé", 4));
        assert!(!plain("said’", 4));
        // What may follow a possessive, a compound or an abbreviation.
        assert!(!plain("iran's", 4));
        assert!(!plain("iran,s", 4));
        assert!(!plain("al-Maliki", 2));
        assert!(!plain("mr. Spogli", 2));
    }

    #[test]
    fn the_table_of_bytes_after_a_word_agrees_with_ends_plain() {
        for b in 0..=255u8 {
            for next in [b's', b'S', b' '] {
                let text = [b'x', b, next];
                let by_table = match AFTER_WORD[usize::from(b)] {
                    PLAIN_AFTER => true,
                    COMMA_AFTER => text.get(2) != Some(&b's'),
                    _ => false,
                };
                assert_eq!(by_table, ends_plain(&text, 1), "{b:#x} {next:#x}");
                // A full stop: plain only for words that are no initial and
                // no abbreviation (the tokenizer checks the length).
                assert_eq!(AFTER_WORD[usize::from(b)] == STOP_AFTER, b == b'.');
            }
        }
        // The end of the region, which a word read eight bytes at a time
        // sees as a zero byte.
        assert!(ends_plain(b"x", 1));
        assert_eq!(AFTER_WORD[0], PLAIN_AFTER);
    }

    /// The end of the word of ASCII letters and digits of `bytes` at
    /// `from` and its bytes as two little-endian integers, zero past the
    /// word (its first 16 bytes), read a byte at a time.
    fn word_of_bytes(bytes: &[u8], from: usize) -> (usize, [u64; 2]) {
        let (end, _) = ascii_run(bytes, from);
        let mut key = [0u64; 2];
        for (n, &b) in bytes.get(from..end).unwrap_or(&[]).iter().enumerate() {
            if let Some(k) = key.get_mut(n / 8) {
                *k |= u64::from(b) << (n % 8 * 8);
            }
        }
        (end, key)
    }

    /// [`short_word`] of the region `tail[..len]` a byte at a time: the
    /// word at `i` when it is shorter than 16 bytes and the text has 16
    /// bytes from `i`.
    fn short_word_of_bytes(tail: &[u8], len: usize, i: usize) -> Option<(usize, [u64; 2], u8)> {
        let (end, key) = word_of_bytes(tail.get(..len).unwrap_or(tail), i);
        let next = *tail.get(end)?;
        (end - i < 16 && tail.len() >= i + 16).then_some((end, key, next))
    }

    /// [`short_word`] of the region `tail[..len]`.
    fn short_word_in(tail: &[u8], len: usize, i: usize) -> Option<(usize, [u64; 2], u8)> {
        short_word(tail, len.min(tail.len()), i)
    }

    #[test]
    fn short_words_are_read_as_a_byte_at_a_time() {
        // Every byte in every position of words of up to 20 bytes, in
        // regions that end before, at or after the word's end, and texts
        // that go on past the region with letters (which are not the
        // word's) or end too soon to read 16 bytes.
        for b in 0..=255u8 {
            for len in 1..20 {
                for at in 0..=len {
                    let mut text = vec![b'k'; len + 20];
                    text[len] = b' ';
                    text[0] = if b % 2 == 0 { b'K' } else { b'7' };
                    if let Some(x) = text.get_mut(at) {
                        *x = b;
                    }
                    for region_len in [1, at.max(1), len, len + 1, len + 3, 16, 17, len + 20] {
                        for text_len in [region_len, 15, 16, 17, len + 20] {
                            let tail = &text[..text_len.max(region_len)];
                            assert_eq!(
                                short_word_in(tail, region_len, 0),
                                short_word_of_bytes(tail, region_len, 0),
                                "byte {b:#x} at {at} of {len}, region {region_len} of {text_len}"
                            );
                        }
                    }
                }
            }
        }
        // Every position of prose with multibyte characters near words,
        // in regions that end anywhere.
        let text = "O’Brien said\u{a0}café 12 A/S, U.S.-Iran ÉTAT z9 Ambassadorships x";
        let bytes = text.as_bytes();
        for len in 1..=bytes.len() {
            for i in 0..len {
                if bytes[i].is_ascii_alphanumeric() {
                    assert_eq!(
                        short_word_in(bytes, len, i),
                        short_word_of_bytes(bytes, len, i),
                        "{i} of {len}"
                    );
                }
            }
        }
        let text = b"said Spogli, the G8 summit of Spogli";
        let said = short_word(text, text.len(), 0);
        assert_eq!(
            said,
            Some((4, [u64::from_le_bytes(*b"said\0\0\0\0"), 0], b' '))
        );
        let g8 = short_word(text, text.len(), 17);
        assert_eq!(
            g8,
            Some((19, [u64::from(b'G') | u64::from(b'8') << 8, 0], b' '))
        );
        // A region that ends inside a word cuts it there, whether the
        // bytes are read from the region or past it; the byte at the cut
        // is the text's, which the tokenizer reads as the region's end.
        let cut = short_word_in(text, 8, 5);
        let spo = [u64::from_le_bytes(*b"Spo\0\0\0\0\0"), 0];
        assert_eq!(cut, Some((8, spo, b'g')));
        let cut = short_word_in(text, 32, 30);
        assert_eq!(cut, None);
        let cut = short_word_in(text, 19, 1);
        assert_eq!(cut.map(|w| w.0), Some(4));
        let cut = short_word_in(text, 18, 17);
        assert_eq!(cut, Some((18, [u64::from(b'G'), 0], b'8')));
        // Too near the end of the text to read 16 bytes.
        assert_eq!(short_word(text, text.len(), 30), None);
        let fifteen = short_word(b"abcdefghijklmno.", 16, 0).map(|w| w.1);
        let want = [
            u64::from_le_bytes(*b"abcdefgh"),
            u64::from_le_bytes(*b"ijklmno\0"),
        ];
        assert_eq!(fifteen, Some(want));
        assert_eq!(short_word_in(b"abcdefghijklmnop", 16, 0), None);
        assert_eq!(
            short_word_in(b"abcdefghijklmnop", 15, 0).map(|w| w.0),
            Some(15)
        );
    }

    #[test]
    fn the_key_of_a_word_is_the_key_its_scan_finds() {
        for word in [
            "a",
            "said",
            "Spogli",
            "abcdefgh",
            "abcdefghi",
            "Ambassadorships",
        ] {
            let text = format!("{word} and 16 bytes more");
            assert_eq!(
                word_key(word.as_bytes()),
                short_word(text.as_bytes(), text.len(), 0).map(|w| w.1),
                "{word}"
            );
        }
        assert_eq!(
            word_key(b"D'Alema"),
            Some([u64::from_le_bytes(*b"D'Alema\0"), 0])
        );
        assert_eq!(word_key(b""), None);
        assert_eq!(
            word_key(b"abcdefghijklmnop").map(|k| k[1] >> 56),
            Some(u64::from(b'p'))
        );
        assert_eq!(word_key(b"abcdefghijklmnopq"), None);
    }

    #[test]
    fn abbreviations_told_by_their_key_are_those_told_by_their_letters() {
        let mut words: Vec<String> = [
            "Mr", "MRS", "ms", "Dr", "gen", "Col", "LT", "Maj", "adm", "Sen", "Rep", "GOV", "Amb",
            "Prof", "Sgt", "CAPT", "cmdr", "Rev", "Hon", "St", "M", "m", "MRSS", "Sr", "Mt", "12",
            "M1", "0", "p0", "GEN2", "mR", "sT", "Q", "x", "Abs", "SEn", "Co", "rr", "MS1",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        // Every word of up to two bytes of letters, digits and the bytes
        // whose 0x20 bit is all that sets them apart from a letter.
        let bytes: Vec<u8> = (b'0'..=b'9')
            .chain(b'A'..=b'Z')
            .chain(b'a'..=b'z')
            .chain([b'@', b'[', b'`', b'{', 0x0d, 0x10, 0x12])
            .collect();
        for &x in &bytes {
            words.push(String::from_utf8(vec![x]).unwrap());
            for &y in &bytes {
                words.push(String::from_utf8(vec![x, y]).unwrap());
                words.push(String::from_utf8(vec![x, y, b's']).unwrap());
                words.push(String::from_utf8(vec![b'S', x, y]).unwrap());
            }
        }
        for word in &words {
            let key = word_key(word.as_bytes()).unwrap();
            let by_key = is_dotted_key(key[0]);
            if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
                assert_eq!(by_key, is_dotted_abbreviation(word), "{word:?}");
            } else {
                // Bytes that fold to no letter: no abbreviation (the fast
                // path asks only about words of letters and digits).
                assert!(!by_key, "{word:?}");
            }
        }
        assert!(is_dotted_key(u64::from_le_bytes(*b"capt\0\0\0\0")));
        assert!(!is_dotted_key(u64::from_le_bytes(*b"cap\0\0\0\0\0")));
    }

    #[test]
    fn possessives_are_told_by_the_bytes_after_the_word() {
        let after = |text: &str, end: usize| possessive_after(text.as_bytes(), end);
        assert_eq!(after("Iran's view", 4), 2);
        assert_eq!(after("Iran'S", 4), 2);
        assert_eq!(after("Iran’s.", 4), 4);
        assert_eq!(after("Iran’S", 4), 4);
        assert_eq!(after("Iran,s", 4), 2);
        assert_eq!(after("Iran,S", 4), 0);
        assert_eq!(after("Iran'sa", 4), 0);
        assert_eq!(after("Iran's1", 4), 0);
        assert_eq!(after("Iran’sé", 4), 0);
        assert_eq!(after("Iran's’", 4), 0);
        assert_eq!(after("Iran'", 4), 0);
        assert_eq!(after("Iran’", 4), 0);
        assert_eq!(after("Iran", 4), 0);
        assert_eq!(after("Iran", 9), 0);
        assert_eq!(after("Iran''s", 4), 0);
        assert_eq!(after("Iran 's", 4), 0);
    }

    #[test]
    fn the_template_of_classes_holds_them_and_whether_they_are_marked() {
        let shapes = [
            WordShape::Lower,
            WordShape::Title,
            WordShape::Caps,
            WordShape::Initial,
            WordShape::Other,
        ];
        for shape in shapes {
            for flags in [0, 1, 0x10, 0x800, 0x1_ffff, u32::MAX] {
                for id in [0, 1, 23706, NO_ID - 1, NO_ID] {
                    let c = Classified {
                        shape,
                        flags: Flags::from_bits(flags),
                        id,
                    };
                    let template = c.template();
                    assert_eq!(Classified::of_template(template), c);
                    assert_eq!(template.end != 0, c.plain_marked());
                    let placed = Word { end: 1, ..template };
                    assert_eq!(c.plain_marked(), is_marked(&placed));
                }
            }
        }
        let said = Classified::default().template();
        assert_eq!(
            (said.end, said.possessive, said.compound),
            (0, false, false)
        );
    }

    /// The words of `text[start..end]` by the fast path of plain words,
    /// twice so that the second time its memo answers, and by the general
    /// path alone, which must agree.
    fn assert_fast_path_agrees(text: &str, start: usize, end: usize) {
        let lex = super::super::lexicon::lexicon();
        let mut buf = String::new();
        let mut general = Vec::new();
        let mut memo = WordMemo::new();
        let mut marks = Marks::default();
        let (b, m) = (&mut buf, &mut marks);
        tokenize_with::<false>(text, start, end, lex, b, &mut general, m, &mut memo.ready());
        // The marks set on the way are those of the words.
        let want = Marks::of(&general).marked();
        assert_eq!(marks.marked(), want, "{:?}", text.get(start..end));
        let mut memo = memo.ready();
        for _ in 0..2 {
            let mut fast = Vec::new();
            let mut marks = Marks::default();
            let (b, m) = (&mut buf, &mut marks);
            tokenize_with::<true>(text, start, end, lex, b, &mut fast, m, &mut memo);
            assert_eq!(fast, general, "{:?}", text.get(start..end));
            assert_eq!(marks.marked(), want, "{:?}", text.get(start..end));
        }
        let mut fast = Vec::new();
        let mut marks = Marks::default();
        tokenize_marked(text, start, end, lex, &mut buf, &mut fast, &mut marks);
        assert_eq!(fast, general, "{:?}", text.get(start..end));
        assert_eq!(marks.marked(), want, "{:?}", text.get(start..end));
        let mut fast = Vec::new();
        tokenize(text, start, end, lex, &mut buf, &mut fast);
        assert_eq!(fast, general, "{:?}", text.get(start..end));
    }

    #[test]
    fn the_fast_path_of_plain_words_agrees_with_the_general_path() {
        let texts = [
            "Ambassador Spogli said, the MFA's view: U.S. and U.K. A/S Fried, A/DCM.",
            "Mr. Berlusconi met FM D'Alema and PM Prodi; pro-Karzai al-Maliki Ki-moon.",
            "Iran,s Iran,S iran,s EcoPol McCain MacArthur MbZ BYuT PolCouns SecDef",
            "Minster Captian AMBASADOR Governer Tomseth UNGUREANU Italians SANCTIONS",
            "2008 09 A1 1a R. J R x y z A B/C M/V a/s s/he and/or 12/3 Ab/Cd",
            "internationally counterinsurgency Ambassadorships abcdefgh abcdefghi",
            "abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOP Abcdefghijklmnopq",
            "café São Paulo naïve résumé ÉTAT Zürich x’s Iran’s O’Brien -- ... ?!",
            "word\tword\r\nword\u{a0}word (word) [word] {word} \"word\" `word` #1 @2",
            "THE GOVERNMENT OF ITALY, PRESIDENT NAPOLITANO AND PRIME MINISTER",
            "He said. Mr. Dr. Gen. Capt. CAPT. Prof. Ambassador. U.S. P.M. 12. abcde.",
            "x.y Hello.World A.B. ABCDE.F MRS. mrs. Sgt. Smith. SPOGLI.\x0b\x0c!?:;()<>",
            "",
            "a",
            "A",
            "x/",
            "/x",
            "x/ y /z x/.y x/-y 1/a a/1 /  / A x//y (/A) é/A A/é A/\u{2019}S",
            "I said A. B C D.E F.G. I, A: x. ab. Ab. AB. ABC. abcd. Abcd. ABCD. MRS. Mrs. \
             mrs. no. No. NO. 1. 12. A1. Ms. Sr. Jr. St. J. K. Rowling met A B and C. A\nB \
             .A .B. C.D. (E) F/G H\tI J\rK L,M N,s O,S P-Q R'S T’U V.W X Y Z. the end of it",
            "the MFA's view, Iran’s, Spogli's. A's B’s x's1 y'sa z’sé 12's Rome,s Rome,sa \
             ab'S, US'S’ Iran’S. UN's/ EU,s; Iran's\nMFA’s\u{a0}view a/b's c/d’s Mr's Mr.'s \
             it's he’s don't Spogli'' Spogli’’s Spogli's's Fried,s,s al-Maliki's the end",
        ];
        for text in texts {
            assert_fast_path_agrees(text, 0, text.len());
            // Regions that start and end inside the text: the byte before
            // the region counts (a slash glues), the end cuts words.
            for start in 0..text.len() {
                if text.is_char_boundary(start) {
                    assert_fast_path_agrees(text, start, text.len());
                    for end in (start..text.len()).filter(|&e| text.is_char_boundary(e)) {
                        assert_fast_path_agrees(text, start, end);
                    }
                }
            }
        }
        // The bundled example cables, whole.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_fast_path_agrees(&text, 0, text.len());
            n += 1;
        }
        assert!(n >= 5);
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
