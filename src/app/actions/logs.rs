//! Actions of the full-screen log view: scrolling, following, search (typed as you go), the
//! filters and modes, copying, saving, and the time window.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::logs::{CONTEXTS, Followed, LogMode};
use crate::app::names::default_log_file;
use crate::app::overlays::PromptFor;
use crate::app::{App, Effect, Level, text};
use crate::config::LogAction;

impl App {
    pub(in crate::app) fn on_log_view(&mut self, action: LogAction) -> Vec<Effect> {
        let rows = self.log_rows();
        let logs = self.log_view_mut();
        match action {
            LogAction::LogClose => {
                logs.mode = LogMode::Split;
                self.rebuild();
            }
            LogAction::LogUp => logs.scroll(-1),
            LogAction::LogDown => logs.scroll(1),
            LogAction::LogPageUp => logs.scroll(-(rows as i64)),
            LogAction::LogPageDown => logs.scroll(rows as i64),
            LogAction::LogTop => logs.to_top(rows),
            LogAction::LogBottom => logs.resume(),
            LogAction::LogTimestamps => logs.timestamps = !logs.timestamps,
            LogAction::LogWrap => logs.wrap = !logs.wrap,
            LogAction::LogStdout => logs.show_stdout = !logs.show_stdout,
            LogAction::LogStderr => logs.show_stderr = !logs.show_stderr,
            LogAction::LogSearch => logs.search.editing = true,
            LogAction::LogJson => logs.next_json_mode(),
            // A log is read from its newest line up: the next match is the nearest above
            // (older), the previous one the nearest below.
            LogAction::LogNext => logs.jump(true, rows),
            LogAction::LogPrev => logs.jump(false, rows),
            LogAction::LogFilter => logs.search.filter = !logs.search.filter,
            LogAction::LogContext => {
                logs.search.context = (logs.search.context + 1) % CONTEXTS.len();
            }
            LogAction::LogRegex => {
                logs.search.regex = !logs.search.regex;
                logs.apply_search();
            }
            LogAction::LogCase => {
                logs.search.case_sensitive = !logs.search.case_sensitive;
                logs.apply_search();
            }
            LogAction::LogCopy => {
                let lines = logs.copy_lines(rows);
                if lines.is_empty() {
                    return vec![];
                }
                // OSC 52 is a request the terminal may ignore (tmux with set-clipboard
                // external drops it): say what was done, not that it worked.
                self.screen.toasts.push(
                    Level::Info,
                    format!(
                        "sent {} line{} to the terminal's clipboard",
                        lines.len(),
                        if lines.len() == 1 { "" } else { "s" }
                    ),
                    self.now,
                );
                return vec![Effect::Clipboard(lines.join("\n"))];
            }
            LogAction::LogWindow => {
                let current = logs
                    .window
                    .as_ref()
                    .map(|w| w.label.clone())
                    .unwrap_or_default();
                self.prompt_with(PromptFor::LogWindow, current);
            }
            LogAction::LogSaveAll => {
                // The whole log is one container's: the first of a merged view.
                if let Some(Followed { id, name }) = logs
                    .target
                    .as_ref()
                    .and_then(|t| t.containers.first().cloned())
                {
                    let dir = self.settings.folders.save.as_deref();
                    let file = default_log_file(dir, &name, self.now);
                    self.prompt_with(PromptFor::SaveWholeLog { container: id }, file);
                }
            }
            LogAction::LogSave => {
                let name = logs
                    .target
                    .as_ref()
                    .map(|t| t.file_stem())
                    .unwrap_or_else(|| "logs".into());
                let dir = self.settings.folders.save.as_deref();
                let file = default_log_file(dir, &name, self.now);
                self.prompt_with(PromptFor::SaveLogs, file);
            }
        }
        vec![]
    }

    /// A key while the log search is typed: enter keeps it, esc drops it, anything else edits
    /// it (the highlight follows as you type).
    pub(in crate::app) fn on_log_search_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let logs = self.log_view_mut();
        match key.code {
            KeyCode::Enter => {
                logs.search.editing = false;
                logs.apply_search();
            }
            KeyCode::Esc => {
                logs.search.editing = false;
                logs.search.input.clear();
                logs.apply_search();
            }
            _ => {
                if text::edit(&mut logs.search.input, &key) {
                    logs.apply_search();
                }
            }
        }
        vec![]
    }
}
