//! What a click and the wheel do. A click selects a row, sorts by a column title (again:
//! reverses, as the sort keys do) or shows a pane by its tab; a second click on the same cell
//! soon after does what Enter does on the pane; the wheel scrolls what is under it: the list,
//! the log view (below the list or full screen), or a view over the panes.
//!
//! What is under the mouse comes in the message, found by `ui::hit::at` from the same
//! functions that draw (see that module for why it is found there): this module decides what
//! to do with it. The time comes in the message too, so a double click is told here without a
//! clock. Everything a click does goes through the same doors as keys: a tab is the pane's
//! show action and Enter's action goes through `on_action`, so read-only mode hides for the
//! mouse what it hides for keys, and a confirmation stays a dialog of its own (a click on a
//! dialog does nothing).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::logs::LogMode;
use super::{App, Effect, Overlay, Pane};
use crate::config::{Action, GlobalAction};

/// Two clicks on one cell within this many milliseconds are a double click.
pub const DOUBLE_CLICK_MS: u64 = 400;

/// Rows a notch of the wheel scrolls.
pub const WHEEL_ROWS: isize = 3;

/// What is at a cell of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Target {
    /// A row of the shown pane's list: its index among the visible rows.
    Row(usize),
    /// The title of a column the list can sort by: the sort key's title.
    Header(&'static str),
    /// A pane's tab on the list's top border.
    Tab(Pane),
    /// The log view, below the list or over it.
    Logs,
    /// A dialog or a view over the panes.
    Overlay,
    #[default]
    Nothing,
}

/// The last click, to tell a double click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Click {
    pub column: u16,
    pub row: u16,
    pub millis: u64,
}

impl App {
    /// A left click at (`column`, `row`) on `target`, at `millis`.
    pub(super) fn on_click(&mut self, click: Click, target: Target) -> Vec<Effect> {
        let last = self.screen.last_click.take();
        let double = last.is_some_and(|l| {
            l.column == click.column
                && l.row == click.row
                && click.millis.saturating_sub(l.millis) <= DOUBLE_CLICK_MS
        });
        // A third click starts again: a double click opens once.
        if !double {
            self.screen.last_click = Some(click);
        }
        match target {
            Target::Row(i) => {
                let page = self.page();
                self.list_mut().select_index(i, page);
                if double && self.list().selected_index() == Some(i) {
                    return self.enter();
                }
                vec![]
            }
            Target::Header(sort) => {
                if self.list_mut().sort_by_title(&[sort]) {
                    self.rebuild();
                }
                vec![]
            }
            Target::Tab(pane) => self.on_action(Action::Global(show(pane))),
            Target::Logs | Target::Overlay | Target::Nothing => vec![],
        }
    }

    /// What Enter does on the shown pane, as its keymap says.
    fn enter(&mut self) -> Vec<Effect> {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        match self.settings.keymap.action_for(&self.live_scopes(), &enter) {
            Some(a) => self.on_action(a),
            None => vec![],
        }
    }

    /// The wheel turned `up` or down over `target`.
    pub(super) fn on_wheel(&mut self, up: bool, target: Target) -> Vec<Effect> {
        let by = if up { -WHEEL_ROWS } else { WHEEL_ROWS };
        if self.screen.overlay.is_some() {
            return self.wheel_overlay(up, by);
        }
        let logs_full = self.screen.pane.has_logs() && self.log_view().mode == LogMode::Full;
        if target == Target::Logs || logs_full {
            self.log_view_mut().scroll(by as i64);
        } else {
            let page = self.page();
            self.list_mut().move_by(by, page);
        }
        vec![]
    }

    /// The wheel over a view: it scrolls as its arrow keys do. Dialogs are left alone: their
    /// arrows choose, and a choice is the user's to make with a key.
    fn wheel_overlay(&mut self, up: bool, by: isize) -> Vec<Effect> {
        if matches!(self.screen.overlay, Some(Overlay::Inspect(_))) {
            self.wheel_inspect(by);
            return vec![];
        }
        let view = matches!(
            self.screen.overlay,
            Some(
                Overlay::Help(_)
                    | Overlay::Messages(_)
                    | Overlay::History(_)
                    | Overlay::Events(_)
                    | Overlay::Processes(_)
                    | Overlay::Findings(_)
                    | Overlay::EngineFindings(_)
                    | Overlay::Files(_)
                    | Overlay::Disk(_)
                    | Overlay::PruneResult(_)
                    | Overlay::Pull(_)
                    | Overlay::Stats(_)
            )
        );
        let mut fx = Vec::new();
        if view {
            let arrow = KeyEvent::new(
                if up { KeyCode::Up } else { KeyCode::Down },
                KeyModifiers::NONE,
            );
            for _ in 0..by.unsigned_abs() {
                fx.extend(self.on_overlay_key(arrow));
            }
        }
        fx
    }
}

/// The action that shows `pane` (its number key).
fn show(pane: Pane) -> GlobalAction {
    match pane {
        Pane::Containers => GlobalAction::ShowContainers,
        Pane::Images => GlobalAction::ShowImages,
        Pane::Volumes => GlobalAction::ShowVolumes,
        Pane::Networks => GlobalAction::ShowNetworks,
        Pane::Projects => GlobalAction::ShowProjects,
        Pane::Services => GlobalAction::ShowServices,
        Pane::Tasks => GlobalAction::ShowTasks,
        Pane::Nodes => GlobalAction::ShowNodes,
        Pane::Security => GlobalAction::ShowSecurity,
    }
}
