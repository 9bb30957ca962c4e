//! A list pane's mechanics, the same for every kind of object: rows by id, the shown order
//! (filter, sort), a selection that follows its row when rows move, scrolling, and marks.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::text::LineEdit;

/// A column a list can be sorted by.
pub trait SortKey: Copy + Eq + Default + 'static {
    /// Every column, in the order the sort key cycles through them.
    const ALL: &'static [Self];
    fn title(self) -> &'static str;
}

/// What a list needs to know about its rows.
pub trait Row {
    type Sort: SortKey;
    /// A stable id (container id, image id, volume name, network id).
    fn key(&self) -> &str;
    /// The name rows are ordered by when the sort column ties.
    fn label(&self) -> &str;
    /// True when the row matches the filter (given in lower case).
    fn matches(&self, needle: &str) -> bool;
    fn compare(&self, other: &Self, sort: Self::Sort, now: i64) -> Ordering;
}

#[derive(Clone, Debug)]
pub struct ListView<T: Row> {
    rows: HashMap<String, T>,
    /// Keys of the rows shown, in display order (derived by [`Self::rebuild`]).
    view: Vec<String>,
    selected: Option<String>,
    /// Index into the view of the first row on screen.
    pub offset: usize,
    pub sort: T::Sort,
    pub descending: bool,
    pub filter: LineEdit,
    /// True while the user types the filter.
    pub filter_editing: bool,
    pub marks: HashSet<String>,
    /// True once a first list has arrived (before that the pane says "loading").
    pub loaded: bool,
}

impl<T: Row> Default for ListView<T> {
    fn default() -> Self {
        Self {
            rows: HashMap::new(),
            view: Vec::new(),
            selected: None,
            offset: 0,
            sort: T::Sort::default(),
            descending: false,
            filter: LineEdit::default(),
            filter_editing: false,
            marks: HashSet::new(),
            loaded: false,
        }
    }
}

impl<T: Row> ListView<T> {
    /// Replaces every row with a fresh list.
    pub fn set_all(&mut self, list: impl IntoIterator<Item = T>) {
        self.rows = list.into_iter().map(|r| (r.key().to_string(), r)).collect();
        self.marks.retain(|k| self.rows.contains_key(k));
        self.loaded = true;
    }

    pub fn upsert(&mut self, row: T) {
        self.rows.insert(row.key().to_string(), row);
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        self.marks.remove(key);
        self.rows.remove(key)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.rows.contains_key(key)
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.rows.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.rows.get_mut(key)
    }

    /// Every row, shown or not, in no particular order.
    pub fn all(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// The rows shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &T> {
        self.view.iter().filter_map(|k| self.rows.get(k))
    }

    pub fn visible_len(&self) -> usize {
        self.view.len()
    }

    pub fn selected(&self) -> Option<&T> {
        self.selected.as_ref().and_then(|k| self.rows.get(k))
    }

    pub fn selected_index(&self) -> Option<usize> {
        let k = self.selected.as_ref()?;
        self.view.iter().position(|v| v == k)
    }

    /// Recomputes the shown rows after any change (`keep` is the pane's own condition, such as
    /// "running only"). The selection stays on the same row when it is still shown, or moves to
    /// the row that took its place when it is not.
    pub fn rebuild(&mut self, now: i64, page: usize, keep: impl Fn(&T) -> bool) {
        let sort = self.sort;
        self.rebuild_by(page, keep, |a, b| a.compare(b, sort, now));
    }

    /// [`Self::rebuild`] with the order given (for columns whose values live outside the rows,
    /// such as live CPU numbers). Ties go by label, then key.
    pub fn rebuild_by(
        &mut self,
        page: usize,
        keep: impl Fn(&T) -> bool,
        order: impl Fn(&T, &T) -> Ordering,
    ) {
        let old_index = self.selected_index();
        let needle = self.filter.text().to_lowercase();
        let mut view: Vec<&T> = self
            .rows
            .values()
            .filter(|r| keep(r))
            .filter(|r| needle.is_empty() || r.matches(&needle))
            .collect();
        view.sort_by(|a, b| {
            let o = order(a, b).then_with(|| a.label().cmp(b.label()));
            let o = if self.descending { o.reverse() } else { o };
            o.then_with(|| a.key().cmp(b.key()))
        });
        self.view = view.into_iter().map(|r| r.key().to_string()).collect();
        let still_there = self
            .selected
            .as_ref()
            .is_some_and(|k| self.view.contains(k));
        if !still_there {
            let i = old_index
                .unwrap_or(0)
                .min(self.view.len().saturating_sub(1));
            self.selected = self.view.get(i).cloned();
        }
        self.scroll_into_view(page);
    }

    pub fn sort_next(&mut self) {
        let all = T::Sort::ALL;
        let i = all.iter().position(|c| *c == self.sort).unwrap_or(0);
        self.sort = all[(i + 1) % all.len()];
        self.descending = false;
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize, page: usize) {
        if self.view.is_empty() {
            return;
        }
        let cur = self.selected_index().unwrap_or(0) as isize;
        let last = self.view.len() as isize - 1;
        let next = (cur + delta).clamp(0, last) as usize;
        self.selected = self.view.get(next).cloned();
        self.scroll_into_view(page);
    }

    pub fn select_index(&mut self, i: usize, page: usize) {
        if let Some(k) = self.view.get(i.min(self.view.len().saturating_sub(1))) {
            self.selected = Some(k.clone());
        }
        self.scroll_into_view(page);
    }

    fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        let max_offset = self.view.len().saturating_sub(page);
        if let Some(i) = self.selected_index() {
            if i < self.offset {
                self.offset = i;
            } else if i >= self.offset + page {
                self.offset = i + 1 - page;
            }
        }
        self.offset = self.offset.min(max_offset);
    }

    pub fn toggle_mark(&mut self) {
        if let Some(k) = self.selected.clone() {
            if !self.marks.remove(&k) {
                self.marks.insert(k);
            }
        }
    }

    /// Marks every shown row, or clears all marks when every shown row is already marked.
    pub fn toggle_mark_all(&mut self) {
        let all_marked = !self.view.is_empty() && self.view.iter().all(|k| self.marks.contains(k));
        if all_marked {
            self.marks.clear();
        } else {
            self.marks.extend(self.view.iter().cloned());
        }
    }

    /// What an action applies to: the marked rows (shown ones in display order, then marked
    /// rows the filter hides, by name), or else the selected row.
    pub fn targets(&self) -> Vec<&T> {
        if self.marks.is_empty() {
            return self.selected().into_iter().collect();
        }
        let mut out: Vec<&T> = self
            .view
            .iter()
            .filter(|k| self.marks.contains(*k))
            .filter_map(|k| self.rows.get(k))
            .collect();
        let shown: HashSet<&String> = self.view.iter().collect();
        let mut hidden: Vec<&T> = self
            .marks
            .iter()
            .filter(|k| !shown.contains(k))
            .filter_map(|k| self.rows.get(k))
            .collect();
        hidden.sort_by(|a, b| a.label().cmp(b.label()));
        out.extend(hidden);
        out
    }

    /// Filter keys typed while editing: true when the key was taken.
    pub fn edit_filter(&mut self, key: crossterm::event::KeyEvent, page: usize) -> bool {
        use crossterm::event::KeyCode;
        match key.code {
            KeyCode::Enter => self.filter_editing = false,
            KeyCode::Esc => {
                self.filter_editing = false;
                self.filter.clear();
            }
            KeyCode::Up => self.move_by(-1, page),
            KeyCode::Down => self.move_by(1, page),
            _ if self.filter.edit(&key) => {}
            _ => return false,
        }
        true
    }
}
