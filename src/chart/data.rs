//! [`ChartData`]: everything one chart needs, independent of where it came from.

use crate::model::{Dataset, Unit};
use crate::month::Month;
use crate::spc::{Analysis, Direction, GapPolicy, Limits, Profile, RunPolicy};
use crate::{Error, Location, Result};

/// What a dated note on a measure means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// An event marked on the chart ("Op Lionheart", "COVID-19 lockdown").
    Annotation,
    /// Why a month is left out of the limits and the rules.
    Exclusion,
    /// Why the limits were recalculated from this month.
    Rebase,
}

/// A dated note, as the published file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The month it applies to.
    pub month: Month,
    /// Annotation, exclusion reason or rebase reason.
    pub kind: NoteKind,
    /// The words.
    pub text: String,
}

/// Plain inputs for [`ChartData::new`], so the model or the web side can fill it from
/// whatever it holds.
#[derive(Debug, Clone)]
pub struct ChartInput<'a> {
    /// Name of the measure, e.g. "All crime".
    pub measure: &'a str,
    /// Name of the area, e.g. "Leicester".
    pub area: &'a str,
    /// Unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// One month per analysed point, consecutive.
    pub months: &'a [Month],
    /// The SPC analysis of the series (one point per month), moved into the chart data (a
    /// clone would bring a `Vec` clone per field type into the wasm).
    pub analysis: Analysis,
    /// Target in the measure's unit.
    pub target: Option<f64>,
    /// Annotations, exclusion reasons and rebase reasons.
    pub notes: &'a [Note],
    /// Source and licence line, e.g. "Source: data.police.uk, Open Government Licence v3.0".
    pub source: &'a str,
}

/// How a quarter's three months are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// Counts and rates add up over a quarter.
    Sum,
    /// Percentages, times and scores are averaged.
    Mean,
}

impl Aggregate {
    /// Counts and rates are summed; everything else is averaged.
    pub fn for_unit(unit: Unit) -> Aggregate {
        match unit {
            Unit::Count | Unit::RatePer1000 => Aggregate::Sum,
            _ => Aggregate::Mean,
        }
    }
}

/// The latest complete calendar quarter against the same quarter a year before.
///
/// A quarter with a month not published has no value (`None`) and lists the month in
/// `missing`: a missing month is never added in as 0.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterComparison {
    /// First month of the latest quarter (January, April, July or October).
    pub first: Month,
    /// Sum or mean.
    pub aggregate: Aggregate,
    /// The latest quarter's value, `None` if a month is missing.
    pub current: Option<f64>,
    /// The same quarter a year before, `None` if a month is missing.
    pub previous: Option<f64>,
    /// Months of either quarter with no data published, in order.
    pub missing: Vec<Month>,
}

impl QuarterComparison {
    /// Current minus previous, when both are known.
    pub fn change(&self) -> Option<f64> {
        Some(self.current? - self.previous?)
    }

    /// The change as a percentage of the previous value (`None` when it is 0 or unknown).
    pub fn percent_change(&self) -> Option<f64> {
        let prev = self.previous?;
        if prev == 0.0 {
            return None;
        }
        Some(self.change()? / prev.abs() * 100.0)
    }

    /// `Jul–Sep 2022`.
    pub fn short_label(&self) -> String {
        quarter_label(self.first, false)
    }

    /// `July to September 2022`.
    pub fn long_label(&self) -> String {
        quarter_label(self.first, true)
    }

    /// `July to September 2021`: the quarter compared with.
    pub fn previous_long_label(&self) -> String {
        quarter_label(self.first.plus(-12), true)
    }

    /// `Jul–Sep 2021`.
    pub fn previous_short_label(&self) -> String {
        quarter_label(self.first.plus(-12), false)
    }
}

fn quarter_label(first: Month, long: bool) -> String {
    let last = first.plus(2);
    if long {
        format!("{} to {} {}", first.name(), last.name(), last.year())
    } else {
        format!(
            "{}–{} {}",
            first.short_name(),
            last.short_name(),
            last.year()
        )
    }
}

/// Everything one chart needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// "All crime: Leicester".
    pub title: String,
    /// Name of the measure.
    pub measure: String,
    /// Name of the area.
    pub area: String,
    /// Unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// One month per point.
    pub months: Vec<Month>,
    /// The SPC analysis, one point per month.
    pub analysis: Analysis,
    /// Target in the measure's unit.
    pub target: Option<f64>,
    /// Annotations: point index and text, in month order.
    pub annotations: Vec<(usize, String)>,
    /// Why each point is excluded (`None` where there is no reason given), one per point.
    pub exclusion_reasons: Vec<Option<String>>,
    /// Why each rebase group starts where it does (`None` for the first group or no reason).
    pub rebase_reasons: Vec<Option<String>>,
    /// Source and licence line.
    pub source: String,
    /// Index of the last month with a published value.
    pub latest: Option<usize>,
    /// The latest complete quarter against the same quarter last year, when the series
    /// covers both.
    pub comparison: Option<QuarterComparison>,
    /// How the rules counted runs, so the words ("7 months in a row above the average")
    /// count the same way. The MDC profile's unless set by [`ChartData::with_profile`].
    pub runs: RunSemantics,
}

/// How runs were counted by the profile that analysed the series (see `spc::Settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSemantics {
    /// What a missing or excluded month does to a run.
    pub gaps: GapPolicy,
    /// What a month exactly on the mean does to a shift.
    pub on_mean: RunPolicy,
    /// What a tie does to a trend.
    pub ties: RunPolicy,
    /// How many of the last published months a single-point exception may come from.
    pub exception_window: usize,
}

impl RunSemantics {
    /// The semantics of a profile.
    pub fn of(profile: Profile) -> RunSemantics {
        let s = profile.settings();
        RunSemantics {
            gaps: s.gaps,
            on_mean: s.on_mean,
            ties: s.ties,
            exception_window: s.exception_window.max(1),
        }
    }
}

impl Default for RunSemantics {
    fn default() -> Self {
        RunSemantics::of(Profile::Mdc)
    }
}

impl ChartData {
    /// Checks that the months and the analysis agree and places every note on its point.
    ///
    /// Fails, naming the month, when the months are not consecutive, when their number
    /// differs from the analysis, when a note falls outside the months, or when a rebase note
    /// does not start a group.
    pub fn new(input: ChartInput<'_>) -> Result<ChartData> {
        let months = input.months;
        let analysis = input.analysis;
        let here = || Location::default().with_measure(input.measure);
        if months.len() != analysis.points.len() {
            return Err(Error::invalid(
                format!(
                    "the chart has {} months but the analysis has {} points",
                    months.len(),
                    analysis.points.len()
                ),
                here(),
            ));
        }
        for (i, pair) in months.windows(2).enumerate() {
            if pair[1] != pair[0].succ() {
                return Err(Error::invalid(
                    format!(
                        "months must be consecutive: {} follows {}",
                        pair[1].long_label(),
                        pair[0].long_label()
                    ),
                    Location::field("months", Some(i + 1))
                        .with_measure(input.measure)
                        .with_month(pair[1]),
                ));
            }
        }
        let index_of = |m: Month| -> Option<usize> {
            let first = *months.first()?;
            let i = m.since(first);
            (i >= 0 && (i as usize) < months.len()).then_some(i as usize)
        };
        let mut annotations = Vec::new();
        // `resize_with`, not `vec![None; n]`: no clone-per-element code for Option<String>
        // (smaller in the download).
        let mut exclusion_reasons = Vec::new();
        exclusion_reasons.resize_with(months.len(), || None);
        let mut rebase_reasons = Vec::new();
        rebase_reasons.resize_with(analysis.groups.len(), || None);
        for note in input.notes {
            let Some(i) = index_of(note.month) else {
                return Err(Error::invalid(
                    format!(
                        "a note for {} (\"{}\") falls outside the chart's months",
                        note.month.long_label(),
                        note.text
                    ),
                    here().with_month(note.month),
                ));
            };
            match note.kind {
                NoteKind::Annotation => annotations.push((i, note.text.clone())),
                NoteKind::Exclusion => exclusion_reasons[i] = Some(note.text.clone()),
                NoteKind::Rebase => {
                    let Some(g) = analysis.groups.iter().position(|g| g.start == i) else {
                        return Err(Error::invalid(
                            format!(
                                "the rebase at {} (\"{}\") does not start a group of the analysis",
                                note.month.long_label(),
                                note.text
                            ),
                            here().with_month(note.month),
                        ));
                    };
                    rebase_reasons[g] = Some(note.text.clone());
                }
            }
        }
        crate::spc::small_sort::sort_by_key(&mut annotations, |a| a.0);
        // The last published month, found in the loop that copies the values out.
        let mut latest = None;
        let mut values = Vec::with_capacity(analysis.points.len());
        for (i, p) in analysis.points.iter().enumerate() {
            if p.value.is_some() {
                latest = Some(i);
            }
            values.push(p.value);
        }
        let comparison = quarter_comparison(months, &values, input.unit);
        Ok(ChartData {
            title: format!("{}: {}", input.measure, input.area),
            measure: input.measure.to_string(),
            area: input.area.to_string(),
            unit: input.unit,
            direction: input.direction,
            months: months.to_vec(),
            analysis,
            target: input.target,
            annotations,
            exclusion_reasons,
            rebase_reasons,
            source: input.source.to_string(),
            latest,
            comparison,
            runs: RunSemantics::default(),
        })
    }

    /// The same chart, with its words counting runs as `profile` does (call it when the
    /// analysis was made with a profile other than MDC).
    pub fn with_profile(mut self, profile: Profile) -> ChartData {
        self.runs = RunSemantics::of(profile);
        self
    }

    /// The chart of measure `measure_id` for area `area_code` of a published file, through
    /// [`crate::model::analyse_series`] (which applies the file's rebases and exclusions for
    /// that area, runs the SPC engine with `profile`, and puts p and u charts on the
    /// measure's scale); the annotations and reasons are placed on their points.
    ///
    /// Fails with a `NotFound` error naming the measure or area (and listing what the file
    /// has) when either is missing, and with the engine's located error otherwise.
    pub fn from_dataset(
        ds: &Dataset,
        measure_id: &str,
        area_code: &str,
        profile: Profile,
    ) -> Result<ChartData> {
        let sa = crate::model::analyse_series(ds, measure_id, area_code, profile)?;
        let measure = crate::model::analyse::find_measure(ds, measure_id)?;
        let area_name = ds
            .area(area_code)
            .map(|a| a.name.as_str())
            .unwrap_or(area_code);
        // One loop per kind of note: a chain of maps collected into a Vec is larger wasm.
        let mut notes =
            Vec::with_capacity(sa.rebases.len() + sa.exclusions.len() + sa.annotations.len());
        let mut note = |month: Month, kind: NoteKind, text: &str| {
            notes.push(Note {
                month,
                kind,
                text: text.to_string(),
            })
        };
        for r in &sa.rebases {
            note(r.month, NoteKind::Rebase, &r.reason);
        }
        for e in &sa.exclusions {
            note(e.month, NoteKind::Exclusion, &e.reason);
        }
        for a in &sa.annotations {
            note(a.month, NoteKind::Annotation, &a.text);
        }
        let md = &ds.metadata;
        let source = source_line(&md.source, &md.licence);
        let data = ChartData::new(ChartInput {
            measure: &measure.name,
            area: area_name,
            unit: measure.unit,
            direction: measure.direction,
            months: &sa.months,
            analysis: sa.analysis,
            target: measure.target,
            notes: &notes,
            source: &source,
        })
        .map_err(|e| {
            e.within(
                Location::default()
                    .with_measure(measure_id)
                    .with_area(area_code),
            )
        })?;
        Ok(data.with_profile(profile))
    }

    /// The last month with a published value ("Data to October 2022").
    pub fn data_to(&self) -> Option<Month> {
        self.latest.and_then(|i| self.months.get(i).copied())
    }

    /// Number of months charted. The fields are public, so this is the shortest of the
    /// per-month vectors: code that indexes by month stays in bounds even if a caller
    /// edits one of them.
    pub fn len(&self) -> usize {
        self.months
            .len()
            .min(self.analysis.points.len())
            .min(self.exclusion_reasons.len())
    }

    /// True when there are no months to chart.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Why point `i` is excluded, if a reason was given.
    pub fn exclusion_reason(&self, i: usize) -> Option<&str> {
        self.exclusion_reasons.get(i)?.as_deref()
    }

    /// The limits shown for point `i` (its own, else its group's), clipped for display.
    pub fn shown_limits(&self, i: usize) -> Option<Limits> {
        let p = self.analysis.points.get(i)?;
        let raw = p
            .limits
            .or_else(|| self.analysis.groups.get(p.group).and_then(|g| g.limits))?;
        Some(display_limits(self.unit, raw))
    }

    /// Annotations at point `i`.
    pub fn annotations_at(&self, i: usize) -> impl Iterator<Item = &str> {
        self.annotations
            .iter()
            .filter(move |a| a.0 == i)
            .map(|a| a.1.as_str())
    }

    /// The rebase reason when point `i` starts a group after the first.
    pub fn rebase_at(&self, i: usize) -> Option<&str> {
        let g = self
            .analysis
            .groups
            .iter()
            .position(|g| g.start == i && i > 0)?;
        self.rebase_reasons.get(g)?.as_deref()
    }
}

/// "Source: data.police.uk. Open Government Licence v3.0." from a file's source and licence,
/// without doubled full stops.
pub fn source_line(source: &str, licence: &str) -> String {
    let sentence = |t: &str| {
        let t = t.trim();
        // The last byte (ASCII marks cannot be part of a longer character): no char pattern.
        if t.is_empty() || matches!(t.as_bytes().last(), Some(b'.' | b'!' | b'?')) {
            t.to_string()
        } else {
            format!("{t}.")
        }
    };
    match (sentence(source), sentence(licence)) {
        (s, l) if s.is_empty() => l,
        (s, l) if l.is_empty() => format!("Source: {s}"),
        (s, l) => format!("Source: {s} {l}"),
    }
}

/// Limits as shown to people: a count, rate, time or percentage cannot go below 0 and a
/// percentage cannot exceed 100, so the displayed limits stop there. The rules use the raw
/// limits; this changes only what is drawn and written.
pub fn display_limits(unit: Unit, mut l: Limits) -> Limits {
    if unit != Unit::Score {
        l.lpl = l.lpl.max(0.0);
        l.near_lpl = l.near_lpl.max(0.0);
        l.mean = l.mean.max(0.0);
    }
    if unit == Unit::Percent {
        l.upl = l.upl.min(100.0);
        l.near_upl = l.near_upl.min(100.0);
        l.mean = l.mean.min(100.0);
    }
    l
}

/// The latest complete calendar quarter in `months` and the same quarter a year before,
/// or `None` when the months do not cover both.
fn quarter_comparison(
    months: &[Month],
    values: &[Option<f64>],
    unit: Unit,
) -> Option<QuarterComparison> {
    let first = *months.first()?;
    let last = *months.last()?;
    // The last month that ends a quarter (March, June, September, December).
    let back = (last.month() % 3) as i32;
    let q_last = last.plus(-back);
    let q_first = q_last.plus(-2);
    let prev_first = q_first.plus(-12);
    if prev_first < first {
        return None;
    }
    let aggregate = Aggregate::for_unit(unit);
    let mut missing = Vec::new();
    let mut quarter = |start: Month| -> Option<f64> {
        let mut sum = 0.0;
        let mut complete = true;
        for m in Month::range(start, start.plus(2)) {
            let i = m.since(first) as usize;
            match values.get(i).copied().flatten() {
                Some(v) => sum += v,
                None => {
                    complete = false;
                    missing.push(m);
                }
            }
        }
        complete.then(|| match aggregate {
            Aggregate::Sum => sum,
            Aggregate::Mean => sum / 3.0,
        })
    };
    let previous = quarter(prev_first);
    let current = quarter(q_first);
    Some(QuarterComparison {
        first: q_first,
        aggregate,
        current,
        previous,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(n: usize, from: Month) -> Vec<Month> {
        (0..n).map(|i| from.plus(i as i32)).collect()
    }

    #[test]
    fn latest_complete_quarter_against_last_year() {
        let ms = months(24, Month::new(2021, 1).unwrap()); // Jan 2021 .. Dec 2022
        let values: Vec<Option<f64>> = (0..24).map(|i| Some(i as f64)).collect();
        let q = quarter_comparison(&ms, &values, Unit::Count).unwrap();
        assert_eq!(q.first, Month::new(2022, 10).unwrap());
        assert_eq!(q.current, Some(21.0 + 22.0 + 23.0));
        assert_eq!(q.previous, Some(9.0 + 10.0 + 11.0));
        assert_eq!(q.short_label(), "Oct–Dec 2022");
        assert_eq!(q.previous_long_label(), "October to December 2021");
    }

    #[test]
    fn a_partial_last_quarter_falls_back_to_the_one_before() {
        let ms = months(20, Month::new(2021, 1).unwrap()); // to Aug 2022
        let values: Vec<Option<f64>> = vec![Some(10.0); 20];
        let q = quarter_comparison(&ms, &values, Unit::Percent).unwrap();
        assert_eq!(q.first, Month::new(2022, 4).unwrap());
        assert_eq!(q.aggregate, Aggregate::Mean);
        assert_eq!(q.current, Some(10.0));
        assert_eq!(q.change(), Some(0.0));
    }

    #[test]
    fn a_missing_month_makes_the_quarter_incomplete_not_zero() {
        let ms = months(24, Month::new(2021, 1).unwrap());
        let mut values: Vec<Option<f64>> = vec![Some(100.0); 24];
        values[10] = None; // November 2021
        let q = quarter_comparison(&ms, &values, Unit::Count).unwrap();
        assert_eq!(q.previous, None);
        assert_eq!(q.current, Some(300.0));
        assert_eq!(q.missing, vec![Month::new(2021, 11).unwrap()]);
        assert_eq!(q.change(), None);
        assert_eq!(q.percent_change(), None);
    }

    #[test]
    fn too_short_for_a_year_on_year_quarter() {
        let ms = months(14, Month::new(2021, 1).unwrap());
        let values = vec![Some(1.0); 14];
        assert!(quarter_comparison(&ms, &values, Unit::Count).is_none());
    }

    #[test]
    fn source_lines_have_single_full_stops() {
        assert_eq!(
            source_line(
                "data.police.uk street-level crime",
                "Open Government Licence v3.0"
            ),
            "Source: data.police.uk street-level crime. Open Government Licence v3.0."
        );
        assert_eq!(
            source_line("ONS / OS boundaries.", "Crown copyright."),
            "Source: ONS / OS boundaries. Crown copyright."
        );
        assert_eq!(source_line("", "OGL v3.0"), "OGL v3.0.");
        assert_eq!(source_line("", ""), "");
    }

    #[test]
    fn display_limits_stop_at_zero_and_one_hundred() {
        let l = Limits {
            mean: 95.0,
            lpl: 88.0,
            upl: 102.0,
            near_lpl: 90.0,
            near_upl: 100.5,
        };
        let d = display_limits(Unit::Percent, l);
        assert_eq!((d.upl, d.near_upl, d.lpl), (100.0, 100.0, 88.0));
        let c = Limits {
            mean: 3.0,
            lpl: -2.0,
            upl: 8.0,
            near_lpl: -0.5,
            near_upl: 6.0,
        };
        assert_eq!(display_limits(Unit::Count, c).lpl, 0.0);
        assert_eq!(display_limits(Unit::Score, c).lpl, -2.0);
    }
}
