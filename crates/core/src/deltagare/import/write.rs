//! The database side of the participant import: the kommuner rows may name, and writing the
//! new participants set-based (`insert … select … from unnest(…)`) — the enrolments with their
//! running numbers and hashes, the measurements before and after with their sources and
//! sysselsättningar, the start of arbetsträning and one `importerad` event each.

use super::check::Refs;
use super::row::{Measure, ValidRow};
use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::avsandare::key;
use lotsen_domain::deltagare::{DeltagareStatus, Tillfalle};
use time::Date;
use uuid::Uuid;

/// Rows per insert statement.
const BATCH: usize = 5_000;

/// The kommuner of the country and of the förbund, and those the insats serves.
pub(super) async fn load_refs(tx: &mut Tx, forbund: Uuid, insats: Uuid) -> CoreResult<Refs> {
    let kommuner: Vec<(String, String)> = sqlx::query_as(
        "select k.kod, k.namn::text from kommun k where not k.fiktiv or exists \
         (select 1 from lokus_kommun lk where lk.forbund_id = $1 and lk.kommun_kod = k.kod) \
         or exists (select 1 from insats_kommun ik where ik.forbund_id = $1 and ik.kommun_kod = k.kod)",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;
    let mut refs = Refs::default();
    for (kod, namn) in kommuner {
        refs.kommun_by_name.insert(key(&namn), kod.clone());
        refs.kommun_by_code.insert(kod, namn);
    }
    refs.served = sqlx::query_scalar(
        "select kommun_kod from insats_kommun where forbund_id = $1 and insats_id = $2 \
         order by kommun_kod",
    )
    .bind(forbund)
    .bind(insats)
    .fetch_all(&mut **tx)
    .await?;
    Ok(refs)
}

/// One measurement to write.
struct MatningRow<'a> {
    id: Uuid,
    deltagare: Uuid,
    tillfalle: Tillfalle,
    datum: Date,
    m: &'a Measure,
}

/// Writes the new participants (in the order given: inskrivning order) after the insats's
/// latest number; returns the first and last number given. The insats row is locked by the
/// caller.
pub(super) async fn write_rows(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    insats: Uuid,
    coach: Option<Uuid>,
    rows: &[&ValidRow],
) -> CoreResult<Option<(i32, i32)>> {
    if rows.is_empty() {
        return Ok(None);
    }
    let latest: i32 = sqlx::query_scalar(
        "select coalesce(max(nummer), 0) from deltagare where forbund_id = $1 and insats_id = $2",
    )
    .bind(forbund)
    .bind(insats)
    .fetch_one(&mut **tx)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|_| Uuid::now_v7()).collect();
    let mut nummer = latest;
    for (chunk, chunk_ids) in rows.chunks(BATCH).zip(ids.chunks(BATCH)) {
        let numbers: Vec<i32> = chunk
            .iter()
            .map(|_| {
                nummer += 1;
                nummer
            })
            .collect();
        insert_deltagare(tx, forbund, insats, coach, chunk, chunk_ids, &numbers).await?;
    }
    let mut matningar = Vec::new();
    for (r, id) in rows.iter().zip(&ids) {
        if let Some(m) = &r.fore {
            matningar.push(MatningRow {
                id: Uuid::now_v7(),
                deltagare: *id,
                tillfalle: Tillfalle::Fore,
                datum: r.inskriven,
                m,
            });
        }
        if let (Some(m), Some(u)) = (&r.efter, r.utskriven) {
            matningar.push(MatningRow {
                id: Uuid::now_v7(),
                deltagare: *id,
                tillfalle: Tillfalle::Efter,
                datum: u,
                m,
            });
        }
    }
    for chunk in matningar.chunks(BATCH) {
        insert_matningar(tx, ctx, forbund, chunk).await?;
    }
    let (atgids, (deltagare, datum)): (Vec<Uuid>, (Vec<Uuid>, Vec<Date>)) = rows
        .iter()
        .zip(&ids)
        .filter_map(|(r, id)| r.arbetstraning_fran.map(|d| (Uuid::now_v7(), (*id, d))))
        .unzip();
    for ((a, d), t) in atgids
        .chunks(BATCH)
        .zip(deltagare.chunks(BATCH))
        .zip(datum.chunks(BATCH))
    {
        sqlx::query(
            "insert into deltagare_aktivitet (forbund_id, aktivitet_id, deltagare_id, typ, datum, \
                 registrerad_av) \
             select $1, a, d, 'arbetstraning', t, $5 from unnest($2::uuid[], $3::uuid[], $4::date[]) \
                 as x(a, d, t)",
        )
        .bind(forbund)
        .bind(a)
        .bind(d)
        .bind(t)
        .bind(ctx.person())
        .execute(&mut **tx)
        .await?;
    }
    for chunk in ids.chunks(BATCH) {
        super::super::summera(tx, forbund, chunk).await?;
    }
    for chunk in ids.chunks(BATCH) {
        let events: Vec<Uuid> = chunk.iter().map(|_| Uuid::now_v7()).collect();
        sqlx::query(
            "insert into deltagare_handelse (forbund_id, handelse_id, deltagare_id, typ, av) \
             select $1, h, d, 'importerad', $4 from unnest($2::uuid[], $3::uuid[]) as x(h, d)",
        )
        .bind(forbund)
        .bind(&events)
        .bind(chunk)
        .bind(ctx.person())
        .execute(&mut **tx)
        .await?;
    }
    Ok(Some((latest + 1, nummer)))
}

async fn insert_deltagare(
    tx: &mut Tx,
    forbund: Uuid,
    insats: Uuid,
    coach: Option<Uuid>,
    rows: &[&ValidRow],
    ids: &[Uuid],
    numbers: &[i32],
) -> CoreResult<()> {
    let status: Vec<&str> = rows
        .iter()
        .map(|r| {
            if r.utskriven.is_some() {
                DeltagareStatus::Utskriven.code()
            } else {
                DeltagareStatus::Inskriven.code()
            }
        })
        .collect();
    let ko: Vec<Option<Date>> = rows.iter().map(|r| r.ko_datum).collect();
    let inskriven: Vec<Date> = rows.iter().map(|r| r.inskriven).collect();
    let kalla: Vec<&str> = rows.iter().map(|r| r.kalla.code()).collect();
    let kon: Vec<&str> = rows.iter().map(|r| r.kon.code()).collect();
    let fodelsear: Vec<Option<i32>> = rows.iter().map(|r| r.fodelsear).collect();
    let kommun: Vec<Option<String>> = rows.iter().map(|r| r.bostadskommun.clone()).collect();
    let utskriven: Vec<Option<Date>> = rows.iter().map(|r| r.utskriven).collect();
    let avslut: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.avslutsanledning.map(|a| a.code()))
        .collect();
    let hash: Vec<Vec<u8>> = rows.iter().map(|r| r.hash.clone()).collect();
    sqlx::query(
        "insert into deltagare (forbund_id, deltagare_id, insats_id, nummer, status, ko_datum, \
             inskriven, kalla, coach_id, kon, fodelsear, bostadskommun, utskriven, \
             avslutsanledning, import_hash) \
         select $1, id, $2, nr, st, ko, ins, ka, $3, kon, fa, bk, ut, av, h \
         from unnest($4::uuid[], $5::int[], $6::text[], $7::date[], $8::date[], $9::text[], \
                     $10::text[], $11::int[], $12::text[], $13::date[], $14::text[], $15::bytea[]) \
             as t(id, nr, st, ko, ins, ka, kon, fa, bk, ut, av, h)",
    )
    .bind(forbund)
    .bind(insats)
    .bind(coach)
    .bind(ids)
    .bind(numbers)
    .bind(&status)
    .bind(&ko)
    .bind(&inskriven)
    .bind(&kalla)
    .bind(&kon)
    .bind(&fodelsear)
    .bind(&kommun)
    .bind(&utskriven)
    .bind(&avslut)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_matningar(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    rows: &[MatningRow<'_>],
) -> CoreResult<()> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let deltagare: Vec<Uuid> = rows.iter().map(|r| r.deltagare).collect();
    let tillfalle: Vec<&str> = rows.iter().map(|r| r.tillfalle.code()).collect();
    let datum: Vec<Date> = rows.iter().map(|r| r.datum).collect();
    sqlx::query(
        "insert into deltagare_matning (forbund_id, matning_id, deltagare_id, tillfalle, datum, \
             registrerad_av) \
         select $1, m, d, t, dt, $6 from unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[]) \
             as x(m, d, t, dt)",
    )
    .bind(forbund)
    .bind(&ids)
    .bind(&deltagare)
    .bind(&tillfalle)
    .bind(&datum)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    let (mut fm, mut fk, mut fo) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sm, mut sk, mut so) = (Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        for (k, o) in &r.m.forsorjning {
            fm.push(r.id);
            fk.push(k.code());
            fo.push(*o);
        }
        for (k, o) in &r.m.sysselsattning {
            sm.push(r.id);
            sk.push(k.code());
            so.push(*o);
        }
    }
    sqlx::query(
        "insert into deltagare_forsorjning (forbund_id, matning_id, kalla, omfattning) \
         select $1, m, k, o from unnest($2::uuid[], $3::text[], $4::int[]) as x(m, k, o)",
    )
    .bind(forbund)
    .bind(&fm)
    .bind(&fk)
    .bind(&fo)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into deltagare_sysselsattning (forbund_id, matning_id, kod, omfattning) \
         select $1, m, k, o from unnest($2::uuid[], $3::text[], $4::int[]) as x(m, k, o)",
    )
    .bind(forbund)
    .bind(&sm)
    .bind(&sk)
    .bind(&so)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
