//! An imported "Lyft till LOKUS": the action raises the ärende too, as it does from the form.

use crate::arende::events;
use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::arende::Handelse;
use time::Date;
use uuid::Uuid;

/// "Lyft till LOKUS" is one concept (issue 14): an imported ärende with that action is raised
/// too. As in migration 0018, a recent (90 days) open one is raised now, with a question the
/// coordinator can rewrite (the file has none); the others get their raise and its end in the
/// timeline, on the dates of the log.
pub(super) async fn raise_lifted(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    ids: &[Uuid],
) -> CoreResult<()> {
    const FRAGA: &str = "Lyft till LOKUS enligt den importerade loggen.";
    const SLUT: &str = "Lyftes i den importerade loggen; gruppens behandling finns inte i Lotsen.";
    let lifted: Vec<(Uuid, bool, Date, Option<Date>)> = sqlx::query_as(
        "select a.arende_id, a.status <> 'avslutad' and a.inkom >= lotsen_today() - 90, \
                a.inkom, a.avslutad_datum \
         from arende a where a.forbund_id = $1 and a.arende_id = any($2) \
           and 'lyft_till_lokus' = any(a.atgard_koder)",
    )
    .bind(forbund)
    .bind(ids)
    .fetch_all(&mut **tx)
    .await?;
    let (now, past): (Vec<_>, Vec<_>) = lifted.into_iter().partition(|l| l.1);
    let now: Vec<Uuid> = now.into_iter().map(|l| l.0).collect();
    sqlx::query(
        "update arende set flaggad = true, lokus_fraga = $3, flaggad_datum = inkom \
         where forbund_id = $1 and arende_id = any($2)",
    )
    .bind(forbund)
    .bind(&now)
    .bind(FRAGA)
    .execute(&mut **tx)
    .await?;
    let texts = |n: usize, t: &str| vec![t.to_string(); n];
    events::append_dated(
        tx,
        ctx,
        Handelse::Flaggad,
        &now,
        &texts(now.len(), FRAGA),
        &[],
    )
    .await?;
    let past_ids: Vec<Uuid> = past.iter().map(|l| l.0).collect();
    let raised: Vec<Option<Date>> = past.iter().map(|l| Some(l.2)).collect();
    let ended: Vec<Option<Date>> = past.iter().map(|l| Some(l.3.unwrap_or(l.2))).collect();
    let n = past_ids.len();
    events::append_dated(
        tx,
        ctx,
        Handelse::Flaggad,
        &past_ids,
        &texts(n, FRAGA),
        &raised,
    )
    .await?;
    events::append_dated(
        tx,
        ctx,
        Handelse::Avflaggad,
        &past_ids,
        &texts(n, SLUT),
        &ended,
    )
    .await?;
    Ok(())
}
