//! Extractors: the session (loaded once by the middleware) as the handler's actor, and form
//! bodies whose rejection becomes our own error page.

use crate::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use lotsen_core::auth::LoadedSession;
use serde::de::DeserializeOwned;

/// Put into the request by the session middleware.
#[derive(Debug, Clone)]
pub struct SessionState {
    pub session: Option<LoadedSession>,
    /// The cookie named a session that had been idle too long.
    pub expired: bool,
}

/// Paths a person with a one-time password may still use.
const PASSWORD_CHANGE_PATHS: [&str; 2] = ["/konto/losenord", "/logga-ut"];

/// Whoever is (or is not) logged in.
pub struct MaybeUser(pub Option<LoadedSession>, pub bool);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let state = parts.extensions.get::<SessionState>().cloned();
        Ok(match state {
            Some(s) => MaybeUser(s.session, s.expired),
            None => MaybeUser(None, false),
        })
    }
}

/// A logged-in person (who has changed any one-time password).
pub struct User(pub LoadedSession);

impl<S: Send + Sync> FromRequestParts<S> for User {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let MaybeUser(session, expired) = MaybeUser::from_request_parts(parts, state).await?;
        let session = session.ok_or(if expired {
            AppError::SessionExpired
        } else {
            AppError::LoginRequired
        })?;
        if session.must_change_password && !PASSWORD_CHANGE_PATHS.contains(&parts.uri.path()) {
            return Err(AppError::MustChangePassword);
        }
        Ok(User(session))
    }
}

/// A logged-in person working in a chosen förbund.
pub struct TenantUser(pub LoadedSession);

impl<S: Send + Sync> FromRequestParts<S> for TenantUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let User(session) = User::from_request_parts(parts, state).await?;
        if session.ctx.forbund.is_none() {
            return Err(if session.ctx.forbund_count > 0 {
                AppError::ChooseForbund
            } else {
                AppError::NotFound
            });
        }
        Ok(TenantUser(session))
    }
}

/// A urlencoded form, read as browsers send it: a checkbox group's repeated keys fill a `Vec`
/// (serde_html_form). A body no form of ours would send gives the 400 page.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest)?;
        serde_html_form::from_bytes(&bytes)
            .map(Form)
            .map_err(|_| AppError::BadRequest)
    }
}

/// A urlencoded form as name–value pairs, for repeated fields (checkbox lists).
pub struct Pairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for Pairs {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest)?;
        serde_urlencoded::from_bytes(&bytes)
            .map(Pairs)
            .map_err(|_| AppError::BadRequest)
    }
}

/// Ids from the path; anything that is not a valid id answers 404, like an unknown id.
pub struct IdPath<T>(pub T);

impl<T, S> FromRequestParts<S> for IdPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| IdPath(p.0))
            .map_err(|_| AppError::NotFound)
    }
}
