//! Several containers' lines in one stream, in timestamp order.
//!
//! Each source (a container's log stream) delivers its own lines in time order, but the streams
//! arrive independently: a line from one may be overtaken by an earlier line from another that
//! simply arrived later. A [`Merger`] holds lines back just long enough to release them in
//! global order. A held line (the earliest of all held) is released when, for every other
//! source, one of these holds:
//!
//! - the source has already delivered a line with a later-or-equal timestamp (its stream is in
//!   order, so nothing earlier can come from it);
//! - the source is finished (its container stopped);
//! - the source has been quiet for the grace period (an idle container must not hold up the
//!   others; if it speaks again, its line is released late rather than never).
//!
//! And whatever the sources do, no line waits longer than the grace period: when any held line
//! has waited that long, lines are released in order up to it. Lines with equal timestamps come
//! out in arrival order. Lines without a timestamp are released at once (or, if their source
//! still has lines held, right after those, so one source's lines never swap).
//!
//! Time is given by the caller (`now`, in any unit, the same as `grace`); nothing here reads a
//! clock. Buffering is bounded: past `max_held` held lines the earliest is released regardless,
//! and released lines the caller has not taken are capped too (the oldest are dropped and
//! counted in [`Merger::dropped`]).

use std::collections::VecDeque;

/// A released line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged<T> {
    /// The source index [`Merger::add_source`] returned.
    pub source: usize,
    /// The timestamp the line was pushed with.
    pub ts: Option<i64>,
    pub item: T,
}

#[derive(Debug)]
struct Held<T> {
    /// The timestamp used for ordering: the line's own, raised to its source's previous one if
    /// the source went back in time (so each source's queue stays sorted).
    key: i64,
    ts: Option<i64>,
    /// Arrival order, across all sources: ties in `key` go by it.
    seq: u64,
    arrived: i64,
    item: T,
}

#[derive(Debug)]
struct Source<T> {
    queue: VecDeque<Held<T>>,
    /// The latest timestamp (ordering key) this source delivered.
    last_ts: Option<i64>,
    /// When the source last delivered a line, or was added.
    last_activity: i64,
    finished: bool,
}

/// Interleaves the lines of several sources by timestamp; see the module documentation.
#[derive(Debug)]
pub struct Merger<T> {
    sources: Vec<Source<T>>,
    ready: VecDeque<Merged<T>>,
    held: usize,
    seq: u64,
    grace: i64,
    max_held: usize,
    dropped: u64,
}

impl<T> Merger<T> {
    /// A merger that waits at most `grace` (in the caller's time unit) for slower sources and
    /// holds at most `max_held` lines (at least 1).
    pub fn new(grace: i64, max_held: usize) -> Self {
        Merger {
            sources: Vec::new(),
            ready: VecDeque::new(),
            held: 0,
            seq: 0,
            grace: grace.max(0),
            max_held: max_held.max(1),
            dropped: 0,
        }
    }

    /// Adds a source and returns its index. It counts as active from `now`: lines of other
    /// sources wait for it (up to the grace period) so that its first lines are merged in.
    pub fn add_source(&mut self, now: i64) -> usize {
        self.sources.push(Source {
            queue: VecDeque::new(),
            last_ts: None,
            last_activity: now,
            finished: false,
        });
        self.sources.len() - 1
    }

    pub fn sources(&self) -> usize {
        self.sources.len()
    }

    /// Lines held back, waiting for their turn.
    pub fn held(&self) -> usize {
        self.held
    }

    /// Lines released but dropped because the caller did not take them and the bound was hit.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// A line from `source`, arrived at `now`. Returns false (and drops the line) for an unknown
    /// source. A finished source that delivers again (its container restarted) is live again.
    pub fn push(&mut self, source: usize, ts: Option<i64>, item: T, now: i64) -> bool {
        let Some(src) = self.sources.get_mut(source) else {
            return false;
        };
        src.finished = false;
        src.last_activity = now;
        let key = match (ts, src.last_ts) {
            (None, _) if src.queue.is_empty() => {
                self.ready.push_back(Merged { source, ts, item });
                self.cap_ready();
                return true;
            }
            (None, last) => last.unwrap_or(i64::MIN),
            (Some(t), Some(last)) => t.max(last),
            (Some(t), None) => t,
        };
        src.last_ts = Some(key);
        src.queue.push_back(Held {
            key,
            ts,
            seq: self.seq,
            arrived: now,
            item,
        });
        self.seq += 1;
        self.held += 1;
        while self.held > self.max_held {
            let Some(c) = self.candidate() else { break };
            if let Some(m) = self.take(c) {
                self.ready.push_back(m);
            }
        }
        self.cap_ready();
        true
    }

    /// The source will deliver nothing more (for now): it no longer holds others back.
    pub fn finish(&mut self, source: usize) {
        if let Some(src) = self.sources.get_mut(source) {
            src.finished = true;
        }
    }

    /// The next line to show at `now`, if one may be released.
    pub fn pop(&mut self, now: i64) -> Option<Merged<T>> {
        if let Some(m) = self.ready.pop_front() {
            return Some(m);
        }
        let c = self.candidate()?;
        self.releasable(c, now).then(|| self.take(c)).flatten()
    }

    /// Every line that may be released at `now`, in order.
    pub fn drain(&mut self, now: i64) -> Vec<Merged<T>> {
        std::iter::from_fn(|| self.pop(now)).collect()
    }

    /// Every line, held or not, in order: for when the merged view closes or all sources end.
    pub fn flush(&mut self) -> Vec<Merged<T>> {
        let mut out: Vec<Merged<T>> = self.ready.drain(..).collect();
        while let Some(c) = self.candidate() {
            match self.take(c) {
                Some(m) => out.push(m),
                None => break,
            }
        }
        out
    }

    /// The time by which, with no new input, the next held line will have been released (its
    /// grace period ends): when the caller should call [`Merger::pop`] again. `None` when
    /// nothing is held.
    pub fn next_deadline(&self) -> Option<i64> {
        self.sources
            .iter()
            .filter_map(|s| s.queue.front())
            .map(|h| h.arrived.saturating_add(self.grace))
            .min()
    }

    /// The source whose first held line is the earliest of all (by timestamp, then arrival).
    fn candidate(&self) -> Option<usize> {
        self.sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.queue.front().map(|h| ((h.key, h.seq), i)))
            .min()
            .map(|(_, i)| i)
    }

    fn releasable(&self, c: usize, now: i64) -> bool {
        let Some(key) = self
            .sources
            .get(c)
            .and_then(|s| s.queue.front())
            .map(|h| h.key)
        else {
            return false;
        };
        // Each queue's arrivals are in order, so the longest-waiting line is at some front.
        let waited_out = self
            .sources
            .iter()
            .filter_map(|s| s.queue.front())
            .any(|h| now.saturating_sub(h.arrived) >= self.grace);
        waited_out
            || self.sources.iter().enumerate().all(|(i, s)| {
                i == c
                    || s.finished
                    || s.last_ts.is_some_and(|t| t >= key)
                    || now.saturating_sub(s.last_activity) >= self.grace
            })
    }

    fn take(&mut self, c: usize) -> Option<Merged<T>> {
        let h = self.sources.get_mut(c)?.queue.pop_front()?;
        self.held -= 1;
        Some(Merged {
            source: c,
            ts: h.ts,
            item: h.item,
        })
    }

    /// Released lines nobody took are capped like held ones: the oldest go first.
    fn cap_ready(&mut self) {
        while self.ready.len() > self.max_held {
            self.ready.pop_front();
            self.dropped += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRACE: i64 = 100;

    fn items<T: Clone>(out: &[Merged<T>]) -> Vec<T> {
        out.iter().map(|m| m.item.clone()).collect()
    }

    fn merger(n: usize) -> Merger<&'static str> {
        let mut m = Merger::new(GRACE, 1000);
        for _ in 0..n {
            m.add_source(0);
        }
        m
    }

    #[test]
    fn three_sources_interleave_by_timestamp() {
        let mut m = merger(3);
        // Each source's lines arrive in bursts, the way separate streams do.
        for (ts, item) in [(1, "a1"), (4, "a4"), (7, "a7")] {
            m.push(0, Some(ts), item, 1);
        }
        assert!(
            m.drain(1).is_empty(),
            "b and c may still have earlier lines"
        );
        for (ts, item) in [(2, "b2"), (5, "b5"), (8, "b8")] {
            m.push(1, Some(ts), item, 2);
        }
        assert!(m.drain(2).is_empty());
        for (ts, item) in [(3, "c3"), (6, "c6"), (9, "c9")] {
            m.push(2, Some(ts), item, 3);
        }
        // Everything up to the smallest "latest" of the three (7) is certain now.
        assert_eq!(
            items(&m.drain(3)),
            ["a1", "b2", "c3", "a4", "b5", "c6", "a7"]
        );
        assert_eq!(m.held(), 2);
        m.push(0, Some(10), "a10", 4);
        assert_eq!(items(&m.drain(4)), ["b8"]);
        for s in 0..3 {
            m.finish(s);
        }
        assert_eq!(items(&m.drain(4)), ["c9", "a10"]);
        assert_eq!(m.held(), 0);
    }

    #[test]
    fn a_quiet_source_holds_others_only_for_the_grace_period() {
        let mut m = merger(3);
        m.push(0, Some(10), "a", 60);
        m.push(1, Some(20), "b", 60);
        assert!(
            m.drain(99).is_empty(),
            "source 2 may still have earlier lines"
        );
        assert_eq!(m.next_deadline(), Some(60 + GRACE));
        // Source 2 said nothing for the grace period since it was added: it no longer blocks.
        // "b" still waits for source 0, which is active and behind it.
        assert_eq!(items(&m.drain(GRACE)), ["a"]);
        m.push(0, Some(30), "a2", 120);
        assert_eq!(items(&m.drain(120)), ["b"]);
        m.push(1, Some(40), "b2", 130);
        assert_eq!(items(&m.drain(130)), ["a2"]);
        // The quiet source speaks late: its line is released, late, but not lost.
        m.push(2, Some(5), "c-late", 140);
        assert_eq!(items(&m.drain(140)), ["c-late"]);
    }

    #[test]
    fn no_line_waits_longer_than_the_grace_period() {
        let mut m = merger(2);
        // Source 1 is busy but far behind (a backlog): it is not quiet, yet may not stall 0.
        m.push(0, Some(1000), "a", 0);
        for t in 0..10 {
            m.push(1, Some(t), "b", t * 10);
        }
        let out = m.drain(GRACE - 1);
        assert!(out.iter().all(|x| x.source == 1), "{out:?}");
        let out = m.drain(GRACE);
        assert_eq!(items(&out).last(), Some(&"a"));
        assert_eq!(m.held(), 0);
    }

    #[test]
    fn equal_timestamps_keep_arrival_order() {
        let mut m = merger(3);
        m.push(2, Some(5), "first", 0);
        m.push(0, Some(5), "second", 0);
        m.push(1, Some(5), "third", 0);
        m.push(0, Some(5), "fourth", 0);
        assert_eq!(items(&m.drain(0)), ["first", "second", "third", "fourth"]);
    }

    #[test]
    fn a_finished_source_blocks_nobody_and_can_come_back() {
        let mut m = merger(2);
        m.push(1, Some(1), "b1", 0);
        m.finish(1);
        m.push(0, Some(2), "a2", 0);
        // Source 0 has passed 1 and source 1 has finished: both lines go.
        assert_eq!(items(&m.drain(0)), ["b1", "a2"]);
        // The container restarts: its new lines are merged again.
        m.push(1, Some(10), "b10", 1);
        m.push(0, Some(3), "a3", 1);
        assert_eq!(items(&m.drain(1)), ["a3"]);
        m.finish(0);
        assert_eq!(items(&m.drain(1)), ["b10"]);
    }

    #[test]
    fn untimestamped_lines_are_released_at_once_without_reordering_a_source() {
        let mut m = merger(2);
        m.push(0, None, "plain", 0);
        assert_eq!(items(&m.drain(0)), ["plain"]);
        m.push(0, Some(5), "a5", 1);
        m.push(0, None, "after-a5", 1);
        assert!(m.drain(1).is_empty());
        m.push(1, Some(6), "b6", 2);
        assert_eq!(items(&m.drain(2)), ["a5", "after-a5"]);
        assert_eq!(m.pop(2).map(|x| x.ts), None);
        assert_eq!(items(&m.flush()), ["b6"]);
    }

    #[test]
    fn buffering_is_bounded() {
        let mut m = Merger::new(GRACE, 3);
        let a = m.add_source(0);
        m.add_source(0);
        for t in 0..10 {
            m.push(a, Some(t), t, 0);
        }
        assert_eq!(m.held(), 3);
        // Forced releases are in order; nothing is lost while the caller keeps up.
        assert_eq!(m.dropped(), 4);
        let out: Vec<i64> = m.flush().iter().map(|x| x.item).collect();
        assert_eq!(out, [4, 5, 6, 7, 8, 9]);
        let mut m = Merger::new(GRACE, 3);
        let a = m.add_source(0);
        m.add_source(0);
        let mut got = Vec::new();
        for t in 0..10 {
            m.push(a, Some(t), t, 0);
            got.extend(m.drain(0).into_iter().map(|x| x.item));
        }
        assert_eq!(m.dropped(), 0);
        got.extend(m.flush().into_iter().map(|x| x.item));
        assert_eq!(got, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn sources_going_back_in_time_do_not_break_order() {
        let mut m = merger(1);
        m.push(0, Some(10), "x", 0);
        m.push(0, Some(5), "y", 0);
        let out = m.drain(0);
        assert_eq!(items(&out), ["x", "y"]);
        assert_eq!(out[1].ts, Some(5));
        assert!(!m.push(7, Some(1), "nowhere", 0));
    }
}
