//! The engines a user names in the config, one `[[hosts]]` table each:
//!
//! ```toml
//! [[hosts]]
//! name = "prod"
//! address = "https://10.0.0.5:2376"
//! tls_ca = "~/.docker/prod/ca.pem"
//! tls_cert = "~/.docker/prod/cert.pem"
//! tls_key = "~/.docker/prod/key.pem"
//! read_only = true
//! accent = "red"
//! ```
//!
//! Checked here, before anything connects: a name that is unique and not empty, an address
//! dockhand can reach (`unix://`, `tcp://`, `https://`, `ssh://`), TLS files only for an
//! address over TCP and the certificate with its key, an accent colour the theme knows. Paths
//! starting with `~/` are taken from the home folder. Whether the files exist is left to the
//! connection, which names the missing one.

use std::path::PathBuf;

use serde::Deserialize;

use super::Problem;
use super::theme::parse_color;

/// One `[[hosts]]` entry.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {
    /// What the header and the host switcher call it.
    pub name: String,
    /// `unix:///var/run/docker.sock`, `tcp://host:2375`, `https://host:2376`, `ssh://me@host:22`.
    pub address: String,
    /// The CA that signed the engine's certificate.
    #[serde(default)]
    pub tls_ca: Option<PathBuf>,
    /// The client certificate and its key, for an engine started with `--tlsverify`.
    #[serde(default)]
    pub tls_cert: Option<PathBuf>,
    #[serde(default)]
    pub tls_key: Option<PathBuf>,
    /// Destructive keys are off for this host only.
    #[serde(default)]
    pub read_only: bool,
    /// The colour of its name in the header and the HOST column, so production never looks
    /// like a laptop (a theme colour name or `#rrggbb`).
    #[serde(default)]
    pub accent: Option<String>,
    /// What `e` runs in a container on this host (`[user@]command`), instead of the config's
    /// or the first shell found.
    #[serde(default)]
    pub shell: Option<String>,
}

/// The entry called `name` (names compare without regard to case, as they are unique so).
pub fn find<'a>(hosts: &'a [HostConfig], name: &str) -> Option<&'a HostConfig> {
    hosts
        .iter()
        .find(|h| h.name.trim().eq_ignore_ascii_case(name.trim()))
}

impl HostConfig {
    /// Whether it is reached with TLS: an `https://` address, or TLS files given.
    pub fn uses_tls(&self) -> bool {
        self.address.starts_with("https://")
            || self.tls_ca.is_some()
            || self.tls_cert.is_some()
            || self.tls_key.is_some()
    }
}

const SCHEMES: [&str; 4] = ["unix://", "tcp://", "https://", "ssh://"];

/// Every problem of the `[[hosts]]` entries, each at its line in `text`; `home` expands `~/`.
pub(super) fn check(hosts: &mut [HostConfig], text: &str, home: Option<&PathBuf>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, h) in hosts.iter_mut().enumerate() {
        let mut say = |key: &str, message: String| {
            problems.push(Problem {
                line: entry_line(text, i, key),
                column: None,
                key: Some(format!("hosts[{}].{key}", i + 1)),
                message,
            });
        };
        let name = h.name.trim();
        if name.is_empty() {
            say(
                "name",
                "must not be empty: the header and the switcher show it".into(),
            );
        } else if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            say("name", format!("`{name}` names another host already"));
        } else {
            seen.push(name.to_string());
        }
        if !SCHEMES.iter().any(|s| h.address.starts_with(s)) {
            say(
                "address",
                format!(
                    "`{}` is not an address dockhand can reach; it starts with unix://, tcp://, https:// or ssh://",
                    h.address
                ),
            );
        } else if h.address.trim_end_matches('/').ends_with("://") {
            say("address", format!("`{}` names no engine", h.address));
        }
        let over_tcp = h.address.starts_with("tcp://") || h.address.starts_with("https://");
        if !over_tcp && (h.tls_ca.is_some() || h.tls_cert.is_some() || h.tls_key.is_some()) {
            say(
                "address",
                "TLS files are only for an engine reached over TCP (tcp:// or https://)".into(),
            );
        }
        // As DOCKER_CERT_PATH holds them: the CA, the client certificate and its key.
        let given = [
            ("tls_ca", h.tls_ca.is_some()),
            ("tls_cert", h.tls_cert.is_some()),
            ("tls_key", h.tls_key.is_some()),
        ];
        if given.iter().any(|(_, g)| *g) {
            for (key, _) in given.iter().filter(|(_, g)| !*g) {
                say(
                    key,
                    "is missing: TLS takes the CA, the client certificate and its key together"
                        .into(),
                );
            }
        }
        if let Some(accent) = &h.accent {
            if let Err(e) = parse_color(accent) {
                say("accent", e);
            }
        }
        if let Some(shell) = &h.shell
            && let Err(e) = crate::command_line::parse(shell)
        {
            say("shell", e);
        }
        for path in [&mut h.tls_ca, &mut h.tls_cert, &mut h.tls_key]
            .into_iter()
            .flatten()
        {
            *path = expand_home(path, home);
        }
    }
    problems
}

/// `~/x` under the home folder; anything else as written.
fn expand_home(path: &std::path::Path, home: Option<&PathBuf>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// The line (1-based) of `key` in the `index`-th `[[hosts]]` table, else of the table itself.
fn entry_line(text: &str, index: usize, key: &str) -> Option<usize> {
    let mut tables = 0usize;
    let mut header = None;
    for (n, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            let is_host =
                t.trim_start_matches('[').trim_start().starts_with("hosts") && t.starts_with("[[");
            if header.is_some() {
                // The next table ends this entry without the key in it.
                return header;
            }
            if is_host {
                if tables == index {
                    header = Some(n + 1);
                }
                tables += 1;
            }
        } else if header.is_some() && t.split('=').next().map(str::trim) == Some(key) {
            return Some(n + 1);
        }
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str) -> (Vec<HostConfig>, Vec<Problem>) {
        #[derive(Deserialize)]
        struct File {
            hosts: Vec<HostConfig>,
        }
        let mut f: File = toml::from_str(text).expect("parses");
        let home = PathBuf::from("/home/me");
        let problems = check(&mut f.hosts, text, Some(&home));
        (f.hosts, problems)
    }

    #[test]
    fn a_good_entry_is_taken_with_its_paths_under_home() {
        let (h, problems) = hosts(
            r#"
[[hosts]]
name = "prod"
address = "https://10.0.0.5:2376"
tls_ca = "~/.docker/prod/ca.pem"
tls_cert = "/etc/prod/cert.pem"
tls_key = "/etc/prod/key.pem"
read_only = true
accent = "red"

[[hosts]]
name = "laptop"
address = "unix:///var/run/docker.sock"
"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(h.len(), 2);
        assert_eq!(
            h[0].tls_ca.as_deref(),
            Some(std::path::Path::new("/home/me/.docker/prod/ca.pem"))
        );
        assert!(h[0].read_only && h[0].uses_tls());
        assert!(!h[1].read_only && !h[1].uses_tls());
    }

    #[test]
    fn each_problem_names_its_entry_and_line() {
        let text = r#"
[[hosts]]
name = "a"
address = "ftp://x"

[[hosts]]
name = "A"
address = "ssh://me@box:2222"
tls_cert = "c.pem"
accent = "ultraviolet"
shell = "bash -c 'unclosed"
"#;
        let (_, problems) = hosts(text);
        let said: Vec<(Option<String>, Option<usize>)> =
            problems.iter().map(|p| (p.key.clone(), p.line)).collect();
        assert_eq!(
            said,
            [
                (Some("hosts[1].address".into()), Some(4)),
                (Some("hosts[2].name".into()), Some(7)),
                (Some("hosts[2].address".into()), Some(8)),
                (Some("hosts[2].tls_ca".into()), Some(6)),
                (Some("hosts[2].tls_key".into()), Some(6)),
                (Some("hosts[2].accent".into()), Some(10)),
                (Some("hosts[2].shell".into()), Some(11)),
            ],
            "{problems:?}"
        );
        assert!(
            problems[0]
                .message
                .contains("unix://, tcp://, https:// or ssh://")
        );
        assert!(problems[1].message.contains("another host"));
        assert!(
            problems[2]
                .message
                .contains("only for an engine reached over TCP")
        );
        assert!(
            problems[4]
                .message
                .contains("the CA, the client certificate and its key")
        );
    }
}
