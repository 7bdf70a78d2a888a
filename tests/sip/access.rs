//! Who reaches a SIP record (issue 17, DOMAIN-2 §5): the ärende's coordinators keep it; a
//! handläggare of an invited unit sees it and changes only their own party's actions; a
//! handläggare of another unit of the same party, another party, the LOKUS chair and member,
//! förbund staff, the coach, the insatsansvarig and another förbund get 404 on every route and
//! change nothing.

use super::*;

const NOBODY: &[&str] = &[
    "af@demo.lotsen.example",
    // Moved to another FK unit (Aktivitetsersättning) in the test.
    "region@demo.lotsen.example",
    "ordforande@demo.lotsen.example",
    "ledamot@demo.lotsen.example",
    "forbund@demo.lotsen.example",
    "coach@demo.lotsen.example",
    "insats@demo.lotsen.example",
    "kustbygd@demo.lotsen.example",
];

/// A form's fields.
type Form = Vec<(&'static str, String)>;

/// Every route of a record: (path, form for a POST; `None` for GET only).
fn routes(
    sip: Uuid,
    fk_action: Uuid,
    kommun_action: Uuid,
    t: time::Date,
) -> Vec<(String, Option<Form>)> {
    let d = day(t, 0);
    vec![
        (format!("/sip/{sip}"), None),
        (
            format!("/sip/{sip}/kallelse"),
            Some(vec![("kallad_till", d.clone())]),
        ),
        (format!("/sip/{sip}/mote"), Some(vec![("datum", d.clone())])),
        (
            format!("/sip/{sip}/uppfoljning"),
            Some(vec![("datum", d.clone())]),
        ),
        (
            format!("/sip/{sip}/atgarder"),
            Some(vec![
                ("text", "Kontakt".into()),
                ("ansvarig", "af".into()),
                ("senast", d.clone()),
            ]),
        ),
        (
            format!("/sip/{sip}/atgarder/{fk_action}"),
            Some(vec![("status", "klar".into()), ("klar_datum", d.clone())]),
        ),
        (
            format!("/sip/{sip}/atgarder/{kommun_action}"),
            Some(vec![("status", "klar".into()), ("klar_datum", d.clone())]),
        ),
        (
            format!("/sip/{sip}/installd"),
            Some(vec![("orsak", "annat".into())]),
        ),
        (format!("/sip/{sip}/avsluta"), Some(vec![])),
        (
            format!("/sip/{sip}/samtycke"),
            Some(vec![
                ("samtycke_datum", d.clone()),
                ("samtycke_form", "skriftligt".into()),
                ("samtycke_part", "fk".into()),
                ("samtycke_part", "kommun".into()),
            ]),
        ),
        (
            format!("/sip/{sip}/samtycke/aterkalla"),
            Some(vec![("datum", d.clone())]),
        ),
    ]
}

/// What a POST could change: the record's status and history, and the actions' statuses.
async fn state(app: &TestApp, sip: Uuid) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select s.status || '|' || coalesce(s.samtycke_aterkallat::text, '') || '|' || \
                    (select count(*) from sip_handelse h where h.forbund_id = s.forbund_id and h.sip_id = s.sip_id) || '|' || \
                    (select string_agg(a.status, ',' order by a.atgard_id) from sip_atgard a \
                      where a.forbund_id = s.forbund_id and a.sip_id = s.sip_id) \
             from sip s where s.forbund_id = $1 and s.sip_id = '{sip}'"
        ),
    )
    .await
}

#[tokio::test]
async fn only_the_keepers_and_the_invited_units_reach_a_sip() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    let sip = start(&mut app, a).await;
    hold(&mut app, sip).await;
    let fk_action = action(&mut app, sip, "Utreda sjukpenning", "fk", 5).await;
    let kommun_action = action(&mut app, sip, "Ordna arbetsträning", "kommun", 5).await;
    // region@ becomes a handläggare of FK's other unit: same party, not invited.
    let f = app.forbund_id("fjardlunda").await;
    let region = app
        .user_id("fjardlunda", "region@demo.lotsen.example")
        .await;
    let other_fk = unit(
        &app,
        "Försäkringskassan LFC Västerlän",
        "Aktivitetsersättning",
    )
    .await;
    owner(
        &app,
        &format!(
            "update membership set organisation_id = e.organisation_id, enhet_id = e.enhet_id \
             from enhet e where e.forbund_id = '{f}' and e.enhet_id = '{other_fk}' \
               and membership.forbund_id = '{f}' and membership.user_id = '{region}'"
        ),
    )
    .await;

    // The keeper reaches every page.
    for (path, _) in routes(sip, fk_action, kommun_action, t) {
        app.get(&path).await.assert_ok();
    }
    app.get(&format!("/sip/ny?arende={a}")).await.assert_ok();
    let before = state(&app, sip).await;

    for login in NOBODY {
        let mut b = app.other_browser();
        if *login == "region@demo.lotsen.example" {
            b.login_in(login, "fjardlunda").await;
        } else {
            b.login(login).await;
        }
        for (path, form) in routes(sip, fk_action, kommun_action, t) {
            assert_eq!(
                b.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{login} GET {path}"
            );
            if let Some(form) = form {
                let r = post_pairs(&mut b, &path, &form).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST {path}");
            }
        }
        let r = b.get(&format!("/sip/ny?arende={a}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} new form");
        let form = new_sip(&app, &[]).await;
        let r = post_pairs(&mut b, &format!("/sip/ny?arende={a}"), &form).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} create");
        let list = b.get("/sip").await;
        assert!(
            !list.body.contains(&sip.to_string()),
            "{login} lists the SIP"
        );
    }
    assert_eq!(state(&app, sip).await, before, "nothing changed");
    assert_eq!(count(&app, "sip").await, 1);

    // The invited units: the record and their own party's action, nothing else.
    for (login, own, hidden) in [
        (FK, fk_action, "Ordna arbetsträning"),
        (KOMMUN, kommun_action, "Utreda sjukpenning"),
    ] {
        let mut b = app.other_browser();
        b.login(login).await;
        b.get(&format!("/sip/{sip}")).await.assert_ok();
        b.get(&format!("/sip/{sip}/atgarder/{own}"))
            .await
            .assert_ok();
        for (path, form) in routes(sip, fk_action, kommun_action, t) {
            if path == format!("/sip/{sip}") || path.ends_with(&own.to_string()) {
                continue;
            }
            assert_eq!(
                b.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{login} GET {path}"
            );
            if let Some(form) = form {
                let r = post_pairs(&mut b, &path, &form).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST {path}");
            }
        }
        let text = b.get(&format!("/sip/{sip}")).await.text();
        assert!(!text.contains(hidden), "{login} sees {hidden}: {text}");
        b.get(&format!("/sip/ny?arende={a}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    assert_eq!(state(&app, sip).await, before, "nothing changed");
}

#[tokio::test]
async fn the_sip_pages_are_for_coordinators_coaches_and_handlaggare() {
    let mut app = TestApp::demo().await;
    for (login, list) in [
        (KOORDINATOR, StatusCode::OK),
        (FK, StatusCode::OK),
        ("coach@demo.lotsen.example", StatusCode::OK),
        ("kustbygd@demo.lotsen.example", StatusCode::OK),
        ("forbund@demo.lotsen.example", StatusCode::NOT_FOUND),
        ("ordforande@demo.lotsen.example", StatusCode::NOT_FOUND),
        ("ledamot@demo.lotsen.example", StatusCode::NOT_FOUND),
        ("insats@demo.lotsen.example", StatusCode::NOT_FOUND),
    ] {
        let mut b = app.other_browser();
        b.login(login).await;
        assert_eq!(b.get("/sip").await.status, list, "{login} list");
        let nav = b.get("/").await.body.contains("href=\"/sip\"");
        assert_eq!(nav, list == StatusCode::OK, "{login} navigation");
    }
    // Not a record, not a link: 404.
    app.login(KOORDINATOR).await;
    for path in [
        "/sip/ny".to_string(),
        format!("/sip/ny?arende={}", Uuid::now_v7()),
        format!("/sip/ny?deltagare={}", Uuid::now_v7()),
        format!("/sip/{}", Uuid::now_v7()),
        "/sip/inte-ett-id".to_string(),
    ] {
        app.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    }
}
