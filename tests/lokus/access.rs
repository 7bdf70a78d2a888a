//! Who reaches which meetings (every role, another group, another förbund), and the audited reads.

use super::*;

#[tokio::test]
async fn meetings_are_reached_per_role_group_and_forbund_and_reads_are_audited() {
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
    insert_arende(
        &app,
        ArendeFixture {
            lokus: "NRV",
            n: Some(2),
            flaggad: Some("2026-10-20"),
            ..BASE
        },
    )
    .await;
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let stl = lokus_id(&app, "fjardlunda", "STL").await;
    let nrv = lokus_id(&app, "fjardlunda", "NRV").await;
    app.login(KOORD).await;
    let mote = create_meeting(&mut app, "STL", "2026-11-20").await;
    app.get(&format!("/lokus/STL/moten/{mote}"))
        .await
        .assert_ok();
    let punkt = punkt_of(&app, mote, a).await;
    // A meeting of NRV, a group the demo coordinator, chair and ledamot are not in.
    let mut nrv_ctx = Ctx::cli(Some(forbund.clone()));
    nrv_ctx.actor.system_admin = false;
    nrv_ctx.actor.grants = vec![Grant {
        role: Role::Koordinator,
        lokus: Some(nrv),
    }];
    let nrv_mote = lotsen_core::lokus::moten::create(
        &app.t.db,
        &nrv_ctx,
        "NRV",
        &lotsen_domain::lokus_mote::MoteForm {
            datum: "2026-11-21".into(),
            tid: "10:00".into(),
            plats: "Norrvik".into(),
        },
    )
    .await
    .unwrap();
    let _ = view::get(&app.t.db, &nrv_ctx, "NRV", nrv_mote, Purpose::Page)
        .await
        .unwrap();
    let nrv_punkt: Uuid = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select punkt_id from lokus_punkt where forbund_id = $1 and mote_id = '{nrv_mote}'"
            ),
        )
        .await;
    assert_ne!(stl, nrv);

    let reads = |kod: &str, id: Uuid| {
        vec![
            format!("/lokus/{kod}/moten"),
            format!("/lokus/{kod}/moten/{id}"),
            format!("/lokus/{kod}/moten/{id}/motespaket"),
            format!("/lokus/{kod}/moten/{id}/protokoll"),
        ]
    };
    // (login, reads STL, prepares STL, reads NRV)
    let expect = |login: &str| match login {
        "forbund@demo.lotsen.example" => (true, true, true),
        "koordinator@demo.lotsen.example" => (true, true, false),
        "ordforande@demo.lotsen.example" => (true, true, false),
        "ledamot@demo.lotsen.example" => (true, false, false),
        _ => (false, false, false),
    };
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        b.login_in(login, "fjardlunda").await;
        let (read_stl, prepare_stl, read_nrv) = expect(login);
        let status = |ok: bool| {
            if ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        };
        // kustbygd@ coordinates a group in its own förbund, so it has a /lokus there.
        let has_groups = read_stl || read_nrv || login.starts_with("kustbygd");
        assert_eq!(
            b.get("/lokus").await.status,
            status(has_groups),
            "{login} /lokus"
        );
        for path in reads("STL", mote) {
            assert_eq!(
                b.get(&path).await.status,
                status(read_stl),
                "{login} {path}"
            );
        }
        if read_stl {
            // Controls only for those who may use them.
            let page = b.get(&format!("/lokus/STL/moten/{mote}")).await;
            assert_eq!(
                page.body.contains("name=\"beslut\""),
                prepare_stl,
                "{login}"
            );
            assert_eq!(
                page.body.contains("/justera\""),
                login.starts_with("ordforande"),
                "{login}"
            );
        }
        for path in reads("NRV", nrv_mote) {
            assert_eq!(
                b.get(&path).await.status,
                status(read_nrv),
                "{login} {path}"
            );
        }
        // Another group's meeting under this group's code is not found either.
        assert_eq!(
            b.get(&format!("/lokus/STL/moten/{nrv_mote}")).await.status,
            StatusCode::NOT_FOUND
        );
        // Writes: the description toggle stands for every prepare route (all share one check);
        // a harmless one so the loop does not change the agenda for the next login.
        let r = b
            .post(
                &format!("/lokus/STL/moten/{mote}/punkter/{punkt}/beskrivning"),
                &[("visa", "nej")],
            )
            .await;
        let want = if prepare_stl {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} writes STL");
        let r = b
            .post(
                &format!("/lokus/NRV/moten/{nrv_mote}/punkter/{nrv_punkt}/beskrivning"),
                &[("visa", "nej")],
            )
            .await;
        let want = if login.starts_with("forbund@") {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} writes NRV");
        let r = b
            .post(
                "/lokus/STL/moten",
                &[("datum", &from_today(30)), ("tid", "09:00"), ("plats", "x")],
            )
            .await;
        let want = if prepare_stl {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} creates");
        // Only the chair may justera; try it on the NRV meeting for everyone (nobody is its chair).
        assert_eq!(
            b.post(
                &format!("/lokus/NRV/moten/{nrv_mote}/justera"),
                &[("bekrafta", "ja")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
    }
    for login in ["forbund@demo.lotsen.example", "ledamot@demo.lotsen.example"] {
        let mut b = app.other_browser();
        b.login(login).await;
        assert_eq!(
            b.post(
                &format!("/lokus/STL/moten/{mote}/justera"),
                &[("bekrafta", "ja")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND,
            "{login}"
        );
    }
    // kustbygd's förbund has a KST group; Fjärdlunda's meeting ids are not found there.
    let mut k = app.other_browser();
    k.login("kustbygd@demo.lotsen.example").await;
    assert_eq!(
        k.get(&format!("/lokus/KST/moten/{mote}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        k.get("/lokus/STL/moten").await.status,
        StatusCode::NOT_FOUND
    );
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(
        sys.get(&format!("/lokus/STL/moten/{mote}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Reads are audited with ids only: the pack as its own action.
    let pack_reads: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!("select count(*) from audit_event where forbund_id = $1 and action = 'lokus_mote.pack_read' and object_type = 'lokus_mote' and object_id = '{mote}'"),
        )
        .await;
    assert_eq!(pack_reads, 8, "four readers × pack and minutes");
}
