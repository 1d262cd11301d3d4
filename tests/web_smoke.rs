//! The browser wiring, in headless Chromium (wasm-bindgen-test): a real `KeyboardEvent`
//! reaches the interaction state machine, the live region changes, the canvas is painted.
//! Behaviour itself (keys, hit-testing, words) is tested natively in `interact` and
//! `describe`; these tests only prove the DOM is connected to it.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_smoke`
#![cfg(target_arch = "wasm32")]

use pcc_spc::web::{PublishedData, SpcChart};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, KeyboardEvent, KeyboardEventInit,
    ShadowRoot, ShadowRootInit, ShadowRootMode,
};

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("e2e/pages/sample.json");

struct Mounted {
    host: HtmlElement,
    root: ShadowRoot,
    chart: SpcChart,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.chart.destroy();
        self.host.remove();
    }
}

fn mount(measure: &str) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let chart = SpcChart::new(root.clone()).unwrap();
    let data = PublishedData::parse(SAMPLE).unwrap();
    chart.show(&data, measure, None, None, None, false).unwrap();
    Mounted { host, root, chart }
}

fn by_id<T: JsCast>(root: &ShadowRoot, id: &str) -> T {
    root.get_element_by_id(id).unwrap().unchecked_into()
}

/// Dispatches a real keydown on the canvas; returns whether the chart took the key.
fn press(canvas: &HtmlCanvasElement, key: &str) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    canvas.dispatch_event(&event).unwrap();
    event.default_prevented()
}

#[wasm_bindgen_test]
fn arrow_keys_move_the_cursor_and_the_live_region_says_where() {
    let m = mount("3.1");
    let canvas: HtmlCanvasElement = by_id(&m.root, "canvas");
    let live: HtmlElement = by_id(&m.root, "live");
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
    canvas.focus().unwrap();
    assert!(press(&canvas, "Home"), "Home is the chart's key");
    let first = live.text_content().unwrap();
    assert!(first.starts_with("January 2022"), "after Home: {first}");
    assert!(press(&canvas, "ArrowRight"));
    let second = live.text_content().unwrap();
    assert!(
        second.starts_with("February 2022"),
        "after ArrowRight: {second}"
    );
    assert!(press(&canvas, "End"));
    let last = live.text_content().unwrap();
    assert!(last.starts_with("December 2024"), "after End: {last}");
    // Tab is not taken: focus can leave the chart.
    assert!(!press(&canvas, "Tab"));
}

#[wasm_bindgen_test]
fn the_canvas_is_painted_at_the_device_pixel_ratio() {
    let m = mount("3.1");
    let canvas: HtmlCanvasElement = by_id(&m.root, "canvas");
    let rect = canvas.get_bounding_client_rect();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    assert!(rect.width() > 100.0 && rect.height() > 100.0);
    assert_eq!(canvas.width(), (rect.width().floor() * dpr).round() as u32);
    assert_eq!(
        canvas.height(),
        (rect.height().floor() * dpr).round() as u32
    );
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let (w, h) = (canvas.width(), canvas.height());
    let pixels = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .unwrap()
        .data();
    let painted = pixels.chunks(4).filter(|p| p[3] > 0).count();
    let total = (w * h) as usize;
    assert!(
        painted > total / 200,
        "only {painted} of {total} pixels painted"
    );
    let distinct: std::collections::BTreeSet<[u8; 4]> = pixels
        .chunks(4)
        .step_by(7)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    assert!(distinct.len() > 4, "the canvas is one colour: {distinct:?}");
}

#[wasm_bindgen_test]
fn the_words_are_in_the_dom() {
    let m = mount("3.1");
    let title: HtmlElement = by_id(&m.root, "title");
    let summary: HtmlElement = by_id(&m.root, "summary");
    assert_eq!(title.text_content().unwrap(), "All crime: Sample Force");
    assert!(!summary.text_content().unwrap().is_empty());
    // The data table is written when it is first opened.
    let rows = || m.root.query_selector_all("#tbody tr").unwrap().length();
    assert_eq!(rows(), 0, "the closed table is not written yet");
    by_id::<HtmlElement>(&m.root, "table-toggle").click();
    assert_eq!(rows(), 36, "one table row per month once opened");
}

/// The chart module (default features) leaves out what only the breakdown uses
/// (`model::READS_BREAKDOWN_DATA`): boundaries, population estimates and the reconciliation.
/// Broken ones still give a dataset, with none of them read and no population warning; the
/// members must still be JSON, and everything else is checked as natively. Their rules are
/// tested natively (`tests/model.rs`), where they are read.
#[wasm_bindgen_test]
fn the_chart_module_skips_breakdown_data_but_checks_the_rest() {
    let with = |pointer: &str, member: &str, json: &str| {
        let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
        v.pointer_mut(pointer).unwrap()[member] = serde_json::json!("HERE");
        v.to_string().replacen("\"HERE\"", json, 1)
    };
    for (pointer, member, bad) in [
        ("/areas/1", "boundary", r#""Leicester""#),
        (
            "/areas/1",
            "boundary",
            r#"{"type": "Point", "coordinates": [0, 0]}"#,
        ),
        (
            "/areas/1",
            "boundary",
            r#"{"type": "Polygon", "coordinates": [[[181, 95], [0, 0]]]}"#,
        ),
        (
            "/areas/1",
            "population",
            r#"[{"mid_year": 2023, "value": -5, "source": ""}]"#,
        ),
        ("/areas/2", "population", r#""many""#),
        (
            "",
            "reconciliation",
            r#"[{"month": "1999-13", "rows": -1}]"#,
        ),
    ] {
        let (ds, warnings) = pcc_spc::model::parse(&with(pointer, member, bad))
            .unwrap_or_else(|e| panic!("{member} {bad}: {e}"));
        assert!(ds.areas.iter().all(|a| a.boundary.is_none()), "{bad}");
        assert!(ds.areas.iter().all(|a| a.population.is_empty()), "{bad}");
        assert!(ds.reconciliation.is_empty(), "{bad}");
        assert!(
            warnings.iter().all(|w| !w.code.starts_with("population")),
            "{bad}: {warnings:?}"
        );
    }
    for (pointer, member) in [
        ("/areas/1", "boundary"),
        ("/areas/1", "population"),
        ("", "reconciliation"),
    ] {
        let e = pcc_spc::model::parse(&with(pointer, member, "[1,]")).unwrap_err();
        assert_eq!(e.kind(), pcc_spc::ErrorKind::Json, "{e}");
        assert!(e.message().contains("trailing comma"), "{e}");
    }
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["areas"][1]["outline"] = serde_json::json!(null);
    let e = pcc_spc::model::parse(&v.to_string()).unwrap_err();
    assert_eq!(
        e.location().json_path.as_deref(),
        Some("areas[1].outline"),
        "{e}"
    );
}

/// `PublishedData::describe` writes JSON that the browser's own `JSON.parse` reads back, with
/// quotes, backslashes and control characters in names escaped.
#[wasm_bindgen_test]
fn describe_is_json_the_browser_reads() {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    let awkward = "Burglary \"residential\" \\ dwelling\tand\u{1}more – café";
    v["measures"][1]["name"] = serde_json::json!(awkward);
    let data = PublishedData::parse(&v.to_string()).unwrap();
    let parsed = js_sys::JSON::parse(&data.describe()).unwrap();
    let get = |v: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).unwrap();
    let at = |v: &wasm_bindgen::JsValue, i: u32| js_sys::Reflect::get_u32(v, i).unwrap();
    let measures = get(&parsed, "measures");
    assert_eq!(js_sys::Array::from(&measures).length(), 2);
    let burglary = at(&measures, 1);
    assert_eq!(get(&burglary, "id").as_string().as_deref(), Some("3.5"));
    assert_eq!(get(&burglary, "name").as_string().as_deref(), Some(awkward));
    let areas: Vec<String> = js_sys::Array::from(&get(&burglary, "areas"))
        .iter()
        .map(|a| a.as_string().unwrap())
        .collect();
    assert_eq!(areas, ["E23000021", "E06000016"]);
    let force = at(&get(&parsed, "areas"), 0);
    assert_eq!(get(&force, "kind").as_string().as_deref(), Some("force"));
    assert_eq!(
        get(&force, "name").as_string().as_deref(),
        Some("Sample Force")
    );
    assert!(js_sys::Array::is_array(&get(&parsed, "warnings")));
}
