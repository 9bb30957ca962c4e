//! The stats view: one container's live numbers with charts over the stats window (the numbers
//! are in the stats book); up and down walk the containers list and the view follows.

use crossterm::event::KeyEvent;

use super::{Handled, Next, Overlay, close, keep};
use crate::app::{App, Effect};
use crate::config::{Action, Scope};
use crate::ids::ContainerId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsView {
    pub id: ContainerId,
    pub name: String,
}

impl StatsView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let page = app.page();
        let scopes = [Scope::Global, Scope::Containers, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Stats) => close(),
            Some(Action::Processes) => (Next::Close, app.open_processes()),
            Some(a @ (Action::Up | Action::Down)) => {
                let by = if a == Action::Up { -1 } else { 1 };
                app.host.containers.list.move_by(by, page);
                if let Some(c) = app.host.containers.list.selected() {
                    self.id = c.id.clone();
                    self.name = c.name.clone();
                }
                (Next::Keep, app.sample_stats())
            }
            _ => keep(),
        }
    }
}

impl App {
    /// Opens the stats view on the selected container, with its first numbers asked at once
    /// rather than on the next tick.
    pub(crate) fn open_stats(&mut self) -> Vec<Effect> {
        let Some(c) = self.host.containers.list.selected() else {
            return vec![];
        };
        let view = StatsView {
            id: c.id.clone(),
            name: c.name.clone(),
        };
        self.open(Overlay::Stats(view));
        self.sample_stats()
    }
}
