//! Screens rendered into ratatui's test backend. Snapshots show the text; colours that carry
//! meaning (state, errors, selection) are asserted cell by cell, since snapshots drop them.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dockhand::app::{App, Msg};
use dockhand::config::{Config, Theme};
use dockhand::engine::Report;
use dockhand::engine::model::{ConnectAttempt, ContainerOp, ContainerState, Health};
use dockhand::ids::HostId;
use dockhand::testing::*;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

fn seeded(cfg: Config, width: u16, height: u16) -> App {
    let mut app = App::new(&cfg, NOW);
    app.update(Msg::Resize { width, height });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let list = vec![
        with_port(
            with_project(container("shop-web-1", NOW), "shop", "web"),
            8080,
            80,
        ),
        with_health(
            with_project(container("shop-db-1", NOW), "shop", "db"),
            Health::Healthy,
        ),
        with_health(container("api", NOW), Health::Unhealthy),
        with_state(container("worker", NOW), ContainerState::Paused),
        exited(container("migrate", NOW), 0, NOW - 7200),
        exited(container("crashed", NOW), 137, NOW - 2 * 86_400),
        with_state(container("fresh", NOW), ContainerState::Created),
    ];
    // The list answers the first request the app made (sequence 1).
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(list),
        },
    ));
    app
}

/// The first cell of the row whose text contains `needle`, and that row's index.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let area = buf.area;
    for y in 0..area.height {
        let line: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = line.find(needle) {
            // Columns are cells; the text before the match is one cell per char here.
            let x = line[..i].chars().count() as u16;
            return (x, y);
        }
    }
    panic!("{needle:?} not on screen");
}

#[test]
fn containers_pane() {
    let app = seeded(Config::default(), 140, 16);
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
    let buf = term.backend().buffer();
    let t = Theme::default();
    // State colours: the state cell of each row.
    for (text, color) in [
        ("running (healthy)", t.running),
        ("running (unhealthy)", t.unhealthy),
        ("paused", t.paused),
        ("exited (137)", t.exited),
        ("exited (0)", t.stopped),
        ("created", t.stopped),
    ] {
        let (x, y) = find(buf, text);
        assert_eq!(buf[(x, y)].fg, color, "colour of {text}");
    }
    // The selected row (the first) is highlighted across its width.
    let (x, y) = find(buf, "api");
    assert_eq!(buf[(x, y)].bg, t.selection_bg);
    let (x, y) = find(buf, "worker");
    assert_ne!(buf[(x, y)].bg, t.selection_bg);
}

#[test]
fn narrow_terminal_drops_columns_not_names() {
    let app = seeded(Config::default(), 60, 14);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn marks_progress_and_result_message() {
    let mut app = seeded(Config::default(), 120, 14);
    press_char(&mut app, ' ');
    press_char(&mut app, ' ');
    press_char(&mut app, 's');
    let term = render(&app);
    insta::assert_snapshot!("stopping_two", term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "stopping…");
    assert_eq!(buf[(x, y)].fg, Theme::default().transition);
    let ids: Vec<_> = app.host().ops.busy().cloned().collect();
    for id in ids {
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::OpDone {
                op: ContainerOp::Stop,
                id,
                name: "x".into(),
                result: Ok(()),
            },
        ));
    }
    let term = render(&app);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "stopped 2 containers");
    assert_eq!(buf[(x, y)].fg, Theme::default().success);
}

#[test]
fn error_message_is_red() {
    let mut app = seeded(Config::default(), 120, 14);
    press_char(&mut app, 'S');
    let id = app
        .host()
        .containers
        .list
        .selected()
        .map(|c| c.id.clone())
        .expect("selection");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::OpDone {
            op: ContainerOp::Start,
            id,
            name: "api".into(),
            result: Err("No such container: api".into()),
        },
    ));
    let term = render(&app);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "could not start api: No such container: api");
    assert_eq!(buf[(x, y)].fg, Theme::default().error);
}

#[test]
fn header_and_filter_line() {
    let mut app = seeded(Config::default(), 120, 12);
    press_char(&mut app, '/');
    for c in "shop".chars() {
        press_char(&mut app, c);
    }
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_overlay() {
    let mut app = seeded(Config::default(), 120, 44);
    press_char(&mut app, '?');
    insta::assert_snapshot!(render(&app).backend());
    // Taller than a smaller screen: it scrolls to its last line, and no further.
    app.update(Msg::Resize {
        width: 120,
        height: 30,
    });
    assert!(format!("{}", render(&app).backend()).contains("scroll"));
    for _ in 0..100 {
        press_char(&mut app, 'j');
    }
    let text = format!("{}", render(&app).backend());
    assert!(
        text.contains("commit the container to an image first"),
        "{text}"
    );
    assert!(
        !text.contains("Show all containers or only running ones"),
        "{text}"
    );
}

#[test]
fn help_in_read_only_mode_hides_engine_actions() {
    let cfg = Config {
        read_only: true,
        ..Config::default()
    };
    let mut app = seeded(cfg, 120, 34);
    press_char(&mut app, '?');
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
    let text = format!("{}", term.backend());
    assert!(!text.contains("Stop the container"));
    assert!(text.contains("READ-ONLY"));
}

#[test]
fn remove_dialog_running_with_volumes() {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 100,
        height: 20,
    });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let c = with_volume(
        with_volume(container("db", NOW), "dh-data", "/var/lib/data"),
        &"f".repeat(64),
        "/cache",
    );
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(vec![c]),
        },
    ));
    press_char(&mut app, 'd');
    press_char(&mut app, 'v');
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "! db is running");
    assert_eq!(buf[(x, y)].fg, Theme::default().warning);
}

#[test]
fn remove_dialog_for_several() {
    let mut app = seeded(Config::default(), 100, 24);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('a'),
        KeyModifiers::CONTROL,
    )));
    press_char(&mut app, 'd');
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn no_engine_screen() {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 110,
        height: 20,
    });
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Unavailable {
            attempts: vec![
                ConnectAttempt {
                    uri: "unix:///var/run/docker.sock".into(),
                    source: "default socket".into(),
                    error: "permission denied: add your user to the `docker` group".into(),
                },
                ConnectAttempt {
                    uri: "unix:///run/user/1000/docker.sock".into(),
                    source: "rootless Docker".into(),
                    error: "no socket there".into(),
                },
            ],
            problems: vec![],
            retry_in_secs: 8,
        },
    ));
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "No Docker engine answered.");
    assert_eq!(buf[(x, y)].fg, Theme::default().error);
}

#[test]
fn too_small_screen() {
    let app = seeded(Config::default(), 40, 8);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn engine_text_cannot_reach_the_terminal_raw() {
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 120,
        height: 10,
    });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let mut evil = container("x\x1b]0;pwned\x07y", NOW);
    evil.image = "img\x1b[2J\r".into();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(vec![evil]),
        },
    ));
    let term = render(&app);
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "control char in {:?}",
            cell.symbol()
        );
    }
    let text = format!("{}", term.backend());
    assert!(text.contains("x\\x1b]0;pwned\\x07y"), "{text}");
}

#[test]
fn no_color_drops_state_colours() {
    let mut cfg = Config::default();
    cfg.theme.monochrome = true;
    let app = seeded(cfg, 140, 16);
    let term = render(&app);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "exited (137)");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
}

/// The seeded app switched to `pane`, its list answered with `report`.
fn on_pane(mut app: App, key_char: char, report: impl FnOnce(u64) -> Report) -> App {
    use dockhand::engine::Request;
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(key_char),
        KeyModifiers::NONE,
    )));
    let seq = fx
        .iter()
        .find_map(|e| match e {
            dockhand::app::Effect::Engine(
                _,
                Request::ListImages { seq }
                | Request::ListVolumes { seq }
                | Request::ListNetworks { seq },
            ) => Some(*seq),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"));
    app.update(Msg::Engine(HostId::FIRST, report(seq)));
    app
}

#[test]
fn images_pane() {
    let mut app = seeded(Config::default(), 130, 12);
    // Two containers use the first image (its id is the fixtures' image id).
    let mut used = image("1111", Some("local/busybox:test"), 1_982_365, NOW);
    used.id = format!("sha256:{}", "1".repeat(64)).into();
    used.tags.push("local/busybox:old".into());
    let app = on_pane(app_mut(&mut app), '2', |seq| Report::Images {
        seq,
        result: Ok(vec![
            used,
            image("2222", Some("postgres:16"), 431_000_000, NOW),
            image("3333", None, 12_500, NOW),
        ]),
    });
    let term = render(&app);
    insta::assert_snapshot!(term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "dangling");
    assert_eq!(buf[(x, y)].fg, Theme::default().warning);
}

fn app_mut(app: &mut App) -> App {
    std::mem::replace(app, App::new(&Config::default(), NOW))
}

#[test]
fn volumes_pane() {
    let mut app = seeded(Config::default(), 130, 12);
    let app = on_pane(app_mut(&mut app), '3', |seq| Report::Volumes {
        seq,
        result: Ok(vec![
            volume("dh-data", Some(52_000_000)),
            volume("dh-cache", None),
            volume(&"c".repeat(64), Some(0)),
        ]),
    });
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn networks_pane() {
    let mut app = seeded(Config::default(), 130, 12);
    let mut internal = network("dh-internal", "bridge", &["shop-db-1", "shop-web-1"]);
    internal.internal = true;
    internal.subnets = vec![("172.30.0.0/16".into(), Some("172.30.0.1".into()))];
    let app = on_pane(app_mut(&mut app), '4', |seq| Report::Networks {
        seq,
        result: Ok(vec![
            network("none", "null", &["worker"]),
            network("host", "host", &[]),
            internal,
        ]),
    });
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn remove_dialog_warns_about_the_writable_layer_and_offers_a_commit() {
    use dockhand::engine::model::WritableLayer;
    let mut app = App::new(&Config::default(), NOW);
    app.update(Msg::Resize {
        width: 100,
        height: 22,
    });
    app.update(Msg::Engine(HostId::FIRST, Report::Connected(engine_info())));
    let c = exited(
        with_volume(container("db", NOW), "dh-data", "/var/lib/data"),
        0,
        NOW,
    );
    let id = c.id.clone();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq: 1,
            result: Ok(vec![c]),
        },
    ));
    press_char(&mut app, 'd');
    insta::assert_snapshot!("remove_dialog_checking", render(&app).backend());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::WritableLayer {
            id,
            result: Ok(WritableLayer {
                size: Some(52_431),
                sample: vec![
                    ('A', "/srv/orders.txt".into()),
                    ('D', "/etc/motd".into()),
                    ('C', "/srv".into()),
                ],
                total: 9,
            }),
        },
    ));
    let term = render(&app);
    insta::assert_snapshot!("remove_dialog_changes", term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "! db's writable layer");
    assert_eq!(buf[(x, y)].fg, Theme::default().warning);
    press_char(&mut app, 'c');
    insta::assert_snapshot!("remove_dialog_commit_name", render(&app).backend());
}

#[test]
fn disk_usage_preview_and_result() {
    use dockhand::engine::objects::{
        DiskUsage, PruneKind, PruneObject, PruneOutcome, SkipReason, UsageLine, UsedBy,
    };
    let mut app = seeded(Config::default(), 120, 30);
    press_char(&mut app, 'D');
    let seq = match &app.screen.overlay {
        Some(dockhand::app::Overlay::Disk(d)) => d.seq,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::DiskUsage {
            seq,
            result: Ok(DiskUsage {
                images: UsageLine {
                    count: 31,
                    active: 5,
                    size: 1_200_000_000,
                    reclaimable: 800_000_000,
                },
                containers: UsageLine {
                    count: 206,
                    active: 105,
                    size: 12_000,
                    reclaimable: 2_000,
                },
                volumes: UsageLine {
                    count: 30,
                    active: 10,
                    size: 50_000_000,
                    reclaimable: 30_000_000,
                },
                ..DiskUsage::default()
            }),
        },
    ));
    press_char(&mut app, 'j');
    insta::assert_snapshot!("disk_usage", render(&app).backend());
    for _ in 0..4 {
        press_char(&mut app, 'j');
    }
    press_char(&mut app, 'p');
    let seq = match &app.screen.overlay {
        Some(dockhand::app::Overlay::PrunePreview(p)) => p.seq,
        other => panic!("{other:?}"),
    };
    let items = vec![
        prune_item(
            PruneObject::Volume,
            PruneKind::AllUnusedVolumes,
            "pgdata",
            Some(52_000_000),
            true,
        ),
        prune_item(
            PruneObject::Volume,
            PruneKind::AllUnusedVolumes,
            &"a".repeat(64),
            Some(4_096),
            false,
        ),
        prune_item(
            PruneObject::Volume,
            PruneKind::AllUnusedVolumes,
            "cache",
            Some(1_000),
            true,
        ),
    ];
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PrunePreview {
            seq,
            result: Ok(items.clone()),
        },
    ));
    press_char(&mut app, 'j');
    press_char(&mut app, 'j');
    press_char(&mut app, ' ');
    let term = render(&app);
    insta::assert_snapshot!("prune_preview", term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "named volume");
    assert_eq!(buf[(x, y)].fg, Theme::default().warning);
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    for c in "del".chars() {
        press_char(&mut app, c);
    }
    insta::assert_snapshot!("prune_typed_confirmation", render(&app).backend());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PruneDone {
            kind: PruneKind::AllUnusedVolumes,
            outcome: PruneOutcome {
                removed: vec![items[1].clone()],
                skipped: vec![(
                    items[0].clone(),
                    SkipReason::NowUsedBy(vec![UsedBy {
                        id: "c1".into(),
                        name: "shop-db-1".into(),
                        running: true,
                    }]),
                )],
                failed: vec![],
                reclaimed: 4_096,
            },
        },
    ));
    insta::assert_snapshot!("prune_result", render(&app).backend());
}

#[test]
fn image_layers_and_removal_dialogs() {
    use dockhand::engine::objects::Layer;
    let mut app = seeded(Config::default(), 110, 20);
    let mut used = image("1111", Some("local/busybox:test"), 1_982_365, NOW);
    used.id = format!("sha256:{}", "1".repeat(64)).into();
    used.tags.push("local/busybox:old".into());
    let mut app = on_pane(app_mut(&mut app), '2', |seq| Report::Images {
        seq,
        result: Ok(vec![used, image("2222", None, 12_500, NOW)]),
    });
    press_char(&mut app, 'h');
    let seq = match &app.screen.overlay {
        Some(dockhand::app::Overlay::History(h)) => h.seq,
        other => panic!("{other:?}"),
    };
    let layer = |created_by: &str, size, age| Layer {
        id: "<missing>".into(),
        created: NOW - age,
        created_by: created_by.into(),
        size,
        comment: String::new(),
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ImageHistory {
            seq,
            result: Ok(vec![
                layer("/bin/sh -c #(nop)  CMD [\"sh\"]", 0, 3600),
                layer("/bin/sh -c apk add --no-cache curl", 4_500_000, 3600),
                layer(
                    "/bin/sh -c #(nop) ADD file:abc in / ",
                    7_300_000,
                    86_400 * 20,
                ),
            ]),
        },
    ));
    insta::assert_snapshot!("image_layers", render(&app).backend());
    press_char(&mut app, 'q');
    // One row per tag: removing a row whose image keeps another tag only untags it.
    press_char(&mut app, 'd');
    insta::assert_snapshot!("image_untag", render(&app).backend());
    press_char(&mut app, 'n');
    // Both of its rows: the image itself, in use: kept unless forced; then forced.
    press_char(&mut app, ' ');
    press_char(&mut app, ' ');
    press_char(&mut app, 'd');
    insta::assert_snapshot!("image_remove_in_use", render(&app).backend());
    press_char(&mut app, 'f');
    insta::assert_snapshot!("image_remove_forced", render(&app).backend());
    press_char(&mut app, 'n');
    press(&mut app, KeyCode::Esc);
    press_char(&mut app, 'g');
    press_char(&mut app, 't');
    for c in "web:2".chars() {
        press_char(&mut app, c);
    }
    insta::assert_snapshot!("tag_prompt", render(&app).backend());
}

#[test]
fn pull_progress_and_error() {
    use dockhand::engine::pull::{LayerProgress, PullProgress};
    let mut app = seeded(Config::default(), 110, 20);
    let mut app = on_pane(app_mut(&mut app), '2', |seq| Report::Images {
        seq,
        result: Ok(vec![]),
    });
    press_char(&mut app, 'P');
    for c in "127.0.0.1:5000/team/app:1".chars() {
        press_char(&mut app, c);
    }
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let pull = match &app.screen.overlay {
        Some(dockhand::app::Overlay::Pull(p)) => p.pull,
        other => panic!("{other:?}"),
    };
    let layer = |id: &str, status: &str, current, total| LayerProgress {
        id: id.into(),
        status: status.into(),
        current,
        total,
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PullProgress {
            pull,
            progress: PullProgress {
                layers: vec![
                    layer("a3ed95caeb02", "Already exists", None, None),
                    layer(
                        "4f4fb700ef54",
                        "Pull complete",
                        Some(3_000_000),
                        Some(3_000_000),
                    ),
                    layer(
                        "9b1b6cf1e5d2",
                        "Downloading",
                        Some(1_200_000),
                        Some(4_800_000),
                    ),
                ],
                status: "Pulling from team/app".into(),
                done: false,
            },
        },
    ));
    insta::assert_snapshot!("pull_progress", render(&app).backend());
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::PullDone {
            pull,
            result: Err("cannot reach registry 127.0.0.1:5000: connection refused".into()),
        },
    ));
    let term = render(&app);
    insta::assert_snapshot!("pull_failed", term.backend());
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "cannot reach registry");
    assert_eq!(buf[(x, y)].fg, Theme::default().error);
}

mod logs {
    use super::*;
    use dockhand::logs::ansi::render as render_bytes;
    use dockhand::logs::{LogLine, Stream};

    fn log_lines(raw: &[(&[u8], Stream)]) -> Vec<LogLine> {
        raw.iter()
            .enumerate()
            .map(|(i, (bytes, stream))| LogLine {
                ts: Some(dockhand::time::Nanos::from_secs(NOW + i as i64).plus(123_000_000)),
                stream: *stream,
                source: 0,
                text: render_bytes(bytes, true, 200),
                partial: false,
                continues: false,
                marker: false,
            })
            .collect()
    }

    fn with_logs(width: u16, height: u16, full: bool) -> (App, u64) {
        let mut app = seeded(Config::default(), width, height);
        let fx = app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(if full { 'L' } else { 'l' }),
            KeyModifiers::NONE,
        )));
        let stream = fx
            .iter()
            .find_map(|e| match e {
                dockhand::app::Effect::Engine(
                    _,
                    dockhand::engine::Request::FollowLogs { stream, .. },
                ) => Some(*stream),
                _ => None,
            })
            .expect("a log stream");
        (app, stream)
    }

    #[test]
    fn split_view_with_colours_stderr_and_hostile_bytes() {
        let (mut app, stream) = with_logs(110, 24, false);
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::LogLines {
                stream,
                lines: log_lines(&[
                    (b"GET /health 200 1ms", Stream::Stdout),
                    (b"\x1b[31mERROR\x1b[0m database is down", Stream::Stderr),
                    (b"\x1b]0;pwned\x07title \x1b[2Jcleared?", Stream::Stdout),
                    (b"bad utf8 \xff\xfe and a\rcarriage return", Stream::Stdout),
                    (b"col1\tcol2\tcol3", Stream::Stdout),
                ]),
            },
        ));
        let term = render(&app);
        insta::assert_snapshot!("logs_split", term.backend());
        let buf = term.backend().buffer();
        for cell in buf.content() {
            assert!(!cell.symbol().chars().any(|c| c.is_control()));
        }
        let (x, y) = find(buf, "ERROR");
        assert_eq!(
            buf[(x, y)].fg,
            Color::Red,
            "the container's own colour is kept"
        );
        let (x, y) = find(buf, "▌");
        assert_eq!(buf[(x, y)].fg, Theme::default().error, "stderr is marked");
    }

    #[test]
    fn full_view_search_filter_and_pause() {
        let (mut app, stream) = with_logs(100, 20, true);
        let raw: Vec<Vec<u8>> = (0..40)
            .map(|i| {
                if i % 7 == 0 {
                    format!("request {i} failed: timeout").into_bytes()
                } else {
                    format!("request {i} ok").into_bytes()
                }
            })
            .collect();
        let pairs: Vec<(&[u8], Stream)> =
            raw.iter().map(|r| (r.as_slice(), Stream::Stdout)).collect();
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::LogLines {
                stream,
                lines: log_lines(&pairs),
            },
        ));
        press_char(&mut app, 't');
        press_char(&mut app, '/');
        for c in "failed".chars() {
            press_char(&mut app, c);
        }
        app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        // n: the nearest match above the bottom, the newest.
        press_char(&mut app, 'n');
        let term = render(&app);
        insta::assert_snapshot!("logs_search", term.backend());
        let buf = term.backend().buffer();
        let (x, y) = find(buf, "failed: timeout");
        assert_ne!(buf[(x, y)].bg, Color::Reset, "matches are highlighted");
        press_char(&mut app, 'f');
        press_char(&mut app, 'c');
        insta::assert_snapshot!("logs_filter_context", render(&app).backend());
    }
}

#[test]
fn json_log_lines_pretty_and_as_key_values() {
    use dockhand::logs::ansi::render as render_bytes;
    use dockhand::logs::{LogLine, Stream};
    let mut app = seeded(Config::default(), 90, 16);
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('L'),
        KeyModifiers::NONE,
    )));
    let stream = fx
        .iter()
        .find_map(|e| match e {
            dockhand::app::Effect::Engine(
                _,
                dockhand::engine::Request::FollowLogs { stream, .. },
            ) => Some(*stream),
            _ => None,
        })
        .expect("stream");
    let line = |b: &[u8]| LogLine {
        ts: None,
        stream: Stream::Stdout,
        source: 0,
        text: render_bytes(b, true, 500),
        partial: false,
        continues: false,
        marker: false,
    };
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::LogLines {
            stream,
            lines: vec![
                line(b"plain text line"),
                line(br#"{"level":"info","msg":"started","port":8080,"tags":["a","b"]}"#),
            ],
        },
    ));
    press_char(&mut app, 'J');
    insta::assert_snapshot!("logs_json_pretty", render(&app).backend());
    press_char(&mut app, 'J');
    insta::assert_snapshot!("logs_json_key_values", render(&app).backend());
}
