-- SIP records for measuring the pages that read them (docs/benchmarks.md, issue 17): 5 000
-- records on the newest ärenden of Fjärdlunda's groups (many years of a large förbund), each
-- with FK's and the kommun's unit invited and present, a planning meeting and two actions. The
-- newest 400 are open (kallad, genomförd or uppföljd, a follow-up booked around today, one
-- action late and one due), the rest avslutad with their actions done. Run as the owner on a
-- seeded data directory:
--   psql -h "$LOTSEN_DATA_DIR/pg/run" -U lotsen lotsen -f bench/sip_records.sql
begin;
delete from sip where forbund_id = (select forbund_id from forbund where slug = 'fjardlunda');
with f as (select forbund_id from forbund where slug = 'fjardlunda'),
a as (
    select a.forbund_id, a.arende_id, a.lokus_id, a.inkom,
           row_number() over (order by a.inkom desc, a.arende_id) as n
    from arende a join f using (forbund_id)
    order by a.inkom desc, a.arende_id limit 5000
),
s as (
    insert into sip (forbund_id, sip_id, lokus_id, arende_id, status, initierad, initierad_av,
                     sammankallande_part, samtycke_datum, samtycke_form, samtycke_parter,
                     kallad_till, individen_deltog, nasta_uppfoljning)
    select forbund_id, gen_random_uuid(), lokus_id, arende_id,
           case when n <= 400 then (array['kallad', 'genomford', 'uppfoljd'])[1 + n % 3]
                else 'avslutad' end,
           least(inkom + 3, lotsen_today()), 'kommun', 'kommun', least(inkom + 3, lotsen_today()),
           'skriftligt', array['fk', 'kommun'], least(inkom + 10, lotsen_today()), true,
           case when n <= 400 and n % 3 <> 0 then lotsen_today() + (n % 40)::int - 10 end
    from a
    returning forbund_id, sip_id, initierad, kallad_till, status
),
p as (
    insert into sip_part (forbund_id, sip_part_id, sip_id, part, enhet_id, narvarande)
    select s.forbund_id, gen_random_uuid(), s.sip_id, o.part, e.enhet_id, true
    from s
    join enhet e on e.forbund_id = s.forbund_id and e.namn in ('Sjukpenning', 'Försörjningsstöd')
    join organisation o on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id
        and o.namn in ('Försäkringskassan LFC Västerlän', 'Stenbäcks kommun, socialförvaltningen')
    returning sip_id
),
m as (
    insert into sip_mote (forbund_id, mote_id, sip_id, typ, datum)
    select forbund_id, gen_random_uuid(), sip_id, 'planering', kallad_till from s
    returning sip_id
)
insert into sip_atgard (forbund_id, atgard_id, sip_id, text, part, senast, status, klar_datum)
select s.forbund_id, gen_random_uuid(), s.sip_id, x.text, x.part,
       case when s.status = 'avslutad' then s.kallad_till + 30 else lotsen_today() + x.dagar end,
       case when s.status = 'avslutad' then 'klar' else 'planerad' end,
       case when s.status = 'avslutad' then s.kallad_till + 20 end
from s cross join (values ('Utreda rätt till ersättning', 'fk', -3),
                          ('Ordna arbetsträning', 'kommun', 7)) as x(text, part, dagar);
commit;
analyze sip; analyze sip_part; analyze sip_mote; analyze sip_atgard;
select count(*) as sip from sip;
