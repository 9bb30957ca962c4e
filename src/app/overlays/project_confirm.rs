//! The one confirmation before an action reaches every container of a compose project (or of
//! the marked projects): it names the containers it acts on and those it skips, and for a
//! compose CLI run, the project whose files it uses.

use crossterm::event::KeyEvent;

use super::{Handled, Next, close, keep};
use crate::app::App;
use crate::app::operations::Job;
use crate::config::{Action, Scope};
use crate::engine::compose::ComposeCall;

/// What a confirmed project action does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectRun {
    /// Operations on containers through the API, one job each.
    Jobs(Vec<Job>),
    /// The compose CLI on the project's files.
    Compose(ComposeCall),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectConfirm {
    /// `Stop project shop`, `compose down project shop`.
    pub title: String,
    /// The containers it acts on, by name.
    pub names: Vec<String>,
    /// Containers of the project it leaves alone, each with why (`shop-db-1 (not running)`).
    pub skipped: Vec<String>,
    pub run: ProjectRun,
}

impl ProjectConfirm {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        match app.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => {
                let run = std::mem::replace(&mut self.run, ProjectRun::Jobs(Vec::new()));
                (Next::Close, app.run_project(run))
            }
            Some(Action::Cancel) => close(),
            _ => keep(),
        }
    }
}
