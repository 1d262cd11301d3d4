//! [`AreaBreakdown`]: one `<pcc-area-breakdown>`'s state, listeners and drawing — for one
//! measure, the comparisons of every area (table, ranked bars, choropleth map) and an SPC
//! chart per area (small multiples).
//!
//! Geometry and words come from the pure modules (`areas`, `map`, `chart`); this module only
//! writes them into the shadow DOM, paints the canvases through the DPR canvas backend, and
//! turns keyboard and pointer events into moves between areas. Activating an area (Enter, or
//! a click on the map, a bar or a chart) dispatches a `pcc-area-select` event
//! (`detail: {measure, area, name}`) that the host page can answer, e.g. by pointing a
//! `<pcc-spc-chart>` at that area. Changing the period or the colouring with the element's
//! own controls dispatches `pcc-breakdown-change` (`detail: {measure, period, colour}`), so a
//! page can keep the view in its URL.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::{
    CssStyleSheet, Event, EventTarget, HtmlButtonElement, HtmlCanvasElement, HtmlElement,
    HtmlSelectElement, KeyboardEvent, MouseEvent, ShadowRoot,
};

use super::canvas::{CanvasSize, DprCanvas};
use super::dom::append;
use super::text::CanvasText;
use super::{js_error, PublishedData};
use crate::areas::bars::{ranked_bars, Bars};
use crate::areas::multiples::{small_multiples, Multiples};
use crate::areas::{compare, Aggregate, Comparison, PeriodKind};
use crate::chart::{self, ChartOptions};
use crate::map::paint::{paint_badge, paint_bars, paint_map, paint_swatch, MapInk};
use crate::map::{map_scene, Arrow, Colouring, MapScene};
use crate::model::Dataset;
use crate::spc::{PccClass, Profile};
use crate::{Error, ErrorKind, Location};

const SKELETON: &str = include_str!("breakdown.html");
const STYLE: &str = include_str!("style.css");
const EXTRA: &str = include_str!("breakdown.css");

thread_local! {
    /// One parsed stylesheet shared by every breakdown on the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

fn shared_sheet() -> Result<CssStyleSheet, JsValue> {
    // `try_with`: see `LAST_PANIC` in the module root.
    if let Some(sheet) = SHEET.try_with(|cell| cell.borrow().clone()).ok().flatten() {
        return Ok(sheet);
    }
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(&format!("{STYLE}\n{EXTRA}"))?;
    let _ = SHEET.try_with(|cell| *cell.borrow_mut() = Some(sheet.clone()));
    Ok(sheet)
}

fn find<T: JsCast>(root: &ShadowRoot, id: &str) -> Result<T, JsValue> {
    root.get_element_by_id(id)
        .and_then(|e| e.dyn_into::<T>().ok())
        .ok_or_else(|| JsValue::from_str(&format!("pcc-spc: element #{id} missing")))
}

struct Els {
    root: ShadowRoot,
    section: HtmlElement,
    title: HtmlElement,
    subtitle: HtmlElement,
    period: HtmlSelectElement,
    colour: HtmlSelectElement,
    map: HtmlCanvasElement,
    tip: HtmlElement,
    legend_title: HtmlElement,
    legend: HtmlElement,
    bars_title: HtmlElement,
    bars: HtmlCanvasElement,
    caption: HtmlElement,
    thead: HtmlElement,
    tbody: HtmlElement,
    notes: HtmlElement,
    csv: HtmlButtonElement,
    png_map: HtmlButtonElement,
    png_charts: HtmlButtonElement,
    multiples: HtmlCanvasElement,
    source: HtmlElement,
    live: HtmlElement,
    error: HtmlElement,
    /// Sizes and the tooltip position, as rules (no `style` attributes: CSP-friendly).
    position: CssStyleSheet,
}

impl Els {
    fn build(root: &ShadowRoot) -> Result<Els, JsValue> {
        root.set_inner_html(SKELETON);
        let position = CssStyleSheet::new()?;
        let shared = shared_sheet()?;
        root.set_adopted_style_sheets(&js_sys::Array::of2(&shared, &position));
        Ok(Els {
            root: root.clone(),
            section: root
                .first_element_child()
                .and_then(|e| e.dyn_into().ok())
                .ok_or_else(|| JsValue::from_str("pcc-spc: breakdown skeleton missing"))?,
            title: find(root, "b-title")?,
            subtitle: find(root, "b-subtitle")?,
            period: find(root, "b-period")?,
            colour: find(root, "b-colour")?,
            map: find(root, "b-map")?,
            tip: find(root, "b-tip")?,
            legend_title: find(root, "b-legend-title")?,
            legend: find(root, "b-legend")?,
            bars_title: find(root, "b-bars-title")?,
            bars: find(root, "b-bars")?,
            caption: find(root, "b-caption")?,
            thead: find(root, "b-thead")?,
            tbody: find(root, "b-tbody")?,
            notes: find(root, "b-notes")?,
            csv: find(root, "b-csv")?,
            png_map: find(root, "b-png-map")?,
            png_charts: find(root, "b-png-charts")?,
            multiples: find(root, "b-multiples")?,
            source: find(root, "b-source")?,
            live: find(root, "b-live")?,
            error: find(root, "error")?,
            position,
        })
    }
}

/// What is shown.
struct Shown {
    data: Rc<Dataset>,
    measure: String,
    profile: Profile,
    kind: PeriodKind,
    by_spc: bool,
    comparison: Comparison,
    /// SPC class per area, from the small multiples' analyses.
    classes: BTreeMap<String, Option<PccClass>>,
}

struct State {
    els: Els,
    text: CanvasText,
    shown: Option<Shown>,
    map: Option<MapScene>,
    bars: Option<Bars>,
    multiples: Option<Multiples>,
    map_focus: Option<usize>,
    bar_focus: Option<usize>,
    cell_focus: Option<usize>,
    /// The canvas-size rules of the position sheet (the tooltip's rule is added to them).
    size_rules: String,
    /// What the small multiples were laid out for: (data, measure, profile, width, dark,
    /// high contrast).
    multiples_key: Option<(usize, String, Profile, u64, bool, bool)>,
}

/// One breakdown in a shadow root. The loader creates one per `<pcc-area-breakdown>`.
#[wasm_bindgen]
pub struct AreaBreakdown {
    state: Rc<RefCell<State>>,
    listeners: super::dom::Listeners,
}

fn usage(message: String) -> Error {
    Error::new(ErrorKind::Usage, message, Location::default())
}

fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

fn high_contrast() -> bool {
    media_matches("(forced-colors: active)") || media_matches("(prefers-contrast: more)")
}

fn ink() -> MapInk {
    MapInk::for_scheme(
        media_matches("(prefers-color-scheme: dark)"),
        high_contrast(),
    )
}

#[wasm_bindgen]
impl AreaBreakdown {
    /// Builds the breakdown's DOM in `root` and starts listening to its controls.
    #[wasm_bindgen(constructor)]
    pub fn new(root: ShadowRoot) -> Result<AreaBreakdown, JsValue> {
        let els = Els::build(&root)?;
        let text = CanvasText::new(&els.map)?;
        for kind in PeriodKind::ALL {
            let o = append(&els.period, "option", Some(kind.label()))?;
            o.set_attribute("value", kind.as_str())?;
        }
        let state = Rc::new(RefCell::new(State {
            els,
            text,
            shown: None,
            map: None,
            bars: None,
            multiples: None,
            map_focus: None,
            bar_focus: None,
            cell_focus: None,
            size_rules: String::new(),
            multiples_key: None,
        }));
        let mut b = AreaBreakdown {
            state,
            listeners: super::dom::Listeners::default(),
        };
        b.listen()?;
        Ok(b)
    }

    /// Shows `measure` (the first when empty) compared over `period` (`quarter`, `3m`,
    /// `12m` or `fytd`; `fytd` when absent), the map coloured by `colour` (`rate` or `spc`),
    /// SPC charts with the rules of `profile` (`mdc` when absent).
    pub fn show(
        &self,
        data: &PublishedData,
        measure: &str,
        period: Option<String>,
        colour: Option<String>,
        profile: Option<String>,
    ) -> Result<(), JsValue> {
        let ds = Rc::clone(&data.dataset);
        let measure = match measure.trim() {
            "" => ds
                .measures
                .first()
                .map(|m| m.id.clone())
                .unwrap_or_default(),
            m => m.to_string(),
        };
        let kind = match period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => PeriodKind::FinancialYearToDate,
            Some(p) => PeriodKind::parse(p).ok_or_else(|| {
                js_error(&usage(format!(
                    "the period \"{p}\" is not known; use quarter, 3m, 12m or fytd"
                )))
            })?,
        };
        let by_spc = match colour.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None | Some("rate") => false,
            Some("spc") => true,
            Some(c) => {
                return Err(js_error(&usage(format!(
                    "the colour \"{c}\" is not known; use rate or spc"
                ))))
            }
        };
        let profile = match profile.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => Profile::default(),
            Some(p) => Profile::parse(p).ok_or_else(|| {
                js_error(&usage(format!(
                    "the profile \"{p}\" is not known; use mdc, nhsr, powerbi or qicharts2"
                )))
            })?,
        };
        let mut st = self.state.borrow_mut();
        st.select(ds, &measure, kind, by_spc, profile)
            .map_err(|e| js_error(&e))?;
        st.els.error.set_hidden(true);
        st.els.section.set_hidden(false);
        st.draw()
    }

    /// Redraws at the current size, device pixel ratio and colour scheme.
    pub fn resize(&self) -> Result<(), JsValue> {
        self.state.borrow_mut().draw()
    }

    /// Removes every listener this breakdown added.
    pub fn destroy(&mut self) {
        self.listeners.remove_all();
    }
}

impl Drop for AreaBreakdown {
    fn drop(&mut self) {
        self.destroy();
    }
}

fn key_of(ev: &Event) -> Option<String> {
    let k = ev.dyn_ref::<KeyboardEvent>()?;
    if k.alt_key() || k.ctrl_key() || k.meta_key() {
        return None;
    }
    Some(k.key())
}

fn pointer_at(ev: &Event) -> Option<(f64, f64)> {
    let ev = ev.dyn_ref::<MouseEvent>()?;
    Some((f64::from(ev.offset_x()), f64::from(ev.offset_y())))
}

impl AreaBreakdown {
    fn on(
        &mut self,
        target: &EventTarget,
        kind: &'static str,
        handler: impl Fn(&mut State, &Event) -> Result<(), JsValue> + 'static,
    ) -> Result<(), JsValue> {
        self.listeners.on(&self.state, target, kind, handler)
    }

    fn listen(&mut self) -> Result<(), JsValue> {
        // The state's Rc, cloned, so its elements can be borrowed while `self.on` adds
        // listeners (no handler runs before this returns).
        let state = Rc::clone(&self.state);
        let st = state.borrow();
        let e = &st.els;
        self.on(&e.period, "change", |st, _| {
            let Some(kind) = PeriodKind::parse(&st.els.period.value()) else {
                return Ok(());
            };
            st.reselect(Some(kind), None)
        })?;
        self.on(&e.colour, "change", |st, _| {
            let spc = st.els.colour.value() == "spc";
            st.reselect(None, Some(spc))
        })?;
        self.on(&e.csv, "click", |st, _| st.download_csv())?;
        self.on(&e.png_map, "click", |st, _| {
            st.download_png(&st.els.map, "map")
        })?;
        self.on(&e.png_charts, "click", |st, _| {
            st.download_png(&st.els.multiples, "charts")
        })?;

        // Map: arrows move between areas, Enter opens one.
        self.on(&e.map, "keydown", |st, ev| {
            let Some(key) = key_of(ev) else { return Ok(()) };
            let Some(scene) = &st.map else { return Ok(()) };
            let from = st.map_focus;
            let to = match (key.as_str(), from) {
                ("ArrowRight", Some(i)) => scene.towards(i, Arrow::Right).or(Some(i)),
                ("ArrowLeft", Some(i)) => scene.towards(i, Arrow::Left).or(Some(i)),
                ("ArrowUp", Some(i)) => scene.towards(i, Arrow::Up).or(Some(i)),
                ("ArrowDown", Some(i)) => scene.towards(i, Arrow::Down).or(Some(i)),
                ("ArrowRight" | "ArrowLeft" | "ArrowUp" | "ArrowDown", None) => scene.next(None),
                ("Home", _) => scene.next(None),
                ("End", _) => scene.prev(None),
                ("Enter" | " ", Some(i)) => {
                    ev.prevent_default();
                    let code = scene.areas[i].code.clone();
                    return st.activate(&code);
                }
                ("Escape", _) => {
                    st.els.tip.set_hidden(true);
                    return Ok(());
                }
                _ => return Ok(()),
            };
            ev.prevent_default();
            st.focus_map(to, true)
        })?;
        self.on(&e.map, "focus", |st, _| {
            let first = st.map.as_ref().and_then(|s| s.next(None));
            let to = st.map_focus.or(first);
            st.focus_map(to, true)
        })?;
        self.on(&e.map, "blur", |st, _| {
            st.els.tip.set_hidden(true);
            st.map_focus = None;
            st.paint_map()
        })?;
        self.on(&e.map, "pointermove", |st, ev| {
            let Some(p) = pointer_at(ev) else {
                return Ok(());
            };
            let hit = st.map.as_ref().and_then(|s| s.hit(p));
            if hit != st.map_focus {
                st.focus_map(hit, false)?;
            }
            Ok(())
        })?;
        self.on(&e.map, "pointerleave", |st, _| {
            st.els.tip.set_hidden(true);
            Ok(())
        })?;
        self.on(&e.map, "click", |st, ev| {
            let Some(p) = pointer_at(ev) else {
                return Ok(());
            };
            let hit = st
                .map
                .as_ref()
                .and_then(|s| s.hit(p).map(|i| s.areas[i].code.clone()));
            match hit {
                Some(code) => st.activate(&code),
                None => Ok(()),
            }
        })?;

        // Ranked bars: up and down move between rows.
        self.on(&e.bars, "keydown", |st, ev| {
            let Some(key) = key_of(ev) else { return Ok(()) };
            let n = st.bars.as_ref().map_or(0, |b| b.rows.len());
            if n == 0 {
                return Ok(());
            }
            let to = match (key.as_str(), st.bar_focus) {
                ("ArrowDown", Some(i)) => (i + 1).min(n - 1),
                ("ArrowUp", Some(i)) => i.saturating_sub(1),
                ("ArrowDown" | "ArrowUp" | "Home", _) => 0,
                ("End", _) => n - 1,
                ("Enter" | " ", Some(i)) => {
                    ev.prevent_default();
                    let code = st
                        .bars
                        .as_ref()
                        .map(|b| b.rows[i].code.clone())
                        .unwrap_or_default();
                    return st.activate(&code);
                }
                _ => return Ok(()),
            };
            ev.prevent_default();
            st.focus_bar(Some(to))
        })?;
        self.on(&e.bars, "blur", |st, _| st.focus_bar(None))?;
        self.on(&e.bars, "click", |st, ev| {
            let Some((_, y)) = pointer_at(ev) else {
                return Ok(());
            };
            let code = st
                .bars
                .as_ref()
                .and_then(|b| b.row_at(y).map(|i| b.rows[i].code.clone()));
            match code {
                Some(code) => st.activate(&code),
                None => Ok(()),
            }
        })?;

        // Small multiples: arrows move by cell and by row.
        self.on(&e.multiples, "keydown", |st, ev| {
            let Some(key) = key_of(ev) else { return Ok(()) };
            let Some(g) = &st.multiples else {
                return Ok(());
            };
            let from = st.cell_focus;
            let to = match (key.as_str(), from) {
                ("ArrowRight", f) => g.next(f),
                ("ArrowLeft", f) => g.prev(f),
                ("ArrowDown", Some(i)) => g.below(i).or(Some(i)),
                ("ArrowUp", Some(i)) => g.above(i).or(Some(i)),
                ("ArrowDown" | "ArrowUp" | "Home", None) | ("Home", _) => g.next(None),
                ("End", _) => g.prev(None),
                ("Enter" | " ", Some(i)) => {
                    ev.prevent_default();
                    let code = g.cells[i].code.clone();
                    return st.activate(&code);
                }
                _ => return Ok(()),
            };
            ev.prevent_default();
            st.focus_cell(to)
        })?;
        self.on(&e.multiples, "blur", |st, _| st.focus_cell(None))?;
        self.on(&e.multiples, "click", |st, ev| {
            let Some((x, y)) = pointer_at(ev) else {
                return Ok(());
            };
            let code = st
                .multiples
                .as_ref()
                .and_then(|g| g.cell_at(x, y).map(|i| g.cells[i].code.clone()));
            match code {
                Some(code) => st.activate(&code),
                None => Ok(()),
            }
        })?;
        Ok(())
    }
}

impl State {
    fn select(
        &mut self,
        data: Rc<Dataset>,
        measure: &str,
        kind: PeriodKind,
        by_spc: bool,
        profile: Profile,
    ) -> crate::Result<()> {
        let comparison = compare(&data, measure, kind, None)?;
        // Rates need counts: a percentage or a time is coloured by its SPC class.
        let by_spc = by_spc || comparison.aggregate != Aggregate::Sum;
        self.shown = Some(Shown {
            data,
            measure: measure.to_string(),
            profile,
            kind,
            by_spc,
            comparison,
            classes: BTreeMap::new(),
        });
        self.map_focus = None;
        self.bar_focus = None;
        self.cell_focus = None;
        self.write_words().map_err(|_| {
            Error::new(
                ErrorKind::Invalid,
                "the page refused an update",
                Location::default(),
            )
        })
    }

    fn reselect(&mut self, kind: Option<PeriodKind>, by_spc: Option<bool>) -> Result<(), JsValue> {
        let Some(s) = &self.shown else { return Ok(()) };
        let (data, measure, profile) = (Rc::clone(&s.data), s.measure.clone(), s.profile);
        let kind = kind.unwrap_or(s.kind);
        let by_spc = by_spc.unwrap_or(s.by_spc);
        self.select(data, &measure, kind, by_spc, profile)
            .map_err(|e| js_error(&e))?;
        self.draw()?;
        let announce = self.shown.as_ref().map(|s| {
            format!(
                "Showing {}: {}",
                s.comparison.periods.current_label(),
                if s.by_spc {
                    "map coloured by SPC class"
                } else {
                    "map coloured by rate per 1,000 residents"
                }
            )
        });
        self.els.live.set_text_content(announce.as_deref());
        // Tell the host, so a page can keep the view in its URL (deep links).
        if let Some(s) = &self.shown {
            let detail = js_sys::Object::new();
            js_sys::Reflect::set(&detail, &"measure".into(), &s.measure.as_str().into())?;
            js_sys::Reflect::set(&detail, &"period".into(), &s.kind.as_str().into())?;
            let colour = if s.by_spc { "spc" } else { "rate" };
            js_sys::Reflect::set(&detail, &"colour".into(), &colour.into())?;
            self.dispatch("pcc-breakdown-change", &detail)?;
        }
        Ok(())
    }

    /// Title, controls, table, notes and source.
    fn write_words(&self) -> Result<(), JsValue> {
        let Some(s) = &self.shown else { return Ok(()) };
        let c = &s.comparison;
        let e = &self.els;
        e.title
            .set_text_content(Some(&format!("{}: by area", c.measure_name)));
        e.subtitle.set_text_content(Some(&format!(
            "{} compared with {}.",
            c.periods.current_label(),
            c.periods.base_label()
        )));
        e.period.set_value(s.kind.as_str());
        e.colour.set_value(if s.by_spc { "spc" } else { "rate" });
        let rate_option = e.root.query_selector("#b-colour option[value=rate]")?;
        if let Some(o) = rate_option {
            if c.aggregate == Aggregate::Sum {
                o.remove_attribute("disabled")?;
            } else {
                o.set_attribute("disabled", "")?;
            }
        }
        let md = &s.data.metadata;
        e.source
            .set_text_content(Some(&crate::chart::source_line(&md.source, &md.licence)));

        let t = c.table();
        e.caption.set_text_content(Some(&t.caption));
        e.thead.set_text_content(None);
        let tr = append(&e.thead, "tr", None)?;
        for h in &t.headers {
            let th = append(&tr, "th", Some(h))?;
            th.set_attribute("scope", "col")?;
        }
        e.tbody.set_text_content(None);
        for row in &t.rows {
            let tr = append(&e.tbody, "tr", None)?;
            if row.is_force {
                tr.set_class_name("force");
            }
            for (i, cell) in row.cells.iter().enumerate() {
                let el = append(&tr, if i == 0 { "th" } else { "td" }, Some(&cell.text))?;
                if i == 0 {
                    el.set_attribute("scope", "row")?;
                }
            }
        }
        e.notes.set_text_content(None);
        for f in &t.footnotes {
            append(&e.notes, "li", Some(f))?;
        }
        e.notes.set_hidden(t.footnotes.is_empty());
        Ok(())
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        let Some(s) = &mut self.shown else {
            return Ok(());
        };
        let width = self
            .els
            .section
            .get_bounding_client_rect()
            .width()
            .floor()
            .max(280.0);
        let dark = media_matches("(prefers-color-scheme: dark)");
        let high_contrast = high_contrast();
        let opts = ChartOptions {
            dark,
            high_contrast,
            compact: true,
            ..ChartOptions::default()
        };
        // Small multiples first: their analyses give the SPC classes of the map. They depend
        // on the measure, the rules, the width and the theme only, so a period or colouring
        // change reuses them (and does not repaint their canvas).
        let key = (
            Rc::as_ptr(&s.data) as usize,
            s.measure.clone(),
            s.profile,
            width.to_bits(),
            dark,
            high_contrast,
        );
        let reuse = self.multiples_key.as_ref() == Some(&key) && self.multiples.is_some();
        let g = match self.multiples.take() {
            Some(g) if reuse => g,
            _ => small_multiples(&s.data, &s.measure, s.profile, &opts, width, &self.text)
                .map_err(|e| js_error(&e))?,
        };
        self.multiples_key = Some(key);
        s.classes = g
            .cells
            .iter()
            .map(|c| {
                let class = c
                    .chart
                    .as_ref()
                    .and_then(|(d, _)| d.analysis.pcc_class.clone());
                (c.code.clone(), class)
            })
            .collect();
        let map_h = (width * 0.72).clamp(220.0, 560.0);
        let colouring = if s.by_spc {
            Colouring::Spc(&s.classes)
        } else {
            Colouring::Rate(&s.comparison)
        };
        let mut scene = map_scene(&s.data.areas, colouring, width, map_h);
        if high_contrast {
            if let Some(sc) = scene.as_mut() {
                sc.monochrome(dark);
            }
        }
        let bars = ranked_bars(&s.comparison, width, &self.text);
        let mut rules = format!(
            "#b-bars {{ height: {}px; }}\n#b-multiples {{ height: {}px; }}\n",
            bars.height.max(1.0),
            g.height.max(1.0)
        );
        match &scene {
            Some(_) => rules.push_str(&format!("#b-map {{ height: {map_h}px; }}\n")),
            None => rules.push_str("#b-map { display: none; }\n"),
        }
        self.els.position.replace_sync(&rules)?;
        self.size_rules = rules;

        // Words that depend on the layout.
        let e = &self.els;
        e.bars_title.set_text_content(Some(&bars.title));
        e.bars.set_attribute(
            "aria-label",
            &format!(
                "Ranked bars: {}. The comparison table has the same figures.",
                bars.title
            ),
        )?;
        e.multiples.set_attribute(
            "aria-label",
            &format!(
                "SPC charts of {} areas: {}",
                g.cells.len(),
                g.cells
                    .iter()
                    .map(|c| format!("{}: {}", c.name, c.badge.text))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )?;
        e.legend.set_text_content(None);
        match &scene {
            Some(sc) => {
                e.legend_title.set_text_content(Some(&sc.legend_title));
                e.map.set_attribute(
                    "aria-label",
                    &format!("Map of the areas: {}. Arrow keys move between areas.", sc.legend_title),
                )?;
            }
            None => e.legend_title.set_text_content(Some(
                "The data file has no area boundaries, so there is no map; the table below compares the areas.",
            )),
        }
        // No boundaries, no map: nothing to download either.
        e.png_map.set_hidden(scene.is_none());
        self.map = scene;
        self.bars = Some(bars);
        self.multiples = Some(g);
        self.paint_legend()?;
        self.paint_map()?;
        self.paint_bars()?;
        if reuse {
            Ok(())
        } else {
            self.paint_multiples()
        }
    }

    fn paint_legend(&self) -> Result<(), JsValue> {
        let Some(scene) = &self.map else {
            return Ok(());
        };
        // Every item first, then measure and paint: one layout, not one per swatch.
        let mut swatches = Vec::with_capacity(scene.legend.len());
        for entry in &scene.legend {
            let li = append(&self.els.legend, "li", None)?;
            let canvas: HtmlCanvasElement = append(&li, "canvas", None)?.dyn_into()?;
            canvas.set_class_name("swatch");
            canvas.set_attribute("aria-hidden", "true")?;
            append(&li, "span", Some(&entry.label))?;
            swatches.push(canvas);
        }
        for (entry, canvas) in scene.legend.iter().zip(swatches) {
            if let Some(size) = CanvasSize::fit(&canvas) {
                let backend = DprCanvas::new(&canvas, size)?;
                let area = backend.into_drawing_area();
                paint_swatch(entry.fill, &entry.symbol, size.width, ink(), &area)
                    .map_err(|e| JsValue::from_str(&e.to_string()))?;
            }
        }
        Ok(())
    }

    fn paint_map(&self) -> Result<(), JsValue> {
        let Some(scene) = &self.map else {
            return Ok(());
        };
        let Some(size) = CanvasSize::fit(&self.els.map) else {
            return Ok(());
        };
        let backend = DprCanvas::new(&self.els.map, size)?;
        let area = backend.into_drawing_area();
        paint_map(scene, self.map_focus, ink(), &area)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    fn paint_bars(&self) -> Result<(), JsValue> {
        let Some(bars) = &self.bars else {
            return Ok(());
        };
        let Some(size) = CanvasSize::fit(&self.els.bars) else {
            return Ok(());
        };
        let backend = DprCanvas::new(&self.els.bars, size)?;
        let area = backend.into_drawing_area();
        paint_bars(bars, self.bar_focus, ink(), &area)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    fn paint_multiples(&self) -> Result<(), JsValue> {
        let Some(g) = &self.multiples else {
            return Ok(());
        };
        let Some(size) = CanvasSize::fit(&self.els.multiples) else {
            return Ok(());
        };
        let backend = DprCanvas::new(&self.els.multiples, size)?;
        let area = backend.into_drawing_area();
        let err = |e: String| JsValue::from_str(&e);
        for (i, cell) in g.cells.iter().enumerate() {
            paint_badge(&cell.badge, g.width, ink(), &area).map_err(|e| err(e.to_string()))?;
            if let Some((_, scene)) = &cell.chart {
                let r = cell.chart_rect;
                let sub = area.clone().shrink(
                    (r.x.round() as i32, r.y.round() as i32),
                    (r.w.round().max(1.0) as u32, r.h.round().max(1.0) as u32),
                );
                chart::paint(scene, &sub).map_err(|e| err(e.to_string()))?;
            }
            if self.cell_focus == Some(i) {
                use plotters::element::Rectangle;
                use plotters::style::ShapeStyle;
                let r = cell.rect;
                let style = ShapeStyle {
                    color: crate::map::paint::rgb(ink().focus).into(),
                    filled: false,
                    stroke_width: 3,
                };
                area.draw(&Rectangle::new(
                    [
                        (r.x.round() as i32 + 1, r.y.round() as i32 + 1),
                        (
                            (r.x + r.w).round() as i32 - 2,
                            (r.y + r.h).round() as i32 - 2,
                        ),
                    ],
                    style,
                ))
                .map_err(|e| err(e.to_string()))?;
            }
        }
        Ok(())
    }

    fn focus_map(&mut self, to: Option<usize>, from_keyboard: bool) -> Result<(), JsValue> {
        self.map_focus = to;
        self.paint_map()?;
        let Some(scene) = &self.map else {
            return Ok(());
        };
        match to.and_then(|i| scene.areas.get(i)) {
            Some(a) => {
                self.els.tip.set_text_content(Some(&a.description));
                // Below and right of the label anchor, kept inside the map.
                let x = a.anchor.0.min(scene.width - 200.0).max(0.0);
                let y = (a.anchor.1 + 14.0).min(scene.height - 40.0).max(0.0);
                let text = format!("{}#b-tip {{ left: {x}px; top: {y}px; }}\n", self.size_rules);
                self.els.position.replace_sync(&text)?;
                self.els.tip.set_hidden(false);
                if from_keyboard {
                    self.els.live.set_text_content(Some(&a.description));
                }
            }
            None => self.els.tip.set_hidden(true),
        }
        Ok(())
    }

    fn focus_bar(&mut self, to: Option<usize>) -> Result<(), JsValue> {
        self.bar_focus = to;
        self.paint_bars()?;
        if let Some(row) = to.and_then(|i| self.bars.as_ref()?.rows.get(i)) {
            self.els.live.set_text_content(Some(&row.description));
        }
        Ok(())
    }

    fn focus_cell(&mut self, to: Option<usize>) -> Result<(), JsValue> {
        self.cell_focus = to;
        self.paint_multiples()?;
        if let Some(cell) = to.and_then(|i| self.multiples.as_ref()?.cells.get(i)) {
            let words = match &cell.chart {
                Some((d, _)) => format!("{}. {}", cell.badge.text, crate::describe::summary(d)),
                None => cell.badge.text.clone(),
            };
            self.els
                .live
                .set_text_content(Some(&format!("{}: {words}", cell.name)));
        }
        Ok(())
    }

    /// Tells the host that an area was chosen.
    fn activate(&self, code: &str) -> Result<(), JsValue> {
        let Some(s) = &self.shown else { return Ok(()) };
        let name = s
            .data
            .area(code)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let detail = js_sys::Object::new();
        js_sys::Reflect::set(&detail, &"measure".into(), &s.measure.as_str().into())?;
        js_sys::Reflect::set(&detail, &"area".into(), &code.into())?;
        js_sys::Reflect::set(&detail, &"name".into(), &name.as_str().into())?;
        self.dispatch("pcc-area-select", &detail)?;
        self.els
            .live
            .set_text_content(Some(&format!("{name} chosen")));
        Ok(())
    }

    /// Fires a bubbling, composed `CustomEvent` named `name` with `detail` on the host
    /// element (built through the global constructor: no extra web-sys features).
    fn dispatch(&self, name: &str, detail: &JsValue) -> Result<(), JsValue> {
        let init = js_sys::Object::new();
        js_sys::Reflect::set(&init, &"bubbles".into(), &true.into())?;
        js_sys::Reflect::set(&init, &"composed".into(), &true.into())?;
        js_sys::Reflect::set(&init, &"detail".into(), detail)?;
        let ctor: js_sys::Function =
            js_sys::Reflect::get(&js_sys::global(), &"CustomEvent".into())?.dyn_into()?;
        let args = js_sys::Array::of2(&name.into(), &init);
        let ev: Event = js_sys::Reflect::construct(&ctor, &args)?.dyn_into()?;
        self.els.root.host().dispatch_event(&ev)?;
        Ok(())
    }

    fn download_csv(&self) -> Result<(), JsValue> {
        let Some(s) = &self.shown else { return Ok(()) };
        let name = format!("pcc-area-breakdown-{}-{}.csv", s.measure, s.kind.as_str());
        super::dom::download_csv(&self.els.section, &s.comparison.to_csv(), &name)
    }

    /// The map or the small multiples as a PNG, at the canvas's device-pixel size (what is
    /// on screen, crisp on a high-DPI screen).
    fn download_png(&self, canvas: &HtmlCanvasElement, what: &str) -> Result<(), JsValue> {
        let Some(s) = &self.shown else { return Ok(()) };
        let url = canvas.to_data_url_with_type("image/png")?;
        let name = format!(
            "pcc-area-breakdown-{}-{}-{what}.png",
            s.measure,
            s.kind.as_str()
        );
        super::dom::download(&self.els.section, &url, &name)
    }
}
