//! Prune with an exact preview: [`Engine::prune_preview`] lists exactly what the matching
//! docker prune would remove, computed from the engine's lists (never by calling a prune), and
//! [`Engine::prune_apply`] removes exactly those objects, one by one and by id, after checking
//! again that each is still unused. What became used in between is skipped and reported.
//!
//! The rules follow the engine's own prune code (moby `daemon/prune.go`, `image_prune.go`)
//! and were checked against Docker 20.10 (API 1.41) and 26.1 (API 1.45):
//! - stopped containers: every container whose processes do not exist (exited, created,
//!   dead); paused and restarting ones count as running;
//! - dangling images: untagged images that no other image builds on and no container uses;
//! - unused images: every image no container uses, except untagged intermediate layers (they
//!   go with the image built on them) and images that a kept image builds on (the engine
//!   would only untag those, leaving them in place);
//! - unused networks: custom networks with no running container. Like the engine, a network
//!   that only stopped containers are attached to is removed, and those containers can no
//!   longer start: the item's detail says so. Swarm-scoped networks are left out: the
//!   services that use them are not visible from containers;
//! - anonymous volumes: unused volumes with the engine's anonymous label or a random 64-hex
//!   name (Docker 23+ `volume prune` looks at the label only; older engines set none, and
//!   their `volume prune` removes every unused volume, named ones too);
//! - all unused volumes: every volume no container (running or not) mounts;
//! - build cache: records no build uses, not shared with an image, and not the builder's
//!   internal or frontend records (`docker builder prune` without `-a`).

mod apply;
#[cfg(test)]
mod fixtures;
mod plan;

use super::model::ContainerState;
// For the links in the module documentation.
#[cfg(doc)]
use super::connect::Engine;

/// What `docker container prune` removes: containers whose processes do not exist. A
/// container being removed is the engine's business already.
fn is_stopped(state: &ContainerState) -> bool {
    matches!(
        state,
        ContainerState::Exited | ContainerState::Created | ContainerState::Dead
    )
}
