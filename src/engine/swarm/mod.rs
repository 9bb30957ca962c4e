//! Docker Swarm, the engine's own distributed mode, as dockhand shows it: services, their tasks,
//! and nodes, listed and changed through a manager's API.
//!
//! The types here are what the app holds; the calls that make them live in this module's
//! files. Only a manager answers for the swarm: a worker or an engine outside any swarm
//! answers 503, which arrives as [`SwarmError::NotManager`] so the app can say so instead of
//! showing an empty list.
//!
//! # Where things are
//!
//! - `services.rs`: `Engine::list_services` and `Engine::service_op` (scale, force update,
//!   rollback, remove);
//! - `tasks.rs`: `Engine::list_tasks`;
//! - `nodes.rs`: `Engine::list_nodes`, `Engine::set_node_availability`, and [`swarm_role`]
//!   (this engine's place in a swarm, from `/info`);
//! - [`logs`]: the `details` prefix that names each line's task, and task labels; the body
//!   is read by `Engine::service_logs` (`engine/logs`), the stream runs in
//!   `supervisor/service_logs.rs`;
//! - `errors.rs`: failures as [`SwarmError`];
//! - `json.rs`: reading the engine's JSON.
//!
//! # Why raw JSON rather than bollard's typed calls
//!
//! Everything here is read as `serde_json::Value` through `Engine::request_raw`: bollard
//! 0.21's models follow API 1.53, decode enums strictly (one unknown task state or service
//! mode fails the whole list) and drop fields they do not know. An update must send back the
//! spec exactly as read (the engine replaces the whole spec: a field lost is a setting
//! undone), so the spec goes back as the JSON it came as, changed in one place.
//!
//! # The swarm used by the tests
//!
//! `scripts/engine.sh swarm DIR` initialises a single-node swarm on a private engine
//! (on a loopback address of its own, 127.0.0.N, and a data-path port of its own, so that
//! several private swarms run side by side); see the script.

mod errors;
mod json;
pub mod logs;
mod nodes;
mod services;
mod tasks;

pub use nodes::swarm_role;

/// A swarm service, as `docker service ls` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub mode: ServiceMode,
    /// The image without its `@sha256:` pin (as `docker service ls` shows it).
    pub image: String,
    /// Tasks running now, and the tasks wanted (replicas; for a global service, one per
    /// eligible node). From the engine's service status (API 1.41+), else counted from tasks.
    pub running: u64,
    pub desired: u64,
    pub ports: Vec<PublishedPort>,
    /// The last (or current) update or rollback, when there was one.
    pub update: Option<UpdateStatus>,
    /// The stack it belongs to (`com.docker.stack.namespace`), when deployed by `docker stack`.
    pub stack: Option<String>,
    /// Creation and last change, unix seconds.
    pub created: i64,
    pub updated: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceMode {
    Replicated,
    Global,
    ReplicatedJob,
    GlobalJob,
}

/// A port published by a service (`*:8080->80/tcp`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPort {
    pub published: Option<u16>,
    pub target: u16,
    /// `tcp`, `udp`, `sctp`.
    pub protocol: String,
    /// `ingress` (the routing mesh) or `host`.
    pub mode: String,
}

/// A service's update or rollback: `updating`, `paused`, `completed`, `rollback_started`,
/// `rollback_paused`, `rollback_completed`, with the engine's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateStatus {
    pub state: String,
    pub message: String,
}

/// One task of a service: a slot (or, for a global service, a node) and the container that
/// fills it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub service_id: String,
    /// The replica's slot (`web.2`); none for a global service's task.
    pub slot: Option<u64>,
    pub node_id: String,
    /// `new`, `pending`, `assigned`, `accepted`, `preparing`, `starting`, `running`,
    /// `complete`, `shutdown`, `failed`, `rejected`, `remove`, `orphaned`.
    pub state: String,
    /// What the orchestrator wants of it (`running`, `shutdown`, ...).
    pub desired_state: String,
    /// Why it failed, as the engine says (empty when it did not).
    pub error: String,
    /// The engine's last word on it (`started`, `preparing`, ...).
    pub message: String,
    /// When it reached its state, unix seconds.
    pub since: i64,
    /// Its container, once it has one.
    pub container_id: Option<String>,
    pub image: String,
}

/// A node of the swarm, as `docker node ls` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub hostname: String,
    pub role: NodeRole,
    pub availability: Availability,
    /// `ready`, `down`, `unknown`, `disconnected`.
    pub status: String,
    /// For a manager: `Leader`, `Reachable`, `Unreachable`.
    pub manager_status: Option<String>,
    pub engine_version: String,
    pub addr: String,
    /// The node dockhand talks to.
    pub this: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeRole {
    Manager,
    Worker,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    Active,
    Pause,
    Drain,
}

impl Availability {
    /// As the API and `docker node update --availability` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Active => "active",
            Availability::Pause => "pause",
            Availability::Drain => "drain",
        }
    }
}

/// Why a swarm list or action failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SwarmError {
    /// The engine is not a manager: `worker` when it is a swarm worker, else it is in no swarm
    /// (or its swarm is locked or still joining); `message` is the engine's own.
    NotManager { worker: bool, message: String },
    /// Anything else, as the engine (or the link) said it.
    Failed(String),
}

/// A change to a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceOp {
    /// Set a replicated service's replicas.
    Scale(u64),
    /// Redeploy every task even though nothing changed (`docker service update --force`).
    ForceUpdate,
    /// Go back to the previous spec (`docker service rollback`).
    Rollback,
    Remove,
}

/// Where a service's log stream came from: which task on which node, as the screen names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskSource {
    pub task_id: String,
    /// `web.2@node-1` (`web.<node id>@node-1` for a global service's task).
    pub label: String,
}
