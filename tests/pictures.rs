//! The README's pictures (assets/*.svg): the main screens built from the fixtures the snapshot
//! tests use (no engine, a fixed `NOW`), each buffer checked as text by an insta snapshot and
//! drawn as SVG by `dockhand::pictures`, then compared byte for byte with its file. A picture
//! that differs fails with the command that makes it anew; `DOCKHAND_PICTURES=write` (what
//! scripts/pictures.sh sets) writes the files instead. So CI, which runs every test target,
//! fails when a picture is out of date.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg};
use dockhand::config::Config;
use dockhand::engine::model::{
    Container, ContainerState, EngineEvent, EventAction, EventActor, EventKind, Health,
};
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::inspect::Json;
use dockhand::logs::Stream;
use dockhand::testing::*;

/// 2025-11-29 07:06:40 UTC, as in the snapshot tests.
const NOW: i64 = 1_764_400_000;
/// The size of every picture: a common terminal, a little taller than 80x24's proportions.
const SIZE: (u16, u16) = (120, 32);

/// Draws `app`, checks its text against the snapshot `name`, and its picture against
/// assets/`name`.svg (or writes it, with DOCKHAND_PICTURES=write).
fn picture(name: &str, app: &App) {
    let term = render(app);
    insta::assert_snapshot!(name, term.backend());
    let options = dockhand::pictures::Options {
        window: Some(format!("dockhand · {name}")),
        ..Default::default()
    };
    let svg = dockhand::pictures::svg(term.backend().buffer(), &options);
    let path = format!("{}/assets/{name}.svg", env!("CARGO_MANIFEST_DIR"));
    if std::env::var("DOCKHAND_PICTURES").as_deref() == Ok("write") {
        std::fs::write(&path, &svg).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == svg,
        "{path} is not what the screen draws now (missing or out of date).\n\
         Make the pictures anew with: scripts/pictures.sh"
    );
}

/// The one request among `fx` that `pick` finds, by its sequence number.
fn seq_of(fx: &[Effect], pick: impl Fn(&Request) -> Option<u64>) -> u64 {
    fx.iter()
        .find_map(|f| match f {
            Effect::Engine(_, r) => pick(r),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no such request in {fx:?}"))
}

fn engine(app: &mut App, r: Report) {
    app.update(Msg::Engine(HostId::FIRST, r));
}

/// A host like a small server's: a compose project, a few stand-alone containers in each state.
fn fleet() -> Vec<Container> {
    vec![
        with_port(
            with_health(
                with_project(container("shop-web-1", NOW), "shop", "web"),
                Health::Healthy,
            ),
            8080,
            80,
        ),
        with_volume(
            with_health(
                with_project(container("shop-db-1", NOW), "shop", "db"),
                Health::Healthy,
            ),
            "shop_data",
            "/var/lib/postgresql/data",
        ),
        with_project(container("shop-worker-1", NOW), "shop", "worker"),
        with_port(
            with_health(container("api", NOW), Health::Unhealthy),
            3000,
            3000,
        ),
        with_state(container("batch", NOW), ContainerState::Paused),
        exited(container("migrate", NOW), 0, NOW - 7200),
        exited(container("crashed", NOW), 137, NOW - 2 * 86_400),
        with_state(container("fresh", NOW), ContainerState::Created),
    ]
}

fn host() -> App {
    connected_app(&Config::default(), NOW, SIZE, fleet())
}

#[test]
fn containers_with_logs() {
    let mut app = host();
    let fx = app.update(key('l'));
    let stream = seq_of(&fx, |r| match r {
        Request::FollowLogs { stream, .. } => Some(*stream),
        _ => None,
    });
    let lines = [
        ("listening on :3000", Stream::Stdout),
        ("GET /health 200 1.2ms", Stream::Stdout),
        ("GET /api/orders 200 18.4ms", Stream::Stdout),
        ("upstream db timed out after 5s", Stream::Stderr),
        ("GET /health 503 5002.7ms", Stream::Stdout),
        ("retrying db connection (attempt 3)", Stream::Stderr),
    ];
    let lines = lines
        .iter()
        .enumerate()
        .map(|(i, (text, s))| log_line(text, (NOW - 60 + 7 * i as i64) * 1_000_000_000, *s))
        .collect();
    engine(&mut app, Report::LogLines { stream, lines });
    picture("containers", &app);
}

#[test]
fn images() {
    let mut app = host();
    let fx = app.update(key('2'));
    let seq = seq_of(&fx, |r| match r {
        Request::ListImages { seq } => Some(*seq),
        _ => None,
    });
    // The first is the fixtures' containers' image: used by all of them.
    let mut used = image("1111", Some("local/busybox:test"), 1_982_365, NOW);
    used.id = format!("sha256:{}", "1".repeat(64)).into();
    let result = Ok(vec![
        used,
        image("2222", Some("postgres:16"), 431_000_000, NOW),
        image("4444", Some("nginx:1.27-alpine"), 47_900_000, NOW),
        image("5555", Some("shop/web:2"), 212_400_000, NOW),
        image("3333", None, 12_500, NOW),
    ]);
    engine(&mut app, Report::Images { seq, result });
    picture("images", &app);
}

#[test]
fn projects() {
    let mut app = host();
    press_char(&mut app, '5');
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    picture("projects", &app);
}

#[test]
fn services() {
    let mut app = connected_app(&Config::default(), NOW, SIZE, vec![]);
    let fx = app.update(key('6'));
    let seq = seq_of(&fx, |r| match r {
        Request::ListServices { seq } => Some(*seq),
        _ => None,
    });
    let result = Ok(vec![
        service("web", 3, 3, NOW),
        service("api", 2, 2, NOW),
        service("worker", 1, 2, NOW),
        service("batch", 0, 1, NOW),
    ]);
    engine(&mut app, Report::Services { seq, result });
    picture("services", &app);
}

/// An inspect document with `host_config` inside `HostConfig` and `user` as `Config.User`.
fn doc(host_config: &str, user: &str) -> Json {
    Json::parse(&format!(
        r#"{{"Config":{{"Image":"shop/web:2","User":"{user}"}},"HostConfig":{{{host_config}}},"Mounts":[]}}"#
    ))
    .unwrap()
}

#[test]
fn security() {
    let mut app = host();
    let fx = app.update(key('9'));
    let (seq, ids) = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::InspectContainers { seq, ids }) => Some((*seq, ids.clone())),
            _ => None,
        })
        .unwrap();
    let hardened = r#""ReadonlyRootfs":true,"SecurityOpt":["no-new-privileges"],"Memory":1000000,"PidsLimit":50"#;
    let docs = ids
        .into_iter()
        .map(|id| {
            let name = fleet().into_iter().find(|c| c.id == id).unwrap().name;
            let d = match name.as_str() {
                "api" => doc(r#""Privileged":true,"NetworkMode":"host""#, ""),
                "shop-db-1" => doc(r#""CapAdd":["SYS_ADMIN"]"#, "999"),
                "shop-web-1" | "batch" => doc("", ""),
                _ => doc(hardened, "1000"),
            };
            (id, Ok(d))
        })
        .collect();
    engine(&mut app, Report::ContainerDocs { seq, docs });
    app.prepare_frame();
    picture("security", &app);
}

#[test]
fn inspect() {
    let mut app = connected_app(
        &Config::default(),
        NOW,
        SIZE,
        vec![container("insp-demo", NOW)],
    );
    let fx = app.update(key('i'));
    let (seq, id) = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::Inspect { seq, id, .. }) => Some((*seq, id.clone())),
            _ => None,
        })
        .unwrap();
    let path = format!(
        "{}/tests/fixtures/inspect/container-20.10.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = Json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    engine(
        &mut app,
        Report::Inspected {
            seq,
            kind: dockhand::inspect::InspectKind::Container,
            id,
            result: Ok(json),
        },
    );
    picture("inspect", &app);
}

fn event(kind: EventKind, action: EventAction, name: &str, time: i64) -> EngineEvent {
    let id = match kind {
        EventKind::Container => container(name, NOW).id.as_str().to_string(),
        _ => name.to_string(),
    };
    EngineEvent {
        kind,
        action,
        id,
        time,
        exit_code: None,
        actor: EventActor {
            name: Some(name.into()),
            image: (kind == EventKind::Container).then(|| "local/busybox:test".to_string()),
            ..Default::default()
        },
    }
}

#[test]
fn events() {
    let mut app = host();
    let other = |a: &str| EventAction::Other(a.into());
    let mut kill = event(
        EventKind::Container,
        EventAction::Kill,
        "crashed",
        NOW - 300,
    );
    kill.actor.signal = Some("9".into());
    let mut die = event(EventKind::Container, EventAction::Die, "crashed", NOW - 299);
    die.exit_code = Some(137);
    let mut stopped = event(EventKind::Container, EventAction::Die, "migrate", NOW - 200);
    stopped.exit_code = Some(0);
    let events = vec![
        event(EventKind::Image, other("pull"), "postgres:16", NOW - 420),
        event(EventKind::Volume, other("create"), "shop_data", NOW - 400),
        event(
            EventKind::Container,
            EventAction::Create,
            "shop-db-1",
            NOW - 390,
        ),
        event(
            EventKind::Container,
            EventAction::Start,
            "shop-db-1",
            NOW - 389,
        ),
        kill,
        die,
        event(
            EventKind::Container,
            EventAction::Start,
            "migrate",
            NOW - 230,
        ),
        stopped,
        event(EventKind::Container, EventAction::Pause, "batch", NOW - 120),
        event(EventKind::Container, EventAction::Start, "api", NOW - 30),
    ];
    for e in events {
        engine(&mut app, Report::Event(e));
    }
    press_char(&mut app, '0');
    picture("events", &app);
}

#[test]
fn help() {
    let mut app = host();
    press_char(&mut app, '?');
    picture("help", &app);
}
