//! A list pane's mechanics, the same for every kind of object: rows by id, the shown order
//! (filter, sort), a selection that follows its row when rows move, scrolling, and marks.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::text::LineEdit;

mod slots;

use slots::Slots;

/// A column a list can be sorted by. [`Row::compare`] orders ascending for every column (▲:
/// A to Z, smallest, youngest first); a column people read biggest first starts descending.
pub trait SortKey: Copy + Eq + Default + 'static {
    /// Every column, in the order the sort key cycles through them.
    const ALL: &'static [Self];
    fn title(self) -> &'static str;
    /// Whether sorting by this column starts descending (sizes, CPU: the biggest first).
    fn descending_first(self) -> bool {
        false
    }
    /// Whether this column is the rows' name ([`Row::label`]), which then orders the rows
    /// rather than only breaking ties.
    fn by_name(self) -> bool {
        false
    }
}

/// Compares names as people read them: runs of digits by their value (`bulk-7` before
/// `bulk-69`), letters without regard to case; exact text breaks ties.
///
/// Sorting 10,000 rows calls this some 150,000 times, so it walks bytes and allocates nothing:
/// what both names begin with is skipped at once, ASCII letters are lowered as bytes (what
/// `char::to_lowercase` gives them), other characters are decoded and lowered whole.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Always on character boundaries: moved by whole characters or runs of ASCII digits.
    let start = same_start(a, b);
    let (mut i, mut j) = (start, start);
    loop {
        let o = match (x.get(i), y.get(j)) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, m) = (digit_run(x, i), digit_run(y, j));
                let o = number_cmp(&x[i..n], &y[j..m]);
                (i, j) = (n, m);
                o
            }
            (Some(c), Some(d)) if c.is_ascii() && d.is_ascii() => {
                (i, j) = (i + 1, j + 1);
                c.to_ascii_lowercase().cmp(&d.to_ascii_lowercase())
            }
            _ => {
                let (Some(c), Some(d)) = (char_at(a, i), char_at(b, j)) else {
                    return a.cmp(b); // not reached: both have a character here
                };
                (i, j) = (i + c.len_utf8(), j + d.len_utf8());
                c.to_lowercase().cmp(d.to_lowercase())
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
}

/// How many bytes both names begin with that compare equal whatever follows: whole characters,
/// and no run of digits the rest could lengthen (`web-1` and `web-12` compare from the `1`).
fn same_start(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut n = x.iter().zip(y).take_while(|(c, d)| c == d).count();
    while n > 0 && !a.is_char_boundary(n) {
        n -= 1;
    }
    while n > 0 && x[n - 1].is_ascii_digit() {
        n -= 1;
    }
    n
}

/// Where the run of ASCII digits starting at `from` ends.
fn digit_run(s: &[u8], from: usize) -> usize {
    s[from..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(s.len(), |n| from + n)
}

/// Two runs of digits by their value, however long: leading zeros aside, the longer is the
/// bigger, and of equal length the first digit that differs decides.
fn number_cmp(n: &[u8], m: &[u8]) -> Ordering {
    let zeros = |s: &[u8]| s.iter().take_while(|c| **c == b'0').count();
    let (n, m) = (&n[zeros(n)..], &m[zeros(m)..]);
    n.len().cmp(&m.len()).then_with(|| n.cmp(m))
}

fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..)?.chars().next()
}

/// Whether `text` in lower case contains `needle` (given in lower case). ASCII text, the usual
/// kind, is compared byte by byte without making a lower-case copy: a keystroke of the filter
/// tests every row.
pub fn contains_lowered(text: &str, needle: &str) -> bool {
    if !text.is_ascii() {
        return text.to_lowercase().contains(needle);
    }
    if needle.is_empty() {
        return true;
    }
    // A needle with other than ASCII in it never matches lowered ASCII bytes.
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.iter().map(u8::to_ascii_lowercase).eq(needle.bytes()))
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

/// Rows changed since the view was built beyond which [`ListView::place_changed_by`] builds it
/// whole: placing a row costs a few comparisons and a move of the slots after it (microseconds
/// at 10,000 rows), sorting all of them again milliseconds.
const MAX_PLACED: usize = 256;

impl<S> Built<S> {
    /// Whether rows go in the same order (the filter aside).
    fn same_order(&self, other: &Self) -> bool
    where
        S: PartialEq,
    {
        self.sort == other.sort && self.descending == other.descending
    }

    /// Whether the filter shows `row`.
    fn admits<T: Row>(&self, row: &T) -> bool {
        self.needle.is_empty() || row.matches(&self.needle)
    }
}

/// A list's selection, marks, filter and scroll, kept aside by [`ListView::focus`].
#[derive(Clone, Debug, Default)]
pub struct Focus {
    selected: Option<String>,
    marks: HashSet<String>,
    filter: LineEdit,
    offset: usize,
}

#[derive(Clone, Debug)]
pub struct ListView<T: Row> {
    rows: Slots<T>,
    /// Slots of the rows shown, in display order (derived by [`Self::rebuild`]).
    view: Vec<usize>,
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
    /// Whether [`Self::targets`] includes marked rows the filter hides: set only while an
    /// action the user confirmed for them runs (see `overlays/hidden_marks.rs`).
    pub reach_hidden: bool,
    /// Keys of the rows added, changed or removed since the view was built, for
    /// [`Self::place_changed_by`]; `None` when the view must be built whole (never built, every
    /// row replaced, or more changed than [`MAX_PLACED`]).
    changed: Option<Vec<String>>,
    /// The order and filter the view was built with, the same for every row.
    built: Option<Built<T::Sort>>,
    /// Counts changes to the rows (every set, upsert, remove or change in place), so a copy of
    /// them (the all-hosts list) can tell it is current without comparing rows.
    revision: u64,
}

/// What a view was built with, of what the list itself holds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Built<S> {
    sort: S,
    descending: bool,
    needle: String,
}

impl<T: Row> Default for ListView<T> {
    fn default() -> Self {
        Self {
            rows: Slots::default(),
            view: Vec::new(),
            selected: None,
            offset: 0,
            sort: T::Sort::default(),
            descending: false,
            filter: LineEdit::default(),
            filter_editing: false,
            marks: HashSet::new(),
            loaded: false,
            reach_hidden: false,
            changed: None,
            built: None,
            revision: 0,
        }
    }
}

impl<T: Row> ListView<T> {
    /// Replaces every row with a fresh list.
    pub fn set_all(&mut self, list: impl IntoIterator<Item = T>) {
        self.rows.replace_all(list);
        let rows = &self.rows;
        self.marks.retain(|k| rows.get(k).is_some());
        self.loaded = true;
        self.changed = None;
        self.revision += 1;
    }

    /// Changes to the rows so far (see the field).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn upsert(&mut self, row: T) {
        self.note_changed(row.key());
        self.rows.insert(row);
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        self.note_changed(key);
        self.marks.remove(key);
        self.rows.remove(key)
    }

    /// Remembers that a row changed, for [`Self::place_changed_by`].
    fn note_changed(&mut self, key: &str) {
        self.revision += 1;
        let Some(changed) = &mut self.changed else {
            return;
        };
        if changed.iter().any(|k| k == key) {
            return;
        }
        if changed.len() < MAX_PLACED {
            changed.push(key.to_string());
        } else {
            self.changed = None;
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.rows.get(key).is_some()
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.rows.get(key)
    }

    /// A row to change in place (which is then placed again, as if upserted).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        if self.contains(key) {
            self.note_changed(key);
        }
        self.rows.get_mut(key)
    }

    /// Every row, shown or not, in no particular order.
    pub fn all(&self) -> impl Iterator<Item = &T> {
        self.rows.rows()
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// The rows shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &T> {
        self.view.iter().filter_map(|at| self.rows.at(*at))
    }

    pub fn visible_len(&self) -> usize {
        self.view.len()
    }

    pub fn selected(&self) -> Option<&T> {
        self.selected.as_ref().and_then(|k| self.rows.get(k))
    }

    /// Points the list at rows given from outside (the all-hosts list acting on this host's
    /// rows): no filter, those rows marked (several) or selected (one). What it replaced comes
    /// back with [`Self::restore`]. The caller rebuilds the view in between.
    pub fn focus(&mut self, keys: &[String]) -> Focus {
        let saved = Focus {
            selected: self.selected.clone(),
            marks: std::mem::take(&mut self.marks),
            filter: std::mem::take(&mut self.filter),
            offset: self.offset,
        };
        self.selected = keys.first().cloned();
        if keys.len() > 1 {
            self.marks = keys.iter().cloned().collect();
        }
        saved
    }

    /// Puts back what [`Self::focus`] replaced.
    pub fn restore(&mut self, f: Focus) {
        self.selected = f.selected;
        self.marks = f.marks;
        let rows = &self.rows;
        self.marks.retain(|k| rows.get(k).is_some());
        self.filter = f.filter;
        self.offset = f.offset;
    }

    /// Selects the row with this key (shown at the next build, if it is shown then).
    pub fn select_key(&mut self, key: &str) {
        self.selected = Some(key.to_string());
    }

    pub fn selected_index(&self) -> Option<usize> {
        let at = self.selected_slot()?;
        self.view.iter().position(|v| *v == at)
    }

    /// Recomputes the shown rows after any change (`keep` is the pane's own condition, such as
    /// "running only"). The selection stays on the same row when it is still shown, or moves to
    /// the row that took its place when it is not.
    pub fn rebuild(&mut self, now: i64, page: usize, keep: impl Fn(&T) -> bool) {
        let sort = self.sort;
        self.rebuild_by(page, keep, |a, b| a.compare(b, sort, now));
    }

    /// [`Self::rebuild`] with the order given (for columns whose values live outside the rows,
    /// such as live CPU numbers). Ties go by label (A to Z), then key.
    pub fn rebuild_by(
        &mut self,
        page: usize,
        keep: impl Fn(&T) -> bool,
        order: impl Fn(&T, &T) -> Ordering,
    ) {
        let old_index = self.selected_index();
        let built = self.building();
        let mut view: Vec<usize> = self
            .rows
            .held()
            .filter(|(_, r)| keep(r) && built.admits(*r))
            .map(|(at, _)| at)
            .collect();
        // Put back in the order shown (those not shown last): sorting again by the same column
        // is then a pass over runs already in order (the sort is adaptive), not a full sort,
        // when a keystroke of the filter hides or shows some rows, or a new list comes.
        if self.built.as_ref().is_some_and(|b| b.same_order(&built)) {
            view.sort_unstable_by_key(|at| self.rows.rank(*at));
        }
        view.sort_by(|a, b| self.slot_ordering(&order, *a, *b));
        self.rows.rank_as(&view);
        self.view = view;
        // The view holds no removed row now: their slots may go to new ones.
        self.rows.purge();
        self.built = Some(built);
        self.changed = Some(Vec::new());
        self.settle(old_index, page);
    }

    /// [`Self::rebuild`], for when only rows changed since the view was built: the changed rows
    /// are taken out of the view and put back each in its place, which gives the view a whole
    /// rebuild would (the order is total: keys break every tie) in a pass over it rather than
    /// a sort. The caller answers for `keep` and `order` giving every other row what they gave
    /// it then; the list checks its own order and filter, and builds the view whole when they
    /// changed or it does not know what changed.
    pub fn place_changed(&mut self, now: i64, page: usize, keep: impl Fn(&T) -> bool) {
        let sort = self.sort;
        self.place_changed_by(page, keep, |a, b| a.compare(b, sort, now));
    }

    /// [`Self::place_changed`] with the order given, as [`Self::rebuild_by`].
    pub fn place_changed_by(
        &mut self,
        page: usize,
        keep: impl Fn(&T) -> bool,
        order: impl Fn(&T, &T) -> Ordering,
    ) {
        let built = self.building();
        let changed = match self.changed.take() {
            Some(changed) if self.built.as_ref() == Some(&built) => changed,
            _ => return self.rebuild_by(page, keep, order),
        };
        let old_index = self.selected_index();
        // Removed rows' slots too (they keep their key until purged).
        let slots: Vec<usize> = changed
            .iter()
            .filter_map(|k| self.rows.slot_of(k))
            .collect();
        self.unshow(slots);
        self.rows.purge();
        for key in changed {
            if let Some(at) = self.rows.slot_of(&key) {
                self.place(at, &keep, &order, &built);
            }
        }
        self.changed = Some(Vec::new());
        self.settle(old_index, page);
    }

    /// Takes these slots out of the view: one (an event's row) found by a scan, several by a
    /// pass that looks each slot up among them.
    fn unshow(&mut self, mut slots: Vec<usize>) {
        if let [one] = slots[..] {
            if let Some(i) = self.view.iter().position(|at| *at == one) {
                self.view.remove(i);
            }
            return;
        }
        slots.sort_unstable();
        self.view.retain(|at| slots.binary_search(at).is_err());
    }

    /// Puts the row of slot `at` in its place in the view, if it is to be shown.
    fn place(
        &mut self,
        at: usize,
        keep: &impl Fn(&T) -> bool,
        order: &impl Fn(&T, &T) -> Ordering,
        built: &Built<T::Sort>,
    ) {
        let Some(row) = self.rows.at(at) else {
            return; // removed
        };
        if !(keep(row) && built.admits(row)) {
            return;
        }
        let to = self
            .view
            .partition_point(|v| self.slot_ordering(order, *v, at) == Ordering::Less);
        self.view.insert(to, at);
    }

    /// The order and filter the view is to be built with now.
    fn building(&self) -> Built<T::Sort> {
        Built {
            sort: self.sort,
            descending: self.descending,
            needle: self.filter.text().to_lowercase(),
        }
    }

    /// Where `a` goes against `b` in the view: by the column (`order`) in its direction, ties
    /// by name, A to Z, whichever way the column runs (unless the column is the name, which then
    /// runs the column's way), then by key.
    fn ordering(&self, order: &impl Fn(&T, &T) -> Ordering, a: &T, b: &T) -> Ordering {
        let by_name = self.sort.by_name();
        let name = || natural_cmp(a.label(), b.label());
        let o = if by_name {
            order(a, b).then_with(name)
        } else {
            order(a, b)
        };
        let o = if self.descending { o.reverse() } else { o };
        let o = if by_name { o } else { o.then_with(name) };
        o.then_with(|| a.key().cmp(b.key()))
    }

    /// [`Self::ordering`] of the rows in two slots (both hold one: they come from the view).
    fn slot_ordering(&self, order: &impl Fn(&T, &T) -> Ordering, a: usize, b: usize) -> Ordering {
        match (self.rows.at(a), self.rows.at(b)) {
            (Some(x), Some(y)) => self.ordering(order, x, y),
            _ => a.cmp(&b),
        }
    }

    /// Once the view changed: the selection stays on the same row when it is still shown, or
    /// moves to the row that took its place (`old_index`) when it is not; then the scroll
    /// follows it.
    fn settle(&mut self, old_index: Option<usize>, page: usize) {
        let still_there = self
            .selected_slot()
            .is_some_and(|at| self.view.contains(&at));
        if !still_there {
            let i = old_index
                .unwrap_or(0)
                .min(self.view.len().saturating_sub(1));
            self.selected = self.key_shown(i);
        }
        self.scroll_into_view(page);
    }

    pub fn sort_next(&mut self) {
        let all = T::Sort::ALL;
        let i = all.iter().position(|c| *c == self.sort).unwrap_or(0);
        self.sort = all[(i + 1) % all.len()];
        self.descending = self.sort.descending_first();
    }

    /// Sorts by `column`, in its first direction; when already sorted by it, reverses.
    pub fn sort_by(&mut self, column: T::Sort) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = column.descending_first();
        }
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize, page: usize) {
        if self.view.is_empty() {
            return;
        }
        let cur = self.selected_index().unwrap_or(0) as isize;
        let last = self.view.len() as isize - 1;
        let next = (cur + delta).clamp(0, last) as usize;
        self.selected = self.key_shown(next);
        self.scroll_into_view(page);
    }

    pub fn select_index(&mut self, i: usize, page: usize) {
        if let Some(k) = self.key_shown(i.min(self.view.len().saturating_sub(1))) {
            self.selected = Some(k);
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

    /// The slot of the selected key: the view holds it there if it holds it at all (a key
    /// keeps its slot while the view may hold it), so the selection is found without comparing
    /// keys.
    fn selected_slot(&self) -> Option<usize> {
        self.rows.slot_of(self.selected.as_deref()?)
    }

    /// Keys of the rows shown, in order.
    fn keys_shown(&self) -> impl Iterator<Item = &str> {
        self.view.iter().map(|at| self.rows.key_at(*at))
    }

    /// The key of the `i`th row shown.
    fn key_shown(&self, i: usize) -> Option<String> {
        self.view.get(i).map(|at| self.rows.key_at(*at).to_string())
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
        let all_marked = !self.view.is_empty() && self.keys_shown().all(|k| self.marks.contains(k));
        if all_marked {
            self.marks.clear();
        } else {
            let keys: Vec<String> = self.keys_shown().map(str::to_string).collect();
            self.marks.extend(keys);
        }
    }

    /// What an action applies to: what the user can see. The marked rows that are shown (in
    /// display order), or else the selected row; marked rows the filter hides only while
    /// [`Self::reach_hidden`] is set (the user said so), after the shown ones.
    pub fn targets(&self) -> Vec<&T> {
        let mut out = self.shown_marked();
        if out.is_empty() {
            out.extend(self.selected());
        }
        if self.reach_hidden {
            for r in self.hidden_marked() {
                if !out.iter().any(|o| o.key() == r.key()) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Marked rows that are shown, in display order.
    fn shown_marked(&self) -> Vec<&T> {
        self.view
            .iter()
            .filter(|at| self.marks.contains(self.rows.key_at(**at)))
            .filter_map(|at| self.rows.at(*at))
            .collect()
    }

    /// Marked rows the filter (or the pane's own condition) hides, by name.
    pub fn hidden_marked(&self) -> Vec<&T> {
        let shown: HashSet<&str> = self.keys_shown().collect();
        let mut hidden: Vec<&T> = self
            .marks
            .iter()
            .filter(|k| !shown.contains(k.as_str()))
            .filter_map(|k| self.rows.get(k))
            .collect();
        hidden.sort_by(|a, b| natural_cmp(a.label(), b.label()));
        hidden
    }

    /// Every marked row, shown or not: shown ones in display order, then hidden ones by name.
    pub fn marked(&self) -> Vec<&T> {
        let mut out = self.shown_marked();
        out.extend(self.hidden_marked());
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

#[cfg(test)]
mod tests;
