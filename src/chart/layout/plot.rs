//! The plot: y axis, month labels, annotation lanes, group lines with their value labels,
//! the target, the data line and the point markers.

// Month indices are the domain here: loops run over months and index several parallel
// slices (points, months, limits) with the same index.
#![allow(clippy::needless_range_loop)]

// Fixed lists of candidates (label spots, nudges, month steps) are walked as slices,
// `for &x in &[..]`: an array walked by value brings `array::IntoIter` and its `next` into the
// download.

use super::fit::elide;
use super::shapes::point_shape;
use super::{text, AXIS, GAP, LABEL, MAX_LANES};
use crate::chart::data::ChartData;
use crate::chart::scale::{nice_ticks, LinearScale, MonthScale};
use crate::chart::scene::{Dash, Mark, PointClass, PointMark, Pt, Rect, Role};
use crate::chart::theme::{Colour, Theme};
use crate::chart::{ChartOptions, MeasureText};
use crate::describe::{self, format};
use crate::model::Unit;

/// A line of a group: role, colour, width, pattern and which limit it follows.
type LimitLine = (Role, Colour, f64, Dash, fn(&crate::spc::Limits) -> f64);

/// The y axis: round ticks covering every value, shown limit and the target in the period.
pub(super) struct YAxis {
    ticks: Vec<f64>,
    labels: Vec<String>,
    /// Width of the widest tick label.
    pub(super) label_width: f64,
}

impl YAxis {
    /// Ticks for the months `first..=last`, about one per 42 px of `height`.
    pub(super) fn new(
        data: &ChartData,
        opts: &ChartOptions,
        first: usize,
        last: usize,
        height: f64,
        m: &dyn MeasureText,
    ) -> YAxis {
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
        // Never below 0 for a quantity that cannot be negative.
        let min_lo = if lo >= 0.0 && unit != Unit::Score {
            0.0
        } else {
            f64::NEG_INFINITY
        };
        let dlo = (lo - span * 0.05).max(min_lo);
        let mut dhi = hi + span * 0.05;
        if unit == Unit::Percent && hi <= 100.0 {
            // No axis above 100%: nothing can be there.
            dhi = dhi.min(100.0);
        }
        let tick_count = ((height.max(40.0) / 42.0) as usize).clamp(3, 8);
        let mut ticks = nice_ticks(dlo, dhi, tick_count);
        if unit == Unit::Count && ticks.len() > 1 && ticks[1] - ticks[0] < 1.0 {
            // Counts are whole numbers: no tick at 0.5 of a crime.
            ticks.clear();
            for v in dlo.floor() as i64..=dhi.ceil() as i64 {
                ticks.push(v as f64);
            }
        }
        if ticks.len() < 2 {
            ticks = vec![dlo, dhi];
        }
        let step = ticks[1] - ticks[0];
        let mut labels = Vec::with_capacity(ticks.len());
        for &v in &ticks {
            labels.push(format::tick(unit, v, step));
        }
        let mut label_width = 0.0f64;
        for s in &labels {
            label_width = label_width.max(m.width(s, AXIS));
        }
        YAxis {
            ticks,
            labels,
            label_width,
        }
    }

    /// The scale from the first to the last tick over the plot's height.
    pub(super) fn scale(&self, plot: &Rect) -> LinearScale {
        LinearScale::new(
            self.ticks[0],
            self.ticks[self.ticks.len() - 1],
            plot.bottom(),
            plot.y,
        )
    }
}

/// One annotation's label in a lane above the plot (`lane` is `None` when no lane had
/// room: the marker is drawn, the text stays in the tooltip, point sentence and table).
struct Placed {
    index: usize,
    lane: Option<usize>,
    x: f64,
    text: String,
}

/// Annotation labels in lanes above the plot, left to right, never overlapping.
pub(super) struct Lanes {
    placed: Vec<Placed>,
    top: f64,
    used: usize,
}

impl Lanes {
    /// Places the labels of the annotations in `first..=last`, in up to three lanes above
    /// the plot: whole if they all fit ([`first_fit`]), else shortened so every marker keeps
    /// a label where there is room for one ([`squeezed`]). No label overlaps another, and no
    /// marker line (which runs down from below its own lane) crosses a label.
    pub(super) fn place(
        data: &ChartData,
        first: usize,
        last: usize,
        xs: &MonthScale,
        plot_right: f64,
        top: f64,
        m: &dyn MeasureText,
    ) -> Lanes {
        // Several annotations in one month share one label.
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
        let placed = first_fit(&notes, xs, plot_right, m)
            .filter(|p| !crosses(p, xs, m))
            .unwrap_or_else(|| squeezed(&notes, xs, plot_right, m));
        let mut used = 0;
        for p in &placed {
            if let Some(l) = p.lane {
                used = used.max(l + 1);
            }
        }
        Lanes { placed, top, used }
    }

    /// Height of the lanes plus the gap above the plot.
    pub(super) fn height(&self) -> f64 {
        self.used as f64 * LABEL.line_height() + if self.used > 0 { 4.0 } else { 2.0 }
    }
}

/// Every label whole, each in the first lane with room right of its marker (else left);
/// `None` when some label does not fit whole.
fn first_fit(
    notes: &[(usize, String)],
    xs: &MonthScale,
    plot_right: f64,
    m: &dyn MeasureText,
) -> Option<Vec<Placed>> {
    let mut lane_end = [f64::NEG_INFINITY; MAX_LANES];
    let mut placed = Vec::with_capacity(notes.len());
    'notes: for (index, s) in notes {
        let x = xs.x(*index);
        let w = m.width(s, LABEL);
        for lane in 0..MAX_LANES {
            let right_x = x + 3.0;
            let left_x = x - 3.0 - w;
            let at = if lane_end[lane] + GAP <= right_x && right_x + w <= plot_right {
                lane_end[lane] = right_x + w;
                right_x
            } else if left_x >= 0.0 && lane_end[lane] + GAP <= left_x {
                lane_end[lane] = x - 3.0;
                left_x
            } else {
                continue;
            };
            placed.push(Placed {
                index: *index,
                lane: Some(lane),
                x: at,
                text: s.clone(),
            });
            continue 'notes;
        }
        return None;
    }
    Some(placed)
}

/// True when a marker line crosses a label: a marker runs down from below its own lane (or
/// from the plot's top when unlabelled), through every lane under it.
fn crosses(placed: &[Placed], xs: &MonthScale, m: &dyn MeasureText) -> bool {
    for label in placed {
        let Some(lane) = label.lane else {
            continue;
        };
        let (a, b) = (label.x, label.x + m.width(&label.text, LABEL));
        for marker in placed {
            let above = matches!(marker.lane, Some(l) if l < lane);
            let mx = xs.x(marker.index);
            if marker.index != label.index && above && mx > a - 2.0 && mx < b + 2.0 {
                return true;
            }
        }
    }
    false
}

/// When not every label fits whole: the markers take the lanes in turn (each the lane whose
/// last marker is furthest left), and each label is shortened with "…" to end before the
/// next label of its lane and before any marker line coming down from a lane above. The
/// last label of a lane may go left of its marker when there is more room there. A label
/// with room for less than a few letters is left out: its marker stays, and its text is in
/// the tooltip, the point sentence and the table.
fn squeezed(
    notes: &[(usize, String)],
    xs: &MonthScale,
    plot_right: f64,
    m: &dyn MeasureText,
) -> Vec<Placed> {
    let lanes = MAX_LANES.min(notes.len()).max(1);
    let min_w = m.width("Abc…", LABEL);
    let mut last_x = vec![f64::NEG_INFINITY; lanes];
    let mut lane_of = Vec::with_capacity(notes.len());
    for (index, _) in notes {
        // The first lane whose last marker is furthest left.
        let mut lane = 0;
        for l in 1..lanes {
            if last_x[l] < last_x[lane] {
                lane = l;
            }
        }
        last_x[lane] = xs.x(*index);
        lane_of.push(lane);
    }
    let marker = |k: usize| xs.x(notes[k].0);
    let mut placed = Vec::with_capacity(notes.len());
    for (index, _) in notes {
        placed.push(Placed {
            index: *index,
            lane: None,
            x: xs.x(*index),
            text: String::new(),
        });
    }
    for lane in 0..lanes {
        let mut ks = Vec::new();
        for (k, &l) in lane_of.iter().enumerate() {
            if l == lane {
                ks.push(k);
            }
        }
        // Right to left, so each label knows where the next one in its lane starts.
        let mut next_start = plot_right + GAP;
        for (pos, &k) in ks.iter().enumerate().rev() {
            let s = &notes[k].1;
            let x = marker(k);
            let w = m.width(s, LABEL);
            // The nearest marker lines left and right of `x` that come down through `lane`
            // from above (one loop for both sides).
            let (mut left_line, mut right_line) = (f64::NEG_INFINITY, f64::INFINITY);
            for j in 0..notes.len() {
                if lane_of[j] < lane {
                    let mj = marker(j);
                    if mj > x {
                        right_line = right_line.min(mj);
                    }
                    if mj < x {
                        left_line = left_line.max(mj);
                    }
                }
            }
            let limit = next_start.min(right_line - 3.0 + GAP);
            let right_room = limit - GAP - (x + 3.0);
            let mut spot = None;
            if w > right_room && pos + 1 == ks.len() {
                // The last of its lane, near the right edge: perhaps left of the marker,
                // leaving the label before it a few letters.
                let floor = if pos > 0 {
                    marker(ks[pos - 1]) + 3.0 + min_w + GAP
                } else {
                    0.0
                };
                let left_room = x - 3.0 - floor.max(left_line + 3.0);
                if left_room > right_room && left_room >= min_w {
                    let t = elide(s, LABEL, left_room, m);
                    let tw = m.width(&t, LABEL);
                    spot = Some((x - 3.0 - tw, t));
                }
            }
            // Right of the marker: whole where it fits (`elide` gives it unchanged), else
            // shortened.
            if spot.is_none() && (w <= right_room || right_room >= min_w) {
                spot = Some((x + 3.0, elide(s, LABEL, right_room, m)));
            }
            match spot {
                Some((at, text)) if !text.is_empty() => {
                    next_start = at;
                    placed[k] = Placed {
                        index: notes[k].0,
                        lane: Some(lane),
                        x: at,
                        text,
                    };
                }
                // Unlabelled: the label before it must still stop short of its marker.
                _ => next_start = x - 3.0,
            }
        }
    }
    placed
}

/// Value labels of lines (limits, mean, target), placed so they never overlap each other.
#[derive(Default)]
pub(super) struct LineLabels {
    boxes: Vec<Rect>,
    /// Background and text marks, painted above the data line.
    pub(super) marks: Vec<Mark>,
}

impl LineLabels {
    fn push(&mut self, role: Role, r: Rect, x: f64, s: &str, colour: Colour, f: &Frame<'_>) {
        self.boxes.push(r);
        self.marks.push(Mark::Rect {
            role,
            rect: r,
            fill: Some(f.t.background.alpha(217)),
            stroke: None,
        });
        self.marks.push(text(role, x, r.y, s, LABEL, colour, f.m));
    }

    fn free(&self, r: &Rect, plot: &Rect) -> bool {
        r.y >= plot.y && r.bottom() <= plot.bottom() && !self.boxes.iter().any(|o| o.overlaps(r))
    }
}

/// Everything the plot's parts share.
pub(super) struct Frame<'a> {
    pub(super) data: &'a ChartData,
    pub(super) opts: &'a ChartOptions,
    pub(super) t: Theme,
    pub(super) m: &'a dyn MeasureText,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) plot: Rect,
    pub(super) xs: MonthScale,
    pub(super) ys: LinearScale,
    /// Width of the whole chart.
    pub(super) width: f64,
}

impl Frame<'_> {
    fn y(&self, v: f64) -> f64 {
        self.ys.map(v)
    }

    /// Where the data is drawn (`None` for a missing month), for labels to avoid.
    fn data_at(&self) -> Vec<Option<Pt>> {
        let mut at = Vec::with_capacity((self.last + 1).saturating_sub(self.first));
        for i in self.first..=self.last {
            at.push(
                self.data.analysis.points[i]
                    .value
                    .map(|v| Pt::new(self.xs.x(i), self.y(v))),
            );
        }
        at
    }

    /// Bands behind months with no data.
    pub(super) fn missing_bands(&self, marks: &mut Vec<Mark>) {
        for i in self.first..=self.last {
            if self.data.analysis.points[i].value.is_none() {
                marks.push(Mark::Rect {
                    role: Role::Missing(i),
                    rect: Rect::new(self.xs.edge(i), self.plot.y, self.xs.step, self.plot.h),
                    fill: Some(self.t.missing_band),
                    stroke: None,
                });
            }
        }
    }

    /// Gridlines, y labels and the x axis line.
    pub(super) fn grid(&self, axis: &YAxis, marks: &mut Vec<Mark>) {
        let (plot, t, m) = (self.plot, self.t, self.m);
        for (v, s) in axis.ticks.iter().zip(&axis.labels) {
            let py = self.y(*v);
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
            width: 1.0 * t.weight,
            dash: Dash::Solid,
        });
    }

    /// Month labels in en-GB, thinned to every k months so they never touch (k = 1, 2, 3,
    /// 4, 6, then years only); years on a second line under January and the first label.
    pub(super) fn month_labels(&self, marks: &mut Vec<Mark>) {
        let (plot, t, m, xs, width) = (self.plot, self.t, self.m, self.xs, self.width);
        let mut widest = 0.0f64;
        for &s in &["May", "Sep", "Jun", "Mar"] {
            widest = widest.max(m.width(s, AXIS));
        }
        let year_w = m.width("2020", AXIS);
        // The first k whose labels have room; else years only, every k = 12, 24, … months.
        let mut k = 0;
        for &c in &[1usize, 2, 3, 4, 6] {
            if xs.step * c as f64 >= widest + GAP {
                k = c;
                break;
            }
        }
        if k == 0 {
            k = 12;
            while xs.step * (k as f64) < year_w + GAP {
                k += 12;
            }
        }
        let mut first_label = true;
        let mut last_year_right = f64::NEG_INFINITY;
        for i in self.first..=self.last {
            let mo = self.data.months[i];
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
                let s = mo.short_name();
                let tw = m.width(s, AXIS);
                let lx = (x - tw / 2.0).min(width - tw).max(0.0);
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
                let lx = (x - tw / 2.0).min(width - tw).max(0.0);
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
    }

    /// A dotted separator where each rebased group starts.
    pub(super) fn rebase_lines(&self, marks: &mut Vec<Mark>) {
        for g in self.data.analysis.groups.iter().skip(1) {
            if g.start > self.first && g.start <= self.last {
                let x = self.xs.edge(g.start);
                marks.push(Mark::Line {
                    role: Role::Rebase(g.start),
                    from: Pt::new(x, self.plot.y),
                    to: Pt::new(x, self.plot.bottom()),
                    colour: self.t.muted,
                    width: 1.0,
                    dash: Dash::Dotted,
                });
            }
        }
    }

    /// Mean, limits and near limits per group, with value labels near each group's right
    /// end.
    pub(super) fn group_lines(&self, marks: &mut Vec<Mark>, labels: &mut LineLabels) {
        let (data, t, m, xs, plot) = (self.data, self.t, self.m, self.xs, self.plot);
        let w = t.weight;
        let data_at = self.data_at();
        let hits_data = |r: &Rect| -> bool {
            // Near a point, or on the line from the point before (one loop for both).
            let grown = Rect::new(r.x - 4.0, r.y - 4.0, r.w + 8.0, r.h + 8.0);
            let mut before = None;
            for &p in &data_at {
                if let Some(b) = p {
                    if grown.contains(b) {
                        return true;
                    }
                    if let Some(a) = before {
                        if segment_hits_rect(a, b, r) {
                            return true;
                        }
                    }
                }
                before = p;
            }
            false
        };
        for (gi, g) in data.analysis.groups.iter().enumerate() {
            let a = g.start.max(self.first);
            let b = g.end.min(self.last + 1);
            if a >= b {
                continue;
            }
            // Trial limits (a group too short for firm limits, MDC: fewer than 13 months)
            // look provisional: short even dashes, and labelled "Trial" below.
            let limit_dash = if g.trial { Dash::Short } else { Dash::Dashed };
            // Near limits (when shown) first, under the limits and the mean.
            let mut lines: Vec<LimitLine> = Vec::with_capacity(5);
            if self.opts.show_near_limits {
                let near = |pick: fn(&crate::spc::Limits) -> f64| -> LimitLine {
                    (Role::NearLimit(gi), t.near_limit, w, Dash::Dotted, pick)
                };
                lines.push(near(|l| l.near_upl));
                lines.push(near(|l| l.near_lpl));
            }
            lines.push((Role::Limit(gi), t.limit, 1.2 * w, limit_dash, |l| l.upl));
            lines.push((Role::Limit(gi), t.limit, 1.2 * w, limit_dash, |l| l.lpl));
            lines.push((Role::Mean(gi), t.mean, 1.5 * w, Dash::Solid, |l| l.mean));
            for (role, colour, width, dash, pick) in &lines {
                // Each run taken out of the Vec by reference (no vec::IntoIter), mapped from
                // values to pixels in place: no second Vec per run.
                for run in &mut step_runs(data, a, b, &xs, *pick) {
                    for p in run.iter_mut() {
                        p.y = self.y(p.y);
                    }
                    marks.push(Mark::Polyline {
                        role: *role,
                        points: std::mem::take(run),
                        colour: *colour,
                        width: *width,
                        dash: *dash,
                    });
                }
            }
            // Labels: the group's own values at its last month with limits.
            let mut last_limits = None;
            for i in (a..b).rev() {
                if let Some(l) = data.shown_limits(i) {
                    last_limits = Some((i, l));
                    break;
                }
            }
            let Some((li, l)) = last_limits else {
                continue;
            };
            let end_x = if li + 1 == b {
                xs.x(li)
            } else {
                xs.edge(li + 1)
            };
            let lh = LABEL.line_height();
            let short = |v: f64| format::short_value(data.unit, v);
            let (upper, lower) = if g.trial {
                ("Trial upper", "Trial lower")
            } else {
                ("Upper", "Lower")
            };
            // (label, its value alone, y, colour): narrow groups or charts show the value
            // alone (a unit such as "12.5 min" has a space of its own, so the value is kept
            // apart rather than split off the label).
            let line = |name: &str, v: f64, y: f64, colour| {
                let value = short(v);
                (format!("{name} {value}"), value, y, colour)
            };
            let mut wanted = vec![
                line(upper, l.upl, self.y(l.upl) - lh, t.limit),
                line("Average", l.mean, self.y(l.mean) - lh, t.mean),
                line(lower, l.lpl, self.y(l.lpl) + 1.0, t.limit),
            ];
            if self.opts.show_near_limits {
                // Near limits (2σ) get their values too; they are placed after the firm
                // lines, so where space is short they are the labels left out.
                wanted.push(line(
                    "Near upper",
                    l.near_upl,
                    self.y(l.near_upl) - lh,
                    t.near_limit,
                ));
                wanted.push(line(
                    "Near lower",
                    l.near_lpl,
                    self.y(l.near_lpl) + 1.0,
                    t.near_limit,
                ));
            }
            let mut full_w = 0.0f64;
            for s in &wanted {
                full_w = full_w.max(m.width(&s.0, LABEL));
            }
            let values_only = full_w > (end_x - plot.x) * 0.6;
            let start_x = xs.x(a);
            for (full, value, want_y, colour) in &wanted {
                let s = if values_only { value } else { full };
                let tw = m.width(s, LABEL);
                // At the group's right end, else its left end, else along the line; nudged
                // up or down a line. Best is clear of labels and data; next clear of labels
                // only; else skipped (the values stay in the tooltip and the table).
                let mid = |f: f64| start_x + f * (end_x - start_x) - tw / 2.0;
                let (mut spot, mut clear_of_labels) = (None, None);
                'search: for &x in &[
                    end_x - tw - 2.0,
                    start_x + 2.0,
                    mid(0.5),
                    mid(0.25),
                    mid(0.75),
                ] {
                    let x = x.min(plot.right() - tw - 2.0).max(plot.x + 2.0);
                    for &d in &[0.0, -lh, lh, -2.0 * lh, 2.0 * lh] {
                        let r = Rect::new(x - 2.0, want_y + d, tw + 4.0, lh);
                        if !labels.free(&r, &plot) {
                            continue;
                        }
                        clear_of_labels = clear_of_labels.or(Some((x, r)));
                        if !hits_data(&r) {
                            spot = Some((x, r));
                            break 'search;
                        }
                    }
                }
                let spot = spot.or(clear_of_labels);
                if let Some((x, r)) = spot {
                    labels.push(Role::LineLabel(gi), r, x, s, *colour, self);
                }
            }
        }
    }

    /// The target line and its label at the left.
    pub(super) fn target(&self, marks: &mut Vec<Mark>, labels: &mut LineLabels) {
        let Some(tg) = self.data.target else {
            return;
        };
        let (t, plot) = (self.t, self.plot);
        let ty = self.y(tg);
        marks.push(Mark::Line {
            role: Role::Target,
            from: Pt::new(plot.x, ty),
            to: Pt::new(plot.right(), ty),
            colour: t.target,
            width: 1.5 * t.weight,
            dash: Dash::DashDot,
        });
        let s = format!("Target {}", format::short_value(self.data.unit, tg));
        let tw = self.m.width(&s, LABEL);
        let lh = LABEL.line_height();
        // Above the line, below it, then a line further each way: the first free spot.
        for &d in &[-lh, 1.0, -2.0 * lh, lh + 1.0] {
            let r = Rect::new(plot.x + 2.0, ty + d, tw + 4.0, lh);
            if labels.free(&r, &plot) {
                labels.push(Role::Target, r, r.x + 2.0, &s, t.target, self);
                break;
            }
        }
    }

    /// Annotation markers (a dotted line from the label's lane down the plot) and labels.
    pub(super) fn annotations(&self, lanes: &Lanes, marks: &mut Vec<Mark>) {
        let (t, plot) = (self.t, self.plot);
        let lh = LABEL.line_height();
        for p in &lanes.placed {
            let mx = self.xs.x(p.index);
            let top_y = match p.lane {
                Some(lane) => lanes.top + (lane as f64 + 1.0) * lh,
                None => plot.y,
            };
            marks.push(Mark::Line {
                role: Role::Annotation(p.index),
                from: Pt::new(mx, top_y),
                to: Pt::new(mx, plot.bottom()),
                colour: t.annotation,
                width: t.weight,
                dash: Dash::Dotted,
            });
            if let Some(lane) = p.lane {
                marks.push(text(
                    Role::AnnotationLabel(p.index),
                    p.x,
                    lanes.top + lane as f64 * lh,
                    &p.text,
                    LABEL,
                    t.annotation,
                    self.m,
                ));
            }
        }
    }

    /// The data line, broken at every month with no data: a gap, never a 0.
    pub(super) fn data_line(&self, marks: &mut Vec<Mark>) {
        let mut run: Vec<Pt> = Vec::new();
        let flush = |run: &mut Vec<Pt>, marks: &mut Vec<Mark>| {
            if run.len() >= 2 {
                marks.push(Mark::Polyline {
                    role: Role::DataLine,
                    points: std::mem::take(run),
                    colour: self.t.common,
                    width: 1.5 * self.t.weight,
                    dash: Dash::Solid,
                });
            }
            run.clear();
        };
        for &p in &self.data_at() {
            match p {
                Some(p) => run.push(p),
                None => flush(&mut run, marks),
            }
        }
        flush(&mut run, marks);
    }

    /// Point markers (special cause last, on top) and the points of the scene.
    pub(super) fn points(&self, marks: &mut Vec<Mark>) -> Vec<PointMark> {
        let pts = &self.data.analysis.points;
        let mut points = Vec::new();
        let mut special = Vec::new();
        for i in self.first..=self.last {
            let class = describe::point_class(self.data, i);
            let at = match pts[i].value {
                Some(v) => Pt::new(self.xs.x(i), self.y(v)),
                None => Pt::new(self.xs.x(i), self.plot.bottom()),
            };
            let side = pts[i].rules.first().map(|h| h.side);
            let role = if class == PointClass::Missing {
                Role::Missing(i)
            } else {
                Role::Point(i)
            };
            let layer = match class {
                PointClass::Common | PointClass::Missing | PointClass::Excluded => &mut *marks,
                _ => &mut special,
            };
            point_shape(class, side, at, &self.t, role, layer);
            points.push(PointMark {
                index: i,
                month: self.data.months[i],
                value: pts[i].value,
                at,
                class,
            });
        }
        marks.append(&mut special);
        points
    }
}

/// Runs of a limit line over months `a..b` of one group: a step line following per-month
/// limits (p and u charts), flattened to one segment when the limits are constant (XmR).
/// Broken where a month has no limits. Each vertex is `(x, value)`, the value not yet mapped
/// to y.
fn step_runs(
    data: &ChartData,
    a: usize,
    b: usize,
    xs: &MonthScale,
    pick: fn(&crate::spc::Limits) -> f64,
) -> Vec<Vec<Pt>> {
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
            runs.push(vec![
                Pt::new(xs.x(start) - half, v),
                Pt::new(xs.x(start) + half, v),
            ]);
            continue;
        }
        let mut run: Vec<Pt> = Vec::new();
        for j in start..=end {
            let v = data.shown_limits(j).map(|l| pick(&l)).unwrap_or(f64::NAN);
            let left = if j == start { xs.x(j) } else { xs.edge(j) };
            let right = if j == end { xs.x(j) } else { xs.edge(j + 1) };
            for &pt in &[Pt::new(left, v), Pt::new(right, v)] {
                let n = run.len();
                if n >= 2 && run[n - 1].y == pt.y && run[n - 2].y == pt.y {
                    // Still level: extend the segment instead of adding a vertex.
                    run[n - 1].x = pt.x;
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
    for &(p, q) in &[
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
