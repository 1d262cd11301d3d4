//! The [`Scene`]: the single source of chart geometry. The painter, the hit-tester, the
//! keyboard cursor and any DOM overlay (tooltip position) all read it.

use std::fmt::Write as _;

use super::scale::{LinearScale, MonthScale};
use super::theme::{Colour, Theme};
use super::Font;
use crate::month::Month;

/// A point in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pt {
    /// From the left edge.
    pub x: f64,
    /// From the top edge.
    pub y: f64,
}

impl Pt {
    /// `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Pt {
        Pt { x, y }
    }

    /// Euclidean distance.
    pub fn distance(self, other: Pt) -> f64 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// A size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Size {
    /// `width × height`.
    pub const fn new(width: f64, height: f64) -> Size {
        Size { width, height }
    }
}

/// An axis-aligned rectangle in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The rectangle at `(x, y)` of size `w × h`.
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// True when `p` is inside (edges included).
    pub fn contains(&self, p: Pt) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// True when the two rectangles share any area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// Line pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dash {
    /// Continuous.
    Solid,
    /// Long dashes (process limits).
    Dashed,
    /// Dots (near limits, annotation markers).
    Dotted,
    /// Dash-dot (target).
    DashDot,
    /// Short even dashes (trial limits: a group too short for firm limits).
    Short,
}

impl Dash {
    /// On/off lengths in CSS pixels at line width 1, `None` for solid.
    pub fn pattern(self) -> Option<&'static [f64]> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some(&[6.0, 4.0]),
            Dash::Dotted => Some(&[2.0, 3.0]),
            Dash::DashDot => Some(&[8.0, 3.0, 2.0, 3.0]),
            Dash::Short => Some(&[3.0, 3.0]),
        }
    }
}

/// What a mark is for: lets tests and snapshots talk about marks by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The background fill.
    Background,
    /// Title text.
    Title,
    /// Subtitle text (latest value, quarter comparison).
    Subtitle,
    /// The variation icon.
    VariationIcon,
    /// The assurance icon.
    AssuranceIcon,
    /// The PCC class badge.
    Badge,
    /// The key.
    Legend,
    /// Horizontal gridline.
    Grid,
    /// Axis line or tick.
    Axis,
    /// Y tick label.
    YLabel,
    /// X (month) label.
    XLabel,
    /// Band and axis marker of a month with no data.
    Missing(usize),
    /// Separator at the start of a rebased group.
    Rebase(usize),
    /// Mean line of a group.
    Mean(usize),
    /// Process limit line of a group.
    Limit(usize),
    /// Near limit line of a group.
    NearLimit(usize),
    /// Value label of a group's line.
    LineLabel(usize),
    /// The target line or its label.
    Target,
    /// Annotation marker line at a month.
    Annotation(usize),
    /// Annotation text for a month.
    AnnotationLabel(usize),
    /// The data line (one run of consecutive published months).
    DataLine,
    /// The marker of point `i`.
    Point(usize),
    /// Source line and "Data to" line.
    Footer,
    /// The keyboard/hover cursor.
    Cursor,
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A straight line.
    Line {
        /// Meaning.
        role: Role,
        /// Start.
        from: Pt,
        /// End.
        to: Pt,
        /// Colour.
        colour: Colour,
        /// Width in CSS pixels.
        width: f64,
        /// Pattern.
        dash: Dash,
    },
    /// Connected line segments.
    Polyline {
        /// Meaning.
        role: Role,
        /// Vertices.
        points: Vec<Pt>,
        /// Colour.
        colour: Colour,
        /// Width in CSS pixels.
        width: f64,
        /// Pattern.
        dash: Dash,
    },
    /// A rectangle.
    Rect {
        /// Meaning.
        role: Role,
        /// Where.
        rect: Rect,
        /// Fill.
        fill: Option<Colour>,
        /// Outline colour and width.
        stroke: Option<(Colour, f64)>,
    },
    /// A circle.
    Circle {
        /// Meaning.
        role: Role,
        /// Centre.
        centre: Pt,
        /// Radius.
        radius: f64,
        /// Fill.
        fill: Option<Colour>,
        /// Outline colour and width.
        stroke: Option<(Colour, f64)>,
    },
    /// A filled polygon (point shapes, arrows).
    Polygon {
        /// Meaning.
        role: Role,
        /// Vertices.
        points: Vec<Pt>,
        /// Fill.
        fill: Colour,
        /// Outline colour and width.
        stroke: Option<(Colour, f64)>,
    },
    /// One line of text, anchored at its top-left corner.
    Text {
        /// Meaning.
        role: Role,
        /// Top-left corner.
        at: Pt,
        /// The text.
        text: String,
        /// Font.
        font: Font,
        /// Colour.
        colour: Colour,
        /// Width as measured by the layout's `MeasureText`.
        width: f64,
    },
}

impl Mark {
    /// The mark's role.
    pub fn role(&self) -> Role {
        match self {
            Mark::Line { role, .. }
            | Mark::Polyline { role, .. }
            | Mark::Rect { role, .. }
            | Mark::Circle { role, .. }
            | Mark::Polygon { role, .. }
            | Mark::Text { role, .. } => *role,
        }
    }

    /// The bounding box of a text mark (its measured width × line height).
    pub fn text_box(&self) -> Option<Rect> {
        match self {
            Mark::Text {
                at, font, width, ..
            } => Some(Rect::new(at.x, at.y, *width, font.line_height())),
            _ => None,
        }
    }
}

/// How a point is classed on the chart: colour **and** shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PointClass {
    /// Common cause: small grey circle.
    Common,
    /// Special cause improvement: blue diamond.
    Improvement,
    /// Special cause concern: orange triangle.
    Concern,
    /// Special cause, neutral measure, high: purple square.
    NeutralHigh,
    /// Special cause, neutral measure, low: purple square.
    NeutralLow,
    /// Left out of the limits: hollow circle with a cross.
    Excluded,
    /// No data published: no marker on the line, a band and an axis marker instead.
    Missing,
}

impl PointClass {
    /// The word for the key and the data table.
    pub fn label(self) -> &'static str {
        match self {
            PointClass::Common => "Common cause",
            PointClass::Improvement => "Special cause: improvement",
            PointClass::Concern => "Special cause: concern",
            PointClass::NeutralHigh => "Special cause: high",
            PointClass::NeutralLow => "Special cause: low",
            PointClass::Excluded => "Excluded from limits",
            PointClass::Missing => "No data published",
        }
    }
}

/// One month shown on the chart, for hit-testing, the cursor and tooltips.
#[derive(Debug, Clone, PartialEq)]
pub struct PointMark {
    /// Index into [`super::ChartData::months`].
    pub index: usize,
    /// The month.
    pub month: Month,
    /// The value, `None` = no data published.
    pub value: Option<f64>,
    /// Where the marker is; for a missing month, its marker on the x axis.
    pub at: Pt,
    /// Colour and shape class.
    pub class: PointClass,
}

/// Everything layout decided, in CSS pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The size laid out for.
    pub size: Size,
    /// Colours used.
    pub theme: Theme,
    /// The plotting rectangle (inside the axes).
    pub plot: Rect,
    /// Months to x.
    pub x: MonthScale,
    /// Values to y.
    pub y: LinearScale,
    /// Marks in paint order.
    pub marks: Vec<Mark>,
    /// One per month shown, in month order.
    pub points: Vec<PointMark>,
}

impl Scene {
    /// The shown month with index `index`.
    pub fn point(&self, index: usize) -> Option<&PointMark> {
        let first = self.points.first()?.index;
        self.points.get(index.checked_sub(first)?)
    }

    /// Marks with a given role.
    pub fn marks_with(&self, role: Role) -> impl Iterator<Item = &Mark> {
        self.marks.iter().filter(move |m| m.role() == role)
    }

    /// A stable text rendering of the scene for snapshot tests: one line per mark, numbers
    /// to 0.1 px.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let p = |pt: &Pt| format!("({:.1},{:.1})", pt.x, pt.y);
        let c = |c: &Option<Colour>| match c {
            Some(c) => format!("{c:?}"),
            None => "none".into(),
        };
        let st = |s: &Option<(Colour, f64)>| match s {
            Some((c, w)) => format!("{c:?}/{w:.1}"),
            None => "none".into(),
        };
        let _ = writeln!(
            s,
            "scene {:.0}x{:.0} {:?} plot ({:.1},{:.1},{:.1},{:.1})",
            self.size.width,
            self.size.height,
            self.theme.palette,
            self.plot.x,
            self.plot.y,
            self.plot.w,
            self.plot.h
        );
        for m in &self.marks {
            let _ = match m {
                Mark::Line {
                    role,
                    from,
                    to,
                    colour,
                    width,
                    dash,
                } => writeln!(
                    s,
                    "line {role:?} {}-{} {colour:?} w{width:.1} {dash:?}",
                    p(from),
                    p(to)
                ),
                Mark::Polyline {
                    role,
                    points,
                    colour,
                    width,
                    dash,
                } => writeln!(
                    s,
                    "polyline {role:?} {} {colour:?} w{width:.1} {dash:?}",
                    points.iter().map(p).collect::<Vec<_>>().join(" ")
                ),
                Mark::Rect {
                    role,
                    rect,
                    fill,
                    stroke,
                } => writeln!(
                    s,
                    "rect {role:?} ({:.1},{:.1},{:.1},{:.1}) fill {} stroke {}",
                    rect.x,
                    rect.y,
                    rect.w,
                    rect.h,
                    c(fill),
                    st(stroke)
                ),
                Mark::Circle {
                    role,
                    centre,
                    radius,
                    fill,
                    stroke,
                } => writeln!(
                    s,
                    "circle {role:?} {} r{radius:.1} fill {} stroke {}",
                    p(centre),
                    c(fill),
                    st(stroke)
                ),
                Mark::Polygon {
                    role,
                    points,
                    fill,
                    stroke,
                } => writeln!(
                    s,
                    "polygon {role:?} {} fill {fill:?} stroke {}",
                    points.iter().map(p).collect::<Vec<_>>().join(" "),
                    st(stroke)
                ),
                Mark::Text {
                    role,
                    at,
                    text,
                    font,
                    colour,
                    width,
                } => writeln!(
                    s,
                    "text {role:?} {} {}{:.0}px w{width:.1} {colour:?} {text:?}",
                    p(at),
                    if font.bold { "bold " } else { "" },
                    font.size
                ),
            };
        }
        for pt in &self.points {
            let _ = writeln!(
                s,
                "point {} {} {} {:?} {:?}",
                pt.index,
                pt.month,
                p(&pt.at),
                pt.value,
                pt.class
            );
        }
        s
    }
}
