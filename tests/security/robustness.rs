//! Findings 5–12: malformed input never reaches PostgreSQL as a 500, error pages are readable,
//! double submits create one ärende, the client never chooses a primary key, personnummer are
//! caught however they are typed, uploads cannot pile up, the pool cannot become superuser, and
//! the smaller hardening items (content types, session lifetime, HSTS, database outages).

use crate::arenden::intake;
use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use lotsen_core::auth::session::SessionLimits;
use lotsen_web::WebConfig;
use sqlx::Connection;

async fn arende_count(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from arende where forbund_id = $1",
    )
    .await
}

#[tokio::test]
async fn control_characters_get_a_message_or_a_400_never_a_500() {
    let mut app = TestApp::demo().await;
    // Before login: the e-mail field.
    let r = app.login_with("a\u{0}b@exempel.se", "lösenord").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("otillåtna tecken"), "{}", r.text());
    // Query parameters: the 400 page.
    app.login("koordinator@demo.lotsen.example").await;
    for q in [
        "/arenden?sok=%00",
        "/arenden?sok=a%1Bb",
        "/statistik/nulagesanalys?lokus=%00",
    ] {
        let r = app.get(q).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        assert!(r.text().contains("Felaktig begäran"));
    }
    // A text field: the message beside the field, nothing written.
    let before = arende_count(&app).await;
    let form = intake(&app, "STL", &[("beskrivning", "Ringde om\u{0} stöd")]).await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.post("/arenden/ny", &pairs).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"f-beskrivning-fel\""),
        "beside the field"
    );
    assert!(r.text().contains("styrtecken"));
    // Tabs and line breaks are fine in multi-line text.
    let form = intake(&app, "STL", &[("beskrivning", "Rad ett\r\n\tRad två")]).await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/arenden/ny", &pairs)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(arende_count(&app).await, before + 1);
}

#[tokio::test]
async fn a_400_page_is_never_sent_with_a_content_encoding_it_lacks() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    for encoding in ["br", "gzip", "br, gzip, deflate"] {
        let r = app
            .send(
                Request::get("/arenden?sida=%FF%00")
                    .header(header::ACCEPT_ENCODING, encoding)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        r.assert_status(StatusCode::BAD_REQUEST);
        assert!(
            r.headers.get(header::CONTENT_ENCODING).is_none(),
            "{encoding}"
        );
        assert!(r.text().contains("Felaktig begäran"), "a readable page");
    }
}

#[tokio::test]
async fn bodies_that_are_not_forms_are_refused() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let before: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from organisation where forbund_id = $1",
        )
        .await;
    let token = app.csrf_token().await;
    for ct in ["text/plain", "application/json", "application/xml"] {
        let r = app
            .send(
                Request::post("/admin/organisationer")
                    .header(header::CONTENT_TYPE, ct)
                    .header("sec-fetch-site", "same-origin")
                    .body(Body::from(format!("part=fk&namn=Ny&_csrf={token}")))
                    .unwrap(),
            )
            .await;
        r.assert_status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    // The token is read from the body only, never from the address.
    let r = app
        .send(
            Request::post(format!("/admin/organisationer?_csrf={token}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .body(Body::from("part=fk&namn=Ny"))
                .unwrap(),
        )
        .await;
    r.assert_status(StatusCode::FORBIDDEN);
    let after: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from organisation where forbund_id = $1",
        )
        .await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn two_identical_submits_at_once_create_one_arende() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let before = arende_count(&app).await;
    let form = intake(&app, "STL", &[]).await;
    let token = app.csrf_token().await;
    let mut pairs: Vec<(String, String)> = form.clone();
    pairs.push(("_csrf".into(), token));
    let body = serde_urlencoded::to_string(&pairs).unwrap();
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let mut browser = app.same_session();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            browser
                .send(
                    Request::post("/arenden/ny")
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header("sec-fetch-site", "same-origin")
                        .body(Body::from(body))
                        .unwrap(),
                )
                .await
        }));
    }
    let mut locations = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        locations.push(r.location().split('?').next().unwrap_or("").to_string());
    }
    locations.dedup();
    assert_eq!(
        locations.len(),
        1,
        "all answers lead to the same ärende: {locations:?}"
    );
    assert_eq!(arende_count(&app).await, before + 1);
}

#[tokio::test]
async fn the_server_makes_the_arende_id_and_the_form_id_reveals_nothing() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let nil = "00000000-0000-0000-0000-000000000000";
    let form = intake(&app, "STL", &[("formular_id", nil)]).await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.post("/arenden/ny", &pairs).await;
    let id = r.redirect_id();
    assert_ne!(id.to_string(), nil, "the form id is not the ärende's id");
    // Another coordinator (Kustbygd) using the same form id gets their own ärende, and no hint
    // that the id was used elsewhere.
    let mut other = app.other_browser();
    other.client = "198.51.100.50:1".parse().unwrap();
    other.login("kustbygd@demo.lotsen.example").await;
    let kst: uuid::Uuid = app
        .scalar_in(
            "kustbygd",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'KST'",
        )
        .await;
    let page = other.get("/arenden/ny").await;
    let avsandare = page
        .body
        .split("name=\"avsandare\"")
        .nth(1)
        .and_then(|s| s.split("value=\"").nth(2))
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
        .to_string();
    let kst = kst.to_string();
    let r = other
        .post(
            "/arenden/ny",
            &[
                ("formular_id", nil),
                ("lokus", kst.as_str()),
                ("inkom", "2026-03-02"),
                ("kanal", "telefon"),
                ("avsandare", avsandare.as_str()),
                ("kon", "okant"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(!r.location().contains("fanns"), "{}", r.location());
    assert_ne!(r.redirect_id(), id);
}

#[tokio::test]
async fn personnummer_are_caught_however_they_are_typed() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let before = arende_count(&app).await;
    let variants = [
        "19121212-1212",
        "121212\u{2013}1212",
        "121212\u{2212}1212",
        "121212\u{a0}1212",
        "121212-\u{200b}1212",
        "\u{ff11}\u{ff12}\u{ff11}\u{ff12}\u{ff11}\u{ff12}-\u{ff11}\u{ff12}\u{ff11}\u{ff12}",
        "12 12 12-1212",
        "12.12.12-1212",
        "121212/1212",
        "121212\u{2010}1212",
    ];
    for v in variants {
        let text = format!("Klienten {v} ringde");
        let form = intake(&app, "STL", &[("beskrivning", text.as_str())]).await;
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = app.post("/arenden/ny", &pairs).await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("personnummer"), "{v}");
    }
    assert_eq!(arende_count(&app).await, before);
    // Names of organisations and units appear in exports: refused there too.
    let mut admin = app.other_browser();
    admin.client = "198.51.100.60:1".parse().unwrap();
    admin.login("forbund@demo.lotsen.example").await;
    let r = admin
        .post(
            "/admin/organisationer",
            &[("part", "annan"), ("namn", "Stöd 12.12.12-1212")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("personnummer"));
}

#[tokio::test]
async fn the_pool_is_no_superuser_and_cannot_become_one() {
    let app = TestApp::demo().await;
    let mut conn = app.t.db.pool().acquire().await.unwrap();
    let (user, session_user): (String, String) =
        sqlx::query_as("select current_user::text, session_user::text")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(
        (user.as_str(), session_user.as_str()),
        ("lotsen_app", "lotsen_app")
    );
    let (sup, bypass): (bool, bool) =
        sqlx::query_as("select rolsuper, rolbypassrls from pg_roles where rolname = session_user")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert!(!sup && !bypass);
    sqlx::query("reset role").execute(&mut *conn).await.unwrap();
    let after: String = sqlx::query_scalar("select current_user::text")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(after, "lotsen_app", "reset role reaches nothing more");
    assert!(
        sqlx::query("set role lotsen")
            .execute(&mut *conn)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("select * from pg_authid")
            .execute(&mut *conn)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_new_upload_replaces_the_persons_staged_file() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let stl = app
        .scalar_in::<uuid::Uuid>(
            "fjardlunda",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL'",
        )
        .await
        .to_string();
    let file = "inkom;part\n2025-03-01;fk\n";
    for _ in 0..3 {
        let r = app
            .post_multipart(
                "/arenden/import",
                &[("lokus", &stl)],
                Some(("fil", "a.csv", file.as_bytes())),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let mut owner = sqlx::PgConnection::connect(&app.database_url())
        .await
        .unwrap();
    let staged: i64 = sqlx::query_scalar("select count(*) from import_fil")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(staged, 1, "one staged file per person");
    // Expired files are purged by the server's clean-up.
    sqlx::query("update import_fil set expires_at = now() - interval '1 minute'")
        .execute(&mut owner)
        .await
        .unwrap();
    lotsen_core::auth::session::purge_expired(&app.t.db)
        .await
        .unwrap();
    let staged: i64 = sqlx::query_scalar("select count(*) from import_fil")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(staged, 0);
}

#[tokio::test]
async fn sessions_end_after_their_absolute_lifetime() {
    let config = WebConfig {
        session: SessionLimits {
            default_idle_minutes: 30,
            max_minutes: 60,
        },
        ..WebConfig::default()
    };
    let mut app = TestApp::demo_with(config).await;
    app.login("koordinator@demo.lotsen.example").await;
    app.get("/arenden").await.assert_ok();
    let mut owner = sqlx::PgConnection::connect(&app.database_url())
        .await
        .unwrap();
    sqlx::query("update session set created_at = now() - interval '61 minutes'")
        .execute(&mut owner)
        .await
        .unwrap();
    let r = app.get("/arenden").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/logga-in"));
}

#[tokio::test]
async fn hsts_is_sent_when_cookies_are_secure() {
    let mut plain = TestApp::demo().await;
    assert!(
        plain
            .get("/logga-in")
            .await
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    let mut secure = TestApp::demo_with(WebConfig {
        cookie_secure: true,
        ..WebConfig::default()
    })
    .await;
    let r = secure.get("/logga-in").await;
    let hsts = r.headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap();
    assert!(hsts.to_str().unwrap().contains("max-age="));
}

#[tokio::test]
async fn a_database_outage_answers_503_with_retry_after() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    app.t.db.close().await;
    for path in ["/arenden", "/logga-in", "/"] {
        let r = app.get(path).await;
        if path == "/logga-in" && r.status == StatusCode::OK {
            continue;
        }
        r.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        assert!(r.headers.get(header::RETRY_AFTER).is_some());
        assert!(r.text().contains("Lotsen kan inte nå databasen just nu"));
    }
    let r = app
        .login_with("fk@demo.lotsen.example", "vad som helst")
        .await;
    r.assert_status(StatusCode::SERVICE_UNAVAILABLE);
}
