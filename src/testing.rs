//! Builders of engine data for tests and benchmarks, so fixtures read as what they mean.
//! Nothing in the program itself uses them: the module exists only with the `testing` feature
//! (which the crate's own tests and benchmarks turn on) and in unit tests.

// Fixtures for tests: a panic here is a failed test, with the reason.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::app::{App, Msg};
use crate::engine::model::{
    Container, ContainerState, EngineInfo, Health, PortMapping, VolumeMount,
};
use crate::ids::HostId;

/// A running container named `name`, created an hour before `now` and up for ten minutes.
pub fn container(name: &str, now: i64) -> Container {
    let id = format!("{:0<64}", hex_of(name));
    Container {
        id: id.into(),
        name: name.to_string(),
        image: "local/busybox:test".to_string(),
        image_id: "sha256:1111111111111111111111111111111111111111111111111111111111111111".into(),
        state: ContainerState::Running,
        health: None,
        exit_code: None,
        created: now - 3600,
        state_since: Some(now - 600),
        ports: Vec::new(),
        compose_project: None,
        compose_service: None,
        compose_files: None,
        volumes: Vec::new(),
        status: "Up 10 minutes".to_string(),
    }
}

/// A stable hex id derived from a name, so snapshots do not change between runs.
fn hex_of(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub fn exited(mut c: Container, code: i64, since: i64) -> Container {
    c.state = ContainerState::Exited;
    c.exit_code = Some(code);
    c.state_since = Some(since);
    c.status = format!("Exited ({code})");
    c
}

pub fn with_state(mut c: Container, state: ContainerState) -> Container {
    c.state = state;
    c
}

pub fn with_health(mut c: Container, h: Health) -> Container {
    c.health = Some(h);
    c
}

pub fn with_project(mut c: Container, project: &str, service: &str) -> Container {
    c.compose_project = Some(project.to_string());
    c.compose_service = Some(service.to_string());
    c
}

pub fn with_port(mut c: Container, public: u16, private: u16) -> Container {
    c.ports.push(PortMapping {
        ip: Some("0.0.0.0".to_string()),
        public: Some(public),
        private,
        protocol: "tcp".to_string(),
    });
    c
}

pub fn with_volume(mut c: Container, name: &str, destination: &str) -> Container {
    c.volumes.push(VolumeMount {
        name: name.to_string(),
        destination: destination.to_string(),
        anonymous: crate::engine::containers::is_anonymous_volume_name(name),
    });
    c
}

pub fn engine_info() -> EngineInfo {
    EngineInfo {
        host: "unix:///var/run/docker.sock".to_string(),
        source: "default socket".to_string(),
        product: "Docker Engine".to_string(),
        version: "20.10.24".to_string(),
        api_version: "1.41".to_string(),
        os: "linux".to_string(),
        arch: "amd64".to_string(),
        root_dir: Some("/var/lib/docker".to_string()),
        swarm: crate::engine::model::SwarmRole::None,
        security: Default::default(),
    }
}

/// An image tagged `tag` (none: dangling), of `size` bytes, created a day before `now`.
pub fn image(id: &str, tag: Option<&str>, size: i64, now: i64) -> crate::engine::objects::Image {
    crate::engine::objects::Image {
        id: format!("sha256:{id:0<64}").into(),
        tags: tag.map(|t| vec![t.to_string()]).unwrap_or_default(),
        digests: Vec::new(),
        size,
        shared_size: None,
        created: now - 86_400,
        parent: None,
    }
}

pub fn volume(name: &str, size: Option<i64>) -> crate::engine::objects::Volume {
    crate::engine::objects::Volume {
        name: name.to_string(),
        driver: "local".to_string(),
        mountpoint: format!("/var/lib/docker/volumes/{name}/_data"),
        created: None,
        size,
        anonymous: crate::engine::containers::is_anonymous_volume_name(name),
        labels: Vec::new(),
    }
}

pub fn network(name: &str, driver: &str, containers: &[&str]) -> crate::engine::objects::Network {
    crate::engine::objects::Network {
        id: format!("{:0<64}", hex_of(name)).into(),
        name: name.to_string(),
        driver: driver.to_string(),
        scope: "local".to_string(),
        internal: false,
        attachable: false,
        subnets: Vec::new(),
        containers: containers
            .iter()
            .map(|c| crate::engine::objects::UsedBy {
                id: format!("{:0<64}", hex_of(c)).into(),
                name: c.to_string(),
                running: true,
            })
            .collect(),
        created: None,
    }
}

/// A prune candidate.
pub fn prune_item(
    object: crate::engine::objects::PruneObject,
    rule: crate::engine::objects::PruneKind,
    name: &str,
    size: Option<i64>,
    named_volume: bool,
) -> crate::engine::objects::PruneItem {
    crate::engine::objects::PruneItem {
        object,
        rule,
        id: format!("id-{name}"),
        name: name.to_string(),
        size,
        detail: if named_volume {
            "named volume".to_string()
        } else {
            String::new()
        },
        named_volume,
    }
}

/// An app of `width` x `height` connected to an engine that listed `list`, as the state
/// machine gets there: resize, `Connected`, then the answer to the list it asked for.
pub fn connected_app(
    config: &crate::config::Config,
    now: i64,
    (width, height): (u16, u16),
    list: Vec<Container>,
) -> App {
    let mut app = App::new(config, now);
    app.update(Msg::Resize { width, height });
    connect_host(&mut app, HostId::FIRST, list);
    app
}

/// A host as the hosts list describes it (source `config`, no accent, not read-only).
pub fn host_spec(name: &str, address: &str) -> crate::app::HostSpec {
    crate::app::HostSpec {
        name: name.into(),
        address: address.into(),
        source: "config".into(),
        read_only: false,
        accent: None,
        shell: None,
    }
}

/// An app with these hosts, showing the first, connected with `list`; the others not yet.
pub fn hosts_app(
    config: &crate::config::Config,
    now: i64,
    (width, height): (u16, u16),
    hosts: &[crate::app::HostSpec],
    list: Vec<Container>,
) -> App {
    let mut app = App::with_hosts(config, now, hosts, 0);
    app.update(Msg::Resize { width, height });
    connect_host(&mut app, HostId::FIRST, list);
    app
}

/// Host `id`'s engine answers: `Connected`, then the list it asked for (`list`).
pub fn connect_host(app: &mut App, id: HostId, list: Vec<Container>) {
    use crate::app::Effect;
    use crate::engine::{Report, Request};
    let fx = app.update(Msg::Engine(id, Report::Connected(engine_info())));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(h, Request::ListContainers { seq }) if *h == id => Some(*seq),
            _ => None,
        })
        .unwrap_or_else(|| panic!("connecting should list the containers, got {fx:?}"));
    app.update(Msg::Engine(
        id,
        Report::Containers {
            seq,
            result: Ok(list),
        },
    ));
}

/// A character key as the app receives it.
pub fn key(c: char) -> Msg {
    code(crossterm::event::KeyCode::Char(c))
}

/// A character key with control held, as the app receives it.
pub fn ctrl(c: char) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::CONTROL,
    ))
}

/// Any key without modifiers as the app receives it.
pub fn code(c: crossterm::event::KeyCode) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(
        c,
        crossterm::event::KeyModifiers::NONE,
    ))
}

/// Gives the app a key without modifiers.
pub fn press(app: &mut App, c: crossterm::event::KeyCode) {
    app.update(code(c));
}

/// Gives the app a character key.
pub fn press_char(app: &mut App, c: char) {
    app.update(key(c));
}

/// A mouse event at (`column`, `row`) as the runtime gives it to the app: what is under it found
/// by `ui::hit` in the state as drawn. `None` for events the app does not take.
pub fn mouse(
    app: &mut App,
    kind: crossterm::event::MouseEventKind,
    (column, row): (u16, u16),
    millis: u64,
) -> Vec<crate::app::Effect> {
    app.prepare_frame();
    let event = crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    match crate::ui::hit::message(app, event, millis) {
        Some(msg) => app.update(msg),
        None => Vec::new(),
    }
}

/// A left click at (`column`, `row`) at `millis`, as the runtime gives it to the app.
pub fn click(app: &mut App, at: (u16, u16), millis: u64) -> Vec<crate::app::Effect> {
    use crossterm::event::{MouseButton, MouseEventKind};
    mouse(app, MouseEventKind::Down(MouseButton::Left), at, millis)
}

/// A notch of the wheel (`up` or down) at (`column`, `row`), as the runtime gives it.
pub fn wheel(app: &mut App, up: bool, at: (u16, u16)) -> Vec<crate::app::Effect> {
    use crossterm::event::MouseEventKind;
    let kind = if up {
        MouseEventKind::ScrollUp
    } else {
        MouseEventKind::ScrollDown
    };
    mouse(app, kind, at, 0)
}

/// Where `text` first shows on the app's screen (column, row), if it does.
pub fn find_on_screen(app: &App, text: &str) -> Option<(u16, u16)> {
    let screen = render(app);
    let buf = screen.backend().buffer();
    (0..buf.area.height).find_map(|y| {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        (0..cells.len()).find_map(|x| {
            let found = (x..)
                .zip(text.chars())
                .all(|(at, c)| cells.get(at).is_some_and(|s| *s == c.to_string()));
            found.then_some((x as u16, y))
        })
    })
}

/// The app drawn into a test terminal of its screen's size.
pub fn render(app: &App) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let backend = ratatui::backend::TestBackend::new(app.screen.width, app.screen.height);
    let mut term = ratatui::Terminal::new(backend).expect("test backend");
    term.draw(|f| crate::ui::draw(f, app)).expect("draw");
    term
}

/// What the app shows, as text: its rows joined by newlines (styles left out).
pub fn screen_text(app: &App) -> String {
    buffer_text(render(app).backend().buffer())
}

/// A drawn buffer as text: its rows joined by newlines (styles left out).
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A log line of plain `text` on `stream`, stamped `ts` nanoseconds after the epoch.
pub fn log_line(text: &str, ts: i64, stream: crate::logs::Stream) -> crate::logs::LogLine {
    crate::logs::LogLine {
        ts: Some(crate::time::Nanos(ts)),
        stream,
        text: crate::logs::ansi::StyledText {
            text: text.to_string(),
            spans: vec![],
        },
        ..crate::logs::LogLine::default()
    }
}

/// A replicated swarm service `name` (id `svc-<name>`) with `running` of `desired` tasks.
pub fn service(name: &str, running: u64, desired: u64, now: i64) -> crate::engine::swarm::Service {
    crate::engine::swarm::Service {
        id: format!("svc-{name}"),
        name: name.to_string(),
        mode: crate::engine::swarm::ServiceMode::Replicated,
        image: "local/busybox:test".to_string(),
        running,
        desired,
        ports: Vec::new(),
        update: None,
        stack: None,
        created: now - 3600,
        updated: now - 600,
    }
}

/// Task `id` of service `service` (its id), in `slot`, on node `node` (its id), `state` of the
/// `desired` state, since 60 s before `now`.
pub fn task(
    id: &str,
    service: &str,
    slot: u64,
    node: &str,
    (state, desired): (&str, &str),
    now: i64,
) -> crate::engine::swarm::Task {
    crate::engine::swarm::Task {
        id: id.to_string(),
        service_id: service.to_string(),
        slot: Some(slot),
        node_id: node.to_string(),
        state: state.to_string(),
        desired_state: desired.to_string(),
        error: String::new(),
        message: String::new(),
        since: now - 60,
        container_id: None,
        image: "local/busybox:test".to_string(),
    }
}

/// An active, ready swarm manager node `hostname` (id `node-<hostname>`).
pub fn node(hostname: &str, this: bool) -> crate::engine::swarm::Node {
    crate::engine::swarm::Node {
        id: format!("node-{hostname}"),
        hostname: hostname.to_string(),
        role: crate::engine::swarm::NodeRole::Manager,
        availability: crate::engine::swarm::Availability::Active,
        status: "ready".to_string(),
        manager_status: Some("Leader".to_string()),
        engine_version: "20.10.24".to_string(),
        addr: "127.0.0.1".to_string(),
        this,
    }
}

/// A drawn buffer as text with its styles: each row's text, then (when any of it is styled)
/// a line `  ~ ` listing its styled runs as `x..end fg=F bg=B +modifiers` (cells, end
/// excluded; colours as ratatui writes them: `80` for an index, `#rrggbb`, a name), so a
/// snapshot shows the colours as well as the words.
pub fn styled_text(buf: &ratatui::buffer::Buffer) -> String {
    use ratatui::style::{Color, Modifier};
    type Look = (Color, Color, Modifier);
    let describe = |(fg, bg, m): Look| {
        let mut parts = Vec::new();
        if fg != Color::Reset {
            parts.push(format!("fg={fg}"));
        }
        if bg != Color::Reset {
            parts.push(format!("bg={bg}"));
        }
        for (flag, name) in [
            (Modifier::BOLD, "bold"),
            (Modifier::DIM, "dim"),
            (Modifier::ITALIC, "italic"),
            (Modifier::UNDERLINED, "underlined"),
            (Modifier::REVERSED, "reversed"),
            (Modifier::CROSSED_OUT, "crossed"),
        ] {
            if m.contains(flag) {
                parts.push(format!("+{name}"));
            }
        }
        parts.join(" ")
    };
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let text: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push(text);
        let mut runs: Vec<(u16, u16, Look)> = Vec::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let look = (c.fg, c.bg, c.modifier);
            match runs.last_mut() {
                Some((_, end, l)) if *l == look => *end = x + 1,
                _ => runs.push((x, x + 1, look)),
            }
        }
        let styled: Vec<String> = runs
            .into_iter()
            .filter(|(_, _, l)| *l != (Color::Reset, Color::Reset, Modifier::empty()))
            .map(|(x, end, l)| format!("{x}..{end} {}", describe(l)))
            .collect();
        if !styled.is_empty() {
            out.push(format!("  ~ {}", styled.join(", ")));
        }
    }
    out.join("\n")
}
