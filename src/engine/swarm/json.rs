//! Reading the engine's swarm JSON without trusting its shape: a missing or mistyped field is
//! empty (or zero), never a failure of the whole list.

use serde_json::Value;

use crate::engine::events::parse_engine_time;

/// The value at `path` (object keys), if there is one.
pub(super) fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// The string at `path`, or "".
pub(super) fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    at(v, path).and_then(Value::as_str).unwrap_or("")
}

/// The string at `path`, when there is a non-empty one.
pub(super) fn some_text(v: &Value, path: &[&str]) -> Option<String> {
    Some(text(v, path))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(super) fn number(v: &Value, path: &[&str]) -> Option<u64> {
    at(v, path).and_then(Value::as_u64)
}

/// An RFC 3339 time at `path` as unix seconds (0 when absent or unreadable).
pub(super) fn time(v: &Value, path: &[&str]) -> i64 {
    parse_engine_time(text(v, path)).unwrap_or_default()
}

/// An image reference without its `@sha256:…` pin, as `docker service ls` shows it.
pub(super) fn unpinned(image: &str) -> String {
    image.split('@').next().unwrap_or(image).to_string()
}

/// The list an answer holds (an empty one when it is not a list).
pub(super) fn items(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// A `filters` query value: `{"key":["value"]}`, escaped for a URL.
pub(super) fn filter_query(key: &str, value: &str) -> String {
    let json = serde_json::json!({ key: [value] }).to_string();
    query_escape(&json)
}

/// Escapes a query value (everything but unreserved characters).
pub(super) fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_dropped_and_filters_escaped() {
        assert_eq!(
            unpinned("local/busybox:test@sha256:0123abcd"),
            "local/busybox:test"
        );
        assert_eq!(unpinned("nginx:1"), "nginx:1");
        assert_eq!(
            filter_query("service", "abc"),
            "%7B%22service%22%3A%5B%22abc%22%5D%7D"
        );
    }
}
