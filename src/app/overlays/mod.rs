//! What can cover the panes: the help, confirmation dialogs, prompts, and views such as an
//! image's layers or an object's inspect. One enum, so only one thing is ever open and the key
//! handling knows which.
//!
//! Each overlay is a component in its own file: its state, its `on_key` (which answers
//! [`Next`] plus effects), and the engine answers it waits for (routed by
//! [`Overlay::on_report`], matched by the sequence number of the request that opened it).
//! [`App::on_overlay_key`] is the one place an overlay is taken off the screen and put back, so
//! no handler can forget to. Adding a dialog: a file here with its state and `on_key`, one line
//! in the `overlays!` table below (and an arm in `on_report` if it waits for the engine), and
//! its drawing in `ui/` with one arm in `ui::draw`.

mod command;
mod disk;
mod events;
mod files;
mod findings;
mod help;
mod hidden_marks;
mod history;
pub mod hosts;
pub mod inspect;
mod messages;
mod processes;
mod project_confirm;
mod prompt;
pub mod prune;
mod pull;
mod removal;
mod remove;
mod stats;
mod swarm_confirm;

use crossterm::event::KeyEvent;

use super::{App, Effect};
use crate::config::Action;
use crate::engine::Report;
use crate::inspect::SecretPatterns;

pub use command::CommandPrompt;
pub use disk::DiskView;
pub use events::{EventsView, LookBack, SINCE_PRESETS, Since, Typing, parse_since};
pub use files::FilesView;
pub use findings::{EngineFindingsView, FindingsView};
pub use help::HelpView;
pub use hidden_marks::HiddenMarks;
pub use history::HistoryView;
pub use hosts::{HostSwitcher, SwitchTo};
pub use inspect::{InspectMode, InspectState, InspectView};
pub use messages::MessagesView;
pub use processes::ProcessView;
pub use project_confirm::{ProjectConfirm, ProjectRun};
pub use prompt::{Prompt, PromptFor};
pub use prune::{PrunePreview, PruneResult};
pub use pull::PullView;
pub use removal::{ObjectKind, ObjectRemoval, ObjectTarget};
pub use remove::{RemoveDialog, RemoveTarget};
pub use stats::StatsView;
pub use swarm_confirm::SwarmConfirm;

/// The overlay table: one line per overlay, naming its variant and its state's type (whose
/// `on_key` takes the keys). It builds [`Overlay`] and the key dispatch.
macro_rules! overlays {
    ($( $(#[$doc:meta])* $variant:ident($view:ty), )*) => {
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Overlay {
            $( $(#[$doc])* $variant($view), )*
        }

        impl Overlay {
            fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
                match self {
                    $( Overlay::$variant(v) => v.on_key(app, key), )*
                }
            }
        }
    };
}

overlays! {
    Help(HelpView),
    /// The `:` command line.
    Command(CommandPrompt),
    /// The recent messages in full, newest first.
    Messages(MessagesView),
    /// Every host, filtered as you type; enter shows the chosen one.
    Hosts(HostSwitcher),
    ConfirmRemove(RemoveDialog),
    /// Asked once before an action reaches every container of a compose project.
    ProjectConfirm(ProjectConfirm),
    /// Asked before a swarm change that moves or removes tasks.
    SwarmConfirm(SwarmConfirm),
    RemoveObjects(ObjectRemoval),
    /// Asked before an action reaches marked rows the filter hides.
    HiddenMarks(HiddenMarks),
    /// A one-line text prompt (a name for a new volume or network).
    Prompt(Prompt),
    /// Disk usage and the choice of what to prune.
    Disk(DiskView),
    History(HistoryView),
    Pull(PullView),
    PrunePreview(PrunePreview),
    PruneResult(PruneResult),
    /// The live numbers of a container, with charts (the data is in the stats book).
    Stats(StatsView),
    Processes(ProcessView),
    /// One container's security findings in full.
    Findings(FindingsView),
    /// The host's engine events, live, with a look back.
    Events(EventsView),
    /// The engine's own security findings in full.
    EngineFindings(EngineFindingsView),
    /// A container's files, one folder at a time.
    Files(FilesView),
    /// A container's, image's, volume's or network's full description (full screen).
    Inspect(InspectView),
}

/// What a key did to the overlay it reached: keep it on screen, or close it. An overlay that
/// leads to another (the disk view to a prune preview) opens it with [`App::open`]; what was
/// opened stays whichever it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Keep,
    Close,
}

/// An overlay's answer to a key: what becomes of it, and the effects.
pub type Handled = (Next, Vec<Effect>);

fn keep() -> Handled {
    (Next::Keep, Vec::new())
}

fn close() -> Handled {
    (Next::Close, Vec::new())
}

/// Moves a scrolled view's first line by a list key (down, up, a page, the top); other keys
/// leave it.
fn scroll_by(scroll: &mut usize, action: Option<Action>, page: usize) {
    match action {
        Some(Action::Down) => *scroll += 1,
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll += page,
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(page),
        Some(Action::Top) => *scroll = 0,
        _ => {}
    }
}

impl App {
    /// Puts an overlay on the screen (replacing any other).
    pub(crate) fn open(&mut self, overlay: Overlay) {
        self.screen.overlay = Some(overlay);
        self.screen.overlay_host = self.host.id;
    }

    /// Gives a key to the overlay on screen. The overlay is off the screen while its handler
    /// runs (the handler gets the rest of the app) and goes back when it answers
    /// [`Next::Keep`], unless the handler opened another.
    pub(super) fn on_overlay_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(mut overlay) = self.screen.overlay.take() else {
            return Vec::new();
        };
        // Its keys act on the host it is about, whichever is on screen.
        let about = self.screen.overlay_host;
        let (next, fx) = self.with_host(about, |app| overlay.on_key(app, key));
        if next == Next::Keep && self.screen.overlay.is_none() {
            self.screen.overlay = Some(overlay);
            self.screen.overlay_host = about;
        }
        fx
    }
}

impl Overlay {
    /// Takes an engine answer this overlay waits for; answers to requests it did not make (an
    /// older sequence number, another object, a view since closed) are dropped.
    pub(super) fn on_report(
        &mut self,
        report: Report,
        secrets: &SecretPatterns,
        ignore: &[String],
    ) {
        match (self, report) {
            (Overlay::Pull(p), Report::PullProgress { pull, progress }) if p.pull == pull => {
                p.progress = progress;
            }
            (Overlay::History(h), Report::ImageHistory { seq, result }) if h.seq == seq => {
                h.layers = Some(result);
            }
            (Overlay::Files(f), Report::Listed { seq, result }) if f.seq == seq => {
                f.listing = Some(result);
            }
            (Overlay::Disk(d), Report::DiskUsage { seq, result }) if d.seq == seq => {
                d.usage = Some(result);
            }
            (Overlay::PrunePreview(p), Report::PrunePreview { seq, result }) if p.seq == seq => {
                p.items = Some(result);
            }
            (Overlay::ConfirmRemove(d), Report::WritableLayer { id, result })
                if d.targets.iter().any(|t| t.id == id) =>
            {
                d.layers.insert(id, result);
            }
            (Overlay::Processes(p), Report::Top { seq, id, result })
                if p.seq == seq && p.id == id =>
            {
                p.in_flight = false;
                p.top = Some(result);
            }
            (
                Overlay::Inspect(v),
                Report::Inspected {
                    seq,
                    kind,
                    id,
                    result,
                },
            ) if v.seq == seq && v.kind == kind && v.id == id => v.answer(result, secrets, ignore),
            _ => {}
        }
    }
}
