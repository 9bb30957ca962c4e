//! The help overlay: every key binding live where it was opened, generated from the keymap
//! (drawn by `ui::help`); it scrolls when taller than the screen.

use crossterm::event::KeyEvent;

use super::{Handled, close, keep};
use crate::app::App;
use crate::config::{Action, Scope};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpView {
    /// First line shown (the drawing clamps it to what the help holds).
    pub scroll: u16,
}

impl HelpView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let page = app.page() as isize;
        let scroll = |by: isize, at: u16| (at as isize + by).max(0) as u16;
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Help | Action::Cancel | Action::Quit | Action::Back) => return close(),
            Some(Action::Down) => self.scroll = scroll(1, self.scroll),
            Some(Action::Up) => self.scroll = scroll(-1, self.scroll),
            Some(Action::PageDown) => self.scroll = scroll(page, self.scroll),
            Some(Action::PageUp) => self.scroll = scroll(-page, self.scroll),
            Some(Action::Top) => self.scroll = 0,
            _ => {}
        }
        keep()
    }
}
