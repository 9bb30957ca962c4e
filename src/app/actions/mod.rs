//! What each action does on the panes, one handler per key scope (each matches exactly the
//! actions of its scope): global, list, containers, images and networks, the log view. Dialog
//! and inspect actions never arrive here: their overlays read their own keys.

mod containers;
mod events;

pub(crate) use containers::CopyReport;
mod list;
mod logs;
mod objects;
mod projects;
mod security;
mod swarm;

use super::overlays::{HelpView, HostSwitcher, MessagesView};
use super::{App, Effect, Level, Overlay, Pane};
use crate::config::{Action, GlobalAction};
use crate::engine::Request;

impl App {
    pub(super) fn on_action(&mut self, action: Action) -> Vec<Effect> {
        // On the all-hosts list, an action on rows goes to each row's own host (which then
        // checks its own read-only).
        if self.screen.everywhere
            && self.screen.pane == Pane::Containers
            && let Some(fx) = self.on_everywhere_action(action)
        {
            return fx;
        }
        if !self.allows(action) {
            let why = if self.settings.read_only {
                "read-only mode".to_string()
            } else if self.screen.toasts.speaker.is_some() {
                "read-only host".to_string() // the message already starts with its name
            } else {
                format!("{} is read-only", self.host.label())
            };
            self.screen.toasts.push(
                Level::Warning,
                format!("{why}: {} is disabled", action.name()),
                self.now,
            );
            return vec![];
        }
        match action {
            Action::Global(a) => self.on_global(a),
            Action::List(a) => self.on_list(a),
            Action::Containers(a) => self.on_containers(a),
            Action::Images(a) => self.on_images(a),
            Action::Networks(a) => self.on_networks(a),
            Action::Projects(a) => self.on_projects(a),
            Action::Services(a) => self.on_services(a),
            Action::Tasks(a) => self.on_tasks(a),
            Action::Nodes(a) => self.on_nodes(a),
            Action::Security(a) => self.on_security(a),
            Action::LogView(a) => self.on_log_view(a),
            // Live only inside their overlays, which take their keys themselves.
            Action::InspectView(_) | Action::Dialog(_) | Action::Events(_) => vec![],
        }
    }

    fn on_global(&mut self, action: GlobalAction) -> Vec<Effect> {
        match action {
            GlobalAction::Quit => self.quit(),
            GlobalAction::Help => {
                self.open(Overlay::Help(HelpView::default()));
                vec![]
            }
            GlobalAction::Refresh if !self.host.connection.is_connected() => {
                vec![Effect::Engine(self.host.id, Request::Reconnect)]
            }
            GlobalAction::Refresh => self.resync(),
            GlobalAction::NextPane => self.show(self.screen.pane.next()),
            GlobalAction::PrevPane => self.show(self.screen.pane.prev()),
            GlobalAction::ShowContainers => self.show(Pane::Containers),
            GlobalAction::ShowImages => self.show(Pane::Images),
            GlobalAction::ShowVolumes => self.show(Pane::Volumes),
            GlobalAction::ShowNetworks => self.show(Pane::Networks),
            GlobalAction::ShowProjects => self.show(Pane::Projects),
            GlobalAction::ShowServices => self.show(Pane::Services),
            GlobalAction::ShowTasks => self.show_tasks_of(None),
            GlobalAction::ShowNodes => self.show(Pane::Nodes),
            GlobalAction::ShowSecurity => self.show(Pane::Security),
            GlobalAction::Command => {
                self.open(Overlay::Command(Default::default()));
                vec![]
            }
            GlobalAction::ShowEvents => {
                let view = self.host.events_view.take().unwrap_or_default();
                self.open(Overlay::Events(view));
                vec![]
            }
            GlobalAction::DiskUsage => self.open_disk(),
            GlobalAction::Messages => {
                self.open(Overlay::Messages(MessagesView::default()));
                vec![]
            }
            GlobalAction::Hosts => {
                let switcher = HostSwitcher::new(self);
                self.open(Overlay::Hosts(switcher));
                vec![]
            }
        }
    }

    pub(super) fn quit(&mut self) -> Vec<Effect> {
        self.screen.quitting = true;
        vec![Effect::Quit]
    }

    /// Brings a pane to the front; its kind is listed the first time it is shown.
    pub(super) fn show(&mut self, pane: Pane) -> Vec<Effect> {
        if pane != self.screen.pane {
            self.screen.toasts.left_pane();
            // The all-hosts list is a containers list; other panes are the host on screen's.
            self.screen.everywhere = false;
        }
        self.screen.pane = pane;
        let first_time = self
            .feed_mut(pane)
            .is_some_and(|f| !std::mem::replace(&mut f.wanted, true));
        self.rebuild();
        if !first_time {
            return vec![];
        }
        let mut fx = self.list_kind(pane);
        // Volume sizes cost the engine a walk of every volume: asked once, when first shown.
        if pane == Pane::Volumes && self.host.connection.is_connected() {
            let seq = self.host.next_seq();
            fx.push(Effect::Engine(self.host.id, Request::DiskUsage { seq }));
        }
        fx
    }
}
