//! Hover, tap, keyboard and focus, against real scenes (egui_kittest style).

mod chart_fixtures;

use chart_fixtures::*;
use pcc_spc::chart::{layout, ChartData, ChartOptions, FixedWidthText, Pt, Scene, Size};
use pcc_spc::describe::point_sentence;
use pcc_spc::interact::{
    key_from_dom, nearest_point, Input, Key, Outcome, Source, TooltipChange, View, HOVER_PX,
};

fn setup(data: &ChartData, opts: &ChartOptions, width: f64) -> Scene {
    layout(
        data,
        opts,
        Size::new(width, 520.0),
        &FixedWidthText::default(),
    )
}

fn key(view: &mut View, scene: &Scene, name: &str) -> Outcome {
    view.apply(Input::Key(key_from_dom(name).expect(name)), scene)
}

#[test]
fn nearest_point_finds_points_within_reach_only() {
    let s = setup(&gaps(), &ChartOptions::default(), 800.0);
    let p = s.point(7).unwrap().at;
    assert_eq!(
        nearest_point(&s, Pt::new(p.x + 3.0, p.y - 2.0), HOVER_PX),
        Some(7)
    );
    // Far above every point (inside the plot's top lane): nothing.
    let far = Pt::new(p.x, s.plot.y - 40.0);
    assert_eq!(nearest_point(&s, far, HOVER_PX), None);
    // Outside the canvas entirely.
    assert_eq!(nearest_point(&s, Pt::new(-50.0, -50.0), HOVER_PX), None);
}

#[test]
fn hovering_a_gap_finds_the_missing_month() {
    let s = setup(&gaps(), &ChartOptions::default(), 800.0);
    let gap = s.point(14).unwrap().at;
    // Halfway up the plot, in March 2022's slot, far from any published point.
    let at = Pt::new(gap.x, s.plot.y + 5.0);
    assert_eq!(nearest_point(&s, at, HOVER_PX), Some(14));
}

#[test]
fn arrow_keys_land_on_gaps_and_say_so() {
    let data = gaps();
    let s = setup(&data, &ChartOptions::default(), 800.0);
    let mut view = View::default();
    let out = view.apply(Input::FocusGained, &s);
    assert!(out.repaint, "focus ring drawn");
    assert_eq!(out.announce, None);
    let out = key(&mut view, &s, "Home");
    assert_eq!(view.cursor, Some(0));
    assert_eq!(out.announce, Some(0));
    assert_eq!(out.tooltip, Some(TooltipChange::Show(0)));
    for _ in 0..13 {
        key(&mut view, &s, "ArrowRight");
    }
    let out = key(&mut view, &s, "ArrowRight");
    assert_eq!(view.cursor, Some(14));
    assert_eq!(
        point_sentence(&data, out.announce.unwrap()),
        "March 2022: no data published"
    );
    let out = key(&mut view, &s, "ArrowRight");
    assert_eq!(out.announce, Some(15));
}

#[test]
fn home_end_and_page_keys_stay_inside_the_period() {
    let opts = ChartOptions {
        period: Some((6, 17)),
        ..ChartOptions::default()
    };
    let s = setup(&gaps(), &opts, 800.0);
    let mut view = View::default();
    view.apply(Input::FocusGained, &s);
    key(&mut view, &s, "End");
    assert_eq!(view.cursor, Some(17));
    let out = key(&mut view, &s, "ArrowRight");
    assert_eq!(view.cursor, Some(17), "no wrap past the end");
    assert_eq!(out.announce, None);
    key(&mut view, &s, "PageUp");
    assert_eq!(
        view.cursor,
        Some(6),
        "a year back, clamped to the first month shown"
    );
    key(&mut view, &s, "PageDown");
    assert_eq!(view.cursor, Some(17));
    key(&mut view, &s, "Home");
    assert_eq!(view.cursor, Some(6));
    // A cursor from a wider period is pulled inside.
    let mut v2 = View {
        cursor: Some(2),
        focused: true,
        ..View::default()
    };
    key(&mut v2, &s, "ArrowRight");
    assert_eq!(v2.cursor, Some(7));
}

#[test]
fn the_first_arrow_starts_at_an_end() {
    let s = setup(&gaps(), &ChartOptions::default(), 800.0);
    let mut a = View::default();
    key(&mut a, &s, "ArrowLeft");
    assert_eq!(a.cursor, Some(23), "left from nothing: the latest month");
    let mut b = View::default();
    key(&mut b, &s, "ArrowRight");
    assert_eq!(b.cursor, Some(0));
}

#[test]
fn escape_dismisses_and_enter_brings_the_tooltip_back() {
    let s = setup(&gaps(), &ChartOptions::default(), 800.0);
    let mut view = View::default();
    view.apply(Input::FocusGained, &s);
    key(&mut view, &s, "End");
    assert!(view.tooltip.is_some());
    let out = key(&mut view, &s, "Escape");
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
    assert_eq!(view.tooltip, None);
    // Moving on announces but keeps the tooltip closed.
    let out = key(&mut view, &s, "ArrowLeft");
    assert_eq!(out.announce, Some(22));
    assert_eq!(out.tooltip, None);
    let out = key(&mut view, &s, "Enter");
    assert_eq!(out.tooltip, Some(TooltipChange::Show(22)));
    // Escape with nothing open does nothing (and Tab is never ours).
    let mut idle = View::default();
    assert_eq!(key(&mut idle, &s, "Escape"), Outcome::default());
    assert_eq!(key_from_dom("Tab"), None);
}

#[test]
fn hover_tooltip_is_hoverable_and_persistent() {
    let s = setup(&gaps(), &ChartOptions::default(), 800.0);
    let mut view = View::default();
    let p = s.point(20).unwrap().at;
    let out = view.apply(Input::PointerMoved(Pt::new(p.x + 2.0, p.y + 2.0)), &s);
    assert_eq!(out.tooltip, Some(TooltipChange::Show(20)));
    assert!(out.repaint, "hover cursor drawn");
    assert_eq!(view.highlighted(), Some(20));
    // Moving over empty plot toward the tooltip keeps it.
    let out = view.apply(Input::PointerMoved(Pt::new(p.x + 30.0, s.plot.y + 2.0)), &s);
    assert_eq!(out.tooltip, None);
    assert_eq!(view.tooltip.map(|t| t.index), Some(20));
    // Leaving the canvas into the tooltip keeps it; leaving the tooltip elsewhere hides it.
    let out = view.apply(Input::PointerLeft { into_tooltip: true }, &s);
    assert_eq!(out.tooltip, None);
    let out = view.apply(Input::TooltipLeft { into_chart: false }, &s);
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
    // Hover again, then leave the canvas to the page: hidden.
    view.apply(Input::PointerMoved(p), &s);
    let out = view.apply(
        Input::PointerLeft {
            into_tooltip: false,
        },
        &s,
    );
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
    // Escape dismisses a hover tooltip too.
    view.apply(Input::PointerMoved(p), &s);
    let out = view.apply(Input::Key(Key::Escape), &s);
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
}

#[test]
fn tapping_pins_a_point_and_moves_the_cursor() {
    let s = setup(&gaps(), &ChartOptions::default(), 320.0);
    let mut view = View::default();
    let p = s.point(5).unwrap().at;
    let out = view.apply(Input::Tap(Pt::new(p.x, p.y + 10.0)), &s);
    assert_eq!(out.announce, Some(5));
    assert_eq!(out.tooltip, Some(TooltipChange::Show(5)));
    assert_eq!(view.tooltip.unwrap().source, Source::Tap);
    assert_eq!(view.cursor, Some(5));
    // A pointer leaving does not close a pinned tooltip.
    let out = view.apply(
        Input::PointerLeft {
            into_tooltip: false,
        },
        &s,
    );
    assert_eq!(out.tooltip, None);
    // Tapping empty space closes it.
    let out = view.apply(Input::Tap(Pt::new(-10.0, -10.0)), &s);
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
}

#[test]
fn losing_focus_hides_the_keyboard_tooltip_and_cursor() {
    let s = setup(&gaps(), &ChartOptions::default(), 800.0);
    let mut view = View::default();
    view.apply(Input::FocusGained, &s);
    key(&mut view, &s, "Home");
    assert_eq!(view.highlighted(), Some(0));
    let out = view.apply(Input::FocusLost, &s);
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
    assert!(out.repaint);
    assert_eq!(view.highlighted(), None, "cursor not drawn without focus");
    assert_eq!(
        view.cursor,
        Some(0),
        "but remembered for when focus returns"
    );
}

#[test]
fn tooltips_sit_beside_the_point_inside_the_chart() {
    use pcc_spc::chart::tooltip_anchor;
    let s = setup(&gaps(), &ChartOptions::default(), 320.0);
    let tip = Size::new(160.0, 90.0);
    for p in &s.points {
        let at = tooltip_anchor(&s, p.index, tip).unwrap();
        assert!(at.x >= 0.0 && at.x + tip.width <= 320.0 + 1e-9, "{at:?}");
        assert!(at.y >= 0.0 && at.y + tip.height <= s.size.height + 1e-9);
        // Never over the point itself.
        let covers = p.at.x >= at.x - 9.0
            && p.at.x <= at.x + tip.width + 9.0
            && p.at.y >= at.y - 9.0
            && p.at.y <= at.y + tip.height + 9.0;
        assert!(!covers, "tooltip over month {}", p.index);
    }
    assert!(tooltip_anchor(&s, 99, tip).is_none());
    assert_eq!(
        pcc_spc::describe::accessible_name(&gaps()),
        "SPC chart: All crime: Leicester, January 2021 to December 2022"
    );
}

#[test]
fn a_new_period_keeps_the_cursor_inside_and_hides_a_stale_tooltip() {
    let all = setup(&gaps(), &ChartOptions::default(), 800.0);
    let mut view = View::default();
    view.apply(Input::FocusGained, &all);
    key(&mut view, &all, "End");
    assert_eq!(view.cursor, Some(23));
    let narrower = setup(
        &gaps(),
        &ChartOptions {
            period: Some((0, 11)),
            ..ChartOptions::default()
        },
        800.0,
    );
    let out = view.scene_changed(&narrower);
    assert_eq!(view.cursor, Some(11));
    assert_eq!(out.tooltip, Some(TooltipChange::Hide));
    assert!(out.repaint);
    // A tooltip still in range stays.
    key(&mut view, &narrower, "Home");
    let out = view.scene_changed(&all);
    assert_eq!(out.tooltip, None);
    assert_eq!(view.tooltip.map(|t| t.index), Some(0));
}
