//! `people --json`: each person's mentions with file, line, columns and
//! the text exactly as written, read back from the files (the index keeps
//! no text), each file once and on the worker threads.
//!
//! Gathered compactly before printing: a mention is a few numbers and a
//! range of one shared text, its file a number. A whole archive has ten
//! million mentions; with a path and a text of their own each, they took
//! some 2.5 GB beside the index before the first byte was printed.

use super::files::{read_text, FileError};
use crate::ide::people_list::PersonEntry;
use crate::model::index::WorkspaceIndex;
use crate::model::parallel;
use serde::ser::{Serialize, Serializer};

/// The persons and their mentions, ready to print as one JSON array of
/// `{name, mentions: [{file, line, start, end, end_line?, text}]}`.
pub struct Listing<'a> {
    people: &'a [PersonEntry],
    /// Per person, its mentions in the index's order.
    mentions: Vec<Vec<Row>>,
    /// Each indexed file's path as printed, by file number.
    files: Vec<String>,
    /// The mentions' texts one after the other.
    texts: String,
}

/// One mention: where it is, and its text in [`Listing::texts`].
struct Row {
    file: u32,
    line: u32,
    start: u32,
    end: u32,
    end_line: Option<u32>,
    /// Until the files are read, the byte offset of the mention in its
    /// file; then that of its text in [`Listing::texts`].
    at: usize,
    len: u32,
}

/// How many files' texts are read before they are added to the shared
/// text: the texts wait in memory only a batch at a time.
const FILES_PER_BATCH: usize = 4096;

impl<'a> Listing<'a> {
    /// The mentions of `people` in `index`, their texts read from the
    /// files; a file that cannot be read again is added to `file_errors`
    /// and its mentions keep an empty text.
    pub fn read(
        index: &WorkspaceIndex,
        people: &'a [PersonEntry],
        file_errors: &mut Vec<FileError>,
    ) -> Listing<'a> {
        let mut mentions: Vec<Vec<Row>> = Vec::with_capacity(people.len());
        for p in people {
            let rows = index
                .mentions_of(p.id)
                .into_iter()
                .filter_map(|(cable_ref, mention, location)| {
                    let file = index.files.get(cable_ref.file as usize)?;
                    let cable = file.summary.cables().get(cable_ref.cable as usize)?;
                    let range = location.range;
                    Some(Row {
                        file: cable_ref.file,
                        line: range.start.line,
                        start: range.start.chars,
                        end: range.end.chars,
                        end_line: (range.end.line != range.start.line).then_some(range.end.line),
                        at: cable.start + mention.span.start as usize,
                        len: mention.span.end.saturating_sub(mention.span.start),
                    })
                })
                .collect();
            mentions.push(rows);
        }
        // Per file, the mentions to read there: (person, mention) numbers.
        let mut by_file: Vec<Vec<(u32, u32)>> = vec![Vec::new(); index.files.len()];
        for (p, rows) in mentions.iter().enumerate() {
            for (m, row) in rows.iter().enumerate() {
                if let Some(list) = by_file.get_mut(row.file as usize) {
                    list.push((p as u32, m as u32));
                }
            }
        }
        let listed: Vec<usize> = (0..by_file.len())
            .filter(|&f| by_file.get(f).is_some_and(|refs| !refs.is_empty()))
            .collect();
        let threads = parallel::cores();
        let mut texts = String::new();
        for batch in listed.chunks(FILES_PER_BATCH) {
            // Each file's mention texts, one after the other, and the
            // length of each (none where the file no longer holds it).
            let read = parallel::map(batch, threads, |&f| {
                let path = index.files.get(f).map(|file| &file.path)?;
                let text = match read_text(path) {
                    Ok(text) => text,
                    Err(message) => return Some(Err(message)),
                };
                let refs = by_file.get(f)?;
                let mut found = String::new();
                let mut lens = Vec::with_capacity(refs.len());
                for &(p, m) in refs {
                    let row = mentions.get(p as usize).and_then(|r| r.get(m as usize));
                    let one = row
                        .and_then(|row| text.get(row.at..row.at + row.len as usize))
                        .unwrap_or_default();
                    found.push_str(one);
                    lens.push(one.len() as u32);
                }
                Some(Ok((found, lens)))
            });
            for (&f, found) in batch.iter().zip(read) {
                let refs = by_file.get(f).map(Vec::as_slice).unwrap_or_default();
                let (found, lens) = match found.flatten() {
                    Some(Ok(found)) => found,
                    failed => {
                        let message = failed
                            .and_then(Result::err)
                            .unwrap_or_else(|| "could not be read".to_string());
                        if let Some(file) = index.files.get(f) {
                            file_errors.push(FileError {
                                path: file.path.to_path_buf(),
                                message: format!("changed while read: {message}"),
                            });
                        }
                        (String::new(), Vec::new())
                    }
                };
                // The texts come in the order of `refs`, each of its own
                // length; a file that could not be read gives none.
                let mut from = 0;
                for (i, &(p, m)) in refs.iter().enumerate() {
                    let len = lens.get(i).map_or(0, |&n| n as usize);
                    let text = found.get(from..from + len).unwrap_or_default();
                    from += len;
                    if let Some(row) = mentions
                        .get_mut(p as usize)
                        .and_then(|r| r.get_mut(m as usize))
                    {
                        row.at = texts.len();
                        row.len = text.len() as u32;
                        texts.push_str(text);
                    }
                }
            }
        }
        let files = index
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        Listing {
            people,
            mentions,
            files,
            texts,
        }
    }
}

#[derive(serde::Serialize)]
struct PersonJson<'a> {
    name: &'a str,
    mentions: MentionsJson<'a>,
}

struct MentionsJson<'a> {
    rows: &'a [Row],
    listing: &'a Listing<'a>,
}

#[derive(serde::Serialize)]
struct MentionJson<'a> {
    file: &'a str,
    line: u32,
    start: u32,
    end: u32,
    /// Only for a name wrapped over a line break: the line `end` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    text: &'a str,
}

impl Serialize for Listing<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.people
                .iter()
                .zip(&self.mentions)
                .map(|(p, rows)| PersonJson {
                    name: &p.name,
                    mentions: MentionsJson {
                        rows,
                        listing: self,
                    },
                }),
        )
    }
}

impl Serialize for MentionsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Listing { files, texts, .. } = self.listing;
        s.collect_seq(self.rows.iter().map(|row| {
            MentionJson {
                file: files.get(row.file as usize).map_or("", String::as_str),
                line: row.line,
                start: row.start,
                end: row.end,
                end_line: row.end_line,
                text: texts
                    .get(row.at..row.at + row.len as usize)
                    .unwrap_or_default(),
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::people_list::people_list;
    use crate::ide::world::World;
    use crate::model::workspace::FileSummary;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    const CABLE: &str = include_str!("../../examples/000_2fe200cbb93dc52e.txt");

    /// A mention's text found from its line and character columns, the
    /// way an editor would, not from its byte offsets.
    fn at_columns(text: &str, line: u64, start: u64, end: u64) -> String {
        let line = text.lines().nth(line as usize).unwrap_or_default();
        line.chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect()
    }

    #[test]
    fn texts_are_read_back_from_the_files_and_a_changed_file_is_reported() {
        let dir: PathBuf =
            std::env::temp_dir().join(format!("cable-ls-people-json-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let names = ["a.txt", "b.txt", "c.txt"];
        let files = names
            .iter()
            .map(|name| {
                let path = dir.join(name);
                std::fs::write(&path, CABLE).unwrap();
                let summary = Arc::new(FileSummary::of_text(CABLE));
                (Arc::<Path>::from(path.as_path()), summary, false)
            })
            .collect();
        let index = WorkspaceIndex::build_with(files, &Default::default());
        let world = World {
            index: Arc::new(index),
            indexing: None,
        };
        let people = people_list(&world, "");
        // Changed since it was indexed: b.txt cut inside its paragraph 2
        // (after the fourth of its eight names), c.txt gone.
        let head = CABLE.find("Raimondo").unwrap();
        std::fs::write(dir.join("b.txt"), &CABLE[..head]).unwrap();
        std::fs::remove_file(dir.join("c.txt")).unwrap();
        let mut errors = Vec::new();
        let listing = Listing::read(&world.index, &people, &mut errors);
        let json = serde_json::to_value(&listing).unwrap();

        let errors: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.path.display(), e.message))
            .collect();
        assert_eq!(
            errors,
            [format!(
                "{}: changed while read: no such file or folder",
                dir.join("c.txt").display()
            )]
        );
        let mut seen = Vec::new();
        for person in json.as_array().unwrap() {
            for m in person["mentions"].as_array().unwrap() {
                let file = m["file"].as_str().unwrap();
                let name = Path::new(file).file_name().unwrap().to_str().unwrap();
                let text = m["text"].as_str().unwrap();
                let (line, start, end) = (
                    m["line"].as_u64().unwrap(),
                    m["start"].as_u64().unwrap(),
                    m["end"].as_u64().unwrap(),
                );
                assert!(m.get("end_line").is_none(), "{m}");
                let expected = match name {
                    // Unchanged: the text as written where the columns say.
                    "a.txt" => at_columns(CABLE, line, start, end),
                    // Cut: what is left of it, and nothing past the cut.
                    "b.txt" => at_columns(&CABLE[..head], line, start, end),
                    _ => String::new(),
                };
                assert_eq!(text, expected, "{name} {m}");
                seen.push((
                    person["name"].as_str().unwrap().to_string(),
                    name.to_string(),
                    text.to_string(),
                ));
            }
        }
        // Every file's mentions are listed, whatever became of the file.
        assert_eq!(seen.iter().filter(|s| s.1 == "a.txt").count(), 8);
        assert_eq!(seen.iter().filter(|s| s.1 == "b.txt").count(), 8);
        assert_eq!(seen.iter().filter(|s| s.1 == "c.txt").count(), 8);
        let in_a: Vec<&str> = seen
            .iter()
            .filter(|s| s.1 == "a.txt")
            .map(|s| s.2.as_str())
            .collect();
        let in_b: Vec<&str> = seen
            .iter()
            .filter(|s| s.1 == "b.txt")
            .map(|s| s.2.as_str())
            .collect();
        assert!(in_a.iter().all(|t| !t.is_empty()), "{in_a:?}");
        let mut kept: Vec<&str> = in_b.iter().copied().filter(|t| !t.is_empty()).collect();
        kept.sort_unstable();
        assert_eq!(
            kept,
            ["D'Alema", "Jonathan R. Cohen", "Prodi", "Stefano Sannino"]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
