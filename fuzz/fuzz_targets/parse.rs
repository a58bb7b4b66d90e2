//! The parser and everything that reads its tree, on arbitrary text: no
//! panic, cables in order inside the text on character boundaries, and each
//! analysed cable's text is the document's text at its place.

#![no_main]

use cable_ls::ide::diagnostics::check_document;
use cable_ls::ide::inspect::inspect;
use cable_ls::model::detect::looks_like_cable;
use cable_ls::model::document::Document;
use cable_ls::model::workspace::FileSummary;
use cable_ls::syntax::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse(&text);
    let mut end = 0usize;
    for cable in &parsed.cables {
        let (start, stop) = (cable.start as usize, (cable.start + cable.len) as usize);
        assert!(start >= end, "cables out of order");
        assert!(stop <= text.len(), "cable past the end");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(stop));
        end = stop;
    }
    let _ = check_document(&text, &parsed);
    let _ = inspect("-", &text, &parsed);
    let _ = looks_like_cable(&text);
    let summary = FileSummary::of_text(&text);
    let document = Document::new(&text, 1);
    assert_eq!(summary.cables.len(), document.cables().len());
    for entry in document.cables().iter() {
        assert_eq!(
            text.get(entry.start..entry.end()),
            Some(entry.analysis.text.as_str())
        );
    }
});
