-- Statistics exports are audited with the selection they covered (period, format,
-- suppression), as codes and dates only: never names or free text.
alter table audit_event
    add column urval text check (urval ~ '^[a-z0-9_=;.:-]{1,200}$');
