//! Inspect against a real, private engine: the raw description of a container, an image, a
//! volume and a network, checked against what was set and what `docker` reports; the summary
//! and the tree built from a real container; and the engine's message for an object that is
//! gone. Every object has a unique name; nothing else on the engine is looked at.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{setup, unique, wait_until_async};
use dockhand::inspect::summary::Item;
use dockhand::inspect::{InspectKind, Json, SecretPatterns, Summary, Tree};

fn strings(j: Option<&Json>) -> Vec<String> {
    j.map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Json::as_str)
        .map(str::to_string)
        .collect()
}

fn item<'a>(s: &'a Summary, section: &str, label: &str) -> &'a Item {
    s.sections
        .iter()
        .filter(|x| x.title == section)
        .flat_map(|x| x.items.iter())
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no {section}/{label} in {s:#?}"))
}

#[tokio::test]
async fn a_container_is_described_with_its_env_labels_and_mounts() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("insp-c"));
    let vol = clean.volume(&unique("insp-v"));
    let id = cli.create(
        &name,
        &[
            "-e",
            "DH_DB_PASSWORD=hunter2",
            "-e",
            "DH_PLAIN=visible",
            "-l",
            "dh.test=inspect",
            "-v",
            &format!("{vol}:/data:ro"),
            "--tmpfs",
            "/scratch",
            "--cap-drop",
            "NET_RAW",
            "--restart",
            "on-failure:3",
            "--memory",
            "64m",
        ],
        &["sleep", "600"],
    );

    // By id and by name: the same object.
    let j = engine
        .inspect(InspectKind::Container, &id)
        .await
        .expect("inspect by id");
    let by_name = engine
        .inspect(InspectKind::Container, &name)
        .await
        .expect("inspect by name");
    assert_eq!(j, by_name);
    assert_eq!(j.get("Id").and_then(Json::as_str), Some(id.as_str()));
    assert_eq!(
        j.get("Name").and_then(Json::as_str),
        Some(format!("/{name}").as_str())
    );
    // Fields in the engine's order, as `docker inspect` prints them.
    let first: Vec<&str> = j
        .as_object()
        .iter()
        .take(2)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(first, ["Id", "Created"]);
    let env = strings(j.at(&["Config", "Env"]));
    assert!(
        env.contains(&"DH_DB_PASSWORD=hunter2".to_string()),
        "{env:?}"
    );
    assert!(env.contains(&"DH_PLAIN=visible".to_string()), "{env:?}");
    assert_eq!(
        j.at(&["Config", "Labels", "dh.test"])
            .and_then(Json::as_str),
        Some("inspect")
    );
    assert_eq!(
        j.at(&["HostConfig", "Memory"]).and_then(Json::as_i64),
        Some(64 * 1024 * 1024)
    );
    assert_eq!(
        cli.inspect(&name, "{{.HostConfig.Memory}}").as_deref(),
        Some("67108864")
    );

    // The summary from the real JSON: env masked, the mount read-only, no risk flagged.
    let s = Summary::of_container(&j, &SecretPatterns::default());
    let pw = item(&s, "Environment", "DH_DB_PASSWORD");
    assert!(pw.secret);
    assert_eq!(pw.shown(false), "••••••");
    assert_eq!(pw.shown(true), "hunter2");
    assert!(!item(&s, "Environment", "DH_PLAIN").secret);
    assert_eq!(
        item(&s, "Mounts", "volume").value,
        format!("{vol} → /data, read-only")
    );
    assert_eq!(item(&s, "Mounts", "tmpfs").value, "/scratch, read-write");
    assert_eq!(
        item(&s, "Container", "Restart policy").value,
        "on-failure, at most 3 retries"
    );
    assert_eq!(item(&s, "Resources", "Memory").value, "64 MiB");
    let dropped = &item(&s, "Security", "Capabilities dropped").value;
    assert!(dropped.contains("NET_RAW"), "{dropped}");
    let risky: Vec<&Item> = s.items().filter(|i| i.risky).collect();
    assert!(risky.is_empty(), "nothing risky was asked for: {risky:?}");

    // The tree: the secret masked in the raw Env entry too, found at its path.
    let t = Tree::new(&j, &SecretPatterns::default());
    let i = (0..t.len())
        .find(|&i| t.value_text(i).starts_with("DH_DB_PASSWORD="))
        .expect("env entry in the tree");
    assert_eq!(t.value_text(i), "DH_DB_PASSWORD=••••••");
    assert!(t.path(i).starts_with(".Config.Env["), "{}", t.path(i));
}

#[tokio::test]
async fn a_running_container_shows_its_health_checks() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("insp-h"));
    cli.run_detached(
        &name,
        &["--health-cmd", "echo checked", "--health-interval", "1s"],
        &["sleep", "600"],
    );
    wait_until_async("a health check", Duration::from_secs(20), || {
        match cli.inspect(&name, "{{len .State.Health.Log}}").as_deref() {
            Some(n) if n != "0" => Ok(()),
            other => Err(other.map(str::to_string)),
        }
    })
    .await;
    let j = engine
        .inspect(InspectKind::Container, &name)
        .await
        .expect("inspect");
    let s = Summary::of_container(&j, &SecretPatterns::default());
    assert_eq!(item(&s, "Health", "Test").value, "echo checked");
    let checks: Vec<&Item> = s
        .sections
        .iter()
        .filter(|x| x.title == "Health")
        .flat_map(|x| x.items.iter())
        .filter(|i| i.value.starts_with("exit "))
        .collect();
    assert!(!checks.is_empty(), "{s:#?}");
    assert_eq!(checks[0].value, "exit 0: checked");
    assert!(checks[0].path.starts_with(".State.Health.Log["));
    assert!(item(&s, "Container", "Started").value.ends_with(" UTC"));
}

#[tokio::test]
async fn an_image_is_described_by_id_and_by_reference() {
    let (engine, cli) = setup().await;
    let id = cli.image_id("local/busybox:test").expect("test image");
    let j = engine
        .inspect(InspectKind::Image, &id)
        .await
        .expect("inspect by id");
    assert_eq!(j.get("Id").and_then(Json::as_str), Some(id.as_str()));
    assert!(strings(j.get("RepoTags")).contains(&"local/busybox:test".to_string()));
    assert_eq!(
        strings(j.at(&["Config", "Cmd"])),
        ["/bin/sh"],
        "the CMD the test image was imported with"
    );
    // A reference holds `/` and `:`, escaped in the path; the engine reads it back.
    let by_ref = engine
        .inspect(InspectKind::Image, "local/busybox:test")
        .await
        .expect("inspect by reference");
    assert_eq!(by_ref.get("Id"), j.get("Id"));
}

#[tokio::test]
async fn a_volume_is_described_with_its_labels() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.volume(&unique("insp-vol"));
    cli.ok(&["volume", "create", "--label", "dh.team=ops", &name]);
    let j = engine
        .inspect(InspectKind::Volume, &name)
        .await
        .expect("inspect");
    assert_eq!(j.get("Name").and_then(Json::as_str), Some(name.as_str()));
    assert_eq!(j.get("Driver").and_then(Json::as_str), Some("local"));
    assert_eq!(
        j.at(&["Labels", "dh.team"]).and_then(Json::as_str),
        Some("ops")
    );
    let mountpoint = cli.ok(&["volume", "inspect", "-f", "{{.Mountpoint}}", &name]);
    assert_eq!(
        j.get("Mountpoint").and_then(Json::as_str),
        Some(mountpoint.as_str())
    );
}

#[tokio::test]
async fn a_network_is_described_as_internal() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.network(&unique("insp-net"));
    let id = cli.ok(&["network", "create", "--internal", &name]);
    let j = engine
        .inspect(InspectKind::Network, &id)
        .await
        .expect("inspect");
    assert_eq!(j.get("Name").and_then(Json::as_str), Some(name.as_str()));
    assert_eq!(j.get("Id").and_then(Json::as_str), Some(id.as_str()));
    assert_eq!(j.get("Internal").and_then(Json::as_bool), Some(true));
    let other = engine
        .inspect(InspectKind::Network, "none")
        .await
        .expect("the built-in none network");
    assert_eq!(other.get("Internal").and_then(Json::as_bool), Some(false));
}

#[tokio::test]
async fn an_object_that_is_gone_gives_the_engines_message() {
    let (engine, cli) = setup().await;
    let name = unique("insp-gone");
    let err = engine
        .inspect(InspectKind::Container, &name)
        .await
        .expect_err("no such container");
    assert!(err.contains("No such container"), "{err}");
    assert!(err.contains(&name), "{err}");
    let err = engine
        .inspect(InspectKind::Volume, &name)
        .await
        .expect_err("no such volume");
    assert!(err.to_lowercase().contains("no such volume"), "{err}");
    assert!(!cli.exists(&name));
}
