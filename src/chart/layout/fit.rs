//! Text fitting: wrap to a width, shorten with "…".

use crate::chart::{Font, MeasureText};

/// Greedy word wrap to `max` pixels; a word wider than a line is shortened with "…".
///
/// Each word is measured once (and a measurer may cache words), not every growing prefix of
/// the line: a line's width is estimated as the sum of its words and spaces. Kerning across a
/// space can make the real line a little wider or narrower than that sum, so when the
/// estimate is within `slack` of `max` the candidate line itself is measured: the breaks are
/// those of measuring every line.
pub(crate) fn wrap(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Vec<String> {
    let space = m.width(" ", font);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    let mut words_in_line = 0usize;
    for word in text.split_whitespace() {
        let word_width = m.width(word, font);
        if line.is_empty() {
            line.push_str(word);
            line_width = word_width;
            words_in_line = 1;
            continue;
        }
        let estimate = line_width + space + word_width;
        // Generous: a tenth of the em per space in the line (kerning pairs are smaller).
        let slack = 0.1 * font.size * (words_in_line as f64);
        let width = if (estimate - max).abs() <= slack {
            let candidate = format!("{line} {word}");
            m.width(&candidate, font)
        } else {
            estimate
        };
        if width <= max {
            line.push(' ');
            line.push_str(word);
            line_width = width;
            words_in_line += 1;
        } else {
            lines.push(finish(
                std::mem::take(&mut line),
                words_in_line,
                font,
                max,
                m,
            ));
            line.push_str(word);
            line_width = word_width;
            words_in_line = 1;
        }
    }
    if !line.is_empty() {
        lines.push(finish(line, words_in_line, font, max, m));
    }
    lines
}

/// A wrapped line: a line of several words fits (it was checked as it grew); a lone word may
/// be too wide and is shortened.
fn finish(line: String, words: usize, font: Font, max: f64, m: &dyn MeasureText) -> String {
    if words > 1 {
        line
    } else {
        elide(&line, font, max, m)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A measurer whose line widths are not the sum of their words: each space before a
    /// capital is kerned 0.8 px tighter, each "ll" 0.3 px wider.
    struct Kerned;
    impl MeasureText for Kerned {
        fn width(&self, text: &str, font: Font) -> f64 {
            let base = text.chars().count() as f64 * 0.55 * font.size;
            let tighter = text.matches(" A").count() + text.matches(" T").count();
            base - 0.8 * tighter as f64 + 0.3 * text.matches("ll").count() as f64
        }
    }

    /// The wrap that measures every growing line (what `wrap` must agree with).
    fn wrap_by_lines(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Vec<String> {
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

    proptest! {
        #[test]
        fn breaks_are_those_of_measuring_every_line(
            words in proptest::collection::vec("(A|T|a|l|ll|x){1,9}", 0..20),
            max in 5.0f64..200.0,
        ) {
            let text = words.join(" ");
            let font = Font::normal(11.0);
            prop_assert_eq!(wrap(&text, font, max, &Kerned), wrap_by_lines(&text, font, max, &Kerned));
        }
    }
}
