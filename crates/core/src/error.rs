//! The error every core operation returns. `Invalid` carries Swedish messages per field;
//! `NotFound` covers both missing objects and objects outside the actor's reach.

use lotsen_domain::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The object does not exist or is outside the actor's reach (answered 404, never 403).
    #[error("not found")]
    NotFound,
    /// The input was rejected; nothing was written.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The database cannot be reached (answered 503 with Retry-After); nothing was written.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: logged with the request id, shown as a friendly 500 page.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for CoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            return CoreError::Unavailable(e.to_string());
        }
        // Text PostgreSQL cannot store (a NUL character) that slipped past the form checks is
        // bad input, not a server fault. The form checks give the field its message.
        if let sqlx::Error::Database(d) = &e
            && matches!(d.code().as_deref(), Some("22021" | "54000" | "22P05"))
        {
            return CoreError::invalid("", "Texten innehåller tecken som inte kan sparas.");
        }
        CoreError::Internal(e.into())
    }
}

/// Errors that mean the database is not there right now (down, restarting, pool exhausted),
/// as opposed to a fault in what was asked of it.
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        sqlx::Error::Tls(_) => true,
        // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
        sqlx::Error::Database(d) => matches!(
            d.code().as_deref(),
            Some("57P01" | "57P02" | "57P03" | "53300" | "08000" | "08003" | "08006")
        ),
        _ => false,
    }
}

impl CoreError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> CoreError {
        CoreError::Invalid(FieldErrors::single(field, message))
    }
}

/// Turns a violated, named database constraint into a field error, so that uniqueness and
/// similar rules live in the database and still reach the person as a Swedish message.
pub fn on_constraint(
    e: sqlx::Error,
    constraint: &str,
    field: &'static str,
    message: &str,
) -> CoreError {
    if let sqlx::Error::Database(db) = &e
        && db.constraint() == Some(constraint)
    {
        return CoreError::invalid(field, message);
    }
    CoreError::from(e)
}

pub type CoreResult<T> = Result<T, CoreError>;
