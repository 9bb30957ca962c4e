//! A one-line prompt: a name for a new volume or network, a tag, a container to connect, an
//! image to pull, a file to save logs to, a time window of logs. Enter sends what was typed to
//! where the prompt was opened for.

use crossterm::event::{KeyCode, KeyEvent};

use super::pull::PullView;
use super::{Handled, Next, Overlay, close, keep};
use crate::app::logs::{WINDOW_PRESETS, parse_window};
use crate::app::text::LineEdit;
use crate::app::{App, Effect};
use crate::engine::Request;
use crate::engine::reference::ImageReference;
use crate::ids::{ContainerId, ImageId, NetworkId};

/// The most replicas a scale prompt takes: a typo of a few digits too many would otherwise
/// ask the engine for a million tasks.
const MAX_REPLICAS: u64 = 10_000;

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
    /// A path in a container to copy out, then the local folder to copy it into.
    CopyOutPath {
        container: ContainerId,
        name: String,
    },
    CopyOutTo {
        container: ContainerId,
        name: String,
        path: String,
    },
    /// A local file or folder to copy into a container, then the folder there.
    CopyInPath {
        container: ContainerId,
        name: String,
    },
    CopyInTo {
        container: ContainerId,
        name: String,
        local: String,
    },
    /// The replicas a swarm service should have.
    Scale {
        id: String,
        name: String,
    },
    /// A command to run in a container (`[user@]command args`; empty: its shell).
    Exec {
        container: ContainerId,
        name: String,
        image: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: LineEdit,
    /// Why what was typed cannot be used; the prompt stays open with it until the next key.
    pub error: Option<String>,
    /// Answers offered (containers to connect or disconnect): tab completes to them.
    pub candidates: Vec<String>,
    /// While tab cycles through the matches: the text they match and the one shown.
    cycling: Option<(String, usize)>,
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
            PromptFor::CopyOutPath { name, .. } => {
                format!("Copy out of {name}: the file or folder's path in the container")
            }
            PromptFor::CopyOutTo { path, .. } => format!("Copy {path} into the local folder"),
            PromptFor::CopyInPath { name, .. } => {
                format!("Copy into {name}: the local file or folder")
            }
            PromptFor::CopyInTo { local, name, .. } => {
                format!("Copy {local} into {name}'s folder")
            }
            PromptFor::Scale { name, .. } => format!("Replicas of service {name}"),
            PromptFor::Exec { name, .. } => {
                format!("Run in {name} ([user@]command, e.g. python3 or root@sh; empty: its shell)")
            }
        }
    }
}

impl Prompt {
    fn new(purpose: PromptFor, input: LineEdit) -> Self {
        Self {
            purpose,
            input,
            error: None,
            candidates: Vec::new(),
            cycling: None,
        }
    }

    /// The candidates that start with what is typed (case ignored), in order.
    pub fn matches(&self) -> Vec<&str> {
        let stem = match &self.cycling {
            Some((stem, _)) => stem.as_str(),
            None => self.input.text(),
        };
        let stem = stem.trim().to_lowercase();
        self.candidates
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&stem))
            .map(String::as_str)
            .collect()
    }

    /// Tab: to the one match, or the longest start all matches share; pressed again, to each
    /// match in turn.
    fn complete(&mut self) {
        let matches: Vec<String> = self.matches().into_iter().map(str::to_string).collect();
        if matches.is_empty() {
            return;
        }
        if self.cycling.is_none() {
            let common = common_prefix(&matches);
            if matches.len() == 1 || common.chars().count() > self.input.trim().chars().count() {
                self.input.set(if matches.len() == 1 {
                    matches[0].clone()
                } else {
                    common
                });
                return;
            }
        }
        let (stem, next) = match self.cycling.take() {
            Some((stem, i)) => (stem, (i + 1) % matches.len()),
            None => (self.input.text().to_string(), 0),
        };
        self.input.set(matches[next].clone());
        self.cycling = Some((stem, next));
    }

    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let before = self.input.text().to_string();
        let handled = self.take_key(app, key);
        // A refusal is about what was typed: it stays while the cursor moves, and goes once
        // the text changes.
        if self.input.text() != before {
            self.error = None;
        }
        handled
    }

    fn take_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        if key.code != KeyCode::Tab {
            self.cycling = None;
        }
        // The time window offers presets on up and down; anything else is typed.
        if self.purpose == PromptFor::LogWindow && matches!(key.code, KeyCode::Up | KeyCode::Down) {
            let at = WINDOW_PRESETS.iter().position(|w| *w == self.input.text());
            let n = WINDOW_PRESETS.len();
            let next = match (at, key.code) {
                (Some(i), KeyCode::Down) => (i + 1) % n,
                (Some(i), _) => (i + n - 1) % n,
                (None, KeyCode::Down) => 0,
                (None, _) => n - 1,
            };
            self.input.set(WINDOW_PRESETS[next]);
            return keep();
        }
        match key.code {
            KeyCode::Enter => self.submit(app),
            KeyCode::Esc => close(),
            KeyCode::Tab => {
                self.complete();
                keep()
            }
            _ => {
                self.input.edit(&key);
                keep()
            }
        }
    }

    /// Why `name` cannot be used for this prompt, when dockhand can tell before the engine.
    fn refuse(&self, name: &str, app: &App) -> Option<String> {
        match &self.purpose {
            PromptFor::Pull => ImageReference::parse(name).err(),
            PromptFor::TagImage { .. } => match ImageReference::parse(name) {
                Err(e) => Some(e),
                Ok(r) if r.digest.is_some() => {
                    Some("a tag cannot hold a digest (@sha256:…): give repo:tag".into())
                }
                Ok(_) => None,
            },
            PromptFor::LogWindow => parse_window(name, app.now).err(),
            PromptFor::Exec { .. } if !name.is_empty() => crate::command_line::parse(name).err(),
            PromptFor::Scale { .. } => match name.parse::<u64>() {
                Ok(n) if n <= MAX_REPLICAS => None,
                Ok(_) => Some(format!("at most {MAX_REPLICAS} replicas")),
                Err(_) => Some("type a whole number of replicas (0 stops every task)".into()),
            },
            _ => None,
        }
    }

    /// What was typed goes where the prompt was for, and the prompt closes (an empty answer
    /// keeps it open, but for the log window, where empty means back to the tail).
    fn submit(&mut self, app: &mut App) -> Handled {
        let name = self.input.trim().to_string();
        // Empty means the default for these two: the tail of the log, the container's shell.
        let empty_is_default =
            matches!(self.purpose, PromptFor::LogWindow | PromptFor::Exec { .. });
        if name.is_empty() && !empty_is_default {
            return keep();
        }
        // What cannot be used stays in the prompt, with why, to be mended.
        if let Some(why) = self.refuse(&name, app) {
            self.error = Some(why);
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
            PromptFor::Scale { id, name: service } => {
                let Ok(n) = name.parse::<u64>() else {
                    return keep(); // not reached: refused above
                };
                let text = format!("scaling {service} to {n}…");
                app.screen
                    .toasts
                    .push(crate::app::Level::Info, text, app.now);
                Request::Service {
                    op: crate::engine::swarm::ServiceOp::Scale(n),
                    id,
                    name: service,
                }
            }
            PromptFor::LogWindow => {
                if let Ok(w) = parse_window(&name, app.now) {
                    let logs = app.log_view_mut();
                    logs.window = w;
                    logs.restart = true;
                }
                return close();
            }
            PromptFor::Exec {
                container,
                name: cname,
                image,
            } => {
                // Remembered for the next container of the same image, wherever it runs, and
                // in the state folder for the next run.
                let changed = app.exec_memory.get(&image) != Some(&name);
                app.exec_memory.insert(image, name.clone());
                let run = match crate::command_line::parse(&name) {
                    Ok(c) => crate::engine::exec::Run::Command {
                        words: c.words,
                        user: c.user,
                    },
                    Err(_) => crate::engine::exec::Run::Shell, // empty: the container's shell
                };
                let mut fx = vec![Effect::Shell {
                    host: app.host().id,
                    container,
                    name: cname,
                    run,
                    hold: true,
                }];
                if changed && app.save_commands {
                    fx.insert(0, Effect::SaveCommands(app.exec_memory.clone()));
                }
                return (Next::Close, fx);
            }
            PromptFor::CopyOutPath {
                container,
                name: cname,
            } => {
                let dest = app
                    .settings
                    .folders
                    .save
                    .as_ref()
                    .map(|d| d.display().to_string())
                    .unwrap_or_else(|| ".".to_string());
                let next = PromptFor::CopyOutTo {
                    container,
                    name: cname,
                    path: name,
                };
                app.prompt_with(next, dest);
                return close();
            }
            PromptFor::CopyOutTo {
                container,
                name: cname,
                path,
            } => {
                let what = format!("{path} from {cname}");
                app.copy_started(&what);
                Request::CopyOut {
                    container,
                    path,
                    dest: app.settings.folders.full(&name),
                    what,
                }
            }
            PromptFor::CopyInPath {
                container,
                name: cname,
            } => {
                let next = PromptFor::CopyInTo {
                    container,
                    name: cname,
                    local: app.settings.folders.full(&name),
                };
                app.prompt_with(next, "/tmp".to_string());
                return close();
            }
            PromptFor::CopyInTo {
                container,
                name: cname,
                local,
            } => {
                let what = format!("{local} into {cname}");
                app.copy_started(&what);
                Request::CopyIn {
                    container,
                    local,
                    dir: name,
                    what,
                }
            }
            PromptFor::SaveWholeLog { container } => Request::SaveLog {
                container,
                path: name,
            },
            PromptFor::SaveLogs => Request::SaveLines {
                path: name,
                lines: app.log_view().plain_lines(),
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
        (Next::Close, vec![Effect::Engine(app.host().id, req)])
    }
}

impl App {
    /// Opens an empty prompt for this purpose.
    pub(crate) fn prompt(&mut self, purpose: PromptFor) {
        let mut p = Prompt::new(purpose, LineEdit::default());
        self.offer_containers(&mut p);
        self.open(Overlay::Prompt(p));
    }

    /// Opens a prompt with a suggested answer (a file name to change, the current time
    /// window), the cursor after it. The time window is an old query like a filter's: it is
    /// selected, so typing replaces it and a move keeps it.
    pub(crate) fn prompt_with(&mut self, purpose: PromptFor, input: String) {
        let mut input = LineEdit::new(input);
        // Offered to be replaced: typing a number replaces the replicas shown.
        if purpose == PromptFor::LogWindow || matches!(purpose, PromptFor::Scale { .. }) {
            input.select_all();
        }
        self.open(Overlay::Prompt(Prompt::new(purpose, input)));
    }

    /// The containers a connect or disconnect prompt offers: for a connect, those known that
    /// are not on the network yet; for a disconnect, those on it.
    fn offer_containers(&self, p: &mut Prompt) {
        let network = match &p.purpose {
            PromptFor::Connect { network, .. } | PromptFor::Disconnect { network, .. } => network,
            _ => return,
        };
        let members: Vec<(String, String)> = self
            .host
            .networks
            .get(network.as_str())
            .map(|n| {
                n.containers
                    .iter()
                    .map(|u| (u.id.to_string(), u.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut names: Vec<String> = if matches!(p.purpose, PromptFor::Connect { .. }) {
            self.host
                .containers
                .list
                .all()
                .filter(|c| !members.iter().any(|(id, _)| *id == c.id.as_str()))
                .map(|c| c.name.clone())
                .collect()
        } else {
            members.iter().map(|(_, name)| name.clone()).collect()
        };
        names.sort();
        names.dedup();
        // Only offered: the lists may be a moment old, so the engine judges what is typed.
        p.candidates = names;
    }
}

/// The longest start every string shares (by characters).
fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut n = first.chars().count();
    for w in &words[1..] {
        n = n.min(
            first
                .chars()
                .zip(w.chars())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.chars().take(n).collect()
}
