//! The ordered JSON value (`dockhand::json::Json`) against `serde_json::Value` on what the
//! program reads: a container's inspect document (tests/fixtures/inspect/container-26.1.json,
//! 4.6 kB) and a typical JSON log line. Parsing, and the field look-ups the summary makes.
//!
//! `serde_json::Value` keeps key order only with serde_json's `preserve_order` feature, which
//! this crate does not turn on; to compare against the ordered map, run
//! `cargo bench --bench json --features serde_json/preserve_order`. Each bench is short (2 s).

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockhand::json::Json;

const INSPECT: &str = include_str!("../tests/fixtures/inspect/container-26.1.json");

const LOG_LINE: &str = r#"{"time":"2024-05-01T12:00:07Z","level":"info","msg":"processed job","worker":17,"job":{"id":134623,"ms":12.3},"tags":["batch","retry"]}"#;

/// Paths the summary looks up in a container's document.
const PATHS: [&[&str]; 6] = [
    &["State", "Status"],
    &["Config", "Image"],
    &["HostConfig", "Privileged"],
    &["HostConfig", "NetworkMode"],
    &["NetworkSettings", "Ports"],
    &["Config", "Labels"],
];

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (name, text) in [("inspect", INSPECT), ("log_line", LOG_LINE)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{name}_ours"), |b| {
            b.iter(|| black_box(Json::parse(black_box(text)).unwrap()))
        });
        g.bench_function(format!("{name}_serde_json_value"), |b| {
            b.iter(|| {
                black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).unwrap())
            })
        });
    }
    g.finish();
}

fn lookup(c: &mut Criterion) {
    let ours = Json::parse(INSPECT).unwrap();
    let value: serde_json::Value = serde_json::from_str(INSPECT).unwrap();
    let mut g = c.benchmark_group("lookup");
    g.throughput(Throughput::Elements(PATHS.len() as u64));
    g.bench_function("inspect_paths_ours", |b| {
        b.iter(|| {
            for p in PATHS {
                black_box(black_box(&ours).at(p));
            }
        })
    });
    g.bench_function("inspect_paths_serde_json_value", |b| {
        b.iter(|| {
            for p in PATHS {
                let found = p.iter().try_fold(black_box(&value), |v, k| v.get(k));
                black_box(found);
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse, lookup
}
criterion_main!(benches);
