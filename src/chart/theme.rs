//! Colours. The MDC convention (grey common cause, blue improvement, orange concern, purple
//! neutral) in shades that keep 3:1 against the background for lines and markers and 4.5:1
//! for text (WCAG 1.4.11, 1.4.3). Colour is never the only cue: every class also has a shape,
//! a letter or a word.

use std::fmt;

/// An sRGB colour with alpha (0–255).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha, 255 = opaque.
    pub a: u8,
}

impl Colour {
    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Colour {
        Colour {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 255,
        }
    }

    /// The same colour with alpha `a`.
    pub const fn alpha(self, a: u8) -> Colour {
        Colour { a, ..self }
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// WCAG contrast ratio between two opaque colours.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

impl fmt::Debug for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)?;
        if self.a != 255 {
            write!(f, "{:02x}", self.a)?;
        }
        Ok(())
    }
}

/// Which palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Palette {
    /// Light background (the default).
    #[default]
    Light,
    /// Dark background (`prefers-color-scheme: dark`).
    Dark,
    /// Black on white, heavier lines (forced colours / `prefers-contrast: more`).
    HighContrastLight,
    /// White on black, heavier lines.
    HighContrastDark,
}

/// The colours and line weights of one palette.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Which palette this is.
    pub palette: Palette,
    /// Background.
    pub background: Colour,
    /// Main text.
    pub text: Colour,
    /// Secondary text (subtitle, axis labels, footer).
    pub muted: Colour,
    /// Gridlines.
    pub grid: Colour,
    /// Axis lines and ticks.
    pub axis: Colour,
    /// The data line and common-cause points.
    pub common: Colour,
    /// Special cause improvement.
    pub improvement: Colour,
    /// Special cause concern.
    pub concern: Colour,
    /// Special cause on a neutral measure.
    pub neutral: Colour,
    /// Amber of the PCC report classes (stable, shift).
    pub amber: Colour,
    /// The mean line.
    pub mean: Colour,
    /// Process limits.
    pub limit: Colour,
    /// Near limits.
    pub near_limit: Colour,
    /// The target line.
    pub target: Colour,
    /// Annotation markers.
    pub annotation: Colour,
    /// The band behind a month with no data.
    pub missing_band: Colour,
    /// The keyboard and hover cursor.
    pub cursor: Colour,
    /// Multiplier for line widths.
    pub weight: f64,
}

impl Theme {
    /// The theme of a palette.
    pub fn of(palette: Palette) -> Theme {
        match palette {
            Palette::Light => Theme {
                palette,
                background: Colour::hex(0xffffff),
                text: Colour::hex(0x0b0c0c),
                muted: Colour::hex(0x505a5f),
                grid: Colour::hex(0xe3e5e6),
                axis: Colour::hex(0x505a5f),
                common: Colour::hex(0x5f6a70),
                improvement: Colour::hex(0x1d70b8),
                concern: Colour::hex(0xb34700),
                neutral: Colour::hex(0x6f2c91),
                amber: Colour::hex(0x8a5a00),
                mean: Colour::hex(0x0b0c0c),
                limit: Colour::hex(0x6f777b),
                near_limit: Colour::hex(0x8c9398),
                target: Colour::hex(0xc0392b),
                annotation: Colour::hex(0x3d4448),
                missing_band: Colour::hex(0xeceeef),
                cursor: Colour::hex(0x0b0c0c),
                weight: 1.0,
            },
            Palette::Dark => Theme {
                palette,
                background: Colour::hex(0x141617),
                text: Colour::hex(0xf3f2f1),
                muted: Colour::hex(0xc0c4c7),
                grid: Colour::hex(0x2c3033),
                axis: Colour::hex(0xa0a7ab),
                common: Colour::hex(0xaeb5b9),
                improvement: Colour::hex(0x5fa8e8),
                concern: Colour::hex(0xf08a3c),
                neutral: Colour::hex(0xc39be0),
                amber: Colour::hex(0xe0b040),
                mean: Colour::hex(0xf3f2f1),
                limit: Colour::hex(0x9aa2a6),
                near_limit: Colour::hex(0x7d868b),
                target: Colour::hex(0xff7b6b),
                annotation: Colour::hex(0xd0d4d6),
                missing_band: Colour::hex(0x24282a),
                cursor: Colour::hex(0xffdd00),
                weight: 1.0,
            },
            Palette::HighContrastLight => Theme {
                palette,
                background: Colour::hex(0xffffff),
                text: Colour::hex(0x000000),
                muted: Colour::hex(0x000000),
                grid: Colour::hex(0xb0b0b0),
                axis: Colour::hex(0x000000),
                common: Colour::hex(0x000000),
                improvement: Colour::hex(0x0000c0),
                concern: Colour::hex(0x9a3000),
                neutral: Colour::hex(0x5a006e),
                amber: Colour::hex(0x5c3c00),
                mean: Colour::hex(0x000000),
                limit: Colour::hex(0x000000),
                near_limit: Colour::hex(0x333333),
                target: Colour::hex(0x9a0000),
                annotation: Colour::hex(0x000000),
                missing_band: Colour::hex(0xdddddd),
                cursor: Colour::hex(0x000000),
                weight: 1.6,
            },
            Palette::HighContrastDark => Theme {
                palette,
                background: Colour::hex(0x000000),
                text: Colour::hex(0xffffff),
                muted: Colour::hex(0xffffff),
                grid: Colour::hex(0x555555),
                axis: Colour::hex(0xffffff),
                common: Colour::hex(0xffffff),
                improvement: Colour::hex(0x7fc4ff),
                concern: Colour::hex(0xffa060),
                neutral: Colour::hex(0xe0a8ff),
                amber: Colour::hex(0xffd84d),
                mean: Colour::hex(0xffffff),
                limit: Colour::hex(0xffffff),
                near_limit: Colour::hex(0xcccccc),
                target: Colour::hex(0xff8080),
                annotation: Colour::hex(0xffffff),
                missing_band: Colour::hex(0x333333),
                cursor: Colour::hex(0xffff00),
                weight: 1.6,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_palette_meets_wcag_contrast() {
        for p in [
            Palette::Light,
            Palette::Dark,
            Palette::HighContrastLight,
            Palette::HighContrastDark,
        ] {
            let t = Theme::of(p);
            let bg = t.background;
            for (name, c) in [("text", t.text), ("muted", t.muted)] {
                assert!(c.contrast(bg) >= 4.5, "{p:?} {name} {}", c.contrast(bg));
            }
            for (name, c) in [
                ("common", t.common),
                ("improvement", t.improvement),
                ("concern", t.concern),
                ("neutral", t.neutral),
                ("amber", t.amber),
                ("mean", t.mean),
                ("limit", t.limit),
                ("target", t.target),
                ("annotation", t.annotation),
                ("cursor", t.cursor),
                ("axis", t.axis),
            ] {
                assert!(c.contrast(bg) >= 3.0, "{p:?} {name} {}", c.contrast(bg));
            }
        }
    }
}
