//! What every list pane draws the same way: the bordered block with its title and the pane
//! tabs, column titles with the sort arrow, columns dropped on narrow terminals, row styles
//! (selected, marked, stale), and the loading and empty messages.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::app::{App, Connection, ListOps, Pane};
use crate::config::Action;
use crate::sanitize::clean;

pub struct Column {
    pub title: &'static str,
    /// The sort column's title (as [`crate::app::list::SortKey::title`]) this column shows.
    pub sort: Option<&'static str>,
    pub width: Constraint,
    /// Columns with a higher number are dropped first on narrow terminals.
    pub drop_order: u8,
}

/// Which columns fit in `width`.
pub fn shown_columns(columns: &[Column], width: u16) -> Vec<usize> {
    let max_drop = match width {
        0..=69 => 1,
        70..=99 => 2,
        100..=129 => 3,
        130..=179 => 4,
        180..=219 => 5,
        _ => 6,
    };
    (0..columns.len())
        .filter(|i| columns[*i].drop_order <= max_drop)
        .collect()
}

/// The pane's block: "Images 12 of 30 · filter …" on the left, the pane tabs on the right.
pub fn block<'a>(app: &App, area: Rect, list: &dyn ListOps, extra: Vec<Span<'a>>) -> Block<'a> {
    let t = &app.settings.theme;
    let mut title = vec![
        Span::styled(
            format!(" {} ", app.screen.pane.title()),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{} of {} ", list.visible_len(), list.total()),
            t.fg(t.dim),
        ),
    ];
    title.extend(extra);
    if !list.filter().is_empty() {
        title.push(Span::styled(
            format!("· filter \"{}\" ", clean(list.filter())),
            t.fg(t.accent),
        ));
    }
    if matches!(app.host().connection, Connection::Lost { .. }) {
        title.push(Span::styled("· stale: engine unreachable ", t.fg(t.error)));
    }
    // Pane names where there is room, their numbers where there is less, none when narrow.
    let mut tabs = Vec::new();
    if area.width >= 60 {
        for (i, pane) in Pane::ALL.iter().enumerate() {
            let style = if *pane == app.screen.pane {
                t.fg(t.accent)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                t.fg(t.dim)
            };
            let text = if area.width >= 110 {
                format!(" {} {} ", i + 1, pane.title())
            } else {
                format!(" {} ", i + 1)
            };
            tabs.push(Span::styled(text, style));
        }
        tabs.push(Span::raw(" "));
    }
    Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.border))
        .title(Line::from(title))
        .title_top(Line::from(tabs).right_aligned())
}

/// Draws the loading or empty message instead of a table; true when it did.
pub fn draw_placeholder(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    list: &dyn ListOps,
    block: Block,
    noun: &str,
) -> bool {
    let msg = if !list.loaded() {
        format!(" Loading {noun}s…")
    } else if list.visible_len() > 0 {
        return false;
    } else if list.total() == 0 {
        format!(" No {noun}s on this engine.")
    } else if !list.filter().is_empty() {
        format!(" No {noun} matches \"{}\".", clean(list.filter()))
    } else {
        format!(
            " No running {noun}s. {} shows all.",
            app.settings.keymap.label(Action::ToggleAll)
        )
    };
    frame.render_widget(Paragraph::new(msg).block(block), area);
    true
}

/// Column titles, the sorted one marked with its direction.
pub fn header<'a>(app: &App, list: &dyn ListOps, columns: &[Column], shown: &[usize]) -> Row<'a> {
    let t = &app.settings.theme;
    let arrow = if list.descending() { "▼" } else { "▲" };
    Row::new(shown.iter().map(|&i| {
        let c = &columns[i];
        if c.sort == Some(list.sort_title()) {
            Cell::from(format!("{}{arrow}", c.title))
                .style(t.fg(t.accent).add_modifier(Modifier::BOLD))
        } else {
            Cell::from(c.title).style(Style::default().add_modifier(Modifier::BOLD))
        }
    }))
}

/// The style of a row from what it is: marked, selected, or from a lost connection.
pub fn row_style(app: &App, marked: bool, selected: bool) -> Style {
    let t = &app.settings.theme;
    let mut style = Style::default();
    if marked {
        style = style.patch(t.fg(t.marked));
    }
    if matches!(app.host().connection, Connection::Lost { .. }) {
        style = style.add_modifier(Modifier::DIM);
    }
    if selected {
        style = style.patch(t.selection());
    }
    style
}

/// The first cell of a row: a mark flag, then the name.
pub fn name_cell<'a>(app: &App, marked: bool, name: &str) -> Cell<'a> {
    let t = &app.settings.theme;
    Cell::from(Line::from(vec![
        Span::styled(if marked { "▌" } else { " " }, t.fg(t.marked)),
        Span::raw(clean(name).into_owned()),
    ]))
}

/// Rows that fit under the column titles.
pub fn page(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

pub fn draw_table(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    header: Row,
    rows: Vec<Row>,
    columns: &[Column],
    shown: &[usize],
) {
    let widths: Vec<Constraint> = shown.iter().map(|&i| columns[i].width).collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1),
        area,
    );
}
