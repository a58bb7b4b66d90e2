//! The project's own reference data: TAGS codes, routing indicators,
//! precedences, classification levels and markings, and classification
//! reasons, embedded in the binary and parsed once on first use.

pub mod classification;
pub mod precedence;
pub mod reasons;
pub mod routes;
mod table;
pub mod tags;

pub use classification::{
    caveat_meaning, marking_component_meaning, parse_marking, Classification, Marking,
};
pub use precedence::{Precedence, NIACT_MEANING};
pub use reasons::reason_meaning;
pub use routes::{
    all_routes, lookup_route, office_of_address, office_of_routing_indicator, routes_for_station,
    RouteInfo,
};
pub use table::TableError;
pub use tags::{all_tags, is_person_tag, iso_misuse, lookup_tag, TagInfo, TagKind};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every lookup takes text straight from user files: none may panic,
        /// whatever the input.
        #[test]
        fn lookups_never_panic(text in "\\PC{0,40}", letter in any::<char>()) {
            let _ = lookup_tag(&text);
            let _ = is_person_tag(&text);
            let _ = iso_misuse(&text);
            let _ = lookup_route(&text);
            let _ = routes_for_station(&text);
            let _ = office_of_address(&text);
            let _ = office_of_routing_indicator(&text);
            let _ = Precedence::from_word(&text);
            let _ = Precedence::from_letter(letter);
            let _ = Classification::from_word(&text);
            let _ = Classification::from_letter(letter);
            let _ = parse_marking(&text);
            let _ = marking_component_meaning(&text);
            let _ = caveat_meaning(&text);
            let _ = reason_meaning(letter);
        }

        /// Lookups ignore case: any casing of a known code finds its row.
        #[test]
        fn tag_lookup_ignores_case(idx in 0usize..1_048, flips in any::<u64>()) {
            let code = all_tags()[idx].code;
            let mixed: String = code
                .chars()
                .enumerate()
                .map(|(i, c)| if flips >> (i % 64) & 1 == 1 { c.to_ascii_lowercase() } else { c })
                .collect();
            prop_assert_eq!(lookup_tag(&mixed).map(|tag| tag.code), Some(code));
        }

        /// Markings are either rejected or carry a level or a control.
        #[test]
        fn markings_are_never_empty(inner in "[CSUTBFNOGRLEIP/ ]{0,12}") {
            if let Some(marking) = parse_marking(&inner) {
                prop_assert!(marking.level.is_some() || !marking.controls.is_empty());
            }
        }
    }
}
