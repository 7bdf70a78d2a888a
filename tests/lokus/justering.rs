//! Justering locks every write path of a meeting, and is audited.

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
    ]
}

async fn snapshot(app: &TestApp, mote: Uuid) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select m.datum::text || m.tid::text || m.plats || m.status || m.protokoll || \
                    coalesce(string_agg(p.punkt_id::text || p.ordning::text || p.beslut || p.visa_beskrivning::text || p.borttagen::text, ',' \
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
    let status: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select status from lokus_mote where forbund_id = $1 and mote_id = '{mote}'"),
        )
        .await;
    assert_eq!(status, "genomfort");
    chair
        .post(
            &format!("/lokus/STL/moten/{mote}/justera"),
            &[("bekrafta", "ja")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = chair.get(&format!("/lokus/STL/moten/{mote}")).await;
    assert!(page.text().contains("Protokollet är justerat"));
    assert!(
        !page.body.contains("/justera\""),
        "no controls after justering"
    );
    let before = snapshot(&app, mote).await;
    let audit_before = app.audit_actions("fjardlunda").await.len();
    for (is_chair, who) in [(false, &mut app), (true, &mut chair)] {
        for punkt in [pa, pb] {
            for (path, form) in writes(mote, punkt) {
                let r = who.post(&path, &form).await;
                if path.ends_with("/justera") && !is_chair {
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "only the chair justerar");
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
    assert!(audit.contains(&"lokus_mote.decision".to_string()));
    assert!(audit.contains(&"lokus_mote.minutes".to_string()));
    assert!(audit.contains(&"lokus_mote.held".to_string()));
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
