//! Actions of the containers pane: operations in batches (start, stop, restart, pause, kill,
//! and remove from its dialog), the log pane below the list, the stats and processes views.

use crate::app::logs::LogMode;
use crate::app::operations::Job;
use crate::app::{App, Effect, Level};
use crate::config::{Action, ContainerAction};
use crate::engine::Request;
use crate::engine::exec::{Ended, Run};
use crate::engine::model::{ContainerOp, ContainerState, RemoveOptions};

/// What a copy's report says: how far it is, or how it ended.
pub(crate) enum CopyReport {
    Progress(u64),
    Done(Result<crate::engine::copy::Copied, String>),
}

impl App {
    pub(super) fn on_containers(&mut self, action: ContainerAction) -> Vec<Effect> {
        match action {
            ContainerAction::ToggleAll => {
                self.host.containers.show_all = !self.host.containers.show_all;
                self.rebuild();
            }
            ContainerAction::Logs => {
                self.host.logs.mode = match self.host.logs.mode {
                    LogMode::Closed => LogMode::Split,
                    _ => LogMode::Closed,
                };
                self.host.logs.project = None;
                self.host.logs.service = None;
                self.rebuild();
            }
            ContainerAction::LogsProject => {
                self.host.logs.service = None;
                if self.host.logs.project.take().is_none() {
                    let project = self
                        .host
                        .containers
                        .list
                        .selected()
                        .and_then(|c| c.compose_project.clone());
                    match project {
                        Some(p) => {
                            self.host.logs.project = Some(p);
                            if self.host.logs.mode == LogMode::Closed {
                                self.host.logs.mode = LogMode::Split;
                            }
                        }
                        None => self.screen.toasts.push(
                            Level::Warning,
                            "the selected container is not part of a compose project",
                            self.now,
                        ),
                    }
                }
                self.rebuild();
            }
            ContainerAction::LogsFull => {
                self.host.logs.mode = LogMode::Full;
                self.rebuild();
            }
            ContainerAction::Start
            | ContainerAction::Stop
            | ContainerAction::Restart
            | ContainerAction::Kill
            | ContainerAction::Pause => return self.on_targets(Action::Containers(action)),
            ContainerAction::SortState => self.sort_by(&["state"]),
            ContainerAction::SortStatus => self.sort_by(&["status"]),
            ContainerAction::SortImage => self.sort_by(&["image"]),
            ContainerAction::SortProject => self.sort_by(&["project"]),
            ContainerAction::SortCpu => self.sort_by(&["cpu"]),
            ContainerAction::SortMemory => self.sort_by(&["memory"]),
            ContainerAction::Stats => return self.open_stats(),
            ContainerAction::Shell => {
                // The host's configured command, else the config's, else the first shell found.
                let configured = self.host.shell.clone().or(self.settings.shell.clone());
                let run = match configured.and_then(|c| crate::command_line::parse(&c).ok()) {
                    Some(c) => Run::Command {
                        words: c.words,
                        user: c.user,
                    },
                    None => Run::Shell,
                };
                return self.open_session(run, false);
            }
            ContainerAction::Attach => {
                let detach_keys = self.settings.detach_keys.clone();
                return self.open_session(Run::Attach { detach_keys }, false);
            }
            ContainerAction::Exec => self.ask_exec(),
            ContainerAction::Files => return self.open_files(),
            ContainerAction::CopyOut | ContainerAction::CopyIn => {
                if let Some(c) = self.host.containers.list.selected() {
                    let (container, name) = (c.id.clone(), c.name.clone());
                    let purpose = if action == ContainerAction::CopyOut {
                        crate::app::overlays::PromptFor::CopyOutPath { container, name }
                    } else {
                        crate::app::overlays::PromptFor::CopyInPath { container, name }
                    };
                    self.prompt(purpose);
                }
            }
            ContainerAction::Processes => return self.open_processes(),
            ContainerAction::SecurityMarks => {
                self.settings.security_marks = !self.settings.security_marks;
            }
        }
        vec![]
    }

    /// A session (`run`) in the selected container, if it runs; `hold`: keep a command's last
    /// output until a key.
    pub(crate) fn open_session(&mut self, run: Run, hold: bool) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let Some(c) = self.host.containers.list.selected() else {
            return vec![];
        };
        if c.state != ContainerState::Running {
            let text = format!(
                "{} is {}: a shell runs only in a running container",
                c.name, c.state
            );
            self.screen.toasts.push(Level::Warning, text, self.now);
            return vec![];
        }
        vec![Effect::Shell {
            host: self.host.id,
            container: c.id.clone(),
            name: c.name.clone(),
            run,
            hold,
        }]
    }

    /// Asks what to run in the selected container (offering the last command for its image).
    fn ask_exec(&mut self) {
        let Some(c) = self.host.containers.list.selected() else {
            return;
        };
        if c.state != ContainerState::Running {
            let text = format!(
                "{} is {}: a command runs only in a running container",
                c.name, c.state
            );
            self.screen.toasts.push(Level::Warning, text, self.now);
            return;
        }
        let last = self.exec_memory.get(&c.image).cloned().unwrap_or_default();
        let purpose = crate::app::overlays::PromptFor::Exec {
            container: c.id.clone(),
            name: c.name.clone(),
            image: c.image.clone(),
        };
        self.prompt_with(purpose, last);
    }

    /// Says a copy began (its progress and end replace the message).
    pub(crate) fn copy_started(&mut self, what: &str) {
        let text = format!("copying {what}…");
        let about = format!("copy:{what}");
        self.screen
            .toasts
            .push_about(Level::Info, text, self.now, &about);
    }

    /// Says how far a copy is, then how it ended.
    pub(crate) fn copy_report(&mut self, what: &str, report: CopyReport) {
        let about = format!("copy:{what}");
        let (level, text) = match report {
            CopyReport::Progress(bytes) => (
                Level::Info,
                format!("copying {what}: {}…", crate::units::binary_size(bytes)),
            ),
            CopyReport::Done(Ok(c)) => (
                Level::Success,
                format!(
                    "copied {what}: {} entr{}, {}, now at {}",
                    c.entries,
                    if c.entries == 1 { "y" } else { "ies" },
                    crate::units::binary_size(c.bytes),
                    c.to,
                ),
            ),
            CopyReport::Done(Err(e)) => (Level::Error, format!("could not copy {what}: {e}")),
        };
        self.screen.toasts.push_about(level, text, self.now, &about);
    }

    /// Says how a session in a container ended (`what`: `shell`, or the command's program).
    pub(crate) fn shell_ended(
        &mut self,
        what: &str,
        id: &crate::ids::ContainerId,
        name: &str,
        result: Result<Ended, String>,
    ) {
        // A session also ends when its container stops: say so, it is why.
        let stopped = self
            .host
            .containers
            .list
            .get(id.as_str())
            .is_some_and(|c| c.state != ContainerState::Running);
        let name = if stopped {
            format!("{name} (the container stopped)")
        } else {
            name.to_string()
        };
        let (level, text) = match result {
            Ok(Ended::Detached) => (
                Level::Info,
                format!("detached from {name}: it keeps running"),
            ),
            Ok(Ended::Exited(Some(0))) => (
                Level::Success,
                format!("{what} in {name} ended (exit code 0)"),
            ),
            Ok(Ended::Exited(Some(code))) => (
                Level::Warning,
                format!("{what} in {name} ended with exit code {code}"),
            ),
            Ok(Ended::Exited(None)) => (Level::Info, format!("{what} in {name} ended")),
            Err(e) => (Level::Error, format!("{what} in {name}: {e}")),
        };
        self.screen.toasts.push(level, text, self.now);
    }

    /// Applies an operation to the targets (see [`App::on_targets`]).
    pub(crate) fn container_op_on_targets(&mut self, action: ContainerAction) -> Vec<Effect> {
        match action {
            ContainerAction::Start => self.container_op(|_| Some(ContainerOp::Start)),
            ContainerAction::Stop => self.container_op(|_| Some(ContainerOp::Stop)),
            ContainerAction::Restart => self.container_op(|_| Some(ContainerOp::Restart)),
            ContainerAction::Kill => self.container_op(|s| s.is_up().then_some(ContainerOp::Kill)),
            // Pause toggles: running containers pause, paused ones unpause.
            ContainerAction::Pause => self.container_op(|s| match s {
                ContainerState::Paused => Some(ContainerOp::Unpause),
                ContainerState::Running => Some(ContainerOp::Pause),
                _ => None,
            }),
            _ => vec![],
        }
    }

    /// Applies an operation to the targets; `pick` chooses it from each container's state
    /// (pause toggles) or skips the container (`None`).
    fn container_op(
        &mut self,
        pick: impl Fn(&ContainerState) -> Option<ContainerOp>,
    ) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let mut jobs = Vec::new();
        let mut skipped = Vec::new();
        for c in self.host.containers.list.targets() {
            if self.host.ops.pending(&c.id).is_some() {
                skipped.push(format!("{} is busy", c.name));
                continue;
            }
            match pick(&c.state) {
                Some(op) => jobs.push(Job {
                    op,
                    id: c.id.clone(),
                    name: c.name.clone(),
                }),
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

    pub(crate) fn start_jobs(&mut self, jobs: Vec<Job>, remove: RemoveOptions) -> Vec<Effect> {
        if jobs.is_empty() {
            return vec![];
        }
        self.host.containers.list.marks.clear();
        self.host
            .ops
            .begin(jobs.iter().map(|j| (j.op, j.id.clone())).collect());
        let effects = jobs
            .into_iter()
            .map(|Job { op, id, name }| {
                Effect::Engine(
                    self.host.id,
                    Request::Container {
                        op,
                        id,
                        name,
                        remove: remove.clone(),
                    },
                )
            })
            .collect();
        self.rebuild();
        effects
    }
}
