//! The coordinator's list: ärenden of their LOKUS groups, filtered, searched (Swedish full
//! text over number and description), sorted and paged in a stable order, with the total.

use super::coordinator_groups;
use super::create::LokusChoice;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::CoreResult;
use lotsen_domain::arende::{Kon, Malgrupp, Samverkansproblem, Status};
use lotsen_domain::kvalitet::Brist;
use lotsen_domain::{Action, Area, Part};
use sqlx::{Postgres, QueryBuilder};
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
            // Within a date, by number (issue 14): the id's order is the order of creation,
            // which an import need not keep.
            Sort::NewestFirst => "a.inkom desc, a.lopnummer desc, a.arende_id desc",
            Sort::OldestFirst => "a.inkom asc, a.lopnummer asc, a.arende_id asc",
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
    /// Only ärenden with a LOKUS decision that names a follow-up (who or by when).
    pub lokus_uppfoljning: bool,
    /// Only ärenden a data-quality check lists (`statistik::kvalitet`).
    pub brist: Option<Brist>,
    /// Only ärenden in progress without an action for `start::QUIET_DAYS` (the start page's).
    pub quiet: bool,
    /// Only the ärenden one import created (`arende_import`).
    pub import: Option<Uuid>,
    pub sok: Option<String>,
    pub sort: Sort,
    /// Zero-based.
    pub page: u32,
}

impl ArendeFilter {
    /// Filters on nothing but LOKUS group and status: the total can then be read from the
    /// per-group counts of migration 0008 (`arende_antal`) instead of counting ärenden.
    fn only_group_and_status(&self) -> bool {
        // Spelled out field by field so that a new filter does not compile until it is
        // decided here (a forgotten one would show wrong totals).
        let ArendeFilter {
            status: _,
            bara_oppna: _,
            lokus: _,
            part,
            fran,
            till,
            samverkansproblem,
            malgrupp,
            flaggad,
            egna,
            sok,
            lokus_uppfoljning,
            brist,
            quiet,
            import,
            sort: _,
            page: _,
        } = self;
        part.is_none()
            && fran.is_none()
            && till.is_none()
            && samverkansproblem.is_none()
            && malgrupp.is_none()
            && !flaggad
            && brist.is_none()
            && !quiet
            && import.is_none()
            && !egna
            && sok.is_none()
            && !lokus_uppfoljning
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArendeListItem {
    pub arende_id: Uuid,
    pub nummer: String,
    pub inkom: Date,
    pub lokus_kod: String,
    pub part: Part,
    pub avsandare: Option<String>,
    pub kon: Kon,
    pub alder: Option<i32>,
    pub samverkansproblem: Option<Samverkansproblem>,
    pub status: Status,
    pub flaggad: bool,
    /// Consent is recorded (the ärende may hold the person's identity).
    pub samtycke: bool,
}

#[derive(Debug, Clone)]
pub struct ArendeList {
    pub items: Vec<ArendeListItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// The actor's LOKUS groups, for the group filter.
    pub lokus: Vec<LokusChoice>,
    /// The import the list is narrowed to.
    pub import: Option<super::import::ImportedList>,
}

/// Appends the filter's conditions on `arende a` (only the chosen ones, so that each
/// combination gets a plan of its own), with their values as parameters.
fn push_filters(
    q: &mut QueryBuilder<'_, Postgres>,
    forbund: Uuid,
    groups: &[Uuid],
    f: &ArendeFilter,
    user: Uuid,
) {
    q.push(" where a.forbund_id = ").push_bind(forbund);
    q.push(" and a.lokus_id = any(")
        .push_bind(groups.to_vec())
        .push(")");
    match f.status {
        Some(s) => {
            q.push(" and a.status = ").push_bind(s.code());
        }
        // Spelled as in the partial indexes of migration 0004, so the planner uses them.
        None if f.bara_oppna => {
            q.push(" and a.status <> 'avslutad'");
        }
        None => {}
    }
    if let Some(l) = f.lokus {
        q.push(" and a.lokus_id = ").push_bind(l);
    }
    if let Some(p) = f.part {
        q.push(" and a.part = ").push_bind(p.code());
    }
    if let Some(d) = f.fran {
        q.push(" and a.inkom >= ").push_bind(d);
    }
    if let Some(d) = f.till {
        q.push(" and a.inkom <= ").push_bind(d);
    }
    if let Some(s) = f.samverkansproblem {
        q.push(" and a.samverkansproblem = ").push_bind(s.code());
    }
    if let Some(m) = f.malgrupp {
        q.push(
            " and exists (select 1 from arende_malgrupp m \
             where m.forbund_id = a.forbund_id and m.arende_id = a.arende_id and m.kod = ",
        )
        .push_bind(m.code())
        .push(")");
    }
    if f.flaggad {
        q.push(" and a.flaggad");
    }
    if f.egna {
        q.push(" and a.skapad_av = ").push_bind(user);
    }
    if f.lokus_uppfoljning {
        q.push(
            " and exists (select 1 from lokus_punkt p where p.forbund_id = a.forbund_id \
             and p.arende_id = a.arende_id and p.beslut <> '' and not p.borttagen \
             and (p.uppfoljning_vem is not null or p.uppfoljning_senast is not null))",
        );
    }
    if let Some(b) = f.brist {
        q.push(" and ")
            .push(crate::statistik::kvalitet::condition(b));
    }
    if f.quiet {
        q.push(" and ").push(quiet_condition());
    }
    if let Some(i) = f.import {
        q.push(" and a.import_id = ").push_bind(i);
    }
    if let Some(s) = &f.sok {
        q.push(" and (a.sok @@ plainto_tsquery('swedish', lotsen_sokbar(")
            .push_bind(s.clone())
            .push(")) or a.nummer ilike '%' || ")
            .push_bind(s.clone())
            .push(" || '%')");
    }
}

/// In progress, received at least `QUIET_DAYS` ago, and no action dated within them: as an
/// SQL condition on the ärende `a`.
pub(crate) fn quiet_condition() -> String {
    let days = crate::start::QUIET_DAYS;
    format!(
        "(a.status = 'pagaende' and a.inkom <= lotsen_today() - {days} \
          and not exists (select 1 from atgard t where t.forbund_id = a.forbund_id \
                          and t.arende_id = a.arende_id and t.datum > lotsen_today() - {days}))"
    )
}

/// The ärenden of the actor's LOKUS groups that match the filter. Others see an empty list;
/// an import outside the actor's groups is `NotFound`.
pub async fn list(db: &Db, ctx: &Ctx, f: &ArendeFilter) -> CoreResult<ArendeList> {
    ctx.require(Action::Enter(Area::Arenden))?;
    let forbund = ctx.forbund_id()?;
    let groups = coordinator_groups(ctx);
    let mut tx = db.begin(ctx).await?;
    let import = match f.import {
        Some(id) => Some(super::import::imported(&mut tx, forbund, &groups, id).await?),
        None => None,
    };
    let total: i64 = if f.only_group_and_status() {
        let mut count =
            QueryBuilder::new("select coalesce(sum(a.antal), 0)::bigint from arende_antal a");
        push_filters(&mut count, forbund, &groups, f, ctx.user_id);
        count.build_query_scalar().fetch_one(&mut *tx).await?
    } else {
        let mut count = QueryBuilder::new("select count(*) from arende a");
        push_filters(&mut count, forbund, &groups, f, ctx.user_id);
        count.build_query_scalar().fetch_one(&mut *tx).await?
    };
    // The page's ids first, from the index alone, then the joins for those 50 rows only: a
    // deep page skips thousands of index entries but joins just the rows it shows.
    let mut q = QueryBuilder::new(
        "select a.arende_id, a.nummer, a.inkom, l.kod as lokus_kod, a.part, \
                concat_ws(' – ', o.namn, e.namn) as avsandare, a.kon, a.alder, a.samverkansproblem, \
                a.status, a.flaggad, \
                exists (select 1 from samtycke s where s.forbund_id = a.forbund_id \
                        and s.arende_id = a.arende_id) as samtycke \
         from (select a.arende_id from arende a",
    );
    push_filters(&mut q, forbund, &groups, f, ctx.user_id);
    // Limit and offset are written out (they are numbers we computed): with them as
    // parameters PostgreSQL planned the query afresh on every request.
    q.push(" order by ").push(f.sort.order_by()).push(format!(
        " limit {PER_PAGE} offset {}",
        u64::from(f.page) * u64::from(PER_PAGE)
    ));
    q.push(
        ") p \
         join arende a on a.forbund_id = ",
    )
    .push_bind(forbund)
    .push(
        " and a.arende_id = p.arende_id \
         join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id \
         left join organisation o on o.forbund_id = a.forbund_id and o.organisation_id = a.organisation_id \
         left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id \
         order by ",
    )
    .push(f.sort.order_by());
    let items = q
        .build_query_as::<ArendeListItem>()
        .fetch_all(&mut *tx)
        .await?;
    let lokus = super::create::lokus_choices(&mut tx, forbund, &groups).await?;
    tx.commit().await?;
    Ok(ArendeList {
        items,
        total,
        page: f.page,
        per_page: PER_PAGE,
        lokus,
        import,
    })
}
