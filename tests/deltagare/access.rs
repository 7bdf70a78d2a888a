//! Who reaches what (personuppgiftsansvar, DOMAIN-2 §5): the coach their own participants
//! with identity, a replacement coach once assigned, the insatsansvarig the queue and the
//! participants without identity, the coordinator only the status on the ärende; förbund staff
//! and everyone else 404 on every participant route, also across förbund.

use super::*;
use crate::support::DEMO_TENANT_LOGINS;

#[tokio::test]
async fn every_role_reaches_only_what_personuppgiftsansvar_allows() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login(KOORDINATOR).await;
    let mut coach = app.other_browser();
    coach.login(COACH).await;
    let (a, d) = enrolled(&mut app, &mut coach).await;
    let i: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select insats_id from insats where forbund_id = $1 and kod = '{KOD}'"),
        )
        .await;
    let a2 = arende(&mut app).await;
    let t = today(&app).await;
    offer(&mut app, a2, i, &ago(t, 1))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let q = queued(&app, a2).await;
    let base = format!("/insatser/{KOD}/deltagare/{d}");
    let list = format!("/insatser/{KOD}/deltagare");
    let enrol = format!("/insatser/{KOD}/ko/{q}/inskriv");

    for login in DEMO_TENANT_LOGINS {
        let mut who = app.other_browser();
        let slug = if login.starts_with("kustbygd") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        who.login_in(login, slug).await;
        let (list_ok, enrol_ok, own) = match *login {
            COACH => (true, true, true),
            COACH2 => (true, true, false),
            ANSVARIG => (true, false, false),
            _ => (false, false, false),
        };
        let status = |ok: bool| {
            if ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        };
        assert_eq!(
            who.get(&list).await.status,
            status(list_ok),
            "{login} {list}"
        );
        assert_eq!(
            who.get(&enrol).await.status,
            status(enrol_ok),
            "{login} {enrol}"
        );
        assert_eq!(who.get(&base).await.status, status(own), "{login} {base}");
        for path in ["/utskrivning", "/uppfoljning"] {
            assert_eq!(
                who.get(&format!("{base}{path}")).await.status,
                status(own),
                "{login} {path}"
            );
        }
        if !own {
            for (path, form) in [
                (
                    "/aktiviteter",
                    vec![("typ", "stod"), ("datum", "2026-01-01")],
                ),
                (
                    "/utskrivning",
                    vec![("utskriven", "2026-01-01"), ("avslutsanledning", "arbete")],
                ),
                ("/samtycke/aterkalla", vec![("aterkallad", "2026-01-01")]),
                ("/ersattare", vec![("ersattare", "")]),
            ] {
                let r = who.post(&format!("{base}{path}"), &form).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST {path}");
            }
        }
        if !list_ok {
            let r = who
                .post(&format!("/insatser/{KOD}/ko/{q}/stryk"), &[])
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} stryk");
        }
        if !enrol_ok {
            let r = post_pairs(&mut who, &enrol, &enrolment(&ago(t, 0), &[])).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} inskriv");
        }
    }
    assert_eq!(
        count(&app, "deltagare_aktivitet").await,
        0,
        "no one else wrote"
    );

    // The insatsansvarig sees participants without identity; the coach sees the name.
    let mut ansvarig = app.other_browser();
    ansvarig.login(ANSVARIG).await;
    let text = ansvarig.get(&list).await.text();
    assert!(
        text.contains("Deltagare 1") && !text.contains("Anna Andersson"),
        "{text}"
    );
    assert!(
        !ansvarig.get(&list).await.body.contains(&base),
        "no link to the participant"
    );
    assert!(
        coach
            .get(&list)
            .await
            .text()
            .contains("Deltagare 1 – Anna Andersson")
    );

    // The coordinator sees the status on the ärende only.
    let page = app.get(&format!("/arenden/{a}")).await.text();
    assert!(page.contains("Inskriven") && !page.contains("Anna Andersson"));

    // A replacement coach sees and edits the participant, identity included.
    let coach2 = app.user_id("fjardlunda", COACH2).await.to_string();
    coach
        .post(&format!("{base}/ersattare"), &[("ersattare", &coach2)])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut second = app.other_browser();
    second.login(COACH2).await;
    let page = second.get(&base).await;
    page.assert_ok();
    assert!(page.text().contains("Anna Andersson"));
    // The identity table itself refuses anyone but the coach and the replacement.
    let seen: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from deltagare_identitet where forbund_id = $1",
        )
        .await;
    assert_eq!(seen, 0, "the app role without a coach sees no identity");
}

#[tokio::test]
async fn another_forbund_never_reaches_the_insats() {
    let mut app = TestApp::demo().await;
    insats(&app).await;
    app.login("kustbygd@demo.lotsen.example").await;
    for path in [
        format!("/insatser/{KOD}/deltagare"),
        format!("/insatser/{KOD}/deltagare/ny"),
    ] {
        assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}
