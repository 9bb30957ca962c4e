//! Container calls: list, one row, and the lifecycle operations.

use std::collections::HashMap;

use bollard::models::{
    ChangeType, ContainerConfig, ContainerInspectResponse, ContainerSummary, MountPoint,
};
use bollard::query_parameters::{
    CommitContainerOptions, InspectContainerOptions, KillContainerOptions, ListContainersOptions,
    RemoveContainerOptions, RestartContainerOptions, StartContainerOptions, StopContainerOptions,
};

use super::connect::Engine;
use super::errors::{describe, is_not_found, is_not_modified};
use super::model::{
    Container, ContainerOp, ContainerState, Health, PortMapping, RemoveOptions, VolumeMount,
    WritableLayer,
};
use super::status::parse_status;

pub(super) const COMPOSE_PROJECT: &str = "com.docker.compose.project";
pub(super) const COMPOSE_SERVICE: &str = "com.docker.compose.service";

/// The containers (all, or those `filters` keep) as rows; the handshake's list too, before
/// there is an `Engine`.
pub(super) async fn list_on(
    docker: &bollard::Docker,
    filters: Option<HashMap<String, Vec<String>>>,
    now: i64,
) -> Result<Vec<Container>, String> {
    let opts = ListContainersOptions {
        all: true,
        filters,
        ..Default::default()
    };
    let rows = docker
        .list_containers(Some(opts))
        .await
        .map_err(|e| describe(&e))?;
    Ok(rows.into_iter().map(|r| convert(r, now)).collect())
}

impl Engine {
    /// Every container, running or not. `now` is the local clock, to turn the engine's status
    /// text into a start time.
    pub async fn list_containers(&self, now: i64) -> Result<Vec<Container>, String> {
        self.list_filtered(None, now).await
    }

    /// One container's row, or `None` when it no longer exists.
    ///
    /// Read with inspect, not a filtered list: the list is served from a view the engine
    /// updates after it emits an event, so a list right after `die` can still say "running";
    /// inspect reads the container itself. It also gives exact start and finish times.
    pub async fn container_row(&self, id: &str) -> Result<Option<Container>, String> {
        match self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
        {
            Ok(r) => Ok(Some(convert_inspect(r))),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(describe(&e)),
        }
    }

    async fn list_filtered(
        &self,
        filters: Option<HashMap<String, Vec<String>>>,
        now: i64,
    ) -> Result<Vec<Container>, String> {
        list_on(&self.docker, filters, now).await
    }

    /// Runs one lifecycle operation and waits for the engine to finish it.
    pub async fn container_op(
        &self,
        op: ContainerOp,
        id: &str,
        remove: RemoveOptions,
    ) -> Result<(), String> {
        let d = &self.docker;
        if let (ContainerOp::Remove, Some(reference)) = (op, &remove.commit_as) {
            self.commit(id, reference).await.map_err(|e| {
                format!("could not commit it to {reference}, so nothing was removed: {e}")
            })?;
        }
        let result = match op {
            ContainerOp::Start => d.start_container(id, None::<StartContainerOptions>).await,
            ContainerOp::Stop => d.stop_container(id, None::<StopContainerOptions>).await,
            ContainerOp::Restart => {
                d.restart_container(id, None::<RestartContainerOptions>)
                    .await
            }
            ContainerOp::Pause => d.pause_container(id).await,
            ContainerOp::Unpause => d.unpause_container(id).await,
            ContainerOp::Kill => d.kill_container(id, None::<KillContainerOptions>).await,
            ContainerOp::Remove => {
                let opts = RemoveContainerOptions {
                    v: remove.volumes,
                    force: remove.force,
                    link: false,
                };
                d.remove_container(id, Some(opts)).await
            }
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) if is_not_modified(&e) => Ok(()),
            Err(e) => Err(describe(&e)),
        }
    }
}

/// How many changed paths the remove dialog names.
const CHANGE_SAMPLE: usize = 5;

impl Engine {
    /// The container's writable layer: its size and what changed in it (`docker diff`).
    pub async fn writable_layer(&self, id: &str) -> Result<WritableLayer, String> {
        let inspect = self
            .docker
            .inspect_container(id, Some(InspectContainerOptions { size: true }))
            .await
            .map_err(|e| describe(&e))?;
        let changes = self
            .docker
            .container_changes(id)
            .await
            .map_err(|e| describe(&e))?
            .unwrap_or_default();
        let marked: Vec<(char, String)> = changes
            .into_iter()
            .map(|c| {
                let kind = match c.kind {
                    ChangeType::_1 => 'A',
                    ChangeType::_2 => 'D',
                    ChangeType::_0 => 'C',
                };
                (kind, c.path)
            })
            .collect();
        let mounts: Vec<String> = inspect
            .mounts
            .unwrap_or_default()
            .into_iter()
            .filter_map(|m| m.destination)
            .collect();
        let mut marked = without_mount_points(marked, &mounts);
        let total = marked.len();
        // Added and deleted files say more than the directories above them, which show as
        // changed; among those, the deepest paths first.
        marked.sort_by(|a, b| {
            (a.0 == 'C')
                .cmp(&(b.0 == 'C'))
                .then_with(|| b.1.matches('/').count().cmp(&a.1.matches('/').count()))
                .then_with(|| a.1.cmp(&b.1))
        });
        marked.truncate(CHANGE_SAMPLE);
        Ok(WritableLayer {
            size: inspect.size_rw,
            sample: marked,
            total,
        })
    }

    /// Commits the container to an image (`docker commit`); returns the new image's id.
    pub async fn commit(&self, id: &str, reference: &str) -> Result<String, String> {
        let (repo, tag) = split_reference(reference);
        let opts = CommitContainerOptions {
            container: Some(id.to_string()),
            repo: Some(repo.to_string()),
            tag: tag.map(str::to_string),
            comment: Some("committed by dockhand before removing the container".to_string()),
            pause: true,
            ..Default::default()
        };
        self.docker
            .commit_container(opts, ContainerConfig::default())
            .await
            .map(|r| r.id)
            .map_err(|e| describe(&e))
    }
}

/// The changes of a writable layer less those the engine made for the container's mounts:
/// each mount's destination and the directories it created above it (`A /var`, `A /var/lib`
/// for a volume at `/var/lib/data`) show as changes, yet nothing in them is lost on removal
/// (the data is in the volume). A directory above a mount stays when something the user
/// changed lies under it too.
pub fn without_mount_points(
    changes: Vec<(char, String)>,
    mounts: &[String],
) -> Vec<(char, String)> {
    let mounts: Vec<&str> = mounts
        .iter()
        .map(|m| m.trim_end_matches('/'))
        .filter(|m| !m.is_empty())
        .collect();
    let under = |path: &str, dir: &str| {
        path.strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
    };
    // The mount point itself, or a directory above one.
    let for_mount = |path: &str| {
        let path = path.trim_end_matches('/');
        mounts.iter().any(|m| *m == path || under(m, path))
    };
    let real: Vec<&str> = changes
        .iter()
        .filter(|(_, p)| !for_mount(p))
        .map(|(_, p)| p.as_str())
        .collect();
    let keep: Vec<bool> = changes
        .iter()
        .map(|(_, p)| !for_mount(p) || real.iter().any(|r| under(r, p.trim_end_matches('/'))))
        .collect();
    changes
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// `repo:tag` into its parts; a colon inside a registry's `host:port` is not a tag.
pub use super::reference::split_tag as split_reference;

/// bollard's summary to our row. Missing fields become empty, never a failure.
pub fn convert(s: ContainerSummary, now: i64) -> Container {
    let status = s.status.unwrap_or_default();
    let facts = parse_status(&status);
    let state = s
        .state
        .map(|st| ContainerState::parse(st.as_ref()))
        .unwrap_or_else(|| ContainerState::Other(String::new()));
    let name = s
        .names
        .unwrap_or_default()
        .into_iter()
        .next()
        .map(|n| n.trim_start_matches('/').to_string())
        .unwrap_or_default();
    let labels = s.labels.unwrap_or_default();
    let mut ports: Vec<PortMapping> = s
        .ports
        .unwrap_or_default()
        .into_iter()
        .map(|p| PortMapping {
            ip: p.ip.filter(|ip| !ip.is_empty()),
            public: p.public_port.filter(|p| *p != 0),
            private: p.private_port,
            protocol: p
                .typ
                .map(|t| t.to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "tcp".into()),
        })
        .collect();
    sort_ports(&mut ports);
    let health = facts.health.or_else(|| {
        s.health
            .and_then(|h| h.status)
            .and_then(|st| health_of(st.as_ref()))
    });
    let volumes = volumes_of(s.mounts.unwrap_or_default());
    Container {
        id: s.id.unwrap_or_default().into(),
        name,
        image: s.image.unwrap_or_default(),
        image_id: s.image_id.unwrap_or_default().into(),
        state_since: facts.age_secs.map(|age| now - age),
        exit_code: facts.exit_code,
        health,
        state,
        created: s.created.unwrap_or_default(),
        ports,
        compose_project: labels.get(COMPOSE_PROJECT).cloned(),
        compose_service: labels.get(COMPOSE_SERVICE).cloned(),
        compose_files: super::model::ComposeFiles::from_labels(&labels),
        volumes,
        status,
    }
}

/// An inspect document to our row.
pub fn convert_inspect(r: ContainerInspectResponse) -> Container {
    let st = r.state.unwrap_or_default();
    let state = st
        .status
        .map(|s| ContainerState::parse(s.as_ref()))
        .unwrap_or_else(|| ContainerState::Other(String::new()));
    let config = r.config.unwrap_or_default();
    let labels = config.labels.unwrap_or_default();
    let since = match state {
        ContainerState::Running | ContainerState::Paused | ContainerState::Restarting => {
            st.started_at.as_deref().and_then(parse_time)
        }
        ContainerState::Exited | ContainerState::Dead => {
            st.finished_at.as_deref().and_then(parse_time)
        }
        _ => None,
    };
    let health = st
        .health
        .and_then(|h| h.status)
        .and_then(|s| health_of(s.as_ref()));
    let mut ports = Vec::new();
    for (key, bindings) in r.network_settings.and_then(|n| n.ports).unwrap_or_default() {
        let (port, proto) = key.split_once('/').unwrap_or((key.as_str(), "tcp"));
        let Ok(private) = port.parse::<u16>() else {
            continue;
        };
        match bindings.filter(|b| !b.is_empty()) {
            None => ports.push(PortMapping {
                ip: None,
                public: None,
                private,
                protocol: proto.to_string(),
            }),
            Some(bs) => ports.extend(bs.into_iter().map(|b| PortMapping {
                ip: b.host_ip.filter(|ip| !ip.is_empty()),
                public: b.host_port.and_then(|p| p.parse().ok()).filter(|p| *p != 0),
                private,
                protocol: proto.to_string(),
            })),
        }
    }
    sort_ports(&mut ports);
    let exited = matches!(
        state,
        ContainerState::Exited | ContainerState::Dead | ContainerState::Restarting
    );
    Container {
        id: r.id.unwrap_or_default().into(),
        name: r
            .name
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_string(),
        image: config.image.unwrap_or_default(),
        image_id: r.image.unwrap_or_default().into(),
        exit_code: if exited { st.exit_code } else { None },
        health,
        state_since: since,
        state,
        created: r
            .created
            .as_deref()
            .and_then(parse_time)
            .unwrap_or_default(),
        ports,
        compose_project: labels.get(COMPOSE_PROJECT).cloned(),
        compose_service: labels.get(COMPOSE_SERVICE).cloned(),
        compose_files: super::model::ComposeFiles::from_labels(&labels),
        volumes: volumes_of(r.mounts.unwrap_or_default()),
        status: String::new(),
    }
}

/// An RFC 3339 engine time to unix seconds; the zero time (`0001-01-01...`) is `None`.
fn parse_time(s: &str) -> Option<i64> {
    let t = humantime::parse_rfc3339_weak(s).ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    (secs > 0).then_some(secs)
}

fn health_of(s: &str) -> Option<Health> {
    match s {
        "healthy" => Some(Health::Healthy),
        "unhealthy" => Some(Health::Unhealthy),
        "starting" => Some(Health::Starting),
        _ => None,
    }
}

fn volumes_of(mounts: Vec<MountPoint>) -> Vec<VolumeMount> {
    mounts
        .into_iter()
        .filter(|m| m.typ.as_deref() == Some("volume"))
        .map(|m| {
            let name = m.name.unwrap_or_default();
            VolumeMount {
                anonymous: is_anonymous_volume_name(&name),
                name,
                destination: m.destination.unwrap_or_default(),
            }
        })
        .collect()
}

/// As `docker ps` lists them: by container port, IPv4 before IPv6, exposed-only last.
fn sort_ports(ports: &mut Vec<PortMapping>) {
    ports.sort_by(|a, b| {
        let key = |p: &PortMapping| {
            (
                p.private,
                p.protocol.clone(),
                p.public.is_none(),
                p.ip.as_deref().is_some_and(|ip| ip.contains(':')),
                p.public,
            )
        };
        key(a).cmp(&key(b))
    });
    ports.dedup();
}

/// Docker names anonymous volumes with 64 random hex digits; a user-chosen name of that shape
/// is practically unheard of.
pub fn is_anonymous_volume_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list entry as engine A (Docker 20.10, API 1.41) sends it.
    const ENGINE_A_ROW: &str = r#"{"Id":"4f1e0cbb5b6a2a8a1a0e5c1ed3c0d8a4c8e1a7a0b0c0d0e0f000102030405060","Names":["/shop-db-1"],"Image":"local/busybox:test","ImageID":"sha256:abc","Command":"sleep 86400","Created":1764400000,"Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":443,"Type":"tcp"}],"Labels":{"com.docker.compose.project":"shop","com.docker.compose.service":"db"},"State":"running","Status":"Up 2 hours (healthy)","HostConfig":{"NetworkMode":"none"},"NetworkSettings":{"Networks":{}},"Mounts":[{"Type":"volume","Name":"dh-data","Source":"/var/lib/docker/volumes/dh-data/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""},{"Type":"volume","Name":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","Destination":"/cache","Driver":"local","RW":true},{"Type":"bind","Source":"/etc","Destination":"/host-etc","RW":false}]}"#;

    #[test]
    fn converts_an_engine_a_row() {
        let s: ContainerSummary = serde_json::from_str(ENGINE_A_ROW).expect("fixture parses");
        let c = convert(s, 1_764_500_000);
        assert_eq!(c.name, "shop-db-1");
        assert_eq!(c.short_id(), "4f1e0cbb5b6a");
        assert_eq!(c.state, ContainerState::Running);
        assert_eq!(c.health, Some(crate::engine::model::Health::Healthy));
        assert_eq!(c.state_since, Some(1_764_500_000 - 7200));
        assert_eq!(c.compose_project.as_deref(), Some("shop"));
        assert_eq!(c.compose_service.as_deref(), Some("db"));
        let ports: Vec<String> = c.ports.iter().map(ToString::to_string).collect();
        assert_eq!(
            ports,
            ["0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp", "443/tcp"]
        );
        let vols: Vec<(&str, bool)> = c
            .volumes
            .iter()
            .map(|v| (v.destination.as_str(), v.anonymous))
            .collect();
        assert_eq!(vols, [("/data", false), ("/cache", true)]);
    }

    #[test]
    fn a_sparse_row_does_not_fail() {
        let s: ContainerSummary = serde_json::from_str(r#"{"Id":"abc"}"#).expect("parses");
        let c = convert(s, 0);
        assert_eq!(c.id.as_str(), "abc");
        assert_eq!(c.name, "");
        assert!(c.ports.is_empty());
    }

    fn changes(list: &[(char, &str)]) -> Vec<(char, String)> {
        list.iter().map(|(k, p)| (*k, p.to_string())).collect()
    }

    #[test]
    fn mount_points_and_the_directories_made_for_them_are_not_changes() {
        // What Docker 20.10 reports for `-v dvol:/var/lib/data -v /data2` on busybox.
        let engine = changes(&[
            ('A', "/data2"),
            ('A', "/var"),
            ('A', "/var/lib"),
            ('A', "/var/lib/data"),
        ]);
        let mounts = ["/var/lib/data".to_string(), "/data2/".to_string()];
        assert!(without_mount_points(engine, &mounts).is_empty());
    }

    #[test]
    fn real_changes_stay_with_the_directories_above_them() {
        let engine = changes(&[
            ('A', "/var"),
            ('A', "/var/lib"),
            ('A', "/var/lib/data"),
            ('A', "/var/log"),
            ('A', "/var/log/app.log"),
            ('C', "/etc"),
            ('A', "/etc/app.conf"),
            ('A', "/variable"),
        ]);
        let kept = without_mount_points(engine, &["/var/lib/data".to_string()]);
        assert_eq!(
            kept,
            changes(&[
                ('A', "/var"),
                ('A', "/var/log"),
                ('A', "/var/log/app.log"),
                ('C', "/etc"),
                ('A', "/etc/app.conf"),
                ('A', "/variable"),
            ]),
            "/var holds a real change (its log); /var/lib only the mount; /variable is no parent"
        );
    }
}
