//! Search in log lines: matches to highlight, next/previous navigation, and a filter that keeps
//! context around matches the way `grep -C` does (hiding context is what makes filters useless
//! for logs).
//!
//! A [`Query`] is what the user typed and toggled; [`Query::compile`] turns it into a
//! [`Matcher`] once, so each line costs one linear scan. Plain mode is a substring search,
//! case-insensitive unless asked (Unicode simple case folding, through the `regex` crate so that
//! match ranges are byte ranges of the original text even where lower-casing would change
//! lengths). Regex mode uses the `regex` crate, whose matching is linear in the text: no
//! pattern can make a 1 MB line slow.
//!
//! The inspect tree's search compiles its query into the same [`Matcher`] (plain text, case
//! ignored), so both panes find the same things the same way.

use std::fmt;
use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::json::{JsonMode, rewrite};

/// At most this many matches are reported per line: enough to highlight a screen, bounded on
/// a 1 MB line of `a`s searched for `a`.
pub const MAX_MATCHES_PER_LINE: usize = 1000;

/// Limit on a compiled regex, so that a pattern like `a{1000}{1000}` is refused with a message
/// rather than eating memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// What the user searches for.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Query {
    pub pattern: String,
    /// The pattern is a regular expression (else literal text).
    pub regex: bool,
    pub case_sensitive: bool,
}

/// Why a query cannot be used; its text fits on one status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchError {
    InvalidRegex(String),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::InvalidRegex(why) => write!(f, "invalid regex: {why}"),
        }
    }
}

impl std::error::Error for SearchError {}

/// A compiled query.
#[derive(Clone, Debug)]
pub struct Matcher {
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    /// An empty pattern: every line matches (no filtering), nothing is highlighted.
    Empty,
    /// Case-sensitive literal text: `str::find`, the fastest path.
    Literal(String),
    Regex(Regex),
}

impl Query {
    pub fn new(pattern: impl Into<String>, regex: bool, case_sensitive: bool) -> Self {
        Query {
            pattern: pattern.into(),
            regex,
            case_sensitive,
        }
    }

    /// The matcher for this query, or why the pattern is not a valid regex.
    pub fn compile(&self) -> Result<Matcher, SearchError> {
        if self.pattern.is_empty() {
            return Ok(Matcher { kind: Kind::Empty });
        }
        if !self.regex && self.case_sensitive {
            return Ok(Matcher {
                kind: Kind::Literal(self.pattern.clone()),
            });
        }
        let source = if self.regex {
            self.pattern.clone()
        } else {
            regex::escape(&self.pattern)
        };
        RegexBuilder::new(&source)
            .case_insensitive(!self.case_sensitive)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(|re| Matcher {
                kind: Kind::Regex(re),
            })
            .map_err(|e| SearchError::InvalidRegex(one_line(&e)))
    }
}

/// The regex crate's message is several lines (the pattern, a caret, the error); a status
/// line needs only the last.
fn one_line(e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(_) => "pattern too large".into(),
        other => {
            let text = other.to_string();
            let last = text.lines().rev().find(|l| !l.trim().is_empty());
            let last = last.unwrap_or("unknown error").trim();
            last.strip_prefix("error: ").unwrap_or(last).to_string()
        }
    }
}

impl Matcher {
    /// True when the line should be shown by a filter.
    pub fn matches(&self, text: &str) -> bool {
        match &self.kind {
            Kind::Empty => true,
            Kind::Literal(needle) => text.contains(needle.as_str()),
            Kind::Regex(re) => re.is_match(text),
        }
    }

    /// True when the matcher matches every line and highlights nothing (an empty pattern).
    pub fn is_empty(&self) -> bool {
        matches!(self.kind, Kind::Empty)
    }

    /// Byte ranges of `text` to highlight: non-empty, non-overlapping, in order, at most
    /// [`MAX_MATCHES_PER_LINE`]. (A regex that can match the empty string still makes the line
    /// match in [`Matcher::matches`], but empty matches highlight nothing.)
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        match &self.kind {
            Kind::Empty => Vec::new(),
            Kind::Literal(needle) => text
                .match_indices(needle.as_str())
                .map(|(at, m)| at..at + m.len())
                .take(MAX_MATCHES_PER_LINE)
                .collect(),
            Kind::Regex(re) => re
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .take(MAX_MATCHES_PER_LINE)
                .collect(),
        }
    }
}

/// Whether the line `text` matches as it is shown in `mode`: a JSON line shown pretty or as
/// key=value is searched in those rows, not in the bytes the container wrote (so `level=error`
/// finds what the key=value view shows, and `"level":"error"` finds nothing where the pretty
/// view shows `"level": "error"`).
pub fn matches_shown(m: &Matcher, mode: JsonMode, text: &str) -> bool {
    match rewrite(mode, text) {
        Some(rows) => rows.iter().any(|r| m.matches(r)),
        None => m.matches(text),
    }
}

/// One row of a filtered view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Line `i` matches.
    Match(usize),
    /// Line `i` is shown as context of a nearby match.
    Context(usize),
    /// Lines were skipped here (`--` in grep).
    Separator,
}

impl Shown {
    /// The line this row shows, if it is not a separator.
    pub fn line(&self) -> Option<usize> {
        match *self {
            Shown::Match(i) | Shown::Context(i) => Some(i),
            Shown::Separator => None,
        }
    }
}

/// The rows of a filter over lines `0..n_lines`: each matching line with up to `context` lines
/// before and after it, groups that neither touch nor overlap separated by
/// [`Shown::Separator`]. `is_match` is called exactly once per line, in order; time and the
/// result are O(`n_lines`).
pub fn filter_with_context(
    n_lines: usize,
    is_match: impl Fn(usize) -> bool,
    context: usize,
) -> Vec<Shown> {
    let mut out = Vec::new();
    // End (exclusive) of the lines already emitted; lines before it are never emitted again.
    let mut emitted_to = 0;
    // Context after the last match reaches up to here (exclusive).
    let mut after_to = 0;
    let mut any = false;
    for i in 0..n_lines {
        if is_match(i) {
            let from = i.saturating_sub(context).max(emitted_to);
            if any && from > emitted_to {
                out.push(Shown::Separator);
            }
            out.extend((from..i).map(Shown::Context));
            out.push(Shown::Match(i));
            emitted_to = i + 1;
            after_to = i.saturating_add(context).saturating_add(1).min(n_lines);
            any = true;
        } else if i < after_to {
            out.push(Shown::Context(i));
            emitted_to = i + 1;
        }
    }
    out
}

/// The first match after `current` in `matches` (sorted ascending, as line indices: relative
/// or absolute), wrapping to the first when `wrap` and there is none after.
pub fn next_match<T: Ord + Copy>(matches: &[T], current: T, wrap: bool) -> Option<T> {
    let after = matches.partition_point(|&m| m <= current);
    match matches.get(after) {
        Some(&m) => Some(m),
        None if wrap => matches.first().copied(),
        None => None,
    }
}

/// The last match before `current` in `matches` (sorted ascending), wrapping to the last when
/// `wrap` and there is none before.
pub fn prev_match<T: Ord + Copy>(matches: &[T], current: T, wrap: bool) -> Option<T> {
    let before = matches.partition_point(|&m| m < current);
    match before.checked_sub(1).and_then(|i| matches.get(i)) {
        Some(&m) => Some(m),
        None if wrap => matches.last().copied(),
        None => None,
    }
}

/// The 1-based rank of `current` among `matches` (sorted ascending), for "3/17"; `None` when
/// `current` is not a match.
pub fn match_rank<T: Ord>(matches: &[T], current: &T) -> Option<usize> {
    matches.binary_search(current).ok().map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, regex: bool, case: bool) -> Matcher {
        match Query::new(pattern, regex, case).compile() {
            Ok(m) => m,
            Err(e) => panic!("{pattern}: {e}"),
        }
    }

    /// Ranges as pairs (an array of one `Range` reads like a mistake to clippy).
    fn pairs(found: Vec<Range<usize>>) -> Vec<(usize, usize)> {
        found.into_iter().map(|r| (r.start, r.end)).collect()
    }

    #[test]
    fn plain_search_is_case_insensitive_unless_asked() {
        let q = m("error", false, false);
        assert!(q.matches("ERROR: disk full"));
        assert_eq!(q.find_all("Error error ERROR"), [0..5, 6..11, 12..17]);
        let q = m("error", false, true);
        assert!(!q.matches("ERROR: disk full"));
        assert_eq!(pairs(q.find_all("Error error")), [(6, 11)]);
    }

    #[test]
    fn plain_search_treats_regex_characters_literally() {
        let q = m("a.b(", false, false);
        assert!(q.matches("x a.b( y"));
        assert!(!q.matches("axb("));
    }

    #[test]
    fn case_folding_gives_ranges_in_the_original_text() {
        // 'ẞ' and 'ß' fold together; lengths in bytes differ (3 vs 2).
        let q = m("straße", false, false);
        let text = "Die STRAẞE und die Straße";
        let found = q.find_all(text);
        assert_eq!(found.len(), 2);
        for r in found {
            assert!(text.get(r).is_some());
        }
    }

    #[test]
    fn regex_mode_and_its_errors() {
        let q = m(r"port=\d+", true, true);
        assert_eq!(q.find_all("port=80 port=x port=8080"), [0..7, 15..24]);
        let err = Query::new("(unclosed", true, true).compile().unwrap_err();
        assert_eq!(err.to_string(), "invalid regex: unclosed group");
        assert!(!err.to_string().contains('\n'));
        let big = Query::new(r"\w{1000}{1000}", true, true)
            .compile()
            .unwrap_err();
        assert!(big.to_string().contains("too large"), "{big}");
    }

    #[test]
    fn empty_patterns_and_empty_matches_highlight_nothing() {
        let q = m("", false, false);
        assert!(q.is_empty() && q.matches("anything"));
        assert!(q.find_all("anything").is_empty());
        let q = m("x*", true, false);
        assert!(q.matches("abc"));
        assert_eq!(pairs(q.find_all("axxb")), [(1, 3)]);
    }

    #[test]
    fn matches_per_line_are_bounded() {
        let line = "a".repeat(1 << 20);
        assert_eq!(
            m("a", false, true).find_all(&line).len(),
            MAX_MATCHES_PER_LINE
        );
        assert_eq!(
            m("a", true, false).find_all(&line).len(),
            MAX_MATCHES_PER_LINE
        );
    }

    #[test]
    fn search_looks_at_the_rows_shown_for_json() {
        let line = r#"{"level":"error","msg":"disk full"}"#;
        let kv = m("level=error", false, false);
        assert!(!matches_shown(&kv, JsonMode::Raw, line));
        assert!(matches_shown(&kv, JsonMode::KeyValue, line));
        let raw = m(r#""level":"error""#, false, false);
        assert!(matches_shown(&raw, JsonMode::Raw, line));
        assert!(
            !matches_shown(&raw, JsonMode::Pretty, line),
            "the pretty view shows a space after the colon"
        );
        let pretty = m(r#""level": "error""#, false, false);
        assert!(matches_shown(&pretty, JsonMode::Pretty, line));
        // A line that is not JSON is searched as written in every view.
        let plain = m("disk", false, false);
        for mode in [JsonMode::Raw, JsonMode::Pretty, JsonMode::KeyValue] {
            assert!(matches_shown(&plain, mode, "disk full"));
        }
    }

    #[test]
    fn filter_keeps_context_and_separates_groups() {
        use Shown::*;
        let hits = [2, 3, 9];
        let rows = filter_with_context(12, |i| hits.contains(&i), 1);
        assert_eq!(
            rows,
            [
                Context(1),
                Match(2),
                Match(3),
                Context(4),
                Separator,
                Context(8),
                Match(9),
                Context(10)
            ]
        );
        // Groups that touch are not separated.
        let rows = filter_with_context(10, |i| i == 2 || i == 5, 1);
        assert!(!rows.contains(&Separator));
        assert_eq!(rows.len(), 6);
    }

    #[test]
    fn filter_edges() {
        use Shown::*;
        assert_eq!(filter_with_context(5, |i| i == 0, 0), [Match(0)]);
        assert_eq!(
            filter_with_context(5, |i| i == 0 || i == 4, 0),
            [Match(0), Separator, Match(4)]
        );
        assert_eq!(
            filter_with_context(3, |i| i == 1, 5),
            [Context(0), Match(1), Context(2)]
        );
        assert!(filter_with_context(3, |_| false, 2).is_empty());
        assert!(filter_with_context(0, |_| true, 2).is_empty());
        assert_eq!(Separator.line(), None);
        assert_eq!(Context(7).line(), Some(7));
    }

    #[test]
    fn filter_calls_the_predicate_once_per_line() {
        let calls = std::cell::Cell::new(0);
        filter_with_context(
            1000,
            |i| {
                calls.set(calls.get() + 1);
                i % 7 == 0
            },
            3,
        );
        assert_eq!(calls.get(), 1000);
    }

    #[test]
    fn next_and_previous_match_navigation() {
        let hits: [u64; 3] = [10, 20, 30];
        assert_eq!(next_match(&hits, 10, false), Some(20));
        assert_eq!(next_match(&hits, 15, false), Some(20));
        assert_eq!(next_match(&hits, 30, false), None);
        assert_eq!(next_match(&hits, 30, true), Some(10));
        assert_eq!(prev_match(&hits, 20, false), Some(10));
        assert_eq!(prev_match(&hits, 5, false), None);
        assert_eq!(prev_match(&hits, 5, true), Some(30));
        assert_eq!(next_match::<u64>(&[], 5, true), None);
        assert_eq!(match_rank(&hits, &20), Some(2));
        assert_eq!(match_rank(&hits, &21), None);
    }
}
