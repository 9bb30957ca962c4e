//! The log pane's state: which containers are followed, the bounded buffer of their lines,
//! following or paused (and what arrived meanwhile), where the containers stopped, and the
//! display toggles.
//!
//! - [`view`]: what the view shows, as data (lines as shown, gaps of a filter, what is hidden
//!   and why), so that drawing, copying and the empty view's words all see the same thing;
//! - [`window`]: the time window (`10m`, `2h..1h`) as typed.

mod view;
mod window;

use std::collections::{BTreeSet, VecDeque};

use crate::engine::model::Container;
use crate::ids::ContainerId;
use crate::logs::ansi::StyledText;
use crate::logs::json::rewrite;
use crate::logs::ring::Ring;
use crate::logs::search::{Matcher, Query, matches_shown};
use crate::logs::{LogLine, Stream};
use crate::time::Nanos;

pub use crate::logs::json::JsonMode;
pub use view::{Hidden, ViewItem, clock, gap_text, marker_text};
pub use window::{LogWindow, WINDOW_PRESETS, parse_window};

/// Context sizes the context key cycles through (lines kept around each match when filtering).
pub const CONTEXTS: [usize; 4] = [0, 2, 5, 10];

/// Search in the log: what is typed, the compiled matcher, and where the matches are.
#[derive(Clone, Debug, Default)]
pub struct LogSearch {
    /// The pattern as typed; `editing` while the user types it.
    pub input: String,
    pub editing: bool,
    pub regex: bool,
    pub case_sensitive: bool,
    /// Compiled from `input`; `None` when empty or invalid.
    pub matcher: Option<Matcher>,
    /// Why the pattern is not valid, to show instead of matches.
    pub error: Option<String>,
    /// Absolute indices of matching lines, oldest first (kept in step with the buffer).
    pub matches: VecDeque<u64>,
    /// The match the user moved to with next/previous.
    pub current: Option<u64>,
    /// Show only matching lines (and their context).
    pub filter: bool,
    /// Index into [`CONTEXTS`].
    pub context: usize,
}

/// One container the log pane follows: its id for the engine, its name for the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followed {
    pub id: ContainerId,
    pub name: String,
}

impl Followed {
    pub fn of(c: &Container) -> Self {
        Self {
            id: c.id.clone(),
            name: c.name.clone(),
        }
    }
}

/// What the log pane follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogTarget {
    /// One for a single container, several for merged logs.
    pub containers: Vec<Followed>,
    /// The compose project whose containers these are, when a whole project is followed.
    pub project: Option<String>,
    /// A swarm service (its id and name) whose tasks' logs are merged; its sources
    /// (`containers`, a task id and `web.2@node-1` each) are added as the engine names them.
    pub service: Option<(String, String)>,
}

impl LogTarget {
    /// What the title calls it: the container, the project, or how many were marked.
    pub fn title(&self) -> String {
        if let Some((_, name)) = &self.service {
            return format!(
                "service {name} ({})",
                crate::app::wording::count(self.containers.len(), "task")
            );
        }
        match (&self.project, self.containers.as_slice()) {
            (_, [one]) => one.name.clone(),
            (Some(p), many) => format!("project {p} ({} containers)", many.len()),
            (None, many) => format!("{} containers", many.len()),
        }
    }

    /// What a saved file is named after: the container, the project, or `N-containers`.
    pub fn file_stem(&self) -> String {
        if let Some((_, name)) = &self.service {
            return name.clone();
        }
        match (&self.project, self.containers.as_slice()) {
            (_, [one]) => one.name.clone(),
            (Some(p), _) => p.clone(),
            (None, many) => format!("{}-containers", many.len()),
        }
    }
}

/// How the pane is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LogMode {
    #[default]
    Closed,
    /// Below the containers list, following the selected container.
    Split,
    /// The whole body; keys scroll and search the logs.
    Full,
}

#[derive(Clone, Debug)]
pub struct LogView {
    pub mode: LogMode,
    pub target: Option<LogTarget>,
    /// The current stream's number: lines of an older stream are dropped.
    pub stream: u64,
    pub lines: Ring<LogLine>,
    /// Showing the newest lines as they come.
    pub follow: bool,
    /// When paused: the absolute index of the line at the bottom of the view.
    pub anchor: u64,
    /// Lines that arrived since the view was paused.
    pub new_while_paused: u64,
    pub timestamps: bool,
    pub wrap: bool,
    pub json: JsonMode,
    pub show_stdout: bool,
    pub show_stderr: bool,
    /// Every followed container's stream ended (stopped, gone) and why (the last one's);
    /// cleared when one resumes.
    pub ended: Option<String>,
    /// The followed containers (sources) whose stream has ended and not resumed.
    pub stopped: BTreeSet<u16>,
    /// Lines asked for when a stream opens.
    pub tail: u64,
    /// A time window instead of the tail: (since, until, as the user wrote it).
    pub window: Option<LogWindow>,
    /// The stream must be opened again (the window changed) even for the same target.
    pub restart: bool,
    /// Following a whole compose project instead of the selection.
    pub project: Option<String>,
    /// Following a swarm service's tasks (id, name) instead of the selection.
    pub service: Option<(String, String)>,
    pub search: LogSearch,
}

impl LogView {
    pub fn new(capacity: usize, byte_budget: usize, tail: u64) -> Self {
        Self {
            mode: LogMode::Closed,
            target: None,
            stream: 0,
            lines: Ring::with_byte_budget(capacity, byte_budget),
            follow: true,
            anchor: 0,
            new_while_paused: 0,
            timestamps: false,
            wrap: false,
            json: JsonMode::Raw,
            show_stdout: true,
            show_stderr: true,
            ended: None,
            stopped: BTreeSet::new(),
            tail,
            window: None,
            restart: false,
            project: None,
            service: None,
            search: LogSearch::default(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.mode != LogMode::Closed
    }

    /// Starts over for a new stream.
    pub fn reset(&mut self, stream: u64, target: Option<LogTarget>) {
        self.stream = stream;
        self.target = target;
        self.lines.clear();
        self.follow = true;
        self.anchor = 0;
        self.new_while_paused = 0;
        self.ended = None;
        self.stopped.clear();
        self.search.matches.clear();
        self.search.current = None;
    }

    /// Whether the stream toggles let the line through (dockhand's markers always pass).
    pub fn shows(&self, line: &LogLine) -> bool {
        if line.marker {
            return true;
        }
        match line.stream {
            Stream::Stdout => self.show_stdout,
            Stream::Stderr => self.show_stderr,
        }
    }

    /// Whether the line at `abs` is shown: its stream is on and, when filtering, it matches
    /// or lies within the context of a match.
    pub fn shows_at(&self, abs: u64) -> bool {
        let Some(line) = self.lines.get_abs(abs) else {
            return false;
        };
        if !self.shows(line) {
            return false;
        }
        if !self.filtering() {
            return true;
        }
        let ctx = CONTEXTS[self.search.context % CONTEXTS.len()] as u64;
        let m = &self.search.matches;
        // The first match at or after `abs - ctx`: shown when it is within `abs + ctx`.
        let from = abs.saturating_sub(ctx);
        let i = m.partition_point(|x| *x < from);
        m.get(i).is_some_and(|x| *x <= abs + ctx)
    }

    /// Every line in view (stream toggles and filter applied) as plain text, timestamped in
    /// RFC 3339 when the engine stamped it: what "save" writes. dockhand's markers are left
    /// out: the file holds what the container wrote.
    pub fn plain_lines(&self) -> Vec<String> {
        self.lines
            .iter_abs()
            .filter(|(i, l)| !l.marker && self.shows_at(*i))
            .map(|(_, l)| {
                let stream = match l.stream {
                    Stream::Stdout => "",
                    Stream::Stderr => "[stderr] ",
                };
                match l.ts.and_then(|t| t.to_rfc3339()) {
                    Some(ts) => format!("{ts} {stream}{}", l.text.text),
                    None => format!("{stream}{}", l.text.text),
                }
            })
            .collect()
    }

    /// True when only matching lines (and context) are shown.
    pub fn filtering(&self) -> bool {
        self.search.filter && self.search.matcher.is_some()
    }

    /// Compiles what was typed and finds every match in the buffer.
    pub fn apply_search(&mut self) {
        let s = &mut self.search;
        s.matches.clear();
        s.current = None;
        s.error = None;
        s.matcher = None;
        if s.input.is_empty() {
            return;
        }
        match Query::new(s.input.clone(), s.regex, s.case_sensitive).compile() {
            Ok(m) => s.matcher = Some(m),
            Err(e) => {
                s.error = Some(e.to_string());
                return;
            }
        }
        let found: Vec<u64> = match &self.search.matcher {
            Some(m) => self
                .lines
                .iter_abs()
                .filter(|(_, l)| hits(m, self.json, l))
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        self.search.matches.extend(found);
    }

    /// Shows JSON lines the next way; the search follows, since it looks at what is shown.
    pub fn next_json_mode(&mut self) {
        self.json = self.json.next();
        if self.search.matcher.is_some() {
            let current = self.search.current;
            self.apply_search();
            // Stay on the match moved to if it still matches as now shown.
            self.search.current = current.filter(|c| self.search.matches.contains(c));
        }
    }

    /// Moves to the nearest match above (`up`: older) or below, and shows it. From a match
    /// moved to before, it goes on from there; else from the bottom line of the view, which
    /// counts as above (so in a followed log the newest match comes first, not the oldest).
    /// Past the last match either way it wraps around.
    pub fn jump(&mut self, up: bool, rows: usize) {
        let m: Vec<u64> = self.search.matches.iter().copied().collect();
        let target = match (self.search.current, up) {
            (Some(c), true) => crate::logs::search::prev_match(&m, c, true),
            (Some(c), false) => crate::logs::search::next_match(&m, c, true),
            (None, true) => crate::logs::search::prev_match(&m, self.bottom() + 1, true),
            (None, false) => crate::logs::search::next_match(&m, self.bottom(), true),
        };
        if let Some(t) = target {
            self.search.current = Some(t);
            // Half a page below the match, so it sits mid-view with what follows it. Rows,
            // not lines: a JSON line shown pretty takes several.
            self.follow = false;
            self.new_while_paused = 0;
            self.anchor = t;
            let (mut used, mut below, mut at) = (0, 0, t + 1);
            while at < self.end() {
                if self.shows_at(at) {
                    used += self.rows_at(at);
                    if used > rows / 2 {
                        break;
                    }
                    below += 1;
                }
                at += 1;
            }
            self.scroll(below);
            if self.follow {
                self.follow = false;
                self.anchor = self.end().saturating_sub(1);
            }
        }
    }

    /// Rows line `abs` takes on screen before wrapping (a JSON line shown pretty takes
    /// several).
    fn rows_at(&self, abs: u64) -> usize {
        match self.lines.get_abs(abs) {
            Some(l) if !l.marker => rewrite(self.json, &l.text.text).map_or(1, |r| r.len().max(1)),
            _ => 1,
        }
    }

    /// Appends a batch of the current stream.
    pub fn append(&mut self, lines: Vec<LogLine>) {
        let n = lines.len() as u64;
        for l in lines {
            // Only new lines are searched: the cost of a search does not grow with time.
            let hit = self
                .search
                .matcher
                .as_ref()
                .is_some_and(|m| hits(m, self.json, &l));
            // A partial line (a prompt) is replaced by what follows it on the same output.
            let replaces = l.continues
                && self.lines.back().is_some_and(|last| {
                    last.partial && last.stream == l.stream && last.source == l.source
                });
            if replaces {
                self.lines.replace_last(l);
                let last = self.end().saturating_sub(1);
                if self.search.matches.back() == Some(&last) {
                    self.search.matches.pop_back();
                }
                if hit {
                    self.search.matches.push_back(last);
                }
            } else {
                self.lines.push(l);
                if hit {
                    self.search.matches.push_back(self.end().saturating_sub(1));
                }
            }
        }
        let first = self.lines.first_index();
        while self.search.matches.front().is_some_and(|m| *m < first) {
            self.search.matches.pop_front();
        }
        if !self.follow {
            self.new_while_paused += n;
            // The anchor's line may have been evicted: keep it on the oldest one kept.
            self.anchor = self.anchor.max(self.lines.first_index());
        }
    }

    /// The stream of followed container `source` ended, `why` (worded): a marker line says so
    /// where it happened, and when every followed container has ended the view has too.
    pub fn on_ended(&mut self, source: u16, why: String, now: Nanos) {
        self.stopped.insert(source);
        // A service's tasks come in one stream: when it ends, they all have.
        let all = self
            .target
            .as_ref()
            .filter(|t| t.service.is_none())
            .map_or(1, |t| t.containers.len());
        if self.stopped.len() >= all {
            self.ended = Some(why.clone());
        }
        self.mark(source, why, now);
    }

    /// The stream of `source` flows again: a marker line says so.
    pub fn on_resumed(&mut self, source: u16, now: Nanos) {
        self.stopped.remove(&source);
        self.ended = None;
        self.mark(source, "the container started again".into(), now);
    }

    /// The follow of `source` jumped ahead of a flood, leaving out the lines stamped after
    /// `after`: a marker line says so (`what`, worded), where the lines left out would be.
    pub fn on_skipped(&mut self, source: u16, what: String, after: Nanos) {
        self.mark(source, what, after);
    }

    /// Appends dockhand's own line (not container output), stamped `now` (whole seconds),
    /// or the newest line's time when that is later: the marker comes after it on screen, so
    /// its time must too.
    fn mark(&mut self, source: u16, text: String, now: Nanos) {
        let last = self.lines.back().and_then(|l| l.ts);
        self.append(vec![LogLine {
            ts: Some(last.map_or(now, |t| t.max(now))),
            stream: Stream::Stdout,
            source,
            text: StyledText {
                text,
                spans: Vec::new(),
            },
            partial: false,
            continues: false,
            marker: true,
        }]);
    }

    /// The absolute index one past the newest line.
    pub fn end(&self) -> u64 {
        self.lines.total_pushed()
    }

    /// The absolute index of the bottom line shown.
    pub fn bottom(&self) -> u64 {
        if self.follow {
            self.end().saturating_sub(1)
        } else {
            self.anchor
        }
    }

    /// Scrolls by `delta` shown lines (negative: up). Leaving the bottom pauses following;
    /// reaching it again resumes.
    pub fn scroll(&mut self, delta: i64) {
        let first = self.lines.first_index();
        let last = self.end().saturating_sub(1);
        let mut at = self.bottom();
        let mut left = delta.unsigned_abs();
        // Step over lines hidden by the stdout/stderr toggles, one shown line at a time.
        while left > 0 {
            let next = if delta < 0 {
                if at <= first {
                    break;
                }
                at - 1
            } else {
                if at >= last {
                    break;
                }
                at + 1
            };
            at = next;
            if self.shows_at(at) {
                left -= 1;
            }
        }
        if at >= last {
            self.resume();
        } else {
            if self.follow {
                self.follow = false;
                self.new_while_paused = 0;
            }
            self.anchor = at;
        }
    }

    /// Shows the oldest kept line at the top (the bottom is then `rows - 1` shown lines on).
    pub fn to_top(&mut self, rows: usize) {
        self.follow = false;
        self.new_while_paused = 0;
        self.anchor = self.lines.first_index();
        self.scroll(rows.saturating_sub(1) as i64);
    }

    pub fn resume(&mut self) {
        self.follow = true;
        self.new_while_paused = 0;
    }
}

/// Whether `l` matches `m` as it is shown in `json` mode; dockhand's markers never do.
fn hits(m: &Matcher, json: JsonMode, l: &LogLine) -> bool {
    !l.marker && matches_shown(m, json, &l.text.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: usize, stream: Stream) -> LogLine {
        crate::testing::log_line(&format!("line {n}"), n as i64, stream)
    }

    #[test]
    fn scrolling_up_pauses_and_counts_new_lines_and_the_bottom_resumes() {
        let mut v = LogView::new(100, 1 << 20, 10);
        v.append((0..20).map(|n| line(n, Stream::Stdout)).collect());
        assert_eq!(v.bottom(), 19);
        v.scroll(-5);
        assert!(!v.follow);
        assert_eq!(v.bottom(), 14);
        v.append((20..23).map(|n| line(n, Stream::Stdout)).collect());
        assert_eq!(v.new_while_paused, 3);
        assert_eq!(v.bottom(), 14, "the view stays put while lines arrive");
        v.scroll(100);
        assert!(v.follow);
        assert_eq!(v.bottom(), 22);
    }

    #[test]
    fn hidden_streams_are_stepped_over() {
        let mut v = LogView::new(100, 1 << 20, 10);
        let lines: Vec<LogLine> = (0..10)
            .map(|n| {
                line(
                    n,
                    if n % 2 == 0 {
                        Stream::Stdout
                    } else {
                        Stream::Stderr
                    },
                )
            })
            .collect();
        v.append(lines);
        v.show_stderr = false;
        // From line 9 (stderr, hidden), two shown lines up are 8 and 6.
        v.scroll(-2);
        assert_eq!(v.bottom(), 6);
    }

    #[test]
    fn eviction_keeps_a_paused_view_on_kept_lines() {
        let mut v = LogView::new(10, 1 << 20, 10);
        v.append((0..10).map(|n| line(n, Stream::Stdout)).collect());
        v.scroll(-8);
        assert_eq!(v.bottom(), 1);
        v.append((10..15).map(|n| line(n, Stream::Stdout)).collect());
        assert_eq!(v.lines.first_index(), 5);
        assert_eq!(v.bottom(), 5);
    }

    #[test]
    fn a_partial_line_is_replaced_by_what_completes_it() {
        let mut v = LogView::new(10, 1 << 20, 10);
        let mut prompt = line(1, Stream::Stdout);
        prompt.partial = true;
        v.append(vec![prompt]);
        let mut rest = line(2, Stream::Stdout);
        rest.continues = true;
        v.append(vec![rest]);
        assert_eq!(v.lines.len(), 1);
        // A new line after a partial one does not replace it.
        let mut prompt = line(3, Stream::Stdout);
        prompt.partial = true;
        v.append(vec![prompt, line(4, Stream::Stdout)]);
        assert_eq!(v.lines.len(), 3);
    }
}
