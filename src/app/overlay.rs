//! What can cover the panes: the help overlay, confirmation dialogs, and views such as an
//! image's layers or an object's inspect. One enum, so only one
//! thing is ever open and the key handling knows which.

use std::collections::HashMap;

use super::prune::{DiskView, PrunePreview, PruneResult};
use crate::engine::model::{VolumeMount, WritableLayer};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmRemove(RemoveDialog),
    RemoveObjects(ObjectRemoval),
    /// A one-line text prompt (a name for a new volume or network).
    Prompt(Prompt),
    /// Disk usage and the choice of what to prune.
    Disk(DiskView),
    History(HistoryView),
    Pull(PullView),
    PrunePreview(PrunePreview),
    PruneResult(PruneResult),
    /// The live numbers of a container, with charts (the data is in the stats book).
    Stats(StatsView),
    Processes(ProcessView),
    /// A container's, image's, volume's or network's full description (full screen).
    Inspect(super::inspect::InspectView),
}

/// The stats view follows the containers list's selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsView {
    pub id: String,
    pub name: String,
}

/// A container's processes, asked for again every [`ProcessView::EVERY`] seconds while shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessView {
    pub seq: u64,
    pub id: String,
    pub name: String,
    pub top: Option<Result<crate::engine::top::Top, String>>,
    /// When the list shown was asked for (unix seconds), and whether an answer is awaited.
    pub asked: i64,
    pub in_flight: bool,
    pub scroll: usize,
}

impl ProcessView {
    pub const EVERY: i64 = 2;
}

/// What is typed into a prompt for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptFor {
    CreateVolume,
    CreateNetwork,
    /// A new `repo:tag` for an image.
    TagImage {
        id: String,
        label: String,
    },
    /// A container (name or id) to connect to, or disconnect from, a network.
    Connect {
        network: String,
        label: String,
    },
    Disconnect {
        network: String,
        label: String,
    },
    /// An image reference to pull.
    Pull,
    /// A file to save the log lines in view to.
    SaveLogs,
    /// A file to save a container's whole log to.
    SaveWholeLog {
        container: String,
    },
    /// A time window of logs.
    LogWindow,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: String,
}

impl PromptFor {
    pub fn title(&self) -> String {
        match self {
            PromptFor::CreateVolume => "New volume name".into(),
            PromptFor::CreateNetwork => "New internal network name".into(),
            PromptFor::TagImage { label, .. } => format!("Tag {label} as (repo:tag)"),
            PromptFor::Connect { label, .. } => format!("Container to connect to {label}"),
            PromptFor::Disconnect { label, .. } => format!("Container to disconnect from {label}"),
            PromptFor::Pull => "Image to pull (name:tag, registry:port/name:tag)".into(),
            PromptFor::SaveLogs => "Save the lines in view to (a new file)".into(),
            PromptFor::SaveWholeLog { .. } => {
                "Save the whole log, fetched afresh, to (a new file)".into()
            }
            PromptFor::LogWindow => {
                "Logs since (↑↓ presets; 10m, 2h, a time; SINCE..UNTIL; empty: tail)".into()
            }
        }
    }
}

/// A pull in progress, or its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullView {
    pub pull: u64,
    pub reference: String,
    pub progress: crate::engine::pull::PullProgress,
    /// `Some` once it ended: the engine's last status, or why it failed or stopped.
    pub result: Option<Result<String, String>>,
    /// A cancel was sent and not answered yet.
    pub cancelling: bool,
}

/// An image's layers, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryView {
    pub seq: u64,
    pub label: String,
    pub layers: Option<Result<Vec<crate::engine::objects::Layer>, String>>,
    pub scroll: usize,
}

/// Which kind of object a removal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    Image,
    Volume,
    Network,
}

impl ObjectKind {
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::Image => "image",
            ObjectKind::Volume => "volume",
            ObjectKind::Network => "network",
        }
    }
}

/// One image, volume or network the removal dialog names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectTarget {
    /// What the engine is asked to remove: an image id or reference, a volume name, a network id.
    pub key: String,
    /// How the user knows it.
    pub label: String,
    /// Containers using it, as "name (running)" / "name (stopped)".
    pub used_by: Vec<String>,
    /// One of those is running: the engine refuses to delete an image even when forced.
    pub used_by_running: bool,
    /// Why it cannot be removed at all (a built-in network), if so.
    pub refused: Option<String>,
    /// A named volume: its data is lost.
    pub holds_data: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRemoval {
    pub kind: ObjectKind,
    pub targets: Vec<ObjectTarget>,
    /// Images only: untag or delete even images in use (volumes and networks in use are never
    /// removed; the engine refuses them anyway).
    pub force: bool,
    /// For an image with several tags: remove only this reference (untag), not the image.
    pub untag_only: Option<String>,
}

impl ObjectRemoval {
    /// Targets that would be removed with the current choices.
    pub fn removable(&self) -> impl Iterator<Item = &ObjectTarget> {
        self.targets.iter().filter(|t| {
            t.refused.is_none()
                && (t.used_by.is_empty()
                    || self.untag_only.is_some()
                    || (self.force && !t.used_by_running))
        })
    }
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
    /// What each target's writable layer holds, by id, once the engine said.
    pub layers: HashMap<String, Result<WritableLayer, String>>,
    /// Commit the (single) container to this image first; `Some` while the name is edited.
    pub commit_as: Option<String>,
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
