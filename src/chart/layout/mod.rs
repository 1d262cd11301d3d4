//! [`layout`]: from chart data and a size to a [`Scene`]. All geometry lives here; text
//! widths come only from the injected [`MeasureText`].
//!
//! The chart is laid out top to bottom: the header (title, subtitle, icons, badge, key;
//! `header`), the footer from the bottom up, then the plot between them (`plot`): y axis,
//! annotation lanes, then lines, labels and points in paint order.

mod fit;
mod header;
mod plot;
mod shapes;

use self::header::{footer_lines, header};
use self::plot::{Frame, Lanes, LineLabels, YAxis};
use super::data::ChartData;
use super::scale::{LinearScale, MonthScale};
use super::scene::{Dash, Mark, Pt, Rect, Role, Scene, Size};
use super::theme::{Colour, Theme};
use super::{ChartOptions, Font, MeasureText};

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
/// Height under the plot for two rows of month labels (month, year).
const X_AXIS_H: f64 = 4.0 + 2.0 * 14.0 + 4.0;

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

/// The months shown: the option's period clamped to the data, or all of them.
fn period(data: &ChartData, opts: &ChartOptions) -> Option<(usize, usize)> {
    let n = data.len();
    if n == 0 {
        return None;
    }
    let (a, b) = opts.period.unwrap_or((0, n - 1));
    let b = b.min(n - 1);
    let a = a.min(b);
    Some((a, b))
}

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
    let footer = footer_lines(data, opts, width, m).len() as f64 * FOOTER.line_height();
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
    let footer = footer_lines(data, opts, width, m);
    let footer_top = height - PAD - footer.len() as f64 * FOOTER.line_height();
    for (k, line) in footer.iter().enumerate() {
        let y = footer_top + k as f64 * FOOTER.line_height();
        marks.push(text(Role::Footer, PAD, y, line, FOOTER, t.muted, m));
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

    // The y axis decides the plot's left edge (its widest label), which decides the month
    // scale, which decides how many annotation lanes the top needs.
    let axis = YAxis::new(data, opts, first, last, plot_bottom - top, m);
    let plot_left = PAD + axis.label_width + 6.0;
    let plot_right = (width - PAD).max(plot_left + 10.0);
    let xs = MonthScale::new(first, last, plot_left, plot_right);
    let lanes = Lanes::place(data, first, last, &xs, plot_right, top, m);
    let plot_top = top + lanes.height();
    let plot = Rect::new(
        plot_left,
        plot_top,
        plot_right - plot_left,
        (plot_bottom - plot_top).max(20.0),
    );
    let f = Frame {
        data,
        opts,
        t,
        m,
        first,
        last,
        plot,
        xs,
        ys: axis.scale(&plot),
        width,
    };

    // Paint order: bands, grid, axes, lines, data, labels, points (special cause on top).
    f.missing_bands(&mut marks);
    f.grid(&axis, &mut marks);
    f.month_labels(&mut marks);
    f.rebase_lines(&mut marks);
    let mut labels = LineLabels::default();
    f.group_lines(&mut marks, &mut labels);
    f.target(&mut marks, &mut labels);
    f.annotations(&lanes, &mut marks);
    f.data_line(&mut marks);
    marks.append(&mut labels.marks);
    let points = f.points(&mut marks);

    Scene {
        size,
        theme: t,
        plot,
        x: f.xs,
        y: f.ys,
        marks,
        points,
    }
}

/// Where to put the top-left corner of a tooltip of `size` for month `index`, in scene
/// coordinates: beside the point (right if it fits, else left) so it never covers the point
/// or the cursor ring, vertically centred on it, and kept inside the scene (WCAG 2.4.11:
/// focus not obscured). `None` when the month is not shown.
pub fn tooltip_anchor(scene: &Scene, index: usize, size: Size) -> Option<Pt> {
    let p = scene.point(index)?;
    const OFFSET: f64 = 14.0; // clears the 9 px cursor ring
    let right = p.at.x + OFFSET;
    let left = p.at.x - OFFSET - size.width;
    let max_x = (scene.size.width - size.width).max(0.0);
    let max_y = (scene.size.height - size.height).max(0.0);
    if right + size.width <= scene.size.width || left >= 0.0 {
        let x = if right + size.width <= scene.size.width {
            right
        } else {
            left
        };
        let y = (p.at.y - size.height / 2.0).min(max_y).max(0.0);
        return Some(Pt::new(x, y));
    }
    // Too narrow for either side (a phone): above the point, else below it.
    let x = (p.at.x - size.width / 2.0).min(max_x).max(0.0);
    let above = p.at.y - OFFSET - size.height;
    let y = if above >= 0.0 {
        above
    } else {
        (p.at.y + OFFSET).min(max_y)
    };
    Some(Pt::new(x, y))
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
