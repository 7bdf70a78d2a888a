//! Who reaches the administration, the audit log and the system pages.

use super::*;

const ADMIN_PAGES: &[&str] = &[
    "/admin",
    "/admin/forbund",
    "/admin/organisationer",
    "/admin/lokus",
    "/admin/lokus/ny",
    "/admin/anvandare",
    "/admin/anvandare/ny",
];

#[tokio::test]
async fn only_forbund_admins_reach_the_admin_pages() {
    let app = TestApp::demo().await;
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        let slug = if login.starts_with("kustbygd") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        b.login_in(login, slug).await;
        let is_admin = matches!(
            *login,
            "forbund@demo.lotsen.example" | "kustbygd@demo.lotsen.example"
        );
        for page in ADMIN_PAGES {
            let r = b.get(page).await;
            let want = if is_admin {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(r.status, want, "{login} GET {page}");
        }
        let posts: [(&str, &[(&str, &str)]); 4] = [
            (
                "/admin/organisationer",
                &[("part", "fk"), ("namn", "Obehörig")],
            ),
            (
                "/admin/lokus",
                &[("kod", "OBH"), ("namn", "Obehörig"), ("kommun", "0114")],
            ),
            (
                "/admin/anvandare",
                &[("namn", "Obehörig"), ("epost", "obehorig@exempel.se")],
            ),
            (
                "/admin/forbund",
                &[
                    ("namn", "Obehörig"),
                    ("undertryck_grans", "5"),
                    ("session_idle_minuter", "30"),
                ],
            ),
        ];
        if !is_admin {
            for (path, form) in posts {
                let r = b.post(path, form).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{login} POST {path}");
            }
        }
        let nav = b.get("/").await.body;
        assert_eq!(
            nav.contains("href=\"/admin\""),
            is_admin,
            "{login} sees the admin link"
        );
    }
    let created: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from organisation where forbund_id = $1 and namn = 'Obehörig'",
        )
        .await;
    assert_eq!(created, 0);
}

#[tokio::test]
async fn the_audit_log_is_for_admins_and_the_data_protection_officer() {
    let app = TestApp::demo().await;
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        let slug = if login.starts_with("kustbygd") {
            "kustbygd"
        } else {
            "fjardlunda"
        };
        b.login_in(login, slug).await;
        let allowed = matches!(
            *login,
            "forbund@demo.lotsen.example" | "kustbygd@demo.lotsen.example"
        );
        let r = b.get("/admin/logg").await;
        assert_eq!(r.status == StatusCode::OK, allowed, "{login}: {}", r.status);
    }
    let mut admin = app.other_browser();
    admin.login("forbund@demo.lotsen.example").await;
    let me: Uuid = admin
        .user_id("fjardlunda", "forbund@demo.lotsen.example")
        .await;
    // A person holding only the dataskyddsombud role reads the log too.
    admin
        .post(
            &format!("/admin/anvandare/{me}/roller"),
            &[("roll", "forbund_admin")],
        )
        .await
        .assert_redirect_to(&format!("/admin/anvandare/{me}?klart=roller"));
    let kb: Uuid = admin
        .user_id("fjardlunda", "kommun@demo.lotsen.example")
        .await;
    admin
        .post(
            &format!("/admin/anvandare/{kb}/roller"),
            &[("roll", "dataskyddsombud")],
        )
        .await
        .assert_redirect_to(&format!("/admin/anvandare/{kb}?klart=roller"));
    let mut dpo = app.other_browser();
    dpo.login("kommun@demo.lotsen.example").await;
    dpo.get("/admin/logg").await.assert_ok();
    dpo.get("/admin").await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_system_administrator_manages_forbund_and_sees_no_tenant_data() {
    let app = TestApp::demo().await;
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    let page = sys.get("/system/forbund").await;
    page.assert_ok();
    assert!(page.text().contains("Finsam Kustbygd"));
    for path in ADMIN_PAGES.iter().chain(["/admin/logg"].iter()) {
        assert_eq!(sys.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for login in DEMO_TENANT_LOGINS {
        let mut b = app.other_browser();
        b.login_in(login, "fjardlunda").await;
        assert_eq!(
            b.get("/system/forbund").await.status,
            StatusCode::NOT_FOUND,
            "{login}"
        );
    }
}
