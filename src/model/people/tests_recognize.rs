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
            KOLKER => Kolker [KOLKER] Prose
            FENDRICK => Fendrick [FENDRICK] Prose
            ESSA MOOSA => Essa Moosa [ESSA MOOSA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            ESSA MOOSA => Essa Moosa [ESSA MOOSA] <Attorney> Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            DE KLERK => FW De Klerk [FW DE KLERK] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            DE KLERK => FW De Klerk [FW DE KLERK] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            DE KLERK => FW De Klerk [FW DE KLERK] Prose
            JESSE JACKSON => Jesse Jackson [JESSE JACKSON] Prose
            MOOSA => Essa Moosa [ESSA MOOSA] Prose
            JACKSON => Jesse Jackson [JESSE JACKSON] Prose
            ESSA MOOSA => Essa Moosa [ESSA MOOSA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            FW DE KLERK => FW De Klerk [FW DE KLERK] <President> Prose
            DE KLERK => FW De Klerk [FW DE KLERK] Prose
            NELSON MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MOOSA => Essa Moosa [ESSA MOOSA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MOOSA => Essa Moosa [ESSA MOOSA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            MANDELA => Nelson Mandela [NELSON MANDELA] Prose
            KOLKER => Kolker [KOLKER] Prose
            FENDRICK => Fendrick [FENDRICK] Prose
            ESSA MOOSA => Essa Moosa [ESSA MOOSA] Prose
            MANDELA => Mandela [MANDELA] Prose
            DE KLERK => De Klerk [DE KLERK] Prose
            MANDELA => Mandela [MANDELA] Prose
            MANDELA => Mandela [MANDELA] Prose
            DE KLERK => De Klerk [DE KLERK] Prose
            MANDELA => Mandela [MANDELA] Prose
            MOOSA => Essa Moosa [ESSA MOOSA] Prose
            ALFRED NZO => Alfred Nzo [ALFRED NZO] Prose
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
        let mut persons: Vec<_> = index.persons.iter().enumerate().collect();
        persons.sort_by_key(|(_, p)| std::cmp::Reverse(p.n_mentions));
        for (id, p) in persons {
            dump.push_str(&format!(
                "PERSON\t{}\t{}\t{}\t{:?}\t{:?}\n",
                p.name,
                p.n_mentions,
                p.n_cables,
                p.titles,
                index.keys_of(id)
            ));
        }
        std::fs::write(out, dump).ok();
    }
}

/// A cable with the given header lines (passing lines, captions) before
/// the body.
fn cable_with_header(header: &str, paragraphs: &str) -> String {
    format!(
        "C O N F I D E N T I A L ROME 000104\n\nSIPDIS\n\n{header}\n\nE.O. 12958: DECL: 01/31/2018\n\
         TAGS: PREL PGOV IT\nSUBJECT: A MEETING\n\n{paragraphs}\n\nSPOGLI\n"
    )
}

#[test]
fn passing_lines_name_addressees_not_offices() {
    check(
        &cable_with_header(
            "NSC FOR ABRAMS/DORAN\nSTATE FOR WHA A/S T.SHANNON AND PDAS C.SHAPIRO\n\
             DEPT FOR EUR/WE, S/CT AND INR\nTREASURY FOR MMALLOY\n\
             COMMERCE FOR 4431/MAC/WH/MCAMERON\nDEFENSE FOR OSD/ISP (P. GRAFF)\n\
             LONDON FOR KOLKER, PARIS FOR FENDRICK\nHQ USSOUTHCOM ALSO FOR POLAD",
            "¶1. (C) Nothing here.",
        ),
        expect![[r#"
            ABRAMS => Abrams [ABRAMS] Prose
            DORAN => Doran [DORAN] Prose
            T.SHANNON => T. Shannon [T SHANNON] <A/S> Prose
            C.SHAPIRO => C. Shapiro [C SHAPIRO] <Pdas> Prose
            MMALLOY => Mmalloy [MMALLOY] Prose
            MCAMERON => McAmeron [MCAMERON] Prose
            P. GRAFF => P. Graff [P GRAFF] Prose
            KOLKER => Kolker [KOLKER] Prose
            FENDRICK => Fendrick [FENDRICK] Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn classified_by_variants() {
    let found: Vec<String> = [
        "Classified By: ISN/MTR DIRECTOR PAM DURHAM FOR REASONS 1.4 (b), (d).",
        "Classified By: DCM Luis G, Moreno, Reason 1.4 (b) (d)",
        "Classified By: POL M/C James L. Wayman. Reasons 1.4(b/d)",
        "CLASSIFIED BY: A/DCM ABELARDO A. ARIAS FOR REASONS 1.4 (D)",
        "Classified By: Thomas Shannon, Ambassador; REASON: 1.4(D)",
        "Classified By: Ambassador Spogli, for reasons 1.4 (b)(d).",
        "Classified By: Ambassador, reason 1.4 (b,d)",
    ]
    .iter()
    .map(|line| {
        let doc = format!(
            "C O N F I D E N T I A L ROME 000104\n\nSIPDIS\n\nE.O. 12958: DECL: 01/31/2018\n\
             TAGS: PREL\nSUBJECT: A MEETING\n\n{line}\n\n¶1. (C) Nothing here.\n"
        );
        let parse = parse(&doc);
        let c = &parse.cables[0];
        let text = c.text(&doc);
        recognize(text, c)
            .iter()
            .filter(|m| m.source == super::MentionSource::ClassifiedBy)
            .map(|m| format!("{} => {}", m.span.text(text), m.name))
            .collect::<Vec<_>>()
            .join(", ")
    })
    .collect();
    assert_eq!(
        found,
        [
            "PAM DURHAM => Pam Durham",
            "Luis G, Moreno => Luis G Moreno",
            "James L. Wayman => James L. Wayman",
            "ABELARDO A. ARIAS => Abelardo A. Arias",
            "Thomas Shannon => Thomas Shannon",
            "Spogli => Spogli",
            "",
        ]
    );
}

#[test]
fn old_cables_eo_classifier_refs_and_signature_above_footer() {
    let doc = "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182\n\n\
        C O N F I D E N T I A L TEHRAN 08980\n\n\
        E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P\nTAGS: PEPR IR\nSUBJECT: NEGOTIATIONS\n\
        REF: A. BEYRLE-BURNS FEBRUARY 18 E-MAIL B. STATE 1234\n\n\
        ¶1. THE EMBASSY HAS BEEN INVOLVED IN NEGOTIATIONS.\n\n\nLAINGEN\n\nCONFIDENTIAL\n";
    check(
        doc,
        expect![[r#"
            TOMSETH, VICTOR L. => Victor L. Tomseth [VICTOR L TOMSETH] ClassifiedBy
            BEYRLE => Beyrle [BEYRLE] Prose
            BURNS => Burns [BURNS] Prose
            LAINGEN => Laingen [LAINGEN] Signature
        "#]],
    );
}

#[test]
fn learned_proper_nouns_aliases_and_first_names() {
    check(
        &cable(
            "¶1. (C) Israeli Ambassador Gabby Levy said that Levy had no view. \
             Kim Jong-il (KJI) is ill, and KJI knows it. Vice Foreign Minister \
             Chun Yung-woo told the Ambassador that Chun dismissed the reports. \
             Foreign Minister Maxime Verhagen arrived; Verhagan left. \
             The rift between both Abdullah and Karzai grew, Generals Keen and \
             Peixoto said. The pro-Karzai group met.",
        ),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Frattini [FRATTINI] <FM> Prose
            Gabby Levy => Gabby Levy [GABBY LEVY] <Ambassador> Prose
            Levy => Gabby Levy [GABBY LEVY] Prose
            Kim Jong-il => Kim Jong-il [KIM JONG-IL] Prose
            KJI => Kim Jong-il [KIM JONG-IL] Prose
            KJI => Kim Jong-il [KIM JONG-IL] Prose
            Chun Yung-woo => Chun Yung-woo [CHUN YUNG-WOO] <Vice Foreign Minister> Prose
            Chun => Chun Yung-woo [CHUN YUNG-WOO] Prose
            Maxime Verhagen => Maxime Verhagen [MAXIME VERHAGEN] <Foreign Minister> Prose
            Verhagan => Maxime Verhagen [MAXIME VERHAGEN] Prose
            Abdullah => Abdullah [ABDULLAH] Prose
            Karzai => Karzai [KARZAI] Prose
            Keen => Keen [KEEN] <Generals> Prose
            Peixoto => Peixoto [PEIXOTO] Prose
            Karzai => Karzai [KARZAI] Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn things_places_and_papers_are_not_persons() {
    check(
        &cable(
            "¶1. (C) Le Monde and El Pais reported that Boeing,s offer was \
             late. In mid-January, a local chief spoke. Fighting in Santa \
             Marta and the Rio Olympics, the M/V Faina and EcoPol staff. \
             While Rio's favelas are poor, Rio de Janeiro Governor Sergio \
             Cabral spoke. Congress Had no Authority to Remove Zelaya.",
        ),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Frattini [FRATTINI] <FM> Prose
            Sergio Cabral => Sergio Cabral [SERGIO CABRAL] <Governor> Prose
            Zelaya => Zelaya [ZELAYA] Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn titles_misspelled_glued_and_kin() {
    check(
        &cable(
            "¶1. (C) Captian Moussa Dadis Camara and Foreign Minster Alpha \
             Kabine. Then Brigadeiro Saito and Assemblyman Carlos Echezuria \
             Rodriguez met Erdogan and his wife Emine. HEAD OF PRISONS \
             BRIGADIER GENERAL SAID TAHERI AND LTG JAFFARQOLI SADRI SAID NO.",
        ),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Frattini [FRATTINI] <FM> Prose
            Moussa Dadis Camara => Moussa Dadis Camara [MOUSSA DADIS CAMARA] <Captian> Prose
            Alpha Kabine => Alpha Kabine [ALPHA KABINE] <Foreign Minster> Prose
            Saito => Saito [SAITO] <Brigadeiro> Prose
            Carlos Echezuria Rodriguez => Carlos Echezuria Rodriguez [CARLOS ECHEZURIA RODRIGUEZ] <Assemblyman> Prose
            Erdogan => Erdogan [ERDOGAN] Prose
            Emine => Emine [EMINE] <wife> Prose
            SAID TAHERI => Said Taheri [SAID TAHERI] <Brigadier General> Prose
            JAFFARQOLI SADRI => Jaffarqoli Sadri [JAFFARQOLI SADRI] <LTG> Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

#[test]
fn participant_lists_and_compounds() {
    check(
        &cable(
            "¶1. (C) Participants: The Secretary Charge Michael Gallagher EUR A/S \
             Philip H. Gordon NSC Director Toby Bradley Valerie Belon (EUR \
             Notetaker) FM Maxime Verhagen Ambassador Renee Jones-Bos Pieter \
             De Gooijer, Jaime Mayor Oreja spoke.\n\n¶2. (C) PRESIDENT FW DE KLERK \
             SPOKE. DE KLERK-ANC TALKS AND CHIRACS NEW-FOUND CAUTION: CHIRAC \
             AGREED, GENERAL SADRI SAID.",
        ),
        expect![[r#"
            STEINBERG, JAMES B. => James B. Steinberg [JAMES B STEINBERG] Tag
            STEINBERG => James B. Steinberg [JAMES B STEINBERG] <Deputy Secretary> Prose
            FRATTINI => Frattini [FRATTINI] <FM> Prose
            Michael Gallagher => Michael Gallagher [MICHAEL GALLAGHER] <Secretary Charge> Prose
            Philip H. Gordon => Philip H. Gordon [PHILIP H GORDON] <A/S> Prose
            Toby Bradley => Toby Bradley [TOBY BRADLEY] <Director> Prose
            Valerie Belon => Valerie Belon [VALERIE BELON] Prose
            Maxime Verhagen => Maxime Verhagen [MAXIME VERHAGEN] <FM> Prose
            Renee Jones-Bos => Renee Jones-Bos [RENEE JONES-BOS] <Ambassador> Prose
            Pieter De Gooijer => Pieter De Gooijer [PIETER DE GOOIJER] Prose
            Jaime Mayor Oreja => Jaime Mayor Oreja [JAIME MAYOR OREJA] Prose
            FW DE KLERK => FW De Klerk [FW DE KLERK] <President> Prose
            DE KLERK => FW De Klerk [FW DE KLERK] Prose
            CHIRAC => Chirac [CHIRAC] Prose
            CHIRAC => Chirac [CHIRAC] Prose
            SADRI => Sadri [SADRI] <General> Prose
            SPOGLI => Spogli [SPOGLI] Signature
        "#]],
    );
}

/// A cable naming `n` different persons, each several times and once
/// misspelled, costs work linear in `n`. The work is counted, not timed,
/// so the test gives the same answer on a busy machine: the comparisons of
/// words with known names (where matching misspellings by comparing every
/// name with every other would be quadratic) and the mentions found. Four
/// times the names must take about four times the comparisons, far from
/// sixteen.
#[test]
fn work_is_linear_in_the_number_of_names() {
    fn surname(i: usize) -> String {
        const SYLLABLES: [&str; 16] = [
            "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "za", "be", "do", "fu", "ga", "hi",
            "jo", "pe",
        ];
        let mut s = String::from("Mo");
        let mut k = i;
        for _ in 0..4 {
            s.push_str(SYLLABLES[k % 16]);
            k /= 16;
        }
        s
    }
    fn document(n: usize) -> String {
        let mut body = String::new();
        for i in 0..n {
            let s = surname(i);
            body.push_str(&format!(
                "Minister Ahmed {s} met Ambassador Lee. {s} said {s}a and {s} agreed; \
                 the {s} plan held. "
            ));
        }
        cable(&format!("¶1. (C) {body}"))
    }
    let work = |n: usize| {
        let doc = document(n);
        let parse = parse(&doc);
        let before = super::propagate::COMPARISONS.with(|c| c.get());
        let mentions: usize = parse
            .cables
            .iter()
            .map(|c| recognize(c.text(&doc), c).len())
            .sum();
        let comparisons = super::propagate::COMPARISONS.with(|c| c.get()) - before;
        (mentions, comparisons)
    };
    let (small_mentions, small) = work(1000);
    let (large_mentions, large) = work(4000);
    assert_eq!(
        (small_mentions, large_mentions),
        (5004, 20004),
        "each name's five mentions and the ambassador's"
    );
    assert!(
        // 19,696 and 88,167 comparisons when written; comparing every
        // pair would make the second sixteen times the first.
        small > 0 && large <= small * 5,
        "comparisons: 1000 names {small}, 4000 names {large}"
    );
}

/// Pieces of cable text that exercise every rule, joined at random.
fn piece() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just("¶1. (C) ".to_string()),
        Just("Classified By: Ambassador ".to_string()),
        Just("E.O. 12065: GDS (TOMSETH, ".to_string()),
        Just("NSC FOR ".to_string()),
        Just("REF: A. ".to_string()),
        Just(" E-MAIL ".to_string()),
        Just("TAGS: OVIP (".to_string()),
        Just("SUBJECT: ".to_string()),
        Just("\n".to_string()),
        Just("\n\nSPOGLI\n\nCONFIDENTIAL\n".to_string()),
        Just("Raimondo De Cardona".to_string()),
        Just("D'Alema’s ".to_string()),
        Just("al-Maliki".to_string()),
        Just("pro-Karzai ".to_string()),
        Just("DE KLERK-ANC ".to_string()),
        Just("CHIRACS ".to_string()),
        Just("Verhagan ".to_string()),
        Just("Kim Jong-il (KJI) ".to_string()),
        Just("A/S T.SHANNON ".to_string()),
        Just("M/V ".to_string()),
        Just("MbZ ".to_string()),
        Just(" and ".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("/".to_string()),
        Just("-".to_string()),
        Just("'s".to_string()),
        Just(",s ".to_string()),
        Just("’".to_string()),
        Just("XXXXXXXXXXXX ".to_string()),
        Just("Élodie Ñúñez ".to_string()),
        Just("ß".to_string()),
        Just("\u{1F600}".to_string()),
        Just("said ".to_string()),
        "[A-Za-z'’\\- ]{0,12}",
    ]
}

proptest::proptest! {
    /// Any mix of the pieces: no panic, spans on character boundaries, in
    /// order, and the index builds.
    #[test]
    fn random_cables_never_panic(pieces in proptest::collection::vec(piece(), 0..60)) {
        let doc: String = pieces.concat();
        let parse = parse(&doc);
        let mut all = Vec::new();
        for c in &parse.cables {
            let text = c.text(&doc);
            let mentions = recognize(text, c);
            let mut last = 0;
            for m in &mentions {
                proptest::prop_assert!(text.is_char_boundary(m.span.start as usize));
                proptest::prop_assert!(text.is_char_boundary(m.span.end as usize));
                proptest::prop_assert!(m.span.start >= last);
                last = m.span.end;
            }
            all.push(mentions);
        }
        let _ = super::PeopleIndex::build(all.iter().map(Vec::as_slice));
    }
}

/// Cables scanned one after the other on one thread, each scan taking
/// the buffers of the one before, find what each finds on a thread of its
/// own (with fresh buffers): long cables first, then shorter ones, and
/// back.
#[test]
fn scans_in_turn_on_a_thread_find_what_fresh_scans_find() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut docs: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    assert!(docs.len() >= 2);
    docs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let fresh: Vec<String> = docs
        .iter()
        .map(|d| {
            let d = d.clone();
            std::thread::spawn(move || render(&d)).join().unwrap()
        })
        .collect();
    assert!(fresh.iter().all(|r| !r.is_empty()));
    let forth: Vec<String> = docs.iter().map(|d| render(d)).collect();
    let back: Vec<String> = docs.iter().rev().map(|d| render(d)).collect();
    assert_eq!(forth, fresh);
    assert_eq!(back.into_iter().rev().collect::<Vec<_>>(), fresh);
}
