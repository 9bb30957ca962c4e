//! A container's processes (`docker top`), asked for again every [`ProcessView::EVERY`]
//! seconds while shown.

use crossterm::event::KeyEvent;

use super::{Handled, Next, Overlay, close, keep, scroll_by};
use crate::app::{App, Effect};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::top::Top;
use crate::ids::ContainerId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessView {
    pub seq: u64,
    pub id: ContainerId,
    pub name: String,
    pub top: Option<Result<Top, String>>,
    /// When the list shown was asked for (unix seconds), and whether an answer is awaited.
    pub asked: i64,
    pub in_flight: bool,
    pub scroll: usize,
}

impl ProcessView {
    pub const EVERY: i64 = 2;

    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let page = app.page();
        let scopes = [Scope::Global, Scope::Containers, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Processes) => {
                return close();
            }
            Some(Action::Stats) => return (Next::Close, app.open_stats()),
            a => scroll_by(&mut self.scroll, a, page),
        }
        let rows = match &self.top {
            Some(Ok(t)) => t.processes.len(),
            _ => 0,
        };
        self.scroll = self.scroll.min(rows.saturating_sub(1));
        keep()
    }
}

impl App {
    /// Opens the processes view on the selected container and asks for its processes.
    pub(crate) fn open_processes(&mut self) -> Vec<Effect> {
        let Some((id, name)) = self
            .host
            .containers
            .list
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
        let fx = vec![Effect::Engine(
            self.host.id,
            Request::Top {
                seq: view.seq,
                id: view.id.clone(),
            },
        )];
        self.open(Overlay::Processes(view));
        fx
    }

    /// The processes view asks again every few seconds while it is shown.
    pub(crate) fn refresh_processes(&mut self) -> Vec<Effect> {
        let now = self.now;
        if self.screen.overlay_host != self.host.id {
            return vec![]; // another host's view: refreshed when that host is in hand
        }
        let Some(Overlay::Processes(p)) = &mut self.screen.overlay else {
            return vec![];
        };
        if p.in_flight || now - p.asked < ProcessView::EVERY {
            return vec![];
        }
        p.seq = self.host.next_seq();
        p.asked = now;
        p.in_flight = true;
        vec![Effect::Engine(
            self.host.id,
            Request::Top {
                seq: p.seq,
                id: p.id.clone(),
            },
        )]
    }
}
