//! The question asked before an action reaches marked rows the user cannot see: the filter
//! (or "running only") hides some marked rows. Actions go to what is shown (the shown marked
//! rows, or else the selected row); this dialog names the hidden ones and lets the user add
//! them, keep to the shown ones, or cancel. Without it, marking `runner-3`, filtering to
//! `runner-2` and pressing stop stopped `runner-3`, unseen.

use crossterm::event::KeyEvent;

use super::{Handled, Next, close, keep};
use crate::app::{App, Effect, Overlay, Pane};
use crate::config::{Action, ContainerAction, ListAction, Scope};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenMarks {
    /// The action waiting for the answer (stop, remove, ...).
    pub action: Action,
    /// How the user knows the rows it goes to as things are shown.
    pub shown: Vec<String>,
    /// The marked rows the filter hides.
    pub hidden: Vec<String>,
}

impl HiddenMarks {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        match app.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => (Next::Close, app.act_on_targets(self.action, false)),
            Some(Action::AlsoHidden) => (Next::Close, app.act_on_targets(self.action, true)),
            Some(Action::Cancel) => close(),
            _ => keep(),
        }
    }
}

impl App {
    /// Runs an action that applies to the marked or selected rows; when marked rows are
    /// hidden, asks first.
    pub(crate) fn on_targets(&mut self, action: Action) -> Vec<Effect> {
        let hidden = self.list().hidden_marked_labels();
        if hidden.is_empty() {
            return self.act_on_targets(action, false);
        }
        let shown = self.list().target_labels();
        self.open(Overlay::HiddenMarks(HiddenMarks {
            action,
            shown,
            hidden,
        }));
        vec![]
    }

    /// Runs the action on the shown targets, and on the hidden marked rows too when `also`.
    fn act_on_targets(&mut self, action: Action, also_hidden: bool) -> Vec<Effect> {
        self.list_mut().set_reach_hidden(also_hidden);
        let fx = match action {
            Action::List(ListAction::Remove) if self.screen.pane == Pane::Containers => {
                self.open_remove_dialog()
            }
            Action::List(ListAction::Remove) if self.screen.pane == Pane::Projects => {
                self.open_project_removal()
            }
            Action::List(ListAction::Remove) if self.screen.pane == Pane::Services => {
                self.confirm_service_removal()
            }
            Action::List(ListAction::Remove) => {
                self.open_object_removal();
                vec![]
            }
            Action::Containers(
                a @ (ContainerAction::Start
                | ContainerAction::Stop
                | ContainerAction::Restart
                | ContainerAction::Pause
                | ContainerAction::Kill),
            ) => self.container_op_on_targets(a),
            _ => vec![],
        };
        self.list_mut().set_reach_hidden(false);
        fx
    }
}
