//! The insatskatalog (issue 15 §2): the förbund's offers and whom to contact. Every role of the
//! förbund reads it (`Action::ReadKatalog`); förbund staff and coordinators manage it
//! (`Action::ManageKatalog`), also by CSV import and export (`csv`). "Insatser som kan passa"
//! (`suggest`) matches entries to an individual; the public page of a förbund (`publik`) is
//! read without login through two security-definer functions (migration 0025). Writes, imports
//! and exports are audited; reads of the catalogue hold no personal data and are not.

pub mod csv;
mod publik;
mod suggest;
mod write;

use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::{Ersattning, Malgrupp};
use lotsen_domain::katalog::{Anordnare, KatalogForm, KatalogStatus};
use lotsen_domain::{Action, Part};
use time::Date;
use uuid::Uuid;

pub use lotsen_domain::katalog::Matchning;
pub use publik::{PublikEntry, PublikKatalog, public};
pub use suggest::{Forslag, suggest, suggest_in};
pub use write::{create, update};

/// One catalogue entry as read (the list, the entry's page, the edit form, the export).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KatalogEntry {
    pub katalog_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub beskrivning: String,
    pub organisation_id: Option<Uuid>,
    pub enhet_id: Option<Uuid>,
    /// "Organisation – Enhet", or the förbund's name.
    pub anordnare: String,
    /// The organisation's name and the unit's, as the CSV writes them.
    pub organisation_namn: Option<String>,
    pub enhet_namn: Option<String>,
    /// The provider's part; `None` for the förbund itself.
    pub part: Option<Part>,
    /// SCB codes and names, in name order; empty means every kommun of the förbund.
    pub kommuner: Vec<String>,
    pub kommun_namn: Vec<String>,
    pub malgrupper: Vec<Malgrupp>,
    pub alder_min: Option<i32>,
    pub alder_max: Option<i32>,
    pub krav_ersattning: Vec<Ersattning>,
    pub villkor: String,
    pub remiss: String,
    pub kontakt_funktion: String,
    pub kontakt_epost: String,
    pub kontakt_telefon: String,
    pub kontakt_person: bool,
    pub fran: Option<Date>,
    pub till: Option<Date>,
    pub status: KatalogStatus,
    pub publik: bool,
}

impl KatalogEntry {
    /// The entry as its edit form shows it.
    pub fn to_form(&self) -> KatalogForm {
        let anordnare = match (self.organisation_id, self.enhet_id) {
            (_, Some(e)) => Anordnare::Enhet(e),
            (Some(o), None) => Anordnare::Organisation(o),
            _ => Anordnare::Forbund,
        };
        let yes = |b: bool| if b { "ja" } else { "" }.to_string();
        KatalogForm {
            kod: self.kod.clone(),
            namn: self.namn.clone(),
            beskrivning: self.beskrivning.clone(),
            anordnare: anordnare.value(),
            kommuner: self.kommuner.clone(),
            malgrupper: self.malgrupper.iter().map(|m| m.code().into()).collect(),
            alder_min: self.alder_min.map(|a| a.to_string()).unwrap_or_default(),
            alder_max: self.alder_max.map(|a| a.to_string()).unwrap_or_default(),
            krav_ersattning: self
                .krav_ersattning
                .iter()
                .map(|m| m.code().into())
                .collect(),
            villkor: self.villkor.clone(),
            remiss: self.remiss.clone(),
            kontakt_funktion: self.kontakt_funktion.clone(),
            kontakt_epost: self.kontakt_epost.clone(),
            kontakt_telefon: self.kontakt_telefon.clone(),
            kontakt_person: yes(self.kontakt_person),
            fran: self.fran.map(|d| d.to_string()).unwrap_or_default(),
            till: self.till.map(|d| d.to_string()).unwrap_or_default(),
            status: self.status.code().into(),
            publik: yes(self.publik),
        }
    }

    /// The age range in words ("18–29 år", "från 16 år", "alla åldrar").
    pub fn alder_text(&self) -> String {
        alder_text(self.alder_min, self.alder_max)
    }
}

/// An age range in words.
pub fn alder_text(min: Option<i32>, max: Option<i32>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a}–{b} år"),
        (Some(a), None) => format!("från {a} år"),
        (None, Some(b)) => format!("upp till {b} år"),
        (None, None) => "alla åldrar".into(),
    }
}

/// The list's filters, all optional. `part` is a part code or `forbund`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kommun: Option<String>,
    pub malgrupp: Option<Malgrupp>,
    pub alder: Option<i32>,
    pub part: Option<String>,
    pub text: Option<String>,
    /// Also list entries that are avslutade or past their end date.
    pub alla: bool,
}

/// The select behind every read: one row per entry with its provider, kommuner and målgrupper.
pub(crate) const SELECT: &str = "select k.katalog_id, k.kod, k.namn::text as namn, k.beskrivning, \
        k.organisation_id, k.enhet_id, \
        coalesce(o.namn || coalesce(' – ' || e.namn, ''), f.namn)::text as anordnare, \
        o.namn::text as organisation_namn, e.namn::text as enhet_namn, o.part, \
        coalesce((select array_agg(kk.kommun_kod order by m.namn) from katalog_kommun kk \
                  join kommun m on m.kod = kk.kommun_kod \
                  where kk.forbund_id = k.forbund_id and kk.katalog_id = k.katalog_id), '{}') as kommuner, \
        coalesce((select array_agg(m.namn::text order by m.namn) from katalog_kommun kk \
                  join kommun m on m.kod = kk.kommun_kod \
                  where kk.forbund_id = k.forbund_id and kk.katalog_id = k.katalog_id), '{}') as kommun_namn, \
        coalesce((select array_agg(km.kod order by km.kod) from katalog_malgrupp km \
                  where km.forbund_id = k.forbund_id and km.katalog_id = k.katalog_id), '{}') as malgrupper, \
        k.alder_min, k.alder_max, k.krav_ersattning, k.villkor, k.remiss, k.kontakt_funktion, \
        k.kontakt_epost, k.kontakt_telefon, k.kontakt_person, k.fran, k.till, k.status, k.publik \
     from katalog k \
     join forbund f on f.forbund_id = k.forbund_id \
     left join organisation o on o.forbund_id = k.forbund_id and o.organisation_id = k.organisation_id \
     left join enhet e on e.forbund_id = k.forbund_id and e.enhet_id = k.enhet_id";

/// The active förbund, if the actor may read the catalogue.
fn read_scope(ctx: &Ctx) -> CoreResult<Uuid> {
    ctx.require(Action::ReadKatalog)?;
    ctx.forbund_id()
}

/// The active förbund, if the actor may manage the catalogue.
pub(crate) fn manage_scope(ctx: &Ctx) -> CoreResult<Uuid> {
    ctx.require(Action::ManageKatalog)?;
    ctx.forbund_id()
}

/// The entries of the förbund that pass the filters, in Swedish order of name.
#[tracing::instrument(name = "katalog.list", skip_all)]
pub async fn list(db: &Db, ctx: &Ctx, f: &Filter) -> CoreResult<Vec<KatalogEntry>> {
    let forbund = read_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = list_in(&mut tx, forbund, f).await?;
    tx.commit().await?;
    Ok(rows)
}

pub(crate) async fn list_in(
    tx: &mut Tx,
    forbund: Uuid,
    f: &Filter,
) -> CoreResult<Vec<KatalogEntry>> {
    let sql = format!(
        "{SELECT} where k.forbund_id = $1 \
           and ($2::text is null or not exists (select 1 from katalog_kommun kk \
                 where kk.forbund_id = k.forbund_id and kk.katalog_id = k.katalog_id) \
                or exists (select 1 from katalog_kommun kk where kk.forbund_id = k.forbund_id \
                 and kk.katalog_id = k.katalog_id and kk.kommun_kod = $2)) \
           and ($3::text is null or not exists (select 1 from katalog_malgrupp km \
                 where km.forbund_id = k.forbund_id and km.katalog_id = k.katalog_id) \
                or exists (select 1 from katalog_malgrupp km where km.forbund_id = k.forbund_id \
                 and km.katalog_id = k.katalog_id and km.kod = $3)) \
           and ($4::int is null or ((k.alder_min is null or k.alder_min <= $4) \
                and (k.alder_max is null or k.alder_max >= $4))) \
           and ($5::text is null or coalesce(o.part, 'forbund') = $5) \
           and ($6::text is null or strpos(lotsen_sokbar((k.kod || ' ' || k.namn || ' ' || \
                k.beskrivning || ' ' || k.villkor || ' ' || k.remiss || ' ' || \
                coalesce(o.namn, f.namn) || ' ' || coalesce(e.namn, '')) collate sv_se), \
                lotsen_sokbar($6 collate sv_se)) > 0) \
           and ($7 or (k.status = 'aktiv' and (k.till is null or k.till >= lotsen_today()))) \
         order by k.namn collate sv_se, k.kod"
    );
    let text = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    Ok(sqlx::query_as::<_, KatalogEntry>(&sql)
        .bind(forbund)
        .bind(f.kommun.as_deref())
        .bind(f.malgrupp.map(Malgrupp::code))
        .bind(f.alder)
        .bind(f.part.as_deref())
        .bind(text)
        .bind(f.alla)
        .fetch_all(&mut **tx)
        .await?)
}

/// One entry of the active förbund; another förbund's, or an unknown id, is `NotFound`.
#[tracing::instrument(name = "katalog.get", skip_all, fields(id = %id))]
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<KatalogEntry> {
    let forbund = read_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let row = sqlx::query_as::<_, KatalogEntry>(&format!(
        "{SELECT} where k.forbund_id = $1 and k.katalog_id = $2"
    ))
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// A provider the form offers: the förbund, an organisation or one of its units.
#[derive(Debug, Clone)]
pub struct AnordnareChoice {
    pub value: String,
    pub label: String,
}

/// What the list's filters and the form offer: the förbund's kommuner (those of its LOKUS
/// groups, and any an entry names) and, for managers, the providers.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// (SCB code, name), by name.
    pub kommuner: Vec<(String, String)>,
    pub anordnare: Vec<AnordnareChoice>,
    /// Whether the actor may manage the catalogue (to show the links).
    pub can_manage: bool,
}

#[tracing::instrument(name = "katalog.choices", skip_all)]
pub async fn choices(db: &Db, ctx: &Ctx) -> CoreResult<Choices> {
    let forbund = read_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let kommuner: Vec<(String, String)> = sqlx::query_as(
        "select m.kod, m.namn::text from kommun m \
         where m.kod in (select l.kommun_kod from lokus_kommun l where l.forbund_id = $1 \
                         union select kk.kommun_kod from katalog_kommun kk where kk.forbund_id = $1) \
         order by m.namn",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let can_manage = ctx.can(Action::ManageKatalog);
    let anordnare = if can_manage {
        let forbund_namn: String =
            sqlx::query_scalar("select namn::text from forbund where forbund_id = $1")
                .bind(forbund)
                .fetch_one(&mut *tx)
                .await?;
        let rows: Vec<(Uuid, String, Option<Uuid>, Option<String>)> = sqlx::query_as(
            "select o.organisation_id, o.namn::text, e.enhet_id, e.namn::text from organisation o \
             left join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id \
             where o.forbund_id = $1 order by o.namn, e.namn nulls first",
        )
        .bind(forbund)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = vec![AnordnareChoice {
            value: Anordnare::Forbund.value(),
            label: format!("{forbund_namn} (förbundet)"),
        }];
        let mut last: Option<Uuid> = None;
        for (org, org_namn, enhet, enhet_namn) in rows {
            if last != Some(org) {
                out.push(AnordnareChoice {
                    value: Anordnare::Organisation(org).value(),
                    label: org_namn.clone(),
                });
                last = Some(org);
            }
            if let (Some(e), Some(n)) = (enhet, enhet_namn) {
                out.push(AnordnareChoice {
                    value: Anordnare::Enhet(e).value(),
                    label: format!("{org_namn} – {n}"),
                });
            }
        }
        out
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(Choices {
        kommuner,
        anordnare,
        can_manage,
    })
}

/// What the ärende page shows of the catalogue, read inside the ärende's own transaction: the
/// suggestions for the ärende's individual, and the active entries an action may name as its
/// target, as (id, "KOD – namn"), by name.
#[tracing::instrument(name = "katalog.for_arende", skip_all)]
pub(crate) async fn for_arende_in(tx: &mut Tx, ctx: &Ctx, m: &Matchning) -> CoreResult<ForArende> {
    let forbund = read_scope(ctx)?;
    let forslag = suggest_in(tx, ctx, m).await?;
    let targets = sqlx::query_as(
        "select katalog_id, kod || ' – ' || namn from katalog \
         where forbund_id = $1 and status = 'aktiv' order by namn, kod",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;
    Ok(ForArende { forslag, targets })
}

/// The catalogue on the ärende page (see [`for_arende_in`]).
#[derive(Debug, Clone)]
pub struct ForArende {
    pub forslag: Vec<Forslag>,
    /// (id, "KOD – namn") of every active entry, by name.
    pub targets: Vec<(Uuid, String)>,
}

/// Checks that `id` is an entry of the förbund (for an action's target), inside the caller's
/// transaction.
pub(crate) async fn exists_in(tx: &mut Tx, forbund: Uuid, id: Uuid) -> CoreResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from katalog where forbund_id = $1 and katalog_id = $2)",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?)
}
