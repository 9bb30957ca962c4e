//! A pull in progress (per-layer progress from the engine), or its outcome.

use crossterm::event::KeyEvent;

use super::{Handled, Next, keep};
use crate::app::{App, Effect};
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::pull::PullProgress;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullView {
    pub pull: u64,
    pub reference: String,
    pub progress: PullProgress,
    /// `Some` once it ended: the engine's last status, or why it failed or stopped.
    pub result: Option<Result<String, String>>,
    /// A cancel was sent and not answered yet.
    pub cancelling: bool,
}

impl PullView {
    /// While a pull runs, a closing key cancels it; once it ended, a closing key closes.
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let scopes = [Scope::Global, Scope::List, Scope::Dialog];
        let closing = matches!(
            app.settings.keymap.action_for(&scopes, &key),
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Confirm)
        );
        if self.result.is_some() {
            return if closing {
                (Next::Close, vec![])
            } else {
                keep()
            };
        }
        if closing && !self.cancelling {
            self.cancelling = true;
            return (
                Next::Keep,
                vec![Effect::Engine(
                    app.host().id,
                    Request::CancelPull { pull: self.pull },
                )],
            );
        }
        keep()
    }

    /// The pull ended: shown in the view until it is closed.
    pub(crate) fn finish(&mut self, pull: u64, result: Result<String, String>) {
        if self.pull == pull {
            self.result = Some(result);
            self.cancelling = false;
        }
    }
}
