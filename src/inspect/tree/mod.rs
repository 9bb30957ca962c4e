//! The engine's description of an object as a tree that folds and unfolds, with search.
//!
//! The JSON is flattened once into an arena of nodes in document order (each node knows its
//! parent and where its subtree ends), so folding is a flag per node and the visible rows are a
//! list of node indices, recomputed only when a fold changes (never on a cursor move). Objects
//! and arrays fold; strings, numbers, booleans and nulls are leaves. Values of `Env` entries
//! whose names look secret are shown masked until revealed, in the rows, in search and in what
//! is copied.
//!
//! One [`Tree`], its parts in one file each: the node arena built from the JSON ([`nodes`]),
//! nodes as text, paths and copies ([`text`]), folding and the visible rows ([`folding`]), the
//! selection and scrolling ([`cursor`]), and search ([`search`]). Invariants the parts keep:
//! `folded` holds one flag per node, true only on a node that folds; `rows` are the nodes no
//! folded ancestor hides, ascending; `selected` indexes `rows` (0 when there are none); the
//! matches are ascending node indices.

mod cursor;
mod folding;
mod nodes;
mod search;
mod text;

pub use nodes::{Key, Node, Value};
pub use search::{contains_ci, find_ci};
pub use text::string_literal;

use super::secrets::SecretPatterns;
use crate::json::Json;

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
    /// The query, its matcher and its matches; boxed, as the compiled matcher is large and a
    /// tree is carried in the app's inspect state.
    search: Box<search::Search>,
}

impl Tree {
    pub fn new(json: &Json, secrets: &SecretPatterns) -> Self {
        let nodes = nodes::flatten(json, secrets);
        let folded = folding::initial_folds(&nodes);
        let mut tree = Self {
            nodes,
            folded,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            revealed: false,
            search: Box::default(),
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
}

/// Trees the tests of every part share.
#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn tree(text: &str) -> Tree {
        let j = Json::parse(text).expect("valid JSON");
        Tree::new(&j, &SecretPatterns::default())
    }

    pub(super) fn shown(t: &Tree) -> Vec<String> {
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

    pub(super) fn sample() -> Tree {
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
}
