//! How the engine's swarm answers and events change the state: lists arriving (stale ones
//! dropped), "not a manager", the outcome of a change, the names of a service log's sources,
//! and the events and settling pace that keep the lists current (see `swarm/mod.rs`).

use super::NotManager;
use crate::app::logs::Followed;
use crate::app::{App, Effect, Level, Pane};
use crate::engine::Report;
use crate::engine::model::{EngineEvent, EventKind};
use crate::engine::swarm::{Availability, ServiceOp, SwarmError, TaskSource};

impl App {
    /// Takes a swarm report; `None` when the report is not one.
    pub(in crate::app) fn on_swarm_report(&mut self, r: Report) -> Option<Vec<Effect>> {
        let fx = match r {
            Report::Services { seq, result } => {
                let result = self.swarm_result(result);
                let fx =
                    self.on_kind_list(Pane::Services, seq, result, |a| &mut a.host.swarm.services);
                self.host.swarm.rename_tasks();
                self.rebuild();
                fx
            }
            Report::Nodes { seq, result } => {
                let result = self.swarm_result(result);
                let fx = self.on_kind_list(Pane::Nodes, seq, result, |a| &mut a.host.swarm.nodes);
                self.host.swarm.rename_tasks();
                self.rebuild();
                fx
            }
            Report::Tasks {
                seq,
                service,
                result,
            } => {
                let of = self.host.swarm.tasks_of.as_ref().map(|(id, _)| id);
                if service.as_ref() != of {
                    // Asked for before the pane turned to another service.
                    let _ = self.host.swarm.task_feed.fresh.answer(seq);
                    return Some(self.list_kind(Pane::Tasks));
                }
                if let Ok(tasks) = &result {
                    self.host.swarm.pace_settling(tasks);
                }
                let result = self
                    .swarm_result(result)
                    .map(|tasks| self.host.swarm.name_tasks(tasks));
                self.on_kind_list(Pane::Tasks, seq, result, |a| &mut a.host.swarm.tasks)
            }
            Report::ServiceDone {
                op,
                id: _,
                name,
                result,
            } => {
                self.service_done(op, &name, result);
                self.list_swarm_again()
            }
            Report::NodeDone {
                availability,
                id: _,
                name,
                result,
            } => {
                self.node_done(availability, &name, result);
                self.list_swarm_again()
            }
            Report::LogSourceNamed {
                stream,
                source,
                task,
            } => {
                self.name_log_source(stream, source, task);
                vec![]
            }
            _ => return None,
        };
        Some(fx)
    }

    /// A swarm list's answer as the lists take it: "not a manager" is kept to be shown in
    /// place of the panes (an empty list under it), anything else is an error.
    fn swarm_result<T>(&mut self, result: Result<Vec<T>, SwarmError>) -> Result<Vec<T>, String> {
        match result {
            Ok(rows) => {
                self.host.swarm.not_manager = None;
                Ok(rows)
            }
            Err(SwarmError::NotManager { worker, message }) => {
                self.host.swarm.not_manager = Some(NotManager { worker, message });
                Ok(Vec::new())
            }
            Err(SwarmError::Failed(e)) => Err(e),
        }
    }

    fn service_done(&mut self, op: ServiceOp, name: &str, result: Result<(), SwarmError>) {
        let (level, text) = match (op, result) {
            (ServiceOp::Scale(n), Ok(())) => (Level::Success, format!("scaled {name} to {n}")),
            (ServiceOp::ForceUpdate, Ok(())) => (
                Level::Success,
                format!("redeploying {name}: its tasks are being replaced"),
            ),
            (ServiceOp::Rollback, Ok(())) => (
                Level::Success,
                format!("rolling {name} back to its previous spec"),
            ),
            (ServiceOp::Remove, Ok(())) => (Level::Success, format!("removed service {name}")),
            (op, Err(e)) => {
                let verb = match op {
                    ServiceOp::Scale(n) => format!("scale {name} to {n}"),
                    ServiceOp::ForceUpdate => format!("redeploy {name}"),
                    ServiceOp::Rollback => format!("roll back {name}"),
                    ServiceOp::Remove => format!("remove service {name}"),
                };
                (
                    Level::Error,
                    format!("could not {verb}: {}", swarm_words(&e)),
                )
            }
        };
        self.screen.toasts.push(level, text, self.now);
    }

    fn node_done(&mut self, a: Availability, name: &str, result: Result<(), SwarmError>) {
        let (level, text) = match result {
            Ok(()) => (Level::Success, format!("{name} is now {}", a.as_str())),
            Err(e) => (
                Level::Error,
                format!(
                    "could not set {name} to {}: {}",
                    a.as_str(),
                    swarm_words(&e)
                ),
            ),
        };
        self.screen.toasts.push(level, text, self.now);
    }

    /// After a change: every swarm list that is wanted, again (events may be slower).
    fn list_swarm_again(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        for pane in [Pane::Services, Pane::Tasks, Pane::Nodes] {
            fx.extend(self.list_kind(pane));
        }
        fx
    }

    /// A service log's source `source` is this task: its name goes where the view looks.
    fn name_log_source(&mut self, stream: u64, source: u16, task: TaskSource) {
        let logs = &mut self.host.logs;
        if stream != logs.stream {
            return;
        }
        let Some(target) = logs.target.as_mut().filter(|t| t.service.is_some()) else {
            return;
        };
        let at = usize::from(source);
        let named = Followed {
            id: crate::ids::ContainerId::from(task.task_id.as_str()),
            name: task.label,
        };
        // Sources are named in order; one skipped (never expected) keeps its place.
        while target.containers.len() < at {
            target.containers.push(Followed {
                id: crate::ids::ContainerId::from(""),
                name: "?".into(),
            });
        }
        if at < target.containers.len() {
            target.containers[at] = named;
        } else {
            target.containers.push(named);
        }
    }

    /// A swarm event (or a task's container event): the lists it changes are asked for, at
    /// the next tick so that a burst of events costs one list.
    pub(in crate::app) fn on_swarm_event(&mut self, ev: &EngineEvent) {
        let swarm = &mut self.host.swarm;
        match ev.kind {
            EventKind::Service => {
                swarm.service_feed.settle();
                swarm.task_feed.settle();
            }
            EventKind::Node => {
                swarm.node_feed.settle();
                swarm.task_feed.settle();
            }
            EventKind::Container if ev.actor.swarm_service.is_some() => {
                swarm.task_feed.settle();
            }
            _ => return,
        }
        // Something moved: follow the tasks closely again.
        swarm.settle_every = super::SETTLING_SECS;
    }

    /// The tick's part (lists held back for settling go out with the other kinds'): the
    /// tasks again while some are on their way and the tasks pane is in front.
    pub(in crate::app) fn swarm_tick(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        let swarm = &self.host.swarm;
        if swarm.task_feed.wanted
            && swarm.settling()
            && self.screen.pane == Pane::Tasks
            && self.now - swarm.tasks_asked_at >= swarm.settle_every.max(super::SETTLING_SECS)
        {
            fx.extend(self.list_kind(Pane::Tasks));
        }
        fx
    }
}

/// A swarm failure as the user reads it.
pub fn swarm_words(e: &SwarmError) -> String {
    match e {
        SwarmError::NotManager { worker: true, .. } => {
            "this engine is a swarm worker; only a manager can do that".into()
        }
        SwarmError::NotManager { .. } => "this engine is not a swarm manager".into(),
        SwarmError::Failed(e) => e.clone(),
    }
}
