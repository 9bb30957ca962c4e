//! Several hosts in one app: switching keeps each host as it was left, reports and requests
//! carry their host, background hosts only follow their events, read-only is per host, and the
//! switcher (`H`) filters and switches. No engine, no terminal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::overlays::hosts::state_text;
use dockhand::app::{
    App, Connection, Effect, HostSpec, HostSwitcher, InspectState, Level, Msg, Overlay, SwitchTo,
};
use dockhand::config::Config;
use dockhand::engine::model::{
    ConnectAttempt, Container, ContainerOp, EngineEvent, EventAction, EventKind, RemoveOptions,
};
use dockhand::engine::{Report, Request};
use dockhand::ids::{ContainerId, HostId};
use dockhand::inspect::Json;
use dockhand::logs::Stream;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn local() -> HostSpec {
    host_spec("local", "unix:///var/run/docker.sock")
}

fn db1() -> HostSpec {
    host_spec("db1", "ssh://ops@db1:2222")
}

fn edge() -> HostSpec {
    HostSpec {
        source: "context".into(),
        ..host_spec("edge", "tcp://10.0.0.9:2376")
    }
}

fn running(names: &[&str]) -> Vec<Container> {
    names.iter().map(|n| container(n, NOW)).collect()
}

/// `local` on screen, connected with web-1, web-2 and db; `db1` not shown yet.
fn two() -> App {
    two_with(Config::default(), db1())
}

fn two_with(cfg: Config, second: HostSpec) -> App {
    hosts_app(
        &cfg,
        NOW,
        (120, 30),
        &[local(), second],
        running(&["web-1", "web-2", "db"]),
    )
}

/// Names of the rows shown on the host on screen.
fn shown(app: &App) -> Vec<String> {
    app.host()
        .containers
        .list
        .visible()
        .map(|c| c.name.clone())
        .collect()
}

fn names_of(app: &App, id: HostId) -> Vec<String> {
    let mut names: Vec<String> = app
        .host_by_id(id)
        .expect("that host")
        .containers
        .list
        .all()
        .map(|c| c.name.clone())
        .collect();
    names.sort();
    names
}

fn selected(app: &App) -> String {
    app.host()
        .containers
        .list
        .selected()
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn id_of(app: &App, name: &str) -> ContainerId {
    app.host()
        .containers
        .list
        .all()
        .find(|c| c.name == name)
        .map(|c| c.id.clone())
        .unwrap_or_else(|| panic!("{name} not listed"))
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(app.update(key(c)));
    }
    fx
}

fn switcher(app: &App) -> &HostSwitcher {
    match &app.screen.overlay {
        Some(Overlay::Hosts(s)) => s,
        other => panic!("the host switcher should be open, got {other:?}"),
    }
}

/// Shows host `id` through the switcher (`H`, its name typed, enter); the effects of enter.
fn switch(app: &mut App, id: HostId) -> Vec<Effect> {
    let name = app.host_by_id(id).expect("that host").label().to_string();
    assert!(
        app.update(key('H')).is_empty(),
        "opening the switcher asks nothing"
    );
    assert!(typed(app, &name).is_empty());
    assert_eq!(
        switcher(app).rows(app).first(),
        Some(&SwitchTo::Host(id)),
        "typing {name} finds it first"
    );
    let fx = app.update(code(KeyCode::Enter));
    assert!(app.screen.overlay.is_none(), "enter closes the switcher");
    assert_eq!(app.active(), id);
    fx
}

/// `two()` with db1 shown once (connected, listing `list`) and local back on screen.
fn two_connected(list: Vec<Container>) -> App {
    let mut app = two();
    assert_eq!(switch(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(&mut app, HostId(1), list);
    switch(&mut app, HostId(0));
    app
}

fn latest_toast(app: &App) -> String {
    app.screen
        .toasts
        .latest()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn engine_fx_for(fx: &[Effect], id: HostId) -> Vec<&Request> {
    fx.iter()
        .filter_map(|f| match f {
            Effect::Engine(h, r) if *h == id => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn a_host_never_shown_is_connected_when_shown_then_its_rows_are_listed() {
    let mut app = two();
    assert_eq!(app.active(), HostId(0));
    assert_eq!(
        app.host_by_id(HostId(1)).unwrap().connection,
        Connection::Idle,
        "not connected before it is shown"
    );
    let fx = switch(&mut app, HostId(1));
    assert_eq!(fx, [Effect::Connect(HostId(1))]);
    assert_eq!(app.host().label(), "db1");
    assert_eq!(app.host().connection, Connection::Connecting);
    assert_eq!(state_text(app.host(), app.now), "connecting…");
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("connecting…"), "{screen}");
    assert!(shown(&app).is_empty(), "nothing of local's list on db1");

    connect_host(&mut app, HostId(1), running(&["pg", "redis"]));
    assert_eq!(shown(&app), ["pg", "redis"]);
    assert_eq!(app.host().counts(), Some((2, 2)));
    assert_eq!(names_of(&app, HostId(0)), ["db", "web-1", "web-2"]);
}

#[test]
fn switching_back_is_instant_and_the_host_is_as_it_was_left() {
    let mut app = two();
    // A filter, a mark and a selection on local.
    app.update(key('/'));
    typed(&mut app, "web");
    app.update(code(KeyCode::Enter));
    assert_eq!(shown(&app), ["web-1", "web-2"]);
    app.update(key(' ')); // marks web-1, moves to web-2
    assert_eq!(selected(&app), "web-2");
    let web1 = id_of(&app, "web-1");

    assert_eq!(switch(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(&mut app, HostId(1), running(&["pg", "redis"]));
    app.update(key('j'));
    assert_eq!(selected(&app), "redis");
    assert!(
        app.host().containers.list.filter.text().is_empty(),
        "local's filter is local's"
    );

    let fx = switch(&mut app, HostId(0));
    assert!(
        fx.is_empty(),
        "a connected host is shown at once, nothing asked: {fx:?}"
    );
    assert_eq!(shown(&app), ["web-1", "web-2"]);
    assert_eq!(selected(&app), "web-2");
    assert_eq!(app.host().containers.list.filter.text(), "web");
    let marked: Vec<&ContainerId> = app
        .host()
        .containers
        .list
        .marked()
        .into_iter()
        .map(|c| &c.id)
        .collect();
    assert_eq!(marked, [&web1]);

    // And db1 too, the other way.
    let fx = switch(&mut app, HostId(1));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(selected(&app), "redis");
}

#[test]
fn the_log_pane_stays_open_and_followed_across_a_switch() {
    let mut app = two();
    let fx = app.update(key('l'));
    let stream = match fx.as_slice() {
        [
            Effect::Engine(
                HostId(0),
                Request::FollowLogs {
                    stream, containers, ..
                },
            ),
        ] => {
            assert_eq!(containers, &[id_of(&app, "db")]);
            *stream
        }
        other => panic!("l should follow the selected container's log, got {other:?}"),
    };
    assert!(app.host().logs.is_open());
    let target = app.host().logs.target.clone();

    let fx = switch(&mut app, HostId(1));
    assert_eq!(
        fx,
        [Effect::Connect(HostId(1))],
        "local's log is not stopped"
    );
    connect_host(&mut app, HostId(1), running(&["pg"]));
    assert!(!app.host().logs.is_open(), "db1 has its own log pane");

    // Lines of local's log still arrive while db1 is shown.
    let fx = app.update(Msg::Engine(
        HostId(0),
        Report::LogLines {
            stream,
            lines: vec![log_line(
                "hello from local",
                NOW * 1_000_000_000,
                Stream::Stdout,
            )],
        },
    ));
    assert!(fx.is_empty(), "{fx:?}");

    let fx = switch(&mut app, HostId(0));
    assert!(fx.is_empty(), "no new FollowLogs, no StopLogs: {fx:?}");
    assert!(app.host().logs.is_open());
    assert_eq!(app.host().logs.stream, stream);
    assert_eq!(app.host().logs.target, target);
    assert_eq!(
        app.host().logs.lines.len(),
        1,
        "the line that came meanwhile"
    );
}

#[test]
fn an_event_from_a_background_host_refreshes_that_host_only() {
    let mut app = two_connected(running(&["pg", "redis"]));
    let pg = app
        .host_by_id(HostId(1))
        .unwrap()
        .containers
        .list
        .all()
        .find(|c| c.name == "pg")
        .unwrap()
        .id
        .clone();
    let before = shown(&app);
    let fx = app.update(Msg::Engine(
        HostId(1),
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Die,
            id: pg.to_string(),
            time: NOW,
            exit_code: Some(1),
            actor: Default::default(),
        }),
    ));
    let seq = match fx.as_slice() {
        [Effect::Engine(HostId(1), Request::RefreshContainer { seq, id })] if *id == pg => *seq,
        other => panic!("db1's row should be refreshed on db1, got {other:?}"),
    };
    let fx = app.update(Msg::Engine(
        HostId(1),
        Report::Container {
            seq,
            id: pg.clone(),
            result: Ok(Some(exited(container("pg", NOW), 1, NOW))),
        },
    ));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(app.active(), HostId(0));
    assert_eq!(shown(&app), before, "local's list is unchanged");
    assert_eq!(app.host().counts(), Some((3, 3)));
    assert_eq!(app.host_by_id(HostId(1)).unwrap().counts(), Some((1, 2)));

    // A start on db1 while local is shown, the same way.
    let fx = app.update(Msg::Engine(
        HostId(1),
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Start,
            id: pg.to_string(),
            time: NOW + 5,
            exit_code: None,
            actor: Default::default(),
        }),
    ));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(HostId(1), Request::RefreshContainer { id, .. })] if *id == pg),
        "{fx:?}"
    );
    assert_eq!(shown(&app), before);
}

#[test]
fn ticks_leave_background_hosts_alone_and_the_resync_is_due_when_shown_again() {
    let cfg = Config {
        resync_interval: std::time::Duration::from_secs(60),
        ..Config::default()
    };
    let mut app = two_with(cfg, db1());
    assert_eq!(switch(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(&mut app, HostId(1), running(&["pg", "redis"]));
    // Shown, db1 is sampled.
    let fx = app.update(Msg::Tick { now: NOW + 1 });
    assert!(
        engine_fx_for(&fx, HostId(1))
            .iter()
            .any(|r| matches!(r, Request::Stats { .. })),
        "the host on screen is sampled: {fx:?}"
    );
    switch(&mut app, HostId(0));

    let mut local_lists = 0;
    for t in 2..=200 {
        let fx = app.update(Msg::Tick { now: NOW + t });
        let for_db1 = engine_fx_for(&fx, HostId(1));
        assert!(
            for_db1.is_empty(),
            "nothing asked of db1 in the background at +{t}: {for_db1:?}"
        );
        local_lists += engine_fx_for(&fx, HostId(0))
            .iter()
            .filter(|r| matches!(r, Request::ListContainers { .. }))
            .count();
    }
    assert_eq!(
        local_lists, 1,
        "the host on screen resyncs (and waits for it)"
    );

    let fx = switch(&mut app, HostId(1));
    assert!(
        fx.iter()
            .any(|f| matches!(f, Effect::Engine(HostId(1), Request::ListContainers { .. }))),
        "shown again after the interval, db1 lists again: {fx:?}"
    );
    assert!(
        engine_fx_for(&fx, HostId(0)).is_empty(),
        "nothing for local: {fx:?}"
    );
}

#[test]
fn switching_back_within_the_interval_lists_nothing() {
    let mut app = two_connected(running(&["pg"]));
    app.update(Msg::Tick { now: NOW + 5 });
    let fx = switch(&mut app, HostId(1));
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn read_only_is_per_host() {
    let prod = HostSpec {
        read_only: true,
        ..host_spec("prod", "tcp://10.0.0.5:2376")
    };
    let mut app = two_with(Config::default(), prod);
    assert!(!app.read_only());
    switch(&mut app, HostId(1));
    connect_host(&mut app, HostId(1), running(&["pg"]));
    assert!(app.read_only());
    let fx = app.update(key('s'));
    assert!(fx.is_empty(), "nothing sent to a read-only host: {fx:?}");
    assert_eq!(latest_toast(&app), "prod is read-only: stop is disabled");
    assert!(app.host().ops.busy().next().is_none());
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("READ-ONLY"), "{screen}");

    switch(&mut app, HostId(0));
    assert!(!app.read_only());
    let screen = format!("{:?}", render(&app).backend());
    assert!(!screen.contains("READ-ONLY"), "{screen}");
    let db = id_of(&app, "db");
    let fx = app.update(key('s'));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId(0),
            Request::Container {
                op: ContainerOp::Stop,
                id: db,
                name: "db".into(),
                remove: RemoveOptions::default(),
            }
        )]
    );
}

#[test]
fn a_failed_background_host_leaves_the_one_on_screen_and_says_why_in_the_switcher() {
    let mut app = two();
    assert_eq!(switch(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    switch(&mut app, HostId(0));
    let fx = app.update(Msg::Engine(
        HostId(1),
        Report::Unavailable {
            attempts: vec![ConnectAttempt {
                uri: "ssh://ops@db1:2222".into(),
                source: "config".into(),
                error: "connection refused".into(),
            }],
            problems: vec![],
            retry_in_secs: 5,
        },
    ));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(app.active(), HostId(0));
    assert!(app.host().connection.is_connected());
    assert_eq!(shown(&app), ["db", "web-1", "web-2"]);
    let db1 = app.host_by_id(HostId(1)).unwrap();
    let text = state_text(db1, app.now);
    assert!(text.starts_with("failed: "), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    assert!(text.contains("retrying in 5 s"), "{text}");

    // Shown, it says it has no engine; H still opens the switcher there.
    let fx = switch(&mut app, HostId(1));
    assert!(fx.is_empty(), "it retries by itself: {fx:?}");
    assert!(matches!(
        app.host().connection,
        Connection::Unavailable { .. }
    ));
    app.update(key('H'));
    assert_eq!(
        switcher(&app).selected,
        2,
        "the host on screen is selected (below the all-hosts row)"
    );
    assert_eq!(
        switcher(&app).rows(&app)[switcher(&app).selected],
        SwitchTo::Host(HostId(1))
    );
}

#[test]
fn a_background_host_s_messages_start_with_its_name() {
    let mut app = two();
    switch(&mut app, HostId(1));
    connect_host(&mut app, HostId(1), running(&["pg"]));
    let pg = id_of(&app, "pg");
    let fx = app.update(key('s'));
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::Engine(
                HostId(1),
                Request::Container {
                    op: ContainerOp::Stop,
                    ..
                }
            )]
        ),
        "{fx:?}"
    );
    switch(&mut app, HostId(0));
    app.update(Msg::Engine(
        HostId(1),
        Report::OpDone {
            op: ContainerOp::Stop,
            id: pg,
            name: "pg".into(),
            result: Err("permission denied".into()),
        },
    ));
    let t = app.screen.toasts.latest().expect("a message");
    assert_eq!(t.text, "db1: could not stop pg: permission denied");
    assert_eq!(t.level, Level::Error);

    // Lost and back: the reconnect toast names the host too.
    app.update(Msg::Engine(
        HostId(1),
        Report::Lost {
            reason: "EOF".into(),
        },
    ));
    let fx = app.update(Msg::Engine(HostId(1), Report::Connected(engine_info())));
    assert_eq!(latest_toast(&app), "db1: reconnected to the engine");
    assert!(
        fx.iter().all(|f| matches!(f, Effect::Engine(HostId(1), _))),
        "a reconnect lists on its own host: {fx:?}"
    );

    // The host on screen speaks without a name.
    let fx = app.update(key('s'));
    let Some(Effect::Engine(HostId(0), Request::Container { id, name, .. })) = fx.first() else {
        panic!("{fx:?}")
    };
    app.update(Msg::Engine(
        HostId(0),
        Report::OpDone {
            op: ContainerOp::Stop,
            id: id.clone(),
            name: name.clone(),
            result: Ok(()),
        },
    ));
    assert_eq!(latest_toast(&app), "db stopped");
}

#[test]
fn an_overlay_takes_answers_from_its_own_host_only() {
    // The same containers on both, so only the host tells the answers apart.
    let mut app = two_connected(running(&["web-1", "web-2", "db"]));
    let fx = app.update(key('i'));
    let (seq, kind, id) = match fx.as_slice() {
        [Effect::Engine(HostId(0), Request::Inspect { seq, kind, id })] => {
            (*seq, *kind, id.clone())
        }
        other => panic!("i should inspect on local, got {other:?}"),
    };
    let json =
        Json::parse(r#"{"Id": "x", "Name": "/db", "State": {"Status": "running"}}"#).expect("JSON");
    let view_state = |app: &App| match &app.screen.overlay {
        Some(Overlay::Inspect(v)) => v.state.clone(),
        other => panic!("the inspect view should be open, got {other:?}"),
    };
    app.update(Msg::Engine(
        HostId(1),
        Report::Inspected {
            seq,
            kind,
            id: id.clone(),
            result: Err("from db1".into()),
        },
    ));
    assert_eq!(
        view_state(&app),
        InspectState::Loading,
        "db1's answer with the same seq is not local's"
    );
    app.update(Msg::Engine(
        HostId(0),
        Report::Inspected {
            seq,
            kind,
            id,
            result: Ok(json),
        },
    ));
    assert!(
        matches!(view_state(&app), InspectState::Loaded(_)),
        "{:?}",
        view_state(&app)
    );
}

#[test]
fn h_opens_the_switcher_on_the_host_on_screen_and_typing_filters() {
    let mut app = hosts_app(
        &Config::default(),
        NOW,
        (120, 30),
        &[local(), db1(), edge()],
        running(&["web"]),
    );
    app.update(key('H'));
    let all = [
        SwitchTo::Everywhere,
        SwitchTo::Host(HostId(0)),
        SwitchTo::Host(HostId(1)),
        SwitchTo::Host(HostId(2)),
    ];
    assert_eq!(switcher(&app).rows(&app), all);
    assert_eq!(switcher(&app).selected, 1, "the host on screen");

    // By name, case ignored; by address; by where it was found.
    typed(&mut app, "EDG");
    assert_eq!(switcher(&app).rows(&app), [SwitchTo::Host(HostId(2))]);
    for _ in 0..3 {
        app.update(code(KeyCode::Backspace));
    }
    assert_eq!(switcher(&app).rows(&app), all);
    typed(&mut app, "ssh://");
    assert_eq!(switcher(&app).rows(&app), [SwitchTo::Host(HostId(1))]);
    for _ in 0..6 {
        app.update(code(KeyCode::Backspace));
    }
    typed(&mut app, "context");
    assert_eq!(switcher(&app).rows(&app), [SwitchTo::Host(HostId(2))]);
    for _ in 0..7 {
        app.update(code(KeyCode::Backspace));
    }
    // Ports in the addresses: db1's 2222, edge's 2376.
    typed(&mut app, "2");
    assert_eq!(
        switcher(&app).rows(&app),
        [SwitchTo::Host(HostId(1)), SwitchTo::Host(HostId(2))]
    );
    assert_eq!(switcher(&app).selected, 0);
    app.update(code(KeyCode::Down));
    assert_eq!(switcher(&app).selected, 1);
    app.update(code(KeyCode::Down));
    assert_eq!(switcher(&app).selected, 1, "stays on the last row");
    // Letters are typed, not taken as keys: j adds to the filter.
    typed(&mut app, "j");
    assert!(switcher(&app).rows(&app).is_empty());
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::End));
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(fx, [Effect::Connect(HostId(2))]);
    assert_eq!(app.active(), HostId(2));
    assert!(app.screen.overlay.is_none());

    // Opened again, the host on screen is the one selected.
    app.update(key('H'));
    assert_eq!(switcher(&app).selected, 3);
}

#[test]
fn esc_closes_the_switcher_without_switching() {
    let mut app = two();
    app.update(key('H'));
    app.update(code(KeyCode::Down));
    assert_eq!(switcher(&app).selected, 2);
    let fx = app.update(code(KeyCode::Esc));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.screen.overlay.is_none());
    assert_eq!(app.active(), HostId(0));
    assert_eq!(
        app.host_by_id(HostId(1)).unwrap().connection,
        Connection::Idle
    );
}

#[test]
fn enter_with_no_matching_host_does_nothing() {
    let mut app = two();
    app.update(key('H'));
    typed(&mut app, "zzz");
    assert!(switcher(&app).rows(&app).is_empty());
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(app.active(), HostId(0));
    assert!(
        matches!(app.screen.overlay, Some(Overlay::Hosts(_))),
        "the switcher stays, so the filter can be fixed"
    );
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("no host matches the filter"), "{screen}");
}

#[test]
fn with_one_host_h_opens_a_switcher_of_one() {
    let mut app = connected_app(&Config::default(), NOW, (120, 30), running(&["web"]));
    app.update(key('H'));
    assert_eq!(switcher(&app).rows(&app), [SwitchTo::Host(HostId(0))]);
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.is_empty(), "already on screen: {fx:?}");
}

/// Answers host `id`'s list (asked by `fx`) with `result`.
fn answer_list(app: &mut App, id: HostId, fx: &[Effect], result: Result<Vec<Container>, String>) {
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(h, Request::ListContainers { seq }) if *h == id => Some(*seq),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a list on host {id:?} expected, got {fx:?}"));
    app.update(Msg::Engine(id, Report::Containers { seq, result }));
}

#[test]
fn a_background_host_s_list_clears_its_own_error_not_the_one_on_screen() {
    let mut app = two_connected(running(&["pg"]));
    // local's resync fails: its error is on screen.
    let fx = app.update(Msg::Tick { now: NOW + 31 });
    answer_list(&mut app, HostId(0), &fx, Err("boom".into()));
    assert_eq!(latest_toast(&app), "could not list containers: boom");
    // db1, in the background, lists fine after a gap in its events: local's error is still
    // local's.
    let fx = app.update(Msg::Engine(HostId(1), Report::Gap));
    answer_list(&mut app, HostId(1), &fx, Ok(running(&["pg"])));
    assert_eq!(
        latest_toast(&app),
        "could not list containers: boom",
        "db1's list does not fix local's"
    );

    // db1's own failed list, then its next list works: its error goes.
    let fx = app.update(Msg::Engine(HostId(1), Report::Gap));
    answer_list(&mut app, HostId(1), &fx, Err("timeout".into()));
    assert_eq!(
        latest_toast(&app),
        "db1: could not list containers: timeout"
    );
    let fx = app.update(Msg::Engine(HostId(1), Report::Gap));
    answer_list(&mut app, HostId(1), &fx, Ok(running(&["pg"])));
    assert_eq!(latest_toast(&app), "", "db1's list fixed db1's error");
}
