//! End to end, Swarm by the keys: a private engine of its own (so that its swarm touches no
//! other test), made a single-node manager by `scripts/engine.sh swarm`, a service of the local
//! test image with 2 replicas and no published ports (nothing leaves the machine). From the
//! keys: scale to 3 and see 3 running tasks, the service's logs merged with each line's task
//! and node, drain the node and see the tasks leave, activate it, remove the service; each
//! checked on the engine too.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "e2e/tui.rs"]
mod tui;

use std::time::Duration;

use common::{OwnEngine, unique};
use tui::Tui;

/// Running tasks of `service`, as `docker service ps` says.
fn running_tasks(cli: &common::Cli, service: &str) -> usize {
    cli.ok(&[
        "service",
        "ps",
        service,
        "--filter",
        "desired-state=running",
        "--format",
        "{{.CurrentState}}",
    ])
    .lines()
    .filter(|l| l.starts_with("Running"))
    .count()
}

#[test]
fn scale_logs_drain_and_remove_a_service_by_the_keys() {
    let own = OwnEngine::start();
    let cli = &own.cli;
    // No pane shows a swarm yet: the engine says it is not a manager.
    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.send("6");
    tui.wait_for(
        "This engine is not a swarm manager",
        Duration::from_secs(10),
    );
    tui.quit_and_check_restored();

    common::run_engine_script(&["swarm", &own.dir.display().to_string()]);
    let service = unique("svc");
    // By id, without resolving: the tasks never try a registry.
    let image = cli.ok(&["image", "inspect", "-f", "{{.Id}}", common::IMAGE]);
    cli.ok(&[
        "service",
        "create",
        "--detach",
        "--name",
        &service,
        "--replicas",
        "2",
        "--no-resolve-image",
        "--stop-grace-period",
        "1s",
        &image,
        "sh",
        "-c",
        "while true; do echo tick from $(hostname); sleep 1; done",
    ]);

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.send("6");
    tui.wait_line(&[&service, "2/2"], Duration::from_secs(30));

    // Scale to 3: the prompt offers 2, typing replaces it.
    tui.send("s");
    tui.wait_for(
        &format!("Replicas of service {service}"),
        Duration::from_secs(5),
    );
    tui.send("3\r");
    tui.wait_for(&format!("scaled {service} to 3"), Duration::from_secs(10));
    tui.send("\r");
    tui.wait_for(&format!("· of {service}"), Duration::from_secs(5));
    // STATE and DESIRED both `running` on each of the three rows.
    tui.wait_screen("3 running tasks", Duration::from_secs(30), |s| {
        (1..=3).all(|n| {
            s.lines().any(|l| {
                l.contains(&format!("{service}.{n} ")) && l.matches(" running ").count() >= 2
            })
        })
    });
    common::wait_until(
        "3 running tasks on the engine",
        Duration::from_secs(10),
        || match running_tasks(cli, &service) {
            3 => Ok(()),
            n => Err(n),
        },
    );

    // Its logs, merged: each line names its task and node.
    tui.send("6");
    tui.send("l");
    tui.wait_for(
        &format!("Logs: service {service} (3 tasks)"),
        Duration::from_secs(15),
    );
    for n in 1..=3 {
        tui.wait_line(
            &[&format!("{service}.{n}@"), "│ tick from "],
            Duration::from_secs(15),
        );
    }
    tui.send("l");

    // Drain the only node: its tasks leave it (shut down; their replacements wait).
    tui.send("8");
    tui.wait_line(&["manager", "active", "ready"], Duration::from_secs(10));
    tui.send("x");
    tui.wait_for("It is the only node", Duration::from_secs(5));
    tui.send("y");
    tui.wait_line(&["manager", "drain"], Duration::from_secs(10));
    tui.send("7");
    tui.wait_screen("no task running", Duration::from_secs(30), |s| {
        s.contains("· of every service")
            && !s
                .lines()
                .any(|l| l.contains(&service) && l.matches(" running ").count() >= 2)
            && s.lines()
                .any(|l| l.contains(&service) && l.contains("pending"))
    });
    assert_eq!(running_tasks(cli, &service), 0);

    // Active again: the tasks come back.
    tui.send("8");
    tui.send("a");
    tui.wait_line(&["manager", "active"], Duration::from_secs(10));
    common::wait_until(
        "3 tasks running again",
        Duration::from_secs(30),
        || match running_tasks(cli, &service) {
            3 => Ok(()),
            n => Err(n),
        },
    );

    // Remove it, after the question.
    tui.send("6");
    tui.wait_line(&[&service, "3/3"], Duration::from_secs(30));
    tui.send("d");
    tui.wait_for(
        &format!("Remove service {service}?"),
        Duration::from_secs(5),
    );
    tui.send("y");
    tui.wait_for("No services on this engine.", Duration::from_secs(15));
    let left = cli.ok(&["service", "ls", "--format", "{{.Name}}"]);
    assert!(!left.lines().any(|l| l == service), "{left}");
    tui.quit_and_check_restored();
}
