//! The prune flow after the disk view: see exactly what would go (and unmark what should stay),
//! confirm (by typing a word when named volumes are in it), then read what was removed,
//! skipped and reclaimed.

use std::collections::HashSet;

use crossterm::event::{KeyCode, KeyEvent};

use super::{Handled, Next, close, keep};
use crate::app::text::LineEdit;
use crate::app::{App, Effect};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::objects::{PruneItem, PruneKind, PruneObject, PruneOutcome};

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
pub struct PrunePreview {
    pub seq: u64,
    pub kind: PruneKind,
    pub items: Option<Result<Vec<PruneItem>, String>>,
    /// Items the user took out of the prune, by index.
    pub unmarked: HashSet<usize>,
    pub selected: usize,
    pub offset: usize,
    /// `Some` once confirmation by a typed word is asked for (named volumes are marked).
    pub typed: Option<LineEdit>,
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

    /// Chosen items that take disk space of a size the engine did not give (a network takes
    /// none): the total is then a floor.
    pub fn unknown_sizes(&self) -> usize {
        self.chosen()
            .iter()
            .filter(|i| i.size.is_none() && i.object != PruneObject::Network)
            .count()
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

impl PrunePreview {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        if self.applying {
            return keep();
        }
        let page = app.page().saturating_sub(6).max(1);
        // The typed confirmation takes letters as text.
        if let Some(typed) = self.typed.as_mut() {
            match key.code {
                KeyCode::Esc => self.typed = None,
                KeyCode::Enter if typed.trim() == CONFIRM_WORD => return app.apply_prune(self),
                _ => {
                    typed.edit(&key);
                }
            }
            return keep();
        }
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Back | Action::Quit) => return close(),
            Some(Action::Down) => self.move_by(1, page),
            Some(Action::Up) => self.move_by(-1, page),
            Some(Action::PageDown) => self.move_by(page as isize, page),
            Some(Action::PageUp) => self.move_by(-(page as isize), page),
            Some(Action::Mark) => {
                self.toggle();
                self.move_by(1, page);
            }
            Some(Action::Confirm) if self.items.as_ref().is_some_and(|r| r.is_ok()) => {
                // Confirming nothing closes the preview.
                if self.chosen().is_empty() {
                    return close();
                }
                if self.needs_typed_confirmation() {
                    self.typed = Some(LineEdit::default());
                } else {
                    return app.apply_prune(self);
                }
            }
            _ => {}
        }
        keep()
    }
}

impl App {
    /// Sends the chosen items to the engine; the preview stays, marked applying, until the
    /// outcome replaces it.
    fn apply_prune(&mut self, p: &mut PrunePreview) -> Handled {
        if !self.connected_or_say() {
            return keep();
        }
        let items = p.chosen();
        p.applying = true;
        p.typed = None;
        (
            Next::Keep,
            vec![Effect::Engine(
                self.host.id,
                Request::PruneApply {
                    kind: p.kind,
                    items,
                },
            )],
        )
    }
}

/// What a finished prune did, shown until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PruneResult {
    pub kind: PruneKind,
    pub outcome: PruneOutcome,
}

impl PruneResult {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        match app.settings.keymap.action_for(&scopes, &key) {
            Some(Action::Cancel | Action::Confirm | Action::Back | Action::Quit) => close(),
            _ => keep(),
        }
    }
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
