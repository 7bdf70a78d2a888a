-- The nulägesanalys figures from kept monthly sums. At national scale a pass over the ärenden
-- themselves stayed far above the targets (a group-year 124 ms, the whole förbund over all
-- years 2.8 s; docs/benchmarks.md). Every figure except unique handläggare is a sum of
-- per-ärende contributions, so it is kept per LOKUS group, month received and dimension value,
-- and unique handläggare are kept as each month's and each year's distinct (handläggare, part,
-- unit). A period's whole months and years are read from here; the days of a partial month at
-- either end are read from the ärenden (through arende_statistik_idx), so any period stays
-- exact (lotsen_domain::statistik::delning cuts the period).
--
-- Statement-level triggers with transition tables keep both tables, as for arende_antal
-- (migration 0008): one set-based upsert per statement, also for COPY, the CSV import and
-- seed-demo. Rows whose counts fall to zero are kept (at most a few per group and month) and
-- read as zero; the figures never depend on a row's absence.

-- What one ärende contributes: one row per dimension value. The unknown codes are the figure
-- tables' own ("okant", "ej_avslutad", "okand"); '' stands for no unit and for "ingen uppgift"
-- (no code of a multi-valued kind), read back as null. Declared immutable so PostgreSQL
-- inlines it into the queries.
create function statistik_bidrag(
    part text, enhet_id uuid, samverkansproblem text, avslut text, bostadskommun text,
    atgard_koder text[], malgrupper text[], ersattning text[]
) returns table (dim text, kod text)
language sql immutable parallel safe
as $$
    select 'part', part
    union all select 'enhet', coalesce(enhet_id::text, '')
    union all select 'samverkansproblem', coalesce(samverkansproblem, 'okant')
    union all select 'avslut', coalesce(avslut, 'ej_avslutad')
    union all select 'bostadskommun', coalesce(bostadskommun, 'okand')
    union all select 'atgarder', unnest(coalesce(nullif(atgard_koder, '{}'), '{""}'))
    union all select 'malgrupper', unnest(coalesce(nullif(malgrupper, '{}'), '{""}'))
    union all select 'ersattning', unnest(coalesce(nullif(ersattning, '{}'), '{""}'))
$$;

-- Neither table has foreign keys: every row is derived from ärenden, whose own keys hold the
-- förbund and group, and checking 450 000 keys per million ärenden in a recount took 4 s.
create table statistik_manad (
    forbund_id  uuid   not null,
    lokus_id    uuid   not null,
    manad       date   not null check (extract(day from manad) = 1),
    dim         text   not null,
    kod         text   not null,
    kvinna      bigint not null,
    man         bigint not null,
    okant_kon   bigint not null,
    under_30    bigint not null,
    aldre       bigint not null,
    okand_alder bigint not null,
    totalt      bigint not null,
    primary key (forbund_id, lokus_id, manad, dim, kod)
);

-- Unique handläggare cannot be summed, so each month's and each calendar year's distinct
-- (handläggare, part, unit) are kept with the number of ärenden behind them (`helt_ar`: the
-- row is a year's; `borjar`: the first day of its month or year). A long period reads its
-- whole years here, the months around them and its partial days from the ärenden.
create table statistik_handlaggare (
    forbund_id     uuid    not null,
    lokus_id       uuid    not null,
    helt_ar        boolean not null,
    borjar         date    not null check (extract(day from borjar) = 1
                                           and (not helt_ar or extract(month from borjar) = 1)),
    handlaggare_id uuid    not null,
    part           text    not null,
    enhet          text    not null,
    arenden        bigint  not null,
    -- The count is included so that reading a period's presence is an index-only scan.
    primary key (forbund_id, lokus_id, helt_ar, borjar, handlaggare_id, part, enhet) include (arenden)
);

alter table statistik_manad enable row level security;
create policy statistik_manad_tenant on statistik_manad using (forbund_id = app_forbund_id())
    with check (forbund_id = app_forbund_id());
alter table statistik_handlaggare enable row level security;
create policy statistik_handlaggare_tenant on statistik_handlaggare
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, update on statistik_manad, statistik_handlaggare to lotsen_app;

-- Adds the contributions of the ärende rows a statement touched to both tables, each row with
-- its sign `t` (+1 new, -1 old). Rows are upserted in key order so that two statements
-- touching the same group and month take their row locks in the same order. (The transition
-- tables are visible only in the trigger function itself, hence the dynamic SQL here.)
create function statistik_manad_add() returns trigger language plpgsql as $$
declare
    kolumner constant text := 'forbund_id, lokus_id, inkom, part, enhet_id, handlaggare_id, kon, '
        'alder, samverkansproblem, avslut, bostadskommun, atgard_koder, malgrupper, ersattning';
    rader text;
begin
    rader := case tg_op
        when 'INSERT' then format('select %s, 1 as t from nya', kolumner)
        when 'DELETE' then format('select %s, -1 as t from gamla', kolumner)
        else format('select %1$s, 1 as t from nya union all select %1$s, -1 from gamla', kolumner)
    end;
    execute format($q$
        insert into statistik_manad as s (forbund_id, lokus_id, manad, dim, kod, kvinna, man,
                                          okant_kon, under_30, aldre, okand_alder, totalt)
        select * from (
            select r.forbund_id, r.lokus_id, date_trunc('month', r.inkom::timestamp)::date as manad, b.dim, b.kod,
                   coalesce(sum(r.t) filter (where r.kon = 'kvinna'), 0) as kvinna,
                   coalesce(sum(r.t) filter (where r.kon = 'man'), 0) as man,
                   coalesce(sum(r.t) filter (where r.kon = 'okant'), 0) as okant_kon,
                   coalesce(sum(r.t) filter (where r.alder < 30), 0) as under_30,
                   coalesce(sum(r.t) filter (where r.alder >= 30), 0) as aldre,
                   coalesce(sum(r.t) filter (where r.alder is null), 0) as okand_alder,
                   sum(r.t) as totalt
            from (%1$s) r
            cross join lateral statistik_bidrag(r.part, r.enhet_id, r.samverkansproblem, r.avslut,
                r.bostadskommun, r.atgard_koder, r.malgrupper, r.ersattning) b
            group by 1, 2, 3, 4, 5
        ) d
        where (d.kvinna, d.man, d.okant_kon, d.under_30, d.aldre, d.okand_alder, d.totalt)
              <> (0, 0, 0, 0, 0, 0, 0)
        order by 1, 2, 3, 4, 5
        on conflict (forbund_id, lokus_id, manad, dim, kod) do update set
            kvinna = s.kvinna + excluded.kvinna, man = s.man + excluded.man,
            okant_kon = s.okant_kon + excluded.okant_kon, under_30 = s.under_30 + excluded.under_30,
            aldre = s.aldre + excluded.aldre, okand_alder = s.okand_alder + excluded.okand_alder,
            totalt = s.totalt + excluded.totalt
        $q$, rader);
    execute format($q$
        insert into statistik_handlaggare as s (forbund_id, lokus_id, helt_ar, borjar,
                                                handlaggare_id, part, enhet, arenden)
        select r.forbund_id, r.lokus_id, p.helt_ar, p.borjar, r.handlaggare_id, r.part,
               coalesce(r.enhet_id::text, ''), sum(r.t)
        from (%1$s) r
        cross join lateral (values (false, date_trunc('month', r.inkom::timestamp)::date),
                                   (true, date_trunc('year', r.inkom::timestamp)::date)) p(helt_ar, borjar)
        where r.handlaggare_id is not null
        group by 1, 2, 3, 4, 5, 6, 7
        having sum(r.t) <> 0
        order by 1, 2, 3, 4, 5, 6, 7
        on conflict (forbund_id, lokus_id, helt_ar, borjar, handlaggare_id, part, enhet)
            do update set arenden = s.arenden + excluded.arenden
        $q$, rader);
    return null;
end
$$;

create trigger statistik_manad_insert after insert on arende
    referencing new table as nya for each statement execute function statistik_manad_add();
create trigger statistik_manad_update after update on arende
    referencing old table as gamla new table as nya for each statement execute function statistik_manad_add();
create trigger statistik_manad_delete after delete on arende
    referencing old table as gamla for each statement execute function statistik_manad_add();

-- Recounts both tables from all ärenden of every förbund: the migration's backfill and
-- seed-demo's bulk path, which loads with the insert trigger off. Only the owner runs it. The
-- same sums as statistik_bidrag, computed dimension by dimension: expanding a million
-- ärenden through the function took 17 s for the sums alone. `statistik_drift` in the tests
-- compares the two. Months are truncated as `timestamp`: as `timestamptz` every row paid a
-- time zone lookup (4 s instead of 1 s for a million ärenden's handläggare). JIT and nested
-- loops are on for the recount alone (seed-demo turns both off for its generators): JIT
-- compiles the seven filtered counts (8.5 s instead of 10.9 s for a million ärenden), and
-- `unnest` is a nested loop (without it, the codes were sorted instead of hashed: 8 s, not 3).
create function statistik_rakna_om() returns void language plpgsql
    set work_mem = '256MB' set jit = on set enable_nestloop = on as $$
begin
    truncate statistik_manad, statistik_handlaggare;
    -- Building the presence table's key once after its rows is cheaper than keeping it
    -- during half a million inserts.
    alter table statistik_handlaggare drop constraint statistik_handlaggare_pkey;
    insert into statistik_manad (forbund_id, lokus_id, manad, dim, kod, kvinna, man, okant_kon,
                                 under_30, aldre, okand_alder, totalt)
    select a.forbund_id, a.lokus_id, date_trunc('month', a.inkom::timestamp)::date,
           case when grouping(a.part) = 0 then 'part'
                when grouping(a.enhet_id) = 0 then 'enhet'
                when grouping(a.samverkansproblem) = 0 then 'samverkansproblem'
                when grouping(a.avslut) = 0 then 'avslut'
                else 'bostadskommun' end,
           case when grouping(a.part) = 0 then a.part
                when grouping(a.enhet_id) = 0 then coalesce(a.enhet_id::text, '')
                when grouping(a.samverkansproblem) = 0 then coalesce(a.samverkansproblem, 'okant')
                when grouping(a.avslut) = 0 then coalesce(a.avslut, 'ej_avslutad')
                else coalesce(a.bostadskommun, 'okand') end,
           count(*) filter (where a.kon = 'kvinna'), count(*) filter (where a.kon = 'man'),
           count(*) filter (where a.kon = 'okant'), count(*) filter (where a.alder < 30),
           count(*) filter (where a.alder >= 30), count(*) filter (where a.alder is null), count(*)
    from arende a
    group by a.forbund_id, a.lokus_id, date_trunc('month', a.inkom::timestamp)::date,
             grouping sets ((a.part), (a.enhet_id), (a.samverkansproblem), (a.avslut),
                            (a.bostadskommun));
    insert into statistik_manad (forbund_id, lokus_id, manad, dim, kod, kvinna, man, okant_kon,
                                 under_30, aldre, okand_alder, totalt)
    select a.forbund_id, a.lokus_id, date_trunc('month', a.inkom::timestamp)::date, k.dim, k.kod,
           count(*) filter (where a.kon = 'kvinna'), count(*) filter (where a.kon = 'man'),
           count(*) filter (where a.kon = 'okant'), count(*) filter (where a.alder < 30),
           count(*) filter (where a.alder >= 30), count(*) filter (where a.alder is null), count(*)
    from arende a
    cross join lateral (
        select 'atgarder', unnest(coalesce(nullif(a.atgard_koder, '{}'), '{""}'))
        union all select 'malgrupper', unnest(coalesce(nullif(a.malgrupper, '{}'), '{""}'))
        union all select 'ersattning', unnest(coalesce(nullif(a.ersattning, '{}'), '{""}'))
    ) k(dim, kod)
    group by 1, 2, 3, 4, 5;
    insert into statistik_handlaggare (forbund_id, lokus_id, helt_ar, borjar, handlaggare_id, part,
                                       enhet, arenden)
    select forbund_id, lokus_id, false, manad, handlaggare_id, part, coalesce(enhet_id::text, ''), n
    from (select a.forbund_id, a.lokus_id, date_trunc('month', a.inkom::timestamp)::date as manad,
                 a.handlaggare_id, a.part, a.enhet_id, count(*) as n
          from arende a
          where a.handlaggare_id is not null
          group by 1, 2, 3, 4, 5, 6) m;
    -- The years from the months: a tenth of the rows to group.
    insert into statistik_handlaggare (forbund_id, lokus_id, helt_ar, borjar, handlaggare_id, part,
                                       enhet, arenden)
    select forbund_id, lokus_id, true, date_trunc('year', borjar::timestamp)::date, handlaggare_id, part, enhet,
           sum(arenden)
    from statistik_handlaggare
    where not helt_ar
    group by 1, 2, 3, 4, 5, 6, 7;
    alter table statistik_handlaggare add constraint statistik_handlaggare_pkey
        primary key (forbund_id, lokus_id, helt_ar, borjar, handlaggare_id, part, enhet) include (arenden);
end
$$;

-- Only the owner recounts (the migration and seed-demo); the application never needs to.
revoke execute on function statistik_rakna_om() from public;

select statistik_rakna_om();
