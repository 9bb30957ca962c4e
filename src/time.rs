//! Instants finer than a second, as dockhand carries them: [`Nanos`], nanoseconds since the
//! Unix epoch, one type for every such instant (a log line's stamp, a log window's ends, a
//! stats sample). Whole seconds (the clock of `App`, event times) stay plain `i64` seconds;
//! the conversions between the two are here and nowhere else.

use std::fmt;

/// Nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Nanos(pub i64);

impl Nanos {
    pub const PER_SEC: i64 = 1_000_000_000;

    /// The start of a whole second (saturating far outside any real date).
    pub fn from_secs(secs: i64) -> Self {
        Nanos(secs.saturating_mul(Self::PER_SEC))
    }

    /// The whole second this instant falls in (rounded down, also before 1970).
    pub fn secs(self) -> i64 {
        self.0.div_euclid(Self::PER_SEC)
    }

    /// Nanoseconds past [`Nanos::secs`], always `0..PER_SEC`.
    pub fn subsec(self) -> i64 {
        self.0.rem_euclid(Self::PER_SEC)
    }

    /// This instant `ns` nanoseconds earlier (saturating).
    pub fn minus(self, ns: i64) -> Self {
        Nanos(self.0.saturating_sub(ns))
    }

    /// This instant `ns` nanoseconds later (saturating).
    pub fn plus(self, ns: i64) -> Self {
        Nanos(self.0.saturating_add(ns))
    }

    /// RFC 3339 in UTC with nanoseconds, as `docker logs -t` prints stamps; `None` before 1970.
    pub fn to_rfc3339(self) -> Option<String> {
        let ns = u64::try_from(self.0).ok()?;
        let t = std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_nanos(ns))?;
        Some(humantime::format_rfc3339_nanos(t).to_string())
    }

    /// Nanoseconds from `earlier` to this instant.
    pub fn since(self, earlier: Nanos) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// `SECS.NNNNNNNNN`, the form the engine's `since`/`until` parameters take.
impl fmt::Display for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:09}", self.secs(), self.subsec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_their_fraction() {
        let t = Nanos(1_764_400_000_123_456_789);
        assert_eq!(t.secs(), 1_764_400_000);
        assert_eq!(t.subsec(), 123_456_789);
        assert_eq!(t.to_string(), "1764400000.123456789");
        assert_eq!(Nanos::from_secs(2).since(Nanos(500_000_000)), 1_500_000_000);
        // Before 1970 the second is rounded down and the fraction stays positive.
        assert_eq!(Nanos(-1).secs(), -1);
        assert_eq!(Nanos(-1).subsec(), 999_999_999);
        assert_eq!(
            Nanos(1_764_400_000_123_456_789).to_rfc3339().as_deref(),
            Some("2025-11-29T07:06:40.123456789Z")
        );
        assert_eq!(Nanos(-1).to_rfc3339(), None);
    }
}
