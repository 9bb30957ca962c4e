//! A one-line prompt: a name for a new volume or network, a tag, a container to connect, an
//! image to pull, a file to save logs to, a time window of logs. Enter sends what was typed to
//! where the prompt was opened for.

use crossterm::event::{KeyCode, KeyEvent};

use super::pull::PullView;
use super::{Handled, Next, Overlay, close, keep};
use crate::app::logs::{WINDOW_PRESETS, parse_window};
use crate::app::{App, Effect, Level, text};
use crate::engine::Request;
use crate::ids::{ContainerId, ImageId, NetworkId};

/// What is typed into a prompt for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptFor {
    CreateVolume,
    CreateNetwork,
    /// A new `repo:tag` for an image.
    TagImage {
        id: ImageId,
        label: String,
    },
    /// A container (name or id) to connect to, or disconnect from, a network.
    Connect {
        network: NetworkId,
        label: String,
    },
    Disconnect {
        network: NetworkId,
        label: String,
    },
    /// An image reference to pull.
    Pull,
    /// A file to save the log lines in view to.
    SaveLogs,
    /// A file to save a container's whole log to.
    SaveWholeLog {
        container: ContainerId,
    },
    /// A time window of logs.
    LogWindow,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: String,
}

impl PromptFor {
    pub fn title(&self) -> String {
        match self {
            PromptFor::CreateVolume => "New volume name".into(),
            PromptFor::CreateNetwork => "New internal network name".into(),
            PromptFor::TagImage { label, .. } => format!("Tag {label} as (repo:tag)"),
            PromptFor::Connect { label, .. } => format!("Container to connect to {label}"),
            PromptFor::Disconnect { label, .. } => format!("Container to disconnect from {label}"),
            PromptFor::Pull => "Image to pull (name:tag, registry:port/name:tag)".into(),
            PromptFor::SaveLogs => "Save the lines in view to (a new file)".into(),
            PromptFor::SaveWholeLog { .. } => {
                "Save the whole log, fetched afresh, to (a new file)".into()
            }
            PromptFor::LogWindow => {
                "Logs since (↑↓ presets; 10m, 2h, a time; SINCE..UNTIL; empty: tail)".into()
            }
        }
    }
}

impl Prompt {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        // The time window offers presets on up and down; anything else is typed.
        if self.purpose == PromptFor::LogWindow && matches!(key.code, KeyCode::Up | KeyCode::Down) {
            let at = WINDOW_PRESETS.iter().position(|w| *w == self.input);
            let n = WINDOW_PRESETS.len();
            let next = match (at, key.code) {
                (Some(i), KeyCode::Down) => (i + 1) % n,
                (Some(i), _) => (i + n - 1) % n,
                (None, KeyCode::Down) => 0,
                (None, _) => n - 1,
            };
            self.input = WINDOW_PRESETS[next].to_string();
            return keep();
        }
        match key.code {
            KeyCode::Enter => self.submit(app),
            KeyCode::Esc => close(),
            _ => {
                text::edit(&mut self.input, &key);
                keep()
            }
        }
    }

    /// What was typed goes where the prompt was for, and the prompt closes (an empty answer
    /// keeps it open, but for the log window, where empty means back to the tail).
    fn submit(&mut self, app: &mut App) -> Handled {
        let name = self.input.trim().to_string();
        if name.is_empty() && self.purpose != PromptFor::LogWindow {
            return keep();
        }
        let req = match self.purpose.clone() {
            PromptFor::CreateVolume => Request::CreateVolume { name },
            PromptFor::CreateNetwork => Request::CreateNetwork { name },
            PromptFor::TagImage { id, .. } => Request::TagImage {
                id,
                reference: name,
            },
            PromptFor::Connect { network, .. } => Request::ConnectNetwork {
                network,
                container: name,
            },
            PromptFor::Disconnect { network, .. } => Request::DisconnectNetwork {
                network,
                container: name,
            },
            PromptFor::LogWindow => {
                match parse_window(&name, app.now) {
                    Ok(w) => {
                        app.host.logs.window = w;
                        app.host.logs.restart = true;
                    }
                    Err(e) => app.screen.toasts.push(Level::Error, e, app.now),
                }
                return close();
            }
            PromptFor::SaveWholeLog { container } => Request::SaveLog {
                container,
                path: name,
            },
            PromptFor::SaveLogs => Request::SaveLines {
                path: name,
                lines: app.host.logs.plain_lines(),
            },
            PromptFor::Pull => {
                let pull = app.host.next_seq();
                app.open(Overlay::Pull(PullView {
                    pull,
                    reference: name.clone(),
                    progress: Default::default(),
                    result: None,
                    cancelling: false,
                }));
                Request::Pull {
                    pull,
                    reference: name,
                }
            }
        };
        (Next::Close, vec![Effect::Engine(req)])
    }
}

impl App {
    /// Opens an empty prompt for this purpose.
    pub(crate) fn prompt(&mut self, purpose: PromptFor) {
        self.prompt_with(purpose, String::new());
    }

    /// Opens a prompt with a suggested answer.
    pub(crate) fn prompt_with(&mut self, purpose: PromptFor, input: String) {
        self.open(Overlay::Prompt(Prompt { purpose, input }));
    }
}
