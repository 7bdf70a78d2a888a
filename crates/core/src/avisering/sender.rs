//! The sender: takes due notices from the outbox (across förbund, through the security-definer
//! functions of migration 0026), sends each as a fixed-text mail over SMTP with lettre, and
//! settles it: sent, tried again later with a doubling backoff, or given up on a permanent
//! refusal. Logs carry ids and an error class only, never an address or the server's reply.

use super::Notice;
use crate::db::Db;
use crate::error::CoreResult;
use anyhow::{Context, bail};
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// How many notices one claim takes.
const BATCH: i32 = 20;
/// How long the sender sleeps between looks at the outbox.
pub const POLL_INTERVAL: Duration = Duration::from_secs(5);
/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Where and as whom mail is sent (`LOTSEN_SMTP_URL`, `LOTSEN_MAIL_FROM`), and the base URL of
/// the links (`LOTSEN_PUBLIC_URL`).
#[derive(Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (plain, for a local relay or a test sink), `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtps://host:465` (TLS), optionally with `user:password@`.
    pub smtp_url: String,
    /// The sender address, e.g. `Lotsen <lotsen@forbund.se>`.
    pub from: String,
    /// The server's base URL as people reach it, e.g. `https://lotsen.forbund.se`.
    pub public_url: String,
}

impl std::fmt::Debug for MailConfig {
    // The SMTP URL may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp_url", &"…")
            .field("from", &self.from)
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// What one `drain_once` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: usize,
    pub failed: usize,
}

/// Sends the outbox's notices through one SMTP server.
#[derive(Clone)]
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    host: String,
}

/// Why a notice was not sent, as stored in `avisering.fel` and logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The server could not be reached, or TLS failed: the rest of the batch waits too.
    Connection,
    /// The server answered 4xx or timed out: try again later.
    Transient,
    /// The server refused for good (5xx), or the address is unusable: never tried again.
    Permanent,
    /// The stored address is not a valid mailbox.
    Address,
}

impl Failure {
    fn code(self) -> &'static str {
        match self {
            Failure::Connection => "anslutning",
            Failure::Transient => "tillfalligt",
            Failure::Permanent => "permanent",
            Failure::Address => "adress",
        }
    }

    fn retry(self) -> bool {
        matches!(self, Failure::Connection | Failure::Transient)
    }

    fn of(e: &lettre::transport::smtp::Error) -> Failure {
        if e.is_permanent() {
            Failure::Permanent
        } else if e.is_transient() || e.is_timeout() {
            Failure::Transient
        } else {
            // Connection refused, TLS, an unexpected reply: none of them is the message's fault.
            Failure::Connection
        }
    }
}

#[derive(sqlx::FromRow)]
struct Due {
    forbund_id: Uuid,
    avisering_id: Uuid,
    slag: String,
    objekt_id: Uuid,
    epost: String,
}

/// The host of a base URL (`https://lotsen.example:8443/x` → `lotsen.example`).
fn url_host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

impl Sender {
    /// Checks the configuration and builds the transport (no connection is made yet). The
    /// error never repeats the SMTP URL, which may hold a password.
    pub fn new(config: &MailConfig) -> anyhow::Result<Sender> {
        let from: Mailbox = config.from.trim().parse().context(
            "LOTSEN_MAIL_FROM must be an e-mail address, e.g. lotsen@forbund.se or \
             \"Lotsen <lotsen@forbund.se>\"",
        )?;
        let public_url = config.public_url.trim().trim_end_matches('/').to_string();
        let Some(host) = url_host(&public_url).map(str::to_string) else {
            bail!("LOTSEN_PUBLIC_URL must start with http:// or https:// and name a host");
        };
        let builder = match AsyncSmtpTransport::<Tokio1Executor>::from_url(config.smtp_url.trim()) {
            Ok(b) => b,
            Err(_) => bail!(
                "LOTSEN_SMTP_URL must be smtp://host:port, smtp://host:587?tls=required \
                 (STARTTLS) or smtps://host:465, optionally with user:password@"
            ),
        };
        // The EHLO name: the public host, rather than "localhost" or the machine's name.
        let name = if host.parse::<std::net::IpAddr>().is_ok() {
            ClientId::Domain("localhost".into())
        } else {
            ClientId::Domain(host.clone())
        };
        let transport = builder.hello_name(name).timeout(Some(SMTP_TIMEOUT)).build();
        Ok(Sender {
            transport,
            from,
            public_url,
            host,
        })
    }

    /// The mail for one notice to `to`.
    fn message(&self, notice: Notice, id: Uuid, to: Mailbox) -> anyhow::Result<Message> {
        let text = notice.message(&self.public_url);
        let body = Body::new_with_encoding(text.body, ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| anyhow::anyhow!("the notice's text cannot be encoded"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(text.subject)
            .message_id(Some(format!("<{id}@{}>", self.host)))
            // Tells out-of-office responders not to answer (RFC 3834).
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".into(),
            ))
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(body),
            )?;
        Ok(message)
    }

    /// Sends every notice that is due now, then returns. Safe to run in several processes at
    /// once: each notice is taken by one.
    pub async fn drain_once(&self, db: &Db) -> CoreResult<DrainReport> {
        let mut report = DrainReport::default();
        // Bounded, so that one call always ends; what is left waits for the next.
        for _ in 0..50 {
            let due = take(db, BATCH).await?;
            if due.is_empty() {
                break;
            }
            let mut unreachable = false;
            for d in due {
                let outcome = if unreachable {
                    Err(Failure::Connection)
                } else {
                    self.send_one(&d).await
                };
                match outcome {
                    Ok(()) => {
                        settle_sent(db, &d).await?;
                        report.sent += 1;
                    }
                    Err(failure) => {
                        if failure == Failure::Connection {
                            unreachable = true;
                        }
                        settle_failed(db, &d, failure).await?;
                        report.failed += 1;
                        tracing::warn!(
                            avisering = %d.avisering_id,
                            forbund = %d.forbund_id,
                            error = failure.code(),
                            "an e-mail notice was not sent"
                        );
                    }
                }
            }
            if unreachable {
                break;
            }
        }
        if report.sent > 0 {
            tracing::info!(sent = report.sent, "sent e-mail notices");
        }
        Ok(report)
    }

    async fn send_one(&self, d: &Due) -> Result<(), Failure> {
        let Some(notice) = Notice::from_code(&d.slag, d.objekt_id) else {
            return Err(Failure::Permanent);
        };
        // The address only, never the person's name.
        let to: Mailbox = match d.epost.trim().parse::<lettre::Address>() {
            Ok(a) => Mailbox::new(None, a),
            Err(_) => return Err(Failure::Address),
        };
        let message = self
            .message(notice, d.avisering_id, to)
            .map_err(|_| Failure::Address)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| Failure::of(&e))
    }

    /// Drains the outbox every `POLL_INTERVAL` until `stop` turns true (or its sender is gone).
    /// A drain under way when stop comes is finished first.
    pub async fn run(self, db: Db, mut stop: watch::Receiver<bool>) {
        tracing::info!("sending e-mail notices");
        loop {
            if *stop.borrow() {
                break;
            }
            if let Err(e) = self.drain_once(&db).await {
                tracing::warn!(error = %e, "reading the notice outbox failed");
            }
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                _ = tokio::time::sleep(POLL_INTERVAL) => {}
            }
        }
    }
}

async fn take(db: &Db, limit: i32) -> CoreResult<Vec<Due>> {
    let mut tx = db.begin_as(None, None, false).await?;
    let due = sqlx::query_as::<_, Due>(
        "select forbund_id, avisering_id, slag, objekt_id, epost from lotsen_avisering_hamta($1)",
    )
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(due)
}

async fn settle_sent(db: &Db, d: &Due) -> CoreResult<()> {
    let mut tx = db.begin_as(None, None, false).await?;
    sqlx::query("select lotsen_avisering_skickad($1, $2)")
        .bind(d.forbund_id)
        .bind(d.avisering_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn settle_failed(db: &Db, d: &Due, failure: Failure) -> CoreResult<()> {
    let mut tx = db.begin_as(None, None, false).await?;
    sqlx::query("select lotsen_avisering_misslyckad($1, $2, $3, $4)")
        .bind(d.forbund_id)
        .bind(d.avisering_id)
        .bind(failure.code())
        .bind(failure.retry())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_a_base_url() {
        assert_eq!(url_host("https://lotsen.example"), Some("lotsen.example"));
        assert_eq!(url_host("http://127.0.0.1:8080/x"), Some("127.0.0.1"));
        assert_eq!(url_host("http://[::1]:8080"), Some("::1"));
        assert_eq!(url_host("ftp://x"), None);
        assert_eq!(url_host("https://"), None);
    }

    #[test]
    fn a_bad_configuration_is_refused_without_repeating_the_url() {
        let config = MailConfig {
            smtp_url: "imap://user:hemligt@mail.example".into(),
            from: "lotsen@forbund.example".into(),
            public_url: "https://lotsen.example".into(),
        };
        let e = Sender::new(&config).err().map(|e| format!("{e:#}"));
        assert!(
            e.as_deref().is_some_and(|e| !e.contains("hemligt")),
            "{e:?}"
        );
        let config = MailConfig {
            smtp_url: "smtp://127.0.0.1:2525".into(),
            ..config
        };
        assert!(Sender::new(&config).is_ok());
        assert!(
            Sender::new(&MailConfig {
                from: "inte en adress".into(),
                ..config
            })
            .is_err()
        );
    }
}
