//! The semantic model: facts read out of the syntax tree (ids, dates,
//! classification, references) and position bookkeeping. The workspace index
//! and incremental documents build on these.

pub mod background;
pub mod cable_citation;
pub mod cache;
pub mod config;
pub mod date;
pub mod detect;
pub mod disk_order;
pub mod document;
pub mod facts;
pub mod folder_listing;
pub mod hashes;
pub mod index;
pub mod intern;
pub mod kept_buffers;
pub mod keyed_lists;
pub mod line_index;
pub mod mention_codec;
pub mod mention_lists;
pub mod parallel;
pub mod people;
pub mod reference;
pub mod search_text;
pub mod summary;
pub mod walk;
pub mod workspace;

pub use facts::{cable_facts, CableFacts};
