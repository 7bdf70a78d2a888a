-- Foundation: the application role, helpers, reference data, tenants, people and access.
-- Migrations run as the owner of every table. The application runs as `lotsen_app`, which
-- owns nothing and has no BYPASSRLS, so row-level security always applies to it.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'lotsen_app') then
        create role lotsen_app nologin noinherit nobypassrls;
    end if;
end
$$;
grant lotsen_app to current_user;
grant usage on schema public to lotsen_app;

-- Swedish alphabetical order (Å, Ä, Ö after Z) for every name people read.
create collation if not exists sv_se (provider = icu, locale = 'sv-SE');

-- The tenant and the person of the current transaction, set by the application with
-- set_config(..., true) at the start of every transaction that touches tenant data.
create function app_forbund_id() returns uuid language sql stable as $$
    select nullif(current_setting('app.forbund_id', true), '')::uuid
$$;
create function app_user_id() returns uuid language sql stable as $$
    select nullif(current_setting('app.user_id', true), '')::uuid
$$;
create function app_is_system_admin() returns boolean language sql stable as $$
    select coalesce(current_setting('app.system_admin', true), '') = 'on'
$$;

create function set_updated_at() returns trigger language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end
$$;

-- Reference data: Sweden's kommuner with SCB codes. Not tenant data; readable by everyone.
create table kommun (
    kod       text primary key check (kod ~ '^[0-9]{4}$'),
    namn      text collate sv_se not null,
    lanskod   text not null check (lanskod ~ '^[0-9]{2}$'),
    lan       text collate sv_se not null,
    -- Demo mode adds fictional kommuner (codes 99xx) so that the demo förbund can exist.
    fiktiv    boolean not null default false
);
grant select on kommun to lotsen_app;

-- The tenant.
create table forbund (
    forbund_id           uuid primary key,
    namn                 text collate sv_se not null,
    slug                 text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]*[a-z0-9]$'),
    organisationsnummer  text not null check (organisationsnummer ~ '^[0-9]{6}-[0-9]{4}$'),
    undertryck_grans     integer not null default 5 check (undertryck_grans between 2 and 20),
    session_idle_minuter integer not null default 30 check (session_idle_minuter between 5 and 480),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create trigger forbund_updated_at before update on forbund
    for each row execute function set_updated_at();

-- One identity per person across förbund. Holds no tenant data; access to it always goes
-- through a membership in the active förbund (or the login path).
create table app_user (
    user_id                   uuid primary key,
    namn                      text collate sv_se not null,
    epost                     text not null check (length(epost) <= 254),
    losenord_hash             text not null,
    aktiv                     boolean not null default true,
    maste_byta_losenord       boolean not null default false,
    systemadmin               boolean not null default false,
    misslyckade_inloggningar  integer not null default 0,
    last_till                 timestamptz,
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now()
);
create unique index app_user_epost_key on app_user (lower(epost));
create trigger app_user_updated_at before update on app_user
    for each row execute function set_updated_at();
grant select, insert, update on app_user to lotsen_app;

create table organisation (
    forbund_id       uuid not null references forbund,
    organisation_id  uuid not null,
    part             text not null check (part in ('fk', 'af', 'kommun', 'region', 'annan')),
    namn             text collate sv_se not null check (length(namn) between 1 and 120),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (forbund_id, organisation_id),
    constraint organisation_namn_key unique (forbund_id, namn)
);
create trigger organisation_updated_at before update on organisation
    for each row execute function set_updated_at();

create table enhet (
    forbund_id       uuid not null,
    organisation_id  uuid not null,
    enhet_id         uuid not null,
    namn             text collate sv_se not null check (length(namn) between 1 and 120),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (forbund_id, enhet_id),
    unique (forbund_id, organisation_id, enhet_id),
    constraint enhet_namn_key unique (forbund_id, organisation_id, namn),
    foreign key (forbund_id, organisation_id) references organisation on delete cascade
);
create trigger enhet_updated_at before update on enhet
    for each row execute function set_updated_at();

create table lokus_grupp (
    forbund_id  uuid not null references forbund,
    lokus_id    uuid not null,
    kod         text not null check (kod ~ '^[A-Z]{2,5}$'),
    namn        text collate sv_se not null check (length(namn) between 1 and 120),
    aktiv       boolean not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (forbund_id, lokus_id),
    constraint lokus_grupp_kod_key unique (forbund_id, kod)
);
create trigger lokus_grupp_updated_at before update on lokus_grupp
    for each row execute function set_updated_at();

create table lokus_kommun (
    forbund_id  uuid not null,
    lokus_id    uuid not null,
    kommun_kod  text not null references kommun,
    primary key (forbund_id, lokus_id, kommun_kod),
    foreign key (forbund_id, lokus_id) references lokus_grupp on delete cascade
);

create table membership (
    forbund_id       uuid not null references forbund,
    user_id          uuid not null references app_user,
    organisation_id  uuid,
    enhet_id         uuid,
    aktiv            boolean not null default true,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (forbund_id, user_id),
    foreign key (forbund_id, organisation_id) references organisation,
    foreign key (forbund_id, organisation_id, enhet_id) references enhet (forbund_id, organisation_id, enhet_id),
    check (enhet_id is null or organisation_id is not null)
);
create index membership_user_idx on membership (user_id);
create trigger membership_updated_at before update on membership
    for each row execute function set_updated_at();

create table role_assignment (
    forbund_id  uuid not null,
    user_id     uuid not null,
    roll        text not null check (roll in ('forbund_admin', 'koordinator', 'lokus_ordforande',
                    'lokus_ledamot', 'handlaggare', 'tillaggsresurs', 'insatsansvarig', 'dataskyddsombud')),
    lokus_id    uuid,
    created_at  timestamptz not null default now(),
    constraint role_assignment_key unique nulls not distinct (forbund_id, user_id, roll, lokus_id),
    foreign key (forbund_id, user_id) references membership on delete cascade,
    foreign key (forbund_id, lokus_id) references lokus_grupp on delete cascade,
    constraint role_assignment_scope check (
        (roll in ('koordinator', 'lokus_ordforande', 'lokus_ledamot')) = (lokus_id is not null))
);
create index role_assignment_lokus_idx on role_assignment (forbund_id, lokus_id);

-- Append-only audit trail: who did what to which object, never personal data.
create table audit_event (
    audit_event_id  bigint generated always as identity primary key,
    forbund_id      uuid references forbund,
    occurred_at     timestamptz not null default now(),
    user_id         uuid references app_user,
    action          text not null check (action ~ '^[a-z_.]{1,64}$'),
    object_type     text check (object_type ~ '^[a-z_]{1,32}$'),
    object_id       uuid,
    request_id      uuid
);
create index audit_event_forbund_time_idx on audit_event (forbund_id, occurred_at desc);
create index audit_event_forbund_user_idx on audit_event (forbund_id, user_id, occurred_at desc);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end
$$;
create trigger audit_event_no_update before update or delete on audit_event
    for each statement execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();

-- Server-side sessions. Keyed by the SHA-256 of the cookie token, so a copy of this table
-- cannot be replayed as cookies. Not tenant data: it names a person and their active förbund.
create table session (
    session_hash  bytea primary key,
    user_id       uuid not null references app_user on delete cascade,
    forbund_id    uuid references forbund,
    csrf_token    text not null,
    created_at    timestamptz not null default now(),
    last_seen_at  timestamptz not null default now()
);
create index session_user_idx on session (user_id);
create index session_last_seen_idx on session (last_seen_at);
grant select, insert, update, delete on session to lotsen_app;

-- Failed logins per client address (hashed), for slow-down across accounts.
create table login_failure (
    client_hash   bytea not null,
    failed_at     timestamptz not null default now()
);
create index login_failure_client_idx on login_failure (client_hash, failed_at);
grant select, insert, delete on login_failure to lotsen_app;

-- Row-level security on every tenant table.
alter table forbund enable row level security;
create policy forbund_tenant on forbund
    using (forbund_id = app_forbund_id()
           or app_is_system_admin()
           or forbund_id in (select m.forbund_id from membership m
                             where m.user_id = app_user_id() and m.aktiv))
    with check (forbund_id = app_forbund_id() or app_is_system_admin());
grant select, insert, update on forbund to lotsen_app;

alter table organisation enable row level security;
create policy organisation_tenant on organisation
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, update, delete on organisation to lotsen_app;

alter table enhet enable row level security;
create policy enhet_tenant on enhet
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, update, delete on enhet to lotsen_app;

alter table lokus_grupp enable row level security;
create policy lokus_grupp_tenant on lokus_grupp
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, update, delete on lokus_grupp to lotsen_app;

alter table lokus_kommun enable row level security;
create policy lokus_kommun_tenant on lokus_kommun
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, update, delete on lokus_kommun to lotsen_app;

-- A person may list their own memberships in every förbund (to choose one after login).
alter table membership enable row level security;
create policy membership_tenant on membership
    using (forbund_id = app_forbund_id() or user_id = app_user_id())
    with check (forbund_id = app_forbund_id());
grant select, insert, update on membership to lotsen_app;

alter table role_assignment enable row level security;
create policy role_assignment_tenant on role_assignment
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, delete on role_assignment to lotsen_app;

alter table audit_event enable row level security;
create policy audit_event_read on audit_event for select
    using (forbund_id = app_forbund_id());
create policy audit_event_append on audit_event for insert
    with check (forbund_id is null or forbund_id = app_forbund_id());
grant select, insert on audit_event to lotsen_app;

-- The one read the request path needs before it knows the tenant: the session, its person,
-- and that person's grants in the session's active förbund. Runs as the owner so that it can
-- read across the tenant wall, and returns only what belongs to this one session.
create function lotsen_session_load(p_hash bytea)
returns table (
    user_id uuid, forbund_id uuid, csrf_token text, last_seen_at timestamptz,
    namn text, epost text, aktiv boolean, maste_byta_losenord boolean, systemadmin boolean,
    forbund_namn text, forbund_slug text, idle_minuter integer, membership_aktiv boolean,
    membership_count bigint, roller text[], lokus_ids uuid[]
)
language sql stable security definer set search_path = public, pg_temp as $$
    select s.user_id, s.forbund_id, s.csrf_token, s.last_seen_at,
           u.namn, u.epost, u.aktiv, u.maste_byta_losenord, u.systemadmin,
           f.namn, f.slug, f.session_idle_minuter, m.aktiv,
           (select count(*) from membership mm where mm.user_id = s.user_id and mm.aktiv),
           coalesce((select array_agg(r.roll order by r.roll, r.lokus_id) from role_assignment r
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}'),
           coalesce((select array_agg(r.lokus_id order by r.roll, r.lokus_id) from role_assignment r
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}')
    from session s
    join app_user u on u.user_id = s.user_id
    left join forbund f on f.forbund_id = s.forbund_id
    left join membership m on m.forbund_id = s.forbund_id and m.user_id = s.user_id
    where s.session_hash = p_hash
$$;
revoke all on function lotsen_session_load(bytea) from public;
grant execute on function lotsen_session_load(bytea) to lotsen_app;

-- How many förbund a person belongs to (to know whether their identity is shared), without
-- revealing which.
create function lotsen_membership_count(p_user uuid) returns bigint
language sql stable security definer set search_path = public, pg_temp as $$
    select count(*) from membership where user_id = p_user
$$;
revoke all on function lotsen_membership_count(uuid) from public;
grant execute on function lotsen_membership_count(uuid) to lotsen_app;
