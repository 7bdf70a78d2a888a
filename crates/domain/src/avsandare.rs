//! Where an imported ärende came from: the remitting organisation and unit that a row's
//! `part` and `enhet` name (DESIGN §6.4).
//!
//! A plain unit name is looked for within the LOKUS group's own area first — the
//! organisations that serve the group's kommuner — so that "Försörjningsstöd" in Norrvreta's
//! log means Norrvreta's unit even when another kommun of the förbund has a unit by that name.
//! Only a name still ambiguous there asks for `Organisation / Enhet`.
//!
//! The schema ties kommuner to LOKUS groups (`lokus_kommun`), not to organisations; an
//! organisation's name says which kommuner it serves ("Stenbäcks kommun", "Arbetsförmedlingen
//! Stenbäck–Lövsjö"), as the demo data matches its senders too. An organisation whose name
//! names none of the förbund's kommuner (Försäkringskassan, "Region Västerlän") serves the
//! whole förbund, and so every group's area.

use crate::Part;
use crate::arende::contains_personnummer;
use uuid::Uuid;

/// The longest unit name.
pub const ENHET_MAX: usize = 120;

/// How names are compared: lower case, runs of white space as one space.
pub fn key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when `text` names the kommun `kommun`: its name as whole words, case-insensitively,
/// also in the genitive ("Stenbäcks kommun").
pub fn names_kommun(text: &str, kommun: &str) -> bool {
    let (text, kommun) = (key(text), key(kommun));
    if kommun.is_empty() {
        return false;
    }
    let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    text.match_indices(&kommun).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let mut after = text[i + m.len()..].chars();
        let next = after.next();
        boundary(before) && (boundary(next) || (next == Some('s') && boundary(after.next())))
    })
}

/// True when an organisation called `name` serves the LOKUS group whose kommuner are `group`;
/// `forbund` are the kommuner of all the förbund's groups. An organisation whose name names
/// none of them serves the whole förbund.
pub fn serves(name: &str, group: &[String], forbund: &[String]) -> bool {
    let mut named = forbund
        .iter()
        .chain(group)
        .filter(|k| names_kommun(name, k))
        .peekable();
    named.peek().is_none() || named.any(|k| group.contains(k))
}

/// One of the förbund's organisations, as an imported row may name it.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: Uuid,
    pub part: Part,
    pub namn: String,
    /// It serves the importing group's area (`serves`).
    pub in_area: bool,
    pub units: Vec<Unit>,
    key: String,
}

impl Org {
    pub fn new(id: Uuid, part: Part, namn: impl Into<String>, in_area: bool) -> Org {
        let namn = namn.into();
        Org {
            id,
            part,
            key: key(&namn),
            namn,
            in_area,
            units: Vec::new(),
        }
    }

    /// Adds one of its units.
    pub fn unit(&mut self, id: Uuid, namn: impl Into<String>) {
        let namn = namn.into();
        self.units.push(Unit {
            id,
            key: key(&namn),
            namn,
        });
    }

    fn find(&self, unit_key: &str) -> Option<Uuid> {
        self.units.iter().find(|u| u.key == unit_key).map(|u| u.id)
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: Uuid,
    pub namn: String,
    key: String,
}

/// The organisation and unit a row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Avsandare {
    /// Only the part is known (it has no organisation, or several and none was named).
    PartOnly,
    Org(Uuid),
    Unit {
        org: Uuid,
        unit: Uuid,
    },
    /// A unit to be created in the organisation.
    NewUnit {
        org: Uuid,
        name: String,
    },
}

impl Avsandare {
    pub fn org(&self) -> Option<Uuid> {
        match self {
            Avsandare::PartOnly => None,
            Avsandare::Org(o)
            | Avsandare::Unit { org: o, .. }
            | Avsandare::NewUnit { org: o, .. } => Some(*o),
        }
    }
}

/// The organisation and unit that `part` and the `enhet` cell name, for a group whose area
/// `orgs` mark (`Org::in_area`); `Err` is the Swedish reason.
///
/// - `Organisation / Enhet` (also with `–` or `-`) names both, anywhere in the förbund; the
///   unit is created there if new.
/// - A unit name alone is looked for in the group's area: one match is it, several ask for
///   `Organisation / Enhet`. Then an organisation's name names that organisation. Then, when
///   the area has exactly one organisation of the part, the unit is created there. Otherwise
///   the rest of the förbund: one match is it, several ask for `Organisation / Enhet`, and a
///   part with one organisation gets the new unit there.
/// - An empty cell names the area's only organisation of the part (or the förbund's only
///   one); otherwise just the part.
pub fn resolve(orgs: &[Org], part: Part, cell: &str) -> Result<Avsandare, String> {
    let all: Vec<&Org> = orgs.iter().filter(|o| o.part == part).collect();
    let area: Vec<&Org> = all.iter().copied().filter(|o| o.in_area).collect();
    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell.is_empty() {
        return Ok(match (area.as_slice(), all.as_slice()) {
            ([only], _) | ([], [only]) => Avsandare::Org(only.id),
            _ => Avsandare::PartOnly,
        });
    }
    if cell.chars().count() > ENHET_MAX {
        return Err(format!("Enhetens namn får vara högst {ENHET_MAX} tecken."));
    }
    if contains_personnummer(&cell) {
        return Err("Enhetens namn innehåller något som liknar ett personnummer.".into());
    }
    if let Some((org, unit_name)) = qualified(&all, &cell) {
        return Ok(match org.find(&key(unit_name)) {
            Some(unit) => Avsandare::Unit { org: org.id, unit },
            None => Avsandare::NewUnit {
                org: org.id,
                name: unit_name.to_string(),
            },
        });
    }
    let k = key(&cell);
    let found = |among: &[&Org]| -> Result<Option<Avsandare>, Vec<String>> {
        let hits: Vec<(&Org, Uuid)> = among
            .iter()
            .filter_map(|o| o.find(&k).map(|u| (*o, u)))
            .collect();
        match hits.as_slice() {
            [] => Ok(None),
            [(org, unit)] => Ok(Some(Avsandare::Unit {
                org: org.id,
                unit: *unit,
            })),
            several => Err(several.iter().map(|(o, _)| o.namn.clone()).collect()),
        }
    };
    let ambiguous = |owners: Vec<String>, where_: &str| {
        format!(
            "Enheten \"{cell}\" finns hos flera organisationer{where_} ({}). Skriv Organisation / Enhet, t.ex. \"{} / {cell}\".",
            owners.join("; "),
            owners.first().map(String::as_str).unwrap_or_default()
        )
    };
    match found(&area) {
        Ok(Some(a)) => return Ok(a),
        Ok(None) => {}
        Err(owners) => return Err(ambiguous(owners, " i gruppens område")),
    }
    if let Some(org) = all.iter().find(|o| o.key == k) {
        return Ok(Avsandare::Org(org.id));
    }
    if let [only] = area.as_slice() {
        return Ok(Avsandare::NewUnit {
            org: only.id,
            name: cell,
        });
    }
    let elsewhere: Vec<&Org> = all.iter().copied().filter(|o| !o.in_area).collect();
    match found(&elsewhere) {
        Ok(Some(a)) => return Ok(a),
        Ok(None) => {}
        Err(owners) => return Err(ambiguous(owners, "")),
    }
    let names = |orgs: &[&Org]| {
        orgs.iter()
            .map(|o| o.namn.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    match (area.as_slice(), all.as_slice()) {
        (_, []) => Err(format!(
            "Förbundet har ingen organisation för part {}. Be förbundets administratör lägga upp den först.",
            part.label()
        )),
        ([], [only]) => Ok(Avsandare::NewUnit {
            org: only.id,
            name: cell,
        }),
        ([], several) => Err(format!(
            "Enheten \"{cell}\" finns inte, och part {} har flera organisationer i förbundet ({}). Skriv Organisation / Enhet så skapas enheten där.",
            part.label(),
            names(several)
        )),
        (several, _) => Err(format!(
            "Enheten \"{cell}\" finns inte, och part {} har flera organisationer i gruppens område ({}). Skriv Organisation / Enhet så skapas enheten där.",
            part.label(),
            names(several)
        )),
    }
}

/// `Organisation / Enhet`: split at a separator where the part before it is an
/// organisation's name (the longest such name wins).
fn qualified<'a, 'c>(orgs: &[&'a Org], cell: &'c str) -> Option<(&'a Org, &'c str)> {
    cell.char_indices()
        .filter(|(_, c)| matches!(c, '/' | '–' | '-'))
        .filter_map(|(i, c)| {
            let org_key = key(&cell[..i]);
            let org = orgs.iter().find(|o| o.key == org_key)?;
            let rest = cell[i + c.len_utf8()..].trim();
            (!rest.is_empty()).then_some((*org, rest))
        })
        .max_by_key(|(o, _)| o.key.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn kommuner(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    /// The demo förbund's organisations as the Norrvreta group (kommun Norrvreta) sees them.
    fn orgs_for(group: &[&str]) -> Vec<Org> {
        let forbund = kommuner(&["Fjärdlunda", "Stenbäck", "Lövsjö", "Norrvreta"]);
        let group = kommuner(group);
        let org = |n: u128, part, namn: &str, units: &[(u128, &str)]| {
            let mut o = Org::new(id(n), part, namn, serves(namn, &group, &forbund));
            for (u, name) in units {
                o.unit(id(*u), *name);
            }
            o
        };
        vec![
            org(
                10,
                Part::Fk,
                "Försäkringskassan LFC Västerlän",
                &[(11, "Sjukpenning")],
            ),
            org(
                20,
                Part::Af,
                "Arbetsförmedlingen Stenbäck–Lövsjö",
                &[(21, "JOB")],
            ),
            org(
                30,
                Part::Kommun,
                "Stenbäcks kommun, socialförvaltningen",
                &[(31, "Försörjningsstöd"), (32, "Verkstan")],
            ),
            org(40, Part::Kommun, "Lövsjö kommun", &[(41, "KAA")]),
            org(
                50,
                Part::Kommun,
                "Fjärdlunda kommun",
                &[(51, "Försörjningsstöd")],
            ),
            org(
                60,
                Part::Kommun,
                "Norrvreta kommun",
                &[(61, "Arbetsträning")],
            ),
            org(
                70,
                Part::Region,
                "Region Västerlän",
                &[(71, "Norrvreta vårdcentral")],
            ),
        ]
    }

    #[test]
    fn a_name_names_a_kommun_as_whole_words_also_in_the_genitive() {
        assert!(names_kommun(
            "Stenbäcks kommun, socialförvaltningen",
            "Stenbäck"
        ));
        assert!(names_kommun("Arbetsförmedlingen Stenbäck–Lövsjö", "lövsjö"));
        assert!(names_kommun("NORRVRETA vårdcentral", "Norrvreta"));
        assert!(names_kommun("Upplands  Väsby kommun", "Upplands Väsby"));
        assert!(!names_kommun("Stenbäckens skola", "Stenbäck"));
        assert!(!names_kommun("Medicinmottagningen", "Ed"));
        assert!(names_kommun("Eds kommun", "Ed"));
        assert!(!names_kommun("Region Västerlän", ""));
    }

    #[test]
    fn an_organisation_serves_the_kommuner_it_names_or_else_the_whole_forbund() {
        let forbund = kommuner(&["Fjärdlunda", "Stenbäck", "Lövsjö", "Norrvreta"]);
        let nrv = kommuner(&["Norrvreta"]);
        let stl = kommuner(&["Stenbäck", "Lövsjö"]);
        assert!(serves("Norrvreta kommun", &nrv, &forbund));
        assert!(!serves("Stenbäcks kommun", &nrv, &forbund));
        assert!(serves("Stenbäcks kommun", &stl, &forbund));
        assert!(serves("Arbetsförmedlingen Stenbäck–Lövsjö", &stl, &forbund));
        assert!(!serves(
            "Arbetsförmedlingen Stenbäck–Lövsjö",
            &nrv,
            &forbund
        ));
        assert!(serves("Försäkringskassan LFC Västerlän", &nrv, &forbund));
        assert!(serves("Region Västerlän", &stl, &forbund));
        // A kommun outside the förbund does not narrow the area.
        assert!(serves("Region Uppsala", &nrv, &forbund));
    }

    #[test]
    fn a_plain_unit_name_is_found_in_the_groups_own_area_first() {
        let nrv = orgs_for(&["Norrvreta"]);
        // Stenbäck and Fjärdlunda both have one; Norrvreta's area has none, and one kommun.
        assert_eq!(
            resolve(&nrv, Part::Kommun, "Försörjningsstöd").unwrap(),
            Avsandare::NewUnit {
                org: id(60),
                name: "Försörjningsstöd".into()
            }
        );
        assert_eq!(
            resolve(&nrv, Part::Kommun, "arbetsträning").unwrap(),
            Avsandare::Unit {
                org: id(60),
                unit: id(61)
            }
        );
        let stl = orgs_for(&["Stenbäck", "Lövsjö"]);
        assert_eq!(
            resolve(&stl, Part::Kommun, "Försörjningsstöd").unwrap(),
            Avsandare::Unit {
                org: id(30),
                unit: id(31)
            }
        );
        let fjl = orgs_for(&["Fjärdlunda"]);
        assert_eq!(
            resolve(&fjl, Part::Kommun, "Försörjningsstöd").unwrap(),
            Avsandare::Unit {
                org: id(50),
                unit: id(51)
            }
        );
    }

    #[test]
    fn outside_the_area_a_unique_name_is_found_and_a_shared_one_asks_for_the_organisation() {
        // Norrvreta's area has no AF organisation: the förbund's only JOB is it.
        let nrv = orgs_for(&["Norrvreta"]);
        assert_eq!(
            resolve(&nrv, Part::Af, "JOB").unwrap(),
            Avsandare::Unit {
                org: id(20),
                unit: id(21)
            }
        );
        assert_eq!(
            resolve(&nrv, Part::Af, "Ny AF-enhet").unwrap(),
            Avsandare::NewUnit {
                org: id(20),
                name: "Ny AF-enhet".into()
            }
        );
        // Stenbäck–Lövsjö has two kommuner: KAA is Lövsjö's, Arbetsträning only Norrvreta's.
        let stl = orgs_for(&["Stenbäck", "Lövsjö"]);
        assert_eq!(
            resolve(&stl, Part::Kommun, "KAA").unwrap(),
            Avsandare::Unit {
                org: id(40),
                unit: id(41)
            }
        );
        assert_eq!(
            resolve(&stl, Part::Kommun, "Arbetsträning").unwrap(),
            Avsandare::Unit {
                org: id(60),
                unit: id(61)
            }
        );
        let e = resolve(&stl, Part::Kommun, "Ny enhet").unwrap_err();
        assert!(
            e.contains("flera organisationer i gruppens område")
                && e.contains("(Stenbäcks kommun, socialförvaltningen; Lövsjö kommun)"),
            "{e}"
        );
        // A group whose area has no kommun organisation: Försörjningsstöd is Stenbäck's and
        // Fjärdlunda's alike.
        let kst = orgs_for(&["Skärvik"]);
        let e = resolve(&kst, Part::Kommun, "Försörjningsstöd").unwrap_err();
        assert!(
            e.starts_with("Enheten \"Försörjningsstöd\" finns hos flera organisationer (")
                && e.contains("Skriv Organisation / Enhet"),
            "{e}"
        );
    }

    #[test]
    fn a_name_shared_within_the_area_asks_for_the_organisation() {
        let mut stl = orgs_for(&["Stenbäck", "Lövsjö"]);
        stl[3].unit(id(42), "Försörjningsstöd");
        let e = resolve(&stl, Part::Kommun, "försörjningsstöd").unwrap_err();
        assert!(
            e.contains("finns hos flera organisationer i gruppens område (Stenbäcks kommun, socialförvaltningen; Lövsjö kommun)"),
            "{e}"
        );
        assert!(
            e.contains("t.ex. \"Stenbäcks kommun, socialförvaltningen / försörjningsstöd\""),
            "{e}"
        );
        assert_eq!(
            resolve(&stl, Part::Kommun, "Lövsjö kommun / Försörjningsstöd").unwrap(),
            Avsandare::Unit {
                org: id(40),
                unit: id(42)
            }
        );
    }

    #[test]
    fn qualified_names_organisation_names_and_empty_cells() {
        let nrv = orgs_for(&["Norrvreta"]);
        assert_eq!(
            resolve(&nrv, Part::Kommun, "Fjärdlunda kommun – Försörjningsstöd").unwrap(),
            Avsandare::Unit {
                org: id(50),
                unit: id(51)
            }
        );
        assert_eq!(
            resolve(
                &nrv,
                Part::Kommun,
                "Stenbäcks kommun, socialförvaltningen / Ny"
            )
            .unwrap(),
            Avsandare::NewUnit {
                org: id(30),
                name: "Ny".into()
            }
        );
        assert_eq!(
            resolve(&nrv, Part::Kommun, "lövsjö  kommun").unwrap(),
            Avsandare::Org(id(40))
        );
        assert_eq!(
            resolve(&nrv, Part::Kommun, "").unwrap(),
            Avsandare::Org(id(60))
        );
        let stl = orgs_for(&["Stenbäck", "Lövsjö"]);
        assert_eq!(
            resolve(&stl, Part::Kommun, " ").unwrap(),
            Avsandare::PartOnly
        );
        assert_eq!(resolve(&nrv, Part::Af, "").unwrap(), Avsandare::Org(id(20)));
        assert_eq!(resolve(&nrv, Part::Annan, "").unwrap(), Avsandare::PartOnly);
        assert!(
            resolve(&nrv, Part::Annan, "Folkhögskolan")
                .unwrap_err()
                .contains("ingen organisation för part Annan")
        );
        assert!(
            resolve(&nrv, Part::Region, "Mottagning 19850709-9805")
                .unwrap_err()
                .contains("personnummer")
        );
        assert!(
            resolve(&nrv, Part::Region, &"x".repeat(ENHET_MAX + 1))
                .unwrap_err()
                .contains("högst 120 tecken")
        );
    }
}
