//! Actions of the swarm panes: a service's tasks, scale (typed), redeploy, rollback, removal
//! and merged logs; the tasks' history; a node's drain, pause and activation. What moves or
//! removes tasks asks first (`overlays/swarm_confirm.rs`); scaling asks for the number.

use crate::app::logs::LogMode;
use crate::app::overlays::{PromptFor, SwarmConfirm};
use crate::app::{App, Effect, Overlay, Pane};
use crate::config::{NodeAction, ServiceAction, TaskAction};
use crate::engine::Request;
use crate::engine::swarm::{Availability, ServiceMode, ServiceOp};

impl App {
    pub(super) fn on_services(&mut self, action: ServiceAction) -> Vec<Effect> {
        let Some(s) = self.host.swarm.services.selected().cloned() else {
            return vec![];
        };
        match action {
            ServiceAction::ServiceTasks => return self.show_tasks_of(Some((s.id, s.name))),
            ServiceAction::ServiceLogs | ServiceAction::ServiceLogsFull => {
                self.service_logs(s.id, s.name, action == ServiceAction::ServiceLogsFull);
            }
            ServiceAction::ServiceScale => {
                if !matches!(s.mode, ServiceMode::Replicated | ServiceMode::ReplicatedJob) {
                    let text = format!(
                        "{} is a {} service: it runs one task per node and cannot be scaled",
                        s.name,
                        s.mode_text()
                    );
                    self.screen
                        .toasts
                        .push(crate::app::Level::Warning, text, self.now);
                    return vec![];
                }
                self.prompt_with(
                    PromptFor::Scale {
                        id: s.id,
                        name: s.name,
                    },
                    s.desired.to_string(),
                );
            }
            ServiceAction::ServiceRedeploy => self.open(Overlay::SwarmConfirm(SwarmConfirm {
                title: format!("Redeploy service {}?", s.name),
                lines: vec![format!(
                    "Every task of {} is replaced by a new one, as its update config says \
                     (docker service update --force), though nothing changed.",
                    s.name
                )],
                progress: format!("redeploying {}…", s.name),
                requests: vec![Request::Service {
                    op: ServiceOp::ForceUpdate,
                    id: s.id,
                    name: s.name,
                }],
            })),
            ServiceAction::ServiceRollback => self.open(Overlay::SwarmConfirm(SwarmConfirm {
                title: format!("Roll back service {}?", s.name),
                lines: vec![format!(
                    "{} goes back to its previous spec (docker service rollback); its tasks \
                     are replaced as its rollback config says.",
                    s.name
                )],
                progress: format!("rolling back {}…", s.name),
                requests: vec![Request::Service {
                    op: ServiceOp::Rollback,
                    id: s.id,
                    name: s.name,
                }],
            })),
        }
        vec![]
    }

    /// Asks before removing the selected (or marked) services.
    pub(crate) fn confirm_service_removal(&mut self) -> Vec<Effect> {
        let services: Vec<_> = self
            .host
            .swarm
            .services
            .targets()
            .into_iter()
            .cloned()
            .collect();
        let running: u64 = services.iter().map(|s| s.running).sum();
        let tasks = crate::app::wording::count(running as usize, "running task");
        let (title, progress) = match services.as_slice() {
            [] => return vec![],
            [one] => (
                format!("Remove service {}?", one.name),
                format!("removing service {}…", one.name),
            ),
            many => (
                format!(
                    "Remove {} services: {}?",
                    many.len(),
                    many.iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("removing {} services…", many.len()),
            ),
        };
        self.open(Overlay::SwarmConfirm(SwarmConfirm {
            title,
            lines: vec![if services.len() == 1 {
                format!(
                    "Its {tasks} stop and its containers are removed on every node. Volumes and \
                     networks stay."
                )
            } else {
                format!(
                    "Their {tasks} stop and their containers are removed on every node. \
                     Volumes and networks stay."
                )
            }],
            progress,
            requests: services
                .into_iter()
                .map(|s| Request::Service {
                    op: ServiceOp::Remove,
                    id: s.id,
                    name: s.name,
                })
                .collect(),
        }));
        vec![]
    }

    pub(super) fn on_tasks(&mut self, action: TaskAction) -> Vec<Effect> {
        match action {
            TaskAction::TaskHistory => {
                let swarm = &mut self.host.swarm;
                swarm.task_history = !swarm.task_history;
                self.rebuild();
            }
            TaskAction::TaskLogs => {
                if let Some(t) = self.host.swarm.tasks.selected() {
                    let (id, name) = (t.task.service_id.clone(), t.service.clone());
                    self.service_logs(id, name, false);
                }
            }
        }
        vec![]
    }

    pub(super) fn on_nodes(&mut self, action: NodeAction) -> Vec<Effect> {
        let Some(n) = self.host.swarm.nodes.selected().cloned() else {
            return vec![];
        };
        let availability = match action {
            NodeAction::NodeDrain => Availability::Drain,
            NodeAction::NodePause => Availability::Pause,
            NodeAction::NodeActivate => Availability::Active,
        };
        if n.availability == availability {
            let text = format!("{} is already {}", n.hostname, availability.as_str());
            self.screen
                .toasts
                .push(crate::app::Level::Info, text, self.now);
            return vec![];
        }
        let request = Request::NodeAvailability {
            id: n.id.clone(),
            name: n.hostname.clone(),
            availability,
        };
        if availability != Availability::Drain {
            if !self.connected_or_say() {
                return vec![];
            }
            let text = format!("setting {} to {}…", n.hostname, availability.as_str());
            self.screen
                .toasts
                .push(crate::app::Level::Info, text, self.now);
            return vec![Effect::Engine(self.host.id, request)];
        }
        let mut lines = vec![format!(
            "Its tasks are shut down and placed on other nodes, and no new task comes to it, \
             until it is made active again ({}).",
            self.settings
                .keymap
                .label(crate::config::Action::NodeActivate)
        )];
        if self.host.swarm.nodes.total() == 1 {
            lines.push(
                "It is the only node: its tasks have nowhere to go and wait until a node is \
                 active."
                    .into(),
            );
        }
        self.open(Overlay::SwarmConfirm(SwarmConfirm {
            title: format!("Drain node {}?", n.hostname),
            lines,
            progress: format!("draining {}…", n.hostname),
            requests: vec![request],
        }));
        vec![]
    }

    /// Shows the tasks pane, of one service or of every service; the services and nodes are
    /// listed too (the tasks are named after them).
    pub(crate) fn show_tasks_of(&mut self, of: Option<(String, String)>) -> Vec<Effect> {
        let swarm = &mut self.host.swarm;
        let changed = swarm.tasks_of.as_ref().map(|o| &o.0) != of.as_ref().map(|o| &o.0);
        if changed {
            swarm.tasks_of = of;
            // Another service's (or every service's) tasks: what was listed is not theirs.
            swarm.clear_tasks();
        }
        let mut fx = Vec::new();
        for pane in [Pane::Services, Pane::Nodes] {
            if let Some(f) = self.feed_mut(pane)
                && !std::mem::replace(&mut f.wanted, true)
            {
                fx.extend(self.list_kind(pane));
            }
        }
        fx.extend(self.show(Pane::Tasks));
        if changed
            && !fx
                .iter()
                .any(|f| matches!(f, Effect::Engine(_, Request::ListTasks { .. })))
        {
            fx.extend(self.list_kind(Pane::Tasks));
        }
        fx
    }

    /// Follows a service's logs, merged from its tasks, below the list or full screen; the
    /// same key again closes them.
    fn service_logs(&mut self, id: String, name: String, full: bool) {
        let logs = &mut self.host.logs;
        let same = logs.service.as_ref().is_some_and(|(s, _)| *s == id);
        if same && !full && logs.mode != LogMode::Closed {
            logs.mode = LogMode::Closed;
            logs.service = None;
        } else {
            logs.service = Some((id, name));
            logs.project = None;
            logs.mode = if full { LogMode::Full } else { LogMode::Split };
        }
        self.rebuild();
    }
}
