use super::*;
use crate::engine::model::{EngineEvent, EventAction, EventActor, EventKind};

fn ev(kind: EventKind, action: EventAction, id: &str, time: i64) -> EngineEvent {
    EngineEvent {
        kind,
        action,
        id: id.into(),
        time,
        exit_code: None,
        actor: EventActor::default(),
    }
}

fn no_names(_: &str) -> Option<String> {
    None
}

fn row(action: &str, id: &str, time: i64) -> EventRow {
    EventRow::new(
        &ev(EventKind::Container, EventAction::parse(action), id, time),
        no_names,
    )
}

#[test]
fn a_row_says_what_matters_of_each_kind_of_event() {
    let mut die = ev(
        EventKind::Container,
        EventAction::Die,
        "0123456789abcdef",
        10,
    );
    die.exit_code = Some(137);
    die.actor.name = Some("web".into());
    die.actor.image = Some("nginx:1".into());
    let r = EventRow::new(&die, no_names);
    assert_eq!(
        (r.action.as_str(), r.name.as_str(), r.detail.as_str()),
        ("die", "web", "exit 137 · image nginx:1")
    );

    let mut kill = ev(
        EventKind::Container,
        EventAction::Kill,
        "0123456789abcdef",
        10,
    );
    kill.actor.signal = Some("15".into());
    let r = EventRow::new(&kill, no_names);
    // No name attribute: the short id, as docker ps shows it.
    assert_eq!(
        (r.name.as_str(), r.detail.as_str()),
        ("0123456789ab", "signal 15 (TERM)")
    );

    let mut health = ev(EventKind::Container, EventAction::HealthStatus, "c", 10);
    health.actor.detail = Some("unhealthy".into());
    let r = EventRow::new(&health, no_names);
    assert_eq!(
        (r.action.as_str(), r.detail.as_str()),
        ("health_status", "unhealthy")
    );

    let exec = ev(
        EventKind::Container,
        EventAction::Other("exec_start: sh -c date".into()),
        "c",
        10,
    );
    assert_eq!(EventRow::new(&exec, no_names).action, "exec_start");

    let mut connect = ev(EventKind::Network, EventAction::Connect, "n1", 10);
    connect.actor.name = Some("backend".into());
    connect.actor.container = Some("c1".into());
    let named = |id: &str| (id == "c1").then(|| "db".to_string());
    let r = EventRow::new(&connect, named);
    assert_eq!(
        (r.name.as_str(), r.detail.as_str()),
        ("backend", "container db")
    );

    // A volume's id is its name; an image pulled is named by its reference.
    let vol = ev(
        EventKind::Volume,
        EventAction::Other("create".into()),
        "data",
        10,
    );
    assert_eq!(EventRow::new(&vol, no_names).name, "data");
    let pull = ev(
        EventKind::Image,
        EventAction::Other("pull".into()),
        "nginx:1",
        10,
    );
    assert_eq!(EventRow::new(&pull, no_names).name, "nginx:1");
}

#[test]
fn every_word_of_a_filter_must_match_somewhere() {
    let mut die = ev(
        EventKind::Container,
        EventAction::Die,
        "abcdef0123456789",
        10,
    );
    die.exit_code = Some(3);
    die.actor.name = Some("Shop-Web".into());
    let r = EventRow::new(&die, no_names);
    assert!(r.matches("die"));
    assert!(r.matches("container shop"));
    assert!(r.matches("exit 3"));
    assert!(r.matches("abcdef"), "an id by its start");
    assert!(!r.matches("container start"));
    assert!(!r.matches("network"));
}

#[test]
fn a_replayed_event_is_kept_once_and_others_are_numbered_in_arrival_order() {
    let mut log = EventLog::default();
    assert!(log.record(row("start", "a", 10)));
    assert!(log.record(row("die", "a", 11)));
    // The stream re-opened from second 11 and sent its event again.
    assert!(!log.record(row("die", "a", 11)));
    assert!(log.record(row("die", "b", 11)));
    let ns: Vec<u64> = log.rows().map(|r| r.n).collect();
    assert_eq!(ns, vec![1, 2, 3]);
    assert_eq!(log.received(), 3);
}

#[test]
fn a_look_back_goes_in_by_time_without_doubles() {
    let mut log = EventLog::default();
    log.record(row("start", "a", 100));
    log.record(row("die", "a", 105));
    let past = vec![
        row("create", "a", 90),
        row("start", "a", 100), // seen live already
        row("create", "b", 102),
    ];
    assert_eq!(log.merge(past), 2);
    let seen: Vec<(i64, &str, u64)> = log
        .rows()
        .map(|r| (r.time, r.action.as_str(), r.n))
        .collect();
    assert_eq!(
        seen,
        vec![
            (90, "create", 0),
            (100, "start", 1),
            (102, "create", 0),
            (105, "die", 2)
        ]
    );
}

#[test]
fn the_log_keeps_the_newest_events_only() {
    let mut log = EventLog::default();
    for i in 0..(KEPT as i64 + 25) {
        log.record(row("start", &format!("c{i}"), i));
    }
    assert_eq!(log.len(), KEPT);
    assert_eq!(log.dropped(), 25);
    assert_eq!(log.oldest(), Some(25));
    assert_eq!(log.received(), KEPT as u64 + 25);
}
