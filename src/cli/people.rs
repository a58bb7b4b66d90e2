//! `cable-ls people PATH... [--json]`: every person the cables name, most
//! mentioned first, from the same engine and index the language server's
//! references and hovers read. With `--json`, each person's mentions with
//! file, 0-based line, columns in characters and the text exactly as
//! written (`people_json.rs`). The folders' `.cable-ls.toml` `[people]`
//! corrections apply.

use super::files::{candidates, map_cable_files, report_errors, FileError};
use super::people_json::Listing;
use crate::ide::people_list::people_list;
use crate::ide::world::World;
use crate::model::config::Config;
use crate::model::index::WorkspaceIndex;
use crate::model::workspace::FileSummary;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// Runs the command; 2 when a file could not be read (the others are
/// still listed), else 0.
pub fn run(paths: &[PathBuf], json: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file_errors: Vec<FileError> = Vec::new();
    let mut files = Vec::new();
    let found = candidates(paths, &mut file_errors);
    map_cable_files(
        &found,
        &mut file_errors,
        |file, text| match file.found() {
            true => FileSummary::of_cable_text(text).map(Arc::new),
            false => Some(Arc::new(FileSummary::of_text(text))),
        },
        |path, summary| files.push((Arc::from(path), summary, false)),
    );
    let n_files = files.len();
    // The `[people]` corrections of the folders' `.cable-ls.toml`, as the
    // server applies them: each folder's over the one before, key by key.
    let mut config = Config::default();
    for folder in &found.folders {
        config.apply(&folder.patch);
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
        let listed = Listing::read(&world.index, &people, &mut file_errors);
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
    report_errors(&file_errors, out, err);
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
