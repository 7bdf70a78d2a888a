//! The administration's forms as typed (förbund, settings, organisations and units, people),
//! with the checks that need no database. Core adds what does (unique names, workplaces).

use crate::codes::Part;
use crate::validate::{Email, FieldErrors, Name, OrgNr, Slug};

/// What the system administrator types to create a förbund.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ForbundForm {
    #[serde(default)]
    pub namn: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub organisationsnummer: String,
    #[serde(default)]
    pub admin_namn: String,
    #[serde(default)]
    pub admin_epost: String,
}

/// A förbund form that passed its checks.
pub struct NewForbund {
    pub namn: Name,
    pub slug: Slug,
    pub orgnr: OrgNr,
    pub admin_namn: Name,
    pub admin_epost: Email,
}

impl ForbundForm {
    pub fn parse(&self) -> Result<NewForbund, FieldErrors> {
        let mut e = FieldErrors::new();
        let namn = e.check("namn", Name::parse(&self.namn, "förbundets namn"));
        let slug = e.check("slug", Slug::parse(&self.slug));
        let orgnr = e.check(
            "organisationsnummer",
            OrgNr::parse(&self.organisationsnummer),
        );
        let admin_namn = e.check(
            "admin_namn",
            Name::parse(&self.admin_namn, "administratörens namn"),
        );
        let admin_epost = e.check("admin_epost", Email::parse(&self.admin_epost));
        match (namn, slug, orgnr, admin_namn, admin_epost) {
            (Some(namn), Some(slug), Some(orgnr), Some(admin_namn), Some(admin_epost))
                if e.is_empty() =>
            {
                Ok(NewForbund {
                    namn,
                    slug,
                    orgnr,
                    admin_namn,
                    admin_epost,
                })
            }
            _ => Err(e),
        }
    }
}

/// The förbund's settings as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub namn: String,
    #[serde(default)]
    pub undertryck_grans: String,
    #[serde(default)]
    pub session_idle_minuter: String,
}

/// An organisation as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OrganisationForm {
    #[serde(default)]
    pub part: String,
    #[serde(default)]
    pub namn: String,
}

impl OrganisationForm {
    pub fn parse(&self) -> Result<(Part, Name), FieldErrors> {
        let mut e = FieldErrors::new();
        let part = Part::from_code(self.part.trim());
        if part.is_none() {
            e.add("part", "Välj vilken part organisationen tillhör.");
        }
        let namn = e.check("namn", Name::parse(&self.namn, "organisationens namn"));
        match (part, namn) {
            (Some(p), Some(n)) => Ok((p, n)),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EnhetForm {
    #[serde(default)]
    pub enhet_namn: String,
}

/// A person form: name, e-mail and workplace (`org:<id>`, `enhet:<id>` or empty).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct UserForm {
    #[serde(default)]
    pub namn: String,
    #[serde(default)]
    pub epost: String,
    #[serde(default)]
    pub arbetsplats: String,
}
