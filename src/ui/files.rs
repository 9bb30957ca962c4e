//! A container's files, one folder at a time: kind and permissions, size, age, name (and where
//! a link points), the selected row highlighted; the title says the folder and how it was read.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::centered;
use super::format::human_duration;
use super::list::fit;
use crate::app::{App, FilesView};
use crate::config::Action;
use crate::engine::copy::{EntryKind, FileEntry, LIST_BUDGET, ListedBy};
use crate::sanitize::clean;

/// `drwxr-xr-x` as `ls -l` prints it.
pub fn mode_text(e: &FileEntry) -> String {
    let kind = match e.kind {
        EntryKind::Dir => 'd',
        EntryKind::Link => 'l',
        EntryKind::File => '-',
        EntryKind::Other => '?',
    };
    let bits: String = (0..9)
        .rev()
        .map(|i| {
            if e.mode & (1 << i) == 0 {
                '-'
            } else {
                ['x', 'w', 'r'][i % 3]
            }
        })
        .collect();
    format!("{kind}{bits}")
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, v: &FilesView) {
    let t = &app.settings.theme;
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let width = rect.width.saturating_sub(2);
    let rows = usize::from(rect.height.saturating_sub(3));
    let keys = |a| app.settings.keymap.label(a);
    let mut title = format!(" Files of {}: {} ", clean(&v.name), clean(&v.path));
    let mut lines = Vec::new();
    match &v.listing {
        None => lines.push(Line::from(Span::styled("Asking the engine…", t.fg(t.dim)))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("could not list {}: {}", clean(&v.path), clean(e)),
            t.fg(t.error),
        ))),
        Some(Ok(l)) => {
            title = format!(
                " Files of {}: {} · {} · {} ",
                clean(&v.name),
                clean(&l.path),
                if l.entries.len() == 1 {
                    "1 entry".to_string()
                } else {
                    format!("{} entries", l.entries.len())
                },
                match (l.by, l.cut) {
                    (ListedBy::Stat, _) => "listed by stat in the container".to_string(),
                    (ListedBy::Archive, false) =>
                        "read through the engine's archive API".to_string(),
                    (ListedBy::Archive, true) => format!(
                        "cut at {} of its archive (listed whole by stat only while running)",
                        crate::units::binary_size(LIST_BUDGET)
                    ),
                }
            );
            if l.entries.is_empty() {
                lines.push(Line::from(Span::styled("An empty folder.", t.fg(t.dim))));
            }
            let start = v.selected.saturating_sub(rows.saturating_sub(1));
            for (i, e) in l.entries.iter().enumerate().skip(start).take(rows) {
                let mut name = clean(&e.name).into_owned();
                if e.kind == EntryKind::Dir {
                    name.push('/');
                }
                if let Some(target) = &e.target {
                    name.push_str(&format!(" → {}", clean(target)));
                }
                let size = if e.kind == EntryKind::File {
                    crate::units::binary_size(e.size)
                } else {
                    String::new()
                };
                let name_style = match e.kind {
                    EntryKind::Dir => t.fg(t.accent).add_modifier(Modifier::BOLD),
                    EntryKind::Link => t.fg(t.transition),
                    _ => ratatui::style::Style::default(),
                };
                let mut line = Line::from(vec![
                    Span::styled(format!("{} ", mode_text(e)), t.fg(t.dim)),
                    Span::raw(format!("{size:>10}  ")),
                    Span::styled(
                        format!(
                            "{:>18}  ",
                            format!("{} ago", human_duration(app.now - e.mtime))
                        ),
                        t.fg(t.dim),
                    ),
                    Span::styled(name, name_style),
                ]);
                if i == v.selected {
                    line = line.style(t.selection());
                }
                lines.push(fit(line, width));
            }
        }
    }
    let hint = format!(
        " enter opens · backspace up · {} copy out · esc closes ",
        keys(Action::CopyOut)
    );
    super::boxed_with_hint(frame, rect, t, title, lines, hint);
}
