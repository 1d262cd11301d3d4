//! The comparison periods of the CSP breakdown, as pure month arithmetic.
//!
//! Every function here is total: a period that would start before January of year 1 is `None`,
//! never a wrapped or clamped month. Whether the data cover a period is decided later, by
//! [`super::compare`], against the dataset's first and last month.

use std::fmt;

use crate::month::Month;

/// Which two periods to compare, as the PCC's reports do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// The latest complete quarter (January–March, April–June, July–September or
    /// October–December; financial quarters Q4, Q1, Q2, Q3) against the same quarter a year
    /// earlier. Quarterly reports compare like this so that seasons match.
    Quarter,
    /// The latest three months against the three months before them.
    ThreeMonths,
    /// The latest twelve months against the twelve months before them.
    TwelveMonths,
    /// The UK financial year to date (April to the latest month) against the same months of
    /// the previous financial year: the reports' "April–September" comparison.
    FinancialYearToDate,
}

impl PeriodKind {
    /// Every kind, in the order a menu lists them.
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Quarter,
        PeriodKind::ThreeMonths,
        PeriodKind::TwelveMonths,
        PeriodKind::FinancialYearToDate,
    ];

    /// Parses the name used in URLs and element attributes: `quarter`, `3m`, `12m` or `fytd`.
    pub fn parse(text: &str) -> Option<PeriodKind> {
        match text {
            "quarter" => Some(PeriodKind::Quarter),
            "3m" => Some(PeriodKind::ThreeMonths),
            "12m" => Some(PeriodKind::TwelveMonths),
            "fytd" => Some(PeriodKind::FinancialYearToDate),
            _ => None,
        }
    }

    /// The name used in URLs and element attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "quarter",
            PeriodKind::ThreeMonths => "3m",
            PeriodKind::TwelveMonths => "12m",
            PeriodKind::FinancialYearToDate => "fytd",
        }
    }

    /// Words for a menu, e.g. "Last quarter vs same quarter last year".
    pub fn label(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "Last quarter vs same quarter last year",
            PeriodKind::ThreeMonths => "Last 3 months vs previous 3 months",
            PeriodKind::TwelveMonths => "Last 12 months vs previous 12 months",
            PeriodKind::FinancialYearToDate => "Financial year to date vs same months last year",
        }
    }
}

/// `m` moved by `n` months, or `None` outside the years [`Month::new`] accepts (unlike
/// [`Month::plus`], which saturates: a saturated month would silently compare the wrong
/// months).
pub fn checked_plus(m: Month, n: i32) -> Option<Month> {
    let index = (m.year() as i64) * 12 + (m.month() as i64 - 1) + n as i64;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    Month::new(year, index.rem_euclid(12) as u32 + 1)
}

/// A run of consecutive months, `first` to `last` inclusive (never empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    /// The first month.
    pub first: Month,
    /// The last month (not before `first`).
    pub last: Month,
}

impl Span {
    /// The span `first..=last`, or `None` when `last` is before `first`.
    pub fn new(first: Month, last: Month) -> Option<Span> {
        (last >= first).then_some(Span { first, last })
    }

    /// Number of months (at least 1).
    pub fn len(self) -> usize {
        self.last.since(self.first) as usize + 1
    }

    /// Always false: a span has at least one month. (Present because `len` is.)
    pub fn is_empty(self) -> bool {
        false
    }

    /// Every month, in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        Month::range(self.first, self.last)
    }

    /// True when `m` is in the span.
    pub fn contains(self, m: Month) -> bool {
        self.first <= m && m <= self.last
    }

    /// The same months `n` months earlier (`None` before year 1).
    pub fn shifted(self, n: i32) -> Option<Span> {
        Some(Span {
            first: checked_plus(self.first, n)?,
            last: checked_plus(self.last, n)?,
        })
    }

    /// The calendar year whose mid-year (30 June) population estimate is nearest the middle
    /// of the span: the year of the month holding the span's midpoint. For a single month it
    /// is that month's year, the convention of the derived LLR rates; for November 2021 –
    /// October 2022 it is 2022 (midpoint 1 May 2022).
    pub fn population_year(self) -> i32 {
        // The midpoint lies `len / 2` months after the start of `first`; the month holding it
        // is `first + len / 2` (rounded down), and for even lengths the midpoint is that
        // month's first day, which still belongs to it.
        let half = (self.len() / 2) as i32;
        checked_plus(self.first, half).map_or(self.last.year(), Month::year)
    }

    /// How a table names the span: `October 2022`, `April–October 2022`, or
    /// `November 2021 – October 2022` (en-GB, en dashes).
    pub fn label(self) -> String {
        if self.first == self.last {
            self.first.long_label()
        } else if self.first.year() == self.last.year() {
            format!(
                "{}\u{2013}{} {}",
                self.first.name(),
                self.last.name(),
                self.last.year()
            )
        } else {
            format!(
                "{} \u{2013} {}",
                self.first.long_label(),
                self.last.long_label()
            )
        }
    }

    /// A shorter label for narrow columns: `Apr–Oct 2022`, `Nov 2021 – Oct 2022`.
    pub fn short_label(self) -> String {
        if self.first == self.last {
            self.first.short_label()
        } else if self.first.year() == self.last.year() {
            format!(
                "{}\u{2013}{} {}",
                self.first.short_name(),
                self.last.short_name(),
                self.last.year()
            )
        } else {
            format!(
                "{} \u{2013} {}",
                self.first.short_label(),
                self.last.short_label()
            )
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}..{}", self.first, self.last)
        }
    }
}

/// The financial year label of a month, e.g. `2022/23` for any month April 2022 – March 2023.
pub fn financial_year_label(m: Month) -> String {
    let start = m.financial_year();
    format!("{}/{:02}", start, (start + 1).rem_euclid(100))
}

/// The financial quarter of a month: 1 for April–June … 4 for January–March.
pub fn financial_quarter(m: Month) -> u32 {
    (m.month() + 8) % 12 / 3 + 1
}

/// The two periods of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Periods {
    /// Which comparison.
    pub kind: PeriodKind,
    /// The recent period.
    pub current: Span,
    /// The period it is compared with (always as many months as `current`).
    pub base: Span,
}

impl Periods {
    /// The periods of `kind` when `end` is the latest month of data, or `None` when a period
    /// would start before January of year 1.
    ///
    /// - Quarter: the latest quarter that ends by `end` (so with data to October 2022 it is
    ///   July–September 2022, financial Q2 2022/23), against the same quarter a year earlier.
    /// - Three and twelve months: the months ending at `end`, against the ones just before.
    /// - Financial year to date: April of `end`'s financial year to `end` (with `end` in
    ///   January 2023 that is April 2022 – January 2023), against the same months a year
    ///   earlier. With `end` in March it is the whole financial year.
    pub fn ending(kind: PeriodKind, end: Month) -> Option<Periods> {
        let (current, base_shift) = match kind {
            PeriodKind::Quarter => {
                let back = (end.month() % 3) as i32;
                let last = checked_plus(end, -back)?;
                (Span::new(checked_plus(last, -2)?, last)?, -12)
            }
            PeriodKind::ThreeMonths => (Span::new(checked_plus(end, -2)?, end)?, -3),
            PeriodKind::TwelveMonths => (Span::new(checked_plus(end, -11)?, end)?, -12),
            PeriodKind::FinancialYearToDate => {
                let april = Month::new(end.financial_year(), 4)?;
                (Span::new(april, end)?, -12)
            }
        };
        Some(Periods {
            kind,
            current,
            base: current.shifted(base_shift)?,
        })
    }

    /// A caption for the current period, e.g. `Q2 2022/23 (July–September 2022)`,
    /// `2022/23 to date (April–October 2022)` or `November 2021 – October 2022`.
    pub fn current_label(&self) -> String {
        label_of(self.kind, self.current)
    }

    /// A caption for the comparison period, in the same style as [`Periods::current_label`].
    pub fn base_label(&self) -> String {
        label_of(self.kind, self.base)
    }
}

fn label_of(kind: PeriodKind, span: Span) -> String {
    match kind {
        PeriodKind::Quarter => format!(
            "Q{} {} ({})",
            financial_quarter(span.first),
            financial_year_label(span.first),
            span.label()
        ),
        PeriodKind::FinancialYearToDate => {
            if span.len() == 12 {
                format!("{} ({})", financial_year_label(span.first), span.label())
            } else {
                format!(
                    "{} to date ({})",
                    financial_year_label(span.first),
                    span.label()
                )
            }
        }
        PeriodKind::ThreeMonths | PeriodKind::TwelveMonths => span.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    #[test]
    fn checked_plus_crosses_years_and_refuses_year_zero() {
        assert_eq!(checked_plus(m(2020, 1), -1), Some(m(2019, 12)));
        assert_eq!(checked_plus(m(2019, 12), 1), Some(m(2020, 1)));
        assert_eq!(checked_plus(m(2020, 3), -27), Some(m(2017, 12)));
        assert_eq!(checked_plus(m(1, 1), -1), None);
        assert_eq!(checked_plus(m(9999, 12), 1), None);
        assert_eq!(checked_plus(m(1, 5), i32::MIN), None);
    }

    #[test]
    fn financial_quarters() {
        let q: Vec<u32> = (1..=12).map(|mo| financial_quarter(m(2022, mo))).collect();
        assert_eq!(q, [4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
        assert_eq!(financial_year_label(m(2023, 3)), "2022/23");
        assert_eq!(financial_year_label(m(1999, 4)), "1999/00");
    }
}
