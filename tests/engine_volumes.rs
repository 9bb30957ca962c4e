//! The volume calls of the engine layer against a real, private engine: listing (named and
//! anonymous), creation, and removal refused while any container (running or not) mounts the
//! volume, naming them. Other tests use the same engine at the same time: every volume has a
//! unique name and assertions look only at the test's own volumes.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{setup, unique};
use dockhand::engine::Engine;
use dockhand::engine::objects::Volume;

async fn listed(engine: &Engine, name: &str) -> Option<Volume> {
    engine
        .list_volumes()
        .await
        .expect("list_volumes")
        .into_iter()
        .find(|v| v.name == name)
}

#[tokio::test]
async fn create_then_list_a_named_volume_with_labels() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.volume(&unique("dh-vol"));
    let labels = vec![
        ("app".to_string(), "shop".to_string()),
        ("tier".to_string(), "db".to_string()),
    ];
    let created = engine
        .create_volume(&name, "", &labels)
        .await
        .expect("create_volume");
    assert_eq!(created.name, name);
    assert!(cli.volume_listed(&name));

    let v = listed(&engine, &name).await.expect("listed");
    assert_eq!(v.driver, "local");
    assert!(!v.anonymous);
    assert_eq!(v.labels, labels);
    assert!(v.created.is_some(), "{v:?}");
    assert_eq!(
        v.mountpoint,
        cli.ok(&["volume", "inspect", "-f", "{{.Mountpoint}}", &name])
    );
    assert_eq!(v.size, None, "sizes come from the disk usage only");

    // (An unknown driver is refused too, but only after the engine looks for a plugin for
    // 15 s: not worth the test time.)
    let err = engine
        .create_volume("bad/name", "", &[])
        .await
        .expect_err("an invalid name");
    assert!(err.contains("bad/name"), "the engine's message: {err}");
    assert!(!cli.volume_listed("bad/name"));
}

#[tokio::test]
async fn an_anonymous_volume_is_listed_as_anonymous() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let c = clean.container(&unique("vol-anon"));
    cli.create(&c, &["-v", "/data"], &["true"]);
    let anon = clean.volume(&cli.volume_at(&c, "/data"));
    let v = listed(&engine, &anon).await.expect("listed");
    assert!(v.anonymous, "{v:?}");
    // Engines since Docker 23 also label it; older ones only give the 64-hex name.
    let labelled = v
        .labels
        .iter()
        .any(|(k, _)| k == "com.docker.volume.anonymous");
    let api: f64 = engine.info.api_version.parse().unwrap_or(0.0);
    assert_eq!(labelled, api >= 1.42, "API {api}: {:?}", v.labels);
}

#[tokio::test]
async fn removing_a_volume_in_use_is_refused_naming_running_and_stopped_users() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.volume(&unique("dh-vol-use"));
    cli.ok(&["volume", "create", &name]);
    let running = clean.container(&unique("vol-run"));
    let stopped = clean.container(&unique("vol-stop"));
    cli.run_detached(
        &running,
        &["-v", &format!("{name}:/data")],
        &["sleep", "300"],
    );
    cli.create(&stopped, &["-v", &format!("{name}:/other")], &["true"]);

    let mut users: Vec<(String, bool)> = engine
        .containers_using_volume(&name)
        .await
        .expect("containers_using_volume")
        .into_iter()
        .map(|u| (u.name, u.running))
        .collect();
    users.sort();
    let mut want = vec![(running.clone(), true), (stopped.clone(), false)];
    want.sort();
    assert_eq!(users, want);

    for force in [false, true] {
        let err = engine
            .remove_volume(&name, force)
            .await
            .expect_err("a volume in use must be refused");
        assert!(
            err.contains(&format!("{running} (running)"))
                && err.contains(&format!("{stopped} (stopped)")),
            "force={force}: {err}"
        );
        assert!(
            cli.volume_listed(&name),
            "force={force}: the volume remains"
        );
    }

    cli.ok(&["rm", "-f", &running, &stopped]);
    engine
        .remove_volume(&name, false)
        .await
        .expect("unused now: removed");
    assert!(!cli.volume_listed(&name));

    let err = engine
        .remove_volume(&name, false)
        .await
        .expect_err("already gone");
    assert!(err.to_lowercase().contains("no such volume"), "{err}");
    engine
        .remove_volume(&name, true)
        .await
        .expect("forced removal of a missing volume is not an error, like `docker volume rm -f`");
}
