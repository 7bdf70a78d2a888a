//! The set-based SQL that generates ärenden from the seed cells, and the ärende inserts.

use super::*;

/// For every group and profile, the units that may remit it: units of the profile's part,
/// preferring the kind of unit the profile names and units in the group's own kommuner
/// (for kommuner the place matters most).
pub(super) const SENDERS: &str = r#"
create temp table seed_avsandare on commit drop as
with g as (select distinct forbund_id, lokus_id from seed_grupp),
kn as (select lk.forbund_id, lk.lokus_id, k.namn::text as namn
       from lokus_kommun lk join kommun k on k.kod = lk.kommun_kod),
units as (
    select o.forbund_id, o.organisation_id, o.part, o.namn::text as org_namn, e.enhet_id, e.namn::text as enhet_namn
    from organisation o
    join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id
    where o.forbund_id in (select forbund_id from g)
),
scored as (
    select g.lokus_id, p.profil, u.*,
           coalesce(u.enhet_namn ilike '%' || p.enhet_ord || '%', true) as unit_match,
           exists (select 1 from kn where kn.forbund_id = g.forbund_id and kn.lokus_id = g.lokus_id
                   and (u.org_namn ilike '%' || kn.namn || '%' or u.enhet_namn ilike '%' || kn.namn || '%'))
               as place_match
    from g join units u on u.forbund_id = g.forbund_id join seed_profil p on p.part = u.part
),
ranked as (
    select s.*, rank() over (partition by lokus_id, profil
        order by (unit_match and place_match) desc,
                 case when part = 'kommun' then place_match else unit_match end desc,
                 case when part = 'kommun' then unit_match else place_match end desc) as tier
    from scored s
)
select r.lokus_id, r.profil, r.organisation_id, r.enhet_id, r.part,
       (row_number() over (partition by r.lokus_id, r.profil order by r.org_namn, r.enhet_namn, r.enhet_id) - 1)::int as idx,
       coalesce(hn.n, 0)::int as hl_n
from ranked r left join seed_hl_n hn on hn.organisation_id = r.organisation_id and hn.enhet_id = r.enhet_id
where r.tier = 1
"#;

/// Pseudonymous handläggare codes per organisation (`FK-H1`, `SS-3`, …), 2–5 per unit times
/// `$1`. Codes interleave the units, so a unit keeps its codes whatever the factor.
pub(super) const HANDLAGGARE_CODES: &str = r#"
create temp table seed_hl0 on commit drop as
select o.forbund_id, o.organisation_id, u.enhet_id,
       case o.part when 'fk' then 'FK-H' when 'af' then 'AF-H' when 'kommun' then 'SS-'
                   when 'region' then 'VG-' else 'AN-' end || (u.nr + u.enheter * (n - 1)) as kod,
       (n - 1)::int as idx, u.k as n
from organisation o
cross join lateral (
    select e.enhet_id, row_number() over (order by e.namn, e.enhet_id) as nr, count(*) over () as enheter,
           (2 + (hashtext(e.namn::text) & 3)) * $1::int as k
    from enhet e where e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id
) u
cross join lateral generate_series(1, u.k) n
where o.forbund_id in (select forbund_id from seed_grupp)
"#;

pub(super) const DIMENSIONS: &[&str] = &[
    r#"insert into handlaggare (forbund_id, handlaggare_id, organisation_id, enhet_id, kod)
       select forbund_id, gen_random_uuid(), organisation_id, enhet_id, kod from seed_hl0
       order by forbund_id, organisation_id, idx, kod
       on conflict (forbund_id, organisation_id, kod) do nothing"#,
    r#"create temp table seed_hl on commit drop as
       select x.organisation_id, x.enhet_id, x.idx, h.handlaggare_id
       from seed_hl0 x join handlaggare h
         on h.forbund_id = x.forbund_id and h.organisation_id = x.organisation_id and h.kod = x.kod"#,
    r#"create temp table seed_hl_n on commit drop as
       select organisation_id, enhet_id, max(n) as n from seed_hl0 group by 1, 2"#,
    SENDERS,
    // 1000 slots per group, shared out by the weights of the profiles that have senders there;
    // `n` is how many senders the profile has in the group.
    r#"create temp table seed_profilval on commit drop as
       with avail as (select a.lokus_id, p.profil, p.vikt, count(*)::int as n
                      from seed_avsandare a join seed_profil p on p.profil = a.profil group by 1, 2, 3),
       cum as (select lokus_id, profil, n,
                      sum(vikt) over (partition by lokus_id order by profil) - vikt as lo,
                      sum(vikt) over (partition by lokus_id order by profil) as hi,
                      sum(vikt) over (partition by lokus_id) as tot
               from avail)
       select c.lokus_id, s.slot, c.profil, c.n from cum c
       join generate_series(0, 999) s(slot)
         on s.slot >= floor(c.lo / c.tot * 1000) and s.slot < floor(c.hi / c.tot * 1000)"#,
    r#"create temp table seed_bas (forbund_id uuid, lokus_id uuid, ar int, bas int) on commit drop"#,
    r#"analyze seed_profil, seed_grupp, seed_avsandare, seed_hl, seed_hl_n, seed_profilval"#,
];

/// How many pseudo-random numbers each ärende draws (`r1` … `r29`).
pub(super) const DRAWS: u32 = 29;

/// The ärenden to create, one row each, with everything derived (`$1` salt, `$2` generic
/// questions to LOKUS, `$3` timeline notes, `$4` every samverkansproblem code).
pub(super) fn generate_sql() -> String {
    let draws: Vec<String> = (1..=DRAWS)
        .map(|k| {
            format!(
                "(hashint8extended(b.nyckel, $1::bigint * 64 + {k}) & 2147483647)::float8 / 2147483648 as r{k}"
            )
        })
        .collect();
    format!(
        r#"
create temp table seed_arende on commit drop as
with b as (
    select g.grupp_nr, g.forbund_id, g.lokus_id, g.kod as lokus_kod, g.antal, g.fran, g.till, g.idag,
           g.kommuner, g.flagg_vikt, g.skapad_av, i, g.grupp_nr::bigint * 1000000000 + i as nyckel
    from seed_grupp g cross join lateral generate_series(1, g.antal) i
), r as (
    select b.*, {draws} from b offset 0
), q as (
    -- The i-th ärende of a cell arrives no earlier than the one before it (a jittered
    -- quantile, denser towards the end), so numbers follow i and need no sort.
    select r.*, pv.profil, floor(r.r3 * pv.n)::int as a_idx,
           (r.till - r.fran + 1) * power((r.i - 1 + r.r1) / r.antal, 0.85) as dag
    from r join seed_profilval pv on pv.lokus_id = r.lokus_id and pv.slot = floor(r.r2 * 1000)::int
), v as (
    select q.*, q.fran + floor(q.dag)::int as d0 from q
), w as (
    -- Coordinators work on weekdays: weekend dates move to the Friday before.
    select v.*, least(v.till, case when v.d0 - s.skift >= v.fran then v.d0 - s.skift else v.d0 end) as inkom
    from v cross join lateral (
        select case extract(isodow from v.d0) when 6 then 1 when 7 then 2 else 0 end as skift) s
), w3 as (
    select w.*, a.part, a.organisation_id, a.enhet_id, floor(power(w.r4, 1.6) * a.hl_n)::int as h_idx
    from w join seed_avsandare a on a.lokus_id = w.lokus_id and a.profil = w.profil and a.idx = w.a_idx
    offset 0
), x as (
    select w3.*, p.kvinna_andel, p.alder_min, p.alder_max, p.problem, p.beskrivningar,
           p.avslut as p_avslut, p.lyft as p_lyft, p.fraga as p_fraga,
           case when w3.r5 >= 0.08 then h.handlaggare_id end as handlaggare_id,
           w3.inkom + floor(p.dagar * (0.2 + 1.6 * w3.r16))::int as klar
    from w3
    join seed_profil p on p.profil = w3.profil
    left join seed_hl h on h.organisation_id = w3.organisation_id and h.enhet_id = w3.enhet_id
                       and h.idx = w3.h_idx
), y as (
    select x.*, st.status, st.avslutad_datum, fl.lyft, fl.flagg_datum
    from x
    cross join lateral (
        select case when x.klar <= x.idag and x.r18 >= 0.04 then 'avslutad'
                    when x.idag - x.inkom > 45 and x.r19 < 0.3 then 'vilande'
                    else 'pagaende' end as status,
               case when x.klar <= x.idag and x.r18 >= 0.04 then x.klar end as avslutad_datum) st
    cross join lateral (
        select x.r22 < least(0.9, x.p_lyft * x.flagg_vikt
                                  * case when x.idag - x.inkom <= 180 then 2.5 else 1 end) as lyft,
               least(x.idag, x.inkom + floor(x.r23 * 8)::int, coalesce(st.avslutad_datum, x.idag)) as flagg_datum) fl
)
select y.grupp_nr, y.i, y.forbund_id, y.lokus_id, y.lokus_kod, y.nyckel, y.profil, y.inkom,
       extract(year from y.inkom)::int as ar, y.idag, y.skapad_av,
       y.part, y.organisation_id, y.enhet_id, y.handlaggare_id,
       case when y.r6 < 0.05 then 'okant' when y.r6 < 0.05 + 0.95 * y.kvinna_andel then 'kvinna'
            else 'man' end as kon,
       case when y.r7 >= 0.07 then y.alder_min + floor(y.r8 * (y.alder_max - y.alder_min + 1))::int end as alder,
       case when y.r9 >= 0.04 and cardinality(y.kommuner) > 0
            then y.kommuner[1 + floor(y.r10 * cardinality(y.kommuner))::int] end as bostadskommun,
       case when y.r11 < 0.45 then 'telefon' when y.r11 < 0.75 then 'mejl' when y.r11 < 0.9 then 'mote'
            when y.r11 < 0.95 then 'portal' else 'annan' end as kanal,
       case when y.r12 < 0.85 then y.problem
            else ($4::text[])[1 + floor(y.r13 * cardinality($4::text[]))::int] end as samverkansproblem,
       case when y.r14 < 0.04 then ''
            else y.beskrivningar[1 + floor(y.r15 * cardinality(y.beskrivningar))::int] end as beskrivning,
       y.status, y.avslutad_datum,
       case when y.status = 'avslutad' then
           case when y.r20 < 0.75 then y.p_avslut
                else (array['lotsad_ordinarie', 'lotsad_ordinarie', 'lotsad_ordinarie', 'lost_sig', 'lost_sig',
                            'ej_aktuell', 'ej_aktuell', 'avbrutet', 'avbrutet', 'annat'])[1 + floor(y.r21 * 10)::int]
           end end as avslut,
       y.lyft, y.flagg_datum,
       y.lyft and y.status <> 'avslutad' and y.flagg_datum >= y.idag - 75 as flaggad,
       case when y.lyft then coalesce(y.p_fraga,
           ($2::text[])[1 + floor(y.r27 * cardinality($2::text[]))::int]) end as fraga,
       1 + floor((case when y.lyft then 3 else 4 end) * power(y.r24, 1.4))::int as antal_atgarder,
       least(y.idag, coalesce(y.avslutad_datum, y.klar)) as sista,
       case when y.r25 < 0.05 then 0 when y.r25 < 0.3 then 1 else 2 end as ersattning_urval,
       y.r26 < 0.15 as bara_forsta_malgrupp,
       case when y.r28 < 0.12 then ($3::text[])[1 + floor(y.r29 * cardinality($3::text[]))::int] end as anteckning,
       t.created_at,
       (lpad(to_hex((y.inkom - date '1970-01-01')::bigint * 86400000 + 25200000
                    + floor((y.dag - floor(y.dag)) * 28800000)::bigint), 12, '0')
           || '7' || substr(t.h1, 2, 3) || to_hex(8 + (t.h2 & 3)) || substr(t.h2x, 2, 15))::uuid as arende_id
from y cross join lateral (
    select lotsen_from_local(y.inkom + time '08:00' + (y.dag - floor(y.dag)) * interval '8 hours')
               as created_at,
           to_hex(hashint8extended(y.nyckel, $1::bigint * 64 + 50) | (-9223372036854775808)) as h1,
           hashint8extended(y.nyckel, $1::bigint * 64 + 51) as h2,
           to_hex(hashint8extended(y.nyckel, $1::bigint * 64 + 51) | (-9223372036854775808)) as h2x) t
"#,
        draws = draws.join(",\n           ")
    )
}

/// Per cell and year: the cell's first `i` in that year and how many ärenden of the same
/// group and year come from earlier cells. Ärende `i` then gets number
/// `taken + before + (i - first) + 1`.
pub(super) const CELL_YEARS: &str = r#"
create temp table seed_cellar on commit drop as
select c.*, (sum(c.antal) over (partition by c.forbund_id, c.lokus_id, c.ar order by c.grupp_nr) - c.antal)::int as fore
from (select grupp_nr, forbund_id, lokus_id, ar, min(i) as forsta, count(*)::int as antal
      from seed_arende group by 1, 2, 3, 4) c
"#;

/// Takes each group's and year's numbers in one step, as intake does one at a time.
pub(super) const RESERVE_NUMBERS: &str = r#"
with c as (select forbund_id, lokus_id, ar, sum(antal)::int as n from seed_cellar group by 1, 2, 3),
taken as (
    insert into arende_nummer (forbund_id, lokus_id, ar, senaste)
    select forbund_id, lokus_id, ar, n from c order by 1, 2, 3
    on conflict (forbund_id, lokus_id, ar) do update set senaste = arende_nummer.senaste + excluded.senaste
    returning forbund_id, lokus_id, ar, senaste
)
insert into seed_bas
select t.forbund_id, t.lokus_id, t.ar, t.senaste - c.n
from taken t join c on c.forbund_id = t.forbund_id and c.lokus_id = t.lokus_id and c.ar = t.ar
"#;

/// Sets the kept counts of every group and status to the ärenden actually there.
pub(super) const RECOUNT_ARENDE_ANTAL: &str = "\
insert into arende_antal (forbund_id, lokus_id, status, antal)
select forbund_id, lokus_id, status, count(*) from arende group by 1, 2, 3 order by 1, 2, 3
on conflict (forbund_id, lokus_id, status) do update set antal = excluded.antal";

/// Turns the insert triggers that keep the ärende's code arrays (migration 0011) on or off.
pub(super) async fn koder_triggers(
    tx: &mut Transaction<'_, Postgres>,
    enable: bool,
) -> CoreResult<()> {
    let what = if enable { "enable" } else { "disable" };
    for (table, trigger) in [
        ("atgard", "atgard_koder_insert"),
        ("arende_malgrupp", "arende_malgrupp_koder_insert"),
        ("arende_ersattning", "arende_ersattning_koder_insert"),
    ] {
        sqlx::query(&format!("alter table {table} {what} trigger {trigger}"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The ärenden; `with_koder` when their child rows are inserted already (the bulk path), so
/// the code arrays come from those rows.
pub(super) fn insert_arende(with_koder: bool) -> String {
    if !with_koder {
        return INSERT_ARENDE
            .replace("{koder_columns}", "")
            .replace("{koder}", "")
            .replace("{koder_joins}", "");
    }
    INSERT_ARENDE
        .replace("{koder_columns}", ", atgard_koder, malgrupper, ersattning")
        .replace(
            "{koder}",
            ", coalesce(kt.k, '{}'), coalesce(km.k, '{}'), coalesce(ke.k, '{}')",
        )
        // `array(select distinct …)` lets the actions be grouped by hashing; with
        // `array_agg(distinct …)` PostgreSQL sorted all 2.3 million (2.4 s against 0.8 s).
        .replace(
            "{koder_joins}",
            "left join (select t.arende_id, array(select distinct unnest(array_agg(t.kod)) order by 1) as k \
                        from atgard t join seed_arende s2 on s2.forbund_id = t.forbund_id and s2.arende_id = t.arende_id \
                        group by t.arende_id) kt on kt.arende_id = s.arende_id \
             left join (select t.arende_id, array_agg(t.kod order by t.kod) as k \
                        from arende_malgrupp t join seed_arende s2 on s2.forbund_id = t.forbund_id and s2.arende_id = t.arende_id \
                        group by t.arende_id) km on km.arende_id = s.arende_id \
             left join (select t.arende_id, array_agg(t.kod order by t.kod) as k \
                        from arende_ersattning t join seed_arende s2 on s2.forbund_id = t.forbund_id and s2.arende_id = t.arende_id \
                        group by t.arende_id) ke on ke.arende_id = s.arende_id",
        )
}

pub(super) const INSERT_ARENDE: &str = r#"
insert into arende (forbund_id, arende_id, lokus_id, ar, lopnummer, nummer, inkom, kanal, part,
    organisation_id, enhet_id, handlaggare_id, kon, alder, bostadskommun, samverkansproblem, beskrivning,
    status, avslut, avslutad_datum, flaggad, lokus_fraga, flaggad_datum, skapad_av, created_at, updated_at{koder_columns})
select s.forbund_id, s.arende_id, s.lokus_id, s.ar, n.nr,
       s.ar || '-' || s.lokus_kod || '-' || case when n.nr < 1000 then lpad(n.nr::text, 3, '0') else n.nr::text end,
       s.inkom, s.kanal, s.part, s.organisation_id, s.enhet_id, s.handlaggare_id, s.kon, s.alder,
       s.bostadskommun, s.samverkansproblem, s.beskrivning, s.status, s.avslut, s.avslutad_datum, s.flaggad,
       case when s.flaggad then s.fraga end, case when s.flaggad then s.flagg_datum end, s.skapad_av,
       s.created_at,
       case when s.status = 'avslutad' then greatest(s.created_at + interval '30 minutes',
           lotsen_from_local(s.avslutad_datum + time '15:00')) else s.created_at end{koder}
from seed_arende s
join seed_cellar c on c.grupp_nr = s.grupp_nr and c.ar = s.ar
join seed_bas b on b.forbund_id = s.forbund_id and b.lokus_id = s.lokus_id and b.ar = s.ar
cross join lateral (select b.bas + c.fore + (s.i - c.forsta) + 1 as nr) n
{koder_joins}
"#;

pub(super) const INSERT_ERSATTNING: &str = r#"
insert into arende_ersattning (forbund_id, arende_id, kod)
select s.forbund_id, s.arende_id, k
from seed_arende s join seed_profil p on p.profil = s.profil
cross join lateral unnest(case s.ersattning_urval when 0 then array['okand']
                               when 1 then p.ersattning[1:1] else p.ersattning end) k
"#;

pub(super) const INSERT_MALGRUPP: &str = r#"
insert into arende_malgrupp (forbund_id, arende_id, kod)
select s.forbund_id, s.arende_id, k
from seed_arende s join seed_profil p on p.profil = s.profil
cross join lateral unnest(case when s.bara_forsta_malgrupp then p.malgrupper[1:1] else p.malgrupper end) k
"#;

/// 1–4 dated actions per ärende (the profile's own first), plus "lyft till LOKUS" on the day
/// it was raised. `$1` salt, `$2`/`$3` notes by action code, `$4` extra action codes.
pub(super) const INSERT_ATGARD: &str = r#"
insert into atgard (forbund_id, atgard_id, arende_id, kod, datum, mal_organisation_id, mal_part, anteckning,
    skapad_av, created_at)
select x.forbund_id,
       (lpad(to_hex((x.datum - date '1970-01-01')::bigint * 86400000 + 28800000 + x.j * 2220000), 12, '0')
           || '7' || substr(t.h1, 2, 3) || to_hex(8 + (t.h2 & 3)) || substr(t.h2x, 2, 15))::uuid,
       x.arende_id, x.kod, x.datum,
       case when x.mal_part is not null and t.rm < 0.7 then m.organisation_id end,
       case when x.mal_part is not null and (t.rm >= 0.7 or m.organisation_id is null) then x.mal_part end,
       case when t.rn < 0.5 then '' else coalesce(nt.text, '') end,
       x.skapad_av, t.tid
from (
    select s.forbund_id, s.arende_id, s.skapad_av, s.created_at, s.nyckel, j,
           coalesce((p.atgarder || $4::text[])[j], 'annan') as kod,
           p.mal_parter[j] as mal_part,
           s.inkom + floor((s.sista - s.inkom) * (j - 1)::float8 / s.antal_atgarder)::int as datum
    from seed_arende s join seed_profil p on p.profil = s.profil
    cross join lateral generate_series(1, s.antal_atgarder) j
    union all
    select s.forbund_id, s.arende_id, s.skapad_av, s.created_at, s.nyckel, 0, 'lyft_till_lokus', null, s.flagg_datum
    from seed_arende s where s.lyft
) x
cross join lateral (
    select greatest(x.created_at + (x.j + 1) * interval '3 minutes',
                    lotsen_from_local(x.datum + time '09:00' + x.j * interval '37 minutes')) as tid,
           (hashint8extended(x.nyckel * 8 + x.j, $1::bigint * 64 + 40) & 2147483647)::float8 / 2147483648 as rm,
           (hashint8extended(x.nyckel * 8 + x.j, $1::bigint * 64 + 41) & 2147483647)::float8 / 2147483648 as rn,
           to_hex(hashint8extended(x.nyckel * 8 + x.j, $1::bigint * 64 + 42) | (-9223372036854775808)) as h1,
           hashint8extended(x.nyckel * 8 + x.j, $1::bigint * 64 + 43) as h2,
           to_hex(hashint8extended(x.nyckel * 8 + x.j, $1::bigint * 64 + 43) | (-9223372036854775808)) as h2x
) t
left join (select distinct on (forbund_id, part) forbund_id, part, organisation_id
           from organisation order by forbund_id, part, namn) m
  on m.forbund_id = x.forbund_id and m.part = x.mal_part
left join unnest($2::text[], $3::text[]) nt(kod, text) on nt.kod = x.kod
"#;

/// The timeline: created, raised to LOKUS (and taken off the list after the meeting), set
/// vilande, a note, closed. `$1`/`$2` avslut codes and labels, `$3` the label of vilande.
pub(super) const INSERT_HANDELSE: &str = r#"
insert into arende_handelse (forbund_id, arende_id, typ, text, user_id, created_at)
select forbund_id, arende_id, typ, text, skapad_av, greatest(created_at + efter, tid) from (
    select forbund_id, arende_id, created_at, interval '0' as efter,
           'skapad' as typ, '' as text, skapad_av, created_at as tid
    from seed_arende
    union all
    select forbund_id, arende_id, created_at, interval '20 minutes', 'flaggad', fraga, skapad_av,
           lotsen_from_local(flagg_datum + time '11:30')
    from seed_arende where lyft
    union all
    select forbund_id, arende_id, created_at, interval '21 minutes', 'avflaggad', '', skapad_av,
           lotsen_from_local(least(idag, flagg_datum + 28) + time '13:00')
    from seed_arende where lyft and not flaggad
    union all
    select forbund_id, arende_id, created_at, interval '22 minutes', 'status', $3, skapad_av,
           lotsen_from_local(inkom + (idag - inkom) / 2 + time '10:00')
    from seed_arende where status = 'vilande'
    union all
    select forbund_id, arende_id, created_at, interval '23 minutes', 'anteckning', anteckning, skapad_av,
           lotsen_from_local(inkom + (sista - inkom) / 2 + time '14:00')
    from seed_arende where anteckning is not null
    union all
    select s.forbund_id, s.arende_id, s.created_at, interval '30 minutes', 'avslutad', l.label, s.skapad_av,
           lotsen_from_local(s.avslutad_datum + time '15:00')
    from seed_arende s join unnest($1::text[], $2::text[]) l(kod, label) on l.kod = s.avslut
    where s.status = 'avslutad'
) h
"#;
