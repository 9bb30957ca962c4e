//! Podman's Docker-compatible API (`podman system service`, Debian's podman) through dockhand's
//! own engine layer, against a private podman each test starts (`scripts/podman.sh`): the
//! engine is named as podman, the four lists hold what the test created, a container inspects,
//! a removal reaches the event stream as a destroy (podman calls it `remove`), and what podman
//! refuses comes back as an error in podman's own words, after which the engine still answers. Objects are set up "outside" with the docker CLI on podman's socket.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use futures_util::StreamExt;
use tokio::time::{Instant, timeout_at};

use common::podman::PodmanEngine;
use common::{Cli, IMAGE, unique};
use dockhand::engine::Engine;
use dockhand::engine::model::{
    Container, ContainerOp, ContainerState, EventAction, EventKind, RemoveOptions,
};
use dockhand::inspect::{InspectKind, Json};

/// Podman shares 2 cores with the build and the other tests.
const STATE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long an event may take to arrive, and how many of them a wait reads at most.
const EVENT_TIMEOUT: Duration = Duration::from_secs(10);
const EVENT_COUNT: usize = 100;

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

/// What podman answered the docker CLI: the `Error response from daemon: …` line of its
/// stderr, without that prefix (the CLI's own words around it are not podman's).
fn daemon_words(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("Error response from daemon: "))
        .unwrap_or_else(|| panic!("no daemon answer in the CLI's stderr: {stderr}"))
        .trim()
        .to_string()
}

/// `docker create --network none` of the test image (podman names it docker.io/…).
fn create(cli: &Cli, name: &str) -> String {
    cli.create(name, &[], &["sleep", "300"])
}

#[tokio::test]
async fn the_engine_is_named_podman() {
    let podman = PodmanEngine::start();
    let engine = podman.connect().await;
    assert_eq!(engine.info.product, "Podman Engine", "{:?}", engine.info);
    assert_eq!(engine.info.host, podman.host());
    let version = podman
        .cli
        .ok(&["version", "--format", "{{.Server.Version}}"]);
    assert_eq!(engine.info.version, version, "{:?}", engine.info);
    assert!(
        !engine.info.api_version.is_empty(),
        "podman reports an API version: {:?}",
        engine.info
    );
}

#[tokio::test]
async fn containers_images_volumes_and_networks_are_listed() {
    let podman = PodmanEngine::start();
    podman.import_image();
    let cli = &podman.cli;
    let clean = cli.cleanup();
    let name = clean.container(&unique("pod-ls"));
    let id = create(cli, &name);
    let volume = clean.volume(&unique("pod-v"));
    cli.ok(&["volume", "create", &volume]);
    let network = clean.network(&unique("pod-n"));
    let network_id = cli.ok(&["network", "create", &network]);
    let engine = podman.connect().await;

    let c = listed(&engine, &name).await;
    assert_eq!(c.id.as_str(), id);
    assert_eq!(c.state, ContainerState::Created, "{c:?}");
    assert!(
        c.image.ends_with(IMAGE),
        "the container's image is {IMAGE}, however podman prefixes it: {c:?}"
    );

    let image_id = cli.image_id(IMAGE).expect("the imported image");
    let images = engine.list_images().await.expect("list_images");
    let image = images
        .iter()
        .find(|i| i.id.as_str() == image_id)
        .unwrap_or_else(|| panic!("{image_id} is not listed: {images:?}"));
    assert!(
        image.tags.iter().any(|t| t.ends_with(IMAGE)),
        "{IMAGE} is among the image's names: {image:?}"
    );
    assert!(image.size > 0, "{image:?}");

    let volumes = engine.list_volumes().await.expect("list_volumes");
    let v = volumes
        .iter()
        .find(|v| v.name == volume)
        .unwrap_or_else(|| panic!("{volume} is not listed: {volumes:?}"));
    assert_eq!(v.driver, "local", "{v:?}");

    let networks = engine.list_networks().await.expect("list_networks");
    let n = networks
        .iter()
        .find(|n| n.name == network)
        .unwrap_or_else(|| panic!("{network} is not listed: {networks:?}"));
    assert_eq!(n.id.as_str(), network_id, "{n:?}");
}

#[tokio::test]
async fn a_container_inspects_as_json() {
    let podman = PodmanEngine::start();
    podman.import_image();
    let cli = &podman.cli;
    let clean = cli.cleanup();
    let name = clean.container(&unique("pod-insp"));
    let id = create(cli, &name);
    let engine = podman.connect().await;

    let j = engine
        .inspect(InspectKind::Container, &name)
        .await
        .expect("inspect by name");
    assert_eq!(j.get("Id").and_then(Json::as_str), Some(id.as_str()));
    assert_eq!(
        j.get("Name").and_then(Json::as_str),
        Some(format!("/{name}").as_str())
    );
    assert_eq!(
        j.at(&["State", "Status"]).and_then(Json::as_str),
        Some("created")
    );
    assert_eq!(
        j.at(&["HostConfig", "NetworkMode"]).and_then(Json::as_str),
        Some("none")
    );

    // A name podman does not hold: its own words.
    let missing = unique("pod-none");
    let e = engine
        .inspect(InspectKind::Container, &missing)
        .await
        .expect_err("inspecting a missing container");
    assert!(e.contains("no such container"), "{e}");
}

#[tokio::test]
async fn killing_a_created_container_is_refused_in_podmans_words() {
    let podman = PodmanEngine::start();
    podman.import_image();
    let cli = &podman.cli;
    let clean = cli.cleanup();
    let name = clean.container(&unique("pod-kill"));
    let id = create(cli, &name);
    let engine = podman.connect().await;

    let e = engine
        .container_op(ContainerOp::Kill, &id, RemoveOptions::default())
        .await
        .expect_err("podman refuses to kill a container that never ran");
    // Podman's own words (Docker says "Container … is not running").
    assert!(e.contains("can only kill running containers"), "{e}");
    assert!(e.contains("container state improper"), "{e}");
    // The same answer the docker CLI gets.
    let o = cli.run(&["kill", &id]);
    assert!(!o.success, "the CLI's kill was refused too: {o:?}");
    assert!(e.contains(&daemon_words(&o.stderr)), "{e} / {o:?}");

    // The engine still answers, and the container is as it was.
    let c = listed(&engine, &name).await;
    assert_eq!(c.state, ContainerState::Created, "{c:?}");
}

#[tokio::test]
async fn start_does_what_podman_does_and_a_refusal_is_in_its_words() {
    let podman = PodmanEngine::start();
    podman.import_image();
    let cli = &podman.cli;
    let clean = cli.cleanup();
    let by_cli = clean.container(&unique("pod-st-cli"));
    create(cli, &by_cli);
    let by_us = clean.container(&unique("pod-st"));
    let id = create(cli, &by_us);
    let engine = podman.connect().await;

    // What podman does with a start here (on this machine it refuses with runc's rlimit
    // error; a machine that lets it raise the limit runs the container).
    let o = cli.run(&["start", &by_cli]);
    let result = engine
        .container_op(ContainerOp::Start, &id, RemoveOptions::default())
        .await;
    if o.success {
        result.unwrap_or_else(|e| panic!("the CLI's start worked, dockhand's failed: {e}"));
        cli.wait_state(&id, "running", STATE_TIMEOUT).await;
        let c = listed(&engine, &by_us).await;
        assert_eq!(c.state, ContainerState::Running, "{c:?}");
    } else {
        let words = daemon_words(&o.stderr);
        eprintln!("podman refused a start: {words}");
        let e = result.expect_err("the CLI's start was refused, dockhand's worked");
        assert!(
            e.contains(&words.replace(&by_cli, &by_us)),
            "dockhand says {e:?}; podman told the CLI {words:?}"
        );
        // The engine still answers after the refusal; the container did not start.
        let c = listed(&engine, &by_us).await;
        assert_ne!(c.state, ContainerState::Running, "{c:?}");
        engine
            .list_images()
            .await
            .expect("list_images after a refusal");
    }
}

#[tokio::test]
async fn a_removal_reaches_the_event_stream_as_a_destroy() {
    let podman = PodmanEngine::start();
    podman.import_image();
    let cli = &podman.cli;
    let clean = cli.cleanup();
    let name = clean.container(&unique("pod-ev"));
    let id = create(cli, &name);
    let engine = podman.connect().await;
    let since = engine.engine_time().await.expect("podman's clock");
    let mut stream = Box::pin(engine.events(Some(since)));

    // Podman calls it `remove` where Docker says `destroy`: dockhand must drop the row either way.
    cli.ok(&["rm", &id]);
    let deadline = Instant::now() + EVENT_TIMEOUT;
    let mut seen = Vec::new();
    for _ in 0..EVENT_COUNT {
        match timeout_at(deadline, stream.next()).await {
            Err(_) => break,
            Ok(None) => panic!("podman's event stream ended: {seen:?}"),
            Ok(Some(Err(e))) => panic!("podman's event stream failed: {e}"),
            Ok(Some(Ok(ev))) if ev.id == id && ev.kind == EventKind::Container => {
                if ev.action == EventAction::Destroy {
                    // The engine still lists, without it.
                    let list = engine
                        .list_containers(dockhand::clock::unix_now())
                        .await
                        .expect("list_containers");
                    assert!(list.iter().all(|c| c.name != name), "{list:?}");
                    return;
                }
                seen.push(ev.action);
            }
            Ok(Some(Ok(_))) => {}
        }
    }
    panic!("no removal event for {name} within {EVENT_TIMEOUT:?}; its events: {seen:?}");
}
