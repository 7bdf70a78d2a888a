-- A CSV file of lots-ärenden uploaded for import (DESIGN §6.4), kept between the preview and
-- the coordinator's "Importera" for at most an hour. Only the person who uploaded it reads
-- it (the queries also name `skapad_av`); it is deleted when imported or discarded, and
-- expired files are deleted by the next upload in the förbund.

create table import_fil (
    forbund_id     uuid not null,
    import_fil_id  uuid not null,
    lokus_id       uuid not null,
    skapad_av      uuid not null references app_user,
    innehall       bytea not null check (length(innehall) <= 20 * 1024 * 1024),
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null default now() + interval '1 hour',
    primary key (forbund_id, import_fil_id),
    foreign key (forbund_id, lokus_id) references lokus_grupp
);
create index import_fil_expires_idx on import_fil (forbund_id, expires_at);

alter table import_fil enable row level security;
create policy import_fil_tenant on import_fil
    using (forbund_id = app_forbund_id()) with check (forbund_id = app_forbund_id());
grant select, insert, delete on import_fil to lotsen_app;
