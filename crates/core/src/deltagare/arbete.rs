//! The coach's work with an enrolled participant: activities on the timeline, utskrivning
//! with the measurement at exit, follow-ups after exit (each a dated measurement, never an
//! overwrite), corrections that keep the old value as history, withdrawal of consent (which
//! deletes the identity and ends further follow-up) and a replacement coach.

use super::inskriv::{insert_matning, is_coach};
use super::ko::handelse;
use super::{Enrolment, own_enrolment};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx, today};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::AuditAction;
use lotsen_domain::deltagare::{Avslutsanledning, DeltagareStatus, Tillfalle};
use lotsen_domain::deltagare_form::{
    Fields, parse_aktivitet, parse_rattelse, parse_uppfoljning, parse_utskrivning,
};
use lotsen_domain::validate::parse_date;
use uuid::Uuid;

async fn finish(mut tx: Tx, ctx: &Ctx, id: Uuid, action: AuditAction) -> CoreResult<()> {
    audit::record(&mut tx, AuditEntry::by(ctx, action).on("deltagare", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a meeting, arbetsträning or other support to the timeline.
pub async fn add_activity(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, f: &Fields) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let d = own_enrolment(&mut tx, ctx, kod, id).await?;
    let a = parse_aktivitet(f, d.bounds(today(&mut tx).await?)).map_err(CoreError::Invalid)?;
    let parter: Vec<&str> = a.parter.iter().map(|p| p.code()).collect();
    sqlx::query(
        "insert into deltagare_aktivitet (forbund_id, aktivitet_id, deltagare_id, typ, motestyp, \
             datum, till, parter, plats, omfattning, anteckning, registrerad_av) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(ctx.forbund_id()?)
    .bind(Uuid::now_v7())
    .bind(id)
    .bind(a.typ.code())
    .bind(a.motestyp.map(|m| m.code()))
    .bind(a.datum)
    .bind(a.till)
    .bind(&parter)
    .bind(&a.plats)
    .bind(a.omfattning)
    .bind(&a.anteckning)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    super::summera(&mut tx, ctx.forbund_id()?, &[id]).await?;
    finish(tx, ctx, id, AuditAction::DeltagareAktivitet).await
}

/// Deletes the identity and marks the consent withdrawn (never re-registered as anonymous).
async fn end_consent(tx: &mut Tx, ctx: &Ctx, id: Uuid, datum: time::Date) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    sqlx::query("delete from deltagare_identitet where forbund_id = $1 and deltagare_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "update deltagare_samtycke set aterkallad = greatest($3, datum) \
         where forbund_id = $1 and deltagare_id = $2 and aterkallad is null",
    )
    .bind(forbund)
    .bind(id)
    .bind(datum)
    .execute(&mut **tx)
    .await?;
    handelse(tx, ctx, id, "samtycke_aterkallat").await
}

/// Utskrivning: the date, the reason, the next step, and the measurement at exit where
/// consent stands.
pub async fn exit(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, f: &Fields) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let d = own_enrolment(&mut tx, ctx, kod, id).await?;
    if d.status != DeltagareStatus::Inskriven {
        return Err(CoreError::invalid(
            "utskriven",
            "Deltagaren är redan utskriven.",
        ));
    }
    let u = parse_utskrivning(f, d.bounds(today(&mut tx).await?), d.samtycke)
        .map_err(CoreError::Invalid)?;
    sqlx::query(
        "update deltagare set status = 'utskriven', utskriven = $3, avslutsanledning = $4, \
             nasta_steg = $5, mottagande_part = $6 \
         where forbund_id = $1 and deltagare_id = $2",
    )
    .bind(ctx.forbund_id()?)
    .bind(id)
    .bind(u.utskriven)
    .bind(u.anledning.code())
    .bind(&u.nasta_steg)
    .bind(u.mottagande_part.map(|p| p.code()))
    .execute(&mut *tx)
    .await?;
    if let Some(m) = &u.efter {
        insert_matning(&mut tx, ctx, id, Tillfalle::Efter, m, None).await?;
    }
    if u.anledning == Avslutsanledning::SamtyckeAterkallat && d.samtycke {
        end_consent(&mut tx, ctx, id, u.utskriven).await?;
    }
    handelse(&mut tx, ctx, id, "utskriven").await?;
    finish(tx, ctx, id, AuditAction::DeltagareUtskriven).await
}

/// The follow-ups the consent still covers for this enrolment.
async fn covered(tx: &mut Tx, ctx: &Ctx, d: &Enrolment, t: Tillfalle) -> CoreResult<bool> {
    let months = i32::from(t.manader().unwrap_or(0));
    Ok(sqlx::query_scalar(
        "select exists (select 1 from deltagare_samtycke s join deltagare d using (forbund_id, deltagare_id) \
                        where s.forbund_id = $1 and s.deltagare_id = $2 and s.aterkallad is null \
                          and s.uppfoljning_manader >= $3 and d.status = 'utskriven' \
                          and d.avslutsanledning not in ('felregistrering', 'samtycke_aterkallat'))",
    )
    .bind(ctx.forbund_id()?)
    .bind(d.deltagare_id)
    .bind(months)
    .fetch_one(&mut **tx)
    .await?)
}

/// Records a follow-up after exit (+3, +6 or +12 months) when the consent covers it.
pub async fn follow_up(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, f: &Fields) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let d = own_enrolment(&mut tx, ctx, kod, id).await?;
    let (t, m) =
        parse_uppfoljning(f, d.bounds(today(&mut tx).await?)).map_err(CoreError::Invalid)?;
    if !covered(&mut tx, ctx, &d, t).await? {
        return Err(CoreError::invalid(
            "tillfalle",
            "Samtycket omfattar inte den här uppföljningen.",
        ));
    }
    insert_matning(&mut tx, ctx, id, t, &m, None).await?;
    handelse(&mut tx, ctx, id, "uppfoljning").await?;
    finish(tx, ctx, id, AuditAction::DeltagareUppfoljning).await
}

/// The current measurement `matning` of the participant and its occasion, for the correction
/// form (the caller shows the current values).
pub async fn matning_for_correction(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    matning: Uuid,
) -> CoreResult<super::MatningView> {
    let mut tx = db.begin(ctx).await?;
    own_enrolment(&mut tx, ctx, kod, id).await?;
    let m = super::view::matningar_in(&mut tx, ctx.forbund_id()?, id)
        .await?
        .into_iter()
        .find(|m| m.matning_id == matning && !m.ersatt)
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(m)
}

/// Corrects a measurement: a new row replaces it, the old one is kept as history.
pub async fn correct(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    matning: Uuid,
    f: &Fields,
) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let d = own_enrolment(&mut tx, ctx, kod, id).await?;
    let tillfalle: Option<Tillfalle> = sqlx::query_scalar(
        "select tillfalle from deltagare_matning \
         where forbund_id = $1 and deltagare_id = $2 and matning_id = $3 and not ersatt for update",
    )
    .bind(ctx.forbund_id()?)
    .bind(id)
    .bind(matning)
    .fetch_optional(&mut *tx)
    .await?;
    let tillfalle = tillfalle.ok_or(CoreError::NotFound)?;
    if !d.samtycke {
        return Err(CoreError::invalid(
            "datum",
            "Samtycket är återkallat. Mätningar kan inte ändras.",
        ));
    }
    let m = parse_rattelse(f, tillfalle, d.bounds(today(&mut tx).await?))
        .map_err(CoreError::Invalid)?;
    insert_matning(&mut tx, ctx, id, tillfalle, &m, Some(matning)).await?;
    handelse(&mut tx, ctx, id, "rattelse").await?;
    finish(tx, ctx, id, AuditAction::DeltagareRattelse).await
}

/// The person withdraws consent: the identity is deleted and follow-up stops. An enrolment
/// still running ends as avbrutet (samtycke återkallat) on that date.
pub async fn withdraw_consent(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    datum: &str,
) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let d = own_enrolment(&mut tx, ctx, kod, id).await?;
    if !d.samtycke {
        return Err(CoreError::NotFound);
    }
    let today = today(&mut tx).await?;
    let datum = parse_date(datum, "datum då samtycket återkallades")
        .map_err(|m| CoreError::invalid("aterkallad", m))?;
    if datum > today {
        return Err(CoreError::invalid(
            "aterkallad",
            "Datumet kan inte ligga i framtiden.",
        ));
    }
    if d.inskriven.is_some_and(|i| datum < i) {
        return Err(CoreError::invalid(
            "aterkallad",
            "Datumet kan inte vara före inskrivningen.",
        ));
    }
    if d.status == DeltagareStatus::Inskriven {
        sqlx::query(
            "update deltagare set status = 'utskriven', utskriven = $3, \
                 avslutsanledning = 'samtycke_aterkallat' \
             where forbund_id = $1 and deltagare_id = $2",
        )
        .bind(ctx.forbund_id()?)
        .bind(id)
        .bind(datum)
        .execute(&mut *tx)
        .await?;
        handelse(&mut tx, ctx, id, "utskriven").await?;
    }
    end_consent(&mut tx, ctx, id, datum).await?;
    finish(tx, ctx, id, AuditAction::DeltagareSamtyckeAterkallat).await
}

/// Sets (or clears, with an empty choice) the replacement coach: another coach of the insats.
pub async fn set_replacement(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    coach: &str,
) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let i = super::insats_ref(&mut tx, ctx, kod).await?;
    let d = own_enrolment(&mut tx, ctx, kod, id).await?;
    let forbund = ctx.forbund_id()?;
    let ersattare = match coach.trim() {
        "" => None,
        v => match Uuid::parse_str(v) {
            Ok(c)
                if Some(c) != d.coach_id && is_coach(&mut tx, forbund, i.insats_id, c).await? =>
            {
                Some(c)
            }
            _ => {
                return Err(CoreError::invalid(
                    "ersattare",
                    "Välj en annan coach i insatsen.",
                ));
            }
        },
    };
    sqlx::query(
        "update deltagare set ersattare_id = $3 where forbund_id = $1 and deltagare_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(ersattare)
    .execute(&mut *tx)
    .await?;
    handelse(&mut tx, ctx, id, "ersattare").await?;
    finish(tx, ctx, id, AuditAction::DeltagareErsattare).await
}
