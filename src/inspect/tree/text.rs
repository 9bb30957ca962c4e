//! Nodes as text: keys and values as shown (secrets masked unless revealed), paths as jq
//! writes them, and what copying a node gives.

use std::borrow::Cow;

use super::super::secrets::mask_entry;
use super::{Key, Tree, Value};

impl Tree {
    /// The key as shown: the field name, or `[n]` for an array entry.
    pub fn key_text(&self, i: usize) -> Cow<'_, str> {
        match self.nodes.get(i).map(|n| &n.key) {
            Some(Key::Field(k)) => Cow::Borrowed(k),
            Some(Key::Index(n)) => Cow::Owned(format!("[{n}]")),
            None => Cow::Borrowed(""),
        }
    }

    /// The value as shown, strings unquoted and secrets masked unless revealed; containers as
    /// their size (`{12}`, `[3]`).
    pub fn value_text(&self, i: usize) -> Cow<'_, str> {
        let Some(n) = self.nodes.get(i) else {
            return Cow::Borrowed("");
        };
        match &n.value {
            Value::Object(len) => Cow::Owned(format!("{{{len}}}")),
            Value::Array(len) => Cow::Owned(format!("[{len}]")),
            Value::String(s) if n.secret && !self.revealed => Cow::Owned(mask_entry(s)),
            Value::String(s) | Value::Number(s) => Cow::Borrowed(s),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Null => Cow::Borrowed("null"),
        }
    }

    /// The node's path as jq writes it: `.Config.Env[2]`, `.Config.Labels["com.example.k"]`.
    pub fn path(&self, i: usize) -> String {
        let mut keys = Vec::new();
        let mut at = Some(i);
        while let Some(n) = at.and_then(|i| self.nodes.get(i)) {
            keys.push(&n.key);
            at = n.parent;
        }
        let mut out = String::new();
        for k in keys.into_iter().rev() {
            match k {
                Key::Field(f) if is_identifier(f) => {
                    out.push('.');
                    out.push_str(f);
                }
                Key::Field(f) => {
                    if out.is_empty() {
                        out.push('.');
                    }
                    out.push('[');
                    out.push_str(&string_literal(f));
                    out.push(']');
                }
                Key::Index(n) => {
                    if out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&format!("[{n}]"));
                }
            }
        }
        out
    }

    /// What copying the node gives: a scalar's shown text, or a container as indented JSON
    /// (fields in the engine's order). Secrets are masked unless revealed, here as on screen.
    pub fn copy_text(&self, i: usize) -> String {
        match self.nodes.get(i) {
            Some(n) if n.is_container() => {
                let mut out = String::new();
                self.write_json(i, 0, &mut out);
                out
            }
            Some(_) => self.value_text(i).into_owned(),
            None => String::new(),
        }
    }

    /// The node's subtree as indented JSON, with secrets as shown.
    fn write_json(&self, i: usize, indent: usize, out: &mut String) {
        let Some(n) = self.nodes.get(i) else {
            return;
        };
        let (open, close, object) = match &n.value {
            Value::Object(_) => ('{', '}', true),
            Value::Array(_) => ('[', ']', false),
            Value::String(_) => {
                out.push_str(&string_literal(&self.value_text(i)));
                return;
            }
            _ => {
                out.push_str(&self.value_text(i));
                return;
            }
        };
        out.push(open);
        let mut first = true;
        for c in self.children(i) {
            out.push_str(if first { "\n" } else { ",\n" });
            first = false;
            out.push_str(&"  ".repeat(indent + 1));
            if object {
                out.push_str(&string_literal(&self.key_text(c)));
                out.push_str(": ");
            }
            self.write_json(c, indent + 1, out);
        }
        if !first {
            out.push('\n');
            out.push_str(&"  ".repeat(indent));
        }
        out.push(close);
    }

    /// The direct children of node `i`.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes.get(i).map_or(i, |n| n.end);
        let mut at = i + 1;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let c = at;
            at = self.nodes.get(c).map_or(end, |n| n.end);
            Some(c)
        })
    }

    /// The node at a path as [`Tree::path`] writes it.
    pub fn find_path(&self, path: &str) -> Option<usize> {
        (0..self.nodes.len()).find(|&i| self.path(i) == path)
    }
}

/// `s` as a JSON string literal (quoted and escaped).
pub fn string_literal(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| String::from("\"\""))
}

/// `[A-Za-z_][A-Za-z0-9_]*`: written `.Name` in a path; anything else is quoted.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::super::tests::{sample, tree};
    use super::*;
    use crate::json::Json;

    #[test]
    fn paths_read_like_jq() {
        let mut t = sample();
        t.unfold_all(100);
        let path_of = |t: &Tree, key: &str| {
            let i = (0..t.len())
                .find(|&i| t.key_text(i) == key)
                .expect("key present");
            t.path(i)
        };
        assert_eq!(path_of(&t, "Id"), ".Id");
        assert_eq!(path_of(&t, "ExitCode"), ".State.Health.Log[0].ExitCode");
        assert_eq!(
            path_of(&t, "com.example.k"),
            ".Config.Labels[\"com.example.k\"]"
        );
        assert_eq!(path_of(&t, "[29]"), ".Big[29]");
        let arr = tree(r#"[{"a": 1}]"#);
        assert_eq!(arr.path(0), ".[0]");
        assert_eq!(arr.path(1), ".[0].a");
    }

    #[test]
    fn secret_env_values_are_masked_in_rows_search_and_copies_until_revealed() {
        let mut t = sample();
        let env = (0..t.len()).find(|&i| t.key_text(i) == "Env").expect("env");
        let pw = env + 2;
        assert_eq!(t.path(pw), ".Config.Env[1]");
        assert_eq!(t.value_text(pw), "DB_PASSWORD=••••••");
        assert_eq!(t.value_text(env + 1), "PATH=/bin");
        assert_eq!(t.value_text(env + 3), "TOKEN", "a bare name holds no value");
        assert_eq!(t.copy_text(pw), "DB_PASSWORD=••••••");
        assert!(
            !t.copy_text(env).contains("hunter2"),
            "{}",
            t.copy_text(env)
        );
        t.set_query("hunter2");
        assert!(
            t.matches().is_empty(),
            "a hidden secret cannot be found by guessing"
        );

        t.set_revealed(true);
        assert_eq!(t.value_text(pw), "DB_PASSWORD=hunter2");
        assert_eq!(t.copy_text(pw), "DB_PASSWORD=hunter2");
        assert_eq!(t.matches(), [pw]);
        t.set_revealed(false);
        assert!(t.matches().is_empty());
    }

    #[test]
    fn a_secret_name_outside_env_is_not_masked() {
        let t = tree(r#"{"Labels": {"PASSWORD": "x"}, "Env": ["API_KEY=k"]}"#);
        assert_eq!(t.value_text(1), "x");
        assert_eq!(t.value_text(3), "API_KEY=••••••", "an Env array anywhere");
    }

    #[test]
    fn copies_give_scalars_as_text_and_containers_as_json() {
        let t = sample();
        assert_eq!(t.copy_text(0), "abc");
        let state = t.rows()[1];
        let copied = t.copy_text(state);
        assert_eq!(
            copied,
            "{\n  \"Status\": \"running\",\n  \"Health\": {\n    \"Status\": \"healthy\",\n    \"Log\": [\n      {\n        \"ExitCode\": 0\n      }\n    ]\n  }\n}"
        );
        let back = Json::parse(&copied).expect("valid JSON");
        assert_eq!(
            back.at(&["Health", "Status"]).and_then(Json::as_str),
            Some("healthy")
        );
        let count = (0..t.len())
            .find(|&i| t.key_text(i) == "Count")
            .expect("count");
        assert_eq!(t.copy_text(count), "3");
    }
}
