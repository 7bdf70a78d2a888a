//! The insats form and the goal form: register, change, bad input on every field (422, the
//! Swedish message by the field, the values kept, nothing written), and the audit rows.

use super::*;
use axum::http::StatusCode;

#[tokio::test]
async fn the_forbund_admin_registers_and_changes_an_insats_and_both_are_audited() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "forbund@demo.lotsen.example").await;
    let r = refs(&app).await;
    let page = b.get("/insatser/ny").await;
    page.assert_ok();
    assert!(page.body.contains("<legend>Coacher</legend>"));
    assert!(page.body.contains("Jonas Ek") && page.body.contains("Maria Insatsansvarig"));

    let mut form = valid(&r, "lov-coach");
    form.push(("kommuner", "9902"));
    b.post("/insatser/ny", &form)
        .await
        .assert_redirect_to("/insatser/LOV-COACH?klart=skapad");
    let page = b.get("/insatser/LOV-COACH?klart=skapad").await;
    page.assert_ok();
    for text in [
        "Insatsen är registrerad.",
        "Rehabcoach Lövsjö",
        "Personuppgiftsansvarig för deltagarna: <strong>Lövsjö kommun</strong>",
        "STL – Stenbäck–Lövsjö",
        "Lövsjö, Stenbäck",
        "från 2026-01-01, tills vidare",
        "Jonas Ek",
        "Maria Insatsansvarig",
        "href=\"/insatser/LOV-COACH/andra\"",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    // Staff see figures, never the participants: no link to the queue.
    assert!(!page.body.contains("/insatser/LOV-COACH/deltagare"));

    let edit = b.get("/insatser/LOV-COACH/andra").await;
    edit.assert_ok();
    assert!(edit.body.contains("value=\"Rehabcoach Lövsjö\""));
    let mut changed = form.clone();
    changed[1] = ("namn", "Rehabcoach Lövsjö, ändrad");
    changed[10] = ("platser", "15");
    changed.retain(|(k, _)| *k != "ansvarig");
    b.post("/insatser/LOV-COACH/andra", &changed)
        .await
        .assert_redirect_to("/insatser/LOV-COACH?klart=sparat");
    let (namn, platser, ansvarig): (String, Option<i32>, Option<Uuid>) = {
        let id = insats_id(&app, "LOV-COACH").await;
        let n: String = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select namn::text from insats where forbund_id = $1 and insats_id = '{id}'"
                ),
            )
            .await;
        let p: Option<i32> = app
            .scalar_in(
                "fjardlunda",
                &format!("select platser from insats where forbund_id = $1 and insats_id = '{id}'"),
            )
            .await;
        let a: Option<Uuid> = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select ansvarig_id from insats where forbund_id = $1 and insats_id = '{id}'"
                ),
            )
            .await;
        (n, p, a)
    };
    assert_eq!(namn, "Rehabcoach Lövsjö, ändrad");
    assert_eq!(platser, Some(15));
    assert_eq!(ansvarig, None);
    assert_eq!(
        count(&app, "fjardlunda", "insats_kommun").await,
        3 + 2,
        "STL-COACH 2, NRV-STOD 1, LOV-COACH 2"
    );

    // A goal, then its removal.
    b.post(
        "/insatser/LOV-COACH/mal",
        &[
            ("mal", "nyinskrivna"),
            ("varde", "30"),
            ("mal_fran", "2026-01-01"),
            ("mal_till", "2026-12-31"),
        ],
    )
    .await
    .assert_redirect_to("/insatser/LOV-COACH?klart=mal#mal");
    let mal: Uuid = uuid(
        &app,
        "select m.mal_id from insats_mal m join insats i using (forbund_id, insats_id) \
         where m.forbund_id = $1 and i.kod = 'LOV-COACH'",
    )
    .await;
    assert!(
        b.get("/insatser/LOV-COACH")
            .await
            .body
            .contains("0 av 30 nyinskrivningar")
    );
    b.post(&format!("/insatser/LOV-COACH/mal/{mal}/ta-bort"), &[])
        .await
        .assert_redirect_to("/insatser/LOV-COACH?klart=mal-borttaget#mal");
    assert_eq!(
        b.post(&format!("/insatser/LOV-COACH/mal/{mal}/ta-bort"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a removed goal is gone"
    );

    // Every write is audited on the insats, by its id: never a name or a participant.
    let id = insats_id(&app, "LOV-COACH").await;
    let rows: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from audit_event where forbund_id = $1 and action like 'insats.%' \
                 and object_type = 'insats' and object_id = '{id}' and user_id is not null"
            ),
        )
        .await;
    assert_eq!(rows, 4);
    let actions = app.audit_actions("fjardlunda").await;
    for a in [
        "insats.create",
        "insats.update",
        "insats.goal_add",
        "insats.goal_remove",
    ] {
        assert!(actions.contains(&a.to_string()), "{a}");
    }
    let others: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 and action like 'insats.%' \
             and (object_type is distinct from 'insats' or object_id not in (select insats_id from insats))",
        )
        .await;
    assert_eq!(others, 0);
}

#[tokio::test]
async fn bad_input_on_every_field_is_refused_with_a_message_by_the_field() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "forbund@demo.lotsen.example").await;
    let r = refs(&app).await;
    let stranger = Uuid::now_v7().to_string();
    let cases: Vec<(&str, &str, &str)> = vec![
        ("kod", "", "Fyll i en kod, t.ex. STL-COACH."),
        ("kod", "ÅÄÖ", "högst 20 tecken"),
        (
            "kod",
            "NRV-STOD",
            "Koden används redan av en annan insats i förbundet.",
        ),
        ("namn", "", "Fyll i insatsens namn."),
        ("typ", "annan", "Välj vilken sorts insats det är."),
        (
            "agare",
            "",
            "Välj insatsägaren: den organisation som är personuppgiftsansvarig",
        ),
        (
            "agare",
            &stranger,
            "Välj insatsägaren bland förbundets organisationer.",
        ),
        ("ansvarig", "inte-ett-id", "Välj insatsansvarig i listan."),
        (
            "ansvarig",
            &r.coach,
            "har inte rollen insatsansvarig i förbundet",
        ),
        (
            "coacher",
            &r.ansvarig,
            "har inte rollen tilläggsresurs i förbundet",
        ),
        ("coacher", "x", "Välj coacher i listan."),
        ("lokus", &stranger, "LOKUS-grupperna finns inte i förbundet"),
        (
            "kommuner",
            "0000",
            "Någon av de valda kommunerna finns inte.",
        ),
        ("kommuner", "Stenbäck", "Välj kommuner i listan."),
        ("fran", "", "Fyll i startdatum."),
        ("fran", "2026-13-01", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        (
            "till",
            "2025-12-31",
            "Slutdatumet kan inte ligga före startdatumet.",
        ),
        ("platser", "-1", "mellan 0 och 100 000"),
        ("platser", "tolv", "mellan 0 och 100 000"),
        ("status", "pausad", "Välj aktiv eller avslutad."),
    ];
    let before = (
        count(&app, "fjardlunda", "insats").await,
        count(&app, "fjardlunda", "insats_coach").await,
        count(&app, "fjardlunda", "audit_event").await,
    );
    for (field, value, message) in &cases {
        let form: Vec<(&str, &str)> = valid(&r, "NY-INSATS")
            .into_iter()
            .map(|(k, v)| if k == *field { (k, *value) } else { (k, v) })
            .collect();
        let resp = b.post("/insatser/ny", &form).await;
        resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(resp.body.contains(message), "{field}={value}: {message}");
        assert!(
            resp.body.contains(&format!("id=\"f-{field}-fel\"")),
            "{field} beside the field"
        );
        assert!(resp.body.contains("Rätta följande"), "error summary");
        if *field != "namn" {
            assert!(
                resp.body.contains("value=\"Rehabcoach Lövsjö\""),
                "{field}: kept"
            );
        }
    }
    // Changing an insats refuses the same, and keeps the old values.
    for (field, value, message) in &cases[1..] {
        let form: Vec<(&str, &str)> = valid(&r, "STL-COACH")
            .into_iter()
            .map(|(k, v)| if k == *field { (k, *value) } else { (k, v) })
            .collect();
        let resp = b.post("/insatser/STL-COACH/andra", &form).await;
        resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(resp.body.contains(message), "update {field}={value}");
    }
    assert_eq!(
        (
            count(&app, "fjardlunda", "insats").await,
            count(&app, "fjardlunda", "insats_coach").await,
            count(&app, "fjardlunda", "audit_event").await,
        ),
        before,
        "nothing written"
    );
    let namn: String = app
        .scalar_in(
            "fjardlunda",
            "select namn::text from insats where forbund_id = $1 and kod = 'STL-COACH'",
        )
        .await;
    assert_eq!(namn, "Social arbetscoach Stenbäck–Lövsjö");

    // The goal form: the insats page again with the message, nothing written.
    let goals = count(&app, "fjardlunda", "insats_mal").await;
    for (form, field, message) in [
        (
            [
                ("mal", "andel_paborjad_arbetstraning"),
                ("varde", "140"),
                ("mal_fran", "2026-01-01"),
                ("mal_till", "2026-12-31"),
            ],
            "varde",
            "En andel anges i procent, mellan 0 och 100.",
        ),
        (
            [
                ("mal", "nyinskrivna"),
                ("varde", "40"),
                ("mal_fran", "2026-12-31"),
                ("mal_till", "2026-01-01"),
            ],
            "mal_till",
            "Periodens sista dag kan inte ligga före dess första dag.",
        ),
        (
            [
                ("mal", ""),
                ("varde", "40"),
                ("mal_fran", "2026-01-01"),
                ("mal_till", "2026-12-31"),
            ],
            "mal",
            "Välj vilket mål det gäller.",
        ),
        (
            [
                ("mal", "deltagare"),
                ("varde", ""),
                ("mal_fran", "2026-01-01"),
                ("mal_till", "2026-12-31"),
            ],
            "varde",
            "Fyll i målets värde.",
        ),
    ] {
        let resp = b.post("/insatser/STL-COACH/mal", &form).await;
        resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(resp.body.contains(message), "{message}");
        assert!(resp.body.contains(&format!("id=\"f-{field}-fel\"")));
        assert!(
            resp.body.contains("Personuppgiftsansvarig för deltagarna"),
            "the insats page"
        );
    }
    assert_eq!(count(&app, "fjardlunda", "insats_mal").await, goals);
}

#[tokio::test]
async fn another_forbunds_people_and_organisations_are_refused_as_references() {
    let app = TestApp::demo().await;
    let r = refs(&app).await;
    let mut kb = as_user(&app, "kustbygd@demo.lotsen.example").await;
    kb.get("/insatser/ny").await.assert_ok();
    let resp = kb.post("/insatser/ny", &valid(&r, "KB-COACH")).await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    for m in [
        "Välj insatsägaren bland förbundets organisationer.",
        "har inte rollen tilläggsresurs i förbundet",
        "har inte rollen insatsansvarig i förbundet",
        "LOKUS-grupperna finns inte i förbundet",
    ] {
        assert!(resp.body.contains(m), "{m}");
    }
    assert_eq!(count(&app, "kustbygd", "insats").await, 0);
}
