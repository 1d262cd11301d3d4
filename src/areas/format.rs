//! Numbers as a resident reads them in the comparisons table, the map's tooltips and the
//! legend (en-GB): thousands separated by commas, a real minus sign, signed changes.

/// `v` with `decimals` decimals and comma thousands separators, e.g. `12,345.6`; negative
/// numbers use the minus sign U+2212 (screen readers say "minus", not "dash"). Non-finite
/// values print as `–` (no value).
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "\u{2013}".into();
    }
    let text = crate::text::fixed(v, decimals);
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    // No "−0.0": a value that rounds to zero has no sign.
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    let sign = if v < 0.0 && !zero { "\u{2212}" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A change with its sign: `+1,204`, `−35`, `0`.
pub fn signed(v: f64, decimals: usize) -> String {
    let n = number(v, decimals);
    if v.is_finite() && v > 0.0 && n.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{n}")
    } else {
        n
    }
}

/// A % change with its sign and one decimal: `+12.5%`, `−3.0%`.
pub fn percent_change(v: f64) -> String {
    if v.is_finite() {
        format!("{}%", signed(v, 1))
    } else {
        "\u{2013}".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_and_uses_a_real_minus() {
        assert_eq!(number(1234567.0, 0), "1,234,567");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(1000.0, 0), "1,000");
        assert_eq!(number(-1234.56, 1), "\u{2212}1,234.6");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(f64::NAN, 1), "\u{2013}");
        assert_eq!(signed(12.0, 0), "+12");
        assert_eq!(signed(-12.0, 0), "\u{2212}12");
        assert_eq!(signed(0.0, 0), "0");
        assert_eq!(percent_change(12.345), "+12.3%");
        assert_eq!(percent_change(-3.0), "\u{2212}3.0%");
    }
}
