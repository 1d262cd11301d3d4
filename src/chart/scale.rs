//! Scales: values to pixels and back, and "nice" tick values.

/// A linear map from a value domain to a pixel range (the range may run backwards, as the
/// y axis does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearScale {
    /// Domain start.
    pub d0: f64,
    /// Domain end.
    pub d1: f64,
    /// Pixel at `d0`.
    pub r0: f64,
    /// Pixel at `d1`.
    pub r1: f64,
}

impl LinearScale {
    /// The scale from `[d0, d1]` to `[r0, r1]`. A zero-width domain is widened by 1 either
    /// side so a constant series still maps to the middle.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> LinearScale {
        let (d0, d1) = if d1 - d0 == 0.0 || !(d1 - d0).is_finite() {
            (d0 - 1.0, d0 + 1.0)
        } else {
            (d0, d1)
        };
        LinearScale { d0, d1, r0, r1 }
    }

    /// Pixel of value `v`.
    pub fn map(&self, v: f64) -> f64 {
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }

    /// Value at pixel `px`.
    pub fn invert(&self, px: f64) -> f64 {
        self.d0 + (px - self.r0) / (self.r1 - self.r0) * (self.d1 - self.d0)
    }
}

/// Up to about `max_count` round tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering
/// `[lo, hi]`: the first tick is at or below `lo`, the last at or above `hi`.
pub fn nice_ticks(lo: f64, hi: f64, max_count: usize) -> Vec<f64> {
    let max_count = max_count.max(2);
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    if !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let raw = (hi - lo) / (max_count - 1) as f64;
    // 10^⌊log10 raw⌋ by `powi` (exact products up to 10²², then one correctly rounded
    // division for negative powers) rather than `powf`, which linked libm's `pow` (2 KB of
    // the browser module) for an integer power.
    let mag = 10f64.powi(raw.log10().floor() as i32);
    // The first multiple of the magnitude that needs few enough ticks.
    let mut step = 10.0 * mag;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let s = m * mag;
        if (((hi / s).ceil() - (lo / s).floor()) as usize) < max_count {
            step = s;
            break;
        }
    }
    let start = (lo / step).floor() as i64;
    let end = (hi / step).ceil() as i64;
    let mut ticks = Vec::new();
    for k in start..=end {
        // Round away binary noise (0.30000000000000004) so labels print cleanly.
        let v = k as f64 * step;
        ticks.push((v * 1e9).round() / 1e9);
    }
    ticks
}

/// Months on the x axis: month index `i` sits in the middle of its slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthScale {
    /// First month index shown.
    pub first: usize,
    /// Last month index shown (inclusive).
    pub last: usize,
    /// Left edge of the first slot, in pixels.
    pub left: f64,
    /// Width of one month's slot.
    pub step: f64,
}

impl MonthScale {
    /// Months `first..=last` spread over `[left, right]`.
    pub fn new(first: usize, last: usize, left: f64, right: f64) -> MonthScale {
        let n = (last.saturating_sub(first) + 1) as f64;
        MonthScale {
            first,
            last,
            left,
            step: (right - left) / n,
        }
    }

    /// Centre of month `i`.
    pub fn x(&self, i: usize) -> f64 {
        self.left + (i as f64 - self.first as f64 + 0.5) * self.step
    }

    /// Left edge of month `i`'s slot (the right edge of month `i − 1`'s).
    pub fn edge(&self, i: usize) -> f64 {
        self.left + (i as f64 - self.first as f64) * self.step
    }

    /// The month whose slot contains pixel `x`, if any.
    pub fn index_at(&self, x: f64) -> Option<usize> {
        let k = ((x - self.left) / self.step).floor();
        if k < 0.0 {
            return None;
        }
        let i = self.first + k as usize;
        (i <= self.last).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_domain() {
        assert_eq!(
            nice_ticks(6123.0, 8561.0, 6),
            vec![6000.0, 7000.0, 8000.0, 9000.0]
        );
        assert_eq!(
            nice_ticks(6123.0, 8561.0, 8),
            vec![6000.0, 6500.0, 7000.0, 7500.0, 8000.0, 8500.0, 9000.0]
        );
        let p = nice_ticks(0.1, 0.7, 5);
        assert_eq!(p, vec![0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(nice_ticks(5.0, 5.0, 5), vec![4.0, 4.5, 5.0, 5.5, 6.0]);
    }

    #[test]
    fn scales_round_trip() {
        let y = LinearScale::new(0.0, 100.0, 300.0, 100.0);
        assert_eq!(y.map(0.0), 300.0);
        assert_eq!(y.map(100.0), 100.0);
        assert_eq!(y.invert(200.0), 50.0);
        let x = MonthScale::new(0, 9, 50.0, 150.0);
        assert_eq!(x.x(0), 55.0);
        assert_eq!(x.index_at(149.0), Some(9));
        assert_eq!(x.index_at(151.0), None);
        assert_eq!(x.index_at(49.0), None);
    }
}
