//! The `:` command line at the bottom of the screen: the candidates for what is typed (best
//! first, each with what it does), or why the last line could not run; then the line itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::dialog::input_spans;
use crate::app::App;
use crate::app::commands;
use crate::app::layout::FOOTER_LINES;
use crate::app::overlays::CommandPrompt;
use crate::sanitize::clean;

/// Candidates shown at most.
const SHOWN: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &CommandPrompt) {
    let t = &app.settings.theme;
    let scopes = app.command_scopes();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = &p.error {
        lines.push(Line::from(Span::styled(clean(e), t.fg(t.error))));
    } else {
        let candidates = p.candidates(app);
        let width = candidates
            .iter()
            .take(SHOWN)
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        for c in candidates.iter().take(SHOWN) {
            let current = Some(c.as_str()) == Some(p.input.text().trim());
            let name = format!(" {c:<width$}  ");
            lines.push(Line::from(vec![
                if current {
                    Span::styled(name, t.fg(t.accent).add_modifier(Modifier::BOLD))
                } else {
                    Span::styled(name, t.fg(t.accent))
                },
                Span::styled(commands::describe(c, &scopes), t.fg(t.dim)),
            ]));
        }
        if candidates.is_empty() {
            lines.push(Line::from(Span::styled(
                "no command starts so: enter says the nearest",
                t.fg(t.dim),
            )));
        }
    }
    let mut input = vec![Span::styled(
        ":",
        t.fg(t.accent).add_modifier(Modifier::BOLD),
    )];
    input.extend(input_spans(app, &p.input));
    lines.push(Line::from(input));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(FOOTER_LINES + 1));
    let rect = Rect {
        x: area.x,
        y: area.y + area.height.saturating_sub(FOOTER_LINES + height),
        width: area.width,
        height,
    };
    // The line stays in view on a short screen: the candidates give way first.
    let skip = lines
        .len()
        .saturating_sub(height.saturating_sub(2) as usize);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.fg(t.accent))
                .title(Span::styled(
                    " Command · tab completes · ↑↓ earlier commands · enter runs · esc leaves ",
                    t.fg(t.accent).add_modifier(Modifier::BOLD),
                )),
        ),
        rect,
    );
}
