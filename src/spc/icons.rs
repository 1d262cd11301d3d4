//! From rule hits to what a reader sees: point types, the variation and assurance icons and
//! the PCC report class. The PCC mapping is data ([`PCC_CLASSES`]), not code, so the report
//! vocabulary can be read (and changed) in one place.

use super::{
    Assurance, Direction, Limits, PccClass, PccKind, PointType, Rag, Rule, RuleHit, Side,
    VariationIcon,
};

/// Whether a special cause is good news, bad news, or neither (neutral measures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// On the better side for the measure's direction.
    Improvement,
    /// On the worse side.
    Concern,
    /// The measure has no better side.
    Neutral,
}

/// The effect of a special cause on `side` for a measure that improves in `direction`.
pub fn effect(direction: Direction, side: Side) -> Effect {
    match (direction, side) {
        (Direction::Neutral, _) => Effect::Neutral,
        (Direction::Increase, Side::High) | (Direction::Decrease, Side::Low) => Effect::Improvement,
        _ => Effect::Concern,
    }
}

/// The MDC point type of a point with these hits (already in precedence order): the first
/// hit decides; no hit is common cause.
pub fn point_type(direction: Direction, hits: &[RuleHit]) -> PointType {
    match hits.first() {
        None => PointType::CommonCause,
        Some(h) => match (effect(direction, h.side), h.side) {
            (Effect::Improvement, _) => PointType::SpecialCauseImprovement,
            (Effect::Concern, _) => PointType::SpecialCauseConcern,
            (Effect::Neutral, Side::High) => PointType::SpecialCauseNeutralHigh,
            (Effect::Neutral, Side::Low) => PointType::SpecialCauseNeutralLow,
        },
    }
}

fn icon_for(effect: Effect, side: Side) -> VariationIcon {
    match (effect, side) {
        (Effect::Improvement, Side::High) => VariationIcon::ImprovementHigh,
        (Effect::Improvement, Side::Low) => VariationIcon::ImprovementLow,
        (Effect::Concern, Side::High) => VariationIcon::ConcernHigh,
        (Effect::Concern, Side::Low) => VariationIcon::ConcernLow,
        (Effect::Neutral, Side::High) => VariationIcon::NeutralHigh,
        (Effect::Neutral, Side::Low) => VariationIcon::NeutralLow,
    }
}

/// The variation icon from the last point's hits (MDC: the last point decides). With
/// `improvement_wins` (the MDC Excel tool), an improvement hit wins over a concern hit of
/// higher precedence; otherwise the first hit (the point type) decides.
pub fn variation_icon(
    direction: Direction,
    hits: &[RuleHit],
    improvement_wins: bool,
) -> VariationIcon {
    let mut chosen = hits.first();
    if improvement_wins {
        for h in hits {
            if effect(direction, h.side) == Effect::Improvement {
                chosen = Some(h);
                break;
            }
        }
    }
    match chosen {
        None => VariationIcon::CommonCause,
        Some(h) => icon_for(effect(direction, h.side), h.side),
    }
}

/// The MDC assurance icon: the target against the last group's process limits, strict
/// comparisons (a target exactly on a limit is inconsistent). `None` for neutral measures or
/// no target.
pub fn assurance(direction: Direction, target: Option<f64>, limits: &Limits) -> Option<Assurance> {
    let t = target?;
    let (above, below) = (t > limits.upl, t < limits.lpl);
    match direction {
        Direction::Neutral => None,
        Direction::Increase if above => Some(Assurance::ConsistentFail),
        Direction::Increase if below => Some(Assurance::ConsistentPass),
        Direction::Decrease if above => Some(Assurance::ConsistentPass),
        Direction::Decrease if below => Some(Assurance::ConsistentFail),
        _ => Some(Assurance::Inconsistent),
    }
}

/// One row of the PCC report mapping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PccRow {
    /// The rule that fired at the end of the series (`None` = no rule: stable).
    pub rule: Option<Rule>,
    /// The report class.
    pub kind: PccKind,
    /// Colour when the special cause is an improvement.
    pub rag_improvement: Rag,
    /// Colour when it is a concern.
    pub rag_concern: Rag,
    /// Colour for a neutral measure.
    pub rag_neutral: Rag,
    /// Words when the rule fired high (or for stable).
    pub label_high: &'static str,
    /// Words when the rule fired low.
    pub label_low: &'static str,
}

/// The PCC quarterly-report vocabulary, as the reports use it:
///
/// | engine result at the end of the series | PCC class | colour |
/// | --- | --- | --- |
/// | a point outside the limits (in the last `exception_window` points) | single point exception | red/green by direction |
/// | two of three points near a limit (ditto) | single point exception | red/green by direction |
/// | a trend running to the last point | significant trend | red/green by direction |
/// | a shift running to the last point | step shift | amber ("consider recalculating the limits") |
/// | none of these | stable | amber |
///
/// Neutral measures are amber throughout. Rows are tried in this order (the MDC precedence).
pub const PCC_CLASSES: &[PccRow] = &[
    PccRow {
        rule: Some(Rule::OutsideLimits),
        kind: PccKind::SinglePointException,
        rag_improvement: Rag::Green,
        rag_concern: Rag::Red,
        rag_neutral: Rag::Amber,
        label_high: "Single point exception above the upper limit",
        label_low: "Single point exception below the lower limit",
    },
    PccRow {
        rule: Some(Rule::Trend),
        kind: PccKind::SignificantTrend,
        rag_improvement: Rag::Green,
        rag_concern: Rag::Red,
        rag_neutral: Rag::Amber,
        label_high: "Significant increasing trend",
        label_low: "Significant decreasing trend",
    },
    PccRow {
        rule: Some(Rule::TwoOfThree),
        kind: PccKind::SinglePointException,
        rag_improvement: Rag::Green,
        rag_concern: Rag::Red,
        rag_neutral: Rag::Amber,
        label_high: "Exception: two of three points close to the upper limit",
        label_low: "Exception: two of three points close to the lower limit",
    },
    PccRow {
        rule: Some(Rule::Shift),
        kind: PccKind::StepShift,
        rag_improvement: Rag::Amber,
        rag_concern: Rag::Amber,
        rag_neutral: Rag::Amber,
        label_high: "Step shift above the mean",
        label_low: "Step shift below the mean",
    },
    PccRow {
        rule: None,
        kind: PccKind::Stable,
        rag_improvement: Rag::Amber,
        rag_concern: Rag::Amber,
        rag_neutral: Rag::Amber,
        label_high: "Stable",
        label_low: "Stable",
    },
];

/// The PCC class of a chart. `window` holds the hits of the last published points, oldest
/// first (at least the last point). Point rules (outside, two-of-three) count anywhere in the
/// window; run rules (trend, shift) only when the run reaches the last point.
pub fn pcc_class(direction: Direction, window: &[&[RuleHit]]) -> PccClass {
    let last = window.last().copied().unwrap_or(&[]);
    for row in PCC_CLASSES {
        let Some(rule) = row.rule else {
            return PccClass {
                kind: row.kind,
                direction: None,
                rag: row.rag_neutral,
                label: row.label_high.to_string(),
            };
        };
        let hit = match rule {
            Rule::OutsideLimits | Rule::TwoOfThree => {
                // The latest point of the window with the rule.
                let mut hit = None;
                for hits in window.iter().rev() {
                    hit = hits.iter().find(|h| h.rule == rule);
                    if hit.is_some() {
                        break;
                    }
                }
                hit
            }
            Rule::Trend | Rule::Shift => last.iter().find(|h| h.rule == rule),
        };
        if let Some(h) = hit {
            let rag = match effect(direction, h.side) {
                Effect::Improvement => row.rag_improvement,
                Effect::Concern => row.rag_concern,
                Effect::Neutral => row.rag_neutral,
            };
            let label = match h.side {
                Side::High => row.label_high,
                Side::Low => row.label_low,
            };
            return PccClass {
                kind: row.kind,
                direction: Some(h.side),
                rag,
                label: label.to_string(),
            };
        }
    }
    // PCC_CLASSES ends with the stable row, so this is reached only if the table is edited
    // to drop it; stay total.
    PccClass {
        kind: PccKind::Stable,
        direction: None,
        rag: Rag::Amber,
        label: "Stable".to_string(),
    }
}
