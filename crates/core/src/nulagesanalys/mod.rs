//! Nulägesanalys forms (issue 6, part 2; DOMAIN §5E): the förbund-admin opens a yearly
//! round with a deadline, a figure period and its questions (editable while no form is
//! signed); each active LOKUS group answers in its form, whose figures are computed through
//! `statistik::compute` and never stored; the group's chair signs, which locks the form.
//! Access: rounds and the status of every group for the förbund-admin; a group's form for the
//! förbund-admin and the group's coordinators, chairs and ledamöter (`ReadStatistics`);
//! answers by the group's coordinators and chairs; signing by its chair. Everything else is
//! `NotFound`. Reads of a form, every write, signing and exports are audited with ids only.

pub mod compile;
pub mod form;
pub mod omgang;
pub mod signing;

use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::Action;
use time::Date;
use uuid::Uuid;

/// Shown when a write reaches a signed form or a round with a signed form.
pub const LOCKED: &str = "Blanketten är signerad och kan inte längre ändras.";
pub const QUESTIONS_LOCKED: &str =
    "En blankett i omgången är redan signerad. Frågorna kan inte längre ändras.";

/// A round as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OmgangRow {
    pub omgang_id: Uuid,
    pub ar: i32,
    pub senast: Date,
    pub fran: Date,
    pub till: Date,
}

/// A question of a round, in order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Fraga {
    pub fraga_id: Uuid,
    pub ordning: i32,
    pub text: String,
}

/// A LOKUS group as the form pages name it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Grupp {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
}

/// May the actor see anything of the nulägesanalys (a group's form or the rounds)?
pub(crate) fn has_access(ctx: &Ctx) -> bool {
    ctx.can(Action::Enter(lotsen_domain::Area::Nulagesanalys))
}

pub(crate) async fn round(tx: &mut Tx, ctx: &Ctx, ar: i32, lock: bool) -> CoreResult<OmgangRow> {
    let forbund = ctx.forbund_id()?;
    let sql = format!(
        "select omgang_id, ar, senast, fran, till from nulage_omgang \
         where forbund_id = $1 and ar = $2{}",
        if lock { " for update" } else { "" }
    );
    sqlx::query_as::<_, OmgangRow>(&sql)
        .bind(forbund)
        .bind(ar)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(CoreError::NotFound)
}

pub(crate) async fn questions(tx: &mut Tx, forbund: Uuid, omgang: Uuid) -> CoreResult<Vec<Fraga>> {
    Ok(sqlx::query_as::<_, Fraga>(
        "select fraga_id, ordning, text from nulage_fraga \
         where forbund_id = $1 and omgang_id = $2 order by ordning, fraga_id",
    )
    .bind(forbund)
    .bind(omgang)
    .fetch_all(&mut **tx)
    .await?)
}

pub(crate) async fn any_signed(tx: &mut Tx, forbund: Uuid, omgang: Uuid) -> CoreResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from nulage_blankett \
         where forbund_id = $1 and omgang_id = $2 and signerad_at is not null)",
    )
    .bind(forbund)
    .bind(omgang)
    .fetch_one(&mut **tx)
    .await?)
}

/// The group with code `kod` of the active förbund, if the actor may read its form.
pub(crate) async fn readable_group(tx: &mut Tx, ctx: &Ctx, kod: &str) -> CoreResult<Grupp> {
    let forbund = ctx.forbund_id()?;
    let g = sqlx::query_as::<_, Grupp>(
        "select lokus_id, kod, namn from lokus_grupp where forbund_id = $1 and kod = $2",
    )
    .bind(forbund)
    .bind(kod)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::ReadStatistics {
        lokus: Some(g.lokus_id),
    })?;
    Ok(g)
}
