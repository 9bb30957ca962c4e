//! Several engines at once: the host on screen and the others, kept whole in the background.
//!
//! Each [`Host`] holds everything about its engine (link, panes, selection, filter, sort, marks,
//! open log), so switching is moving one host out of the way and another in: nothing is asked
//! of an engine already connected, and its list is on screen at once. A host is connected when
//! it is first shown and stays connected; in the background it follows only its engine's event
//! stream (rows refreshed on events, no stats, no resync).
//!
//! The host "in hand" (`App::host`) is the one code in `app/` works on. It is the host on
//! screen, except while [`App::with_host`] handles a report from, or an action for, another
//! one: that host is swapped in for the call and out again, so every handler written for one
//! engine serves them all, and every request it makes is tagged with the right host.

use super::{App, Connection, Effect, Host};
use crate::ids::HostId;

/// What the app is told about a host it may show: where the list of hosts came from is
/// resolved outside (the config's `[[hosts]]`, the docker CLI's contexts, the start address).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostSpec {
    pub name: String,
    /// The address as the user would write it (`ssh://ops@db1:2222`), for the switcher.
    pub address: String,
    /// Where the host was found: `config`, `context`, `--host flag`, `DOCKER_HOST`, ...
    pub source: String,
    pub read_only: bool,
    /// Its colour in the header and the HOST column.
    pub accent: Option<ratatui::style::Color>,
    /// What `e` runs in its containers (`[user@]command`), when configured.
    pub shell: Option<String>,
}

impl App {
    /// Every host, in the order of the hosts list (by id).
    pub fn hosts(&self) -> Vec<&Host> {
        let mut all: Vec<&Host> = std::iter::once(&self.host).chain(&self.parked).collect();
        all.sort_by_key(|h| h.id);
        all
    }

    /// The host with this id, wherever it is.
    pub fn host_by_id(&self, id: HostId) -> Option<&Host> {
        if self.host.id == id {
            return Some(&self.host);
        }
        self.parked.iter().find(|h| h.id == id)
    }

    /// The host the overlay on screen is about (see `Screen::overlay_host`).
    pub fn overlay_host(&self) -> &Host {
        self.host_by_id(self.screen.overlay_host)
            .unwrap_or(&self.host)
    }

    /// The host on screen.
    pub fn active(&self) -> HostId {
        self.active
    }

    /// Runs `f` with host `id` in hand (see the module's docs), then puts things back. Messages
    /// raised meanwhile about a host that is not on screen say which host they are about.
    pub(super) fn with_host<R>(&mut self, id: HostId, f: impl FnOnce(&mut App) -> R) -> R {
        if self.host.id == id {
            return f(self);
        }
        let Some(i) = self.parked.iter().position(|h| h.id == id) else {
            // No such host: nothing to run it on. Callers only pass ids they were given.
            return f(self);
        };
        std::mem::swap(&mut self.host, &mut self.parked[i]);
        let speaker = (id != self.active).then(|| self.host.label().to_string());
        let before = std::mem::replace(&mut self.screen.toasts.speaker, speaker);
        let r = f(self);
        self.screen.toasts.speaker = before;
        std::mem::swap(&mut self.host, &mut self.parked[i]);
        r
    }

    /// Shows host `id`: its panes as it left them. A host never shown before is connected now.
    pub(crate) fn switch_to(&mut self, id: HostId) -> Vec<Effect> {
        if id == self.active {
            return vec![];
        }
        let Some(i) = self.parked.iter().position(|h| h.id == id) else {
            return vec![];
        };
        std::mem::swap(&mut self.host, &mut self.parked[i]);
        self.active = id;
        self.screen.toasts.left_pane();
        let mut fx = Vec::new();
        if self.host.connection == Connection::Idle {
            self.host.connection = Connection::Connecting;
            fx.push(Effect::Connect(id));
        } else if self.host.connection.is_connected()
            && self.now - self.host.last_list_at >= self.settings.resync_secs
        {
            // In the background it only followed events; the safety net is due.
            fx.extend(self.resync());
        }
        // The pane in front may be one this host has not listed yet.
        let pane = self.screen.pane;
        fx.extend(self.show(pane));
        self.rebuild();
        fx
    }
}
