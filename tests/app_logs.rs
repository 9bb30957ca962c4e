//! The log pane's state machine: which stream is followed, batches of lines, scrolling,
//! toggles. No engine.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dockhand::app::logs::LogMode;
use dockhand::app::{App, Effect, Folders, Msg, Overlay};
use dockhand::config::Config;
use dockhand::engine::logs::{LogEnd, LogGap};
use dockhand::engine::{Report, Request};
use dockhand::ids::ContainerId;
use dockhand::ids::HostId;
use dockhand::logs::ansi::StyledText;
use dockhand::logs::{LogLine, Stream};
use dockhand::testing::*;
use dockhand::time::Nanos;

const NOW: i64 = 1_764_400_000;

fn connected(names: &[&str]) -> App {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let list = names.iter().map(|n| container(n, NOW)).collect();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(list),
        },
    ));
    app
}

fn follow_of(fx: &[Effect]) -> (u64, Vec<ContainerId>) {
    fx.iter()
        .find_map(|e| match e {
            Effect::Engine(
                _,
                Request::FollowLogs {
                    stream, containers, ..
                },
            ) => Some((*stream, containers.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a FollowLogs effect expected: {fx:?}"))
}

/// Lines of log stream `stream`, as the engine worker delivers them.
fn log_lines(stream: u64, lines: Vec<LogLine>) -> Msg {
    Msg::Engine(HostId::FIRST, Report::LogLines { stream, lines })
}

fn lines(from: usize, to: usize, stream: Stream) -> Vec<LogLine> {
    (from..to)
        .map(|n| log_line(&format!("line {n}"), n as i64 * 1_000_000, stream))
        .collect()
}

#[test]
fn opening_logs_follows_the_selected_container_and_moving_switches_streams() {
    let mut app = connected(&["a", "b"]);
    let a = app
        .host()
        .containers
        .list
        .selected()
        .map(|c| c.id.clone())
        .expect("a");
    let fx = app.update(key('l'));
    assert_eq!(app.host().logs.mode, LogMode::Split);
    let (first, ids) = follow_of(&fx);
    assert_eq!(ids, [a]);
    // Moving the selection stops that stream and follows the next container.
    let fx = app.update(key('j'));
    assert!(
        fx.contains(&Effect::Engine(
            HostId::FIRST,
            Request::StopLogs { stream: first }
        )),
        "{fx:?}"
    );
    let (second, ids) = follow_of(&fx);
    assert!(second > first);
    assert_eq!(
        app.host()
            .logs
            .target
            .as_ref()
            .map(|t| t.containers[0].name.as_str()),
        Some("b")
    );
    assert_eq!(ids.len(), 1);
    // Lines of the old stream arriving late are dropped.
    app.update(log_lines(first, lines(0, 5, Stream::Stdout)));
    assert_eq!(app.host().logs.lines.len(), 0);
    app.update(log_lines(second, lines(0, 5, Stream::Stdout)));
    assert_eq!(app.host().logs.lines.len(), 5);
    // Closing stops the stream.
    let fx = app.update(key('l'));
    assert_eq!(
        fx,
        [Effect::Engine(
            HostId::FIRST,
            Request::StopLogs { stream: second }
        )]
    );
    assert_eq!(app.host().logs.mode, LogMode::Closed);
}

#[test]
fn full_screen_keys_scroll_pause_and_toggle() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 100, Stream::Stdout)));
    assert!(app.host().logs.follow);
    // k scrolls up: paused; lines that arrive are counted, not shown.
    app.update(key('k'));
    assert!(!app.host().logs.follow);
    app.update(log_lines(stream, lines(100, 110, Stream::Stderr)));
    assert_eq!(app.host().logs.new_while_paused, 10);
    // j and list keys do not move the container selection here: they scroll logs.
    app.update(key('G'));
    assert!(app.host().logs.follow);
    app.update(key('t'));
    assert!(app.host().logs.timestamps);
    app.update(key('e'));
    assert!(!app.host().logs.show_stderr);
    app.update(key('w'));
    assert!(app.host().logs.wrap);
    // esc goes back to the list with logs below it; q still quits from anywhere.
    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert_eq!(app.host().logs.mode, LogMode::Split);
}

#[test]
fn an_ended_stream_says_why_until_it_resumes() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('l'));
    let (stream, _) = follow_of(&fx);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogEnded {
            stream,
            source: 0,
            reason: LogEnd::Stopped {
                status: String::new(),
                exit_code: None,
            },
        },
    ));
    assert_eq!(
        app.host().logs.ended.as_deref(),
        Some("the container stopped")
    );
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogResumed { stream, source: 0 },
    ));
    assert_eq!(app.host().logs.ended, None);
}

/// The texts of the kept lines, dockhand's markers in brackets.
fn kept(app: &App) -> Vec<String> {
    app.host()
        .logs
        .lines
        .iter()
        .map(|l| {
            if l.marker {
                format!("[{}]", l.text.text)
            } else {
                l.text.text.clone()
            }
        })
        .collect()
}

#[test]
fn a_stop_and_a_restart_leave_marker_lines_in_the_log() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 2, Stream::Stdout)));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogEnded {
            stream,
            source: 0,
            reason: LogEnd::Stopped {
                status: "exited".into(),
                exit_code: Some(3),
            },
        },
    ));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogResumed { stream, source: 0 },
    ));
    app.update(log_lines(stream, lines(2, 3, Stream::Stdout)));
    assert_eq!(
        kept(&app),
        [
            "line 0",
            "line 1",
            "[the container exited with code 3]",
            "[the container started again]",
            "line 2"
        ]
    );
    // Markers are not the container's output: never a match, never saved; but they are on
    // screen, so a copy of the view has them.
    app.update(key('/'));
    for c in "container".chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter));
    assert!(app.host().logs.search.matches.is_empty());
    assert_eq!(app.host().logs.plain_lines().len(), 3);
    // Esc while typing a search drops it.
    app.update(key('/'));
    app.update(code(KeyCode::Esc));
    let fx = app.update(key('y'));
    assert_eq!(
        fx,
        [Effect::Clipboard(
            "line 0\nline 1\n── the container exited with code 3 ──\n\
             ── the container started again ──\nline 2"
                .into()
        )]
    );
}

/// A gap a follow left to keep up with a flood: 4.2 million lines between 07:06:41 and
/// 07:06:49 (UTC).
fn flood_gap(stream: u64, source: u16) -> Msg {
    let after = Nanos::from_secs(NOW + 1).plus(100_000_000);
    Msg::Engine(
        HostId::FIRST,
        Report::LogSkipped {
            stream,
            source,
            gap: LogGap {
                after,
                before: after.plus(8_250_000_000),
                about: Some(4_180_000),
            },
        },
    )
}

#[test]
fn a_flood_gap_is_a_marker_line_that_says_what_was_left_out_and_how_to_get_it() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 2, Stream::Stdout)));
    app.update(flood_gap(stream, 0));
    // A gap of an older stream is dropped, as its lines are.
    app.update(flood_gap(stream + 100, 0));
    app.update(log_lines(stream, lines(2, 3, Stream::Stdout)));
    assert_eq!(
        kept(&app),
        [
            "line 0",
            "line 1",
            "[about 4.2 million lines skipped to keep up (07:06:41–07:06:49 UTC); \
             S saves the whole log]",
            "line 2"
        ]
    );
    // Its time is where the lines left out begin, so it sorts among the lines.
    let marker = &app.host().logs.lines.iter().nth(2).expect("the gap").ts;
    assert_eq!(*marker, Some(Nanos::from_secs(NOW + 1).plus(100_000_000)));
    // Not the container's output: never a match, never saved.
    assert_eq!(app.host().logs.plain_lines().len(), 3);
    // And S does what it says.
    app.update(key('S'));
    assert!(
        matches!(app.screen.overlay, Some(Overlay::Prompt(_))),
        "S asks where to save the whole log: {:?}",
        app.screen.overlay
    );
}

#[test]
fn a_gap_in_a_merged_log_names_the_save_key_only_for_the_container_it_saves() {
    let mut app = connected(&["a", "b"]);
    app.update(key('l'));
    app.update(key(' '));
    let fx = app.update(key(' '));
    let (stream, _) = follow_of(&fx);
    app.update(flood_gap(stream, 1));
    app.update(flood_gap(stream, 0));
    let gaps: Vec<(u16, String)> = app
        .host()
        .logs
        .lines
        .iter()
        .map(|l| (l.source, l.text.text.clone()))
        .collect();
    assert_eq!(
        gaps,
        [
            (
                1,
                "about 4.2 million lines skipped to keep up (07:06:41–07:06:49 UTC)".into()
            ),
            (
                0,
                "about 4.2 million lines skipped to keep up (07:06:41–07:06:49 UTC); \
                 S saves the whole log"
                    .into()
            ),
        ]
    );
}

#[test]
fn a_merged_log_has_ended_only_when_every_container_has() {
    let mut app = connected(&["a", "b"]);
    app.update(key('l'));
    app.update(key(' '));
    let fx = app.update(key(' '));
    let (stream, _) = follow_of(&fx);
    let stopped = |source| {
        Msg::Engine(
            HostId::FIRST,
            Report::LogEnded {
                stream,
                source,
                reason: LogEnd::Stopped {
                    status: "exited".into(),
                    exit_code: Some(0),
                },
            },
        )
    };
    app.update(stopped(1));
    assert_eq!(app.host().logs.ended, None, "a is still followed");
    let marker = app.host().logs.lines.back().expect("a marker");
    assert!(marker.marker && marker.source == 1, "{marker:?}");
    app.update(stopped(0));
    assert_eq!(
        app.host().logs.ended.as_deref(),
        Some("the container exited with code 0")
    );
}

/// Lines as a JSON logger writes them: every third an error.
fn json_lines(n: usize) -> Vec<LogLine> {
    (0..n)
        .map(|i| {
            let level = if i % 3 == 0 { "error" } else { "info" };
            LogLine {
                ts: Some(Nanos(i as i64 * 1_000_000)),
                text: StyledText {
                    text: format!(r#"{{"level":"{level}","msg":"request {i}"}}"#),
                    spans: vec![],
                },
                ..LogLine::default()
            }
        })
        .collect()
}

fn search(app: &mut App, pattern: &str) {
    app.update(key('/'));
    for _ in 0..app.host().logs.search.input.chars().count() {
        app.update(code(KeyCode::Backspace));
    }
    for c in pattern.chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter));
}

#[test]
fn search_finds_what_the_json_views_show() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, json_lines(30)));
    // J twice: key=value, where every third line shows level=error.
    app.update(key('J'));
    app.update(key('J'));
    search(&mut app, "level=error");
    assert_eq!(app.host().logs.search.matches.len(), 10);
    // The pretty view shows `"level": "error"`: the raw spelling is not on screen.
    app.update(key('J'));
    app.update(key('J'));
    assert_eq!(app.host().logs.json, dockhand::app::logs::JsonMode::Pretty);
    search(&mut app, r#""level":"error""#);
    assert_eq!(app.host().logs.search.matches.len(), 0);
    search(&mut app, r#""level": "error""#);
    assert_eq!(app.host().logs.search.matches.len(), 10);
    // Changing the view searches again: back to the raw lines, the pretty spelling is gone.
    app.update(key('J'));
    app.update(key('J'));
    assert_eq!(app.host().logs.search.matches.len(), 0);
    // New lines are searched as shown too.
    app.update(key('J'));
    search(&mut app, r#""level": "error""#);
    app.update(log_lines(stream, json_lines(3)));
    assert_eq!(app.host().logs.search.matches.len(), 11);
}

#[test]
fn copy_takes_what_is_shown_and_says_it_was_sent_to_the_terminal() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, json_lines(2)));
    app.update(key('J'));
    app.update(key('J'));
    app.update(key('t'));
    let fx = app.update(key('y'));
    assert_eq!(
        fx,
        [Effect::Clipboard(
            "00:00:00.000 level=error msg=\"request 0\"\n\
             00:00:00.001 level=info msg=\"request 1\""
                .into()
        )]
    );
    let toast = app.screen.toasts.latest().map(|t| t.text.clone());
    assert_eq!(
        toast.as_deref(),
        Some("sent 2 lines to the terminal's clipboard")
    );
}

#[test]
fn n_goes_to_the_nearest_match_above_and_capital_n_below() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 100, Stream::Stdout)));
    // Matches: line 5, 15, 25, ..., 95.
    search(&mut app, "5");
    assert!(app.host().logs.follow, "searching does not move the view");
    app.update(key('n'));
    assert_eq!(app.host().logs.search.current, Some(95), "the newest first");
    app.update(key('n'));
    assert_eq!(app.host().logs.search.current, Some(85));
    app.update(key('N'));
    app.update(key('N'));
    assert_eq!(app.host().logs.search.current, Some(5), "below 95: wraps");
}

#[test]
fn a_saved_log_is_proposed_with_its_folder_and_the_message_says_where_it_went() {
    let mut app = connected(&["a"]);
    app.settings.folders = Folders {
        save: Some("/home/ana/Downloads".into()),
        current: Some("/srv/app".into()),
    };
    app.update(key('L'));
    app.update(key('s'));
    let proposed = match &app.screen.overlay {
        Some(Overlay::Prompt(p)) => p.input.clone(),
        other => panic!("a prompt expected: {other:?}"),
    };
    assert_eq!(proposed, "/home/ana/Downloads/a-20251129-070640.log");
    app.update(code(KeyCode::Esc));
    // A name typed without a folder is saved in the current one, and the message says so.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LinesSaved {
            path: "mine.log".into(),
            result: Ok(4),
        },
    ));
    let toast = app.screen.toasts.latest().map(|t| t.text.clone());
    assert_eq!(toast.as_deref(), Some("saved 4 lines to /srv/app/mine.log"));
}

#[test]
fn memory_is_bounded_by_the_configured_buffer() {
    let mut cfg = Config::default();
    cfg.logs.buffer_lines = 1000;
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
            result: Ok(vec![container("a", NOW)]),
        },
    ));
    let fx = app.update(key('l'));
    let (stream, _) = follow_of(&fx);
    for batch in 0..50 {
        app.update(log_lines(
            stream,
            lines(batch * 1000, (batch + 1) * 1000, Stream::Stdout),
        ));
    }
    assert_eq!(app.host().logs.lines.len(), 1000);
    assert_eq!(app.host().logs.lines.evicted(), 49_000);
}

#[test]
fn search_counts_highlights_jumps_and_filters_with_context() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 100, Stream::Stdout)));
    app.update(key('/'));
    for c in "line 1".chars() {
        app.update(key(c));
    }
    // As you type: "line 1", "line 10".."line 19" = 11 matches.
    assert_eq!(app.host().logs.search.matches.len(), 11);
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(!app.host().logs.search.editing);
    // New lines are searched as they come.
    app.update(log_lines(stream, lines(100, 111, Stream::Stdout)));
    assert_eq!(
        app.host().logs.search.matches.len(),
        11 + 11,
        "line 100..=110 match too"
    );
    // n goes to a match and pauses there.
    app.update(key('n'));
    assert!(!app.host().logs.follow);
    let current = app.host().logs.search.current.expect("a current match");
    assert_eq!(
        current, 110,
        "upwards from the bottom, the newest match first"
    );
    app.update(key('n'));
    assert_eq!(app.host().logs.search.current, Some(109));
    // f shows only matches; c adds context around them.
    app.update(key('f'));
    assert!(app.host().logs.filtering());
    assert!(app.host().logs.shows_at(19) && !app.host().logs.shows_at(20));
    app.update(key('c'));
    assert!(
        app.host().logs.shows_at(21) && !app.host().logs.shows_at(22),
        "2 lines of context after 19"
    );
    // R makes it a regex; an invalid one says why and matches nothing.
    app.update(key('R'));
    app.update(key('/'));
    app.update(key('('));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(app.host().logs.search.error.is_some());
    assert!(app.host().logs.search.matches.is_empty());
}

#[test]
fn marked_containers_are_followed_together() {
    let mut app = connected(&["a", "b", "c"]);
    app.update(key('l'));
    app.update(key(' ')); // marks a
    let fx = app.update(key(' ')); // marks b
    let (_, ids) = follow_of(&fx);
    assert_eq!(ids.len(), 2, "a and b merged: {fx:?}");
    assert_eq!(
        app.host().logs.target.as_ref().map(|t| t.title()),
        Some("2 containers".into())
    );
    // Clearing the marks goes back to the selected container alone.
    let fx = app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    let (_, ids) = follow_of(&fx);
    assert_eq!(ids.len(), 1);
}

#[test]
fn a_time_window_reopens_the_stream_from_its_start() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (first, _) = follow_of(&fx);
    app.update(key('T'));
    for c in "10m".chars() {
        app.update(key(c));
    }
    let fx = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(
        fx.contains(&Effect::Engine(
            HostId::FIRST,
            Request::StopLogs { stream: first }
        )),
        "{fx:?}"
    );
    let since = fx.iter().find_map(|e| match e {
        Effect::Engine(_, Request::FollowLogs { since, until, .. }) => Some((*since, *until)),
        _ => None,
    });
    assert_eq!(since, Some((Some(Nanos::from_secs(NOW - 600)), None)));
    // A bad window says why and changes nothing.
    app.update(key('T'));
    for _ in 0..3 {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
    for c in "soon".chars() {
        app.update(key(c));
    }
    let fx = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(fx.is_empty());
    // The prompt stays open with the text and why, to be mended.
    assert!(
        matches!(&app.screen.overlay, Some(Overlay::Prompt(p))
            if p.input == "soon" && p.error.as_deref().is_some_and(|e| e.contains("neither a duration"))),
        "{:?}",
        app.screen.overlay
    );
}

#[test]
fn copy_takes_the_current_match_or_the_lines_in_view() {
    let mut app = connected(&["a"]);
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 3, Stream::Stdout)));
    let fx = app.update(key('y'));
    assert_eq!(fx, [Effect::Clipboard("line 0\nline 1\nline 2".into())]);
    app.update(key('/'));
    for c in "line 1".chars() {
        app.update(key(c));
    }
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    app.update(key('n'));
    let fx = app.update(key('y'));
    assert_eq!(fx, [Effect::Clipboard("line 1".into())]);
}

#[test]
fn the_wheel_scrolls_full_screen_logs_and_otherwise_the_list() {
    let mut app = connected(&["a", "b", "c", "d"]);
    wheel(&mut app, false, (10, 10));
    assert_eq!(
        app.host()
            .containers
            .list
            .selected()
            .map(|c| c.name.as_str()),
        Some("d")
    );
    let fx = app.update(key('L'));
    let (stream, _) = follow_of(&fx);
    app.update(log_lines(stream, lines(0, 50, Stream::Stdout)));
    wheel(&mut app, true, (10, 10));
    assert!(!app.host().logs.follow);
    assert_eq!(app.host().logs.bottom(), 46);
}

#[test]
fn a_whole_compose_project_is_followed_merged() {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let list = vec![
        with_project(container("shop-web-1", NOW), "shop", "web"),
        with_project(container("shop-db-1", NOW), "shop", "db"),
        container("lonely", NOW),
    ];
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(list),
        },
    ));
    // Sorted by state then project, containers without one first: move to a shop container.
    app.update(key('j'));
    let fx = app.update(key('M'));
    let (_, ids) = follow_of(&fx);
    assert_eq!(ids.len(), 2);
    assert_eq!(
        app.host().logs.target.as_ref().map(|t| t
            .containers
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()),
        Some(vec!["shop-db-1".to_string(), "shop-web-1".to_string()])
    );
    // The title names the project.
    assert_eq!(
        app.host().logs.target.as_ref().map(|t| t.title()),
        Some("project shop (2 containers)".into())
    );
    // M again: back to the selected container alone.
    let fx = app.update(key('M'));
    assert_eq!(follow_of(&fx).1.len(), 1);
}

#[test]
fn the_window_prompt_offers_presets_and_an_empty_answer_clears_it() {
    let mut app = connected(&["a"]);
    app.update(key('L'));
    app.update(key('T'));
    // The empty input is the first preset (the tail); down goes to the next, 5m.
    app.update(Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(
        app.host().logs.window.as_ref().map(|w| w.label.as_str()),
        Some("5m")
    );
    app.update(key('T'));
    for _ in 0..2 {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(app.host().logs.window, None);
}
