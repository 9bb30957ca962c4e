//! A swarm call's failure as the app is told it: [`SwarmError::NotManager`] when the engine is
//! not a manager, else the engine's (or the link's) words through [`describe`], which also
//! rings the link alarm when the call failed on the way.
//!
//! What engines answer (read in moby's `daemon/cluster/cluster.go`, `errNoManager`, and seen on
//! Docker 20.10.24 and 26.1.5): every swarm endpoint (`/services`, `/tasks`, `/nodes`,
//! `/services/{id}/logs`, updates) answers **503** with one of
//!
//! - `This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.` (in no swarm; both engines)
//! - `This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.` (a worker)
//! - `This node is not a swarm manager. Manager is being prepared or has trouble connecting to the cluster.`
//! - `Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker swarm unlock" to unlock it.` (locked)
//! - `This node is not part of a swarm` (older engines' wording, and a few calls of newer ones)
//!
//! Whether the engine is a worker is asked of `/info` (`Swarm.LocalNodeState` `active` and
//! `ControlAvailable` false) rather than read from the words, which change between versions.

use bollard::errors::Error;

use super::SwarmError;
use crate::engine::connect::Engine;
use crate::engine::errors::describe;
use crate::engine::model::SwarmRole;
use crate::engine::raw::RawFailure;

/// The words of a 503 that mean "ask a manager".
fn says_not_manager(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("not a swarm manager")
        || m.contains("is not part of a swarm")
        || m.contains("swarm is encrypted and needs to be unlocked")
}

/// The engine's status and message when it answered "not a manager".
fn not_manager(err: &Error) -> Option<String> {
    match err {
        Error::DockerResponseServerError {
            status_code: 503,
            message,
        } if says_not_manager(message) => Some(message.trim().to_string()),
        _ => None,
    }
}

impl Engine {
    /// `err` as a [`SwarmError`]; asks `/info` whether this engine is a worker when the engine
    /// said it is no manager.
    pub(super) async fn swarm_error(&self, err: RawFailure) -> SwarmError {
        match err {
            RawFailure::Address(words) => SwarmError::Failed(words),
            RawFailure::Engine(e) => match not_manager(&e) {
                Some(message) => SwarmError::NotManager {
                    worker: matches!(self.swarm_role().await, SwarmRole::Worker { .. }),
                    message,
                },
                None => SwarmError::Failed(describe(&e)),
            },
        }
    }

    /// A raw GET decoded as JSON, its failure as a [`SwarmError`].
    pub(super) async fn swarm_get(&self, path: &str) -> Result<serde_json::Value, SwarmError> {
        let text = match self.request_raw(http::Method::GET, path, None).await {
            Ok(t) => t,
            Err(e) => return Err(self.swarm_error(e).await),
        };
        serde_json::from_str(&text).map_err(|e| {
            SwarmError::Failed(format!("the engine's answer to {path} is not JSON: {e}"))
        })
    }

    /// A raw request whose answer is not needed, its failure as a [`SwarmError`].
    pub(super) async fn swarm_send(
        &self,
        method: http::Method,
        path: &str,
        json: Option<&serde_json::Value>,
    ) -> Result<(), SwarmError> {
        let body = match json.map(serde_json::to_vec).transpose() {
            Ok(b) => b,
            Err(e) => return Err(SwarmError::Failed(e.to_string())),
        };
        match self.request_raw(method, path, body).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.swarm_error(e).await),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status_code: u16, message: &str) -> Error {
        Error::DockerResponseServerError {
            status_code,
            message: message.into(),
        }
    }

    #[test]
    fn the_engines_not_manager_answers_are_recognised() {
        let none = r#"This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again."#;
        let worker = "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
        assert_eq!(not_manager(&server(503, none)).as_deref(), Some(none));
        assert_eq!(not_manager(&server(503, worker)).as_deref(), Some(worker));
        assert!(not_manager(&server(503, "This node is not part of a swarm")).is_some());
        // Another status, or other words, is a plain failure.
        assert!(not_manager(&server(404, none)).is_none());
        assert!(not_manager(&server(503, "service unavailable")).is_none());
    }
}
