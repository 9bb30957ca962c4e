//! Where the engine is: the ordered list of addresses dockhand tries.
//!
//! Order: `--host`; `DOCKER_HOST`; `DOCKER_CONTEXT`
//! or the docker CLI's current context; the config file's `host`; then the sockets where engines
//! usually live. The first four name one address and nothing else is tried; only the fall-back
//! tries several sockets in turn. Resolution is a pure function of [`HostEnv`] plus the context
//! store on disk, so it is tested on fixtures.
//!
//! TLS files, as the docker CLI takes them: a `tcp://` address given by `--host`, `DOCKER_HOST`
//! or the config file uses TLS when `DOCKER_TLS_VERIFY` is set (and not `0`), an `https://`
//! address always; the files are `ca.pem`, `cert.pem` and `key.pem` in `DOCKER_CERT_PATH`, else
//! in `DOCKER_CONFIG` / `~/.docker`. A context brings its own files.

use std::path::{Path, PathBuf};

use super::context;
// Re-exported: a candidate's TLS files are part of what resolution answers.
pub use super::tls::TlsFiles;

/// One address to try, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCandidate {
    pub uri: String,
    pub source: String,
    pub tls: Option<TlsFiles>,
}

/// The part of the process environment that resolution reads.
#[derive(Clone, Debug, Default)]
pub struct HostEnv {
    pub docker_host: Option<String>,
    pub docker_tls_verify: bool,
    pub docker_cert_path: Option<PathBuf>,
    pub docker_context: Option<String>,
    /// `DOCKER_CONFIG`, or `~/.docker` when unset.
    pub docker_config_dir: Option<PathBuf>,
    pub home: Option<PathBuf>,
    pub xdg_runtime_dir: Option<PathBuf>,
    pub uid: u32,
}

impl HostEnv {
    pub fn from_process() -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let home = var("HOME").map(PathBuf::from);
        let docker_config_dir = var("DOCKER_CONFIG")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".docker")));
        Self {
            docker_host: var("DOCKER_HOST"),
            docker_tls_verify: var("DOCKER_TLS_VERIFY").is_some_and(|v| v != "0"),
            docker_cert_path: var("DOCKER_CERT_PATH").map(PathBuf::from),
            docker_context: var("DOCKER_CONTEXT"),
            docker_config_dir,
            home,
            xdg_runtime_dir: var("XDG_RUNTIME_DIR").map(PathBuf::from),
            uid: real_uid(),
        }
    }
}

/// The real user id of this process (for the rootless socket path).
// std has no safe wrapper for getuid; the call has no preconditions, touches no memory and
// cannot fail, so this is the one unsafe block the crate allows.
#[allow(unsafe_code)]
fn real_uid() -> u32 {
    // SAFETY: see above.
    unsafe { libc::getuid() }
}

/// The outcome of resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    pub candidates: Vec<HostCandidate>,
    /// A problem found while resolving (an unreadable context), shown on the no-engine screen.
    pub problems: Vec<String>,
}

pub fn resolve(flag: Option<&str>, env: &HostEnv, config_host: Option<&str>) -> Resolution {
    let mut problems = Vec::new();
    if let Some(uri) = flag.filter(|s| !s.is_empty()) {
        return single(uri, "--host flag", env_tls(uri, env));
    }
    if let Some(uri) = &env.docker_host {
        return single(uri, "DOCKER_HOST", env_tls(uri, env));
    }
    if let Some(dir) = &env.docker_config_dir {
        let (name, source) = match &env.docker_context {
            Some(name) => (Some(name.clone()), "DOCKER_CONTEXT"),
            None => (context::current_context(dir), "docker context"),
        };
        if let Some(name) = name.filter(|n| n != "default") {
            match context::load(dir, &name) {
                Ok(ctx) => {
                    return single(&ctx.host, &format!("{source} \"{name}\""), ctx.tls);
                }
                Err(e) => problems.push(format!("{source} \"{name}\": {e}")),
            }
        }
    }
    if let Some(uri) = config_host.filter(|s| !s.is_empty()) {
        let mut r = single(uri, "config file", env_tls(uri, env));
        r.problems = problems;
        return r;
    }
    Resolution {
        candidates: well_known_sockets(env)
            .into_iter()
            .map(|(path, what)| HostCandidate {
                uri: format!("unix://{}", path.display()),
                source: what.to_string(),
                tls: None,
            })
            .collect(),
        problems,
    }
}

/// The TLS files the environment gives an address (see the module's docs).
fn env_tls(uri: &str, env: &HostEnv) -> Option<TlsFiles> {
    let tcp = uri.starts_with("tcp://") || uri.starts_with("http://");
    let wanted = uri.starts_with("https://") || (tcp && env.docker_tls_verify);
    wanted.then(|| {
        let dir = env
            .docker_cert_path
            .clone()
            .or_else(|| env.docker_config_dir.clone())
            .unwrap_or_default();
        TlsFiles::in_dir(&dir)
    })
}

fn single(uri: &str, source: &str, tls: Option<TlsFiles>) -> Resolution {
    let uri = if uri.starts_with('/') {
        format!("unix://{uri}")
    } else {
        uri.to_string()
    };
    Resolution {
        candidates: vec![HostCandidate {
            uri,
            source: source.to_string(),
            tls,
        }],
        problems: Vec::new(),
    }
}

/// Sockets of the usual engines, in the order a user most likely means them.
pub fn well_known_sockets(env: &HostEnv) -> Vec<(PathBuf, &'static str)> {
    let mut out = vec![(PathBuf::from("/var/run/docker.sock"), "default socket")];
    if let Some(xdg) = &env.xdg_runtime_dir {
        out.push((xdg.join("docker.sock"), "rootless Docker"));
    }
    if let Some(home) = &env.home {
        let h = |p: &str| home.join(p);
        out.push((h(".docker/run/docker.sock"), "Docker Desktop"));
        out.push((h(".colima/default/docker.sock"), "colima"));
        out.push((h(".orbstack/run/docker.sock"), "OrbStack"));
    }
    if let Some(xdg) = &env.xdg_runtime_dir {
        out.push((xdg.join("podman/podman.sock"), "rootless podman"));
    } else if env.uid != 0 {
        out.push((
            Path::new("/run/user")
                .join(env.uid.to_string())
                .join("podman/podman.sock"),
            "rootless podman",
        ));
    }
    out.push((PathBuf::from("/run/podman/podman.sock"), "podman"));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> HostEnv {
        HostEnv {
            home: Some("/home/u".into()),
            xdg_runtime_dir: Some("/run/user/1000".into()),
            docker_config_dir: Some("/nonexistent/.docker".into()),
            uid: 1000,
            ..HostEnv::default()
        }
    }

    #[test]
    fn flag_wins_over_everything() {
        let mut e = env();
        e.docker_host = Some("tcp://other:2375".into());
        let r = resolve(Some("unix:///tmp/x.sock"), &e, Some("tcp://cfg:1"));
        assert_eq!(r.candidates.len(), 1);
        assert_eq!(r.candidates[0].uri, "unix:///tmp/x.sock");
        assert_eq!(r.candidates[0].source, "--host flag");
    }

    #[test]
    fn docker_host_with_tls() {
        let mut e = env();
        e.docker_host = Some("tcp://h:2376".into());
        e.docker_tls_verify = true;
        e.docker_cert_path = Some("/certs".into());
        let r = resolve(None, &e, Some("tcp://cfg:1"));
        let c = &r.candidates[0];
        assert_eq!(c.uri, "tcp://h:2376");
        assert_eq!(c.source, "DOCKER_HOST");
        let tls = c.tls.as_ref().expect("tls files");
        assert_eq!(tls.ca, PathBuf::from("/certs/ca.pem"));
        assert_eq!(tls.key, PathBuf::from("/certs/key.pem"));
    }

    #[test]
    fn the_flag_and_https_get_the_cert_path_too() {
        let mut e = env();
        e.docker_cert_path = Some("/certs".into());
        // https:// always uses TLS; tcp:// only with DOCKER_TLS_VERIFY.
        let r = resolve(Some("https://h:2376"), &e, None);
        assert_eq!(
            r.candidates[0].tls.as_ref().map(|t| t.cert.clone()),
            Some(PathBuf::from("/certs/cert.pem"))
        );
        assert_eq!(
            resolve(Some("tcp://h:2376"), &e, None).candidates[0].tls,
            None
        );
        e.docker_tls_verify = true;
        assert!(
            resolve(Some("tcp://h:2376"), &e, None).candidates[0]
                .tls
                .is_some()
        );
        // Never for sockets and ssh.
        assert_eq!(
            resolve(Some("ssh://me@h"), &e, None).candidates[0].tls,
            None
        );
        assert_eq!(resolve(Some("/x.sock"), &e, None).candidates[0].tls, None);
        // Without DOCKER_CERT_PATH: the docker config folder.
        e.docker_cert_path = None;
        let r = resolve(None, &e, Some("https://h"));
        assert_eq!(
            r.candidates[0].tls.as_ref().map(|t| t.ca.clone()),
            Some(PathBuf::from("/nonexistent/.docker/ca.pem"))
        );
    }

    #[test]
    fn config_host_before_sockets_and_plain_paths_become_unix() {
        let r = resolve(None, &env(), Some("/srv/docker.sock"));
        assert_eq!(r.candidates[0].uri, "unix:///srv/docker.sock");
        assert_eq!(r.candidates[0].source, "config file");
    }

    #[test]
    fn fallback_lists_the_usual_sockets_in_order() {
        let r = resolve(None, &env(), None);
        let uris: Vec<_> = r.candidates.iter().map(|c| c.uri.as_str()).collect();
        assert_eq!(
            uris,
            [
                "unix:///var/run/docker.sock",
                "unix:///run/user/1000/docker.sock",
                "unix:///home/u/.docker/run/docker.sock",
                "unix:///home/u/.colima/default/docker.sock",
                "unix:///home/u/.orbstack/run/docker.sock",
                "unix:///run/user/1000/podman/podman.sock",
                "unix:///run/podman/podman.sock",
            ]
        );
    }

    #[test]
    fn missing_context_is_reported_and_falls_through() {
        let mut e = env();
        e.docker_context = Some("nope".into());
        let r = resolve(None, &e, None);
        assert_eq!(r.candidates[0].uri, "unix:///var/run/docker.sock");
        assert_eq!(r.problems.len(), 1);
        assert!(
            r.problems[0].contains("DOCKER_CONTEXT \"nope\""),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn resolution_uses_the_current_context() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        let write = |path: &Path, text: &str| {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(&d.join("config.json"), r#"{"currentContext":"remote"}"#);
        write(
            &d.join("contexts/meta/x/meta.json"),
            r#"{"Name":"remote","Endpoints":{"docker":{"Host":"ssh://me@box"}}}"#,
        );
        let env = HostEnv {
            docker_config_dir: Some(d.to_path_buf()),
            ..Default::default()
        };
        let r = resolve(None, &env, Some("tcp://cfg:1"));
        assert_eq!(r.candidates.len(), 1);
        assert_eq!(r.candidates[0].uri, "ssh://me@box");
        assert_eq!(r.candidates[0].source, "docker context \"remote\"");
    }
}
