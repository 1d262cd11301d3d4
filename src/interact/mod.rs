//! Interaction as a pure state machine (egui's shape): the page turns DOM events into
//! [`Input`]s, [`View::apply`] updates the state against the [`Scene`] and returns an
//! [`Outcome`], and the page applies it (repaint, write the live region, show or hide the
//! tooltip). Nothing here knows the DOM, so every behaviour is tested natively.
//!
//! Behaviour (WCAG 2.2 AA):
//! - The plot is one focusable element; Left/Right move a data cursor month by month,
//!   Home/End jump to the ends, PageUp/PageDown move a year. The cursor skips nothing: a
//!   month with no data is landed on and announced ("March 2020: no data published").
//! - Every cursor move is announced ([`Outcome::announce`]) for a polite `aria-live` region.
//! - Tooltips (1.4.13): shown on hover, tap, or cursor move; dismissed by Escape; hoverable
//!   (leaving the canvas into the tooltip keeps it); persistent (moving over empty plot keeps
//!   it until another point is hovered, the pointer leaves, or Escape).
//! - Tab is never captured ([`key_from_dom`] returns `None` for it): no keyboard trap.

mod hit;
mod keys;

pub use hit::nearest_point;
pub use keys::{key_from_dom, Key};

use crate::chart::{Pt, Scene};

/// How close (CSS px) the pointer must be to a point to hover it: a 24 px target either
/// side, the WCAG 2.5.8 minimum target size.
pub const HOVER_PX: f64 = 24.0;

/// One thing the user did, in CSS pixels relative to the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// The pointer moved over the chart.
    PointerMoved(Pt),
    /// The pointer left the chart; `into_tooltip` when it went onto the tooltip.
    PointerLeft {
        /// The pointer is now over the tooltip.
        into_tooltip: bool,
    },
    /// The pointer left the tooltip; `into_chart` when it went back onto the chart.
    TooltipLeft {
        /// The pointer is now over the chart.
        into_chart: bool,
    },
    /// A click or tap.
    Tap(Pt),
    /// A key the chart answers to.
    Key(Key),
    /// The chart received keyboard focus.
    FocusGained,
    /// The chart lost keyboard focus.
    FocusLost,
}

/// What opened the tooltip (decides what closes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Hovering a point.
    Pointer,
    /// Tapping or clicking a point (stays until Escape, another tap, or focus leaves).
    Tap,
    /// The keyboard cursor.
    Keyboard,
}

/// The open tooltip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tooltip {
    /// Month index.
    pub index: usize,
    /// What opened it.
    pub source: Source,
}

/// A change to the tooltip for the page to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooltipChange {
    /// Show (or move) the tooltip for this month index.
    Show(usize),
    /// Hide it.
    Hide,
}

/// What the page should do after an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Repaint the chart (the cursor or hover moved).
    pub repaint: bool,
    /// Write `describe::point_sentence` for this month index to the live region.
    pub announce: Option<usize>,
    /// Show or hide the tooltip; `None` = leave it as it is.
    pub tooltip: Option<TooltipChange>,
}

/// Interaction state of one chart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The keyboard cursor's month index.
    pub cursor: Option<usize>,
    /// The month under the pointer.
    pub hovered: Option<usize>,
    /// The chart has keyboard focus.
    pub focused: bool,
    /// The open tooltip.
    pub tooltip: Option<Tooltip>,
    /// Escape closed the tooltip: cursor moves do not reopen it until Enter.
    pub dismissed: bool,
}

impl View {
    /// The month to draw the cursor at: the hovered month, else the keyboard cursor while
    /// the chart has focus.
    pub fn highlighted(&self) -> Option<usize> {
        self.hovered
            .or(if self.focused { self.cursor } else { None })
    }

    fn set_tooltip(&mut self, t: Option<Tooltip>) -> Option<TooltipChange> {
        let before = self.tooltip.map(|t| t.index);
        self.tooltip = t;
        match (before, t.map(|t| t.index)) {
            (a, b) if a == b => None,
            (_, Some(i)) => Some(TooltipChange::Show(i)),
            (_, None) => Some(TooltipChange::Hide),
        }
    }

    /// Brings the state in line with a new scene (after a resize, a period change or new
    /// data): the hover is dropped, a cursor outside the months shown moves to the nearest
    /// end, and a tooltip for a month no longer shown is hidden.
    pub fn scene_changed(&mut self, scene: &Scene) -> Outcome {
        let mut out = Outcome {
            repaint: true,
            ..Outcome::default()
        };
        self.hovered = None;
        let range = scene
            .points
            .first()
            .zip(scene.points.last())
            .map(|(a, b)| (a.index, b.index));
        match range {
            Some((first, last)) => {
                self.cursor = self.cursor.map(|c| c.clamp(first, last));
                if self
                    .tooltip
                    .is_some_and(|t| t.index < first || t.index > last)
                {
                    out.tooltip = self.set_tooltip(None);
                }
            }
            None => {
                self.cursor = None;
                out.tooltip = self.set_tooltip(None);
            }
        }
        out
    }

    /// Applies one input against the scene on screen.
    pub fn apply(&mut self, input: Input, scene: &Scene) -> Outcome {
        let mut out = Outcome::default();
        let before = (self.highlighted(), self.focused);
        match input {
            Input::PointerMoved(p) => {
                let hit = nearest_point(scene, p, HOVER_PX);
                self.hovered = hit;
                if let Some(i) = hit {
                    if self.tooltip.map(|t| t.index) != Some(i) {
                        out.tooltip = self.set_tooltip(Some(Tooltip {
                            index: i,
                            source: Source::Pointer,
                        }));
                    }
                }
                // Over empty plot the tooltip stays, so the pointer can travel to it.
            }
            Input::PointerLeft { into_tooltip } => {
                self.hovered = None;
                if !into_tooltip && self.tooltip.map(|t| t.source) == Some(Source::Pointer) {
                    out.tooltip = self.set_tooltip(None);
                }
            }
            Input::TooltipLeft { into_chart } => {
                if !into_chart && self.tooltip.map(|t| t.source) == Some(Source::Pointer) {
                    out.tooltip = self.set_tooltip(None);
                }
            }
            Input::Tap(p) => match nearest_point(scene, p, HOVER_PX) {
                Some(i) => {
                    self.cursor = Some(i);
                    self.dismissed = false;
                    out.announce = Some(i);
                    out.tooltip = self.set_tooltip(Some(Tooltip {
                        index: i,
                        source: Source::Tap,
                    }));
                    if out.tooltip.is_none() {
                        // Same month, new source: the tap pins it.
                        out.tooltip = Some(TooltipChange::Show(i));
                    }
                }
                None => out.tooltip = self.set_tooltip(None),
            },
            Input::Key(key) => out = self.key(key, scene),
            Input::FocusGained => self.focused = true,
            Input::FocusLost => {
                self.focused = false;
                if matches!(
                    self.tooltip.map(|t| t.source),
                    Some(Source::Keyboard | Source::Tap)
                ) {
                    out.tooltip = self.set_tooltip(None);
                }
            }
        }
        out.repaint |= (self.highlighted(), self.focused) != before;
        out
    }

    fn key(&mut self, key: Key, scene: &Scene) -> Outcome {
        let mut out = Outcome::default();
        let (Some(first), Some(last)) = (
            scene.points.first().map(|p| p.index),
            scene.points.last().map(|p| p.index),
        ) else {
            return out;
        };
        let moved_to = |c: Option<usize>| -> usize {
            match (key, c) {
                (Key::Left | Key::End | Key::PageUp, None) => last,
                (_, None) => first,
                (Key::Left, Some(c)) => c.saturating_sub(1).max(first),
                (Key::Right, Some(c)) => (c + 1).min(last),
                (Key::Home, _) => first,
                (Key::End, _) => last,
                (Key::PageUp, Some(c)) => c.saturating_sub(12).max(first),
                (Key::PageDown, Some(c)) => (c + 12).min(last),
                (_, Some(c)) => c,
            }
        };
        // A cursor left outside a changed period starts again inside it.
        let cur = self.cursor.map(|c| c.clamp(first, last));
        match key {
            Key::Escape => {
                if self.tooltip.is_some() {
                    self.dismissed = true;
                    out.tooltip = self.set_tooltip(None);
                }
            }
            Key::Enter => {
                let i = cur.unwrap_or(last);
                self.cursor = Some(i);
                self.dismissed = false;
                out.announce = Some(i);
                out.tooltip = self.set_tooltip(Some(Tooltip {
                    index: i,
                    source: Source::Keyboard,
                }));
            }
            _ => {
                let i = moved_to(cur);
                if Some(i) != self.cursor {
                    self.cursor = Some(i);
                    out.announce = Some(i);
                    if !self.dismissed {
                        out.tooltip = self.set_tooltip(Some(Tooltip {
                            index: i,
                            source: Source::Keyboard,
                        }));
                    }
                }
            }
        }
        // The keyboard takes over from the pointer.
        self.hovered = None;
        out.repaint = out.announce.is_some() || out.tooltip.is_some();
        out
    }
}
