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

/// A Docker 20.10 engine (past its end of life at `NOW`) reached over TCP without TLS, with
/// an insecure registry, AppArmor and the built-in seccomp profile, no user namespaces and no
/// live-restore.
fn risky_engine() -> dockhand::engine::model::EngineInfo {
    use dockhand::engine::model::{EngineSecurity, Seccomp};
    dockhand::engine::model::EngineInfo {
        host: "tcp://10.0.0.5:2375".into(),
        security: EngineSecurity {
            docker: true,
            upstream: true,
            linux: Some(true),
            apparmor: Some(true),
            selinux: Some(false),
            seccomp: Some(Seccomp::Builtin),
            userns: Some(false),
            rootless: Some(false),
            cgroupns: Some(false),
            live_restore: Some(false),
            insecure_registries: Some(vec!["10.1.0.0/16".into()]),
            version: Some("20.10.24".into()),
            plain_tcp: Some("tcp://10.0.0.5:2375".into()),
        },
        ..engine_info()
    }
}

/// An app of `size` connected to `info` with `n` containers, showing the security pane with
/// every container described (each as `web` is: root, medium).
fn engine_app(
    config: &Config,
    size: (u16, u16),
    info: dockhand::engine::model::EngineInfo,
    n: usize,
) -> App {
    let mut app = App::new(config, NOW);
    app.update(Msg::Resize {
        width: size.0,
        height: size.1,
    });
    let fx = app.update(Msg::Engine(HostId::FIRST, Report::Connected(info)));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::ListContainers { seq }) => Some(*seq),
            _ => None,
        })
        .expect("connecting lists the containers");
    let list: Vec<_> = (0..n)
        .map(|i| container(&format!("c{i:02}"), NOW))
        .collect();
    let ids: Vec<ContainerId> = list.iter().map(|c| c.id.clone()).collect();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Containers {
            seq,
            result: Ok(list),
        },
    ));
    let fx = app.update(key('9'));
    let (seq, _) = asked(&fx).expect("described");
    let docs = ids
        .into_iter()
        .map(|id| (id, Ok(doc(HARDENED, ""))))
        .collect();
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::ContainerDocs { seq, docs },
    ));
    app.prepare_frame();
    app
}

#[test]
fn the_engine_findings_and_posture_sit_above_the_list_and_e_shows_them_in_full() {
    let mut app = engine_app(&Config::default(), (80, 24), risky_engine(), 3);
    let s = screen_text(&app);
    assert!(
        s.contains("Engine (E): high engine-tcp-no-tls · medium engine-eol"),
        "{s}"
    );
    assert!(s.contains("low userns-off · low live-restore-off"), "{s}");
    assert!(
        s.contains("Posture: AppArmor on · seccomp builtin · SELinux off"),
        "{s}"
    );
    assert!(s.contains("live-restore off"), "{s}");
    // The list is still there under it.
    assert!(s.contains(" c00 ") && s.contains(" c02 "), "{s}");
    insta::assert_snapshot!("security_engine_block_80x24", render(&app).backend());
    app.update(key('E'));
    assert!(matches!(
        app.screen.overlay,
        Some(Overlay::EngineFindings(_))
    ));
    let s = screen_text(&app);
    assert!(
        s.contains("HIGH   Engine reached over TCP without TLS: tcp://10.0.0.5:2375"),
        "{s}"
    );
    assert!(
        s.contains("Engine release past its upstream end of life: 20.10 ended"),
        "{s}"
    );
    insta::assert_snapshot!("security_engine_findings_80x24", render(&app).backend());
    // Scrolled to its end: the posture, last.
    for _ in 0..40 {
        app.update(key('j'));
    }
    let s = screen_text(&app);
    assert!(s.contains("daemon.json: \"live-restore\": true"), "{s}");
    assert!(s.contains("Posture: AppArmor on"), "{s}");
    app.update(code(KeyCode::Esc));
    assert!(app.screen.overlay.is_none());
}

#[test]
fn the_list_keeps_its_selection_in_view_under_the_engine_block() {
    // 40 containers on 80x24: the list is shorter by the block's rows, and the last one,
    // selected, is drawn (the page the app counts is the page drawn).
    let mut app = engine_app(&Config::default(), (80, 24), risky_engine(), 40);
    press(&mut app, KeyCode::End);
    let s = screen_text(&app);
    let last = s.lines().rfind(|l| l.starts_with("│ c")).unwrap_or("");
    assert!(s.contains(" c39 "), "{s}");
    assert!(
        last.contains(" c39 "),
        "the last row drawn is the last container: {s}"
    );
    assert!(s.contains("Posture:"), "{s}");
}

#[test]
fn silenced_engine_rules_go_and_a_short_terminal_keeps_one_row() {
    let config = Config {
        security: dockhand::config::SecuritySettings {
            ignore: vec!["engine-eol".into(), "userns-off".into()],
            ..Default::default()
        },
        ..Config::default()
    };
    let app = engine_app(&config, (80, 24), risky_engine(), 3);
    let s = screen_text(&app);
    assert!(
        s.contains("Engine (E): high engine-tcp-no-tls · medium insecure-registries"),
        "{s}"
    );
    assert!(
        !s.contains("engine-eol") && !s.contains("userns-off"),
        "{s}"
    );
    // 14 lines: only the findings' first row, the posture gone; the list keeps the rest.
    let app = engine_app(&Config::default(), (80, 14), risky_engine(), 3);
    let s = screen_text(&app);
    assert!(s.contains("Engine (E): high engine-tcp-no-tls"), "{s}");
    assert!(!s.contains("Posture:"), "{s}");
    assert!(s.contains(" c00 "), "{s}");
}

#[test]
fn an_engine_whose_settings_are_unknown_gets_no_block_and_no_guess() {
    // The fixtures' engine says nothing of its settings (as one that refused /info).
    let mut app = engine_app(&Config::default(), (80, 24), engine_info(), 3);
    let s = screen_text(&app);
    assert!(!s.contains("Engine (E)") && !s.contains("Posture:"), "{s}");
    app.update(key('E'));
    assert!(
        screen_text(&app).contains("Nothing is known of the engine's settings"),
        "{}",
        screen_text(&app)
    );
    // A well-run engine: no finding, said so, and its posture.
    let mut good = risky_engine();
    good.security.plain_tcp = None;
    good.security.version = Some("29.1.0".into());
    good.security.insecure_registries = Some(vec![]);
    good.security.userns = Some(true);
    good.security.live_restore = Some(true);
    let app = engine_app(&Config::default(), (120, 30), good, 3);
    let s = screen_text(&app);
    assert!(s.contains("Engine (E): no finding"), "{s}");
    assert!(s.contains("userns on"), "{s}");
}

/// Descriptions are waited for at most 16 at a time (the documents arrive together, and held
/// all at once they grew the heap for good); the rest are asked as answers come.
#[test]
fn at_most_sixteen_descriptions_are_waited_for_at_once() {
    let many: Vec<_> = (0..40)
        .map(|i| container(&format!("c{i:02}"), NOW))
        .collect();
    let mut app = connected_app(&Config::default(), NOW, (120, 30), many);
    let fx = app.update(key('9'));
    let (seq, ids) = asked(&fx).expect("asked when shown");
    assert_eq!(ids.len(), 16);
    let docs = ids
        .iter()
        .map(|i| (i.clone(), Ok(doc(HARDENED, "1000"))))
        .collect();
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::ContainerDocs { seq, docs },
    ));
    let (_, next) = asked(&fx).expect("the next ones once those came");
    assert_eq!(next.len(), 16);
    assert!(next.iter().all(|i| !ids.contains(i)), "no container twice");
}
