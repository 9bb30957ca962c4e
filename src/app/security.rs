//! The security pane: every container of the host by its worst finding (see `crate::security`),
//! with its counts per severity; `enter` opens a container's findings with why and the fix.
//!
//! The findings come from each container's description, asked for only while the pane is in
//! front: once per container (`Request::InspectContainers`, a few at a time), then kept until
//! the container's events say its configuration may have changed (created, updated, renamed,
//! destroyed). Nothing is asked while the pane is not shown. Created containers are judged as
//! running ones: only their configuration is read.
//!
//! Rows are gathered from the containers list and the findings known, once before a frame,
//! like the projects pane's.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::list::{ListView, Row, SortKey, contains_lowered, natural_cmp};
use crate::engine::model::{Container, ContainerState};
use crate::ids::ContainerId;
use crate::security::{Finding, Severity};

/// Columns the security list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SecuritySort {
    /// The worst first: by worst severity, then the most high, medium and low findings.
    #[default]
    Risk,
    Name,
}

impl SortKey for SecuritySort {
    const ALL: &'static [Self] = &[SecuritySort::Risk, SecuritySort::Name];

    fn title(self) -> &'static str {
        match self {
            SecuritySort::Risk => "risk",
            SecuritySort::Name => "name",
        }
    }

    fn by_name(self) -> bool {
        self == SecuritySort::Name
    }
}

/// What is known of a container's findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Known {
    /// Not described yet (asked for, or about to be).
    Waiting,
    Found(Vec<Finding>),
    /// The engine could not describe it: its words.
    Failed(String),
}

/// One container's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityRow {
    pub id: ContainerId,
    pub name: String,
    pub image: String,
    pub state: ContainerState,
    pub known: Known,
}

impl SecurityRow {
    pub fn findings(&self) -> &[Finding] {
        match &self.known {
            Known::Found(f) => f,
            _ => &[],
        }
    }

    /// How many findings of each severity: high, medium, low.
    pub fn counts(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for f in self.findings() {
            n[f.rule.severity as usize] += 1;
        }
        n
    }

    /// Its worst finding's severity; `None` when it has none (or is not known yet).
    pub fn worst(&self) -> Option<Severity> {
        self.findings().first().map(|f| f.rule.severity)
    }
}

impl Row for SecurityRow {
    type Sort = SecuritySort;

    fn key(&self) -> &str {
        self.id.as_str()
    }

    fn label(&self) -> &str {
        &self.name
    }

    /// By name, image, or a finding's rule id or title (`/privileged` lists the privileged).
    fn matches(&self, f: &str) -> bool {
        contains_lowered(&self.name, f)
            || contains_lowered(&self.image, f)
            // `high` keeps the rows whose worst finding is high.
            || self.worst().is_some_and(|s| s.word() == f)
            || self
                .findings()
                .iter()
                .any(|x| contains_lowered(x.rule.id, f) || contains_lowered(x.rule.title, f))
    }

    fn compare(&self, other: &Self, sort: SecuritySort, _now: i64) -> Ordering {
        match sort {
            SecuritySort::Name => Ordering::Equal,
            // `None` (no finding) after every severity; those not known yet last.
            SecuritySort::Risk => {
                let rank = |r: &SecurityRow| match (&r.known, r.worst()) {
                    (Known::Found(_), Some(s)) => s as u8,
                    (Known::Found(_), None) => 3,
                    (Known::Failed(_), _) => 4,
                    (Known::Waiting, _) => 5,
                };
                rank(self)
                    .cmp(&rank(other))
                    .then_with(|| other.counts().cmp(&self.counts()))
                    .then_with(|| natural_cmp(&self.name, &other.name))
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct SecurityPane {
    pub list: ListView<SecurityRow>,
    /// Findings by container, kept until its events say it changed.
    pub known: HashMap<ContainerId, Known>,
    /// Containers asked about and not answered yet.
    pub(in crate::app) asking: HashSet<ContainerId>,
    /// The sequence number of the last request (older answers still fill the cache).
    pub(in crate::app) seq: u64,
    /// What the rows were gathered from: the containers list's revision, and `known`'s.
    seen: Option<(u64, u64)>,
    known_revision: u64,
}

impl SecurityPane {
    /// Containers of `containers` whose findings are neither known nor asked for.
    pub fn missing<'a>(
        &'a self,
        containers: &'a ListView<Container>,
    ) -> impl Iterator<Item = &'a ContainerId> {
        containers
            .all()
            .map(|c| &c.id)
            .filter(|id| !self.known.contains_key(*id) && !self.asking.contains(*id))
    }

    /// Takes what the engine said of a container.
    pub fn learn(&mut self, id: ContainerId, known: Known) {
        self.asking.remove(&id);
        self.known.insert(id, known);
        self.known_revision += 1;
    }

    /// The container may have changed: its findings are asked for again when shown.
    pub fn forget(&mut self, id: &ContainerId) {
        if self.known.remove(id).is_some() {
            self.known_revision += 1;
        }
    }

    /// Whether the rows are gathered from the containers and findings as they are now.
    pub fn is_current(&self, containers: &ListView<Container>) -> bool {
        self.seen == Some((containers.revision(), self.known_revision))
            && (self.list.loaded || !containers.loaded)
    }

    /// Gathers the rows again if anything changed, then builds the view.
    pub fn rebuild(&mut self, containers: &ListView<Container>, now: i64, page: usize) {
        if !self.is_current(containers) {
            if containers.loaded {
                let rows: Vec<SecurityRow> = containers
                    .all()
                    .map(|c| SecurityRow {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        image: c.image.clone(),
                        state: c.state.clone(),
                        known: self.known.get(&c.id).cloned().unwrap_or(Known::Waiting),
                    })
                    .collect();
                self.list.set_all(rows);
            }
            self.seen = Some((containers.revision(), self.known_revision));
        }
        self.list.rebuild(now, page, |_| true);
    }
}

/// A piece of the engine block above the security list, never split across its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A row's lead: `Engine (E):`, `Posture:`.
    Label(String),
    /// A finding: its severity (the word, coloured) and its rule id.
    Finding(Severity, &'static str),
    /// A feature and its state: `AppArmor` `on`.
    Feature(&'static str, String),
    /// Plain words: `no finding`.
    Words(&'static str),
}

/// Between two pieces of a row (after a label: one space).
pub const SEPARATOR: &str = " · ";

impl Piece {
    /// Its text as drawn.
    pub fn text(&self) -> String {
        match self {
            Piece::Label(l) => l.clone(),
            Piece::Finding(s, id) => format!("{} {id}", s.word()),
            Piece::Feature(name, state) => format!("{name} {state}"),
            Piece::Words(w) => (*w).to_string(),
        }
    }

    fn width(&self) -> usize {
        self.text().chars().count()
    }
}

/// Packs pieces into rows of at most `width` columns, a label and the pieces after it joined
/// by a space, the others by [`SEPARATOR`]; a piece wider than a row gets a row of its own
/// (and is cut when drawn).
pub fn pack(pieces: Vec<Piece>, width: usize) -> Vec<Vec<Piece>> {
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    let mut used = 0;
    for p in pieces {
        let w = p.width();
        match rows.last_mut() {
            Some(row) if !row.is_empty() => {
                let gap = if matches!(row.last(), Some(Piece::Label(_))) {
                    1
                } else {
                    SEPARATOR.chars().count()
                };
                if used + gap + w <= width {
                    used += gap + w;
                    row.push(p);
                } else {
                    used = w;
                    rows.push(vec![p]);
                }
            }
            _ => {
                used = w;
                rows.push(vec![p]);
            }
        }
    }
    rows
}

/// The most rows the engine block may take: 4 when the list keeps room (a terminal of 21
/// lines or more), 2 on a shorter one, 1 on the shortest.
pub fn engine_rows_cap(body_rows: u16) -> usize {
    match body_rows {
        18.. => 4,
        12.. => 2,
        _ => 1,
    }
}
