//! Small multiples on the real LLR file: one chart per area, force first, a grid that reflows
//! with the width, shared time axes, class badges that agree with each chart's analysis, and
//! pointer / keyboard movement between cells.

use pcc_spc::areas::multiples::{
    columns_for, fit_text, small_multiples, BADGE_FONT, BADGE_HEIGHT, GAP,
};
use pcc_spc::chart::{ChartOptions, FixedWidthText, MeasureText};
use pcc_spc::model::{parse, AreaKind, Dataset};
use pcc_spc::spc::{Profile, Rag};
use pcc_spc::ErrorKind;

const LLR: &str = include_str!("../www/data/llr.json");

fn dataset() -> Dataset {
    parse(LLR).unwrap().0
}

#[test]
fn columns_reflow_with_the_width() {
    assert_eq!(columns_for(320.0, 10), 1);
    assert_eq!(columns_for(615.0, 10), 1);
    assert_eq!(columns_for(616.0, 10), 2);
    assert_eq!(columns_for(960.0, 10), 3);
    assert_eq!(columns_for(1400.0, 10), 4);
    assert_eq!(columns_for(10_000.0, 3), 3, "never more columns than cells");
    assert_eq!(columns_for(f64::NAN, 10), 1);
    assert_eq!(columns_for(100.0, 0), 1);
}

#[test]
fn one_chart_per_area_force_first_in_a_grid() {
    let ds = dataset();
    let m = FixedWidthText::default();
    let g = small_multiples(
        &ds,
        "3.1",
        Profile::Mdc,
        &ChartOptions::default(),
        960.0,
        &m,
    )
    .unwrap();
    assert_eq!(g.columns, 3);
    assert_eq!(g.cells.len(), 10);
    assert_eq!(g.cells[0].kind, AreaKind::Force);
    assert!(g.cells[1..].iter().all(|c| c.kind == AreaKind::Csp));
    let months = ds.months().len();
    for (i, c) in g.cells.iter().enumerate() {
        // Inside the grid, not overlapping any other cell.
        assert!(
            c.rect.x >= 0.0 && c.rect.x + c.rect.w <= 960.0 + 1e-9,
            "{}",
            c.name
        );
        assert!(c.rect.y + c.rect.h <= g.height + 1e-9);
        for d in &g.cells[i + 1..] {
            let apart = c.rect.x + c.rect.w <= d.rect.x
                || d.rect.x + d.rect.w <= c.rect.x
                || c.rect.y + c.rect.h <= d.rect.y
                || d.rect.y + d.rect.h <= c.rect.y;
            assert!(apart, "{} and {} overlap", c.name, d.name);
        }
        // The badge's words fit beside its symbol, shortened with "…" only when needed.
        let room = c.rect.w - (BADGE_HEIGHT - 6.0) - 8.0;
        assert!(
            m.width(&c.badge.shown, BADGE_FONT) <= room + 1e-9,
            "{}",
            c.badge.shown
        );
        if c.badge.shown != c.badge.text {
            let stem = c.badge.shown.trim_end_matches('\u{2026}');
            assert!(c.badge.text.starts_with(stem), "{}", c.badge.shown);
        }
        // Badge above the chart.
        assert_eq!(c.badge.rect.h, BADGE_HEIGHT);
        assert_eq!(c.chart_rect.y, c.rect.y + BADGE_HEIGHT);
        // Same row → same top; columns separated by the gap.
        let (row, col) = (i / 3, i % 3);
        assert_eq!(c.rect.y, g.cells[row * 3].rect.y);
        if col > 0 {
            let left = &g.cells[i - 1];
            assert!((c.rect.x - (left.rect.x + left.rect.w) - GAP).abs() < 1e-9);
        }
        // Shared time axis: every chart shows every month of the file.
        let (data, scene) = c.chart.as_ref().unwrap();
        assert_eq!(data.months.len(), months);
        assert_eq!(scene.points.first().unwrap().index, 0);
        assert_eq!(scene.points.last().unwrap().index, months - 1);
        assert_eq!(scene.size.width, c.chart_rect.w);
        // The badge says what the analysis says.
        match &data.analysis.pcc_class {
            Some(class) => {
                assert_eq!(c.badge.rag, Some(class.rag));
                assert_eq!(c.badge.text, class.label);
                let symbol = match class.rag {
                    Rag::Green => "G",
                    Rag::Amber => "A",
                    Rag::Red => "R",
                };
                assert_eq!(c.badge.symbol, symbol);
            }
            None => assert_eq!(c.badge.symbol, "\u{2013}"),
        }
    }
    // Every area of the file has its chart, with the area in its title.
    for (c, a) in g.cells.iter().zip(&ds.areas) {
        assert_eq!(c.code, a.code);
        assert!(c.chart.as_ref().unwrap().0.title.contains(&a.name));
    }
}

#[test]
fn narrow_screens_stack_the_charts() {
    let ds = dataset();
    let m = FixedWidthText::default();
    let g = small_multiples(
        &ds,
        "3.1",
        Profile::Mdc,
        &ChartOptions::default(),
        320.0,
        &m,
    )
    .unwrap();
    assert_eq!(g.columns, 1);
    for w in g.cells.windows(2) {
        assert!((w[1].rect.y - (w[0].rect.y + w[0].rect.h) - GAP).abs() < 1e-9);
        assert_eq!(w[1].rect.x, 0.0);
    }
    assert!((g.height - (g.cells[9].rect.y + g.cells[9].rect.h)).abs() < 1e-9);
}

#[test]
fn pointer_and_keyboard_move_between_cells() {
    let ds = dataset();
    let m = FixedWidthText::default();
    let g = small_multiples(
        &ds,
        "3.1",
        Profile::Mdc,
        &ChartOptions::default(),
        960.0,
        &m,
    )
    .unwrap();
    for (i, c) in g.cells.iter().enumerate() {
        let centre = (c.rect.x + c.rect.w / 2.0, c.rect.y + c.rect.h / 2.0);
        assert_eq!(g.cell_at(centre.0, centre.1), Some(i));
    }
    let gap_x = g.cells[0].rect.x + g.cells[0].rect.w + GAP / 2.0;
    assert_eq!(g.cell_at(gap_x, 10.0), None);
    assert_eq!(g.cell_at(-1.0, 10.0), None);
    assert_eq!(g.next(None), Some(0));
    assert_eq!(g.next(Some(9)), Some(0));
    assert_eq!(g.prev(Some(0)), Some(9));
    // 10 cells in rows of 3: 0 1 2 / 3 4 5 / 6 7 8 / 9.
    assert_eq!(g.below(1), Some(4));
    assert_eq!(g.below(7), Some(9), "the last row is shorter");
    assert_eq!(g.below(9), None);
    assert_eq!(g.above(4), Some(1));
    assert_eq!(g.above(2), None);
}

#[test]
fn an_area_without_figures_keeps_its_cell_and_says_so() {
    let mut ds = dataset();
    let code = ds.areas[3].code.clone();
    ds.measures
        .iter_mut()
        .find(|m| m.id == "3.1")
        .unwrap()
        .series
        .retain(|s| s.area != code);
    let m = FixedWidthText::default();
    let g = small_multiples(
        &ds,
        "3.1",
        Profile::Mdc,
        &ChartOptions::default(),
        960.0,
        &m,
    )
    .unwrap();
    let c = g.cells.iter().find(|c| c.code == code).unwrap();
    assert!(c.chart.is_none());
    assert_eq!(c.badge.symbol, "\u{2013}");
    assert!(
        c.badge.text.starts_with("No figures for"),
        "{}",
        c.badge.text
    );
    let e = small_multiples(
        &ds,
        "nope",
        Profile::Mdc,
        &ChartOptions::default(),
        960.0,
        &m,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[test]
fn long_words_are_shortened_at_a_word_with_an_ellipsis() {
    let m = FixedWidthText { em: 0.5 };
    let f = BADGE_FONT;
    // 14 px × 0.5 × 1.08 ≈ 7.56 px a character.
    let text = "Exception: two of three points close to the upper limit";
    assert_eq!(fit_text(text, 1000.0, f, &m), text);
    let short = fit_text(text, 200.0, f, &m);
    assert!(m.width(&short, f) <= 200.0);
    assert!(short.ends_with('\u{2026}'));
    assert_eq!(short, "Exception: two of three\u{2026}");
    assert_eq!(fit_text(text, 5.0, f, &m), "\u{2026}");
}
