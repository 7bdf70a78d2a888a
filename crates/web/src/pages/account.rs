//! Logging in and out, changing one's password, and choosing the active förbund.

use crate::error::{AppError, AppResult};
use crate::extract::{Form, MaybeUser, User};
use crate::middleware::{RequestId, session_cookie};
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::auth::{self, LoginOutcome, login::MembershipChoice, session};
use lotsen_domain::FieldErrors;
use std::net::{IpAddr, SocketAddr};
use uuid::Uuid;

/// The client's address as the server saw it (for slowing down password guessing).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub page: PageCtx,
    pub epost: String,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
}

pub async fn login_form(MaybeUser(s, expired): MaybeUser, Query(q): Query<FlashQuery>) -> Response {
    if s.is_some() {
        return Redirect::to("/").into_response();
    }
    let notice = if expired || q.klart.as_deref() == Some("inaktiv") {
        Some("Du har loggats ut eftersom du varit inaktiv en stund. Logga in igen.")
    } else if q.klart.as_deref() == Some("utloggad") {
        Some("Du är utloggad.")
    } else {
        None
    };
    LoginPage {
        page: PageCtx::anonymous("Logga in"),
        epost: String::new(),
        errors: FieldErrors::new(),
        notice,
    }
    .into_response()
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    epost: String,
    #[serde(default)]
    losenord: String,
}

pub async fn login(
    State(state): State<AppState>,
    MaybeUser(old, _): MaybeUser,
    ClientAddr(client): ClientAddr,
    Extension(RequestId(request_id)): Extension<RequestId>,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    if f.epost.trim().is_empty() {
        errors.add("epost", "Fyll i din e-postadress.");
    }
    if f.losenord.is_empty() {
        errors.add("losenord", "Fyll i ditt lösenord.");
    }
    if errors.is_empty() {
        let outcome =
            auth::login(&state.db, &f.epost, &f.losenord, client, Some(request_id)).await?;
        match outcome {
            LoginOutcome::Success {
                token,
                must_change_password,
            } => {
                if let Some(old) = old {
                    session::delete(&state.db, &old.token).await?;
                }
                let to = if must_change_password {
                    "/konto/losenord"
                } else {
                    "/"
                };
                let mut res = Redirect::to(to).into_response();
                res.headers_mut().insert(
                    header::SET_COOKIE,
                    session_cookie(Some(&token), state.config.cookie_secure),
                );
                return Ok(res);
            }
            LoginOutcome::Failed => errors.add("epost", "Fel e-postadress eller lösenord."),
            LoginOutcome::Locked => errors.add(
                "epost",
                "För många misslyckade försök. Vänta 15 minuter och försök igen.",
            ),
            LoginOutcome::Inactive => errors.add(
                "epost",
                "Ditt konto är inte aktivt. Kontakta förbundets administratör.",
            ),
        }
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        LoginPage {
            page: PageCtx::anonymous("Logga in"),
            epost: f.epost,
            errors,
            notice: None,
        },
    )
        .into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    MaybeUser(s, _): MaybeUser,
) -> AppResult<Response> {
    if let Some(s) = s {
        auth::logout(&state.db, &s.ctx, &s.token).await?;
    }
    let mut res = Redirect::to("/logga-in?klart=utloggad").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(None, state.config.cookie_secure),
    );
    Ok(res)
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub page: PageCtx,
    pub forced: bool,
    pub errors: FieldErrors,
}

pub async fn password_form(User(s): User) -> PasswordPage {
    PasswordPage {
        page: PageCtx::new(&s, "/konto/losenord", "Byt lösenord"),
        forced: s.must_change_password,
        errors: FieldErrors::new(),
    }
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    nuvarande: String,
    #[serde(default)]
    nytt: String,
    #[serde(default)]
    bekrafta: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    User(s): User,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    match auth::change_password(
        &state.db,
        &s.ctx,
        &s.token,
        &f.nuvarande,
        &f.nytt,
        &f.bekrafta,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/?klart=losenord").into_response()),
        Err(CoreError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage {
                page: PageCtx::new(&s, "/konto/losenord", "Byt lösenord"),
                forced: s.must_change_password,
                errors,
            },
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "choose_forbund.html")]
pub struct ChooseForbundPage {
    pub page: PageCtx,
    pub choices: Vec<MembershipChoice>,
    pub current: Option<Uuid>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

impl ChooseForbundPage {
    /// The radio button to preselect: the active förbund, else the first.
    pub fn is_checked(&self, id: &Uuid, first: bool) -> bool {
        match self.current {
            Some(current) => current == *id,
            None => first,
        }
    }
}

pub async fn choose_form(
    State(state): State<AppState>,
    User(s): User,
    Query(q): Query<FlashQuery>,
) -> AppResult<ChooseForbundPage> {
    let choices = auth::memberships(&state.db, &s.ctx).await?;
    if choices.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(ChooseForbundPage {
        page: PageCtx::new(&s, "/valj-forbund", "Välj förbund"),
        current: s.ctx.forbund.as_ref().map(|f| f.id),
        choices,
        errors: FieldErrors::new(),
        flash: q.message(),
    })
}

#[derive(serde::Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    forbund: String,
}

pub async fn choose(
    State(state): State<AppState>,
    User(s): User,
    Form(f): Form<ChooseForm>,
) -> AppResult<Response> {
    let chosen = Uuid::parse_str(f.forbund.trim()).ok();
    if let Some(id) = chosen {
        match auth::select_forbund(&state.db, &s.ctx, &s.token, id).await {
            Ok(()) => return Ok(Redirect::to("/").into_response()),
            Err(CoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let choices = auth::memberships(&state.db, &s.ctx).await?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        ChooseForbundPage {
            page: PageCtx::new(&s, "/valj-forbund", "Välj förbund"),
            current: s.ctx.forbund.as_ref().map(|f| f.id),
            choices,
            errors: FieldErrors::single("forbund", "Välj ett av förbunden i listan."),
            flash: None,
        },
    )
        .into_response())
}
