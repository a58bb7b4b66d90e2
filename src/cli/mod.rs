//! The command line: `serve` (the language server), `check`, `inspect`,
//! `people`, `index`, and the
//! argument handling they share. Each command writes to the streams it is given
//! so tests can run it in-process.

pub mod check;
pub mod files;
pub mod index;
pub mod inspect;
pub mod people;
mod people_json;

use std::io::Write;
use std::path::PathBuf;

pub const USAGE: &str = "\
cable-ls: language server and command line for diplomatic cable files

Usage:
  cable-ls [serve]                       speak the Language Server Protocol on stdio
  cable-ls check [--format text|json] PATH...
                                         diagnostics for cable files (folders recursively)
  cable-ls inspect [--tree] FILE|-       the cables of a document as JSON
  cable-ls index [--json] [--no-cache] FOLDER
                                         index a folder as the language server does
                                         (with its index cache); print counts,
                                         timings and peak memory
  cable-ls people [--json] PATH...       every person named, most mentioned first
                                         (--json: each mention's file, line,
                                         columns in characters and text)
  cable-ls help | --help                 this text
  cable-ls --version

Exit status of check: 0 no errors, 1 errors found, 2 usage or I/O error.
";

/// Runs the command line `args` (without the program name); returns the exit status.
pub fn main_with(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(cmd) = args.first() else {
        return serve(err);
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "serve" => serve(err),
        "check" => {
            let mut format = check::Format::Text;
            let mut paths = Vec::new();
            let mut i = 0;
            while i < rest.len() {
                match rest[i].as_str() {
                    "--format" => {
                        format = match rest.get(i + 1).map(String::as_str) {
                            Some("json") => check::Format::Json,
                            Some("text") => check::Format::Text,
                            other => {
                                return usage_error(
                                    err,
                                    &format!(
                                        "--format takes text or json, not {}",
                                        other.unwrap_or("nothing")
                                    ),
                                )
                            }
                        };
                        i += 1;
                    }
                    "--format=json" => format = check::Format::Json,
                    "--format=text" => format = check::Format::Text,
                    a if a.starts_with("--") => {
                        return usage_error(err, &format!("unknown option {a}"))
                    }
                    a => paths.push(PathBuf::from(a)),
                }
                i += 1;
            }
            if paths.is_empty() {
                return usage_error(err, "check needs at least one file or folder");
            }
            check::run(&paths, format, out, err)
        }
        "inspect" => {
            let mut tree = false;
            let mut file = None;
            for a in rest {
                match a.as_str() {
                    "--tree" => tree = true,
                    "-" => file = Some("-".to_string()),
                    a if a.starts_with("--") => {
                        return usage_error(err, &format!("unknown option {a}"))
                    }
                    a if file.is_none() => file = Some(a.to_string()),
                    _ => {
                        return usage_error(err, "inspect takes one file (or - for standard input)")
                    }
                }
            }
            match file {
                Some(f) => inspect::run(&f, tree, out, err),
                None => usage_error(err, "inspect needs a file (or - for standard input)"),
            }
        }
        "index" => {
            let mut json = false;
            let mut use_cache = true;
            let mut folder = None;
            for a in rest {
                match a.as_str() {
                    "--json" => json = true,
                    "--no-cache" => use_cache = false,
                    a if a.starts_with("--") => {
                        return usage_error(err, &format!("unknown option {a}"))
                    }
                    a if folder.is_none() => folder = Some(PathBuf::from(a)),
                    _ => return usage_error(err, "index takes one folder"),
                }
            }
            match folder {
                Some(f) => index::run(&f, json, use_cache, out, err),
                None => usage_error(err, "index needs a folder"),
            }
        }
        "people" => {
            let mut json = false;
            let mut paths = Vec::new();
            for a in rest {
                match a.as_str() {
                    "--json" => json = true,
                    a if a.starts_with("--") => {
                        return usage_error(err, &format!("unknown option {a}"))
                    }
                    a => paths.push(PathBuf::from(a)),
                }
            }
            if paths.is_empty() {
                return usage_error(err, "people needs at least one file or folder");
            }
            people::run(&paths, json, out, err)
        }
        "help" | "--help" | "-h" => {
            let _ = write!(out, "{USAGE}");
            0
        }
        "--version" | "-V" => {
            let _ = writeln!(out, "cable-ls {}", env!("CARGO_PKG_VERSION"));
            0
        }
        other => usage_error(err, &format!("unknown command {other}")),
    }
}

fn usage_error(err: &mut dyn Write, message: &str) -> i32 {
    let _ = writeln!(err, "cable-ls: {message}\n\n{USAGE}");
    2
}

fn serve(err: &mut dyn Write) -> i32 {
    match crate::lsp::serve() {
        Ok(crate::lsp::Ending::Shutdown) => 0,
        Ok(crate::lsp::Ending::WithoutShutdown) => 1,
        Err(e) => {
            let _ = writeln!(err, "cable-ls: the language server could not start: {e:#}");
            1
        }
    }
}
