-- The SIP lists and the start page read the open records of a förbund, and the list those
-- changed within a year (issue 17): partial indexes keep both independent of the förbund's
-- history of ended SIPs, and the due actions are found by the open ones' ids.
create index sip_oppen_idx on sip (forbund_id, lokus_id)
    where status in ('initierad', 'kallad', 'genomford', 'uppfoljd');
create index sip_andrad_idx on sip (forbund_id, updated_at);
create index sip_atgard_oppen_idx on sip_atgard (forbund_id, sip_id, senast)
    where status in ('planerad', 'pagar');
