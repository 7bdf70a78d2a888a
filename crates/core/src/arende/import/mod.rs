//! CSV import of lots-ärenden (DESIGN §6.4): a coordinator's Excel log, saved as CSV, becomes
//! ärenden of one LOKUS group.
//!
//! The file is read and checked in Rust first (UTF-8 with or without BOM, or Windows-1252 as
//! Excel saves "CSV (semikolonavgränsad)", converted; `;` or `,` detected from the header line;
//! columns in any order, unknown ones left out and listed; codes or Swedish labels), against the
//! förbund's organisations, units and kommuner — a plain unit name within the LOKUS group's own
//! area first (`lotsen_domain::avsandare`). Every problem is reported with line, column and a
//! Swedish reason, in one pass, and a file with any problem imports nothing. A valid file is then written with a few
//! set-based statements (`insert … select … from unnest(…)`) in one transaction: numbers for the
//! whole batch are taken with one update of `arende_nummer` per year, gapless and in inkom order.
//!
//! Every row carries a stable hash (förbund, LOKUS group, the row's normalised content and how
//! many identical rows came before it in the file) in `arende.import_hash`, so importing the
//! same file again — or a longer version of it — creates only the rows not seen before.
//!
//! The web page keeps an uploaded file in `import_fil` between the preview and the
//! coordinator's "Importera" (at most an hour, readable only by the uploader). Each import that
//! creates ärenden is recorded in `arende_import`, and its ärenden name it, so that the list
//! can show exactly them (`/arenden?import=…`).

mod check;
pub(crate) mod decode;
mod lyft;
mod places;
mod record;
#[cfg(test)]
mod tests;
mod write;

use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::today;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::{
    Atgard, Avslut, Ersattning, Kon, Malgrupp, Samverkansproblem, Status, contains_personnummer,
};
use lotsen_domain::arende_form::{
    ALDER, BESKRIVNING_MAX, HANDLAGGARE_MAX, ReceivedProblem, arende_nummer, check_received,
};
use lotsen_domain::avsandare::{Avsandare, Org, key};
use lotsen_domain::validate::parse_date;
use lotsen_domain::{Action, AuditAction, Part, Role};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;
use uuid::Uuid;

use check::*;
pub(crate) use check::{Lines, detect_separator, distance, file_error, reader};
pub use decode::FileEncoding;
use decode::*;
use places::*;
pub use record::ImportedList;
pub(crate) use record::imported;
use write::*;

/// The largest file the upload page accepts (and `import_fil` stores).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most bytes a förbund may keep waiting between preview and import at once.
pub const MAX_STAGED_BYTES_PER_FORBUND: i64 = 100 * 1024 * 1024;
/// How many of the rows to be imported the preview shows.
pub const PREVIEW_ROWS: usize = 20;
/// Rows per insert statement.
const BATCH: usize = 5_000;

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

    /// The column a header names, if any: its name, or the singular or plural a log may
    /// use instead (`Målgrupp`, `Åtgärd`, `Ersättningar`, `Avslutsdatum`).
    pub fn from_header(header: &str) -> Option<Column> {
        let h = normalise_header(header);
        let alias = match h.as_str() {
            "malgrupp" => Some(Column::Malgrupper),
            "atgard" => Some(Column::Atgarder),
            "ersattningar" => Some(Column::Ersattning),
            "avslutsdatum" => Some(Column::AvslutadDatum),
            _ => None,
        };
        alias.or_else(|| Column::ALL.into_iter().find(|c| c.name() == h))
    }
}

/// A header as compared: lower case, å/ä → a, ö → o, é → e, spaces and hyphens as `_` (the
/// insatskatalog's import reads its headers the same way).
pub(crate) fn normalise_header(h: &str) -> String {
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
    /// How the file was saved (a Windows-1252 file was converted).
    pub encoding: FileEncoding,
    /// Columns that are not imported, in file order (`Anteckningar`, `kolumn 16 (utan rubrik)`).
    pub ignored_columns: Vec<String>,
    /// The import that created the new ärenden (`/arenden?import=…`); none when nothing new was
    /// written.
    pub import_id: Option<Uuid>,
}

impl ImportReport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// What stops the file being imported, in one sentence (the page's error summary and the
    /// command line's last line); `None` when nothing does.
    pub fn failure(&self) -> Option<String> {
        let n = self.errors.len();
        let fel = if n == 1 {
            "1 fel".to_string()
        } else {
            format!("{n} fel")
        };
        match (n, self.rows) {
            (0, _) => None,
            // A file that could not be read, or has no rows: its one problem says it all.
            (1, 0) => Some(format!(
                "{} Ingenting har importerats.",
                self.errors[0].message
            )),
            (_, 0) => Some(format!(
                "Filen har {fel} och inga rader med ärenden. Ingenting har importerats."
            )),
            _ => Some(format!(
                "Filen har {fel} och kan inte importeras. Ingenting har sparats. Rätta raderna i filen och ladda upp den igen."
            )),
        }
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
#[tracing::instrument(name = "arende.import.import", skip_all, fields(lokus = %lokus))]
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
    Invalid(Box<ImportReport>),
}

/// Checks an uploaded file and, when it is valid, keeps it for the preview and the import.
#[tracing::instrument(name = "arende.import.upload", skip_all, fields(lokus = %lokus))]
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
        return Ok(Upload::Invalid(Box::new(report)));
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
         where forbund_id = $1 and import_fil_id = $2 and skapad_av = $3 and expires_at > now() \
           and lokus_id is not null",
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
#[tracing::instrument(name = "arende.import.import_staged", skip_all, fields(id = %id))]
pub async fn import_staged(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<ImportReport> {
    let forbund = ctx.forbund_id()?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let mut tx = db.begin(ctx).await?;
    // Deleting claims the file: a second click waits here and then finds nothing.
    let (lokus, bytes): (Uuid, Vec<u8>) = sqlx::query_as(
        "delete from import_fil \
         where forbund_id = $1 and import_fil_id = $2 and skapad_av = $3 and expires_at > now() \
           and lokus_id is not null \
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
#[tracing::instrument(name = "arende.import.discard", skip_all, fields(id = %id))]
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
