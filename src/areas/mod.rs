//! Period comparisons of one measure across the areas of a dataset: the numbers behind the
//! CSP breakdown's comparisons table, its ranked bars and its rate-per-1,000 map.
//!
//! For each area (the force and every CSP, in file order) [`compare`] gives the current and
//! the comparison period's figure, the change, the % change, the rate per 1,000 residents and
//! a rank among the CSPs.
//!
//! Honesty rules, because residents compare these numbers across areas:
//! - A period with a missing (`null`) month is **incomplete**: it names the missing months and
//!   has no total. It is never summed as if the month were 0, and no change, % change, rate
//!   or rank is computed from it.
//! - A period that reaches before the first or after the last month of the data is **not
//!   available**, which is different from incomplete (nothing was published, by design).
//! - Only counts are summed ([`Aggregate::Sum`]). A percentage, a rate, minutes, seconds,
//!   days or a score cannot be added up over months, so for those the figure is the plain
//!   (unweighted) **mean of the monthly values** ([`Aggregate::MeanOfMonths`]), and
//!   [`Comparison::aggregate`] says so for the table caption. They get no rate per 1,000.
//! - % change is `None` when the comparison figure is 0 (it would be infinite), and for
//!   percentages, whose change is already in percentage points (a % change of a % confuses).
//! - A rate per 1,000 states its population year. It uses the area's mid-year estimate for
//!   the year of the period's midpoint ([`Span::population_year`]), as chosen by
//!   [`Area::population_for`]: that year's, else the latest before it (so years after the
//!   latest estimate use the latest), else the earliest; [`Rate::year_used`] differs from
//!   [`Rate::year_wanted`] so the caption can say so.
//! - A month the file excludes from the SPC limits (a known data fault, e.g. a recording
//!   gap) is still published, so it is summed, but the figure lists it in
//!   [`PeriodFigure::flagged`] so the table can footnote it.

pub mod bars;
pub mod format;
pub mod multiples;
pub mod period;
pub mod table;

pub use period::{
    checked_plus, financial_quarter, financial_year_label, PeriodKind, Periods, Span,
};

use serde::Serialize;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::model::{Area, AreaKind, Dataset, Measure, Series, Unit};
use crate::month::Month;
use crate::spc::Direction;

/// How monthly values become one figure for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// The sum of the months (counts only).
    Sum,
    /// The unweighted mean of the monthly values (percentages, rates, times, scores).
    MeanOfMonths,
}

impl Aggregate {
    /// The aggregate a unit allows: only a count can be summed.
    pub fn for_unit(unit: Unit) -> Aggregate {
        match unit {
            Unit::Count => Aggregate::Sum,
            Unit::Percent
            | Unit::RatePer1000
            | Unit::Minutes
            | Unit::Seconds
            | Unit::Days
            | Unit::Score => Aggregate::MeanOfMonths,
        }
    }

    /// A caption for the table, e.g. "Totals over each period".
    pub fn caption(self) -> &'static str {
        match self {
            Aggregate::Sum => "Totals over each period.",
            Aggregate::MeanOfMonths => {
                "Monthly average over each period (these values cannot be added up across months)."
            }
        }
    }
}

/// Why a period has no figure although nothing is missing inside the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unavailable {
    /// The period starts before the data do.
    BeforeData {
        /// The first month of the data.
        first: Month,
    },
    /// The period ends after the data do.
    AfterData {
        /// The last month of the data.
        last: Month,
    },
    /// The measure has no series for this area.
    NoSeries,
}

/// The figure of one area for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Figure {
    /// Every month was published: the sum or mean.
    Value {
        /// The sum (counts) or the mean of the months.
        value: f64,
    },
    /// Some months are `null` (not published): no figure, and the months that are missing.
    Incomplete {
        /// The missing months, in order (at least one).
        missing: Vec<Month>,
    },
    /// The period is outside the data, or the area has no series.
    NotAvailable {
        /// Why.
        #[serde(flatten)]
        why: Unavailable,
    },
}

impl Figure {
    /// The value when the period is complete.
    pub fn value(&self) -> Option<f64> {
        match self {
            Figure::Value { value } => Some(*value),
            _ => None,
        }
    }
}

/// A month in a period that the file marks as wrong for the SPC limits (an exclusion).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The month.
    pub month: Month,
    /// The file's reason.
    pub reason: String,
}

/// One period's figure for one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodFigure {
    /// The months.
    pub span: Span,
    /// The sum or mean, or why there is none.
    pub figure: Figure,
    /// Excluded months inside the span (still counted; footnote them).
    pub flagged: Vec<Flag>,
}

/// A rate per 1,000 residents over a period (not annualised: a 3-month period gives a
/// 3-month rate).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// Count ÷ population × 1,000.
    pub per_1000: f64,
    /// The population used.
    pub population: f64,
    /// The mid-year of the estimate used.
    pub year_used: i32,
    /// The mid-year the period asked for ([`Span::population_year`]).
    pub year_wanted: i32,
}

impl Rate {
    /// "mid-2021 population" or "mid-2021 population (latest available for 2022)".
    pub fn population_note(&self) -> String {
        if self.year_used == self.year_wanted {
            format!("mid-{} population", self.year_used)
        } else if self.year_used < self.year_wanted {
            format!(
                "mid-{} population (latest available for {})",
                self.year_used, self.year_wanted
            )
        } else {
            format!(
                "mid-{} population (earliest available for {})",
                self.year_used, self.year_wanted
            )
        }
    }
}

/// What the areas are ranked by. Rank 1 is always the **highest** value (for crime, the most);
/// whether high is good is the measure's [`Direction`], shown beside the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// Rate per 1,000 in the current period (counts with population only).
    CurrentRate,
    /// The current period's figure.
    Current,
    /// Current minus comparison.
    Change,
    /// % change.
    PercentChange,
}

/// The comparison of one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaComparison {
    /// Area code.
    pub code: String,
    /// Area name.
    pub name: String,
    /// Force or CSP.
    pub kind: AreaKind,
    /// The recent period.
    pub current: PeriodFigure,
    /// The comparison period.
    pub base: PeriodFigure,
    /// `current − base`, when both are complete (percentage points for percentages).
    pub change: Option<f64>,
    /// `change ÷ base × 100`, when both are complete and `base` is not 0 (never for
    /// percentages).
    pub percent_change: Option<f64>,
    /// Rate per 1,000 in the current period (counts only, with a population).
    pub current_rate: Option<Rate>,
    /// Rate per 1,000 in the comparison period.
    pub base_rate: Option<Rate>,
    /// Rank among the CSPs by [`Comparison::rank_by`] (1 = highest; ties share a rank);
    /// `None` for the force and for areas without a value.
    pub rank: Option<usize>,
}

impl AreaComparison {
    fn key(&self, by: RankBy) -> Option<f64> {
        match by {
            RankBy::CurrentRate => self.current_rate.map(|r| r.per_1000),
            RankBy::Current => self.current.figure.value(),
            RankBy::Change => self.change,
            RankBy::PercentChange => self.percent_change,
        }
    }
}

/// The comparisons of one measure for every area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The measure id.
    pub measure: String,
    /// The measure name.
    pub measure_name: String,
    /// The unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// Sum or mean of months (say which in the caption: [`Aggregate::caption`]).
    pub aggregate: Aggregate,
    /// The two periods.
    pub periods: Periods,
    /// What [`AreaComparison::rank`] ranks by.
    pub rank_by: RankBy,
    /// One row per area of the dataset, force first, in file order.
    pub areas: Vec<AreaComparison>,
}

impl Comparison {
    /// Re-ranks the CSPs by `by` (standard competition ranking: 1, 2, 2, 4). Areas without
    /// that value (incomplete, unavailable, no population) get no rank.
    pub fn rank(&mut self, by: RankBy) {
        self.rank_by = by;
        let keys: Vec<Option<f64>> = self
            .areas
            .iter()
            .map(|a| {
                if a.kind == AreaKind::Csp {
                    a.key(by).filter(|v| v.is_finite())
                } else {
                    None
                }
            })
            .collect();
        for (i, a) in self.areas.iter_mut().enumerate() {
            a.rank = keys[i].map(|k| 1 + keys.iter().flatten().filter(|&&o| o > k).count());
        }
    }

    /// Row indices ordered by rank (ranked areas first, highest first; then the unranked in
    /// file order): the order of the ranked bars.
    pub fn ranked_order(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.areas.len()).collect();
        idx.sort_by_key(|&i| (self.areas[i].rank.unwrap_or(usize::MAX), i));
        idx
    }

    /// The row of an area.
    pub fn area(&self, code: &str) -> Option<&AreaComparison> {
        self.areas.iter().find(|a| a.code == code)
    }
}

/// Compares the periods of `kind` for every area of `ds` on measure `measure_id`, with `end`
/// as the latest month (default: the last month of the data).
///
/// Fails only when the measure is not in the dataset. Periods outside the data are not an
/// error: their figures say [`Figure::NotAvailable`].
pub fn compare(
    ds: &Dataset,
    measure_id: &str,
    kind: PeriodKind,
    end: Option<Month>,
) -> Result<Comparison> {
    let measure = ds
        .measures
        .iter()
        .find(|m| m.id == measure_id)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                format!("there is no measure \"{measure_id}\" in the data"),
                Location::default().with_measure(measure_id),
            )
        })?;
    let end = end.unwrap_or(ds.last);
    let periods = Periods::ending(kind, end).ok_or_else(|| {
        Error::new(
            ErrorKind::NotFound,
            format!(
                "the {} ending {} would start before the year 1",
                kind.as_str(),
                end
            ),
            Location::default().with_measure(measure_id).with_month(end),
        )
    })?;
    let aggregate = Aggregate::for_unit(measure.unit);
    let areas = ds
        .areas
        .iter()
        .map(|area| compare_area(ds, measure, area, &periods, aggregate))
        .collect();
    let mut out = Comparison {
        measure: measure.id.clone(),
        measure_name: measure.name.clone(),
        unit: measure.unit,
        direction: measure.direction,
        aggregate,
        periods,
        rank_by: RankBy::Current,
        areas,
    };
    // Rates make areas of different sizes comparable, so rank by rate when every CSP with a
    // figure has one.
    let by_rate = aggregate == Aggregate::Sum
        && out.areas.iter().any(|a| a.current_rate.is_some())
        && out
            .areas
            .iter()
            .filter(|a| a.kind == AreaKind::Csp && a.current.figure.value().is_some())
            .all(|a| a.current_rate.is_some());
    out.rank(if by_rate {
        RankBy::CurrentRate
    } else {
        RankBy::Current
    });
    Ok(out)
}

fn compare_area(
    ds: &Dataset,
    measure: &Measure,
    area: &Area,
    periods: &Periods,
    aggregate: Aggregate,
) -> AreaComparison {
    let series = measure.series.iter().find(|s| s.area == area.code);
    let current = period_figure(ds, measure, series, &area.code, periods.current, aggregate);
    let base = period_figure(ds, measure, series, &area.code, periods.base, aggregate);
    let (cv, bv) = (current.figure.value(), base.figure.value());
    let change = cv.zip(bv).map(|(c, b)| c - b);
    let percent_change = match (change, bv) {
        (Some(d), Some(b)) if b != 0.0 && measure.unit != Unit::Percent => Some(d / b * 100.0),
        _ => None,
    };
    let rate = |fig: &PeriodFigure| -> Option<Rate> {
        if aggregate != Aggregate::Sum {
            return None;
        }
        let value = fig.figure.value()?;
        let wanted = fig.span.population_year();
        let (year_used, population) = area.population_for(wanted)?;
        (population > 0.0).then(|| Rate {
            per_1000: value / population * 1000.0,
            population,
            year_used,
            year_wanted: wanted,
        })
    };
    AreaComparison {
        code: area.code.clone(),
        name: area.name.clone(),
        kind: area.kind,
        current_rate: rate(&current),
        base_rate: rate(&base),
        current,
        base,
        change,
        percent_change,
        rank: None,
    }
}

fn applies(areas: &Option<Vec<String>>, code: &str) -> bool {
    areas.as_ref().is_none_or(|a| a.iter().any(|c| c == code))
}

fn period_figure(
    ds: &Dataset,
    measure: &Measure,
    series: Option<&Series>,
    code: &str,
    span: Span,
    aggregate: Aggregate,
) -> PeriodFigure {
    let flagged = measure
        .exclusions
        .iter()
        .filter(|e| span.contains(e.month) && applies(&e.areas, code))
        .map(|e| Flag {
            month: e.month,
            reason: e.reason.clone(),
        })
        .collect();
    let figure = figure_of(ds, series, span, aggregate);
    PeriodFigure {
        span,
        figure,
        flagged,
    }
}

fn figure_of(ds: &Dataset, series: Option<&Series>, span: Span, aggregate: Aggregate) -> Figure {
    let Some(series) = series else {
        return Figure::NotAvailable {
            why: Unavailable::NoSeries,
        };
    };
    if span.first < ds.first {
        return Figure::NotAvailable {
            why: Unavailable::BeforeData { first: ds.first },
        };
    }
    if span.last > ds.last {
        return Figure::NotAvailable {
            why: Unavailable::AfterData { last: ds.last },
        };
    }
    let mut sum = 0.0;
    let mut missing = Vec::new();
    for m in span.months() {
        let i = m.since(ds.first) as usize;
        match series.values.get(i).copied().flatten() {
            Some(v) if v.is_finite() => sum += v,
            // A value the validator let through as non-finite, or a series shorter than the
            // period (impossible in a validated dataset), is treated as not published.
            _ => missing.push(m),
        }
    }
    if !missing.is_empty() {
        return Figure::Incomplete { missing };
    }
    let value = match aggregate {
        Aggregate::Sum => sum,
        Aggregate::MeanOfMonths => sum / span.len() as f64,
    };
    Figure::Value { value }
}
