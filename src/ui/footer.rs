//! The two bottom lines: a status line (the latest message, progress, the filter being typed,
//! or a summary) and the key hints, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::logs::LogMode;
use crate::app::{App, Connection, InspectMode, Level, ObjectKind, Overlay, Pane};
use crate::config::Action;
use crate::sanitize::clean;

/// The actions the hint line offers on each pane, most used first.
fn pane_hints(pane: Pane) -> &'static [Action] {
    match pane {
        Pane::Containers => &[
            Action::Stop,
            Action::Start,
            Action::Restart,
            Action::Pause,
            Action::Kill,
            Action::Remove,
            Action::Logs,
            Action::Shell,
            Action::Stats,
            Action::Processes,
            Action::Inspect,
            Action::Mark,
            Action::Filter,
            Action::SortNext,
            Action::ToggleAll,
            Action::DiskUsage,
            Action::Help,
            Action::Quit,
        ],
        Pane::Images => &[
            Action::Pull,
            Action::History,
            Action::Tag,
            Action::Remove,
            Action::Inspect,
            Action::Mark,
            Action::Filter,
            Action::SortNext,
            Action::NextPane,
            Action::Help,
            Action::Quit,
        ],
        Pane::Networks => &[
            Action::Create,
            Action::Connect,
            Action::Disconnect,
            Action::Remove,
            Action::Inspect,
            Action::Mark,
            Action::Filter,
            Action::SortNext,
            Action::NextPane,
            Action::Help,
            Action::Quit,
        ],
        Pane::Projects => &[
            Action::ProjectStop,
            Action::ProjectStart,
            Action::ProjectRestart,
            Action::ProjectPause,
            Action::Remove,
            Action::ProjectFold,
            Action::ProjectLogs,
            Action::ComposeUp,
            Action::ComposeDown,
            Action::ComposePull,
            Action::Inspect,
            Action::Mark,
            Action::Filter,
            Action::SortNext,
            Action::Help,
            Action::Quit,
        ],
        Pane::Services => &[
            Action::ServiceTasks,
            Action::ServiceScale,
            Action::ServiceRedeploy,
            Action::ServiceRollback,
            Action::Remove,
            Action::ServiceLogs,
            Action::Inspect,
            Action::Filter,
            Action::SortNext,
            Action::Help,
            Action::Quit,
        ],
        Pane::Tasks => &[
            Action::TaskHistory,
            Action::TaskLogs,
            Action::ShowServices,
            Action::Inspect,
            Action::Filter,
            Action::SortNext,
            Action::Help,
            Action::Quit,
        ],
        Pane::Nodes => &[
            Action::NodeDrain,
            Action::NodePause,
            Action::NodeActivate,
            Action::Inspect,
            Action::Filter,
            Action::SortNext,
            Action::Help,
            Action::Quit,
        ],
        Pane::Security => &[
            Action::SecurityFindings,
            Action::SecurityEngine,
            Action::Inspect,
            Action::Filter,
            Action::SortNext,
            Action::Help,
            Action::Quit,
        ],
        Pane::Volumes => &[
            Action::Create,
            Action::Remove,
            Action::Inspect,
            Action::Mark,
            Action::Filter,
            Action::SortNext,
            Action::NextPane,
            Action::Help,
            Action::Quit,
        ],
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(status_line(app, status.width)), status);
    frame.render_widget(Paragraph::new(hint_line(app)), hints);
}

fn status_line(app: &App, width: u16) -> Line<'static> {
    let t = &app.settings.theme;
    let pane = app.list();
    let logs_full = app.screen.pane.has_logs() && app.log_view().mode == LogMode::Full;
    if logs_full && app.log_view().search.editing {
        let s = &app.log_view().search;
        return Line::from(vec![
            Span::styled("search: ", t.fg(t.accent)),
            Span::raw(clean(&s.input).into_owned()),
            Span::styled("█", t.fg(t.accent)),
            Span::styled(
                format!(
                    "   {}{} · enter keeps · esc clears",
                    if s.regex { "regex" } else { "plain text" },
                    if s.case_sensitive { ", case" } else { "" }
                ),
                t.fg(t.dim),
            ),
        ]);
    }
    if let Some(Overlay::Inspect(v)) = &app.screen.overlay {
        return inspect_status(app, v, width);
    }
    if pane.filter_editing() {
        let mut spans = vec![Span::styled("filter: ", t.fg(t.accent))];
        spans.extend(super::dialog::input_spans(app, pane.filter_line()));
        spans.push(Span::styled("   enter keeps · esc clears", t.fg(t.dim)));
        return Line::from(spans);
    }
    if let Some(line) = toast_line(app, width) {
        return line;
    }
    if logs_full {
        let v = &app.log_view();
        return Line::from(Span::styled(
            format!(
                " {} kept ({} dropped) · timestamps {} · wrap {}",
                crate::app::wording::count(v.lines.len(), "line"),
                v.lines.evicted(),
                if v.timestamps { "on (UTC)" } else { "off" },
                if v.wrap { "on" } else { "off" }
            ),
            t.fg(t.dim),
        ));
    }
    if let Connection::Lost { reason, .. } = &app.host().connection {
        return Line::from(Span::styled(
            format!(" engine unreachable: {}", clean(reason)),
            t.fg(t.error),
        ));
    }
    // The all-hosts list is live whatever the state of the host on screen.
    let everywhere = app.screen.everywhere && app.screen.pane == Pane::Containers;
    if !app.host().connection.is_connected() && !everywhere {
        return Line::from("");
    }
    if let Some((done, total)) = app.host().ops.progress() {
        return Line::from(Span::styled(
            format!(" working… {done}/{total} done"),
            t.fg(t.transition),
        ));
    }
    let mut parts = vec![format!(
        " sort: {} {}",
        pane.sort_title(),
        if pane.descending() { "▼" } else { "▲" }
    )];
    if pane.marks_len() > 0 {
        parts.push(format!("{} marked", pane.marks_len()));
    }
    Line::from(Span::styled(parts.join(" · "), t.fg(t.dim)))
}

/// Under the inspect view: the search being typed, else the latest message, else where the
/// selection is (its path, as `y`/`Y` would copy it).
fn inspect_status(app: &App, v: &crate::app::InspectView, width: u16) -> Line<'static> {
    let t = &app.settings.theme;
    if let Some(input) = &v.search_input {
        return Line::from(vec![
            Span::styled("search: ", t.fg(t.accent)),
            Span::raw(clean(input).into_owned()),
            Span::styled("█", t.fg(t.accent)),
            Span::styled(
                "   keys and values, case ignored · enter goes to the first match · esc clears",
                t.fg(t.dim),
            ),
        ]);
    }
    if let Some(line) = toast_line(app, width) {
        return line;
    }
    let path = v.loaded().and_then(|l| match (v.mode, &l.summary) {
        (InspectMode::Summary, Some(s)) => s.item(l.item).map(|i| i.path.clone()),
        _ => l.tree.selected_node().map(|n| l.tree.path(n)),
    });
    Line::from(Span::styled(
        format!(" {}", clean(&path.unwrap_or_default())),
        t.fg(t.dim),
    ))
}

/// The message on screen, on one line: one too long for it is cut, and says which key shows it
/// whole (engine errors often run past the screen's width).
fn toast_line(app: &App, width: u16) -> Option<Line<'static>> {
    let t = &app.settings.theme;
    let toast = app.screen.toasts.latest()?;
    let color = match toast.level {
        Level::Info => t.accent,
        Level::Success => t.success,
        Level::Warning => t.warning,
        Level::Error => t.error,
    };
    let text = format!(" {}", clean(&toast.text));
    let room = usize::from(width);
    let keys = app.settings.keymap.label(Action::Messages);
    if text.chars().count() <= room || keys.is_empty() {
        return Some(Line::from(Span::styled(text, t.fg(color))));
    }
    let more = format!(" {keys}: whole message");
    let cut: String = text
        .chars()
        .take(room.saturating_sub(more.chars().count() + 1))
        .collect();
    Some(Line::from(vec![
        Span::styled(format!("{cut}…"), t.fg(color)),
        Span::styled(more, t.fg(t.accent).add_modifier(Modifier::BOLD)),
    ]))
}

fn hint_line(app: &App) -> Line<'static> {
    let t = &app.settings.theme;
    // The all-hosts list is live whatever the state of the host on screen.
    let live = (app.screen.everywhere && app.screen.pane == Pane::Containers)
        || matches!(
            app.host().connection,
            Connection::Connected(_) | Connection::Lost { .. }
        );
    let actions: Vec<Action> = match (&app.screen.overlay, live) {
        (Some(Overlay::Help(_)), _) => vec![Action::Help, Action::Cancel],
        (Some(Overlay::Messages(_)), _) => vec![Action::Down, Action::Up, Action::Cancel],
        // Typed text goes to the filter: the switcher says its keys in its title.
        (Some(Overlay::Hosts(_)), _) => vec![],
        // Its keys are on its border.
        (Some(Overlay::Files(_)), _) => vec![],
        (Some(Overlay::ConfirmRemove(d)), _) if d.commit_as.is_some() => vec![],
        (Some(Overlay::Prompt(_)), _) => vec![],
        (Some(Overlay::Disk(_)), _) => vec![Action::Prune, Action::Refresh, Action::Cancel],
        (Some(Overlay::PrunePreview(p)), _) if p.typed.is_some() || p.applying => vec![],
        (Some(Overlay::PrunePreview(_)), _) => vec![Action::Mark, Action::Confirm, Action::Cancel],
        (Some(Overlay::PruneResult(_)), _) => vec![Action::Confirm],
        (Some(Overlay::History(_)), _) => vec![Action::Down, Action::Up, Action::Cancel],
        (Some(Overlay::Pull(_)), _) => vec![Action::Cancel],
        // The command line's title says its keys.
        (Some(Overlay::Command(_)), _) => vec![],
        // Typed text goes to the filter or the since prompt, whose line says its keys.
        (Some(Overlay::Events(v)), _) if v.typing.is_some() => vec![],
        (Some(Overlay::Events(_)), _) => vec![
            Action::Filter,
            Action::EventsType,
            Action::EventsSince,
            Action::EventsPause,
            Action::EventsGoTo,
            Action::Back,
        ],
        (Some(Overlay::Findings(_)) | Some(Overlay::EngineFindings(_)), _) => {
            vec![Action::Down, Action::Up, Action::Cancel]
        }
        (Some(Overlay::ProjectConfirm(_)) | Some(Overlay::SwarmConfirm(_)), _) => {
            vec![Action::Confirm, Action::Cancel]
        }
        (Some(Overlay::Stats(_)), _) => {
            vec![Action::Down, Action::Up, Action::Processes, Action::Cancel]
        }
        (Some(Overlay::Processes(_)), _) => {
            vec![Action::Down, Action::Up, Action::Stats, Action::Cancel]
        }
        (Some(Overlay::Inspect(v)), _) if v.search_input.is_some() => vec![],
        (Some(Overlay::Inspect(v)), _) => match v.loaded() {
            None => vec![Action::InspectClose],
            Some(l) if l.summary.is_some() && v.mode == InspectMode::Summary => vec![
                Action::InspectDown,
                Action::InspectUp,
                Action::InspectCopy,
                Action::InspectCopyPath,
                Action::InspectReveal,
                Action::InspectSearch,
                Action::InspectSwitch,
                Action::InspectClose,
            ],
            Some(l) => {
                let mut a = vec![
                    Action::InspectToggle,
                    Action::InspectFold,
                    Action::InspectUnfold,
                    Action::InspectFoldAll,
                    Action::InspectUnfoldAll,
                    Action::InspectSearch,
                    Action::InspectNext,
                    Action::InspectCopy,
                    Action::InspectCopyPath,
                ];
                if l.tree.has_secrets() {
                    a.push(Action::InspectReveal);
                }
                if l.summary.is_some() {
                    a.push(Action::InspectSwitch);
                }
                a.push(Action::InspectClose);
                a
            }
        },
        (Some(Overlay::RemoveObjects(d)), _) => {
            let mut a = vec![Action::Confirm];
            if d.kind == ObjectKind::Image {
                a.push(Action::Force);
                if d.targets.len() == 1 {
                    a.push(Action::UntagOnly);
                }
            }
            a.push(Action::Cancel);
            a
        }
        (Some(Overlay::HiddenMarks(_)), _) => {
            vec![Action::Confirm, Action::AlsoHidden, Action::Cancel]
        }
        (Some(Overlay::ConfirmRemove(_)), _) => {
            vec![
                Action::Confirm,
                Action::ToggleVolumes,
                Action::CommitFirst,
                Action::CopyChanges,
                Action::Cancel,
            ]
        }
        (None, true) if app.screen.pane.has_logs() && app.log_view().mode == LogMode::Full => {
            vec![
                Action::LogSearch,
                Action::LogNext,
                Action::LogFilter,
                Action::LogSave,
                Action::LogBottom,
                Action::LogPageUp,
                Action::LogTimestamps,
                Action::LogWrap,
                Action::LogStdout,
                Action::LogStderr,
                Action::LogClose,
                Action::Help,
                Action::Quit,
            ]
        }
        (None, true) => pane_hints(app.screen.pane).to_vec(),
        (None, false) => vec![Action::Refresh, Action::Quit],
    };
    // With more than one host, the way to the others comes first: hints are cut from the
    // end on narrow terminals, and this one says where everything else is.
    let mut actions = actions;
    if app.screen.overlay.is_none() && app.hosts().len() > 1 {
        actions.insert(0, Action::Hosts);
    }
    let mut spans = Vec::new();
    for a in actions.into_iter().filter(|a| app.allows(*a)) {
        let keys = app.settings.keymap.label(a);
        if keys.is_empty() {
            continue;
        }
        spans.push(Span::styled(
            format!(" {keys}"),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {} ", a.hint())));
    }
    Line::from(spans)
}
