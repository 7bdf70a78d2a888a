-- The participant figures (issue 16 §4) are counted in SQL: the report-group rules of
-- `lotsen_domain::deltagare` as pure functions over a measurement's codes and omfattning
-- (tests/deltagare_siffror/regler.rs checks them against the domain's functions case by case).
-- Immutable, so PostgreSQL inlines them into the figure queries.

-- A försörjningskälla's SCB group (`Forsorjningskalla::grupp`).
create function lotsen_forsorjning_grupp(kalla text) returns text
language sql immutable parallel safe as $$
    select case
        when kalla in ('sjukpenning', 'aktivitetsersattning', 'sjukersattning') then 'ohalsa'
        when kalla in ('a_kassa', 'aktivitetsstod', 'etableringsersattning') then 'arbetsmarknadsstod'
        when kalla = 'forsorjningsstod' then 'ekonomiskt_bistand'
        when kalla in ('lon', 'studiemedel', 'annan', 'ingen') then 'ingen_offentlig'
        else 'okand'
    end
$$;

-- A measurement's main group (`huvudgrupp`): the group with the largest total omfattning, ties
-- in the order ohälsa, arbetsmarknadsstöd, ekonomiskt bistånd, ingen offentlig, okänd; no
-- sources is okänd.
create function lotsen_forsorjning_huvudgrupp(kallor text[], omfattning integer[]) returns text
language sql immutable parallel safe as $$
    select coalesce((
        select g.grupp
        from (select lotsen_forsorjning_grupp(u.kalla) as grupp, sum(u.omfattning) as summa
              from unnest(kallor, omfattning) as u(kalla, omfattning)
              group by 1) g
        order by g.summa desc,
                 array_position(array['ohalsa', 'arbetsmarknadsstod', 'ekonomiskt_bistand',
                                      'ingen_offentlig', 'okand'], g.grupp)
        limit 1), 'okand')
$$;

-- A sysselsättning's step on the ladder towards work (`Sysselsattning::steg`); null for annan
-- and okänd.
create function lotsen_sysselsattning_steg(kod text) returns integer
language sql immutable parallel safe as $$
    select case
        when kod in ('ingen', 'sjukskriven') then 0
        when kod in ('arbetstraning_praktik', 'arbetsmarknadsinsats') then 1
        when kod = 'aktivt_arbetssokande' then 2
        when kod in ('studier', 'subventionerat_arbete') then 3
        when kod = 'forvarvsarbete' then 4
    end
$$;

-- A sysselsättning's SUS report group (`Sysselsattning::grupp`).
create function lotsen_sysselsattning_grupp(kod text) returns text
language sql immutable parallel safe as $$
    select case
        when kod in ('forvarvsarbete', 'subventionerat_arbete') then 'forvarvsarbete'
        when kod = 'studier' then 'studier'
        when kod = 'aktivt_arbetssokande' then 'aktivt_arbetssokande'
        else 'ovriga'
    end
$$;

-- A measurement's one report group (`sysselsattningsgrupp`): the group of the code highest on
-- the ladder (step, then omfattning; annan below every step), at a tie the group first in the
-- order förvärvsarbete, studier, aktivt arbetssökande, övriga; okänd alone is null.
create function lotsen_sysselsattningsgrupp(koder text[], omfattning integer[]) returns text
language sql immutable parallel safe as $$
    select lotsen_sysselsattning_grupp(u.kod)
    from unnest(koder, omfattning) as u(kod, omfattning)
    where u.kod <> 'okand'
    order by lotsen_sysselsattning_steg(u.kod) desc nulls last, u.omfattning desc,
             array_position(array['forvarvsarbete', 'studier', 'aktivt_arbetssokande', 'ovriga'],
                            lotsen_sysselsattning_grupp(u.kod))
    limit 1
$$;

-- The highest (step, omfattning) of a measurement as step · 1000 + omfattning (omfattning is
-- 0–100), null when no code has a step.
create function lotsen_sysselsattning_topp(koder text[], omfattning integer[]) returns integer
language sql immutable parallel safe as $$
    select max(lotsen_sysselsattning_steg(u.kod) * 1000 + u.omfattning)
    from unnest(koder, omfattning) as u(kod, omfattning)
$$;

-- Stegförflyttning between two measurements (`stegforflyttning`).
create function lotsen_stegforflyttning(
    fore_koder text[], fore_omfattning integer[], efter_koder text[], efter_omfattning integer[]
) returns text
language sql immutable parallel safe as $$
    select case
        when a is null or b is null then 'okand'
        when b > a then 'framat'
        when b < a then 'bakat'
        else 'oforandrad'
    end
    from (select lotsen_sysselsattning_topp(fore_koder, fore_omfattning) as a,
                 lotsen_sysselsattning_topp(efter_koder, efter_omfattning) as b) x
$$;
