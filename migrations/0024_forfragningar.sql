-- Requests for lotsning from handläggare at the four parties (issue 15, "En väg in").
-- A request is not an ärende: it gets an ärende (and its number) only when a coordinator
-- accepts it, so declined and withdrawn requests leave no gaps in the numbering. What the
-- sender may see of it is the request as sent and its own history (`forfragan_handelse`):
-- statuses, the decline reason and the answers written for them; never the ärende's notes.

-- A handläggare's login is linked to one pseudonymous handläggare code in the förbund, so a
-- request counts for the same unique handläggare as the ärenden the coordinator typed in.
alter table handlaggare add column user_id uuid references app_user;
create unique index handlaggare_user_key on handlaggare (forbund_id, user_id)
    where user_id is not null;

create table forfragan (
    forbund_id       uuid not null,
    forfragan_id     uuid not null,
    -- The group it is with now (forwarding moves it).
    lokus_id         uuid not null,
    avsandare        uuid not null references app_user,
    handlaggare_id   uuid not null,
    organisation_id  uuid not null,
    enhet_id         uuid,
    part             text not null check (part in ('fk', 'af', 'kommun', 'region', 'annan')),
    typ              text not null check (typ in ('lotsning', 'arendedragning', 'tillaggsresurs', 'sip')),
    kon              text not null check (kon in ('kvinna', 'man', 'okant')),
    alder            integer check (alder between 0 and 120),
    bostadskommun    text not null references kommun,
    ersattning       text[] not null default '{}' check (ersattning <@ array['sjukpenning',
                         'aktivitetsersattning', 'sjukersattning', 'forsorjningsstod', 'a_kassa',
                         'aktivitetsstod', 'etableringsersattning', 'lon', 'studiemedel', 'ingen', 'okand']),
    kontakt_parter   text[] not null default '{}'
                         check (kontakt_parter <@ array['fk', 'af', 'kommun', 'region', 'annan']),
    fraga            text not null check (length(fraga) between 1 and 4000),
    provat           text not null default '' check (length(provat) <= 4000),
    bradska          text not null check (bradska in ('normal', 'skyndsam', 'akut')),
    samtycke         text not null check (samtycke in ('inget', 'muntligt_dokumenterat', 'skriftligt')),
    samtycke_parter  text[] not null default '{}'
                         check (samtycke_parter <@ array['fk', 'af', 'kommun', 'region', 'annan']),
    svarssatt        text not null check (svarssatt in ('lotsen', 'telefon', 'mejl', 'mote')),
    status           text not null default 'skickad'
                         check (status in ('skickad', 'mottagen', 'accepterad', 'avbojd', 'aterkallad')),
    avbojd_orsak     text check (avbojd_orsak in ('ej_malgrupp', 'ordinarie_verksamhet', 'redan_aktuell', 'annat')),
    arende_id        uuid,
    skickad_at       timestamptz not null default now(),
    -- When a coordinator accepted or declined it (days to answer, in the figures).
    besvarad_at      timestamptz,
    -- The sender's unread marker: the last change they should see, and when they last looked.
    andrad_at        timestamptz not null default now(),
    sedd_at          timestamptz,
    formular_id      uuid not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (forbund_id, forfragan_id),
    constraint forfragan_formular_key unique (forbund_id, avsandare, formular_id),
    constraint forfragan_accepterad_har_arende check ((status = 'accepterad') = (arende_id is not null)),
    constraint forfragan_avbojd_har_orsak check ((status = 'avbojd') = (avbojd_orsak is not null)),
    constraint forfragan_besvarad check ((status in ('accepterad', 'avbojd')) = (besvarad_at is not null)),
    foreign key (forbund_id, lokus_id) references lokus_grupp,
    foreign key (forbund_id, handlaggare_id) references handlaggare,
    foreign key (forbund_id, organisation_id) references organisation,
    foreign key (forbund_id, organisation_id, enhet_id) references enhet (forbund_id, organisation_id, enhet_id),
    foreign key (forbund_id, arende_id) references arende
);
call lotsen_tenant_table('forfragan');
call lotsen_updated_at('forfragan');
create unique index forfragan_arende_key on forfragan (forbund_id, arende_id) where arende_id is not null;
create index forfragan_avsandare_idx on forfragan (forbund_id, avsandare, skickad_at desc);
create index forfragan_lokus_idx on forfragan (forbund_id, lokus_id, skickad_at desc);
-- The coordinators' waiting requests: the navigation's count on every page.
create index forfragan_vantar_idx on forfragan (forbund_id, lokus_id, skickad_at)
    where status in ('skickad', 'mottagen');

-- What happened to a request, as its sender sees it. `text` is the decline's explanation, an
-- answer written for the sender, or the name of the group it was forwarded to.
create table forfragan_handelse (
    forbund_id    uuid not null,
    handelse_id   bigint generated always as identity,
    forfragan_id  uuid not null,
    typ           text not null check (typ in ('skickad', 'mottagen', 'accepterad', 'avbojd', 'aterkallad',
                      'vidarebefordrad', 'svar', 'vilande', 'pagaende', 'avslutad', 'ateroppnad')),
    text          text not null default '' check (length(text) <= 4000),
    user_id       uuid references app_user,
    created_at    timestamptz not null default now(),
    primary key (forbund_id, handelse_id),
    foreign key (forbund_id, forfragan_id) references forfragan on delete cascade
);
call lotsen_tenant_table('forfragan_handelse', 'select, insert');
create index forfragan_handelse_idx on forfragan_handelse (forbund_id, forfragan_id, handelse_id);

-- The navigation's counts, read with the session on every request: a coordinator's waiting
-- requests, a handläggare's requests with news. Same signature as before plus two columns.
drop function lotsen_session_load(bytea);
create function lotsen_session_load(p_hash bytea)
returns table (
    user_id uuid, forbund_id uuid, csrf_token text, created_at timestamptz, last_seen_at timestamptz,
    namn text, epost text, aktiv boolean, maste_byta_losenord boolean, systemadmin boolean,
    forbund_namn text, forbund_slug text, idle_minuter integer, membership_aktiv boolean,
    membership_count bigint, roller text[], lokus_ids uuid[],
    forfragningar_vantar bigint, forfragningar_nytt bigint
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
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}'),
           (select count(*) from forfragan q
             where q.forbund_id = s.forbund_id and q.status in ('skickad', 'mottagen')
               and q.lokus_id in (select r.lokus_id from role_assignment r
                                  where r.forbund_id = s.forbund_id and r.user_id = s.user_id
                                    and r.roll = 'koordinator')),
           (select count(*) from forfragan q
             where q.forbund_id = s.forbund_id and q.avsandare = s.user_id
               and (q.sedd_at is null or q.andrad_at > q.sedd_at))
    from session s
    join app_user u on u.user_id = s.user_id
    left join forbund f on f.forbund_id = s.forbund_id
    left join membership m on m.forbund_id = s.forbund_id and m.user_id = s.user_id
    where s.session_hash = p_hash;
end
$$;
revoke all on function lotsen_session_load(bytea) from public;
grant execute on function lotsen_session_load(bytea) to lotsen_app;
