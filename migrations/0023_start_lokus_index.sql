-- The start page (issue 14) at a million ärenden: a meeting's agenda items are counted from
-- an index alone, and the decisions to follow up are found by their date, not by reading every
-- decision of the coordinator's groups.
create index lokus_punkt_aktiv_idx on lokus_punkt (forbund_id, mote_id) where not borttagen;
create index lokus_punkt_uppfoljning_idx on lokus_punkt (forbund_id, uppfoljning_senast)
    where beslut <> '' and not borttagen and arende_id is not null;
