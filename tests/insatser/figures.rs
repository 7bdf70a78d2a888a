//! Goal progress and the capacity board, counted by hand from enrolments written straight into
//! the database: felregistrering counts nowhere, only the current exit measurement counts,
//! and neither page shows a participant.

use super::*;
use crate::support::fixture::{ArendeFixture, insert_arenden};
use axum::http::StatusCode;

async fn goal(b: &mut TestApp, kod: &str, mal: &str, varde: &str, fran: &str, till: &str) {
    b.post(
        &format!("/insatser/{kod}/mal"),
        &[
            ("mal", mal),
            ("varde", varde),
            ("mal_fran", fran),
            ("mal_till", till),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn goal_progress_counts_the_goal_periods_enrolments() {
    let app = TestApp::demo().await;
    let mut admin = as_user(&app, "forbund@demo.lotsen.example").await;
    for (mal, varde) in [
        ("nyinskrivna", "10"),
        ("andel_paborjad_arbetstraning", "60"),
        ("andel_arbete_eller_studier_vid_avslut", "50"),
        ("deltagare", "5"),
    ] {
        goal(
            &mut admin,
            "STL-COACH",
            mal,
            varde,
            "2025-01-01",
            "2025-12-31",
        )
        .await;
    }
    let mut c = owner(&app).await;
    let d = |inskriven, utskriven, avslut| D {
        status: if utskriven == "null" {
            "inskriven"
        } else {
            "utskriven"
        },
        inskriven,
        utskriven,
        avslut,
        ..D0
    };
    // 1: new in 2025, arbetsträning.
    let d1 = deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("'2025-02-01'", "null", "null"),
        None,
    )
    .await;
    arbetstraning(&app, &mut c, d1).await;
    // 2: new, arbetsträning, left for work.
    let d2 = deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("'2025-03-01'", "'2025-09-01'", "'arbete'"),
        None,
    )
    .await;
    arbetstraning(&app, &mut c, d2).await;
    efter(&app, &mut c, d2, "forvarvsarbete", false).await;
    // 3: new, left ill.
    let d3 = deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("'2025-04-01'", "'2025-10-01'", "'ohalsa'"),
        None,
    )
    .await;
    efter(&app, &mut c, d3, "sjukskriven", false).await;
    // 4: a felregistrering, which counts nowhere.
    let d4 = deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("'2025-05-01'", "'2025-06-01'", "'felregistrering'"),
        None,
    )
    .await;
    arbetstraning(&app, &mut c, d4).await;
    efter(&app, &mut c, d4, "studier", false).await;
    // 5: inskriven since 2024: a participant of 2025 but not new.
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("'2024-06-01'", "null", "null"),
        None,
    )
    .await;
    // 6: only in the queue.
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        D {
            status: "i_ko",
            ko: "'2025-11-01'",
            ..D0
        },
        None,
    )
    .await;
    // 7: new, left; the studies were corrected to job seeking (the replaced row is history).
    let d7 = deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("'2025-07-01'", "'2025-12-01'", "'studier'"),
        None,
    )
    .await;
    efter(&app, &mut c, d7, "studier", true).await;
    efter(&app, &mut c, d7, "aktivt_arbetssokande", false).await;
    // 8: inskriven after the period, on the first day of the current year.
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("date_trunc('year', lotsen_today())::date", "null", "null"),
        None,
    )
    .await;
    // Another insats's participant counts for that one only.
    deltagare(
        &app,
        &mut c,
        "NRV-STOD",
        d("'2025-02-01'", "null", "null"),
        None,
    )
    .await;

    // New in 2025: 1, 2, 3, 7 (4); of them with arbetsträning: 1, 2 (50 %); utskrivna: 2, 3,
    // 7, in work or studies by the current measurement: 2 (33 %); inskrivna some day of 2025:
    // 1, 2, 3, 5, 7 (5).
    let expected = [
        "4 av 10 nyinskrivningar",
        "50 % påbörjad arbetsträning (mål 60 %), 2 av 4 nyinskrivna",
        "33 % i arbete eller studier vid avslut (mål 50 %), 1 av 3 utskrivna",
        "5 av 5 deltagare",
    ];
    for login in [
        "forbund@demo.lotsen.example",
        "coach@demo.lotsen.example",
        INSATS,
    ] {
        let mut b = as_user(&app, login).await;
        let page = b.get("/insatser/STL-COACH").await;
        page.assert_ok();
        for text in expected {
            assert!(page.body.contains(text), "{login}: {text}");
        }
        // The demo's goals for the current year: only 8 is new in it.
        assert!(page.body.contains("1 av 40 nyinskrivningar"), "{login}");
        assert!(
            page.body
                .contains("0 % påbörjad arbetsträning (mål 60 %), 0 av 1 nyinskrivna")
        );
        // Figures only: no participant's number or label.
        assert!(!page.body.contains("Deltagare 1"), "{login}");
        assert!(!page.body.contains(&d1.to_string()));
    }
    let uppnatt = admin
        .get("/insatser/STL-COACH")
        .await
        .body
        .matches("Uppnått")
        .count();
    assert_eq!(uppnatt, 1, "only the deltagare goal is reached");
}

#[tokio::test]
async fn the_capacity_board_counts_places_queue_waits_and_remitting_parties() {
    let app = TestApp::demo().await;
    let arende = |part: &'static str| ArendeFixture {
        lokus: "STL",
        inkom: "2025-01-15",
        part,
        ..ArendeFixture::EMPTY
    };
    let ids = insert_arenden(
        &app,
        "fjardlunda",
        &[
            arende("fk"),
            arende("af"),
            arende("kommun"),
            arende("region"),
        ],
    )
    .await;
    let (fk, af, kommun, region) = (ids[0], ids[1], ids[2], ids[3]);
    let mut c = owner(&app).await;
    let d = |ko, inskriven| D {
        ko,
        inskriven,
        ..D0
    };
    // STL-COACH (20 places): inskrivna a, b, c, h; waits of the last 12 months 10 (a), 20 (b)
    // and 5 (d, since utskriven); c has no queue date, h was inskriven 450 days ago; g is a
    // felregistrering.
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("lotsen_today() - 40", "lotsen_today() - 30"),
        Some(fk),
    )
    .await;
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("lotsen_today() - 100", "lotsen_today() - 80"),
        Some(kommun),
    )
    .await;
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("null", "lotsen_today() - 400"),
        None,
    )
    .await;
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        D {
            status: "utskriven",
            utskriven: "lotsen_today() - 10",
            avslut: "'arbete'",
            ..d("lotsen_today() - 60", "lotsen_today() - 55")
        },
        None,
    )
    .await;
    for ko in ["lotsen_today() - 5", "lotsen_today() - 3"] {
        deltagare(
            &app,
            &mut c,
            "STL-COACH",
            D {
                status: "i_ko",
                ko,
                ..D0
            },
            None,
        )
        .await;
    }
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        D {
            status: "utskriven",
            utskriven: "lotsen_today() - 20",
            avslut: "'felregistrering'",
            ..d("lotsen_today() - 50", "lotsen_today() - 50")
        },
        Some(region),
    )
    .await;
    deltagare(
        &app,
        &mut c,
        "STL-COACH",
        d("lotsen_today() - 500", "lotsen_today() - 450"),
        Some(af),
    )
    .await;
    // NRV-STOD (8 places): one inskriven from the region after 6 days' wait.
    deltagare(
        &app,
        &mut c,
        "NRV-STOD",
        d("lotsen_today() - 20", "lotsen_today() - 14"),
        Some(region),
    )
    .await;

    let mut admin = as_user(&app, "forbund@demo.lotsen.example").await;
    let page = admin.get("/insatser/kapacitet").await;
    page.assert_ok();
    let row = |kod: &str| -> Vec<String> {
        let start = page
            .body
            .find(&format!(">{kod}</a>"))
            .unwrap_or_else(|| panic!("{kod}"));
        cells(&page.body[start..])
    };
    // Platser, inskrivna, beläggning, i kö, median, FK och AF, region, kommuner, annan.
    assert_eq!(
        row("STL-COACH"),
        [
            "20", "4", "20 %", "2", "10", "50 % (2)", "0 % (0)", "25 % (1)", "25 % (1)"
        ]
    );
    assert_eq!(
        row("NRV-STOD"),
        [
            "8",
            "1",
            "13 %",
            "0",
            "6",
            "0 % (0)",
            "100 % (1)",
            "0 % (0)",
            "0 % (0)"
        ]
    );
    let total = page.body.find("Alla aktiva insatser</th>").expect("total");
    // Waits 10, 20, 5 and 6: the median is 8.
    assert_eq!(
        cells(&page.body[total..]),
        [
            "28", "5", "18 %", "2", "8", "40 % (2)", "20 % (1)", "20 % (1)", "20 % (1)"
        ]
    );
    assert!(page.body.contains("Parternas finansiering av förbundet"));
    for pct in ["50 %", "25 %"] {
        assert!(page.body.contains(&format!("<td class=\"num\">{pct}</td>")));
    }
    // Start page: the staff's link to the board.
    assert!(
        admin
            .get("/")
            .await
            .body
            .contains("href=\"/insatser/kapacitet\"")
    );
}

/// The `<td class="num">` cells of the first table row in `html`.
fn cells(html: &str) -> Vec<String> {
    let row = html.split("</tr>").next().unwrap_or("");
    row.split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn start_pages_show_the_current_goals_of_the_insatser_each_role_sees() {
    let app = TestApp::demo().await;
    let fran: String = app
        .scalar_in(
            "fjardlunda",
            "select (lotsen_today() - 30)::text where $1 is not null",
        )
        .await;
    let till: String = app
        .scalar_in(
            "fjardlunda",
            "select (lotsen_today() + 30)::text where $1 is not null",
        )
        .await;
    let mut admin = as_user(&app, "forbund@demo.lotsen.example").await;
    goal(&mut admin, "STL-COACH", "nyinskrivna", "12", &fran, &till).await;
    goal(
        &mut admin,
        "STL-COACH",
        "andel_paborjad_arbetstraning",
        "60",
        &fran,
        &till,
    )
    .await;
    goal(&mut admin, "NRV-STOD", "deltagare", "8", &fran, &till).await;
    // A goal of a past period is not on the start page.
    goal(
        &mut admin,
        "STL-COACH",
        "nyinskrivna",
        "99",
        "2020-01-01",
        "2020-12-31",
    )
    .await;
    let mut c = owner(&app).await;
    let d = |inskriven| D { inskriven, ..D0 };
    let a = deltagare(&app, &mut c, "STL-COACH", d("lotsen_today() - 10"), None).await;
    arbetstraning(&app, &mut c, a).await;
    deltagare(&app, &mut c, "STL-COACH", d("lotsen_today() - 20"), None).await;

    for (login, heading, nrv) in [
        ("forbund@demo.lotsen.example", "Förbundets insatser", true),
        ("coach@demo.lotsen.example", "Mina insatser", true),
        (INSATS, "Dina insatser som insatsansvarig", false),
    ] {
        let mut b = as_user(&app, login).await;
        let home = b.get("/").await;
        home.assert_ok();
        let body = &home.body;
        assert!(body.contains(heading), "{login}");
        assert!(
            body.contains("STL-COACH – Social arbetscoach Stenbäck–Lövsjö"),
            "{login}"
        );
        assert!(body.contains("2 av 12 nyinskrivningar"), "{login}");
        assert!(body.contains("50 % påbörjad arbetsträning (mål 60 %), 1 av 2 nyinskrivna"));
        assert!(
            !body.contains("av 99 nyinskrivningar"),
            "{login}: past period"
        );
        assert_eq!(body.contains("0 av 8 deltagare"), nrv, "{login}: NRV-STOD");
    }
    let mut coach = as_user(&app, "coach@demo.lotsen.example").await;
    assert!(
        coach.get("/").await.body.contains("Uppföljningar att göra"),
        "the coach's participants and follow-ups"
    );
    let mut ansvarig = as_user(&app, INSATS).await;
    let home = ansvarig.get("/").await.body;
    assert!(
        !home.contains("Du kommer att följa insatsens platser"),
        "no 'coming' text"
    );
    for login in [
        "koordinator@demo.lotsen.example",
        "kustbygd@demo.lotsen.example",
    ] {
        let mut b = as_user(&app, login).await;
        assert!(
            !b.get("/").await.body.contains("nyinskrivningar"),
            "{login}"
        );
    }
}
