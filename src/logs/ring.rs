//! The bounded buffer a stream's lines live in: memory stays flat however chatty a container is.
//!
//! A [`Ring`] keeps at most `capacity` items and, optionally, at most a byte budget (each item
//! tells its size through [`ItemSize`]); pushing past either limit evicts the oldest items.
//!
//! Every item ever pushed has an **absolute index**: 0 for the first, counting up forever
//! ([`Ring::total_pushed`] is the next one). Eviction and [`Ring::clear`] never renumber, so the
//! UI can hold a scroll position or a search hit as an absolute index and it stays on the same
//! line while older lines fall off the front; [`Ring::first_index`] says where the buffer now
//! starts and [`Ring::evicted`] how many lines were dropped to stay within bounds.
//! Invariant: `first_index() + len() == total_pushed()`.

use std::collections::VecDeque;

use super::RawLine;
use super::ansi::{StyleSpan, StyledText};

/// Roughly how many bytes an item holds, heap included, for the byte budget.
pub trait ItemSize {
    fn size_bytes(&self) -> usize;
}

impl ItemSize for String {
    fn size_bytes(&self) -> usize {
        self.capacity()
    }
}

impl ItemSize for Vec<u8> {
    fn size_bytes(&self) -> usize {
        self.capacity()
    }
}

impl ItemSize for RawLine {
    fn size_bytes(&self) -> usize {
        std::mem::size_of::<RawLine>() + self.bytes.capacity()
    }
}

impl ItemSize for StyledText {
    fn size_bytes(&self) -> usize {
        std::mem::size_of::<StyledText>()
            + self.text.capacity()
            + self.spans.capacity() * std::mem::size_of::<StyleSpan>()
    }
}

impl<A: ItemSize, B: ItemSize> ItemSize for (A, B) {
    fn size_bytes(&self) -> usize {
        self.0.size_bytes() + self.1.size_bytes()
    }
}

/// A FIFO of at most `capacity` items and at most `max_bytes` bytes, evicting the oldest.
#[derive(Clone, Debug)]
pub struct Ring<T> {
    items: VecDeque<T>,
    capacity: usize,
    max_bytes: Option<usize>,
    /// Sum of the items' sizes, kept only when there is a byte budget.
    bytes: usize,
    /// Absolute index of `items[0]`.
    first: u64,
    evicted: u64,
}

impl<T> Ring<T> {
    /// A ring of at most `capacity` items (at least 1: a ring that keeps nothing would lose the
    /// line being shown).
    pub fn new(capacity: usize) -> Self {
        Ring {
            items: VecDeque::new(),
            capacity: capacity.max(1),
            max_bytes: None,
            bytes: 0,
            first: 0,
            evicted: 0,
        }
    }

    /// A ring bounded by `capacity` items and by `max_bytes` bytes. The newest item is always
    /// kept even when it alone is larger than the budget, so the bytes held are at most
    /// `max_bytes` plus one item (callers bound items, e.g. with [`super::ansi::render`]).
    pub fn with_byte_budget(capacity: usize, max_bytes: usize) -> Self {
        Ring {
            max_bytes: Some(max_bytes),
            ..Ring::new(capacity)
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn max_bytes(&self) -> Option<usize> {
        self.max_bytes
    }

    /// Bytes held, as the items report them (0 when there is no byte budget: not tracked).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The item at position `i` from the oldest retained one.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.items.get(i)
    }

    /// The item with absolute index `abs`, if it is still retained.
    pub fn get_abs(&self, abs: u64) -> Option<&T> {
        self.items.get(self.position(abs)?)
    }

    /// Position in the buffer of absolute index `abs`, if it is still retained.
    pub fn position(&self, abs: u64) -> Option<usize> {
        let i = usize::try_from(abs.checked_sub(self.first)?).ok()?;
        (i < self.items.len()).then_some(i)
    }

    /// Absolute index of the oldest retained item (equals `total_pushed()` when empty).
    pub fn first_index(&self) -> u64 {
        self.first
    }

    /// How many items were ever pushed; the absolute index the next push gets.
    pub fn total_pushed(&self) -> u64 {
        self.first + self.items.len() as u64
    }

    /// How many items were evicted to stay within the limits (not counting [`Ring::clear`]).
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Oldest first.
    pub fn iter(&self) -> std::collections::vec_deque::Iter<'_, T> {
        self.items.iter()
    }

    /// Oldest first, each with its absolute index.
    pub fn iter_abs(&self) -> impl DoubleEndedIterator<Item = (u64, &T)> + '_ {
        let first = self.first;
        self.items
            .iter()
            .enumerate()
            .map(move |(i, item)| (first + i as u64, item))
    }

    pub fn back(&self) -> Option<&T> {
        self.items.back()
    }

    /// Drops every item; absolute indices keep counting from where they were, so positions
    /// held by the UI never point at a different line afterwards.
    pub fn clear(&mut self) {
        self.first = self.total_pushed();
        self.items.clear();
        self.bytes = 0;
    }
}

impl<T: ItemSize> Ring<T> {
    /// Appends `item`, evicting the oldest items as the limits require. Returns how many were
    /// evicted.
    pub fn push(&mut self, item: T) -> usize {
        if self.max_bytes.is_some() {
            self.bytes += item.size_bytes();
        }
        self.items.push_back(item);
        self.evict()
    }

    /// Replaces the newest item (a partial line completed or grown) and returns the old one;
    /// `None`, and nothing changes, when the ring is empty.
    pub fn replace_last(&mut self, item: T) -> Option<T> {
        let last = self.items.back_mut()?;
        let old = std::mem::replace(last, item);
        if self.max_bytes.is_some() {
            let new = self.items.back().map_or(0, ItemSize::size_bytes);
            self.bytes = self.bytes.saturating_sub(old.size_bytes()) + new;
            self.evict();
        }
        Some(old)
    }

    /// Changes the limits (configuration reloaded), evicting what no longer fits. Returns how
    /// many were evicted.
    pub fn set_limits(&mut self, capacity: usize, max_bytes: Option<usize>) -> usize {
        self.capacity = capacity.max(1);
        if self.max_bytes.is_none() && max_bytes.is_some() {
            self.bytes = self.items.iter().map(ItemSize::size_bytes).sum();
        }
        self.max_bytes = max_bytes;
        if max_bytes.is_none() {
            self.bytes = 0;
        }
        self.evict()
    }

    fn evict(&mut self) -> usize {
        let mut n = 0;
        while self.items.len() > self.capacity
            || (self.items.len() > 1 && self.max_bytes.is_some_and(|max| self.bytes > max))
        {
            let Some(old) = self.items.pop_front() else {
                break;
            };
            if self.max_bytes.is_some() {
                self.bytes = self.bytes.saturating_sub(old.size_bytes());
            }
            self.first += 1;
            n += 1;
        }
        self.evicted += n as u64;
        n
    }
}

impl<'a, T> IntoIterator for &'a Ring<T> {
    type Item = &'a T;
    type IntoIter = std::collections::vec_deque::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        x.to_string()
    }

    #[test]
    fn keeps_the_newest_within_capacity() {
        let mut r = Ring::new(3);
        for i in 0..5 {
            r.push(i.to_string());
        }
        assert_eq!(r.len(), 3);
        assert_eq!(r.iter().cloned().collect::<Vec<_>>(), ["2", "3", "4"]);
        assert_eq!(r.get(0).map(String::as_str), Some("2"));
        assert_eq!(r.get(3), None);
        assert_eq!(r.back().map(String::as_str), Some("4"));
    }

    #[test]
    fn eviction_is_accounted_with_absolute_indices() {
        let mut r = Ring::new(2);
        assert_eq!(r.push(s("a")), 0);
        assert_eq!(r.push(s("b")), 0);
        assert_eq!(r.push(s("c")), 1);
        assert_eq!((r.first_index(), r.total_pushed(), r.evicted()), (1, 3, 1));
        assert_eq!(r.get_abs(0), None);
        assert_eq!(r.get_abs(1).map(String::as_str), Some("b"));
        assert_eq!(r.get_abs(3), None);
        assert_eq!(r.position(2), Some(1));
        let abs: Vec<u64> = r.iter_abs().map(|(i, _)| i).collect();
        assert_eq!(abs, [1, 2]);
    }

    #[test]
    fn clear_keeps_counting() {
        let mut r = Ring::new(10);
        r.push(s("a"));
        r.push(s("b"));
        r.clear();
        assert!(r.is_empty());
        assert_eq!((r.first_index(), r.total_pushed(), r.evicted()), (2, 2, 0));
        r.push(s("c"));
        assert_eq!(r.get_abs(2).map(String::as_str), Some("c"));
    }

    #[test]
    fn byte_budget_evicts_oldest_but_keeps_the_newest() {
        let mut r = Ring::with_byte_budget(100, 10);
        r.push(s("aaaa"));
        r.push(s("bbbb"));
        assert_eq!(r.bytes(), 8);
        assert_eq!(r.push(s("cccc")), 1);
        assert_eq!(r.bytes(), 8);
        // A single item over the budget stays alone rather than leaving the ring empty.
        assert_eq!(r.push("x".repeat(50)), 2);
        assert_eq!(r.len(), 1);
        assert_eq!(r.bytes(), 50);
        assert_eq!(r.evicted(), 3);
        assert_eq!(r.first_index() + r.len() as u64, r.total_pushed());
    }

    #[test]
    fn replacing_the_last_item_reaccounts_its_size() {
        let mut r: Ring<String> = Ring::with_byte_budget(100, 10);
        assert_eq!(r.replace_last(s("x")), None);
        r.push(s("abc"));
        r.push(s("de"));
        assert_eq!(r.replace_last(s("defgh")), Some(s("de")));
        assert_eq!(r.bytes(), 8);
        r.replace_last(s("defghijk"));
        assert_eq!(r.len(), 1);
        assert_eq!(r.bytes(), 8);
        assert_eq!(r.total_pushed(), 2);
    }

    #[test]
    fn limits_can_shrink_and_capacity_is_at_least_one() {
        let mut r = Ring::new(0);
        assert_eq!(r.capacity(), 1);
        r.push(s("a"));
        r.push(s("b"));
        assert_eq!(r.len(), 1);
        r.set_limits(5, None);
        for x in ["c", "d", "e", "f"] {
            r.push(s(x));
        }
        assert_eq!(r.set_limits(2, Some(100)), 3);
        assert_eq!(r.iter().cloned().collect::<Vec<_>>(), ["e", "f"]);
        assert_eq!(r.bytes(), 2);
        assert_eq!(r.evicted(), 4);
    }

    #[test]
    fn raw_and_styled_lines_report_their_size() {
        let line = RawLine {
            bytes: vec![b'x'; 1000],
            ..RawLine::default()
        };
        assert!(line.size_bytes() >= 1000);
        let styled = super::super::ansi::render(&line.bytes, true, 100);
        assert!(styled.size_bytes() >= 100);
        assert!((line.clone(), styled).size_bytes() >= 1100);
    }
}
