//! One engine as dockhand holds it: the link, the four panes' lists, the operations in flight,
//! the log stream, and the bookkeeping that keeps replies fresh. Everything here is about this
//! engine alone; the hosts to come each hold one.

use std::collections::HashMap;

use super::connection::Connection;
use super::containers::ContainersPane;
use super::freshness::{Feed, Fresh};
use super::list::ListView;
use super::logs::LogView;
use super::operations::Operations;
use super::stats;
use crate::config::Config;
use crate::engine::objects::{Image, Network, Volume};
use crate::ids::{ContainerId, HostId};

pub struct Host {
    /// Its place in the list of hosts; requests and reports about it carry it.
    pub id: HostId,
    /// Its name (a `[[hosts]]` entry's, a context's, or made from the start address), shown
    /// in the header.
    pub name: Option<String>,
    /// Where it is, as the user would write it, and where dockhand found it.
    pub address: String,
    pub source: String,
    /// Destructive keys vanish for this host only.
    pub read_only: bool,
    /// Its colour in the header, so that production never looks like a laptop.
    pub accent: Option<ratatui::style::Color>,
    /// What `e` runs in its containers (`[user@]command`), when configured for it.
    pub shell: Option<String>,
    pub connection: Connection,
    pub containers: ContainersPane,
    pub images: ListView<Image>,
    pub volumes: ListView<Volume>,
    pub networks: ListView<Network>,
    /// Compose projects, gathered from `containers`.
    pub projects: super::projects::ProjectsPane,
    /// A swarm manager's services, tasks and nodes.
    pub swarm: super::swarm::SwarmPanes,
    /// Containers by their security findings.
    pub security: super::security::SecurityPane,
    /// The engine's recent events, for the events view.
    pub events: super::events::EventLog,
    /// The events view as it was left (its filter, type, since, pause), to open it so again.
    pub(crate) events_view: Option<super::overlays::EventsView>,
    pub(super) image_feed: Feed,
    pub(super) volume_feed: Feed,
    pub(super) network_feed: Feed,
    pub logs: LogView,
    /// Volume sizes from the last disk usage (the volume list carries none), by name.
    pub(super) volume_sizes: HashMap<String, i64>,
    pub ops: Operations,
    /// Request sequence numbers: replies to anything older than what they overtook are dropped.
    pub(super) seq: u64,
    /// The containers list (the answer asked for again is ignored: events refresh rows).
    pub(super) list: Fresh,
    /// When the last full list was asked for (the resync counts from there).
    pub(super) last_list_at: i64,
    /// Per container being refreshed: its row refresh.
    pub(super) refreshing: HashMap<ContainerId, Fresh>,
    /// Containers destroyed (per events) at this sequence number; older replies must not
    /// bring them back.
    pub(super) destroyed: HashMap<ContainerId, u64>,
}

impl Host {
    pub fn new(config: &Config, now: i64) -> Self {
        let mut containers = ContainersPane::new(config.show_all);
        containers.stats = stats::StatsBook::new(stats::StatsConfig {
            interval: config.stats.interval.as_secs() as i64,
            window: config.stats.window.as_secs() as i64,
        });
        Self {
            id: HostId::FIRST,
            name: None,
            address: String::new(),
            source: String::new(),
            read_only: false,
            accent: None,
            shell: None,
            connection: Connection::Connecting,
            containers,
            images: ListView::default(),
            volumes: ListView::default(),
            networks: ListView::default(),
            projects: Default::default(),
            swarm: Default::default(),
            security: Default::default(),
            events: Default::default(),
            events_view: None,
            image_feed: Feed::default(),
            volume_feed: Feed::default(),
            network_feed: Feed::default(),
            logs: LogView::new(
                config.logs.buffer_lines,
                config.logs.buffer_bytes,
                config.logs.tail,
            ),
            volume_sizes: HashMap::new(),
            ops: Operations::default(),
            seq: 0,
            list: Fresh::default(),
            last_list_at: now,
            refreshing: HashMap::new(),
            destroyed: HashMap::new(),
        }
    }

    /// Host `id` as described, not connected yet.
    pub fn described(config: &Config, now: i64, id: HostId, spec: &super::HostSpec) -> Self {
        Self {
            id,
            name: Some(spec.name.clone()),
            address: spec.address.clone(),
            source: spec.source.clone(),
            read_only: spec.read_only,
            accent: spec.accent,
            shell: spec.shell.clone(),
            connection: Connection::Idle,
            ..Self::new(config, now)
        }
    }

    /// What messages about this host call it: its name, else its address.
    pub fn label(&self) -> &str {
        match &self.name {
            Some(n) => n,
            None if !self.address.is_empty() => &self.address,
            None => "engine",
        }
    }

    /// Running and total containers, as listed (none before the first list).
    pub fn counts(&self) -> Option<(usize, usize)> {
        let list = &self.containers.list;
        list.loaded.then(|| {
            let running = list
                .all()
                .filter(|c| c.state == crate::engine::model::ContainerState::Running)
                .count();
            (running, list.all().count())
        })
    }

    /// A fresh sequence number for a request to this engine.
    pub(super) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}
