//! Who was present at a meeting and who justerar its protokoll (issue 14). Members are the
//! people who hold a role in the group (samverkanskoordinator, ordförande, ledamot) and are
//! active in the förbund; others present are free text. The justerare is a present member
//! who is not the group's chair.

use super::{finish, writable};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::lokus_mote::{NOT_A_JUSTERARE, NOT_A_MEMBER, NarvaroForm};
use lotsen_domain::{AuditAction, FieldErrors, Role};
use uuid::Uuid;

/// A member of the group, or someone recorded as present who no longer is.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Medlem {
    pub user_id: Uuid,
    pub namn: String,
    /// Their roles in the group, in list order; empty for a former member.
    pub roller: Vec<Role>,
    pub narvarande: bool,
}

impl Medlem {
    pub fn is_chair(&self) -> bool {
        self.roller.contains(&Role::LokusOrdforande)
    }
}

/// The group's members (and anyone recorded as present at `mote` who no longer is one), by
/// name, each marked as present or not.
pub(crate) async fn members(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    mote: Uuid,
) -> CoreResult<Vec<Medlem>> {
    Ok(sqlx::query_as::<_, Medlem>(
        "with medlem as ( \
             select r.user_id, array_agg(r.roll order by array_position($4::text[], r.roll)) as roller \
             from role_assignment r \
             join membership ms on ms.forbund_id = r.forbund_id and ms.user_id = r.user_id and ms.aktiv \
             where r.forbund_id = $1 and r.lokus_id = $2 group by r.user_id), \
         alla as ( \
             select user_id, roller from medlem \
             union all \
             select n.user_id, '{}'::text[] from lokus_narvaro n \
             where n.forbund_id = $1 and n.mote_id = $3 \
               and not exists (select 1 from medlem m where m.user_id = n.user_id)) \
         select x.user_id, x.namn, x.roller, x.narvarande from ( \
             select u.user_id, u.namn, a.roller, u.aktiv, \
                    exists (select 1 from lokus_narvaro n where n.forbund_id = $1 and n.mote_id = $3 \
                            and n.user_id = a.user_id) as narvarande \
             from alla a join app_user u on u.user_id = a.user_id) x \
         where x.aktiv or x.narvarande \
         order by x.namn, x.user_id",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(mote)
    .bind(Role::list_order())
    .fetch_all(&mut **tx)
    .await?)
}

/// Saves who was present and who justerar.
#[tracing::instrument(name = "lokus.narvaro.save", skip_all, fields(id = %id, kod = %kod))]
pub async fn save(db: &Db, ctx: &Ctx, kod: &str, id: Uuid, form: &NarvaroForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, g, _) = writable(db, ctx, kod, id, |p| p.prepare).await?;
    let v = form.parse().map_err(CoreError::Invalid)?;
    let all = members(&mut tx, forbund, g.lokus_id, id).await?;
    let member = |u: &Uuid| all.iter().find(|m| m.user_id == *u && !m.roller.is_empty());
    let mut e = FieldErrors::new();
    // Someone already recorded may stay ticked after leaving the group; nobody new may.
    if v.narvarande.iter().any(|u| {
        !all.iter()
            .any(|m| m.user_id == *u && (m.narvarande || !m.roller.is_empty()))
    }) {
        e.add("narvarande", NOT_A_MEMBER);
    }
    if let Some(j) = v.justerare
        && member(&j).is_none_or(Medlem::is_chair)
    {
        e.add("justerare", NOT_A_JUSTERARE);
    }
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    sqlx::query(
        "delete from lokus_narvaro where forbund_id = $1 and mote_id = $2 and user_id <> all($3)",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.narvarande)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into lokus_narvaro (forbund_id, mote_id, user_id) \
         select $1, $2, unnest($3::uuid[]) on conflict do nothing",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.narvarande)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update lokus_mote set narvarande_ovriga = $3, justerare_id = $4 \
         where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(&v.ovriga)
    .bind(v.justerare)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, AuditAction::MoteAttendance).await
}
