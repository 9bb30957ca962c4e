//! The app and the engine's link: what the screen holds across an outage, and lists that stay
//! right when the engine announces a change before it records it. No engine, no terminal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dockhand::app::{App, Effect, Msg};
use dockhand::config::Config;
use dockhand::engine::model::{EngineEvent, EventAction, EventKind, ObjectAction};
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn event(kind: EventKind, action: EventAction, id: &str, time: i64) -> Msg {
    Msg::Engine(
        HostId::FIRST,
        Report::Event(EngineEvent {
            kind,
            action,
            id: id.to_string(),
            time,
            exit_code: None,
            actor: Default::default(),
        }),
    )
}

fn list_seq(fx: &[Effect]) -> Option<u64> {
    fx.iter().find_map(|f| match f {
        Effect::Engine(_, Request::ListContainers { seq }) => Some(*seq),
        _ => None,
    })
}

fn networks_seq(fx: &[Effect]) -> Option<u64> {
    fx.iter().find_map(|f| match f {
        Effect::Engine(_, Request::ListNetworks { seq }) => Some(*seq),
        _ => None,
    })
}

fn state_since(app: &App, name: &str) -> Option<i64> {
    app.host()
        .containers
        .list
        .all()
        .find(|c| c.name == name)
        .and_then(|c| c.state_since)
}

#[test]
fn after_an_outage_a_row_counts_from_the_engine_not_from_an_event_before_it() {
    let web = container("web", NOW);
    let id = web.id.as_str().to_string();
    let mut app = connected_app(&Config::default(), NOW, (120, 30), vec![web.clone()]);
    // dockhand saw it start, at an exact time.
    let started = NOW - 540;
    app.update(event(
        EventKind::Container,
        EventAction::Start,
        &id,
        started,
    ));
    assert_eq!(state_since(&app, "web"), Some(started));

    // The engine goes away; the container stops while nobody hears about it.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Lost {
            reason: "gone".into(),
        },
    ));
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let seq = list_seq(&fx).expect("a reconnect lists again");
    let stopped = NOW - 48;
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq,
            result: Ok(vec![exited(web, 137, stopped)]),
        },
    ));
    assert_eq!(
        state_since(&app, "web"),
        Some(stopped),
        "exited 48 seconds ago, as the engine says, not 9 minutes after its start"
    );
}

#[test]
fn an_event_time_is_kept_for_the_state_it_was_about() {
    let web = container("web", NOW);
    let id = web.id.as_str().to_string();
    let mut app = connected_app(&Config::default(), NOW, (120, 30), vec![web.clone()]);
    app.update(event(
        EventKind::Container,
        EventAction::Start,
        &id,
        NOW - 7,
    ));
    // A later list, with the coarse time of the engine's status text: the exact one stays.
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Gap));
    let seq = list_seq(&fx).expect("a gap lists again");
    let mut listed = web.clone();
    listed.state_since = Some(NOW - 5);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq,
            result: Ok(vec![listed]),
        },
    ));
    assert_eq!(
        state_since(&app, "web"),
        Some(NOW - 5),
        "after a gap in the events, the list's time"
    );
    app.update(event(
        EventKind::Container,
        EventAction::Start,
        &id,
        NOW - 3,
    ));
    let fx = app.update(Msg::Tick { now: NOW + 1 });
    assert!(list_seq(&fx).is_none());
    // A list that says it exited does not take the start's time.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Lost {
            reason: "gone".into(),
        },
    ));
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let seq = list_seq(&fx).expect("a reconnect lists again");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq,
            result: Ok(vec![exited(web, 0, NOW - 1)]),
        },
    ));
    assert_eq!(state_since(&app, "web"), Some(NOW - 1));
}

#[test]
fn a_network_connect_lists_the_networks_again_once_the_engine_recorded_it() {
    let mut app = connected_app(&Config::default(), NOW, (120, 30), vec![]);
    let fx = app.update(key('4'));
    let seq = networks_seq(&fx).expect("the networks pane lists them");
    let net = network("backend", "bridge", &[]);
    let net_id = net.id.as_str().to_string();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Networks {
            seq,
            result: Ok(vec![net.clone()]),
        },
    ));

    // The event comes first; the list it brings can be older than the change.
    let fx = app.update(event(
        EventKind::Network,
        EventAction::Connect,
        &net_id,
        NOW,
    ));
    let seq = networks_seq(&fx).expect("the event lists the networks");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Networks {
            seq,
            result: Ok(vec![net.clone()]),
        },
    ));
    // dockhand's own connect answers once the engine saved it: list again.
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::ObjectDone {
            action: ObjectAction::ConnectNetwork,
            target: "web".into(),
            result: Ok(()),
        },
    ));
    let seq = networks_seq(&fx).expect("a connect that succeeded lists the networks again");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Networks {
            seq,
            result: Ok(vec![network("backend", "bridge", &["web"])]),
        },
    ));
    assert_eq!(
        app.host().networks.all().next().map(|n| n.containers.len()),
        Some(1)
    );
    // A connect from outside (no answer of ours to wait for): once more at the next tick.
    let fx = app.update(Msg::Tick { now: NOW + 1 });
    assert!(
        networks_seq(&fx).is_some(),
        "the tick after a connect event lists again: {fx:?}"
    );
    let fx = app.update(Msg::Tick { now: NOW + 2 });
    assert!(networks_seq(&fx).is_none(), "only once: {fx:?}");
}

#[test]
fn the_open_log_stays_through_an_outage() {
    let mut app = connected_app(
        &Config::default(),
        NOW,
        (120, 30),
        vec![container("web", NOW)],
    );
    let fx = app.update(key('l'));
    assert!(
        fx.iter()
            .any(|f| matches!(f, Effect::Engine(_, Request::FollowLogs { .. }))),
        "the log pane follows the selected container: {fx:?}"
    );
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::Lost {
            reason: "cannot reach the engine: its socket is gone".into(),
        },
    ));
    assert!(
        !fx.iter()
            .any(|f| matches!(f, Effect::Engine(_, Request::StopLogs { .. }))),
        "the follower waits for the engine itself: {fx:?}"
    );
    let target = app.host().logs.target.as_ref().map(|t| t.title());
    assert_eq!(target.as_deref(), Some("web"), "still the log of web");
    // Back again: the same follower reads on, nothing is asked twice.
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    assert!(
        !fx.iter()
            .any(|f| matches!(f, Effect::Engine(_, Request::FollowLogs { .. }))),
        "{fx:?}"
    );
}
