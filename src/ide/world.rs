//! The immutable snapshot every feature reads: the workspace index and the
//! document the request is about, taken under the lock and then read
//! without it, so a long request never blocks an edit.

use crate::model::document::{CableEntry, Document};
use crate::model::index::{Location, WorkspaceIndex};
use crate::model::summary::{rope_range, TextRange};
use crate::model::workspace::FileSummary;
use crate::syntax::Span;
use ropey::Rope;
use std::path::Path;
use std::sync::Arc;

/// An open document, frozen (a `Document` clone shares the rope's nodes
/// and the analysed cables).
#[derive(Clone, Debug)]
pub struct DocSnapshot {
    pub path: Arc<Path>,
    pub doc: Document,
}

impl DocSnapshot {
    pub fn new(path: Arc<Path>, doc: &Document) -> DocSnapshot {
        DocSnapshot {
            path,
            doc: doc.clone(),
        }
    }

    pub fn rope(&self) -> &Rope {
        self.doc.rope()
    }

    pub fn cables(&self) -> &[CableEntry] {
        self.doc.cables()
    }

    /// The cable holding the absolute offset, and the offset relative to it.
    pub fn cable_at(&self, offset: usize) -> Option<(&CableEntry, usize)> {
        let entry = self.cables().get(self.doc.cable_index_at(offset)?)?;
        Some((entry, offset.saturating_sub(entry.start)))
    }

    /// A span relative to `entry`, as a range of this document.
    pub fn range(&self, entry: &CableEntry, span: Span) -> TextRange {
        rope_range(self.rope(), span.shift(entry.start as u32))
    }

    pub fn location(&self, entry: &CableEntry, span: Span) -> Location {
        Location {
            path: Arc::clone(&self.path),
            range: self.range(entry, span),
        }
    }

    /// This document's summary, fresher than the index's copy.
    pub fn summary(&self) -> FileSummary {
        FileSummary::of_document(&self.doc)
    }
}

/// What a request sees.
#[derive(Clone, Debug, Default)]
pub struct World {
    pub index: Arc<WorkspaceIndex>,
    /// Set while the first indexing of the workspace runs: the index holds
    /// only the files read so far, and answers that count say so.
    pub indexing: Option<Indexing>,
}

/// How far the first indexing had come when the index was built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Indexing {
    pub files_indexed: usize,
    pub files_total: usize,
}

impl Indexing {
    /// A sentence for answers built from a partial index.
    pub fn notice(&self) -> String {
        format!(
            "Indexing the workspace: {} of {} files so far.",
            self.files_indexed, self.files_total
        )
    }
}
