//! The security pane (the engine's findings and posture in a few rows, then every container by
//! its worst finding, with counts per severity), one container's findings in full, and the
//! engine's.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use super::list::{self, Column};
use crate::app::App;
use crate::app::overlays::{EngineFindingsView, FindingsView};
use crate::app::security::{Known, Piece, SEPARATOR, SecurityRow};
use crate::config::Theme;
use crate::sanitize::clean;
use crate::security::Severity;

/// The columns, dropped on narrow terminals from the end of this order: IMAGE, STATE, LOW,
/// MEDIUM (NAME, RISK, HIGH and FINDINGS stay).
pub const COLUMNS: [Column; 8] = [
    Column {
        title: "NAME",
        sort: Some("name"),
        min: 16,
        ideal: 0,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "RISK",
        sort: Some("risk"),
        min: 7,
        ideal: 8,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "HIGH",
        sort: None,
        min: 4,
        ideal: 5,
        fill: false,
        drop_order: 0,
    },
    Column {
        title: "MEDIUM",
        sort: None,
        min: 6,
        ideal: 7,
        fill: false,
        drop_order: 2,
    },
    Column {
        title: "LOW",
        sort: None,
        min: 3,
        ideal: 4,
        fill: false,
        drop_order: 3,
    },
    Column {
        title: "FINDINGS",
        sort: None,
        min: 20,
        ideal: 50,
        fill: true,
        drop_order: 0,
    },
    Column {
        title: "STATE",
        sort: None,
        min: 8,
        ideal: 9,
        fill: false,
        drop_order: 4,
    },
    Column {
        title: "IMAGE",
        sort: None,
        min: 12,
        ideal: 24,
        fill: true,
        drop_order: 5,
    },
];

pub fn severity_style(t: &Theme, s: Severity) -> Style {
    match s {
        Severity::High => t.fg(t.error).add_modifier(Modifier::BOLD),
        Severity::Medium => t.fg(t.warning),
        Severity::Low => t.fg(t.dim),
    }
}

/// The engine block's height at the top of the pane's `area` (as many rows as `App::page`
/// takes off the list).
fn engine_block_height(area: Rect, rows: usize) -> u16 {
    u16::try_from(rows)
        .unwrap_or(0)
        .min(area.height.saturating_sub(1))
}

/// Where the pane's table, title and columns go (for the frame and for the mouse): under the
/// engine block.
pub fn placed(app: &App, area: Rect) -> list::Placed<'_> {
    let top = engine_block_height(area, app.engine_block().len());
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    let pane = &app.host().security;
    let view = &pane.list;
    let t = &app.settings.theme;
    // How many are still being described, and how many have high findings.
    let waiting = view.all().filter(|r| r.known == Known::Waiting).count();
    let high = view
        .all()
        .filter(|r| r.worst() == Some(Severity::High))
        .count();
    let mut extra = vec![Span::styled(
        format!("· {high} with high findings "),
        if high > 0 {
            severity_style(t, Severity::High)
        } else {
            t.fg(t.dim)
        },
    )];
    if waiting > 0 {
        extra.push(Span::styled(
            format!("· describing {waiting}… "),
            t.fg(t.dim),
        ));
    }
    let want = list::name_want(view.visible().map(|r| r.name.as_str()));
    list::Placed::new(area, view, extra, COLUMNS.to_vec(), want)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block_rows = app.engine_block();
    let top = engine_block_height(area, block_rows.len());
    if top > 0 {
        draw_engine_block(
            frame,
            Rect {
                height: top,
                ..area
            },
            app,
            &block_rows,
        );
    }
    let placed = placed(app, area);
    let (area, view) = (placed.area, &app.host().security.list);
    let block = placed.block(app);
    if list::draw_placeholder(frame, area, app, view, block.clone(), "container") {
        return;
    }
    let (shown, header) = (&placed.shown, placed.header(app));
    let rows: Vec<Row> = list::page_rows(view, area)
        .map(|(r, selected)| row(app, r, shown, selected))
        .collect();
    list::draw_table(frame, area, block, header, rows, shown);
}

/// The engine's findings (severity word coloured, rule id) and posture (on in green, off dim),
/// one row per packed row, a column in from the left like the list's contents.
fn draw_engine_block(frame: &mut Frame, area: Rect, app: &App, rows: &[Vec<Piece>]) {
    let t = &app.settings.theme;
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let mut spans = vec![Span::raw(" ")];
            for (k, p) in row.iter().enumerate() {
                if k > 0 {
                    let after_label = matches!(row[k - 1], Piece::Label(_));
                    spans.push(Span::styled(
                        if after_label { " " } else { SEPARATOR },
                        t.fg(t.dim),
                    ));
                }
                match p {
                    Piece::Label(l) => spans.push(Span::styled(
                        l.clone(),
                        Style::default().add_modifier(Modifier::BOLD),
                    )),
                    Piece::Finding(s, id) => {
                        spans.push(Span::styled(s.word(), severity_style(t, *s)));
                        spans.push(Span::raw(format!(" {id}")));
                    }
                    Piece::Feature(name, state) => {
                        spans.push(Span::raw(format!("{name} ")));
                        let style = match state.as_str() {
                            "off" | "unconfined" => t.fg(t.warning),
                            _ => t.fg(t.running),
                        };
                        spans.push(Span::styled(clean(state).into_owned(), style));
                    }
                    Piece::Words(w) => spans.push(Span::styled(*w, t.fg(t.running))),
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn row<'a>(app: &App, r: &SecurityRow, shown: &list::Shown, selected: bool) -> Row<'a> {
    let t = &app.settings.theme;
    let marked = app.host().security.list.marks.contains(r.id.as_str());
    let [high, medium, low] = r.counts();
    let count = |n: usize, s: Severity| -> (Line<'a>, Style) {
        if n == 0 {
            ("·".into(), t.fg(t.dim))
        } else {
            (n.to_string().into(), severity_style(t, s))
        }
    };
    let cells = shown.iter().map(|&(i, w)| {
        let (line, style): (Line, Style) = match COLUMNS[i].title {
            "NAME" => (list::name_line(app, marked, &r.name), Style::default()),
            "RISK" => match (&r.known, r.worst()) {
                (Known::Waiting, _) => ("…".into(), t.fg(t.dim)),
                (Known::Failed(_), _) => ("?".into(), t.fg(t.error)),
                (_, Some(s)) => (s.word().into(), severity_style(t, s)),
                (_, None) => ("none".into(), t.fg(t.running)),
            },
            "HIGH" => count(high, Severity::High),
            "MEDIUM" => count(medium, Severity::Medium),
            "LOW" => count(low, Severity::Low),
            "FINDINGS" => match &r.known {
                Known::Failed(e) => (clean(e).into_owned().into(), t.fg(t.error)),
                _ => {
                    let mut spans = Vec::new();
                    for (k, f) in r.findings().iter().enumerate() {
                        if k > 0 {
                            spans.push(Span::raw(", "));
                        }
                        spans.push(Span::styled(f.rule.id, severity_style(t, f.rule.severity)));
                    }
                    (Line::from(spans), Style::default())
                }
            },
            "STATE" => (r.state.to_string().into(), t.fg(t.dim)),
            _ => (clean(&r.image).into_owned().into(), t.fg(t.dim)),
        };
        list::cell(line, w).style(style)
    });
    Row::new(cells).style(list::row_style(app, marked, selected))
}

/// A container's findings in full: severity, what was seen, why, and the fix both ways.
/// One finding in full, a container's or the engine's: its severity, title, what was seen and
/// rule id; why it matters; then its two fixes, each after its label.
fn finding_lines(
    t: &Theme,
    (severity, title, id, why): (Severity, &'static str, &'static str, &'static str),
    detail: &str,
    fixes: [(&'static str, &'static str); 2],
) -> Vec<Line<'static>> {
    let mut head = vec![
        Span::styled(
            format!("{:<6} ", severity.word().to_uppercase()),
            severity_style(t, severity),
        ),
        Span::styled(title, Style::default().add_modifier(Modifier::BOLD)),
    ];
    if !detail.is_empty() {
        head.push(Span::raw(format!(": {}", clean(detail))));
    }
    head.push(Span::styled(format!("  ({id})"), t.fg(t.dim)));
    let mut lines = vec![Line::from(head), Line::from(format!("       Why: {why}."))];
    for (label, fix) in fixes {
        lines.push(Line::from(vec![
            Span::raw(label),
            Span::styled(fix, t.fg(t.accent)),
        ]));
    }
    lines
}

/// A findings view: centred, at most 110 wide, scrolled by `scroll` lines (no further than
/// its last line).
fn findings_box(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    title: String,
    lines: Vec<Line<'static>>,
    scroll: usize,
) {
    let t = &app.settings.theme;
    let rect = super::centered(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
    );
    let inner_h = rect.height.saturating_sub(2);
    let total = super::wrapped_height(&lines, rect.width.saturating_sub(2));
    let scroll = u16::try_from(scroll)
        .unwrap_or(u16::MAX)
        .min(total.saturating_sub(inner_h));
    super::dialog::wrapped_box(frame, rect, t.fg(t.accent), title, lines, scroll);
}

pub fn draw_findings(frame: &mut Frame, area: Rect, app: &App, v: &FindingsView) {
    let t = &app.settings.theme;
    let mut lines = Vec::new();
    match &v.known {
        Known::Waiting => lines.push(Line::from("Being described by the engine…")),
        Known::Failed(e) => lines.push(Line::from(Span::styled(
            format!("The engine could not describe it: {}", clean(e)),
            t.fg(t.error),
        ))),
        Known::Found(found) if found.is_empty() => lines.push(Line::from(Span::styled(
            "No finding: none of the rules applies to it.",
            t.fg(t.running),
        ))),
        Known::Found(found) => {
            for (k, f) in found.iter().enumerate() {
                if k > 0 {
                    lines.push(Line::from(""));
                }
                let r = f.rule;
                lines.extend(finding_lines(
                    t,
                    (r.severity, r.title, r.id, r.why),
                    &f.detail,
                    [("       Fix: ", r.fix_run), ("   Compose: ", r.fix_compose)],
                ));
            }
        }
    }
    let title = format!(
        " Findings of {} · esc closes · j/k scroll · silence: label dockhand.security.ignore=ID ",
        clean(&v.name)
    );
    findings_box(frame, area, app, title, lines, v.scroll);
}

/// The engine's own findings in full: severity, what was seen, why, the `dockerd` flag and the
/// `daemon.json` key; then its posture.
pub fn draw_engine_findings(frame: &mut Frame, area: Rect, app: &App, v: &EngineFindingsView) {
    let t = &app.settings.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    let found = app.engine_findings().unwrap_or_default();
    let info = app.host().connection.info();
    match info {
        Some(i) if !i.security.is_known() => lines.push(Line::from(Span::styled(
            "Nothing is known of the engine's settings: it did not answer /info.",
            t.fg(t.dim),
        ))),
        _ if found.is_empty() => lines.push(Line::from(Span::styled(
            "No finding: none of the engine rules applies to it.",
            t.fg(t.running),
        ))),
        _ => {}
    }
    for (k, f) in found.iter().enumerate() {
        if k > 0 {
            lines.push(Line::from(""));
        }
        let r = f.rule;
        lines.extend(finding_lines(
            t,
            (r.severity, r.title, r.id, r.why),
            &f.detail,
            [
                ("       Fix: ", r.fix_flag),
                ("  daemon.json: ", r.fix_json),
            ],
        ));
    }
    if let Some(i) = info {
        let posture = crate::security::engine::posture(&i.security);
        if !posture.is_empty() {
            lines.push(Line::from(""));
            let words: Vec<String> = posture
                .iter()
                .map(|(n, s)| format!("{n} {}", clean(s)))
                .collect();
            lines.push(Line::from(vec![
                Span::styled("Posture: ", bold),
                Span::raw(words.join(" · ")),
            ]));
        }
    }
    let host = app.host();
    let name = host
        .name
        .as_deref()
        .or(info.map(|i| i.host.as_str()))
        .unwrap_or(&host.address);
    let title = format!(
        " Engine {} · esc closes · silence: [security] ignore ",
        clean(name)
    );
    findings_box(frame, area, app, title, lines, v.scroll);
}
