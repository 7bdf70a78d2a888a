-- E-mail notices (issue 15): each person's choice whether Lotsen e-mails them, and an outbox of
-- notices to send. A notice names only its recipient, its kind and the object it links to; the
-- mail itself is fixed text and a link (docs/decisions.md, "Issue 15: e-postaviseringar").

-- On by default: a person turns it off at /konto/avisering.
alter table app_user add column epost_avisering boolean not null default true;

-- The outbox. A tenant table: notices are written inside the förbund's own transactions. The
-- sender, which runs outside any förbund, reaches it only through the functions below.
create table avisering (
    forbund_id    uuid not null,
    avisering_id  uuid not null,
    user_id       uuid not null,
    slag          text not null check (slag in ('ny_forfragan', 'nytt_svar', 'ny_status')),
    objekt_id     uuid not null,
    created_at    timestamptz not null default now(),
    sent_at       timestamptz,
    forsok        integer not null default 0 check (forsok >= 0),
    -- When the sender may take it next: now at first, later after a failure (backoff), and a
    -- few minutes ahead while one sender has it (so a sender that dies mid-send is taken over).
    nasta_forsok  timestamptz not null default now(),
    -- The class of the last failure, a fixed code: never the server's reply, which may quote
    -- the address.
    fel           text check (fel ~ '^[a-z_]{1,32}$'),
    primary key (forbund_id, avisering_id),
    foreign key (forbund_id, user_id) references membership on delete cascade
);
create index avisering_att_skicka_idx on avisering (nasta_forsok) where sent_at is null;
create index avisering_mottagare_idx on avisering (forbund_id, user_id, slag, objekt_id)
    where sent_at is null;
call lotsen_tenant_table('avisering', 'select, insert');

-- How many times a notice is tried before it is given up.
create function lotsen_avisering_max_forsok() returns integer
language sql immutable as $$ select 10 $$;

-- Takes up to `antal` due notices for sending, across förbund, with the recipient's address.
-- Notices whose recipient has turned e-mail off, or is no longer an active member, are deleted
-- here (the choice is read at send time, so it also covers notices queued before it was made).
-- Each notice taken is leased for ten minutes and its attempt counted; `lotsen_avisering_skickad`
-- or `lotsen_avisering_misslyckad` settles it. Several senders never take the same notice.
create function lotsen_avisering_hamta(antal integer)
returns table (forbund_id uuid, avisering_id uuid, slag text, objekt_id uuid, epost text,
               forsok integer)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
    delete from avisering a
    where a.sent_at is null
      and a.nasta_forsok <= now()
      and not exists (
          select 1 from app_user u
          join membership m on m.user_id = u.user_id
          where u.user_id = a.user_id and m.forbund_id = a.forbund_id
            and u.epost_avisering and u.aktiv and m.aktiv and m.bekraftad);
    return query
    with due as (
        select d.forbund_id, d.avisering_id from avisering d
        where d.sent_at is null and d.nasta_forsok <= now()
          and d.forsok < lotsen_avisering_max_forsok()
          -- A notice not sent within two days is stale: it is left for the clean-up.
          and d.created_at > now() - interval '2 days'
        order by d.nasta_forsok
        limit greatest(antal, 0)
        for update skip locked
    ), taken as (
        update avisering t set forsok = t.forsok + 1, nasta_forsok = now() + interval '10 minutes'
        from due where t.forbund_id = due.forbund_id and t.avisering_id = due.avisering_id
        returning t.forbund_id, t.avisering_id, t.user_id, t.slag, t.objekt_id, t.forsok
    )
    select t.forbund_id, t.avisering_id, t.slag, t.objekt_id, u.epost, t.forsok
    from taken t join app_user u on u.user_id = t.user_id
    order by t.forbund_id, t.avisering_id;
end
$$;

-- A notice was handed to the mail server.
create function lotsen_avisering_skickad(f uuid, a uuid) returns void
language sql volatile security definer set search_path = public, pg_temp as $$
    update avisering set sent_at = now(), fel = null
    where forbund_id = f and avisering_id = a and sent_at is null
$$;

-- A notice could not be sent: try again after a backoff that doubles per attempt (1, 2, 4 …
-- minutes, at most an hour), or never when the failure is permanent (`igen` false).
create function lotsen_avisering_misslyckad(f uuid, a uuid, felklass text, igen boolean)
returns void
language sql volatile security definer set search_path = public, pg_temp as $$
    update avisering set fel = felklass,
        nasta_forsok = case
            when igen and forsok < lotsen_avisering_max_forsok()
                then now() + least(interval '1 minute' * power(2, greatest(forsok - 1, 0)),
                                   interval '1 hour')
            else 'infinity' end,
        forsok = case when igen then forsok else lotsen_avisering_max_forsok() end
    where forbund_id = f and avisering_id = a and sent_at is null
$$;

-- Keeps the outbox small whether or not mail is configured: sent notices go after 30 days,
-- unsent ones after 7.
create function lotsen_purge_avisering() returns bigint
language sql volatile security definer set search_path = public, pg_temp as $$
    with gone as (
        delete from avisering
        where (sent_at is not null and sent_at < now() - interval '30 days')
           or (sent_at is null and created_at < now() - interval '7 days')
        returning 1)
    select count(*) from gone
$$;

revoke all on function lotsen_avisering_hamta(integer) from public;
revoke all on function lotsen_avisering_skickad(uuid, uuid) from public;
revoke all on function lotsen_avisering_misslyckad(uuid, uuid, text, boolean) from public;
revoke all on function lotsen_purge_avisering() from public;
grant execute on function lotsen_avisering_hamta(integer) to lotsen_app;
grant execute on function lotsen_avisering_skickad(uuid, uuid) to lotsen_app;
grant execute on function lotsen_avisering_misslyckad(uuid, uuid, text, boolean) to lotsen_app;
grant execute on function lotsen_purge_avisering() to lotsen_app;
grant execute on function lotsen_avisering_max_forsok() to lotsen_app;
