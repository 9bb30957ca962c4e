//! What every list pane draws the same way: the bordered block with its title and the pane
//! tabs, column titles with the sort arrow, the widths of the columns (which to drop and which
//! to narrow on narrow terminals), cells cut with an ellipsis, row styles (selected, marked,
//! stale), and the loading and empty messages.
//!
//! How columns share the width ([`layout`]): the first column (the name) is never dropped and
//! is the last to shrink. Every other column has a width it wants (`ideal`) and one it still
//! reads well at (`min`, never less than its title with the sort arrow); on a narrow terminal
//! whole columns are dropped, highest `drop_order` first, until the rest fit. What is left
//! goes to the name (up to its longest cell), then to the `fill` columns. A cell wider than
//! its column is cut with `…`, so a cut value never reads as a whole one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthChar;

use crate::app::{App, Connection, ListOps, Pane};
use crate::config::Action;
use crate::sanitize::clean;

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: &'static str,
    /// The sort column's title (as [`crate::app::list::SortKey::title`]) this column shows.
    pub sort: Option<&'static str>,
    /// The narrowest it is shown at (raised to its title and the sort arrow). For the first
    /// column, the name: the width it gets (or its longest name, if shorter; or a quarter of
    /// the pane, if more) before any other column is shown.
    pub min: u16,
    /// The width it wants (the first column wants its longest cell instead).
    pub ideal: u16,
    /// Takes a share of the width left once every shown column has its `ideal`.
    pub fill: bool,
    /// Columns with a higher number are dropped first on narrow terminals; 0 is never dropped.
    pub drop_order: u8,
}

/// The shown columns, as (index into the columns, width), in order.
pub type Shown = Vec<(usize, u16)>;

/// Which columns are shown in a pane `width` cells wide (borders included), and how wide each
/// is. `name_want` is the width of the first column's longest cell.
///
/// Columns are dropped, highest `drop_order` first, until the rest fit at their `ideal`, the
/// last one of them (by drop order) allowed down to its `min`. Only if what is never dropped
/// still does not fit are the others narrowed to their `min`, and the name last.
pub fn layout(columns: &[Column], width: u16, name_want: u16) -> Shown {
    let avail = width.saturating_sub(2);
    let title_min = |c: &Column| text_width(c.title) as u16 + u16::from(c.sort.is_some());
    let min_of = |i: usize| {
        let c = &columns[i];
        if i == 0 {
            // On a wide terminal the name may take a quarter of it before columns are shown.
            title_min(c).max(name_want.min(c.min.max(avail / 4)))
        } else {
            title_min(c).max(c.min)
        }
    };
    let ideal_of = |i: usize| {
        if i == 0 {
            min_of(0)
        } else {
            columns[i].ideal.max(min_of(i))
        }
    };
    // The shown column to drop or narrow first: the highest drop order (of equals, the
    // rightmost); `None` when only columns that are never dropped are left.
    let last = |shown: &[usize]| {
        shown
            .iter()
            .enumerate()
            .filter(|(_, i)| columns[**i].drop_order > 0)
            .max_by_key(|(p, i)| (columns[**i].drop_order, *p))
            .map(|(p, _)| p)
    };
    let sum = |shown: &[usize], w: &dyn Fn(usize) -> u16| -> u32 {
        let gaps = shown.len().saturating_sub(1) as u32;
        shown.iter().map(|&i| u32::from(w(i))).sum::<u32>() + gaps
    };
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    while let Some(pos) = last(&shown) {
        let i = shown[pos];
        let slack = ideal_of(i) - min_of(i);
        if sum(&shown, &ideal_of) - u32::from(slack) <= u32::from(avail) {
            break;
        }
        shown.remove(pos);
    }
    let mut widths: Vec<u16> = shown.iter().map(|&i| ideal_of(i)).collect();
    // Narrow from the first to go (what is never dropped, right to left), the name last.
    let mut over = sum(&shown, &ideal_of).saturating_sub(u32::from(avail));
    let mut order: Vec<usize> = (1..shown.len()).collect();
    order.sort_by_key(|&p| std::cmp::Reverse((columns[shown[p]].drop_order, p)));
    if shown.first() == Some(&0) {
        order.push(0);
    }
    for p in order {
        if over == 0 {
            break;
        }
        let floor = if shown[p] == 0 { 1 } else { min_of(shown[p]) };
        let by = u32::from(widths[p].saturating_sub(floor)).min(over);
        widths[p] -= by as u16;
        over -= by;
    }
    let used = shown
        .iter()
        .zip(&widths)
        .map(|(_, w)| u32::from(*w))
        .sum::<u32>()
        + shown.len().saturating_sub(1) as u32;
    let mut extra = u16::try_from(u32::from(avail).saturating_sub(used)).unwrap_or(0);
    // What is left goes to the name first, to its longest cell, then to the fill columns.
    if shown.first() == Some(&0) {
        let by = name_want.saturating_sub(widths[0]).min(extra);
        widths[0] += by;
        extra -= by;
    }
    let fills: Vec<usize> = (0..shown.len())
        .filter(|&p| columns[shown[p]].fill)
        .collect();
    if !fills.is_empty() {
        let share = extra / fills.len() as u16;
        let mut rest = extra % fills.len() as u16;
        for p in fills {
            widths[p] += share + u16::from(rest > 0);
            rest = rest.saturating_sub(1);
        }
    }
    shown.into_iter().zip(widths).collect()
}

/// Cells `s` takes on screen.
pub fn text_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The line cut to `width` cells, ending in `…` when anything was cut.
pub fn fit(line: Line<'_>, width: u16) -> Line<'_> {
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let mut left = width.saturating_sub(1);
    let mut spans = Vec::new();
    let mut last_style = line.style;
    for span in line.spans {
        last_style = span.style;
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if w > left {
                left = 0;
                break;
            }
            left -= w;
            kept.push(c);
        }
        let full = kept.len() == span.content.len();
        spans.push(Span::styled(kept, span.style));
        if !full {
            break;
        }
    }
    if width > 0 {
        spans.push(Span::styled("…", last_style));
    }
    Line::from(spans).style(line.style)
}

/// A cell of `line` cut to `width`.
pub fn cell<'a>(line: impl Into<Line<'a>>, width: u16) -> Cell<'a> {
    Cell::from(fit(line.into(), width))
}

/// What a list pane puts on screen, found once for its frame and again for the mouse
/// (`ui/hit.rs`), so that a click lands where the drawing put things: where the table is,
/// its list, the title's counts and extras, and the columns with their widths.
pub struct Placed<'a> {
    /// The table's block (below what the pane draws above it: the security pane's engine
    /// block).
    pub area: Rect,
    pub list: &'a dyn ListOps,
    /// (shown, total) as the title says them.
    pub counts: (usize, usize),
    /// The title's words after the counts and the filter.
    pub extra: Vec<Span<'static>>,
    pub columns: Vec<Column>,
    pub shown: Shown,
}

impl<'a> Placed<'a> {
    /// A pane whose title counts its list's rows.
    pub fn new(
        area: Rect,
        list: &'a dyn ListOps,
        extra: Vec<Span<'static>>,
        columns: Vec<Column>,
        name_want: u16,
    ) -> Self {
        let shown = layout(&columns, area.width, name_want);
        Self {
            area,
            list,
            counts: (list.visible_len(), list.total()),
            extra,
            columns,
            shown,
        }
    }

    /// The pane's block, titled.
    pub fn block(&self, app: &App) -> Block<'static> {
        block_counted(app, self.area, self.list, self.counts, self.extra.clone())
    }

    /// The column titles.
    pub fn header(&self, app: &App) -> Row<'static> {
        header(app, self.list, &self.columns, &self.shown)
    }

    /// Where each shown column is on screen, in the order of `shown`: laid out by the same
    /// solver, spacing and flex as [`draw_table`]'s `Table`.
    pub fn column_rects(&self) -> Vec<Rect> {
        let inner = Rect {
            x: self.area.x + 1,
            width: self.area.width.saturating_sub(2),
            ..self.area
        };
        let widths: Vec<Constraint> = self
            .shown
            .iter()
            .map(|&(_, w)| Constraint::Length(w))
            .collect();
        Layout::horizontal(widths)
            .flex(Flex::Start)
            .spacing(COLUMN_SPACING)
            .split(inner)
            .to_vec()
    }

    /// The width of the title on the left of the top border.
    pub fn title_width(&self, app: &App) -> usize {
        title(app, self.list, self.counts, self.extra.clone())
            .iter()
            .map(Span::width)
            .sum()
    }
}

/// Cells between two columns of a table.
const COLUMN_SPACING: u16 = 1;

/// The pane's block: "Images 12 of 30 · filter …" on the left, the pane tabs on the right.
pub fn block<'a>(app: &App, area: Rect, list: &dyn ListOps, extra: Vec<Span<'a>>) -> Block<'a> {
    block_counted(app, area, list, (list.visible_len(), list.total()), extra)
}

/// The left of a pane's title: its name, the counts (shown, total), the filter, the pane's
/// extras and a lost engine.
fn title<'a>(
    app: &App,
    list: &dyn ListOps,
    (shown, total): (usize, usize),
    extra: Vec<Span<'a>>,
) -> Vec<Span<'a>> {
    let t = &app.settings.theme;
    let mut title = vec![
        Span::styled(
            format!(" {} ", app.screen.pane.title()),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!("{shown} of {total} "), t.fg(t.dim)),
    ];
    // The filter before the pane's extras: on a narrow terminal the end of the title is cut,
    // and what hides rows must stay in sight.
    if !list.filter().is_empty() {
        title.push(Span::styled(
            format!("· filter \"{}\" ", clean(list.filter())),
            t.fg(t.accent),
        ));
    }
    title.extend(extra);
    if matches!(app.host().connection, Connection::Lost { .. }) {
        title.push(Span::styled("· stale: engine unreachable ", t.fg(t.error)));
    }
    title
}

/// The pane tabs drawn on the right of a title `title_width` wide in a pane `width` wide:
/// each pane with its text. Pane names where there is room, their numbers where there is
/// less, none when the title needs the width (the tabs would be drawn over it).
pub fn tabs(width: u16, title_width: usize) -> Vec<(Pane, String)> {
    let text = |names: bool, i: usize, p: &Pane| {
        if names {
            format!(" {} {} ", i + 1, p.title())
        } else {
            format!(" {} ", i + 1)
        }
    };
    let tabs_fit = |names: bool| {
        let each: usize = Pane::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| text_width(&text(names, i, p)))
            .sum();
        title_width + each + 1 + 4 <= usize::from(width)
    };
    let names = width >= 110 && tabs_fit(true);
    if width >= 60 && (names || tabs_fit(false)) {
        Pane::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, text(names, i, p)))
            .collect()
    } else {
        Vec::new()
    }
}

/// Where each tab is on the top border of a pane at `area` (x from, x to), as drawn: the
/// tabs and a space, right-aligned inside the corners.
pub fn tab_spans(area: Rect, title_width: usize) -> Vec<(Pane, u16, u16)> {
    let tabs = tabs(area.width, title_width);
    let line: usize = tabs.iter().map(|(_, s)| text_width(s)).sum::<usize>() + 1;
    let end = area.right().saturating_sub(1);
    let mut x = end.saturating_sub(u16::try_from(line).unwrap_or(u16::MAX));
    let mut out = Vec::new();
    for (pane, s) in tabs {
        let w = u16::try_from(text_width(&s)).unwrap_or(u16::MAX);
        out.push((pane, x, x.saturating_add(w)));
        x = x.saturating_add(w);
    }
    out
}

/// [`block`] with the counts given (shown, total): for a list whose rows are not all of the
/// thing counted (a project's containers under it).
pub fn block_counted<'a>(
    app: &App,
    area: Rect,
    list: &dyn ListOps,
    counts: (usize, usize),
    extra: Vec<Span<'a>>,
) -> Block<'a> {
    let t = &app.settings.theme;
    let title = title(app, list, counts, extra);
    let title_width: usize = title.iter().map(Span::width).sum();
    let mut tabs = Vec::new();
    let shown = self::tabs(area.width, title_width);
    if !shown.is_empty() {
        for (pane, text) in shown {
            let style = if pane == app.screen.pane {
                t.fg(t.accent)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                t.fg(t.dim)
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

/// Column titles, the sorted one marked with its direction (▲ ascending, ▼ descending, the
/// same for every column).
pub fn header<'a>(app: &App, list: &dyn ListOps, columns: &[Column], shown: &Shown) -> Row<'a> {
    let t = &app.settings.theme;
    let arrow = if list.descending() { "▼" } else { "▲" };
    Row::new(shown.iter().map(|&(i, w)| {
        let c = &columns[i];
        if c.sort == Some(list.sort_title()) {
            cell(format!("{}{arrow}", c.title), w)
                .style(t.fg(t.accent).add_modifier(Modifier::BOLD))
        } else {
            cell(c.title, w).style(Style::default().add_modifier(Modifier::BOLD))
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
pub fn name_line<'a>(app: &App, marked: bool, name: &str) -> Line<'a> {
    let t = &app.settings.theme;
    Line::from(vec![
        Span::styled(if marked { "▌" } else { " " }, t.fg(t.marked)),
        Span::raw(clean(name).into_owned()),
    ])
}

/// The width the first column wants: its longest name, with the mark flag.
pub fn name_want<'a>(names: impl Iterator<Item = &'a str>) -> u16 {
    let longest = names.map(shown_width).max().unwrap_or(0);
    u16::try_from(longest + 1).unwrap_or(u16::MAX)
}

/// Cells `name` takes once cleaned. Every shown row is measured for every frame, so printable
/// ASCII (nothing to clean, a cell a byte) is counted without looking at each character.
fn shown_width(name: &str) -> usize {
    if name.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        name.len()
    } else {
        text_width(&clean(name))
    }
}

/// Rows that fit under the column titles.
pub fn page(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// The rows in view in a pane `area` high, each with whether it is the selected one.
pub fn page_rows<T: crate::app::list::Row>(
    view: &crate::app::list::ListView<T>,
    area: Rect,
) -> impl Iterator<Item = (&T, bool)> {
    let selected = view.selected_index();
    view.visible()
        .enumerate()
        .skip(view.offset)
        .take(page(area))
        .map(move |(i, r)| (r, Some(i) == selected))
}

pub fn draw_table(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    header: Row,
    rows: Vec<Row>,
    shown: &Shown,
) {
    let widths: Vec<Constraint> = shown.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(COLUMN_SPACING),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(title: &'static str, min: u16, ideal: u16, fill: bool, drop_order: u8) -> Column {
        Column {
            title,
            sort: Some("x"),
            min,
            ideal,
            fill,
            drop_order,
        }
    }

    fn columns() -> [Column; 5] {
        [
            col("NAME", 20, 0, true, 0),
            col("STATE", 12, 19, false, 0),
            col("CPU", 6, 6, false, 1),
            col("STATUS", 13, 25, false, 2),
            col("ID", 12, 12, false, 3),
        ]
    }

    #[test]
    fn columns_go_in_their_drop_order_and_the_name_is_last_to_shrink() {
        let cols = columns();
        let titles =
            |shown: &Shown| -> Vec<&str> { shown.iter().map(|&(i, _)| cols[i].title).collect() };
        // Everything fits: all at their ideal at least, the rest to the fill column.
        let wide = layout(&cols, 120, 11);
        assert_eq!(titles(&wide), ["NAME", "STATE", "CPU", "STATUS", "ID"]);
        assert_eq!(wide.iter().map(|s| s.1).sum::<u16>() + 4, 118);
        // Narrower: ID goes first, then STATUS is narrowed rather than dropped.
        let mid = layout(&cols, 60, 11);
        assert_eq!(titles(&mid), ["NAME", "STATE", "CPU", "STATUS"]);
        assert!(mid[3].1 >= 13 && mid[3].1 < 25, "{mid:?}");
        assert_eq!(mid[0].1, 11, "the name keeps its longest cell");
        // Narrower still: STATUS goes, and a long name takes what is left.
        let narrow = layout(&cols, 50, 40);
        assert_eq!(titles(&narrow), ["NAME", "STATE", "CPU"]);
        assert_eq!(narrow[0].1, 48 - 2 - 19 - 6);
        // Too narrow for what is never dropped: STATE narrows to its minimum before the name.
        let tiny = layout(&cols, 36, 20);
        assert_eq!(titles(&tiny), ["NAME", "STATE"]);
        assert_eq!(tiny, [(0, 20), (1, 13)]);
        for (shown, w) in [(&wide, 120), (&mid, 60), (&narrow, 50), (&tiny, 36)] {
            for &(i, width) in shown.iter() {
                assert!(
                    width as usize > cols[i].title.len(),
                    "{} at {w}: {width}",
                    cols[i].title
                );
            }
            let used: u16 = shown.iter().map(|s| s.1).sum::<u16>() + shown.len() as u16 - 1;
            assert!(used <= w - 2, "{shown:?} in {w}");
        }
    }

    #[test]
    fn printable_ascii_is_measured_as_cleaned() {
        for b in 0u8..=0x7f {
            let name = format!("web{}1", b as char);
            assert_eq!(shown_width(&name), text_width(&clean(&name)), "{b:#x}");
        }
        assert_eq!(shown_width("日本"), 4);
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis() {
        let text = |l: Line| -> String { l.spans.iter().map(|s| s.content.as_ref()).collect() };
        assert_eq!(
            text(fit(Line::from("192.168.0.0/20"), 14)),
            "192.168.0.0/20"
        );
        assert_eq!(text(fit(Line::from("192.168.0.0/20"), 13)), "192.168.0.0/…");
        let spans = Line::from(vec![Span::raw("2: "), Span::raw("web"), Span::raw(", db")]);
        assert_eq!(text(fit(spans, 7)), "2: web…");
        // Wide characters count as two cells.
        assert_eq!(text(fit(Line::from("日本語のなまえ"), 6)), "日本…");
        assert_eq!(text(fit(Line::from("abc"), 0)), "");
    }
}
