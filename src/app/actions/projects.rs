//! Actions of the compose projects pane: fold and unfold, the merged logs, and operations on
//! every container of the selected (or marked) projects at once, each after one confirmation
//! naming the containers (`overlays/project_confirm.rs`); removal goes through the container
//! remove dialog, with its writable-layer and volume care. `compose up -d`, `down` and `pull`
//! run the compose CLI on the files the project's labels name.

use std::sync::Arc;

use crate::app::logs::LogMode;
use crate::app::operations::Job;
use crate::app::overlays::{ProjectConfirm, ProjectRun};
use crate::app::projects::Project;
use crate::app::{App, Effect, Level, Overlay};
use crate::config::ProjectAction;
use crate::engine::Request;
use crate::engine::compose::{ComposeCall, ComposeVerb};
use crate::engine::model::{Container, ContainerOp, ContainerState};

impl App {
    pub(super) fn on_projects(&mut self, action: ProjectAction) -> Vec<Effect> {
        match action {
            ProjectAction::ProjectFold => {
                self.host.projects.toggle_fold();
                self.rebuild();
                vec![]
            }
            ProjectAction::ProjectLogs | ProjectAction::ProjectLogsFull => {
                self.project_logs(action == ProjectAction::ProjectLogsFull);
                vec![]
            }
            ProjectAction::ProjectStart => self.confirm_project_op("Start", |s| {
                (!s.is_up()).then_some(ContainerOp::Start).ok_or("running")
            }),
            ProjectAction::ProjectStop => self.confirm_project_op("Stop", |s| {
                s.is_up().then_some(ContainerOp::Stop).ok_or("not running")
            }),
            ProjectAction::ProjectRestart => {
                self.confirm_project_op("Restart", |_| Ok(ContainerOp::Restart))
            }
            ProjectAction::ProjectPause => {
                // Pause when any container runs; else unpause the paused ones.
                let any_running = self
                    .project_containers()
                    .iter()
                    .any(|c| c.state == ContainerState::Running);
                if any_running {
                    self.confirm_project_op("Pause", |s| match s {
                        ContainerState::Running => Ok(ContainerOp::Pause),
                        _ => Err("not running"),
                    })
                } else {
                    self.confirm_project_op("Unpause", |s| match s {
                        ContainerState::Paused => Ok(ContainerOp::Unpause),
                        _ => Err("not paused"),
                    })
                }
            }
            ProjectAction::ComposeUp => self.confirm_compose(ComposeVerb::Up),
            ProjectAction::ComposeDown => self.confirm_compose(ComposeVerb::Down),
            ProjectAction::ComposePull => self.confirm_compose(ComposeVerb::Pull),
        }
    }

    /// Follows the selected project's containers as one log, below the list or full screen;
    /// the same key again closes it.
    fn project_logs(&mut self, full: bool) {
        let Some(name) = self.host.projects.selected().map(|p| p.name.clone()) else {
            return;
        };
        let same = self.host.logs.project.as_deref() == Some(name.as_str());
        if same && !full && self.host.logs.mode != LogMode::Closed {
            self.host.logs.mode = LogMode::Closed;
            self.host.logs.project = None;
        } else {
            self.host.logs.project = Some(name);
            self.host.logs.service = None;
            self.host.logs.mode = if full { LogMode::Full } else { LogMode::Split };
        }
        self.rebuild();
    }

    /// The projects actions apply to now.
    fn project_targets(&self) -> Vec<Arc<Project>> {
        self.host.projects.targets()
    }

    /// Every container of the target projects, as listed now.
    fn project_containers(&self) -> Vec<&Container> {
        let list = &self.host.containers.list;
        self.project_targets()
            .iter()
            .flat_map(|p| p.containers.clone())
            .filter_map(|id| list.get(id.as_str()))
            .collect()
    }

    /// Asks once before `verb` reaches every container of the target projects that `pick`
    /// takes (the others are named as skipped, with why).
    fn confirm_project_op(
        &mut self,
        verb: &str,
        pick: impl Fn(&ContainerState) -> Result<ContainerOp, &'static str>,
    ) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let projects = self.project_targets();
        if projects.is_empty() {
            return vec![];
        }
        let mut jobs = Vec::new();
        let mut skipped = Vec::new();
        for c in self.project_containers() {
            if self.host.ops.pending(&c.id).is_some() {
                skipped.push(format!("{} (busy)", c.name));
                continue;
            }
            match pick(&c.state) {
                Ok(op) => jobs.push(Job {
                    op,
                    id: c.id.clone(),
                    name: c.name.clone(),
                }),
                Err(why) => skipped.push(format!("{} ({why})", c.name)),
            }
        }
        let names = project_names(&projects);
        if jobs.is_empty() {
            let text = format!(
                "{} {names}: nothing to do ({})",
                verb.to_lowercase(),
                skipped.join(", ")
            );
            self.screen.toasts.push(Level::Warning, text, self.now);
            return vec![];
        }
        self.open(Overlay::ProjectConfirm(ProjectConfirm {
            title: format!("{verb} {names}"),
            names: jobs.iter().map(|j| j.name.clone()).collect(),
            skipped,
            run: ProjectRun::Jobs(jobs),
        }));
        vec![]
    }

    /// Opens the container remove dialog on every container of the target projects.
    pub(crate) fn open_project_removal(&mut self) -> Vec<Effect> {
        let about = project_names(&self.project_targets());
        let targets = self.remove_targets(self.project_containers());
        self.open_remove_on(targets, Some(about))
    }

    /// Asks before running the compose CLI on the selected project's files; says plainly why
    /// not when its labels name no files.
    fn confirm_compose(&mut self, verb: ComposeVerb) -> Vec<Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let Some(p) = self.host.projects.selected().cloned() else {
            return vec![];
        };
        let files = p.files.clone().unwrap_or_default();
        if files.config_files.is_empty() {
            let text = format!(
                "compose {}: the labels of project {} name no compose files, and dockhand does \
                 not guess them",
                verb.words(),
                p.name
            );
            self.screen.toasts.push(Level::Warning, text, self.now);
            return vec![];
        }
        let call = ComposeCall {
            project: p.name.clone(),
            verb,
            working_dir: files.working_dir.clone(),
            files: files.config_files.clone(),
        };
        let mut names: Vec<String> = p
            .containers
            .iter()
            .filter_map(|id| self.host.containers.list.get(id.as_str()))
            .map(|c| c.name.clone())
            .collect();
        if verb == ComposeVerb::Pull {
            names.clear();
        }
        self.open(Overlay::ProjectConfirm(ProjectConfirm {
            title: format!("compose {} project {}", verb.words(), p.name),
            names,
            skipped: Vec::new(),
            run: ProjectRun::Compose(call),
        }));
        vec![]
    }

    /// Carries out a confirmed project action.
    pub(crate) fn run_project(&mut self, run: ProjectRun) -> Vec<Effect> {
        match run {
            ProjectRun::Jobs(jobs) => {
                self.host.projects.list.marks.clear();
                self.start_jobs(jobs, Default::default())
            }
            ProjectRun::Compose(call) => {
                let about = format!("compose:{}", call.project);
                let text = format!("compose {} {}…", call.verb.words(), call.project);
                self.screen
                    .toasts
                    .push_about(Level::Info, text, self.now, &about);
                vec![Effect::Engine(self.host.id, Request::Compose { call })]
            }
        }
    }

    /// Says how a compose CLI run ended.
    pub(crate) fn compose_done(&mut self, call: &ComposeCall, result: Result<String, String>) {
        let about = format!("compose:{}", call.project);
        let what = format!("compose {} {}", call.verb.words(), call.project);
        let (level, text) = match result {
            Ok(last) if last.is_empty() => (Level::Success, format!("{what}: done")),
            Ok(last) => (Level::Success, format!("{what}: done ({last})")),
            Err(e) => (Level::Error, format!("{what} failed: {e}")),
        };
        self.screen.toasts.push_about(level, text, self.now, &about);
    }
}

/// `project shop`, or `2 projects (shop, blog)`.
fn project_names(projects: &[Arc<Project>]) -> String {
    match projects {
        [one] => format!("project {}", one.name),
        many => format!(
            "{} projects ({})",
            many.len(),
            many.iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
