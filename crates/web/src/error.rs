//! The web layer's error: what went wrong, as a status. Bodies are rendered by the error page
//! middleware, which knows the request id; internal errors are logged there, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;

#[derive(Debug)]
pub enum AppError {
    /// 404: missing, or outside the actor's reach.
    NotFound,
    /// Not logged in: go to the login page.
    LoginRequired,
    /// The session ended after being idle too long: go to the login page, which says so.
    SessionExpired,
    /// Logged in with a one-time password: change it first.
    MustChangePassword,
    /// Several förbund and none chosen yet.
    ChooseForbund,
    /// 403: a cross-site or stale form post.
    Forbidden,
    /// 400: a request no form of ours would send.
    BadRequest,
    /// 415: a state-changing request whose body is not a form.
    UnsupportedMediaType,
    /// 413: a body larger than any form of ours sends.
    PayloadTooLarge,
    /// 503 with Retry-After: the database cannot be reached just now.
    Unavailable,
    /// 500: logged with the request id.
    Internal(anyhow::Error),
}

/// The kind of error, left in the response for the error page middleware.
#[derive(Debug, Clone)]
pub struct ErrorDetail(pub String);

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::NotFound => AppError::NotFound,
            // Handlers that show forms handle `Invalid` themselves; reaching here means a
            // request our forms would not send.
            CoreError::Invalid(_) => AppError::BadRequest,
            CoreError::Unavailable(e) => {
                tracing::warn!(error = %e, "database unavailable");
                AppError::Unavailable
            }
            CoreError::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match self {
            AppError::LoginRequired => return Redirect::to("/logga-in").into_response(),
            AppError::SessionExpired => {
                return Redirect::to("/logga-in?klart=inaktiv").into_response();
            }
            AppError::MustChangePassword => return Redirect::to("/konto/losenord").into_response(),
            AppError::ChooseForbund => return Redirect::to("/valj-forbund").into_response(),
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable => {
                let mut r = StatusCode::SERVICE_UNAVAILABLE.into_response();
                r.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from_static("30"),
                );
                return r;
            }
            AppError::Internal(e) => {
                let mut r = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                r.extensions_mut().insert(ErrorDetail(format!("{e:#}")));
                return r;
            }
        };
        status.into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;
