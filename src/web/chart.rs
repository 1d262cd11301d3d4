//! [`SpcChart`]: one `<pcc-spc-chart>`'s state, its listeners and its drawing.
//!
//! Flow: [`SpcChart::show`] analyses the series once ([`ChartData::from_dataset`], which runs
//! `model::analyse_series`) and writes the words (title, summary, table) into the DOM; [`State::draw`]
//! lays the chart out for the canvas's CSS width and paints it. DOM events become
//! [`Input`]s for the pure [`View`] state machine, and its [`Outcome`] is applied here:
//! repaint, announce in the live region, show or hide the tooltip.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement, ShadowRoot};

use super::canvas::{height_of, width_of, CanvasSize, DprCanvas};
use super::dom::{push_escaped, replace_sync, set_attribute, Elements, Id, Listener};
use super::text::CanvasText;
use super::{js_error, PublishedData};
use crate::chart::{self, ChartData, ChartOptions, Pt, Scene, Size};
use crate::describe;
use crate::interact::{key_from_dom, Input, Outcome, TooltipChange, View};
use crate::model::{self, Dataset};
use crate::spc::Profile;
use crate::{Error, ErrorKind, Location, Month};

/// What is on screen.
struct Shown {
    /// The file the data came from: a new `src` is a new file, even with the same key.
    dataset: std::rc::Rc<Dataset>,
    /// `(measure id, area code, profile)` the data was analysed for.
    key: (String, String, Profile),
    data: ChartData,
    /// Base of the download file names, e.g. `pcc-spc-3.1-E06000016`.
    file_name: String,
}

/// One chart's state, shared by its handle and its event listeners.
struct State {
    els: Elements,
    text: CanvasText,
    shown: Option<Shown>,
    options: ChartOptions,
    scene: Option<Scene>,
    view: View,
    /// CSS height the layout wants for the canvas's width.
    canvas_height: f64,
    /// The canvas's size at the last draw (repaints reuse it instead of reading the layout).
    size: Option<CanvasSize>,
    /// What the last draw was for: CSS width, device pixel ratio, options.
    drawn: Option<(f64, f64, ChartOptions)>,
    /// Whether the data table holds the rows of the series shown (it is written lazily).
    table_written: bool,
    /// Whether the data table is open (only [`State::toggle_table`] shows or hides it): kept
    /// here rather than read back from the DOM, one JS import fewer.
    table_open: bool,
}

/// One chart in a shadow root. The loader creates one per `<pcc-spc-chart>`.
#[wasm_bindgen]
pub struct SpcChart {
    state: Rc<RefCell<State>>,
    /// Every event of the shadow root, and Escape anywhere in the document (removed by
    /// [`SpcChart::destroy`]).
    listeners: Option<[Listener; 2]>,
}

/// The events the chart hears in its shadow root: one listener, in the capture phase so the
/// non-bubbling `focus`, `blur` and `pointerleave` of the canvas and the tooltip reach it too;
/// [`State::on_event`] tells them apart by type and target.
const ROOT_EVENTS: &[&str] = &[
    "keydown",
    "focus",
    "blur",
    "pointermove",
    "pointerleave",
    "click",
    "change",
];

#[wasm_bindgen]
impl SpcChart {
    /// Builds the chart's DOM in `root` and starts listening to its controls.
    #[wasm_bindgen(constructor)]
    pub fn new(root: ShadowRoot) -> Result<SpcChart, JsValue> {
        let els = Elements::build(&root)?;
        let text = CanvasText::new(els.canvas())?;
        let document = els.canvas().owner_document();
        let state = Rc::new(RefCell::new(State {
            els,
            text,
            shown: None,
            options: ChartOptions::default(),
            scene: None,
            view: View::default(),
            canvas_height: 0.0,
            size: None,
            drawn: None,
            table_written: false,
            table_open: false,
        }));
        let on_root = Listener::new(&state, &root, ROOT_EVENTS, true, State::on_event);
        // Escape dismisses a hover tooltip wherever focus is (WCAG 1.4.13).
        let document = document.ok_or_else(|| JsValue::from_str("pcc-spc: no document"))?;
        let on_document = Listener::new(
            &state,
            &document,
            &["keydown"],
            false,
            State::on_document_key,
        );
        Ok(SpcChart {
            state,
            listeners: Some([on_root, on_document]),
        })
    }

    /// Shows `measure` (the first when empty) for `area` (the force when absent) with the
    /// SPC rules of `profile` (`mdc` when absent) over `period` (`YYYY-MM/YYYY-MM`, either
    /// end may be empty), with the near limits (two thirds of the way to the limits) drawn
    /// and labelled when `near_limits`. The error says what is wrong and lists what exists.
    pub fn show(
        &self,
        data: &PublishedData,
        measure: &str,
        area: Option<String>,
        profile: Option<String>,
        period: Option<String>,
        near_limits: bool,
    ) -> Result<(), JsValue> {
        let ds = &data.dataset;
        let mut st = self.state.borrow_mut();
        st.options.show_near_limits = near_limits;
        st.select(ds, measure, area.as_deref(), profile.as_deref())
            .map_err(|e| js_error(&e))?;
        let months = st
            .shown
            .as_ref()
            .map(|s| s.data.months.clone())
            .unwrap_or_default();
        let range = parse_period(period.as_deref(), &months).map_err(|e| js_error(&e))?;
        st.set_period(range);
        st.els.show_chart();
        st.draw()
    }

    /// Redraws at the current size, device pixel ratio and colour scheme (the loader calls
    /// this from a `ResizeObserver` and when the DPR or the colour scheme changes).
    pub fn resize(&self) -> Result<(), JsValue> {
        self.state.borrow_mut().draw()
    }

    /// Where month `index` (0 = the file's first month) is drawn: `[x, y]` in CSS pixels
    /// from the canvas's top-left corner, or nothing when it is not shown. For hosts that
    /// place their own overlays, and for tests that hover a point.
    #[wasm_bindgen(js_name = pointPosition)]
    pub fn point_position(&self, index: usize) -> Option<Box<[f64]>> {
        let st = self.state.borrow();
        let p = st.scene.as_ref()?.point(index)?;
        Some(Box::new([p.at.x, p.at.y]))
    }

    /// Number of months in the series shown.
    #[wasm_bindgen(js_name = monthCount)]
    pub fn month_count(&self) -> usize {
        self.state
            .borrow()
            .shown
            .as_ref()
            .map_or(0, |s| s.data.months.len())
    }

    /// Removes every listener this chart added (dropping the chart does too).
    pub fn destroy(&mut self) {
        self.listeners = None;
    }
}

/// `<tag>line</tag>` for each line, escaped.
fn tagged(tag: &str, lines: &[String]) -> String {
    let mut html = String::new();
    for line in lines {
        html.push('<');
        html.push_str(tag);
        html.push('>');
        push_escaped(&mut html, line);
        html.push_str("</");
        html.push_str(tag);
        html.push('>');
    }
    html
}

#[wasm_bindgen]
extern "C" {
    /// An event target, for its `id`.
    type Target;
    /// The target's `id`: nothing for a target that is not an element.
    #[wasm_bindgen(method, getter)]
    fn id(this: &Target) -> Option<String>;

    /// An event as the chart reads it: a keyboard event's key and modifiers, a pointer event's
    /// offset and related target. Read through getters that give nothing (or `NaN`, `false`)
    /// on another kind of event, such as a script's plain `new Event("keydown")`, instead of
    /// an `instanceof KeyboardEvent` or `MouseEvent` check (a JS import each) before reading.
    type ChartEvent;
    #[wasm_bindgen(method, getter)]
    fn key(this: &ChartEvent) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = altKey)]
    fn alt_key(this: &ChartEvent) -> bool;
    #[wasm_bindgen(method, getter, js_name = ctrlKey)]
    fn ctrl_key(this: &ChartEvent) -> bool;
    #[wasm_bindgen(method, getter, js_name = metaKey)]
    fn meta_key(this: &ChartEvent) -> bool;
    #[wasm_bindgen(method, getter, js_name = offsetX)]
    fn offset_x(this: &ChartEvent) -> f64;
    #[wasm_bindgen(method, getter, js_name = offsetY)]
    fn offset_y(this: &ChartEvent) -> f64;
    /// Where a pointer went (`pointerleave`): a node or nothing.
    #[wasm_bindgen(method, getter, js_name = relatedTarget)]
    fn related_target(this: &ChartEvent) -> Option<web_sys::Node>;
}

/// `ev` as a [`ChartEvent`] (any event: see there).
fn chart_event(ev: &Event) -> &ChartEvent {
    ev.unchecked_ref()
}

/// The pointer position in CSS pixels relative to the canvas, in whole pixels (as the `long`
/// `offsetX` and `offsetY` of the older DOM specification). Nothing for an event without
/// one (not a mouse or pointer event).
fn pointer_at(ev: &Event) -> Option<Pt> {
    let ev = chart_event(ev);
    let (x, y) = (ev.offset_x(), ev.offset_y());
    if x.is_nan() || y.is_nan() {
        return None;
    }
    // `as i32` truncates towards zero, as JS's conversion of a number to a `long` does.
    Some(Pt::new(f64::from(x as i32), f64::from(y as i32)))
}

/// Did a pointer leave towards `el` (or something inside it)?
fn went_into(ev: &Event, el: &HtmlElement) -> bool {
    chart_event(ev)
        .related_target()
        .is_some_and(|t| el.contains(Some(&t)))
}

/// Parses `YYYY-MM/YYYY-MM` (either end may be empty) into month indices of `months`.
fn parse_period(period: Option<&str>, months: &[Month]) -> crate::Result<Option<(usize, usize)>> {
    let Some(text) = period.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(None);
    };
    let bad = |why: String| {
        Error::new(
            ErrorKind::Usage,
            format!(
                "the period \"{text}\" {why}; write it as YYYY-MM/YYYY-MM within {} to {}",
                first, last
            ),
            Location::default(),
        )
    };
    let (a, b) = text
        .split_once('/')
        .ok_or_else(|| bad("has no \"/\" between its first and last month".into()))?;
    let index = |s: &str, dflt: usize| -> crate::Result<usize> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(dflt);
        }
        let m = Month::parse(s).map_err(|e| bad(format!("is not valid ({e})")))?;
        let i = m.since(*first);
        if i < 0 || i as usize >= months.len() {
            return Err(bad(format!("names {m}, which has no data in the file")));
        }
        Ok(i as usize)
    };
    let (from, to) = (index(a, 0)?, index(b, months.len() - 1)?);
    if from > to {
        return Err(bad("ends before it starts".into()));
    }
    Ok(Some((from, to)))
}

/// Whether `query` matches in the window showing `node`.
fn media_matches(node: &web_sys::Node, query: &'static str) -> bool {
    thread_local! {
        /// One `MediaQueryList` per query, kept: `matchMedia` parses its query each call.
        static LISTS: RefCell<Vec<(&'static str, web_sys::MediaQueryList)>> =
            const { RefCell::new(Vec::new()) };
    }
    // `try_with`: see `LAST_PANIC` in the module root.
    LISTS
        .try_with(|lists| {
            let mut lists = lists.borrow_mut();
            if let Some((_, list)) = lists.iter().find(|(q, _)| *q == query) {
                return list.matches();
            }
            let Some(list) =
                super::canvas::window_of(node).map(|w| super::dom::match_media(&w, query))
            else {
                return false;
            };
            let matches = list.matches();
            lists.push((query, list));
            matches
        })
        .unwrap_or(false)
}

impl State {
    /// Any event of the shadow root (see [`ROOT_EVENTS`]), by type and target.
    fn on_event(&mut self, ev: &Event) -> Result<(), JsValue> {
        let id = ev
            .target()
            .and_then(|t| t.unchecked_into::<Target>().id())
            .unwrap_or_default();
        let kind = ev.type_();
        let canvas = id == "canvas";
        match kind.as_str() {
            "keydown" if canvas => {
                let keys = chart_event(ev);
                let Some(key) = keys.key() else {
                    return Ok(());
                };
                if keys.alt_key() || keys.ctrl_key() || keys.meta_key() {
                    return Ok(());
                }
                // Tab is not mapped: it leaves the chart.
                let Some(key) = key_from_dom(&key) else {
                    return Ok(());
                };
                ev.prevent_default();
                self.input(Input::Key(key))
            }
            "focus" if canvas => self.input(Input::FocusGained),
            "blur" if canvas => self.input(Input::FocusLost),
            "pointermove" | "click" if canvas => match pointer_at(ev) {
                Some(at) if kind == "click" => self.input(Input::Tap(at)),
                Some(at) => self.input(Input::PointerMoved(at)),
                None => Ok(()),
            },
            "pointerleave" if canvas => {
                let into_tooltip = went_into(ev, &self.els[Id::Tooltip]);
                self.input(Input::PointerLeft { into_tooltip })
            }
            "pointerleave" if id == "tooltip" => {
                let into_chart = went_into(ev, self.els.canvas());
                self.input(Input::TooltipLeft { into_chart })
            }
            "click" => match id.as_str() {
                "table-toggle" => self.toggle_table(),
                "csv" => {
                    self.download_csv();
                    Ok(())
                }
                "png" => {
                    self.download_png();
                    Ok(())
                }
                _ => Ok(()),
            },
            "change" if id == "from" || id == "to" => self.period_changed(id == "from"),
            _ => Ok(()),
        }
    }

    /// A key pressed anywhere in the document: Escape dismisses a hover tooltip.
    fn on_document_key(&mut self, ev: &Event) -> Result<(), JsValue> {
        let is_escape = chart_event(ev).key().is_some_and(|k| k == "Escape");
        if is_escape && self.view.tooltip.is_some() && !self.view.focused {
            self.input(Input::Key(crate::interact::Key::Escape))?;
        }
        Ok(())
    }

    /// Analyses the series if it is not the one shown, and writes the words into the DOM.
    fn select(
        &mut self,
        ds: &std::rc::Rc<Dataset>,
        measure: &str,
        area: Option<&str>,
        profile: Option<&str>,
    ) -> crate::Result<()> {
        let measure = match measure.trim() {
            "" => ds.measures.first().map(|m| m.id.as_str()).unwrap_or(""),
            m => m,
        };
        let area = match area.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => a.to_string(),
            None => ds
                .force()
                .or(ds.areas.first())
                .map(|a| a.code.clone())
                .unwrap_or_default(),
        };
        let profile = match profile.map(str::trim).filter(|p| !p.is_empty()) {
            None => Profile::default(),
            Some(p) => Profile::parse(p).ok_or_else(|| {
                Error::new(
                    ErrorKind::Usage,
                    format!(
                        "the profile \"{p}\" is not known; use mdc, nhsr, powerbi or qicharts2"
                    ),
                    Location::default(),
                )
            })?,
        };
        let key = (measure.to_string(), area.clone(), profile);
        if self
            .shown
            .as_ref()
            .is_some_and(|s| s.key == key && std::rc::Rc::ptr_eq(&s.dataset, ds))
        {
            return Ok(());
        }
        let data = ChartData::from_dataset(ds, measure, &area, profile)?;
        let m = model::analyse::find_measure(ds, measure)?;
        // Made safe for a file name by dom::download.
        let file_name = format!("pcc-spc-{}-{}", m.id, area);
        self.table_written = self.write_words(&data).map_err(|_| {
            Error::new(
                ErrorKind::Invalid,
                "the page refused an update",
                Location::default(),
            )
        })?;
        self.view = View::default();
        self.drawn = None;
        self.shown = Some(Shown {
            dataset: ds.clone(),
            key,
            data,
            file_name,
        });
        Ok(())
    }

    /// Title, subtitle, summary, source, period control, and the data table when it is open.
    /// Whether the table was written.
    fn write_words(&self, data: &ChartData) -> Result<bool, JsValue> {
        let e = &self.els;
        e[Id::Title].set_text_content(Some(&data.title));
        e[Id::Subtitle].set_text_content(Some(&describe::subtitle(data)));
        e[Id::Summary].set_text_content(Some(&describe::summary(data)));
        e[Id::Source].set_text_content(Some(&data.source));
        set_attribute(e.canvas(), "aria-label", &describe::accessible_name(data));
        let notes = describe::reader_notes(data);
        e[Id::Notes].set_hidden(notes.is_empty());
        e[Id::Notes].set_inner_html(&tagged("li", &notes));
        e[Id::Caption].set_text_content(Some(&format!("{}: every month", data.title)));
        // Notes, period control and table: each written with one `innerHTML` (escaped text),
        // not a wasm → JS call per element, attribute and text.
        let mut html = String::with_capacity(data.months.len() * 40);
        for m in &data.months {
            html.push_str("<option value=\"");
            push_escaped(&mut html, &m.to_string());
            html.push_str("\">");
            push_escaped(&mut html, &m.short_label());
            html.push_str("</option>");
        }
        e.select(Id::From).set_inner_html(&html);
        e.select(Id::To).set_inner_html(&html);
        // The table is written when it is first opened (see `write_table`); rows of another
        // series must not linger in it meanwhile.
        if !self.table_open {
            e[Id::Thead].set_text_content(None);
            e[Id::Tbody].set_text_content(None);
            Ok(false)
        } else {
            self.write_table(data)?;
            Ok(true)
        }
    }

    /// The data table, one row per month. Written when the table is first opened, not with
    /// the chart: it is hidden until then (so neither seen nor read out), and its words and
    /// markup are a good part of a first render's work.
    fn write_table(&self, data: &ChartData) -> Result<(), JsValue> {
        let e = &self.els;
        let mut html = String::with_capacity(data.months.len() * 200);
        html.push_str("<tr>");
        for h in describe::TABLE_HEADERS {
            html.push_str("<th scope=\"col\">");
            push_escaped(&mut html, h);
            html.push_str("</th>");
        }
        html.push_str("</tr>");
        e[Id::Thead].set_inner_html(&html);
        html.clear();
        for r in &describe::table_rows(data) {
            html.push_str("<tr><th scope=\"row\">");
            push_escaped(&mut html, &r.month);
            html.push_str("</th>");
            for cell in [&r.value, &r.mean, &r.lower, &r.upper] {
                html.push_str("<td>");
                push_escaped(&mut html, cell);
                html.push_str("</td>");
            }
            html.push_str("<td class=\"class\">");
            push_escaped(&mut html, &r.class);
            html.push_str("</td><td class=\"notes\">");
            push_escaped(&mut html, &r.notes);
            html.push_str("</td></tr>");
        }
        e[Id::Tbody].set_inner_html(&html);
        Ok(())
    }

    /// Opens or closes the data table, writing it first if it is not written yet.
    fn toggle_table(&mut self) -> Result<(), JsValue> {
        let open = !self.table_open;
        if open && !self.table_written {
            if let Some(shown) = &self.shown {
                self.write_table(&shown.data)?;
                self.table_written = true;
            }
        }
        self.table_open = open;
        self.els[Id::TableWrap].set_hidden(!open);
        set_attribute(
            &self.els[Id::TableToggle],
            "aria-expanded",
            if open { "true" } else { "false" },
        );
        self.els[Id::TableToggle].set_text_content(Some(if open {
            "Hide data table"
        } else {
            "Show data table"
        }));
        Ok(())
    }

    /// Sets the months shown and the period control.
    fn set_period(&mut self, range: Option<(usize, usize)>) {
        let n = self.shown.as_ref().map_or(0, |s| s.data.months.len());
        if n == 0 {
            return;
        }
        let (a, b) = range.unwrap_or((0, n - 1));
        self.els.select(Id::From).set_selected_index(a as i32);
        self.els.select(Id::To).set_selected_index(b as i32);
        self.options.period = range.filter(|&r| r != (0, n - 1));
    }

    /// The period control changed; keeps first ≤ last by moving the other end.
    fn period_changed(&mut self, from_moved: bool) -> Result<(), JsValue> {
        let (mut a, mut b) = (
            self.els.select(Id::From).selected_index().max(0) as usize,
            self.els.select(Id::To).selected_index().max(0) as usize,
        );
        if a > b {
            if from_moved {
                b = a;
            } else {
                a = b;
            }
        }
        self.set_period(Some((a, b)));
        self.draw()?;
        let shown = self.shown.as_ref();
        if let Some(s) = shown {
            let text = format!(
                "Showing {} to {}.",
                s.data.months[a].long_label(),
                s.data.months[b].long_label()
            );
            self.els[Id::Live].set_text_content(Some(&text));
        }
        Ok(())
    }

    /// Lays the chart out for the canvas's CSS width and paints it.
    fn draw(&mut self) -> Result<(), JsValue> {
        let Some(shown) = &self.shown else {
            return Ok(());
        };
        let matches = |query| media_matches(self.els.canvas(), query);
        self.options.dark = matches("(prefers-color-scheme: dark)");
        self.options.high_contrast =
            matches("(forced-colors: active)") || matches("(prefers-contrast: more)");
        let mut width = width_of(&self.els.canvas().get_bounding_client_rect()).floor();
        if width < 1.0 {
            return Ok(()); // not laid out (hidden); the ResizeObserver calls again
        }
        let dpr = super::canvas::device_pixel_ratio(self.els.canvas());
        if self.scene.is_some()
            && self
                .drawn
                .as_ref()
                .is_some_and(|(w, d, o)| *w == width && *d == dpr && *o == self.options)
        {
            // Nothing changed since the last draw: e.g. the ResizeObserver seeing the width
            // this draw already settled on (below).
            return Ok(());
        }
        self.canvas_height =
            chart::preferred_height(&shown.data, &self.options, width, &self.text).round();
        self.write_position(&self.tooltip_rule());
        // The new height can add or remove the page's scrollbar and so change the width. The
        // browser lays the page out for the new height before painting anyway; reading the
        // width now (a small layout: only the height changed) lets the first frame show the
        // chart at its final width, instead of squashed for a frame and then drawn again.
        let settled = width_of(&self.els.canvas().get_bounding_client_rect()).floor();
        if settled >= 1.0 && settled != width {
            width = settled;
            self.canvas_height =
                chart::preferred_height(&shown.data, &self.options, width, &self.text).round();
            self.write_position(&self.tooltip_rule());
        }
        // The canvas is `width` wide and as tall as its stylesheet now says (border-box).
        let Some(size) = CanvasSize::set(self.els.canvas(), width, self.canvas_height) else {
            return Ok(());
        };
        self.size = Some(size);
        self.drawn = Some((width, dpr, self.options.clone()));
        let scene = chart::layout(
            &shown.data,
            &self.options,
            Size::new(size.width, size.height),
            &self.text,
        );
        // The cursor stays inside the months shown; a tooltip for a month gone is hidden.
        let out = self.view.scene_changed(&scene);
        self.scene = Some(scene);
        self.apply(out)
    }

    /// Paints the laid-out scene and the cursor.
    fn paint(&self, size: CanvasSize) -> Result<(), JsValue> {
        let Some(scene) = &self.scene else {
            return Ok(());
        };
        let area = DprCanvas::new(self.els.canvas(), size)?.into_drawing_area();
        let fail = |e: plotters::drawing::DrawingAreaErrorKind<super::canvas::CanvasError>| {
            JsValue::from_str(&format!("pcc-spc: painting failed: {e}"))
        };
        chart::paint(scene, &area).map_err(fail)?;
        if let Some(i) = self.view.highlighted() {
            chart::paint_cursor(scene, i, &area).map_err(fail)?;
        }
        Ok(())
    }

    fn repaint(&self) -> Result<(), JsValue> {
        // The size of the last draw: a resize always draws again (the ResizeObserver).
        match self.size {
            Some(size) => self.paint(size),
            None => Ok(()),
        }
    }

    /// Feeds one input to the state machine and applies the outcome.
    fn input(&mut self, input: Input) -> Result<(), JsValue> {
        let Some(scene) = &self.scene else {
            return Ok(());
        };
        let out: Outcome = self.view.apply(input, scene);
        self.apply(out)
    }

    /// Applies what the state machine asks for: repaint, announce, tooltip.
    fn apply(&mut self, out: Outcome) -> Result<(), JsValue> {
        if out.repaint {
            self.repaint()?;
        }
        if let (Some(i), Some(shown)) = (out.announce, &self.shown) {
            let sentence = describe::point_sentence(&shown.data, i);
            self.els[Id::Live].set_text_content(Some(&sentence));
        }
        match out.tooltip {
            Some(TooltipChange::Show(i)) => self.show_tooltip(i),
            Some(TooltipChange::Hide) => self.els[Id::Tooltip].set_hidden(true),
            None => {}
        }
        Ok(())
    }

    /// Fills the tooltip for month `i` and places it beside the point, inside the plot.
    fn show_tooltip(&self, i: usize) {
        let (Some(shown), Some(_)) = (&self.shown, &self.scene) else {
            return;
        };
        let tip = &self.els[Id::Tooltip];
        tip.set_inner_html(&tagged("p", &describe::tooltip_lines(&shown.data, i)));
        tip.set_hidden(false);
        self.write_position(&self.tooltip_rule_for(i));
    }

    /// Writes this chart's own stylesheet: the canvas height the layout asked for and the
    /// tooltip's place. A stylesheet, not `style` attributes, so `style-src 'self'` suffices.
    fn write_position(&self, tooltip_rule: &str) {
        replace_sync(
            &self.els.position,
            &format!(
                "#canvas{{height:{}px}}{tooltip_rule}",
                crate::text::display(self.canvas_height)
            ),
        );
    }

    /// The tooltip's position rule for the current tooltip (empty when none is open).
    fn tooltip_rule(&self) -> String {
        match self.view.tooltip {
            Some(t) => self.tooltip_rule_for(t.index),
            None => String::new(),
        }
    }

    /// Places the tooltip beside point `i` where the layout says (never over the point or
    /// the cursor ring, inside the chart).
    fn tooltip_rule_for(&self, i: usize) -> String {
        let Some(scene) = &self.scene else {
            return String::new();
        };
        let tip = self.els[Id::Tooltip].get_bounding_client_rect();
        match chart::tooltip_anchor(scene, i, Size::new(width_of(&tip), height_of(&tip))) {
            Some(at) => format!(
                "#tooltip{{left:{}px;top:{}px}}",
                crate::text::display(at.x.round()),
                crate::text::display(at.y.round())
            ),
            None => String::new(),
        }
    }

    fn download_csv(&self) {
        let Some(shown) = &self.shown else {
            return;
        };
        let name = format!("{}.csv", shown.file_name);
        let url = super::dom::csv_data_url(&describe::csv(&shown.data));
        self.els.download(&url, &name);
    }

    fn download_png(&self) {
        let Some(shown) = &self.shown else {
            return;
        };
        let url = super::dom::png_data_url(self.els.canvas());
        self.els.download(&url, &format!("{}.png", shown.file_name));
    }
}
