//! The volumes pane: name, driver, size, and which containers use each volume.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::format::{human_duration, human_size};
use super::list::{self, Column};
use crate::app::App;
use crate::engine::model::ContainerState;
use crate::engine::objects::Volume;
use crate::sanitize::clean;

const COLUMNS: [Column; 5] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        width: Constraint::Fill(3),
        drop_order: 0,
    },
    Column {
        title: "DRIVER",
        sort: Some("driver"),
        width: Constraint::Length(8),
        drop_order: 2,
    },
    Column {
        title: "SIZE",
        sort: Some("size"),
        width: Constraint::Length(9),
        drop_order: 1,
    },
    Column {
        title: "CREATED",
        sort: Some("created"),
        width: Constraint::Length(16),
        drop_order: 3,
    },
    Column {
        title: "USED BY",
        sort: None,
        width: Constraint::Fill(3),
        drop_order: 0,
    },
];

/// Containers using each volume: (name, running), from the containers' mounts.
pub fn users(app: &App) -> HashMap<&str, Vec<(&str, bool)>> {
    let mut out: HashMap<&str, Vec<(&str, bool)>> = HashMap::new();
    for c in app.host().containers.list.all() {
        for v in &c.volumes {
            out.entry(v.name.as_str())
                .or_default()
                .push((c.name.as_str(), c.state == ContainerState::Running));
        }
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().volumes;
    let block = list::block(app, area, view, vec![]);
    if list::draw_placeholder(frame, area, app, view, block.clone(), "volume") {
        return;
    }
    let users = users(app);
    let shown = list::shown_columns(&COLUMNS, area.width);
    let header = list::header(app, view, &COLUMNS, &shown);
    let selected = view.selected_index();
    let rows: Vec<Row> = view
        .visible()
        .enumerate()
        .skip(view.offset)
        .take(list::page(area))
        .map(|(i, v)| {
            row(
                app,
                v,
                &shown,
                Some(i) == selected,
                users.get(v.name.as_str()),
            )
        })
        .collect();
    list::draw_table(frame, area, block, header, rows, &COLUMNS, &shown);
}

fn row<'a>(
    app: &App,
    v: &'a Volume,
    shown: &[usize],
    selected: bool,
    users: Option<&Vec<(&str, bool)>>,
) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().volumes.marks.contains(&v.name);
    let cells = shown.iter().map(|&i| match COLUMNS[i].title {
        "NAME" => {
            let shown_name = if v.anonymous {
                format!("{}… (anonymous)", v.name.get(..12).unwrap_or(&v.name))
            } else {
                v.name.clone()
            };
            list::name_cell(app, marked, &shown_name)
        }
        "DRIVER" => Cell::from(clean(&v.driver).into_owned()).style(t.fg(t.dim)),
        "SIZE" => Cell::from(v.size.map_or_else(|| "–".to_string(), human_size)),
        "CREATED" => Cell::from(
            v.created
                .map(|c| format!("{} ago", human_duration(app.now - c)))
                .unwrap_or_default(),
        )
        .style(t.fg(t.dim)),
        _ => match users {
            Some(users) => {
                let mut spans = Vec::new();
                for (n, (name, running)) in users.iter().enumerate() {
                    if n > 0 {
                        spans.push(Span::raw(", "));
                    }
                    let style = if *running {
                        t.fg(t.running)
                    } else {
                        t.fg(t.stopped)
                    };
                    spans.push(Span::styled(clean(name).into_owned(), style));
                }
                Cell::from(Line::from(spans))
            }
            None if app.host().containers.list.loaded => {
                Cell::from("unused").style(t.fg(t.warning))
            }
            None => Cell::from(""),
        },
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
