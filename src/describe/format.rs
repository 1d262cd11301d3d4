//! Numbers for people, in en-GB: `7,012`, `85.3%`, `1.23 per 1,000`, `−4.1%`.

use crate::model::Unit;
use crate::text;

/// `v` rounded to `decimals` places (halves away from zero), with thousands separated by
/// commas and a true minus sign (U+2212), e.g. `−1,234.5`.
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "not a number".to_string();
    }
    let factor = 10f64.powi(decimals as i32);
    // The whole number of 10^-decimals, then its digits with the point put back: no float
    // formatting (see `crate::text`).
    let scaled = (v.abs() * factor).round();
    let mut digits = if scaled >= 9_007_199_254_740_992.0 {
        // Beyond 2^53 the product above is no longer exact (it would print noise as
        // decimals): the digits of the exact value instead (its point dropped below).
        text::fixed(v.abs(), decimals)
    } else {
        text::fixed(scaled, 0)
    }
    .into_bytes();
    digits.retain(|&b| b != b'.');
    // At least one digit before the point: zeros in front of too short a digit string.
    let zeros = (decimals + 1).saturating_sub(digits.len());
    let len = zeros + digits.len();
    let int_len = len - decimals;
    let negative = v < 0.0 && scaled != 0.0;
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    // The digits are ASCII: pushed a byte at a time, no UTF-8 decoding.
    for k in 0..len {
        if k == int_len {
            out.push('.');
        } else if k > 0 && k < int_len && (int_len - k) % 3 == 0 {
            out.push(',');
        }
        out.push(if k < zeros {
            '0'
        } else {
            digits[k - zeros] as char
        });
    }
    out
}

/// Decimal places a value of this unit is shown with.
pub fn decimals(unit: Unit) -> usize {
    match unit {
        Unit::Count | Unit::Seconds => 0,
        Unit::Percent | Unit::Minutes | Unit::Days | Unit::Score => 1,
        Unit::RatePer1000 => 2,
    }
}

/// Decimal places for `v` of this unit: counts are whole numbers, but an average or limit
/// below 10 (0.4 robberies a month) keeps one decimal so it does not read as 0.
pub fn decimals_for(unit: Unit, v: f64) -> usize {
    if unit == Unit::Count && v.fract() != 0.0 && v.abs() < 10.0 {
        1
    } else {
        decimals(unit)
    }
}

/// A value with its unit, e.g. `7,012`, `85.3%`, `1.23 per 1,000`, `12.5 minutes`.
pub fn value(unit: Unit, v: f64) -> String {
    // The unit appended to the number's own String (no `format!` per unit).
    let mut n = number(v, decimals_for(unit, v));
    n.push_str(match unit {
        Unit::Count | Unit::Score => "",
        Unit::Percent => "%",
        Unit::RatePer1000 => " per 1,000",
        Unit::Minutes => " minutes",
        Unit::Seconds => " seconds",
        Unit::Days => " days",
    });
    n
}

/// A range with the unit said once: `6,100–8,560`, `0.54–1.22 per 1,000`, `83.2%–87.9%`
/// (a percentage keeps its sign on both ends, as en-GB writing does).
pub fn range(unit: Unit, lo: f64, hi: f64, sep: &str) -> String {
    let mut out = if unit == Unit::Percent {
        value(unit, lo)
    } else {
        number(lo, decimals_for(unit, lo))
    };
    out.push_str(sep);
    out.push_str(&value(unit, hi));
    out
}

/// A value with a short unit for chart labels, e.g. `85.3%`, `12.5 min`, `1.23`.
pub fn short_value(unit: Unit, v: f64) -> String {
    let mut n = number(v, decimals_for(unit, v));
    n.push_str(match unit {
        Unit::Percent => "%",
        Unit::Minutes => " min",
        Unit::Seconds => " s",
        Unit::Days => " d",
        _ => "",
    });
    n
}

/// An axis tick label: as many decimals as the tick step needs, and `%` for percentages.
pub fn tick(unit: Unit, v: f64, step: f64) -> String {
    // The fewest decimals that show the step exactly (0.25 needs 2, 2.5 needs 1).
    let mut d = 6;
    for k in 0..6 {
        let scaled = step.abs() * 10f64.powi(k);
        if (scaled - scaled.round()).abs() < 1e-6 {
            d = k as usize;
            break;
        }
    }
    let mut n = number(v, d);
    if unit == Unit::Percent {
        n.push('%');
    }
    n
}

/// A number for CSV: plain ASCII, `.` decimal point, no grouping, up to 6 decimals with
/// trailing zeros trimmed.
pub fn csv_number(v: f64) -> String {
    text::trimmed(v, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn en_gb_numbers() {
        assert_eq!(number(7012.0, 0), "7,012");
        assert_eq!(number(7333.6, 0), "7,334");
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(-4.05, 1), "−4.1");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(999.5, 0), "1,000");
        assert_eq!(number(12.0, 0), "12");
        // Past 2^53 once scaled, the digits come from the exact value, not a rounded product.
        assert_eq!(number(4941414234139935.0, 1), "4,941,414,234,139,935.0");
        assert_eq!(number(4941414234139935.0, 2), "4,941,414,234,139,935.00");
        assert_eq!(number(-151671651825.1343, 6), "−151,671,651,825.134308");
    }

    #[test]
    fn values_with_units() {
        assert_eq!(value(Unit::Percent, 85.25), "85.3%");
        assert_eq!(value(Unit::RatePer1000, 1.234), "1.23 per 1,000");
        assert_eq!(short_value(Unit::Minutes, 12.46), "12.5 min");
        assert_eq!(value(Unit::Count, 6100.2), "6,100");
        assert_eq!(value(Unit::Count, 0.4), "0.4");
        assert_eq!(value(Unit::Count, 3.0), "3");
        assert_eq!(
            range(Unit::RatePer1000, 0.541, 1.2249, "–"),
            "0.54–1.22 per 1,000"
        );
        assert_eq!(range(Unit::Percent, 83.2, 87.9, " to "), "83.2% to 87.9%");
        assert_eq!(range(Unit::Minutes, 9.0, 12.25, "–"), "9.0–12.3 minutes");
    }

    #[test]
    fn ticks_have_the_decimals_their_step_needs() {
        assert_eq!(tick(Unit::Count, 7000.0, 500.0), "7,000");
        assert_eq!(tick(Unit::Percent, 0.2, 0.2), "0.2%");
        assert_eq!(tick(Unit::Score, 2.5, 2.5), "2.5");
        assert_eq!(tick(Unit::Score, 0.25, 0.25), "0.25");
        assert_eq!(tick(Unit::Score, 0.5, 0.05), "0.50");
    }

    #[test]
    fn csv_numbers_are_plain() {
        assert_eq!(csv_number(7012.0), "7012");
        assert_eq!(csv_number(85.25), "85.25");
        assert_eq!(csv_number(1.0 / 3.0), "0.333333");
        assert_eq!(csv_number(-0.0000001), "0");
    }
}
