//! A list's rows by key, each in a slot that keeps its number: the view holds slot numbers, so
//! reading the shown rows (all of them, every frame, for the name column's width) hashes no key.
//!
//! A removed row's slot keeps its key until [`Slots::purge`], which the list calls once the view
//! no longer holds it: until then the view may still name the slot (it is built again after
//! each change), and a row given the same key comes back into the same slot, so a slot number in
//! the view always means the same key, as the keys it held before did.

use std::collections::HashMap;

use super::Row;

#[derive(Clone, Debug)]
struct Slot<T> {
    key: String,
    /// `None` once removed (the key kept until purged), or while free.
    row: Option<T>,
    /// Its place in the view when the view was last built whole (`usize::MAX`: not shown): where
    /// a new sort by the same column starts from.
    rank: usize,
    /// Removed and waiting for [`Slots::purge`].
    dead: bool,
}

#[derive(Clone, Debug)]
pub(super) struct Slots<T> {
    slots: Vec<Slot<T>>,
    /// The slot of every key held, removed ones included until purged.
    index: HashMap<String, usize>,
    /// Slots of removed rows, to purge.
    dead: Vec<usize>,
    /// Purged slots, for new keys.
    free: Vec<usize>,
    /// Rows held (not removed).
    live: usize,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            index: HashMap::new(),
            dead: Vec::new(),
            free: Vec::new(),
            live: 0,
        }
    }
}

impl<T: Row> Slots<T> {
    /// Adds `row`, or replaces the one with its key (in the same slot).
    pub(super) fn insert(&mut self, row: T) {
        if let Some(slot) = self
            .index
            .get(row.key())
            .and_then(|s| self.slots.get_mut(*s))
        {
            if slot.row.is_none() {
                self.live += 1;
            }
            slot.row = Some(row);
            return;
        }
        let key = row.key().to_string();
        let slot = Slot {
            key: key.clone(),
            row: Some(row),
            rank: usize::MAX,
            dead: false,
        };
        let at = match self.free.pop().filter(|at| *at < self.slots.len()) {
            Some(at) => {
                self.slots[at] = slot;
                at
            }
            None => {
                self.slots.push(slot);
                self.slots.len() - 1
            }
        };
        self.index.insert(key, at);
        self.live += 1;
    }

    pub(super) fn remove(&mut self, key: &str) -> Option<T> {
        let at = *self.index.get(key)?;
        let slot = self.slots.get_mut(at)?;
        let row = slot.row.take()?;
        self.live -= 1;
        if !slot.dead {
            slot.dead = true;
            self.dead.push(at);
        }
        Some(row)
    }

    /// Replaces every row: those whose key comes again keep their slot.
    pub(super) fn replace_all(&mut self, rows: impl IntoIterator<Item = T>) {
        let keys: Vec<String> = self.index.keys().cloned().collect();
        for key in keys {
            self.remove(&key);
        }
        // A first list of 10,000 rows would otherwise leave room for 16,384.
        let rows = rows.into_iter();
        let more = rows.size_hint().0.saturating_sub(self.slots.len());
        self.slots.reserve_exact(more);
        for row in rows {
            self.insert(row);
        }
    }

    /// Frees the slots of removed rows: the view must hold none of them.
    pub(super) fn purge(&mut self) {
        for at in std::mem::take(&mut self.dead) {
            let Some(slot) = self.slots.get_mut(at) else {
                continue;
            };
            slot.dead = false;
            if slot.row.is_none() {
                self.index.remove(&slot.key);
                slot.key = String::new();
                self.free.push(at);
            }
        }
    }

    /// The slot a key is in (a removed row's too, until purged).
    pub(super) fn slot_of(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub(super) fn get(&self, key: &str) -> Option<&T> {
        self.at(self.slot_of(key)?)
    }

    pub(super) fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        let at = self.slot_of(key)?;
        self.slots.get_mut(at)?.row.as_mut()
    }

    /// The row in slot `at`, if it holds one.
    pub(super) fn at(&self, at: usize) -> Option<&T> {
        self.slots.get(at)?.row.as_ref()
    }

    /// The key of slot `at` (a removed row's too, until purged).
    pub(super) fn key_at(&self, at: usize) -> &str {
        self.slots.get(at).map_or("", |s| s.key.as_str())
    }

    /// Every row, in no particular order.
    pub(super) fn rows(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().filter_map(|s| s.row.as_ref())
    }

    /// The slots holding a row, with it.
    pub(super) fn held(&self) -> impl Iterator<Item = (usize, &T)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(at, s)| Some((at, s.row.as_ref()?)))
    }

    pub(super) fn len(&self) -> usize {
        self.live
    }

    pub(super) fn rank(&self, at: usize) -> usize {
        self.slots.get(at).map_or(usize::MAX, |s| s.rank)
    }

    /// Remembers each slot's place in `view` (built whole), for the next sort to start from.
    pub(super) fn rank_as(&mut self, view: &[usize]) {
        for slot in &mut self.slots {
            slot.rank = usize::MAX;
        }
        for (i, at) in view.iter().enumerate() {
            if let Some(slot) = self.slots.get_mut(*at) {
                slot.rank = i;
            }
        }
    }
}
