//! The caption block between banner and body: the E.O. line, TAGS, SUBJECT, REF
//! and Classified By. Keywords are matched in any case: sentence-cased cables
//! write `Tags:` and `Subject:`.

use super::ast::*;
use super::scan::*;
use super::span::Span;
use crate::data::tags::{is_person_tag, lookup_tag};

/// Which caption a line opens, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptionKeyword {
    Eo,
    Tags,
    Subject,
    Ref,
    ClassifiedBy,
}

/// Recognises the keyword at the start of a trimmed line and returns it with the
/// offset where the keyword (and its colon) ends.
///
/// The parser asks this of most lines: those that cannot open a keyword
/// ([`may_open_keyword`]) fail where the call is made.
#[inline(always)]
pub fn caption_keyword(text: &str, s: usize, e: usize) -> Option<(CaptionKeyword, Span)> {
    if !may_open_keyword(text.as_bytes().get(s..e).unwrap_or_default()) {
        return None;
    }
    read_caption_keyword(text, s, e)
}

/// Whether [`caption_keyword`] can accept a line whose bytes are `line`:
/// never false for a line it accepts. Each keyword is known by its first
/// bytes, in either case: `E.`, `E. `, `EO` for the E.O. line, `TAG`,
/// `SUB`, `REF`, `CLA`, and `(` for a marking before `Classified by`.
#[inline(always)]
pub(super) fn may_open_keyword(line: &[u8]) -> bool {
    // The bytes after the first, upper-cased (a keyword's are letters).
    let upper = |i: usize| line.get(i).map(u8::to_ascii_uppercase);
    match line.first().map(u8::to_ascii_uppercase) {
        Some(b'E') => matches!(line.get(1), Some(b'.' | b'O' | b'o')),
        Some(b'T') => upper(1) == Some(b'A') && upper(2) == Some(b'G'),
        Some(b'S') => upper(1) == Some(b'U') && upper(2) == Some(b'B'),
        Some(b'R') => upper(1) == Some(b'E') && upper(2) == Some(b'F'),
        Some(b'C') => upper(1) == Some(b'L') && upper(2) == Some(b'A'),
        Some(b'(') => true,
        _ => false,
    }
}

/// [`caption_keyword`] past its first-bytes test.
/// Kept out of line, so that the test before it is inlined where the
/// call is made.
#[inline(never)]
fn read_caption_keyword(text: &str, s: usize, e: usize) -> Option<(CaptionKeyword, Span)> {
    let line = &text[s..e];
    // Every keyword below starts with one of these letters, in either case,
    // or with the `(` of a marking before `Classified by`: most lines of
    // prose fail here, on their first byte, and the others are compared
    // only with the keywords of their first letter.
    let first = line.as_bytes().first().map(u8::to_ascii_uppercase);
    let keywords: &[(&str, CaptionKeyword, bool)] = match first {
        Some(b'E') => {
            let n = eo_keyword_len(line)?;
            return Some((CaptionKeyword::Eo, Span::new(s, s + n)));
        }
        Some(b'T') => &[
            ("TAGS", CaptionKeyword::Tags, false),
            ("TAG", CaptionKeyword::Tags, false),
        ],
        Some(b'S') => &[
            ("SUBJECT", CaptionKeyword::Subject, true),
            ("SUBJ", CaptionKeyword::Subject, true),
        ],
        Some(b'R') => &[
            ("REFS", CaptionKeyword::Ref, true),
            ("REFTELS", CaptionKeyword::Ref, true),
            ("REFTEL", CaptionKeyword::Ref, true),
            ("REF", CaptionKeyword::Ref, true),
        ],
        Some(b'C' | b'(') => &[],
        _ => return None,
    };
    for &(kw, kind, needs_colon) in keywords {
        if !starts_with_ci(line, kw) {
            continue;
        }
        let rest = &line[kw.len()..];
        let after_blanks = rest.trim_start_matches(is_blank_char);
        if let Some(after_colon) = after_blanks.strip_prefix(':') {
            let end = s + line.len() - after_colon.len();
            return Some((kind, Span::new(s, end)));
        }
        // `TAGS PREL, PGOV, AG`: no colon, but capitals follow.
        if !needs_colon
            && rest.starts_with(is_blank_char)
            && after_blanks.starts_with(|c: char| c.is_ascii_uppercase() || c == '[')
            && line[..kw.len()].bytes().all(|b| b.is_ascii_uppercase())
        {
            return Some((kind, Span::new(s, s + kw.len())));
        }
    }
    // `(U) Classified by ...`: a portion marking before the caption.
    let (line, s) = match super::body::marking_at(text, s, e) {
        Some(m) if starts_with_ci(text[m.end as usize..e].trim_start(), "CLASSIFIED") => {
            let at = trim(text, m.end as usize, e).0;
            (&text[at..e], at)
        }
        _ => (line, s),
    };
    if starts_with_ci(line, "CLASSIFIED") {
        let rest = line[10..].trim_start_matches(is_blank_char);
        if starts_with_ci(rest, "BY") {
            let after = &rest[2..];
            let after = after.trim_start_matches(is_blank_char);
            let after = after.strip_prefix(':').unwrap_or(after);
            let end = s + line.len() - after.len();
            return Some((CaptionKeyword::ClassifiedBy, Span::new(s, end)));
        }
    }
    None
}

/// Length of an `E.O.` keyword at the start of `line` when an order number or
/// action follows: `E.O. 12958`, `EO 12958`, `E. O. 12958`, `E.O.12958`.
fn eo_keyword_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let n = if starts_with_ci(line, "E.O.") {
        4
    } else if starts_with_ci(line, "E. O.") {
        5
    } else if starts_with_ci(line, "EO")
        && b.get(2)
            .is_some_and(|c| *c == b' ' || *c == b':' || c.is_ascii_digit())
    {
        2
    } else if starts_with_ci(line, "E.O ") {
        3
    } else {
        return None;
    };
    let rest = line[n..].trim_start_matches(|c: char| is_blank_char(c) || c == ':');
    let ok = rest.starts_with(|c: char| c.is_ascii_digit())
        || starts_with_ci(rest, "DECL")
        || starts_with_ci(rest, "N/A");
    ok.then_some(n)
}

/// Finds a second caption keyword on the same line (`E.O. 12958: N/A TAGS: ASEC`),
/// returning its start. Only keywords in capitals followed by a colon count, so
/// prose such as "subject to" does not split a line.
pub fn inline_keyword(text: &str, from: usize, end: usize) -> Option<usize> {
    let slice = text.get(from..end)?;
    // Every keyword starts with `T` or `S`, and none overlaps itself: the
    // first place after the start where one stands on a word boundary is
    // where each keyword's own search would stop, the nearest of them. The
    // places are found by `memchr2`, a vector at a time.
    let bytes = slice.as_bytes();
    memchr::memchr2_iter(b'T', b'S', bytes)
        .filter(|&at| at > 0)
        .find(|&at| {
            let here = slice.get(at..).unwrap_or_default();
            let boundary = slice.get(..at).is_some_and(|b| b.ends_with(is_blank_char));
            boundary
                && INLINE_KEYWORDS.iter().any(|kw| {
                    here.starts_with(kw)
                        && (*kw != "TAGS "
                            || here[kw.len()..].starts_with(|c: char| c.is_ascii_uppercase()))
                })
        })
        .map(|i| from + i)
}

/// The second captions [`inline_keyword`] finds on a line.
const INLINE_KEYWORDS: [&str; 5] = ["TAGS:", "TAGS ", "SUBJECT:", "Subject:", "Tags:"];

/// Parses the E.O. line from its keyword to `end`.
pub fn eo_line(text: &str, keyword: Span, end: usize) -> EoLine {
    let mut pos = keyword.end as usize;
    let skip = |pos: usize| -> usize {
        let rest = &text[pos..end];
        pos + rest.len()
            - rest
                .trim_start_matches(|c: char| is_blank_char(c) || c == ':')
                .len()
    };
    pos = skip(pos);
    let mut order = None;
    let digits = text[pos..end]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    // An order number has four or five digits; a longer run or a slash means a date.
    if (4..=5).contains(&digits) && !text[pos + digits..end].starts_with('/') {
        order = Some(Span::new(pos, pos + digits));
        pos = skip(pos + digits);
    }
    let rest = &text[pos..end];
    let word_len = rest
        .find(|c: char| is_blank_char(c) || c == ':')
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    let upper = word.to_ascii_uppercase();
    let (action, action_word, value_start) = if upper.starts_with("DECL") {
        (
            EoAction::Declassify,
            Some(Span::new(pos, pos + word_len)),
            skip(pos + word_len),
        )
    } else if upper == "N/A" || upper == "NA" {
        (
            EoAction::NotApplicable,
            Some(Span::new(pos, pos + word_len)),
            skip(pos + word_len),
        )
    } else if upper == "DNG" {
        (
            EoAction::Downgrade,
            Some(Span::new(pos, pos + word_len)),
            skip(pos + word_len),
        )
    } else {
        (EoAction::Missing, None, pos)
    };
    let value = trimmed_span(text, value_start, end);
    EoLine {
        span: Span::new(
            keyword.start as usize,
            trim(text, keyword.start as usize, end).1,
        ),
        keyword: Span::new(keyword.start as usize, eo_word_end(text, keyword)),
        order,
        action,
        action_word,
        value,
    }
}

/// The `E.O.` part of the keyword span, without a trailing colon or blank.
fn eo_word_end(text: &str, keyword: Span) -> usize {
    let k = keyword.text(text);
    keyword.start as usize
        + k.trim_end_matches(|c: char| is_blank_char(c) || c == ':')
            .len()
}

/// Parses TAGS items from `start..end` (after the keyword). Returns the items.
pub fn tag_items(text: &str, start: usize, end: usize) -> Vec<TagItem> {
    let mut items: Vec<TagItem> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let c = bytes[i];
        if c == b' ' || c == b',' || c == b';' || c == b'\t' || c == b'\n' || c == b'\r' {
            i += 1;
            continue;
        }
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if c == b'(' {
            let close = text[i..end].find(')').map_or(end, |j| i + j + 1);
            let inner_end = if close > i + 1 && bytes[close - 1] == b')' {
                close - 1
            } else {
                close
            };
            if let Some(value) = trimmed_span(text, i + 1, inner_end) {
                items.push(TagItem {
                    span: Span::new(i, close),
                    value,
                    kind: TagItemKind::Person,
                    markdown_link: false,
                });
            }
            i = close;
            continue;
        }
        if c == b'[' {
            // `[PREL](#)`: the code sits between the brackets. Looked for within
            // the word only, so a line of brackets stays linear.
            let word_end = text[i..end]
                .find([' ', '\t', '\n', '\r'])
                .map_or(end, |j| i + j);
            if let Some(close) = text[i..word_end].find("](") {
                let value_end = i + close;
                let link_end = text[value_end..word_end]
                    .find(')')
                    .map_or(word_end, |j| value_end + j + 1);
                items.push(TagItem {
                    span: Span::new(i, link_end),
                    value: Span::new(i + 1, value_end),
                    kind: TagItemKind::Code,
                    markdown_link: true,
                });
                i = link_end;
                continue;
            }
        }
        let word_end = text[i..end]
            .find([' ', ',', ';', '\t', '\n', '\r'])
            .map_or(end, |j| i + j);
        items.push(TagItem {
            span: Span::new(i, word_end),
            value: Span::new(i, word_end),
            kind: TagItemKind::Code,
            markdown_link: false,
        });
        i = word_end.max(i + 1);
    }
    merge_bare_person_names(text, items)
}

/// `OVIP BIDEN JOSEPH`: the words after a name-taking tag that are not known
/// codes form the person's name.
fn merge_bare_person_names(text: &str, items: Vec<TagItem>) -> Vec<TagItem> {
    let mut out: Vec<TagItem> = Vec::with_capacity(items.len());
    let mut in_name = false;
    for item in items {
        let value = item.value.text(text);
        if item.kind == TagItemKind::Code && !item.markdown_link {
            if in_name
                && lookup_tag(value).is_none()
                && value
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'')
            {
                if let Some(last) = out.last_mut().filter(|l| l.kind == TagItemKind::Person) {
                    last.span = last.span.cover(item.span);
                    last.value = last.value.cover(item.value);
                } else {
                    out.push(TagItem {
                        kind: TagItemKind::Person,
                        ..item
                    });
                }
                continue;
            }
            in_name = is_person_tag(value);
        } else {
            in_name = false;
        }
        out.push(item);
    }
    out
}

/// A line that only continues a wrapped TAGS list: every word a known code.
pub fn is_tags_continuation(text: &str, s: usize, e: usize) -> bool {
    let items = tag_items(text, s, e);
    !items.is_empty()
        && items.iter().all(|it| {
            it.kind == TagItemKind::Code
                && lookup_tag(it.value.text(text)).is_some()
                && it.value.text(text).bytes().all(|b| !b.is_ascii_lowercase())
        })
}

/// The portion marking at the start of a SUBJECT: `(C)`, `(SBU)`.
pub fn leading_marking(text: &str, s: usize, e: usize) -> Option<Span> {
    let rest = &text[s..e];
    if !rest.starts_with('(') {
        return None;
    }
    let close = rest.find(')')?;
    let inner = &rest[1..close];
    let ok = !inner.is_empty()
        && inner.len() <= 14
        && inner
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '/' || c == ' ');
    ok.then(|| Span::new(s, s + close + 1))
}

/// Splits a REF list (possibly spanning lines) into items at enumerators
/// `A)`, `A.`, `(A)`, `1)`.
pub fn ref_items(text: &str, start: usize, end: usize) -> Vec<RefItem> {
    let toks = tokens(text, start, end);
    // Enumerator positions: (token index, label span).
    let mut labels: Vec<(usize, Span)> = Vec::new();
    let mut dot_style = false;
    for (k, t) in toks.iter().enumerate() {
        // `¶B.`: a lettered item whose letter was mistaken for a paragraph number.
        let (b, skip) = match t.text.strip_prefix('¶') {
            Some(rest) => (rest.as_bytes(), '¶'.len_utf8()),
            None => (t.text.as_bytes(), 0),
        };
        let t = &Token {
            start: t.start + skip,
            end: t.end,
            text: &t.text[skip..],
        };
        let label = match b {
            [b'(', c, b')'] if c.is_ascii_alphanumeric() => {
                Some(Span::new(t.start + 1, t.start + 2))
            }
            [c, b')'] if c.is_ascii_alphanumeric() => Some(Span::new(t.start, t.start + 1)),
            [c, b'.'] if c.is_ascii_alphabetic() => {
                // `A. STATE 183800 B. BRASILIA 1396`: dotted letters only when they
                // open the list or follow the previous label, so that initials
                // (`JOHN Q. PUBLIC`) are not read as labels.
                let prev = labels
                    .last()
                    .map(|(_, s)| s.text(text).as_bytes()[0].to_ascii_uppercase());
                let this = c.to_ascii_uppercase();
                let ok = match prev {
                    None => k == 0,
                    Some(p) => dot_style && this > p,
                };
                ok.then(|| Span::new(t.start, t.start + 1))
            }
            _ => None,
        };
        if let Some(l) = label {
            if labels.is_empty() && b.len() == 2 && b[1] == b'.' {
                dot_style = true;
            }
            labels.push((k, l));
        }
    }
    let mut items = Vec::new();
    if labels.is_empty() {
        if let Some(body) = trimmed_span(text, start, end) {
            items.push(RefItem {
                span: body,
                label: None,
                body,
            });
        }
        return items;
    }
    // Text before the first label (rare) becomes an unlabelled item.
    if labels[0].0 > 0 {
        let first = &toks[0];
        let last = &toks[labels[0].0 - 1];
        let body = Span::new(first.start, last.end);
        items.push(RefItem {
            span: body,
            label: None,
            body,
        });
    }
    for (n, (k, label)) in labels.iter().enumerate() {
        let item_start = toks[*k].start;
        let next_k = labels.get(n + 1).map_or(toks.len(), |(nk, _)| *nk);
        let body = if next_k > k + 1 {
            Span::new(toks[k + 1].start, toks[next_k - 1].end)
        } else {
            Span::empty(toks[*k].end)
        };
        let item_end = if next_k > k + 1 {
            toks[next_k - 1].end
        } else {
            toks[*k].end
        };
        items.push(RefItem {
            span: Span::new(item_start, item_end),
            label: Some(*label),
            body,
        });
    }
    items
}

/// Words that make up titles and roles in Classified By lines, upper-case,
/// in the order of their bytes (searched by halves).
const TITLE_WORDS: &[&str] = &[
    "A.I.",
    "A/CG",
    "A/DCM",
    "A/PO",
    "A/POLCOUNS",
    "A/S",
    "ACTING",
    "ACTING,",
    "ADMINISTRATIVE",
    "ADMINISTRATOR",
    "ADVISER",
    "ADVISOR",
    "AFFAIRES",
    "AFFAIRS",
    "AGRICULTURAL",
    "AMB",
    "AMBASSADOR",
    "AMBASSADOR,",
    "AND",
    "ASSISTANT",
    "ASSOCIATE",
    "ATTACHE",
    "BUREAU",
    "CDA",
    "CG",
    "CHARGE",
    "CHARGÉ",
    "CHIEF",
    "CHIEF,",
    "COMMERCIAL",
    "CONSUL",
    "CONSUL-GENERAL",
    "CONSULAR",
    "CONSULATE",
    "COORDINATOR",
    "COUNSEL",
    "COUNSELLOR",
    "COUNSELOR",
    "COUNSELOR,",
    "D'AFFAIRES",
    "DAS",
    "DATT",
    "DCM",
    "DEFENSE",
    "DEPARTMENT",
    "DEPUTY",
    "DEPUTY,",
    "DESK",
    "DIRECTOR",
    "DIRECTOR,",
    "ECON",
    "ECON/POL",
    "ECONCOUNS",
    "ECONOFF",
    "ECONOMIC",
    "ECONOMIC/POLITICAL",
    "EMBASSY",
    "ENVOY",
    "FOR",
    "GENERAL",
    "HEAD",
    "INL",
    "INTERIM",
    "LEGAL",
    "MANAGEMENT",
    "MGMT",
    "MILITARY",
    "MINISTER",
    "MINISTER-COUNSELLOR",
    "MINISTER-COUNSELOR",
    "MISSION",
    "MISSION,",
    "NAS",
    "OF",
    "OFFICE",
    "OFFICER",
    "PAO",
    "PD",
    "PERMANENT",
    "PO",
    "POL",
    "POL-MIL",
    "POL/ECON",
    "POL/ECON/MIL",
    "POL/MIL",
    "POLCOUNS",
    "POLECON",
    "POLITICAL",
    "POLITICAL-ECONOMIC",
    "POLITICAL-MILITARY",
    "POLITICAL/ECONOMIC",
    "POLMIL",
    "POLMINCOUNS",
    "POLOFF",
    "PRINCIPAL",
    "PUBLIC",
    "REGIONAL",
    "REPRESENTATIVE",
    "RSO",
    "SECRETARY",
    "SECTION",
    "SECTION,",
    "SECURITY",
    "SENIOR",
    "SPECIAL",
    "STATE",
    "THE",
    "U.S.",
    "U/S",
    "UNDER",
    "US",
    "USAID",
    "USUN",
];

/// Whether `word` (less its closing `,;:`) is a title word in any case.
/// A short ASCII word is upper-cased on the stack and looked for by
/// halves: a Classified By caption asks this of each of its words,
/// twice, and the upper-case copy and the walk over the whole list cost
/// more than the rest of reading the caption.
fn is_title_word(word: &str) -> bool {
    let w = word.trim_end_matches([',', ';', ':']);
    let mut upper = [0u8; 32];
    match upper.get_mut(..w.len()) {
        // The upper case of an ASCII word is its ASCII upper case.
        Some(buf) if w.is_ascii() => {
            buf.copy_from_slice(w.as_bytes());
            buf.make_ascii_uppercase();
            let buf = &*buf;
            buf.starts_with(b"D'AFF")
                || buf.starts_with(b"CHARG")
                || TITLE_WORDS
                    .binary_search_by(|t| t.as_bytes().cmp(buf))
                    .is_ok()
        }
        _ => is_title_word_by_chars(w),
    }
}

/// [`is_title_word`] of a word already trimmed, on its upper-cased
/// characters: outside ASCII a character may upper-case into ASCII
/// (`ſ` into `S`).
fn is_title_word_by_chars(w: &str) -> bool {
    let w = w.to_uppercase();
    TITLE_WORDS.contains(&w.as_str()) || w.starts_with("D'AFF") || w.starts_with("CHARG")
}

/// A token that can be part of a personal name: a capitalised word, an initial,
/// or a particle.
fn is_name_word(word: &str) -> bool {
    let w = word.trim_end_matches([',', ';']);
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if [
        "de", "da", "van", "von", "del", "der", "la", "le", "al", "bin", "di", "du",
    ]
    .contains(&w)
    {
        return true;
    }
    first.is_uppercase()
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// Parses the content of a Classified By caption (`start..end` after the keyword,
/// possibly spanning lines) into people, titles, section and reason letters.
pub fn classified_by(text: &str, keyword: Span, end: usize) -> ClassifiedBy {
    let start = classified_by_content(text, keyword, end);
    let content = &text[start..end];
    let (section, reasons, reasons_from) = reasons(text, start, end);
    // The names end where the reasons phrase starts: "for reasons", "Reason:",
    // "REAS ONS" (broken by wrapping), or at the section number.
    let mut names_end = reasons_from.unwrap_or(end);
    for pat in [
        "for reason",
        "reason",
        "reas on",
        "for rea",
        "e.o. 1",
        "eo 1",
    ] {
        if let Some(i) = find_ci(&content[..names_end - start], pat) {
            names_end = names_end.min(start + i);
        }
    }
    let (mut people, mut titles) = (Vec::new(), Vec::new());
    let segment_bounds = split_segments(text, start, names_end);
    for (s, e) in segment_bounds {
        let toks = tokens(text, s, e);
        if toks.is_empty() {
            continue;
        }
        let lead = toks.iter().take_while(|t| is_title_word(t.text)).count();
        let rest = &toks[lead..];
        // Name then title without a comma: "John Smith Political Counselor".
        let name_len = rest
            .iter()
            .take_while(|t| is_name_word(t.text) && !is_title_word(t.text))
            .count();
        // One person per caption: later segments are titles ("Political
        // Minister Counse" + "lor" wrapped is not a second name).
        let is_person = people.is_empty()
            && (1..=5).contains(&name_len)
            && rest[..name_len]
                .iter()
                .any(|t| t.text.trim_end_matches(['.', ',']).chars().count() > 1);
        if is_person {
            if lead > 0 {
                titles.push(Span::new(toks[0].start, toks[lead - 1].end));
            }
            let last = &rest[name_len - 1];
            let name_end = last.start + last.text.trim_end_matches([',', ';']).len();
            people.push(Span::new(rest[0].start, name_end));
            if name_len < rest.len() {
                let t_end = rest.last().map_or(name_end, |t| {
                    t.start + t.text.trim_end_matches([',', ';', '.']).len()
                });
                if let Some(sp) = trimmed_span(text, rest[name_len].start, t_end) {
                    titles.push(sp);
                }
            }
        } else {
            let last = toks
                .last()
                .map_or(s, |t| t.start + t.text.trim_end_matches([',', ';']).len());
            if let Some(sp) = trimmed_span(text, toks[0].start, last) {
                titles.push(sp);
            }
        }
    }
    ClassifiedBy {
        span: Span::new(
            keyword.start as usize,
            trim(text, keyword.start as usize, end).1,
        ),
        keyword: keyword_without_colon(text, keyword),
        people,
        titles,
        section,
        reasons,
    }
}

/// Where the content of a Classified By caption starts: after its keyword,
/// and after a doubled lead-in (`Classified By: Classified by David D.
/// Pearce, ...`).
fn classified_by_content(text: &str, keyword: Span, end: usize) -> usize {
    let start = keyword.end as usize;
    let (s, e) = trim(text, start, end);
    if s >= e {
        return start;
    }
    match caption_keyword(text, s, e) {
        Some((CaptionKeyword::ClassifiedBy, k2)) => k2.end as usize,
        _ => start,
    }
}

/// Whether the Classified By caption from `keyword` to `end` has its
/// reasons complete, a section and a letter at least: what [`classified_by`]
/// reads of them, without reading the names and titles. The parser asks
/// this at each line the caption may continue on.
pub fn classified_by_has_reasons(text: &str, keyword: Span, end: usize) -> bool {
    let start = classified_by_content(text, keyword, end);
    let (section, reasons, _) = reasons(text, start, end);
    section.is_some() && !reasons.is_empty()
}

fn keyword_without_colon(text: &str, keyword: Span) -> Span {
    let k = keyword.text(text);
    let trimmed = k.trim_end_matches(|c: char| is_blank_char(c) || c == ':');
    Span::new(
        keyword.start as usize,
        keyword.start as usize + trimmed.len(),
    )
}

/// Comma-separated segments of the names part, trimmed of blanks and stray
/// punctuation; "for" dangling at the end is dropped.
fn split_segments(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut seg_start = start;
    let slice = &text[start..end];
    for (i, c) in slice.char_indices() {
        if c == ',' || c == ';' {
            push_segment(text, seg_start, start + i, &mut out);
            seg_start = start + i + 1;
        }
    }
    push_segment(text, seg_start, end, &mut out);
    out
}

fn push_segment(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let (mut s, mut e) = trim(text, s, e);
    while s < e {
        let seg = &text[s..e];
        let t = seg
            .trim_end_matches(['.', '-', ':'])
            .trim_end_matches(is_blank_char);
        let t = match t.len().checked_sub(4).and_then(|i| t.get(i..)) {
            Some(tail) if tail.eq_ignore_ascii_case(" for") => &t[..t.len() - 4],
            _ => t,
        };
        if t.len() == seg.len() {
            break;
        }
        e = s + t.len();
    }
    (s, e) = trim(text, s, e);
    if s < e {
        out.push((s, e));
    }
}

/// Finds the reasons section number (`1.4`, `1.5`) and its letters in
/// `start..end`. Returns (section, letters, where the reasons phrase starts).
fn reasons(text: &str, start: usize, end: usize) -> (Option<Span>, Vec<Reason>, Option<usize>) {
    let b = text.as_bytes();
    let mut found = None;
    let mut i = start;
    while i + 2 < end {
        if b[i] == b'1' && (i == start || !b[i - 1].is_ascii_digit()) {
            // `1.4`, `1. 4`, `1 .4`
            let mut j = i + 1;
            while j < end && b[j] == b' ' {
                j += 1;
            }
            if j < end && b[j] == b'.' {
                let mut k = j + 1;
                while k < end && b[k] == b' ' {
                    k += 1;
                }
                if k < end
                    && (b[k] == b'4' || b[k] == b'5')
                    && !b.get(k + 1).is_some_and(u8::is_ascii_digit)
                {
                    found = Some((i, k + 1));
                }
            }
        }
        i += 1;
    }
    let Some((sec_start, sec_end)) = found else {
        return (None, Vec::new(), None);
    };
    let mut letters = Vec::new();
    let mut p = sec_end;
    while p < end {
        let c = b[p];
        if c == b' '
            || c == b'('
            || c == b')'
            || c == b','
            || c == b'/'
            || c == b'&'
            || c == b'\n'
            || c == b'\r'
            || c == b'\t'
        {
            p += 1;
            continue;
        }
        if c.is_ascii_alphabetic() {
            let w_end = (p..end)
                .find(|&q| !b[q].is_ascii_alphabetic())
                .unwrap_or(end);
            let word = &text[p..w_end];
            if word.len() == 1 {
                letters.push(Reason {
                    span: Span::new(p, w_end),
                });
                p = w_end;
                continue;
            }
            if word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or") {
                p = w_end;
                continue;
            }
            // `(b,d)` and `(bd)` are letters run together; `b/d` handled above.
            if word.len() <= 4
                && b.get(p.wrapping_sub(1)) == Some(&b'(')
                && b.get(w_end) == Some(&b')')
            {
                for q in p..w_end {
                    letters.push(Reason {
                        span: Span::new(q, q + 1),
                    });
                }
                p = w_end;
                continue;
            }
        }
        break;
    }
    (
        Some(Span::new(sec_start, sec_end)),
        letters,
        Some(sec_start),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title test on bytes is the test on upper-cased characters, for
    /// every title word in three cases, with closing punctuation, cut
    /// short, lengthened, and beside words outside ASCII or too long for
    /// the stack.
    #[test]
    fn title_words_on_bytes_are_the_char_reading() {
        assert!(TITLE_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(TITLE_WORDS
            .iter()
            .all(|t| !t.bytes().any(|b| b.is_ascii_lowercase())));
        let mut words: Vec<String> = Vec::new();
        for t in TITLE_WORDS {
            for w in [t.to_string(), t.to_lowercase(), capitalised(t)] {
                words.push(format!("{w},"));
                words.push(format!("{w}:;"));
                words.push(format!("{w}S"));
                words.push(w.chars().skip(1).collect());
                words.push(w.chars().take(w.chars().count() - 1).collect());
                words.push(w);
            }
        }
        for w in [
            "",
            ",",
            "d'affaires",
            "Charge",
            "chargé",
            "CHARGÉ",
            "ſenior",
            "ſENIOR",
            "ﬁrst",
            "Counſelor",
            "Senior",
            "senioR",
            "SENIOR",
            "Minister-Counselor",
            "DCM,",
            "charg",
            "CHARGE-D'AFFAIRES-A.I.-AND-MORE-THAN-32",
            "D'AFFAIRES-AND-A-VERY-LONG-TAIL-OF-TEXT",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG",
        ] {
            words.push(w.to_string());
        }
        let mut n_titles = 0;
        for w in &words {
            let expected = is_title_word_by_chars(w.trim_end_matches([',', ';', ':']));
            assert_eq!(is_title_word(w), expected, "{w:?}");
            n_titles += usize::from(expected);
        }
        assert_eq!((words.len(), n_titles), (2054, 1080));
        // Upper-cased, `ſ` is `S`.
        assert!(is_title_word("ſenior,"));
        assert!(is_title_word("Counſelor"));
        assert!(is_title_word("chargé"));
        assert!(is_title_word("CHARGE-D'AFFAIRES-A.I.-AND-MORE-THAN-32"));
        assert!(!is_title_word("ﬁrst"));
    }

    fn capitalised(w: &str) -> String {
        let mut chars = w.chars();
        chars
            .next()
            .map(|c| c.to_string() + &chars.as_str().to_lowercase())
            .unwrap_or_default()
    }

    /// The reasons' test reads what the whole caption reads of them.
    #[test]
    fn reasons_test_agrees_with_the_caption() {
        for t in [
            "Classified By: Ambassador John Smith, for reasons 1.4 (b) and (d)",
            "Classified By: Classified by David D. Pearce, reasons 1.4(b,d)",
            "Classified By: Ambassador John Smith, for reasons 1.4",
            "Classified By: Ambassador John Smith",
            "Classified By: Classified By: ",
            "Classified By:",
            "(U) Classified by: x for reason 1.5 (d)",
        ] {
            let (_, kw) = caption_keyword(t, 0, t.len()).unwrap();
            for end in (kw.end as usize..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let whole = classified_by(t, kw, end);
                assert_eq!(
                    classified_by_has_reasons(t, kw, end),
                    whole.section.is_some() && !whole.reasons.is_empty(),
                    "{t:?} to {end}"
                );
            }
        }
        let t = "Classified By: Ambassador John Smith, for reasons 1.4 (b) and (d)";
        let (_, kw) = caption_keyword(t, 0, t.len()).unwrap();
        assert!(classified_by_has_reasons(t, kw, t.len()));
        assert!(!classified_by_has_reasons(t, kw, t.len() - 20));
    }

    /// The first-bytes test of [`caption_keyword`] never turns away a line
    /// the full reading accepts.
    #[test]
    fn first_bytes_test_agrees_with_the_full_reading() {
        for t in crate::syntax::tests::boundary_lines() {
            assert_eq!(
                caption_keyword(&t, 0, t.len()),
                read_caption_keyword(&t, 0, t.len()),
                "{t:?}"
            );
        }
        assert!(may_open_keyword(b"Eo"));
        assert!(!may_open_keyword(b"Ex"));
        assert!(!may_open_keyword(b"Ta"));
    }

    fn texts(t: &str, spans: &[Span]) -> Vec<String> {
        spans.iter().map(|s| s.text(t).to_string()).collect()
    }

    fn cb(t: &str) -> ClassifiedBy {
        let (kind, kw) = caption_keyword(t, 0, t.len()).unwrap();
        assert_eq!(kind, CaptionKeyword::ClassifiedBy);
        classified_by(t, kw, t.len())
    }

    #[test]
    fn keywords() {
        let k = |t: &str| caption_keyword(t, 0, t.len()).map(|(k, s)| (k, s.text(t).to_string()));
        assert_eq!(
            k("E.O. 12958: DECL: 01/31/2018"),
            Some((CaptionKeyword::Eo, "E.O.".into()))
        );
        assert_eq!(
            k("EO 12958 DECL: 01/31/2018"),
            Some((CaptionKeyword::Eo, "EO".into()))
        );
        assert_eq!(
            k("TAGS PREL, PGOV, AG"),
            Some((CaptionKeyword::Tags, "TAGS".into()))
        );
        assert_eq!(
            k("Tags: PREL"),
            Some((CaptionKeyword::Tags, "Tags:".into()))
        );
        assert_eq!(
            k("SUBJ: X"),
            Some((CaptionKeyword::Subject, "SUBJ:".into()))
        );
        assert_eq!(
            k("REF: A) ROME 94"),
            Some((CaptionKeyword::Ref, "REF:".into()))
        );
        assert_eq!(
            k("Ref: STATE 1"),
            Some((CaptionKeyword::Ref, "Ref:".into()))
        );
        assert_eq!(k("Tags were placed"), None);
        assert_eq!(k("Referring to"), None);
        assert_eq!(k("EOD teams"), None);
    }

    #[test]
    fn keyword_first_byte_boundaries() {
        let k = |t: &str| caption_keyword(t, 0, t.len()).map(|(k, s)| (k, s.text(t).to_string()));
        // Lines the first-byte test lets through, read by the keywords.
        assert_eq!(
            k("(U) Classified by: Ambassador"),
            Some((CaptionKeyword::ClassifiedBy, "Classified by:".into()))
        );
        assert_eq!(
            k("classified by x"),
            Some((CaptionKeyword::ClassifiedBy, "classified by ".into()))
        );
        assert_eq!(
            k("e.o. 12958: n/a"),
            Some((CaptionKeyword::Eo, "e.o.".into()))
        );
        assert_eq!(
            k("reftel: STATE 1"),
            Some((CaptionKeyword::Ref, "reftel:".into()))
        );
        // Near misses the first byte rejects.
        assert_eq!(k("[TAGS: PREL]"), None);
        assert_eq!(k("-SUBJECT: X"), None);
        assert_eq!(k("1. REF: A"), None);
        assert_eq!(k(""), None);
    }

    #[test]
    fn eo_forms() {
        let eo = |t: &str| {
            let (_, kw) = caption_keyword(t, 0, t.len()).unwrap();
            eo_line(t, kw, t.len())
        };
        let t = "E.O. 12958: DECL: 01/31/2018";
        let l = eo(t);
        assert_eq!(l.order.unwrap().text(t), "12958");
        assert_eq!(l.action, EoAction::Declassify);
        assert_eq!(l.value.unwrap().text(t), "01/31/2018");
        let t = "E.O. 12958:N/A";
        assert_eq!(eo(t).action, EoAction::NotApplicable);
        let t = "E.O. 12958 03/24/2019";
        let l = eo(t);
        assert_eq!(l.action, EoAction::Missing);
        assert_eq!(l.value.unwrap().text(t), "03/24/2019");
        let t = "E.O. 12958: DECLl: 1.4 CLOSURE OF ICTY";
        assert_eq!(eo(t).action_word.unwrap().text(t), "DECLl");
        let t = "E.O. 12958: DNG: CO 01/26/2021";
        assert_eq!(eo(t).action, EoAction::Downgrade);
    }

    #[test]
    fn inline_keywords() {
        let t = "E.O. 12958: N/A TAGS: ASEC SNAR";
        assert_eq!(inline_keyword(t, 4, t.len()), Some(16));
        // The search of each keyword in turn, whose nearest find is kept.
        let by_keyword = |text: &str, from: usize, end: usize| -> Option<usize> {
            let slice = text.get(from..end)?;
            let mut best: Option<usize> = None;
            for kw in ["TAGS:", "TAGS ", "SUBJECT:", "Subject:", "Tags:"] {
                let mut search = 0;
                while let Some(i) = slice[search..].find(kw) {
                    let at = search + i;
                    let boundary = at == 0 || slice[..at].ends_with(is_blank_char);
                    let plain_tags_ok = kw != "TAGS "
                        || slice[at + 5..].starts_with(|c: char| c.is_ascii_uppercase());
                    if boundary && plain_tags_ok && at > 0 {
                        best = Some(best.map_or(at, |b: usize| b.min(at)));
                        break;
                    }
                    search = at + kw.len();
                }
            }
            best.map(|i| from + i)
        };
        let mut lines = crate::syntax::tests::boundary_lines();
        for t in [
            "E.O. 12958: N/A TAGS: ASEC SNAR",
            "E.O. 12958: N/A TAGS ASEC Subject: x",
            "E.O. 12958: N/A Subject: talks TAGS: PREL",
            "TAGS: PREL SUBJECT: X",
            "xTAGS: PREL\u{a0}SUBJECT: X",
            "E.O. 12958: N/A TAGS asec TAGS PREL",
            "E.O.\u{a0}Tags: x",
            "é TAGS: x",
            "STAGS: x S",
            "a TAGS ",
        ] {
            lines.push(t.to_string());
        }
        for t in &lines {
            for from in [0, 1, 4] {
                assert_eq!(
                    inline_keyword(t, from, t.len()),
                    by_keyword(t, from, t.len()),
                    "{t:?} {from}"
                );
            }
        }
        assert_eq!(
            inline_keyword("E.O. 12958: N/A TAGS asec TAGS PREL", 0, 35),
            Some(26)
        );
        let t = "E.O. 12958: DECL: 1/1/2019 subject to review";
        assert_eq!(inline_keyword(t, 4, t.len()), None);
    }

    #[test]
    fn tags_forms() {
        let items = |t: &str| {
            tag_items(t, 0, t.len())
                .iter()
                .map(|i| (i.value.text(t).to_string(), i.kind, i.markdown_link))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            items("[PREL](#) [PGOV](#)"),
            [
                ("PREL".into(), TagItemKind::Code, true),
                ("PGOV".into(), TagItemKind::Code, true)
            ]
        );
        assert_eq!(
            items("PREL, OVIP (STEINBERG, JAMES B.) SN"),
            [
                ("PREL".into(), TagItemKind::Code, false),
                ("OVIP".into(), TagItemKind::Code, false),
                ("STEINBERG, JAMES B.".into(), TagItemKind::Person, false),
                ("SN".into(), TagItemKind::Code, false)
            ]
        );
        assert_eq!(
            items("OVIP BIDEN JOSEPH PREL CI"),
            [
                ("OVIP".into(), TagItemKind::Code, false),
                ("BIDEN JOSEPH".into(), TagItemKind::Person, false),
                ("PREL".into(), TagItemKind::Code, false),
                ("CI".into(), TagItemKind::Code, false)
            ]
        );
    }

    #[test]
    fn refs() {
        let r = |t: &str| {
            ref_items(t, 0, t.len())
                .iter()
                .map(|i| {
                    (
                        i.label.map(|l| l.text(t).to_string()),
                        i.body.text(t).to_string(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            r("A) ROME 94 B) ROME 71"),
            [
                (Some("A".into()), "ROME 94".into()),
                (Some("B".into()), "ROME 71".into())
            ]
        );
        assert_eq!(
            r("A. STATE 183800 B. BRASILIA 1396"),
            [
                (Some("A".into()), "STATE 183800".into()),
                (Some("B".into()), "BRASILIA 1396".into())
            ]
        );
        assert_eq!(
            r("(A) STATE 165022 (B) MOSCOW 11500"),
            [
                (Some("A".into()), "STATE 165022".into()),
                (Some("B".into()), "MOSCOW 11500".into())
            ]
        );
        assert_eq!(r("STATE 186217"), [(None, "STATE 186217".into())]);
        assert_eq!(
            r("A) JOHN Q. PUBLIC EMAIL"),
            [(Some("A".into()), "JOHN Q. PUBLIC EMAIL".into())]
        );
    }

    #[test]
    fn classified_by_forms() {
        let t = "Classified By: Jonathan R. Cohen, Acting Political Minister Counselor,\nfor reasons 1.4 (b) and (d).";
        let c = cb(t);
        assert_eq!(texts(t, &c.people), ["Jonathan R. Cohen"]);
        assert_eq!(texts(t, &c.titles), ["Acting Political Minister Counselor"]);
        assert_eq!(c.section.unwrap().text(t), "1.4");
        assert_eq!(
            texts(t, &c.reasons.iter().map(|r| r.span).collect::<Vec<_>>()),
            ["b", "d"]
        );

        let t =
            "Classified By: Political Minister Counselor Kirk Augustine,\nReasons 1.4 (b) and (d).";
        let c = cb(t);
        assert_eq!(texts(t, &c.people), ["Kirk Augustine"]);
        assert_eq!(texts(t, &c.titles), ["Political Minister Counselor"]);

        let t = "Classified By: POLITICAL COUNSELOR KATHLEEN M. FITZPATRICK FOR REASONS\n1.4 (B) and (D)";
        let c = cb(t);
        assert_eq!(texts(t, &c.people), ["KATHLEEN M. FITZPATRICK"]);
        assert_eq!(c.reasons.len(), 2);

        let t = "Classified By: Classified by David D. Pearce, Political Minister Counse\nlor, for reasons 1.4 (b) and (d).";
        let c = cb(t);
        assert_eq!(texts(t, &c.people), ["David D. Pearce"]);

        let t = "Classified By: Ambassador Ronald Spogli for reasons 1.4 (b,d)";
        let c = cb(t);
        assert_eq!(texts(t, &c.people), ["Ronald Spogli"]);
        assert_eq!(texts(t, &c.titles), ["Ambassador"]);
        assert_eq!(c.reasons.len(), 2);

        let t = "Classified By: DCM John Smith, reasons 1.4 b/d";
        let c = cb(t);
        assert_eq!(texts(t, &c.people), ["John Smith"]);
        assert_eq!(
            texts(t, &c.reasons.iter().map(|r| r.span).collect::<Vec<_>>()),
            ["b", "d"]
        );
    }
}
