-- Security hardening after the penetration test (docs/decisions.md "Security hardening",
-- docs/security.md).

-- The application pool logs in as `lotsen_app` itself (NOSUPERUSER, NOBYPASSRLS, owning
-- nothing), so no `reset role` can ever reach the owner. Migrations, seeding and the CLI's
-- maintenance keep using the owner.
alter role lotsen_app login nosuperuser nobypassrls nocreatedb nocreaterole;

-- Which förbund created an account: only that förbund's administrators may give it a new
-- one-time password or rename it. Accounts from before this migration with exactly one
-- membership were created by that förbund.
alter table app_user add column skapad_av_forbund uuid references forbund;
update app_user u set skapad_av_forbund = (select m.forbund_id from membership m where m.user_id = u.user_id)
 where not u.systemadmin and (select count(*) from membership m where m.user_id = u.user_id) = 1;

-- The hard account lock is gone: throttling is per (client address, account) instead, so a
-- stranger cannot lock a coordinator out. The failure counter stays, to tell the person at
-- their next login how many attempts failed since.
alter table app_user drop column last_till;

-- A membership that an administrator of another förbund attached to an existing account waits
-- for the person to accept it after logging in; until then it gives no access and the
-- administrator sees the e-mail address only.
alter table membership add column bekraftad boolean not null default true;

-- Failures per (client, account): `konto_hash` is a hash of the typed e-mail address (known or
-- not, so unknown addresses are throttled exactly like known ones).
alter table login_failure add column konto_hash bytea;
create index login_failure_konto_idx on login_failure (client_hash, konto_hash, failed_at);

-- Only confirmed, active memberships reach a förbund.
drop policy forbund_tenant on forbund;
create policy forbund_tenant on forbund
    using (forbund_id = app_forbund_id()
           or app_is_system_admin()
           or forbund_id in (select m.forbund_id from membership m
                             where m.user_id = app_user_id() and m.aktiv and m.bekraftad))
    with check (forbund_id = app_forbund_id() or app_is_system_admin());

-- The session also returns its start, for the absolute session lifetime.
drop function lotsen_session_load(bytea);
create function lotsen_session_load(p_hash bytea)
returns table (
    user_id uuid, forbund_id uuid, csrf_token text, created_at timestamptz, last_seen_at timestamptz,
    namn text, epost text, aktiv boolean, maste_byta_losenord boolean, systemadmin boolean,
    forbund_namn text, forbund_slug text, idle_minuter integer, membership_aktiv boolean,
    membership_count bigint, roller text[], lokus_ids uuid[]
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
    return query
    select s.user_id, s.forbund_id, s.csrf_token, s.created_at, s.last_seen_at,
           u.namn::text, u.epost::text, u.aktiv, u.maste_byta_losenord, u.systemadmin,
           f.namn::text, f.slug::text, f.session_idle_minuter, m.aktiv and m.bekraftad,
           (select count(*) from membership mm where mm.user_id = s.user_id and mm.aktiv and mm.bekraftad),
           coalesce((select array_agg(r.roll order by r.roll, r.lokus_id) from role_assignment r
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}'),
           coalesce((select array_agg(r.lokus_id order by r.roll, r.lokus_id) from role_assignment r
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}')
    from session s
    join app_user u on u.user_id = s.user_id
    left join forbund f on f.forbund_id = s.forbund_id
    left join membership m on m.forbund_id = s.forbund_id and m.user_id = s.user_id
    where s.session_hash = p_hash;
end
$$;
revoke all on function lotsen_session_load(bytea) from public;
grant execute on function lotsen_session_load(bytea) to lotsen_app;

create or replace function lotsen_membership_count(p_user uuid) returns bigint
language sql stable security definer set search_path = public, pg_temp as $$
    select count(*) from membership where user_id = p_user
$$;

-- The intake form's id is only an idempotency key: the server makes every primary key. A
-- second submit of the same form by the same person finds the ärende the first one created.
alter table arende add column formular_id uuid;
create unique index arende_formular_key on arende (forbund_id, skapad_av, formular_id)
    where formular_id is not null;

-- Staged import files are deleted once imported, discarded or replaced by the person's next
-- upload; files abandoned otherwise are deleted by the server's periodic clean-up once expired
-- (across förbund, hence as the owner).
create function lotsen_purge_import_files() returns bigint
language sql volatile security definer set search_path = public, pg_temp as $$
    with gone as (delete from import_fil where expires_at < now() returning 1)
    select count(*) from gone
$$;
revoke all on function lotsen_purge_import_files() from public;
grant execute on function lotsen_purge_import_files() to lotsen_app;
