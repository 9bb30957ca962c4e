//! The events view by its keys, on fixtures: the stream's events recorded whether the view is
//! open or not, the filter as you type, the type cycled, a pause that holds the rows and counts
//! what waits, a look back asked of the engine and merged without doubles, enter going to the
//! object (and saying when it is gone), the view reopened as it was left. Snapshots of the view.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg, Overlay, Pane};
use dockhand::config::Config;
use dockhand::engine::events::{EventHistory, HistoryFrom};
use dockhand::engine::model::{EngineEvent, EventAction, EventActor, EventKind};
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::testing::*;

/// 2025-11-29 07:06:40 UTC.
const NOW: i64 = 1_764_400_000;

fn event(kind: EventKind, action: EventAction, id: &str, name: &str, time: i64) -> EngineEvent {
    EngineEvent {
        kind,
        action,
        id: id.into(),
        time,
        exit_code: None,
        actor: EventActor {
            name: Some(name.into()),
            image: (kind == EventKind::Container).then(|| "shop/web:2".to_string()),
            ..Default::default()
        },
    }
}

fn web_id() -> String {
    container("web", NOW).id.as_str().to_string()
}

/// `web` stopped from outside (kill with TERM, die with 143, stop), then started again.
fn stop_and_start(at: i64) -> Vec<EngineEvent> {
    let id = web_id();
    let mut kill = event(EventKind::Container, EventAction::Kill, &id, "web", at);
    kill.actor.signal = Some("15".into());
    let mut die = event(EventKind::Container, EventAction::Die, &id, "web", at + 1);
    die.exit_code = Some(143);
    vec![
        kill,
        die,
        event(EventKind::Container, EventAction::Stop, &id, "web", at + 1),
        event(EventKind::Container, EventAction::Start, &id, "web", at + 5),
    ]
}

fn feed(app: &mut App, events: Vec<EngineEvent>) {
    for e in events {
        app.update(Msg::Engine(HostId::FIRST, Report::Event(e)));
    }
}

fn events_app() -> App {
    let mut app = connected_app(
        &Config::default(),
        NOW,
        (100, 20),
        vec![container("web", NOW), container("db", NOW)],
    );
    // Recorded while the view is closed.
    feed(&mut app, stop_and_start(NOW - 60));
    feed(
        &mut app,
        vec![event(
            EventKind::Volume,
            EventAction::Other("create".into()),
            "shop_data",
            "shop_data",
            NOW - 30,
        )],
    );
    app
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press_char(app, c);
    }
}

fn view(app: &App) -> &dockhand::app::overlays::EventsView {
    match &app.screen.overlay {
        Some(Overlay::Events(v)) => v,
        o => panic!("the events view should be open, got {o:?}"),
    }
}

#[test]
fn the_view_shows_events_seen_before_it_opened_with_exit_code_and_signal() {
    let mut app = events_app();
    press_char(&mut app, '0');
    let screen = screen_text(&app);
    assert!(screen.contains("signal 15 (TERM)"), "{screen}");
    assert!(screen.contains("exit 143"), "{screen}");
    assert!(screen.contains("start"), "{screen}");
    assert!(screen.contains("shop_data"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_filter_needs_every_word_and_the_type_steps_through_the_kinds() {
    let mut app = events_app();
    press_char(&mut app, '0');
    press_char(&mut app, '/');
    typed(&mut app, "web die");
    press(&mut app, KeyCode::Enter);
    let screen = screen_text(&app);
    assert!(screen.contains("1 of 5 events"), "{screen}");
    assert!(
        screen.contains("exit 143") && !screen.contains("TERM"),
        "{screen}"
    );
    // esc clears the filter first, and only then closes.
    press(&mut app, KeyCode::Esc);
    assert!(screen_text(&app).contains("· 5 events"));
    press_char(&mut app, 't'); // containers
    assert!(screen_text(&app).contains("4 of 5 events"));
    press_char(&mut app, 't'); // images: none
    assert!(screen_text(&app).contains("No event passes the filter"));
    for _ in 0..2 {
        press_char(&mut app, 't'); // volumes, then networks
    }
    assert_eq!(view(&app).kind, Some(EventKind::Network));
    press(&mut app, KeyCode::Esc);
    assert!(app.screen.overlay.is_none());
}

#[test]
fn a_pause_holds_the_rows_and_counts_what_waits() {
    let mut app = events_app();
    press_char(&mut app, '0');
    press_char(&mut app, 'p');
    feed(&mut app, stop_and_start(NOW));
    let screen = screen_text(&app);
    assert!(screen.contains("PAUSED, 4 new"), "{screen}");
    assert!(screen.contains("· 5 of 9 events"), "{screen}");
    insta::assert_snapshot!(screen);
    press_char(&mut app, 'p');
    let screen = screen_text(&app);
    assert!(
        screen.contains("live") && screen.contains("· 9 events"),
        "{screen}"
    );
}

#[test]
fn a_look_back_asks_the_engine_and_merges_what_it_remembers_once() {
    let mut app = events_app();
    press_char(&mut app, '0');
    press_char(&mut app, 's');
    // The presets on down: 10m, then 1h.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let fx = app.update(code(KeyCode::Enter));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::EventHistory { seq, from }) => {
                assert_eq!(*from, HistoryFrom::Ago(3600));
                Some(*seq)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("a look back asks the engine, got {fx:?}"));
    assert!(screen_text(&app).contains("Asking the engine"));
    // The engine remembers web's creation 40 minutes ago, and the stop seen live.
    let mut past = vec![event(
        EventKind::Container,
        EventAction::Create,
        &web_id(),
        "web",
        NOW - 2400,
    )];
    past.extend(stop_and_start(NOW - 60));
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::EventHistory {
            seq,
            result: Ok(EventHistory {
                events: past,
                since: NOW - 3600,
                until: NOW,
                cut: false,
            }),
        },
    ));
    let screen = screen_text(&app);
    assert!(
        screen.contains("The engine gave 5 events, 1 not seen here before"),
        "{screen}"
    );
    assert!(screen.contains("since 1h (06:06:40)"), "{screen}");
    assert!(screen.contains("· 6 events"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_since_that_is_neither_a_duration_nor_a_time_is_refused_in_the_prompt() {
    let mut app = events_app();
    press_char(&mut app, '0');
    press_char(&mut app, 's');
    typed(&mut app, "yesterday");
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.is_empty(), "nothing is asked: {fx:?}");
    let screen = screen_text(&app);
    assert!(
        screen.contains("`yesterday` is neither a duration"),
        "{screen}"
    );
    // An empty since goes back to what dockhand saw itself, asking nothing.
    for _ in 0.."yesterday".len() {
        press(&mut app, KeyCode::Backspace);
    }
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert_eq!(view(&app).since, None);
}

#[test]
fn enter_goes_to_the_container_of_the_event_and_says_when_an_object_is_gone() {
    let mut app = events_app();
    press_char(&mut app, '0');
    press_char(&mut app, '/');
    typed(&mut app, "web stop");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(app.screen.overlay.is_none());
    assert_eq!(app.screen.pane, Pane::Containers);
    let selected = app
        .host()
        .containers
        .list
        .selected()
        .map(|c| c.name.clone());
    assert_eq!(selected.as_deref(), Some("web"));

    // The view opens again as it was left: its filter kept.
    press_char(&mut app, '0');
    assert_eq!(view(&app).filter.text(), "web stop");
    press(&mut app, KeyCode::Esc);

    // A container destroyed since: said so, the pane left as it was.
    feed(
        &mut app,
        vec![event(
            EventKind::Container,
            EventAction::Destroy,
            "0ld0ld0ld0ld0ld",
            "gone",
            NOW,
        )],
    );
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    let screen = screen_text(&app);
    assert!(
        screen.contains("container gone is no longer on the engine"),
        "{screen}"
    );
}

#[test]
fn the_view_fits_the_size_most_terminals_open_at() {
    let mut app = events_app();
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    press_char(&mut app, '0');
    press(&mut app, KeyCode::Up);
    let screen = screen_text(&app);
    assert!(screen.contains("· 5 events · times UTC ─"), "{screen}");
    // Paused, the title is longer: it drops "times UTC" rather than being cut.
    press_char(&mut app, 'p');
    feed(&mut app, stop_and_start(NOW));
    let screen = screen_text(&app);
    assert!(screen.contains("· 5 of 9 events ─"), "{screen}");
    insta::assert_snapshot!(screen);
}
