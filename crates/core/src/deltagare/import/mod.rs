//! CSV import of participants from a coach's Excel list (issue 16 §5, DESIGN §6.4b): each row
//! becomes a participant of one insats, inskriven or utskriven, with kön, birth year, kommun,
//! source, queue date, the start of arbetsträning and the measurements before and after.
//!
//! The file is read as the ärende import reads its files (`arende::import`: UTF-8 with or
//! without BOM or Windows-1252 converted, `;` or `,` detected, header names in any order and
//! case, codes or Swedish labels, unknown columns left out and listed) and checked completely
//! before anything is written; any problem means nothing is written, and every problem is
//! reported with line, column and a Swedish reason. Imports are always **without identity**: a
//! column that looks like a name or personnummer, or a personnummer-shaped value in any cell,
//! stops the file. No consent row is written, so the participant stays anonymous to everyone;
//! its measurements are kept as de-identified data for the figures (docs/decisions.md).
//!
//! Every participant carries a stable hash of its row in `deltagare.import_hash` (förbund,
//! insats, the normalised row and how many identical rows came before it), so importing the
//! same file again creates nothing. Running numbers continue the insats's numbering, in
//! inskrivning order, with the insats row locked as a queue entry does.
//!
//! Who: the insats's coaches and its insatsansvarig (`Action::WorkQueue`); a coach's imported
//! participants are theirs, anyone else's are unassigned. The command line acts on the
//! förbund's behalf (`Ctx::cli` with an insatsansvarig grant). The web page keeps an uploaded
//! file in `import_fil` (with the insats) between the preview and "Importera".

mod check;
mod row;
#[cfg(test)]
mod tests;
mod write;

use super::{InsatsRef, insats_ref};
pub use crate::arende::import::{FileEncoding, MAX_FILE_BYTES, RowError};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx, today};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::{Action, AuditAction};
use std::collections::HashSet;
use uuid::Uuid;

/// How many of the participants to be imported the preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// What every importer shows before reading a file.
pub const IDENTITY_WARNING: &str = "Deltagare importeras alltid utan identitet: filen får inte ha \
     kolumner med namn eller personnummer, och en fil där något liknar ett personnummer stoppas. \
     Namn i andra kolumner kan inte upptäckas – kontrollera filen innan du importerar.";

/// The columns of DESIGN §6.4b. Header names are matched case-insensitively, with å, ä, ö read
/// as a, a, o and spaces or hyphens as `_` (so `Kön`, `Födelseår` and `ko datum` are understood).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Inskriven,
    Utskriven,
    Kon,
    Alder,
    Fodelsear,
    Bostadskommun,
    Kalla,
    KoDatum,
    ArbetstraningFran,
    ForsorjningFore,
    SysselsattningFore,
    ForsorjningEfter,
    SysselsattningEfter,
    Avslutsanledning,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Inskriven,
        Column::Utskriven,
        Column::Kon,
        Column::Alder,
        Column::Fodelsear,
        Column::Bostadskommun,
        Column::Kalla,
        Column::KoDatum,
        Column::ArbetstraningFran,
        Column::ForsorjningFore,
        Column::SysselsattningFore,
        Column::ForsorjningEfter,
        Column::SysselsattningEfter,
        Column::Avslutsanledning,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Inskriven => "inskriven",
            Column::Utskriven => "utskriven",
            Column::Kon => "kon",
            Column::Alder => "alder",
            Column::Fodelsear => "fodelsear",
            Column::Bostadskommun => "bostadskommun",
            Column::Kalla => "kalla",
            Column::KoDatum => "ko_datum",
            Column::ArbetstraningFran => "arbetstraning_fran",
            Column::ForsorjningFore => "forsorjning_fore",
            Column::SysselsattningFore => "sysselsattning_fore",
            Column::ForsorjningEfter => "forsorjning_efter",
            Column::SysselsattningEfter => "sysselsattning_efter",
            Column::Avslutsanledning => "avslutsanledning",
        }
    }

    pub fn required(self) -> bool {
        self == Column::Inskriven
    }

    /// What the column holds, in Swedish, for the import page.
    pub fn description(self) -> &'static str {
        match self {
            Column::Inskriven => "Inskrivningsdatum, ÅÅÅÅ-MM-DD. Inte i framtiden.",
            Column::Utskriven => {
                "Utskrivningsdatum, ÅÅÅÅ-MM-DD, inte före inskrivningen. Tomt = fortfarande inskriven."
            }
            Column::Kon => "kvinna, man, K eller M. Tomt = okänt.",
            Column::Alder => {
                "Ålder vid inskrivningen i hela år, 0–120; födelseåret räknas ut. Tomt = okänd."
            }
            Column::Fodelsear => "Födelseår med fyra siffror (i stället för alder). Tomt = okänt.",
            Column::Bostadskommun => {
                "Kommunens namn eller fyrsiffriga SCB-kod; en av insatsens kommuner."
            }
            Column::Kalla => {
                "Hur personen kom till insatsen: via_koordinator, overford eller direkt (standard)."
            }
            Column::KoDatum => {
                "Datum då personen ställdes i kö, ÅÅÅÅ-MM-DD, inte efter inskrivningen."
            }
            Column::ArbetstraningFran => {
                "Datum då arbetsträning eller praktik började, från inskrivningen till utskrivningen."
            }
            Column::ForsorjningFore => {
                "Försörjning veckan före start: koder eller benämningar åtskilda med |, var och en med :omfattning i procent, t.ex. sjukpenning:50|lon:50. Utan omfattning räknas 100."
            }
            Column::SysselsattningFore => {
                "Sysselsättning veckan före start, som försörjningen, t.ex. sjukskriven:100."
            }
            Column::ForsorjningEfter => "Försörjning vid utskrivningen (kräver utskriven).",
            Column::SysselsattningEfter => "Sysselsättning vid utskrivningen (kräver utskriven).",
            Column::Avslutsanledning => {
                "Varför deltagaren skrevs ut (kod eller benämning). Krävs när utskriven är ifylld."
            }
        }
    }

    /// The column a header names, if any: its name, or another spelling a list may use.
    pub fn from_header(header: &str) -> Option<Column> {
        let h = crate::arende::import::normalise_header(header);
        let alias = match h.as_str() {
            "inskrivningsdatum" | "inskrivning" | "startdatum" => Some(Column::Inskriven),
            "utskrivningsdatum" | "utskrivning" | "slutdatum" => Some(Column::Utskriven),
            "kodatum" | "i_ko" | "i_ko_sedan" => Some(Column::KoDatum),
            "fodelsear_(aaaa)" | "fodd" => Some(Column::Fodelsear),
            "kommun" => Some(Column::Bostadskommun),
            "arbetstraning" | "arbetstraning_fran_och_med" => Some(Column::ArbetstraningFran),
            "avslutsorsak" | "avslut" => Some(Column::Avslutsanledning),
            _ => None,
        };
        alias.or_else(|| Column::ALL.into_iter().find(|c| c.name() == h))
    }
}

/// One of the participants to be imported, as the preview shows it.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub line: u64,
    pub inskriven: String,
    pub utskriven: String,
    pub kon: &'static str,
    pub fodelsear: String,
    pub bostadskommun: String,
    pub kalla: &'static str,
    pub ko_datum: String,
    pub arbetstraning_fran: String,
    pub fore: String,
    pub efter: String,
    pub avslutsanledning: &'static str,
}

/// What reading (and perhaps importing) a file found.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub insats_kod: String,
    pub insats_namn: String,
    /// Data rows in the file (empty lines not counted).
    pub rows: usize,
    /// Every problem found; when there is any, nothing is (or was) imported.
    pub errors: Vec<RowError>,
    /// Participants that are new (to be imported, or imported).
    pub new_rows: usize,
    /// Rows imported before (same hash); skipped.
    pub already: usize,
    /// The first participants to be imported.
    pub sample: Vec<PreviewRow>,
    /// The running numbers the new participants got (first, last), after an import.
    pub numbers: Option<(i32, i32)>,
    /// The participants are (or were) assigned to the importing coach; otherwise unassigned.
    pub assigned_to_importer: bool,
    /// The rows were written.
    pub committed: bool,
    /// How the file was saved (a Windows-1252 file was converted).
    pub encoding: FileEncoding,
    /// Columns that are not imported, in file order.
    pub ignored_columns: Vec<String>,
}

impl ImportReport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// What stops the file being imported, in one sentence; `None` when nothing does.
    pub fn failure(&self) -> Option<String> {
        let n = self.errors.len();
        match (n, self.rows) {
            (0, _) => None,
            (1, 0) => Some(format!(
                "{} Ingenting har importerats.",
                self.errors[0].message
            )),
            (_, 0) => Some(format!(
                "Filen har {n} fel och inga rader med deltagare. Ingenting har importerats."
            )),
            _ => Some(format!(
                "Filen har {n} fel och kan inte importeras. Ingenting har sparats. Rätta raderna i filen och ladda upp den igen."
            )),
        }
    }
}

/// The message for a file over the size limit.
pub fn too_large() -> String {
    format!(
        "Filen är för stor. Högst {} MB går att importera på en gång: dela upp den, eller använd kommandot lotsen import deltagare.",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// The insats `kod` when the actor may import into it: a coach of it or its insatsansvarig;
/// the command line (no person, acting for the förbund) too.
async fn insats_for_import(tx: &mut Tx, ctx: &Ctx, kod: &str) -> CoreResult<InsatsRef> {
    let i = insats_ref(tx, ctx, kod).await?;
    let command_line = ctx.person().is_none() && ctx.actor.system_admin;
    ctx.require(Action::WorkQueue {
        coach: i.coach,
        ansvarig: i.ansvarig || command_line,
    })?;
    Ok(i)
}

/// The insats, for the upload page (`NotFound` for anyone who may not import into it).
pub async fn import_page(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<InsatsRef> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    tx.commit().await?;
    Ok(i)
}

/// Reads and checks a file for the insats without writing anything.
pub async fn preview(db: &Db, ctx: &Ctx, kod: &str, bytes: &[u8]) -> CoreResult<ImportReport> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    let report = run(&mut tx, ctx, &i, bytes, false).await?;
    tx.rollback().await?;
    Ok(report)
}

/// Imports a file into the insats: every new participant, or — when any row has a problem —
/// nothing. The report says which.
#[tracing::instrument(name = "deltagare.import", skip_all, fields(insats = %kod))]
pub async fn import(db: &Db, ctx: &Ctx, kod: &str, bytes: &[u8]) -> CoreResult<ImportReport> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    let report = run(&mut tx, ctx, &i, bytes, true).await?;
    finish(tx, report).await
}

async fn finish(tx: Tx, report: ImportReport) -> CoreResult<ImportReport> {
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
#[tracing::instrument(name = "deltagare.import.upload", skip_all, fields(insats = %kod))]
pub async fn upload(db: &Db, ctx: &Ctx, kod: &str, bytes: &[u8]) -> CoreResult<Upload> {
    let forbund = ctx.forbund_id()?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CoreError::invalid("fil", too_large()));
    }
    let report = run(&mut tx, ctx, &i, bytes, false).await?;
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
    if staged + bytes.len() as i64 > crate::arende::import::MAX_STAGED_BYTES_PER_FORBUND {
        return Err(CoreError::invalid(
            "fil",
            "Förbundet har just nu många filer som väntar på import. Försök igen om en stund.",
        ));
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into import_fil (forbund_id, import_fil_id, insats_id, skapad_av, innehall) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(id)
    .bind(i.insats_id)
    .bind(person)
    .bind(bytes)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Upload::Staged(id))
}

/// A kept file of the insats, uploaded by the actor and not expired; deleted (claimed) when
/// `claim`.
async fn staged(
    tx: &mut Tx,
    ctx: &Ctx,
    insats: Uuid,
    id: Uuid,
    claim: bool,
) -> CoreResult<Vec<u8>> {
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let sql = if claim {
        "delete from import_fil where forbund_id = $1 and import_fil_id = $2 and skapad_av = $3 \
           and insats_id = $4 and expires_at > now() returning innehall"
    } else {
        "select innehall from import_fil where forbund_id = $1 and import_fil_id = $2 \
           and skapad_av = $3 and insats_id = $4 and expires_at > now()"
    };
    sqlx::query_scalar(sql)
        .bind(ctx.forbund_id()?)
        .bind(id)
        .bind(person)
        .bind(insats)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(CoreError::NotFound)
}

/// The preview of a kept file: `NotFound` unless the actor uploaded it for this insats and it
/// has not expired.
pub async fn preview_staged(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<ImportReport> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    let bytes = staged(&mut tx, ctx, i.insats_id, id, false).await?;
    let report = run(&mut tx, ctx, &i, &bytes, false).await?;
    tx.rollback().await?;
    Ok(report)
}

/// Imports a kept file and forgets it, in one transaction. A second click finds no file
/// (`NotFound`).
#[tracing::instrument(name = "deltagare.import.staged", skip_all, fields(id = %id))]
pub async fn import_staged(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<ImportReport> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    let bytes = staged(&mut tx, ctx, i.insats_id, id, true).await?;
    let report = run(&mut tx, ctx, &i, &bytes, true).await?;
    finish(tx, report).await
}

/// Forgets a kept file without importing it.
pub async fn discard(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<()> {
    let mut tx = db.begin(ctx).await?;
    let i = insats_for_import(&mut tx, ctx, kod).await?;
    // Nothing kept (imported already, or expired) is fine: the file is gone either way.
    let _ = staged(&mut tx, ctx, i.insats_id, id, true).await;
    tx.commit().await?;
    Ok(())
}

/// Reads and checks the file, and when `write` and it is valid, writes the new participants.
async fn run(
    tx: &mut Tx,
    ctx: &Ctx,
    insats: &InsatsRef,
    bytes: &[u8],
    write: bool,
) -> CoreResult<ImportReport> {
    let forbund = ctx.forbund_id()?;
    let today = today(tx).await?;
    let refs = write::load_refs(tx, forbund, insats.insats_id).await?;
    let checked = check::check_file(bytes, &refs, today, forbund, insats.insats_id);
    let coach = ctx.person().filter(|_| insats.coach);
    let mut report = ImportReport {
        insats_kod: insats.kod.clone(),
        insats_namn: insats.namn.clone(),
        rows: checked.data_rows,
        errors: checked.errors,
        encoding: checked.encoding,
        ignored_columns: checked.ignored,
        assigned_to_importer: coach.is_some(),
        ..ImportReport::default()
    };
    if !report.errors.is_empty() {
        return Ok(report);
    }
    if write {
        // Running numbers and the hashes seen are read under the insats's lock, so concurrent
        // imports (and queue entries) queue here.
        sqlx::query("select 1 from insats where forbund_id = $1 and insats_id = $2 for update")
            .bind(forbund)
            .bind(insats.insats_id)
            .execute(&mut **tx)
            .await?;
    }
    let hashes: Vec<Vec<u8>> = checked.rows.iter().map(|r| r.hash.clone()).collect();
    let seen: Vec<Vec<u8>> = sqlx::query_scalar(
        "select import_hash from deltagare where forbund_id = $1 and import_hash = any($2)",
    )
    .bind(forbund)
    .bind(&hashes)
    .fetch_all(&mut **tx)
    .await?;
    let seen: HashSet<Vec<u8>> = seen.into_iter().collect();
    let mut new: Vec<&row::ValidRow> = checked
        .rows
        .iter()
        .filter(|r| !seen.contains(&r.hash))
        .collect();
    report.already = checked.rows.len() - new.len();
    report.new_rows = new.len();
    report.sample = new
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| r.preview(&refs))
        .collect();
    if write {
        new.sort_by_key(|r| (r.inskriven, r.line));
        report.numbers = write::write_rows(tx, ctx, forbund, insats.insats_id, coach, &new).await?;
        audit::record(
            tx,
            AuditEntry::by(ctx, AuditAction::DeltagareImport).on("insats", insats.insats_id),
        )
        .await?;
        report.committed = true;
    }
    Ok(report)
}
