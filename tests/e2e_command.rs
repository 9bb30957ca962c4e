//! End to end, the `:` command line: a command from an earlier run's history (its state file)
//! offered on `↑` and run, `:stop` stopping the selected container (checked on the engine), and
//! the history written back to the state folder for the next run.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "e2e/tui.rs"]
mod tui;

use std::time::Duration;

use common::{setup_blocking, unique};
use tui::Tui;

#[test]
fn stop_from_the_command_line_and_the_history_across_runs() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let base = unique("cmd");
    let web = clean.container(&format!("{base}-web"));
    cli.run_detached(
        &web,
        &[],
        &[
            "sh",
            "-c",
            "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done",
        ],
    );
    // An earlier run filtered on this test's containers.
    let history = format!("history = [\"filter {base}\"]\n");
    let mut tui = Tui::start_prepared(cli.host(), "", |home| {
        let state = home.join("state/dockhand");
        std::fs::create_dir_all(&state).unwrap();
        std::fs::write(state.join("history.toml"), &history).unwrap();
    });
    tui.wait_loaded();
    tui.send(":");
    tui.wait_for("Command · tab completes", Duration::from_secs(5));
    tui.send("\x1b[A"); // up: the earlier run's command
    tui.wait_for(&format!(":filter {base}"), Duration::from_secs(5));
    tui.send("\r");
    tui.wait_for(&format!("filter \"{base}\""), Duration::from_secs(5));
    tui.wait_line(&[&web, "running"], Duration::from_secs(5));

    tui.send(":stop\r");
    cli.wait_state_blocking(&web, "exited", Duration::from_secs(15));
    tui.wait_line(&[&web, "exited (0)"], Duration::from_secs(5));

    // Not understood: said, with the nearest command, and nothing runs.
    tui.send(":strat\r");
    tui.wait_for("did you mean `:start`?", Duration::from_secs(5));
    tui.send("\x1b");
    tui.wait_screen("the line closed", Duration::from_secs(5), |s| {
        !s.contains("Command · tab completes")
    });
    assert_eq!(cli.state(&web).as_deref(), Some("exited"));
    tui.quit_and_check_restored();

    let saved = std::fs::read_to_string(tui.dir.path().join("state/dockhand/history.toml"))
        .expect("the history is saved in the state folder");
    assert_eq!(
        saved.trim(),
        format!("history = [\"filter {base}\", \"stop\"]")
    );
}
