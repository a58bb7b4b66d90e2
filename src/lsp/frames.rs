//! The client's byte stream cut into frames, each passed on only when it
//! holds a JSON-RPC message. The protocol library's reader stops for good at
//! the first frame it cannot decode (tokio-util's `FramedRead` ends its
//! stream after a decoding error), which would end the session on one bad
//! message; and it leaves requests for unknown `$/` methods unanswered,
//! though the protocol says they get "method not found". So a frame that is
//! not UTF-8 JSON, not a JSON-RPC 2.0 message or a `$/` request is replaced
//! by a request for [`REJECTED_METHOD`] carrying the error the client is
//! owed, with the original id where there was one; the server answers it
//! with that error. Headers are normalised to one `Content-Length`.

use serde_json::{json, Value};
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{ErrorCode, Request};

/// The method a rejected frame becomes; its handler answers with the
/// error in its params.
pub const REJECTED_METHOD: &str = "cableLs/rejectedMessage";

/// A header block this long without its end is not a header.
const MAX_HEADER_BYTES: usize = 8 * 1024;

#[derive(Default)]
pub struct FrameFilter {
    buffer: Vec<u8>,
    /// Where the unread bytes of `buffer` start.
    start: usize,
}

enum Header {
    Length(usize),
    /// A length, but a charset other than UTF-8.
    BadCharset(usize),
    Invalid(String),
}

impl FrameFilter {
    /// Takes bytes read from the client.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buffer.len() {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// The next frame for the protocol reader, once a whole one is
    /// buffered: always `Content-Length: N\r\n\r\n` and a body that
    /// decodes as a JSON-RPC message.
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        loop {
            let pending = &self.buffer[self.start..];
            if pending.is_empty() {
                return None;
            }
            let Some(header_end) = find(pending, b"\r\n\r\n") else {
                if pending.len() <= MAX_HEADER_BYTES {
                    return None;
                }
                tracing::warn!(
                    "dropped {} bytes that are not a message header",
                    pending.len()
                );
                self.start += resync(pending, pending.len());
                return Some(rejected(
                    Value::Null,
                    ErrorCode::ParseError,
                    "no message header",
                ));
            };
            let body_start = header_end + 4;
            let (length, charset_ok) = match parse_header(&pending[..header_end]) {
                Header::Length(n) => (n, true),
                Header::BadCharset(n) => (n, false),
                Header::Invalid(_) if pending[..header_end].iter().all(u8::is_ascii_whitespace) => {
                    // Blank lines between messages.
                    self.start += body_start;
                    continue;
                }
                Header::Invalid(why) => {
                    tracing::warn!("dropped a malformed message header: {why}");
                    self.start += resync(pending, body_start);
                    return Some(rejected(Value::Null, ErrorCode::ParseError, &why));
                }
            };
            if pending.len() - body_start < length {
                return None;
            }
            let body = &pending[body_start..body_start + length];
            self.start += body_start + length;
            if body.is_empty() {
                continue;
            }
            if !charset_ok {
                tracing::warn!("dropped a message in a charset other than UTF-8");
                return Some(rejected(
                    id_of(body),
                    ErrorCode::ParseError,
                    "messages must be UTF-8",
                ));
            }
            return Some(check_body(body));
        }
    }
}

/// The frame for one body: itself when it is a message the server can
/// take, else a rejection.
fn check_body(body: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(body) else {
        tracing::warn!("dropped a message that is not UTF-8");
        return rejected(Value::Null, ErrorCode::ParseError, "message not UTF-8");
    };
    // Every well-formed response also reads as a request (whose unknown
    // fields are ignored), so this one check covers both kinds.
    match serde_json::from_str::<Request>(text) {
        Ok(request) if request.id().is_some() && request.method().starts_with("$/") => {
            let message = format!("no method {}", request.method());
            rejected(id_of(body), ErrorCode::MethodNotFound, &message)
        }
        Ok(_) => frame(body),
        Err(e) => {
            tracing::warn!("dropped a message that is not JSON-RPC: {e}");
            let (id, code) = match serde_json::from_str::<Value>(text) {
                Ok(_) => (id_of(body), ErrorCode::InvalidRequest),
                Err(_) => (Value::Null, ErrorCode::ParseError),
            };
            rejected(id, code, &e.to_string())
        }
    }
}

/// The `Content-Length` of a header block (`Content-Type` must be
/// UTF-8 if given; other fields are ignored).
fn parse_header(block: &[u8]) -> Header {
    let Ok(block) = std::str::from_utf8(block) else {
        return Header::Invalid("header not UTF-8".into());
    };
    let (mut length, mut charset_ok) = (None, true);
    for line in block.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Header::Invalid(format!("header line without a colon: {line:?}"));
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("Content-Length") {
            match value.parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => return Header::Invalid(format!("bad Content-Length {value:?}")),
            }
        } else if name.eq_ignore_ascii_case("Content-Type") {
            charset_ok = value.split(';').skip(1).all(|param| {
                let param = param.trim().to_ascii_lowercase();
                param
                    .strip_prefix("charset=")
                    .is_none_or(|c| matches!(c.trim_matches('"'), "utf-8" | "utf8"))
            });
        }
    }
    match (length, charset_ok) {
        (Some(n), true) => Header::Length(n),
        (Some(n), false) => Header::BadCharset(n),
        (None, _) => Header::Invalid("no Content-Length".into()),
    }
}

/// How many bytes to skip after garbage: up to the next
/// `Content-Length` past the first byte, else `fallback`.
fn resync(pending: &[u8], fallback: usize) -> usize {
    find(&pending[1..], b"Content-Length").map_or(fallback, |i| (i + 1).min(fallback))
}

/// The request id of a JSON body, if it has a usable one.
fn id_of(body: &[u8]) -> Value {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Value::Null;
    };
    match value.get("id") {
        Some(id @ Value::String(_)) => id.clone(),
        Some(id @ Value::Number(n)) if n.is_i64() => id.clone(),
        _ => Value::Null,
    }
}

fn rejected(id: Value, code: ErrorCode, message: &str) -> Vec<u8> {
    let request = json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": REJECTED_METHOD,
        "params": {"code": code.code(), "message": message},
    });
    frame(request.to_string().as_bytes())
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A reader of the client's bytes through a [`FrameFilter`].
pub struct FilteredReader<R> {
    inner: R,
    filter: FrameFilter,
    /// The frame being handed out, and how much of it was.
    frame: Vec<u8>,
    frame_pos: usize,
    eof: bool,
    chunk: Box<[u8]>,
}

impl<R> FilteredReader<R> {
    pub fn new(inner: R) -> FilteredReader<R> {
        FilteredReader {
            inner,
            filter: FrameFilter::default(),
            frame: Vec::new(),
            frame_pos: 0,
            eof: false,
            chunk: vec![0; 64 * 1024].into_boxed_slice(),
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for FilteredReader<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if this.frame_pos < this.frame.len() {
                let n = buf.remaining().min(this.frame.len() - this.frame_pos);
                buf.put_slice(&this.frame[this.frame_pos..this.frame_pos + n]);
                this.frame_pos += n;
                return Poll::Ready(Ok(()));
            }
            if let Some(frame) = this.filter.next_frame() {
                this.frame = frame;
                this.frame_pos = 0;
                continue;
            }
            if this.eof {
                return Poll::Ready(Ok(()));
            }
            let mut read = ReadBuf::new(&mut this.chunk);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
            if read.filled().is_empty() {
                this.eof = true;
            } else {
                this.filter.push(read.filled());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The frames the filter makes of `input` fed in chunks of
    /// `chunk` bytes, as `(method or "-", id, error code)` per frame.
    fn run(input: &[u8], chunk: usize) -> Vec<String> {
        let mut filter = FrameFilter::default();
        let mut out = Vec::new();
        for piece in input.chunks(chunk.max(1)) {
            filter.push(piece);
            while let Some(frame) = filter.next_frame() {
                let text = String::from_utf8(frame).unwrap();
                let (header, body) = text.split_once("\r\n\r\n").unwrap();
                assert_eq!(header, format!("Content-Length: {}", body.len()));
                let value: Value = serde_json::from_str(body).unwrap();
                assert!(serde_json::from_str::<Request>(body).is_ok());
                out.push(format!(
                    "{} {} {}",
                    value["method"].as_str().unwrap_or("-"),
                    value["id"],
                    value["params"]["code"]
                ));
            }
        }
        out
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn good_frames_pass_and_bad_ones_become_rejections() {
        let input = [
            framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
            framed("{not json"),
            framed(r#"{"jsonrpc":"1.0","id":"a","method":"x"}"#),
            framed(r#"{"jsonrpc":"2.0","id":7,"method":"$/unknown"}"#),
            framed(r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#),
            "\r\n\r\n".to_string(),
            "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}".to_string(),
            "Content-Type: application/vscode-jsonrpc\r\n\r\n".to_string(),
            "garbage Content-Length: 2\r\n\r\n[]".to_string(),
            framed(r#"{"jsonrpc":"2.0","id":2,"result":null}"#),
            "Content-Length: 0\r\n\r\n".to_string(),
            framed("\u{FEFF}{}"),
        ]
        .concat();
        let expected = [
            "initialize 1 null",
            "cableLs/rejectedMessage null -32700",
            "cableLs/rejectedMessage \"a\" -32600",
            "cableLs/rejectedMessage 7 -32601",
            "$/cancelRequest null null",
            "cableLs/rejectedMessage null -32700",
            "cableLs/rejectedMessage null -32700",
            "cableLs/rejectedMessage null -32700",
            "cableLs/rejectedMessage null -32600",
            "- 2 null",
            "cableLs/rejectedMessage null -32700",
        ];
        for chunk in [1, 3, 17, input.len()] {
            assert_eq!(run(input.as_bytes(), chunk), expected, "chunk {chunk}");
        }
    }

    #[test]
    fn bytes_without_a_header_end_are_dropped_once_too_long() {
        let mut input = vec![b'x'; MAX_HEADER_BYTES + 1];
        input.extend_from_slice(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#).as_bytes());
        assert_eq!(
            run(&input, 1000),
            ["cableLs/rejectedMessage null -32700", "exit null null"]
        );
    }

    #[test]
    fn a_frame_waits_for_its_whole_body() {
        let mut filter = FrameFilter::default();
        filter.push(b"Content-Length: 40\r\n\r\n{");
        assert!(filter.next_frame().is_none());
    }
}
