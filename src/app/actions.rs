//! Actions that change the engine, prepared as effects: container operations in batches, the
//! remove dialogs, object removal, and applying a prune.

use std::collections::HashMap;

use super::*;

impl App {
    /// Applies an operation to the targets; `pick` chooses it from each container's state
    /// (pause toggles) or skips the container (`None`).
    pub(super) fn container_op(
        &mut self,
        pick: impl Fn(&ContainerState) -> Option<ContainerOp>,
    ) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            self.screen
                .toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let mut jobs = Vec::new();
        let mut skipped = Vec::new();
        for c in self.host.containers.targets() {
            if self.host.containers.pending.contains_key(&c.id) {
                skipped.push(format!("{} is busy", c.name));
                continue;
            }
            match pick(&c.state) {
                Some(op) => jobs.push((op, c.id.clone(), c.name.clone())),
                None => skipped.push(format!("{} is {}", c.name, c.state)),
            }
        }
        if !skipped.is_empty() {
            self.screen.toasts.push(
                Level::Warning,
                format!("skipped: {}", skipped.join(", ")),
                self.now,
            );
        }
        self.start_jobs(jobs, RemoveOptions::default())
    }

    pub(super) fn start_jobs(
        &mut self,
        jobs: Vec<(ContainerOp, String, String)>,
        remove: RemoveOptions,
    ) -> Vec<Effect> {
        if jobs.is_empty() {
            return vec![];
        }
        self.host.containers.marks.clear();
        self.host
            .ops
            .begin(jobs.iter().map(|(op, id, _)| (*op, id.clone())).collect());
        let effects = jobs
            .into_iter()
            .map(|(op, id, name)| {
                self.host.containers.pending.insert(id.clone(), op);
                Effect::Engine(Request::Container {
                    op,
                    id,
                    name,
                    remove: remove.clone(),
                })
            })
            .collect();
        self.rebuild();
        effects
    }

    /// Who uses what, from the containers list: "name (running)" per container.
    pub(super) fn users_of(
        &self,
        uses: impl Fn(&crate::engine::model::Container) -> bool,
    ) -> Vec<String> {
        let mut out: Vec<String> = self
            .host
            .containers
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

    pub(super) fn open_object_removal(&mut self) {
        let (kind, targets): (ObjectKind, Vec<ObjectTarget>) = match self.screen.pane {
            Pane::Images => (
                ObjectKind::Image,
                self.host
                    .images
                    .targets()
                    .into_iter()
                    .map(|i| ObjectTarget {
                        key: i.id.clone(),
                        label: i.label(),
                        used_by: self.users_of(|c| c.image_id == i.id),
                        used_by_running: self
                            .host
                            .containers
                            .all()
                            .any(|c| c.image_id == i.id && c.state.is_up()),
                        refused: None,
                        holds_data: false,
                    })
                    .collect(),
            ),
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
                        key: n.id.clone(),
                        label: n.name.clone(),
                        used_by: n.containers.iter().map(|(_, name)| name.clone()).collect(),
                        used_by_running: false,
                        refused: n
                            .builtin()
                            .then(|| "a built-in network cannot be removed".to_string()),
                        holds_data: false,
                    })
                    .collect(),
            ),
            Pane::Containers => return,
        };
        if !targets.is_empty() {
            self.screen.overlay = Some(Overlay::RemoveObjects(ObjectRemoval {
                kind,
                targets,
                force: false,
                untag_only: None,
            }));
        }
    }

    pub(super) fn apply_prune(&mut self, mut p: PrunePreview) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            self.screen
                .toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            self.screen.overlay = Some(Overlay::PrunePreview(p));
            return vec![];
        }
        let items = p.chosen();
        let kind = p.kind;
        p.applying = true;
        p.typed = None;
        self.screen.overlay = Some(Overlay::PrunePreview(p));
        vec![Effect::Engine(Request::PruneApply { kind, items })]
    }

    pub(super) fn remove_objects(&mut self, d: ObjectRemoval) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            self.screen
                .toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let skipped = d.targets.len() - d.removable().count();
        if skipped > 0 {
            self.screen.toasts.push(
                Level::Warning,
                format!(
                    "{skipped} {}(s) in use or built in were left alone",
                    d.kind.noun()
                ),
                self.now,
            );
        }
        self.host.images.marks.clear();
        self.host.volumes.marks.clear();
        self.host.networks.marks.clear();
        d.removable()
            .map(|t| {
                Effect::Engine(match d.kind {
                    ObjectKind::Image => Request::RemoveImage {
                        key: d.untag_only.clone().unwrap_or_else(|| t.key.clone()),
                        label: d.untag_only.clone().unwrap_or_else(|| t.label.clone()),
                        force: d.force,
                    },
                    ObjectKind::Volume => Request::RemoveVolume {
                        name: t.key.clone(),
                    },
                    ObjectKind::Network => Request::RemoveNetwork {
                        id: t.key.clone(),
                        label: t.label.clone(),
                    },
                })
            })
            .collect()
    }

    pub(super) fn open_remove_dialog(&mut self) -> Vec<Effect> {
        let targets: Vec<RemoveTarget> = self
            .host
            .containers
            .targets()
            .into_iter()
            .filter(|c| !self.host.containers.pending.contains_key(&c.id))
            .map(|c| RemoveTarget {
                id: c.id.clone(),
                name: c.name.clone(),
                up: c.state.is_up(),
                volumes: c.volumes.clone(),
            })
            .collect();
        if targets.is_empty() {
            return vec![];
        }
        // What each container's writable layer holds is asked for now and shown when known.
        let fx = targets
            .iter()
            .map(|t| Effect::Engine(Request::WritableLayer { id: t.id.clone() }))
            .collect();
        self.screen.overlay = Some(Overlay::ConfirmRemove(RemoveDialog {
            targets,
            remove_volumes: false,
            layers: HashMap::new(),
            commit_as: None,
        }));
        fx
    }

    pub(super) fn remove(&mut self, d: RemoveDialog) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            self.screen
                .toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let opts = RemoveOptions {
            volumes: d.remove_volumes,
            force: d.needs_force(),
            commit_as: d.commit_as.clone().filter(|c| !c.trim().is_empty()),
        };
        let jobs = d
            .targets
            .into_iter()
            .filter(|t| self.host.containers.contains(&t.id))
            .map(|t| (ContainerOp::Remove, t.id, t.name))
            .collect();
        self.start_jobs(jobs, opts)
    }
}

/// A name for the image a container is committed to before removal: `NAME-backup:YYYYMMDD-HHMM`
/// (UTC), valid as a reference whatever the container's name.
pub fn default_commit_name(container: &str, now: i64) -> String {
    let repo: String = container
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let repo = repo.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let repo = if repo.is_empty() { "container" } else { repo };
    let stamp = humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(now.max(0) as u64),
    )
    .to_string();
    // 2026-11-29T18:44:31Z -> 20261129-1844
    let digits: String = stamp.chars().filter(char::is_ascii_digit).collect();
    let tag = format!(
        "{}-{}",
        digits.get(..8).unwrap_or("0"),
        digits.get(8..12).unwrap_or("0")
    );
    format!("{repo}-backup:{tag}")
}
