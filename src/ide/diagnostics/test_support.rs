//! Fixtures and rendering shared by the rule tests: one correct cable to damage
//! one defect at a time, and one line per diagnostic to snapshot.

use crate::model::line_index::LineIndex;

/// A correct header and banner, after seed 000.
pub(super) const CABLE: &str = "\
VZCZCXRO9950
OO RUEHFL RUEHKW
DE RUEHRO #0104 0241223
ZNY CCCCC ZZH
O 241223Z JAN 08
FM AMEMBASSY ROME
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9726
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
RUEHBW/AMEMBASSY BELGRADE PRIORITY 0340

C O N F I D E N T I A L ROME 000104

SIPDIS

E.O. 12958: DECL: 01/31/2018
TAGS: PREL PGOV SR KV
SUBJECT: KOSOVO: ITALIANS MAY NOT SEEK TO DELAY

¶1. (C) The GOI is backing away from a push to postpone.
SPOGLI
";

/// `CABLE` with `from` replaced by `to` (which must occur).
pub(super) fn defect(from: &str, to: &str) -> String {
    assert!(CABLE.contains(from), "{from:?} is not in the fixture");
    CABLE.replacen(from, to, 1)
}

pub(super) const SEED: &str = include_str!("../../../examples/000_2fe200cbb93dc52e.txt");

/// The seed cable with its conversion artefacts repaired: a correct cable.
pub(super) fn clean_seed() -> String {
    SEED.replace("[PREL](#) [PGOV](#) [SR](#) [KV](#)", "PREL PGOV SR KV")
        .replace("\n11. (C)", "\n¶1. (C)")
        .replace("\n12. (C)", "\n¶2. (C)")
        .replace("\n13. (C)", "\n¶3. (C)")
}

/// The clean seed with `from` replaced by `to` (which must occur once).
pub(super) fn seed_with(from: &str, to: &str) -> String {
    let clean = clean_seed();
    assert_eq!(clean.matches(from).count(), 1, "{from:?} must occur once");
    clean.replace(from, to)
}

/// The diagnostics of `fixture` whose code `keep` accepts, one per line:
/// `CODE severity line:col-line:col message [fix: "old" -> "new"]`, 0-based.
pub(super) fn render(fixture: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let parse = crate::syntax::parse(fixture);
    let index = LineIndex::new(fixture);
    let pos = |offset: u32| {
        let (line, col) = index.position(fixture, offset as usize);
        format!("{line}:{col}")
    };
    super::check_document(fixture, &parse)
        .into_iter()
        .filter(|d| keep(d.code))
        .map(|d| {
            let mut line = format!(
                "{} {} {}-{} {}",
                d.code,
                d.severity.as_str(),
                pos(d.span.start),
                pos(d.span.end),
                d.message
            );
            if let Some(fix) = &d.fix {
                line += &format!(
                    " fix: {:?} -> {:?}",
                    fix.span.text(fixture),
                    fix.replacement
                );
            }
            line
        })
        .collect()
}
