//! The hosts dockhand can show: the one it starts on (the flag, DOCKER_HOST, the current
//! docker context or the config, as [`resolve_named`] finds it), every `[[hosts]]` entry of the
//! config, and every docker CLI context (with its TLS material). Each comes with what to try to
//! reach it ([`Resolution`]) and where it was found.
//!
//! Order: the start host first when it is neither a config entry nor a context (an address
//! given by flag or environment, or the local sockets), then the config's entries in the
//! file's order, then the contexts by name. A context named like a config entry keeps its
//! place, called `NAME (context)`: names stay unique, nothing is hidden.

use super::context;
use super::host::{HostEnv, Resolution, resolve};
use super::named::resolve_named;
use crate::config::HostConfig;

/// One host of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostEntry {
    pub name: String,
    /// The address as written (`ssh://ops@db1:2222`); the local sockets tried in turn show as
    /// the first of them.
    pub address: String,
    /// `config`, `context`, or where the start address came from (`--host flag`, ...).
    pub source: String,
    pub read_only: bool,
    pub accent: Option<String>,
    /// What `e` runs there (`[user@]command`), when the entry says.
    pub shell: Option<String>,
    pub resolution: Resolution,
}

/// Every host, and which of them dockhand starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    pub entries: Vec<HostEntry>,
    pub start: usize,
    /// Contexts that could not be read, in words (shown as messages at start).
    pub problems: Vec<String>,
}

/// The hosts list (see the module's docs).
pub fn catalogue(
    flag: Option<&str>,
    env: &HostEnv,
    config_host: Option<&str>,
    hosts: &[HostConfig],
) -> Catalogue {
    let (start_res, named) = resolve_named(flag, env, config_host, hosts);
    let mut entries: Vec<HostEntry> = Vec::new();
    // Which context the start resolution came from, if any (`docker context "prod"`).
    let start_context = start_res.candidates.first().and_then(|c| {
        let s = c.source.as_str();
        (s.starts_with("docker context \"") || s.starts_with("DOCKER_CONTEXT \""))
            .then(|| s.split('"').nth(1).unwrap_or_default().to_string())
    });
    let mut start = None;
    if named.is_none() && start_context.is_none() {
        entries.push(HostEntry {
            name: short_name(&start_res),
            address: first_address(&start_res),
            source: start_res
                .candidates
                .first()
                .map(|c| c.source.clone())
                .unwrap_or_default(),
            read_only: false,
            accent: None,
            shell: None,
            resolution: start_res.clone(),
        });
        start = Some(0);
    }
    for h in hosts {
        let chosen = named.as_ref().is_some_and(|n| n.name == h.name);
        if chosen {
            start = Some(entries.len());
        }
        let resolution = if chosen {
            start_res.clone()
        } else {
            // As `--host NAME` would resolve it.
            resolve_named(Some(h.name.trim()), env, None, hosts).0
        };
        entries.push(HostEntry {
            name: h.name.trim().to_string(),
            address: h.address.clone(),
            source: "config".to_string(),
            read_only: h.read_only,
            accent: h.accent.clone(),
            shell: h.shell.clone(),
            resolution,
        });
    }
    let mut problems = Vec::new();
    if let Some(dir) = &env.docker_config_dir {
        let (contexts, unreadable) = context::list(dir);
        problems = unreadable;
        for ctx in contexts {
            let is_start = start_context.as_deref() == Some(ctx.name.as_str());
            if is_start {
                start = Some(entries.len());
            }
            let taken = entries
                .iter()
                .any(|e| e.name.eq_ignore_ascii_case(&ctx.name));
            let name = if taken {
                format!("{} (context)", ctx.name)
            } else {
                ctx.name.clone()
            };
            let resolution = if is_start {
                start_res.clone()
            } else {
                let mut r = resolve(Some(&ctx.host), &HostEnv::default(), None);
                for c in &mut r.candidates {
                    c.source = format!("docker context \"{}\"", ctx.name);
                    c.tls = ctx.tls.clone();
                }
                r
            };
            entries.push(HostEntry {
                name,
                address: ctx.host.clone(),
                source: "context".to_string(),
                read_only: false,
                accent: None,
                shell: None,
                resolution,
            });
        }
    }
    // The start came from a context the store no longer lists (or a config entry that is
    // gone): it still heads the list.
    let start = match start {
        Some(s) => s,
        None => {
            entries.insert(
                0,
                HostEntry {
                    name: start_context.unwrap_or_else(|| short_name(&start_res)),
                    address: first_address(&start_res),
                    source: "docker context".to_string(),
                    read_only: false,
                    accent: None,
                    shell: None,
                    resolution: start_res,
                },
            );
            0
        }
    };
    Catalogue {
        entries,
        start,
        problems,
    }
}

fn first_address(r: &Resolution) -> String {
    r.candidates
        .first()
        .map(|c| c.uri.clone())
        .unwrap_or_default()
}

/// A name for a host known only by its address: `local` for unix sockets, `user@host` for
/// ssh, `host:port` for TCP.
pub fn short_name(r: &Resolution) -> String {
    let Some(uri) = r.candidates.first().map(|c| c.uri.as_str()) else {
        return "local".to_string();
    };
    if uri.starts_with("unix://") || uri.starts_with('/') || uri.starts_with("npipe://") {
        return "local".to_string();
    }
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    let rest = rest.split('/').next().unwrap_or(rest);
    if uri.starts_with("ssh://") {
        // The port says little to a reader; the user and the machine say who and where.
        return rest.split(':').next().unwrap_or(rest).to_string();
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn host(name: &str, address: &str) -> HostConfig {
        HostConfig {
            name: name.into(),
            address: address.into(),
            tls_ca: None,
            tls_cert: None,
            tls_key: None,
            read_only: false,
            accent: None,
            shell: None,
        }
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn names(c: &Catalogue) -> Vec<(&str, &str)> {
        c.entries
            .iter()
            .map(|e| (e.name.as_str(), e.source.as_str()))
            .collect()
    }

    #[test]
    fn the_start_address_then_config_hosts_then_contexts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(
            &d.join("contexts/meta/a/meta.json"),
            r#"{"Name":"prod","Endpoints":{"docker":{"Host":"ssh://ops@prod1:2222"}}}"#,
        );
        write(
            &d.join("contexts/meta/b/meta.json"),
            r#"{"Name":"lab","Endpoints":{"docker":{"Host":"tcp://10.1.1.1:2376"}}}"#,
        );
        write(&d.join("contexts/tls/b/docker/ca.pem"), "x");
        let env = HostEnv {
            docker_config_dir: Some(d.to_path_buf()),
            ..HostEnv::default()
        };
        let hosts = [
            host("prod", "tcp://10.0.0.5:2375"),
            host("vm", "unix:///run/vm.sock"),
        ];
        let c = catalogue(Some("ssh://me@box:2200"), &env, None, &hosts);
        assert_eq!(
            names(&c),
            [
                ("me@box", "--host flag"),
                ("prod", "config"),
                ("vm", "config"),
                ("lab", "context"),
                ("prod (context)", "context"),
            ]
        );
        assert_eq!(c.start, 0);
        let lab = &c.entries[3];
        assert_eq!(lab.address, "tcp://10.1.1.1:2376");
        let tls = lab.resolution.candidates[0].tls.as_ref().expect("tls");
        assert!(tls.ca.ends_with("contexts/tls/b/docker/ca.pem"));
        assert_eq!(
            lab.resolution.candidates[0].source,
            "docker context \"lab\""
        );
        assert_eq!(
            c.entries[1].resolution.candidates[0].uri,
            "tcp://10.0.0.5:2375"
        );
    }

    #[test]
    fn a_named_start_or_the_current_context_is_its_own_entry() {
        let hosts = [
            host("prod", "tcp://10.0.0.5:2375"),
            host("vm", "unix:///run/vm.sock"),
        ];
        let c = catalogue(Some("vm"), &HostEnv::default(), None, &hosts);
        assert_eq!(names(&c), [("prod", "config"), ("vm", "config")]);
        assert_eq!(c.start, 1);

        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(&d.join("config.json"), r#"{"currentContext":"lab"}"#);
        write(
            &d.join("contexts/meta/b/meta.json"),
            r#"{"Name":"lab","Endpoints":{"docker":{"Host":"tcp://10.1.1.1:2375"}}}"#,
        );
        let env = HostEnv {
            docker_config_dir: Some(PathBuf::from(d)),
            ..HostEnv::default()
        };
        let c = catalogue(None, &env, None, &hosts);
        assert_eq!(
            names(&c),
            [("prod", "config"), ("vm", "config"), ("lab", "context")]
        );
        assert_eq!(c.start, 2);
        assert_eq!(
            c.entries[2].resolution.candidates[0].source,
            "docker context \"lab\""
        );
    }

    #[test]
    fn names_made_from_addresses() {
        let name = |uri: &str| short_name(&resolve(Some(uri), &HostEnv::default(), None));
        assert_eq!(name("unix:///var/run/docker.sock"), "local");
        assert_eq!(name("tcp://10.0.0.5:2376"), "10.0.0.5:2376");
        assert_eq!(name("ssh://ops@db1:2222"), "ops@db1");
        assert_eq!(name("ssh://db1"), "db1");
        assert_eq!(
            short_name(&resolve(None, &HostEnv::default(), None)),
            "local"
        );
    }
}
