-- Issue 14, measured at a million ärenden (docs/benchmarks.md):
-- 1. The list orders within a date by number (lopnummer). The date-order indexes of 0003/0004
--    ended with the id, so a page's order needed every row from the table; with lopnummer in
--    the key the page's ids come from the index alone again.
-- 2. The start page counts each group's raised ärenden dated by its next meeting and not yet on
--    its agenda; with the date and the id in the partial index that is an index-only scan.
drop index arende_inkom_idx;
create index arende_inkom_idx on arende (forbund_id, inkom desc, lopnummer desc, arende_id desc);

drop index arende_oppna_idx;
create index arende_oppna_idx on arende (forbund_id, inkom desc, lopnummer desc, arende_id desc)
    include (lokus_id) where status <> 'avslutad';

drop index arende_lokus_inkom_idx;
create index arende_lokus_inkom_idx on arende (forbund_id, lokus_id, inkom desc, lopnummer desc, arende_id desc);

drop index arende_flaggad_idx;
create index arende_flaggad_idx on arende (forbund_id, lokus_id, flaggad_datum) include (arende_id)
    where flaggad;
