//! Classification levels (banner, security line), portion markings such as
//! `(S//NF)`, and the dissemination captions (`SIPDIS`, `NOFORN`, `EXDIS`...),
//! with their meanings for hovers.

/// A classification level of E.O. 12958. Declared from lowest to highest, so
/// the derived `Ord` compares levels: a `(S)` paragraph in a `CONFIDENTIAL`
/// cable is `Secret > Confidential`, an error.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Classification {
    Unclassified,
    Confidential,
    Secret,
    TopSecret,
}

const ALL_LEVELS: [Classification; 4] = [
    Classification::Unclassified,
    Classification::Confidential,
    Classification::Secret,
    Classification::TopSecret,
];

/// Longest word accepted (`UNCLASSIFIED`); spaced banners are collapsed into
/// a buffer of this size.
const MAX_WORD_LEN: usize = 12;

impl Classification {
    /// From the letter repeated in the security line (`ZNY CCCCC ZZH`):
    /// `U`, `C`, `S`, `T`, ignoring case.
    pub fn from_letter(letter: char) -> Option<Classification> {
        match letter.to_ascii_uppercase() {
            'U' => Some(Classification::Unclassified),
            'C' => Some(Classification::Confidential),
            'S' => Some(Classification::Secret),
            'T' => Some(Classification::TopSecret),
            _ => None,
        }
    }

    /// From a banner or caption word, ignoring case: `UNCLASSIFIED`,
    /// `UNCLAS`, `CONFIDENTIAL`, `SECRET`, `TOP SECRET` (any blanks between
    /// the two words), and the banner's letter-spaced forms
    /// `C O N F I D E N T I A L`, `S E C R E T`, `T O P S E C R E T`.
    pub fn from_word(word: &str) -> Option<Classification> {
        let mut words = word.split_ascii_whitespace();
        let first = words.next()?;
        let second = words.next();
        if first.len() > 1 || second.is_some_and(|second| second.len() > 1) {
            return match (first, second, words.next()) {
                (single, None, None) => Self::from_single_word(single),
                (top, Some(secret), None)
                    if top.eq_ignore_ascii_case("TOP") && secret.eq_ignore_ascii_case("SECRET") =>
                {
                    Some(Classification::TopSecret)
                }
                _ => None,
            };
        }
        // Letter-spaced banner: every blank-separated piece is one letter.
        let mut buf = [0u8; MAX_WORD_LEN];
        let mut len = 0;
        for letter in word.split_ascii_whitespace() {
            if letter.len() != 1 || len == MAX_WORD_LEN {
                return None;
            }
            buf[len] = letter.as_bytes()[0];
            len += 1;
        }
        let collapsed = std::str::from_utf8(&buf[..len]).ok()?;
        if collapsed.eq_ignore_ascii_case("TOPSECRET") {
            return Some(Classification::TopSecret);
        }
        Self::from_single_word(collapsed)
    }

    fn from_single_word(word: &str) -> Option<Classification> {
        if word.eq_ignore_ascii_case("UNCLAS") {
            return Some(Classification::Unclassified);
        }
        ALL_LEVELS
            .into_iter()
            .find(|level| level.word().eq_ignore_ascii_case(word))
    }

    /// The canonical word: `UNCLASSIFIED`, `CONFIDENTIAL`, `SECRET`, `TOP SECRET`.
    pub fn word(self) -> &'static str {
        match self {
            Classification::Unclassified => "UNCLASSIFIED",
            Classification::Confidential => "CONFIDENTIAL",
            Classification::Secret => "SECRET",
            Classification::TopSecret => "TOP SECRET",
        }
    }

    /// The security-line letter: `U`, `C`, `S`, `T`.
    pub fn letter(self) -> char {
        match self {
            Classification::Unclassified => 'U',
            Classification::Confidential => 'C',
            Classification::Secret => 'S',
            Classification::TopSecret => 'T',
        }
    }

    /// One sentence for hovers, after the definitions of E.O. 12958 section 1.2.
    pub fn meaning(self) -> &'static str {
        match self {
            Classification::Unclassified => {
                "Unclassified: not classified, though it may still carry handling restrictions such as SBU or FOUO."
            }
            Classification::Confidential => {
                "Confidential: unauthorized disclosure could reasonably be expected to cause damage to national security."
            }
            Classification::Secret => {
                "Secret: unauthorized disclosure could reasonably be expected to cause serious damage to national security."
            }
            Classification::TopSecret => {
                "Top Secret: unauthorized disclosure could reasonably be expected to cause exceptionally grave damage to national security."
            }
        }
    }
}

/// A portion marking, the text inside `(...)` before a paragraph or subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking {
    /// The level; `SBU` counts as `Unclassified` (with `sensitive` set).
    /// `None` only for a marking made of controls alone, such as `(NF)`.
    pub level: Option<Classification>,
    /// Sensitive But Unclassified: `SBU`, `SBU/NF`, `U//SBU`.
    pub sensitive: bool,
    /// Dissemination controls in canonical form and written order:
    /// `NOFORN` (for `NF` too), `FGI`, `FOUO`, `REL` (any `REL TO ...` list),
    /// `ORCON`, `PROPIN`, `NOCONTRACT`, `RELIDO`.
    pub controls: Vec<&'static str>,
}

/// Control spellings accepted after the level, with their canonical form.
const CONTROLS: [(&str, &str); 9] = [
    ("NF", "NOFORN"),
    ("NOFORN", "NOFORN"),
    ("FGI", "FGI"),
    ("FOUO", "FOUO"),
    ("REL", "REL"),
    ("ORCON", "ORCON"),
    ("PROPIN", "PROPIN"),
    ("NOCONTRACT", "NOCONTRACT"),
    ("RELIDO", "RELIDO"),
];

/// Parses the inside of a portion marking: a level (`U`, `SBU`, `C`, `S`,
/// `TS`, or the full word as in `Secret/Rel Armenia`) followed by controls
/// separated by `/` or `//` (`S/NF`, `S//FGI//NF`, `C/Rel Aus`,
/// `S//REL TO USA, FVEY`), ignoring case and blanks around the parts.
/// `None` for anything else: `N/SF`, `SNF`, `S-NF`, `U.S.`, `Iran`.
pub fn parse_marking(inner: &str) -> Option<Marking> {
    let mut marking = Marking {
        level: None,
        sensitive: false,
        controls: Vec::new(),
    };
    let mut previous_empty = false;
    let mut parts = inner.split('/').map(str::trim).enumerate().peekable();
    while let Some((idx, part)) = parts.next() {
        if part.is_empty() {
            // Only the doubled separator of `S//NF` leaves an empty part.
            let is_last = parts.peek().is_none();
            if idx == 0 || previous_empty || is_last {
                return None;
            }
            previous_empty = true;
            continue;
        }
        previous_empty = false;
        if idx == 0 {
            if let Some((level, sensitive)) = marking_level(part) {
                marking.level = Some(level);
                marking.sensitive = sensitive;
                continue;
            }
        }
        if part.eq_ignore_ascii_case("SBU")
            && marking
                .level
                .is_none_or(|level| level == Classification::Unclassified)
        {
            marking.sensitive = true;
            marking.level = Some(Classification::Unclassified);
            continue;
        }
        marking.controls.push(control(part)?);
    }
    Some(marking)
}

fn marking_level(part: &str) -> Option<(Classification, bool)> {
    if part.eq_ignore_ascii_case("SBU") {
        return Some((Classification::Unclassified, true));
    }
    if part.eq_ignore_ascii_case("TS") {
        return Some((Classification::TopSecret, false));
    }
    // `T` is the security-line letter, not a marking (top secret is `TS`),
    // and letter-spaced words (`S E C R E T`) belong to banners only.
    let spaced = part.contains(' ') && !part.eq_ignore_ascii_case("TOP SECRET");
    if part.eq_ignore_ascii_case("T") || spaced {
        return None;
    }
    let level = match part.as_bytes() {
        [letter] => Classification::from_letter(char::from(*letter))?,
        _ => Classification::from_word(part)?,
    };
    Some((level, false))
}

/// The canonical control for one part; `REL TO USA, FVEY` and `Rel Aus` are `REL`.
fn control(part: &str) -> Option<&'static str> {
    let is_rel_list = part
        .get(..4)
        .is_some_and(|head| head.eq_ignore_ascii_case("REL "));
    if is_rel_list {
        return Some("REL");
    }
    CONTROLS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(part))
        .map(|&(_, canonical)| canonical)
}

/// Hover text for one part of a portion marking (`S`, `NF`, `REL TO ...`).
pub fn marking_component_meaning(component: &str) -> Option<&'static str> {
    let component = component.trim();
    let canonical = match component.to_ascii_uppercase().as_str() {
        "U" => return Some("U: unclassified."),
        "SBU" => return Some("SBU: sensitive but unclassified; not for public release."),
        "C" => return Some("C: confidential."),
        "S" => return Some("S: secret."),
        "TS" => return Some("TS: top secret."),
        _ => control(component)?,
    };
    Some(match canonical {
        "NOFORN" => "NOFORN (NF): not releasable to foreign nationals.",
        "FGI" => {
            "FGI: foreign government information, provided by a foreign government in confidence."
        }
        "FOUO" => "FOUO: for official use only; unclassified, not for public release.",
        "REL" => "REL (TO): releasable to the countries or international organizations named.",
        "ORCON" => {
            "ORCON: originator controlled; further dissemination needs the originator's approval."
        }
        "PROPIN" => "PROPIN: contains proprietary information of a private source.",
        "NOCONTRACT" => "NOCONTRACT: not releasable to contractors or consultants.",
        "RELIDO" => "RELIDO: releasable by a designated disclosure official.",
        _ => return None,
    })
}

/// Hover text for a caption or dissemination control standing in the cable
/// header (format.md section 9; 5 FAH-2 H-250), ignoring case.
pub fn caveat_meaning(word: &str) -> Option<&'static str> {
    const CAVEATS: [(&str, &str); 13] = [
        ("SIPDIS", "SIPDIS (SIPRNet distribution): the cable is released to the SIPRNet database of reporting cables."),
        ("NOFORN", "NOFORN: not releasable to foreign nationals."),
        ("SENSITIVE", "SENSITIVE: with UNCLAS, Sensitive But Unclassified (SBU); not for public release."),
        ("SBU", "SBU: sensitive but unclassified; not for public release."),
        ("EXDIS", "EXDIS (exclusive distribution): distribution limited to officers with an essential need to know."),
        ("NODIS", "NODIS (no distribution): no distribution beyond the addressees without the originator's approval; the most restrictive caption."),
        ("LIMDIS", "LIMDIS (limited distribution): distribution limited to the offices concerned."),
        ("STADIS", "STADIS (State distribution only): not distributed outside the Department of State."),
        ("ORCON", "ORCON (originator controlled): further dissemination needs the originator's approval."),
        ("NOCONTRACT", "NOCONTRACT: not releasable to contractors or consultants."),
        ("PROPIN", "PROPIN: contains proprietary information of a private source."),
        ("FOUO", "FOUO (for official use only): unclassified, not for public release."),
        ("FGI", "FGI: foreign government information, provided by a foreign government in confidence."),
    ];
    let word = word.trim();
    CAVEATS
        .iter()
        .find(|(caveat, _)| caveat.eq_ignore_ascii_case(word))
        .map(|&(_, meaning)| meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered() {
        assert!(Classification::Unclassified < Classification::Confidential);
        assert!(Classification::Confidential < Classification::Secret);
        assert!(Classification::Secret < Classification::TopSecret);
    }

    #[test]
    fn letters() {
        let letters: String = ALL_LEVELS.into_iter().map(Classification::letter).collect();
        assert_eq!(letters, "UCST");
        for level in ALL_LEVELS {
            assert_eq!(Classification::from_letter(level.letter()), Some(level));
            assert_eq!(
                Classification::from_letter(level.letter().to_ascii_lowercase()),
                Some(level)
            );
        }
        assert_eq!(Classification::from_letter('X'), None);
        assert_eq!(Classification::from_letter('é'), None);
    }

    #[test]
    fn unspaced_words() {
        let cases = [
            ("UNCLASSIFIED", Some(Classification::Unclassified)),
            ("UNCLAS", Some(Classification::Unclassified)),
            ("unclas", Some(Classification::Unclassified)),
            ("CONFIDENTIAL", Some(Classification::Confidential)),
            ("Confidential", Some(Classification::Confidential)),
            ("SECRET", Some(Classification::Secret)),
            ("TOP SECRET", Some(Classification::TopSecret)),
            ("top  secret", Some(Classification::TopSecret)),
            (" SECRET ", Some(Classification::Secret)),
            ("", None),
            ("SECRET//NOFORN", None),
            ("SECRETS", None),
            ("TOP", None),
            ("SECRET SECRET", None),
            ("CONFI DENTIAL", None),
        ];
        for (word, level) in cases {
            assert_eq!(Classification::from_word(word), level, "{word:?}");
        }
        for level in ALL_LEVELS {
            assert_eq!(Classification::from_word(level.word()), Some(level));
        }
    }

    #[test]
    fn spaced_banner_words() {
        let cases = [
            (
                "C O N F I D E N T I A L",
                Some(Classification::Confidential),
            ),
            ("S E C R E T", Some(Classification::Secret)),
            ("T O P S E C R E T", Some(Classification::TopSecret)),
            ("T O P  S E C R E T", Some(Classification::TopSecret)),
            (
                "C o n f i d e n t i a l",
                Some(Classification::Confidential),
            ),
            ("S e c r e t", Some(Classification::Secret)),
            ("U N C L A S", Some(Classification::Unclassified)),
            ("S", None),
            ("S E C R E", None),
            ("S E C R E T X Y Z W V U T", None),
            ("É É", None),
        ];
        for (word, level) in cases {
            assert_eq!(Classification::from_word(word), level, "{word:?}");
        }
    }

    #[test]
    fn meanings_are_sentences() {
        for level in ALL_LEVELS {
            assert!(level.meaning().ends_with('.'), "{level:?}");
        }
    }

    fn marking(
        level: Option<Classification>,
        sensitive: bool,
        controls: &[&'static str],
    ) -> Option<Marking> {
        Some(Marking {
            level,
            sensitive,
            controls: controls.to_vec(),
        })
    }

    #[test]
    fn markings_seen_in_the_corpus() {
        use Classification::*;
        let cases = [
            ("C", marking(Some(Confidential), false, &[])),
            ("c", marking(Some(Confidential), false, &[])),
            ("S", marking(Some(Secret), false, &[])),
            ("U", marking(Some(Unclassified), false, &[])),
            ("SBU", marking(Some(Unclassified), true, &[])),
            ("TS", marking(Some(TopSecret), false, &[])),
            ("S/NF", marking(Some(Secret), false, &["NOFORN"])),
            ("s/nf", marking(Some(Secret), false, &["NOFORN"])),
            ("C/NF", marking(Some(Confidential), false, &["NOFORN"])),
            ("S//NF", marking(Some(Secret), false, &["NOFORN"])),
            ("C//NF", marking(Some(Confidential), false, &["NOFORN"])),
            ("U//FOUO", marking(Some(Unclassified), false, &["FOUO"])),
            ("SBU/NF", marking(Some(Unclassified), true, &["NOFORN"])),
            ("SBU//NF", marking(Some(Unclassified), true, &["NOFORN"])),
            (
                "S//FGI//NF",
                marking(Some(Secret), false, &["FGI", "NOFORN"]),
            ),
            ("S/NOFORN", marking(Some(Secret), false, &["NOFORN"])),
            ("C/NOFORN", marking(Some(Confidential), false, &["NOFORN"])),
            ("S/REL NATO", marking(Some(Secret), false, &["REL"])),
            ("S//Rel NATO, ISAF", marking(Some(Secret), false, &["REL"])),
            ("C/Rel Aus", marking(Some(Confidential), false, &["REL"])),
            (
                "S//REL TO USA, FVEY",
                marking(Some(Secret), false, &["REL"]),
            ),
            (
                "SBU//Rel NATO, ISAF",
                marking(Some(Unclassified), true, &["REL"]),
            ),
            ("Secret/Rel Armenia", marking(Some(Secret), false, &["REL"])),
            ("SECRET/REL FRANCE", marking(Some(Secret), false, &["REL"])),
            ("U//SBU", marking(Some(Unclassified), true, &[])),
            (
                "TS//ORCON//NOFORN",
                marking(Some(TopSecret), false, &["ORCON", "NOFORN"]),
            ),
            (" S / NF ", marking(Some(Secret), false, &["NOFORN"])),
            ("NF", marking(None, false, &["NOFORN"])),
        ];
        for (inner, expected) in cases {
            assert_eq!(parse_marking(inner), expected, "{inner:?}");
        }
    }

    #[test]
    fn unknown_markings() {
        for inner in [
            "N/SF",
            "SNF",
            "S-NF",
            "U.S.",
            "Iran",
            "China",
            "C - ENTIRE TEXT",
            "",
            " ",
            "/",
            "S/",
            "/S",
            "S///NF",
            "S/NF/",
            "T",
            "X",
            "S/XX",
            "C//SBU",
            "S E C R E T",
            "RELATIONS",
            "S/REL\u{e9}",
        ] {
            assert_eq!(parse_marking(inner), None, "{inner:?}");
        }
    }

    #[test]
    fn component_meanings() {
        assert_eq!(
            marking_component_meaning("nf"),
            marking_component_meaning("NOFORN")
        );
        assert_eq!(
            marking_component_meaning("REL TO USA, FVEY"),
            Some("REL (TO): releasable to the countries or international organizations named.")
        );
        for component in [
            "U", "SBU", "C", "S", "TS", "NF", "NOFORN", "FGI", "FOUO", "REL", "ORCON", "PROPIN",
        ] {
            assert!(
                marking_component_meaning(component).is_some(),
                "{component}"
            );
        }
        assert_eq!(marking_component_meaning("SF"), None);
        assert_eq!(marking_component_meaning(""), None);
    }

    #[test]
    fn caveat_meanings() {
        assert_eq!(
            caveat_meaning("NOFORN"),
            Some("NOFORN: not releasable to foreign nationals.")
        );
        for caveat in [
            "SIPDIS",
            "sipdis",
            "SENSITIVE",
            "EXDIS",
            "NODIS",
            "LIMDIS",
            "STADIS",
            "ORCON",
            "NOCONTRACT",
            "PROPIN",
            "FOUO",
        ] {
            assert!(caveat_meaning(caveat).is_some(), "{caveat}");
        }
        assert_eq!(caveat_meaning("SUMMARY"), None);
    }
}
