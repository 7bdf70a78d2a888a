//! Justering by the chair and then the justerare locks every write path of a meeting, and is
//! audited; while the protokoll waits for the justerare nothing changes, and the chair may
//! take the justering back.

use super::*;

/// Every write route of a meeting with a valid form, for item `punkt`.
fn writes(mote: Uuid, punkt: Uuid) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let base = format!("/lokus/STL/moten/{mote}");
    vec![
        (
            format!("{base}/uppgifter"),
            vec![
                ("datum", "2026-12-02"),
                ("tid", "10:00"),
                ("plats", "Biblioteket"),
            ],
        ),
        (
            format!("{base}/punkter"),
            vec![("rubrik", "Övrigt"), ("punkt_text", "")],
        ),
        (format!("{base}/punkter/{punkt}/upp"), vec![]),
        (format!("{base}/punkter/{punkt}/ned"), vec![]),
        (
            format!("{base}/punkter/{punkt}/flytta"),
            vec![("placering", "1")],
        ),
        (
            format!("{base}/narvaro"),
            vec![("ovriga", "Gäster"), ("justerare", "")],
        ),
        (
            format!("{base}/punkter/{punkt}/beskrivning"),
            vec![("visa", "ja")],
        ),
        (
            format!("{base}/punkter/{punkt}/beslut"),
            vec![("beslut", "Nytt beslut"), ("vem", ""), ("senast", "")],
        ),
        (format!("{base}/punkter/{punkt}/ta-bort"), vec![]),
        (format!("{base}/punkter/{punkt}/aterstall"), vec![]),
        (
            format!("{base}/protokoll"),
            vec![("protokoll", "Ändrad text")],
        ),
        (format!("{base}/genomfort"), vec![]),
        (format!("{base}/justera"), vec![("bekrafta", "ja")]),
        (format!("{base}/justera/ta-tillbaka"), vec![]),
        (format!("{base}/justera/bekrafta"), vec![("bekrafta", "ja")]),
    ]
}

async fn snapshot(app: &TestApp, mote: Uuid) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select m.datum::text || m.tid::text || m.plats || m.status || m.protokoll || \
                    coalesce(m.justerare_id::text, '') || m.narvarande_ovriga || \
                    coalesce(string_agg(p.punkt_id::text || p.ordning::text || p.beslut || p.visa_beskrivning::text || p.borttagen::text \
                                        || coalesce(p.paragraf::text, ''), ',' \
                                        order by p.punkt_id), '') \
             from lokus_mote m left join lokus_punkt p using (forbund_id, mote_id) \
             where m.forbund_id = $1 and m.mote_id = '{mote}' group by m.forbund_id, m.mote_id"
        ),
    )
    .await
}

#[tokio::test]
async fn justering_locks_every_write_path_and_is_audited() {
    let mut app = TestApp::demo().await;
    let a = insert_arende(
        &app,
        ArendeFixture {
            n: Some(1),
            flaggad: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    let b = insert_arende(
        &app,
        ArendeFixture {
            n: Some(2),
            flaggad: Some("2026-10-21"),
            ..BASE
        },
    )
    .await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let pa = punkt_of(&app, mote, a).await;
    let pb = punkt_of(&app, mote, b).await;
    // The coordinator records a decision during the meeting and the minutes, but cannot justera.
    app.post(
        &format!("/lokus/STL/moten/{mote}/punkter/{pa}/beslut"),
        &[
            ("beslut", "Rekommendation: flerpartsmöte."),
            ("vem", ""),
            ("senast", ""),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(
        &format!("/lokus/STL/moten/{mote}/protokoll"),
        &[("protokoll", "Närvarande: FK, AF, kommun, region.")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.post(&format!("/lokus/STL/moten/{mote}/genomfort"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        app.post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    // Justering cannot be undone: it needs the ticked confirmation.
    let r = chair
        .post(&format!("/lokus/STL/moten/{mote}/justera"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-bekrafta-fel\""));
    assert!(r.text().contains("Kryssa i att protokollet är granskat"));
    // Nor without närvaro and a justerare (the group has not let its chair justera alone).
    let r = chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-narvarande-fel\"") && r.body.contains("id=\"f-justerare-fel\"")
    );
    assert!(
        r.text()
            .contains("Fyll i vilka som var närvarande innan protokollet justeras.")
    );
    assert!(r.text().contains("Välj en justerare."));
    assert_eq!(status_of(&app, mote).await, "genomfort");

    // The coordinator records who was there, with the ledamot as justerare.
    record_attendance(&mut app, mote, Some(LEDAMOT)).await;
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart=vantar"));
    assert_eq!(
        status_of(&app, mote).await,
        "genomfort",
        "not justerat before the justerare"
    );
    assert!(flagged(&app, a).await, "nothing is handled before the lock");
    // Waiting for the justerare, nothing changes.
    let r = app
        .post(
            &format!("/lokus/STL/moten/{mote}/protokoll"),
            &[("protokoll", "Ändrat")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("väntar på justeraren"), "{}", r.text());
    // The chair takes it back and justerar again.
    chair
        .post(&format!("/lokus/STL/moten/{mote}/justera/ta-tillbaka"), &[])
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart=tillbaka"));
    let numbered: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!("select count(paragraf) from lokus_punkt where forbund_id = $1 and mote_id = '{mote}'"),
        )
        .await;
    assert_eq!(numbered, 0, "the numbers go with the justering");
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart=vantar"));
    // Only the chosen justerare justerar as such: the coordinator and the chair are not found.
    for who in [&mut app, &mut chair] {
        assert_eq!(
            who.post(
                &format!("/lokus/STL/moten/{mote}/justera/bekrafta"),
                &[("bekrafta", "ja")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
    }
    let mut ledamot = app.other_browser();
    ledamot.login(LEDAMOT).await;
    let start = ledamot.get("/lokus").await;
    assert!(
        start.text().contains("Protokoll att justera")
            && start
                .body
                .contains(&format!("/lokus/STL/moten/{mote}#justering")),
        "{}",
        start.text()
    );
    let r = ledamot
        .post(&format!("/lokus/STL/moten/{mote}/justera/bekrafta"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Kryssa i att du har läst protokollet."));
    ledamot
        .post(
            &format!("/lokus/STL/moten/{mote}/justera/bekrafta"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_redirect_to(&format!("/lokus/STL/moten/{mote}?klart=justerat"));
    assert_eq!(status_of(&app, mote).await, "justerat");
    assert!(!flagged(&app, a).await, "decided and justerat: handled");
    assert!(flagged(&app, b).await, "undecided: stays flagged");
    let page = chair.get(&format!("/lokus/STL/moten/{mote}")).await;
    let text = page.text();
    assert!(
        text.contains("av Anders Öhman och Lena Åkesson. Protokollet är låst"),
        "{text}"
    );
    assert!(!text.contains("Justerat Justerat") && !text.contains("justerat, justerat"));
    assert!(
        !page.body.contains("/justera\"") && !page.body.contains("name=\"beslut\""),
        "no controls after justering"
    );
    let before = snapshot(&app, mote).await;
    let audit_before = app.audit_actions("fjardlunda").await.len();
    for (is_chair, who) in [(false, &mut app), (true, &mut chair)] {
        for punkt in [pa, pb] {
            for (path, form) in writes(mote, punkt) {
                let r = who.post(&path, &form).await;
                if (path.ends_with("/justera") || path.ends_with("/ta-tillbaka")) && !is_chair {
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "only the chair justerar");
                    continue;
                }
                if path.ends_with("/bekrafta") {
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "only the justerare");
                    continue;
                }
                assert_eq!(
                    r.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{path}: {}",
                    r.text()
                );
                assert!(r.text().contains("Protokollet är justerat"), "{path}");
            }
        }
    }
    // Creating a meeting still works; the locked one is unchanged, and refused writes left no audit row.
    assert_eq!(snapshot(&app, mote).await, before);
    let audit = app.audit_actions("fjardlunda").await;
    assert!(
        audit[audit_before..].iter().all(|a| a == "lokus_mote.read"),
        "{:?}",
        &audit[audit_before..]
    );
    assert_eq!(audit.iter().filter(|a| *a == "lokus_mote.lock").count(), 1);
    assert_eq!(audit.iter().filter(|a| *a == "lokus_mote.sign").count(), 2);
    assert_eq!(
        audit.iter().filter(|a| *a == "lokus_mote.unsign").count(),
        1
    );
    for action in ["decision", "minutes", "held", "attendance"] {
        assert!(audit.contains(&format!("lokus_mote.{action}")), "{action}");
    }
    let lock_by: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!("select user_id from audit_event where forbund_id = $1 and action = 'lokus_mote.lock' and object_id = '{mote}'"),
        )
        .await;
    assert_eq!(
        lock_by,
        app.user_id("fjardlunda", LEDAMOT).await,
        "the justerare locked it"
    );
    // The database refuses too, whatever the core would do.
    let forbund = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    let r =
        sqlx::query("update lokus_punkt set beslut = 'x' where forbund_id = $1 and mote_id = $2")
            .bind(forbund)
            .bind(mote)
            .execute(&mut *tx)
            .await;
    assert!(
        r.is_err(),
        "the trigger refuses changes to a justerat meeting"
    );
}
