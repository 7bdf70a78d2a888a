//! What a coordinator does to an ärende after intake: edit it, record actions, flag it to
//! LOKUS (with a question for the group) or unflag it, set it vilande or active, close it with
//! an outcome, reopen it, and write notes. Every change lands in the timeline and the audit log.

use super::andringar;
use super::create::{resolve, write_codes};
use super::events;
use super::{refuse_closed, writable_lokus};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::today;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::Handelse;
use lotsen_domain::arende::{Atgard, Avslut, Status};
use lotsen_domain::arende_form::ArendeForm;
pub use lotsen_domain::arende_form::{AtgardForm, CloseForm};
use lotsen_domain::forfragan::ForfraganHandelse;
use lotsen_domain::validate::parse_date;
use lotsen_domain::{AuditAction, FieldErrors, Part};
use time::Date;
use uuid::Uuid;

const CLOSED_NOT_RAISED: &str =
    "Ett avslutat ärende kan inte lyftas till LOKUS. Återöppna det först.";
const NO_PERSONNUMMER: &str = "Texten innehåller något som liknar ett personnummer. Ärendet är avidentifierat: ta bort numret.";

/// A free text of at most `max` characters, without personnummer.
fn free_text(input: &str, max: usize, field: &'static str, e: &mut FieldErrors) -> String {
    lotsen_domain::validate::free_text(input, max, field, NO_PERSONNUMMER, e)
}

/// A date no later than today and no earlier than the ärende arrived.
fn event_date(
    input: &str,
    inkom: Date,
    today: Date,
    field: &'static str,
    e: &mut FieldErrors,
) -> Option<Date> {
    let what = if field == "avslutad_datum" {
        "datum då ärendet avslutades"
    } else {
        "datum för åtgärden"
    };
    let d = e.check(field, parse_date(input, what))?;
    if d > today {
        e.add(field, "Datumet kan inte ligga i framtiden.");
        None
    } else if d < inkom {
        e.add(
            field,
            format!("Datumet kan inte vara före {inkom}, då ärendet kom in."),
        );
        None
    } else {
        Some(d)
    }
}

async fn inkom(tx: &mut Tx, forbund: Uuid, id: Uuid) -> CoreResult<(Date, String)> {
    Ok(
        sqlx::query_as("select inkom, status from arende where forbund_id = $1 and arende_id = $2")
            .bind(forbund)
            .bind(id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

async fn finish(mut tx: Tx, ctx: &Ctx, id: Uuid, action: AuditAction) -> CoreResult<()> {
    audit::record(&mut tx, AuditEntry::by(ctx, action).on("arende", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the intake fields. The LOKUS group and the number stay as they were.
#[tracing::instrument(name = "arende.change.update", skip_all, fields(id = %id))]
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, form: &ArendeForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let lokus = writable_lokus(&mut tx, ctx, id).await?;
    refuse_closed(&mut tx, forbund, id, "inkom").await?;
    let form = ArendeForm {
        formular_id: id.to_string(),
        lokus: lokus.to_string(),
        ..form.clone()
    };
    let v = form
        .parse(today(&mut tx).await?)
        .map_err(CoreError::Invalid)?;
    let refs = resolve(&mut tx, forbund, &v).await?;
    let before = andringar::snapshot(&mut tx, forbund, id).await?;
    let closed_before: Option<Date> = sqlx::query_scalar(
        "select avslutad_datum from arende where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if closed_before.is_some_and(|c| c < v.inkom) {
        return Err(CoreError::invalid(
            "inkom",
            "Ärendet avslutades före det datumet.",
        ));
    }
    sqlx::query(
        "update arende set inkom = $3, kanal = $4, part = $5, organisation_id = $6, enhet_id = $7, \
             handlaggare_id = $8, kon = $9, alder = $10, bostadskommun = $11, samverkansproblem = $12, \
             beskrivning = $13 \
         where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(v.inkom)
    .bind(v.kanal.map(|k| k.code()))
    .bind(refs.part)
    .bind(refs.organisation)
    .bind(refs.enhet)
    .bind(refs.handlaggare)
    .bind(v.kon.code())
    .bind(v.alder)
    .bind(&v.bostadskommun)
    .bind(v.samverkansproblem.map(|s| s.code()))
    .bind(&v.beskrivning)
    .execute(&mut *tx)
    .await?;
    write_codes(&mut tx, forbund, id, &v).await?;
    let after = andringar::snapshot(&mut tx, forbund, id).await?;
    let text = andringar::describe(&before, &after);
    events::append(&mut tx, ctx, id, Handelse::Andrad, &text).await?;
    finish(tx, ctx, id, AuditAction::ArendeUpdate).await
}

#[tracing::instrument(name = "arende.change.add_action", skip_all, fields(id = %id))]
pub async fn add_action(db: &Db, ctx: &Ctx, id: Uuid, form: &AtgardForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let lokus = writable_lokus(&mut tx, ctx, id).await?;
    let (inkom, status) = inkom(&mut tx, forbund, id).await?;
    let today = today(&mut tx).await?;
    let mut e = FieldErrors::new();
    let kod = Atgard::from_code(form.kod.trim());
    let offered = kod == Some(Atgard::TillaggsresursErbjuden);
    let insats =
        crate::deltagare::check_choice(&mut tx, forbund, lokus, offered, &form.insats, &mut e)
            .await?;
    if status == Status::Avslutad.code() {
        e.add(
            "kod",
            "Ärendet är avslutat. Återöppna det för att ändra det.",
        );
    } else if kod.is_none() {
        e.add("kod", "Välj vilken åtgärd som gjordes.");
    } else if kod.is_some_and(Atgard::follows_sip_record) {
        e.add(
            "kod",
            "SIP registreras under SIP på ärendet. Starta en SIP där, så följer åtgärden med.",
        );
    }
    let datum = event_date(&form.datum, inkom, today, "datum", &mut e);
    let (mal_org, mal_part) = match form.mal.trim().split_once(':') {
        None if form.mal.trim().is_empty() => (None, None),
        Some(("org", v)) => match Uuid::parse_str(v) {
            Ok(o) => (Some(o), None),
            Err(_) => {
                e.add("mal", "Välj mottagare i listan.");
                (None, None)
            }
        },
        Some(("part", v)) => match Part::from_code(v) {
            Some(p) => (None, Some(p.code())),
            None => {
                e.add("mal", "Välj mottagare i listan.");
                (None, None)
            }
        },
        _ => {
            e.add("mal", "Välj mottagare i listan.");
            (None, None)
        }
    };
    let mal_text = free_text(&form.mal_text, 200, "mal_text", &mut e);
    let katalog = match form.katalog.trim() {
        "" => None,
        v => match Uuid::parse_str(v) {
            Ok(k) if crate::katalog::exists_in(&mut tx, forbund, k).await? => Some(k),
            _ => {
                e.add("katalog", "Välj en insats i listan.");
                None
            }
        },
    };
    let anteckning = free_text(&form.anteckning, 2000, "anteckning", &mut e);
    let lyft = if kod == Some(Atgard::LyftTillLokus) {
        let current = lokus_question(&mut tx, forbund, id).await?;
        question(&form.lyft_fraga, current, "lyft_fraga", &mut e)
    } else {
        None
    };
    let (Some(kod), Some(datum), true) = (kod, datum, e.is_empty()) else {
        return Err(CoreError::Invalid(e));
    };
    let mal = Mal {
        organisation: mal_org,
        part: mal_part,
        text: (!mal_text.is_empty()).then_some(mal_text),
        katalog,
    };
    insert_action(&mut tx, ctx, id, kod, datum, &mal, &anteckning).await?;
    if let Some(insats) = insats {
        crate::deltagare::enqueue_in(&mut tx, ctx, id, insats, datum).await?;
    }
    if let Some(fraga) = lyft {
        raise(&mut tx, ctx, id, &fraga, datum).await?;
    }
    finish(tx, ctx, id, AuditAction::ArendeAction).await
}

/// Records an action another feature takes on the ärende's behalf, in that feature's
/// transaction (an inskrivning records "Tilläggsresurs påbörjad").
pub(crate) async fn record_action_in(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    kod: Atgard,
    datum: Date,
) -> CoreResult<()> {
    insert_action(tx, ctx, id, kod, datum, &Mal::default(), "").await
}

/// Whom an action was for: an organisation, a part, or someone named in free text.
#[derive(Default)]
struct Mal {
    organisation: Option<Uuid>,
    part: Option<&'static str>,
    text: Option<String>,
    /// An entry of the insatskatalog.
    katalog: Option<Uuid>,
}

async fn insert_action(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    kod: Atgard,
    datum: Date,
    mal: &Mal,
    anteckning: &str,
) -> CoreResult<()> {
    sqlx::query(
        "insert into atgard (forbund_id, atgard_id, arende_id, kod, datum, mal_organisation_id, mal_part, \
             mal_text, anteckning, skapad_av, katalog_id) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(ctx.forbund_id()?)
    .bind(Uuid::now_v7())
    .bind(id)
    .bind(kod.code())
    .bind(datum)
    .bind(mal.organisation)
    .bind(mal.part)
    .bind(&mal.text)
    .bind(anteckning)
    .bind(ctx.person())
    .bind(mal.katalog)
    .execute(&mut **tx)
    .await
    .map_err(|err| match &err {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            CoreError::invalid("mal", "Välj mottagare i listan.")
        }
        _ => CoreError::from(err),
    })?;
    Ok(())
}

/// The ärende's current question to LOKUS (possibly empty), if it is raised.
async fn lokus_question(tx: &mut Tx, forbund: Uuid, id: Uuid) -> CoreResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "select coalesce(lokus_fraga, '') from arende \
         where forbund_id = $1 and arende_id = $2 and flaggad",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// The question to LOKUS from the form: required unless the ärende is already raised, in which
/// case an empty field keeps the current question.
fn question(
    input: &str,
    current: Option<String>,
    field: &'static str,
    e: &mut FieldErrors,
) -> Option<String> {
    let fraga = free_text(input, 2000, field, e);
    match (fraga.is_empty(), current) {
        (false, _) => Some(fraga),
        (true, Some(current)) if !current.is_empty() => Some(current),
        (true, _) => {
            e.add(field, "Skriv vad LOKUS-gruppen ska ta ställning till.");
            None
        }
    }
}

/// Raises the ärende to LOKUS with `fraga` ("lyft till LOKUS" is one concept: the flag that
/// puts it on the group's agenda, with its timeline event). A raised ärende keeps its date
/// and gets the new question.
async fn raise(tx: &mut Tx, ctx: &Ctx, id: Uuid, fraga: &str, datum: Date) -> CoreResult<()> {
    sqlx::query(
        "update arende set flaggad = true, lokus_fraga = $3, flaggad_datum = coalesce(flaggad_datum, $4) \
         where forbund_id = $1 and arende_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(id)
    .bind(fraga)
    .bind(datum)
    .execute(&mut **tx)
    .await?;
    events::append(tx, ctx, id, Handelse::Flaggad, fraga).await
}

/// Flags the ärende to LOKUS with a question for the group (or changes the question). The
/// first flag records the action "Lyft till LOKUS", dated today.
#[tracing::instrument(name = "arende.change.flag", skip_all, fields(id = %id))]
pub async fn flag(db: &Db, ctx: &Ctx, id: Uuid, fraga: &str) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    let mut e = FieldErrors::new();
    if inkom(&mut tx, forbund, id).await?.1 == Status::Avslutad.code() {
        e.add("fraga", CLOSED_NOT_RAISED);
    }
    let fraga = question(fraga, None, "fraga", &mut e);
    let Some(fraga) = fraga.filter(|_| e.is_empty()) else {
        return Err(CoreError::Invalid(e));
    };
    let today = today(&mut tx).await?;
    if lokus_question(&mut tx, forbund, id).await?.is_none() {
        let (kod, mal) = (Atgard::LyftTillLokus, Mal::default());
        insert_action(&mut tx, ctx, id, kod, today, &mal, "").await?;
    }
    raise(&mut tx, ctx, id, &fraga, today).await?;
    finish(tx, ctx, id, AuditAction::ArendeFlag).await
}

#[tracing::instrument(name = "arende.change.unflag", skip_all, fields(id = %id))]
pub async fn unflag(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    sqlx::query(
        "update arende set flaggad = false, lokus_fraga = null, flaggad_datum = null \
         where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    events::append(&mut tx, ctx, id, Handelse::Avflaggad, "").await?;
    finish(tx, ctx, id, AuditAction::ArendeUnflag).await
}

/// Sets an open ärende vilande (paused) or pågående again.
#[tracing::instrument(name = "arende.change.set_status", skip_all, fields(id = %id))]
pub async fn set_status(db: &Db, ctx: &Ctx, id: Uuid, status: &str) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    let (_, current) = inkom(&mut tx, forbund, id).await?;
    let status = match Status::from_code(status.trim()) {
        Some(s @ (Status::Pagaende | Status::Vilande)) => s,
        _ => return Err(CoreError::invalid("status", "Välj pågående eller vilande.")),
    };
    if current == Status::Avslutad.code() {
        return Err(CoreError::invalid(
            "status",
            "Ärendet är avslutat. Återöppna det först.",
        ));
    }
    sqlx::query("update arende set status = $3 where forbund_id = $1 and arende_id = $2")
        .bind(forbund)
        .bind(id)
        .bind(status.code())
        .execute(&mut *tx)
        .await?;
    events::append(&mut tx, ctx, id, Handelse::Status, status.label()).await?;
    let told = if status == Status::Vilande {
        ForfraganHandelse::Vilande
    } else {
        ForfraganHandelse::Pagaende
    };
    crate::forfragan::follow_arende(&mut tx, ctx, id, told).await?;
    finish(tx, ctx, id, AuditAction::ArendeStatus).await
}

/// Closes the ärende with an outcome and a date.
#[tracing::instrument(name = "arende.change.close", skip_all, fields(id = %id))]
pub async fn close(db: &Db, ctx: &Ctx, id: Uuid, form: &CloseForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    let (inkom, status) = inkom(&mut tx, forbund, id).await?;
    let today = today(&mut tx).await?;
    let mut e = FieldErrors::new();
    if status == Status::Avslutad.code() {
        e.add("avslut", "Ärendet är redan avslutat.");
    }
    let avslut = Avslut::from_code(form.avslut.trim());
    if avslut.is_none() {
        e.add("avslut", "Välj hur ärendet avslutades.");
    }
    let datum = event_date(&form.avslutad_datum, inkom, today, "avslutad_datum", &mut e);
    let (Some(avslut), Some(datum), true) = (avslut, datum, e.is_empty()) else {
        return Err(CoreError::Invalid(e));
    };
    sqlx::query(
        "update arende set status = 'avslutad', avslut = $3, avslutad_datum = $4 \
         where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(avslut.code())
    .bind(datum)
    .execute(&mut *tx)
    .await?;
    events::append(&mut tx, ctx, id, Handelse::Avslutad, avslut.label()).await?;
    crate::forfragan::follow_arende(&mut tx, ctx, id, ForfraganHandelse::Avslutad).await?;
    finish(tx, ctx, id, AuditAction::ArendeClose).await
}

/// Reopens a closed ärende; the closing stays visible in the timeline.
#[tracing::instrument(name = "arende.change.reopen", skip_all, fields(id = %id))]
pub async fn reopen(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    let (_, status) = inkom(&mut tx, forbund, id).await?;
    if status != Status::Avslutad.code() {
        return Err(CoreError::invalid("status", "Ärendet är inte avslutat."));
    }
    sqlx::query(
        "update arende set status = 'pagaende', avslut = null, avslutad_datum = null \
         where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    events::append(&mut tx, ctx, id, Handelse::Ateroppnad, "").await?;
    crate::forfragan::follow_arende(&mut tx, ctx, id, ForfraganHandelse::Ateroppnad).await?;
    finish(tx, ctx, id, AuditAction::ArendeReopen).await
}

/// A note in the timeline.
#[tracing::instrument(name = "arende.change.note", skip_all, fields(id = %id))]
pub async fn note(db: &Db, ctx: &Ctx, id: Uuid, text: &str) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    writable_lokus(&mut tx, ctx, id).await?;
    let mut e = FieldErrors::new();
    let text = free_text(text, 2000, "anteckning_text", &mut e);
    if text.is_empty() && e.is_empty() {
        e.add("anteckning_text", "Skriv anteckningen.");
    }
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    events::append(&mut tx, ctx, id, Handelse::Anteckning, &text).await?;
    finish(tx, ctx, id, AuditAction::ArendeNote).await
}
