//! Helpers shared by the recognisers' tests.

/// Lines around the first-bytes tests the recognisers make before reading a
/// line: every pair of first characters from a set of letters, digits,
/// blanks and signs those tests tell apart, each followed by the rest of
/// some line a recogniser accepts (a banner, caption words, a keyword, a
/// marker, a page header, an underline) or by prose. A test compares its
/// recogniser with the reading past the first-bytes test on all of them.
pub(super) fn boundary_lines() -> Vec<String> {
    let firsts = [
        "A", "a", "B", "C", "c", "D", "E", "e", "F", "L", "N", "n", "O", "o", "P", "R", "r", "S",
        "s", "T", "t", "U", "u", "X", "Z", "0", "1", "9", "(", ")", "[", " ", "\t", "/", ".", "¶",
        "\u{a0}", "©", "-", "=", "_", ":",
    ];
    let rests = [
        "",
        " O N F I D E N T I A L SECTION 01 OF 02 ROME 001333",
        " O N F I D E N T I A L",
        "ONFIDENTIAL",
        "ONFIDENTIAL//NOFORN",
        "ECRET BAGHDAD 000146",
        " E C R E T TUNIS 000679",
        " ECRET ROME 000104",
        "NCLAS BUENOS AIRES 001462",
        "OP SECRET",
        "IPDIS",
        "OFORN NODIS",
        "ENSITIVE SIPDIS",
        "XDIS",
        "AGS: PREL, PGOV",
        "AGS PREL",
        "UBJECT: talks",
        "UBJ: X",
        "EF: A) ROME 94",
        "EFTEL: STATE 1",
        "LASSIFIED BY: Ambassador",
        "lassified by x",
        ".O. 12958: N/A",
        ". O. 12958: DECL",
        "O 12958 DECL",
        "AGE 01 CAPE T 00097 01 OF 03 182017Z",
        "OME 00001406 002.2 OF 003",
        "1. (C) The minister",
        ". (C) text",
        ") Classified by: x",
        "C) Poloff delivered",
        "1](#)1. (C) text",
        "----",
        " - - -",
        "NNN",
        "nd Cable Text",
        "he minister said that",
        "HE MINISTER SAID 1234",
    ];
    let mut lines = Vec::new();
    for a in firsts {
        for b in firsts {
            for rest in rests {
                lines.push(format!("{a}{b}{rest}"));
            }
        }
        for rest in rests {
            lines.push(format!("{a}{rest}"));
        }
    }
    lines
}
