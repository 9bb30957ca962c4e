//! The engine's description of an object as a tree that folds and unfolds, with search.
//!
//! The JSON is flattened once into an arena of nodes in document order (each node knows its
//! parent and where its subtree ends), so folding is a flag per node and the visible rows are a
//! list of node indices, recomputed only when a fold changes (never on a cursor move). Objects
//! and arrays fold; strings, numbers, booleans and nulls are leaves. Values of `Env` entries
//! whose names look secret are shown masked until revealed, in the rows, in search and in what
//! is copied.

use std::borrow::Cow;
use std::ops::Range;

use super::secrets::{SecretPatterns, mask_entry};
use crate::json::Json;

/// Objects and arrays at the top level with at most this many entries open unfolded.
const OPEN_AT_TOP: usize = 20;

/// How a node is reached from its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Field(String),
    Index(usize),
}

/// A node's value: containers with their entry count, or a scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Object(usize),
    Array(usize),
    String(String),
    /// As the engine wrote it.
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub key: Key,
    pub value: Value,
    /// 0 for the entries of the top-level object.
    pub depth: usize,
    pub parent: Option<usize>,
    /// One past the last node of this node's subtree.
    end: usize,
    /// An `Env` entry whose name looks secret.
    pub secret: bool,
}

impl Node {
    pub fn is_container(&self) -> bool {
        matches!(self.value, Value::Object(_) | Value::Array(_))
    }

    /// An object or array with entries: the only kind of node that folds.
    pub fn folds(&self) -> bool {
        matches!(self.value, Value::Object(n) | Value::Array(n) if n > 0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    nodes: Vec<Node>,
    folded: Vec<bool>,
    /// Node indices of the visible rows, in order.
    rows: Vec<usize>,
    /// Index into `rows`.
    selected: usize,
    /// First row on screen.
    offset: usize,
    revealed: bool,
    query: String,
    /// Nodes whose key or shown value holds the query, in document order.
    matches: Vec<usize>,
    /// Index into `matches` of the match moved to with next/previous.
    current: Option<usize>,
}

impl Tree {
    pub fn new(json: &Json, secrets: &SecretPatterns) -> Self {
        let mut nodes = Vec::new();
        match json {
            Json::Object(map) => {
                for (k, v) in map {
                    push(
                        &mut nodes,
                        Key::Field(k.clone()),
                        v,
                        0,
                        None,
                        false,
                        secrets,
                    );
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    push(&mut nodes, Key::Index(i), v, 0, None, false, secrets);
                }
            }
            scalar => push(
                &mut nodes,
                Key::Field("value".into()),
                scalar,
                0,
                None,
                false,
                secrets,
            ),
        }
        let folded = nodes
            .iter()
            .map(|n| match n.value {
                // An empty one has nothing to fold.
                Value::Object(len) | Value::Array(len) => {
                    len > 0 && (n.depth > 0 || len > OPEN_AT_TOP)
                }
                _ => false,
            })
            .collect();
        let mut tree = Self {
            nodes,
            folded,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            revealed: false,
            query: String::new(),
            matches: Vec::new(),
            current: None,
        };
        tree.recompute_rows();
        tree
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    /// The visible rows (node indices).
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    pub fn selected_row(&self) -> usize {
        self.selected
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn selected_node(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    pub fn is_folded(&self, i: usize) -> bool {
        self.folded.get(i).copied().unwrap_or(false)
    }

    pub fn revealed(&self) -> bool {
        self.revealed
    }

    /// Whether any value is a secret (masked unless revealed).
    pub fn has_secrets(&self) -> bool {
        self.nodes.iter().any(|n| n.secret)
    }

    /// Shows or hides secret values; the search then looks at what is shown.
    pub fn set_revealed(&mut self, revealed: bool) {
        self.revealed = revealed;
        self.search_again();
    }

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

    // ---------------------------------------------------------------- moving --

    /// Moves the selection by `delta` rows and keeps it within a page of `page` rows.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_in_view(page);
    }

    /// Selects row `row` (clamped: `usize::MAX` is the last row).
    pub fn select_row(&mut self, row: usize, page: usize) {
        self.selected = row.min(self.rows.len().saturating_sub(1));
        self.keep_in_view(page);
    }

    fn keep_in_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        // No empty rows below the last one while there is more above.
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    // --------------------------------------------------------------- folding --

    /// Folds an open object or array, opens a folded one.
    pub fn toggle(&mut self, page: usize) {
        if let Some(i) = self.selected_node().filter(|&i| self.nodes[i].folds()) {
            self.folded[i] = !self.folded[i];
            self.recompute_rows();
            self.keep_in_view(page);
        }
    }

    /// Folds the selected object or array; on a leaf or a folded one, moves to its parent
    /// (so repeated presses walk up the tree).
    pub fn fold(&mut self, page: usize) {
        let Some(i) = self.selected_node() else {
            return;
        };
        if self.nodes[i].folds() && !self.folded[i] {
            self.folded[i] = true;
            self.recompute_rows();
        } else if let Some(p) = self.nodes[i].parent {
            self.select_node(p);
        }
        self.keep_in_view(page);
    }

    /// Opens the selected object or array; on an open one, moves to its first entry.
    pub fn unfold(&mut self, page: usize) {
        let Some(i) = self.selected_node() else {
            return;
        };
        let n = &self.nodes[i];
        if !n.folds() {
            return;
        }
        if self.folded[i] {
            self.folded[i] = false;
            self.recompute_rows();
        } else if n.end > i + 1 {
            self.select_node(i + 1);
        }
        self.keep_in_view(page);
    }

    pub fn fold_all(&mut self, page: usize) {
        for (f, n) in self.folded.iter_mut().zip(&self.nodes) {
            *f = n.folds();
        }
        self.recompute_rows();
        self.keep_in_view(page);
    }

    pub fn unfold_all(&mut self, page: usize) {
        self.folded.iter_mut().for_each(|f| *f = false);
        self.recompute_rows();
        self.keep_in_view(page);
    }

    /// The visible rows from the fold flags; the selection stays on its node, or moves to the
    /// nearest visible ancestor when its node was folded away.
    fn recompute_rows(&mut self) {
        let keep = self.selected_node();
        self.rows.clear();
        let mut i = 0;
        while i < self.nodes.len() {
            self.rows.push(i);
            i = if self.folded[i] {
                self.nodes[i].end
            } else {
                i + 1
            };
        }
        self.selected = 0;
        if let Some(node) = keep {
            self.select_node(node);
        }
    }

    /// Selects the row of `node`, or of its nearest visible ancestor.
    fn select_node(&mut self, node: usize) {
        let mut at = Some(node);
        while let Some(n) = at {
            if let Ok(row) = self.rows.binary_search(&n) {
                self.selected = row;
                return;
            }
            at = self.nodes.get(n).and_then(|x| x.parent);
        }
    }

    /// The node at a path as [`Tree::path`] writes it.
    pub fn find_path(&self, path: &str) -> Option<usize> {
        (0..self.nodes.len()).find(|&i| self.path(i) == path)
    }

    /// Opens what hides node `i`, selects it and scrolls it into view.
    pub fn show_node(&mut self, i: usize, page: usize) {
        if i < self.nodes.len() {
            self.reveal_node(i, page);
        }
    }

    /// Opens every ancestor of `node` so that it is visible, and selects it.
    fn reveal_node(&mut self, node: usize, page: usize) {
        let mut at = self.nodes.get(node).and_then(|n| n.parent);
        let mut changed = false;
        while let Some(p) = at {
            changed |= std::mem::replace(&mut self.folded[p], false);
            at = self.nodes[p].parent;
        }
        if changed {
            self.recompute_rows();
        }
        self.select_node(node);
        self.keep_in_view(page);
    }

    // ---------------------------------------------------------------- search --

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn matches(&self) -> &[usize] {
        &self.matches
    }

    /// The match moved to with next/previous (index into [`Tree::matches`]).
    pub fn current_match(&self) -> Option<usize> {
        self.current
    }

    /// Whether node `i` is a match.
    pub fn is_match(&self, i: usize) -> bool {
        self.matches.binary_search(&i).is_ok()
    }

    /// Searches keys and shown values for `query` (plain text, case ignored). Nothing moves
    /// until [`Tree::jump`].
    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
        self.current = None;
        self.search_again();
    }

    fn search_again(&mut self) {
        self.matches.clear();
        if self.query.is_empty() {
            self.current = None;
            return;
        }
        for i in 0..self.nodes.len() {
            if contains_ci(&self.key_text(i), &self.query)
                || (!self.nodes[i].is_container() && contains_ci(&self.value_text(i), &self.query))
            {
                self.matches.push(i);
            }
        }
        self.current = self.current.filter(|&c| c < self.matches.len());
    }

    /// Moves to the next (or previous) match after (before) the selection, wrapping around,
    /// and opens what hides it. With `from_here`, a match on the selected row counts. False
    /// when nothing matches.
    pub fn jump(&mut self, forward: bool, from_here: bool, page: usize) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let n = self.matches.len();
        let at = self.selected_node().unwrap_or(0);
        let next = match self.current {
            Some(c) if self.matches.get(c) == Some(&at) && !from_here => {
                if forward {
                    (c + 1) % n
                } else {
                    (c + n - 1) % n
                }
            }
            _ if forward => self
                .matches
                .iter()
                .position(|&m| m > at || (from_here && m == at))
                .unwrap_or(0),
            _ => self
                .matches
                .iter()
                .rposition(|&m| m < at || (from_here && m == at))
                .unwrap_or(n - 1),
        };
        self.current = Some(next);
        self.reveal_node(self.matches[next], page);
        true
    }
}

/// Adds `v` (and its subtree) under `key`; entries of an `Env` array are checked for secrets.
fn push(
    nodes: &mut Vec<Node>,
    key: Key,
    v: &Json,
    depth: usize,
    parent: Option<usize>,
    in_env: bool,
    secrets: &SecretPatterns,
) {
    let at = nodes.len();
    let env = matches!(&key, Key::Field(k) if k == "Env");
    let (value, secret) = match v {
        Json::Object(m) => (Value::Object(m.len()), false),
        Json::Array(a) => (Value::Array(a.len()), false),
        Json::String(s) => (
            Value::String(s.clone()),
            in_env && secrets.is_secret_entry(s),
        ),
        Json::Number(n) => (Value::Number(n.clone()), false),
        Json::Bool(b) => (Value::Bool(*b), false),
        Json::Null => (Value::Null, false),
    };
    nodes.push(Node {
        key,
        value,
        depth,
        parent,
        end: at + 1,
        secret,
    });
    match v {
        Json::Object(m) => {
            for (k, c) in m {
                push(
                    nodes,
                    Key::Field(k.clone()),
                    c,
                    depth + 1,
                    Some(at),
                    false,
                    secrets,
                );
            }
        }
        Json::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                push(nodes, Key::Index(i), c, depth + 1, Some(at), env, secrets);
            }
        }
        _ => {}
    }
    nodes[at].end = nodes.len();
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

/// True when `hay` holds `needle`, case ignored.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    !find_ci(hay, needle).is_empty()
}

/// Byte ranges of `hay` (on character boundaries) where `needle` occurs, case ignored, not
/// overlapping.
pub fn find_ci(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let want: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if want.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Compare the lower-cased characters from `i` with the needle's.
        let (mut k, mut j) = (0, i);
        'outer: while k < want.len() && j < chars.len() {
            for lc in chars[j].1.to_lowercase() {
                if k < want.len() && want[k] == lc {
                    k += 1;
                } else {
                    break 'outer;
                }
            }
            j += 1;
        }
        if k == want.len() && j > i {
            let end = chars.get(j).map_or(hay.len(), |c| c.0);
            out.push(chars[i].0..end);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Tree {
        let j = Json::parse(text).expect("valid JSON");
        Tree::new(&j, &SecretPatterns::default())
    }

    fn shown(t: &Tree) -> Vec<String> {
        t.rows()
            .iter()
            .map(|&i| {
                let n = t.node(i).expect("node");
                format!(
                    "{}{}={}",
                    "  ".repeat(n.depth),
                    t.key_text(i),
                    t.value_text(i)
                )
            })
            .collect()
    }

    fn sample() -> Tree {
        let big: Vec<String> = (0..30).map(|i| i.to_string()).collect();
        tree(&format!(
            r#"{{
                "Id": "abc",
                "State": {{"Status": "running", "Health": {{"Status": "healthy", "Log": [{{"ExitCode": 0}}]}}}},
                "Config": {{
                    "Env": ["PATH=/bin", "DB_PASSWORD=hunter2", "TOKEN"],
                    "Labels": {{"com.example.k": "v"}}
                }},
                "Big": [{}],
                "Count": 3,
                "Null": null
            }}"#,
            big.join(",")
        ))
    }

    #[test]
    fn top_level_and_small_objects_open_deeper_ones_and_big_ones_folded() {
        let t = sample();
        assert_eq!(
            shown(&t),
            [
                "Id=abc",
                "State={2}",
                "  Status=running",
                "  Health={2}",
                "Config={2}",
                "  Env=[3]",
                "  Labels={1}",
                "Big=[30]",
                "Count=3",
                "Null=null",
            ]
        );
        assert!(t.is_folded(t.rows()[3]), "State.Health is folded");
        assert!(t.is_folded(t.rows()[7]), "a big array is folded");
    }

    #[test]
    fn folding_and_unfolding_change_the_rows_and_keep_the_selection() {
        let mut t = sample();
        t.select_row(3, 10); // State.Health
        t.unfold(10);
        assert_eq!(
            shown(&t)[3..6],
            ["  Health={2}", "    Status=healthy", "    Log=[1]"]
        );
        // Unfolding an open one moves to its first entry.
        t.unfold(10);
        assert_eq!(
            t.path(t.selected_node().expect("sel")),
            ".State.Health.Status"
        );
        // Folding a leaf moves to its parent; folding that folds it.
        t.fold(10);
        assert_eq!(t.path(t.selected_node().expect("sel")), ".State.Health");
        t.fold(10);
        assert!(t.is_folded(t.selected_node().expect("sel")));
        assert_eq!(t.rows().len(), 10);
        // Folding State while inside it leaves the selection on State.
        t.select_row(2, 10);
        t.fold(10);
        t.fold(10);
        assert_eq!(t.path(t.selected_node().expect("sel")), ".State");
        assert_eq!(shown(&t)[1..3], ["State={2}", "Config={2}"]);
        t.toggle(10);
        assert_eq!(shown(&t)[2], "  Status=running");

        t.unfold_all(10);
        assert_eq!(t.rows().len(), t.len(), "every node shown");
        assert_eq!(t.path(t.selected_node().expect("sel")), ".State");
        t.fold_all(10);
        assert_eq!(
            shown(&t),
            [
                "Id=abc",
                "State={2}",
                "Config={2}",
                "Big=[30]",
                "Count=3",
                "Null=null"
            ]
        );
        assert_eq!(t.selected_row(), 1);
        // Toggling a leaf does nothing.
        t.select_row(0, 10);
        t.toggle(10);
        assert_eq!(t.rows().len(), 6);
    }

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
    fn empty_objects_and_arrays_do_not_fold() {
        let mut t = tree(r#"{"A": {}, "B": [], "C": {"D": []}}"#);
        t.unfold_all(10);
        assert_eq!(shown(&t), ["A={0}", "B=[0]", "C={1}", "  D=[0]"]);
        t.fold_all(10);
        assert_eq!(shown(&t), ["A={0}", "B=[0]", "C={1}"]);
        assert!(!t.is_folded(0), "nothing to fold");
        t.toggle(10);
        assert!(!t.is_folded(0));
    }

    #[test]
    fn a_secret_name_outside_env_is_not_masked() {
        let t = tree(r#"{"Labels": {"PASSWORD": "x"}, "Env": ["API_KEY=k"]}"#);
        assert_eq!(t.value_text(1), "x");
        assert_eq!(t.value_text(3), "API_KEY=••••••", "an Env array anywhere");
    }

    #[test]
    fn search_counts_matches_and_next_previous_open_what_hides_them() {
        let mut t = sample();
        t.set_query("STATUS");
        assert_eq!(t.matches().len(), 2, "State.Status and State.Health.Status");
        assert_eq!(t.current_match(), None);
        assert!(t.jump(true, true, 5));
        assert_eq!(t.path(t.selected_node().expect("sel")), ".State.Status");
        assert!(t.jump(true, false, 5));
        assert_eq!(t.current_match(), Some(1));
        // The second match was inside the folded Health: it is open now.
        assert_eq!(
            t.path(t.selected_node().expect("sel")),
            ".State.Health.Status"
        );
        assert!(!t.is_folded(t.matches()[1] - 1));
        // Wraps around both ways.
        assert!(t.jump(true, false, 5));
        assert_eq!(t.current_match(), Some(0));
        assert!(t.jump(false, false, 5));
        assert_eq!(t.current_match(), Some(1));

        // Values match too, and only shown ones: a container's size does not.
        t.set_query("running");
        assert_eq!(t.matches().len(), 1);
        t.set_query("3");
        assert_eq!(
            t.matches().iter().map(|&i| t.path(i)).collect::<Vec<_>>(),
            [".Big[3]", ".Big[13]", ".Big[23]", ".Count"]
        );
        // A match deep in a big folded array opens it, and the view scrolls to it.
        t.select_row(0, 5);
        assert!(t.jump(false, true, 5));
        assert_eq!(t.path(t.selected_node().expect("sel")), ".Count");
        assert!(t.jump(false, false, 5));
        assert_eq!(t.path(t.selected_node().expect("sel")), ".Big[23]");
        let row = t.selected_row();
        assert!(t.offset() <= row && row < t.offset() + 5);

        t.set_query("");
        assert!(t.matches().is_empty());
        assert!(!t.jump(true, true, 5));
    }

    #[test]
    fn moving_keeps_the_selection_on_screen_and_in_bounds() {
        let mut t = sample();
        t.move_by(-5, 3);
        assert_eq!(t.selected_row(), 0);
        t.move_by(100, 3);
        assert_eq!(t.selected_row(), t.rows().len() - 1);
        assert_eq!(t.offset(), t.rows().len() - 3);
        t.select_row(0, 3);
        assert_eq!(t.offset(), 0);
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

    #[test]
    fn scalars_and_empty_documents_make_small_trees() {
        let t = tree(r#""just text""#);
        assert_eq!(shown(&t), ["value=just text"]);
        let mut t = tree("{}");
        assert!(t.is_empty());
        t.toggle(5);
        t.fold(5);
        t.unfold(5);
        t.move_by(1, 5);
        assert_eq!(t.selected_node(), None);
        assert_eq!(t.copy_text(0), "");
    }

    #[test]
    fn case_insensitive_ranges_stay_on_character_boundaries() {
        assert_eq!(find_ci("Health HEALTH", "health"), [0..6, 7..13]);
        assert_eq!(find_ci("ünïcödé ÜNÏ", "ünï"), [0..5, 12..17]);
        // Not overlapping: "aaa" holds "aa" once.
        assert_eq!(find_ci("aaa", "aa").len(), 1);
        assert_eq!(find_ci("aaa", "aa").first(), Some(&(0..2)));
        assert!(find_ci("abc", "").is_empty());
        assert!(find_ci("", "a").is_empty());
        for r in find_ci("İstanbul iSTANBUL", "i̇") {
            assert!("İstanbul iSTANBUL".get(r).is_some());
        }
    }
}
