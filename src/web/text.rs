//! Text measured by a canvas (`measureText`), so the layout's label boxes match the pixels
//! drawn, inside shadow DOM and under `style-src 'self'` (no measuring `<span>`).
//!
//! Why a cache and a canvas of its own: a layout asks for the same few hundred strings again
//! and again (the height, then the layout; each wrapped word; every resize), and each
//! `measureText` is a wasm → JS call plus, when the font changes, a CSS font parse. Widths are
//! kept per (font, text), and the font is set only when it differs from the last one set.
//! Painting sets its own fonts, so measuring uses a detached canvas whose font only this type
//! sets (same document, same fonts: the widths are those of the chart's canvas).

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::{Font, MeasureText};

/// Widths in CSS pixels by font (size bits, bold) and text. A chart measures some fifty
/// strings, so a `Vec` searched from the end (the latest are asked for most) is quick, and
/// keeps hash-map code out of the module (see the validator's note on map types).
type Widths = Vec<((u64, bool), String, f64)>;

/// How many widths are kept before the cache starts again (a few charts' worth).
const WIDTHS_KEPT: usize = 512;

/// [`MeasureText`] through a canvas 2D context, with a cache of widths.
pub struct CanvasText {
    context: CanvasRenderingContext2d,
    /// Whether `context` is this type's own (only it sets fonts on it).
    own: bool,
    /// The font last set on `context` (when `own`).
    font: Cell<Option<(u64, bool)>>,
    widths: RefCell<Widths>,
}

impl CanvasText {
    /// Measures with a detached canvas of the same document as `canvas` (with `canvas`'s own
    /// 2D context when no such canvas can be made). Takes the canvas, not its context: the
    /// context's `canvas` getter would be one more JS import.
    pub fn new(canvas: &HtmlCanvasElement) -> Result<CanvasText, JsValue> {
        let context = super::canvas::context_2d(canvas)?;
        let mine = canvas
            .owner_document()
            .map(|d| super::dom::create_canvas(&d))
            .and_then(|c| super::canvas::context_2d(&c).ok());
        Ok(CanvasText {
            own: mine.is_some(),
            context: mine.unwrap_or(context),
            font: Cell::new(None),
            widths: RefCell::new(Vec::with_capacity(64)),
        })
    }
}

impl MeasureText for CanvasText {
    fn width(&self, text: &str, font: Font) -> f64 {
        let key = (font.size.to_bits(), font.bold);
        let mut widths = self.widths.borrow_mut();
        if let Some((_, _, w)) = widths.iter().rev().find(|(k, t, _)| *k == key && t == text) {
            return *w;
        }
        // A context shared with painting may carry any font: set it every time.
        if !self.own || self.font.get() != Some(key) {
            self.context.set_font(&font.css());
            self.font.set(Some(key));
        }
        let w = super::canvas::text_width(&self.context, text);
        // Bounded: a page whose pickers show series after series would otherwise keep every
        // string it ever measured and search them all on each draw.
        if widths.len() >= WIDTHS_KEPT {
            widths.clear();
        }
        widths.push((key, text.to_string(), w));
        w
    }
}
