//! The detail page of an ärende (`/arenden/{id}`): everything recorded, the timeline, and the
//! forms for actions, flagging to LOKUS, status, closing, reopening and notes.

use crate::choices::{Choice, atgard_choices, avslut_choices, label_list};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::redirect_or_form;
use crate::pages::arenden::views::detail::*;
use crate::state::AppState;
use crate::views::{Fact, FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::Response;
use lotsen_core::CoreError;
use lotsen_core::arende::change::{self, AtgardForm, CloseForm};
use lotsen_core::arende::consent;
use lotsen_core::arende::detail;
use lotsen_core::auth::LoadedSession;
use lotsen_domain::arende::{Atgard, Ersattning, Handelse, Kanal, Malgrupp};
use lotsen_domain::arende_form::Avsandare;
use lotsen_domain::samtycke::{SamtyckeForm, SamtyckeInput};
use lotsen_domain::{FieldErrors, Part};
use uuid::Uuid;

pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(q): Query<FlashQuery>,
) -> AppResult<ArendeShowPage> {
    let mut page = show_page(&state, &s, id, FieldErrors::new(), Forms::default()).await?;
    page.flash = match q.klart.as_deref() {
        Some("fanns") => Some("Formuläret hade redan skickats; här är ärendet som registrerades."),
        _ => q.message(),
    };
    Ok(page)
}

/// After a change: back to the ärende, or the page again with the form's errors.
pub(crate) async fn after(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    result: Result<(), CoreError>,
    forms: Forms,
) -> AppResult<Response> {
    redirect_or_form(
        result,
        |()| format!("/arenden/{id}?klart=sparat"),
        |errors| show_page(state, s, id, errors, forms),
    )
    .await
}

pub async fn add_action(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<AtgardForm>,
) -> AppResult<Response> {
    let r = change::add_action(&state.db, &s.ctx, id, &form).await;
    after(
        &state,
        &s,
        id,
        r,
        Forms {
            atgard: form,
            ..Forms::default()
        },
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    fraga: String,
}

pub async fn flag(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<FlagForm>,
) -> AppResult<Response> {
    let r = change::flag(&state.db, &s.ctx, id, &form.fraga).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub async fn unflag(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let r = change::unflag(&state.db, &s.ctx, id).await;
    after(&state, &s, id, r, Forms::default()).await
}

#[derive(serde::Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let r = change::set_status(&state.db, &s.ctx, id, &form.status).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub async fn close(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<CloseForm>,
) -> AppResult<Response> {
    let r = change::close(&state.db, &s.ctx, id, &form).await;
    after(
        &state,
        &s,
        id,
        r,
        Forms {
            close: form,
            ..Forms::default()
        },
    )
    .await
}

pub async fn reopen(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let r = change::reopen(&state.db, &s.ctx, id).await;
    after(&state, &s, id, r, Forms::default()).await
}

#[derive(serde::Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    anteckning_text: String,
}

pub async fn note(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let r = change::note(&state.db, &s.ctx, id, &form.anteckning_text).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub async fn record_consent(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(input): Form<SamtyckeInput>,
) -> AppResult<Response> {
    let r = consent::record_consent(&state.db, &s.ctx, id, &input).await;
    after(
        &state,
        &s,
        id,
        r,
        Forms {
            samtycke: input,
            ..Forms::default()
        },
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct IdentityForm {
    #[serde(default)]
    identitet_namn: String,
    #[serde(default)]
    identitet_personnummer: String,
}

pub async fn set_identity(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<IdentityForm>,
) -> AppResult<Response> {
    let r = consent::set_identity(
        &state.db,
        &s.ctx,
        id,
        &form.identitet_namn,
        &form.identitet_personnummer,
    )
    .await;
    let forms = Forms {
        identitet_namn: form.identitet_namn,
        identitet_personnummer: form.identitet_personnummer,
        ..Forms::default()
    };
    after(&state, &s, id, r, forms).await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<Response> {
    let r = consent::withdraw_consent(&state.db, &s.ctx, id).await;
    after(&state, &s, id, r, Forms::default()).await
}

pub(super) fn rubrik(typ: Handelse, kod: Option<Atgard>, text: &str) -> String {
    match typ {
        Handelse::Atgard => kod.map_or(typ.label(), Atgard::label).to_string(),
        Handelse::Status | Handelse::Avslutad => format!("{}: {text}", typ.label()),
        Handelse::Samtycke => format!("{} ({})", typ.label(), text.to_lowercase()),
        _ => typ.label().to_string(),
    }
}

pub(super) async fn show_page(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    errors: FieldErrors,
    forms: Forms,
) -> AppResult<ArendeShowPage> {
    let Forms {
        atgard: atgard_form,
        close: close_form,
        samtycke: samtycke_form,
        identitet_namn,
        identitet_personnummer,
        svar,
    } = forms;
    let view = detail::get(&state.db, &s.ctx, id).await?;
    let a = view.arende;
    let samtycke = view.samtycke.map(|c| ConsentView {
        datum: c.datum.to_string(),
        form: c.form.label().to_string(),
        parter: label_list(&c.parter, Part::label),
        omfattning: c.omfattning,
    });
    let identitet_namn = if identitet_namn.is_empty() {
        view.identitet
            .as_ref()
            .map(|i| i.namn.clone())
            .unwrap_or_default()
    } else {
        identitet_namn
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
    let avsandare = match (&a.organisation, &a.enhet) {
        (Some(o), Some(e)) => format!("{o} – {e}"),
        (Some(o), None) => o.clone(),
        _ => "–".into(),
    };
    let facts = vec![
        Fact {
            term: "LOKUS-grupp",
            value: format!("{} – {}", a.lokus_kod, a.lokus_namn),
        },
        Fact {
            term: "Inkom",
            value: a.inkom.to_string(),
        },
        Fact {
            term: "Kanal",
            value: a.kanal.map(Kanal::label).unwrap_or("–").into(),
        },
        Fact {
            term: "Part",
            value: a.part.label().into(),
        },
        Fact {
            term: "Avsändare",
            value: avsandare,
        },
        Fact {
            term: "Handläggare",
            value: opt(&a.handlaggare),
        },
        Fact {
            term: "Kön",
            value: a.kon.label().into(),
        },
        Fact {
            term: "Ålder",
            value: a
                .alder
                .map(|x| format!("{x} år"))
                .unwrap_or_else(|| "Okänd".into()),
        },
        Fact {
            term: "Bostadskommun",
            value: opt(&a.bostadskommun_namn),
        },
        Fact {
            term: "Ersättning",
            value: label_list(&a.ersattning, Ersattning::label),
        },
        Fact {
            term: "Målgrupper",
            value: label_list(&a.malgrupper, Malgrupp::label),
        },
        Fact {
            term: "Samverkansproblem",
            value: a
                .samverkansproblem
                .map(|p| p.label().to_string())
                .unwrap_or_else(|| "Inte bedömt".into()),
        },
        Fact {
            term: "Avslut",
            value: match (a.avslut, a.avslutad_datum) {
                (Some(avslut), Some(d)) => format!("{} ({d})", avslut.label()),
                _ => "–".into(),
            },
        },
    ];
    let mut mal = vec![MalOption {
        value: String::new(),
        label: "Ingen särskild".into(),
        selected: atgard_form.mal.is_empty(),
    }];
    for p in Part::ALL {
        let value = format!("part:{}", p.code());
        mal.push(MalOption {
            selected: atgard_form.mal == value,
            value,
            label: format!("{} (part)", p.label()),
        });
    }
    for o in &view.organisationer {
        let value = Avsandare::Organisation(o.organisation_id).value();
        mal.push(MalOption {
            selected: atgard_form.mal == value,
            value,
            label: o.namn.clone(),
        });
    }
    let katalog = crate::pages::katalog::arende_panel(view.katalog, &atgard_form.katalog);
    let insats_options = view
        .insats_val
        .iter()
        .map(|(id, namn)| crate::choices::Opt {
            value: id.to_string(),
            label: namn.clone(),
            selected: atgard_form.insats == id.to_string(),
        })
        .collect();
    let today = a.idag.to_string();
    let atgard_form = AtgardForm {
        datum: if atgard_form.datum.is_empty() {
            today.clone()
        } else {
            atgard_form.datum
        },
        ..atgard_form
    };
    let close_form = CloseForm {
        avslutad_datum: if close_form.avslutad_datum.is_empty() {
            today.clone()
        } else {
            close_form.avslutad_datum
        },
        ..close_form
    };
    Ok(ArendeShowPage {
        page: PageCtx::new(s, "/arenden", format!("Ärende {}", a.nummer)),
        id,
        status_label: a.status.label().into(),
        closed: a.status == lotsen_domain::arende::Status::Avslutad,
        status: a.status.code().into(),
        flaggad: a.flaggad,
        fraga: a.lokus_fraga.clone().unwrap_or_default(),
        flaggad_datum: a.flaggad_datum.map(|d| d.to_string()).unwrap_or_default(),
        problem_forklaring: a
            .samverkansproblem
            .map(|p| p.explanation())
            .unwrap_or("")
            .into(),
        beskrivning: a.beskrivning.clone(),
        nummer: a.nummer.clone(),
        facts,
        timeline: view
            .timeline
            .into_iter()
            .map(|t| TimelineRow {
                datum: t.datum.to_string(),
                rubrik: rubrik(t.typ, t.kod, &t.text),
                mal: t.mal,
                text: if matches!(t.typ, Handelse::Status | Handelse::Avslutad) {
                    String::new()
                } else {
                    t.text
                },
                av: t.av.unwrap_or_else(|| "–".into()),
                registrerad: t.registrerad,
            })
            .collect(),
        atgarder: atgard_choices(&atgard_form.kod),
        avslut: avslut_choices(&close_form.avslut),
        mal,
        atgard_form,
        katalog,
        insatser: view.insatser,
        insats_options,
        sip: view.sip,
        close_form,
        samtycke,
        identitet: view.identitet,
        samtycke_former: SamtyckeForm::ALL
            .iter()
            .map(|f| Choice {
                code: f.code(),
                label: f.label(),
                hint: "",
                checked: samtycke_form.form == f.code(),
            })
            .collect(),
        samtycke_parter: Part::ALL
            .iter()
            .map(|p| Choice {
                code: p.code(),
                label: p.label(),
                hint: "",
                checked: samtycke_form.covers(p.code()),
            })
            .collect(),
        samtycke_form: SamtyckeInput {
            datum: if samtycke_form.datum.is_empty() {
                today.clone()
            } else {
                samtycke_form.datum.clone()
            },
            ..samtycke_form
        },
        identitet_namn,
        identitet_personnummer,
        today,
        forfragan: view.forfragan.map(|f| ForfraganPanel {
            href: format!("/forfragningar/{}", f.forfragan_id),
            typ: f.typ.label(),
            svarssatt: f.svarssatt.label(),
            answers: f.answers.into_iter().map(|a| (a.tid, a.text)).collect(),
            svar,
        }),
        errors,
        flash: None,
    })
}
