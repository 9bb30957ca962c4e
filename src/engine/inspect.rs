//! The engine's full description of one object (`docker inspect`), read raw.
//!
//! bollard's inspect models drop every field they do not know and change shape between API
//! versions; the raw JSON keeps everything the engine said, in its order, whatever its
//! version (Docker 20.10, 26.1, podman's compatible API).

use futures_util::StreamExt;

use super::connect::Engine;
use super::logs::path_segment;
use crate::ids::ContainerId;
use crate::inspect::{InspectKind, Json};

/// The engine path that describes an object of `kind` named `id` (escaped as one segment).
pub fn inspect_path(kind: InspectKind, id: &str) -> String {
    let id = path_segment(id);
    match kind {
        InspectKind::Container => format!("/containers/{id}/json"),
        InspectKind::Image => format!("/images/{id}/json"),
        InspectKind::Volume => format!("/volumes/{id}"),
        InspectKind::Network => format!("/networks/{id}"),
        InspectKind::Service => format!("/services/{id}"),
        InspectKind::Task => format!("/tasks/{id}"),
        InspectKind::Node => format!("/nodes/{id}"),
    }
}

/// Containers described at once by [`Engine::inspect_containers`]: enough to fill a view of
/// hundreds quickly, few enough that the engine answers everything else meanwhile.
pub const INSPECTS_AT_ONCE: usize = 8;

impl Engine {
    /// Each container's description (or the engine's message), at most [`INSPECTS_AT_ONCE`]
    /// asked at a time; in no particular order.
    pub async fn inspect_containers(
        &self,
        ids: Vec<ContainerId>,
    ) -> Vec<(ContainerId, Result<Json, String>)> {
        futures_util::stream::iter(ids)
            .map(|id| async move {
                let doc = self.inspect(InspectKind::Container, id.as_str()).await;
                (id, doc)
            })
            .buffer_unordered(INSPECTS_AT_ONCE)
            .collect()
            .await
    }

    /// The object's description as the engine wrote it; the engine's own message when it
    /// refuses (e.g. "No such container: …").
    pub async fn inspect(&self, kind: InspectKind, id: &str) -> Result<Json, String> {
        let body = self.get_raw(&inspect_path(kind, id)).await?;
        Json::parse(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_what_is_not_a_plain_name() {
        assert_eq!(
            inspect_path(InspectKind::Container, "web-1"),
            "/containers/web-1/json"
        );
        assert_eq!(
            inspect_path(InspectKind::Image, "sha256:abc"),
            "/images/sha256%3Aabc/json"
        );
        assert_eq!(
            inspect_path(InspectKind::Image, "local/busybox:test"),
            "/images/local%2Fbusybox%3Atest/json"
        );
        assert_eq!(inspect_path(InspectKind::Volume, "v.1"), "/volumes/v.1");
        assert_eq!(
            inspect_path(InspectKind::Network, "a b/../x"),
            "/networks/a%20b%2F..%2Fx"
        );
    }
}
