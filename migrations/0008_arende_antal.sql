-- How many ärenden each LOKUS group has per status, kept by statement-level triggers.
-- The coordinator's list shows its total on every view; at national scale counting the open
-- ärenden of two groups row by row cost more than everything else on the page together
-- (docs/benchmarks.md). When the list is filtered on nothing but group and status it sums a
-- few rows here instead. Statement-level triggers with transition tables keep bulk loads
-- (COPY, the CSV import, seed-demo) at one upsert per statement.

create table arende_antal (
    forbund_id uuid   not null references forbund,
    lokus_id   uuid   not null,
    status     text   not null,
    antal      bigint not null,
    primary key (forbund_id, lokus_id, status),
    foreign key (forbund_id, lokus_id) references lokus_grupp (forbund_id, lokus_id)
);

alter table arende_antal enable row level security;
create policy arende_antal_tenant on arende_antal using (forbund_id = app_forbund_id())
    with check (forbund_id = app_forbund_id());
grant select, insert, update on arende_antal to lotsen_app;

-- Adds each (förbund, group, status) delta. Rows are upserted in key order so that two
-- statements touching the same groups take their row locks in the same order. (No check
-- that antal >= 0: a negative delta is proposed as an insert first, and PostgreSQL checks
-- constraints before it finds the conflict.)
create function arende_antal_add() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into arende_antal (forbund_id, lokus_id, status, antal)
        select forbund_id, lokus_id, status, count(*) from nya
        group by 1, 2, 3 order by 1, 2, 3
        on conflict (forbund_id, lokus_id, status)
            do update set antal = arende_antal.antal + excluded.antal;
    elsif tg_op = 'DELETE' then
        update arende_antal t set antal = t.antal - d.n
        from (select forbund_id, lokus_id, status, count(*) as n from gamla
              group by 1, 2, 3 order by 1, 2, 3) d
        where t.forbund_id = d.forbund_id and t.lokus_id = d.lokus_id and t.status = d.status;
    else
        insert into arende_antal (forbund_id, lokus_id, status, antal)
        select forbund_id, lokus_id, status, sum(n) from (
            select forbund_id, lokus_id, status, 1 as n from nya
            union all
            select forbund_id, lokus_id, status, -1 from gamla
        ) d
        group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
        on conflict (forbund_id, lokus_id, status)
            do update set antal = arende_antal.antal + excluded.antal;
    end if;
    return null;
end
$$;

create trigger arende_antal_insert after insert on arende
    referencing new table as nya for each statement execute function arende_antal_add();
create trigger arende_antal_update after update on arende
    referencing old table as gamla new table as nya for each statement execute function arende_antal_add();
create trigger arende_antal_delete after delete on arende
    referencing old table as gamla for each statement execute function arende_antal_add();

insert into arende_antal (forbund_id, lokus_id, status, antal)
select forbund_id, lokus_id, status, count(*) from arende group by 1, 2, 3;
