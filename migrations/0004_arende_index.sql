-- The coordinator's ärende list at national scale (docs/benchmarks.md, a million ärenden).
-- The list shows the ärenden of all the coordinator's LOKUS groups in one date order; the
-- group-first index of 0003 gives a date order per group only, so with two groups every
-- matching ärende was fetched and sorted.

-- Any status, newest (or oldest) first across groups: the first page reads a page's worth.
create index arende_inkom_idx on arende (forbund_id, inkom desc, arende_id desc);

-- The list's default, open ärenden only (the query spells the predicate the same way).
create index arende_oppna_idx on arende (forbund_id, inkom desc, arende_id desc) include (lokus_id)
    where status <> 'avslutad';

-- Counting the open ärenden of some groups reads this small index instead of every ärende
-- the groups ever had.
create index arende_oppna_lokus_idx on arende (forbund_id, lokus_id) where status <> 'avslutad';

-- The intake form (also rendered with the list and the detail page) starts from the
-- coordinator's last ärende; the list's "Mina egna" filters on the same column.
create index arende_skapad_av_idx on arende (forbund_id, skapad_av, created_at desc);

-- The intake form offers the förbund's handläggare codes in order (at most 500 of them).
create index handlaggare_kod_idx on handlaggare (forbund_id, kod);
