//! One list across hosts: the containers of every connected host in one pane, with the host
//! of each row, filtered and sorted together. Opened from the host switcher's "all hosts" row.
//!
//! The rows are copies of each host's own rows, gathered again after every message while the
//! view is on screen (each host's list stays the truth, kept live by its events). A container
//! listed by two hosts (one engine reached by two addresses) is the same container: it shows
//! once, under the first host.
//!
//! Actions on rows go to each row's own host: the rows aimed at are grouped by host, and each
//! group is handed to its host's own handler (with that host in hand and its list pointed at
//! those rows), so read-only, confirmations and busy rows work exactly as on that host alone.
//! Its log view follows the selected or marked rows whichever hosts they are on, merged by
//! time (`logs.rs`).

mod logs;

use std::collections::HashMap;

use super::containers::{Busy, ContainersPane};
use super::logs::{LogMode, LogView};
use super::{App, Connection, Effect, Host, Level, Pane};
use crate::config::{Action, ContainerAction, ListAction};
use crate::engine::model::Container;
use crate::ids::{ContainerId, HostId};

#[derive(Clone, Debug)]
pub struct Everywhere {
    /// The rows of every connected host (its stats book stays empty: numbers live on each
    /// row's host).
    pub pane: ContainersPane,
    /// Each row's host.
    pub host_of: HashMap<ContainerId, HostId>,
    /// The log view below (or over) the list, following rows of any host.
    pub logs: LogView,
    /// Numbers for its log streams.
    seq: u64,
    /// The hosts whose rows it holds, each with its list's revision when copied.
    seen: Vec<(HostId, u64)>,
}

impl Everywhere {
    pub fn new(config: &crate::config::Config) -> Self {
        Self {
            pane: ContainersPane::new(config.show_all),
            host_of: HashMap::new(),
            logs: LogView::new(
                config.logs.buffer_lines,
                config.logs.buffer_bytes,
                config.logs.tail,
            ),
            seq: 0,
            seen: Vec::new(),
        }
    }
}

/// Whether a host's rows belong in the list: it has listed them (stale ones stay, marked by
/// its state in the switcher, as on the host's own screen).
fn listed(h: &Host) -> bool {
    matches!(
        h.connection,
        Connection::Connected(_) | Connection::Lost { .. }
    ) && h.containers.list.loaded
}

impl App {
    /// Shows the all-hosts list.
    pub(crate) fn show_everywhere(&mut self) -> Vec<Effect> {
        self.screen.everywhere = true;
        if self.screen.pane != Pane::Containers {
            self.screen.toasts.left_pane();
        }
        self.screen.pane = Pane::Containers;
        self.gather_everywhere();
        self.sample_stats()
    }

    /// Shows host `id` alone (leaving the all-hosts list).
    pub(crate) fn show_host(&mut self, id: HostId) -> Vec<Effect> {
        let was = std::mem::replace(&mut self.screen.everywhere, false);
        let fx = self.switch_to(id);
        if was {
            self.rebuild();
        }
        fx
    }

    /// Hosts whose rows the list holds.
    pub fn everywhere_hosts(&self) -> usize {
        self.hosts().into_iter().filter(|h| listed(h)).count()
    }

    /// Brings the rows up to date with every connected host's, after any message: nothing is
    /// copied when no host's rows changed (their revisions tell), and only the rows that differ
    /// are replaced when some did, so the view places those alone (an event on one of 10,000
    /// rows costs a pass of comparisons, not a copy and a sort of them all).
    pub(super) fn gather_everywhere(&mut self) {
        let seen: Vec<(HostId, u64)> = self
            .hosts()
            .into_iter()
            .filter(|h| listed(h))
            .map(|h| (h.id, h.containers.list.revision()))
            .collect();
        if seen != self.everywhere.seen {
            let mut host_of = HashMap::new();
            let mut rows: Vec<&Container> = Vec::new();
            // Disjoint from `self.everywhere`, in the order of `hosts()`.
            let mut hosts: Vec<&Host> = std::iter::once(&self.host)
                .chain(&self.parked)
                .filter(|h| listed(h))
                .collect();
            hosts.sort_by_key(|h| h.id);
            for h in hosts {
                for c in h.containers.list.all() {
                    if host_of.contains_key(&c.id) {
                        continue; // the same engine by another address: shown once
                    }
                    host_of.insert(c.id.clone(), h.id);
                    rows.push(c);
                }
            }
            let e = &mut self.everywhere;
            let list = &mut e.pane.list;
            let gone: Vec<String> = list
                .all()
                .filter(|c| !host_of.contains_key(&c.id))
                .map(|c| c.id.as_str().to_string())
                .collect();
            for key in gone {
                list.remove(&key);
            }
            for c in rows {
                if list.get(c.id.as_str()) != Some(c) {
                    list.upsert(c.clone());
                }
            }
            list.loaded = true;
            e.host_of = host_of;
            e.seen = seen;
        }
        self.rebuild_everywhere();
    }

    /// Recomputes the shown rows: each row's operations and numbers are its host's.
    pub(super) fn rebuild_everywhere(&mut self) {
        let page = self.page();
        let now = self.now;
        let hosts: HashMap<HostId, &Host> = std::iter::once(&self.host)
            .chain(&self.parked)
            .map(|h| (h.id, h))
            .collect();
        let e = &mut self.everywhere;
        let host_of = &e.host_of;
        let host = |c: &Container| host_of.get(&c.id).and_then(|h| hosts.get(h)).copied();
        e.pane.rebuild_with(
            now,
            page,
            Busy {
                all: hosts.values().flat_map(|h| h.ops.busy()),
                has: |c: &Container| host(c).is_some_and(|h| h.ops.pending(&c.id).is_some()),
            },
            |c| host(c).and_then(|h| h.containers.stats.cpu(c.id.as_str())),
            |c| host(c).and_then(|h| h.containers.stats.mem(c.id.as_str()).map(|m| m as f64)),
        );
    }

    /// Takes an action while the all-hosts list is on screen: those aimed at rows go to the
    /// rows' hosts; `None` leaves it to the usual handlers (moving, filtering, sorting,
    /// marking, which work on this list).
    pub(super) fn on_everywhere_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        match action {
            Action::Containers(ContainerAction::ToggleAll) => {
                self.everywhere.pane.show_all = !self.everywhere.pane.show_all;
                self.rebuild_everywhere();
                Some(vec![])
            }
            Action::Containers(
                ContainerAction::Start
                | ContainerAction::Stop
                | ContainerAction::Restart
                | ContainerAction::Pause
                | ContainerAction::Kill,
            )
            | Action::List(ListAction::Remove) => Some(self.route(action)),
            // Views of one container: the selected row's.
            Action::Containers(
                ContainerAction::Stats
                | ContainerAction::Processes
                | ContainerAction::Shell
                | ContainerAction::Attach
                | ContainerAction::Files
                | ContainerAction::CopyOut
                | ContainerAction::CopyIn
                | ContainerAction::Exec,
            )
            | Action::List(ListAction::Inspect) => Some(self.route_selected(action)),
            Action::Containers(ContainerAction::Logs) => {
                let logs = &mut self.everywhere.logs;
                logs.mode = match logs.mode {
                    LogMode::Closed => LogMode::Split,
                    _ => LogMode::Closed,
                };
                self.rebuild_everywhere();
                Some(vec![])
            }
            Action::Containers(ContainerAction::LogsFull) => {
                self.everywhere.logs.mode = LogMode::Full;
                Some(vec![])
            }
            Action::Containers(ContainerAction::LogsProject) => {
                let keys = self.settings.keymap.label(Action::Hosts);
                self.screen.toasts.push(
                    Level::Info,
                    format!(
                        "a compose project lives on one host: {keys} and its host show the project's logs"
                    ),
                    self.now,
                );
                Some(vec![])
            }
            _ => None,
        }
    }

    /// `action` on the rows aimed at (marked shown rows, else the selected one), host by host.
    fn route(&mut self, action: Action) -> Vec<Effect> {
        let mut by_host: Vec<(HostId, Vec<String>)> = Vec::new();
        for c in self.everywhere.pane.list.targets() {
            let Some(h) = self.everywhere.host_of.get(&c.id).copied() else {
                continue;
            };
            match by_host.iter_mut().find(|(id, _)| *id == h) {
                Some((_, keys)) => keys.push(c.id.as_str().to_string()),
                None => by_host.push((h, vec![c.id.as_str().to_string()])),
            }
        }
        // A dialog asks about one host's containers: several hosts would need several.
        let asks = matches!(action, Action::List(ListAction::Remove));
        if asks && by_host.len() > 1 {
            self.screen.toasts.push(
                Level::Warning,
                format!(
                    "the marked containers are on {} hosts: remove them one host at a time",
                    by_host.len()
                ),
                self.now,
            );
            return vec![];
        }
        let mut fx = Vec::new();
        for (h, keys) in by_host {
            fx.extend(self.on_host_rows(h, &keys, action));
        }
        if !asks {
            self.everywhere.pane.list.marks.clear();
        }
        fx
    }

    fn route_selected(&mut self, action: Action) -> Vec<Effect> {
        let Some(c) = self.everywhere.pane.list.selected() else {
            return vec![];
        };
        let key = c.id.as_str().to_string();
        match self.everywhere.host_of.get(&c.id).copied() {
            Some(h) => self.on_host_rows(h, &[key], action),
            None => vec![],
        }
    }

    /// Runs `action` on host `h` with its list pointed at `keys` (see the module's docs).
    fn on_host_rows(&mut self, h: HostId, keys: &[String], action: Action) -> Vec<Effect> {
        self.screen.everywhere = false;
        let fx = self.with_host(h, |app| {
            let show_all = std::mem::replace(&mut app.host.containers.show_all, true);
            let focus = app.host.containers.list.focus(keys);
            app.rebuild_pane(Pane::Containers);
            let fx = app.on_action(action);
            app.host.containers.list.restore(focus);
            app.host.containers.show_all = show_all;
            app.rebuild_pane(Pane::Containers);
            fx
        });
        self.screen.everywhere = true;
        fx
    }
}
