//! `analyse`: one series in, one [`Analysis`] out.
//!
//! How gaps are treated (documented behaviour): a missing month and an excluded point are
//! drawn (an excluded point with its group's limits) but never used for the centre, a moving
//! range or a rule. Under [`GapPolicy::Breaks`] (mdc, nhsr, qicharts2) no moving range spans
//! them and every run (shift, trend, two-of-three window) ends at them: a run of 4 months,
//! a gap, then 3 months is not a run of 7. Under [`GapPolicy::Bridged`] (powerbi) they are
//! deleted first, so the points either side are neighbours, as PowerBI-SPC does.

use super::icons;
use super::limits::{group_limits, NoLimits};
use super::rules;
use super::settings::{GapPolicy, Settings, TrendSide};
use super::{
    Analysis, ChartType, Group, Input, Limits, Point, PointType, Rule, RuleHit, Side,
    SuggestedRebase, Warning,
};
use crate::{Error, Location, Result};
use std::fmt::Write as _;

/// The largest magnitude of a value (or numerator or denominator) the engine accepts. Far
/// beyond any police measure, and small enough that no sum, range or limit can overflow, so
/// no infinity can ever leave the engine.
pub const MAX_ABS_VALUE: f64 = 1e100;

fn warn(code: &str, message: String) -> Warning {
    Warning {
        code: code.to_string(),
        message,
        group: None,
    }
}

/// A warning about rebase group `g` of several (its message starts with the group's name from
/// [`super::group_subject`]), or about the whole series ("The series"): `rest` follows the
/// name. One copy of the naming for every group warning.
fn group_warning(
    code: &str,
    many_groups: bool,
    g: usize,
    start: usize,
    rest: std::fmt::Arguments<'_>,
) -> Warning {
    let mut message = if many_groups {
        super::group_subject(g, start)
    } else {
        "The series".to_string()
    };
    let _ = message.write_fmt(rest);
    Warning {
        group: many_groups.then_some(g),
        ..warn(code, message)
    }
}

/// The name of one entry of a series field, for messages: `values` → `value`.
pub(crate) fn singular(field: &str) -> &str {
    field.strip_suffix('s').unwrap_or(field)
}

#[inline]
fn check_number(field: &str, i: usize, v: Option<f64>) -> Result<Option<f64>> {
    match v {
        Some(x) if !(x.is_finite() && x.abs() <= MAX_ABS_VALUE) => Err(bad_number(field, i, x)),
        other => Ok(other),
    }
}

/// The error for a value [`check_number`] refuses: out of line, so the three checks that
/// are inlined into the input loops share one copy of the messages.
#[cold]
#[inline(never)]
fn bad_number(field: &str, i: usize, x: f64) -> Error {
    let message = if !x.is_finite() {
        format!("{} is not a finite number", singular(field))
    } else {
        format!(
            "{} is larger in magnitude than {}, the most the engine accepts",
            singular(field),
            crate::text::exponent(MAX_ABS_VALUE)
        )
    };
    Error::invalid(message, Location::field(field, Some(i)))
}

/// The chart value of each point (`None` = not published), after validating every input.
/// Chart values (`None` = not published), numerators (0 where absent) and denominators.
type ChartValues = (Vec<Option<f64>>, Vec<f64>, Vec<Option<f64>>);

fn chart_values(input: &Input<'_>) -> Result<ChartValues> {
    let n = input.values.len();
    for (name, slice) in [
        ("numerators", input.numerators),
        ("denominators", input.denominators),
    ] {
        if let Some(s) = slice {
            if s.len() != n {
                return Err(Error::invalid(
                    format!("{name} has {} entries but values has {n}", s.len()),
                    Location::field(name, Some(s.len().min(n))),
                ));
            }
        }
    }
    let mut y = Vec::with_capacity(n);
    // Only p and u charts use numerators and denominators: no allocation otherwise.
    let (mut num, mut den) = if input.chart.needs_denominators() {
        (vec![0.0; n], vec![None; n])
    } else {
        (Vec::new(), Vec::new())
    };
    if input.chart.needs_denominators() {
        let (Some(nums), Some(dens)) = (input.numerators, input.denominators) else {
            let missing = if input.numerators.is_none() {
                "numerators"
            } else {
                "denominators"
            };
            return Err(Error::invalid(
                format!(
                    "{missing} are required for a {} chart",
                    input.chart.as_str()
                ),
                Location::field(missing, None),
            ));
        };
        let proportion = matches!(input.chart, ChartType::P | ChartType::Pp);
        for i in 0..n {
            let a = check_number("numerators", i, nums[i])?;
            let b = check_number("denominators", i, dens[i])?;
            match (a, b) {
                (Some(a), Some(b)) => {
                    if b <= 0.0 {
                        return Err(Error::invalid(
                            "denominator must be greater than 0",
                            Location::field("denominators", Some(i)),
                        ));
                    }
                    if a < 0.0 {
                        return Err(Error::invalid(
                            "numerator must not be negative",
                            Location::field("numerators", Some(i)),
                        ));
                    }
                    if proportion && a > b {
                        return Err(Error::invalid(
                            "numerator is larger than its denominator, so it is not a proportion",
                            Location::field("numerators", Some(i)),
                        ));
                    }
                    let v = a / b;
                    if !v.is_finite() || v > MAX_ABS_VALUE {
                        return Err(Error::invalid(
                            "numerator divided by its denominator is too large to analyse",
                            Location::field("numerators", Some(i)),
                        ));
                    }
                    num[i] = a;
                    den[i] = Some(b);
                    y.push(Some(v));
                }
                (None, None) => y.push(None),
                (Some(_), None) => {
                    return Err(Error::invalid(
                        "denominator is missing where the numerator is given",
                        Location::field("denominators", Some(i)),
                    ))
                }
                (None, Some(b)) => {
                    // Not published this month; the denominator still gives the limits.
                    if b > 0.0 {
                        den[i] = Some(b);
                    }
                    y.push(None);
                }
            }
        }
    } else {
        for (i, &v) in input.values.iter().enumerate() {
            let v = check_number("values", i, v)?;
            if input.chart == ChartType::C {
                if let Some(x) = v {
                    if x < 0.0 {
                        return Err(Error::invalid(
                            "value must not be negative on a c chart (it is a count)",
                            Location::field("values", Some(i)),
                        ));
                    }
                }
            }
            y.push(v);
        }
    }
    Ok((y, num, den))
}

/// Analyses one series: limits per rebase group, the four rules, point types, icons, the PCC
/// class, suggested rebases and warnings. Errors only on invalid input (named by field and
/// index); never panics, and no NaN or infinity is ever returned.
pub fn analyse(input: &Input<'_>, settings: &Settings) -> Result<Analysis> {
    let n = input.values.len();
    let (y_opt, num, den) = chart_values(input)?;
    if let Some(t) = input.target {
        if !t.is_finite() || t.abs() > MAX_ABS_VALUE {
            return Err(Error::invalid(
                "target is not a finite number of a sensible size",
                Location::field("target", None),
            ));
        }
    }
    let mut excluded = vec![false; n];
    for (k, &i) in input.excluded.iter().enumerate() {
        if i >= n {
            return Err(Error::invalid(
                format!("excluded point index {i} is past the last of the {n} values"),
                Location::field("excluded", Some(k)),
            ));
        }
        excluded[i] = true;
    }
    let mut starts = vec![0usize];
    for (k, &i) in input.rebase_at.iter().enumerate() {
        if i >= n {
            return Err(Error::invalid(
                format!("rebase point index {i} is past the last of the {n} values"),
                Location::field("rebase_at", Some(k)),
            ));
        }
        starts.push(i);
    }
    super::small_sort::sort_by_key(&mut starts, |s| *s);
    starts.dedup();
    if let Some(f) = input.fix_after_n_points {
        if f < settings.min_points.max(2) {
            return Err(Error::invalid(
                format!(
                    "fix_after_n_points must be at least {} (limits need that many points)",
                    settings.min_points.max(2)
                ),
                Location::field("fix_after_n_points", None),
            ));
        }
    }

    let mut y = Vec::with_capacity(n);
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        y.push(y_opt[i].unwrap_or(0.0));
        points.push(Point {
            value: y_opt[i],
            limits: None,
            point_type: PointType::CommonCause,
            rules: Vec::new(),
            group: 0,
            excluded: excluded[i],
        });
    }
    let usable = |i: usize| y_opt[i].is_some() && !excluded[i];
    let mut groups = Vec::with_capacity(starts.len());
    let mut valid: Vec<usize> = Vec::with_capacity(n);
    let mut warnings = Vec::new();
    let mut suggested = Vec::new();
    let many_groups = starts.len() > 1;
    let mut sc = Scratch::with_capacity(n);
    let mut total_usable = 0;
    for i in 0..n {
        total_usable += usize::from(usable(i));
    }
    // The series-wide warning comes first, before any group's.
    if total_usable < settings.min_points {
        let mut message = match total_usable {
            0 => "No published point".to_string(),
            1 => "Only 1 published point".to_string(),
            n => format!("Only {n} published points"),
        };
        let _ = write!(
            message,
            ": at least {} are needed for limits, icons and a class.",
            settings.min_points
        );
        warnings.push(warn("too_few_points", message));
    }

    for (g, &start) in starts.iter().enumerate() {
        let end = starts.get(g + 1).copied().unwrap_or(n);
        if start >= end {
            continue;
        }
        for p in &mut points[start..end] {
            p.group = g;
        }
        valid.clear();
        for i in start..end {
            if usable(i) {
                valid.push(i);
            }
        }
        let base_end = input
            .fix_after_n_points
            .map_or(end, |f| start.saturating_add(f).min(end));
        let base = &valid[..valid.partition_point(|&i| i < base_end)];
        let trial = end - start < settings.trial_below;
        let mut group = Group {
            start,
            end,
            points_used: base.len(),
            limits: None,
            mr_bar: None,
            trial,
            runs_analysis: None,
        };
        let gl = match group_limits(input.chart, &y, &num, &den, start..end, base, settings) {
            Ok(gl) => gl,
            Err(NoLimits::TooFewPoints(k)) => {
                if many_groups || total_usable >= settings.min_points {
                    warnings.push(group_warning(
                        "too_few_points",
                        many_groups,
                        g,
                        start,
                        format_args!(
                            " has {k} usable point{} for its limits; at least {} are needed, so it has no limits and no rules.",
                            if k == 1 { "" } else { "s" },
                            settings.min_points
                        ),
                    ));
                }
                groups.push(group);
                continue;
            }
            Err(NoLimits::NoMovingRange) => {
                warnings.push(group_warning(
                    "no_moving_range",
                    many_groups,
                    g,
                    start,
                    format_args!(" has no two consecutive published months, so there is no moving range and no limits."),
                ));
                groups.push(group);
                continue;
            }
        };
        group.limits = Some(gl.summary);
        group.mr_bar = gl.mr_bar;
        if trial {
            warnings.push(group_warning(
                "trial_limits",
                many_groups,
                g,
                start,
                format_args!(
                    " has {} months (fewer than {}): its limits are trial limits and may change as data arrive.",
                    end - start,
                    settings.trial_below
                ),
            ));
        }
        if gl.summary.upl == gl.summary.mean && gl.summary.lpl == gl.summary.mean {
            warnings.push(group_warning(
                "no_variation",
                many_groups,
                g,
                start,
                format_args!(" shows no month-to-month variation: the limits equal the mean."),
            ));
        }
        for (k, i) in (start..end).enumerate() {
            points[i].limits = if gl.per_point.is_empty() {
                Some(gl.summary)
            } else {
                gl.per_point[k]
            };
        }

        // The group's usable points with limits, in compact arrays; segments (split at gaps
        // unless the profile bridges them) are contiguous ranges of these arrays.
        sc.fill(&valid, &y, &points, settings);
        let m = sc.idx.len();
        let mut s0 = 0;
        for k in 1..=m {
            let split =
                k == m || (settings.gaps == GapPolicy::Breaks && sc.idx[k] != sc.idx[k - 1] + 1);
            if split {
                if k > s0 {
                    apply_rules(&mut sc, s0..k, &mut points, settings);
                }
                s0 = k;
            }
        }
        // Suggested rebases: runs on one side of the mean that do not start the group. Gaps
        // are bridged here (whatever the profile): a run interrupted by a missing month is
        // still one level, and suggesting a rebase just after the gap would be spurious.
        rules::shift_into(
            &sc.rel,
            settings.suggest_rebase_run,
            settings.on_mean,
            &mut sc.flags,
        );
        let mut k = 0;
        while k < m {
            if let Some(side) = sc.flags[k] {
                let mut e = k;
                while e + 1 < m && sc.flags[e + 1] == Some(side) {
                    e += 1;
                }
                if k > 0 {
                    // Points on the mean do not count towards the run.
                    let mut run_length = 0;
                    for j in k..=e {
                        run_length += usize::from(sc.rel[j] != 0);
                    }
                    suggested.push(SuggestedRebase {
                        at: sc.idx[k],
                        run_length,
                        side,
                    });
                }
                k = e + 1;
            } else {
                k += 1;
            }
        }
        if settings.anhoej {
            let (ra, flags) = rules::anhoej(&sc.rel);
            for (k, f) in flags.iter().enumerate() {
                if let Some(side) = *f {
                    add_hit(&mut points[sc.idx[k]].rules, Rule::Shift, side);
                }
            }
            if ra.signal {
                warnings.push(group_warning(
                    "runs_signal",
                    many_groups,
                    g,
                    start,
                    format_args!(
                        ": the runs analysis signals non-random variation (longest run {} against a maximum of {}; {} crossings against a minimum of {}).",
                        ra.longest_run, ra.longest_run_max, ra.crossings, ra.crossings_min
                    ),
                ));
            }
            group.runs_analysis = Some(ra);
        }
        groups.push(group);
    }

    for p in &mut points {
        // Rules run in precedence order (outside, trend, two-of-three, shift; the runs
        // analysis adds only shifts, last), so the hits are already sorted.
        debug_assert!(p.rules.windows(2).all(|w| w[0].rule < w[1].rule));
        p.point_type = icons::point_type(input.direction, &p.rules);
    }

    // Chart level: from the last usable point, if its group has limits.
    let mut last = None;
    for i in (0..n).rev() {
        if usable(i) {
            last = Some(i);
            break;
        }
    }
    let last_limits = last.and_then(|i| points[i].limits);
    let (variation_icon, pcc_class) = match (last, last_limits) {
        (Some(i), Some(_)) => {
            let icon =
                icons::variation_icon(input.direction, &points[i].rules, settings.improvement_wins);
            let g = points[i].group;
            let take = settings.exception_window.max(1);
            let mut window: Vec<&[RuleHit]> = Vec::with_capacity(take);
            for j in (0..=i).rev() {
                if window.len() == take {
                    break;
                }
                if usable(j) && points[j].group == g {
                    window.push(points[j].rules.as_slice());
                }
            }
            window.reverse();
            (Some(icon), Some(icons::pcc_class(input.direction, &window)))
        }
        _ => (None, None),
    };
    // Assurance: the last group's limits (at its last point with limits).
    let mut assurance = None;
    if let Some(g) = groups.last() {
        for i in (g.start..g.end).rev() {
            if let Some(l) = points[i].limits {
                assurance = icons::assurance(input.direction, input.target, &l);
                break;
            }
        }
    }

    let analysis = Analysis {
        points,
        groups,
        variation_icon,
        assurance,
        pcc_class,
        suggested_rebases: suggested,
        warnings,
    };
    ensure_finite(&analysis)?;
    Ok(analysis)
}

fn add_hit(hits: &mut Vec<RuleHit>, rule: Rule, side: Side) {
    if !hits.iter().any(|h| h.rule == rule) {
        hits.push(RuleHit { rule, side });
    }
}

/// Per-analysis scratch buffers, reused by every group and segment: allocation is most of
/// the cost of analysing a short monthly series.
struct Scratch {
    /// Series index of each usable point with limits in the group.
    idx: Vec<usize>,
    /// Its value.
    y: Vec<f64>,
    /// Its side of the mean.
    rel: Vec<i8>,
    /// 1 / −1 when beyond the upper / lower near limit (and, when the profile says so, not
    /// beyond the process limit).
    close: Vec<i8>,
    lpl: Vec<f64>,
    upl: Vec<f64>,
    /// One rule's output.
    flags: Vec<Option<Side>>,
}

impl Scratch {
    fn with_capacity(n: usize) -> Scratch {
        Scratch {
            idx: Vec::with_capacity(n),
            y: Vec::with_capacity(n),
            rel: Vec::with_capacity(n),
            close: Vec::with_capacity(n),
            lpl: Vec::with_capacity(n),
            upl: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
        }
    }

    fn fill(&mut self, valid: &[usize], y: &[f64], points: &[Point], settings: &Settings) {
        self.idx.clear();
        self.y.clear();
        self.rel.clear();
        self.close.clear();
        self.lpl.clear();
        self.upl.clear();
        let beyond = settings.two_of_three.count_beyond_limits;
        for &i in valid {
            let Some(l) = points[i].limits else { continue };
            let v = y[i];
            self.idx.push(i);
            self.y.push(v);
            self.rel.push(rules::relative_to_mean(v, l.mean));
            self.close
                .push(if v > l.near_upl && (beyond || v <= l.upl) {
                    1
                } else if v < l.near_lpl && (beyond || v >= l.lpl) {
                    -1
                } else {
                    0
                });
            self.lpl.push(l.lpl);
            self.upl.push(l.upl);
        }
        self.flags.clear();
        self.flags.resize(self.idx.len(), None);
    }
}

/// Runs the enabled rules over one segment (a range of the scratch arrays).
fn apply_rules(
    sc: &mut Scratch,
    r: std::ops::Range<usize>,
    points: &mut [Point],
    settings: &Settings,
) {
    let Scratch {
        idx,
        y,
        rel,
        close,
        lpl,
        upl,
        flags,
    } = sc;
    let (idx, y, rel, close) = (
        &idx[r.clone()],
        &y[r.clone()],
        &rel[r.clone()],
        &close[r.clone()],
    );
    let flags = &mut flags[r.clone()];
    let record = |points: &mut [Point], rule: Rule, flags: &[Option<Side>]| {
        for (k, f) in flags.iter().enumerate() {
            if let Some(side) = *f {
                add_hit(&mut points[idx[k]].rules, rule, side);
            }
        }
    };
    if settings.rules.outside_limits {
        rules::outside_limits_into(y, &lpl[r.clone()], &upl[r], flags);
        record(points, Rule::OutsideLimits, flags);
    }
    if settings.rules.trend {
        rules::trend_into(y, settings.run_lengths.trend, settings.ties, flags);
        if settings.trend_side == TrendSide::Nhsr {
            let sides = rules::nhsr_trend_sides(y, flags);
            record(points, Rule::Trend, &sides);
        } else {
            record(points, Rule::Trend, flags);
        }
    }
    if settings.rules.two_of_three {
        rules::two_of_three_into(
            close,
            rel,
            settings.two_of_three.same_side_required,
            false,
            flags,
        );
        record(points, Rule::TwoOfThree, flags);
    }
    if settings.rules.shift {
        rules::shift_into(rel, settings.run_lengths.shift, settings.on_mean, flags);
        record(points, Rule::Shift, flags);
    }
}

/// The engine's promise: no NaN or infinity leaves it. Inputs are bounded, so this only fails
/// if that reasoning is wrong, and then with an error rather than a bad number.
fn ensure_finite(a: &Analysis) -> Result<()> {
    let ok = |l: &Limits| {
        l.mean.is_finite()
            && l.lpl.is_finite()
            && l.upl.is_finite()
            && l.near_lpl.is_finite()
            && l.near_upl.is_finite()
    };
    for (i, p) in a.points.iter().enumerate() {
        if p.value.is_some_and(|v| !v.is_finite()) || p.limits.is_some_and(|l| !ok(&l)) {
            return Err(Error::invalid(
                "the values are too large to analyse",
                Location::field("values", Some(i)),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spc::{Assurance, Direction, PccKind, Profile, Rag, VariationIcon};

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    fn run(values: &[Option<f64>], profile: Profile) -> Analysis {
        analyse(
            &Input::xmr(values, Direction::Increase),
            &profile.settings(),
        )
        .expect("analyse")
    }

    const STABLE: [f64; 14] = [
        50.0, 52.0, 49.0, 51.0, 48.0, 50.0, 52.0, 49.0, 51.0, 50.0, 48.0, 52.0, 49.0, 51.0,
    ];

    #[test]
    fn zero_one_two_points_are_too_few() {
        for n in 0..3 {
            let v = some(&STABLE[..n]);
            let a = run(&v, Profile::Mdc);
            assert!(a.points.iter().all(|p| p.limits.is_none()));
            assert_eq!(a.variation_icon, None);
            assert_eq!(a.pcc_class, None);
            assert_eq!(a.assurance, None);
            assert_eq!(
                a.warnings
                    .iter()
                    .filter(|w| w.code == "too_few_points")
                    .count(),
                1,
                "{n} points: {:?}",
                a.warnings
            );
        }
        let a = run(&some(&STABLE[..3]), Profile::Mdc);
        assert!(a.points.iter().all(|p| p.limits.is_some()));
        assert!(a.groups[0].trial);
    }

    #[test]
    fn moving_ranges_never_span_a_gap() {
        // Without the gap rule the 1 → 100 step would be a moving range of 99.
        let mut v = vec![Some(1.0), Some(2.0), Some(1.0), None];
        v.extend(some(&[100.0, 101.0, 100.0]));
        let a = run(&v, Profile::Mdc);
        assert_eq!(a.groups[0].mr_bar, Some(1.0));
        // PowerBI-SPC deletes the missing row: the 1 → 100 range counts.
        let bridged = Settings {
            gaps: GapPolicy::Bridged,
            ..Profile::Mdc.settings()
        };
        let b = analyse(&Input::xmr(&v, Direction::Increase), &bridged).expect("analyse");
        assert!(b.groups[0].mr_bar.unwrap_or(0.0) > 10.0);
        // The missing month is drawn with the group's limits but has no rules.
        assert!(a.points[3].limits.is_some() && a.points[3].rules.is_empty());
    }

    #[test]
    fn a_gap_ends_a_run_under_mdc_but_not_powerbi() {
        let mut v = some(&STABLE);
        v.extend(some(&[56.0, 55.0, 56.0, 55.0]));
        v.push(None);
        v.extend(some(&[56.0, 55.0, 56.0]));
        let a = run(&v, Profile::Mdc);
        assert!(a
            .points
            .iter()
            .all(|p| p.rules.iter().all(|h| h.rule != Rule::Shift)));
        let b = run(&v, Profile::Powerbi);
        assert_eq!(
            b.points[14].rules.iter().find(|h| h.rule == Rule::Shift),
            Some(&RuleHit {
                rule: Rule::Shift,
                side: Side::High
            })
        );
    }

    #[test]
    fn excluded_points_are_drawn_but_not_used() {
        let mut v = some(&STABLE);
        v.push(Some(500.0));
        v.extend(some(&STABLE[..4]));
        let excluded = [14];
        let input = Input {
            excluded: &excluded,
            ..Input::xmr(&v, Direction::Decrease)
        };
        let a = analyse(&input, &Profile::Mdc.settings()).expect("analyse");
        let p = &a.points[14];
        assert!(p.excluded && p.rules.is_empty() && p.limits.is_some());
        assert_eq!(p.point_type, PointType::CommonCause);
        let mean = a.groups[0].limits.map(|l| l.mean).unwrap_or(0.0);
        assert!(mean < 60.0, "the excluded 500 is not in the mean: {mean}");
        assert_eq!(a.groups[0].points_used, 18);
    }

    #[test]
    fn negative_and_huge_values() {
        let neg: Vec<Option<f64>> = STABLE.iter().map(|v| Some(-v)).collect();
        let a = run(&neg, Profile::Mdc);
        let l = a.groups[0].limits.expect("limits");
        assert!(l.mean < 0.0 && l.lpl < l.mean && l.upl > l.mean);
        let huge: Vec<Option<f64>> = STABLE.iter().map(|v| Some(v * 1e98)).collect();
        let a = run(&huge, Profile::Nhsr);
        assert!(a.groups[0].limits.is_some_and(|l| l.upl.is_finite()));
        let mut too_big = huge.clone();
        too_big[5] = Some(1e101);
        let e = analyse(
            &Input::xmr(&too_big, Direction::Increase),
            &Profile::Mdc.settings(),
        )
        .expect_err("too big");
        assert!(e.to_string().contains("index 5"), "{e}");
        let mut nan = huge;
        nan[2] = Some(f64::NAN);
        let e = analyse(
            &Input::xmr(&nan, Direction::Increase),
            &Profile::Mdc.settings(),
        )
        .expect_err("NaN");
        assert!(e.to_string().contains("field \"values\" index 2"), "{e}");
    }

    #[test]
    fn constant_series_limits_equal_mean_and_assurance_is_strict() {
        let v = some(&[7.0; 15]);
        let input = Input {
            target: Some(7.0),
            ..Input::xmr(&v, Direction::Increase)
        };
        let a = analyse(&input, &Profile::Nhsr.settings()).expect("analyse");
        let l = a.groups[0].limits.expect("limits");
        assert_eq!((l.lpl, l.upl), (7.0, 7.0));
        assert_eq!(a.assurance, Some(Assurance::Inconsistent));
        assert_eq!(a.pcc_class.map(|c| c.kind), Some(PccKind::Stable));
    }

    #[test]
    fn step_change_suggests_a_rebase_and_never_applies_it() {
        let mut v = some(&STABLE);
        v.extend(STABLE.iter().map(|x| Some(x - 5.0)));
        let a = run(&v, Profile::Mdc);
        assert_eq!(a.groups.len(), 1);
        assert_eq!(a.suggested_rebases.len(), 1);
        assert_eq!(a.suggested_rebases[0].at, 14);
        assert_eq!(a.suggested_rebases[0].side, Side::Low);
        assert_eq!(a.suggested_rebases[0].run_length, 14);
        let class = a.pcc_class.expect("class");
        assert_eq!(class.kind, PccKind::StepShift);
        assert_eq!((class.direction, class.rag), (Some(Side::Low), Rag::Amber));
        // Applying it is the caller's decision: rebased, both halves are stable.
        let input = Input {
            rebase_at: &[14],
            ..Input::xmr(&v, Direction::Increase)
        };
        let b = analyse(&input, &Profile::Mdc.settings()).expect("analyse");
        assert_eq!(b.groups.len(), 2);
        assert!(b.points.iter().all(|p| p.rules.is_empty()));
        assert!(b.suggested_rebases.is_empty());
    }

    #[test]
    fn a_warning_about_one_group_says_which() {
        // 14 firm months, then 5 after a rebase: the second group has trial limits.
        let mut v = some(&STABLE);
        v.extend(some(&[60.0, 61.0, 59.0, 60.0, 62.0]));
        let input = Input {
            rebase_at: &[14],
            ..Input::xmr(&v, Direction::Increase)
        };
        let a = analyse(&input, &Profile::Mdc.settings()).expect("analyse");
        let trial: Vec<&Warning> = a
            .warnings
            .iter()
            .filter(|w| w.code == "trial_limits")
            .collect();
        assert_eq!(trial.len(), 1, "{:?}", a.warnings);
        assert_eq!(trial[0].group, Some(1));
        assert!(trial[0]
            .message
            .starts_with(&super::super::group_subject(1, 14)));
        // One group: the warning is about the whole series.
        let a = run(&some(&STABLE[..5]), Profile::Mdc);
        let w = a
            .warnings
            .iter()
            .find(|w| w.code == "trial_limits")
            .unwrap();
        assert_eq!(w.group, None);
        assert!(
            w.message.starts_with("The series has 5 months"),
            "{}",
            w.message
        );
    }

    #[test]
    fn fixed_limits_extend_forward() {
        let mut v = some(&STABLE[..12]);
        v.extend(some(&[70.0, 71.0, 72.0]));
        let input = Input {
            fix_after_n_points: Some(12),
            ..Input::xmr(&v, Direction::Increase)
        };
        let a = analyse(&input, &Profile::Mdc.settings()).expect("analyse");
        let first = a.points[0].limits;
        assert!(a.points.iter().all(|p| p.limits == first));
        assert_eq!(a.groups[0].points_used, 12);
        assert_eq!(a.variation_icon, Some(VariationIcon::ImprovementHigh));
        let class = a.pcc_class.expect("class");
        assert_eq!(class.kind, PccKind::SinglePointException);
        assert_eq!(class.rag, Rag::Green);
    }

    #[test]
    fn improvement_wins_the_icon_only_in_mdc() {
        // A rising run that is still below the lower limit: outside (concern, low) beats the
        // trend (improvement, high) by precedence; the MDC Excel tool shows improvement.
        let mut v = some(&[
            100.0, 102.0, 99.0, 101.0, 98.0, 100.0, 102.0, 99.0, 101.0, 100.0,
        ]);
        v.extend(some(&[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0]));
        let input = Input {
            fix_after_n_points: Some(10),
            ..Input::xmr(&v, Direction::Increase)
        };
        let mdc = analyse(&input, &Profile::Mdc.settings()).expect("analyse");
        let last = mdc.points.last().expect("last");
        assert_eq!(last.point_type, PointType::SpecialCauseConcern);
        assert!(last.rules.iter().any(|h| h.rule == Rule::Trend));
        assert_eq!(mdc.variation_icon, Some(VariationIcon::ImprovementHigh));
        let nhsr = analyse(&input, &Profile::Nhsr.settings()).expect("analyse");
        assert_eq!(nhsr.variation_icon, Some(VariationIcon::ConcernLow));
    }

    #[test]
    fn significant_trend_class_is_red_or_green_by_direction() {
        let mut v = some(&STABLE);
        v.extend(some(&[45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0]));
        for (direction, rag) in [
            (Direction::Increase, Rag::Green),
            (Direction::Decrease, Rag::Red),
        ] {
            let a = analyse(&Input::xmr(&v, direction), &Profile::Mdc.settings()).expect("analyse");
            let class = a.pcc_class.expect("class");
            assert_eq!(class.kind, PccKind::SignificantTrend);
            assert_eq!((class.direction, class.rag), (Some(Side::High), rag));
            assert_eq!(class.label, "Significant increasing trend");
        }
    }

    #[test]
    fn input_errors_name_field_and_index() {
        let v = some(&STABLE);
        let nums = vec![Some(5.0); 14];
        let dens = vec![Some(10.0); 13];
        let mut input = Input {
            numerators: Some(&nums),
            denominators: Some(&dens),
            chart: ChartType::P,
            ..Input::xmr(&v, Direction::Increase)
        };
        let e = analyse(&input, &Settings::default()).expect_err("lengths");
        assert!(e.to_string().contains("denominators"), "{e}");
        let mut dens2 = dens.clone();
        dens2.push(Some(4.0));
        input.denominators = Some(&dens2);
        let e = analyse(&input, &Settings::default()).expect_err("p > 1");
        assert!(
            e.to_string().contains("field \"numerators\" index 13"),
            "{e}"
        );
        let e = analyse(
            &Input {
                rebase_at: &[3, 40],
                ..Input::xmr(&v, Direction::Increase)
            },
            &Settings::default(),
        )
        .expect_err("rebase");
        assert!(e.to_string().contains("field \"rebase_at\" index 1"), "{e}");
        let e = analyse(
            &Input {
                chart: ChartType::U,
                ..Input::xmr(&v, Direction::Increase)
            },
            &Settings::default(),
        )
        .expect_err("no denominators");
        assert!(e.to_string().contains("numerators"), "{e}");
    }

    #[test]
    fn p_chart_limits_vary_with_the_denominator() {
        let nums = some(&[90.0, 45.0, 88.0, 91.0, 44.0, 89.0, 92.0, 46.0]);
        let dens = some(&[100.0, 50.0, 100.0, 100.0, 50.0, 100.0, 100.0, 50.0]);
        let input = Input {
            numerators: Some(&nums),
            denominators: Some(&dens),
            chart: ChartType::P,
            ..Input::xmr(&[None; 8], Direction::Increase)
        };
        let a = analyse(&input, &Settings::default()).expect("analyse");
        let (wide, narrow) = (
            a.points[1].limits.expect("l"),
            a.points[0].limits.expect("l"),
        );
        assert_eq!(wide.mean, narrow.mean);
        assert!(wide.upl - wide.mean > narrow.upl - narrow.mean);
        assert_eq!(a.points[1].value, Some(0.9));
    }

    #[test]
    fn qicharts2_runs_analysis_flags_the_long_run() {
        let mut v = some(&STABLE);
        v.extend(some(&[55.0; 10]));
        let a = run(&v, Profile::Qicharts2);
        let ra = a.groups[0].runs_analysis.expect("runs");
        assert!(ra.signal);
        assert!(a.warnings.iter().any(|w| w.code == "runs_signal"));
        assert!(a.points[20].rules.iter().any(|h| h.rule == Rule::Shift));
    }
}
