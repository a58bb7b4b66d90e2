//! Conversions between the model's values (paths, byte offsets, ranges in
//! both encodings) and the protocol's (URIs, positions in the negotiated
//! encoding). Every position crossing the edge goes through here.

use super::position::Encoding;
use crate::model::index::Location as ModelLocation;
use crate::model::summary::{TextPos, TextRange};
use ropey::Rope;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

/// The path a document is known by. Non-file URIs (`untitled:`) keep their
/// text as a relative path, which no file on disk can clash with.
pub fn uri_to_path(uri: &Uri) -> PathBuf {
    if uri.scheme().as_str() == "file" {
        if let Some(path) = file_path(uri) {
            return path;
        }
    }
    PathBuf::from(uri.as_str())
}

/// The path of a `file:` URI, byte for byte: a file name that is not UTF-8
/// is a valid name on Unix, and a lossy decoding would name another file.
#[cfg(unix)]
fn file_path(uri: &Uri) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = uri.path().decode().to_bytes();
    if bytes.is_empty() {
        return None;
    }
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(&bytes)))
}

#[cfg(not(unix))]
fn file_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    if path.is_absolute() {
        file_uri(path)
    } else {
        Uri::from_str(&path.to_string_lossy()).ok()
    }
}

/// The `file:` URI of an absolute path, every byte but the unreserved ones
/// and `/` percent-encoded (as `Uri::from_file_path` does, without its
/// lossy step for names that are not UTF-8).
#[cfg(unix)]
fn file_uri(path: &Path) -> Option<Uri> {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let mut text = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            text.push(b as char);
        } else {
            let _ = write!(text, "%{b:02X}");
        }
    }
    Uri::from_str(&text).ok()
}

#[cfg(not(unix))]
fn file_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

pub fn pos(p: TextPos, encoding: Encoding) -> Position {
    Position {
        line: p.line,
        character: match encoding {
            Encoding::Utf8 => p.utf8,
            Encoding::Utf16 => p.utf16,
        },
    }
}

pub fn range(r: TextRange, encoding: Encoding) -> Range {
    Range {
        start: pos(r.start, encoding),
        end: pos(r.end, encoding),
    }
}

/// Locations converted with the URI of the last file remembered: answers
/// list many places per file in a row, and a URI costs a pass over the
/// path and a parse.
#[derive(Default)]
pub struct UriCache {
    last: Option<(std::sync::Arc<Path>, Uri)>,
}

impl UriCache {
    pub fn location(&mut self, l: &ModelLocation, encoding: Encoding) -> Option<Location> {
        let uri = match &self.last {
            Some((path, uri)) if std::sync::Arc::ptr_eq(path, &l.path) || **path == *l.path => {
                uri.clone()
            }
            _ => {
                let uri = path_to_uri(&l.path)?;
                self.last = Some((std::sync::Arc::clone(&l.path), uri.clone()));
                uri
            }
        };
        Some(Location {
            uri,
            range: range(l.range, encoding),
        })
    }
}

pub fn location(l: &ModelLocation, encoding: Encoding) -> Option<Location> {
    Some(Location {
        uri: path_to_uri(&l.path)?,
        range: range(l.range, encoding),
    })
}

/// The byte offset of a client position in a rope. A line past the end
/// gives the end of the text; a character past the end of its line gives
/// the line's end (before its terminator); a character inside a surrogate
/// pair gives the start of that character. Never panics.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_byte(line);
    let mut offset = line_start;
    let mut units = 0usize;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' {
            break;
        }
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > position.character as usize {
            break;
        }
        units += width;
        offset += c.len_utf8();
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::summary::rope_pos;

    // `¶` is 2 UTF-8 bytes and 1 UTF-16 unit; `’` 3 and 1; `é` 2 and 1;
    // `𝄞` (astral) 4 and 2.
    const TEXT: &str = "¶1. D’Alema é\r\n𝄞x\nend";

    fn p(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_round_trips_and_clamps() {
        let rope = Rope::from_str(TEXT);
        let x = TEXT.find('x').unwrap();
        assert_eq!(offset(&rope, p(1, 2), Encoding::Utf16), x);
        assert_eq!(pos(rope_pos(&rope, x), Encoding::Utf16), p(1, 2));
        let e = TEXT.find('é').unwrap();
        assert_eq!(offset(&rope, p(0, 12), Encoding::Utf16), e);
        assert_eq!(pos(rope_pos(&rope, e), Encoding::Utf16), p(0, 12));
        // Inside the surrogate pair: the astral character's start.
        assert_eq!(
            offset(&rope, p(1, 1), Encoding::Utf16),
            TEXT.find('𝄞').unwrap()
        );
        // Past the line's end: before `\r\n`; past the last line: the end.
        assert_eq!(
            offset(&rope, p(0, 999), Encoding::Utf16),
            TEXT.find('\r').unwrap()
        );
        assert_eq!(offset(&rope, p(99, 0), Encoding::Utf16), TEXT.len());
        assert_eq!(pos(rope_pos(&rope, 10_000), Encoding::Utf16), p(2, 3));
        let empty = Rope::new();
        assert_eq!(pos(rope_pos(&empty, 5), Encoding::Utf8), p(0, 0));
        assert_eq!(offset(&empty, p(3, 3), Encoding::Utf8), 0);
    }

    #[test]
    fn utf8_round_trips_and_clamps() {
        let rope = Rope::from_str(TEXT);
        let x = TEXT.find('x').unwrap();
        assert_eq!(offset(&rope, p(1, 4), Encoding::Utf8), x);
        assert_eq!(pos(rope_pos(&rope, x), Encoding::Utf8), p(1, 4));
        // Inside `¶`: its start.
        assert_eq!(offset(&rope, p(0, 1), Encoding::Utf8), 0);
        assert_eq!(pos(rope_pos(&rope, 1), Encoding::Utf8), p(0, 0));
        let a = TEXT.find('A').unwrap();
        assert_eq!(offset(&rope, p(0, 9), Encoding::Utf8), a);
    }

    #[test]
    fn paths_and_uris() {
        let uri = Uri::from_str("file:///tmp/cables/08ROME%201406.txt").unwrap();
        let path = uri_to_path(&uri);
        assert_eq!(path, PathBuf::from("/tmp/cables/08ROME 1406.txt"));
        assert_eq!(path_to_uri(&path).unwrap().as_str(), uri.as_str());
        // A name that is not UTF-8 keeps its bytes both ways.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9 #1?.txt"));
            let uri = path_to_uri(&path).unwrap();
            assert_eq!(uri.as_str(), "file:///tmp/caf%E9%20%231%3F.txt");
            assert_eq!(uri_to_path(&uri), path);
        }
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        let path = uri_to_path(&untitled);
        assert_eq!(path_to_uri(&path).unwrap(), untitled);
    }
}
