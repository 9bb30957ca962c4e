//! The swarm nodes pane: hostname, role, availability, status, manager status, engine version.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Row;

use super::list::{self, Column};
use crate::app::App;
use crate::engine::swarm::{Availability, Node, NodeRole};
use crate::sanitize::clean;

/// The columns, dropped on narrow terminals from the end of this order: ADDRESS, ENGINE,
/// MANAGER (NAME, ROLE, AVAILABILITY and STATUS stay).
pub const COLUMNS: [Column; 7] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 16,
        ideal: 0,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "ROLE",
        sort: Some("role"),
        min: 8,
        ideal: 8,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "AVAILABILITY",
        sort: Some("availability"),
        min: 13,
        ideal: 13,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "STATUS",
        sort: Some("status"),
        min: 8,
        ideal: 8,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "MANAGER",
        sort: None,
        min: 11,
        ideal: 12,
        fill: false,
        drop_order: 1,
    },
    Column {
        title: "ENGINE",
        sort: None,
        min: 8,
        ideal: 10,
        fill: false,
        drop_order: 2,
    },
    Column {
        title: "ADDRESS",
        sort: None,
        min: 10,
        ideal: 16,
        fill: true,
        drop_order: 3,
    },
];

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let view = &app.host().swarm.nodes;
    let names: Vec<String> = view.visible().map(shown_name).collect();
    let want = list::name_want(names.iter().map(String::as_str));
    list::Placed::new(area, view, vec![], COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().swarm.nodes;
    if super::swarm::draw_placeholder(frame, area, app, view, "node") {
        return;
    }
    let placed = placed(app, area);
    let (block, shown, header) = (placed.block(app), &placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(n, selected)| row(app, n, shown_name(n), shown, selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

/// The hostname, with `*` on the node dockhand talks to (as `docker node ls` marks it).
fn shown_name(n: &Node) -> String {
    if n.this {
        format!("{} *", n.hostname)
    } else {
        n.hostname.clone()
    }
}

fn row<'a>(app: &App, n: &Node, name: String, shown: &list::Shown, selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().swarm.nodes.marks.contains(&n.id);
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "NAME" => (list::name_line(app, marked, &name), Style::default()),
            "ROLE" => match n.role {
                NodeRole::Manager => (
                    "manager".into(),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                NodeRole::Worker => ("worker".into(), t.fg(t.dim)),
            },
            "AVAILABILITY" => {
                let style = match n.availability {
                    Availability::Active => t.fg(t.running),
                    Availability::Pause => t.fg(t.paused),
                    Availability::Drain => t.fg(t.warning),
                };
                (n.availability.as_str().into(), style)
            }
            "STATUS" => {
                let style = if n.status == "ready" {
                    t.fg(t.running)
                } else {
                    t.fg(t.error)
                };
                (clean(&n.status).into_owned().into(), style)
            }
            "MANAGER" => (
                clean(n.manager_status.as_deref().unwrap_or(""))
                    .into_owned()
                    .into(),
                t.fg(t.dim),
            ),
            "ENGINE" => (clean(&n.engine_version).into_owned().into(), t.fg(t.dim)),
            _ => (clean(&n.addr).into_owned().into(), t.fg(t.dim)),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
