//! IDE features as pure functions over parsed text: each module takes text and
//! syntax (and later a workspace snapshot) and returns plain structs. Nothing
//! here knows about the protocol.

pub mod code_actions;
pub mod code_lens;
pub mod completion;
pub mod diagnostics;
pub mod document_links;
pub mod folding;
pub mod hover;
pub mod inspect;
pub mod outline;
pub mod people_list;
pub mod references;
pub mod semantic_tokens;
pub mod symbols;
pub mod target;
#[cfg(test)]
mod test_world;
pub mod world;
