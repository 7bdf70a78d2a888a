//! CSV import of lots-ärenden (DESIGN §6.4): codes and Swedish labels, `;` and `,`, BOM,
//! Windows-1252 from Excel, unknown columns left out, units within the group's area,
//! "Visa ärendena" and the closing in the timeline, idempotent re-import, all-or-nothing with every bad line reported, units found, created or
//! refused, gapless numbering in inkom order, access, audit and timeline, the upload page's
//! preview-then-import flow, the command line, and a 50 000-row file.

mod after;
mod command_line;
mod excel;
mod files;
mod pages;
mod units;

use crate::support::{Resp, TestApp};
use axum::http::StatusCode;
use lotsen_core::Ctx;
use lotsen_core::arende::import::{self, ImportReport};
use lotsen_domain::{Grant, Role};
use std::fmt::Write as _;
use std::time::Instant;
use uuid::Uuid;
const HEADER: &str = "inkom;part;enhet;handlaggare;kon;alder;bostadskommun;malgrupper;ersattning;atgarder;samverkansproblem;status;avslutad_datum;avslut;beskrivning";

/// Four ärenden written with codes, out of date order, over two years.
fn codes_file() -> String {
    format!(
        "{HEADER}\n\
         2026-02-10;fk;Sjukpenning;FK-IMP1;kvinna;34;9902;psykisk_ohalsa|langtidssjukskriven;sjukpenning;kontakt_formedlad|flerpartsmote;racker_inte;pagaende;;;Behöver stöd mellan FK och vården\n\
         2025-11-03;af;JOB;AF-IMP1;man;27;9903;unga_uvas;aktivitetsstod;information_insatser;struktur_saknas;avslutad;2025-12-01;lotsad_ordinarie;\n\
         2026-01-05;kommun;Stenbäcks kommun, socialförvaltningen / Försörjningsstöd;SOC-IMP1;;;;;forsorjningsstod;;;vilande;;;\n\
         2025-10-01;region;Stenbäcks psykiatrimottagning;;okant;;;;;;;;;;\n"
    )
}

/// The same four ärenden with Swedish labels, `,` as separator, a BOM, other column order
/// and header spelling.
fn labels_file() -> String {
    "\u{feff}Beskrivning,Inkom,Part,Enhet,Handläggare,Kön,Ålder,Bostadskommun,Målgrupper,Ersättning,Åtgärder,Samverkansproblem,Status,Avslutad datum,Avslut\n\
     Behöver stöd mellan FK och vården,2026-02-10,Försäkringskassan,sjukpenning,FK-IMP1,K,34,Stenbäck,Långtidssjukskriven|Psykisk ohälsa,Sjukpenning,Flerpartsmöte|Kontakt förmedlad eller föreslagen,Struktur finns och tillämpas men räcker inte,Pågående,,\n\
     ,2025-11-03,Arbetsförmedlingen,JOB,AF-IMP1,M,27,Lövsjö kommun,Unga som varken arbetar eller studerar (UVAS),Aktivitetsstöd,Information om insatser,Struktur saknas,Avslutad,2025-12-01,Lotsad till ordinarie verksamhet\n\
     ,2026-01-05,Kommun,\"Stenbäcks kommun, socialförvaltningen / Försörjningsstöd\",SOC-IMP1,,,,,Försörjningsstöd,,,Vilande,,\n\
     ,2025-10-01,Region,Stenbäcks psykiatrimottagning,,Okänt,,,,,,,,,\n"
        .to_string()
}

async fn lokus_id(app: &TestApp, slug: &str, kod: &str) -> Uuid {
    app.scalar_in(
        slug,
        &format!("select lokus_id from lokus_grupp where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}

/// The demo coordinator (FJL and STL) as a core context.
async fn coordinator(app: &TestApp) -> Ctx {
    coordinator_of(app, &["FJL", "STL"]).await
}

/// The demo coordinator as a core context, coordinating the groups `koder`.
async fn coordinator_of(app: &TestApp, koder: &[&str]) -> Ctx {
    let forbund = lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
        .await
        .unwrap();
    let user = app
        .user_id("fjardlunda", "koordinator@demo.lotsen.example")
        .await;
    let mut ctx = Ctx::cli(Some(forbund));
    ctx.user_id = user;
    ctx.actor.user_id = user;
    ctx.actor.system_admin = false;
    ctx.actor.grants.clear();
    for kod in koder {
        ctx.actor.grants.push(Grant {
            role: Role::Koordinator,
            lokus: Some(lokus_id(app, "fjardlunda", kod).await),
        });
    }
    ctx
}

async fn import_into(app: &TestApp, kod: &str, file: &str) -> ImportReport {
    import_bytes(app, kod, file.as_bytes()).await
}

/// Imports a file of any encoding into the group `kod`, as its coordinator.
async fn import_bytes(app: &TestApp, kod: &str, file: &[u8]) -> ImportReport {
    let ctx = coordinator_of(app, &[kod]).await;
    let lokus = lokus_id(app, "fjardlunda", kod).await;
    import::import(&app.t.db, &ctx, lokus, file).await.unwrap()
}

/// `text` as Excel's "CSV (semikolonavgränsad)" saves it on Swedish Windows: Windows-1252.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

async fn count(app: &TestApp, sql_where: &str) -> i64 {
    app.scalar_in(
        "fjardlunda",
        &format!("select count(*) from arende where forbund_id = $1 and {sql_where}"),
    )
    .await
}

/// The group's latest number for a year (0 when none).
async fn latest(app: &TestApp, kod: &str, year: i32) -> i32 {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select coalesce(max(a.lopnummer), 0) from arende a join lokus_grupp l using (forbund_id, lokus_id) \
             where a.forbund_id = $1 and l.kod = '{kod}' and a.ar = {year}"
        ),
    )
    .await
}

/// `(line, column)` of every error.
fn places(r: &ImportReport) -> Vec<(u64, String)> {
    r.errors
        .iter()
        .map(|e| (e.line, e.column.clone()))
        .collect()
}
