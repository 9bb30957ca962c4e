//! The container remove dialog: what removal loses (the writable layer's changes, asked of the
//! engine when it opens; anonymous volumes, optionally), with the choice to commit the
//! container to an image first. Named volumes are always kept.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};

use super::{Handled, Next, Overlay, close, keep};
use crate::app::names::default_commit_name;
use crate::app::operations::Job;
use crate::app::text::LineEdit;
use crate::app::{App, Effect};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::model::{Container, ContainerOp, RemoveOptions, VolumeMount, WritableLayer};
use crate::ids::ContainerId;

/// One container the remove dialog names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoveTarget {
    pub id: ContainerId,
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
    pub layers: HashMap<ContainerId, Result<WritableLayer, String>>,
    /// Commit the (single) container to this image first; `Some` while the name is edited.
    pub commit_as: Option<LineEdit>,
    /// What the containers are, when the dialog is about more than containers picked one by
    /// one (`project shop`).
    pub about: Option<String>,
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

impl RemoveDialog {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        // While the image name for a commit is typed, keys edit it.
        if let Some(name) = self.commit_as.as_mut() {
            match key.code {
                KeyCode::Enter => return (Next::Close, app.remove(self)),
                KeyCode::Esc => self.commit_as = None,
                _ => {
                    name.edit(&key);
                }
            }
            return keep();
        }
        match app.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => return (Next::Close, app.remove(self)),
            Some(Action::Cancel) => return close(),
            Some(Action::ToggleVolumes) => self.remove_volumes = !self.remove_volumes,
            Some(Action::CopyChanges) if self.targets.len() == 1 => {
                return (Next::Keep, app.copy_changes_out(&self.targets[0]));
            }
            Some(Action::CommitFirst)
                if self.targets.len() == 1 && app.allows(Action::CommitFirst) =>
            {
                // The cursor after the proposed name: its tag is what is usually changed.
                let name = default_commit_name(&self.targets[0].name, app.now);
                self.commit_as = Some(LineEdit::new(name));
            }
            _ => {}
        }
        keep()
    }
}

impl App {
    /// Opens the remove dialog for the target containers (those not busy) and asks what each
    /// one's writable layer holds, shown when known.
    pub(crate) fn open_remove_dialog(&mut self) -> Vec<Effect> {
        let targets = self.remove_targets(self.host.containers.list.targets());
        self.open_remove_on(targets, None)
    }

    /// What the remove dialog names of `containers`: those with no operation in flight.
    pub(crate) fn remove_targets(&self, containers: Vec<&Container>) -> Vec<RemoveTarget> {
        let ops = &self.host.ops;
        containers
            .into_iter()
            .filter(|c| ops.pending(&c.id).is_none())
            .map(|c| RemoveTarget {
                id: c.id.clone(),
                name: c.name.clone(),
                up: c.state.is_up(),
                volumes: c.volumes.clone(),
            })
            .collect()
    }

    /// Opens the remove dialog on `targets`, `about` naming what they are, and asks what
    /// each writable layer holds.
    pub(crate) fn open_remove_on(
        &mut self,
        targets: Vec<RemoveTarget>,
        about: Option<String>,
    ) -> Vec<Effect> {
        if targets.is_empty() {
            return vec![];
        }
        let fx = targets
            .iter()
            .map(|t| Effect::Engine(self.host.id, Request::WritableLayer { id: t.id.clone() }))
            .collect();
        self.open(Overlay::ConfirmRemove(RemoveDialog {
            targets,
            remove_volumes: false,
            layers: HashMap::new(),
            commit_as: None,
            about,
        }));
        fx
    }

    /// Copies what `t`'s writable layer added or changed to a new folder in the save folder,
    /// named after it and the time.
    fn copy_changes_out(&mut self, t: &RemoveTarget) -> Vec<Effect> {
        let stamp = crate::app::names::default_log_file(None, &t.name, self.now);
        let folder = stamp.trim_end_matches(".log").to_string() + "-changes";
        let dest = match &self.settings.folders.save {
            Some(d) => d.join(&folder).display().to_string(),
            None => folder,
        };
        let what = format!("the changes of {}", t.name);
        self.copy_started(&what);
        vec![Effect::Engine(
            self.host.id,
            Request::CopyChanges {
                container: t.id.clone(),
                dest: self.settings.folders.full(&dest),
                what,
            },
        )]
    }

    /// Removes the dialog's containers that still exist, with its choices.
    fn remove(&mut self, d: &RemoveDialog) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let opts = RemoveOptions {
            volumes: d.remove_volumes,
            force: d.needs_force(),
            commit_as: d
                .commit_as
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        };
        let jobs = d
            .targets
            .iter()
            .filter(|t| self.host.containers.list.contains(t.id.as_str()))
            .map(|t| Job {
                op: ContainerOp::Remove,
                id: t.id.clone(),
                name: t.name.clone(),
            })
            .collect::<Vec<Job>>();
        // Only one container is ever committed first; its result names the image.
        if let (Some(image), [job]) = (&opts.commit_as, jobs.as_slice()) {
            self.host.ops.saving(&job.id, image);
        }
        self.start_jobs(jobs, opts)
    }
}
