//! One container's security findings in full: each with its severity, what was seen, why it
//! matters, and the fix as a `docker run` flag and a compose key; or the engine's own findings
//! ([`EngineFindingsView`]), with the `dockerd` flag and the `daemon.json` key. Scroll; `esc`
//! closes.

use crossterm::event::KeyEvent;

use super::{Handled, close, keep, scroll_by};
use crate::app::App;
use crate::app::security::Known;
use crate::config::{Action, Scope};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingsView {
    /// The container, as the user knows it.
    pub name: String,
    pub known: Known,
    /// The first line shown.
    pub scroll: usize,
}

impl FindingsView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        scroll_or_close(&mut self.scroll, app, key)
    }
}

/// The keys of a view that only scrolls: the list moves scroll it, cancel or back close it.
fn scroll_or_close(scroll: &mut usize, app: &App, key: KeyEvent) -> Handled {
    let action = app
        .settings
        .keymap
        .action_for(&[Scope::List, Scope::Dialog], &key);
    match action {
        Some(Action::Cancel | Action::Back) => close(),
        a => {
            scroll_by(scroll, a, app.page());
            keep()
        }
    }
}

/// The engine's own findings in full. Holds only the scroll: the findings are the connected
/// engine's, read when drawn (they change only with a reconnect).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EngineFindingsView {
    /// The first line shown.
    pub scroll: usize,
}

impl EngineFindingsView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        scroll_or_close(&mut self.scroll, app, key)
    }
}
