-- Every logged-in request starts with lotsen_session_load. As an SQL function with its own
-- search_path it cannot be inlined, and PostgreSQL planned its five-table query afresh on every
-- call; PL/pgSQL keeps the plan for the life of the connection. Measured at a million ärenden:
-- 1 000 calls took 2.9–3.3 s before and 0.8–1.0 s after (docs/benchmarks.md). Same signature,
-- same result, same privileges (create or replace keeps them).
create or replace function lotsen_session_load(p_hash bytea)
returns table (
    user_id uuid, forbund_id uuid, csrf_token text, last_seen_at timestamptz,
    namn text, epost text, aktiv boolean, maste_byta_losenord boolean, systemadmin boolean,
    forbund_namn text, forbund_slug text, idle_minuter integer, membership_aktiv boolean,
    membership_count bigint, roller text[], lokus_ids uuid[]
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
    return query
    select s.user_id, s.forbund_id, s.csrf_token, s.last_seen_at,
           u.namn::text, u.epost::text, u.aktiv, u.maste_byta_losenord, u.systemadmin,
           f.namn::text, f.slug::text, f.session_idle_minuter, m.aktiv,
           (select count(*) from membership mm where mm.user_id = s.user_id and mm.aktiv),
           coalesce((select array_agg(r.roll order by r.roll, r.lokus_id) from role_assignment r
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}'),
           coalesce((select array_agg(r.lokus_id order by r.roll, r.lokus_id) from role_assignment r
                     where r.forbund_id = s.forbund_id and r.user_id = s.user_id), '{}')
    from session s
    join app_user u on u.user_id = s.user_id
    left join forbund f on f.forbund_id = s.forbund_id
    left join membership m on m.forbund_id = s.forbund_id and m.user_id = s.user_id
    where s.session_hash = p_hash;
end
$$;
