//! The remove dialog for images, volumes and networks: who uses each (from the containers
//! list), what cannot go (built-in networks), what loses data (named volumes); force and
//! untag-only for images.

use crossterm::event::KeyEvent;

use super::{Handled, Next, Overlay, close, keep};
use crate::app::{App, Effect, Level, Pane, wording};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::model::Container;
use crate::ids::NetworkId;

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

impl ObjectRemoval {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let image = self.kind == ObjectKind::Image;
        match app.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => return (Next::Close, app.remove_objects(self)),
            Some(Action::Cancel) => return close(),
            Some(Action::Force) if image => self.force = !self.force,
            Some(Action::UntagOnly) if image && self.targets.len() == 1 => {
                self.untag_only = match self.untag_only {
                    Some(_) => None,
                    None => app
                        .host
                        .images
                        .get(&self.targets[0].key)
                        .filter(|i| i.tags.len() > 1)
                        .and_then(|i| i.tags.first().cloned()),
                };
            }
            _ => {}
        }
        keep()
    }
}

impl App {
    /// Who uses what, from the containers list: "name (running)" per container.
    pub(crate) fn users_of(&self, uses: impl Fn(&Container) -> bool) -> Vec<String> {
        let mut out: Vec<String> = self
            .host
            .containers
            .list
            .all()
            .filter(|c| uses(c))
            .map(|c| {
                let how = if c.state.is_up() {
                    "running"
                } else {
                    "stopped"
                };
                format!("{} ({how})", c.name)
            })
            .collect();
        out.sort();
        out
    }

    pub(crate) fn open_object_removal(&mut self) {
        let (kind, targets): (ObjectKind, Vec<ObjectTarget>) = match self.screen.pane {
            Pane::Images => (ObjectKind::Image, self.image_targets()),
            Pane::Volumes => (
                ObjectKind::Volume,
                self.host
                    .volumes
                    .targets()
                    .into_iter()
                    .map(|v| ObjectTarget {
                        key: v.name.clone(),
                        label: v.name.clone(),
                        used_by: self.users_of(|c| c.volumes.iter().any(|m| m.name == v.name)),
                        used_by_running: false,
                        refused: None,
                        holds_data: !v.anonymous,
                    })
                    .collect(),
            ),
            Pane::Networks => (
                ObjectKind::Network,
                self.host
                    .networks
                    .targets()
                    .into_iter()
                    .map(|n| ObjectTarget {
                        key: n.id.to_string(),
                        label: n.name.clone(),
                        used_by: n.containers.iter().map(|u| u.name.clone()).collect(),
                        used_by_running: false,
                        refused: n
                            .builtin()
                            .then(|| "a built-in network cannot be removed".to_string()),
                        holds_data: false,
                    })
                    .collect(),
            ),
            // Their own dialogs (the container remove dialog).
            Pane::Containers | Pane::Projects => return,
            // Swarm objects have their own confirmation.
            Pane::Services | Pane::Tasks | Pane::Nodes | Pane::Security => return,
        };
        if !targets.is_empty() {
            let untag_only = match kind {
                ObjectKind::Image => self.image_untag_only(&targets),
                _ => None,
            };
            self.open(Overlay::RemoveObjects(ObjectRemoval {
                kind,
                targets,
                force: false,
                untag_only,
            }));
        }
    }

    fn remove_objects(&mut self, d: &ObjectRemoval) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let skipped = d.targets.len() - d.removable().count();
        if skipped > 0 {
            self.screen.toasts.push(
                Level::Warning,
                format!(
                    "{} in use or built in {} left alone",
                    wording::count(skipped, d.kind.noun()),
                    if skipped == 1 { "was" } else { "were" }
                ),
                self.now,
            );
        }
        self.host.images.marks.clear();
        self.host.volumes.marks.clear();
        self.host.networks.marks.clear();
        d.removable()
            .map(|t| {
                Effect::Engine(
                    self.host.id,
                    match d.kind {
                        ObjectKind::Image => Request::RemoveImage {
                            key: d.untag_only.clone().unwrap_or_else(|| t.key.clone()),
                            label: d.untag_only.clone().unwrap_or_else(|| t.label.clone()),
                            force: d.force,
                        },
                        ObjectKind::Volume => Request::RemoveVolume {
                            name: t.key.clone(),
                        },
                        ObjectKind::Network => Request::RemoveNetwork {
                            id: NetworkId::from(t.key.as_str()),
                            label: t.label.clone(),
                        },
                    },
                )
            })
            .collect()
    }
}
