//! Which pane is shown, and the list operations every pane shares (so keys work the same on
//! each).

use crossterm::event::KeyEvent;

use super::list::{ListView, Row, SortKey};
use super::text::LineEdit;
use crate::config::Scope;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Pane {
    #[default]
    Containers,
    Images,
    Volumes,
    Networks,
    /// Compose projects, gathered from the containers' labels.
    Projects,
    /// Swarm services, their tasks and the nodes (a manager only; others say why not).
    Services,
    Tasks,
    Nodes,
    /// Every container by its worst security finding.
    Security,
}

impl Pane {
    pub const ALL: [Pane; 9] = [
        Pane::Containers,
        Pane::Images,
        Pane::Volumes,
        Pane::Networks,
        Pane::Projects,
        Pane::Services,
        Pane::Tasks,
        Pane::Nodes,
        Pane::Security,
    ];

    /// The panes whose objects are listed on their own (when first shown, after events about
    /// their kind, at each resync); the containers list is the host's, and projects are
    /// gathered from it.
    pub const LISTED: [Pane; 6] = [
        Pane::Images,
        Pane::Volumes,
        Pane::Networks,
        Pane::Services,
        Pane::Tasks,
        Pane::Nodes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Containers => "Containers",
            Pane::Images => "Images",
            Pane::Volumes => "Volumes",
            Pane::Networks => "Networks",
            Pane::Projects => "Projects",
            Pane::Services => "Services",
            Pane::Tasks => "Tasks",
            Pane::Nodes => "Nodes",
            Pane::Security => "Security",
        }
    }

    /// The key scope of the pane's own actions, besides the global and list ones.
    pub fn scope(self) -> Option<Scope> {
        match self {
            Pane::Containers => Some(Scope::Containers),
            Pane::Images => Some(Scope::Images),
            Pane::Networks => Some(Scope::Networks),
            Pane::Projects => Some(Scope::Projects),
            Pane::Services => Some(Scope::Services),
            Pane::Tasks => Some(Scope::Tasks),
            Pane::Nodes => Some(Scope::Nodes),
            Pane::Security => Some(Scope::Security),
            Pane::Volumes => None,
        }
    }

    /// Whether the log view shows with this pane (below its list, or over it).
    pub fn has_logs(self) -> bool {
        matches!(
            self,
            Pane::Containers | Pane::Projects | Pane::Services | Pane::Tasks
        )
    }

    /// A swarm pane (a manager's lists).
    pub fn is_swarm(self) -> bool {
        matches!(self, Pane::Services | Pane::Tasks | Pane::Nodes)
    }

    pub fn next(self) -> Pane {
        let i = Self::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        let i = Self::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// The list operations keys trigger, the same on every pane.
pub trait ListOps {
    fn move_by(&mut self, delta: isize, page: usize);
    fn select_index(&mut self, i: usize, page: usize);
    fn toggle_mark(&mut self);
    fn toggle_mark_all(&mut self);
    fn clear_marks(&mut self);
    fn marks_len(&self) -> usize;
    fn sort_next(&mut self);
    /// Sorts by the first column titled one of `titles` (reversing when already sorted by
    /// it); false when the pane has no such column.
    fn sort_by_title(&mut self, titles: &[&str]) -> bool;
    fn reverse(&mut self);
    fn sort_title(&self) -> &'static str;
    fn descending(&self) -> bool;
    fn start_filter(&mut self);
    fn filter(&self) -> &str;
    /// The filter as it is typed (its cursor and selection).
    fn filter_line(&self) -> &LineEdit;
    fn clear_filter(&mut self);
    fn filter_editing(&self) -> bool;
    /// A key typed while the filter is edited; true when it was taken.
    fn edit_filter(&mut self, key: KeyEvent, page: usize) -> bool;
    fn visible_len(&self) -> usize;
    fn total(&self) -> usize;
    fn loaded(&self) -> bool;
    fn offset(&self) -> usize;
    fn selected_index(&self) -> Option<usize>;
    /// How the user knows the rows an action applies to now (see [`ListView::targets`]).
    fn target_labels(&self) -> Vec<String>;
    /// How the user knows the marked rows the filter hides.
    fn hidden_marked_labels(&self) -> Vec<String>;
    /// Lets [`ListView::targets`] include the hidden marked rows, or not.
    fn set_reach_hidden(&mut self, on: bool);
    fn contains_key(&self, key: &str) -> bool;
    /// Selects the row with this key at the next build.
    fn select_key(&mut self, key: &str);
    /// Filters the rows by this text (as if typed).
    fn set_filter(&mut self, text: &str);
}

/// A row's name for a sentence: its label, or its short key when it has none (an untagged
/// image: `<none> (d51956c19983)`).
fn said<T: Row>(r: &T) -> String {
    if r.label().is_empty() {
        let key = r.key().strip_prefix("sha256:").unwrap_or(r.key());
        format!("<none> ({})", key.get(..12).unwrap_or(key))
    } else {
        r.label().to_string()
    }
}

impl<T: Row> ListOps for ListView<T> {
    fn move_by(&mut self, delta: isize, page: usize) {
        ListView::move_by(self, delta, page);
    }
    fn select_index(&mut self, i: usize, page: usize) {
        ListView::select_index(self, i, page);
    }
    fn toggle_mark(&mut self) {
        ListView::toggle_mark(self);
    }
    fn toggle_mark_all(&mut self) {
        ListView::toggle_mark_all(self);
    }
    fn clear_marks(&mut self) {
        self.marks.clear();
    }
    fn marks_len(&self) -> usize {
        self.marks.len()
    }
    fn sort_next(&mut self) {
        ListView::sort_next(self);
    }
    fn sort_by_title(&mut self, titles: &[&str]) -> bool {
        let column = T::Sort::ALL
            .iter()
            .copied()
            .find(|c| titles.contains(&c.title()));
        match column {
            Some(c) => {
                ListView::sort_by(self, c);
                true
            }
            None => false,
        }
    }
    fn reverse(&mut self) {
        self.descending = !self.descending;
    }
    fn sort_title(&self) -> &'static str {
        self.sort.title()
    }
    fn descending(&self) -> bool {
        self.descending
    }
    fn start_filter(&mut self) {
        self.filter_editing = true;
        // A query typed before is offered selected: typing replaces it, a move keeps it.
        self.filter.select_all();
    }
    fn filter(&self) -> &str {
        self.filter.text()
    }
    fn filter_line(&self) -> &LineEdit {
        &self.filter
    }
    fn clear_filter(&mut self) {
        self.filter.clear();
    }
    fn filter_editing(&self) -> bool {
        self.filter_editing
    }
    fn edit_filter(&mut self, key: KeyEvent, page: usize) -> bool {
        ListView::edit_filter(self, key, page)
    }
    fn visible_len(&self) -> usize {
        ListView::visible_len(self)
    }
    fn total(&self) -> usize {
        ListView::total(self)
    }
    fn loaded(&self) -> bool {
        self.loaded
    }
    fn offset(&self) -> usize {
        self.offset
    }
    fn selected_index(&self) -> Option<usize> {
        ListView::selected_index(self)
    }
    fn contains_key(&self, key: &str) -> bool {
        ListView::contains(self, key)
    }
    fn select_key(&mut self, key: &str) {
        ListView::select_key(self, key);
    }
    fn set_filter(&mut self, text: &str) {
        self.filter.set(text);
    }
    fn target_labels(&self) -> Vec<String> {
        self.targets().into_iter().map(said).collect()
    }
    fn hidden_marked_labels(&self) -> Vec<String> {
        self.hidden_marked().into_iter().map(said).collect()
    }
    fn set_reach_hidden(&mut self, on: bool) {
        self.reach_hidden = on;
    }
}
