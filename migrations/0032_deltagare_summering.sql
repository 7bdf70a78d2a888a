-- Each enrolment's report groups kept with it (issue 16 §4, docs/benchmarks.md 2026-12-02): the
-- participant tables and the goals' progress aggregated every measurement's sources and
-- sysselsättningar into arrays and applied the rules of migration 0031 per row, 1.6 s for a year
-- of one insats at 100 000 participants. A measurement is never changed once written (a
-- correction is a new measurement), so its groups are computed once, when it is written, and
-- the enrolment keeps those of its current "före" and "efter" measurements and the date of its
-- first arbetsträning. Every writer calls `lotsen_deltagare_summera` in its transaction.

alter table deltagare_matning
    add column forsorjning_grupp    text,     -- huvudgrupp (`lotsen_forsorjning_huvudgrupp`)
    add column sysselsattning_grupp text,     -- SUS group; null without a code that has one
    add column sysselsattning_topp  integer,  -- step * 1000 + omfattning; null without a step
    add column arbete_studier       boolean;  -- work or studies with some omfattning

alter table deltagare
    add column arbetstraning_fran   date,     -- the first arbetsträning activity
    add column fore_forsorjning     text,     -- of the current "före" measurement
    add column fore_topp            integer,
    add column efter_forsorjning    text,     -- of the current "efter" measurement
    add column efter_sysselsattning text,
    add column efter_topp           integer,
    add column efter_arbete_studier boolean not null default false;

-- Follow-ups counted by their date (`sysselsattning_uppfoljning`); every measurement of an
-- enrolment (the partial unique index holds only the current ones) for the recomputation.
create index deltagare_matning_uppfoljning_idx on deltagare_matning (forbund_id, datum)
    where not ersatt and tillfalle in ('plus3', 'plus6', 'plus12');
create index deltagare_matning_deltagare_idx on deltagare_matning (forbund_id, deltagare_id);
-- The participant list's latest of each status (the insatsansvarig's page at 100 000); it
-- leads with the columns of deltagare_insats_idx, which it replaces.
create index deltagare_lista_idx on deltagare (forbund_id, insats_id, status, inskriven desc, nummer desc);
drop index deltagare_insats_idx;
-- The figures' two passes and the goals' count read only these indexes (index-only scans): at
-- 100 000 participants a year of one insats went from 57 to 40 ms (docs/benchmarks.md).
create index deltagare_omfang_idx on deltagare (forbund_id, insats_id)
    include (status, avslutsanledning, kon, ko_datum, inskriven, utskriven, kalla, bostadskommun,
             fodelsear, arbetstraning_fran, efter_arbete_studier);
-- The period's utskrivna, read in one pass for the exit tables.
create index deltagare_utskriven_idx on deltagare (forbund_id, insats_id, utskriven)
    include (status, avslutsanledning, kon, fore_forsorjning, efter_forsorjning,
             efter_sysselsattning, fore_topp, efter_topp)
    where utskriven is not null;

-- Recomputes the groups of the enrolments `ids`: first of each of their measurements, then
-- the enrolment's summary. Correlated subqueries over the indexes, so that one enrolment costs
-- a few index lookups and a bulk call (the seed, the backfill below) no self-join. Runs as the
-- caller, under its row-level security.
create function lotsen_deltagare_summera(p_forbund uuid, p_ids uuid[]) returns void
language sql as $$
    update deltagare_matning m set
        forsorjning_grupp = (
            select lotsen_forsorjning_huvudgrupp(array_agg(y.kalla), array_agg(y.omfattning))
            from deltagare_forsorjning y
            where y.forbund_id = m.forbund_id and y.matning_id = m.matning_id),
        (sysselsattning_grupp, sysselsattning_topp, arbete_studier) = (
            select lotsen_sysselsattningsgrupp(array_agg(y.kod), array_agg(y.omfattning)),
                   lotsen_sysselsattning_topp(array_agg(y.kod), array_agg(y.omfattning)),
                   coalesce(bool_or(lotsen_sysselsattning_grupp(y.kod) in ('forvarvsarbete', 'studier')
                                    and y.omfattning > 0), false)
            from deltagare_sysselsattning y
            where y.forbund_id = m.forbund_id and y.matning_id = m.matning_id)
    where m.forbund_id = p_forbund and m.deltagare_id = any(p_ids);

    update deltagare d set
        arbetstraning_fran = (
            select min(a.datum) from deltagare_aktivitet a
            where a.forbund_id = d.forbund_id and a.deltagare_id = d.deltagare_id
              and a.typ = 'arbetstraning'),
        (fore_forsorjning, fore_topp) = (
            select f.forsorjning_grupp, f.sysselsattning_topp from deltagare_matning f
            where f.forbund_id = d.forbund_id and f.deltagare_id = d.deltagare_id
              and f.tillfalle = 'fore' and not f.ersatt),
        (efter_forsorjning, efter_sysselsattning, efter_topp) = (
            select e.forsorjning_grupp, e.sysselsattning_grupp, e.sysselsattning_topp
            from deltagare_matning e
            where e.forbund_id = d.forbund_id and e.deltagare_id = d.deltagare_id
              and e.tillfalle = 'efter' and not e.ersatt),
        efter_arbete_studier = coalesce((
            select e.arbete_studier from deltagare_matning e
            where e.forbund_id = d.forbund_id and e.deltagare_id = d.deltagare_id
              and e.tillfalle = 'efter' and not e.ersatt), false)
    where d.forbund_id = p_forbund and d.deltagare_id = any(p_ids);
$$;
grant execute on function lotsen_deltagare_summera(uuid, uuid[]) to lotsen_app;

select lotsen_deltagare_summera(f.forbund_id, array(
    select d.deltagare_id from deltagare d where d.forbund_id = f.forbund_id))
from forbund f;
