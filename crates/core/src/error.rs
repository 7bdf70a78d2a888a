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
    /// Anything else: logged with the request id, shown as a friendly 500 page.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for CoreError {
    fn from(e: sqlx::Error) -> Self {
        CoreError::Internal(e.into())
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
