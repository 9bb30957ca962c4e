//! The volumes pane: name, driver, size, and which containers use each volume.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::format::{human_duration, human_size};
use super::list::{self, Column};
use crate::app::App;
use crate::app::list::natural_cmp;
use crate::engine::model::ContainerState;
use crate::engine::objects::Volume;
use crate::sanitize::clean;

/// The columns, dropped on narrow terminals from the end of this order: CREATED, DRIVER, SIZE
/// (NAME and USED BY stay).
pub const COLUMNS: [Column; 5] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 32,
        ideal: 0,
        fill: true,
        drop_order: 0,
    },
    Column {
        title: "DRIVER",
        sort: Some("driver"),
        min: 7,
        ideal: 8,
        fill: false,
        drop_order: 2,
    },
    Column {
        title: "SIZE",
        sort: Some("size"),
        min: 8,
        ideal: 9,
        fill: false,
        drop_order: 1,
    },
    Column {
        title: "CREATED",
        sort: Some("created"),
        min: 12,
        ideal: 16,
        fill: false,
        drop_order: 3,
    },
    Column {
        title: "USED BY",
        sort: None,
        min: 14,
        ideal: 20,
        fill: true,
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
        list.sort_by(|a, b| natural_cmp(a.0, b.0));
    }
    out
}

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let view = &app.host().volumes;
    let names: Vec<String> = view.visible().map(shown_name).collect();
    let want = list::name_want(names.iter().map(String::as_str));
    list::Placed::new(area, view, vec![], COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().volumes;
    let placed = placed(app, area);
    let block = placed.block(app);
    if list::draw_placeholder(frame, area, app, view, block.clone(), "volume") {
        return;
    }
    let users = users(app);
    let (shown, header) = (&placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(v, selected)| row(app, v, shown, selected, users.get(v.name.as_str())))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

/// An anonymous volume's 64-hex name says nothing past its start.
fn shown_name(v: &Volume) -> String {
    if v.anonymous {
        format!("{}… (anonymous)", v.name.get(..12).unwrap_or(&v.name))
    } else {
        v.name.clone()
    }
}

fn row<'a>(
    app: &App,
    v: &'a Volume,
    shown: &list::Shown,
    selected: bool,
    users: Option<&Vec<(&str, bool)>>,
) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().volumes.marks.contains(&v.name);
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "NAME" => (
                list::name_line(app, marked, &shown_name(v)),
                Style::default(),
            ),
            "DRIVER" => (clean(&v.driver).into_owned().into(), t.fg(t.dim)),
            "SIZE" => (
                v.size.map_or_else(|| "–".to_string(), human_size).into(),
                Style::default(),
            ),
            "CREATED" => (
                v.created
                    .map(|c| format!("{} ago", human_duration(app.now - c)))
                    .unwrap_or_default()
                    .into(),
                t.fg(t.dim),
            ),
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
                    (Line::from(spans), Style::default())
                }
                None if app.host().containers.list.loaded => ("unused".into(), t.fg(t.warning)),
                None => (Line::default(), Style::default()),
            },
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
