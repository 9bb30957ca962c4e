//! The top line: which host, which engine, how many containers, whether the link is up.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Connection};
use crate::sanitize::clean;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.settings.theme;
    let base = t.header();
    let mut spans = vec![Span::styled(
        " dockhand ",
        base.add_modifier(Modifier::BOLD),
    )];
    let sep = || Span::styled(" │ ", base);
    let (state, state_style) = match &app.host().connection {
        Connection::Connecting => ("connecting…".to_string(), base),
        Connection::Connected(_) => ("● connected".to_string(), base),
        Connection::Unavailable { .. } => {
            ("✖ no engine".to_string(), base.add_modifier(Modifier::BOLD))
        }
        Connection::Lost { .. } => (
            "✖ reconnecting…".to_string(),
            base.add_modifier(Modifier::BOLD),
        ),
    };
    if let Some(info) = app.host().connection.info() {
        spans.push(sep());
        spans.push(Span::styled(clean(&info.host).into_owned(), base));
        spans.push(sep());
        spans.push(Span::styled(
            format!(
                "{} {} · API {}",
                clean(&info.product),
                clean(&info.version),
                clean(&info.api_version)
            ),
            base,
        ));
    }
    spans.push(sep());
    spans.push(Span::styled(state, state_style));
    if app.host().connection.info().is_some() && app.host().containers.list.loaded {
        spans.push(sep());
        spans.push(Span::styled(
            format!(
                "{}/{} running",
                app.host().containers.running(),
                app.host().containers.list.total()
            ),
            base,
        ));
    }
    if app.settings.read_only {
        spans.push(sep());
        spans.push(Span::styled("READ-ONLY", base.add_modifier(Modifier::BOLD)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}
