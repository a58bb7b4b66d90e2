//! Recognition tests: seeds, real all-caps cables, negatives, and a run
//! over the whole corpus.

use super::{recognize, Mention};
use crate::syntax::parse;
use expect_test::{expect, Expect};

/// One line per mention: the text under the span, the resolved name, the
/// key, the title and the source.
fn render(document: &str) -> String {
    let parse = parse(document);
    let mut out = String::new();
    for cable in &parse.cables {
        let text = cable.text(document);
        for m in recognize(text, cable) {
            out.push_str(&line(text, &m));
            out.push('\n');
        }
    }
    out
}

fn line(text: &str, m: &Mention) -> String {
    let written = m
        .span
        .text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{written} => {} [{}] {}{:?}",
        m.name,
        m.key,
        m.title
            .as_deref()
            .map(|t| format!("<{t}> "))
            .unwrap_or_default(),
        m.source
    )
}

fn check(document: &str, expect: Expect) {
    expect.assert_eq(&render(document));
}

fn fixture(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// A small cable around the given paragraphs, with a person in TAGS.
fn cable(paragraphs: &str) -> String {
    format!(
        "C O N F I D E N T I A L ROME 000104\n\nSIPDIS\n\nE.O. 12958: DECL: 01/31/2018\n\
         TAGS: PREL PGOV OVIP (STEINBERG, JAMES B.) IT\n\
         SUBJECT: DEPUTY SECRETARY STEINBERG MEETS FM FRATTINI\n\n{paragraphs}\n\nSPOGLI\n"
    )
}

#[test]
fn seed_rome_104() {
    check(
        &fixture("examples/000_2fe200cbb93dc52e.txt"),
        expect![[r#"
            Jonathan R. Cohen => Jonathan R. Cohen [JONATHAN R COHEN] <Acting Political Minister Counselor> ClassifiedBy
            D'Alema => D'Alema [D'ALEMA] <FM> Prose
            Prodi => Prodi [PRODI] <PM> Prose
            Stefano Sannino => Stefano Sannino [STEFANO SANNINO] <advisor> Prose
            Raimondo De Cardona => Raimondo De Cardona [RAIMONDO DE CARDONA] Prose
            D'Alema => D'Alema [D'ALEMA] <FM> Prose
            De Cardona => Raimondo De Cardona [RAIMONDO DE CARDONA] Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn all_caps_cape_town() {
    check(
        &fixture("tests/fixtures/90CAPETOWN97.txt"),
        expect![[r#"
        ESSA MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        ESSA MOOSA => Essa Moosa [ESSA MOOSA] <Attorney> Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        DE KLERK => Fw De Klerk [FW DE KLERK] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        DE KLERK => Fw De Klerk [FW DE KLERK] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        DE KLERK => Fw De Klerk [FW DE KLERK] Prose
        JESSE JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        ESSA MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        FW DE KLERK => Fw De Klerk [FW DE KLERK] <President> Prose
        DE KLERK => Fw De Klerk [FW DE KLERK] Prose
        NELSON MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        MANDELA => Nelson Mandela [NELSON MANDELA] Prose
        ESSA MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MANDELA => Mandela [MANDELA] Prose
        DE KLERK-ANC => De Klerk-Anc [DE KLERK-ANC] Prose
        MANDELA => Mandela [MANDELA] Prose
        MANDELA => Mandela [MANDELA] Prose
        DE KLERK => De Klerk [DE KLERK] Prose
        MANDELA => Mandela [MANDELA] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        THABO MBEKI => Thabo Mbeki [THABO MBEKI] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        DE KLERK => De Klerk [DE KLERK] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MANDELA => Mandela [MANDELA] Prose
        DE KLERK => De Klerk [DE KLERK] Prose
        MANDELA => Mandela [MANDELA] Prose
        DE KLERK => De Klerk [DE KLERK] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        JESSE JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        JESSE JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        KOORNHOF => Koornhof [KOORNHOF] <Ambassador> Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        MOOSA => Essa Moosa [ESSA MOOSA] Prose
        KOORNHOF => Koornhof [KOORNHOF] Prose
        JACKSON => Jesse Jackson [JESSE JACKSON] Prose
        BAQUET => Baquet [BAQUET] Signature
    "#]],
    );
}

#[test]
fn all_caps_panama() {
    check(
        &fixture("tests/fixtures/89PANAMA8545.txt"),
        expect![[r#"
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        GUILLERMO => Guillermo [GUILLERMO] <Leader> Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        MARCO JUSTINES => Marco Justines [MARCO JUSTINES] <Colonel> Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        NORIEGA => Noriega [NORIEGA] Prose
        BUSHNELL => Bushnell [BUSHNELL] Signature
    "#]],
    );
}

#[test]
fn tags_subject_and_signature() {
    check(
        &cable("¶1. (C) Deputy Secretary Steinberg met Foreign Minister Franco Frattini on May 3."),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Franco Frattini [FRANCO FRATTINI] <FM> Prose
            Steinberg => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            Franco Frattini => Franco Frattini [FRANCO FRATTINI] <Foreign Minister> Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn negatives_are_not_persons() {
    let text = "C O N F I D E N T I A L ROME 000104\n\nSUBJECT: THE MFA AND ROME\n\n\
        ¶1. (C) The Ambassador and Poloff met the DCM at the MFA in Rome in January. \
        XXXXXXXXXXXX told Poloff that the Ministry of Foreign Affairs and the \
        Democratic Party agree. On Monday, the U.S. and the EU said so. Italy's \
        position is clear, the Italians said. Summary. End Summary.\n";
    check(text, expect![[r#""#]]);
}

#[test]
fn possessives_particles_wraps_and_named_things() {
    check(
        &cable(
            "¶1. (C) Berlusconi's aide, Raimondo De Cardona, Head of the MFA Balkans \
             Office, backed the Ahtisaari plan. Later De Cardona said that Foreign\n\
             Minister Massimo\nD'Alema and Jonathan R. Cohen agreed with Ban Ki-moon \
             and Ayman al-Zawahiri. Iran,s negotiator, Saeed Jalili, and Berlusconi’s \
             friend Ludwig van Beethoven came too. D'Alema's view prevailed.",
        ),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Frattini [FRATTINI] <FM> Prose
            Berlusconi => Berlusconi [BERLUSCONI] Prose
            Raimondo De Cardona => Raimondo De Cardona [RAIMONDO DE CARDONA] <aide> Prose
            Ahtisaari => Ahtisaari [AHTISAARI] Prose
            De Cardona => Raimondo De Cardona [RAIMONDO DE CARDONA] Prose
            Massimo D'Alema => Massimo D'Alema [MASSIMO D'ALEMA] <Foreign Minister> Prose
            Jonathan R. Cohen => Jonathan R. Cohen [JONATHAN R COHEN] Prose
            Ban Ki-moon => Ban Ki-moon [BAN KI-MOON] Prose
            Ayman al-Zawahiri => Ayman al-Zawahiri [AYMAN AL-ZAWAHIRI] Prose
            Saeed Jalili => Saeed Jalili [SAEED JALILI] Prose
            Berlusconi => Berlusconi [BERLUSCONI] Prose
            Ludwig van Beethoven => Ludwig van Beethoven [LUDWIG VAN BEETHOVEN] Prose
            D'Alema => Massimo D'Alema [MASSIMO D'ALEMA] Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn caps_resolution_borrows_mixed_case() {
    check(
        &cable("¶1. (C) FOREIGN MINISTER MASSIMO D'ALEMA SAID NO.\n\n¶2. (C) FM D'Alema agreed; D'ALEMA'S STAFF DID NOT."),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Frattini [FRATTINI] <FM> Prose
            MASSIMO D'ALEMA => Massimo D'Alema [MASSIMO D'ALEMA] <Foreign Minister> Prose
            D'Alema => Massimo D'Alema [MASSIMO D'ALEMA] <FM> Prose
            D'ALEMA => Massimo D'Alema [MASSIMO D'ALEMA] Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn exact_spans() {
    let doc =
        cable("¶1. (C) PM Prodi's senior advisor Stefano\nSannino, and Berlusconi's friends.");
    let parse = parse(&doc);
    let c = &parse.cables[0];
    let text = c.text(&doc);
    let written: Vec<&str> = recognize(text, c)
        .iter()
        .map(|m| m.span.text(text))
        .collect();
    assert_eq!(
        written,
        [
            "STEINBERG, JAMES B.",
            "STEINBERG",
            "FRATTINI",
            "Prodi",
            "Stefano\nSannino",
            "Berlusconi",
            "SPOGLI"
        ]
    );
}

#[test]
fn never_panics_on_odd_text() {
    for doc in [
        "",
        "¶",
        "TAGS: OVIP (,)\n",
        "Classified By: \n",
        "¶1. (C) Mr. ’s D’ X. Y. Z. al- -al ,s 'S\u{1F600} É. Élodie Ñúñez’s",
        "¶1. (C) U.S.A. P.M. F.M.\nA.\nB. C",
    ] {
        let parse = parse(doc);
        for c in &parse.cables {
            let _ = recognize(c.text(doc), c);
        }
    }
}

/// Every corpus cable: no panic, spans on char boundaries and in order.
/// Prints counts and throughput; `PEOPLE_DUMP=path` writes every mention.
#[test]
fn corpus_never_panics() {
    let dir = std::path::Path::new("/work/shared/corpus/cables");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("corpus absent, skipped");
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let docs: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    let parsed: Vec<_> = docs.iter().map(|(_, t)| parse(t)).collect();
    let n_bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    // The lexicon is built once per process; keep that out of the figure.
    let _ = super::lexicon::lexicon();
    let started = std::time::Instant::now();
    let mut per_cable = Vec::new();
    for ((_, document), parse) in docs.iter().zip(&parsed) {
        for cable in &parse.cables {
            let text = cable.text(document);
            let mentions = recognize(text, cable);
            let mut last = 0;
            for m in &mentions {
                assert!(text.is_char_boundary(m.span.start as usize));
                assert!(text.is_char_boundary(m.span.end as usize));
                assert!(m.span.start >= last, "mentions out of order");
                last = m.span.start;
            }
            per_cable.push(mentions);
        }
    }
    let elapsed = started.elapsed();
    let n_mentions: usize = per_cable.iter().map(Vec::len).sum();
    let index = super::PeopleIndex::build(per_cable.iter().map(Vec::as_slice));
    eprintln!(
        "{} files, {} cables, {n_mentions} mentions, {} persons, {:.1} MB/s",
        docs.len(),
        per_cable.len(),
        index.persons.len(),
        n_bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );
    if let Ok(out) = std::env::var("PEOPLE_DUMP") {
        let mut dump = String::new();
        let mut k = 0;
        for ((name, document), parse) in docs.iter().zip(&parsed) {
            for cable in &parse.cables {
                let text = cable.text(document);
                for m in &per_cable[k] {
                    dump.push_str(&format!("{name}\t{}\n", line(text, m)));
                }
                k += 1;
            }
        }
        let mut persons: Vec<_> = index.persons.iter().collect();
        persons.sort_by_key(|p| std::cmp::Reverse(p.n_mentions));
        for p in persons {
            dump.push_str(&format!(
                "PERSON\t{}\t{}\t{}\t{:?}\n",
                p.name, p.n_mentions, p.n_cables, p.titles
            ));
        }
        std::fs::write(out, dump).ok();
    }
}
