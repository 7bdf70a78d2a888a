//! Request → core call → view for the insats register. The core checks the policy on every
//! call (the list and one insats: staff, its coaches and its insatsansvarig; writes and the
//! capacity board: förbund staff); anything outside reach answers 404.

use super::views::*;
use crate::choices::{Choice, Opt};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::redirect_or_form;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::auth::LoadedSession;
use lotsen_core::insats;
use lotsen_domain::deltagare::{InsatsTyp, MalKod};
use lotsen_domain::insats::{InsatsForm, InsatsStatus, MalForm};
use lotsen_domain::{Action, FieldErrors};
use uuid::Uuid;

/// `?klart=…` after a change.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    pub klart: Option<String>,
}

impl DoneQuery {
    fn message(&self) -> Option<&'static str> {
        match self.klart.as_deref() {
            Some("skapad") => Some("Insatsen är registrerad."),
            Some("sparat") => Some("Ändringarna är sparade."),
            Some("mal") => Some("Målet är tillagt."),
            Some("mal-borttaget") => Some("Målet är borttaget."),
            _ => None,
        }
    }
}

/// `/insatser`: the insatser the actor sees.
pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<InsatsListPage> {
    let items = insats::list(&state.db, &s.ctx).await?;
    Ok(InsatsListPage {
        page: PageCtx::new(&s, "/insatser", "Insatser"),
        items: items.iter().map(ListRow::of).collect(),
        can_manage: s.ctx.can(Action::ManageInsatser),
    })
}

/// The insats page, with the goal form as typed and its errors.
async fn show_page(
    state: &AppState,
    s: &LoadedSession,
    kod: &str,
    mal_form: MalForm,
    errors: FieldErrors,
    flash: Option<&'static str>,
) -> AppResult<InsatsShowPage> {
    let p = insats::page(&state.db, &s.ctx, kod).await?;
    let mal_options = MalKod::ALL
        .iter()
        .map(|m| Opt {
            value: m.code().into(),
            label: m.label().into(),
            selected: mal_form.mal == m.code(),
        })
        .collect();
    Ok(InsatsShowPage {
        page: PageCtx::new(s, "/insatser", p.insats.namn.clone()),
        facts: facts(&p.insats),
        mal: p.mal.iter().map(|m| MalView::of(m, p.today)).collect(),
        reach: p.reach,
        insats: p.insats,
        mal_form,
        mal_options,
        errors,
        flash,
    })
}

/// `/insatser/{kod}`: the insats, its goals and their progress.
pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Query(q): Query<DoneQuery>,
) -> AppResult<InsatsShowPage> {
    show_page(
        &state,
        &s,
        &kod,
        MalForm::default(),
        FieldErrors::new(),
        q.message(),
    )
    .await
}

async fn form_page(
    state: &AppState,
    s: &LoadedSession,
    kod: Option<String>,
    form: InsatsForm,
    errors: FieldErrors,
) -> AppResult<InsatsFormPage> {
    let c = insats::choices(&state.db, &s.ctx).await?;
    let title = if kod.is_some() {
        format!("Ändra {}", form.namn)
    } else {
        "Ny insats".to_string()
    };
    let checked = |list: &str, v: &str| form.has(list, v);
    Ok(InsatsFormPage {
        page: PageCtx::new(s, "/insatser", title),
        kod,
        typer: InsatsTyp::ALL
            .iter()
            .map(|t| Choice {
                code: t.code(),
                label: t.label(),
                hint: "",
                checked: form.typ == t.code(),
            })
            .collect(),
        statuses: InsatsStatus::ALL
            .iter()
            .map(|t| Choice {
                code: t.code(),
                label: t.label(),
                hint: "",
                checked: form.status == t.code(),
            })
            .collect(),
        agare: c
            .organisationer
            .into_iter()
            .map(|(id, namn)| Opt {
                selected: form.agare == id.to_string(),
                value: id.to_string(),
                label: namn,
            })
            .collect(),
        ansvariga: c
            .ansvariga
            .into_iter()
            .map(|p| Opt {
                selected: form.ansvarig == p.user_id.to_string(),
                value: p.user_id.to_string(),
                label: p.namn,
            })
            .collect(),
        lokus: c
            .lokus
            .into_iter()
            .map(|(id, label)| Check::new(id.to_string(), label, &checked, "lokus"))
            .collect(),
        kommuner: c
            .kommuner
            .into_iter()
            .map(|(kod, namn)| Check::new(kod, namn, &checked, "kommuner"))
            .collect(),
        coacher: c
            .coacher
            .into_iter()
            .map(|p| Check::new(p.user_id.to_string(), p.namn, &checked, "coacher"))
            .collect(),
        form,
        errors,
    })
}

/// `GET /insatser/ny`.
pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<InsatsFormPage> {
    let form = InsatsForm {
        typ: InsatsTyp::Tillaggsresurs.code().into(),
        status: InsatsStatus::Aktiv.code().into(),
        ..InsatsForm::default()
    };
    form_page(&state, &s, None, form, FieldErrors::new()).await
}

/// `POST /insatser/ny`.
pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<InsatsForm>,
) -> AppResult<Response> {
    let r = insats::create(&state.db, &s.ctx, &form).await;
    redirect_or_form(
        r,
        |kod| format!("/insatser/{kod}?klart=skapad"),
        |errors| form_page(&state, &s, None, form.clone(), errors),
    )
    .await
}

/// `GET /insatser/{kod}/andra`.
pub async fn edit_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
) -> AppResult<InsatsFormPage> {
    s.ctx.require(Action::ManageInsatser)?;
    let (i, _) = insats::get(&state.db, &s.ctx, &kod).await?;
    form_page(&state, &s, Some(kod), i.to_form(), FieldErrors::new()).await
}

/// `POST /insatser/{kod}/andra`.
pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Form(form): Form<InsatsForm>,
) -> AppResult<Response> {
    let r = insats::update(&state.db, &s.ctx, &kod, &form).await;
    redirect_or_form(
        r,
        |kod| format!("/insatser/{kod}?klart=sparat"),
        |errors| form_page(&state, &s, Some(kod.clone()), form.clone(), errors),
    )
    .await
}

/// `POST /insatser/{kod}/mal`: the insats page again with the goal form's errors when refused.
pub async fn add_goal(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Form(form): Form<MalForm>,
) -> AppResult<Response> {
    let r = insats::add_goal(&state.db, &s.ctx, &kod, &form).await;
    redirect_or_form(
        r,
        |_| format!("/insatser/{kod}?klart=mal#mal"),
        |errors| show_page(&state, &s, &kod, form.clone(), errors, None),
    )
    .await
}

/// `POST /insatser/{kod}/mal/{id}/ta-bort`.
pub async fn remove_goal(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    insats::remove_goal(&state.db, &s.ctx, &kod, id).await?;
    Ok(Redirect::to(&format!("/insatser/{kod}?klart=mal-borttaget#mal")).into_response())
}

/// `/insatser/kapacitet`: the capacity board (förbund staff).
pub async fn kapacitet(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<KapacitetPage> {
    let k = insats::board(&state.db, &s.ctx).await?;
    Ok(KapacitetPage {
        page: PageCtx::new(&s, "/insatser", "Kapacitet"),
        rader: k.rader.iter().map(KapacitetView::of).collect(),
        totalt: KapacitetView::of(&k.totalt),
        today: k.today,
    })
}
