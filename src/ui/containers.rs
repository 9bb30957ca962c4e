//! The containers pane: one row per container, actions in flight shown in the state column.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Color;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::format::{ports_text, state_text, status_text};
use super::list::{self, Column};
use super::stats;
use crate::app::{App, wording};
use crate::config::Theme;
use crate::engine::model::{Container, ContainerState, Health};
use crate::sanitize::clean;

/// The colour that tells a container's state at a glance.
pub fn state_color(t: &Theme, c: &Container, pending: bool) -> Color {
    if pending {
        return t.transition;
    }
    match c.state {
        ContainerState::Running => match c.health {
            Some(Health::Unhealthy) => t.unhealthy,
            _ => t.running,
        },
        ContainerState::Paused => t.paused,
        ContainerState::Restarting | ContainerState::Removing => t.transition,
        ContainerState::Exited if c.exit_code.unwrap_or(0) == 0 => t.stopped,
        ContainerState::Exited | ContainerState::Dead => t.exited,
        ContainerState::Created | ContainerState::Other(_) => t.stopped,
    }
}

const COLUMNS: [Column; 12] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        width: Constraint::Fill(3),
        drop_order: 0,
    },
    Column {
        title: "STATE",
        sort: Some("state"),
        width: Constraint::Length(20),
        drop_order: 0,
    },
    Column {
        title: "CPU",
        sort: Some("cpu"),
        width: Constraint::Length(7),
        drop_order: 1,
    },
    Column {
        title: "MEM / LIMIT",
        sort: Some("memory"),
        width: Constraint::Length(19),
        drop_order: 2,
    },
    Column {
        title: "STATUS",
        sort: Some("status"),
        width: Constraint::Length(26),
        drop_order: 2,
    },
    Column {
        title: "IMAGE",
        sort: Some("image"),
        width: Constraint::Fill(3),
        drop_order: 3,
    },
    Column {
        title: "NET ↓ / ↑",
        sort: None,
        width: Constraint::Length(21),
        drop_order: 5,
    },
    Column {
        title: "BLOCK R / W",
        sort: None,
        width: Constraint::Length(21),
        drop_order: 6,
    },
    Column {
        title: "PIDS",
        sort: None,
        width: Constraint::Length(5),
        drop_order: 4,
    },
    Column {
        title: "PORTS",
        sort: None,
        width: Constraint::Fill(2),
        drop_order: 5,
    },
    Column {
        title: "PROJECT",
        sort: Some("project"),
        width: Constraint::Length(12),
        drop_order: 4,
    },
    Column {
        title: "ID",
        sort: Some("created"),
        width: Constraint::Length(12),
        drop_order: 6,
    },
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.settings.theme;
    let pane = &app.host().containers;
    let mut extra = if pane.show_all {
        vec![]
    } else {
        vec![Span::styled("· running only ", t.fg(t.dim))]
    };
    // How fresh the live numbers are and what they cost: said once, in the title.
    if let Some(source) = pane.stats.source() {
        let rows = if pane.sorted_by_stats() {
            "all running"
        } else {
            "rows in view"
        };
        extra.push(Span::styled(
            format!(
                "· numbers: selected 1s, {rows} {}s, via {} ",
                pane.stats.row_interval(),
                stats::source_text(source)
            ),
            t.fg(t.dim),
        ));
    }
    let block = list::block(app, area, &pane.list, extra);
    if list::draw_placeholder(frame, area, app, &pane.list, block.clone(), "container") {
        return;
    }
    let shown = list::shown_columns(&COLUMNS, area.width);
    let header = list::header(app, &pane.list, &COLUMNS, &shown);
    let selected = pane.list.selected_index();
    let rows: Vec<Row> = pane
        .list
        .visible()
        .enumerate()
        .skip(pane.list.offset)
        .take(list::page(area))
        .map(|(i, c)| row(app, c, &shown, Some(i) == selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, &COLUMNS, &shown);
}

fn row<'a>(app: &App, c: &'a Container, shown: &[usize], selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let pending = app.host().ops.pending(&c.id);
    let marked = app.host().containers.list.marks.contains(c.id.as_str());
    let cells = shown.iter().map(|&i| match COLUMNS[i].title {
        "NAME" => list::name_cell(app, marked, &c.name),
        "STATE" => {
            let text = match pending {
                Some(op) => wording::op_progress(op).to_string(),
                None => state_text(c),
            };
            Cell::from(text).style(t.fg(state_color(t, c, pending.is_some())))
        }
        "STATUS" => Cell::from(status_text(c, app.now)).style(t.fg(t.dim)),
        "CPU" | "MEM / LIMIT" | "NET ↓ / ↑" | "BLOCK R / W" | "PIDS" => {
            live_cell(app, c, COLUMNS[i].title, selected)
        }
        "IMAGE" => Cell::from(clean(&c.image).into_owned()),
        "PORTS" => Cell::from(clean(&ports_text(c)).into_owned()),
        "PROJECT" => Cell::from(clean(c.compose_project.as_deref().unwrap_or("")).into_owned()),
        _ => Cell::from(c.short_id().to_string()).style(t.fg(t.dim)),
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}

/// A live number: blank for containers that are not running, `…` until the first sample,
/// dimmed when older than its schedule (out of view for a while, or the engine is slow).
fn live_cell<'a>(app: &App, c: &Container, col: &str, selected: bool) -> Cell<'a> {
    let t = &app.settings.theme;
    if c.state != ContainerState::Running {
        return Cell::from("");
    }
    let book = &app.host().containers.stats;
    let Some(e) = book.get(c.id.as_str()) else {
        return Cell::from("…").style(t.fg(t.dim));
    };
    let r = &e.rates;
    let text = match col {
        "CPU" => stats::cpu_text(r),
        "MEM / LIMIT" => stats::mem_text(r),
        "NET ↓ / ↑" => stats::pair_text(r.net_rx_per_s, r.net_tx_per_s),
        "BLOCK R / W" => stats::pair_text(r.blk_read_per_s, r.blk_write_per_s),
        _ => r.pids.map_or_else(|| "n/a".to_string(), |p| p.to_string()),
    };
    let cell = Cell::from(text);
    if book.is_stale(c.id.as_str(), app.now, selected) {
        cell.style(t.fg(t.dim))
    } else {
        cell
    }
}
