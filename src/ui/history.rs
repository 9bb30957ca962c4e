//! An image's layers: what each added, how big, how old, and the size so far.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::centered;
use super::format::{human_duration, human_size};
use crate::app::{App, HistoryView};
use crate::sanitize::clean;

/// The created-by text without the shell wrapper every Dockerfile step carries.
pub fn step_text(created_by: &str) -> String {
    let s = created_by.trim();
    let s = s.strip_prefix("/bin/sh -c #(nop) ").unwrap_or(s);
    let s = s
        .strip_prefix("/bin/sh -c ")
        .map_or(s.to_string(), |r| format!("RUN {r}"));
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, h: &HistoryView) {
    let t = &app.settings.theme;
    let rect = centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(4),
    );
    let width = rect.width.saturating_sub(2) as usize;
    let rows = rect.height.saturating_sub(4) as usize;
    let mut lines = Vec::new();
    let mut title = format!(" Layers of {} ", clean(&h.label));
    match &h.layers {
        None => lines.push(Line::from(Span::styled("Asking the engine…", t.fg(t.dim)))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("could not read the history: {}", clean(e)),
            t.fg(t.error),
        ))),
        Some(Ok(layers)) => {
            let total: i64 = layers.iter().map(|l| l.size).sum();
            title = format!(
                " Layers of {}: {}, {} ",
                clean(&h.label),
                crate::app::wording::count(layers.len(), "layer"),
                human_size(total)
            );
            lines.push(Line::from(Span::styled(
                format!(
                    "{:<16}{:>9}{:>12}  {}",
                    "CREATED", "SIZE", "CUMULATIVE", "CREATED BY"
                ),
                Style::default().add_modifier(Modifier::BOLD),
            )));
            // Layers arrive newest first; the cumulative size counts from the base up.
            let mut cumulative: Vec<i64> = Vec::with_capacity(layers.len());
            let mut sum = 0;
            for l in layers.iter().rev() {
                sum += l.size;
                cumulative.push(sum);
            }
            cumulative.reverse();
            let scroll = h.scroll.min(layers.len().saturating_sub(rows));
            for (l, cum) in layers.iter().zip(&cumulative).skip(scroll).take(rows) {
                let step: String = clean(&step_text(&l.created_by))
                    .chars()
                    .take(width.saturating_sub(39))
                    .collect();
                let size_style = if l.size > 0 {
                    Style::default()
                } else {
                    t.fg(t.dim)
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(
                            "{:<16}",
                            format!("{} ago", human_duration(app.now - l.created))
                        ),
                        t.fg(t.dim),
                    ),
                    Span::styled(format!("{:>9}", human_size(l.size)), size_style),
                    Span::styled(format!("{:>12}  ", human_size(*cum)), t.fg(t.dim)),
                    Span::raw(step),
                ]));
            }
        }
    }
    let rect = centered(area, rect.width, (lines.len() as u16 + 2).min(rect.height));
    super::boxed(frame, rect, t, title, lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_like_dockerfile_lines() {
        assert_eq!(step_text("/bin/sh -c #(nop)  CMD [\"sh\"]"), "CMD [\"sh\"]");
        assert_eq!(step_text("/bin/sh -c apk add  curl"), "RUN apk add curl");
        assert_eq!(step_text("COPY file:abc in /"), "COPY file:abc in /");
    }
}
