//! Logging in and out, changing one's password, and choosing the active förbund.

use super::views::*;
use crate::client::ClientAddr;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, MaybeUser, User};
use crate::middleware::{RequestId, session_cookie};
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::auth::{self, LoginOutcome, session};
use lotsen_domain::FieldErrors;
use uuid::Uuid;

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
    } else if f.epost.chars().any(char::is_control) || f.epost.len() > 254 {
        errors.add(
            "epost",
            "E-postadressen innehåller otillåtna tecken eller är för lång.",
        );
    }
    if f.losenord.contains('\0') {
        errors.add("losenord", "Lösenordet innehåller otillåtna tecken.");
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
                failed_since_last,
            } => {
                if let Some(old) = old {
                    session::delete(&state.db, &old.token).await?;
                }
                let to = if must_change_password {
                    "/konto/losenord"
                } else {
                    "/"
                };
                let to = match failed_since_last {
                    0 => to.to_string(),
                    n => format!("{to}?misslyckade={n}"),
                };
                let mut res = Redirect::to(&to).into_response();
                res.headers_mut().insert(
                    header::SET_COOKIE,
                    session_cookie(Some(&token), state.config.cookie_secure),
                );
                return Ok(res);
            }
            // One message for a wrong address, a wrong password and an inactive account, so
            // that no answer confirms an address or a guessed password.
            LoginOutcome::Failed => errors.add(
                "epost",
                "Fel e-postadress eller lösenord, eller så är kontot inte aktivt.",
            ),
            LoginOutcome::Throttled { seconds } => errors.add(
                "epost",
                format!(
                    "För många misslyckade försök. Vänta {} och försök igen.",
                    wait_text(seconds)
                ),
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

/// "45 sekunder", "1 minut", "15 minuter".
pub(crate) fn wait_text(seconds: i64) -> String {
    match seconds {
        ..=1 => "1 sekund".into(),
        2..=59 => format!("{seconds} sekunder"),
        _ => match (seconds + 59) / 60 {
            1 => "1 minut".into(),
            m => format!("{m} minuter"),
        },
    }
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

pub async fn password_form(User(s): User, Query(q): Query<FlashQuery>) -> PasswordPage {
    PasswordPage {
        page: PageCtx::new(&s, "/konto/losenord", "Byt lösenord"),
        forced: s.must_change_password,
        errors: FieldErrors::new(),
        failed_logins: q.failed_logins(),
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
                failed_logins: None,
            },
        )
            .into_response()),
        Err(e) => Err(e.into()),
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
        failed_logins: q.failed_logins(),
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
            failed_logins: None,
        },
    )
        .into_response())
}

/// The förbund that have invited the person (an administrator attached their existing account).
pub async fn invitations(
    State(state): State<AppState>,
    User(s): User,
) -> AppResult<InvitationsPage> {
    Ok(InvitationsPage {
        page: PageCtx::new(&s, "/konto/inbjudningar", "Inbjudningar till förbund"),
        invitations: lotsen_core::account::invitations(&state.db, &s.ctx).await?,
    })
}

#[derive(serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    svar: String,
}

pub async fn answer_invitation(
    State(state): State<AppState>,
    User(s): User,
    crate::extract::IdPath(forbund): crate::extract::IdPath<Uuid>,
    Form(f): Form<AnswerForm>,
) -> AppResult<Response> {
    let accept = match f.svar.as_str() {
        "ja" => true,
        "nej" => false,
        _ => return Err(AppError::BadRequest),
    };
    lotsen_core::account::answer_invitation(&state.db, &s.ctx, forbund, accept).await?;
    // An accepted förbund may now be chosen.
    let to = if accept { "/valj-forbund" } else { "/" };
    Ok(Redirect::to(to).into_response())
}

/// The person's e-mail notice setting, and whether this server sends mail at all.
pub async fn notices_form(
    State(state): State<AppState>,
    User(s): User,
    Query(q): Query<FlashQuery>,
) -> AppResult<NoticesPage> {
    notices_page(&state, &s, FieldErrors::new(), q.message()).await
}

async fn notices_page(
    state: &AppState,
    s: &auth::LoadedSession,
    errors: FieldErrors,
    flash: Option<&'static str>,
) -> AppResult<NoticesPage> {
    Ok(NoticesPage {
        page: PageCtx::new(s, "/konto/avisering", "E-postaviseringar"),
        on: lotsen_core::avisering::email_enabled(&state.db, &s.ctx).await?,
        mail_enabled: state.config.mail_enabled,
        errors,
        flash,
    })
}

#[derive(serde::Deserialize)]
pub struct NoticesForm {
    #[serde(default)]
    epost: String,
}

pub async fn set_notices(
    State(state): State<AppState>,
    User(s): User,
    Form(f): Form<NoticesForm>,
) -> AppResult<Response> {
    let on = match f.epost.as_str() {
        "ja" => true,
        "nej" => false,
        _ => {
            let errors = FieldErrors::single("epost", "Välj om du vill få e-post eller inte.");
            let page = notices_page(&state, &s, errors, None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    lotsen_core::avisering::set_email_enabled(&state.db, &s.ctx, on).await?;
    Ok(Redirect::to("/konto/avisering?klart=sparat").into_response())
}
