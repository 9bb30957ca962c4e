//! What the user configured and dockhand only reads while it runs: keys, colours, read-only,
//! secret patterns, how often to resync and where live numbers come from.

use crate::app::names::Folders;
use crate::config::{Action, Config, KeyMap, StatsSource, Theme};
use crate::inspect::SecretPatterns;

pub struct Settings {
    pub keymap: KeyMap,
    pub theme: Theme,
    pub read_only: bool,
    /// Environment variable names whose values the inspect view masks.
    pub secrets: SecretPatterns,
    /// Seconds between the safety-net re-lists (events drive the lists; this catches misses).
    pub resync_secs: i64,
    /// Where stats samples come from.
    pub stats_source: StatsSource,
    /// Where saved logs go; found at start by the runtime (none in tests: bare file names).
    pub folders: Folders,
    /// What `e` runs on hosts without a `shell` of their own (`[user@]command`).
    pub shell: Option<String>,
    /// Keys that detach from an attached container (docker's form, `ctrl-p,ctrl-q`).
    pub detach_keys: String,
    /// Security rules silenced for every container (`[security] ignore`).
    pub security_ignore: Vec<String>,
    /// Whether the containers list marks containers with high findings (`!`); its key turns
    /// it on and off.
    pub security_marks: bool,
}

impl Settings {
    pub fn new(config: &Config) -> Self {
        Self {
            keymap: config.keymap.clone(),
            theme: config.theme.clone(),
            read_only: config.read_only,
            secrets: SecretPatterns::new(&config.inspect.secret_patterns),
            resync_secs: config.resync_interval.as_secs().max(1) as i64,
            stats_source: config.stats.source,
            folders: Folders::default(),
            shell: config.shell.clone(),
            detach_keys: config.detach_keys.clone(),
            security_ignore: config.security.ignore.clone(),
            security_marks: config.security.marks,
        }
    }

    /// Whether this action may run now (read-only mode hides every engine change).
    pub fn allows(&self, action: Action) -> bool {
        !(self.read_only && action.changes_engine())
    }
}
