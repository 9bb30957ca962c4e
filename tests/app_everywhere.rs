//! The all-hosts list ("all hosts" in the switcher): every connected host's containers in one
//! list, filtered, sorted and marked together; actions routed to each row's own host (read-only
//! per host); its merged log view across hosts; stats asked of each host for its own rows.
//! No engine, no terminal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::logs::LogMode;
use dockhand::app::{App, Effect, HostSpec, InspectState, Msg, Overlay, SortColumn};
use dockhand::config::Config;
use dockhand::engine::model::{
    Container, ContainerOp, EngineEvent, EventAction, EventKind, RemoveOptions,
};
use dockhand::engine::{Report, Request};
use dockhand::ids::{ContainerId, HostId};
use dockhand::inspect::Json;
use dockhand::logs::Stream;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn specs() -> Vec<HostSpec> {
    vec![
        host_spec("local", "unix:///var/run/docker.sock"),
        host_spec("db1", "ssh://ops@db1:2222"),
        HostSpec {
            read_only: true,
            ..host_spec("prod", "tcp://10.0.0.5:2376")
        },
        host_spec("edge", "tcp://10.0.0.9:2376"),
    ]
}

/// A running container named `name` on host `host`: its id is its host's own (two hosts may
/// hold containers of the same name, never of the same id, unless they are one engine).
fn on(host: &str, name: &str) -> Container {
    let mut c = container(&format!("{name}.{host}"), NOW);
    c.name = name.to_string();
    c
}

fn stopped(host: &str, name: &str) -> Container {
    exited(on(host, name), 0, NOW - 60)
}

fn id(host: &str, name: &str) -> ContainerId {
    on(host, name).id
}

/// Shows host `id` with the switcher: `H`, down to its row (below the all-hosts row), enter.
fn show(app: &mut App, id: HostId) -> Vec<Effect> {
    app.update(key('H'));
    app.update(code(KeyCode::Home));
    for _ in 0..=id.0 {
        app.update(code(KeyCode::Down));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(app.active(), id);
    assert!(!app.screen.everywhere);
    fx
}

/// Shows the all-hosts list with the switcher: `H`, home (its first row), enter.
fn show_all(app: &mut App) -> Vec<Effect> {
    assert!(app.update(key('H')).is_empty());
    app.update(code(KeyCode::Home));
    let fx = app.update(code(KeyCode::Enter));
    assert!(app.screen.overlay.is_none(), "enter closes the switcher");
    assert!(app.screen.everywhere, "the all-hosts list is on screen");
    fx
}

/// local (web, api, cache exited), db1 (web, pg, batch exited), prod read-only (web, shop)
/// connected; edge never shown; local on screen.
fn four() -> App {
    let mut app = hosts_app(
        &Config::default(),
        NOW,
        (120, 30),
        &specs(),
        vec![
            on("local", "web"),
            on("local", "api"),
            stopped("local", "cache"),
        ],
    );
    assert_eq!(show(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(
        &mut app,
        HostId(1),
        vec![on("db1", "web"), on("db1", "pg"), stopped("db1", "batch")],
    );
    assert_eq!(show(&mut app, HostId(2)), [Effect::Connect(HostId(2))]);
    connect_host(
        &mut app,
        HostId(2),
        vec![on("prod", "web"), on("prod", "shop")],
    );
    show(&mut app, HostId(0));
    app
}

/// `four()` with the all-hosts list on screen.
fn everywhere() -> App {
    let mut app = four();
    show_all(&mut app);
    app
}

fn label(app: &App, h: HostId) -> String {
    app.host_by_id(h).unwrap().label().to_string()
}

/// The rows shown, as `name@host`.
fn rows(app: &App) -> Vec<String> {
    let e = &app.everywhere;
    e.pane
        .list
        .visible()
        .map(|c| {
            let h = e.host_of.get(&c.id).copied().expect("every row has a host");
            format!("{}@{}", c.name, label(app, h))
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn selected(app: &App) -> String {
    let e = &app.everywhere;
    e.pane
        .list
        .selected()
        .map(|c| format!("{}@{}", c.name, label(app, e.host_of[&c.id])))
        .unwrap_or_default()
}

/// Moves the selection to `name@host` (from the top, with `g` and `j`).
fn select(app: &mut App, row: &str) {
    app.update(key('g'));
    for _ in 0..rows(app).len() {
        if selected(app) == row {
            return;
        }
        app.update(key('j'));
    }
    assert_eq!(
        selected(app),
        row,
        "{row} should be listed: {:?}",
        rows(app)
    );
}

/// Marks `name@host` (space marks and moves down).
fn mark(app: &mut App, row: &str) {
    select(app, row);
    app.update(key(' '));
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(app.update(key(c)));
    }
    fx
}

fn latest_toast(app: &App) -> String {
    app.screen
        .toasts
        .latest()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn stop(h: usize, host: &str, name: &str) -> Effect {
    Effect::Engine(
        HostId(h),
        Request::Container {
            op: ContainerOp::Stop,
            id: id(host, name),
            name: name.into(),
            remove: RemoveOptions::default(),
        },
    )
}

#[test]
fn it_lists_every_connected_host_s_rows_with_their_host() {
    let mut app = four();
    let fx = show_all(&mut app);
    assert!(
        fx.iter()
            .all(|f| matches!(f, Effect::Engine(_, Request::Stats { .. }))),
        "opening it asks only for numbers: {fx:?}"
    );
    assert_eq!(app.active(), HostId(0), "local stays the host on screen");
    assert_eq!(
        sorted(rows(&app)),
        [
            "api@local",
            "batch@db1",
            "cache@local",
            "pg@db1",
            "shop@prod",
            "web@db1",
            "web@local",
            "web@prod",
        ],
        "edge, never connected, has no rows"
    );
    let e = &app.everywhere;
    assert_eq!(e.host_of.len(), 8);
    for (host, h, names) in [
        ("local", 0, &["web", "api", "cache"][..]),
        ("db1", 1, &["web", "pg", "batch"][..]),
        ("prod", 2, &["web", "shop"][..]),
    ] {
        for n in names {
            assert_eq!(e.host_of.get(&id(host, n)), Some(&HostId(h)), "{n}@{host}");
        }
    }
    assert_eq!(app.everywhere_hosts(), 3);
    // Running first (the default sort), across hosts.
    let shown = rows(&app);
    assert_eq!(
        sorted(shown[..6].to_vec()),
        [
            "api@local",
            "pg@db1",
            "shop@prod",
            "web@db1",
            "web@local",
            "web@prod"
        ]
    );
    assert_eq!(sorted(shown[6..].to_vec()), ["batch@db1", "cache@local"]);
}

#[test]
fn a_new_container_on_a_host_shows_without_reopening() {
    let mut app = everywhere();
    let redis = on("db1", "redis");
    let fx = app.update(Msg::Engine(
        HostId(1),
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Start,
            id: redis.id.to_string(),
            time: NOW + 1,
            exit_code: None,
            actor: Default::default(),
        }),
    ));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(HostId(1), Request::RefreshContainer { seq, id }) if *id == redis.id => {
                Some(*seq)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("db1's new row should be refreshed on db1, got {fx:?}"));
    app.update(Msg::Engine(
        HostId(1),
        Report::Container {
            seq,
            id: redis.id.clone(),
            result: Ok(Some(redis.clone())),
        },
    ));
    assert!(app.screen.everywhere);
    assert!(
        rows(&app).contains(&"redis@db1".to_string()),
        "{:?}",
        rows(&app)
    );
    assert_eq!(app.everywhere.host_of.get(&redis.id), Some(&HostId(1)));
    assert_eq!(rows(&app).len(), 9);

    // And one that goes away on local goes from the list.
    let api = id("local", "api");
    let fx = app.update(Msg::Engine(
        HostId(0),
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Destroy,
            id: api.to_string(),
            time: NOW + 2,
            exit_code: None,
            actor: Default::default(),
        }),
    ));
    assert!(fx.is_empty(), "a destroy is taken at once: {fx:?}");
    assert!(
        !rows(&app).contains(&"api@local".to_string()),
        "{:?}",
        rows(&app)
    );
    assert!(!app.everywhere.host_of.contains_key(&api));
}

#[test]
fn the_filter_and_the_sort_work_across_hosts() {
    let mut app = everywhere();
    app.update(key('/'));
    typed(&mut app, "web");
    app.update(code(KeyCode::Enter));
    assert_eq!(
        sorted(rows(&app)),
        ["web@db1", "web@local", "web@prod"],
        "web on every host"
    );
    // Esc clears the filter.
    app.update(code(KeyCode::Esc));
    assert_eq!(rows(&app).len(), 8);
    // The host's own filter is untouched.
    assert!(app.host().containers.list.filter.text().is_empty());

    app.update(key('N'));
    assert_eq!(app.everywhere.pane.list.sort, SortColumn::Name);
    let names: Vec<String> = rows(&app)
        .iter()
        .map(|r| r.split('@').next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["api", "batch", "cache", "pg", "shop", "web", "web", "web"],
        "by name, across hosts: {:?}",
        rows(&app)
    );
    app.update(key('N'));
    let names: Vec<String> = rows(&app)
        .iter()
        .map(|r| r.split('@').next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["web", "web", "web", "shop", "pg", "cache", "batch", "api"],
        "again: reversed"
    );
    // The hosts' own lists keep their own sort.
    assert_eq!(app.host().containers.list.sort, SortColumn::State);
}

#[test]
fn a_toggles_all_and_running_on_this_list() {
    let mut app = everywhere();
    assert_eq!(rows(&app).len(), 8);
    assert!(
        app.update(key('a'))
            .iter()
            .all(|f| matches!(f, Effect::Engine(_, Request::Stats { .. })))
    );
    assert_eq!(
        sorted(rows(&app)),
        [
            "api@local",
            "pg@db1",
            "shop@prod",
            "web@db1",
            "web@local",
            "web@prod"
        ]
    );
    assert!(
        app.host().containers.show_all,
        "local's own list still shows all"
    );
    app.update(key('a'));
    assert_eq!(rows(&app).len(), 8);
}

#[test]
fn stop_goes_to_the_row_s_own_host_only() {
    let mut app = everywhere();
    select(&mut app, "pg@db1");
    let fx = app.update(key('s'));
    assert_eq!(fx, [stop(1, "db1", "pg")]);
    assert!(app.screen.everywhere, "still on the all-hosts list");
    assert_eq!(app.active(), HostId(0), "local is still the host on screen");
    assert!(
        app.host_by_id(HostId(1))
            .unwrap()
            .ops
            .pending(&id("db1", "pg"))
            .is_some(),
        "db1 knows pg is stopping"
    );
    assert!(app.host().ops.busy().next().is_none(), "local is not busy");

    // web on db1, not the web of the same name on local.
    select(&mut app, "web@db1");
    let fx = app.update(key('s'));
    assert_eq!(fx, [stop(1, "db1", "web")]);
}

#[test]
fn stop_on_marked_rows_of_two_hosts_sends_one_stop_to_each_host() {
    let mut app = everywhere();
    mark(&mut app, "web@local");
    mark(&mut app, "pg@db1");
    assert_eq!(app.everywhere.pane.list.marks.len(), 2);
    let fx = app.update(key('s'));
    assert_eq!(fx.len(), 2, "{fx:?}");
    assert!(fx.contains(&stop(0, "local", "web")), "{fx:?}");
    assert!(fx.contains(&stop(1, "db1", "pg")), "{fx:?}");
    assert!(
        app.everywhere.pane.list.marks.is_empty(),
        "marks are cleared after the action"
    );
    // The hosts' own lists keep neither marks nor a changed selection.
    for h in [0, 1] {
        assert!(
            app.host_by_id(HostId(h))
                .unwrap()
                .containers
                .list
                .marks
                .is_empty()
        );
    }
}

#[test]
fn a_read_only_host_s_row_is_refused_and_the_others_still_go() {
    let mut app = everywhere();
    select(&mut app, "shop@prod");
    let fx = app.update(key('s'));
    assert!(fx.is_empty(), "nothing sent to a read-only host: {fx:?}");
    let toast = latest_toast(&app);
    assert!(
        toast.contains("prod") && toast.contains("read-only") && toast.contains("stop"),
        "{toast}"
    );
    assert!(
        app.host_by_id(HostId(2))
            .unwrap()
            .ops
            .busy()
            .next()
            .is_none()
    );

    // Marked on prod and db1: db1's goes, prod's is refused.
    mark(&mut app, "web@prod");
    mark(&mut app, "web@db1");
    let fx = app.update(key('s'));
    assert_eq!(fx, [stop(1, "db1", "web")]);
    let toast = latest_toast(&app);
    assert!(toast.contains("read-only"), "{toast}");
}

#[test]
fn remove_with_marks_on_two_hosts_is_refused() {
    let mut app = everywhere();
    mark(&mut app, "cache@local");
    mark(&mut app, "batch@db1");
    let fx = app.update(key('d'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.screen.overlay.is_none(), "no dialog");
    assert_eq!(
        latest_toast(&app),
        "the marked containers are on 2 hosts: remove them one host at a time"
    );
    assert_eq!(
        app.everywhere.pane.list.marks.len(),
        2,
        "the marks stay, to unmark one host's"
    );
}

#[test]
fn remove_on_one_host_s_row_asks_then_removes_on_that_host() {
    let mut app = everywhere();
    select(&mut app, "batch@db1");
    let batch = id("db1", "batch");
    let fx = app.update(key('d'));
    assert!(
        fx.iter().all(|f| matches!(
            f,
            Effect::Engine(HostId(1), Request::WritableLayer { id }) if *id == batch
        )),
        "at most a look at db1's writable layer first: {fx:?}"
    );
    let Some(Overlay::ConfirmRemove(_)) = &app.screen.overlay else {
        panic!(
            "the remove dialog should be open, got {:?}",
            app.screen.overlay
        )
    };
    assert_eq!(app.screen.overlay_host, HostId(1), "the dialog is db1's");
    let fx = app.update(key('y'));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId(1),
            Request::Container {
                op: ContainerOp::Remove,
                id: batch,
                name: "batch".into(),
                remove: RemoveOptions::default(),
            }
        )]
    );
    assert!(app.screen.overlay.is_none());
    assert!(app.screen.everywhere);

    // Two marked rows on one host: one dialog, both removed there.
    mark(&mut app, "web@local");
    mark(&mut app, "cache@local");
    app.update(key('d'));
    assert!(matches!(
        app.screen.overlay,
        Some(Overlay::ConfirmRemove(_))
    ));
    assert_eq!(app.screen.overlay_host, HostId(0));
    let fx = app.update(key('y'));
    assert_eq!(fx.len(), 2, "{fx:?}");
    assert!(fx.iter().all(|f| matches!(
        f,
        Effect::Engine(
            HostId(0),
            Request::Container {
                op: ContainerOp::Remove,
                ..
            }
        )
    )));
}

#[test]
fn remove_on_the_read_only_host_is_refused() {
    let mut app = everywhere();
    select(&mut app, "shop@prod");
    let fx = app.update(key('d'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.screen.overlay.is_none());
    assert!(
        latest_toast(&app).contains("read-only"),
        "{}",
        latest_toast(&app)
    );
}

#[test]
fn inspect_asks_the_row_s_host_and_takes_only_its_answer() {
    let mut app = everywhere();
    select(&mut app, "pg@db1");
    let fx = app.update(key('i'));
    let (seq, kind, iid) = match fx.as_slice() {
        [Effect::Engine(HostId(1), Request::Inspect { seq, kind, id })] => {
            (*seq, *kind, id.clone())
        }
        other => panic!("i should inspect on db1, got {other:?}"),
    };
    assert_eq!(iid, id("db1", "pg").to_string());
    assert_eq!(app.screen.overlay_host, HostId(1));
    let state = |app: &App| match &app.screen.overlay {
        Some(Overlay::Inspect(v)) => v.state.clone(),
        other => panic!("the inspect view should be open, got {other:?}"),
    };
    assert_eq!(state(&app), InspectState::Loading);
    app.update(Msg::Engine(
        HostId(0),
        Report::Inspected {
            seq,
            kind,
            id: iid.clone(),
            result: Err("from local".into()),
        },
    ));
    assert_eq!(
        state(&app),
        InspectState::Loading,
        "local's answer with the same seq is not db1's"
    );
    let json =
        Json::parse(r#"{"Id": "x", "Name": "/pg", "State": {"Status": "running"}}"#).expect("JSON");
    app.update(Msg::Engine(
        HostId(1),
        Report::Inspected {
            seq,
            kind,
            id: iid,
            result: Ok(json),
        },
    ));
    assert!(
        matches!(state(&app), InspectState::Loaded(_)),
        "{:?}",
        state(&app)
    );
}

#[test]
fn the_same_container_id_on_two_hosts_shows_once_under_the_first() {
    let shared = container("shared", NOW);
    let mut app = hosts_app(
        &Config::default(),
        NOW,
        (120, 30),
        &specs()[..2],
        vec![shared.clone(), on("local", "api")],
    );
    show(&mut app, HostId(1));
    connect_host(&mut app, HostId(1), vec![shared.clone(), on("db1", "pg")]);
    show(&mut app, HostId(0));
    show_all(&mut app);
    assert_eq!(
        sorted(rows(&app)),
        ["api@local", "pg@db1", "shared@local"],
        "one engine by two addresses: its container once"
    );
    assert_eq!(app.everywhere.host_of.get(&shared.id), Some(&HostId(0)));
    assert_eq!(app.everywhere.pane.list.total(), 3);
    // Its stop goes once, to the first host.
    select(&mut app, "shared@local");
    let fx = app.update(key('s'));
    assert_eq!(fx.len(), 1, "{fx:?}");
    assert!(
        matches!(&fx[0], Effect::Engine(HostId(0), Request::Container { op: ContainerOp::Stop, id, .. }) if *id == shared.id),
        "{fx:?}"
    );
}

/// The FollowAcross in `fx`: its stream and its (host, container) pairs.
fn follow_across(fx: &[Effect]) -> (u64, Vec<(HostId, ContainerId)>) {
    fx.iter()
        .find_map(|f| match f {
            Effect::FollowAcross {
                stream, containers, ..
            } => Some((*stream, containers.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a FollowAcross expected: {fx:?}"))
}

fn lines(texts: &[&str]) -> Vec<dockhand::logs::LogLine> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| log_line(t, (NOW + i as i64) * 1_000_000_000, Stream::Stdout))
        .collect()
}

#[test]
fn logs_follow_marked_rows_of_two_hosts_as_one_stream() {
    let mut app = everywhere();
    mark(&mut app, "web@local");
    mark(&mut app, "pg@db1");
    let order: Vec<String> = rows(&app)
        .into_iter()
        .filter(|r| r == "web@local" || r == "pg@db1")
        .collect();
    let fx = app.update(key('l'));
    assert_eq!(app.everywhere.logs.mode, LogMode::Split);
    assert_eq!(fx.len(), 1, "{fx:?}");
    let Effect::FollowAcross {
        stream,
        containers,
        tail,
        since,
        until,
    } = fx[0].clone()
    else {
        panic!("{fx:?}")
    };
    let pair = |r: &str| match r {
        "web@local" => (HostId(0), id("local", "web")),
        "pg@db1" => (HostId(1), id("db1", "pg")),
        _ => unreachable!(),
    };
    let want: Vec<(HostId, ContainerId)> = order.iter().map(|r| pair(r)).collect();
    assert_eq!(containers, want, "both, in the list's order");
    assert_eq!(tail, Config::default().logs.tail);
    assert_eq!((since, until), (None, None));
    let names: Vec<String> = app
        .everywhere
        .logs
        .target
        .as_ref()
        .expect("a target")
        .containers
        .iter()
        .map(|f| f.name.clone())
        .collect();
    assert_eq!(names, order, "each source named container@host");
    // No host's own log view follows anything.
    for h in 0..4 {
        let host = app.host_by_id(HostId(h)).unwrap();
        assert_eq!(host.logs.mode, LogMode::Closed);
        assert!(host.logs.target.is_none());
    }

    // Its lines land in the all-hosts log view, not in a host's.
    let fx = app.update(Msg::Engine(
        HostId::EVERYWHERE,
        Report::LogLines {
            stream,
            lines: lines(&["one", "two", "three"]),
        },
    ));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(app.everywhere.logs.lines.len(), 3);
    for h in 0..4 {
        assert_eq!(app.host_by_id(HostId(h)).unwrap().logs.lines.len(), 0);
    }
    // A batch of an older stream is dropped.
    app.update(Msg::Engine(
        HostId::EVERYWHERE,
        Report::LogLines {
            stream: stream - 1,
            lines: lines(&["stale"]),
        },
    ));
    assert_eq!(app.everywhere.logs.lines.len(), 3);

    // Showing a host stops the stream.
    let fx = show(&mut app, HostId(1));
    assert!(
        fx.contains(&Effect::StopAcross { stream }),
        "leaving the list stops its stream: {fx:?}"
    );
    assert!(
        !fx.iter().any(|f| matches!(f, Effect::FollowAcross { .. })),
        "{fx:?}"
    );
    // Lines of it arriving late are dropped.
    app.update(Msg::Engine(
        HostId::EVERYWHERE,
        Report::LogLines {
            stream,
            lines: lines(&["late"]),
        },
    ));
    assert!(
        !app.everywhere
            .logs
            .plain_lines()
            .iter()
            .any(|l| l.contains("late")),
        "a stopped stream's lines are not taken"
    );
}

#[test]
fn logs_follow_the_selected_row_and_move_with_it() {
    let mut app = everywhere();
    select(&mut app, "web@prod");
    let fx = app.update(key('l'));
    let (first, containers) = follow_across(&fx);
    assert_eq!(
        containers,
        [(HostId(2), id("prod", "web"))],
        "read-only hosts' logs are read"
    );
    select(&mut app, "pg@db1");
    // Moving stops the old stream, follows the new row.
    let target = app.everywhere.logs.target.as_ref().unwrap();
    assert_eq!(target.containers[0].name, "pg@db1");
    assert!(app.everywhere.logs.stream > first);
    // l again closes it: the stream stops.
    let stream = app.everywhere.logs.stream;
    let fx = app.update(key('l'));
    assert_eq!(fx, [Effect::StopAcross { stream }]);
    assert_eq!(app.everywhere.logs.mode, LogMode::Closed);
}

#[test]
fn moving_the_selection_with_logs_open_switches_the_stream() {
    let mut app = everywhere();
    select(&mut app, "web@local");
    let (first, _) = follow_across(&app.update(key('l')));
    // The row below, whichever it is, is followed next.
    let fx = app.update(key('j'));
    let next = selected(&app);
    assert_ne!(next, "web@local");
    assert!(fx.contains(&Effect::StopAcross { stream: first }), "{fx:?}");
    let (second, containers) = follow_across(&fx);
    assert!(second > first);
    let h = app.everywhere.host_of[&containers[0].1];
    assert_eq!(h, containers[0].0, "tagged with the row's own host");
    assert_eq!(
        app.everywhere.logs.target.as_ref().unwrap().containers[0].name,
        next
    );
}

#[test]
fn another_pane_stops_the_all_hosts_stream() {
    let mut app = everywhere();
    select(&mut app, "api@local");
    let (stream, _) = follow_across(&app.update(key('L')));
    assert_eq!(app.everywhere.logs.mode, LogMode::Full);
    // Esc goes back to the list, the logs below it, the same stream.
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert_eq!(app.everywhere.logs.mode, LogMode::Split);
    let fx = app.update(key('2'));
    assert!(
        !app.screen.everywhere,
        "other panes are the host on screen's"
    );
    assert!(fx.contains(&Effect::StopAcross { stream }), "{fx:?}");
}

#[test]
fn a_tick_asks_each_host_for_its_own_running_rows() {
    let mut app = four();
    let fx = show_all(&mut app);
    let asked = |fx: &[Effect], h: usize| -> Vec<ContainerId> {
        let mut ids: Vec<ContainerId> = fx
            .iter()
            .filter_map(|f| match f {
                Effect::Engine(x, Request::Stats { ids, .. }) if *x == HostId(h) => {
                    Some(ids.clone())
                }
                _ => None,
            })
            .flatten()
            .collect();
        ids.sort();
        ids
    };
    let want = |host: &str, names: &[&str]| {
        let mut ids: Vec<ContainerId> = names.iter().map(|n| id(host, n)).collect();
        ids.sort();
        ids
    };
    let check = |fx: &[Effect]| {
        assert_eq!(asked(fx, 0), want("local", &["web", "api"]), "{fx:?}");
        assert_eq!(asked(fx, 1), want("db1", &["web", "pg"]), "{fx:?}");
        assert_eq!(asked(fx, 2), want("prod", &["web", "shop"]), "{fx:?}");
        assert!(asked(fx, 3).is_empty(), "{fx:?}");
        assert!(
            fx.iter()
                .all(|f| !matches!(f, Effect::Engine(HostId::EVERYWHERE, _))),
            "{fx:?}"
        );
    };
    check(&fx);
    // Each host answers its own.
    for (h, host, names) in [
        (0, "local", &["web", "api"][..]),
        (1, "db1", &["web", "pg"][..]),
        (2, "prod", &["web", "shop"][..]),
    ] {
        let samples = names
            .iter()
            .map(|n| {
                (
                    id(host, n),
                    Ok(dockhand::stats::Sample {
                        at: dockhand::time::Nanos(NOW * 1_000_000_000),
                        mem_used: Some(1 << 20),
                        mem_limit: Some(1 << 30),
                        online_cpus: 1,
                        ..Default::default()
                    }),
                )
            })
            .collect();
        app.update(Msg::Engine(HostId(h), Report::Stats { samples }));
    }
    let fx = app.update(Msg::Tick { now: NOW + 2 });
    check(&fx);
}

#[test]
fn full_screen_logs_on_the_all_hosts_list_take_the_log_keys() {
    let mut app = everywhere();
    select(&mut app, "pg@db1");
    let (stream, _) = follow_across(&app.update(key('L')));
    assert_eq!(app.everywhere.logs.mode, LogMode::Full);
    let many: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    app.update(Msg::Engine(
        HostId::EVERYWHERE,
        Report::LogLines {
            stream,
            lines: lines(&many),
        },
    ));
    assert!(app.everywhere.logs.follow);
    // k scrolls the log up (pausing it), as in a host's full-screen log view: it does not
    // move the hidden list's selection (which would follow another container).
    let fx = app.update(key('k'));
    assert!(fx.is_empty(), "the stream is kept: {fx:?}");
    assert_eq!(selected(&app), "pg@db1");
    assert_eq!(app.everywhere.logs.stream, stream);
    assert!(!app.everywhere.logs.follow, "k pauses the log");
    // G follows again; / searches the log, not the list.
    app.update(key('G'));
    assert!(app.everywhere.logs.follow);
    app.update(key('/'));
    assert!(app.everywhere.logs.search.editing, "/ searches the log");
    assert!(!app.everywhere.pane.list.filter_editing);
    typed(&mut app, "line 4");
    app.update(code(KeyCode::Enter));
    assert!(!app.everywhere.logs.search.matches.is_empty());
    assert!(app.everywhere.pane.list.filter.text().is_empty());
    // The wheel scrolls the log too.
    app.update(key('G'));
    let fx = wheel(&mut app, true, (10, 10));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(!app.everywhere.logs.follow, "the wheel scrolled the log up");
    assert_eq!(selected(&app), "pg@db1");
    // Esc goes back to the list with the logs below it.
    app.update(code(KeyCode::Esc));
    assert_eq!(app.everywhere.logs.mode, LogMode::Split);
    assert_eq!(app.everywhere.logs.stream, stream, "the same stream");
}

/// A row of host `h` changed, as the engine reports it: an event, then the row read again.
fn changed(app: &mut App, h: HostId, row: Container, action: EventAction) {
    let fx = app.update(Msg::Engine(
        h,
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action,
            id: row.id.to_string(),
            time: NOW + 1,
            exit_code: None,
            actor: Default::default(),
        }),
    ));
    let Some(seq) = fx.iter().find_map(|f| match f {
        Effect::Engine(at, Request::RefreshContainer { seq, id }) if *at == h && *id == row.id => {
            Some(*seq)
        }
        _ => None,
    }) else {
        return; // taken from the event alone
    };
    app.update(Msg::Engine(
        h,
        Report::Container {
            seq,
            id: row.id.clone(),
            result: Ok(Some(row)),
        },
    ));
}

/// The rows the all-hosts list would show if built whole from the hosts' lists now, as
/// `name@host`.
fn built_whole(app: &App) -> Vec<String> {
    let mut pane = dockhand::app::containers::ContainersPane::new(app.everywhere.pane.show_all);
    pane.list.sort = app.everywhere.pane.list.sort;
    pane.list.descending = app.everywhere.pane.list.descending;
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for h in app.hosts() {
        if !h.containers.list.loaded {
            continue;
        }
        for c in h.containers.list.all() {
            if seen.insert(c.id.clone()) {
                rows.push(c.clone());
            }
        }
    }
    pane.list.set_all(rows);
    pane.rebuild(NOW, 40, &Default::default());
    let e = &app.everywhere;
    pane.list
        .visible()
        .map(|c| {
            let h = e.host_of.get(&c.id).copied().expect("every row has a host");
            format!("{}@{}", c.name, label(app, h))
        })
        .collect()
}

/// The list is kept current by replacing only the rows that changed (no copy of every host's
/// rows after each message): after every kind of change, on any host, it shows exactly what a
/// list built whole would, in the same order.
#[test]
fn kept_current_row_by_row_it_shows_what_a_whole_build_would() {
    let mut app = everywhere();
    assert!(app.everywhere.pane.show_all);
    let check = |app: &App, what: &str| assert_eq!(rows(app), built_whole(app), "after {what}");
    check(&app, "opening");
    changed(&mut app, HostId(1), on("db1", "redis"), EventAction::Start);
    check(&app, "a new row on db1");
    changed(
        &mut app,
        HostId(0),
        exited(on("local", "web"), 137, NOW),
        EventAction::Die,
    );
    check(&app, "a row on local exiting (its place by status changes)");
    changed(
        &mut app,
        HostId(2),
        on("prod", "shop"),
        EventAction::Restart,
    );
    check(&app, "an event on the read-only host");
    app.update(Msg::Engine(
        HostId(1),
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Destroy,
            id: id("db1", "batch").to_string(),
            time: NOW + 2,
            exit_code: None,
            actor: Default::default(),
        }),
    ));
    check(&app, "a row removed on db1");
    // A host listing again (a resync) with one row gone and one new.
    connect_host(
        &mut app,
        HostId(2),
        vec![on("prod", "web"), stopped("prod", "cron")],
    );
    check(&app, "prod listing again");
    assert_eq!(rows(&app).len(), 8, "{:?}", rows(&app));
    // By name now, then a change again.
    app.update(key('N'));
    changed(&mut app, HostId(0), on("local", "aaa"), EventAction::Create);
    check(&app, "a new row by name");
    assert_eq!(rows(&app).first().map(String::as_str), Some("aaa@local"));
    app.update(key('a')); // running ones only
    check(&app, "showing running ones only");
    changed(
        &mut app,
        HostId(1),
        exited(on("db1", "pg"), 1, NOW),
        EventAction::Die,
    );
    check(&app, "a shown row exiting while only running ones show");
    assert!(!rows(&app).contains(&"pg@db1".to_string()));
}
