//! A container's files (drawn by `ui::files`): one folder at a time, listed through the
//! engine's archive API (so stopped containers too), or by `stat` in a running container when
//! the folder's archive is too big to read (`engine::copy::list_dir`); enter opens a folder,
//! backspace goes up, the refresh key lists it again, `f` copies the selected entry out to the
//! local save folder.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Handled, close, keep};
use crate::app::App;
use crate::config::{Action, Scope};
use crate::engine::Request;
use crate::engine::copy::{EntryKind, Listing};
use crate::ids::ContainerId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilesView {
    pub container: ContainerId,
    pub name: String,
    /// The folder shown (absolute, without a trailing slash but for `/`).
    pub path: String,
    pub seq: u64,
    /// `None` while the engine is asked.
    pub listing: Option<Result<Listing, String>>,
    pub selected: usize,
}

impl FilesView {
    pub(super) fn on_key(&mut self, app: &mut App, key: KeyEvent) -> Handled {
        let page = app.page();
        let entries = match &self.listing {
            Some(Ok(l)) => l.entries.len(),
            _ => 0,
        };
        let scopes = [Scope::Global, Scope::Containers, Scope::List, Scope::Dialog];
        let action = app.settings.keymap.action_for(&scopes, &key);
        match (key.code, action) {
            (KeyCode::Backspace | KeyCode::Left, _) => return self.go(app, parent(&self.path)),
            (KeyCode::Enter | KeyCode::Right, _) => {
                if let Some(Ok(l)) = &self.listing
                    && let Some(e) = l.entries.get(self.selected)
                    && matches!(e.kind, EntryKind::Dir | EntryKind::Link)
                {
                    let next = child(&self.path, &e.name);
                    return self.go(app, next);
                }
            }
            (_, Some(Action::CopyOut)) => {
                if let Some(Ok(l)) = &self.listing
                    && let Some(e) = l.entries.get(self.selected)
                {
                    let path = child(&self.path, &e.name);
                    let dest = app
                        .settings
                        .folders
                        .save
                        .as_ref()
                        .map(|d| d.display().to_string())
                        .unwrap_or_else(|| ".".to_string());
                    let what = format!("{path} from {}", self.name);
                    app.copy_started(&what);
                    let req = Request::CopyOut {
                        container: self.container.clone(),
                        path,
                        dest: app.settings.folders.full(&dest),
                        what,
                    };
                    return (
                        super::Next::Keep,
                        vec![crate::app::Effect::Engine(app.host().id, req)],
                    );
                }
            }
            (_, Some(Action::Refresh)) => {
                let here = std::mem::take(&mut self.path);
                return self.go(app, here);
            }
            (_, Some(Action::Cancel | Action::Back | Action::Quit)) => return close(),
            (_, Some(Action::Down)) => {
                self.selected = (self.selected + 1).min(entries.saturating_sub(1))
            }
            (_, Some(Action::Up)) => self.selected = self.selected.saturating_sub(1),
            (_, Some(Action::PageDown)) => {
                self.selected = (self.selected + page).min(entries.saturating_sub(1));
            }
            (_, Some(Action::PageUp)) => self.selected = self.selected.saturating_sub(page),
            (_, Some(Action::Top)) => self.selected = 0,
            (_, Some(Action::Bottom)) => self.selected = entries.saturating_sub(1),
            _ => {}
        }
        keep()
    }

    /// Shows folder `path`, asking the engine for it.
    fn go(&mut self, app: &mut App, path: String) -> Handled {
        if path == self.path && self.listing.is_some() {
            return keep();
        }
        self.path = path.clone();
        self.seq = app.host.next_seq();
        self.listing = None;
        self.selected = 0;
        let req = Request::ListDir {
            seq: self.seq,
            container: self.container.clone(),
            path,
        };
        (
            super::Next::Keep,
            vec![crate::app::Effect::Engine(app.host().id, req)],
        )
    }
}

/// The folder above `path` (`/` stays).
pub fn parent(path: &str) -> String {
    match path.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) | None => "/".to_string(),
        Some((up, _)) => up.to_string(),
    }
}

/// `name` in folder `dir`.
pub fn child(dir: &str, name: &str) -> String {
    format!("{}/{name}", dir.trim_end_matches('/'))
}

impl App {
    /// Opens the file browser on the selected container's root folder.
    pub(crate) fn open_files(&mut self) -> Vec<crate::app::Effect> {
        if !self.connected_or_say() {
            return vec![];
        }
        let Some(c) = self.host.containers.list.selected() else {
            return vec![];
        };
        let (container, name) = (c.id.clone(), c.name.clone());
        let seq = self.host.next_seq();
        self.open(super::Overlay::Files(FilesView {
            container: container.clone(),
            name,
            path: "/".to_string(),
            seq,
            listing: None,
            selected: 0,
        }));
        vec![crate::app::Effect::Engine(
            self.host.id,
            Request::ListDir {
                seq,
                container,
                path: "/".to_string(),
            },
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_the_tree() {
        assert_eq!(parent("/etc/nginx"), "/etc");
        assert_eq!(parent("/etc"), "/");
        assert_eq!(parent("/"), "/");
        assert_eq!(child("/", "etc"), "/etc");
        assert_eq!(child("/etc", "nginx"), "/etc/nginx");
    }
}
