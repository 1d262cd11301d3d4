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

/// The largest magnitude of a value (or numerator or denominator) the engine accepts. Far
/// beyond any police measure, and small enough that no sum, range or limit can overflow, so
/// no infinity can ever leave the engine.
pub const MAX_ABS_VALUE: f64 = 1e100;

fn warn(code: &str, message: String) -> Warning {
    Warning {
        code: code.to_string(),
        message,
    }
}

fn check_number(field: &str, i: usize, v: Option<f64>) -> Result<Option<f64>> {
    match v {
        Some(x) if !x.is_finite() => Err(Error::invalid(
            "is not a finite number",
            Location::field(field, Some(i)),
        )),
        Some(x) if x.abs() > MAX_ABS_VALUE => Err(Error::invalid(
            format!("is larger in magnitude than {MAX_ABS_VALUE:e}, the most the engine accepts"),
            Location::field(field, Some(i)),
        )),
        other => Ok(other),
    }
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
                    format!("has {} entries but values has {n}", s.len()),
                    Location::field(name, Some(s.len().min(n))),
                ));
            }
        }
    }
    let mut y = Vec::with_capacity(n);
    let mut num = vec![0.0; n];
    let mut den = vec![None; n];
    if input.chart.needs_denominators() {
        let (Some(nums), Some(dens)) = (input.numerators, input.denominators) else {
            let missing = if input.numerators.is_none() {
                "numerators"
            } else {
                "denominators"
            };
            return Err(Error::invalid(
                format!("is required for a {} chart", input.chart.as_str()),
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
                            "must be greater than 0",
                            Location::field("denominators", Some(i)),
                        ));
                    }
                    if a < 0.0 {
                        return Err(Error::invalid(
                            "must not be negative",
                            Location::field("numerators", Some(i)),
                        ));
                    }
                    if proportion && a > b {
                        return Err(Error::invalid(
                            "is larger than its denominator, so it is not a proportion",
                            Location::field("numerators", Some(i)),
                        ));
                    }
                    let v = a / b;
                    if !v.is_finite() || v > MAX_ABS_VALUE {
                        return Err(Error::invalid(
                            "divided by its denominator is too large to analyse",
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
                        "is missing where the numerator is given",
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
                            "must not be negative on a c chart (it is a count)",
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
                "is not a finite number of a sensible size",
                Location::field("target", None),
            ));
        }
    }
    let mut excluded = vec![false; n];
    for (k, &i) in input.excluded.iter().enumerate() {
        if i >= n {
            return Err(Error::invalid(
                format!("points at index {i}, past the last of the {n} values"),
                Location::field("excluded", Some(k)),
            ));
        }
        excluded[i] = true;
    }
    let mut starts = vec![0usize];
    for (k, &i) in input.rebase_at.iter().enumerate() {
        if i >= n {
            return Err(Error::invalid(
                format!("points at index {i}, past the last of the {n} values"),
                Location::field("rebase_at", Some(k)),
            ));
        }
        starts.push(i);
    }
    starts.sort_unstable();
    starts.dedup();
    if let Some(f) = input.fix_after_n_points {
        if f < settings.min_points.max(2) {
            return Err(Error::invalid(
                format!(
                    "must be at least {} (limits need that many points)",
                    settings.min_points.max(2)
                ),
                Location::field("fix_after_n_points", None),
            ));
        }
    }

    let y: Vec<f64> = y_opt.iter().map(|v| v.unwrap_or(0.0)).collect();
    let usable = |i: usize| y_opt[i].is_some() && !excluded[i];
    let mut points: Vec<Point> = (0..n)
        .map(|i| Point {
            value: y_opt[i],
            limits: None,
            point_type: PointType::CommonCause,
            rules: Vec::new(),
            group: 0,
            excluded: excluded[i],
        })
        .collect();
    let mut groups = Vec::new();
    let mut warnings = Vec::new();
    let mut suggested = Vec::new();
    let many_groups = starts.len() > 1;
    let total_usable = (0..n).filter(|&i| usable(i)).count();

    for (g, &start) in starts.iter().enumerate() {
        let end = starts.get(g + 1).copied().unwrap_or(n);
        if start >= end {
            continue;
        }
        let name = if many_groups {
            format!("Group {} (from index {start})", g + 1)
        } else {
            "The series".to_string()
        };
        for p in &mut points[start..end] {
            p.group = g;
        }
        let valid: Vec<usize> = (start..end).filter(|&i| usable(i)).collect();
        let base_end = input
            .fix_after_n_points
            .map_or(end, |f| start.saturating_add(f).min(end));
        let base: Vec<usize> = valid.iter().copied().filter(|&i| i < base_end).collect();
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
        let gl = match group_limits(input.chart, &y, &num, &den, start..end, &base, settings) {
            Ok(gl) => gl,
            Err(NoLimits::TooFewPoints(k)) => {
                if many_groups || total_usable >= settings.min_points {
                    warnings.push(warn(
                        "too_few_points",
                        format!(
                            "{name} has {k} usable point{} for its limits; at least {} are needed, so it has no limits and no rules.",
                            if k == 1 { "" } else { "s" },
                            settings.min_points
                        ),
                    ));
                }
                groups.push(group);
                continue;
            }
            Err(NoLimits::NoMovingRange) => {
                warnings.push(warn(
                    "no_moving_range",
                    format!("{name} has no two consecutive published months, so there is no moving range and no limits."),
                ));
                groups.push(group);
                continue;
            }
        };
        group.limits = Some(gl.summary);
        group.mr_bar = gl.mr_bar;
        if trial {
            warnings.push(warn(
                "trial_limits",
                format!(
                    "{name} has {} months (fewer than {}): its limits are trial limits and may change as data arrive.",
                    end - start,
                    settings.trial_below
                ),
            ));
        }
        if gl.summary.upl == gl.summary.mean && gl.summary.lpl == gl.summary.mean {
            warnings.push(warn(
                "no_variation",
                format!("{name} shows no month-to-month variation: the limits equal the mean."),
            ));
        }
        for (k, i) in (start..end).enumerate() {
            points[i].limits = gl.per_point[k];
        }

        // Segments of usable points with limits, split at gaps unless the profile bridges.
        let rule_points: Vec<usize> = valid
            .iter()
            .copied()
            .filter(|&i| points[i].limits.is_some())
            .collect();
        let mut segments: Vec<&[usize]> = Vec::new();
        let mut s0 = 0;
        for k in 1..=rule_points.len() {
            let split = k == rule_points.len()
                || (settings.gaps == GapPolicy::Breaks && rule_points[k] != rule_points[k - 1] + 1);
            if split {
                if k > s0 {
                    segments.push(&rule_points[s0..k]);
                }
                s0 = k;
            }
        }
        for seg in &segments {
            apply_rules(seg, &y, &mut points, settings);
        }
        // Suggested rebases: runs on one side of the mean that do not start the group.
        for seg in &segments {
            let rel: Vec<i8> = seg
                .iter()
                .map(|&i| {
                    let l = points[i].limits.unwrap_or(gl.summary);
                    rules::relative_to_mean(y[i], l.mean)
                })
                .collect();
            let runs = rules::shift(&rel, settings.suggest_rebase_run, settings.on_mean);
            let mut k = 0;
            while k < runs.len() {
                if let Some(side) = runs[k] {
                    let mut e = k;
                    while e + 1 < runs.len() && runs[e + 1] == Some(side) {
                        e += 1;
                    }
                    if seg[k] != valid[0] {
                        let len = (k..=e).filter(|&j| rel[j] != 0).count();
                        suggested.push(SuggestedRebase {
                            at: seg[k],
                            run_length: len,
                            side,
                        });
                    }
                    k = e + 1;
                } else {
                    k += 1;
                }
            }
        }
        if settings.anhoej {
            let rel: Vec<i8> = rule_points
                .iter()
                .map(|&i| {
                    let l = points[i].limits.unwrap_or(gl.summary);
                    rules::relative_to_mean(y[i], l.mean)
                })
                .collect();
            let (ra, flags) = rules::anhoej(&rel);
            for (k, f) in flags.iter().enumerate() {
                if let Some(side) = *f {
                    add_hit(&mut points[rule_points[k]].rules, Rule::Shift, side);
                }
            }
            if ra.signal {
                warnings.push(warn(
                    "runs_signal",
                    format!(
                        "{name}: the runs analysis signals non-random variation (longest run {} against a maximum of {}; {} crossings against a minimum of {}).",
                        ra.longest_run, ra.longest_run_max, ra.crossings, ra.crossings_min
                    ),
                ));
            }
            group.runs_analysis = Some(ra);
        }
        groups.push(group);
    }

    for p in &mut points {
        p.rules.sort_by_key(|h| h.rule);
        p.point_type = icons::point_type(input.direction, &p.rules);
    }

    if total_usable < settings.min_points {
        warnings.insert(
            0,
            warn(
                "too_few_points",
                format!(
                    "Only {total_usable} published point{}: at least {} are needed for limits, icons and a class.",
                    if total_usable == 1 { "" } else { "s" },
                    settings.min_points
                ),
            ),
        );
    }

    // Chart level: from the last usable point, if its group has limits.
    let usable_idx: Vec<usize> = (0..n).filter(|&i| usable(i)).collect();
    let last = usable_idx.last().copied();
    let last_limits = last.and_then(|i| points[i].limits);
    let (variation_icon, pcc_class) = match (last, last_limits) {
        (Some(i), Some(_)) => {
            let icon =
                icons::variation_icon(input.direction, &points[i].rules, settings.improvement_wins);
            let g = points[i].group;
            let mut window: Vec<&[RuleHit]> = usable_idx
                .iter()
                .rev()
                .filter(|&&j| points[j].group == g)
                .take(settings.exception_window.max(1))
                .map(|&j| points[j].rules.as_slice())
                .collect();
            window.reverse();
            (Some(icon), Some(icons::pcc_class(input.direction, &window)))
        }
        _ => (None, None),
    };
    // Assurance: the last group's limits (at its last point with limits).
    let assurance = groups.last().and_then(|g| {
        let l: Option<Limits> = (g.start..g.end).rev().find_map(|i| points[i].limits);
        l.and_then(|l| icons::assurance(input.direction, input.target, &l))
    });

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

/// Runs the enabled rules over one segment (indices into the series).
fn apply_rules(seg: &[usize], y: &[f64], points: &mut [Point], settings: &Settings) {
    let lim: Vec<Limits> = seg
        .iter()
        .map(|&i| {
            points[i].limits.unwrap_or(Limits {
                mean: y[i],
                lpl: y[i],
                upl: y[i],
                near_lpl: y[i],
                near_upl: y[i],
            })
        })
        .collect();
    let ys: Vec<f64> = seg.iter().map(|&i| y[i]).collect();
    let rel: Vec<i8> = ys
        .iter()
        .zip(&lim)
        .map(|(&v, l)| rules::relative_to_mean(v, l.mean))
        .collect();
    let mut record = |rule: Rule, flags: Vec<Option<Side>>| {
        for (k, f) in flags.into_iter().enumerate() {
            if let Some(side) = f {
                add_hit(&mut points[seg[k]].rules, rule, side);
            }
        }
    };
    if settings.rules.outside_limits {
        let lo: Vec<f64> = lim.iter().map(|l| l.lpl).collect();
        let hi: Vec<f64> = lim.iter().map(|l| l.upl).collect();
        record(Rule::OutsideLimits, rules::outside_limits(&ys, &lo, &hi));
    }
    if settings.rules.trend {
        let mut t = rules::trend(&ys, settings.run_lengths.trend, settings.ties);
        if settings.trend_side == TrendSide::Nhsr {
            t = rules::nhsr_trend_sides(&ys, &t);
        }
        record(Rule::Trend, t);
    }
    if settings.rules.two_of_three {
        let beyond = settings.two_of_three.count_beyond_limits;
        let close: Vec<i8> = ys
            .iter()
            .zip(&lim)
            .map(|(&v, l)| {
                if v > l.near_upl && (beyond || v <= l.upl) {
                    1
                } else if v < l.near_lpl && (beyond || v >= l.lpl) {
                    -1
                } else {
                    0
                }
            })
            .collect();
        record(
            Rule::TwoOfThree,
            rules::two_of_three(
                &close,
                &rel,
                settings.two_of_three.same_side_required,
                false,
            ),
        );
    }
    if settings.rules.shift {
        record(
            Rule::Shift,
            rules::shift(&rel, settings.run_lengths.shift, settings.on_mean),
        );
    }
}

/// The engine's promise: no NaN or infinity leaves it. Inputs are bounded, so this only fails
/// if that reasoning is wrong, and then with an error rather than a bad number.
fn ensure_finite(a: &Analysis) -> Result<()> {
    let ok = |l: &Limits| {
        [l.mean, l.lpl, l.upl, l.near_lpl, l.near_upl]
            .iter()
            .all(|v| v.is_finite())
    };
    let bad = a
        .points
        .iter()
        .position(|p| p.value.is_some_and(|v| !v.is_finite()) || p.limits.is_some_and(|l| !ok(&l)));
    match bad {
        Some(i) => Err(Error::invalid(
            "the values are too large to analyse",
            Location::field("values", Some(i)),
        )),
        None => Ok(()),
    }
}
