//! The container calls of the engine layer against a real, private engine: listing, one row, every
//! lifecycle operation, removal with and without volumes, and errors for containers that are
//! running or gone. Containers are set up "outside" with the docker CLI, as a user would.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{Cli, IMAGE, setup, unique};
use dockhand::engine::Engine;
use dockhand::engine::connect::connect;
use dockhand::engine::model::{Container, ContainerOp, ContainerState, RemoveOptions};

/// Generous: the engine shares 2 cores with the build and other tests.
const STATE_TIMEOUT: Duration = Duration::from_secs(20);

/// The listed container of that name; panics with the names seen when it is missing.
async fn listed(engine: &Engine, name: &str) -> Container {
    let list = engine
        .list_containers(dockhand::clock::unix_now())
        .await
        .expect("list_containers");
    let names: Vec<String> = list.iter().map(|c| c.name.clone()).collect();
    list.into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the list; listed: {names:?}"))
}

async fn op(engine: &Engine, op: ContainerOp, id: &str) {
    engine
        .container_op(op, id, RemoveOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{op:?} failed: {e}"));
}

fn assert_state(cli: &Cli, id: &str, want: &str, after: &str) {
    let got = cli.state(id);
    assert_eq!(
        got.as_deref(),
        Some(want),
        "after {after}: docker inspect says {got:?}, expected {want}"
    );
}

/// The handshake lists the containers along with the version: the first ask takes that
/// list (the container made before connecting is in it), once; later asks list afresh.
#[tokio::test]
async fn the_handshake_list_answers_the_first_ask_once() {
    let (_setup_engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("first"));
    cli.create(&name, &[], &["true"]);
    let engine = connect(&common::candidate()).await.expect("connect again");
    let first = engine
        .take_first_list()
        .expect("the handshake's list")
        .expect("it listed");
    assert!(first.iter().any(|c| c.name == name), "{name} is in it");
    assert!(engine.take_first_list().is_none(), "taken once");
}

#[tokio::test]
async fn list_shows_a_running_container_with_its_compose_project() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("ls-run"));
    let id = cli.run_detached(
        &name,
        &["--label", "com.docker.compose.project=p"],
        &["sleep", "300"],
    );

    let c = listed(&engine, &name).await;
    assert_eq!(c.id.as_str(), id);
    assert_eq!(c.name, name);
    assert_eq!(c.image, IMAGE);
    assert_eq!(c.state, ContainerState::Running, "{c:?}");
    assert_eq!(c.compose_project.as_deref(), Some("p"));
    assert_eq!(c.compose_service, None);
    assert_eq!(c.exit_code, None);
    assert!(c.status.starts_with("Up"), "status text: {:?}", c.status);
    assert!(
        c.state_since.is_some(),
        "a running container has a start estimate: {c:?}"
    );
    assert!(c.volumes.is_empty(), "{:?}", c.volumes);
    assert!(
        c.ports.is_empty(),
        "--network none has no ports: {:?}",
        c.ports
    );
}

#[tokio::test]
async fn list_shows_an_exited_container_with_its_exit_code() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("ls-exit"));
    cli.run_detached(&name, &[], &["sh", "-c", "exit 3"]);
    cli.wait_state(&name, "exited", STATE_TIMEOUT).await;

    let c = listed(&engine, &name).await;
    assert_eq!(c.state, ContainerState::Exited, "{c:?}");
    assert_eq!(c.exit_code, Some(3), "status text: {:?}", c.status);
    assert_eq!(c.compose_project, None);
}

#[tokio::test]
async fn container_row_returns_that_one_container() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("row"));
    let other = clean.container(&unique("row-other"));
    let id = cli.run_detached(&name, &[], &["sleep", "300"]);
    cli.create(&other, &[], &["sleep", "300"]);

    let row = engine
        .container_row(&id)
        .await
        .expect("container_row")
        .expect("the container exists");
    assert_eq!(row.id.as_str(), id);
    assert_eq!(row.name, name);
    assert_eq!(row.state, ContainerState::Running);
    // The same row as the full list gives.
    assert_eq!(row.name, listed(&engine, &name).await.name);

    let created = cli.inspect(&other, "{{.Id}}").expect("exists");
    let row = engine
        .container_row(&created)
        .await
        .expect("container_row")
        .expect("the created container exists");
    assert_eq!(row.name, other);
    assert_eq!(row.state, ContainerState::Created);
}

#[tokio::test]
async fn every_operation_changes_the_engine_state() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("ops"));
    // `sleep` as pid 1 ignores SIGTERM: a short grace period keeps stop and restart quick.
    let id = cli.create(&name, &["--stop-timeout", "2"], &["sleep", "300"]);
    assert_state(&cli, &id, "created", "docker create");

    op(&engine, ContainerOp::Start, &id).await;
    assert_state(&cli, &id, "running", "Start");
    op(&engine, ContainerOp::Stop, &id).await;
    assert_state(&cli, &id, "exited", "Stop");
    op(&engine, ContainerOp::Restart, &id).await;
    assert_state(&cli, &id, "running", "Restart");
    op(&engine, ContainerOp::Pause, &id).await;
    assert_state(&cli, &id, "paused", "Pause");
    op(&engine, ContainerOp::Unpause, &id).await;
    assert_state(&cli, &id, "running", "Unpause");
    op(&engine, ContainerOp::Kill, &id).await;
    // A kill returns once the signal is sent; the engine notes the exit right after.
    cli.wait_state(&id, "exited", STATE_TIMEOUT).await;
    let code = cli.inspect(&id, "{{.State.ExitCode}}");
    assert_eq!(code.as_deref(), Some("137"), "SIGKILL exit code");
    // The list agrees with the engine.
    let row = engine
        .container_row(&id)
        .await
        .expect("container_row")
        .expect("still there");
    assert_eq!(row.state, ContainerState::Exited);
    assert_eq!(row.exit_code, Some(137));

    op(&engine, ContainerOp::Remove, &id).await;
    assert!(!cli.exists(&id), "after Remove the container still exists");
    assert!(
        !cli.listed(&name),
        "after Remove docker ps -a still lists {name}"
    );
}

#[tokio::test]
async fn starting_a_running_or_stopping_a_stopped_container_is_not_an_error() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("noop"));
    let id = cli.run_detached(&name, &["--stop-timeout", "1"], &["sleep", "300"]);
    // The engine answers 304 for these; dockhand reports success like docker does.
    op(&engine, ContainerOp::Start, &id).await;
    assert_state(&cli, &id, "running", "Start on a running container");
    op(&engine, ContainerOp::Stop, &id).await;
    op(&engine, ContainerOp::Stop, &id).await;
    assert_state(&cli, &id, "exited", "Stop twice");
}

#[tokio::test]
async fn remove_with_volumes_drops_the_anonymous_volume_and_keeps_the_named_one() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("rmv"));
    let named = clean.volume(&unique("rmv-vol"));
    let id = cli.run_detached(
        &name,
        &["-v", "/data", "-v", &format!("{named}:/named")],
        &["sleep", "300"],
    );
    let anonymous = clean.volume(&cli.volume_at(&name, "/data"));
    assert!(cli.volume_listed(&anonymous));
    assert!(cli.volume_listed(&named));

    // The listed row knows which volume is which.
    let c = listed(&engine, &name).await;
    let mut vols: Vec<(String, String, bool)> = c
        .volumes
        .iter()
        .map(|v| (v.destination.clone(), v.name.clone(), v.anonymous))
        .collect();
    vols.sort();
    assert_eq!(
        vols,
        [
            ("/data".to_string(), anonymous.clone(), true),
            ("/named".to_string(), named.clone(), false),
        ]
    );

    engine
        .container_op(
            ContainerOp::Remove,
            &id,
            RemoveOptions {
                volumes: true,
                force: true,
                commit_as: None,
            },
        )
        .await
        .expect("forced remove with volumes");
    assert!(!cli.exists(&id), "the container is gone");
    assert!(
        !cli.volume_listed(&anonymous),
        "the anonymous volume {anonymous} should go with the container"
    );
    assert!(
        cli.volume_listed(&named),
        "the named volume {named} must be kept"
    );
}

#[tokio::test]
async fn remove_without_volumes_keeps_the_anonymous_volume() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("rmnov"));
    let id = cli.run_detached(&name, &["-v", "/data"], &["sleep", "300"]);
    let anonymous = clean.volume(&cli.volume_at(&name, "/data"));
    let c = listed(&engine, &name).await;
    assert_eq!(c.volumes.len(), 1, "{:?}", c.volumes);
    assert!(c.volumes[0].anonymous, "{:?}", c.volumes);
    assert_eq!(c.volumes[0].name, anonymous);

    engine
        .container_op(
            ContainerOp::Remove,
            &id,
            RemoveOptions {
                volumes: false,
                force: true,
                commit_as: None,
            },
        )
        .await
        .expect("forced remove without volumes");
    assert!(!cli.exists(&id), "the container is gone");
    assert!(
        cli.volume_listed(&anonymous),
        "without `volumes` the anonymous volume {anonymous} must remain"
    );
    // `clean` removes it.
}

#[tokio::test]
async fn removing_a_running_container_without_force_fails_with_the_engine_message() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("rmrun"));
    let id = cli.run_detached(&name, &[], &["sleep", "300"]);

    let err = engine
        .container_op(ContainerOp::Remove, &id, RemoveOptions::default())
        .await
        .expect_err("removing a running container without force must fail");
    let lower = err.to_lowercase();
    assert!(
        lower.contains("running") && lower.contains("stop"),
        "the engine's own words are kept: {err:?}"
    );
    assert_state(&cli, &id, "running", "a refused remove");
}

#[tokio::test]
async fn a_container_removed_outside_gives_no_such_container() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("gone"));
    cli.run_detached(&name, &[], &["sleep", "300"]);
    // The app knows the id from a list...
    let id = listed(&engine, &name).await.id.to_string();
    // ...then someone removes the container before the user acts.
    cli.ok(&["rm", "-f", &name]);
    assert!(!cli.exists(&id));

    let err = engine
        .container_op(ContainerOp::Stop, &id, RemoveOptions::default())
        .await
        .expect_err("stopping a vanished container must fail");
    assert!(err.contains("No such container"), "{err:?}");
    for o in [
        ContainerOp::Start,
        ContainerOp::Restart,
        ContainerOp::Pause,
        ContainerOp::Unpause,
        ContainerOp::Kill,
        ContainerOp::Remove,
    ] {
        let err = engine
            .container_op(o, &id, RemoveOptions::default())
            .await
            .expect_err("an operation on a vanished container must fail");
        assert!(err.contains("No such container"), "{o:?}: {err:?}");
    }

    let row = engine
        .container_row(&id)
        .await
        .expect("container_row of a removed id is not an error");
    assert_eq!(row, None);
}

/// Removes an image when the test ends, whatever happens.
struct ImageGuard<'a>(&'a Cli, String);

impl Drop for ImageGuard<'_> {
    fn drop(&mut self) {
        let _ = self.0.try_run(&["rmi", "-f", &self.1]);
    }
}

#[tokio::test]
async fn the_writable_layer_is_described_and_committed_before_removal() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("keep"));
    let id = cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "mkdir -p /srv && echo precious > /srv/orders.txt && sleep 300",
        ],
    );
    common::wait_until_async(
        "the file written in the container",
        Duration::from_secs(10),
        || match cli.try_run(&["exec", &name, "cat", "/srv/orders.txt"]) {
            Ok(o) if o.stdout.contains("precious") => Ok(()),
            Ok(o) => Err(o.stderr),
            Err(e) => Err(e),
        },
    )
    .await;
    let layer = engine.writable_layer(&id).await.expect("writable layer");
    assert!(layer.has_changes(), "{layer:?}");
    assert!(layer.size.is_some_and(|s| s > 0), "{layer:?}");
    assert!(
        layer
            .sample
            .iter()
            .any(|(k, p)| *k == 'A' && p == "/srv/orders.txt"),
        "the added file is named first: {layer:?}"
    );

    let reference = format!("{}-backup:t1", name.to_lowercase());
    let _image = ImageGuard(&cli, reference.clone());
    let remove = RemoveOptions {
        volumes: false,
        force: true,
        commit_as: Some(reference.clone()),
    };
    engine
        .container_op(ContainerOp::Remove, &id, remove)
        .await
        .expect("commit, then remove");
    assert!(!cli.exists(&id), "the container is gone");
    // A container from the new image has the file written in the removed one.
    let out = cli.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        &reference,
        "cat",
        "/srv/orders.txt",
    ]);
    assert_eq!(out.trim(), "precious");
}

#[tokio::test]
async fn a_failed_commit_removes_nothing() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("nocommit"));
    let id = cli.run_detached(&name, &[], &["sleep", "300"]);
    let remove = RemoveOptions {
        volumes: false,
        force: true,
        commit_as: Some("Not A Valid Reference!".to_string()),
    };
    let err = engine
        .container_op(ContainerOp::Remove, &id, remove)
        .await
        .expect_err("an invalid reference cannot be committed");
    assert!(err.contains("nothing was removed"), "{err}");
    assert!(cli.exists(&id), "the container is still there");
}

#[tokio::test]
async fn an_untouched_container_has_no_changes_to_lose() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("clean"));
    let id = cli.create(&name, &[], &["true"]);
    let layer = engine.writable_layer(&id).await.expect("writable layer");
    assert!(!layer.has_changes(), "{layer:?}");
}
