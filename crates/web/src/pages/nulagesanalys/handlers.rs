//! Nulägesanalys forms (issue 6, part 2): `/nulagesanalys` (rounds; the förbund-admin opens
//! one), `/nulagesanalys/{ar}` (deadline, period, questions and every group's status),
//! `/nulagesanalys/{ar}/grupper/{kod}` (a group's form: figures, answers, signing),
//! `/nulagesanalys/{ar}/sammanstallning` (every signed form, print-ready) and
//! `/nulagesanalys/{ar}/siffror.xlsx` (every group's figures side by side). A rejected form
//! comes back (422) with Swedish messages; everything outside the actor's reach is 404.

use super::views::{BlankettPage, CompiledPage, IndexPage, OmgangPage, SignPage};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, Pairs, TenantUser};
use crate::forms::redirect_or_form;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::auth::LoadedSession;
use lotsen_core::nulagesanalys::omgang::{self, QuestionEdit};
use lotsen_core::nulagesanalys::{compile, form, signing};
use lotsen_domain::FieldErrors;
use lotsen_domain::nulagesanalys::OmgangForm;
use uuid::Uuid;

async fn index_page(
    state: &AppState,
    s: &LoadedSession,
    form: Option<OmgangForm>,
    errors: FieldErrors,
) -> AppResult<IndexPage> {
    let r = omgang::list(&state.db, &s.ctx).await?;
    let form = form.unwrap_or_else(|| {
        let next = r
            .rounds
            .first()
            .map_or(r.today.year(), |o| (o.ar + 1).max(r.today.year()));
        OmgangForm::defaults(next)
    });
    Ok(IndexPage::new(
        PageCtx::new(s, "/nulagesanalys", "Nulägesanalys"),
        r,
        form,
        errors,
    ))
}

pub async fn index(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<IndexPage> {
    index_page(&state, &s, None, FieldErrors::new()).await
}

pub async fn open(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(f): Form<OmgangForm>,
) -> AppResult<Response> {
    redirect_or_form(
        omgang::open(&state.db, &s.ctx, &f).await,
        |ar| format!("/nulagesanalys/{ar}?klart=skapad"),
        |errors| index_page(&state, &s, Some(f), errors),
    )
    .await
}

async fn omgang_page(
    state: &AppState,
    s: &LoadedSession,
    ar: i32,
    form: Option<OmgangForm>,
    errors: FieldErrors,
    flash: Option<&'static str>,
) -> AppResult<OmgangPage> {
    let o = omgang::overview(&state.db, &s.ctx, ar).await?;
    let title = format!("Nulägesanalys {ar}");
    Ok(OmgangPage::new(
        PageCtx::new(s, "/nulagesanalys", title),
        o,
        form,
        errors,
        flash,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(ar): IdPath<i32>,
    Query(flash): Query<FlashQuery>,
) -> AppResult<OmgangPage> {
    omgang_page(&state, &s, ar, None, FieldErrors::new(), flash.message()).await
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(ar): IdPath<i32>,
    Form(f): Form<OmgangForm>,
) -> AppResult<Response> {
    redirect_or_form(
        omgang::update(&state.db, &s.ctx, ar, &f).await,
        |()| format!("/nulagesanalys/{ar}?klart=sparat"),
        |errors| omgang_page(&state, &s, ar, Some(f), errors, None),
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct FragaForm {
    #[serde(default)]
    pub text: String,
}

async fn question_edit(
    state: &AppState,
    s: &LoadedSession,
    ar: i32,
    edit: QuestionEdit,
) -> AppResult<Response> {
    redirect_or_form(
        omgang::edit_questions(&state.db, &s.ctx, ar, edit).await,
        |()| format!("/nulagesanalys/{ar}?klart=sparat#fragor"),
        |errors| omgang_page(state, s, ar, None, errors, None),
    )
    .await
}

pub async fn add_question(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(ar): IdPath<i32>,
    Form(f): Form<FragaForm>,
) -> AppResult<Response> {
    question_edit(&state, &s, ar, QuestionEdit::Add(f.text)).await
}

pub async fn edit_question(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, id)): IdPath<(i32, Uuid)>,
    Form(f): Form<FragaForm>,
) -> AppResult<Response> {
    question_edit(&state, &s, ar, QuestionEdit::Edit(id, f.text)).await
}

pub async fn question_up(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, id)): IdPath<(i32, Uuid)>,
) -> AppResult<Response> {
    question_edit(&state, &s, ar, QuestionEdit::Up(id)).await
}

pub async fn question_down(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, id)): IdPath<(i32, Uuid)>,
) -> AppResult<Response> {
    question_edit(&state, &s, ar, QuestionEdit::Down(id)).await
}

pub async fn remove_question(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, id)): IdPath<(i32, Uuid)>,
) -> AppResult<Response> {
    question_edit(&state, &s, ar, QuestionEdit::Remove(id)).await
}

async fn blankett_page(
    state: &AppState,
    s: &LoadedSession,
    ar: i32,
    kod: &str,
    typed: Option<Vec<(Uuid, String)>>,
    errors: FieldErrors,
    flash: Option<&'static str>,
) -> AppResult<BlankettPage> {
    let v = form::get(&state.db, &s.ctx, ar, kod).await?;
    let title = format!("Nulägesanalys {ar} – {}", v.grupp.kod);
    Ok(BlankettPage::new(
        PageCtx::new(s, "/nulagesanalys", title),
        v,
        typed,
        errors,
        flash,
    ))
}

pub async fn blankett(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, kod)): IdPath<(i32, String)>,
    Query(flash): Query<FlashQuery>,
) -> AppResult<BlankettPage> {
    blankett_page(
        &state,
        &s,
        ar,
        &kod,
        None,
        FieldErrors::new(),
        flash.message(),
    )
    .await
}

/// The answers of the posted form: fields `svar-{fråga-id}`; other fields are ignored.
fn posted_answers(pairs: Vec<(String, String)>) -> Vec<(Uuid, String)> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("svar-")?.parse::<Uuid>().ok()?;
            Some((id, v))
        })
        .collect()
}

/// The value of one posted field.
fn posted<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The version the page was opened at; a page without one is as old as can be.
fn posted_version(pairs: &[(String, String)]) -> i32 {
    posted(pairs, "version").trim().parse().unwrap_or(-1)
}

/// Saves the answers; "Spara och signera" then goes on to the confirmation before signing.
pub async fn save(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, kod)): IdPath<(i32, String)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let version = posted_version(&pairs);
    let then_sign = posted(&pairs, "atgard") == "signera";
    let given = posted_answers(pairs);
    let saved = form::save(&state.db, &s.ctx, ar, &kod, &given, version).await;
    redirect_or_form(
        saved,
        |()| {
            if then_sign {
                format!("/nulagesanalys/{ar}/grupper/{kod}/signera")
            } else {
                format!("/nulagesanalys/{ar}/grupper/{kod}?klart=sparat")
            }
        },
        |errors| blankett_page(&state, &s, ar, &kod, Some(given), errors, None),
    )
    .await
}

/// The confirmation before signing: what is signed, and which questions have no answer.
pub async fn confirm_sign(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, kod)): IdPath<(i32, String)>,
) -> AppResult<Response> {
    match signing::unanswered(&state.db, &s.ctx, ar, &kod).await {
        Ok((unanswered, version)) => Ok(SignPage {
            page: PageCtx::new(
                &s,
                "/nulagesanalys",
                format!("Signera nulägesanalys {ar} – {kod}"),
            ),
            ar,
            kod,
            unanswered,
            version,
        }
        .into_response()),
        // A signed form (or one this person may not sign) has nothing to confirm.
        Err(CoreError::Invalid(_)) => {
            Ok(Redirect::to(&format!("/nulagesanalys/{ar}/grupper/{kod}")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn sign(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, kod)): IdPath<(i32, String)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let version = posted_version(&pairs);
    redirect_or_form(
        signing::sign(&state.db, &s.ctx, ar, &kod, version).await,
        |()| format!("/nulagesanalys/{ar}/grupper/{kod}?klart=signerad"),
        |errors| blankett_page(&state, &s, ar, &kod, None, errors, None),
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ReopenForm {
    #[serde(default)]
    pub skal: String,
}

/// The förbund administrator opens a signed form again, with a reason.
pub async fn reopen(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((ar, kod)): IdPath<(i32, String)>,
    Form(f): Form<ReopenForm>,
) -> AppResult<Response> {
    redirect_or_form(
        signing::reopen(&state.db, &s.ctx, ar, &kod, &f.skal).await,
        |()| format!("/nulagesanalys/{ar}/grupper/{kod}?klart=ateroppnad"),
        |errors| {
            let (state, s, kod, skal) = (&state, &s, &kod, f.skal.clone());
            async move {
                let mut page = blankett_page(state, s, ar, kod, None, errors, None).await?;
                page.skal = skal;
                Ok(page)
            }
        },
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub undertryck: String,
}

impl ExportQuery {
    fn suppress(&self) -> AppResult<bool> {
        match self.undertryck.as_str() {
            "" | "0" => Ok(false),
            "1" => Ok(true),
            _ => Err(CoreError::NotFound.into()),
        }
    }
}

pub async fn compiled(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(ar): IdPath<i32>,
    Query(q): Query<ExportQuery>,
) -> AppResult<CompiledPage> {
    let c = compile::compiled(&state.db, &s.ctx, ar, q.suppress()?).await?;
    let title = format!("Nulägesanalys {ar} – sammanställning");
    Ok(CompiledPage::new(
        PageCtx::new(&s, "/nulagesanalys", title),
        c,
    ))
}

pub async fn xlsx(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(ar): IdPath<i32>,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let file = compile::xlsx(&state.db, &s.ctx, ar, q.suppress()?).await?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.filename),
            ),
        ],
        file.bytes,
    )
        .into_response())
}
