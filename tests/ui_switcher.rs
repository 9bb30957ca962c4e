//! The host switcher as drawn (`H`): one row per host with its state and running/total
//! containers, a failed host's reason below its row; and the header after a switch, in the
//! new host's accent.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, HostSpec, Msg};
use dockhand::config::Config;
use dockhand::engine::Report;
use dockhand::engine::model::ConnectAttempt;
use dockhand::ids::HostId;
use dockhand::testing::*;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

fn specs() -> Vec<HostSpec> {
    vec![
        host_spec("local", "unix:///var/run/docker.sock"),
        HostSpec {
            accent: Some(Color::Magenta),
            ..host_spec("db1", "ssh://ops@db1:2222")
        },
        HostSpec {
            source: "context".into(),
            read_only: true,
            ..host_spec("edge", "tcp://10.0.0.9:2376")
        },
    ]
}

/// Shows host `id` with the switcher: `H`, down to its row (below the all-hosts row), enter.
fn switch(app: &mut App, id: HostId) -> Vec<Effect> {
    app.update(key('H'));
    app.update(code(KeyCode::Home));
    for _ in 0..=id.0 {
        app.update(code(KeyCode::Down));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(app.active(), id);
    fx
}

/// local connected (1 of 2 running), db1 never shown, edge failed; local on screen.
fn three(width: u16, height: u16) -> App {
    let list = vec![
        container("web", NOW),
        exited(container("job", NOW), 0, NOW - 60),
    ];
    let mut app = hosts_app(&Config::default(), NOW, (width, height), &specs(), list);
    assert_eq!(switch(&mut app, HostId(2)), [Effect::Connect(HostId(2))]);
    switch(&mut app, HostId(0));
    app.update(Msg::Engine(
        HostId(2),
        Report::Unavailable {
            attempts: vec![ConnectAttempt {
                uri: "tcp://10.0.0.9:2376".into(),
                source: "context".into(),
                error: "connection refused".into(),
            }],
            problems: vec![],
            retry_in_secs: 5,
        },
    ));
    app
}

fn lines(term: &ratatui::Terminal<ratatui::backend::TestBackend>) -> Vec<String> {
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

fn line_with<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{}", lines.join("\n")))
}

#[test]
fn the_switcher_lists_every_host_with_its_state_at_80x24() {
    let mut app = three(80, 24);
    app.update(key('H'));
    let term = render(&app);
    insta::assert_snapshot!("switcher_80x24", term.backend());
    let lines = lines(&term);
    // Nothing that matters is cut at 80 columns: name, state, counts.
    let local = line_with(&lines, "│▶ local ");
    assert!(local.contains("connected"), "{local}");
    assert!(local.contains("1/2"), "running/total: {local}");
    let db1 = line_with(&lines, "│  db1 ");
    assert!(db1.contains("not connected"), "{db1}");
    assert!(db1.contains("ssh://ops@db1:2222"), "{db1}");
    let edge = line_with(&lines, "│  edge ");
    assert!(edge.contains("failed"), "{edge}");
    // Columns line up under their titles.
    let title = line_with(&lines, "CONTAINERS");
    let col = |l: &str, w: &str| {
        l.chars()
            .collect::<String>()
            .find(w)
            .map(|b| l[..b].chars().count())
    };
    let end_of = |l: &str, w: &str| col(l, w).map(|c| c + w.chars().count());
    assert_eq!(
        end_of(local, "1/2"),
        end_of(title, "CONTAINERS"),
        "counts under CONTAINERS"
    );
    assert_eq!(
        col(local, "config"),
        col(title, "FROM"),
        "sources under FROM"
    );
    assert_eq!(
        col(db1, "ssh://"),
        col(title, "ADDRESS"),
        "addresses under ADDRESS"
    );
    assert_eq!(
        col(local, "connected"),
        col(title, "STATE"),
        "states under STATE"
    );
    let why = line_with(&lines, "↳");
    assert!(
        why.contains("connection refused (retrying in 5 s)"),
        "the reason below the row: {why}"
    );
    let below = lines.iter().position(|l| l.contains("│  edge ")).unwrap() + 1;
    assert_eq!(lines[below], why, "right below edge's row");
}

#[test]
fn the_switcher_filtered_to_one_host() {
    let mut app = three(80, 24);
    app.update(key('H'));
    for c in "db".chars() {
        app.update(key(c));
    }
    let term = render(&app);
    insta::assert_snapshot!("switcher_filtered_80x24", term.backend());
    let lines = lines(&term);
    assert!(line_with(&lines, "filter:").contains("db"));
    let rows: Vec<&String> = lines
        .iter()
        .filter(|l| {
            ["│▶ local ", "│  db1 ", "│  edge "]
                .iter()
                .any(|r| l.contains(r))
        })
        .collect();
    assert_eq!(rows.len(), 1, "{}", lines.join("\n"));
    assert!(rows[0].contains("db1"), "{}", rows[0]);
}

#[test]
fn after_a_switch_the_header_names_the_new_host_in_its_accent() {
    let mut app = three(80, 24);
    assert_eq!(switch(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(&mut app, HostId(1), vec![container("pg", NOW)]);
    let term = render(&app);
    insta::assert_snapshot!("switched_header_80x24", term.backend());
    let buf = term.backend().buffer();
    let header: String = (0..80).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = header.find(" db1 ").expect("the host's name in the header");
    assert!(at < 20, "right after the program's name: {header}");
    let x = header[..at + 1].chars().count() as u16;
    assert_eq!(buf[(x, 0)].fg, Color::Magenta, "in db1's accent");
    assert!(!header.contains("local"), "{header}");
    assert!(
        !header.contains("READ-ONLY"),
        "db1 is not read-only: {header}"
    );
}

#[test]
fn with_more_than_one_host_the_hints_say_how_to_switch() {
    // At 80 columns the containers pane's hints are cut before it, as help and quit are.
    let app = three(200, 24);
    let lines = lines(&render(&app));
    let hints = &lines[23];
    assert!(hints.contains("H hosts"), "{hints}");
    assert!(
        hints.find("H hosts").unwrap() < hints.find(" help").expect("help"),
        "before help: {hints}"
    );
}

#[test]
fn a_read_only_host_says_so_in_the_switcher_when_there_is_room() {
    let mut app = three(120, 24);
    app.update(key('H'));
    let lines = lines(&render(&app));
    let edge = line_with(&lines, "edge");
    assert!(edge.contains("read-only"), "{edge}");
}
