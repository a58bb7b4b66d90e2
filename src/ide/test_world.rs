//! Fixtures for the workspace-level feature tests: a workspace built from
//! (file name, text) pairs, one of them open, with the cursor marked on a
//! line below the one it points at (texlab style, as cable text may hold
//! `$` and `|`), and locations rendered as `file:line:col`.

use super::world::{DocSnapshot, World};
use crate::model::document::Document;
use crate::model::index::{Location, WorkspaceIndex};
use crate::model::workspace::FileSummary;
use crate::syntax::Span;
use std::path::Path;
use std::sync::Arc;

/// The seed cables, as shipped in `examples/`.
pub(crate) const SEED_000: &str = include_str!("../../examples/000_2fe200cbb93dc52e.txt");
pub(crate) const SEED_003: &str = include_str!("../../examples/003_8c28089682284740.txt");

/// Seed 003 (06ROME3128) made to cite seed 000 (08ROME104).
pub(crate) fn seed_003_citing_000() -> String {
    assert!(SEED_003.contains("REF: STATE 186217"));
    SEED_003.replace("REF: STATE 186217", "REF: 08 ROME 104")
}

/// Seeds 000 (open), 001 and 003 citing 000: three Rome cables sharing
/// people, for workspace-wide lists.
pub(crate) fn three_rome_seeds() -> Fixture {
    let citing = seed_003_citing_000();
    Fixture::new(&[
        ("000.txt", SEED_000),
        (
            "001.txt",
            include_str!("../../examples/001_d1f1339951ffc235.txt"),
        ),
        ("003.txt", &citing),
    ])
}

/// Where a file of the fixture lives.
pub(crate) fn path_of(name: &str) -> Arc<Path> {
    Arc::from(Path::new(&format!("/ws/{name}")))
}

/// A workspace of `files`, `open` among them open in the editor (the others
/// summarised as files on disk), and the open one's snapshot.
pub(crate) fn world(files: &[(&str, &str)], open: &str) -> (World, DocSnapshot) {
    let mut snapshot = None;
    let mut summaries = Vec::new();
    for &(name, text) in files {
        let path = path_of(name);
        if name == open {
            let doc = Document::new(text, 1);
            summaries.push((
                Arc::clone(&path),
                Arc::new(FileSummary::of_document(&doc)),
                true,
            ));
            snapshot = Some(DocSnapshot::new(path, &doc));
        } else {
            summaries.push((path, Arc::new(FileSummary::of_text(text)), false));
        }
    }
    let world = World {
        index: Arc::new(WorkspaceIndex::build(summaries)),
        indexing: None,
    };
    (world, snapshot.expect("the open file is one of the files"))
}

/// Cuts the first marker line out of `fixture`: a line of blanks and one
/// `^`, standing under the character the cursor is on in the line above.
/// Returns the text without the marker line and the cursor's byte offset.
pub(crate) fn cursor(fixture: &str) -> (String, Option<usize>) {
    let mut text = String::new();
    let mut offset = None;
    let mut previous_line_start = 0;
    for line in fixture.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_marker = offset.is_none()
            && !text.is_empty()
            && bare.trim() == "^"
            && bare.chars().all(|c| c == ' ' || c == '^');
        if is_marker {
            let column = bare.chars().take_while(|&c| c == ' ').count();
            let previous_line = text[previous_line_start..].trim_end_matches(['\n', '\r']);
            let byte_column = previous_line
                .char_indices()
                .nth(column)
                .map_or(previous_line.len(), |(i, _)| i);
            offset = Some(previous_line_start + byte_column);
            continue;
        }
        previous_line_start = text.len();
        text.push_str(line);
    }
    (text, offset)
}

/// `text` with `marker` inserted as a line below the first line starting
/// with `line`, for marking a cursor in a seed cable:
///
/// ```text
/// mark(SEED_000, "REF: A) ROME 94",
///                "        ^")
/// ```
pub(crate) fn mark(text: &str, line: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len() + marker.len() + 1);
    let mut done = false;
    for l in text.split_inclusive('\n') {
        out.push_str(l);
        if !done && l.starts_with(line) {
            if !l.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(marker);
            out.push('\n');
            done = true;
        }
    }
    assert!(done, "no line starts with {line:?}");
    out
}

/// A workspace whose first file is open and may carry a cursor marker.
pub(crate) struct Fixture {
    pub world: World,
    pub doc: DocSnapshot,
    pub offset: Option<usize>,
    /// The texts as indexed (markers cut out).
    pub files: Vec<(String, String)>,
}

impl Fixture {
    pub(crate) fn new(files: &[(&str, &str)]) -> Fixture {
        let mut offset = None;
        let files: Vec<(String, String)> = files
            .iter()
            .enumerate()
            .map(|(i, &(name, text))| {
                let text = if i == 0 {
                    let (text, at) = cursor(text);
                    offset = at;
                    text
                } else {
                    text.to_string()
                };
                (name.to_string(), text)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let (world, doc) = world(&pairs, pairs.first().expect("a file").0);
        Fixture {
            world,
            doc,
            offset,
            files,
        }
    }

    /// The cursor's offset; the fixture must have marked one.
    pub(crate) fn cursor(&self) -> usize {
        self.offset.expect("the open file has a ^ marker line")
    }

    /// The open document's text at an absolute span.
    pub(crate) fn text_at(&self, span: Span) -> &str {
        self.files.first().map_or("", |(_, t)| span.text(t))
    }

    /// `file:line:col-line:col "text"`, the text looked up in the fixture.
    pub(crate) fn show(&self, l: &Location) -> String {
        let text = self
            .files
            .iter()
            .find(|(name, _)| *path_of(name) == *l.path)
            .and_then(|(_, t)| text_of_range(t, l))
            .unwrap_or_default();
        format!("{} {text:?}", render_location(l))
    }
}

/// `file:line:col-line:col`, 0-based lines, UTF-16 columns.
pub(crate) fn render_location(l: &Location) -> String {
    let name = l
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let (s, e) = (l.range.start, l.range.end);
    format!("{name}:{}:{}-{}:{}", s.line, s.utf16, e.line, e.utf16)
}

/// The text a location covers, from its byte columns.
fn text_of_range(text: &str, l: &Location) -> Option<String> {
    let starts = crate::syntax::lines::line_starts(text);
    let at = |line: u32, utf8: u32| Some(starts.get(line as usize)? + utf8 as usize);
    let (start, end) = (
        at(l.range.start.line, l.range.start.utf8)?,
        at(l.range.end.line, l.range.end.utf8)?,
    );
    text.get(start..end).map(str::to_string)
}

/// A small correct cable after seed 000 with the given banner serial,
/// subject and REF line (none if empty). Its id is `08ROME<serial>`.
pub(crate) fn small_cable(serial: &str, subject: &str, reference: &str) -> String {
    let reference = if reference.is_empty() {
        String::new()
    } else {
        format!("{reference}\n\n")
    };
    format!(
        "\
VZCZCXRO9950
OO RUEHFL RUEHKW RUEHXQ
DE RUEHRO #{serial_4} 0241223
ZNY CCCCC ZZH
O 241223Z JAN 08
FM AMEMBASSY ROME
TO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 9726
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
RUEHXQZ/AMEMBASSY NOWHERE PRIORITY 0340

C O N F I D E N T I A L ROME {serial}

SIPDIS

E.O. 12958: DECL: 01/31/2018
TAGS: PREL PGOV XQQQ KV
SUBJECT: {subject}

{reference}Classified By: Jonathan R. Cohen, Acting Political Minister Counselor,
for reasons 1.4 (b) and (d).

¶1. (C) The GOI is backing away from a push to postpone.

¶2. (S/NF) FM D'Alema told the Ambassador that Italy would wait.
SPOGLI
",
        serial_4 = &serial[serial.len().saturating_sub(4)..],
    )
}

/// `small_cable` as 08ROME104, citing 08ROME94 and 08ROME71.
pub(crate) fn cable_104() -> String {
    small_cable(
        "000104",
        "KOSOVO: ITALIANS MAY NOT SEEK TO DELAY",
        "REF: A) ROME 94 B) ROME 71",
    )
}
