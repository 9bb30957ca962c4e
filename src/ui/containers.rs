//! The containers pane: one row per container, the selected one highlighted, marked ones
//! flagged, actions in flight shown in the state column.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::format::{ports_text, state_text, status_text};
use crate::app::{App, Connection, SortColumn};
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

struct Column {
    title: &'static str,
    sort: Option<SortColumn>,
    width: Constraint,
    /// Columns with a higher number are dropped first on narrow terminals.
    drop_order: u8,
}

const COLUMNS: [Column; 7] = [
    Column {
        title: "NAME",
        sort: Some(SortColumn::Name),
        width: Constraint::Fill(3),
        drop_order: 0,
    },
    Column {
        title: "STATE",
        sort: Some(SortColumn::State),
        width: Constraint::Length(20),
        drop_order: 0,
    },
    Column {
        title: "STATUS",
        sort: Some(SortColumn::Status),
        width: Constraint::Length(28),
        drop_order: 1,
    },
    Column {
        title: "IMAGE",
        sort: Some(SortColumn::Image),
        width: Constraint::Fill(3),
        drop_order: 2,
    },
    Column {
        title: "PORTS",
        sort: None,
        width: Constraint::Fill(2),
        drop_order: 4,
    },
    Column {
        title: "PROJECT",
        sort: Some(SortColumn::Project),
        width: Constraint::Length(12),
        drop_order: 3,
    },
    Column {
        title: "ID",
        sort: Some(SortColumn::Created),
        width: Constraint::Length(12),
        drop_order: 5,
    },
];

/// Which columns fit in `width`.
fn shown_columns(width: u16) -> Vec<usize> {
    let max_drop = match width {
        0..=69 => 1,
        70..=99 => 2,
        100..=129 => 3,
        130..=159 => 4,
        _ => 5,
    };
    (0..COLUMNS.len())
        .filter(|i| COLUMNS[*i].drop_order <= max_drop)
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let pane = &app.containers;
    let stale = matches!(app.connection, Connection::Lost { .. });
    let mut title = vec![Span::styled(
        " Containers ",
        t.fg(t.accent).add_modifier(Modifier::BOLD),
    )];
    title.push(Span::styled(
        format!(
            "{} of {}{} ",
            pane.visible_len(),
            pane.total(),
            if pane.show_all {
                ""
            } else {
                " · running only"
            }
        ),
        t.fg(t.dim),
    ));
    if !pane.filter.is_empty() {
        title.push(Span::styled(
            format!("· filter \"{}\" ", clean(&pane.filter)),
            t.fg(t.accent),
        ));
    }
    if stale {
        title.push(Span::styled("· stale: engine unreachable ", t.fg(t.error)));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.border))
        .title(Line::from(title));

    if !pane.loaded {
        frame.render_widget(Paragraph::new(" Loading containers…").block(block), area);
        return;
    }
    if pane.visible_len() == 0 {
        let msg = if pane.total() == 0 {
            " No containers on this engine.".to_string()
        } else if !pane.filter.is_empty() {
            format!(" No container matches \"{}\".", clean(&pane.filter))
        } else {
            format!(
                " No running containers. {} shows all.",
                app.keymap.label(crate::config::Action::ToggleAll)
            )
        };
        frame.render_widget(Paragraph::new(msg).block(block), area);
        return;
    }

    let cols = shown_columns(area.width);
    let arrow = if pane.descending { "▼" } else { "▲" };
    let header = Row::new(cols.iter().map(|&i| {
        let c = &COLUMNS[i];
        if c.sort == Some(pane.sort) {
            Cell::from(format!("{}{arrow}", c.title))
                .style(t.fg(t.accent).add_modifier(Modifier::BOLD))
        } else {
            Cell::from(c.title).style(Style::default().add_modifier(Modifier::BOLD))
        }
    }));
    let page = area.height.saturating_sub(3) as usize;
    let selected = pane.selected_index();
    let rows: Vec<Row> = pane
        .visible()
        .enumerate()
        .skip(pane.offset)
        .take(page)
        .map(|(i, c)| row(app, c, &cols, Some(i) == selected, stale))
        .collect();
    let widths: Vec<Constraint> = cols.iter().map(|&i| COLUMNS[i].width).collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1),
        area,
    );
}

fn row<'a>(app: &App, c: &'a Container, cols: &[usize], selected: bool, stale: bool) -> Row<'a> {
    let t = &app.theme;
    let pane = &app.containers;
    let pending = pane.pending.get(&c.id);
    let marked = pane.marks.contains(&c.id);
    let state_style = t.fg(state_color(t, c, pending.is_some()));
    let cells = cols.iter().map(|&i| match COLUMNS[i].title {
        "NAME" => {
            let mark = if marked { "▌" } else { " " };
            Cell::from(Line::from(vec![
                Span::styled(mark, t.fg(t.marked)),
                Span::raw(clean(&c.name).into_owned()),
            ]))
        }
        "STATE" => {
            let text = match pending {
                Some(op) => op.progress().to_string(),
                None => state_text(c),
            };
            Cell::from(text).style(state_style)
        }
        "STATUS" => Cell::from(status_text(c, app.now)).style(t.fg(t.dim)),
        "IMAGE" => Cell::from(clean(&c.image).into_owned()),
        "PORTS" => Cell::from(clean(&ports_text(c)).into_owned()),
        "PROJECT" => Cell::from(clean(c.compose_project.as_deref().unwrap_or("")).into_owned()),
        _ => Cell::from(c.short_id().to_string()).style(t.fg(t.dim)),
    });
    let mut style = Style::default();
    if marked {
        style = style.patch(t.fg(t.marked));
    }
    if stale {
        style = style.add_modifier(Modifier::DIM);
    }
    if selected {
        style = style.patch(t.selection());
    }
    Row::new(cells).style(style)
}
