//! Index tests: merging keys across cables into persons.

use super::{recognize, Mention, MentionSource, PeopleIndex};
use crate::syntax::{parse, Span};

fn mention(name: &str, title: Option<&str>) -> Mention {
    Mention {
        span: Span::new(0, 0),
        name: name.to_string(),
        key: super::name_key(name),
        title: title.map(str::to_string),
        source: MentionSource::Prose,
    }
}

fn summary(index: &PeopleIndex) -> Vec<String> {
    index
        .persons
        .iter()
        .enumerate()
        .map(|(id, p)| {
            format!(
                "{} m={} c={} titles={:?} keys={:?}",
                p.name,
                p.n_mentions,
                p.n_cables,
                p.titles,
                index.keys_of(id)
            )
        })
        .collect()
}

#[test]
fn short_forms_join_the_unique_full_name() {
    let a = vec![
        mention("Ronald P. Spogli", Some("Ambassador")),
        mention("SPOGLI", None),
    ];
    let b = vec![
        mention("Spogli", Some("Ambassador")),
        mention("Spogli", None),
    ];
    let c = vec![
        mention("J. Steinberg", None),
        mention("James B. Steinberg", Some("Deputy Secretary")),
        mention("James Steinberg", Some("Deputy Secretary")),
        mention("Steinberg", Some("Deputy Secretary")),
    ];
    let index = PeopleIndex::build([a.as_slice(), b.as_slice(), c.as_slice()]);
    assert_eq!(
        summary(&index),
        [
            "Ronald P. Spogli m=4 c=2 titles=[\"Ambassador\"] keys=[\"RONALD P SPOGLI\", \"SPOGLI\"]",
            "James B. Steinberg m=4 c=1 titles=[\"Deputy Secretary\"] keys=[\"J STEINBERG\", \"JAMES B STEINBERG\", \"JAMES STEINBERG\", \"STEINBERG\"]",
        ]
    );
    assert_eq!(
        index.person_of("SPOGLI"),
        index.person_of("RONALD P SPOGLI")
    );
    assert_eq!(index.person_of("J STEINBERG"), Some(1));
    assert_eq!(index.person_of("NOBODY"), None);
}

#[test]
fn ambiguous_surname_stays_apart() {
    let a = vec![
        mention("Hillary Clinton", Some("Secretary")),
        mention("Bill Clinton", Some("President")),
        mention("Clinton", None),
        mention("H. Clinton", None),
    ];
    let index = PeopleIndex::build([a.as_slice()]);
    assert_eq!(
        summary(&index),
        [
            "Hillary Clinton m=2 c=1 titles=[\"Secretary\"] keys=[\"HILLARY CLINTON\", \"H CLINTON\"]",
            "Bill Clinton m=1 c=1 titles=[\"President\"] keys=[\"BILL CLINTON\"]",
            "Clinton m=1 c=1 titles=[] keys=[\"CLINTON\"]",
        ]
    );
}

#[test]
fn titles_most_frequent_first() {
    let a = vec![
        mention("Massimo D'Alema", Some("Foreign Minister")),
        mention("D'Alema", Some("FM")),
        mention("D'Alema", Some("FM")),
    ];
    let index = PeopleIndex::build([a.as_slice()]);
    assert_eq!(index.persons[0].titles, ["FM", "Foreign Minister"]);
    assert_eq!(index.persons[0].name, "Massimo D'Alema");
}

/// Recognition and index together over the Rome seeds and fixture.
#[test]
fn rome_cables_share_spogli() {
    let docs: Vec<String> = [
        "examples/000_2fe200cbb93dc52e.txt",
        "tests/fixtures/08ROME1406.txt",
    ]
    .iter()
    .map(|p| {
        std::fs::read_to_string(format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
    })
    .collect();
    let mut all = Vec::new();
    for doc in &docs {
        for c in &parse(doc).cables {
            all.push(recognize(c.text(doc), c));
        }
    }
    let index = PeopleIndex::build(all.iter().map(Vec::as_slice));
    let spogli = index.person_of("SPOGLI").and_then(|id| index.person(id));
    let spogli = spogli.map(|p| (p.name.as_str(), p.n_cables));
    assert_eq!(spogli, Some(("Ronald P. Spogli", 2)));
    let berlusconi = index
        .person_of("SILVIO BERLUSCONI")
        .and_then(|id| index.person(id));
    assert_eq!(
        berlusconi.map(|p| p.name.as_str()),
        Some("Silvio Berlusconi")
    );
}
