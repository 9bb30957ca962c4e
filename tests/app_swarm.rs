//! The swarm panes by their keys, on fixtures: "not a manager" (and a worker) said in place of
//! the lists, services and their tasks named from the other lists, scale typed, drain and
//! removal asked first, the lists kept current by events and, while tasks are on their way,
//! by the settling pace; a service's logs merged with each line's task and node. Snapshots of
//! each view at 80x24 and 120x30.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg, Overlay, Pane};
use dockhand::config::Config;
use dockhand::engine::model::{EngineEvent, EventAction, EventActor, EventKind};
use dockhand::engine::swarm::{Availability, ServiceOp, SwarmError, Task, TaskSource};
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::logs::Stream;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn app(width: u16, height: u16) -> App {
    connected_app(&Config::default(), NOW, (width, height), vec![])
}

fn engine(app: &mut App, r: Report) -> Vec<Effect> {
    app.update(Msg::Engine(HostId::FIRST, r))
}

/// The sequence number of the one request `pick` finds among `fx`.
fn seq_of(fx: &[Effect], pick: impl Fn(&Request) -> Option<u64>) -> u64 {
    fx.iter()
        .find_map(|f| match f {
            Effect::Engine(_, r) => pick(r),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no such request in {fx:?}"))
}

fn services_seq(fx: &[Effect]) -> u64 {
    seq_of(fx, |r| match r {
        Request::ListServices { seq } => Some(*seq),
        _ => None,
    })
}

fn tasks_seq(fx: &[Effect]) -> (u64, Option<String>) {
    fx.iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::ListTasks { seq, service }) => Some((*seq, service.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no tasks list in {fx:?}"))
}

fn nodes_seq(fx: &[Effect]) -> u64 {
    seq_of(fx, |r| match r {
        Request::ListNodes { seq } => Some(*seq),
        _ => None,
    })
}

fn web_tasks(states: [(&str, &str); 2]) -> Vec<Task> {
    vec![
        task("t1", "svc-web", 1, "node-alpha", states[0], NOW),
        task("t2", "svc-web", 2, "node-alpha", states[1], NOW),
    ]
}

/// The services pane of a manager with services `web` (2/2) and `batch` (0/1).
fn manager(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    let fx = app.update(key('6'));
    let seq = services_seq(&fx);
    engine(
        &mut app,
        Report::Services {
            seq,
            result: Ok(vec![service("web", 2, 2, NOW), service("batch", 0, 1, NOW)]),
        },
    );
    app
}

/// Opens the tasks of the selected service `web` and answers the nodes and tasks lists.
fn web_tasks_open(app: &mut App, tasks: Vec<Task>) {
    press(app, KeyCode::Home);
    press(app, KeyCode::Down); // batch, web by name
    assert_eq!(
        app.host()
            .swarm
            .services
            .selected()
            .map(|s| s.name.as_str()),
        Some("web")
    );
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(app.screen.pane, Pane::Tasks);
    let (seq, service) = tasks_seq(&fx);
    assert_eq!(
        service.as_deref(),
        Some("svc-web"),
        "only web's tasks are asked for"
    );
    let nodes = nodes_seq(&fx);
    engine(
        app,
        Report::Nodes {
            seq: nodes,
            result: Ok(vec![node("alpha", true)]),
        },
    );
    engine(
        app,
        Report::Tasks {
            seq,
            service,
            result: Ok(tasks),
        },
    );
}

#[test]
fn an_engine_in_no_swarm_says_so_in_place_of_each_list() {
    let mut app = app(120, 30);
    for k in ['6', '7', '8'] {
        let fx = app.update(key(k));
        let not_manager = SwarmError::NotManager {
            worker: false,
            message: "This node is not a swarm manager. Use \"docker swarm init\"".into(),
        };
        let r = match k {
            '6' => Report::Services {
                seq: services_seq(&fx),
                result: Err(not_manager),
            },
            '7' => {
                // The tasks pane lists the nodes too (its rows are named after them).
                engine(
                    &mut app,
                    Report::Nodes {
                        seq: nodes_seq(&fx),
                        result: Err(not_manager.clone()),
                    },
                );
                let (seq, service) = tasks_seq(&fx);
                Report::Tasks {
                    seq,
                    service,
                    result: Err(not_manager),
                }
            }
            // Listed (and refused) already, with the tasks.
            _ => {
                assert!(fx.is_empty(), "{fx:?}");
                Report::Gap
            }
        };
        if r != Report::Gap {
            engine(&mut app, r);
        }
        let s = screen_text(&app);
        assert!(
            s.contains("This engine is not a swarm manager: it is in no swarm."),
            "{k}:\n{s}"
        );
        assert!(s.contains("docker swarm init"), "{s}");
    }
    insta::assert_snapshot!("swarm_not_a_manager_120x30", render(&app).backend());
}

#[test]
fn a_worker_is_told_to_choose_a_manager() {
    let mut app = app(80, 24);
    let fx = app.update(key('6'));
    engine(
        &mut app,
        Report::Services {
            seq: services_seq(&fx),
            result: Err(SwarmError::NotManager {
                worker: true,
                message: "This node is not a swarm manager. Worker nodes can't be used to \
                          view or modify cluster state."
                    .into(),
            }),
        },
    );
    let s = screen_text(&app);
    assert!(
        s.contains("This engine is a swarm worker, not a manager."),
        "{s}"
    );
    assert!(s.contains("choose a manager's host"), "{s}");
    insta::assert_snapshot!("swarm_worker_80x24", render(&app).backend());
}

#[test]
fn services_show_replicas_and_enter_shows_a_services_tasks_named_by_slot_and_node() {
    let mut app = manager(120, 30);
    let s = screen_text(&app);
    let web = s.lines().find(|l| l.contains(" web ")).expect("web row");
    assert!(web.contains("replicated") && web.contains("2/2"), "{web}");
    assert!(
        s.lines().any(|l| l.contains("batch") && l.contains("0/1")),
        "{s}"
    );
    web_tasks_open(
        &mut app,
        web_tasks([("running", "running"), ("running", "running")]),
    );
    let s = screen_text(&app);
    assert!(s.contains("Tasks 2 of 2 · of web"), "{s}");
    for slot in ["web.1", "web.2"] {
        let line = s.lines().find(|l| l.contains(slot)).expect(slot);
        assert!(line.contains("running") && line.contains("alpha"), "{line}");
    }
}

#[test]
fn shut_down_tasks_leave_the_pane_and_a_toggles_their_history() {
    let mut app = manager(120, 30);
    web_tasks_open(
        &mut app,
        web_tasks([("running", "running"), ("shutdown", "shutdown")]),
    );
    let s = screen_text(&app);
    assert!(s.contains("web.1") && !s.contains("web.2"), "{s}");
    press_char(&mut app, 'a');
    let s = screen_text(&app);
    assert!(s.contains("web.2") && s.contains("with history"), "{s}");
}

#[test]
fn scale_is_typed_checked_and_sent() {
    let mut app = manager(120, 30);
    press(&mut app, KeyCode::Down);
    app.update(key('s'));
    let Some(Overlay::Prompt(p)) = &app.screen.overlay else {
        panic!("a prompt: {:?}", app.screen.overlay);
    };
    assert_eq!(p.input.text(), "2", "the replicas now are offered");
    app.update(ctrl('u'));
    for c in "three".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(
        screen_text(&app).contains("type a whole number of replicas"),
        "{}",
        screen_text(&app)
    );
    for _ in 0..5 {
        app.update(code(KeyCode::Backspace));
    }
    app.update(key('3'));
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::Service {
                op: ServiceOp::Scale(3),
                id: "svc-web".into(),
                name: "web".into()
            }
        )]
    );
    // The outcome is said, and the lists are asked for again.
    let fx = engine(
        &mut app,
        Report::ServiceDone {
            op: ServiceOp::Scale(3),
            id: "svc-web".into(),
            name: "web".into(),
            result: Ok(()),
        },
    );
    assert!(screen_text(&app).contains("scaled web to 3"));
    services_seq(&fx);
}

#[test]
fn removing_a_service_and_draining_a_node_are_asked_first() {
    let mut app = manager(120, 30);
    let fx = app.update(key('d'));
    assert!(fx.is_empty(), "{fx:?}");
    let s = screen_text(&app);
    assert!(s.contains("Remove service batch?"), "{s}");
    let fx = app.update(key('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::Service { op: ServiceOp::Remove, id, .. })] if id == "svc-batch"),
        "{fx:?}"
    );
    let fx = app.update(key('8'));
    engine(
        &mut app,
        Report::Nodes {
            seq: nodes_seq(&fx),
            result: Ok(vec![node("alpha", true)]),
        },
    );
    assert!(screen_text(&app).contains("alpha *"));
    let fx = app.update(key('x'));
    assert!(fx.is_empty());
    let s = screen_text(&app);
    assert!(s.contains("Drain node alpha?"), "{s}");
    assert!(s.contains("It is the only node"), "{s}");
    insta::assert_snapshot!("swarm_drain_confirm_120x30", render(&app).backend());
    let fx = app.update(key('y'));
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::Engine(
                _,
                Request::NodeAvailability {
                    availability: Availability::Drain,
                    ..
                }
            )]
        ),
        "{fx:?}"
    );
}

#[test]
fn marked_services_are_removed_together_after_one_question() {
    let mut app = manager(120, 30);
    press_char(&mut app, ' ');
    press(&mut app, KeyCode::Down);
    press_char(&mut app, ' ');
    app.update(key('d'));
    let s = screen_text(&app);
    assert!(s.contains("Remove 2 services: batch, web?"), "{s}");
    assert!(s.contains("Their 2 running tasks stop"), "{s}");
    let fx = app.update(key('y'));
    let mut removed: Vec<&str> = fx
        .iter()
        .map(|f| match f {
            Effect::Engine(
                _,
                Request::Service {
                    op: ServiceOp::Remove,
                    id,
                    ..
                },
            ) => id.as_str(),
            other => panic!("only removals: {other:?}"),
        })
        .collect();
    removed.sort();
    assert_eq!(removed, ["svc-batch", "svc-web"]);
}

#[test]
fn events_list_again_once_a_tick_and_settling_tasks_are_listed_until_they_arrive() {
    let mut app = manager(120, 30);
    web_tasks_open(
        &mut app,
        web_tasks([("running", "running"), ("starting", "running")]),
    );
    let event = |kind, action| {
        Msg::Engine(
            HostId::FIRST,
            Report::Event(EngineEvent {
                kind,
                action,
                id: "svc-web".into(),
                time: NOW,
                exit_code: None,
                actor: EventActor::default(),
            }),
        )
    };
    // Three service events: nothing at once, one list of each at the next tick.
    for _ in 0..3 {
        let fx = app.update(event(EventKind::Service, EventAction::Update));
        assert!(fx.is_empty(), "{fx:?}");
    }
    let fx = app.update(Msg::Tick { now: NOW + 1 });
    services_seq(&fx);
    let (seq, service) = tasks_seq(&fx);
    let lists = fx
        .iter()
        .filter(|f| {
            matches!(
                f,
                Effect::Engine(_, Request::ListTasks { .. } | Request::ListServices { .. })
            )
        })
        .count();
    assert_eq!(lists, 2, "{fx:?}");
    // A task still starting, the same as before: the pace slows from 2 s to 4 s.
    engine(
        &mut app,
        Report::Tasks {
            seq,
            service: service.clone(),
            result: Ok(web_tasks([("running", "running"), ("starting", "running")])),
        },
    );
    for t in 2..5 {
        let fx = app.update(Msg::Tick { now: NOW + t });
        assert!(!lists_tasks(&fx), "at +{t}: {fx:?}");
    }
    let fx = app.update(Msg::Tick { now: NOW + 5 });
    let (seq, service) = tasks_seq(&fx);
    engine(
        &mut app,
        Report::Tasks {
            seq,
            service,
            result: Ok(web_tasks([("running", "running"), ("running", "running")])),
        },
    );
    // Every task where it is wanted: no more lists but on events.
    // Until the resync (30 s after connecting), no list.
    for t in 6..30 {
        let fx = app.update(Msg::Tick { now: NOW + t });
        assert!(!lists_tasks(&fx), "at +{t}: {fx:?}");
    }
}

fn lists_tasks(fx: &[Effect]) -> bool {
    fx.iter()
        .any(|f| matches!(f, Effect::Engine(_, Request::ListTasks { .. })))
}

#[test]
fn a_task_that_waits_is_listed_ever_less_often_down_to_once_in_30_s() {
    // The resync (the safety net, every 30 s by default) far off: only the settling pace.
    let config = Config {
        resync_interval: std::time::Duration::from_secs(3600),
        ..Config::default()
    };
    let mut app = connected_app(&config, NOW, (120, 30), vec![]);
    let fx = app.update(key('6'));
    engine(
        &mut app,
        Report::Services {
            seq: services_seq(&fx),
            result: Ok(vec![service("batch", 0, 1, NOW), service("web", 1, 2, NOW)]),
        },
    );
    let pending = || web_tasks([("running", "running"), ("pending", "running")]);
    web_tasks_open(&mut app, pending());
    let mut asked = Vec::new();
    for t in 1..=150 {
        let fx = app.update(Msg::Tick { now: NOW + t });
        if lists_tasks(&fx) {
            asked.push(t);
            let (seq, service) = tasks_seq(&fx);
            let again = engine(
                &mut app,
                Report::Tasks {
                    seq,
                    service,
                    result: Ok(pending()),
                },
            );
            assert!(!lists_tasks(&again), "{again:?}");
        }
    }
    // 2 s, then twice as long after each list that changed nothing, at most 30 s.
    assert_eq!(asked, [2, 6, 14, 30, 60, 90, 120, 150]);
}

#[test]
fn a_services_logs_name_each_lines_task_and_node() {
    let mut app = manager(120, 30);
    press(&mut app, KeyCode::Down);
    let fx = app.update(key('l'));
    let stream = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(
                _,
                Request::FollowServiceLogs {
                    stream, service, ..
                },
            ) => {
                assert_eq!(service, "svc-web");
                Some(*stream)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("a service log stream: {fx:?}"));
    for (source, label) in [(0u16, "web.1@alpha"), (1, "web.2@alpha")] {
        let fx = engine(
            &mut app,
            Report::LogSourceNamed {
                stream,
                source,
                task: TaskSource {
                    task_id: format!("t{source}"),
                    label: label.into(),
                },
            },
        );
        assert!(fx.is_empty(), "naming a source restarts nothing: {fx:?}");
    }
    let mut a = log_line("hello from one", NOW * 1_000_000_000, Stream::Stdout);
    let mut b = log_line("hello from two", NOW * 1_000_000_000 + 1, Stream::Stdout);
    a.source = 0;
    b.source = 1;
    engine(
        &mut app,
        Report::LogLines {
            stream,
            lines: vec![a, b],
        },
    );
    let s = screen_text(&app);
    assert!(s.contains("service web (2 tasks)"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains("web.1@alpha │ hello from one")),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.contains("web.2@alpha │ hello from two")),
        "{s}"
    );
    insta::assert_snapshot!("swarm_service_logs_120x30", render(&app).backend());
}

#[test]
fn snapshots_of_services_tasks_and_nodes() {
    for (w, h) in [(80, 24), (120, 30)] {
        let mut app = manager(w, h);
        insta::assert_snapshot!(format!("swarm_services_{w}x{h}"), render(&app).backend());
        let mut tasks = web_tasks([("running", "running"), ("running", "running")]);
        let mut failed = task(
            "t0",
            "svc-web",
            2,
            "node-alpha",
            ("failed", "shutdown"),
            NOW,
        );
        failed.error = "task: non-zero exit (1)".into();
        failed.since = NOW - 300;
        tasks.push(failed);
        web_tasks_open(&mut app, tasks);
        press_char(&mut app, 'a');
        insta::assert_snapshot!(format!("swarm_tasks_{w}x{h}"), render(&app).backend());
        app.update(key('8'));
        insta::assert_snapshot!(format!("swarm_nodes_{w}x{h}"), render(&app).backend());
    }
}
