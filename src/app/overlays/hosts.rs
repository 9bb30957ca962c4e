//! The host switcher: every host dockhand knows, filtered as you type (name, address, where it
//! was found), each with its state and its running/total containers; enter shows the chosen
//! one (drawn by `ui::hosts`). A failed host says why here, in its own row.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Handled, Next, close, keep};
use crate::app::text::LineEdit;
use crate::app::{App, Connection, Host};
use crate::ids::HostId;

/// A row of the switcher: one host, or the list of every connected host's containers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwitchTo {
    Everywhere,
    Host(HostId),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostSwitcher {
    pub filter: LineEdit,
    /// Index of the selected row among the shown ones.
    pub selected: usize,
}

impl HostSwitcher {
    /// The switcher with the host on screen (or the all-hosts row) selected.
    pub fn new(app: &App) -> Self {
        let mut s = Self::default();
        let current = if app.screen.everywhere {
            SwitchTo::Everywhere
        } else {
            SwitchTo::Host(app.active())
        };
        s.selected = s.rows(app).iter().position(|r| *r == current).unwrap_or(0);
        s
    }

    /// The rows shown: the all-hosts row (when more than one host is known), then each host
    /// whose name, address or source holds the filter (case ignored).
    pub fn rows(&self, app: &App) -> Vec<SwitchTo> {
        let needle = self.filter.text().trim().to_lowercase();
        let hosts = app.hosts();
        let mut rows = Vec::new();
        if hosts.len() > 1 && (needle.is_empty() || "all hosts".contains(&needle)) {
            rows.push(SwitchTo::Everywhere);
        }
        rows.extend(
            hosts
                .into_iter()
                .filter(|h| needle.is_empty() || matches(h, &needle))
                .map(|h| SwitchTo::Host(h.id)),
        );
        rows
    }

    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let rows = self.rows(app);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return close(),
            KeyCode::Enter => {
                let Some(row) = rows.get(self.selected).copied() else {
                    return keep();
                };
                let fx = match row {
                    SwitchTo::Everywhere => app.show_everywhere(),
                    SwitchTo::Host(id) => app.show_host(id),
                };
                return (Next::Close, fx);
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.selected += 1,
            KeyCode::Char('n') if ctrl => self.selected += 1,
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(app.page()),
            KeyCode::PageDown => self.selected += app.page(),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = rows.len().saturating_sub(1),
            _ => {
                if self.filter.edit(&key) {
                    // A new filter starts from its first match.
                    self.selected = 0;
                }
            }
        }
        let shown = self.rows(app).len();
        self.selected = self.selected.min(shown.saturating_sub(1));
        keep()
    }
}

fn matches(h: &Host, needle: &str) -> bool {
    [h.label(), h.address.as_str(), h.source.as_str()]
        .iter()
        .any(|t| t.to_lowercase().contains(needle))
}

/// A host's state as the switcher says it: connected, connecting, not connected yet, or failed
/// with why (the first address's error) and when it tries again.
pub fn state_text(h: &Host, now: i64) -> String {
    match &h.connection {
        Connection::Idle => "not connected".to_string(),
        Connection::Connecting => "connecting…".to_string(),
        Connection::Connected(_) => "connected".to_string(),
        Connection::Unavailable {
            attempts, retry_at, ..
        } => {
            let why = attempts
                .first()
                .map(|a| a.error.as_str())
                .unwrap_or("no address to try");
            let wait = (retry_at - now).max(0);
            format!("failed: {why} (retrying in {wait} s)")
        }
        Connection::Lost { reason, .. } => format!("lost: {reason}"),
    }
}
