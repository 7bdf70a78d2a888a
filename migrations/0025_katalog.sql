-- The insatskatalog (issue 15 §2): the offers of a förbund — the parties' ordinary services and
-- the förbund's own insatser — with whom to contact, for every role of the förbund, a public
-- page per förbund (`/k/{slug}`) and the target of an action on an ärende.

create table katalog (
    forbund_id        uuid not null references forbund,
    katalog_id        uuid not null,
    -- Short and stable per förbund: CSV round trips and the statistics' rows use it.
    kod               text not null check (kod ~ '^[A-Z0-9][A-Z0-9_-]{0,19}$'),
    namn              text collate sv_se not null check (length(namn) between 1 and 120),
    beskrivning       text not null default '' check (length(beskrivning) <= 2000),
    -- The provider: an organisation (and optionally one of its units), or the förbund itself
    -- when both are null.
    organisation_id   uuid,
    enhet_id          uuid,
    alder_min         integer check (alder_min between 0 and 120),
    alder_max         integer check (alder_max between 0 and 120),
    -- When not empty, the individual must have at least one of these ersättningar.
    krav_ersattning   text[] not null default '{}',
    villkor           text not null default '' check (length(villkor) <= 2000),
    remiss            text not null default '' check (length(remiss) <= 2000),
    -- The contact is a function (mailbox, telephone, role), unless the provider chose a named
    -- person (`kontakt_person`), which is never shown on the public page.
    kontakt_funktion  text not null default '' check (length(kontakt_funktion) <= 120),
    kontakt_epost     text not null default '' check (length(kontakt_epost) <= 254),
    kontakt_telefon   text not null default '' check (length(kontakt_telefon) <= 40),
    kontakt_person    boolean not null default false,
    fran              date,
    till              date,
    status            text not null default 'aktiv' check (status in ('aktiv', 'avslutad')),
    publik            boolean not null default false,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (forbund_id, katalog_id),
    constraint katalog_kod_key unique (forbund_id, kod),
    check (alder_min is null or alder_max is null or alder_min <= alder_max),
    check (fran is null or till is null or fran <= till),
    check (enhet_id is null or organisation_id is not null),
    foreign key (forbund_id, organisation_id) references organisation,
    foreign key (forbund_id, organisation_id, enhet_id) references enhet (forbund_id, organisation_id, enhet_id)
);
create index katalog_namn_idx on katalog (forbund_id, namn);
call lotsen_tenant_table('katalog');
call lotsen_updated_at('katalog');

-- The kommuner an entry serves; none means every kommun of the förbund.
create table katalog_kommun (
    forbund_id  uuid not null,
    katalog_id  uuid not null,
    kommun_kod  text not null references kommun,
    primary key (forbund_id, katalog_id, kommun_kod),
    foreign key (forbund_id, katalog_id) references katalog on delete cascade
);
call lotsen_tenant_table('katalog_kommun');

-- The målgrupper an entry is for; none means every målgrupp.
create table katalog_malgrupp (
    forbund_id  uuid not null,
    katalog_id  uuid not null,
    kod         text not null check (kod ~ '^[a-z0-9_]{1,60}$'),
    primary key (forbund_id, katalog_id, kod),
    foreign key (forbund_id, katalog_id) references katalog on delete cascade
);
call lotsen_tenant_table('katalog_malgrupp');

-- An action on an ärende may name a catalogue entry of the same förbund as its target.
alter table atgard add column katalog_id uuid,
    add foreign key (forbund_id, katalog_id) references katalog;
create index atgard_katalog_idx on atgard (forbund_id, katalog_id) where katalog_id is not null;

-- The public page (`/k/{slug}`) is read without login, so no tenant is set and RLS hides every
-- row. These two functions read across förbund on purpose and return only what the page
-- shows: the förbund's name, and its public, active entries' public fields — the contact only
-- when it is a function, never a named person.
create function katalog_publik_forbund(p_slug text) returns text
language sql stable security definer set search_path = public, pg_temp
as $$ select namn::text from forbund where slug = p_slug $$;

create function katalog_publik(p_slug text)
returns table (kod text, namn text, beskrivning text, anordnare text, part text,
               kommuner text[], malgrupper text[], alder_min integer, alder_max integer,
               krav_ersattning text[], villkor text, remiss text, kontakt_funktion text,
               kontakt_epost text, kontakt_telefon text, fran date, till date)
language sql stable security definer set search_path = public, pg_temp
as $$
    select k.kod, k.namn::text, k.beskrivning,
           coalesce(o.namn || coalesce(' – ' || e.namn, ''), f.namn)::text,
           coalesce(o.part, 'forbund'),
           coalesce((select array_agg(m.namn::text order by m.namn) from katalog_kommun kk
                     join kommun m on m.kod = kk.kommun_kod
                     where kk.forbund_id = k.forbund_id and kk.katalog_id = k.katalog_id), '{}'),
           coalesce((select array_agg(km.kod order by km.kod) from katalog_malgrupp km
                     where km.forbund_id = k.forbund_id and km.katalog_id = k.katalog_id), '{}'),
           k.alder_min, k.alder_max, k.krav_ersattning, k.villkor, k.remiss,
           case when k.kontakt_person then '' else k.kontakt_funktion end,
           case when k.kontakt_person then '' else k.kontakt_epost end,
           case when k.kontakt_person then '' else k.kontakt_telefon end,
           k.fran, k.till
    from forbund f
    join katalog k on k.forbund_id = f.forbund_id
    left join organisation o on o.forbund_id = k.forbund_id and o.organisation_id = k.organisation_id
    left join enhet e on e.forbund_id = k.forbund_id and e.enhet_id = k.enhet_id
    where f.slug = p_slug and k.publik and k.status = 'aktiv'
      and (k.till is null or k.till >= lotsen_today())
    order by k.namn
$$;

revoke all on function katalog_publik_forbund(text) from public;
revoke all on function katalog_publik(text) from public;
grant execute on function katalog_publik_forbund(text), katalog_publik(text) to lotsen_app;
