//! The ärende's timeline as an API for every feature: events are appended here (never by
//! another feature's SQL), and the timeline is read as the ärende's own actions and events plus
//! the sources other features declare (today the LOKUS decisions, read live until justering).
//! SIP records, enrolments and portal requests add events through `append` without touching
//! the ärende's tables.

use crate::ctx::Ctx;
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::arende::Handelse;
use time::Date;
use uuid::Uuid;

/// Appends one event to an ärende's timeline.
pub(crate) async fn append(
    tx: &mut Tx,
    ctx: &Ctx,
    arende: Uuid,
    typ: Handelse,
    text: &str,
) -> CoreResult<()> {
    append_each(tx, ctx, &[arende], typ, text).await
}

/// Appends the same event to several ärenden of the active förbund.
pub(crate) async fn append_each(
    tx: &mut Tx,
    ctx: &Ctx,
    arenden: &[Uuid],
    typ: Handelse,
    text: &str,
) -> CoreResult<()> {
    sqlx::query(
        "insert into arende_handelse (forbund_id, arende_id, typ, text, user_id) \
         select $1, x, $3, $4, $5 from unnest($2::uuid[]) x",
    )
    .bind(ctx.forbund_id()?)
    .bind(arenden)
    .bind(typ)
    .bind(text)
    .bind(ctx.person())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends one event of a kind to each of `arenden`, each with its own text and, from `dates`,
/// the Swedish day it happened (an import's closing dates). An event without a date (or past
/// the end of `dates`) happened now, as with `append`; one dated today is placed after the
/// transaction's other events. Set-based, for imports.
pub(crate) async fn append_dated(
    tx: &mut Tx,
    ctx: &Ctx,
    typ: Handelse,
    arenden: &[Uuid],
    texts: &[String],
    dates: &[Option<Date>],
) -> CoreResult<()> {
    if arenden.is_empty() {
        return Ok(());
    }
    // unnest pads the shorter arrays with nulls.
    sqlx::query(
        "insert into arende_handelse (forbund_id, arende_id, typ, text, user_id, created_at) \
         select $1, a, $2, x, $3, case when d is null then now() \
                when d < lotsen_today() then lotsen_from_local(d + time '12:00') \
                else clock_timestamp() end \
         from unnest($4::uuid[], $5::text[], $6::date[]) as t(a, x, d)",
    )
    .bind(ctx.forbund_id()?)
    .bind(typ)
    .bind(ctx.person())
    .bind(arenden)
    .bind(texts)
    .bind(dates)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends the LOKUS question of those of `arenden` that are still raised (their item was decided
/// at a justerat meeting) and records why in their timelines; returns the ones it ended.
pub(crate) async fn close_lokus_questions(
    tx: &mut Tx,
    ctx: &Ctx,
    arenden: &[Uuid],
    text: &str,
) -> CoreResult<Vec<Uuid>> {
    let closed: Vec<Uuid> = sqlx::query_scalar(
        "update arende set flaggad = false, lokus_fraga = null, flaggad_datum = null \
         where forbund_id = $1 and arende_id = any($2) and flaggad \
         returning arende_id",
    )
    .bind(ctx.forbund_id()?)
    .bind(arenden)
    .fetch_all(&mut **tx)
    .await?;
    append_each(tx, ctx, &closed, Handelse::Avflaggad, text).await?;
    Ok(closed)
}

/// The timeline's rows: `(datum, typ, kod, mal_part, mal, text, av, created_at)` for `$1`
/// (förbund) and `$2` (ärende), from the ärende's own tables and every other feature's source.
pub(crate) fn timeline_sql() -> String {
    let own = "select t.datum, 'atgard', t.kod, t.mal_part, \
                      case when coalesce(o.namn, t.mal_text) is null and k.katalog_id is null \
                           then null else concat_ws(' · ', coalesce(o.namn, t.mal_text), \
                                'Insats: ' || k.namn || ' (' || k.kod || ')') end, \
                      t.anteckning, u.namn::text, t.created_at \
               from atgard t \
               left join organisation o on o.forbund_id = t.forbund_id \
                    and o.organisation_id = t.mal_organisation_id \
               left join katalog k on k.forbund_id = t.forbund_id and k.katalog_id = t.katalog_id \
               left join app_user u on u.user_id = t.skapad_av \
               where t.forbund_id = $1 and t.arende_id = $2 \
               union all \
               select (lotsen_local(h.created_at))::date, h.typ, null, null, null, h.text, \
                      u.namn::text, h.created_at \
               from arende_handelse h left join app_user u on u.user_id = h.user_id \
               where h.forbund_id = $1 and h.arende_id = $2";
    std::iter::once(own)
        .chain(OTHER_SOURCES.iter().copied())
        .collect::<Vec<_>>()
        .join(" union all ")
}

/// The timeline sources of other features; a feature whose events are read live (rather than
/// appended with `append`) adds its source here.
const OTHER_SOURCES: &[&str] = &[crate::lokus::DECISIONS_IN_TIMELINE];
