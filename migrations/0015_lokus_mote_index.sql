-- The LOKUS meeting page counts the group's ärenden lifted to LOKUS and closed since the
-- previous meeting and this year. At a million ärenden both counts read every row of the group
-- (1.1 s for the page); these two partial indexes make them range scans.
create index arende_handelse_flaggad_idx on arende_handelse (forbund_id, created_at)
    where typ = 'flaggad';
create index arende_avslutad_idx on arende (forbund_id, lokus_id, avslutad_datum)
    where avslutad_datum is not null;
