//! The images pane: references, size, age, and which containers use each image.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::format::{human_duration, human_size};
use super::list::{self, Column};
use crate::app::App;
use crate::engine::model::ContainerState;
use crate::engine::objects::Image;

const COLUMNS: [Column; 5] = [
    Column {
        title: "REPOSITORY:TAG",
        sort: Some("repository"),
        width: Constraint::Fill(4),
        drop_order: 0,
    },
    Column {
        title: "ID",
        sort: None,
        width: Constraint::Length(12),
        drop_order: 1,
    },
    Column {
        title: "SIZE",
        sort: Some("size"),
        width: Constraint::Length(9),
        drop_order: 0,
    },
    Column {
        title: "CREATED",
        sort: Some("created"),
        width: Constraint::Length(16),
        drop_order: 2,
    },
    Column {
        title: "USED BY",
        sort: None,
        width: Constraint::Fill(2),
        drop_order: 0,
    },
];

/// Containers using each image id: (running, all).
pub fn usage(app: &App) -> HashMap<&str, (usize, usize)> {
    let mut out: HashMap<&str, (usize, usize)> = HashMap::new();
    for c in app.host().containers.list.all() {
        let e = out.entry(c.image_id.as_str()).or_default();
        e.1 += 1;
        if c.state == ContainerState::Running {
            e.0 += 1;
        }
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let list_view = &app.host().images;
    let block = list::block(app, area, list_view, vec![]);
    if list::draw_placeholder(frame, area, app, list_view, block.clone(), "image") {
        return;
    }
    let used = usage(app);
    let shown = list::shown_columns(&COLUMNS, area.width);
    let header = list::header(app, list_view, &COLUMNS, &shown);
    let selected = list_view.selected_index();
    let rows: Vec<Row> = list_view
        .visible()
        .enumerate()
        .skip(list_view.offset)
        .take(list::page(area))
        .map(|(i, img)| {
            row(
                app,
                img,
                &shown,
                Some(i) == selected,
                used.get(img.id.as_str()).copied(),
            )
        })
        .collect();
    list::draw_table(frame, area, block, header, rows, &COLUMNS, &shown);
}

fn row<'a>(
    app: &App,
    img: &'a Image,
    shown: &[usize],
    selected: bool,
    used: Option<(usize, usize)>,
) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().images.marks.contains(img.id.as_str());
    // Every tag, as far as the column allows; the first three, then a count.
    let name = if img.dangling() {
        "<none>:<none>".to_string()
    } else {
        let mut s = img
            .tags
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if img.tags.len() > 3 {
            s.push_str(&format!(" (+{} more)", img.tags.len() - 3));
        }
        s
    };
    let cells = shown.iter().map(|&i| match COLUMNS[i].title {
        "REPOSITORY:TAG" => {
            let cell = list::name_cell(app, marked, &name);
            if img.dangling() {
                cell.style(t.fg(t.dim))
            } else {
                cell
            }
        }
        "ID" => Cell::from(img.short_id().to_string()).style(t.fg(t.dim)),
        "SIZE" => Cell::from(human_size(img.size)),
        "CREATED" => {
            Cell::from(format!("{} ago", human_duration(app.now - img.created))).style(t.fg(t.dim))
        }
        _ => {
            let mut spans = Vec::new();
            match used {
                Some((running, all)) => spans.push(Span::raw(format!("{running} running / {all}"))),
                None if app.host().containers.list.loaded => {
                    spans.push(Span::styled("unused", t.fg(t.warning)))
                }
                None => {}
            }
            if img.dangling() {
                spans.push(Span::styled(" dangling", t.fg(t.warning)));
            }
            Cell::from(Line::from(spans))
        }
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
