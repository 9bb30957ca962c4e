//! JSON log lines shown readably: pretty-printed over several lines, or as one `key=value` line
//! (`level=info msg=started http.port=8080`).
//!
//! Only a line that is one JSON object (leading and trailing whitespace allowed) qualifies;
//! anything else gives `None` and the UI shows the line as it is. Keys keep the order the
//! container wrote them in (`time`, `level`, `msg` first, as loggers intend): the object is read
//! into [`crate::json::Json`], an ordered value, rather than `serde_json::Value`, whose map is
//! sorted unless a crate-wide feature is turned on (src/json.rs says why that feature is not
//! used: a key logged twice is kept twice, and parsing is faster).
//!
//! The output is safe for a terminal: strings are written JSON-escaped (control characters as
//! `\n`, `\u001b`), and what JSON leaves raw (DEL, C1 controls, bidi overrides) goes through
//! [`crate::sanitize::clean`]. It is bounded: at most [`MAX_PRETTY_LINES`] lines of at most
//! [`MAX_LINE_CHARS`] characters, and a key=value line of about [`MAX_KV_CHARS`]; serde_json
//! refuses nesting deeper than 128, so the recursion here is bounded too.

use std::fmt::Write;

use crate::json::Json as Value;
use crate::sanitize::clean;

/// Pretty output stops after this many lines, with a last line saying how many more there were.
pub const MAX_PRETTY_LINES: usize = 2000;

/// A pretty line (a long string value) is cut after this many characters.
pub const MAX_LINE_CHARS: usize = 2000;

/// A key=value line stops growing past this many bytes, saying how many fields were left out.
pub const MAX_KV_CHARS: usize = 16 * 1024;

/// A string value in key=value form is cut after this many characters, so one huge field does
/// not crowd out all the others.
const MAX_KV_VALUE_CHARS: usize = 1024;

/// How lines that are JSON objects are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum JsonMode {
    /// As the container wrote them.
    #[default]
    Raw,
    /// Indented over several lines.
    Pretty,
    /// `level=info msg="started" port=8080` on one line.
    KeyValue,
}

impl JsonMode {
    pub fn next(self) -> Self {
        match self {
            JsonMode::Raw => JsonMode::Pretty,
            JsonMode::Pretty => JsonMode::KeyValue,
            JsonMode::KeyValue => JsonMode::Raw,
        }
    }
}

/// The rows `text` is shown as in `mode` when it is rewritten (a JSON object in the pretty or
/// key=value view); `None` when it is shown as written. Search, highlight and copy all go
/// through this, so that they work on what the user reads, not on the bytes behind it.
pub fn rewrite(mode: JsonMode, text: &str) -> Option<Vec<String>> {
    match mode {
        JsonMode::Raw => None,
        JsonMode::Pretty => pretty(text),
        JsonMode::KeyValue => key_values(text).map(|kv| vec![kv]),
    }
}

/// The fields of `text` if it is one JSON object.
fn parse_object(text: &str) -> Option<Vec<(String, Value)>> {
    // Cheap test first: most log lines are not JSON, and they can be 1 MB long.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(fields)) => Some(fields),
        _ => None,
    }
}

/// `s` as a JSON string literal, made terminal-safe.
fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| String::from("\"\""));
    clean(&json).into_owned()
}

/// Cuts `s` after `max` characters, saying how many bytes were left out.
fn cut(mut s: String, max: usize) -> String {
    if let Some((at, _)) = s.char_indices().nth(max) {
        let more = s.len() - at;
        s.truncate(at);
        let _ = write!(s, "… [{more} more bytes]");
    }
    s
}

/// Lines the pretty form of `v` takes.
fn pretty_lines(v: &Value) -> usize {
    match v {
        Value::Array(items) if !items.is_empty() => {
            2 + items.iter().map(pretty_lines).sum::<usize>()
        }
        Value::Object(fields) if !fields.is_empty() => {
            2 + fields.iter().map(|(_, v)| pretty_lines(v)).sum::<usize>()
        }
        _ => 1,
    }
}

/// Builds the pretty lines, stopping once [`MAX_PRETTY_LINES`] are full.
struct Pretty {
    lines: Vec<String>,
}

impl Pretty {
    fn full(&self) -> bool {
        self.lines.len() >= MAX_PRETTY_LINES
    }

    fn line(&mut self, depth: usize, text: String) {
        if !self.full() {
            let indent = "  ".repeat(depth);
            self.lines.push(cut(indent + &text, MAX_LINE_CHARS));
        }
    }

    /// Writes `v` at `depth`, its first line starting with `head` (`"key": ` or nothing) and
    /// its last line ending with `tail` (`,` or nothing).
    fn value(&mut self, depth: usize, head: &str, v: &Value, tail: &str) {
        if self.full() {
            return;
        }
        match v {
            Value::Array(items) if !items.is_empty() => {
                self.line(depth, format!("{head}["));
                for (i, item) in items.iter().enumerate() {
                    let comma = if i + 1 < items.len() { "," } else { "" };
                    self.value(depth + 1, "", item, comma);
                }
                self.line(depth, format!("]{tail}"));
            }
            Value::Object(fields) if !fields.is_empty() => {
                self.line(depth, format!("{head}{{"));
                for (i, (k, item)) in fields.iter().enumerate() {
                    let comma = if i + 1 < fields.len() { "," } else { "" };
                    self.value(depth + 1, &format!("{}: ", quoted(k)), item, comma);
                }
                self.line(depth, format!("}}{tail}"));
            }
            _ => self.line(depth, format!("{head}{}{tail}", scalar(v))),
        }
    }
}

/// A scalar (or empty container) as JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// The line pretty-printed with two-space indents, keys in their original order; `None` when
/// the line is not a JSON object.
pub fn pretty(text: &str) -> Option<Vec<String>> {
    let root = Value::Object(parse_object(text)?);
    let mut p = Pretty { lines: Vec::new() };
    p.value(0, "", &root, "");
    let total = pretty_lines(&root);
    if total > p.lines.len() {
        p.lines
            .push(format!("… [{} more lines]", total - p.lines.len()));
    }
    Some(p.lines)
}

/// True when a key or value must be quoted to read back unambiguously (logfmt's rule).
fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || s.chars().any(|c| {
            c.is_whitespace() || c == '=' || c == '"' || c == '\\' || super::ansi::is_unsafe(c)
        })
}

fn logfmt(s: &str) -> String {
    if needs_quotes(s) {
        quoted(s)
    } else {
        s.to_string()
    }
}

/// Leaf fields (key=value pairs) `v` flattens to.
fn leaves(v: &Value) -> usize {
    match v {
        Value::Array(items) if !items.is_empty() => items.iter().map(leaves).sum(),
        Value::Object(fields) if !fields.is_empty() => fields.iter().map(|(_, v)| leaves(v)).sum(),
        _ => 1,
    }
}

/// Builds the key=value line, stopping before [`MAX_KV_CHARS`].
struct Kv {
    out: String,
    written: usize,
    full: bool,
}

impl Kv {
    fn field(&mut self, key: &str, v: &Value) {
        if self.full {
            return;
        }
        match v {
            Value::Object(fields) if !fields.is_empty() => {
                for (k, item) in fields {
                    self.field(&format!("{key}.{k}"), item);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    self.field(&format!("{key}.{i}"), item);
                }
            }
            _ => {
                let value = match v {
                    Value::String(s) => logfmt(&cut(s.clone(), MAX_KV_VALUE_CHARS)),
                    other => scalar(other),
                };
                let pair = format!("{}={value}", logfmt(key));
                if self.out.len() + pair.len() + 1 > MAX_KV_CHARS {
                    self.full = true;
                    return;
                }
                if !self.out.is_empty() {
                    self.out.push(' ');
                }
                self.out.push_str(&pair);
                self.written += 1;
            }
        }
    }
}

/// The line as `key=value` pairs in their original order, nested objects and arrays flattened
/// with dots (`http.status=200 tags.0=a`); values with spaces, `=` or quotes are quoted
/// JSON-style. `None` when the line is not a JSON object.
pub fn key_values(text: &str) -> Option<String> {
    let fields = parse_object(text)?;
    let mut kv = Kv {
        out: String::new(),
        written: 0,
        full: false,
    };
    for (k, v) in &fields {
        kv.field(k, v);
    }
    if kv.full {
        let total: usize = fields.iter().map(|(_, v)| leaves(v)).sum();
        let _ = write!(kv.out, " … [{} more fields]", total - kv.written);
    }
    Some(kv.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_objects_qualify() {
        for line in [
            "plain text",
            "[1,2]",
            "\"s\"",
            "42",
            "{broken",
            "{} trailing",
            "",
        ] {
            assert_eq!(pretty(line), None, "{line}");
            assert_eq!(key_values(line), None, "{line}");
        }
        assert_eq!(pretty("  {}  "), Some(vec!["{}".to_string()]));
        assert_eq!(key_values("{}"), Some(String::new()));
    }

    #[test]
    fn pretty_keeps_key_order_and_indents() {
        let lines = pretty(r#"  {"time":"t","level":"info","a":{"b":[1,2],"e":[]},"n":null}"#);
        let expected = [
            "{",
            r#"  "time": "t","#,
            r#"  "level": "info","#,
            r#"  "a": {"#,
            r#"    "b": ["#,
            "      1,",
            "      2",
            "    ],",
            r#"    "e": []"#,
            "  },",
            r#"  "n": null"#,
            "}",
        ];
        assert_eq!(lines, Some(expected.map(String::from).to_vec()));
    }

    #[test]
    fn key_values_flatten_with_dots() {
        let kv = key_values(
            r#"{"level":"info","msg":"started server","port":8080,"http":{"ok":true,"tags":["a","b c"]},"e":{},"x":""}"#,
        );
        assert_eq!(
            kv.as_deref(),
            Some(
                r#"level=info msg="started server" port=8080 http.ok=true http.tags.0=a http.tags.1="b c" e={} x="""#
            )
        );
    }

    #[test]
    fn output_is_terminal_safe() {
        let line = "{\"m\":\"a\\u001b[2J\\u009b\\u202e\\u007f\\nb\",\"k\\u0007\":1}";
        let lines = pretty(line).unwrap_or_default();
        assert_eq!(lines[1], r#"  "m": "a\u001b[2J\x9b\u{202e}\x7f\nb","#);
        let kv = key_values(line).unwrap_or_default();
        assert_eq!(kv, r#"m="a\u001b[2J\x9b\u{202e}\x7f\nb" "k\u0007"=1"#);
        for text in lines.iter().chain([&kv]) {
            assert!(!text.chars().any(super::super::ansi::is_unsafe), "{text:?}");
        }
    }

    #[test]
    fn big_objects_are_bounded() {
        let items: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
        let line = format!(
            r#"{{"a":[{}],"s":"{}"}}"#,
            items.join(","),
            "x".repeat(100_000)
        );
        let lines = pretty(&line).unwrap_or_default();
        assert_eq!(lines.len(), MAX_PRETTY_LINES + 1);
        assert_eq!(
            lines.last().map(String::as_str),
            Some(format!("… [{} more lines]", 10_005 - MAX_PRETTY_LINES).as_str())
        );
        let kv = key_values(&line).unwrap_or_default();
        assert!(kv.len() <= MAX_KV_CHARS + 64, "{}", kv.len());
        assert!(kv.ends_with("more fields]"), "{}", &kv[kv.len() - 40..]);

        let long = format!(r#"{{"s":"{}"}}"#, "y".repeat(100_000));
        let lines = pretty(&long).unwrap_or_default();
        assert!(lines[1].chars().count() < MAX_LINE_CHARS + 32);
        assert!(lines[1].ends_with("more bytes]"));
        let kv = key_values(&long).unwrap_or_default();
        assert!(kv.chars().count() < MAX_KV_VALUE_CHARS + 32);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let line = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(pretty(&line), None);
        assert_eq!(key_values(&line), None);
    }

    #[test]
    fn numbers_print_as_json() {
        assert_eq!(
            key_values(r#"{"i":-3,"u":18446744073709551615,"f":1.5,"e":1e300}"#).as_deref(),
            Some("i=-3 u=18446744073709551615 f=1.5 e=1e+300")
        );
    }
}
