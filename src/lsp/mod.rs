//! The protocol edge. Only this module speaks in LSP terms; everything below it
//! works in byte offsets. It starts with the one position converter the server
//! uses for every request and notification.

pub mod position;
