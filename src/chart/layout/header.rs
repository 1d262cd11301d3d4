//! The header (title, subtitle, icons, badge, key) and the footer (data to, source).

use super::fit::wrap;
use super::shapes::{arrow, point_shape};
use super::{period, text, CAPTION, FOOTER, ICON_R, LEGEND, PAD, SUBTITLE, TITLE};
use crate::chart::data::ChartData;
use crate::chart::scene::{Dash, Mark, PointClass, Pt, Rect, Role};
use crate::chart::theme::{Colour, Theme};
use crate::chart::{ChartOptions, Font, MeasureText};
use crate::describe;
use crate::spc::{Assurance, PccKind, Rag, Side, VariationIcon};

fn rag_colour(rag: Rag, t: &Theme) -> Colour {
    match rag {
        Rag::Red => t.concern,
        Rag::Green => t.improvement,
        Rag::Amber => t.amber,
    }
}

/// An item of a flowing row (icons, key entries): its width, height and what it draws.
struct FlowItem {
    w: f64,
    h: f64,
    look: Look,
}

/// What a [`FlowItem`] draws. (Data, not a boxed closure per kind of item: one drawing
/// function in the wasm instead of a closure, its vtable and its drop for each.)
enum Look {
    /// A ring with a letter (with its width), or a wavy line for common cause, and a caption.
    Icon {
        role: Role,
        ring: Colour,
        letter: Option<(&'static str, f64)>,
        cap: Caption,
    },
    /// The PCC class badge and its caption.
    Badge {
        colour: Colour,
        kind: PccKind,
        up: bool,
        cap: Caption,
    },
    /// A key entry: a swatch, its label and the label's width.
    Key {
        swatch: Swatch,
        label: &'static str,
        lw: f64,
    },
}

/// The swatch of a key entry.
#[derive(Clone, Copy)]
enum Swatch {
    /// A point marker (a missing month's on its band).
    Point(PointClass),
    /// A short horizontal line: colour, width and pattern.
    Line(Colour, f64, Dash),
    /// The dotted vertical separator where a group starts, as the plot draws it.
    Rebase,
}

impl FlowItem {
    /// Pushes the item's marks with its top-left corner at `p`.
    fn draw(&self, p: Pt, t: &Theme, marks: &mut Vec<Mark>) {
        let d = ICON_R * 2.0;
        let c = Pt::new(p.x + ICON_R, p.y + self.h / 2.0);
        let caption = match &self.look {
            Look::Icon {
                role,
                ring,
                letter,
                cap,
            } => {
                let (role, ring) = (*role, *ring);
                marks.push(Mark::Circle {
                    role,
                    centre: c,
                    radius: ICON_R - 1.5,
                    fill: Some(t.background),
                    stroke: Some((ring, 3.0)),
                });
                match letter {
                    Some((l, lw)) => marks.push(Mark::Text {
                        role,
                        at: Pt::new(c.x - lw / 2.0, c.y - LETTER.line_height() / 2.0 + 1.5),
                        text: l.to_string(),
                        font: LETTER,
                        colour: ring,
                        width: *lw,
                    }),
                    None => {
                        // A wave of five points, alternately up and down.
                        let mut points = Vec::with_capacity(5);
                        for k in 0..5 {
                            points.push(Pt::new(
                                c.x - 6.0 + 3.0 * k as f64,
                                c.y + if k % 2 == 0 { 2.0 } else { -2.0 },
                            ));
                        }
                        marks.push(Mark::Polyline {
                            role,
                            points,
                            colour: ring,
                            width: 1.5,
                            dash: Dash::Solid,
                        })
                    }
                }
                Some((cap, role))
            }
            Look::Badge {
                colour,
                kind,
                up,
                cap,
            } => {
                marks.push(match kind {
                    PccKind::Stable | PccKind::SinglePointException => Mark::Circle {
                        role: Role::Badge,
                        centre: c,
                        radius: ICON_R - 3.0,
                        fill: Some(*colour),
                        stroke: None,
                    },
                    PccKind::StepShift | PccKind::SignificantTrend => Mark::Polygon {
                        role: Role::Badge,
                        points: arrow(c, *up, d - 4.0),
                        fill: *colour,
                        stroke: None,
                    },
                });
                if *kind == PccKind::SinglePointException {
                    // A bar through the circle: an exception reads differently from stable
                    // even without colour.
                    marks.push(Mark::Rect {
                        role: Role::Badge,
                        rect: Rect::new(c.x - 1.5, c.y - 5.0, 3.0, 10.0),
                        fill: Some(t.background),
                        stroke: None,
                    });
                }
                Some((cap, Role::Badge))
            }
            Look::Key { swatch, label, lw } => {
                let c = Pt::new(p.x + 9.0, p.y + LEGEND.line_height() / 2.0);
                match *swatch {
                    Swatch::Point(class) => {
                        if class == PointClass::Missing {
                            marks.push(Mark::Rect {
                                role: Role::Legend,
                                rect: Rect::new(c.x - 8.0, c.y - 7.0, 16.0, 14.0),
                                fill: Some(t.missing_band),
                                stroke: None,
                            });
                        }
                        point_shape(class, None, c, t, Role::Legend, marks);
                    }
                    Swatch::Line(colour, width, dash) => marks.push(Mark::Line {
                        role: Role::Legend,
                        from: Pt::new(c.x - 9.0, c.y),
                        to: Pt::new(c.x + 9.0, c.y),
                        colour,
                        width,
                        dash,
                    }),
                    Swatch::Rebase => marks.push(Mark::Line {
                        role: Role::Legend,
                        from: Pt::new(c.x, c.y - 7.0),
                        to: Pt::new(c.x, c.y + 7.0),
                        colour: t.muted,
                        width: 1.0,
                        dash: Dash::Dotted,
                    }),
                }
                marks.push(Mark::Text {
                    role: Role::Legend,
                    at: Pt::new(p.x + 22.0, p.y),
                    text: label.to_string(),
                    font: LEGEND,
                    colour: t.text,
                    width: *lw,
                });
                None
            }
        };
        // An icon's or the badge's caption, right of it.
        if let Some((cap, role)) = caption {
            cap.push(role, p.x + d + 6.0, c.y, t.text, marks);
        }
    }
}

/// Places items left to right, wrapping at `max_w`. Returns the height used. (Borrows the
/// items: a Vec moved in is walked by a `vec::IntoIter`, with its own drop of the rest.)
fn flow(
    items: &[FlowItem],
    (x0, y0): (f64, f64),
    max_w: f64,
    gap: f64,
    t: &Theme,
    marks: &mut Vec<Mark>,
) -> f64 {
    let (mut x, mut y, mut row_h) = (x0, y0, 0.0f64);
    for it in items {
        if x > x0 && x + it.w > x0 + max_w {
            x = x0;
            y += row_h + 4.0;
            row_h = 0.0;
        }
        it.draw(Pt::new(x, y), t, marks);
        x += it.w + gap;
        row_h = row_h.max(it.h);
    }
    if row_h > 0.0 {
        y + row_h - y0
    } else {
        0.0
    }
}

/// A caption beside a 24 px icon, wrapped to `max` pixels: its lines with their widths, its
/// width and its height.
struct Caption {
    lines: Vec<String>,
    /// The width of each line (kept apart: the wrapped lines are kept whole, not moved one by
    /// one into pairs).
    widths: Vec<f64>,
    font: Font,
    w: f64,
    h: f64,
}

impl Caption {
    fn new(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Caption {
        let lines = wrap(text, font, max.max(20.0), m);
        let mut widths = Vec::with_capacity(lines.len());
        let mut w = 0.0f64;
        for l in &lines {
            let lw = m.width(l, font);
            w = w.max(lw);
            widths.push(lw);
        }
        let h = lines.len() as f64 * font.line_height();
        Caption {
            lines,
            widths,
            font,
            w,
            h,
        }
    }

    /// Pushes the text marks, the block centred vertically on `cy`, starting at `x`.
    fn push(&self, role: Role, x: f64, cy: f64, colour: Colour, marks: &mut Vec<Mark>) {
        let top = cy - self.h / 2.0;
        for (k, text) in self.lines.iter().enumerate() {
            marks.push(Mark::Text {
                role,
                at: Pt::new(x, top + k as f64 * self.font.line_height()),
                text: text.clone(),
                font: self.font,
                colour,
                width: self.widths[k],
            });
        }
    }
}

/// The letter in an icon.
const LETTER: Font = Font::bold(13.0);

/// Icon with a letter (or, for common cause, a wavy line) in a ring, and a caption.
fn icon_item(
    role: Role,
    ring: Colour,
    letter: Option<&'static str>,
    caption: &'static str,
    max_w: f64,
    m: &dyn MeasureText,
) -> FlowItem {
    let letter = letter.map(|l| (l, m.width(l, LETTER)));
    let d = ICON_R * 2.0;
    let cap = Caption::new(caption, CAPTION, max_w - d - 6.0, m);
    FlowItem {
        w: d + 6.0 + cap.w,
        h: d.max(cap.h),
        look: Look::Icon {
            role,
            ring,
            letter,
            cap,
        },
    }
}

fn header_items(data: &ChartData, max_w: f64, t: Theme, m: &dyn MeasureText) -> Vec<FlowItem> {
    let mut items = Vec::new();
    if let Some(icon) = data.analysis.variation_icon {
        let (ring, letter) = match icon {
            VariationIcon::CommonCause => (t.common, None),
            VariationIcon::ImprovementHigh => (t.improvement, Some("H")),
            VariationIcon::ImprovementLow => (t.improvement, Some("L")),
            VariationIcon::ConcernHigh => (t.concern, Some("H")),
            VariationIcon::ConcernLow => (t.concern, Some("L")),
            VariationIcon::NeutralHigh => (t.neutral, Some("H")),
            VariationIcon::NeutralLow => (t.neutral, Some("L")),
        };
        items.push(icon_item(
            Role::VariationIcon,
            ring,
            letter,
            describe::variation_caption(icon),
            max_w,
            m,
        ));
    }
    if let Some(a) = data.analysis.assurance {
        let (ring, letter) = match a {
            Assurance::ConsistentPass => (t.improvement, "P"),
            Assurance::ConsistentFail => (t.concern, "F"),
            Assurance::Inconsistent => (t.common, "?"),
        };
        items.push(icon_item(
            Role::AssuranceIcon,
            ring,
            Some(letter),
            describe::assurance_caption(a),
            max_w,
            m,
        ));
    }
    if let Some(class) = &data.analysis.pcc_class {
        let colour = rag_colour(class.rag, &t);
        let up = class.direction != Some(Side::Low);
        let d = ICON_R * 2.0;
        let cap = Caption::new(&class.label, Font::bold(12.0), max_w - d - 6.0, m);
        items.push(FlowItem {
            w: d + 6.0 + cap.w,
            h: d.max(cap.h),
            look: Look::Badge {
                colour,
                kind: class.kind,
                up,
                cap,
            },
        });
    }
    items
}

fn legend_items(
    data: &ChartData,
    opts: &ChartOptions,
    first: usize,
    last: usize,
    t: Theme,
    m: &dyn MeasureText,
) -> Vec<FlowItem> {
    let mut items = Vec::new();
    let mut push = |swatch: Swatch, label: &'static str| {
        let lw = m.width(label, LEGEND);
        items.push(FlowItem {
            w: 18.0 + 4.0 + lw,
            h: LEGEND.line_height(),
            look: Look::Key { swatch, label, lw },
        });
    };
    // The classes shown, one bit each (no Vec of a class per month).
    let mut shown = 0u32;
    for i in first..=last {
        shown |= 1 << describe::point_class(data, i) as u32;
    }
    let has = |class: PointClass| shown & (1 << class as u32) != 0;
    for &class in &[
        PointClass::Common,
        PointClass::Improvement,
        PointClass::Concern,
        PointClass::NeutralHigh,
        PointClass::NeutralLow,
        PointClass::Excluded,
        PointClass::Missing,
    ] {
        if has(class) {
            // Neutral high and low share a shape and a key entry.
            if class == PointClass::NeutralLow && has(PointClass::NeutralHigh) {
                continue;
            }
            let label = match class {
                PointClass::NeutralHigh | PointClass::NeutralLow => "Special cause",
                PointClass::Improvement => "Improvement",
                PointClass::Concern => "Concern",
                c => c.label(),
            };
            push(Swatch::Point(class), label);
        }
    }
    // Groups with limits in the months shown: firm, trial (too short for firm limits), or both.
    // Also whether a group after the first starts in them (the limits were recalculated).
    // (One loop, not filter/any chains: smaller in the download.)
    let (mut firm, mut trial, mut rebased) = (false, false, false);
    for (k, g) in data.analysis.groups.iter().enumerate() {
        if g.limits.is_some() && g.start <= last && g.end > first {
            if g.trial {
                trial = true;
            } else {
                firm = true;
            }
        }
        if k > 0 && g.start > first && g.start <= last {
            rebased = true;
        }
    }
    if firm || trial {
        push(Swatch::Line(t.mean, 1.5 * t.weight, Dash::Solid), "Average");
        if firm {
            push(
                Swatch::Line(t.limit, 1.2 * t.weight, Dash::Dashed),
                "Limits",
            );
        }
        if trial {
            push(
                Swatch::Line(t.limit, 1.2 * t.weight, Dash::Short),
                "Trial limits",
            );
        }
        if opts.show_near_limits {
            push(
                Swatch::Line(t.near_limit, 1.0 * t.weight, Dash::Dotted),
                "Near limits",
            );
        }
    }
    if data.target.is_some() {
        push(
            Swatch::Line(t.target, 1.5 * t.weight, Dash::DashDot),
            "Target",
        );
    }
    if rebased {
        // The dotted separator where a group starts, as the plot draws it.
        push(Swatch::Rebase, "Limits recalculated");
    }
    items
}

/// Header (title, subtitle, icons, key): marks and the y just below it.
pub(super) fn header(
    data: &ChartData,
    opts: &ChartOptions,
    width: f64,
    t: Theme,
    m: &dyn MeasureText,
    marks: &mut Vec<Mark>,
) -> f64 {
    let inner = (width - 2.0 * PAD).max(40.0);
    let mut y = PAD;
    // A compact cell sits under a heading that names the measure: its title is the area.
    let title = if opts.compact {
        &data.area
    } else {
        &data.title
    };
    for line in &wrap(title, TITLE, inner, m) {
        marks.push(text(Role::Title, PAD, y, line, TITLE, t.text, m));
        y += TITLE.line_height();
    }
    if opts.compact {
        return y + 6.0;
    }
    for line in &wrap(&describe::subtitle(data), SUBTITLE, inner, m) {
        marks.push(text(Role::Subtitle, PAD, y, line, SUBTITLE, t.muted, m));
        y += SUBTITLE.line_height();
    }
    y += 6.0;
    let h = flow(
        &header_items(data, inner, t, m),
        (PAD, y),
        inner,
        14.0,
        &t,
        marks,
    );
    if h > 0.0 {
        y += h + 8.0;
    }
    if let Some((first, last)) = period(data, opts) {
        let h = flow(
            &legend_items(data, opts, first, last, t, m),
            (PAD, y),
            inner,
            12.0,
            &t,
            marks,
        );
        if h > 0.0 {
            y += h + 6.0;
        }
    }
    y
}

pub(super) fn footer_lines(
    data: &ChartData,
    opts: &ChartOptions,
    width: f64,
    m: &dyn MeasureText,
) -> Vec<String> {
    let inner = (width - 2.0 * PAD).max(40.0);
    let mut lines = Vec::new();
    if opts.compact {
        return lines;
    }
    if let Some(to) = data.data_to() {
        lines = wrap(&format!("Data to {}", to.long_label()), FOOTER, inner, m);
    }
    if !data.source.is_empty() {
        lines.append(&mut wrap(&data.source, FOOTER, inner, m));
    }
    lines
}
