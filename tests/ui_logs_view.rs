//! The log view as users see it, at 80x24 and 200x50: search and highlight in the JSON views,
//! what an empty view says when lines are hidden, the gaps of "only matches", the project's
//! name in the title, and where a followed container stopped and started again. Snapshots show
//! the text; styles that carry meaning (highlights, markers) are asserted cell by cell.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg};
use dockhand::config::{Config, Theme};
use dockhand::engine::logs::LogEnd;
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::logs::{LogLine, Stream};
use dockhand::testing::*;
use dockhand::time::Nanos;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const NOW: i64 = 1_764_400_000;

/// An app of `size` with containers `names`, its logs opened with `key` (`L` full screen, `l`
/// below the list, `M` the project), and the log stream it follows.
fn opened(
    size: (u16, u16),
    list: Vec<dockhand::engine::model::Container>,
    key: char,
) -> (App, u64) {
    let mut app = connected_app(&Config::default(), NOW, size, list);
    let fx = app.update(dockhand::testing::key(key));
    let stream = fx
        .iter()
        .find_map(|e| match e {
            Effect::Engine(_, Request::FollowLogs { stream, .. }) => Some(*stream),
            _ => None,
        })
        .expect("a log stream");
    (app, stream)
}

fn line(i: usize, text: String, stream: Stream) -> LogLine {
    log_line(
        &text,
        Nanos::from_secs(NOW + i as i64).plus(123_000_000).0,
        stream,
    )
}

/// A JSON logger's lines: every third an error.
fn json_lines(n: usize) -> Vec<LogLine> {
    (0..n)
        .map(|i| {
            let level = if i % 3 == 0 { "error" } else { "info" };
            let text = format!(
                r#"{{"level":"{level}","msg":"request {i}","ms":{}}}"#,
                i * 7
            );
            line(i, text, Stream::Stdout)
        })
        .collect()
}

fn give(app: &mut App, stream: u64, lines: Vec<LogLine>) {
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogLines { stream, lines },
    ));
}

fn search(app: &mut App, pattern: &str) {
    press_char(app, '/');
    for c in pattern.chars() {
        press_char(app, c);
    }
    press(app, KeyCode::Enter);
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The first cell of `needle` on screen.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let row = row_text(buf, y);
        if let Some(i) = row.find(needle) {
            return (row[..i].chars().count() as u16, y);
        }
    }
    panic!("{needle:?} not on screen");
}

/// Whether every cell of `needle`, found among the log rows (below the title), is
/// highlighted as a match.
fn highlighted(buf: &Buffer, needle: &str) -> bool {
    let Some((x, y)) = (2..buf.area.height).find_map(|y| {
        let row = row_text(buf, y);
        row.find(needle)
            .map(|i| (row[..i].chars().count() as u16, y))
    }) else {
        panic!("{needle:?} not among the log rows");
    };
    (x..x + needle.chars().count() as u16).all(|x| buf[(x, y)].bg != Color::Reset)
}

#[test]
fn search_in_key_values_finds_and_highlights_what_is_shown() {
    let (mut app, stream) = opened((80, 24), vec![container("api", NOW)], 'L');
    give(&mut app, stream, json_lines(30));
    press_char(&mut app, 'J');
    press_char(&mut app, 'J');
    search(&mut app, "level=error");
    let term = render(&app);
    insta::assert_snapshot!("key_values_search_80x24", term.backend());
    let buf = term.backend().buffer();
    assert!(row_text(buf, 1).contains("/level=error 10 matches"));
    assert!(highlighted(buf, "level=error"));
    let (x, y) = find(buf, "level=info");
    assert_eq!(buf[(x, y)].bg, Color::Reset, "what does not match is plain");
}

#[test]
fn search_in_pretty_json_finds_and_highlights_what_is_shown() {
    let (mut app, stream) = opened((200, 50), vec![container("api", NOW)], 'L');
    give(&mut app, stream, json_lines(30));
    press_char(&mut app, 'J');
    // The raw spelling is not on screen: no match, rather than 10 with nothing highlighted.
    search(&mut app, r#""level":"error""#);
    assert!(row_text(render(&app).backend().buffer(), 1).contains("0 matches"));
    press_char(&mut app, '/');
    press(&mut app, KeyCode::Esc);
    search(&mut app, r#""level": "error""#);
    // n n: the second nearest match above (request 24), which the view then shows
    // mid-screen, though each line takes five rows.
    press_char(&mut app, 'n');
    press_char(&mut app, 'n');
    let term = render(&app);
    insta::assert_snapshot!("pretty_search_200x50", term.backend());
    let buf = term.backend().buffer();
    assert!(row_text(buf, 1).contains("10 matches 9/10"));
    assert!(highlighted(buf, r#""level": "error""#));
    let (_, y) = find(buf, r#""msg": "request 24""#);
    assert_eq!(
        buf[(4, y - 1)].bg,
        Theme::default().accent,
        "the match moved to stands out"
    );
    assert!((10..40).contains(&y), "mid-view: row {y}");
}

#[test]
fn an_empty_view_says_how_many_lines_are_hidden_and_why() {
    let (mut app, stream) = opened((80, 24), vec![container("api", NOW)], 'L');
    let lines = (0..542)
        .map(|i| {
            let out = if i % 2 == 0 {
                Stream::Stdout
            } else {
                Stream::Stderr
            };
            line(i, format!("request {i} ok"), out)
        })
        .collect();
    give(&mut app, stream, lines);
    press_char(&mut app, 'e');
    search(&mut app, "failed");
    press_char(&mut app, 'f');
    let term = render(&app);
    insta::assert_snapshot!("everything_hidden_80x24", term.backend());
    let screen: String = (0..24)
        .map(|y| row_text(term.backend().buffer(), y))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!screen.contains("No log lines yet"), "{screen}");
    assert!(screen.contains("542 lines kept, all hidden"), "{screen}");
}

#[test]
fn only_matches_separates_groups_that_are_not_adjacent() {
    let (mut app, stream) = opened((200, 50), vec![container("api", NOW)], 'L');
    let lines = (0..60)
        .map(|i| {
            let text = if i % 9 == 0 || i == 28 {
                format!("request {i} failed: timeout")
            } else {
                format!("request {i} ok")
            };
            line(i, text, Stream::Stdout)
        })
        .collect();
    give(&mut app, stream, lines);
    search(&mut app, "failed");
    press_char(&mut app, 'f');
    let term = render(&app);
    insta::assert_snapshot!("only_matches_200x50", term.backend());
    let buf = term.backend().buffer();
    // 27 and 28 are adjacent: no gap between them.
    let (_, y27) = find(buf, "request 27 failed");
    assert!(row_text(buf, y27 + 1).contains("request 28 failed"));
    let (_, y) = find(buf, "-- 8 lines skipped --");
    assert_eq!(
        buf[(2, y)].fg,
        Theme::default().dim,
        "a gap is not a log line"
    );
}

#[test]
fn project_logs_name_the_project() {
    let list = vec![
        with_project(container("shop-web-1", NOW), "shop", "web"),
        with_project(container("shop-db-1", NOW), "shop", "db"),
        with_project(container("shop-cache-1", NOW), "shop", "cache"),
    ];
    let (mut app, stream) = opened((200, 50), list, 'M');
    give(
        &mut app,
        stream,
        vec![line(0, "ready".into(), Stream::Stdout)],
    );
    // Full screen: the snapshot is of the log view alone.
    press_char(&mut app, 'L');
    let term = render(&app);
    insta::assert_snapshot!("project_logs_200x50", term.backend());
    let (_, y) = find(term.backend().buffer(), "┌ Logs: ");
    assert!(
        row_text(term.backend().buffer(), y).contains("Logs: project shop (3 containers)"),
        "{}",
        row_text(term.backend().buffer(), y)
    );
}

#[test]
fn an_ended_log_says_one_thing_and_marks_where_the_container_stopped() {
    let (mut app, stream) = opened((80, 24), vec![container("api", NOW)], 'L');
    give(
        &mut app,
        stream,
        (0..3)
            .map(|i| line(i, format!("working {i}"), Stream::Stdout))
            .collect(),
    );
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
    let term = render(&app);
    insta::assert_snapshot!("ended_80x24", term.backend());
    let buf = term.backend().buffer();
    let title = row_text(buf, 1);
    assert!(
        title.contains("ended: the container exited with code 3"),
        "{title}"
    );
    assert!(!title.contains("following"), "{title}");
    let (x, y) = find(buf, "── the container exited with code 3 ──");
    assert_eq!(buf[(x, y)].fg, Theme::default().warning);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // It starts again: following again, and a second marker says so.
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogResumed { stream, source: 0 },
    ));
    give(
        &mut app,
        stream,
        vec![line(9, "working again".into(), Stream::Stdout)],
    );
    let term = render(&app);
    insta::assert_snapshot!("resumed_80x24", term.backend());
    let buf = term.backend().buffer();
    let title = row_text(buf, 1);
    assert!(
        title.contains("following") && !title.contains("ended"),
        "{title}"
    );
    find(buf, "── the container started again ──");
}

#[test]
fn a_flood_gap_is_a_marker_line_among_the_lines() {
    let (mut app, stream) = opened((120, 16), vec![container("api", NOW)], 'L');
    give(
        &mut app,
        stream,
        (0..3)
            .map(|i| line(i, format!("{}", 1000 + i), Stream::Stdout))
            .collect(),
    );
    let after = Nanos::from_secs(NOW + 2).plus(123_000_000);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogSkipped {
            stream,
            source: 0,
            gap: dockhand::engine::logs::LogGap {
                after,
                // The next line's stamp (line 4's).
                before: after.plus(2_000_000_000),
                about: Some(162_345),
            },
        },
    ));
    give(
        &mut app,
        stream,
        (4..6)
            .map(|i| line(i, format!("{}", 170_000 + i), Stream::Stdout))
            .collect(),
    );
    press_char(&mut app, 't');
    let term = render(&app);
    insta::assert_snapshot!("flood_gap_120x16", term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(
        buf,
        "── about 160,000 lines skipped to keep up (07:06:42–07:06:44 UTC); S saves the whole log ──",
    );
    assert_eq!(buf[(x, y)].fg, Theme::default().warning);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // With timestamps on, its time is where the lines left out begin.
    assert!(
        row_text(buf, y).contains("07:06:42.123 ── about"),
        "{}",
        row_text(buf, y)
    );
}
