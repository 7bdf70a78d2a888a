//! The roles form: one `roll` key per ticked role, `forbund_admin` or `koordinator:<lokus id>`.

use crate::codes::Role;
use crate::policy::Grant;
use uuid::Uuid;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RolesForm {
    #[serde(rename = "roll")]
    pub roller: Vec<String>,
}

impl RolesForm {
    /// The grants chosen, without repeats; a LOKUS-scoped role needs its group, others none.
    pub fn parse(&self) -> Result<Vec<Grant>, String> {
        let mut grants = Vec::new();
        for v in &self.roller {
            let (code, lokus) = match v.split_once(':') {
                Some((c, l)) => (
                    c,
                    Some(Uuid::parse_str(l).map_err(|_| "Okänd LOKUS-grupp.".to_string())?),
                ),
                None => (v.as_str(), None),
            };
            let role = Role::from_code(code).ok_or_else(|| "Okänd roll.".to_string())?;
            if role.is_lokus_scoped() != lokus.is_some() {
                return Err("Rollen måste kopplas till en LOKUS-grupp.".into());
            }
            let g = Grant { role, lokus };
            if !grants.contains(&g) {
                grants.push(g);
            }
        }
        Ok(grants)
    }
}
