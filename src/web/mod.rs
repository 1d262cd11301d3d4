//! The browser module: `<pcc-spc-chart>`'s Rust half. The only module that names `web_sys`.
//!
//! The JS loader (`js/pcc-spc.js`) defines the custom element, fetches each published file
//! once and keeps one [`PublishedData`] per URL; each element owns one [`SpcChart`] that
//! builds its shadow DOM, paints the canvas and answers the keyboard and the pointer. Words
//! (summary, tooltip, table, CSV) come from `describe`, geometry from `chart`, input handling
//! from `interact`: this module only moves values between them and the DOM.

#[cfg(feature = "breakdown")]
mod breakdown;
mod canvas;
#[cfg(feature = "chart")]
mod chart;
// The chart's skeleton and shared sheet are unused in a breakdown-only module.
#[cfg_attr(not(feature = "chart"), allow(dead_code))]
mod dom;
mod text;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[cfg(feature = "breakdown")]
pub use breakdown::AreaBreakdown;
#[cfg(feature = "chart")]
pub use chart::SpcChart;

// The thread-locals of this module are read with `try_with`, never `with`: a slot lives as
// long as the page (the wasm has no thread that ends, so `try_with` never fails), and `with`
// would bring its "during or after destruction" panic and `AccessError`'s `Debug` into the
// module.
thread_local! {
    /// The message of the last Rust panic, for the loader to show in the element that hit it.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs once when the module is instantiated: records panics so the loader can show them.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        // The listeners' `console.error` (two arguments): one import for both.
        web_sys::console::error_2(&"pcc-spc:".into(), &message.as_str().into());
        let _ = LAST_PANIC.try_with(|p| *p.borrow_mut() = Some(message));
    }));
}

/// The message of the last panic, taken (so each is shown once). A panic aborts the call
/// that hit it with a `RuntimeError`; the loader then asks here what happened.
#[wasm_bindgen(js_name = takePanic)]
pub fn take_panic() -> Option<String> {
    LAST_PANIC
        .try_with(|p| p.borrow_mut().take())
        .ok()
        .flatten()
}

/// Panics on purpose, so the end-to-end tests can check that a panic is shown in its element
/// and that other charts on the page keep working. Not part of the host API.
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests() {
    panic!("deliberate panic requested by a test page");
}

/// A published performance file, parsed and validated once and shared by every chart that
/// shows it.
#[wasm_bindgen]
pub struct PublishedData {
    pub(crate) dataset: std::rc::Rc<crate::model::Dataset>,
    warnings: Vec<crate::model::DataWarning>,
}

#[wasm_bindgen]
impl PublishedData {
    /// Parses and validates the text of a published file. The error names what is wrong and
    /// where (JSON path, measure, area, month).
    pub fn parse(text: &str) -> Result<PublishedData, JsValue> {
        let (dataset, warnings) = crate::model::parse(text).map_err(|e| js_error(&e))?;
        // One line for the page's developer; the charts show the warnings that concern them.
        if !warnings.is_empty() {
            web_sys::console::info_1(
                &format!(
                    "pcc-spc: the data file has {} notes for readers (PccSpc.describe(src).warnings lists them)",
                    warnings.len()
                )
                .into(),
            );
        }
        Ok(PublishedData {
            dataset: std::rc::Rc::new(dataset),
            warnings,
        })
    }

    /// What a reader should know about the file that does not stop it being used:
    /// `[{code, message, measure?, areas?}]` (e.g. trial limits, a population estimate from
    /// another year).
    pub fn warnings(&self) -> js_sys::Array {
        self.warnings
            .iter()
            .map(|w| {
                let o = object(&[
                    ("code", w.code.as_str().into()),
                    ("message", w.message.as_str().into()),
                ]);
                if let Some(m) = &w.measure {
                    set(&o, "measure", m.as_str().into());
                }
                if !w.areas.is_empty() {
                    set(&o, "areas", strings(w.areas.iter()).into());
                }
                JsValue::from(o)
            })
            .collect()
    }

    /// Measures, for pickers: `[{id, name, areas: [code, …]}]` in file order.
    pub fn measures(&self) -> js_sys::Array {
        self.dataset
            .measures
            .iter()
            .map(|m| {
                JsValue::from(object(&[
                    ("id", m.id.as_str().into()),
                    ("name", m.name.as_str().into()),
                    ("areas", strings(m.series.iter().map(|s| &s.area)).into()),
                ]))
            })
            .collect()
    }

    /// Areas, for pickers: `[{code, name, kind}]` (kind `"force"` or `"csp"`), the force first.
    pub fn areas(&self) -> js_sys::Array {
        self.dataset
            .areas
            .iter()
            .map(|a| {
                let kind = match a.kind {
                    crate::model::AreaKind::Force => "force",
                    crate::model::AreaKind::Csp => "csp",
                };
                JsValue::from(object(&[
                    ("code", a.code.as_str().into()),
                    ("name", a.name.as_str().into()),
                    ("kind", kind.into()),
                ]))
            })
            .collect()
    }
}

/// A plain JS object with these properties (built with `js_sys`, not serde: the serialiser
/// and its tables cost the module more than these three lists).
fn object(props: &[(&str, JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (key, value) in props {
        set(&o, key, value.clone());
    }
    o
}

fn set(o: &js_sys::Object, key: &str, value: JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(o, &key.into(), &value);
}

/// A JS array of strings.
fn strings<'a>(items: impl Iterator<Item = &'a String>) -> js_sys::Array {
    items.map(|s| JsValue::from(s.as_str())).collect()
}

/// A JS `Error` carrying the message, its kind and a hint of what to check, for the loader to
/// show in the element.
/// The engine's `parseFloat`: the model's JSON reader uses it for the rare number outside its
/// exact fast path, so the module does not link a second decimal-to-float converter.
pub(crate) fn parse_float(text: &str) -> f64 {
    js_sys::parse_float(text)
}

pub(crate) fn js_error(e: &crate::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("PccSpcError");
    let hint = hint(e.kind());
    // Setting plain data properties on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(&err, &"hint".into(), &hint.into());
    let _ = js_sys::Reflect::set(&err, &"kind".into(), &e.kind().name().into());
    err.into()
}

/// What a page editor should check for each kind of error.
fn hint(kind: crate::ErrorKind) -> &'static str {
    use crate::ErrorKind::*;
    match kind {
        Json => "Check that the src attribute points at the published performance JSON file, not an HTML page, and that the file is complete.",
        Invalid | SchemaVersion | TooLarge => "The file does not follow the published format. Check it was written by pcc-spc build, or validate it with `pcc-spc analyse`.",
        NotFound => "Check the measure and area attributes against the lists above.",
        _ => "Check the element's attributes and the published file.",
    }
}
