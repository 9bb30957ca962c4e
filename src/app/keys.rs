//! Where a key goes: ctrl-c quits whatever is open; else the overlay on screen takes it; else,
//! without an engine, only quit, refresh and help work; else the full-screen log view, a filter
//! being typed, or the shown pane's key scopes (through the keymap) to an action.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::logs::LogMode;
use super::{App, Connection, Effect, Pane};
use crate::config::{Action, Scope};

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // ctrl-c always quits, whatever is open: the one key that must never be lost.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.quit();
        }
        if self.screen.overlay.is_some() {
            return self.on_overlay_key(key);
        }
        let everywhere = self.screen.everywhere && self.screen.pane == Pane::Containers;
        if !everywhere
            && !matches!(
                self.host.connection,
                Connection::Connected(_) | Connection::Lost { .. }
            )
        {
            return match self.settings.keymap.action_for(&[Scope::Global], &key) {
                // Another host may answer while this one does not (`:host NAME` too).
                Some(
                    a @ (Action::Quit
                    | Action::Refresh
                    | Action::Help
                    | Action::Hosts
                    | Action::Command),
                ) => self.on_action(a),
                _ => vec![],
            };
        }
        // The full-screen log view on screen: the host's, or the all-hosts list's.
        if self.screen.pane.has_logs() && self.log_view().mode == LogMode::Full {
            if self.log_view().search.editing {
                return self.on_log_search_key(key);
            }
            let scopes = [Scope::Logs, Scope::Global];
            return match self.settings.keymap.action_for(&scopes, &key) {
                Some(a) => self.on_action(a),
                None => vec![],
            };
        }
        if self.list().filter_editing() {
            let page = self.page();
            if self.list_mut().edit_filter(key, page) {
                self.rebuild();
            }
            return vec![];
        }
        match self.settings.keymap.action_for(&self.live_scopes(), &key) {
            Some(a) => self.on_action(a),
            None => vec![],
        }
    }

    /// Key scopes live on the shown pane.
    pub fn live_scopes(&self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Global, Scope::List];
        scopes.extend(self.screen.pane.scope());
        scopes
    }
}
