//! What can cover the panes: the help overlay and confirmation dialogs. One enum, so only one
//! thing is ever open and the key handling knows which.

use crate::engine::model::VolumeMount;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmRemove(RemoveDialog),
}

/// One container the remove dialog names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoveTarget {
    pub id: String,
    pub name: String,
    /// Running, paused or restarting: removing needs force (the container is killed first).
    pub up: bool,
    pub volumes: Vec<VolumeMount>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoveDialog {
    pub targets: Vec<RemoveTarget>,
    /// Also remove the anonymous volumes (`docker rm -v`). Named volumes are always kept.
    pub remove_volumes: bool,
}

impl RemoveDialog {
    pub fn needs_force(&self) -> bool {
        self.targets.iter().any(|t| t.up)
    }

    pub fn anonymous_volumes(&self) -> impl Iterator<Item = (&RemoveTarget, &VolumeMount)> {
        self.targets.iter().flat_map(|t| {
            t.volumes
                .iter()
                .filter(|v| v.anonymous)
                .map(move |v| (t, v))
        })
    }

    pub fn named_volumes(&self) -> impl Iterator<Item = (&RemoveTarget, &VolumeMount)> {
        self.targets.iter().flat_map(|t| {
            t.volumes
                .iter()
                .filter(|v| !v.anonymous)
                .map(move |v| (t, v))
        })
    }
}
