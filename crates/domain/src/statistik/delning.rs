//! How a period is read from the kept sums (migration 0012): its whole calendar years, its
//! whole months outside those years, and the days of partial months at either end, which are
//! counted from the ärenden themselves. Together the parts cover every day of the period
//! exactly once.

use super::Period;
use time::{Date, Duration, Month};

/// An inclusive range of dates. For months and years, the first day of the first and of the
/// last month (year) in it.
pub type Span = (Date, Date);

/// A period cut into the parts the figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodParts {
    /// Whole calendar years.
    pub years: Option<Span>,
    /// Whole months before and after the whole years (or all whole months when there are no
    /// whole years).
    pub months: [Option<Span>; 2],
    /// Days of partial months, before and after the whole months.
    pub days: [Option<Span>; 2],
}

impl PeriodParts {
    /// All whole months, years included, as one span of month starts.
    pub fn all_months(&self) -> Option<Span> {
        let first = [self.months[0], self.years, self.months[1]]
            .into_iter()
            .flatten()
            .map(|s| s.0)
            .min()?;
        let last = [
            self.months[0].map(|s| s.1),
            self.years.and_then(|s| date(s.1.year(), Month::December)),
            self.months[1].map(|s| s.1),
        ]
        .into_iter()
        .flatten()
        .max()?;
        Some((first, last))
    }
}

fn date(year: i32, month: Month) -> Option<Date> {
    Date::from_calendar_date(year, month, 1).ok()
}

fn month_start(d: Date) -> Date {
    d.replace_day(1).unwrap_or(d)
}

/// The last day of `d`'s month.
pub fn month_end(d: Date) -> Date {
    let next = if d.month() == Month::December {
        date(d.year() + 1, Month::January)
    } else {
        date(d.year(), d.month().next())
    };
    next.map(|n| n - Duration::days(1)).unwrap_or(d)
}

/// The days of `fran`'s month before it, and of `till`'s month after it: if no ärende was
/// received on those days, the whole months can be read from the sums.
pub fn outside_days(period: Period) -> [Option<Span>; 2] {
    let before = (period.fran.day() != 1)
        .then(|| (month_start(period.fran), period.fran - Duration::days(1)));
    let after = (period.till != month_end(period.till))
        .then(|| (period.till + Duration::days(1), month_end(period.till)));
    [before, after]
}

/// Cuts `period` into whole years, whole months and days. `widen` says, for the first and the
/// last month, that no ärende lies on its days outside the period (see [`outside_days`]), so
/// that month counts as whole.
pub fn split(period: Period, widen: [bool; 2]) -> PeriodParts {
    let mut fran = period.fran;
    let mut till = period.till;
    if widen[0] {
        fran = month_start(fran);
    }
    if widen[1] {
        till = month_end(till);
    }
    let mut parts = PeriodParts::default();
    let same_month = (fran.year(), fran.month()) == (till.year(), till.month());
    if same_month && (fran.day() != 1 || till != month_end(till)) {
        parts.days[0] = Some((fran, till));
        return parts;
    }
    let first_month = if fran.day() == 1 {
        fran
    } else {
        parts.days[0] = Some((fran, month_end(fran)));
        month_end(fran) + Duration::days(1)
    };
    let last_month = if till == month_end(till) {
        month_start(till)
    } else {
        parts.days[1] = Some((month_start(till), till));
        month_start(month_start(till) - Duration::days(1))
    };
    if first_month > last_month {
        return parts;
    }
    let first_year = if first_month.month() == Month::January {
        first_month.year()
    } else {
        first_month.year() + 1
    };
    let last_year = if last_month.month() == Month::December {
        last_month.year()
    } else {
        last_month.year() - 1
    };
    match (
        date(first_year, Month::January),
        date(last_year, Month::January),
    ) {
        (Some(y1), Some(y2)) if first_year <= last_year => {
            parts.years = Some((y1, y2));
            if first_month < y1 {
                parts.months[0] = date(first_year - 1, Month::December).map(|d| (first_month, d));
            }
            if let Some(after) = date(last_year + 1, Month::January)
                && after <= last_month
            {
                parts.months[1] = Some((after, last_month));
            }
        }
        _ => parts.months[0] = Some((first_month, last_month)),
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn p(fran: Date, till: Date) -> Period {
        Period { fran, till }
    }

    /// Every day of the period, from the parts: once each, none outside.
    fn days_of(parts: &PeriodParts) -> Vec<Date> {
        let mut out = Vec::new();
        let mut push_range = |a: Date, b: Date| {
            let mut d = a;
            while d <= b {
                out.push(d);
                d = d.next_day().expect("day");
            }
        };
        for (a, b) in parts.days.iter().flatten() {
            push_range(*a, *b);
        }
        for (a, b) in parts.months.iter().flatten() {
            push_range(*a, month_end(*b));
        }
        if let Some((a, b)) = parts.years {
            push_range(
                a,
                date(b.year(), Month::December).map(month_end).expect("d"),
            );
        }
        out.sort();
        out
    }

    fn every_day(period: Period) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = period.fran;
        while d <= period.till {
            out.push(d);
            d = d.next_day().expect("day");
        }
        out
    }

    #[test]
    fn a_calendar_year_is_one_whole_year() {
        let parts = split(p(date!(2025 - 01 - 01), date!(2025 - 12 - 31)), [false; 2]);
        assert_eq!(
            parts,
            PeriodParts {
                years: Some((date!(2025 - 01 - 01), date!(2025 - 01 - 01))),
                ..Default::default()
            }
        );
        assert_eq!(
            parts.all_months(),
            Some((date!(2025 - 01 - 01), date!(2025 - 12 - 01)))
        );
    }

    #[test]
    fn a_tertial_is_whole_months() {
        let parts = split(p(date!(2025 - 05 - 01), date!(2025 - 08 - 31)), [false; 2]);
        assert_eq!(
            parts,
            PeriodParts {
                months: [Some((date!(2025 - 05 - 01), date!(2025 - 08 - 01))), None],
                ..Default::default()
            }
        );
    }

    #[test]
    fn days_at_both_ends_years_and_months_between() {
        let parts = split(p(date!(2019 - 03 - 15), date!(2026 - 11 - 23)), [false; 2]);
        assert_eq!(
            parts,
            PeriodParts {
                years: Some((date!(2020 - 01 - 01), date!(2025 - 01 - 01))),
                months: [
                    Some((date!(2019 - 04 - 01), date!(2019 - 12 - 01))),
                    Some((date!(2026 - 01 - 01), date!(2026 - 10 - 01)))
                ],
                days: [
                    Some((date!(2019 - 03 - 15), date!(2019 - 03 - 31))),
                    Some((date!(2026 - 11 - 01), date!(2026 - 11 - 23)))
                ],
            }
        );
    }

    #[test]
    fn widening_reads_the_end_months_whole() {
        let period = p(date!(2019 - 03 - 15), date!(2026 - 11 - 23));
        let parts = split(period, [true, true]);
        assert_eq!(parts.days, [None, None]);
        assert_eq!(
            parts.months,
            [
                Some((date!(2019 - 03 - 01), date!(2019 - 12 - 01))),
                Some((date!(2026 - 01 - 01), date!(2026 - 11 - 01)))
            ]
        );
        assert_eq!(
            outside_days(period),
            [
                Some((date!(2019 - 03 - 01), date!(2019 - 03 - 14))),
                Some((date!(2026 - 11 - 24), date!(2026 - 11 - 30)))
            ]
        );
    }

    #[test]
    fn within_one_month_is_days_unless_widened_to_the_whole_month() {
        let period = p(date!(2024 - 02 - 10), date!(2024 - 02 - 20));
        let parts = split(period, [false, true]);
        assert_eq!(
            parts,
            PeriodParts {
                days: [Some((date!(2024 - 02 - 10), date!(2024 - 02 - 29))), None],
                ..Default::default()
            }
        );
        let whole = split(period, [true, true]);
        assert_eq!(
            whole.months,
            [Some((date!(2024 - 02 - 01), date!(2024 - 02 - 01))), None]
        );
        assert_eq!(whole.days, [None, None]);
    }

    #[test]
    fn every_day_is_covered_exactly_once() {
        let ends = [
            date!(2023 - 12 - 31),
            date!(2024 - 01 - 01),
            date!(2024 - 01 - 31),
            date!(2024 - 02 - 15),
            date!(2024 - 02 - 29),
            date!(2024 - 12 - 01),
            date!(2024 - 12 - 31),
            date!(2025 - 01 - 01),
            date!(2025 - 06 - 30),
            date!(2026 - 03 - 17),
        ];
        for fran in ends {
            for till in ends.iter().copied().filter(|t| *t >= fran) {
                let period = p(fran, till);
                let parts = split(period, [false; 2]);
                assert_eq!(days_of(&parts), every_day(period), "{fran}..{till}");
                for (a, b) in parts.months.iter().chain([&parts.years]).flatten() {
                    assert_eq!((a.day(), b.day()), (1, 1), "{fran}..{till}");
                }
                for widen in [[true, false], [false, true], [true, true]] {
                    let wide = split(period, widen);
                    let expected = p(
                        if widen[0] { month_start(fran) } else { fran },
                        if widen[1] { month_end(till) } else { till },
                    );
                    assert_eq!(days_of(&wide), every_day(expected), "{fran}..{till}");
                }
            }
        }
    }
}
