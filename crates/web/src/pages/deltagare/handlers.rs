//! Request → core call → view for the participant pages. The core checks every call: the
//! queue for the insats's coaches and its insatsansvarig, a participant for their coach.

use super::views::*;
use crate::choices::Opt;
use crate::error::AppResult;
use crate::extract::{IdPath, Pairs, TenantUser};
use crate::forms::redirect_or_form;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx};
use axum::extract::{Query, State};
use axum::response::Response;
use lotsen_core::auth::LoadedSession;
use lotsen_core::deltagare::{self, DeltagareView, EnrolForm};
use lotsen_domain::FieldErrors;
use lotsen_domain::deltagare::{AktivitetTyp, DeltagareStatus, Tillfalle};
use lotsen_domain::deltagare_form::Fields;
use uuid::Uuid;

fn fields(pairs: Vec<(String, String)>) -> Fields {
    Fields(pairs.into_iter().filter(|(k, _)| k != "_csrf").collect())
}

fn base(kod: &str, id: Uuid) -> String {
    format!("/insatser/{kod}/deltagare/{id}")
}

/// `/insatser/{kod}/deltagare`: the queue and the participants.
pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Query(q): Query<FlashQuery>,
) -> AppResult<ListPage> {
    let l = deltagare::list(&state.db, &s.ctx, &kod).await?;
    let coach_options = l
        .coaches
        .iter()
        .map(|(id, namn)| Opt {
            value: id.to_string(),
            label: namn.clone(),
            selected: *id == s.ctx.user_id,
        })
        .collect();
    Ok(ListPage {
        page: PageCtx::new(
            &s,
            "/insatser",
            format!("Kö och deltagare – {}", l.insats.namn),
        ),
        flash: q.message(),
        l,
        coach_options,
    })
}

/// Strikes a queue entry.
pub async fn strike(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<Response> {
    let r = deltagare::strike(&state.db, &s.ctx, &kod, id).await;
    redirect_or_form(
        r,
        |()| format!("/insatser/{kod}/deltagare?klart=sparat"),
        |_| async { Err::<ListPage, _>(crate::error::AppError::BadRequest) },
    )
    .await
}

/// Assigns a queue entry to a coach.
pub async fn assign(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let f = fields(pairs);
    let r = deltagare::assign(&state.db, &s.ctx, &kod, id, f.get("coach")).await;
    redirect_or_form(
        r,
        |()| format!("/insatser/{kod}/deltagare?klart=sparat"),
        |_| async { Err::<ListPage, _>(crate::error::AppError::BadRequest) },
    )
    .await
}

fn enrol_page(
    s: &LoadedSession,
    start: EnrolForm,
    ko: Option<Uuid>,
    form: Fields,
    errors: FieldErrors,
) -> EnrolPage {
    let kod = start.insats.kod.clone();
    let kommuner = start
        .kommuner
        .iter()
        .map(|(k, n)| Opt {
            value: k.clone(),
            label: n.clone(),
            selected: form.get("bostadskommun") == k,
        })
        .collect();
    EnrolPage {
        page: PageCtx::new(s, "/insatser", "Skriv in deltagare"),
        action: match ko {
            Some(id) => format!("/insatser/{kod}/ko/{id}/inskriv"),
            None => format!("/insatser/{kod}/deltagare/ny"),
        },
        from_queue: ko.is_some(),
        ko_datum: start.ko_datum.map(|d| d.to_string()).unwrap_or_default(),
        kon: EnrolPage::choices_kon(form.get("kon")),
        kalla: EnrolPage::choices_kalla(form.get("kalla")),
        kommuner,
        samtycke_form: EnrolPage::choices_samtycke_form(form.get("samtycke_form")),
        manader: EnrolPage::choices_manader(form.get("uppfoljning_manader")),
        matning: MatningFields::of(&form, true),
        insats: start.insats,
        form,
        errors,
    }
}

/// The form prefilled from the queue entry (kön, birth year, kommun).
fn prefilled(start: &EnrolForm) -> Fields {
    let mut v = Vec::new();
    if let Some(k) = start.kon {
        v.push(("kon".to_string(), k.code().to_string()));
    }
    if let Some(y) = start.fodelsear {
        v.push(("fodelsear".to_string(), y.to_string()));
    }
    if let Some(k) = &start.bostadskommun {
        v.push(("bostadskommun".to_string(), k.clone()));
    }
    Fields(v)
}

/// `/insatser/{kod}/ko/{id}/inskriv`: the inskrivning form for a queue entry.
pub async fn enrol_queued_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<EnrolPage> {
    let start = deltagare::enrol_form(&state.db, &s.ctx, &kod, Some(id)).await?;
    let form = prefilled(&start);
    Ok(enrol_page(&s, start, Some(id), form, FieldErrors::new()))
}

pub async fn enrol_queued(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::enrol(&state.db, &s.ctx, &kod, Some(id), &form).await;
    let k = kod.clone();
    redirect_or_form(
        r,
        |d| format!("{}?klart=skapad", base(&k, d)),
        |errors| async {
            let start = deltagare::enrol_form(&state.db, &s.ctx, &kod, Some(id)).await?;
            Ok(enrol_page(&s, start, Some(id), form, errors))
        },
    )
    .await
}

/// `/insatser/{kod}/deltagare/ny`: a direct inskrivning, without the queue.
pub async fn enrol_direct_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
) -> AppResult<EnrolPage> {
    let start = deltagare::enrol_form(&state.db, &s.ctx, &kod, None).await?;
    Ok(enrol_page(
        &s,
        start,
        None,
        Fields::default(),
        FieldErrors::new(),
    ))
}

pub async fn enrol_direct(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(kod): IdPath<String>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::enrol(&state.db, &s.ctx, &kod, None, &form).await;
    let k = kod.clone();
    redirect_or_form(
        r,
        |d| format!("{}?klart=skapad", base(&k, d)),
        |errors| async {
            let start = deltagare::enrol_form(&state.db, &s.ctx, &kod, None).await?;
            Ok(enrol_page(&s, start, None, form, errors))
        },
    )
    .await
}

async fn show_page(
    state: &AppState,
    s: &LoadedSession,
    kod: &str,
    id: Uuid,
    flash: Option<&'static str>,
    form: Fields,
    errors: FieldErrors,
) -> AppResult<ShowPage> {
    let d = deltagare::get(&state.db, &s.ctx, kod, id).await?;
    Ok(show_view(s, kod, d, flash, form, errors))
}

fn show_view(
    s: &LoadedSession,
    kod: &str,
    d: DeltagareView,
    flash: Option<&'static str>,
    form: Fields,
    errors: FieldErrors,
) -> ShowPage {
    let matningar = d
        .matningar
        .iter()
        .map(|m| {
            let (forsorjning, sysselsattning) = matning_text(m);
            let mut ovrigt = Vec::new();
            if let Some(u) = m.utbildning {
                ovrigt.push(format!("Utbildning: {}", u.label()));
            }
            if let Some(t) = m.tid_offentlig {
                ovrigt.push(format!("Tid i offentlig försörjning: {}", t.label()));
            }
            if let Some(r) = m.sjalvskattning {
                ovrigt.push(format!("Självskattning: {r} av 10"));
            }
            MatningRow {
                id: m.matning_id,
                tillfalle: m.tillfalle.label(),
                datum: m.datum.to_string(),
                forsorjning,
                sysselsattning,
                ovrigt: ovrigt.join(" · "),
                ersatt: m.ersatt,
            }
        })
        .collect();
    let uppfoljningar = d
        .uppfoljningar
        .iter()
        .map(|u| UppfoljningRow {
            tillfalle: u.tillfalle.label(),
            code: u.tillfalle.code(),
            forfaller: u.forfaller.to_string(),
            gjord: u.gjord,
            due: !u.gjord
                && d.today
                    .is_some_and(|t| u.forfaller <= t + time::Duration::days(14)),
        })
        .collect();
    let timeline = d
        .aktiviteter
        .iter()
        .map(|a| {
            let rubrik = match (a.typ, a.motestyp) {
                (AktivitetTyp::Mote, Some(m)) => m.label().to_string(),
                (t, _) => t.label().to_string(),
            };
            let mut detalj = Vec::new();
            if let Some(t) = a.till {
                detalj.push(format!("till {t}"));
            }
            if let Some(o) = a.omfattning {
                detalj.push(format!("{o} %"));
            }
            if !a.plats.is_empty() {
                detalj.push(a.plats.clone());
            }
            if !a.parter.is_empty() {
                let p: Vec<&str> = a
                    .parter
                    .iter()
                    .filter_map(|p| lotsen_domain::Part::from_code(p).map(|p| p.label()))
                    .collect();
                detalj.push(format!("med {}", p.join(", ")));
            }
            TimelineRow {
                datum: a.datum.to_string(),
                rubrik,
                detalj: detalj.join(" · "),
                anteckning: a.anteckning.clone(),
            }
        })
        .collect();
    let ersattare = d
        .coaches
        .iter()
        .map(|(id, namn)| Opt {
            value: id.to_string(),
            label: namn.clone(),
            selected: d.ersattare_id == Some(*id),
        })
        .collect();
    let samtycke = d.samtycke_datum.is_some() && d.aterkallad.is_none();
    let today = d.today.map(|t| t.to_string()).unwrap_or_default();
    ShowPage {
        page: PageCtx::new(s, "/insatser", format!("Deltagare {}", d.nummer)),
        flash,
        kod: kod.to_string(),
        insats_namn: d.insats_namn.clone(),
        agare: d.agare.clone(),
        person: person_text(d.kon, d.fodelsear, d.kommun.as_deref()),
        status: d.status.label(),
        kalla: d.kalla.map(|k| k.label().to_string()).unwrap_or_default(),
        avslut: d
            .avslutsanledning
            .map(|a| a.label().to_string())
            .unwrap_or_default(),
        mottagande_part: d
            .mottagande_part
            .map(|p| p.label().to_string())
            .unwrap_or_default(),
        samtycke,
        matningar,
        uppfoljningar,
        timeline,
        typer: ShowPage::choices_typ(form.get("typ")),
        motestyper: ShowPage::options_motestyp(form.get("motestyp")),
        parter: ShowPage::choices_parter(&form.all("part")),
        ersattare,
        today,
        d,
        form,
        errors,
    }
}

/// `/insatser/{kod}/deltagare/{id}`: one participant, for their coach.
pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Query(q): Query<FlashQuery>,
) -> AppResult<ShowPage> {
    show_page(
        &state,
        &s,
        &kod,
        id,
        q.message(),
        Fields::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn add_activity(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::add_activity(&state.db, &s.ctx, &kod, id, &form).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat#tidslinje", base(&kod, id)),
        |errors| show_page(&state, &s, &kod, id, None, form, errors),
    )
    .await
}

pub async fn withdraw(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::withdraw_consent(&state.db, &s.ctx, &kod, id, form.get("aterkallad")).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat", base(&kod, id)),
        |errors| show_page(&state, &s, &kod, id, None, form, errors),
    )
    .await
}

pub async fn replacement(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::set_replacement(&state.db, &s.ctx, &kod, id, form.get("ersattare")).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat", base(&kod, id)),
        |errors| show_page(&state, &s, &kod, id, None, form, errors),
    )
    .await
}

async fn exit_page(
    state: &AppState,
    s: &LoadedSession,
    kod: &str,
    id: Uuid,
    form: Fields,
    errors: FieldErrors,
) -> AppResult<ExitPage> {
    let d = deltagare::get(&state.db, &s.ctx, kod, id).await?;
    if d.status != DeltagareStatus::Inskriven {
        return Err(crate::error::AppError::NotFound);
    }
    let samtycke = d.samtycke_datum.is_some() && d.aterkallad.is_none();
    Ok(ExitPage {
        page: PageCtx::new(s, "/insatser", format!("Skriv ut deltagare {}", d.nummer)),
        kod: kod.to_string(),
        id,
        nummer: d.nummer,
        samtycke,
        anledningar: ExitPage::options_anledning(form.get("avslutsanledning")),
        parter: ExitPage::options_part(form.get("mottagande_part")),
        matning: MatningFields::of(&form, false),
        form,
        errors,
    })
}

/// `/insatser/{kod}/deltagare/{id}/utskrivning`.
pub async fn exit_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
) -> AppResult<ExitPage> {
    exit_page(&state, &s, &kod, id, Fields::default(), FieldErrors::new()).await
}

pub async fn exit(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::exit(&state.db, &s.ctx, &kod, id, &form).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat", base(&kod, id)),
        |errors| exit_page(&state, &s, &kod, id, form, errors),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn matning_page(
    state: &AppState,
    s: &LoadedSession,
    kod: &str,
    id: Uuid,
    correction: Option<(Uuid, Tillfalle)>,
    form: Fields,
    errors: FieldErrors,
) -> AppResult<MatningPage> {
    let d = deltagare::get(&state.db, &s.ctx, kod, id).await?;
    let (action, fixed, full) = match correction {
        Some((m, t)) => (
            format!("{}/matningar/{m}/ratta", base(kod, id)),
            Some(t.label()),
            t == Tillfalle::Fore,
        ),
        None => (format!("{}/uppfoljning", base(kod, id)), None, false),
    };
    Ok(MatningPage {
        page: PageCtx::new(
            s,
            "/insatser",
            if correction.is_some() {
                format!("Rätta mätning – deltagare {}", d.nummer)
            } else {
                format!("Uppföljning – deltagare {}", d.nummer)
            },
        ),
        kod: kod.to_string(),
        id,
        nummer: d.nummer,
        action,
        fixed,
        tillfallen: MatningPage::choices_tillfalle(form.get("tillfalle")),
        matning: MatningFields::of(&form, full),
        form,
        errors,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct UppfoljningQuery {
    #[serde(default)]
    pub tillfalle: String,
}

/// `/insatser/{kod}/deltagare/{id}/uppfoljning`: a follow-up after exit.
pub async fn follow_up_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Query(q): Query<UppfoljningQuery>,
) -> AppResult<MatningPage> {
    let form = Fields(vec![("tillfalle".into(), q.tillfalle)]);
    matning_page(&state, &s, &kod, id, None, form, FieldErrors::new()).await
}

pub async fn follow_up(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id)): IdPath<(String, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = deltagare::follow_up(&state.db, &s.ctx, &kod, id, &form).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat#matningar", base(&kod, id)),
        |errors| matning_page(&state, &s, &kod, id, None, form, errors),
    )
    .await
}

/// `/insatser/{kod}/deltagare/{id}/matningar/{mid}/ratta`: a correction, prefilled.
pub async fn correct_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, mid)): IdPath<(String, Uuid, Uuid)>,
) -> AppResult<MatningPage> {
    let m = deltagare::matning_for_correction(&state.db, &s.ctx, &kod, id, mid).await?;
    let form = MatningFields::fields_of(&m);
    matning_page(
        &state,
        &s,
        &kod,
        id,
        Some((mid, m.tillfalle)),
        form,
        FieldErrors::new(),
    )
    .await
}

pub async fn correct(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((kod, id, mid)): IdPath<(String, Uuid, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let m = deltagare::matning_for_correction(&state.db, &s.ctx, &kod, id, mid).await?;
    let r = deltagare::correct(&state.db, &s.ctx, &kod, id, mid, &form).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat#matningar", base(&kod, id)),
        |errors| matning_page(&state, &s, &kod, id, Some((mid, m.tillfalle)), form, errors),
    )
    .await
}
