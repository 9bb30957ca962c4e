//! The messages view: the recent results, notices and errors in full, newest first (drawn by
//! `ui::messages`). The status line shows one message on one line and cuts a long one (an
//! engine's error often is); here every message is wrapped and whole.

use crossterm::event::KeyEvent;

use super::{Handled, close, keep, scroll_by};
use crate::app::App;
use crate::config::{Action, Scope};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessagesView {
    /// First line shown (the drawing clamps it to what the messages hold).
    pub scroll: usize,
}

impl MessagesView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        let action = app.settings.keymap.action_for(&scopes, &key);
        match action {
            Some(Action::Messages | Action::Cancel | Action::Quit | Action::Back) => close(),
            _ => {
                scroll_by(&mut self.scroll, action, app.page());
                keep()
            }
        }
    }
}
