//! [`SpcChart`]: one `<pcc-spc-chart>`'s state, its listeners and its drawing.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget, ShadowRoot};

use super::canvas::{CanvasSize, DprCanvas};
use super::dom::Elements;
use super::{js_error, PublishedData};
use crate::model::Dataset;
use crate::{Error, ErrorKind, Location};

/// A listener this chart added, removed again by [`SpcChart::destroy`].
struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

/// What is shown: the data, the measure and area, and the chart's own state.
struct State {
    els: Elements,
    dataset: Option<Rc<Dataset>>,
    measure: usize,
    series: usize,
}

/// One chart in a shadow root. Created by the loader for each `<pcc-spc-chart>`.
#[wasm_bindgen]
pub struct SpcChart {
    state: Rc<RefCell<State>>,
    listeners: Vec<Listener>,
}

#[wasm_bindgen]
impl SpcChart {
    /// Builds the chart's DOM in `root` and starts listening to its controls.
    #[wasm_bindgen(constructor)]
    pub fn new(root: ShadowRoot) -> Result<SpcChart, JsValue> {
        let els = Elements::build(&root)?;
        let state = Rc::new(RefCell::new(State {
            els,
            dataset: None,
            measure: 0,
            series: 0,
        }));
        let chart = SpcChart {
            state,
            listeners: Vec::new(),
        };
        Ok(chart)
    }

    /// Shows `measure` for `area` (the force when absent) from `data`. The error says what
    /// is wrong and lists what exists.
    pub fn show(
        &mut self,
        data: &PublishedData,
        measure: &str,
        area: Option<String>,
        profile: Option<String>,
        period: Option<String>,
    ) -> Result<(), JsValue> {
        let _ = (profile, period);
        let ds = data.dataset.clone();
        let (mi, si) = find_series(&ds, measure, area.as_deref()).map_err(|e| js_error(&e))?;
        {
            let mut st = self.state.borrow_mut();
            st.dataset = Some(ds);
            st.measure = mi;
            st.series = si;
            st.els.show_chart();
        }
        self.state.borrow().render()
    }

    /// Redraws at the current size and device pixel ratio (the loader calls this from a
    /// `ResizeObserver` and when the DPR changes).
    pub fn resize(&self) -> Result<(), JsValue> {
        self.state.borrow().render()
    }

    /// Removes every listener this chart added.
    pub fn destroy(&mut self) {
        for l in self.listeners.drain(..) {
            let _ = l
                .target
                .remove_event_listener_with_callback(l.kind, l.closure.as_ref().unchecked_ref());
        }
    }
}

impl Drop for SpcChart {
    fn drop(&mut self) {
        self.destroy();
    }
}

/// Finds a measure and its series for an area; the error lists what exists.
fn find_series(ds: &Dataset, measure: &str, area: Option<&str>) -> crate::Result<(usize, usize)> {
    let Some(mi) = ds.measures.iter().position(|m| m.id == measure) else {
        let list: Vec<String> = ds
            .measures
            .iter()
            .map(|m| format!("{} ({})", m.id, m.name))
            .collect();
        return Err(Error::new(
            ErrorKind::NotFound,
            format!(
                "There is no measure \"{measure}\" in this file. Measures in the file: {}.",
                list.join(", ")
            ),
            Location::default(),
        ));
    };
    let m = &ds.measures[mi];
    let code = match area {
        Some(a) if !a.is_empty() => a.to_string(),
        _ => ds
            .areas
            .iter()
            .find(|a| a.kind == crate::model::AreaKind::Force)
            .or(ds.areas.first())
            .map(|a| a.code.clone())
            .unwrap_or_default(),
    };
    match m.series.iter().position(|s| s.area == code) {
        Some(si) => Ok((mi, si)),
        None => {
            let list: Vec<String> = m
                .series
                .iter()
                .map(|s| {
                    let name = ds
                        .areas
                        .iter()
                        .find(|a| a.code == s.area)
                        .map(|a| a.name.as_str())
                        .unwrap_or("");
                    format!("{} ({name})", s.area)
                })
                .collect();
            Err(Error::new(
                ErrorKind::NotFound,
                format!(
                    "Measure {} has no data for area \"{code}\". Areas with data: {}.",
                    m.id,
                    list.join(", ")
                ),
                Location::default().with_measure(&m.id),
            ))
        }
    }
}

impl State {
    fn render(&self) -> Result<(), JsValue> {
        let Some(ds) = &self.dataset else {
            return Ok(());
        };
        let m = &ds.measures[self.measure];
        let s = &m.series[self.series];
        self.els.title.set_text_content(Some(&m.name));
        let Some(size) = CanvasSize::fit(&self.els.canvas) else {
            return Ok(());
        };
        let backend = DprCanvas::new(&self.els.canvas, size)?;
        let root = backend.into_drawing_area();
        paint_interim(&root, &s.values).map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(())
    }
}

/// TEMPORARY until `chart::paint` lands: the data line, so the pipeline is proven.
fn paint_interim(
    root: &DrawingArea<DprCanvas, plotters::coord::Shift>,
    values: &[Option<f64>],
) -> Result<(), DrawingAreaErrorKind<super::canvas::CanvasError>> {
    let (w, h) = root.dim_in_pixel();
    let max = values.iter().flatten().cloned().fold(1.0, f64::max);
    let n = values.len().max(2) - 1;
    let pts: Vec<(i32, i32)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.map(|v| {
                (
                    20 + (i as f64 / n as f64 * f64::from(w - 40)) as i32,
                    (f64::from(h) - 20.0 - v / max * f64::from(h - 40)) as i32,
                )
            })
        })
        .collect();
    root.draw(&PathElement::new(pts, BLUE.stroke_width(2)))
}
