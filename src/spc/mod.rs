//! The SPC engine: XmR (and p, p′, u, u′, c) limits, the four Making Data Count rules, point
//! types, icons and the PCC report class, for one series of values.
//!
//! The engine knows nothing of dates, files or pixels. A series is a slice of
//! `Option<f64>` (`None` = not published), rebases are indices where a new group starts, and
//! excluded points are indices that are drawn but left out of the limits and the rules.
//! Every profile is a named [`Settings`] value, so a chart can say exactly which rules it used.
//!
//! The public types in this file are shared with the chart, the command line and the
//! published-format modules. The engine is in submodules:
//! - [`settings`]: [`Settings`] and the four profiles as data (constants, run lengths, how a
//!   point on the mean, a tie or a gap treats a run);
//! - `limits`: XmR and p/p′/u/u′/c limits of one rebase group;
//! - [`rules`]: the four MDC rules (each quoting its MDC wording) and the Anhøj runs analysis,
//!   as total functions over one gap-free segment;
//! - [`icons`]: point types, the variation and assurance icons, and the PCC class table;
//! - `engine`: [`analyse`], which ties them together and documents how gaps and excluded
//!   points are treated.
//!
//! Conformance with NHSRplotthedots, PowerBI-SPC, qicharts2 and nhspy-plotthedots is tested in
//! `tests/spc_conformance.rs` (its README lists every documented difference).

use serde::{Deserialize, Serialize};

pub(crate) mod engine;
pub mod icons;
mod limits;
pub mod rules;
pub mod settings;
pub(crate) mod small_sort;

pub use engine::{analyse, MAX_ABS_VALUE};
pub use settings::{
    GapPolicy, RuleSwitches, RunLengths, RunPolicy, Settings, TrendSide, TwoOfThreeMode,
};

/// One series to analyse. See the module docs; all slices are indexed like `values`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input<'a> {
    /// The values (`None` = not published). For p and u charts the engine uses
    /// numerators / denominators instead, and these may be all `None`.
    pub values: &'a [Option<f64>],
    /// Numerators of p/p′/u/u′ charts (or the counts of a c chart, optional).
    pub numerators: Option<&'a [Option<f64>]>,
    /// Denominators of p/p′/u/u′ charts.
    pub denominators: Option<&'a [Option<f64>]>,
    /// Which way is better.
    pub direction: Direction,
    /// The target, for the assurance icon.
    pub target: Option<f64>,
    /// Indices where a new rebase group starts (0 is implied; order and repeats do not matter).
    pub rebase_at: &'a [usize],
    /// Indices drawn but left out of the limits and the rules.
    pub excluded: &'a [usize],
    /// Limits from the first N rows of each group (missing months counted), extended forward.
    pub fix_after_n_points: Option<usize>,
    /// The chart type.
    pub chart: ChartType,
}

impl<'a> Input<'a> {
    /// An XmR input with no target, rebases, exclusions or fixed baseline.
    pub fn xmr(values: &'a [Option<f64>], direction: Direction) -> Self {
        Input {
            values,
            numerators: None,
            denominators: None,
            direction,
            target: None,
            rebase_at: &[],
            excluded: &[],
            fix_after_n_points: None,
            chart: ChartType::Xmr,
        }
    }
}

/// The Anhøj runs analysis of one group (qicharts2 profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunsAnalysis {
    /// Published, non-excluded points not on the centre line.
    pub useful_points: usize,
    /// The longest run on one side of the centre line.
    pub longest_run: usize,
    /// round(log2 n) + 3.
    pub longest_run_max: usize,
    /// How many times the series crosses the centre line.
    pub crossings: usize,
    /// qbinom(0.05, n − 1, 0.5).
    pub crossings_min: usize,
    /// True when the longest run is too long or the crossings too few.
    pub signal: bool,
}

/// Which way is better for a measure. Decides whether special cause is improvement or concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher is better (e.g. % of 999 calls answered in 10 s, positive outcomes).
    Increase,
    /// Lower is better (e.g. crimes, response times).
    Decrease,
    /// Neither (e.g. call volumes): special cause is shown as neutral high/low.
    Neutral,
}

impl Direction {
    /// Parses `increase`, `decrease` or `neutral`.
    pub fn parse(text: &str) -> Option<Direction> {
        match text {
            "increase" => Some(Direction::Increase),
            "decrease" => Some(Direction::Decrease),
            "neutral" => Some(Direction::Neutral),
            _ => None,
        }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Neutral => "neutral",
        }
    }
}

/// The kind of control chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ChartType {
    /// Individuals and moving range (the MDC default for every measure).
    #[default]
    Xmr,
    /// Proportion (numerators / denominators), limits vary with each denominator.
    P,
    /// Laney p′: p with its sigma scaled by the between-month variation.
    Pp,
    /// Rate (numerators / denominators, e.g. crimes per 1,000 population).
    U,
    /// Laney u′.
    Up,
    /// Counts of rare events (c̄ ± 3√c̄).
    C,
}

impl ChartType {
    /// Parses `xmr`, `p`, `pp`, `u`, `up` or `c`.
    pub fn parse(text: &str) -> Option<ChartType> {
        match text {
            "xmr" => Some(ChartType::Xmr),
            "p" => Some(ChartType::P),
            "pp" => Some(ChartType::Pp),
            "u" => Some(ChartType::U),
            "up" => Some(ChartType::Up),
            "c" => Some(ChartType::C),
            _ => None,
        }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartType::Xmr => "xmr",
            ChartType::P => "p",
            ChartType::Pp => "pp",
            ChartType::U => "u",
            ChartType::Up => "up",
            ChartType::C => "c",
        }
    }

    /// True for charts that need numerators and denominators.
    pub fn needs_denominators(self) -> bool {
        matches!(
            self,
            ChartType::P | ChartType::Pp | ChartType::U | ChartType::Up
        )
    }
}

/// A named set of constants and rule semantics, reproducing a reference tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The current NHS England Making Data Count Excel tool (the default).
    #[default]
    Mdc,
    /// NHSRplotthedots 0.2.2.
    Nhsr,
    /// The PowerBI-SPC engine with all four rules on and its defaults.
    Powerbi,
    /// qicharts2 0.8.1: 3/1.128 limits and the Anhøj runs analysis.
    Qicharts2,
}

impl Profile {
    /// Parses `mdc`, `nhsr`, `powerbi` or `qicharts2`.
    pub fn parse(text: &str) -> Option<Profile> {
        match text {
            "mdc" => Some(Profile::Mdc),
            "nhsr" => Some(Profile::Nhsr),
            "powerbi" => Some(Profile::Powerbi),
            "qicharts2" => Some(Profile::Qicharts2),
            _ => None,
        }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Mdc => "mdc",
            Profile::Nhsr => "nhsr",
            Profile::Powerbi => "powerbi",
            Profile::Qicharts2 => "qicharts2",
        }
    }
}

/// Which side of the mean (or which way a trend goes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Above the mean, or rising.
    High,
    /// Below the mean, or falling.
    Low,
}

/// The four MDC rules, in precedence order (the first that fires names the point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A single point outside the process limits.
    OutsideLimits,
    /// A run of points all increasing or all decreasing.
    Trend,
    /// Two out of three points close to a process limit.
    TwoOfThree,
    /// A run of points all above or all below the mean.
    Shift,
}

/// One rule that fired at a point, and on which side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RuleHit {
    /// The rule.
    pub rule: Rule,
    /// High (above the mean / rising) or low.
    pub side: Side,
}

/// The MDC point type, from the first rule that fired and the improvement direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointType {
    /// No rule fired (or the point is missing or excluded).
    CommonCause,
    /// A rule fired on the better side.
    SpecialCauseImprovement,
    /// A rule fired on the worse side.
    SpecialCauseConcern,
    /// A rule fired, high side, for a neutral measure.
    SpecialCauseNeutralHigh,
    /// A rule fired, low side, for a neutral measure.
    SpecialCauseNeutralLow,
}

/// The MDC variation icon for the chart, taken from the last point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariationIcon {
    /// Common cause variation (grey).
    CommonCause,
    /// Special cause improvement, high (blue).
    ImprovementHigh,
    /// Special cause improvement, low (blue).
    ImprovementLow,
    /// Special cause concern, high (orange).
    ConcernHigh,
    /// Special cause concern, low (orange).
    ConcernLow,
    /// Special cause, neutral measure, high (purple).
    NeutralHigh,
    /// Special cause, neutral measure, low (purple).
    NeutralLow,
}

/// The MDC assurance icon: can the process be relied on to meet the target?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// The target lies outside the limits on the failing side: it will not be met without change.
    ConsistentFail,
    /// The target lies outside the limits on the passing side: it will be met.
    ConsistentPass,
    /// The target lies within the limits: sometimes met, sometimes not.
    Inconsistent,
}

/// The limits of one point (they are the same for every point of an XmR group, and vary
/// with the denominator on p and u charts). Display truncation (below 0, above 1 for p) is the
/// chart's job; these are the values the rules use.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// The centre line.
    pub mean: f64,
    /// Lower process limit (mean − 3σ).
    pub lpl: f64,
    /// Upper process limit (mean + 3σ).
    pub upl: f64,
    /// Lower near limit (mean − 2σ).
    pub near_lpl: f64,
    /// Upper near limit (mean + 2σ).
    pub near_upl: f64,
}

/// The PCC quarterly-report vocabulary for a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PccKind {
    /// A single point outside the limits (red or green circle).
    SinglePointException,
    /// Common cause only (amber circle).
    Stable,
    /// A run on one side of the mean (amber arrow; "reset the limits when the cause is understood").
    StepShift,
    /// A run rising or falling (red or green arrow).
    SignificantTrend,
}

/// Red, amber or green as the PCC reports use them. Always shown with a shape or word too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    /// Worse (concern).
    Red,
    /// Stable or a shift (or neutral special cause).
    Amber,
    /// Better (improvement).
    Green,
}

/// The PCC report class of a chart: kind, direction and colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PccClass {
    /// Which of the four report classes.
    pub kind: PccKind,
    /// Up or down, where the class has one (none for stable).
    pub direction: Option<Side>,
    /// The report colour.
    pub rag: Rag,
    /// The words the report uses, e.g. "Significant increasing trend".
    pub label: String,
}

/// One analysed point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The value (`None` = not published).
    pub value: Option<f64>,
    /// The limits at this point, `None` when the group has too few points for limits.
    pub limits: Option<Limits>,
    /// The point type from the first rule that fired (precedence order of [`Rule`]).
    pub point_type: PointType,
    /// Every rule that fired at this point, in precedence order.
    pub rules: Vec<RuleHit>,
    /// The 0-based rebase group this point belongs to.
    pub group: usize,
    /// True when the point is drawn but left out of the limits and the rules.
    pub excluded: bool,
}

/// One rebase group (a run of points with its own limits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Index of the first point.
    pub start: usize,
    /// Index one past the last point.
    pub end: usize,
    /// Number of published, not excluded points used for the limits.
    pub points_used: usize,
    /// The XmR centre and limits of the group (for p/u charts: the centre, with limits at the
    /// mean denominator), `None` with too few points.
    pub limits: Option<Limits>,
    /// Mean moving range used (XmR), after screening if the profile screens.
    pub mr_bar: Option<f64>,
    /// True when the group is too short for firm limits (MDC: fewer than 13 points).
    pub trial: bool,
    /// The Anhøj runs analysis, when the profile runs it (qicharts2).
    pub runs_analysis: Option<RunsAnalysis>,
}

/// A rebase the engine suggests (never applies): a shift has persisted from `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestedRebase {
    /// Index of the first point of the run.
    pub at: usize,
    /// How many points the run has.
    pub run_length: usize,
    /// Above or below the mean.
    pub side: Side,
}

/// Something a reader of the chart should know that is not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// A short machine-readable code, e.g. `trial_limits`, `too_few_points`.
    pub code: String,
    /// A sentence for people. About one rebase group of several, it starts with the group's
    /// name from [`group_subject`] (the engine knows indices, not months).
    pub message: String,
    /// The rebase group the warning is about, when the series has several; `None` for the
    /// whole series. Lets a caller that knows the months name the period instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
}

/// How a warning names rebase group `g` (0-based) that starts at index `start`:
/// "Group 2 (from index 6)".
pub fn group_subject(g: usize, start: usize) -> String {
    format!("Group {} (from index {start})", g + 1)
}

/// The result of analysing one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// One entry per input value, same order.
    pub points: Vec<Point>,
    /// The rebase groups, in order.
    pub groups: Vec<Group>,
    /// From the last published point; `None` when there are too few points for limits.
    pub variation_icon: Option<VariationIcon>,
    /// From the target and the last group's limits; `None` for neutral measures, no target
    /// or no limits.
    pub assurance: Option<Assurance>,
    /// The PCC report class; `None` when there are too few points.
    pub pcc_class: Option<PccClass>,
    /// Shifts that persist and may justify recalculating the limits, if the cause is known.
    pub suggested_rebases: Vec<SuggestedRebase>,
    /// Things to tell the reader (trial limits, too few points, runs-analysis signals, …).
    pub warnings: Vec<Warning>,
}
