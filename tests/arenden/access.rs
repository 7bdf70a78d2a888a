//! Only the group's coordinators reach an ärende.

use super::*;

#[tokio::test]
async fn only_the_groups_coordinators_reach_an_arende() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = register(&mut app, "STL", &[]).await.redirect_id();
    // An ärende of NRV, a group the demo coordinator does not coordinate.
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let nrv_lokus = lokus_id(&app, "fjardlunda", "NRV").await;
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.actor.system_admin = false;
    ctx.actor.grants = vec![Grant {
        role: Role::Koordinator,
        lokus: Some(nrv_lokus),
    }];
    let mut nrv_form = arende_form(&intake(&app, "NRV", &[]).await);
    nrv_form.formular_id = Uuid::now_v7().to_string();
    let nrv = create::create(&app.t.db, &ctx, &nrv_form)
        .await
        .unwrap()
        .arende_id;

    let routes = |id: Uuid| -> Vec<Route> {
        vec![
            (false, format!("/arenden/{id}"), vec![]),
            (false, format!("/arenden/{id}/andra"), vec![]),
            (true, format!("/arenden/{id}/andra"), vec![("kon", "man")]),
            (
                true,
                format!("/arenden/{id}/atgarder"),
                vec![("kod", "annan"), ("datum", "2026-03-03")],
            ),
            (
                true,
                format!("/arenden/{id}/flagga"),
                vec![("fraga", "Fråga")],
            ),
            (true, format!("/arenden/{id}/avflagga"), vec![]),
            (
                true,
                format!("/arenden/{id}/status"),
                vec![("status", "vilande")],
            ),
            (
                true,
                format!("/arenden/{id}/avsluta"),
                vec![("avslut", "annat"), ("avslutad_datum", "2026-03-03")],
            ),
            (true, format!("/arenden/{id}/ateroppna"), vec![]),
            (
                true,
                format!("/arenden/{id}/anteckning"),
                vec![("anteckning_text", "x")],
            ),
        ]
    };
    // The coordinator: their own group yes, NRV no.
    for (post, path, form) in routes(nrv) {
        let r = if post {
            app.post(&path, &form).await
        } else {
            app.get(&path).await
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "koordinator {path}");
    }
    app.get(&format!("/arenden/{stl}")).await.assert_ok();
    // Everyone else: 404 on every route, and no list or intake.
    for login in DEMO_TENANT_LOGINS
        .iter()
        .filter(|l| !l.starts_with("koordinator"))
    {
        let mut b = app.other_browser();
        b.login_in(login, "fjardlunda").await;
        for id in [stl, nrv] {
            for (post, path, form) in routes(id) {
                let r = if post {
                    b.post(&path, &form).await
                } else {
                    b.get(&path).await
                };
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} {path}");
            }
        }
        // kustbygd@ coordinates in its own förbund, so it has a list there (an empty one).
        let coordinator_elsewhere = login.starts_with("kustbygd");
        for path in ["/arenden", "/arenden/ny"] {
            let want = if coordinator_elsewhere {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(b.get(path).await.status, want, "{login} {path}");
        }
    }
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(
        sys.get(&format!("/arenden/{stl}")).await.status,
        StatusCode::NOT_FOUND
    );
    let unchanged: String = app
        .scalar_in(
            "fjardlunda",
            &format!("select status from arende where forbund_id = $1 and arende_id = '{nrv}'"),
        )
        .await;
    assert_eq!(unchanged, "pagaende");
    let reads: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from audit_event where forbund_id = $1 and action = 'arende.read'",
        )
        .await;
    assert_eq!(reads, 1, "only the one permitted read is logged as a read");
}
