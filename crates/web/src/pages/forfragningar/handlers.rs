//! Request handlers: parse, call one core function, render or redirect.

use super::views::*;
use crate::choices::{
    Opt, OptGroup, avbojd_choices, bradska_choices, ersattning_choices, forfragan_typ_choices,
    kon_choices, parts_choices, samtycke_status_choices, svarssatt_choices,
};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::form_errors;
use crate::pages::arenden::views::detail::Forms;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::auth::LoadedSession;
use lotsen_core::forfragan::{self, CoordinatorRequest, OwnRequest, RequestChoices};
use lotsen_domain::forfragan::{AvbojForm, ForfraganForm, SvarForm, VidareForm, meets_two_parties};
use lotsen_domain::{Action, FieldErrors, Role};
use uuid::Uuid;

/// A notice after a redirect (`?klart=…`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    pub klart: Option<String>,
}

fn flash(done: &Done) -> Option<&'static str> {
    match done.klart.as_deref() {
        Some("skickad") => Some(
            "Förfrågan är skickad. Du ser här när samverkanskoordinatorn har tagit emot den och när det kommer svar.",
        ),
        Some("aterkallad") => Some("Förfrågan är återkallad."),
        Some("avbojd") => Some("Förfrågan är avböjd. Handläggaren ser orsaken och din förklaring."),
        Some("vidare") => Some(
            "Förfrågan är vidarebefordrad. Den andra gruppens samverkanskoordinatorer har fått den.",
        ),
        _ => None,
    }
}

pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(done): Query<Done>,
) -> AppResult<ListPage> {
    let ctx = &s.ctx;
    if !ctx.can(Action::Enter(lotsen_domain::Area::Forfragningar)) {
        return Err(CoreError::NotFound.into());
    }
    let can_send = ctx.can(Action::RequestLotsning);
    let can_handle = ctx.actor.has_role(Role::Koordinator);
    let own = if can_send {
        forfragan::mine(&state.db, ctx).await?
    } else {
        Vec::new()
    };
    let waiting = if can_handle {
        forfragan::waiting(&state.db, ctx, 500).await?
    } else {
        Vec::new()
    };
    Ok(ListPage {
        page: PageCtx::new(&s, "/forfragningar", "Förfrågningar"),
        can_send,
        own: own.into_iter().map(OwnItem::of).collect(),
        can_handle,
        waiting: waiting.into_iter().map(WaitingItem::of).collect(),
        flash: flash(&done),
    })
}

fn new_page(
    s: &LoadedSession,
    c: RequestChoices,
    form: ForfraganForm,
    errors: FieldErrors,
) -> NyPage {
    let kommuner = c
        .kommuner
        .iter()
        .map(|k| Opt {
            value: k.kod.clone(),
            label: k.namn.clone(),
            selected: form.bostadskommun == k.kod,
        })
        .collect();
    let delade = c
        .kommuner
        .iter()
        .filter(|k| k.grupper.len() > 1)
        .map(|k| OptGroup {
            label: k.namn.clone(),
            options: k
                .grupper
                .iter()
                .map(|(id, namn)| Opt {
                    value: id.to_string(),
                    label: format!("{namn} ({})", k.namn),
                    selected: form.lokus == id.to_string() && form.bostadskommun == k.kod,
                })
                .collect(),
        })
        .collect();
    NyPage {
        page: PageCtx::new(s, "/forfragningar/ny", "Ny förfrågan om lotsning"),
        workplace: c.workplace,
        no_workplace: forfragan::NO_WORKPLACE,
        typ: forfragan_typ_choices(&form.typ),
        kon: kon_choices(&form.kon),
        kommuner,
        delade,
        ersattning: ersattning_choices(&form.ersattning),
        kontakt: parts_choices(&form.kontakt_part),
        bradska: bradska_choices(&form.bradska),
        samtycke: samtycke_status_choices(&form.samtycke),
        samtycke_parter: parts_choices(&form.samtycke_part),
        svarssatt: svarssatt_choices(&form.svarssatt),
        form,
        errors,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<NyPage> {
    let c = forfragan::choices(&state.db, &s.ctx).await?;
    let form = c.defaults.clone();
    Ok(new_page(&s, c, form, FieldErrors::new()))
}

pub async fn send(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<ForfraganForm>,
) -> AppResult<Response> {
    match forfragan::send(&state.db, &s.ctx, &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/forfragningar/{id}?klart=skickad")).into_response()),
        Err(e) => {
            let c = forfragan::choices(&state.db, &s.ctx).await?;
            form_errors(e, |errors| new_page(&s, c, form, errors))
        }
    }
}

fn own_page(
    s: &LoadedSession,
    r: OwnRequest,
    forslag: Vec<lotsen_core::katalog::Forslag>,
    errors: FieldErrors,
    done: &Done,
) -> OwnPage {
    let sent = &r.sent;
    OwnPage {
        forslag,
        page: PageCtx::new(s, "/forfragningar", format!("Förfrågan {}", sent.skickad)),
        title: format!("Din förfrågan {}", sent.skickad),
        status: sent.shown_status(),
        facts: sent_facts(sent),
        fraga: sent.fraga.clone(),
        provat: sent.provat.clone(),
        avbojd: sent.avbojd_orsak.map(|o| o.label()),
        history: r.history.into_iter().map(HistoryItem::of).collect(),
        can_withdraw: r.can_withdraw,
        withdraw_href: format!("/forfragningar/{}/aterkalla", sent.forfragan_id),
        errors,
        flash: flash(done),
    }
}

/// The catalogue's entries for the request's individual, as the ärende page suggests them.
async fn suggestions(
    state: &AppState,
    s: &LoadedSession,
    r: &OwnRequest,
) -> AppResult<Vec<lotsen_core::katalog::Forslag>> {
    let m = lotsen_core::katalog::Matchning {
        kommun: Some(r.sent.bostadskommun.clone()),
        alder: r.sent.alder,
        malgrupper: Vec::new(),
        ersattning: r.sent.ersattning.clone(),
    };
    Ok(lotsen_core::katalog::suggest(&state.db, &s.ctx, &m).await?)
}

fn handle_page(
    s: &LoadedSession,
    r: CoordinatorRequest,
    errors: FieldErrors,
    decline: &AvbojForm,
) -> HandlePage {
    let sent = &r.sent;
    HandlePage {
        page: PageCtx::new(s, "/forfragningar", HandlePage::title_of(&r)),
        id: sent.forfragan_id.to_string(),
        title: HandlePage::title_of(&r),
        status: sent.status.label(),
        open: sent.status.is_open(),
        arende_href: sent.arende_id.map(|id| format!("/arenden/{id}")),
        facts: sent_facts(sent),
        fraga: sent.fraga.clone(),
        provat: sent.provat.clone(),
        avsandare: r.avsandare_namn.clone(),
        avsandare_epost: r.avsandare_epost.clone(),
        handlaggare_kod: r.handlaggare_kod.clone(),
        koder: r
            .koder
            .iter()
            .map(|k| Opt {
                value: k.clone(),
                label: k.clone(),
                selected: false,
            })
            .collect(),
        tva_parter: meets_two_parties(&sent.kontakt_parter),
        avbojd: sent.avbojd_orsak.map(|o| o.label()),
        orsak: avbojd_choices(&decline.orsak),
        avboj_text: decline.text.clone(),
        vidare: r
            .vidare
            .iter()
            .map(|(id, kod, namn)| Opt {
                value: id.to_string(),
                label: format!("{kod} – {namn}"),
                selected: false,
            })
            .collect(),
        history: r.history.into_iter().map(HistoryItem::of).collect(),
        errors,
    }
}

/// The request: its sender's view for the sender, the handling view for a coordinator of its
/// group, `NotFound` for anyone else.
pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let ctx = &s.ctx;
    if ctx.can(Action::RequestLotsning) {
        match forfragan::own(&state.db, ctx, id).await {
            Ok(r) => {
                let forslag = suggestions(&state, &s, &r).await?;
                return Ok(own_page(&s, r, forslag, FieldErrors::new(), &done).into_response());
            }
            Err(CoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let r = forfragan::for_coordinator(&state.db, ctx, id).await?;
    Ok(handle_page(&s, r, FieldErrors::new(), &AvbojForm::default()).into_response())
}

pub async fn withdraw(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    match forfragan::withdraw(&state.db, &s.ctx, id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/forfragningar/{id}?klart=aterkallad")).into_response())
        }
        Err(e) => {
            let r = forfragan::own(&state.db, &s.ctx, id).await?;
            let forslag = suggestions(&state, &s, &r).await?;
            form_errors(e, |errors| {
                own_page(&s, r, forslag, errors, &Done::default())
            })
        }
    }
}

pub async fn decline(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<AvbojForm>,
) -> AppResult<Response> {
    match forfragan::decline(&state.db, &s.ctx, id, &form).await {
        Ok(()) => Ok(Redirect::to("/forfragningar?klart=avbojd").into_response()),
        Err(e) => {
            let r = forfragan::for_coordinator(&state.db, &s.ctx, id).await?;
            form_errors(e, |errors| handle_page(&s, r, errors, &form))
        }
    }
}

pub async fn forward(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<VidareForm>,
) -> AppResult<Response> {
    match forfragan::forward(&state.db, &s.ctx, id, &form).await {
        Ok(()) => Ok(Redirect::to("/forfragningar?klart=vidare").into_response()),
        Err(e) => {
            let r = forfragan::for_coordinator(&state.db, &s.ctx, id).await?;
            form_errors(e, |errors| {
                handle_page(&s, r, errors, &AvbojForm::default())
            })
        }
    }
}

/// The code a coordinator links the sender's login to.
#[derive(Debug, Default, serde::Deserialize)]
pub struct KodForm {
    #[serde(default)]
    pub kod: String,
}

pub async fn link_code(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<KodForm>,
) -> AppResult<Response> {
    match forfragan::link_code(&state.db, &s.ctx, id, &form.kod).await {
        Ok(()) => Ok(Redirect::to(&format!("/forfragningar/{id}")).into_response()),
        Err(e) => {
            let r = forfragan::for_coordinator(&state.db, &s.ctx, id).await?;
            form_errors(e, |errors| {
                handle_page(&s, r, errors, &AvbojForm::default())
            })
        }
    }
}

/// An answer to the handläggare, written on the ärende page.
pub async fn answer(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<SvarForm>,
) -> AppResult<Response> {
    let result = forfragan::answer(&state.db, &s.ctx, id, &form).await;
    let forms = Forms {
        svar: form.svar,
        ..Forms::default()
    };
    crate::pages::arenden::handlers::detail::after(&state, &s, id, result, forms).await
}
