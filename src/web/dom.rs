//! The shadow DOM around the canvas: title, summary, period control, tooltip, live region,
//! data table and download buttons. The markup is `skeleton.html`; styles are `style.css`,
//! adopted as a constructable stylesheet (no inline styles, so `style-src 'self'` is enough).

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, HtmlCanvasElement, HtmlElement, HtmlSelectElement, ShadowRoot};

/// The chart's markup. The canvas draws the title, subtitle and source; the skeleton's
/// `#title`, `#subtitle` and `#source` are their text for screen readers, search and copying.
/// The keyboard help (`#help`) is written in it, not set by the chart: it is the same for
/// every chart. (Said here, not in an HTML comment: the skeleton is downloaded in the module.)
const SKELETON: &str = include_str!("skeleton.html");
const STYLE: &str = include_str!("style.css");

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// An element or a stylesheet, for the calls below. They are bound without web-sys's
    /// `catch` (and the exception check after each call), as they cannot throw here: the
    /// DOM's `setAttribute` throws only for an invalid name (the chart's are literals), and
    /// `replaceSync` only on a sheet that a document owns or that an async `replace` is
    /// changing (the chart's are its own, never replaced asynchronously); `addEventListener`
    /// and `removeEventListener` with a function as the listener, the `CSSStyleSheet`
    /// constructor and `matchMedia` throw for nothing, and `createElement` only for an invalid
    /// tag name (the chart's is a literal); a canvas's `toDataURL` only when the canvas has
    /// drawn an image of another origin (the chart draws no images).
    type Dom;
    #[wasm_bindgen(method, js_name = toDataURL)]
    fn to_data_url(this: &Dom, kind: &str) -> String;
    #[wasm_bindgen(method, js_name = matchMedia)]
    fn match_media(this: &Dom, query: &str) -> web_sys::MediaQueryList;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Dom, tag: &str) -> web_sys::Element;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &Dom, kind: &str, listener: &JsValue, capture: bool);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &Dom, kind: &str, listener: &JsValue, capture: bool);
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Dom, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = replaceSync)]
    fn replace_sync(this: &Dom, text: &str);
    /// A `CSSStyleSheet`, for its constructor.
    #[wasm_bindgen(js_name = CSSStyleSheet)]
    type Sheet;
    #[wasm_bindgen(constructor, js_class = "CSSStyleSheet")]
    fn new() -> Sheet;
}

/// `window.matchMedia(query)` (see [`Dom`]).
pub fn match_media(window: &web_sys::Window, query: &str) -> web_sys::MediaQueryList {
    window.unchecked_ref::<Dom>().match_media(query)
}

/// A `data:` URL of what `canvas` shows, as a PNG file (see [`Dom`]).
pub fn png_data_url(canvas: &HtmlCanvasElement) -> String {
    canvas.unchecked_ref::<Dom>().to_data_url("image/png")
}

/// A new `<canvas>` of `document` (see [`Dom`]).
pub fn create_canvas(document: &web_sys::Document) -> HtmlCanvasElement {
    // `createElement("canvas")` makes an `HTMLCanvasElement` (no `instanceof` check).
    document
        .unchecked_ref::<Dom>()
        .create_element("canvas")
        .unchecked_into()
}

/// A new, empty constructable stylesheet (see [`Dom`]).
fn new_sheet() -> CssStyleSheet {
    Sheet::new().unchecked_into()
}

/// Sets attribute `name` (a valid name: see [`Dom`]) of `element`.
pub fn set_attribute(element: &web_sys::Element, name: &str, value: &str) {
    element.unchecked_ref::<Dom>().set_attribute(name, value);
}

/// Replaces the rules of a stylesheet the chart made (see [`Dom`]).
pub fn replace_sync(sheet: &CssStyleSheet, text: &str) {
    sheet.unchecked_ref::<Dom>().replace_sync(text);
}

thread_local! {
    /// One parsed stylesheet shared by every chart on the page.
    static SHARED_SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

fn shared_sheet() -> CssStyleSheet {
    // `try_with`: see `LAST_PANIC` in the module root.
    if let Some(sheet) = SHARED_SHEET
        .try_with(|cell| cell.borrow().clone())
        .ok()
        .flatten()
    {
        return sheet;
    }
    let sheet = new_sheet();
    replace_sync(&sheet, STYLE);
    let _ = SHARED_SHEET.try_with(|cell| *cell.borrow_mut() = Some(sheet.clone()));
    sheet
}

/// An element of the skeleton, found by its `id` ([`Id::name`]): `els[Id::Title]`.
#[derive(Clone, Copy)]
pub enum Id {
    Chart,
    Title,
    Subtitle,
    Summary,
    Notes,
    From,
    To,
    Canvas,
    Tooltip,
    Live,
    TableToggle,
    TableWrap,
    Caption,
    Thead,
    Tbody,
    Source,
    Error,
    Loading,
    /// A hidden link the downloads click.
    Download,
}

impl Id {
    /// Every element, in declaration order: [`Elements`] holds them at `id as usize` (the
    /// assertion below keeps this list in that order; a new variant goes here too).
    const ALL: [Id; 19] = [
        Id::Chart,
        Id::Title,
        Id::Subtitle,
        Id::Summary,
        Id::Notes,
        Id::From,
        Id::To,
        Id::Canvas,
        Id::Tooltip,
        Id::Live,
        Id::TableToggle,
        Id::TableWrap,
        Id::Caption,
        Id::Thead,
        Id::Tbody,
        Id::Source,
        Id::Error,
        Id::Loading,
        Id::Download,
    ];

    /// The element's `id` in the skeleton. A `match`, so a name cannot drift to another
    /// variant when the list is reordered.
    const fn name(self) -> &'static str {
        match self {
            Id::Chart => "content",
            Id::Title => "title",
            Id::Subtitle => "subtitle",
            Id::Summary => "summary",
            Id::Notes => "notes",
            Id::From => "from",
            Id::To => "to",
            Id::Canvas => "canvas",
            Id::Tooltip => "tooltip",
            Id::Live => "live",
            Id::TableToggle => "table-toggle",
            Id::TableWrap => "table-wrap",
            Id::Caption => "caption",
            Id::Thead => "thead",
            Id::Tbody => "tbody",
            Id::Source => "source",
            Id::Error => "error",
            Id::Loading => "loading",
            Id::Download => "download",
        }
    }
}

/// The names of [`Id::ALL`], worked out when compiling (one table in the module, no `match`
/// at run time). Building it also checks that `Id::ALL` is in declaration order, so
/// [`Elements`] finds each element at its discriminant.
const NAMES: [&str; Id::ALL.len()] = {
    let mut names = [""; Id::ALL.len()];
    let mut i = 0;
    while i < Id::ALL.len() {
        assert!(Id::ALL[i] as usize == i, "Id::ALL is out of order");
        names[i] = Id::ALL[i].name();
        i += 1;
    }
    names
};

/// The elements a chart writes to, found once: one `getElementById` loop over [`NAMES`]
/// instead of a typed lookup (and its `instanceof` check) per element.
pub struct Elements {
    all: [HtmlElement; Id::ALL.len()],
    /// This chart's own rules (the tooltip's position), so nothing needs a `style` attribute.
    pub position: CssStyleSheet,
}

impl std::ops::Index<Id> for Elements {
    type Output = HtmlElement;
    fn index(&self, id: Id) -> &HtmlElement {
        &self.all[id as usize]
    }
}

impl Elements {
    /// Writes the skeleton into `root` (replacing what was there) and adopts the styles.
    pub fn build(root: &ShadowRoot) -> Result<Elements, JsValue> {
        // Through `Element`'s `innerHTML` setter, the one the chart writes its lists with: the
        // same property, one import fewer than `ShadowRoot`'s own binding.
        root.unchecked_ref::<web_sys::Element>()
            .set_inner_html(SKELETON);
        let position = new_sheet();
        let shared = shared_sheet();
        let sheets = js_sys::Array::of2(&shared, &position);
        root.set_adopted_style_sheets(&sheets);
        // The skeleton is this module's own markup: its elements are what `Id` says they are.
        let mut missing = None;
        let all = std::array::from_fn(|i| match root.get_element_by_id(NAMES[i]) {
            Some(el) => el.unchecked_into(),
            None => {
                missing = Some(NAMES[i]);
                JsValue::UNDEFINED.unchecked_into()
            }
        });
        if let Some(id) = missing {
            return Err(JsValue::from_str(&format!(
                "pcc-spc: element #{id} missing"
            )));
        }
        Ok(Elements { all, position })
    }

    pub fn canvas(&self) -> &HtmlCanvasElement {
        self[Id::Canvas].unchecked_ref()
    }

    /// The `From` or `To` select.
    pub fn select(&self, id: Id) -> &HtmlSelectElement {
        self[id].unchecked_ref()
    }

    /// Hides the error and shows the chart.
    pub fn show_chart(&self) {
        self[Id::Error].set_hidden(true);
        self[Id::Loading].set_hidden(true);
        self[Id::Chart].set_hidden(false);
    }

    /// Downloads `href` as a file named `name` through the skeleton's hidden link (see
    /// [`file_name`]). The link's attributes are set with `setAttribute`, which the chart
    /// imports anyway (the `href` and `download` setters set these attributes, two imports
    /// more).
    pub fn download(&self, href: &str, name: &str) {
        let a = &self[Id::Download];
        set_attribute(a, "href", href);
        set_attribute(a, "download", &file_name(name));
        a.click();
    }
}

/// Creates an element of `tag` with optional text, appended to `parent`.
#[cfg(feature = "breakdown")]
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

/// Hands `event` to `handler` with the view's state, unless the state is busy (an event fired
/// while the view itself is changing the DOM) or gone; a handler's error goes to the console
/// (there is no caller to return it to). Shared by both modules' listeners.
#[cfg(any(feature = "chart", feature = "breakdown"))]
fn deliver<S>(
    weak: &std::rc::Weak<RefCell<S>>,
    event: &web_sys::Event,
    handler: &dyn Fn(&mut S, &web_sys::Event) -> Result<(), JsValue>,
) {
    let Some(state) = weak.upgrade() else { return };
    let Ok(mut st) = state.try_borrow_mut() else {
        return;
    };
    if let Err(e) = handler(&mut st, event) {
        super::log_error(&e);
    }
}

/// One closure listening to several event types on one target, removed when dropped (not
/// `forget`-ten), so a view taken out of the page leaves nothing behind. A view needs one or
/// two: every `Closure` type brings its own invoke shim, vtable and drop glue into the module,
/// while one closure type for every view and event brings them once.
#[cfg(feature = "chart")]
pub(crate) struct Listener {
    target: web_sys::EventTarget,
    kinds: &'static [&'static str],
    capture: bool,
    /// `Fn`, not `FnMut`: an event the handler itself causes (the download link's `click`)
    /// reaches the closure again while it runs, and finds the state busy.
    closure: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>,
}

#[cfg(feature = "chart")]
impl Listener {
    /// Calls `handler` for every `kinds` event on `target` (in the capture phase when
    /// `capture`, so a root hears the non-bubbling `focus`, `blur` and `pointerleave` of its
    /// descendants). The handler gets the view's state unless it is busy (an event fired while
    /// the view itself is changing the DOM) or gone.
    pub(crate) fn new<S: 'static>(
        state: &std::rc::Rc<RefCell<S>>,
        target: &web_sys::EventTarget,
        kinds: &'static [&'static str],
        capture: bool,
        handler: fn(&mut S, &web_sys::Event) -> Result<(), JsValue>,
    ) -> Listener {
        let weak = std::rc::Rc::downgrade(state);
        let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
            move |event: web_sys::Event| deliver(&weak, &event, &handler),
        );
        for kind in kinds {
            target
                .unchecked_ref::<Dom>()
                .add_event_listener(kind, closure.as_ref(), capture);
        }
        Listener {
            target: target.clone(),
            kinds,
            capture,
            closure,
        }
    }
}

#[cfg(feature = "chart")]
impl Drop for Listener {
    fn drop(&mut self) {
        for kind in self.kinds {
            self.target.unchecked_ref::<Dom>().remove_event_listener(
                kind,
                self.closure.as_ref(),
                self.capture,
            );
        }
    }
}

/// The DOM listeners a view owns, one closure each (the area breakdown's). They are removed
/// when the view is destroyed (not `forget`-ten), so a view taken out of the page leaves
/// nothing behind.
#[cfg(feature = "breakdown")]
#[derive(Default)]
pub(crate) struct Listeners(Vec<Bound>);

/// An event handler of a view with state `S`.
#[cfg(feature = "breakdown")]
type Handler<S> = dyn Fn(&mut S, &web_sys::Event) -> Result<(), wasm_bindgen::JsValue>;

#[cfg(feature = "breakdown")]
struct Bound {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

#[cfg(feature = "breakdown")]
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
            move |event: web_sys::Event| deliver(&weak, &event, &handler),
        );
        target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        self.0.push(Bound {
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

/// `name` made safe for a file name: anything but letters, digits, `-` and `.` becomes `_`,
/// so a measure id cannot make a path.
pub fn file_name(name: &str) -> String {
    let mut safe = String::with_capacity(name.len());
    for c in name.chars() {
        safe.push(if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
            c
        } else {
            '_'
        });
    }
    safe
}

/// Downloads `href` as a file named `name` (see [`file_name`]), through a hidden link in
/// `parent`.
#[cfg(feature = "breakdown")]
pub fn download(parent: &web_sys::Element, href: &str, name: &str) -> Result<(), JsValue> {
    let a: web_sys::HtmlAnchorElement = append(parent, "a", None)?.unchecked_into();
    a.set_href(href);
    a.set_download(&file_name(name));
    a.set_hidden(true);
    a.click();
    a.remove();
    Ok(())
}

/// A `data:` URL of `csv` as a UTF-8 file, starting with a byte order mark (see
/// `download_csv`). A chart's CSV is one series (tens of kilobytes at most): written into
/// the URL, it needs no `Blob` and no object URL to make and revoke.
#[cfg(feature = "chart")]
pub fn csv_data_url(csv: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut url = String::with_capacity(csv.len() * 5 / 4 + 48);
    url.push_str("data:text/csv;charset=utf-8,%EF%BB%BF");
    for b in csv.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b',' || b == b'_' {
            url.push(char::from(b));
        } else {
            url.push('%');
            url.push(char::from(HEX[usize::from(b >> 4)]));
            url.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    url
}

/// Downloads `csv` as a UTF-8 file named `name`, through a hidden link in `parent` (the area
/// breakdown's). The file starts with a byte order
/// mark: without one, Excel (what most residents open a CSV with) reads the file as
/// Windows-1252 and garbles the en dashes, pound signs and accented area names.
#[cfg(feature = "breakdown")]
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
