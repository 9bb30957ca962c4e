//! A host's recent engine events, as the events view shows them: what happened, to what, when.
//!
//! Fed by the one event stream dockhand already follows for the host (no second stream), so it
//! costs nothing the engine notices: each event is written once here as it arrives, whether the
//! view is open or not, so that "who stopped this container?" has an answer when the view is
//! opened later. Bounded: the newest [`KEPT`] events are kept; the engine itself remembers
//! only its last 256 or so (see `engine/events.rs`).
//!
//! A look back (the since picker) asks the engine for its remembered events and merges them in
//! by time; an event already here (the stream replays a second's events after a reconnect, and
//! a look back overlaps what was seen live) is kept once.

use std::collections::VecDeque;

use crate::engine::model::{EngineEvent, EventAction, EventKind};

/// The most events a host keeps (about 200 bytes each).
pub const KEPT: usize = 2_000;

/// One event as shown: its words are settled when it arrives (a container's name is the one it
/// had then).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    /// Its place in arrival order, counted from 1; a looked-back event that was not seen live
    /// has 0 (it came before the view could have been paused).
    pub n: u64,
    /// Engine time, unix seconds.
    pub time: i64,
    pub kind: EventKind,
    /// The engine's action word (`die`, `health_status`, `exec_start`, `pull`).
    pub action: String,
    /// The object's id (a container's, network's, node's), or its name where the engine names
    /// it so (a volume, an image's reference).
    pub id: String,
    /// The object as the user knows it.
    pub name: String,
    /// The attributes that matter: `exit 137`, `signal 15`, `healthy`, `image nginx:1`,
    /// `container web`.
    pub detail: String,
}

impl EventRow {
    /// The row for `ev`; `container_name` names a network event's container.
    pub fn new(ev: &EngineEvent, container_name: impl Fn(&str) -> Option<String>) -> Self {
        let a = &ev.actor;
        let mut detail: Vec<String> = Vec::new();
        if let Some(code) = ev.exit_code {
            detail.push(format!("exit {code}"));
        }
        if let Some(sig) = &a.signal {
            detail.push(format!("signal {}", signal_name(sig)));
        }
        if let Some(d) = &a.detail {
            detail.push(d.clone());
        }
        if let Some(c) = &a.container {
            let name = container_name(c).unwrap_or_else(|| short(c).to_string());
            detail.push(format!("container {name}"));
        }
        if ev.kind == EventKind::Container
            && let Some(image) = &a.image
        {
            detail.push(format!("image {image}"));
        }
        let name = match (&a.name, ev.kind) {
            (Some(n), _) if !n.is_empty() => n.clone(),
            // A volume's id is its name; an image's is the reference it was pulled or tagged
            // by, or its digest.
            (_, EventKind::Container | EventKind::Network | EventKind::Service) => {
                short(&ev.id).to_string()
            }
            _ => ev.id.clone(),
        };
        Self {
            n: 0,
            time: ev.time,
            kind: ev.kind,
            action: action_word(&ev.action),
            id: ev.id.clone(),
            name,
            detail: detail.join(" · "),
        }
    }

    /// Whether every word of `needle` (lower case) is in its time, type, action, name, id or
    /// detail: `die`, `container web`, `network connect`.
    pub fn matches(&self, needle: &str) -> bool {
        needle.split_whitespace().all(|w| {
            kind_word(self.kind).contains(w)
                || contains_lower(&self.action, w)
                || contains_lower(&self.name, w)
                || self.id.starts_with(w)
                || contains_lower(&self.detail, w)
        })
    }

    /// Same event (a replay, or a look back over what was seen live).
    fn same(&self, other: &EventRow) -> bool {
        self.time == other.time
            && self.kind == other.kind
            && self.id == other.id
            && self.action == other.action
            && self.detail == other.detail
    }
}

fn contains_lower(text: &str, needle: &str) -> bool {
    crate::app::list::contains_lowered(text, needle)
}

/// The first 12 characters of an id, as `docker ps` shows it.
fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// `15` → `15 (TERM)`: the number the engine gives, with the name people know.
fn signal_name(sig: &str) -> String {
    let name = match sig.trim() {
        "1" => "HUP",
        "2" => "INT",
        "3" => "QUIT",
        "6" => "ABRT",
        "9" => "KILL",
        "10" => "USR1",
        "12" => "USR2",
        "15" => "TERM",
        _ => return sig.to_string(),
    };
    format!("{sig} ({name})")
}

/// The engine's word for an action, without its detail.
pub fn action_word(a: &EventAction) -> String {
    let word = match a {
        EventAction::Create => "create",
        EventAction::Start => "start",
        EventAction::Restart => "restart",
        EventAction::Die => "die",
        EventAction::Stop => "stop",
        EventAction::Kill => "kill",
        EventAction::Pause => "pause",
        EventAction::Unpause => "unpause",
        EventAction::Rename => "rename",
        EventAction::Update => "update",
        EventAction::Destroy => "destroy",
        EventAction::HealthStatus => "health_status",
        EventAction::Oom => "oom",
        EventAction::Connect => "connect",
        EventAction::Disconnect => "disconnect",
        EventAction::Other(raw) => raw.split(':').next().unwrap_or(raw).trim(),
    };
    word.to_string()
}

/// The type column's word.
pub fn kind_word(k: EventKind) -> &'static str {
    match k {
        EventKind::Container => "container",
        EventKind::Image => "image",
        EventKind::Volume => "volume",
        EventKind::Network => "network",
        EventKind::Service => "service",
        EventKind::Node => "node",
        EventKind::Other => "other",
    }
}

/// A host's recent events, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLog {
    rows: VecDeque<EventRow>,
    /// Events taken from the stream so far (the last one's `n`).
    received: u64,
    /// Events let go to stay within [`KEPT`].
    dropped: u64,
}

/// How many of a replayed second's events are compared for a duplicate.
const REPLAY_WINDOW: usize = 64;

impl EventLog {
    /// Takes an event from the live stream. A replay of one already here (the stream re-opens
    /// from the last second it saw) is dropped; answers whether it was new.
    pub fn record(&mut self, mut row: EventRow) -> bool {
        let replay = self
            .rows
            .iter()
            .rev()
            .take(REPLAY_WINDOW)
            .take_while(|r| r.time >= row.time)
            .any(|r| r.same(&row));
        if replay {
            return false;
        }
        self.received += 1;
        row.n = self.received;
        self.rows.push_back(row);
        self.trim();
        true
    }

    /// Merges a look back: each event not already here goes in at its time (after the events
    /// of the same second that are here, which came first). Answers how many were new.
    pub fn merge(&mut self, past: Vec<EventRow>) -> usize {
        let mut added = 0;
        let mut rows: Vec<EventRow> = self.rows.drain(..).collect();
        for row in past {
            if rows.iter().any(|r| r.same(&row)) {
                continue;
            }
            added += 1;
            rows.push(row);
        }
        // Stable: events of the same second keep their order (live ones before those looked
        // back, which were not seen and so cannot be placed among them better).
        rows.sort_by_key(|r| r.time);
        self.rows = rows.into();
        self.trim();
        added
    }

    fn trim(&mut self) {
        while self.rows.len() > KEPT {
            self.rows.pop_front();
            self.dropped += 1;
        }
    }

    /// Every event kept, oldest first.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = &EventRow> {
        self.rows.iter()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `n` of the newest live event (what a pause holds the view at).
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Events let go because more than [`KEPT`] came.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The time of the oldest event kept.
    pub fn oldest(&self) -> Option<i64> {
        self.rows.front().map(|r| r.time)
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
