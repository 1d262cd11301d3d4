//! Words for a chart: the summary sentence, the sentence announced for each point, tooltip
//! lines, plain-English rule explanations, the data table and CSV text. All en-GB.
//!
//! Everything here reads a [`ChartData`]; nothing knows about pixels or the DOM. A missing
//! month is always said as "no data published" and written as an empty CSV cell, never 0.

pub mod format;

use crate::chart::{ChartData, PointClass};
use crate::model::Unit;
use crate::spc::{
    Assurance, GapPolicy, Limits, PccKind, PointType, Rule, RuleHit, RunPolicy, Side, VariationIcon,
};
// Appending with `write!` (which cannot fail on a String) rather than `push_str(&format!(…))`:
// no temporary String to allocate and drop, which is smaller in the download.
use std::fmt::Write as _;

/// Instructions for keyboard users, for the chart's description. The browser element has the
/// same words as static text in `src/web/skeleton.html` (cheaper than building them in the
/// module); a test keeps the two in step.
pub const KEYBOARD_HELP: &str = "Use the left and right arrow keys to move between months, \
Home and End to go to the first and last month, Page Up and Page Down to move a year, \
Enter to show the details of a month and Escape to hide them.";

/// The accessible name of the chart, e.g. "SPC chart: All crime: Leicester, January 2021 to
/// December 2022".
pub fn accessible_name(data: &ChartData) -> String {
    match (data.months.first(), data.months.last()) {
        (Some(a), Some(b)) => format!(
            "SPC chart: {}, {} to {}",
            data.title,
            a.long_label(),
            b.long_label()
        ),
        _ => format!("SPC chart: {}, no data", data.title),
    }
}

/// Column headings of [`table_rows`].
pub const TABLE_HEADERS: [&str; 7] = [
    "Month",
    "Value",
    "Average",
    "Lower limit",
    "Upper limit",
    "Variation",
    "Notes",
];

/// Header line of [`csv()`].
pub const CSV_HEADER: &str = "month,value,average,lower_limit,upper_limit,near_lower_limit,near_upper_limit,variation,rules,excluded,notes";

/// The class of point `i` as drawn: colour and shape.
pub fn point_class(data: &ChartData, i: usize) -> PointClass {
    let Some(p) = data.analysis.points.get(i) else {
        return PointClass::Missing;
    };
    if p.value.is_none() {
        return PointClass::Missing;
    }
    if p.excluded {
        return PointClass::Excluded;
    }
    match p.point_type {
        PointType::CommonCause => PointClass::Common,
        PointType::SpecialCauseImprovement => PointClass::Improvement,
        PointType::SpecialCauseConcern => PointClass::Concern,
        PointType::SpecialCauseNeutralHigh => PointClass::NeutralHigh,
        PointType::SpecialCauseNeutralLow => PointClass::NeutralLow,
    }
}

/// "Special cause improvement", "Common cause", … for a point.
pub fn class_words(class: PointClass) -> &'static str {
    match class {
        PointClass::Common => "Common cause",
        PointClass::Improvement => "Special cause improvement",
        PointClass::Concern => "Special cause concern",
        PointClass::NeutralHigh => "Special cause, high",
        PointClass::NeutralLow => "Special cause, low",
        PointClass::Excluded => "Excluded from the limits",
        PointClass::Missing => "No data published",
    }
}

/// The caption of the MDC variation icon.
pub fn variation_caption(icon: VariationIcon) -> &'static str {
    match icon {
        VariationIcon::CommonCause => "Common cause variation",
        VariationIcon::ImprovementHigh => "Improvement (high)",
        VariationIcon::ImprovementLow => "Improvement (low)",
        VariationIcon::ConcernHigh => "Concern (high)",
        VariationIcon::ConcernLow => "Concern (low)",
        VariationIcon::NeutralHigh => "Special cause (high)",
        VariationIcon::NeutralLow => "Special cause (low)",
    }
}

/// The caption of the MDC assurance icon.
pub fn assurance_caption(a: Assurance) -> &'static str {
    match a {
        Assurance::ConsistentPass => "Target consistently met",
        Assurance::ConsistentFail => "Target consistently missed",
        Assurance::Inconsistent => "Target hit and miss",
    }
}

/// The limits the rules used at point `i` (not clipped for display).
fn raw_limits(data: &ChartData, i: usize) -> Option<Limits> {
    let p = data.analysis.points.get(i)?;
    p.limits
        .or_else(|| data.analysis.groups.get(p.group).and_then(|g| g.limits))
}

/// The points the rules saw around point `i`, in order, and where `i` is among them:
/// published, not excluded, in `i`'s group, and (unless the profile bridges gaps) no missing
/// or excluded month between them. `None` when the rules did not see point `i`.
fn rule_points(data: &ChartData, i: usize) -> Option<(Vec<usize>, usize)> {
    let pts = &data.analysis.points;
    let n = data.len();
    let g = pts.get(i).filter(|_| i < n)?.group;
    let usable = |j: usize| pts[j].group == g && pts[j].value.is_some() && !pts[j].excluded;
    if !usable(i) {
        return None;
    }
    let (mut a, mut b) = (i, i);
    if data.runs.gaps == GapPolicy::Bridged {
        (a, b) = (0, n - 1);
    } else {
        while a > 0 && usable(a - 1) {
            a -= 1;
        }
        while b + 1 < n && usable(b + 1) {
            b += 1;
        }
    }
    let mut seq = Vec::with_capacity(b + 1 - a);
    let mut k = 0;
    for j in a..=b {
        if usable(j) {
            if j == i {
                k = seq.len();
            }
            seq.push(j);
        }
    }
    Some((seq, k))
}

/// -1, 0 or 1: point `j` below, on or above its mean (`None` without a value or limits).
fn side_sign(data: &ChartData, j: usize) -> Option<i8> {
    let v = data.analysis.points[j].value?;
    let l = raw_limits(data, j)?;
    Some(if v > l.mean {
        1
    } else if v < l.mean {
        -1
    } else {
        0
    })
}

/// Length of the run of months on `side` of the average that contains point `i`, counted
/// the way the profile's rules count it (gaps and points on the mean).
pub fn shift_run(data: &ChartData, i: usize, side: Side) -> usize {
    let Some((seq, k)) = rule_points(data, i) else {
        return 0;
    };
    let want = if side == Side::High { 1 } else { -1 };
    let skip_on_mean = data.runs.on_mean == RunPolicy::Skipped;
    let own = match side_sign(data, i) {
        Some(s) if s == want => 1,
        // Skipped on the mean inside a run: flagged with the run, not counted in it.
        Some(0) if skip_on_mean => 0,
        _ => return 0,
    };
    // +1 a point on the side, 0 a point on the mean that is skipped, None one that ends the
    // run (as `trend_run` steps: two plain loops, no iterator behind a vtable).
    let step = |j: usize| -> Option<usize> {
        match side_sign(data, j) {
            Some(s) if s == want => Some(1),
            Some(0) if skip_on_mean => Some(0),
            _ => None,
        }
    };
    let mut n = own;
    for &j in seq[..k].iter().rev() {
        match step(j) {
            Some(c) => n += c,
            None => break,
        }
    }
    for &j in &seq[k + 1..] {
        match step(j) {
            Some(c) => n += c,
            None => break,
        }
    }
    n
}

/// Number of consecutive rises (or falls) in the run of months that contains point `i`,
/// counted the way the profile's rules count it (gaps and ties).
pub fn trend_run(data: &ChartData, i: usize, side: Side) -> usize {
    let Some((seq, k)) = rule_points(data, i) else {
        return 0;
    };
    let v = |j: usize| data.analysis.points[j].value.unwrap_or(f64::NAN);
    let skip_ties = data.runs.ties == RunPolicy::Skipped;
    // +1 a step the right way, 0 a tie that is skipped, None a step that ends the run.
    let step = |a: usize, b: usize| -> Option<usize> {
        let (va, vb) = (v(a), v(b));
        let right_way = match side {
            Side::High => vb > va,
            Side::Low => vb < va,
        };
        if right_way {
            Some(1)
        } else if va == vb && skip_ties {
            Some(0)
        } else {
            None
        }
    };
    let mut rises = 0;
    let mut j = k;
    while j > 0 {
        match step(seq[j - 1], seq[j]) {
            Some(r) => rises += r,
            None => break,
        }
        j -= 1;
    }
    let mut j = k;
    while j + 1 < seq.len() {
        match step(seq[j], seq[j + 1]) {
            Some(r) => rises += r,
            None => break,
        }
        j += 1;
    }
    rises
}

/// Most months out of 3 in a row, around point `i`, beyond the near limit on `side`.
pub fn two_of_three_count(data: &ChartData, i: usize, side: Side) -> usize {
    let Some((seq, k)) = rule_points(data, i) else {
        return 0;
    };
    let near = |j: usize| {
        let (Some(v), Some(l)) = (data.analysis.points[j].value, raw_limits(data, j)) else {
            return false;
        };
        match side {
            Side::High => v > l.near_upl,
            Side::Low => v < l.near_lpl,
        }
    };
    // Each window of 3 that holds point `i`.
    let mut most = 0;
    for s in k.saturating_sub(2)..k + 1 {
        if s + 2 < seq.len() {
            let mut n = 0;
            for &j in &seq[s..s + 3] {
                n += usize::from(near(j));
            }
            most = most.max(n);
        }
    }
    most
}

/// "1 month", "7 months".
fn months(n: usize) -> String {
    format!("{n} month{}", if n == 1 { "" } else { "s" })
}

/// A rule that fired at point `i`, in plain English: "7 months in a row above the average",
/// "a single month above the upper limit", "6 months in a row rising", "2 of 3 months close
/// to the upper limit".
pub fn rule_explanation(data: &ChartData, i: usize, hit: RuleHit) -> String {
    let (above, limit) = match hit.side {
        Side::High => ("above", "upper"),
        Side::Low => ("below", "lower"),
    };
    // Shift and trend are both said as a run: "7 months in a row above the average".
    let (run, how) = match hit.rule {
        Rule::OutsideLimits => return format!("a single month {above} the {limit} limit"),
        Rule::TwoOfThree => {
            let k = two_of_three_count(data, i, hit.side).max(2);
            return format!("{k} of 3 months close to the {limit} limit");
        }
        Rule::Shift => (
            shift_run(data, i, hit.side),
            if hit.side == Side::High {
                "above the average"
            } else {
                "below the average"
            },
        ),
        Rule::Trend => (
            trend_run(data, i, hit.side),
            if hit.side == Side::High {
                "rising"
            } else {
                "falling"
            },
        ),
    };
    match run {
        0 => format!("a run of months {how}"),
        n => format!("{} in a row {how}", months(n)),
    }
}

/// Every rule at point `i`, explained, joined with "; ".
fn rules_explained(data: &ChartData, i: usize) -> String {
    let mut out = String::new();
    for (k, &h) in data.analysis.points[i].rules.iter().enumerate() {
        if k > 0 {
            out.push_str("; ");
        }
        out.push_str(&rule_explanation(data, i, h));
    }
    out
}

fn range(unit: Unit, l: &Limits, sep: &str) -> String {
    format::range(unit, l.lpl, l.upl, sep)
}

/// The sentence announced when the cursor lands on point `i`, e.g.
/// "June 2021: 7,012. Average 7,334, expected range 6,100 to 8,560. Special cause concern:
/// a single month above the upper limit", or "March 2020: no data published".
pub fn point_sentence(data: &ChartData, i: usize) -> String {
    let Some(month) = data.months.get(i).filter(|_| i < data.len()) else {
        return String::new();
    };
    let p = &data.analysis.points[i];
    let unit = data.unit;
    // One String, its sentences joined with ". " as they are written.
    let mut out = month.long_label();
    match p.value {
        None => out.push_str(": no data published"),
        Some(v) => {
            let _ = write!(out, ": {}", format::value(unit, v));
            if p.excluded {
                out.push_str(", excluded from the limits");
                if let Some(r) = data.exclusion_reason(i) {
                    let _ = write!(out, " ({r})");
                }
            }
            if let Some(l) = data.shown_limits(i) {
                let _ = write!(
                    out,
                    ". Average {}, expected range {}",
                    format::value(unit, l.mean),
                    range(unit, &l, " to ")
                );
            }
            let class = point_class(data, i);
            if !p.rules.is_empty() && class != PointClass::Excluded {
                let _ = write!(
                    out,
                    ". {}: {}",
                    class_words(class),
                    rules_explained(data, i)
                );
            }
        }
    }
    if let Some(r) = data.rebase_at(i) {
        out.push_str(". Limits recalculated from this month: ");
        out.push_str(r);
    }
    for a in data.annotations_at(i) {
        out.push_str(". Note: ");
        out.push_str(a);
    }
    out
}

/// Lines of the tooltip for point `i`; the first is the month (the tooltip's heading).
pub fn tooltip_lines(data: &ChartData, i: usize) -> Vec<String> {
    let Some(month) = data.months.get(i).filter(|_| i < data.len()) else {
        return Vec::new();
    };
    let p = &data.analysis.points[i];
    let unit = data.unit;
    let mut lines = vec![month.long_label()];
    match p.value {
        None => lines.push("No data published".to_string()),
        Some(v) => lines.push(labelled("Value: ", &format::value(unit, v))),
    }
    if let Some(l) = data.shown_limits(i) {
        lines.push(labelled("Average: ", &format::value(unit, l.mean)));
        lines.push(labelled("Expected range: ", &range(unit, &l, "–")));
    }
    if p.value.is_some() {
        if p.excluded {
            lines.push(match data.exclusion_reason(i) {
                Some(r) => labelled("Excluded from the limits: ", r),
                None => "Excluded from the limits".to_string(),
            });
        } else if p.rules.is_empty() {
            lines.push("Common cause variation".to_string());
        } else {
            lines.push(class_words(point_class(data, i)).to_string());
            for &h in &p.rules {
                lines.push(capitalise(&rule_explanation(data, i, h)));
            }
        }
    }
    // The rebase reason and each annotation, as the point sentence ends.
    if let Some(r) = data.rebase_at(i) {
        lines.push(labelled("Limits recalculated: ", r));
    }
    for a in data.annotations_at(i) {
        lines.push(labelled("Note: ", a));
    }
    lines
}

/// `label` then `text`, for a tooltip line ("Value: 7,012"): one copy of the joining for
/// every labelled line, not a `format!` each.
fn labelled(label: &str, text: &str) -> String {
    let mut out = label.to_string();
    out.push_str(text);
    out
}

/// `s` with its first letter in capitals. The sentences are this module's own and start
/// with an ASCII letter or digit, so ASCII suffices: `char::to_uppercase` would link
/// Unicode's case table (12 KB) into the browser module for them.
fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// Writes "down 4.1% (−910)" or, for percentages, "up 1.2 percentage points".
fn change_phrase(out: &mut String, unit: Unit, change: f64, percent: Option<f64>) {
    if change == 0.0 {
        out.push_str("no change");
        return;
    }
    out.push_str(if change > 0.0 { "up " } else { "down " });
    if unit == Unit::Percent {
        out.push_str(&format::number(change.abs(), 1));
        out.push_str(" percentage points");
        return;
    }
    let abs = format::value(unit, change.abs());
    match percent {
        Some(pc) => {
            let _ = write!(out, "{}% ({abs})", format::number(pc.abs(), 1));
        }
        None => out.push_str(&abs),
    }
}

/// The comparison of the latest complete quarter with the same quarter a year before, as a
/// sentence; `None` when the series is too short to have one.
pub fn quarter_sentence(data: &ChartData) -> Option<String> {
    let q = data.comparison.as_ref()?;
    let agg = match q.aggregate {
        crate::chart::Aggregate::Sum => "total",
        crate::chart::Aggregate::Mean => "average",
    };
    let mut out = q.short_label();
    match (q.current, q.previous, q.change()) {
        (Some(cur), Some(prev), Some(ch)) => {
            let _ = write!(out, " {agg} {}, ", format::value(data.unit, cur));
            change_phrase(&mut out, data.unit, ch, q.percent_change());
            let _ = write!(
                out,
                " on {} ({}).",
                q.previous_short_label(),
                format::value(data.unit, prev)
            );
        }
        _ => {
            let _ = write!(
                out,
                " cannot be compared with {}: no data published for {}.",
                q.previous_short_label(),
                list_months(&q.missing)
            );
        }
    }
    Some(out)
}

fn list_months(ms: &[crate::month::Month]) -> String {
    // "A", "A and B", "A, B, C and D", and past five "A, B, C, D and 3 more".
    let n = ms.len();
    let named = if n <= 5 { n } else { 4 };
    let mut out = String::new();
    for (k, m) in ms[..named].iter().enumerate() {
        if k > 0 {
            out.push_str(if k + 1 == n { " and " } else { ", " });
        }
        out.push_str(&m.long_label());
    }
    if n > named {
        let _ = write!(out, " and {} more", n - named);
    }
    out
}

/// The chart's subtitle: the latest value and the change on the same quarter last year.
pub fn subtitle(data: &ChartData) -> String {
    let latest = data
        .latest
        .and_then(|i| Some((data.months.get(i)?, data.analysis.points.get(i)?.value?)));
    let mut s = match latest {
        Some((m, v)) => format!(
            "Latest: {} {}.",
            m.long_label(),
            format::value(data.unit, v)
        ),
        None => "No data published.".to_string(),
    };
    if let Some(q) = quarter_sentence(data) {
        s.push(' ');
        s.push_str(&q);
    }
    s
}

/// The end of a summary's lead for a special cause at month `i`: ", to October 2022, a concern."
/// (the month the signal has reached, and whether it is an improvement or a concern).
fn push_to_month(out: &mut String, data: &ChartData, i: usize) {
    let _ = write!(
        out,
        ", to {}{}.",
        data.months[i].long_label(),
        improvement_words(data.analysis.points[i].point_type)
    );
}

fn improvement_words(pt: PointType) -> &'static str {
    match pt {
        PointType::SpecialCauseImprovement => ", an improvement",
        PointType::SpecialCauseConcern => ", a concern",
        _ => "",
    }
}

/// The month and rule behind a single-point exception, as the engine chose it: a point
/// outside the limits among the last `exception_window` published months, else two of three
/// close to a limit there (else the latest such month anywhere).
fn exception_point(data: &ChartData) -> Option<(usize, RuleHit)> {
    let take = data.runs.exception_window;
    let mut window = Vec::with_capacity(take);
    for i in (0..data.len()).rev() {
        if window.len() == take {
            break;
        }
        if data.analysis.points[i].value.is_some() {
            window.push(i);
        }
    }
    for rule in [Rule::OutsideLimits, Rule::TwoOfThree] {
        for &i in &window {
            if let Some(&h) = data.analysis.points[i]
                .rules
                .iter()
                .find(|h| h.rule == rule)
            {
                return Some((i, h));
            }
        }
    }
    // A class from another engine or window: name the latest such month anywhere.
    last_hit(data, Rule::OutsideLimits).or_else(|| last_hit(data, Rule::TwoOfThree))
}

/// The last point where `rule` fired.
fn last_hit(data: &ChartData, rule: Rule) -> Option<(usize, RuleHit)> {
    for i in (0..data.len()).rev() {
        if let Some(&h) = data.analysis.points[i]
            .rules
            .iter()
            .find(|h| h.rule == rule)
        {
            return Some((i, h));
        }
    }
    None
}

/// The text summary of the chart, e.g. "Stable. Last month (October 2022) 7,012, within the
/// expected range 6,100–8,560; average 7,334." followed by what a reader should also know:
/// the target, the quarter comparison and any months with no data.
pub fn summary(data: &ChartData) -> String {
    let unit = data.unit;
    let Some(li) = data.latest.filter(|&i| i < data.len()) else {
        return format!("No data published for {} in {}.", data.measure, data.area);
    };
    let last_v = data.analysis.points[li].value.unwrap_or(f64::NAN);
    let limits = data.shown_limits(li);
    // One String, written in reading order: the lead (class and why), the latest month,
    // then where it lies against the limits.
    let mut out = String::new();
    let kind = data.analysis.pcc_class.as_ref().map(|c| c.kind);
    match (kind, limits) {
        (Some(PccKind::Stable), Some(_)) => out.push_str("Stable. "),
        (Some(PccKind::SinglePointException), Some(_)) => {
            match exception_point(data) {
                Some((i, h)) if h.rule == Rule::OutsideLimits => {
                    let p = &data.analysis.points[i];
                    let (side, lim) = match (h.side, raw_limits(data, i)) {
                        (Side::High, Some(r)) => ("above the upper limit", r.upl),
                        (Side::Low, Some(r)) => ("below the lower limit", r.lpl),
                        (_, None) => ("outside the limits", f64::NAN),
                    };
                    let _ = write!(
                        out,
                        "Exception: {} ({}) was {side} of {}{}.",
                        data.months[i].long_label(),
                        format::value(unit, p.value.unwrap_or(f64::NAN)),
                        format::value(unit, display_bound(unit, lim)),
                        improvement_words(p.point_type)
                    );
                }
                Some((i, h)) => {
                    let _ = write!(out, "Exception: {}", rule_explanation(data, i, h));
                    push_to_month(&mut out, data, i);
                }
                None => out.push_str("Exception."),
            }
            out.push(' ');
        }
        (Some(PccKind::StepShift), Some(_)) => {
            match last_hit(data, Rule::Shift) {
                Some((i, h)) => {
                    let _ = write!(
                        out,
                        "Shift: {} in a row {} the average",
                        months(shift_run(data, i, h.side)),
                        if h.side == Side::High {
                            "above"
                        } else {
                            "below"
                        }
                    );
                    push_to_month(&mut out, data, i);
                }
                None => out.push_str("Shift."),
            }
            out.push(' ');
        }
        (Some(PccKind::SignificantTrend), Some(_)) => {
            match last_hit(data, Rule::Trend) {
                Some((i, h)) => {
                    let _ = write!(
                        out,
                        "Trend: {} for {} in a row",
                        if h.side == Side::High {
                            "rising"
                        } else {
                            "falling"
                        },
                        months(trend_run(data, i, h.side))
                    );
                    push_to_month(&mut out, data, i);
                }
                None => out.push_str("Trend."),
            }
            out.push(' ');
        }
        // Limits but no report class (an engine that does not classify): the facts only.
        (None, Some(_)) => {}
        (_, None) => {
            let mut n = 0;
            for p in &data.analysis.points {
                n += usize::from(p.value.is_some());
            }
            let _ = write!(
                out,
                "Not enough data for limits yet ({} published). ",
                months(n)
            );
        }
    }
    let which = if li + 1 == data.months.len() {
        "Last month"
    } else {
        "Latest month with data"
    };
    let _ = write!(
        out,
        "{which} ({}) {}",
        data.months[li].long_label(),
        format::value(unit, last_v)
    );
    match limits {
        Some(l) => {
            // Stable, or no class: where the month lies; a special cause has said its own.
            if matches!(kind, None | Some(PccKind::Stable)) {
                out.push_str(if last_v > l.upl {
                    ", above the "
                } else if last_v < l.lpl {
                    ", below the "
                } else {
                    ", within the "
                });
            } else {
                out.push_str("; ");
            }
            let _ = write!(
                out,
                "expected range {}; average {}.",
                range(unit, &l, "–"),
                format::value(unit, l.mean)
            );
            if kind == Some(PccKind::StepShift) {
                out.push_str(" Consider recalculating the limits if the cause is known.");
            }
        }
        None => out.push('.'),
    }
    if let Some(t) = data.target {
        let tv = format::value(unit, t);
        let expected = match data.analysis.assurance {
            Some(Assurance::ConsistentPass) => ": expected to be met every month",
            Some(Assurance::ConsistentFail) => ": not expected to be met without a change",
            Some(Assurance::Inconsistent) => ": met in some months and missed in others",
            None => "",
        };
        let _ = write!(out, " Target {tv}{expected}.");
    }
    if let Some(q) = quarter_sentence(data) {
        out.push(' ');
        out.push_str(&q);
    }
    let mut missing = Vec::new();
    for (p, m) in data.analysis.points.iter().zip(&data.months) {
        if p.value.is_none() {
            missing.push(*m);
        }
    }
    if !missing.is_empty() {
        let _ = write!(out, " No data published for {}.", list_months(&missing));
    }
    out
}

/// What else a reader should know, one sentence each: the engine's warnings (trial limits,
/// too few points, …) and any shift that has lasted long enough to consider recalculating
/// the limits. Empty when there is nothing to add.
pub fn reader_notes(data: &ChartData) -> Vec<String> {
    let mut notes = Vec::with_capacity(data.analysis.warnings.len());
    for w in &data.analysis.warnings {
        notes.push(in_months(data, w));
    }
    for s in &data.analysis.suggested_rebases {
        let Some(m) = data.months.get(s.at) else {
            continue;
        };
        // "7 months …": the count starts the sentence, so there is no letter to capitalise.
        let month = m.long_label();
        notes.push(format!(
            "{} in a row {} the average from {month}: if the cause is known, consider \
             recalculating the limits from {month}.",
            months(s.run_length),
            if s.side == Side::High {
                "above"
            } else {
                "below"
            },
        ));
    }
    notes
}

/// The engine knows no dates, so a warning about one rebase group names it by its index
/// ([`crate::spc::group_subject`]: "Group 2 (from index 6)"); a resident reads months ("The
/// period June 2020 to February 2022").
fn in_months(data: &ChartData, w: &crate::spc::Warning) -> String {
    let Some((g, group)) = w
        .group
        .and_then(|g| data.analysis.groups.get(g).map(|group| (g, group)))
    else {
        return w.message.clone();
    };
    let subject = crate::spc::group_subject(g, group.start);
    match (
        w.message.strip_prefix(&subject),
        data.months.get(group.start),
        data.months.get(group.end.saturating_sub(1)),
    ) {
        (Some(rest), Some(first), Some(last)) => format!(
            "The period {} to {}{rest}",
            first.long_label(),
            last.long_label()
        ),
        _ => w.message.clone(),
    }
}

fn display_bound(unit: Unit, v: f64) -> f64 {
    match unit {
        Unit::Score => v,
        Unit::Percent => v.clamp(0.0, 100.0),
        _ => v.max(0.0),
    }
}

/// One row of the data table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// "Mar 2020".
    pub month: String,
    /// "7,012" or "No data published".
    pub value: String,
    /// Average, or empty without limits.
    pub mean: String,
    /// Lower limit, or empty.
    pub lower: String,
    /// Upper limit, or empty.
    pub upper: String,
    /// "Common cause", "Special cause concern", …
    pub class: String,
    /// Rules in words, exclusion reason, rebase reason, annotations.
    pub notes: String,
}

/// The data table: one row per month, in month order (see [`TABLE_HEADERS`]).
pub fn table_rows(data: &ChartData) -> Vec<TableRow> {
    let unit = data.unit;
    let mut rows = Vec::with_capacity(data.len());
    for i in 0..data.len() {
        rows.push({
            let p = &data.analysis.points[i];
            let l = data.shown_limits(i);
            let f = |g: fn(&Limits) -> f64| {
                l.as_ref()
                    .map(|l| format::value(unit, g(l)))
                    .unwrap_or_default()
            };
            TableRow {
                month: data.months[i].short_label(),
                value: p
                    .value
                    .map(|v| format::value(unit, v))
                    .unwrap_or_else(|| "No data published".to_string()),
                mean: f(|l| l.mean),
                lower: f(|l| l.lpl),
                upper: f(|l| l.upl),
                class: class_words(point_class(data, i)).to_string(),
                notes: notes(data, i),
            }
        });
    }
    rows
}

/// The notes of point `i` for the table and the CSV, joined with "; ": the rules in words,
/// the exclusion reason, the rebase reason, the annotations.
fn notes(data: &ChartData, i: usize) -> String {
    let p = &data.analysis.points[i];
    let mut out = String::new();
    let mut first = true;
    // "; " before every note but the first; each note is then written in place.
    let mut next = |out: &mut String| {
        if !first {
            out.push_str("; ");
        }
        first = false;
    };
    if p.value.is_some() && !p.excluded && !p.rules.is_empty() {
        next(&mut out);
        out.push_str(&capitalise(&rules_explained(data, i)));
    }
    if p.excluded {
        if let Some(r) = data.exclusion_reason(i) {
            next(&mut out);
            out.push_str("Excluded: ");
            out.push_str(r);
        }
    }
    if let Some(r) = data.rebase_at(i) {
        next(&mut out);
        out.push_str("Limits recalculated: ");
        out.push_str(r);
    }
    for a in data.annotations_at(i) {
        next(&mut out);
        out.push_str(a);
    }
    out
}

/// A free-text CSV field (the notes: annotations and reasons from the published file, which
/// anyone may have written): one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab or carriage return first) is prefixed with `'`, then quoted as [`csv_field`] does.
fn csv_text(s: &str) -> String {
    // Checked on the first byte (all ASCII): no char-array pattern matcher in the download.
    if matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        csv_field(&format!("'{s}"))
    } else {
        csv_field(s)
    }
}

fn csv_field(s: &str) -> String {
    if !s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        return s.to_string();
    }
    // Quoted, with each quote doubled.
    let mut out = String::from('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn point_type_code(class: PointClass) -> &'static str {
    match class {
        PointClass::Common => "common_cause",
        PointClass::Improvement => "special_cause_improvement",
        PointClass::Concern => "special_cause_concern",
        PointClass::NeutralHigh => "special_cause_neutral_high",
        PointClass::NeutralLow => "special_cause_neutral_low",
        PointClass::Excluded => "excluded",
        PointClass::Missing => "missing",
    }
}

fn rule_code(h: &RuleHit) -> &'static str {
    match (h.rule, h.side) {
        (Rule::OutsideLimits, Side::High) => "outside_limits:high",
        (Rule::OutsideLimits, Side::Low) => "outside_limits:low",
        (Rule::Trend, Side::High) => "trend:high",
        (Rule::Trend, Side::Low) => "trend:low",
        (Rule::TwoOfThree, Side::High) => "two_of_three:high",
        (Rule::TwoOfThree, Side::Low) => "two_of_three:low",
        (Rule::Shift, Side::High) => "shift:high",
        (Rule::Shift, Side::Low) => "shift:low",
    }
}

/// The chart's figures as CSV (RFC 4180: a header row, CRLF line ends, quoted fields where
/// needed). A month with no data has an empty value cell, never 0. Limits are as shown on
/// the chart (clipped at 0, and at 100 for percentages).
pub fn csv(data: &ChartData) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for i in 0..data.len() {
        let p = &data.analysis.points[i];
        let l = data.shown_limits(i);
        // Written straight into the text, with no String per field: only the notes are free
        // text and need quoting; months, numbers and codes never hold a comma, quote or line
        // break.
        out.push_str(&data.months[i].to_string());
        let figures = [
            p.value,
            l.map(|l| l.mean),
            l.map(|l| l.lpl),
            l.map(|l| l.upl),
            l.map(|l| l.near_lpl),
            l.map(|l| l.near_upl),
        ];
        for v in figures {
            out.push(',');
            if let Some(v) = v {
                out.push_str(&format::csv_number(v));
            }
        }
        out.push(',');
        out.push_str(point_type_code(point_class(data, i)));
        out.push(',');
        for (k, h) in p.rules.iter().enumerate() {
            if k > 0 {
                out.push(';');
            }
            out.push_str(rule_code(h));
        }
        out.push_str(if p.excluded { ",yes," } else { ",no," });
        out.push_str(&csv_text(&notes(data, i)));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::month::Month;

    #[test]
    fn the_chart_element_shows_the_keyboard_help() {
        let skeleton = include_str!("../web/skeleton.html");
        assert!(
            skeleton.contains(&format!(">{KEYBOARD_HELP}</p>")),
            "src/web/skeleton.html's help paragraph differs from describe::KEYBOARD_HELP"
        );
    }

    #[test]
    fn month_lists_name_up_to_five_months() {
        let ms: Vec<Month> = (1..=7).filter_map(|m| Month::new(2021, m)).collect();
        assert_eq!(list_months(&ms[..0]), "");
        assert_eq!(list_months(&ms[..1]), "January 2021");
        assert_eq!(list_months(&ms[..2]), "January 2021 and February 2021");
        assert_eq!(
            list_months(&ms[..5]),
            "January 2021, February 2021, March 2021, April 2021 and May 2021"
        );
        assert_eq!(
            list_months(&ms),
            "January 2021, February 2021, March 2021, April 2021 and 3 more"
        );
    }
}
