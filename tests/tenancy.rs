//! Tenant isolation through the web: an administrator of one förbund gets 404 for every object
//! of another förbund, on every read and write route, and sees none of them in lists.

use crate::support::TestApp;
use axum::http::StatusCode;
use uuid::Uuid;

async fn ids(app: &TestApp, sql: &str) -> Vec<Uuid> {
    let id = app.forbund_id("fjardlunda").await;
    let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
    let v = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    v
}

#[tokio::test]
async fn a_kustbygd_admin_gets_404_for_every_fjardlunda_object() {
    let mut app = TestApp::demo().await;
    let orgs = ids(
        &app,
        "select organisation_id from organisation where forbund_id = $1",
    )
    .await;
    let units: Vec<(Uuid, Uuid)> = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let v = sqlx::query_as("select organisation_id, enhet_id from enhet where forbund_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        v
    };
    let groups = ids(
        &app,
        "select lokus_id from lokus_grupp where forbund_id = $1",
    )
    .await;
    let users = ids(
        &app,
        "select m.user_id from membership m join app_user u using (user_id) \
         where m.forbund_id = $1 and u.epost <> 'region@demo.lotsen.example'",
    )
    .await;
    assert!(!orgs.is_empty() && !units.is_empty() && !groups.is_empty() && !users.is_empty());

    app.login("kustbygd@demo.lotsen.example").await;
    let mut gets = Vec::new();
    let mut posts: Vec<(String, Vec<(&str, &str)>)> = Vec::new();
    for o in &orgs {
        gets.push(format!("/admin/organisationer/{o}"));
        posts.push((
            format!("/admin/organisationer/{o}"),
            vec![("part", "fk"), ("namn", "Kapad")],
        ));
        posts.push((
            format!("/admin/organisationer/{o}/enheter"),
            vec![("enhet_namn", "Kapad")],
        ));
    }
    for (o, e) in &units {
        gets.push(format!("/admin/organisationer/{o}/enheter/{e}"));
        posts.push((
            format!("/admin/organisationer/{o}/enheter/{e}"),
            vec![("enhet_namn", "Kapad")],
        ));
    }
    for g in &groups {
        gets.push(format!("/admin/lokus/{g}"));
        posts.push((
            format!("/admin/lokus/{g}"),
            vec![("namn", "Kapad"), ("kommun", "9906")],
        ));
    }
    for u in &users {
        gets.push(format!("/admin/anvandare/{u}"));
        posts.push((
            format!("/admin/anvandare/{u}"),
            vec![("namn", "Kapad"), ("arbetsplats", "")],
        ));
        posts.push((
            format!("/admin/anvandare/{u}/roller"),
            vec![("roll", "forbund_admin")],
        ));
        posts.push((
            format!("/admin/anvandare/{u}/aktiv"),
            vec![("aktiv", "nej")],
        ));
        posts.push((format!("/admin/anvandare/{u}/losenord"), vec![]));
    }
    for path in &gets {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "GET {path}");
        assert!(r.text().contains("Sidan finns inte"), "GET {path}");
    }
    for (path, form) in &posts {
        let r = app.post(path, form).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {path}");
    }
    let changed: i64 = app
        .scalar_in(
            "fjardlunda",
            "select (select count(*) from organisation where forbund_id = $1 and namn = 'Kapad') \
                  + (select count(*) from enhet where forbund_id = $1 and namn = 'Kapad') \
                  + (select count(*) from lokus_grupp where forbund_id = $1 and namn = 'Kapad') \
                  + (select count(*) from membership where forbund_id = $1 and not aktiv)",
        )
        .await;
    assert_eq!(changed, 0, "nothing in fjardlunda changed");
}

#[tokio::test]
async fn lists_show_only_the_own_forbunds_objects() {
    let mut app = TestApp::demo().await;
    app.login("kustbygd@demo.lotsen.example").await;
    let orgs = app.get("/admin/organisationer").await.text();
    assert!(orgs.contains("Kustby kommun"));
    assert!(!orgs.contains("Stenbäcks kommun"), "{orgs}");
    assert!(!orgs.contains("Fjärdlunda folkhögskola"));
    let groups = app.get("/admin/lokus").await.text();
    assert!(groups.contains("Kustby"));
    assert!(!groups.contains("Stenbäck–Lövsjö"));
    assert!(!groups.contains("FJL"));
    let users = app.get("/admin/anvandare").await.text();
    assert!(users.contains("Hanna Strand"));
    assert!(
        users.contains("Per Lindqvist"),
        "the shared region person is in both"
    );
    assert!(!users.contains("Maria Fjällström"));
    assert!(!users.contains("Karin Berg"));
    let log = app.get("/admin/logg").await.text();
    assert!(!log.contains("Maria Fjällström"));
}

#[tokio::test]
async fn a_shared_persons_name_and_password_cannot_be_changed_from_one_forbund() {
    let mut app = TestApp::demo().await;
    app.login("kustbygd@demo.lotsen.example").await;
    let per: Uuid = app.user_id("kustbygd", "region@demo.lotsen.example").await;
    let r = app
        .post(&format!("/admin/anvandare/{per}/losenord"), &[])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Kontot hör till personen själv"));
    let r = app
        .post(
            &format!("/admin/anvandare/{per}"),
            &[("namn", "Nytt Namn"), ("arbetsplats", "")],
        )
        .await;
    // The workplace is saved; the name field of an account the förbund does not manage is
    // not read at all.
    r.assert_redirect_to(&format!("/admin/anvandare/{per}?klart=sparat"));
    let namn: String = app
        .scalar_in(
            "kustbygd",
            "select u.namn::text from app_user u join membership m using (user_id) \
             where m.forbund_id = $1 and u.epost = 'region@demo.lotsen.example'",
        )
        .await;
    assert_ne!(namn, "Nytt Namn");
    let mut per_browser = app.other_browser();
    per_browser.login("region@demo.lotsen.example").await;
}
