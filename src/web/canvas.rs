//! A plotters [`DrawingBackend`] for a canvas on a high-DPI screen.
//!
//! plotters-canvas draws in the canvas's backing pixels and measures text by appending a
//! styled `<span>` to `document.body` (blocked by `style-src 'self'`, wrong inside shadow DOM).
//! [`DprCanvas`] draws like it (its drawing calls are plotters-canvas 0.3's, MIT) but in CSS
//! pixels: the backing store is `CSS size × devicePixelRatio`, the 2D context carries the
//! `dpr` transform, and text is measured with the context's own `measureText`. Colours are
//! written by [`crate::text`], not `format!` on the `f64` alpha (core's float printer is
//! the size of this whole backend).

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The error type of [`DprCanvas`], which has none: its canvas calls cannot throw (see
/// [`Context`]). plotters' backend trait asks for one.
#[derive(Debug)]
pub enum CanvasError {}

impl std::fmt::Display for CanvasError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

impl std::error::Error for CanvasError {}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A `CanvasRenderingContext2D`, for the calls below. They are bound without web-sys's
    /// `catch` (and so without an exception check after each), as they cannot throw: the HTML
    /// canvas specification has them throw for nothing but a negative radius, and the painter's
    /// radii are unsigned.
    type Context;
    #[wasm_bindgen(method, js_name = setTransform)]
    fn set_transform(this: &Context, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64);
    #[wasm_bindgen(method, js_name = fillText)]
    fn fill_text(this: &Context, text: &str, x: f64, y: f64);
    /// A `TextMetrics`.
    #[wasm_bindgen(method, js_name = measureText)]
    fn measure_text(this: &Context, text: &str) -> JsValue;
    /// A `Path2D`: SVG path data (which it reads up to any error, never throwing) and arcs.
    #[wasm_bindgen(js_name = Path2D)]
    type Path;
    #[wasm_bindgen(constructor, js_class = "Path2D")]
    fn new(data: &str) -> Path;
    #[wasm_bindgen(method)]
    fn arc(this: &Path, x: f64, y: f64, radius: f64, start: f64, end: f64);
}

/// `context` for the calls of [`Context`].
fn calls(context: &CanvasRenderingContext2d) -> &Context {
    context.unchecked_ref()
}

/// A `Path2D` of SVG path data, for `context.fill()` and `stroke()`.
fn path2d(data: &str) -> web_sys::Path2d {
    Path::new(data).unchecked_into()
}

/// The width of `text` in the context's font, in CSS pixels.
pub fn text_width(context: &CanvasRenderingContext2d, text: &str) -> f64 {
    width_of(&calls(context).measure_text(text))
}

/// The CSS colour of a plotters colour: `rgba(r,g,b,a)`.
fn css_colour(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", crate::text::display(color.alpha))
}

/// The CSS size of a canvas and the device pixel ratio it is drawn at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CanvasSize {
    /// CSS pixels.
    pub width: f64,
    /// CSS pixels.
    pub height: f64,
    /// `window.devicePixelRatio` (browser zoom included).
    pub dpr: f64,
}

impl CanvasSize {
    /// Reads the laid-out size of `canvas` and sets its backing store to match, so one CSS
    /// pixel is `dpr` device pixels. Returns `None` while the canvas is not laid out.
    // The chart sets its size itself (`set`); the breakdown's canvases read theirs.
    #[cfg_attr(not(feature = "breakdown"), allow(dead_code))]
    pub fn fit(canvas: &HtmlCanvasElement) -> Option<CanvasSize> {
        let rect = canvas.get_bounding_client_rect();
        CanvasSize::set(canvas, width_of(&rect), height_of(&rect))
    }

    /// Sets the backing store of `canvas` for a CSS size the caller knows (it set the height
    /// and read the width once), so drawing forces no second layout. `None` when empty.
    pub fn set(canvas: &HtmlCanvasElement, width: f64, height: f64) -> Option<CanvasSize> {
        let (width, height) = (width.floor(), height.floor());
        if width < 1.0 || height < 1.0 {
            return None;
        }
        let dpr = device_pixel_ratio(canvas);
        let (bw, bh) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
        // Setting a size clears the canvas even when it is the same: set only what changed.
        if width_of(canvas) != f64::from(bw) {
            canvas.set_width(bw);
        }
        if height_of(canvas) != f64::from(bh) {
            canvas.set_height(bh);
        }
        Some(CanvasSize { width, height, dpr })
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A `DOMRect`, a `TextMetrics` or a canvas: something with a `width` (and but for a
    /// `TextMetrics`, a `height`).
    type Extent;
    #[wasm_bindgen(method, getter)]
    fn width(this: &Extent) -> f64;
    #[wasm_bindgen(method, getter)]
    fn height(this: &Extent) -> f64;
}

/// The `width` of a `DOMRect`, a `TextMetrics` or a canvas (its backing store's, a whole
/// number): one JS import for all (web-sys imports a getter per interface).
pub fn width_of(value: &JsValue) -> f64 {
    value.unchecked_ref::<Extent>().width()
}

/// The `height` of a `DOMRect` or a canvas (see [`width_of`]).
pub fn height_of(value: &JsValue) -> f64 {
    value.unchecked_ref::<Extent>().height()
}

/// The window showing `node`'s document: the element's own, found without the global-object
/// search (and its four JS imports) of `web_sys::window()`.
pub fn window_of(node: &web_sys::Node) -> Option<web_sys::Window> {
    node.owner_document()?.default_view()
}

/// `window.devicePixelRatio` (browser zoom included) where `canvas` is shown, 1 when unknown.
pub fn device_pixel_ratio(canvas: &HtmlCanvasElement) -> f64 {
    window_of(canvas)
        .map(|w| w.device_pixel_ratio())
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(1.0)
}

/// The 2D context of a canvas. `getContext("2d")` gives a `CanvasRenderingContext2D` or
/// nothing, so no `instanceof` check (one JS import fewer).
pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    Ok(canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas context"))?
        .unchecked_into())
}

/// A plotters backend on a canvas in CSS pixels with canvas text measurement. See the
/// module docs.
///
/// Opaque lines and polylines are not stroked one by one (setting the style, beginning a
/// path, moving, lining and stroking for each: five or more wasm → JS calls per grid line or
/// dash, some 3,000 per chart). Consecutive ones of one colour and width are written as SVG
/// path data and stroked as one `Path2D`; any other drawing first strokes what is queued, so
/// the paint order is kept. (Each line stays its own subpath: no joins appear.) A translucent
/// line is stroked at once, as a `Path2D` of its own. Text sets only the baseline,
/// alignment, colour and font that changed.
pub struct DprCanvas {
    context: CanvasRenderingContext2d,
    size: CanvasSize,
    /// The queued strokes: `(move, x, y)` in half CSS pixels, `move` starting a subpath.
    queued: Vec<(bool, i64, i64)>,
    /// Their colour and width.
    queued_style: Option<((u8, u8, u8), f64, u32)>,
    /// The text state last set on the context by [`DrawingBackend::draw_text`].
    text: TextState,
}

/// What [`DprCanvas`] last set for text; `None` / empty when unknown (another call set it).
#[derive(Default)]
struct TextState {
    baseline: Option<&'static str>,
    align: Option<&'static str>,
    fill: Option<((u8, u8, u8), f64)>,
    /// Shared with `estimate_text_size`, which sets the font through `&self`.
    font: std::cell::RefCell<String>,
}

impl DprCanvas {
    /// Wraps `canvas`, whose backing store [`CanvasSize::fit`] has sized. Clears it and sets
    /// the `dpr` transform.
    pub fn new(canvas: &HtmlCanvasElement, size: CanvasSize) -> Result<DprCanvas, JsValue> {
        let context = context_2d(canvas)?;
        calls(&context).set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        context.clear_rect(0.0, 0.0, width_of(canvas), height_of(canvas));
        calls(&context).set_transform(size.dpr, 0.0, 0.0, size.dpr, 0.0, 0.0);
        Ok(DprCanvas {
            context,
            size,
            queued: Vec::new(),
            queued_style: None,
            text: TextState::default(),
        })
    }

    /// Queues a stroke of `style`. A translucent one is stroked at once, on its own
    /// (overlapping translucent strokes must blend twice).
    fn queue<S: BackendStyle>(
        &mut self,
        style: &S,
        path: impl FnOnce(&mut Vec<(bool, i64, i64)>),
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        let key = (colour.rgb, colour.alpha, style.stroke_width());
        if self.queued_style != Some(key) {
            self.flush()?;
            self.queued_style = Some(key);
        }
        path(&mut self.queued);
        if colour.alpha != 1.0 {
            self.flush()?;
        }
        Ok(())
    }

    /// Strokes the queued lines.
    fn flush(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        if self.queued.is_empty() {
            return Ok(());
        }
        let Some((rgb, alpha, width)) = self.queued_style else {
            return Ok(());
        };
        self.context
            .set_stroke_style_str(&css_colour(BackendColor { alpha, rgb }));
        self.context.set_line_width(f64::from(width));
        let mut data = String::with_capacity(self.queued.len() * 10);
        for &(start, x, y) in &self.queued {
            data.push(if start { 'M' } else { 'L' });
            push_coord(&mut data, x);
            data.push(' ');
            push_coord(&mut data, y);
        }
        // Every engine that runs this module (it needs wasm reference types: Chrome 96,
        // Firefox 79, Safari 15) builds a `Path2D` from SVG path data.
        self.context.stroke_with_path(&path2d(&data));
        self.queued.clear();
        Ok(())
    }

    /// Sets the context's font for `style` unless it is already set.
    fn set_font<S: BackendTextStyle>(&self, style: &S) {
        let css = css_font(style);
        let mut font = self.text.font.borrow_mut();
        if *font != css {
            self.context.set_font(&css);
            *font = css;
        }
    }
}

impl Drop for DprCanvas {
    fn drop(&mut self) {
        // `present` flushes; this is for a painter that never calls it.
        let _ = self.flush();
    }
}

/// Appends `twice / 2` (a whole or half CSS pixel) to SVG path data, digit by digit: no
/// formatting machinery for the thousands of coordinates of a chart.
fn push_coord(out: &mut String, twice: i64) {
    if twice < 0 {
        out.push('-');
    }
    let magnitude = twice.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut n = magnitude / 2;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[k..] {
        out.push(char::from(d));
    }
    if magnitude % 2 == 1 {
        out.push_str(".5");
    }
}

/// The CSS `font` shorthand for a plotters text style, as plotters-canvas sets it.
pub fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        crate::text::display(style.size()),
        style.family().as_str()
    )
}

impl DprCanvas {
    fn set_line_style(&self, style: &impl BackendStyle) {
        self.context
            .set_stroke_style_str(&css_colour(style.color()));
        self.context.set_line_width(f64::from(style.stroke_width()));
    }

    fn set_fill(&mut self, color: BackendColor) {
        self.context.set_fill_style_str(&css_colour(color));
        self.text.fill = Some((color.rgb, color.alpha));
    }
}

impl DrawingBackend for DprCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.size.width as u32, self.size.height as u32)
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        self.set_fill(color);
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        // In half pixels: a horizontal or vertical line moves half a pixel, so it is crisp (as
        // plotters-canvas).
        let (mut a, mut b) = (
            (2 * i64::from(from.0), 2 * i64::from(from.1)),
            (2 * i64::from(to.0), 2 * i64::from(to.1)),
        );
        if a.0 == b.0 {
            a.0 -= 1;
            b.0 -= 1;
        }
        if a.1 == b.1 {
            a.1 -= 1;
            b.1 -= 1;
        }
        self.queue(style, |out| {
            out.push((true, a.0, a.1));
            out.push((false, b.0, b.1));
        })
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_line_style(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.queue(style, |out| {
            for (k, (x, y)) in path.into_iter().enumerate() {
                out.push((k == 0, 2 * i64::from(x), 2 * i64::from(y)));
            }
        })
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        // A `Path2D` (made from empty path data, as `flush` makes its own) filled or stroked
        // like every other shape: the same circle as the context's own `beginPath`, `arc` and
        // `fill()` or `stroke()` would make, with one JS import (`Path2D`'s `arc`) for four.
        let path = Path::new("");
        path.arc(
            f64::from(center.0),
            f64::from(center.1),
            f64::from(radius),
            0.0,
            std::f64::consts::PI * 2.0,
        );
        let path: web_sys::Path2d = path.unchecked_into();
        if fill {
            self.set_fill(style.color());
            self.context.fill_with_path_2d(&path);
        } else {
            self.set_line_style(style);
            self.context.stroke_with_path(&path);
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        // SVG path data for a `Path2D`, as `flush` writes strokes: no `moveTo`/`lineTo`/
        // `closePath` imports (whole pixels, so the path is the one those calls would make).
        let mut data = String::new();
        for (k, (x, y)) in vert.into_iter().enumerate() {
            data.push(if k == 0 { 'M' } else { 'L' });
            push_coord(&mut data, 2 * i64::from(x));
            data.push(' ');
            push_coord(&mut data, 2 * i64::from(y));
        }
        if !data.is_empty() {
            data.push('Z');
            self.set_fill(style.color());
            self.context.fill_with_path_2d(&path2d(&data));
        }
        Ok(())
    }

    /// Text is drawn unrotated: no painter of this crate turns text (`FontTransform`), so
    /// the save, translate, rotate and restore of plotters-canvas are left out.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        // Only what changed since the last text.
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if self.text.baseline != Some(baseline) {
            self.context.set_text_baseline(baseline);
            self.text.baseline = Some(baseline);
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if self.text.align != Some(align) {
            self.context.set_text_align(align);
            self.text.align = Some(align);
        }
        if self.text.fill != Some((color.rgb, color.alpha)) {
            self.set_fill(color);
        }
        self.set_font(style);
        calls(&self.context).fill_text(text, f64::from(pos.0), f64::from(pos.1));
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.set_font(style);
        let width = text_width(&self.context, text);
        // Canvas text has no line box: the em size is the height plotters expects.
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }
}
