//! The insats register (issue 16 §1, §4): the förbund's insatser with their ägare
//! (personuppgiftsansvarig for the participants), LOKUS groups, kommuner, places, coaches,
//! insatsansvarig and goals. Förbund staff register and change them (`Action::ManageInsatser`,
//! `write`); an insats is read by staff, its coaches and its insatsansvarig
//! (`Action::ReadInsats`), anyone else gets `NotFound`. Goal progress (`mal`) and the capacity
//! board (`kapacitet`) are figures computed in SQL: no page here shows a participant.
//! Participants themselves (queue, inskrivning, measurements) live in `crate::deltagare`.

pub mod kapacitet;
pub mod mal;
pub(crate) mod write;

use crate::ctx::Ctx;
use crate::db::{Db, Tx, today};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::Action;
use lotsen_domain::deltagare::InsatsTyp;
use lotsen_domain::insats::{InsatsForm, InsatsStatus};
use time::Date;
use uuid::Uuid;

pub use kapacitet::{Kapacitet, KapacitetRad, board};
pub use mal::{Mal, MalProgress};
pub use write::{add_goal, create, remove_goal, update};

/// One insats in the list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InsatsListItem {
    pub insats_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub typ: InsatsTyp,
    pub agare: String,
    pub fran: Date,
    pub till: Option<Date>,
    pub platser: Option<i32>,
    pub status: InsatsStatus,
}

/// One insats as its page and edit form read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InsatsDetail {
    pub insats_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub typ: InsatsTyp,
    pub agare_id: Uuid,
    /// The insatsägare's name: personuppgiftsansvarig for the participants.
    pub agare: String,
    pub ansvarig_id: Option<Uuid>,
    pub ansvarig: Option<String>,
    pub fran: Date,
    pub till: Option<Date>,
    pub platser: Option<i32>,
    pub status: InsatsStatus,
    /// (id, "KOD – namn") of the LOKUS groups, by code.
    pub lokus_ids: Vec<Uuid>,
    pub lokus: Vec<String>,
    /// SCB codes and names, by name.
    pub kommuner: Vec<String>,
    pub kommun_namn: Vec<String>,
    /// The coaches' ids and names, by name.
    pub coach_ids: Vec<Uuid>,
    pub coacher: Vec<String>,
}

impl InsatsDetail {
    /// The insats as its edit form shows it.
    pub fn to_form(&self) -> InsatsForm {
        InsatsForm {
            kod: self.kod.clone(),
            namn: self.namn.clone(),
            typ: self.typ.code().into(),
            agare: self.agare_id.to_string(),
            ansvarig: self.ansvarig_id.map(|a| a.to_string()).unwrap_or_default(),
            lokus: self.lokus_ids.iter().map(Uuid::to_string).collect(),
            kommuner: self.kommuner.clone(),
            fran: self.fran.to_string(),
            till: self.till.map(|d| d.to_string()).unwrap_or_default(),
            platser: self.platser.map(|p| p.to_string()).unwrap_or_default(),
            status: self.status.code().into(),
            coacher: self.coach_ids.iter().map(Uuid::to_string).collect(),
        }
    }
}

/// What the actor may do with one insats, from the policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// The actor is one of its coaches.
    pub coach: bool,
    /// The actor is its insatsansvarig.
    pub ansvarig: bool,
    /// Förbund staff: edit it and its goals.
    pub manage: bool,
    /// The coach or the insatsansvarig: the queue and participants (`/insatser/{kod}/deltagare`).
    pub work_queue: bool,
}

/// One insats's page: the insats, the actor's reach and its goals with progress.
#[derive(Debug, Clone)]
pub struct InsatsPage {
    pub insats: InsatsDetail,
    pub reach: Reach,
    pub mal: Vec<MalProgress>,
    pub today: Date,
}

const DETAIL: &str = "select i.insats_id, i.kod, i.namn::text as namn, i.typ, i.agare_id, \
        o.namn::text as agare, i.ansvarig_id, u.namn::text as ansvarig, i.fran, i.till, i.platser, \
        i.status, \
        coalesce((select array_agg(l.lokus_id order by g.kod) from insats_lokus l \
                  join lokus_grupp g on g.forbund_id = l.forbund_id and g.lokus_id = l.lokus_id \
                  where l.forbund_id = i.forbund_id and l.insats_id = i.insats_id), '{}') as lokus_ids, \
        coalesce((select array_agg(g.kod || ' – ' || g.namn order by g.kod) from insats_lokus l \
                  join lokus_grupp g on g.forbund_id = l.forbund_id and g.lokus_id = l.lokus_id \
                  where l.forbund_id = i.forbund_id and l.insats_id = i.insats_id), '{}') as lokus, \
        coalesce((select array_agg(k.kommun_kod order by m.namn) from insats_kommun k \
                  join kommun m on m.kod = k.kommun_kod \
                  where k.forbund_id = i.forbund_id and k.insats_id = i.insats_id), '{}') as kommuner, \
        coalesce((select array_agg(m.namn::text order by m.namn) from insats_kommun k \
                  join kommun m on m.kod = k.kommun_kod \
                  where k.forbund_id = i.forbund_id and k.insats_id = i.insats_id), '{}') as kommun_namn, \
        coalesce((select array_agg(c.user_id order by cu.namn) from insats_coach c \
                  join app_user cu on cu.user_id = c.user_id \
                  where c.forbund_id = i.forbund_id and c.insats_id = i.insats_id), '{}') as coach_ids, \
        coalesce((select array_agg(cu.namn::text order by cu.namn) from insats_coach c \
                  join app_user cu on cu.user_id = c.user_id \
                  where c.forbund_id = i.forbund_id and c.insats_id = i.insats_id), '{}') as coacher \
     from insats i \
     join organisation o on o.forbund_id = i.forbund_id and o.organisation_id = i.agare_id \
     left join app_user u on u.user_id = i.ansvarig_id";

/// The active förbund, if the actor may enter the insatser at all.
fn enter_scope(ctx: &Ctx) -> CoreResult<Uuid> {
    ctx.require(Action::Enter(lotsen_domain::Area::Insatser))?;
    ctx.forbund_id()
}

/// The active förbund, if the actor is förbund staff.
pub(crate) fn manage_scope(ctx: &Ctx) -> CoreResult<Uuid> {
    ctx.require(Action::ManageInsatser)?;
    ctx.forbund_id()
}

/// The SQL condition (on `insats i`) for the insatser the actor sees: every one for förbund
/// staff, else those they coach (`$2` is the user) or are insatsansvarig of.
pub(crate) fn visible_sql(ctx: &Ctx) -> &'static str {
    if ctx.can(Action::ManageInsatser) {
        "true"
    } else {
        "(i.ansvarig_id = $2 or exists (select 1 from insats_coach c \
          where c.forbund_id = i.forbund_id and c.insats_id = i.insats_id and c.user_id = $2))"
    }
}

/// The insatser the actor sees, active ones first, by name.
#[tracing::instrument(name = "insats.list", skip_all)]
pub async fn list(db: &Db, ctx: &Ctx) -> CoreResult<Vec<InsatsListItem>> {
    let forbund = enter_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as::<_, InsatsListItem>(&format!(
        "select i.insats_id, i.kod, i.namn::text as namn, i.typ, o.namn::text as agare, i.fran, \
                i.till, i.platser, i.status \
         from insats i join organisation o \
              on o.forbund_id = i.forbund_id and o.organisation_id = i.agare_id \
         where i.forbund_id = $1 and {} \
         order by i.status, i.namn, i.kod",
        visible_sql(ctx)
    ))
    .bind(forbund)
    .bind(ctx.user_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// The insats with `kod` and the actor's reach, inside the caller's transaction; unknown, or
/// outside the actor's reach, is `NotFound`.
pub(crate) async fn get_in(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    kod: &str,
) -> CoreResult<(InsatsDetail, Reach)> {
    let insats = sqlx::query_as::<_, InsatsDetail>(&format!(
        "{DETAIL} where i.forbund_id = $1 and i.kod = $2"
    ))
    .bind(forbund)
    .bind(kod)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let coach = insats.coach_ids.contains(&ctx.user_id);
    let ansvarig = insats.ansvarig_id == Some(ctx.user_id);
    ctx.require(Action::ReadInsats { coach, ansvarig })?;
    let reach = Reach {
        coach,
        ansvarig,
        manage: ctx.can(Action::ManageInsatser),
        work_queue: ctx.can(Action::WorkQueue { coach, ansvarig }),
    };
    Ok((insats, reach))
}

/// The insats with `kod`, with the actor's reach.
#[tracing::instrument(name = "insats.get", skip_all)]
pub async fn get(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<(InsatsDetail, Reach)> {
    let forbund = enter_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let r = get_in(&mut tx, ctx, forbund, kod).await?;
    tx.commit().await?;
    Ok(r)
}

/// The insats's page: the insats, the actor's reach and every goal with its progress.
#[tracing::instrument(name = "insats.page", skip_all)]
pub async fn page(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<InsatsPage> {
    let forbund = enter_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let (insats, reach) = get_in(&mut tx, ctx, forbund, kod).await?;
    let today = today(&mut tx).await?;
    let mal = mal::progress_in(&mut tx, forbund, &[insats.insats_id], None).await?;
    tx.commit().await?;
    Ok(InsatsPage {
        insats,
        reach,
        mal,
        today,
    })
}

/// A person the form offers (a coach or an insatsansvarig).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub user_id: Uuid,
    pub namn: String,
}

/// What the insats form offers: the förbund's organisations, LOKUS groups, kommuner (those of
/// its LOKUS groups and any an insats names), coaches and insatsansvariga.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// (id, name), by name.
    pub organisationer: Vec<(Uuid, String)>,
    /// (id, "KOD – namn"), by code.
    pub lokus: Vec<(Uuid, String)>,
    /// (SCB code, name), by name.
    pub kommuner: Vec<(String, String)>,
    /// Active members with the tilläggsresurs role.
    pub coacher: Vec<Person>,
    /// Active members with the insatsansvarig role.
    pub ansvariga: Vec<Person>,
}

/// Members of the förbund holding `roll`, by name.
pub(crate) async fn holders_in(tx: &mut Tx, forbund: Uuid, roll: &str) -> CoreResult<Vec<Person>> {
    Ok(sqlx::query_as::<_, Person>(
        "select distinct u.user_id, u.namn::text as namn from role_assignment r \
         join membership m on m.forbund_id = r.forbund_id and m.user_id = r.user_id and m.aktiv \
         join app_user u on u.user_id = r.user_id \
         where r.forbund_id = $1 and r.roll = $2 order by 2, 1",
    )
    .bind(forbund)
    .bind(roll)
    .fetch_all(&mut **tx)
    .await?)
}

#[tracing::instrument(name = "insats.choices", skip_all)]
pub async fn choices(db: &Db, ctx: &Ctx) -> CoreResult<Choices> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let organisationer = sqlx::query_as(
        "select organisation_id, namn::text from organisation where forbund_id = $1 order by namn",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let lokus = sqlx::query_as(
        "select lokus_id, kod || ' – ' || namn from lokus_grupp where forbund_id = $1 order by kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let kommuner = sqlx::query_as(
        "select m.kod, m.namn::text from kommun m \
         where m.kod in (select l.kommun_kod from lokus_kommun l where l.forbund_id = $1 \
                         union select k.kommun_kod from insats_kommun k where k.forbund_id = $1) \
         order by m.namn",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let coacher = holders_in(&mut tx, forbund, "tillaggsresurs").await?;
    let ansvariga = holders_in(&mut tx, forbund, "insatsansvarig").await?;
    tx.commit().await?;
    Ok(Choices {
        organisationer,
        lokus,
        kommuner,
        coacher,
        ansvariga,
    })
}

/// The start page's goals: the insatser the actor sees (active ones) with the goals whose
/// period includes today, inside the start page's transaction.
pub(crate) async fn start_in(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    today: Date,
) -> CoreResult<Vec<StartInsats>> {
    let rows: Vec<(Uuid, String, String)> = sqlx::query_as(&format!(
        "select i.insats_id, i.kod, i.namn::text from insats i \
         where i.forbund_id = $1 and i.status = 'aktiv' and {} \
         order by i.namn, i.kod limit {}",
        visible_sql(ctx),
        crate::start::SHOWN
    ))
    .bind(forbund)
    .bind(ctx.user_id)
    .fetch_all(&mut **tx)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let progress = mal::progress_in(tx, forbund, &ids, Some(today)).await?;
    Ok(rows
        .into_iter()
        .map(|(id, kod, namn)| StartInsats {
            kod,
            namn,
            mal: progress
                .iter()
                .filter(|p| p.mal.insats_id == id)
                .cloned()
                .collect(),
        })
        .collect())
}

/// One insats on the start page with its current goals.
#[derive(Debug, Clone)]
pub struct StartInsats {
    pub kod: String,
    pub namn: String,
    pub mal: Vec<MalProgress>,
}
