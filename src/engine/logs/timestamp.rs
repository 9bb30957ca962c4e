//! The engine's RFC 3339 times to nanoseconds since the epoch: the stamp at the start of every
//! log message (`2026-11-29T18:44:31.123456789Z`, always 9 digits and `Z` on both engines
//! measured) and the `StartedAt`/`FinishedAt` of an inspect, which the follower compares and
//! hands back as `since`.
//!
//! # Why not humantime
//!
//! humantime 2.4 (already a dependency) parses RFC 3339 to a `SystemTime`, but it does not
//! do what this parser does, and what its tests (`timestamps_parse_to_nanoseconds` in
//! tests/engine_logs.rs) hold it to:
//!
//! - an offset other than `+00:00` is refused by `parse_rfc3339` and by `parse_rfc3339_weak`
//!   alike (`1970-01-01T01:00:00+01:00` must be 0 here): only UTC is supported. Docker
//!   reports `Z`; an engine that reports local time with an offset would be read wrongly or
//!   not at all;
//! - `…:02.Z` (a dot and no digits) is accepted by both; here it is not a timestamp;
//! - `parse_rfc3339_weak` also accepts a time with no zone at all (`2026-11-29T19:32:02`),
//!   which is refused here: the decoder takes only a whole stamp as the start of a message;
//! - it takes `&str` and gives a `SystemTime`, so each message would first be checked as
//!   UTF-8 and the result converted to `i64` nanoseconds.
//!
//! Behaviour is the reason; speed only confirms it. `cargo bench --bench timestamps` (1000
//! engine stamps; 3 runs on the shared 2-core build machine, 2026-12-02): this parser 33-36 µs
//! (about 34 ns a stamp, 28-30 M stamps/s), humantime as the decoder would call it 51-64 µs
//! (16-19 M/s), so 1.5 to 1.9 times slower.
//!
//! Invariant: the result is `None` or the exact instant to the nanosecond (fraction digits
//! past the ninth are cut, never rounded); never a panic, whatever the bytes.

/// An RFC 3339 time (`2026-11-29T18:44:31.123456789Z`, any number of fraction digits, `Z` or
/// an offset) to nanoseconds since the epoch.
pub fn parse_timestamp(s: &[u8]) -> Option<i64> {
    fn num(s: &[u8], from: usize, len: usize) -> Option<i64> {
        let d = s.get(from..from + len)?;
        d.iter().try_fold(0i64, |acc, b| {
            b.is_ascii_digit().then_some(acc * 10 + i64::from(b - b'0'))
        })
    }
    if s.len() < 20 {
        return None;
    }
    let (year, month, day) = (num(s, 0, 4)?, num(s, 5, 2)?, num(s, 8, 2)?);
    let (hour, min, sec) = (num(s, 11, 2)?, num(s, 14, 2)?, num(s, 17, 2)?);
    if s[4] != b'-' || s[7] != b'-' || !matches!(s[10], b'T' | b't' | b' ') {
        return None;
    }
    if s[13] != b':' || s[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac = 0i64;
    if s.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            if i - start < 9 {
                frac = frac * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        let digits = i - start;
        if digits == 0 {
            return None;
        }
        for _ in digits..9 {
            frac *= 10;
        }
    }
    let offset = match s.get(i)? {
        b'Z' | b'z' => {
            i += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            let (h, m) = (num(s, i + 1, 2)?, num(s, i + 4, 2)?);
            if s.get(i + 3) != Some(&b':') {
                return None;
            }
            i += 6;
            let o = h * 3600 + m * 60;
            if *sign == b'-' { -o } else { o }
        }
        _ => return None,
    };
    if i != s.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + min * 60 + sec - offset;
    secs.checked_mul(1_000_000_000)?.checked_add(frac)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What humantime does with the forms above (see the module doc). If this fails, humantime
    /// changed and may now do what this parser does.
    #[test]
    fn humantime_refuses_offsets_and_takes_an_empty_fraction() {
        for weak in [false, true] {
            let parse = |s: &str| {
                if weak {
                    humantime::parse_rfc3339_weak(s)
                } else {
                    humantime::parse_rfc3339(s)
                }
            };
            assert!(parse("1970-01-01T01:00:00+01:00").is_err(), "weak: {weak}");
            assert!(parse("2026-11-29T19:32:02.Z").is_ok(), "weak: {weak}");
        }
        assert!(humantime::parse_rfc3339_weak("2026-11-29T19:32:02").is_ok());
        assert_eq!(parse_timestamp(b"1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_timestamp(b"2026-11-29T19:32:02.Z"), None);
        assert_eq!(parse_timestamp(b"2026-11-29T19:32:02"), None);
    }

    #[test]
    fn the_engine_stamp_agrees_with_humantime() {
        let s = "2026-11-29T19:32:02.221784398Z";
        let t = humantime::parse_rfc3339(s).expect("humantime parses the engine's stamp");
        let ns = t
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after the epoch")
            .as_nanos();
        assert_eq!(
            parse_timestamp(s.as_bytes()).map(i128::from),
            Some(ns as i128)
        );
    }
}
