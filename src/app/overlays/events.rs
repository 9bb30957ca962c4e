//! The events view: the host's engine events, live, newest at the bottom (drawn by
//! `ui::events`). A filter as you type (`/`: every word must be in the row), the type cycled
//! with `t`, a look back with `s` (the engine's remembered events since 10 minutes, an hour, a
//! day, or a time), a pause (`p`) that holds the rows while events keep being recorded, and
//! `enter` to go to the event's object on its pane.
//!
//! The rows are the host's [`EventLog`](crate::app::events::EventLog); the view holds only how
//! they are looked at.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Handled, close, keep};
use crate::app::events::{EventRow, kind_word};
use crate::app::text::LineEdit;
use crate::app::{App, Effect};
use crate::config::{Action, EventsAction, ListAction, Scope};
use crate::engine::Request;
use crate::engine::events::{EventHistory, HistoryFrom};
use crate::engine::model::EventKind;

/// The look backs offered on up and down in the since prompt ("" is what dockhand saw itself).
pub const SINCE_PRESETS: [&str; 4] = ["", "10m", "1h", "24h"];

/// The types `t` steps through (`None`: every type).
const KINDS: [Option<EventKind>; 7] = [
    None,
    Some(EventKind::Container),
    Some(EventKind::Image),
    Some(EventKind::Volume),
    Some(EventKind::Network),
    Some(EventKind::Service),
    Some(EventKind::Node),
];

/// What is being typed at the bottom of the view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typing {
    Filter,
    /// The since prompt, with why the last answer was refused.
    Since {
        input: LineEdit,
        error: Option<String>,
    },
}

/// The start of the rows shown: a look back's, as typed and in engine time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Since {
    pub label: String,
    /// Unix seconds; until the engine answers, reckoned on our clock.
    pub at: i64,
}

/// A look back: asked, answered, or failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookBack {
    Asking {
        seq: u64,
    },
    /// How many events the engine gave, and how many of them were new here.
    Done {
        given: usize,
        new: usize,
        cut: bool,
    },
    Failed(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventsView {
    pub filter: LineEdit,
    pub typing: Option<Typing>,
    /// The one type shown, or every type.
    pub kind: Option<EventKind>,
    pub since: Option<Since>,
    pub look_back: Option<LookBack>,
    /// Paused at this many events received: newer ones wait, counted in the title.
    pub paused_at: Option<u64>,
    /// The selected row counted from the newest shown (0: the newest, followed as events
    /// come); `None` follows too.
    pub selected: Option<usize>,
}

impl EventsView {
    /// The rows shown, oldest first: the host's events through the pause, the type, the since
    /// and the filter.
    pub fn rows<'a>(&self, app: &'a App) -> Vec<&'a EventRow> {
        let needle = self.filter.text().trim().to_lowercase();
        app.host
            .events
            .rows()
            .filter(|r| self.paused_at.is_none_or(|p| r.n <= p))
            .filter(|r| self.kind.is_none_or(|k| r.kind == k))
            .filter(|r| self.since.as_ref().is_none_or(|s| r.time >= s.at))
            .filter(|r| needle.is_empty() || r.matches(&needle))
            .collect()
    }

    /// Events received while paused (not shown until resumed).
    pub fn waiting(&self, app: &App) -> u64 {
        self.paused_at
            .map(|p| app.host.events.received().saturating_sub(p))
            .unwrap_or(0)
    }

    /// The selected row's index among `len` rows shown oldest first.
    pub fn selected_index(&self, len: usize) -> Option<usize> {
        let back = self.selected.unwrap_or(0);
        len.checked_sub(1 + back.min(len.saturating_sub(1)))
    }

    /// The type filter's word for the title.
    pub fn kind_label(&self) -> &'static str {
        self.kind.map(kind_word).unwrap_or("all")
    }

    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        match self.typing.take() {
            Some(Typing::Filter) => {
                self.type_filter(key);
                keep()
            }
            Some(Typing::Since { input, error }) => self.type_since(app, key, input, error),
            None => self.on_action(app, key),
        }
    }

    fn type_filter(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => {}
            KeyCode::Esc => self.filter.clear(),
            _ => {
                self.filter.edit(&key);
                self.typing = Some(Typing::Filter);
            }
        }
        self.selected = None;
    }

    fn type_since(
        &mut self,
        app: &mut App,
        key: KeyEvent,
        mut input: LineEdit,
        mut error: Option<String>,
    ) -> Handled {
        match key.code {
            KeyCode::Esc => return keep(),
            KeyCode::Enter => match parse_since(input.text(), app.now) {
                Ok(from) => return (super::Next::Keep, self.look_back(app, input.text(), from)),
                Err(why) => error = Some(why),
            },
            KeyCode::Up | KeyCode::Down => {
                let at = SINCE_PRESETS.iter().position(|p| *p == input.text().trim());
                let n = SINCE_PRESETS.len();
                let next = match (at, key.code) {
                    (Some(i), KeyCode::Down) => (i + 1) % n,
                    (Some(i), _) => (i + n - 1) % n,
                    (None, KeyCode::Down) => 0,
                    (None, _) => n - 1,
                };
                input.set(SINCE_PRESETS[next]);
                error = None;
            }
            _ => {
                if input.edit(&key) {
                    error = None;
                }
            }
        }
        self.typing = Some(Typing::Since { input, error });
        keep()
    }

    /// Shows the events from `from` on, asking the engine for those it remembers (none asked
    /// for `None`: back to what dockhand saw itself).
    fn look_back(&mut self, app: &mut App, label: &str, from: Option<HistoryFrom>) -> Vec<Effect> {
        self.selected = None;
        let Some(from) = from else {
            self.since = None;
            self.look_back = None;
            return vec![];
        };
        let at = match from {
            HistoryFrom::Ago(secs) => app.now - secs,
            HistoryFrom::At(t) => t,
        };
        self.since = Some(Since {
            label: label.trim().to_string(),
            at,
        });
        if !app.host.connection.is_connected() {
            self.look_back = Some(LookBack::Failed("the engine is not connected".into()));
            return vec![];
        }
        let seq = app.host.next_seq();
        self.look_back = Some(LookBack::Asking { seq });
        vec![Effect::Engine(
            app.host.id,
            Request::EventHistory { seq, from },
        )]
    }

    /// Keeps the view as it is left, to open it so again (a look back still asked for is
    /// merged into the log all the same).
    fn leave(&self, app: &mut App) {
        app.host.events_view = Some(EventsView {
            typing: None,
            look_back: None,
            selected: None,
            ..self.clone()
        });
    }

    /// The engine's answer to a look back (the rows are merged into the log by the app).
    pub fn answered(&mut self, seq: u64, result: &Result<EventHistory, String>, new: usize) {
        if self.look_back != Some(LookBack::Asking { seq }) {
            return;
        }
        self.look_back = Some(match result {
            Ok(h) => {
                if let Some(s) = &mut self.since {
                    s.at = h.since;
                }
                LookBack::Done {
                    given: h.events.len(),
                    new,
                    cut: h.cut,
                }
            }
            Err(e) => LookBack::Failed(e.clone()),
        });
    }

    fn on_action(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let action = app
            .settings
            .keymap
            .action_for(&[Scope::Events, Scope::List], &key);
        let len = self.rows(app).len();
        let back = self.selected.unwrap_or(0);
        let page = app.page().max(1);
        match action {
            Some(Action::List(ListAction::Back)) => {
                if self.filter.is_empty() {
                    self.leave(app);
                    return close();
                }
                self.filter.clear();
                self.selected = None;
            }
            Some(Action::List(ListAction::Filter)) => {
                self.filter.select_all();
                self.typing = Some(Typing::Filter);
            }
            Some(Action::List(ListAction::Up)) => self.selected = Some(back + 1),
            Some(Action::List(ListAction::Down)) => self.selected = Some(back.saturating_sub(1)),
            Some(Action::List(ListAction::PageUp)) => self.selected = Some(back + page),
            Some(Action::List(ListAction::PageDown)) => {
                self.selected = Some(back.saturating_sub(page));
            }
            Some(Action::List(ListAction::Top)) => self.selected = Some(len.saturating_sub(1)),
            Some(Action::List(ListAction::Bottom)) => self.selected = None,
            Some(Action::Events(EventsAction::EventsType)) => {
                let at = KINDS.iter().position(|k| *k == self.kind).unwrap_or(0);
                self.kind = KINDS[(at + 1) % KINDS.len()];
                self.selected = None;
            }
            Some(Action::Events(EventsAction::EventsSince)) => {
                let typed = self
                    .since
                    .as_ref()
                    .map(|s| s.label.clone())
                    .unwrap_or_default();
                let mut input = LineEdit::new(typed);
                input.select_all();
                self.typing = Some(Typing::Since { input, error: None });
            }
            Some(Action::Events(EventsAction::EventsPause)) => {
                self.paused_at = match self.paused_at {
                    Some(_) => None,
                    None => Some(app.host.events.received()),
                };
            }
            Some(Action::Events(EventsAction::EventsGoTo)) => {
                let rows = self.rows(app);
                let Some(row) = self.selected_index(rows.len()).and_then(|i| rows.get(i)) else {
                    return keep();
                };
                let row = (*row).clone();
                self.leave(app);
                return (super::Next::Close, app.go_to_event_object(&row));
            }
            _ => {}
        }
        // The selection stays within the rows.
        if let Some(b) = self.selected {
            self.selected = Some(b.min(len.saturating_sub(1)));
        }
        keep()
    }
}

/// Reads the since prompt: empty is what dockhand saw itself, a duration (`10m`, `2h 30m`) is
/// that long before the engine's now, an RFC 3339 time (`2026-12-03T10:00:00Z`) is that time.
pub fn parse_since(input: &str, now: i64) -> Result<Option<HistoryFrom>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = humantime::parse_duration(input) {
        return Ok(Some(HistoryFrom::Ago(
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        )));
    }
    let at = humantime::parse_rfc3339_weak(input)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .ok_or_else(|| {
            format!(
                "`{input}` is neither a duration (10m, 1h, 24h) nor a time (2026-12-03T10:00:00Z)"
            )
        })?;
    if at > now {
        return Err("that time is still to come".into());
    }
    Ok(Some(HistoryFrom::At(at)))
}
