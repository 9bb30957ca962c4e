//! Typed ids for the values that travel between the app and the engine, so a container id
//! cannot be passed where something else is wanted. Each is a thin wrapper over the engine's
//! string; `Borrow<str>` lets maps keyed by an id be looked up with a plain `&str`.

use std::borrow::Borrow;
use std::fmt;

/// A container's id as the engine gives it (full hex, or whatever the engine uses).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContainerId(String);

impl ContainerId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContainerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for ContainerId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&str> for ContainerId {
    fn from(id: &str) -> Self {
        Self(id.to_string())
    }
}

impl Borrow<str> for ContainerId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ContainerId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
