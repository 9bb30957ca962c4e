//! The `?` overlay: every binding live on the current screen, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use crate::app::{App, HelpView};
use crate::config::{Action, Scope};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HelpView) {
    let t = &app.settings.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    let full_logs = app.screen.pane == crate::app::Pane::Containers
        && app.host().logs.mode == crate::app::logs::LogMode::Full;
    let scopes: Vec<Scope> = if full_logs {
        vec![Scope::Logs, Scope::Global]
    } else {
        let mut s: Vec<Scope> = app.screen.pane.scope().into_iter().collect();
        s.extend([Scope::List, Scope::Global, Scope::Inspect, Scope::Dialog]);
        s
    };
    for scope in scopes {
        let actions: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| a.scope() == scope && app.allows(*a))
            .collect();
        if actions.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(
            scope.title(),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        )));
        for a in actions {
            let keys = app.settings.keymap.label(a);
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), bold),
                Span::raw(a.description()),
            ]));
        }
    }
    if app.settings.read_only {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Read-only mode: actions that change the engine are hidden and disabled.",
            t.fg(t.warning),
        )));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, 90, height);
    let hidden = (lines.len() as u16 + 2).saturating_sub(height);
    let scroll = view.scroll.min(hidden);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.accent))
        .title(format!(
            " Keys — {} or esc closes{} ",
            app.settings.keymap.label(Action::Help),
            if hidden > 0 {
                format!(
                    " · {} {} scroll",
                    app.settings.keymap.label(Action::Down),
                    app.settings.keymap.label(Action::Up)
                )
            } else {
                String::new()
            }
        ));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}
