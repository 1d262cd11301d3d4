//! Profiles as data: every constant and every rule semantic the engine uses lives in
//! [`Settings`], so a chart can say exactly which rules it used and a caller can change one
//! thing (say, the trend length from 7 to 6, as MDC users ask for in NHSRplotthedots #202)
//! without forking a profile.

use super::Profile;

/// What a point that breaks the pattern of a run does to the run: a point exactly on the
/// mean (shift rule) or a tie with its neighbour (trend rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunPolicy {
    /// The point ends the run (MDC Excel tool, NHSRplotthedots, the PowerBI-SPC repo code).
    Breaks,
    /// The point neither counts nor breaks the run (Perla et al. 2011; PowerBI-Visuals-Core,
    /// qicharts2). A skipped point *inside* a run is flagged with it; one at either end is not.
    Skipped,
}

/// What a missing month (or an excluded point) does to moving ranges and runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GapPolicy {
    /// A gap ends every run and no moving range spans it (MDC, NHSRplotthedots: "any 7-point
    /// window containing it cannot fire").
    Breaks,
    /// The missing row is deleted before anything is computed, so moving ranges and runs join
    /// the points either side (PowerBI-SPC: "missing rows dropped").
    Bridged,
}

/// How the direction (high/low) of a point in a trend is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrendSide {
    /// The direction of the run the point belongs to; a point in two runs (the top of a rise
    /// followed by a fall) takes the later run.
    ByRun,
    /// NHSRplotthedots 0.2.2: the step to the right if the next point is also in a trend,
    /// otherwise the step to the left; a zero step counts as falling.
    Nhsr,
}

/// Which of the four rules are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSwitches {
    /// A single point outside the process limits.
    pub outside_limits: bool,
    /// A run on one side of the mean.
    pub shift: bool,
    /// A run rising or falling.
    pub trend: bool,
    /// Two of three points beyond the near limit.
    pub two_of_three: bool,
}

/// Run lengths, in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunLengths {
    /// Points in a row on one side of the mean (MDC 7).
    pub shift: usize,
    /// Points in a row each higher (or lower) than the one before (MDC 7, PowerBI-SPC 5).
    pub trend: usize,
}

/// The semantics of the two-of-three rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TwoOfThreeMode {
    /// Points beyond the process limit count as "close" (MDC since Nov 2023, PowerBI-SPC);
    /// NHSRplotthedots 0.2.2 counts only points between the near limit and the process limit.
    pub count_beyond_limits: bool,
    /// All three points must lie strictly on the same side of the mean (MDC, NHSRplotthedots);
    /// PowerBI-SPC drops this condition.
    pub same_side_required: bool,
}

/// Every constant and semantic of an analysis. Build one with [`Profile::settings`] and change
/// fields as needed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The profile these settings started from (reported with the chart).
    pub profile: Profile,
    /// XmR: limits are mean ± `limit_factor`·MR̄ (2.66 for MDC; 3/1.128 for PowerBI-SPC and
    /// qicharts2).
    pub limit_factor: f64,
    /// Near limits sit at this fraction of the distance from the mean to the process limits
    /// (2/3: the "2σ" lines).
    pub near_fraction: f64,
    /// Drop moving ranges ≥ `screen_factor`·MR̄ once and recompute MR̄ (Nelson 1982).
    pub screen_moving_ranges: bool,
    /// The screening threshold (3.267).
    pub screen_factor: f64,
    /// Attribute charts (p, p′, u, u′, c): limits at ± `sigma_limit`·σ (3).
    pub sigma_limit: f64,
    /// Which rules are on.
    pub rules: RuleSwitches,
    /// Run lengths of the shift and trend rules.
    pub run_lengths: RunLengths,
    /// What a point exactly on the mean does to a shift.
    pub on_mean: RunPolicy,
    /// What a tie does to a trend.
    pub ties: RunPolicy,
    /// How trend points get their direction.
    pub trend_side: TrendSide,
    /// The two-of-three semantics.
    pub two_of_three: TwoOfThreeMode,
    /// What missing and excluded points do to moving ranges and runs.
    pub gaps: GapPolicy,
    /// Run the Anhøj runs analysis per group (qicharts2): a warning, and the points of a run
    /// longer than round(log2 n)+3 flagged as a shift.
    pub anhoej: bool,
    /// MDC Excel: when the last point carries both an improvement and a concern flag, the
    /// variation icon shows improvement. Otherwise the point type (precedence) decides.
    pub improvement_wins: bool,
    /// A group with fewer rows than this (missing months included, as NHSRplotthedots counts)
    /// has *trial* limits and a warning (13: the MDC Excel tool's display threshold).
    pub trial_below: usize,
    /// A group needs at least this many published, non-excluded points for limits (3).
    pub min_points: usize,
    /// The PCC class looks at the last this-many published points for a single-point
    /// exception (1: the last point only).
    pub exception_window: usize,
    /// Suggest a rebase at the start of any run on one side of the mean at least this long
    /// (that does not start the group).
    pub suggest_rebase_run: usize,
}

impl Profile {
    /// The settings that reproduce this profile's reference tool. See `spc-methods.md` and
    /// `tests/spc_conformance/README.md` for the sources and the documented differences.
    pub fn settings(self) -> Settings {
        let mdc = Settings {
            profile: Profile::Mdc,
            limit_factor: 2.66,
            near_fraction: 2.0 / 3.0,
            screen_moving_ranges: false,
            screen_factor: 3.267,
            sigma_limit: 3.0,
            rules: RuleSwitches {
                outside_limits: true,
                shift: true,
                trend: true,
                two_of_three: true,
            },
            run_lengths: RunLengths { shift: 7, trend: 7 },
            on_mean: RunPolicy::Breaks,
            ties: RunPolicy::Breaks,
            trend_side: TrendSide::ByRun,
            two_of_three: TwoOfThreeMode {
                count_beyond_limits: true,
                same_side_required: true,
            },
            gaps: GapPolicy::Breaks,
            anhoej: false,
            improvement_wins: true,
            trial_below: 13,
            min_points: 3,
            exception_window: 1,
            suggest_rebase_run: 7,
        };
        match self {
            Profile::Mdc => mdc,
            Profile::Nhsr => Settings {
                profile: Profile::Nhsr,
                screen_moving_ranges: true,
                trend_side: TrendSide::Nhsr,
                two_of_three: TwoOfThreeMode {
                    count_beyond_limits: false,
                    same_side_required: true,
                },
                improvement_wins: false,
                ..mdc
            },
            Profile::Powerbi => Settings {
                profile: Profile::Powerbi,
                limit_factor: 3.0 / 1.128,
                screen_moving_ranges: true,
                run_lengths: RunLengths { shift: 7, trend: 5 },
                on_mean: RunPolicy::Skipped,
                ties: RunPolicy::Skipped,
                two_of_three: TwoOfThreeMode {
                    count_beyond_limits: true,
                    same_side_required: false,
                },
                gaps: GapPolicy::Bridged,
                improvement_wins: false,
                ..mdc
            },
            Profile::Qicharts2 => Settings {
                profile: Profile::Qicharts2,
                limit_factor: 3.0 / 1.128,
                screen_moving_ranges: true,
                rules: RuleSwitches {
                    outside_limits: true,
                    shift: false,
                    trend: false,
                    two_of_three: false,
                },
                on_mean: RunPolicy::Skipped,
                anhoej: true,
                improvement_wins: false,
                ..mdc
            },
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Profile::Mdc.settings()
    }
}
