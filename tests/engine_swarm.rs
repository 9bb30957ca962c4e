//! Docker Swarm through dockhand's engine calls, against a private engine of the test's own
//! (`OwnEngine`, the same kind as the test engine, A or B) made a single-node swarm by
//! `scripts/engine.sh swarm`: not a manager before, then a service's whole life (listed,
//! its tasks and the node, logs named by task, scaled, force-updated, drained, rolled back,
//! removed) and the service and node events it makes.
//!
//! The service runs the local test image named by id, with `--no-resolve-image` and no
//! published port: by name, every task start would try Docker Hub first. Nothing leaves the
//! machine.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout_at};

use common::{IMAGE, OwnEngine, unique};
use dockhand::engine::host::{HostCandidate, Resolution};
use dockhand::engine::model::{EngineEvent, EventAction, EventKind, SwarmRole};
use dockhand::engine::supervisor;
use dockhand::engine::swarm::{
    Availability, NodeRole, ServiceMode, ServiceOp, SwarmError, Task, TaskSource,
};
use dockhand::engine::{Report, Request};

/// Tasks start in a second or two on vfs; a drain or an update replaces them one by one.
const SETTLE: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(300);

/// Polls `f` until it answers `Ok`, for at most `limit` and at most as many polls as fit in
/// it; panics with `what` and the last `Err` otherwise.
async fn eventually<T, L, F, Fut>(what: &str, limit: Duration, mut f: F) -> T
where
    L: Debug,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, L>>,
{
    let deadline = Instant::now() + limit;
    let polls = limit.as_millis() / POLL.as_millis() + 1;
    let mut last = None;
    for _ in 0..polls {
        match f().await {
            Ok(v) => return v,
            Err(l) => last = Some(l),
        }
        if Instant::now() >= deadline {
            break;
        }
        sleep(POLL).await;
    }
    panic!("{what}: not within {limit:?}; last seen: {last:?}")
}

/// The tasks the orchestrator wants running that are running.
fn running(tasks: &[Task]) -> Vec<&Task> {
    tasks
        .iter()
        .filter(|t| t.desired_state == "running" && t.state == "running")
        .collect()
}

/// A worker (the app's engine side) for the test's own engine, once connected.
async fn worker_for(own: &OwnEngine) -> (supervisor::EngineWorker, mpsc::Receiver<Report>) {
    let (tx, mut rx) = mpsc::channel(1024);
    let resolution = Resolution {
        candidates: vec![HostCandidate {
            uri: own.cli.host().to_string(),
            source: "test".into(),
            tls: None,
        }],
        problems: vec![],
    };
    let worker = supervisor::spawn(resolution, tx);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match timeout_at(deadline, rx.recv()).await {
            Ok(Some(Report::Connected(_))) => return (worker, rx),
            Ok(Some(_)) => {}
            _ => panic!("the worker did not connect to its engine"),
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
    for _ in 0..100_000 {
        match timeout_at(deadline, rx.recv()).await {
            Ok(Some(r)) => {
                if let Some(v) = pick(&r) {
                    return v;
                }
            }
            Ok(None) => panic!("the worker's reports ended while waiting for {what}"),
            Err(_) => break,
        }
    }
    panic!("no {what} within {limit:?}")
}

#[tokio::test]
async fn a_service_lives_and_dies_through_dockhands_swarm_calls() {
    let own = OwnEngine::start();
    let engine = own.connect().await;
    assert_eq!(engine.info.swarm, SwarmRole::None);

    // Not in a swarm: every list says so, as not a worker.
    for result in [
        engine.list_services().await.map(|_| ()),
        engine.list_nodes().await.map(|_| ()),
        engine.list_tasks(None).await.map(|_| ()),
    ] {
        match result {
            Err(SwarmError::NotManager { worker, message }) => {
                assert!(!worker);
                assert!(message.contains("not a swarm manager"), "{message}");
            }
            other => panic!("before swarm init: {other:?}"),
        }
    }

    let dir = own.dir.display().to_string();
    let node_id = common::run_engine_script(&["swarm", &dir]);
    let engine = own.connect().await;
    assert_eq!(
        engine.info.swarm,
        SwarmRole::Manager {
            node_id: node_id.clone()
        },
        "the handshake reads the swarm role"
    );
    // The event stream as the supervisor opens it, from now on.
    let since = engine.engine_time().await;
    let (ev_tx, mut ev_rx) = mpsc::unbounded_channel::<EngineEvent>();
    let events_engine = engine.clone();
    let events = tokio::spawn(async move {
        let mut stream = Box::pin(events_engine.events(since));
        while let Some(Ok(ev)) = stream.next().await {
            if ev_tx.send(ev).is_err() {
                return;
            }
        }
    });

    // Nodes.
    let nodes = engine.list_nodes().await.expect("nodes");
    assert_eq!(nodes.len(), 1, "{nodes:?}");
    let node = &nodes[0];
    assert_eq!(
        (node.id.as_str(), node.role, node.availability, node.this),
        (
            node_id.as_str(),
            NodeRole::Manager,
            Availability::Active,
            true
        )
    );
    assert_eq!(node.manager_status.as_deref(), Some("Leader"));
    assert_eq!(node.status, "ready");
    assert!(!node.hostname.is_empty() && !node.engine_version.is_empty());

    // A service of the local image, by id; settings bollard's typed spec would not all keep.
    let image_id = own.cli.ok(&["image", "inspect", "-f", "{{.Id}}", IMAGE]);
    let name = unique("sw");
    let id = own.cli.ok(&[
        "service",
        "create",
        "-d",
        "--no-resolve-image",
        "--name",
        &name,
        "--replicas",
        "2",
        "--label",
        "keep=me",
        "--stop-grace-period",
        "3s",
        "--restart-max-attempts",
        "7",
        &image_id,
        "sh",
        "-c",
        "echo hello from $(hostname); while true; do echo tick; sleep 1; done",
    ]);
    let service = eventually("2/2 running", SETTLE, || {
        let (e, name) = (&engine, &name);
        async move {
            let list = e.list_services().await.map_err(|e| format!("{e:?}"))?;
            let s = list
                .into_iter()
                .find(|s| &s.name == name)
                .ok_or("not listed")?;
            if (s.running, s.desired) == (2, 2) {
                Ok(s)
            } else {
                Err(format!("{}/{}", s.running, s.desired))
            }
        }
    })
    .await;
    assert_eq!(
        (service.id.as_str(), service.mode),
        (id.as_str(), ServiceMode::Replicated)
    );
    assert_eq!(service.image, image_id);
    assert!(service.ports.is_empty() && service.stack.is_none());
    assert!(service.created > 0 && service.updated >= service.created);

    let tasks = engine.list_tasks(Some(&id)).await.expect("tasks");
    let up = running(&tasks);
    let mut slots: Vec<_> = up.iter().map(|t| t.slot).collect();
    slots.sort();
    assert_eq!(slots, vec![Some(1), Some(2)], "{tasks:?}");
    for t in &up {
        assert_eq!(
            (t.service_id.as_str(), t.node_id.as_str()),
            (id.as_str(), node_id.as_str())
        );
        assert!(t.container_id.is_some() && t.since > 0, "{t:?}");
        assert_eq!(t.image, image_id);
    }

    // Logs, through the worker's dispatch: each task a source, named before its first line.
    let (worker, mut rx) = worker_for(&own).await;
    worker.execute(Request::FollowServiceLogs {
        stream: 7,
        service: id.clone(),
        tail: 5,
    });
    let mut named: Vec<(u16, TaskSource)> = Vec::new();
    let mut lines_from: std::collections::HashMap<u16, Vec<String>> = Default::default();
    next_report(
        &mut rx,
        Duration::from_secs(20),
        "lines from both tasks",
        |r| {
            match r {
                Report::LogSourceNamed {
                    stream: 7,
                    source,
                    task,
                } => named.push((*source, task.clone())),
                Report::LogLines { stream: 7, lines } => {
                    for l in lines {
                        assert!(
                            named.iter().any(|(s, _)| *s == l.source),
                            "a line of source {} before its name: {named:?}",
                            l.source
                        );
                        lines_from
                            .entry(l.source)
                            .or_default()
                            .push(l.text.text.clone());
                    }
                }
                Report::LogEnded { stream: 7, .. } => panic!("the service log ended"),
                _ => {}
            }
            (lines_from.len() >= 2 && lines_from.values().all(|l| l.iter().any(|t| t == "tick")))
                .then_some(())
        },
    )
    .await;
    let mut labels: Vec<_> = named.iter().map(|(_, t)| t.label.clone()).collect();
    labels.sort();
    assert_eq!(
        labels,
        vec![
            format!("{name}.1@{}", node.hostname),
            format!("{name}.2@{}", node.hostname)
        ]
    );
    for (_, t) in &named {
        assert!(
            up.iter().any(|u| u.id == t.task_id),
            "{t:?} is a running task"
        );
    }
    for text in lines_from.values().flatten() {
        assert!(
            !text.contains("com.docker.swarm"),
            "details are taken off the line: {text}"
        );
    }
    worker.execute(Request::StopLogs { stream: 7 });

    // Scale to 3, through the dispatch.
    worker.execute(Request::Service {
        op: ServiceOp::Scale(3),
        id: id.clone(),
        name: name.clone(),
    });
    let done = next_report(
        &mut rx,
        Duration::from_secs(20),
        "ServiceDone",
        |r| match r {
            Report::ServiceDone { op, result, .. } => Some((*op, result.clone())),
            _ => None,
        },
    )
    .await;
    assert_eq!(done, (ServiceOp::Scale(3), Ok(())));
    let before_force: Vec<String> = eventually("3 running tasks", SETTLE, || {
        let (e, id) = (&engine, &id);
        async move {
            let tasks = e.list_tasks(Some(id)).await.map_err(|e| format!("{e:?}"))?;
            let up = running(&tasks);
            (up.len() == 3)
                .then(|| up.iter().map(|t| t.id.clone()).collect())
                .ok_or(format!("{} running", up.len()))
        }
    })
    .await;
    // The rest of the spec is as it was: sent back as read.
    let kept = own.cli.ok(&[
        "service",
        "inspect",
        "-f",
        "{{.Spec.Labels.keep}} {{.Spec.TaskTemplate.ContainerSpec.StopGracePeriod}} {{.Spec.TaskTemplate.RestartPolicy.MaxAttempts}} {{.Spec.Mode.Replicated.Replicas}}",
        &id,
    ]);
    assert_eq!(kept, "me 3s 7 3");

    // Force update: every task replaced.
    engine
        .service_op(ServiceOp::ForceUpdate, &id)
        .await
        .expect("force update");
    eventually("3 new running tasks", SETTLE * 2, || {
        let (e, id, old) = (&engine, &id, &before_force);
        async move {
            let tasks = e.list_tasks(Some(id)).await.map_err(|e| format!("{e:?}"))?;
            let up = running(&tasks);
            let new = up.iter().filter(|t| !old.contains(&t.id)).count();
            (up.len() == 3 && new == 3)
                .then_some(())
                .ok_or(format!("{} running, {new} new", up.len()))
        }
    })
    .await;
    assert_eq!(
        own.cli.ok(&[
            "service",
            "inspect",
            "-f",
            "{{.Spec.TaskTemplate.ForceUpdate}}",
            &id
        ]),
        "1"
    );

    // Drain: the tasks leave the node; then back.
    engine
        .set_node_availability(&node_id, Availability::Drain)
        .await
        .expect("drain");
    eventually("no running tasks on the drained node", SETTLE, || {
        let (e, id) = (&engine, &id);
        async move {
            let tasks = e.list_tasks(Some(id)).await.map_err(|e| format!("{e:?}"))?;
            let on = tasks.iter().filter(|t| t.state == "running").count();
            (on == 0).then_some(()).ok_or(format!("{on} running"))
        }
    })
    .await;
    let nodes = engine.list_nodes().await.expect("nodes");
    assert_eq!(nodes[0].availability, Availability::Drain);
    engine
        .set_node_availability(&node_id, Availability::Active)
        .await
        .expect("activate");
    eventually("3 running again", SETTLE, || {
        let (e, id) = (&engine, &id);
        async move {
            let tasks = e.list_tasks(Some(id)).await.map_err(|e| format!("{e:?}"))?;
            let n = running(&tasks).len();
            (n == 3).then_some(()).ok_or(format!("{n} running"))
        }
    })
    .await;
    assert_eq!(
        engine.list_nodes().await.expect("nodes")[0].availability,
        Availability::Active
    );

    // Rollback: an update adds an env var, the rollback takes it away.
    own.cli
        .ok(&["service", "update", "-d", "--env-add", "ROLL=1", &id]);
    let env = || {
        own.cli.ok(&[
            "service",
            "inspect",
            "-f",
            "{{json .Spec.TaskTemplate.ContainerSpec.Env}}",
            &id,
        ])
    };
    assert_eq!(env(), r#"["ROLL=1"]"#);
    engine
        .service_op(ServiceOp::Rollback, &id)
        .await
        .expect("rollback");
    assert_eq!(env(), "null", "the spec before the update");
    let rolled = eventually("a rollback in the service's update status", SETTLE, || {
        let (e, id) = (&engine, &id);
        async move {
            let list = e.list_services().await.map_err(|e| format!("{e:?}"))?;
            let s = list.into_iter().find(|s| &s.id == id).ok_or("gone")?;
            match s.update {
                Some(u) if u.state == "rollback_completed" => Ok(u),
                other => Err(format!("{other:?}")),
            }
        }
    })
    .await;
    assert!(!rolled.message.is_empty());

    // Remove.
    engine
        .service_op(ServiceOp::Remove, &id)
        .await
        .expect("remove");
    let left = engine.list_services().await.expect("services");
    assert!(left.iter().all(|s| s.id != id), "{left:?}");

    // The events all that made.
    let mut seen: Vec<(EventKind, EventAction)> = Vec::new();
    let wanted = [
        (EventKind::Service, EventAction::Create),
        (EventKind::Service, EventAction::Update),
        (EventKind::Service, EventAction::Destroy),
        (EventKind::Node, EventAction::Update),
    ];
    let deadline = Instant::now() + Duration::from_secs(10);
    while !wanted.iter().all(|w| seen.contains(w)) {
        match timeout_at(deadline, ev_rx.recv()).await {
            Ok(Some(ev)) if ev.id == id || ev.id == node_id => seen.push((ev.kind, ev.action)),
            Ok(Some(_)) => {}
            _ => panic!("swarm events missing; seen {seen:?}"),
        }
    }
    events.abort();
}

/// A worker answers the swarm's lists with 503 like an engine outside any swarm; dockhand
/// tells the two apart (`/info`), and the manager lists the worker as such.
#[tokio::test]
async fn a_worker_is_told_apart_and_listed_by_its_manager() {
    let manager = OwnEngine::start();
    let worker = OwnEngine::start();
    let manager_dir = manager.dir.display().to_string();
    let manager_id = common::run_engine_script(&["swarm", &manager_dir]);
    let worker_id = common::run_engine_script(&[
        "swarm",
        &worker.dir.display().to_string(),
        "--join",
        &manager_dir,
    ]);

    let engine = worker.connect().await;
    assert_eq!(
        engine.info.swarm,
        SwarmRole::Worker {
            node_id: worker_id.clone()
        }
    );
    for result in [
        engine.list_services().await.map(|_| ()),
        engine.list_nodes().await.map(|_| ()),
        engine.service_op(ServiceOp::Scale(2), "any").await,
        engine
            .set_node_availability(&worker_id, Availability::Drain)
            .await,
    ] {
        match result {
            Err(SwarmError::NotManager { worker, message }) => {
                assert!(worker, "{message}");
                assert!(message.contains("Worker nodes"), "{message}");
            }
            other => panic!("on a worker: {other:?}"),
        }
    }

    let engine = manager.connect().await;
    let mut nodes = eventually("both nodes ready", SETTLE, || {
        let e = &engine;
        async move {
            let nodes = e.list_nodes().await.map_err(|e| format!("{e:?}"))?;
            (nodes.len() == 2 && nodes.iter().all(|n| n.status == "ready"))
                .then_some(nodes.clone())
                .ok_or(format!("{nodes:?}"))
        }
    })
    .await;
    nodes.sort_by_key(|n| n.id != manager_id);
    assert_eq!(
        (nodes[0].id.as_str(), nodes[0].role, nodes[0].this),
        (manager_id.as_str(), NodeRole::Manager, true)
    );
    assert_eq!(
        (
            nodes[1].id.as_str(),
            nodes[1].role,
            nodes[1].this,
            nodes[1].manager_status.clone()
        ),
        (worker_id.as_str(), NodeRole::Worker, false, None)
    );
}
