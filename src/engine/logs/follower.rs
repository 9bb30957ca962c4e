//! [`Engine::follow_logs`](super::Engine::follow_logs): one container's log followed for as
//! long as the caller holds the stream, through stops, restarts and the engine's lapses.
//!
//! The phases: the first reading (as asked); then, while the container runs, a follow; when
//! the follow ends, an inspect decides why (the engine may take up to [`SETTLE`] to record a
//! stop). A stop gets one plain reading from the cursor first (the follow often misses the
//! last lines, see the module notes of [`super`]), then [`LogEvent::Ended`] and a wait for
//! the container's start or destroy event (with an inspect every [`WAIT_RECHECK`] in case an
//! event was missed), then [`LogEvent::Resumed`] and a reading from the cursor. Two lines
//! further apart than the follow made dockhand wait ([`skipped`]) get the interval read
//! plainly in between (26.1 skips lines at a rotation).
//!
//! Keeping up ([`Pace::KeepUp`], what the log view asks for): a follow that falls more than
//! [`MAX_LAG`](super::keep_up::MAX_LAG) behind the engine's newest line (told from the lines'
//! stamps, see [`super::keep_up`]) is dropped and re-opened at the tail: `tail` =
//! [`JUMP_TAIL`], `since` = the [`Cursor`] of what was delivered. The lines in between are left
//! out on purpose, so they are not the [`skipped`] lapse the follower reads again: the reading
//! opened by the jump starts its own stamps (the first line is compared with nothing), and what
//! was left out is said once, as [`LogEvent::Skipped`], just before the first line after it.
//! The follow also reads at most a budget of lines a second, so a flood costs a bounded amount
//! of work: past it the follow falls behind, and jumps.
//!
//! Invariants: no line is delivered twice (each reading starts from the [`Cursor`] of the
//! last, a jump's too: `since` is inclusive and the cursor skips what was delivered at that
//! stamp); `Ended { resumable: false }` is the last item; failures to reach the engine are
//! retried with a [`Backoff`] (1 s doubling to 30 s), reset by each line delivered.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::time::Duration;

use bollard::query_parameters::{EventsOptions, InspectContainerOptions};
use futures_util::StreamExt;
use tracing::debug;

use super::decoder::Cursor;
use super::keep_up::{Budget, JUMP_TAIL, Lag, LogGap, Rate};
use super::lines::LogLines;
use super::request::{LogEnd, LogError, LogRequest};
use super::timestamp::parse_timestamp;
use crate::engine::backoff::Backoff;
use crate::engine::connect::Engine;
use crate::engine::errors::{describe, is_not_found};
use crate::logs::RawLine;
use crate::time::Nanos;

/// What [`Engine::follow_logs`] yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogEvent {
    Line(RawLine),
    /// The stream stopped, with the reason. `resumable`: the follower is waiting for
    /// the container to start again and will say [`LogEvent::Resumed`]; when false this is
    /// the last item (the container is gone, or its logs cannot be read).
    Ended {
        reason: LogEnd,
        resumable: bool,
    },
    /// Lines flow again (the container started again); nothing already delivered is repeated.
    Resumed,
    /// The follow fell too far behind and jumped ahead ([`Pace::KeepUp`]): the lines stamped
    /// between the last line delivered and the next were left out (the engine still has them).
    Skipped(LogGap),
}

/// How a follow treats a container that writes faster than it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Every line, however far behind that puts the reader (saving, tests).
    Everything,
    /// Stay within [`MAX_LAG`](super::keep_up::MAX_LAG) of the engine's newest line, reading
    /// at most `budget` lines a second: past either, jump ahead and say what was left out
    /// ([`LogEvent::Skipped`]). Not with `until`: a closed window is read whole.
    KeepUp { budget: u32 },
}

/// How long the follower lets the engine take to record a stop after the stream ended.
const SETTLE: Duration = Duration::from_secs(2);
const SETTLE_POLL: Duration = Duration::from_millis(100);
/// While waiting for a start event, the container is also inspected this often, in case an
/// event was missed.
const WAIT_RECHECK: Duration = Duration::from_secs(30);
/// How much further apart two lines' stamps may be than the time the follow kept dockhand
/// waiting between them before the interval is read again ([`skipped`]). Covers the engine's
/// own delays in noticing that its file grew; a false alarm costs one plain reading.
const SKIP_SLACK: Duration = Duration::from_millis(300);

/// The container run whose log is being followed.
#[derive(Clone, Debug)]
struct Instance {
    started_at: String,
    finished_at: String,
    running: bool,
    status: String,
    exit_code: Option<i64>,
}

impl Instance {
    fn stop_reason(&self) -> LogEnd {
        LogEnd::Stopped {
            status: self.status.clone(),
            exit_code: self.exit_code,
        }
    }
}

enum Phase {
    /// The first reading is still to be opened.
    Start,
    Reading(Box<LogLines>),
    /// The follow skipped lines before `held` ([`skipped`]): a plain reading of the interval
    /// delivers them, then `held`, then the follow goes on.
    Refill {
        lines: Box<LogLines>,
        follow: Box<LogLines>,
        held: RawLine,
        found: u64,
    },
    /// The container stopped: a last plain reading from where the follow got to delivers what
    /// the follow may have missed, then the follower says `reason` and waits.
    CatchUp(Box<LogLines>, LogEnd),
    /// The stream ended; waiting for the container to start again.
    Waiting,
    Done,
}

pub(super) struct Follower {
    engine: Engine,
    id: String,
    req: LogRequest,
    cap: usize,
    cursor: Cursor,
    /// The run whose lines were read last.
    instance: Option<Instance>,
    phase: Phase,
    queue: VecDeque<LogEvent>,
    backoff: Backoff,
    /// When the run read last stopped (engine time, ns), once known.
    last_stop: Option<Nanos>,
    /// The latest stamp delivered by the current reading.
    last_ts: Option<Nanos>,
    /// What keeping up needs, when the follow keeps up (see [`Pace`]).
    keep_up: Option<KeepUp>,
}

/// The state of a follow that keeps up: how far behind the current reading is, the recent
/// rate of lines, the budget, and a gap still to be said.
struct KeepUp {
    /// The origin of the local monotonic clock the estimates use.
    epoch: tokio::time::Instant,
    lag: Lag,
    rate: Rate,
    budget: Budget,
    /// After a jump: the stamp of the last line delivered before it, and the rate then (lines
    /// per ns of log time); said as a gap with the first line of the new reading.
    gap: Option<(Nanos, Option<f64>)>,
}

impl KeepUp {
    fn now(&self) -> i64 {
        i64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(i64::MAX)
    }

    /// A new reading opens: a new estimate of the lag (its own best), a new stretch of the
    /// rate, and no gap to say (a reading from the cursor leaves nothing out).
    fn restart(&mut self) {
        self.lag = Lag::new(self.now());
        self.rate.break_off();
        self.gap = None;
    }
}

/// Which reading [`Follower::open`] starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    First,
    /// The same run goes on (the stream ended for another reason than a stop).
    SameRun,
    NewRun,
}

impl Follower {
    pub(super) fn new(
        engine: Engine,
        id: &str,
        req: &LogRequest,
        cap: usize,
        pace: Pace,
    ) -> Follower {
        let keep_up = match pace {
            Pace::KeepUp { budget } if req.until.is_none() => {
                let epoch = tokio::time::Instant::now();
                Some(KeepUp {
                    epoch,
                    lag: Lag::new(0),
                    rate: Rate::default(),
                    budget: Budget::new(budget, 0),
                    gap: None,
                })
            }
            _ => None,
        };
        Follower {
            engine,
            id: id.to_string(),
            req: LogRequest {
                follow: true,
                ..req.clone()
            },
            cap,
            cursor: Cursor::default(),
            instance: None,
            phase: Phase::Start,
            queue: VecDeque::new(),
            backoff: Backoff::new(),
            last_stop: None,
            last_ts: None,
            keep_up,
        }
    }

    pub(super) async fn next(&mut self) -> Option<LogEvent> {
        loop {
            if let Some(ev) = self.queue.pop_front() {
                return Some(ev);
            }
            match &mut self.phase {
                Phase::Done => return None,
                Phase::Start => match self.inspect().await {
                    Ok(None) => self.end_for_good(LogEnd::Gone),
                    Ok(Some(i)) => {
                        self.instance = Some(i);
                        self.open(Reading::First);
                    }
                    Err(e) => {
                        self.queue.push_back(LogEvent::Ended {
                            reason: LogEnd::Failed(e),
                            resumable: true,
                        });
                        self.phase = Phase::Waiting;
                    }
                },
                Phase::Reading(lines) => {
                    if let Some(k) = &mut self.keep_up
                        && let Some(wait) = k.budget.take(k.now())
                    {
                        // Over the budget: the engine waits (nothing is read ahead), the
                        // follow falls behind, and jumps.
                        tokio::time::sleep(wait).await;
                    }
                    match lines.next().await {
                        Some(Ok(line)) => {
                            self.backoff.reset();
                            let waited = lines.take_waited();
                            let last = self.last_ts;
                            if let Some(ts) = line.ts {
                                self.last_ts = Some(last.map_or(ts, |l| l.max(ts)));
                            }
                            match (last, line.ts) {
                                (Some(from), Some(to)) if skipped(from.0, to.0, waited) => {
                                    self.refill(from, to, line)
                                }
                                (_, Some(ts)) if self.keep_up.is_some() => {
                                    let cursor = lines.cursor();
                                    return Some(self.keep_up(ts, line, cursor));
                                }
                                _ => return Some(LogEvent::Line(line)),
                            }
                        }
                        Some(Err(e)) => {
                            self.cursor = lines.cursor();
                            self.stream_ended(Some(e)).await;
                        }
                        None => {
                            self.cursor = lines.cursor();
                            self.stream_ended(None).await;
                        }
                    }
                }
                Phase::Refill { lines, found, .. } => match lines.next().await {
                    Some(Ok(line)) => {
                        *found += 1;
                        // Lines of the log as written: they count towards its rate.
                        if let (Some(k), Some(ts)) = (&mut self.keep_up, line.ts) {
                            k.rate.line(ts.0);
                        }
                        return Some(LogEvent::Line(line));
                    }
                    Some(Err(_)) | None => {
                        if let Phase::Refill {
                            follow,
                            held,
                            found,
                            ..
                        } = std::mem::replace(&mut self.phase, Phase::Waiting)
                        {
                            if found > 0 {
                                debug!(found, id = %self.id, "log follower: the follow had skipped lines; read them");
                            }
                            self.phase = Phase::Reading(follow);
                            return Some(LogEvent::Line(held));
                        }
                    }
                },
                Phase::CatchUp(lines, _) => match lines.next().await {
                    Some(Ok(line)) => return Some(LogEvent::Line(line)),
                    Some(Err(_)) | None => {
                        self.cursor = lines.cursor();
                        if let Phase::CatchUp(_, reason) =
                            std::mem::replace(&mut self.phase, Phase::Waiting)
                        {
                            self.ended(reason);
                        }
                    }
                },
                Phase::Waiting => self.wait().await,
            }
        }
    }

    /// A line stamped `ts` of a keeping-up follow, read with the reading at `cursor`: what to
    /// deliver (the gap left by a jump comes first, the line is queued behind it), and a jump
    /// ahead when the reading has fallen too far behind.
    fn keep_up(&mut self, ts: Nanos, line: RawLine, cursor: Cursor) -> LogEvent {
        let Some(k) = &mut self.keep_up else {
            return LogEvent::Line(line);
        };
        let now = k.now();
        let mut out = LogEvent::Line(line);
        if let Some((after, rate)) = k.gap.take()
            && ts > after
        {
            // The first line after a jump: the lines before it, back to the last one
            // delivered, were left out. (A first line at or before `after` means the tail
            // reached back to the cursor: nothing was left out.)
            self.queue.push_back(out);
            out = LogEvent::Skipped(LogGap::estimate(after, ts, rate));
        }
        k.rate.line(ts.0);
        if k.lag.too_far(ts.0, now)
            && let Some(after) = self.last_ts
        {
            let rate = k.rate.per_nano();
            k.restart();
            k.gap = Some((after, rate));
            self.jump(cursor);
        }
        out
    }

    /// Drops the current reading and opens one at the tail, from `cursor` on (so nothing
    /// delivered comes again, and nothing is read again on purpose: the new reading's stamps
    /// start afresh, so [`skipped`] does not look back across the jump).
    fn jump(&mut self, cursor: Cursor) {
        debug!(id = %self.id, "log follower: too far behind; jumping to the tail");
        self.cursor = cursor;
        self.last_ts = None;
        let req = LogRequest {
            tail: Some(JUMP_TAIL),
            since: self.cursor.since().map(Nanos),
            until: None,
            follow: true,
        };
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, self.cursor.clone());
        self.phase = Phase::Reading(Box::new(lines));
    }

    /// Reads the lines stamped strictly between `from` and `to` that the follow skipped, then
    /// `held` (stamped `to`) and the follow.
    fn refill(&mut self, from: Nanos, to: Nanos, held: RawLine) {
        let Phase::Reading(follow) = std::mem::replace(&mut self.phase, Phase::Waiting) else {
            return self.queue.push_back(LogEvent::Line(held));
        };
        let req = LogRequest {
            follow: false,
            tail: None,
            since: Some(from.plus(1)),
            until: Some(to.minus(1)),
        };
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, Cursor::default());
        self.phase = Phase::Refill {
            lines: Box::new(lines),
            follow,
            held,
            found: 0,
        };
    }

    /// Opens a reading from where the last one got to (or as asked, the first time).
    fn open(&mut self, reading: Reading) {
        self.last_ts = None;
        if let Some(k) = &mut self.keep_up {
            k.restart();
        }
        let req = self.request(reading);
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, self.cursor.clone());
        self.phase = Phase::Reading(Box::new(lines));
    }

    fn request(&self, reading: Reading) -> LogRequest {
        let mut req = self.req.clone();
        if let Some(ts) = self.cursor.since() {
            req.since = Some(Nanos(ts));
            req.tail = None;
        } else if reading == Reading::NewRun {
            // Nothing was delivered: the earlier runs' lines were outside the window (`tail`,
            // `since`), and the new run's lines are all new.
            req.since = req.since.max(self.last_stop);
            req.tail = None;
        }
        req
    }

    /// The container stopped. A follow that was far behind can end before it has delivered
    /// everything (seen on Docker 20.10 with log rotation: the follow ended after the rotated
    /// file, a third of the lines unread), so one plain reading from the cursor comes first.
    fn catch_up(&mut self, reason: LogEnd) {
        if let Some(k) = &mut self.keep_up {
            // Read from the cursor: whatever a jump meant to leave out comes after all.
            k.gap = None;
        }
        let req = LogRequest {
            follow: false,
            ..self.request(Reading::SameRun)
        };
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, self.cursor.clone());
        self.phase = Phase::CatchUp(Box::new(lines), reason);
    }

    fn end_for_good(&mut self, reason: LogEnd) {
        self.queue.push_back(LogEvent::Ended {
            reason,
            resumable: false,
        });
        self.phase = Phase::Done;
    }

    fn ended(&mut self, reason: LogEnd) {
        self.queue.push_back(LogEvent::Ended {
            reason,
            resumable: true,
        });
        self.phase = Phase::Waiting;
    }

    async fn stream_ended(&mut self, err: Option<LogError>) {
        if let Some(e) = &err
            && e.is_final()
        {
            return self.end_for_good(e.end.clone());
        }
        if self.req.until.is_some() {
            let reason = err.map_or(LogEnd::WindowOver, |e| e.end);
            return self.end_for_good(reason);
        }
        let before = self.instance.as_ref().map(|i| i.started_at.clone());
        // The stream can end a moment before the engine records the stop.
        let mut now = self.inspect().await;
        let mut waited = Duration::ZERO;
        while waited < SETTLE
            && matches!(&now, Ok(Some(i)) if i.running && Some(&i.started_at) == before.as_ref())
        {
            tokio::time::sleep(SETTLE_POLL).await;
            waited += SETTLE_POLL;
            now = self.inspect().await;
        }
        if let Ok(Some(i)) = &now
            && !is_zero_time(&i.finished_at)
        {
            self.last_stop = parse_timestamp(i.finished_at.as_bytes()).map(Nanos);
        }
        match now {
            Ok(None) => self.end_for_good(LogEnd::Gone),
            Err(e) => self.ended(err.map_or(LogEnd::Failed(e), |s| s.end)),
            Ok(Some(i)) if Some(&i.started_at) != before.as_ref() => self.ended(LogEnd::Restarted),
            Ok(Some(i)) if i.running => self.ended(err.map_or(LogEnd::StreamEnded, |e| e.end)),
            Ok(Some(i)) => self.catch_up(i.stop_reason()),
        }
    }

    /// Waits until the container runs again (then reads on), or is gone.
    async fn wait(&mut self) {
        loop {
            match self.check().await {
                Some(true) => return,
                Some(false) => {}
                None => {
                    tokio::time::sleep(self.backoff.next_wait()).await;
                    continue;
                }
            }
            // Start and destroy events of this container, from before the run we read (the
            // engine replays them; an old start is recognised by its start time).
            let since = self
                .instance
                .as_ref()
                .and_then(|i| parse_timestamp(i.started_at.as_bytes()))
                .map(|ns| (Nanos(ns).secs() - 1).to_string());
            let filters = HashMap::from([
                ("type".to_string(), vec!["container".to_string()]),
                ("container".to_string(), vec![self.id.clone()]),
                (
                    "event".to_string(),
                    vec!["start".to_string(), "destroy".to_string()],
                ),
            ]);
            let opts = EventsOptions {
                since,
                until: None,
                filters: Some(filters),
            };
            let mut events = Box::pin(self.engine.docker.events(Some(opts)));
            loop {
                match tokio::time::timeout(WAIT_RECHECK, events.next()).await {
                    Ok(Some(Ok(ev))) => {
                        debug!(action = ?ev.action, id = %self.id, "log follower: event");
                        if ev.action.as_deref() == Some("destroy") {
                            return self.end_for_good(LogEnd::Gone);
                        }
                        match self.check().await {
                            Some(true) => return,
                            _ if matches!(self.phase, Phase::Done) => return,
                            _ => {}
                        }
                    }
                    Ok(Some(Err(e))) => {
                        debug!(error = %describe(&e), "log follower: event stream failed");
                        tokio::time::sleep(self.backoff.next_wait()).await;
                        break;
                    }
                    Ok(None) => {
                        tokio::time::sleep(self.backoff.next_wait()).await;
                        break;
                    }
                    Err(_) => match self.check().await {
                        Some(true) => return,
                        _ if matches!(self.phase, Phase::Done) => return,
                        _ => {}
                    },
                }
            }
        }
    }

    /// Looks at the container: `Some(true)` when reading resumed (or the follower ended),
    /// `Some(false)` to keep waiting, `None` when the engine did not answer.
    async fn check(&mut self) -> Option<bool> {
        let now = match self.inspect().await {
            Ok(None) => {
                self.end_for_good(LogEnd::Gone);
                return Some(true);
            }
            Ok(Some(i)) => i,
            Err(_) => return None,
        };
        let before = self.instance.as_ref().map(|i| i.started_at.clone());
        let new_run = Some(&now.started_at) != before.as_ref() && !is_zero_time(&now.started_at);
        if !new_run && !now.running {
            return Some(false);
        }
        if !new_run {
            // The same run still going: the stream ended for another reason. Read on, but
            // not in a tight loop.
            tokio::time::sleep(self.backoff.next_wait()).await;
        }
        self.instance = Some(now);
        self.queue.push_back(LogEvent::Resumed);
        self.open(if new_run {
            Reading::NewRun
        } else {
            Reading::SameRun
        });
        Some(true)
    }

    /// The container's current run, `None` when it is gone. Borrows only what it needs: the
    /// follower holds streams that are `Send` but not `Sync`.
    fn inspect(&self) -> impl Future<Output = Result<Option<Instance>, String>> + Send + use<> {
        let (engine, id) = (self.engine.clone(), self.id.clone());
        async move { inspect_run(&engine, &id).await }
    }
}

async fn inspect_run(engine: &Engine, id: &str) -> Result<Option<Instance>, String> {
    match engine
        .docker
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
    {
        Ok(r) => {
            let st = r.state.unwrap_or_default();
            Ok(Some(Instance {
                started_at: st.started_at.unwrap_or_default(),
                finished_at: st.finished_at.unwrap_or_default(),
                running: st.running.unwrap_or(false),
                status: st.status.map(|s| s.to_string()).unwrap_or_default(),
                exit_code: st.exit_code,
            }))
        }
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(describe(&e)),
    }
}

/// Whether the follow may have skipped lines between two it delivered, stamped `from` and
/// `to` (ns), with the body keeping the reader `waited` between them. A container quiet for
/// a while is waited for about that long; a follow that jumps ahead (rotation, see the module
/// notes) delivers the two back to back.
fn skipped(from: i64, to: i64, waited: Duration) -> bool {
    let gap = to.saturating_sub(from);
    let allowed = (waited + SKIP_SLACK).as_nanos();
    gap > 1 && u128::try_from(gap).is_ok_and(|g| g > allowed)
}

/// The engine's "never" (`0001-01-01T00:00:00Z`).
fn is_zero_time(t: &str) -> bool {
    t.is_empty() || t.starts_with("0001-01-01")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: i64 = 1_000_000;

    #[test]
    fn a_jump_without_waiting_is_a_skip() {
        // Back to back, 3 s apart: what the rotation skip on 26.1 looks like.
        assert!(skipped(0, 3_000 * MS, Duration::ZERO));
        assert!(skipped(0, 400 * MS, Duration::from_millis(50)));
    }

    #[test]
    fn a_quiet_container_waited_for_is_not() {
        assert!(!skipped(0, 3_000 * MS, Duration::from_millis(2_990)));
        assert!(!skipped(0, 3_000 * MS, Duration::from_secs(5)));
        // Lines close together, read from a backlog.
        assert!(!skipped(0, 5 * MS, Duration::ZERO));
        assert!(!skipped(0, 300 * MS, Duration::ZERO));
        // Stamps going back (stdout and stderr are not in order) or equal.
        assert!(!skipped(10 * MS, 0, Duration::ZERO));
        assert!(!skipped(7, 7, Duration::ZERO));
        assert!(!skipped(7, 8, Duration::ZERO));
    }
}
