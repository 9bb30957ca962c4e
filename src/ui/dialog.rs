//! Confirmation dialogs. They name what will happen in full before anything happens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use super::format::human_size;
use crate::app::text::LineEdit;
use crate::app::wording;
use crate::app::{App, ObjectKind, ObjectRemoval, Prompt, PromptFor, RemoveDialog};
use crate::config::Action;
use crate::engine::model::WritableLayer;
use crate::sanitize::clean;

/// Names listed before "and N more".
const MAX_NAMES: usize = 8;

/// A confirmation's keys: `enter/y {what}   esc/n cancel`.
pub fn confirm_keys(app: &App, what: &str) -> Line<'static> {
    let t = &app.settings.theme;
    let key = t.fg(t.accent).add_modifier(Modifier::BOLD);
    Line::from(vec![
        Span::styled(app.settings.keymap.label(Action::Confirm), key),
        Span::raw(format!(" {what}   ")),
        Span::styled(app.settings.keymap.label(Action::Cancel), key),
        Span::raw(" cancel"),
    ])
}

/// A confirmation box: `lines`, wrapped, in a warning border titled `title`, `width` wide at
/// most, centred over what is behind it.
pub fn confirm_box(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    title: String,
    lines: Vec<Line>,
    width: u16,
) {
    let t = &app.settings.theme;
    let rect = centered(area, width, super::wrapped_height(&lines, width - 2) + 2);
    wrapped_box(frame, rect, t.fg(t.warning), title, lines, 0);
}

/// `lines`, wrapped, in `rect` with a border of `style` titled `title`, over what is behind,
/// the first `scroll` lines scrolled out of view.
pub fn wrapped_box(
    frame: &mut Frame,
    rect: Rect,
    style: ratatui::style::Style,
    title: String,
    lines: Vec<Line>,
    scroll: u16,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rect,
    );
}

pub fn draw_remove(frame: &mut Frame, area: Rect, app: &App, d: &RemoveDialog) {
    let t = &app.settings.theme;
    let bold = ratatui::style::Style::default().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    if let Some(about) = &d.about {
        lines.push(Line::from(vec![
            Span::raw("Remove "),
            Span::styled(clean(about).into_owned(), bold),
            Span::raw(format!(
                ": {}?",
                wording::count(d.targets.len(), "container")
            )),
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
    } else if let [one] = d.targets.as_slice() {
        lines.push(Line::from(vec![
            Span::raw("Remove container "),
            Span::styled(clean(&one.name).into_owned(), bold),
            Span::styled(
                format!(
                    " ({})",
                    one.id.as_str().get(..12).unwrap_or(one.id.as_str())
                ),
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
        format!(
            "{}: {}",
            wording::count(anon.len(), "anonymous volume"),
            anon.join(", ")
        )
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
    lines.extend(layer_lines(app, d));
    // While an image name is typed, letters are text: the dialog's keys are not offered.
    if d.commit_as.is_none() {
        lines.push(Line::from(""));
        lines.push(confirm_keys(app, "remove"));
    }
    confirm_box(frame, area, app, " Remove ".into(), lines, 72);
}

/// What the writable layers hold, and the commit-first choice.
fn layer_lines(app: &App, d: &RemoveDialog) -> Vec<Line<'static>> {
    let t = &app.settings.theme;
    let mut lines = Vec::new();
    let changed: Vec<(&str, &WritableLayer)> = d
        .targets
        .iter()
        .filter_map(|tg| match d.layers.get(&tg.id) {
            Some(Ok(l)) if l.has_changes() => Some((tg.name.as_str(), l)),
            _ => None,
        })
        .collect();
    let pending = d
        .targets
        .iter()
        .filter(|tg| !d.layers.contains_key(&tg.id))
        .count();
    let failed: Vec<String> = d
        .targets
        .iter()
        .filter_map(|tg| match d.layers.get(&tg.id) {
            Some(Err(e)) => Some(format!("{}: {}", clean(&tg.name), clean(e))),
            _ => None,
        })
        .collect();
    if let [(name, layer)] = changed.as_slice() {
        let size = layer
            .size
            .map(|s| format!("{}, ", human_size(s)))
            .unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!(
                "! {}'s writable layer ({size}{} changed path{}) is lost:",
                clean(name),
                layer.total,
                if layer.total == 1 { "" } else { "s" }
            ),
            t.fg(t.warning),
        )));
        for (kind, path) in &layer.sample {
            lines.push(Line::from(format!("    {kind} {}", clean(path))));
        }
        if layer.total > layer.sample.len() {
            lines.push(Line::from(format!(
                "    … and {} more",
                layer.total - layer.sample.len()
            )));
        }
    } else if changed.len() > 1 {
        let names: Vec<String> = changed.iter().map(|(n, _)| clean(n).into_owned()).collect();
        lines.push(Line::from(Span::styled(
            format!(
                "! {} of them hold changes in their writable layer, lost on removal: {}",
                changed.len(),
                names.join(", ")
            ),
            t.fg(t.warning),
        )));
    }
    if pending > 0 {
        lines.push(Line::from(Span::styled(
            "Checking the writable layer…",
            t.fg(t.dim),
        )));
    } else if changed.is_empty() && failed.is_empty() {
        lines.push(Line::from(Span::styled(
            "The writable layer holds no changes: nothing in it is lost.",
            t.fg(t.dim),
        )));
    }
    for f in failed {
        lines.push(Line::from(Span::styled(
            format!("Could not read the writable layer of {f}"),
            t.fg(t.error),
        )));
    }
    if let Some(name) = &d.commit_as {
        let mut spans = vec![Span::raw("Commit to image: ")];
        spans.extend(input_spans(app, name));
        lines.push(Line::from(spans));
        lines.push(Line::from(Span::styled(
            "enter commits, then removes · esc: no commit",
            t.fg(t.dim),
        )));
    } else if d.targets.len() == 1 && app.allows(Action::CommitFirst) && !changed.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(
                app.settings.keymap.label(Action::CommitFirst),
                t.fg(t.accent).add_modifier(Modifier::BOLD),
            ),
            Span::raw(" commits it to an image first, keeping those changes"),
        ]));
    }
    if d.commit_as.is_none() && d.targets.len() == 1 && !changed.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(
                app.settings.keymap.label(Action::CopyChanges),
                t.fg(t.accent).add_modifier(Modifier::BOLD),
            ),
            Span::raw(" copies the added and changed files to a local folder first"),
        ]));
    }
    lines
}

/// The removal of images, volumes or networks: what goes, what is in use and by whom, and what
/// is kept.
pub fn draw_remove_objects(frame: &mut Frame, area: Rect, app: &App, d: &ObjectRemoval) {
    let t = &app.settings.theme;
    let bold = ratatui::style::Style::default().add_modifier(Modifier::BOLD);
    let noun = d.kind.noun();
    let mut lines = Vec::new();
    if let (Some(tag), [_]) = (&d.untag_only, d.targets.as_slice()) {
        lines.push(Line::from(vec![
            Span::raw("Remove the tag "),
            Span::styled(clean(tag).into_owned(), bold),
            Span::raw(" only? The image stays under its other tags."),
        ]));
    } else if let [one] = d.targets.as_slice() {
        lines.push(Line::from(vec![
            Span::raw(format!("Remove {noun} ")),
            Span::styled(clean(&one.label).into_owned(), bold),
            Span::raw("?"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::raw("Remove "),
            Span::styled(format!("{} {noun}s", d.targets.len()), bold),
            Span::raw("?"),
        ]));
    }
    lines.push(Line::from(""));
    for target in d.targets.iter().take(MAX_NAMES) {
        let mut spans = vec![Span::raw(format!("  • {}", clean(&target.label)))];
        if let Some(why) = &target.refused {
            spans.push(Span::styled(format!(": {why}"), t.fg(t.error)));
        } else if !target.used_by.is_empty() {
            let users: Vec<String> = target
                .used_by
                .iter()
                .map(|u| clean(u).into_owned())
                .collect();
            let verdict = match (d.kind, d.force || d.untag_only.is_some()) {
                (ObjectKind::Network, _) => "kept: disconnect them first",
                (ObjectKind::Volume, _) => "kept: remove those containers first",
                (ObjectKind::Image, true) if target.used_by_running => {
                    "kept: the engine never deletes a running container's image"
                }
                (ObjectKind::Image, true) => "deleted anyway: those containers lose their image",
                (ObjectKind::Image, false) => "kept: in use",
            };
            spans.push(Span::styled(
                format!(": used by {} — {verdict}", users.join(", ")),
                t.fg(t.warning),
            ));
        } else if target.holds_data {
            spans.push(Span::styled(
                ": a named volume: its data is lost",
                t.fg(t.warning),
            ));
        }
        lines.push(Line::from(spans));
    }
    if d.targets.len() > MAX_NAMES {
        lines.push(Line::from(format!(
            "  … and {} more",
            d.targets.len() - MAX_NAMES
        )));
    }
    lines.push(Line::from(""));
    // Only images can be forced: the engine removes no volume or network still referenced.
    let in_use = d
        .targets
        .iter()
        .any(|t| !t.used_by.is_empty() && t.refused.is_none());
    if in_use && d.kind == ObjectKind::Image {
        lines.push(Line::from(vec![
            Span::styled(if d.force { "[x] " } else { "[ ] " }, bold),
            Span::raw(
                "force: untag or delete images in use (a running container's image is never deleted; stopped containers can lose theirs)",
            ),
        ]));
    }
    let count = d.removable().count();
    if count == 0 {
        lines.push(Line::from(Span::styled(
            format!(
                "Nothing can be removed as chosen. {} closes.",
                app.settings.keymap.label(Action::Cancel)
            ),
            t.fg(t.dim),
        )));
    } else {
        lines.push(confirm_keys(
            app,
            &format!(
                "removes {count} {noun}{}",
                if count == 1 { "" } else { "s" }
            ),
        ));
    }
    confirm_box(frame, area, app, format!(" Remove {noun}s "), lines, 80);
}

/// A line being typed as spans: the text with its cursor (a block after the text, or the
/// character under it reversed), or all of it highlighted while it is selected.
pub fn input_spans(app: &App, line: &LineEdit) -> Vec<Span<'static>> {
    let t = &app.settings.theme;
    let cursor_at_end = Span::styled("█", t.fg(t.accent));
    if line.selected() {
        return vec![
            Span::styled(clean(line.text()).into_owned(), t.selection()),
            cursor_at_end,
        ];
    }
    let before: String = line.text().chars().take(line.cursor()).collect();
    let mut rest = line.text().chars().skip(line.cursor());
    let mut spans = vec![Span::raw(clean(&before).into_owned())];
    match rest.next() {
        None => spans.push(cursor_at_end),
        Some(c) => {
            spans.push(Span::styled(
                clean(&c.to_string()).into_owned(),
                t.fg(t.accent).add_modifier(Modifier::REVERSED),
            ));
            spans.push(Span::raw(clean(&rest.collect::<String>()).into_owned()));
        }
    }
    spans
}

/// A box's width for `lines` (and a title of `title` columns): as wide as its widest line
/// plus the border, at least `min`, at most the screen's width. What is wider still wraps.
pub fn fit_width(area: Rect, lines: &[Line], title: usize, min: u16) -> u16 {
    let widest = lines.iter().map(Line::width).max().unwrap_or(0).max(title);
    let wanted = u16::try_from(widest + 2).unwrap_or(u16::MAX);
    wanted.max(min).min(area.width)
}

/// Candidates listed under a prompt before "and N more".
const MAX_CANDIDATES: usize = 8;

/// A one-line text prompt: its question (in the title when it fits, else wrapped above the
/// text), the text with its cursor, why it cannot be used (after a refused enter), and the
/// answers offered.
pub fn draw_prompt(frame: &mut Frame, area: Rect, app: &App, p: &Prompt) {
    let t = &app.settings.theme;
    let title = p.purpose.title();
    let mut lines = vec![Line::from(input_spans(app, &p.input))];
    if let Some(e) = &p.error {
        lines.push(Line::from(Span::styled(
            clean(e).into_owned(),
            t.fg(t.error),
        )));
    }
    let offered = matches!(
        p.purpose,
        PromptFor::Connect { .. } | PromptFor::Disconnect { .. }
    );
    if offered {
        let matches = p.matches();
        if p.candidates.is_empty() {
            lines.push(Line::from(Span::styled(
                "No container to offer: type a name or an id.",
                t.fg(t.dim),
            )));
        } else if matches.is_empty() {
            lines.push(Line::from(Span::styled(
                "No container offered starts with that.",
                t.fg(t.dim),
            )));
        }
        for name in matches.iter().take(MAX_CANDIDATES) {
            let style = if *name == p.input.text() {
                t.selection()
            } else {
                t.fg(t.dim)
            };
            lines.push(Line::from(Span::styled(
                format!("  {}", clean(name)),
                style,
            )));
        }
        if matches.len() > MAX_CANDIDATES {
            lines.push(Line::from(Span::styled(
                format!("  … and {} more", matches.len() - MAX_CANDIDATES),
                t.fg(t.dim),
            )));
        }
    }
    lines.push(Line::from(Span::styled(
        if offered {
            "enter confirms · tab completes · esc cancels"
        } else {
            "enter confirms · esc cancels"
        },
        t.fg(t.dim),
    )));
    let title_width = Line::from(title.as_str()).width() + 4;
    let width = fit_width(area, &lines, title_width, 60);
    // A question wider than the screen is read above the text, wrapped, not cut in the border.
    let block_title = if title_width <= usize::from(width) {
        format!(" {title} ")
    } else {
        lines.insert(0, Line::from(Span::styled(title, t.fg(t.accent))));
        String::new()
    };
    let height = super::wrapped_height(&lines, width.saturating_sub(2)) + 2;
    let rect = centered(area, width, height);
    wrapped_box(frame, rect, t.fg(t.accent), block_title, lines, 0);
}
