//! A deterministic workspace of N cables recombined from a corpus, for the
//! scale benchmark. Cable `i` takes its header (banner, routing, captions)
//! from one corpus cable and its body (paragraphs, people, page headers)
//! from another, gets the unique serial `i + 1` everywhere its own number
//! is written (DE line, banners, page headers), and its cable REF items are
//! rewritten to cite cables generated before it, so the citation graph and
//! the people index have the shape of a real archive. Files are nested as
//! `YYYY/OFFICE/NNN/ID.txt`. Beside the N cables: a few cables of several
//! MB and one document of 5,000 concatenated cables.

use cable_ls::model::cable_facts;
use cable_ls::model::reference::ReferenceKind;
use cable_ls::syntax::{parse_cables_from, Span};
use std::path::{Path, PathBuf};

/// Bumped when the output changes, so stale workspaces are regenerated.
const VERSION: u32 = 1;

/// What a corpus cable lends.
struct Donor {
    text: String,
    /// End of the header: where the first paragraph starts.
    body_start: usize,
    office: String,
    year: i32,
    /// Where the cable's own serial is written.
    serial_sites: Vec<Span>,
    /// Cable REF items (the cited text).
    ref_sites: Vec<Span>,
}

fn donors(corpus: &Path) -> Vec<Donor> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(cable) = parse_cables_from(&text, 0).next() else {
            continue;
        };
        let facts = cable_facts(&text, &cable);
        let (Some(office), Some(date)) = (facts.office.clone(), facts.date) else {
            continue;
        };
        let Some(first) = cable.paragraphs.first() else {
            continue;
        };
        let mut serial_sites: Vec<Span> = Vec::new();
        serial_sites.extend(cable.de.as_ref().and_then(|d| d.serial));
        serial_sites.extend(cable.banners.iter().filter_map(|b| b.serial));
        serial_sites.extend(cable.page_headers.iter().map(|p| p.serial));
        serial_sites.sort();
        let ref_sites = facts
            .references
            .iter()
            .filter(|r| r.kind == ReferenceKind::Cable)
            .map(|r| r.span)
            .collect();
        let len = cable.len as usize;
        out.push(Donor {
            text: text[..len.min(text.len())].to_string(),
            body_start: first.span.start as usize,
            office,
            year: date.date.year,
            serial_sites,
            ref_sites,
        });
    }
    out
}

/// A small deterministic mixer (splitmix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d1_049b_1331_11eb);
    x ^ (x >> 31)
}

struct Generator {
    donors: Vec<Donor>,
}

impl Generator {
    fn header_of(&self, i: usize) -> &Donor {
        &self.donors[i % self.donors.len()]
    }

    fn body_of(&self, i: usize) -> &Donor {
        &self.donors[(mix(i as u64) % self.donors.len() as u64) as usize]
    }

    fn id(&self, i: usize) -> String {
        let h = self.header_of(i);
        format!("{:02}{}{}", h.year.rem_euclid(100), h.office, i + 1)
    }

    /// Cable `i`'s text and its path relative to the workspace root.
    fn cable(&self, i: usize) -> (PathBuf, String) {
        let h = self.header_of(i);
        let b = self.body_of(i);
        let serial = format!("{:06}", i + 1);
        let mut refs = 0u64;
        let mut text = String::with_capacity(h.body_start + b.text.len());
        // The header, own serial and REF items rewritten.
        let mut edits: Vec<(Span, String)> = Vec::new();
        for s in h
            .serial_sites
            .iter()
            .filter(|s| (s.end as usize) <= h.body_start)
        {
            edits.push((*s, serial.clone()));
        }
        for r in h
            .ref_sites
            .iter()
            .filter(|s| (s.end as usize) <= h.body_start)
        {
            refs += 1;
            let cited = if i == 0 {
                None
            } else {
                Some((mix(i as u64 * 31 + refs) % i as u64) as usize)
            };
            let replacement = match cited {
                Some(j) => {
                    let d = self.header_of(j);
                    format!("{:02} {} {}", d.year.rem_euclid(100), d.office, j + 1)
                }
                None => "STATE 1".to_string(),
            };
            edits.push((*r, replacement));
        }
        splice(&mut text, &h.text[..h.body_start], 0, &mut edits);
        // The body, its page headers numbered as this cable.
        let mut edits: Vec<(Span, String)> = b
            .serial_sites
            .iter()
            .filter(|s| (s.start as usize) >= b.body_start)
            .map(|s| (*s, serial.clone()))
            .collect();
        splice(&mut text, &b.text[b.body_start..], b.body_start, &mut edits);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let path = PathBuf::from(format!("{}", h.year))
            .join(&h.office)
            .join(format!("{:03}", i / 1000 % 1000))
            .join(format!("{}.txt", self.id(i)));
        (path, text)
    }
}

/// Appends `part` (which starts at `base` in its donor) with the `edits`
/// (donor offsets) applied.
fn splice(out: &mut String, part: &str, base: usize, edits: &mut [(Span, String)]) {
    edits.sort_by_key(|(s, _)| s.start);
    let mut at = 0;
    for (span, with) in edits.iter() {
        let (s, e) = (span.start as usize - base, span.end as usize - base);
        if s < at || e > part.len() || !part.is_char_boundary(s) || !part.is_char_boundary(e) {
            continue;
        }
        out.push_str(&part[at..s]);
        out.push_str(with);
        at = e;
    }
    out.push_str(&part[at..]);
}

/// Generates the workspace of `n` cables under `root` unless a complete one
/// of the same size and version is there. Returns the bytes of the N cables.
pub fn ensure_workspace(corpus: &Path, root: &Path, n: usize) -> std::io::Result<u64> {
    let stamp = root.join(".complete");
    let expected = format!("{VERSION} {n}");
    if let Ok(found) = std::fs::read_to_string(&stamp) {
        if let Some(bytes) = found.strip_prefix(&format!("{expected} ")) {
            if let Ok(bytes) = bytes.trim().parse() {
                return Ok(bytes);
            }
        }
    }
    let _ = std::fs::remove_dir_all(root);
    let generator = Generator {
        donors: donors(corpus),
    };
    if generator.donors.is_empty() {
        return Err(std::io::Error::other("no usable corpus cables"));
    }
    let mut bytes = 0u64;
    let mut five_thousand = String::new();
    for i in 0..n {
        let (path, text) = generator.cable(i);
        let path = root.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &text)?;
        bytes += text.len() as u64;
        if i < 5000 {
            five_thousand.push_str(&text);
        }
    }
    let big = root.join("big");
    std::fs::create_dir_all(&big)?;
    std::fs::write(big.join("5000-cables.txt"), &five_thousand)?;
    // Cables of several MB: one header, the bodies of many cables.
    for (k, n_bodies) in [(0usize, 200usize), (1, 400), (2, 600)] {
        let (_, mut text) = generator.cable(n + k);
        for j in 0..n_bodies {
            let b = generator.body_of(n + k * 1000 + j);
            text.push_str(&b.text[b.body_start..]);
            text.push('\n');
        }
        std::fs::write(big.join(format!("large-{k}.txt")), text)?;
    }
    std::fs::write(&stamp, format!("{expected} {bytes}"))?;
    Ok(bytes)
}
