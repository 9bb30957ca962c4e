//! The inspect view's state machine: `i` on each pane asks the engine for the selected
//! object; replies for another request are dropped; keys move, fold, search, copy (secrets
//! masked unless revealed) and switch views. No engine, no terminal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, InspectMode, InspectState, InspectView, Msg, Overlay};
use dockhand::config::Config;
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::inspect::{InspectKind, Json};
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn fixture(name: &str) -> Json {
    let path = format!(
        "{}/tests/fixtures/inspect/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Json::parse(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

fn connected(cfg: Config, names: &[&str]) -> App {
    let list = names.iter().map(|n| container(n, NOW)).collect();
    connected_app(&cfg, NOW, (120, 30), list)
}

/// The request `i` sent: (seq, kind, id).
fn inspect_request(fx: &[Effect]) -> (u64, InspectKind, String) {
    match fx {
        [Effect::Engine(_, Request::Inspect { seq, kind, id })] => (*seq, *kind, id.clone()),
        other => panic!("an inspect request expected, got {other:?}"),
    }
}

fn view(app: &App) -> &InspectView {
    match &app.screen.overlay {
        Some(Overlay::Inspect(v)) => v,
        other => panic!("the inspect view should be open, got {other:?}"),
    }
}

/// `i` on the selected container, answered with the Docker 20.10 fixture.
fn inspected(app: &mut App) -> (u64, String) {
    let fx = app.update(key('i'));
    let (seq, kind, id) = inspect_request(&fx);
    assert_eq!(kind, InspectKind::Container);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind,
            id: id.clone(),
            result: Ok(fixture("container-20.10.json")),
        },
    ));
    (seq, id)
}

fn clipboard(fx: &[Effect]) -> String {
    match fx {
        [Effect::Clipboard(text)] => text.clone(),
        other => panic!("a clipboard effect expected, got {other:?}"),
    }
}

fn selected_path(app: &App) -> String {
    let l = view(app).loaded().expect("loaded");
    l.tree.path(l.tree.selected_node().expect("a row selected"))
}

#[test]
fn i_asks_for_the_selected_container_and_shows_loading_then_the_summary() {
    let mut app = connected(Config::default(), &["web", "db"]);
    let want = app
        .host()
        .containers
        .list
        .selected()
        .map(|c| c.id.clone())
        .expect("sel");
    let fx = app.update(key('i'));
    let (seq, kind, id) = inspect_request(&fx);
    assert_eq!((kind, id.as_str()), (InspectKind::Container, want.as_str()));
    assert_eq!(view(&app).state, InspectState::Loading);
    assert_eq!(view(&app).label, "db", "the selected row (sorted by name)");

    // A reply to another request, or about another object, is dropped.
    for (s, i) in [(seq + 1, id.clone()), (seq, "other".to_string())] {
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::Inspected {
                seq: s,
                kind,
                id: i,
                result: Ok(fixture("container-26.1.json")),
            },
        ));
        assert_eq!(view(&app).state, InspectState::Loading);
    }
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind,
            id,
            result: Ok(fixture("container-20.10.json")),
        },
    ));
    let v = view(&app);
    assert_eq!(v.mode, InspectMode::Summary);
    let l = v.loaded().expect("loaded");
    assert!(l.summary.is_some());
    assert_eq!(l.item, 0);

    // Closing drops the view; a late reply does not bring it back.
    app.update(code(KeyCode::Esc));
    assert!(app.screen.overlay.is_none());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind,
            id: "x".into(),
            result: Ok(Json::Null),
        },
    ));
    assert!(app.screen.overlay.is_none());
}

#[test]
fn a_failed_inspect_shows_the_engines_message_and_closes_with_q() {
    let mut app = connected(Config::default(), &["web"]);
    let (seq, kind, id) = inspect_request(&app.update(key('i')));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind,
            id,
            result: Err("No such container: web".into()),
        },
    ));
    assert_eq!(
        view(&app).state,
        InspectState::Failed("No such container: web".into())
    );
    // Keys that need a loaded view do nothing; q closes (and does not quit).
    assert!(app.update(key('y')).is_empty());
    assert!(app.update(key('q')).is_empty());
    assert!(app.screen.overlay.is_none());
    assert!(!app.screen.quitting);
}

#[test]
fn every_pane_inspects_its_own_kind_of_object() {
    let mut app = connected(Config::default(), &["web"]);
    let fx = app.update(key('2'));
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::ListImages { seq })] => *seq,
        other => panic!("{other:?}"),
    };
    let img = image("abc", Some("web:1"), 5, NOW);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Images {
            seq,
            result: Ok(vec![img.clone()]),
        },
    ));
    let (_, kind, id) = inspect_request(&app.update(key('i')));
    assert_eq!((kind, id), (InspectKind::Image, img.id.to_string()));
    assert_eq!(
        view(&app).mode,
        InspectMode::Tree,
        "only containers have a summary"
    );
    assert_eq!(view(&app).label, "web:1");
    app.update(code(KeyCode::Esc));

    let fx = app.update(key('3'));
    let seq = fx
        .iter()
        .find_map(|e| match e {
            Effect::Engine(_, Request::ListVolumes { seq }) => Some(*seq),
            _ => None,
        })
        .expect("volumes listed");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Volumes {
            seq,
            result: Ok(vec![volume("data", None)]),
        },
    ));
    let (_, kind, id) = inspect_request(&app.update(key('i')));
    assert_eq!((kind, id.as_str()), (InspectKind::Volume, "data"));
    app.update(code(KeyCode::Esc));

    let fx = app.update(key('4'));
    let seq = match fx.as_slice() {
        [Effect::Engine(_, Request::ListNetworks { seq })] => *seq,
        other => panic!("{other:?}"),
    };
    let net = network("backend", "bridge", &[]);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Networks {
            seq,
            result: Ok(vec![net.clone()]),
        },
    ));
    let (seq, kind, id) = inspect_request(&app.update(key('i')));
    assert_eq!(
        (kind, id.clone()),
        (InspectKind::Network, net.id.to_string())
    );
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Inspected {
            seq,
            kind,
            id,
            result: Ok(fixture("network-26.1.json")),
        },
    ));
    // tab does nothing without a summary (and never switches panes underneath).
    app.update(code(KeyCode::Tab));
    assert_eq!(view(&app).mode, InspectMode::Tree);
    assert_eq!(app.screen.pane, dockhand::app::Pane::Networks);
}

#[test]
fn inspect_works_in_read_only_mode_and_needs_a_connection() {
    let cfg = Config {
        read_only: true,
        ..Config::default()
    };
    let mut app = connected(cfg, &["web"]);
    inspect_request(&app.update(key('i')));
    app.update(code(KeyCode::Esc));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Lost {
            reason: "gone".into(),
        },
    ));
    assert!(app.update(key('i')).is_empty());
    assert!(app.screen.overlay.is_none());
}

#[test]
fn the_summary_copies_masked_secrets_until_revealed_and_tab_shows_the_tree() {
    let mut app = connected(Config::default(), &["web"]);
    inspected(&mut app);
    // Down to the DB_PASSWORD line (the first environment line).
    let target = view(&app)
        .loaded()
        .and_then(|l| l.summary.as_ref())
        .and_then(|s| s.items().position(|i| i.label == "DB_PASSWORD"))
        .expect("env in the summary");
    for _ in 0..target {
        app.update(key('j'));
    }
    assert_eq!(view(&app).loaded().map(|l| l.item), Some(target));
    assert_eq!(clipboard(&app.update(key('y'))), "••••••");
    assert_eq!(clipboard(&app.update(key('Y'))), ".Config.Env[0]");
    app.update(key('x'));
    assert_eq!(clipboard(&app.update(key('y'))), "hunter2");
    app.update(key('x'));
    assert_eq!(clipboard(&app.update(key('y'))), "••••••");
    assert!(
        app.screen
            .toasts
            .iter()
            .any(|t| t.text.contains("copied the value of .Config.Env[0]")),
        "a toast says what was copied"
    );

    // Enter shows the line's field in the tree, unfolded and selected.
    app.update(code(KeyCode::Enter));
    assert_eq!(view(&app).mode, InspectMode::Tree);
    assert_eq!(selected_path(&app), ".Config.Env[0]");
    assert_eq!(
        clipboard(&app.update(key('y'))),
        "DB_PASSWORD=••••••",
        "masked in the tree too"
    );
    app.update(code(KeyCode::Tab));
    assert_eq!(view(&app).mode, InspectMode::Summary);
    app.update(code(KeyCode::Tab));
    assert_eq!(view(&app).mode, InspectMode::Tree);
}

#[test]
fn tree_keys_move_fold_and_unfold() {
    let mut app = connected(Config::default(), &["web"]);
    inspected(&mut app);
    app.update(code(KeyCode::Tab));
    assert_eq!(selected_path(&app), ".Id");
    let rows = |app: &App| view(app).loaded().map_or(0, |l| l.tree.rows().len());
    let before = rows(&app);
    app.update(key('G'));
    app.update(key('g'));
    assert_eq!(selected_path(&app), ".Id");
    // Down to State (.Id, .Created, .Path, .Args (open: 2 entries), .State).
    for _ in 0..6 {
        app.update(key('j'));
    }
    assert_eq!(selected_path(&app), ".State");
    app.update(key('h'));
    assert_eq!(rows(&app), before - 11, "State's 11 fields folded away");
    app.update(key('l'));
    assert_eq!(rows(&app), before);
    app.update(key('l'));
    assert_eq!(selected_path(&app), ".State.Status", "into the open object");
    app.update(key('h'));
    assert_eq!(
        selected_path(&app),
        ".State",
        "a value's fold goes to its parent"
    );
    app.update(key(' '));
    assert_eq!(rows(&app), before - 11);
    app.update(code(KeyCode::Enter));
    assert_eq!(rows(&app), before);
    app.update(key('z'));
    let folded = rows(&app);
    assert!(folded < before);
    assert_eq!(selected_path(&app), ".State");
    app.update(key('Z'));
    let all = view(&app).loaded().map_or(0, |l| l.tree.len());
    assert_eq!(rows(&app), all);
    // The mouse wheel moves the selection too, three rows a notch.
    let row = |app: &App| view(app).loaded().map_or(0, |l| l.tree.selected_row());
    let at = row(&app);
    wheel(&mut app, false, (10, 10));
    assert_eq!(row(&app), at + 3);
}

#[test]
fn search_highlights_as_you_type_and_next_previous_unfold_the_matches() {
    let mut app = connected(Config::default(), &["web"]);
    inspected(&mut app);
    app.update(key('/'));
    assert_eq!(
        view(&app).mode,
        InspectMode::Tree,
        "search is over the tree"
    );
    assert_eq!(view(&app).search_input.as_deref(), Some(""));
    for c in "sock".chars() {
        app.update(key(c));
    }
    let v = view(&app);
    assert_eq!(v.search_input.as_deref(), Some("sock"));
    let l = v.loaded().expect("loaded");
    let paths: Vec<String> = l.tree.matches().iter().map(|&i| l.tree.path(i)).collect();
    assert_eq!(
        paths,
        [
            ".HostConfig.Binds[0]",
            ".Mounts[0].Source",
            ".Mounts[0].Destination"
        ]
    );
    assert_eq!(l.tree.current_match(), None, "typing does not move");
    // Keys are text while typing: `q` is a letter, not close.
    app.update(key('q'));
    assert_eq!(view(&app).search_input.as_deref(), Some("sockq"));
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::Enter));
    assert_eq!(view(&app).search_input, None);
    assert_eq!(
        selected_path(&app),
        ".HostConfig.Binds[0]",
        "HostConfig was folded"
    );
    app.update(key('n'));
    assert_eq!(selected_path(&app), ".Mounts[0].Source");
    app.update(key('N'));
    app.update(key('N'));
    assert_eq!(
        selected_path(&app),
        ".Mounts[0].Destination",
        "wraps around"
    );
    // Esc while typing clears the search.
    app.update(key('/'));
    app.update(key('x'));
    app.update(code(KeyCode::Esc));
    let l = view(&app).loaded().expect("loaded");
    assert!(l.tree.matches().is_empty());
    assert_eq!(l.tree.query(), "");
    // No match: said, nothing moves.
    app.update(key('/'));
    for c in "nothing-like-this".chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter));
    assert_eq!(selected_path(&app), ".Mounts[0].Destination");
    assert!(
        app.screen
            .toasts
            .iter()
            .any(|t| t.text == "no match for nothing-like-this")
    );
}

#[test]
fn a_hidden_secret_cannot_be_found_by_search_until_revealed() {
    let mut app = connected(Config::default(), &["web"]);
    inspected(&mut app);
    app.update(key('/'));
    for c in "hunter".chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter));
    assert!(
        view(&app)
            .loaded()
            .expect("loaded")
            .tree
            .matches()
            .is_empty()
    );
    app.update(key('x'));
    let l = view(&app).loaded().expect("loaded");
    assert_eq!(l.tree.matches().len(), 1);
    app.update(key('n'));
    assert_eq!(selected_path(&app), ".Config.Env[0]");
    assert_eq!(clipboard(&app.update(key('y'))), "DB_PASSWORD=hunter2");
    assert_eq!(clipboard(&app.update(key('Y'))), ".Config.Env[0]");
}

#[test]
fn configured_secret_patterns_reach_the_view() {
    let mut cfg = Config::default();
    cfg.inspect.secret_patterns = vec!["plain".into()];
    let mut app = connected(cfg, &["web"]);
    inspected(&mut app);
    let s = view(&app)
        .loaded()
        .and_then(|l| l.summary.clone())
        .expect("summary");
    let secret: Vec<&str> = s
        .items()
        .filter(|i| i.secret)
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(secret, ["PLAIN"]);
}
