//! dockhand's own types for images, volumes and networks, and the disk-usage figures.
//! Like [`super::model`], nothing here is a bollard type.

/// An image as the images pane shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// `sha256:…`
    pub id: String,
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
        self.tags.is_empty() || self.tags.iter().all(|t| t == "<none>:<none>")
    }

    pub fn short_id(&self) -> &str {
        let id = self.id.strip_prefix("sha256:").unwrap_or(&self.id);
        id.get(..12).unwrap_or(id)
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
    pub id: String,
    pub name: String,
    pub driver: String,
    pub scope: String,
    pub internal: bool,
    pub attachable: bool,
    /// `subnet` / `gateway` pairs of the IPAM config.
    pub subnets: Vec<(String, Option<String>)>,
    /// Connected containers: (container id, container name).
    pub containers: Vec<(String, String)>,
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
