//! Handlers of the LOKUS pages. Each parses its input, calls one core function and renders
//! the page or redirects (303); a rejected form comes back (422) with Swedish messages.

use super::views::{
    FiguresView, Forms, LokusIndexPage, MinutesPage, MoteHead, MotePage, MotenPage, NarvaroView,
    PackPage, UppfoljningView, punkter,
};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::redirect_or_form;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::CoreError;
use lotsen_core::auth::LoadedSession;
use lotsen_core::lokus::justering::{self, Justerad};
use lotsen_core::lokus::view::{self, Purpose};
use lotsen_core::lokus::{self, agenda, moten, narvaro};
use lotsen_domain::FieldErrors;
use lotsen_domain::lokus_mote::{BeslutForm, MoteForm, NarvaroForm, PunktForm};
use uuid::Uuid;

pub async fn index(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<Response> {
    let groups = lokus::groups(&state.db, &s.ctx).await?;
    Ok(LokusIndexPage {
        page: PageCtx::new(&s, "/lokus", "LOKUS-möten"),
        grupper: LokusIndexPage::rows(groups),
    }
    .into_response())
}

async fn list_page(
    state: &AppState,
    s: &LoadedSession,
    kod: &str,
    form: MoteForm,
    errors: FieldErrors,
) -> AppResult<MotenPage> {
    let l = moten::list(&state.db, &s.ctx, kod).await?;
    let title = format!("LOKUS {} – möten", l.grupp.kod);
    Ok(MotenPage::new(
        PageCtx::new(s, "/lokus", title),
        l,
        form,
        errors,
    ))
}

pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
) -> AppResult<MotenPage> {
    list_page(&state, &s, &kod, MoteForm::default(), FieldErrors::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Form(form): Form<MoteForm>,
) -> AppResult<Response> {
    redirect_or_form(
        moten::create(&state.db, &s.ctx, &kod, &form).await,
        |id| format!("/lokus/{kod}/moten/{id}?klart=skapad"),
        |errors| list_page(&state, &s, &kod, form, errors),
    )
    .await
}

async fn show_page(
    state: &AppState,
    s: &LoadedSession,
    kod: &str,
    id: Uuid,
    errors: FieldErrors,
    forms: Forms,
) -> AppResult<MotePage> {
    let v = view::get(&state.db, &s.ctx, kod, id, Purpose::Page).await?;
    let (shown, removed) = punkter(
        &v,
        forms.beslut.as_ref().map(|(id, f)| (*id, f)),
        forms.placering.as_ref().map(|(id, t)| (*id, t.as_str())),
        &errors,
    );
    let head = MoteHead::of(&v);
    let mote_form = forms.mote.unwrap_or_else(|| MoteForm {
        datum: head.datum.clone(),
        tid: head.tid.clone(),
        plats: head.plats.clone(),
    });
    Ok(MotePage {
        page: PageCtx::new(
            s,
            "/lokus",
            format!("LOKUS {} – möte {}", v.grupp.kod, head.datum),
        ),
        perms: v.perms,
        can_edit: v.perms.prepare && !head.locked && !head.vantar,
        is_justerare: v.is_justerare,
        punkter: shown,
        borttagna: removed,
        uppfoljningar: UppfoljningView::all(&v),
        narvaro: NarvaroView::of(&v, forms.narvaro),
        figures: FiguresView::of(&v.figures),
        mote_form,
        punkt_form: forms.punkt,
        protokoll: forms.protokoll.unwrap_or_else(|| head.protokoll.clone()),
        head,
        errors,
        flash: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Query(q): Query<FlashQuery>,
) -> AppResult<MotePage> {
    let mut page = show_page(&state, &s, &kod, id, FieldErrors::new(), Forms::default()).await?;
    page.flash = match q.klart.as_deref() {
        Some("justerat") => Some("Protokollet är justerat och låst."),
        Some("vantar") => Some(
            "Du har justerat protokollet. Det är justerat och låst när justeraren har justerat det i Lotsen.",
        ),
        Some("tillbaka") => Some("Din justering är tagen tillbaka. Protokollet kan ändras igen."),
        _ => q.message(),
    };
    Ok(page)
}

/// After a change: back to the meeting (at the changed part), or the page again with the
/// form's errors.
async fn after(
    state: &AppState,
    s: &LoadedSession,
    (kod, id): (&str, Uuid),
    result: Result<(), CoreError>,
    forms: Forms,
    anchor: &str,
) -> AppResult<Response> {
    redirect_or_form(
        result,
        |()| format!("/lokus/{kod}/moten/{id}?klart=sparat{anchor}"),
        |errors| show_page(state, s, kod, id, errors, forms),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Form(form): Form<MoteForm>,
) -> AppResult<Response> {
    let r = moten::update(&state.db, &s.ctx, &kod, id, &form).await;
    let forms = Forms {
        mote: Some(form),
        ..Forms::default()
    };
    after(&state, &s, (&kod, id), r, forms, "").await
}

pub async fn add_item(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Form(form): Form<PunktForm>,
) -> AppResult<Response> {
    let r = agenda::add_item(&state.db, &s.ctx, &kod, id, &form).await;
    let forms = Forms {
        punkt: form,
        ..Forms::default()
    };
    after(&state, &s, (&kod, id), r, forms, "#dagordning").await
}

pub async fn move_up(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
) -> AppResult<Response> {
    let r = agenda::move_item(&state.db, &s.ctx, &kod, id, punkt, true).await;
    let at = format!("#punkt-{punkt}");
    after(&state, &s, (&kod, id), r, Forms::default(), &at).await
}

pub async fn move_down(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
) -> AppResult<Response> {
    let r = agenda::move_item(&state.db, &s.ctx, &kod, id, punkt, false).await;
    let at = format!("#punkt-{punkt}");
    after(&state, &s, (&kod, id), r, Forms::default(), &at).await
}

#[derive(serde::Deserialize)]
pub struct PlaceringForm {
    #[serde(default)]
    placering: String,
}

/// "Flytta till plats": the item to a given position in one step.
pub async fn move_to(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
    Form(form): Form<PlaceringForm>,
) -> AppResult<Response> {
    let r = agenda::move_to(&state.db, &s.ctx, &kod, id, punkt, &form.placering).await;
    let forms = Forms {
        placering: Some((punkt, form.placering)),
        ..Forms::default()
    };
    let at = format!("#punkt-{punkt}");
    after(&state, &s, (&kod, id), r, forms, &at).await
}

pub async fn remove_item(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
) -> AppResult<Response> {
    let r = agenda::remove_item(&state.db, &s.ctx, &kod, id, punkt).await;
    after(&state, &s, (&kod, id), r, Forms::default(), "#dagordning").await
}

pub async fn restore_item(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
) -> AppResult<Response> {
    let r = agenda::restore_item(&state.db, &s.ctx, &kod, id, punkt).await;
    after(&state, &s, (&kod, id), r, Forms::default(), "#dagordning").await
}

#[derive(serde::Deserialize)]
pub struct DescriptionForm {
    #[serde(default)]
    visa: String,
}

pub async fn description(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
    Form(form): Form<DescriptionForm>,
) -> AppResult<Response> {
    let r = agenda::set_description(&state.db, &s.ctx, &kod, id, punkt, form.visa == "ja").await;
    after(
        &state,
        &s,
        (&kod, id),
        r,
        Forms::default(),
        &format!("#punkt-{punkt}"),
    )
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, punkt)): IdPath<(String, Uuid, Uuid)>,
    Form(form): Form<BeslutForm>,
) -> AppResult<Response> {
    let r = agenda::decide(&state.db, &s.ctx, &kod, id, punkt, &form).await;
    let forms = Forms {
        beslut: Some((punkt, form)),
        ..Forms::default()
    };
    after(&state, &s, (&kod, id), r, forms, &format!("#punkt-{punkt}")).await
}

#[derive(serde::Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    protokoll: String,
}

pub async fn minutes_text(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Form(form): Form<MinutesForm>,
) -> AppResult<Response> {
    let r = moten::minutes(&state.db, &s.ctx, &kod, id, &form.protokoll).await;
    let forms = Forms {
        protokoll: Some(form.protokoll),
        ..Forms::default()
    };
    after(&state, &s, (&kod, id), r, forms, "#protokoll").await
}

pub async fn mark_held(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    let r = moten::mark_held(&state.db, &s.ctx, &kod, id).await;
    after(&state, &s, (&kod, id), r, Forms::default(), "").await
}

pub async fn attendance(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Form(form): Form<NarvaroForm>,
) -> AppResult<Response> {
    let r = narvaro::save(&state.db, &s.ctx, &kod, id, &form).await;
    let forms = Forms {
        narvaro: Some(form),
        ..Forms::default()
    };
    after(&state, &s, (&kod, id), r, forms, "#narvaro").await
}

#[derive(serde::Deserialize)]
pub struct JusteraForm {
    #[serde(default)]
    bekrafta: String,
}

/// The chair's justering: locked at once, or waiting for the justerare.
pub async fn justera(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Form(form): Form<JusteraForm>,
) -> AppResult<Response> {
    let to = |klart: &str| {
        Ok(Redirect::to(&format!("/lokus/{kod}/moten/{id}?klart={klart}")).into_response())
    };
    match justering::justera(&state.db, &s.ctx, &kod, id, form.bekrafta == "ja").await {
        Ok(Justerad::Last) => to("justerat"),
        Ok(Justerad::VantarPaJusterare) => to("vantar"),
        Err(e) => {
            after(
                &state,
                &s,
                (&kod, id),
                Err(e),
                Forms::default(),
                "#justering",
            )
            .await
        }
    }
}

/// The justerare's justering, after the chair's.
pub async fn confirm(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Form(form): Form<JusteraForm>,
) -> AppResult<Response> {
    match justering::confirm(&state.db, &s.ctx, &kod, id, form.bekrafta == "ja").await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/lokus/{kod}/moten/{id}?klart=justerat")).into_response())
        }
        r => after(&state, &s, (&kod, id), r, Forms::default(), "#justering").await,
    }
}

/// The chair takes the justering back while the justerare has not justerat.
pub async fn take_back(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    match justering::take_back(&state.db, &s.ctx, &kod, id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/lokus/{kod}/moten/{id}?klart=tillbaka")).into_response())
        }
        r => after(&state, &s, (&kod, id), r, Forms::default(), "#justering").await,
    }
}

pub async fn pack(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<PackPage> {
    let v = view::get(&state.db, &s.ctx, &kod, id, Purpose::Pack).await?;
    let head = MoteHead::of(&v);
    Ok(PackPage {
        page: PageCtx::new(
            &s,
            "/lokus",
            format!("Mötespaket LOKUS {} {}", v.grupp.kod, head.datum),
        ),
        punkter: punkter(&v, None, None, &FieldErrors::new()).0,
        uppfoljningar: UppfoljningView::all(&v),
        figures: FiguresView::of(&v.figures),
        head,
    })
}

pub async fn minutes(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<MinutesPage> {
    let v = view::get(&state.db, &s.ctx, &kod, id, Purpose::Minutes).await?;
    let head = MoteHead::of(&v);
    Ok(MinutesPage {
        page: PageCtx::new(
            &s,
            "/lokus",
            format!("Protokoll LOKUS {} {}", v.grupp.kod, head.datum),
        ),
        punkter: punkter(&v, None, None, &FieldErrors::new()).0,
        narvaro: NarvaroView::of(&v, None),
        figures: FiguresView::of(&v.figures),
        head,
    })
}
