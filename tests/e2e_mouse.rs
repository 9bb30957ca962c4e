//! End to end, the mouse against the private test engine: mouse events written to the pty as
//! a terminal writes them once mouse reporting is on (SGR: `ESC [ < b ; x ; y M` for a press,
//! `m` for a release, cells counted from 1; the wheel is button 64 up, 65 down), each result
//! read off the screen: a click selects a row, a double click opens what enter opens, the
//! wheel scrolls the full-screen logs, a click on a column title sorts by it, a click on a
//! tab shows its pane.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "e2e/tui.rs"]
mod tui;

use std::time::Duration;

use common::{setup_blocking, unique};
use tui::Tui;

/// The cell (0-based column, row) where `text` starts on the screen.
fn cell_of(screen: &str, text: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| {
            line.find(text)
                .map(|byte| (line[..byte].chars().count() as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

/// A left click at a 0-based cell: press and release, as the terminal reports them.
fn click(tui: &mut Tui, (x, y): (u16, u16)) {
    tui.send(&format!(
        "\x1b[<0;{};{}M\x1b[<0;{};{}m",
        x + 1,
        y + 1,
        x + 1,
        y + 1
    ));
}

/// A notch of the wheel at a 0-based cell.
fn wheel(tui: &mut Tui, up: bool, (x, y): (u16, u16)) {
    let button = if up { 64 } else { 65 };
    tui.send(&format!("\x1b[<{button};{};{}M", x + 1, y + 1));
}

#[test]
fn click_double_click_wheel_header_and_tab() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let base = unique("mouse");
    let (a, b, chatty) = (
        clean.container(&format!("{base}-a")),
        clean.container(&format!("{base}-b")),
        clean.container(&format!("{base}-c")),
    );
    for name in [&a, &b] {
        cli.run_detached(name, &[], &["sleep", "300"]);
    }
    cli.run_detached(
        &chatty,
        &[],
        &[
            "sh",
            "-c",
            "i=1; while [ $i -le 100 ]; do echo line-$i; i=$((i+1)); done; sleep 300",
        ],
    );

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.set_filter(&base);
    tui.wait_line(&[&chatty, "running"], Duration::from_secs(10));
    let screen = tui.wait_screen("the three rows", Duration::from_secs(10), |s| {
        s.contains(&a) && s.contains(&b)
    });

    // A click selects the row: enter then opens that container's numbers.
    click(&mut tui, cell_of(&screen, &b));
    std::thread::sleep(Duration::from_millis(600));
    tui.send("\r");
    tui.wait_for(&format!(" Stats of {b} "), Duration::from_secs(5));
    tui.send("\x1b");
    let screen = tui.wait_screen("the list back", Duration::from_secs(5), |s| {
        !s.contains(" Stats of ") && s.contains(&a)
    });

    // A double click opens what enter opens, for the row clicked.
    let at = cell_of(&screen, &a);
    click(&mut tui, at);
    click(&mut tui, at);
    tui.wait_for(&format!(" Stats of {a} "), Duration::from_secs(5));
    tui.send("\x1b");
    let screen = tui.wait_screen("the list back", Duration::from_secs(5), |s| {
        !s.contains(" Stats of ") && s.contains(&a)
    });

    // A click on a column title sorts by it (the arrow moves there); again reverses.
    let name = cell_of(&screen, "NAME");
    click(&mut tui, name);
    tui.wait_for("NAME▲", Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(600));
    click(&mut tui, name);
    tui.wait_for("NAME▼", Duration::from_secs(5));

    // The wheel scrolls the full-screen logs: up, the last lines leave; down, they are back.
    let screen = tui.screen();
    click(&mut tui, cell_of(&screen, &chatty));
    tui.send("L");
    tui.wait_for("line-100", Duration::from_secs(10));
    let middle = (80, 20);
    for _ in 0..3 {
        wheel(&mut tui, true, middle);
    }
    tui.wait_screen("the log scrolled up 9 lines", Duration::from_secs(5), |s| {
        s.contains("line-91") && !s.contains("line-92")
    });
    for _ in 0..3 {
        wheel(&mut tui, false, middle);
    }
    tui.wait_for("line-100", Duration::from_secs(5));
    // Back to the list, the logs below it; closed.
    tui.send("\x1b");
    tui.wait_screen("the list above the logs", Duration::from_secs(5), |s| {
        s.contains("NAME▼") && s.contains("Logs: ")
    });
    tui.send("l");
    let screen = tui.wait_screen("the logs closed", Duration::from_secs(5), |s| {
        !s.contains("line-100")
    });

    // A click on a tab shows its pane (numbers only: the title takes the room for names).
    let (x, y) = cell_of(&screen, " 1  2  3  4 ");
    click(&mut tui, (x + 4, y));
    tui.wait_for(" Images ", Duration::from_secs(5));
    tui.quit_and_check_restored();
}
