//! The swarm tasks pane: a service's tasks (or every service's), with their state, the state
//! wanted of them, their node, error and age.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::format::human_duration;
use super::list::{self, Column};
use crate::app::App;
use crate::app::swarm::TaskRow;
use crate::sanitize::clean;

/// The columns, dropped on narrow terminals from the end of this order: ID, IMAGE, AGE,
/// DESIRED (NAME, STATE, NODE and ERROR stay).
pub const COLUMNS: [Column; 8] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 16,
        ideal: 0,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "STATE",
        sort: Some("state"),
        min: 9,
        ideal: 10,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "DESIRED",
        sort: None,
        min: 8,
        ideal: 9,
        fill: false,
        drop_order: 2,
    },
    Column {
        title: "NODE",
        sort: Some("node"),
        min: 10,
        ideal: 16,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "AGE",
        sort: Some("age"),
        min: 10,
        ideal: 18,
        fill: false,
        drop_order: 3,
    },
    Column {
        title: "ERROR",
        sort: None,
        min: 12,
        ideal: 30,
        fill: true,
        drop_order: 1,
    },
    Column {
        title: "IMAGE",
        sort: None,
        min: 16,
        ideal: 24,
        fill: true,
        drop_order: 4,
    },
    Column {
        title: "ID",
        sort: None,
        min: 12,
        ideal: 12,
        fill: false,
        drop_order: 5,
    },
];

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let swarm = &app.host().swarm;
    let view = &swarm.tasks;
    let t = &app.settings.theme;
    let of = match &swarm.tasks_of {
        Some((_, name)) => format!("· of {} ", clean(name)),
        None => "· of every service ".into(),
    };
    let mut extra = vec![Span::styled(of, t.fg(t.accent))];
    if swarm.task_history {
        extra.push(Span::styled("· with history ", t.fg(t.dim)));
    }
    // The placeholder's block has no extras (see `swarm::draw_placeholder`).
    if super::swarm::placeholder(app, view) {
        extra.clear();
    }
    let want = list::name_want(view.visible().map(|r| r.name.as_str()));
    list::Placed::new(area, view, extra, COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().swarm.tasks;
    if super::swarm::draw_placeholder(frame, area, app, view, "task") {
        return;
    }
    let placed = placed(app, area);
    let (block, shown, header) = (placed.block(app), &placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(r, selected)| row(app, r, shown, selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

fn row<'a>(app: &App, r: &TaskRow, shown: &list::Shown, selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().swarm.tasks.marks.contains(&r.task.id);
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "NAME" => (list::name_line(app, marked, &r.name), Style::default()),
            "STATE" => {
                let colour = match r.task.state.as_str() {
                    "running" => t.running,
                    "failed" | "rejected" | "orphaned" => t.error,
                    "complete" | "shutdown" | "remove" => t.stopped,
                    _ => t.transition,
                };
                (clean(&r.task.state).into_owned().into(), t.fg(colour))
            }
            "DESIRED" => (
                clean(&r.task.desired_state).into_owned().into(),
                t.fg(t.dim),
            ),
            "NODE" => (clean(&r.node).into_owned().into(), Style::default()),
            "AGE" => (
                format!("{} ago", human_duration(app.now - r.task.since)).into(),
                t.fg(t.dim),
            ),
            "ERROR" => (clean(&r.task.error).into_owned().into(), t.fg(t.error)),
            "IMAGE" => (clean(&r.task.image).into_owned().into(), t.fg(t.dim)),
            _ => (
                r.task.id.get(..12).unwrap_or(&r.task.id).to_string().into(),
                t.fg(t.dim),
            ),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
