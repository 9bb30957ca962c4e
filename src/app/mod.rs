//! The whole state of dockhand and the only function that changes it: [`App::update`].
//!
//! No I/O here: no tokio, no bollard, no terminal, no clock. Input, engine reports and time
//! arrive as [`Msg`]; what should happen outside comes back as [`Effect`]s. Everything in this
//! module is therefore tested by feeding messages and reading state.
//!
//! [`App`] holds [`Settings`] (what was configured), a [`Host`] (one engine: its panes,
//! operations, log view and request freshness) and the [`Screen`] (size, pane, overlay,
//! toasts). Keys are routed in `keys.rs` to the overlay on screen (`overlays/`) or to the
//! handler of the action's scope (`actions/`); engine reports are taken in `reports.rs`.

mod actions;
pub mod commands;
pub mod connection;
pub mod containers;
pub mod events;
pub mod everywhere;
mod freshness;
mod host;
mod hosts;
mod keys;
pub mod layout;
pub mod list;
pub mod logs;
pub mod mouse;
mod names;
pub mod objects;
pub mod operations;
pub mod overlays;
pub mod panes;
pub mod projects;
mod reports;
mod sampling;
mod screen;
pub mod security;
mod settings;
pub mod stats;
pub mod swarm;
pub mod text;
pub mod toast;
pub mod wording;

use crossterm::event::KeyEvent;

use crate::config::{Action, Config};
use crate::engine::{Report, Request};
use crate::ids::HostId;

pub use connection::Connection;
pub use containers::{ContainersPane, SortColumn};
pub use freshness::{Feed, Fresh};
pub use host::Host;
pub use hosts::HostSpec;
pub use names::{Folders, default_commit_name, default_log_file};
pub use overlays::{
    DiskView, FilesView, HelpView, HiddenMarks, HistoryView, HostSwitcher, InspectMode,
    InspectState, InspectView, MessagesView, ObjectKind, ObjectRemoval, ObjectTarget, Overlay,
    ProcessView, Prompt, PromptFor, PrunePreview, PruneResult, PullView, RemoveDialog,
    RemoveTarget, StatsView, SwitchTo,
};
pub use panes::{ListOps, Pane};
pub use screen::Screen;
pub use settings::Settings;
pub use toast::{Level, Toasts};

use list::ListView;

// Engine reports are the big variant; a message is moved once, so boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock, unix seconds. Sent once a second and before anything that needs the time.
    Tick {
        now: i64,
    },
    /// A report from host `HostId`'s engine.
    Engine(HostId, Report),
    /// A shell session in a container (asked by [`Effect::Shell`]) is over: the exit code of
    /// its command, or why it could not run or ended early.
    ShellEnded {
        host: HostId,
        container: crate::ids::ContainerId,
        name: String,
        /// `shell`, the command's program (`python3`), or `attached`.
        what: String,
        result: Result<crate::engine::exec::Ended, String>,
    },
    /// The left button pressed at (`column`, `row`), cells from the top left, over `target`
    /// (found by `ui::hit::at`), at `millis` of a steady clock (to tell a double click).
    Click {
        column: u16,
        row: u16,
        target: mouse::Target,
        millis: u64,
    },
    /// The mouse wheel turned (`up` or down) over `target`.
    Wheel {
        up: bool,
        target: mouse::Target,
    },
}

impl Msg {
    /// Whether the app takes this message without changing anything it shows, so the loop
    /// need not draw for it: container events it acts on in no way (`exec_start`, `attach`,
    /// `top`, `resize`...; see `reports.rs`). A health check runs three such execs on its
    /// container every interval, which drew a frame each.
    pub fn changes_nothing_shown(&self) -> bool {
        use crate::engine::model::{EventAction, EventKind};
        matches!(
            self,
            Msg::Engine(_, Report::Event(e))
                if e.kind == EventKind::Container && matches!(e.action, EventAction::Other(_))
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A request to host `HostId`'s engine.
    Engine(HostId, Request),
    /// Start connecting to host `HostId` (shown for the first time); it stays connected.
    Connect(HostId),
    /// Follow containers of several hosts as one log, merged by time (the all-hosts list's
    /// log view); source `i` of its lines is `containers[i]`. Its reports come under
    /// [`HostId::EVERYWHERE`]. Replaces any such stream running.
    FollowAcross {
        stream: u64,
        containers: Vec<(HostId, crate::ids::ContainerId)>,
        tail: u64,
        since: Option<crate::time::Nanos>,
        until: Option<crate::time::Nanos>,
    },
    StopAcross {
        stream: u64,
    },
    /// Leave the screen and run `run` (a shell, a command, or attach to the main process) in
    /// the container with the user's terminal as its TTY; [`Msg::ShellEnded`] comes back.
    Shell {
        host: HostId,
        container: crate::ids::ContainerId,
        name: String,
        run: crate::engine::exec::Run,
        /// Once it ends, keep its last output on screen until a key (a command typed with
        /// `E`); a shell's own prompt made that needless.
        hold: bool,
    },
    /// Put this text on the clipboard of the terminal (OSC 52: works over ssh too).
    Clipboard(String),
    /// Remember these commands typed with `E`, by image, across runs.
    SaveCommands(std::collections::HashMap<String, String>),
    /// Remember these `:` commands (oldest first) across runs.
    SaveHistory(Vec<String>),
    Quit,
}

/// The whole state: what was configured, the engines with their panes, and the screen.
pub struct App {
    pub settings: Settings,
    /// The host in hand: the one on screen, or the one a report is about while it is handled
    /// (see `hosts.rs`). Its link, panes, operations and streams.
    host: Host,
    /// Every other host, in no order (`App::hosts` gives them in order).
    parked: Vec<Host>,
    /// The host on screen.
    active: HostId,
    /// The all-hosts list (on screen while `screen.everywhere`).
    pub everywhere: everywhere::Everywhere,
    /// The last command typed to run in a container, by image (offered again for it; loaded
    /// from and saved to the state folder by the runtime, see `crate::remembered`).
    pub exec_memory: std::collections::HashMap<String, String>,
    /// Whether a change of `exec_memory` is saved; off when the file could not be read at
    /// start, so that it is left as it was.
    pub save_commands: bool,
    /// The `:` commands run, oldest first (loaded from and saved to the state folder by the
    /// runtime, see `crate::remembered`).
    pub command_history: Vec<String>,
    pub screen: Screen,
    /// The latest clock reading, unix seconds.
    pub now: i64,
}

impl App {
    /// Whether taking `msg` leaves the screen as it was ([`Msg::changes_nothing_shown`]),
    /// but while the events view is open, which shows every event.
    pub fn changes_nothing_shown(&self, msg: &Msg) -> bool {
        msg.changes_nothing_shown() && !matches!(self.screen.overlay, Some(Overlay::Events(_)))
    }

    /// An app with one engine, not named (what it connects to is the runtime's business).
    pub fn new(config: &Config, now: i64) -> Self {
        Self {
            settings: Settings::new(config),
            host: Host::new(config, now),
            parked: Vec::new(),
            active: HostId::FIRST,
            everywhere: everywhere::Everywhere::new(config),
            exec_memory: std::collections::HashMap::new(),
            save_commands: true,
            command_history: Vec::new(),
            screen: Screen::default(),
            now,
        }
    }

    /// An app with these hosts (ids by their place in `hosts`), showing `start`, which the
    /// runtime connects at once; the others connect when first shown.
    pub fn with_hosts(config: &Config, now: i64, hosts: &[HostSpec], start: usize) -> Self {
        let mut app = Self::new(config, now);
        let mut all: Vec<Host> = hosts
            .iter()
            .enumerate()
            .map(|(i, spec)| Host::described(config, now, HostId(i), spec))
            .collect();
        if start < all.len() {
            app.host = all.remove(start);
            app.host.connection = Connection::Connecting;
            app.active = app.host.id;
            app.parked = all;
        }
        app
    }

    /// The engine on screen, and what dockhand holds of it.
    pub fn host(&self) -> &Host {
        &self.host
    }

    pub fn host_mut(&mut self) -> &mut Host {
        &mut self.host
    }

    /// Rows in a page of the list at the current size (the list is shorter with logs below, or
    /// with the engine block above it on the security pane).
    pub fn page(&self) -> usize {
        let mut rows = layout::list_rows(self.screen.height);
        // The security pane's engine block takes its rows from the list.
        if self.screen.pane == Pane::Security {
            rows = rows.saturating_sub(self.engine_block().len());
        }
        match self.log_view().mode {
            logs::LogMode::Split => layout::split_list_rows(self.screen.height),
            _ => rows,
        }
        .max(1)
    }

    /// Says where log lines were saved (the path written out) and how many, or why they were
    /// not.
    fn saved(&mut self, what: &str, path: &str, result: Result<usize, String>) {
        let path = &self.settings.folders.full(path);
        match result {
            Ok(n) => self.screen.toasts.push(
                Level::Success,
                format!(
                    "saved {what}{n} line{} to {path}",
                    if n == 1 { "" } else { "s" }
                ),
                self.now,
            ),
            Err(e) => self.screen.toasts.push(
                Level::Error,
                format!("could not save {path}: {e}"),
                self.now,
            ),
        }
    }

    /// The log view on screen: the all-hosts list's, or the host's.
    pub fn log_view(&self) -> &logs::LogView {
        if self.screen.everywhere && self.screen.pane == Pane::Containers {
            &self.everywhere.logs
        } else {
            &self.host.logs
        }
    }

    pub(crate) fn log_view_mut(&mut self) -> &mut logs::LogView {
        if self.screen.everywhere && self.screen.pane == Pane::Containers {
            &mut self.everywhere.logs
        } else {
            &mut self.host.logs
        }
    }

    /// Rows of log lines on screen.
    pub fn log_rows(&self) -> usize {
        layout::log_rows(
            self.screen.height,
            self.log_view().mode == logs::LogMode::Full,
        )
        .max(1)
    }

    /// Keeps the log stream on what should be followed: the selected container while the log
    /// pane is open, nothing when it is closed. Called after every message.
    fn sync_logs(&mut self) -> Vec<Effect> {
        // Through an outage the log on screen stays, and so does its follower: it waits for
        // the engine and reads on (or from the new run) when it is back.
        if self.host.logs.is_open()
            && !self.host.connection.is_connected()
            && self.host.logs.target.is_some()
        {
            return vec![];
        }
        // Marked containers are followed together (merged by time); else the selected one.
        let wanted: Option<logs::LogTarget> =
            if self.host.logs.is_open() && self.host.connection.is_connected() {
                let project: Vec<logs::Followed> = match &self.host.logs.project {
                    Some(p) => {
                        let mut members: Vec<logs::Followed> = self
                            .host
                            .containers
                            .list
                            .all()
                            .filter(|c| c.compose_project.as_deref() == Some(p.as_str()))
                            .map(logs::Followed::of)
                            .collect();
                        members.sort_by(|a, b| a.name.cmp(&b.name));
                        members
                    }
                    None => Vec::new(),
                };
                let marked: Vec<logs::Followed> = if self.host.containers.list.marks.is_empty() {
                    Vec::new()
                } else {
                    self.host
                        .containers
                        .list
                        .marked()
                        .into_iter()
                        .map(logs::Followed::of)
                        .collect()
                };
                if let Some(service) = &self.host.logs.service {
                    // The sources the engine named so far stay: the target is the same.
                    let sources = match &self.host.logs.target {
                        Some(t) if t.service.as_ref() == Some(service) => t.containers.clone(),
                        _ => Vec::new(),
                    };
                    Some(logs::LogTarget {
                        containers: sources,
                        project: None,
                        service: Some(service.clone()),
                    })
                } else if !project.is_empty() {
                    Some(logs::LogTarget {
                        containers: project,
                        project: self.host.logs.project.clone(),
                        service: None,
                    })
                } else if marked.len() > 1 {
                    Some(logs::LogTarget {
                        containers: marked,
                        project: None,
                        service: None,
                    })
                } else {
                    self.host
                        .containers
                        .list
                        .selected()
                        .map(|c| logs::LogTarget {
                            containers: vec![logs::Followed::of(c)],
                            project: None,
                            service: None,
                        })
                }
            } else {
                None
            };
        if wanted == self.host.logs.target && !self.host.logs.restart {
            return vec![];
        }
        self.host.logs.restart = false;
        let mut fx = Vec::new();
        if self.host.logs.target.is_some() {
            fx.push(Effect::Engine(
                self.host.id,
                Request::StopLogs {
                    stream: self.host.logs.stream,
                },
            ));
        }
        let seq = self.host.next_seq();
        let stream = seq;
        if let Some(t) = &wanted
            && let Some((service, _)) = &t.service
        {
            fx.push(Effect::Engine(
                self.host.id,
                Request::FollowServiceLogs {
                    stream,
                    service: service.clone(),
                    tail: self.host.logs.tail,
                },
            ));
        } else if let Some(t) = &wanted {
            fx.push(Effect::Engine(
                self.host.id,
                Request::FollowLogs {
                    stream,
                    containers: t.containers.iter().map(|f| f.id.clone()).collect(),
                    tail: self.host.logs.tail,
                    since: self.host.logs.window.as_ref().and_then(|w| w.since),
                    until: self.host.logs.window.as_ref().and_then(|w| w.until),
                },
            ));
        }
        self.host.logs.reset(stream, wanted);
        fx
    }

    /// Whether the engine is connected; when not, says so in a toast (for actions that need it).
    pub(crate) fn connected_or_say(&mut self) -> bool {
        let connected = self.host.connection.is_connected();
        if !connected {
            self.screen
                .toasts
                .push(Level::Warning, "not connected to the engine", self.now);
        }
        connected
    }

    /// Whether this action may run now on the host in hand (read-only mode, everywhere or for
    /// that host, hides every engine change).
    pub fn allows(&self, action: Action) -> bool {
        // On the all-hosts list an action goes to each row's host, which decides then.
        let everywhere = self.screen.everywhere && self.screen.pane == Pane::Containers;
        self.settings.allows(action)
            && !(self.host.read_only && action.changes_engine() && !everywhere)
    }

    /// Whether the host in hand may be changed at all (not read-only, here or everywhere).
    pub fn read_only(&self) -> bool {
        self.settings.read_only || self.host.read_only
    }

    /// [`Self::update`] with the clock read just before: when it moved on since the last tick,
    /// a tick comes first, and its effects (stats samples, a resync) are returned with the
    /// message's own.
    pub fn update_at(&mut self, now: i64, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        if now != self.now && !matches!(msg, Msg::Tick { .. }) {
            fx = self.update(Msg::Tick { now });
        }
        fx.extend(self.update(msg));
        fx
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        // What a person does, and the clock, see the screen as it is drawn (a burst of engine
        // reports leaves its gathering to the frame: see `prepare_frame`).
        let drawn_now = matches!(
            msg,
            Msg::Key(_)
                | Msg::Click { .. }
                | Msg::Wheel { .. }
                | Msg::Resize { .. }
                | Msg::Tick { .. }
        );
        if drawn_now {
            self.prepare_frame();
        }
        // A report is about its own host, whichever is on screen.
        let about = match &msg {
            Msg::Engine(id, _) => Some(*id),
            _ => None,
        };
        let mut fx = match (msg, about) {
            (Msg::Engine(HostId::EVERYWHERE, r), _) => {
                self.on_everywhere_log(r);
                vec![]
            }
            (Msg::Engine(id, r), _) => self.with_host(id, |app| {
                let mut fx = app.on_report(r);
                fx.extend(app.sync_logs());
                fx
            }),
            (msg, _) => self.update_inner(msg),
        };
        fx.extend(self.sync_logs());
        if self.screen.everywhere {
            self.gather_everywhere();
        }
        fx.extend(self.sync_everywhere_logs());
        fx.extend(self.ask_security());
        if drawn_now {
            self.prepare_frame();
        }
        fx
    }

    /// Work left for the frame: what a burst of engine reports changed is gathered once, just
    /// before it is drawn, not once per report (the projects pane gathers every container:
    /// 13 ms at 10,000, which a burst of 1,000 events would pay 1,000 times). The loop calls it
    /// before each frame; keys, resizes and ticks call it themselves.
    pub fn prepare_frame(&mut self) {
        let (page, now) = (self.page(), self.now);
        let list = &self.host.containers.list;
        match self.screen.pane {
            Pane::Projects if !self.host.projects.is_current(list) => {
                self.host.projects.rebuild(list, page);
            }
            Pane::Security if !self.host.security.is_current(list) => {
                self.host.security.rebuild(list, now, page);
            }
            _ => {}
        }
    }

    fn update_inner(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => self.on_key(k),
            Msg::Resize { width, height } => {
                self.screen.width = width;
                self.screen.height = height;
                self.rebuild();
                vec![]
            }
            Msg::Tick { now } => self.on_tick(now),
            Msg::ShellEnded {
                host,
                container,
                name,
                what,
                result,
            } => {
                self.with_host(host, |app| {
                    app.shell_ended(&what, &container, &name, result)
                });
                vec![]
            }
            Msg::Engine(id, r) => self.with_host(id, |app| app.on_report(r)),
            Msg::Click {
                column,
                row,
                target,
                millis,
            } => self.on_click(
                mouse::Click {
                    column,
                    row,
                    millis,
                },
                target,
            ),
            Msg::Wheel { up, target } => self.on_wheel(up, target),
        }
    }

    /// Recomputes the shown rows of the current pane.
    fn rebuild(&mut self) {
        self.rebuild_pane(self.screen.pane);
    }

    fn rebuild_pane(&mut self, pane: Pane) {
        let (page, now) = (self.page(), self.now);
        if pane == Pane::Containers && self.screen.everywhere {
            self.rebuild_everywhere();
            return;
        }
        match pane {
            Pane::Containers => self.host.containers.rebuild(now, page, &self.host.ops),
            Pane::Images => self.host.images.rebuild(now, page, |_| true),
            Pane::Volumes => self.host.volumes.rebuild(now, page, |_| true),
            Pane::Networks => self.host.networks.rebuild(now, page, |_| true),
            // Gathered for the frame when the containers changed (see `prepare_frame`).
            Pane::Projects => {
                if self.host.projects.is_current(&self.host.containers.list) {
                    self.host.projects.rebuild(&self.host.containers.list, page)
                }
            }
            Pane::Security => {
                if self.host.security.is_current(&self.host.containers.list) {
                    let list = &self.host.containers.list;
                    self.host.security.rebuild(list, now, page)
                }
            }
            Pane::Services => self.host.swarm.services.rebuild(now, page, |_| true),
            Pane::Nodes => self.host.swarm.nodes.rebuild(now, page, |_| true),
            Pane::Tasks => {
                let swarm = &mut self.host.swarm;
                let (of, history) = (swarm.tasks_of.clone(), swarm.task_history);
                swarm.tasks.rebuild(now, page, |r| {
                    of.as_ref().is_none_or(|(id, _)| *id == r.task.service_id)
                        && (history || r.current())
                })
            }
        }
    }

    /// The shown pane's list, for the operations every pane shares.
    pub fn list(&self) -> &dyn ListOps {
        match self.screen.pane {
            Pane::Containers if self.screen.everywhere => &self.everywhere.pane.list,
            Pane::Containers => &self.host.containers.list,
            Pane::Images => &self.host.images,
            Pane::Volumes => &self.host.volumes,
            Pane::Networks => &self.host.networks,
            Pane::Projects => &self.host.projects.list,
            Pane::Security => &self.host.security.list,
            Pane::Services => &self.host.swarm.services,
            Pane::Tasks => &self.host.swarm.tasks,
            Pane::Nodes => &self.host.swarm.nodes,
        }
    }

    fn list_mut(&mut self) -> &mut dyn ListOps {
        match self.screen.pane {
            Pane::Containers if self.screen.everywhere => &mut self.everywhere.pane.list,
            Pane::Containers => &mut self.host.containers.list,
            Pane::Images => &mut self.host.images,
            Pane::Volumes => &mut self.host.volumes,
            Pane::Networks => &mut self.host.networks,
            Pane::Projects => &mut self.host.projects.list,
            Pane::Security => &mut self.host.security.list,
            Pane::Services => &mut self.host.swarm.services,
            Pane::Tasks => &mut self.host.swarm.tasks,
            Pane::Nodes => &mut self.host.swarm.nodes,
        }
    }

    fn feed_mut(&mut self, pane: Pane) -> Option<&mut Feed> {
        match pane {
            Pane::Containers | Pane::Projects | Pane::Security => None,
            Pane::Services => Some(&mut self.host.swarm.service_feed),
            Pane::Tasks => Some(&mut self.host.swarm.task_feed),
            Pane::Nodes => Some(&mut self.host.swarm.node_feed),
            Pane::Images => Some(&mut self.host.image_feed),
            Pane::Volumes => Some(&mut self.host.volume_feed),
            Pane::Networks => Some(&mut self.host.network_feed),
        }
    }
}
