//! How the summary writes values: times, sizes, CPUs and commands as the engine's flags and
//! `docker ps` write them, lists, jq paths, and one-line health check output. Pure text
//! functions, total on any input.

use crate::json::Json;

/// A path of field names as jq writes it: `.State.StartedAt`.
pub(super) fn jq(path: &[&str]) -> String {
    path.iter().map(|k| format!(".{k}")).collect()
}

/// The first 12 hex digits of an id (`sha256:` dropped), as `docker ps` shows it.
pub(super) fn short_id(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.chars().take(12).collect()
}

/// A command as it would be typed: arguments with spaces or quotes single-quoted. `None` for
/// null or an empty list.
pub(super) fn command(v: &Json) -> Option<String> {
    match v {
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        Json::Array(parts) if !parts.is_empty() => Some(
            parts
                .iter()
                .map(|p| {
                    let s = p.as_str().unwrap_or("");
                    if s.is_empty()
                        || s.chars()
                            .any(|c| c.is_whitespace() || "'\"\\$`".contains(c))
                    {
                        format!("'{}'", s.replace('\'', r"'\''"))
                    } else {
                        s.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }
}

/// `2026-11-29T21:18:09.928465691Z` as `2026-11-29 21:18:09 UTC` (an offset is kept as
/// written); `None` for the engine's zero time or an empty string.
pub(super) fn time(s: &str) -> Option<String> {
    if s.is_empty() || s.starts_with("0001-01-01") {
        return None;
    }
    let Some((date, rest)) = s.split_once('T') else {
        return Some(s.to_string());
    };
    let clock = rest.get(..8).unwrap_or(rest);
    let zone = rest
        .get(8..)
        .and_then(|r| r.find(['Z', '+', '-']).map(|i| &r[i..]))
        .unwrap_or("");
    let zone = if zone == "Z" || zone.is_empty() {
        "UTC"
    } else {
        zone
    };
    Some(format!("{date} {clock} {zone}"))
}

/// Bytes in binary units, as the engine's flags take them (`64 MiB`).
pub(super) fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v.abs() >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 || v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// CPUs as `docker run --cpus` takes them: `0.5 CPUs`, `1 CPU`.
pub(super) fn cpus(n: f64) -> String {
    let s = format!("{n:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} CPU{}", if n == 1.0 { "" } else { "s" })
}

/// The items joined with commas, or `none` when there are none.
pub(super) fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        items.join(", ")
    }
}

/// A health check's output on one line: trimmed, lines joined with `⏎`, cut at `max`.
pub(super) fn one_line(s: &str, max: usize) -> String {
    let joined = s
        .trim()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ⏎ ");
    if joined.chars().count() > max {
        let cut: String = joined.chars().take(max).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_format_like_the_engine_flags() {
        assert_eq!(
            time("2026-11-29T21:18:09.928465691Z").as_deref(),
            Some("2026-11-29 21:18:09 UTC")
        );
        assert_eq!(
            time("2024-01-02T10:00:00.5+01:00").as_deref(),
            Some("2024-01-02 10:00:00 +01:00")
        );
        assert_eq!(time("0001-01-01T00:00:00Z"), None);
        assert_eq!(time("yesterday").as_deref(), Some("yesterday"));
        assert_eq!(bytes(67_108_864), "64 MiB");
        assert_eq!(bytes(1_500), "1.5 KiB");
        assert_eq!(cpus(0.5), "0.5 CPUs");
        assert_eq!(cpus(1.0), "1 CPU");
        let cmd = Json::parse(r#"["/bin/sh","-c","sleep 600","it's"]"#).expect("json");
        assert_eq!(
            command(&cmd).as_deref(),
            Some(r"/bin/sh -c 'sleep 600' 'it'\''s'")
        );
        assert_eq!(command(&Json::Null), None);
        assert_eq!(command(&Json::Array(vec![])), None);
        assert_eq!(one_line("  ok\n\nfine\n", 100), "ok ⏎ fine");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
