-- Nulägesanalys forms (issue 6, part 2): a yearly round per förbund with its deadline, the
-- period of the figures and its own questions; one form per LOKUS group and round (created
-- when first written), its answers, and the chair's signature. A signed form is read-only
-- (checked in the core, and by triggers here as the last wall); questions change only while
-- no form of the round is signed.

create table nulage_omgang (
    forbund_id  uuid not null references forbund,
    omgang_id   uuid not null,
    ar          integer not null check (ar between 2000 and 2100),
    senast      date not null,
    fran        date not null,
    till        date not null,
    skapad_av   uuid references app_user,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (forbund_id, omgang_id),
    constraint nulage_omgang_ar_key unique (forbund_id, ar),
    constraint nulage_omgang_period check (fran <= till)
);
create trigger nulage_omgang_updated_at before update on nulage_omgang
    for each row execute function set_updated_at();

create table nulage_fraga (
    forbund_id  uuid not null,
    fraga_id    uuid not null,
    omgang_id   uuid not null,
    ordning     integer not null,
    text        text not null check (length(text) between 1 and 500),
    primary key (forbund_id, fraga_id),
    foreign key (forbund_id, omgang_id) references nulage_omgang on delete cascade
);
create index nulage_fraga_omgang_idx on nulage_fraga (forbund_id, omgang_id, ordning);

create table nulage_blankett (
    forbund_id      uuid not null,
    blankett_id     uuid not null,
    omgang_id       uuid not null,
    lokus_id        uuid not null,
    signerad_av     uuid references app_user,
    signerad_namn   text check (length(signerad_namn) between 1 and 200),
    signerad_datum  date,
    signerad_at     timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (forbund_id, blankett_id),
    constraint nulage_blankett_key unique (forbund_id, omgang_id, lokus_id),
    constraint nulage_blankett_signerad check (
        (signerad_at is null) = (signerad_datum is null)
        and (signerad_at is null) = (signerad_namn is null)),
    foreign key (forbund_id, omgang_id) references nulage_omgang,
    foreign key (forbund_id, lokus_id) references lokus_grupp
);
create trigger nulage_blankett_updated_at before update on nulage_blankett
    for each row execute function set_updated_at();

create table nulage_svar (
    forbund_id   uuid not null,
    blankett_id  uuid not null,
    fraga_id     uuid not null,
    text         text not null check (length(text) <= 8000),
    andrad_av    uuid references app_user,
    andrad_at    timestamptz not null default now(),
    primary key (forbund_id, blankett_id, fraga_id),
    foreign key (forbund_id, blankett_id) references nulage_blankett,
    foreign key (forbund_id, fraga_id) references nulage_fraga on delete cascade
);

-- The last wall behind the core's checks: a signed form and its answers never change, and
-- a round's questions do not change once one of its forms is signed.
create function nulage_las() returns trigger language plpgsql as $$
declare v_signed boolean;
begin
    if tg_table_name = 'nulage_blankett' then
        if old.signerad_at is not null then
            raise exception 'nulage_blankett % is signed', old.blankett_id using errcode = 'P0001';
        end if;
        return coalesce(new, old);
    elsif tg_table_name = 'nulage_svar' then
        select signerad_at is not null into v_signed from nulage_blankett
         where forbund_id = coalesce(new.forbund_id, old.forbund_id)
           and blankett_id = coalesce(new.blankett_id, old.blankett_id);
    else
        select exists (select 1 from nulage_blankett
                        where forbund_id = coalesce(new.forbund_id, old.forbund_id)
                          and omgang_id = coalesce(new.omgang_id, old.omgang_id)
                          and signerad_at is not null) into v_signed;
    end if;
    if v_signed then
        raise exception '% is locked by a signed form', tg_table_name using errcode = 'P0001';
    end if;
    return coalesce(new, old);
end
$$;
create trigger nulage_blankett_las before update or delete on nulage_blankett
    for each row execute function nulage_las();
create trigger nulage_svar_las before insert or update or delete on nulage_svar
    for each row execute function nulage_las();
create trigger nulage_fraga_las before insert or update or delete on nulage_fraga
    for each row execute function nulage_las();

do $$
declare t text;
begin
    foreach t in array array['nulage_omgang', 'nulage_fraga', 'nulage_blankett', 'nulage_svar'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (forbund_id = app_forbund_id()) '
                       'with check (forbund_id = app_forbund_id())', t || '_tenant', t);
        execute format('grant select, insert, update, delete on %I to lotsen_app', t);
    end loop;
end
$$;
