//! CSV import of participants (issue 16 §5, DESIGN §6.4b): a Windows-1252 semicolon file with
//! Swedish labels and a UTF-8 comma file with codes (the same participants, so the second finds
//! them imported), preview then import, idempotence, all-or-nothing with every bad value
//! reported by line and column, identity columns and personnummer-shaped values refused, who
//! may import (every demo login), the command line and the audit rows.

mod command_line;
mod files;
mod pages;

use crate::support::{Resp, TestApp};
use uuid::Uuid;

pub(crate) use crate::deltagare::{COACH, KOD, insats};

/// The demo's insatsansvarig of `STL-COACH`.
pub(crate) const INSATS: &str = "insats@demo.lotsen.example";

/// Three participants with Swedish labels and headers, as a coach's Excel list: one written
/// out to work after arbetsträning, one still enrolled, one who left; an extra column.
pub(crate) const LABELS: &str = "Inskriven;Utskriven;Kön;Ålder;Bostadskommun;Källa;Kö datum;Arbetsträning från;Försörjning före;Sysselsättning före;Försörjning efter;Sysselsättning efter;Avslutsanledning;Anteckning\r\n\
2025-03-03;2025-11-28;K;34;Stenbäck;Via samverkanskoordinator;2025-02-10;2025-04-07;Sjukpenning eller rehabiliteringspenning:50|Lön:50;Sjukskriven:50|Förvärvsarbete (även eget företag):50;Lön;Förvärvsarbete (även eget företag);Arbete;bra\r\n\
2025-05-12;;Man;;Lövsjö kommun;;;;Försörjningsstöd;Ingen sysselsättning;;;;\r\n\
2025-06-02;2025-09-30;;;;Direkt;;;;;;;Eget önskemål (avbrutet);\r\n";

/// The same three participants with codes, `,`, another column order and födelseår.
pub(crate) const CODES: &str = "kon,fodelsear,inskriven,utskriven,bostadskommun,kalla,ko_datum,arbetstraning_fran,forsorjning_fore,sysselsattning_fore,forsorjning_efter,sysselsattning_efter,avslutsanledning\n\
kvinna,1991,2025-03-03,2025-11-28,9902,via_koordinator,2025-02-10,2025-04-07,lon:50|sjukpenning:50,sjukskriven:50|forvarvsarbete:50,lon:100,forvarvsarbete,arbete\n\
man,,2025-05-12,,9903,,,,forsorjningsstod,ingen,,,\n\
,,2025-06-02,2025-09-30,,direkt,,,,,,,eget_onskemal\n";

pub(crate) fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

/// Uploads a file to the insats's import page as the logged-in person.
pub(crate) async fn upload(app: &mut TestApp, kod: &str, file: &[u8]) -> Resp {
    app.post_multipart(
        &format!("/insatser/{kod}/import"),
        &[],
        Some(("fil", "deltagare.csv", file)),
    )
    .await
}

/// Rows of a participant table in Fjärdlunda matching `sql_where`.
pub(crate) async fn count(app: &TestApp, table: &str, sql_where: &str) -> i64 {
    app.scalar_in(
        "fjardlunda",
        &format!("select count(*) from {table} where forbund_id = $1 and {sql_where}"),
    )
    .await
}

pub(crate) async fn insats_id(app: &TestApp, kod: &str) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!("select insats_id from insats where forbund_id = $1 and kod = '{kod}'"),
    )
    .await
}
