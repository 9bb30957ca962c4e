//! The compose projects pane (a row per project, its containers beneath when unfolded) and
//! the confirmation of an action on a whole project.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::containers::state_color;
use super::format::{state_text, status_text};
use super::list::{self, Column};
use crate::app::overlays::{ProjectConfirm, ProjectRun};
use crate::app::projects::{Member, Project, ProjectRow};
use crate::app::{App, wording};
use crate::engine::compose::ComposeVerb;
use crate::engine::model::{Container, Health};
use crate::sanitize::clean;

/// The columns, dropped on narrow terminals from the end of this order: FILES, HEALTH,
/// SERVICES (NAME and RUNNING stay).
pub const COLUMNS: [Column; 5] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 24,
        ideal: 0,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "RUNNING",
        sort: Some("state"),
        min: 9,
        ideal: 13,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "SERVICES",
        sort: None,
        min: 12,
        ideal: 24,
        fill: true,
        drop_order: 1,
    },
    Column {
        title: "HEALTH",
        sort: None,
        min: 10,
        ideal: 22,
        fill: false,
        drop_order: 2,
    },
    Column {
        title: "FILES",
        sort: None,
        min: 16,
        ideal: 40,
        fill: true,
        drop_order: 3,
    },
];

/// Where the pane's table, title and columns go (for the frame and for the mouse).
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let view = &app.host().projects.list;
    let names: Vec<String> = view.visible().map(|r| shown_name(app, r)).collect();
    let want = list::name_want(names.iter().map(String::as_str));
    let mut placed = list::Placed::new(area, view, vec![], COLUMNS.to_vec(), want);
    // The title counts projects, not the containers under them.
    placed.counts = (
        view.visible().filter(|r| r.is_project()).count(),
        view.all().filter(|r| r.is_project()).count(),
    );
    placed
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.host().projects.list;
    let placed = placed(app, area);
    let block = placed.block(app);
    if list::draw_placeholder(frame, area, app, view, block.clone(), "compose project") {
        return;
    }
    let (shown, header) = (&placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(r, selected)| row(app, r, shown_name(app, r), shown, selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

/// A project's name with its fold mark; a container's indented under it.
fn shown_name(app: &App, r: &ProjectRow) -> String {
    match &r.member {
        None if app.host().projects.unfolded.contains(&r.project.name) => {
            format!("▾ {}", r.project.name)
        }
        None => format!("▸ {}", r.project.name),
        Some(m) => format!("  {}", m.name),
    }
}

fn row<'a>(
    app: &App,
    r: &ProjectRow,
    name: String,
    shown: &list::Shown,
    selected: bool,
) -> Row<'a> {
    let marked = app
        .host()
        .projects
        .list
        .marks
        .contains(crate::app::list::Row::key(r));
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style) = match (&r.member, COLUMNS[i].title) {
            (_, "NAME") => (list::name_line(app, marked, &name), name_style(r)),
            (None, title) => project_cell(app, &r.project, title),
            (Some(m), title) => member_cell(app, m, title),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}

fn name_style(r: &ProjectRow) -> Style {
    if r.is_project() {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    }
}

fn project_cell<'a>(app: &App, p: &Project, title: &str) -> (Line<'a>, Style) {
    let t = &app.settings.theme;
    match title {
        "RUNNING" => {
            let colour = if p.running == p.total {
                t.running
            } else if p.running == 0 {
                t.stopped
            } else {
                t.warning
            };
            (format!("{}/{}", p.running, p.total).into(), t.fg(colour))
        }
        "SERVICES" => (
            clean(&p.services.join(", ")).into_owned().into(),
            Style::default(),
        ),
        "HEALTH" => health_summary(app, p),
        _ => (files_line(p).into(), t.fg(t.dim)),
    }
}

/// A container's cells, as the containers pane shows its state (an operation in flight
/// included) and status; from the row itself if the container is gone from the list.
fn member_cell<'a>(app: &App, m: &Member, title: &str) -> (Line<'a>, Style) {
    let t = &app.settings.theme;
    let host = app.host();
    let Some(c) = host.containers.list.get(m.id.as_str()) else {
        return match title {
            "RUNNING" => (m.state.to_string().into(), t.fg(t.stopped)),
            _ => (Line::default(), Style::default()),
        };
    };
    match title {
        "RUNNING" => {
            let pending = host.ops.pending(&c.id);
            let text = match pending {
                Some(op) => wording::op_progress(op).to_string(),
                // Health has a column of its own here.
                None => state_text(&Container {
                    health: None,
                    ..c.clone()
                }),
            };
            (text.into(), t.fg(state_color(t, c, pending.is_some())))
        }
        "SERVICES" => (
            clean(m.service.as_deref().unwrap_or(""))
                .into_owned()
                .into(),
            t.fg(t.dim),
        ),
        "HEALTH" => match c.health {
            Some(Health::Unhealthy) => ("unhealthy".into(), t.fg(t.unhealthy)),
            Some(h) => (h.as_str().into(), t.fg(t.dim)),
            None => (Line::default(), Style::default()),
        },
        _ => (status_text(c, app.now).into(), t.fg(t.dim)),
    }
}

/// `2 healthy, 1 unhealthy`; empty when no container has a health check.
fn health_summary<'a>(app: &App, p: &Project) -> (Line<'a>, Style) {
    let t = &app.settings.theme;
    let mut spans = Vec::new();
    for (n, word, style) in [
        (p.unhealthy, "unhealthy", t.fg(t.unhealthy)),
        (p.starting, "starting", t.fg(t.transition)),
        (p.healthy, "healthy", t.fg(t.running)),
    ] {
        if n > 0 {
            if !spans.is_empty() {
                spans.push(Span::raw(", "));
            }
            spans.push(Span::styled(format!("{n} {word}"), style));
        }
    }
    (Line::from(spans), Style::default())
}

/// The working folder, then the config files (those in it by their name alone).
fn files_line(p: &Project) -> String {
    let Some(f) = &p.files else {
        return "no files named by its labels".into();
    };
    let dir = f.working_dir.as_deref().unwrap_or("");
    let files: Vec<&str> = f
        .config_files
        .iter()
        .map(|c| {
            c.strip_prefix(dir)
                .filter(|_| !dir.is_empty())
                .map(|rest| rest.trim_start_matches('/'))
                .unwrap_or(c)
        })
        .collect();
    let text = match (dir, files.as_slice()) {
        ("", files) => files.join(", "),
        (dir, []) => dir.to_string(),
        (dir, files) => format!("{dir}: {}", files.join(", ")),
    };
    clean(&text).into_owned()
}

/// The one confirmation of an action on whole projects: what it does, to which containers,
/// and what it leaves alone.
pub fn draw_confirm(frame: &mut Frame, area: Rect, app: &App, d: &ProjectConfirm) {
    const MAX_NAMES: usize = 10;
    let t = &app.settings.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    let what = match &d.run {
        ProjectRun::Jobs(_) => format!("{}?", clean(&d.title)),
        ProjectRun::Compose(_) => format!("Run {}?", clean(&d.title)),
    };
    lines.push(Line::from(Span::styled(what, bold)));
    if let ProjectRun::Compose(call) = &d.run {
        let cmd = format!("compose {}", call.args().join(" "));
        lines.push(Line::from(Span::styled(
            clean(&cmd).into_owned(),
            t.fg(t.dim),
        )));
    }
    if !d.names.is_empty() {
        let n = wording::count(d.names.len(), "container");
        lines.push(Line::from(match &d.run {
            ProjectRun::Jobs(_) => format!("It acts on {n}:"),
            ProjectRun::Compose(c) if c.verb == ComposeVerb::Down => {
                format!("It removes {n} and the project's networks; volumes stay:")
            }
            ProjectRun::Compose(_) => format!("The project has {n} now:"),
        }));
        for n in d.names.iter().take(MAX_NAMES) {
            lines.push(Line::from(format!("  • {}", clean(n))));
        }
        if d.names.len() > MAX_NAMES {
            lines.push(Line::from(format!(
                "  … and {} more",
                d.names.len() - MAX_NAMES
            )));
        }
    }
    if !d.skipped.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Left alone: {}", clean(&d.skipped.join(", "))),
            t.fg(t.dim),
        )));
    }
    lines.push(Line::from(""));
    lines.push(super::dialog::confirm_keys(app, "go"));
    super::dialog::confirm_box(frame, area, app, " Project ".into(), lines, 72);
}
