//! The file's bytes as text: UTF-8 with or without BOM, or — what Excel writes for "CSV
//! (semikolonavgränsad)" on Swedish Windows — Windows-1252, converted.

use super::*;
use std::borrow::Cow;

/// How the file was saved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FileEncoding {
    #[default]
    Utf8,
    /// UTF-8 with a byte order mark ("CSV UTF-8" in Excel).
    Utf8Bom,
    /// Not UTF-8: read as Windows-1252 ("CSV (semikolonavgränsad)" in Excel).
    Windows1252,
}

impl FileEncoding {
    /// What the preview and the command line say about a converted file.
    pub fn notice(self) -> Option<&'static str> {
        match self {
            FileEncoding::Windows1252 => {
                Some("Filen var sparad som Windows-1252 (Excel) och har konverterats.")
            }
            FileEncoding::Utf8 | FileEncoding::Utf8Bom => None,
        }
    }
}

/// UTF-8 encodings of å, ä, ö, Å, Ä, Ö, é: in a file that is not valid UTF-8 they mean two
/// encodings were mixed (read as Windows-1252 they would become "Ã¥").
const UTF8_LETTERS: [[u8; 2]; 7] = [
    [0xC3, 0xA5],
    [0xC3, 0xA4],
    [0xC3, 0xB6],
    [0xC3, 0x85],
    [0xC3, 0x84],
    [0xC3, 0x96],
    [0xC3, 0xA9],
];

/// The file as text, or the one problem that stops it being read at all.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, FileEncoding), RowError> {
    let refuse = |message: &str| Err(file_error(1, "", message));
    if bytes.starts_with(b"PK\x03\x04") {
        return refuse(
            "Filen är en Excel-arbetsbok (.xlsx), inte en CSV-fil. Öppna den i Excel och välj Spara som → \"CSV (semikolonavgränsad)\" eller \"CSV UTF-8\".",
        );
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return refuse(
            "Filen är ingen textfil som går att läsa (den kan vara sparad som Unicode-text eller vara en annan sorts fil). Spara den i Excel som \"CSV (semikolonavgränsad)\" eller \"CSV UTF-8\".",
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((Cow::Borrowed(text), FileEncoding::Utf8Bom)),
            Err(e) => Err(mixed(rest, e.valid_up_to())),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), FileEncoding::Utf8)),
        Err(e)
            if bytes
                .windows(2)
                .any(|w| UTF8_LETTERS.iter().any(|l| l == w)) =>
        {
            Err(mixed(bytes, e.valid_up_to()))
        }
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, FileEncoding::Windows1252))
        }
    }
}

/// A file that is UTF-8 in one place and something else in another.
fn mixed(bytes: &[u8], valid_up_to: usize) -> RowError {
    let line = bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count() as u64 + 1;
    file_error(
        line,
        "",
        "Filen blandar teckenkodningar: den är sparad som UTF-8 men den här raden är det inte. Spara hela filen i Excel som \"CSV UTF-8\" eller \"CSV (semikolonavgränsad)\" och ladda upp den igen.",
    )
}
