//! The images pane: one row per reference (an image with two tags has two rows, sharing its
//! id), size, age, and which containers use each image.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::format::{human_duration, human_size};
use super::list::{self, Column};
use crate::app::App;
use crate::app::list::Row as _;
use crate::engine::model::ContainerState;
use crate::engine::objects::Image;

/// The columns, dropped on narrow terminals from the end of this order: CREATED, ID, SIZE
/// (REPOSITORY:TAG and USED BY stay).
pub const COLUMNS: [Column; 5] = [
    Column {
        title: "REPOSITORY:TAG",
        sort: Some("repository"),
        min: 32,
        ideal: 0,
        fill: true,
        drop_order: 0,
    },
    Column {
        title: "ID",
        sort: None,
        min: 12,
        ideal: 12,
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

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let view = &app.host().images;
    let want = list::name_want(view.visible().map(reference));
    list::Placed::new(area, view, vec![], COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let list_view = &app.host().images;
    let placed = placed(app, area);
    let block = placed.block(app);
    if list::draw_placeholder(frame, area, app, list_view, block.clone(), "image") {
        return;
    }
    let used = usage(app);
    let shown = &placed.shown;
    let header = placed.header(app);
    let rows: Vec<Row> = list::page_rows(list_view, area)
        .map(|(img, selected)| {
            row(
                app,
                img,
                shown,
                selected,
                used.get(img.id.as_str()).copied(),
            )
        })
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

/// The reference a row shows: one row per tag, as `docker images` lists them.
fn reference(img: &Image) -> &str {
    if img.dangling() {
        "<none>:<none>"
    } else {
        img.tags.first().map_or("", String::as_str)
    }
}

fn row<'a>(
    app: &App,
    img: &'a Image,
    shown: &list::Shown,
    selected: bool,
    used: Option<(usize, usize)>,
) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().images.marks.contains(img.key());
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "REPOSITORY:TAG" => {
                let line = list::name_line(app, marked, reference(img));
                if img.dangling() {
                    (line, t.fg(t.dim))
                } else {
                    (line, Style::default())
                }
            }
            "ID" => (img.short_id().to_string().into(), t.fg(t.dim)),
            "SIZE" => (human_size(img.size).into(), Style::default()),
            "CREATED" => (
                format!("{} ago", human_duration(app.now - img.created)).into(),
                t.fg(t.dim),
            ),
            _ => {
                let mut spans = Vec::new();
                match used {
                    Some((running, all)) => {
                        spans.push(Span::raw(format!("{running} running / {all}")))
                    }
                    None if app.host().containers.list.loaded => {
                        spans.push(Span::styled("unused", t.fg(t.warning)))
                    }
                    None => {}
                }
                if img.dangling() {
                    spans.push(Span::styled(" dangling", t.fg(t.warning)));
                }
                (Line::from(spans), Style::default())
            }
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
