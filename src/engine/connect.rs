//! Opens a connection to one candidate address and proves the engine answers.
//!
//! Transports: `unix://` (the socket is probed first, for plain words); `tcp://`, `http://`
//! and `https://` through bollard, with TLS when the candidate has files (checked and their
//! failures worded by [`super::tls`]); `ssh://[user@]host[:port]` through dockhand's own
//! transport over the system ssh ([`super::ssh`]). The words for a failure come from what
//! the link is (`Link`): a TLS failure names the file at fault, a TLS engine reached
//! without TLS asks for its certificates.
//!
//! The handshake asks the version (which proves the engine), the info (its data root and
//! clock) and the container list at once, so the first screen waits for the slowest of the
//! three instead of their sum (measured on engine A with 200 containers: version 2-10 ms,
//! info 15 ms, list 30-60 ms, one after the other before). The list is kept in the engine
//! for the app's first ask ([`Engine::take_first_list`]); a failed version ends the handshake
//! at once, whatever the other two are doing. The info also gives the engine's security
//! posture ([`super::posture`]), with whether it was reached over TCP without TLS.

use std::path::Path;
use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, Docker};

use crate::clock::unix_now;

use super::containers::list_on;
use super::errors::{LinkAlarm, describe};
use super::events::parse_engine_time;
use super::host::{HostCandidate, Resolution, TlsFiles};
use super::model::{ConnectAttempt, Container, EngineInfo, SwarmRole};
use super::posture;
use super::ssh::{self, SshOptions, SshTarget};
use super::tls;

/// How long a request may take before bollard gives up (whole seconds: bollard rounds down).
/// Generous because a stop waits for the container's grace period.
const REQUEST_TIMEOUT_SECS: u64 = 120;
/// How long the first answer may take before the address counts as dead.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the list taken during the handshake stands for the app's first ask: the app
/// asks as soon as it hears of the connection, so an older one means it asked for another
/// reason (events cover the time between, but a fresh list costs little then).
const FIRST_LIST_FRESH: Duration = Duration::from_secs(2);

/// A live connection: the only holder of bollard's client.
#[derive(Clone)]
pub struct Engine {
    pub(crate) docker: Docker,
    pub info: EngineInfo,
    /// Rung by requests that could not reach this engine (see [`LinkAlarm`]).
    pub(crate) alarm: LinkAlarm,
    /// The engine's clock (unix seconds) when the handshake read its info, where the event
    /// stream starts.
    pub(crate) clock: Option<i64>,
    /// The TLS files it was reached with, to point the compose CLI at it.
    pub(crate) tls: Option<TlsFiles>,
    /// The container list taken during the handshake, until the first ask.
    first_list: std::sync::Arc<std::sync::Mutex<Option<FirstList>>>,
}

type FirstList = (std::time::Instant, Result<Vec<Container>, String>);

impl Engine {
    /// The container list taken during the handshake, once, while fresh.
    pub fn take_first_list(&self) -> Option<Result<Vec<Container>, String>> {
        let (at, list) = self.first_list.lock().ok()?.take()?;
        (at.elapsed() < FIRST_LIST_FRESH).then_some(list)
    }

    /// Whether the engine runs on this machine, judged by the transport: only a unix socket
    /// is. Over tcp, https or ssh the engine's containers are another machine's processes
    /// (even at 127.0.0.1 this cannot be told apart), so their cgroup files are not looked for.
    pub fn on_this_machine(&self) -> bool {
        self.info.host.starts_with("unix://")
    }
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

/// What connecting needs besides the address, from the process environment in the program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectOptions {
    pub ssh: SshOptions,
}

impl ConnectOptions {
    pub fn from_process() -> Self {
        ConnectOptions {
            ssh: SshOptions::from_process(),
        }
    }
}

pub async fn connect(c: &HostCandidate) -> Result<Engine, String> {
    connect_with(c, &ConnectOptions::from_process()).await
}

pub async fn connect_with(c: &HostCandidate, opts: &ConnectOptions) -> Result<Engine, String> {
    let (docker, link) = client_for(c, opts).await?;
    let within = |what| format!("no answer within {} s{what}", HANDSHAKE_TIMEOUT.as_secs());
    // The version decides (its error is the connection's); the info and the list ride along.
    let version = async {
        tokio::time::timeout(HANDSHAKE_TIMEOUT, docker.version())
            .await
            .map_err(|_| within(" (is it an engine?)"))?
            .map_err(|e| link.words(&e))
    };
    // `info` gives the data root that tests check; an engine that refuses it still works.
    let info = async {
        Ok::<_, String>(
            tokio::time::timeout(HANDSHAKE_TIMEOUT, docker.info())
                .await
                .ok()
                .and_then(Result::ok),
        )
    };
    let list = async {
        let list = tokio::time::timeout(HANDSHAKE_TIMEOUT, list_on(&docker, None, unix_now()))
            .await
            .unwrap_or_else(|_| Err(within("")));
        Ok::<_, String>((std::time::Instant::now(), list))
    };
    let (version, info, first_list) = futures_util::try_join!(version, info, list)?;
    let (root_dir, clock, swarm) = match &info {
        Some(info) => (
            info.docker_root_dir.clone(),
            info.system_time.as_deref().and_then(parse_engine_time),
            super::swarm::swarm_role(info),
        ),
        None => (None, None, SwarmRole::None),
    };
    let components: Vec<&str> = version
        .components
        .iter()
        .flatten()
        .map(|c| c.name.as_str())
        .collect();
    let product = product_name(
        version.platform.as_ref().map(|p| p.name.as_str()),
        &components,
    );
    // Reached without TLS over TCP: whoever reaches that port has the engine (a finding).
    let plain_tcp = matches!(link, Link::Plain).then(|| c.uri.clone());
    let info = EngineInfo {
        host: c.uri.clone(),
        source: c.source.clone(),
        product: product.clone(),
        version: version.version.unwrap_or_default(),
        api_version: version.api_version.unwrap_or_default(),
        os: version.os.unwrap_or_default(),
        arch: version.arch.unwrap_or_default(),
        root_dir,
        swarm,
        security: posture::read(info.as_ref(), &product, plain_tcp),
    };
    Ok(Engine {
        docker,
        info,
        alarm: LinkAlarm::default(),
        clock,
        tls: c.tls.clone(),
        first_list: std::sync::Arc::new(std::sync::Mutex::new(Some(first_list))),
    })
}

/// How a connection reaches its engine, for the words of its failures.
enum Link {
    Unix,
    Plain,
    Tls { files: TlsFiles, authority: String },
    Ssh,
}

impl Link {
    fn words(&self, e: &bollard::errors::Error) -> String {
        match self {
            Link::Tls { files, authority } => {
                tls::explain(e, files, authority).unwrap_or_else(|| describe(e))
            }
            Link::Plain if tls::plain_to_tls_engine(e) => tls::SPEAKS_TLS.to_string(),
            _ => describe(e),
        }
    }
}

async fn client_for(c: &HostCandidate, opts: &ConnectOptions) -> Result<(Docker, Link), String> {
    let uri = c.uri.as_str();
    if let Some(path) = uri.strip_prefix("unix://") {
        probe_socket(Path::new(path)).await?;
        let docker = Docker::connect_with_unix(uri, REQUEST_TIMEOUT_SECS, API_DEFAULT_VERSION)
            .map_err(|e| describe(&e))?;
        return Ok((docker, Link::Unix));
    }
    if let Some((scheme, rest)) = uri.split_once("://")
        && matches!(scheme, "tcp" | "http" | "https")
    {
        let tls = match (scheme, &c.tls) {
            ("http", Some(_)) => {
                return Err(format!(
                    "{uri} asks for plain HTTP but TLS files are given (DOCKER_TLS_VERIFY or a context): use tcp:// or https://"
                ));
            }
            ("https", None) => {
                return Err("https:// needs TLS files (set DOCKER_CERT_PATH to a folder with ca.pem, cert.pem and key.pem, or use a context)".into());
            }
            (_, tls) => tls.clone(),
        };
        let authority = tcp_authority(rest, tls.is_some())?;
        if let Some(files) = tls {
            tls::check_files(&files)?;
            let docker = Docker::connect_with_ssl(
                &authority,
                &files.key,
                &files.cert,
                &files.ca,
                REQUEST_TIMEOUT_SECS,
                API_DEFAULT_VERSION,
            )
            .map_err(|e| describe(&e))?;
            return Ok((docker, Link::Tls { files, authority }));
        }
        let docker = Docker::connect_with_http(
            &format!("tcp://{authority}"),
            REQUEST_TIMEOUT_SECS,
            API_DEFAULT_VERSION,
        )
        .map_err(|e| describe(&e))?;
        return Ok((docker, Link::Plain));
    }
    if uri.starts_with("ssh://") {
        let target = SshTarget::parse(uri)?;
        let docker = ssh::client(&target, &opts.ssh, REQUEST_TIMEOUT_SECS)?;
        return Ok((docker, Link::Ssh));
    }
    Err(format!(
        "unsupported address \"{uri}\" (use unix://, tcp://, https:// or ssh://)"
    ))
}

/// `host:port` of a TCP address (what follows `tcp://`), with Docker's default port when it
/// names none: 2376 with TLS, 2375 without.
fn tcp_authority(rest: &str, tls: bool) -> Result<String, String> {
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return Err("no host in the address".into());
    }
    if authority.contains('/') || authority.contains('?') || authority.contains('@') {
        return Err(format!(
            "an engine address names a host and a port only: \"{rest}\""
        ));
    }
    let has_port = match authority.strip_prefix('[') {
        Some(v6) => v6.contains("]:"),
        None => authority.contains(':'),
    };
    if has_port {
        let port = authority.rsplit(':').next().unwrap_or_default();
        if !matches!(port.parse::<u16>(), Ok(p) if p > 0) {
            return Err(format!("bad port \"{port}\" (1 to 65535)"));
        }
        return Ok(authority.to_string());
    }
    Ok(format!("{authority}:{}", if tls { 2376 } else { 2375 }))
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

/// What the header calls the engine: the platform's name when it is a product's ("Docker
/// Engine - Community"), else the engine component's ("Podman Engine"; Docker's own is just
/// "Engine"). Podman 4.3 puts `linux/amd64/debian-12` in the platform's name: not a product.
fn product_name(platform: Option<&str>, components: &[&str]) -> String {
    let platform = platform.filter(|n| !n.trim().is_empty() && !n.contains('/'));
    let component = components
        .iter()
        .find(|c| c.ends_with("Engine"))
        .or(components.first())
        .copied();
    match platform.or(component) {
        None | Some("Engine") => "Docker Engine".to_string(),
        Some(name) => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_is_named_as_each_engine_says_it() {
        assert_eq!(
            product_name(Some("Docker Engine - Community"), &["Engine", "containerd"]),
            "Docker Engine - Community"
        );
        // Debian's docker.io leaves the platform's name empty.
        assert_eq!(
            product_name(Some(""), &["Engine", "containerd"]),
            "Docker Engine"
        );
        // Podman 4.3 puts an OS and architecture there.
        assert_eq!(
            product_name(Some("linux/amd64/debian-12"), &["Conmon", "Podman Engine"]),
            "Podman Engine"
        );
        assert_eq!(product_name(None, &[]), "Docker Engine");
    }

    /// Real PEM shapes (their contents do not matter until a handshake).
    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n";

    #[test]
    fn tcp_addresses_get_docker_default_ports() {
        assert_eq!(tcp_authority("h", true).as_deref(), Ok("h:2376"));
        assert_eq!(tcp_authority("h", false).as_deref(), Ok("h:2375"));
        assert_eq!(tcp_authority("h:1234/", true).as_deref(), Ok("h:1234"));
        assert_eq!(tcp_authority("[::1]", true).as_deref(), Ok("[::1]:2376"));
        assert_eq!(tcp_authority("[::1]:9", true).as_deref(), Ok("[::1]:9"));
        assert!(tcp_authority("h:0", true).is_err());
        assert!(tcp_authority("h:x", true).is_err());
        assert!(tcp_authority("h:1/path", true).is_err());
        assert!(tcp_authority("", true).is_err());
    }

    #[tokio::test]
    async fn https_without_files_and_http_with_files_are_refused() {
        let c = HostCandidate {
            uri: "https://127.0.0.1:1".into(),
            source: "test".into(),
            tls: None,
        };
        let e = connect(&c).await.err().expect("refused");
        assert!(e.starts_with("https:// needs TLS files"), "{e}");
        let c = HostCandidate {
            uri: "http://127.0.0.1:1".into(),
            source: "test".into(),
            tls: Some(TlsFiles::in_dir(Path::new("/nonexistent"))),
        };
        let e = connect(&c).await.err().expect("refused");
        assert!(e.contains("asks for plain HTTP"), "{e}");
        let c = HostCandidate {
            uri: "tcp://127.0.0.1:1".into(),
            source: "test".into(),
            tls: Some(TlsFiles::in_dir(Path::new("/nonexistent/certs"))),
        };
        let e = connect(&c).await.err().expect("refused");
        assert_eq!(
            e,
            "the TLS CA certificate file /nonexistent/certs/ca.pem does not exist"
        );
    }

    /// A plain-HTTP server behind an https address: rustls reads its HTTP answer as a record.
    #[tokio::test]
    async fn an_https_address_of_a_plain_http_server_is_said_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::write(d.join("ca.pem"), CERT).expect("write");
        std::fs::write(d.join("cert.pem"), CERT).expect("write");
        std::fs::write(d.join("key.pem"), KEY).expect("write");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            // Two connections at most: version(), and nothing else.
            for _ in 0..2 {
                let Ok((mut s, _)) = listener.accept().await else {
                    return;
                };
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf).await;
                let _ = s
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                    .await;
            }
        });
        let c = HostCandidate {
            uri: format!("https://127.0.0.1:{port}"),
            source: "test".into(),
            tls: Some(TlsFiles::in_dir(d)),
        };
        let e = connect(&c).await.err().expect("no TLS there");
        server.abort();
        assert_eq!(
            e,
            format!(
                "the engine at 127.0.0.1:{port} does not speak TLS: use tcp:// without TLS files (unset DOCKER_TLS_VERIFY)"
            )
        );
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
