//! Folding: which objects and arrays are folded, and the visible rows that follows from it.
//! Rows are recomputed only when a fold flag changes, and the selection stays on its node (or
//! the nearest ancestor still shown).

use super::{Node, Tree, Value};

/// Objects and arrays at the top level with at most this many entries open unfolded.
const OPEN_AT_TOP: usize = 20;

/// The fold flags a new tree starts with: nested containers and big top-level ones folded.
pub(super) fn initial_folds(nodes: &[Node]) -> Vec<bool> {
    nodes
        .iter()
        .map(|n| match n.value {
            // An empty one has nothing to fold.
            Value::Object(len) | Value::Array(len) => len > 0 && (n.depth > 0 || len > OPEN_AT_TOP),
            _ => false,
        })
        .collect()
}

impl Tree {
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
    pub(super) fn recompute_rows(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{sample, shown, tree};

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
}
