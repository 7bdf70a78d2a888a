-- LOKUS meetings: the meeting, its agenda items (ärenden flagged to LOKUS, carried-over
-- items and free text items) with the decision taken on each, and the minutes. Once the
-- chair has justerat the minutes nothing about the meeting changes (checked in the core,
-- and by a trigger here as the last wall).

create table lokus_mote (
    forbund_id   uuid not null,
    mote_id      uuid not null,
    lokus_id     uuid not null,
    datum        date not null,
    tid          time not null,
    plats        text not null check (length(plats) between 1 and 200),
    status       text not null default 'planerat' check (status in ('planerat', 'genomfort', 'justerat')),
    protokoll    text not null default '' check (length(protokoll) <= 8000),
    justerat_av  uuid references app_user,
    justerat_at  timestamptz,
    skapad_av    uuid references app_user,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (forbund_id, mote_id),
    constraint lokus_mote_justerat check ((status = 'justerat') = (justerat_at is not null)),
    foreign key (forbund_id, lokus_id) references lokus_grupp
);
create index lokus_mote_lokus_idx on lokus_mote (forbund_id, lokus_id, datum desc);
create trigger lokus_mote_updated_at before update on lokus_mote
    for each row execute function set_updated_at();

-- One agenda item: an ärende (arende_id) or a free item (rubrik). `borttagen` items were
-- removed from this meeting by the coordinator; they stay flagged for the next one.
create table lokus_punkt (
    forbund_id          uuid not null,
    punkt_id            uuid not null,
    mote_id             uuid not null,
    ordning             integer not null,
    arende_id           uuid,
    rubrik              text check (length(rubrik) between 1 and 200),
    text                text not null default '' check (length(text) <= 2000),
    fraga               text check (length(fraga) <= 2000),
    visa_beskrivning    boolean not null default false,
    overford            boolean not null default false,
    borttagen           boolean not null default false,
    beslut              text not null default '' check (length(beslut) <= 4000),
    uppfoljning_vem     text check (length(uppfoljning_vem) between 1 and 200),
    uppfoljning_senast  date,
    beslutat_av         uuid references app_user,
    beslutat_at         timestamptz,
    created_at          timestamptz not null default now(),
    primary key (forbund_id, punkt_id),
    constraint lokus_punkt_arende_key unique (forbund_id, mote_id, arende_id),
    constraint lokus_punkt_slag check ((arende_id is null) = (rubrik is not null)),
    foreign key (forbund_id, mote_id) references lokus_mote on delete cascade,
    foreign key (forbund_id, arende_id) references arende
);
create index lokus_punkt_mote_idx on lokus_punkt (forbund_id, mote_id, ordning);
create index lokus_punkt_arende_idx on lokus_punkt (forbund_id, arende_id) where arende_id is not null;

-- The last wall behind the core's check: a justerat meeting and its items are read-only.
create function lokus_mote_las() returns trigger language plpgsql as $$
declare v_status text;
begin
    if tg_table_name = 'lokus_mote' then
        if old.status = 'justerat' then
            raise exception 'lokus_mote % is justerat', old.mote_id using errcode = 'P0001';
        end if;
        return coalesce(new, old);
    end if;
    select status into v_status from lokus_mote
     where forbund_id = coalesce(new.forbund_id, old.forbund_id)
       and mote_id = coalesce(new.mote_id, old.mote_id);
    if v_status = 'justerat' then
        raise exception 'lokus_mote % is justerat', coalesce(new.mote_id, old.mote_id) using errcode = 'P0001';
    end if;
    return coalesce(new, old);
end
$$;
create trigger lokus_mote_las before update or delete on lokus_mote
    for each row execute function lokus_mote_las();
create trigger lokus_punkt_las before insert or update or delete on lokus_punkt
    for each row execute function lokus_mote_las();

do $$
declare t text;
begin
    foreach t in array array['lokus_mote', 'lokus_punkt'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (forbund_id = app_forbund_id()) '
                       'with check (forbund_id = app_forbund_id())', t || '_tenant', t);
        execute format('grant select, insert, update, delete on %I to lotsen_app', t);
    end loop;
end
$$;
