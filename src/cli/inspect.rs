//! `cable-ls inspect FILE|-`: the cables of one document as a JSON array (or,
//! with `--tree`, the syntax tree as readable text).

use super::files::{read_stdin, read_text};
use crate::syntax::parse;
use std::io::Write;
use std::path::Path;

pub fn run(path: &str, tree: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let text = if path == "-" {
        read_stdin()
    } else {
        read_text(Path::new(path))
    };
    let text = match text {
        Ok(t) => t,
        Err(message) => {
            let _ = writeln!(err, "cable-ls: {path}: {message}");
            return 2;
        }
    };
    let parse = parse(&text);
    if tree {
        let _ = write!(out, "{}", crate::syntax::render::render(&text, &parse));
        return 0;
    }
    let cables = crate::ide::inspect::inspect(path, &text, &parse);
    let _ = serde_json::to_writer_pretty(&mut *out, &cables);
    let _ = writeln!(out);
    0
}
