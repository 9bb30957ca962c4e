//! The inspect overlay: which object, what the engine said about it, which view is shown (a
//! container's summary, or the full tree), the search being typed; and the keys that drive it.
//! The tree, the summary and secret masking themselves are in [`crate::inspect`].

use crossterm::event::{KeyCode, KeyEvent};

use super::{Handled, Next, Overlay, close, keep};
use crate::app::{App, Effect, Level, Pane, layout, text};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::inspect::{InspectKind, Json, SecretPatterns, Summary, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InspectMode {
    Summary,
    Tree,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InspectState {
    /// Asked, not answered yet.
    Loading,
    /// The engine's message (the object was removed meanwhile, the engine went away).
    Failed(String),
    Loaded(Loaded),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub tree: Tree,
    /// Containers only.
    pub summary: Option<Summary>,
    /// The item selected in the summary (an index among all its items).
    pub item: usize,
    /// The summary's first line on screen.
    pub summary_offset: usize,
}

impl Loaded {
    /// Whether secret values are shown (one switch for the summary and the tree).
    pub fn revealed(&self) -> bool {
        self.tree.revealed()
    }

    /// Moves the summary's selection to item `to` (clamped) and scrolls it into a page.
    fn select_item(&mut self, to: usize, page: usize) {
        let Some(s) = &self.summary else { return };
        let count = s.item_count();
        if count == 0 {
            return;
        }
        self.item = to.min(count - 1);
        let row = s.row_of_item(self.item);
        let rows = s.rows().len();
        let page = page.max(1);
        // The section's heading comes into view with its first item.
        let top = if self.item == 0 { 0 } else { row };
        if top < self.summary_offset {
            self.summary_offset = top;
        } else if row >= self.summary_offset + page {
            self.summary_offset = row + 1 - page;
        }
        self.summary_offset = self.summary_offset.min(rows.saturating_sub(page));
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectView {
    pub seq: u64,
    pub kind: InspectKind,
    /// What the engine was asked about: a container's or network's id, an image id, a volume
    /// name.
    pub id: String,
    /// How the user knows it.
    pub label: String,
    pub state: InspectState,
    pub mode: InspectMode,
    /// The search being typed; `None` when not typing.
    pub search_input: Option<String>,
}

impl InspectView {
    pub fn new(seq: u64, kind: InspectKind, id: String, label: String) -> Self {
        Self {
            seq,
            kind,
            id,
            label,
            state: InspectState::Loading,
            mode: if kind == InspectKind::Container {
                InspectMode::Summary
            } else {
                InspectMode::Tree
            },
            search_input: None,
        }
    }

    pub fn loaded(&self) -> Option<&Loaded> {
        match &self.state {
            InspectState::Loaded(l) => Some(l),
            _ => None,
        }
    }

    /// Takes the engine's answer: the tree, and for a container its summary (shown first).
    pub fn answer(
        &mut self,
        result: Result<Json, String>,
        secrets: &SecretPatterns,
        ignore: &[String],
    ) {
        self.state = match result {
            Ok(json) => {
                let summary = (self.kind == InspectKind::Container).then(|| {
                    let mut s = Summary::of_container(&json, secrets);
                    s.add_findings(&json, ignore);
                    s
                });
                self.mode = if summary.is_some() {
                    InspectMode::Summary
                } else {
                    InspectMode::Tree
                };
                InspectState::Loaded(Loaded {
                    tree: Tree::new(&json, secrets),
                    summary,
                    item: 0,
                    summary_offset: 0,
                })
            }
            Err(e) => InspectState::Failed(e),
        };
    }
}

impl App {
    /// Opens the inspect view on the selected row of the shown pane and asks the engine.
    pub(crate) fn open_inspect(&mut self) -> Vec<Effect> {
        let target = match self.screen.pane {
            Pane::Containers => self
                .host
                .containers
                .list
                .selected()
                .map(|c| (InspectKind::Container, c.id.to_string(), c.name.clone())),
            Pane::Images => self
                .host
                .images
                .selected()
                .map(|i| (InspectKind::Image, i.id.to_string(), i.label())),
            Pane::Volumes => self
                .host
                .volumes
                .selected()
                .map(|v| (InspectKind::Volume, v.name.clone(), v.name.clone())),
            Pane::Networks => self
                .host
                .networks
                .selected()
                .map(|n| (InspectKind::Network, n.id.to_string(), n.name.clone())),
            Pane::Security => self
                .host
                .security
                .list
                .selected()
                .map(|r| (InspectKind::Container, r.id.to_string(), r.name.clone())),
            Pane::Services => self
                .host
                .swarm
                .services
                .selected()
                .map(|s| (InspectKind::Service, s.id.clone(), s.name.clone())),
            Pane::Tasks => self
                .host
                .swarm
                .tasks
                .selected()
                .map(|t| (InspectKind::Task, t.task.id.clone(), t.name.clone())),
            Pane::Nodes => self
                .host
                .swarm
                .nodes
                .selected()
                .map(|n| (InspectKind::Node, n.id.clone(), n.hostname.clone())),
            // A container's row under its project; a project itself is no engine object.
            Pane::Projects => match self.host.projects.list.selected() {
                Some(r) => r
                    .member
                    .as_ref()
                    .map(|m| (InspectKind::Container, m.id.to_string(), m.name.clone())),
                None => None,
            },
        };
        let Some((kind, id, label)) = target else {
            if self.screen.pane == Pane::Projects && self.host.projects.list.selected().is_some() {
                let text = "a project is its containers: unfold it (enter) and inspect one of them";
                self.screen
                    .toasts
                    .push(crate::app::Level::Info, text, self.now);
            }
            return vec![];
        };
        if !self.connected_or_say() {
            return vec![];
        }
        let seq = self.host.next_seq();
        self.open(Overlay::Inspect(InspectView::new(
            seq,
            kind,
            id.clone(),
            label,
        )));
        vec![Effect::Engine(
            self.host.id,
            Request::Inspect { seq, kind, id },
        )]
    }

    /// The mouse wheel over the inspect view moves its selection.
    pub(crate) fn wheel_inspect(&mut self, by: isize) {
        let page = layout::inspect_rows(self.screen.height);
        if let Some(Overlay::Inspect(v)) = &mut self.screen.overlay {
            let mode = v.mode;
            if let InspectState::Loaded(l) = &mut v.state {
                match mode {
                    InspectMode::Tree => l.tree.move_by(by, page),
                    InspectMode::Summary => l.select_item(l.item.saturating_add_signed(by), page),
                }
            }
        }
    }
}

impl InspectView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let page = layout::inspect_rows(app.screen.height).max(1);
        if let Some(input) = self.search_input.as_mut() {
            let tree = match &mut self.state {
                InspectState::Loaded(l) => Some(&mut l.tree),
                _ => None,
            };
            match key.code {
                KeyCode::Enter => {
                    let query = std::mem::take(input);
                    self.search_input = None;
                    if let Some(t) = tree {
                        if !query.is_empty() && !t.jump(true, true, page) {
                            app.screen.toasts.push(
                                Level::Warning,
                                format!("no match for {query}"),
                                app.now,
                            );
                        }
                    }
                }
                KeyCode::Esc => {
                    self.search_input = None;
                    if let Some(t) = tree {
                        t.set_query("");
                    }
                }
                _ => {
                    // As you type: matches are counted and highlighted; enter jumps.
                    if text::edit(input, &key) {
                        if let Some(t) = tree {
                            t.set_query(input);
                        }
                    }
                }
            }
            return keep();
        }
        let action = app.settings.keymap.action_for(&[Scope::Inspect], &key);
        if action == Some(Action::InspectClose) {
            return close();
        }
        let fx = match &mut self.state {
            InspectState::Loaded(l) => {
                let (fx, mode, search) = app.inspect_action(l, self.mode, action, page);
                self.mode = mode;
                if search {
                    self.search_input = Some(String::new());
                }
                fx
            }
            _ => vec![],
        };
        (Next::Keep, fx)
    }
}

impl App {
    /// One action on a loaded view: the effects, the view to show next, and whether a search
    /// starts.
    fn inspect_action(
        &mut self,
        l: &mut Loaded,
        mode: InspectMode,
        action: Option<Action>,
        page: usize,
    ) -> (Vec<Effect>, InspectMode, bool) {
        let summary = mode == InspectMode::Summary && l.summary.is_some();
        let step = |l: &mut Loaded, by: isize| {
            if summary {
                l.select_item(l.item.saturating_add_signed(by), page);
            } else {
                l.tree.move_by(by, page);
            }
        };
        let page_i = page as isize;
        match action {
            Some(Action::InspectUp) => step(l, -1),
            Some(Action::InspectDown) => step(l, 1),
            Some(Action::InspectPageUp) => step(l, -page_i),
            Some(Action::InspectPageDown) => step(l, page_i),
            Some(Action::InspectTop) if summary => l.select_item(0, page),
            Some(Action::InspectBottom) if summary => l.select_item(usize::MAX, page),
            Some(Action::InspectTop) => l.tree.select_row(0, page),
            Some(Action::InspectBottom) => l.tree.select_row(usize::MAX, page),
            // In the summary, enter shows the selected line's field in the tree.
            Some(Action::InspectToggle) if summary => {
                let path = l
                    .summary
                    .as_ref()
                    .and_then(|s| s.item(l.item))
                    .map(|i| i.path.clone());
                if let Some(node) = path.and_then(|p| l.tree.find_path(&p)) {
                    l.tree.show_node(node, page);
                }
                return (vec![], InspectMode::Tree, false);
            }
            Some(Action::InspectToggle) => l.tree.toggle(page),
            Some(Action::InspectFold) if !summary => l.tree.fold(page),
            Some(Action::InspectUnfold) if !summary => l.tree.unfold(page),
            Some(Action::InspectFoldAll) if !summary => l.tree.fold_all(page),
            Some(Action::InspectUnfoldAll) if !summary => l.tree.unfold_all(page),
            // Search is over the tree: it is shown for it.
            Some(Action::InspectSearch) => {
                l.tree.set_query("");
                return (vec![], InspectMode::Tree, true);
            }
            Some(a @ (Action::InspectNext | Action::InspectPrev)) => {
                if !l.tree.query().is_empty() && !l.tree.jump(a == Action::InspectNext, false, page)
                {
                    self.screen.toasts.push(
                        Level::Warning,
                        format!("no match for {}", l.tree.query()),
                        self.now,
                    );
                }
                return (vec![], InspectMode::Tree, false);
            }
            Some(a @ (Action::InspectCopy | Action::InspectCopyPath)) => {
                let value = a == Action::InspectCopy;
                let copied = if summary {
                    l.summary.as_ref().and_then(|s| s.item(l.item)).map(|i| {
                        let text = if value {
                            i.shown(l.revealed()).to_string()
                        } else {
                            i.path.clone()
                        };
                        (text, i.path.clone())
                    })
                } else {
                    l.tree.selected_node().map(|n| {
                        let text = if value {
                            l.tree.copy_text(n)
                        } else {
                            l.tree.path(n)
                        };
                        (text, l.tree.path(n))
                    })
                };
                if let Some((text, path)) = copied {
                    let what = if value { "the value of" } else { "the path" };
                    self.screen
                        .toasts
                        .push(Level::Info, format!("copied {what} {path}"), self.now);
                    return (vec![Effect::Clipboard(text)], mode, false);
                }
            }
            Some(Action::InspectReveal) => {
                let show = !l.revealed();
                l.tree.set_revealed(show);
                self.screen.toasts.push(
                    Level::Info,
                    if show {
                        "secret values shown"
                    } else {
                        "secret values hidden"
                    },
                    self.now,
                );
            }
            Some(Action::InspectSwitch) if l.summary.is_some() => {
                let next = if summary {
                    InspectMode::Tree
                } else {
                    InspectMode::Summary
                };
                return (vec![], next, false);
            }
            _ => {}
        }
        (vec![], mode, false)
    }
}
