//! "Insatser som kan passa": the active, current entries that fit an individual's
//! bostadskommun, age, målgrupper and ersättningar (`Matchning`, see its rules). Entries for one
//! of the individual's målgrupper come first, then the rest, each in Swedish order of name. The
//! ärende page calls it; the request form can too.

use super::read_scope;
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::CoreResult;
use lotsen_domain::katalog::Matchning;
use uuid::Uuid;

/// The most suggestions shown at once.
pub const MAX_FORSLAG: i64 = 12;

/// One suggested entry, with what a coordinator needs to pass it on.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Forslag {
    pub katalog_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub anordnare: String,
    pub kontakt_funktion: String,
    pub kontakt_epost: String,
    pub kontakt_telefon: String,
    pub remiss: String,
    /// The entry is for one of the individual's målgrupper (not only for everyone).
    pub for_malgrupp: bool,
}

/// The entries that fit `m`, in the actor's active förbund.
#[tracing::instrument(name = "katalog.suggest", skip_all)]
pub async fn suggest(db: &Db, ctx: &Ctx, m: &Matchning) -> CoreResult<Vec<Forslag>> {
    let mut tx = db.begin(ctx).await?;
    let rows = suggest_in(&mut tx, ctx, m).await?;
    tx.commit().await?;
    Ok(rows)
}

/// [`suggest`] inside a transaction the caller has opened for the actor.
pub async fn suggest_in(tx: &mut Tx, ctx: &Ctx, m: &Matchning) -> CoreResult<Vec<Forslag>> {
    let forbund: Uuid = read_scope(ctx)?;
    let malgrupper: Vec<&str> = m.malgrupper.iter().map(|c| c.code()).collect();
    let ersattning: Vec<&str> = m.ersattning.iter().map(|c| c.code()).collect();
    Ok(sqlx::query_as::<_, Forslag>(
        "select k.katalog_id, k.kod, k.namn::text as namn, \
                coalesce(o.namn || coalesce(' – ' || e.namn, ''), f.namn)::text as anordnare, \
                k.kontakt_funktion, k.kontakt_epost, k.kontakt_telefon, k.remiss, \
                exists (select 1 from katalog_malgrupp km where km.forbund_id = k.forbund_id \
                        and km.katalog_id = k.katalog_id and km.kod = any($4)) as for_malgrupp \
         from katalog k \
         join forbund f on f.forbund_id = k.forbund_id \
         left join organisation o on o.forbund_id = k.forbund_id and o.organisation_id = k.organisation_id \
         left join enhet e on e.forbund_id = k.forbund_id and e.enhet_id = k.enhet_id \
         where k.forbund_id = $1 and k.status = 'aktiv' \
           and (k.fran is null or k.fran <= lotsen_today()) \
           and (k.till is null or k.till >= lotsen_today()) \
           and ($2::text is null or not exists (select 1 from katalog_kommun kk \
                 where kk.forbund_id = k.forbund_id and kk.katalog_id = k.katalog_id) \
                or exists (select 1 from katalog_kommun kk where kk.forbund_id = k.forbund_id \
                 and kk.katalog_id = k.katalog_id and kk.kommun_kod = $2)) \
           and ($3::int is null or ((k.alder_min is null or k.alder_min <= $3) \
                and (k.alder_max is null or k.alder_max >= $3))) \
           and (cardinality($4::text[]) = 0 \
                or not exists (select 1 from katalog_malgrupp km \
                 where km.forbund_id = k.forbund_id and km.katalog_id = k.katalog_id) \
                or exists (select 1 from katalog_malgrupp km where km.forbund_id = k.forbund_id \
                 and km.katalog_id = k.katalog_id and km.kod = any($4))) \
           and (cardinality(k.krav_ersattning) = 0 or k.krav_ersattning && $5::text[]) \
         order by for_malgrupp desc, k.namn collate sv_se, k.kod \
         limit $6",
    )
    .bind(forbund)
    .bind(m.kommun.as_deref())
    .bind(m.alder)
    .bind(&malgrupper)
    .bind(&ersattning)
    .bind(MAX_FORSLAG)
    .fetch_all(&mut **tx)
    .await?)
}
