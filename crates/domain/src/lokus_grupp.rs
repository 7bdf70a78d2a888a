//! The LOKUS group form, as typed: code, name, active, the kommuner it covers (one `kommun`
//! key per ticked kommun), and whether the chair justerar the group's protokoll alone. Core
//! checks it against the förbund's groups and kommuner.

/// A LOKUS group form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct LokusForm {
    pub kod: String,
    pub namn: String,
    /// The "active" box is ticked (the key is present, whatever its value).
    #[serde(deserialize_with = "present")]
    pub aktiv: bool,
    #[serde(rename = "kommun")]
    pub kommuner: Vec<String>,
    /// The group has decided that its chair justerar the protokoll alone, without a
    /// justerare (the box is ticked).
    #[serde(deserialize_with = "present")]
    pub ordforande_justerar_ensam: bool,
}

impl LokusForm {
    pub fn is_active(&self) -> bool {
        self.aktiv
    }
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    <String as serde::Deserialize>::deserialize(d).map(|_| true)
}
