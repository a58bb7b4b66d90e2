//! `cable-ls check PATH...`: diagnostics for every cable file under the paths,
//! as compiler-style lines or one JSON array.

use super::files::{candidates, map_cable_files, report_errors, Candidate, FileError};
use crate::ide::diagnostics::{check_document_without, Severity};
use crate::ide::inspect::diagnostic_json;
use crate::model::config::Config;
use crate::model::detect::is_cable_parse;
use crate::model::line_index::LineIndex;
use crate::syntax::parse;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// What the check of one file found: its diagnostics as printed (lines,
/// or the elements of the JSON array, separated by commas), and their
/// counts.
struct Checked {
    cables: usize,
    counts: [usize; 4],
    text: String,
}

/// Appends `element`, one value printed as pretty JSON, as an element of a
/// pretty-printed array: each of its lines indented by two blanks. JSON
/// strings hold no raw line break, so every line break is one of the
/// layout's. Printed on the worker threads, the elements then only need
/// the array's brackets and commas.
fn push_array_element(out: &mut String, element: &str) {
    for (i, line) in element.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(line);
    }
}

/// Checks one file's text, its diagnostics written as `format` asks;
/// `None` for a file found in a folder that is no cable. The rules the
/// file's folder disables in its settings (`config`) are not reported.
fn check_file(file: &Candidate, text: &str, config: &Config, format: Format) -> Option<Checked> {
    let parse = parse(text);
    if file.found() && !is_cable_parse(text, &parse) {
        return None;
    }
    let path = &file.path;
    let index = LineIndex::new(text);
    let name = path.display().to_string();
    let mut checked = Checked {
        cables: parse.cables.len(),
        counts: [0; 4],
        text: String::new(),
    };
    for d in check_document_without(text, &parse, &config.disabled_rules) {
        checked.counts[d.severity as usize] += 1;
        match format {
            Format::Text => {
                let (line, col) = index.position(text, d.span.start as usize);
                let _ = writeln!(
                    checked.text,
                    "{name}:{}:{}: {}[{}]: {}",
                    line + 1,
                    col + 1,
                    d.severity.as_str(),
                    d.code,
                    d.message
                );
            }
            Format::Json => {
                let value = diagnostic_json(&name, text, &index, &d);
                if let Ok(element) = serde_json::to_string_pretty(&value) {
                    if !checked.text.is_empty() {
                        checked.text.push_str(",\n");
                    }
                    push_array_element(&mut checked.text, &element);
                }
            }
        }
    }
    Some(checked)
}

/// Runs the check and returns the exit status: 2 on I/O errors, 1 when an
/// error-severity diagnostic was found, 0 otherwise.
pub fn run(paths: &[PathBuf], format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file_errors: Vec<FileError> = Vec::new();
    let files = candidates(paths, &mut file_errors);
    let defaults = Config::default();
    // Whether the JSON array has had an element yet.
    let mut listed = false;
    let mut counts = [0usize; 4];
    let mut n_cables = 0;
    let mut n_read = 0;
    map_cable_files(
        &files,
        &mut file_errors,
        |file, text| {
            let config = files.config_of(file).unwrap_or(&defaults);
            check_file(file, text, config, format)
        },
        |_, checked| {
            n_read += 1;
            n_cables += checked.cables;
            for (total, n) in counts.iter_mut().zip(checked.counts) {
                *total += n;
            }
            if format == Format::Json && !checked.text.is_empty() {
                let _ = out.write_all(if listed { b",\n" } else { b"[\n" });
                listed = true;
            }
            let _ = out.write_all(checked.text.as_bytes());
        },
    );
    if format == Format::Json {
        let _ = out.write_all(if listed { b"\n]\n" } else { b"[]\n" });
    }
    report_errors(&file_errors, out, err);
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
