//! Request → core call → view for the SIP pages. The core decides who reaches a record.

use super::views::*;
use crate::error::AppResult;
use crate::extract::{IdPath, Pairs, TenantUser};
use crate::forms::redirect_or_form;
use crate::state::AppState;
use crate::views::{FlashQuery, PageCtx, Pager};
use axum::extract::{Query, State};
use axum::response::Response;
use lotsen_core::CoreError;
use lotsen_core::auth::LoadedSession;
use lotsen_core::sip::{self, Link, SipView};
use lotsen_domain::FieldErrors;
use lotsen_domain::deltagare_form::Fields;
use uuid::Uuid;

fn fields(pairs: Vec<(String, String)>) -> Fields {
    Fields(pairs.into_iter().filter(|(k, _)| k != "_csrf").collect())
}

fn base(id: Uuid) -> String {
    format!("/sip/{id}")
}

/// `?sida=N` (from 1).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    pub sida: Option<u32>,
}

/// `/sip`: the SIPs the person keeps or is invited to, a page at a time.
pub async fn list(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<PageQuery>,
) -> AppResult<ListPage> {
    let page_no = q.sida.unwrap_or(1).max(1);
    let list = sip::list(&state.db, &s.ctx, page_no - 1).await?;
    let total = i64::try_from(list.total).unwrap_or(i64::MAX);
    Ok(ListPage {
        page: PageCtx::new(&s, "/sip", "SIP"),
        pager: Pager::new(total, sip::PER_PAGE, page_no, |n| format!("/sip?sida={n}")),
        total: list.total,
        items: list.items,
    })
}

/// `?arende=…` or `?deltagare=…`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LinkQuery {
    pub arende: Option<String>,
    pub deltagare: Option<String>,
}

impl LinkQuery {
    fn link(&self) -> Result<Link, CoreError> {
        let id = |v: &Option<String>| v.as_deref().and_then(|v| Uuid::parse_str(v).ok());
        match (id(&self.arende), id(&self.deltagare)) {
            (Some(a), None) => Ok(Link::Arende(a)),
            (None, Some(d)) => Ok(Link::Deltagare(d)),
            _ => Err(CoreError::NotFound),
        }
    }
}

async fn new_page(
    state: &AppState,
    s: &LoadedSession,
    link: Link,
    form: Fields,
    errors: FieldErrors,
) -> AppResult<NewPage> {
    let n = sip::new_form(&state.db, &s.ctx, link).await?;
    let action = match link {
        Link::Arende(a) => format!("/sip/ny?arende={a}"),
        Link::Deltagare(d) => format!("/sip/ny?deltagare={d}"),
    };
    let form = if form.0.is_empty() {
        Fields(vec![
            ("initierad".into(), n.today.to_string()),
            ("samtycke_datum".into(), n.today.to_string()),
        ])
    } else {
        form
    };
    let NewChoices {
        initiativ,
        sammankallande,
        planering,
        samtycke_form,
        samtycke_parter,
    } = NewPage::choices(&form);
    let chosen = form.all("inbjuden");
    Ok(NewPage {
        page: PageCtx::new(s, "/sip", "Starta SIP"),
        action,
        label: n.label,
        back: n.href,
        initiativ,
        sammankallande,
        sammankallande_enhet: unit_groups(&n.units, form.get("sammankallande_enhet")),
        planering,
        planering_enhet: unit_groups(&n.units, form.get("planering_enhet")),
        samtycke_form,
        samtycke_parter,
        inbjudna: invite_boxes(&n.units, &chosen),
        skola: chosen.contains(&"part:skola"),
        annan: chosen.contains(&"part:annan"),
        today: n.today.to_string(),
        form,
        errors,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<LinkQuery>,
) -> AppResult<NewPage> {
    new_page(&state, &s, q.link()?, Fields::default(), FieldErrors::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    Query(q): Query<LinkQuery>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let link = q.link()?;
    let form = fields(pairs);
    let r = sip::create(&state.db, &s.ctx, link, &form).await;
    redirect_or_form(
        r,
        |id| format!("{}?klart=skapad", base(id)),
        |errors| new_page(&state, &s, link, form, errors),
    )
    .await
}

/// `/sip/{id}`.
pub async fn show(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath(id): IdPath<Uuid>,
    Query(q): Query<FlashQuery>,
) -> AppResult<ShowPage> {
    let v = sip::get(&state.db, &s.ctx, id).await?;
    Ok(ShowPage {
        page: PageCtx::new(&s, "/sip", "SIP"),
        keeper: is_keeper(v.access),
        v,
        flash: q.message(),
    })
}

/// Renders a step's form for the record; only keepers reach the steps, except an invited
/// handläggare's own party's action status.
fn step_page(
    s: &LoadedSession,
    step: Step,
    v: SipView,
    atgard: Option<Uuid>,
    form: Fields,
    errors: FieldErrors,
) -> AppResult<StepPage> {
    let invited = !is_keeper(v.access);
    if invited && step != Step::AtgardStatus {
        return Err(CoreError::NotFound.into());
    }
    let atgard = match atgard {
        Some(a) => Some(
            v.atgarder
                .iter()
                .find(|x| x.atgard_id == a)
                .cloned()
                .ok_or(CoreError::NotFound)?,
        ),
        None => None,
    };
    let form = if step == Step::Samtycke && form.0.is_empty() {
        consent_form(&v.record)
    } else {
        form
    };
    let consent = NewPage::choices(&form);
    let id = v.record.sip_id;
    let action = match &atgard {
        Some(a) => format!("/sip/{id}/atgarder/{}", a.atgard_id),
        None => format!("/sip/{id}/{}", step.path()),
    };
    let chosen = chosen_invites(&form, &v.parter);
    let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
    let (ansvarig, status, orsak) = StepPage::choices(&form, invited);
    Ok(StepPage {
        page: PageCtx::new(s, "/sip", step.title()),
        step,
        action,
        inbjudna: invite_boxes(&v.units, &chosen),
        skola: chosen.contains(&"part:skola"),
        annan: chosen.contains(&"part:annan"),
        ansvarig,
        enheter: unit_groups(&v.units, form.get("enhet")),
        status,
        orsak,
        samtycke_form: consent.samtycke_form,
        samtycke_parter: consent.samtycke_parter,
        atgard,
        v,
        form,
        errors,
    })
}

async fn step_form(
    state: &AppState,
    s: &LoadedSession,
    id: Uuid,
    step: Step,
    atgard: Option<Uuid>,
    form: Fields,
    errors: FieldErrors,
) -> AppResult<StepPage> {
    let v = sip::get(&state.db, &s.ctx, id).await?;
    step_page(s, step, v, atgard, form, errors)
}

macro_rules! step {
    ($get:ident, $post:ident, $step:expr, $call:expr, $anchor:literal) => {
        pub async fn $get(
            State(state): State<AppState>,
            TenantUser(s): TenantUser,
            IdPath(id): IdPath<Uuid>,
        ) -> AppResult<StepPage> {
            step_form(
                &state,
                &s,
                id,
                $step,
                None,
                Fields::default(),
                FieldErrors::new(),
            )
            .await
        }

        pub async fn $post(
            State(state): State<AppState>,
            TenantUser(s): TenantUser,
            IdPath(id): IdPath<Uuid>,
            Pairs(pairs): Pairs,
        ) -> AppResult<Response> {
            let form = fields(pairs);
            let r = $call(&state.db, &s.ctx, id, &form).await;
            redirect_or_form(
                r,
                |()| format!("{}?klart=sparat{}", base(id), $anchor),
                |errors| step_form(&state, &s, id, $step, None, form, errors),
            )
            .await
        }
    };
}

step!(kallelse_form, kallelse, Step::Kallelse, sip::call, "");
step!(mote_form, mote, Step::Mote, sip::hold_meeting, "");
step!(
    uppfoljning_form,
    uppfoljning,
    Step::Uppfoljning,
    sip::follow_up,
    ""
);
step!(
    atgard_form,
    atgard,
    Step::Atgard,
    sip::add_action,
    "#atgarder"
);
step!(installd_form, installd, Step::Installd, sip::cancel, "");
step!(
    samtycke_form,
    samtycke,
    Step::Samtycke,
    sip::renew_consent,
    ""
);
step!(
    aterkalla_form,
    aterkalla,
    Step::Aterkalla,
    sip::withdraw_consent,
    ""
);
step!(avsluta_form, avsluta, Step::Avsluta, close, "");

/// Closing takes no fields; the step's form is a confirmation.
async fn close(
    db: &lotsen_core::db::Db,
    ctx: &lotsen_core::ctx::Ctx,
    id: Uuid,
    _: &Fields,
) -> lotsen_core::error::CoreResult<()> {
    sip::close(db, ctx, id).await
}

pub async fn atgard_status_form(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((id, atgard)): IdPath<(Uuid, Uuid)>,
) -> AppResult<StepPage> {
    step_form(
        &state,
        &s,
        id,
        Step::AtgardStatus,
        Some(atgard),
        Fields::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn atgard_status(
    State(state): State<AppState>,
    TenantUser(s): TenantUser,
    IdPath((id, atgard)): IdPath<(Uuid, Uuid)>,
    Pairs(pairs): Pairs,
) -> AppResult<Response> {
    let form = fields(pairs);
    let r = sip::set_action_status(&state.db, &s.ctx, id, atgard, &form).await;
    redirect_or_form(
        r,
        |()| format!("{}?klart=sparat#atgarder", base(id)),
        |errors| {
            step_form(
                &state,
                &s,
                id,
                Step::AtgardStatus,
                Some(atgard),
                form,
                errors,
            )
        },
    )
    .await
}
