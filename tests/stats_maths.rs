//! The stats maths on real engine documents (tests/fixtures/stats, recorded from engines A
//! and B, both cgroup v1) and hand-made cgroup v2 documents: CPU % from two samples and from
//! the engine's previous counters, first samples, counter resets, memory without the inactive
//! file cache, limits, network and block I/O rates, "not reported" apart from zero, pids.
//! And the figures agree with the lines `docker stats` printed for the same documents.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use dockhand::stats::{Sample, Source, parse_api, rates};
use serde_json::Value;

fn text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/stats")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sample(name: &str) -> Sample {
    parse_api(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn raw(name: &str) -> Value {
    serde_json::from_str(&text(name)).expect("json")
}

fn u(v: &Value, pointer: &str) -> u64 {
    v.pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("no number at {pointer}"))
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() < 1e-9 * b.abs().max(1.0),
        "{what}: {a} != {b}"
    );
}

const ENGINES: [&str; 2] = ["a", "b"];

#[test]
fn cpu_percent_from_two_one_shot_samples() {
    for e in ENGINES {
        let (n1, n2) = (
            format!("{e}-busy-pair-1.json"),
            format!("{e}-busy-pair-2.json"),
        );
        let (s1, s2) = (sample(&n1), sample(&n2));
        let (r1, r2) = (raw(&n1), raw(&n2));
        // One-shot documents carry no previous counters: a first sample has no CPU %.
        assert_eq!(s1.pre_cpu, None, "{e}");
        assert_eq!(rates(None, &s1).cpu_percent, None, "{e}");
        let cpu =
            u(&r2, "/cpu_stats/cpu_usage/total_usage") - u(&r1, "/cpu_stats/cpu_usage/total_usage");
        let sys = u(&r2, "/cpu_stats/system_cpu_usage") - u(&r1, "/cpu_stats/system_cpu_usage");
        let cpus = u(&r2, "/cpu_stats/online_cpus") as f64;
        let r = rates(Some(&s1), &s2);
        let got = r.cpu_percent.expect("a CPU %");
        close(got, cpu as f64 / sys as f64 * cpus * 100.0, e);
        // `yes` keeps one core busy; the machine was busy too when recording.
        assert!((30.0..130.0).contains(&got), "{e}: {got}");
        assert!(
            r.over_secs > 0.9 && r.over_secs < 3.0,
            "{e}: {}",
            r.over_secs
        );
        // The other way round, the pair says nothing.
        assert_eq!(rates(Some(&s2), &s1).cpu_percent, None, "{e}");
    }
}

#[test]
fn cpu_percent_from_the_engines_previous_counters() {
    for e in ENGINES {
        let name = format!("{e}-busy-stream-false.json");
        let (s, v) = (sample(&name), raw(&name));
        let pre = s
            .pre_cpu
            .expect("stream=false without one-shot carries precpu");
        assert_eq!(
            pre.cpu_total_ns,
            u(&v, "/precpu_stats/cpu_usage/total_usage")
        );
        let cpu = u(&v, "/cpu_stats/cpu_usage/total_usage") - pre.cpu_total_ns;
        let sys = u(&v, "/cpu_stats/system_cpu_usage") - u(&v, "/precpu_stats/system_cpu_usage");
        let r = rates(None, &s);
        close(
            r.cpu_percent.expect("CPU %"),
            cpu as f64 / sys as f64 * 2.0 * 100.0,
            e,
        );
        assert_eq!(r.over_secs, 0.0);
    }
}

#[test]
fn a_restarted_container_gives_no_cpu_percent() {
    for e in ENGINES {
        let before = sample(&format!("{e}-restart-1.json"));
        let after = sample(&format!("{e}-restart-2.json"));
        assert!(after.cpu_total_ns < before.cpu_total_ns, "{e}: a reset");
        let r = rates(Some(&before), &after);
        assert_eq!(r.cpu_percent, None, "{e}");
        // What does not depend on the previous sample is still shown.
        assert_eq!(r.mem_used, after.mem_used);
        assert_eq!(r.pids, Some(1));
    }
}

#[test]
fn v1_memory_is_usage_without_inactive_file_and_the_limit_is_the_cgroups() {
    for e in ENGINES {
        let name = format!("{e}-idle-64m-oneshot.json");
        let (s, v) = (sample(&name), raw(&name));
        let inactive = u(&v, "/memory_stats/stats/total_inactive_file");
        // The container wrote an 8 MB file: its page cache is in the usage.
        assert!(inactive >= 7_000_000, "{e}: {inactive}");
        assert_eq!(s.mem_used, Some(u(&v, "/memory_stats/usage") - inactive));
        assert_eq!(s.mem_limit, Some(64 << 20));
        let r = rates(None, &s);
        let used = s.mem_used.expect("used") as f64;
        close(
            r.mem_percent.expect("%"),
            used / (64 << 20) as f64 * 100.0,
            e,
        );
        // Without a limit the engine shows the host's memory.
        let busy = raw(&format!("{e}-busy-oneshot.json"));
        assert_eq!(
            sample(&format!("{e}-busy-oneshot.json")).mem_limit,
            Some(u(&busy, "/memory_stats/limit"))
        );
        assert!(u(&busy, "/memory_stats/limit") < 1 << 50);
    }
}

#[test]
fn v2_memory_cpu_network_and_block_io() {
    // Hand-made in the cgroup v2 shape (README.md): no percpu_usage, v2 memory keys,
    // lowercase block I/O ops.
    let (s1, s2) = (sample("v2-handmade-1.json"), sample("v2-handmade-2.json"));
    let v = raw("v2-handmade-2.json");
    assert_eq!(s2.online_cpus, 4);
    assert_eq!(
        s2.mem_used,
        Some(u(&v, "/memory_stats/usage") - u(&v, "/memory_stats/stats/inactive_file"))
    );
    let r = rates(Some(&s1), &s2);
    close(
        r.cpu_percent.expect("cpu"),
        0.5 / 4.0 * 4.0 * 100.0,
        "two samples",
    );
    close(
        rates(None, &s2).cpu_percent.expect("precpu"),
        50.0,
        "precpu",
    );
    assert_eq!(r.over_secs, 1.0);
    assert_eq!(
        (r.net_rx_per_s, r.net_tx_per_s),
        (Some(2048.0), Some(1024.0))
    );
    assert_eq!(
        (r.blk_read_per_s, r.blk_write_per_s),
        (Some(1_048_576.0), Some(0.0))
    );
    assert_eq!(s2.pids, Some(3));
    assert_eq!(s2.source, Source::Api);

    // An engine that reports no block I/O (`null`): not reported, not zero.
    let noio = sample("v2-handmade-noio.json");
    assert_eq!(noio.blk, None);
    let r = rates(Some(&s2), &noio);
    assert_eq!((r.blk_read_per_s, r.blk_write_per_s), (None, None));
    assert_eq!(r.net_rx_per_s, Some(0.0));
}

#[test]
fn v1_block_io_is_reported_as_zero_and_no_network_is_none() {
    for e in ENGINES {
        let (s1, s2) = (
            sample(&format!("{e}-busy-pair-1.json")),
            sample(&format!("{e}-busy-pair-2.json")),
        );
        // cgroup v1 engines send an empty list when nothing was accounted: zero.
        assert_eq!(s2.blk, Some((0, 0)), "{e}");
        // --network none: the engine sends no `networks`.
        assert_eq!(s2.net, None, "{e}");
        let r = rates(Some(&s1), &s2);
        assert_eq!(
            (r.blk_read_per_s, r.blk_write_per_s),
            (Some(0.0), Some(0.0))
        );
        assert_eq!((r.net_rx_per_s, r.net_tx_per_s), (None, None));
        assert_eq!(r.pids, Some(1));
    }
}

#[test]
fn network_totals_and_rate_on_an_internal_network() {
    for e in ENGINES {
        let first = format!("{e}-internal-net-oneshot.json");
        let later = format!("{e}-cli-internal-net.json");
        let (s1, s2) = (sample(&first), sample(&later));
        let (v1, v2) = (raw(&first), raw(&later));
        let rx = |v: &Value| u(v, "/networks/eth0/rx_bytes");
        assert_eq!(s1.net, Some((rx(&v1), u(&v1, "/networks/eth0/tx_bytes"))));
        let r = rates(Some(&s1), &s2);
        let expected = (rx(&v2) - rx(&v1)) as f64 / r.over_secs;
        close(r.net_rx_per_s.expect("rx rate"), expected, e);
    }
}

/// Go's `%.Ng` as the docker CLI uses it (N significant digits, no trailing zeros).
fn g(x: f64, digits: i32) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let exp = x.abs().log10().floor() as i32;
    let decimals = (digits - 1 - exp).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// docker's size formats: binary units and 4 digits for memory (`BytesSize`), decimal units
/// and 3 digits for network and block I/O (`HumanSizeWithPrecision(x, 3)`).
fn size(bytes: u64, binary: bool) -> String {
    let (base, units): (f64, &[&str]) = if binary {
        (1024.0, &["B", "KiB", "MiB", "GiB", "TiB"])
    } else {
        (1000.0, &["B", "kB", "MB", "GB", "TB"])
    };
    let mut x = bytes as f64;
    let mut i = 0;
    while x >= base && i < units.len() - 1 {
        x /= base;
        i += 1;
    }
    format!("{}{}", g(x, if binary { 4 } else { 3 }), units[i])
}

#[test]
fn figures_match_what_docker_stats_printed() {
    let mut checked = 0;
    for e in ENGINES {
        // One JSON line per container as `docker stats --no-stream --format '{{json .}}'`
        // printed it, and the document the CLI computed it from (recorded through a proxy).
        for line in text(&format!("{e}-docker-stats.txt")).lines() {
            let cli: Value = serde_json::from_str(line).expect("a docker stats line");
            let field = |k: &str| cli[k].as_str().expect(k).to_string();
            let s = sample(&field("Fixture"));
            let r = rates(None, &s);
            let what = format!("{e} {}", field("Name"));
            assert_eq!(
                format!("{:.2}%", r.cpu_percent.unwrap_or(0.0)),
                field("CPUPerc"),
                "{what}"
            );
            let used = r.mem_used.expect("used");
            let limit = r.mem_limit.expect("limit");
            assert_eq!(
                format!("{} / {}", size(used, true), size(limit, true)),
                field("MemUsage"),
                "{what}"
            );
            assert_eq!(
                format!("{:.2}%", r.mem_percent.expect("mem %")),
                field("MemPerc"),
                "{what}"
            );
            let (rx, tx) = s.net.unwrap_or((0, 0));
            assert_eq!(
                format!("{} / {}", size(rx, false), size(tx, false)),
                field("NetIO"),
                "{what}"
            );
            let (rd, wr) = s.blk.unwrap_or((0, 0));
            assert_eq!(
                format!("{} / {}", size(rd, false), size(wr, false)),
                field("BlockIO"),
                "{what}"
            );
            assert_eq!(s.pids.map(|p| p.to_string()), Some(field("PIDs")), "{what}");
            checked += 1;
        }
    }
    assert_eq!(checked, 6, "three containers on each engine");
}

#[test]
fn go_number_format_as_docker_prints_it() {
    // Strings from the recorded docker stats lines.
    assert_eq!(size(25_276_514_304, true), "23.54GiB");
    assert_eq!(size(64 << 20, true), "64MiB");
    assert_eq!(size(1182, false), "1.18kB");
    assert_eq!(size(0, false), "0B");
}
