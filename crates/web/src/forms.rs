//! What every form handler does after calling core: on success a redirect (303), when the core
//! refused the input the same page again with its Swedish messages (422), and any other error
//! passed on to the error pages.

use crate::error::{AppError, AppResult};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::{CoreError, CoreResult};
use lotsen_domain::FieldErrors;
use std::future::Future;

/// Renders a form page again with its errors (422), or passes any other error on.
pub fn form_errors<T: IntoResponse>(
    result: CoreError,
    render: impl FnOnce(FieldErrors) -> T,
) -> AppResult<Response> {
    match result {
        CoreError::Invalid(errors) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(errors)).into_response())
        }
        e => Err(AppError::from(e)),
    }
}

/// Redirects to `to(value)` after a successful change, or renders the page that `page` builds
/// (it may read the database) with the errors of a refused form.
pub async fn redirect_or_form<T, P, Fut>(
    result: CoreResult<T>,
    to: impl FnOnce(T) -> String,
    page: impl FnOnce(FieldErrors) -> Fut,
) -> AppResult<Response>
where
    Fut: Future<Output = AppResult<P>>,
    P: IntoResponse,
{
    match result {
        Ok(value) => Ok(Redirect::to(&to(value)).into_response()),
        Err(CoreError::Invalid(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
