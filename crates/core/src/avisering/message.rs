//! The text of each kind of notice: a fixed Swedish subject and body with one link into Lotsen
//! and one to the page where e-mail is turned off. Nothing else: no name, no ärende number, no
//! text anyone wrote, so the mail is safe wherever it is forwarded or stored.

use super::Notice;

/// Where a person turns e-mail notices off.
pub const SETTINGS_PATH: &str = "/konto/avisering";

/// A notice as mail text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageText {
    pub subject: &'static str,
    pub body: String,
}

impl Notice {
    /// The path the notice links to.
    pub fn path(self) -> String {
        format!("/forfragningar/{}", self.object_id())
    }

    /// The mail for this notice; `public_url` is the server's base URL without a trailing slash.
    pub fn message(self, public_url: &str) -> MessageText {
        let (subject, lead) = match self {
            Notice::NyForfragan { .. } => (
                "Ny förfrågan i Lotsen",
                "En ny förfrågan om lotsning har kommit till en av dina LOKUS-grupper i Lotsen.",
            ),
            Notice::NyttSvar { .. } => (
                "Du har ett nytt svar i Lotsen",
                "Samverkanskoordinatorn har svarat på en av dina förfrågningar i Lotsen.",
            ),
            Notice::NyStatus { .. } => (
                "En förfrågan har ny status i Lotsen",
                "En av dina förfrågningar i Lotsen har fått ny status.",
            ),
        };
        let body = format!(
            "Hej!\n\n{lead}\n\nLogga in och läs mer:\n{public_url}{path}\n\n\
             Av sekretesskäl står inget om ärendet i det här meddelandet.\n\n\
             Vill du inte få e-post från Lotsen? Stäng av det här:\n{public_url}{SETTINGS_PATH}\n\n\
             Meddelandet är skickat automatiskt och går inte att svara på.\n",
            path = self.path(),
        );
        MessageText { subject, body }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn every_kind_has_fixed_text_and_its_link() {
        let id = Uuid::now_v7();
        for n in [
            Notice::NyForfragan { forfragan_id: id },
            Notice::NyttSvar { forfragan_id: id },
            Notice::NyStatus { forfragan_id: id },
        ] {
            let m = n.message("https://lotsen.example");
            assert!(
                m.body
                    .contains(&format!("https://lotsen.example/forfragningar/{id}\n"))
            );
            assert!(m.body.contains("https://lotsen.example/konto/avisering\n"));
            assert_eq!(Notice::from_code(n.code(), id), Some(n));
        }
        assert_eq!(
            Notice::NyttSvar { forfragan_id: id }
                .message("http://x")
                .subject,
            "Du har ett nytt svar i Lotsen"
        );
    }
}
