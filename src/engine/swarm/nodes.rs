//! Nodes, as `docker node ls` shows them, their availability changed as `docker node update
//! --availability` changes it, and this engine's own place in a swarm.
//!
//! Measured on Docker 20.10.24 and 26.1.5 (`GET /nodes`): `Spec {Role, Availability, Labels}`,
//! `Description {Hostname, Engine.EngineVersion, ...}`, `Status {State, Addr}`, and for a
//! manager `ManagerStatus {Leader: true, Reachability: "reachable", Addr}` (`Leader` is
//! absent on the others). `docker node ls` shows `Leader`, else the reachability capitalised.
//! Which node is this engine's: `/info`'s `Swarm.NodeID`.
//!
//! Draining a node (`Availability: drain`) makes the orchestrator shut its tasks down and,
//! with no other node, leaves the replicas pending; `active` puts them back.

use bollard::models::{LocalNodeState, SystemInfo};
use http::Method;
use serde_json::Value;

use super::json::{at, items, number, text};
use super::{Availability, Node, NodeRole, SwarmError};
use crate::engine::connect::Engine;
use crate::engine::logs::path_segment;
use crate::engine::model::SwarmRole;

/// This engine's place in a swarm, from its `/info`: active and in control is a manager,
/// active without control a worker, anything else (inactive, pending, locked, error, an
/// engine without swarm such as podman) none.
pub fn swarm_role(info: &SystemInfo) -> SwarmRole {
    let Some(swarm) = &info.swarm else {
        return SwarmRole::None;
    };
    if swarm.local_node_state != Some(LocalNodeState::ACTIVE) {
        return SwarmRole::None;
    }
    let node_id = swarm.node_id.clone().unwrap_or_default();
    if swarm.control_available == Some(true) {
        SwarmRole::Manager { node_id }
    } else {
        SwarmRole::Worker { node_id }
    }
}

impl Engine {
    /// This engine's place in a swarm now (asked of `/info`; [`SwarmRole::None`] when that
    /// fails).
    pub async fn swarm_role(&self) -> SwarmRole {
        match self.docker.info().await {
            Ok(info) => swarm_role(&info),
            Err(_) => SwarmRole::None,
        }
    }

    /// The swarm's nodes (a manager only).
    pub async fn list_nodes(&self) -> Result<Vec<Node>, SwarmError> {
        let (list, role) = futures_util::join!(self.swarm_get("/nodes"), self.swarm_role());
        let me = role.node_id().unwrap_or("").to_string();
        Ok(items(&list?).iter().map(|n| node(n, &me)).collect())
    }

    /// Drains, pauses or activates a node (by id or hostname), keeping the rest of its spec.
    pub async fn set_node_availability(
        &self,
        id: &str,
        availability: Availability,
    ) -> Result<(), SwarmError> {
        let path = format!("/nodes/{}", path_segment(id));
        let current = self.swarm_get(&path).await?;
        let version = number(&current, &["Version", "Index"]).ok_or_else(|| {
            SwarmError::Failed(format!("the engine gave no version for node {id}"))
        })?;
        let mut spec = current.get("Spec").cloned().unwrap_or_default();
        let Some(fields) = spec.as_object_mut() else {
            return Err(SwarmError::Failed(format!("node {id} has no spec")));
        };
        fields.insert("Availability".into(), availability.as_str().into());
        let update = format!("{path}/update?version={version}");
        self.swarm_send(Method::POST, &update, Some(&spec)).await
    }
}

fn node(n: &Value, me: &str) -> Node {
    let id = text(n, &["ID"]).to_string();
    let role = match text(n, &["Spec", "Role"]) {
        "manager" => NodeRole::Manager,
        _ => NodeRole::Worker,
    };
    let availability = match text(n, &["Spec", "Availability"]) {
        "drain" => Availability::Drain,
        "pause" => Availability::Pause,
        _ => Availability::Active,
    };
    let manager_status = n.get("ManagerStatus").map(|m| {
        if at(m, &["Leader"]).and_then(Value::as_bool) == Some(true) {
            "Leader".to_string()
        } else {
            capitalised(text(m, &["Reachability"]))
        }
    });
    Node {
        this: !me.is_empty() && id == me,
        id,
        hostname: text(n, &["Description", "Hostname"]).to_string(),
        role,
        availability,
        status: text(n, &["Status", "State"]).to_string(),
        manager_status,
        engine_version: text(n, &["Description", "Engine", "EngineVersion"]).to_string(),
        addr: text(n, &["Status", "Addr"]).to_string(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `GET /nodes` on Docker 20.10.24 (plugins and TLS info cut), and a second manager that
    /// is not the leader.
    const NODES: &str = r#"[{"ID":"p1dpv94n23jnooxdu7wq29y09","Version":{"Index":9},"CreatedAt":"2026-12-03T00:31:58.090226807Z","UpdatedAt":"2026-12-03T00:31:58.612039925Z","Spec":{"Labels":{},"Role":"manager","Availability":"active"},"Description":{"Hostname":"vm","Platform":{"Architecture":"x86_64","OS":"linux"},"Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275990016},"Engine":{"EngineVersion":"20.10.24+dfsg1"}},"Status":{"State":"ready","Addr":"127.0.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"127.0.0.1:2390"}},
      {"ID":"n2","Spec":{"Role":"manager","Availability":"drain"},"Description":{"Hostname":"other"},"Status":{"State":"down","Addr":"10.0.0.2"},"ManagerStatus":{"Reachability":"unreachable"}},
      {"ID":"n3","Spec":{"Role":"worker","Availability":"pause"},"Description":{"Hostname":"w"},"Status":{"State":"ready"}}]"#;

    #[test]
    fn nodes_are_read_as_node_ls_shows_them() {
        let v: Value = serde_json::from_str(NODES).expect("fixture");
        let n: Vec<Node> = items(&v)
            .iter()
            .map(|n| node(n, "p1dpv94n23jnooxdu7wq29y09"))
            .collect();
        assert_eq!(
            n[0],
            Node {
                id: "p1dpv94n23jnooxdu7wq29y09".into(),
                hostname: "vm".into(),
                role: NodeRole::Manager,
                availability: Availability::Active,
                status: "ready".into(),
                manager_status: Some("Leader".into()),
                engine_version: "20.10.24+dfsg1".into(),
                addr: "127.0.0.1".into(),
                this: true,
            }
        );
        assert_eq!(n[1].manager_status.as_deref(), Some("Unreachable"));
        assert_eq!((n[1].availability, n[1].this), (Availability::Drain, false));
        assert_eq!(
            (n[2].role, n[2].availability),
            (NodeRole::Worker, Availability::Pause)
        );
        assert_eq!(n[2].manager_status, None);
    }

    #[test]
    fn the_role_comes_from_the_local_node_state_and_control() {
        let info = |v: &str| -> SystemInfo { serde_json::from_str(v).expect("fixture") };
        assert_eq!(swarm_role(&info("{}")), SwarmRole::None);
        assert_eq!(
            swarm_role(&info(
                r#"{"Swarm":{"NodeID":"","LocalNodeState":"inactive","ControlAvailable":false}}"#
            )),
            SwarmRole::None
        );
        assert_eq!(
            swarm_role(&info(
                r#"{"Swarm":{"NodeID":"a","LocalNodeState":"active","ControlAvailable":true}}"#
            )),
            SwarmRole::Manager {
                node_id: "a".into()
            }
        );
        assert_eq!(
            swarm_role(&info(
                r#"{"Swarm":{"NodeID":"b","LocalNodeState":"active","ControlAvailable":false}}"#
            )),
            SwarmRole::Worker {
                node_id: "b".into()
            }
        );
        assert_eq!(
            swarm_role(&info(
                r#"{"Swarm":{"NodeID":"c","LocalNodeState":"locked"}}"#
            )),
            SwarmRole::None
        );
    }
}
