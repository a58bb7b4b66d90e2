//! The structured places of a cable that name people: TAGS persons
//! (`OVIP (STEINBERG, JAMES B.)`), the classifier on old E.O. lines
//! (`GDS 8/12/85 (TOMSETH, VICTOR L.)`), `Classified By:` and the signature.

use super::lexicon::Flags;
use super::recognize::{is_redaction, title_symbol, RawMention, Scanner};
use super::tokens::{Gap, Word, WordShape};
use super::MentionSource;
use crate::model::intern::Sym;
use crate::syntax::{Cable, ClassifiedBy, Span, TagItemKind};

/// Lines a cable may end with after its signature: classification words,
/// end markers, release stamps.
fn is_footer_line(line: &str) -> bool {
    const FOOTER_WORDS: [&str; 12] = [
        "CONFIDENTIAL",
        "SECRET",
        "UNCLASSIFIED",
        "UNCLAS",
        "SENSITIVE",
        "NOFORN",
        "NNNN",
        "END",
        "SIPDIS",
        "LIMDIS",
        "EXDIS",
        "NODIS",
    ];
    let line = line.trim();
    line.is_empty()
        || line.bytes().any(|b| b.is_ascii_digit())
        || line.starts_with("Declassified")
        || line.starts_with("DECLASSIFIED")
        || line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| FOOTER_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)))
}

/// `TOMSETH, VICTOR L.`: a surname, a comma and given names or initials.
fn inverted_name(inner: &str) -> Option<(&str, &str)> {
    let (surname, given) = inner.split_once(',')?;
    let (surname, given) = (surname.trim(), given.trim());
    let letters = |s: &str| {
        s.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-'))
    };
    let ok = surname.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !given.is_empty()
        && letters(surname)
        && letters(given)
        && !given.contains(',')
        && surname.split_whitespace().count() <= 2
        && given.split_whitespace().count() <= 3;
    ok.then_some((surname, given))
}

impl Scanner<'_> {
    /// TAGS persons, the E.O. classifier, Classified By and the signature.
    pub(super) fn structured(&mut self, cable: &Cable) {
        let text = self.text;
        for item in cable.tags.iter().flat_map(|t| t.items.iter()) {
            if item.kind != TagItemKind::Person {
                continue;
            }
            let raw = item.value.text(text);
            let (surname, given) = match raw.split_once(',') {
                Some((s, g)) => (s.trim(), g.trim()),
                None => match raw.trim().split_once(char::is_whitespace) {
                    Some((s, g)) => (s, g.trim()),
                    None => (raw.trim(), ""),
                },
            };
            let parts: Vec<&str> = given
                .split_whitespace()
                .chain(surname.split_whitespace())
                .collect();
            if parts.is_empty() {
                continue;
            }
            let trimmed = raw.trim_end_matches([',', ';', ' ']);
            let lead = raw.len() - raw.trim_start().len();
            self.out.push(RawMention {
                span: Span::new(
                    item.value.start as usize + lead,
                    item.value.start as usize + trimmed.len(),
                ),
                parts,
                title: None,
                source: MentionSource::Tag,
                refers: None,
                strong: true,
            });
        }
        if let Some(eo) = &cable.eo {
            self.eo_classifier(eo.span);
        }
        if let Some(cb) = &cable.classified_by {
            self.classified_by(cb);
        }
        match &cable.signature {
            Some(signature) if !signature.names.is_empty() => {
                for name in &signature.names {
                    self.name_in_span(*name, None, MentionSource::Signature);
                }
            }
            _ => self.signature_fallback(cable),
        }
    }

    /// Old cables name the classifier on the E.O. line:
    /// `E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P`.
    fn eo_classifier(&mut self, span: Span) {
        let line = span.text(self.text);
        let Some(open) = line.find('(') else {
            return;
        };
        let Some(len) = line[open + 1..].find(')') else {
            return;
        };
        let inner = &line[open + 1..open + 1 + len];
        let Some((surname, given)) = inverted_name(inner) else {
            return;
        };
        let start = span.start as usize + open + 1;
        let lead = inner.len() - inner.trim_start().len();
        self.out.push(RawMention {
            span: Span::new(start + lead, start + inner.trim_end().len()),
            parts: given
                .split_whitespace()
                .chain(surname.split_whitespace())
                .collect(),
            title: None,
            source: MentionSource::ClassifiedBy,
            refers: None,
            strong: true,
        });
    }

    /// The classifier's name: the run of name words before the reasons
    /// (`Classified By: ISN/MTR DIRECTOR PAM DURHAM FOR REASONS`,
    /// `POL M/C James L. Wayman.`, `Thomas Shannon, Ambassador;`).
    fn classified_by(&mut self, cb: &ClassifiedBy) {
        let title = cb
            .titles
            .first()
            .map(|t| title_symbol(t.text(self.text)))
            .filter(|t| !t.as_str().is_empty());
        let words = self.words_between(cb.keyword.end as usize, cb.span.end as usize);
        let cut = words
            .iter()
            .enumerate()
            .position(|(k, w)| {
                let t = w.text(self.text);
                is_reason_word(t)
                    || w.shape == WordShape::Other && t.starts_with(|c: char| c.is_ascii_digit())
                    || (t.eq_ignore_ascii_case("for") || t.eq_ignore_ascii_case("per"))
                        && words.get(k + 1).is_some_and(|n| {
                            is_reason_word(n.text(self.text)) || n.shape == WordShape::Other
                        })
            })
            .unwrap_or(words.len());
        let words = &words[..cut];
        let name_like = |w: &Word| {
            w.shape == WordShape::Initial
                || matches!(w.shape, WordShape::Title | WordShape::Caps)
                    && (!w.flags.has(
                        Flags::TITLE
                            .union(Flags::DOMAIN)
                            .union(Flags::STOP)
                            .union(Flags::PLACE)
                            .union(Flags::ORG)
                            .union(Flags::SAY),
                    ) || w.flags.has(Flags::GIVEN))
                    && !is_redaction(w.text(self.text))
        };
        // Runs of name words joined by blanks; `Luis G, Moreno`: a comma
        // after a lone initial is a slip for its full stop.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut k = 0;
        while k < words.len() {
            if !name_like(&words[k]) {
                k += 1;
                continue;
            }
            let from = k;
            k += 1;
            while k < words.len() && name_like(&words[k]) {
                let joined = words[k].gap == Gap::Space
                    || words[k].gap == Gap::Comma
                        && words[k - 1].shape == WordShape::Initial
                        && !words[k - 1].text(self.text).ends_with('.')
                        && k + 1 >= words.len();
                if !joined {
                    break;
                }
                k += 1;
            }
            runs.push((from, k));
        }
        let has_name = |&(a, b): &(usize, usize)| {
            (a..b).any(|j| words[j].shape != WordShape::Initial)
                && !(a..b).all(|j| {
                    words[j].flags.has(Flags::ENGLISH) && !words[j].flags.has(Flags::GIVEN)
                })
        };
        let several: Vec<(usize, usize)> = runs
            .iter()
            .copied()
            .filter(|r| r.1 - r.0 >= 2 && has_name(r))
            .collect();
        let chosen = several
            .iter()
            .copied()
            .find(|&(a, b)| {
                (a..b).any(|j| {
                    words[j].flags.has(Flags::GIVEN) || words[j].shape == WordShape::Initial
                })
            })
            .or_else(|| several.first().copied())
            .or_else(|| {
                // `Ambassador Spogli, for reasons`: one word after a title.
                runs.iter().copied().rev().find(|&(a, b)| {
                    b - a == 1
                        && words[a].shape != WordShape::Initial
                        && words[a].text(self.text).chars().count() >= 3
                        && (a > 0 && words[a - 1].flags.has(Flags::TITLE)
                            || !words[a].flags.has(Flags::ENGLISH))
                })
            });
        let Some((a, b)) = chosen else {
            return;
        };
        let lead_title = (a > 0 && words[a - 1].flags.has(Flags::TITLE)).then(|| {
            let mut t = a - 1;
            while t > 0
                && words[t - 1].flags.has(Flags::TITLE.union(Flags::DOMAIN))
                && words[t].gap == Gap::Space
            {
                t -= 1;
            }
            title_symbol(
                Span {
                    start: words[t].start,
                    end: words[a - 1].end,
                }
                .text(self.text),
            )
        });
        self.out.push(RawMention {
            span: Span {
                start: words[a].start,
                end: words[b - 1].end,
            },
            parts: words[a..b]
                .iter()
                .map(|w| w.text(self.text).trim_end_matches(','))
                .collect(),
            title: title.or(lead_title),
            source: MentionSource::ClassifiedBy,
            refers: None,
            strong: true,
        });
    }

    /// The signer when the parser found no signature line: the last line
    /// of one or two capitalised words before the footer lines
    /// (`HELMS` above a release stamp, `MCFARLAND` above `NNNN`).
    fn signature_fallback(&mut self, cable: &Cable) {
        // The last numbered paragraph: a footer line (`CONFIDENTIAL`) may
        // count as a paragraph of its own after the signer.
        let last = cable
            .paragraphs
            .iter()
            .rev()
            .find(|p| p.marker.is_some())
            .or(cable.paragraphs.last());
        let Some(last) = last else {
            return;
        };
        let text = self.text;
        let body_start = last.text_start as usize;
        let Some(tail) = text.get(body_start..) else {
            return;
        };
        let mut end = tail.len();
        for _ in 0..8 {
            let line_start = tail[..end]
                .trim_end_matches(['\n', '\r'])
                .rfind(['\n', '\r']);
            let Some(line_start) = line_start.map(|p| p + 1) else {
                return;
            };
            let line = &tail[line_start..end];
            if is_footer_line(line) {
                end = line_start.saturating_sub(1);
                while end > 0 && !tail.is_char_boundary(end) {
                    end -= 1;
                }
                continue;
            }
            let trimmed = line.trim();
            let words: Vec<&str> = trimmed.split_whitespace().collect();
            let name_like = !words.is_empty()
                && words.len() <= 2
                && words.iter().all(|w| {
                    w.chars().count() >= 3
                        && w.chars()
                            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                        && w.chars().next().is_some_and(char::is_uppercase)
                        && {
                            let f = self.lex.flags(w, &mut self.buf);
                            !f.has(
                                Flags::STOP
                                    .union(Flags::TITLE)
                                    .union(Flags::PLACE)
                                    .union(Flags::COMMON),
                            )
                        }
                });
            if name_like {
                let lead = line.len() - line.trim_start().len();
                let start = body_start + line_start + lead;
                self.name_in_span(
                    Span::new(start, start + trimmed.len()),
                    None,
                    MentionSource::Signature,
                );
            }
            return;
        }
    }

    /// The name inside a span given by the parser, without leading titles
    /// (`Ambassador Ronald P. Spogli`) or trailing punctuation.
    fn name_in_span(&mut self, span: Span, title: Option<Sym>, source: MentionSource) {
        let words = self.words_between(span.start as usize, span.end as usize);
        let first_name = words
            .iter()
            .position(|w| !w.flags.has(Flags::TITLE) || w.flags.has(Flags::GIVEN));
        let Some(first_name) = first_name else {
            return;
        };
        let lead_title = (first_name > 0).then(|| {
            let s = Span {
                start: words[0].start,
                end: words[first_name - 1].end,
            };
            title_symbol(s.text(self.text))
        });
        let name_words: Vec<&Word> = words[first_name..]
            .iter()
            .take_while(|w| {
                w.shape != WordShape::Other && w.shape != WordShape::Lower
                    || w.flags.has(Flags::PARTICLE)
            })
            .collect();
        let (Some(first), Some(last)) = (name_words.first(), name_words.last()) else {
            return;
        };
        if is_redaction(first.text(self.text)) {
            return;
        }
        self.out.push(RawMention {
            span: Span {
                start: first.start,
                end: last.end,
            },
            parts: name_words.iter().map(|w| w.text(self.text)).collect(),
            title: title.or(lead_title),
            source,
            refers: None,
            strong: true,
        });
    }
}

/// `REASONS`, `Reason:`, the split `REAS ONS`, `E.O.`: where the
/// classifier's name has ended.
fn is_reason_word(word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    upper.starts_with("REAS") || upper == "E.O." || upper == "E.O" || upper == "EO"
}
