//! Keeping up with a flood: how far behind the engine's newest line a follow has fallen, told
//! from the lines' own stamps, and how many lines a jump ahead leaves out. Pure: the caller
//! gives every instant (the engine's stamp of a line and the local time it arrived).
//!
//! # Why a follow falls behind, and why it jumps
//!
//! Measured on a 2-core machine (Docker 20.10): busybox `seq 1 2000000000` writes about
//! 300,000 lines/s into the engine's log, and the engine streams a follow at about
//! 80,000 lines/s (the docker CLI following the same log fell as far behind as dockhand). A
//! follow that reads everything therefore falls further behind for as long as the flood lasts
//! (16 s after 25 s), however fast dockhand is. The only way to show what the container writes
//! *now* is to not read everything: when the follow is more than [`MAX_LAG`] behind, the
//! follower re-opens it at the tail and says what it left out ([`LogGap`]); the whole log stays
//! in the engine (`S` saves it).
//!
//! # Telling the lag without trusting clocks to agree
//!
//! For each line, `d = local arrival time − engine stamp = clock offset + lag`. The offset is
//! unknown (another machine, another clock) but constant, and the lag is never negative, so
//! the smallest `d` seen in the current reading is the offset plus the lag at its best, and
//! `d − min d` is how much further behind the reading is now than at its best: a lower bound of
//! the real lag that needs no clock agreement. The local time is a monotonic clock, so a local
//! clock step does not look like lag.
//!
//! - A quiet container (a line a minute) has `d` = offset + a few ms on every line: never
//!   behind.
//! - A tail of old lines read fast has `d` falling line after line (the stamps advance faster
//!   than the reading takes): never behind; the live lines after it set the minimum.
//! - A flood read slower than written has `d` growing by the difference: behind.
//!
//! A new reading starts a new estimate (a new minimum). As long as the stamps advance, `d − min
//! d` cannot grow faster than the local clock, so the reading opened by a jump is read for at
//! least [`MAX_LAG`] before it can jump again: no back-and-forth. Stamps can go back a little
//! (stdout and stderr are written by two goroutines), so a new reading is also not judged for
//! its first [`SETTLE`].
//!
//! # The count of what was skipped
//!
//! The rate of lines per second *of log time* is measured over about the last [`RATE_SPAN`] of
//! log time read ([`Rate`]), over the stretches read between jumps and never across a gap;
//! those stretches were read whole, so it is the rate the container wrote at. The lines left
//! out are stamped between the last line delivered and the first after the jump; the count is
//! that span times the rate: an estimate ("about"), since the rate may have changed. (The
//! engine stamps a line when it takes it from the container's pipe, a pipeful at a time, so
//! stamps come in clumps: a rate over a few milliseconds of log time would be noise.)
//!
//! How rough, measured with `seq` (whose lines number themselves) on a loaded 2-core machine
//! (Docker 20.10 and 26.1): the count said was 0.15 to 1.5 times the lines left out, mostly
//! under; on Docker 26.1 in CI, about 0.1 times, gap after gap (why is not known yet). The container's rate changes from one moment to the next (25,000 to 350,000
//! lines/s there), and the lines read after a jump were written at about half the rate of
//! those left out (seen from their numbers), likely because the engine is busy opening and
//! filling the new reading just then, which slows its writing of the log. It says the order of
//! magnitude; the whole log is in the engine.
//!
//! # What a flood costs
//!
//! A keeping-up follow reads at most [`BUDGET`] lines a second ([`Budget`]): past it the
//! engine waits (nothing is read ahead into memory), the follow falls behind and jumps. So a
//! flood costs dockhand a bounded amount of work whatever its rate (the log view keeps only
//! 10,000 lines anyway, less than a second of such a flood).

use std::collections::VecDeque;
use std::time::Duration;

use crate::time::Nanos;

/// How far behind the engine's newest line a follow may fall before it jumps ahead. Half a
/// second, for the newest line on screen to stay within about a second of the engine's: the
/// estimate is a lower bound (a reading's best moment is not lag-free: the engine takes a
/// while to answer), and until the reading opened by a jump answers (0.1 to 0.4 s on a busy
/// machine), and through the batch and the frame, the screen falls further behind. Measured
/// on a loaded 2-core machine (`scripts/log-flood.py`): at worst 1.0 to 1.4 s with 1 s and
/// with 0.7 s here, 0.6 to 0.9 s with 0.5 s.
pub const MAX_LAG: Duration = Duration::from_millis(500);
/// A new reading is not judged for this long (local time) after it opens: its first lines set
/// the estimate's minimum, and a jump is not followed at once by another.
pub const SETTLE: Duration = Duration::from_millis(300);
/// How many of the newest lines the reading opened by a jump starts with: about a screenful,
/// so the view shows what led up to now, under the gap line.
pub const JUMP_TAIL: u64 = 100;
/// Lines per second a keeping-up follow reads at most (all its sources together). Past it the
/// reader waits, so it falls behind and jumps: a flood costs at most this many lines of work a
/// second. The log view keeps 10,000 lines, so more than two views' worth a second is never
/// seen anyway.
pub const BUDGET: u32 = 20_000;
/// The rate of lines is measured over about this much log time.
pub const RATE_SPAN: Duration = Duration::from_secs(1);
/// Marks of the rate are this far apart in log time (so [`RATE_SPAN`] is about 10 marks).
const RATE_STEP: i64 = RATE_SPAN.as_nanos() as i64 / 10;
/// Stamps further apart than this start a new clump of lines (see [`Rate`]); within one, a
/// flood's lines are microseconds apart.
const CLUMP_GAP: i64 = 1_000_000;
/// Earlier stretches kept for the rate at most, however short they are.
const MAX_STRETCHES: usize = 64;

/// Lines a keeping-up follow left out to catch up with the engine's newest line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogGap {
    /// The stamp of the last line delivered before the gap.
    pub after: Nanos,
    /// The stamp of the first line delivered after it; the lines left out are stamped in
    /// between.
    pub before: Nanos,
    /// About how many lines were left out (the recent rate times the span); `None` when the
    /// rate could not be told (the lines before had all one stamp).
    pub about: Option<u64>,
}

/// How far behind a reading is, from each line's stamp and arrival (see the module notes).
#[derive(Clone, Debug)]
pub struct Lag {
    /// When the reading opened (local ns).
    opened: i64,
    /// The smallest `arrival − stamp` seen in this reading.
    min_d: Option<i64>,
}

impl Lag {
    /// A new reading, opened at local time `now` (ns, any fixed origin).
    pub fn new(now: i64) -> Lag {
        Lag {
            opened: now,
            min_d: None,
        }
    }

    /// A line stamped `ts` (engine ns) arrived at local time `now` (ns): how far behind its
    /// best the reading now is (ns, never negative).
    pub fn observe(&mut self, ts: i64, now: i64) -> i64 {
        let d = now.saturating_sub(ts);
        let min = self.min_d.map_or(d, |m| m.min(d));
        self.min_d = Some(min);
        d.saturating_sub(min)
    }

    /// [`Lag::observe`], and whether that is too far behind: over [`MAX_LAG`], once the
    /// reading has settled.
    pub fn too_far(&mut self, ts: i64, now: i64) -> bool {
        let behind = self.observe(ts, now);
        let settled = now.saturating_sub(self.opened) >= nanos(SETTLE);
        settled && behind > nanos(MAX_LAG)
    }
}

/// Lines per second of log time over about the last [`RATE_SPAN`] of log time read. A follow
/// that jumps reads stretches of the log with gaps between them (a slow reader's stretches may
/// cover a tenth of a second each): the rate is counted over the stretches, never over a gap.
///
/// The engine stamps lines in clumps (a pipeful at a time, more so on a busy machine), and a
/// stretch opened by a jump starts at the end of a clump: counted from its first line to its
/// last, it would hold a clump's interval too many for its lines (measured: about half the
/// rate). So a stretch is counted from the first line of a clump to the first line of a later
/// one ([`CLUMP_GAP`] tells them), which holds whole clumps only.
#[derive(Clone, Debug, Default)]
pub struct Rate {
    /// Lines counted in the current stretch.
    count: u64,
    /// The first stamp of the current stretch, and the previous line's.
    first: Option<i64>,
    prev: Option<i64>,
    /// (stamp, lines counted before it) of lines that start a clump, at least [`RATE_STEP`]
    /// apart (or any line once none started one for twice that), oldest first.
    marks: VecDeque<(i64, u64)>,
    /// The same of the latest line that started a clump or was marked: where the count ends.
    end: Option<(i64, u64)>,
    /// The latest stamp counted in the current stretch.
    last: Option<i64>,
    /// Earlier stretches as (lines, span of log time in ns), newest last: as many as fill
    /// [`RATE_SPAN`] with the newer ones.
    earlier: VecDeque<(u64, i64)>,
}

impl Rate {
    /// A line stamped `ts` was read. Stamps that go back (stdout and stderr are not in order)
    /// count as lines but do not start a clump.
    pub fn line(&mut self, ts: i64) {
        let clump = self.prev.is_some_and(|p| ts.saturating_sub(p) >= CLUMP_GAP);
        let due = match (self.marks.back(), self.first) {
            (Some(m), _) => {
                let since = ts.saturating_sub(m.0);
                (clump && since >= RATE_STEP) || since >= 2 * RATE_STEP
            }
            (None, Some(first)) => clump || ts.saturating_sub(first) >= 2 * RATE_STEP,
            (None, None) => false,
        };
        if clump || due {
            self.end = Some((ts, self.count));
        }
        if due {
            self.marks.push_back((ts, self.count));
            // One mark more than the span holds, so the span is always covered.
            while self
                .marks
                .get(1)
                .is_some_and(|m| ts.saturating_sub(m.0) >= nanos(RATE_SPAN))
            {
                self.marks.pop_front();
            }
        }
        self.first.get_or_insert(ts);
        self.prev = Some(ts);
        self.count += 1;
        self.last = Some(self.last.map_or(ts, |l| l.max(ts)));
    }

    /// The current stretch ends (the follow jumps, or a reading starts afresh): the lines after
    /// this are counted apart from it, so the time between is not taken for a slow rate.
    pub fn break_off(&mut self) {
        if let Some(w) = self.stretch() {
            self.earlier.push_back(w);
        }
        self.count = 0;
        self.marks.clear();
        self.end = None;
        self.first = None;
        self.prev = None;
        self.last = None;
        // Keep the newest stretches that fill the span (and the one that crosses it).
        let mut span = 0i64;
        let keep = self
            .earlier
            .iter()
            .rev()
            .take_while(|(_, s)| {
                let before = span;
                span = span.saturating_add(*s);
                before < nanos(RATE_SPAN)
            })
            .count()
            .min(MAX_STRETCHES);
        let drop = self.earlier.len() - keep;
        self.earlier.drain(..drop);
    }

    /// The recent part of the current stretch: (lines, span of log time in ns). From the
    /// first mark to the latest clump (whole clumps), or, before there are two, from the first
    /// line to the last.
    fn stretch(&self) -> Option<(u64, i64)> {
        if let (Some(a), Some(b)) = (self.marks.front(), self.end)
            && b.0 > a.0
        {
            return Some((b.1 - a.1, b.0 - a.0));
        }
        let span = self.last?.saturating_sub(self.first?);
        (span > 0).then_some((self.count.saturating_sub(1), span))
    }

    /// Lines per nanosecond of log time, `None` before two different stamps were read.
    pub fn per_nano(&self) -> Option<f64> {
        let (lines, span) = self
            .stretch()
            .into_iter()
            .chain(self.earlier.iter().copied())
            .fold((0u64, 0i64), |(l, s), (dl, ds)| {
                (l.saturating_add(dl), s.saturating_add(ds))
            });
        (span > 0).then(|| lines as f64 / span as f64)
    }
}

impl LogGap {
    /// The gap between lines stamped `after` and `before`, the lines left out counted from a
    /// rate in lines per nanosecond of log time (see [`Rate::per_nano`]).
    pub fn estimate(after: Nanos, before: Nanos, per_nano: Option<f64>) -> LogGap {
        let span = before.since(after).max(0) as f64;
        LogGap {
            after,
            before,
            about: per_nano.map(|r| (r * span).round().max(0.0) as u64),
        }
    }
}

/// Reads at most `per_sec` lines a second on average, in bursts of up to a second's worth: a
/// token bucket the reader draws one line from before each line. When it is empty the reader
/// waits for a [`Budget::STEP`]'s worth at once (not one timer per line).
#[derive(Clone, Debug)]
pub struct Budget {
    per_sec: f64,
    tokens: f64,
    /// When the tokens were last counted (local ns).
    at: i64,
}

impl Budget {
    /// How long the reader waits when the bucket is empty.
    pub const STEP: Duration = Duration::from_millis(20);

    /// A full bucket at local time `now` (ns).
    pub fn new(per_sec: u32, now: i64) -> Budget {
        let per_sec = f64::from(per_sec.max(1));
        Budget {
            per_sec,
            tokens: per_sec,
            at: now,
        }
    }

    /// Takes one line at local time `now` (ns): `None` when it may be read now, else how long
    /// to wait first (then it may).
    pub fn take(&mut self, now: i64) -> Option<Duration> {
        let elapsed = now.saturating_sub(self.at).max(0) as f64 / 1e9;
        self.at = now;
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.per_sec);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return None;
        }
        // Wait for a step's worth; the line is taken from it.
        let step = Self::STEP.as_secs_f64();
        self.tokens += step * self.per_sec - 1.0;
        self.at = now.saturating_add(nanos(Self::STEP));
        Some(Self::STEP)
    }
}

fn nanos(d: Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: i64 = 1_000_000;
    const S: i64 = 1_000_000_000;
    /// An engine stamp: 2025-11-29, a realistic size.
    const T0: i64 = 1_764_400_000 * S;

    /// Feeds lines (stamp, local arrival) and says at which one the reading was too far behind.
    fn first_jump(lag: &mut Lag, lines: impl IntoIterator<Item = (i64, i64)>) -> Option<usize> {
        lines.into_iter().position(|(ts, now)| lag.too_far(ts, now))
    }

    #[test]
    fn a_flood_read_slower_than_written_is_behind_whatever_the_clocks_say() {
        // Written at 300,000 lines/s, read at 80,000: log time advances 3.75 times slower than
        // the reading's. The local clock is an hour ahead, or a day behind, or a monotonic
        // clock with any origin: the same answer.
        for offset in [0, 3_600 * S, -86_400 * S, -T0 + 5 * S] {
            let mut lag = Lag::new(T0 + offset);
            let read_every = S / 80_000;
            let lines =
                (0..400_000i64).map(|i| (T0 + i * S / 300_000, T0 + offset + i * read_every));
            let at = first_jump(&mut lag, lines).expect("behind");
            // Behind by MAX_LAG after t local seconds: t - t * 80/300 = MAX_LAG.
            let local = at as f64 * read_every as f64;
            let want = MAX_LAG.as_nanos() as f64 / (1.0 - 80.0 / 300.0);
            assert!((local / want - 1.0).abs() < 0.02, "{local} {want}");
        }
    }

    #[test]
    fn a_quiet_container_never_is() {
        // A line a minute for a day, each arriving 2 to 80 ms after it was stamped, and a
        // local clock 42 s behind the engine's.
        let mut lag = Lag::new(T0 - 42 * S);
        let lines = (0..1_440i64).map(|i| {
            let ts = T0 + i * 60 * S;
            (ts, ts - 42 * S + (2 + (i * 37) % 78) * MS)
        });
        assert_eq!(first_jump(&mut lag, lines), None);
    }

    #[test]
    fn a_tail_of_old_lines_is_not() {
        // 500 lines written an hour ago at 1,000 lines/s, read in 50 ms just after the
        // reading opened, then live lines at 10 a second arriving 5 ms after they are stamped.
        let now = T0 + 3_600 * S;
        let mut lag = Lag::new(now);
        let tail = (0..500i64).map(|i| (T0 + i * MS, now + i * 100_000));
        let live = (0..100i64).map(|i| {
            let ts = now + 60 * MS + i * 100 * MS;
            (ts, ts + 5 * MS)
        });
        assert_eq!(first_jump(&mut lag, tail.chain(live)), None);
        // The tail's lines did not make the live ones look behind: they set a larger minimum,
        // the live ones lowered it.
        assert_eq!(lag.observe(now + 20 * S, now + 20 * S + 5 * MS), 0);
    }

    #[test]
    fn a_new_reading_is_given_a_moment() {
        // A reading that starts far behind its first line (the engine took long to answer)
        // is judged by how it moves from there.
        let mut lag = Lag::new(T0);
        assert!(!lag.too_far(T0 - 10 * S, T0));
        assert!(!lag.too_far(T0 - 10 * S + 100 * MS, T0 + 400 * MS));
        // As long as the stamps advance, it cannot look more behind than the time it has
        // been read: no jump within MAX_LAG of another.
        let max = nanos(MAX_LAG);
        let mut lag = Lag::new(T0);
        let frozen = (0..=max / MS).map(|i| (T0, T0 + i * MS));
        assert_eq!(first_jump(&mut lag, frozen), None);
        assert!(lag.too_far(T0, T0 + max + MS));
        // Stamps that go back (stdout and stderr out of order) are not judged before SETTLE.
        let mut lag = Lag::new(T0);
        assert!(!lag.too_far(T0 + 2 * S, T0));
        assert!(!lag.too_far(T0, T0 + 100 * MS));
        assert!(lag.too_far(T0 + 2 * S, T0 + 2 * S + 1_100 * MS));
    }

    #[test]
    fn the_count_is_the_recent_rate_times_the_span() {
        let mut rate = Rate::default();
        assert_eq!(rate.per_nano(), None);
        // An hour-old tail at 1,000 lines/s, then 3 s of a flood at 300,000 lines/s: the rate
        // is the flood's, not the average since the tail.
        for i in 0..500i64 {
            rate.line(T0 + i * MS);
        }
        let start = T0 + 3_600 * S;
        for i in 0..900_000i64 {
            rate.line(start + i * S / 300_000);
        }
        let per_sec = rate.per_nano().expect("a rate") * 1e9;
        assert!((299_000.0..301_000.0).contains(&per_sec), "{per_sec}");
        // 8 s skipped: about 2.4 million.
        let after = Nanos(start + 3 * S);
        let gap = LogGap::estimate(after, after.plus(8 * S), rate.per_nano());
        let about = gap.about.expect("a count");
        assert!((2_390_000..2_410_000).contains(&about), "{about}");
        assert_eq!((gap.after, gap.before), (after, after.plus(8 * S)));
    }

    #[test]
    fn the_count_of_a_slow_log_and_of_lines_out_of_order() {
        // 10 lines a second, stdout and stderr a little out of order.
        let mut rate = Rate::default();
        for i in 0..50i64 {
            let jitter = if i % 2 == 0 { 3 * MS } else { 0 };
            rate.line(T0 + i * 100 * MS + jitter);
        }
        let per_sec = rate.per_nano().expect("a rate") * 1e9;
        assert!((9.0..11.0).contains(&per_sec), "{per_sec}");
        let gap = LogGap::estimate(Nanos(T0), Nanos(T0 + 30 * S), rate.per_nano());
        assert!(matches!(gap.about, Some(290..=310)), "{gap:?}");
        // All lines with one stamp: no rate to tell.
        let mut rate = Rate::default();
        for _ in 0..10 {
            rate.line(T0);
        }
        assert_eq!(rate.per_nano(), None);
        // A gap that goes back gives 0, not a negative count.
        let mut rate = Rate::default();
        rate.line(T0);
        rate.line(T0 + S);
        let back = LogGap::estimate(Nanos(T0 + S), Nanos(T0), rate.per_nano());
        assert_eq!(back.about, Some(0));
    }

    #[test]
    fn the_rate_is_counted_over_stretches_read_never_over_a_gap() {
        // A slow reader of a flood at 100,000 lines/s: reads 0.1 s of log, jumps 1 s ahead,
        // reads 0.1 s... The rate is the flood's, not a tenth of it.
        let mut rate = Rate::default();
        for stretch in 0..20i64 {
            let from = T0 + stretch * 1_100 * MS;
            for i in 0..10_000i64 {
                rate.line(from + i * 10_000);
            }
            rate.break_off();
        }
        let per_sec = rate.per_nano().expect("a rate") * 1e9;
        assert!((99_000.0..101_000.0).contains(&per_sec), "{per_sec}");
        // Only the recent stretches count: a slower flood now shows within a second of log.
        for stretch in 0..12i64 {
            let from = T0 + 100 * S + stretch * 1_100 * MS;
            for i in 0..1_000i64 {
                rate.line(from + i * 100_000);
            }
            rate.break_off();
        }
        let per_sec = rate.per_nano().expect("a rate") * 1e9;
        assert!((9_900.0..10_100.0).contains(&per_sec), "{per_sec}");
        // Stretches of one stamp each tell nothing and do not count.
        let mut rate = Rate::default();
        for stretch in 0..5 {
            rate.line(T0 + stretch * S);
            rate.break_off();
        }
        assert_eq!(rate.per_nano(), None);
    }

    #[test]
    fn clumps_of_stamps_do_not_halve_the_rate() {
        // 7,000 lines stamped 1 µs apart every 50 ms (140,000 lines/s), as the engine stamps
        // a busy flood. Each stretch read starts with the last 100 lines of a clump (the tail
        // of a jump) and reads 10,000 lines, then the follow jumps 1 s ahead.
        let clump = |k: i64, i: i64| T0 + k * 50 * MS + i * 1_000;
        let mut rate = Rate::default();
        for stretch in 0..5i64 {
            let k0 = stretch * 22;
            let lines = (6_900..7_000)
                .map(|i| clump(k0, i))
                .chain((1..).flat_map(|k| (0..7_000).map(move |i| clump(k0 + k, i))))
                .take(10_000);
            for ts in lines {
                rate.line(ts);
            }
            rate.break_off();
        }
        let per_sec = rate.per_nano().expect("a rate") * 1e9;
        assert!((130_000.0..150_000.0).contains(&per_sec), "{per_sec}");
    }

    #[test]
    fn the_budget_lets_a_burst_through_then_paces() {
        let mut b = Budget::new(1_000, 0);
        // A second's worth at once.
        assert!((0..1_000).all(|_| b.take(0).is_none()));
        // Then one step's worth per step.
        let step = nanos(Budget::STEP);
        assert_eq!(b.take(0), Some(Budget::STEP));
        let mut now = step;
        let mut waits = 0;
        let mut read = 1;
        while now < S {
            match b.take(now) {
                None => read += 1,
                Some(w) => {
                    // The line is read after the wait.
                    waits += 1;
                    read += 1;
                    now += nanos(w);
                }
            }
        }
        // About 1,000 more in the next second, in about 50 waits.
        assert!((950..=1_050).contains(&read), "{read}");
        assert!((45..=55).contains(&waits), "{waits}");
    }
}
