//! The engine's event stream and the supervisor worker against a real, private engine.
//! Other tests create containers on the same engine at the same time, so every wait filters on
//! the id of its own container and skips everything else.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout_at};

use common::{candidate, setup, test_root, unique};
use dockhand::engine::host::{HostCandidate, Resolution};
use dockhand::engine::model::{EngineEvent, EventAction, EventKind};
use dockhand::engine::supervisor;
use dockhand::engine::{Report, Request};

const EVENT_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads the stream until a container event `action` for `id` arrives, for at most
/// [`EVENT_TIMEOUT`]; panics with what was seen for that id otherwise.
async fn next_event<S>(stream: &mut S, id: &str, action: EventAction) -> EngineEvent
where
    S: Stream<Item = Result<EngineEvent, String>> + Unpin,
{
    let deadline = Instant::now() + EVENT_TIMEOUT;
    let mut seen = Vec::new();
    loop {
        match timeout_at(deadline, stream.next()).await {
            Err(_) => panic!(
                "no `{action:?}` event for {id} within {EVENT_TIMEOUT:?}; its events so far: {seen:?}"
            ),
            Ok(None) => panic!("the event stream ended while waiting for `{action:?}`: {seen:?}"),
            Ok(Some(Err(e))) => {
                panic!("the event stream failed while waiting for `{action:?}`: {e}")
            }
            Ok(Some(Ok(ev))) if ev.id == id => {
                if ev.kind == EventKind::Container && ev.action == action {
                    return ev;
                }
                seen.push(ev.action);
            }
            Ok(Some(Ok(_))) => {} // another test's container
        }
    }
}

/// Receives reports until `pick` accepts one, for at most `limit`.
async fn next_report<T>(
    rx: &mut mpsc::Receiver<Report>,
    limit: Duration,
    what: &str,
    mut pick: impl FnMut(&Report) -> Option<T>,
) -> T {
    let deadline = Instant::now() + limit;
    let mut skipped = 0usize;
    loop {
        match timeout_at(deadline, rx.recv()).await {
            Err(_) => panic!("no {what} within {limit:?} ({skipped} other reports)"),
            Ok(None) => panic!("the report channel closed while waiting for {what}"),
            Ok(Some(r)) => match pick(&r) {
                Some(v) => return v,
                None => {
                    // Only reports about other tests' containers may pass by.
                    assert!(
                        matches!(
                            r,
                            Report::Event(_)
                                | Report::Gap
                                | Report::Container { .. }
                                | Report::Containers { .. }
                        ),
                        "unexpected report while waiting for {what}: {r:?}"
                    );
                    skipped += 1;
                }
            },
        }
    }
}

#[tokio::test]
async fn events_follow_a_container_from_create_to_destroy() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let since = engine.engine_time().await;
    let since_secs = since.expect("the engine reports its clock");
    let mut events = Box::pin(engine.events(since));

    let name = clean.container(&unique("ev"));
    // Exits with 7 on SIGTERM, so the `die` event's exit code is the container's own.
    let id = cli.run_detached(
        &name,
        &["--stop-timeout", "5"],
        &[
            "sh",
            "-c",
            "trap 'exit 7' TERM; while :; do sleep 1 & wait $!; done",
        ],
    );

    let create = next_event(&mut events, &id, EventAction::Create).await;
    assert!(
        create.time >= since_secs,
        "event time {} is engine time, not before the subscription ({since:?})",
        create.time
    );
    let start = next_event(&mut events, &id, EventAction::Start).await;
    assert!(start.time >= create.time);

    cli.ok(&["stop", &name]);
    let die = next_event(&mut events, &id, EventAction::Die).await;
    assert_eq!(die.exit_code, Some(7), "{die:?}");

    cli.ok(&["rm", &name]);
    let destroy = next_event(&mut events, &id, EventAction::Destroy).await;
    assert_eq!(destroy.kind, EventKind::Container);
}

#[tokio::test]
async fn the_supervisor_connects_then_forwards_events_and_runs_requests() {
    let (_engine, cli) = setup().await;
    let clean = cli.cleanup();
    let (tx, mut rx) = mpsc::channel(256);
    let resolution = Resolution {
        candidates: vec![candidate()],
        problems: vec![],
    };
    let worker = supervisor::spawn(resolution, tx);

    // The first report says who answered; nothing comes before it.
    let first = tokio::time::timeout(EVENT_TIMEOUT, rx.recv())
        .await
        .expect("a first report within 10 s")
        .expect("the channel is open");
    let info = match first {
        Report::Connected(info) => info,
        other => panic!("the first report should be Connected, got {other:?}"),
    };
    assert_eq!(info.host, candidate().uri);
    assert_eq!(info.source, "test");
    assert_eq!(info.root_dir.as_deref(), Some(test_root().as_str()));
    assert!(
        !info.version.is_empty() && !info.api_version.is_empty(),
        "{info:?}"
    );

    let name = clean.container(&unique("sup"));
    let id = cli.run_detached(&name, &[], &["sleep", "300"]);
    let ev = next_report(
        &mut rx,
        EVENT_TIMEOUT,
        "an event for the new container",
        |r| match r {
            Report::Event(ev) if ev.id == id => Some(ev.clone()),
            _ => None,
        },
    )
    .await;
    assert_eq!(ev.kind, EventKind::Container);
    assert_eq!(
        ev.action,
        EventAction::Create,
        "the first event of a new container"
    );

    // The worker also carries out the app's requests once connected.
    worker.execute(Request::RefreshContainer {
        seq: 41,
        id: id.as_str().into(),
    });
    let row = next_report(&mut rx, EVENT_TIMEOUT, "the refreshed row", |r| match r {
        Report::Container {
            seq: 41,
            id: rid,
            result,
            ..
        } if rid.as_str() == id => Some(result.clone()),
        _ => None,
    })
    .await
    .expect("refreshing a row succeeds")
    .expect("the container exists");
    assert_eq!(row.name, name);
    drop(worker);
}

#[tokio::test]
async fn the_supervisor_reports_a_missing_socket_as_unavailable() {
    // No engine is involved: the address names a socket that does not exist.
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("nonexistent.sock");
    let uri = format!("unix://{}", path.display());
    let (tx, mut rx) = mpsc::channel(16);
    let resolution = Resolution {
        candidates: vec![HostCandidate {
            uri: uri.clone(),
            source: "test".into(),
            tls: None,
        }],
        problems: vec!["a problem found while resolving".into()],
    };
    let _worker = supervisor::spawn(resolution, tx);

    let report = tokio::time::timeout(EVENT_TIMEOUT, rx.recv())
        .await
        .expect("a report within 10 s")
        .expect("the channel is open");
    match report {
        Report::Unavailable {
            attempts,
            problems,
            retry_in_secs,
        } => {
            assert_eq!(attempts.len(), 1, "{attempts:?}");
            assert_eq!(attempts[0].uri, uri);
            assert_eq!(attempts[0].source, "test");
            assert_eq!(attempts[0].error, "no socket there");
            assert_eq!(problems, ["a problem found while resolving"]);
            assert!(retry_in_secs >= 1, "a retry is scheduled: {retry_in_secs}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

/// A row read the moment `die` arrives must already say exited: the refresh that follows an
/// event must not show the state from before it (a filtered list did, on engine A).
#[tokio::test]
async fn a_row_read_right_after_die_is_exited() {
    use dockhand::engine::model::ContainerState;
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let mut events = Box::pin(engine.events(engine.engine_time().await));
    for round in 0..5 {
        let name = clean.container(&unique("die"));
        let id = cli.run_detached(&name, &[], &["sh", "-c", &format!("exit {}", round + 1)]);
        next_event(&mut events, &id, EventAction::Die).await;
        let row = engine
            .container_row(&id)
            .await
            .expect("inspect answers")
            .expect("the container exists");
        assert_eq!(row.state, ContainerState::Exited, "round {round}: {row:?}");
        assert_eq!(row.exit_code, Some(round + 1));
        assert!(row.state_since.is_some(), "finish time from inspect");
    }
}

/// Merged logs through the worker: three containers writing interleaved lines come back as
/// one stream in timestamp order, each line tagged with its container.
#[tokio::test]
async fn merged_logs_of_three_containers_arrive_in_time_order() {
    let (_engine, cli) = setup().await;
    let clean = cli.cleanup();
    let mut ids = Vec::new();
    for n in 0..3 {
        let name = clean.container(&unique(&format!("mrg{n}")));
        let script = format!(
            "sleep 1; i=0; while [ $i -lt 20 ]; do i=$((i+1)); echo \"c{n} $i\"; sleep 0.0{}; done; sleep 300",
            3 + n
        );
        ids.push(cli.run_detached(&name, &[], &["sh", "-c", &script]));
    }
    let (tx, mut rx) = mpsc::channel(256);
    let resolution = Resolution {
        candidates: vec![candidate()],
        problems: vec![],
    };
    let worker = supervisor::spawn(resolution, tx);
    next_report(&mut rx, EVENT_TIMEOUT, "Connected", |r| {
        matches!(r, Report::Connected(_)).then_some(())
    })
    .await;
    worker.execute(Request::FollowLogs {
        stream: 7,
        containers: ids.iter().map(|id| id.as_str().into()).collect(),
        tail: 100,
        since: None,
        until: None,
    });
    let mut got: Vec<dockhand::logs::LogLine> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while got.len() < 60 {
        match timeout_at(deadline, rx.recv()).await {
            Err(_) => panic!("only {} of 60 lines within 20 s", got.len()),
            Ok(None) => panic!("the report channel closed"),
            Ok(Some(Report::LogLines { stream: 7, lines })) => got.extend(lines),
            Ok(Some(_)) => {}
        }
    }
    // Every merged line carries the engine's timestamp: a missing one is a failure, not a 0
    // that would sort first and hide a disorder.
    let ts: Vec<dockhand::time::Nanos> = got
        .iter()
        .map(|l| {
            l.ts.unwrap_or_else(|| panic!("a merged line without a timestamp: {l:?}"))
        })
        .collect();
    assert!(
        ts.windows(2).all(|w| w[0] <= w[1]),
        "lines are in timestamp order: {ts:?}"
    );
    for source in 0..3u16 {
        let mine: Vec<&str> = got
            .iter()
            .filter(|l| l.source == source)
            .map(|l| l.text.text.as_str())
            .collect();
        let expected: Vec<String> = (1..=20).map(|i| format!("c{source} {i}")).collect();
        assert_eq!(mine, expected, "source {source} complete and in order");
    }
    worker.execute(Request::StopLogs { stream: 7 });
}

/// dockerd stops accepting connections as soon as it begins to shut down, yet keeps its event
/// stream open while its containers stop (10 s for a `sleep`, which ignores SIGTERM). The
/// first request that cannot reach it marks the engine lost at once, in words.
#[tokio::test]
async fn a_request_that_cannot_reach_a_stopping_engine_marks_it_lost_at_once() {
    let own = common::OwnEngine::start();
    own.cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        "stubborn",
        common::IMAGE,
        "sleep",
        "300",
    ]);
    let (tx, mut rx) = mpsc::channel(256);
    let resolution = Resolution {
        candidates: vec![HostCandidate {
            uri: own.cli.host().to_string(),
            source: "test".into(),
            tls: None,
        }],
        problems: vec![],
    };
    let worker = supervisor::spawn(resolution, tx);
    let mut seen = Vec::new();
    let deadline = Instant::now() + EVENT_TIMEOUT;
    loop {
        match timeout_at(deadline, rx.recv()).await {
            Ok(Some(Report::Connected(_))) => break,
            Ok(Some(r)) => seen.push(format!("{r:?}")),
            _ => panic!("not connected within {EVENT_TIMEOUT:?}: {seen:?}"),
        }
    }
    // The first ask is answered with the list the handshake took, as the app's is.
    worker.execute(Request::ListContainers { seq: 0 });
    loop {
        match timeout_at(deadline, rx.recv()).await {
            Ok(Some(Report::Containers { seq: 0, result })) => {
                assert_eq!(result.map(|l| l.len()), Ok(1), "stubborn is listed");
                break;
            }
            Ok(Some(_)) => {}
            _ => panic!("the first list did not come within {EVENT_TIMEOUT:?}"),
        }
    }

    let pid = std::fs::read_to_string(own.dir.join("pid")).expect("the engine's pid file");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    // Its socket stops accepting at once; give the signal a moment to land.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let asked = std::time::Instant::now();
    worker.execute(Request::ListContainers { seq: 1 });

    let mut answer = None;
    let mut lost = None;
    let deadline = Instant::now() + Duration::from_secs(5);
    while lost.is_none() {
        match timeout_at(deadline, rx.recv()).await {
            Ok(Some(Report::Containers { seq: 1, result })) => answer = Some(result),
            Ok(Some(Report::Lost { reason })) => lost = Some((reason, asked.elapsed())),
            Ok(Some(_)) => {}
            _ => panic!(
                "the engine was not marked lost within 5 s of a failed request (its shutdown takes 10 s); answer: {answer:?}"
            ),
        }
    }
    let (reason, after) = lost.unwrap();
    println!("lost after {after:?}: {reason}");
    match answer {
        Some(Err(e)) => {
            // The socket is refused or already removed, depending on the moment.
            assert!(e.starts_with("cannot reach the engine: "), "in words: {e}");
        }
        other => panic!("the list should fail in words: {other:?}"),
    }
    assert!(
        reason.starts_with("cannot reach the engine"),
        "the reason in words, no client internals: {reason}"
    );
    assert!(!reason.contains("hyper"), "{reason}");
}

/// The events view's look back: a finite request that ends by itself, giving the events the
/// engine remembers from a time on, oldest first, with their exit codes; a time still to come
/// gives none.
#[tokio::test]
async fn a_look_back_gives_the_remembered_events_with_their_exit_codes() {
    use dockhand::engine::events::HistoryFrom;
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("lookback"));
    let id = cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "trap 'exit 7' TERM; while :; do sleep 1 & wait $!; done",
        ],
    );
    cli.ok(&["stop", "-t", "5", &name]);
    let history = tokio::time::timeout(
        Duration::from_secs(15),
        engine.event_history(HistoryFrom::Ago(120)),
    )
    .await
    .expect("a look back ends by itself")
    .expect("the engine answers");
    assert_eq!(history.until - history.since, 120);
    let mine: Vec<&EngineEvent> = history.events.iter().filter(|e| e.id == id).collect();
    let actions: Vec<&EventAction> = mine.iter().map(|e| &e.action).collect();
    for want in [
        EventAction::Create,
        EventAction::Start,
        EventAction::Die,
        EventAction::Stop,
    ] {
        assert!(actions.contains(&&want), "{want:?} in {actions:?}");
    }
    let die = mine
        .iter()
        .find(|e| e.action == EventAction::Die)
        .expect("a die event");
    assert_eq!(die.exit_code, Some(7));
    assert_eq!(die.actor.name.as_deref(), Some(name.as_str()));
    assert!(
        mine.windows(2).all(|w| w[0].time <= w[1].time),
        "oldest first: {actions:?}"
    );

    let at = engine.engine_time().await.expect("the engine's clock");
    let later = engine
        .event_history(HistoryFrom::At(at + 3600))
        .await
        .expect("the engine answers");
    assert!(later.events.is_empty(), "{} events", later.events.len());
}
