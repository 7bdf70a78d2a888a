-- Statistics are audited with the selection they covered (period, suppression, format). The
-- check admits exactly that structure, so the column can never hold a name or free text.
alter table audit_event
    add column urval text constraint audit_event_urval_check check (urval ~
        '^fran=[0-9]{4}-[0-9]{2}-[0-9]{2};till=[0-9]{4}-[0-9]{2}-[0-9]{2};undertryck=[01](;format=(csv|xlsx))?$');

-- The statistics count each ärende once per action code: this index answers "which codes
-- has this ärende" without visiting the action rows (their notes make the table wide).
create index atgard_statistik_idx on atgard (forbund_id, arende_id, kod);
