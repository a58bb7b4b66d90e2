//! The classification categories cited in `Classified By: ... for reasons
//! 1.4 (b) and (d).`, with their meanings for hovers.
//!
//! They are section 1.4 (a)-(h) of E.O. 12958 as amended by E.O. 13292
//! (March 2003). Before that amendment the same list was section 1.5 and
//! had no (h), so `1.5 (b)` in a cable after 2003 is an outdated citation
//! of the same category (format.md section 14).

/// The categories, paraphrased, indexed by letter from `a`.
const REASONS: [&str; 8] = [
    "Military plans, weapons systems or operations.",
    "Foreign government information.",
    "Intelligence activities (including covert action), intelligence sources or methods, or cryptology.",
    "Foreign relations or foreign activities of the United States, including confidential sources.",
    "Scientific, technological or economic matters relating to the national security, including defense against transnational terrorism.",
    "United States Government programs for safeguarding nuclear materials or facilities.",
    "Vulnerabilities or capabilities of systems, installations, infrastructures, projects, plans or protection services relating to the national security, including defense against transnational terrorism.",
    "Weapons of mass destruction.",
];

/// The category a reason letter stands for, ignoring case; `None` outside
/// `a`-`h`.
pub fn reason_meaning(letter: char) -> Option<&'static str> {
    let letter = letter.to_ascii_lowercase();
    if !letter.is_ascii_lowercase() {
        return None;
    }
    let idx = usize::from(letter as u8 - b'a');
    REASONS.get(idx).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_a_to_h() {
        assert_eq!(reason_meaning('b'), Some("Foreign government information."));
        assert_eq!(reason_meaning('D'), reason_meaning('d'));
        assert_eq!(reason_meaning('h'), Some("Weapons of mass destruction."));
        let n_known = ('a'..='z')
            .filter(|&letter| reason_meaning(letter).is_some())
            .count();
        assert_eq!(n_known, 8);
        for letter in ['i', 'I', '1', ' ', '(', 'é', '\u{1F600}'] {
            assert_eq!(reason_meaning(letter), None, "{letter:?}");
        }
    }
}
