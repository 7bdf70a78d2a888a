//! Configuration from the environment (12-factor). Every variable is listed in README.md and
//! `.env.example`.

use anyhow::{Context, bail};
use lotsen_core::avisering::MailConfig;
use lotsen_web::client::TrustedProxies;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: an external PostgreSQL; unset means the managed local cluster.
    pub database_url: Option<String>,
    /// `LOTSEN_ADDR`, default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// `LOTSEN_DATA_DIR`, default `./lotsen-data`; the managed cluster lives in `pg/` below it.
    pub data_dir: PathBuf,
    /// `LOTSEN_COOKIE_SECURE`: set the Secure flag on the session cookie (behind HTTPS).
    pub cookie_secure: bool,
    /// `LOTSEN_SESSION_IDLE_MINUTES`: idle timeout before a förbund is chosen (default 30).
    pub session_idle_minutes: i64,
    /// `LOTSEN_SESSION_MAX_HOURS`: a session ends this long after login, active or not (12).
    pub session_max_hours: i64,
    /// `LOTSEN_TRUSTED_PROXIES`: addresses/CIDRs whose forwarding headers are believed (none).
    pub trusted_proxies: TrustedProxies,
    /// `LOTSEN_LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `LOTSEN_PUBLIC_URL`: the base of the links in e-mail notices, as people reach Lotsen
    /// (default `http://` + `LOTSEN_ADDR`), without a trailing slash.
    pub public_url: String,
    /// `LOTSEN_SMTP_URL` and `LOTSEN_MAIL_FROM`, both or neither: e-mail notices are sent only
    /// when they are set.
    pub mail: Option<MailConfig>,
}

fn flag(name: &str, value: Option<String>) -> anyhow::Result<bool> {
    match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("0" | "false" | "nej" | "no" | "off") => Ok(false),
        Some("1" | "true" | "ja" | "yes" | "on") => Ok(true),
        Some(other) => bail!("{name} must be true or false, not {other:?}"),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Config::from_vars(|name| std::env::var(name).ok())
    }

    /// The configuration from variables looked up by `get` (the environment, or a test's).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let var = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let addr = var("LOTSEN_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .context("LOTSEN_ADDR must be an address such as 127.0.0.1:8080")?;
        let session_idle_minutes = match var("LOTSEN_SESSION_IDLE_MINUTES") {
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|m| (5..=480).contains(m))
                .context("LOTSEN_SESSION_IDLE_MINUTES must be a whole number from 5 to 480")?,
            None => 30,
        };
        let session_max_hours = match var("LOTSEN_SESSION_MAX_HOURS") {
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|h| (1..=168).contains(h))
                .context("LOTSEN_SESSION_MAX_HOURS must be a whole number from 1 to 168")?,
            None => 12,
        };
        let trusted_proxies = TrustedProxies::parse(
            &var("LOTSEN_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(anyhow::Error::msg)
        .context(
            "LOTSEN_TRUSTED_PROXIES must list addresses or networks, e.g. 10.0.0.0/8,127.0.0.1",
        )?;
        let log_json = match var("LOTSEN_LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => bail!("LOTSEN_LOG_FORMAT must be text or json, not {other:?}"),
        };
        let public_url = var("LOTSEN_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim()
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!(
                "LOTSEN_PUBLIC_URL must start with http:// or https://, e.g. https://lotsen.forbund.se"
            );
        }
        let mail = match (var("LOTSEN_SMTP_URL"), var("LOTSEN_MAIL_FROM")) {
            (Some(smtp_url), Some(from)) => Some(MailConfig {
                smtp_url,
                from,
                public_url: public_url.clone(),
            }),
            (None, None) => None,
            // Half a configuration would send nothing without saying so.
            (Some(_), None) => bail!(
                "LOTSEN_SMTP_URL is set but LOTSEN_MAIL_FROM is not: set both to send e-mail notices, or neither"
            ),
            (None, Some(_)) => bail!(
                "LOTSEN_MAIL_FROM is set but LOTSEN_SMTP_URL is not: set both to send e-mail notices, or neither"
            ),
        };
        Ok(Config {
            database_url: var("DATABASE_URL"),
            addr,
            data_dir: PathBuf::from(
                var("LOTSEN_DATA_DIR").unwrap_or_else(|| "./lotsen-data".into()),
            ),
            cookie_secure: flag("LOTSEN_COOKIE_SECURE", var("LOTSEN_COOKIE_SECURE"))?,
            session_idle_minutes,
            session_max_hours,
            trusted_proxies,
            log_json,
            public_url,
            mail,
        })
    }
}
