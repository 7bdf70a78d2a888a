//! Demo LOKUS meetings: three past, justerade meetings of `STL` with decisions on ärenden that
//! were raised to LOKUS in the weeks before each, their närvaro (the group's three members and
//! others in text), the ledamot as justerare and § numbers running through the year; the
//! latest one bordlade an ärende. An upcoming meeting a week ahead holds every ärende flagged
//! to LOKUS now, the bordlagt one first with its reason, so the demo chair
//! (`ordforande@demo.lotsen.example`) opens a full pre-read at once. Loaded by `lotsen demo`
//! after the demo ärenden, as the database owner, once (when `fjardlunda` has no meetings).

use crate::db::DbTarget;
use crate::error::CoreResult;
use crate::lokus::{MoteRow, agenda};
use anyhow::Context;
use lotsen_domain::lokus_mote::forsta_paragraf;
use sqlx::{ConnectOptions, Connection, PgConnection};
use time::{Date, Duration, Time};
use uuid::Uuid;

const PLATS: &str = "Stenbäcks kommunhus, sammanträdesrum Ådalen";

const OVRIGA: &str = "Representanter för Försäkringskassan, Arbetsförmedlingen, Stenbäcks och \
     Lövsjö kommuner och Region Västerlän.";

const BORDLAGT: &str = "Kommunen och Försäkringskassan återkommer till nästa möte med hur \
     ansvaret för den medicinska bedömningen fördelas.";

/// Decision texts with an optional follow-up (who, days after the meeting).
const BESLUT: &[(&str, Option<(&str, i64)>)] = &[
    (
        "LOKUS rekommenderar ett samordnat flerpartsmöte med Försäkringskassan, kommunen och vården inom tre veckor. Samverkanskoordinatorn kallar.",
        Some(("Samverkanskoordinatorn", 21)),
    ),
    (
        "Gruppen konstaterar att en rutin för övergången från aktivitetsersättning saknas. Kommunens och Försäkringskassans representanter tar fram ett förslag till nästa möte.",
        Some(("Kommunens och Försäkringskassans representanter", 28)),
    ),
    (
        "Lyfts till förbundets styrgrupp som ett strukturellt samverkansproblem.",
        None,
    ),
    (
        "Ärendet kan lösas inom ordinarie verksamhet. Arbetsförmedlingens representant stämmer av med berörd enhet och återkopplar till samverkanskoordinatorn.",
        Some(("Arbetsförmedlingens representant", 14)),
    ),
];

/// Loads the demo meetings unless `fjardlunda` has meetings already (or no `STL`).
/// Returns how many meetings were created.
pub async fn load(owner: &DbTarget) -> CoreResult<usize> {
    let mut conn = owner
        .options
        .clone()
        .disable_statement_logging()
        .connect()
        .await
        .context("connecting as the database owner")?;
    let mut tx = conn.begin().await?;
    type Found = (
        Uuid,
        Uuid,
        bool,
        Date,
        Option<Uuid>,
        Option<Uuid>,
        Option<Uuid>,
    );
    let found: Option<Found> = sqlx::query_as(
        "select f.forbund_id, l.lokus_id, \
                exists (select 1 from lokus_mote m where m.forbund_id = f.forbund_id), \
                lotsen_today(), \
                (select user_id from app_user where epost = 'ordforande@demo.lotsen.example'), \
                (select user_id from app_user where epost = 'ledamot@demo.lotsen.example'), \
                (select user_id from app_user where epost = 'koordinator@demo.lotsen.example') \
         from forbund f join lokus_grupp l on l.forbund_id = f.forbund_id and l.kod = 'STL' \
         where f.slug = 'fjardlunda'",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some((forbund, lokus, has, today, chair, ledamot, sk)) = found else {
        return Ok(0);
    };
    if has {
        return Ok(0);
    }
    let nine = Time::from_hms(9, 0, 0).context("time")?;
    let mut forra = today - Duration::days(112);
    let mut n = 0;
    let mut givna: Vec<(Date, i32)> = Vec::new();
    for (i, weeks_ago) in [12_i64, 8, 4].into_iter().enumerate() {
        let datum = today - Duration::weeks(weeks_ago);
        let mote = Uuid::now_v7();
        insert_meeting(&mut tx, forbund, lokus, mote, datum, nine, "genomfort").await?;
        past_items(&mut tx, forbund, lokus, mote, forra, datum, i, chair).await?;
        if i == 2 {
            bordlagt_item(&mut tx, forbund, lokus, mote, datum, chair).await?;
        }
        sqlx::query(
            "insert into lokus_narvaro (forbund_id, mote_id, user_id) \
             select $1, $2, u from unnest($3::uuid[]) u where u is not null",
        )
        .bind(forbund)
        .bind(mote)
        .bind(vec![chair, ledamot, sk])
        .execute(&mut *tx)
        .await?;
        // § numbers as the chair's justering gives them: on through the calendar year.
        let forsta = forsta_paragraf(datum, &givna);
        let numbered = sqlx::query(
            "update lokus_punkt p set paragraf = $3 + x.n - 1 \
             from (select punkt_id, row_number() over (order by ordning, created_at, punkt_id) as n \
                   from lokus_punkt where forbund_id = $1 and mote_id = $2 and not borttagen) x \
             where p.forbund_id = $1 and p.punkt_id = x.punkt_id",
        )
        .bind(forbund)
        .bind(mote)
        .bind(forsta)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        givna.push((datum, forsta + i32::try_from(numbered).unwrap_or(1) - 1));
        sqlx::query(
            "update lokus_mote set status = 'justerat', \
                    ordforande_justerat_at = lotsen_from_local($3::date + time '15:30'), \
                    justerare_justerat_at = lotsen_from_local($3::date + time '16:00'), \
                    justerat_at = lotsen_from_local($3::date + time '16:00'), \
                    justerat_av = $4, justerare_id = $5, narvarande_ovriga = $6, \
                    protokoll = 'Föregående protokoll lades till handlingarna.' \
             where forbund_id = $1 and mote_id = $2",
        )
        .bind(forbund)
        .bind(mote)
        .bind(datum)
        .bind(chair)
        .bind(ledamot)
        .bind(OVRIGA)
        .execute(&mut *tx)
        .await?;
        forra = datum;
        n += 1;
    }
    // The upcoming meeting, its agenda filled from the flags as the page would.
    let datum = today + Duration::days(7);
    let tid = Time::from_hms(13, 0, 0).context("time")?;
    let mote = Uuid::now_v7();
    insert_meeting(&mut tx, forbund, lokus, mote, datum, tid, "planerat").await?;
    let row = MoteRow::planned(mote, lokus, datum, tid, PLATS);
    agenda::sync_conn(&mut tx, forbund, &row).await?;
    sqlx::query(
        "insert into lokus_punkt (forbund_id, punkt_id, mote_id, ordning, rubrik, text) \
         select $1, gen_random_uuid(), $2, coalesce(max(ordning), 0) + 1, \
                'Rapport: samverkansrutin för unga med aktivitetsersättning', \
                'Arbetsgruppen redovisar läget sedan förra mötet.' \
         from lokus_punkt where forbund_id = $1 and mote_id = $2",
    )
    .bind(forbund)
    .bind(mote)
    .execute(&mut *tx)
    .await?;
    // The first item's description is included, to show the choice.
    sqlx::query(
        "update lokus_punkt set visa_beskrivning = true where forbund_id = $1 and mote_id = $2 \
         and ordning = (select min(ordning) from lokus_punkt where forbund_id = $1 and mote_id = $2 and arende_id is not null)",
    )
    .bind(forbund)
    .bind(mote)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    conn.close().await?;
    Ok(n + 1)
}

async fn insert_meeting(
    conn: &mut PgConnection,
    forbund: Uuid,
    lokus: Uuid,
    mote: Uuid,
    datum: Date,
    tid: Time,
    status: &str,
) -> CoreResult<()> {
    sqlx::query(
        "insert into lokus_mote (forbund_id, mote_id, lokus_id, datum, tid, plats, status) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(forbund)
    .bind(mote)
    .bind(lokus)
    .bind(datum)
    .bind(tid)
    .bind(PLATS)
    .bind(status)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The oldest ärende of the group still flagged to LOKUS and flagged by the meeting's day, as
/// the meeting's first item, bordlagt: it stays flagged and comes up at the next meeting.
async fn bordlagt_item(
    conn: &mut PgConnection,
    forbund: Uuid,
    lokus: Uuid,
    mote: Uuid,
    datum: Date,
    chair: Option<Uuid>,
) -> CoreResult<()> {
    sqlx::query(
        "insert into lokus_punkt (forbund_id, punkt_id, mote_id, ordning, arende_id, fraga, overford, \
             beslut, bordlagd, beslutat_av, beslutat_at) \
         select $1, gen_random_uuid(), $2, 0, a.arende_id, a.lokus_fraga, false, $5, true, $6, \
                lotsen_from_local($4::date + time '10:30') \
         from arende a \
         where a.forbund_id = $1 and a.lokus_id = $3 and a.flaggad and a.flaggad_datum <= $4 \
           and not exists (select 1 from lokus_punkt p where p.forbund_id = a.forbund_id \
                           and p.arende_id = a.arende_id) \
         order by a.flaggad_datum, a.nummer limit 1",
    )
    .bind(forbund)
    .bind(mote)
    .bind(lokus)
    .bind(datum)
    .bind(BORDLAGT)
    .bind(chair)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Up to four ärenden raised to LOKUS between the previous meeting and this one (and no
/// longer flagged, so handled), each with a decision, plus one free item.
#[allow(clippy::too_many_arguments)]
async fn past_items(
    conn: &mut PgConnection,
    forbund: Uuid,
    lokus: Uuid,
    mote: Uuid,
    forra: Date,
    datum: Date,
    offset: usize,
    chair: Option<Uuid>,
) -> CoreResult<()> {
    let raised: Vec<(Uuid, Option<String>)> = sqlx::query_as(
        "select a.arende_id, (select nullif(h.text, '') from arende_handelse h where h.forbund_id = a.forbund_id \
                and h.arende_id = a.arende_id and h.typ = 'flaggad' order by h.handelse_id desc limit 1) \
         from arende a \
         join lateral (select max(t.datum) as d from atgard t where t.forbund_id = a.forbund_id \
                       and t.arende_id = a.arende_id and t.kod = 'lyft_till_lokus') l on true \
         where a.forbund_id = $1 and a.lokus_id = $2 and not a.flaggad and l.d > $3 and l.d <= $4 \
           and not exists (select 1 from lokus_punkt p where p.forbund_id = a.forbund_id and p.arende_id = a.arende_id) \
         order by l.d, a.nummer limit 4",
    )
    .bind(forbund)
    .bind(lokus)
    .bind(forra)
    .bind(datum)
    .fetch_all(&mut *conn)
    .await?;
    for (i, (arende, fraga)) in raised.iter().enumerate() {
        let (text, follow) = BESLUT[(i + offset) % BESLUT.len()];
        sqlx::query(
            "insert into lokus_punkt (forbund_id, punkt_id, mote_id, ordning, arende_id, fraga, beslut, \
                 uppfoljning_vem, uppfoljning_senast, beslutat_av, beslutat_at) \
             values ($1, gen_random_uuid(), $2, $3, $4, coalesce($5, 'Hur går vi vidare?'), $6, $7, $8, $9, \
                     lotsen_from_local($10::date + time '10:00'))",
        )
        .bind(forbund)
        .bind(mote)
        .bind(i32::try_from(i + 1).unwrap_or(1))
        .bind(arende)
        .bind(fraga)
        .bind(text)
        .bind(follow.map(|(vem, _)| vem))
        .bind(follow.map(|(_, days)| datum + Duration::days(days)))
        .bind(chair)
        .bind(datum)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "insert into lokus_punkt (forbund_id, punkt_id, mote_id, ordning, rubrik, text, beslut, beslutat_av) \
         values ($1, gen_random_uuid(), $2, $3, 'Förbundets information', \
                 'Förbundschefen informerar om årets nulägesanalys.', 'Informationen noterades.', $4)",
    )
    .bind(forbund)
    .bind(mote)
    .bind(i32::try_from(raised.len() + 1).unwrap_or(1))
    .bind(chair)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
