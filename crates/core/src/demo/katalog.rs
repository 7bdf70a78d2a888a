//! The demo förbund's insatskatalog: about 25 fictional entries across its kommuner and parties
//! (`katalog.csv`), loaded through the catalogue's own CSV import so the demo also shows the
//! format works.

use crate::db::Tx;
use crate::error::{CoreError, CoreResult};
use uuid::Uuid;

const FILE: &str = include_str!("katalog.csv");

/// Loads the entries into `forbund` (the tenant of `tx` must be set to it).
pub(super) async fn load(tx: &mut Tx, forbund: Uuid) -> CoreResult<()> {
    let r = crate::katalog::csv::import_in(tx, forbund, FILE.as_bytes()).await?;
    if let Some(e) = r.errors.first() {
        return Err(CoreError::Internal(anyhow::anyhow!(
            "demo catalogue: {e} ({} problems)",
            r.errors.len()
        )));
    }
    Ok(())
}

/// Lets some of the demo's generated actions (about half of "kontakt förmedlad" and
/// "information om insatser") name an active entry serving the ärende's kommun, chosen
/// deterministically, so the figures' `atgarder_per_insats` has something to count.
pub(super) async fn link_actions(conn: &mut sqlx::PgConnection) -> CoreResult<()> {
    sqlx::query(
        "update atgard t set katalog_id = x.katalog_id \
         from (select t2.forbund_id, t2.atgard_id, \
                      (select k.katalog_id from katalog k \
                       where k.forbund_id = t2.forbund_id and k.status = 'aktiv' \
                         and (not exists (select 1 from katalog_kommun kk where kk.forbund_id = k.forbund_id \
                                          and kk.katalog_id = k.katalog_id) \
                              or exists (select 1 from katalog_kommun kk where kk.forbund_id = k.forbund_id \
                                         and kk.katalog_id = k.katalog_id and kk.kommun_kod = a.bostadskommun)) \
                       order by md5(t2.atgard_id::text || k.kod) limit 1) as katalog_id \
               from atgard t2 \
               join arende a on a.forbund_id = t2.forbund_id and a.arende_id = t2.arende_id \
               join forbund f on f.forbund_id = t2.forbund_id and f.slug = 'fjardlunda' \
               where t2.kod in ('kontakt_formedlad', 'information_insatser') \
                 and t2.katalog_id is null and get_byte(uuid_send(t2.atgard_id), 15) % 2 = 0) x \
         where t.forbund_id = x.forbund_id and t.atgard_id = x.atgard_id and x.katalog_id is not null",
    )
    .execute(conn)
    .await?;
    Ok(())
}
