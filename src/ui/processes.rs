//! The processes in a container, as the engine's `top` lists them, refreshed while shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::centered;
use crate::app::{App, ProcessView};
use crate::sanitize::clean;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &ProcessView) {
    let t = &app.settings.theme;
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let width = rect.width.saturating_sub(2) as usize;
    let rows = rect.height.saturating_sub(3) as usize;
    let mut title = format!(" Processes in {} ", clean(&p.name));
    let mut lines = Vec::new();
    match &p.top {
        None => lines.push(Line::from(Span::styled("Asking the engine…", t.fg(t.dim)))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("could not list the processes: {}", clean(e)),
            t.fg(t.error),
        ))),
        Some(Ok(top)) => {
            title = format!(
                " Processes in {}: {} · every {}s ",
                clean(&p.name),
                top.processes.len(),
                crate::app::ProcessView::EVERY
            );
            let table = layout(&top.titles, &top.processes, width);
            let mut it = table.into_iter();
            if let Some(head) = it.next() {
                lines.push(Line::from(Span::styled(
                    head,
                    Style::default().add_modifier(Modifier::BOLD),
                )));
            }
            let body: Vec<String> = it.collect();
            let scroll = p.scroll.min(body.len().saturating_sub(rows));
            lines.extend(body.into_iter().skip(scroll).take(rows).map(Line::from));
        }
    }
    super::boxed(frame, rect, t, title, lines);
}

/// The table as text lines (titles first): columns as wide as their widest cell, the last
/// (the command) taking what is left and cut at `width`. Every cell is sanitised.
pub fn layout(titles: &[String], rows: &[Vec<String>], width: usize) -> Vec<String> {
    let cols = titles.len();
    let clean_row = |r: &[String]| -> Vec<String> {
        (0..cols)
            .map(|i| clean(r.get(i).map_or("", String::as_str)).into_owned())
            .collect()
    };
    let head = clean_row(titles);
    let body: Vec<Vec<String>> = rows.iter().map(|r| clean_row(r)).collect();
    let mut widths: Vec<usize> = head.iter().map(|c| c.chars().count()).collect();
    for r in &body {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |r: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == cols {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.chars().take(width).collect()
    };
    std::iter::once(line(&head))
        .chain(body.iter().map(|r| line(r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_and_the_command_is_cut() {
        let titles = vec!["PID".to_string(), "USER".to_string(), "CMD".to_string()];
        let rows = vec![
            vec!["1".to_string(), "root".to_string(), "sleep 300".to_string()],
            vec![
                "12345".to_string(),
                "nobody".to_string(),
                "sh -c \u{1b}[2Jyes".to_string(),
            ],
        ];
        let out = layout(&titles, &rows, 24);
        assert_eq!(out[0], "PID    USER    CMD");
        assert_eq!(out[1], "1      root    sleep 300");
        assert!(!out[2].contains('\u{1b}'), "{:?}", out[2]);
        assert_eq!(out[2].chars().count(), 24);
    }
}
