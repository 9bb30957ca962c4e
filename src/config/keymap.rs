//! Key bindings as data: each action has a list of keys, defaults patched by the config file.
//!
//! The help overlay and the hint line are generated from this map, so they cannot drift from it.
//! Two actions that would answer the same key in the same place are reported, never silently
//! resolved.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding is active. Keys only conflict within the scopes active at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Anywhere outside a dialog.
    Global,
    /// In a list pane.
    List,
    /// On the containers pane.
    Containers,
    /// On the images pane.
    Images,
    /// On the networks pane.
    Networks,
    /// On the compose projects pane.
    Projects,
    /// On the swarm services pane.
    Services,
    /// On the swarm tasks pane.
    Tasks,
    /// On the swarm nodes pane.
    Nodes,
    /// On the security pane.
    Security,
    /// In the events view (with the list keys).
    Events,
    /// In the full-screen log view (live with the global keys only).
    Logs,
    /// In the inspect view (live alone, like a dialog: it covers the whole screen).
    Inspect,
    /// In a confirmation dialog.
    Dialog,
}

impl Scope {
    /// Scopes whose keys are live together with this one's: dialogs alone; each pane's own
    /// keys with the global and list keys, never with another pane's.
    fn shares_keys_with(self, other: Scope) -> bool {
        use Scope::*;
        match (self, other) {
            (Dialog, o) | (o, Dialog) => o == Dialog,
            (Inspect, o) | (o, Inspect) => o == Inspect,
            (Logs, o) | (o, Logs) => matches!(o, Logs | Global),
            (Events, o) | (o, Events) => matches!(o, Events | List),
            (Global | List, _) | (_, Global | List) => true,
            (a, b) => a == b,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "General",
            Scope::List => "Moving around",
            Scope::Containers => "Containers",
            Scope::Images => "Images",
            Scope::Networks => "Networks",
            Scope::Projects => "Compose projects",
            Scope::Services => "Swarm services",
            Scope::Tasks => "Swarm tasks",
            Scope::Nodes => "Swarm nodes",
            Scope::Security => "Security",
            Scope::Events => "Events",
            Scope::Logs => "Logs",
            Scope::Inspect => "Inspect",
            Scope::Dialog => "Dialogs",
        }
    }
}

/// Builds the action types from one table, grouped by scope: an enum per scope (so a handler
/// matches exactly the actions it can receive), [`Action`] over them, and for each action an
/// associated constant (`Action::Stop`) usable as a value and in patterns, plus its name, scope,
/// read-only flag, hint, description and default keys.
macro_rules! actions {
    ($( $scope:ident => $group:ident($sub:ident, $doc:literal) {
        $( $variant:ident = $name:literal, $engine:literal, $hint:literal, $desc:literal, [$($key:literal),*]; )*
    } )*) => {
        $(
            #[doc = $doc]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum $sub { $($variant),* }
        )*

        /// Everything a key can do, by the scope where it is live.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($group($sub)),* }

        // One constant per action, named as in the table, so `Action::Stop` reads as before.
        #[allow(non_upper_case_globals)]
        impl Action {
            $($(pub const $variant: Action = Action::$group($sub::$variant);)*)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$($(Action::$group($sub::$variant)),*),*];

            /// The name used in the config file's `[keys]` table.
            pub fn name(self) -> &'static str {
                match self { $($(Action::$group($sub::$variant) => $name),*),* }
            }
            pub fn scope(self) -> Scope {
                match self { $(Action::$group(_) => Scope::$scope),* }
            }
            /// True when the action changes something on the engine (hidden in read-only mode).
            pub fn changes_engine(self) -> bool {
                match self { $($(Action::$group($sub::$variant) => $engine),*),* }
            }
            /// A one-word label for the hint line.
            pub fn hint(self) -> &'static str {
                match self { $($(Action::$group($sub::$variant) => $hint),*),* }
            }
            /// A sentence for the help overlay and the example config.
            pub fn description(self) -> &'static str {
                match self { $($(Action::$group($sub::$variant) => $desc),*),* }
            }
            pub fn default_keys(self) -> &'static [&'static str] {
                match self { $($(Action::$group($sub::$variant) => &[$($key),*]),*),* }
            }
        }
    };
}

actions! {
    Global => Global(GlobalAction, "Anywhere outside a dialog.") {
        Quit = "quit", false, "quit", "Quit dockhand", ["q", "ctrl-c"];
        Help = "help", false, "help", "Show or hide the key bindings", ["?", "f1"];
        Refresh = "refresh", false, "refresh", "List everything again now", ["ctrl-r", "f5"];
        NextPane = "next_pane", false, "next pane", "Show the next pane", ["tab"];
        PrevPane = "prev_pane", false, "previous pane", "Show the previous pane", ["backtab"];
        ShowContainers = "show_containers", false, "containers", "Show the containers pane", ["1"];
        ShowImages = "show_images", false, "images", "Show the images pane", ["2"];
        ShowVolumes = "show_volumes", false, "volumes", "Show the volumes pane", ["3"];
        ShowNetworks = "show_networks", false, "networks", "Show the networks pane", ["4"];
        ShowProjects = "show_projects", false, "projects", "Show the compose projects pane", ["5"];
        ShowServices = "show_services", false, "services", "Show the swarm services pane (a manager's)", ["6"];
        ShowTasks = "show_tasks", false, "tasks", "Show the tasks of every swarm service", ["7"];
        ShowNodes = "show_nodes", false, "nodes", "Show the swarm nodes pane", ["8"];
        ShowSecurity = "show_security", false, "security", "Show every container by its worst security finding", ["9"];
        ShowEvents = "show_events", false, "events", "Show the engine's events, live: filter, look back, pause, enter goes to the object", ["0"];
        DiskUsage = "disk_usage", false, "disk / prune", "Show disk usage, and prune with an exact preview", ["D"];
        Messages = "messages", false, "messages", "Show the recent messages in full, however long", ["m"];
        Command = "command", false, "command", "Type a command: a pane (:images), an action on the selection (:stop), :sort cpu, :host NAME, :prune images, :quit (tab completes, ↑↓ the history)", [":"];
        Hosts = "hosts", false, "hosts", "Switch to another host (type to filter; each host keeps its panes as you left them)", ["H"];
    }
    List => List(ListAction, "In any list pane.") {
        Up = "up", false, "up", "Move up", ["k", "up"];
        Down = "down", false, "down", "Move down", ["j", "down"];
        PageUp = "page_up", false, "page up", "Move up a page", ["pageup", "ctrl-b"];
        PageDown = "page_down", false, "page down", "Move down a page", ["pagedown", "ctrl-f"];
        Top = "top", false, "top", "Go to the first row", ["g", "home"];
        Bottom = "bottom", false, "bottom", "Go to the last row", ["G", "end"];
        Filter = "filter", false, "filter", "Filter rows by name, image or id as you type", ["/"];
        SortNext = "sort_next", false, "sort", "Sort by the next column", ["o"];
        SortReverse = "sort_reverse", false, "reverse", "Reverse the sort order", ["O"];
        SortName = "sort_name", false, "by name", "Sort by name, naturally (bulk-7 before bulk-69); again to reverse", ["N"];
        SortCreated = "sort_created", false, "by age", "Sort by age, youngest first; again to reverse", ["A"];
        SortSize = "sort_size", false, "by size", "Sort by size, biggest first (images, volumes); again to reverse", ["Z"];
        SortDriver = "sort_driver", false, "by driver", "Sort by driver (volumes, networks); again to reverse", ["V"];
        Mark = "mark", false, "mark", "Mark or unmark the row (actions apply to all marked rows)", ["space"];
        MarkAll = "mark_all", false, "mark all", "Mark every shown row, or clear all marks", ["ctrl-a"];
        Back = "back", false, "back", "Clear the filter, then the marks", ["esc"];
        Remove = "remove", true, "remove", "Remove the selected (or marked) objects, after a confirmation", ["d", "delete"];
        Create = "create", true, "create", "Create a volume or a network (on their panes)", ["c"];
        Inspect = "inspect", false, "inspect", "Inspect the selected object (a container's summary, the full tree)", ["i"];
    }
    Containers => Containers(ContainerAction, "On the containers pane.") {
        ToggleAll = "toggle_all", false, "all/running", "Show all containers or only running ones", ["a"];
        Logs = "logs", false, "logs", "Show or hide the selected container's logs below the list", ["l"];
        LogsProject = "logs_project", false, "project logs", "Logs of the selected container's whole compose project, merged", ["M"];
        LogsFull = "logs_full", false, "full logs", "Show the logs full screen, where keys scroll and search them", ["L"];
        Start = "start", true, "start", "Start the container", ["S"];
        Stop = "stop", true, "stop", "Stop the container (SIGTERM, then SIGKILL after its grace period)", ["s"];
        Restart = "restart", true, "restart", "Restart the container", ["r"];
        Pause = "pause", true, "pause", "Pause or unpause the container", ["p"];
        Kill = "kill", true, "kill", "Kill the container (SIGKILL)", ["K"];
        Stats = "stats", false, "stats", "Show the selected container's live numbers with their history", ["enter"];
        SecurityMarks = "security_marks", false, "risk marks", "Mark containers with high security findings with a red ! before their name (their details: the security pane, 9)", ["!"];
        Processes = "processes", false, "processes", "Show the processes running in the selected container (top)", ["t"];
        Shell = "shell", true, "shell", "Open a shell in the selected running container (the first of bash, ash, sh it has), in this terminal; exit comes back", ["e"];
        Attach = "attach", true, "attach", "Attach to the selected container's main process (a TTY or open stdin); the detach keys (general.detach_keys) come back and leave it running", ["x"];
        Files = "files", false, "files", "Browse the selected container's files, one folder at a time (enter opens, backspace goes up, f copies out)", ["b"];
        CopyOut = "copy_out", false, "copy out", "Copy a file or folder out of the selected container into a local folder (type its path, then the folder); nothing local is overwritten", ["f"];
        CopyIn = "copy_in", true, "copy in", "Copy a local file or folder into the selected container (type its path, then the folder in the container)", ["F"];
        Exec = "exec", true, "run…", "Run a command in the selected running container, as a user if given ([user@]command; the last one is offered again for the same image)", ["E"];
        SortState = "sort_state", false, "by state", "Sort by state, running and troubled first; again to reverse", ["T"];
        SortStatus = "sort_status", false, "by status", "Sort by time in the state, most recent first; again to reverse", ["U"];
        SortImage = "sort_image", false, "by image", "Sort by image; again to reverse", ["I"];
        SortProject = "sort_project", false, "by project", "Sort by compose project; again to reverse", ["P"];
        SortCpu = "sort_cpu", false, "by CPU", "Sort by CPU use, busiest first; again to reverse", ["C"];
        SortMemory = "sort_memory", false, "by memory", "Sort by memory (RAM) used, most first; again to reverse", ["R"];
    }
    Images => Images(ImageAction, "On the images pane.") {
        Pull = "pull", true, "pull", "Pull an image (type its reference), with progress per layer", ["P"];
        Tag = "tag", true, "tag", "Tag the image (type repo:tag)", ["t"];
        History = "history", false, "layers", "Show the image's layers: size, command, age", ["enter", "h"];
    }
    Networks => Networks(NetworkAction, "On the networks pane.") {
        Connect = "connect", true, "connect", "Connect a container to the network (type its name)", ["C"];
        Disconnect = "disconnect", true, "disconnect", "Disconnect a container from the network (type its name)", ["X"];
        SortContainers = "sort_containers", false, "by containers", "Sort by how many containers are connected, most first; again to reverse", ["U"];
    }
    Projects => Projects(ProjectAction, "On the compose projects pane.") {
        ProjectFold = "project_fold", false, "fold/unfold", "Show or hide the selected project's containers under it", ["enter"];
        ProjectStart = "project_start", true, "start", "Start every container of the project (or of the marked projects), after a confirmation naming them", ["S"];
        ProjectStop = "project_stop", true, "stop", "Stop every running container of the project, after a confirmation naming them", ["s"];
        ProjectRestart = "project_restart", true, "restart", "Restart every container of the project, after a confirmation naming them", ["r"];
        ProjectPause = "project_pause", true, "pause", "Pause the project's running containers (or unpause its paused ones), after a confirmation", ["p"];
        ProjectLogs = "project_logs", false, "logs", "Show or hide the project's logs, merged by time, below the list", ["l"];
        ProjectLogsFull = "project_logs_full", false, "full logs", "Show the project's merged logs full screen", ["L"];
        ComposeUp = "compose_up", true, "up -d", "Run `compose up -d` on the project's files as its labels name them (needs a compose CLI on this machine)", ["u"];
        ComposeDown = "compose_down", true, "down", "Run `compose down` on the project (its containers and networks go; volumes stay), needs a compose CLI", ["x"];
        ComposePull = "compose_pull", true, "pull", "Run `compose pull` on the project's files (needs a compose CLI on this machine)", ["P"];
    }
    Services => Services(ServiceAction, "On the swarm services pane.") {
        ServiceTasks = "service_tasks", false, "tasks", "Show the selected service's tasks", ["enter"];
        ServiceScale = "service_scale", true, "scale", "Set the selected service's replicas (type the number)", ["s"];
        ServiceRedeploy = "service_redeploy", true, "redeploy", "Replace every task of the service even though nothing changed (docker service update --force), after a confirmation", ["r"];
        ServiceRollback = "service_rollback", true, "rollback", "Go back to the service's previous spec (docker service rollback), after a confirmation", ["b"];
        ServiceLogs = "service_logs", false, "logs", "Show or hide the service's logs, merged from its tasks (each line names its task and node), below the list", ["l"];
        ServiceLogsFull = "service_logs_full", false, "full logs", "Show the service's merged logs full screen", ["L"];
    }
    Tasks => Tasks(TaskAction, "On the swarm tasks pane.") {
        TaskHistory = "task_history", false, "all/current", "Show every task (those shut down too) or only the current ones", ["a"];
        TaskLogs = "task_logs", false, "logs", "Show or hide the logs of the selected task's service, merged from its tasks, below the list", ["l"];
    }
    Nodes => Nodes(NodeAction, "On the swarm nodes pane.") {
        NodeDrain = "node_drain", true, "drain", "Drain the node: its tasks move to other nodes and no new ones come (after a confirmation)", ["x"];
        NodePause = "node_pause", true, "pause", "Pause the node: its tasks stay, no new ones come", ["p"];
        NodeActivate = "node_activate", true, "activate", "Make the node active again: tasks may be placed on it", ["a"];
    }
    Security => Security(SecurityAction, "On the security pane.") {
        SecurityFindings = "security_findings", false, "findings", "Show the selected container's findings: why each matters and the fix (docker run flag, compose key)", ["enter"];
        SecurityEngine = "security_engine", false, "engine", "Show the engine's own findings in full: why each matters and the dockerd fix (flag, daemon.json key)", ["E"];
    }
    Events => Events(EventsAction, "In the events view.") {
        EventsType = "events_type", false, "type", "Show one type of event (containers, images, volumes, networks, services, nodes), the next each time, then all", ["t"];
        EventsSince = "events_since", false, "since", "Look back: the engine's events since 10m, 1h, 24h or a time (it remembers its last 256 or so)", ["s"];
        EventsPause = "events_pause", false, "pause", "Pause or resume: new events wait (counted) while paused", ["p"];
        EventsGoTo = "events_go_to", false, "go to", "Go to the event's object on its pane (a container, image, volume, network, service, node)", ["enter"];
    }
    Logs => LogView(LogAction, "In the full-screen log view.") {
        LogUp = "log_up", false, "up", "Scroll up a line (pauses following)", ["k", "up"];
        LogDown = "log_down", false, "down", "Scroll down a line", ["j", "down"];
        LogPageUp = "log_page_up", false, "page up", "Scroll up a page", ["pageup", "ctrl-b"];
        LogPageDown = "log_page_down", false, "page down", "Scroll down a page", ["pagedown", "ctrl-f", "space"];
        LogTop = "log_top", false, "top", "Go to the oldest line kept", ["g", "home"];
        LogBottom = "log_bottom", false, "follow", "Go to the newest line and follow again", ["G", "end"];
        LogTimestamps = "log_timestamps", false, "timestamps", "Show or hide timestamps", ["t"];
        LogWrap = "log_wrap", false, "wrap", "Wrap long lines or cut them", ["w"];
        LogStdout = "log_stdout", false, "stdout", "Show or hide standard output", ["o"];
        LogStderr = "log_stderr", false, "stderr", "Show or hide standard error", ["e"];
        LogSearch = "log_search", false, "search", "Search the log (type, enter; matches are highlighted)", ["/"];
        LogNext = "log_next", false, "next", "Go to the nearest match above (older)", ["n"];
        LogPrev = "log_prev", false, "previous", "Go to the nearest match below (newer)", ["N"];
        LogFilter = "log_filter", false, "filter", "Show only matching lines (with context) or every line", ["f"];
        LogContext = "log_context", false, "context", "Lines of context around matches when filtering: 0, 2, 5, 10", ["c"];
        LogRegex = "log_regex", false, "regex", "Search with a regular expression or plain text", ["R"];
        LogCase = "log_case", false, "case", "Match case or ignore it", ["i"];
        LogJson = "log_json", false, "json", "Show JSON lines as written, pretty-printed, or as key=value", ["J"];
        LogWindow = "log_window", false, "window", "Show a time window: since 10m, 2h, a time; SINCE..UNTIL; empty for the tail", ["T"];
        LogCopy = "log_copy", false, "copy", "Send the current match's line, or the lines in view, as shown, to the terminal's clipboard (OSC 52)", ["y"];
        LogSave = "log_save", false, "save", "Save the lines in view (as filtered) to a file", ["s"];
        LogSaveAll = "log_save_all", false, "save all", "Save the container's whole log, fetched afresh, to a file", ["S"];
        LogClose = "log_close", false, "back", "Back to the list with the logs below it", ["esc", "L"];
    }
    Inspect => InspectView(InspectAction, "In the inspect view.") {
        InspectUp = "inspect_up", false, "up", "Move up", ["k", "up"];
        InspectDown = "inspect_down", false, "down", "Move down", ["j", "down"];
        InspectPageUp = "inspect_page_up", false, "page up", "Move up a page", ["pageup", "ctrl-b"];
        InspectPageDown = "inspect_page_down", false, "page down", "Move down a page", ["pagedown", "ctrl-f"];
        InspectTop = "inspect_top", false, "top", "Go to the first row", ["g", "home"];
        InspectBottom = "inspect_bottom", false, "bottom", "Go to the last row", ["G", "end"];
        InspectToggle = "inspect_toggle", false, "fold/unfold", "Fold or unfold (in the summary: show the line's field in the tree)", ["enter", "space"];
        InspectFold = "inspect_fold", false, "fold", "Fold the selected object or array (on a value: go to its parent)", ["h", "left"];
        InspectUnfold = "inspect_unfold", false, "unfold", "Unfold the selected object or array (open: go to its first entry)", ["l", "right"];
        InspectFoldAll = "inspect_fold_all", false, "fold all", "Fold everything", ["z"];
        InspectUnfoldAll = "inspect_unfold_all", false, "unfold all", "Unfold everything", ["Z"];
        InspectSearch = "inspect_search", false, "search", "Search keys and values (type; enter goes to the first match)", ["/"];
        InspectNext = "inspect_next", false, "next", "Go to the next match, unfolding what hides it", ["n"];
        InspectPrev = "inspect_prev", false, "previous", "Go to the previous match", ["N"];
        InspectCopy = "inspect_copy", false, "copy", "Copy the selected value (OSC 52); secrets stay masked unless shown", ["y"];
        InspectCopyPath = "inspect_copy_path", false, "copy path", "Copy the selected value's path (.Config.Env[2]) to the clipboard", ["Y"];
        InspectReveal = "inspect_reveal", false, "secrets", "Reveal or hide the values of secret-looking environment variables", ["x"];
        InspectSwitch = "inspect_switch", false, "summary/tree", "Switch between a container's summary and the full tree", ["tab"];
        InspectClose = "inspect_close", false, "close", "Close the inspect view", ["esc", "q"];
    }
    Dialog => Dialog(DialogAction, "In a dialog.") {
        Prune = "prune", true, "preview", "In the disk view: preview the prune of the selected kind", ["p"];
        Confirm = "confirm", false, "confirm", "Confirm the dialog", ["enter", "y"];
        Cancel = "cancel", false, "cancel", "Close the dialog without doing anything", ["esc", "n"];
        ToggleVolumes = "toggle_volumes", false, "volumes", "In the remove dialog: also remove anonymous volumes", ["v"];
        Force = "force", true, "force", "In a remove dialog: remove even what is in use", ["f"];
        UntagOnly = "untag_only", true, "untag only", "In the image remove dialog: remove only this tag, keep the image", ["u"];
        CopyChanges = "copy_changes", false, "copy changes out", "In the remove dialog: copy what the container added or changed (docker diff) to a local folder first; the dialog stays", ["o"];
        CommitFirst = "commit_first", true, "commit first", "In the remove dialog: commit the container to an image first (type its name)", ["c"];
        AlsoHidden = "also_hidden", false, "hidden too", "When marked rows are hidden by the filter: act on them too (confirm acts on the shown ones only)", ["a"];
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "unknown action `{s}`, expected one of: {}",
                    names.join(", ")
                )
            })
    }
}

/// One key with its modifiers, as written in the config (`ctrl-r`, `G`, `space`, `f5`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeySpec {
    /// Normalises a terminal key event to a spec. Shift is part of the character for letters
    /// and symbols (`G`, `?`), so it is dropped there; terminals disagree on reporting it.
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = ev.code;
        if let KeyCode::Char(c) = code {
            mods.remove(KeyModifiers::SHIFT);
            // Ctrl with a letter arrives as the lower-case letter on most terminals.
            if mods.contains(KeyModifiers::CONTROL) {
                code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        if code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        Self { code, mods }
    }

    pub fn matches(&self, ev: &KeyEvent) -> bool {
        Self::from_event(ev) == *self
    }
}

impl FromStr for KeySpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "`{s}` is not a key (examples: \"s\", \"G\", \"ctrl-r\", \"space\", \"f5\", \"pagedown\")"
            )
        };
        if s.is_empty() {
            return Err(bad());
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let taken = ["ctrl-", "ctrl+", "alt-", "alt+", "shift-", "shift+"]
                .iter()
                .find(|p| lower.starts_with(*p) && rest.len() > p.len());
            let Some(p) = taken else { break };
            mods |= match &p[..p.len() - 1] {
                "ctrl" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                _ => KeyModifiers::SHIFT,
            };
            rest = &rest[p.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            },
        };
        if matches!(code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Ok(Self { code, mods })
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The effective bindings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMap {
    bindings: BTreeMap<Action, Vec<KeySpec>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        Self::with_overrides(&BTreeMap::new()).unwrap_or_else(|_| Self {
            bindings: BTreeMap::new(),
        })
    }
}

impl KeyMap {
    /// Defaults patched by the config's `[keys]` table (action name -> key list). Every problem
    /// is returned, not only the first: unknown actions, unparsable keys, and conflicts.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Self, Vec<String>> {
        let mut errors = Vec::new();
        let mut bindings = BTreeMap::new();
        for &a in Action::ALL {
            let keys: Vec<KeySpec> = a
                .default_keys()
                .iter()
                .filter_map(|k| k.parse().ok())
                .collect();
            bindings.insert(a, keys);
        }
        for (name, keys) in overrides {
            let action = match name.parse::<Action>() {
                Ok(a) => a,
                Err(e) => {
                    errors.push(format!("[keys] {e}"));
                    continue;
                }
            };
            let mut parsed = Vec::new();
            for k in keys {
                match k.parse::<KeySpec>() {
                    Ok(spec) => parsed.push(spec),
                    Err(e) => errors.push(format!("[keys] {name}: {e}")),
                }
            }
            bindings.insert(action, parsed);
        }
        let map = Self { bindings };
        errors.extend(map.conflicts());
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Pairs of actions that answer the same key while both are live.
    pub fn conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        let all: Vec<(Action, KeySpec)> = self
            .bindings
            .iter()
            .flat_map(|(a, ks)| ks.iter().map(move |k| (*a, *k)))
            .collect();
        for (i, (a, k)) in all.iter().enumerate() {
            for (b, k2) in &all[i + 1..] {
                if k == k2 && a != b && a.scope().shares_keys_with(b.scope()) {
                    out.push(format!(
                        "[keys] `{k}` is bound to both `{}` and `{}`: give one of them another key",
                        a.name(),
                        b.name()
                    ));
                }
            }
        }
        out
    }

    pub fn keys(&self, action: Action) -> &[KeySpec] {
        self.bindings.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The action a key triggers among the given scopes.
    pub fn action_for(&self, scopes: &[Scope], ev: &KeyEvent) -> Option<Action> {
        let spec = KeySpec::from_event(ev);
        self.bindings
            .iter()
            .filter(|(a, _)| scopes.contains(&a.scope()))
            .find(|(_, ks)| ks.contains(&spec))
            .map(|(a, _)| *a)
    }

    /// The keys of an action joined for display (`s`, `d/delete`).
    pub fn label(&self, action: Action) -> String {
        let keys: Vec<String> = self.keys(action).iter().map(ToString::to_string).collect();
        keys.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_have_no_conflicts() {
        let map = KeyMap::with_overrides(&BTreeMap::new()).expect("defaults are valid");
        assert!(map.conflicts().is_empty());
        for &a in Action::ALL {
            assert!(!map.keys(a).is_empty(), "{} has no default key", a.name());
        }
    }

    #[test]
    fn parses_and_prints_keys() {
        for (text, shown) in [
            ("s", "s"),
            ("G", "G"),
            ("shift-g", "G"),
            ("ctrl-R", "ctrl-r"),
            ("Ctrl+a", "ctrl-a"),
            ("space", "space"),
            ("f5", "f5"),
            ("PgDn", "pagedown"),
            ("alt-x", "alt-x"),
            ("?", "?"),
        ] {
            let spec: KeySpec = text.parse().expect(text);
            assert_eq!(spec.to_string(), shown, "{text}");
        }
        for bad in ["", "f13", "ctrl-", "nokey", "f0"] {
            assert!(bad.parse::<KeySpec>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn events_match_regardless_of_reported_shift() {
        let map = KeyMap::default();
        let scopes = [Scope::Global, Scope::List, Scope::Containers];
        let shifted_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(&scopes, &shifted_g), Some(Action::Bottom));
        let plain_g = key(KeyCode::Char('G'), KeyModifiers::NONE);
        assert_eq!(map.action_for(&scopes, &plain_g), Some(Action::Bottom));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(&scopes, &ctrl_c), Some(Action::Quit));
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(map.action_for(&[Scope::Dialog], &esc), Some(Action::Cancel));
        assert_eq!(map.action_for(&scopes, &esc), Some(Action::Back));
    }

    #[test]
    fn overrides_replace_defaults_and_several_keys_work() {
        let o = BTreeMap::from([("stop".to_string(), vec!["w".to_string(), "f9".to_string()])]);
        let map = KeyMap::with_overrides(&o).expect("valid");
        let scopes = [Scope::Containers];
        assert_eq!(
            map.action_for(&scopes, &key(KeyCode::Char('w'), KeyModifiers::NONE)),
            Some(Action::Stop)
        );
        assert_eq!(
            map.action_for(&scopes, &key(KeyCode::F(9), KeyModifiers::NONE)),
            Some(Action::Stop)
        );
        assert_eq!(
            map.action_for(&scopes, &key(KeyCode::Char('s'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(map.label(Action::Stop), "w/f9");
    }

    #[test]
    fn conflicts_are_reported_not_dropped() {
        let o = BTreeMap::from([("start".to_string(), vec!["s".to_string()])]);
        let errs = KeyMap::with_overrides(&o).expect_err("conflict");
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].contains("`s` is bound to both `stop` and `start`")
                || errs[0].contains("`s` is bound to both `start` and `stop`"),
            "{errs:?}"
        );
        // The same key in a dialog and in the list is not a conflict: they are never live together.
        let o = BTreeMap::from([("confirm".to_string(), vec!["s".to_string()])]);
        assert!(KeyMap::with_overrides(&o).is_ok());
    }

    #[test]
    fn unknown_actions_and_bad_keys_are_all_reported() {
        let o = BTreeMap::from([
            ("stpo".to_string(), vec!["x".to_string()]),
            ("kill".to_string(), vec!["ctrl-".to_string()]),
        ]);
        let errs = KeyMap::with_overrides(&o).expect_err("errors");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("unknown action `stpo`")));
        assert!(
            errs.iter()
                .any(|e| e.contains("kill: `ctrl-` is not a key"))
        );
    }
}
