//! The `:` command line by its keys, on fixtures: candidates as you type, tab, the history on
//! up and down (and its saving), each kind of command's effect (a pane, an action on the
//! selection, a sort, a filter, a host, a prune preview), and what it says of a command it
//! cannot run. Snapshots of the line with its candidates and with a refusal.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg, Overlay, Pane};
use dockhand::config::Config;
use dockhand::engine::Request;
use dockhand::engine::model::ContainerOp;
use dockhand::engine::objects::PruneKind;
use dockhand::ids::HostId;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn app() -> App {
    connected_app(
        &Config::default(),
        NOW,
        (100, 24),
        vec![container("web", NOW), container("db", NOW)],
    )
}

/// Types `line` at the `:` prompt and presses enter; the effects of the enter.
fn run(app: &mut App, line: &str) -> Vec<Effect> {
    press_char(app, ':');
    for c in line.chars() {
        press_char(app, c);
    }
    app.update(code(KeyCode::Enter))
}

fn prompt_open(app: &App) -> bool {
    matches!(app.screen.overlay, Some(Overlay::Command(_)))
}

#[test]
fn candidates_show_as_you_type_and_tab_takes_them_in_turn() {
    let mut app = app();
    press_char(&mut app, ':');
    for c in "st".chars() {
        press_char(&mut app, c);
    }
    let screen = screen_text(&app);
    assert!(screen.contains(":st"), "{screen}");
    assert!(
        screen.contains("stop") && screen.contains("Stop the container"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    press(&mut app, KeyCode::Tab);
    assert!(screen_text(&app).contains(":stop"));
    press(&mut app, KeyCode::Tab);
    assert!(screen_text(&app).contains(":start"));
    press(&mut app, KeyCode::Esc);
    assert!(!prompt_open(&app));
}

#[test]
fn stop_goes_to_the_selected_container_and_is_remembered() {
    let mut app = app();
    let fx = run(&mut app, "stop");
    assert!(!prompt_open(&app));
    let stopped: Vec<String> = fx
        .iter()
        .filter_map(|f| match f {
            Effect::Engine(_, Request::Container { op, name, .. }) if *op == ContainerOp::Stop => {
                Some(name.clone())
            }
            _ => None,
        })
        .collect();
    let selected = app
        .host()
        .containers
        .list
        .selected()
        .map(|c| c.name.clone());
    assert_eq!(stopped, vec![selected.expect("a selection")]);
    // Saved for the next run.
    assert!(
        fx.contains(&Effect::SaveHistory(vec!["stop".to_string()])),
        "{fx:?}"
    );
}

#[test]
fn panes_sorts_and_filters_by_name() {
    let mut app = app();
    run(&mut app, "images");
    assert_eq!(app.screen.pane, Pane::Images);
    run(&mut app, "containers");
    assert_eq!(app.screen.pane, Pane::Containers);
    run(&mut app, "sort name");
    assert!(screen_text(&app).contains("NAME▲"), "{}", screen_text(&app));
    run(&mut app, "filter db");
    let screen = screen_text(&app);
    assert!(
        screen.contains("filter \"db\"") && !screen.contains(" web "),
        "{screen}"
    );
    run(&mut app, "filter");
    assert!(!screen_text(&app).contains("filter \"db\""));
}

#[test]
fn up_walks_the_commands_of_earlier_runs() {
    let mut app = app();
    // As the runtime loads them from the state folder.
    app.command_history = vec!["images".into(), "sort name".into()];
    press_char(&mut app, ':');
    press(&mut app, KeyCode::Up);
    assert!(screen_text(&app).contains(":sort name"));
    press(&mut app, KeyCode::Up);
    assert!(screen_text(&app).contains(":images"));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert!(screen_text(&app).contains(":█") || screen_text(&app).contains(": "));
    press(&mut app, KeyCode::Up);
    let fx = app.update(code(KeyCode::Enter));
    // Run again, it moves to the end of the history.
    assert!(fx.contains(&Effect::SaveHistory(vec![
        "images".into(),
        "sort name".into()
    ])));
    assert!(screen_text(&app).contains("NAME▲"));
}

#[test]
fn what_cannot_run_keeps_the_line_with_why_and_the_nearest_command() {
    let mut app = app();
    let fx = run(&mut app, "stp");
    assert!(fx.is_empty());
    assert!(prompt_open(&app));
    let screen = screen_text(&app);
    assert!(
        screen.contains("unknown command `stp`: did you mean `:stop`?"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    press(&mut app, KeyCode::Esc);
    run(&mut app, "scale");
    assert!(screen_text(&app).contains("`:scale` works on the swarm services pane"));
    press(&mut app, KeyCode::Esc);
    // A column without a key of its own, on the security pane (sorted by risk at first).
    run(&mut app, "security");
    assert!(screen_text(&app).contains("RISK▲"));
    run(&mut app, "sort Risk");
    assert!(screen_text(&app).contains("RISK▼"), "{}", screen_text(&app));
    run(&mut app, "sort flavour");
    assert!(screen_text(&app).contains("this pane has no column `flavour`"));
}

#[test]
fn prune_opens_its_preview_and_asks_the_engine() {
    let mut app = app();
    let fx = run(&mut app, "prune images");
    assert!(
        fx.iter().any(|f| matches!(
            f,
            Effect::Engine(
                _,
                Request::PrunePreview {
                    kind: PruneKind::DanglingImages,
                    ..
                }
            )
        )),
        "{fx:?}"
    );
    assert!(matches!(app.screen.overlay, Some(Overlay::PrunePreview(_))));
}

#[test]
fn host_shows_a_host_by_its_name() {
    let mut app = hosts_app(
        &Config::default(),
        NOW,
        (100, 24),
        &[
            host_spec("laptop", "unix:///var/run/docker.sock"),
            host_spec("prod-eu", "ssh://deploy@prod"),
        ],
        vec![container("web", NOW)],
    );
    let fx = run(&mut app, "host prod");
    assert_eq!(app.active(), HostId(1));
    assert!(fx.contains(&Effect::Connect(HostId(1))), "{fx:?}");
    run(&mut app, "host lapt");
    assert_eq!(app.active(), HostId::FIRST, "{}", screen_text(&app));
    run(&mut app, "host staging");
    assert!(screen_text(&app).contains("no host `staging`"));
}

#[test]
fn help_lists_each_command_beside_its_key() {
    let mut app = app();
    app.update(Msg::Resize {
        width: 160,
        height: 60,
    });
    press_char(&mut app, '?');
    let screen = screen_text(&app);
    assert!(screen.contains("(:toggle-all)"), "{screen}");
    for _ in 0..200 {
        press_char(&mut app, 'j');
    }
    let screen = screen_text(&app);
    assert!(screen.contains(":host NAME"), "{screen}");
}
