//! An open document: its text as a rope, its version, and its cables, each
//! analysed once (tree, facts, people, summary). An edit re-parses only what
//! it touched, so the cost follows the edit, not the document (a file may
//! hold thousands of concatenated cables):
//!
//! - an edit inside the prose of a paragraph that changes no line's kind
//!   (most keystrokes) re-reads that one line and shifts the cable's old
//!   tree (`syntax::reparse_in_paragraph`);
//! - any other edit re-parses from the cable before the edit and stops as
//!   soon as a cable starts where an old one did after the edit.
//!
//! Either way only the touched cable's facts, people and summary are
//! recomputed: people resolution is cable-wide by nature (a surname in one
//! paragraph resolves to a full name in another).

use super::facts::{cable_facts, CableFacts};
use super::people::{recognize, Mention};
use super::summary::{CableSummary, PosTable};
use crate::syntax::line_scan::LineScan;
use crate::syntax::{parse_cables_from, reparse_in_paragraph, Cable, CableEdit};
use ropey::Rope;
use std::ops::Range;
use std::sync::Arc;

/// Everything derived from one cable's text. Shared by snapshots; replaced,
/// never mutated, when an edit touches the cable.
#[derive(Debug)]
pub struct CableAnalysis {
    /// The cable's own text; every span below is relative to it.
    pub text: String,
    /// The tree, with `start` set to 0: where the cable sits in its document
    /// is [`CableEntry::start`], which moves when earlier text is edited.
    pub cable: Cable,
    pub facts: CableFacts,
    pub mentions: Vec<Mention>,
    pub summary: Arc<CableSummary>,
}

impl CableAnalysis {
    pub fn new(text: String, mut cable: Cable) -> CableAnalysis {
        cable.start = 0;
        let facts = cable_facts(&text, &cable);
        let mentions = recognize(&text, &cable);
        let summary = Arc::new(CableSummary::new(&text, &cable, &facts, &mentions));
        CableAnalysis {
            text,
            cable,
            facts,
            mentions,
            summary,
        }
    }
}

/// One cable of a document and where it starts.
#[derive(Clone, Debug)]
pub struct CableEntry {
    /// Absolute byte offset of the cable in the document.
    pub start: usize,
    pub analysis: Arc<CableAnalysis>,
}

impl CableEntry {
    pub fn end(&self) -> usize {
        self.start + self.analysis.text.len()
    }
}

/// How much an edit cost, for benchmarks and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReparseStats {
    /// The edit stayed in one paragraph's prose: one line re-read, the
    /// cable's tree shifted, no cable parsed.
    pub in_paragraph: bool,
    /// Cables parsed again (the touched ones and the one before).
    pub cables_reparsed: usize,
    /// Cables whose analysis was redone (the touched ones).
    pub cables_reanalysed: usize,
    pub bytes_reparsed: usize,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub version: i32,
    rope: Rope,
    cables: Arc<Vec<CableEntry>>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            version,
            rope: Rope::from_str(text),
            cables: Arc::new(analyse_all(text, 0)),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn cables(&self) -> &Arc<Vec<CableEntry>> {
        &self.cables
    }

    /// The index of the cable holding `offset` (the last cable for the end
    /// of the document).
    pub fn cable_index_at(&self, offset: usize) -> Option<usize> {
        cable_index_at(&self.cables, offset)
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) -> ReparseStats {
        self.rope = Rope::from_str(text);
        self.replace_cables_fully(text)
    }

    /// Replaces the bytes `range` by `new_text` and re-parses what the edit
    /// touched. The range is clamped to the text and widened to character
    /// boundaries, so a confused client cannot make this panic.
    pub fn apply_edit(&mut self, range: Range<usize>, new_text: &str) -> ReparseStats {
        let len = self.rope.len_bytes();
        let start = self.floor_char_boundary(range.start.min(len));
        let end = self.ceil_char_boundary(range.end.clamp(start, len));
        let char_start = self.rope.byte_to_char(start);
        let char_end = self.rope.byte_to_char(end);
        self.rope.remove(char_start..char_end);
        self.rope.insert(char_start, new_text);
        self.reparse_after_edit(start, end, new_text.len())
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        // `byte_to_char` rounds down to the character holding the byte.
        self.rope.char_to_byte(self.rope.byte_to_char(offset))
    }

    fn ceil_char_boundary(&self, offset: usize) -> usize {
        let floor = self.floor_char_boundary(offset);
        if floor == offset {
            offset
        } else {
            self.rope.char_to_byte(self.rope.byte_to_char(offset) + 1)
        }
    }

    /// Old bytes `old_start..old_end` became `new_len` bytes (already in the
    /// rope). Restarts at the cable before the one holding the edit, since
    /// an edit on a cable's first line can merge it into its predecessor;
    /// parses a window of text up to a cable past the edit, growing it if the
    /// parse has not fallen back in step with the old boundaries.
    fn reparse_after_edit(
        &mut self,
        old_start: usize,
        old_end: usize,
        new_len: usize,
    ) -> ReparseStats {
        let old = Arc::clone(&self.cables);
        let delta = new_len as isize - (old_end - old_start) as isize;
        let new_doc_len = self.rope.len_bytes();
        if old.is_empty() {
            let text = self.rope.to_string();
            return self.replace_cables_fully(&text);
        }
        if let Some(stats) = self.reparse_in_paragraph(old_start, old_end, new_len) {
            return stats;
        }
        let first_touched = cable_index_at(&old, old_start).unwrap_or(0);
        let mut restart_index = first_touched.saturating_sub(1);
        // The boundary before the restart cable was decided on its first line
        // with one line of look-ahead: both must lie before the edit.
        while restart_index > 0
            && old[restart_index].start + two_lines_len(&old[restart_index].analysis.text)
                >= old_start
        {
            restart_index -= 1;
        }
        let restart = old[restart_index].start;
        let last_touched = cable_index_at(&old, old_end).unwrap_or(old.len() - 1);
        let new_edit_end = old_start + new_len;
        let mut window_cables = 2usize;
        loop {
            // The window ends at an old cable end past the edit (shifted into
            // new coordinates), or at the end of the document.
            let window_last = last_touched + window_cables;
            let window_end = if window_last >= old.len() {
                new_doc_len
            } else {
                shift(old[window_last].end(), delta)
            };
            let reaches_end = window_end >= new_doc_len;
            let window_end = window_end.min(new_doc_len);
            let text = self.rope.byte_slice(restart..window_end).to_string();
            let produced: Vec<Cable> = parse_cables_from(&text, 0).collect();
            let mut resync = None;
            for (i, cable) in produced.iter().enumerate() {
                let at = restart + cable.start as usize;
                // A cable past the edit, complete inside the window (so the
                // look-ahead that ended its predecessor saw the real text),
                // starting where an old cable started.
                if at < new_edit_end || (i + 1 == produced.len() && !reaches_end) {
                    continue;
                }
                let old_at = at as isize - delta;
                if old_at < 0 {
                    continue;
                }
                // `at` is past the edit, so the old text from `old_at` on is
                // unchanged and so are the old cables from there.
                if let Ok(j) = old.binary_search_by_key(&(old_at as usize), |c| c.start) {
                    resync = Some((i, j));
                    break;
                }
            }
            let (n_new, tail_from) = match resync {
                Some((i, j)) => (i, j),
                None if reaches_end => (produced.len(), old.len()),
                None => {
                    window_cables *= 2;
                    continue;
                }
            };
            let mut entries = Vec::with_capacity(restart_index + n_new + old.len() - tail_from);
            entries.extend_from_slice(&old[..restart_index]);
            let (mut bytes_reparsed, mut cables_reanalysed) = (0, 0);
            for (i, cable) in produced.into_iter().take(n_new).enumerate() {
                let (s, e) = (cable.start as usize, (cable.start + cable.len) as usize);
                bytes_reparsed += e - s;
                // The cable before the edit usually comes out as it was: same
                // start, same length, wholly before the edit. Keep its
                // analysis (and the diagnostics cached for it).
                if let Some(before) = old.get(restart_index + i) {
                    if before.start == restart + s
                        && before.end() == restart + e
                        && before.end() <= old_start
                    {
                        entries.push(before.clone());
                        continue;
                    }
                }
                cables_reanalysed += 1;
                entries.push(analyse(&text, cable, restart));
            }
            entries.extend(old[tail_from..].iter().map(|c| CableEntry {
                start: shift(c.start, delta),
                analysis: Arc::clone(&c.analysis),
            }));
            self.cables = Arc::new(entries);
            return ReparseStats {
                in_paragraph: false,
                cables_reparsed: n_new,
                cables_reanalysed,
                bytes_reparsed,
            };
        }
    }

    /// The fast path: an edit inside one cable that
    /// `syntax::reparse_in_paragraph` proves changes no line's kind. The
    /// cable's tree is shifted, its analysis redone, the cables after it
    /// only move.
    fn reparse_in_paragraph(
        &mut self,
        old_start: usize,
        old_end: usize,
        new_len: usize,
    ) -> Option<ReparseStats> {
        let i = cable_index_at(&self.cables, old_start)?;
        let entry = self.cables.get(i)?;
        if old_start < entry.start || old_end >= entry.end() {
            return None;
        }
        let old_text = &entry.analysis.text;
        let new_cable_len = (old_text.len() + new_len).checked_sub(old_end - old_start)?;
        let new_cable_end = entry.start + new_cable_len;
        if new_cable_end > self.rope.len_bytes() {
            return None;
        }
        let new_text = self.rope.byte_slice(entry.start..new_cable_end).to_string();
        let edit = CableEdit {
            start: old_start - entry.start,
            old_end: old_end - entry.start,
            new_len,
        };
        let cable = reparse_in_paragraph(&entry.analysis.cable, old_text, &new_text, edit)?;
        let delta = new_len as isize - (old_end - old_start) as isize;
        let mut entries = Vec::with_capacity(self.cables.len());
        entries.extend_from_slice(&self.cables[..i]);
        entries.push(CableEntry {
            start: entry.start,
            analysis: Arc::new(CableAnalysis::new(new_text, cable)),
        });
        entries.extend(self.cables[i + 1..].iter().map(|c| CableEntry {
            start: shift(c.start, delta),
            analysis: Arc::clone(&c.analysis),
        }));
        self.cables = Arc::new(entries);
        Some(ReparseStats {
            in_paragraph: true,
            cables_reparsed: 0,
            cables_reanalysed: 1,
            bytes_reparsed: 0,
        })
    }

    fn replace_cables_fully(&mut self, text: &str) -> ReparseStats {
        self.cables = Arc::new(analyse_all(text, 0));
        ReparseStats {
            in_paragraph: false,
            cables_reparsed: self.cables.len(),
            cables_reanalysed: self.cables.len(),
            bytes_reparsed: text.len(),
        }
    }
}

/// The length of a text's first two lines with their terminators.
fn two_lines_len(text: &str) -> usize {
    let mut lines = crate::syntax::lines::lines_from(text, 0);
    lines.next();
    lines.next().map_or(text.len(), |line| line.next)
}

fn shift(offset: usize, delta: isize) -> usize {
    (offset as isize + delta).max(0) as usize
}

fn cable_index_at(cables: &[CableEntry], offset: usize) -> Option<usize> {
    if cables.is_empty() {
        return None;
    }
    let after = cables.partition_point(|c| c.start <= offset);
    Some(after.saturating_sub(1))
}

/// Parses and analyses every cable of `text`, whose first byte is at
/// `base` in its document.
pub fn analyse_all(text: &str, base: usize) -> Vec<CableEntry> {
    parse_cables_from(text, 0)
        .map(|cable| analyse(text, cable, base))
        .collect()
}

/// The summary of one cable parsed out of `text` (with `start` set),
/// reading the text in place: what indexing a closed file needs.
pub fn summarise(text: &str, mut cable: Cable) -> CableSummary {
    let (s, e) = (cable.start as usize, (cable.start + cable.len) as usize);
    let cable_text = text.get(s..e).unwrap_or_default();
    cable.start = 0;
    let facts = cable_facts(cable_text, &cable);
    let mentions = recognize(cable_text, &cable);
    CableSummary::with_mentions(cable_text, &cable, &facts, mentions)
}

/// [`summarise`], with `text`'s line scan made beforehand (`scan`), whose
/// part for the cable gives its positions.
pub fn summarise_on_scan(text: &str, mut cable: Cable, scan: &LineScan) -> CableSummary {
    let (s, e) = (cable.start as usize, (cable.start + cable.len) as usize);
    let cable_text = text.get(s..e).unwrap_or_default();
    cable.start = 0;
    let facts = cable_facts(cable_text, &cable);
    let mentions = recognize(cable_text, &cable);
    let table = PosTable::of_part(cable_text, text, scan, s);
    CableSummary::with_table(&table, cable_text, &cable, &facts, mentions)
}

/// Analyses one cable parsed out of `text`, whose first byte is at `base`
/// in its document.
fn analyse(text: &str, cable: Cable, base: usize) -> CableEntry {
    let (s, e) = (cable.start as usize, (cable.start + cable.len) as usize);
    let cable_text = text.get(s..e).unwrap_or_default().to_string();
    CableEntry {
        start: base + s,
        analysis: Arc::new(CableAnalysis::new(cable_text, cable)),
    }
}

#[cfg(test)]
mod tests;
