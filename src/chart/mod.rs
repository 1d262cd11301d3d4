//! The SPC chart, as pure geometry: [`layout`] turns a [`ChartData`] into a [`Scene`] of
//! marks in CSS pixels, and [`paint`] draws a scene on any plotters `DrawingBackend`.
//!
//! This module knows no browser. It compiles natively and for `wasm32`; only `crate::web`
//! names `web_sys`. Text widths come from an injected [`MeasureText`] (canvas `measureText`
//! in the page, [`FixedWidthText`] in tests), so plotters never measures text itself: its web
//! font path appends a `<span>` with an inline style to `document.body`, which breaks inside
//! shadow DOM and under a CSP without `style-src 'unsafe-inline'`.
//!
//! # API (stable; the web module depends on it)
//!
//! - [`ChartData`]: everything one chart needs (title, unit, direction, months, the
//!   [`crate::spc::Analysis`], target, notes, source line, the comparison with the same quarter
//!   last year). Build it with [`ChartData::new`] from a [`ChartInput`] of plain slices and
//!   the analysis (moved in), or with [`ChartData::from_dataset`] straight from a published
//!   file (through `model::analyse_series`: the file's rebases, exclusions and annotations for
//!   the area).
//!   A chart analysed with a profile other than MDC should say so with
//!   [`ChartData::with_profile`], so the words count runs as that profile's rules did.
//! - [`ChartOptions`]: near limits on/off, the period shown, dark theme, high contrast.
//! - [`layout`]`(&ChartData, &ChartOptions, Size, &dyn MeasureText) -> Scene`: all geometry.
//!   [`preferred_height`] says how tall a chart of a given width wants to be.
//! - [`Scene`]: [`Mark`]s in paint order, one [`PointMark`] per month shown (for hit-testing,
//!   the keyboard cursor and DOM tooltips), the plot rectangle and the palette.
//! - [`paint`]`(&Scene, &DrawingArea<DB, Shift>)`: draws primitives only, scaled from CSS
//!   pixels to the area's pixel size (so a canvas whose backing store is CSS size ×
//!   devicePixelRatio is drawn crisp with no context transform). [`paint_cursor`] draws the
//!   keyboard/hover cursor on top ([`cursor_marks`] are its marks).
//! - [`tooltip_anchor`]: where a DOM tooltip of a given size goes for a month.
//! - [`RecordingBackend`]: a `DrawingBackend` that records draw calls, for tests.
//! - Natively, `to_svg` writes a scene as an accessible static SVG (title, description),
//!   measured with [`ArialMetrics`]; `pcc-spc chart` uses it.
//!
//! Words live in [`crate::describe`] (summary, point sentence, tooltip lines, table rows,
//! CSV) and interaction in [`crate::interact`] (`View::apply(Input) -> Outcome`,
//! `nearest_point`, `key_from_dom`). A frame in the page is:
//!
//! ```text
//! scene = layout(&data, &opts, css_size, &canvas_text)     // on load, resize, option change
//! paint(&scene, &area); if let Some(i) = view.highlighted() { paint_cursor(&scene, i, &area) }
//! out = view.apply(input, &scene)                          // on each DOM event
//! out.announce  -> live region text = describe::point_sentence(&data, i)
//! out.tooltip   -> Show(i): describe::tooltip_lines(&data, i) at tooltip_anchor(&scene, i, size)
//! out.repaint   -> paint again
//! ```
//!
//! Coordinates: CSS pixels, origin top-left, y down. Text marks are anchored at the
//! top-left corner of their line box (font size × 1.3); `paint` centres the glyphs in it.

mod data;
mod layout;
mod metrics;
mod paint;
mod record;
mod scale;
mod scene;
#[cfg(not(target_arch = "wasm32"))]
mod svg;
mod theme;

pub use data::{
    display_limits, source_line, Aggregate, ChartData, ChartInput, Note, NoteKind,
    QuarterComparison, RunSemantics,
};
pub use layout::{cursor_marks, layout, preferred_height, tooltip_anchor};
pub use metrics::ArialMetrics;
pub use paint::{paint, paint_cursor};
pub use record::{Call, RecordingBackend};
pub use scale::{nice_ticks, LinearScale, MonthScale};
pub use scene::{Dash, Mark, PointClass, PointMark, Pt, Rect, Role, Scene, Size};
#[cfg(not(target_arch = "wasm32"))]
pub use svg::to_svg;
pub use theme::{Colour, Palette, Theme};

/// The font family every chart text uses. The page's `MeasureText` must measure with it
/// (canvas `ctx.font = "<weight> <size>px " + FONT_FAMILY`), and [`paint`] draws with it.
pub const FONT_FAMILY: &str = "Arial, Helvetica, sans-serif";

/// A font: size in CSS pixels and weight. The family is always [`FONT_FAMILY`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in CSS pixels.
    pub size: f64,
    /// Bold or normal.
    pub bold: bool,
}

impl Font {
    /// A normal-weight font of `size` CSS pixels.
    pub const fn normal(size: f64) -> Font {
        Font { size, bold: false }
    }

    /// A bold font of `size` CSS pixels.
    pub const fn bold(size: f64) -> Font {
        Font { size, bold: true }
    }

    /// The CSS `font` shorthand for this font, e.g. `bold 16px Arial, Helvetica, sans-serif`.
    pub fn css(&self) -> String {
        format!(
            "{}{}px {}",
            if self.bold { "bold " } else { "" },
            crate::text::display(self.size),
            FONT_FAMILY
        )
    }

    /// Line height used by the layout for this font.
    pub fn line_height(&self) -> f64 {
        (self.size * 1.3).round()
    }
}

/// Measures the width of a line of text. Injected into [`layout`] so the geometry matches
/// the text the browser actually draws.
pub trait MeasureText {
    /// Width in CSS pixels of `text` drawn in `font`.
    fn width(&self, text: &str, font: Font) -> f64;
}

/// A fixed-width fake: every character is `em` × font size wide. Deterministic, for tests
/// and for the command line.
#[derive(Debug, Clone, Copy)]
pub struct FixedWidthText {
    /// Width of one character as a fraction of the font size.
    pub em: f64,
}

impl Default for FixedWidthText {
    fn default() -> Self {
        // Close to the average advance of Arial, so fake layouts look like real ones.
        FixedWidthText { em: 0.55 }
    }
}

impl MeasureText for FixedWidthText {
    fn width(&self, text: &str, font: Font) -> f64 {
        let bold = if font.bold { 1.08 } else { 1.0 };
        text.chars().count() as f64 * self.em * font.size * bold
    }
}

/// How a chart is drawn, beyond its data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartOptions {
    /// Draw the near limits (mean ± 2σ) as well as the process limits.
    pub show_near_limits: bool,
    /// First and last month index shown (inclusive); `None` shows every month. Limits and
    /// rules are still those of the whole series.
    pub period: Option<(usize, usize)>,
    /// Dark colour scheme.
    pub dark: bool,
    /// High-contrast palette (forced colours, `prefers-contrast: more`).
    pub high_contrast: bool,
    /// A small-multiple cell: the title, the plot and its marks only. The subtitle, icons,
    /// key and source line are the page's to show once for every cell (a grid of ten charts
    /// each repeating them buries the one thing a resident compares: the points).
    pub compact: bool,
}

impl ChartOptions {
    /// The palette these options ask for.
    pub fn palette(&self) -> Palette {
        match (self.dark, self.high_contrast) {
            (false, false) => Palette::Light,
            (true, false) => Palette::Dark,
            (false, true) => Palette::HighContrastLight,
            (true, true) => Palette::HighContrastDark,
        }
    }
}
