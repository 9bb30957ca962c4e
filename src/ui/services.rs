//! The swarm services pane: name, mode, replicas running/desired, image, published ports,
//! the update state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Row;

use super::format::human_duration;
use super::list::{self, Column};
use crate::app::App;
use crate::engine::swarm::Service;
use crate::sanitize::clean;

/// The columns, dropped on narrow terminals from the end of this order: UPDATED, UPDATE,
/// PORTS, MODE (NAME, REPLICAS and IMAGE stay).
pub const COLUMNS: [Column; 7] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 20,
        ideal: 0,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "MODE",
        sort: None,
        min: 10,
        ideal: 10,
        fill: false,
        drop_order: 3,
    },
    Column {
        title: "REPLICAS",
        sort: Some("replicas"),
        min: 9,
        ideal: 9,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "IMAGE",
        sort: Some("image"),
        min: 16,
        ideal: 30,
        fill: true,
        drop_order: 0,
    },
    Column {
        title: "PORTS",
        sort: None,
        min: 12,
        ideal: 20,
        fill: true,
        drop_order: 2,
    },
    Column {
        title: "UPDATE",
        sort: None,
        min: 10,
        ideal: 20,
        fill: false,
        drop_order: 4,
    },
    Column {
        title: "UPDATED",
        sort: Some("updated"),
        min: 12,
        ideal: 14,
        fill: false,
        drop_order: 5,
    },
];

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let view = &app.host().swarm.services;
    let want = list::name_want(view.visible().map(|s| s.name.as_str()));
    list::Placed::new(area, view, vec![], COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().swarm.services;
    if super::swarm::draw_placeholder(frame, area, app, view, "service") {
        return;
    }
    let placed = placed(app, area);
    let (block, shown, header) = (placed.block(app), &placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(s, selected)| row(app, s, shown, selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

fn row<'a>(app: &App, s: &Service, shown: &list::Shown, selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().swarm.services.marks.contains(&s.id);
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "NAME" => (list::name_line(app, marked, &s.name), Style::default()),
            "MODE" => (s.mode_text().into(), t.fg(t.dim)),
            "REPLICAS" => {
                let colour = if s.running >= s.desired {
                    t.running
                } else if s.running == 0 {
                    t.error
                } else {
                    t.warning
                };
                (format!("{}/{}", s.running, s.desired).into(), t.fg(colour))
            }
            "IMAGE" => (clean(&s.image).into_owned().into(), Style::default()),
            "PORTS" => (ports_text(s).into(), Style::default()),
            "UPDATE" => match &s.update {
                Some(u) => {
                    let style = if u.state.contains("paused") || u.state.starts_with("rollback") {
                        t.fg(t.warning)
                    } else {
                        t.fg(t.dim)
                    };
                    (clean(&u.state.replace('_', " ")).into_owned().into(), style)
                }
                None => (Line::default(), Style::default()),
            },
            _ => (
                format!("{} ago", human_duration(app.now - s.updated)).into(),
                t.fg(t.dim),
            ),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}

/// `*:8080->80/tcp`, as `docker service ls` writes them.
fn ports_text(s: &Service) -> String {
    let text: Vec<String> = s
        .ports
        .iter()
        .map(|p| {
            let published = p.published.map_or_else(String::new, |n| n.to_string());
            format!("*:{published}->{}/{}", p.target, p.protocol)
        })
        .collect();
    clean(&text.join(", ")).into_owned()
}
