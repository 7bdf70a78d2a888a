//! The navigation. Each feature declares its entries in its `mod.rs` (`NAV`); the policy decides
//! which of them an actor sees (`Action::Enter` of the entry's area), so no list in a template
//! or here needs editing when a feature arrives.

use lotsen_core::auth::NavCounts;
use lotsen_domain::Area;

/// When an entry is the current page.
#[derive(Debug, Clone, Copy)]
pub enum Current {
    /// Only its own path.
    Exact,
    /// Its path and everything below it.
    Prefix,
    /// Its path and everything below it, except the pages under another entry's path.
    PrefixExcept(&'static str),
}

/// One link of the navigation.
#[derive(Debug)]
pub struct NavEntry {
    pub href: &'static str,
    pub label: &'static str,
    /// `None`: everyone who is logged in sees it.
    pub area: Option<Area>,
    pub current: Current,
}

impl NavEntry {
    pub fn is_current(&self, path: &str) -> bool {
        match self.current {
            Current::Exact => path == self.href,
            Current::Prefix => path.starts_with(self.href),
            Current::PrefixExcept(other) => path.starts_with(self.href) && !path.starts_with(other),
        }
    }
}

/// The count shown beside an area's entry: what waits there for the person (0 shows none).
pub fn count(area: Option<Area>, counts: &NavCounts) -> i64 {
    match area {
        Some(Area::Forfragningar) => counts.forfragningar_vantar + counts.forfragningar_nytt,
        _ => 0,
    }
}
