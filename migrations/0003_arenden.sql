-- Lots-ärenden: the remitting handläggare (pseudonymous), gapless numbering per förbund,
-- LOKUS group and year, the ärende with its multi-valued codes, actions, timeline, consent
-- and (only with consent) identity. Every table is a tenant table with RLS.

create table handlaggare (
    forbund_id       uuid not null,
    handlaggare_id   uuid not null,
    organisation_id  uuid not null,
    enhet_id         uuid,
    kod              text collate sv_se not null check (length(kod) between 1 and 40),
    created_at       timestamptz not null default now(),
    primary key (forbund_id, handlaggare_id),
    constraint handlaggare_kod_key unique (forbund_id, organisation_id, kod),
    foreign key (forbund_id, organisation_id) references organisation,
    foreign key (forbund_id, organisation_id, enhet_id) references enhet (forbund_id, organisation_id, enhet_id)
);

-- The last number used per LOKUS group and year. Taking a number updates this row inside the
-- ärende's transaction: concurrent creators queue on the row lock, and a rollback gives the
-- number back, so numbers are gapless.
create table arende_nummer (
    forbund_id  uuid not null,
    lokus_id    uuid not null,
    ar          integer not null check (ar between 2000 and 2100),
    senaste     integer not null check (senaste > 0),
    primary key (forbund_id, lokus_id, ar),
    foreign key (forbund_id, lokus_id) references lokus_grupp
);

create table arende (
    forbund_id         uuid not null,
    arende_id          uuid not null,
    lokus_id           uuid not null,
    ar                 integer not null,
    lopnummer          integer not null check (lopnummer > 0),
    nummer             text not null,
    inkom              date not null,
    kanal              text check (kanal in ('telefon', 'mejl', 'mote', 'portal', 'annan')),
    part               text not null check (part in ('fk', 'af', 'kommun', 'region', 'annan')),
    organisation_id    uuid,
    enhet_id           uuid,
    handlaggare_id     uuid,
    kon                text not null default 'okant' check (kon in ('kvinna', 'man', 'okant')),
    alder              integer check (alder between 0 and 120),
    bostadskommun      text references kommun,
    samverkansproblem  text check (samverkansproblem in ('struktur_saknas', 'struktur_tillampas_inte',
                           'racker_inte', 'kan_inte_tillgodogora', 'tillampas_felaktigt', 'inget')),
    beskrivning        text not null default '' check (length(beskrivning) <= 4000),
    status             text not null default 'pagaende' check (status in ('ny', 'pagaende', 'vilande', 'avslutad')),
    avslut             text check (avslut in ('lotsad_ordinarie', 'tillaggsresurs', 'sip', 'lost_sig',
                           'ej_aktuell', 'avbrutet', 'annat')),
    avslutad_datum     date,
    flaggad            boolean not null default false,
    lokus_fraga        text check (length(lokus_fraga) <= 2000),
    flaggad_datum      date,
    identifierad       boolean not null default false,
    import_hash        bytea,
    skapad_av          uuid references app_user,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    sok                tsvector generated always as
                           (to_tsvector('swedish', nummer || ' ' || beskrivning)) stored,
    primary key (forbund_id, arende_id),
    constraint arende_nummer_key unique (forbund_id, lokus_id, ar, lopnummer),
    constraint arende_import_key unique (forbund_id, import_hash),
    constraint arende_avslutad_har_utfall check ((status = 'avslutad') = (avslut is not null and avslutad_datum is not null)),
    constraint arende_avslutad_efter_inkom check (avslutad_datum is null or avslutad_datum >= inkom),
    constraint arende_flaggad_har_datum check (flaggad = (flaggad_datum is not null)),
    foreign key (forbund_id, lokus_id) references lokus_grupp,
    foreign key (forbund_id, organisation_id) references organisation,
    foreign key (forbund_id, organisation_id, enhet_id) references enhet (forbund_id, organisation_id, enhet_id),
    foreign key (forbund_id, handlaggare_id) references handlaggare
);
create index arende_lokus_inkom_idx on arende (forbund_id, lokus_id, inkom desc, arende_id desc);
create index arende_lokus_status_idx on arende (forbund_id, lokus_id, status, inkom desc);
create index arende_flaggad_idx on arende (forbund_id, lokus_id) where flaggad;
create index arende_sok_idx on arende using gin (sok);
create trigger arende_updated_at before update on arende
    for each row execute function set_updated_at();

create table arende_ersattning (
    forbund_id  uuid not null,
    arende_id   uuid not null,
    kod         text not null check (kod in ('sjukpenning', 'aktivitetsersattning', 'sjukersattning',
                    'forsorjningsstod', 'a_kassa', 'aktivitetsstod', 'etableringsersattning', 'lon',
                    'studiemedel', 'ingen', 'okand')),
    primary key (forbund_id, arende_id, kod),
    foreign key (forbund_id, arende_id) references arende on delete cascade
);

create table arende_malgrupp (
    forbund_id  uuid not null,
    arende_id   uuid not null,
    kod         text not null check (kod ~ '^[a-z_]{2,40}$'),
    primary key (forbund_id, arende_id, kod),
    foreign key (forbund_id, arende_id) references arende on delete cascade
);
create index arende_malgrupp_kod_idx on arende_malgrupp (forbund_id, kod);

-- What the coordinator did: dated, optionally aimed at an organisation, a part or a free text.
create table atgard (
    forbund_id           uuid not null,
    atgard_id            uuid not null,
    arende_id            uuid not null,
    kod                  text not null check (kod in ('kontakt_formedlad', 'information_insatser',
                             'bekraftelse_arendegang', 'stod_kontakt_vard', 'flerpartsmote', 'sip_foreslagen',
                             'sip_genomford', 'tillaggsresurs_erbjuden', 'tillaggsresurs_paborjad',
                             'hanvisning_kunskapsstod', 'lyft_till_lokus', 'annan')),
    datum                date not null,
    mal_organisation_id  uuid,
    mal_part             text check (mal_part in ('fk', 'af', 'kommun', 'region', 'annan')),
    mal_text             text check (length(mal_text) <= 200),
    anteckning           text not null default '' check (length(anteckning) <= 2000),
    skapad_av            uuid references app_user,
    created_at           timestamptz not null default now(),
    primary key (forbund_id, atgard_id),
    foreign key (forbund_id, arende_id) references arende on delete cascade,
    foreign key (forbund_id, mal_organisation_id) references organisation
);
create index atgard_arende_idx on atgard (forbund_id, arende_id, datum);
create index atgard_kod_idx on atgard (forbund_id, kod);

-- The ärende's timeline: creation, edits, status changes, flags, notes, consent. Text here is
-- the coordinator's own note; like the description, it must not identify the person.
create table arende_handelse (
    forbund_id   uuid not null,
    handelse_id  bigint generated always as identity,
    arende_id    uuid not null,
    typ          text not null check (typ in ('skapad', 'andrad', 'status', 'flaggad', 'avflaggad',
                     'avslutad', 'ateroppnad', 'anteckning', 'samtycke', 'samtycke_aterkallat', 'importerad')),
    text         text not null default '' check (length(text) <= 2000),
    user_id      uuid references app_user,
    created_at   timestamptz not null default now(),
    primary key (forbund_id, handelse_id),
    foreign key (forbund_id, arende_id) references arende on delete cascade
);
create index arende_handelse_arende_idx on arende_handelse (forbund_id, arende_id, handelse_id);

-- Consent (samtycke) for an identified ärende.
create table samtycke (
    forbund_id     uuid not null,
    arende_id      uuid not null,
    datum          date not null,
    form           text not null check (form in ('skriftligt', 'muntligt')),
    parter         text[] not null check (parter <@ array['fk', 'af', 'kommun', 'region', 'annan']),
    omfattning     text not null check (length(omfattning) between 1 and 1000),
    registrerad_av uuid references app_user,
    created_at     timestamptz not null default now(),
    primary key (forbund_id, arende_id),
    foreign key (forbund_id, arende_id) references arende on delete cascade
);

-- The identity of an identified ärende, readable only by the coordinators of its LOKUS group
-- (the policy checks the role, not just the tenant).
create table arende_identitet (
    forbund_id    uuid not null,
    arende_id     uuid not null,
    lokus_id      uuid not null,
    namn          text collate sv_se not null check (length(namn) between 1 and 120),
    personnummer  text check (personnummer ~ '^[0-9]{8}-[0-9]{4}$'),
    created_at    timestamptz not null default now(),
    primary key (forbund_id, arende_id),
    foreign key (forbund_id, arende_id) references samtycke on delete cascade,
    foreign key (forbund_id, lokus_id) references lokus_grupp
);

create function app_is_koordinator(p_lokus uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
    select exists (select 1 from role_assignment r join membership m using (forbund_id, user_id)
                   where r.forbund_id = app_forbund_id() and r.user_id = app_user_id()
                     and r.roll = 'koordinator' and r.lokus_id = p_lokus and m.aktiv)
$$;
revoke all on function app_is_koordinator(uuid) from public;
grant execute on function app_is_koordinator(uuid) to lotsen_app;

do $$
declare t text;
begin
    foreach t in array array['handlaggare', 'arende_nummer', 'arende', 'arende_ersattning',
                             'arende_malgrupp', 'atgard', 'arende_handelse', 'samtycke'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (forbund_id = app_forbund_id()) '
                       'with check (forbund_id = app_forbund_id())', t || '_tenant', t);
        execute format('grant select, insert, update, delete on %I to lotsen_app', t);
    end loop;
end
$$;
-- The timeline is append-only for the app.
revoke update, delete on arende_handelse from lotsen_app;

alter table arende_identitet enable row level security;
create policy arende_identitet_koordinator on arende_identitet
    using (forbund_id = app_forbund_id() and app_is_koordinator(lokus_id))
    with check (forbund_id = app_forbund_id() and app_is_koordinator(lokus_id));
grant select, insert, update, delete on arende_identitet to lotsen_app;
