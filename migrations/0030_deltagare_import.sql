-- Participant import from a coach's Excel list (issue 16 §5, DESIGN §6.4b). Each imported
-- participant carries a stable hash of its row (förbund, insats, the row's normalised content
-- and how many identical rows came before it), so importing the same file again creates
-- nothing. The upload page keeps a file between preview and import in `import_fil`, which so
-- far held only ärende logs for a LOKUS group: a kept file is now for a group or for an insats.

alter table deltagare add column import_hash bytea;
create unique index deltagare_import_hash_key on deltagare (forbund_id, import_hash)
    where import_hash is not null;

alter table import_fil alter column lokus_id drop not null;
alter table import_fil add column insats_id uuid;
alter table import_fil add constraint import_fil_insats_fkey
    foreign key (forbund_id, insats_id) references insats on delete cascade;
alter table import_fil add constraint import_fil_one_target
    check (num_nonnulls(lokus_id, insats_id) = 1);
