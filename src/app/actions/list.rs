//! Actions every list pane shares: moving, filtering, sorting, marking, and opening the remove,
//! create and inspect dialogs on the selection.

use crate::app::overlays::PromptFor;
use crate::app::{App, Effect, Pane};
use crate::config::ListAction;

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
            ListAction::Remove if self.screen.pane == Pane::Containers => {
                return self.open_remove_dialog();
            }
            ListAction::Remove => self.open_object_removal(),
            ListAction::Inspect => return self.open_inspect(),
            ListAction::Create => match self.screen.pane {
                Pane::Volumes => self.prompt(PromptFor::CreateVolume),
                Pane::Networks => self.prompt(PromptFor::CreateNetwork),
                _ => {}
            },
        }
        vec![]
    }
}
