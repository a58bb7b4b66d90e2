//! Message precedence (ACP 121 / 5 FAH-2 H-420): the letter of the date-time
//! group line, the prosign pair of the routing line and the word on
//! addressee lines, with their meanings for hovers.

/// How fast a telegram must be handled.
///
/// The variants are declared from lowest to highest so that the derived
/// `Ord` ranks urgency: `Routine < Priority < Immediate < Flash`, and
/// `max()` over several precedences gives the most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precedence {
    Routine,
    Priority,
    Immediate,
    Flash,
}

/// NIACT ("night action") is written before IMMEDIATE on an addressee line;
/// it is a handling instruction, not a precedence of its own.
pub const NIACT_MEANING: &str =
    "NIACT (night action): the addressee must act on the telegram at once, at any hour, even outside working hours.";

impl Precedence {
    /// From the letter of the DTG line or routing line: `Z`, `O`, `P`, `R`.
    pub fn from_letter(letter: char) -> Option<Precedence> {
        match letter.to_ascii_uppercase() {
            'Z' => Some(Precedence::Flash),
            'O' => Some(Precedence::Immediate),
            'P' => Some(Precedence::Priority),
            'R' => Some(Precedence::Routine),
            _ => None,
        }
    }

    /// From the word on a TO/INFO line: `FLASH`, `IMMEDIATE`,
    /// `NIACT IMMEDIATE` (any blanks between), `PRIORITY`, `ROUTINE`.
    pub fn from_word(word: &str) -> Option<Precedence> {
        let mut words = word.split_ascii_whitespace();
        let first = words.next()?;
        let (word, rest) = if first.eq_ignore_ascii_case("NIACT") {
            let second = words.next()?;
            if !second.eq_ignore_ascii_case("IMMEDIATE") {
                return None;
            }
            (second, words.next())
        } else {
            (first, words.next())
        };
        if rest.is_some() {
            return None;
        }
        [
            Precedence::Flash,
            Precedence::Immediate,
            Precedence::Priority,
            Precedence::Routine,
        ]
        .into_iter()
        .find(|precedence| precedence.word().eq_ignore_ascii_case(word))
    }

    /// The letter used in the DTG line (FL5).
    pub fn letter(self) -> char {
        match self {
            Precedence::Flash => 'Z',
            Precedence::Immediate => 'O',
            Precedence::Priority => 'P',
            Precedence::Routine => 'R',
        }
    }

    /// The word used on addressee lines.
    pub fn word(self) -> &'static str {
        match self {
            Precedence::Flash => "FLASH",
            Precedence::Immediate => "IMMEDIATE",
            Precedence::Priority => "PRIORITY",
            Precedence::Routine => "ROUTINE",
        }
    }

    /// The doubled letter that opens the routing line (FL2).
    pub fn prosign(self) -> &'static str {
        match self {
            Precedence::Flash => "ZZ",
            Precedence::Immediate => "OO",
            Precedence::Priority => "PP",
            Precedence::Routine => "RR",
        }
    }

    /// One sentence for hovers.
    pub fn meaning(self) -> &'static str {
        match self {
            Precedence::Flash => "Flash: the highest precedence, for the most urgent operational traffic, handled ahead of all other messages.",
            Precedence::Immediate => "Immediate: handled at once, ahead of priority and routine traffic.",
            Precedence::Priority => "Priority: expedited handling ahead of routine traffic.",
            Precedence::Routine => "Routine: normal handling, in the order received.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Precedence; 4] = [
        Precedence::Flash,
        Precedence::Immediate,
        Precedence::Priority,
        Precedence::Routine,
    ];

    #[test]
    fn flash_is_highest() {
        assert!(Precedence::Flash > Precedence::Immediate);
        assert!(Precedence::Immediate > Precedence::Priority);
        assert!(Precedence::Priority > Precedence::Routine);
        assert_eq!(ALL.into_iter().max(), Some(Precedence::Flash));
        assert_eq!(ALL.into_iter().min(), Some(Precedence::Routine));
    }

    #[test]
    fn letters() {
        assert_eq!(Precedence::from_letter('Z'), Some(Precedence::Flash));
        assert_eq!(Precedence::from_letter('o'), Some(Precedence::Immediate));
        assert_eq!(Precedence::from_letter('P'), Some(Precedence::Priority));
        assert_eq!(Precedence::from_letter('r'), Some(Precedence::Routine));
        assert_eq!(Precedence::from_letter('X'), None);
        assert_eq!(Precedence::from_letter('¶'), None);
        for precedence in ALL {
            assert_eq!(
                Precedence::from_letter(precedence.letter()),
                Some(precedence)
            );
        }
    }

    #[test]
    fn words() {
        assert_eq!(Precedence::from_word("FLASH"), Some(Precedence::Flash));
        assert_eq!(
            Precedence::from_word("immediate"),
            Some(Precedence::Immediate)
        );
        assert_eq!(
            Precedence::from_word("NIACT IMMEDIATE"),
            Some(Precedence::Immediate)
        );
        assert_eq!(
            Precedence::from_word(" niact   Immediate "),
            Some(Precedence::Immediate)
        );
        assert_eq!(
            Precedence::from_word("Priority"),
            Some(Precedence::Priority)
        );
        assert_eq!(Precedence::from_word("ROUTINE"), Some(Precedence::Routine));
        for word in [
            "",
            "NIACT",
            "NIACT ROUTINE",
            "IMMEDIATE 9726",
            "FEB",
            "IMMEDIATELY",
        ] {
            assert_eq!(Precedence::from_word(word), None, "{word:?}");
        }
        for precedence in ALL {
            assert_eq!(Precedence::from_word(precedence.word()), Some(precedence));
        }
    }

    #[test]
    fn prosigns_and_meanings() {
        let prosigns: Vec<&str> = ALL.into_iter().map(Precedence::prosign).collect();
        assert_eq!(prosigns, ["ZZ", "OO", "PP", "RR"]);
        for precedence in ALL {
            assert!(precedence.meaning().ends_with('.'));
        }
        assert!(NIACT_MEANING.contains("any hour"));
    }
}
