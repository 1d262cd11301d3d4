//! The shadow DOM around the canvas: title, summary, period control, tooltip, live region,
//! data table and download buttons. The markup is `skeleton.html`; styles are `style.css`,
//! adopted as a constructable stylesheet (no inline styles, so `style-src 'self'` is enough).

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CssStyleSheet, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlSelectElement, ShadowRoot,
};

const SKELETON: &str = include_str!("skeleton.html");
const STYLE: &str = include_str!("style.css");

thread_local! {
    /// One parsed stylesheet shared by every chart on the page.
    static SHARED_SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

fn shared_sheet() -> Result<CssStyleSheet, JsValue> {
    // `try_with`: see `LAST_PANIC` in the module root.
    if let Some(sheet) = SHARED_SHEET
        .try_with(|cell| cell.borrow().clone())
        .ok()
        .flatten()
    {
        return Ok(sheet);
    }
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(STYLE)?;
    let _ = SHARED_SHEET.try_with(|cell| *cell.borrow_mut() = Some(sheet.clone()));
    Ok(sheet)
}

/// The elements a chart writes to, found once.
pub struct Elements {
    pub chart: HtmlElement,
    pub title: HtmlElement,
    pub subtitle: HtmlElement,
    pub summary: HtmlElement,
    pub notes: HtmlElement,
    pub help: HtmlElement,
    pub from: HtmlSelectElement,
    pub to: HtmlSelectElement,
    pub canvas: HtmlCanvasElement,
    pub tooltip: HtmlElement,
    pub live: HtmlElement,
    pub table_toggle: HtmlButtonElement,
    pub csv: HtmlButtonElement,
    pub png: HtmlButtonElement,
    pub table_wrap: HtmlElement,
    pub caption: HtmlElement,
    pub thead: HtmlElement,
    pub tbody: HtmlElement,
    pub source: HtmlElement,
    pub error: HtmlElement,
    pub loading: HtmlElement,
    /// This chart's own rules (the tooltip's position), so nothing needs a `style` attribute.
    pub position: CssStyleSheet,
}

fn find<T: JsCast>(root: &ShadowRoot, id: &str) -> Result<T, JsValue> {
    root.get_element_by_id(id)
        .and_then(|e| e.dyn_into::<T>().ok())
        .ok_or_else(|| JsValue::from_str(&format!("pcc-spc: element #{id} missing")))
}

impl Elements {
    /// Writes the skeleton into `root` (replacing what was there) and adopts the styles.
    pub fn build(root: &ShadowRoot) -> Result<Elements, JsValue> {
        root.set_inner_html(SKELETON);
        let position = CssStyleSheet::new()?;
        let shared = shared_sheet()?;
        let sheets = js_sys::Array::of2(&shared, &position);
        root.set_adopted_style_sheets(&sheets);
        Ok(Elements {
            chart: find(root, "content")?,
            title: find(root, "title")?,
            subtitle: find(root, "subtitle")?,
            summary: find(root, "summary")?,
            notes: find(root, "notes")?,
            help: find(root, "help")?,
            from: find(root, "from")?,
            to: find(root, "to")?,
            canvas: find(root, "canvas")?,
            tooltip: find(root, "tooltip")?,
            live: find(root, "live")?,
            table_toggle: find(root, "table-toggle")?,
            csv: find(root, "csv")?,
            png: find(root, "png")?,
            table_wrap: find(root, "table-wrap")?,
            caption: find(root, "caption")?,
            thead: find(root, "thead")?,
            tbody: find(root, "tbody")?,
            source: find(root, "source")?,
            error: find(root, "error")?,
            loading: find(root, "loading")?,
            position,
        })
    }

    /// Hides the error and shows the chart.
    pub fn show_chart(&self) {
        self.error.set_hidden(true);
        self.loading.set_hidden(true);
        self.chart.set_hidden(false);
    }
}

/// Creates an element of `tag` with optional text, appended to `parent`.
pub fn append(
    parent: &web_sys::Node,
    tag: &str,
    text: Option<&str>,
) -> Result<HtmlElement, JsValue> {
    let document = parent
        .owner_document()
        .ok_or_else(|| JsValue::from_str("pcc-spc: node has no document"))?;
    let el: HtmlElement = document.create_element(tag)?.dyn_into()?;
    if text.is_some() {
        el.set_text_content(text);
    }
    parent.append_child(&el)?;
    Ok(el)
}

/// Appends `text` to `html` escaped for element content and double-quoted attribute values.
/// For lists the view writes with one `innerHTML` (a table, a select's options) instead of a
/// wasm → JS call per element, attribute and text.
pub(crate) fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

/// The DOM listeners a view owns. They are removed when the view is destroyed (not
/// `forget`-ten), so a chart taken out of the page leaves nothing behind.
#[derive(Default)]
pub(crate) struct Listeners(Vec<Listener>);

/// An event handler of a view with state `S`.
type Handler<S> = dyn Fn(&mut S, &web_sys::Event) -> Result<(), wasm_bindgen::JsValue>;

struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl Listeners {
    /// Adds `handler` for `kind` events on `target`. The handler gets the view's state unless
    /// it is busy (an event fired while the view itself is changing the DOM) or gone.
    pub(crate) fn on<S: 'static>(
        &mut self,
        state: &std::rc::Rc<std::cell::RefCell<S>>,
        target: &web_sys::EventTarget,
        kind: &'static str,
        handler: impl Fn(&mut S, &web_sys::Event) -> Result<(), wasm_bindgen::JsValue> + 'static,
    ) -> Result<(), wasm_bindgen::JsValue> {
        // Boxed, so the wrapper below is compiled once per view type, not once per handler.
        self.on_boxed(state, target, kind, Box::new(handler))
    }

    fn on_boxed<S: 'static>(
        &mut self,
        state: &std::rc::Rc<std::cell::RefCell<S>>,
        target: &web_sys::EventTarget,
        kind: &'static str,
        handler: Box<Handler<S>>,
    ) -> Result<(), wasm_bindgen::JsValue> {
        use wasm_bindgen::JsCast;
        let weak = std::rc::Rc::downgrade(state);
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
            move |event: web_sys::Event| {
                let Some(state) = weak.upgrade() else { return };
                let Ok(mut st) = state.try_borrow_mut() else {
                    return;
                };
                if let Err(e) = handler(&mut st, &event) {
                    web_sys::console::error_2(&"pcc-spc:".into(), &e);
                }
            },
        );
        target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        self.0.push(Listener {
            target: target.clone(),
            kind,
            closure,
        });
        Ok(())
    }

    /// Removes every listener.
    pub(crate) fn remove_all(&mut self) {
        use wasm_bindgen::JsCast;
        for l in self.0.drain(..) {
            let _ = l
                .target
                .remove_event_listener_with_callback(l.kind, l.closure.as_ref().unchecked_ref());
        }
    }
}

/// Downloads `href` as a file named `name`, through a hidden link in `parent` (anything but
/// letters, digits, `-` and `.` in the name becomes `_`, so a measure id cannot make a path).
pub fn download(parent: &web_sys::Element, href: &str, name: &str) -> Result<(), JsValue> {
    let a: web_sys::HtmlAnchorElement = append(parent, "a", None)?.unchecked_into();
    a.set_href(href);
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    a.set_download(&name);
    a.set_hidden(true);
    a.click();
    a.remove();
    Ok(())
}

/// Downloads `csv` as a UTF-8 file named `name`. It starts with a byte order mark: without
/// one, Excel (what most residents open a CSV with) reads the file as Windows-1252 and
/// garbles the en dashes, pound signs and accented area names.
pub fn download_csv(parent: &web_sys::Element, csv: &str, name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of2(&JsValue::from_str("\u{FEFF}"), &JsValue::from_str(csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let result = download(parent, &url, name);
    web_sys::Url::revoke_object_url(&url)?;
    result
}
