//! A pull's progress: overall, and per layer, then its outcome.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use super::format::human_size;
use crate::app::{App, PullView};
use crate::config::Action;
use crate::sanitize::clean;

/// A text progress bar `[=====>    ]` of `width` cells inside the brackets.
pub fn bar(fraction: f64, width: usize) -> String {
    let f = fraction.clamp(0.0, 1.0);
    let full = (f * width as f64).round() as usize;
    let mut s = String::with_capacity(width + 2);
    s.push('[');
    for i in 0..width {
        s.push(if i < full {
            '='
        } else if i == full {
            '>'
        } else {
            ' '
        });
    }
    s.push(']');
    s
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &PullView) {
    let t = &app.settings.theme;
    let rect = centered(
        area,
        area.width.saturating_sub(8).min(100),
        area.height.saturating_sub(4),
    );
    let rows = rect.height.saturating_sub(6) as usize;
    let pr = &p.progress;
    let mut lines = vec![Line::from(vec![
        Span::raw(format!(
            "{} {:>3}%  ",
            bar(pr.fraction(), 30),
            (pr.fraction() * 100.0).round() as u32
        )),
        Span::styled(clean(&pr.status).into_owned(), t.fg(t.dim)),
    ])];
    lines.push(Line::from(""));
    let shown = pr.layers.len().min(rows);
    // The layers still moving are the interesting ones: they come last in arrival order.
    for l in pr.layers.iter().skip(pr.layers.len() - shown) {
        let amount = match (l.current, l.total) {
            (Some(c), Some(tot)) if tot > 0 && !l.finished() => format!(
                "{} {}/{}",
                bar(c as f64 / tot as f64, 20),
                human_size(c),
                human_size(tot)
            ),
            _ => String::new(),
        };
        let style = if l.finished() {
            t.fg(t.success)
        } else {
            t.fg(t.transition)
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{:<14}", clean(l.id.get(..12).unwrap_or(&l.id)))),
            Span::styled(format!("{:<18}", clean(&l.status)), style),
            Span::raw(amount),
        ]));
    }
    if pr.layers.is_empty() && matches!(p.result, Some(Ok(_))) {
        lines.push(Line::from(Span::styled(
            "Every layer was already on this engine.",
            t.fg(t.dim),
        )));
    }
    lines.push(Line::from(""));
    match &p.result {
        None if p.cancelling => {
            lines.push(Line::from(Span::styled("Cancelling…", t.fg(t.warning))))
        }
        None => lines.push(Line::from(vec![
            Span::styled(app.settings.keymap.label(Action::Cancel), t.fg(t.accent)),
            Span::raw(" cancels the pull"),
        ])),
        Some(Ok(status)) => lines.push(Line::from(Span::styled(
            format!("Done: {}", clean(status)),
            t.fg(t.success),
        ))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            clean(e).into_owned(),
            t.fg(t.error),
        ))),
    }
    let height = super::wrapped_height(&lines, rect.width.saturating_sub(2)) + 2;
    let rect = centered(area, rect.width, height.min(rect.height));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.fg(t.accent))
                .title(format!(" Pull {} ", clean(&p.reference))),
        ),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars() {
        assert_eq!(bar(0.0, 4), "[>   ]");
        assert_eq!(bar(0.5, 4), "[==> ]");
        assert_eq!(bar(1.0, 4), "[====]");
        assert_eq!(bar(7.0, 4), "[====]");
    }
}
