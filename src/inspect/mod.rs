//! Inspect: the engine's full description of a container, image, volume or network, as a
//! tree that folds and unfolds and can be searched ([`tree`]), a container's summary of what
//! matters ([`summary`]) with its risky settings flagged ([`security`]), and the masking of secret-looking
//! environment values in both ([`secrets`]). Pure: the JSON arrives from the engine layer as
//! an ordered value ([`crate::json`]); nothing here does I/O.
//!
//! The summary and its security section share their line type ([`item`]), the readers of a
//! container's fields ([`fields`]) and the value formatting ([`format`]); imports go one way:
//! `summary` uses `security`, both use those three, and none of those three uses either.

mod fields;
mod format;
mod item;
pub mod secrets;
pub mod security;
pub mod summary;
pub mod tree;

pub use crate::json::Json;
pub use secrets::SecretPatterns;
pub use summary::Summary;
pub use tree::Tree;

/// Which kind of object is inspected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InspectKind {
    Container,
    Image,
    Volume,
    Network,
    Service,
    Task,
    Node,
}

impl InspectKind {
    pub fn noun(self) -> &'static str {
        match self {
            InspectKind::Container => "container",
            InspectKind::Image => "image",
            InspectKind::Volume => "volume",
            InspectKind::Network => "network",
            InspectKind::Service => "service",
            InspectKind::Task => "task",
            InspectKind::Node => "node",
        }
    }
}
