//! The security pane by its keys, on fixtures: descriptions asked for only while it is in
//! front and once per container, rows by the worst finding, a container's findings in full,
//! the cache dropped by the events that may change a configuration, `[security] ignore`.
//! Snapshots of the pane and of a container's findings.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg, Overlay};
use dockhand::config::Config;
use dockhand::engine::model::{EngineEvent, EventAction, EventKind};
use dockhand::engine::{Report, Request};
use dockhand::ids::{ContainerId, HostId};
use dockhand::inspect::Json;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

/// An inspect document with `host_config` inside `HostConfig` and `user` as `Config.User`.
fn doc(host_config: &str, user: &str) -> Json {
    Json::parse(&format!(
        r#"{{"Config":{{"Image":"shop/web:2","User":"{user}"}},"HostConfig":{{{host_config}}},"Mounts":[]}}"#
    ))
    .expect("fixture")
}

const HARDENED: &str =
    r#""ReadonlyRootfs":true,"SecurityOpt":["no-new-privileges"],"Memory":1000000,"PidsLimit":50"#;

fn id(name: &str) -> ContainerId {
    container(name, NOW).id
}

fn fleet() -> Vec<dockhand::engine::model::Container> {
    ["web", "admin", "safe"]
        .iter()
        .map(|n| container(n, NOW))
        .collect()
}

/// The documents of the fleet: `admin` privileged, `web` as root, `safe` hardened.
fn docs() -> Vec<(ContainerId, Result<Json, String>)> {
    vec![
        (id("web"), Ok(doc(HARDENED, ""))),
        (
            id("admin"),
            Ok(doc(&format!(r#"{HARDENED},"Privileged":true"#), "1000")),
        ),
        (id("safe"), Ok(doc(HARDENED, "1000"))),
    ]
}

fn asked(fx: &[Effect]) -> Option<(u64, Vec<ContainerId>)> {
    fx.iter().find_map(|f| match f {
        Effect::Engine(_, Request::InspectContainers { seq, ids }) => Some((*seq, ids.clone())),
        _ => None,
    })
}

fn security_app(config: &Config) -> App {
    let mut app = connected_app(config, NOW, (120, 30), fleet());
    let fx = app.update(key('9'));
    let (seq, mut ids) = asked(&fx).expect("the pane asks for the descriptions");
    ids.sort();
    let mut want = vec![id("web"), id("admin"), id("safe")];
    want.sort();
    assert_eq!(ids, want, "every container, once");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ContainerDocs { seq, docs: docs() },
    ));
    app.prepare_frame();
    app
}

#[test]
fn nothing_is_asked_while_the_pane_is_not_in_front() {
    let mut app = connected_app(&Config::default(), NOW, (120, 30), fleet());
    for k in ['1', '2', '5'] {
        let fx = app.update(key(k));
        assert!(asked(&fx).is_none(), "{k}: {fx:?}");
    }
}

#[test]
fn rows_go_by_their_worst_finding_and_enter_shows_them_in_full() {
    let mut app = security_app(&Config::default());
    let s = screen_text(&app);
    let order: Vec<&str> = s
        .lines()
        .filter_map(|l| {
            ["admin", "web", "safe"]
                .into_iter()
                .find(|n| l.contains(&format!(" {n} ")))
        })
        .collect();
    assert_eq!(order, ["admin", "web", "safe"], "{s}");
    assert!(s.contains("1 with high findings"), "{s}");
    let admin = s.lines().find(|l| l.contains(" admin ")).unwrap();
    assert!(
        admin.contains("high") && admin.contains("privileged"),
        "{admin}"
    );
    let safe = s.lines().find(|l| l.contains(" safe ")).unwrap();
    assert!(safe.contains("none"), "{safe}");
    // The selection is on the first row: admin.
    press(&mut app, KeyCode::Home);
    app.update(code(KeyCode::Enter));
    assert!(matches!(app.screen.overlay, Some(Overlay::Findings(_))));
    let s = screen_text(&app);
    assert!(s.contains("HIGH   Privileged"), "{s}");
    assert!(s.contains("Fix: drop --privileged"), "{s}");
    assert!(s.contains("Compose: privileged: false"), "{s}");
    insta::assert_snapshot!("security_findings_120x30", render(&app).backend());
    app.update(code(KeyCode::Esc));
    insta::assert_snapshot!("security_pane_120x30", render(&app).backend());
}

#[test]
fn descriptions_are_kept_until_an_event_says_the_container_changed() {
    let mut app = security_app(&Config::default());
    // A start changes no configuration: nothing is asked again.
    let event = |action, name: &str| {
        Msg::Engine(
            HostId::FIRST,
            Report::Event(EngineEvent {
                kind: EventKind::Container,
                action,
                id: id(name).to_string(),
                time: NOW,
                exit_code: None,
                actor: Default::default(),
            }),
        )
    };
    let fx = app.update(event(EventAction::Start, "web"));
    assert!(asked(&fx).is_none(), "{fx:?}");
    // An update (`docker update --memory`) may: only that container is asked for again.
    let fx = app.update(event(EventAction::Update, "web"));
    let (_, ids) = asked(&fx).expect("asked again");
    assert_eq!(ids, [id("web")]);
    // Shown elsewhere, a change is asked for only when the pane is back.
    app.update(key('1'));
    let fx = app.update(event(EventAction::Update, "admin"));
    assert!(asked(&fx).is_none(), "{fx:?}");
    let fx = app.update(key('9'));
    let (_, ids) = asked(&fx).expect("asked when shown");
    assert_eq!(ids, [id("admin")]);
}

#[test]
fn rules_silenced_in_the_config_are_not_shown() {
    let config = Config {
        security: dockhand::config::SecuritySettings {
            ignore: vec!["privileged".into()],
            ..Default::default()
        },
        ..Config::default()
    };
    let app = security_app(&config);
    let s = screen_text(&app);
    let admin = s.lines().find(|l| l.contains(" admin ")).unwrap();
    assert!(
        !admin.contains("privileged") && admin.contains("none"),
        "{admin}"
    );
}

#[test]
fn the_containers_list_marks_high_findings_when_asked_to() {
    // Off by default: the containers list asks nothing.
    let mut app = connected_app(&Config::default(), NOW, (120, 30), fleet());
    let fx = app.update(key('1'));
    assert!(asked(&fx).is_none(), "{fx:?}");
    // `!` turns the marks on: every container is described once.
    let fx = app.update(key('!'));
    let (seq, ids) = asked(&fx).expect("asked for the marks");
    assert_eq!(ids.len(), 3);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ContainerDocs { seq, docs: docs() },
    ));
    let s = screen_text(&app);
    let admin = s
        .lines()
        .find(|l| l.contains(" admin ") || l.contains("!admin"))
        .unwrap();
    assert!(admin.contains("│!admin"), "{admin}");
    let web = s.lines().find(|l| l.contains("web ")).unwrap();
    assert!(!web.contains('!'), "medium findings are not marked: {web}");
    // Off again: no mark, nothing asked.
    let fx = app.update(key('!'));
    assert!(asked(&fx).is_none(), "{fx:?}");
    assert!(!screen_text(&app).contains("!admin"));
}

#[test]
fn marks_can_be_on_from_the_config() {
    let config = Config {
        security: dockhand::config::SecuritySettings {
            marks: true,
            ..Default::default()
        },
        ..Config::default()
    };
    // Asked for as soon as the list came (within `connected_app`); the answer marks.
    let mut app = connected_app(&config, NOW, (120, 30), fleet());
    let fx = app.update(key('1'));
    assert!(asked(&fx).is_none(), "asked once only: {fx:?}");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ContainerDocs {
            seq: 1,
            docs: docs(),
        },
    ));
    assert!(
        screen_text(&app).contains("│!admin"),
        "{}",
        screen_text(&app)
    );
}
