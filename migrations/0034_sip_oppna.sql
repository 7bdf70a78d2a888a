-- What the SIP lists and the start page read (issue 17), kept cheap at any number of SIPs:
-- * `sip.forfaller`, the first date something is due on an open record — its next follow-up,
--   its earliest open action, or (held with no follow-up booked) its initiative — kept by
--   triggers on `sip` and `sip_atgard`, so a coordinator's start page finds the due records of
--   their groups by index and reads only the few it shows;
-- * partial indexes on the open records and the open actions, and the records changed within
--   a year (the list), so the cost follows the förbund's current SIPs, not its history.
alter table sip add column forfaller date;

create function lotsen_sip_forfaller(f uuid, s uuid, status text, nasta date, aterkallat date,
                                     initierad date) returns date
language sql stable as $$
    select case when status in ('initierad', 'kallad', 'genomford', 'uppfoljd') and aterkallat is null
           then least(nasta,
                      (select min(t.senast) from sip_atgard t
                       where t.forbund_id = f and t.sip_id = s and t.status in ('planerad', 'pagar')),
                      case when status in ('genomford', 'uppfoljd') and nasta is null then initierad end)
           end
$$;

create function lotsen_sip_satt_forfaller() returns trigger language plpgsql as $$
begin
    new.forfaller := lotsen_sip_forfaller(new.forbund_id, new.sip_id, new.status,
                                          new.nasta_uppfoljning, new.samtycke_aterkallat, new.initierad);
    return new;
end
$$;
create trigger sip_forfaller before insert or update on sip
    for each row execute function lotsen_sip_satt_forfaller();

create function lotsen_sip_atgard_andrad() returns trigger language plpgsql as $$
begin
    update sip set forfaller = null
    where forbund_id = coalesce(new.forbund_id, old.forbund_id)
      and sip_id = coalesce(new.sip_id, old.sip_id);
    return null;
end
$$;
create trigger sip_atgard_forfaller after insert or update or delete on sip_atgard
    for each row execute function lotsen_sip_atgard_andrad();

update sip set forfaller = null;

create index sip_forfaller_idx on sip (forbund_id, lokus_id, forfaller) where forfaller is not null;
create index sip_oppen_idx on sip (forbund_id, lokus_id)
    where status in ('initierad', 'kallad', 'genomford', 'uppfoljd');
create index sip_andrad_idx on sip (forbund_id, updated_at);
create index sip_atgard_oppen_idx on sip_atgard (forbund_id, sip_id, senast)
    where status in ('planerad', 'pagar');
