//! The mouse, by messages: each click is found on the drawn screen (where the text is), then
//! given as the runtime gives it (`ui::hit` finds what is under it), and the state checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dockhand::app::{App, Effect, Msg, Overlay, Pane};
use dockhand::config::Config;
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::logs::Stream;
use dockhand::testing::*;

const NOW: i64 = 1_700_000_000;

fn app_with(names: &[String], size: (u16, u16)) -> App {
    let list = names.iter().map(|n| container(n, NOW)).collect();
    connected_app(&Config::default(), NOW, size, list)
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("svc-{i:02}")).collect()
}

fn selected(app: &App) -> String {
    app.host()
        .containers
        .list
        .selected()
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn at(app: &App, text: &str) -> (u16, u16) {
    find_on_screen(app, text)
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", screen_text(app)))
}

/// A click on where `text` shows.
fn click_on(app: &mut App, text: &str, millis: u64) -> Vec<Effect> {
    let cell = at(app, text);
    click(app, cell, millis)
}

#[test]
fn a_click_selects_the_row_under_it() {
    let mut app = app_with(&names(5), (100, 30));
    assert_eq!(selected(&app), "svc-00");
    let fx = click_on(&mut app, "svc-03", 1_000);
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(selected(&app), "svc-03");
    // Below the last row, and on the border, nothing happens.
    let (x, y) = at(&app, "svc-04");
    click(&mut app, (x, y + 1), 2_000);
    click(&mut app, (0, y), 3_000);
    assert_eq!(selected(&app), "svc-03");
}

#[test]
fn a_click_on_a_scrolled_list_selects_the_row_shown_there() {
    let mut app = app_with(&names(60), (100, 30));
    app.update(code(crossterm::event::KeyCode::End));
    assert!(app.host().containers.list.offset > 0, "the list scrolled");
    let target = "svc-50";
    click_on(&mut app, target, 1_000);
    assert_eq!(selected(&app), target);
    // Clicking did not move the view: the row stays where it was clicked.
    let offset = app.host().containers.list.offset;
    click_on(&mut app, "svc-45", 2_000);
    assert_eq!(selected(&app), "svc-45");
    assert_eq!(app.host().containers.list.offset, offset);
}

#[test]
fn a_double_click_does_what_enter_does_and_two_slow_clicks_do_not() {
    let mut app = app_with(&names(3), (100, 30));
    let cell = at(&app, "svc-01");
    click(&mut app, cell, 1_000);
    click(&mut app, cell, 1_600);
    assert!(app.screen.overlay.is_none(), "600 ms apart is two clicks");
    let fx = click(&mut app, cell, 1_800);
    assert_eq!(selected(&app), "svc-01");
    assert!(
        matches!(app.screen.overlay, Some(Overlay::Stats(_))),
        "enter on a container shows its numbers; effects {fx:?}"
    );
    // Enter on the images pane shows the layers (asked of the engine).
    let mut app = app_with(&names(1), (100, 30));
    let fx = app.update(key('2'));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::ListImages { seq }) => Some(*seq),
            _ => None,
        })
        .expect("images listed");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Images {
            seq,
            result: Ok(vec![image("aaa", Some("web:1"), 1 << 20, NOW)]),
        },
    ));
    let cell = at(&app, "web:1");
    click(&mut app, cell, 1_000);
    let fx = click(&mut app, cell, 1_200);
    assert!(
        fx.iter()
            .any(|f| matches!(f, Effect::Engine(_, Request::ImageHistory { .. }))),
        "{fx:?}"
    );
}

#[test]
fn a_click_on_a_column_title_sorts_by_it_and_again_reverses() {
    let mut app = app_with(&names(3), (120, 30));
    assert_eq!(app.list().sort_title(), "state");
    click_on(&mut app, "STATUS", 1_000);
    assert_eq!(app.list().sort_title(), "status");
    let descending = app.list().descending();
    assert!(screen_text(&app).contains("STATUS▲") || screen_text(&app).contains("STATUS▼"));
    // Again, later (not a double click): reversed.
    click_on(&mut app, "STATUS", 5_000);
    assert_eq!(app.list().sort_title(), "status");
    assert_eq!(app.list().descending(), !descending);
}

/// Where the column title `title` starts on the header row: a whole word there (ID is not
/// the end of PIDS).
fn title_at(app: &App, row: u16, title: &str) -> Option<u16> {
    let text = screen_text(app);
    let line: Vec<char> = text.lines().nth(usize::from(row))?.chars().collect();
    let want: Vec<char> = title.chars().collect();
    (1..line.len()).find_map(|x| {
        let fits = line.get(x..x + want.len()) == Some(&want[..]);
        let before = line[x - 1] == ' ' || line[x - 1] == '│';
        let after = line
            .get(x + want.len())
            .is_none_or(|c| matches!(c, ' ' | '▲' | '▼' | '│'));
        (fits && before && after).then_some(x as u16)
    })
}

/// Every column title on screen, clicked, sorts by its own column: at widths where columns are
/// dropped and narrowed, the click still finds the column drawn there.
#[test]
fn each_shown_column_title_sorts_by_its_column_at_every_width() {
    let columns = dockhand::ui::containers::COLUMNS;
    for width in [60u16, 80, 100, 160] {
        let mut app = app_with(&names(3), (width, 30));
        let header_row = at(&app, "NAME").1;
        let mut clicked = 0;
        for (k, c) in columns.iter().enumerate() {
            let Some(sort) = c.sort else { continue };
            // The title as drawn: a cut one ends in an ellipsis, and its first cells show.
            let Some(x) = title_at(&app, header_row, c.title) else {
                continue;
            };
            let y = header_row;
            // The middle of the title, far from the neighbours.
            let x = x + c.title.chars().count() as u16 / 2;
            click(&mut app, (x, y), 10_000 * (k as u64 + 1));
            assert_eq!(
                app.list().sort_title(),
                sort,
                "{} at width {width}",
                c.title
            );
            clicked += 1;
        }
        assert!(clicked >= 2, "width {width}: {clicked} titles clicked");
        if width == 60 {
            assert!(
                find_on_screen(&app, "PORTS").is_none(),
                "60 columns drop PORTS:\n{}",
                screen_text(&app)
            );
        }
    }
}

#[test]
fn a_click_on_a_pane_tab_shows_that_pane() {
    // Wide: the tabs have names.
    let mut app = app_with(&names(2), (140, 30));
    click_on(&mut app, "3 Volumes", 1_000);
    assert_eq!(app.screen.pane, Pane::Volumes);
    click_on(&mut app, "1 Containers", 2_000);
    assert_eq!(app.screen.pane, Pane::Containers);
    // Narrower: only their numbers.
    let mut app = app_with(&names(2), (90, 30));
    let (x, y) = at(&app, " 1  2  3  4  5 ");
    assert_eq!(y, 1, "on the list's top border");
    click(&mut app, (x + 1 + 4 * 3, y), 1_000);
    assert_eq!(app.screen.pane, Pane::Projects);
    // The title itself is no tab.
    click(&mut app, (3, y), 2_000);
    assert_eq!(app.screen.pane, Pane::Projects);
}

#[test]
fn the_wheel_scrolls_the_logs_under_it_and_the_list_above_them() {
    let mut app = app_with(&names(10), (100, 40));
    let fx = app.update(key('l'));
    let stream = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::FollowLogs { stream, .. }) => Some(*stream),
            _ => None,
        })
        .expect("logs followed");
    let lines = (0..50)
        .map(|n| {
            log_line(
                &format!("line {n}"),
                NOW * 1_000_000_000 + n,
                Stream::Stdout,
            )
        })
        .collect();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogLines { stream, lines },
    ));
    assert!(app.host().logs.follow);
    // Over the logs: they scroll up, the list stays.
    let (x, y) = at(&app, "line 49");
    wheel(&mut app, true, (x, y));
    assert!(!app.host().logs.follow, "the wheel scrolled the logs");
    assert_eq!(app.host().logs.bottom(), 46);
    assert_eq!(selected(&app), "svc-00");
    wheel(&mut app, false, (x, y));
    assert_eq!(app.host().logs.bottom(), 49);
    // Over the list: the selection moves, the logs follow the new one.
    {
        let cell = at(&app, "svc-01");
        wheel(&mut app, false, cell)
    };
    assert_eq!(selected(&app), "svc-03");
}

#[test]
fn the_wheel_scrolls_the_inspect_view_and_a_click_on_a_dialog_does_nothing() {
    let mut app = app_with(&names(3), (100, 30));
    // A dialog: a click anywhere leaves it (and the list) as it was, nothing is asked.
    app.update(key('d'));
    assert!(matches!(
        app.screen.overlay,
        Some(Overlay::ConfirmRemove(_))
    ));
    for (x, y) in [(50, 15), (2, 3), (99, 29)] {
        let fx = click(&mut app, (x, y), 1_000 + u64::from(x));
        let fx2 = click(&mut app, (x, y), 1_100 + u64::from(x));
        assert!(fx.is_empty() && fx2.is_empty(), "{fx:?} {fx2:?}");
    }
    assert!(matches!(
        app.screen.overlay,
        Some(Overlay::ConfirmRemove(_))
    ));
    assert_eq!(selected(&app), "svc-00");
    let fx = wheel(&mut app, false, (50, 15));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(matches!(
        app.screen.overlay,
        Some(Overlay::ConfirmRemove(_))
    ));
}

#[test]
fn a_double_click_in_read_only_mode_does_only_what_enter_may() {
    let config = Config {
        read_only: true,
        ..Config::default()
    };
    let list = names(2).iter().map(|n| container(n, NOW)).collect();
    let mut app = connected_app(&config, NOW, (100, 30), list);
    let cell = at(&app, "svc-01");
    click(&mut app, cell, 1_000);
    click(&mut app, cell, 1_100);
    // Enter shows numbers, which read-only mode allows; nothing changes the engine.
    assert!(matches!(app.screen.overlay, Some(Overlay::Stats(_))));
}

#[test]
fn a_click_is_nothing_while_the_engine_is_not_there() {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 100,
        height: 30,
    });
    for y in 0..30 {
        let fx = click(&mut app, (10, y), u64::from(y) * 1_000);
        assert!(fx.is_empty(), "{fx:?}");
    }
    assert_eq!(app.screen.pane, Pane::Containers);
    assert!(app.screen.overlay.is_none());
}
