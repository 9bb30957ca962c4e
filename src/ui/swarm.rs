//! What the three swarm panes share: the message shown instead of a list when the engine is
//! not a manager, a pane's table drawn from its rows, and the confirmation of a change that
//! moves or removes tasks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph, Wrap};

use super::list;
use crate::app::overlays::SwarmConfirm;
use crate::app::{App, ListOps};
use crate::config::Action;
use crate::sanitize::clean;

/// Whether a swarm pane shows a message instead of its list (see [`draw_placeholder`]).
pub fn placeholder(app: &App, view: &dyn ListOps) -> bool {
    app.host().swarm.not_manager.is_some() || !view.loaded() || view.visible_len() == 0
}

/// Draws what is shown instead of a swarm list, when something is: the engine is not a
/// manager (said plainly, with what to do), or the list is loading or empty. True when it did.
pub fn draw_placeholder(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    view: &dyn ListOps,
    noun: &str,
) -> bool {
    let t = &app.settings.theme;
    let block = list::block(app, area, view, vec![]);
    let Some(nm) = &app.host().swarm.not_manager else {
        return list::draw_placeholder(frame, area, app, view, block, noun);
    };
    let what = if nm.worker {
        "This engine is a swarm worker, not a manager."
    } else {
        "This engine is not a swarm manager: it is in no swarm."
    };
    let how = if nm.worker {
        format!(
            "Services, tasks and nodes are listed by a manager: choose a manager's host ({}).",
            app.settings.keymap.label(Action::Hosts)
        )
    } else {
        "Services, tasks and nodes exist only in a swarm: `docker swarm init` makes this \
         engine a manager of a new one, `docker swarm join` adds it to another."
            .to_string()
    };
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled(
            what,
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(how),
        Line::from(Span::styled(
            format!("The engine said: {}", clean(&nm.message)),
            t.fg(t.dim),
        )),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block.padding(Padding::horizontal(1)))
            .wrap(Wrap { trim: false }),
        area,
    );
    true
}

/// The confirmation of a swarm change: what it does, then the keys.
pub fn draw_confirm(frame: &mut Frame, area: Rect, app: &App, d: &SwarmConfirm) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(Span::styled(clean(&d.title).into_owned(), bold))];
    lines.extend(d.lines.iter().map(|l| Line::from(clean(l).into_owned())));
    lines.push(Line::from(""));
    lines.push(super::dialog::confirm_keys(app, "go"));
    super::dialog::confirm_box(frame, area, app, " Swarm ".into(), lines, 72);
}
