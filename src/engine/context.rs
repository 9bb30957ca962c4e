//! Reads the docker CLI's context store (`~/.docker/config.json` and `~/.docker/contexts/`).
//!
//! bollard 0.21 does not read contexts, and users switch hosts with `docker context use`, so
//! dockhand reads the store itself. Metadata folders are named by a digest of the context name;
//! rather than hashing, we scan them and match the `Name` field, which needs no extra crate.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::tls::TlsFiles;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub name: String,
    pub host: String,
    pub tls: Option<TlsFiles>,
}

#[derive(Deserialize)]
struct CliConfig {
    #[serde(rename = "currentContext", default)]
    current_context: Option<String>,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Endpoints", default)]
    endpoints: std::collections::HashMap<String, Endpoint>,
}

#[derive(Deserialize)]
struct Endpoint {
    #[serde(rename = "Host", default)]
    host: Option<String>,
    #[serde(rename = "SkipTLSVerify", default)]
    skip_tls_verify: bool,
}

/// The CLI's current context, if `config.json` names one.
pub fn current_context(config_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(config_dir.join("config.json")).ok()?;
    let cfg: CliConfig = serde_json::from_str(&text).ok()?;
    cfg.current_context.filter(|s| !s.is_empty())
}

/// Every context in the store with a docker endpoint, by name; contexts that cannot be read
/// are told in words (their file and why), not dropped silently.
pub fn list(config_dir: &Path) -> (Vec<Context>, Vec<String>) {
    let meta_root = config_dir.join("contexts").join("meta");
    let Ok(entries) = std::fs::read_dir(&meta_root) else {
        return (Vec::new(), Vec::new()); // no contexts made: nothing to say
    };
    let mut names = Vec::new();
    let mut problems = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path().join("meta.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        match serde_json::from_str::<Meta>(&text) {
            Ok(m) => names.push(m.name),
            Err(e) => problems.push(format!("{} is not valid: {e}", path.display())),
        }
    }
    names.sort();
    let mut contexts = Vec::new();
    for name in names {
        match load(config_dir, &name) {
            Ok(c) => contexts.push(c),
            Err(e) => problems.push(format!("context \"{name}\": {e}")),
        }
    }
    (contexts, problems)
}

/// Loads the named context's docker endpoint.
pub fn load(config_dir: &Path, name: &str) -> Result<Context, String> {
    let meta_root = config_dir.join("contexts").join("meta");
    let entries = std::fs::read_dir(&meta_root)
        .map_err(|e| format!("cannot read {}: {e}", meta_root.display()))?;
    for entry in entries.flatten() {
        let path = entry.path().join("meta.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let meta: Meta = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                if text.contains(&format!("\"{name}\"")) {
                    return Err(format!("{} is not valid: {e}", path.display()));
                }
                continue;
            }
        };
        if meta.name != name {
            continue;
        }
        let endpoint = meta
            .endpoints
            .get("docker")
            .ok_or_else(|| format!("context has no docker endpoint ({})", path.display()))?;
        let host = endpoint
            .host
            .clone()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| format!("context has no host ({})", path.display()))?;
        let tls_dir: PathBuf = config_dir
            .join("contexts")
            .join("tls")
            .join(entry.file_name())
            .join("docker");
        let tls = tls_dir.join("ca.pem").exists().then(|| TlsFiles {
            verify: !endpoint.skip_tls_verify,
            ..TlsFiles::in_dir(&tls_dir)
        });
        return Ok(Context {
            name: meta.name,
            host,
            tls,
        });
    }
    Err(format!("no such context in {}", meta_root.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn reads_current_context_and_its_tls() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(
            &d.join("config.json"),
            r#"{"auths":{},"currentContext":"prod"}"#,
        );
        write(
            &d.join("contexts/meta/abc/meta.json"),
            r#"{"Name":"prod","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://prod:2376","SkipTLSVerify":false}}}"#,
        );
        write(&d.join("contexts/tls/abc/docker/ca.pem"), "x");
        write(
            &d.join("contexts/meta/def/meta.json"),
            r#"{"Name":"other","Endpoints":{"docker":{"Host":"ssh://o"}}}"#,
        );
        assert_eq!(current_context(d).as_deref(), Some("prod"));
        let ctx = load(d, "prod").expect("context");
        assert_eq!(ctx.host, "tcp://prod:2376");
        let tls = ctx.tls.expect("tls");
        assert!(tls.verify);
        assert!(tls.cert.ends_with("contexts/tls/abc/docker/cert.pem"));
        let other = load(d, "other").expect("other");
        assert_eq!(other.host, "ssh://o");
        assert!(other.tls.is_none());
        assert!(load(d, "missing").is_err());

        let (all, problems) = list(d);
        let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["other", "prod"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_broken_context_is_told_and_the_others_listed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(&d.join("contexts/meta/bad/meta.json"), "{not json");
        write(
            &d.join("contexts/meta/ok/meta.json"),
            r#"{"Name":"ok","Endpoints":{"docker":{"Host":"unix:///run/x.sock"}}}"#,
        );
        let (all, problems) = list(d);
        assert_eq!(all.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("bad/meta.json is not valid"),
            "{problems:?}"
        );
        assert_eq!(list(&d.join("nowhere")), (Vec::new(), Vec::new()));
    }
}
