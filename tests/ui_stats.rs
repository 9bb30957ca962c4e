//! Live numbers on screen: the containers list's columns, the stats view with its charts, and
//! the processes view. Rendered into ratatui's test backend from fixture samples.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dockhand::app::{App, Msg};
use dockhand::config::{Config, Theme};
use dockhand::engine::Report;
use dockhand::engine::top::Top;
use dockhand::ids::HostId;
use dockhand::stats::{Sample, Source};
use dockhand::testing::*;
use ratatui::buffer::Buffer;

const NOW: i64 = 1_764_400_000;
const SEC: i64 = 1_000_000_000;
const MIB: u64 = 1024 * 1024;

fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let area = buf.area;
    for y in 0..area.height {
        let line: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = line.find(needle) {
            return (line[..i].chars().count() as u16, y);
        }
    }
    panic!("{needle:?} not on screen");
}

/// Counters of a container at second `t`: `cpu_ns` of CPU used so far, memory growing a MiB a second,
/// `net` bytes a second each way (None: no network), block I/O None (as cgroup v2 often is).
fn sample(t: i64, cpu_ns: u64, mem: u64, net: Option<u64>, blk: bool) -> Sample {
    Sample {
        at: dockhand::time::Nanos((NOW - 100 + t) * SEC),
        cpu_total_ns: cpu_ns,
        system_cpu_ns: Some(2 * SEC as u64 * t as u64),
        online_cpus: 2,
        pre_cpu: None,
        mem_used: Some(mem + MIB * t as u64),
        mem_limit: Some(512 * MIB),
        net: net.map(|n| (n * t as u64, n / 2 * t as u64)),
        blk: blk.then(|| (0, 8192 * t as u64)),
        pids: Some(4),
        source: Source::Cgroup,
    }
}

/// Three running containers and one exited, with `secs` seconds of samples for the running.
fn app_with_numbers(width: u16, height: u16, secs: i64) -> App {
    let mut app = App::new(&Config::default(), NOW - 100);
    app.update(Msg::Resize { width, height });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let list = vec![
        container("busy", NOW),
        container("idle", NOW),
        container("fresh", NOW),
        exited(container("done", NOW), 0, NOW - 600),
    ];
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(list),
        },
    ));
    let id = |app: &App, n: &str| {
        app.host()
            .containers
            .list
            .all()
            .find(|c| c.name == n)
            .map(|c| c.id.clone())
            .expect("container")
    };
    let (busy, idle) = (id(&app, "busy"), id(&app, "idle"));
    let (mut busy_cpu, mut idle_cpu) = (0u64, 0u64);
    for t in 1..=secs {
        app.update(Msg::Tick { now: NOW - 100 + t });
        // A wave of CPU on the busy one: charts should show a shape, not a line.
        busy_cpu += (1e9 * (0.5 + 0.5 * ((t % 20) as f64 / 20.0))) as u64;
        idle_cpu += 2_000_000;
        let samples = vec![
            (
                busy.clone(),
                Ok(sample(t, busy_cpu, 200 * MIB, Some(300_000), true)),
            ),
            (idle.clone(), Ok(sample(t, idle_cpu, 20 * MIB, None, false))),
        ];
        app.update(Msg::Engine(HostId::FIRST, Report::Stats { samples }));
    }
    app
}

#[test]
fn live_numbers_in_the_list() {
    let mut app = app_with_numbers(200, 12, 60);
    // The numbers are a minute old now for "idle" (it is not selected): shown dimmed.
    app.update(Msg::Tick { now: NOW + 30 });
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
    let buf = term.backend().buffer();
    let t = Theme::default();
    let (x, y) = find(buf, "0.2%");
    assert_eq!(buf[(x, y)].fg, t.dim, "a stale number is dimmed");
    // "fresh" was never sampled; "done" is not running: nothing to show.
    let (_, y) = find(buf, " fresh ");
    let (x, _) = find(buf, "CPU");
    assert_eq!(buf[(x, y)].symbol(), "…");
}

#[test]
fn stats_view_with_history_and_missing_block_io() {
    let mut app = app_with_numbers(100, 30, 60);
    press(&mut app, KeyCode::Enter);
    let term = render(&app);
    insta::assert_snapshot!("stats_view_busy", term.backend());
    // The idle container (two rows down) has no network and no block I/O reported: "n/a",
    // not 0.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let term = render(&app);
    insta::assert_snapshot!("stats_view_idle", term.backend());
    let text = format!("{}", term.backend());
    assert!(text.contains("Block I/O  n/a"), "{text}");
    assert!(text.contains("Network    n/a"), "{text}");
}

#[test]
fn processes_view() {
    let mut app = app_with_numbers(100, 14, 2);
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('t'),
        KeyModifiers::NONE,
    )));
    let (seq, id) = fx
        .iter()
        .find_map(|f| match f {
            dockhand::app::Effect::Engine(_, dockhand::engine::Request::Top { seq, id }) => {
                Some((*seq, id.clone()))
            }
            _ => None,
        })
        .expect("a top request");
    let row = |pid: &str, cmd: &str| {
        vec![
            "root".to_string(),
            pid.to_string(),
            "1".to_string(),
            "0".to_string(),
            "10:00".to_string(),
            "?".to_string(),
            "00:00:01".to_string(),
            cmd.to_string(),
        ]
    };
    let top = Top {
        titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
            .map(String::from)
            .to_vec(),
        processes: vec![
            row("4242", "sh -c sleep 3001 & yes > /dev/null"),
            row("4250", "sleep 3001"),
            row("4251", "yes\u{1b}]0;title\u{7}"),
        ],
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Top {
            seq,
            id,
            result: Ok(top),
        },
    ));
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
}

#[test]
fn the_list_says_how_the_numbers_on_screen_were_read() {
    let mut app = app_with_numbers(200, 12, 10);
    let id = app
        .host()
        .containers
        .list
        .all()
        .find(|c| c.name == "fresh")
        .map(|c| c.id.clone())
        .expect("fresh");
    // The latest sample came through the engine's API (a container just restarted, say):
    // the two others' numbers still come from cgroup files.
    let mut s = sample(11, 1_000, 10 * MIB, None, false);
    s.source = Source::Api;
    app.update(Msg::Tick { now: NOW - 89 });
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Stats {
            samples: vec![(id, Ok(s))],
        },
    ));
    let text = format!("{}", render(&app).backend());
    assert!(
        text.contains("via cgroup files (1 via engine API)"),
        "{text}"
    );
}

#[test]
fn the_stats_view_takes_the_lists_place_and_charts_small_memory() {
    let mut app = app_with_numbers(100, 30, 2);
    let id = app
        .host()
        .containers
        .list
        .all()
        .find(|c| c.name == "fresh")
        .map(|c| c.id.clone())
        .expect("fresh");
    // 2.5 MiB of a 512 MiB limit: half a percent.
    for t in 3..=6 {
        app.update(Msg::Tick { now: NOW - 100 + t });
        let mut s = sample(t, 1_000 * t as u64, 0, None, false);
        s.mem_used = Some(5 * MIB / 2);
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::Stats {
                samples: vec![(id.clone(), Ok(s))],
            },
        ));
    }
    // "fresh" is the second row.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let term = render(&app);
    let text = format!("{}", term.backend());
    assert!(!text.contains("┌ ┌"), "one border, not two:\n{text}");
    assert!(text.contains("┌ Stats of fresh"), "{text}");
    assert!(
        text.contains("chart 0–4.00MiB"),
        "the scale is said:\n{text}"
    );
    // Bars under the memory heading.
    let buf = term.backend().buffer();
    let (_, mem_y) = find(buf, "Memory ");
    let (_, net_y) = find(buf, "Network ");
    let bars = (mem_y + 1..net_y)
        .any(|y| (0..buf.area.width).any(|x| "▁▂▃▄▅▆▇█".contains(buf[(x, y)].symbol())));
    assert!(bars, "the memory chart is not blank at 0.5 %:\n{text}");
}
