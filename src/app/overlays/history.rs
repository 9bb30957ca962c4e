//! An image's layers, newest first: size, the command that made each, its age.

use crossterm::event::KeyEvent;

use super::{Handled, close, keep};
use crate::app::App;
use crate::config::{Action, Scope};
use crate::engine::objects::Layer;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryView {
    pub seq: u64,
    pub label: String,
    pub layers: Option<Result<Vec<Layer>, String>>,
    pub scroll: usize,
}

impl HistoryView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let page = app.page();
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Confirm) => return close(),
            Some(Action::Down) => self.scroll += 1,
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll += page,
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(page),
            Some(Action::Top) => self.scroll = 0,
            _ => {}
        }
        keep()
    }
}
