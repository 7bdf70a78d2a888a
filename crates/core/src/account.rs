//! What a person can read about their own access: their roles in the active förbund.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::CoreResult;
use lotsen_domain::Role;

#[derive(Debug, Clone)]
pub struct GrantView {
    pub role: Role,
    pub lokus_kod: Option<String>,
    pub lokus_namn: Option<String>,
}

/// The person's roles in the active förbund, with the LOKUS groups they are held for.
pub async fn my_grants(db: &Db, ctx: &Ctx) -> CoreResult<Vec<GrantView>> {
    let Some(forbund) = ctx.forbund.as_ref().map(|f| f.id) else {
        return Ok(Vec::new());
    };
    let mut tx = db.begin(ctx).await?;
    let rows: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select r.roll, l.kod, l.namn from role_assignment r \
         left join lokus_grupp l on l.forbund_id = r.forbund_id and l.lokus_id = r.lokus_id \
         where r.forbund_id = $1 and r.user_id = $2 \
         order by array_position(array['forbund_admin','koordinator','lokus_ordforande', \
             'lokus_ledamot','handlaggare','tillaggsresurs','insatsansvarig','dataskyddsombud'], r.roll), l.kod",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, kod, namn)| {
            Role::from_code(&r).map(|role| GrantView {
                role,
                lokus_kod: kod,
                lokus_namn: namn,
            })
        })
        .collect())
}
