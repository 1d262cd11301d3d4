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

#[wasm_bindgen]
extern "C" {
    /// `console.error(prefix, value)`, the prefix passed as a string (not made into a JS
    /// value first).
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(prefix: &str, value: &JsValue);
    /// `console.info(message)`, the message passed as a string.
    #[wasm_bindgen(js_namespace = console, js_name = info)]
    fn console_info(message: &str);
}

/// Logs `value` (a panic's message, a listener's error) as the modules' error, after
/// `pcc-spc:`.
pub(crate) fn log_error(value: &JsValue) {
    console_error("pcc-spc:", value);
}

/// Runs once when the module is instantiated: records panics so the loader can show them.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        // The listeners' `console.error` (`log_error`): one import for both.
        log_error(&message.as_str().into());
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
            console_info(&format!(
                "pcc-spc: the data file has {} notes for readers (PccSpc.describe(src).warnings lists them)",
                warnings.len()
            ));
        }
        Ok(PublishedData {
            dataset: std::rc::Rc::new(dataset),
            warnings,
        })
    }

    /// The file's measures, areas and reader notes, as the JSON text of
    /// `{measures: [{id, name, areas: [code, …]}], areas: [{code, name, kind}],
    /// warnings: [{code, message, measure?, areas?}]}`, for the loader's `describe()` (pickers,
    /// a page's own notes). Measures and areas in file order, the force first among the areas;
    /// `kind` is `"force"` or `"csp"`; a warning's `measure` and `areas` are there when it
    /// concerns them. JSON text, not JS objects: one string crosses to JS instead of a call per
    /// property, which is less code in the download.
    pub fn describe(&self) -> String {
        let ds = &*self.dataset;
        let mut out = String::from("{\"measures\":[");
        for (k, m) in ds.measures.iter().enumerate() {
            out.push_str(if k > 0 { ",{\"id\":" } else { "{\"id\":" });
            push_json_str(&mut out, &m.id);
            out.push_str(",\"name\":");
            push_json_str(&mut out, &m.name);
            out.push_str(",\"areas\":");
            push_json_strs(&mut out, m.series.iter().map(|s| &s.area));
            out.push('}');
        }
        out.push_str("],\"areas\":[");
        for (k, a) in ds.areas.iter().enumerate() {
            out.push_str(if k > 0 { ",{\"code\":" } else { "{\"code\":" });
            push_json_str(&mut out, &a.code);
            out.push_str(",\"name\":");
            push_json_str(&mut out, &a.name);
            out.push_str(match a.kind {
                crate::model::AreaKind::Force => ",\"kind\":\"force\"}",
                crate::model::AreaKind::Csp => ",\"kind\":\"csp\"}",
            });
        }
        out.push_str("],\"warnings\":[");
        for (k, w) in self.warnings.iter().enumerate() {
            out.push_str(if k > 0 { ",{\"code\":" } else { "{\"code\":" });
            push_json_str(&mut out, &w.code);
            out.push_str(",\"message\":");
            push_json_str(&mut out, &w.message);
            if let Some(m) = &w.measure {
                out.push_str(",\"measure\":");
                push_json_str(&mut out, m);
            }
            if !w.areas.is_empty() {
                out.push_str(",\"areas\":");
                push_json_strs(&mut out, w.areas.iter());
            }
            out.push('}');
        }
        out.push_str("]}");
        out
    }
}

/// `s` as a JSON string: quoted, with `"`, `\` and control characters escaped (what
/// `JSON.parse` needs; everything else is sent as it is).
fn push_json_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON list of strings.
fn push_json_strs<'a>(out: &mut String, items: impl Iterator<Item = &'a String>) {
    out.push('[');
    for (k, s) in items.enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_json_str(out, s);
    }
    out.push(']');
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
    // `name` too through `Reflect.set` (as `err.name = …` does): one JS import fewer than
    // `Error`'s setter.
    set_str(&err, "name", "PccSpcError");
    set_str(&err, "hint", hint(e.kind()));
    set_str(&err, "kind", e.kind().name());
    err.into()
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.set(target, key, value)` for a string key and value, passed as strings (not
    /// made into JS values first), and without js-sys's `catch`: setting a plain data
    /// property on a fresh `Error` cannot throw (nor fail, so its result is not read).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn set_str(target: &JsValue, key: &str, value: &str);
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
