//! The public catalogue of one förbund (`/k/{slug}`), read without login. No tenant is set
//! and no `Ctx` exists, so row-level security would hide every row: the page reads through
//! `katalog_publik_forbund` and `katalog_publik` (security definer, migration 0025), which
//! return the förbund's name and only its public, active entries' public fields — never a
//! contact the provider named as a person.

use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::Part;
use lotsen_domain::arende::{Ersattning, Malgrupp};
use time::Date;

/// One public entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublikEntry {
    pub kod: String,
    pub namn: String,
    pub beskrivning: String,
    pub anordnare: String,
    /// A part code, or `forbund`.
    pub part: String,
    pub kommuner: Vec<String>,
    pub malgrupper: Vec<Malgrupp>,
    pub alder_min: Option<i32>,
    pub alder_max: Option<i32>,
    pub krav_ersattning: Vec<Ersattning>,
    pub villkor: String,
    pub remiss: String,
    pub kontakt_funktion: String,
    pub kontakt_epost: String,
    pub kontakt_telefon: String,
    pub fran: Option<Date>,
    pub till: Option<Date>,
}

impl PublikEntry {
    pub fn part_label(&self) -> &'static str {
        Part::ALL
            .iter()
            .find(|p| p.code() == self.part)
            .map(|p| p.label())
            .unwrap_or("Samordningsförbundet")
    }
}

/// A förbund's public catalogue.
#[derive(Debug, Clone)]
pub struct PublikKatalog {
    pub forbund_namn: String,
    pub entries: Vec<PublikEntry>,
}

/// The public catalogue of the förbund with `slug`; an unknown förbund is `NotFound`.
#[tracing::instrument(name = "katalog.public", skip_all)]
pub async fn public(db: &Db, slug: &str) -> CoreResult<PublikKatalog> {
    let slug = slug.trim();
    let mut tx = db.begin_as(None, None, false).await?;
    let forbund_namn: Option<String> = sqlx::query_scalar("select katalog_publik_forbund($1)")
        .bind(slug)
        .fetch_one(&mut *tx)
        .await?;
    let forbund_namn = forbund_namn.ok_or(CoreError::NotFound)?;
    let entries = sqlx::query_as::<_, PublikEntry>("select * from katalog_publik($1)")
        .bind(slug)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(PublikKatalog {
        forbund_namn,
        entries,
    })
}
