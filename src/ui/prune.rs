//! The disk-usage view, the prune preview (every object that would go, with sizes and marks),
//! and the prune result.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use super::format::human_size;
use crate::app::overlays::prune::{CONFIRM_WORD, KINDS};
use crate::app::wording;
use crate::app::{App, DiskView, PrunePreview, PruneResult};
use crate::config::Action;
use crate::engine::objects::{PruneObject, UsageLine};
use crate::sanitize::clean;

fn frame_block(app: &App, title: String) -> Block<'static> {
    let t = &app.settings.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.accent))
        .title(title)
}

fn key(app: &App, a: Action) -> Span<'static> {
    let t = &app.settings.theme;
    Span::styled(
        app.settings.keymap.label(a),
        t.fg(t.accent).add_modifier(Modifier::BOLD),
    )
}

pub fn draw_disk(frame: &mut Frame, area: Rect, app: &App, d: &DiskView) {
    let t = &app.settings.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:<16}{:>7}{:>8}{:>11}{:>20}",
            "TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"
        ),
        bold,
    ))];
    match &d.usage {
        None => lines.push(Line::from(Span::styled("Asking the engine…", t.fg(t.dim)))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("could not read disk usage: {}", clean(e)),
            t.fg(t.error),
        ))),
        Some(Ok(u)) => {
            for (name, l) in [
                ("Images", &u.images),
                ("Containers", &u.containers),
                ("Local volumes", &u.volumes),
                ("Build cache", &u.build_cache),
            ] {
                lines.push(Line::from(usage_line(name, l)));
            }
        }
    }
    lines.push(Line::from(""));
    if app.allows(Action::Prune) {
        lines.push(Line::from(vec![
            Span::raw("Prune — "),
            key(app, Action::Prune),
            Span::raw(" shows exactly what would be removed, before anything is:"),
        ]));
        for (i, kind) in KINDS.iter().enumerate() {
            let style = if i == d.selected {
                t.selection()
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(
                format!("  {}", kind.label()),
                style,
            )));
        }
    } else {
        lines.push(Line::from(Span::styled(
            "Read-only mode: pruning is disabled.",
            t.fg(t.warning),
        )));
    }
    // As wide as its text, within the screen; what is wider wraps rather than being cut.
    let width = super::dialog::fit_width(area, &lines, 0, 40);
    let rect = centered(
        area,
        width,
        super::wrapped_height(&lines, width.saturating_sub(2)) + 2,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(frame_block(app, " Disk usage ".into()))
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn usage_line(name: &str, l: &UsageLine) -> String {
    let pct = if l.size > 0 {
        l.reclaimable * 100 / l.size
    } else {
        0
    };
    format!(
        "{name:<16}{:>7}{:>8}{:>11}{:>20}",
        l.count,
        l.active,
        human_size(l.size),
        format!("{} ({pct}%)", human_size(l.reclaimable))
    )
}

pub fn draw_preview(frame: &mut Frame, area: Rect, app: &App, p: &PrunePreview) {
    let t = &app.settings.theme;
    // Nearly the screen's width on a small one, so rows keep their columns; what does not
    // fit (a long detail) is cut with a marker, and the footer wraps.
    let rect = centered(
        area,
        area.width.saturating_sub(2).min(110),
        area.height.saturating_sub(4),
    );
    let inner_rows = rect.height.saturating_sub(2) as usize;
    let inner_width = rect.width.saturating_sub(2) as usize;
    let footer = preview_footer(app, p);
    let footer_rows = super::wrapped_height(&footer, inner_width as u16) as usize;
    let mut lines = Vec::new();
    let title;
    match &p.items {
        None => {
            title = format!(" Prune {}: looking… ", p.kind.label());
            lines.push(Line::from(Span::styled(
                "Listing exactly what would be removed…",
                t.fg(t.dim),
            )));
        }
        Some(Err(e)) => {
            title = format!(" Prune {} ", p.kind.label());
            lines.push(Line::from(Span::styled(
                format!("could not compute the preview: {}", clean(e)),
                t.fg(t.error),
            )));
        }
        Some(Ok(items)) if items.is_empty() => {
            title = format!(" Prune {} ", p.kind.label());
            lines.push(Line::from(
                "Nothing to prune: every object of this kind is in use.",
            ));
        }
        Some(Ok(items)) => {
            let chosen = p.chosen();
            title = format!(
                " Prune {}: {} of {} marked, {}{} ",
                p.kind.label(),
                chosen.len(),
                items.len(),
                if p.unknown_sizes() > 0 {
                    "at least "
                } else {
                    ""
                },
                human_size(p.chosen_size())
            );
            // Room for the footer lines below the list, and a line saying there is more.
            let rows = inner_rows.saturating_sub(footer_rows + 1).max(1);
            for (i, it) in items.iter().enumerate().skip(p.offset).take(rows) {
                let marked = !p.unmarked.contains(&i);
                let mut style = if marked {
                    Style::default()
                } else {
                    t.fg(t.dim)
                };
                if i == p.selected {
                    style = style.patch(t.selection());
                }
                // A network takes no disk space; `?` is a size the engine did not give.
                let size = match (it.size, it.object) {
                    (Some(s), _) => human_size(s),
                    (None, PruneObject::Network) => "–".into(),
                    (None, _) => "?".into(),
                };
                let detail_style = if it.named_volume {
                    t.fg(t.warning)
                } else {
                    t.fg(t.dim)
                };
                let row = format!(
                    "{} {:<12}{:<40} {:>9}  ",
                    if marked { "[x]" } else { "[ ]" },
                    it.object.as_str(),
                    truncate(&clean(&it.name), 40),
                    size
                );
                let room = inner_width.saturating_sub(row.chars().count());
                lines.push(Line::from(vec![
                    Span::styled(row, style),
                    Span::styled(truncate(&clean(&it.detail), room), detail_style),
                ]));
            }
            if items.len() > rows {
                lines.push(Line::from(Span::styled(
                    format!(
                        "  ({} more: scroll)",
                        items.len().saturating_sub(p.offset + rows)
                    ),
                    t.fg(t.dim),
                )));
            }
        }
    }
    lines.extend(footer);
    // As tall as what it says, up to the space the screen has; the footer wraps.
    let height = super::wrapped_height(&lines, inner_width as u16) + 2;
    let rect = centered(area, rect.width, height.min(rect.height));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(frame_block(app, title))
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// Under the preview's list: what the keys do, the typed confirmation, or that it is working.
fn preview_footer(app: &App, p: &PrunePreview) -> Vec<Line<'static>> {
    let t = &app.settings.theme;
    let mut lines = Vec::new();
    lines.push(Line::from(""));
    if p.applying {
        lines.push(Line::from(Span::styled("Removing…", t.fg(t.transition))));
    } else if let Some(typed) = &p.typed {
        let named = p.chosen().iter().filter(|i| i.named_volume).count();
        lines.push(Line::from(Span::styled(
            format!(
                "{named} named volume{} (user data) will be deleted. Type \"{CONFIRM_WORD}\" and press enter (esc goes back):",
                if named == 1 { "" } else { "s" }
            ),
            t.fg(t.warning),
        )));
        let mut spans = vec![Span::raw("> ")];
        spans.extend(super::dialog::input_spans(app, typed));
        lines.push(Line::from(spans));
    } else if p
        .items
        .as_ref()
        .is_some_and(|r| r.as_ref().is_ok_and(|v| !v.is_empty()))
    {
        lines.push(Line::from(vec![
            key(app, Action::Mark),
            Span::raw(" marks/unmarks   "),
            key(app, Action::Confirm),
            Span::raw(" removes exactly the marked objects   "),
            key(app, Action::Cancel),
            Span::raw(" cancels"),
        ]));
        lines.push(Line::from(Span::styled(
            "Anything that is used by the time you confirm is skipped, not removed.",
            t.fg(t.dim),
        )));
    } else {
        lines.push(Line::from(vec![
            key(app, Action::Cancel),
            Span::raw(" closes"),
        ]));
    }
    lines
}

fn truncate(s: &str, n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

pub fn draw_result(frame: &mut Frame, area: Rect, app: &App, r: &PruneResult) {
    let t = &app.settings.theme;
    let o = &r.outcome;
    let rect = centered(
        area,
        area.width.saturating_sub(8).min(110),
        area.height.saturating_sub(4),
    );
    let budget = rect.height.saturating_sub(2) as usize;
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "Removed {} (reclaimed {}):",
            o.removed.len(),
            human_size(o.reclaimed)
        ),
        t.fg(t.success),
    ))];
    for it in &o.removed {
        lines.push(Line::from(format!(
            "  {:<12}{} {}",
            it.object.as_str(),
            clean(&it.name),
            it.size.map(human_size).unwrap_or_default()
        )));
    }
    if !o.skipped.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Skipped {} (used since the preview):", o.skipped.len()),
            t.fg(t.warning),
        )));
        for (it, why) in &o.skipped {
            lines.push(Line::from(format!(
                "  {:<12}{}: {}",
                it.object.as_str(),
                clean(&it.name),
                clean(&wording::prune_skip(why))
            )));
        }
    }
    if !o.failed.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Failed {}:", o.failed.len()),
            t.fg(t.error),
        )));
        for (it, why) in &o.failed {
            lines.push(Line::from(format!(
                "  {:<12}{}: {}",
                it.object.as_str(),
                clean(&it.name),
                clean(&wording::prune_failure(why))
            )));
        }
    }
    if lines.len() + 2 > budget {
        let cut = lines.len() + 3 - budget;
        lines.truncate(budget.saturating_sub(3));
        lines.push(Line::from(Span::styled(
            format!("  … {cut} more lines (see the log)"),
            t.fg(t.dim),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        key(app, Action::Confirm),
        Span::raw(" closes"),
    ]));
    let height = (lines.len() as u16 + 2).min(rect.height);
    let rect = centered(area, rect.width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(frame_block(app, format!(" Pruned {} ", r.kind.label()))),
        rect,
    );
}
