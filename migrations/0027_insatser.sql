-- Insatser with participants (issue 16): the förbund's insatser, each owned by a member
-- organisation (the personuppgiftsansvarig for its participants), with coaches, a queue and
-- participants followed from inskrivning through utskrivning to follow-ups after exit.
-- Förbund staff register insatser; participant rows are read by the insats's coaches and its
-- insatsansvarig only (the core checks the role; identity is guarded by its own policy).

create table insats (
    forbund_id   uuid not null references forbund,
    insats_id    uuid not null,
    -- Short and stable per förbund: URLs (`/insatser/{kod}`), the CLI and the figures use it.
    kod          text not null check (kod ~ '^[A-Z0-9][A-Z0-9_-]{0,19}$'),
    namn         text collate sv_se not null check (length(namn) between 1 and 120),
    typ          text not null check (typ in ('tillaggsresurs', 'individinriktad', 'strukturinriktad')),
    -- The insatsägare: personuppgiftsansvarig for the participants.
    agare_id     uuid not null,
    -- The insatsansvarig (a user of the förbund), who sees the queue and figures.
    ansvarig_id  uuid,
    fran         date not null,
    till         date,
    platser      integer check (platser between 0 and 100000),
    status       text not null default 'aktiv' check (status in ('aktiv', 'avslutad')),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (forbund_id, insats_id),
    constraint insats_kod_key unique (forbund_id, kod),
    check (till is null or fran <= till),
    foreign key (forbund_id, agare_id) references organisation,
    foreign key (forbund_id, ansvarig_id) references membership (forbund_id, user_id)
);
call lotsen_tenant_table('insats');
call lotsen_updated_at('insats');

-- The LOKUS groups an insats takes people from.
create table insats_lokus (
    forbund_id  uuid not null,
    insats_id   uuid not null,
    lokus_id    uuid not null,
    primary key (forbund_id, insats_id, lokus_id),
    foreign key (forbund_id, insats_id) references insats on delete cascade,
    foreign key (forbund_id, lokus_id) references lokus_grupp
);
create index insats_lokus_lokus_idx on insats_lokus (forbund_id, lokus_id);
call lotsen_tenant_table('insats_lokus');

-- The kommuner an insats serves (a shared pool serves several).
create table insats_kommun (
    forbund_id  uuid not null,
    insats_id   uuid not null,
    kommun_kod  text not null references kommun,
    primary key (forbund_id, insats_id, kommun_kod),
    foreign key (forbund_id, insats_id) references insats on delete cascade
);
call lotsen_tenant_table('insats_kommun');

-- The coaches (users with the tilläggsresurs role) who work in the insats.
create table insats_coach (
    forbund_id  uuid not null,
    insats_id   uuid not null,
    user_id     uuid not null,
    primary key (forbund_id, insats_id, user_id),
    foreign key (forbund_id, insats_id) references insats on delete cascade,
    foreign key (forbund_id, user_id) references membership (forbund_id, user_id)
);
create index insats_coach_user_idx on insats_coach (forbund_id, user_id);
call lotsen_tenant_table('insats_coach');

-- Goals per insats and period (issue 16 §4), e.g. nyinskrivna ≥ 40.
create table insats_mal (
    forbund_id  uuid not null,
    insats_id   uuid not null,
    mal_id      uuid not null,
    mal         text not null check (mal in ('nyinskrivna', 'andel_paborjad_arbetstraning',
                                             'andel_arbete_eller_studier_vid_avslut', 'deltagare')),
    varde       integer not null check (varde between 0 and 100000),
    fran        date not null,
    till        date not null,
    primary key (forbund_id, insats_id, mal_id),
    check (fran <= till),
    foreign key (forbund_id, insats_id) references insats on delete cascade
);
call lotsen_tenant_table('insats_mal');

-- One enrolment of a person in an insats: from the queue (status i_ko) through inskriven to
-- utskriven, or struken from the queue without starting. De-identified: kön, birth year and
-- bostadskommun at most; identity lives in deltagare_identitet, with consent only.
create table deltagare (
    forbund_id        uuid not null,
    deltagare_id      uuid not null,
    insats_id         uuid not null,
    -- Running number within the insats, shown as the participant's label ("Deltagare 12").
    nummer            integer not null check (nummer > 0),
    arende_id         uuid,
    status            text not null check (status in ('i_ko', 'inskriven', 'utskriven', 'struken')),
    ko_datum          date,
    inskriven         date,
    kalla             text check (kalla in ('via_koordinator', 'overford', 'direkt')),
    coach_id          uuid,
    -- A replacement coach of the same insats, who then sees and edits the participant too.
    ersattare_id      uuid,
    kon               text not null default 'okant' check (kon in ('kvinna', 'man', 'okant')),
    fodelsear         integer check (fodelsear between 1900 and 2100),
    bostadskommun     text references kommun,
    utskriven         date,
    avslutsanledning  text check (avslutsanledning in ('arbete', 'studier', 'ordinarie_insats',
                          'annan_forbundsinsats', 'planerad_tid_slut', 'ohalsa', 'flytt',
                          'eget_onskemal', 'samtycke_aterkallat', 'ingen_kontakt', 'annat',
                          'felregistrering')),
    nasta_steg        text not null default '' check (length(nasta_steg) <= 500),
    mottagande_part   text check (mottagande_part in ('fk', 'af', 'kommun', 'region', 'annan')),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (forbund_id, deltagare_id),
    constraint deltagare_nummer_key unique (forbund_id, insats_id, nummer),
    check (status = 'i_ko' or status = 'struken' or (inskriven is not null and kalla is not null)),
    check ((status = 'utskriven') = (utskriven is not null and avslutsanledning is not null)),
    check (ko_datum is null or inskriven is null or ko_datum <= inskriven),
    check (utskriven is null or inskriven <= utskriven),
    foreign key (forbund_id, insats_id) references insats,
    foreign key (forbund_id, arende_id) references arende,
    foreign key (forbund_id, coach_id) references membership (forbund_id, user_id),
    foreign key (forbund_id, ersattare_id) references membership (forbund_id, user_id)
);
-- A second active enrolment of the same ärende in the same insats is refused.
create unique index deltagare_aktiv_arende_key on deltagare (forbund_id, insats_id, arende_id)
    where arende_id is not null and status in ('i_ko', 'inskriven');
create index deltagare_insats_idx on deltagare (forbund_id, insats_id, status);
create index deltagare_coach_idx on deltagare (forbund_id, coach_id) where coach_id is not null;
create index deltagare_arende_idx on deltagare (forbund_id, arende_id) where arende_id is not null;
call lotsen_tenant_table('deltagare');
call lotsen_updated_at('deltagare');

-- The consent given for one enrolment: what it covers and how long follow-up after exit may
-- go on. Withdrawal ends identity and further follow-ups.
create table deltagare_samtycke (
    forbund_id          uuid not null,
    deltagare_id        uuid not null,
    datum               date not null,
    form                text not null check (form in ('skriftligt', 'muntligt')),
    omfattning          text not null check (length(omfattning) between 1 and 1000),
    uppfoljning_manader integer not null check (uppfoljning_manader in (0, 3, 6, 12)),
    aterkallad          date,
    registrerad_av      uuid references app_user,
    created_at          timestamptz not null default now(),
    primary key (forbund_id, deltagare_id),
    check (aterkallad is null or aterkallad >= datum),
    foreign key (forbund_id, deltagare_id) references deltagare on delete cascade
);
call lotsen_tenant_table('deltagare_samtycke');

-- True when the current user is the participant's coach or replacement (for the identity's
-- policy, which must hold even if the core forgets to check).
create function app_is_deltagare_coach(p_deltagare uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
    select exists (select 1 from deltagare d join membership m
                     on m.forbund_id = d.forbund_id and m.user_id = app_user_id() and m.aktiv
                   where d.forbund_id = app_forbund_id() and d.deltagare_id = p_deltagare
                     and app_user_id() in (d.coach_id, d.ersattare_id))
$$;
revoke all on function app_is_deltagare_coach(uuid) from public;
grant execute on function app_is_deltagare_coach(uuid) to lotsen_app;

-- A participant's identity: recorded with consent only, read by their coach only.
create table deltagare_identitet (
    forbund_id    uuid not null,
    deltagare_id  uuid not null,
    namn          text collate sv_se not null check (length(namn) between 1 and 120),
    personnummer  text check (personnummer ~ '^[0-9]{8}-[0-9]{4}$'),
    created_at    timestamptz not null default now(),
    primary key (forbund_id, deltagare_id),
    foreign key (forbund_id, deltagare_id) references deltagare_samtycke on delete cascade
);
alter table deltagare_identitet enable row level security;
create policy deltagare_identitet_coach on deltagare_identitet
    using (forbund_id = app_forbund_id() and app_is_deltagare_coach(deltagare_id))
    with check (forbund_id = app_forbund_id() and app_is_deltagare_coach(deltagare_id));
grant select, insert, update, delete on deltagare_identitet to lotsen_app;

-- A measurement: the baseline (fore), at exit (efter) or a follow-up after exit (plus3, plus6,
-- plus12). Never overwritten: a correction is a new row that names the one it replaces, which
-- is kept as history.
create table deltagare_matning (
    forbund_id      uuid not null,
    matning_id      uuid not null,
    deltagare_id    uuid not null,
    tillfalle       text not null check (tillfalle in ('fore', 'efter', 'plus3', 'plus6', 'plus12')),
    datum           date not null,
    utbildning      text check (utbildning in ('forgymnasial_under_9_ar', 'forgymnasial_9_ar',
                        'gymnasial', 'eftergymnasial_under_3_ar', 'eftergymnasial_3_ar_eller_mer',
                        'okand')),
    tid_offentlig   text check (tid_offentlig in ('ingen', 'under_1_ar', '1_till_2_ar',
                        '2_till_5_ar', 'over_5_ar', 'okand')),
    sjalvskattning  integer check (sjalvskattning between 1 and 10),
    ersatter        uuid,
    ersatt          boolean not null default false,
    registrerad_av  uuid references app_user,
    created_at      timestamptz not null default now(),
    primary key (forbund_id, matning_id),
    foreign key (forbund_id, deltagare_id) references deltagare on delete cascade,
    foreign key (forbund_id, ersatter) references deltagare_matning
);
create unique index deltagare_matning_gallande_key on deltagare_matning (forbund_id, deltagare_id, tillfalle)
    where not ersatt;
call lotsen_tenant_table('deltagare_matning', 'select, insert, update');

create table deltagare_forsorjning (
    forbund_id  uuid not null,
    matning_id  uuid not null,
    kalla       text not null check (kalla in ('sjukpenning', 'aktivitetsersattning', 'sjukersattning',
                    'a_kassa', 'aktivitetsstod', 'etableringsersattning', 'forsorjningsstod', 'lon',
                    'studiemedel', 'annan', 'ingen', 'okand')),
    omfattning  integer not null check (omfattning between 0 and 100),
    primary key (forbund_id, matning_id, kalla),
    foreign key (forbund_id, matning_id) references deltagare_matning on delete cascade
);
call lotsen_tenant_table('deltagare_forsorjning', 'select, insert');

create table deltagare_sysselsattning (
    forbund_id  uuid not null,
    matning_id  uuid not null,
    kod         text not null check (kod in ('ingen', 'sjukskriven', 'arbetstraning_praktik',
                    'arbetsmarknadsinsats', 'aktivt_arbetssokande', 'studier',
                    'subventionerat_arbete', 'forvarvsarbete', 'annan', 'okand')),
    omfattning  integer not null check (omfattning between 0 and 100),
    primary key (forbund_id, matning_id, kod),
    foreign key (forbund_id, matning_id) references deltagare_matning on delete cascade
);
call lotsen_tenant_table('deltagare_sysselsattning', 'select, insert');

-- The coach's timeline: meetings, arbetsträning/praktik and other support.
create table deltagare_aktivitet (
    forbund_id      uuid not null,
    aktivitet_id    uuid not null,
    deltagare_id    uuid not null,
    typ             text not null check (typ in ('mote', 'arbetstraning', 'stod')),
    motestyp        text check (motestyp in ('kartlaggning', 'rehabilitering', 'avstamning',
                        'avslutande', 'ovrigt')),
    datum           date not null,
    till            date,
    parter          text[] not null default '{}'
                        check (parter <@ array['fk', 'af', 'kommun', 'region', 'annan']),
    plats           text not null default '' check (length(plats) <= 200),
    omfattning      integer check (omfattning between 0 and 100),
    anteckning      text not null default '' check (length(anteckning) <= 2000),
    registrerad_av  uuid references app_user,
    created_at      timestamptz not null default now(),
    primary key (forbund_id, aktivitet_id),
    check ((typ = 'mote') = (motestyp is not null)),
    check (till is null or datum <= till),
    foreign key (forbund_id, deltagare_id) references deltagare on delete cascade
);
create index deltagare_aktivitet_idx on deltagare_aktivitet (forbund_id, deltagare_id, datum);
call lotsen_tenant_table('deltagare_aktivitet');

-- The participant's history: status changes, corrections and consent events, for the timeline
-- and as the correction trail. Codes only, never content.
create table deltagare_handelse (
    forbund_id    uuid not null,
    handelse_id   uuid not null,
    deltagare_id  uuid not null,
    typ           text not null check (typ ~ '^[a-z_]{1,40}$'),
    datum         date not null default lotsen_today(),
    av            uuid references app_user,
    created_at    timestamptz not null default now(),
    primary key (forbund_id, handelse_id),
    foreign key (forbund_id, deltagare_id) references deltagare on delete cascade
);
create index deltagare_handelse_idx on deltagare_handelse (forbund_id, deltagare_id, created_at);
call lotsen_tenant_table('deltagare_handelse', 'select, insert');
