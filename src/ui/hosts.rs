//! The host switcher: the filter being typed, then one row per host (its name in its accent,
//! state, running/total containers, where it was found, its address), the host on screen marked
//! `▶`; a failed host's reason on the line below its row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use super::dialog::input_spans;
use super::list::fit;
use crate::app::overlays::hosts::state_text;
use crate::app::{App, Connection, Host, HostSwitcher, SwitchTo};
use crate::sanitize::clean;

/// Widest the box grows (addresses beyond are cut).
const MAX_WIDTH: u16 = 120;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &HostSwitcher) {
    let t = &app.settings.theme;
    let rows = s.rows(app);
    let width = area.width.saturating_sub(4).clamp(20, MAX_WIDTH);
    let inner = usize::from(width.saturating_sub(2));
    let hosts: Vec<&Host> = rows
        .iter()
        .filter_map(|r| match r {
            SwitchTo::Host(id) => app.host_by_id(*id),
            SwitchTo::Everywhere => None,
        })
        .collect();
    let name_w = hosts
        .iter()
        .map(|h| clean(h.label()).chars().count())
        .max()
        .unwrap_or(4)
        .clamp(9, 24);
    let mut lines = vec![Line::from(
        [Span::styled("filter: ", t.fg(t.dim))]
            .into_iter()
            .chain(input_spans(app, &s.filter))
            .collect::<Vec<_>>(),
    )];
    lines.push(Line::from(Span::styled(
        format!(
            "  {:<name_w$}  {:<13} {:>10}  {:<16} ADDRESS",
            "HOST", "STATE", "CONTAINERS", "FROM"
        ),
        t.fg(t.dim).add_modifier(Modifier::BOLD),
    )));
    let mut selected_line = 0;
    let everywhere = rows.first() == Some(&SwitchTo::Everywhere);
    if everywhere {
        let selected = s.selected == 0;
        if selected {
            selected_line = lines.len();
        }
        let (mut running, mut total) = (0, 0);
        for h in app.hosts() {
            if let (true, Some((r, n))) = (h.connection.is_connected(), h.counts()) {
                running += r;
                total += n;
            }
        }
        let mut line = fit(
            Line::from(vec![
                Span::raw(if app.screen.everywhere { "▶ " } else { "  " }),
                Span::styled(
                    format!("{:<name_w$}", "all hosts"),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw("  "),
                Span::styled(
                    format!("{:<13}", format!("{} connected", app.everywhere_hosts())),
                    t.fg(t.dim),
                ),
                Span::raw(format!(" {:>10}  ", format!("{running}/{total}"))),
                Span::styled("every connected host's containers in one list", t.fg(t.dim)),
            ]),
            inner as u16,
        );
        if selected {
            line = line.style(t.selection());
        }
        lines.push(line);
    }
    let offset = usize::from(everywhere);
    for (i, h) in hosts.iter().enumerate() {
        let selected = i + offset == s.selected;
        if selected {
            selected_line = lines.len();
        }
        let (state, state_style) = match &h.connection {
            Connection::Connected(_) => ("connected", t.fg(t.success)),
            Connection::Connecting => ("connecting…", t.fg(t.dim)),
            Connection::Idle => ("not connected", t.fg(t.dim)),
            Connection::Unavailable { .. } => ("failed", t.fg(t.error)),
            Connection::Lost { .. } => ("lost", t.fg(t.warning)),
        };
        let counts = match h.counts() {
            Some((running, total)) => format!("{running}/{total}"),
            None => String::new(),
        };
        let mut name_style = Style::default().add_modifier(Modifier::BOLD);
        if let Some(a) = h.accent.filter(|_| !t.monochrome) {
            name_style = name_style.fg(a);
        }
        let name: String = clean(h.label()).chars().take(name_w).collect();
        let mut spans = vec![
            Span::raw(if h.id == app.active() && !app.screen.everywhere {
                "▶ "
            } else {
                "  "
            }),
            Span::styled(format!("{name:<name_w$}"), name_style),
            Span::raw("  "),
            Span::styled(format!("{state:<13}"), state_style),
            Span::raw(format!(" {counts:>10}  ")),
            Span::styled(
                format!(
                    "{:<16} ",
                    clean(&h.source).chars().take(16).collect::<String>()
                ),
                t.fg(t.dim),
            ),
        ];
        // Before the address, which is what gets cut on a narrow screen.
        if h.read_only {
            spans.push(Span::styled("read-only ", t.fg(t.warning)));
        }
        spans.push(Span::styled(clean(&h.address).into_owned(), t.fg(t.dim)));
        let mut line = fit(Line::from(spans), inner as u16);
        if selected {
            line = line.style(t.selection());
        }
        lines.push(line);
        if matches!(
            h.connection,
            Connection::Unavailable { .. } | Connection::Lost { .. }
        ) {
            let why = state_text(h, app.now);
            let why = why.split_once(": ").map_or(why.as_str(), |(_, w)| w);
            lines.push(fit(
                Line::from(Span::styled(format!("    ↳ {}", clean(why)), t.fg(t.error))),
                inner as u16,
            ));
        }
    }
    if hosts.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no host matches the filter",
            t.fg(t.dim),
        )));
    }
    let title = format!(
        " Hosts ({}) — type to filter, enter shows, esc closes ",
        app.hosts().len()
    );
    let height = (lines.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(5);
    // Scroll so the selected row stays in the box.
    let room = usize::from(height.saturating_sub(2));
    let skip = (selected_line + 1).saturating_sub(room);
    let shown: Vec<Line> = if skip > 0 {
        // The filter line stays on top.
        std::iter::once(lines[0].clone())
            .chain(lines.into_iter().skip(skip + 1))
            .collect()
    } else {
        lines
    };
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(shown).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.fg(t.accent))
                .title(title),
        ),
        rect,
    );
}
