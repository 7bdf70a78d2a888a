//! Identified ärenden: consent first, then name and personnummer (validated), readable only by
//! the LOKUS group's coordinators (proven at the database level), and withdrawal that deletes
//! the identity but keeps the de-identified ärende.

use crate::support::TestApp;
use axum::http::StatusCode;
use uuid::Uuid;

async fn new_arende(app: &mut TestApp) -> Uuid {
    let stl: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL'",
        )
        .await;
    let unit: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select enhet_id from enhet where forbund_id = $1 and namn = 'Sjukpenning'",
        )
        .await;
    let form = [
        ("formular_id", Uuid::now_v7().to_string()),
        ("lokus", stl.to_string()),
        ("inkom", "2026-03-02".to_string()),
        ("avsandare", format!("enhet:{unit}")),
        ("kon", "kvinna".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post("/arenden/ny", &pairs).await.redirect_id()
}

/// How many identity rows the app role sees for the ärende, as the given person.
async fn visible_identities(app: &TestApp, email: &str, id: Uuid) -> i64 {
    let forbund = app.forbund_id("fjardlunda").await;
    let user = app.user_id("fjardlunda", email).await;
    let mut tx = app
        .t
        .db
        .begin_as(Some(forbund), Some(user), false)
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from arende_identitet where arende_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    n
}

#[tokio::test]
async fn an_identity_needs_consent_first() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = new_arende(&mut app).await;
    let page = app.get(&format!("/arenden/{id}")).await;
    assert!(page.text().contains("Ärendet är avidentifierat"));
    assert!(
        !page.body.contains("name=\"identitet_personnummer\""),
        "no identity fields before consent"
    );
    let r = app
        .post(
            &format!("/arenden/{id}/identitet"),
            &[
                ("identitet_namn", "Anna Andersson"),
                ("identitet_personnummer", "850709-9805"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Registrera samtycket innan"));
    let n: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from arende_identitet where forbund_id = $1",
        )
        .await;
    assert_eq!(n, 0);
}

#[tokio::test]
async fn consent_then_identity_then_withdrawal() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = new_arende(&mut app).await;
    let base = format!("/arenden/{id}");

    let bad = app
        .post(
            &format!("{base}/samtycke"),
            &[("samtycke_datum", "2099-01-01")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Datumet kan inte ligga i framtiden.",
        "Välj om samtycket är skriftligt eller muntligt.",
        "Välj vilka parter samtycket gäller.",
        "Beskriv vad samtycket omfattar",
    ] {
        assert!(bad.text().contains(msg), "{msg}");
    }
    app.post(
        &format!("{base}/samtycke"),
        &[
            ("samtycke_datum", "2026-03-05"),
            ("samtycke_form", "skriftligt"),
            ("samtycke_part", "fk"),
            ("samtycke_part", "kommun"),
            ("omfattning", "Tilläggsresurs och uppföljning i 12 månader"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let page = app.get(&base).await;
    assert!(
        page.text()
            .contains("Samtycke registrerat (skriftligt samtycke)")
    );
    assert!(page.text().contains("Försäkringskassan, Kommun"));
    assert!(
        page.body.contains("name=\"identitet_personnummer\""),
        "identity fields appear"
    );

    let wrong = app
        .post(
            &format!("{base}/identitet"),
            &[
                ("identitet_namn", "Anna Andersson"),
                ("identitet_personnummer", "850709-9806"),
            ],
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .text()
            .contains("Personnumret har fel kontrollsiffra.")
    );
    let no_date = app
        .post(
            &format!("{base}/identitet"),
            &[
                ("identitet_namn", "Anna Andersson"),
                ("identitet_personnummer", "851309-9805"),
            ],
        )
        .await;
    assert!(no_date.text().contains("datum som inte finns"));
    app.post(
        &format!("{base}/identitet"),
        &[
            ("identitet_namn", "Anna Andersson"),
            ("identitet_personnummer", "8507099805"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));
    let page = app.get(&base).await.text();
    assert!(page.contains("Anna Andersson"));
    assert!(page.contains("19850709-9805"), "stored in the long form");
    let identified: bool = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select identifierad from arende where forbund_id = $1 and arende_id = '{id}'"
            ),
        )
        .await;
    assert!(identified);

    // Only the group's coordinators see the identity, even through the app role directly.
    assert_eq!(
        visible_identities(&app, "koordinator@demo.lotsen.example", id).await,
        1
    );
    assert_eq!(
        visible_identities(&app, "forbund@demo.lotsen.example", id).await,
        0
    );
    assert_eq!(
        visible_identities(&app, "ordforande@demo.lotsen.example", id).await,
        0
    );

    // Samordningsnummer work too.
    app.post(
        &format!("{base}/identitet"),
        &[
            ("identitet_namn", "Anna Andersson"),
            ("identitet_personnummer", "701063-2391"),
        ],
    )
    .await
    .assert_redirect_to(&format!("{base}?klart=sparat"));

    app.post(&format!("{base}/samtycke/aterkalla"), &[])
        .await
        .assert_redirect_to(&format!("{base}?klart=sparat"));
    let page = app.get(&base).await.text();
    assert!(!page.contains("Anna Andersson"));
    assert!(page.contains("Samtycke återkallat"));
    assert!(page.contains("Ärendet är avidentifierat"));
    let mut owner = sqlx::ConnectOptions::connect(&app.t.target.options)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("select count(*) from arende_identitet")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(left, 0, "the identity is deleted, not hidden");
    let kept: i64 = sqlx::query_scalar("select count(*) from arende where arende_id = $1")
        .bind(id)
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(kept, 1, "the de-identified ärende stays");
    let again = app.post(&format!("{base}/samtycke/aterkalla"), &[]).await;
    assert!(
        again
            .text()
            .contains("Ärendet har inget samtycke att återkalla.")
    );
    let audit = app.audit_actions("fjardlunda").await;
    for a in [
        "arende.consent",
        "arende.identity",
        "arende.consent_withdrawn",
    ] {
        assert!(audit.contains(&a.to_string()), "{a}");
    }
}

#[tokio::test]
async fn other_roles_cannot_record_consent_or_identity() {
    let mut app = TestApp::demo().await;
    app.login("koordinator@demo.lotsen.example").await;
    let id = new_arende(&mut app).await;
    for login in [
        "forbund@demo.lotsen.example",
        "ordforande@demo.lotsen.example",
        "fk@demo.lotsen.example",
    ] {
        let mut b = app.other_browser();
        b.login(login).await;
        for (path, form) in [
            (
                format!("/arenden/{id}/samtycke"),
                vec![("samtycke_form", "muntligt")],
            ),
            (
                format!("/arenden/{id}/identitet"),
                vec![("identitet_namn", "X")],
            ),
            (format!("/arenden/{id}/samtycke/aterkalla"), vec![]),
        ] {
            assert_eq!(
                b.post(&path, &form).await.status,
                StatusCode::NOT_FOUND,
                "{login} {path}"
            );
        }
    }
}
