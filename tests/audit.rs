//! The audit log: rows for logins and admin changes, holding ids and never personal data,
//! and the search page.

use crate::support::TestApp;
use axum::http::StatusCode;
use uuid::Uuid;

/// action, user, object type, object id, request id
type AuditRow = (
    String,
    Option<Uuid>,
    Option<String>,
    Option<Uuid>,
    Option<Uuid>,
);

#[tokio::test]
async fn logins_and_admin_changes_are_audited_with_ids_only() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    let created = app
        .post(
            "/admin/organisationer",
            &[("part", "annan"), ("namn", "Kyrkans stadsmission")],
        )
        .await;
    let org = created.redirect_id();
    let rows: Vec<AuditRow> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let v = sqlx::query_as(
            "select action, user_id, object_type, object_id, request_id from audit_event \
             where forbund_id = $1 order by audit_event_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        v
    };
    assert_eq!(rows[0].0, "login.success");
    assert!(rows[0].1.is_some());
    let create = rows
        .iter()
        .find(|r| r.0 == "organisation.create")
        .expect("create row");
    assert_eq!(create.2.as_deref(), Some("organisation"));
    assert_eq!(create.3, Some(org));
    assert!(create.4.is_some(), "request id recorded");
    // The table has no column that could hold a name, e-mail or free text.
    let columns: Vec<String> = sqlx::query_scalar(
        "select column_name::text from information_schema.columns where table_name = 'audit_event' order by 1",
    )
    .fetch_all(app.t.db.pool())
    .await
    .unwrap();
    assert_eq!(
        columns,
        [
            "action",
            "audit_event_id",
            "forbund_id",
            "object_id",
            "object_type",
            "occurred_at",
            "request_id",
            "urval",
            "user_id"
        ]
    );
    // `urval` (statistics: the selection) admits only its fixed structure of dates and codes.
    let refused = sqlx::query(
        "insert into audit_event (action, urval) values ('statistik.export', 'anna svensson')",
    )
    .execute(app.t.db.pool())
    .await;
    let err = refused.expect_err("free text in urval").to_string();
    assert!(err.contains("audit_event_urval_check"), "{err}");
}

#[tokio::test]
async fn the_log_page_searches_by_person_action_and_date() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let mut admin = app.other_browser();
    admin.login("forbund@demo.lotsen.example").await;
    let all = admin.get("/admin/logg").await;
    all.assert_ok();
    assert!(all.text().contains("Karin Berg"));
    assert!(all.text().contains("Inloggning"));

    let karin: uuid::Uuid = admin
        .user_id("fjardlunda", "koordinator@demo.lotsen.example")
        .await;
    let only = admin
        .get(&format!(
            "/admin/logg?anvandare={karin}&atgard=login.success"
        ))
        .await;
    let text = only.text();
    assert!(text.contains("1 händelser"), "{text}");
    assert!(!text.contains("Maria Fjällström Inloggning"), "{text}");

    let future = admin.get("/admin/logg?fran=2099-01-01").await;
    assert!(future.text().contains("0 händelser"));

    let bad = admin
        .get("/admin/logg?fran=1%20mars&till=2026-01-01&atgard=hack")
        .await;
    bad.assert_ok();
    assert!(bad.text().contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
    assert!(bad.text().contains("Välj en händelse i listan."));
    let reversed = admin
        .get("/admin/logg?fran=2026-02-01&till=2026-01-01")
        .await;
    assert!(
        reversed
            .text()
            .contains("Slutdatumet ligger före startdatumet.")
    );
    assert!(
        admin
            .audit_actions("fjardlunda")
            .await
            .contains(&"audit.read".to_string())
    );
}

#[tokio::test]
async fn the_log_pages_through_many_events() {
    let mut app = TestApp::demo().await;
    app.login("forbund@demo.lotsen.example").await;
    for i in 0..55 {
        app.post(
            "/admin/organisationer",
            &[("part", "annan"), ("namn", &format!("Förening {i}"))],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    }
    let first = app.get("/admin/logg").await;
    assert!(first.text().contains("sida 1 av 2"), "{}", first.text());
    assert!(first.body.contains("Nästa sida"));
    let second = app.get("/admin/logg?sida=2").await;
    assert!(second.body.contains("Föregående sida"));
}
