//! What is under the mouse at a cell: a list row, a column title, a pane tab, the log view, an
//! overlay, or nothing, for the state as it is drawn.
//!
//! Why here, and why computed rather than recorded: where a pane's table, tabs and columns
//! fall depends on what only the drawing knows (each pane's column table, the names it
//! measures for the first column, the words of its title, which decide whether the tabs show
//! names, numbers or nothing). Moving all that into `app/` would move most of every pane's
//! drawing there; recording rectangles while drawing would make drawing impure and answer for
//! the last frame, not the state. So this is a pure function of `&App`, like `draw`, built on
//! the very functions `draw` uses ([`super::areas`], [`super::body_parts`], each pane's
//! `placed`, [`list::tab_spans`], [`list::Placed::column_rects`]): nothing is measured twice
//! in two ways. The runtime asks it when a mouse event comes and hands the answer to the app
//! in the message ([`crate::app::Msg::Click`]), so `App::update` stays pure and tests can
//! click by cell through the same function.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{containers, images, list, networks, nodes, projects, security, services, tasks};
use super::{volumes, with_body};
use crate::app::mouse::Target;
use crate::app::{App, Msg, Pane};

/// What is at (`column`, `row`), 0-based cells from the top left.
pub fn at(app: &App, column: u16, row: u16) -> Target {
    let screen = Rect::new(0, 0, app.screen.width, app.screen.height);
    let Some([_, body, _]) = super::areas(screen) else {
        return Target::Nothing;
    };
    if app.screen.overlay.is_some() {
        return Target::Overlay;
    }
    let pos = Position::new(column, row);
    if !body.contains(pos) || !with_body(app) {
        return Target::Nothing;
    }
    let (list, logs) = super::body_parts(app, body);
    if logs.is_some_and(|r| r.contains(pos)) {
        return Target::Logs;
    }
    match list {
        Some(area) if area.contains(pos) => on_list(app, &placed(app, area), pos),
        _ => Target::Nothing,
    }
}

/// The shown pane's table in `area`, as its drawing places it.
fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    match app.screen.pane {
        Pane::Containers => containers::placed(app, area),
        Pane::Images => images::placed(app, area),
        Pane::Volumes => volumes::placed(app, area),
        Pane::Networks => networks::placed(app, area),
        Pane::Projects => projects::placed(app, area),
        Pane::Services => services::placed(app, area),
        Pane::Tasks => tasks::placed(app, area),
        Pane::Nodes => nodes::placed(app, area),
        Pane::Security => security::placed(app, area),
    }
}

fn on_list(app: &App, placed: &list::Placed, pos: Position) -> Target {
    let area = placed.area;
    if pos.y == area.y {
        let title = placed.title_width(app);
        return list::tab_spans(area, title)
            .into_iter()
            .find(|&(_, from, to)| (from..to).contains(&pos.x))
            .map_or(Target::Nothing, |(pane, ..)| Target::Tab(pane));
    }
    // Without rows a message is drawn instead of the table (loading, empty, not a manager).
    let not_manager = app.screen.pane.is_swarm() && app.host().swarm.not_manager.is_some();
    let inside = pos.x > area.x && pos.x < area.right().saturating_sub(1);
    if !placed.list.loaded() || placed.list.visible_len() == 0 || not_manager || !inside {
        return Target::Nothing;
    }
    if pos.y == area.y + 1 {
        return placed
            .column_rects()
            .iter()
            .zip(&placed.shown)
            .find(|(r, _)| r.x <= pos.x && pos.x < r.right())
            .and_then(|(_, &(i, _))| placed.columns.get(i).and_then(|c| c.sort))
            .map_or(Target::Nothing, Target::Header);
    }
    let first = area.y + 2;
    if pos.y >= first && pos.y < area.bottom().saturating_sub(1) {
        let i = placed.list.offset() + usize::from(pos.y - first);
        if i < placed.list.visible_len() {
            return Target::Row(i);
        }
    }
    Target::Nothing
}

/// The message for a mouse event, what is under it found by [`at`]: a press of the left button
/// is a click, the wheel a wheel; the rest (releases, drags, other buttons) is nothing.
/// `millis` is a steady clock's reading. Call [`App::prepare_frame`] first, so the state is
/// the one drawn.
pub fn message(app: &App, event: MouseEvent, millis: u64) -> Option<Msg> {
    let target = || at(app, event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
            column: event.column,
            row: event.row,
            target: target(),
            millis,
        }),
        MouseEventKind::ScrollUp => Some(Msg::Wheel {
            up: true,
            target: target(),
        }),
        MouseEventKind::ScrollDown => Some(Msg::Wheel {
            up: false,
            target: target(),
        }),
        _ => None,
    }
}
