//! Authentication: password hashing, server-side sessions, login with lockout, logout,
//! password change and choosing the active förbund.

pub mod login;
pub mod password;
pub mod session;

pub use login::{LoginOutcome, change_password, login, logout, memberships, select_forbund};
pub use session::{LoadedSession, NavCounts, SessionToken};
