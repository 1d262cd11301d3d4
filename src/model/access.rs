//! Look-ups and conversions on the validated domain types.
//!
//! These are total: after [`parse`](super::parse) every code, id and month they return was
//! checked, so callers index with them without further checks.

use super::{
    Annotation, Area, AreaKind, DataWarning, Dataset, Exclusion, Measure, Population, Rebase,
    Section, Series, Unit,
};
use crate::month::Month;

impl Dataset {
    /// Every month of the period, first to last.
    pub fn months(&self) -> Vec<Month> {
        let mut months = Vec::new();
        for m in Month::range(self.first, self.last) {
            months.push(m);
        }
        months
    }

    /// How many months the period has (the length of every series).
    pub fn month_count(&self) -> usize {
        (self.last.since(self.first) + 1).max(0) as usize
    }

    /// The index of `month` in every series, or `None` outside the period.
    pub fn month_index(&self, month: Month) -> Option<usize> {
        if month < self.first || month > self.last {
            None
        } else {
            Some(month.since(self.first) as usize)
        }
    }

    /// The month at index `i` of every series, or `None` past the end.
    pub fn month_at(&self, i: usize) -> Option<Month> {
        (i < self.month_count()).then(|| self.first.plus(i as i32))
    }

    /// The measure with this id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// The area with this code.
    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.code == code)
    }

    /// The force area, if the file has one (a file has at most one).
    pub fn force(&self) -> Option<&Area> {
        self.areas.iter().find(|a| a.kind == AreaKind::Force)
    }

    /// The CSP areas, in file order.
    pub fn csps(&self) -> impl Iterator<Item = &Area> {
        self.areas.iter().filter(|a| a.kind == AreaKind::Csp)
    }
}

impl Area {
    /// The population to use for `year`, as `(mid_year used, value)`.
    ///
    /// The estimate for that mid-year when there is one; otherwise the latest estimate
    /// *before* `year` (estimates are published about a year late, so recent months use the
    /// latest one); otherwise, for a year before every estimate, the earliest. `None` when the
    /// area has no population at all. The mid-year used is returned so that a chart can say
    /// which one it used.
    pub fn population_for(&self, year: i32) -> Option<(i32, f64)> {
        let p: &Population = self
            .population
            .iter()
            .rev()
            .find(|p| p.mid_year <= year)
            .or_else(|| self.population.first())?;
        Some((p.mid_year, p.value))
    }
}

/// True when an optional list of areas (absent = every area) includes `code`.
fn covers(areas: &Option<Vec<String>>, code: &str) -> bool {
    areas
        .as_ref()
        .is_none_or(|list| list.iter().any(|a| a == code))
}

impl Rebase {
    /// Does this rebase apply to the area `code`?
    pub fn applies_to(&self, code: &str) -> bool {
        covers(&self.areas, code)
    }
}

impl Exclusion {
    /// Does this exclusion apply to the area `code`?
    pub fn applies_to(&self, code: &str) -> bool {
        covers(&self.areas, code)
    }
}

impl Annotation {
    /// Does this annotation apply to the area `code`?
    pub fn applies_to(&self, code: &str) -> bool {
        covers(&self.areas, code)
    }
}

impl Measure {
    /// The series of area `code`, if the measure has one.
    pub fn series_for(&self, code: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.area == code)
    }

    /// The rebases that apply to area `code`, by month.
    pub fn rebases_for<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Rebase> + 'a {
        self.rebases.iter().filter(move |r| r.applies_to(code))
    }

    /// The exclusions that apply to area `code`, by month.
    pub fn exclusions_for<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Exclusion> + 'a {
        self.exclusions.iter().filter(move |e| e.applies_to(code))
    }

    /// The annotations that apply to area `code`, by month.
    pub fn annotations_for<'a>(
        &'a self,
        code: &'a str,
    ) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.annotations.iter().filter(move |a| a.applies_to(code))
    }
}

impl AreaKind {
    /// Parses `force` or `csp`.
    pub fn parse(text: &str) -> Option<AreaKind> {
        match text {
            "force" => Some(AreaKind::Force),
            "csp" => Some(AreaKind::Csp),
            _ => None,
        }
    }

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaKind::Force => "force",
            AreaKind::Csp => "csp",
        }
    }
}

impl Section {
    /// Every section, in report order.
    pub const ALL: [Section; 5] = [
        Section::Calls,
        Section::Incidents,
        Section::Crime,
        Section::Outcomes,
        Section::Prevention,
    ];

    /// Parses `Calls`, `Incidents`, `Crime`, `Outcomes` or `Prevention` (as written).
    pub fn parse(text: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The name used in JSON and in the reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Calls => "Calls",
            Section::Incidents => "Incidents",
            Section::Crime => "Crime",
            Section::Outcomes => "Outcomes",
            Section::Prevention => "Prevention",
        }
    }
}

impl Unit {
    /// Every unit.
    pub const ALL: [Unit; 7] = [
        Unit::Count,
        Unit::Percent,
        Unit::RatePer1000,
        Unit::Minutes,
        Unit::Seconds,
        Unit::Days,
        Unit::Score,
    ];

    /// Parses `count`, `percent`, `rate_per_1000`, `minutes`, `seconds`, `days` or `score`.
    pub fn parse(text: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == text)
    }

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::RatePer1000 => "rate_per_1000",
            Unit::Minutes => "minutes",
            Unit::Seconds => "seconds",
            Unit::Days => "days",
            Unit::Score => "score",
        }
    }

    /// When a series has numerators and denominators, its value is
    /// `ratio_scale × numerator / denominator`: 100 for percent, 1,000 for rates per 1,000,
    /// 1 otherwise (e.g. a mean response time = total minutes / incidents).
    pub fn ratio_scale(self) -> f64 {
        match self {
            Unit::Percent => 100.0,
            Unit::RatePer1000 => 1000.0,
            _ => 1.0,
        }
    }
}

impl DataWarning {
    /// A warning about the whole file.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        DataWarning {
            code: code.into(),
            message: message.into(),
            measure: None,
            areas: Vec::new(),
        }
    }

    /// Marks the warning as about measure `id`.
    pub fn for_measure(mut self, id: impl Into<String>) -> Self {
        self.measure = Some(id.into());
        self
    }

    /// Marks the warning as about these areas.
    pub fn for_areas<S: AsRef<str>>(mut self, codes: &[S]) -> Self {
        // A slice, not any iterator, and a plain loop over one non-generic push: each
        // caller's iterator type would otherwise get its own copy in the browser module.
        self.areas.clear();
        for code in codes {
            self.push_area(code.as_ref());
        }
        self
    }

    #[inline(never)]
    fn push_area(&mut self, code: &str) {
        self.areas.push(code.to_string());
    }

    /// Should a chart of `measure` for `area` show this warning? True when the warning is
    /// about that measure (or no one measure) and about that area (or every area).
    pub fn concerns(&self, measure: &str, area: &str) -> bool {
        self.measure.as_deref().is_none_or(|m| m == measure)
            && (self.areas.is_empty() || self.areas.iter().any(|a| a == area))
    }
}
