//! A readable dump of the syntax tree, element by element with the text under
//! each span: the format of the parser's snapshot tests and of
//! `cable-ls inspect --tree`.

use super::span::Span;
use super::Parse;
use std::fmt::Write;

/// Renders every cable of `parse` over `text` (the whole document).
pub fn render(text: &str, parse: &Parse) -> String {
    let mut out = String::new();
    for (i, c) in parse.cables.iter().enumerate() {
        let ct = c.text(text);
        let _ = writeln!(
            out,
            "cable {i} {:?} @{}..{}",
            c.shape,
            c.start,
            c.start + c.len
        );
        let mut w = |label: &str, span: Span| {
            let t = span.text(ct).replace('\n', "⏎").replace('\r', "");
            let _ = writeln!(out, "  {label}: {t:?}");
        };
        for p in &c.preamble {
            w("preamble", *p);
        }
        if let Some(d) = c.distribution {
            w("distribution", d);
        }
        if let Some(t) = &c.transmission_id {
            w("transmission_id", t.span);
            w("  channel", t.channel);
            w("  sequence", t.sequence);
        }
        if let Some(r) = &c.routing {
            w("routing.prosign", r.prosign);
            for ri in &r.indicators {
                w("routing.ri", *ri);
            }
        }
        if let Some(d) = &c.de {
            w(
                if d.well_formed {
                    "de"
                } else {
                    "de (malformed)"
                },
                d.span,
            );
            for (l, s) in [
                ("station", d.station),
                ("serial", d.serial),
                ("section", d.section),
                ("julian_day", d.julian_day),
                ("time", d.time),
            ] {
                if let Some(s) = s {
                    w(&format!("  {l}"), s);
                }
            }
        }
        if let Some(s) = &c.security {
            w("security", s.span);
        }
        if let Some(d) = &c.dtg_line {
            w("dtg_line", d.span);
            w("  precedence", d.precedence);
            if let Some(i) = d.info_precedence {
                w("  info_precedence", i);
            }
            if let Some(t) = d.trailer {
                w("  trailer", t);
            }
        }
        if let Some(f) = &c.from {
            w("from", f.address);
        }
        for a in &c.addressees {
            let mut label = format!("{:?}", a.kind).to_lowercase();
            if let Some(ri) = a.routing_indicator {
                let _ = write!(label, " ri={}", ri.text(ct));
            }
            if let Some(p) = a.precedence {
                let _ = write!(label, " prec={}", p.text(ct));
            }
            if let Some(s) = a.serial {
                let _ = write!(label, " serial={}", s.text(ct));
            }
            if let Some(s) = a.office_symbol {
                let _ = write!(label, " symbol={}", s.text(ct));
            }
            if let Some(s) = a.stray {
                let _ = write!(label, " stray={}", s.text(ct));
            }
            w(&label, a.station);
        }
        for b in &c.banners {
            w("banner", b.span);
            w("  classification", b.classification);
            for (l, s) in [
                ("controls", b.controls),
                ("office", b.office),
                ("serial", b.serial),
                ("trailing", b.trailing),
            ] {
                if let Some(s) = s {
                    w(&format!("  {l}"), s);
                }
            }
            if let Some(s) = &b.section {
                w("  section", s.span);
            }
        }
        for cap in &c.captions {
            w("caption", cap.span);
        }
        for p in &c.passing {
            w("passing", *p);
        }
        if let Some(eo) = &c.eo {
            w(&format!("eo {:?}", eo.action), eo.span);
            if let Some(v) = eo.value {
                w("  value", v);
            }
        }
        if let Some(t) = &c.tags {
            for it in &t.items {
                w(
                    &format!(
                        "tag {:?}{}",
                        it.kind,
                        if it.markdown_link { " (link)" } else { "" }
                    ),
                    it.value,
                );
            }
        }
        if let Some(s) = &c.subject {
            if let Some(m) = s.marking {
                w("subject.marking", m);
            }
            for l in &s.lines {
                w("subject", *l);
            }
        }
        if let Some(r) = &c.refs {
            for it in &r.items {
                w(
                    &format!("ref {}", it.label.map_or("-", |l| l.text(ct))),
                    it.body,
                );
            }
        }
        if let Some(cb) = &c.classified_by {
            for p in &cb.people {
                w("classified_by.person", *p);
            }
            for t in &cb.titles {
                w("classified_by.title", *t);
            }
            if let Some(s) = cb.section {
                let letters: String = cb
                    .reasons
                    .iter()
                    .map(|r| r.span.text(ct))
                    .collect::<Vec<_>>()
                    .join(",");
                w(&format!("classified_by.reasons [{letters}]"), s);
            }
        }
        for h in &c.headings {
            w("heading", h.text);
        }
        for p in &c.paragraphs {
            let label = match &p.marker {
                Some(m) => format!(
                    "¶{} {:?}{}",
                    m.number,
                    m.style,
                    p.marking
                        .map_or(String::new(), |k| format!(" {}", k.text(ct)))
                ),
                None => format!(
                    "¶- {}",
                    p.marking.map_or(String::new(), |k| k.text(ct).to_string())
                ),
            };
            let body = Span {
                start: p.text_start,
                end: p.span.end,
            };
            let t = body.text(ct);
            let short: String = t.chars().take(40).collect();
            let tail: String = {
                let v: Vec<char> = t.chars().collect();
                v[v.len().saturating_sub(20)..].iter().collect()
            };
            w(
                &format!("{label} {:?} …", short.replace('\n', "⏎")),
                Span {
                    start: p.span.end - tail.len() as u32,
                    end: p.span.end,
                },
            );
        }
        for p in &c.page_headers {
            w("page_header", p.span);
        }
        for p in &c.stray_captions {
            w("stray_caption", *p);
        }
        for p in &c.unknown_lines {
            w("unknown", *p);
        }
        if let Some(s) = &c.signature {
            w(
                if s.glued {
                    "signature (glued)"
                } else {
                    "signature"
                },
                s.span,
            );
        }
        if let Some(s) = c.end_marker {
            w("end_marker", s);
        }
    }
    for e in &parse.errors {
        let _ = writeln!(out, "error {:?}: {}", e.span, e.message);
    }
    out
}
