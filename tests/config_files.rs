//! Config files as users write them: valid, broken in each way, and the shipped example; and
//! the other refusal before the terminal is touched: no terminal at all.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use dockhand::config::{self, Action, Config, Theme};
use ratatui::style::Color;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

fn load(name: &str) -> Result<Config, config::ConfigError> {
    config::load(&fixture(name), true, false)
}

fn error_text(name: &str) -> String {
    load(name).expect_err("fixture must be refused").to_string()
}

#[test]
fn a_valid_file_patches_the_defaults() {
    let c = load("valid_custom.toml").expect("valid");
    assert_eq!(c.host.as_deref(), Some("tcp://build-box:2375"));
    assert_eq!(c.resync_interval, Duration::from_secs(90));
    assert!(c.read_only);
    assert!(!c.show_all);
    assert_eq!(c.keymap.label(Action::Stop), "w/f9");
    assert_eq!(c.keymap.label(Action::Kill), "X");
    assert_eq!(c.keymap.label(Action::Help), "", "an empty list unbinds");
    assert_eq!(
        c.keymap.label(Action::Start),
        "S",
        "untouched actions keep their defaults"
    );
    assert_eq!(c.theme.running, Color::Rgb(0, 255, 0));
    assert_eq!(c.theme.error, Color::Indexed(208));
    assert_eq!(c.theme.paused, Theme::default().paused);
}

#[test]
fn a_missing_default_file_is_fine_but_a_missing_named_one_is_not() {
    let missing = fixture("does-not-exist.toml");
    assert_eq!(
        config::load(&missing, false, false).expect("defaults"),
        Config::default()
    );
    let e = config::load(&missing, true, false).expect_err("named file must exist");
    assert!(e.to_string().contains("cannot read it"), "{e}");
}

#[test]
fn a_wrong_type_names_file_line_key_and_expectation() {
    let text = error_text("bad_duration.toml");
    assert!(
        text.contains("bad_duration.toml:2:19: key `general.resync_interval`"),
        "{text}"
    );
    assert!(
        text.contains("expected a duration string such as \"30s\""),
        "{text}"
    );
}

#[test]
fn an_unknown_key_lists_the_valid_ones() {
    let text = error_text("unknown_key.toml");
    assert!(
        text.contains("unknown_key.toml:2:1: key `general.show_al`"),
        "{text}"
    );
    assert!(text.contains("show_all"), "{text}");
}

#[test]
fn conflicting_keys_are_all_reported_with_their_lines() {
    let text = error_text("conflicting_keys.toml");
    assert!(text.contains("`s` is bound to both"), "{text}");
    assert!(text.contains("`r` is bound to both"), "{text}");
    assert!(
        text.contains("conflicting_keys.toml:3"),
        "start is on line 3: {text}"
    );
}

#[test]
fn bad_keys_unknown_actions_and_bad_colours_are_each_reported() {
    let text = error_text("bad_key_and_colour.toml");
    assert!(
        text.contains(":2: key `keys.stop`: stop: `ctrl-` is not a key"),
        "{text}"
    );
    assert!(
        text.contains(":3: key `keys.frobnicate`: unknown action `frobnicate`"),
        "{text}"
    );
    assert!(
        text.contains(":6: key `theme.running`: running: `greenish` is not a colour"),
        "{text}"
    );
}

#[test]
fn broken_toml_points_at_the_line() {
    let text = error_text("not_toml.toml");
    assert!(text.contains("not_toml.toml:1:"), "{text}");
}

#[test]
fn the_example_file_documents_every_key_with_its_true_default() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).expect("config.example.toml exists");
    // Its values are the defaults, so loading it must give exactly the default config.
    assert_eq!(
        config::load(&path, true, false).expect("example parses"),
        Config::default()
    );
    for a in Action::ALL {
        assert!(
            text.contains(&format!("\n{} = ", a.name())),
            "action {} undocumented",
            a.name()
        );
    }
    // Commented out: set, the dark theme's colours would stay on a light terminal.
    for (key, dark, light, _) in Theme::KEYS {
        assert!(
            text.contains(&format!("\n# {key} = \"{dark}\"  # "))
                && text.contains(&format!("light: \"{light}\"")),
            "theme key {key} undocumented"
        );
    }
    for key in [
        "host",
        "resync_interval",
        "read_only",
        "show_all",
        "mouse",
        "theme",
        "tail",
        "buffer_lines",
        "buffer_bytes",
        "colors",
        "max_line_chars",
        "secret_patterns",
    ] {
        assert!(text.contains(key), "general.{key} undocumented");
    }
}

#[test]
fn a_log_buffer_too_small_to_use_is_refused() {
    let text = error_text("bad_logs.toml");
    assert!(
        text.contains("bad_logs.toml:3: key `logs.buffer_lines`: must be at least 100"),
        "{text}"
    );
}

#[test]
fn a_negative_tail_is_asked_for_in_words_under_its_full_key() {
    let text = error_text("negative_tail.toml");
    assert!(
        text.contains(
            "negative_tail.toml:2:8: key `logs.tail`: expected a whole number of lines, 0 or more"
        ),
        "{text}"
    );
    assert!(!text.contains("u64"), "{text}");
}

/// Started without a terminal (output piped, no controlling terminal, as from a service):
/// dockhand says it needs one and exits non-zero, writing nothing to its output (no escape
/// sequence, no alternate screen).
#[test]
fn without_a_terminal_dockhand_says_it_needs_one() {
    use std::process::{Command, Stdio};
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let mut child = Command::new("setsid")
        .arg(env!("CARGO_BIN_EXE_dockhand"))
        .arg("--config")
        .arg(&example)
        .args(["--host", "unix:///nonexistent/dockhand-test.sock"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("setsid runs");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("waits").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("dockhand kept running without a terminal");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{:?}", out.status);
    assert!(stderr.contains("dockhand needs a terminal"), "{stderr}");
    assert!(out.stdout.is_empty(), "{:?}", out.stdout);
}
