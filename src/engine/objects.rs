//! dockhand's own types for images, volumes and networks, and the disk-usage figures.
//! Like [`super::model`], nothing here is a bollard type.

use crate::engine::model::ContainerState;
use crate::ids::{ContainerId, ImageId, NetworkId};

/// An image as the images pane shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// `sha256:…`
    pub id: ImageId,
    /// `repo:tag` references; empty for a dangling image (shown as `<none>`).
    pub tags: Vec<String>,
    /// `repo@sha256:…` digests, when pulled from or pushed to a registry.
    pub digests: Vec<String>,
    /// Total size of the image's layers, bytes.
    pub size: i64,
    /// Bytes shared with other images, when the engine reported it.
    pub shared_size: Option<i64>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// The parent image id (only set for locally built images).
    pub parent: Option<String>,
}

impl Image {
    /// Untagged images are "dangling": nothing names them any more.
    pub fn dangling(&self) -> bool {
        self.tags.is_empty() || self.tags.iter().all(|t| t == super::reference::NO_TAG)
    }

    pub fn short_id(&self) -> &str {
        let id = self.id.as_str();
        let id = id.strip_prefix("sha256:").unwrap_or(id);
        id.get(..12).unwrap_or(id)
    }

    /// How a user knows it: its first tag, or `<none> (short id)` when dangling.
    pub fn label(&self) -> String {
        self.tags
            .first()
            .cloned()
            .unwrap_or_else(|| format!("<none> ({})", self.short_id()))
    }
}

/// A volume as the volumes pane shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub name: String,
    pub driver: String,
    pub mountpoint: String,
    /// Creation time, unix seconds, when the engine reported it.
    pub created: Option<i64>,
    /// Size in bytes, from the engine's disk usage (costly: fetched on demand).
    pub size: Option<i64>,
    /// An anonymous volume (a random 64-hex name, or the engine's anonymous label).
    pub anonymous: bool,
    pub labels: Vec<(String, String)>,
}

/// A network as the networks pane shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub id: NetworkId,
    pub name: String,
    pub driver: String,
    pub scope: String,
    pub internal: bool,
    pub attachable: bool,
    /// `subnet` / `gateway` pairs of the IPAM config.
    pub subnets: Vec<(String, Option<String>)>,
    /// Connected containers, running or not.
    pub containers: Vec<UsedBy>,
    pub created: Option<i64>,
}

impl Network {
    /// The engine's own networks, which cannot be removed.
    pub fn builtin(&self) -> bool {
        matches!(self.name.as_str(), "bridge" | "host" | "none" | "podman")
            || (self.driver == "overlay" && self.name == "ingress")
    }
}

/// One line of the disk-usage view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsageLine {
    pub count: usize,
    /// Objects in use (by a container, or for build cache: in use by a build).
    pub active: usize,
    pub size: i64,
    pub reclaimable: i64,
}

/// What `docker system df` reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiskUsage {
    pub images: UsageLine,
    /// Writable layers of containers.
    pub containers: UsageLine,
    pub volumes: UsageLine,
    pub build_cache: UsageLine,
    /// Per-volume sizes, by name.
    pub volume_sizes: Vec<(String, i64)>,
    /// Per-container writable layer sizes, by id.
    pub container_sizes: Vec<(String, i64)>,
}

/// A container that uses an image, a volume or a network: named in refusals and in the panes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsedBy {
    pub id: ContainerId,
    pub name: String,
    /// Whether its processes exist (running, paused or restarting).
    pub running: bool,
}

impl UsedBy {
    /// `name (running)` / `name (stopped)`, as refusals list them.
    pub fn describe(&self) -> String {
        let state = if self.running { "running" } else { "stopped" };
        format!("{} ({state})", self.name)
    }
}

/// Why an item of a confirmed prune was left alone (worded for people in the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Removed by someone else since the preview.
    Gone,
    /// A container that is no longer stopped: its state now.
    NotStopped { state: ContainerState },
    /// Containers that use it now.
    NowUsedBy(Vec<UsedBy>),
    /// A dangling image that got these tags since the preview.
    TaggedSince(Vec<String>),
    /// The engine's API is too old to remove one build cache record (its version).
    EngineTooOld { api: String },
    /// The engine kept a build cache record: in use, shared or already gone.
    KeptByEngine,
}

/// Why an item of a confirmed prune could not be removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PruneFailure {
    /// The engine's own message.
    Engine(String),
    /// An image lost its tags but stayed: another image is built on it, or the engine
    /// said why not (its message).
    OnlyUntagged(Option<String>),
}

/// What the engine reports after an image removal, in its order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageRemoval {
    /// References that were removed (`repo:tag`, `repo@sha256:…`).
    pub untagged: Vec<String>,
    /// What was deleted: the image's id first, untagged parents that went with it, and the
    /// ids of the layers that were freed.
    pub deleted: Vec<String>,
}

/// One layer of an image's history, newest first as the engine lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    /// The image id of this step, or `<missing>` for layers built elsewhere.
    pub id: String,
    /// Creation time, unix seconds.
    pub created: i64,
    /// The command that made the layer (`/bin/sh -c #(nop) CMD ["sh"]`).
    pub created_by: String,
    /// Bytes this layer adds.
    pub size: i64,
    pub comment: String,
}

/// What to prune. Each kind previews exactly what the matching docker prune would remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PruneKind {
    /// Containers that are exited, created or dead (`docker container prune`).
    StoppedContainers,
    /// Untagged images that no container uses and no image builds on (`docker image prune`).
    DanglingImages,
    /// Every image no container uses (`docker image prune -a`).
    UnusedImages,
    /// Custom networks with no running container (`docker network prune`).
    UnusedNetworks,
    /// Anonymous volumes no container uses (`docker volume prune`, API 1.42 and newer).
    AnonymousVolumes,
    /// Every volume no container uses, named ones included (`docker volume prune -a`).
    AllUnusedVolumes,
    /// Build cache records no build uses and no image shares (`docker builder prune`).
    BuildCache,
    /// All of the above, as if the stopped containers were already gone (they are removed
    /// first), so images and volumes only they used are included.
    All,
}

impl PruneKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::StoppedContainers => "stopped containers",
            Self::DanglingImages => "dangling images",
            Self::UnusedImages => "unused images",
            Self::UnusedNetworks => "unused networks",
            Self::AnonymousVolumes => "unused anonymous volumes",
            Self::AllUnusedVolumes => "all unused volumes",
            Self::BuildCache => "build cache",
            Self::All => "everything unused",
        }
    }
}

/// The kind of object a prune item is, which is also the order they are removed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PruneObject {
    Container,
    Network,
    Image,
    Volume,
    BuildCache,
}

impl PruneObject {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Container => "container",
            Self::Network => "network",
            Self::Image => "image",
            Self::Volume => "volume",
            Self::BuildCache => "build cache",
        }
    }
}

/// One object a prune would remove.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PruneItem {
    pub object: PruneObject,
    /// The rule that selected it (never [`PruneKind::All`]): the apply re-checks that rule.
    pub rule: PruneKind,
    /// What it is removed by: container id, image id, network id, volume name, cache id.
    pub id: String,
    /// What the user knows it by: container name, `repo:tag`s or `<none>`, network or volume
    /// name, the cache record's description.
    pub name: String,
    /// Bytes it frees, when known: a container's writable layer, an image's bytes not shared
    /// with other images, a volume's size, a cache record's size.
    pub size: Option<i64>,
    /// More about it (`named volume`, `exited`, a warning).
    pub detail: String,
    /// A named volume: user data, which the UI confirms by a typed word.
    pub named_volume: bool,
}

/// What a prune did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PruneOutcome {
    pub removed: Vec<PruneItem>,
    /// Items left alone because they changed since the preview, with the reason.
    pub skipped: Vec<(PruneItem, SkipReason)>,
    /// Items the engine refused or failed to remove, with why.
    pub failed: Vec<(PruneItem, PruneFailure)>,
    /// Bytes freed: the sizes of the removed items, or the engine's own figure where it
    /// reports one (build cache).
    pub reclaimed: i64,
}
