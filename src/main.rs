fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    if std::path::Path::new(&path).is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let parse = cable_ls::syntax::parse(&text);
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            for c in &parse.cables {
                let numbered = c.paragraphs.iter().filter(|p| p.marker.is_some()).count();
                println!(
                    "{name} {:?} tid={} dtg={} banner={} eo={} tags={} subj={} refs={} cb={} paras={}/{} heads={} sig={} unk={} pre={}",
                    c.shape,
                    c.transmission_id.is_some() as u8,
                    c.dtg_line.is_some() as u8,
                    c.banners.len(),
                    c.eo.is_some() as u8,
                    c.tags.is_some() as u8,
                    c.subject.is_some() as u8,
                    c.refs.as_ref().map_or(0, |r| r.items.len()),
                    c.classified_by.as_ref().map_or(0, |r| r.people.len()),
                    numbered,
                    c.paragraphs.len(),
                    c.headings.len(),
                    c.signature.as_ref().map_or("-".to_string(), |s| s.span.text(c.text(&text)).to_string()),
                    c.unknown_lines.len(),
                    c.preamble.len(),
                );
            }
        }
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let p = cable_ls::syntax::parse(&text);
    print!("{}", cable_ls::syntax::render::render(&text, &p));
}
