//! What the log view shows, as data: the lines from the bottom one up as they are shown (JSON
//! rewritten when asked), the gaps a filter leaves between groups of matches, and, when
//! nothing is shown, how many lines are hidden and by what. Drawing (`ui/logs.rs`), copying
//! and the empty view's words all read this, so what is copied is what is on screen.

use std::borrow::Cow;

use super::LogView;
use crate::logs::json::rewrite;
use crate::logs::{LogLine, Stream};
use crate::sanitize::clean;
use crate::time::Nanos;

/// Widest container name in the column of merged logs.
const MAX_NAME_WIDTH: usize = 20;

/// One item of the view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewItem<'a> {
    /// Line `abs`; `rewritten` holds the rows it is shown as when they are not its text
    /// (a JSON line shown pretty or as key=value).
    Line {
        abs: u64,
        line: &'a LogLine,
        rewritten: Option<Vec<String>>,
    },
    /// Lines the filter leaves out between two shown groups (grep's `--`), and how many.
    Gap { hidden: u64 },
}

impl ViewItem<'_> {
    /// Rows it takes before wrapping.
    pub fn rows(&self) -> usize {
        match self {
            ViewItem::Line {
                rewritten: Some(r), ..
            } => r.len().max(1),
            _ => 1,
        }
    }

    /// Its rows of text as shown (without the timestamp and container columns).
    pub fn texts(&self) -> Vec<Cow<'_, str>> {
        match self {
            ViewItem::Line {
                rewritten: Some(r), ..
            } => r.iter().map(|s| Cow::Borrowed(s.as_str())).collect(),
            ViewItem::Line { line, .. } if line.marker => {
                vec![Cow::Owned(marker_text(&line.text.text))]
            }
            ViewItem::Line { line, .. } => vec![Cow::Borrowed(line.text.text.as_str())],
            ViewItem::Gap { hidden } => vec![Cow::Owned(gap_text(*hidden))],
        }
    }
}

/// A marker line as shown: set apart from the container's own lines.
pub fn marker_text(text: &str) -> String {
    format!("── {text} ──")
}

/// The row between two groups of a filter.
pub fn gap_text(hidden: u64) -> String {
    format!(
        "-- {hidden} line{} skipped --",
        if hidden == 1 { "" } else { "s" }
    )
}

/// `18:44:31.123` (UTC) from an engine stamp.
pub fn clock(ts: Nanos) -> String {
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

/// Lines kept but not shown, by what hides them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Lines kept in the buffer.
    pub kept: u64,
    /// Hidden because standard output is switched off.
    pub stdout: u64,
    /// Hidden because standard error is switched off.
    pub stderr: u64,
    /// Hidden by "only matches" (not a match nor within the context of one).
    pub filtered: u64,
}

impl Hidden {
    pub fn total(&self) -> u64 {
        self.stdout + self.stderr + self.filtered
    }
}

impl LogView {
    /// The items shown, oldest first, ending with the bottom line and filling at most `rows`
    /// rows (the oldest item may not fit whole: a long pretty JSON line).
    pub fn view(&self, rows: usize) -> Vec<ViewItem<'_>> {
        let mut out = Vec::new();
        let Some(last) = self.end().checked_sub(1) else {
            return out;
        };
        let first = self.lines.first_index();
        let filtering = self.filtering();
        let mut at = self.bottom().min(last);
        let mut budget = rows;
        // Lines the filter hid since the item above which the walk now is.
        let mut skipped = 0u64;
        while budget > 0 && at >= first {
            if let Some(line) = self.lines.get_abs(at) {
                if self.shows_at(at) {
                    if skipped > 0 && !out.is_empty() {
                        out.push(ViewItem::Gap { hidden: skipped });
                        budget -= 1;
                        if budget == 0 {
                            break;
                        }
                    }
                    skipped = 0;
                    let rewritten = if line.marker {
                        None
                    } else {
                        rewrite(self.json, &line.text.text)
                    };
                    let item = ViewItem::Line {
                        abs: at,
                        line,
                        rewritten,
                    };
                    budget = budget.saturating_sub(item.rows());
                    out.push(item);
                } else if filtering && self.shows(line) {
                    skipped += 1;
                }
            }
            if at == 0 {
                break;
            }
            at -= 1;
        }
        out.reverse();
        out
    }

    /// How many of the kept lines are hidden, and by what (the stream toggles first).
    pub fn hidden(&self) -> Hidden {
        let mut h = Hidden {
            kept: self.lines.len() as u64,
            ..Hidden::default()
        };
        for (abs, line) in self.lines.iter_abs() {
            if !self.shows(line) {
                match line.stream {
                    Stream::Stdout => h.stdout += 1,
                    Stream::Stderr => h.stderr += 1,
                }
            } else if !self.shows_at(abs) {
                h.filtered += 1;
            }
        }
        h
    }

    /// The column of merged logs that says whose a line is (`web   │ `), padded to the
    /// widest name; `None` when one container is followed.
    pub fn source_label(&self, source: u16) -> Option<String> {
        // A service's lines always say their task and node.
        let target = self
            .target
            .as_ref()
            .filter(|t| t.containers.len() > 1 || t.service.is_some())?;
        let width = target
            .containers
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(MAX_NAME_WIDTH);
        let name = target
            .containers
            .get(usize::from(source))
            .map(|f| clean(&f.name).into_owned())
            .unwrap_or_default();
        let name: String = name.chars().take(width).collect();
        Some(format!("{name:<width$} │ "))
    }

    /// What precedes a line's text on screen, as text: its container (merged logs) and its
    /// time (when timestamps are on).
    fn gutter(&self, line: &LogLine) -> String {
        let mut out = self.source_label(line.source).unwrap_or_default();
        if self.timestamps {
            match line.ts {
                Some(ts) => out.push_str(&clock(ts)),
                None => out.push_str(&" ".repeat(12)),
            }
            out.push(' ');
        }
        out
    }

    /// An item's rows as plain text, as on screen: the first row of a line with its gutter.
    fn plain_rows(&self, item: &ViewItem<'_>) -> Vec<String> {
        let gutter = match item {
            ViewItem::Line { line, .. } => self.gutter(line),
            ViewItem::Gap { .. } => String::new(),
        };
        item.texts()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == 0 {
                    format!("{gutter}{t}")
                } else {
                    t.to_string()
                }
            })
            .collect()
    }

    /// What "copy" takes, as it is shown: the current match's line, or else the rows in view
    /// (at most `rows`, the newest at the bottom), JSON as shown, with the timestamp and
    /// container columns when they are on, and the filter's gaps.
    pub fn copy_lines(&self, rows: usize) -> Vec<String> {
        if let Some((abs, line)) = self
            .search
            .current
            .and_then(|c| self.lines.get_abs(c).map(|l| (c, l)))
        {
            let item = ViewItem::Line {
                abs,
                line,
                rewritten: rewrite(self.json, &line.text.text),
            };
            return self.plain_rows(&item);
        }
        let mut out: Vec<String> = self
            .view(rows)
            .iter()
            .flat_map(|item| self.plain_rows(item))
            .collect();
        // The oldest item may not fit whole: as on screen, the newest rows are kept.
        let extra = out.len().saturating_sub(rows);
        out.drain(..extra);
        out
    }
}
