//! Diagnostics of an open document, computed per cable and reused for every
//! cable an edit did not touch (an untouched cable keeps its analysis, so
//! the analysis's address identifies it).

use super::{check_cable_with_facts, is_disabled, Diagnostic};
use crate::model::document::{CableAnalysis, CableEntry};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub struct DiagnosticsCache {
    /// Keyed by the analysis's address; the `Arc` kept alongside keeps the
    /// address from being reused by another analysis.
    by_cable: HashMap<usize, (Arc<CableAnalysis>, Arc<Vec<Diagnostic>>)>,
}

impl DiagnosticsCache {
    /// Absolute diagnostics of `cables`, rules in `disabled` left out.
    /// Only cables not seen by the previous call are checked.
    pub fn document(&mut self, cables: &[CableEntry], disabled: &[String]) -> Vec<Diagnostic> {
        let mut next = HashMap::with_capacity(cables.len());
        let mut out = Vec::new();
        for entry in cables {
            let key = Arc::as_ptr(&entry.analysis) as usize;
            let diagnostics = match self.by_cable.remove(&key) {
                Some((_, d)) => d,
                None => {
                    let a = &entry.analysis;
                    Arc::new(check_cable_with_facts(&a.text, &a.cable, &a.facts))
                }
            };
            out.extend(
                diagnostics
                    .iter()
                    .filter(|d| !is_disabled(d.code, disabled))
                    .map(|d| d.clone().shifted(entry.start as u32)),
            );
            next.insert(key, (Arc::clone(&entry.analysis), diagnostics));
        }
        self.by_cable = next;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::Document;

    #[test]
    fn untouched_cables_are_not_checked_again_and_results_match() {
        let seed = include_str!("../../../examples/000_2fe200cbb93dc52e.txt");
        let text = format!("{seed}{seed}");
        let mut doc = Document::new(&text, 1);
        let mut cache = DiagnosticsCache::default();
        let first = cache.document(doc.cables(), &[]);
        let full = super::super::check_document(&text, &crate::syntax::parse(&text));
        assert_eq!(first, full);
        let at = doc.cables()[1].start + 1500;
        doc.apply_edit(at..at, "(C) ");
        let reused = Arc::as_ptr(&doc.cables()[0].analysis) as usize;
        assert!(cache.by_cable.contains_key(&reused));
        let second = cache.document(doc.cables(), &["P001".to_string()]);
        let text = doc.text();
        let mut full = super::super::check_document(&text, &crate::syntax::parse(&text));
        full.retain(|d| d.code != "P001");
        assert_eq!(second, full);
    }
}
