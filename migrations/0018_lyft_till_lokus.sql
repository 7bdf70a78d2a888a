-- "Lyft till LOKUS" is one concept (issue 14): the action and the flag that puts the ärende on
-- the group's agenda are the same thing. Until now the action was recorded without flagging
-- and flagging recorded no action, so the statistics' `atgarder` row `lyft_till_lokus` and
-- the agendas disagreed. This makes the history agree both ways:
--   1. every raise (a 'flaggad' event that starts a flag, or a flag without any event) has a
--      "lyft_till_lokus" action, by the same person on the same day;
--   2. every "lyft_till_lokus" action has its flag history: recent ones (90 days) on open,
--      unflagged ärenden are raised now, as the coordinator asked for; older ones, closed
--      ärenden and ärenden already raised get a raise and an end in the timeline, saying why.
-- An action and a raise belong together when the raise happened between the action's own date
-- and the day it was recorded, give or take a day (an action may be dated back, an imported
-- one is recorded long after, and the demo records them hours apart).

create temp table lyft_start on commit drop as
select h.forbund_id, h.arende_id, h.user_id, h.created_at, lotsen_local(h.created_at)::date as dag
from (
    select h.*, lag(h.typ) over (partition by h.forbund_id, h.arende_id order by h.handelse_id) as forra
    from arende_handelse h
    where h.typ in ('flaggad', 'avflaggad')
) h
where h.typ = 'flaggad' and h.forra is distinct from 'flaggad';

-- Flags without any event (none are known, but the column allowed it).
insert into lyft_start
select a.forbund_id, a.arende_id, a.skapad_av, a.updated_at, a.flaggad_datum
from arende a
where a.flaggad and not exists (
    select 1 from arende_handelse h
    where h.forbund_id = a.forbund_id and h.arende_id = a.arende_id and h.typ = 'flaggad');

-- The actions as they were before this migration (step 2 must not see step 1's).
create temp table lyft_atgard on commit drop as
select t.forbund_id, t.atgard_id, t.arende_id, t.datum, t.anteckning, t.skapad_av, t.created_at,
       lotsen_local(t.created_at)::date as dag
from atgard t where t.kod = 'lyft_till_lokus';

-- 1. Raises without the action.
insert into atgard (forbund_id, atgard_id, arende_id, kod, datum, anteckning, skapad_av, created_at)
select s.forbund_id, gen_random_uuid(), s.arende_id, 'lyft_till_lokus',
       greatest(least(s.dag, coalesce(a.flaggad_datum, s.dag)), a.inkom), '', s.user_id, s.created_at
from lyft_start s
join arende a on a.forbund_id = s.forbund_id and a.arende_id = s.arende_id
where not exists (
    select 1 from lyft_atgard t
    where t.forbund_id = s.forbund_id and t.arende_id = s.arende_id
      and s.dag between t.datum - 1 and t.dag + 1);

-- 2. Actions without a raise.
create temp table lyft_utan on commit drop as
select t.*, a.status, a.flaggad,
       row_number() over (partition by t.forbund_id, t.arende_id order by t.datum desc, t.created_at desc) as senast,
       coalesce(nullif(t.anteckning, ''), 'Lyft till LOKUS') as fraga
from lyft_atgard t
join arende a on a.forbund_id = t.forbund_id and a.arende_id = t.arende_id
where not exists (
    select 1 from lyft_start s
    where s.forbund_id = t.forbund_id and s.arende_id = t.arende_id
      and s.dag between t.datum - 1 and t.dag + 1);

-- 2a. The latest recent one of an open, unflagged ärende is raised now.
create temp table lyft_nu on commit drop as
select * from lyft_utan
where senast = 1 and status <> 'avslutad' and not flaggad and datum >= lotsen_today() - 90;

update arende a set flaggad = true, lokus_fraga = n.fraga, flaggad_datum = n.datum
from lyft_nu n
where a.forbund_id = n.forbund_id and a.arende_id = n.arende_id;

insert into arende_handelse (forbund_id, arende_id, typ, text, user_id, created_at)
select forbund_id, arende_id, 'flaggad', fraga, skapad_av, created_at from lyft_nu;

-- 2b. The others get their raise and its end in the timeline.
insert into arende_handelse (forbund_id, arende_id, typ, text, user_id, created_at)
select u.forbund_id, u.arende_id, h.typ, coalesce(h.text, u.fraga), u.skapad_av, u.created_at + h.efter
from lyft_utan u
cross join (values
    ('flaggad', null, interval '0'),
    ('avflaggad', 'Nådde aldrig gruppens dagordning: åtgärden flaggade inte ärendet före december 2026.',
     interval '1 second')) h(typ, text, efter)
where not exists (select 1 from lyft_nu n where n.atgard_id = u.atgard_id)
order by u.created_at, h.efter;
