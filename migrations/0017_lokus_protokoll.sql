-- Issue 14: the LOKUS protokoll at real size. § numbers that run through the group's calendar
-- year (given when the chair justerar), who was present (members ticked, others as text), a
-- justerare who confirms in Lotsen (the protokoll is justerat only then, unless the group has
-- decided that its chair justerar alone), and bordläggning: a decision that keeps the ärende on
-- the group's agenda for the next meeting.

alter table lokus_grupp
    add column ordforande_justerar_ensam boolean not null default false;

alter table lokus_mote
    -- Others present, as free text (no personnummer, as every free text).
    add column narvarande_ovriga text not null default '' check (length(narvarande_ovriga) <= 1000),
    add column justerare_id uuid references app_user,
    -- The chair's step: the chair (`justerat_av`) has justerat; with a justerare the protokoll
    -- waits for them and changes no more, until they confirm or the chair takes it back.
    add column ordforande_justerat_at timestamptz,
    -- The justerare's step: with it the meeting becomes `justerat`.
    add column justerare_justerat_at timestamptz,
    add constraint lokus_mote_justerare_steg
        check (justerare_justerat_at is null or (justerare_id is not null and ordforande_justerat_at is not null));

alter table lokus_punkt
    add column bordlagd boolean not null default false,
    -- The § number in the protokoll, fixed when the chair justerar; null until then and for
    -- removed items.
    add column paragraf integer check (paragraf > 0),
    add constraint lokus_punkt_bordlagd check (not bordlagd or (arende_id is not null and beslut <> ''));

-- The members ticked as present at a meeting.
create table lokus_narvaro (
    forbund_id  uuid not null,
    mote_id     uuid not null,
    user_id     uuid not null references app_user,
    created_at  timestamptz not null default now(),
    primary key (forbund_id, mote_id, user_id),
    foreign key (forbund_id, mote_id) references lokus_mote on delete cascade
);
call lotsen_tenant_table('lokus_narvaro', 'select, insert, delete');
create trigger lokus_narvaro_las before insert or update or delete on lokus_narvaro
    for each row execute function lokus_mote_las();

-- The protokoll already justerat get their § numbers: per group and calendar year in the order
-- the meetings were held, each meeting's items in agenda order. The wall that keeps a justerat
-- meeting unchanged steps aside for this one statement.
alter table lokus_punkt disable trigger lokus_punkt_las;
update lokus_punkt p set paragraf = x.n
  from (select p.forbund_id, p.punkt_id,
               row_number() over (partition by m.forbund_id, m.lokus_id, extract(year from m.datum)
                                  order by m.datum, m.tid, m.mote_id, p.ordning, p.created_at, p.punkt_id) as n
          from lokus_punkt p join lokus_mote m using (forbund_id, mote_id)
         where m.status = 'justerat' and not p.borttagen) x
 where p.forbund_id = x.forbund_id and p.punkt_id = x.punkt_id;
alter table lokus_punkt enable trigger lokus_punkt_las;
