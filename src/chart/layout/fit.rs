//! Text fitting: wrap to a width, shorten with "…".

use crate::chart::{Font, MeasureText};

/// Greedy word wrap to `max` pixels; a word wider than a line is shortened with "…".
pub(crate) fn wrap(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if m.width(&candidate, font) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| elide(&l, font, max, m)).collect()
}

/// `text`, shortened with "…" until it fits `max` pixels (empty if not even "…" fits).
pub(crate) fn elide(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> String {
    if m.width(text, font) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let s: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if m.width(&s, font) <= max {
            return s;
        }
    }
    String::new()
}
