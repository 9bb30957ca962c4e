//! Prompts, dialogs and messages: how they take keys (line editing, completion, a refused
//! answer kept to be mended), what messages stay on screen, and every dialog drawn at 80x24
//! and 200x50 (snapshots show the text; sizes are checked against the text they hold).

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dockhand::app::{App, Effect, Level, Msg, Overlay};
use dockhand::config::Config;
use dockhand::engine::model::Container;
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn app_of(size: (u16, u16), list: Vec<Container>) -> App {
    connected_app(&Config::default(), NOW, size, list)
}

fn ctrl(app: &mut App, c: char) {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        press_char(app, c);
    }
}

/// Answers the list request among `fx` (images, volumes or networks) with `report`.
fn answer_kind(app: &mut App, fx: Vec<Effect>, report: impl FnOnce(u64) -> Report) {
    let seq = fx
        .iter()
        .find_map(|e| match e {
            Effect::Engine(
                _,
                Request::ListImages { seq }
                | Request::ListVolumes { seq }
                | Request::ListNetworks { seq },
            ) => Some(*seq),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a list request expected, got {fx:?}"));
    app.update(Msg::Engine(HostId::FIRST, report(seq)));
}

fn prompt(app: &App) -> &dockhand::app::Prompt {
    match &app.screen.overlay {
        Some(Overlay::Prompt(p)) => p,
        other => panic!("a prompt expected, got {other:?}"),
    }
}

/// The screen's text, one string per row.
fn rows(app: &App) -> Vec<String> {
    let term = render(app);
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

fn screen(app: &App) -> String {
    rows(app).join("\n")
}

// ---- Item 12: one line editor for prompts and filters ----

#[test]
fn reopening_the_filter_selects_the_old_query_so_typing_replaces_it() {
    let mut app = app_of((120, 30), vec![container("web", NOW), container("db", NOW)]);
    press_char(&mut app, '/');
    typing(&mut app, "web");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.host().containers.list.filter, "web");
    press_char(&mut app, '/');
    press_char(&mut app, 'd');
    assert_eq!(
        app.host().containers.list.filter,
        "d",
        "the old query was replaced, not appended to"
    );
    // A move keeps the old text: reopen, go to its start, type in front of it.
    press(&mut app, KeyCode::Enter);
    press_char(&mut app, '/');
    press(&mut app, KeyCode::Home);
    typing(&mut app, "d");
    assert_eq!(app.host().containers.list.filter, "dd");
}

#[test]
fn the_filter_and_prompts_edit_with_a_cursor_and_ctrl_keys() {
    let mut app = app_of((120, 30), vec![container("web", NOW)]);
    press_char(&mut app, '/');
    typing(&mut app, "shop web");
    ctrl(&mut app, 'w');
    assert_eq!(app.host().containers.list.filter, "shop ");
    ctrl(&mut app, 'a');
    typing(&mut app, "x");
    ctrl(&mut app, 'e');
    typing(&mut app, "y");
    assert_eq!(app.host().containers.list.filter, "xshop y");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    ctrl(&mut app, 'u');
    assert_eq!(app.host().containers.list.filter, " y");
    press(&mut app, KeyCode::Esc);
    // The same keys in a prompt (the images pane's tag prompt).
    let fx = app.update(key('2'));
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![image("aa", Some("web:1"), 5, NOW)]),
    });
    press_char(&mut app, 't');
    typing(&mut app, "web:2");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    typing(&mut app, "-x");
    assert_eq!(prompt(&app).input, "web-x:2");
    ctrl(&mut app, 'u');
    assert_eq!(prompt(&app).input, ":2");
    ctrl(&mut app, 'a');
    typing(&mut app, "app");
    assert_eq!(prompt(&app).input, "app:2");
}

#[test]
fn an_invalid_answer_keeps_the_prompt_open_with_the_text_and_why() {
    let mut app = app_of((120, 30), vec![container("web", NOW)]);
    let fx = app.update(key('2'));
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![]),
    });
    press_char(&mut app, 'P');
    typing(&mut app, "UPPER/case");
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.is_empty(), "nothing is sent: {fx:?}");
    let p = prompt(&app);
    assert_eq!(p.input, "UPPER/case", "the text stays to be mended");
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("not a valid image reference")),
        "{:?}",
        p.error
    );
    assert!(screen(&app).contains("not a valid image reference"));
    // The reason stays while the cursor moves, and goes once the text changes.
    press(&mut app, KeyCode::Left);
    assert!(prompt(&app).error.is_some());
    ctrl(&mut app, 'e');
    ctrl(&mut app, 'u');
    assert!(prompt(&app).error.is_none());
    // Mending it and pressing enter again sends it.
    typing(&mut app, "busybox:1");
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::Pull { reference, .. })] if reference == "busybox:1"),
        "{fx:?}"
    );
}

// ---- Item 14: messages that outlive their cause, and long ones ----

#[test]
fn an_error_leaves_the_screen_when_its_cause_is_fixed_or_the_user_moves_on() {
    let mut app = app_of((120, 30), vec![container("web", NOW)]);
    let fx = app.update(key('3'));
    answer_kind(&mut app, fx, |seq| Report::Volumes {
        seq,
        result: Err("the engine is busy".into()),
    });
    assert!(screen(&app).contains("could not list volumes"));
    // Listed again, and this time it works: the error goes with its cause.
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::CONTROL,
    )));
    answer_kind(&mut app, fx, |seq| Report::Volumes {
        seq,
        result: Ok(vec![volume("data", None)]),
    });
    assert!(app.screen.toasts.latest().is_none());
    assert!(!screen(&app).contains("could not list volumes"));
    // An error on one pane does not follow the user to another.
    app.screen
        .toasts
        .push(Level::Error, "could not remove volume data: in use", NOW);
    app.update(key('1'));
    assert!(!screen(&app).contains("could not remove volume"));
    // A newer message that expires does not bring an older error back.
    app.screen.toasts.push(Level::Error, "boom", NOW);
    app.screen
        .toasts
        .push(Level::Success, "web stopped", NOW + 1);
    app.update(Msg::Tick { now: NOW + 6 });
    assert!(!screen(&app).contains("boom"));
}

#[test]
fn a_long_error_is_cut_with_the_key_that_shows_it_whole() {
    let mut app = app_of((80, 24), vec![container("web", NOW)]);
    let long = format!(
        "could not stop web: {} END",
        "the engine said something long about it ".repeat(6)
    );
    app.screen.toasts.push(Level::Error, long.clone(), NOW);
    let status = rows(&app)[22].clone();
    assert!(status.contains("m: whole message"), "{status}");
    assert!(!status.contains("END"));
    press_char(&mut app, 'm');
    assert!(matches!(app.screen.overlay, Some(Overlay::Messages(_))));
    let text = screen(&app);
    assert!(text.contains("END"), "the whole message, wrapped:\n{text}");
    press(&mut app, KeyCode::Esc);
    assert!(app.screen.overlay.is_none());
}

// ---- Item 15: boxes as wide as their text, within the screen ----

/// The full-screen log view of the first container, as `L` opens it.
fn full_logs(size: (u16, u16)) -> App {
    let mut app = app_of(size, vec![container("web", NOW)]);
    press_char(&mut app, 'L');
    app
}

#[test]
fn help_keeps_a_gap_after_the_longest_keys_and_wraps_long_descriptions() {
    let mut app = full_logs((200, 50));
    press_char(&mut app, '?');
    let text = screen(&app);
    assert!(
        text.contains("pagedown/ctrl-f/space  Scroll down a page"),
        "{text}"
    );
    // The longest description wraps at the box's width (90 at most) and ends in view.
    assert!(text.contains("SINCE..UNTIL;"), "{text}");
    assert!(text.contains("the tail "), "{text}");
    // At 80 columns the same description wraps under itself instead of being cut.
    let mut app = full_logs((80, 24));
    press_char(&mut app, '?');
    // Scrolled down until the description is in view (bounded: the help is finite).
    let mut text = screen(&app);
    for _ in 0..80 {
        if text.contains("the tail ") {
            break;
        }
        press_char(&mut app, 'j');
        text = screen(&app);
    }
    assert!(text.contains("the tail "), "{text}");
}

#[test]
fn a_prompt_question_longer_than_the_box_is_shown_whole() {
    for size in [(80, 24), (200, 50)] {
        let mut app = full_logs(size);
        press_char(&mut app, 'T');
        let text = screen(&app);
        let title = "Logs since (↑↓ presets; 10m, 2h, a time; SINCE..UNTIL; empty: tail)";
        let whole = text.contains(title)
            || (text.contains("Logs since (↑↓ presets; 10m, 2h, a time;")
                && text.contains("SINCE..UNTIL; empty: tail)"));
        assert!(whole, "{size:?}:\n{text}");
    }
}

// ---- Items 23 and 26: words in dialogs and messages ----

fn history_of(layers: usize) -> App {
    let mut app = app_of((120, 30), vec![container("web", NOW)]);
    let fx = app.update(key('2'));
    answer_kind(&mut app, fx, |seq| Report::Images {
        seq,
        result: Ok(vec![image("aa", Some("web:1"), 307_200, NOW)]),
    });
    let fx = app.update(code(KeyCode::Enter));
    let seq = fx
        .iter()
        .find_map(|e| match e {
            Effect::Engine(_, Request::ImageHistory { seq, .. }) => Some(*seq),
            _ => None,
        })
        .expect("history asked");
    let layer = dockhand::engine::objects::Layer {
        id: "<missing>".into(),
        created: NOW - 60,
        created_by: "/bin/sh -c #(nop) ADD file:abc in /".into(),
        size: 307_200,
        comment: String::new(),
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ImageHistory {
            seq,
            result: Ok(vec![layer; layers]),
        },
    ));
    app
}

#[test]
fn counts_are_singular_for_one() {
    let text = screen(&history_of(1));
    assert!(text.contains("Layers of web:1: 1 layer, 307kB"), "{text}");
    let text = screen(&history_of(2));
    assert!(text.contains("Layers of web:1: 2 layers, 614kB"), "{text}");
    // The remove dialog counts anonymous volumes in words, not `volume(s)`.
    let anon = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let mut app = app_of(
        (120, 30),
        vec![with_volume(container("web", NOW), anon, "/data")],
    );
    press_char(&mut app, 'd');
    let text = screen(&app);
    assert!(text.contains("(1 anonymous volume: /data)"), "{text}");
    assert!(!text.contains("volume(s)"), "{text}");
}

#[test]
fn commit_then_remove_names_the_image_it_saved() {
    use dockhand::engine::model::{ContainerOp, WritableLayer};
    let mut app = app_of((120, 30), vec![container("changer", NOW)]);
    let id = app
        .host()
        .containers
        .list
        .selected()
        .map(|c| c.id.clone())
        .expect("selected");
    press_char(&mut app, 'd');
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::WritableLayer {
            id: id.clone(),
            result: Ok(WritableLayer {
                size: Some(307_200),
                sample: vec![('A', "/junk".into())],
                total: 1,
            }),
        },
    ));
    press_char(&mut app, 'c');
    ctrl(&mut app, 'u');
    typing(&mut app, "changer-saved:1");
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::Engine(
                _,
                Request::Container {
                    op: ContainerOp::Remove,
                    ..
                }
            )]
        ),
        "{fx:?}"
    );
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::OpDone {
            op: ContainerOp::Remove,
            id,
            name: "changer".into(),
            result: Ok(()),
        },
    ));
    assert_eq!(
        app.screen.toasts.latest().map(|t| t.text.as_str()),
        Some("saved changer as changer-saved:1, then removed it")
    );
}

/// The networks pane listing `nets`, on an app that knows `names` as containers.
fn networks_pane(names: &[&str], nets: Vec<dockhand::engine::objects::Network>) -> App {
    let mut app = app_of((120, 30), names.iter().map(|n| container(n, NOW)).collect());
    let fx = app.update(key('4'));
    answer_kind(&mut app, fx, |seq| Report::Networks {
        seq,
        result: Ok(nets),
    });
    app
}

#[test]
fn connect_offers_the_containers_not_on_the_network_and_tab_completes() {
    let mut app = networks_pane(
        &["api", "cache-1", "cache-2", "web"],
        vec![network("front", "bridge", &["web"])],
    );
    press_char(&mut app, 'C');
    assert_eq!(prompt(&app).candidates, ["api", "cache-1", "cache-2"]);
    assert!(screen(&app).contains("cache-2"), "{}", screen(&app));
    press_char(&mut app, 'c');
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt(&app).input, "cache-", "to what both share");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt(&app).input, "cache-1", "then to each in turn");
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt(&app).input, "cache-2");
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::ConnectNetwork { container, .. })] if container == "cache-2"),
        "{fx:?}"
    );
}

#[test]
fn disconnect_offers_the_containers_on_the_network() {
    let mut app = networks_pane(&["api", "web"], vec![network("front", "bridge", &["web"])]);
    press_char(&mut app, 'X');
    assert_eq!(prompt(&app).candidates, ["web"]);
    press(&mut app, KeyCode::Tab);
    assert_eq!(prompt(&app).input, "web");
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::DisconnectNetwork { container, .. })] if container == "web"),
        "{fx:?}"
    );
}

// ---- Every dialog at 80x24 and 200x50 ----

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

/// Snapshots the dialog `open` builds at each size, as `NAME_80x24` and `NAME_200x50`, and
/// checks that its box lies within the screen.
fn at_both_sizes(name: &str, open: impl Fn((u16, u16)) -> App) {
    for size in SIZES {
        let app = open(size);
        assert!(
            app.screen.overlay.is_some(),
            "{name} at {size:?}: nothing open"
        );
        let text = screen(&app);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), text);
    }
}

/// An app of `size` with a running, a stopped and a volume-holding container.
fn seeded(size: (u16, u16)) -> App {
    let anon = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    app_of(
        size,
        vec![
            with_volume(
                with_volume(
                    container("shop-db-1", NOW),
                    "pgdata",
                    "/var/lib/postgresql/data",
                ),
                anon,
                "/cache",
            ),
            exited(container("migrate", NOW), 0, NOW - 7200),
            container("web", NOW),
        ],
    )
}

fn on_pane(mut app: App, pane: char, report: impl FnOnce(u64) -> Report) -> App {
    let fx = app.update(key(pane));
    answer_kind(&mut app, fx, report);
    app
}

#[test]
fn dialog_help() {
    at_both_sizes("help", |size| {
        let mut app = seeded(size);
        press_char(&mut app, '?');
        app
    });
}

#[test]
fn dialog_messages() {
    at_both_sizes("messages", |size| {
        let mut app = seeded(size);
        app.screen
            .toasts
            .push(Level::Success, "web stopped", NOW - 30);
        app.screen.toasts.push(
            Level::Error,
            "could not remove network front: Error response from daemon: error while removing \
             network: network front id 4f2a has active endpoints (web, api, worker-1, worker-2)",
            NOW - 5,
        );
        press_char(&mut app, 'm');
        app
    });
}

#[test]
fn dialog_remove_container() {
    use dockhand::engine::model::WritableLayer;
    at_both_sizes("remove_container", |size| {
        let mut app = seeded(size);
        let id = app
            .host()
            .containers
            .list
            .selected()
            .map(|c| c.id.clone())
            .expect("selected");
        press_char(&mut app, 'd');
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::WritableLayer {
                id,
                result: Ok(WritableLayer {
                    size: Some(307_200),
                    sample: vec![('A', "/srv/upload/report.pdf".into()), ('C', "/etc".into())],
                    total: 2,
                }),
            },
        ));
        press_char(&mut app, 'c');
        app
    });
}

#[test]
fn dialog_remove_image_in_use() {
    at_both_sizes("remove_image", |size| {
        let mut app = on_pane(seeded(size), '2', |seq| Report::Images {
            seq,
            // The image the seeded containers run.
            result: Ok(vec![image(
                &"1".repeat(64),
                Some("local/busybox:test"),
                1_982_365,
                NOW,
            )]),
        });
        press_char(&mut app, 'd');
        app
    });
}

#[test]
fn dialog_tag_prompt_refused() {
    at_both_sizes("tag_prompt_refused", |size| {
        let mut app = on_pane(seeded(size), '2', |seq| Report::Images {
            seq,
            result: Ok(vec![image("aa", Some("web:1"), 5, NOW)]),
        });
        press_char(&mut app, 't');
        typing(&mut app, "Web:2");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Left);
        app
    });
}

#[test]
fn dialog_connect_prompt() {
    at_both_sizes("connect_prompt", |size| {
        let mut app = on_pane(seeded(size), '4', |seq| Report::Networks {
            seq,
            result: Ok(vec![network("front", "bridge", &["web"])]),
        });
        press_char(&mut app, 'C');
        app
    });
}

#[test]
fn dialog_log_window_prompt() {
    at_both_sizes("log_window_prompt", |size| {
        let mut app = seeded(size);
        press_char(&mut app, 'L');
        press_char(&mut app, 'T');
        typing(&mut app, "soon");
        press(&mut app, KeyCode::Enter);
        app
    });
}

/// The disk view with the engine's answer.
fn disk(size: (u16, u16)) -> App {
    use dockhand::engine::objects::{DiskUsage, UsageLine};
    let mut app = seeded(size);
    press_char(&mut app, 'D');
    let seq = match &app.screen.overlay {
        Some(Overlay::Disk(d)) => d.seq,
        other => panic!("{other:?}"),
    };
    let line = |count, active, size, reclaimable| UsageLine {
        count,
        active,
        size,
        reclaimable,
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::DiskUsage {
            seq,
            result: Ok(DiskUsage {
                images: line(3, 1, 5_946_000, 3_964_000),
                containers: line(3, 2, 307_200, 0),
                volumes: line(2, 2, 52_000_000, 0),
                ..DiskUsage::default()
            }),
        },
    ));
    app
}

#[test]
fn dialog_disk() {
    at_both_sizes("disk", disk);
}

/// The prune preview of stopped containers, with a container that wrote nothing, a dangling
/// image and a network.
fn preview(size: (u16, u16)) -> App {
    use dockhand::engine::objects::{PruneKind, PruneObject};
    let mut app = disk(size);
    press_char(&mut app, 'p');
    let seq = match &app.screen.overlay {
        Some(Overlay::PrunePreview(p)) => p.seq,
        other => panic!("{other:?}"),
    };
    let items = vec![
        prune_item(
            PruneObject::Container,
            PruneKind::StoppedContainers,
            "migrate",
            Some(0),
            false,
        ),
        prune_item(
            PruneObject::Image,
            PruneKind::DanglingImages,
            "<none> (3f1a2b3c4d5e)",
            Some(307_200),
            false,
        ),
        prune_item(
            PruneObject::Network,
            PruneKind::UnusedNetworks,
            "spare",
            None,
            false,
        ),
    ];
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PrunePreview {
            seq,
            result: Ok(items),
        },
    ));
    app
}

#[test]
fn dialog_prune_preview() {
    at_both_sizes("prune_preview", preview);
    // At 80 columns its key line wraps rather than losing its end.
    let text = screen(&preview((80, 24)));
    assert!(text.contains("cancels"), "{text}");
    assert!(!text.contains(" ? "), "every size is known: {text}");
}

#[test]
fn dialog_prune_result() {
    use dockhand::engine::objects::{PruneKind, PruneObject, PruneOutcome};
    at_both_sizes("prune_result", |size| {
        let mut app = preview(size);
        press(&mut app, KeyCode::Enter);
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::PruneDone {
                kind: PruneKind::StoppedContainers,
                outcome: PruneOutcome {
                    removed: vec![prune_item(
                        PruneObject::Container,
                        PruneKind::StoppedContainers,
                        "migrate",
                        Some(0),
                        false,
                    )],
                    skipped: vec![],
                    failed: vec![],
                    reclaimed: 0,
                },
            },
        ));
        app
    });
}

#[test]
fn dialog_layers() {
    at_both_sizes("layers", |size| {
        let mut app = history_of(1);
        app.update(Msg::Resize {
            width: size.0,
            height: size.1,
        });
        app
    });
}

#[test]
fn dialog_pull() {
    use dockhand::engine::pull::{LayerProgress, PullProgress};
    at_both_sizes("pull", |size| {
        let mut app = on_pane(seeded(size), '2', |seq| Report::Images {
            seq,
            result: Ok(vec![]),
        });
        press_char(&mut app, 'P');
        typing(&mut app, "busybox:1.36");
        press(&mut app, KeyCode::Enter);
        let pull = match &app.screen.overlay {
            Some(Overlay::Pull(p)) => p.pull,
            other => panic!("{other:?}"),
        };
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::PullProgress {
                pull,
                progress: PullProgress {
                    layers: vec![LayerProgress {
                        id: "9b1b6cf1e5d2".into(),
                        status: "Downloading".into(),
                        current: Some(1_200_000),
                        total: Some(2_160_000),
                    }],
                    status: "Pulling from library/busybox".into(),
                    done: false,
                },
            },
        ));
        app
    });
}
