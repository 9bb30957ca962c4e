//! The `:` command line (drawn by `ui::command`): what is typed, the candidates under it
//! (best first, from [`crate::app::commands::complete`]), `tab` to take the next one, `↑` `↓`
//! through the commands run before (kept across runs), `enter` to run, `esc` to leave. A
//! command that cannot run keeps the line open with why, and the nearest command when it was
//! not understood.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Handled, HostSwitcher, Next, Overlay, PrunePreview, close, keep};
use crate::app::commands::{self, Command};
use crate::app::text::LineEdit;
use crate::app::{App, Effect};
use crate::config::{Action, Scope};
use crate::engine::Request;

/// Commands remembered at most.
pub const HISTORY_MAX: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandPrompt {
    pub input: LineEdit,
    pub error: Option<String>,
    /// While `↑` `↓` walk the history: the place in it, and the line typed before.
    walking: Option<(usize, String)>,
    /// While `tab` cycles: what was typed, and the candidate offered last.
    cycling: Option<(String, usize)>,
}

impl CommandPrompt {
    /// The candidates for the line as typed.
    pub fn candidates(&self, app: &App) -> Vec<String> {
        let hosts: Vec<String> = app.hosts().iter().map(|h| h.label().to_string()).collect();
        let typed = match &self.cycling {
            Some((typed, _)) => typed.as_str(),
            None => self.input.text(),
        };
        commands::complete(typed, &app.command_scopes(), &hosts)
    }

    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        if key.code != KeyCode::Tab {
            self.cycling = None;
        }
        if !matches!(key.code, KeyCode::Up | KeyCode::Down) {
            self.walking = None;
        }
        match key.code {
            KeyCode::Esc => return close(),
            KeyCode::Enter => return self.run(app),
            KeyCode::Tab => self.complete(app),
            KeyCode::Up | KeyCode::Down => self.walk(app, key.code == KeyCode::Up),
            _ => {
                if self.input.edit(&key) {
                    self.error = None;
                }
            }
        }
        keep()
    }

    /// The next candidate replaces the line (the first on the first `tab`).
    fn complete(&mut self, app: &App) {
        let candidates = self.candidates(app);
        if candidates.is_empty() {
            return;
        }
        let (typed, next) = match self.cycling.take() {
            Some((typed, i)) => (typed, (i + 1) % candidates.len()),
            None => (self.input.text().to_string(), 0),
        };
        let mut line = candidates[next].clone();
        // A command that takes a word gets the space before it.
        if ["host", "sort", "filter", "prune"].contains(&line.as_str()) {
            line.push(' ');
        }
        self.input.set(line);
        self.cycling = Some((typed, next));
        self.error = None;
    }

    /// `↑` an older command, `↓` a newer one, then back to what was being typed.
    fn walk(&mut self, app: &App, older: bool) {
        let history = &app.command_history;
        if history.is_empty() {
            return;
        }
        let (at, draft) = match self.walking.take() {
            Some(w) => w,
            None => (history.len(), self.input.text().to_string()),
        };
        let at = if older {
            at.saturating_sub(1)
        } else {
            (at + 1).min(history.len())
        };
        match history.get(at) {
            Some(line) => self.input.set(line.clone()),
            None => self.input.set(draft.clone()),
        }
        self.walking = Some((at, draft));
        self.error = None;
    }

    fn run(&mut self, app: &mut App) -> Handled {
        let line = self
            .input
            .text()
            .trim()
            .trim_start_matches(':')
            .trim()
            .to_string();
        if line.is_empty() {
            return close();
        }
        let scopes = app.command_scopes();
        let command = match commands::parse(&line, &scopes, |a| app.allows(a)) {
            Ok(c) => c,
            Err(why) => {
                self.error = Some(why);
                return keep();
            }
        };
        match app.run_command(command) {
            Ok(mut fx) => {
                app.remember_command(&line);
                fx.push(Effect::SaveHistory(app.command_history.clone()));
                (Next::Close, fx)
            }
            Err(why) => {
                self.error = Some(why);
                keep()
            }
        }
    }
}

impl App {
    /// The scopes whose commands are live: the pane's own, then the general ones.
    pub(crate) fn command_scopes(&self) -> Vec<Scope> {
        let mut s: Vec<Scope> = self.screen.pane.scope().into_iter().collect();
        s.extend([Scope::List, Scope::Global]);
        s
    }

    fn remember_command(&mut self, line: &str) {
        self.command_history.retain(|l| l != line);
        self.command_history.push(line.to_string());
        let over = self.command_history.len().saturating_sub(HISTORY_MAX);
        self.command_history.drain(..over);
    }

    /// Runs a command; `Err` says why it could not (the line stays open with it).
    fn run_command(&mut self, command: Command) -> Result<Vec<Effect>, String> {
        match command {
            Command::Action(a) => Ok(self.on_action(a)),
            Command::SortColumn(column) => {
                // Sort keys are named in lower case (`replicas`, `risk`).
                let title = column.to_lowercase();
                if self.list_mut().sort_by_title(&[title.as_str()]) {
                    self.rebuild();
                    Ok(vec![])
                } else {
                    Err(format!("this pane has no column `{column}` to sort by"))
                }
            }
            Command::Filter(text) => {
                let list = self.list_mut();
                if text.is_empty() {
                    list.clear_filter();
                } else {
                    list.set_filter(&text);
                }
                self.rebuild();
                Ok(vec![])
            }
            Command::Host(None) => {
                self.open(Overlay::Hosts(HostSwitcher::new(self)));
                Ok(vec![])
            }
            Command::Host(Some(name)) => self.show_host_named(&name),
            Command::Prune(kind) => {
                if !self.allows(Action::Prune) {
                    return Err("prune changes the engine: this host is read-only".into());
                }
                if !self.host.connection.is_connected() {
                    return Err("the engine is not connected".into());
                }
                let seq = self.host.next_seq();
                self.open(Overlay::PrunePreview(PrunePreview::new(seq, kind)));
                Ok(vec![Effect::Engine(
                    self.host.id,
                    Request::PrunePreview { seq, kind },
                )])
            }
        }
    }

    /// Shows the host named `name`, or the one whose name holds it when only one does.
    fn show_host_named(&mut self, name: &str) -> Result<Vec<Effect>, String> {
        let needle = name.to_lowercase();
        let hosts = self.hosts();
        let exact = hosts.iter().find(|h| h.label().to_lowercase() == needle);
        let found: Vec<_> = match exact {
            Some(h) => vec![h.id],
            None => hosts
                .iter()
                .filter(|h| h.label().to_lowercase().contains(&needle))
                .map(|h| h.id)
                .collect(),
        };
        match found.as_slice() {
            [id] => {
                let id = *id;
                Ok(self.show_host(id))
            }
            [] => {
                let names: Vec<String> = hosts.iter().map(|h| h.label().to_string()).collect();
                Err(match commands::nearest(&needle, &names) {
                    Some(n) => format!("no host `{name}`: did you mean `{n}`?"),
                    None => format!("no host `{name}` (hosts: {})", names.join(", ")),
                })
            }
            _ => Err(format!("`{name}` names several hosts: type more of it")),
        }
    }
}
