//! The whole state of dockhand and the only function that changes it: [`App::update`].
//!
//! No I/O here: no tokio, no bollard, no terminal, no clock. Input, engine reports and time
//! arrive as [`Msg`]; what should happen outside comes back as [`Effect`]s. Everything in this
//! module is therefore tested by feeding messages and reading state.

pub mod connection;
pub mod containers;
pub mod layout;
pub mod list;
pub mod objects;
pub mod operations;
pub mod overlay;
pub mod panes;
pub mod prune;
pub mod toast;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::{Action, Config, KeyMap, Scope, Theme};
use crate::engine::model::{ContainerOp, ContainerState, EngineEvent, EventKind, RemoveOptions};
use crate::engine::{Report, Request};

pub use connection::Connection;
pub use containers::{ContainersPane, SortColumn};
use operations::Operations;
pub use overlay::{
    HistoryView, ObjectKind, ObjectRemoval, ObjectTarget, Overlay, Prompt, PromptFor, RemoveDialog,
    RemoveTarget,
};
pub use panes::{Feed, ListOps, Pane};
pub use prune::{DiskView, PrunePreview, PruneResult};

use crate::engine::objects::{Image, Network, Volume};
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Engine(Request),
    Quit,
}

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
    pub pane: Pane,
    pub containers: ContainersPane,
    pub images: ListView<Image>,
    pub volumes: ListView<Volume>,
    pub networks: ListView<Network>,
    image_feed: Feed,
    volume_feed: Feed,
    network_feed: Feed,
    pub overlay: Option<Overlay>,
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
            pane: Pane::Containers,
            containers: ContainersPane::new(config.show_all),
            images: ListView::default(),
            volumes: ListView::default(),
            networks: ListView::default(),
            image_feed: Feed::default(),
            volume_feed: Feed::default(),
            network_feed: Feed::default(),
            overlay: None,
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

    /// Lists one kind of object if it is wanted and no list of it is in flight.
    fn list_kind(&mut self, pane: Pane) -> Vec<Effect> {
        if !self.connection.is_connected() {
            return vec![];
        }
        let seq = self.seq + 1;
        let Some(feed) = self.feed_mut(pane) else {
            return vec![];
        };
        if !feed.ask() {
            return vec![];
        }
        feed.seq = seq;
        feed.in_flight = true;
        self.seq = seq;
        let req = match pane {
            Pane::Images => Request::ListImages { seq },
            Pane::Volumes => Request::ListVolumes { seq },
            Pane::Networks => Request::ListNetworks { seq },
            Pane::Containers => return vec![],
        };
        vec![Effect::Engine(req)]
    }

    fn show(&mut self, pane: Pane) -> Vec<Effect> {
        self.pane = pane;
        let first_time = self
            .feed_mut(pane)
            .is_some_and(|f| !std::mem::replace(&mut f.wanted, true));
        self.rebuild();
        if !first_time {
            return vec![];
        }
        let mut fx = self.list_kind(pane);
        // Volume sizes cost the engine a walk of every volume: asked once, when first shown.
        if pane == Pane::Volumes && self.connection.is_connected() {
            self.seq += 1;
            fx.push(Effect::Engine(Request::DiskUsage { seq: self.seq }));
        }
        fx
    }

    fn apply_volume_sizes(&mut self) {
        let names: Vec<String> = self.volumes.all().map(|v| v.name.clone()).collect();
        for name in names {
            let size = self.volume_sizes.get(&name).copied();
            if let Some(v) = self.volumes.get_mut(&name) {
                v.size = size;
            }
        }
        self.rebuild_pane(Pane::Volumes);
    }

    fn open_disk(&mut self) -> Vec<Effect> {
        if !self.connection.is_connected() {
            self.toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        self.seq += 1;
        self.overlay = Some(Overlay::Disk(DiskView {
            seq: self.seq,
            usage: None,
            selected: 0,
        }));
        vec![Effect::Engine(Request::DiskUsage { seq: self.seq })]
    }

    /// Takes a list of one kind: drops stale replies, asks again when events came meanwhile.
    fn on_kind_list<T: list::Row>(
        &mut self,
        pane: Pane,
        seq: u64,
        result: Result<Vec<T>, String>,
        view: impl FnOnce(&mut Self) -> &mut ListView<T>,
    ) -> Vec<Effect> {
        let again = match self.feed_mut(pane).and_then(|f| f.answer(seq)) {
            Some(again) => again,
            None => return vec![],
        };
        match result {
            Ok(rows) => {
                view(self).set_all(rows);
                self.rebuild_pane(pane);
            }
            Err(e) => self.toasts.push(
                Level::Error,
                format!("could not list {}: {e}", pane.title().to_lowercase()),
                self.now,
            ),
        }
        if again { self.list_kind(pane) } else { vec![] }
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
            // The safety net: events drive the lists; this only catches what they missed.
            return self.resync();
        }
        vec![]
    }

    /// Lists everything that is shown or wanted again.
    fn resync(&mut self) -> Vec<Effect> {
        let mut fx = self.list_all();
        for pane in [Pane::Images, Pane::Volumes, Pane::Networks] {
            fx.extend(self.list_kind(pane));
        }
        fx
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
                for pane in [Pane::Images, Pane::Volumes, Pane::Networks] {
                    if let Some(f) = self.feed_mut(pane) {
                        f.reset();
                    }
                }
                self.resync()
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
            Report::Gap => self.resync(),
            Report::ImageHistory { seq, result } => {
                if let Some(Overlay::History(h)) = &mut self.overlay {
                    if h.seq == seq {
                        h.layers = Some(result);
                    }
                }
                vec![]
            }
            Report::DiskUsage { seq, result } => {
                // Volume sizes come only from here: fill them in wherever they are shown.
                if let Ok(usage) = &result {
                    self.volume_sizes = usage.volume_sizes.iter().cloned().collect();
                    self.apply_volume_sizes();
                }
                if let Some(Overlay::Disk(d)) = &mut self.overlay {
                    if d.seq == seq {
                        d.usage = Some(result);
                    }
                }
                vec![]
            }
            Report::PrunePreview { seq, result } => {
                if let Some(Overlay::PrunePreview(p)) = &mut self.overlay {
                    if p.seq == seq {
                        p.items = Some(result);
                    }
                }
                vec![]
            }
            Report::PruneDone { kind, outcome } => {
                let text = prune::summary(&outcome);
                let level = if outcome.failed.is_empty() {
                    Level::Success
                } else {
                    Level::Error
                };
                self.toasts.push(level, text, self.now);
                self.overlay = Some(Overlay::PruneResult(PruneResult { kind, outcome }));
                vec![]
            }
            Report::ObjectDone { result } => {
                match result {
                    Ok(text) => self.toasts.push(Level::Success, text, self.now),
                    Err(text) => self.toasts.push(Level::Error, text, self.now),
                }
                vec![]
            }
            Report::WritableLayer { id, result } => {
                if let Some(Overlay::ConfirmRemove(d)) = &mut self.overlay {
                    if d.targets.iter().any(|t| t.id == id) {
                        d.layers.insert(id, result);
                    }
                }
                vec![]
            }
            Report::Images { seq, result } => {
                self.on_kind_list(Pane::Images, seq, result, |a| &mut a.images)
            }
            Report::Volumes { seq, result } => {
                let fx = self.on_kind_list(Pane::Volumes, seq, result, |a| &mut a.volumes);
                self.apply_volume_sizes();
                fx
            }
            Report::Networks { seq, result } => {
                self.on_kind_list(Pane::Networks, seq, result, |a| &mut a.networks)
            }
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
        match ev.kind {
            EventKind::Container => {}
            EventKind::Image => return self.list_kind(Pane::Images),
            EventKind::Volume => return self.list_kind(Pane::Volumes),
            EventKind::Network => return self.list_kind(Pane::Networks),
            EventKind::Other => return vec![],
        }
        if ev.id.is_empty() {
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
        if self.list().filter_editing() {
            return self.on_filter_key(key);
        }
        match self.keymap.action_for(&self.live_scopes(), &key) {
            Some(a) => self.on_action(a),
            None => vec![],
        }
    }

    /// Key scopes live on the shown pane.
    pub fn live_scopes(&self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Global, Scope::List];
        scopes.extend(self.pane.scope());
        scopes
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::Quit]
    }

    fn on_overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
        match overlay {
            Overlay::Help => {
                let page = self.page() as isize;
                let scroll = |by: isize, at: u16| (at as isize + by).max(0) as u16;
                match self
                    .keymap
                    .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
                {
                    Some(Action::Help | Action::Cancel | Action::Quit | Action::Back) => {
                        self.help_scroll = 0;
                        return vec![];
                    }
                    // The drawing clamps the scroll to what the help holds.
                    Some(Action::Down) => self.help_scroll = scroll(1, self.help_scroll),
                    Some(Action::Up) => self.help_scroll = scroll(-1, self.help_scroll),
                    Some(Action::PageDown) => self.help_scroll = scroll(page, self.help_scroll),
                    Some(Action::PageUp) => self.help_scroll = scroll(-page, self.help_scroll),
                    Some(Action::Top) => self.help_scroll = 0,
                    _ => {}
                }
                self.overlay = Some(Overlay::Help);
                vec![]
            }
            Overlay::RemoveObjects(mut d) => {
                match self.keymap.action_for(&[Scope::Dialog], &key) {
                    Some(Action::Confirm) => return self.remove_objects(d),
                    Some(Action::Cancel) => {}
                    Some(Action::Force) if d.kind == ObjectKind::Image => {
                        d.force = !d.force;
                        self.overlay = Some(Overlay::RemoveObjects(d));
                    }
                    Some(Action::UntagOnly)
                        if d.kind == ObjectKind::Image && d.targets.len() == 1 =>
                    {
                        d.untag_only = match d.untag_only {
                            Some(_) => None,
                            None => self
                                .images
                                .get(&d.targets[0].key)
                                .filter(|i| i.tags.len() > 1)
                                .and_then(|i| i.tags.first().cloned()),
                        };
                        self.overlay = Some(Overlay::RemoveObjects(d));
                    }
                    _ => self.overlay = Some(Overlay::RemoveObjects(d)),
                }
                vec![]
            }
            Overlay::Disk(mut d) => {
                match self
                    .keymap
                    .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
                {
                    Some(Action::Cancel | Action::Back | Action::DiskUsage | Action::Quit) => {
                        return vec![];
                    }
                    Some(Action::Down) => d.selected = (d.selected + 1).min(prune::KINDS.len() - 1),
                    Some(Action::Up) => d.selected = d.selected.saturating_sub(1),
                    Some(Action::Refresh) => return self.open_disk(),
                    Some(Action::Prune | Action::Confirm) => {
                        if !self.allows(Action::Prune) {
                            self.toasts.push(
                                Level::Warning,
                                "read-only mode: prune is disabled",
                                self.now,
                            );
                        } else if self.connection.is_connected() {
                            self.seq += 1;
                            let kind = prune::KINDS[d.selected];
                            self.overlay =
                                Some(Overlay::PrunePreview(PrunePreview::new(self.seq, kind)));
                            return vec![Effect::Engine(Request::PrunePreview {
                                seq: self.seq,
                                kind,
                            })];
                        }
                    }
                    _ => {}
                }
                self.overlay = Some(Overlay::Disk(d));
                vec![]
            }
            Overlay::PrunePreview(mut p) => {
                let page = self.page().saturating_sub(6).max(1);
                if p.applying {
                    self.overlay = Some(Overlay::PrunePreview(p));
                    return vec![];
                }
                // The typed confirmation takes letters as text.
                if let Some(typed) = p.typed.as_mut() {
                    match key.code {
                        KeyCode::Esc => p.typed = None,
                        KeyCode::Backspace => {
                            typed.pop();
                        }
                        KeyCode::Enter if typed.trim() == prune::CONFIRM_WORD => {
                            return self.apply_prune(p);
                        }
                        KeyCode::Char(c)
                            if !key
                                .modifiers
                                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                        {
                            typed.push(c);
                        }
                        _ => {}
                    }
                    self.overlay = Some(Overlay::PrunePreview(p));
                    return vec![];
                }
                match self
                    .keymap
                    .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
                {
                    Some(Action::Cancel | Action::Back | Action::Quit) => return vec![],
                    Some(Action::Down) => p.move_by(1, page),
                    Some(Action::Up) => p.move_by(-1, page),
                    Some(Action::PageDown) => p.move_by(page as isize, page),
                    Some(Action::PageUp) => p.move_by(-(page as isize), page),
                    Some(Action::Mark) => {
                        p.toggle();
                        p.move_by(1, page);
                    }
                    Some(Action::Confirm) if p.items.as_ref().is_some_and(|r| r.is_ok()) => {
                        if p.chosen().is_empty() {
                            return vec![];
                        }
                        if p.needs_typed_confirmation() {
                            p.typed = Some(String::new());
                        } else {
                            return self.apply_prune(p);
                        }
                    }
                    _ => {}
                }
                self.overlay = Some(Overlay::PrunePreview(p));
                vec![]
            }
            Overlay::History(mut h) => {
                let page = self.page();
                match self
                    .keymap
                    .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
                {
                    Some(Action::Cancel | Action::Back | Action::Quit | Action::Confirm) => {
                        return vec![];
                    }
                    Some(Action::Down) => h.scroll += 1,
                    Some(Action::Up) => h.scroll = h.scroll.saturating_sub(1),
                    Some(Action::PageDown) => h.scroll += page,
                    Some(Action::PageUp) => h.scroll = h.scroll.saturating_sub(page),
                    Some(Action::Top) => h.scroll = 0,
                    _ => {}
                }
                self.overlay = Some(Overlay::History(h));
                vec![]
            }
            Overlay::PruneResult(r) => {
                let closes = matches!(
                    self.keymap
                        .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key),
                    Some(Action::Cancel | Action::Confirm | Action::Back | Action::Quit)
                );
                if !closes {
                    self.overlay = Some(Overlay::PruneResult(r));
                }
                vec![]
            }
            Overlay::Prompt(mut p) => {
                match key.code {
                    KeyCode::Enter => {
                        let name = p.input.trim().to_string();
                        if name.is_empty() {
                            self.overlay = Some(Overlay::Prompt(p));
                            return vec![];
                        }
                        let req = match p.purpose {
                            PromptFor::CreateVolume => Request::CreateVolume { name },
                            PromptFor::CreateNetwork => Request::CreateNetwork { name },
                            PromptFor::TagImage { id, .. } => Request::TagImage {
                                id,
                                reference: name,
                            },
                            PromptFor::Connect { network, .. } => Request::ConnectNetwork {
                                network,
                                container: name,
                            },
                            PromptFor::Disconnect { network, .. } => Request::DisconnectNetwork {
                                network,
                                container: name,
                            },
                        };
                        return vec![Effect::Engine(req)];
                    }
                    KeyCode::Esc => return vec![],
                    KeyCode::Backspace => {
                        p.input.pop();
                    }
                    KeyCode::Char(c)
                        if !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                    {
                        p.input.push(c);
                    }
                    _ => {}
                }
                self.overlay = Some(Overlay::Prompt(p));
                vec![]
            }
            Overlay::ConfirmRemove(mut d) => {
                // While the image name for a commit is typed, keys edit it.
                if let Some(name) = d.commit_as.as_mut() {
                    match key.code {
                        KeyCode::Enter => return self.remove(d),
                        KeyCode::Esc => d.commit_as = None,
                        KeyCode::Backspace => {
                            name.pop();
                        }
                        KeyCode::Char(c)
                            if !key
                                .modifiers
                                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                        {
                            name.push(c);
                        }
                        _ => {}
                    }
                    self.overlay = Some(Overlay::ConfirmRemove(d));
                    return vec![];
                }
                match self.keymap.action_for(&[Scope::Dialog], &key) {
                    Some(Action::Confirm) => return self.remove(d),
                    Some(Action::Cancel) => {}
                    Some(Action::ToggleVolumes) => {
                        d.remove_volumes = !d.remove_volumes;
                        self.overlay = Some(Overlay::ConfirmRemove(d));
                    }
                    Some(Action::CommitFirst)
                        if d.targets.len() == 1 && self.allows(Action::CommitFirst) =>
                    {
                        d.commit_as = Some(default_commit_name(&d.targets[0].name, self.now));
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
        if self.list_mut().edit_filter(key, page) {
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
        let connected = self.connection.is_connected();
        let pane = self.list_mut();
        match action {
            Action::Quit => return self.quit(),
            Action::NextPane => return self.show(self.pane.next()),
            Action::PrevPane => return self.show(self.pane.prev()),
            Action::ShowContainers => return self.show(Pane::Containers),
            Action::ShowImages => return self.show(Pane::Images),
            Action::ShowVolumes => return self.show(Pane::Volumes),
            Action::ShowNetworks => return self.show(Pane::Networks),
            Action::DiskUsage => return self.open_disk(),
            Action::Tag => {
                if let Some(i) = self.images.selected() {
                    let label = i
                        .tags
                        .first()
                        .cloned()
                        .unwrap_or_else(|| i.short_id().to_string());
                    self.overlay = Some(Overlay::Prompt(Prompt {
                        purpose: PromptFor::TagImage {
                            id: i.id.clone(),
                            label,
                        },
                        input: String::new(),
                    }));
                }
            }
            Action::History => {
                if let Some(i) = self.images.selected() {
                    let label = i
                        .tags
                        .first()
                        .cloned()
                        .unwrap_or_else(|| i.short_id().to_string());
                    let id = i.id.clone();
                    self.seq += 1;
                    self.overlay = Some(Overlay::History(HistoryView {
                        seq: self.seq,
                        label,
                        layers: None,
                        scroll: 0,
                    }));
                    return vec![Effect::Engine(Request::ImageHistory { seq: self.seq, id })];
                }
            }
            Action::Connect | Action::Disconnect => {
                if let Some(n) = self.networks.selected() {
                    let (network, label) = (n.id.clone(), n.name.clone());
                    let purpose = if action == Action::Connect {
                        PromptFor::Connect { network, label }
                    } else {
                        PromptFor::Disconnect { network, label }
                    };
                    self.overlay = Some(Overlay::Prompt(Prompt {
                        purpose,
                        input: String::new(),
                    }));
                }
            }
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Refresh if !connected => {
                return vec![Effect::Engine(Request::Reconnect)];
            }
            Action::Refresh => return self.resync(),
            Action::Up => pane.move_by(-1, page),
            Action::Down => pane.move_by(1, page),
            Action::PageUp => pane.move_by(-(page as isize), page),
            Action::PageDown => pane.move_by(page as isize, page),
            Action::Top => pane.select_index(0, page),
            Action::Bottom => pane.select_index(usize::MAX, page),
            Action::Filter => pane.start_filter(),
            Action::SortNext => {
                pane.sort_next();
                self.rebuild();
            }
            Action::SortReverse => {
                pane.reverse();
                self.rebuild();
            }
            Action::Mark => {
                pane.toggle_mark();
                pane.move_by(1, page);
            }
            Action::MarkAll => pane.toggle_mark_all(),
            Action::Back => {
                if !pane.filter().is_empty() {
                    pane.clear_filter();
                    self.rebuild();
                } else {
                    pane.clear_marks();
                }
            }
            Action::ToggleAll => {
                self.containers.show_all = !self.containers.show_all;
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
            Action::Remove => {
                if self.pane == Pane::Containers {
                    return self.open_remove_dialog();
                }
                self.open_object_removal();
            }
            Action::Create => {
                let purpose = match self.pane {
                    Pane::Volumes => PromptFor::CreateVolume,
                    Pane::Networks => PromptFor::CreateNetwork,
                    _ => return vec![],
                };
                self.overlay = Some(Overlay::Prompt(Prompt {
                    purpose,
                    input: String::new(),
                }));
            }
            Action::Confirm
            | Action::Cancel
            | Action::ToggleVolumes
            | Action::CommitFirst
            | Action::Force
            | Action::UntagOnly
            | Action::Prune => {}
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
                    remove: remove.clone(),
                })
            })
            .collect();
        self.rebuild();
        effects
    }

    /// Who uses what, from the containers list: "name (running)" per container.
    fn users_of(&self, uses: impl Fn(&crate::engine::model::Container) -> bool) -> Vec<String> {
        let mut out: Vec<String> = self
            .containers
            .all()
            .filter(|c| uses(c))
            .map(|c| {
                let how = if c.state.is_up() {
                    "running"
                } else {
                    "stopped"
                };
                format!("{} ({how})", c.name)
            })
            .collect();
        out.sort();
        out
    }

    fn open_object_removal(&mut self) {
        let (kind, targets): (ObjectKind, Vec<ObjectTarget>) = match self.pane {
            Pane::Images => (
                ObjectKind::Image,
                self.images
                    .targets()
                    .into_iter()
                    .map(|i| ObjectTarget {
                        key: i.id.clone(),
                        label: i
                            .tags
                            .first()
                            .cloned()
                            .unwrap_or_else(|| format!("<none> ({})", i.short_id())),
                        used_by: self.users_of(|c| c.image_id == i.id),
                        used_by_running: self
                            .containers
                            .all()
                            .any(|c| c.image_id == i.id && c.state.is_up()),
                        refused: None,
                        holds_data: false,
                    })
                    .collect(),
            ),
            Pane::Volumes => (
                ObjectKind::Volume,
                self.volumes
                    .targets()
                    .into_iter()
                    .map(|v| ObjectTarget {
                        key: v.name.clone(),
                        label: v.name.clone(),
                        used_by: self.users_of(|c| c.volumes.iter().any(|m| m.name == v.name)),
                        used_by_running: false,
                        refused: None,
                        holds_data: !v.anonymous,
                    })
                    .collect(),
            ),
            Pane::Networks => (
                ObjectKind::Network,
                self.networks
                    .targets()
                    .into_iter()
                    .map(|n| ObjectTarget {
                        key: n.id.clone(),
                        label: n.name.clone(),
                        used_by: n.containers.iter().map(|(_, name)| name.clone()).collect(),
                        used_by_running: false,
                        refused: n
                            .builtin()
                            .then(|| "a built-in network cannot be removed".to_string()),
                        holds_data: false,
                    })
                    .collect(),
            ),
            Pane::Containers => return,
        };
        if !targets.is_empty() {
            self.overlay = Some(Overlay::RemoveObjects(ObjectRemoval {
                kind,
                targets,
                force: false,
                untag_only: None,
            }));
        }
    }

    fn apply_prune(&mut self, mut p: PrunePreview) -> Vec<Effect> {
        if !self.connection.is_connected() {
            self.toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            self.overlay = Some(Overlay::PrunePreview(p));
            return vec![];
        }
        let items = p.chosen();
        let kind = p.kind;
        p.applying = true;
        p.typed = None;
        self.overlay = Some(Overlay::PrunePreview(p));
        vec![Effect::Engine(Request::PruneApply { kind, items })]
    }

    fn remove_objects(&mut self, d: ObjectRemoval) -> Vec<Effect> {
        if !self.connection.is_connected() {
            self.toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let skipped = d.targets.len() - d.removable().count();
        if skipped > 0 {
            self.toasts.push(
                Level::Warning,
                format!(
                    "{skipped} {}(s) in use or built in were left alone",
                    d.kind.noun()
                ),
                self.now,
            );
        }
        self.images.marks.clear();
        self.volumes.marks.clear();
        self.networks.marks.clear();
        d.removable()
            .map(|t| {
                Effect::Engine(match d.kind {
                    ObjectKind::Image => Request::RemoveImage {
                        key: d.untag_only.clone().unwrap_or_else(|| t.key.clone()),
                        label: d.untag_only.clone().unwrap_or_else(|| t.label.clone()),
                        force: d.force,
                    },
                    ObjectKind::Volume => Request::RemoveVolume {
                        name: t.key.clone(),
                    },
                    ObjectKind::Network => Request::RemoveNetwork {
                        id: t.key.clone(),
                        label: t.label.clone(),
                    },
                })
            })
            .collect()
    }

    fn open_remove_dialog(&mut self) -> Vec<Effect> {
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
        if targets.is_empty() {
            return vec![];
        }
        // What each container's writable layer holds is asked for now and shown when known.
        let fx = targets
            .iter()
            .map(|t| Effect::Engine(Request::WritableLayer { id: t.id.clone() }))
            .collect();
        self.overlay = Some(Overlay::ConfirmRemove(RemoveDialog {
            targets,
            remove_volumes: false,
            layers: HashMap::new(),
            commit_as: None,
        }));
        fx
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
            commit_as: d.commit_as.clone().filter(|c| !c.trim().is_empty()),
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

/// A name for the image a container is committed to before removal: `NAME-backup:YYYYMMDD-HHMM`
/// (UTC), valid as a reference whatever the container's name.
pub fn default_commit_name(container: &str, now: i64) -> String {
    let repo: String = container
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let repo = repo.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let repo = if repo.is_empty() { "container" } else { repo };
    let stamp = humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(now.max(0) as u64),
    )
    .to_string();
    // 2026-11-29T18:44:31Z -> 20261129-1844
    let digits: String = stamp.chars().filter(char::is_ascii_digit).collect();
    let tag = format!(
        "{}-{}",
        digits.get(..8).unwrap_or("0"),
        digits.get(8..12).unwrap_or("0")
    );
    format!("{repo}-backup:{tag}")
}
