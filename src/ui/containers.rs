//! The containers pane: one row per container, actions in flight shown in the state column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::format::{ports_text, state_text, status_text};
use super::list::{self, Column};
use super::stats;
use crate::app::{App, ContainersPane, Host, wording};
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

/// The columns, dropped on narrow terminals from the end of this order: ID, BLOCK R / W,
/// NET ↓ / ↑, PORTS, PIDS, PROJECT, IMAGE, STATUS, MEM / LIMIT, CPU (NAME and STATE stay).
pub const COLUMNS: [Column; 12] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 20,
        ideal: 0,
        fill: true,
        drop_order: 0,
    },
    Column {
        title: "STATE",
        sort: Some("state"),
        min: 12,
        ideal: 19,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "CPU",
        sort: Some("cpu"),
        min: 6,
        ideal: 6,
        fill: false,
        drop_order: 1,
    },
    Column {
        title: "MEM / LIMIT",
        sort: Some("memory"),
        min: 16,
        ideal: 17,
        fill: false,
        drop_order: 2,
    },
    Column {
        title: "STATUS",
        sort: Some("status"),
        min: 13,
        ideal: 25,
        fill: false,
        drop_order: 3,
    },
    Column {
        title: "IMAGE",
        sort: Some("image"),
        min: 16,
        ideal: 20,
        fill: true,
        drop_order: 4,
    },
    Column {
        title: "NET ↓ / ↑",
        sort: None,
        min: 15,
        ideal: 21,
        fill: false,
        drop_order: 8,
    },
    Column {
        title: "BLOCK R / W",
        sort: None,
        min: 15,
        ideal: 21,
        fill: false,
        drop_order: 9,
    },
    Column {
        title: "PIDS",
        sort: None,
        min: 4,
        ideal: 5,
        fill: false,
        drop_order: 6,
    },
    Column {
        title: "PORTS",
        sort: None,
        min: 10,
        ideal: 20,
        fill: true,
        drop_order: 7,
    },
    Column {
        title: "PROJECT",
        sort: Some("project"),
        min: 8,
        ideal: 12,
        fill: false,
        drop_order: 5,
    },
    Column {
        title: "ID",
        sort: Some("created"),
        min: 12,
        ideal: 12,
        fill: false,
        drop_order: 10,
    },
];

/// The HOST column of the all-hosts list, after NAME.
const HOST_COLUMN: Column = Column {
    title: "HOST",
    sort: None,
    min: 8,
    ideal: 12,
    fill: false,
    drop_order: 0,
};

/// The list on screen: the host's own, or every connected host's.
fn pane(app: &App) -> &ContainersPane {
    if app.screen.everywhere {
        &app.everywhere.pane
    } else {
        &app.host().containers
    }
}

/// The host a row belongs to (its operations and live numbers are that host's).
fn host_of<'a>(app: &'a App, c: &Container) -> &'a Host {
    if app.screen.everywhere {
        app.everywhere
            .host_of
            .get(&c.id)
            .and_then(|h| app.host_by_id(*h))
            .unwrap_or(app.host())
    } else {
        app.host()
    }
}

/// The columns for what is shown: with HOST after NAME on the all-hosts list.
fn columns(app: &App) -> Vec<Column> {
    let mut cols = COLUMNS.to_vec();
    if app.screen.everywhere {
        cols.insert(1, HOST_COLUMN);
    }
    cols
}

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let t = &app.settings.theme;
    let pane = pane(app);
    let mut extra = if pane.show_all {
        vec![]
    } else {
        vec![Span::styled("· running only ", t.fg(t.dim))]
    };
    if app.screen.everywhere {
        extra.insert(
            0,
            Span::styled(
                format!("· all hosts ({} connected) ", app.everywhere_hosts()),
                t.fg(t.dim),
            ),
        );
    }
    let page = || {
        pane.list
            .visible()
            .skip(pane.list.offset)
            .take(list::page(area))
    };
    // How fresh the live numbers are, what they cost and how they were read: said once, in
    // the title, for the rows on screen.
    let sources = page().filter_map(|c| {
        host_of(app, c)
            .containers
            .stats
            .get(c.id.as_str())
            .map(|e| e.last.source)
    });
    if let Some(via) = stats::sources_text(sources) {
        let rows = if pane.sorted_by_stats() {
            "all running"
        } else {
            "rows in view"
        };
        extra.push(Span::styled(
            format!(
                "· numbers: selected 1s, {rows} {}s, via {via} ",
                app.host().containers.stats.row_interval(),
            ),
            t.fg(t.dim),
        ));
    }
    let want = list::name_want(pane.list.visible().map(|c| c.name.as_str()));
    list::Placed::new(area, &pane.list, extra, columns(app), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let pane = pane(app);
    let placed = placed(app, area);
    let block = placed.block(app);
    if list::draw_placeholder(frame, area, app, &pane.list, block.clone(), "container") {
        return;
    }
    let (columns, shown) = (&placed.columns, &placed.shown);
    let header = placed.header(app);
    let selected = pane.list.selected_index();
    let rows: Vec<Row> = pane
        .list
        .visible()
        .enumerate()
        .skip(pane.list.offset)
        .take(list::page(area))
        .map(|(i, c)| row(app, c, columns, shown, Some(i) == selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

fn row<'a>(
    app: &App,
    c: &'a Container,
    columns: &[Column],
    shown: &list::Shown,
    selected: bool,
) -> Row<'a> {
    let t = &app.settings.theme;
    let host = host_of(app, c);
    let pending = host.ops.pending(&c.id);
    let marked = pane(app).list.marks.contains(c.id.as_str());
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match columns[i].title {
            "HOST" => {
                let mut style = Style::default();
                if let Some(a) = host.accent.filter(|_| !t.monochrome) {
                    style = style.fg(a);
                }
                (clean(host.label()).into_owned().into(), style)
            }
            "NAME" => {
                let mut line = list::name_line(app, marked, &c.name);
                if app.has_high_findings(host, &c.id) {
                    // In the mark's place when not marked: the name does not move.
                    let flag = Span::styled("!", t.fg(t.error).add_modifier(Modifier::BOLD));
                    if marked {
                        line.spans.insert(1, flag);
                    } else {
                        line.spans[0] = flag;
                    }
                }
                (line, Style::default())
            }
            "STATE" => {
                let text = match pending {
                    Some(op) => wording::op_progress(op).to_string(),
                    None => state_text(c),
                };
                (text.into(), t.fg(state_color(t, c, pending.is_some())))
            }
            "STATUS" => (status_text(c, app.now).into(), t.fg(t.dim)),
            "CPU" | "MEM / LIMIT" | "NET ↓ / ↑" | "BLOCK R / W" | "PIDS" => {
                live_cell(app, host, c, columns[i].title, selected)
            }
            "IMAGE" => (clean(&c.image).into_owned().into(), Style::default()),
            "PORTS" => (clean(&ports_text(c)).into_owned().into(), Style::default()),
            "PROJECT" => (
                clean(c.compose_project.as_deref().unwrap_or(""))
                    .into_owned()
                    .into(),
                Style::default(),
            ),
            _ => (c.short_id().to_string().into(), t.fg(t.dim)),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}

/// A live number: blank for containers that are not running, `…` until the first sample,
/// dimmed when older than its schedule (out of view for a while, or the engine is slow).
fn live_cell<'a>(
    app: &App,
    host: &Host,
    c: &Container,
    col: &str,
    selected: bool,
) -> (Line<'a>, Style) {
    let t = &app.settings.theme;
    if c.state != ContainerState::Running {
        return (Line::default(), Style::default());
    }
    let book = &host.containers.stats;
    let Some(e) = book.get(c.id.as_str()) else {
        return ("…".into(), t.fg(t.dim));
    };
    let r = &e.rates;
    let text = match col {
        "CPU" => stats::cpu_text(r),
        "MEM / LIMIT" => stats::mem_text(r),
        "NET ↓ / ↑" => stats::pair_text(r.net_rx_per_s, r.net_tx_per_s),
        "BLOCK R / W" => stats::pair_text(r.blk_read_per_s, r.blk_write_per_s),
        _ => r.pids.map_or_else(|| "n/a".to_string(), |p| p.to_string()),
    };
    if book.is_stale(c.id.as_str(), app.now, selected) {
        (text.into(), t.fg(t.dim))
    } else {
        (text.into(), Style::default())
    }
}
