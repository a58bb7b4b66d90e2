//! cable-ls: a language server and command line for diplomatic cable files.
//!
//! Layers, from the bottom: [`data`] (reference tables), [`syntax`] (the
//! lossless parser), [`model`] (semantic facts), [`ide`] (features as pure
//! functions), [`cli`] (the command line). See ARCHITECTURE.md.

pub mod cli;
pub mod data;
pub mod ide;
pub mod lsp;
pub mod model;
pub mod syntax;
