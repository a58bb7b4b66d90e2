//! The TAGS table (`tags.tsv`, 1,048 subject, program, geographic and
//! organization codes with short descriptions) and its case-insensitive lookups.

use std::sync::OnceLock;

use super::table::{self, TableError};

const TAGS_TSV: &str = include_str!("tags.tsv");

/// The slot a TAGS code fills (5 FAH-3 H-011): the table's `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TagKind {
    /// Four-letter subject category code, e.g. `PREL`.
    Subject,
    /// `K...` program tag or topic code, e.g. `KDEM`, `MEPP`.
    Program,
    /// Two-letter country or area code (FIPS 10-4 based), e.g. `IT`.
    Geographic,
    /// International organization or other body, e.g. `UNSC`, `NATO`.
    Organization,
}

impl TagKind {
    /// The word used in `tags.tsv` and in hovers.
    pub fn label(self) -> &'static str {
        match self {
            TagKind::Subject => "subject",
            TagKind::Program => "program",
            TagKind::Geographic => "geographic",
            TagKind::Organization => "organization",
        }
    }

    fn from_label(label: &str) -> Option<TagKind> {
        [
            TagKind::Subject,
            TagKind::Program,
            TagKind::Geographic,
            TagKind::Organization,
        ]
        .into_iter()
        .find(|kind| kind.label() == label)
    }
}

/// One row of the TAGS table. `description` is empty for the codes whose
/// meaning could not be established (listed in the reference README).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    pub code: &'static str,
    pub kind: TagKind,
    pub description: &'static str,
}

fn parse_tags(text: &'static str) -> Result<Vec<TagInfo>, TableError> {
    const TABLE: &str = "tags.tsv";
    let mut tags = Vec::new();
    for row in table::rows(TABLE, text, 3) {
        let (line, fields) = row?;
        let (code, kind, description) = (fields[0], fields[1], fields[2]);
        if !table::is_lookup_key(code) {
            return Err(TableError::BadKey {
                table: TABLE,
                line,
                key: code,
            });
        }
        let kind = TagKind::from_label(kind).ok_or(TableError::UnknownValue {
            table: TABLE,
            line,
            value: kind,
        })?;
        tags.push(TagInfo {
            code,
            kind,
            description,
        });
    }
    table::sort_unique(TABLE, &mut tags, |tag| tag.code)?;
    Ok(tags)
}

/// Every TAGS code, sorted by code (byte order), for completion.
pub fn all_tags() -> &'static [TagInfo] {
    static TAGS: OnceLock<Vec<TagInfo>> = OnceLock::new();
    // The table is compiled in and `tests::table_parses` parses it, so a
    // failure here can only come from a broken edit of tags.tsv.
    TAGS.get_or_init(|| parse_tags(TAGS_TSV).expect("embedded tags.tsv is well-formed"))
}

/// The row for a TAGS code, ignoring case (`prel` finds `PREL`). Called on
/// every code of every cable, so it upper-cases into a stack buffer and
/// binary-searches the sorted table instead of allocating.
pub fn lookup_tag(code: &str) -> Option<&'static TagInfo> {
    table::find_ignore_case(all_tags(), code, |tag| tag.code)
}

/// Subject codes after which the TAGS line names a person
/// (`TAGS: OVIP STEINBERG, JAMES B.`), so the following words are a name,
/// not codes. `OCON` (conferences) has no row in the table but is used the
/// same way.
const PERSON_TAGS: [&str; 5] = ["OVIP", "OEXC", "OTRA", "OREP", "OCON"];

/// Whether `code` is one of [`PERSON_TAGS`], ignoring case.
pub fn is_person_tag(code: &str) -> bool {
    PERSON_TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(code))
}

/// Codes written in place of the State Department's TAGS code, with the
/// code meant: ISO 3166 country codes (`RU`, `IQ`, `YE`), codes used for a
/// country in the corpus although they are not its FIPS/TAGS code (`VZ`,
/// `ZU`), and `EU`, which is Europa Island in FIPS 10-4 but written for the
/// European Union (`EUN`). Each pair is documented in its row of tags.tsv.
/// `CN` is left out: it is ISO for China but also the valid TAGS code of
/// the Comoros, so the writer's intent is not certain.
const ISO_MISUSES: [(&str, &str); 6] = [
    ("RU", "RS"),
    ("IQ", "IZ"),
    ("YE", "YM"),
    ("VZ", "VE"),
    ("ZU", "ZI"),
    ("EU", "EUN"),
];

/// The TAGS code meant when `code` is a non-State country code used in its
/// place (`ru` → `RS`), ignoring case; `None` for any other code.
pub fn iso_misuse(code: &str) -> Option<&'static str> {
    ISO_MISUSES
        .iter()
        .find(|(misused, _)| misused.eq_ignore_ascii_case(code))
        .map(|&(_, correct)| correct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses() {
        let tags = parse_tags(TAGS_TSV).expect("tags.tsv parses");
        assert_eq!(tags.len(), 1_048);
        let count = |kind| tags.iter().filter(|tag| tag.kind == kind).count();
        assert_eq!(count(TagKind::Subject), 112);
        assert_eq!(count(TagKind::Program), 46);
        assert_eq!(count(TagKind::Geographic), 296);
        assert_eq!(count(TagKind::Organization), 594);
    }

    #[test]
    fn malformed_rows_are_errors() {
        assert_eq!(
            parse_tags("code\tkind\tdescription\nPREL\tsubject\n"),
            Err(TableError::FieldCount {
                table: "tags.tsv",
                line: 2,
                expected: 3,
                found: 2
            })
        );
        assert_eq!(
            parse_tags("code\tkind\tdescription\nPREL\tverb\tx\n"),
            Err(TableError::UnknownValue {
                table: "tags.tsv",
                line: 2,
                value: "verb"
            })
        );
        assert_eq!(
            parse_tags("code\tkind\tdescription\nprel\tsubject\tx\n"),
            Err(TableError::BadKey {
                table: "tags.tsv",
                line: 2,
                key: "prel"
            })
        );
        assert_eq!(
            parse_tags("code\tkind\tdescription\nPREL\tsubject\tx\nPREL\tsubject\ty\n"),
            Err(TableError::DuplicateKey {
                table: "tags.tsv",
                key: "PREL"
            })
        );
    }

    #[test]
    fn lookup_ignores_case() {
        let prel = lookup_tag("prel").expect("PREL is in the table");
        assert_eq!(prel.code, "PREL");
        assert_eq!(prel.kind, TagKind::Subject);
        assert_eq!(prel.description, "External political relations");
        let it = lookup_tag("It").expect("IT is in the table");
        assert_eq!(
            (it.kind, it.description),
            (TagKind::Geographic, "Italy [ISO 3166: IT]")
        );
        assert_eq!(
            lookup_tag("kdem").map(|tag| tag.kind),
            Some(TagKind::Program)
        );
        assert_eq!(
            lookup_tag("unsc").map(|tag| tag.kind),
            Some(TagKind::Organization)
        );
        assert_eq!(
            lookup_tag("Phalange party").map(|tag| tag.code),
            Some("PHALANGE PARTY")
        );
        assert_eq!(lookup_tag("unga/c-1").map(|tag| tag.code), Some("UNGA/C-1"));
    }

    #[test]
    fn lookup_rejects_unknown_and_odd_input() {
        assert!(lookup_tag("").is_none());
        assert!(lookup_tag("XXXX").is_none());
        assert!(lookup_tag("PREL ").is_none());
        assert!(lookup_tag("PRÉL").is_none());
        assert!(lookup_tag(&"P".repeat(10_000)).is_none());
        // OCON marks a person but has no row.
        assert!(lookup_tag("OCON").is_none());
    }

    #[test]
    fn every_code_round_trips() {
        for tag in all_tags() {
            let found = lookup_tag(tag.code).map(|found| found.code);
            assert_eq!(found, Some(tag.code));
            let lower = tag.code.to_ascii_lowercase();
            assert_eq!(lookup_tag(&lower).map(|found| found.code), Some(tag.code));
        }
    }

    #[test]
    fn all_tags_is_sorted() {
        assert!(all_tags()
            .windows(2)
            .all(|pair| pair[0].code < pair[1].code));
        assert_eq!(all_tags().first().map(|tag| tag.code), Some("AA"));
    }

    #[test]
    fn kind_labels() {
        let labels: Vec<&str> = [
            TagKind::Subject,
            TagKind::Program,
            TagKind::Geographic,
            TagKind::Organization,
        ]
        .into_iter()
        .map(TagKind::label)
        .collect();
        assert_eq!(labels, ["subject", "program", "geographic", "organization"]);
    }

    #[test]
    fn person_tags() {
        for code in ["OVIP", "ovip", "OEXC", "OTRA", "Orep", "OCON"] {
            assert!(is_person_tag(code), "{code}");
        }
        for code in ["PREL", "", "OVIPX", "OV"] {
            assert!(!is_person_tag(code), "{code}");
        }
    }

    #[test]
    fn iso_misuses() {
        assert_eq!(iso_misuse("RU"), Some("RS"));
        assert_eq!(iso_misuse("iq"), Some("IZ"));
        assert_eq!(iso_misuse("YE"), Some("YM"));
        assert_eq!(iso_misuse("VZ"), Some("VE"));
        assert_eq!(iso_misuse("ZU"), Some("ZI"));
        assert_eq!(iso_misuse("eu"), Some("EUN"));
        for code in ["RS", "IZ", "CN", "IT", "", "EUN"] {
            assert_eq!(iso_misuse(code), None, "{code}");
        }
    }

    #[test]
    fn iso_misuses_agree_with_the_table() {
        for (misused, correct) in ISO_MISUSES {
            let misused_row = lookup_tag(misused).expect("misused code has a row");
            assert!(
                misused_row.description.contains(correct),
                "{misused}: {}",
                misused_row.description
            );
            assert!(lookup_tag(correct).is_some(), "{correct}");
        }
    }
}
