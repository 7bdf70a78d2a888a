//! The coordinator's list: ärenden of their LOKUS groups, filtered, searched (Swedish full
//! text over number and description), sorted and paged in a stable order, with the total.

use super::coordinator_groups;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::CoreResult;
use lotsen_domain::Part;
use lotsen_domain::arende::{Malgrupp, Samverkansproblem, Status};
use time::Date;
use uuid::Uuid;

pub const PER_PAGE: u32 = 50;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    NewestFirst,
    OldestFirst,
    Number,
}

impl Sort {
    pub fn code(self) -> &'static str {
        match self {
            Sort::NewestFirst => "nyast",
            Sort::OldestFirst => "aldst",
            Sort::Number => "nummer",
        }
    }

    pub fn from_code(code: &str) -> Option<Sort> {
        [Sort::NewestFirst, Sort::OldestFirst, Sort::Number]
            .into_iter()
            .find(|s| s.code() == code)
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::NewestFirst => "a.inkom desc, a.arende_id desc",
            Sort::OldestFirst => "a.inkom asc, a.arende_id asc",
            Sort::Number => "a.ar desc, a.nummer asc, a.arende_id asc",
        }
    }
}

/// A checked set of filters (the web layer parses the query string into this).
#[derive(Debug, Clone, Default)]
pub struct ArendeFilter {
    pub status: Option<Status>,
    /// Only open ärenden (ny, pågående, vilande) when no status is chosen.
    pub bara_oppna: bool,
    pub lokus: Option<Uuid>,
    pub part: Option<Part>,
    pub fran: Option<Date>,
    pub till: Option<Date>,
    pub samverkansproblem: Option<Samverkansproblem>,
    pub malgrupp: Option<Malgrupp>,
    pub flaggad: bool,
    pub egna: bool,
    pub sok: Option<String>,
    pub sort: Sort,
    /// Zero-based.
    pub page: u32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArendeListItem {
    pub arende_id: Uuid,
    pub nummer: String,
    pub inkom: Date,
    pub lokus_kod: String,
    pub part: String,
    pub avsandare: Option<String>,
    pub kon: String,
    pub alder: Option<i32>,
    pub samverkansproblem: Option<String>,
    pub status: String,
    pub flaggad: bool,
}

#[derive(Debug, Clone)]
pub struct ArendeList {
    pub items: Vec<ArendeListItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

const WHERE: &str = "from arende a \
    where a.forbund_id = $1 and a.lokus_id = any($2) \
      and ($3::text is null or a.status = $3) \
      and (not $4 or a.status <> 'avslutad') \
      and ($5::uuid is null or a.lokus_id = $5) \
      and ($6::text is null or a.part = $6) \
      and ($7::date is null or a.inkom >= $7) \
      and ($8::date is null or a.inkom <= $8) \
      and ($9::text is null or a.samverkansproblem = $9) \
      and ($10::text is null or exists (select 1 from arende_malgrupp m \
           where m.forbund_id = a.forbund_id and m.arende_id = a.arende_id and m.kod = $10)) \
      and (not $11 or a.flaggad) \
      and (not $12 or a.skapad_av = $13) \
      and ($14::text is null or a.sok @@ plainto_tsquery('swedish', $14) \
           or a.nummer ilike '%' || $14 || '%')";

/// The ärenden of the actor's LOKUS groups that match the filter. Others see an empty list.
pub async fn list(db: &Db, ctx: &Ctx, f: &ArendeFilter) -> CoreResult<ArendeList> {
    let forbund = ctx.forbund_id()?;
    let groups = coordinator_groups(ctx);
    let mut tx = db.begin(ctx).await?;
    macro_rules! bind_filters {
        ($q:expr) => {
            $q.bind(forbund)
                .bind(&groups)
                .bind(f.status.map(|s| s.code()))
                .bind(f.bara_oppna && f.status.is_none())
                .bind(f.lokus)
                .bind(f.part.map(|p| p.code()))
                .bind(f.fran)
                .bind(f.till)
                .bind(f.samverkansproblem.map(|s| s.code()))
                .bind(f.malgrupp.map(|m| m.code()))
                .bind(f.flaggad)
                .bind(f.egna)
                .bind(ctx.user_id)
                .bind(f.sok.as_deref())
        };
    }
    let total: i64 = bind_filters!(sqlx::query_scalar(&format!("select count(*) {WHERE}")))
        .fetch_one(&mut *tx)
        .await?;
    let sql = format!(
        "select a.arende_id, a.nummer, a.inkom, l.kod as lokus_kod, a.part, \
                concat_ws(' – ', o.namn, e.namn) as avsandare, a.kon, a.alder, a.samverkansproblem, \
                a.status, a.flaggad \
         {from_where} \
         order by {order} limit $15 offset $16",
        from_where = WHERE.replace(
            "from arende a",
            "from arende a \
             join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id \
             left join organisation o on o.forbund_id = a.forbund_id and o.organisation_id = a.organisation_id \
             left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id"
        ),
        order = f.sort.order_by(),
    );
    let items = bind_filters!(sqlx::query_as::<_, ArendeListItem>(&sql))
        .bind(i64::from(PER_PAGE))
        .bind(i64::from(f.page) * i64::from(PER_PAGE))
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ArendeList {
        items,
        total,
        page: f.page,
        per_page: PER_PAGE,
    })
}
