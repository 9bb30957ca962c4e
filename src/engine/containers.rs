//! Container calls: list, one row, and the lifecycle operations.

use std::collections::HashMap;

use bollard::models::ContainerSummary;
use bollard::query_parameters::{
    KillContainerOptions, ListContainersOptions, RemoveContainerOptions, RestartContainerOptions,
    StartContainerOptions, StopContainerOptions,
};

use super::connect::Engine;
use super::errors::{describe, is_not_modified};
use super::model::{
    Container, ContainerOp, ContainerState, PortMapping, RemoveOptions, VolumeMount,
};
use super::status::parse_status;

const COMPOSE_PROJECT: &str = "com.docker.compose.project";
const COMPOSE_SERVICE: &str = "com.docker.compose.service";

impl Engine {
    /// Every container, running or not. `now` is the local clock, to turn the engine's status
    /// text into a start time.
    pub async fn list_containers(&self, now: i64) -> Result<Vec<Container>, String> {
        self.list_filtered(None, now).await
    }

    /// One container's row, or `None` when it no longer exists.
    pub async fn container_row(&self, id: &str, now: i64) -> Result<Option<Container>, String> {
        let filters = HashMap::from([("id".to_string(), vec![id.to_string()])]);
        let rows = self.list_filtered(Some(filters), now).await?;
        // The id filter matches prefixes; keep the exact one.
        Ok(rows
            .into_iter()
            .find(|c| c.id == id || c.id.starts_with(id)))
    }

    async fn list_filtered(
        &self,
        filters: Option<HashMap<String, Vec<String>>>,
        now: i64,
    ) -> Result<Vec<Container>, String> {
        let opts = ListContainersOptions {
            all: true,
            filters,
            ..Default::default()
        };
        let rows = self
            .docker
            .list_containers(Some(opts))
            .await
            .map_err(|e| describe(&e))?;
        Ok(rows.into_iter().map(|r| convert(r, now)).collect())
    }

    /// Runs one lifecycle operation and waits for the engine to finish it.
    pub async fn container_op(
        &self,
        op: ContainerOp,
        id: &str,
        remove: RemoveOptions,
    ) -> Result<(), String> {
        let d = &self.docker;
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
    // As `docker ps` lists them: by container port, IPv4 before IPv6, exposed-only last.
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
    let health = facts.health.or_else(|| {
        s.health
            .and_then(|h| h.status)
            .and_then(|st| match st.to_string().as_str() {
                "healthy" => Some(super::model::Health::Healthy),
                "unhealthy" => Some(super::model::Health::Unhealthy),
                "starting" => Some(super::model::Health::Starting),
                _ => None,
            })
    });
    let volumes = s
        .mounts
        .unwrap_or_default()
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
        .collect();
    Container {
        id: s.id.unwrap_or_default(),
        name,
        image: s.image.unwrap_or_default(),
        state_since: facts.age_secs.map(|age| now - age),
        exit_code: facts.exit_code,
        health,
        state,
        created: s.created.unwrap_or_default(),
        ports,
        compose_project: labels.get(COMPOSE_PROJECT).cloned(),
        compose_service: labels.get(COMPOSE_SERVICE).cloned(),
        volumes,
        status,
    }
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
        assert_eq!(c.health, Some(super::super::model::Health::Healthy));
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
        assert_eq!(c.id, "abc");
        assert_eq!(c.name, "");
        assert!(c.ports.is_empty());
    }
}
