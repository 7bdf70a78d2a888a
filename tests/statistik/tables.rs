//! Every table of a group's year against the hand-computed figures; the whole förbund; suppression.

use super::*;

#[tokio::test]
async fn every_table_of_a_group_year_matches_the_hand_computed_figures() {
    let app = fixture().await;
    let f = figures(&app, "fjardlunda", Some("STL"), false).await;
    for t in f.set.exported() {
        assert_eq!(t.inconsistencies(), Vec::<String>::new(), "{:?}", t.tabell);
    }
    // columns fk, af, kommun, region, annan, totalt; 29 is under 30, 30 is not
    assert_eq!(
        rows(&f, Tabell::ArendenPerPart),
        expect(&[
            ("kvinna", &[1, 0, 1, 1, 0, 3]),
            ("man", &[1, 0, 0, 0, 1, 2]),
            ("okant_kon", &[0, 1, 0, 0, 0, 1]),
            ("under_30", &[1, 0, 0, 1, 1, 3]),
            ("30_och_aldre", &[1, 0, 1, 0, 0, 2]),
            ("okand_alder", &[0, 1, 0, 0, 0, 1]),
            ("totalt", &[2, 1, 1, 1, 1, 6]),
        ])
    );
    // FK-1 remitted twice and counts once
    assert_eq!(
        rows(&f, Tabell::HandlaggarePerPart),
        expect(&[
            ("unika_handlaggare", &[1, 1, 1, 0, 0, 3]),
            ("arenden", &[2, 1, 1, 1, 1, 6]),
        ])
    );
    let enhet = rows(&f, Tabell::ArendenPerEnhet);
    assert_eq!(
        enhet.len(),
        14 + 2,
        "every unit of the förbund, okänd and totalt"
    );
    assert_eq!(
        non_zero(&f, Tabell::ArendenPerEnhet),
        expect(&[
            (&format!("fk:{FK} / Sjukpenning"), &[1, 2]),
            (&format!("af:{AF} / JOB"), &[1, 1]),
            (&format!("kommun:{SOC} / Försörjningsstöd"), &[1, 1]),
            ("okand", &[0, 2]),
            ("totalt", &[3, 6]),
        ])
    );
    // kvinna, man, okant_kon, totalt; an ärende counts once per action code
    let atgarder = rows(&f, Tabell::Atgarder);
    assert_eq!(
        atgarder.len(),
        12 + 1,
        "every action code and ingen uppgift"
    );
    assert_eq!(
        non_zero(&f, Tabell::Atgarder),
        expect(&[
            ("kontakt_formedlad", &[1, 0, 0, 1]),
            ("flerpartsmote", &[1, 0, 0, 1]),
            ("tillaggsresurs_erbjuden", &[1, 1, 0, 2]),
            ("tillaggsresurs_paborjad", &[0, 1, 0, 1]),
            ("ingen_uppgift", &[1, 1, 1, 3]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::Samverkansproblem),
        expect(&[
            ("struktur_saknas", &[0, 1, 0, 1]),
            ("struktur_tillampas_inte", &[0, 0, 0, 0]),
            ("racker_inte", &[1, 0, 0, 1]),
            ("kan_inte_tillgodogora", &[0, 0, 0, 0]),
            ("tillampas_felaktigt", &[0, 0, 0, 0]),
            ("inget", &[1, 0, 0, 1]),
            ("okant", &[1, 1, 1, 3]),
            ("totalt", &[3, 2, 1, 6]),
        ])
    );
    let malgrupper = rows(&f, Tabell::Malgrupper);
    assert_eq!(
        malgrupper.len(),
        13 + 1 + 1,
        "codes, the förbund's own, ingen uppgift"
    );
    assert_eq!(
        non_zero(&f, Tabell::Malgrupper),
        expect(&[
            ("psykisk_ohalsa", &[0, 1, 0, 1]),
            ("samsjuklighet", &[0, 1, 0, 1]),
            ("langtidssjukskriven", &[1, 0, 0, 1]),
            ("egen_grupp", &[1, 0, 0, 1]),
            ("ingen_uppgift", &[1, 1, 1, 3]),
        ])
    );
    assert_eq!(rows(&f, Tabell::Ersattning).len(), 11 + 1);
    assert_eq!(
        non_zero(&f, Tabell::Ersattning),
        expect(&[
            ("sjukpenning", &[1, 1, 0, 2]),
            ("forsorjningsstod", &[0, 1, 0, 1]),
            ("ingen_uppgift", &[2, 1, 1, 4]),
        ])
    );
    assert_eq!(rows(&f, Tabell::Avslut).len(), 7 + 2);
    assert_eq!(
        non_zero(&f, Tabell::Avslut),
        expect(&[
            ("sip", &[1, 0, 0, 1]),
            ("lost_sig", &[1, 0, 0, 1]),
            ("ej_avslutad", &[1, 2, 1, 4]),
            ("totalt", &[3, 2, 1, 6]),
        ])
    );
    // STL's kommuner (zeros included), a kommun found in the data, okänd
    assert_eq!(
        rows(&f, Tabell::Bostadskommun).len(),
        5,
        "STL's two kommuner, 9904 from the data, okänd, totalt"
    );
    let kommun = rows(&f, Tabell::Bostadskommun);
    for (code, v) in [
        ("9902", [2, 0, 0, 2]),
        ("9903", [0, 1, 0, 1]),
        ("9904", [1, 0, 0, 1]),
        ("okand", [0, 1, 1, 2]),
        ("totalt", [3, 2, 1, 6]),
    ] {
        assert!(
            kommun.contains(&(code.to_string(), v.to_vec())),
            "{code}: {kommun:?}"
        );
    }
    assert_eq!(
        rows(&f, Tabell::Tillaggsresurs),
        expect(&[
            ("erbjudna", &[1, 1, 0, 2]),
            ("paborjade", &[0, 1, 0, 1]),
            ("inskrivna", &[0, 0, 0, 0]),
            ("aktiva_vid_periodens_slut", &[0, 0, 0, 0]),
            ("utskrivna", &[0, 0, 0, 0]),
            ("paborjad_arbetstraning", &[0, 0, 0, 0]),
        ])
    );
}

#[tokio::test]
async fn the_whole_forbund_counts_every_group_and_never_another_forbund() {
    let app = fixture().await;
    let f = figures(&app, "fjardlunda", None, false).await;
    assert_eq!(f.lokus, None);
    let per_part = rows(&f, Tabell::ArendenPerPart);
    assert_eq!(per_part[6], ("totalt".into(), vec![3, 1, 1, 1, 1, 7]));
    assert_eq!(per_part[1], ("man".into(), vec![2, 0, 0, 0, 1, 3]));
    assert_eq!(
        rows(&f, Tabell::HandlaggarePerPart)[0],
        ("unika_handlaggare".into(), vec![2, 1, 1, 0, 0, 4])
    );
    let kommun = rows(&f, Tabell::Bostadskommun);
    assert!(kommun.contains(&("9901".into(), vec![0, 1, 0, 1])));
    assert!(
        kommun
            .iter()
            .any(|(c, v)| c == "9905" && v == &[0, 0, 0, 0]),
        "every group's kommuner are rows"
    );
    for t in f.set.exported() {
        assert_eq!(t.inconsistencies(), Vec::<String>::new(), "{:?}", t.tabell);
    }

    let k = figures(&app, "kustbygd", None, false).await;
    assert_eq!(
        rows(&k, Tabell::ArendenPerPart)[6],
        ("totalt".into(), vec![1, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        non_zero(&k, Tabell::Atgarder),
        expect(&[("flerpartsmote", &[1, 0, 0, 1])])
    );
}

#[tokio::test]
async fn suppression_hides_small_counts_and_what_would_reveal_them() {
    let app = fixture().await;
    let f = figures(&app, "fjardlunda", Some("STL"), true).await;
    assert_eq!(f.set.suppressed, Some(5));
    let t = f.set.table(Tabell::ArendenPerPart).unwrap();
    // every count is 1–4 here except the zeros, and 6 in totalt
    assert!(["<5", ".."].contains(&t.display(0, 0, 5).as_str()));
    assert_eq!(t.display(0, 1, 5), "0");
    assert_eq!(
        t.display(6, 5, 5),
        "6",
        "the parts of 6 are all hidden, so it reveals none of them"
    );
    for t in f.set.exported() {
        for (r, row) in t.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if (1..5).contains(v) {
                    assert_ne!(t.marks[r][c], Mark::Shown, "{:?} {r} {c}", t.tabell);
                }
                if *v == 0 || *v >= 5 {
                    assert_ne!(t.marks[r][c], Mark::Small);
                }
            }
        }
        // no sum has exactly one hidden cell
        let hidden = |r: usize, c: usize| t.marks[r][c] != Mark::Shown;
        for s in &t.col_sums {
            for r in (0..t.rows.len()).filter(|r| s.holds_for(*r)) {
                let n = s
                    .parts
                    .iter()
                    .chain([&s.total])
                    .filter(|c| hidden(r, **c))
                    .count();
                assert_ne!(n, 1, "{:?} row {r}", t.tabell);
            }
        }
        for s in &t.row_sums {
            for c in (0..t.columns.len()).filter(|c| s.holds_for(*c)) {
                let n = s
                    .parts
                    .iter()
                    .chain([&s.total])
                    .filter(|r| hidden(**r, c))
                    .count();
                assert_ne!(n, 1, "{:?} column {c}", t.tabell);
            }
        }
    }
    // a total whose parts are all hidden stays visible
    let kon = f.set.table(Tabell::Avslut).unwrap();
    assert_eq!(kon.display(kon.rows.len() - 1, 3, 5), "6");
}

#[tokio::test]
async fn a_handlaggare_remitting_from_two_units_counts_on_both_and_once_in_total() {
    let app = TestApp::demo().await;
    let base = Fx {
        lokus: "STL",
        inkom: "2025-04-01",
        part: "fk",
        org: Some(FK),
        handlaggare: Some("FK-7"),
        kon: "man",
        alder: Some(41),
        ..Fx::default()
    };
    insert(
        &app,
        "fjardlunda",
        &[
            Fx {
                enhet: Some("Sjukpenning"),
                ..base
            },
            Fx {
                enhet: Some("Aktivitetsersättning"),
                ..base
            },
        ],
    )
    .await;
    let f = figures(&app, "fjardlunda", Some("STL"), false).await;
    assert_eq!(
        non_zero(&f, Tabell::ArendenPerEnhet),
        expect(&[
            (&format!("fk:{FK} / Aktivitetsersättning"), &[1, 1]),
            (&format!("fk:{FK} / Sjukpenning"), &[1, 1]),
            ("totalt", &[1, 2]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::HandlaggarePerPart)[0],
        ("unika_handlaggare".into(), vec![1, 0, 0, 0, 0, 1])
    );
    for t in f.set.exported() {
        assert_eq!(t.inconsistencies(), Vec::<String>::new(), "{:?}", t.tabell);
    }
}
