//! The containers pane: a [`ListView`] of containers plus what only containers have: show all
//! or running only, actions in flight, and exact state times learnt from events.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::list::{ListView, Row, SortKey, contains_lowered, natural_cmp};
use super::operations::Operations;
use super::stats::StatsBook;
use crate::engine::model::{Container, ContainerState, EngineEvent, EventAction};
use crate::ids::{ContainerId, ImageId};

/// Columns the containers list can be sorted by.
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
    /// Live CPU % (highest first; containers without numbers last).
    Cpu,
    /// Live memory used (most first).
    Memory,
}

impl SortKey for SortColumn {
    const ALL: &'static [Self] = &[
        SortColumn::State,
        SortColumn::Name,
        SortColumn::Image,
        SortColumn::Status,
        SortColumn::Created,
        SortColumn::Project,
        SortColumn::Cpu,
        SortColumn::Memory,
    ];

    fn title(self) -> &'static str {
        match self {
            SortColumn::State => "state",
            SortColumn::Name => "name",
            SortColumn::Image => "image",
            SortColumn::Status => "status",
            SortColumn::Created => "created",
            SortColumn::Project => "project",
            SortColumn::Cpu => "cpu",
            SortColumn::Memory => "memory",
        }
    }

    /// The busiest first: what people sort by live numbers for.
    fn descending_first(self) -> bool {
        matches!(self, SortColumn::Cpu | SortColumn::Memory)
    }

    fn by_name(self) -> bool {
        self == SortColumn::Name
    }
}

impl Row for Container {
    type Sort = SortColumn;

    fn key(&self) -> &str {
        self.id.as_str()
    }

    fn label(&self) -> &str {
        &self.name
    }

    fn matches(&self, f: &str) -> bool {
        contains_lowered(&self.name, f)
            || contains_lowered(&self.image, f)
            || self.id.as_str().starts_with(f)
            || self
                .compose_project
                .as_deref()
                .is_some_and(|p| contains_lowered(p, f))
    }

    fn compare(&self, b: &Self, col: SortColumn, now: i64) -> Ordering {
        let a = self;
        match col {
            SortColumn::State => a
                .state
                .rank()
                .cmp(&b.state.rank())
                .then_with(|| a.compose_project.cmp(&b.compose_project)),
            SortColumn::Name => Ordering::Equal,
            SortColumn::Image => natural_cmp(&a.image, &b.image),
            // By time in the state, as the column reads it: the most recent change first.
            SortColumn::Status => {
                let age = |c: &Container| c.state_since.map_or(i64::MAX, |s| now - s);
                age(a).cmp(&age(b))
            }
            // By age: the youngest first.
            SortColumn::Created => b.created.cmp(&a.created),
            SortColumn::Project => a
                .compose_project
                .is_none()
                .cmp(&b.compose_project.is_none())
                .then_with(|| {
                    natural_cmp(
                        a.compose_project.as_deref().unwrap_or(""),
                        b.compose_project.as_deref().unwrap_or(""),
                    )
                })
                .then_with(|| {
                    natural_cmp(
                        a.compose_service.as_deref().unwrap_or(""),
                        b.compose_service.as_deref().unwrap_or(""),
                    )
                }),
            // The numbers live in the pane's stats book: see [`ContainersPane::rebuild`].
            SortColumn::Cpu | SortColumn::Memory => Ordering::Equal,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ContainersPane {
    /// The rows, as on every pane; what only containers have is beside it.
    pub list: ListView<Container>,
    pub show_all: bool,
    /// Exact times of the last start or exit seen in events (engine clock), by id, with
    /// whether that event left the container up. Only as good as the event stream: forgotten
    /// when events may have been missed ([`ContainersPane::forget_exact_times`]).
    since_exact: HashMap<ContainerId, (i64, bool)>,
    /// Live numbers of the running containers.
    pub stats: StatsBook,
    /// What besides the rows the shown rows were last chosen and ordered by (see
    /// [`ContainersPane::rebuild`]); `None` when they were built otherwise.
    built_from: Option<Inputs>,
}

/// What [`ContainersPane::rebuild`] chooses and orders the rows by besides the rows themselves
/// and the list's own sort and filter: when it is the same as at the last rebuild, only the
/// rows that changed need placing again.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Inputs {
    /// The clock (the status column's order counts from it).
    now: i64,
    show_all: bool,
    /// The containers an operation runs on (shown even when only running ones are); only
    /// while only running ones are.
    busy: Vec<ContainerId>,
}

/// The containers an operation runs on, for [`ContainersPane::rebuild_with`]: all of them, and
/// whether a row is one.
pub struct Busy<I, F> {
    pub all: I,
    pub has: F,
}

/// Which rows are shown: all, or the running ones and those an operation runs on (`busy`).
fn kept(show_all: bool, busy: impl Fn(&Container) -> bool) -> impl Fn(&Container) -> bool {
    move |c| show_all || c.state.is_up() || busy(c)
}

impl Inputs {
    fn of<'a>(now: i64, show_all: bool, busy: impl Iterator<Item = &'a ContainerId>) -> Self {
        let mut busy: Vec<ContainerId> = if show_all {
            Vec::new()
        } else {
            busy.cloned().collect()
        };
        busy.sort();
        Self {
            now,
            show_all,
            busy,
        }
    }
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
        let rows: Vec<Container> = list.into_iter().map(|c| self.with_exact_time(c)).collect();
        self.list.set_all(rows);
        let list = &self.list;
        self.since_exact.retain(|id, _| list.contains(id.as_str()));
    }

    pub fn upsert(&mut self, c: Container) {
        let c = self.with_exact_time(c);
        self.list.upsert(c);
    }

    pub fn remove(&mut self, id: &str) {
        self.list.remove(id);
        self.since_exact.remove(id);
    }

    /// Shows what a container event says at once, before its row is read again: a created
    /// container's row (from the event's name, image and compose labels), the state a start,
    /// restart, unpause, pause or die puts a known row in. The read that follows fills in the
    /// rest (ports, volumes, health); the screen follows the event, not that round trip.
    /// Whether a row changed.
    pub fn apply_event(&mut self, ev: &EngineEvent) -> bool {
        let state = match ev.action {
            EventAction::Create => ContainerState::Created,
            EventAction::Start | EventAction::Restart | EventAction::Unpause => {
                ContainerState::Running
            }
            EventAction::Pause => ContainerState::Paused,
            EventAction::Die => ContainerState::Exited,
            _ => return false,
        };
        if let Some(row) = self.list.get_mut(&ev.id) {
            let before = (row.state.clone(), row.exit_code);
            if ev.action != EventAction::Create {
                row.state = state;
                row.exit_code = ev.exit_code.or(row.exit_code);
            }
            return (row.state.clone(), row.exit_code) != before;
        }
        let (EventAction::Create, Some(name)) = (&ev.action, &ev.actor.name) else {
            return false;
        };
        let a = &ev.actor;
        self.upsert(Container {
            id: ContainerId::from(ev.id.as_str()),
            name: name.clone(),
            image: a.image.clone().unwrap_or_default(),
            image_id: ImageId::from(""),
            state,
            health: None,
            exit_code: None,
            created: ev.time,
            state_since: None,
            ports: Vec::new(),
            compose_project: a.compose_project.clone(),
            compose_service: a.compose_service.clone(),
            compose_files: None,
            volumes: Vec::new(),
            status: "Created".to_string(),
        });
        true
    }

    /// Records when a container started (`up`) or stopped, from an event.
    pub fn note_transition(
        &mut self,
        id: &ContainerId,
        time: i64,
        up: bool,
        exit_code: Option<i64>,
    ) {
        self.since_exact.insert(id.clone(), (time, up));
        if let Some(row) = self.list.get_mut(id.as_str()) {
            row.state_since = Some(time);
            if exit_code.is_some() {
                row.exit_code = exit_code;
            }
        }
    }

    /// Events were missed (the engine went away, or its event stream broke): the times they
    /// gave may be stale (a container that stopped meanwhile would count its exit from its
    /// start), so rows go back to the engine's own status text until new events come.
    pub fn forget_exact_times(&mut self) {
        self.since_exact.clear();
    }

    /// The event's time, when it is about the state the row is in (a list can be newer than
    /// the last event seen).
    fn with_exact_time(&self, mut c: Container) -> Container {
        if let Some((t, up)) = self.since_exact.get(&c.id)
            && *up == c.state.is_up()
        {
            c.state_since = Some(*t);
        }
        c
    }

    pub fn running(&self) -> usize {
        self.list
            .all()
            .filter(|c| c.state == ContainerState::Running)
            .count()
    }

    /// Recomputes the shown rows; a container an operation runs on stays shown (as it stops,
    /// say) even when only running ones are.
    ///
    /// When nothing but rows changed since the last time (the usual case of an event: one row
    /// refreshed), only those rows are placed again: a burst of events on 10,000 containers
    /// would otherwise sort them all once per event. Live numbers change without the rows
    /// knowing, so a list sorted by them is always rebuilt whole.
    pub fn rebuild(&mut self, now: i64, page: usize, ops: &Operations) {
        // The book is lent to the closures while the list (another field) rebuilds.
        let stats = std::mem::take(&mut self.stats);
        self.rebuild_with(
            now,
            page,
            Busy {
                all: ops.busy(),
                has: |c: &Container| ops.pending(&c.id).is_some(),
            },
            |c| stats.cpu(c.id.as_str()),
            |c| stats.mem(c.id.as_str()).map(|m| m as f64),
        );
        self.stats = stats;
    }

    /// [`Self::rebuild`] with where each row's operation and live numbers are read given (the
    /// all-hosts list reads them from each row's own host).
    pub fn rebuild_with<'a>(
        &mut self,
        now: i64,
        page: usize,
        busy: Busy<impl Iterator<Item = &'a ContainerId>, impl Fn(&Container) -> bool>,
        cpu: impl Fn(&Container) -> Option<f64>,
        mem: impl Fn(&Container) -> Option<f64>,
    ) {
        let inputs = (!self.sorted_by_stats()).then(|| Inputs::of(now, self.show_all, busy.all));
        let keep = kept(self.show_all, busy.has);
        if inputs.is_some() && inputs == self.built_from {
            self.list.place_changed(now, page, keep);
            return;
        }
        self.built_from = inputs;
        // Ascending like every column (the list reverses it when descending), but rows
        // without numbers last either way.
        let none_last = if self.list.descending {
            Ordering::Less
        } else {
            Ordering::Greater
        };
        let live = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => none_last.reverse(),
            (None, Some(_)) => none_last,
            (None, None) => Ordering::Equal,
        };
        match self.list.sort {
            SortColumn::Cpu => self
                .list
                .rebuild_by(page, keep, |a, b| live(cpu(a), cpu(b))),
            SortColumn::Memory => self
                .list
                .rebuild_by(page, keep, |a, b| live(mem(a), mem(b))),
            _ => self.list.rebuild(now, page, keep),
        }
    }

    /// Whether the order of the list depends on live numbers (then every running row is
    /// sampled, not only those on screen).
    pub fn sorted_by_stats(&self) -> bool {
        matches!(self.list.sort, SortColumn::Cpu | SortColumn::Memory)
    }
}
