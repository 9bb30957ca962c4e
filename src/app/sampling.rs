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
        if !self.host.connection.is_connected() {
            return vec![];
        }
        let now = self.now;
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
        let ids = self
            .host
            .containers
            .stats
            .due(now, selected.as_ref(), &rows);
        let mut fx = Vec::new();
        if !ids.is_empty() {
            fx.push(Effect::Engine(
                self.host.id,
                Request::Stats {
                    ids,
                    source: self.settings.stats_source,
                },
            ));
        }
        fx.extend(self.refresh_processes());
        fx
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
