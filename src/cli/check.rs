//! `cable-ls check PATH...`: diagnostics for every cable file under the paths,
//! as compiler-style lines or one JSON array.

use super::files::{collect, read_text, FileError};
use crate::ide::diagnostics::{check_document, Severity};
use crate::ide::inspect::diagnostic_json;
use crate::model::line_index::LineIndex;
use crate::syntax::parse;
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Runs the check and returns the exit status: 2 on I/O errors, 1 when an
/// error-severity diagnostic was found, 0 otherwise.
pub fn run(paths: &[PathBuf], format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file_errors: Vec<FileError> = Vec::new();
    let files = collect(paths, &mut file_errors);
    let mut json = Vec::new();
    let mut counts = [0usize; 4];
    let mut n_cables = 0;
    let mut n_read = 0;
    for path in &files {
        let text = match read_text(path) {
            Ok(t) => t,
            Err(message) => {
                file_errors.push(FileError {
                    path: path.clone(),
                    message,
                });
                continue;
            }
        };
        n_read += 1;
        let parse = parse(&text);
        n_cables += parse.cables.len();
        let index = LineIndex::new(&text);
        let name = path.display().to_string();
        for d in check_document(&text, &parse) {
            counts[d.severity as usize] += 1;
            match format {
                Format::Text => {
                    let (line, col) = index.position(&text, d.span.start as usize);
                    let _ = writeln!(
                        out,
                        "{name}:{}:{}: {}[{}]: {}",
                        line + 1,
                        col + 1,
                        d.severity.as_str(),
                        d.code,
                        d.message
                    );
                }
                Format::Json => json.push(diagnostic_json(&name, &text, &index, &d)),
            }
        }
    }
    if format == Format::Json {
        let _ = serde_json::to_writer_pretty(&mut *out, &json);
        let _ = writeln!(out);
    }
    for e in &file_errors {
        let _ = writeln!(err, "cable-ls: {}: {}", e.path.display(), e.message);
    }
    let _ = writeln!(
        err,
        "checked {} file{}, {} cable{}: {} error{}, {} warning{}, {} info, {} hint{}",
        n_read,
        plural(n_read),
        n_cables,
        plural(n_cables),
        counts[Severity::Error as usize],
        plural(counts[Severity::Error as usize]),
        counts[Severity::Warning as usize],
        plural(counts[Severity::Warning as usize]),
        counts[Severity::Info as usize],
        counts[Severity::Hint as usize],
        plural(counts[Severity::Hint as usize]),
    );
    if !file_errors.is_empty() {
        2
    } else if counts[Severity::Error as usize] > 0 {
        1
    } else {
        0
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
