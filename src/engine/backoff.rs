//! How long to wait before asking the engine again after a failure: 1 s, then twice as long
//! each time, never more than 30 s, back to 1 s once something works.
//!
//! Shared by the connection supervisor (reconnecting to an engine that went away) and the log
//! follower (re-reading a container's log, waiting for its events), so that both give an
//! unreachable engine the same rest. Only a value: the callers sleep (and may cut the wait
//! short, as the supervisor does when the user asks to retry now).

use std::time::Duration;

/// A wait that doubles with each failure, up to [`Backoff::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    wait: Duration,
}

impl Backoff {
    /// The first wait, and the one after [`Backoff::reset`].
    pub const START: Duration = Duration::from_secs(1);
    /// The longest wait: an engine that comes back is noticed within this long.
    pub const MAX: Duration = Duration::from_secs(30);

    pub fn new() -> Backoff {
        Backoff { wait: Self::START }
    }

    /// A failure: the wait to make now; the next one will be twice as long (up to the max).
    pub fn next_wait(&mut self) -> Duration {
        let now = self.wait;
        self.wait = (self.wait * 2).min(Self::MAX);
        now
    }

    /// Something worked: the next failure waits [`Backoff::START`] again.
    pub fn reset(&mut self) {
        self.wait = Self::START;
    }
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn doubles_from_one_second_up_to_thirty() {
        let mut b = Backoff::new();
        let waits: Vec<_> = (0..8).map(|_| b.next_wait()).collect();
        assert_eq!(
            waits,
            [1, 2, 4, 8, 16, 30, 30, 30].map(secs),
            "1 s doubling, capped at 30 s"
        );
    }

    #[test]
    fn reset_starts_again_at_one_second() {
        let mut b = Backoff::default();
        b.next_wait();
        b.next_wait();
        b.next_wait();
        b.reset();
        assert_eq!(b, Backoff::new());
        assert_eq!(b.next_wait(), secs(1));
        assert_eq!(b.next_wait(), secs(2));
    }
}
