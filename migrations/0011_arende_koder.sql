-- The nulägesanalys figures count each ärende once per action code, målgrupp and ersättning
-- code. Reading those codes from the three child tables for every selected ärende was most of
-- the figures' time at national scale (docs/benchmarks.md). The ärende row now keeps each
-- kind's distinct codes, sorted, as an array, so every figure table is one pass over the
-- selected ärenden (index-only through arende_statistik_idx).
--
-- The child tables stay the source of truth: statement-level triggers with transition tables
-- recompute the arrays of exactly the ärenden a statement touched, from the child table itself
-- (so inserts, updates and deletes of any shape stay exact), and bulk loads (COPY, the CSV
-- import, seed-demo) cost one set-based update per statement.

alter table arende
    add column atgard_koder text[] not null default '{}',
    add column malgrupper   text[] not null default '{}',
    add column ersattning   text[] not null default '{}';

-- TG_ARGV[0]: the ärende column that mirrors this child table's codes.
create function arende_koder_sync() returns trigger language plpgsql as $$
declare
    touched text;
begin
    touched := case tg_op
        when 'INSERT' then 'select forbund_id, arende_id from nya'
        when 'DELETE' then 'select forbund_id, arende_id from gamla'
        else 'select forbund_id, arende_id from nya union select forbund_id, arende_id from gamla'
    end;
    execute format(
        'update arende a set %1$I = k.koder
         from (select d.forbund_id, d.arende_id,
                      coalesce(array_agg(distinct c.kod order by c.kod)
                               filter (where c.kod is not null), ''{}'') as koder
               from (%2$s) d
               left join %3$I c on c.forbund_id = d.forbund_id and c.arende_id = d.arende_id
               group by d.forbund_id, d.arende_id) k
         where a.forbund_id = k.forbund_id and a.arende_id = k.arende_id
           and a.%1$I is distinct from k.koder',
        tg_argv[0], touched, tg_table_name);
    return null;
end
$$;

create trigger atgard_koder_insert after insert on atgard
    referencing new table as nya for each statement execute function arende_koder_sync('atgard_koder');
create trigger atgard_koder_update after update on atgard
    referencing old table as gamla new table as nya for each statement execute function arende_koder_sync('atgard_koder');
create trigger atgard_koder_delete after delete on atgard
    referencing old table as gamla for each statement execute function arende_koder_sync('atgard_koder');

create trigger arende_malgrupp_koder_insert after insert on arende_malgrupp
    referencing new table as nya for each statement execute function arende_koder_sync('malgrupper');
create trigger arende_malgrupp_koder_update after update on arende_malgrupp
    referencing old table as gamla new table as nya for each statement execute function arende_koder_sync('malgrupper');
create trigger arende_malgrupp_koder_delete after delete on arende_malgrupp
    referencing old table as gamla for each statement execute function arende_koder_sync('malgrupper');

create trigger arende_ersattning_koder_insert after insert on arende_ersattning
    referencing new table as nya for each statement execute function arende_koder_sync('ersattning');
create trigger arende_ersattning_koder_update after update on arende_ersattning
    referencing old table as gamla new table as nya for each statement execute function arende_koder_sync('ersattning');
create trigger arende_ersattning_koder_delete after delete on arende_ersattning
    referencing old table as gamla for each statement execute function arende_koder_sync('ersattning');

update arende a set
    atgard_koder = coalesce((select array_agg(distinct t.kod order by t.kod) from atgard t
                             where t.forbund_id = a.forbund_id and t.arende_id = a.arende_id), '{}'),
    malgrupper = coalesce((select array_agg(m.kod order by m.kod) from arende_malgrupp m
                           where m.forbund_id = a.forbund_id and m.arende_id = a.arende_id), '{}'),
    ersattning = coalesce((select array_agg(e.kod order by e.kod) from arende_ersattning e
                           where e.forbund_id = a.forbund_id and e.arende_id = a.arende_id), '{}');

-- Everything the figures read, by group and date: a group-year is an index-only range scan,
-- the whole förbund one pass over its part of the index.
create index arende_statistik_idx on arende (forbund_id, lokus_id, inkom)
    include (part, kon, alder, enhet_id, handlaggare_id, samverkansproblem, avslut, bostadskommun,
             atgard_koder, malgrupper, ersattning);

-- The tenant policy's function only reads a setting, which PostgreSQL copies to parallel
-- workers; declared parallel unsafe (the default) it kept every query on a tenant table from
-- running in parallel, and the whole förbund's figures need both cores.
alter function app_forbund_id() parallel safe;
