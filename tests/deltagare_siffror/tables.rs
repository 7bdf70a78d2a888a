//! Every participant table against the fixture counted by hand (see `FIXTURE`), the issue's
//! pool of 35, the scopes, the nulägesanalys `tillaggsresurs` rows and suppression.

use super::*;
use crate::statistik::suppression_audit_is_clean;
use lotsen_domain::statistik::Mark;

#[tokio::test]
async fn every_table_of_one_insats_counts_what_was_worked_out_by_hand() {
    let app = TestApp::demo().await;
    fixture_in(&app, None).await;
    let f = figures(&app, "insats:COACH", YEAR_2025, false).await;
    assert_eq!(f.scope_label, "Insats: Insats COACH (COACH)");
    let aktiva = f.set.table(Tabell::DeltagareAktiva).unwrap();
    let cols: Vec<&str> = aktiva.columns.iter().map(|h| h.code.as_str()).collect();
    // Kommuner present, by name: Lövsjö (9903), Stenbäck (9902).
    assert_eq!(cols, ["9903", "9902", "okand_kommun", "totalt"]);
    assert_eq!(
        rows(&f, Tabell::DeltagareAktiva),
        expect(&[
            ("kvinna", &[1, 1, 0, 2]),
            ("man", &[0, 0, 0, 0]),
            ("okant_kon", &[0, 0, 1, 1]),
            ("under_30", &[1, 0, 0, 1]),
            ("30_och_aldre", &[0, 1, 0, 1]),
            ("okand_alder", &[0, 0, 1, 1]),
            ("totalt", &[1, 1, 1, 3]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::DeltagareFlode),
        expect(&[
            ("i_ko", &[3, 1, 0, 4]),
            ("nyinskrivna", &[3, 1, 2, 6]),
            ("utskrivna", &[2, 2, 1, 5]),
            ("paborjad_arbetstraning", &[2, 0, 0, 2]),
            ("aktiva_vid_periodens_slut", &[2, 0, 1, 3]),
            ("i_ko_vid_periodens_slut", &[1, 1, 0, 2]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::DeltagareKalla),
        expect(&[
            ("via_koordinator", &[2, 0, 0, 2]),
            ("overford", &[0, 0, 2, 2]),
            ("direkt", &[1, 1, 0, 2]),
            ("totalt", &[3, 1, 2, 6]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::ForsorjningForeEfter),
        expect(&[
            ("ohalsa", &[0, 0, 0, 1, 0, 1]),
            ("arbetsmarknadsstod", &[1, 1, 0, 0, 0, 2]),
            ("ekonomiskt_bistand", &[0, 0, 0, 1, 0, 1]),
            ("ingen_offentlig", &[0, 0, 0, 0, 0, 0]),
            ("okand", &[0, 0, 0, 0, 1, 1]),
            ("totalt", &[1, 1, 0, 2, 1, 5]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::SysselsattningVidAvslut),
        expect(&[
            ("forvarvsarbete", &[1, 1, 0, 2]),
            ("studier", &[0, 0, 0, 0]),
            ("aktivt_arbetssokande", &[0, 0, 0, 0]),
            ("ovriga", &[1, 1, 0, 2]),
            ("okand", &[0, 0, 1, 1]),
            ("totalt", &[2, 2, 1, 5]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::SysselsattningUppfoljning),
        expect(&[
            ("forvarvsarbete", &[1, 0, 0, 1]),
            ("studier", &[1, 0, 0, 1]),
            ("aktivt_arbetssokande", &[0, 0, 0, 0]),
            ("ovriga", &[0, 0, 0, 0]),
            ("okand", &[1, 0, 0, 1]),
            ("totalt", &[3, 0, 0, 3]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::Stegforflyttning),
        expect(&[
            ("framat", &[1, 1, 0, 2]),
            ("oforandrad", &[1, 0, 0, 1]),
            ("bakat", &[0, 1, 0, 1]),
            ("okand", &[0, 0, 1, 1]),
            ("totalt", &[2, 2, 1, 5]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::AvslutDeltagare),
        expect(&[
            ("arbete", &[1, 0, 0, 1]),
            ("studier", &[0, 1, 0, 1]),
            ("ordinarie_insats", &[1, 0, 0, 1]),
            ("annan_forbundsinsats", &[0, 0, 0, 0]),
            ("planerad_tid_slut", &[0, 0, 0, 0]),
            ("ohalsa", &[0, 1, 0, 1]),
            ("flytt", &[0, 0, 0, 0]),
            ("eget_onskemal", &[0, 0, 1, 1]),
            ("samtycke_aterkallat", &[0, 0, 0, 0]),
            ("ingen_kontakt", &[0, 0, 0, 0]),
            ("annat", &[0, 0, 0, 0]),
            ("totalt", &[2, 2, 1, 5]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::UppfoljningFinsam),
        expect(&[("COACH", &[4, 2, 2, 8]), ("totalt", &[4, 2, 2, 8])])
    );
    for t in &f.set.tables {
        assert!(t.inconsistencies().is_empty(), "{:?}", t.inconsistencies());
    }
    // The relations the suppression takes as known all hold.
    let mut set = f.set.clone();
    let p = lotsen_domain::statistik::suppression::Publication::of(&mut set.tables);
    assert!(p.broken().is_empty(), "{:?}", p.broken());
}

#[tokio::test]
async fn a_lokus_group_counts_its_insatser_and_the_forbund_all_of_them() {
    let app = TestApp::demo().await;
    fixture_in(&app, None).await;
    let stl = figures(&app, "lokus:STL", YEAR_2025, false).await;
    let coach = figures(&app, "insats:COACH", YEAR_2025, false).await;
    assert_eq!(stl.set.tables, coach.set.tables);
    let fjl = figures(&app, "lokus:FJL", YEAR_2025, false).await;
    assert_eq!(
        rows(&fjl, Tabell::UppfoljningFinsam),
        expect(&[("ANNAN", &[0, 1, 0, 1]), ("totalt", &[0, 1, 0, 1])])
    );
    assert_eq!(
        rows(&fjl, Tabell::DeltagareAktiva),
        expect(&[
            ("kvinna", &[0, 0, 0]),
            ("man", &[1, 0, 1]),
            ("okant_kon", &[0, 0, 0]),
            ("under_30", &[0, 0, 0]),
            ("30_och_aldre", &[1, 0, 1]),
            ("okand_alder", &[0, 0, 0]),
            ("totalt", &[1, 0, 1]),
        ])
    );
    let all = figures(&app, "forbund", YEAR_2025, false).await;
    assert_eq!(all.scope_label, "Hela förbundet");
    assert_eq!(
        rows(&all, Tabell::UppfoljningFinsam),
        expect(&[
            ("ANNAN", &[0, 1, 0, 1]),
            ("COACH", &[4, 2, 2, 8]),
            ("totalt", &[4, 3, 2, 9]),
        ])
    );
    let aktiva = all.set.table(Tabell::DeltagareAktiva).unwrap();
    let cols: Vec<&str> = aktiva.columns.iter().map(|h| h.code.as_str()).collect();
    assert_eq!(cols, ["9901", "9903", "9902", "okand_kommun", "totalt"]);
    assert_eq!(aktiva.value("totalt", "totalt"), Some(4));
    assert_eq!(aktiva.value("man", "9901"), Some(1));
    assert_eq!(
        rows(&all, Tabell::DeltagareFlode)[1],
        ("nyinskrivna".to_string(), vec![3, 2, 2, 7])
    );
    // Another förbund has no insatser: every count is zero, no insats row.
    let ctx = cli_ctx(&app, "kustbygd").await;
    let other = deltagare::figures(
        &app.t.db,
        &ctx,
        Urval {
            omfang: Omfang::Forbund,
            period: YEAR_2025,
            suppress: false,
        },
    )
    .await
    .unwrap();
    assert!(
        other
            .set
            .tables
            .iter()
            .all(|t| t.values.iter().flatten().all(|v| *v == 0))
    );
    assert_eq!(
        rows(&other, Tabell::UppfoljningFinsam),
        expect(&[("totalt", &[0, 0, 0, 0])])
    );
}

/// The issue's pool: 35 inskrivna at 2016-06-30, 25 kvinnor and 10 män; 7 in one kommun
/// (Stenbäck) and 28 in the other (Lövsjö); 8 under 30, 4 of them from the first.
#[tokio::test]
async fn the_issues_pool_of_35_is_counted_as_reported() {
    let app = TestApp::demo().await;
    insats(
        &app,
        "fjardlunda",
        "COACH",
        "tillaggsresurs",
        &["STL"],
        None,
    )
    .await;
    let mut pool = Vec::new();
    // (kommun, kön, under 30, how many)
    for (kommun, kon, young, n) in [
        ("9902", "kvinna", true, 3),
        ("9902", "man", true, 1),
        ("9902", "kvinna", false, 2),
        ("9902", "man", false, 1),
        ("9903", "kvinna", true, 2),
        ("9903", "man", true, 2),
        ("9903", "kvinna", false, 18),
        ("9903", "man", false, 6),
    ] {
        for _ in 0..n {
            pool.push(Dx {
                kon,
                fodelsear: Some(if young { 1990 } else { 1970 }),
                kommun: Some(kommun),
                inskriven: Some("2016-01-15"),
                kalla: Some("via_koordinator"),
                ..Dx::EMPTY
            });
        }
    }
    // Neither a felregistrering nor someone utskriven on the day counts.
    pool.push(Dx {
        fodelsear: Some(1990),
        kommun: Some("9902"),
        inskriven: Some("2016-01-15"),
        kalla: Some("direkt"),
        utskriven: Some("2016-03-01"),
        avslut: Some("felregistrering"),
        ..Dx::EMPTY
    });
    pool.push(Dx {
        fodelsear: Some(1990),
        kommun: Some("9902"),
        inskriven: Some("2016-01-15"),
        kalla: Some("direkt"),
        utskriven: Some("2016-06-30"),
        avslut: Some("arbete"),
        ..Dx::EMPTY
    });
    assert_eq!(pool.len(), 37);
    insert(&app, "fjardlunda", &pool).await;
    let period = Period {
        fran: date!(2016 - 01 - 01),
        till: date!(2016 - 06 - 30),
    };
    let f = figures(&app, "insats:COACH", period, false).await;
    assert_eq!(
        rows(&f, Tabell::DeltagareAktiva),
        expect(&[
            ("kvinna", &[20, 5, 0, 25]),
            ("man", &[8, 2, 0, 10]),
            ("okant_kon", &[0, 0, 0, 0]),
            ("under_30", &[4, 4, 0, 8]),
            ("30_och_aldre", &[24, 3, 0, 27]),
            ("okand_alder", &[0, 0, 0, 0]),
            ("totalt", &[28, 7, 0, 35]),
        ])
    );
    assert_eq!(
        rows(&f, Tabell::DeltagareFlode)[1],
        ("nyinskrivna".to_string(), vec![26, 10, 0, 36])
    );
    // Suppressed: Stenbäck has 2 men and 3 aged 30 or more, small counts.
    let s = figures(&app, "insats:COACH", period, true).await;
    let t = s.set.table(Tabell::DeltagareAktiva).unwrap();
    let (man, stenback) = (t.row_index("man").unwrap(), t.col_index("9902").unwrap());
    assert_eq!(t.marks[man][stenback], Mark::Small);
    assert_eq!(t.display(man, stenback, s.threshold), "<5");
    let total = t.row_index("totalt").unwrap();
    let all = t.col_index("totalt").unwrap();
    assert_eq!(t.marks[total][all], Mark::Shown);
    suppression_audit_is_clean(&mut s.set.clone(), "the pool");
}

#[tokio::test]
async fn the_nulagesanalys_counts_the_tillaggsresurs_participants_of_the_group() {
    let app = TestApp::demo().await;
    fixture_in(&app, None).await;
    let rows_of = |f: &lotsen_core::statistik::Figures| {
        let t = f.set.table(Tabell::Tillaggsresurs).unwrap();
        t.rows
            .iter()
            .zip(&t.values)
            .map(|(h, v)| (h.code.clone(), v.clone()))
            .skip(2)
            .collect::<Vec<_>>()
    };
    let expected = expect(&[
        ("inskrivna", &[3, 1, 2, 6]),
        ("aktiva_vid_periodens_slut", &[2, 0, 1, 3]),
        ("utskrivna", &[2, 2, 1, 5]),
        ("paborjad_arbetstraning", &[2, 0, 0, 2]),
    ]);
    let stl =
        crate::statistik::figures_for(&app, "fjardlunda", Some("STL"), YEAR_2025, false).await;
    assert_eq!(rows_of(&stl), expected);
    let all = crate::statistik::figures_for(&app, "fjardlunda", None, YEAR_2025, false).await;
    assert_eq!(rows_of(&all), expected, "ANNAN is no tilläggsresurs");
    let fjl =
        crate::statistik::figures_for(&app, "fjardlunda", Some("FJL"), YEAR_2025, false).await;
    assert!(rows_of(&fjl).iter().all(|(_, v)| v == &vec![0, 0, 0, 0]));
    let csv = lotsen_core::statistik::export::csv_bytes(&stl).unwrap();
    assert!(String::from_utf8_lossy(&csv).contains("\r\ntillaggsresurs;inskrivna;totalt;6\r\n"));
}
