//! The `sip` table against SIP records worked out by hand, dated from today (the follow-up rows
//! compare with `lotsen_today()`), for the period from 180 days ago to 60 days ahead.

use super::*;
use crate::statistik::figures_for;
use axum::http::StatusCode;
use lotsen_domain::statistik::{Mark, Period, Tabell};

const COLUMNS: [&str; 7] = ["fk", "af", "kommun", "region", "individ", "annan", "totalt"];

/// The hand fixture; t = today, the period is t−180 … t+60. Per record: what it counts for.
const FIXTURE: [Sx; 14] = [
    // A, STL, fk: initiated and held in the period; FK, AF and kommun present, the individual
    // too. Three bookings: t−120 met at t−121 (on time); t−90 met at t−85 (late); t+20 not yet
    // due. Days to the planning meeting: 20.
    Sx {
        av: "fk",
        initierad: -170,
        status: "uppfoljd",
        individen: Some(true),
        narvarande: &["fk", "af", "kommun"],
        moten: &[
            ("planering", -150, Some(-120)),
            ("uppfoljning", -121, Some(-90)),
            ("uppfoljning", -85, Some(20)),
        ],
        ..Sx::EMPTY
    },
    // B, STL, fk: held, FK present, AF invited but absent, the individual not; booked t−30,
    // nothing held since (late). 40 days.
    Sx {
        av: "fk",
        initierad: -100,
        status: "genomford",
        individen: Some(false),
        narvarande: &["fk"],
        franvarande: &["af"],
        moten: &[("planering", -60, Some(-30))],
        ..Sx::EMPTY
    },
    // C, STL, af: held with AF and region; consent withdrawn at t−50, before the follow-up
    // booked for t−40, and ended: the follow-up is cancelled, neither on time nor late. 10 days.
    Sx {
        av: "af",
        initierad: -90,
        status: "avslutad",
        individen: Some(true),
        aterkallat: Some(-50),
        narvarande: &["af", "region"],
        moten: &[("planering", -80, Some(-40))],
        ..Sx::EMPTY
    },
    // D, STL, kommun: initiated, then called off when consent was withdrawn: initierade only.
    Sx {
        av: "kommun",
        initierad: -50,
        status: "installd",
        installd_orsak: Some("samtycke_aterkallat"),
        aterkallat: Some(-45),
        franvarande: &["kommun"],
        ..Sx::EMPTY
    },
    // E, STL, region: initiated before the period (not initierade), held in it with FK and AF;
    // booked t−140, met at t−130 (late). 30 days.
    Sx {
        av: "region",
        initierad: -200,
        status: "uppfoljd",
        narvarande: &["fk", "af"],
        moten: &[("planering", -170, Some(-140)), ("uppfoljning", -130, None)],
        ..Sx::EMPTY
    },
    // F, STL, individ: held with FK and the individual; the follow-up is due today and not
    // held yet: neither on time nor late. 20 days.
    Sx {
        av: "individ",
        initierad: -30,
        status: "genomford",
        individen: Some(true),
        narvarande: &["fk"],
        moten: &[("planering", -10, Some(0))],
        ..Sx::EMPTY
    },
    // G, STL, annan: initiated and convened, no meeting yet.
    Sx {
        av: "annan",
        initierad: -20,
        status: "kallad",
        ..Sx::EMPTY
    },
    // H, STL, fk: everything long before the period: nothing.
    Sx {
        av: "fk",
        initierad: -400,
        status: "avslutad",
        individen: Some(true),
        narvarande: &["fk", "af"],
        moten: &[("planering", -380, Some(-350)), ("uppfoljning", -350, None)],
        ..Sx::EMPTY
    },
    // I, STL, af: initiated and held before the period, but the follow-up booked then for
    // t−170 falls in it and was met at t−175: on time.
    Sx {
        av: "af",
        initierad: -260,
        status: "uppfoljd",
        narvarande: &["af"],
        moten: &[("planering", -200, Some(-170)), ("uppfoljning", -175, None)],
        ..Sx::EMPTY
    },
    // L, STL, annan: held with nobody present; booked t−70, nothing held, consent withdrawn
    // only at t−60: late. 10 days.
    Sx {
        av: "annan",
        initierad: -120,
        status: "avslutad",
        individen: Some(false),
        aterkallat: Some(-60),
        moten: &[("planering", -110, Some(-70))],
        ..Sx::EMPTY
    },
    // M, STL, kommun: held with kommun and region and the individual; booked t−100, then
    // closed without a further meeting and with no withdrawal: cancelled. 10 days.
    Sx {
        av: "kommun",
        initierad: -140,
        status: "avslutad",
        individen: Some(true),
        narvarande: &["kommun", "region"],
        moten: &[("planering", -130, Some(-100))],
        ..Sx::EMPTY
    },
    // N, STL, region: held with FK, AF and the individual, no follow-up booked. 16 days.
    Sx {
        av: "region",
        initierad: -41,
        status: "genomford",
        individen: Some(true),
        narvarande: &["fk", "af"],
        moten: &[("planering", -25, None)],
        ..Sx::EMPTY
    },
    // J, NRV, kommun: held with FK and AF; booked t−40, nothing held (late). 30 days.
    Sx {
        lokus: Some("NRV"),
        av: "kommun",
        initierad: -100,
        status: "genomford",
        individen: Some(false),
        narvarande: &["fk", "af"],
        moten: &[("planering", -70, Some(-40))],
        ..Sx::EMPTY
    },
    // K, no group, region: held with AF and the individual; booked t−15, met that very day
    // (on time). Counts only for the whole förbund. 15 days.
    Sx {
        lokus: None,
        av: "region",
        initierad: -60,
        status: "uppfoljd",
        individen: Some(true),
        narvarande: &["af"],
        moten: &[("planering", -45, Some(-15)), ("uppfoljning", -15, None)],
        ..Sx::EMPTY
    },
];

/// STL: A, B, C, D, E, F, G, I, L, M, N (H counts nowhere). Columns as `COLUMNS`.
const STL: [(&str, [i64; 7]); 10] = [
    // A B | C | D M | N | F | G L  (E, I before the period)
    ("initierade", [2, 1, 2, 1, 1, 2, 9]),
    // A B | C | M | E N | F | L
    ("genomforda", [2, 1, 1, 2, 1, 1, 8]),
    // A B | – | – | E N | F | –
    ("med_fk", [2, 0, 0, 2, 1, 0, 5]),
    // A | C | – | E N | – | –
    ("med_af", [1, 1, 0, 2, 0, 0, 4]),
    ("med_bade_fk_och_af", [1, 0, 0, 2, 0, 0, 3]),
    // A | C | M | N | F | – (E unknown, B and L no)
    ("individen_deltog", [1, 1, 1, 1, 1, 0, 5]),
    // A B | C | M | E | F | L (N booked none)
    ("uppfoljning_bokad", [2, 1, 1, 1, 1, 1, 7]),
    // A's first booking | I's
    ("uppfoljd_i_tid", [1, 1, 0, 0, 0, 0, 2]),
    // A's second booking, B | – | – (C, M cancelled) | E | – (F due today) | L
    ("uppfoljning_forsenad", [2, 0, 0, 1, 0, 1, 4]),
    // fk 20, 40 → 30; region 30, 16 → 23; all 10 10 10 16 20 20 30 40 → 18
    (
        "median_dagar_initiering_till_mote",
        [30, 10, 10, 23, 20, 10, 18],
    ),
];

/// NRV: J alone, in the kommun column.
const NRV: [(&str, [i64; 7]); 10] = [
    ("initierade", [0, 0, 1, 0, 0, 0, 1]),
    ("genomforda", [0, 0, 1, 0, 0, 0, 1]),
    ("med_fk", [0, 0, 1, 0, 0, 0, 1]),
    ("med_af", [0, 0, 1, 0, 0, 0, 1]),
    ("med_bade_fk_och_af", [0, 0, 1, 0, 0, 0, 1]),
    ("individen_deltog", [0; 7]),
    ("uppfoljning_bokad", [0, 0, 1, 0, 0, 0, 1]),
    ("uppfoljd_i_tid", [0; 7]),
    ("uppfoljning_forsenad", [0, 0, 1, 0, 0, 0, 1]),
    ("median_dagar_initiering_till_mote", [0, 0, 30, 0, 0, 0, 30]),
];

/// The whole förbund: STL, J (kommun) and K (region), which belongs to no group.
const FORBUND: [(&str, [i64; 7]); 10] = [
    ("initierade", [2, 1, 3, 2, 1, 2, 11]),
    ("genomforda", [2, 1, 2, 3, 1, 1, 10]),
    ("med_fk", [2, 0, 1, 2, 1, 0, 6]),
    ("med_af", [1, 1, 1, 3, 0, 0, 6]),
    ("med_bade_fk_och_af", [1, 0, 1, 2, 0, 0, 4]),
    ("individen_deltog", [1, 1, 1, 2, 1, 0, 6]),
    ("uppfoljning_bokad", [2, 1, 2, 2, 1, 1, 9]),
    ("uppfoljd_i_tid", [1, 1, 0, 1, 0, 0, 3]),
    ("uppfoljning_forsenad", [2, 0, 1, 1, 0, 1, 5]),
    // kommun 10, 30 → 20; region 30, 16, 15 → 16; all ten → (16 + 20) / 2
    (
        "median_dagar_initiering_till_mote",
        [30, 10, 20, 16, 20, 10, 18],
    ),
];

/// The demo with the hand fixture; returns the period.
async fn fixture() -> (TestApp, Period) {
    let app = TestApp::demo().await;
    arenden(&app).await;
    let t = today(&app).await;
    insert(&app, "fjardlunda", t, &FIXTURE).await;
    let period = Period {
        fran: t - Duration::days(180),
        till: t + Duration::days(60),
    };
    (app, period)
}

#[tokio::test]
async fn every_row_and_column_counts_as_worked_out_by_hand() {
    let (app, period) = fixture().await;
    for (lokus, expected) in [(Some("STL"), STL), (Some("NRV"), NRV), (None, FORBUND)] {
        let f = figures_for(&app, "fjardlunda", lokus, period, false).await;
        let t = f.set.table(Tabell::Sip).unwrap();
        assert_eq!(
            t.columns
                .iter()
                .map(|h| h.code.as_str())
                .collect::<Vec<_>>(),
            COLUMNS
        );
        let got: Vec<(&str, Vec<i64>)> = t
            .rows
            .iter()
            .zip(&t.values)
            .map(|(h, v)| (h.code.as_str(), v.clone()))
            .collect();
        let want: Vec<(&str, Vec<i64>)> = expected.iter().map(|(r, v)| (*r, v.to_vec())).collect();
        assert_eq!(got, want, "{lokus:?}");
        assert!(t.inconsistencies().is_empty(), "{lokus:?}");
        // A median over nothing held is no figure, even unsuppressed.
        let median = t.row_index("median_dagar_initiering_till_mote").unwrap();
        let held = t.row_index("genomforda").unwrap();
        for (c, column) in COLUMNS.iter().enumerate() {
            let shown = t.marks[median][c] == Mark::Shown;
            assert_eq!(shown, t.values[held][c] > 0, "{lokus:?} {column}");
        }
    }
}

/// The table's cells from the CSV export: (row, column) → value as published.
async fn csv_table(app: &mut TestApp, query: &str) -> Vec<(String, String, String)> {
    let r = app
        .get(&format!("/statistik/nulagesanalys?{query}&format=csv"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}");
    r.body
        .trim_start_matches('\u{feff}')
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            (f.len() == 4 && f[0] == "sip").then(|| (f[1].into(), f[2].into(), f[3].into()))
        })
        .collect()
}

fn cell<'a>(t: &'a [(String, String, String)], row: &str, col: &str) -> &'a str {
    t.iter()
        .find(|(r, c, _)| r == row && c == col)
        .map(|(_, _, v)| v.as_str())
        .unwrap_or_else(|| panic!("{row} {col} in {t:?}"))
}

#[tokio::test]
async fn the_page_and_the_csv_show_the_table_and_suppress_it() {
    let (mut app, period) = fixture().await;
    app.login("koordinator@demo.lotsen.example").await;
    let query = format!("lokus=STL&fran={}&till={}", period.fran, period.till);
    let page = app.get(&format!("/statistik/nulagesanalys?{query}")).await;
    page.assert_ok();
    assert!(page.body.contains("id=\"sip\""));
    let text = page.text();
    for label in [
        "SIP (samordnad individuell plan)",
        "Individen själv",
        "Genomförda med både Försäkringskassan och Arbetsförmedlingen närvarande",
        "Uppföljningar försenade eller inte hållna",
        "Mediantid från initiering till planeringsmöte (dagar)",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    let by_kon = app
        .get(&format!("/statistik/nulagesanalys?{query}&vy=kon"))
        .await;
    by_kon.assert_ok();
    assert!(by_kon.text().contains("finns inte uppdelad efter kön"));

    let csv = csv_table(&mut app, &query).await;
    assert_eq!(csv.len(), STL.len() * COLUMNS.len(), "a line per cell");
    for (row, values) in STL {
        for (col, v) in COLUMNS.iter().zip(values) {
            assert_eq!(cell(&csv, row, col), v.to_string(), "{row} {col}");
        }
    }

    // Suppressed: every count of STL is small but the totals; a median shows only over at
    // least five held SIPs whose count is shown.
    let hidden = csv_table(&mut app, &format!("{query}&undertryck=1")).await;
    for (row, col, v) in &hidden {
        if row == "median_dagar_initiering_till_mote" {
            let basis_shown = cell(&hidden, "genomforda", col) == "8";
            let want = if basis_shown { "18" } else { ".." };
            assert_eq!(v, want, "{col}");
        } else if col != "totalt" && v != "0" {
            assert!(v == "<5" || v == "..", "{row} {col}: {v}");
        }
    }
}
