//! Tasks: a service's replicas (or, for a global service, one per node) and the containers
//! that fill them, as `docker service ps` lists them.
//!
//! `GET /tasks?filters={"service":["ID"]}` (an id or a name) on Docker 20.10.24 and 26.1.5:
//! each task has `Slot` (absent for a global service's tasks), `NodeID` (empty until
//! assigned), `DesiredState`, and `Status {Timestamp, State, Message, Err,
//! ContainerStatus.ContainerID}`; the image is the task's own `Spec.ContainerSpec.Image`
//! (the spec it was started with, which may be older than the service's). Tasks replaced by an
//! update or a force stay listed, desired `shutdown`, up to the swarm's task history limit
//! (5 per slot by default).

use serde_json::Value;

use super::json::{filter_query, items, number, some_text, text, time, unpinned};
use super::{SwarmError, Task};
use crate::engine::connect::Engine;

impl Engine {
    /// The tasks of one service (by id or name), or of every service.
    pub async fn list_tasks(&self, service: Option<&str>) -> Result<Vec<Task>, SwarmError> {
        let path = match service {
            Some(s) => format!("/tasks?filters={}", filter_query("service", s)),
            None => "/tasks".to_string(),
        };
        let list = self.swarm_get(&path).await?;
        Ok(items(&list).iter().map(task).collect())
    }
}

pub(super) fn task(t: &Value) -> Task {
    Task {
        id: text(t, &["ID"]).to_string(),
        service_id: text(t, &["ServiceID"]).to_string(),
        slot: number(t, &["Slot"]).filter(|s| *s > 0),
        node_id: text(t, &["NodeID"]).to_string(),
        state: text(t, &["Status", "State"]).to_string(),
        desired_state: text(t, &["DesiredState"]).to_string(),
        error: text(t, &["Status", "Err"]).to_string(),
        message: text(t, &["Status", "Message"]).to_string(),
        since: time(t, &["Status", "Timestamp"]),
        container_id: some_text(t, &["Status", "ContainerStatus", "ContainerID"]),
        image: unpinned(text(t, &["Spec", "ContainerSpec", "Image"])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One task of `GET /tasks` on Docker 20.10.24, and a failed one of a global service.
    const TASKS: &str = r#"[{"ID":"u356jaksn0svfiageipnuvads","Version":{"Index":18},"CreatedAt":"2026-12-03T00:32:04.336627699Z","UpdatedAt":"2026-12-03T00:32:05.158350395Z","Labels":{},"Spec":{"ContainerSpec":{"Image":"local/busybox:test","Args":["sh","-c","echo hello"],"Init":false,"DNSConfig":{},"Isolation":"default"},"Resources":{"Limits":{},"Reservations":{}},"Placement":{},"ForceUpdate":0},"ServiceID":"cdybd87xlybraoypzcyzw4adk","Slot":1,"NodeID":"p1dpv94n23jnooxdu7wq29y09","Status":{"Timestamp":"2026-12-03T00:32:05.150803879Z","State":"running","Message":"started","ContainerStatus":{"ContainerID":"2e6bb9eb05ed","PID":12357,"ExitCode":0},"PortStatus":{}},"DesiredState":"running"},
      {"ID":"t2","ServiceID":"g1","NodeID":"n1","Spec":{"ContainerSpec":{"Image":"nginx:1@sha256:00"}},"Status":{"Timestamp":"2026-12-03T00:32:05Z","State":"failed","Message":"started","Err":"task: non-zero exit (1)","ContainerStatus":{"ContainerID":"","ExitCode":1}},"DesiredState":"shutdown"}]"#;

    #[test]
    fn tasks_are_read_as_service_ps_shows_them() {
        let v: Value = serde_json::from_str(TASKS).expect("fixture");
        let t: Vec<Task> = items(&v).iter().map(task).collect();
        assert_eq!(
            t[0],
            Task {
                id: "u356jaksn0svfiageipnuvads".into(),
                service_id: "cdybd87xlybraoypzcyzw4adk".into(),
                slot: Some(1),
                node_id: "p1dpv94n23jnooxdu7wq29y09".into(),
                state: "running".into(),
                desired_state: "running".into(),
                error: String::new(),
                message: "started".into(),
                since: 1_796_257_925,
                container_id: Some("2e6bb9eb05ed".into()),
                image: "local/busybox:test".into(),
            }
        );
        assert_eq!(t[1].slot, None, "a global service's task has no slot");
        assert_eq!(t[1].container_id, None);
        assert_eq!(t[1].error, "task: non-zero exit (1)");
        assert_eq!(t[1].image, "nginx:1");
    }
}
