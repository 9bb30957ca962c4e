//! The containers pane: the rows the engine reported, and how the user sees them (sort, filter,
//! show all or running only, selection that follows its container, marks, actions in flight).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::engine::model::{Container, ContainerOp, ContainerState};

/// Columns the list can be sorted by, in the order the sort key cycles through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortColumn {
    /// Running and troubled containers first, then by compose project and name.
    #[default]
    State,
    Name,
    Image,
    /// Time in the current state ("Up 3 hours", "Exited ... 2 days ago").
    Status,
    Created,
    Project,
}

impl SortColumn {
    pub const ALL: [SortColumn; 6] = [
        SortColumn::State,
        SortColumn::Name,
        SortColumn::Image,
        SortColumn::Status,
        SortColumn::Created,
        SortColumn::Project,
    ];

    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn title(self) -> &'static str {
        match self {
            SortColumn::State => "state",
            SortColumn::Name => "name",
            SortColumn::Image => "image",
            SortColumn::Status => "status",
            SortColumn::Created => "created",
            SortColumn::Project => "project",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ContainersPane {
    /// Every container the engine reported, by id.
    rows: HashMap<String, Container>,
    /// Ids of the rows shown, in display order (derived by [`Self::rebuild`]).
    view: Vec<String>,
    /// The selected container's id; the selection follows it when rows move.
    selected: Option<String>,
    /// Index into `view` of the first row on screen.
    pub offset: usize,
    pub sort: SortColumn,
    pub descending: bool,
    pub show_all: bool,
    pub filter: String,
    /// True while the user types the filter.
    pub filter_editing: bool,
    pub marks: HashSet<String>,
    /// Operations the engine is working on, by container id.
    pub pending: HashMap<String, ContainerOp>,
    /// Exact times of the last start or exit seen in events (engine clock), by id.
    since_exact: HashMap<String, i64>,
    /// True once a first list has arrived (before that the pane says "loading").
    pub loaded: bool,
}

impl ContainersPane {
    pub fn new(show_all: bool) -> Self {
        Self {
            show_all,
            ..Self::default()
        }
    }

    /// Replaces every row with a fresh list.
    pub fn set_all(&mut self, list: Vec<Container>) {
        self.rows = list
            .into_iter()
            .map(|c| (c.id.clone(), self.with_exact_time(c)))
            .collect();
        self.marks.retain(|id| self.rows.contains_key(id));
        self.since_exact.retain(|id, _| self.rows.contains_key(id));
        self.loaded = true;
    }

    pub fn upsert(&mut self, c: Container) {
        let c = self.with_exact_time(c);
        self.rows.insert(c.id.clone(), c);
    }

    pub fn remove(&mut self, id: &str) {
        self.rows.remove(id);
        self.marks.remove(id);
        self.since_exact.remove(id);
        self.pending.remove(id);
    }

    pub fn contains(&self, id: &str) -> bool {
        self.rows.contains_key(id)
    }

    pub fn get(&self, id: &str) -> Option<&Container> {
        self.rows.get(id)
    }

    /// Records when a container started or stopped, from an event.
    pub fn note_transition(&mut self, id: &str, time: i64, exit_code: Option<i64>) {
        self.since_exact.insert(id.to_string(), time);
        if let Some(row) = self.rows.get_mut(id) {
            row.state_since = Some(time);
            if exit_code.is_some() {
                row.exit_code = exit_code;
            }
        }
    }

    fn with_exact_time(&self, mut c: Container) -> Container {
        if let Some(t) = self.since_exact.get(&c.id) {
            c.state_since = Some(*t);
        }
        c
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn running(&self) -> usize {
        self.rows
            .values()
            .filter(|c| c.state == ContainerState::Running)
            .count()
    }

    /// The rows shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &Container> {
        self.view.iter().filter_map(|id| self.rows.get(id))
    }

    pub fn visible_len(&self) -> usize {
        self.view.len()
    }

    pub fn selected(&self) -> Option<&Container> {
        self.selected.as_ref().and_then(|id| self.rows.get(id))
    }

    pub fn selected_index(&self) -> Option<usize> {
        let id = self.selected.as_ref()?;
        self.view.iter().position(|v| v == id)
    }

    fn matches_filter(&self, c: &Container) -> bool {
        if self.filter.is_empty() {
            return true;
        }
        let f = self.filter.to_lowercase();
        c.name.to_lowercase().contains(&f)
            || c.image.to_lowercase().contains(&f)
            || c.id.starts_with(&f)
            || c.compose_project
                .as_deref()
                .is_some_and(|p| p.to_lowercase().contains(&f))
    }

    /// Recomputes the view after any change, keeping the selection on the same container when
    /// it is still shown, or on the row that took its place when it is not.
    pub fn rebuild(&mut self, now: i64, page: usize) {
        let old_index = self.selected_index();
        let mut view: Vec<&Container> = self
            .rows
            .values()
            .filter(|c| self.show_all || c.state.is_up() || self.pending.contains_key(&c.id))
            .filter(|c| self.matches_filter(c))
            .collect();
        view.sort_by(|a, b| {
            let o = compare(self.sort, a, b, now).then_with(|| a.name.cmp(&b.name));
            let o = if self.descending { o.reverse() } else { o };
            o.then_with(|| a.id.cmp(&b.id))
        });
        self.view = view.into_iter().map(|c| c.id.clone()).collect();
        let still_there = self
            .selected
            .as_ref()
            .is_some_and(|id| self.view.contains(id));
        if !still_there {
            let i = old_index
                .unwrap_or(0)
                .min(self.view.len().saturating_sub(1));
            self.selected = self.view.get(i).cloned();
        }
        self.scroll_into_view(page);
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize, page: usize) {
        if self.view.is_empty() {
            return;
        }
        let cur = self.selected_index().unwrap_or(0) as isize;
        let last = self.view.len() as isize - 1;
        let next = (cur + delta).clamp(0, last) as usize;
        self.selected = self.view.get(next).cloned();
        self.scroll_into_view(page);
    }

    pub fn select_index(&mut self, i: usize, page: usize) {
        if let Some(id) = self.view.get(i.min(self.view.len().saturating_sub(1))) {
            self.selected = Some(id.clone());
        }
        self.scroll_into_view(page);
    }

    fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        let max_offset = self.view.len().saturating_sub(page);
        if let Some(i) = self.selected_index() {
            if i < self.offset {
                self.offset = i;
            } else if i >= self.offset + page {
                self.offset = i + 1 - page;
            }
        }
        self.offset = self.offset.min(max_offset);
    }

    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.selected.clone() {
            if !self.marks.remove(&id) {
                self.marks.insert(id);
            }
        }
    }

    /// Marks every shown row, or clears all marks when every shown row is already marked.
    pub fn toggle_mark_all(&mut self) {
        let all_marked =
            !self.view.is_empty() && self.view.iter().all(|id| self.marks.contains(id));
        if all_marked {
            self.marks.clear();
        } else {
            self.marks.extend(self.view.iter().cloned());
        }
    }

    /// What an action applies to: the marked rows (in display order), or else the selected one.
    pub fn targets(&self) -> Vec<&Container> {
        if self.marks.is_empty() {
            return self.selected().into_iter().collect();
        }
        let mut out: Vec<&Container> = self
            .view
            .iter()
            .filter(|id| self.marks.contains(*id))
            .filter_map(|id| self.rows.get(id))
            .collect();
        // Marked rows hidden by the filter still count: the user marked them.
        let shown: HashSet<&String> = self.view.iter().collect();
        let mut hidden: Vec<&Container> = self
            .marks
            .iter()
            .filter(|id| !shown.contains(id))
            .filter_map(|id| self.rows.get(id))
            .collect();
        hidden.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(hidden);
        out
    }
}

fn compare(col: SortColumn, a: &Container, b: &Container, now: i64) -> Ordering {
    match col {
        SortColumn::State => a
            .state
            .rank()
            .cmp(&b.state.rank())
            .then_with(|| a.compose_project.cmp(&b.compose_project)),
        SortColumn::Name => Ordering::Equal,
        SortColumn::Image => a.image.cmp(&b.image),
        // Longest in its state first reads oddly; most recent change first is what people look for.
        SortColumn::Status => {
            let age = |c: &Container| c.state_since.map_or(i64::MAX, |s| now - s);
            age(a).cmp(&age(b))
        }
        SortColumn::Created => b.created.cmp(&a.created),
        SortColumn::Project => a
            .compose_project
            .is_none()
            .cmp(&b.compose_project.is_none())
            .then_with(|| a.compose_project.cmp(&b.compose_project))
            .then_with(|| a.compose_service.cmp(&b.compose_service)),
    }
}
