//! Index tests: merging keys across cables into persons.

use super::{recognize, Mention, MentionSource, PeopleIndex, PeopleOverrides};
use crate::model::intern::Sym;
use crate::syntax::{parse, Span};

fn mention(name: &str, title: Option<&str>) -> Mention {
    Mention {
        span: Span::new(0, 0),
        name: Sym::new(name),
        key: Sym::new(&super::name_key(name)),
        title: title.map(Sym::new),
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
        index.person_of_text("SPOGLI"),
        index.person_of_text("RONALD P SPOGLI")
    );
    assert_eq!(index.person_of_text("J STEINBERG"), Some(1));
    assert_eq!(index.person_of_text("NOBODY"), None);
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
        mention("Massimo D'Alema", Some("Deputy Prime Minister")),
        mention("D'Alema", Some("FM")),
        mention("D'Alema", Some("FM")),
        mention("D'Alema", Some("FOREIGN MINISTER")),
        mention("D'Alema", Some("DPM")),
    ];
    let index = PeopleIndex::build([a.as_slice()]);
    // `FM` and `FOREIGN MINISTER` are one title, and so are `DPM` and
    // `Deputy Prime Minister`.
    assert_eq!(
        index.persons[0].titles,
        ["Foreign Minister", "Deputy Prime Minister"]
    );
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
    let spogli = index
        .person_of_text("SPOGLI")
        .and_then(|id| index.person(id));
    let spogli = spogli.map(|p| (p.name.as_str(), p.n_cables));
    assert_eq!(spogli, Some(("Ronald P. Spogli", 2)));
    let berlusconi = index
        .person_of_text("SILVIO BERLUSCONI")
        .and_then(|id| index.person(id));
    assert_eq!(
        berlusconi.map(|p| p.name.as_str()),
        Some("Silvio Berlusconi")
    );
}

fn signed(name: &str) -> Mention {
    Mention {
        source: MentionSource::Signature,
        ..mention(name, None)
    }
}

fn classified(name: &str) -> Mention {
    Mention {
        source: MentionSource::ClassifiedBy,
        ..mention(name, Some("Ambassador"))
    }
}

#[test]
fn bare_surname_joins_the_dominant_full_name() {
    // Four cables say `Nicolas Sarkozy`, one `Cecilia Sarkozy`; the bare
    // `Sarkozy` of another cable is the president.
    let a: Vec<Mention> = (0..8).map(|_| mention("Nicolas Sarkozy", None)).collect();
    let b = vec![mention("Cecilia Sarkozy", None)];
    let c = vec![mention("Sarkozy", Some("President"))];
    let index = PeopleIndex::build([a.as_slice(), b.as_slice(), c.as_slice()]);
    assert_eq!(
        index.person_of_text("SARKOZY"),
        index.person_of_text("NICOLAS SARKOZY")
    );
    assert_ne!(
        index.person_of_text("SARKOZY"),
        index.person_of_text("CECILIA SARKOZY")
    );
    // Too close to call: apart.
    let d: Vec<Mention> = (0..2).map(|_| mention("Cecilia Sarkozy", None)).collect();
    let index = PeopleIndex::build([a.as_slice(), d.as_slice(), d.as_slice(), c.as_slice()]);
    assert_ne!(
        index.person_of_text("SARKOZY"),
        index.person_of_text("NICOLAS SARKOZY")
    );
    assert_ne!(
        index.person_of_text("SARKOZY"),
        index.person_of_text("CECILIA SARKOZY")
    );
}

#[test]
fn a_signer_joins_only_an_officer() {
    // `AGUIRRE` signs; `Esperanza Aguirre` is a politician of the prose.
    let a = vec![mention("Esperanza Aguirre", None), signed("AGUIRRE")];
    let index = PeopleIndex::build([a.as_slice()]);
    assert_ne!(
        index.person_of_text("AGUIRRE"),
        index.person_of_text("ESPERANZA AGUIRRE")
    );
    // With the ambassador's full name from Classified By, it joins him.
    let b = vec![classified("Eduardo Aguirre"), signed("AGUIRRE")];
    let index = PeopleIndex::build([a.as_slice(), b.as_slice()]);
    assert_eq!(
        index.person_of_text("AGUIRRE"),
        index.person_of_text("EDUARDO AGUIRRE")
    );
    assert_eq!(
        index
            .person(index.person_of_text("AGUIRRE").unwrap())
            .map(|p| p.n_cables),
        Some(2)
    );
}

#[test]
fn arabic_article_glued_to_a_surname() {
    let a = vec![mention("Muammar al-Qadhafi", Some("Leader"))];
    let b = vec![mention("QADHAFI", None)];
    let index = PeopleIndex::build([a.as_slice(), b.as_slice()]);
    assert_eq!(
        index.person_of_text("QADHAFI"),
        index.person_of_text("MUAMMAR AL-QADHAFI")
    );
    assert_eq!(index.persons.len(), 1);
    assert_eq!(index.persons[0].name, "Muammar al-Qadhafi");
}

#[test]
fn overrides_merge_and_split() {
    let a = vec![
        mention("Nicolas Sarkozy", None),
        mention("Sarko", None),
        mention("Nicholas Burns", Some("Under Secretary")),
        mention("William Burns", Some("Under Secretary")),
        mention("Burns", Some("U/S")),
    ];
    let index = PeopleIndex::build([a.as_slice()]);
    assert_ne!(
        index.person_of_text("SARKO"),
        index.person_of_text("NICOLAS SARKOZY")
    );
    let overrides = PeopleOverrides {
        aliases: vec![vec![
            "Sarkozy".to_string(),
            "Nicolas Sarkozy".to_string(),
            "Sarko".to_string(),
        ]],
        distinct: vec![vec![
            "Nicholas Burns".to_string(),
            "William Burns".to_string(),
        ]],
    };
    let index = PeopleIndex::build_with([a.as_slice()], &overrides);
    let sarkozy = index.person_of_text("NICOLAS SARKOZY");
    assert_eq!(index.person_of_text("SARKO"), sarkozy);
    // A name of the list no cable writes still answers.
    assert_eq!(index.person_of_text("SARKOZY"), sarkozy);
    assert_eq!(
        index.person(sarkozy.unwrap()).map(|p| p.n_mentions),
        Some(2)
    );
    assert_ne!(
        index.person_of_text("NICHOLAS BURNS"),
        index.person_of_text("WILLIAM BURNS")
    );

    // `distinct` wins over a merge the engine would make: `J Steinberg`
    // fits `James Steinberg` alone, but the user says they differ.
    let b = vec![
        mention("James Steinberg", None),
        mention("J. Steinberg", None),
    ];
    let index = PeopleIndex::build([b.as_slice()]);
    assert_eq!(
        index.person_of_text("J STEINBERG"),
        index.person_of_text("JAMES STEINBERG")
    );
    let overrides = PeopleOverrides {
        aliases: vec![],
        distinct: vec![vec![
            "James Steinberg".to_string(),
            "J. Steinberg".to_string(),
        ]],
    };
    let index = PeopleIndex::build_with([b.as_slice()], &overrides);
    assert_ne!(
        index.person_of_text("J STEINBERG"),
        index.person_of_text("JAMES STEINBERG")
    );
    // And over an alias list that contradicts it.
    let overrides = PeopleOverrides {
        aliases: vec![vec![
            "James Steinberg".to_string(),
            "J. Steinberg".to_string(),
        ]],
        distinct: vec![vec![
            "James Steinberg".to_string(),
            "J. Steinberg".to_string(),
        ]],
    };
    let index = PeopleIndex::build_with([b.as_slice()], &overrides);
    assert_ne!(
        index.person_of_text("J STEINBERG"),
        index.person_of_text("JAMES STEINBERG")
    );
}
