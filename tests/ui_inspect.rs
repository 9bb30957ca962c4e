//! The inspect view on screen (ratatui's test backend, insta snapshots): a container's
//! summary with its secrets masked and its risky settings in the theme's colour, the tree
//! with search matches highlighted, and the loading and failure screens. Colours are asserted
//! cell by cell, since snapshots drop them.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dockhand::app::{App, Msg, Overlay};
use dockhand::config::{Config, Theme};
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::inspect::{InspectKind, Json};
use dockhand::testing::*;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

fn fixture(name: &str) -> Json {
    let path = format!(
        "{}/tests/fixtures/inspect/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Json::parse(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

/// An app showing one container, with the inspect view opened on it; the request's
/// (seq, id) for the answer.
fn opened(width: u16, height: u16) -> (App, u64, String) {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize { width, height });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(vec![container("insp-demo", NOW)]),
        },
    ));
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('i'),
        KeyModifiers::NONE,
    )));
    let (seq, id) = match fx.as_slice() {
        [dockhand::app::Effect::Engine(_, Request::Inspect { seq, id, .. })] => (*seq, id.clone()),
        other => panic!("{other:?}"),
    };
    (app, seq, id)
}

fn answered(width: u16, height: u16, json: &str) -> App {
    let (mut app, seq, id) = opened(width, height);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind: InspectKind::Container,
            id,
            result: Ok(fixture(json)),
        },
    ));
    app
}

/// The first cell of `needle` on screen: (x, y).
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = cells.concat();
        if let Some(i) = line.find(needle) {
            // Cells before the match: each cell is one symbol here.
            let mut bytes = 0;
            let x = cells
                .iter()
                .take_while(|c| {
                    bytes += c.len();
                    bytes <= i
                })
                .count() as u16;
            return (x, y);
        }
    }
    panic!("{needle:?} not on screen");
}

#[test]
fn container_summary_masks_secrets_and_flags_risky_settings() {
    // Tall enough for the findings and the security section together.
    let app = answered(120, 50, "container-20.10.json");
    let term = render(&app);
    insta::assert_snapshot!("inspect_summary_top", term.backend());
    let buf = term.backend().buffer();
    let t = Theme::default();
    // Risky lines in the risky colour, label and value.
    for needle in [
        "Privileged",
        "⚠ yes: every device",
        "⚠ CAP_SYS_ADMIN",
        "⚠ unconfined",
        "Host pid namespace",
        "⚠ /tmp/dh-ia/docker.sock mounted at /var/run/docker.sock",
    ] {
        let (x, y) = find(buf, needle);
        assert_eq!(buf[(x, y)].fg, t.risky, "colour of {needle}");
    }
    // The findings come first, the worst first, each with its fix.
    let text = buffer_text(buf);
    assert!(
        text.contains("engine-socket      ⚠ high: The engine's socket is mounted"),
        "{text}"
    );
    assert!(
        text.contains("privileged         ⚠ high: Privileged; fix: drop --privileged"),
        "{text}"
    );
    // A safe line is not.
    let (x, y) = find(buf, "CAP_NET_RAW");
    assert_ne!(buf[(x, y)].fg, t.risky);
    // The first line is selected.
    let (x, y) = find(buf, "Name ");
    assert_eq!(buf[(x, y)].bg, t.selection_bg);
    assert!(!buffer_text(buf).contains("hunter2"));
}

#[test]
fn container_summary_lower_sections_and_revealed_secrets() {
    let mut app = answered(120, 40, "container-20.10.json");
    press_char(&mut app, 'G');
    let term = render(&app);
    insta::assert_snapshot!("inspect_summary_bottom", term.backend());
    let text = buffer_text(term.backend().buffer());
    assert!(text.contains("DB_PASSWORD"), "{text}");
    assert!(text.contains("••••••"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    press_char(&mut app, 'x');
    let term = render(&app);
    let text = buffer_text(term.backend().buffer());
    assert!(text.contains("hunter2"), "{text}");
    assert!(text.contains("secrets shown"), "{text}");
}

#[test]
fn tree_with_a_search_highlights_matches_and_masks_env() {
    let mut app = answered(100, 30, "container-26.1.json");
    press(&mut app, KeyCode::Tab);
    let term = render(&app);
    insta::assert_snapshot!("inspect_tree_top", term.backend());
    press_char(&mut app, '/');
    for c in "password".chars() {
        press_char(&mut app, c);
    }
    // As typed: counted, not moved to yet; the search is on the status line.
    let term = render(&app);
    insta::assert_snapshot!("inspect_tree_typing", term.backend());
    let text = buffer_text(term.backend().buffer());
    assert!(text.contains("/password 1 match "), "{text}");
    assert!(text.contains("search: password█"), "{text}");
    press(&mut app, KeyCode::Enter);
    let term = render(&app);
    insta::assert_snapshot!("inspect_tree_search", term.backend());
    let buf = term.backend().buffer();
    let t = Theme::default();
    // The match moved to stands out in the accent colour; the masked value stays masked.
    let (x, y) = find(buf, "PASSWORD=••••••");
    assert_eq!(buf[(x, y)].bg, t.accent, "the current match: DB_PASSWORD");
    assert_eq!(
        buf[(x - 3, y)].bg,
        t.selection_bg,
        "the rest of its row: selected"
    );
    assert!(!buffer_text(buf).contains("hunter2"));
    let title = buffer_text(buf);
    assert!(title.contains("/password match 1/1"), "{title}");
}

#[test]
fn loading_and_failure_screens() {
    let (mut app, seq, id) = opened(100, 14);
    insta::assert_snapshot!("inspect_loading", render(&app).backend());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind: InspectKind::Container,
            id,
            result: Err("No such container: insp-demo".into()),
        },
    ));
    let term = render(&app);
    insta::assert_snapshot!("inspect_failed", term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "could not inspect");
    assert_eq!(buf[(x, y)].fg, Theme::default().error);
}

#[test]
fn escape_sequences_from_the_engine_never_reach_the_terminal() {
    let (mut app, seq, id) = opened(100, 14);
    let hostile = Json::parse(
        r#"{"Name": "/evil\u001b]52;c;aGk=\u0007", "Config": {"Labels": {"x\u001b[2J": "\u009b31m"}, "Env": ["A=\u001b[1m"]}}"#,
    )
    .expect("json");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind: InspectKind::Container,
            id,
            result: Ok(hostile),
        },
    ));
    for _ in 0..2 {
        let term = render(&app);
        let buf = term.backend().buffer();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let s = buf[(x, y)].symbol();
                assert!(
                    !s.chars().any(|c| c.is_control()),
                    "a control character at {x},{y}: {s:?}"
                );
            }
        }
        press(&mut app, KeyCode::Tab);
        press_char(&mut app, 'Z');
    }
    assert!(matches!(app.screen.overlay, Some(Overlay::Inspect(_))));
    let text = buffer_text(render(&app).backend().buffer());
    assert!(text.contains("\\x1b"), "shown as a visible escape: {text}");
}

#[test]
fn monochrome_still_marks_risky_settings() {
    let cfg = Config {
        theme: Theme::with_overrides(&Default::default(), true).expect("theme"),
        ..Config::default()
    };
    let mut app = App::new(&cfg, NOW);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(vec![container("insp-demo", NOW)]),
        },
    ));
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('i'),
        KeyModifiers::NONE,
    )));
    let (seq, id) = match fx.as_slice() {
        [dockhand::app::Effect::Engine(_, Request::Inspect { seq, id, .. })] => (*seq, id.clone()),
        other => panic!("{other:?}"),
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind: InspectKind::Container,
            id,
            result: Ok(fixture("container-20.10.json")),
        },
    ));
    let term = render(&app);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "⚠ yes: every device");
    assert_eq!(buf[(x, y)].fg, Color::Reset, "no colour with NO_COLOR");
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD),
        "bold and the ⚠ mark carry it"
    );
}
