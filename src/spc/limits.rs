//! Limits of one rebase group: XmR (mean ± k·MR̄) and the attribute charts (p, p′, u, u′, c).
//!
//! The caller passes the group's values and which points may be used (published, not
//! excluded, inside the baseline). Every function is total: too few points or no moving
//! range gives `None`, and a series with no variation gives limits equal to the centre, never
//! NaN (NHSRplotthedots returns NaN there: see the conformance README).

use super::settings::{GapPolicy, Settings};
use super::{ChartType, Limits};

/// What the limits of one group came to.
pub(crate) struct GroupLimits {
    /// The limits at each index of the group (`None` where a p/u point has no denominator);
    /// empty when every point has the group's limits (XmR and c: no allocation).
    pub per_point: Vec<Option<Limits>>,
    /// The centre and limits of the group (p/u: at the mean denominator).
    pub summary: Limits,
    /// MR̄ (XmR) or MR̄ of the z-scores (Laney p′/u′).
    pub mr_bar: Option<f64>,
}

/// Why a group has no limits.
pub(crate) enum NoLimits {
    /// Fewer than `min_points` usable points in the baseline.
    TooFewPoints(usize),
    /// No two usable points are adjacent, so there is no moving range.
    NoMovingRange,
}

/// The mean of `y` at the indices `base` (0 for none). Slices, not an iterator: one copy of
/// the loop for the XmR and c charts instead of one per closure.
fn mean(base: &[usize], y: &[f64]) -> f64 {
    let mut sum = 0.0;
    for &i in base {
        sum += y[i];
    }
    if base.is_empty() {
        0.0
    } else {
        sum / base.len() as f64
    }
}

/// MR̄ of `y` over the usable baseline points `base`, screened once when the settings say so:
/// moving ranges ≥ 3.267·MR̄ are dropped and MR̄ recomputed (Nelson 1982). With MR̄ = 0 there
/// is nothing to screen (NHSRplotthedots drops every range there and returns NaN; we keep
/// MR̄ = 0). `None` when there is no moving range.
///
/// The moving ranges are between consecutive baseline points; with [`GapPolicy::Breaks`] only
/// between points next to each other in the series (never across a gap or an excluded point).
/// Computed in each of the two loops, so MR̄ (and its screening pass) needs no allocation.
fn mr_bar(base: &[usize], y: &[f64], settings: &Settings) -> Option<f64> {
    let range = |w: &[usize]| {
        (settings.gaps == GapPolicy::Bridged || w[1] == w[0] + 1).then(|| (y[w[1]] - y[w[0]]).abs())
    };
    let (mut sum, mut n) = (0.0, 0usize);
    for w in base.windows(2) {
        if let Some(m) = range(w) {
            sum += m;
            n += 1;
        }
    }
    if n == 0 {
        return None;
    }
    let bar = sum / n as f64;
    if !settings.screen_moving_ranges || bar <= 0.0 {
        return Some(bar);
    }
    let limit = settings.screen_factor * bar;
    let (mut sum, mut kept) = (0.0, 0usize);
    for w in base.windows(2) {
        if let Some(m) = range(w).filter(|&m| m < limit) {
            sum += m;
            kept += 1;
        }
    }
    Some(if kept == 0 { bar } else { sum / kept as f64 })
}

fn limits_at(centre: f64, sigma3: f64, near_fraction: f64) -> Limits {
    Limits {
        mean: centre,
        lpl: centre - sigma3,
        upl: centre + sigma3,
        near_lpl: centre - near_fraction * sigma3,
        near_upl: centre + near_fraction * sigma3,
    }
}

/// The limits of one group. `y` holds the chart values of the whole series (0 where missing),
/// `den` the denominators (p/u), `group` the index range, `base` the usable baseline indices
/// (ascending, inside the group).
pub(crate) fn group_limits(
    chart: ChartType,
    y: &[f64],
    num: &[f64],
    den: &[Option<f64>],
    group: std::ops::Range<usize>,
    base: &[usize],
    settings: &Settings,
) -> Result<GroupLimits, NoLimits> {
    if base.len() < settings.min_points.max(1) {
        return Err(NoLimits::TooFewPoints(base.len()));
    }
    match chart {
        ChartType::Xmr => {
            let centre = mean(base, y);
            let bar = mr_bar(base, y, settings).ok_or(NoLimits::NoMovingRange)?;
            let l = limits_at(centre, settings.limit_factor * bar, settings.near_fraction);
            Ok(GroupLimits {
                per_point: Vec::new(),
                summary: l,
                mr_bar: Some(bar),
            })
        }
        ChartType::C => {
            let centre = mean(base, y);
            let l = limits_at(
                centre,
                settings.sigma_limit * centre.max(0.0).sqrt(),
                settings.near_fraction,
            );
            Ok(GroupLimits {
                per_point: Vec::new(),
                summary: l,
                mr_bar: None,
            })
        }
        ChartType::P | ChartType::Pp | ChartType::U | ChartType::Up => {
            let proportion = matches!(chart, ChartType::P | ChartType::Pp);
            // Both sums in one loop, from −0 as `Iterator::sum` starts.
            let (mut sum_num, mut sum_den) = (-0.0, -0.0);
            for &i in base {
                sum_num += num[i];
                sum_den += den[i].unwrap_or(0.0);
            }
            let centre = if sum_den > 0.0 {
                sum_num / sum_den
            } else {
                0.0
            };
            // σ per denominator; 0 when the centre is 0 (or 1 for p): no variation possible.
            let sigma = |n: f64| -> f64 {
                let v = if proportion {
                    centre * (1.0 - centre) / n
                } else {
                    centre / n
                };
                if v > 0.0 && v.is_finite() {
                    v.sqrt()
                } else {
                    0.0
                }
            };
            let mut scale = 1.0;
            let mut bar_z = None;
            if matches!(chart, ChartType::Pp | ChartType::Up) {
                // Laney: z-scores of the baseline, their MR̄/1.128 inflates σ.
                let mut z = vec![0.0; y.len()];
                for &i in base {
                    let s = sigma(den[i].unwrap_or(0.0));
                    z[i] = if s > 0.0 { (y[i] - centre) / s } else { 0.0 };
                }
                let bar = mr_bar(base, &z, settings).ok_or(NoLimits::NoMovingRange)?;
                scale = bar / 1.128;
                bar_z = Some(bar);
            }
            let mut per_point = Vec::with_capacity(group.len());
            for i in group.clone() {
                per_point.push(den[i].map(|n| {
                    limits_at(
                        centre,
                        settings.sigma_limit * sigma(n) * scale,
                        settings.near_fraction,
                    )
                }));
            }
            let mean_den = sum_den / base.len() as f64;
            let summary = limits_at(
                centre,
                settings.sigma_limit * sigma(mean_den) * scale,
                settings.near_fraction,
            );
            Ok(GroupLimits {
                per_point,
                summary,
                mr_bar: bar_z,
            })
        }
    }
}
