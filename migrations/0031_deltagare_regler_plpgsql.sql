-- The report-group rules of migration 0029 as PL/pgSQL loops over the arrays. The SQL versions
-- (subqueries over unnest) cannot be inlined, and PostgreSQL ran each call through its own
-- executor: about 0.2 ms a call, two seconds for a year of one insats at 100 000 participants
-- (docs/benchmarks.md). Same rules, same results (tests/deltagare_siffror/regler.rs).

create or replace function lotsen_sysselsattning_topp(koder text[], omfattning integer[])
returns integer language plpgsql immutable parallel safe as $$
declare
    best integer;
    s integer;
begin
    for i in 1 .. coalesce(array_length(koder, 1), 0) loop
        s := lotsen_sysselsattning_steg(koder[i]);
        if s is not null and (best is null or s * 1000 + omfattning[i] > best) then
            best := s * 1000 + omfattning[i];
        end if;
    end loop;
    return best;
end
$$;

create or replace function lotsen_stegforflyttning(
    fore_koder text[], fore_omfattning integer[], efter_koder text[], efter_omfattning integer[]
) returns text language plpgsql immutable parallel safe as $$
declare
    a integer := lotsen_sysselsattning_topp(fore_koder, fore_omfattning);
    b integer := lotsen_sysselsattning_topp(efter_koder, efter_omfattning);
begin
    return case
        when a is null or b is null then 'okand'
        when b > a then 'framat'
        when b < a then 'bakat'
        else 'oforandrad'
    end;
end
$$;

create or replace function lotsen_forsorjning_huvudgrupp(kallor text[], omfattning integer[])
returns text language plpgsql immutable parallel safe as $$
declare
    ordning constant text[] := array['ohalsa', 'arbetsmarknadsstod', 'ekonomiskt_bistand',
                                     'ingen_offentlig', 'okand'];
    summa integer[] := array[null, null, null, null, null]::integer[];
    g integer;
    best integer;
begin
    for i in 1 .. coalesce(array_length(kallor, 1), 0) loop
        g := array_position(ordning, lotsen_forsorjning_grupp(kallor[i]));
        summa[g] := coalesce(summa[g], 0) + omfattning[i];
    end loop;
    -- The largest sum; at a tie the group first in the order (a strict > keeps it).
    for k in 1 .. 5 loop
        if summa[k] is not null and (best is null or summa[k] > summa[best]) then
            best := k;
        end if;
    end loop;
    return coalesce(ordning[best], 'okand');
end
$$;

create or replace function lotsen_sysselsattningsgrupp(koder text[], omfattning integer[])
returns text language plpgsql immutable parallel safe as $$
declare
    ordning constant text[] := array['forvarvsarbete', 'studier', 'aktivt_arbetssokande', 'ovriga'];
    best_steg integer;
    best_omf integer;
    best_grupp text;
    s integer;
    g text;
    better boolean;
begin
    for i in 1 .. coalesce(array_length(koder, 1), 0) loop
        continue when koder[i] = 'okand';
        s := lotsen_sysselsattning_steg(koder[i]);
        g := lotsen_sysselsattning_grupp(koder[i]);
        -- Order: step descending (no step last), omfattning descending, then the group order.
        better := best_grupp is null
            or (s is not null and best_steg is null)
            or (s is not distinct from best_steg and omfattning[i] > best_omf)
            or (s is not null and best_steg is not null and s > best_steg)
            or (s is not distinct from best_steg and omfattning[i] = best_omf
                and array_position(ordning, g) < array_position(ordning, best_grupp));
        if better then
            best_steg := s;
            best_omf := omfattning[i];
            best_grupp := g;
        end if;
    end loop;
    return best_grupp;
end
$$;
