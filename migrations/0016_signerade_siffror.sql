-- Issue 13: a signature means something. The figures the chair saw are kept with the signature
-- (frozen: the signed form, the compiled document and the all-groups XLSX show them), the form has
-- a version so that a save from a stale tab is refused, and signing and reopening are a history.

alter table nulage_blankett
    add column version integer not null default 0,
    -- The figure set as signed (tables with codes, values and marks), `null` while unsigned.
    add column signerade_siffror jsonb,
    add constraint nulage_blankett_siffror check (signerade_siffror is null or signerad_at is not null);

-- Signed, reopened (with the förbund administrator's reason), signed again: shown in the form's
-- history and, for a reopened form, on the chair's start page. Append-only for the app.
create table nulage_blankett_handelse (
    forbund_id   uuid not null,
    handelse_id  bigint generated always as identity,
    blankett_id  uuid not null,
    typ          text not null check (typ in ('signerad', 'ateroppnad')),
    skal         text not null default '' check (length(skal) <= 1000),
    user_id      uuid references app_user,
    -- The person's name when it happened, as the history shows it.
    namn         text not null check (length(namn) between 1 and 200),
    created_at   timestamptz not null default now(),
    primary key (forbund_id, handelse_id),
    foreign key (forbund_id, blankett_id) references nulage_blankett on delete cascade,
    constraint nulage_blankett_handelse_skal check (typ <> 'ateroppnad' or length(btrim(skal)) > 0)
);
create index nulage_blankett_handelse_blankett on nulage_blankett_handelse (forbund_id, blankett_id, handelse_id);
call lotsen_tenant_table('nulage_blankett_handelse', 'select, insert');

-- The last wall keeps a signed form unchanged, except for reopening: the förbund
-- administrator clears the signature and its figures (and the version moves on).
create or replace function nulage_las() returns trigger language plpgsql as $$
declare v_signed boolean;
begin
    if tg_table_name = 'nulage_blankett' then
        if old.signerad_at is not null then
            if tg_op = 'UPDATE' and new.signerad_at is null and new.signerad_av is null
               and new.signerad_namn is null and new.signerad_datum is null
               and new.signerade_siffror is null
               and new.omgang_id = old.omgang_id and new.lokus_id = old.lokus_id then
                return new;
            end if;
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
