//! The four Making Data Count rules and the Anhøj runs analysis, as total functions over one
//! *segment*: consecutive published, non-excluded points of one rebase group, with no gap
//! between them (or with gaps bridged, when the profile deletes missing rows).
//!
//! Each rule quotes the wording of NHS England's Making Data Count guidance (*Making Data
//! Count: strengthening your decisions*, and the MDC SPC Excel tool's rule notes) that it
//! implements; the semantics the words leave open (ties, points on the mean, gaps) are the
//! profile's, see [`super::settings`].
//!
//! Every function returns one entry per input point: `Some(Side)` where the rule fired (and
//! on which side), `None` elsewhere. They never panic and never look outside the slice, so
//! a run can never span a gap that the caller has split on.

use super::settings::RunPolicy;
use super::{RunsAnalysis, Side};
use crate::text::Big;

/// The sign of `value − mean`: 1 above, −1 below, 0 exactly on the mean.
pub fn relative_to_mean(value: f64, mean: f64) -> i8 {
    if value > mean {
        1
    } else if value < mean {
        -1
    } else {
        0
    }
}

fn side_of(sign: i8) -> Option<Side> {
    match sign {
        1 => Some(Side::High),
        -1 => Some(Side::Low),
        _ => None,
    }
}

/// MDC: *"A single point outside the process limits"* — any point above the upper process
/// limit or below the lower process limit is special cause.
///
/// Strict: a point exactly on a limit is inside (NHSRplotthedots, PowerBI-SPC, qicharts2).
pub fn outside_limits(y: &[f64], lpl: &[f64], upl: &[f64]) -> Vec<Option<Side>> {
    let mut out = vec![None; y.len()];
    outside_limits_into(y, lpl, upl, &mut out);
    out
}

/// [`outside_limits`], writing into `out` (the engine reuses one buffer per analysis).
pub fn outside_limits_into(y: &[f64], lpl: &[f64], upl: &[f64], out: &mut [Option<Side>]) {
    for (((o, &v), &lo), &hi) in out.iter_mut().zip(y).zip(lpl).zip(upl) {
        *o = if v > hi {
            Some(Side::High)
        } else if v < lo {
            Some(Side::Low)
        } else {
            None
        };
    }
}

/// MDC: *"A shift: a run of seven or more consecutive points all above or all below the
/// mean"* (the run length is `n`, 7 by default).
///
/// `rel` holds [`relative_to_mean`] of each point. A point exactly on the mean breaks the run
/// ([`RunPolicy::Breaks`], MDC) or neither counts nor breaks it ([`RunPolicy::Skipped`],
/// Perla 2011); a skipped point inside a run that fires is flagged with it. Every point of a
/// run of at least `n` counting points is flagged, not only the `n`th.
pub fn shift(rel: &[i8], n: usize, on_mean: RunPolicy) -> Vec<Option<Side>> {
    let mut out = vec![None; rel.len()];
    shift_into(rel, n, on_mean, &mut out);
    out
}

/// [`shift`], writing into `out` (as long as `rel`).
pub fn shift_into(rel: &[i8], n: usize, on_mean: RunPolicy, out: &mut [Option<Side>]) {
    out.fill(None);
    let n = n.max(1);
    let mut sign = 0i8;
    let mut start = 0usize;
    let mut count = 0usize;
    let mut flagged_to = None::<usize>;
    for (i, &r) in rel.iter().enumerate() {
        if r == 0 {
            if on_mean == RunPolicy::Breaks {
                sign = 0;
                count = 0;
            }
            continue;
        }
        if r != sign {
            sign = r;
            start = i;
            count = 0;
            flagged_to = None;
        }
        count += 1;
        if count >= n {
            let from = flagged_to.map_or(start, |f| f + 1);
            for slot in &mut out[from..=i] {
                *slot = side_of(sign);
            }
            flagged_to = Some(i);
        }
    }
}

/// MDC: *"A trend: seven or more consecutive points all increasing or all decreasing"* (the
/// run length `n` counts points, so a trend of 7 has 6 steps of the same sign).
///
/// A tie breaks the trend ([`RunPolicy::Breaks`], MDC) or neither counts nor breaks it
/// ([`RunPolicy::Skipped`]). The direction is the slope, never the side of the mean. A point
/// that ends a rise and starts a fall (both firing) takes the later run's direction.
pub fn trend(y: &[f64], n: usize, ties: RunPolicy) -> Vec<Option<Side>> {
    let mut out = vec![None; y.len()];
    trend_into(y, n, ties, &mut out);
    out
}

/// [`trend`], writing into `out` (as long as `y`).
pub fn trend_into(y: &[f64], n: usize, ties: RunPolicy, out: &mut [Option<Side>]) {
    out.fill(None);
    if y.len() < 2 {
        return;
    }
    let n = n.max(2);
    let mut sign = 0i8;
    let mut start = 0usize; // first point of the current run
    let mut points = 1usize; // points counted in the current run
    let mut flagged_to = None::<usize>;
    let mut tie_start = 0usize; // first index of the block of equal values ending at i-1
    for i in 1..y.len() {
        let d = relative_to_mean(y[i], y[i - 1]);
        if d == 0 {
            if ties == RunPolicy::Breaks {
                sign = 0;
                points = 1;
                start = i;
                flagged_to = None;
            }
            continue;
        }
        if d != sign {
            sign = d;
            start = if ties == RunPolicy::Skipped {
                tie_start
            } else {
                i - 1
            };
            points = 1;
            flagged_to = None;
        }
        points += 1;
        tie_start = i;
        if points >= n {
            let from = flagged_to.map_or(start, |f| f + 1);
            for slot in &mut out[from..=i] {
                *slot = side_of(sign);
            }
            flagged_to = Some(i);
        }
    }
}

/// NHSRplotthedots 0.2.2's direction for a point in a trend: the step to the right if the next
/// point is also in a trend, otherwise the step to the left; a zero step counts as falling.
pub fn nhsr_trend_sides(y: &[f64], flags: &[Option<Side>]) -> Vec<Option<Side>> {
    let step = |a: f64, b: f64| if b > a { Side::High } else { Side::Low };
    let mut sides = Vec::with_capacity(flags.len());
    for i in 0..flags.len() {
        sides.push(if flags[i].is_none() {
            None
        } else if i + 1 < flags.len() && flags[i + 1].is_some() {
            Some(step(y[i], y[i + 1]))
        } else if i > 0 {
            Some(step(y[i - 1], y[i]))
        } else {
            flags[i]
        });
    }
    sides
}

/// MDC: *"Two out of three consecutive points close to a process limit"*, where close means
/// beyond two thirds of the distance from the mean to the limit (the 2σ line), all three on
/// the same side of the mean (points beyond the process limit count too since the MDC
/// change of November 2023; NHSRplotthedots #194).
///
/// `close[i]` is 1 (−1) when point `i` is strictly beyond the upper (lower) near limit and,
/// where the profile says so, not beyond the process limit; `rel` is [`relative_to_mean`].
/// A window of three fires on a side when at least two of its points are close on that side
/// and, if `same_side_required`, all three lie strictly on that side of the mean. Only the close
/// points are flagged, unless `highlight_window` flags the whole window (the PowerBI-SPC
/// option `highlight_series`, and NHSRplotthedots' window-level helper).
pub fn two_of_three(
    close: &[i8],
    rel: &[i8],
    same_side_required: bool,
    highlight_window: bool,
) -> Vec<Option<Side>> {
    let mut out = vec![None; close.len()];
    two_of_three_into(close, rel, same_side_required, highlight_window, &mut out);
    out
}

/// [`two_of_three`], writing into `out` (as long as `close`).
pub fn two_of_three_into(
    close: &[i8],
    rel: &[i8],
    same_side_required: bool,
    highlight_window: bool,
    out: &mut [Option<Side>],
) {
    out.fill(None);
    if close.len() < 3 {
        return;
    }
    for w in 0..close.len() - 2 {
        for sign in [1i8, -1] {
            let mut hits = 0;
            for &c in &close[w..w + 3] {
                hits += usize::from(c == sign);
            }
            if hits < 2 {
                continue;
            }
            if same_side_required && !rel[w..w + 3].iter().all(|&r| r == sign) {
                continue;
            }
            for j in w..w + 3 {
                if highlight_window || close[j] == sign {
                    out[j] = side_of(sign);
                }
            }
        }
    }
}

/// round(log2 n) + 3: the longest run a random process of `n` useful points is expected to
/// show (Anhøj 2014, qicharts2).
pub fn longest_run_max(n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    // round(log2 n) in integers (no libm `log2` in the browser module): ⌊log2 n⌋ = k, and
    // log2 n ≥ k + ½ exactly when n² ≥ 2^(2k+1) (never equal: an odd power of 2 is no square).
    let k = (usize::BITS - 1 - n.leading_zeros()) as usize;
    let n2 = (n as u128) * (n as u128);
    k + usize::from(n2 >= 1u128 << (2 * k + 1)) + 3
}

/// qbinom(0.05, n − 1, 0.5): the fewest crossings of the centre line a random process of `n`
/// useful points is expected to show (Anhøj 2014, qicharts2). Exact, for any `n`: the
/// binomial sums are whole numbers (`text::Big`), compared with the probability's exact value
/// (no libm `ln` and `exp`, 1 KB of the gzipped browser module).
pub fn crossings_min(n: usize) -> usize {
    if n < 2 {
        return 0;
    }
    let size = n - 1;
    // R's qbinom fuzzes p by 1 + 64·DBL_EPSILON so that an exact CDF hit counts.
    let p = 0.05 * (1.0 + 64.0 * f64::EPSILON);
    // p = m·2^e exactly (e < 0), so CDF(k) = Σ_{j≤k} C(size, j) / 2^size ≥ p exactly when
    // Σ_{j≤k} C(size, j)·2^−e ≥ m·2^size.
    let (m, e) = crate::text::decompose(p);
    let mut target = Big::from(m);
    target.shl(size as u32);
    // C(size, k)·2^−e, from C(size, 0) = 1 by C(size, k + 1) = C(size, k)·(size − k)/(k + 1)
    // (exact: C(size, k)·(size − k) is a multiple of k + 1).
    let mut choose = Big::from(1);
    choose.shl(e.unsigned_abs() as u32);
    let mut cdf = Big::from(0);
    for k in 0..size {
        cdf.add(&choose);
        if cdf >= target {
            return k;
        }
        choose.mul_add((size - k) as u32, 0);
        choose.div_rem((k + 1) as u32);
    }
    size
}

/// The Anhøj runs analysis of one group (qicharts2): points on the centre line (`rel == 0`)
/// are not useful and are skipped; a run is a sequence of useful points on one side; a
/// crossing is a change of side. The signal fires when the longest run is longer than
/// [`longest_run_max`] or the crossings are fewer than [`crossings_min`]. Returns the summary
/// and, per point, the side of any run longer than the maximum (qicharts2 marks the whole
/// chart; we also mark the points so that a reader can see which run it was).
pub fn anhoej(rel: &[i8]) -> (RunsAnalysis, Vec<Option<Side>>) {
    let mut useful = Vec::with_capacity(rel.len());
    for (i, &r) in rel.iter().enumerate() {
        if r != 0 {
            useful.push(i);
        }
    }
    let n = useful.len();
    let max = longest_run_max(n);
    let min = crossings_min(n);
    let mut longest = 0usize;
    let mut crossings = 0usize;
    // (first, last) point index, sign, useful points in the run.
    let mut runs: Vec<(usize, usize, i8, usize)> = Vec::new();
    for (k, &i) in useful.iter().enumerate() {
        match runs.last_mut() {
            Some(last) if k > 0 && rel[i] == last.2 => {
                last.1 = i;
                last.3 += 1;
            }
            _ => {
                if k > 0 {
                    crossings += 1;
                }
                runs.push((i, i, rel[i], 1));
            }
        }
    }
    let mut flags = vec![None; rel.len()];
    for &(first, last, sign, len) in &runs {
        longest = longest.max(len);
        if len > max {
            for slot in &mut flags[first..=last] {
                *slot = side_of(sign);
            }
        }
    }
    let signal = n > 0 && (longest > max || crossings < min);
    (
        RunsAnalysis {
            useful_points: n,
            longest_run: longest,
            longest_run_max: max,
            crossings,
            crossings_min: min,
            signal,
        },
        flags,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// qbinom(0.05, n − 1, 0.5) in floating point, in log space (the engine's earlier
    /// computation, as qicharts2 gets it from R).
    fn crossings_min_in_logs(n: usize) -> usize {
        if n < 2 {
            return 0;
        }
        let size = (n - 1) as f64;
        let p = 0.05 * (1.0 + 64.0 * f64::EPSILON);
        let mut ln_choose = 0.0f64;
        let mut cdf = 0.0f64;
        for k in 0..n - 1 {
            if k > 0 {
                ln_choose += (size - (k as f64 - 1.0)).ln() - (k as f64).ln();
            }
            cdf += (ln_choose + size * 0.5f64.ln()).exp();
            if cdf >= p {
                return k;
            }
        }
        n - 1
    }

    #[test]
    fn exact_crossings_minimum_agrees_with_the_floating_point_one() {
        // Every series length a published file can have (600 months), and twice that.
        for n in 0..=1200 {
            assert_eq!(crossings_min(n), crossings_min_in_logs(n), "n = {n}");
        }
    }

    #[test]
    fn shift_flags_whole_run_and_breaks_on_mean() {
        let rel = [1, 1, 1, 0, 1, 1, 1, 1];
        assert_eq!(shift(&rel, 4, RunPolicy::Breaks)[..4], [None; 4]);
        assert!(shift(&rel, 4, RunPolicy::Breaks)[4..]
            .iter()
            .all(|s| *s == Some(Side::High)));
        assert!(shift(&rel, 7, RunPolicy::Skipped)
            .iter()
            .all(|s| *s == Some(Side::High)));
    }

    #[test]
    fn trend_later_run_wins() {
        let y = [1.0, 2.0, 3.0, 2.0, 1.0];
        let t = trend(&y, 3, RunPolicy::Breaks);
        assert_eq!(t[1], Some(Side::High));
        assert_eq!(t[2], Some(Side::Low));
        assert_eq!(t[4], Some(Side::Low));
    }

    #[test]
    fn anhoej_thresholds_small() {
        assert_eq!(longest_run_max(10), 6);
        assert_eq!(crossings_min(10), 2);
        assert_eq!(crossings_min(24), 8);
    }

    #[test]
    fn longest_run_max_is_round_log2_plus_3() {
        assert_eq!(longest_run_max(0), 0);
        for n in 1..=100_000usize {
            let want = ((n as f64).log2().round() as usize) + 3;
            assert_eq!(longest_run_max(n), want, "n = {n}");
        }
    }
}
