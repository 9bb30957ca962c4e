//! dockhand's own description of engine objects. `app/` and `ui/` see only these types, never
//! bollard's, so an engine API change touches `engine/` alone.

use std::fmt;

use crate::ids::{ContainerId, ImageId};

pub use super::posture::{EngineSecurity, Seccomp};

/// The lifecycle state of a container, as the engine names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContainerState {
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
    /// A state this build does not know (a newer engine, podman): shown as the engine wrote it.
    Other(String),
}

impl ContainerState {
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "created" | "configured" | "initialized" => Self::Created,
            "running" => Self::Running,
            "paused" => Self::Paused,
            "restarting" => Self::Restarting,
            "removing" => Self::Removing,
            "exited" | "stopped" => Self::Exited,
            "dead" => Self::Dead,
            other => Self::Other(other.to_string()),
        }
    }

    /// Whether the container's processes exist (and so a remove needs force).
    pub fn is_up(&self) -> bool {
        matches!(self, Self::Running | Self::Paused | Self::Restarting)
    }

    /// Sort rank: what needs attention and what runs comes first.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Restarting => 0,
            Self::Running => 1,
            Self::Paused => 2,
            Self::Removing => 3,
            Self::Created => 4,
            Self::Exited => 5,
            Self::Dead => 6,
            Self::Other(_) => 7,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Running => "running",
            Self::Paused => "paused",
            Self::Restarting => "restarting",
            Self::Removing => "removing",
            Self::Exited => "exited",
            Self::Dead => "dead",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for ContainerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A container's health, when it has a health check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Health {
    Starting,
    Healthy,
    Unhealthy,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Healthy => "healthy",
            Self::Unhealthy => "unhealthy",
        }
    }
}

/// One published (or exposed) port.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortMapping {
    pub ip: Option<String>,
    pub public: Option<u16>,
    pub private: u16,
    pub protocol: String,
}

impl fmt::Display for PortMapping {
    /// The `docker ps` form: `0.0.0.0:8080->80/tcp`, or `80/tcp` when only exposed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.public {
            Some(public) => {
                let ip = self.ip.as_deref().unwrap_or("");
                if ip.contains(':') {
                    write!(f, "[{ip}]:{public}->{}/{}", self.private, self.protocol)
                } else if ip.is_empty() {
                    write!(f, "{public}->{}/{}", self.private, self.protocol)
                } else {
                    write!(f, "{ip}:{public}->{}/{}", self.private, self.protocol)
                }
            }
            None => write!(f, "{}/{}", self.private, self.protocol),
        }
    }
}

/// A container as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    pub id: ContainerId,
    pub name: String,
    pub image: String,
    /// The image's id (`sha256:…`), which stays right when the tag moves to another image.
    pub image_id: ImageId,
    pub state: ContainerState,
    pub health: Option<Health>,
    /// Exit code of an exited container, when the engine reported it.
    pub exit_code: Option<i64>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// When the container entered its current state (started, exited), unix seconds. Estimated
    /// from the engine's status text at list time, made exact by events as they arrive.
    pub state_since: Option<i64>,
    pub ports: Vec<PortMapping>,
    pub compose_project: Option<String>,
    pub compose_service: Option<String>,
    /// Where the compose project's files are, as its labels say (boxed: most containers
    /// have none, and a row stays small at 10,000 rows).
    pub compose_files: Option<Box<ComposeFiles>>,
    /// Volumes mounted into the container (binds and tmpfs are not listed).
    pub volumes: Vec<VolumeMount>,
    /// The engine's own status text (`Up 3 hours (healthy)`), kept for inspection and tests.
    pub status: String,
}

impl Container {
    pub fn short_id(&self) -> &str {
        self.id.as_str().get(..12).unwrap_or(self.id.as_str())
    }
}

/// A compose project's files as its containers' labels name them
/// (`com.docker.compose.project.working_dir`, `com.docker.compose.project.config_files`);
/// nothing is guessed where the labels say nothing.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ComposeFiles {
    pub working_dir: Option<String>,
    /// The config files, in the order compose was given them.
    pub config_files: Vec<String>,
}

impl ComposeFiles {
    /// From a container's labels; `None` when they name neither.
    pub fn from_labels(labels: &std::collections::HashMap<String, String>) -> Option<Box<Self>> {
        let working_dir = labels
            .get("com.docker.compose.project.working_dir")
            .filter(|d| !d.is_empty())
            .cloned();
        let config_files: Vec<String> = labels
            .get("com.docker.compose.project.config_files")
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        (working_dir.is_some() || !config_files.is_empty()).then(|| {
            Box::new(Self {
                working_dir,
                config_files,
            })
        })
    }
}

/// A volume mounted into a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeMount {
    pub name: String,
    pub destination: String,
    /// Anonymous volumes (a random 64-hex name) go with `docker rm -v`; named ones never do.
    pub anonymous: bool,
}

/// What the header shows about the engine once connected.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EngineInfo {
    /// The address dockhand connected to (`unix:///var/run/docker.sock`, `tcp://host:2376`).
    pub host: String,
    /// Where that address came from (flag, DOCKER_HOST, context, config, well-known socket).
    pub source: String,
    /// `Docker Engine - Community`, `Podman Engine`, ...
    pub product: String,
    pub version: String,
    pub api_version: String,
    pub os: String,
    pub arch: String,
    /// The engine's data root, used by tests to check they talk to their own engine.
    pub root_dir: Option<String>,
    /// Its place in a swarm when dockhand connected (from `/info`). A swarm initialised, joined
    /// or left later shows at the next reconnect.
    pub swarm: SwarmRole,
    /// Its own security posture when dockhand connected (from `/info` and the transport), for
    /// the security pane's engine findings. Default: nothing known.
    pub security: EngineSecurity,
}

/// An engine's place in a swarm, from `/info`'s `Swarm` (`LocalNodeState`, `ControlAvailable`,
/// `NodeID`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SwarmRole {
    /// In no swarm, or not (yet) active in one: joining (`pending`), `locked`, `error`; podman.
    #[default]
    None,
    /// An active worker: the swarm's lists are a manager's to give.
    Worker { node_id: String },
    /// An active manager: services, tasks and nodes can be listed and changed here.
    Manager { node_id: String },
}

impl SwarmRole {
    pub fn is_manager(&self) -> bool {
        matches!(self, SwarmRole::Manager { .. })
    }

    /// This engine's node id, when it is active in a swarm.
    pub fn node_id(&self) -> Option<&str> {
        match self {
            SwarmRole::None => None,
            SwarmRole::Worker { node_id } | SwarmRole::Manager { node_id } => Some(node_id),
        }
    }
}

/// An event from the engine's event stream that dockhand reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineEvent {
    pub kind: EventKind,
    pub action: EventAction,
    pub id: String,
    /// Event time, unix seconds.
    pub time: i64,
    /// `exitCode` of a `die` event.
    pub exit_code: Option<i64>,
    /// What a container event's attributes say of it, so its row can change on screen before
    /// the row is read again.
    pub actor: EventActor,
}

/// An event's attributes that dockhand shows (a container's labels come as attributes too).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventActor {
    pub name: Option<String>,
    pub image: Option<String>,
    pub compose_project: Option<String>,
    pub compose_service: Option<String>,
    /// A swarm task's container names its service (`com.docker.swarm.service.id`).
    pub swarm_service: Option<String>,
    /// The signal of a `kill` event (`15`, `9`).
    pub signal: Option<String>,
    /// The container a network's `connect` or `disconnect` event is about.
    pub container: Option<String>,
    /// What follows the colon of an action (`healthy` of `health_status: healthy`, the command
    /// of `exec_start: sh -c ...`).
    pub detail: Option<String>,
}

/// What happened to the object of an [`EngineEvent`], read from the engine's action text
/// (`start`, `die`, `health_status: healthy`, ...) when the event arrives.
///
/// Only the container actions dockhand tells apart have a variant of their own; every other
/// action (`exec_start: sh`, `attach`, an image's `pull`, ...) is [`EventAction::Other`] with
/// the engine's text as it came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventAction {
    Create,
    Start,
    Restart,
    Die,
    Stop,
    Kill,
    Pause,
    Unpause,
    Rename,
    Update,
    Destroy,
    /// `health_status: healthy` and friends: the health check's verdict changed.
    HealthStatus,
    Oom,
    /// A container joined or left a network (a network event).
    Connect,
    Disconnect,
    Other(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Container,
    Image,
    Volume,
    Network,
    /// Swarm events (API 1.30+), followed only on a manager.
    Service,
    Node,
    Other,
}

/// Something done to an image, volume or network at the user's request, reported with its
/// outcome in `Report::ObjectDone`; the app words it for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectAction {
    CreateVolume,
    RemoveVolume,
    /// `internal`: the network has no route outside the host.
    CreateNetwork {
        internal: bool,
    },
    RemoveNetwork,
    /// A container joined a network.
    ConnectNetwork,
    /// A container left a network.
    DisconnectNetwork,
    TagImage,
    /// An image or one of its tags removed: `layers_deleted` counts the layers the engine
    /// deleted, none when it only took a tag off (or failed).
    RemoveImage {
        layers_deleted: usize,
    },
}

/// A change to one or more containers that the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerOp {
    Start,
    Stop,
    Restart,
    Pause,
    Unpause,
    Kill,
    Remove,
}

/// Options of a container removal.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RemoveOptions {
    /// Also remove the container's anonymous volumes (`docker rm -v`).
    pub volumes: bool,
    /// Kill a running container first (`docker rm -f`).
    pub force: bool,
    /// Commit the container to this image reference first; nothing is removed if that fails.
    pub commit_as: Option<String>,
}

/// What a container's writable layer holds: what is lost when the container is removed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct WritableLayer {
    /// Bytes in the layer, when the engine computed it.
    pub size: Option<i64>,
    /// A few changed paths, most telling first: (`A` added, `C` changed, `D` deleted, path).
    pub sample: Vec<(char, String)>,
    /// How many paths changed in all.
    pub total: usize,
}

impl WritableLayer {
    /// True when removing the container loses something.
    pub fn has_changes(&self) -> bool {
        self.total > 0 || self.size.is_some_and(|s| s > 0)
    }
}

/// One address that was tried and why it did not answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectAttempt {
    pub uri: String,
    pub source: String,
    pub error: String,
}
