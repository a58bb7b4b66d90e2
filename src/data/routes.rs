//! The routing table (`routes.tsv`, 1,739 routing indicators with the station
//! each delivers to) and the office names that number cables, derived from a
//! plain-language originator address.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::table::{self, TableError};

const ROUTES_TSV: &str = include_str!("routes.tsv");

/// One row of the routing table. `station` is the usual plain-language
/// address (`AMEMBASSY ROME`); it is empty for the four RIs seen in headers
/// whose station no source names (`RUEHWEB`, `RUEHIHL`, `RUEHMOS`, `RUEHFRA`).
/// Gateways such as `RHMFISS` serve many addressees: their station is only
/// the most frequent one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub routing_indicator: &'static str,
    pub station: &'static str,
}

fn parse_routes(text: &'static str) -> Result<Vec<RouteInfo>, TableError> {
    const TABLE: &str = "routes.tsv";
    let mut routes = Vec::new();
    for row in table::rows(TABLE, text, 2) {
        let (line, fields) = row?;
        let (routing_indicator, station) = (fields[0], fields[1]);
        if !table::is_lookup_key(routing_indicator) {
            return Err(TableError::BadKey {
                table: TABLE,
                line,
                key: routing_indicator,
            });
        }
        routes.push(RouteInfo {
            routing_indicator,
            station,
        });
    }
    table::sort_unique(TABLE, &mut routes, |route| route.routing_indicator)?;
    Ok(routes)
}

/// Every routing indicator, sorted by RI, for completion.
pub fn all_routes() -> &'static [RouteInfo] {
    static ROUTES: OnceLock<Vec<RouteInfo>> = OnceLock::new();
    // Compiled in and parsed by `tests::table_parses`: only a broken edit of
    // routes.tsv can make this fail.
    ROUTES.get_or_init(|| parse_routes(ROUTES_TSV).expect("embedded routes.tsv is well-formed"))
}

/// The row for a routing indicator, ignoring case, without allocating
/// (it runs on every RI of every header).
pub fn lookup_route(ri: &str) -> Option<&'static RouteInfo> {
    table::find_ignore_case(all_routes(), ri, |route| route.routing_indicator)
}

/// The RIs whose station is `station`, ignoring case and runs of blanks;
/// several RIs can serve one address (`RUEHSAB` and `RUEHSB` for Harare).
pub fn routes_for_station(station: &str) -> Vec<&'static RouteInfo> {
    static BY_STATION: OnceLock<HashMap<String, Vec<&'static RouteInfo>>> = OnceLock::new();
    let by_station = BY_STATION.get_or_init(|| {
        let mut map: HashMap<String, Vec<&'static RouteInfo>> = HashMap::new();
        for route in all_routes() {
            map.entry(station_key(route.station))
                .or_default()
                .push(route);
        }
        map
    });
    let key = station_key(station);
    if key.is_empty() {
        return Vec::new();
    }
    by_station.get(&key).cloned().unwrap_or_default()
}

/// A station as a lookup key: upper case, words joined by single blanks.
fn station_key(station: &str) -> String {
    let mut key = String::with_capacity(station.len());
    for word in station.split_ascii_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().map(|c| c.to_ascii_uppercase()));
    }
    key
}

/// Address prefixes naming the kind of post; the words after them are the
/// office that numbers the post's cables. Measured over the corpus (every file
/// with both an `FM` line and a banner): `AMEMBASSY ROME` → `ROME 000104`,
/// `USMISSION USNATO` → `USNATO`, `USMISSION UNVIE VIENNA` → `UNVIE VIENNA`,
/// `USINT HAVANA` → `HAVANA`, and `USEU BRUSSELS` → `BRUSSELS` (the corpus's
/// USEU cables are numbered `09BRUSSELS1399`, not `USEUBRUSSELS`).
const POST_PREFIXES: [&str; 6] = [
    "AMEMBASSY",
    "AMCONSUL",
    "USMISSION",
    "USOFFICE",
    "USINT",
    "USEU",
];

/// The office name that cable numbers, banners and page headers use for a
/// plain-language originator address, upper-case, with single blanks kept
/// between words (`AMEMBASSY BUENOS AIRES` → `BUENOS AIRES`; cable ids drop
/// them: `06BUENOSAIRES1462`). The Department (`SECSTATE WASHDC`) numbers
/// its cables `STATE`; the Iran Regional Presence Office writes itself
/// `RPO DUBAI` or `IRAN RPO DUBAI` and numbers `RPO DUBAI`.
///
/// `None` for addresses that are not State posts (`DIA WASHINGTON DC`,
/// `USDAO ANKARA TU`, collectives): they do not originate numbered cables
/// here, and a guess would make consistency checks report false mismatches.
pub fn office_of_address(address: &str) -> Option<String> {
    let words: Vec<&str> = address.split_ascii_whitespace().collect();
    let (first, rest) = words.split_first()?;
    let office_words: &[&str] = if POST_PREFIXES
        .iter()
        .any(|prefix| prefix.eq_ignore_ascii_case(first))
    {
        rest
    } else if first.eq_ignore_ascii_case("SECSTATE") {
        let washington = match rest {
            [washdc] => washdc.eq_ignore_ascii_case("WASHDC"),
            [washington, dc] => {
                washington.eq_ignore_ascii_case("WASHINGTON") && dc.eq_ignore_ascii_case("DC")
            }
            _ => false,
        };
        return washington.then(|| "STATE".to_string());
    } else if first.eq_ignore_ascii_case("RPO") {
        &words
    } else if first.eq_ignore_ascii_case("IRAN")
        && rest
            .first()
            .is_some_and(|word| word.eq_ignore_ascii_case("RPO"))
    {
        rest
    } else {
        return None;
    };
    if office_words.is_empty() {
        return None;
    }
    Some(office_words.join(" ").to_ascii_uppercase())
}

/// The office of the station an RI delivers to (`RUEHRO` → `ROME`), to
/// compare the DE line's station with the FM office and the banner.
pub fn office_of_routing_indicator(ri: &str) -> Option<String> {
    office_of_address(lookup_route(ri)?.station)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stations_match_ignoring_case_and_blank_runs() {
        let ris = |station: &str| {
            routes_for_station(station)
                .iter()
                .map(|r| r.routing_indicator)
                .collect::<Vec<_>>()
        };
        assert_eq!(ris("amembassy  rome "), ["RUEHRO"]);
        assert_eq!(ris("AMEMBASSY ROME"), ["RUEHRO"]);
        assert!(ris("AMEMBASSY ROMEX").is_empty());
        assert!(ris("  ").is_empty());
    }

    #[test]
    fn table_parses() {
        let routes = parse_routes(ROUTES_TSV).expect("routes.tsv parses");
        assert_eq!(routes.len(), 1_739);
        assert_eq!(
            routes
                .iter()
                .filter(|route| route.station.is_empty())
                .count(),
            4
        );
    }

    #[test]
    fn malformed_rows_are_errors() {
        assert_eq!(
            parse_routes("routing_indicator\tstation\nRUEHRO\n"),
            Err(TableError::FieldCount {
                table: "routes.tsv",
                line: 2,
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            parse_routes("routing_indicator\tstation\n\tAMEMBASSY ROME\n"),
            Err(TableError::BadKey {
                table: "routes.tsv",
                line: 2,
                key: ""
            })
        );
    }

    #[test]
    fn lookup_ignores_case() {
        let rome = lookup_route("ruehro").expect("RUEHRO is in the table");
        assert_eq!(rome.routing_indicator, "RUEHRO");
        assert_eq!(rome.station, "AMEMBASSY ROME");
        assert_eq!(
            lookup_route("RUEHC").map(|route| route.station),
            Some("SECSTATE WASHDC")
        );
        assert_eq!(lookup_route("RUEHWEB").map(|route| route.station), Some(""));
        assert!(lookup_route("").is_none());
        assert!(lookup_route("RUEHZZZ").is_none());
        assert!(lookup_route("RUEHRO ").is_none());
        assert!(lookup_route(&"R".repeat(1_000)).is_none());
    }

    #[test]
    fn every_ri_round_trips() {
        assert!(all_routes()
            .windows(2)
            .all(|pair| pair[0].routing_indicator < pair[1].routing_indicator));
        for route in all_routes() {
            let lower = route.routing_indicator.to_ascii_lowercase();
            assert_eq!(
                lookup_route(&lower).map(|found| found.routing_indicator),
                Some(route.routing_indicator)
            );
        }
    }

    #[test]
    fn routes_for_a_station() {
        let ris = |station| -> Vec<&str> {
            routes_for_station(station)
                .into_iter()
                .map(|route| route.routing_indicator)
                .collect()
        };
        assert_eq!(ris("amembassy  rome"), ["RUEHRO"]);
        assert_eq!(ris("AMEMBASSY HARARE"), ["RUEHSAB", "RUEHSB"]);
        assert_eq!(ris(" AMEMBASSY   BUENOS AIRES "), ["RUEHBU"]);
        assert!(ris("AMEMBASSY ATLANTIS").is_empty());
        // The empty stations must not answer an empty query.
        assert!(ris("").is_empty());
        assert!(ris("   ").is_empty());
    }

    #[test]
    fn offices_of_addresses() {
        let cases = [
            ("AMEMBASSY ROME", Some("ROME")),
            ("AMCONSUL FLORENCE", Some("FLORENCE")),
            ("SECSTATE WASHDC", Some("STATE")),
            ("secstate washington dc", Some("STATE")),
            ("USMISSION USNATO", Some("USNATO")),
            ("USEU BRUSSELS", Some("BRUSSELS")),
            ("USMISSION USUN NEW YORK", Some("USUN NEW YORK")),
            ("USMISSION UNVIE VIENNA", Some("UNVIE VIENNA")),
            ("USMISSION GENEVA", Some("GENEVA")),
            ("AMEMBASSY BUENOS AIRES", Some("BUENOS AIRES")),
            ("USOFFICE PRISTINA", Some("PRISTINA")),
            ("USINT HAVANA", Some("HAVANA")),
            ("AMEMBASSY LA PAZ", Some("LA PAZ")),
            ("  amembassy   la  paz ", Some("LA PAZ")),
            ("RPO DUBAI", Some("RPO DUBAI")),
            ("IRAN RPO DUBAI", Some("RPO DUBAI")),
            ("AMEMBASSY", None),
            ("SECSTATE SERVICE DESK WASHINGTON DC", None),
            ("DIA WASHINGTON DC", None),
            ("USDAO ANKARA TU", None),
            ("IRAN COLLECTIVE", None),
            ("", None),
            ("   ", None),
        ];
        for (address, office) in cases {
            assert_eq!(office_of_address(address).as_deref(), office, "{address:?}");
        }
    }

    #[test]
    fn offices_of_routing_indicators() {
        assert_eq!(
            office_of_routing_indicator("RUEHRO").as_deref(),
            Some("ROME")
        );
        assert_eq!(
            office_of_routing_indicator("ruehc").as_deref(),
            Some("STATE")
        );
        assert_eq!(
            office_of_routing_indicator("RUEHBU").as_deref(),
            Some("BUENOS AIRES")
        );
        assert_eq!(
            office_of_routing_indicator("RUEHNO").as_deref(),
            Some("USNATO")
        );
        assert_eq!(
            office_of_routing_indicator("RUEHBS").as_deref(),
            Some("BRUSSELS")
        );
        assert_eq!(
            office_of_routing_indicator("RUEHNAG").as_deref(),
            Some("RPO DUBAI")
        );
        assert_eq!(office_of_routing_indicator("RUEHWEB"), None);
        assert_eq!(office_of_routing_indicator("RHMFISS"), None);
        assert_eq!(office_of_routing_indicator("NOPE"), None);
    }
}
