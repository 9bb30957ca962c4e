//! The one way dockhand keeps an answer fresh, for every kind of list and refresh: at most one
//! request of a kind in flight, its sequence number remembered, an answer to any other number
//! dropped as stale, and one more request sent when something changed while it was in flight.
//!
//! Used for the containers list, each kind of object list ([`Feed`]: only once its pane was
//! shown), and each container's row refresh.

/// One kind of request kept fresh.
#[derive(Clone, Debug, Default)]
pub struct Fresh {
    seq: u64,
    in_flight: bool,
    /// Something changed while a request was in flight: ask once more when it lands.
    again: bool,
}

impl Fresh {
    /// Whether a request should be sent now; while one is in flight, `false`, and another is
    /// due when it lands.
    pub fn ask(&mut self) -> bool {
        if self.in_flight {
            self.again = true;
            return false;
        }
        true
    }

    /// Request `seq` was sent.
    pub fn sent(&mut self, seq: u64) {
        self.seq = seq;
        self.in_flight = true;
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    /// Takes an answer: `None` when it is not the newest request's (drop it), else whether to
    /// ask again at once. (The newest answer is taken even after a [`Fresh::reset`]: it is
    /// still the freshest there is.)
    pub fn answer(&mut self, seq: u64) -> Option<bool> {
        if seq != self.seq {
            return None;
        }
        self.in_flight = false;
        Some(std::mem::take(&mut self.again))
    }

    /// The connection changed: nothing is in flight any more.
    pub fn reset(&mut self) {
        self.in_flight = false;
        self.again = false;
    }
}

/// How one kind of object (images, volumes, networks) is kept fresh: listed the first time its
/// pane is shown, then again after each event about that kind.
#[derive(Clone, Debug, Default)]
pub struct Feed {
    /// The kind is wanted (its pane was shown): events about it re-list it.
    pub wanted: bool,
    pub fresh: Fresh,
    /// List once more at the next tick: the engine announces some changes before it records
    /// them (see [`Feed::settle`]).
    settle: bool,
}

impl Feed {
    /// Whether a list should be sent now (never before the kind is wanted).
    pub fn ask(&mut self) -> bool {
        self.wanted && self.fresh.ask()
    }

    /// Asks for one more list at the next tick. The engine sends a network's `connect` event
    /// before it saves the container's new network (measured on 20.10: a list 9 ms after the
    /// event still showed the network without it), so a list made at the event can be
    /// stale with nothing else to come.
    pub fn settle(&mut self) {
        self.settle = self.wanted;
    }

    /// Whether a list is due because of [`Feed::settle`] (once).
    pub fn settle_due(&mut self) -> bool {
        std::mem::take(&mut self.settle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_in_flight_and_one_more_after_a_change() {
        let mut f = Fresh::default();
        assert!(f.ask());
        f.sent(7);
        assert!(!f.ask(), "a second request waits for the first");
        assert_eq!(f.answer(6), None, "an older answer is stale");
        assert_eq!(
            f.answer(7),
            Some(true),
            "a change came meanwhile: ask again"
        );
        assert!(f.ask(), "nothing in flight any more");
    }

    #[test]
    fn a_feed_asks_only_once_wanted() {
        let mut feed = Feed::default();
        assert!(!feed.ask());
        feed.wanted = true;
        assert!(feed.ask());
    }
}
