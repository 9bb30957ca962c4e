//! Confirmation dialogs. They name what will happen in full before anything happens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::app::{App, RemoveDialog};
use crate::config::Action;
use crate::sanitize::clean;

/// Names listed before "and N more".
const MAX_NAMES: usize = 8;

pub fn draw_remove(frame: &mut Frame, area: Rect, app: &App, d: &RemoveDialog) {
    let t = &app.theme;
    let bold = ratatui::style::Style::default().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    if let [one] = d.targets.as_slice() {
        lines.push(Line::from(vec![
            Span::raw("Remove container "),
            Span::styled(clean(&one.name).into_owned(), bold),
            Span::styled(
                format!(" ({})", one.id.get(..12).unwrap_or(&one.id)),
                t.fg(t.dim),
            ),
            Span::raw("?"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::raw("Remove "),
            Span::styled(format!("{} containers", d.targets.len()), bold),
            Span::raw("?"),
        ]));
        for target in d.targets.iter().take(MAX_NAMES) {
            lines.push(Line::from(format!("  • {}", clean(&target.name))));
        }
        if d.targets.len() > MAX_NAMES {
            lines.push(Line::from(format!(
                "  … and {} more",
                d.targets.len() - MAX_NAMES
            )));
        }
    }
    lines.push(Line::from(""));
    let up: Vec<String> = d
        .targets
        .iter()
        .filter(|t| t.up)
        .map(|t| clean(&t.name).into_owned())
        .collect();
    let force = match up.as_slice() {
        [] => None,
        [one] => Some(format!(
            "! {one} is running: it will be killed first (force)."
        )),
        many => Some(format!(
            "! {} are running: they will be killed first (force).",
            many.len()
        )),
    };
    if let Some(text) = force {
        lines.push(Line::from(Span::styled(text, t.fg(t.warning))));
    }
    let anon: Vec<String> = d
        .anonymous_volumes()
        .map(|(_, v)| clean(&v.destination).into_owned())
        .collect();
    let check = if d.remove_volumes { "[x]" } else { "[ ]" };
    let anon_text = if anon.is_empty() {
        "no anonymous volumes".to_string()
    } else {
        format!("{} anonymous volume(s): {}", anon.len(), anon.join(", "))
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{check} "), bold),
        Span::raw(format!("also remove anonymous volumes ({anon_text})")),
    ]));
    let named: Vec<String> = d
        .named_volumes()
        .map(|(_, v)| clean(&v.name).into_owned())
        .collect();
    if !named.is_empty() {
        lines.push(Line::from(format!(
            "Named volumes are kept: {}",
            named.join(", ")
        )));
    }
    lines.push(Line::from(Span::styled(
        "The container's writable layer (files changed inside it) is lost.",
        t.fg(t.dim),
    )));
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(
            app.keymap.label(Action::Confirm),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        ),
        Span::raw(" remove   "),
        Span::styled(
            app.keymap.label(Action::Cancel),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        ),
        Span::raw(" cancel"),
    ]));
    let rect = centered(area, 72, lines.len() as u16 + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.warning))
        .title(" Remove ");
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
