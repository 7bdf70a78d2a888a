//! The database side: the förbund's references, and writing a checked file set-based.

use super::*;
use crate::arende::events;
use lotsen_domain::arende::Handelse;
use lotsen_domain::avsandare::serves;

/// organisation id, part, organisation name, unit id, unit name
type OrgUnitRow = (Uuid, Part, String, Option<Uuid>, Option<String>);

/// The förbund's organisations and units, each organisation marked with whether it serves
/// `lokus`'s area (its kommuner), and the kommuner a row may name.
pub(super) async fn load_refs(tx: &mut Tx, forbund: Uuid, lokus: Uuid) -> CoreResult<Refs> {
    let areas: Vec<(String, bool)> = sqlx::query_as(
        "select k.namn::text, bool_or(lk.lokus_id = $2) from lokus_kommun lk \
         join kommun k on k.kod = lk.kommun_kod where lk.forbund_id = $1 group by k.namn",
    )
    .bind(forbund)
    .bind(lokus)
    .fetch_all(&mut **tx)
    .await?;
    let group: Vec<String> = areas
        .iter()
        .filter(|(_, own)| *own)
        .map(|(n, _)| n.clone())
        .collect();
    let all: Vec<String> = areas.into_iter().map(|(n, _)| n).collect();
    let rows: Vec<OrgUnitRow> = sqlx::query_as(
        "select o.organisation_id, o.part, o.namn, e.enhet_id, e.namn from organisation o \
         left join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id \
         where o.forbund_id = $1 order by o.namn, e.namn",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;
    let mut refs = Refs::default();
    for (org, part, namn, enhet, enhet_namn) in rows {
        if refs.orgs.last().map(|o| o.id) != Some(org) {
            let in_area = serves(&namn, &group, &all);
            refs.orgs.push(Org::new(org, part, namn, in_area));
        }
        if let (Some(id), Some(n), Some(o)) = (enhet, enhet_namn, refs.orgs.last_mut()) {
            o.unit(id, n);
        }
    }
    let kommuner: Vec<(String, String)> = sqlx::query_as(
        "select k.kod, k.namn from kommun k where not k.fiktiv or exists \
         (select 1 from lokus_kommun lk where lk.forbund_id = $1 and lk.kommun_kod = k.kod)",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;
    for (kod, namn) in kommuner {
        refs.kommun_by_name.insert(key(&namn), kod.clone());
        refs.kommun_by_code.insert(kod, namn);
    }
    Ok(refs)
}

/// A unit to be created, shared by every row that names it.
pub(super) struct NewUnit {
    pub(super) id: Uuid,
    pub(super) org: Uuid,
    pub(super) name: String,
}

/// Reads, checks and (with `write`) imports the file inside the caller's transaction.
pub(super) async fn run(
    tx: &mut Tx,
    ctx: &Ctx,
    forbund: Uuid,
    lokus: Uuid,
    bytes: &[u8],
    write: bool,
) -> CoreResult<ImportReport> {
    // One file at a time per person: a second upload or import while the first is still being
    // read is refused rather than queued, so that no one can tie up the server with parallel
    // uploads.
    if let Some(person) = ctx.person() {
        let mut h = Sha256::new();
        h.update(b"lotsen-import-person");
        h.update(person.as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        let free: bool = sqlx::query_scalar("select pg_try_advisory_xact_lock($1)")
            .bind(i64::from_le_bytes(first))
            .fetch_one(&mut **tx)
            .await?;
        if !free {
            return Err(CoreError::invalid(
                "fil",
                "Du har redan en import som läses in. Vänta tills den är klar och försök igen.",
            ));
        }
    }
    if write {
        // Imports into one group queue here, so the second sees the first one's rows.
        let mut h = Sha256::new();
        h.update(b"lotsen-import-lock");
        h.update(forbund.as_bytes());
        h.update(lokus.as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(i64::from_le_bytes(first))
            .execute(&mut **tx)
            .await?;
    }
    let (lokus_kod, lokus_namn): (String, String) =
        sqlx::query_as("select kod, namn from lokus_grupp where forbund_id = $1 and lokus_id = $2")
            .bind(forbund)
            .bind(lokus)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(CoreError::NotFound)?;
    let refs = load_refs(tx, forbund, lokus).await?;
    let today = today(tx).await?;
    // Reading a large file takes a while of CPU: off the async workers, so other people's pages
    // are not held up.
    let owned = bytes.to_vec();
    let (checked, refs) = tokio::task::spawn_blocking(move || {
        let checked = check_file(&owned, &refs, today, forbund, lokus);
        (checked, refs)
    })
    .await
    .map_err(|e| CoreError::Internal(anyhow::anyhow!("reading the import file: {e}")))?;
    let mut report = ImportReport {
        lokus_id: lokus,
        lokus_kod: lokus_kod.clone(),
        lokus_namn,
        rows: checked.data_rows,
        errors: checked.errors,
        encoding: checked.encoding,
        ignored_columns: checked.ignored,
        ..ImportReport::default()
    };
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let hashes: Vec<Vec<u8>> = checked.rows.iter().map(|r| r.hash.clone()).collect();
    let existing: HashSet<Vec<u8>> = sqlx::query_scalar(
        "select import_hash from arende where forbund_id = $1 and import_hash = any($2)",
    )
    .bind(forbund)
    .bind(&hashes)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let (mut rows, old): (Vec<ValidRow>, Vec<ValidRow>) = checked
        .rows
        .into_iter()
        .partition(|r| !existing.contains(&r.hash));
    report.already = old.len();
    report.new_rows = rows.len();

    // Units to create: one per organisation and (case-insensitive) name.
    let mut new_units: Vec<NewUnit> = Vec::new();
    let mut unit_ids: HashMap<(Uuid, String), Uuid> = HashMap::new();
    for r in &rows {
        if let Avsandare::NewUnit { org, name } = &r.place {
            unit_ids.entry((*org, key(name))).or_insert_with(|| {
                let id = Uuid::now_v7();
                new_units.push(NewUnit {
                    id,
                    org: *org,
                    name: name.clone(),
                });
                id
            });
        }
    }
    let org_name = |id: Uuid| {
        refs.orgs
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.namn.clone())
            .unwrap_or_default()
    };
    report.new_units = new_units
        .iter()
        .map(|u| format!("{} – {}", org_name(u.org), u.name))
        .collect();
    report.sample = rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| preview_row(r, &refs))
        .collect();
    if !write {
        return Ok(report);
    }

    if !new_units.is_empty() {
        sqlx::query(
            "insert into enhet (forbund_id, organisation_id, enhet_id, namn) \
             select $1, o, e, n from unnest($2::uuid[], $3::uuid[], $4::text[]) as t(o, e, n)",
        )
        .bind(forbund)
        .bind(new_units.iter().map(|u| u.org).collect::<Vec<_>>())
        .bind(new_units.iter().map(|u| u.id).collect::<Vec<_>>())
        .bind(new_units.iter().map(|u| u.name.clone()).collect::<Vec<_>>())
        .execute(&mut **tx)
        .await?;
        for u in &new_units {
            audit::record(
                tx,
                AuditEntry::by(ctx, AuditAction::EnhetCreate).on("enhet", u.id),
            )
            .await?;
        }
    }
    let place_ids = |p: &Avsandare| -> (Option<Uuid>, Option<Uuid>) {
        match p {
            Avsandare::PartOnly => (None, None),
            Avsandare::Org(o) => (Some(*o), None),
            Avsandare::Unit { org, unit } => (Some(*org), Some(*unit)),
            Avsandare::NewUnit { org, name } => {
                (Some(*org), unit_ids.get(&(*org, key(name))).copied())
            }
        }
    };

    // Handläggare: found or created by organisation and code, all at once.
    let mut wanted: Vec<(Uuid, Option<Uuid>, String)> = Vec::new();
    let mut seen: HashSet<(Uuid, &str)> = HashSet::new();
    for r in &rows {
        if let (Some(kod), Some(org)) = (&r.handlaggare, r.place.org())
            && seen.insert((org, kod.as_str()))
        {
            wanted.push((org, place_ids(&r.place).1, kod.clone()));
        }
    }
    let mut handlaggare: HashMap<(Uuid, String), Uuid> = HashMap::new();
    if !wanted.is_empty() {
        sqlx::query(
            "insert into handlaggare (forbund_id, handlaggare_id, organisation_id, enhet_id, kod) \
             select $1, i, o, e, k from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) as t(i, o, e, k) \
             on conflict (forbund_id, organisation_id, kod) do nothing",
        )
        .bind(forbund)
        .bind(wanted.iter().map(|_| Uuid::now_v7()).collect::<Vec<_>>())
        .bind(wanted.iter().map(|w| w.0).collect::<Vec<_>>())
        .bind(wanted.iter().map(|w| w.1).collect::<Vec<_>>())
        .bind(wanted.iter().map(|w| w.2.clone()).collect::<Vec<_>>())
        .execute(&mut **tx)
        .await?;
        let found: Vec<(Uuid, String, Uuid)> = sqlx::query_as(
            "select h.organisation_id, h.kod::text, h.handlaggare_id from handlaggare h \
             join unnest($2::uuid[], $3::text[]) as t(o, k) on h.organisation_id = t.o and h.kod = t.k \
             where h.forbund_id = $1",
        )
        .bind(forbund)
        .bind(wanted.iter().map(|w| w.0).collect::<Vec<_>>())
        .bind(wanted.iter().map(|w| w.2.clone()).collect::<Vec<_>>())
        .fetch_all(&mut **tx)
        .await?;
        for (org, kod, id) in found {
            handlaggare.insert((org, kod), id);
        }
    }

    // Numbers: in inkom order (then file order), one update per year for the whole batch.
    rows.sort_by_key(|r| (r.inkom, r.line));
    let mut per_year: BTreeMap<i32, i32> = BTreeMap::new();
    for r in &rows {
        *per_year.entry(r.inkom.year()).or_default() += 1;
    }
    let mut next: HashMap<i32, i32> = HashMap::new();
    if !per_year.is_empty() {
        let taken: Vec<(i32, i32)> = sqlx::query_as(
            "insert into arende_nummer (forbund_id, lokus_id, ar, senaste) \
             select $1, $2, y, n from unnest($3::int4[], $4::int4[]) as t(y, n) \
             on conflict (forbund_id, lokus_id, ar) \
             do update set senaste = arende_nummer.senaste + excluded.senaste \
             returning ar, senaste",
        )
        .bind(forbund)
        .bind(lokus)
        .bind(per_year.keys().copied().collect::<Vec<_>>())
        .bind(per_year.values().copied().collect::<Vec<_>>())
        .fetch_all(&mut **tx)
        .await?;
        for (ar, senaste) in taken {
            let n = per_year.get(&ar).copied().unwrap_or(0);
            next.insert(ar, senaste - n + 1);
            report.numbers.push(NumberRange {
                year: ar,
                first: arende_nummer(ar, &lokus_kod, senaste - n + 1),
                last: arende_nummer(ar, &lokus_kod, senaste),
                count: usize::try_from(n).unwrap_or(0),
            });
        }
        report.numbers.sort_by_key(|n| n.year);
    }

    if !rows.is_empty() {
        report.import_id = Some(record::create(tx, ctx, forbund, lokus, rows.len()).await?);
    }
    for chunk in rows.chunks(BATCH) {
        let mut a = Columns {
            import_id: report.import_id,
            ..Columns::default()
        };
        for r in chunk {
            let ar = r.inkom.year();
            let seq = next.entry(ar).or_insert(1);
            let (org, enhet) = place_ids(&r.place);
            let id = Uuid::now_v7();
            a.id.push(id);
            a.ar.push(ar);
            a.seq.push(*seq);
            a.nummer.push(arende_nummer(ar, &lokus_kod, *seq));
            *seq += 1;
            a.inkom.push(r.inkom);
            a.part.push(r.part.code());
            a.org.push(org);
            a.enhet.push(enhet);
            a.handlaggare.push(match (&r.handlaggare, org) {
                (Some(kod), Some(o)) => handlaggare.get(&(o, kod.clone())).copied(),
                _ => None,
            });
            a.kon.push(r.kon.code());
            a.alder.push(r.alder);
            a.kommun.push(r.bostadskommun.clone());
            a.problem.push(r.samverkansproblem.map(|s| s.code()));
            a.beskrivning.push(r.beskrivning.clone());
            a.status.push(r.status.code());
            a.avslut.push(r.avslut.map(|x| x.code()));
            a.avslutad.push(r.avslutad_datum);
            a.hash.push(r.hash.clone());
            a.handelse
                .push(format!("Importerat från CSV-fil, rad {}.", r.line));
            // Closed in the log: the timeline says so on the day it was, as the form's
            // closing does.
            if let (Some(avslut), Some(datum)) = (r.avslut, r.avslutad_datum) {
                a.avs_arende.push(id);
                a.avs_text.push(avslut.label().to_string());
                a.avs_datum.push(Some(datum));
            }
            for c in &r.ersattning {
                a.ers_arende.push(id);
                a.ers_kod.push(c.code());
            }
            for c in &r.malgrupper {
                a.mal_arende.push(id);
                a.mal_kod.push(c.code());
            }
            // Every action of the row is a dated `atgard` row; `lyft_till_lokus` also raises
            // the ärende (`raise_lifted`).
            for c in &r.atgarder {
                a.atg_id.push(Uuid::now_v7());
                a.atg_arende.push(id);
                a.atg_kod.push(c.code());
                a.atg_datum.push(r.inkom);
            }
        }
        a.write(tx, ctx, forbund, lokus).await?;
    }

    audit::record(
        tx,
        AuditEntry::by(ctx, AuditAction::ArendeImport).on("lokus_grupp", lokus),
    )
    .await?;
    report.committed = true;
    Ok(report)
}

/// One batch of rows, column by column, for `unnest`.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) import_id: Option<Uuid>,
    pub(super) id: Vec<Uuid>,
    pub(super) ar: Vec<i32>,
    pub(super) seq: Vec<i32>,
    pub(super) nummer: Vec<String>,
    pub(super) inkom: Vec<Date>,
    pub(super) part: Vec<&'static str>,
    pub(super) org: Vec<Option<Uuid>>,
    pub(super) enhet: Vec<Option<Uuid>>,
    pub(super) handlaggare: Vec<Option<Uuid>>,
    pub(super) kon: Vec<&'static str>,
    pub(super) alder: Vec<Option<i32>>,
    pub(super) kommun: Vec<Option<String>>,
    pub(super) problem: Vec<Option<&'static str>>,
    pub(super) beskrivning: Vec<String>,
    pub(super) status: Vec<&'static str>,
    pub(super) avslut: Vec<Option<&'static str>>,
    pub(super) avslutad: Vec<Option<Date>>,
    pub(super) hash: Vec<Vec<u8>>,
    pub(super) handelse: Vec<String>,
    pub(super) avs_arende: Vec<Uuid>,
    pub(super) avs_text: Vec<String>,
    pub(super) avs_datum: Vec<Option<Date>>,
    pub(super) ers_arende: Vec<Uuid>,
    pub(super) ers_kod: Vec<&'static str>,
    pub(super) mal_arende: Vec<Uuid>,
    pub(super) mal_kod: Vec<&'static str>,
    pub(super) atg_id: Vec<Uuid>,
    pub(super) atg_arende: Vec<Uuid>,
    pub(super) atg_kod: Vec<&'static str>,
    pub(super) atg_datum: Vec<Date>,
}

impl Columns {
    async fn write(&self, tx: &mut Tx, ctx: &Ctx, forbund: Uuid, lokus: Uuid) -> CoreResult<()> {
        sqlx::query(
            "insert into arende (forbund_id, lokus_id, skapad_av, import_id, arende_id, ar, lopnummer, \
                 nummer, inkom, part, organisation_id, enhet_id, handlaggare_id, kon, alder, \
                 bostadskommun, samverkansproblem, beskrivning, status, avslut, avslutad_datum, import_hash) \
             select $1, $2, $3, $22, t.* from unnest($4::uuid[], $5::int4[], $6::int4[], $7::text[], \
                 $8::date[], $9::text[], $10::uuid[], $11::uuid[], $12::uuid[], $13::text[], \
                 $14::int4[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], \
                 $20::date[], $21::bytea[]) as t",
        )
        .bind(forbund)
        .bind(lokus)
        .bind(ctx.person())
        .bind(&self.id)
        .bind(&self.ar)
        .bind(&self.seq)
        .bind(&self.nummer)
        .bind(&self.inkom)
        .bind(&self.part)
        .bind(&self.org)
        .bind(&self.enhet)
        .bind(&self.handlaggare)
        .bind(&self.kon)
        .bind(&self.alder)
        .bind(&self.kommun)
        .bind(&self.problem)
        .bind(&self.beskrivning)
        .bind(&self.status)
        .bind(&self.avslut)
        .bind(&self.avslutad)
        .bind(&self.hash)
        .bind(self.import_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "insert into arende_ersattning (forbund_id, arende_id, kod) \
             select $1, a, k from unnest($2::uuid[], $3::text[]) as t(a, k)",
        )
        .bind(forbund)
        .bind(&self.ers_arende)
        .bind(&self.ers_kod)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "insert into arende_malgrupp (forbund_id, arende_id, kod) \
             select $1, a, k from unnest($2::uuid[], $3::text[]) as t(a, k)",
        )
        .bind(forbund)
        .bind(&self.mal_arende)
        .bind(&self.mal_kod)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "insert into atgard (forbund_id, atgard_id, arende_id, kod, datum, skapad_av) \
             select $1, i, a, k, d, $2 from unnest($3::uuid[], $4::uuid[], $5::text[], $6::date[]) as t(i, a, k, d)",
        )
        .bind(forbund)
        .bind(ctx.person())
        .bind(&self.atg_id)
        .bind(&self.atg_arende)
        .bind(&self.atg_kod)
        .bind(&self.atg_datum)
        .execute(&mut **tx)
        .await?;
        events::append_dated(tx, ctx, Handelse::Importerad, &self.id, &self.handelse, &[]).await?;
        super::lyft::raise_lifted(tx, ctx, forbund, &self.id).await?;
        events::append_dated(
            tx,
            ctx,
            Handelse::Avslutad,
            &self.avs_arende,
            &self.avs_text,
            &self.avs_datum,
        )
        .await?;
        Ok(())
    }
}

pub(super) fn preview_row(r: &ValidRow, refs: &Refs) -> PreviewRow {
    let org = |id: Uuid| refs.orgs.iter().find(|o| o.id == id);
    let avsandare = match &r.place {
        Avsandare::PartOnly => r.part.label().to_string(),
        Avsandare::Org(o) => org(*o).map(|o| o.namn.clone()).unwrap_or_default(),
        Avsandare::Unit { org: o, unit } => org(*o)
            .map(|o| {
                let u = o
                    .units
                    .iter()
                    .find(|u| u.id == *unit)
                    .map(|u| u.namn.as_str())
                    .unwrap_or("");
                format!("{} – {u}", o.namn)
            })
            .unwrap_or_default(),
        Avsandare::NewUnit { org: o, name } => org(*o)
            .map(|o| format!("{} – {name} (ny enhet)", o.namn))
            .unwrap_or_default(),
    };
    let mut koder: Vec<&str> = r.malgrupper.iter().map(|c| c.label()).collect();
    koder.extend(r.ersattning.iter().map(|c| c.label()));
    koder.extend(r.atgarder.iter().map(|c| c.label()));
    let status = match (r.status, r.avslut, r.avslutad_datum) {
        (Status::Avslutad, Some(a), Some(d)) => format!("Avslutad {d} ({})", a.label()),
        (s, _, _) => s.label().to_string(),
    };
    let mut beskrivning: String = r.beskrivning.chars().take(80).collect();
    if r.beskrivning.chars().count() > 80 {
        beskrivning.push('…');
    }
    PreviewRow {
        line: r.line,
        inkom: r.inkom.to_string(),
        avsandare,
        handlaggare: r.handlaggare.clone().unwrap_or_default(),
        kon: r.kon.label(),
        alder: r.alder.map(|a| a.to_string()).unwrap_or_default(),
        bostadskommun: r
            .bostadskommun
            .as_ref()
            .and_then(|k| refs.kommun_by_code.get(k).cloned())
            .unwrap_or_default(),
        status,
        samverkansproblem: r
            .samverkansproblem
            .map(|s| s.label().to_string())
            .unwrap_or_default(),
        koder: koder.join(", "),
        beskrivning,
    }
}
