//! An image's layers, newest first: size, the command that made each, its age.

use crossterm::event::KeyEvent;

use super::{Handled, close, keep, scroll_by};
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
            a => scroll_by(&mut self.scroll, a, page),
        }
        keep()
    }
}
