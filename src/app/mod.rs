//! The whole state of dockhand and the only function that changes it: [`App::update`].
//!
//! No I/O here: no tokio, no bollard, no terminal, no clock. Input, engine reports and time
//! arrive as [`Msg`]; what should happen outside comes back as [`Effect`]s. Everything in this
//! module is therefore tested by feeding messages and reading state.

pub mod connection;
pub mod containers;
pub mod layout;
pub mod list;
pub mod operations;
pub mod overlay;
pub mod toast;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::{Action, Config, KeyMap, Scope, Theme};
use crate::engine::model::{ContainerOp, ContainerState, EngineEvent, EventKind, RemoveOptions};
use crate::engine::{Report, Request};

pub use connection::Connection;
pub use containers::{ContainersPane, SortColumn};
use operations::Operations;
pub use overlay::{Overlay, RemoveDialog, RemoveTarget};
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Engine(Request),
    Quit,
}

/// Scopes whose keys are live on the containers pane.
const PANE_SCOPES: [Scope; 3] = [Scope::Global, Scope::List, Scope::Containers];

pub struct App {
    pub keymap: KeyMap,
    pub theme: Theme,
    pub read_only: bool,
    resync_secs: i64,
    /// The latest clock reading, unix seconds.
    pub now: i64,
    pub width: u16,
    pub height: u16,
    pub connection: Connection,
    pub containers: ContainersPane,
    pub overlay: Option<Overlay>,
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
}

impl App {
    pub fn new(config: &Config, now: i64) -> Self {
        Self {
            keymap: config.keymap.clone(),
            theme: config.theme.clone(),
            read_only: config.read_only,
            resync_secs: config.resync_interval.as_secs().max(1) as i64,
            now,
            width: 80,
            height: 24,
            connection: Connection::Connecting,
            containers: ContainersPane::new(config.show_all),
            overlay: None,
            toasts: Toasts::default(),
            ops: Operations::default(),
            quitting: false,
            seq: 0,
            list_seq: 0,
            last_list_at: now,
            list_in_flight: false,
            refreshing: HashMap::new(),
            destroyed: HashMap::new(),
        }
    }

    /// Rows in a page of the list at the current size.
    pub fn page(&self) -> usize {
        layout::list_rows(self.height).max(1)
    }

    /// Whether this action may run now (read-only mode hides every engine change).
    pub fn allows(&self, action: Action) -> bool {
        !(self.read_only && action.changes_engine())
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
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
        }
    }

    fn rebuild(&mut self) {
        let page = self.page();
        self.containers.rebuild(self.now, page);
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn list_all(&mut self) -> Vec<Effect> {
        if self.list_in_flight || !self.connection.is_connected() {
            return vec![];
        }
        let seq = self.next_seq();
        self.list_seq = seq;
        self.last_list_at = self.now;
        self.list_in_flight = true;
        vec![Effect::Engine(Request::ListContainers { seq })]
    }

    fn on_tick(&mut self, now: i64) -> Vec<Effect> {
        self.now = now;
        self.toasts.expire(now);
        if self.connection.is_connected() && now - self.last_list_at >= self.resync_secs {
            // The safety net: events drive the list; this only catches what they missed.
            return self.list_all();
        }
        vec![]
    }

    fn on_report(&mut self, r: Report) -> Vec<Effect> {
        match r {
            Report::Connected(info) => {
                let reconnect = matches!(self.connection, Connection::Lost { .. });
                self.connection = Connection::Connected(info);
                self.list_in_flight = false;
                self.refreshing.clear();
                if reconnect {
                    self.toasts
                        .push(Level::Success, "reconnected to the engine", self.now);
                }
                self.list_all()
            }
            Report::Unavailable {
                attempts,
                problems,
                retry_in_secs,
            } => {
                // Once connected, a failed reconnect keeps the last list on screen, marked
                // stale, with the reason; the full no-engine screen is for never having had one.
                if let Connection::Lost { info, .. } = &self.connection {
                    let why = attempts
                        .first()
                        .map(|a| a.error.clone())
                        .unwrap_or_else(|| "no answer".to_string());
                    self.connection = Connection::Lost {
                        info: info.clone(),
                        reason: format!("{why}; retrying in {retry_in_secs} s"),
                    };
                    return vec![];
                }
                let tries = match &self.connection {
                    Connection::Unavailable { tries, .. } => tries + 1,
                    _ => 1,
                };
                self.connection = Connection::Unavailable {
                    attempts,
                    problems,
                    retry_at: self.now + retry_in_secs as i64,
                    tries,
                };
                vec![]
            }
            Report::Lost { reason } => {
                let info = self.connection.info().cloned().unwrap_or_default();
                self.connection = Connection::Lost { info, reason };
                self.list_in_flight = false;
                self.refreshing.clear();
                for id in self.containers.pending.keys().cloned().collect::<Vec<_>>() {
                    self.ops.forget(&id);
                }
                self.containers.pending.clear();
                self.rebuild();
                vec![]
            }
            Report::Gap => self.list_all(),
            Report::Event(ev) => self.on_event(ev),
            Report::Containers { seq, result } => {
                if seq != self.list_seq {
                    return vec![];
                }
                self.list_in_flight = false;
                match result {
                    Ok(mut list) => {
                        list.retain(|c| self.destroyed.get(&c.id).is_none_or(|d| *d < seq));
                        self.destroyed.retain(|_, d| *d > seq);
                        self.containers.set_all(list);
                        self.rebuild();
                    }
                    Err(e) => self.toasts.push(
                        Level::Error,
                        format!("could not list containers: {e}"),
                        self.now,
                    ),
                }
                vec![]
            }
            Report::Container { seq, id, result } => self.on_row(seq, id, result),
            Report::OpDone {
                op,
                id,
                name,
                result,
            } => {
                self.containers.pending.remove(&id);
                if let Some(done) = self.ops.finish(&id, op, &name, result) {
                    self.toasts.push(done.level, done.text, self.now);
                }
                self.rebuild();
                // The event stream brings the new state; a removed container's row goes
                // with its destroy event.
                vec![]
            }
        }
    }

    fn on_row(
        &mut self,
        seq: u64,
        id: String,
        result: Result<Option<crate::engine::model::Container>, String>,
    ) -> Vec<Effect> {
        if self.destroyed.get(&id).is_some_and(|d| *d > seq) {
            return vec![];
        }
        let again = match self.refreshing.get(&id) {
            Some((s, again)) if *s == seq => *again,
            _ => return vec![],
        };
        self.refreshing.remove(&id);
        match result {
            Ok(Some(c)) => self.containers.upsert(c),
            Ok(None) => self.containers.remove(&id),
            Err(_) => {} // the next event or the resync will bring it
        }
        self.rebuild();
        if again { self.refresh(&id) } else { vec![] }
    }

    /// Asks for one row again; at most one request per container is in flight.
    fn refresh(&mut self, id: &str) -> Vec<Effect> {
        if let Some(entry) = self.refreshing.get_mut(id) {
            entry.1 = true;
            return vec![];
        }
        let seq = self.next_seq();
        self.refreshing.insert(id.to_string(), (seq, false));
        vec![Effect::Engine(Request::RefreshContainer {
            seq,
            id: id.to_string(),
        })]
    }

    fn on_event(&mut self, ev: EngineEvent) -> Vec<Effect> {
        if ev.kind != EventKind::Container || ev.id.is_empty() {
            return vec![];
        }
        // `health_status: healthy` and friends carry the status after a colon.
        let action = ev.action.split(':').next().unwrap_or("").trim();
        match action {
            "destroy" => {
                let seq = self.next_seq();
                self.destroyed.insert(ev.id.clone(), seq);
                self.refreshing.remove(&ev.id);
                self.containers.remove(&ev.id);
                self.rebuild();
                vec![]
            }
            "start" | "restart" | "die" => {
                self.containers
                    .note_transition(&ev.id, ev.time, ev.exit_code);
                self.refresh(&ev.id)
            }
            "create" | "stop" | "kill" | "pause" | "unpause" | "rename" | "update"
            | "health_status" | "oom" => self.refresh(&ev.id),
            // exec_*, attach, top, resize, copy, commit... do not change the row.
            _ => vec![],
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // ctrl-c always quits, whatever is open: the one key that must never be lost.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.quit();
        }
        if let Some(overlay) = self.overlay.take() {
            return self.on_overlay_key(overlay, key);
        }
        if !matches!(
            self.connection,
            Connection::Connected(_) | Connection::Lost { .. }
        ) {
            return match self.keymap.action_for(&[Scope::Global], &key) {
                Some(Action::Quit) => self.quit(),
                Some(Action::Refresh) => vec![Effect::Engine(Request::Reconnect)],
                Some(Action::Help) => {
                    self.overlay = Some(Overlay::Help);
                    vec![]
                }
                _ => vec![],
            };
        }
        if self.containers.filter_editing {
            return self.on_filter_key(key);
        }
        match self.keymap.action_for(&PANE_SCOPES, &key) {
            Some(a) => self.on_action(a),
            None => vec![],
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::Quit]
    }

    fn on_overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
        match overlay {
            Overlay::Help => {
                let closes = matches!(
                    self.keymap
                        .action_for(&[Scope::Global, Scope::Dialog], &key),
                    Some(Action::Help | Action::Cancel | Action::Quit)
                );
                if !closes {
                    self.overlay = Some(Overlay::Help);
                }
                vec![]
            }
            Overlay::ConfirmRemove(mut d) => {
                match self.keymap.action_for(&[Scope::Dialog], &key) {
                    Some(Action::Confirm) => return self.remove(d),
                    Some(Action::Cancel) => {}
                    Some(Action::ToggleVolumes) => {
                        d.remove_volumes = !d.remove_volumes;
                        self.overlay = Some(Overlay::ConfirmRemove(d));
                    }
                    _ => self.overlay = Some(Overlay::ConfirmRemove(d)),
                }
                vec![]
            }
        }
    }

    fn on_filter_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.page();
        if self.containers.edit_filter(key, page) {
            self.rebuild();
        }
        vec![]
    }

    fn on_action(&mut self, action: Action) -> Vec<Effect> {
        if !self.allows(action) {
            self.toasts.push(
                Level::Warning,
                format!("read-only mode: {} is disabled", action.name()),
                self.now,
            );
            return vec![];
        }
        let page = self.page();
        let pane = &mut self.containers;
        match action {
            Action::Quit => return self.quit(),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Refresh if !self.connection.is_connected() => {
                return vec![Effect::Engine(Request::Reconnect)];
            }
            Action::Refresh => return self.list_all(),
            Action::Up => pane.move_by(-1, page),
            Action::Down => pane.move_by(1, page),
            Action::PageUp => pane.move_by(-(page as isize), page),
            Action::PageDown => pane.move_by(page as isize, page),
            Action::Top => pane.select_index(0, page),
            Action::Bottom => pane.select_index(usize::MAX, page),
            Action::Filter => pane.filter_editing = true,
            Action::SortNext => {
                pane.sort_next();
                self.rebuild();
            }
            Action::SortReverse => {
                pane.descending = !pane.descending;
                self.rebuild();
            }
            Action::Mark => {
                pane.toggle_mark();
                pane.move_by(1, page);
            }
            Action::MarkAll => pane.toggle_mark_all(),
            Action::Back => {
                if !pane.filter.is_empty() {
                    pane.filter.clear();
                    self.rebuild();
                } else {
                    pane.marks.clear();
                }
            }
            Action::ToggleAll => {
                pane.show_all = !pane.show_all;
                self.rebuild();
            }
            Action::Start => return self.container_op(|_| Some(ContainerOp::Start)),
            Action::Stop => return self.container_op(|_| Some(ContainerOp::Stop)),
            Action::Restart => return self.container_op(|_| Some(ContainerOp::Restart)),
            Action::Kill => return self.container_op(|s| s.is_up().then_some(ContainerOp::Kill)),
            Action::Pause => {
                return self.container_op(|s| match s {
                    ContainerState::Paused => Some(ContainerOp::Unpause),
                    ContainerState::Running => Some(ContainerOp::Pause),
                    _ => None,
                });
            }
            Action::Remove => self.open_remove_dialog(),
            Action::Confirm | Action::Cancel | Action::ToggleVolumes => {}
        }
        vec![]
    }

    /// Applies an operation to the targets; `pick` chooses it from each container's state
    /// (pause toggles) or skips the container (`None`).
    fn container_op(
        &mut self,
        pick: impl Fn(&ContainerState) -> Option<ContainerOp>,
    ) -> Vec<Effect> {
        if !self.connection.is_connected() {
            self.toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let mut jobs = Vec::new();
        let mut skipped = Vec::new();
        for c in self.containers.targets() {
            if self.containers.pending.contains_key(&c.id) {
                skipped.push(format!("{} is busy", c.name));
                continue;
            }
            match pick(&c.state) {
                Some(op) => jobs.push((op, c.id.clone(), c.name.clone())),
                None => skipped.push(format!("{} is {}", c.name, c.state)),
            }
        }
        if !skipped.is_empty() {
            self.toasts.push(
                Level::Warning,
                format!("skipped: {}", skipped.join(", ")),
                self.now,
            );
        }
        self.start_jobs(jobs, RemoveOptions::default())
    }

    fn start_jobs(
        &mut self,
        jobs: Vec<(ContainerOp, String, String)>,
        remove: RemoveOptions,
    ) -> Vec<Effect> {
        if jobs.is_empty() {
            return vec![];
        }
        self.containers.marks.clear();
        self.ops
            .begin(jobs.iter().map(|(op, id, _)| (*op, id.clone())).collect());
        let effects = jobs
            .into_iter()
            .map(|(op, id, name)| {
                self.containers.pending.insert(id.clone(), op);
                Effect::Engine(Request::Container {
                    op,
                    id,
                    name,
                    remove,
                })
            })
            .collect();
        self.rebuild();
        effects
    }

    fn open_remove_dialog(&mut self) {
        let targets: Vec<RemoveTarget> = self
            .containers
            .targets()
            .into_iter()
            .filter(|c| !self.containers.pending.contains_key(&c.id))
            .map(|c| RemoveTarget {
                id: c.id.clone(),
                name: c.name.clone(),
                up: c.state.is_up(),
                volumes: c.volumes.clone(),
            })
            .collect();
        if !targets.is_empty() {
            self.overlay = Some(Overlay::ConfirmRemove(RemoveDialog {
                targets,
                remove_volumes: false,
            }));
        }
    }

    fn remove(&mut self, d: RemoveDialog) -> Vec<Effect> {
        if !self.connection.is_connected() {
            self.toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let opts = RemoveOptions {
            volumes: d.remove_volumes,
            force: d.needs_force(),
        };
        let jobs = d
            .targets
            .into_iter()
            .filter(|t| self.containers.contains(&t.id))
            .map(|t| (ContainerOp::Remove, t.id, t.name))
            .collect();
        self.start_jobs(jobs, opts)
    }
}
