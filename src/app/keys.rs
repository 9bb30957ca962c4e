//! What keys do: on the panes (through the keymap), in the filter, and in each overlay.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::logs::LogMode;
use super::*;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // ctrl-c always quits, whatever is open: the one key that must never be lost.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.quit();
        }
        if let Some(overlay) = self.screen.overlay.take() {
            return self.on_overlay_key(overlay, key);
        }
        if !matches!(
            self.host.connection,
            Connection::Connected(_) | Connection::Lost { .. }
        ) {
            return match self.settings.keymap.action_for(&[Scope::Global], &key) {
                Some(Action::Quit) => self.quit(),
                Some(Action::Refresh) => vec![Effect::Engine(Request::Reconnect)],
                Some(Action::Help) => {
                    self.screen.overlay = Some(Overlay::Help);
                    vec![]
                }
                _ => vec![],
            };
        }
        if self.host.logs.mode == LogMode::Full && self.screen.pane == Pane::Containers {
            if self.host.logs.search.editing {
                match key.code {
                    KeyCode::Enter => {
                        self.host.logs.search.editing = false;
                        self.host.logs.apply_search();
                    }
                    KeyCode::Esc => {
                        self.host.logs.search.editing = false;
                        self.host.logs.search.input.clear();
                        self.host.logs.apply_search();
                    }
                    _ => {
                        if text::edit(&mut self.host.logs.search.input, &key) {
                            // As you type: the highlight follows the pattern.
                            self.host.logs.apply_search();
                        }
                    }
                }
                return vec![];
            }
            let scopes = [Scope::Logs, Scope::Global];
            return match self.settings.keymap.action_for(&scopes, &key) {
                Some(a) => self.on_action(a),
                None => vec![],
            };
        }
        if self.list().filter_editing() {
            return self.on_filter_key(key);
        }
        match self.settings.keymap.action_for(&self.live_scopes(), &key) {
            Some(a) => self.on_action(a),
            None => vec![],
        }
    }

    fn prompt(&mut self, purpose: PromptFor) {
        self.screen.overlay = Some(Overlay::Prompt(Prompt {
            purpose,
            input: String::new(),
        }));
    }

    /// Key scopes live on the shown pane.
    pub fn live_scopes(&self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Global, Scope::List];
        scopes.extend(self.screen.pane.scope());
        scopes
    }

    pub(super) fn quit(&mut self) -> Vec<Effect> {
        self.screen.quitting = true;
        vec![Effect::Quit]
    }

    pub(super) fn on_overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
        match overlay {
            Overlay::Help => self.key_help(key),
            Overlay::RemoveObjects(d) => self.key_object_removal(d, key),
            Overlay::Disk(d) => self.key_disk(d, key),
            Overlay::PrunePreview(p) => self.key_prune_preview(p, key),
            Overlay::History(h) => self.key_history(h, key),
            Overlay::Pull(p) => self.key_pull(p, key),
            Overlay::PruneResult(r) => self.key_prune_result(r, key),
            Overlay::Prompt(p) => self.key_prompt(p, key),
            Overlay::ConfirmRemove(d) => self.key_container_removal(d, key),
            Overlay::Stats(v) => self.key_stats(v, key),
            Overlay::Processes(p) => self.key_processes(p, key),
            Overlay::Inspect(v) => self.key_inspect(v, key),
        }
    }

    fn key_help(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.page() as isize;
        let scroll = |by: isize, at: u16| (at as isize + by).max(0) as u16;
        match self
            .settings
            .keymap
            .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
        {
            Some(Action::Help | Action::Cancel | Action::Quit | Action::Back) => {
                self.screen.help_scroll = 0;
                return vec![];
            }
            // The drawing clamps the scroll to what the help holds.
            Some(Action::Down) => self.screen.help_scroll = scroll(1, self.screen.help_scroll),
            Some(Action::Up) => self.screen.help_scroll = scroll(-1, self.screen.help_scroll),
            Some(Action::PageDown) => {
                self.screen.help_scroll = scroll(page, self.screen.help_scroll)
            }
            Some(Action::PageUp) => {
                self.screen.help_scroll = scroll(-page, self.screen.help_scroll)
            }
            Some(Action::Top) => self.screen.help_scroll = 0,
            _ => {}
        }
        self.screen.overlay = Some(Overlay::Help);
        vec![]
    }

    fn key_object_removal(&mut self, mut d: ObjectRemoval, key: KeyEvent) -> Vec<Effect> {
        match self.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => return self.remove_objects(d),
            Some(Action::Cancel) => {}
            Some(Action::Force) if d.kind == ObjectKind::Image => {
                d.force = !d.force;
                self.screen.overlay = Some(Overlay::RemoveObjects(d));
            }
            Some(Action::UntagOnly) if d.kind == ObjectKind::Image && d.targets.len() == 1 => {
                d.untag_only = match d.untag_only {
                    Some(_) => None,
                    None => self
                        .host
                        .images
                        .get(&d.targets[0].key)
                        .filter(|i| i.tags.len() > 1)
                        .and_then(|i| i.tags.first().cloned()),
                };
                self.screen.overlay = Some(Overlay::RemoveObjects(d));
            }
            _ => self.screen.overlay = Some(Overlay::RemoveObjects(d)),
        }
        vec![]
    }

    fn key_disk(&mut self, mut d: DiskView, key: KeyEvent) -> Vec<Effect> {
        match self
            .settings
            .keymap
            .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
        {
            Some(Action::Cancel | Action::Back | Action::DiskUsage | Action::Quit) => {
                return vec![];
            }
            Some(Action::Down) => d.selected = (d.selected + 1).min(prune::KINDS.len() - 1),
            Some(Action::Up) => d.selected = d.selected.saturating_sub(1),
            Some(Action::Refresh) => return self.open_disk(),
            Some(Action::Prune | Action::Confirm) => {
                if !self.allows(Action::Prune) {
                    self.screen.toasts.push(
                        Level::Warning,
                        "read-only mode: prune is disabled",
                        self.now,
                    );
                } else if self.host.connection.is_connected() {
                    let seq = self.host.next_seq();
                    let kind = prune::KINDS[d.selected];
                    self.screen.overlay = Some(Overlay::PrunePreview(PrunePreview::new(seq, kind)));
                    return vec![Effect::Engine(Request::PrunePreview { seq, kind })];
                }
            }
            _ => {}
        }
        self.screen.overlay = Some(Overlay::Disk(d));
        vec![]
    }

    fn key_prune_preview(&mut self, mut p: PrunePreview, key: KeyEvent) -> Vec<Effect> {
        let page = self.page().saturating_sub(6).max(1);
        if p.applying {
            self.screen.overlay = Some(Overlay::PrunePreview(p));
            return vec![];
        }
        // The typed confirmation takes letters as text.
        if let Some(typed) = p.typed.as_mut() {
            match key.code {
                KeyCode::Esc => p.typed = None,
                KeyCode::Enter if typed.trim() == prune::CONFIRM_WORD => {
                    return self.apply_prune(p);
                }
                _ if text::edit(typed, &key) => {}
                _ => {}
            }
            self.screen.overlay = Some(Overlay::PrunePreview(p));
            return vec![];
        }
        match self
            .settings
            .keymap
            .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
        {
            Some(Action::Cancel | Action::Back | Action::Quit) => return vec![],
            Some(Action::Down) => p.move_by(1, page),
            Some(Action::Up) => p.move_by(-1, page),
            Some(Action::PageDown) => p.move_by(page as isize, page),
            Some(Action::PageUp) => p.move_by(-(page as isize), page),
            Some(Action::Mark) => {
                p.toggle();
                p.move_by(1, page);
            }
            Some(Action::Confirm) if p.items.as_ref().is_some_and(|r| r.is_ok()) => {
                if p.chosen().is_empty() {
                    return vec![];
                }
                if p.needs_typed_confirmation() {
                    p.typed = Some(String::new());
                } else {
                    return self.apply_prune(p);
                }
            }
            _ => {}
        }
        self.screen.overlay = Some(Overlay::PrunePreview(p));
        vec![]
    }

    /// While a pull runs, cancel stops it; once it ended, any of the closing keys closes.
    fn key_pull(&mut self, mut p: PullView, key: KeyEvent) -> Vec<Effect> {
        let action = self
            .settings
            .keymap
            .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key);
        let closing = matches!(
            action,
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Confirm)
        );
        if p.result.is_some() {
            if !closing {
                self.screen.overlay = Some(Overlay::Pull(p));
            }
            return vec![];
        }
        let fx = if closing && !p.cancelling {
            p.cancelling = true;
            vec![Effect::Engine(Request::CancelPull { pull: p.pull })]
        } else {
            vec![]
        };
        self.screen.overlay = Some(Overlay::Pull(p));
        fx
    }

    fn key_history(&mut self, mut h: HistoryView, key: KeyEvent) -> Vec<Effect> {
        let page = self.page();
        match self
            .settings
            .keymap
            .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key)
        {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Confirm) => {
                return vec![];
            }
            Some(Action::Down) => h.scroll += 1,
            Some(Action::Up) => h.scroll = h.scroll.saturating_sub(1),
            Some(Action::PageDown) => h.scroll += page,
            Some(Action::PageUp) => h.scroll = h.scroll.saturating_sub(page),
            Some(Action::Top) => h.scroll = 0,
            _ => {}
        }
        self.screen.overlay = Some(Overlay::History(h));
        vec![]
    }

    fn key_prune_result(&mut self, r: PruneResult, key: KeyEvent) -> Vec<Effect> {
        let closes = matches!(
            self.settings
                .keymap
                .action_for(&[Scope::Global, Scope::List, Scope::Dialog], &key),
            Some(Action::Cancel | Action::Confirm | Action::Back | Action::Quit)
        );
        if !closes {
            self.screen.overlay = Some(Overlay::PruneResult(r));
        }
        vec![]
    }

    fn key_prompt(&mut self, mut p: Prompt, key: KeyEvent) -> Vec<Effect> {
        // The time window offers presets on up and down; anything else is typed.
        if p.purpose == PromptFor::LogWindow && matches!(key.code, KeyCode::Up | KeyCode::Down) {
            let at = logs::WINDOW_PRESETS.iter().position(|w| *w == p.input);
            let n = logs::WINDOW_PRESETS.len();
            let next = match (at, key.code) {
                (Some(i), KeyCode::Down) => (i + 1) % n,
                (Some(i), _) => (i + n - 1) % n,
                (None, KeyCode::Down) => 0,
                (None, _) => n - 1,
            };
            p.input = logs::WINDOW_PRESETS[next].to_string();
            self.screen.overlay = Some(Overlay::Prompt(p));
            return vec![];
        }
        match key.code {
            KeyCode::Enter => {
                let name = p.input.trim().to_string();
                // An empty window means "back to the tail"; other prompts need an answer.
                if name.is_empty() && p.purpose != PromptFor::LogWindow {
                    self.screen.overlay = Some(Overlay::Prompt(p));
                    return vec![];
                }
                let req = match p.purpose {
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
                        match logs::parse_window(&name, self.now) {
                            Ok(w) => {
                                self.host.logs.window = w;
                                self.host.logs.restart = true;
                            }
                            Err(e) => self.screen.toasts.push(Level::Error, e, self.now),
                        }
                        return vec![];
                    }
                    PromptFor::SaveWholeLog { container } => Request::SaveLog {
                        container,
                        path: name,
                    },
                    PromptFor::SaveLogs => {
                        return vec![Effect::WriteFile {
                            path: name,
                            lines: self.host.logs.plain_lines(),
                        }];
                    }
                    PromptFor::Pull => {
                        let seq = self.host.next_seq();
                        self.screen.overlay = Some(Overlay::Pull(PullView {
                            pull: seq,
                            reference: name.clone(),
                            progress: Default::default(),
                            result: None,
                            cancelling: false,
                        }));
                        Request::Pull {
                            pull: seq,
                            reference: name,
                        }
                    }
                };
                return vec![Effect::Engine(req)];
            }
            KeyCode::Esc => return vec![],
            _ if text::edit(&mut p.input, &key) => {}
            _ => {}
        }
        self.screen.overlay = Some(Overlay::Prompt(p));
        vec![]
    }

    fn key_container_removal(&mut self, mut d: RemoveDialog, key: KeyEvent) -> Vec<Effect> {
        // While the image name for a commit is typed, keys edit it.
        if let Some(name) = d.commit_as.as_mut() {
            match key.code {
                KeyCode::Enter => return self.remove(d),
                KeyCode::Esc => d.commit_as = None,
                _ if text::edit(name, &key) => {}
                _ => {}
            }
            self.screen.overlay = Some(Overlay::ConfirmRemove(d));
            return vec![];
        }
        match self.settings.keymap.action_for(&[Scope::Dialog], &key) {
            Some(Action::Confirm) => return self.remove(d),
            Some(Action::Cancel) => {}
            Some(Action::ToggleVolumes) => {
                d.remove_volumes = !d.remove_volumes;
                self.screen.overlay = Some(Overlay::ConfirmRemove(d));
            }
            Some(Action::CommitFirst)
                if d.targets.len() == 1 && self.allows(Action::CommitFirst) =>
            {
                d.commit_as = Some(default_commit_name(&d.targets[0].name, self.now));
                self.screen.overlay = Some(Overlay::ConfirmRemove(d));
            }
            _ => self.screen.overlay = Some(Overlay::ConfirmRemove(d)),
        }
        vec![]
    }

    pub(super) fn on_filter_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.page();
        if self.list_mut().edit_filter(key, page) {
            self.rebuild();
        }
        vec![]
    }

    pub(super) fn on_action(&mut self, action: Action) -> Vec<Effect> {
        if !self.allows(action) {
            self.screen.toasts.push(
                Level::Warning,
                format!("read-only mode: {} is disabled", action.name()),
                self.now,
            );
            return vec![];
        }
        let page = self.page();
        let connected = self.host.connection.is_connected();
        let pane = self.list_mut();
        match action {
            Action::Quit => return self.quit(),
            Action::NextPane => return self.show(self.screen.pane.next()),
            Action::PrevPane => return self.show(self.screen.pane.prev()),
            Action::ShowContainers => return self.show(Pane::Containers),
            Action::ShowImages => return self.show(Pane::Images),
            Action::ShowVolumes => return self.show(Pane::Volumes),
            Action::ShowNetworks => return self.show(Pane::Networks),
            Action::DiskUsage => return self.open_disk(),
            Action::Stats => return self.open_stats(),
            Action::Processes => return self.open_processes(),
            Action::Logs => {
                self.host.logs.mode = match self.host.logs.mode {
                    LogMode::Closed => LogMode::Split,
                    _ => LogMode::Closed,
                };
                self.host.logs.project = None;
                self.rebuild();
            }
            Action::LogsProject => {
                if self.host.logs.project.take().is_none() {
                    match self
                        .host
                        .containers
                        .selected()
                        .and_then(|c| c.compose_project.clone())
                    {
                        Some(p) => {
                            self.host.logs.project = Some(p);
                            if self.host.logs.mode == LogMode::Closed {
                                self.host.logs.mode = LogMode::Split;
                            }
                        }
                        None => self.screen.toasts.push(
                            Level::Warning,
                            "the selected container is not part of a compose project",
                            self.now,
                        ),
                    }
                }
                self.rebuild();
            }
            Action::LogsFull => {
                self.host.logs.mode = LogMode::Full;
                self.rebuild();
            }
            Action::LogClose => {
                self.host.logs.mode = LogMode::Split;
                self.rebuild();
            }
            Action::LogUp => self.host.logs.scroll(-1),
            Action::LogDown => self.host.logs.scroll(1),
            Action::LogPageUp => self.host.logs.scroll(-(self.log_rows() as i64)),
            Action::LogPageDown => self.host.logs.scroll(self.log_rows() as i64),
            Action::LogTop => {
                let rows = self.log_rows();
                self.host.logs.to_top(rows);
            }
            Action::LogBottom => self.host.logs.resume(),
            Action::LogTimestamps => self.host.logs.timestamps = !self.host.logs.timestamps,
            Action::LogWrap => self.host.logs.wrap = !self.host.logs.wrap,
            Action::LogStdout => self.host.logs.show_stdout = !self.host.logs.show_stdout,
            Action::LogStderr => self.host.logs.show_stderr = !self.host.logs.show_stderr,
            Action::LogSearch => self.host.logs.search.editing = true,
            Action::LogJson => self.host.logs.json = self.host.logs.json.next(),
            Action::LogCopy => {
                let rows = self.log_rows();
                let lines = self.host.logs.copy_lines(rows);
                if lines.is_empty() {
                    return vec![];
                }
                self.screen.toasts.push(
                    Level::Info,
                    format!(
                        "copied {} line{} to the clipboard",
                        lines.len(),
                        if lines.len() == 1 { "" } else { "s" }
                    ),
                    self.now,
                );
                return vec![Effect::Clipboard(lines.join("\n"))];
            }
            Action::LogWindow => {
                let current = self
                    .host
                    .logs
                    .window
                    .as_ref()
                    .map(|w| w.label.clone())
                    .unwrap_or_default();
                self.screen.overlay = Some(Overlay::Prompt(Prompt {
                    purpose: PromptFor::LogWindow,
                    input: current,
                }));
            }
            Action::LogSaveAll => {
                // The whole log is one container's: the first of a merged view.
                if let Some((id, name)) = self
                    .host
                    .logs
                    .target
                    .as_ref()
                    .and_then(|t| t.containers.first().cloned())
                {
                    self.screen.overlay = Some(Overlay::Prompt(Prompt {
                        purpose: PromptFor::SaveWholeLog { container: id },
                        input: default_log_file(&name, self.now),
                    }));
                }
            }
            Action::LogSave => {
                let name = self
                    .host
                    .logs
                    .target
                    .as_ref()
                    .map(|t| t.title())
                    .unwrap_or_else(|| "logs".into());
                self.screen.overlay = Some(Overlay::Prompt(Prompt {
                    purpose: PromptFor::SaveLogs,
                    input: default_log_file(&name, self.now),
                }));
            }
            Action::LogNext | Action::LogPrev => {
                let rows = self.log_rows();
                self.host.logs.jump(action == Action::LogNext, rows);
            }
            Action::LogFilter => self.host.logs.search.filter = !self.host.logs.search.filter,
            Action::LogContext => {
                self.host.logs.search.context =
                    (self.host.logs.search.context + 1) % logs::CONTEXTS.len();
            }
            Action::LogRegex => {
                self.host.logs.search.regex = !self.host.logs.search.regex;
                self.host.logs.apply_search();
            }
            Action::LogCase => {
                self.host.logs.search.case_sensitive = !self.host.logs.search.case_sensitive;
                self.host.logs.apply_search();
            }
            Action::Pull => self.prompt(PromptFor::Pull),
            Action::Tag => {
                if let Some(i) = self.host.images.selected() {
                    let label = i.label();
                    let purpose = PromptFor::TagImage {
                        id: i.id.clone(),
                        label,
                    };
                    self.prompt(purpose);
                }
            }
            Action::History => {
                if let Some(i) = self.host.images.selected() {
                    let label = i.label();
                    let id = i.id.clone();
                    let seq = self.host.next_seq();
                    self.screen.overlay = Some(Overlay::History(HistoryView {
                        seq,
                        label,
                        layers: None,
                        scroll: 0,
                    }));
                    return vec![Effect::Engine(Request::ImageHistory { seq, id })];
                }
            }
            Action::Connect | Action::Disconnect => {
                if let Some(n) = self.host.networks.selected() {
                    let (network, label) = (n.id.clone(), n.name.clone());
                    let purpose = if action == Action::Connect {
                        PromptFor::Connect { network, label }
                    } else {
                        PromptFor::Disconnect { network, label }
                    };
                    self.prompt(purpose);
                }
            }
            Action::Help => self.screen.overlay = Some(Overlay::Help),
            Action::Refresh if !connected => {
                return vec![Effect::Engine(Request::Reconnect)];
            }
            Action::Refresh => return self.resync(),
            Action::Up => pane.move_by(-1, page),
            Action::Down => pane.move_by(1, page),
            Action::PageUp => pane.move_by(-(page as isize), page),
            Action::PageDown => pane.move_by(page as isize, page),
            Action::Top => pane.select_index(0, page),
            Action::Bottom => pane.select_index(usize::MAX, page),
            Action::Filter => pane.start_filter(),
            Action::SortNext => {
                pane.sort_next();
                self.rebuild();
            }
            Action::SortReverse => {
                pane.reverse();
                self.rebuild();
            }
            Action::Mark => {
                pane.toggle_mark();
                pane.move_by(1, page);
            }
            Action::MarkAll => pane.toggle_mark_all(),
            Action::Back => {
                if !pane.filter().is_empty() {
                    pane.clear_filter();
                    self.rebuild();
                } else {
                    pane.clear_marks();
                }
            }
            Action::ToggleAll => {
                self.host.containers.show_all = !self.host.containers.show_all;
                self.rebuild();
            }
            Action::Start => return self.container_op(|_| Some(ContainerOp::Start)),
            Action::Stop => return self.container_op(|_| Some(ContainerOp::Stop)),
            Action::Restart => return self.container_op(|_| Some(ContainerOp::Restart)),
            Action::Kill => return self.container_op(|s| s.is_up().then_some(ContainerOp::Kill)),
            Action::Pause => {
                return self.container_op(|s| match s {
                    ContainerState::Paused => Some(ContainerOp::Unpause),
                    ContainerState::Running => Some(ContainerOp::Pause),
                    _ => None,
                });
            }
            Action::Remove => {
                if self.screen.pane == Pane::Containers {
                    return self.open_remove_dialog();
                }
                self.open_object_removal();
            }
            Action::Inspect => return self.open_inspect(),
            Action::Create => {
                let purpose = match self.screen.pane {
                    Pane::Volumes => PromptFor::CreateVolume,
                    Pane::Networks => PromptFor::CreateNetwork,
                    _ => return vec![],
                };
                self.prompt(purpose);
            }
            Action::Confirm
            | Action::Cancel
            | Action::ToggleVolumes
            | Action::CommitFirst
            | Action::Force
            | Action::UntagOnly
            | Action::Prune
            | Action::InspectUp
            | Action::InspectDown
            | Action::InspectPageUp
            | Action::InspectPageDown
            | Action::InspectTop
            | Action::InspectBottom
            | Action::InspectToggle
            | Action::InspectFold
            | Action::InspectUnfold
            | Action::InspectFoldAll
            | Action::InspectUnfoldAll
            | Action::InspectSearch
            | Action::InspectNext
            | Action::InspectPrev
            | Action::InspectCopy
            | Action::InspectCopyPath
            | Action::InspectReveal
            | Action::InspectSwitch
            | Action::InspectClose => {}
        }
        vec![]
    }

    pub(super) fn show(&mut self, pane: Pane) -> Vec<Effect> {
        self.screen.pane = pane;
        let first_time = self
            .feed_mut(pane)
            .is_some_and(|f| !std::mem::replace(&mut f.wanted, true));
        self.rebuild();
        if !first_time {
            return vec![];
        }
        let mut fx = self.list_kind(pane);
        // Volume sizes cost the engine a walk of every volume: asked once, when first shown.
        if pane == Pane::Volumes && self.host.connection.is_connected() {
            let seq = self.host.next_seq();
            fx.push(Effect::Engine(Request::DiskUsage { seq }));
        }
        fx
    }

    pub(super) fn open_disk(&mut self) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            self.screen
                .toasts
                .push(Level::Warning, "not connected to the engine", self.now);
            return vec![];
        }
        let seq = self.host.next_seq();
        self.screen.overlay = Some(Overlay::Disk(DiskView {
            seq,
            usage: None,
            selected: 0,
        }));
        vec![Effect::Engine(Request::DiskUsage { seq })]
    }
}

/// `NAME-YYYYMMDD-HHMMSS.log` (UTC) in the current folder, with a name safe as a file name.
pub fn default_log_file(name: &str, now: i64) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stamp = humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(now.max(0) as u64),
    )
    .to_string();
    let digits: String = stamp.chars().filter(char::is_ascii_digit).collect();
    format!(
        "{safe}-{}-{}.log",
        digits.get(..8).unwrap_or("0"),
        digits.get(8..14).unwrap_or("0")
    )
}
