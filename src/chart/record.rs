//! A `DrawingBackend` that records every draw call, so tests can assert what was actually
//! painted (a special-cause point is a polygon, no line crosses a missing month, …).

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

use plotters::prelude::{DrawingBackend, IntoDrawingArea};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use super::scene::Scene;
use super::theme::Colour;

/// One recorded draw call, in backend pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// A single pixel.
    Pixel {
        /// Where.
        at: BackendCoord,
        /// Colour.
        colour: Colour,
    },
    /// A straight line.
    Line {
        /// Start.
        from: BackendCoord,
        /// End.
        to: BackendCoord,
        /// Colour.
        colour: Colour,
        /// Stroke width.
        width: u32,
    },
    /// A rectangle.
    Rect {
        /// Top-left.
        from: BackendCoord,
        /// Bottom-right.
        to: BackendCoord,
        /// Colour.
        colour: Colour,
        /// Filled or outlined.
        fill: bool,
    },
    /// A polyline.
    Path {
        /// Vertices.
        points: Vec<BackendCoord>,
        /// Colour.
        colour: Colour,
        /// Stroke width.
        width: u32,
    },
    /// A circle.
    Circle {
        /// Centre.
        centre: BackendCoord,
        /// Radius.
        radius: u32,
        /// Colour.
        colour: Colour,
        /// Filled or outlined.
        fill: bool,
    },
    /// A filled polygon.
    Polygon {
        /// Vertices.
        points: Vec<BackendCoord>,
        /// Colour.
        colour: Colour,
    },
    /// Someone asked the backend to measure text. The chart never does: layout measures
    /// through `MeasureText`, and plotters' own web measurement touches `document.body`.
    MeasureText {
        /// The text.
        text: String,
    },
    /// Text.
    Text {
        /// The text.
        text: String,
        /// Anchor position.
        at: BackendCoord,
        /// Font size in backend pixels.
        size: f64,
        /// Colour.
        colour: Colour,
    },
}

fn colour(c: BackendColor) -> Colour {
    Colour {
        r: c.rgb.0,
        g: c.rgb.1,
        b: c.rgb.2,
        a: (c.alpha * 255.0).round().clamp(0.0, 255.0) as u8,
    }
}

/// Records draw calls into a shared log (see [`RecordingBackend::log`]).
#[derive(Debug)]
pub struct RecordingBackend {
    size: (u32, u32),
    log: Rc<RefCell<Vec<Call>>>,
}

impl RecordingBackend {
    /// A backend of `width × height` pixels with an empty log.
    pub fn new(width: u32, height: u32) -> RecordingBackend {
        RecordingBackend {
            size: (width, height),
            log: Rc::default(),
        }
    }

    /// The shared log: keep a clone before the backend is moved into a drawing area.
    pub fn log(&self) -> Rc<RefCell<Vec<Call>>> {
        Rc::clone(&self.log)
    }

    /// Paints `scene` at `scale` × its CSS size and returns the calls.
    pub fn record(scene: &Scene, scale: f64) -> Vec<Call> {
        let w = (scene.size.width * scale).round().max(1.0) as u32;
        let h = (scene.size.height * scale).round().max(1.0) as u32;
        let backend = RecordingBackend::new(w, h);
        let log = backend.log();
        let area = backend.into_drawing_area();
        // The recording backend cannot fail.
        let _ = super::paint(scene, &area);
        drop(area);
        let calls = log.borrow().clone();
        calls
    }

    fn push(&self, call: Call) {
        self.log.borrow_mut().push(call);
    }
}

impl DrawingBackend for RecordingBackend {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        at: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Pixel {
            at,
            colour: colour(c),
        });
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Line {
            from,
            to,
            colour: colour(style.color()),
            width: style.stroke_width(),
        });
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Rect {
            from,
            to,
            colour: colour(style.color()),
            fill,
        });
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Path {
            points: path.into_iter().collect(),
            colour: colour(style.color()),
            width: style.stroke_width(),
        });
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Circle {
            centre,
            radius,
            colour: colour(style.color()),
            fill,
        });
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Polygon {
            points: vert.into_iter().collect(),
            colour: colour(style.color()),
        });
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        self.push(Call::MeasureText {
            text: text.to_string(),
        });
        // A fixed-width guess, so code that does measure still gets a size.
        let w = text.chars().count() as f64 * style.size() * 0.55;
        Ok((w.round() as u32, style.size().round() as u32))
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        at: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Call::Text {
            text: text.to_string(),
            at,
            size: style.size(),
            colour: colour(style.color()),
        });
        Ok(())
    }
}
