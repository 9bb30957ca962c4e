//! The selection and the scroll offset: moving by rows, and bringing a node into view (opening
//! what hides it). The selection stays within the rows, and within the page on screen.

use super::Tree;

impl Tree {
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

    pub(super) fn keep_in_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        // No empty rows below the last one while there is more above.
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    /// Selects the row of `node`, or of its nearest visible ancestor.
    pub(super) fn select_node(&mut self, node: usize) {
        let mut at = Some(node);
        while let Some(n) = at {
            if let Ok(row) = self.rows.binary_search(&n) {
                self.selected = row;
                return;
            }
            at = self.nodes.get(n).and_then(|x| x.parent);
        }
    }

    /// Opens what hides node `i`, selects it and scrolls it into view.
    pub fn show_node(&mut self, i: usize, page: usize) {
        if i < self.nodes.len() {
            self.reveal_node(i, page);
        }
    }

    /// Opens every ancestor of `node` so that it is visible, and selects it.
    pub(super) fn reveal_node(&mut self, node: usize, page: usize) {
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;

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
}
