//! Which live numbers to ask for, and taking them in: the selected container every second,
//! the rows in view every stats interval (every running row when sorted by a number). The
//! numbers and their history are in [`super::stats::StatsBook`]; the views that show them are
//! the stats and processes overlays.

use super::{App, Effect};
use crate::engine::Request;
use crate::engine::model::ContainerState;
use crate::ids::ContainerId;

impl App {
    /// Asks for the samples that are due (called on every tick).
    pub(super) fn sample_stats(&mut self) -> Vec<Effect> {
        if self.screen.everywhere {
            return self.sample_everywhere();
        }
        let mut fx = self.sample_host();
        // A view opened on another host's row (from the all-hosts list) keeps its numbers.
        let other = self.screen.overlay_host;
        if self.screen.overlay.is_some() && other != self.host.id {
            fx.extend(self.with_host(other, |app| app.sample_selected_only()));
        }
        fx
    }

    /// On the all-hosts list: each host is asked for its rows on screen and, for the host of
    /// the selected row, that row every second.
    fn sample_everywhere(&mut self) -> Vec<Effect> {
        let shown = self.screen.pane == super::Pane::Containers;
        let e = &self.everywhere;
        let selected = e
            .pane
            .list
            .selected()
            .filter(|c| c.state == ContainerState::Running)
            .and_then(|c| e.host_of.get(&c.id).map(|h| (*h, c.id.clone())));
        let page = self.page();
        let mut rows: Vec<(super::HostId, ContainerId)> = Vec::new();
        if shown {
            let list = &e.pane.list;
            let on_screen: Vec<&crate::engine::model::Container> = if e.pane.list.sort
                == super::SortColumn::Cpu
                || e.pane.list.sort == super::SortColumn::Memory
            {
                list.all().collect()
            } else {
                list.visible().skip(list.offset).take(page).collect()
            };
            for c in on_screen {
                if c.state == ContainerState::Running
                    && let Some(h) = e.host_of.get(&c.id)
                {
                    rows.push((*h, c.id.clone()));
                }
            }
        }
        let mut hosts: Vec<super::HostId> = rows.iter().map(|(h, _)| *h).collect();
        hosts.extend(selected.as_ref().map(|(h, _)| *h));
        hosts.sort();
        hosts.dedup();
        let mut fx = Vec::new();
        for h in hosts {
            let sel = selected.as_ref().filter(|(s, _)| *s == h).map(|(_, id)| id);
            let mine: Vec<&ContainerId> = rows
                .iter()
                .filter(|(r, _)| *r == h)
                .map(|(_, id)| id)
                .collect();
            fx.extend(self.with_host(h, |app| app.ask_due(sel, &mine)));
        }
        fx
    }

    /// Asks the host in hand for the samples of `selected` and `rows` that are due, and for
    /// the processes view's refresh; nothing when it is not connected.
    fn ask_due(&mut self, selected: Option<&ContainerId>, rows: &[&ContainerId]) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            return vec![];
        }
        let ids = self.host.containers.stats.due(self.now, selected, rows);
        let mut fx = Vec::new();
        if !ids.is_empty() {
            let source = self.settings.stats_source;
            fx.push(Effect::Engine(self.host.id, Request::Stats { ids, source }));
        }
        fx.extend(self.refresh_processes());
        fx
    }

    /// The container of the stats view open over another host (opened from the all-hosts
    /// list), from the host in hand, which is that view's.
    fn sample_selected_only(&mut self) -> Vec<Effect> {
        let selected = match &self.screen.overlay {
            Some(super::Overlay::Stats(v)) => Some(v.id.clone()),
            _ => None,
        };
        self.ask_due(selected.as_ref(), &[])
    }

    /// The host in hand's selected row and rows on screen.
    fn sample_host(&mut self) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            return vec![];
        }
        let running = |c: &crate::engine::model::Container| c.state == ContainerState::Running;
        let selected = self
            .host
            .containers
            .list
            .selected()
            .filter(|c| running(c))
            .map(|c| c.id.clone());
        // Rows on screen (or every running row when the order depends on the numbers). With
        // the containers pane hidden behind another pane or overlay, only the selected one.
        let shown = self.screen.pane == super::Pane::Containers
            && !matches!(self.host.logs.mode, super::logs::LogMode::Full);
        let rows: Vec<ContainerId> = if !shown {
            Vec::new()
        } else if self.host.containers.sorted_by_stats() {
            self.host
                .containers
                .list
                .all()
                .filter(|c| running(c))
                .map(|c| c.id.clone())
                .collect()
        } else {
            let page = self.page();
            self.host
                .containers
                .list
                .visible()
                .skip(self.host.containers.list.offset)
                .take(page)
                .filter(|c| running(c))
                .map(|c| c.id.clone())
                .collect()
        };
        let rows: Vec<&ContainerId> = rows.iter().collect();
        self.ask_due(selected.as_ref(), &rows)
    }

    pub(super) fn on_stats(
        &mut self,
        samples: Vec<(ContainerId, Result<crate::stats::Sample, String>)>,
    ) {
        let now = self.now;
        for (id, result) in samples {
            // A container that stopped meanwhile keeps no numbers.
            let running = self
                .host
                .containers
                .list
                .get(id.as_str())
                .is_some_and(|c| c.state == ContainerState::Running);
            if running || result.is_err() {
                self.host.containers.stats.record(&id, result, now);
            }
        }
        let keep: std::collections::HashSet<ContainerId> = self
            .host
            .containers
            .list
            .all()
            .filter(|c| c.state == ContainerState::Running)
            .map(|c| c.id.clone())
            .collect();
        self.host.containers.stats.retain(|id| keep.contains(id));
        if self.host.containers.sorted_by_stats() {
            self.rebuild_pane(super::Pane::Containers);
        }
    }
}
