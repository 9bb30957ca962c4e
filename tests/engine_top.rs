//! The processes of a container (`docker top`) against a real, private engine.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{setup, unique};

#[tokio::test]
async fn top_lists_the_container_processes() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("top"));
    // A shell with two children that are easy to recognise.
    let id = cli.run_detached(&name, &[], &["sh", "-c", "sleep 3001 & sleep 3002 & wait"]);
    // The shell starts its children a moment after `run` returns: bounded polling.
    let mut top = None;
    for _ in 0..50 {
        if let Ok(t) = engine.top(&id).await {
            let cmd = t.titles.iter().position(|c| c == "CMD" || c == "COMMAND");
            let has = |needle: &str| {
                cmd.is_some_and(|i| {
                    t.processes
                        .iter()
                        .any(|p| p.get(i).is_some_and(|c| c.contains(needle)))
                })
            };
            if has("sleep 3001") && has("sleep 3002") {
                top = Some(t);
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let top = top.expect("both sleeps listed within 10 s");
    assert!(top.titles.iter().any(|t| t == "PID"), "{:?}", top.titles);
    assert_eq!(top.processes.len(), 3, "{:?}", top.processes);
    for p in &top.processes {
        assert_eq!(p.len(), top.titles.len(), "one cell per title: {p:?}");
    }

    // A stopped container has no processes: the engine says so in its words.
    cli.ok(&["kill", &name]);
    cli.wait_state(&name, "exited", std::time::Duration::from_secs(10))
        .await;
    let err = engine
        .top(&id)
        .await
        .expect_err("top of a stopped container");
    assert!(err.contains("not running"), "{err}");

    // A container that does not exist.
    let err = engine
        .top("dockhand-no-such-container")
        .await
        .expect_err("no container");
    assert!(err.to_lowercase().contains("no such container"), "{err}");
}
