//! The `?` overlay: every binding live on the current screen, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use crate::app::commands::{EXTRA, command_name};
use crate::app::{App, HelpView};
use crate::config::{Action, Scope};

/// Spaces before a key label.
const KEY_INDENT: usize = 2;
/// Spaces at least between the longest key label and its description.
const KEY_GAP: usize = 2;
/// Past this a line is too long to read at a glance (and the header's marks stay in view):
/// longer descriptions wrap.
const MAX_WIDTH: u16 = 90;
/// Columns a description keeps on a very narrow screen.
const MIN_DESCRIPTION: usize = 20;

/// `text` in lines of at most `width` characters, broken between words (a word longer than a
/// line is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let rest: String = line.chars().skip(width).collect();
            line = line.chars().take(width).collect();
            out.push(std::mem::replace(&mut line, rest));
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HelpView) {
    let t = &app.settings.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    let full_logs =
        app.screen.pane.has_logs() && app.log_view().mode == crate::app::logs::LogMode::Full;
    let scopes: Vec<Scope> = if full_logs {
        vec![Scope::Logs, Scope::Global]
    } else {
        let mut s: Vec<Scope> = app.screen.pane.scope().into_iter().collect();
        s.extend([Scope::List, Scope::Global, Scope::Inspect, Scope::Dialog]);
        s
    };
    // Every binding of the scopes shown, so the key column is as wide as its widest label
    // and a gap always parts keys from what they do.
    let mut sections: Vec<(&'static str, Vec<(String, String)>)> = Vec::new();
    for scope in scopes {
        let rows: Vec<(String, String)> = Action::ALL
            .iter()
            .copied()
            .filter(|a| a.scope() == scope && app.allows(*a))
            .map(|a| {
                let keys = app.settings.keymap.label(a);
                let keys = if keys.is_empty() {
                    "(unbound)".to_string()
                } else {
                    keys
                };
                // The same action typed at the `:` line.
                let description = match command_name(a) {
                    Some(c) => format!("{} (:{c})", a.description()),
                    None => a.description().to_string(),
                };
                (keys, description)
            })
            .collect();
        if !rows.is_empty() {
            sections.push((scope.title(), rows));
        }
    }
    if !full_logs {
        // The commands that are not keys.
        let rows = EXTRA
            .iter()
            .map(|(name, what)| {
                let (usage, does) = what.split_once(": ").unwrap_or((name, what));
                (format!(":{usage}"), does.to_string())
            })
            .collect();
        sections.push(("Commands (after :)", rows));
    }
    let key_col = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(0)
        + KEY_INDENT
        + KEY_GAP;
    let widest = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(_, d)| d.chars().count()))
        .max()
        .unwrap_or(0);
    // As wide as the widest binding, within the screen and [`MAX_WIDTH`]; longer descriptions
    // wrap under themselves, never under the keys.
    let width = u16::try_from(key_col + widest + 2)
        .unwrap_or(u16::MAX)
        .min(MAX_WIDTH)
        .min(area.width);
    let room = usize::from(width.saturating_sub(2))
        .saturating_sub(key_col)
        .max(MIN_DESCRIPTION);
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(
            title,
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        )));
        for (keys, description) in rows {
            for (i, part) in wrap_words(&description, room).into_iter().enumerate() {
                let head = if i == 0 {
                    format!(
                        "{:indent$}{keys:<w$}",
                        "",
                        indent = KEY_INDENT,
                        w = key_col - KEY_INDENT
                    )
                } else {
                    " ".repeat(key_col)
                };
                lines.push(Line::from(vec![Span::styled(head, bold), Span::raw(part)]));
            }
        }
    }
    if app.read_only() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Read-only mode: actions that change the engine are hidden and disabled.",
            t.fg(t.warning),
        )));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_the_width_and_long_words_are_cut() {
        assert_eq!(wrap_words("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap_words("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap_words("", 5), [""]);
    }
}
