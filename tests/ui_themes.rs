//! The containers pane in both built-in themes, colours and all (`styled_text`): the state
//! colours, the header, the selection and a mark, as the dark and the light theme paint them;
//! `[theme]` colours over light; and NO_COLOR over both.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use dockhand::app::App;
use dockhand::config::{self, Builtin, Config};
use dockhand::engine::model::{ContainerState, Health};
use dockhand::testing::*;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

fn config(text: &str, no_color: bool) -> Config {
    config::parse(text, Path::new("/cfg.toml"), no_color).expect("valid config")
}

/// Every state a row can be painted in; the first row marked (space marks and moves down),
/// the second (unhealthy: its state keeps its colour on the selection) selected.
fn pane(cfg: &Config) -> App {
    let list = vec![
        with_health(container("api", NOW), Health::Healthy),
        with_health(container("cache", NOW), Health::Unhealthy),
        with_state(container("worker", NOW), ContainerState::Paused),
        exited(container("migrate", NOW), 0, NOW - 7200),
        exited(container("crashed", NOW), 137, NOW - 2 * 86_400),
        with_state(container("fresh", NOW), ContainerState::Created),
    ];
    let mut app = connected_app(cfg, NOW, (100, 12), list);
    press_char(&mut app, ' ');
    app
}

fn styled(app: &App) -> String {
    styled_text(render(app).backend().buffer())
}

#[test]
fn containers_in_the_dark_theme() {
    let cfg = config("[general]\ntheme = \"dark\"\n", false);
    insta::assert_snapshot!("containers_dark", styled(&pane(&cfg)));
}

#[test]
fn containers_in_the_light_theme() {
    let cfg = config("[general]\ntheme = \"light\"\n", false);
    insta::assert_snapshot!("containers_light", styled(&pane(&cfg)));
}

#[test]
fn auto_paints_what_it_settles_to() {
    let mut cfg = config("", false);
    cfg.settle_theme(Builtin::Light);
    let light = config("[general]\ntheme = \"light\"\n", false);
    assert_eq!(styled(&pane(&cfg)), styled(&pane(&light)));
}

#[test]
fn theme_colours_go_over_light() {
    let cfg = config(
        "[general]\ntheme = \"light\"\n[theme]\nrunning = \"#00aa00\"\n",
        false,
    );
    let light = config("[general]\ntheme = \"light\"\n", false);
    let (with, without) = (styled(&pane(&cfg)), styled(&pane(&light)));
    let api = |s: &str| -> String {
        let mut lines = s.lines().skip_while(|l| !l.contains("api  "));
        lines.nth(1).expect("the api row's styles").to_string()
    };
    assert!(api(&with).contains("fg=#00AA00"), "{with}");
    assert!(!api(&without).contains("#00AA00"), "{without}");
    // The rest is light's.
    assert_eq!(with.replace("fg=#00AA00", "fg=22"), without);
    assert_eq!(cfg.theme.selection_bg, light.theme.selection_bg);
    assert_eq!(cfg.theme.running, Color::Rgb(0, 0xaa, 0));
}

#[test]
fn no_color_wins_over_either_theme() {
    for name in ["dark", "light"] {
        let mut cfg = config(
            &format!("[general]\ntheme = \"{name}\"\n[theme]\naccent = \"red\"\n"),
            true,
        );
        cfg.settle_theme(Builtin::Light);
        let s = styled(&pane(&cfg));
        assert!(!s.contains("fg="), "{name}: no colour: {s}");
        assert!(!s.contains("bg="), "{name}: no colour: {s}");
        assert!(s.contains("+reversed"), "{name}: the selection is reversed");
    }
}
