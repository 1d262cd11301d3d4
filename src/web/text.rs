//! Text measured by the canvas itself (`measureText`), so the layout's label boxes match the
//! pixels drawn, inside shadow DOM and under `style-src 'self'` (no measuring `<span>`).

use web_sys::CanvasRenderingContext2d;

use crate::chart::{Font, MeasureText};

/// [`MeasureText`] through the chart canvas's 2D context.
pub struct CanvasText {
    context: CanvasRenderingContext2d,
}

impl CanvasText {
    /// Measures with `context`.
    pub fn new(context: CanvasRenderingContext2d) -> CanvasText {
        CanvasText { context }
    }
}

impl MeasureText for CanvasText {
    fn width(&self, text: &str, font: Font) -> f64 {
        // Painting sets other fonts on the same context, so the font is set every time.
        self.context.set_font(&font.css());
        self.context
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(0.0)
    }
}
