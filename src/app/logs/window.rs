//! The time window of a log view: `10m`, `2h..1h`, an RFC 3339 time, as the user types it.

use crate::time::Nanos;

/// Windows offered on up/down in the window prompt ("" is the tail).
pub const WINDOW_PRESETS: [&str; 6] = ["", "5m", "15m", "1h", "6h", "24h"];

/// A time window of logs, nanoseconds since the epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogWindow {
    pub since: Option<Nanos>,
    pub until: Option<Nanos>,
    /// As typed, for the title.
    pub label: String,
}

/// Reads `SINCE[..UNTIL]`, each a duration back from `now` (`10m`, `2h 30m`) or an RFC 3339
/// time (`2026-11-29T10:00:00Z`); an empty side is open. Empty input is no window.
pub fn parse_window(input: &str, now: i64) -> Result<Option<LogWindow>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let (since, until) = match input.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (input, ""),
    };
    let point = |s: &str| -> Result<Option<Nanos>, String> {
        if s.is_empty() {
            return Ok(None);
        }
        if let Ok(d) = humantime::parse_duration(s) {
            let back = i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
            return Ok(Some(Nanos::from_secs(now).minus(back)));
        }
        humantime::parse_rfc3339_weak(s)
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .and_then(|d| i64::try_from(d.as_nanos()).ok())
            .map(|n| Some(Nanos(n)))
            .ok_or_else(|| {
                format!("`{s}` is neither a duration (10m, 2h) nor a time (2026-11-29T10:00:00Z)")
            })
    };
    let (since, until) = (point(since)?, point(until)?);
    if let (Some(a), Some(b)) = (since, until) {
        if a > b {
            return Err("the window ends before it starts".into());
        }
    }
    Ok(Some(LogWindow {
        since,
        until,
        label: input.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_durations_times_and_ranges() {
        let now = 1_764_400_000;
        let n = Nanos::from_secs;
        assert_eq!(parse_window("", now), Ok(None));
        let w = parse_window("10m", now).expect("valid").expect("some");
        assert_eq!((w.since, w.until), (Some(n(now - 600)), None));
        let w = parse_window("2h..1h", now).expect("valid").expect("some");
        assert_eq!(
            (w.since, w.until),
            (Some(n(now - 7200)), Some(n(now - 3600)))
        );
        let w = parse_window("2025-11-29T07:00:00Z..", now)
            .expect("valid")
            .expect("some");
        assert_eq!(w.since, Some(n(1_764_399_600)));
        assert!(parse_window("yesterday", now).is_err());
        assert!(
            parse_window("1h..2h", now)
                .unwrap_err()
                .contains("ends before it starts")
        );
    }
}
