//! End to end, the events view by its keys: a container stopped and started from outside shows
//! both with its exit code, and the look back shows what happened before dockhand started.
//!
//! Alone in its file: the engine remembers only its last 256 or so events, and the tests of
//! one file run at once, so a busy neighbour could push the early event out of its memory.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "e2e/tui.rs"]
mod tui;

use std::time::Duration;

use common::{setup_blocking, unique};
use tui::Tui;

#[test]
fn the_events_view_shows_an_outside_stop_and_start_and_looks_back() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let base = unique("evv");
    // Made before dockhand starts: only a look back can show its creation.
    let early = clean.container(&format!("{base}-early"));
    cli.create(&early, &[], &["true"]);
    let web = clean.container(&format!("{base}-web"));
    cli.run_detached(
        &web,
        &[],
        &[
            "sh",
            "-c",
            "trap 'exit 7' TERM; while :; do sleep 1 & wait $!; done",
        ],
    );

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    cli.ok(&["stop", "-t", "5", &web]);
    cli.ok(&["start", &web]);
    tui.send("0");
    tui.wait_for("Events · live", Duration::from_secs(5));
    tui.send("/");
    tui.send(&base);
    tui.send("\r");
    tui.wait_line(
        &["container", "die", &web, "exit 7"],
        Duration::from_secs(5),
    );
    tui.wait_line(&["container", "stop", &web], Duration::from_secs(5));
    let screen = tui.wait_line(&["container", "start", &web], Duration::from_secs(5));
    assert!(
        !screen.contains(&early),
        "the early container's creation came before dockhand: {screen}"
    );

    // Look back ten minutes: the engine's memory has the early creation.
    tui.send("s");
    tui.wait_for("Since (", Duration::from_secs(5));
    tui.send("10m\r");
    tui.wait_line(&["container", "create", &early], Duration::from_secs(10));
    tui.wait_for("The engine gave", Duration::from_secs(5));

    // esc clears the filter, esc again closes the view, and q quits.
    tui.send("\x1b");
    tui.wait_screen("the filter cleared", Duration::from_secs(5), |s| {
        !s.contains(&format!("/{base}"))
    });
    tui.send("\x1b");
    tui.wait_screen("the view closed", Duration::from_secs(5), |s| {
        !s.contains("Events · live")
    });
    tui.quit_and_check_restored();
}
