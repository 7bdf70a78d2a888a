//! CSV import and export of the catalogue (DESIGN §6.7), so a förbund can load the Excel list it
//! keeps today and take it out again. The export writes what the import reads: UTF-8 with BOM,
//! `;`, the columns of [`COLUMNS`]. The import reads UTF-8 with or without BOM or Windows-1252,
//! `;` or `,` (the ärende import's decoding, `arende::import::decode`), turns each row into the
//! entry form and checks it as the page does; a file with any problem imports nothing and
//! reports every one with line, column and a Swedish reason. Rows are matched on `kod`: an
//! entry with the code is updated, otherwise one is created.

use super::write::{KOD_TAKEN, Provider, check_refs, store};
use super::{Filter, KatalogEntry, list_in, manage_scope};
use crate::arende::import::decode::{FileEncoding, decode};
use crate::arende::import::{RowError, detect_separator, file_error, normalise_header, reader};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::katalog::{KatalogForm, ValidKatalog};
use lotsen_domain::{AuditAction, FieldErrors};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The columns, in export order. `kod` and `namn` are required; the rest may be left out.
pub const COLUMNS: [(&str, &str); 19] = [
    (
        "kod",
        "Kort kod, unik i förbundet: A–Z, 0–9, - och _ (högst 20). Samma kod uppdaterar insatsen.",
    ),
    ("namn", "Insatsens namn."),
    ("beskrivning", "Vad insatsen är (högst 2000 tecken)."),
    (
        "anordnare",
        "Organisation, eller Organisation / Enhet, som de heter i Lotsen; tomt eller förbundet = förbundet självt.",
    ),
    (
        "kommuner",
        "Kommuner som insatsen finns för (namn eller SCB-kod), skilda med |; tomt = alla förbundets kommuner.",
    ),
    (
        "malgrupper",
        "Målgrupper (kod eller benämning), skilda med |; tomt = alla.",
    ),
    ("alder_min", "Lägsta ålder i hela år, eller tomt."),
    ("alder_max", "Högsta ålder i hela år, eller tomt."),
    (
        "krav_ersattning",
        "Ersättningar varav personen måste ha någon (kod eller benämning), skilda med |; tomt = inget krav.",
    ),
    (
        "villkor",
        "Andra villkor, t.ex. aktuell hos minst två parter.",
    ),
    ("remiss", "Hur man remitterar eller anmäler."),
    (
        "kontakt_funktion",
        "Kontaktens funktion eller roll, inte en persons namn.",
    ),
    ("kontakt_epost", "Funktionsbrevlåda."),
    ("kontakt_telefon", "Telefonnummer till funktionen."),
    (
        "kontakt_person",
        "ja om anordnaren valt en namngiven kontaktperson (visas aldrig på den publika sidan), annars nej eller tomt.",
    ),
    ("fran", "Startdatum ÅÅÅÅ-MM-DD, eller tomt."),
    ("till", "Slutdatum ÅÅÅÅ-MM-DD, eller tomt."),
    ("status", "aktiv (standard) eller avslutad."),
    (
        "publik",
        "ja om insatsen visas på förbundets publika sida, annars nej eller tomt.",
    ),
];

/// The outcome of an import: counts when it was written, or every problem when not.
#[derive(Debug, Clone, Default)]
pub struct ImportResult {
    pub created: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
    pub encoding: FileEncoding,
    /// Columns the file has that the catalogue does not read.
    pub ignored: Vec<String>,
}

impl ImportResult {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// One parsed row.
struct Row {
    line: u64,
    valid: ValidKatalog,
    provider: Provider,
}

/// The förbund's names, as the rows refer to them (lower-case keys).
#[derive(Default)]
struct Names {
    /// Organisation name → id; (organisation, unit) names → unit id.
    orgs: HashMap<String, Uuid>,
    units: HashMap<(String, String), Uuid>,
    /// Kommun name or code → code.
    kommuner: HashMap<String, String>,
    forbund: String,
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

fn list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Reads a file and, when every row is valid, writes it in one transaction.
#[tracing::instrument(name = "katalog.import", skip_all, fields(bytes = bytes.len()))]
pub async fn import(db: &Db, ctx: &Ctx, bytes: &[u8]) -> CoreResult<ImportResult> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let result = import_in(&mut tx, forbund, bytes).await?;
    if !result.is_ok() {
        return Ok(result);
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::KatalogImport).on("forbund", forbund),
    )
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// [`import`] inside a transaction of the förbund (also the demo's loading). When the result
/// has errors, the caller must not commit.
pub(crate) async fn import_in(
    tx: &mut Tx,
    forbund: Uuid,
    bytes: &[u8],
) -> CoreResult<ImportResult> {
    let mut names = Names::default();
    let orgs: Vec<(Uuid, String, Option<Uuid>, Option<String>)> = sqlx::query_as(
        "select o.organisation_id, o.namn::text, e.enhet_id, e.namn::text from organisation o \
         left join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id \
         where o.forbund_id = $1",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;
    for (o, on, e, en) in orgs {
        names.orgs.insert(key(&on), o);
        if let (Some(e), Some(en)) = (e, en) {
            names.units.insert((key(&on), key(&en)), e);
        }
    }
    let kommuner: Vec<(String, String)> = sqlx::query_as("select kod, namn::text from kommun")
        .fetch_all(&mut **tx)
        .await?;
    for (kod, namn) in kommuner {
        names.kommuner.insert(key(&namn), kod.clone());
        names.kommuner.insert(kod.clone(), kod);
    }
    names.forbund = sqlx::query_scalar("select namn::text from forbund where forbund_id = $1")
        .bind(forbund)
        .fetch_one(&mut **tx)
        .await?;
    let existing: HashMap<String, Uuid> = sqlx::query_as::<_, (String, Uuid)>(
        "select kod, katalog_id from katalog where forbund_id = $1",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();

    let (mut result, forms) = read(bytes, &names);
    let mut rows = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (line, form) in forms {
        match form.parse() {
            Err(e) => push_field_errors(&mut result.errors, line, e),
            Ok(valid) => {
                if !seen.insert(valid.kod.as_str().to_string()) {
                    result.errors.push(file_error(
                        line,
                        "kod",
                        "Koden finns på en tidigare rad i filen. Varje insats ska ha en egen kod.",
                    ));
                    continue;
                }
                let mut e = FieldErrors::new();
                let provider = check_refs(tx, forbund, &valid, &mut e).await?;
                if e.is_empty() {
                    rows.push(Row {
                        line,
                        valid,
                        provider,
                    });
                } else {
                    push_field_errors(&mut result.errors, line, e);
                }
            }
        }
    }
    if !result.errors.is_empty() {
        return Ok(result);
    }
    for r in &rows {
        let id = existing
            .get(r.valid.kod.as_str())
            .copied()
            .unwrap_or_else(Uuid::now_v7);
        match store(tx, forbund, id, &r.valid, r.provider).await {
            Ok(true) => result.created += 1,
            Ok(false) => result.updated += 1,
            Err(CoreError::Invalid(_)) => {
                result.errors.push(file_error(r.line, "kod", KOD_TAKEN));
                return Ok(result);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(result)
}

fn push_field_errors(out: &mut Vec<RowError>, line: u64, e: FieldErrors) {
    for f in e.0 {
        out.push(file_error(line, f.field, f.message));
    }
}

/// The file's rows as entry forms (with their line numbers), and the problems of the file
/// itself and of cells that name something unknown.
fn read(bytes: &[u8], names: &Names) -> (ImportResult, Vec<(u64, KatalogForm)>) {
    let mut out = ImportResult::default();
    let mut forms = Vec::new();
    let text = match decode(bytes) {
        Ok((text, encoding)) => {
            out.encoding = encoding;
            text
        }
        Err(e) => {
            out.errors.push(e);
            return (out, forms);
        }
    };
    if text.trim().is_empty() {
        out.errors.push(file_error(
            1,
            "",
            "Filen är tom. Första raden ska vara en rubrikrad med kolumnernas namn, och under den en rad per insats.",
        ));
        return (out, forms);
    }
    let Some(separator) = detect_separator(&text) else {
        out.errors.push(file_error(
            1,
            "",
            "Rubrikraden saknar avgränsare. Kolumnerna ska skiljas åt med semikolon (;) eller komma (,), och kod och namn måste finnas.",
        ));
        return (out, forms);
    };
    let mut reader = reader(&text, separator);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.errors.push(file_error(
                1,
                "",
                format!("Rubrikraden kunde inte läsas ({e})."),
            ));
            return (out, forms);
        }
    };
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut seen = HashSet::new();
    for h in headers.iter() {
        let n = normalise_header(h);
        match COLUMNS.iter().find(|(c, _)| *c == n) {
            Some((c, _)) if !seen.insert(*c) => {
                out.errors.push(file_error(
                    1,
                    c,
                    "Kolumnen finns två gånger. Ta bort den ena.",
                ));
                columns.push(None);
            }
            Some((c, _)) => columns.push(Some(c)),
            None => {
                if !n.is_empty() {
                    out.ignored.push(h.trim().to_string());
                }
                columns.push(None);
            }
        }
    }
    for required in ["kod", "namn"] {
        if !seen.contains(required) {
            out.errors.push(file_error(
                1,
                required,
                "Kolumnen saknas. Den är obligatorisk.",
            ));
        }
    }
    let mut record = ::csv::StringRecord::new();
    let mut data_rows = 0;
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                out.errors.push(file_error(
                    line,
                    "",
                    format!("Raden kunde inte läsas ({e})."),
                ));
                break;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        let mut f = KatalogForm {
            anordnare: "forbund".into(),
            ..KatalogForm::default()
        };
        for (i, cell) in record.iter().enumerate() {
            let Some(Some(col)) = columns.get(i) else {
                continue;
            };
            let cell = cell.trim();
            match *col {
                "kod" => f.kod = cell.into(),
                "namn" => f.namn = cell.into(),
                "beskrivning" => f.beskrivning = cell.into(),
                "anordnare" => match anordnare(cell, names) {
                    Ok(v) => f.anordnare = v,
                    Err(m) => out.errors.push(file_error(line, "anordnare", m)),
                },
                "kommuner" => {
                    for k in list(cell) {
                        match names.kommuner.get(&key(&k)) {
                            Some(code) => f.kommuner.push(code.clone()),
                            None => out.errors.push(file_error(
                                line,
                                "kommuner",
                                format!("Okänd kommun: {k}. Skriv kommunens namn eller fyrsiffriga SCB-kod."),
                            )),
                        }
                    }
                }
                "malgrupper" => f.malgrupper = list(cell),
                "alder_min" => f.alder_min = cell.into(),
                "alder_max" => f.alder_max = cell.into(),
                "krav_ersattning" => f.krav_ersattning = list(cell),
                "villkor" => f.villkor = cell.into(),
                "remiss" => f.remiss = cell.into(),
                "kontakt_funktion" => f.kontakt_funktion = cell.into(),
                "kontakt_epost" => f.kontakt_epost = cell.into(),
                "kontakt_telefon" => f.kontakt_telefon = cell.into(),
                "kontakt_person" => f.kontakt_person = cell.into(),
                "fran" => f.fran = cell.into(),
                "till" => f.till = cell.into(),
                "status" => f.status = cell.into(),
                "publik" => f.publik = cell.into(),
                _ => {}
            }
        }
        forms.push((line, f));
    }
    if data_rows == 0 && out.errors.is_empty() {
        out.errors.push(file_error(
            2,
            "",
            "Filen har ingen rad med insatser under rubrikraden.",
        ));
    }
    (out, forms)
}

/// A provider cell as the form's value.
fn anordnare(cell: &str, names: &Names) -> Result<String, String> {
    let c = key(cell);
    if c.is_empty()
        || c == "förbundet"
        || c == "forbundet"
        || c == "forbund"
        || c == key(&names.forbund)
    {
        return Ok("forbund".into());
    }
    if let Some((org, unit)) = cell.split_once(" / ") {
        return names
            .units
            .get(&(key(org), key(unit)))
            .map(|e| format!("enhet:{e}"))
            .ok_or_else(|| {
                format!(
                    "Enheten finns inte i förbundet: {}. Lägg till den under Administration först, eller skriv bara organisationen.",
                    cell.trim()
                )
            });
    }
    names
        .orgs
        .get(&c)
        .map(|o| format!("org:{o}"))
        .ok_or_else(|| {
            format!(
                "Organisationen finns inte i förbundet: {}. Skriv den som den heter under Administration, eller Organisation / Enhet.",
                cell.trim()
            )
        })
}

/// The whole catalogue (also avslutade entries) as a CSV file in the import's format.
#[tracing::instrument(name = "katalog.export", skip_all)]
pub async fn export(db: &Db, ctx: &Ctx) -> CoreResult<Vec<u8>> {
    let forbund = manage_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = list_in(
        &mut tx,
        forbund,
        &Filter {
            alla: true,
            ..Filter::default()
        },
    )
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::KatalogExport).on("forbund", forbund),
    )
    .await?;
    tx.commit().await?;
    csv_bytes(&rows)
}

fn csv_bytes(rows: &[KatalogEntry]) -> CoreResult<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut out);
    let fail = |e: ::csv::Error| CoreError::Internal(anyhow::anyhow!("csv: {e}"));
    w.write_record(COLUMNS.iter().map(|(c, _)| *c))
        .map_err(fail)?;
    let yes = |b: bool| if b { "ja" } else { "nej" }.to_string();
    let opt = |v: Option<i32>| v.map(|a| a.to_string()).unwrap_or_default();
    let date = |v: Option<time::Date>| v.map(|d| d.to_string()).unwrap_or_default();
    for r in rows {
        let anordnare = match (&r.organisation_namn, &r.enhet_namn) {
            (Some(o), Some(e)) => format!("{o} / {e}"),
            (Some(o), None) => o.clone(),
            _ => "förbundet".into(),
        };
        w.write_record([
            r.kod.clone(),
            r.namn.clone(),
            r.beskrivning.clone(),
            anordnare,
            r.kommun_namn.join("|"),
            r.malgrupper
                .iter()
                .map(|m| m.code())
                .collect::<Vec<_>>()
                .join("|"),
            opt(r.alder_min),
            opt(r.alder_max),
            r.krav_ersattning
                .iter()
                .map(|m| m.code())
                .collect::<Vec<_>>()
                .join("|"),
            r.villkor.clone(),
            r.remiss.clone(),
            r.kontakt_funktion.clone(),
            r.kontakt_epost.clone(),
            r.kontakt_telefon.clone(),
            yes(r.kontakt_person),
            date(r.fran),
            date(r.till),
            r.status.code().to_string(),
            yes(r.publik),
        ])
        .map_err(fail)?;
    }
    w.flush()
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("csv: {e}")))?;
    drop(w);
    Ok(out)
}
