//! Data quality before the deadline (issue 13): what is missing or doubtful in the ärenden a
//! nulägesanalys counts, as named checks with Swedish labels. The counting is SQL in core;
//! förbund staff see the counts only, coordinators also a link to exactly those ärenden.

use crate::code_enum;

code_enum! {
    /// One data-quality check over the ärenden received in a period.
    Brist {
        OkantKon => "okant_kon", "Okänt kön";
        OkandAlder => "okand_alder", "Okänd ålder";
        IngenEnhet => "ingen_enhet", "Ingen enhet angiven";
        IngenHandlaggare => "ingen_handlaggare", "Ingen handläggarkod";
        EjBedomt => "ej_bedomt", "Samverkansproblem inte bedömt";
        IngenAtgard => "ingen_atgard", "Öppna utan åtgärd på 60 dagar";
        NamnlikKod => "namnlik_kod", "Handläggarkod som liknar ett namn";
    }
}

/// How long an open ärende may go without an action before the check lists it.
pub const DAYS_WITHOUT_ACTION: i32 = 60;

impl Brist {
    /// Why the check matters, for the panel's readers.
    pub fn hint(self) -> &'static str {
        match self {
            Brist::OkantKon | Brist::OkandAlder => {
                "Räknas som okänt i tabellerna efter kön och ålder."
            }
            Brist::IngenEnhet => "Syns inte per enhet.",
            Brist::IngenHandlaggare => "Räknas inte bland unika handläggare.",
            Brist::EjBedomt => "Räknas som ej angivet bland samverkansproblemen.",
            Brist::IngenAtgard => "Kanske ska ärendet avslutas eller få en åtgärd.",
            Brist::NamnlikKod => {
                "Två ord med stor bokstav: kontrollera att koden inte är handläggarens namn."
            }
        }
    }
}
