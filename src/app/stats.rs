//! Live container numbers: the latest sample and rates of each container, a bounded history
//! for the stats view, and the schedule that decides which containers to sample on a tick.
//!
//! Every sample through the engine's API costs the engine CPU (about 4 ms each on engine A),
//! so the budget goes where the user looks: the selected container every tick, the running
//! rows on screen every [`StatsConfig::interval`], nothing for rows out of view (all running
//! rows when the list is sorted by CPU or memory, since the order depends on all of them).
//! Samples read from cgroup files cost the engine nothing and are not rationed; API samples
//! for rows are capped at [`API_ROWS_PER_TICK`] a tick, the most overdue first.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::ids::ContainerId;
use crate::stats::{Rates, Sample, Source, rates};
use crate::time::Nanos;

/// API samples for list rows per tick (one tick a second), besides the selected container.
/// Each costs the engine 4 to 6 ms of CPU: measured on engine A with 104 running containers
/// (scripts/stats-cost.py), 8 + 1 a second cost it +3.4 to +5.5 points of a core and 6 + 1
/// +4.0 to +4.9; 4 + 1 keep it clear of the 5-point budget.
pub const API_ROWS_PER_TICK: usize = 4;
/// A sample asked for this long ago and not answered is taken as lost (the request was
/// dropped on a reconnect, say), so the container is asked for again.
const LOST_AFTER: i64 = 10;

/// How stats are sampled and kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatsConfig {
    /// Seconds between samples of the running rows on screen.
    pub interval: i64,
    /// Seconds of history kept per container for the stats view.
    pub window: i64,
}

impl Default for StatsConfig {
    fn default() -> Self {
        Self {
            interval: 5,
            window: 300,
        }
    }
}

/// A figure the stats view charts over the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    /// Tenths of a percent.
    Cpu,
    /// Bytes.
    Mem,
    /// Bytes per second, each.
    NetRx,
    NetTx,
    BlkRead,
    BlkWrite,
}

/// One point of a container's history, for the charts: of each figure only the whole number
/// its chart bar is drawn from (CPU in tenths of a percent, the rest as it is, rounded; never
/// negative). 64 bytes where the whole [`Rates`] made it 168: the history is what grows while
/// dockhand sits idle (a point every 5 s for each running row on screen, a window of 300 s:
/// 548 KB of heap after 6 minutes idle with 100 + 100 containers, measured with heaptrack),
/// and the view reads nothing else of it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Point {
    /// Engine or local time of the sample.
    pub at: Nanos,
    /// By [`Chart`], in its order; `known` says which are there.
    bars: [u64; 6],
    /// Bit `Chart as u8` set: that figure was known.
    known: u8,
    /// How the sample was read (the stats view says how the charted numbers were obtained).
    pub source: Source,
}

impl Point {
    pub fn new(at: Nanos, rates: &Rates, source: Source) -> Self {
        let figures = [
            rates.cpu_percent.map(|p| p * 10.0),
            rates.mem_used.map(|m| m as f64),
            rates.net_rx_per_s,
            rates.net_tx_per_s,
            rates.blk_read_per_s,
            rates.blk_write_per_s,
        ];
        let mut point = Self {
            at,
            bars: [0; 6],
            known: 0,
            source,
        };
        for (i, figure) in figures.into_iter().enumerate() {
            if let Some(x) = figure {
                point.bars[i] = x.max(0.0).round() as u64;
                point.known |= 1 << i;
            }
        }
        point
    }

    /// The figure as its chart bar takes it, when it was known.
    pub fn bar(&self, chart: Chart) -> Option<u64> {
        let i = chart as usize;
        (self.known & (1 << i) != 0).then(|| self.bars[i])
    }
}

/// What is known of one container.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub last: Sample,
    pub rates: Rates,
    /// When the sample arrived, unix seconds (app clock): how fresh the numbers are.
    pub at: i64,
    pub history: VecDeque<Point>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsBook {
    pub config: StatsConfig,
    entries: HashMap<ContainerId, Entry>,
    /// When each container was last asked for, unix seconds.
    asked: HashMap<ContainerId, i64>,
    /// Asked and not answered yet: never asked twice at once.
    in_flight: HashSet<ContainerId>,
    /// The last error per container (shown in the stats view), cleared by a sample.
    errors: HashMap<ContainerId, String>,
    /// How many rows the last schedule covered (for the interval they really get).
    rows: usize,
    /// Where the latest sample came from: whether this engine's files are read here, for the
    /// schedule. What the screen says comes from the entries shown (one container's latest
    /// sample says little about the others').
    latest: Option<Source>,
}

impl StatsBook {
    pub fn new(config: StatsConfig) -> Self {
        Self {
            config: StatsConfig {
                interval: config.interval.max(1),
                window: config.window.max(10),
            },
            ..Self::default()
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    pub fn error(&self, id: &str) -> Option<&str> {
        self.errors.get(id).map(String::as_str)
    }

    /// The source of the most recent sample: whether this engine's cgroup files are read here.
    pub fn source(&self) -> Option<Source> {
        self.latest
    }

    /// Seconds since the container's numbers were sampled.
    pub fn age(&self, id: &str, now: i64) -> Option<i64> {
        self.entries.get(id).map(|e| (now - e.at).max(0))
    }

    /// Seconds between two samples of a row as scheduled: the configured interval, or longer
    /// when the rows are more than the API ration covers in that time (file samples are free).
    pub fn row_interval(&self) -> i64 {
        if self.source() == Some(Source::Cgroup) {
            return self.config.interval;
        }
        let ration = self.rows.div_ceil(API_ROWS_PER_TICK) as i64;
        self.config.interval.max(ration)
    }

    /// Whether the container's numbers are older than its schedule allows (shown dimmed).
    pub fn is_stale(&self, id: &str, now: i64, selected: bool) -> bool {
        let every = if selected { 1 } else { self.row_interval() };
        self.age(id, now).is_none_or(|a| a > 2 * every + 1)
    }

    /// The containers to sample now. `selected` is sampled every tick, `rows` (running, in
    /// screen order) every interval; API-sampled rows at most [`API_ROWS_PER_TICK`] per tick.
    pub fn due(
        &mut self,
        now: i64,
        selected: Option<&ContainerId>,
        rows: &[&ContainerId],
    ) -> Vec<ContainerId> {
        self.rows = rows.len();
        let asked = &self.asked;
        self.in_flight
            .retain(|id| asked.get(id).is_some_and(|t| now - t < LOST_AFTER));
        let mut out = Vec::new();
        if let Some(id) = selected
            && !self.in_flight.contains(id)
            && self.asked.get(id).is_none_or(|t| now - t >= 1)
        {
            out.push(id.clone());
        }
        // Containers of an engine whose files are read here are free to sample, including
        // ones not sampled yet.
        let local = self.source() == Some(Source::Cgroup);
        let mut candidates: Vec<(i64, &ContainerId, bool)> = rows
            .iter()
            .filter(|id| Some(**id) != selected && !self.in_flight.contains(**id))
            .filter_map(|id| {
                let asked = self.asked.get(*id).copied();
                let overdue = asked.map_or(i64::MAX, |t| now - t);
                let entry = self.entries.get(*id);
                // A first sample gives no CPU figure: the second comes a second later.
                let every = match entry {
                    Some(e) if e.history.len() < 2 => 1,
                    _ => self.config.interval,
                };
                (overdue >= every).then(|| {
                    let free = entry.map_or(local, |e| e.last.source == Source::Cgroup);
                    (overdue, *id, free)
                })
            })
            .collect();
        // Most overdue first; never-sampled rows (i64::MAX) lead, in screen order.
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
        let mut api = 0;
        for (_, id, free) in candidates {
            if !free {
                if api >= API_ROWS_PER_TICK {
                    continue;
                }
                api += 1;
            }
            out.push(id.clone());
        }
        for id in &out {
            self.asked.insert(id.clone(), now);
            self.in_flight.insert(id.clone());
        }
        out
    }

    /// A sample (or why there is none) arrived.
    pub fn record(&mut self, id: &ContainerId, result: Result<Sample, String>, now: i64) {
        self.in_flight.remove(id);
        let sample = match result {
            Ok(s) => s,
            Err(e) => {
                self.errors.insert(id.clone(), e);
                return;
            }
        };
        self.errors.remove(id);
        let window_ns = self.config.window.saturating_mul(Nanos::PER_SEC);
        let cap = (self.config.window as usize).saturating_add(2);
        let entry = self.entries.entry(id.clone());
        let e = entry.or_insert_with(|| Entry {
            last: sample.clone(),
            rates: Rates::default(),
            at: now,
            history: VecDeque::new(),
        });
        let prev = (e.last != sample).then_some(&e.last);
        // API samples carry the engine's clock, file samples ours: rates only within one source.
        let prev = prev.filter(|p| p.at < sample.at && p.source == sample.source);
        e.rates = rates(prev, &sample);
        e.at = now;
        e.history
            .push_back(Point::new(sample.at, &e.rates, sample.source));
        while e.history.len() > cap
            || e.history
                .front()
                .is_some_and(|p| sample.at.since(p.at) > window_ns)
        {
            e.history.pop_front();
        }
        self.latest = Some(sample.source);
        e.last = sample;
    }

    /// Forgets containers that are gone or stopped (their counters start again on a start).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.entries.retain(|id, _| keep(id.as_str()));
        self.asked.retain(|id, _| keep(id.as_str()));
        self.errors.retain(|id, _| keep(id.as_str()));
    }

    /// After a reconnect nothing in flight will be answered.
    pub fn reset_in_flight(&mut self) {
        self.in_flight.clear();
    }

    /// CPU % for sorting (unknown last).
    pub fn cpu(&self, id: &str) -> Option<f64> {
        self.entries.get(id).and_then(|e| e.rates.cpu_percent)
    }

    pub fn mem(&self, id: &str) -> Option<u64> {
        self.entries.get(id).and_then(|e| e.rates.mem_used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_keeps_what_the_charts_draw_in_64_bytes() {
        let rates = Rates {
            cpu_percent: Some(12.34),
            mem_used: Some(3 << 30),
            mem_limit: Some(4 << 30),
            net_rx_per_s: Some(-1.0),
            net_tx_per_s: Some(2.5),
            blk_read_per_s: None,
            blk_write_per_s: Some(0.49),
            ..Rates::default()
        };
        let p = Point::new(Nanos(7), &rates, Source::Cgroup);
        assert_eq!(p.bar(Chart::Cpu), Some(123));
        assert_eq!(p.bar(Chart::Mem), Some(3 << 30));
        assert_eq!(p.bar(Chart::NetRx), Some(0), "never negative");
        assert_eq!(p.bar(Chart::NetTx), Some(3));
        assert_eq!(p.bar(Chart::BlkRead), None);
        assert_eq!(p.bar(Chart::BlkWrite), Some(0));
        assert_eq!((p.at, p.source), (Nanos(7), Source::Cgroup));
        assert_eq!(std::mem::size_of::<Point>(), 64);
    }
}
