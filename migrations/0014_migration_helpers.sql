-- Helpers for later migrations, so that a new feature's table is one line each (see
-- migrations/README.md). They run as the owner inside migrations and are not granted to the app.

-- Makes `t` a tenant table: row-level security on `forbund_id`, and the app's grants.
create procedure lotsen_tenant_table(t regclass, privileges text default 'select, insert, update, delete')
language plpgsql as $$
declare name text := (select relname from pg_class where oid = t);
begin
    execute format('alter table %s enable row level security', t);
    execute format('create policy %I on %s using (forbund_id = app_forbund_id()) '
                   'with check (forbund_id = app_forbund_id())', name || '_tenant', t);
    execute format('grant %s on %s to lotsen_app', privileges, t);
end
$$;

-- Keeps `updated_at` of `t` current on every update.
create procedure lotsen_updated_at(t regclass)
language plpgsql as $$
declare name text := (select relname from pg_class where oid = t);
begin
    execute format('create trigger %I before update on %s for each row execute function set_updated_at()',
                   name || '_updated_at', t);
end
$$;

revoke all on procedure lotsen_tenant_table(regclass, text) from public;
revoke all on procedure lotsen_updated_at(regclass) from public;

-- Swedish local time, in one place: every "today" and every local clock time that Lotsen's
-- queries show or compute goes through these (simple SQL functions, inlined by the planner).
create function lotsen_today() returns date
language sql stable as $$ select (now() at time zone 'Europe/Stockholm')::date $$;
-- A moment as Swedish wall-clock time.
create function lotsen_local(t timestamptz) returns timestamp
language sql stable as $$ select t at time zone 'Europe/Stockholm' $$;
-- A Swedish wall-clock time as a moment.
create function lotsen_from_local(t timestamp) returns timestamptz
language sql stable as $$ select t at time zone 'Europe/Stockholm' $$;
grant execute on function lotsen_today(), lotsen_local(timestamptz), lotsen_from_local(timestamp)
    to lotsen_app;
