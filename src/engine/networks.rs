//! Network calls: list (with the containers attached), create, remove (refused for the
//! engine's own networks and while containers are attached), connect and disconnect.
//!
//! Attached containers come from the containers list, not from inspecting each network: the
//! list endpoint leaves `Containers` empty on Docker, and one containers list (whose
//! `NetworkSettings` names every network of every container) is a single request where
//! inspect would be one per network. It is also more complete: inspect shows endpoints, which
//! only running containers have, while a stopped container stays attached to its networks
//! and cannot start again once such a network is gone. (The engine itself removes a network
//! that only stopped containers are attached to, `docker network rm` and `prune` alike:
//! checked on Docker 20.10 and 26.1.)

use std::collections::HashMap;

use bollard::models::{
    ContainerSummary, Ipam, IpamConfig, Network as BollardNetwork, NetworkConnectRequest,
    NetworkCreateRequest, NetworkDisconnectRequest,
};
use bollard::query_parameters::{
    InspectNetworkOptions, ListContainersOptions, ListNetworksOptions,
};

use super::connect::Engine;
use super::errors::describe;
use super::images::in_use_message;
use super::model::ContainerState;
use super::objects::{Network, UsedBy};
use super::volumes::parse_time;

impl Engine {
    /// Every network, each with the containers attached to it (running or not: see the
    /// module documentation), by name.
    pub async fn list_networks(&self) -> Result<Vec<Network>, String> {
        let networks = self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await
            .map_err(|e| describe(&e))?;
        let containers = self.raw_containers().await?;
        let mut out: Vec<Network> = networks.into_iter().map(convert).collect();
        for n in &mut out {
            n.containers = attached(&containers, n.id.as_str(), &n.name);
        }
        Ok(out)
    }

    /// The containers (running or not) attached to network `id_or_name`.
    pub async fn containers_on_network(&self, id_or_name: &str) -> Result<Vec<UsedBy>, String> {
        let n = self.inspect_network(id_or_name).await?;
        let containers = self.raw_containers().await?;
        Ok(attached(&containers, n.id.as_str(), &n.name))
    }

    /// Creates a network; returns its id. Tests and the UI should ask for `internal`: an
    /// internal network has no route out. `driver` empty is the engine's default (`bridge`);
    /// `subnet` (CIDR) is optional.
    ///
    /// A name already in use is refused here: engines before API 1.44 create a second network
    /// of the same name unless asked not to, and bollard 0.21 cannot ask (no `CheckDuplicate`).
    pub async fn create_network(
        &self,
        name: &str,
        driver: &str,
        internal: bool,
        subnet: Option<&str>,
    ) -> Result<String, String> {
        if name.trim().is_empty() {
            return Err("a network needs a name".into());
        }
        if self.network_named(name).await?.is_some() {
            return Err(format!("a network named {name} already exists"));
        }
        let ipam = subnet.filter(|s| !s.trim().is_empty()).map(|s| Ipam {
            config: Some(vec![IpamConfig {
                subnet: Some(s.trim().to_string()),
                ..Default::default()
            }]),
            ..Default::default()
        });
        let req = NetworkCreateRequest {
            name: name.to_string(),
            driver: Some(driver.to_string()).filter(|d| !d.is_empty()),
            internal: Some(internal),
            ipam,
            ..Default::default()
        };
        let created = self
            .docker
            .create_network(req)
            .await
            .map_err(|e| describe(&e))?;
        Ok(created.id)
    }

    /// Removes a network. Refused for the engine's own networks, and while any container is
    /// attached (running or stopped), naming them.
    pub async fn remove_network(&self, id_or_name: &str) -> Result<(), String> {
        let n = self.inspect_network(id_or_name).await?;
        if n.builtin() {
            return Err(format!(
                "{} is one of the engine's own networks and cannot be removed",
                n.name
            ));
        }
        let containers = self.raw_containers().await?;
        let users = attached(&containers, n.id.as_str(), &n.name);
        if !users.is_empty() {
            let mut msg = in_use_message(&format!("network {}", n.name), &users);
            if users.iter().any(|u| !u.running) {
                msg.push_str(
                    " (a stopped container cannot start again without its network: disconnect or remove it first)",
                );
            }
            return Err(msg);
        }
        self.delete_network(n.id.as_str()).await
    }

    /// The engine's removal, no questions asked here.
    pub(crate) async fn delete_network(&self, id: &str) -> Result<(), String> {
        self.docker
            .remove_network(id)
            .await
            .map_err(|e| describe(&e))
    }

    /// Attaches a container (running or not) to a network.
    pub async fn connect_network(&self, network: &str, container: &str) -> Result<(), String> {
        let req = NetworkConnectRequest {
            container: container.to_string(),
            endpoint_config: None,
        };
        self.docker
            .connect_network(network, req)
            .await
            .map_err(|e| describe(&e))
    }

    /// Detaches a container from a network; `force` also detaches when the engine cannot
    /// reach the container's endpoint cleanly.
    pub async fn disconnect_network(
        &self,
        network: &str,
        container: &str,
        force: bool,
    ) -> Result<(), String> {
        let req = NetworkDisconnectRequest {
            container: container.to_string(),
            force: Some(force),
        };
        self.docker
            .disconnect_network(network, req)
            .await
            .map_err(|e| describe(&e))
    }

    /// One network, inspected (without its containers; see [`Engine::containers_on_network`]).
    async fn inspect_network(&self, id_or_name: &str) -> Result<Network, String> {
        let r = self
            .docker
            .inspect_network(id_or_name, None::<InspectNetworkOptions>)
            .await
            .map_err(|e| describe(&e))?;
        // Same fields as a list entry; reuse that conversion.
        Ok(convert(BollardNetwork {
            name: r.name,
            id: r.id,
            created: r.created,
            scope: r.scope,
            driver: r.driver,
            ipam: r.ipam,
            internal: r.internal,
            attachable: r.attachable,
            ingress: r.ingress,
            ..Default::default()
        }))
    }

    /// The network whose name is exactly `name` (the engine's `name` filter matches parts).
    async fn network_named(&self, name: &str) -> Result<Option<Network>, String> {
        let filters = HashMap::from([("name".to_string(), vec![name.to_string()])]);
        let found = self
            .docker
            .list_networks(Some(ListNetworksOptions {
                filters: Some(filters),
            }))
            .await
            .map_err(|e| describe(&e))?;
        Ok(found.into_iter().map(convert).find(|n| n.name == name))
    }

    /// Every container as the engine lists it, with its network settings.
    pub(crate) async fn raw_containers(&self) -> Result<Vec<ContainerSummary>, String> {
        self.docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            }))
            .await
            .map_err(|e| describe(&e))
    }
}

/// The containers attached to the network `id`/`name`. A container that never started has
/// no network id in its settings yet, only the network's name.
pub(crate) fn attached(containers: &[ContainerSummary], id: &str, name: &str) -> Vec<UsedBy> {
    containers
        .iter()
        .filter(|c| {
            c.network_settings
                .as_ref()
                .and_then(|s| s.networks.as_ref())
                .is_some_and(|nets| {
                    nets.iter().any(|(key, ep)| {
                        match ep.network_id.as_deref().filter(|i| !i.is_empty()) {
                            Some(nid) => nid == id,
                            None => key == name,
                        }
                    })
                })
        })
        .map(|c| UsedBy {
            id: c.id.clone().unwrap_or_default().into(),
            name: c
                .names
                .as_ref()
                .and_then(|n| n.first())
                .map(|n| n.trim_start_matches('/').to_string())
                .unwrap_or_default(),
            running: c
                .state
                .as_ref()
                .is_some_and(|s| ContainerState::parse(s.as_ref()).is_up()),
        })
        .collect()
}

pub(crate) fn convert(n: BollardNetwork) -> Network {
    let subnets = n
        .ipam
        .and_then(|i| i.config)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| Some((c.subnet?, c.gateway.filter(|g| !g.is_empty()))))
        .filter(|(s, _)| !s.is_empty())
        .collect();
    Network {
        id: n.id.unwrap_or_default().into(),
        name: n.name.unwrap_or_default(),
        driver: n.driver.unwrap_or_default(),
        scope: n.scope.unwrap_or_default(),
        internal: n.internal.unwrap_or(false),
        attachable: n.attachable.unwrap_or(false),
        subnets,
        containers: Vec::new(),
        created: n.created.as_deref().and_then(parse_time),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_from_engine_a_converts() {
        let body = r#"{"Name":"dh-internal","Id":"7f3a","Created":"2026-11-29T18:52:15.123456789Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]},"Internal":true,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{}}"#;
        let n = convert(serde_json::from_str(body).expect("parses"));
        assert_eq!(n.name, "dh-internal");
        assert!(n.internal);
        assert!(!n.builtin());
        assert_eq!(
            n.subnets,
            [("172.18.0.0/16".to_string(), Some("172.18.0.1".to_string()))]
        );
        assert_eq!(n.created, Some(1_795_978_335));
    }

    #[test]
    fn attached_matches_by_id_or_by_name_for_containers_never_started() {
        let list = r#"[
          {"Id":"c1","Names":["/run"],"State":"running","NetworkSettings":{"Networks":{"net":{"NetworkID":"n1"}}}},
          {"Id":"c2","Names":["/new"],"State":"created","NetworkSettings":{"Networks":{"net":{"NetworkID":""}}}},
          {"Id":"c3","Names":["/other"],"State":"exited","NetworkSettings":{"Networks":{"net2":{"NetworkID":"n2"}}}},
          {"Id":"c4","Names":["/bare"],"State":"exited"}
        ]"#;
        let cs: Vec<ContainerSummary> = serde_json::from_str(list).expect("parses");
        let users = attached(&cs, "n1", "net");
        assert_eq!(
            users,
            [
                UsedBy {
                    id: "c1".into(),
                    name: "run".into(),
                    running: true
                },
                UsedBy {
                    id: "c2".into(),
                    name: "new".into(),
                    running: false
                },
            ]
        );
    }
}
