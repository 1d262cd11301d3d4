//! Text fitting: wrap to a width, shorten with "…".

use crate::chart::{Font, MeasureText};
use crate::text;

/// Greedy word wrap to `max` pixels; a word wider than a line is shortened with "…".
///
/// Greedy: each line takes as many words as fit (at least one). A line's width grows with
/// each word it takes (a space and a word are far wider than any kerning), so the words that
/// fit are found by bisection: about log2(words) measurements per line, and one for text that
/// fits on one line, instead of one per word (each is a call into the browser).
pub(crate) fn wrap(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Vec<String> {
    // Pushed in a loop: `collect` brings its own Vec-from-iterator instance for SplitWhitespace.
    let mut words = Vec::new();
    for w in text.split_whitespace() {
        words.push(w);
    }
    let mut lines = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let fits = |n: usize| m.width(&text::join(&words[start..start + n], " "), font) <= max;
        let rest = words.len() - start;
        let n = if fits(rest) {
            rest
        } else {
            // `lo` words are taken (one always is); `hi` words do not fit.
            let (mut lo, mut hi) = (1, rest);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if fits(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let line = text::join(&words[start..start + n], " ");
        // A line of several words fits; a lone word may be too wide.
        lines.push(if n == 1 {
            elide(&line, font, max, m)
        } else {
            line
        });
        start += n;
    }
    lines
}

/// `text`, shortened with "…" until it fits `max` pixels (empty if not even "…" fits).
pub(crate) fn elide(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> String {
    if m.width(text, font) <= max {
        return text.to_string();
    }
    // Each shorter prefix, a character at a time, from the longest: sliced at the
    // character's own boundary (`get` cannot fail there).
    for (end, _) in text.char_indices().rev() {
        let Some(prefix) = text.get(..end).filter(|p| !p.is_empty()) else {
            continue;
        };
        let mut s = prefix.trim_end().to_string();
        s.push('…');
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

    #[test]
    fn elide_shortens_by_whole_characters() {
        let font = Font::normal(10.0);
        // Kerned: 5.5 px a character (no kerned pairs here).
        assert_eq!(elide("Café olé", font, 100.0, &Kerned), "Café olé");
        assert_eq!(elide("Café olé", font, 33.0, &Kerned), "Café…");
        assert_eq!(elide("Café olé", font, 27.5, &Kerned), "Café…");
        assert_eq!(elide("Café olé", font, 22.0, &Kerned), "Caf…");
        assert_eq!(elide("Café olé", font, 5.5, &Kerned), "");
        assert_eq!(elide("", font, 0.0, &Kerned), "");
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
