//! E-mail notices (issue 15): notices queued in a real database are sent by the real lettre
//! transport to a real SMTP server started by the test (`support::smtp`), with the fixed text
//! and the link only; a person who turned e-mail off gets nothing; a mail server that is down
//! leaves the notice for later; the account page; the server sends only when configured.

mod outbox;
mod server;
mod settings;

use crate::support::TestApp;
use crate::support::smtp::SmtpSink;
use lotsen_core::avisering::{self, MailConfig, Notice, Sender};
use uuid::Uuid;

pub const FROM: &str = "Lotsen <lotsen@demo.lotsen.example>";
pub const PUBLIC_URL: &str = "https://lotsen.test";
pub const FK: &str = "fk@demo.lotsen.example";

pub fn sender_to(smtp_url: &str) -> Sender {
    Sender::new(&MailConfig {
        smtp_url: smtp_url.into(),
        from: FROM.into(),
        public_url: PUBLIC_URL.into(),
    })
    .unwrap()
}

pub fn sender(sink: &SmtpSink) -> Sender {
    sender_to(&sink.url())
}

/// Queues `notice` to the demo person `email` in Fjärdlunda, in a transaction of its own as a
/// use case would.
pub async fn queue(app: &TestApp, email: &str, notice: Notice) {
    let forbund = app.forbund_id("fjardlunda").await;
    let user = app.user_id("fjardlunda", email).await;
    let mut tx = app
        .t
        .db
        .begin_as(Some(forbund), Some(user), false)
        .await
        .unwrap();
    avisering::queue(&mut tx, forbund, user, notice)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// How many notices of Fjärdlunda are in the outbox, unsent.
pub async fn unsent(app: &TestApp) -> i64 {
    app.scalar_in(
        "fjardlunda",
        "select count(*) from avisering where forbund_id = $1 and sent_at is null",
    )
    .await
}

pub fn nytt_svar() -> (Uuid, Notice) {
    let id = Uuid::now_v7();
    (id, Notice::NyttSvar { forfragan_id: id })
}
