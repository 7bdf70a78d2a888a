-- SIP records (issue 17, DOMAIN-2 §3): not the plan, which stays in the region's or kommun's
-- SIP tool, but the record förbund need to follow it up: who initiated and convened it, which
-- parties were invited and took part, the goals in short de-identified words, who does what by
-- when, the meetings and the next follow-up. Linked to a lots-ärende and/or a participant's
-- enrolment; no names of anyone (roles and units only), so the person is identified only
-- through the ärende or enrolment, under their own consent and access.

create table sip (
    forbund_id           uuid not null,
    sip_id               uuid not null,
    -- The ärende's LOKUS group (null for a SIP of an enrolment alone): whose coordinators keep it.
    lokus_id             uuid,
    arende_id            uuid,
    deltagare_id         uuid,
    status               text not null default 'initierad'
                             check (status in ('initierad', 'kallad', 'genomford', 'uppfoljd',
                                               'avslutad', 'installd')),
    installd_orsak       text check (installd_orsak in ('individen_avbojde', 'samtycke_aterkallat',
                                                        'behovet_upphorde', 'annat')),
    initierad            date not null,
    initierad_av         text not null
                             check (initierad_av in ('fk', 'af', 'kommun', 'region', 'individ', 'annan')),
    initierad_enhet_id   uuid,
    sammankallande_part  text not null check (sammankallande_part in ('fk', 'af', 'kommun', 'region', 'annan')),
    sammankallande_enhet_id uuid,
    sammankallande_roll  text not null default '' check (length(sammankallande_roll) <= 200),
    planering_part       text check (planering_part in ('fk', 'af', 'kommun', 'region', 'annan')),
    planering_enhet_id   uuid,
    planering_roll       text not null default '' check (length(planering_roll) <= 200),
    kallad_till          date,
    individen_deltog     boolean,
    narstaende_deltog    boolean,
    mal_individ          text not null default '' check (length(mal_individ) <= 1000),
    mal_professionella   text not null default '' check (length(mal_professionella) <= 1000),
    nasta_uppfoljning    date,
    samtycke_datum       date not null,
    samtycke_form        text not null check (samtycke_form in ('muntligt_dokumenterat', 'skriftligt')),
    samtycke_parter      text[] not null
                             check (samtycke_parter <@ array['fk', 'af', 'kommun', 'region', 'skola', 'annan']),
    samtycke_till        date,
    samtycke_aterkallat  date,
    skapad_av            uuid references app_user,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    primary key (forbund_id, sip_id),
    constraint sip_har_koppling check (arende_id is not null or deltagare_id is not null),
    constraint sip_installd_har_orsak check ((status = 'installd') = (installd_orsak is not null)),
    constraint sip_samtycke_efter_start check (samtycke_till is null or samtycke_till >= samtycke_datum),
    foreign key (forbund_id, lokus_id) references lokus_grupp,
    foreign key (forbund_id, arende_id) references arende,
    foreign key (forbund_id, deltagare_id) references deltagare on delete cascade,
    foreign key (forbund_id, initierad_enhet_id) references enhet (forbund_id, enhet_id),
    foreign key (forbund_id, sammankallande_enhet_id) references enhet (forbund_id, enhet_id),
    foreign key (forbund_id, planering_enhet_id) references enhet (forbund_id, enhet_id)
);
create index sip_arende_idx on sip (forbund_id, arende_id) where arende_id is not null;
create index sip_deltagare_idx on sip (forbund_id, deltagare_id) where deltagare_id is not null;
create index sip_initierad_idx on sip (forbund_id, initierad);
call lotsen_tenant_table('sip');
call lotsen_updated_at('sip');

-- The parties invited to the SIP and whether they were present at the planning meeting: a
-- party with the unit (FK, AF, a kommun's or the region's unit of the förbund) or, for a
-- verksamhet outside the register (skola, a ward), a short description.
create table sip_part (
    forbund_id   uuid not null,
    sip_part_id  uuid not null,
    sip_id       uuid not null,
    part         text not null check (part in ('fk', 'af', 'kommun', 'region', 'skola', 'annan')),
    enhet_id     uuid,
    verksamhet   text not null default '' check (length(verksamhet) <= 200),
    narvarande   boolean,
    primary key (forbund_id, sip_part_id),
    foreign key (forbund_id, sip_id) references sip on delete cascade,
    foreign key (forbund_id, enhet_id) references enhet (forbund_id, enhet_id)
);
create index sip_part_sip_idx on sip_part (forbund_id, sip_id);
create index sip_part_enhet_idx on sip_part (forbund_id, enhet_id) where enhet_id is not null;
call lotsen_tenant_table('sip_part');

-- Who does what by when: each action with the responsible party (and unit), a due date and
-- its status; `ej_genomford` carries a reason.
create table sip_atgard (
    forbund_id   uuid not null,
    atgard_id    uuid not null,
    sip_id       uuid not null,
    text         text not null check (length(text) between 1 and 500),
    part         text not null check (part in ('fk', 'af', 'kommun', 'region', 'skola', 'individ', 'annan')),
    enhet_id     uuid,
    senast       date not null,
    status       text not null default 'planerad'
                     check (status in ('planerad', 'pagar', 'klar', 'ej_genomford')),
    klar_datum   date,
    orsak        text not null default '' check (length(orsak) <= 500),
    andrad_av    uuid references app_user,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (forbund_id, atgard_id),
    constraint sip_atgard_klar_har_datum check ((status = 'klar') = (klar_datum is not null)),
    constraint sip_atgard_ej_har_orsak check (status <> 'ej_genomford' or orsak <> ''),
    foreign key (forbund_id, sip_id) references sip on delete cascade,
    foreign key (forbund_id, enhet_id) references enhet (forbund_id, enhet_id)
);
create index sip_atgard_sip_idx on sip_atgard (forbund_id, sip_id);
call lotsen_tenant_table('sip_atgard');
call lotsen_updated_at('sip_atgard');

-- The meetings held: the planning meeting and each follow-up, each with the next follow-up
-- booked at it (`nasta`, null when none was booked). A booked follow-up is on time when the
-- SIP's next meeting is held on or before that date.
create table sip_mote (
    forbund_id   uuid not null,
    mote_id      uuid not null,
    sip_id       uuid not null,
    typ          text not null check (typ in ('planering', 'uppfoljning')),
    datum        date not null,
    nasta        date check (nasta > datum),
    registrerad_av uuid references app_user,
    created_at   timestamptz not null default now(),
    primary key (forbund_id, mote_id),
    foreign key (forbund_id, sip_id) references sip on delete cascade
);
create index sip_mote_sip_idx on sip_mote (forbund_id, sip_id, datum);
call lotsen_tenant_table('sip_mote', 'select, insert');

-- The record's history: status changes and who changed what (ids only).
create table sip_handelse (
    forbund_id   uuid not null,
    handelse_id  uuid not null,
    sip_id       uuid not null,
    typ          text not null,
    datum        date not null,
    av           uuid references app_user,
    created_at   timestamptz not null default now(),
    primary key (forbund_id, handelse_id),
    foreign key (forbund_id, sip_id) references sip on delete cascade
);
create index sip_handelse_sip_idx on sip_handelse (forbund_id, sip_id, created_at);
call lotsen_tenant_table('sip_handelse', 'select, insert');
