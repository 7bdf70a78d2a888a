//! Reading SIP records: one record as its keeper or an invited handläggare sees it, the list of
//! the actor's SIPs with what is due, and the short lists on the ärende and enrolment pages.

use super::create::{Unit, units_in};
use super::{Access, SipRecord, load};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::CoreResult;
use lotsen_domain::sip::{Ansvarig, AtgardStatus, SipPart, SipStatus};
use lotsen_domain::{Action, Area, AuditAction, Part, Role};
use time::Date;
use uuid::Uuid;

/// An invited party and whether it was present at the planning meeting.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipPartRow {
    pub sip_part_id: Uuid,
    pub part: SipPart,
    pub enhet_id: Option<Uuid>,
    pub enhet: Option<String>,
    pub verksamhet: String,
    pub narvarande: Option<bool>,
}

/// An action of the plan.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipAtgard {
    pub atgard_id: Uuid,
    pub text: String,
    pub part: Ansvarig,
    pub enhet: Option<String>,
    pub senast: Date,
    pub status: AtgardStatus,
    pub klar_datum: Option<Date>,
    pub orsak: String,
}

impl SipAtgard {
    /// Not done, and its date has passed.
    pub fn forsenad(&self, today: Date) -> bool {
        matches!(self.status, AtgardStatus::Planerad | AtgardStatus::Pagar) && self.senast < today
    }
}

/// A meeting held.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipMote {
    pub typ: lotsen_domain::sip::MoteTyp,
    pub datum: Date,
    pub nasta: Option<Date>,
}

/// One record as the actor may see it. An invited handläggare gets no parties, no goals and
/// only the actions of their own party.
#[derive(Debug, Clone)]
pub struct SipView {
    pub record: SipRecord,
    pub access: Access,
    pub parter: Vec<SipPartRow>,
    pub atgarder: Vec<SipAtgard>,
    pub moten: Vec<SipMote>,
    /// The register's units, for the keeper's forms.
    pub units: Vec<Unit>,
}

/// Reads one record (audited).
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<SipView> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let (mut record, access) = load(&mut tx, ctx, id).await?;
    let own_part = match access {
        Access::Keeper => None,
        Access::Invited { part, .. } => Some(part),
    };
    let atgarder = sqlx::query_as::<_, SipAtgard>(
        "select a.atgard_id, a.text, a.part, e.namn::text as enhet, a.senast, a.status, \
                a.klar_datum, a.orsak \
         from sip_atgard a left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id \
         where a.forbund_id = $1 and a.sip_id = $2 and ($3::text is null or a.part = $3) \
         order by a.senast, a.created_at",
    )
    .bind(forbund)
    .bind(id)
    .bind(own_part.map(|p| p.code()))
    .fetch_all(&mut *tx)
    .await?;
    let moten = sqlx::query_as::<_, SipMote>(
        "select typ, datum, nasta from sip_mote where forbund_id = $1 and sip_id = $2 \
         order by datum, created_at",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let (parter, units) = if own_part.is_none() {
        let parter = sqlx::query_as::<_, SipPartRow>(
            "select p.sip_part_id, p.part, p.enhet_id, \
                    e.namn::text || ' (' || o.namn::text || ')' as enhet, p.verksamhet, p.narvarande \
             from sip_part p \
             left join enhet e on e.forbund_id = p.forbund_id and e.enhet_id = p.enhet_id \
             left join organisation o on o.forbund_id = e.forbund_id \
                 and o.organisation_id = e.organisation_id \
             where p.forbund_id = $1 and p.sip_id = $2 \
             order by array_position(array['fk', 'af', 'kommun', 'region', 'skola', 'annan'], p.part), \
                      e.namn, p.verksamhet",
        )
        .bind(forbund)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        (parter, units_in(&mut tx, forbund).await?)
    } else {
        // What the handläggare does not see is not sent to the page at all.
        record.mal_individ.clear();
        record.mal_professionella.clear();
        record.arende_nummer = None;
        record.deltagare_nummer = None;
        record.insats_kod = None;
        (Vec::new(), Vec::new())
    };
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::SipRead).on("sip", id),
    )
    .await?;
    tx.commit().await?;
    Ok(SipView {
        record,
        access,
        parter,
        atgarder,
        moten,
        units,
    })
}

/// A SIP in a list, with what is due.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipItem {
    pub sip_id: Uuid,
    /// The ärende's number or the participant's label (keepers only).
    pub koppling: Option<String>,
    pub status: SipStatus,
    pub initierad: Date,
    pub kallad_till: Option<Date>,
    pub nasta_uppfoljning: Option<Date>,
    pub utan_uppfoljning: bool,
    /// Actions not done by their date (for a handläggare: their own party's).
    pub forsenade_atgarder: i64,
    /// Actions due within two weeks and not done (idem).
    pub kommande_atgarder: i64,
    /// The actor sees it as an invited handläggare.
    pub inbjuden: bool,
    pub idag: Date,
}

impl SipItem {
    pub fn uppfoljning_forsenad(&self) -> bool {
        self.nasta_uppfoljning.is_some_and(|n| n < self.idag)
    }

    /// Something to do: a follow-up due within two weeks or late, no follow-up booked, or
    /// actions late or due soon.
    pub fn needs_attention(&self) -> bool {
        self.nasta_uppfoljning
            .is_some_and(|n| n <= self.idag + time::Duration::days(14))
            || self.utan_uppfoljning
            || self.forsenade_atgarder > 0
            || self.kommande_atgarder > 0
    }
}

/// How many SIPs a page of the list shows.
pub const PER_PAGE: i64 = 50;

/// A page of the actor's SIPs, and how many there are in all.
#[derive(Debug, Clone, Default)]
pub struct SipList {
    pub items: Vec<SipItem>,
    pub total: usize,
}

/// The SIPs the actor reaches, open ones first and by the next date that matters: every open
/// one, and those ended within the last year (older ones are reached from their ärende or
/// enrolment, and counted in the figures). `page` counts from 0, [`PER_PAGE`] to a page.
pub async fn list(db: &Db, ctx: &Ctx, page: u32) -> CoreResult<SipList> {
    ctx.require(Action::Enter(Area::Sip))?;
    let mut tx = db.begin(ctx).await?;
    crate::db::plan_generically(&mut tx).await?;
    let list = list_in(&mut tx, ctx, Listing::Page(page)).await?;
    audit::record(&mut tx, AuditEntry::by(ctx, AuditAction::SipList)).await?;
    tx.commit().await?;
    Ok(list)
}

/// The actor's open SIPs that need attention (see [`SipItem::needs_attention`]), in the start
/// page's transaction, which plans generically (`db::plan_generically`): the first `shown` by
/// the date something is due, and how many there are.
pub(crate) async fn start_in(tx: &mut Tx, ctx: &Ctx, shown: i64) -> CoreResult<SipList> {
    list_in(tx, ctx, Listing::Due(shown)).await
}

/// Whom the actor's lists are for: the groups they coordinate, whether they coach, and the
/// unit and party they work at as a handläggare.
struct ListAccess {
    groups: Vec<Uuid>,
    coach: bool,
    enhet: Option<Uuid>,
    part: Option<Part>,
}

impl ListAccess {
    async fn of(tx: &mut Tx, ctx: &Ctx, forbund: Uuid) -> CoreResult<ListAccess> {
        let (enhet, part) = if ctx.actor.has_role(Role::Handlaggare) {
            match crate::forfragan::workplace(tx, forbund, ctx.user_id).await? {
                Some(w) => (w.enhet_id, Some(w.part)),
                None => (None, None),
            }
        } else {
            (None, None)
        };
        Ok(ListAccess {
            groups: ctx.actor.lokus_for(Role::Koordinator),
            coach: ctx.actor.has_role(Role::Tillaggsresurs),
            enhet,
            part,
        })
    }

    /// The list's records: open ones and those changed within the last year, each way of
    /// reaching a record its own branch as in [`ListAccess::due_branches`]. Column `sip_id`.
    fn page_branches(&self) -> String {
        let current = "(s.status in ('initierad', 'kallad', 'genomford', 'uppfoljd') \
                        or s.updated_at >= now() - interval '1 year')";
        let mut branches = vec![format!(
            "select s.sip_id from sip s where s.forbund_id = $1 \
               and s.arende_id is not null and s.lokus_id = any($2) and {current}"
        )];
        if self.coach {
            branches.push(format!(
                "select s.sip_id from sip s \
                 join deltagare d on d.forbund_id = s.forbund_id and d.deltagare_id = s.deltagare_id \
                 where $3 and s.forbund_id = $1 and $4 in (d.coach_id, d.ersattare_id) and {current}"
            ));
        }
        if self.enhet.is_some() {
            branches.push(format!(
                "select s.sip_id from sip_part p \
                 join sip s on s.forbund_id = p.forbund_id and s.sip_id = p.sip_id \
                 where p.forbund_id = $1 and p.enhet_id = $5 and {current}"
            ));
        }
        branches.join(" union ")
    }

    /// The start page's records: open ones with something due within two weeks, each way of
    /// reaching a record its own branch, left out when the actor has no such role (so that no
    /// branch is planned for a parameter that turns it off). Those the actor keeps are found by
    /// their kept due date (`sip.forfaller`, an index), those their unit is invited to by the
    /// unit and their own party's actions. Columns `sip_id, forfaller`.
    fn due_branches(&self) -> String {
        let mut branches = vec![
            "select s.sip_id, s.forfaller from sip s \
             where s.forbund_id = $1 and s.forfaller <= lotsen_today() + 14 \
               and s.arende_id is not null and s.lokus_id = any($2)",
        ];
        if self.coach {
            branches.push(
                "select s.sip_id, s.forfaller from sip s \
                 join deltagare d on d.forbund_id = s.forbund_id and d.deltagare_id = s.deltagare_id \
                 where $3 and s.forbund_id = $1 and s.forfaller <= lotsen_today() + 14 \
                   and $4 in (d.coach_id, d.ersattare_id)",
            );
        }
        if self.enhet.is_some() {
            branches.push(
                "select s.sip_id, least(s.nasta_uppfoljning, min(t.senast), \
                        case when s.status in ('genomford', 'uppfoljd') \
                             and s.nasta_uppfoljning is null then s.initierad end) as forfaller \
                 from sip_part p \
                 join sip s on s.forbund_id = p.forbund_id and s.sip_id = p.sip_id \
                 left join sip_atgard t on t.forbund_id = s.forbund_id and t.sip_id = s.sip_id \
                     and t.status in ('planerad', 'pagar') and t.part = $6 \
                 where p.forbund_id = $1 and p.enhet_id = $5 \
                   and s.status in ('initierad', 'kallad', 'genomford', 'uppfoljd') \
                   and s.samtycke_aterkallat is null \
                   and not (s.arende_id is not null and s.lokus_id = any($2)) \
                   and not exists (select 1 from deltagare d where $3 \
                       and d.forbund_id = s.forbund_id and d.deltagare_id = s.deltagare_id \
                       and $4 in (d.coach_id, d.ersattare_id)) \
                 group by s.forbund_id, s.sip_id \
                 having least(s.nasta_uppfoljning, min(t.senast), \
                            case when s.status in ('genomford', 'uppfoljd') \
                                 and s.nasta_uppfoljning is null then s.initierad end) \
                        <= lotsen_today() + 14",
            );
        }
        branches.join(" union ")
    }
}

/// Which of the actor's SIPs a listing reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    /// A page of the open ones and those changed within the last year.
    Page(u32),
    /// The first of those with something due, for the start page.
    Due(i64),
}

/// A listed SIP and how many the listing has in all.
#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    item: SipItem,
    totalt: i64,
}

/// The actor's SIPs, one statement: the listing's records are picked, counted and ordered by
/// their ids and dates alone (`valda`), and only the ones shown are read in full, so a page
/// costs the same however many SIPs the actor has.
/// A record is the actor's to keep when it has a label for them (`koppling`); otherwise they
/// reach it only as a handläggare of an invited unit, and see only their party's actions.
async fn list_in(tx: &mut Tx, ctx: &Ctx, listing: Listing) -> CoreResult<SipList> {
    let forbund = ctx.forbund_id()?;
    let a = ListAccess::of(tx, ctx, forbund).await?;
    // Each listing its own statement rather than one with optional parameters, so that each
    // is planned for its own filter (a generic plan of `$7 is null or …` reads every record).
    // The limits are written into the statement, not bound: a generic plan that knows it reads
    // eight or fifty records joins them by index; with `limit $n` it planned for thousands and
    // read every record by hash (docs/benchmarks.md).
    let valda = match listing {
        Listing::Page(_) => format!(
            "valda as (select s.sip_id, count(*) over () as totalt, \
                              row_number() over (order by s.status in ('avslutad', 'installd'), \
                                  coalesce(s.nasta_uppfoljning, s.kallad_till, s.initierad), \
                                  s.initierad, s.sip_id) as ordning \
                       from ({}) b join sip s on s.forbund_id = $1 and s.sip_id = b.sip_id \
                       order by ordning limit {PER_PAGE} offset $7)",
            a.page_branches()
        ),
        Listing::Due(shown) => format!(
            "due as ({}), \
             valda as (select sip_id, count(*) over () as totalt, \
                              row_number() over (order by forfaller, sip_id) as ordning \
                       from due order by ordning limit {shown})",
            a.due_branches()
        ),
    };
    let sql = format!(
        "with {valda}, \
         x as ( \
             select s.sip_id, s.status, s.initierad, s.kallad_till, s.nasta_uppfoljning, \
                    (s.status in ('genomford', 'uppfoljd') and s.samtycke_aterkallat is null \
                     and s.nasta_uppfoljning is null) as utan_uppfoljning, \
                    case when s.arende_id is not null and s.lokus_id = any($2) \
                         then 'Ärende ' || a.nummer \
                         when $3 and $4 in (d.coach_id, d.ersattare_id) \
                         then 'Deltagare ' || d.nummer || ' i ' || i.kod end as koppling, \
                    v.ordning, v.totalt \
             from valda v \
             join sip s on s.forbund_id = $1 and s.sip_id = v.sip_id \
             left join arende a on a.forbund_id = s.forbund_id and a.arende_id = s.arende_id \
             left join deltagare d on d.forbund_id = s.forbund_id and d.deltagare_id = s.deltagare_id \
             left join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id) \
         select x.*, c.forsenade_atgarder, c.kommande_atgarder, \
                x.koppling is null as inbjuden, lotsen_today() as idag \
         from x \
         cross join lateral ( \
             select count(*) filter (where t.senast < lotsen_today()) as forsenade_atgarder, \
                    count(*) filter (where t.senast between lotsen_today() \
                                     and lotsen_today() + 14) as kommande_atgarder \
             from sip_atgard t \
             where t.forbund_id = $1 and t.sip_id = x.sip_id \
               and t.status in ('planerad', 'pagar') \
               and x.status not in ('avslutad', 'installd') \
               and (x.koppling is not null or t.part = $6)) c \
         order by x.ordning"
    );
    let query = sqlx::query_as::<_, Counted>(&sql)
        .bind(forbund)
        .bind(&a.groups)
        .bind(a.coach)
        .bind(ctx.user_id)
        .bind(a.enhet)
        .bind(a.part.map(|p| p.code()));
    let query = match listing {
        Listing::Page(page) => query.bind(i64::from(page) * PER_PAGE),
        Listing::Due(_) => query,
    };
    let rows = query.fetch_all(&mut **tx).await?;
    let total = rows
        .first()
        .map_or(0, |r| usize::try_from(r.totalt).unwrap_or(0));
    Ok(SipList {
        items: rows.into_iter().map(|r| r.item).collect(),
        total,
    })
}

/// A SIP on the ärende or enrolment page: status and dates.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SipDeltagare {
    pub sip_id: Uuid,
    pub status: SipStatus,
    pub initierad: Date,
    pub nasta_uppfoljning: Option<Date>,
}

async fn linked_in(
    tx: &mut Tx,
    forbund: Uuid,
    column: &str,
    id: Uuid,
) -> CoreResult<Vec<SipDeltagare>> {
    Ok(sqlx::query_as(&format!(
        "select sip_id, status, initierad, nasta_uppfoljning from sip \
         where forbund_id = $1 and {column} = $2 order by initierad, created_at"
    ))
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut **tx)
    .await?)
}

/// The SIP records of an ärende, in the ärende page's transaction.
pub async fn for_arende_in(
    tx: &mut Tx,
    forbund: Uuid,
    arende: Uuid,
) -> CoreResult<Vec<SipDeltagare>> {
    linked_in(tx, forbund, "arende_id", arende).await
}

/// The SIP records of an enrolment, in the participant page's transaction.
pub async fn for_deltagare_in(
    tx: &mut Tx,
    forbund: Uuid,
    deltagare: Uuid,
) -> CoreResult<Vec<SipDeltagare>> {
    linked_in(tx, forbund, "deltagare_id", deltagare).await
}
