//! [`layout`]: from chart data and a size to a [`Scene`]. All geometry lives here; text
//! widths come only from the injected [`MeasureText`].

// Month indices are the domain of this module: loops run over months and index several
// parallel slices (points, months, limits) with the same index.
#![allow(clippy::needless_range_loop)]

use super::data::ChartData;
use super::scale::{nice_ticks, LinearScale, MonthScale};
use super::scene::{Dash, Mark, PointClass, PointMark, Pt, Rect, Role, Scene, Size};
use super::theme::{Colour, Theme};
use super::{ChartOptions, Font, MeasureText};
use crate::describe::{self, format};
use crate::spc::{Assurance, PccKind, Rag, Side, VariationIcon};

const PAD: f64 = 8.0;
const TITLE: Font = Font::bold(16.0);
const SUBTITLE: Font = Font::normal(13.0);
const CAPTION: Font = Font::normal(12.0);
const LEGEND: Font = Font::normal(12.0);
const AXIS: Font = Font::normal(11.0);
const LABEL: Font = Font::normal(11.0);
const FOOTER: Font = Font::normal(11.0);
const ICON_R: f64 = 12.0;
/// Rows of annotation labels above the plot before labels are shortened.
const MAX_LANES: usize = 3;
/// Space between labels that must not touch.
const GAP: f64 = 6.0;

/// A line of a group: role, colour, width, pattern and which limit it follows.
type LimitLine = (Role, Colour, f64, Dash, fn(&crate::spc::Limits) -> f64);

/// Greedy word wrap to `max` pixels; a word wider than a line is shortened with "…".
pub(crate) fn wrap(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if m.width(&candidate, font) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| elide(&l, font, max, m)).collect()
}

/// `text`, shortened with "…" until it fits `max` pixels (empty if not even "…" fits).
pub(crate) fn elide(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> String {
    if m.width(text, font) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let s: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if m.width(&s, font) <= max {
            return s;
        }
    }
    String::new()
}

fn text(
    role: Role,
    x: f64,
    y: f64,
    s: &str,
    font: Font,
    colour: Colour,
    m: &dyn MeasureText,
) -> Mark {
    Mark::Text {
        role,
        at: Pt::new(x, y),
        text: s.to_string(),
        font,
        colour,
        width: m.width(s, font),
    }
}

/// The marks of a point marker of `class` centred at `c`: the shape carries the class as
/// well as the colour (WCAG 1.4.1).
pub(crate) fn point_shape(
    class: PointClass,
    side: Option<Side>,
    c: Pt,
    t: &Theme,
    role: Role,
) -> Vec<Mark> {
    let halo = Some((t.background, 1.0));
    match class {
        PointClass::Common => vec![Mark::Circle {
            role,
            centre: c,
            radius: 3.0 * t.weight.sqrt(),
            fill: Some(t.common),
            stroke: None,
        }],
        PointClass::Improvement => {
            let r = 6.5;
            vec![Mark::Polygon {
                role,
                points: vec![
                    Pt::new(c.x, c.y - r),
                    Pt::new(c.x + r, c.y),
                    Pt::new(c.x, c.y + r),
                    Pt::new(c.x - r, c.y),
                ],
                fill: t.improvement,
                stroke: halo,
            }]
        }
        PointClass::Concern => {
            let r = 6.5;
            // Points the way the value went: up when high, down when low.
            let s = if side == Some(Side::Low) { -1.0 } else { 1.0 };
            vec![Mark::Polygon {
                role,
                points: vec![
                    Pt::new(c.x, c.y - s * r),
                    Pt::new(c.x + r, c.y + s * r * 0.75),
                    Pt::new(c.x - r, c.y + s * r * 0.75),
                ],
                fill: t.concern,
                stroke: halo,
            }]
        }
        PointClass::NeutralHigh | PointClass::NeutralLow => {
            let r = 4.5;
            vec![Mark::Polygon {
                role,
                points: vec![
                    Pt::new(c.x - r, c.y - r),
                    Pt::new(c.x + r, c.y - r),
                    Pt::new(c.x + r, c.y + r),
                    Pt::new(c.x - r, c.y + r),
                ],
                fill: t.neutral,
                stroke: halo,
            }]
        }
        PointClass::Excluded => {
            let r = 4.5;
            let d = 3.0;
            let w = 1.5 * t.weight;
            vec![
                Mark::Circle {
                    role,
                    centre: c,
                    radius: r,
                    fill: Some(t.background),
                    stroke: Some((t.common, w)),
                },
                Mark::Line {
                    role,
                    from: Pt::new(c.x - d, c.y - d),
                    to: Pt::new(c.x + d, c.y + d),
                    colour: t.common,
                    width: w,
                    dash: Dash::Solid,
                },
                Mark::Line {
                    role,
                    from: Pt::new(c.x - d, c.y + d),
                    to: Pt::new(c.x + d, c.y - d),
                    colour: t.common,
                    width: w,
                    dash: Dash::Solid,
                },
            ]
        }
        PointClass::Missing => vec![Mark::Rect {
            role,
            rect: Rect::new(c.x - 3.5, c.y - 3.5, 7.0, 7.0),
            fill: Some(t.background),
            stroke: Some((t.muted, 1.5 * t.weight)),
        }],
    }
}

fn arrow(c: Pt, up: bool, size: f64) -> Vec<Pt> {
    let s = if up { 1.0 } else { -1.0 };
    let h = size / 2.0;
    let shaft = size * 0.18;
    vec![
        Pt::new(c.x, c.y - s * h),
        Pt::new(c.x + h, c.y - s * 0.05 * size),
        Pt::new(c.x + shaft, c.y - s * 0.05 * size),
        Pt::new(c.x + shaft, c.y + s * h),
        Pt::new(c.x - shaft, c.y + s * h),
        Pt::new(c.x - shaft, c.y - s * 0.05 * size),
        Pt::new(c.x - h, c.y - s * 0.05 * size),
    ]
}

fn rag_colour(rag: Rag, t: &Theme) -> Colour {
    match rag {
        Rag::Red => t.concern,
        Rag::Green => t.improvement,
        Rag::Amber => t.amber,
    }
}

/// An item of a flowing row (icons, key entries): its width, height and how to draw it at
/// a top-left corner.
struct FlowItem {
    w: f64,
    h: f64,
    draw: Box<dyn Fn(Pt) -> Vec<Mark>>,
}

/// Places items left to right, wrapping at `max_w`. Returns the height used.
fn flow(
    items: Vec<FlowItem>,
    x0: f64,
    y0: f64,
    max_w: f64,
    gap: f64,
    marks: &mut Vec<Mark>,
) -> f64 {
    let (mut x, mut y, mut row_h) = (x0, y0, 0.0f64);
    for it in items {
        if x > x0 && x + it.w > x0 + max_w {
            x = x0;
            y += row_h + 4.0;
            row_h = 0.0;
        }
        marks.extend((it.draw)(Pt::new(x, y)));
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
    lines: Vec<(String, f64)>,
    font: Font,
    w: f64,
    h: f64,
}

impl Caption {
    fn new(text: &str, font: Font, max: f64, m: &dyn MeasureText) -> Caption {
        let lines: Vec<(String, f64)> = wrap(text, font, max.max(20.0), m)
            .into_iter()
            .map(|l| {
                let w = m.width(&l, font);
                (l, w)
            })
            .collect();
        let w = lines.iter().map(|l| l.1).fold(0.0, f64::max);
        let h = lines.len() as f64 * font.line_height();
        Caption { lines, font, w, h }
    }

    /// Text marks, the block centred vertically on `cy`, starting at `x`.
    fn marks(&self, role: Role, x: f64, cy: f64, colour: Colour) -> Vec<Mark> {
        let top = cy - self.h / 2.0;
        self.lines
            .iter()
            .enumerate()
            .map(|(k, (text, width))| Mark::Text {
                role,
                at: Pt::new(x, top + k as f64 * self.font.line_height()),
                text: text.clone(),
                font: self.font,
                colour,
                width: *width,
            })
            .collect()
    }
}

/// Icon with a letter (or, for common cause, a wavy line) in a ring, and a caption.
fn icon_item(
    role: Role,
    ring: Colour,
    letter: Option<&'static str>,
    caption: &'static str,
    max_w: f64,
    t: Theme,
    m: &dyn MeasureText,
) -> FlowItem {
    let letter_font = Font::bold(13.0);
    let lw = letter.map(|l| m.width(l, letter_font)).unwrap_or(0.0);
    let d = ICON_R * 2.0;
    let cap = Caption::new(caption, CAPTION, max_w - d - 6.0, m);
    let h = d.max(cap.h);
    FlowItem {
        w: d + 6.0 + cap.w,
        h,
        draw: Box::new(move |p: Pt| {
            let c = Pt::new(p.x + ICON_R, p.y + h / 2.0);
            let mut v = vec![Mark::Circle {
                role,
                centre: c,
                radius: ICON_R - 1.5,
                fill: Some(t.background),
                stroke: Some((ring, 3.0)),
            }];
            match letter {
                Some(l) => v.push(Mark::Text {
                    role,
                    at: Pt::new(c.x - lw / 2.0, c.y - letter_font.line_height() / 2.0 + 1.5),
                    text: l.to_string(),
                    font: letter_font,
                    colour: ring,
                    width: lw,
                }),
                None => v.push(Mark::Polyline {
                    role,
                    points: (0..5)
                        .map(|k| {
                            Pt::new(
                                c.x - 6.0 + 3.0 * k as f64,
                                c.y + if k % 2 == 0 { 2.0 } else { -2.0 },
                            )
                        })
                        .collect(),
                    colour: ring,
                    width: 1.5,
                    dash: Dash::Solid,
                }),
            }
            v.extend(cap.marks(role, p.x + d + 6.0, c.y, t.text));
            v
        }),
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
            t,
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
            t,
            m,
        ));
    }
    if let Some(class) = &data.analysis.pcc_class {
        let colour = rag_colour(class.rag, &t);
        let kind = class.kind;
        let up = class.direction != Some(Side::Low);
        let d = ICON_R * 2.0;
        let cap = Caption::new(&class.label, Font::bold(12.0), max_w - d - 6.0, m);
        let h = d.max(cap.h);
        items.push(FlowItem {
            w: d + 6.0 + cap.w,
            h,
            draw: Box::new(move |p: Pt| {
                let c = Pt::new(p.x + ICON_R, p.y + h / 2.0);
                let mut v = match kind {
                    PccKind::Stable | PccKind::SinglePointException => vec![Mark::Circle {
                        role: Role::Badge,
                        centre: c,
                        radius: ICON_R - 3.0,
                        fill: Some(colour),
                        stroke: None,
                    }],
                    PccKind::StepShift | PccKind::SignificantTrend => vec![Mark::Polygon {
                        role: Role::Badge,
                        points: arrow(c, up, d - 4.0),
                        fill: colour,
                        stroke: None,
                    }],
                };
                if kind == PccKind::SinglePointException {
                    // A bar through the circle: an exception reads differently from stable
                    // even without colour.
                    v.push(Mark::Rect {
                        role: Role::Badge,
                        rect: Rect::new(c.x - 1.5, c.y - 5.0, 3.0, 10.0),
                        fill: Some(t.background),
                        stroke: None,
                    });
                }
                v.extend(cap.marks(Role::Badge, p.x + d + 6.0, c.y, t.text));
                v
            }),
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
    let mut push = |draw_swatch: Box<dyn Fn(Pt) -> Vec<Mark>>, label: &'static str| {
        let lw = m.width(label, LEGEND);
        items.push(FlowItem {
            w: 18.0 + 4.0 + lw,
            h: LEGEND.line_height(),
            draw: Box::new(move |p: Pt| {
                let mut v = draw_swatch(Pt::new(p.x + 9.0, p.y + LEGEND.line_height() / 2.0));
                v.push(Mark::Text {
                    role: Role::Legend,
                    at: Pt::new(p.x + 22.0, p.y),
                    text: label.to_string(),
                    font: LEGEND,
                    colour: t.text,
                    width: lw,
                });
                v
            }),
        });
    };
    let classes: Vec<PointClass> = (first..=last)
        .map(|i| describe::point_class(data, i))
        .collect();
    for class in [
        PointClass::Common,
        PointClass::Improvement,
        PointClass::Concern,
        PointClass::NeutralHigh,
        PointClass::NeutralLow,
        PointClass::Excluded,
        PointClass::Missing,
    ] {
        if classes.contains(&class) {
            // Neutral high and low share a shape and a key entry.
            if class == PointClass::NeutralLow && classes.contains(&PointClass::NeutralHigh) {
                continue;
            }
            let label = match class {
                PointClass::NeutralHigh | PointClass::NeutralLow => "Special cause",
                PointClass::Improvement => "Improvement",
                PointClass::Concern => "Concern",
                c => c.label(),
            };
            push(
                Box::new(move |c: Pt| {
                    let mut v = Vec::new();
                    if class == PointClass::Missing {
                        v.push(Mark::Rect {
                            role: Role::Legend,
                            rect: Rect::new(c.x - 8.0, c.y - 7.0, 16.0, 14.0),
                            fill: Some(t.missing_band),
                            stroke: None,
                        });
                    }
                    v.extend(point_shape(class, None, c, &t, Role::Legend));
                    v
                }),
                label,
            );
        }
    }
    let line = |colour: Colour, width: f64, dash: Dash| -> Box<dyn Fn(Pt) -> Vec<Mark>> {
        Box::new(move |c: Pt| {
            vec![Mark::Line {
                role: Role::Legend,
                from: Pt::new(c.x - 9.0, c.y),
                to: Pt::new(c.x + 9.0, c.y),
                colour,
                width,
                dash,
            }]
        })
    };
    if data.analysis.groups.iter().any(|g| g.limits.is_some()) {
        push(line(t.mean, 1.5 * t.weight, Dash::Solid), "Average");
        push(line(t.limit, 1.2 * t.weight, Dash::Dashed), "Limits");
        if opts.show_near_limits {
            push(
                line(t.near_limit, 1.0 * t.weight, Dash::Dotted),
                "Near limits",
            );
        }
    }
    if data.target.is_some() {
        push(line(t.target, 1.5 * t.weight, Dash::DashDot), "Target");
    }
    items
}

fn period(data: &ChartData, opts: &ChartOptions) -> Option<(usize, usize)> {
    let n = data.months.len();
    if n == 0 {
        return None;
    }
    let (a, b) = opts.period.unwrap_or((0, n - 1));
    let b = b.min(n - 1);
    let a = a.min(b);
    Some((a, b))
}

/// Header (title, subtitle, icons, key): marks and the y just below it.
fn header(
    data: &ChartData,
    opts: &ChartOptions,
    width: f64,
    t: Theme,
    m: &dyn MeasureText,
    marks: &mut Vec<Mark>,
) -> f64 {
    let inner = (width - 2.0 * PAD).max(40.0);
    let mut y = PAD;
    for line in wrap(&data.title, TITLE, inner, m) {
        marks.push(text(Role::Title, PAD, y, &line, TITLE, t.text, m));
        y += TITLE.line_height();
    }
    for line in wrap(&describe::subtitle(data), SUBTITLE, inner, m) {
        marks.push(text(Role::Subtitle, PAD, y, &line, SUBTITLE, t.muted, m));
        y += SUBTITLE.line_height();
    }
    y += 6.0;
    let h = flow(header_items(data, inner, t, m), PAD, y, inner, 14.0, marks);
    if h > 0.0 {
        y += h + 8.0;
    }
    if let Some((first, last)) = period(data, opts) {
        let h = flow(
            legend_items(data, opts, first, last, t, m),
            PAD,
            y,
            inner,
            12.0,
            marks,
        );
        if h > 0.0 {
            y += h + 6.0;
        }
    }
    y
}

fn footer_lines(data: &ChartData, width: f64, m: &dyn MeasureText) -> Vec<String> {
    let inner = (width - 2.0 * PAD).max(40.0);
    let mut lines = Vec::new();
    if let Some(to) = data.data_to() {
        lines.extend(wrap(
            &format!("Data to {}", to.long_label()),
            FOOTER,
            inner,
            m,
        ));
    }
    if !data.source.is_empty() {
        lines.extend(wrap(&data.source, FOOTER, inner, m));
    }
    lines
}

const X_AXIS_H: f64 = 4.0 + 2.0 * 14.0 + 4.0;

/// How tall a chart of `width` CSS pixels wants to be: its header and footer (which grow
/// as text wraps at narrow widths) plus a plot of a readable height.
pub fn preferred_height(
    data: &ChartData,
    opts: &ChartOptions,
    width: f64,
    m: &dyn MeasureText,
) -> f64 {
    let t = Theme::of(opts.palette());
    let mut scratch = Vec::new();
    let top = header(data, opts, width, t, m, &mut scratch);
    let plot = (width * 0.45).clamp(200.0, 380.0);
    let lanes = if data.annotations.is_empty() {
        0.0
    } else {
        2.0 * LABEL.line_height()
    };
    let footer = footer_lines(data, width, m).len() as f64 * FOOTER.line_height();
    (top + lanes + plot + X_AXIS_H + footer + PAD).ceil()
}

/// Lays the chart out at `size` (CSS pixels). Total: any data and any size give a scene
/// (a chart with no months shows its title and "No data published").
pub fn layout(data: &ChartData, opts: &ChartOptions, size: Size, m: &dyn MeasureText) -> Scene {
    let t = Theme::of(opts.palette());
    let width = size.width.max(1.0);
    let height = size.height.max(1.0);
    let mut marks = vec![Mark::Rect {
        role: Role::Background,
        rect: Rect::new(0.0, 0.0, width, height),
        fill: Some(t.background),
        stroke: None,
    }];
    let top = header(data, opts, width, t, m, &mut marks);

    // Footer, from the bottom up.
    let footer = footer_lines(data, width, m);
    let mut fy = height - PAD - footer.len() as f64 * FOOTER.line_height();
    let footer_top = fy;
    for line in &footer {
        marks.push(text(Role::Footer, PAD, fy, line, FOOTER, t.muted, m));
        fy += FOOTER.line_height();
    }
    let plot_bottom = (footer_top - X_AXIS_H).max(top + 40.0);

    let Some((first, last)) = period(data, opts) else {
        let plot = Rect::new(
            PAD,
            top,
            (width - 2.0 * PAD).max(1.0),
            (plot_bottom - top).max(1.0),
        );
        return Scene {
            size,
            theme: t,
            plot,
            x: MonthScale::new(0, 0, plot.x, plot.right()),
            y: LinearScale::new(0.0, 1.0, plot.bottom(), plot.y),
            marks,
            points: Vec::new(),
        };
    };

    // The y domain: every value, shown limit and the target in the period.
    let unit = data.unit;
    let pts = &data.analysis.points;
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut take = |v: f64| {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    };
    for i in first..=last {
        if let Some(v) = pts[i].value {
            take(v);
        }
        if let Some(l) = data.shown_limits(i) {
            take(l.lpl);
            take(l.upl);
            take(l.mean);
            if opts.show_near_limits {
                take(l.near_lpl);
                take(l.near_upl);
            }
        }
    }
    if let Some(tg) = data.target {
        take(tg);
    }
    if !lo.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    let span = (hi - lo).max(hi.abs() * 0.02).max(1e-9);
    let min_lo = if lo >= 0.0 && unit != crate::model::Unit::Score {
        0.0
    } else {
        f64::NEG_INFINITY
    };
    let dlo = (lo - span * 0.05).max(min_lo);
    let dhi = hi + span * 0.05;
    let est_h = (plot_bottom - top).max(40.0);
    let tick_count = ((est_h / 42.0) as usize).clamp(3, 8);
    let ticks = nice_ticks(dlo, dhi, tick_count);
    let tick_step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        1.0
    };
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|&v| format::tick(unit, v, tick_step))
        .collect();
    let label_w = tick_labels
        .iter()
        .map(|s| m.width(s, AXIS))
        .fold(0.0, f64::max);
    let plot_left = PAD + label_w + 6.0;
    let plot_right = (width - PAD).max(plot_left + 10.0);
    let xs = MonthScale::new(first, last, plot_left, plot_right);

    // Annotation labels in lanes above the plot, left to right, never overlapping.
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, s) in &data.annotations {
        if (first..=last).contains(i) {
            match notes.last_mut() {
                Some(last) if last.0 == *i => {
                    last.1.push_str("; ");
                    last.1.push_str(s);
                }
                _ => notes.push((*i, s.clone())),
            }
        }
    }
    let lane_h = LABEL.line_height();
    let mut lane_end = [f64::NEG_INFINITY; MAX_LANES];
    let mut placed: Vec<(usize, usize, f64, String)> = Vec::new(); // index, lane, x, text
    for (i, s) in &notes {
        let x = xs.x(*i);
        let w = m.width(s, LABEL);
        let mut done = false;
        for lane in 0..MAX_LANES {
            let right_x = x + 3.0;
            if lane_end[lane] + GAP <= right_x && right_x + w <= plot_right {
                placed.push((*i, lane, right_x, s.clone()));
                lane_end[lane] = right_x + w;
                done = true;
                break;
            }
            let left_x = x - 3.0 - w;
            if left_x >= 0.0 && lane_end[lane] + GAP <= left_x {
                placed.push((*i, lane, left_x, s.clone()));
                lane_end[lane] = x - 3.0;
                done = true;
                break;
            }
        }
        if !done {
            // No lane has room: shorten the label into the lane with most room on the right.
            let lane = (0..MAX_LANES)
                .filter(|&l| lane_end[l] + GAP <= x + 3.0)
                .min_by(|&a, &b| lane_end[a].total_cmp(&lane_end[b]));
            match lane {
                Some(lane) => {
                    let short = elide(s, LABEL, plot_right - (x + 3.0), m);
                    if short.is_empty() {
                        placed.push((*i, usize::MAX, x, String::new()));
                    } else {
                        lane_end[lane] = x + 3.0 + m.width(&short, LABEL);
                        placed.push((*i, lane, x + 3.0, short));
                    }
                }
                // The full text stays in the tooltip, the point sentence and the table.
                None => placed.push((*i, usize::MAX, x, String::new())),
            }
        }
    }
    let lanes = placed
        .iter()
        .filter(|p| p.1 != usize::MAX)
        .map(|p| p.1 + 1)
        .max()
        .unwrap_or(0);
    let lanes_top = top;
    let plot_top = top + lanes as f64 * lane_h + if lanes > 0 { 4.0 } else { 2.0 };
    let plot = Rect::new(
        plot_left,
        plot_top,
        plot_right - plot_left,
        (plot_bottom - plot_top).max(20.0),
    );
    let ys = LinearScale::new(
        *ticks.first().unwrap_or(&dlo),
        *ticks.last().unwrap_or(&dhi),
        plot.bottom(),
        plot.y,
    );
    let y = |v: f64| ys.map(v);
    // Where the data is drawn: labels avoid it where they can.
    let data_at: Vec<Option<Pt>> = (first..=last)
        .map(|i| pts[i].value.map(|v| Pt::new(xs.x(i), y(v))))
        .collect();
    let hits_data = |r: &Rect| -> bool {
        let grown = Rect::new(r.x - 4.0, r.y - 4.0, r.w + 8.0, r.h + 8.0);
        data_at.iter().flatten().any(|p| grown.contains(*p))
            || data_at
                .windows(2)
                .any(|w| matches!(w, [Some(a), Some(b)] if segment_hits_rect(*a, *b, r)))
    };
    let w = t.weight;

    // Bands behind months with no data.
    for i in first..=last {
        if pts[i].value.is_none() {
            marks.push(Mark::Rect {
                role: Role::Missing(i),
                rect: Rect::new(xs.x(i) - xs.step / 2.0, plot.y, xs.step, plot.h),
                fill: Some(t.missing_band),
                stroke: None,
            });
        }
    }

    // Gridlines and y labels.
    for (v, s) in ticks.iter().zip(&tick_labels) {
        let py = y(*v);
        marks.push(Mark::Line {
            role: Role::Grid,
            from: Pt::new(plot.x, py),
            to: Pt::new(plot.right(), py),
            colour: t.grid,
            width: 1.0,
            dash: Dash::Solid,
        });
        let tw = m.width(s, AXIS);
        marks.push(text(
            Role::YLabel,
            plot.x - 6.0 - tw,
            py - AXIS.line_height() / 2.0,
            s,
            AXIS,
            t.muted,
            m,
        ));
    }
    marks.push(Mark::Line {
        role: Role::Axis,
        from: Pt::new(plot.x, plot.bottom()),
        to: Pt::new(plot.right(), plot.bottom()),
        colour: t.axis,
        width: 1.0 * w,
        dash: Dash::Solid,
    });

    // Month labels: thin out to every k months so labels never touch; years on a second
    // line under January and under the first label.
    let widest = ["May", "Sep", "Jun", "Mar"]
        .iter()
        .map(|s| m.width(s, AXIS))
        .fold(0.0, f64::max);
    let year_w = m.width("2020", AXIS);
    let k = [1usize, 2, 3, 4, 6]
        .into_iter()
        .find(|&k| xs.step * k as f64 >= widest + GAP)
        .unwrap_or_else(|| {
            (1..)
                .map(|y| 12 * y)
                .find(|&k| xs.step * k as f64 >= year_w + GAP)
                .unwrap_or(12)
        });
    let mut first_label = true;
    let mut last_year_right = f64::NEG_INFINITY;
    for i in first..=last {
        let mo = data.months[i];
        let aligned = if k < 12 {
            (mo.month() as usize - 1) % k == 0
        } else {
            mo.month() == 1 && (mo.year() as usize) % (k / 12) == 0
        };
        let x = xs.x(i);
        if aligned {
            marks.push(Mark::Line {
                role: Role::Axis,
                from: Pt::new(x, plot.bottom()),
                to: Pt::new(x, plot.bottom() + 4.0),
                colour: t.axis,
                width: 1.0,
                dash: Dash::Solid,
            });
        }
        let ly = plot.bottom() + 5.0;
        if k < 12 && aligned {
            let s = &mo.name()[..3];
            let tw = m.width(s, AXIS);
            let lx = (x - tw / 2.0).clamp(0.0, (width - tw).max(0.0));
            marks.push(text(Role::XLabel, lx, ly, s, AXIS, t.muted, m));
        }
        let year_here = if k < 12 {
            aligned && (first_label || mo.month() == 1)
        } else {
            aligned
        };
        if year_here {
            let s = mo.year().to_string();
            let tw = m.width(&s, AXIS);
            let lx = (x - tw / 2.0).clamp(0.0, (width - tw).max(0.0));
            if lx >= last_year_right + GAP {
                let row = if k < 12 { ly + AXIS.line_height() } else { ly };
                marks.push(text(Role::XLabel, lx, row, &s, AXIS, t.muted, m));
                last_year_right = lx + tw;
            }
        }
        if aligned {
            first_label = false;
        }
    }

    // Rebase separators.
    for g in data.analysis.groups.iter().skip(1) {
        if g.start > first && g.start <= last {
            let x = xs.x(g.start) - xs.step / 2.0;
            marks.push(Mark::Line {
                role: Role::Rebase(g.start),
                from: Pt::new(x, plot.y),
                to: Pt::new(x, plot.bottom()),
                colour: t.muted,
                width: 1.0,
                dash: Dash::Dotted,
            });
        }
    }

    // Mean, limits and near limits per group, with value labels at each group's right end.
    let mut label_boxes: Vec<Rect> = Vec::new();
    let mut line_labels: Vec<Mark> = Vec::new();
    for (gi, g) in data.analysis.groups.iter().enumerate() {
        let a = g.start.max(first);
        let b = g.end.min(last + 1);
        if a >= b {
            continue;
        }
        let mut lines: Vec<LimitLine> = vec![
            (Role::Limit(gi), t.limit, 1.2 * w, Dash::Dashed, |l| l.upl),
            (Role::Limit(gi), t.limit, 1.2 * w, Dash::Dashed, |l| l.lpl),
            (Role::Mean(gi), t.mean, 1.5 * w, Dash::Solid, |l| l.mean),
        ];
        if opts.show_near_limits {
            lines.insert(
                0,
                (
                    Role::NearLimit(gi),
                    t.near_limit,
                    1.0 * w,
                    Dash::Dotted,
                    |l| l.near_upl,
                ),
            );
            lines.insert(
                1,
                (
                    Role::NearLimit(gi),
                    t.near_limit,
                    1.0 * w,
                    Dash::Dotted,
                    |l| l.near_lpl,
                ),
            );
        }
        for (role, colour, width, dash, pick) in &lines {
            for run in step_runs(data, a, b, &xs, *pick) {
                let points: Vec<Pt> = run.iter().map(|&(x, v)| Pt::new(x, y(v))).collect();
                marks.push(Mark::Polyline {
                    role: *role,
                    points,
                    colour: *colour,
                    width: *width,
                    dash: *dash,
                });
            }
        }
        // Labels: the group's own values at its last month with limits.
        let Some(li) = (a..b).rev().find(|&i| data.shown_limits(i).is_some()) else {
            continue;
        };
        let Some(l) = data.shown_limits(li) else {
            continue;
        };
        let end_x = if li + 1 == b {
            xs.x(li)
        } else {
            xs.x(li) + xs.step / 2.0
        };
        let lh = LABEL.line_height();
        let mut wanted = vec![
            (
                format!("Upper {}", format::short_value(unit, l.upl)),
                y(l.upl) - lh,
                t.limit,
            ),
            (
                format!("Average {}", format::short_value(unit, l.mean)),
                y(l.mean) - lh,
                t.mean,
            ),
            (
                format!("Lower {}", format::short_value(unit, l.lpl)),
                y(l.lpl) + 1.0,
                t.limit,
            ),
        ];
        // Narrow groups or narrow charts: values only.
        let full_w = wanted
            .iter()
            .map(|s| m.width(&s.0, LABEL))
            .fold(0.0, f64::max);
        if full_w > (end_x - plot.x) * 0.6 {
            for s in &mut wanted {
                s.0 =
                    s.0.split_once(' ')
                        .map(|p| p.1.to_string())
                        .unwrap_or_default();
            }
        }
        let start_x = xs.x(a.max(first));
        for (s, want_y, colour) in wanted {
            let tw = m.width(&s, LABEL);
            // At the group's right end, else its left end; nudged up or down a line. Best is
            // clear of labels and data; next clear of labels only; else skipped (the values
            // stay in the tooltip and the table).
            let candidates: Vec<(f64, Rect)> = [(end_x - tw - 2.0), start_x + 2.0]
                .iter()
                .flat_map(|&x| {
                    let x = x.clamp(plot.x + 2.0, (plot.right() - tw - 2.0).max(plot.x + 2.0));
                    [0.0, -lh, lh, -2.0 * lh, 2.0 * lh]
                        .into_iter()
                        .map(move |d| (x, Rect::new(x - 2.0, want_y + d, tw + 4.0, lh)))
                })
                .filter(|(_, r)| {
                    r.y >= plot.y
                        && r.bottom() <= plot.bottom()
                        && !label_boxes.iter().any(|o| o.overlaps(r))
                })
                .collect();
            let spot = candidates
                .iter()
                .find(|(_, r)| !hits_data(r))
                .or(candidates.first())
                .copied();
            if let Some((x, r)) = spot {
                label_boxes.push(r);
                line_labels.push(Mark::Rect {
                    role: Role::LineLabel(gi),
                    rect: r,
                    fill: Some(t.background.alpha(217)),
                    stroke: None,
                });
                line_labels.push(text(Role::LineLabel(gi), x, r.y, &s, LABEL, colour, m));
            }
        }
    }

    // Target.
    if let Some(tg) = data.target {
        let ty = y(tg);
        marks.push(Mark::Line {
            role: Role::Target,
            from: Pt::new(plot.x, ty),
            to: Pt::new(plot.right(), ty),
            colour: t.target,
            width: 1.5 * w,
            dash: Dash::DashDot,
        });
        let s = format!("Target {}", format::short_value(unit, tg));
        let tw = m.width(&s, LABEL);
        let lh = LABEL.line_height();
        let r = [-lh, 1.0, -2.0 * lh, lh + 1.0]
            .iter()
            .map(|d| Rect::new(plot.x + 2.0, ty + d, tw + 4.0, lh))
            .find(|r| {
                r.y >= plot.y
                    && r.bottom() <= plot.bottom()
                    && !label_boxes.iter().any(|o| o.overlaps(r))
            });
        if let Some(r) = r {
            label_boxes.push(r);
            line_labels.push(Mark::Rect {
                role: Role::Target,
                rect: r,
                fill: Some(t.background.alpha(217)),
                stroke: None,
            });
            line_labels.push(text(Role::Target, r.x + 2.0, r.y, &s, LABEL, t.target, m));
        }
    }

    // Annotation markers and labels.
    for (i, lane, x, s) in &placed {
        let mx = xs.x(*i);
        let top_y = if *lane == usize::MAX {
            plot.y
        } else {
            lanes_top + (*lane as f64 + 1.0) * lane_h
        };
        marks.push(Mark::Line {
            role: Role::Annotation(*i),
            from: Pt::new(mx, top_y),
            to: Pt::new(mx, plot.bottom()),
            colour: t.annotation,
            width: 1.0 * w,
            dash: Dash::Dotted,
        });
        if *lane != usize::MAX {
            marks.push(text(
                Role::AnnotationLabel(*i),
                *x,
                lanes_top + *lane as f64 * lane_h,
                s,
                LABEL,
                t.annotation,
                m,
            ));
        }
    }

    // The data line, broken at every month with no data: a gap, never a 0.
    let mut run: Vec<Pt> = Vec::new();
    let flush = |run: &mut Vec<Pt>, marks: &mut Vec<Mark>| {
        if run.len() >= 2 {
            marks.push(Mark::Polyline {
                role: Role::DataLine,
                points: std::mem::take(run),
                colour: t.common,
                width: 1.5 * w,
                dash: Dash::Solid,
            });
        }
        run.clear();
    };
    for i in first..=last {
        match pts[i].value {
            Some(v) => run.push(Pt::new(xs.x(i), y(v))),
            None => flush(&mut run, &mut marks),
        }
    }
    flush(&mut run, &mut marks);

    marks.extend(line_labels);

    // Point markers, special cause last so they sit on top.
    let mut points = Vec::new();
    let mut special = Vec::new();
    for i in first..=last {
        let class = describe::point_class(data, i);
        let at = match pts[i].value {
            Some(v) => Pt::new(xs.x(i), y(v)),
            None => Pt::new(xs.x(i), plot.bottom()),
        };
        let side = pts[i].rules.first().map(|h| h.side);
        let shape = point_shape(
            class,
            side,
            at,
            &t,
            if class == PointClass::Missing {
                Role::Missing(i)
            } else {
                Role::Point(i)
            },
        );
        match class {
            PointClass::Common | PointClass::Missing | PointClass::Excluded => marks.extend(shape),
            _ => special.extend(shape),
        }
        points.push(PointMark {
            index: i,
            month: data.months[i],
            value: pts[i].value,
            at,
            class,
        });
    }
    marks.extend(special);

    Scene {
        size,
        theme: t,
        plot,
        x: xs,
        y: ys,
        marks,
        points,
    }
}

/// Runs of a limit line over months `a..b` of one group: a step line following per-month
/// limits (p and u charts), flattened to one segment when the limits are constant (XmR).
/// Broken where a month has no limits.
fn step_runs(
    data: &ChartData,
    a: usize,
    b: usize,
    xs: &MonthScale,
    pick: fn(&crate::spc::Limits) -> f64,
) -> Vec<Vec<(f64, f64)>> {
    let half = xs.step / 2.0;
    let mut runs = Vec::new();
    let mut i = a;
    while i < b {
        if data.shown_limits(i).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b && data.shown_limits(i).is_some() {
            i += 1;
        }
        let end = i - 1;
        if start == end {
            let v = data
                .shown_limits(start)
                .map(|l| pick(&l))
                .unwrap_or(f64::NAN);
            runs.push(vec![(xs.x(start) - half, v), (xs.x(start) + half, v)]);
            continue;
        }
        let mut run: Vec<(f64, f64)> = Vec::new();
        for j in start..=end {
            let v = data.shown_limits(j).map(|l| pick(&l)).unwrap_or(f64::NAN);
            let left = if j == start { xs.x(j) } else { xs.x(j) - half };
            let right = if j == end { xs.x(j) } else { xs.x(j) + half };
            for pt in [(left, v), (right, v)] {
                let n = run.len();
                if n >= 2 && run[n - 1].1 == pt.1 && run[n - 2].1 == pt.1 {
                    // Still level: extend the segment instead of adding a vertex.
                    run[n - 1].0 = pt.0;
                } else if run.last() != Some(&pt) {
                    run.push(pt);
                }
            }
        }
        runs.push(run);
    }
    runs
}

/// True when the segment `a`–`b` crosses or touches the rectangle.
fn segment_hits_rect(a: Pt, b: Pt, r: &Rect) -> bool {
    // Liang–Barsky clipping: the segment hits the box if some part survives the clip.
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.x - r.x),
        (dx, r.right() - a.x),
        (-dy, a.y - r.y),
        (dy, r.bottom() - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

/// Marks of the cursor at month `index`: a vertical guide and a ring around the point, in
/// the cursor colour (3:1 against the background, WCAG 2.4.7 / 1.4.11).
pub fn cursor_marks(scene: &Scene, index: usize) -> Vec<Mark> {
    let Some(p) = scene.point(index) else {
        return Vec::new();
    };
    let t = &scene.theme;
    vec![
        Mark::Line {
            role: Role::Cursor,
            from: Pt::new(p.at.x, scene.plot.y),
            to: Pt::new(p.at.x, scene.plot.bottom()),
            colour: t.cursor,
            width: 1.0,
            dash: Dash::Dashed,
        },
        Mark::Circle {
            role: Role::Cursor,
            centre: p.at,
            radius: 9.0,
            fill: None,
            stroke: Some((t.cursor, 2.0)),
        },
    ]
}
