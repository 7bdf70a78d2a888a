//! The outbox and the sender against the SMTP sink.

use super::*;
use sqlx::Connection;
use std::time::Duration;

/// Whether `text` holds something shaped like an ärende number (`2026-STL-007`).
fn has_arende_number(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        let digits = |from: usize, n: usize| {
            b.get(from..from + n)
                .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
        };
        if !digits(i, 4) || b.get(i + 4) != Some(&b'-') {
            return false;
        }
        let letters = b[i + 5..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        (2..=5).contains(&letters)
            && b.get(i + 5 + letters) == Some(&b'-')
            && digits(i + 6 + letters, 3)
    })
}

#[test]
fn the_arende_number_shape_is_recognised() {
    assert!(has_arende_number("om 2026-STL-007 i"));
    assert!(!has_arende_number("2026-01-10 och 0195f3a1-7b2c"));
}

#[tokio::test]
async fn a_notice_arrives_with_the_fixed_subject_and_the_link_and_nothing_personal() {
    let app = TestApp::demo().await;
    let sink = SmtpSink::start();
    let (id, notice) = nytt_svar();
    queue(&app, FK, notice).await;
    assert_eq!(unsent(&app).await, 1);

    let report = sender(&sink).drain_once(&app.t.db).await.unwrap();
    assert_eq!((report.sent, report.failed), (1, 0));
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.to, vec![FK.to_string()]);
    assert_eq!(m.from, "lotsen@demo.lotsen.example");
    assert_eq!(m.subject(), "Du har ett nytt svar i Lotsen");
    // The address alone, without the person's name.
    assert_eq!(m.header("To").as_deref(), Some(FK));
    assert_eq!(
        m.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    let body = m.body();
    assert!(
        body.contains(&format!("{PUBLIC_URL}/forfragningar/{id}\n")),
        "{body}"
    );
    assert!(
        body.contains(&format!("{PUBLIC_URL}/konto/avisering\n")),
        "{body}"
    );
    let namn: String = app
        .scalar_in(
            "fjardlunda",
            "select u.namn::text from app_user u join membership m using (user_id) \
             where m.forbund_id = $1 and u.epost = 'fk@demo.lotsen.example'",
        )
        .await;
    let readable = m.readable();
    for secret in [
        namn.as_str(),
        "Sjöberg",
        "Fjärdlunda",
        "fjardlunda",
        "Försäkringskassan",
    ] {
        assert!(!readable.contains(secret), "{secret} in {readable}");
    }
    assert!(!has_arende_number(&readable), "{readable}");

    // Settled once: a second round sends nothing.
    assert_eq!(unsent(&app).await, 0);
    let again = sender(&sink).drain_once(&app.t.db).await.unwrap();
    assert_eq!((again.sent, again.failed), (0, 0));
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn each_kind_has_its_subject_and_the_coordinators_of_a_group_get_new_requests() {
    let app = TestApp::demo().await;
    let sink = SmtpSink::start();
    let forbund = app.forbund_id("fjardlunda").await;
    let lokus: Uuid = app
        .scalar_in(
            "fjardlunda",
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = 'STL'",
        )
        .await;
    let request = Uuid::now_v7();
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    avisering::queue_lokus_coordinators(
        &mut tx,
        forbund,
        lokus,
        Notice::NyForfragan {
            forfragan_id: request,
        },
    )
    .await
    .unwrap();
    let fk = app.user_id("fjardlunda", FK).await;
    avisering::queue(
        &mut tx,
        forbund,
        fk,
        Notice::NyStatus {
            forfragan_id: request,
        },
    )
    .await
    .unwrap();
    // The same notice again while the first waits: one mail.
    avisering::queue_many(
        &mut tx,
        forbund,
        &[fk, fk],
        Notice::NyStatus {
            forfragan_id: request,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let report = sender(&sink).drain_once(&app.t.db).await.unwrap();
    assert_eq!(report.failed, 0);
    let got = sink.messages();
    let to_coordinator: Vec<_> = got
        .iter()
        .filter(|m| m.to == ["koordinator@demo.lotsen.example"])
        .collect();
    assert_eq!(to_coordinator.len(), 1, "{got:#?}");
    assert_eq!(to_coordinator[0].subject(), "Ny förfrågan i Lotsen");
    let to_fk: Vec<_> = got.iter().filter(|m| m.to == [FK]).collect();
    assert_eq!(to_fk.len(), 1, "{got:#?}");
    assert_eq!(to_fk[0].subject(), "En förfrågan har ny status i Lotsen");
    assert!(
        to_fk[0]
            .body()
            .contains(&format!("/forfragningar/{request}"))
    );
    assert_eq!(report.sent, got.len());
}

#[tokio::test]
async fn a_person_who_turned_email_off_gets_nothing_also_for_notices_queued_before() {
    let mut app = TestApp::demo().await;
    let sink = SmtpSink::start();
    let (_, before) = nytt_svar();
    queue(&app, FK, before).await;
    assert_eq!(unsent(&app).await, 1);

    app.login(FK).await;
    app.post("/konto/avisering", &[("epost", "nej")])
        .await
        .assert_redirect_to("/konto/avisering?klart=sparat");
    let (_, after) = nytt_svar();
    queue(&app, FK, after).await;

    let report = sender(&sink).drain_once(&app.t.db).await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 0));
    assert!(sink.messages().is_empty());
    // The notice queued before is dropped, none was queued after.
    let total: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from avisering where forbund_id = $1",
        )
        .await;
    assert_eq!(total, 0);

    // On again: notices arrive again.
    app.post("/konto/avisering", &[("epost", "ja")])
        .await
        .assert_redirect_to("/konto/avisering?klart=sparat");
    let (_, later) = nytt_svar();
    queue(&app, FK, later).await;
    let report = sender(&sink).drain_once(&app.t.db).await.unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn when_the_mail_server_is_down_the_notice_waits_and_is_sent_later() {
    let app = TestApp::demo().await;
    // A port nothing listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let down = sender_to(&format!("smtp://{closed}"));
    let (_, notice) = nytt_svar();
    queue(&app, FK, notice).await;
    queue(&app, "af@demo.lotsen.example", nytt_svar().1).await;

    let report = down.drain_once(&app.t.db).await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    assert_eq!(unsent(&app).await, 2);
    let (forsok, fel, later): (i32, Option<String>, bool) = {
        let id = app.forbund_id("fjardlunda").await;
        let mut tx = app.t.db.begin_as(Some(id), None, false).await.unwrap();
        let row = sqlx::query_as(
            "select min(forsok), min(fel), bool_and(nasta_forsok > now()) from avisering \
             where forbund_id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        row
    };
    assert_eq!(
        (forsok, fel.as_deref(), later),
        (1, Some("anslutning"), true)
    );
    // Not due yet: the next round leaves it alone.
    let report = down.drain_once(&app.t.db).await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 0));

    // The backoff has passed and the server is back.
    let mut owner = sqlx::PgConnection::connect(&app.database_url())
        .await
        .unwrap();
    sqlx::query("update avisering set nasta_forsok = now()")
        .execute(&mut owner)
        .await
        .unwrap();
    let sink = SmtpSink::start();
    let report = sender(&sink).drain_once(&app.t.db).await.unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    assert_eq!(sink.wait_for(2, Duration::from_secs(5)).await.len(), 2);
    assert_eq!(unsent(&app).await, 0);
}
