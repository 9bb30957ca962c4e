//! The networks pane: driver, scope, flags, subnets, and connected containers (how many,
//! then their names; `unused` when none).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::list::{self, Column};
use crate::app::App;
use crate::app::list::natural_cmp;
use crate::engine::objects::Network;
use crate::sanitize::clean;

/// The columns, dropped on narrow terminals from the end of this order: SCOPE, FLAGS,
/// SUBNET / GATEWAY, DRIVER (NAME and CONTAINERS stay).
pub const COLUMNS: [Column; 6] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 20,
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
        drop_order: 1,
    },
    Column {
        title: "SCOPE",
        sort: None,
        min: 6,
        ideal: 6,
        fill: false,
        drop_order: 4,
    },
    Column {
        title: "FLAGS",
        sort: None,
        min: 10,
        ideal: 19,
        fill: false,
        drop_order: 3,
    },
    Column {
        title: "SUBNET / GATEWAY",
        sort: None,
        min: 16,
        ideal: 30,
        fill: true,
        drop_order: 2,
    },
    Column {
        title: "CONTAINERS",
        sort: Some("containers"),
        min: 16,
        ideal: 24,
        fill: true,
        drop_order: 0,
    },
];

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let view = &app.host().networks;
    let want = list::name_want(view.visible().map(|n| n.name.as_str()));
    list::Placed::new(area, view, vec![], COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().networks;
    let placed = placed(app, area);
    let block = placed.block(app);
    if list::draw_placeholder(frame, area, app, view, block.clone(), "network") {
        return;
    }
    let (shown, header) = (&placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(n, selected)| row(app, n, shown, selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

fn row<'a>(app: &App, n: &'a Network, shown: &list::Shown, selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().networks.marks.contains(n.id.as_str());
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "NAME" => (list::name_line(app, marked, &n.name), Style::default()),
            "DRIVER" => (clean(&n.driver).into_owned().into(), Style::default()),
            "SCOPE" => (clean(&n.scope).into_owned().into(), t.fg(t.dim)),
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
                (flags.join(", ").into(), t.fg(t.dim))
            }
            "SUBNET / GATEWAY" => (
                n.subnets
                    .iter()
                    .map(|(s, g)| match g {
                        Some(g) => format!("{} / {}", clean(s), clean(g)),
                        None => clean(s).into_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into(),
                Style::default(),
            ),
            _ => (containers_line(app, n), Style::default()),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}

/// How many containers are connected, then their names (running ones first, in the running
/// colour), so a cut list still says how many; `unused` when none is, as on the images and
/// volumes panes.
fn containers_line<'a>(app: &App, n: &Network) -> Line<'a> {
    let t = &app.settings.theme;
    if n.containers.is_empty() {
        return Line::from(Span::styled("unused", t.fg(t.warning)));
    }
    let mut users: Vec<_> = n.containers.iter().collect();
    users.sort_by(|a, b| {
        b.running
            .cmp(&a.running)
            .then_with(|| natural_cmp(&a.name, &b.name))
    });
    let mut spans = vec![Span::raw(format!("{}: ", users.len()))];
    for (k, u) in users.into_iter().enumerate() {
        if k > 0 {
            spans.push(Span::raw(", "));
        }
        let style = if u.running {
            t.fg(t.running)
        } else {
            t.fg(t.stopped)
        };
        spans.push(Span::styled(clean(&u.name).into_owned(), style));
    }
    Line::from(spans)
}
