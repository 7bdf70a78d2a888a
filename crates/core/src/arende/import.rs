//! CSV import of lots-ärenden (DESIGN §6.4): a coordinator's Excel log, saved as CSV, becomes
//! ärenden of one LOKUS group.
//!
//! The file is read and checked in Rust first (UTF-8 with or without BOM, `;` or `,` detected
//! from the header line, columns in any order, codes or Swedish labels), against the förbund's
//! organisations, units and kommuner. Every problem is reported with line, column and a Swedish
//! reason, and a file with any problem imports nothing. A valid file is then written with a few
//! set-based statements (`insert … select … from unnest(…)`) in one transaction: numbers for the
//! whole batch are taken with one update of `arende_nummer` per year, gapless and in inkom order.
//!
//! Every row carries a stable hash (förbund, LOKUS group, the row's normalised content and how
//! many identical rows came before it in the file) in `arende.import_hash`, so importing the
//! same file again — or a longer version of it — creates only the rows not seen before.
//!
//! The web page keeps an uploaded file in `import_fil` between the preview and the
//! coordinator's "Importera" (at most an hour, readable only by the uploader).

use super::today;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::{
    Atgard, Avslut, Ersattning, Kon, Malgrupp, Samverkansproblem, Status, contains_personnummer,
};
use lotsen_domain::arende_form::{BESKRIVNING_MAX, HANDLAGGARE_MAX, arende_nummer};
use lotsen_domain::validate::parse_date;
use lotsen_domain::{Action, AuditAction, Part, Role};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;
use time::macros::date;
use uuid::Uuid;

/// The largest file the upload page accepts (and `import_fil` stores).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most bytes a förbund may keep waiting between preview and import at once.
pub const MAX_STAGED_BYTES_PER_FORBUND: i64 = 100 * 1024 * 1024;
/// How many of the rows to be imported the preview shows.
pub const PREVIEW_ROWS: usize = 20;
/// Rows per insert statement.
const BATCH: usize = 5_000;
const EARLIEST: Date = date!(2000 - 01 - 01);
const ENHET_MAX: usize = 120;

/// The warning every importer shows before and after reading a file.
pub const PERSONAL_DATA_WARNING: &str = "Ärendena är avidentifierade: kolumnen beskrivning (och \
     handläggarkoderna) får inte innehålla namn, personnummer eller annat som pekar ut en person. \
     Rader med något som liknar ett personnummer stoppas, men namn kan inte upptäckas – kontrollera \
     filen innan du importerar.";

/// The columns of DESIGN §6.4. Header names are matched case-insensitively, with å, ä, ö read as
/// a, a, o and spaces or hyphens as `_` (so `Ålder` and `avslutad datum` are understood).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Inkom,
    Part,
    Enhet,
    Handlaggare,
    Kon,
    Alder,
    Bostadskommun,
    Malgrupper,
    Ersattning,
    Atgarder,
    Samverkansproblem,
    Status,
    AvslutadDatum,
    Avslut,
    Beskrivning,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::Inkom,
        Column::Part,
        Column::Enhet,
        Column::Handlaggare,
        Column::Kon,
        Column::Alder,
        Column::Bostadskommun,
        Column::Malgrupper,
        Column::Ersattning,
        Column::Atgarder,
        Column::Samverkansproblem,
        Column::Status,
        Column::AvslutadDatum,
        Column::Avslut,
        Column::Beskrivning,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Inkom => "inkom",
            Column::Part => "part",
            Column::Enhet => "enhet",
            Column::Handlaggare => "handlaggare",
            Column::Kon => "kon",
            Column::Alder => "alder",
            Column::Bostadskommun => "bostadskommun",
            Column::Malgrupper => "malgrupper",
            Column::Ersattning => "ersattning",
            Column::Atgarder => "atgarder",
            Column::Samverkansproblem => "samverkansproblem",
            Column::Status => "status",
            Column::AvslutadDatum => "avslutad_datum",
            Column::Avslut => "avslut",
            Column::Beskrivning => "beskrivning",
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Column::Inkom | Column::Part)
    }

    /// What the column holds, in Swedish, for the import page.
    pub fn description(self) -> &'static str {
        match self {
            Column::Inkom => "Datum då ärendet kom in, ÅÅÅÅ-MM-DD. Inte i framtiden.",
            Column::Part => {
                "Avsändarens part: fk, af, kommun, region, annan – eller Försäkringskassan, Arbetsförmedlingen, Kommun, Region, Annan."
            }
            Column::Enhet => {
                "Enhetens namn hos partens organisation i förbundet. Finns den inte skapas den. Har parten flera organisationer: skriv Organisation / Enhet, eller bara organisationens namn."
            }
            Column::Handlaggare => {
                "Remitterande handläggares kod eller pseudonym (inget namn), högst 40 tecken. Används för att räkna unika handläggare."
            }
            Column::Kon => "kvinna, man, K eller M. Tomt = okänt.",
            Column::Alder => "Ålder i hela år, 0–120. Tomt = okänd.",
            Column::Bostadskommun => {
                "Kommunens namn eller fyrsiffriga SCB-kod, t.ex. Uppsala eller 0380."
            }
            Column::Malgrupper => "Målgrupper, koder eller benämningar åtskilda med |.",
            Column::Ersattning => "Ersättning/försörjning, åtskilda med |.",
            Column::Atgarder => "Åtgärder, åtskilda med |. De dateras med inkomstdatumet.",
            Column::Samverkansproblem => "Ett samverkansproblem (kod eller benämning).",
            Column::Status => {
                "pagaende (standard), vilande eller avslutad. Avslutade ärenden behöver avslutad_datum och avslut."
            }
            Column::AvslutadDatum => "Datum då ärendet avslutades, ÅÅÅÅ-MM-DD.",
            Column::Avslut => "Hur ärendet avslutades (kod eller benämning).",
            Column::Beskrivning => "Fri text, högst 4000 tecken. Inga namn eller personnummer.",
        }
    }

    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        let h = normalise_header(header);
        Column::ALL.into_iter().find(|c| c.name() == h)
    }
}

fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

/// One problem in the file: its line (1 is the header), the column (empty when it concerns
/// the whole line or file) and the reason, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "rad {}: {}", self.line, self.message)
        } else {
            write!(
                f,
                "rad {}, kolumn {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

/// One of the rows to be imported, as the preview shows it.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub line: u64,
    pub inkom: String,
    pub avsandare: String,
    pub handlaggare: String,
    pub kon: &'static str,
    pub alder: String,
    pub bostadskommun: String,
    pub status: String,
    pub samverkansproblem: String,
    pub koder: String,
    pub beskrivning: String,
}

/// The numbers one year's imported ärenden got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRange {
    pub year: i32,
    pub first: String,
    pub last: String,
    pub count: usize,
}

/// What reading (and perhaps importing) a file found.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub lokus_id: Uuid,
    pub lokus_kod: String,
    pub lokus_namn: String,
    /// Data rows in the file (empty lines not counted).
    pub rows: usize,
    /// Every problem found; when there is any, nothing is (or was) imported.
    pub errors: Vec<RowError>,
    /// Rows that are new (to be imported, or imported).
    pub new_rows: usize,
    /// Rows imported before (same hash); skipped.
    pub already: usize,
    /// The first rows to be imported.
    pub sample: Vec<PreviewRow>,
    /// Units that are (or were) created, as `Organisation – Enhet`.
    pub new_units: Vec<String>,
    /// The numbers given, per year (after an import).
    pub numbers: Vec<NumberRange>,
    /// The rows were written.
    pub committed: bool,
}

impl ImportReport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// A LOKUS group the actor may import into.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportGroup {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
}

/// The actor's LOKUS groups as coordinator (`NotFound` when none: only coordinators import).
pub async fn groups(db: &Db, ctx: &Ctx) -> CoreResult<Vec<ImportGroup>> {
    let forbund = ctx.forbund_id()?;
    let ids = ctx.actor.lokus_for(Role::Koordinator);
    if ids.is_empty() {
        return Err(CoreError::NotFound);
    }
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as::<_, ImportGroup>(
        "select lokus_id, kod, namn from lokus_grupp \
         where forbund_id = $1 and lokus_id = any($2) and aktiv order by kod",
    )
    .bind(forbund)
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Reads and checks a file for `lokus` without writing anything.
pub async fn preview(db: &Db, ctx: &Ctx, lokus: Uuid, bytes: &[u8]) -> CoreResult<ImportReport> {
    let forbund = ctx.forbund_id()?;
    ctx.require(Action::WriteArende { lokus })?;
    let mut tx = db.begin(ctx).await?;
    let report = run(&mut tx, ctx, forbund, lokus, bytes, false).await?;
    tx.rollback().await?;
    Ok(report)
}

/// Imports a file into `lokus`: every new row, or — when any row has a problem — nothing.
/// The report says which.
pub async fn import(db: &Db, ctx: &Ctx, lokus: Uuid, bytes: &[u8]) -> CoreResult<ImportReport> {
    let forbund = ctx.forbund_id()?;
    ctx.require(Action::WriteArende { lokus })?;
    let mut tx = db.begin(ctx).await?;
    let report = run(&mut tx, ctx, forbund, lokus, bytes, true).await?;
    if report.committed {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}

/// The result of an upload on the web page.
#[derive(Debug, Clone)]
pub enum Upload {
    /// The file is valid and kept for the preview under this id.
    Staged(Uuid),
    /// The file has problems; it was not kept.
    Invalid(ImportReport),
}

/// Checks an uploaded file and, when it is valid, keeps it for the preview and the import.
pub async fn upload(db: &Db, ctx: &Ctx, lokus: Uuid, bytes: &[u8]) -> CoreResult<Upload> {
    let forbund = ctx.forbund_id()?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    ctx.require(Action::WriteArende { lokus })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CoreError::invalid("fil", too_large()));
    }
    let mut tx = db.begin(ctx).await?;
    let report = run(&mut tx, ctx, forbund, lokus, bytes, false).await?;
    if !report.is_valid() {
        tx.rollback().await?;
        return Ok(Upload::Invalid(report));
    }
    // A new upload abandons the person's earlier one; expired files go too.
    sqlx::query(
        "delete from import_fil where forbund_id = $1 and (expires_at < now() or skapad_av = $2)",
    )
    .bind(forbund)
    .bind(person)
    .execute(&mut *tx)
    .await?;
    let staged: i64 = sqlx::query_scalar(
        "select coalesce(sum(octet_length(innehall)), 0)::bigint from import_fil where forbund_id = $1",
    )
    .bind(forbund)
    .fetch_one(&mut *tx)
    .await?;
    if staged + bytes.len() as i64 > MAX_STAGED_BYTES_PER_FORBUND {
        return Err(CoreError::invalid(
            "fil",
            "Förbundet har just nu många filer som väntar på import. Försök igen om en stund, \
             eller be kollegorna importera eller avbryta sina.",
        ));
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into import_fil (forbund_id, import_fil_id, lokus_id, skapad_av, innehall) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(id)
    .bind(lokus)
    .bind(person)
    .bind(bytes)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Upload::Staged(id))
}

pub fn too_large() -> String {
    format!(
        "Filen är för stor. Högst {} MB går att importera på en gång: dela upp den, eller använd kommandot lotsen import arenden.",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// The preview of a kept file: `NotFound` unless the actor uploaded it and it has not expired.
pub async fn preview_staged(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<ImportReport> {
    let forbund = ctx.forbund_id()?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let mut tx = db.begin(ctx).await?;
    let (lokus, bytes): (Uuid, Vec<u8>) = sqlx::query_as(
        "select lokus_id, innehall from import_fil \
         where forbund_id = $1 and import_fil_id = $2 and skapad_av = $3 and expires_at > now()",
    )
    .bind(forbund)
    .bind(id)
    .bind(person)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::WriteArende { lokus })?;
    let report = run(&mut tx, ctx, forbund, lokus, &bytes, false).await?;
    tx.rollback().await?;
    Ok(report)
}

/// Imports a kept file and forgets it, in one transaction. When the file no longer passes
/// (the förbund's units changed since the preview), nothing is written and the file is kept.
pub async fn import_staged(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<ImportReport> {
    let forbund = ctx.forbund_id()?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let mut tx = db.begin(ctx).await?;
    // Deleting claims the file: a second click waits here and then finds nothing.
    let (lokus, bytes): (Uuid, Vec<u8>) = sqlx::query_as(
        "delete from import_fil \
         where forbund_id = $1 and import_fil_id = $2 and skapad_av = $3 and expires_at > now() \
         returning lokus_id, innehall",
    )
    .bind(forbund)
    .bind(id)
    .bind(person)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::WriteArende { lokus })?;
    let report = run(&mut tx, ctx, forbund, lokus, &bytes, true).await?;
    if report.committed {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}

/// Forgets a kept file without importing it.
pub async fn discard(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let mut tx = db.begin(ctx).await?;
    sqlx::query(
        "delete from import_fil where forbund_id = $1 and import_fil_id = $2 and skapad_av = $3",
    )
    .bind(forbund)
    .bind(id)
    .bind(person)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading and checking (no IO).

/// The förbund's organisations, units and kommuner, as the rows refer to them.
#[derive(Debug, Clone, Default)]
struct Refs {
    orgs: Vec<Org>,
    /// Lower-case name → SCB code.
    kommun_by_name: HashMap<String, String>,
    /// SCB code → name.
    kommun_by_code: HashMap<String, String>,
}

#[derive(Debug, Clone)]
struct Org {
    id: Uuid,
    part: Part,
    namn: String,
    key: String,
    units: Vec<Unit>,
}

#[derive(Debug, Clone)]
struct Unit {
    id: Uuid,
    namn: String,
    key: String,
}

/// Lower case with runs of white space as one space: how names are compared.
fn key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where an ärende came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// Only the part is known (it has no organisation, or several and none was named).
    PartOnly,
    Org(Uuid),
    Unit {
        org: Uuid,
        unit: Uuid,
    },
    /// A unit to be created in the organisation.
    NewUnit {
        org: Uuid,
        name: String,
    },
}

impl Place {
    fn org(&self) -> Option<Uuid> {
        match self {
            Place::PartOnly => None,
            Place::Org(o) | Place::Unit { org: o, .. } | Place::NewUnit { org: o, .. } => Some(*o),
        }
    }
}

#[derive(Debug, Clone)]
struct ValidRow {
    line: u64,
    inkom: Date,
    part: Part,
    place: Place,
    handlaggare: Option<String>,
    kon: Kon,
    alder: Option<i32>,
    bostadskommun: Option<String>,
    malgrupper: Vec<Malgrupp>,
    ersattning: Vec<Ersattning>,
    atgarder: Vec<Atgard>,
    samverkansproblem: Option<Samverkansproblem>,
    status: Status,
    avslutad_datum: Option<Date>,
    avslut: Option<Avslut>,
    beskrivning: String,
    hash: Vec<u8>,
}

#[derive(Debug, Default)]
struct Checked {
    rows: Vec<ValidRow>,
    errors: Vec<RowError>,
    data_rows: usize,
}

fn file_error(line: u64, column: &str, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

/// `;` or `,`, whichever the header line (outside quotes) has more of.
fn detect_separator(text: &str) -> Option<u8> {
    let mut in_quotes = false;
    let (mut semi, mut comma) = (0, 0);
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            ';' if !in_quotes => semi += 1,
            ',' if !in_quotes => comma += 1,
            _ => {}
        }
    }
    match (semi, comma) {
        (0, 0) => None,
        (s, c) if s >= c => Some(b';'),
        _ => Some(b','),
    }
}

/// Reads the whole file and checks every row; `forbund` and `lokus` go into the row hashes.
fn check_file(bytes: &[u8], refs: &Refs, today: Date, forbund: Uuid, lokus: Uuid) -> Checked {
    let mut out = Checked::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1;
            out.errors.push(file_error(
                line,
                "",
                "Filen är inte sparad som UTF-8. Spara den i Excel som \"CSV UTF-8 (kommaavgränsad)\" och ladda upp den igen.",
            ));
            return out;
        }
    };
    if text.trim().is_empty() {
        out.errors.push(file_error(
            1,
            "",
            "Filen är tom. Första raden ska vara en rubrikrad med kolumnernas namn.",
        ));
        return out;
    }
    let Some(separator) = detect_separator(text) else {
        out.errors.push(file_error(
            1,
            "",
            "Rubrikraden saknar avgränsare. Kolumnerna ska skiljas åt med semikolon (;) eller komma (,), och inkom och part måste finnas.",
        ));
        return out;
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.errors.push(file_error(
                1,
                "",
                format!("Rubrikraden kunde inte läsas ({e})."),
            ));
            return out;
        }
    };
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(headers.len());
    let mut seen: HashSet<Column> = HashSet::new();
    for h in headers.iter() {
        let name = h.trim();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match Column::from_header(name) {
            Some(c) if !seen.insert(c) => {
                out.errors.push(file_error(
                    1,
                    name,
                    "Kolumnen finns två gånger. Ta bort den ena.",
                ));
                columns.push(None);
            }
            Some(c) => columns.push(Some(c)),
            None => {
                out.errors.push(file_error(1, name, unknown_column(name)));
                columns.push(None);
            }
        }
    }
    for c in Column::ALL {
        if c.required() && !seen.contains(&c) {
            out.errors.push(file_error(
                1,
                c.name(),
                "Kolumnen saknas. Den är obligatorisk.",
            ));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map(|p| p.line()).unwrap_or(line);
                out.errors.push(file_error(
                    at,
                    "",
                    "Raden kunde inte läsas. Kontrollera citattecknen.",
                ));
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.data_rows += 1;
        let mut cells: HashMap<Column, &str> = HashMap::new();
        let mut row_errors = Vec::new();
        for (i, value) in record.iter().enumerate() {
            match columns.get(i) {
                Some(Some(c)) => {
                    cells.insert(*c, value.trim());
                }
                Some(None) if !value.trim().is_empty() => row_errors.push(file_error(
                    line,
                    "",
                    format!("Fält {} har ingen kolumnrubrik men innehåller text.", i + 1),
                )),
                None if !value.trim().is_empty() => row_errors.push(file_error(
                    line,
                    "",
                    format!(
                        "Raden har fler fält ({}) än rubrikraden ({}). Kontrollera avgränsare och citattecken.",
                        record.len(),
                        headers.len()
                    ),
                )),
                _ => {}
            }
        }
        row_errors.dedup();
        let cell = |c: Column| cells.get(&c).copied().unwrap_or("");
        match check_row(line, &cell, refs, today) {
            Ok(mut row) if row_errors.is_empty() => {
                let canonical = canonical(&row, cell(Column::Enhet));
                let n = occurrences.entry(canonical.clone()).or_insert(0);
                *n += 1;
                row.hash = row_hash(forbund, lokus, &canonical, *n);
                out.rows.push(row);
            }
            Ok(_) => out.errors.extend(row_errors),
            Err(mut e) => {
                out.errors.append(&mut row_errors);
                out.errors.append(&mut e);
            }
        }
    }
    if out.data_rows == 0 && out.errors.is_empty() {
        out.errors
            .push(file_error(2, "", "Filen har inga rader under rubrikraden."));
    }
    out
}

fn unknown_column(name: &str) -> String {
    let h = normalise_header(name);
    let close = Column::ALL.into_iter().find(|c| {
        let n = c.name();
        (h.len() >= 4 && n.starts_with(&h)) || h.starts_with(n) || (h.len() >= 5 && n.contains(&h))
    });
    let known = Column::ALL.map(Column::name).join(", ");
    match close {
        Some(c) => format!(
            "Okänd kolumn. Menade du {}? Kända kolumner: {known}.",
            c.name()
        ),
        None => format!("Okänd kolumn. Ta bort den eller byt namn; kända kolumner: {known}."),
    }
}

/// Checks one row; `Err` holds every problem it has.
fn check_row<'a>(
    line: u64,
    cell: &dyn Fn(Column) -> &'a str,
    refs: &Refs,
    today: Date,
) -> Result<ValidRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut err = |c: Column, m: String| {
        errors.push(RowError {
            line,
            column: c.name().to_string(),
            message: m,
        })
    };

    let inkom = match cell(Column::Inkom) {
        "" => {
            err(
                Column::Inkom,
                "Datumet då ärendet kom in saknas (ÅÅÅÅ-MM-DD).".into(),
            );
            None
        }
        v => match parse_date(v, "datum") {
            Ok(d) if d > today => {
                err(Column::Inkom, format!("Datumet {v} ligger i framtiden."));
                None
            }
            Ok(d) if d < EARLIEST => {
                err(Column::Inkom, "Datumet kan inte vara före år 2000.".into());
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                err(
                    Column::Inkom,
                    format!("\"{v}\" är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
                );
                None
            }
        },
    };

    let part = match cell(Column::Part) {
        "" => {
            err(
                Column::Part,
                "Part saknas: skriv fk, af, kommun, region eller annan.".into(),
            );
            None
        }
        v => {
            let p = parse_part(v);
            if p.is_none() {
                err(
                    Column::Part,
                    format!("Okänd part \"{v}\": skriv fk, af, kommun, region eller annan."),
                );
            }
            p
        }
    };

    let place = part.and_then(|p| match resolve_place(refs, p, cell(Column::Enhet)) {
        Ok(place) => Some(place),
        Err(m) => {
            err(Column::Enhet, m);
            None
        }
    });

    let handlaggare = match cell(Column::Handlaggare) {
        "" => None,
        v if v.chars().count() > HANDLAGGARE_MAX => {
            err(
                Column::Handlaggare,
                format!("Handläggarens kod får vara högst {HANDLAGGARE_MAX} tecken."),
            );
            None
        }
        v if contains_personnummer(v) => {
            err(
                Column::Handlaggare,
                "Använd en kod eller pseudonym, inte ett personnummer.".into(),
            );
            None
        }
        v => {
            if matches!(place, Some(Place::PartOnly)) {
                err(
                    Column::Handlaggare,
                    "Handläggaren kan inte knytas till en organisation: ange organisation eller enhet i kolumnen enhet."
                        .into(),
                );
            }
            Some(v.to_string())
        }
    };

    let kon = match cell(Column::Kon) {
        "" => Some(Kon::Okant),
        v if v.eq_ignore_ascii_case("k") => Some(Kon::Kvinna),
        v if v.eq_ignore_ascii_case("m") => Some(Kon::Man),
        v => {
            let k = Kon::parse(v);
            if k.is_none() {
                err(
                    Column::Kon,
                    format!("Okänt kön \"{v}\": skriv kvinna, man, K, M eller lämna tomt."),
                );
            }
            k
        }
    };

    let alder = match cell(Column::Alder) {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(a) if (0..=120).contains(&a) => Some(a),
            Ok(_) => {
                err(
                    Column::Alder,
                    format!("Åldern {v} är inte mellan 0 och 120 år."),
                );
                None
            }
            Err(_) => {
                err(
                    Column::Alder,
                    format!(
                        "\"{v}\" är ingen ålder: skriv hela år, eller lämna tomt om den är okänd."
                    ),
                );
                None
            }
        },
    };

    let bostadskommun = match cell(Column::Bostadskommun) {
        "" => None,
        v => {
            let k = find_kommun(refs, v);
            if k.is_none() {
                err(
                    Column::Bostadskommun,
                    if v.chars().all(|c| c.is_ascii_digit()) {
                        format!("Det finns ingen kommun med koden {v}.")
                    } else {
                        format!(
                            "Okänd kommun \"{v}\": skriv kommunens namn eller fyrsiffriga SCB-kod."
                        )
                    },
                );
            }
            k
        }
    };

    let malgrupper = multi(
        cell(Column::Malgrupper),
        Malgrupp::parse,
        Malgrupp::ALL,
        Malgrupp::code,
        "målgrupp",
    )
    .unwrap_or_else(|m| {
        err(Column::Malgrupper, m);
        Vec::new()
    });
    let ersattning = multi(
        cell(Column::Ersattning),
        Ersattning::parse,
        Ersattning::ALL,
        Ersattning::code,
        "ersättning",
    )
    .unwrap_or_else(|m| {
        err(Column::Ersattning, m);
        Vec::new()
    });
    let atgarder = multi(
        cell(Column::Atgarder),
        Atgard::parse,
        Atgard::ALL,
        Atgard::code,
        "åtgärd",
    )
    .unwrap_or_else(|m| {
        err(Column::Atgarder, m);
        Vec::new()
    });

    let samverkansproblem = match cell(Column::Samverkansproblem) {
        "" => None,
        v => {
            let s = Samverkansproblem::parse(v);
            if s.is_none() {
                err(
                    Column::Samverkansproblem,
                    format!(
                        "Okänt samverkansproblem \"{v}\". Giltiga koder: {}.",
                        codes(Samverkansproblem::ALL, Samverkansproblem::code)
                    ),
                );
            }
            s
        }
    };

    let status = match cell(Column::Status) {
        "" => Some(Status::Pagaende),
        v => match Status::parse(v) {
            Some(Status::Ny) => {
                err(
                    Column::Status,
                    "Status ny gäller förfrågningar som ännu inte tagits emot: skriv pagaende, vilande eller avslutad."
                        .into(),
                );
                None
            }
            Some(s) => Some(s),
            None => {
                err(
                    Column::Status,
                    format!("Okänd status \"{v}\": skriv pagaende, vilande eller avslutad."),
                );
                None
            }
        },
    };

    let avslutad_datum = match cell(Column::AvslutadDatum) {
        "" => None,
        v => match parse_date(v, "datum") {
            Ok(d) if d > today => {
                err(
                    Column::AvslutadDatum,
                    format!("Datumet {v} ligger i framtiden."),
                );
                None
            }
            Ok(d) if inkom.is_some_and(|i| d < i) => {
                err(
                    Column::AvslutadDatum,
                    format!("Ärendet kan inte avslutas ({v}) före det kom in."),
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                err(
                    Column::AvslutadDatum,
                    format!("\"{v}\" är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
                );
                None
            }
        },
    };
    let avslut = match cell(Column::Avslut) {
        "" => None,
        v => {
            let a = Avslut::parse(v);
            if a.is_none() {
                err(
                    Column::Avslut,
                    format!(
                        "Okänt avslut \"{v}\". Giltiga koder: {}.",
                        codes(Avslut::ALL, Avslut::code)
                    ),
                );
            }
            a
        }
    };
    match status {
        Some(Status::Avslutad) => {
            if cell(Column::Avslut).is_empty() {
                err(
                    Column::Avslut,
                    "Ett avslutat ärende behöver ett avslut (hur det avslutades).".into(),
                );
            }
            if cell(Column::AvslutadDatum).is_empty() {
                err(
                    Column::AvslutadDatum,
                    "Ett avslutat ärende behöver datumet då det avslutades.".into(),
                );
            }
        }
        Some(_) if !cell(Column::Avslut).is_empty() || !cell(Column::AvslutadDatum).is_empty() => {
            err(
                Column::Status,
                "Raden har avslut eller avslutsdatum men ärendet är inte avslutat: skriv avslutad i kolumnen status, eller töm avslut och avslutad_datum."
                    .into(),
            );
        }
        _ => {}
    }

    let beskrivning = cell(Column::Beskrivning).to_string();
    if beskrivning.chars().count() > BESKRIVNING_MAX {
        err(
            Column::Beskrivning,
            format!(
                "Beskrivningen får vara högst {BESKRIVNING_MAX} tecken (nu {}).",
                beskrivning.chars().count()
            ),
        );
    } else if contains_personnummer(&beskrivning) {
        err(
            Column::Beskrivning,
            "Beskrivningen innehåller något som liknar ett personnummer eller samordningsnummer. \
             Ärendet är avidentifierat: ta bort numret och skriv inga namn."
                .into(),
        );
    }

    match (inkom, part, place, kon, status) {
        (Some(inkom), Some(part), Some(place), Some(kon), Some(status)) if errors.is_empty() => {
            Ok(ValidRow {
                line,
                inkom,
                part,
                place,
                handlaggare,
                kon,
                alder,
                bostadskommun,
                malgrupper,
                ersattning,
                atgarder,
                samverkansproblem,
                status,
                avslutad_datum,
                avslut,
                beskrivning,
                hash: Vec::new(),
            })
        }
        _ => Err(errors),
    }
}

fn parse_part(v: &str) -> Option<Part> {
    let v = v.trim();
    Part::ALL
        .into_iter()
        .find(|p| p.code().eq_ignore_ascii_case(v) || p.label().to_lowercase() == v.to_lowercase())
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|c| code(*c)).collect::<Vec<_>>().join(", ")
}

/// A `|`-separated list of codes or labels, sorted and without repeats.
fn multi<T: Copy + Ord>(
    input: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    code: fn(T) -> &'static str,
    what: &str,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for v in input.split('|').map(str::trim).filter(|v| !v.is_empty()) {
        match parse(v) {
            Some(c) => out.push(c),
            None => unknown.push(format!("\"{v}\"")),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "Okänd {what} {}. Giltiga koder (åtskilda med |): {}.",
            unknown.join(", "),
            codes(all, code)
        ));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A kommun by SCB code or name (also "Namn kommun" and "Namns kommun").
fn find_kommun(refs: &Refs, v: &str) -> Option<String> {
    if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        return refs.kommun_by_code.contains_key(v).then(|| v.to_string());
    }
    let k = key(v);
    if let Some(code) = refs.kommun_by_name.get(&k) {
        return Some(code.clone());
    }
    let stem = k.strip_suffix(" kommun")?;
    refs.kommun_by_name
        .get(stem)
        .or_else(|| {
            stem.strip_suffix('s')
                .and_then(|s| refs.kommun_by_name.get(s))
        })
        .cloned()
}

/// The organisation and unit a row's `part` and `enhet` name (see docs/decisions.md):
/// `Organisation / Enhet` (also with – or -) names both; a unit name alone must belong to
/// exactly one of the part's organisations, or is created when the part has only one; an
/// organisation's name alone names it without a unit; an empty cell names the part's only
/// organisation, or — with several or none — just the part.
fn resolve_place(refs: &Refs, part: Part, cell: &str) -> Result<Place, String> {
    let orgs: Vec<&Org> = refs.orgs.iter().filter(|o| o.part == part).collect();
    let names = || {
        orgs.iter()
            .map(|o| o.namn.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell.is_empty() {
        return Ok(match orgs.as_slice() {
            [only] => Place::Org(only.id),
            _ => Place::PartOnly,
        });
    }
    if cell.chars().count() > ENHET_MAX {
        return Err(format!("Enhetens namn får vara högst {ENHET_MAX} tecken."));
    }
    if contains_personnummer(&cell) {
        return Err("Enhetens namn innehåller något som liknar ett personnummer.".into());
    }
    let k = key(&cell);
    let in_org = |org: &Org, unit_key: &str| -> Option<Uuid> {
        org.units.iter().find(|u| u.key == unit_key).map(|u| u.id)
    };
    // "Organisation / Enhet": split at a separator where the part before it is an
    // organisation's name (the longest such name wins).
    let qualified = cell
        .char_indices()
        .filter(|(_, c)| matches!(c, '/' | '–' | '-'))
        .filter_map(|(i, c)| {
            let org_key = key(&cell[..i]);
            let org = orgs.iter().find(|o| o.key == org_key)?;
            let rest = cell[i + c.len_utf8()..].trim();
            (!rest.is_empty()).then_some((*org, rest))
        })
        .max_by_key(|(o, _)| o.key.len());
    if let Some((org, unit_name)) = qualified {
        return Ok(match in_org(org, &key(unit_name)) {
            Some(unit) => Place::Unit { org: org.id, unit },
            None => Place::NewUnit {
                org: org.id,
                name: unit_name.to_string(),
            },
        });
    }
    let matches: Vec<(&Org, Uuid)> = orgs
        .iter()
        .filter_map(|o| in_org(o, &k).map(|u| (*o, u)))
        .collect();
    match matches.as_slice() {
        [(org, unit)] => {
            return Ok(Place::Unit {
                org: org.id,
                unit: *unit,
            });
        }
        [] => {}
        several => {
            let owners: Vec<&str> = several.iter().map(|(o, _)| o.namn.as_str()).collect();
            return Err(format!(
                "Enheten \"{cell}\" finns hos flera organisationer ({}). Skriv Organisation / Enhet, t.ex. \"{} / {cell}\".",
                owners.join("; "),
                owners[0]
            ));
        }
    }
    if let Some(org) = orgs.iter().find(|o| o.key == k) {
        return Ok(Place::Org(org.id));
    }
    match orgs.as_slice() {
        [only] => Ok(Place::NewUnit {
            org: only.id,
            name: cell,
        }),
        [] => Err(format!(
            "Förbundet har ingen organisation för part {}. Be förbundets administratör lägga upp den först.",
            part.label()
        )),
        _ => Err(format!(
            "Enheten \"{cell}\" finns inte, och part {} har flera organisationer i förbundet ({}). Skriv Organisation / Enhet så skapas enheten där.",
            part.label(),
            names()
        )),
    }
}

/// The row's content in a fixed form: the same ärende written with labels or codes, in
/// another column order or with another separator reads the same.
fn canonical(r: &ValidRow, enhet_cell: &str) -> String {
    fn join<T: Copy>(v: &[T], code: fn(T) -> &'static str) -> String {
        v.iter().map(|c| code(*c)).collect::<Vec<_>>().join("|")
    }
    let fields = [
        r.inkom.to_string(),
        r.part.code().to_string(),
        key(enhet_cell),
        r.handlaggare.clone().unwrap_or_default(),
        r.kon.code().to_string(),
        r.alder.map(|a| a.to_string()).unwrap_or_default(),
        r.bostadskommun.clone().unwrap_or_default(),
        join(&r.malgrupper, Malgrupp::code),
        join(&r.ersattning, Ersattning::code),
        join(&r.atgarder, Atgard::code),
        r.samverkansproblem
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
        r.status.code().to_string(),
        r.avslutad_datum.map(|d| d.to_string()).unwrap_or_default(),
        r.avslut.map(|a| a.code().to_string()).unwrap_or_default(),
        r.beskrivning.clone(),
    ];
    fields.join("\u{1f}")
}

fn row_hash(forbund: Uuid, lokus: Uuid, canonical: &str, occurrence: u32) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"lotsen-import-v1\0");
    h.update(forbund.as_bytes());
    h.update(lokus.as_bytes());
    h.update(canonical.as_bytes());
    h.update(b"\0");
    h.update(occurrence.to_le_bytes());
    h.finalize().to_vec()
}

// ---------------------------------------------------------------------------------------------
// The database side.

/// organisation id, part, organisation name, unit id, unit name
type OrgUnitRow = (Uuid, String, String, Option<Uuid>, Option<String>);

async fn load_refs(tx: &mut Tx, forbund: Uuid) -> CoreResult<Refs> {
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
        let Some(part) = Part::from_code(&part) else {
            continue;
        };
        if refs.orgs.last().map(|o| o.id) != Some(org) {
            refs.orgs.push(Org {
                id: org,
                part,
                key: key(&namn),
                namn,
                units: Vec::new(),
            });
        }
        if let (Some(id), Some(n), Some(o)) = (enhet, enhet_namn, refs.orgs.last_mut()) {
            o.units.push(Unit {
                id,
                key: key(&n),
                namn: n,
            });
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
struct NewUnit {
    id: Uuid,
    org: Uuid,
    name: String,
}

/// Reads, checks and (with `write`) imports the file inside the caller's transaction.
async fn run(
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
    let refs = load_refs(tx, forbund).await?;
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
        if let Place::NewUnit { org, name } = &r.place {
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
    let place_ids = |p: &Place| -> (Option<Uuid>, Option<Uuid>) {
        match p {
            Place::PartOnly => (None, None),
            Place::Org(o) => (Some(*o), None),
            Place::Unit { org, unit } => (Some(*org), Some(*unit)),
            Place::NewUnit { org, name } => (Some(*org), unit_ids.get(&(*org, key(name))).copied()),
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

    for chunk in rows.chunks(BATCH) {
        let mut a = Columns::default();
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
            for c in &r.ersattning {
                a.ers_arende.push(id);
                a.ers_kod.push(c.code());
            }
            for c in &r.malgrupper {
                a.mal_arende.push(id);
                a.mal_kod.push(c.code());
            }
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
struct Columns {
    id: Vec<Uuid>,
    ar: Vec<i32>,
    seq: Vec<i32>,
    nummer: Vec<String>,
    inkom: Vec<Date>,
    part: Vec<&'static str>,
    org: Vec<Option<Uuid>>,
    enhet: Vec<Option<Uuid>>,
    handlaggare: Vec<Option<Uuid>>,
    kon: Vec<&'static str>,
    alder: Vec<Option<i32>>,
    kommun: Vec<Option<String>>,
    problem: Vec<Option<&'static str>>,
    beskrivning: Vec<String>,
    status: Vec<&'static str>,
    avslut: Vec<Option<&'static str>>,
    avslutad: Vec<Option<Date>>,
    hash: Vec<Vec<u8>>,
    handelse: Vec<String>,
    ers_arende: Vec<Uuid>,
    ers_kod: Vec<&'static str>,
    mal_arende: Vec<Uuid>,
    mal_kod: Vec<&'static str>,
    atg_id: Vec<Uuid>,
    atg_arende: Vec<Uuid>,
    atg_kod: Vec<&'static str>,
    atg_datum: Vec<Date>,
}

impl Columns {
    async fn write(&self, tx: &mut Tx, ctx: &Ctx, forbund: Uuid, lokus: Uuid) -> CoreResult<()> {
        sqlx::query(
            "insert into arende (forbund_id, lokus_id, skapad_av, arende_id, ar, lopnummer, nummer, \
                 inkom, part, organisation_id, enhet_id, handlaggare_id, kon, alder, bostadskommun, \
                 samverkansproblem, beskrivning, status, avslut, avslutad_datum, import_hash) \
             select $1, $2, $3, t.* from unnest($4::uuid[], $5::int4[], $6::int4[], $7::text[], \
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
        sqlx::query(
            "insert into arende_handelse (forbund_id, arende_id, typ, text, user_id) \
             select $1, a, 'importerad', x, $2 from unnest($3::uuid[], $4::text[]) as t(a, x)",
        )
        .bind(forbund)
        .bind(ctx.person())
        .bind(&self.id)
        .bind(&self.handelse)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

fn preview_row(r: &ValidRow, refs: &Refs) -> PreviewRow {
    let org = |id: Uuid| refs.orgs.iter().find(|o| o.id == id);
    let avsandare = match &r.place {
        Place::PartOnly => r.part.label().to_string(),
        Place::Org(o) => org(*o).map(|o| o.namn.clone()).unwrap_or_default(),
        Place::Unit { org: o, unit } => org(*o)
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
        Place::NewUnit { org: o, name } => org(*o)
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

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = date!(2026 - 03 - 10);
    const F: Uuid = Uuid::from_u128(1);
    const L: Uuid = Uuid::from_u128(2);

    fn refs() -> Refs {
        let org = |n: u128, part: Part, namn: &str, units: &[(u128, &str)]| Org {
            id: Uuid::from_u128(n),
            part,
            namn: namn.into(),
            key: key(namn),
            units: units
                .iter()
                .map(|(id, u)| Unit {
                    id: Uuid::from_u128(*id),
                    namn: (*u).into(),
                    key: key(u),
                })
                .collect(),
        };
        let mut r = Refs {
            orgs: vec![
                org(10, Part::Fk, "FK Västerlän", &[(11, "Sjukpenning")]),
                org(
                    20,
                    Part::Kommun,
                    "Stenbäcks kommun",
                    &[(21, "Försörjningsstöd"), (22, "Verkstan")],
                ),
                org(
                    30,
                    Part::Kommun,
                    "Lövsjö kommun",
                    &[(31, "Försörjningsstöd")],
                ),
            ],
            ..Refs::default()
        };
        for (kod, namn) in [("0380", "Uppsala"), ("9902", "Stenbäck")] {
            r.kommun_by_name.insert(key(namn), kod.into());
            r.kommun_by_code.insert(kod.into(), namn.into());
        }
        r
    }

    fn check(text: &str) -> Checked {
        check_file(text.as_bytes(), &refs(), TODAY, F, L)
    }

    fn messages(c: &Checked) -> Vec<String> {
        c.errors.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn separators_are_detected_from_the_header_outside_quotes() {
        assert_eq!(detect_separator("inkom;part;\"a,b\"\n1,2,3"), Some(b';'));
        assert_eq!(detect_separator("inkom,part\n1;2;3;4"), Some(b','));
        assert_eq!(detect_separator("inkom\n1;2"), None);
    }

    #[test]
    fn headers_ignore_case_and_swedish_letters() {
        assert_eq!(Column::from_header("Ålder"), Some(Column::Alder));
        assert_eq!(Column::from_header(" KÖN "), Some(Column::Kon));
        assert_eq!(
            Column::from_header("Avslutad datum"),
            Some(Column::AvslutadDatum)
        );
        assert_eq!(Column::from_header("\u{feff}inkom"), Some(Column::Inkom));
        assert_eq!(Column::from_header("namn"), None);
        assert!(unknown_column("malgrupp").contains("Menade du malgrupper?"));
    }

    #[test]
    fn a_good_file_with_codes_and_one_with_labels_read_the_same() {
        let codes = check(
            "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning\n\
             2026-01-05;fk;Sjukpenning;FK-1;kvinna;34;0380;psykisk_ohalsa|langtidssjukskriven;sjukpenning;kontakt_formedlad;racker_inte;avslutad;2026-02-01;lotsad_ordinarie;Behöver stöd\n",
        );
        assert!(codes.errors.is_empty(), "{:?}", messages(&codes));
        let labels = check(
            "Beskrivning,Avslut,Avslutad_datum,Status,Samverkansproblem,Åtgärder,Ersättning,Målgrupper,Bostadskommun,Ålder,Kön,Handläggare,Enhet,Part,Inkom\n\
             Behöver stöd,Lotsad till ordinarie verksamhet,2026-02-01,Avslutad,Struktur finns och tillämpas men räcker inte,Kontakt förmedlad eller föreslagen,Sjukpenning,Långtidssjukskriven|Psykisk ohälsa,Uppsala,34,K,FK-1,sjukpenning,Försäkringskassan,2026-01-05\n",
        );
        assert!(labels.errors.is_empty(), "{:?}", messages(&labels));
        let (a, b) = (&codes.rows[0], &labels.rows[0]);
        assert_eq!(a.hash, b.hash, "same content, same hash");
        assert_eq!(
            a.place,
            Place::Unit {
                org: Uuid::from_u128(10),
                unit: Uuid::from_u128(11)
            }
        );
        assert_eq!(a.malgrupper.len(), 2);
        assert_eq!(a.status, Status::Avslutad);
    }

    #[test]
    fn identical_rows_get_different_hashes_and_a_bom_is_ignored() {
        let c = check("\u{feff}inkom;part\n2026-01-05;fk\n2026-01-05;fk\n;\n");
        assert!(c.errors.is_empty(), "{:?}", messages(&c));
        assert_eq!(c.data_rows, 2, "the empty line is not a row");
        assert_ne!(c.rows[0].hash, c.rows[1].hash);
        assert_eq!(c.rows[0].kon, Kon::Okant);
        assert_eq!(c.rows[0].alder, None);
        assert_eq!(c.rows[0].status, Status::Pagaende);
        assert_eq!(c.rows[0].place, Place::Org(Uuid::from_u128(10)));
    }

    #[test]
    fn every_bad_cell_is_reported_with_line_and_column() {
        let c = check(
            "inkom;part;kon;alder;bostadskommun;malgrupper;status;avslut;beskrivning\n\
             2026-13-01;fk;;;;;;;\n\
             2026-01-02;polisen;x;121;Atlantis;foo|psykisk_ohalsa;;;\n\
             2026-04-01;af;;;;;avslutad;;Ring 850709-9805\n\
             2026-01-02;fk;;;;;pagaende;sip;\n",
        );
        let m = messages(&c);
        assert!(c.rows.is_empty());
        for expected in [
            "rad 2, kolumn inkom: \"2026-13-01\" är inget datum",
            "rad 3, kolumn part: Okänd part \"polisen\"",
            "rad 3, kolumn kon: Okänt kön \"x\"",
            "rad 3, kolumn alder: Åldern 121 är inte mellan 0 och 120 år.",
            "rad 3, kolumn bostadskommun: Okänd kommun \"Atlantis\"",
            "rad 3, kolumn malgrupper: Okänd målgrupp \"foo\"",
            "rad 4, kolumn inkom: Datumet 2026-04-01 ligger i framtiden.",
            "rad 4, kolumn avslut: Ett avslutat ärende behöver ett avslut",
            "rad 4, kolumn avslutad_datum: Ett avslutat ärende behöver datumet",
            "rad 4, kolumn beskrivning: Beskrivningen innehåller något som liknar ett personnummer",
            "rad 5, kolumn status: Raden har avslut",
        ] {
            assert!(
                m.iter().any(|x| x.starts_with(expected)),
                "{expected}\n{m:#?}"
            );
        }
    }

    #[test]
    fn header_problems_stop_the_reading() {
        let m = messages(&check("inkom;namn;inkom\n2026-01-01;Anna;2026-01-01\n"));
        assert!(
            m.iter()
                .any(|x| x.starts_with("rad 1, kolumn namn: Okänd kolumn"))
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("rad 1, kolumn inkom: Kolumnen finns två gånger"))
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("rad 1, kolumn part: Kolumnen saknas"))
        );
        let m = messages(&check_file(
            b"inkom;part\n2026-01-01;\xE5\n",
            &refs(),
            TODAY,
            F,
            L,
        ));
        assert!(
            m[0].starts_with("rad 2: Filen är inte sparad som UTF-8"),
            "{m:?}"
        );
        let m = messages(&check("inkom;part\n2026-01-01;fk;x\n"));
        assert!(m[0].contains("fler fält"), "{m:?}");
    }

    #[test]
    fn units_are_found_created_or_refused_by_the_rule() {
        let r = refs();
        let kommun = |cell: &str| resolve_place(&r, Part::Kommun, cell);
        assert!(
            kommun("Försörjningsstöd")
                .unwrap_err()
                .contains("finns hos flera organisationer")
        );
        assert_eq!(
            kommun("Lövsjö kommun / försörjningsstöd").unwrap(),
            Place::Unit {
                org: Uuid::from_u128(30),
                unit: Uuid::from_u128(31)
            }
        );
        assert_eq!(
            kommun("Verkstan").unwrap(),
            Place::Unit {
                org: Uuid::from_u128(20),
                unit: Uuid::from_u128(22)
            }
        );
        assert_eq!(
            kommun("Stenbäcks kommun").unwrap(),
            Place::Org(Uuid::from_u128(20))
        );
        assert_eq!(
            kommun("Stenbäcks kommun – Ny enhet").unwrap(),
            Place::NewUnit {
                org: Uuid::from_u128(20),
                name: "Ny enhet".into()
            }
        );
        assert!(
            kommun("Okänd")
                .unwrap_err()
                .contains("flera organisationer")
        );
        assert_eq!(kommun("").unwrap(), Place::PartOnly);
        assert_eq!(
            resolve_place(&r, Part::Fk, "Aktivitetsersättning").unwrap(),
            Place::NewUnit {
                org: Uuid::from_u128(10),
                name: "Aktivitetsersättning".into()
            }
        );
        assert!(
            resolve_place(&r, Part::Af, "JOB")
                .unwrap_err()
                .contains("ingen organisation för part Arbetsförmedlingen")
        );
        assert_eq!(resolve_place(&r, Part::Af, "").unwrap(), Place::PartOnly);
    }

    #[test]
    fn kommuner_by_code_or_name() {
        let r = refs();
        assert_eq!(find_kommun(&r, "0380").as_deref(), Some("0380"));
        assert_eq!(find_kommun(&r, "uppsala").as_deref(), Some("0380"));
        assert_eq!(find_kommun(&r, "Uppsala kommun").as_deref(), Some("0380"));
        assert_eq!(find_kommun(&r, "Stenbäcks kommun").as_deref(), Some("9902"));
        assert_eq!(find_kommun(&r, "0000"), None);
    }
}
