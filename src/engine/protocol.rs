//! What the app asks of the engine ([`Request`]) and what comes back ([`Report`]).
//!
//! Replies carry the sequence number of the request they answer, so the app can drop a reply
//! that an event or a newer request has overtaken.

use super::model::{
    ConnectAttempt, Container, ContainerOp, EngineEvent, EngineInfo, RemoveOptions,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// List every container (running or not).
    ListContainers { seq: u64 },
    /// Fetch one container's row again, after an event about it.
    RefreshContainer { seq: u64, id: String },
    /// Change a container. `name` is only for the result message.
    Container {
        op: ContainerOp,
        id: String,
        name: String,
        remove: RemoveOptions,
    },
    /// Give up waiting and try to connect now.
    Reconnect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// An engine answered.
    Connected(EngineInfo),
    /// No candidate answered; dockhand tries again after `retry_in_secs`.
    Unavailable {
        attempts: Vec<ConnectAttempt>,
        problems: Vec<String>,
        retry_in_secs: u64,
    },
    /// The connection broke; dockhand is reconnecting.
    Lost {
        reason: String,
    },
    /// Events may have been missed (the stream restarted): the app should list again.
    Gap,
    Event(EngineEvent),
    Containers {
        seq: u64,
        result: Result<Vec<Container>, String>,
    },
    Container {
        seq: u64,
        id: String,
        /// `Ok(None)`: the container no longer exists.
        result: Result<Option<Container>, String>,
    },
    OpDone {
        op: ContainerOp,
        id: String,
        name: String,
        result: Result<(), String>,
    },
}
