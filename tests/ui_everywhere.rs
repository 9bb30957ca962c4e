//! The all-hosts list as drawn: a HOST column after NAME in each host's accent, the header's
//! hosts and counts, and its merged log view naming each line's source `container@host`.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, HostSpec, Msg};
use dockhand::config::Config;
use dockhand::engine::Report;
use dockhand::engine::model::{ConnectAttempt, Container};
use dockhand::ids::HostId;
use dockhand::logs::{LogLine, Stream};
use dockhand::testing::*;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

fn specs() -> Vec<HostSpec> {
    vec![
        HostSpec {
            accent: Some(Color::Cyan),
            ..host_spec("local", "unix:///var/run/docker.sock")
        },
        HostSpec {
            accent: Some(Color::Magenta),
            ..host_spec("db1", "ssh://ops@db1:2222")
        },
    ]
}

/// A running container named `name` with an id of host `host`'s own.
fn on(host: &str, name: &str) -> Container {
    let mut c = container(&format!("{name}.{host}"), NOW);
    c.name = name.to_string();
    c
}

/// Shows host `id` with the switcher.
fn show(app: &mut App, id: HostId) -> Vec<Effect> {
    app.update(key('H'));
    app.update(code(KeyCode::Home));
    for _ in 0..=id.0 {
        app.update(code(KeyCode::Down));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert_eq!(app.active(), id);
    fx
}

fn show_all(app: &mut App) {
    app.update(key('H'));
    app.update(code(KeyCode::Home));
    app.update(code(KeyCode::Enter));
    assert!(app.screen.everywhere);
}

/// local (web, api, cache exited) and db1 (web, pg), both connected; the all-hosts list shown.
fn two(width: u16, height: u16) -> App {
    let mut app = hosts_app(
        &Config::default(),
        NOW,
        (width, height),
        &specs(),
        vec![
            on("local", "web"),
            on("local", "api"),
            exited(on("local", "cache"), 1, NOW - 120),
        ],
    );
    assert_eq!(show(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(&mut app, HostId(1), vec![on("db1", "web"), on("db1", "pg")]);
    show(&mut app, HostId(0));
    show_all(&mut app);
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

/// The column (in cells) where `needle` starts in `line`.
fn col(line: &str, needle: &str) -> Option<u16> {
    line.find(needle).map(|b| line[..b].chars().count() as u16)
}

#[test]
fn the_all_hosts_list_has_a_host_column_in_each_host_s_accent() {
    let app = two(120, 30);
    let term = render(&app);
    insta::assert_snapshot!("everywhere_120x30", term.backend());
    let lines = lines(&term);
    let header = &lines[0];
    assert!(header.contains("all hosts"), "{header}");
    assert!(header.contains("2 of 2 connected"), "{header}");
    assert!(header.contains("4/5 running"), "{header}");
    assert!(!header.contains("READ-ONLY"), "{header}");

    // HOST right after NAME.
    let (y, titles) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("NAME") && l.contains("HOST"))
        .expect("the column titles");
    let name_at = col(titles, "NAME").unwrap();
    let host_at = col(titles, "HOST").unwrap();
    let state_at = col(titles, "STATE").unwrap();
    assert!(
        name_at < host_at && host_at < state_at,
        "HOST between NAME and STATE: {titles}"
    );
    let buf = term.backend().buffer();
    let mut seen = Vec::new();
    for (row, l) in lines.iter().enumerate().skip(y + 1) {
        let cell: String = l.chars().skip(host_at as usize).take(6).collect();
        let host = cell.trim();
        let want = match host {
            "local" => Color::Cyan,
            "db1" => Color::Magenta,
            _ => continue,
        };
        let name: String = l.chars().skip(name_at as usize).take(8).collect();
        assert_eq!(
            buf[(host_at, row as u16)].fg,
            want,
            "{host}'s name in its accent on the row of {}",
            name.trim()
        );
        seen.push(format!("{}@{host}", name.trim()));
    }
    seen.sort();
    assert_eq!(
        seen,
        ["api@local", "cache@local", "pg@db1", "web@db1", "web@local"],
        "{}",
        lines.join("\n")
    );
}

fn line(text: &str, secs: i64, source: u16, stream: Stream) -> LogLine {
    LogLine {
        source,
        ..log_line(text, (NOW - 100 + secs) * 1_000_000_000, stream)
    }
}

#[test]
fn the_merged_log_pane_names_each_line_container_at_host() {
    let mut app = two(120, 30);
    // Mark web on local and pg on db1, then open the log view below the list.
    let find = |app: &App, name: &str, host: HostId| {
        app.everywhere
            .pane
            .list
            .visible()
            .position(|c| c.name == name && app.everywhere.host_of[&c.id] == host)
            .unwrap()
    };
    for (name, host) in [("web", HostId(0)), ("pg", HostId(1))] {
        app.update(key('g'));
        for _ in 0..find(&app, name, host) {
            app.update(key('j'));
        }
        app.update(key(' '));
    }
    assert_eq!(app.everywhere.pane.list.marks.len(), 2);
    let fx = app.update(key('l'));
    let (stream, containers) = fx
        .iter()
        .find_map(|f| match f {
            Effect::FollowAcross {
                stream, containers, ..
            } => Some((*stream, containers.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"));
    let source_of = |h: HostId| containers.iter().position(|(x, _)| *x == h).unwrap() as u16;
    let (web, pg) = (source_of(HostId(0)), source_of(HostId(1)));
    app.update(Msg::Engine(
        HostId::EVERYWHERE,
        Report::LogLines {
            stream,
            lines: vec![
                line("GET / 200", 1, web, Stream::Stdout),
                line("checkpoint starting", 2, pg, Stream::Stdout),
                line("GET /health 200", 3, web, Stream::Stdout),
                line("connection reset by peer", 4, pg, Stream::Stderr),
            ],
        },
    ));
    let term = render(&app);
    insta::assert_snapshot!("everywhere_logs_split_120x30", term.backend());
    let lines = lines(&term);
    let with = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}:\n{}", lines.join("\n")))
            .clone()
    };
    assert!(
        with("GET / 200").contains("web@local"),
        "{}",
        with("GET / 200")
    );
    assert!(
        with("checkpoint starting").contains("pg@db1"),
        "{}",
        with("checkpoint starting")
    );
    assert!(with("connection reset").contains("pg@db1"));
    // The list is still there above the logs, with its HOST column.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("NAME") && l.contains("HOST"))
    );
}

#[test]
fn the_all_hosts_list_shows_even_when_the_host_on_screen_has_failed() {
    let mut app = two(120, 30);
    // local goes away and fails to come back; db1 is still there.
    app.update(Msg::Engine(
        HostId(0),
        Report::Unavailable {
            attempts: vec![ConnectAttempt {
                uri: "unix:///var/run/docker.sock".into(),
                source: "config".into(),
                error: "connection refused".into(),
            }],
            problems: vec![],
            retry_in_secs: 5,
        },
    ));
    assert!(app.screen.everywhere);
    let names: Vec<String> = app
        .everywhere
        .pane
        .list
        .visible()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names.len(), 2, "only db1's rows: {names:?}");
    let term = render(&app);
    insta::assert_snapshot!("everywhere_host_on_screen_failed_120x30", term.backend());
    let lines = lines(&term);
    let screen = lines.join("\n");
    assert!(
        lines.iter().any(|l| l.contains("pg") && l.contains("db1")),
        "db1's rows are drawn:\n{screen}"
    );
}

/// A read-only host on screen hides its destructive keys on its own panes, not on the all-hosts
/// list, where each row's host decides.
#[test]
fn a_read_only_host_on_screen_does_not_hide_the_lists_actions() {
    let mut specs = specs();
    specs[0].read_only = true;
    let mut app = hosts_app(
        &Config::default(),
        NOW,
        (200, 30),
        &specs,
        vec![on("local", "web")],
    );
    let footer = |app: &App| lines(&render(app)).last().cloned().unwrap_or_default();
    let own = footer(&app);
    assert!(!own.contains(" stop "), "read-only host: {own}");
    assert_eq!(show(&mut app, HostId(1)), [Effect::Connect(HostId(1))]);
    connect_host(&mut app, HostId(1), vec![on("db1", "pg")]);
    show(&mut app, HostId(0));
    show_all(&mut app);
    let everywhere = footer(&app);
    assert!(everywhere.contains(" stop "), "all hosts: {everywhere}");
    assert!(
        !lines(&render(&app))[0].contains("READ-ONLY"),
        "the header of the list is not one host's"
    );
}
