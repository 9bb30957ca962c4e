//! What the screen says while no engine answers: every address tried and why it failed, and
//! when the next try comes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::{App, Connection};
use crate::config::Action;
use crate::sanitize::clean;

pub fn draw_connecting(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.settings.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.border));
    frame.render_widget(
        Paragraph::new(" Connecting to the engine…").block(block),
        area,
    );
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Connection::Unavailable {
        attempts,
        problems,
        retry_at,
        tries,
    } = &app.host().connection
    else {
        return;
    };
    let t = &app.settings.theme;
    let mut lines = vec![
        Line::from(Span::styled(
            "No Docker engine answered.",
            t.fg(t.error).add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        Line::from("Tried, in this order:"),
    ];
    for a in attempts {
        lines.push(Line::from(vec![
            Span::raw("  • "),
            Span::styled(clean(&a.uri).into_owned(), t.fg(t.accent)),
            Span::styled(format!(" ({})", clean(&a.source)), t.fg(t.dim)),
        ]));
        lines.push(Line::from(vec![
            Span::raw("      "),
            Span::styled(clean(&a.error).into_owned(), t.fg(t.warning)),
        ]));
    }
    for p in problems {
        lines.push(Line::from(Span::styled(
            format!("  ! {}", clean(p)),
            t.fg(t.warning),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(
        "Point dockhand at an engine with --host, DOCKER_HOST, a docker context, or `host` in the config file.",
    ));
    let wait = (retry_at - app.now).max(0);
    lines.push(Line::from(format!(
        "Trying again in {wait} s (attempt {tries}). {} retries now, {} quits.",
        app.settings.keymap.label(Action::Refresh),
        app.settings.keymap.label(Action::Quit)
    )));
    if app.hosts().len() > 1 {
        lines.push(Line::from(format!(
            "{} switches to another host; this one keeps trying.",
            app.settings.keymap.label(Action::Hosts)
        )));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.border))
        .title(" no engine ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
