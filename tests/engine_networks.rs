//! The network calls of the engine layer against a real, private engine: create (internal
//! only: no test network may route anywhere), list with the attached containers, removal
//! refused for the engine's own networks and while containers are attached, connect and
//! disconnect. Nothing here sends traffic to a container.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Cli, IMAGE, setup, unique};
use dockhand::engine::Engine;
use dockhand::engine::objects::Network;

async fn listed(engine: &Engine, name: &str) -> Network {
    let all = engine.list_networks().await.expect("list_networks");
    let names: Vec<String> = all.iter().map(|n| n.name.clone()).collect();
    all.into_iter()
        .find(|n| n.name == name)
        .unwrap_or_else(|| panic!("{name} is not listed: {names:?}"))
}

/// `docker run -d --network NET --name NAME IMAGE sleep 300` (NET is an internal network).
fn run_on(cli: &Cli, net: &str, name: &str) -> String {
    cli.ok(&[
        "run",
        "-d",
        "--network",
        net,
        "--name",
        name,
        IMAGE,
        "sleep",
        "300",
    ])
}

fn create_on(cli: &Cli, net: &str, name: &str) -> String {
    cli.ok(&[
        "create",
        "--network",
        net,
        "--name",
        name,
        IMAGE,
        "sleep",
        "300",
    ])
}

#[tokio::test]
async fn create_an_internal_network_with_a_subnet_and_list_it() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.network(&unique("dh-net"));
    // A subnet of its own per process, away from the engine's default pools (172.x, 192.168.x).
    let subnet = format!(
        "10.{}.{}.0/24",
        200 + std::process::id() % 50,
        std::process::id() % 250
    );
    let id = engine
        .create_network(&name, "", true, Some(&subnet))
        .await
        .expect("create_network");
    assert_eq!(
        cli.ok(&["network", "inspect", "-f", "{{.Id}} {{.Internal}}", &name]),
        format!("{id} true")
    );

    let n = listed(&engine, &name).await;
    assert_eq!(n.id.as_str(), id);
    assert_eq!(n.driver, "bridge");
    assert_eq!(n.scope, "local");
    assert!(n.internal);
    assert!(!n.builtin());
    assert_eq!(n.subnets.len(), 1, "{n:?}");
    assert_eq!(n.subnets[0].0, subnet);
    assert!(n.containers.is_empty());
    assert!(n.created.is_some());

    // The same name again is refused on every engine (engines before API 1.44 would create a
    // second network of that name).
    let err = engine
        .create_network(&name, "", true, None)
        .await
        .expect_err("a duplicate name");
    assert!(err.contains("already exists"), "{err}");
    let same: Vec<String> = cli
        .ok(&["network", "ls", "--format", "{{.Name}}"])
        .lines()
        .filter(|l| l.trim() == name)
        .map(String::from)
        .collect();
    assert_eq!(same.len(), 1, "one network of that name: {same:?}");
}

#[tokio::test]
async fn list_shows_attached_containers_running_or_never_started() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let net = clean.network(&unique("dh-net-ls"));
    cli.ok(&["network", "create", "--internal", &net]);
    let running = clean.container(&unique("net-run"));
    let created = clean.container(&unique("net-new"));
    let run_id = run_on(&cli, &net, &running);
    let new_id = create_on(&cli, &net, &created);

    let n = listed(&engine, &net).await;
    let mut got: Vec<(dockhand::ids::ContainerId, String)> = n
        .containers
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    got.sort();
    let mut want = vec![
        (run_id.into(), running.clone()),
        (new_id.into(), created.clone()),
    ];
    want.sort();
    assert_eq!(got, want);

    let mut users: Vec<(String, bool)> = engine
        .containers_on_network(&net)
        .await
        .expect("containers_on_network")
        .into_iter()
        .map(|u| (u.name, u.running))
        .collect();
    users.sort();
    let mut want = vec![(running, true), (created, false)];
    want.sort();
    assert_eq!(users, want);
}

#[tokio::test]
async fn removal_is_refused_for_builtin_networks_and_while_containers_are_attached() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    for builtin in ["none", "host"] {
        let err = engine
            .remove_network(builtin)
            .await
            .expect_err("a builtin network");
        assert!(err.contains("engine's own"), "{builtin}: {err}");
        assert!(cli.network_listed(builtin));
    }

    let net = clean.network(&unique("dh-net-rm"));
    cli.ok(&["network", "create", "--internal", &net]);
    let running = clean.container(&unique("net-rm-run"));
    let stopped = clean.container(&unique("net-rm-new"));
    run_on(&cli, &net, &running);
    create_on(&cli, &net, &stopped);
    let err = engine
        .remove_network(&net)
        .await
        .expect_err("containers are attached");
    assert!(
        err.contains(&format!("{running} (running)"))
            && err.contains(&format!("{stopped} (stopped)")),
        "{err}"
    );
    assert!(cli.network_listed(&net));

    // Only the stopped one left: still refused (the engine itself would remove the network,
    // and that container could not start again).
    cli.ok(&["rm", "-f", &running]);
    let err = engine
        .remove_network(&net)
        .await
        .expect_err("a stopped container is attached");
    assert!(err.contains("cannot start again"), "{err}");
    assert!(cli.network_listed(&net));

    cli.ok(&["rm", "-f", &stopped]);
    engine.remove_network(&net).await.expect("nothing attached");
    assert!(!cli.network_listed(&net));
    let err = engine.remove_network(&net).await.expect_err("already gone");
    assert!(err.contains("not found"), "{err}");
}

#[tokio::test]
async fn connect_and_disconnect_running_and_stopped_containers() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let home = clean.network(&unique("dh-net-home"));
    let extra = clean.network(&unique("dh-net-extra"));
    cli.ok(&["network", "create", "--internal", &home]);
    cli.ok(&["network", "create", "--internal", &extra]);
    let running = clean.container(&unique("net-c-run"));
    let stopped = clean.container(&unique("net-c-new"));
    run_on(&cli, &home, &running);
    create_on(&cli, &home, &stopped);

    for c in [&running, &stopped] {
        engine
            .connect_network(&extra, c)
            .await
            .unwrap_or_else(|e| panic!("connect {c}: {e}"));
        let mut want = vec![home.clone(), extra.clone()];
        want.sort();
        assert_eq!(cli.networks_of(c), want, "{c} after connect");
    }
    let mut on_extra: Vec<String> = listed(&engine, &extra)
        .await
        .containers
        .into_iter()
        .map(|u| u.name)
        .collect();
    on_extra.sort();
    let mut want = vec![running.clone(), stopped.clone()];
    want.sort();
    assert_eq!(on_extra, want);

    let err = engine
        .connect_network(&extra, &running)
        .await
        .expect_err("already connected");
    // The engine's words name the conflict, not some other failure.
    assert!(
        err.contains(&format!("already exists in network {extra}")),
        "{err}"
    );

    engine
        .disconnect_network(&extra, &running, false)
        .await
        .expect("disconnect the running container");
    engine
        .disconnect_network(&extra, &stopped, true)
        .await
        .expect("forced disconnect of the stopped container");
    for c in [&running, &stopped] {
        assert_eq!(cli.networks_of(c), [home.as_str()], "{c} after disconnect");
    }
    assert!(listed(&engine, &extra).await.containers.is_empty());
    assert_eq!(cli.state(&running).as_deref(), Some("running"));

    let err = engine
        .connect_network(&unique("dh-net-missing"), &running)
        .await
        .expect_err("no such network");
    assert!(err.contains("not found"), "{err}");
}
