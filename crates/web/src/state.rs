//! What every handler can reach: the database and the web settings.

use lotsen_core::Db;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Set the Secure flag on cookies (true behind HTTPS).
    pub cookie_secure: bool,
    /// Idle timeout for sessions without an active förbund (förbund set their own).
    pub default_idle_minutes: i64,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            cookie_secure: false,
            default_idle_minutes: 30,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub config: WebConfig,
}
