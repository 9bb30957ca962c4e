//! The confirmation before a swarm change that moves or removes tasks: a service's removal,
//! redeploy or rollback, a node's drain. It says what will happen to what, then sends the
//! requests it was opened with (one per service removed).

use crossterm::event::KeyEvent;

use super::{Handled, Next, close, keep};
use crate::app::{App, Effect, Level};
use crate::config::{Action, Scope};
use crate::engine::Request;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwarmConfirm {
    /// `Remove service web?`
    pub title: String,
    /// What it does, in a sentence or two.
    pub lines: Vec<String>,
    /// Sent on confirmation.
    pub requests: Vec<Request>,
    /// Said while it runs (`removing service web…`).
    pub progress: String,
}

impl SwarmConfirm {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        match app.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => {
                let progress = std::mem::take(&mut self.progress);
                app.screen.toasts.push(Level::Info, progress, app.now);
                let host = app.host.id;
                let fx = std::mem::take(&mut self.requests)
                    .into_iter()
                    .map(|r| Effect::Engine(host, r))
                    .collect();
                (Next::Close, fx)
            }
            Some(Action::Cancel) => close(),
            _ => keep(),
        }
    }
}
