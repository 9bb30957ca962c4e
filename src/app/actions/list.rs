//! Actions every list pane shares: moving, filtering, sorting (by the next column, or straight
//! to one), marking, and opening the remove, create and inspect dialogs on the selection.

use crate::app::overlays::PromptFor;
use crate::app::{App, Effect, Level, Pane};
use crate::config::{Action, ListAction};

impl App {
    pub(super) fn on_list(&mut self, action: ListAction) -> Vec<Effect> {
        let page = self.page();
        let pane = self.list_mut();
        match action {
            ListAction::Up => pane.move_by(-1, page),
            ListAction::Down => pane.move_by(1, page),
            ListAction::PageUp => pane.move_by(-(page as isize), page),
            ListAction::PageDown => pane.move_by(page as isize, page),
            ListAction::Top => pane.select_index(0, page),
            ListAction::Bottom => pane.select_index(usize::MAX, page),
            ListAction::Filter => pane.start_filter(),
            ListAction::SortNext => {
                pane.sort_next();
                self.rebuild();
            }
            ListAction::SortReverse => {
                pane.reverse();
                self.rebuild();
            }
            // The images pane calls its name column "repository".
            ListAction::SortName => self.sort_by(&["name", "repository"]),
            ListAction::SortCreated => self.sort_by(&["created"]),
            ListAction::SortSize => self.sort_by(&["size"]),
            ListAction::SortDriver => self.sort_by(&["driver"]),
            ListAction::Mark => {
                pane.toggle_mark();
                pane.move_by(1, page);
            }
            ListAction::MarkAll => pane.toggle_mark_all(),
            // Esc clears the filter first, then the marks.
            ListAction::Back => {
                if !pane.filter().is_empty() {
                    pane.clear_filter();
                    self.rebuild();
                } else {
                    pane.clear_marks();
                }
            }
            ListAction::Remove => return self.on_targets(Action::Remove),
            ListAction::Inspect => return self.open_inspect(),
            ListAction::Create => match self.screen.pane {
                Pane::Volumes => self.prompt(PromptFor::CreateVolume),
                Pane::Networks => self.prompt(PromptFor::CreateNetwork),
                _ => {}
            },
        }
        vec![]
    }

    /// Sorts the shown pane by the column titled one of `titles` (again: reverses), or says
    /// the pane has none.
    pub(super) fn sort_by(&mut self, titles: &[&str]) {
        if self.list_mut().sort_by_title(titles) {
            self.rebuild();
        } else {
            let what = titles.first().copied().unwrap_or("that");
            self.screen.toasts.push(
                Level::Info,
                format!("the {} pane has no {what} column", self.screen.pane.title()),
                self.now,
            );
        }
    }
}
