//! Access by the roles matrix, and the audit of reads, writes, signing and exports.

use super::*;

#[tokio::test]
async fn access_follows_the_roles_matrix() {
    let app = with_round().await;
    for login in DEMO_TENANT_LOGINS {
        let mut a = app.other_browser();
        let slug = if *login == "kustbygd@demo.lotsen.example" {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        a.login_in(login, slug).await;
        let own = matches!(*login, ADMIN | SK | CHAIR | LEDAMOT);
        let form = a.get(STL).await;
        assert_eq!(
            form.status,
            if own {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} form"
        );
        let round = a.get("/nulagesanalys/2026").await;
        assert_eq!(
            round.status,
            if own {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} round"
        );
        let admin_only = *login == ADMIN;
        for path in [
            "/nulagesanalys/2026/sammanstallning",
            "/nulagesanalys/2026/siffror.xlsx",
        ] {
            let r = a.get(path).await;
            assert_eq!(
                r.status,
                if admin_only {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                },
                "{login} {path}"
            );
        }
        // Another group: only the förbund-admin, and the coordinator of FJL.
        let fjl = a.get("/nulagesanalys/2026/grupper/FJL").await;
        let fjl_ok = matches!(*login, ADMIN | SK);
        assert_eq!(
            fjl.status,
            if fjl_ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} FJL"
        );
        let nrv = a.get("/nulagesanalys/2026/grupper/NRV").await;
        assert_eq!(
            nrv.status,
            if admin_only {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{login} NRV"
        );
        let r = a.post("/nulagesanalys", &[("ar", "2030")]).await;
        assert_eq!(
            r.status == StatusCode::SEE_OTHER,
            admin_only || *login == "kustbygd@demo.lotsen.example",
            "{login} opens a round"
        );
    }
    // Another förbund: its admin reaches nothing of fjardlunda's round.
    let mut kb = app.other_browser();
    kb.login("kustbygd@demo.lotsen.example").await;
    kb.get("/nulagesanalys/2026/grupper/KST")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    kb.get("/nulagesanalys/2026")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    kb.get("/nulagesanalys/2026/sammanstallning")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The ordinary chair sees only the own group in the round's list.
    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let body = chair.get("/nulagesanalys/2026").await.body;
    assert!(body.contains(">STL – "));
    assert!(!body.contains(">FJL – "));
}

#[tokio::test]
async fn reads_writes_signing_and_exports_are_audited_with_ids() {
    let mut app = with_round().await;
    let ids = question_ids(&app, 2026).await;
    app.login(CHAIR).await;
    app.get(STL).await.assert_ok();
    answer(&mut app, ids[0], "Svar").await;
    sign(&mut app).await;
    let mut admin = app.other_browser();
    admin.login(ADMIN).await;
    admin
        .get("/nulagesanalys/2026/sammanstallning")
        .await
        .assert_ok();
    admin
        .get("/nulagesanalys/2026/siffror.xlsx")
        .await
        .assert_ok();
    let actions = app.audit_actions("fjardlunda").await;
    for a in [
        "nulagesanalys.omgang_create",
        "nulagesanalys.read",
        "nulagesanalys.answer",
        "nulagesanalys.sign",
        "nulagesanalys.export",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let n: i64 = scalar(
        &app,
        "select count(*) from audit_event a join nulage_blankett b \
           on b.forbund_id = a.forbund_id and b.blankett_id = a.object_id \
         where a.forbund_id = $1 and a.object_type = 'nulage_blankett' \
           and a.action in ('nulagesanalys.read', 'nulagesanalys.answer', 'nulagesanalys.sign')",
    )
    .await;
    assert_eq!(
        n, 4,
        "the two reads (the page, and again before the answer), the answer and the \
         signature name the form by id: {n}"
    );
    let exports: i64 = scalar(
        &app,
        "select count(*) from audit_event where forbund_id = $1 and action = 'nulagesanalys.export' \
         and object_type = 'nulage_omgang'",
    )
    .await;
    assert_eq!(exports, 2);
}
