//! End to end, the compose projects pane against the private test engine: containers labelled
//! as two projects (made by the test through the engine, no compose CLI needed) are grouped;
//! a project stop asks once, naming the containers, and stops exactly that project's; and the
//! compose CLI (which `scripts/test.sh` installs) runs `up -d` and `down` on a real project's
//! files from the keys.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "e2e/tui.rs"]
mod tui;

use std::time::Duration;

use common::{setup_blocking, unique};
use tui::Tui;

#[test]
fn a_project_stop_names_its_containers_and_stops_exactly_those() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let base = unique("proj");
    let (shop, blog) = (format!("{base}-shop"), format!("{base}-blog"));
    let mut names = Vec::new();
    for (project, service) in [(&shop, "web"), (&shop, "db"), (&blog, "api")] {
        let name = clean.container(&format!("{project}-{service}-1"));
        cli.run_detached(
            &name,
            &[
                "--stop-timeout",
                "2",
                "--label",
                &format!("com.docker.compose.project={project}"),
                "--label",
                &format!("com.docker.compose.service={service}"),
            ],
            &["sleep", "300"],
        );
        names.push(name);
    }

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.send("5");
    tui.wait_for(" Projects ", Duration::from_secs(5));
    tui.set_filter(&base);
    tui.wait_line(
        &[&format!("▸ {shop}"), "2/2", "db, web"],
        Duration::from_secs(10),
    );
    tui.wait_line(
        &[&format!("▸ {blog}"), "1/1", "api"],
        Duration::from_secs(5),
    );

    tui.set_filter(&shop);
    tui.wait_for(" Projects 1 of ", Duration::from_secs(5));
    tui.send("s");
    tui.wait_for(&format!("Stop project {shop}?"), Duration::from_secs(5));
    let dialog = tui.wait_for("It acts on 2 containers:", Duration::from_secs(2));
    for n in &names[..2] {
        assert!(dialog.contains(&format!("• {n}")), "{n} named:\n{dialog}");
    }
    assert!(
        !dialog.contains(&names[2]),
        "blog's container not named:\n{dialog}"
    );
    tui.send("y");
    for n in &names[..2] {
        cli.wait_state_blocking(n, "exited", Duration::from_secs(20));
    }
    tui.wait_line(&[&format!("▸ {shop}"), "0/2"], Duration::from_secs(5));
    // The other project was not touched.
    assert_eq!(cli.state(&names[2]).as_deref(), Some("running"));
    tui.quit_and_check_restored();
}

#[test]
fn compose_up_and_down_run_the_compose_cli_on_the_projects_files() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    // Compose v1 keeps letters, digits, `-` and `_` of a project name.
    let project = unique("cmp").replace('-', "x");
    let dir = tempfile::tempdir().expect("a folder for the project");
    let file = dir.path().join("compose.yaml");
    std::fs::write(
        &file,
        format!(
            "version: \"3.8\"\nservices:\n  app:\n    image: {}\n    command: [\"sleep\", \"300\"]\n    \
             network_mode: none\n    stop_grace_period: 1s\n",
            common::IMAGE
        ),
    )
    .expect("write the compose file");
    let app = clean.container(&format!("{project}_app_1"));
    let up = std::process::Command::new("docker-compose")
        .args(["-p", &project, "-f"])
        .arg(&file)
        .args(["up", "-d"])
        .env("DOCKER_HOST", cli.host())
        .env_remove("DOCKER_CONTEXT")
        .output()
        .expect("docker-compose is installed (scripts/test.sh installs it)");
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    cli.ok(&["stop", &app]);

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.send("5");
    tui.set_filter(&project);
    tui.wait_line(&[&format!("▸ {project}"), "0/1"], Duration::from_secs(10));
    // `up -d` starts what is stopped.
    tui.send("u");
    tui.wait_for(
        &format!("Run compose up -d project {project}?"),
        Duration::from_secs(5),
    );
    tui.send("y");
    cli.wait_state_blocking(&app, "running", Duration::from_secs(60));
    tui.wait_line(&[&format!("▸ {project}"), "1/1"], Duration::from_secs(10));
    tui.wait_for(
        &format!("compose up -d {project}: done"),
        Duration::from_secs(10),
    );
    // `down` removes the containers; the project leaves the pane with them.
    tui.send("x");
    tui.wait_for("volumes stay", Duration::from_secs(5));
    tui.send("y");
    common::wait_until(
        &format!("{app} to leave docker ps -a"),
        Duration::from_secs(60),
        || {
            if cli.listed(&app) {
                Err("listed")
            } else {
                Ok(())
            }
        },
    );
    // The engine may hold no other project at that moment, which the pane says instead.
    let gone = format!("No compose project matches \"{project}\"");
    tui.wait_screen("the project gone", Duration::from_secs(10), |s| {
        s.contains(&gone) || s.contains("No compose projects on this engine")
    });
    tui.quit_and_check_restored();
}
