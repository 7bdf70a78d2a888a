//! The intake form (`/arenden/ny`) and the edit form (`/arenden/{id}/andra`): one screen,
//! sensible defaults, Enter submits, errors beside each field and in a summary, everything
//! typed kept. "Spara och registrera nästa" (`POST /arenden/ny?nasta=1`) saves and returns to
//! a fresh form (`/arenden/ny?registrerat={id}`) that keeps the group, sender and channel.

use crate::choices::{Opt, OptGroup};
use crate::choices::{
    ersattning_choices, kanal_choices, kon_choices, malgrupp_choices, problem_choices,
};
use crate::error::AppResult;
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::form_errors;
use crate::pages::arenden::views::form::*;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::arende::create::{self, IntakeChoices};
use lotsen_core::arende::{change, detail};
use lotsen_core::auth::LoadedSession;
use lotsen_domain::FieldErrors;
use lotsen_domain::arende_form::{ArendeForm, Avsandare, looks_like_name};
use uuid::Uuid;

/// The intake form's query: on the GET the ärende just saved by "Spara och registrera nästa",
/// on the POST that button (its `formaction`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct IntakeQuery {
    pub registrerat: Option<String>,
    pub nasta: Option<String>,
    /// Accepting a request: the form prefilled from it.
    pub forfragan: Option<String>,
}

pub(crate) fn page(
    s: &LoadedSession,
    c: IntakeChoices,
    form: ArendeForm,
    errors: FieldErrors,
    editing: Option<Editing>,
) -> ArendeFormPage {
    let title = match (&editing, &c.registered) {
        (Some(e), _) => format!("Ändra ärende {}", e.nummer),
        (None, Some(r)) => format!("Nytt ärende ({} registrerat)", r.nummer),
        (None, None) => "Nytt ärende".to_string(),
    };
    // The sender of the coordinator's latest ärende, which a fresh form preselects.
    let last_used = match editing {
        None => c.defaults.avsandare.clone(),
        Some(_) => String::new(),
    };
    let path = if editing.is_some() {
        "/arenden"
    } else {
        "/arenden/ny"
    };
    let lokus = c
        .lokus
        .iter()
        .map(|l| Opt {
            value: l.lokus_id.to_string(),
            label: format!("{} – {}", l.kod, l.namn),
            selected: form.lokus == l.lokus_id.to_string(),
        })
        .collect();
    let mut avsandare: Vec<OptGroup> = Vec::new();
    for a in c.avsandare {
        let label = a.part.label().to_string();
        if avsandare.last().map(|g| g.label != label).unwrap_or(true) {
            avsandare.push(OptGroup {
                label: label.clone(),
                options: Vec::new(),
            });
        }
        if let Some(g) = avsandare.last_mut() {
            let label = if !last_used.is_empty() && a.value == last_used {
                format!("{} (senast använd)", a.label)
            } else {
                a.label
            };
            g.options.push(Opt {
                selected: form.avsandare == a.value,
                value: a.value,
                label,
            });
        }
    }
    let (egna, ovriga): (Vec<_>, Vec<_>) = c.kommuner.into_iter().partition(|k| k.egen);
    let to_opts = |list: Vec<create::KommunChoice>| -> Vec<Opt> {
        list.into_iter()
            .map(|k| Opt {
                selected: form.bostadskommun == k.kod,
                value: k.kod,
                label: k.namn,
            })
            .collect()
    };
    let kommuner = vec![
        OptGroup {
            label: "Förbundets kommuner".into(),
            options: to_opts(egna),
        },
        OptGroup {
            label: "Övriga kommuner".into(),
            options: to_opts(ovriga),
        },
    ];
    ArendeFormPage {
        page: PageCtx::new(s, path, title),
        namnlik: looks_like_name(&form.handlaggare),
        registered: c.registered,
        editing,
        lokus,
        avsandare,
        kommuner,
        handlaggare: c.handlaggare,
        kanal: kanal_choices(&form.kanal),
        kon: kon_choices(&form.kon),
        ersattning: ersattning_choices(&form.ersattning),
        malgrupper: malgrupp_choices(&form.malgrupper),
        problem: problem_choices(&form.samverkansproblem),
        today: c.today.to_string(),
        insats_groups: Vec::new(),
        form,
        errors,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<IntakeQuery>,
) -> AppResult<Response> {
    if let Some(id) = q.forfragan.as_deref() {
        let id = Uuid::parse_str(id).map_err(|_| lotsen_core::CoreError::NotFound)?;
        // A request decided meanwhile (accepted, declined, withdrawn) shows where it stands.
        let form = match lotsen_core::forfragan::prefill(&state.db, &s.ctx, id).await {
            Ok((form, _)) => form,
            Err(lotsen_core::CoreError::Invalid(_)) => {
                return Ok(Redirect::to(&format!("/forfragningar/{id}")).into_response());
            }
            Err(e) => return Err(e.into()),
        };
        let c = create::intake_choices(&state.db, &s.ctx).await?;
        let groups = offer_groups(&state, &s, &form.insats).await?;
        let mut p = page(&s, c, form, FieldErrors::new(), None);
        p.insats_groups = groups;
        return Ok(p.into_response());
    }
    let after = q
        .registrerat
        .as_deref()
        .and_then(|id| Uuid::parse_str(id).ok());
    let c = match after {
        Some(id) => create::next_intake(&state.db, &s.ctx, id).await?,
        None => create::intake_choices(&state.db, &s.ctx).await?,
    };
    let form = c.defaults.clone();
    Ok(page(&s, c, form, FieldErrors::new(), None).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<IntakeQuery>,
    Form(form): Form<ArendeForm>,
) -> AppResult<Response> {
    match create::create(&state.db, &s.ctx, &form).await {
        Ok(created) if q.nasta.is_some() => Ok(Redirect::to(&format!(
            "/arenden/ny?registrerat={}",
            created.arende_id
        ))
        .into_response()),
        Ok(created) => {
            let flash = if created.already { "fanns" } else { "skapad" };
            Ok(
                Redirect::to(&format!("/arenden/{}?klart={flash}", created.arende_id))
                    .into_response(),
            )
        }
        Err(e) => {
            let c = create::intake_choices(&state.db, &s.ctx).await?;
            let groups = if form.forfragan.is_empty() {
                Vec::new()
            } else {
                offer_groups(&state, &s, &form.insats).await?
            };
            form_errors(e, |errors| {
                let mut p = page(&s, c, form, errors, None);
                p.insats_groups = groups;
                p
            })
        }
    }
}

/// The tilläggsresurs insatser a request can be accepted into, by LOKUS group.
async fn offer_groups(
    state: &AppState,
    s: &LoadedSession,
    chosen: &str,
) -> AppResult<Vec<OptGroup>> {
    let mut groups: Vec<OptGroup> = Vec::new();
    for (group, id, namn) in lotsen_core::deltagare::offer_choices(&state.db, &s.ctx).await? {
        let opt = Opt {
            value: id.to_string(),
            label: namn,
            selected: chosen == id.to_string(),
        };
        match groups.last_mut() {
            Some(g) if g.label == group => g.options.push(opt),
            _ => groups.push(OptGroup {
                label: group,
                options: vec![opt],
            }),
        }
    }
    Ok(groups)
}

/// The stored ärende as the form's values.
pub(crate) fn form_of(a: &detail::ArendeDetail) -> ArendeForm {
    let avsandare = match (a.enhet_id, a.organisation_id) {
        (Some(e), _) => Avsandare::Enhet(e).value(),
        (None, Some(o)) => Avsandare::Organisation(o).value(),
        _ => String::new(),
    };
    ArendeForm {
        formular_id: a.arende_id.to_string(),
        lokus: a.lokus_id.to_string(),
        inkom: a.inkom.to_string(),
        kanal: a.kanal.map(|k| k.code().to_string()).unwrap_or_default(),
        avsandare,
        handlaggare: a.handlaggare.clone().unwrap_or_default(),
        handlaggare_ej_namn: String::new(),
        kon: a.kon.code().to_string(),
        alder: a.alder.map(|x| x.to_string()).unwrap_or_default(),
        bostadskommun: a.bostadskommun.clone().unwrap_or_default(),
        ersattning: a.ersattning.iter().map(|x| x.code().to_string()).collect(),
        malgrupper: a.malgrupper.iter().map(|x| x.code().to_string()).collect(),
        samverkansproblem: a
            .samverkansproblem
            .map(|p| p.code().to_string())
            .unwrap_or_default(),
        beskrivning: a.beskrivning.clone(),
        forfragan: String::new(),
        insats: String::new(),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<ArendeFormPage> {
    let view = detail::get(&state.db, &s.ctx, id).await?;
    let c = create::intake_choices(&state.db, &s.ctx).await?;
    let editing = Editing {
        id,
        nummer: view.arende.nummer.clone(),
    };
    Ok(page(
        &s,
        c,
        form_of(&view.arende),
        FieldErrors::new(),
        Some(editing),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<ArendeForm>,
) -> AppResult<Response> {
    match change::update(&state.db, &s.ctx, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/arenden/{id}?klart=sparat")).into_response()),
        Err(e) => {
            let view = detail::get(&state.db, &s.ctx, id).await?;
            let c = create::intake_choices(&state.db, &s.ctx).await?;
            let editing = Editing {
                id,
                nummer: view.arende.nummer.clone(),
            };
            let form = ArendeForm {
                lokus: view.arende.lokus_id.to_string(),
                ..form
            };
            form_errors(e, |errors| page(&s, c, form, errors, Some(editing)))
        }
    }
}
