//! The whole state of dockhand and the only function that changes it: [`App::update`].
//!
//! No I/O here: no tokio, no bollard, no terminal, no clock. Input, engine reports and time
//! arrive as [`Msg`]; what should happen outside comes back as [`Effect`]s. Everything in this
//! module is therefore tested by feeding messages and reading state.

mod actions;
pub mod connection;
pub mod containers;
mod details;
pub mod inspect;
mod keys;
pub mod layout;
pub mod list;
pub mod logs;
pub mod objects;
pub mod operations;
pub mod overlay;
pub mod panes;
pub mod prune;
mod reports;
pub mod stats;
mod text;
pub mod toast;

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use crate::config::{Action, Config, KeyMap, Scope, Theme};
use crate::engine::model::{ContainerOp, ContainerState, EngineEvent, EventKind, RemoveOptions};
use crate::engine::{Report, Request};

pub use connection::Connection;
pub use containers::{ContainersPane, SortColumn};
pub use inspect::{InspectMode, InspectState, InspectView};
use operations::Operations;
pub use overlay::{
    HistoryView, ObjectKind, ObjectRemoval, ObjectTarget, Overlay, ProcessView, Prompt, PromptFor,
    PullView, RemoveDialog, RemoveTarget, StatsView,
};
pub use panes::{Feed, ListOps, Pane};
pub use prune::{DiskView, PrunePreview, PruneResult};

use crate::engine::objects::{Image, Network, Volume};
pub use actions::default_commit_name;
use list::ListView;
pub use toast::{Level, Toasts};

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
    Engine(Report),
    /// The mouse wheel turned (`up` or down) over the screen.
    Wheel {
        up: bool,
    },
    /// A file the app asked to write was written, or why not.
    Written {
        path: String,
        lines: usize,
        result: Result<(), String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Engine(Request),
    /// Write these lines to a file (the runtime does, and answers with [`Msg::Written`]).
    WriteFile {
        path: String,
        lines: Vec<String>,
    },
    /// Put this text on the clipboard of the terminal (OSC 52: works over ssh too).
    Clipboard(String),
    Quit,
}

pub struct App {
    pub keymap: KeyMap,
    pub theme: Theme,
    pub read_only: bool,
    /// Environment variable names whose values the inspect view masks.
    pub secrets: crate::inspect::SecretPatterns,
    resync_secs: i64,
    /// The latest clock reading, unix seconds.
    pub now: i64,
    pub width: u16,
    pub height: u16,
    pub connection: Connection,
    pub pane: Pane,
    pub containers: ContainersPane,
    pub images: ListView<Image>,
    pub volumes: ListView<Volume>,
    pub networks: ListView<Network>,
    image_feed: Feed,
    volume_feed: Feed,
    network_feed: Feed,
    pub overlay: Option<Overlay>,
    pub logs: logs::LogView,
    /// Volume sizes from the last disk usage (the volume list carries none), by name.
    volume_sizes: HashMap<String, i64>,
    /// First line of the help overlay shown (it scrolls when taller than the screen).
    pub help_scroll: u16,
    pub toasts: Toasts,
    pub ops: Operations,
    pub quitting: bool,
    /// Request sequence numbers: replies to anything older than what they overtook are dropped.
    seq: u64,
    /// The newest full list asked for, and when.
    list_seq: u64,
    last_list_at: i64,
    /// A list asked for and not answered yet (no second one is sent meanwhile).
    list_in_flight: bool,
    /// Per container: the latest row refresh asked for, and whether another event came since.
    refreshing: HashMap<String, (u64, bool)>,
    /// Containers destroyed (per events) at this sequence number; older replies must not
    /// bring them back.
    destroyed: HashMap<String, u64>,
    /// Where stats samples come from (config).
    pub stats_source: crate::config::StatsSource,
}

impl App {
    pub fn new(config: &Config, now: i64) -> Self {
        Self {
            keymap: config.keymap.clone(),
            theme: config.theme.clone(),
            read_only: config.read_only,
            secrets: crate::inspect::SecretPatterns::new(&config.inspect.secret_patterns),
            resync_secs: config.resync_interval.as_secs().max(1) as i64,
            now,
            width: 80,
            height: 24,
            connection: Connection::Connecting,
            pane: Pane::Containers,
            containers: ContainersPane::new(config.show_all),
            images: ListView::default(),
            volumes: ListView::default(),
            networks: ListView::default(),
            image_feed: Feed::default(),
            volume_feed: Feed::default(),
            network_feed: Feed::default(),
            overlay: None,
            logs: logs::LogView::new(
                config.logs.buffer_lines,
                config.logs.buffer_bytes,
                config.logs.tail,
            ),
            volume_sizes: HashMap::new(),
            help_scroll: 0,
            toasts: Toasts::default(),
            ops: Operations::default(),
            quitting: false,
            seq: 0,
            list_seq: 0,
            last_list_at: now,
            list_in_flight: false,
            refreshing: HashMap::new(),
            destroyed: HashMap::new(),
            stats_source: config.stats.source,
        }
        .with_stats(config)
    }

    fn with_stats(mut self, config: &Config) -> Self {
        self.containers.stats = stats::StatsBook::new(stats::StatsConfig {
            interval: config.stats.interval.as_secs() as i64,
            window: config.stats.window.as_secs() as i64,
        });
        self
    }

    /// Rows in a page of the list at the current size (the list is shorter with logs below).
    pub fn page(&self) -> usize {
        let rows = layout::list_rows(self.height);
        match self.logs.mode {
            logs::LogMode::Split => layout::split_list_rows(self.height),
            _ => rows,
        }
        .max(1)
    }

    /// Says where log lines were saved and how many, or why they were not.
    fn saved(&mut self, what: &str, path: &str, result: Result<usize, String>) {
        match result {
            Ok(n) => self.toasts.push(
                Level::Success,
                format!(
                    "saved {what}{n} line{} to {path}",
                    if n == 1 { "" } else { "s" }
                ),
                self.now,
            ),
            Err(e) => self.toasts.push(
                Level::Error,
                format!("could not save {path}: {e}"),
                self.now,
            ),
        }
    }

    /// Rows of log lines on screen.
    pub fn log_rows(&self) -> usize {
        layout::log_rows(self.height, self.logs.mode == logs::LogMode::Full).max(1)
    }

    /// Keeps the log stream on what should be followed: the selected container while the log
    /// pane is open, nothing when it is closed. Called after every message.
    fn sync_logs(&mut self) -> Vec<Effect> {
        // Marked containers are followed together (merged by time); else the selected one.
        let wanted: Option<logs::LogTarget> =
            if self.logs.is_open() && self.connection.is_connected() {
                let project: Vec<(String, String)> = match &self.logs.project {
                    Some(p) => {
                        let mut members: Vec<(String, String)> = self
                            .containers
                            .all()
                            .filter(|c| c.compose_project.as_deref() == Some(p.as_str()))
                            .map(|c| (c.id.clone(), c.name.clone()))
                            .collect();
                        members.sort_by(|a, b| a.1.cmp(&b.1));
                        members
                    }
                    None => Vec::new(),
                };
                let marked: Vec<(String, String)> = if self.containers.marks.is_empty() {
                    Vec::new()
                } else {
                    self.containers
                        .targets()
                        .into_iter()
                        .map(|c| (c.id.clone(), c.name.clone()))
                        .collect()
                };
                if !project.is_empty() {
                    Some(logs::LogTarget {
                        containers: project,
                    })
                } else if marked.len() > 1 {
                    Some(logs::LogTarget { containers: marked })
                } else {
                    self.containers.selected().map(|c| logs::LogTarget {
                        containers: vec![(c.id.clone(), c.name.clone())],
                    })
                }
            } else {
                None
            };
        if wanted == self.logs.target && !self.logs.restart {
            return vec![];
        }
        self.logs.restart = false;
        let mut fx = Vec::new();
        if self.logs.target.is_some() {
            fx.push(Effect::Engine(Request::StopLogs {
                stream: self.logs.stream,
            }));
        }
        self.seq += 1;
        let stream = self.seq;
        if let Some(t) = &wanted {
            fx.push(Effect::Engine(Request::FollowLogs {
                stream,
                containers: t.containers.iter().map(|(id, _)| id.clone()).collect(),
                tail: self.logs.tail,
                since: self.logs.window.as_ref().and_then(|w| w.since),
                until: self.logs.window.as_ref().and_then(|w| w.until),
            }));
        }
        self.logs.reset(stream, wanted);
        fx
    }

    /// Whether this action may run now (read-only mode hides every engine change).
    pub fn allows(&self, action: Action) -> bool {
        !(self.read_only && action.changes_engine())
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
        let mut fx = self.update_inner(msg);
        fx.extend(self.sync_logs());
        fx
    }

    fn update_inner(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => self.on_key(k),
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.rebuild();
                vec![]
            }
            Msg::Tick { now } => self.on_tick(now),
            Msg::Engine(r) => self.on_report(r),
            Msg::Wheel { up } => {
                // The wheel scrolls the logs when they are shown full screen, else the list.
                let by: isize = if up { -3 } else { 3 };
                if matches!(self.overlay, Some(Overlay::Inspect(_))) {
                    self.wheel_inspect(by);
                } else if self.logs.mode == logs::LogMode::Full && self.pane == Pane::Containers {
                    self.logs.scroll(by as i64);
                } else if self.overlay.is_none() {
                    let page = self.page();
                    self.list_mut().move_by(by, page);
                }
                vec![]
            }
            Msg::Written {
                path,
                lines,
                result,
            } => {
                self.saved("", &path, result.map(|()| lines));
                vec![]
            }
        }
    }

    /// Recomputes the shown rows of the current pane.
    fn rebuild(&mut self) {
        self.rebuild_pane(self.pane);
    }

    fn rebuild_pane(&mut self, pane: Pane) {
        let (page, now) = (self.page(), self.now);
        match pane {
            Pane::Containers => self.containers.rebuild(now, page),
            Pane::Images => self.images.rebuild(now, page, |_| true),
            Pane::Volumes => self.volumes.rebuild(now, page, |_| true),
            Pane::Networks => self.networks.rebuild(now, page, |_| true),
        }
    }

    /// The shown pane's list, for the operations every pane shares.
    pub fn list(&self) -> &dyn ListOps {
        match self.pane {
            Pane::Containers => &*self.containers,
            Pane::Images => &self.images,
            Pane::Volumes => &self.volumes,
            Pane::Networks => &self.networks,
        }
    }

    fn list_mut(&mut self) -> &mut dyn ListOps {
        match self.pane {
            Pane::Containers => &mut *self.containers,
            Pane::Images => &mut self.images,
            Pane::Volumes => &mut self.volumes,
            Pane::Networks => &mut self.networks,
        }
    }

    fn feed_mut(&mut self, pane: Pane) -> Option<&mut Feed> {
        match pane {
            Pane::Containers => None,
            Pane::Images => Some(&mut self.image_feed),
            Pane::Volumes => Some(&mut self.volume_feed),
            Pane::Networks => Some(&mut self.network_feed),
        }
    }
}
