//! The disk-usage view: what each kind of object takes, and the choice of what to prune (which
//! opens the prune preview, see [`super::prune`]).

use crossterm::event::KeyEvent;

use super::prune::{KINDS, PrunePreview};
use super::{Handled, Next, Overlay, close, keep};
use crate::app::{App, Effect, Level};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::objects::DiskUsage;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskView {
    pub seq: u64,
    /// `None` while the engine computes it (it can take a while on a big engine).
    pub usage: Option<Result<DiskUsage, String>>,
    /// Index into [`KINDS`].
    pub selected: usize,
}

impl DiskView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::DiskUsage | Action::Quit) => {
                return close();
            }
            Some(Action::Down) => self.selected = (self.selected + 1).min(KINDS.len() - 1),
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Refresh) => return (Next::Close, app.open_disk()),
            Some(Action::Prune | Action::Confirm) => {
                if !app.allows(Action::Prune) {
                    app.screen.toasts.push(
                        Level::Warning,
                        "read-only mode: prune is disabled",
                        app.now,
                    );
                } else if app.host.connection.is_connected() {
                    let seq = app.host.next_seq();
                    let kind = KINDS[self.selected];
                    app.open(Overlay::PrunePreview(PrunePreview::new(seq, kind)));
                    return (
                        Next::Close,
                        vec![Effect::Engine(
                            app.host().id,
                            Request::PrunePreview { seq, kind },
                        )],
                    );
                }
            }
            _ => {}
        }
        keep()
    }
}

impl App {
    /// Opens the disk view and asks the engine for its usage.
    pub(crate) fn open_disk(&mut self) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let seq = self.host.next_seq();
        self.open(Overlay::Disk(DiskView {
            seq,
            usage: None,
            selected: 0,
        }));
        vec![Effect::Engine(self.host.id, Request::DiskUsage { seq })]
    }
}
