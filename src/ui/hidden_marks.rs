//! The question before an action reaches marked rows the filter hides: what it goes to as
//! shown, the hidden marked rows by name, and the three answers with their keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::{App, HiddenMarks};
use crate::config::Action;
use crate::sanitize::clean;

/// Names listed before "and N more".
const MAX_NAMES: usize = 8;

/// `a, b, c and 4 more`.
fn names(list: &[String]) -> String {
    let mut out: Vec<String> = list
        .iter()
        .take(MAX_NAMES)
        .map(|n| clean(n).into_owned())
        .collect();
    if list.len() > MAX_NAMES {
        out.push(format!("and {} more", list.len() - MAX_NAMES));
    }
    out.join(", ")
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, d: &HiddenMarks) {
    let t = &app.settings.theme;
    let bold = t.fg(t.accent).add_modifier(Modifier::BOLD);
    let verb = d.action.hint();
    let n = d.hidden.len();
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!(
                "{n} marked row{} hidden by the filter: ",
                if n == 1 { " is" } else { "s are" }
            )),
            Span::styled(names(&d.hidden), t.fg(t.marked)),
        ]),
        Line::from(""),
    ];
    let keys = |a: Action| app.settings.keymap.label(a);
    if d.shown.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nothing shown is marked or selected.",
            t.fg(t.dim),
        )));
    } else {
        lines.push(Line::from(vec![
            Span::styled(keys(Action::Confirm), bold),
            Span::raw(format!(" {verb} only what is shown: {}", names(&d.shown))),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(keys(Action::AlsoHidden), bold),
        Span::raw(format!(
            " {verb} the hidden one{} too",
            if n == 1 { "" } else { "s" }
        )),
    ]));
    lines.push(Line::from(vec![
        Span::styled(keys(Action::Cancel), bold),
        Span::raw(" cancel"),
    ]));
    let title = format!(" {} marked rows you cannot see? ", capitalised(verb));
    super::dialog::confirm_box(frame, area, app, title, lines, 72);
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
