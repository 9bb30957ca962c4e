//! Services: listed as `docker service ls` shows them, and changed as `docker service scale`,
//! `update --force`, `rollback` and `rm` change them.
//!
//! Measured on Docker 20.10.24 (API 1.41) and 26.1.5 (API 1.45):
//!
//! - `GET /services?status=true` adds `ServiceStatus {RunningTasks, DesiredTasks,
//!   CompletedTasks}` to each service (API 1.41+). Without it (older engines) the running
//!   tasks are counted from `/tasks` (desired state and state both `running`), and the desired
//!   count is the replicas, or for a global service the tasks desired running.
//! - `Endpoint.Ports` appears only once a port is published; a service without any has
//!   `"Endpoint":{"Spec":{}}`.
//! - An image that no registry could pin stays as written (`local/busybox:test`); a pinned one
//!   is `name:tag@sha256:…`, shown without the pin.
//! - An update replaces the whole spec and must name the version read (`?version=N`); a stale
//!   version is refused (`update out of sequence`), so each change reads the service first.
//!   The spec goes back as the JSON read, changed in one place (see [`super`]).
//! - A rollback is an update with `rollback=previous` and the current spec, as the docker CLI's
//!   `service rollback` sends it (moby `client/service_update.go`); the engine swaps in
//!   `PreviousSpec` itself.

use std::collections::HashMap;

use http::Method;
use serde_json::Value;

use super::json::{at, items, number, some_text, text, time, unpinned};
use super::{PublishedPort, Service, ServiceMode, ServiceOp, SwarmError, UpdateStatus};
use crate::engine::connect::Engine;
use crate::engine::logs::path_segment;

/// The label `docker stack deploy` puts on a stack's services.
const STACK_LABEL: &str = "com.docker.stack.namespace";

impl Engine {
    /// The swarm's services (a manager only), in the engine's order.
    pub async fn list_services(&self) -> Result<Vec<Service>, SwarmError> {
        let list = self.swarm_get("/services?status=true").await?;
        let services = items(&list);
        // Older engines do not give the status: count from the tasks, once for all services.
        let counts = if services.iter().all(|s| s.get("ServiceStatus").is_some()) {
            HashMap::new()
        } else {
            count_tasks(&self.swarm_get("/tasks").await?)
        };
        Ok(services
            .iter()
            .map(|s| service(s, counts.get(text(s, &["ID"]))))
            .collect())
    }

    /// Changes a service (by id or name) and returns once the engine took the change (its tasks
    /// change afterwards, as the orchestrator gets to them).
    pub async fn service_op(&self, op: ServiceOp, id: &str) -> Result<(), SwarmError> {
        let path = format!("/services/{}", path_segment(id));
        if op == ServiceOp::Remove {
            return self.swarm_send(Method::DELETE, &path, None).await;
        }
        let current = self.swarm_get(&path).await?;
        let version = number(&current, &["Version", "Index"]).ok_or_else(|| {
            SwarmError::Failed(format!("the engine gave no version for service {id}"))
        })?;
        let mut spec = current.get("Spec").cloned().unwrap_or(Value::Null);
        let mut query = format!("version={version}");
        match op {
            ServiceOp::Scale(n) => scale(&mut spec, n)?,
            ServiceOp::ForceUpdate => force(&mut spec)?,
            ServiceOp::Rollback => query.push_str("&rollback=previous"),
            ServiceOp::Remove => {}
        }
        let update = format!("{path}/update?{query}");
        self.swarm_send(Method::POST, &update, Some(&spec)).await
    }
}

/// Sets the replicas of a replicated service (the completions of a replicated job), as
/// `docker service scale` does; a global service cannot be scaled.
fn scale(spec: &mut Value, n: u64) -> Result<(), SwarmError> {
    let mode = spec.get_mut("Mode").and_then(Value::as_object_mut);
    let Some(mode) = mode else {
        return Err(not_scalable());
    };
    if let Some(r) = mode.get_mut("Replicated").and_then(Value::as_object_mut) {
        r.insert("Replicas".into(), n.into());
    } else if let Some(j) = mode.get_mut("ReplicatedJob").and_then(Value::as_object_mut) {
        j.insert("TotalCompletions".into(), n.into());
    } else {
        return Err(not_scalable());
    }
    Ok(())
}

/// The docker CLI's own words.
fn not_scalable() -> SwarmError {
    SwarmError::Failed("scale can only be used with replicated or replicated-job mode".into())
}

/// Bumps `TaskTemplate.ForceUpdate`, which makes the engine replace every task.
fn force(spec: &mut Value) -> Result<(), SwarmError> {
    let template = spec
        .get_mut("TaskTemplate")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SwarmError::Failed("the service's spec has no task template".into()))?;
    let n = template
        .get("ForceUpdate")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    template.insert("ForceUpdate".into(), (n + 1).into());
    Ok(())
}

/// Running tasks and tasks desired running, per service id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    running: u64,
    desired: u64,
}

fn count_tasks(tasks: &Value) -> HashMap<String, Counts> {
    let mut counts: HashMap<String, Counts> = HashMap::new();
    for t in items(tasks) {
        if text(t, &["DesiredState"]) != "running" {
            continue;
        }
        let c = counts
            .entry(text(t, &["ServiceID"]).to_string())
            .or_default();
        c.desired += 1;
        if text(t, &["Status", "State"]) == "running" {
            c.running += 1;
        }
    }
    counts
}

fn service(s: &Value, counted: Option<&Counts>) -> Service {
    let mode_json = at(s, &["Spec", "Mode"]);
    let has = |k: &str| mode_json.and_then(|m| m.get(k)).is_some();
    let mode = if has("Global") {
        ServiceMode::Global
    } else if has("ReplicatedJob") {
        ServiceMode::ReplicatedJob
    } else if has("GlobalJob") {
        ServiceMode::GlobalJob
    } else {
        ServiceMode::Replicated
    };
    let counted = counted.copied().unwrap_or_default();
    let (running, desired) = match s.get("ServiceStatus") {
        Some(st) => (
            number(st, &["RunningTasks"]).unwrap_or(0),
            number(st, &["DesiredTasks"]).unwrap_or(0),
        ),
        None => {
            let desired = match mode {
                ServiceMode::Replicated => {
                    number(s, &["Spec", "Mode", "Replicated", "Replicas"]).unwrap_or(0)
                }
                _ => counted.desired,
            };
            (counted.running, desired)
        }
    };
    let ports = at(s, &["Endpoint", "Ports"])
        .map(items)
        .unwrap_or(&[])
        .iter()
        .map(|p| PublishedPort {
            published: number(p, &["PublishedPort"]).and_then(|n| u16::try_from(n).ok()),
            target: number(p, &["TargetPort"])
                .and_then(|n| u16::try_from(n).ok())
                .unwrap_or(0),
            protocol: some_text(p, &["Protocol"]).unwrap_or_else(|| "tcp".into()),
            mode: some_text(p, &["PublishMode"]).unwrap_or_else(|| "ingress".into()),
        })
        .collect();
    let update = s.get("UpdateStatus").and_then(|u| {
        let state = some_text(u, &["State"])?;
        Some(UpdateStatus {
            state,
            message: text(u, &["Message"]).to_string(),
        })
    });
    Service {
        id: text(s, &["ID"]).to_string(),
        name: text(s, &["Spec", "Name"]).to_string(),
        mode,
        image: unpinned(text(s, &["Spec", "TaskTemplate", "ContainerSpec", "Image"])),
        running,
        desired,
        ports,
        update,
        stack: some_text(s, &["Spec", "Labels", STACK_LABEL]),
        created: time(s, &["CreatedAt"]),
        updated: time(s, &["UpdatedAt"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `GET /services?status=true` on Docker 20.10.24 (one service, no ports), with a port, a
    /// pin, a stack label and an update status added as 26.1 writes them.
    const LISTED: &str = r#"[{"ID":"cdybd87xlybraoypzcyzw4adk","Version":{"Index":11},"CreatedAt":"2026-12-03T00:32:04.288634219Z","UpdatedAt":"2026-12-03T00:32:04.288634219Z","Spec":{"Name":"s1","Labels":{},"TaskTemplate":{"ContainerSpec":{"Image":"local/busybox:test","Args":["sh","-c","echo hello"],"Init":false,"DNSConfig":{},"Isolation":"default"},"Resources":{"Limits":{},"Reservations":{}},"Placement":{},"ForceUpdate":0,"Runtime":"container"},"Mode":{"Replicated":{"Replicas":2}},"EndpointSpec":{"Mode":"vip"}},"Endpoint":{"Spec":{}},"ServiceStatus":{"RunningTasks":2,"DesiredTasks":2,"CompletedTasks":0}},
      {"ID":"g1","Version":{"Index":30},"CreatedAt":"2026-12-03T00:40:00Z","UpdatedAt":"2026-12-03T00:41:00Z","Spec":{"Name":"shop_web","Labels":{"com.docker.stack.namespace":"shop"},"TaskTemplate":{"ContainerSpec":{"Image":"nginx:1@sha256:0123"},"ForceUpdate":0},"Mode":{"Global":{}}},"Endpoint":{"Spec":{},"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]},"UpdateStatus":{"State":"rollback_completed","StartedAt":"2026-12-03T00:40:30Z","Message":"rollback completed"}}]"#;

    #[test]
    fn services_are_read_as_service_ls_shows_them() {
        let v: Value = serde_json::from_str(LISTED).expect("fixture");
        let counts = HashMap::from([(
            "g1".to_string(),
            Counts {
                running: 1,
                desired: 3,
            },
        )]);
        let list: Vec<Service> = items(&v)
            .iter()
            .map(|s| service(s, counts.get(text(s, &["ID"]))))
            .collect();
        let s1 = &list[0];
        assert_eq!(
            (
                s1.name.as_str(),
                s1.mode,
                s1.image.as_str(),
                s1.running,
                s1.desired
            ),
            ("s1", ServiceMode::Replicated, "local/busybox:test", 2, 2)
        );
        assert_eq!(
            (s1.created, s1.stack.clone(), s1.update.clone()),
            (1_796_257_924, None, None)
        );
        assert!(s1.ports.is_empty());
        let g = &list[1];
        assert_eq!((g.mode, g.image.as_str()), (ServiceMode::Global, "nginx:1"));
        assert_eq!((g.running, g.desired), (1, 3), "counted from tasks");
        assert_eq!(g.stack.as_deref(), Some("shop"));
        assert_eq!(
            g.ports,
            vec![PublishedPort {
                published: Some(8080),
                target: 80,
                protocol: "tcp".into(),
                mode: "ingress".into()
            }]
        );
        assert_eq!(
            g.update,
            Some(UpdateStatus {
                state: "rollback_completed".into(),
                message: "rollback completed".into()
            })
        );
    }

    #[test]
    fn tasks_are_counted_per_service_when_the_status_is_missing() {
        let tasks: Value = serde_json::from_str(
            r#"[{"ServiceID":"a","DesiredState":"running","Status":{"State":"running"}},
                {"ServiceID":"a","DesiredState":"running","Status":{"State":"preparing"}},
                {"ServiceID":"a","DesiredState":"shutdown","Status":{"State":"running"}},
                {"ServiceID":"b","DesiredState":"shutdown","Status":{"State":"complete"}}]"#,
        )
        .expect("fixture");
        let c = count_tasks(&tasks);
        assert_eq!(
            c.get("a"),
            Some(&Counts {
                running: 1,
                desired: 2
            })
        );
        assert_eq!(c.get("b"), None);
        // A replicated service without status wants its replicas.
        let s: Value = serde_json::from_str(
            r#"{"ID":"a","Spec":{"Name":"a","Mode":{"Replicated":{"Replicas":5}}}}"#,
        )
        .expect("fixture");
        let s = service(&s, c.get("a"));
        assert_eq!((s.running, s.desired), (1, 5));
    }

    #[test]
    fn scale_and_force_change_one_field_and_keep_the_rest() {
        let v: Value = serde_json::from_str(LISTED).expect("fixture");
        let mut spec = items(&v)[0]["Spec"].clone();
        let before = spec.clone();
        scale(&mut spec, 3).expect("replicated");
        force(&mut spec).expect("has a template");
        assert_eq!(spec["Mode"]["Replicated"]["Replicas"], 3);
        assert_eq!(spec["TaskTemplate"]["ForceUpdate"], 1);
        // Everything else as read, down to the fields bollard does not know.
        let mut expected = before;
        expected["Mode"]["Replicated"]["Replicas"] = 3.into();
        expected["TaskTemplate"]["ForceUpdate"] = 1.into();
        assert_eq!(spec, expected);

        let mut global = items(&v)[1]["Spec"].clone();
        assert_eq!(
            scale(&mut global, 2),
            Err(SwarmError::Failed(
                "scale can only be used with replicated or replicated-job mode".into()
            ))
        );
        let mut job: Value = serde_json::from_str(
            r#"{"Mode":{"ReplicatedJob":{"MaxConcurrent":1,"TotalCompletions":1}}}"#,
        )
        .expect("fixture");
        scale(&mut job, 4).expect("a replicated job scales");
        assert_eq!(job["Mode"]["ReplicatedJob"]["TotalCompletions"], 4);
    }
}
