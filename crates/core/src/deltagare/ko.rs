//! The queue: a coordinator's "Tilläggsresurs erbjuden" puts the ärende's person, de-identified,
//! in the chosen insats's queue (in the ärende's own transaction); the coach or the
//! insatsansvarig assigns a queue entry to a coach, or strikes it.

use super::insats_for_queue;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::{AuditAction, FieldErrors};
use time::Date;
use uuid::Uuid;

pub(crate) const ALREADY_QUEUED: &str =
    "Personen står redan i kö till eller är inskriven i den här insatsen.";

/// The active tilläggsresurs insatser `i` that take people from LOKUS group `$2` of förbund
/// `$1`: what a coordinator of the group can offer.
pub(crate) const OFFERED_IN_GROUP: &str = "from insats i \
     join insats_lokus l on l.forbund_id = i.forbund_id and l.insats_id = i.insats_id \
     where i.forbund_id = $1 and l.lokus_id = $2 and i.status = 'aktiv' \
       and i.typ = 'tillaggsresurs' and (i.till is null or i.till >= lotsen_today())";

/// The active tilläggsresurs insatser that take people from the ärende's LOKUS group, for the
/// action form: (id, name).
async fn queue_choices_in(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
) -> CoreResult<Vec<(Uuid, String)>> {
    Ok(sqlx::query_as(&format!(
        "select i.insats_id, i.namn::text {OFFERED_IN_GROUP} order by i.namn"
    ))
    .bind(forbund)
    .bind(lokus)
    .fetch_all(&mut **tx)
    .await?)
}

/// The tilläggsresurs insatser of the coordinator's groups, for accepting a request with an
/// offer: (group label, insats id, insats name), by group.
pub async fn offer_choices(db: &Db, ctx: &Ctx) -> CoreResult<Vec<(String, Uuid, String)>> {
    let groups = crate::arende::coordinator_groups(ctx);
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as(
        "select g.kod || ' – ' || g.namn, i.insats_id, i.namn::text from insats i \
         join insats_lokus l on l.forbund_id = i.forbund_id and l.insats_id = i.insats_id \
         join lokus_grupp g on g.forbund_id = l.forbund_id and g.lokus_id = l.lokus_id \
         where i.forbund_id = $1 and l.lokus_id = any($2) and i.status = 'aktiv' \
           and i.typ = 'tillaggsresurs' and (i.till is null or i.till >= lotsen_today()) \
         order by g.kod, i.namn",
    )
    .bind(ctx.forbund_id()?)
    .bind(&groups)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Checks the action form's insats choice against the offer: required for "Tilläggsresurs
/// erbjuden" when the group has an insats to offer, refused for other actions. Returns the
/// chosen insats.
pub(crate) async fn check_choice(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    offered: bool,
    input: &str,
    e: &mut FieldErrors,
) -> CoreResult<Option<Uuid>> {
    let choices = queue_choices_in(tx, forbund, lokus).await?;
    let input = input.trim();
    if !offered {
        if !input.is_empty() {
            e.add(
                "insats",
                "Välj insats bara för åtgärden Tilläggsresurs erbjuden.",
            );
        }
        return Ok(None);
    }
    if input.is_empty() {
        if !choices.is_empty() {
            e.add("insats", "Välj vilken insats personen erbjuds.");
        }
        return Ok(None);
    }
    match Uuid::parse_str(input) {
        Ok(id) if choices.iter().any(|(c, _)| *c == id) => Ok(Some(id)),
        _ => {
            e.add("insats", "Välj en insats i listan.");
            Ok(None)
        }
    }
}

/// Puts the ärende's person in the insats's queue, dated `datum`: kön, birth year (from the
/// age at intake) and bostadskommun come from the ärende; nothing identifies them.
pub(crate) async fn enqueue_in(
    tx: &mut Tx,
    ctx: &Ctx,
    arende: Uuid,
    insats: Uuid,
    datum: Date,
) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let id = Uuid::now_v7();
    // The insats row is locked so that running numbers stay unique under concurrent offers.
    sqlx::query("select 1 from insats where forbund_id = $1 and insats_id = $2 for update")
        .bind(forbund)
        .bind(insats)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into deltagare (forbund_id, deltagare_id, insats_id, nummer, arende_id, status, \
             ko_datum, kon, fodelsear, bostadskommun) \
         select $1, $2, $3, \
                coalesce((select max(nummer) from deltagare where forbund_id = $1 and insats_id = $3), 0) + 1, \
                a.arende_id, 'i_ko', $5, a.kon, \
                case when a.alder is not null then extract(year from a.inkom)::int - a.alder end, \
                a.bostadskommun \
         from arende a where a.forbund_id = $1 and a.arende_id = $4",
    )
    .bind(forbund)
    .bind(id)
    .bind(insats)
    .bind(arende)
    .bind(datum)
    .execute(&mut **tx)
    .await
    .map_err(|e| crate::error::on_constraint(e, "deltagare_aktiv_arende_key", "insats", ALREADY_QUEUED))?;
    handelse(tx, ctx, id, "i_ko").await?;
    audit::record(
        tx,
        AuditEntry::by(ctx, AuditAction::DeltagareKo).on("deltagare", id),
    )
    .await?;
    Ok(id)
}

pub(crate) async fn handelse(tx: &mut Tx, ctx: &Ctx, id: Uuid, typ: &str) -> CoreResult<()> {
    sqlx::query(
        "insert into deltagare_handelse (forbund_id, handelse_id, deltagare_id, typ, av) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(ctx.forbund_id()?)
    .bind(Uuid::now_v7())
    .bind(id)
    .bind(typ)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes a queue entry out of the queue without starting (the person declined, or the offer
/// was withdrawn).
pub async fn strike(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_queue(&mut tx, ctx, kod).await?;
    let n = sqlx::query(
        "update deltagare set status = 'struken' \
         where forbund_id = $1 and insats_id = $2 and deltagare_id = $3 and status = 'i_ko'",
    )
    .bind(ctx.forbund_id()?)
    .bind(i.insats_id)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(CoreError::NotFound);
    }
    handelse(&mut tx, ctx, id, "struken").await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::DeltagareStruken).on("deltagare", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Assigns a queue entry to one of the insats's coaches, who then enrols the person; or an
/// imported participant who has no coach yet.
pub async fn assign(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, coach: &str) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_queue(&mut tx, ctx, kod).await?;
    let forbund = ctx.forbund_id()?;
    let coach = match Uuid::parse_str(coach.trim()) {
        Ok(c) if super::inskriv::is_coach(&mut tx, forbund, i.insats_id, c).await? => c,
        _ => return Err(CoreError::invalid("coach", "Välj en coach i listan.")),
    };
    let n = sqlx::query(
        "update deltagare set coach_id = $4 \
         where forbund_id = $1 and insats_id = $2 and deltagare_id = $3 \
           and (status = 'i_ko' or (status <> 'struken' and coach_id is null))",
    )
    .bind(forbund)
    .bind(i.insats_id)
    .bind(id)
    .bind(coach)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(CoreError::NotFound);
    }
    handelse(&mut tx, ctx, id, "tilldelad").await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::DeltagareErsattare).on("deltagare", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
