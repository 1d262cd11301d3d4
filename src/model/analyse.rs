//! One measure × area of a published file through the SPC engine, with the file's rebases and
//! exclusions applied and its annotations attached to their points.
//!
//! This is where the published format meets the engine: months become indices, the rebases
//! and exclusions that apply to the area become `rebase_at` and `excluded`, and p/u charts
//! are brought back into the measure's unit (the engine works on numerator / denominator;
//! the file publishes percentages and rates per 1,000).

use serde::Serialize;
use std::fmt::Write as _;

use super::{Dataset, Measure, Series};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::month::Month;
use crate::spc::{self, Analysis, ChartType, Input, Profile};

/// A rebase of the file that starts a new group in this series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedRebase {
    /// Index of the first point of the new group.
    pub index: usize,
    /// Its month.
    pub month: Month,
    /// The documented cause.
    pub reason: String,
}

/// A month of this series left out of the limits and the rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedExclusion {
    /// Index of the point.
    pub index: usize,
    /// Its month.
    pub month: Month,
    /// Why it is left out.
    pub reason: String,
}

/// An annotation that applies to this series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedAnnotation {
    /// Index of the point it marks.
    pub index: usize,
    /// Its month.
    pub month: Month,
    /// The text.
    pub text: String,
}

/// The analysis of one measure for one area, in the measure's unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesAnalysis {
    /// The measure id.
    pub measure: String,
    /// The area code.
    pub area: String,
    /// The profile used.
    pub profile: Profile,
    /// The chart type used (the measure's).
    pub chart: ChartType,
    /// One month per point of [`SeriesAnalysis::analysis`].
    pub months: Vec<Month>,
    /// The engine's result. For p and p′ charts the values and limits are percentages, for u
    /// and u′ charts they are in the measure's unit (× 1,000 for rates per 1,000), so they
    /// sit on the same axis as the published values.
    pub analysis: Analysis,
    /// The file's rebases that start a group in this series (a rebase at the first month
    /// starts nothing and is left out).
    pub rebases: Vec<AppliedRebase>,
    /// The file's exclusions that apply to this series.
    pub exclusions: Vec<AppliedExclusion>,
    /// The file's annotations that apply to this series.
    pub annotations: Vec<AppliedAnnotation>,
}

impl SeriesAnalysis {
    /// Why point `index` is excluded, if it is.
    pub fn exclusion_reason(&self, index: usize) -> Option<&str> {
        self.exclusions
            .iter()
            .find(|e| e.index == index)
            .map(|e| e.reason.as_str())
    }

    /// Why a new group starts at point `index`, if one does because of the file.
    pub fn rebase_reason(&self, index: usize) -> Option<&str> {
        self.rebases
            .iter()
            .find(|r| r.index == index)
            .map(|r| r.reason.as_str())
    }

    /// The annotations at point `index`.
    pub fn annotations_at(&self, index: usize) -> impl Iterator<Item = &str> {
        self.annotations
            .iter()
            .filter(move |a| a.index == index)
            .map(|a| a.text.as_str())
    }
}

/// The measure with this id, or a [`ErrorKind::NotFound`] error listing the ids there are.
pub fn find_measure<'a>(ds: &'a Dataset, measure_id: &str) -> Result<&'a Measure> {
    ds.measure(measure_id).ok_or_else(|| {
        let mut ids = String::new();
        for (k, m) in ds.measures.iter().enumerate() {
            if k > 0 {
                ids.push_str(", ");
            }
            ids.push_str(&m.id);
        }
        if ds.measures.is_empty() {
            ids.push_str("(none)");
        }
        Error::new(
            ErrorKind::NotFound,
            format!("measure \"{measure_id}\" is not in the file; its measures are: {ids}"),
            Location::default().with_measure(measure_id),
        )
    })
}

/// The series of `area` in `measure`, or a [`ErrorKind::NotFound`] error listing the areas
/// that have one.
pub fn find_series<'a>(ds: &Dataset, measure: &'a Measure, area: &str) -> Result<&'a Series> {
    measure.series_for(area).ok_or_else(|| {
        // Written straight into one String (no list of names to join).
        let mut have = String::new();
        for (k, s) in measure.series.iter().enumerate() {
            if k > 0 {
                have.push_str(", ");
            }
            match ds.area(&s.area) {
                Some(a) => {
                    let _ = write!(have, "{} ({})", a.code, a.name);
                }
                None => have.push_str(&s.area),
            }
        }
        if measure.series.is_empty() {
            have.push_str("(none)");
        }
        let what = if ds.area(area).is_some() {
            format!("measure {} has no series for area {area}", measure.id)
        } else {
            format!("area \"{area}\" is not in the file")
        };
        Error::new(
            ErrorKind::NotFound,
            format!(
                "{what}; the areas with a series for measure {} are: {}",
                measure.id, have
            ),
            Location::default()
                .with_measure(&measure.id)
                .with_area(area),
        )
    })
}

/// Analyses measure `measure_id` for area `area` under `profile`, applying the file's
/// rebases and exclusions for that area.
///
/// Errors: [`ErrorKind::NotFound`] for an unknown measure, or an area with no series for it
/// (the message lists what exists); otherwise only what the engine refuses, with the measure,
/// area and month added to its place.
pub fn analyse_series(
    ds: &Dataset,
    measure_id: &str,
    area: &str,
    profile: Profile,
) -> Result<SeriesAnalysis> {
    let measure = find_measure(ds, measure_id)?;
    let series = find_series(ds, measure, area)?;
    let months = ds.months();
    let index = |m: Month| ds.month_index(m);

    let mut rebases = Vec::new();
    for r in measure.rebases_for(area) {
        match index(r.month) {
            Some(i) if i > 0 => rebases.push(AppliedRebase {
                index: i,
                month: r.month,
                reason: r.reason.clone(),
            }),
            _ => {}
        }
    }
    let mut exclusions = Vec::new();
    for e in measure.exclusions_for(area) {
        if let Some(i) = index(e.month) {
            exclusions.push(AppliedExclusion {
                index: i,
                month: e.month,
                reason: e.reason.clone(),
            });
        }
    }
    let mut annotations = Vec::new();
    for a in measure.annotations_for(area) {
        if let Some(i) = index(a.month) {
            annotations.push(AppliedAnnotation {
                index: i,
                month: a.month,
                text: a.text.clone(),
            });
        }
    }

    let mut rebase_at = Vec::with_capacity(rebases.len());
    for r in &rebases {
        rebase_at.push(r.index);
    }
    let mut excluded = Vec::with_capacity(exclusions.len());
    for e in &exclusions {
        excluded.push(e.index);
    }
    // The engine analyses numerator / denominator on p and u charts; the file's values and
    // target are `scale ×` that.
    let scale = if measure.chart.needs_denominators() {
        measure.unit.ratio_scale()
    } else {
        1.0
    };
    let input = Input {
        values: &series.values,
        numerators: series.numerators.as_deref(),
        denominators: series.denominators.as_deref(),
        direction: measure.direction,
        target: measure.target.map(|t| t / scale),
        rebase_at: &rebase_at,
        excluded: &excluded,
        fix_after_n_points: None,
        chart: measure.chart,
    };
    let mut analysis = spc::analyse(&input, &profile.settings()).map_err(|e| {
        let mut at = Location::default()
            .with_measure(&measure.id)
            .with_area(area);
        if let Some(m) = e.location().index.and_then(|i| ds.month_at(i)) {
            at = at.with_month(m);
        }
        e.within(at)
    })?;
    if scale != 1.0 {
        rescale(&mut analysis, scale);
    }
    Ok(SeriesAnalysis {
        measure: measure.id.clone(),
        area: area.to_string(),
        profile,
        chart: measure.chart,
        months,
        analysis,
        rebases,
        exclusions,
        annotations,
    })
}

/// Multiplies every value and limit by `scale` (a positive constant, so every rule and
/// icon is unchanged).
fn rescale(a: &mut Analysis, scale: f64) {
    let limits = |l: &mut spc::Limits| {
        l.mean *= scale;
        l.lpl *= scale;
        l.upl *= scale;
        l.near_lpl *= scale;
        l.near_upl *= scale;
    };
    for p in &mut a.points {
        if let Some(v) = &mut p.value {
            *v *= scale;
        }
        if let Some(l) = &mut p.limits {
            limits(l);
        }
    }
    for g in &mut a.groups {
        if let Some(l) = &mut g.limits {
            limits(l);
        }
        if let Some(mr) = &mut g.mr_bar {
            *mr *= scale;
        }
    }
}
