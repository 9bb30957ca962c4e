//! The config file: where it lives, what it holds, and errors that point at the exact line.
//!
//! A missing file is fine (defaults apply). A bad one stops dockhand before the terminal is
//! touched, with the file, line, key and what was expected.

mod errors;
pub mod hosts;
pub mod keymap;
pub mod theme;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer};

pub use errors::{ConfigError, Problem};
use errors::{in_words, key_on_line, line_col, locate, locate_message};
pub use hosts::HostConfig;
pub use keymap::{
    Action, ContainerAction, DialogAction, EventsAction, GlobalAction, ImageAction, InspectAction,
    KeyMap, KeySpec, ListAction, LogAction, NetworkAction, NodeAction, ProjectAction, Scope,
    SecurityAction, ServiceAction, TaskAction,
};
pub use theme::{Builtin, Theme, ThemeName};

/// The resolved settings the program runs with.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The config file's default engine address (after flags, env and contexts).
    pub host: Option<String>,
    /// How often to list everything again in case an event was missed.
    pub resync_interval: Duration,
    pub read_only: bool,
    /// Show stopped containers too (toggle with a key).
    pub show_all: bool,
    /// Take mouse events (clicks, the wheel). On by default; off, the terminal selects text
    /// with a plain drag (while a program takes the mouse, it takes shift-drag).
    pub mouse: bool,
    /// What `e` runs in a container (`[user@]command`) on hosts without a `shell` of their
    /// own; unset: the first of bash, ash, sh the container has.
    pub shell: Option<String>,
    /// The keys that detach from an attached container, in docker's form (`ctrl-p,ctrl-q`).
    pub detach_keys: String,
    pub keymap: KeyMap,
    /// `[general] theme`: `auto`, `dark` or `light`.
    pub theme_name: ThemeName,
    /// The `[theme]` table's colours, put on top of whichever built-in theme is chosen.
    pub theme_overrides: theme::Overrides,
    /// The colours in use: for `auto`, dark until [`Config::settle_theme`] is told better.
    pub theme: Theme,
    pub logs: LogSettings,
    pub stats: StatsSettings,
    pub inspect: InspectSettings,
    pub security: SecuritySettings,
    /// The engines named in `[[hosts]]` tables, in their order.
    pub hosts: Vec<HostConfig>,
}

/// The `[security]` table.
#[derive(Clone, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecuritySettings {
    /// Rules (by id) whose findings are not shown for any container, or for the engine (its
    /// own rules: `userns-off`, ...); one container silences its own with the label
    /// `dockhand.security.ignore`.
    pub ignore: Vec<String>,
    /// Mark containers with high findings (`!`) in the containers list from the start (the
    /// `security_marks` key turns it on and off). It costs one description per container.
    pub marks: bool,
}

/// The `[inspect]` table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InspectSettings {
    /// Environment variables whose names contain one of these (case ignored) have their values
    /// masked until revealed. An empty list masks nothing.
    pub secret_patterns: Vec<String>,
}

impl Default for InspectSettings {
    fn default() -> Self {
        Self {
            secret_patterns: crate::inspect::secrets::DEFAULT_PATTERNS
                .iter()
                .map(|p| p.to_string())
                .collect(),
        }
    }
}

/// The `[stats]` table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatsSettings {
    /// How often the running rows on screen are sampled (the selected container: every second).
    #[serde(deserialize_with = "duration")]
    pub interval: Duration,
    /// How much history the stats view keeps and charts.
    #[serde(deserialize_with = "duration")]
    pub window: Duration,
    /// Where samples come from: `auto` (the container's cgroup files when the engine runs on
    /// this machine, else the engine's API), `api`, or `cgroup` (never the API).
    pub source: StatsSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StatsSource {
    #[default]
    Auto,
    Api,
    Cgroup,
}

impl StatsSource {
    pub fn name(self) -> &'static str {
        match self {
            StatsSource::Auto => "auto",
            StatsSource::Api => "api",
            StatsSource::Cgroup => "cgroup",
        }
    }
}

impl Default for StatsSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(5),
            window: Duration::from_secs(300),
            source: StatsSource::Auto,
        }
    }
}

/// The `[logs]` table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// Lines fetched when a log stream opens, before following.
    pub tail: u64,
    /// Lines kept per log view; older ones are dropped (memory stays bounded).
    pub buffer_lines: usize,
    /// Bytes kept per log view, whatever the line count.
    pub buffer_bytes: usize,
    /// Show the colours containers write (SGR); off strips them.
    pub colors: bool,
    /// Characters shown of a very long line before it is cut with a marker.
    pub max_line_chars: usize,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            tail: 500,
            buffer_lines: 10_000,
            buffer_bytes: 16 * 1024 * 1024,
            colors: true,
            max_line_chars: 4096,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: None,
            resync_interval: DEFAULT_RESYNC,
            read_only: false,
            show_all: true,
            mouse: true,
            shell: None,
            detach_keys: DEFAULT_DETACH_KEYS.to_string(),
            keymap: KeyMap::default(),
            theme_name: ThemeName::Auto,
            theme_overrides: theme::Overrides::new(),
            theme: Theme::default(),
            logs: LogSettings::default(),
            stats: StatsSettings::default(),
            inspect: InspectSettings::default(),
            security: SecuritySettings::default(),
            hosts: Vec::new(),
        }
    }
}

pub const DEFAULT_RESYNC: Duration = Duration::from_secs(30);
/// Below this, the safety-net resync would cost the engine more than the events save.
const MIN_RESYNC: Duration = Duration::from_secs(2);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FileConfig {
    general: General,
    keys: BTreeMap<String, KeyList>,
    theme: BTreeMap<String, String>,
    logs: LogSettings,
    stats: StatsSettings,
    inspect: InspectSettings,
    security: SecuritySettings,
    hosts: Vec<HostConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct General {
    host: Option<String>,
    #[serde(deserialize_with = "duration")]
    resync_interval: Duration,
    read_only: bool,
    show_all: bool,
    mouse: bool,
    shell: Option<String>,
    detach_keys: String,
    theme: ThemeName,
}

impl Default for General {
    fn default() -> Self {
        let d = Config::default();
        Self {
            host: None,
            resync_interval: d.resync_interval,
            read_only: d.read_only,
            show_all: d.show_all,
            mouse: d.mouse,
            shell: None,
            detach_keys: d.detach_keys,
            theme: d.theme_name,
        }
    }
}

/// `stop = "s"` or `stop = ["s", "f9"]`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a key such as \"s\" or a list of keys such as [\"s\", \"f9\"]"
)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Duration;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a duration string such as \"30s\", \"5m\" or \"1h 30m\"")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Duration, E> {
            humantime::parse_duration(s).map_err(|e| {
                E::custom(format!(
                    "`{s}` is not a duration ({e}); expected a string such as \"30s\", \"5m\" or \"1h 30m\""
                ))
            })
        }
    }
    d.deserialize_str(V)
}

/// The default location: `$XDG_CONFIG_HOME/dockhand/config.toml` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dockhand").map(|d| d.config_dir().join("config.toml"))
}

/// Loads `path`. `required` is true for `--config PATH`, where a missing file is an error.
pub fn load(path: &Path, required: bool, no_color: bool) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return parse("", path, no_color);
        }
        Err(e) => {
            return Err(ConfigError {
                path: path.to_path_buf(),
                problems: vec![Problem {
                    line: None,
                    column: None,
                    key: None,
                    message: format!("cannot read it: {e}"),
                }],
            });
        }
    };
    parse(&text, path, no_color)
}

/// Parses config text; `path` is only for messages.
pub fn parse(text: &str, path: &Path, no_color: bool) -> Result<Config, ConfigError> {
    let err = |problems| ConfigError {
        path: path.to_path_buf(),
        problems,
    };
    let file: FileConfig = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unzip();
        let key = line.and_then(|l| key_on_line(text, l));
        let message = in_words(key.as_deref(), e.message().trim());
        err(vec![Problem {
            line,
            column,
            key,
            message,
        }])
    })?;
    let mut problems = Vec::new();
    let g = file.general;
    if let Some(shell) = &g.shell
        && let Err(e) = crate::command_line::parse(shell)
    {
        problems.push(locate(text, "general", "shell", e));
    }
    if let Err(e) = check_detach_keys(&g.detach_keys) {
        problems.push(locate(text, "general", "detach_keys", e));
    }
    if g.resync_interval < MIN_RESYNC {
        problems.push(locate(
            text,
            "general",
            "resync_interval",
            format!(
                "must be at least {}",
                humantime::format_duration(MIN_RESYNC)
            ),
        ));
    }
    // Below these a log view would hold too little to be useful; say so rather than clamp.
    for (key, value, min) in [
        ("buffer_lines", file.logs.buffer_lines, 100),
        ("buffer_bytes", file.logs.buffer_bytes, 65_536),
        ("max_line_chars", file.logs.max_line_chars, 80),
    ] {
        if value < min {
            problems.push(locate(text, "logs", key, format!("must be at least {min}")));
        }
    }
    if file.stats.interval < Duration::from_secs(1) {
        problems.push(locate(
            text,
            "stats",
            "interval",
            "must be at least 1s".into(),
        ));
    }
    if file.stats.window < Duration::from_secs(10)
        || file.stats.window > Duration::from_secs(86_400)
    {
        problems.push(locate(
            text,
            "stats",
            "window",
            "must be between 10s and 24h".into(),
        ));
    }
    // An empty pattern would be found in every name and mask every variable.
    if file
        .inspect
        .secret_patterns
        .iter()
        .any(|p| p.trim().is_empty())
    {
        problems.push(locate(
            text,
            "inspect",
            "secret_patterns",
            "must not hold an empty pattern (it would match every name); use [] to mask nothing"
                .to_string(),
        ));
    }
    // A rule silenced by a typo would stay loud: say which ids there are.
    if let Some(bad) = file
        .security
        .ignore
        .iter()
        .find(|id| !crate::security::rule_ids().any(|r| r == id.as_str()))
    {
        let ids: Vec<&str> = crate::security::rule_ids().collect();
        problems.push(locate(
            text,
            "security",
            "ignore",
            format!("no rule `{bad}`; the rules are {}", ids.join(", ")),
        ));
    }
    let mut host_entries = file.hosts;
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    problems.extend(hosts::check(&mut host_entries, text, home.as_ref()));
    let keys: BTreeMap<String, Vec<String>> = file
        .keys
        .into_iter()
        .map(|(k, v)| match v {
            KeyList::One(s) => (k, vec![s]),
            KeyList::Many(v) => (k, v),
        })
        .collect();
    let keymap = KeyMap::with_overrides(&keys).map_err(|errs| {
        errs.into_iter()
            .map(|m| locate_message(text, "keys", m))
            .collect::<Vec<_>>()
    });
    let overrides = Theme::parse_overrides(&file.theme).map_err(|errs| {
        errs.into_iter()
            .map(|m| locate_message(text, "theme", m))
            .collect::<Vec<_>>()
    });
    let keymap = keymap.unwrap_or_else(|e| {
        problems.extend(e);
        KeyMap::default()
    });
    let theme_overrides = overrides.unwrap_or_else(|e| {
        problems.extend(e);
        theme::Overrides::new()
    });
    // `auto` is settled later, once the terminal has been asked (it is not touched here).
    let theme = Theme::resolve(g.theme.settle(Builtin::Dark), &theme_overrides, no_color);
    if !problems.is_empty() {
        return Err(err(problems));
    }
    Ok(Config {
        host: g.host.filter(|h| !h.trim().is_empty()),
        resync_interval: g.resync_interval,
        read_only: g.read_only,
        show_all: g.show_all,
        mouse: g.mouse,
        shell: g.shell,
        detach_keys: g.detach_keys,
        keymap,
        theme_name: g.theme,
        theme_overrides,
        theme,
        logs: file.logs,
        stats: file.stats,
        inspect: file.inspect,
        security: file.security,
        hosts: host_entries,
    })
}

impl Config {
    /// Settles the colours once `auto`'s choice is known (`auto` is what the terminal's
    /// background calls for): the built-in theme `[general] theme` names, or `auto`, with the
    /// `[theme]` colours on top; `NO_COLOR` (monochrome) is kept.
    pub fn settle_theme(&mut self, auto: Builtin) {
        self.theme = Theme::resolve(
            self.theme_name.settle(auto),
            &self.theme_overrides,
            self.theme.monochrome,
        );
    }
}

/// Docker's default detach keys.
pub const DEFAULT_DETACH_KEYS: &str = "ctrl-p,ctrl-q";

/// Detach keys as the engine takes them: a comma-separated sequence of letters or
/// `ctrl-` with a letter or one of `@ [ \ ] ^ _`.
fn check_detach_keys(keys: &str) -> Result<(), String> {
    let bad = |k: &str| {
        format!(
            "`{k}` is not a detach key: give letters or ctrl-LETTER, comma-separated (default \"{DEFAULT_DETACH_KEYS}\")"
        )
    };
    if keys.trim().is_empty() {
        return Err(bad(keys));
    }
    for k in keys.split(',') {
        let ok = match k.strip_prefix("ctrl-") {
            Some(c) => {
                c.chars().count() == 1
                    && c.chars()
                        .all(|c| c.is_ascii_lowercase() || "@[\\]^_".contains(c))
            }
            None => k.chars().count() == 1 && k.chars().all(|c| c.is_ascii_alphabetic()),
        };
        if !ok {
            return Err(bad(k));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/cfg.toml"), false)
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(p("").expect("valid"), Config::default());
    }

    #[test]
    fn a_key_may_be_one_string_or_a_list() {
        let c = p("[keys]\nstop = \"w\"\nkill = [\"X\", \"f9\"]\n").expect("valid");
        assert_eq!(c.keymap.label(Action::Stop), "w");
        assert_eq!(c.keymap.label(Action::Kill), "X/f9");
    }

    #[test]
    fn bad_duration_names_file_line_and_key() {
        let e = p("[general]\nread_only = true\nresync_interval = \"soon\"\n").expect_err("bad");
        let text = e.to_string();
        assert!(
            text.contains("/cfg.toml:3:19: key `general.resync_interval`"),
            "{text}"
        );
        assert!(text.contains("expected a string such as \"30s\""), "{text}");
    }

    #[test]
    fn too_short_resync_is_refused() {
        let e = p("[general]\ndetach_keys = \"ctrl-p,ctrl-1\"\n").expect_err("bad");
        assert_eq!(e.problems[0].key.as_deref(), Some("general.detach_keys"));
        assert!(
            e.problems[0]
                .message
                .contains("`ctrl-1` is not a detach key"),
            "{e}"
        );
        let ok = p("[general]\ndetach_keys = \"ctrl-a,x\"\n").expect("good");
        assert_eq!(ok.detach_keys, "ctrl-a,x");
        let e = p("[general]\nshell = \"root@\"\n").expect_err("bad");
        assert_eq!(e.problems[0].key.as_deref(), Some("general.shell"));
        assert!(e.problems[0].message.contains("after root@"), "{e}");
        let ok = p("[general]\nshell = \"root@bash -l\"\n").expect("good");
        assert_eq!(ok.shell.as_deref(), Some("root@bash -l"));
        let e = p("[general]\nresync_interval = \"100ms\"\n").expect_err("bad");
        assert_eq!(e.problems[0].line, Some(2));
        assert_eq!(
            e.problems[0].key.as_deref(),
            Some("general.resync_interval")
        );
    }

    #[test]
    fn secret_patterns_replace_the_defaults_and_an_empty_one_is_refused() {
        let c = p("[security]\nignore = [\"root-user\", \"moving-tag\", \"userns-off\"]\n")
            .expect("valid: engine rules too");
        assert_eq!(c.security.ignore, ["root-user", "moving-tag", "userns-off"]);
        let e = p("[security]\nignore = [\"root\"]\n").expect_err("no such rule");
        assert_eq!(e.problems[0].key.as_deref(), Some("security.ignore"));
        assert!(e.problems[0].message.contains("no rule `root`"), "{e}");
        let c = p("[inspect]\nsecret_patterns = [\"session\", \"pin\"]\n").expect("valid");
        assert_eq!(c.inspect.secret_patterns, ["session", "pin"]);
        let c = p("[inspect]\nsecret_patterns = []\n").expect("valid");
        assert!(c.inspect.secret_patterns.is_empty());
        let e = p("[inspect]\nsecret_patterns = [\"key\", \" \"]\n").expect_err("bad");
        assert_eq!(e.problems[0].line, Some(2));
        assert_eq!(
            e.problems[0].key.as_deref(),
            Some("inspect.secret_patterns")
        );
        let e = p("[inspect]\nsecret_patterns = \"key\"\n").expect_err("not a list");
        assert!(e.to_string().contains("secret_patterns"), "{e}");
    }

    #[test]
    fn the_theme_is_chosen_by_name_and_coloured_over_by_key() {
        use ratatui::style::Color;
        let light = Theme::built_in(Builtin::Light);
        let c = p("[general]\ntheme = \"light\"\n").expect("valid");
        assert_eq!(c.theme_name, ThemeName::Light);
        assert_eq!(c.theme, light);
        // Overrides go on top of light; what they leave is light's.
        let mut c =
            p("[general]\ntheme = \"light\"\n[theme]\naccent = \"#112233\"\n").expect("valid");
        assert_eq!(c.theme.accent, Color::Rgb(0x11, 0x22, 0x33));
        assert_eq!(c.theme.running, light.running);
        // A name settles whatever `auto` would have found.
        c.settle_theme(Builtin::Dark);
        assert_eq!(c.theme.running, light.running);
        assert_eq!(c.theme.accent, Color::Rgb(0x11, 0x22, 0x33));
        // `auto` starts dark and settles to what the terminal called for, overrides kept.
        let mut c = p("[theme]\nrunning = \"28\"\n").expect("valid");
        assert_eq!(c.theme_name, ThemeName::Auto);
        assert_eq!(c.theme.accent, Theme::default().accent);
        c.settle_theme(Builtin::Light);
        assert_eq!(c.theme.accent, light.accent);
        assert_eq!(c.theme.running, Color::Indexed(28));
        // NO_COLOR stays whatever is chosen.
        let mut c = parse("[general]\ntheme = \"light\"\n", Path::new("/c"), true).expect("ok");
        c.settle_theme(Builtin::Dark);
        assert!(c.theme.monochrome);
    }

    #[test]
    fn a_theme_that_is_not_built_in_is_refused_with_the_names() {
        let e = p("[general]\ntheme = \"solarized\"\n").expect_err("bad");
        let text = e.to_string();
        assert!(text.contains(":2:9: key `general.theme`"), "{text}");
        for name in ["auto", "dark", "light"] {
            assert!(text.contains(name), "{name} offered: {text}");
        }
    }

    #[test]
    fn unknown_key_is_named() {
        let e = p("[general]\nreadonly = true\n").expect_err("bad");
        let text = e.to_string();
        assert!(
            text.contains(":2:1: key `general.readonly`: unknown field `readonly`"),
            "{text}"
        );
    }

    #[test]
    fn numbers_and_switches_are_asked_for_in_words_under_their_full_key() {
        let e = p("[logs]\ntail = -5\n").expect_err("bad");
        let text = e.to_string();
        assert!(
            text.contains(
                ":2:8: key `logs.tail`: expected a whole number of lines, 0 or more, not integer `-5`"
            ),
            "{text}"
        );
        assert!(!text.contains("u64"), "{text}");
        let e = p("[general]\nmouse = \"yes\"\n").expect_err("bad");
        let text = e.to_string();
        assert!(
            text.contains("key `general.mouse`: expected true or false"),
            "{text}"
        );
    }
}
