//! Text widths of Arial without a browser: the advance widths of Helvetica (which Arial
//! matches), from the Adobe Core 14 font metrics, for the command line's static SVG.

use super::{Font, MeasureText};

/// Advance widths in 1/1000 em of the printable ASCII characters, space (32) to tilde (126),
/// for Helvetica and Helvetica-Bold.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // 'A'..'Z'
    278, 278, 278, 469, 556, 333, // '['..'`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // 'a'..'z'
    334, 260, 334, 584, // '{'..'~'
];

const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    333, 333, 584, 584, 584, 611, 975, // ':'..'@'
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // 'A'..'Z'
    333, 278, 333, 584, 556, 333, // '['..'`'
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
    333, 611, 556, 778, 556, 556, 500, // 'a'..'z'
    389, 280, 389, 584, // '{'..'~'
];

/// Arial widths from the Helvetica metrics. Characters outside ASCII use the width of a
/// typical character of their kind (en dash 556, ellipsis 1000, other letters 556).
#[derive(Debug, Clone, Copy, Default)]
pub struct ArialMetrics;

impl MeasureText for ArialMetrics {
    fn width(&self, text: &str, font: Font) -> f64 {
        let table = if font.bold { &BOLD } else { &REGULAR };
        let units: u32 = text
            .chars()
            .map(|c| match c as u32 {
                32..=126 => table[c as usize - 32] as u32,
                0x2013 => 556,  // en dash
                0x2014 => 1000, // em dash
                0x2026 => 1000, // ellipsis
                0x2212 => 584,  // minus sign
                0x2018 | 0x2019 => 222,
                0x201C | 0x201D => 333,
                0xA0 => 278,
                _ => 556,
            })
            .sum();
        units as f64 * font.size / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_metrics() {
        let m = ArialMetrics;
        // "Jan" = 500 + 556 + 556 at 10 px.
        assert!((m.width("Jan", Font::normal(10.0)) - 16.12).abs() < 1e-9);
        assert!(m.width("W", Font::normal(12.0)) > m.width("i", Font::normal(12.0)) * 4.0);
        assert!(m.width("Stable", Font::bold(12.0)) > m.width("Stable", Font::normal(12.0)));
        assert_eq!(m.width("", Font::normal(12.0)), 0.0);
        assert_eq!(REGULAR[(b'0' - 32) as usize], 556);
        assert_eq!(REGULAR[(b'~' - 32) as usize], 584);
    }
}
