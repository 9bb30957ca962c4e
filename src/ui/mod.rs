//! Drawing: pure functions from `&App` to a frame. No I/O, no state changes; every string from
//! the engine passes through [`crate::sanitize::clean`] before it becomes a cell.

pub mod command;
pub mod containers;
pub mod dialog;
pub mod events;
pub mod files;
pub mod footer;
pub mod format;
pub mod header;
pub mod help;
pub mod hidden_marks;
pub mod history;
pub mod hit;
pub mod hosts;
pub mod images;
pub mod inspect;
pub mod list;
pub mod logs;
pub mod messages;
pub mod networks;
pub mod no_engine;
pub mod nodes;
pub mod processes;
pub mod projects;
pub mod prune;
pub mod pull;
pub mod security;
pub mod services;
pub mod stats;
pub mod swarm;
pub mod tasks;
pub mod too_small;
pub mod volumes;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::layout::{FOOTER_LINES, HEADER_LINES, MIN_HEIGHT, MIN_WIDTH};
use crate::app::logs::LogMode;
use crate::app::{App, Connection, Overlay, Pane};

/// The header, the body and the footer of a screen `area`; none when it is too small to draw.
/// The screen between the header and the hint lines: where a full-screen view draws.
pub fn between_bars(area: Rect) -> Rect {
    Rect {
        y: area.y + HEADER_LINES,
        height: area.height.saturating_sub(HEADER_LINES + FOOTER_LINES),
        ..area
    }
}

pub fn areas(area: Rect) -> Option<[Rect; 3]> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    Some(
        Layout::vertical([
            Constraint::Length(HEADER_LINES),
            Constraint::Min(1),
            Constraint::Length(FOOTER_LINES),
        ])
        .areas(area),
    )
}

/// Where the shown pane's list and its log view go in the `body`: (list, logs), either
/// absent (the logs closed, or full screen over the list).
pub fn body_parts(app: &App, body: Rect) -> (Option<Rect>, Option<Rect>) {
    if !app.screen.pane.has_logs() {
        return (Some(body), None);
    }
    match app.log_view().mode {
        LogMode::Closed => (Some(body), None),
        LogMode::Full => (None, Some(body)),
        LogMode::Split => {
            let (list_h, _) = crate::app::layout::split(app.screen.height);
            let [top, bottom] =
                Layout::vertical([Constraint::Length(list_h), Constraint::Min(1)]).areas(body);
            (Some(top), Some(bottom))
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some([head, body, foot]) = areas(area) else {
        too_small::draw(frame, area, app);
        return;
    };
    header::draw(frame, head, app);
    if !with_body(app) {
        match &app.host().connection {
            Connection::Unavailable { .. } => no_engine::draw(frame, body, app),
            _ => no_engine::draw_connecting(frame, body, app),
        }
    } else {
        match app.screen.pane {
            Pane::Containers => containers_with_logs(frame, body, app),
            Pane::Images => images::draw(frame, body, app),
            Pane::Volumes => volumes::draw(frame, body, app),
            Pane::Networks => networks::draw(frame, body, app),
            Pane::Projects => with_logs(frame, body, app, projects::draw),
            Pane::Services => with_logs(frame, body, app, services::draw),
            Pane::Tasks => with_logs(frame, body, app, tasks::draw),
            Pane::Nodes => nodes::draw(frame, body, app),
            Pane::Security => security::draw(frame, body, app),
        }
    }
    footer::draw(frame, foot, app);
    match &app.screen.overlay {
        Some(Overlay::Help(h)) => help::draw(frame, area, app, h),
        Some(Overlay::Messages(m)) => messages::draw(frame, area, app, m),
        Some(Overlay::Hosts(s)) => hosts::draw(frame, area, app, s),
        Some(Overlay::ConfirmRemove(d)) => dialog::draw_remove(frame, area, app, d),
        Some(Overlay::ProjectConfirm(d)) => projects::draw_confirm(frame, area, app, d),
        Some(Overlay::SwarmConfirm(d)) => swarm::draw_confirm(frame, area, app, d),
        Some(Overlay::RemoveObjects(d)) => dialog::draw_remove_objects(frame, area, app, d),
        Some(Overlay::HiddenMarks(d)) => hidden_marks::draw(frame, area, app, d),
        Some(Overlay::Prompt(p)) => dialog::draw_prompt(frame, area, app, p),
        Some(Overlay::Disk(d)) => prune::draw_disk(frame, area, app, d),
        Some(Overlay::History(h)) => history::draw(frame, area, app, h),
        Some(Overlay::Pull(p)) => pull::draw(frame, area, app, p),
        Some(Overlay::PrunePreview(p)) => prune::draw_preview(frame, area, app, p),
        Some(Overlay::PruneResult(r)) => prune::draw_result(frame, area, app, r),
        Some(Overlay::Stats(v)) => stats::draw(frame, area, app, v),
        Some(Overlay::Processes(p)) => processes::draw(frame, area, app, p),
        Some(Overlay::Findings(v)) => security::draw_findings(frame, area, app, v),
        Some(Overlay::EngineFindings(v)) => security::draw_engine_findings(frame, area, app, v),
        Some(Overlay::Files(v)) => files::draw(frame, area, app, v),
        Some(Overlay::Events(v)) => events::draw(frame, area, app, v),
        Some(Overlay::Command(p)) => command::draw(frame, area, app, p),
        Some(Overlay::Inspect(v)) => inspect::draw(frame, area, app, v),
        None => {}
    }
}

/// Whether the body shows the pane (else it says why there is no engine): the host is
/// connected or was (its last lists stay, marked stale), or it is the all-hosts list, shown
/// whatever the state of the host on screen.
fn with_body(app: &App) -> bool {
    (app.screen.everywhere && app.screen.pane == Pane::Containers)
        || matches!(
            app.host().connection,
            Connection::Connected(_) | Connection::Lost { .. }
        )
}

/// The containers list with the log view below it, over it, or closed.
fn containers_with_logs(frame: &mut Frame, body: Rect, app: &App) {
    with_logs(frame, body, app, containers::draw);
}

/// A list (`draw_list`) with the log view below it, over it, or closed.
fn with_logs(frame: &mut Frame, body: Rect, app: &App, draw_list: fn(&mut Frame, Rect, &App)) {
    let (list, logs) = body_parts(app, body);
    if let Some(area) = list {
        draw_list(frame, area, app);
    }
    if let Some(area) = logs {
        logs::draw(frame, area, app);
    }
}

/// An overlay box over what is behind it: `lines` in an accent border titled `title`.
pub fn boxed(
    frame: &mut Frame,
    rect: Rect,
    t: &crate::config::Theme,
    title: String,
    lines: Vec<ratatui::text::Line>,
) {
    use ratatui::widgets::{Block, Borders, Clear, Paragraph};
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.fg(t.accent))
                .title(title),
        ),
        rect,
    );
}

/// [`boxed`] with a hint on its bottom border.
pub fn boxed_with_hint(
    frame: &mut Frame,
    rect: Rect,
    t: &crate::config::Theme,
    title: String,
    lines: Vec<ratatui::text::Line>,
    hint: String,
) {
    use ratatui::widgets::{Block, Borders, Clear, Paragraph};
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.fg(t.accent))
                .title(title)
                .title_bottom(ratatui::text::Line::from(hint).style(t.fg(t.dim))),
        ),
        rect,
    );
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Rows `lines` take when wrapped at `width` columns (at least one row each).
pub fn wrapped_height(lines: &[ratatui::text::Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1) as u16)
        .sum()
}
