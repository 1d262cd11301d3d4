//! Chart timings on the embedded LLR data (not a test: numbers to watch, printed).
//!
//! `cargo bench --bench chart` prints the median of many runs of each pure step the page
//! takes per frame: `layout` at phone and desktop widths, painting into a recording backend,
//! `nearest_point` across a whole chart, and the words. The browser number that matters
//! (navigation to painted chart) is measured by the web benchmark.

use std::hint::black_box;
use std::time::{Duration, Instant};

use pcc_spc::chart::{
    layout, preferred_height, ChartData, ChartOptions, FixedWidthText, Pt, RecordingBackend, Size,
};
use pcc_spc::interact::{nearest_point, HOVER_PX};

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/llr.json");
    let text = std::fs::read_to_string(path).expect("www/data/llr.json");
    let ds = pcc_spc::model::parse(&text).expect("valid file").0;
    let data = ChartData::from_dataset(&ds, "3.1", "E06000016", pcc_spc::spc::Profile::Mdc)
        .expect("3.1 Leicester");
    let m = FixedWidthText::default();
    let opts = ChartOptions::default();
    println!(
        "{} months, {} annotations",
        data.months.len(),
        data.annotations.len()
    );
    for width in [320.0, 1200.0] {
        let size = Size::new(width, preferred_height(&data, &opts, width, &m));
        let t = median(|| drop(black_box(layout(&data, &opts, size, &m))), 301);
        println!("layout at {width:>6} px: {t:>10.1?}");
        let scene = layout(&data, &opts, size, &m);
        let t = median(
            || drop(black_box(RecordingBackend::record(&scene, 2.0))),
            101,
        );
        println!(
            "paint  at {width:>6} px: {t:>10.1?} ({} draw calls at DPR 2)",
            RecordingBackend::record(&scene, 2.0).len()
        );
        let xs: Vec<f64> = (0..=width as usize).step_by(4).map(|x| x as f64).collect();
        let y = scene.plot.y + scene.plot.h / 2.0;
        let t = median(
            || {
                for &x in &xs {
                    black_box(nearest_point(&scene, Pt::new(x, y), HOVER_PX));
                }
            },
            101,
        );
        println!("nearest_point x{}: {t:>10.1?}", xs.len());
    }
    let t = median(
        || {
            black_box(pcc_spc::describe::summary(&data));
            black_box(pcc_spc::describe::table_rows(&data));
            black_box(pcc_spc::describe::csv(&data));
        },
        301,
    );
    println!("summary + table + CSV: {t:>10.1?}");
    let t = median(
        || {
            drop(black_box(ChartData::from_dataset(
                &ds,
                "3.1",
                "E06000016",
                pcc_spc::spc::Profile::Mdc,
            )))
        },
        301,
    );
    println!("from_dataset (analyse): {t:>10.1?}");
}
