//! The top line: which host, which engine, how many containers, whether the link is up.
//!
//! Parts that do not fit go in a stated order, least needed first: the engine's version, then
//! its address, then the container count. The host's name, the link's state and READ-ONLY
//! always stay: they say where keys go and whether they may change anything.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Connection};
use crate::sanitize::clean;

/// One part of the header and how soon it goes when the line is too narrow (lower first;
/// `None` never goes).
struct Part {
    text: String,
    style: Style,
    drop_rank: Option<u8>,
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.settings.theme;
    let base = t.header();
    let mut parts: Vec<Part> = Vec::new();
    if app.screen.everywhere {
        everywhere_parts(app, base, &mut parts);
    } else {
        host_parts(app, base, &mut parts);
    }
    // On the all-hosts list, a read-only host is said in its rows' actions, not here.
    if (app.read_only() && !app.screen.everywhere) || app.settings.read_only {
        parts.push(Part {
            text: "READ-ONLY".into(),
            style: base.add_modifier(Modifier::BOLD),
            drop_rank: None,
        });
    }
    draw_parts(frame, area, base, parts);
}

/// The all-hosts list: how many hosts it holds, and their containers together.
fn everywhere_parts(app: &App, base: Style, parts: &mut Vec<Part>) {
    parts.push(Part {
        text: "all hosts".into(),
        style: base.add_modifier(Modifier::BOLD),
        drop_rank: None,
    });
    let hosts = app.hosts();
    parts.push(Part {
        text: format!("{} of {} connected", app.everywhere_hosts(), hosts.len()),
        style: base,
        drop_rank: None,
    });
    let list = &app.everywhere.pane;
    parts.push(Part {
        text: format!("{}/{} running", list.running(), list.list.total()),
        style: base,
        drop_rank: Some(2),
    });
}

/// One host: its name in its accent, its address and engine, the link, its containers.
fn host_parts(app: &App, base: Style, parts: &mut Vec<Part>) {
    let t = &app.settings.theme;
    if let Some(name) = &app.host().name {
        // The host's own colour on the header's background; bold, so it reads as a name.
        let mut style = base.add_modifier(Modifier::BOLD);
        if let Some(accent) = app.host().accent.filter(|_| !t.monochrome) {
            style = style.fg(accent);
        }
        parts.push(Part {
            text: clean(name).into_owned(),
            style,
            drop_rank: None,
        });
    }
    let (state, state_style) = match &app.host().connection {
        Connection::Connecting | Connection::Idle => ("connecting…".to_string(), base),
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
        parts.push(Part {
            text: clean(&info.host).into_owned(),
            style: base,
            drop_rank: Some(1),
        });
        parts.push(Part {
            text: format!(
                "{} {} · API {}",
                clean(&info.product),
                clean(&info.version),
                clean(&info.api_version)
            ),
            style: base,
            drop_rank: Some(0),
        });
    }
    parts.push(Part {
        text: state,
        style: state_style,
        drop_rank: None,
    });
    if app.host().connection.info().is_some() && app.host().containers.list.loaded {
        parts.push(Part {
            text: format!(
                "{}/{} running",
                app.host().containers.running(),
                app.host().containers.list.total()
            ),
            style: base,
            drop_rank: Some(2),
        });
    }
}

/// The parts on one line, dropping the least needed first until they fit.
fn draw_parts(frame: &mut Frame, area: Rect, base: Style, mut parts: Vec<Part>) {
    let width = |parts: &[Part]| -> usize {
        " dockhand ".len()
            + parts
                .iter()
                .map(|p| p.text.chars().count() + 3)
                .sum::<usize>()
    };
    while width(&parts) > usize::from(area.width) {
        let Some(i) = parts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.drop_rank.map(|r| (r, i)))
            .min()
            .map(|(_, i)| i)
        else {
            break;
        };
        parts.remove(i);
    }
    let mut spans = vec![Span::styled(
        " dockhand ",
        base.add_modifier(Modifier::BOLD),
    )];
    for p in parts {
        spans.push(Span::styled(" │ ", base));
        spans.push(Span::styled(p.text, p.style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}
