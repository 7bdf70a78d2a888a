-- Each import of a CSV file that created ärenden (DESIGN §6.4), and on each ärende the import
-- that created it, so that "Visa ärendena" after an import lists exactly those ärenden
-- (`/arenden?import=…`, with "Importerade <datum>: N ärenden"). Ärenden registered in Lotsen
-- and rows imported before this migration have none.

create table arende_import (
    forbund_id  uuid not null,
    import_id   uuid not null,
    lokus_id    uuid not null,
    -- Null for the command line, which imports as no person.
    skapad_av   uuid references app_user,
    antal       integer not null check (antal > 0),
    created_at  timestamptz not null default now(),
    primary key (forbund_id, import_id),
    foreign key (forbund_id, lokus_id) references lokus_grupp
);
call lotsen_tenant_table('arende_import', 'select, insert');

alter table arende add column import_id uuid;
alter table arende add constraint arende_import_fkey
    foreign key (forbund_id, import_id) references arende_import;
create index arende_import_idx on arende (forbund_id, import_id) where import_id is not null;
