//! The `positionEncoding` negotiated with the client. The one converter
//! between byte offsets and positions in that encoding is `convert.rs`
//! (client positions into a rope) with `model::summary::rope_pos` (offsets
//! to line and columns in every encoding).

/// The `positionEncoding` agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}
