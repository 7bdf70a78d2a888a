//! Request → core call → view for the catalogue pages. The core checks the policy on every
//! call (reading: every role of the förbund; managing: förbund staff and coordinators).

use super::views::*;
use crate::choices::{Choice, Opt, ersattning_choices, malgrupp_choices};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, IdPath, TenantUser};
use crate::forms::redirect_or_form;
use crate::pages::arenden::handlers::import::read_upload;
use crate::state::AppState;
use crate::views::{PageCtx, antal};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lotsen_core::auth::LoadedSession;
use lotsen_core::katalog::{self, Choices, Filter, csv::COLUMNS};
use lotsen_domain::arende::Malgrupp;
use lotsen_domain::katalog::{KatalogForm, KatalogStatus};
use lotsen_domain::{FieldErrors, Part};
use uuid::Uuid;

/// The example file on the manage page.
const EXAMPLE: &str = "kod;namn;anordnare;kommuner;malgrupper;alder_min;alder_max;krav_ersattning;remiss;kontakt_funktion;kontakt_epost;kontakt_telefon;publik\n\
STL-ARB;Arbetsträning i Stenbäck;Stenbäcks kommun / Arbetsmarknadsenheten;Stenbäck;langtidsarbetslos|psykisk_ohalsa;18;64;;Via handläggare på AF eller socialtjänsten;Arbetsmarknadsenheten;arbetsmarknad@stenback.example;0123-45 67 00;ja\n\
UNG-LOTS;Unga-lotsen;förbundet;;unga_uvas;16;29;aktivitetsersattning|forsorjningsstod;Anmälan via samverkanskoordinatorn;Samverkanskoordinator;unga@fjardlunda.example;;nej";

fn parse_filter(q: &ListQuery, e: &mut FieldErrors) -> Filter {
    let opt = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let malgrupp = match q.malgrupp.trim() {
        "" => None,
        v => {
            let m = Malgrupp::from_code(v);
            if m.is_none() {
                e.add("malgrupp", "Välj en målgrupp i listan.");
            }
            m
        }
    };
    let alder = match q.alder.trim() {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(a) if (0..=120).contains(&a) => Some(a),
            _ => {
                e.add("alder", "Skriv åldern i hela år mellan 0 och 120.");
                None
            }
        },
    };
    let part = opt(&q.part);
    if let Some(p) = &part
        && p != "forbund"
        && Part::from_code(p).is_none()
    {
        e.add("part", "Välj en part i listan.");
    }
    let kommun = opt(&q.kommun);
    if let Some(k) = &kommun
        && !(k.len() == 4 && k.chars().all(|c| c.is_ascii_digit()))
    {
        e.add("kommun", "Välj en kommun i listan.");
    }
    Filter {
        kommun,
        malgrupp,
        alder,
        part,
        text: opt(&q.q),
        alla: q.alla == "ja",
    }
}

fn part_options(chosen: &str) -> Vec<Opt> {
    Part::ALL
        .iter()
        .map(|p| (p.code(), p.label()))
        .chain([("forbund", "Samordningsförbundet")])
        .map(|(v, l)| Opt {
            value: v.into(),
            label: l.into(),
            selected: v == chosen,
        })
        .collect()
}

/// `/katalog`: the entries with filters, in Swedish order.
pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let filter = parse_filter(&q, &mut errors);
    let choices = katalog::choices(&state.db, &s.ctx).await?;
    let entries = if errors.is_empty() {
        katalog::list(&state.db, &s.ctx, &filter).await?
    } else {
        Vec::new()
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let n = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    let page = KatalogListPage {
        page: PageCtx::new(&s, "/katalog", "Insatskatalog"),
        kommuner: choices
            .kommuner
            .iter()
            .map(|(kod, namn)| Opt {
                value: kod.clone(),
                label: namn.clone(),
                selected: *kod == q.kommun.trim(),
            })
            .collect(),
        malgrupper: malgrupp_choices(&[q.malgrupp.trim().to_string()]),
        parts: part_options(q.part.trim()),
        antal: antal(n, "insats", "insatser"),
        entries: entries.iter().map(EntryView::of).collect(),
        can_manage: choices.can_manage,
        query: q,
        errors,
    };
    Ok((status, page).into_response())
}

/// `/katalog/{id}`: one entry.
pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<KatalogShowPage> {
    let e = katalog::get(&state.db, &s.ctx, id).await?;
    let can_manage = s.ctx.can(lotsen_domain::Action::ManageKatalog);
    Ok(KatalogShowPage {
        page: PageCtx::new(&s, "/katalog", e.namn.clone()),
        entry: EntryView::of(&e),
        can_manage,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ManageQuery {
    pub klart: Option<String>,
    pub nya: Option<usize>,
    pub andrade: Option<usize>,
}

async fn manage_page(
    state: &AppState,
    s: &LoadedSession,
    flash: Option<String>,
    import: Option<ImportOutcome>,
    errors: FieldErrors,
) -> AppResult<KatalogManagePage> {
    s.ctx.require(lotsen_domain::Action::ManageKatalog)?;
    let entries = katalog::list(
        &state.db,
        &s.ctx,
        &Filter {
            alla: true,
            ..Filter::default()
        },
    )
    .await?;
    Ok(KatalogManagePage {
        page: PageCtx::new(s, "/katalog", "Hantera insatskatalogen"),
        entries: entries.iter().map(EntryView::of).collect(),
        flash,
        import,
        errors,
        columns: COLUMNS.to_vec(),
        example: EXAMPLE,
    })
}

/// `/katalog/hantera`: every entry with links to edit, the import and the export.
pub async fn manage(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<ManageQuery>,
) -> AppResult<KatalogManagePage> {
    let flash = match q.klart.as_deref() {
        Some("importerad") => Some(format!(
            "Importen är klar: {} ny{}, {} ändrade.",
            q.nya.unwrap_or(0),
            if q.nya == Some(1) { "" } else { "a" },
            q.andrade.unwrap_or(0)
        )),
        Some("skapad") => Some("Insatsen är tillagd i katalogen.".into()),
        Some("sparat") => Some("Ändringarna är sparade.".into()),
        _ => None,
    };
    manage_page(&state, &s, flash, None, FieldErrors::new()).await
}

async fn form_page(
    state: &AppState,
    s: &LoadedSession,
    id: Option<Uuid>,
    form: KatalogForm,
    errors: FieldErrors,
) -> AppResult<KatalogFormPage> {
    s.ctx.require(lotsen_domain::Action::ManageKatalog)?;
    let Choices {
        kommuner,
        anordnare,
        ..
    } = katalog::choices(&state.db, &s.ctx).await?;
    let title = if id.is_some() {
        format!("Ändra {}", form.namn)
    } else {
        "Ny insats".to_string()
    };
    Ok(KatalogFormPage {
        page: PageCtx::new(s, "/katalog", title),
        id,
        anordnare: anordnare
            .into_iter()
            .map(|a| Opt {
                selected: a.value == form.anordnare,
                value: a.value,
                label: a.label,
            })
            .collect(),
        kommuner: kommuner
            .into_iter()
            .map(|(kod, namn)| Choice2 {
                checked: form.has("kommuner", &kod),
                code: kod,
                label: namn,
            })
            .collect(),
        malgrupper: malgrupp_choices(&form.malgrupper),
        ersattning: ersattning_choices(&form.krav_ersattning),
        statuses: KatalogStatus::ALL
            .iter()
            .map(|c| Choice {
                code: c.code(),
                label: c.label(),
                hint: "",
                checked: form.status == c.code() || (form.status.is_empty() && c.code() == "aktiv"),
            })
            .collect(),
        form,
        errors,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<KatalogFormPage> {
    let form = KatalogForm {
        anordnare: "forbund".into(),
        ..KatalogForm::default()
    };
    form_page(&state, &s, None, form, FieldErrors::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Form(form): Form<KatalogForm>,
) -> AppResult<Response> {
    let r = katalog::create(&state.db, &s.ctx, &form).await;
    redirect_or_form(
        r,
        |_| "/katalog/hantera?klart=skapad".to_string(),
        |errors| form_page(&state, &s, None, form.clone(), errors),
    )
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
) -> AppResult<KatalogFormPage> {
    s.ctx.require(lotsen_domain::Action::ManageKatalog)?;
    let e = katalog::get(&state.db, &s.ctx, id).await?;
    form_page(&state, &s, Some(id), e.to_form(), FieldErrors::new()).await
}

pub async fn update(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Form(form): Form<KatalogForm>,
) -> AppResult<Response> {
    let r = katalog::update(&state.db, &s.ctx, id, &form).await;
    redirect_or_form(
        r,
        |()| "/katalog/hantera?klart=sparat".to_string(),
        |errors| form_page(&state, &s, Some(id), form.clone(), errors),
    )
    .await
}

/// `POST /katalog/hantera/import`: all or nothing; the errors come back on the manage page.
pub async fn import(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    s.ctx.require(lotsen_domain::Action::ManageKatalog)?;
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let invalid = |errors, import| async {
        Ok::<Response, AppError>(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                manage_page(&state, &s, None, import, errors).await?,
            )
                .into_response(),
        )
    };
    // The ärende import's reader; its `lokus` part is not sent here.
    let file = match read_upload(&mut multipart).await.map(|(_, f)| f) {
        Ok(f) if f.is_empty() => {
            return invalid(
                FieldErrors::single("fil", "Välj en CSV-fil att importera."),
                None,
            )
            .await;
        }
        Ok(f) => f,
        Err(errors) => return invalid(errors, None).await,
    };
    let result = katalog::csv::import(&state.db, &s.ctx, &file).await?;
    if result.is_ok() {
        return Ok(Redirect::to(&format!(
            "/katalog/hantera?klart=importerad&nya={}&andrade={}",
            result.created, result.updated
        ))
        .into_response());
    }
    let n = result.errors.len();
    let errors = FieldErrors::single(
        "fil",
        format!(
            "Filen har {}. Ingenting har importerats. Se listan under formuläret.",
            antal(i64::try_from(n).unwrap_or(i64::MAX), "fel", "fel")
        ),
    );
    let outcome = ImportOutcome {
        errors: result.errors,
        converted: result.encoding.notice(),
        ignored: result.ignored,
    };
    invalid(errors, Some(outcome)).await
}

/// `/katalog/hantera/export.csv`: the catalogue in the import's format.
pub async fn export(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
) -> AppResult<Response> {
    let bytes = katalog::csv::export(&state.db, &s.ctx).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"insatskatalog.csv\"".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `/k/{slug}`: a förbund's public catalogue, without login. An unknown förbund is 404.
pub async fn public(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<KatalogPublicPage> {
    let k = katalog::public(&state.db, &slug).await?;
    Ok(KatalogPublicPage {
        page: PageCtx::anonymous(format!("Insatser – {}", k.forbund_namn)),
        entries: k.entries.iter().map(PublicView::of).collect(),
        forbund_namn: k.forbund_namn,
    })
}

/// The ärende page's panel from what the ärende's read brought (suggestions for the ärende's
/// individual, and the entries an action may name; `chosen` is the action form's value).
pub fn arende_panel(k: katalog::ForArende, chosen: &str) -> ArendePanel {
    let katalog::ForArende { forslag, targets } = k;
    let targets = std::iter::once(Opt {
        value: String::new(),
        label: "Ingen".into(),
        selected: chosen.is_empty(),
    })
    .chain(targets.into_iter().map(|(id, label)| Opt {
        selected: chosen == id.to_string(),
        value: id.to_string(),
        label,
    }))
    .collect();
    ArendePanel { forslag, targets }
}
