//! The networks pane: driver, scope, flags, subnets, and connected containers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use super::list::{self, Column};
use crate::app::App;
use crate::engine::objects::Network;
use crate::sanitize::clean;

const COLUMNS: [Column; 6] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        width: Constraint::Fill(2),
        drop_order: 0,
    },
    Column {
        title: "DRIVER",
        sort: Some("driver"),
        width: Constraint::Length(8),
        drop_order: 1,
    },
    Column {
        title: "SCOPE",
        sort: None,
        width: Constraint::Length(6),
        drop_order: 3,
    },
    Column {
        title: "FLAGS",
        sort: None,
        width: Constraint::Length(18),
        drop_order: 2,
    },
    Column {
        title: "SUBNET / GATEWAY",
        sort: None,
        width: Constraint::Fill(2),
        drop_order: 2,
    },
    Column {
        title: "CONTAINERS",
        sort: Some("containers"),
        width: Constraint::Fill(3),
        drop_order: 0,
    },
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().networks;
    let block = list::block(app, area, view, vec![]);
    if list::draw_placeholder(frame, area, app, view, block.clone(), "network") {
        return;
    }
    let shown = list::shown_columns(&COLUMNS, area.width);
    let header = list::header(app, view, &COLUMNS, &shown);
    let selected = view.selected_index();
    let rows: Vec<Row> = view
        .visible()
        .enumerate()
        .skip(view.offset)
        .take(list::page(area))
        .map(|(i, n)| row(app, n, &shown, Some(i) == selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, &COLUMNS, &shown);
}

fn row<'a>(app: &App, n: &'a Network, shown: &[usize], selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().networks.marks.contains(n.id.as_str());
    let cells = shown.iter().map(|&i| match COLUMNS[i].title {
        "NAME" => list::name_cell(app, marked, &n.name),
        "DRIVER" => Cell::from(clean(&n.driver).into_owned()),
        "SCOPE" => Cell::from(clean(&n.scope).into_owned()).style(t.fg(t.dim)),
        "FLAGS" => {
            let mut flags = Vec::new();
            if n.builtin() {
                flags.push("built-in");
            }
            if n.internal {
                flags.push("internal");
            }
            if n.attachable {
                flags.push("attachable");
            }
            Cell::from(flags.join(", ")).style(t.fg(t.dim))
        }
        "SUBNET / GATEWAY" => Cell::from(
            n.subnets
                .iter()
                .map(|(s, g)| match g {
                    Some(g) => format!("{} / {}", clean(s), clean(g)),
                    None => clean(s).into_owned(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => Cell::from(
            n.containers
                .iter()
                .map(|u| clean(&u.name).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}
