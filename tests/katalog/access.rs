//! Every demo role over every catalogue route.

use super::*;

#[tokio::test]
async fn every_role_reads_the_catalogue_and_only_staff_and_coordinators_manage_it() {
    let app = TestApp::demo().await;
    let entry = entry_id(&app, "fjardlunda", "UNGA-LOTS").await;
    let read_pages = ["/katalog".to_string(), format!("/katalog/{entry}")];
    let manage_pages = [
        "/katalog/hantera".to_string(),
        "/katalog/hantera/ny".to_string(),
        format!("/katalog/hantera/{entry}"),
        "/katalog/hantera/export.csv".to_string(),
    ];
    for login in DEMO_TENANT_LOGINS {
        let mut b = as_user(&app, login).await;
        let own = slug_of(login) == "fjardlunda";
        let manager = matches!(
            *login,
            "forbund@demo.lotsen.example"
                | "koordinator@demo.lotsen.example"
                | "kustbygd@demo.lotsen.example"
        );
        let r = b.get("/katalog").await;
        assert_eq!(r.status, StatusCode::OK, "{login} /katalog");
        assert!(
            r.body.contains("href=\"/katalog\""),
            "{login} sees the nav entry"
        );
        assert!(r.body.contains("Insatskatalog"));
        assert_eq!(
            r.body.contains("Unga-lotsen"),
            own,
            "{login} sees only their förbund's entries"
        );
        // Another förbund's entry is 404, never 403.
        let r = b.get(&read_pages[1]).await;
        let want = if own {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status, want, "{login} {}", read_pages[1]);
        for page in &manage_pages {
            let r = b.get(page).await;
            let other_forbunds = page.contains(&entry.to_string()) && !own;
            let want = if manager && !other_forbunds {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(r.status, want, "{login} GET {page}");
        }
        if !manager {
            let r = b
                .post("/katalog/hantera/ny", &valid("OBH", "Obehörig"))
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST create");
            let r = b
                .post(
                    &format!("/katalog/hantera/{entry}"),
                    &valid("OBH", "Obehörig"),
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST update");
            let r = b
                .post_multipart(
                    "/katalog/hantera/import",
                    &[],
                    Some(("fil", "k.csv", b"kod;namn\nOBH;Obehorig\n")),
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST import");
        }
    }
    // kustbygd's administrator cannot change Fjärdlunda's entry either.
    let mut kb = as_user(&app, "kustbygd@demo.lotsen.example").await;
    let r = kb
        .post(
            &format!("/katalog/hantera/{entry}"),
            &valid("UNGA-LOTS", "Kapad"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let n: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from katalog where forbund_id = $1 and namn in ('Obehörig', 'Kapad')",
        )
        .await;
    assert_eq!(n, 0);
    let n: i64 = app
        .scalar_in(
            "kustbygd",
            "select count(*) from katalog where forbund_id = $1",
        )
        .await;
    assert_eq!(n, 0, "nothing written in kustbygd");
}

#[tokio::test]
async fn a_handlaggare_reads_the_catalogue_but_not_its_management() {
    let app = TestApp::demo().await;
    let mut fk = as_user(&app, "fk@demo.lotsen.example").await;
    fk.get("/katalog").await.assert_ok();
    let r = fk.get("/katalog/hantera").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!fk.get("/katalog").await.body.contains("/katalog/hantera"));
}

#[tokio::test]
async fn without_login_only_the_public_page_answers() {
    let app = TestApp::demo().await;
    let mut anon = app.other_browser();
    for page in [
        "/katalog",
        "/katalog/hantera",
        "/katalog/hantera/export.csv",
    ] {
        let r = anon.get(page).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{page}");
    }
    anon.get("/k/fjardlunda").await.assert_ok();
    assert_eq!(
        anon.get("/k/finns-inte").await.status,
        StatusCode::NOT_FOUND
    );
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(sys.get("/katalog").await.status, StatusCode::NOT_FOUND);
    assert!(!sys.get("/").await.body.contains("href=\"/katalog\""));
}

#[tokio::test]
async fn unknown_or_malformed_ids_answer_404() {
    let app = TestApp::demo().await;
    let mut b = as_user(&app, "koordinator@demo.lotsen.example").await;
    for page in [
        "/katalog/inte-ett-id".to_string(),
        format!("/katalog/{}", Uuid::now_v7()),
        format!("/katalog/hantera/{}", Uuid::now_v7()),
    ] {
        assert_eq!(b.get(&page).await.status, StatusCode::NOT_FOUND, "{page}");
    }
}
