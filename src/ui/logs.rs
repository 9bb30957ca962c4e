//! The log pane: the followed container's lines, newest at the bottom while following, with the
//! container's own colours (when kept) and stderr marked, and a title that says what is shown.
//! What is shown comes from the view's data (`LogView::view`): lines as shown (JSON rewritten,
//! matches highlighted in what the user reads), the filter's gaps, dockhand's markers where a
//! container stopped or started again, and, when nothing is shown, why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::App;
use std::ops::Range;

use crate::app::logs::{CONTEXTS, JsonMode, LogMode, ViewItem, clock, gap_text, marker_text};
use crate::config::{Action, LogAction, Theme};
use crate::logs::ansi::{self, StyleSpan, StyledText};
use crate::logs::{LogLine, Stream};
use crate::sanitize::clean;

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

/// `spans` over a base style (the container's own styling and the highlights win).
fn over(base: Style, spans: Vec<Span<'static>>) -> Vec<Span<'static>> {
    spans
        .into_iter()
        .map(|s| {
            let style = base.patch(s.style);
            s.style(style)
        })
        .collect()
}

/// What precedes a line's text: the stderr bar, whose line it is in merged logs (in that
/// container's own colour), and its time when timestamps are on.
fn gutter(app: &App, l: &LogLine) -> Vec<Span<'static>> {
    let t = &app.settings.theme;
    let v = &app.log_view();
    let mut spans = Vec::new();
    if l.stream == Stream::Stderr && !l.marker {
        spans.push(Span::styled("▌", t.fg(t.error)));
    } else {
        spans.push(Span::raw(" "));
    }
    if let Some(label) = v.source_label(l.source) {
        spans.push(Span::styled(
            label,
            t.fg(SOURCE_COLORS[usize::from(l.source) % SOURCE_COLORS.len()]),
        ));
    }
    if v.timestamps {
        let ts = l.ts.map(clock).unwrap_or_else(|| "            ".into());
        spans.push(Span::styled(format!("{ts} "), t.fg(t.dim)));
    }
    spans
}

/// The rows of one item of the view: a line as shown (its JSON rewritten when asked, matches
/// highlighted in what is shown), dockhand's marker where a container stopped or started
/// again, or the gap a filter leaves between groups.
fn rows_of(app: &App, item: &ViewItem<'_>) -> Vec<Line<'static>> {
    let t = &app.settings.theme;
    let search = &app.log_view().search;
    let (abs, l, rewritten) = match item {
        ViewItem::Gap { hidden } => {
            return vec![Line::from(Span::styled(
                format!(" {}", gap_text(*hidden)),
                t.fg(t.dim),
            ))];
        }
        ViewItem::Line {
            abs,
            line,
            rewritten,
        } => (*abs, *line, rewritten),
    };
    let mut first = gutter(app, l);
    if l.marker {
        first.push(Span::styled(
            marker_text(&l.text.text),
            t.fg(t.warning).add_modifier(Modifier::BOLD),
        ));
        return vec![Line::from(first)];
    }
    let find = |text: &str| {
        search
            .matcher
            .as_ref()
            .map(|m| m.find_all(text))
            .unwrap_or_default()
    };
    // The match moved to with next/previous stands out from the others.
    let highlight = t.search_match(search.current == Some(abs));
    let Some(texts) = rewritten else {
        first.extend(styled_spans(t, &l.text, &find(&l.text.text), highlight));
        if l.partial {
            first.push(Span::styled("⏎?", t.fg(t.dim)));
        }
        return vec![Line::from(first)];
    };
    let plain = |text: &str| StyledText {
        text: text.to_string(),
        spans: Vec::new(),
    };
    let mut out = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let spans = styled_spans(t, &plain(text), &find(text), highlight);
        if i == 0 {
            first.extend(spans);
            out.push(Line::from(std::mem::take(&mut first)));
        } else {
            let mut row = vec![Span::raw(" ")];
            row.extend(over(t.fg(t.accent), spans));
            out.push(Line::from(row));
        }
    }
    out
}

/// What an empty view says: why no line is shown when lines are kept, and the key that
/// shows them, one reason a row.
fn empty_text(app: &App) -> Vec<String> {
    let v = &app.log_view();
    if v.target.is_none() {
        return vec![" Select a container to see its logs.".into()];
    }
    let h = v.hidden();
    if h.kept == 0 || h.total() == 0 {
        return vec![" No log lines yet.".into()];
    }
    let key = |a: LogAction| app.settings.keymap.label(Action::LogView(a));
    let lines = |n: u64| format!("{n} line{}", if n == 1 { "" } else { "s" });
    let hidden = if h.total() == h.kept {
        "all hidden".to_string()
    } else {
        format!("{} hidden", h.total())
    };
    let mut out = vec![format!(" {} kept, {hidden}:", lines(h.kept))];
    if h.stdout > 0 {
        out.push(format!(
            "   {} of stdout: {} shows stdout",
            lines(h.stdout),
            key(LogAction::LogStdout)
        ));
    }
    if h.stderr > 0 {
        out.push(format!(
            "   {} of stderr: {} shows stderr",
            lines(h.stderr),
            key(LogAction::LogStderr)
        ));
    }
    if h.filtered > 0 {
        out.push(format!(
            "   {} not matching /{}: {} shows every line",
            lines(h.filtered),
            clean(&v.search.input),
            key(LogAction::LogFilter)
        ));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.settings.theme;
    let v = &app.log_view();
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
    // One true thing: a stream that ended is not followed, whatever the view does.
    let followed = v.target.as_ref().map_or(0, |t| t.containers.len());
    if let Some(why) = &v.ended {
        title.push(Span::styled(
            format!("· ended: {} ", clean(why)),
            t.fg(t.error),
        ));
    } else if v.follow && !v.stopped.is_empty() {
        title.push(Span::styled(
            format!(
                "· following {} of {followed} ",
                followed.saturating_sub(v.stopped.len())
            ),
            t.fg(t.running),
        ));
    } else if v.follow {
        title.push(Span::styled("· following ", t.fg(t.running)));
    }
    if !v.follow {
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
    if app.log_view().mode == LogMode::Split {
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
    let items = v.view(rows);
    let lines: Vec<Line> = if items.is_empty() {
        empty_text(app)
            .into_iter()
            .map(|text| Line::from(Span::styled(text, t.fg(t.dim))))
            .collect()
    } else {
        items.iter().flat_map(|item| rows_of(app, item)).collect()
    };
    // The words of an empty view are read whole, whatever the wrap toggle says.
    let wrap = v.wrap || items.is_empty();
    let height = super::wrapped_height(&lines, area.width.saturating_sub(2));
    let count = lines.len() as u16;
    let mut p = Paragraph::new(lines).block(block);
    let inner = area.height.saturating_sub(2);
    if !wrap && count > inner {
        // A pretty-printed JSON line at the top may not fit whole: the newest stay in view.
        p = p.scroll((count - inner, 0));
    }
    if wrap {
        // Wrapped lines take more rows: scroll so that the newest stays at the bottom.
        let inner = area.height.saturating_sub(2);
        p = p
            .wrap(Wrap { trim: false })
            .scroll((height.saturating_sub(inner), 0));
    }
    frame.render_widget(p, area);
}
