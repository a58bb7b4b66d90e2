//! Document links: each REF item citing a cable that is in the workspace
//! links to that cable (its file, at its subject line).

use super::references::cited_cable;
use super::world::{DocSnapshot, World};
use crate::model::index::Location;
use crate::model::reference::ReferenceKind;
use crate::syntax::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Absolute span of the cited text.
    pub span: Span,
    pub target: Location,
    /// The cited id, for the tooltip.
    pub id: String,
}

pub fn document_links(world: &World, doc: &DocSnapshot) -> Vec<Link> {
    let mut out = Vec::new();
    for entry in doc.cables() {
        for r in &entry.analysis.facts.references {
            if r.kind != ReferenceKind::Cable {
                continue;
            }
            if let Some(target) = cited_cable(world, &r.value) {
                out.push(Link {
                    span: r.span.shift(entry.start as u32),
                    target,
                    id: r.value.clone(),
                });
            }
        }
    }
    out
}
