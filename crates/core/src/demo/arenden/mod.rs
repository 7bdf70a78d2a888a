//! Realistic lots-ärenden for the demo and for benchmarks, generated inside PostgreSQL with
//! set-based SQL (`generate_series` and hash-based pseudo-random numbers), never row by row.
//!
//! Every ärende follows one of a handful of *profiles* modelled on DOMAIN.md §7 (a long-term
//! sick-listed person remitted by FK, a nollklassad person on försörjningsstöd, a young adult
//! with aktivitetsersättning from psychiatry, …): the profile decides the remitting part and
//! kind of unit, age range, ersättning, målgrupper, samverkansproblem, description, typical
//! actions and outcome. Everything else (date received, kön, age, bostadskommun, handläggare,
//! kanal, how long it stays open, whether it is raised to LOKUS) is drawn from
//! `hashint8extended(key, salt)`, so the same database state and salt give the same data.
//!
//! - [`load`] gives the demo förbund about two years of ärenden for every LOKUS group, ending
//!   today (`lotsen demo`).
//! - [`seed`] adds any number of ärenden spread over both demo förbund, all their LOKUS groups
//!   and the years from 2019 to today (`lotsen seed-demo --arenden N`). Large runs drop the
//!   ärende tables' foreign keys, unique constraints and secondary indexes inside the
//!   transaction and recreate them at the end, so PostgreSQL checks every constraint in one
//!   set-based pass instead of once per row; the tables are locked while it runs.
//!
//! Both connect as the database owner (the `owner` target), like migrations do: the data spans
//! förbund, and it is a developer tool (docs/decisions.md, "Demo data"). Numbers are taken
//! from `arende_nummer` exactly as intake does (gapless per förbund, group and year, and the
//! next ärende a coordinator registers continues the sequence).

mod bulk;
mod profiles;
mod sql;

use crate::db::DbTarget;
use crate::error::{CoreError, CoreResult};
use anyhow::Context;
use bulk::*;
use lotsen_domain::arende::{Avslut, Samverkansproblem, Status};
use profiles::*;
use sql::*;
use sqlx::{ConnectOptions, Connection, PgConnection, Postgres, Transaction};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use time::{Date, Month};
use uuid::Uuid;

/// The demo's groups and how many ärenden each gets over [`DEMO_DAYS`] days.
pub const DEMO_GROUPS: &[(&str, &str, i32)] = &[
    ("fjardlunda", "FJL", 360),
    ("fjardlunda", "STL", 600),
    ("fjardlunda", "NRV", 240),
    ("fjardlunda", "KST", 180),
    ("kustbygd", "KST", 40),
];

/// The demo's ärenden arrive during the last two years, ending today.
pub const DEMO_DAYS: i64 = 730;

/// The first year [`seed`] spreads ärenden over.
pub const SEED_FIRST_YEAR: i32 = 2019;

/// The most [`seed`] generates in one run.
pub const SEED_MAX: u64 = 50_000_000;

/// From this many ärenden on, [`seed`] rebuilds indexes and foreign keys instead of
/// maintaining them row by row.
const BULK_FROM: u64 = 20_000;

/// The LOKUS group whose chair (`ordforande@demo…`) should find many items flagged to LOKUS.
const CHAIR_GROUP: &str = "STL";

/// The tables [`seed`] fills in bulk; their foreign keys and plain indexes are rebuilt.
const BULK_TABLES: &[&str] = &[
    "arende",
    "arende_ersattning",
    "arende_malgrupp",
    "atgard",
    "arende_handelse",
];

/// What a load or seed wrote, and how long it took.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub arenden: u64,
    pub atgarder: u64,
    pub handelser: u64,
    pub elapsed: Duration,
}

/// A LOKUS group of a demo förbund.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Group {
    slug: String,
    kod: String,
    forbund_id: Uuid,
    lokus_id: Uuid,
    kommuner: i64,
}

/// One group's share of the ärenden, received between `fran` and `till`.
#[derive(Debug, Clone)]
struct Cell {
    forbund_id: Uuid,
    lokus_id: Uuid,
    antal: i32,
    fran: Date,
    till: Date,
    flag_weight: f64,
}

/// Gives the demo förbund about two years of ärenden, ending today, unless `fjardlunda` has
/// ärenden already (or does not exist). Returns what was loaded.
pub async fn load(owner: &DbTarget) -> CoreResult<Option<Generated>> {
    let started = Instant::now();
    let mut conn = connect(owner, false).await?;
    let has: Option<bool> = sqlx::query_scalar(
        "select exists (select 1 from arende a where a.forbund_id = f.forbund_id) \
         from forbund f where f.slug = 'fjardlunda'",
    )
    .fetch_optional(&mut conn)
    .await?;
    if has != Some(false) {
        return Ok(None);
    }
    let (groups, today) = demo_groups(&mut conn).await?;
    let fran = today - time::Duration::days(DEMO_DAYS);
    let mut cells = Vec::new();
    for (slug, kod, antal) in DEMO_GROUPS {
        if let Some(g) = groups.iter().find(|g| g.slug == *slug && g.kod == *kod) {
            cells.push(Cell {
                forbund_id: g.forbund_id,
                lokus_id: g.lokus_id,
                antal: *antal,
                fran,
                till: today,
                flag_weight: flag_weight(&g.kod),
            });
        }
    }
    let mut generated = generate(&mut conn, &cells, 1, 1, false).await?;
    super::katalog::link_actions(&mut conn).await?;
    analyze(&mut conn).await?;
    conn.close().await?;
    generated.elapsed = started.elapsed();
    Ok(Some(generated))
}

/// Adds `n` ärenden spread over both demo förbund, all their LOKUS groups and the years from
/// [`SEED_FIRST_YEAR`] to today (more in later years), with codes, actions and timelines,
/// continuing each group's numbering. The demo must be loaded.
pub async fn seed(owner: &DbTarget, n: u64) -> CoreResult<Generated> {
    seed_as(owner, n, n >= BULK_FROM).await
}

/// [`seed`], choosing whether to rebuild indexes and foreign keys (`bulk`) or maintain them
/// row by row, whatever `n` is (tests exercise both paths with few ärenden).
pub async fn seed_as(owner: &DbTarget, n: u64, bulk: bool) -> CoreResult<Generated> {
    let started = Instant::now();
    if n > SEED_MAX {
        return Err(CoreError::invalid(
            "arenden",
            format!("Högst {SEED_MAX} ärenden åt gången."),
        ));
    }
    let mut conn = connect(owner, bulk).await?;
    let (groups, today) = demo_groups(&mut conn).await?;
    if groups.is_empty() {
        return Err(CoreError::Internal(anyhow::anyhow!(
            "demoförbunden finns inte; kör `lotsen demo` eller `lotsen seed-demo` på en tom databas"
        )));
    }
    let cells = seed_cells(&groups, today, n)?;
    let existing: i64 = sqlx::query_scalar("select count(*) from arende")
        .fetch_one(&mut conn)
        .await?;
    let salt = 1000 + existing;
    // Many handläggare at national scale, a few per unit in a small run.
    let faktor = i32::try_from((n / 20_000).clamp(1, 50)).unwrap_or(1);
    let mut generated = generate(&mut conn, &cells, salt, faktor, bulk).await?;
    analyze(&mut conn).await?;
    conn.close().await?;
    generated.elapsed = started.elapsed();
    Ok(generated)
}

fn flag_weight(kod: &str) -> f64 {
    if kod == CHAIR_GROUP { 2.0 } else { 1.0 }
}

async fn connect(owner: &DbTarget, bulk: bool) -> CoreResult<PgConnection> {
    let mut conn = owner
        .options
        .clone()
        .disable_statement_logging()
        .connect()
        .await
        .context("connecting as the database owner")?;
    // Must be set before the session's first temporary table.
    let temp = if bulk { "512MB" } else { "32MB" };
    sqlx::query(&format!("set temp_buffers = '{temp}'"))
        .execute(&mut conn)
        .await?;
    Ok(conn)
}

async fn demo_groups(conn: &mut PgConnection) -> CoreResult<(Vec<Group>, Date)> {
    let groups = sqlx::query_as::<_, Group>(
        "select f.slug, l.kod, l.forbund_id, l.lokus_id, \
                (select count(*) from lokus_kommun lk \
                 where lk.forbund_id = l.forbund_id and lk.lokus_id = l.lokus_id) as kommuner \
         from lokus_grupp l join forbund f on f.forbund_id = l.forbund_id \
         where f.slug in ('fjardlunda', 'kustbygd') and l.aktiv order by f.slug, l.kod",
    )
    .fetch_all(&mut *conn)
    .await?;
    let today: Date = sqlx::query_scalar("select lotsen_today()")
        .fetch_one(&mut *conn)
        .await?;
    Ok((groups, today))
}

/// Splits `n` over every group and year: a group's share grows with its kommuner, a year's
/// with its days (up to today) and by a tenth a year. Largest remainders make the sum exact.
fn seed_cells(groups: &[Group], today: Date, n: u64) -> CoreResult<Vec<Cell>> {
    let mut cells = Vec::new();
    let mut weights = Vec::new();
    for g in groups {
        for year in SEED_FIRST_YEAR..=today.year() {
            let fran =
                Date::from_calendar_date(year, Month::January, 1).context("first of January")?;
            let end =
                Date::from_calendar_date(year, Month::December, 31).context("last of December")?;
            let till = end.min(today);
            if till < fran {
                continue;
            }
            let days = (till - fran).whole_days() + 1;
            let growth = 1.0 + 0.1 * f64::from(year - SEED_FIRST_YEAR);
            weights.push((1.0 + g.kommuner as f64) * days as f64 * growth);
            cells.push(Cell {
                forbund_id: g.forbund_id,
                lokus_id: g.lokus_id,
                antal: 0,
                fran,
                till,
                flag_weight: flag_weight(&g.kod),
            });
        }
    }
    let total: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| w / total * n as f64).collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut rest = n.saturating_sub(counts.iter().sum());
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - exact[*a].floor();
        let fb = exact[*b] - exact[*b].floor();
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    for i in order {
        if rest == 0 {
            break;
        }
        counts[i] += 1;
        rest -= 1;
    }
    for (cell, count) in cells.iter_mut().zip(counts) {
        cell.antal = i32::try_from(count).context("too many ärenden for one group and year")?;
    }
    cells.retain(|c| c.antal > 0);
    // Year by year, so the table fills roughly in the order real ärenden would arrive.
    cells.sort_by_key(|c| (c.fran, c.lokus_id));
    Ok(cells)
}

/// Updates the planner's statistics (autovacuum vacuums the new rows soon after).
async fn analyze(conn: &mut PgConnection) -> CoreResult<()> {
    sqlx::query(
        "analyze arende, arende_ersattning, arende_malgrupp, atgard, arende_handelse, \
         handlaggare, arende_nummer",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Generates the cells' ärenden in one transaction.
async fn generate(
    conn: &mut PgConnection,
    cells: &[Cell],
    salt: i64,
    faktor: i32,
    bulk: bool,
) -> CoreResult<Generated> {
    let expected: i64 = cells.iter().map(|c| i64::from(c.antal)).sum();
    let mut tx = conn.begin().await?;
    sqlx::query("set local work_mem = '64MB'")
        .execute(&mut *tx)
        .await?;
    sqlx::query(if bulk {
        "set local maintenance_work_mem = '1GB'"
    } else {
        "set local maintenance_work_mem = '64MB'"
    })
    .execute(&mut *tx)
    .await?;
    // The planner cannot estimate the generated rows' joins; nested loops over a million rows
    // would be a disaster, hash joins are always right here.
    sqlx::query("set local enable_nestloop = off")
        .execute(&mut *tx)
        .await?;
    sqlx::query("set local jit = off").execute(&mut *tx).await?;
    dimensions(&mut tx, cells, faktor).await?;
    let problems: Vec<&str> = Samverkansproblem::ALL.iter().map(|p| p.code()).collect();
    let rows = sqlx::query(&generate_sql())
        .bind(salt)
        .bind(QUESTIONS)
        .bind(NOTES)
        .bind(&problems)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if i64::try_from(rows).unwrap_or(-1) != expected {
        return Err(CoreError::Internal(anyhow::anyhow!(
            "generated {rows} ärenden instead of {expected}: does every LOKUS group's förbund have organisations with units?"
        )));
    }
    // Take the numbers as intake does: the rows of arende_nummer stay locked until commit,
    // so a coordinator registering an ärende meanwhile waits and then continues after them.
    sqlx::query(CELL_YEARS).execute(&mut *tx).await?;
    sqlx::query(RESERVE_NUMBERS).execute(&mut *tx).await?;
    let deferred = if bulk {
        Some(drop_for_bulk(&mut tx).await?)
    } else {
        None
    };
    // A small load inserts the ärenden first and the triggers of migration 0011 fill their
    // code arrays from the child rows. A bulk load (foreign keys dropped) inserts the child
    // rows first with those triggers off and writes each ärende's arrays in its insert:
    // updating a million ärenden three times more than doubled the seed's time.
    let arenden = if bulk {
        0
    } else {
        sqlx::query(&insert_arende(false))
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    if bulk {
        koder_triggers(&mut tx, false).await?;
    }
    sqlx::query(INSERT_ERSATTNING).execute(&mut *tx).await?;
    sqlx::query(INSERT_MALGRUPP).execute(&mut *tx).await?;
    let (codes, notes): (Vec<&str>, Vec<&str>) = ACTION_NOTES.iter().copied().unzip();
    let atgarder = sqlx::query(INSERT_ATGARD)
        .bind(salt)
        .bind(&codes)
        .bind(&notes)
        .bind(EXTRA_ACTIONS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let arenden = if bulk {
        // The kept counts (migration 0008) and the statistics' monthly sums (0012) are
        // recounted once instead: their triggers would keep a transition table of a million
        // whole rows, and expanding each row through statistik_bidrag is slower than the
        // recount's grouping sets.
        for trigger in ["arende_antal_insert", "statistik_manad_insert"] {
            sqlx::query(&format!("alter table arende disable trigger {trigger}"))
                .execute(&mut *tx)
                .await?;
        }
        let n = sqlx::query(&insert_arende(true))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        for trigger in ["arende_antal_insert", "statistik_manad_insert"] {
            sqlx::query(&format!("alter table arende enable trigger {trigger}"))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(RECOUNT_ARENDE_ANTAL).execute(&mut *tx).await?;
        // Without statistics on the new rows the planner expected millions of code groups and
        // sorted them instead of hashing (9.3 s against 2.6 s for a million ärenden).
        sqlx::query("analyze arende").execute(&mut *tx).await?;
        sqlx::query("select statistik_rakna_om()")
            .execute(&mut *tx)
            .await?;
        koder_triggers(&mut tx, true).await?;
        n
    } else {
        arenden
    };
    let avslut: Vec<&str> = Avslut::ALL.iter().map(|a| a.code()).collect();
    let labels: Vec<&str> = Avslut::ALL.iter().map(|a| a.label()).collect();
    let handelser = sqlx::query(INSERT_HANDELSE)
        .bind(&avslut)
        .bind(&labels)
        .bind(Status::Vilande.label())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if let Some(d) = deferred {
        restore_after_bulk(&mut tx, d).await?;
    }
    tx.commit().await?;
    Ok(Generated {
        arenden,
        atgarder,
        handelser,
        elapsed: Duration::ZERO,
    })
}

/// The small tables the generator draws from: profiles, the cells, the possible senders of
/// each profile in each group, the handläggare of every unit (created when missing) and a
/// weighted profile choice per group.
async fn dimensions(
    tx: &mut Transaction<'_, Postgres>,
    cells: &[Cell],
    faktor: i32,
) -> CoreResult<()> {
    sqlx::query(
        "create temp table seed_profil ( \
             profil int primary key, vikt float8 not null, part text not null, enhet_ord text, \
             alder_min int not null, alder_max int not null, kvinna_andel float8 not null, \
             ersattning text[] not null, malgrupper text[] not null, problem text not null, \
             dagar int not null, beskrivningar text[] not null, atgarder text[] not null, \
             mal_parter text[] not null, avslut text not null, lyft float8 not null, fraga text \
         ) on commit drop",
    )
    .execute(&mut **tx)
    .await?;
    for (i, p) in profiles().iter().enumerate() {
        let actions: Vec<&str> = p.actions.iter().map(|(a, _)| a.as_str()).collect();
        let targets: Vec<&str> = p
            .actions
            .iter()
            .map(|(_, t)| t.as_deref().unwrap_or(""))
            .collect();
        sqlx::query(
            "insert into seed_profil values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             array(select nullif(t, '') from unnest($14::text[]) with ordinality u(t, o) order by o), \
             $15, $16, $17)",
        )
        .bind(i32::try_from(i + 1).unwrap_or(i32::MAX))
        .bind(p.weight)
        .bind(&p.part)
        .bind(&p.unit)
        .bind(p.age.0)
        .bind(p.age.1)
        .bind(p.women)
        .bind(&p.ersattning)
        .bind(&p.malgrupper)
        .bind(&p.problem)
        .bind(p.days)
        .bind(&p.descriptions)
        .bind(&actions)
        .bind(&targets)
        .bind(&p.avslut)
        .bind(p.raise)
        .bind(&p.question)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "create temp table seed_grupp ( \
             grupp_nr int not null, forbund_id uuid not null, lokus_id uuid not null, kod text not null, \
             antal int not null, fran date not null, till date not null, kommuner text[] not null, \
             flagg_vikt float8 not null, skapad_av uuid, idag date not null \
         ) on commit drop",
    )
    .execute(&mut **tx)
    .await?;
    let forbund: Vec<Uuid> = cells.iter().map(|c| c.forbund_id).collect();
    let lokus: Vec<Uuid> = cells.iter().map(|c| c.lokus_id).collect();
    let antal: Vec<i32> = cells.iter().map(|c| c.antal).collect();
    let fran: Vec<Date> = cells.iter().map(|c| c.fran).collect();
    let till: Vec<Date> = cells.iter().map(|c| c.till).collect();
    let vikt: Vec<f64> = cells.iter().map(|c| c.flag_weight).collect();
    sqlx::query(
        "insert into seed_grupp \
         select c.nr::int, l.forbund_id, l.lokus_id, l.kod, c.antal, c.fran, c.till, \
                coalesce((select array_agg(lk.kommun_kod order by lk.kommun_kod) from lokus_kommun lk \
                          where lk.forbund_id = l.forbund_id and lk.lokus_id = l.lokus_id), '{}'), \
                c.vikt, \
                (select r.user_id from role_assignment r \
                 join membership m on m.forbund_id = r.forbund_id and m.user_id = r.user_id \
                 where r.forbund_id = l.forbund_id and r.lokus_id = l.lokus_id \
                   and r.roll = 'koordinator' and m.aktiv order by r.user_id limit 1), \
                lotsen_today() \
         from unnest($1::uuid[], $2::uuid[], $3::int[], $4::date[], $5::date[], $6::float8[]) \
              with ordinality c(forbund_id, lokus_id, antal, fran, till, vikt, nr) \
         join lokus_grupp l on l.forbund_id = c.forbund_id and l.lokus_id = c.lokus_id",
    )
    .bind(&forbund)
    .bind(&lokus)
    .bind(&antal)
    .bind(&fran)
    .bind(&till)
    .bind(&vikt)
    .execute(&mut **tx)
    .await?;
    sqlx::query(HANDLAGGARE_CODES)
        .bind(faktor)
        .execute(&mut **tx)
        .await?;
    for sql in DIMENSIONS {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lotsen_domain::Part;
    use lotsen_domain::arende::{Atgard, Ersattning, Malgrupp, contains_personnummer};

    #[test]
    fn every_profile_uses_known_codes_and_no_personal_data() {
        for p in profiles() {
            assert!(Part::from_code(&p.part).is_some(), "{}", p.part);
            assert!(p.age.0 >= 16 && p.age.1 <= 64 && p.age.0 <= p.age.1);
            assert!((0.0..=1.0).contains(&p.women));
            assert!(!p.ersattning.is_empty());
            for e in &p.ersattning {
                assert!(Ersattning::from_code(e).is_some(), "{e}");
            }
            for m in &p.malgrupper {
                assert!(Malgrupp::from_code(m).is_some(), "{m}");
            }
            assert!(Samverkansproblem::from_code(&p.problem).is_some());
            assert!(Avslut::from_code(&p.avslut).is_some());
            assert!(!p.actions.is_empty() && p.actions.len() <= 3);
            for (a, target) in &p.actions {
                assert!(Atgard::from_code(a).is_some(), "{a}");
                assert!(
                    target
                        .as_deref()
                        .is_none_or(|t| Part::from_code(t).is_some())
                );
            }
            assert!(!p.descriptions.is_empty());
            for d in p.descriptions.iter().chain(p.question.iter()) {
                assert!(
                    !contains_personnummer(d) && d.chars().count() <= 2000,
                    "{d}"
                );
            }
        }
        for (code, _) in ACTION_NOTES {
            assert!(Atgard::from_code(code).is_some(), "{code}");
        }
        for code in EXTRA_ACTIONS {
            assert!(Atgard::from_code(code).is_some(), "{code}");
        }
    }

    #[test]
    fn seed_cells_share_out_exactly_n() {
        let group = |kod: &str, kommuner| Group {
            slug: "fjardlunda".into(),
            kod: kod.into(),
            forbund_id: Uuid::nil(),
            lokus_id: Uuid::now_v7(),
            kommuner,
        };
        let groups = [group("FJL", 1), group("STL", 2), group("KST", 1)];
        let today = Date::from_calendar_date(2026, Month::November, 22).unwrap();
        for n in [0, 1, 7, 2000, 1_000_000] {
            let cells = seed_cells(&groups, today, n).unwrap();
            let sum: i64 = cells.iter().map(|c| i64::from(c.antal)).sum();
            assert_eq!(sum, n as i64);
            assert!(cells.iter().all(|c| c.fran <= c.till && c.till <= today));
        }
        let cells = seed_cells(&groups, today, 1_000_000).unwrap();
        let first = cells.iter().find(|c| c.fran.year() == 2019).unwrap().antal;
        let full = cells.iter().find(|c| c.fran.year() == 2025).unwrap().antal;
        assert!(full > first, "later years have more");
    }
}
