//! Search in the tree: keys and shown values holding the query (plain text, case ignored),
//! and moving to the next or previous match, opening what hides it. Only shown text is
//! searched: a masked secret cannot be found by guessing, and a container's size never matches.
//!
//! The query is compiled once into the log search's [`Matcher`] (plain text, case ignored),
//! so the tree and the log pane find the same things the same way (Unicode simple case
//! folding, ranges in the original text, at most [`MAX_MATCHES_PER_LINE`] per text), and the
//! UI highlights with the same matcher ([`Tree::matcher`]).
//!
//! [`MAX_MATCHES_PER_LINE`]: crate::logs::search::MAX_MATCHES_PER_LINE

use std::ops::Range;

use super::Tree;
use crate::logs::search::{Matcher, Query};

/// The query and what it found.
#[derive(Clone, Debug, Default)]
pub(super) struct Search {
    query: String,
    /// Compiled from `query`; `None` when it is empty (nothing matches, nothing is
    /// highlighted) or could not be compiled (a pasted query past the regex size limit).
    matcher: Option<Matcher>,
    /// Nodes whose key or shown value holds the query, in document order.
    matches: Vec<usize>,
    /// Index into `matches` of the match moved to with next/previous.
    current: Option<usize>,
}

/// The matcher is compiled from the query, so equal queries mean equal matchers.
impl PartialEq for Search {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query && self.matches == other.matches && self.current == other.current
    }
}

impl Eq for Search {}

/// The matcher for a plain, case-ignoring search of `query`; `None` for an empty query.
fn compile(query: &str) -> Option<Matcher> {
    if query.is_empty() {
        return None;
    }
    Query::new(query, false, false).compile().ok()
}

impl Tree {
    pub fn query(&self) -> &str {
        &self.search.query
    }

    pub fn matches(&self) -> &[usize] {
        &self.search.matches
    }

    /// The match moved to with next/previous (index into [`Tree::matches`]).
    pub fn current_match(&self) -> Option<usize> {
        self.search.current
    }

    /// The compiled query, to highlight what it finds; `None` when there is no query.
    pub fn matcher(&self) -> Option<&Matcher> {
        self.search.matcher.as_ref()
    }

    /// Whether node `i` is a match.
    pub fn is_match(&self, i: usize) -> bool {
        self.search.matches.binary_search(&i).is_ok()
    }

    /// Searches keys and shown values for `query` (plain text, case ignored). Nothing moves
    /// until [`Tree::jump`].
    pub fn set_query(&mut self, query: &str) {
        self.search.query = query.to_string();
        self.search.matcher = compile(query);
        self.search.current = None;
        self.search_again();
    }

    /// Finds the matches again, after the query or the shown text changed.
    pub(super) fn search_again(&mut self) {
        self.search.matches.clear();
        let Some(m) = &self.search.matcher else {
            self.search.current = None;
            return;
        };
        for i in 0..self.nodes.len() {
            if m.matches(&self.key_text(i))
                || (!self.nodes[i].is_container() && m.matches(&self.value_text(i)))
            {
                self.search.matches.push(i);
            }
        }
        self.search.current = self
            .search
            .current
            .filter(|&c| c < self.search.matches.len());
    }

    /// Moves to the next (or previous) match after (before) the selection, wrapping around,
    /// and opens what hides it. With `from_here`, a match on the selected row counts. False
    /// when nothing matches.
    pub fn jump(&mut self, forward: bool, from_here: bool, page: usize) -> bool {
        if self.search.matches.is_empty() {
            return false;
        }
        let n = self.search.matches.len();
        let at = self.selected_node().unwrap_or(0);
        let next = match self.search.current {
            Some(c) if self.search.matches.get(c) == Some(&at) && !from_here => {
                if forward {
                    (c + 1) % n
                } else {
                    (c + n - 1) % n
                }
            }
            _ if forward => self
                .search
                .matches
                .iter()
                .position(|&m| m > at || (from_here && m == at))
                .unwrap_or(0),
            _ => self
                .search
                .matches
                .iter()
                .rposition(|&m| m < at || (from_here && m == at))
                .unwrap_or(n - 1),
        };
        self.search.current = Some(next);
        self.reveal_node(self.search.matches[next], page);
        true
    }
}

/// True when `hay` holds `needle`, case ignored (as [`find_ci`] finds it).
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    !find_ci(hay, needle).is_empty()
}

/// Byte ranges of `hay` (on character boundaries) where `needle` occurs, case ignored, not
/// overlapping: what the tree's search finds, through the same matcher. Compiles `needle` on
/// each call; to search many texts, compile once ([`Tree::matcher`]).
pub fn find_ci(hay: &str, needle: &str) -> Vec<Range<usize>> {
    compile(needle).map(|m| m.find_all(hay)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn search_counts_matches_and_next_previous_open_what_hides_them() {
        let mut t = sample();
        t.set_query("STATUS");
        assert_eq!(t.matches().len(), 2, "State.Status and State.Health.Status");
        assert_eq!(t.current_match(), None);
        assert!(t.jump(true, true, 5));
        assert_eq!(t.path(t.selected_node().expect("sel")), ".State.Status");
        assert!(t.jump(true, false, 5));
        assert_eq!(t.current_match(), Some(1));
        // The second match was inside the folded Health: it is open now.
        assert_eq!(
            t.path(t.selected_node().expect("sel")),
            ".State.Health.Status"
        );
        assert!(!t.is_folded(t.matches()[1] - 1));
        // Wraps around both ways.
        assert!(t.jump(true, false, 5));
        assert_eq!(t.current_match(), Some(0));
        assert!(t.jump(false, false, 5));
        assert_eq!(t.current_match(), Some(1));

        // Values match too, and only shown ones: a container's size does not.
        t.set_query("running");
        assert_eq!(t.matches().len(), 1);
        t.set_query("3");
        assert_eq!(
            t.matches().iter().map(|&i| t.path(i)).collect::<Vec<_>>(),
            [".Big[3]", ".Big[13]", ".Big[23]", ".Count"]
        );
        // A match deep in a big folded array opens it, and the view scrolls to it.
        t.select_row(0, 5);
        assert!(t.jump(false, true, 5));
        assert_eq!(t.path(t.selected_node().expect("sel")), ".Count");
        assert!(t.jump(false, false, 5));
        assert_eq!(t.path(t.selected_node().expect("sel")), ".Big[23]");
        let row = t.selected_row();
        assert!(t.offset() <= row && row < t.offset() + 5);

        t.set_query("");
        assert!(t.matches().is_empty());
        assert!(!t.jump(true, true, 5));
    }

    #[test]
    fn case_insensitive_ranges_stay_on_character_boundaries() {
        assert_eq!(find_ci("Health HEALTH", "health"), [0..6, 7..13]);
        assert_eq!(find_ci("ünïcödé ÜNÏ", "ünï"), [0..5, 12..17]);
        // Not overlapping: "aaa" holds "aa" once.
        assert_eq!(find_ci("aaa", "aa").len(), 1);
        assert_eq!(find_ci("aaa", "aa").first(), Some(&(0..2)));
        assert!(find_ci("abc", "").is_empty());
        assert!(find_ci("", "a").is_empty());
        for r in find_ci("İstanbul iSTANBUL", "i̇") {
            assert!("İstanbul iSTANBUL".get(r).is_some());
        }
    }
}
