//! How services, tasks and nodes sit in a list: their keys, names, filter and sort columns.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::app::list::{Row, SortKey, contains_lowered, natural_cmp};
use crate::engine::swarm::{Node, Service, ServiceMode, Task};

/// Columns the services list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ServiceSort {
    #[default]
    Name,
    /// Services short of their replicas first (most missing first).
    Replicas,
    Image,
    Updated,
}

impl SortKey for ServiceSort {
    const ALL: &'static [Self] = &[
        ServiceSort::Name,
        ServiceSort::Replicas,
        ServiceSort::Image,
        ServiceSort::Updated,
    ];

    fn title(self) -> &'static str {
        match self {
            ServiceSort::Name => "name",
            ServiceSort::Replicas => "replicas",
            ServiceSort::Image => "image",
            ServiceSort::Updated => "updated",
        }
    }

    fn by_name(self) -> bool {
        self == ServiceSort::Name
    }
}

impl Row for Service {
    type Sort = ServiceSort;

    fn key(&self) -> &str {
        &self.id
    }

    fn label(&self) -> &str {
        &self.name
    }

    fn matches(&self, f: &str) -> bool {
        contains_lowered(&self.name, f)
            || contains_lowered(&self.image, f)
            || self.id.starts_with(f)
            || self
                .stack
                .as_deref()
                .is_some_and(|s| contains_lowered(s, f))
    }

    fn compare(&self, other: &Self, sort: ServiceSort, _now: i64) -> Ordering {
        let missing = |s: &Service| s.desired.saturating_sub(s.running);
        match sort {
            ServiceSort::Name => Ordering::Equal,
            ServiceSort::Replicas => missing(other).cmp(&missing(self)),
            ServiceSort::Image => natural_cmp(&self.image, &other.image),
            ServiceSort::Updated => other.updated.cmp(&self.updated),
        }
    }
}

impl Service {
    /// `replicated`, `global`, `replicated job`, `global job`.
    pub fn mode_text(&self) -> &'static str {
        match self.mode {
            ServiceMode::Replicated => "replicated",
            ServiceMode::Global => "global",
            ServiceMode::ReplicatedJob => "replicated job",
            ServiceMode::GlobalJob => "global job",
        }
    }
}

/// Columns the tasks list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TaskSort {
    /// By service and slot, the newest of a slot first (as `docker service ps`).
    #[default]
    Name,
    State,
    Node,
    Age,
}

impl SortKey for TaskSort {
    const ALL: &'static [Self] = &[
        TaskSort::Name,
        TaskSort::State,
        TaskSort::Node,
        TaskSort::Age,
    ];

    fn title(self) -> &'static str {
        match self {
            TaskSort::Name => "name",
            TaskSort::State => "state",
            TaskSort::Node => "node",
            TaskSort::Age => "age",
        }
    }

    fn by_name(self) -> bool {
        self == TaskSort::Name
    }
}

/// A task with the names the screen gives it: `web.2` (`web.<node>` for a global service's)
/// and its node's hostname.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRow {
    pub task: Task,
    pub name: String,
    pub service: String,
    pub node: String,
}

impl TaskRow {
    /// Names `task` from the services and nodes known (ids where a name is not known yet).
    pub fn named(
        task: Task,
        services: &HashMap<&str, &Service>,
        nodes: &HashMap<&str, &str>,
    ) -> Self {
        let service = services
            .get(task.service_id.as_str())
            .map(|s| s.name.clone())
            .unwrap_or_else(|| short(&task.service_id).to_string());
        let name = match task.slot {
            Some(slot) => format!("{service}.{slot}"),
            None => format!("{service}.{}", short(&task.node_id)),
        };
        let node = nodes
            .get(task.node_id.as_str())
            .map(|n| n.to_string())
            .unwrap_or_else(|| short(&task.node_id).to_string());
        Self {
            task,
            name,
            service,
            node,
        }
    }

    /// Not shut down, removed or orphaned (what `docker service ps` lists without history).
    pub fn current(&self) -> bool {
        !matches!(
            self.task.desired_state.as_str(),
            "shutdown" | "remove" | "orphaned"
        )
    }
}

/// An id's first 12 characters, as docker shows ids.
fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// A task not yet in the state wanted of it, or still getting there (see `swarm/mod.rs`).
pub(super) fn on_its_way(t: &Task) -> bool {
    let going = matches!(
        t.state.as_str(),
        "new" | "pending" | "assigned" | "accepted" | "preparing" | "ready" | "starting"
    );
    going
        || (t.desired_state == "running" && t.state != "running")
        || (t.desired_state == "shutdown" && t.state == "running")
}

/// Running first, then on their way, then done.
fn state_rank(state: &str) -> u8 {
    match state {
        "running" => 0,
        "new" | "pending" | "assigned" | "accepted" | "preparing" | "ready" | "starting" => 1,
        "failed" | "rejected" | "orphaned" => 2,
        _ => 3,
    }
}

impl Row for TaskRow {
    type Sort = TaskSort;

    fn key(&self) -> &str {
        &self.task.id
    }

    fn label(&self) -> &str {
        &self.name
    }

    fn matches(&self, f: &str) -> bool {
        contains_lowered(&self.name, f)
            || contains_lowered(&self.node, f)
            || contains_lowered(&self.task.state, f)
            || contains_lowered(&self.task.error, f)
            || self.task.id.starts_with(f)
    }

    fn compare(&self, other: &Self, sort: TaskSort, _now: i64) -> Ordering {
        match sort {
            // The newest of a slot first, as `docker service ps` lists them.
            TaskSort::Name => natural_cmp(&self.name, &other.name)
                .then_with(|| other.task.since.cmp(&self.task.since)),
            TaskSort::State => state_rank(&self.task.state).cmp(&state_rank(&other.task.state)),
            TaskSort::Node => natural_cmp(&self.node, &other.node),
            TaskSort::Age => other.task.since.cmp(&self.task.since),
        }
    }
}

/// Columns the nodes list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NodeSort {
    #[default]
    Name,
    Role,
    Availability,
    Status,
}

impl SortKey for NodeSort {
    const ALL: &'static [Self] = &[
        NodeSort::Name,
        NodeSort::Role,
        NodeSort::Availability,
        NodeSort::Status,
    ];

    fn title(self) -> &'static str {
        match self {
            NodeSort::Name => "name",
            NodeSort::Role => "role",
            NodeSort::Availability => "availability",
            NodeSort::Status => "status",
        }
    }

    fn by_name(self) -> bool {
        self == NodeSort::Name
    }
}

impl Row for Node {
    type Sort = NodeSort;

    fn key(&self) -> &str {
        &self.id
    }

    fn label(&self) -> &str {
        &self.hostname
    }

    fn matches(&self, f: &str) -> bool {
        contains_lowered(&self.hostname, f)
            || contains_lowered(&self.addr, f)
            || self.id.starts_with(f)
    }

    fn compare(&self, other: &Self, sort: NodeSort, _now: i64) -> Ordering {
        match sort {
            NodeSort::Name => Ordering::Equal,
            // Managers first.
            NodeSort::Role => (self.role as u8).cmp(&(other.role as u8)),
            NodeSort::Availability => (self.availability as u8).cmp(&(other.availability as u8)),
            // Ready first.
            NodeSort::Status => (self.status != "ready").cmp(&(other.status != "ready")),
        }
    }
}
