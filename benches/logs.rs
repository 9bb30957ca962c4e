//! Throughput of the log pane's pure layer: rendering lines safely (plain, coloured, JSON, and a
//! 1 MB line), pushing into the ring, searching. Each bench is short (2 s) so that
//! `cargo bench --bench logs` finishes in well under a minute; figures are lines/s or bytes/s.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockhand::logs::ansi::{StyledText, render};
use dockhand::logs::ring::Ring;
use dockhand::logs::search::Query;

/// Lines per batch in the per-line benches.
const BATCH: usize = 1000;

/// The cap the pane would use for one line's characters.
const MAX_CHARS: usize = 10_000;

fn plain_lines() -> Vec<Vec<u8>> {
    (0..BATCH)
        .map(|i| {
            format!(
                "2024-05-01 12:00:{:02} INFO  worker[{i}] processed job id={} in 12.3ms\tstatus=ok",
                i % 60,
                i * 7919
            )
            .into_bytes()
        })
        .collect()
}

fn sgr_lines() -> Vec<Vec<u8>> {
    (0..BATCH)
        .map(|i| {
            format!("\x1b[2m2024-05-01 12:00:{:02}\x1b[0m \x1b[1;32mINFO\x1b[0m \x1b[38;5;208mworker\x1b[0m[{i}] processed \x1b[38;2;10;20;30mjob\x1b[39m id={}", i % 60, i * 7919)
                .into_bytes()
        })
        .collect()
}

fn json_lines() -> Vec<Vec<u8>> {
    (0..BATCH)
        .map(|i| {
            format!(r#"{{"time":"2024-05-01T12:00:{:02}Z","level":"info","msg":"processed job","worker":{i},"job":{{"id":{},"ms":12.3}}}}"#, i % 60, i * 7919)
                .into_bytes()
        })
        .collect()
}

fn megabyte_line() -> Vec<u8> {
    b"lorem ipsum \x1b[31mdolor\x1b[0m sit amet, \xffconsectetur\tadipiscing "
        .iter()
        .copied()
        .cycle()
        .take(1 << 20)
        .collect()
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

fn render_lines(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    g.throughput(Throughput::Elements(BATCH as u64));
    for (name, lines) in [
        ("plain", plain_lines()),
        ("sgr", sgr_lines()),
        ("json", json_lines()),
    ] {
        g.bench_function(format!("{name}_1000_lines"), |b| {
            b.iter(|| {
                for line in &lines {
                    black_box(render(black_box(line), true, MAX_CHARS));
                }
            })
        });
    }
    let big = megabyte_line();
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("1mb_line_capped", |b| {
        b.iter(|| black_box(render(black_box(&big), true, MAX_CHARS)))
    });
    g.bench_function("1mb_line_whole", |b| {
        b.iter(|| black_box(render(black_box(&big), true, usize::MAX)))
    });
    g.finish();
}

fn ring_push(c: &mut Criterion) {
    let rendered: Vec<StyledText> = sgr_lines()
        .iter()
        .map(|l| render(l, true, MAX_CHARS))
        .collect();
    let mut g = c.benchmark_group("ring");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("push_1000_styled_lines_evicting", |b| {
        // A small ring, already full, so every push evicts: the steady state of a flood.
        let mut ring = Ring::with_byte_budget(500, 64 * 1024);
        for line in &rendered {
            ring.push(line.clone());
        }
        b.iter(|| {
            for line in &rendered {
                ring.push(black_box(line.clone()));
            }
        })
    });
    g.finish();
}

fn search_lines(c: &mut Criterion) {
    let rendered: Vec<String> = plain_lines()
        .iter()
        .map(|l| render(l, false, MAX_CHARS).text)
        .collect();
    let mut g = c.benchmark_group("search");
    g.throughput(Throughput::Elements(BATCH as u64));
    for (name, query) in [
        ("plain_ci", Query::new("JOB ID=7", false, false)),
        ("regex", Query::new(r"id=\d+3 ", true, true)),
    ] {
        let Ok(matcher) = query.compile() else {
            continue;
        };
        g.bench_function(format!("{name}_find_all_1000_lines"), |b| {
            b.iter(|| {
                for line in &rendered {
                    black_box(matcher.find_all(black_box(line)));
                }
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = render_lines, ring_push, search_lines
}
criterion_main!(benches);
