-- Statistics exports are audited with the selection they covered (period, format,
-- suppression), as codes and dates only: never names or free text.
alter table audit_event
    add column urval text check (urval ~ '^[a-z0-9_=;.:-]{1,200}$');

-- The statistics count each ärende once per action code: this index answers "which codes
-- has this ärende" without visiting the action rows (their notes make the table wide).
create index atgard_statistik_idx on atgard (forbund_id, arende_id, kod);
