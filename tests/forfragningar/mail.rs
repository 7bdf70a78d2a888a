//! The request flow's e-mail notices, sent by the real sender to the SMTP sink: the group's
//! coordinator hears of a new request, the sender of a status change and of an answer — each
//! mail the fixed text and a link, nothing of the request.

use super::*;
use crate::avisering::sender;
use crate::support::smtp::SmtpSink;

#[tokio::test]
async fn the_request_flow_sends_notices_without_content() {
    let sink = SmtpSink::start();
    let mut fk = TestApp::demo().await;
    fk.login(FK).await;
    let id = send(&mut fk, &[]).await;
    sender(&sink).drain_once(&fk.t.db).await.unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 1, "the coordinator of STL");
    assert_eq!(got[0].to, vec![KOORDINATOR.to_string()]);
    assert_eq!(got[0].subject(), "Ny förfrågan i Lotsen");
    assert!(got[0].body().contains(&format!("/forfragningar/{id}")));

    let mut sk = fk.other_browser();
    sk.login(KOORDINATOR).await;
    sk.get(&format!("/forfragningar/{id}")).await.assert_ok();
    let arende = accept(&mut sk, id).await;
    sk.post(
        &format!("/arenden/{arende}/svar"),
        &[("svar", "Vi ses på flerpartsmötet den 12:e.")],
    )
    .await;
    sender(&sink).drain_once(&fk.t.db).await.unwrap();
    let to_fk: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.to == vec![FK.to_string()])
        .collect();
    let subjects: Vec<String> = to_fk.iter().map(|m| m.subject()).collect();
    // Received and accepted in one notice (one waits unsent at a time), then the answer.
    assert!(
        subjects
            .iter()
            .any(|s| s == "En förfrågan har ny status i Lotsen"),
        "{subjects:?}"
    );
    assert!(
        subjects
            .iter()
            .any(|s| s == "Du har ett nytt svar i Lotsen"),
        "{subjects:?}"
    );
    for m in &to_fk {
        let text = m.readable();
        assert!(!text.contains("flerpartsmötet"), "{text}");
        assert!(!text.contains("Sjukskriven"), "{text}");
        assert!(text.contains(&format!("/forfragningar/{id}")));
    }
}
