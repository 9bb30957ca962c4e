//! The compose projects pane: the host's containers grouped by their
//! `com.docker.compose.project` label, one row per project (running/total, services, health,
//! where its files are), unfolded to one row per container beneath it.
//!
//! Nothing here is asked of the engine: the rows are gathered from the containers list (and
//! gathered again only when that list changed, by its revision), so the pane is as live as the
//! containers pane and costs nothing while it is not shown. A project's files are what its
//! labels name (working folder, config files); nothing is guessed where they say nothing.
//!
//! Rows of a project stay together whatever the sort: the order compares projects first (by
//! the sort column), then puts the project's own row before its containers (by name). The list
//! reverses the whole order for a descending sort, so the order inside a project is given
//! reversed then, to come out the same.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashSet};

use super::list::{ListView, Row, SortKey, contains_lowered, natural_cmp};
use crate::engine::model::{ComposeFiles, Container, ContainerState, Health};
use crate::ids::ContainerId;

/// Columns the projects list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProjectSort {
    /// Projects with containers down first (what needs attention), then by name.
    #[default]
    State,
    Name,
    Created,
}

impl SortKey for ProjectSort {
    const ALL: &'static [Self] = &[ProjectSort::State, ProjectSort::Name, ProjectSort::Created];

    fn title(self) -> &'static str {
        match self {
            ProjectSort::State => "state",
            ProjectSort::Name => "name",
            ProjectSort::Created => "created",
        }
    }

    fn by_name(self) -> bool {
        self == ProjectSort::Name
    }
}

/// What a project's row shows, gathered from its containers.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Project {
    pub name: String,
    pub running: usize,
    pub total: usize,
    /// Its services, each once, by name.
    pub services: Vec<String>,
    pub healthy: usize,
    pub unhealthy: usize,
    pub starting: usize,
    /// Where its files are, from the first of its containers whose labels say.
    pub files: Option<ComposeFiles>,
    /// When its oldest container was created (unix seconds).
    pub created: i64,
    /// Its containers, by name.
    pub containers: Vec<ContainerId>,
}

impl Project {
    /// Not every container runs (some stopped, exited, paused or restarting).
    pub fn degraded(&self) -> bool {
        self.running < self.total
    }
}

/// One container of a project, as its row under the project shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: ContainerId,
    pub name: String,
    pub service: Option<String>,
    /// As listed when the rows were gathered (the pane shows the container's live state).
    pub state: ContainerState,
}

/// A row of the pane: a project, or one of its containers (shown when it is unfolded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRow {
    key: String,
    /// The project the row is about (a copy on each container's row, so that the order can
    /// keep rows of a project together without looking anything up).
    pub project: std::sync::Arc<Project>,
    /// `None` on the project's own row.
    pub member: Option<Member>,
}

impl ProjectRow {
    pub fn is_project(&self) -> bool {
        self.member.is_none()
    }
}

impl Row for ProjectRow {
    type Sort = ProjectSort;

    fn key(&self) -> &str {
        &self.key
    }

    fn label(&self) -> &str {
        match &self.member {
            Some(m) => &m.name,
            None => &self.project.name,
        }
    }

    /// A project matches by its name, services, folder or any container's name; a container
    /// by its own name or service, or its project's name.
    fn matches(&self, f: &str) -> bool {
        let p = &self.project;
        match &self.member {
            None => {
                contains_lowered(&p.name, f)
                    || p.services.iter().any(|s| contains_lowered(s, f))
                    || p.files
                        .as_ref()
                        .and_then(|x| x.working_dir.as_deref())
                        .is_some_and(|d| contains_lowered(d, f))
            }
            Some(m) => {
                contains_lowered(&p.name, f)
                    || contains_lowered(&m.name, f)
                    || m.service.as_deref().is_some_and(|s| contains_lowered(s, f))
            }
        }
    }

    /// Projects only (see [`ProjectsPane::rebuild`] for the rows of one project).
    fn compare(&self, other: &Self, sort: ProjectSort, _now: i64) -> Ordering {
        compare_projects(&self.project, &other.project, sort)
    }
}

fn compare_projects(a: &Project, b: &Project, sort: ProjectSort) -> Ordering {
    match sort {
        // Down first, then the most containers down.
        ProjectSort::State => b
            .degraded()
            .cmp(&a.degraded())
            .then_with(|| (b.total - b.running).cmp(&(a.total - a.running))),
        ProjectSort::Name => Ordering::Equal,
        ProjectSort::Created => b.created.cmp(&a.created),
    }
    .then_with(|| natural_cmp(&a.name, &b.name))
    .then_with(|| a.name.cmp(&b.name))
}

/// The projects pane's state.
#[derive(Clone, Debug, Default)]
pub struct ProjectsPane {
    pub list: ListView<ProjectRow>,
    /// Projects shown with their containers.
    pub unfolded: HashSet<String>,
    /// The containers list's revision the rows were gathered at.
    seen: Option<u64>,
}

impl ProjectsPane {
    /// Whether the rows are gathered from `containers` as they are now.
    pub fn is_current(&self, containers: &ListView<Container>) -> bool {
        self.seen == Some(containers.revision()) && (self.list.loaded || !containers.loaded)
    }

    /// Gathers the rows again if the containers changed, then builds the view.
    pub fn rebuild(&mut self, containers: &ListView<Container>, page: usize) {
        if !self.is_current(containers) {
            if containers.loaded {
                self.list.set_all(gather(containers.all()));
            }
            self.seen = Some(containers.revision());
        }
        let unfolded = &self.unfolded;
        let sort = self.list.sort;
        let descending = self.list.descending;
        self.list.rebuild_by(
            page,
            |r| r.is_project() || unfolded.contains(&r.project.name),
            |a, b| {
                let o = compare_projects(&a.project, &b.project, sort);
                if o != Ordering::Equal {
                    return o;
                }
                // Within a project: its own row first, then its containers by name; given
                // reversed for a descending sort, which the list reverses back.
                let inner = match (&a.member, &b.member) {
                    (None, None) => Ordering::Equal,
                    (None, Some(_)) => Ordering::Less,
                    (Some(_), None) => Ordering::Greater,
                    (Some(x), Some(y)) => natural_cmp(&x.name, &y.name).then(x.id.cmp(&y.id)),
                };
                if descending { inner.reverse() } else { inner }
            },
        );
    }

    /// The project of the selected row (its own, or its container's).
    pub fn selected(&self) -> Option<&Project> {
        self.list.selected().map(|r| r.project.as_ref())
    }

    /// The projects the next action applies to: the marked rows' projects, else the selected
    /// row's; each once, in the order shown.
    pub fn targets(&self) -> Vec<std::sync::Arc<Project>> {
        let mut seen = HashSet::new();
        self.list
            .targets()
            .into_iter()
            .filter(|r| seen.insert(r.project.name.clone()))
            .map(|r| r.project.clone())
            .collect()
    }

    /// Folds the selected row's project, or unfolds it.
    pub fn toggle_fold(&mut self) {
        if let Some(name) = self.selected().map(|p| p.name.clone()) {
            if !self.unfolded.remove(&name) {
                self.unfolded.insert(name.clone());
            }
            // Folding from a container's row keeps the selection on its project.
            if let Some(r) = self.list.selected()
                && !r.is_project()
            {
                let key = project_key(&name);
                self.list.select_key(&key);
            }
        }
    }
}

fn project_key(name: &str) -> String {
    format!("project:{name}")
}

/// The rows of every project among `containers`: each project's, and each of its containers'.
pub fn gather<'a>(containers: impl Iterator<Item = &'a Container>) -> Vec<ProjectRow> {
    let mut by_project: std::collections::BTreeMap<&str, Vec<&Container>> = Default::default();
    for c in containers {
        if let Some(p) = c.compose_project.as_deref() {
            by_project.entry(p).or_default().push(c);
        }
    }
    let mut rows = Vec::new();
    for (name, mut members) in by_project {
        members.sort_by(|a, b| natural_cmp(&a.name, &b.name));
        let services: BTreeSet<&str> = members
            .iter()
            .filter_map(|c| c.compose_service.as_deref())
            .collect();
        let count = |h: Health| members.iter().filter(|c| c.health == Some(h)).count();
        let project = std::sync::Arc::new(Project {
            name: name.to_string(),
            running: members
                .iter()
                .filter(|c| c.state == ContainerState::Running)
                .count(),
            total: members.len(),
            services: services.into_iter().map(String::from).collect(),
            healthy: count(Health::Healthy),
            unhealthy: count(Health::Unhealthy),
            starting: count(Health::Starting),
            files: members
                .iter()
                .find_map(|c| c.compose_files.as_deref())
                .cloned(),
            created: members.iter().map(|c| c.created).min().unwrap_or_default(),
            containers: members.iter().map(|c| c.id.clone()).collect(),
        });
        rows.push(ProjectRow {
            key: project_key(name),
            project: project.clone(),
            member: None,
        });
        rows.extend(members.into_iter().map(|c| ProjectRow {
            key: c.id.to_string(),
            project: project.clone(),
            member: Some(Member {
                id: c.id.clone(),
                name: c.name.clone(),
                service: c.compose_service.clone(),
                state: c.state.clone(),
            }),
        }));
    }
    rows
}
