//! The disk-usage view and the prune flow: choose a kind, see exactly what would go (and unmark
//! what should stay), confirm (by typing a word when named volumes are in it), then read what
//! was removed, skipped and reclaimed.

use std::collections::HashSet;

use crate::engine::objects::{DiskUsage, PruneItem, PruneKind, PruneOutcome};

/// The kinds offered, in the order shown.
pub const KINDS: [PruneKind; 8] = [
    PruneKind::StoppedContainers,
    PruneKind::DanglingImages,
    PruneKind::UnusedImages,
    PruneKind::UnusedNetworks,
    PruneKind::AnonymousVolumes,
    PruneKind::AllUnusedVolumes,
    PruneKind::BuildCache,
    PruneKind::All,
];

/// The word typed to confirm removing named volumes (their data).
pub const CONFIRM_WORD: &str = "delete";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskView {
    pub seq: u64,
    /// `None` while the engine computes it (it can take a while on a big engine).
    pub usage: Option<Result<DiskUsage, String>>,
    /// Index into [`KINDS`].
    pub selected: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrunePreview {
    pub seq: u64,
    pub kind: PruneKind,
    pub items: Option<Result<Vec<PruneItem>, String>>,
    /// Items the user took out of the prune, by index.
    pub unmarked: HashSet<usize>,
    pub selected: usize,
    pub offset: usize,
    /// `Some` once confirmation by a typed word is asked for (named volumes are marked).
    pub typed: Option<String>,
    /// Sent to the engine; waiting for the outcome.
    pub applying: bool,
}

impl PrunePreview {
    pub fn new(seq: u64, kind: PruneKind) -> Self {
        Self {
            seq,
            kind,
            items: None,
            unmarked: HashSet::new(),
            selected: 0,
            offset: 0,
            typed: None,
            applying: false,
        }
    }

    pub fn items(&self) -> &[PruneItem] {
        match &self.items {
            Some(Ok(items)) => items,
            _ => &[],
        }
    }

    /// The items that would be removed now.
    pub fn chosen(&self) -> Vec<PruneItem> {
        self.items()
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.unmarked.contains(i))
            .map(|(_, it)| it.clone())
            .collect()
    }

    /// Bytes the chosen items free, where known.
    pub fn chosen_size(&self) -> i64 {
        self.chosen().iter().filter_map(|i| i.size).sum()
    }

    pub fn needs_typed_confirmation(&self) -> bool {
        self.chosen().iter().any(|i| i.named_volume)
    }

    pub fn move_by(&mut self, delta: isize, page: usize) {
        let n = self.items().len();
        if n == 0 {
            return;
        }
        self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    pub fn toggle(&mut self) {
        if self.selected < self.items().len() && !self.unmarked.remove(&self.selected) {
            self.unmarked.insert(self.selected);
        }
    }
}

/// What a finished prune did, shown until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PruneResult {
    pub kind: PruneKind,
    pub outcome: PruneOutcome,
}

/// One line for the status bar: what a prune removed, skipped and reclaimed.
pub fn summary(o: &PruneOutcome) -> String {
    let mut text = format!(
        "pruned {} object{}, reclaimed {}",
        o.removed.len(),
        if o.removed.len() == 1 { "" } else { "s" },
        crate::units::human_size(o.reclaimed)
    );
    if !o.skipped.is_empty() {
        text.push_str(&format!(
            "; {} skipped (in use since the preview)",
            o.skipped.len()
        ));
    }
    if !o.failed.is_empty() {
        text.push_str(&format!("; {} failed", o.failed.len()));
    }
    text
}
