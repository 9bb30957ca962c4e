//! The state of the link to the engine, as the header and the no-engine screen show it.

use crate::engine::model::{ConnectAttempt, EngineInfo};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Not asked for yet: a host in the list that was never shown (dockhand connects to a host
    /// when it is first shown, and stays connected).
    Idle,
    /// Nothing heard yet.
    Connecting,
    Connected(EngineInfo),
    /// No address answered. The screen lists what was tried and counts down to the next try.
    Unavailable {
        attempts: Vec<ConnectAttempt>,
        problems: Vec<String>,
        retry_at: i64,
        tries: u32,
    },
    /// The engine went away; the last list stays on screen, marked stale.
    Lost {
        info: EngineInfo,
        reason: String,
    },
}

impl Connection {
    pub fn info(&self) -> Option<&EngineInfo> {
        match self {
            Connection::Connected(i) | Connection::Lost { info: i, .. } => Some(i),
            _ => None,
        }
    }

    pub fn is_connected(&self) -> bool {
        matches!(self, Connection::Connected(_))
    }
}
