//! Disk usage (`docker system df`) read from the engine's raw `/system/df`, decoded with
//! dockhand's own structs, and the figures computed the way the docker CLI computes them.
//!
//! bollard 0.21's `df()` decodes only the API 1.52 shape and returns all `None` from older
//! engines (both test engines: API 1.41 and 1.45), hence the raw read ([`Engine::get_raw`]).
//! The same snapshot also feeds the prune preview ([`super::prune`]): one request gives
//! containers with their writable-layer sizes and mounts, images with shared sizes, volumes
//! with sizes and reference counts, and the build cache.

use std::collections::HashMap;
use std::time::Duration;

use serde::Deserialize;

use super::connect::Engine;
use super::model::ContainerState;
use super::objects::{DiskUsage, UsageLine};

impl Engine {
    /// What `docker system df` reports: count, in use, size and reclaimable bytes for images,
    /// containers' writable layers, volumes and build cache, plus per-volume and per-container
    /// sizes. Costly for the engine (it measures every volume and writable layer): on demand.
    pub async fn disk_usage(&self) -> Result<DiskUsage, String> {
        Ok(self.raw_df().await?.usage())
    }

    /// The engine's `/system/df` answer, decoded.
    ///
    /// Docker 20.10 computes one disk usage at a time and refuses a second request meanwhile
    /// ("a disk usage operation is already running"; Docker 26 shares the running one
    /// instead): wait for the other one to finish, within bounds.
    pub(crate) async fn raw_df(&self) -> Result<Df, String> {
        let deadline = tokio::time::Instant::now() + DF_BUSY_WAIT;
        loop {
            match self.get_raw("/system/df").await {
                Ok(body) => return Df::parse(&body),
                Err(e) if is_busy(&e) && tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(BUSY_RETRY).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// How long to wait for another disk usage or prune of the engine to finish.
const DF_BUSY_WAIT: Duration = Duration::from_secs(60);
/// Poll interval while waiting.
pub(crate) const BUSY_RETRY: Duration = Duration::from_millis(250);

/// The engine refused because the same kind of operation is running (disk usage, prune).
pub(crate) fn is_busy(message: &str) -> bool {
    message.contains("operation is already running")
}

/// `/system/df` as every engine since API 1.25 sends it. Every field is optional and unknown
/// fields are ignored, so older and newer shapes both decode.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Df {
    #[serde(rename = "LayersSize", default)]
    pub layers_size: Option<i64>,
    #[serde(rename = "Images", default)]
    pub images: Option<Vec<DfImage>>,
    #[serde(rename = "Containers", default)]
    pub containers: Option<Vec<DfContainer>>,
    #[serde(rename = "Volumes", default)]
    pub volumes: Option<Vec<DfVolume>>,
    #[serde(rename = "BuildCache", default)]
    pub build_cache: Option<Vec<DfBuildCache>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfImage {
    #[serde(rename = "Id", default)]
    pub id: String,
    #[serde(rename = "Size", default)]
    pub size: i64,
    /// -1 when the engine did not compute it.
    #[serde(rename = "SharedSize", default = "minus_one")]
    pub shared_size: i64,
    /// How many containers use the image; -1 when not computed.
    #[serde(rename = "Containers", default = "minus_one")]
    pub containers: i64,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfContainer {
    #[serde(rename = "Id", default)]
    pub id: String,
    #[serde(rename = "Names", default)]
    pub names: Option<Vec<String>>,
    #[serde(rename = "ImageID", default)]
    pub image_id: Option<String>,
    #[serde(rename = "State", default)]
    pub state: Option<String>,
    #[serde(rename = "SizeRw", default)]
    pub size_rw: Option<i64>,
    #[serde(rename = "SizeRootFs", default)]
    pub size_root_fs: Option<i64>,
    #[serde(rename = "Mounts", default)]
    pub mounts: Option<Vec<DfMount>>,
    #[serde(rename = "NetworkSettings", default)]
    pub network_settings: Option<DfNetworkSettings>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfMount {
    #[serde(rename = "Type", default)]
    pub typ: Option<String>,
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfNetworkSettings {
    #[serde(rename = "Networks", default)]
    pub networks: Option<HashMap<String, DfEndpoint>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfEndpoint {
    /// Empty for a container that never started: match those by network name.
    #[serde(rename = "NetworkID", default)]
    pub network_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfVolume {
    #[serde(rename = "Name", default)]
    pub name: String,
    #[serde(rename = "Labels", default)]
    pub labels: Option<HashMap<String, String>>,
    #[serde(rename = "UsageData", default)]
    pub usage: Option<DfVolumeUsage>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfVolumeUsage {
    /// -1 when the driver cannot tell.
    #[serde(rename = "Size", default = "minus_one")]
    pub size: i64,
    #[serde(rename = "RefCount", default = "minus_one")]
    pub ref_count: i64,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct DfBuildCache {
    #[serde(rename = "ID", default)]
    pub id: String,
    #[serde(rename = "Type", default)]
    pub typ: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "InUse", default)]
    pub in_use: bool,
    #[serde(rename = "Shared", default)]
    pub shared: bool,
    #[serde(rename = "Size", default)]
    pub size: i64,
}

fn minus_one() -> i64 {
    -1
}

impl DfContainer {
    pub fn name(&self) -> String {
        self.names
            .as_ref()
            .and_then(|n| n.first())
            .map(|n| n.trim_start_matches('/').to_string())
            .unwrap_or_default()
    }

    pub fn container_state(&self) -> ContainerState {
        ContainerState::parse(self.state.as_deref().unwrap_or(""))
    }

    /// Bytes in the writable layer. The engine leaves `SizeRw` out when it is 0 (Docker
    /// 20.10 `omitempty`); `SizeRootFs` beside it says the sizes were counted.
    pub fn writable_size(&self) -> Option<i64> {
        self.size_rw
            .or_else(|| self.size_root_fs.is_some().then_some(0))
    }

    /// As the docker CLI counts "active": its processes exist.
    pub fn active(&self) -> bool {
        self.container_state().is_up()
    }

    /// Names of the volumes it mounts (binds and tmpfs are not volumes).
    pub fn volume_names(&self) -> impl Iterator<Item = &str> {
        self.mounts
            .iter()
            .flatten()
            .filter(|m| m.typ.as_deref() == Some("volume"))
            .filter_map(|m| m.name.as_deref())
    }

    /// (network name, network id if the engine filled it) of each network it is attached to.
    pub fn networks(&self) -> Vec<(&str, Option<&str>)> {
        self.network_settings
            .as_ref()
            .and_then(|s| s.networks.as_ref())
            .map(|n| {
                n.iter()
                    .map(|(name, ep)| {
                        (
                            name.as_str(),
                            ep.network_id.as_deref().filter(|id| !id.is_empty()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl DfImage {
    /// Bytes only this image holds (not shared with another image), as `docker system df -v`
    /// shows them as "unique size".
    pub fn unique_size(&self) -> i64 {
        if self.shared_size >= 0 {
            (self.size - self.shared_size).max(0)
        } else {
            self.size
        }
    }
}

impl Df {
    pub fn parse(body: &str) -> Result<Df, String> {
        serde_json::from_str(body)
            .map_err(|e| format!("the engine's disk usage could not be read: {e}"))
    }

    pub fn images(&self) -> &[DfImage] {
        self.images.as_deref().unwrap_or_default()
    }

    pub fn containers(&self) -> &[DfContainer] {
        self.containers.as_deref().unwrap_or_default()
    }

    pub fn volumes(&self) -> &[DfVolume] {
        self.volumes.as_deref().unwrap_or_default()
    }

    pub fn build_cache(&self) -> &[DfBuildCache] {
        self.build_cache.as_deref().unwrap_or_default()
    }

    /// The figures as the docker CLI computes them (cli/command/formatter/disk_usage.go).
    pub fn usage(&self) -> DiskUsage {
        DiskUsage {
            images: self.image_line(),
            containers: self.container_line(),
            volumes: self.volume_line(),
            build_cache: self.build_cache_line(),
            volume_sizes: self
                .volumes()
                .iter()
                .filter_map(|v| {
                    let size = v.usage.as_ref()?.size;
                    (size >= 0).then(|| (v.name.clone(), size))
                })
                .collect(),
            container_sizes: self
                .containers()
                .iter()
                .filter_map(|c| Some((c.id.clone(), c.size_rw?)))
                .collect(),
        }
    }

    /// Images: the size is all layers' size (shared layers once); what is used is each used
    /// image's bytes not shared with others; the rest is reclaimable.
    fn image_line(&self) -> UsageLine {
        let images = self.images();
        let users = self.image_users();
        let used = |i: &DfImage| {
            if i.containers >= 0 {
                i.containers > 0
            } else {
                users.get(i.id.as_str()).copied().unwrap_or(0) > 0
            }
        };
        let size = self
            .layers_size
            .unwrap_or_else(|| images.iter().map(|i| i.size).sum());
        let in_use: i64 = images
            .iter()
            .filter(|i| used(i) && i.size >= 0 && i.shared_size >= 0)
            .map(|i| i.size - i.shared_size)
            .sum();
        UsageLine {
            count: images.len(),
            active: images.iter().filter(|i| used(i)).count(),
            size,
            reclaimable: (size - in_use).max(0),
        }
    }

    /// Containers using each image id, for engines that leave the count out.
    fn image_users(&self) -> HashMap<&str, usize> {
        let mut users = HashMap::new();
        for c in self.containers() {
            if let Some(id) = c.image_id.as_deref() {
                *users.entry(id).or_insert(0) += 1;
            }
        }
        users
    }

    /// Containers: writable layers; those of containers that are not up are reclaimable.
    fn container_line(&self) -> UsageLine {
        let cs = self.containers();
        let size_of = |c: &DfContainer| c.size_rw.unwrap_or(0);
        UsageLine {
            count: cs.len(),
            active: cs.iter().filter(|c| c.active()).count(),
            size: cs.iter().map(size_of).sum(),
            reclaimable: cs.iter().filter(|c| !c.active()).map(size_of).sum(),
        }
    }

    /// Volumes: those no container references are reclaimable; unknown sizes (-1) count as
    /// nothing, like the CLI.
    fn volume_line(&self) -> UsageLine {
        let vs = self.volumes();
        let known = |v: &DfVolume| v.usage.as_ref().map(|u| u.size).filter(|s| *s >= 0);
        let unused = |v: &DfVolume| v.usage.as_ref().is_some_and(|u| u.ref_count == 0);
        UsageLine {
            count: vs.len(),
            active: vs
                .iter()
                .filter(|v| v.usage.as_ref().is_some_and(|u| u.ref_count > 0))
                .count(),
            size: vs.iter().filter_map(known).sum(),
            reclaimable: vs.iter().filter(|v| unused(v)).filter_map(known).sum(),
        }
    }

    /// Build cache: records shared with images are not counted (their bytes are the images');
    /// of the rest, those no build uses are reclaimable.
    fn build_cache_line(&self) -> UsageLine {
        let bc = self.build_cache();
        let own = || bc.iter().filter(|b| !b.shared);
        UsageLine {
            count: bc.len(),
            active: bc.iter().filter(|b| b.in_use).count(),
            size: own().map(|b| b.size).sum(),
            reclaimable: own().filter(|b| !b.in_use).map(|b| b.size).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Engine A (Docker 20.10, API 1.41): `BuildCache` null, `VirtualSize` present.
    const ENGINE_A: &str = r#"{"LayersSize":2289571,"Images":[{"Containers":1,"Created":1795978330,"Id":"sha256:aaa","Labels":null,"ParentId":"","RepoDigests":null,"RepoTags":["local/busybox:test"],"SharedSize":0,"Size":1982365,"VirtualSize":1982365},{"Containers":0,"Created":1795978331,"Id":"sha256:bbb","Labels":null,"ParentId":"sha256:aaa","RepoDigests":null,"RepoTags":["<none>:<none>"],"SharedSize":1982365,"Size":2289571,"VirtualSize":2289571}],"Containers":[{"Id":"c1","Names":["/web"],"ImageID":"sha256:aaa","SizeRw":2,"State":"exited","Mounts":[{"Type":"volume","Name":"dfv","Destination":"/d"},{"Type":"bind","Source":"/etc","Destination":"/e"}],"NetworkSettings":{"Networks":{"none":{"NetworkID":"92ff"}}}},{"Id":"c2","Names":["/db"],"ImageID":"sha256:aaa","SizeRw":10,"State":"running"}],"Volumes":[{"CreatedAt":"2026-11-29T18:52:15Z","Driver":"local","Labels":null,"Mountpoint":"/x","Name":"dfv","Options":null,"Scope":"local","UsageData":{"RefCount":1,"Size":3}},{"Name":"idle","UsageData":{"RefCount":0,"Size":4096}},{"Name":"remote","UsageData":{"RefCount":0,"Size":-1}}],"BuildCache":null,"BuilderSize":0}"#;

    /// Engine B (Docker 26.1, API 1.45): no `VirtualSize`, `BuildCache` a list, the odd
    /// `" Parents"` key of that version.
    const ENGINE_B_CACHE: &str = r#"{"LayersSize":0,"Images":[],"Containers":[],"Volumes":[],"BuildCache":[{"ID":"l4ht","Type":"source.local","Description":"local source for context","InUse":false,"Shared":false,"Size":91},{"ID":"x5ky"," Parents":["jj3v"],"Type":"regular","Description":"mount / from exec","InUse":false,"Shared":true,"Size":307206},{"ID":"busy","Type":"regular","InUse":true,"Shared":false,"Size":1000}]}"#;

    #[test]
    fn engine_a_figures_match_the_cli_rules() {
        let df = Df::parse(ENGINE_A).expect("parses");
        let u = df.usage();
        assert_eq!(
            u.images,
            UsageLine {
                count: 2,
                active: 1,
                size: 2_289_571,
                // The used image's unshared bytes stay; the rest can go.
                reclaimable: 2_289_571 - 1_982_365,
            }
        );
        assert_eq!(
            u.containers,
            UsageLine {
                count: 2,
                active: 1,
                size: 12,
                reclaimable: 2,
            }
        );
        assert_eq!(
            u.volumes,
            UsageLine {
                count: 3,
                active: 1,
                size: 4099,
                reclaimable: 4096,
            }
        );
        assert_eq!(u.build_cache, UsageLine::default());
        assert_eq!(
            u.volume_sizes,
            [("dfv".to_string(), 3), ("idle".to_string(), 4096)]
        );
        assert_eq!(
            u.container_sizes,
            [("c1".to_string(), 2), ("c2".to_string(), 10)]
        );
        let c = &df.containers()[0];
        assert_eq!(c.name(), "web");
        assert_eq!(c.volume_names().collect::<Vec<_>>(), ["dfv"]);
        assert_eq!(c.networks(), [("none", Some("92ff"))]);
        assert!(!c.active());
        assert_eq!(df.images()[1].unique_size(), 2_289_571 - 1_982_365);
    }

    #[test]
    fn engine_b_build_cache_counts_only_unshared_bytes() {
        let u = Df::parse(ENGINE_B_CACHE).expect("parses").usage();
        assert_eq!(
            u.build_cache,
            UsageLine {
                count: 3,
                active: 1,
                size: 1091,
                reclaimable: 91,
            }
        );
    }

    #[test]
    fn missing_counts_are_computed_from_containers() {
        let body = r#"{"Images":[{"Id":"i1","Size":5},{"Id":"i2","Size":7}],"Containers":[{"Id":"c","ImageID":"i1","State":"created"}]}"#;
        let u = Df::parse(body).expect("parses").usage();
        assert_eq!(u.images.count, 2);
        assert_eq!(u.images.active, 1);
        assert_eq!(u.images.size, 12, "without LayersSize: the sum of sizes");
        // The used image's SharedSize is unknown (-1): like the CLI, it is not counted as used.
        assert_eq!(u.images.reclaimable, 12);
        assert_eq!(u.containers.size, 0);
    }

    #[test]
    fn an_empty_or_bad_answer() {
        assert_eq!(
            Df::parse("{}").expect("empty parses").usage(),
            DiskUsage::default()
        );
        assert!(Df::parse("OK").is_err());
    }
}
