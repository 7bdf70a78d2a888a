//! The `sip` figure table (issue 17): the SIP records of a LOKUS group (`sip.lokus_id`), or of
//! the whole förbund with those of no group, per who took the initiative (`initierad_av`).
//! Rows: initiated in the period; held (the planning meeting dated in the period) and, of
//! those, who was present and whether a follow-up was booked; the follow-ups due in the period
//! (up to today) held on time or late; and the median days from initiation to the planning
//! meeting over the held ones, a measure row like `forfragningar`'s.

use super::per_kod::{self, ColumnCounts, Shape};
use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::sip::Initiativ;
use lotsen_domain::statistik::{FigureTable, Header, Period, Tabell};
use uuid::Uuid;

/// The count rows, in order: code, label. Every row from `genomforda` to `uppfoljning_bokad`
/// counts SIPs held in the period; the two follow-up rows count booked follow-ups.
const ROWS: [(&str, &str); 9] = [
    ("initierade", "Initierade"),
    ("genomforda", "Genomförda (planeringsmöte hållet)"),
    ("med_fk", "Genomförda med Försäkringskassan närvarande"),
    ("med_af", "Genomförda med Arbetsförmedlingen närvarande"),
    (
        "med_bade_fk_och_af",
        "Genomförda med både Försäkringskassan och Arbetsförmedlingen närvarande",
    ),
    ("individen_deltog", "Genomförda där individen deltog"),
    ("uppfoljning_bokad", "Genomförda med bokad uppföljning"),
    ("uppfoljd_i_tid", "Uppföljningar hållna i tid"),
    (
        "uppfoljning_forsenad",
        "Uppföljningar försenade eller inte hållna",
    ),
];

/// Per SIP of the scope: its planning meeting (the first, should there be several), whether
/// FK and AF were present at it, and its booked follow-ups due in the period and by today,
/// each held on time when the SIP's next meeting after the booking is on or before the date
/// booked. One not held on time is late unless the due day has not passed, or the SIP was
/// ended without a later meeting: consent withdrawn by the day booked, or (the record keeps
/// no date of ending) avslutad or inställd with no withdrawal recorded.
const SQL: &str = "\
with s as ( \
    select s.initierad_av, s.initierad, s.individen_deltog, p.datum as planerad, \
           p.nasta is not null as bokad, n.fk, n.af, f.i_tid, f.forsenad \
    from sip s \
    left join lateral ( \
        select m.datum, m.nasta from sip_mote m \
        where m.forbund_id = s.forbund_id and m.sip_id = s.sip_id and m.typ = 'planering' \
        order by m.datum limit 1) p on true \
    cross join lateral ( \
        select coalesce(bool_or(x.part = 'fk'), false) as fk, \
               coalesce(bool_or(x.part = 'af'), false) as af \
        from sip_part x \
        where x.forbund_id = s.forbund_id and x.sip_id = s.sip_id and x.narvarande) n \
    cross join lateral ( \
        select count(*) filter (where nx.datum <= b.nasta) as i_tid, \
               count(*) filter (where b.nasta < lotsen_today() \
                   and (nx.datum > b.nasta or (nx.datum is null and not coalesce( \
                        s.samtycke_aterkallat <= b.nasta, \
                        s.status in ('avslutad', 'installd'))))) as forsenad \
        from sip_mote b \
        cross join lateral ( \
            select min(l.datum) as datum from sip_mote l \
            where l.forbund_id = b.forbund_id and l.sip_id = b.sip_id and l.datum > b.datum) nx \
        where b.forbund_id = s.forbund_id and b.sip_id = s.sip_id \
          and b.nasta between $3 and $4 and b.nasta <= lotsen_today()) f \
    where s.forbund_id = $1 and ($2::uuid is null or s.lokus_id = $2)) \
select s.initierad_av as kod, array[ \
        count(*) filter (where s.initierad between $3 and $4), \
        count(*) filter (where s.planerad between $3 and $4), \
        count(*) filter (where s.planerad between $3 and $4 and s.fk), \
        count(*) filter (where s.planerad between $3 and $4 and s.af), \
        count(*) filter (where s.planerad between $3 and $4 and s.fk and s.af), \
        count(*) filter (where s.planerad between $3 and $4 and s.individen_deltog), \
        count(*) filter (where s.planerad between $3 and $4 and s.bokad), \
        coalesce(sum(s.i_tid), 0)::int8, \
        coalesce(sum(s.forsenad), 0)::int8] as counts, \
    round(percentile_cont(0.5) within group (order by s.planerad - s.initierad) \
          filter (where s.planerad between $3 and $4))::int as median \
from s group by rollup (s.initierad_av)";

/// The table for the group `lokus`, or the whole förbund (`None`), and the period.
pub(super) async fn table(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Option<Uuid>,
    period: Period,
) -> CoreResult<FigureTable> {
    let found: Vec<ColumnCounts> = sqlx::query_as(SQL)
        .bind(forbund)
        .bind(lokus)
        .bind(period.fran)
        .bind(period.till)
        .fetch_all(&mut **tx)
        .await?;
    let shape = Shape {
        tabell: Tabell::Sip,
        rows: &ROWS,
        measure: (
            "median_dagar_initiering_till_mote",
            "Mediantid från initiering till planeringsmöte (dagar)",
        ),
        basis: 1,
    };
    let columns = Initiativ::ALL
        .iter()
        .map(|i| Header::new(i.code(), i.label()))
        .collect();
    Ok(per_kod::table(&shape, columns, &found))
}
