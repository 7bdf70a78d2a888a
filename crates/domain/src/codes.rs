//! Stable ASCII codes with Swedish labels (DESIGN §5). Codes are what the database stores and
//! what CSV files carry; labels are what people read.

use serde::{Deserialize, Serialize};

/// The kind of party an organisation is. Report order is the declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Part {
    Fk,
    Af,
    Kommun,
    Region,
    Annan,
}

impl Part {
    pub const ALL: [Part; 5] = [Part::Fk, Part::Af, Part::Kommun, Part::Region, Part::Annan];

    pub fn code(self) -> &'static str {
        match self {
            Part::Fk => "fk",
            Part::Af => "af",
            Part::Kommun => "kommun",
            Part::Region => "region",
            Part::Annan => "annan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Fk => "Försäkringskassan",
            Part::Af => "Arbetsförmedlingen",
            Part::Kommun => "Kommun",
            Part::Region => "Region",
            Part::Annan => "Annan",
        }
    }

    pub fn from_code(code: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The codes in report order, for SQL's `array_position($n, part)` (the order is Rust's,
    /// never repeated in SQL).
    pub fn report_order() -> Vec<&'static str> {
        Part::ALL.iter().map(|p| p.code()).collect()
    }
}

crate::stored_as_code!(Part);
crate::stored_as_code!(Role);

/// A role held within one förbund membership (DESIGN §4). System administration is not a
/// förbund role: it is a flag on the person (`Actor::system_admin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    ForbundAdmin,
    Koordinator,
    LokusOrdforande,
    LokusLedamot,
    Handlaggare,
    Tillaggsresurs,
    Insatsansvarig,
    Dataskyddsombud,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::ForbundAdmin,
        Role::Koordinator,
        Role::LokusOrdforande,
        Role::LokusLedamot,
        Role::Handlaggare,
        Role::Tillaggsresurs,
        Role::Insatsansvarig,
        Role::Dataskyddsombud,
    ];

    /// Roles that are always held for named LOKUS groups.
    pub const LOKUS_SCOPED: [Role; 3] =
        [Role::Koordinator, Role::LokusOrdforande, Role::LokusLedamot];

    /// Roles held for the whole förbund.
    pub const FORBUND_WIDE: [Role; 5] = [
        Role::ForbundAdmin,
        Role::Handlaggare,
        Role::Tillaggsresurs,
        Role::Insatsansvarig,
        Role::Dataskyddsombud,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::ForbundAdmin => "forbund_admin",
            Role::Koordinator => "koordinator",
            Role::LokusOrdforande => "lokus_ordforande",
            Role::LokusLedamot => "lokus_ledamot",
            Role::Handlaggare => "handlaggare",
            Role::Tillaggsresurs => "tillaggsresurs",
            Role::Insatsansvarig => "insatsansvarig",
            Role::Dataskyddsombud => "dataskyddsombud",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::ForbundAdmin => "Förbundsadministratör",
            Role::Koordinator => "Samverkanskoordinator",
            Role::LokusOrdforande => "Ordförande i LOKUS",
            Role::LokusLedamot => "Ledamot i LOKUS",
            Role::Handlaggare => "Handläggare",
            Role::Tillaggsresurs => "Tilläggsresurs",
            Role::Insatsansvarig => "Insatsansvarig",
            Role::Dataskyddsombud => "Dataskyddsombud",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The codes in the order roles are listed, for SQL's `array_position($n, roll)`.
    pub fn list_order() -> Vec<&'static str> {
        Role::ALL.iter().map(|r| r.code()).collect()
    }

    pub fn is_lokus_scoped(self) -> bool {
        Role::LOKUS_SCOPED.contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for p in Part::ALL {
            assert_eq!(Part::from_code(p.code()), Some(p));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("system_admin"), None);
    }

    #[test]
    fn roles_are_either_lokus_scoped_or_forbund_wide() {
        for r in Role::ALL {
            assert_ne!(
                Role::LOKUS_SCOPED.contains(&r),
                Role::FORBUND_WIDE.contains(&r),
                "{r:?}"
            );
        }
    }
}
