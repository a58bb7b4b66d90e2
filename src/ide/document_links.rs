//! Document links: each REF item citing a cable that is in the workspace
//! links to that cable (its file, at its subject line).

use super::references::cited_cable;
use super::world::{DocSnapshot, World};
use crate::model::index::Location;
use crate::model::reference::ReferenceKind;
use crate::syntax::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Absolute span of the cited text.
    pub span: Span,
    pub target: Location,
    /// The cited id, for the tooltip.
    pub id: String,
}

pub fn document_links(world: &World, doc: &DocSnapshot) -> Vec<Link> {
    let mut out = Vec::new();
    for entry in doc.cables() {
        for r in &entry.analysis.facts.references {
            if r.kind != ReferenceKind::Cable {
                continue;
            }
            if let Some(target) = cited_cable(world, &r.value) {
                out.push(Link {
                    span: r.span.shift(entry.start as u32),
                    target,
                    id: r.value.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_world::{cable_104, seed_003_citing_000, small_cable, Fixture, SEED_000};
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// The links of the first file: linked text, cited id, target.
    fn check(files: &[(&str, &str)], expect: Expect) {
        let fixture = Fixture::new(files);
        let mut out = String::new();
        for link in document_links(&fixture.world, &fixture.doc) {
            let _ = writeln!(
                out,
                "[{}] {} -> {}",
                fixture.text_at(link.span),
                link.id,
                fixture.show(&link.target)
            );
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn only_the_reference_in_the_workspace_links() {
        let cited = small_cable("000094", "ITALY: A CITED CABLE", "");
        check(
            &[("104.txt", &cable_104()), ("094.txt", &cited)],
            expect![[r#"
                [ROME 94] 08ROME94 -> 094.txt:16:0-16:29 "SUBJECT: ITALY: A CITED CABLE"
            "#]],
        );
    }

    #[test]
    fn seed_citing_a_seed() {
        check(
            &[("003.txt", &seed_003_citing_000()), ("000.txt", SEED_000)],
            expect![[r#"
                [08 ROME 104] 08ROME104 -> 000.txt:36:0-37:27 "SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  \nDECLARATION OF INDEPENDENCE"
            "#]],
        );
    }

    #[test]
    fn no_reference_in_the_workspace() {
        check(&[("000.txt", SEED_000)], expect![[""]]);
    }

    #[test]
    fn crlf_files_link_to_the_same_lines() {
        let citing = seed_003_citing_000().replace('\n', "\r\n");
        let cited = SEED_000.replace('\n', "\r\n");
        check(
            &[("003.txt", &citing), ("000.txt", &cited)],
            expect![[r#"
                [08 ROME 104] 08ROME104 -> 000.txt:36:0-37:27 "SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  \r\nDECLARATION OF INDEPENDENCE"
            "#]],
        );
    }
}
