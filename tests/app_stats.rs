//! Live numbers in the app: what is sampled when (the engine's budget), what the numbers do to
//! the list, and the stats and processes views. No engine, no terminal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::stats::API_ROWS_PER_TICK;
use dockhand::app::{App, Effect, Msg, Overlay, SortColumn};
use dockhand::config::{Config, StatsSource};
use dockhand::engine::model::{Container, EngineEvent, EventAction, EventKind};
use dockhand::engine::top::Top;
use dockhand::engine::{Report, Request};
use dockhand::ids::ContainerId;
use dockhand::ids::HostId;
use dockhand::stats::{Sample, Source};
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;
const SEC: i64 = 1_000_000_000;

fn connected(list: Vec<Container>, height: u16) -> App {
    connected_app(&Config::default(), NOW, (200, height), list)
}

fn running(n: usize) -> Vec<Container> {
    (0..n)
        .map(|i| container(&format!("c{i:03}"), NOW))
        .collect()
}

fn id_of(app: &App, name: &str) -> ContainerId {
    app.host()
        .containers
        .list
        .all()
        .find(|c| c.name == name)
        .map(|c| c.id.clone())
        .expect("a container of that name")
}

fn names(app: &App, ids: &[ContainerId]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            app.host()
                .containers
                .list
                .get(id.as_str())
                .map(|c| c.name.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// The ids one message asked to sample.
fn asked(fx: &[Effect]) -> Vec<ContainerId> {
    fx.iter()
        .filter_map(|f| match f {
            Effect::Engine(_, Request::Stats { ids, .. }) => Some(ids.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// A sample whose counters grow with `t` seconds: `cpu_ns_per_s` of CPU a second.
fn sample(t: i64, cpu_ns_per_s: u64, mem: u64, source: Source) -> Sample {
    Sample {
        at: dockhand::time::Nanos((NOW + t) * SEC),
        cpu_total_ns: cpu_ns_per_s * t as u64,
        system_cpu_ns: Some(2 * SEC as u64 * t as u64),
        online_cpus: 2,
        pre_cpu: None,
        mem_used: Some(mem),
        mem_limit: Some(1 << 30),
        net: None,
        blk: Some((0, 4096 * t as u64)),
        pids: Some(3),
        source,
    }
}

fn answer(app: &mut App, ids: &[ContainerId], t: i64, source: Source) {
    let samples = ids
        .iter()
        .map(|id| (id.clone(), Ok(sample(t, 100_000_000, 10 << 20, source))))
        .collect();
    app.update(Msg::Engine(HostId::FIRST, Report::Stats { samples }));
}

#[test]
fn the_selected_container_and_the_running_rows_in_view_are_sampled() {
    let mut list = running(3);
    list.push(exited(container("stopped", NOW), 0, NOW - 60));
    let mut app = connected(list, 40);
    let fx = app.update(Msg::Tick { now: NOW + 1 });
    let ids = asked(&fx);
    let source = fx.iter().find_map(|f| match f {
        Effect::Engine(_, Request::Stats { source, .. }) => Some(*source),
        _ => None,
    });
    assert_eq!(source, Some(StatsSource::Auto));
    // The selection first; a stopped container never.
    assert_eq!(names(&app, &ids), ["c000", "c001", "c002"]);

    // Nothing is asked twice while it is in flight.
    assert!(asked(&app.update(Msg::Tick { now: NOW + 2 })).is_empty());
    answer(&mut app, &ids, 2, Source::Api);
    // A first sample gives no CPU figure: the rows' second sample comes a second later...
    let ids = asked(&app.update(Msg::Tick { now: NOW + 3 }));
    assert_eq!(names(&app, &ids), ["c000", "c001", "c002"]);
    answer(&mut app, &ids, 3, Source::Api);
    // ...then the selected one every second, the rows every 5 s.
    for t in 4..=7 {
        let ids = asked(&app.update(Msg::Tick { now: NOW + t }));
        assert_eq!(names(&app, &ids), ["c000"], "at {t}");
        answer(&mut app, &ids, t, Source::Api);
    }
    let ids = asked(&app.update(Msg::Tick { now: NOW + 8 }));
    assert_eq!(names(&app, &ids), ["c000", "c001", "c002"]);
}

#[test]
fn rows_out_of_view_cost_nothing_and_api_rows_are_rationed() {
    // 40 rows of a 30-line terminal: 25 fit.
    let mut app = connected(running(40), 30);
    let page = app.page();
    let ids = asked(&app.update(Msg::Tick { now: NOW + 1 }));
    // Nothing known yet: the selection plus the ration of rows (API samples).
    assert_eq!(ids.len(), 1 + API_ROWS_PER_TICK, "{:?}", names(&app, &ids));
    answer(&mut app, &ids, 1, Source::Api);
    let mut seen: std::collections::HashSet<ContainerId> = ids.into_iter().collect();
    for t in 2..=8 {
        let ids = asked(&app.update(Msg::Tick { now: NOW + t }));
        assert!(
            ids.len() <= 1 + API_ROWS_PER_TICK,
            "at most the ration of rows and the selection a tick"
        );
        answer(&mut app, &ids, t, Source::Api);
        seen.extend(ids);
    }
    let in_view: std::collections::HashSet<ContainerId> = app
        .host()
        .containers
        .list
        .visible()
        .take(page)
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(seen, in_view, "exactly the rows on screen were sampled");
}

#[test]
fn rows_read_from_cgroup_files_are_not_rationed() {
    let mut app = connected(running(20), 40);
    let ids = asked(&app.update(Msg::Tick { now: NOW + 1 }));
    // Before anything is known, rows count as API samples: the selection and the ration.
    assert_eq!(ids.len(), 1 + API_ROWS_PER_TICK);
    answer(&mut app, &ids, 1, Source::Cgroup);
    // The engine's files are readable here: every row at once (the first 9 for their second
    // sample, which gives them a CPU figure).
    let ids = asked(&app.update(Msg::Tick { now: NOW + 2 }));
    assert_eq!(ids.len(), 20);
    answer(&mut app, &ids, 2, Source::Cgroup);
    let ids = asked(&app.update(Msg::Tick { now: NOW + 3 }));
    answer(&mut app, &ids, 3, Source::Cgroup);
    // 5 s on, all of them are due at once, uncapped.
    let ids = asked(&app.update(Msg::Tick { now: NOW + 8 }));
    assert_eq!(ids.len(), 20);
}

#[test]
fn sorting_by_cpu_samples_every_running_container_and_orders_by_the_numbers() {
    let mut app = connected(running(40), 30);
    while app.host().containers.list.sort != SortColumn::Cpu {
        app.update(key('o'));
    }
    let mut seen = std::collections::HashSet::new();
    for t in 1..=12 {
        let ids = asked(&app.update(Msg::Tick { now: NOW + t }));
        // c007 burns a core, c031 half of one, everyone else 1 %.
        let samples = ids
            .iter()
            .map(|id| {
                let per_s = match app
                    .host()
                    .containers
                    .list
                    .get(id.as_str())
                    .map(|c| c.name.as_str())
                {
                    Some("c007") => 1_000_000_000,
                    Some("c031") => 500_000_000,
                    _ => 10_000_000,
                };
                (id.clone(), Ok(sample(t, per_s, 1 << 20, Source::Cgroup)))
            })
            .collect();
        app.update(Msg::Engine(HostId::FIRST, Report::Stats { samples }));
        seen.extend(ids);
    }
    assert_eq!(seen.len(), 40, "every running container, also out of view");
    let order: Vec<String> = app
        .host()
        .containers
        .list
        .visible()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(&order[..2], ["c007", "c031"], "{order:?}");
}

#[test]
fn the_stats_view_follows_the_selection_and_closes() {
    let mut app = connected(running(3), 40);
    let fx = app.update(code(KeyCode::Enter));
    match &app.screen.overlay {
        Some(Overlay::Stats(v)) => assert_eq!(v.name, "c000"),
        other => panic!("{other:?}"),
    }
    let ids = asked(&fx);
    assert_eq!(names(&app, &ids)[0], "c000", "numbers asked at once");
    answer(&mut app, &ids, 1, Source::Api);
    let ids = asked(&app.update(Msg::Tick { now: NOW + 1 }));
    answer(&mut app, &ids, 2, Source::Api);
    let ids = asked(&app.update(Msg::Tick { now: NOW + 2 }));
    assert_eq!(names(&app, &ids), ["c000"]);
    answer(&mut app, &ids, 3, Source::Api);
    let fx = app.update(key('j'));
    match &app.screen.overlay {
        Some(Overlay::Stats(v)) => assert_eq!(v.name, "c001"),
        other => panic!("{other:?}"),
    }
    assert_eq!(names(&app, &asked(&fx)), ["c001"]);
    app.update(code(KeyCode::Esc));
    assert!(app.screen.overlay.is_none());
}

#[test]
fn a_stopped_container_keeps_no_numbers() {
    let mut app = connected(running(2), 40);
    let ids = asked(&app.update(Msg::Tick { now: NOW + 1 }));
    answer(&mut app, &ids, 1, Source::Api);
    let c1 = id_of(&app, "c001");
    assert!(app.host().containers.stats.get(c1.as_str()).is_some());
    // A `die` event, then the row refresh it asks for.
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Die,
            id: c1.to_string(),
            time: NOW + 2,
            exit_code: Some(0),
            actor: Default::default(),
        }),
    ));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::RefreshContainer { seq, .. }) => Some(*seq),
            _ => None,
        })
        .expect("a row refresh");
    let stopped = exited(container("c001", NOW), 0, NOW + 2);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: c1.clone(),
            result: Ok(Some(stopped)),
        },
    ));
    let ids = asked(&app.update(Msg::Tick { now: NOW + 7 }));
    assert!(!ids.contains(&c1));
    answer(&mut app, &ids, 7, Source::Api);
    assert!(app.host().containers.stats.get(c1.as_str()).is_none());
}

#[test]
fn processes_are_asked_for_again_while_shown() {
    let mut app = connected(running(2), 40);
    let fx = app.update(key('t'));
    let (seq, id) = match fx.as_slice() {
        [Effect::Engine(_, Request::Top { seq, id })] => (*seq, id.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(id, id_of(&app, "c000"));
    let top = Top {
        titles: vec!["PID".into(), "CMD".into()],
        processes: vec![vec!["1".into(), "sleep 300".into()]],
    };
    // A stale answer is dropped.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Top {
            seq: seq - 1,
            id: id.clone(),
            result: Ok(Top::default()),
        },
    ));
    match &app.screen.overlay {
        Some(Overlay::Processes(p)) => assert!(p.top.is_none()),
        other => panic!("{other:?}"),
    }
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Top {
            seq,
            id: id.clone(),
            result: Ok(top.clone()),
        },
    ));
    match &app.screen.overlay {
        Some(Overlay::Processes(p)) => assert_eq!(p.top, Some(Ok(top))),
        other => panic!("{other:?}"),
    }
    let again = |fx: &[Effect]| {
        fx.iter()
            .any(|f| matches!(f, Effect::Engine(_, Request::Top { .. })))
    };
    assert!(!again(&app.update(Msg::Tick { now: NOW + 1 })));
    assert!(again(&app.update(Msg::Tick { now: NOW + 2 })));
    app.update(code(KeyCode::Esc));
    assert!(app.screen.overlay.is_none());
    assert!(!again(&app.update(Msg::Tick { now: NOW + 10 })));
}

#[test]
fn a_sample_never_answered_is_asked_for_again() {
    let mut app = connected(running(1), 40);
    let ids = asked(&app.update(Msg::Tick { now: NOW + 1 }));
    assert_eq!(ids.len(), 1);
    // No answer (the request was lost): not asked twice at once...
    for t in 2..=10 {
        assert!(asked(&app.update(Msg::Tick { now: NOW + t })).is_empty());
    }
    // ...but not given up on either.
    assert_eq!(asked(&app.update(Msg::Tick { now: NOW + 11 })), ids);
}

#[test]
fn a_message_in_a_new_second_brings_the_ticks_samples_with_it() {
    // The runtime reads the clock for every message; when a key (or a report) is the first
    // thing of a new second, the tick it implies asks for samples, and those must not be lost
    // (they would stay "in flight" and the numbers would stop for 10 s).
    let mut app = connected(running(2), 40);
    let fx = app.update_at(NOW + 1, key('j'));
    assert_eq!(names(&app, &asked(&fx)), ["c000", "c001"]);
    assert_eq!(app.now, NOW + 1);
    // In the same second, no second tick.
    assert!(asked(&app.update_at(NOW + 1, key('k'))).is_empty());
}
