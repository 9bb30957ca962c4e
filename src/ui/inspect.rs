//! The inspect view, full screen between the header and the footer: a container's summary in
//! sections (risky settings in the theme's `risky` colour, marked ⚠), or the engine's whole
//! description as a tree (▸ folded, ▾ open; strings quoted, JSON-escaped; folded objects and
//! arrays with their size, `{12}` or `[3]`), search matches highlighted. Everything from the
//! engine goes through the sanitiser: container config is written by whoever made it.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{App, InspectMode, InspectState, InspectView};
use crate::config::Theme;
use crate::inspect::summary::Row;
use crate::inspect::tree::{Value, string_literal};
use crate::inspect::{Summary, Tree};
use crate::logs::search::Matcher;
use crate::sanitize::clean;

/// Labels in a summary section are padded to the longest, up to this many characters.
const MAX_LABEL: usize = 24;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, v: &InspectView) {
    let t = &app.settings.theme;
    let body = super::between_bars(area);
    let inner_width = body.width.saturating_sub(2) as usize;
    let rows = body.height.saturating_sub(2) as usize;
    let mut title = vec![Span::styled(
        format!(" Inspect {} {} ", v.kind.noun(), clean(&v.label)),
        t.fg(t.accent).add_modifier(Modifier::BOLD),
    )];
    let lines: Vec<Line> = match &v.state {
        InspectState::Loading => vec![Line::from(Span::styled("Asking the engine…", t.fg(t.dim)))],
        InspectState::Failed(e) => vec![Line::from(Span::styled(
            format!(
                "could not inspect {} {}: {}",
                v.kind.noun(),
                clean(&v.label),
                clean(e)
            ),
            t.fg(t.error),
        ))],
        InspectState::Loaded(l) => {
            let summary = l
                .summary
                .as_ref()
                .filter(|_| v.mode == InspectMode::Summary);
            let view = if summary.is_some() { "summary" } else { "tree" };
            title.push(Span::styled(format!("· {view} "), t.fg(t.dim)));
            let secrets = l.tree.has_secrets();
            if secrets {
                let (text, style) = if l.revealed() {
                    ("· secrets shown ", t.fg(t.warning))
                } else {
                    ("· secrets hidden ", t.fg(t.dim))
                };
                title.push(Span::styled(text, style));
            }
            if !l.tree.query().is_empty() {
                title.push(Span::styled(match_count(&l.tree), t.fg(t.accent)));
            }
            match summary {
                Some(s) => summary_lines(t, s, l.item, l.summary_offset, rows, l.revealed()),
                None => tree_lines(t, &l.tree, rows, inner_width),
            }
        }
    };
    // The search being typed is on the status line below, as in the log view.
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.accent))
        .title(Line::from(title));
    frame.render_widget(Clear, body);
    frame.render_widget(Paragraph::new(lines).block(block), body);
}

/// "match 3/7" once moved to a match, else "7 matches".
fn match_count(tree: &Tree) -> String {
    let n = tree.matches().len();
    match tree.current_match() {
        Some(c) => format!("· /{} match {}/{n} ", clean(tree.query()), c + 1),
        None => format!(
            "· /{} {n} match{} ",
            clean(tree.query()),
            if n == 1 { "" } else { "es" }
        ),
    }
}

fn summary_lines(
    t: &Theme,
    s: &Summary,
    selected: usize,
    offset: usize,
    rows: usize,
    revealed: bool,
) -> Vec<Line<'static>> {
    // Each section's labels are padded to its longest; a row's section is the last heading
    // above it.
    let widths: Vec<usize> = s
        .sections
        .iter()
        .map(|sec| {
            sec.items
                .iter()
                .map(|i| i.label.chars().count().min(MAX_LABEL))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let rows_with_width: Vec<(Row, usize)> = s
        .rows()
        .into_iter()
        .scan(None::<usize>, |seen, r| {
            if matches!(r, Row::Heading(_)) {
                *seen = Some(seen.map_or(0, |n| n + 1));
            }
            Some((r, widths.get(seen.unwrap_or(0)).copied().unwrap_or(0)))
        })
        .collect();
    rows_with_width
        .into_iter()
        .skip(offset)
        .take(rows)
        .map(|(r, w)| match r {
            Row::Blank => Line::from(""),
            Row::Heading(h) => Line::from(Span::styled(
                h.to_string(),
                t.fg(t.accent).add_modifier(Modifier::BOLD),
            )),
            Row::Item(n, item) => {
                let label: String = clean(&item.label).chars().take(MAX_LABEL).collect();
                let value = clean(item.shown(revealed)).into_owned();
                let (label_style, value_style) = if item.risky {
                    let s = t.fg(t.risky).add_modifier(Modifier::BOLD);
                    (s, s)
                } else if item.secret && !revealed {
                    (Style::default(), t.fg(t.dim))
                } else {
                    (t.fg(t.dim), Style::default())
                };
                let mut spans = vec![
                    Span::raw("  "),
                    Span::styled(format!("{label:<w$}  "), label_style),
                ];
                if item.risky {
                    spans.push(Span::styled("⚠ ", value_style));
                }
                spans.push(Span::styled(value, value_style));
                let line = Line::from(spans);
                if n == selected {
                    line.patch_style(t.selection())
                } else {
                    line
                }
            }
        })
        .collect()
}

fn tree_lines(t: &Theme, tree: &Tree, rows: usize, width: usize) -> Vec<Line<'static>> {
    let current = tree
        .current_match()
        .and_then(|c| tree.matches().get(c).copied());
    let matcher = tree.matcher();
    tree.rows()
        .iter()
        .enumerate()
        .skip(tree.offset())
        .take(rows)
        .map(|(row, &i)| {
            let Some(n) = tree.node(i) else {
                return Line::from("");
            };
            let highlight = t.search_match(current == Some(i));
            let marker = match (n.folds(), tree.is_folded(i)) {
                (false, _) => "  ",
                (true, true) => "▸ ",
                (true, false) => "▾ ",
            };
            let mut spans = vec![Span::raw(format!("{}{marker}", "  ".repeat(n.depth)))];
            let key = clean(&tree.key_text(i)).into_owned();
            spans.extend(marked(&key, matcher, t.fg(t.accent), highlight));
            spans.push(Span::raw(": "));
            let value_style = match &n.value {
                Value::Object(_) | Value::Array(_) | Value::Null => t.fg(t.dim),
                Value::String(_) if n.secret && !tree.revealed() => t.fg(t.dim),
                _ => Style::default(),
            };
            let value = match &n.value {
                Value::String(_) => clean(&string_literal(&tree.value_text(i))).into_owned(),
                _ => clean(&tree.value_text(i)).into_owned(),
            };
            // A container's size is not searched, so it is never highlighted either.
            let m = if n.is_container() { None } else { matcher };
            spans.extend(marked(&value, m, value_style, highlight));
            let mut line = Line::from(spans);
            if row == tree.selected_row() {
                // Padded so the selection spans the whole width.
                let pad = width.saturating_sub(line.width());
                line.spans.push(Span::raw(" ".repeat(pad)));
                line = line.patch_style(t.selection());
            }
            line
        })
        .collect()
}

/// `text` as spans, the parts the tree's search matcher finds (case ignored) in `highlight`.
fn marked(
    text: &str,
    matcher: Option<&Matcher>,
    style: Style,
    highlight: Style,
) -> Vec<Span<'static>> {
    let found: Vec<Range<usize>> = matcher.map(|m| m.find_all(text)).unwrap_or_default();
    if found.is_empty() {
        return vec![Span::styled(text.to_string(), style)];
    }
    let mut out = Vec::new();
    let mut at = 0;
    for r in found {
        if r.start > at {
            out.push(Span::styled(text[at..r.start].to_string(), style));
        }
        out.push(Span::styled(
            text[r.clone()].to_string(),
            style.patch(highlight),
        ));
        at = r.end;
    }
    if at < text.len() {
        out.push(Span::styled(text[at..].to_string(), style));
    }
    out
}
