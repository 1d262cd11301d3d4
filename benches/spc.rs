//! The SPC engine's speed: one series of 36, 60 and 120 months, and a 150-series dashboard
//! (the LLR file has 15 measures × 10 areas). Goal (issue 3): the dashboard under 0.5 ms.
//! Run with `cargo bench --bench spc`; ns per point = time / points. The synthetic series
//! have a step half way and no rebase, so most points are flagged: the worst case.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pcc_spc::spc::{analyse, Direction, Input, Profile};

/// A deterministic monthly series: seasonal noise, a step and a missing month.
fn series(months: usize, seed: u64) -> Vec<Option<f64>> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..months)
        .map(|i| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let noise = ((x >> 33) % 1000) as f64 / 10.0;
            let season = 40.0 * ((i % 12) as f64 / 12.0 * std::f64::consts::TAU).sin();
            let step = if i > months / 2 { -150.0 } else { 0.0 };
            if i == months / 3 {
                None
            } else {
                Some(1000.0 + season + step + noise)
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let settings = Profile::Mdc.settings();
    let mut group = c.benchmark_group("analyse");
    for months in [36usize, 60, 120] {
        let v = series(months, months as u64);
        group.throughput(Throughput::Elements(months as u64));
        group.bench_with_input(BenchmarkId::new("series", months), &v, |b, v| {
            b.iter(|| analyse(black_box(&Input::xmr(v, Direction::Decrease)), &settings))
        });
    }
    let dashboard: Vec<Vec<Option<f64>>> = (0..150).map(|k| series(35, k)).collect();
    group.throughput(Throughput::Elements(150 * 35));
    group.bench_function("dashboard_150x35", |b| {
        b.iter(|| {
            for v in &dashboard {
                black_box(analyse(&Input::xmr(v, Direction::Decrease), &settings).ok());
            }
        })
    });
    // The same dashboard as published: each series rebased at its documented step, so the
    // rules flag far fewer points (fewer allocations for rule hits).
    let rebase = [35 / 2 + 1];
    group.bench_function("dashboard_150x35_rebased", |b| {
        b.iter(|| {
            for v in &dashboard {
                let input = Input {
                    rebase_at: &rebase,
                    ..Input::xmr(v, Direction::Decrease)
                };
                black_box(analyse(&input, &settings).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
