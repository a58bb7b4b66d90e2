//! IDE features as pure functions over parsed text: each module takes text and
//! syntax (and later a workspace snapshot) and returns plain structs. Nothing
//! here knows about the protocol.

pub mod diagnostics;
pub mod inspect;
