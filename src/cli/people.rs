//! `cable-ls people PATH... [--json]`: every person the cables name, most
//! mentioned first, from the same engine and index the language server's
//! references and hovers read. With `--json`, each person's mentions with
//! file, 0-based line, columns in characters and the text exactly as
//! written. The folders' `.cable-ls.toml` `[people]` corrections apply.

use super::files::{candidates, map_cable_files, read_text, FileError};
use crate::ide::people_list::people_list;
use crate::ide::world::World;
use crate::model::config::{read_config_files, Config};
use crate::model::index::WorkspaceIndex;
use crate::model::parallel;
use crate::model::workspace::FileSummary;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Serialize)]
struct PersonJson {
    name: String,
    mentions: Vec<MentionJson>,
}

#[derive(Serialize)]
struct MentionJson {
    file: String,
    line: u32,
    start: u32,
    end: u32,
    /// Only for a name wrapped over a line break: the line `end` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    text: String,
}

/// Runs the command; 2 when a file could not be read (the others are
/// still listed), else 0.
pub fn run(paths: &[PathBuf], json: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file_errors: Vec<FileError> = Vec::new();
    let mut files = Vec::new();
    map_cable_files(
        &candidates(paths, &mut file_errors),
        |_, text| Arc::new(FileSummary::of_text(text)),
        |path, result| match result {
            Ok(summary) => files.push((Arc::from(path), summary, false)),
            Err(message) => file_errors.push(FileError {
                path: path.to_path_buf(),
                message,
            }),
        },
    );
    let n_files = files.len();
    // The `[people]` corrections of the folders' `.cable-ls.toml`, as the
    // server applies them.
    let folders: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
    let (patches, errors) = read_config_files(&folders);
    for e in &errors {
        let _ = writeln!(err, "cable-ls: {e}");
    }
    let mut config = Config::default();
    for p in &patches {
        config.apply(p);
    }
    let world = World {
        index: Arc::new(WorkspaceIndex::build_with(
            files,
            &config.people_overrides(),
        )),
        indexing: None,
    };
    let people = people_list(&world, "");
    if json {
        let listed = with_mentions(&world.index, &people, &mut file_errors);
        let _ = serde_json::to_writer_pretty(&mut *out, &listed);
        let _ = writeln!(out);
    } else {
        for p in &people {
            let titles = if p.titles.is_empty() {
                String::new()
            } else {
                format!(" ({})", p.titles.join(", "))
            };
            let _ = writeln!(
                out,
                "{:>6}  {}{}  [{} {}]",
                p.n_mentions,
                p.name,
                titles,
                p.n_cables,
                if p.n_cables == 1 { "cable" } else { "cables" }
            );
        }
    }
    for e in &file_errors {
        let _ = writeln!(err, "cable-ls: {}: {}", e.path.display(), e.message);
    }
    let n_mentions: usize = people.iter().map(|p| p.n_mentions).sum();
    let _ = writeln!(
        err,
        "{} people, {} mentions in {} cables of {} files",
        people.len(),
        n_mentions,
        world.index.n_cables(),
        n_files
    );
    if file_errors.is_empty() {
        0
    } else {
        2
    }
}

/// The persons with their mentions' texts, read back from the files (the
/// index keeps no text), each file once.
fn with_mentions(
    index: &WorkspaceIndex,
    people: &[crate::ide::people_list::PersonEntry],
    file_errors: &mut Vec<FileError>,
) -> Vec<PersonJson> {
    // Per person, per mention: the file and absolute byte range to read.
    let mut wanted: Vec<Vec<(u32, usize, usize, MentionJson)>> = Vec::new();
    for p in people {
        let mentions = index
            .mentions_of(p.id)
            .into_iter()
            .filter_map(|(cable_ref, mention, location)| {
                let file = index.files.get(cable_ref.file as usize)?;
                let cable = file.summary.cables().get(cable_ref.cable as usize)?;
                let (start, end) = (
                    cable.start + mention.span.start as usize,
                    cable.start + mention.span.end as usize,
                );
                let range = location.range;
                Some((
                    cable_ref.file,
                    start,
                    end,
                    MentionJson {
                        file: display(&file.path),
                        line: range.start.line,
                        start: range.start.chars,
                        end: range.end.chars,
                        end_line: (range.end.line != range.start.line).then_some(range.end.line),
                        text: String::new(),
                    },
                ))
            })
            .collect();
        wanted.push(mentions);
    }
    let mut by_file: Vec<Vec<(usize, usize)>> = vec![Vec::new(); index.files.len()];
    for (p, mentions) in wanted.iter().enumerate() {
        for (m, (file, ..)) in mentions.iter().enumerate() {
            if let Some(list) = by_file.get_mut(*file as usize) {
                list.push((p, m));
            }
        }
    }
    // Each file's mention texts, read on the worker threads.
    let listed: Vec<usize> = (0..by_file.len())
        .filter(|&f| by_file.get(f).is_some_and(|refs| !refs.is_empty()))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let texts = parallel::map(&listed, threads, |&f| {
        let path = &index.files[f].path;
        let text = read_text(path)?;
        Ok::<_, String>(
            by_file[f]
                .iter()
                .map(|&(p, m)| {
                    let (_, start, end, _) = &wanted[p][m];
                    text.get(*start..*end).unwrap_or_default().to_string()
                })
                .collect::<Vec<String>>(),
        )
    });
    for (&f, read) in listed.iter().zip(texts) {
        match read {
            Some(Ok(texts)) => {
                for (&(p, m), text) in by_file[f].iter().zip(texts) {
                    wanted[p][m].3.text = text;
                }
            }
            Some(Err(message)) => file_errors.push(FileError {
                path: index.files[f].path.to_path_buf(),
                message: format!("changed while read: {message}"),
            }),
            None => file_errors.push(FileError {
                path: index.files[f].path.to_path_buf(),
                message: "changed while read: could not be read".to_string(),
            }),
        }
    }
    people
        .iter()
        .zip(wanted)
        .map(|(p, mentions)| PersonJson {
            name: p.name.clone(),
            mentions: mentions.into_iter().map(|(.., m)| m).collect(),
        })
        .collect()
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
