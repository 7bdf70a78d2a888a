//! Cross-site requests, CSRF tokens and the security headers on every kind of response.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

async fn org_count(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from organisation where forbund_id = $1",
    )
    .await
}

fn form_post(path: &str) -> axum::http::request::Builder {
    Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

#[tokio::test]
async fn a_cross_site_post_is_rejected_and_writes_nothing() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    app.get("/admin/organisationer").await;
    let before = org_count(&app).await;
    let token = app
        .get("/admin/organisationer")
        .await
        .body
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let body = format!("part=fk&namn=Evil&_csrf={token}");

    // A browser says where the request came from.
    let req = form_post("/admin/organisationer")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(body.clone()))
        .unwrap();
    let r = app.send(req).await;
    r.assert_status(StatusCode::FORBIDDEN);
    assert!(
        r.text().contains("Formuläret kunde inte skickas"),
        "{}",
        r.text()
    );

    // An Origin of another site, even with the right token.
    let req = form_post("/admin/organisationer")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(body.clone()))
        .unwrap();
    app.send(req).await.assert_status(StatusCode::FORBIDDEN);

    // Same origin but no token (a forged form without our hidden field).
    let req = form_post("/admin/organisationer")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("part=fk&namn=Evil"))
        .unwrap();
    app.send(req).await.assert_status(StatusCode::FORBIDDEN);

    // A wrong token.
    let req = form_post("/admin/organisationer")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("part=fk&namn=Evil&_csrf=gissat"))
        .unwrap();
    app.send(req).await.assert_status(StatusCode::FORBIDDEN);

    assert_eq!(org_count(&app).await, before, "nothing was written");

    // The same post from our own page works.
    app.post("/admin/organisationer", &[("part", "fk"), ("namn", "Rätt")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(org_count(&app).await, before + 1);
}

#[tokio::test]
async fn a_cross_site_login_post_is_rejected() {
    let mut app = TestApp::demo().await;
    let req = form_post("/logga-in")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(
            "epost=forbund%40demo.lotsen.example&losenord=demo-lotsen-2026",
        ))
        .unwrap();
    app.send(req).await.assert_status(StatusCode::FORBIDDEN);
    assert!(app.session_cookie().is_none());
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let mut app = TestApp::demo().await;
    let mut responses = vec![
        ("login page", app.get("/logga-in").await),
        ("redirect", app.get("/admin").await),
        ("404", app.get("/finns-inte").await),
        ("liveness", app.get("/halsa").await),
        ("readiness", app.get("/halsa/redo").await),
        ("stylesheet", app.get("/static/lotsen.css").await),
        ("failed login", app.login_with("x@y.se", "fel").await),
    ];
    app.login("forbund@demo.lotsen.example").await;
    responses.push(("admin page", app.get("/admin/anvandare").await));
    responses.push(("not allowed", app.get("/system/forbund").await));
    for (what, r) in &responses {
        let h = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let csp = h("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(h("referrer-policy"), "same-origin", "{what}");
        assert_eq!(h("x-frame-options"), "DENY", "{what}");
        assert!(!h("x-request-id").is_empty(), "{what}");
        assert!(!h("cache-control").is_empty(), "{what}");
    }
}

#[tokio::test]
async fn pages_are_not_cached_but_static_files_are() {
    let mut app = TestApp::demo().await;
    let page = app.get("/logga-in").await;
    assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
    let css = app.get("/static/lotsen.css").await;
    css.assert_ok();
    assert_eq!(
        css.headers.get("cache-control").unwrap(),
        "public, max-age=3600"
    );
    assert!(
        css.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let etag = css.headers.get("etag").unwrap().clone();
    let req = Request::get("/static/lotsen.css")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    app.send(req).await.assert_status(StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn static_files_are_compressed_when_the_browser_asks() {
    let mut app = TestApp::demo().await;
    let req = Request::get("/static/lotsen.css")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.headers.get("content-encoding").unwrap(), "gzip");
}

#[tokio::test]
async fn error_pages_are_friendly_swedish_and_carry_the_request_id() {
    let mut app = TestApp::demo().await;
    let r = app.get("/finns-inte").await;
    r.assert_status(StatusCode::NOT_FOUND);
    assert!(
        r.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let id = r.headers.get("x-request-id").unwrap().to_str().unwrap();
    assert!(r.text().contains("Sidan finns inte"));
    assert!(r.body.contains(id), "the page shows the request id");
    assert!(r.body.contains("lang=\"sv\""));
    let bad = app
        .send(
            Request::post("/logga-in")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    bad.assert_status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(bad.text().contains("Felaktig begäran"));
    let bad = app
        .send(
            Request::post("/logga-in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("epost=%FF%FE&losenord"))
                .unwrap(),
        )
        .await;
    assert!(bad.status.is_client_error(), "{}", bad.status);
    assert!(bad.text().contains("Logga in") || bad.text().contains("Felaktig begäran"));
}

#[tokio::test]
async fn health_endpoints_answer() {
    let mut app = TestApp::demo().await;
    app.get("/halsa").await.assert_ok();
    let ready = app.get("/halsa/redo").await;
    ready.assert_ok();
    assert_eq!(ready.body, "ok");
}

#[tokio::test]
async fn anonymous_visits_create_no_sessions() {
    let mut app = TestApp::demo().await;
    for path in ["/", "/logga-in", "/admin", "/halsa/redo", "/finns-inte"] {
        let r = app.get(path).await;
        assert!(r.headers.get("set-cookie").is_none(), "{path}");
    }
    let sessions: i64 = sqlx::query_scalar("select count(*) from session")
        .fetch_one(app.t.db.pool())
        .await
        .unwrap();
    assert_eq!(sessions, 0);
}
