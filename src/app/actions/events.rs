//! The events view's work on the app: each event of the stream written to the host's log, a
//! look back's answer merged in, and going to an event's object.

use crate::app::events::{EventRow, kind_word};
use crate::app::overlays::Overlay;
use crate::app::{App, Effect, Pane};
use crate::engine::events::EventHistory;
use crate::engine::model::{EngineEvent, EventKind};

impl App {
    /// Writes an event of the stream to the host's log (a network event names its container
    /// as the containers list knows it).
    pub(crate) fn record_event(&mut self, ev: &EngineEvent) {
        let containers = &self.host.containers.list;
        let row = EventRow::new(ev, |id| containers.get(id).map(|c| c.name.clone()));
        self.host.events.record(row);
    }

    /// A look back answered: its events merged into the host's log, the view told.
    pub(crate) fn on_event_history(&mut self, seq: u64, result: Result<EventHistory, String>) {
        let new = match &result {
            Ok(h) => {
                let containers = &self.host.containers.list;
                let rows = h
                    .events
                    .iter()
                    .map(|ev| EventRow::new(ev, |id| containers.get(id).map(|c| c.name.clone())))
                    .collect();
                self.host.events.merge(rows)
            }
            Err(_) => 0,
        };
        if self.screen.overlay_host != self.host.id {
            return;
        }
        if let Some(Overlay::Events(v)) = &mut self.screen.overlay {
            v.answered(seq, &result, new);
        }
    }

    /// Shows the object of an event on its pane, selected; an object the engine no longer has
    /// is said so. An image named by a reference, or a list not read yet, is found through the
    /// pane's filter.
    pub(crate) fn go_to_event_object(&mut self, row: &EventRow) -> Vec<Effect> {
        let (pane, key) = match row.kind {
            EventKind::Container => (Pane::Containers, row.id.clone()),
            EventKind::Image => (Pane::Images, row.id.clone()),
            EventKind::Volume => (Pane::Volumes, row.id.clone()),
            EventKind::Network => (Pane::Networks, row.id.clone()),
            EventKind::Service => (Pane::Services, row.id.clone()),
            EventKind::Node => (Pane::Nodes, row.id.clone()),
            EventKind::Other => return vec![],
        };
        if pane == Pane::Containers {
            let Some(c) = self.host.containers.list.get(&key) else {
                self.say_gone(row);
                return vec![];
            };
            // A stopped container is shown by showing them all.
            if !c.state.is_up() && !self.host.containers.show_all {
                self.host.containers.show_all = true;
            }
        }
        let fx = self.show(pane);
        let list = self.list_mut();
        if list.loaded() && !list.contains_key(&key) {
            if pane == Pane::Images && !key.starts_with("sha256:") {
                // Pulled or tagged by reference: the filter finds its row.
                list.set_filter(&row.name);
            } else {
                self.say_gone(row);
                return fx;
            }
        } else {
            list.select_key(&key);
        }
        self.rebuild();
        fx
    }

    fn say_gone(&mut self, row: &EventRow) {
        let text = format!(
            "{} {} is no longer on the engine",
            kind_word(row.kind),
            row.name
        );
        self.screen
            .toasts
            .push(crate::app::Level::Info, text, self.now);
    }
}
