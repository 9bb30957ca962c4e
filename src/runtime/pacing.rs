//! When the loop may draw: at once for a change after a quiet spell, at most every
//! [`FRAME_BUDGET`] during a burst.
//!
//! A lone change (an outside `docker run`, a container's row refreshed after its event) is
//! drawn the moment it is handled. Its answer often follows within milliseconds (an event,
//! then the row read for it), so the frame after a quiet one is allowed at once too; only
//! when frames have followed each other closely does the next wait for the budget. A
//! sustained flood therefore costs at most one frame per budget, and an isolated change none
//! of it.
//!
//! Routine changes (the clock's tick, live numbers) are not waited for by anyone: they are
//! held for [`ROUTINE_GRACE`] so that the tick and the samples it asks for (answered
//! milliseconds later) make one frame, not two. Idle on 100 + 100 containers that halves the
//! frames drawn; anything else that comes meanwhile is drawn at once as before.

use std::time::{Duration, Instant};

/// Minimum time between two frames during a burst (about 30 frames a second at most).
pub const FRAME_BUDGET: Duration = Duration::from_millis(33);

/// How long a routine change waits for company before it is drawn.
pub const ROUTINE_GRACE: Duration = Duration::from_millis(50);

/// The last two frames' times, which say whether a burst is under way.
#[derive(Clone, Copy, Debug)]
pub struct Pacer {
    last: Option<Instant>,
    before: Option<Instant>,
    /// Routine changes only since the last frame: not drawn before this.
    hold: Option<Instant>,
}

impl Pacer {
    pub fn new() -> Self {
        Pacer {
            last: None,
            before: None,
            hold: None,
        }
    }

    /// The earliest moment the next frame may be drawn.
    pub fn next_frame(&self) -> Instant {
        let paced = self.paced();
        match self.hold {
            Some(hold) => paced.max(hold),
            None => paced,
        }
    }

    /// A routine change came at `at` (see the module docs): unless something else is waiting
    /// to be drawn, the frame waits until `at` + [`ROUTINE_GRACE`].
    pub fn routine(&mut self, at: Instant, pending: bool) {
        if !pending && self.hold.is_none() {
            self.hold = Some(at + ROUTINE_GRACE);
        }
    }

    /// Any other change: drawn as the pace allows, held no longer.
    pub fn urgent(&mut self) {
        self.hold = None;
    }

    fn paced(&self) -> Instant {
        match (self.before, self.last) {
            // The last frame came close after the one before: a burst, so wait the budget.
            (Some(before), Some(last)) if last.duration_since(before) < 2 * FRAME_BUDGET => {
                last + FRAME_BUDGET
            }
            // No frame yet, or the last one ended a quiet spell: at once.
            (_, Some(last)) => last,
            (_, None) => Instant::now(),
        }
    }

    /// A frame was drawn at `at`.
    pub fn drawn(&mut self, at: Instant) {
        self.before = self.last;
        self.last = Some(at);
        self.hold = None;
    }

    /// The next frame may be drawn at once (a key: a person waits for it, and does not type
    /// 30 keys a second).
    pub fn now(&mut self) {
        self.before = None;
    }
}

impl Default for Pacer {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn a_tick_and_its_samples_make_one_frame_and_anything_else_is_not_held() {
        let t0 = Instant::now();
        let mut p = Pacer::new();
        p.drawn(t0);
        // Quiet for a second, then the tick: held for the grace...
        let tick = t0 + 1000 * MS;
        p.routine(tick, false);
        assert_eq!(p.next_frame(), tick + ROUTINE_GRACE);
        // ...which the samples it asked for (4 ms later) do not extend.
        p.routine(tick + 4 * MS, true);
        assert_eq!(p.next_frame(), tick + ROUTINE_GRACE);
        p.drawn(tick + ROUTINE_GRACE);
        // An event after a routine change: at once.
        let event = tick + 2000 * MS;
        p.routine(event - 10 * MS, false);
        p.urgent();
        assert!(p.next_frame() <= event);
        // A routine change while an urgent one waits to be drawn is not held either.
        let mut q = Pacer::new();
        q.drawn(t0);
        q.routine(tick, true);
        assert!(q.next_frame() <= tick);
    }

    #[test]
    fn a_change_after_a_quiet_spell_is_drawn_at_once_and_so_is_its_follow_up() {
        let t0 = Instant::now();
        let mut p = Pacer::new();
        p.drawn(t0);
        // Quiet for a second: the next frame (the event) at once.
        let t1 = t0 + 1000 * MS;
        assert!(p.next_frame() <= t1);
        p.drawn(t1);
        // Its follow-up 8 ms later (the row read for it): at once too.
        assert!(p.next_frame() <= t1 + 8 * MS);
        p.drawn(t1 + 8 * MS);
        // A third within the burst waits for the budget.
        assert_eq!(p.next_frame(), t1 + 8 * MS + FRAME_BUDGET);
    }

    #[test]
    fn a_sustained_flood_is_drawn_once_per_budget() {
        let t0 = Instant::now();
        let mut p = Pacer::new();
        let mut at = t0;
        let mut frames = 0;
        // Something changes every millisecond for a second.
        for ms in 0..1000u64 {
            let now = t0 + ms as u32 * MS;
            if p.next_frame() <= now {
                p.drawn(now);
                frames += 1;
                at = now;
            }
        }
        assert!(at > t0);
        // 1000 / 33 = 30, plus the first two frames drawn at once.
        assert!((29..=32).contains(&frames), "{frames} frames");
    }

    #[test]
    fn a_key_is_drawn_at_once_even_in_a_burst() {
        let t0 = Instant::now();
        let mut p = Pacer::new();
        p.drawn(t0);
        p.drawn(t0 + MS);
        assert_eq!(p.next_frame(), t0 + MS + FRAME_BUDGET);
        p.now();
        assert!(p.next_frame() <= t0 + 2 * MS);
    }
}
