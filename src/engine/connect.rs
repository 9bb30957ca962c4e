//! Opens a connection to one candidate address and proves the engine answers.

use std::path::Path;
use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, Docker};

use super::errors::{LinkAlarm, describe};
use super::host::{HostCandidate, Resolution};
use super::model::{ConnectAttempt, EngineInfo};

/// How long a request may take before bollard gives up (whole seconds: bollard rounds down).
/// Generous because a stop waits for the container's grace period.
const REQUEST_TIMEOUT_SECS: u64 = 120;
/// How long the first answer may take before the address counts as dead.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A live connection: the only holder of bollard's client.
#[derive(Clone)]
pub struct Engine {
    pub(crate) docker: Docker,
    pub info: EngineInfo,
    /// Rung by requests that could not reach this engine (see [`LinkAlarm`]).
    pub(crate) alarm: LinkAlarm,
}

/// Tries each candidate in order and returns the first engine that answers, or every failure.
pub async fn connect_first(res: &Resolution) -> Result<Engine, Vec<ConnectAttempt>> {
    let mut attempts = Vec::new();
    for c in &res.candidates {
        match connect(c).await {
            Ok(engine) => return Ok(engine),
            Err(error) => attempts.push(ConnectAttempt {
                uri: c.uri.clone(),
                source: c.source.clone(),
                error,
            }),
        }
    }
    Err(attempts)
}

pub async fn connect(c: &HostCandidate) -> Result<Engine, String> {
    let docker = client_for(c).await?;
    let version = tokio::time::timeout(HANDSHAKE_TIMEOUT, docker.version())
        .await
        .map_err(|_| {
            format!(
                "no answer within {} s (is it an engine?)",
                HANDSHAKE_TIMEOUT.as_secs()
            )
        })?
        .map_err(|e| describe(&e))?;
    // `info` gives the data root that tests check; an engine that refuses it still works.
    let root_dir = match tokio::time::timeout(HANDSHAKE_TIMEOUT, docker.info()).await {
        Ok(Ok(info)) => info.docker_root_dir,
        _ => None,
    };
    let product = version
        .platform
        .as_ref()
        .map(|p| p.name.clone())
        .filter(|n| !n.is_empty())
        .or_else(|| {
            version
                .components
                .as_ref()
                .and_then(|c| c.first().map(|c| c.name.clone()))
        })
        .unwrap_or_else(|| "Engine".to_string());
    // Docker's own engine calls its component just "Engine".
    let product = if product == "Engine" {
        "Docker Engine".to_string()
    } else {
        product
    };
    let info = EngineInfo {
        host: c.uri.clone(),
        source: c.source.clone(),
        product,
        version: version.version.unwrap_or_default(),
        api_version: version.api_version.unwrap_or_default(),
        os: version.os.unwrap_or_default(),
        arch: version.arch.unwrap_or_default(),
        root_dir,
    };
    Ok(Engine {
        docker,
        info,
        alarm: LinkAlarm::default(),
    })
}

async fn client_for(c: &HostCandidate) -> Result<Docker, String> {
    let uri = c.uri.as_str();
    if let Some(path) = uri.strip_prefix("unix://") {
        probe_socket(Path::new(path)).await?;
        return Docker::connect_with_unix(uri, REQUEST_TIMEOUT_SECS, API_DEFAULT_VERSION)
            .map_err(|e| describe(&e));
    }
    if uri.starts_with("tcp://") || uri.starts_with("http://") || uri.starts_with("https://") {
        if let Some(tls) = &c.tls {
            let addr = uri.replacen("tcp://", "https://", 1);
            for f in [&tls.ca, &tls.cert, &tls.key] {
                if !f.exists() {
                    return Err(format!("TLS file {} does not exist", f.display()));
                }
            }
            return Docker::connect_with_ssl(
                &addr,
                &tls.key,
                &tls.cert,
                &tls.ca,
                REQUEST_TIMEOUT_SECS,
                API_DEFAULT_VERSION,
            )
            .map_err(|e| describe(&e));
        }
        if uri.starts_with("https://") {
            return Err("https:// needs TLS files (set DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or use a context)".into());
        }
        return Docker::connect_with_http(uri, REQUEST_TIMEOUT_SECS, API_DEFAULT_VERSION)
            .map_err(|e| describe(&e));
    }
    if uri.starts_with("ssh://") {
        check_ssh_uri(uri)?;
        return Docker::connect_with_ssh(uri, REQUEST_TIMEOUT_SECS, API_DEFAULT_VERSION, None)
            .map_err(|e| describe(&e));
    }
    Err(format!(
        "unsupported address \"{uri}\" (use unix://, tcp://, https:// or ssh://)"
    ))
}

/// The ssh transport hands `user@host:port` to ssh as a host name, so a port would silently
/// point somewhere else. Say so instead, with the way around it.
fn check_ssh_uri(uri: &str) -> Result<(), String> {
    let rest = uri.trim_start_matches("ssh://");
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let port = if host.starts_with('[') {
        host.split_once("]:").map(|(_, p)| p)
    } else {
        host.rsplit_once(':').map(|(_, p)| p)
    };
    if let Some(port) = port {
        let without = authority.trim_end_matches(port).trim_end_matches(':');
        return Err(format!(
            "ssh addresses with a port are not supported yet; add a `Host` entry with `Port {port}` to ~/.ssh/config and use ssh://{without} with that host name"
        ));
    }
    Ok(())
}

/// Checks a unix socket before handing it to bollard, whose errors for a missing file or a
/// permission problem are buried several causes deep.
async fn probe_socket(path: &Path) -> Result<(), String> {
    match tokio::net::UnixStream::connect(path).await {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.kind() {
            std::io::ErrorKind::NotFound => "no socket there".to_string(),
            std::io::ErrorKind::PermissionDenied => format!(
                "permission denied: add your user to the `docker` group (sudo usermod -aG docker $USER, then log in again) or run as a user who can read {}",
                path.display()
            ),
            std::io::ErrorKind::ConnectionRefused => {
                "connection refused: the socket exists but no engine is listening (is the daemon running?)".to_string()
            }
            _ => e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_ports_are_refused_with_the_way_around() {
        assert!(check_ssh_uri("ssh://me@box").is_ok());
        assert!(check_ssh_uri("ssh://box").is_ok());
        let e = check_ssh_uri("ssh://me@box:2222").expect_err("port");
        assert!(e.contains("Port 2222"), "{e}");
        assert!(e.contains("ssh://me@box "), "{e}");
        assert!(check_ssh_uri("ssh://[::1]").is_ok());
        assert!(check_ssh_uri("ssh://[::1]:22").is_err());
    }

    #[tokio::test]
    async fn a_missing_socket_and_a_bad_scheme_say_what_is_wrong() {
        let c = HostCandidate {
            uri: "unix:///nonexistent/dockhand.sock".into(),
            source: "test".into(),
            tls: None,
        };
        assert_eq!(connect(&c).await.err().as_deref(), Some("no socket there"));
        let c = HostCandidate {
            uri: "ftp://x".into(),
            source: "test".into(),
            tls: None,
        };
        assert!(
            connect(&c)
                .await
                .err()
                .is_some_and(|e| e.contains("unsupported address"))
        );
    }

    #[tokio::test]
    async fn a_socket_nobody_listens_on_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("dead.sock");
        drop(std::os::unix::net::UnixListener::bind(&path).expect("bind"));
        let c = HostCandidate {
            uri: format!("unix://{}", path.display()),
            source: "test".into(),
            tls: None,
        };
        let e = connect(&c).await.err().expect("refused");
        assert!(e.starts_with("connection refused"), "{e}");
    }
}
