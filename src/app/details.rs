//! The live numbers of running containers and the two views about one container: its stats
//! (charts over a window) and its processes. Deciding what to sample is here; the numbers and
//! their history are in [`super::stats::StatsBook`].

use crossterm::event::KeyEvent;

use super::overlay::{Overlay, ProcessView, StatsView};
use super::{App, Effect};
use crate::config::{Action, Scope};
use crate::engine::model::ContainerState;
use crate::engine::{Report, Request};

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
            .selected()
            .filter(|c| running(c))
            .map(|c| c.id.clone());
        // Rows on screen (or every running row when the order depends on the numbers). With
        // the containers pane hidden behind another pane or overlay, only the selected one.
        let shown = self.screen.pane == super::Pane::Containers
            && !matches!(self.host.logs.mode, super::logs::LogMode::Full);
        let rows: Vec<String> = if !shown {
            Vec::new()
        } else if self.host.containers.sorted_by_stats() {
            self.host
                .containers
                .all()
                .filter(|c| running(c))
                .map(|c| c.id.clone())
                .collect()
        } else {
            let page = self.page();
            self.host
                .containers
                .visible()
                .skip(self.host.containers.offset)
                .take(page)
                .filter(|c| running(c))
                .map(|c| c.id.clone())
                .collect()
        };
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let ids = self
            .host
            .containers
            .stats
            .due(now, selected.as_deref(), &rows);
        let mut fx = Vec::new();
        if !ids.is_empty() {
            fx.push(Effect::Engine(Request::Stats {
                ids,
                source: self.settings.stats_source,
            }));
        }
        fx.extend(self.refresh_processes());
        fx
    }

    pub(super) fn on_stats(
        &mut self,
        samples: Vec<(String, Result<crate::stats::Sample, String>)>,
    ) {
        let now = self.now;
        for (id, result) in samples {
            // A container that stopped meanwhile keeps no numbers.
            let running = self
                .host
                .containers
                .get(&id)
                .is_some_and(|c| c.state == ContainerState::Running);
            if running || result.is_err() {
                self.host.containers.stats.record(&id, result, now);
            }
        }
        let pane = &self.host.containers;
        let keep: std::collections::HashSet<String> = pane
            .all()
            .filter(|c| c.state == ContainerState::Running)
            .map(|c| c.id.clone())
            .collect();
        self.host.containers.stats.retain(|id| keep.contains(id));
        if self.host.containers.sorted_by_stats() {
            self.rebuild_pane(super::Pane::Containers);
        }
    }

    pub(super) fn open_stats(&mut self) -> Vec<Effect> {
        let Some(c) = self.host.containers.selected() else {
            return vec![];
        };
        self.screen.overlay = Some(Overlay::Stats(StatsView {
            id: c.id.clone(),
            name: c.name.clone(),
        }));
        // The first numbers at once rather than on the next tick.
        self.sample_stats()
    }

    pub(super) fn open_processes(&mut self) -> Vec<Effect> {
        let Some((id, name)) = self
            .host
            .containers
            .selected()
            .map(|c| (c.id.clone(), c.name.clone()))
        else {
            return vec![];
        };
        let view = ProcessView {
            seq: self.host.next_seq(),
            id,
            name,
            top: None,
            asked: self.now,
            in_flight: true,
            scroll: 0,
        };
        let fx = vec![Effect::Engine(Request::Top {
            seq: view.seq,
            id: view.id.clone(),
        })];
        self.screen.overlay = Some(Overlay::Processes(view));
        fx
    }

    /// The processes view asks again every few seconds while it is shown.
    fn refresh_processes(&mut self) -> Vec<Effect> {
        let now = self.now;
        let Some(Overlay::Processes(p)) = &mut self.screen.overlay else {
            return vec![];
        };
        if p.in_flight || now - p.asked < ProcessView::EVERY {
            return vec![];
        }
        let seq = self.host.next_seq();
        p.seq = seq;
        p.asked = now;
        p.in_flight = true;
        vec![Effect::Engine(Request::Top {
            seq: p.seq,
            id: p.id.clone(),
        })]
    }

    pub(super) fn on_top(&mut self, r: Report) {
        let Report::Top { seq, id, result } = r else {
            return;
        };
        if let Some(Overlay::Processes(p)) = &mut self.screen.overlay
            && p.seq == seq
            && p.id == id
        {
            p.in_flight = false;
            p.top = Some(result);
        }
    }

    pub(super) fn key_stats(&mut self, mut v: StatsView, key: KeyEvent) -> Vec<Effect> {
        let page = self.page();
        let scopes = [Scope::Global, Scope::Containers, Scope::List, Scope::Dialog];
        match self.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Stats) => return vec![],
            Some(Action::Processes) => return self.open_processes(),
            // Up and down go through the containers; the view follows the selection.
            Some(a @ (Action::Up | Action::Down)) => {
                let by = if a == Action::Up { -1 } else { 1 };
                self.host.containers.move_by(by, page);
                if let Some(c) = self.host.containers.selected() {
                    v = StatsView {
                        id: c.id.clone(),
                        name: c.name.clone(),
                    };
                }
                self.screen.overlay = Some(Overlay::Stats(v));
                return self.sample_stats();
            }
            _ => {}
        }
        self.screen.overlay = Some(Overlay::Stats(v));
        vec![]
    }

    pub(super) fn key_processes(&mut self, mut p: ProcessView, key: KeyEvent) -> Vec<Effect> {
        let page = self.page();
        let scopes = [Scope::Global, Scope::Containers, Scope::List, Scope::Dialog];
        match self.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Processes) => {
                return vec![];
            }
            Some(Action::Stats) => return self.open_stats(),
            Some(Action::Down) => p.scroll += 1,
            Some(Action::Up) => p.scroll = p.scroll.saturating_sub(1),
            Some(Action::PageDown) => p.scroll += page,
            Some(Action::PageUp) => p.scroll = p.scroll.saturating_sub(page),
            Some(Action::Top) => p.scroll = 0,
            _ => {}
        }
        let rows = match &p.top {
            Some(Ok(t)) => t.processes.len(),
            _ => 0,
        };
        p.scroll = p.scroll.min(rows.saturating_sub(1));
        self.screen.overlay = Some(Overlay::Processes(p));
        vec![]
    }
}
