//! Inskrivning: a coach of the insats enrols a person from the queue (or directly), with the
//! consent for this enrolment, the identity where consent allows it, and the baseline — all in
//! one transaction. An enrolment from an ärende records the ärende's action "Tilläggsresurs
//! påbörjad" too.

use super::ko::handelse;
use super::{InsatsRef, insats_ref};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx, today};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::{Atgard, Kon};
use lotsen_domain::deltagare::Tillfalle;
use lotsen_domain::deltagare_form::{Bounds, Fields, Inskrivning, Matning, parse_inskrivning};
use lotsen_domain::{Action, AuditAction};
use time::Date;
use uuid::Uuid;

/// What the inskrivning form starts from: the insats, and the queue entry's de-identified
/// facts when the person comes from the queue.
#[derive(Debug, Clone)]
pub struct EnrolForm {
    pub insats: InsatsRef,
    pub ko_datum: Option<Date>,
    pub kon: Option<Kon>,
    pub fodelsear: Option<i32>,
    pub bostadskommun: Option<String>,
    /// The kommuner the insats serves (code, name), for the kommun choice.
    pub kommuner: Vec<(String, String)>,
}

pub(crate) async fn is_coach(
    tx: &mut Tx,
    forbund: Uuid,
    insats: Uuid,
    user: Uuid,
) -> CoreResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from insats_coach c join membership m \
                          on m.forbund_id = c.forbund_id and m.user_id = c.user_id and m.aktiv \
                        where c.forbund_id = $1 and c.insats_id = $2 and c.user_id = $3)",
    )
    .bind(forbund)
    .bind(insats)
    .bind(user)
    .fetch_one(&mut **tx)
    .await?)
}

/// The insats, when the actor is one of its coaches (only a coach enrols: the identity is
/// theirs to hold).
async fn insats_for_coach(tx: &mut Tx, ctx: &Ctx, kod: &str) -> CoreResult<InsatsRef> {
    let i = insats_ref(tx, ctx, kod).await?;
    ctx.require(Action::WorkQueue {
        coach: i.coach,
        ansvarig: false,
    })?;
    Ok(i)
}

type QueueEntry = (Date, Kon, Option<i32>, Option<String>, Option<Uuid>);
/// A queue entry's row; its date is set for every queued entry.
type QueueRow = (Option<Date>, Kon, Option<i32>, Option<String>, Option<Uuid>);

async fn queue_entry(
    tx: &mut Tx,
    forbund: Uuid,
    insats: Uuid,
    id: Uuid,
    lock: bool,
) -> CoreResult<QueueEntry> {
    let sql = format!(
        "select ko_datum, kon, fodelsear, bostadskommun, arende_id from deltagare \
         where forbund_id = $1 and insats_id = $2 and deltagare_id = $3 and status = 'i_ko' {}",
        if lock { "for update" } else { "" }
    );
    let row: Option<QueueRow> = sqlx::query_as(&sql)
        .bind(forbund)
        .bind(insats)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some((Some(d), kon, ar, kommun, arende)) => Ok((d, kon, ar, kommun, arende)),
        _ => Err(CoreError::NotFound),
    }
}

/// The form's starting point; `ko` is the queue entry to enrol, or `None` for a direct
/// inskrivning.
pub async fn enrol_form(db: &Db, ctx: &Ctx, kod: &str, ko: Option<Uuid>) -> CoreResult<EnrolForm> {
    let mut tx = db.begin(ctx).await?;
    let forbund = ctx.forbund_id()?;
    let insats = insats_for_coach(&mut tx, ctx, kod).await?;
    let entry = match ko {
        Some(id) => Some(queue_entry(&mut tx, forbund, insats.insats_id, id, false).await?),
        None => None,
    };
    let kommuner = sqlx::query_as(
        "select k.kod, k.namn::text from insats_kommun ik join kommun k on k.kod = ik.kommun_kod \
         where ik.forbund_id = $1 and ik.insats_id = $2 order by k.namn",
    )
    .bind(forbund)
    .bind(insats.insats_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(EnrolForm {
        insats,
        ko_datum: entry.as_ref().map(|e| e.0),
        kon: entry.as_ref().map(|e| e.1),
        fodelsear: entry.as_ref().and_then(|e| e.2),
        bostadskommun: entry.and_then(|e| e.3),
        kommuner,
    })
}

/// Enrols the person; returns the participant's id.
#[tracing::instrument(name = "deltagare.enrol", skip_all)]
pub async fn enrol(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    ko: Option<Uuid>,
    f: &Fields,
) -> CoreResult<Uuid> {
    let mut tx = db.begin(ctx).await?;
    let forbund = ctx.forbund_id()?;
    let insats = insats_for_coach(&mut tx, ctx, kod).await?;
    let today = today(&mut tx).await?;
    let entry = match ko {
        Some(id) => Some(queue_entry(&mut tx, forbund, insats.insats_id, id, true).await?),
        None => None,
    };
    let bounds = Bounds {
        today,
        ko_datum: entry.as_ref().map(|e| e.0),
        inskriven: None,
        utskriven: None,
    };
    let v = parse_inskrivning(f, bounds).map_err(CoreError::Invalid)?;
    if let Some(k) = &v.bostadskommun {
        let served: bool = sqlx::query_scalar(
            "select exists (select 1 from insats_kommun where forbund_id = $1 and insats_id = $2 \
                            and kommun_kod = $3) \
                    or not exists (select 1 from insats_kommun where forbund_id = $1 and insats_id = $2) \
                       and exists (select 1 from kommun where kod = $3)",
        )
        .bind(forbund)
        .bind(insats.insats_id)
        .bind(k)
        .fetch_one(&mut *tx)
        .await?;
        if !served {
            return Err(CoreError::invalid(
                "bostadskommun",
                "Välj en av insatsens kommuner i listan.",
            ));
        }
    }
    let id = match ko {
        Some(id) => {
            update_queued(&mut tx, ctx, id, &v).await?;
            id
        }
        None => insert_direct(&mut tx, ctx, insats.insats_id, &v).await?,
    };
    store_consent(&mut tx, ctx, id, &v).await?;
    if let Some(fore) = &v.fore {
        insert_matning(&mut tx, ctx, id, Tillfalle::Fore, fore, None).await?;
    }
    if let Some(arende) = entry.and_then(|e| e.4) {
        crate::arende::change::record_action_in(
            &mut tx,
            ctx,
            arende,
            Atgard::TillaggsresursPaborjad,
            v.inskriven,
        )
        .await?;
    }
    handelse(&mut tx, ctx, id, "inskriven").await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::DeltagareInskriven).on("deltagare", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn kommun_error(e: sqlx::Error) -> CoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            CoreError::invalid("bostadskommun", "Välj kommun i listan.")
        }
        _ => CoreError::from(e),
    }
}

async fn update_queued(tx: &mut Tx, ctx: &Ctx, id: Uuid, v: &Inskrivning) -> CoreResult<()> {
    sqlx::query(
        "update deltagare set status = 'inskriven', inskriven = $3, kalla = $4, coach_id = $5, \
             kon = $6, fodelsear = $7, bostadskommun = $8 \
         where forbund_id = $1 and deltagare_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(id)
    .bind(v.inskriven)
    .bind(v.kalla.code())
    .bind(ctx.user_id)
    .bind(v.kon.code())
    .bind(v.fodelsear)
    .bind(&v.bostadskommun)
    .execute(&mut **tx)
    .await
    .map_err(kommun_error)?;
    Ok(())
}

async fn insert_direct(tx: &mut Tx, ctx: &Ctx, insats: Uuid, v: &Inskrivning) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let id = Uuid::now_v7();
    sqlx::query("select 1 from insats where forbund_id = $1 and insats_id = $2 for update")
        .bind(forbund)
        .bind(insats)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into deltagare (forbund_id, deltagare_id, insats_id, nummer, status, inskriven, \
             kalla, coach_id, kon, fodelsear, bostadskommun) \
         values ($1, $2, $3, coalesce((select max(nummer) from deltagare \
                                       where forbund_id = $1 and insats_id = $3), 0) + 1, \
                 'inskriven', $4, $5, $6, $7, $8, $9)",
    )
    .bind(forbund)
    .bind(id)
    .bind(insats)
    .bind(v.inskriven)
    .bind(v.kalla.code())
    .bind(ctx.user_id)
    .bind(v.kon.code())
    .bind(v.fodelsear)
    .bind(&v.bostadskommun)
    .execute(&mut **tx)
    .await
    .map_err(kommun_error)?;
    Ok(id)
}

async fn store_consent(tx: &mut Tx, ctx: &Ctx, id: Uuid, v: &Inskrivning) -> CoreResult<()> {
    let Some(s) = &v.samtycke else {
        return Ok(());
    };
    let forbund = ctx.forbund_id()?;
    sqlx::query(
        "insert into deltagare_samtycke (forbund_id, deltagare_id, datum, form, omfattning, \
             uppfoljning_manader, registrerad_av) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(forbund)
    .bind(id)
    .bind(s.datum)
    .bind(s.form.code())
    .bind(&s.omfattning)
    .bind(s.uppfoljning_manader)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    if let Some(i) = &v.identitet {
        sqlx::query(
            "insert into deltagare_identitet (forbund_id, deltagare_id, namn, personnummer) \
             values ($1, $2, $3, $4)",
        )
        .bind(forbund)
        .bind(id)
        .bind(&i.namn)
        .bind(&i.personnummer)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Writes a measurement with its sources and sysselsättningar; `ersatter` is the measurement a
/// correction replaces (kept as history).
pub(crate) async fn insert_matning(
    tx: &mut Tx,
    ctx: &Ctx,
    deltagare: Uuid,
    tillfalle: Tillfalle,
    m: &Matning,
    ersatter: Option<Uuid>,
) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    if let Some(old) = ersatter {
        sqlx::query(
            "update deltagare_matning set ersatt = true where forbund_id = $1 and matning_id = $2",
        )
        .bind(forbund)
        .bind(old)
        .execute(&mut **tx)
        .await?;
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into deltagare_matning (forbund_id, matning_id, deltagare_id, tillfalle, datum, \
             utbildning, tid_offentlig, sjalvskattning, ersatter, registrerad_av) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(forbund)
    .bind(id)
    .bind(deltagare)
    .bind(tillfalle.code())
    .bind(m.datum)
    .bind(m.utbildning.map(|u| u.code()))
    .bind(m.tid_offentlig.map(|t| t.code()))
    .bind(m.sjalvskattning)
    .bind(ersatter)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await
    .map_err(|e| {
        crate::error::on_constraint(
            e,
            "deltagare_matning_gallande_key",
            "tillfalle",
            "Mätningen finns redan. Rätta den i stället.",
        )
    })?;
    let (kallor, omf): (Vec<&str>, Vec<i32>) =
        m.forsorjning.iter().map(|(k, o)| (k.code(), *o)).unzip();
    sqlx::query(
        "insert into deltagare_forsorjning (forbund_id, matning_id, kalla, omfattning) \
         select $1, $2, k, o from unnest($3::text[], $4::int[]) as t(k, o)",
    )
    .bind(forbund)
    .bind(id)
    .bind(&kallor)
    .bind(&omf)
    .execute(&mut **tx)
    .await?;
    let (koder, omf): (Vec<&str>, Vec<i32>) =
        m.sysselsattning.iter().map(|(k, o)| (k.code(), *o)).unzip();
    sqlx::query(
        "insert into deltagare_sysselsattning (forbund_id, matning_id, kod, omfattning) \
         select $1, $2, k, o from unnest($3::text[], $4::int[]) as t(k, o)",
    )
    .bind(forbund)
    .bind(id)
    .bind(&koder)
    .bind(&omf)
    .execute(&mut **tx)
    .await?;
    super::summera(tx, forbund, &[deltagare]).await?;
    Ok(id)
}
