//! The messages view: the recent messages in full, wrapped, newest first, each with how long
//! ago it came and its level's colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::centered;
use super::dialog::fit_width;
use super::format::human_duration;
use crate::app::{App, Level, MessagesView};
use crate::config::Action;
use crate::sanitize::clean;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, v: &MessagesView) {
    let t = &app.settings.theme;
    let mut lines = Vec::new();
    for m in app.screen.toasts.iter().rev() {
        let color = match m.level {
            Level::Info => t.accent,
            Level::Success => t.success,
            Level::Warning => t.warning,
            Level::Error => t.error,
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ago  ", human_duration(app.now - m.at)),
                t.fg(t.dim),
            ),
            Span::styled(clean(&m.text).into_owned(), t.fg(color)),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("No messages yet.", t.fg(t.dim))));
    }
    let title = format!(
        " Messages, newest first — {} or esc closes ",
        app.settings.keymap.label(Action::Messages)
    );
    let max = area.width.saturating_sub(4).max(20);
    let width = fit_width(area, &lines, title.chars().count() + 2, 40).min(max);
    let body = super::wrapped_height(&lines, width.saturating_sub(2));
    let height = (body + 2).min(area.height.saturating_sub(2));
    let hidden = body.saturating_sub(height.saturating_sub(2));
    let scroll = u16::try_from(v.scroll).unwrap_or(u16::MAX).min(hidden);
    let rect = centered(area, width, height);
    super::dialog::wrapped_box(frame, rect, t.fg(t.accent), title, lines, scroll);
}
