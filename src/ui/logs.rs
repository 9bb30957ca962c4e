//! The log pane: the followed container's lines, newest at the bottom while following, with the
//! container's own colours (when kept) and stderr marked, and a title that says what is shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::App;
use std::ops::Range;

use crate::app::logs::{CONTEXTS, JsonMode, LogMode};
use crate::config::{Action, Theme};
use crate::logs::ansi::{self, StyleSpan, StyledText};
use crate::logs::json;
use crate::logs::{LogLine, Stream};
use crate::sanitize::clean;
use crate::time::Nanos;

/// Colours that tell merged containers apart (not red: that is stderr's).
const SOURCE_COLORS: [Color; 6] = [
    Color::Cyan,
    Color::Green,
    Color::Magenta,
    Color::Yellow,
    Color::LightBlue,
    Color::LightGreen,
];

/// A container's SGR colour as a terminal colour.
fn color(c: ansi::Color) -> Color {
    use ansi::Color as A;
    match c {
        A::Black => Color::Black,
        A::Red => Color::Red,
        A::Green => Color::Green,
        A::Yellow => Color::Yellow,
        A::Blue => Color::Blue,
        A::Magenta => Color::Magenta,
        A::Cyan => Color::Cyan,
        A::White => Color::Gray,
        A::BrightBlack => Color::DarkGray,
        A::BrightRed => Color::LightRed,
        A::BrightGreen => Color::LightGreen,
        A::BrightYellow => Color::LightYellow,
        A::BrightBlue => Color::LightBlue,
        A::BrightMagenta => Color::LightMagenta,
        A::BrightCyan => Color::LightCyan,
        A::BrightWhite => Color::White,
        A::Indexed(i) => Color::Indexed(i),
        A::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

fn span_style(t: &Theme, s: &StyleSpan) -> Style {
    if s.escape {
        // What dockhand wrote in place of a control sequence: visibly not the container's text.
        return t.fg(t.dim).add_modifier(Modifier::ITALIC);
    }
    if t.monochrome {
        return Style::default();
    }
    let mut st = Style::default();
    if let Some(fg) = s.fg {
        st = st.fg(color(fg));
    }
    if let Some(bg) = s.bg {
        st = st.bg(color(bg));
    }
    for (on, m) in [
        (s.bold, Modifier::BOLD),
        (s.dim, Modifier::DIM),
        (s.italic, Modifier::ITALIC),
        (s.underline, Modifier::UNDERLINED),
        (s.reverse, Modifier::REVERSED),
    ] {
        if on {
            st = st.add_modifier(m);
        }
    }
    st
}

/// The styled spans of a line's text, with search matches highlighted over the container's
/// own styling (spans and matches are sorted byte ranges on character boundaries).
pub fn styled_spans(
    t: &Theme,
    text: &StyledText,
    matches: &[Range<usize>],
    highlight: Style,
) -> Vec<Span<'static>> {
    let len = text.text.len();
    let mut cuts: Vec<usize> = vec![0, len];
    for s in &text.spans {
        cuts.extend([s.start.min(len), s.end.min(len)]);
    }
    for m in matches {
        cuts.extend([m.start.min(len), m.end.min(len)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let (mut si, mut mi) = (0, 0);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(part) = text.text.get(a..b) else {
            continue;
        };
        while si < text.spans.len() && text.spans[si].end <= a {
            si += 1;
        }
        while mi < matches.len() && matches[mi].end <= a {
            mi += 1;
        }
        let mut style = match text.spans.get(si) {
            Some(s) if s.start <= a => span_style(t, s),
            _ => Style::default(),
        };
        if matches.get(mi).is_some_and(|m| m.start <= a) {
            style = style.patch(highlight);
        }
        out.push(Span::styled(part.to_string(), style));
    }
    out
}

/// `18:44:31.123` (UTC) from an engine stamp.
fn clock(ts: Nanos) -> String {
    let secs = ts.secs();
    let millis = ts.subsec() / 1_000_000;
    let day = secs.rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}.{millis:03}",
        day / 3600,
        day / 60 % 60,
        day % 60
    )
}

/// The rows a log line takes: one, or the lines of its JSON shown pretty or as key=value.
fn rows_of(app: &App, abs: u64, l: &LogLine) -> Vec<Line<'static>> {
    let t = &app.settings.theme;
    let rewritten: Option<Vec<String>> = match app.host().logs.json {
        JsonMode::Raw => None,
        JsonMode::Pretty => json::pretty(&l.text.text),
        JsonMode::KeyValue => json::key_values(&l.text.text).map(|kv| vec![kv]),
    };
    let Some(texts) = rewritten else {
        return vec![line_of(app, abs, l)];
    };
    let first = line_of(
        app,
        abs,
        &LogLine {
            text: StyledText {
                text: texts.first().cloned().unwrap_or_default(),
                spans: Vec::new(),
            },
            ..l.clone()
        },
    );
    let mut out = vec![first];
    for more in texts.iter().skip(1) {
        out.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(more.clone(), t.fg(t.accent)),
        ]));
    }
    out
}

fn line_of(app: &App, abs: u64, l: &LogLine) -> Line<'static> {
    let t = &app.settings.theme;
    let mut spans = Vec::new();
    if l.stream == Stream::Stderr {
        spans.push(Span::styled("▌", t.fg(t.error)));
    } else {
        spans.push(Span::raw(" "));
    }
    // Merged logs: each line says whose it is, in that container's own colour.
    if let Some(target) = app
        .host()
        .logs
        .target
        .as_ref()
        .filter(|t| t.containers.len() > 1)
    {
        let width = target
            .containers
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(20);
        let name = target
            .containers
            .get(usize::from(l.source))
            .map(|f| clean(&f.name).into_owned())
            .unwrap_or_default();
        let name: String = name.chars().take(width).collect();
        spans.push(Span::styled(
            format!("{name:<width$} │ "),
            t.fg(SOURCE_COLORS[usize::from(l.source) % SOURCE_COLORS.len()]),
        ));
    }
    if app.host().logs.timestamps {
        let ts = l.ts.map(clock).unwrap_or_else(|| "            ".into());
        spans.push(Span::styled(format!("{ts} "), t.fg(t.dim)));
    }
    let search = &app.host().logs.search;
    let matches = search
        .matcher
        .as_ref()
        .map(|m| m.find_all(&l.text.text))
        .unwrap_or_default();
    // The match moved to with next/previous stands out from the others.
    let highlight = t.search_match(search.current == Some(abs));
    spans.extend(styled_spans(t, &l.text, &matches, highlight));
    if l.partial {
        spans.push(Span::styled("⏎?", t.fg(t.dim)));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.settings.theme;
    let v = &app.host().logs;
    let rows = area.height.saturating_sub(2) as usize;
    let mut title = vec![Span::styled(
        format!(
            " Logs: {} ",
            v.target
                .as_ref()
                .map(|t| clean(&t.title()).into_owned())
                .unwrap_or_else(|| "no container".into())
        ),
        t.fg(t.accent).add_modifier(Modifier::BOLD),
    )];
    if v.follow {
        title.push(Span::styled("· following ", t.fg(t.running)));
    } else {
        title.push(Span::styled(
            format!("· paused, {} new ", v.new_while_paused),
            t.fg(t.warning),
        ));
    }
    if !(v.show_stdout && v.show_stderr) {
        let which = if v.show_stdout {
            "stdout only"
        } else if v.show_stderr {
            "stderr only"
        } else {
            "nothing shown"
        };
        title.push(Span::styled(format!("· {which} "), t.fg(t.warning)));
    }
    if v.lines.evicted() > 0 {
        title.push(Span::styled(
            format!("· {} older dropped ", v.lines.evicted()),
            t.fg(t.dim),
        ));
    }
    if let Some(w) = &v.window {
        title.push(Span::styled(
            format!("· window {} ", clean(&w.label)),
            t.fg(t.accent),
        ));
    }
    match v.json {
        JsonMode::Raw => {}
        JsonMode::Pretty => title.push(Span::styled("· JSON pretty ", t.fg(t.accent))),
        JsonMode::KeyValue => title.push(Span::styled("· JSON as key=value ", t.fg(t.accent))),
    }
    let s = &v.search;
    if let Some(err) = &s.error {
        title.push(Span::styled(format!("· {} ", clean(err)), t.fg(t.error)));
    } else if s.matcher.is_some() {
        // "3/12" once the user moved to a match.
        let rank = s
            .current
            .and_then(|c| s.matches.iter().position(|m| *m == c))
            .map(|i| format!(" {}/{}", i + 1, s.matches.len()))
            .unwrap_or_default();
        title.push(Span::styled(
            format!(
                "· /{}{}{} {} match{}{rank} ",
                clean(&s.input),
                if s.regex { " (regex)" } else { "" },
                if s.case_sensitive { " (case)" } else { "" },
                s.matches.len(),
                if s.matches.len() == 1 { "" } else { "es" }
            ),
            t.fg(t.accent),
        ));
        if v.filtering() {
            title.push(Span::styled(
                format!(
                    "· only matches, context {} ",
                    CONTEXTS[s.context % CONTEXTS.len()]
                ),
                t.fg(t.warning),
            ));
        }
    }
    if let Some(why) = &v.ended {
        title.push(Span::styled(
            format!("· ended: {} ", clean(why)),
            t.fg(t.error),
        ));
    }
    if app.host().logs.mode == LogMode::Split {
        title.push(Span::styled(
            format!(
                "· {} full screen ",
                app.settings.keymap.label(Action::LogsFull)
            ),
            t.fg(t.dim),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.border))
        .title(Line::from(title));
    // The shown lines ending at the bottom one, newest last.
    let bottom = v.bottom();
    let mut shown: Vec<Vec<Line<'static>>> = Vec::with_capacity(rows);
    let mut at = bottom.min(v.end().saturating_sub(1));
    let first = v.lines.first_index();
    let mut budget = rows;
    while budget > 0 && v.end() > 0 && at >= first {
        if v.shows_at(at) {
            if let Some(l) = v.lines.get_abs(at) {
                let rows_here = rows_of(app, at, l);
                budget = budget.saturating_sub(rows_here.len());
                shown.push(rows_here);
            }
        }
        if at == 0 {
            break;
        }
        at -= 1;
    }
    shown.reverse();
    let lines: Vec<Line> = if shown.is_empty() {
        vec![Line::from(Span::styled(
            if v.target.is_none() {
                " Select a container to see its logs."
            } else {
                " No log lines yet."
            },
            t.fg(t.dim),
        ))]
    } else {
        shown.into_iter().flatten().collect()
    };
    let height = super::wrapped_height(&lines, area.width.saturating_sub(2));
    let count = lines.len() as u16;
    let mut p = Paragraph::new(lines).block(block);
    let inner = area.height.saturating_sub(2);
    if !v.wrap && count > inner {
        // A pretty-printed JSON line at the top may not fit whole: the newest stay in view.
        p = p.scroll((count - inner, 0));
    }
    if v.wrap {
        // Wrapped lines take more rows: scroll so that the newest stays at the bottom.
        let inner = area.height.saturating_sub(2);
        p = p
            .wrap(Wrap { trim: false })
            .scroll((height.saturating_sub(inner), 0));
    }
    frame.render_widget(p, area);
}
