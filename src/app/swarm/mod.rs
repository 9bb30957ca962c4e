//! Docker Swarm as a manager shows it: the services, tasks and nodes panes' lists, what the
//! engine said when it is not a manager, and how they stay current.
//!
//! Each list is asked for when its pane is first shown, then again after an event about its
//! kind: a service event lists services and tasks, a node event nodes and tasks (a drain moves
//! tasks), an event of a task's container (it names its service) lists tasks. The engine sends
//! no event when a task on another node changes state, so while a task is on its way (pending,
//! preparing, starting, or not yet in the state wanted of it) and the tasks pane is in front,
//! the tasks are listed again: after [`SETTLING_SECS`], twice as long after each list that
//! changed nothing, at most every [`SETTLING_MAX_SECS`]; once every task is where it is
//! wanted, only events and the resync ask.
//!
//! Rows of tasks name their service and node (`web.2`, `node-1`) from the other two lists, so
//! showing the tasks pane lists services and nodes as well; their names are filled in again
//! when either list changes.

mod reports;
mod rows;

pub use reports::swarm_words;

use std::collections::HashMap;

pub use rows::{NodeSort, ServiceSort, TaskRow, TaskSort};

use super::freshness::Feed;
use super::list::ListView;
use crate::engine::swarm::{Node, Service, Task};

/// How often the tasks are listed again while some are on their way (see the module docs):
/// every 2 s at first, twice as long after each list that brought no change, at most 30 s (a
/// task that waits for a node may wait for hours).
pub const SETTLING_SECS: i64 = 2;
pub const SETTLING_MAX_SECS: i64 = 30;

/// What the engine said when asked for the swarm while it is not a manager.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotManager {
    /// A swarm worker (else in no swarm, or locked, or joining).
    pub worker: bool,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct SwarmPanes {
    pub services: ListView<Service>,
    pub tasks: ListView<TaskRow>,
    pub nodes: ListView<Node>,
    pub(in crate::app) service_feed: Feed,
    pub(in crate::app) task_feed: Feed,
    pub(in crate::app) node_feed: Feed,
    /// Set when the engine answered that it is not a manager; cleared by a list.
    pub not_manager: Option<NotManager>,
    /// Whose tasks the tasks pane lists: a service (id, name), or every service.
    pub tasks_of: Option<(String, String)>,
    /// Shows tasks shut down (their history) too, not only the current ones.
    pub task_history: bool,
    /// When the tasks were last asked for (the settling pace counts from there).
    pub(in crate::app) tasks_asked_at: i64,
    /// The settling pace now (see [`SETTLING_SECS`]).
    pub(in crate::app) settle_every: i64,
}

impl SwarmPanes {
    /// Tasks as rows, named from the services and nodes as listed now.
    pub fn name_tasks(&self, tasks: Vec<Task>) -> Vec<TaskRow> {
        let services: HashMap<&str, &Service> =
            self.services.all().map(|s| (s.id.as_str(), s)).collect();
        let nodes: HashMap<&str, &str> = self
            .nodes
            .all()
            .map(|n| (n.id.as_str(), n.hostname.as_str()))
            .collect();
        tasks
            .into_iter()
            .map(|t| TaskRow::named(t, &services, &nodes))
            .collect()
    }

    /// Names the tasks again (services or nodes changed).
    pub fn rename_tasks(&mut self) {
        if self.tasks.total() == 0 {
            return;
        }
        let tasks: Vec<Task> = self.tasks.all().map(|r| r.task.clone()).collect();
        let rows = self.name_tasks(tasks);
        self.tasks.set_all(rows);
    }

    /// Forgets the tasks listed (they were another service's): the pane says it is loading.
    pub fn clear_tasks(&mut self) {
        self.tasks.set_all(Vec::new());
        self.tasks.loaded = false;
    }

    /// Takes the tasks listed: the settling pace slows down while nothing changes, and starts
    /// again from [`SETTLING_SECS`] when something does.
    pub fn pace_settling(&mut self, tasks: &[Task]) {
        let same = self.tasks.total() == tasks.len()
            && tasks
                .iter()
                .all(|t| self.tasks.get(&t.id).is_some_and(|r| r.task == *t));
        self.settle_every = if same {
            (self.settle_every * 2).clamp(SETTLING_SECS, SETTLING_MAX_SECS)
        } else {
            SETTLING_SECS
        };
    }

    /// Whether some task is on its way to the state wanted of it (see the module docs).
    pub fn settling(&self) -> bool {
        self.tasks.all().any(|r| rows::on_its_way(&r.task))
    }
}
