//! What every handler can reach: the database and the web settings.

use crate::client::TrustedProxies;
use lotsen_core::Db;
use lotsen_core::auth::session::SessionLimits;

#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Set the Secure flag on cookies and send HSTS (true behind HTTPS).
    pub cookie_secure: bool,
    /// Idle timeout before a förbund is chosen (förbund set their own), and absolute lifetime.
    pub session: SessionLimits,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` name the client.
    pub trusted_proxies: TrustedProxies,
    /// Whether this server sends e-mail notices (`LOTSEN_SMTP_URL` and `LOTSEN_MAIL_FROM` set),
    /// shown on the person's notice settings.
    pub mail_enabled: bool,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub config: WebConfig,
}
