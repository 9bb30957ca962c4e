//! The app's state machine: messages in, state and effects out. No engine, no terminal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dockhand::app::{App, Connection, Effect, Level, Msg, Overlay, SortColumn};
use dockhand::config::Config;
use dockhand::engine::model::{
    ContainerOp, ContainerState, EngineEvent, EventAction, EventKind, ObjectAction, RemoveOptions,
};
use dockhand::engine::{Report, Request};
use dockhand::ids::ContainerId;
use dockhand::ids::HostId;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

/// An app connected to an engine that listed `names` as running containers.
fn connected(names: &[&str]) -> App {
    connected_with(
        Config::default(),
        names.iter().map(|n| container(n, NOW)).collect(),
    )
}

fn connected_with(cfg: Config, list: Vec<dockhand::engine::model::Container>) -> App {
    connected_app(&cfg, NOW, (120, 30), list)
}

fn shown(app: &App) -> Vec<String> {
    app.host()
        .containers
        .list
        .visible()
        .map(|c| c.name.clone())
        .collect()
}

fn selected(app: &App) -> String {
    app.host()
        .containers
        .list
        .selected()
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn event(action: EventAction, id: impl AsRef<str>) -> Msg {
    Msg::Engine(
        HostId::FIRST,
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action,
            id: id.as_ref().to_string(),
            time: NOW,
            exit_code: None,
            actor: Default::default(),
        }),
    )
}

fn id_of(app: &App, name: &str) -> ContainerId {
    app.host()
        .containers
        .list
        .visible()
        .find(|c| c.name == name)
        .map(|c| c.id.clone())
        .unwrap_or_else(|| panic!("{name} not shown"))
}

#[test]
fn connecting_lists_and_sorts_running_first_then_by_name() {
    let list = vec![
        exited(container("zeta", NOW), 0, NOW - 10),
        container("beta", NOW),
        with_state(container("gamma", NOW), ContainerState::Paused),
        container("alpha", NOW),
        with_state(container("new", NOW), ContainerState::Created),
    ];
    let app = connected_with(Config::default(), list);
    assert_eq!(shown(&app), ["alpha", "beta", "gamma", "new", "zeta"]);
    assert_eq!(selected(&app), "alpha");
    assert!(app.host().containers.list.loaded);
}

#[test]
fn a_stale_list_reply_is_dropped() {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    // A reply to a request that was never the newest must not replace anything.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 999,
            result: Ok(vec![container("ghost", NOW)]),
        },
    ));
    assert!(!app.host().containers.list.loaded);
    assert_eq!(app.host().containers.list.total(), 0);
}

#[test]
fn selection_follows_its_container_when_rows_move() {
    let mut app = connected(&["a", "b", "c"]);
    app.update(key('j'));
    assert_eq!(selected(&app), "b");
    // b exits: it moves below the running ones; the selection goes with it.
    let b = id_of(&app, "b");
    let fx = app.update(event(EventAction::Die, &b));
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::RefreshContainer { seq, id })] if *id == b => *seq,
        other => panic!("die should refresh the row, got {other:?}"),
    };
    let row = exited(container("b", NOW), 137, NOW);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: b.clone(),
            result: Ok(Some(row)),
        },
    ));
    assert_eq!(shown(&app), ["a", "c", "b"]);
    assert_eq!(selected(&app), "b");
}

#[test]
fn events_refresh_only_the_container_concerned_and_coalesce() {
    let mut app = connected(&["a", "b"]);
    let a = id_of(&app, "a");
    let first = app.update(event(EventAction::Kill, &a));
    assert_eq!(first.len(), 1);
    // More events while the refresh is in flight send nothing new...
    assert!(app.update(event(EventAction::Die, &a)).is_empty());
    assert!(app.update(event(EventAction::Stop, &a)).is_empty());
    // ...but one more refresh follows the reply, so the last state is never missed.
    let seq = match first.as_slice() {
        [Effect::Engine(_, Request::RefreshContainer { seq, .. })] => *seq,
        other => panic!("{other:?}"),
    };
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: a.clone(),
            result: Ok(Some(container("a", NOW))),
        },
    ));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::RefreshContainer { id, .. })] if *id == a)
    );
    // Events that do not change a row cost nothing.
    assert!(
        app.update(event(
            EventAction::Other("exec_start: sh".into()),
            id_of(&app, "b")
        ))
        .is_empty()
    );
}

#[test]
fn a_created_container_appears_and_a_destroyed_one_goes() {
    let mut app = connected(&["a"]);
    let fx = app.update(event(EventAction::Create, "newid"));
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::RefreshContainer { seq, id })] if id.as_str() == "newid" => {
            *seq
        }
        other => panic!("{other:?}"),
    };
    let mut c = container("fresh", NOW);
    c.id = "newid".into();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: "newid".into(),
            result: Ok(Some(c)),
        },
    ));
    assert_eq!(shown(&app), ["a", "fresh"]);
    app.update(event(EventAction::Destroy, "newid"));
    assert_eq!(shown(&app), ["a"]);
}

/// The screen follows an event at once, before the row is read again: a created container
/// shows from the event's attributes, a start shows it running; a read asked before the start
/// and answered after it does not bring back "created".
#[test]
fn an_event_shows_on_screen_before_the_row_is_read_again() {
    let mut app = connected(&["a"]);
    let create = Msg::Engine(
        HostId::FIRST,
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Create,
            id: "newid".into(),
            time: NOW,
            exit_code: None,
            actor: dockhand::engine::model::EventActor {
                name: Some("fresh".into()),
                image: Some("shop/web:2".into()),
                compose_project: Some("shop".into()),
                compose_service: Some("web".into()),
                ..Default::default()
            },
        }),
    );
    let fx = app.update(create);
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::RefreshContainer { seq, .. })] => *seq,
        other => panic!("{other:?}"),
    };
    let screen = format!("{:?}", render(&app).backend());
    let row = screen
        .lines()
        .find(|l| l.contains("fresh"))
        .unwrap_or_else(|| panic!("the new row, before any read:\n{screen}"));
    assert!(
        row.contains("created") && row.contains("shop/web:2"),
        "{row}"
    );

    // It starts before the read of its creation is answered.
    assert!(app.update(event(EventAction::Start, "newid")).is_empty());
    let running = |app: &App| {
        app.host()
            .containers
            .list
            .get("newid")
            .map(|c| c.state.clone())
    };
    assert_eq!(running(&app), Some(ContainerState::Running));
    let mut created = container("fresh", NOW);
    created.id = "newid".into();
    created.state = ContainerState::Created;
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: "newid".into(),
            result: Ok(Some(created)),
        },
    ));
    assert_eq!(
        running(&app),
        Some(ContainerState::Running),
        "no flicker back"
    );
    // The read the start asked for follows, and is taken.
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::RefreshContainer { seq, .. })] => *seq,
        other => panic!("{other:?}"),
    };
    let mut up = container("fresh", NOW);
    up.id = "newid".into();
    up.ports = vec![];
    up.status = "Up 1 second".into();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: "newid".into(),
            result: Ok(Some(up)),
        },
    ));
    assert_eq!(
        app.host()
            .containers
            .list
            .get("newid")
            .map(|c| c.status.clone()),
        Some("Up 1 second".into())
    );
    // A die shows exited with its code at once.
    let die = Msg::Engine(
        HostId::FIRST,
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Die,
            id: "newid".into(),
            time: NOW,
            exit_code: Some(3),
            actor: Default::default(),
        }),
    );
    app.update(die);
    let c = app.host().containers.list.get("newid").expect("the row");
    assert_eq!(
        (c.state.clone(), c.exit_code),
        (ContainerState::Exited, Some(3))
    );
}

#[test]
fn a_destroyed_container_is_not_brought_back_by_an_older_reply() {
    let mut app = connected(&["a", "b"]);
    let b = id_of(&app, "b");
    let fx = app.update(event(EventAction::Die, &b));
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::RefreshContainer { seq, .. })] => *seq,
        other => panic!("{other:?}"),
    };
    app.update(event(EventAction::Destroy, &b));
    // The refresh, answered before the destroy, arrives after it.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: b.clone(),
            result: Ok(Some(exited(container("b", NOW), 0, NOW))),
        },
    ));
    assert_eq!(shown(&app), ["a"]);
    // Same for a full list taken before the destroy.
    let fx = without_stats(app.update(Msg::Tick { now: NOW + 31 }));
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::ListContainers { seq })] => *seq,
        other => panic!("resync expected, got {other:?}"),
    };
    app.update(event(EventAction::Destroy, id_of(&app, "a")));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq,
            result: Ok(vec![container("a", NOW), container("b", NOW)]),
        },
    ));
    assert_eq!(
        shown(&app),
        ["b"],
        "a was destroyed after the list was asked for"
    );
}

#[test]
fn resync_runs_on_the_configured_interval_only() {
    let cfg = Config {
        resync_interval: std::time::Duration::from_secs(60),
        ..Config::default()
    };
    let mut app = connected_with(cfg, vec![container("a", NOW)]);
    assert!(without_stats(app.update(Msg::Tick { now: NOW + 30 })).is_empty());
    assert!(without_stats(app.update(Msg::Tick { now: NOW + 59 })).is_empty());
    let fx = without_stats(app.update(Msg::Tick { now: NOW + 60 }));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Engine(_, Request::ListContainers { .. })]
    ));
    // While that list is unanswered, no second one is sent.
    assert!(without_stats(app.update(Msg::Tick { now: NOW + 200 })).is_empty());
}

/// Effects other than stats samples (ticks ask for those too; tests/app_stats.rs covers them).
fn without_stats(fx: Vec<Effect>) -> Vec<Effect> {
    fx.into_iter()
        .filter(|f| !matches!(f, Effect::Engine(_, Request::Stats { .. })))
        .collect()
}

#[test]
fn stop_runs_in_the_background_and_reports() {
    let mut app = connected(&["web"]);
    let id = id_of(&app, "web");
    let fx = app.update(key('s'));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::Container {
                op: ContainerOp::Stop,
                id: id.clone(),
                name: "web".into(),
                remove: RemoveOptions::default(),
            }
        )]
    );
    assert_eq!(app.host().ops.pending(&id), Some(ContainerOp::Stop));
    // Pressing again while it works does not send a second stop.
    assert!(app.update(key('s')).is_empty());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::OpDone {
            op: ContainerOp::Stop,
            id: id.clone(),
            name: "web".into(),
            result: Ok(()),
        },
    ));
    assert!(app.host().ops.busy().next().is_none());
    let t = app.screen.toasts.latest().expect("a result message");
    assert_eq!(t.text, "web stopped");
    assert_eq!(t.level, Level::Success);
}

#[test]
fn an_engine_error_is_shown_in_its_own_words() {
    let mut app = connected(&["web"]);
    let id = id_of(&app, "web");
    app.update(key('S'));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::OpDone {
            op: ContainerOp::Start,
            id,
            name: "web".into(),
            result: Err("No such container: web".into()),
        },
    ));
    let t = app.screen.toasts.latest().expect("message");
    assert_eq!(t.level, Level::Error);
    assert_eq!(t.text, "could not start web: No such container: web");
    // Messages expire on the clock that ticks bring.
    app.update(Msg::Tick { now: NOW + 11 });
    assert!(app.screen.toasts.latest().is_none());
}

#[test]
fn an_object_action_is_worded_by_the_app() {
    let mut app = connected(&["web"]);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ObjectDone {
            action: ObjectAction::RemoveImage { layers_deleted: 2 },
            target: "web:1".into(),
            result: Ok(()),
        },
    ));
    let t = app.screen.toasts.latest().expect("a result message");
    assert_eq!(t.level, Level::Success);
    assert_eq!(t.text, "removed image web:1 (2 layers deleted)");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ObjectDone {
            action: ObjectAction::DisconnectNetwork,
            target: "web".into(),
            result: Err("not connected".into()),
        },
    ));
    let t = app.screen.toasts.latest().expect("a result message");
    assert_eq!(t.level, Level::Error);
    assert_eq!(t.text, "could not disconnect web: not connected");
}

#[test]
fn marks_apply_an_action_to_every_marked_container() {
    let mut app = connected(&["a", "b", "c"]);
    app.update(key(' ')); // marks a, moves to b
    app.update(key('j')); // c
    app.update(key(' ')); // marks c
    let fx = app.update(key('r'));
    let targets: Vec<_> = fx
        .iter()
        .map(|e| match e {
            Effect::Engine(
                _,
                Request::Container {
                    op: ContainerOp::Restart,
                    name,
                    ..
                },
            ) => name.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(targets, ["a", "c"]);
    assert!(
        app.host().containers.list.marks.is_empty(),
        "marks are used up by the action"
    );
}

#[test]
fn pause_toggles_per_container_and_skips_stopped_ones() {
    let list = vec![
        container("run", NOW),
        with_state(container("held", NOW), ContainerState::Paused),
        exited(container("gone", NOW), 0, NOW),
    ];
    let mut app = connected_with(Config::default(), list);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('a'),
        KeyModifiers::CONTROL,
    )));
    let fx = app.update(key('p'));
    let ops: Vec<_> = fx
        .iter()
        .map(|e| match e {
            Effect::Engine(_, Request::Container { op, name, .. }) => (name.clone(), *op),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("run".to_string(), ContainerOp::Pause),
            ("held".to_string(), ContainerOp::Unpause)
        ]
    );
    assert_eq!(
        app.screen.toasts.latest().map(|t| t.text.as_str()),
        Some("skipped: gone is exited")
    );
}

#[test]
fn remove_asks_first_and_forces_only_a_running_container() {
    let list = vec![with_volume(
        with_volume(container("db", NOW), "dh-data", "/data"),
        &"a".repeat(64),
        "/cache",
    )];
    let mut app = connected_with(Config::default(), list);
    assert!(
        app.update(key('d'))
            .iter()
            .all(|e| matches!(e, Effect::Engine(_, Request::WritableLayer { .. }))),
        "nothing but a look at the writable layer before the confirmation"
    );
    let Some(Overlay::ConfirmRemove(d)) = &app.screen.overlay else {
        panic!("dialog expected")
    };
    assert!(d.needs_force());
    assert_eq!(d.anonymous_volumes().count(), 1);
    assert_eq!(d.named_volumes().count(), 1);
    // v toggles the anonymous volumes; n cancels without effect.
    app.update(key('v'));
    assert!(matches!(&app.screen.overlay, Some(Overlay::ConfirmRemove(d)) if d.remove_volumes));
    assert!(app.update(key('n')).is_empty());
    assert!(app.screen.overlay.is_none());
    // Again, confirmed this time, with volumes.
    app.update(key('d'));
    app.update(key('v'));
    let fx = app.update(code(KeyCode::Enter));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Engine(
            _,
            Request::Container {
                op: ContainerOp::Remove,
                remove: RemoveOptions {
                    volumes: true,
                    force: true,
                    commit_as: None,
                },
                ..
            }
        )]
    ));
}

#[test]
fn removing_a_stopped_container_does_not_force() {
    let mut app = connected_with(
        Config::default(),
        vec![exited(container("old", NOW), 0, NOW)],
    );
    app.update(key('d'));
    let fx = app.update(key('y'));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Engine(
            _,
            Request::Container {
                remove: RemoveOptions {
                    volumes: false,
                    force: false,
                    commit_as: None,
                },
                ..
            }
        )]
    ));
}

#[test]
fn filter_matches_name_image_or_id_as_you_type() {
    let mut list = vec![
        container("web", NOW),
        container("db", NOW),
        container("cache", NOW),
    ];
    list[1].image = "postgres:16".into();
    list[2].id = format!("cafe{}", "0".repeat(60)).into();
    let mut app = connected_with(Config::default(), list);
    app.update(key('/'));
    app.update(key('p'));
    app.update(key('o'));
    assert_eq!(shown(&app), ["db"], "image match");
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::Backspace));
    for c in "cafe".chars() {
        app.update(key(c));
    }
    assert_eq!(shown(&app), ["cache"], "id prefix match");
    app.update(code(KeyCode::Enter));
    assert!(!app.host().containers.list.filter_editing);
    assert_eq!(app.host().containers.list.filter, "cafe");
    // Keys act again once the filter is kept: j does not type.
    app.update(key('j'));
    assert_eq!(app.host().containers.list.filter, "cafe");
    // esc clears it.
    app.update(code(KeyCode::Esc));
    assert_eq!(shown(&app).len(), 3);
}

#[test]
fn show_all_toggles_stopped_containers() {
    let list = vec![container("up", NOW), exited(container("down", NOW), 1, NOW)];
    let mut app = connected_with(Config::default(), list);
    assert_eq!(shown(&app), ["up", "down"]);
    app.update(key('a'));
    assert_eq!(shown(&app), ["up"]);
    app.update(key('a'));
    assert_eq!(shown(&app), ["up", "down"]);
}

#[test]
fn sort_cycles_columns_and_reverses() {
    let list = vec![
        with_project(container("b", NOW), "zz", "web"),
        with_project(container("a", NOW), "aa", "db"),
        container("c", NOW),
    ];
    let mut app = connected_with(Config::default(), list);
    app.update(key('o'));
    assert_eq!(app.host().containers.list.sort, SortColumn::Name);
    assert_eq!(shown(&app), ["a", "b", "c"]);
    app.update(key('O'));
    assert!(app.host().containers.list.descending);
    assert_eq!(shown(&app), ["c", "b", "a"]);
    for _ in 0..4 {
        app.update(key('o'));
    }
    assert_eq!(app.host().containers.list.sort, SortColumn::Project);
    assert_eq!(
        shown(&app),
        ["a", "b", "c"],
        "projects first, rows without one last"
    );
}

#[test]
fn read_only_refuses_every_engine_change() {
    let cfg = Config {
        read_only: true,
        ..Config::default()
    };
    let mut app = connected_with(cfg, vec![container("web", NOW)]);
    for k in ['s', 'S', 'r', 'p', 'K', 'd'] {
        assert!(app.update(key(k)).is_empty(), "{k} must do nothing");
        assert!(app.screen.overlay.is_none());
    }
    assert!(
        app.screen
            .toasts
            .latest()
            .is_some_and(|t| t.text.starts_with("read-only mode"))
    );
}

#[test]
fn paging_keeps_the_selection_on_screen() {
    let names: Vec<String> = (0..100).map(|i| format!("c{i:03}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut app = connected(&refs);
    let page = app.page();
    app.update(key('G'));
    assert_eq!(selected(&app), "c099");
    assert_eq!(app.host().containers.list.offset, 100 - page);
    app.update(key('g'));
    assert_eq!(app.host().containers.list.offset, 0);
    app.update(code(KeyCode::PageDown));
    assert_eq!(app.host().containers.list.selected_index(), Some(page));
    assert!(
        app.host().containers.list.offset <= page
            && page < app.host().containers.list.offset + page
    );
}

#[test]
fn no_engine_screen_counts_tries_and_retries_on_demand() {
    let mut app = App::new(&Config::default(), NOW);
    let report = || {
        Msg::Engine(
            HostId::FIRST,
            Report::Unavailable {
                attempts: vec![],
                problems: vec![],
                retry_in_secs: 4,
            },
        )
    };
    app.update(report());
    app.update(report());
    assert!(
        matches!(app.host().connection, Connection::Unavailable { tries: 2, retry_at, .. } if retry_at == NOW + 4)
    );
    // Action keys do nothing here; refresh asks the supervisor to try at once; q quits.
    assert!(app.update(key('s')).is_empty());
    assert_eq!(
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('r'),
            KeyModifiers::CONTROL
        ))),
        [Effect::Engine(HostId::FIRST, Request::Reconnect)]
    );
    assert_eq!(app.update(key('q')), [Effect::Quit]);
}

#[test]
fn losing_the_engine_keeps_the_list_and_reconnecting_lists_again() {
    let mut app = connected(&["a"]);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Lost {
            reason: "EOF".into(),
        },
    ));
    assert!(matches!(app.host().connection, Connection::Lost { .. }));
    assert_eq!(shown(&app), ["a"], "the last list stays, marked stale");
    assert!(
        app.update(key('s')).is_empty(),
        "no action while disconnected"
    );
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Engine(_, Request::ListContainers { .. })]
    ));
}

#[test]
fn ctrl_c_quits_even_from_a_dialog() {
    let mut app = connected(&["a"]);
    app.update(key('d'));
    assert!(app.screen.overlay.is_some());
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(fx, [Effect::Quit]);
}

#[test]
fn help_opens_and_closes() {
    let mut app = connected(&["a"]);
    app.update(key('?'));
    assert!(matches!(app.screen.overlay, Some(Overlay::Help(_))));
    app.update(key('j'));
    assert!(
        matches!(app.screen.overlay, Some(Overlay::Help(_))),
        "other keys leave it open"
    );
    app.update(code(KeyCode::Esc));
    assert_eq!(app.screen.overlay, None);
}

fn answer_kind(app: &mut App, fx: Vec<Effect>, report: impl FnOnce(u64) -> Report) {
    let seq = fx
        .iter()
        .find_map(|e| match e {
            Effect::Engine(
                _,
                Request::ListImages { seq }
                | Request::ListVolumes { seq }
                | Request::ListNetworks { seq },
            ) => Some(*seq),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a list request expected, got {fx:?}"));
    app.update(Msg::Engine(HostId::FIRST, report(seq)));
}

#[test]
fn other_kinds_are_listed_only_once_their_pane_is_shown() {
    let mut app = connected(&["a"]);
    // Connecting listed containers only.
    assert!(
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::Event(EngineEvent {
                kind: EventKind::Image,
                action: EventAction::Other("pull".into()),
                id: "x".into(),
                time: NOW,
                exit_code: None,
                actor: Default::default(),
            })
        ))
        .is_empty(),
        "no image list before the images pane was shown"
    );
    let fx = app.update(key('2'));
    assert_eq!(app.screen.pane, dockhand::app::Pane::Images);
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![
            image("aa", Some("web:1"), 5_000_000, NOW),
            image("bb", None, 1_000, NOW),
        ]),
    });
    let tags: Vec<_> = app
        .host()
        .images
        .visible()
        .map(|i| i.tags.clone())
        .collect();
    assert_eq!(tags, [vec!["web:1".to_string()], vec![]], "dangling last");
    // Showing it again asks nothing; an image event re-lists.
    app.update(key('1'));
    assert!(app.update(key('2')).is_empty());
    let ev = || {
        Msg::Engine(
            HostId::FIRST,
            Report::Event(EngineEvent {
                kind: EventKind::Image,
                action: EventAction::Other("delete".into()),
                id: "bb".into(),
                time: NOW,
                exit_code: None,
                actor: Default::default(),
            }),
        )
    };
    let fx = app.update(ev());
    assert!(matches!(
        fx.as_slice(),
        [Effect::Engine(_, Request::ListImages { .. })]
    ));
    // A second event while that list is in flight waits for it, then lists once more.
    assert!(app.update(ev()).is_empty());
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::ListImages { seq })] => *seq,
        _ => unreachable!(),
    };
    let again = app.update(Msg::Engine(
        HostId::FIRST,
        Report::Images {
            seq,
            result: Ok(vec![image("aa", Some("web:1"), 5_000_000, NOW)]),
        },
    ));
    assert!(matches!(
        again.as_slice(),
        [Effect::Engine(_, Request::ListImages { .. })]
    ));
    assert_eq!(app.host().images.total(), 1);
}

#[test]
fn tab_cycles_panes_and_list_keys_act_on_the_shown_one() {
    let mut app = connected(&["a", "b"]);
    let fx = app.update(code(KeyCode::Tab));
    assert_eq!(app.screen.pane, dockhand::app::Pane::Images);
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![]),
    });
    let fx = app.update(code(KeyCode::Tab));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Engine(_, Request::DiskUsage { .. }))),
        "volume sizes come from the disk usage, asked once: {fx:?}"
    );
    answer_kind(&mut app, fx, |seq| Report::Volumes {
        seq,
        result: Ok(vec![
            volume("zeta", None),
            volume("alpha", Some(10)),
            volume(&"e".repeat(64), None),
        ]),
    });
    let names: Vec<_> = app
        .host()
        .volumes
        .visible()
        .map(|v| v.name.clone())
        .collect();
    assert_eq!(
        names[..2],
        ["alpha", "zeta"],
        "named volumes first, by name"
    );
    app.update(key('j'));
    assert_eq!(
        app.host().volumes.selected().map(|v| v.name.as_str()),
        Some("zeta")
    );
    assert_eq!(
        selected(&app),
        "a",
        "the containers pane keeps its own selection"
    );
    app.update(key('/'));
    app.update(key('z'));
    assert_eq!(app.host().volumes.visible_len(), 1);
    assert_eq!(
        app.host().containers.list.filter,
        "",
        "the filter is per pane"
    );
    app.update(code(KeyCode::Enter));
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert!(fx.is_empty(), "images were listed already");
    assert_eq!(app.screen.pane, dockhand::app::Pane::Images);
    // Container keys do nothing on other panes.
    assert!(app.update(key('s')).is_empty());
}

#[test]
fn a_reconnect_lists_every_wanted_kind_again() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('4'));
    answer_kind(&mut app, fx, |seq| Report::Networks {
        seq,
        result: Ok(vec![network("none", "null", &[])]),
    });
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Lost { reason: "x".into() },
    ));
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let kinds: Vec<&str> = fx
        .iter()
        .map(|e| match e {
            Effect::Engine(_, Request::ListContainers { .. }) => "containers",
            Effect::Engine(_, Request::ListNetworks { .. }) => "networks",
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["containers", "networks"]);
}

#[test]
fn the_remove_dialog_asks_what_the_writable_layer_holds_and_can_commit_first() {
    use dockhand::engine::model::WritableLayer;
    let mut app = connected(&["db"]);
    let id = id_of(&app, "db");
    let fx = app.update(key('d'));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::WritableLayer { id: id.clone() }
        )]
    );
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::WritableLayer {
            id: id.clone(),
            result: Ok(WritableLayer {
                size: Some(4096),
                sample: vec![('A', "/data/orders.db".into())],
                total: 3,
            }),
        },
    ));
    let Some(Overlay::ConfirmRemove(d)) = &app.screen.overlay else {
        panic!("dialog")
    };
    assert!(d.layers[&id].as_ref().is_ok_and(|l| l.has_changes()));
    // c starts a commit with a default name; typing edits it; enter commits then removes.
    app.update(key('c'));
    let Some(Overlay::ConfirmRemove(d)) = &app.screen.overlay else {
        panic!("dialog")
    };
    assert_eq!(d.commit_as.as_deref(), Some("db-backup:20251129-0706"));
    for _ in 0.."20251129-0706".len() {
        app.update(code(KeyCode::Backspace));
    }
    for c in "keep".chars() {
        app.update(key(c));
    }
    // `n` and `y` are text now, not cancel and confirm.
    app.update(key('n'));
    assert!(app.screen.overlay.is_some());
    app.update(code(KeyCode::Backspace));
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::Container { op: ContainerOp::Remove, remove, .. })]
            if remove.commit_as.as_deref() == Some("db-backup:keep") && remove.force),
        "{fx:?}"
    );
}

#[test]
fn default_commit_names_are_valid_references() {
    use dockhand::app::default_commit_name;
    assert_eq!(
        default_commit_name("My App_1", 0),
        "my-app_1-backup:19700101-0000"
    );
    assert_eq!(
        default_commit_name("//", 0),
        "container-backup:19700101-0000"
    );
}

mod prune_flow {
    use super::*;
    use dockhand::engine::objects::{PruneKind, PruneObject, PruneOutcome};

    fn open_preview(app: &mut App, kind_index: usize) -> u64 {
        let fx = app.update(key('D'));
        assert!(
            matches!(
                fx.as_slice(),
                [Effect::Engine(_, Request::DiskUsage { .. })]
            ),
            "{fx:?}"
        );
        for _ in 0..kind_index {
            app.update(key('j'));
        }
        let fx = app.update(key('p'));
        match fx.as_slice() {
            [Effect::Engine(_, Request::PrunePreview { seq, .. })] => *seq,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_preview_lists_items_that_can_be_unmarked_and_applies_exactly_the_rest() {
        let mut app = connected(&["a"]);
        let seq = open_preview(&mut app, 2);
        let items = vec![
            prune_item(
                PruneObject::Image,
                PruneKind::UnusedImages,
                "postgres:16",
                Some(431),
                false,
            ),
            prune_item(
                PruneObject::Image,
                PruneKind::UnusedImages,
                "redis:7",
                Some(100),
                false,
            ),
        ];
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::PrunePreview {
                seq,
                result: Ok(items.clone()),
            },
        ));
        let Some(Overlay::PrunePreview(p)) = &app.screen.overlay else {
            panic!("preview")
        };
        assert_eq!(p.kind, PruneKind::UnusedImages);
        assert_eq!(p.chosen_size(), 531);
        // Keep postgres: unmark it.
        app.update(key(' '));
        let fx = app.update(code(KeyCode::Enter));
        match fx.as_slice() {
            [
                Effect::Engine(
                    _,
                    Request::PruneApply {
                        kind,
                        items: chosen,
                    },
                ),
            ] => {
                assert_eq!(*kind, PruneKind::UnusedImages);
                assert_eq!(chosen, &items[1..]);
            }
            other => panic!("{other:?}"),
        }
        // Keys wait while it runs; the outcome replaces the preview and is summed up.
        assert!(app.update(key('j')).is_empty());
        let outcome = PruneOutcome {
            removed: items[1..].to_vec(),
            skipped: vec![],
            failed: vec![],
            reclaimed: 100,
        };
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::PruneDone {
                kind: PruneKind::UnusedImages,
                outcome,
            },
        ));
        assert!(matches!(app.screen.overlay, Some(Overlay::PruneResult(_))));
        assert_eq!(
            app.screen.toasts.latest().map(|t| t.text.as_str()),
            Some("pruned 1 object, reclaimed 100B")
        );
    }

    #[test]
    fn named_volumes_need_the_word_typed() {
        let mut app = connected(&["a"]);
        let seq = open_preview(&mut app, 5);
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::PrunePreview {
                seq,
                result: Ok(vec![
                    prune_item(
                        PruneObject::Volume,
                        PruneKind::AllUnusedVolumes,
                        "pgdata",
                        Some(5),
                        true,
                    ),
                    prune_item(
                        PruneObject::Volume,
                        PruneKind::AllUnusedVolumes,
                        &"a".repeat(64),
                        Some(1),
                        false,
                    ),
                ]),
            },
        ));
        // Enter asks for the word instead of removing.
        assert!(app.update(code(KeyCode::Enter)).is_empty());
        for c in "delet".chars() {
            app.update(key(c));
        }
        assert!(
            app.update(code(KeyCode::Enter)).is_empty(),
            "a wrong word removes nothing"
        );
        app.update(key('e'));
        let fx = app.update(code(KeyCode::Enter));
        assert!(
            matches!(fx.as_slice(), [Effect::Engine(_, Request::PruneApply { items, .. })] if items.len() == 2)
        );
    }

    #[test]
    fn unmarking_every_named_volume_needs_no_typing() {
        let mut app = connected(&["a"]);
        let seq = open_preview(&mut app, 5);
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::PrunePreview {
                seq,
                result: Ok(vec![
                    prune_item(
                        PruneObject::Volume,
                        PruneKind::AllUnusedVolumes,
                        "pgdata",
                        Some(5),
                        true,
                    ),
                    prune_item(
                        PruneObject::Volume,
                        PruneKind::AllUnusedVolumes,
                        &"b".repeat(64),
                        Some(1),
                        false,
                    ),
                ]),
            },
        ));
        app.update(key(' '));
        let fx = app.update(code(KeyCode::Enter));
        assert!(
            matches!(fx.as_slice(), [Effect::Engine(_, Request::PruneApply { items, .. })] if items.len() == 1 && !items[0].named_volume)
        );
    }

    #[test]
    fn read_only_mode_shows_disk_usage_but_never_prunes() {
        let cfg = Config {
            read_only: true,
            ..Config::default()
        };
        let mut app = connected_with(cfg, vec![container("a", NOW)]);
        let fx = app.update(key('D'));
        assert!(matches!(
            fx.as_slice(),
            [Effect::Engine(_, Request::DiskUsage { .. })]
        ));
        assert!(app.update(key('p')).is_empty());
        assert!(app.update(code(KeyCode::Enter)).is_empty());
        assert!(matches!(app.screen.overlay, Some(Overlay::Disk(_))));
    }
}

#[test]
fn volume_sizes_come_from_the_disk_usage() {
    use dockhand::engine::objects::DiskUsage;
    let mut app = connected(&["a"]);
    let fx = app.update(key('3'));
    let df_seq = fx
        .iter()
        .find_map(|e| match e {
            Effect::Engine(_, Request::DiskUsage { seq }) => Some(*seq),
            _ => None,
        })
        .expect("disk usage asked");
    answer_kind(&mut app, fx, |seq| Report::Volumes {
        seq,
        result: Ok(vec![volume("data", None), volume("cache", None)]),
    });
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::DiskUsage {
            seq: df_seq,
            result: Ok(DiskUsage {
                volume_sizes: vec![("data".into(), 52_000_000)],
                ..DiskUsage::default()
            }),
        },
    ));
    let sizes: Vec<(String, Option<i64>)> = app
        .host()
        .volumes
        .visible()
        .map(|v| (v.name.clone(), v.size))
        .collect();
    assert_eq!(
        sizes,
        [("cache".into(), None), ("data".into(), Some(52_000_000))]
    );
}

#[test]
fn images_can_be_tagged_and_their_layers_shown() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('2'));
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![image("aa", Some("web:1"), 5, NOW)]),
    });
    let id = app
        .host()
        .images
        .selected()
        .map(|i| i.id.clone())
        .expect("selected");
    app.update(key('t'));
    for c in "web:2".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::TagImage {
                id: id.clone(),
                reference: "web:2".into()
            }
        )]
    );
    assert!(app.screen.overlay.is_none());
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::ImageHistory { id: i, .. })] if *i == id)
    );
    assert!(matches!(app.screen.overlay, Some(Overlay::History(_))));
    app.update(code(KeyCode::Esc));
    assert!(app.screen.overlay.is_none());
}

#[test]
fn containers_are_connected_and_disconnected_by_name() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('4'));
    let net = network("dh-internal", "bridge", &[]);
    let net_id = net.id.clone();
    answer_kind(&mut app, fx, |seq| Report::Networks {
        seq,
        result: Ok(vec![net]),
    });
    app.update(key('C'));
    app.update(key('a'));
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::ConnectNetwork {
                network: net_id.clone(),
                container: "a".into()
            }
        )]
    );
    app.update(key('X'));
    app.update(key('a'));
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::DisconnectNetwork {
                network: net_id,
                container: "a".into()
            }
        )]
    );
}

#[test]
fn a_network_with_containers_or_built_in_is_not_removed() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('4'));
    answer_kind(&mut app, fx, |seq| Report::Networks {
        seq,
        result: Ok(vec![
            network("busy", "bridge", &["a"]),
            network("host", "host", &[]),
            network("idle", "bridge", &[]),
        ]),
    });
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('a'),
        KeyModifiers::CONTROL,
    )));
    app.update(key('d'));
    let Some(Overlay::RemoveObjects(d)) = &app.screen.overlay else {
        panic!("dialog")
    };
    let removable: Vec<&str> = d.removable().map(|t| t.label.as_str()).collect();
    assert_eq!(removable, ["idle"]);
    let fx = app.update(key('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::RemoveNetwork { label, .. })] if label == "idle")
    );
    assert!(app.screen.toasts.latest().is_some_and(|t| {
        t.text
            .contains("2 networks in use or built in were left alone")
    }));
}

#[test]
fn an_image_in_use_is_kept_unless_forced_and_a_tag_can_go_alone() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('2'));
    let mut used = image("11", Some("web:1"), 5, NOW);
    used.id = format!("sha256:{}", "1".repeat(64)).into();
    used.tags.push("web:latest".into());
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![used]),
    });
    // One row per tag, as `docker images` lists them; removing a row whose image keeps
    // another tag untags it (what `docker rmi web:1` does), which no container minds.
    assert_eq!(app.host().images.visible_len(), 2);
    app.update(key('d'));
    let Some(Overlay::RemoveObjects(d)) = &app.screen.overlay else {
        panic!("dialog")
    };
    assert_eq!(d.untag_only.as_deref(), Some("web:1"));
    assert!(d.targets[0].used_by.is_empty(), "{d:?}");
    assert_eq!(d.removable().count(), 1);
    let fx = app.update(key('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::RemoveImage { key, force: false, .. })] if key == "web:1"),
        "{fx:?}"
    );
    // Both rows marked: the image itself goes, by id, with the in-use care.
    app.update(key(' '));
    app.update(key(' '));
    app.update(key('d'));
    let Some(Overlay::RemoveObjects(d)) = &app.screen.overlay else {
        panic!("dialog")
    };
    assert_eq!(d.targets.len(), 1, "{d:?}");
    assert_eq!(d.targets[0].used_by, ["a (running)"]);
    assert_eq!(d.removable().count(), 0, "in use: kept");
    // f: forced removal by id, which the engine refuses while a container runs on it.
    app.update(key('f'));
    assert!(
        app.update(key('y')).is_empty(),
        "a running container's image is never deleted"
    );
    // Once that container has stopped, forcing deletes the image.
    let a = id_of(&app, "a");
    app.host_mut()
        .containers
        .upsert(exited(container("a", NOW), 0, NOW));
    assert_eq!(id_of(&app, "a"), a);
    app.update(key('2'));
    app.update(key('g'));
    app.update(key(' '));
    app.update(key(' '));
    app.update(key('d'));
    app.update(key('f'));
    let fx = app.update(key('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::RemoveImage { key, force: true, .. })] if key.starts_with("sha256:")),
        "{fx:?}"
    );
}

#[test]
fn a_pull_shows_progress_can_be_cancelled_and_ends_with_its_outcome() {
    use dockhand::engine::pull::{LayerProgress, PullProgress};
    let mut app = connected(&["a"]);
    let fx = app.update(key('2'));
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![]),
    });
    app.update(key('P'));
    for c in "127.0.0.1:5000/x/y:1".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(KeyCode::Enter));
    let pull = match fx.as_slice() {
        [Effect::Engine(_, Request::Pull { pull, reference })] => {
            assert_eq!(reference, "127.0.0.1:5000/x/y:1");
            *pull
        }
        other => panic!("{other:?}"),
    };
    let progress = PullProgress {
        layers: vec![LayerProgress {
            id: "a3ed95caeb02".into(),
            status: "Downloading".into(),
            current: Some(500),
            total: Some(1000),
        }],
        status: "Pulling from x/y".into(),
        done: false,
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PullProgress {
            pull,
            progress: progress.clone(),
        },
    ));
    let Some(Overlay::Pull(p)) = &app.screen.overlay else {
        panic!("pull view")
    };
    assert_eq!(p.progress, progress);
    // esc cancels (once), and the view stays until the engine side says it stopped.
    assert_eq!(
        app.update(code(KeyCode::Esc)),
        [Effect::Engine(HostId::FIRST, Request::CancelPull { pull })]
    );
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PullDone {
            pull,
            result: Err("cancelled".into()),
        },
    ));
    let Some(Overlay::Pull(p)) = &app.screen.overlay else {
        panic!("pull view")
    };
    assert_eq!(p.result, Some(Err("cancelled".into())));
    assert_eq!(
        app.screen.toasts.latest().map(|t| t.text.as_str()),
        Some("pull failed: cancelled")
    );
    app.update(code(KeyCode::Enter));
    assert!(app.screen.overlay.is_none());
}

/// Types `text` into the filter and keeps it.
fn filter_to(app: &mut App, text: &str) {
    app.update(key('/'));
    for c in text.chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter));
}

/// The containers each effect stops, by name.
fn stopped(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Engine(
                _,
                Request::Container {
                    op: ContainerOp::Stop,
                    name,
                    ..
                },
            ) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn actions_go_to_what_is_shown_and_ask_about_hidden_marks() {
    // The report: mark runner-3, filter to runner-2, press s: runner-3 stopped, unseen.
    let mut app = connected(&["runner-1", "runner-2", "runner-3"]);
    filter_to(&mut app, "runner-3");
    app.update(key(' '));
    app.update(code(KeyCode::Esc));
    filter_to(&mut app, "runner-2");
    assert_eq!(shown(&app), ["runner-2"]);
    let fx = app.update(key('s'));
    assert!(
        stopped(&fx).is_empty(),
        "nothing stops before the user answers: {fx:?}"
    );
    assert!(
        app.screen.overlay.is_some(),
        "a question names the hidden marks"
    );
    // enter: what is shown only.
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(stopped(&fx), ["runner-2"]);
    assert!(app.screen.overlay.is_none());

    // Again with `a`: the hidden marked one too.
    let mut app = connected(&["runner-1", "runner-2", "runner-3"]);
    filter_to(&mut app, "runner-3");
    app.update(key(' '));
    app.update(code(KeyCode::Esc));
    filter_to(&mut app, "runner-2");
    app.update(key('s'));
    let Some(Overlay::HiddenMarks(d)) = &app.screen.overlay else {
        panic!("{:?}", app.screen.overlay)
    };
    assert_eq!(d.hidden, ["runner-3"]);
    assert_eq!(d.shown, ["runner-2"]);
    let fx = app.update(key('a'));
    assert_eq!(stopped(&fx), ["runner-2", "runner-3"]);

    // esc: nothing at all; the mark stays.
    let mut app = connected(&["runner-1", "runner-2", "runner-3"]);
    filter_to(&mut app, "runner-3");
    app.update(key(' '));
    app.update(code(KeyCode::Esc));
    filter_to(&mut app, "runner-2");
    app.update(key('s'));
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert_eq!(app.host().containers.list.marks.len(), 1);
    // Remove asks the same question before its own dialog.
    app.update(key('d'));
    assert!(matches!(app.screen.overlay, Some(Overlay::HiddenMarks(_))));
    app.update(code(KeyCode::Enter));
    let Some(Overlay::ConfirmRemove(d)) = &app.screen.overlay else {
        panic!("{:?}", app.screen.overlay)
    };
    let names: Vec<&str> = d.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["runner-2"]);
}

#[test]
fn marked_rows_all_shown_need_no_question() {
    let mut app = connected(&["runner-1", "runner-2", "runner-3"]);
    app.update(key(' '));
    app.update(key(' '));
    let fx = app.update(key('s'));
    assert_eq!(stopped(&fx), ["runner-1", "runner-2"]);
    assert!(app.screen.overlay.is_none());
}

#[test]
fn direct_sort_keys_and_natural_names() {
    let mut app = connected(&["bulk-69", "bulk-7", "bulk-10", "Bulk-8"]);
    // N: by name, naturally and regardless of case; again: reversed.
    app.update(key('N'));
    assert_eq!(app.host().containers.list.sort, SortColumn::Name);
    assert!(!app.host().containers.list.descending);
    assert_eq!(shown(&app), ["bulk-7", "Bulk-8", "bulk-10", "bulk-69"]);
    app.update(key('N'));
    assert!(app.host().containers.list.descending);
    assert_eq!(shown(&app), ["bulk-69", "bulk-10", "Bulk-8", "bulk-7"]);
    // C: by CPU in one key (it was six presses of `o` away), busiest first: descending.
    app.update(key('C'));
    assert_eq!(app.host().containers.list.sort, SortColumn::Cpu);
    assert!(app.host().containers.list.descending);
    // No numbers yet, all equal: ties go by name, A to Z, whichever way the column runs.
    assert_eq!(shown(&app), ["bulk-7", "Bulk-8", "bulk-10", "bulk-69"]);
    for (k, col) in [
        ('R', SortColumn::Memory),
        ('T', SortColumn::State),
        ('U', SortColumn::Status),
        ('I', SortColumn::Image),
        ('P', SortColumn::Project),
        ('A', SortColumn::Created),
    ] {
        app.update(key(k));
        assert_eq!(app.host().containers.list.sort, col, "{k}");
    }
    // A pane without the column says so and keeps its order.
    app.update(key('Z'));
    assert_eq!(app.host().containers.list.sort, SortColumn::Created);
    assert!(
        app.screen
            .toasts
            .latest()
            .is_some_and(|t| t.text.contains("no size column")),
        "{:?}",
        app.screen.toasts.latest()
    );
}

#[test]
fn images_are_one_row_per_tag_and_filter_by_their_own_tag() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('2'));
    let mut two = image("11", Some("web:1"), 5, NOW);
    two.tags.push("web:latest".into());
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![two, image("22", Some("db:16"), 9, NOW)]),
    });
    let rows = |app: &App| -> Vec<String> {
        app.host()
            .images
            .visible()
            .map(|i| i.tags.first().cloned().unwrap_or_default())
            .collect()
    };
    assert_eq!(rows(&app), ["db:16", "web:1", "web:latest"]);
    filter_to(&mut app, "latest");
    assert_eq!(rows(&app), ["web:latest"]);
    // Tag and layers name the row's own tag, not the image's first.
    app.update(key('t'));
    let Some(Overlay::Prompt(p)) = &app.screen.overlay else {
        panic!("{:?}", app.screen.overlay)
    };
    assert!(
        p.purpose.title().contains("web:latest"),
        "{}",
        p.purpose.title()
    );
}

/// A host's containers for the placing test: several projects, images and states.
fn mixed_rows(n: usize) -> Vec<dockhand::engine::model::Container> {
    (0..n)
        .map(|i| {
            let mut c = container(&format!("svc-{i}"), NOW);
            if i % 3 != 0 {
                c = with_project(c, ["shop", "billing"][i % 2], "web");
            }
            c.image = format!("img-{}:{}", i % 4, i % 7);
            c.created = NOW - 100 * (i as i64 % 11);
            c.state_since = Some(NOW - 10 * (i as i64 % 13));
            if i % 4 == 1 {
                c = exited(c, 1, NOW - 5 * (i as i64 % 17));
            }
            c
        })
        .collect()
}

/// Sorts by `sort` (a key), filters by `filter` (when not empty) and shows running ones only
/// when `running`.
fn arrange(app: &mut App, sort: char, filter: &str, running: bool) {
    app.update(key(sort));
    if !filter.is_empty() {
        app.update(key('/'));
        for c in filter.chars() {
            app.update(key(c));
        }
        app.update(code(KeyCode::Enter));
    }
    if running {
        app.update(key('a'));
    }
}

/// `action` on the container `row` is about, and the engine's answer to the refresh it asks
/// for: `row` as it now is (none for a destroy, which asks nothing).
fn changed_by_event(app: &mut App, action: EventAction, row: &dockhand::engine::model::Container) {
    let fx = app.update(event(action.clone(), &row.id));
    let seq = fx.iter().find_map(|f| match f {
        Effect::Engine(_, Request::RefreshContainer { seq, id }) if *id == row.id => Some(*seq),
        _ => None,
    });
    if let Some(seq) = seq {
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::Container {
                seq,
                id: row.id.clone(),
                result: Ok(Some(row.clone())),
            },
        ));
    }
}

#[test]
fn rows_changed_by_events_are_placed_where_a_whole_list_puts_them() {
    for sort in ['T', 'N', 'I', 'U', 'A', 'P', 'O'] {
        for (filter, running) in [("", false), ("-1", false), ("", true)] {
            let mut rows = mixed_rows(60);
            let mut app = connected_with(Config::default(), rows.clone());
            arrange(&mut app, sort, filter, running);
            for step in 0..45 {
                let i = step * 7 % rows.len();
                let action = match step % 5 {
                    // Exits or starts again, at the event's time.
                    0 | 1 => {
                        let c = &mut rows[i];
                        if c.state == ContainerState::Running {
                            *c = exited(c.clone(), 0, NOW);
                            EventAction::Die
                        } else {
                            c.state = ContainerState::Running;
                            c.exit_code = None;
                            c.state_since = Some(NOW);
                            EventAction::Start
                        }
                    }
                    2 => {
                        rows[i].name = format!("renamed-{step}");
                        rows[i].image = format!("img-{}:{}", step % 3, step);
                        EventAction::Rename
                    }
                    3 => {
                        let gone = rows.remove(i);
                        app.update(event(EventAction::Destroy, &gone.id));
                        continue;
                    }
                    _ => {
                        rows.push(with_project(
                            container(&format!("new-{step}"), NOW),
                            "zz",
                            "web",
                        ));
                        EventAction::Create
                    }
                };
                let row = if matches!(action, EventAction::Create) {
                    rows[rows.len() - 1].clone()
                } else {
                    rows[i].clone()
                };
                changed_by_event(&mut app, action, &row);
            }
            let mut whole = connected_with(Config::default(), rows.clone());
            arrange(&mut whole, sort, filter, running);
            assert_eq!(
                shown(&app),
                shown(&whole),
                "sorted with {sort}, filter {filter:?}, running only {running}"
            );
        }
    }
}

#[test]
fn rows_changed_together_are_placed_where_a_whole_list_puts_them() {
    for sort in ['T', 'N', 'U', 'O'] {
        let mut rows = mixed_rows(60);
        let mut app = connected_with(Config::default(), rows.clone());
        arrange(&mut app, sort, "", false);
        // Ten exits come before any answer: the rows change in place, then are answered.
        let mut asked = Vec::new();
        for i in (0..60).step_by(6) {
            rows[i] = exited(rows[i].clone(), 0, NOW);
            for fx in app.update(event(EventAction::Die, &rows[i].id)) {
                if let Effect::Engine(_, Request::RefreshContainer { seq, id }) = fx {
                    asked.push((seq, id, rows[i].clone()));
                }
            }
        }
        for (seq, id, row) in asked.into_iter().rev() {
            let result = Ok(Some(row));
            app.update(Msg::Engine(
                HostId::FIRST,
                Report::Container { seq, id, result },
            ));
        }
        let mut whole = connected_with(Config::default(), rows);
        arrange(&mut whole, sort, "", false);
        assert_eq!(shown(&app), shown(&whole), "sorted with {sort}");
    }
}

/// The loop draws nothing for a container event the app takes no action on (a health check
/// runs execs every few seconds): such a message must indeed leave the screen as it was, and
/// the events that do change a row are not taken for one.
#[test]
fn events_said_to_change_nothing_shown_leave_the_screen_as_it_was() {
    let mut app = connected(&["a", "b"]);
    let a = id_of(&app, "a");
    let before = format!("{:?}", render(&app).backend().buffer());
    for what in [
        "exec_create: sh -c true",
        "exec_start: sh -c true",
        "exec_die",
        "attach",
        "resize",
        "top",
    ] {
        let msg = event(EventAction::parse(what), &a);
        assert!(msg.changes_nothing_shown(), "{what}");
        assert!(
            app.update(msg).is_empty(),
            "{what}: nothing asked of the engine"
        );
        assert_eq!(
            format!("{:?}", render(&app).backend().buffer()),
            before,
            "{what}"
        );
    }
    for action in [
        EventAction::Die,
        EventAction::Start,
        EventAction::HealthStatus,
        EventAction::Destroy,
    ] {
        assert!(
            !event(action.clone(), &a).changes_nothing_shown(),
            "{action:?}"
        );
    }
}
