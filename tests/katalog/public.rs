//! `/k/{slug}` without login: only public, active entries, never a named contact person.

use super::*;

#[tokio::test]
async fn the_public_page_shows_only_public_active_entries_and_no_named_person() {
    let app = TestApp::demo().await;
    let mut admin = as_user(&app, "forbund@demo.lotsen.example").await;
    let mut form = valid("PERSON-1", "Insats med namngiven kontakt");
    form.retain(|(k, _)| *k != "kontakt_epost" && *k != "kontakt_funktion");
    form.extend([
        ("kontakt_epost", "lisa.berg@stenback.example"),
        ("kontakt_funktion", "Lisa Berg"),
        ("kontakt_telefon", "0123-11 22 33"),
        ("kontakt_person", "ja"),
        ("publik", "ja"),
    ]);
    admin
        .post("/katalog/hantera/ny", &form)
        .await
        .assert_redirect_to("/katalog/hantera?klart=skapad");
    // Inside Lotsen the chosen person is shown.
    assert!(
        admin
            .get("/katalog")
            .await
            .body
            .contains("lisa.berg@stenback.example")
    );

    let mut anon = app.other_browser();
    let r = anon.get("/k/fjardlunda").await;
    r.assert_ok();
    assert!(
        r.body
            .contains("Insatser – Samordningsförbundet Fjärdlunda")
    );
    assert!(r.body.contains("Unga-lotsen"), "public and active");
    assert!(
        r.body.contains("unga@fjardlunda-finsam.example"),
        "a function's contact"
    );
    assert!(!r.body.contains("Stödperson i kontakten"), "not public");
    assert!(
        !r.body.contains("Tidig samverkan vid sjukskrivning"),
        "avslutad"
    );
    assert!(!r.body.contains("Hälsoskola Skärvik"), "avslutad");
    assert!(r.body.contains("Insats med namngiven kontakt"));
    for personal in ["lisa.berg", "Lisa Berg", "0123-11 22 33"] {
        assert!(!r.body.contains(personal), "{personal} is never public");
    }
    assert!(!r.body.contains("Logga ut"));
    assert!(anon.session_cookie().is_none(), "no session for a visitor");

    let public: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from katalog where forbund_id = $1 and publik and status = 'aktiv'",
        )
        .await;
    assert_eq!(
        r.body.matches("<section class=\"panel\"").count() as i64,
        public
    );

    let r = anon.get("/k/kustbygd").await;
    r.assert_ok();
    assert!(r.body.contains("inte publicerat några insatser"));
    assert_eq!(anon.get("/k/okand").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_app_role_reads_no_catalogue_row_without_a_tenant() {
    let app = TestApp::demo().await;
    let mut tx = app.t.db.begin_as(None, None, false).await.unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from katalog")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(n, 0, "RLS hides every row");
    let rows: Vec<(String,)> =
        sqlx::query_as("select kontakt_epost from katalog_publik('fjardlunda')")
            .fetch_all(&mut *tx)
            .await
            .unwrap();
    assert!(!rows.is_empty(), "the function returns the public entries");
    tx.commit().await.unwrap();
}
