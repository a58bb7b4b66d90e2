//! The structured places of a cable that name people: TAGS persons
//! (`OVIP (STEINBERG, JAMES B.)`), `Classified By:` and the signature.

use super::lexicon::Flags;
use super::recognize::{display_title, is_redaction, RawMention, Scanner};
use super::tokens::{tokenize, Word, WordShape};
use super::MentionSource;
use crate::syntax::{Cable, Span, TagItemKind};

impl Scanner<'_> {
    /// TAGS persons, Classified By and the signature.
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
            let parts: Vec<String> = given
                .split_whitespace()
                .chain(surname.split_whitespace())
                .map(str::to_string)
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
            });
        }
        if let Some(cb) = &cable.classified_by {
            let title = cb
                .titles
                .first()
                .map(|t| display_title(t.text(text)))
                .filter(|t| !t.is_empty());
            for person in &cb.people {
                self.name_in_span(*person, title.clone(), MentionSource::ClassifiedBy);
            }
        }
        if let Some(signature) = &cable.signature {
            for name in &signature.names {
                self.name_in_span(*name, None, MentionSource::Signature);
            }
        }
    }

    /// The name inside a span given by the parser, without leading titles
    /// (`Ambassador Ronald P. Spogli`) or trailing punctuation.
    fn name_in_span(&mut self, span: Span, title: Option<String>, source: MentionSource) {
        let mut words = Vec::new();
        tokenize(
            self.text,
            span.start as usize,
            span.end as usize,
            self.lex,
            &mut self.buf,
            &mut words,
        );
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
            display_title(s.text(self.text))
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
            parts: name_words
                .iter()
                .map(|w| w.text(self.text).to_string())
                .collect(),
            title: title.or(lead_title),
            source,
        });
    }
}
