//! The events view, full screen between the header and the hint line: one row per event
//! (time in UTC, type, action, object, the attributes that matter), newest at the bottom, the
//! selected row highlighted; the title says live or paused, the type, the since and the counts;
//! the last line is the filter or the since prompt being typed, or the look back's outcome.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::dialog::input_spans;
use crate::app::App;
use crate::app::events::{EventRow, kind_word};
use crate::app::overlays::{EventsView, LookBack, Typing};
use crate::config::Theme;
use crate::engine::model::EventKind;
use crate::sanitize::clean;

/// Columns' widths: type and action; the object takes a share of what is left.
const TYPE_W: usize = 9;
const ACTION_W: usize = 14;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, v: &EventsView) {
    let t = &app.settings.theme;
    let body = super::between_bars(area);
    let rows = v.rows(app);
    let status = status_line(app, v);
    let inner_w = body.width.saturating_sub(2) as usize;
    let list_h = (body.height.saturating_sub(2) as usize).saturating_sub(status.is_some() as usize);
    // Dates only when some row is not of today (UTC).
    let today = app.now.div_euclid(86_400);
    let dated = rows.iter().any(|r| r.time.div_euclid(86_400) != today);
    let mut lines: Vec<Line> = Vec::new();
    if rows.is_empty() {
        lines.push(Line::from(Span::styled(empty_text(app, v), t.fg(t.dim))));
    } else {
        let sel = v.selected_index(rows.len());
        // The newest rows fill the view; the selection moves up it, then scrolls it.
        let last_start = rows.len().saturating_sub(list_h);
        let offset = sel.map_or(last_start, |i| i.min(last_start));
        for (i, r) in rows.iter().enumerate().skip(offset).take(list_h) {
            let line = row_line(t, r, inner_w, dated);
            lines.push(if Some(i) == sel {
                line.style(t.selection())
            } else {
                line
            });
        }
    }
    while lines.len() < list_h {
        lines.push(Line::from(""));
    }
    if let Some(s) = status {
        lines.truncate(list_h);
        lines.push(s);
    }
    frame.render_widget(Clear, body);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.fg(t.accent))
                .title(title(app, v, rows.len(), inner_w)),
        ),
        body,
    );
}

/// The title; "times UTC" goes first when it does not fit in `width`.
fn title(app: &App, v: &EventsView, shown: usize, width: usize) -> Line<'static> {
    let t = &app.settings.theme;
    let bold = t.fg(t.accent).add_modifier(Modifier::BOLD);
    let mut spans = vec![Span::styled(" Events ", bold)];
    match v.paused_at {
        Some(_) => spans.push(Span::styled(
            format!("· PAUSED, {} new ", v.waiting(app)),
            t.fg(t.warning).add_modifier(Modifier::BOLD),
        )),
        None => spans.push(Span::styled("· live ", t.fg(t.running))),
    }
    let since = match &v.since {
        Some(s) => format!("since {} ({})", clean(&s.label), clock(s.at, false)),
        None => match app.host().events.oldest() {
            Some(at) => format!(
                "since {}",
                clock(at, at.div_euclid(86_400) != app.now.div_euclid(86_400))
            ),
            None => "since dockhand started".to_string(),
        },
    };
    let total = app.host().events.len();
    let count = if shown == total {
        format!("{total} events")
    } else {
        format!("{shown} of {total} events")
    };
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let mut rest = format!("· type {} · {since} · {count} · times UTC ", v.kind_label());
    if used + rest.chars().count() > width {
        rest = format!("· type {} · {since} · {count} ", v.kind_label());
    }
    spans.push(Span::raw(rest));
    if !v.filter.is_empty() && v.typing != Some(Typing::Filter) {
        spans.push(Span::styled(
            format!("· /{} ", clean(v.filter.text())),
            t.fg(t.accent),
        ));
    }
    Line::from(spans)
}

/// The bottom line: what is being typed, or how the look back went.
fn status_line(app: &App, v: &EventsView) -> Option<Line<'static>> {
    let t = &app.settings.theme;
    match &v.typing {
        Some(Typing::Filter) => {
            let mut spans = vec![Span::styled("/", t.fg(t.accent))];
            spans.extend(input_spans(app, &v.filter));
            spans.push(Span::styled(
                "   every word must match: type, action, name, id, details · enter keeps · esc clears",
                t.fg(t.dim),
            ));
            return Some(Line::from(spans));
        }
        Some(Typing::Since { input, error }) => {
            // A refusal takes the place of the help, so that it fits.
            let label = match error {
                Some(_) => "Since: ",
                None => {
                    "Since (↑↓ 10m, 1h, 24h; or a time, 2026-12-03T10:00:00Z; empty: what dockhand saw): "
                }
            };
            let mut spans = vec![Span::styled(label, t.fg(t.accent))];
            spans.extend(input_spans(app, input));
            if let Some(e) = error {
                spans.push(Span::styled(format!("  {}", clean(e)), t.fg(t.error)));
            }
            return Some(Line::from(spans));
        }
        None => {}
    }
    let text = match v.look_back.as_ref()? {
        LookBack::Asking { .. } => {
            return Some(Line::from(Span::styled(
                "Asking the engine for the events it remembers…",
                t.fg(t.dim),
            )));
        }
        LookBack::Failed(e) => {
            return Some(Line::from(Span::styled(
                format!("The engine's past events could not be read: {}", clean(e)),
                t.fg(t.error),
            )));
        }
        LookBack::Done { given, new, cut } => {
            let more = if *cut { " (cut: there were more)" } else { "" };
            format!(
                "The engine gave {given} events{more}, {new} not seen here before; it remembers only its last 256 or so."
            )
        }
    };
    Some(Line::from(Span::styled(text, t.fg(t.dim))))
}

fn empty_text(app: &App, v: &EventsView) -> String {
    if app.host().events.is_empty() {
        "No events since dockhand started. They appear here as they happen; s looks back at those the engine remembers.".into()
    } else if v.paused_at.is_some() {
        "Nothing shown: paused before any event that passes the filter (p resumes).".into()
    } else {
        "No event passes the filter, the type and the since (esc clears the filter, t changes the type, s the since).".into()
    }
}

/// `04:05:06`, or `12-02 04:05:06` with the date.
fn clock(at: i64, dated: bool) -> String {
    let st = std::time::UNIX_EPOCH + std::time::Duration::from_secs(at.max(0) as u64);
    let text = humantime::format_rfc3339_seconds(st).to_string();
    // 2026-12-03T04:05:06Z
    match (dated, text.get(5..10), text.get(11..19)) {
        (true, Some(d), Some(c)) => format!("{d} {c}"),
        (false, _, Some(c)) => c.to_string(),
        _ => text,
    }
}

fn row_line(t: &Theme, r: &EventRow, width: usize, dated: bool) -> Line<'static> {
    let time = clock(r.time, dated);
    let rest = width.saturating_sub(time.chars().count() + 1 + TYPE_W + 1 + ACTION_W + 1);
    let name_w = (rest * 2 / 5).clamp(rest.min(12), 40);
    let detail_w = rest.saturating_sub(name_w + 1);
    Line::from(vec![
        Span::styled(format!("{time} "), t.fg(t.dim)),
        Span::styled(
            format!("{:<TYPE_W$} ", kind_word(r.kind)),
            Style::default().fg(kind_colour(t, r.kind)),
        ),
        Span::styled(
            format!("{:<ACTION_W$} ", fit(&clean(&r.action), ACTION_W)),
            action_style(t, r),
        ),
        Span::raw(format!("{:<name_w$} ", fit(&clean(&r.name), name_w))),
        Span::styled(fit(&clean(&r.detail), detail_w), t.fg(t.dim)),
    ])
}

fn kind_colour(t: &Theme, k: EventKind) -> ratatui::style::Color {
    match k {
        EventKind::Container => t.accent,
        EventKind::Image => t.paused,
        EventKind::Volume | EventKind::Network => t.healthy,
        EventKind::Service | EventKind::Node => t.transition,
        EventKind::Other => t.dim,
    }
}

/// Endings in red (a container died badly, was killed, ran out of memory), starts in green.
fn action_style(t: &Theme, r: &EventRow) -> Style {
    let bad_exit = r.detail.starts_with("exit ") && !r.detail.starts_with("exit 0");
    match r.action.as_str() {
        "die" if bad_exit => t.fg(t.error),
        "oom" | "kill" => t.fg(t.error),
        "destroy" | "delete" | "remove" => t.fg(t.warning),
        "start" | "create" | "unpause" => t.fg(t.running),
        "health_status" if r.detail.contains("unhealthy") => t.fg(t.unhealthy),
        _ => Style::default(),
    }
}

/// `text` within `width` characters, an ellipsis marking a cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}
