//! The engine's log stamps (`2026-11-29T19:32:02.221784398Z`, one per log message) parsed to
//! nanoseconds since the epoch: dockhand's own parser (`engine::logs::parse_timestamp`, on the
//! bytes) against humantime's `parse_rfc3339` as the decoder would have to call it (check the
//! bytes are UTF-8, parse, turn the `SystemTime` into `i64` nanoseconds). Both give the same
//! answer on these stamps (checked before measuring). Short (2 s per bench); figures are
//! stamps/s, quoted in src/engine/logs/timestamp.rs.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockhand::engine::logs::parse_timestamp;

/// Stamps per batch.
const BATCH: usize = 1000;

/// Stamps as the engine writes them: 9 fraction digits and `Z`, a few ms apart.
fn stamps() -> Vec<Vec<u8>> {
    (0..BATCH)
        .map(|i| {
            format!(
                "2026-11-29T19:{:02}:{:02}.{:09}Z",
                (i / 60) % 60,
                i % 60,
                (i * 7_919_113) % 1_000_000_000
            )
            .into_bytes()
        })
        .collect()
}

/// What the decoder would do with humantime instead.
fn with_humantime(s: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(s).ok()?;
    let t = humantime::parse_rfc3339(s).ok()?;
    let d = t.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(d.as_nanos()).ok()
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

fn parse_stamps(c: &mut Criterion) {
    let stamps = stamps();
    for s in &stamps {
        assert_eq!(parse_timestamp(s), with_humantime(s), "{s:?}");
        assert!(parse_timestamp(s).is_some());
    }
    let mut g = c.benchmark_group("timestamps");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("dockhand_1000_stamps", |b| {
        b.iter(|| {
            for s in &stamps {
                black_box(parse_timestamp(black_box(s)));
            }
        })
    });
    g.bench_function("humantime_1000_stamps", |b| {
        b.iter(|| {
            for s in &stamps {
                black_box(with_humantime(black_box(s)));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse_stamps
}
criterion_main!(benches);
